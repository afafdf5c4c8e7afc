#!/bin/sh
# run-suite.sh BUILD_DIR - the Claude Desktop bundle: scripts/mcpb.sh packs
# BUILD_DIR/bin/halopsa-mcp with the official mcpb CLI (validate, pack),
# then bundle.test.mjs unpacks it and starts the server from its manifest
# the way Claude Desktop does (the mcpb library's getMcpConfigForManifest
# expands ${__dirname} and ${user_config.*}), talking to it with the
# official TypeScript SDK client against BUILD_DIR/bin/halopsa-sim.
# Ends with "mcpb: N passed, N failed".
set -u
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
B=${1:-build/asan}
case "$B" in /*) ;; *) B="$ROOT/$B" ;; esac
TIMEOUT=${MCPB_TIMEOUT:-300}
SUITE=mcpb
. "$ROOT/tests/lib/suite.sh"

if sh "$ROOT/scripts/mcpb.sh" "$B/bin/halopsa-mcp" "$work/halopsa-mcp.mcpb" >"$work/pack.log" 2>&1; then
    ok "make mcpb: mcpb validate accepts the manifest and mcpb pack builds the bundle"
else
    not_ok "scripts/mcpb.sh (mcpb validate + pack) failed:"
    sed 's/^/#   /' "$work/pack.log"
    finish
fi

# The JavaScript tests (tests/lib/node-suite.sh), their count added to ours.
MCPB_BUNDLE="$work/halopsa-mcp.mcpb" MCPB_WORK="$work" NODE_SUITE_TIMEOUT="$TIMEOUT" \
    NODE_SUITE_TEST_TIMEOUT=$((TIMEOUT * 1000)) \
    sh "$ROOT/tests/lib/node-suite.sh" bundle "$ROOT/tests/mcpb" "$B" >"$work/node.log" 2>&1
cat "$work/node.log"
add_counts bundle "$work/node.log"
finish
