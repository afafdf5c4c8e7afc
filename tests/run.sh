#!/bin/sh
# run.sh BUILD_DIR - runs every test suite, several at once, and prints the
# total as the last line: "N passed, N failed".
#   C suites      BUILD_DIR/tests/*/test_*
#   script suites tests/*/run-suite.sh BUILD_DIR, each ending with its own
#                 "name: N passed, N failed" line
#   fuzz suites   $FUZZ_DIR/fuzz_* (when FUZZ_DIR is set): each harness for
#                 FUZZ_SECONDS (default 20) at low priority, so it uses the
#                 CPU the other suites leave idle (tests/fuzz/run.sh --brief)
# The suites use ephemeral ports and their own temporary files, so they run
# side by side: TEST_JOBS at once (default twice the cores), the longest
# first (durations of the last run are kept in BUILD_DIR/.suite-times),
# with the fuzz harnesses alongside.
# Each suite's output is printed in one piece when it ends. A suite that
# exits non-zero without reporting a failure (a crash, a sanitizer report)
# counts as one failure. RUN_SUITES=c,scripts,fuzz picks kinds (default all).
set -u

# ---- one suite (run by the xargs workers below) ----
if [ "${1:-}" = "--one" ]; then
    name=$2 kind=$3 path=$4
    out="$RUN_TMP/$(echo "$name" | tr '/' '_').out"
    start=$(date +%s)
    case "$kind" in
    c) "$path" ;;
    script) sh "$path" "$RUN_B" ;;
    fuzz) nice -n 10 sh tests/fuzz/run.sh --brief "$path" ;;
    esac >"$out" 2>&1 </dev/null
    rc=$?
    secs=$(($(date +%s) - start))
    line=$(grep -E '^([A-Za-z0-9_.-]+: )?[0-9]+ passed, [0-9]+ failed' "$out" | tail -n 1)
    p=$(echo "$line" | sed -E 's/^([A-Za-z0-9_.-]+: )?([0-9]+) passed, ([0-9]+) failed.*/\2/')
    f=$(echo "$line" | sed -E 's/^([A-Za-z0-9_.-]+: )?([0-9]+) passed, ([0-9]+) failed.*/\3/')
    [ -n "$line" ] || { p=0; f=0; }
    note=""
    if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then
        note="# suite $name exited $rc without reporting a failure: counted as one"
        f=1
    fi
    # One writer at a time, so suites' outputs never interleave.
    {
        flock 9
        echo "# suite $name (${secs}s)"
        cat "$out"
        [ -z "$note" ] || echo "$note"
        echo "$name $p $f $secs" >>"$RUN_TMP/results"
    } 9>>"$RUN_TMP/lock"
    rm -f "$out"
    exit 0
fi

B=${1:-build/asan}
ROOT=$(pwd)
export HALOPSA_BIN_DIR="$ROOT/$B/bin"
export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=0:halt_on_error=1}"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}"
export TSAN_OPTIONS="${TSAN_OPTIONS:-second_deadlock_stack=1 suppressions=$ROOT/tests/tsan.supp}"
kinds=",${RUN_SUITES:-c,scripts,fuzz},"
jobs=${TEST_JOBS:-$(($(nproc 2>/dev/null || echo 2) * 2))}
RUN_TMP=$(mktemp -d) || exit 1
export RUN_TMP RUN_B="$B"
trap 'rm -rf "$RUN_TMP"' EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
times="$B/.suite-times"

# "estimate name kind path" per suite; a suite not seen before counts as
# long, a script suite (they start servers and Node) as longest, so on a
# clean clone the conformance suites do not start last.
{
    case "$kinds" in *,c,*)
        for t in $(find "$B/tests" -type f -name 'test_*' -perm -u+x 2>/dev/null | sort); do
            echo "$(basename "$(dirname "$t")")/$(basename "$t") c $t"
        done ;;
    esac
    case "$kinds" in *,scripts,*)
        for s in $(ls tests/*/run-suite.sh 2>/dev/null | sort); do
            echo "$s script $s"
        done ;;
    esac
    case "$kinds" in *,fuzz,*)
        if [ -n "${FUZZ_DIR:-}" ]; then
            for h in $(ls "$FUZZ_DIR"/fuzz_* 2>/dev/null | sort); do
                echo "fuzz/$(basename "$h") fuzz $h"
            done
        fi ;;
    esac
} | while read -r name kind path; do
    unknown=1000
    [ "$kind" = script ] && unknown=9999
    est=$(awk -v n="$name" -v u=$unknown '$1 == n { t = $2 } END { print (t == "" ? u : t) }' "$times" 2>/dev/null)
    echo "${est:-$unknown} $name $kind $path"
done | sort -k1,1nr -k2,2 | cut -d' ' -f2- >"$RUN_TMP/suites"

if [ ! -s "$RUN_TMP/suites" ]; then
    echo "run.sh: no suites found under $B (build them with make test-build)"
    echo "0 passed, 0 failed"
    exit 1
fi
: >"$RUN_TMP/results"
# The fuzz harnesses run for a fixed time at low priority, all at once and
# outside the pool: they fill the CPU the other suites leave idle.
grep ' fuzz ' "$RUN_TMP/suites" >"$RUN_TMP/fuzz"
grep -v ' fuzz ' "$RUN_TMP/suites" >"$RUN_TMP/main"
fuzz_pid=""
if [ -s "$RUN_TMP/fuzz" ]; then
    xargs -P 64 -L 1 sh "$0" --one <"$RUN_TMP/fuzz" &
    fuzz_pid=$!
fi
xargs -P "$jobs" -L 1 sh "$0" --one <"$RUN_TMP/main"
[ -z "$fuzz_pid" ] || wait "$fuzz_pid"

# A suite that did not report at all (its worker was killed) is a failure.
total_pass=0
total_fail=0
while read -r name kind path; do
    r=$(awk -v n="$name" '$1 == n { print $2, $3 }' "$RUN_TMP/results")
    if [ -z "$r" ]; then
        echo "# suite $name did not finish: counted as one failure"
        total_fail=$((total_fail + 1))
        continue
    fi
    total_pass=$((total_pass + ${r% *}))
    total_fail=$((total_fail + ${r#* }))
done <"$RUN_TMP/suites"
awk '{ print $1, $4 }' "$RUN_TMP/results" >"$times" 2>/dev/null || true
echo "$total_pass passed, $total_fail failed"
[ "$total_fail" -eq 0 ] && [ "$total_pass" -gt 0 ]
