#!/bin/sh
# run.sh BUILD_DIR - runs every test suite and prints the total as the last
# line: "N passed, N failed". C suites are build/<variant>/tests/*/test_*;
# script suites are tests/*/run-suite.sh (interop, conformance), each
# ending with its own "name: N passed, N failed" line. A suite that exits
# non-zero without reporting a failure (a crash, a sanitizer report) counts
# as one failure.
set -u
B=${1:-build/asan}
ROOT=$(pwd)
export HALOPSA_BIN_DIR="$ROOT/$B/bin"
export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=0:halt_on_error=1}"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}"
total_pass=0
total_fail=0
log=$(mktemp)
run_suite() {
    name=$1
    shift
    echo "# suite $name"
    "$@" >"$log" 2>&1
    rc=$?
    cat "$log"
    line=$(grep -E '^([A-Za-z0-9_.-]+: )?[0-9]+ passed, [0-9]+ failed' "$log" | tail -n 1)
    p=$(echo "$line" | sed -E 's/^([A-Za-z0-9_.-]+: )?([0-9]+) passed, ([0-9]+) failed.*/\2/')
    f=$(echo "$line" | sed -E 's/^([A-Za-z0-9_.-]+: )?([0-9]+) passed, ([0-9]+) failed.*/\3/')
    [ -n "$line" ] || { p=0; f=0; }
    if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then
        echo "# suite $name exited $rc without reporting a failure: counted as one"
        f=1
    fi
    total_pass=$((total_pass + p))
    total_fail=$((total_fail + f))
}
for t in $(find "$B/tests" -type f -name 'test_*' -perm -u+x 2>/dev/null | sort); do
    run_suite "$(basename "$(dirname "$t")")/$(basename "$t")" "$t"
done
for s in $(ls tests/*/run-suite.sh 2>/dev/null | sort); do
    run_suite "$s" sh "$s" "$B"
done
rm -f "$log"
echo "$total_pass passed, $total_fail failed"
[ "$total_fail" -eq 0 ] && [ "$total_pass" -gt 0 ]
