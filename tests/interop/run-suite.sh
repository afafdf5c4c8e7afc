#!/bin/sh
# run-suite.sh BUILD_DIR - interop tests: the official TypeScript SDK client
# (tests/interop/*.test.mjs under node's test runner) against
# BUILD_DIR/bin/mcp-fixture and BUILD_DIR/bin/halopsa-mcp --demo over stdio and
# Streamable HTTP: the v1 SDK (1.32.2) in the 2025-11-25 era and the v2 client
# (@modelcontextprotocol/client 2.x) in 2026-07-28 (modern.test.mjs).
# Ends with "interop: N passed, N failed"; exits non-zero on any failure.
set -u
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
B=${1:-build/asan}
case "$B" in /*) ;; *) B="$ROOT/$B" ;; esac
TIMEOUT=${INTEROP_TIMEOUT:-300}

tap=""
trap 'rm -f "$tap"' EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

if ! NODE22=$(sh "$ROOT/scripts/node-deps.sh" --print-node22); then
    echo "FAIL setup: scripts/node-deps.sh could not install the npm test tools"
    echo "interop: 0 passed, 1 failed"
    exit 1
fi
tap=$(mktemp) || exit 1

# Readable results on stdout, TAP in a file for the count. Each test file runs
# in its own process; every test starts and closes its own server.
cd "$ROOT/tests/interop" || exit 1
INTEROP_BIN_DIR="$B/bin" timeout -k 5 "$TIMEOUT" "$NODE22" --test \
    --test-timeout=60000 \
    --test-reporter=spec --test-reporter-destination=stdout \
    --test-reporter=tap --test-reporter-destination="$tap" \
    ./*.test.mjs 2>&1
rc=$?
pass=$(sed -n 's/^# pass \([0-9][0-9]*\)$/\1/p' "$tap" | tail -n 1)
fail=$(sed -n 's/^# fail \([0-9][0-9]*\)$/\1/p' "$tap" | tail -n 1)
pass=${pass:-0}
fail=${fail:-0}
if [ "$rc" -ne 0 ] && [ "$fail" -eq 0 ]; then
    [ "$rc" -eq 124 ] && echo "FAIL interop: timed out after $TIMEOUT s"
    echo "# node --test exited $rc without reporting a failing test: counted as one"
    fail=1
fi
echo "interop: $pass passed, $fail failed"
[ "$fail" -eq 0 ] && [ "$pass" -gt 0 ]
