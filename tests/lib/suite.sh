# suite.sh - sourced by script suites that count their own checks: a work
# directory removed on exit, ok/not_ok lines, the counts of a sub-run added
# in, and the closing "NAME: N passed, N failed" line. Set SUITE first.
work=$(mktemp -d) || exit 1
trap 'rm -rf "$work"' EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
pass=0
fail=0

ok() {
    echo "ok - $1"
    pass=$((pass + 1))
}

not_ok() {
    echo "not ok - $1"
    fail=$((fail + 1))
}

# Adds the counts of the last "NAME: N passed, N failed" line in file $2
# (a missing line is one failure).
add_counts() {
    line=$(grep -E "^$1: [0-9]+ passed, [0-9]+ failed" "$2" | tail -n 1)
    p=$(echo "$line" | sed -n 's/^[^:]*: \([0-9]*\) passed.*/\1/p')
    f=$(echo "$line" | sed -n 's/.* passed, \([0-9]*\) failed.*/\1/p')
    pass=$((pass + ${p:-0}))
    fail=$((fail + ${f:-1}))
}

# Prints the total and exits: 0 only when something passed and nothing failed.
finish() {
    echo "$SUITE: $pass passed, $fail failed"
    [ "$fail" -eq 0 ] && [ "$pass" -gt 0 ]
    exit $?
}
