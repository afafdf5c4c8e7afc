#!/bin/sh
# node-suite.sh NAME DIR BUILD_DIR - runs DIR/*.test.mjs under node's test
# runner (the Node 22 of tests/package.json) with NODE_SUITE_BIN_DIR set to
# BUILD_DIR/bin; readable results on stdout, then "NAME: N passed, N failed".
# Exits non-zero on any failure. Shared by the script suites that drive our
# binaries from JavaScript (tests/auth/, tests/interop/, tests/view/,
# tests/mcpb/, tests/container/).
# NODE_SUITE_TEST_TIMEOUT (ms, default 60000) bounds each test file; the
# container suite needs more on a loaded machine.
set -u
NAME=$1
DIR=$2
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
B=${3:-build/asan}
case "$B" in /*) ;; *) B="$ROOT/$B" ;; esac
TIMEOUT=${NODE_SUITE_TIMEOUT:-300}

tap=""
trap 'rm -f "$tap"' EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

if ! NODE22=$(sh "$ROOT/scripts/node-deps.sh" --print-node22); then
    echo "FAIL setup: scripts/node-deps.sh could not install the npm test tools"
    echo "$NAME: 0 passed, 1 failed"
    exit 1
fi
tap=$(mktemp) || exit 1

# Each test file runs in its own process.
cd "$DIR" || exit 1
NODE_SUITE_BIN_DIR="$B/bin" timeout -k 5 "$TIMEOUT" "$NODE22" --test \
    --test-timeout="${NODE_SUITE_TEST_TIMEOUT:-60000}" \
    --test-reporter=spec --test-reporter-destination=stdout \
    --test-reporter=tap --test-reporter-destination="$tap" \
    ./*.test.mjs 2>&1
rc=$?
pass=$(sed -n 's/^# pass \([0-9][0-9]*\)$/\1/p' "$tap" | tail -n 1)
fail=$(sed -n 's/^# fail \([0-9][0-9]*\)$/\1/p' "$tap" | tail -n 1)
pass=${pass:-0}
fail=${fail:-0}
if [ "$rc" -ne 0 ] && [ "$fail" -eq 0 ]; then
    [ "$rc" -eq 124 ] && echo "FAIL $NAME: timed out after $TIMEOUT s"
    echo "# node --test exited $rc without reporting a failing test: counted as one"
    fail=1
fi
echo "$NAME: $pass passed, $fail failed"
[ "$fail" -eq 0 ] && [ "$pass" -gt 0 ]
