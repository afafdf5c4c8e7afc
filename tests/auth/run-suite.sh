#!/bin/sh
# run-suite.sh BUILD_DIR - authentication tests: BUILD_DIR/bin/halopsa-mcp
# serving --http --auth oauth against a real authorization server
# (oidc-provider from tests/package.json) and the official TypeScript SDK
# client, under node's test runner (tests/auth/*.test.mjs).
# Ends with "auth: N passed, N failed"; exits non-zero on any failure.
set -u
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
B=${1:-build/asan}
case "$B" in /*) ;; *) B="$ROOT/$B" ;; esac
TIMEOUT=${AUTH_TIMEOUT:-300}

tap=""
trap 'rm -f "$tap"' EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

if ! NODE22=$(sh "$ROOT/scripts/node-deps.sh" --print-node22); then
    echo "FAIL setup: scripts/node-deps.sh could not install the npm test tools"
    echo "auth: 0 passed, 1 failed"
    exit 1
fi
tap=$(mktemp) || exit 1

cd "$ROOT/tests/auth" || exit 1
AUTH_BIN_DIR="$B/bin" timeout -k 5 "$TIMEOUT" "$NODE22" --test \
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
    [ "$rc" -eq 124 ] && echo "FAIL auth: timed out after $TIMEOUT s"
    echo "# node --test exited $rc without reporting a failing test: counted as one"
    fail=1
fi
echo "auth: $pass passed, $fail failed"
[ "$fail" -eq 0 ] && [ "$pass" -gt 0 ]
