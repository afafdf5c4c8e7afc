#!/bin/sh
# run-suite.sh BUILD_DIR - runs the official MCP conformance suite
# (@modelcontextprotocol/conformance, every server scenario) against
# BUILD_DIR/bin/mcp-fixture serving our own Streamable HTTP transport
# (mcp-fixture --http 0; no bridge), with no expected failures.
# Prints one line per scenario and ends with
# "conformance-http: N passed, N failed" (scenarios; a sanitizer report from
# the fixture, or a fixture that does not exit cleanly on SIGTERM, adds one
# failure). Exits non-zero when anything failed. CONFORMANCE_KEEP=1 keeps
# the results directory; CONFORMANCE_SCENARIOS="a b" runs only those.
set -u
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
B=${1:-build/asan}
case "$B" in /*) ;; *) B="$ROOT/$B" ;; esac
FIXTURE="$B/bin/mcp-fixture"
BASELINE="" # no expected failures: dns-rebinding-protection must pass here
LABEL=conformance-http
. "$ROOT/tests/conformance/common.sh"
fixture_pid=""

stop_fixture() {
    [ -n "$fixture_pid" ] || return 0
    kill -TERM "$fixture_pid" 2>/dev/null
    i=0
    while kill -0 "$fixture_pid" 2>/dev/null && [ $i -lt 100 ]; do
        sleep 0.1
        i=$((i + 1))
    done
    if kill -0 "$fixture_pid" 2>/dev/null; then
        echo "FAIL shutdown: mcp-fixture did not exit within 10 s of SIGTERM"
        fail=$((fail + 1))
        kill -KILL "$fixture_pid" 2>/dev/null
    fi
    wait "$fixture_pid" 2>/dev/null
    fixture_rc=$?
    fixture_pid=""
}
cleanup() {
    stop_fixture
    remove_work
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

conformance_setup

# Port 0: the kernel picks a free port and the fixture prints its URL.
"$FIXTURE" --http 0 >"$work/fixture.out" 2>"$work/fixture.log" </dev/null &
fixture_pid=$!
url=""
i=0
while [ -z "$url" ] && [ $i -lt 200 ]; do
    kill -0 "$fixture_pid" 2>/dev/null || break
    url=$(sed -n 's/^mcp: serving Streamable HTTP on \(http:[^ ]*\)$/\1/p' "$work/fixture.log" | head -n 1)
    [ -n "$url" ] || sleep 0.1
    i=$((i + 1))
done
if [ -z "$url" ]; then
    echo "FAIL setup: mcp-fixture --http 0 did not start listening within 20 s; its log:"
    sed 's/^/#   /' "$work/fixture.log"
    fixture_pid=""
    fail=1
    finish
fi
conformance_run "$url"

# The fixture must shut down cleanly on SIGTERM, without a sanitizer report.
fixture_rc=0
stop_fixture
if check_sanitizer "$work/fixture.log" && [ "$fixture_rc" -ne 0 ]; then
    echo "FAIL shutdown: mcp-fixture exited $fixture_rc after SIGTERM; its log:"
    tail -n 20 "$work/fixture.log" | sed 's/^/#   /'
    fail=$((fail + 1))
fi
finish
