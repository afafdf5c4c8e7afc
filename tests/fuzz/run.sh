#!/bin/sh
# run.sh - runs the libFuzzer harnesses built by `make fuzz-build`
# (build/fuzz/fuzz/fuzz_*).
#   run.sh --brief BIN   one harness for FUZZ_SECONDS (default 20) from the
#                        committed seeds (tests/fuzz/corpus/NAME) and past
#                        crashes (tests/fuzz/crashes/NAME, each must pass);
#                        what it learns is thrown away. Ends with
#                        "fuzz_NAME: 1 passed, 0 failed" (make check, through
#                        tests/run.sh); a crash is a failure and its input
#                        is kept under build/fuzz/crashes/.
#   run.sh --long DIR    every harness in DIR (or those in FUZZ_TARGETS, e.g.
#                        "halo validate") one after the other for FUZZ_TIME
#                        seconds each (default 600) at nice 19, growing the
#                        corpus kept in build/fuzz/corpus/NAME; prints the
#                        executions per harness (make fuzz). FUZZ_RUNS=N
#                        also stops a harness after N executions;
#                        FUZZ_FLAGS adds libFuzzer flags (-max_len=1024).
# To reproduce a crash: build/fuzz/fuzz/fuzz_NAME build/fuzz/crashes/crash-...
set -u
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
F="$ROOT/tests/fuzz"
OUT="$ROOT/build/fuzz"

# The dictionary for a harness: JSON words, or HTTP words for the http ones.
dict_for() {
    case "$1" in
    http_*) echo "$F/http.dict" ;;
    *) echo "$F/json.dict" ;;
    esac
}

# Executions from libFuzzer's last "Done N runs" line in log $1.
execs() {
    sed -n 's/^Done \([0-9]*\) runs in \([0-9]*\) second.*/\1 \2/p' "$1" | tail -n 1
}

brief() {
    bin=$1
    name=$(basename "$bin" | sed 's/^fuzz_//')
    secs=${FUZZ_SECONDS:-20}
    work=$(mktemp -d) || exit 1
    trap 'rm -rf "$work"' EXIT
    mkdir -p "$OUT/crashes" "$work/new"
    dirs="$work/new $F/corpus/$name"
    [ -d "$F/crashes/$name" ] && dirs="$dirs $F/crashes/$name"
    # shellcheck disable=SC2086 # dirs is a list
    # Niced next to the other suites, an input may wait long for the CPU:
    # only a very slow one counts as a hang.
    "$bin" -max_total_time="$secs" -timeout=300 -dict="$(dict_for "$name")" \
        -artifact_prefix="$OUT/crashes/" -print_final_stats=1 $dirs >"$work/log" 2>&1
    rc=$?
    set -- $(execs "$work/log")
    if [ "$rc" -eq 0 ]; then
        echo "ok - fuzz_$name: ${1:-?} inputs in ${2:-?} s, no crash"
        echo "fuzz_$name: 1 passed, 0 failed"
        exit 0
    fi
    echo "not ok - fuzz_$name crashed (exit $rc); libFuzzer's report:"
    grep -E 'ERROR|WARNING|SUMMARY|runtime error|fuzz:|^ *#[0-9]+ |Test unit written|deadly' "$work/log" |
        head -n 60 | sed 's/^/#   /'
    echo "# reproduce with: $bin <the crash file named above>"
    echo "fuzz_$name: 0 passed, 1 failed"
    exit 1
}

long() {
    dir=$1
    secs=${FUZZ_TIME:-600}
    targets=${FUZZ_TARGETS:-$(ls "$dir"/fuzz_* 2>/dev/null | sed 's|.*/fuzz_||')}
    [ -n "$targets" ] || { echo "run.sh: no harness in $dir (make fuzz-build)" >&2; exit 1; }
    mkdir -p "$OUT/crashes" "$OUT/logs"
    status=0
    printf '%-12s %12s %8s %10s  %s\n' harness executions seconds exec/s result
    for name in $targets; do
        bin="$dir/fuzz_$name"
        [ -x "$bin" ] || { echo "run.sh: $bin is missing" >&2; status=1; continue; }
        mkdir -p "$OUT/corpus/$name" "$OUT/logs" "$OUT/crashes"
        dirs="$OUT/corpus/$name $F/corpus/$name"
        [ -d "$F/crashes/$name" ] && dirs="$dirs $F/crashes/$name"
        log="$OUT/logs/$name.log"
        # shellcheck disable=SC2086
        # A process at nice 19 on a busy machine can wait a minute for the
        # CPU: only a very long input counts as a hang here.
        nice -n 19 "$bin" -max_total_time="$secs" ${FUZZ_RUNS:+-runs=$FUZZ_RUNS} ${FUZZ_FLAGS:-} -timeout=600 -dict="$(dict_for "$name")" \
            -artifact_prefix="$OUT/crashes/" -print_final_stats=1 $dirs >"$log" 2>&1
        rc=$?
        set -- $(execs "$log")
        n=${1:-0} s=${2:-0}
        rate=$([ "$s" -gt 0 ] && echo $((n / s)) || echo -)
        result="no crash"
        if [ "$rc" -ne 0 ]; then
            result="CRASH (exit $rc): $(grep -m1 -o 'Test unit written to .*' "$log")"
            status=1
        fi
        printf '%-12s %12s %8s %10s  %s\n' "$name" "$n" "$s" "$rate" "$result"
    done
    echo "# logs in $OUT/logs, grown corpora in $OUT/corpus"
    exit $status
}

case "${1:-}" in
--brief) brief "$2" ;;
--long) long "$2" ;;
*)
    sed -n '2,21s/^# \{0,1\}//p' "$0"
    exit 2
    ;;
esac
