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
# The interop tests read INTEROP_BIN_DIR; the shared runner does the rest.
export INTEROP_BIN_DIR="$B/bin"
export NODE_SUITE_TIMEOUT="${INTEROP_TIMEOUT:-300}"
exec sh "$ROOT/tests/lib/node-suite.sh" interop "$ROOT/tests/interop" "$B"
