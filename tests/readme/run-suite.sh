#!/bin/sh
# run-suite.sh - the README's first command on a clean clone: clones the
# committed tree, runs `make demo` there exactly as a new user would, and
# checks what it prints. Ends with "readme: N passed, N failed".
set -u
ROOT=$(pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
pass=0
fail=0
check() {
    if grep -q -- "$2" "$tmp/out"; then
        echo "ok - $1"
        pass=$((pass + 1))
    else
        echo "not ok - $1: output lacks '$2'"
        fail=$((fail + 1))
    fi
}
# The README's first command, as it stands there.
cmd=$(sed -n 's/^\(make [a-z]*\) *#.*/\1/p' README.md | head -n 1)
if [ "$cmd" != "make demo" ]; then
    echo "not ok - README's first command is 'make demo' (found '$cmd')"
    fail=$((fail + 1))
fi
if git clone -q "$ROOT" "$tmp/repo" 2>"$tmp/out"; then
    # A new user's shell: none of the make variables of a make check above us;
    # the demo tenant `call --demo` keeps goes to the scratch directory.
    (cd "$tmp/repo" && env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL XDG_STATE_HOME="$tmp/state" make demo) >"$tmp/out" 2>&1
    rc=$?
    if [ "$rc" -eq 0 ]; then
        echo "ok - make demo on a clean clone exits 0"
        pass=$((pass + 1))
    else
        echo "not ok - make demo on a clean clone exited $rc"
        tail -n 30 "$tmp/out" | sed 's/^/# /'
        fail=$((fail + 1))
    fi
    check "lists open tickets" "tickets (page 1"
    check "shows one ticket in detail" "==> Ticket [0-9]* in detail"
    check "marks end-user text as untrusted" "<<<UNTRUSTED-"
    check "shows how to connect Claude Desktop" '"mcpServers"'
    check "shows the claude mcp add line" "claude mcp add halopsa"
else
    echo "not ok - git clone of the repository"
    fail=$((fail + 1))
fi
echo "readme: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
