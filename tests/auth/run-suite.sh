#!/bin/sh
# run-suite.sh BUILD_DIR - authentication tests: BUILD_DIR/bin/halopsa-mcp
# serving --http --auth oauth against a real authorization server
# (oidc-provider from tests/package.json) and the official TypeScript SDK
# client (tests/auth/*.test.mjs). Ends with "auth: N passed, N failed".
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
exec sh "$ROOT/tests/lib/node-suite.sh" auth "$ROOT/tests/auth" "${1:-build/asan}"
