#!/bin/sh
# run-suite.sh - tests of tests/run.sh itself, on made-up suites in a
# scratch tree: the total on the last line, a crash without a count as one
# failure, each suite's output in one piece, and suites really running at
# the same time (two suites that each wait for the other can only finish
# side by side). Ends with "runner: N passed, N failed".
set -u
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
pass=0
fail=0
check() { # name, then a command that must succeed
    name=$1
    shift
    if "$@"; then
        echo "ok - $name"
        pass=$((pass + 1))
    else
        echo "not ok - $name"
        fail=$((fail + 1))
    fi
}
suite() { # path, body: an executable shell script
    mkdir -p "$(dirname "$1")"
    printf '#!/bin/sh\n%s\n' "$2" >"$1"
    chmod +x "$1"
}

# C-style suites under B/tests/AREA/test_*, a script suite under tests/*/.
cd "$tmp" || exit 1
B=build/x
suite $B/tests/a/test_pass 'echo "ok 1"; echo "ok 2"; echo "a: 2 passed, 0 failed"'
suite $B/tests/a/test_fail 'echo "not ok 1"; echo "a_fail: 1 passed, 1 failed"; exit 1'
suite $B/tests/b/test_crash 'echo "ok 1"; echo "about to crash"; exit 134'
# Two suites that each wait for the other (up to 60 s): serially they fail.
suite $B/tests/b/test_ping 'touch "$0.up"; i=0; while [ ! -e "${0%ping}pong.up" ] && [ $i -lt 600 ]; do sleep 0.1; i=$((i + 1)); done
    [ -e "${0%ping}pong.up" ] && echo "ping: 1 passed, 0 failed" || echo "ping: 0 passed, 1 failed"'
suite $B/tests/b/test_pong 'touch "$0.up"; i=0; while [ ! -e "${0%pong}ping.up" ] && [ $i -lt 600 ]; do sleep 0.1; i=$((i + 1)); done
    [ -e "${0%pong}ping.up" ] && echo "pong: 1 passed, 0 failed" || echo "pong: 0 passed, 1 failed"'
# Output in pieces with pauses: another suite finishing meanwhile must not
# land between them.
suite tests/s/run-suite.sh 'echo "s line 1"; sleep 1; echo "s line 2"; sleep 1; echo "s: 3 passed, 0 failed"'

TEST_JOBS=6 sh "$ROOT/tests/run.sh" $B >out 2>&1
rc=$?
sed 's/^/#   /' out
check "the last line is the total (2+1+1+1+3 passed; 1 + the crash failed)" \
    [ "$(tail -n 1 out)" = "8 passed, 2 failed" ]
check "the exit status says a suite failed" [ "$rc" -ne 0 ]
check "a suite that exits non-zero without a count is one failure" \
    grep -q "^# suite b/test_crash exited 134 without reporting a failure: counted as one" out
check "two suites that wait for each other both pass (they ran side by side)" \
    grep -q "^ping: 1 passed, 0 failed" out
check "a suite's output stays in one piece" \
    sh -c 'grep -A3 "^# suite tests/s/run-suite.sh" out | sed -n "2,4p" | tr "\n" "|" | grep -q "^s line 1|s line 2|s: 3 passed, 0 failed|$"'

# Without the failing suites: success, and the durations are kept.
rm "$B/tests/a/test_fail" "$B/tests/b/test_crash"
TEST_JOBS=6 sh "$ROOT/tests/run.sh" $B >out2 2>&1
rc=$?
check "all passing: exit 0 and the total" sh -c "[ $rc -eq 0 ] && [ \"\$(tail -n 1 out2)\" = '7 passed, 0 failed' ]"
check "suite durations are kept for the next run's order" grep -q "^tests/s/run-suite.sh [0-9]" $B/.suite-times

echo "runner: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
