#!/bin/sh
# run-suite.sh BUILD_DIR - runs the official MCP conformance suites against
# one BUILD_DIR/bin/mcp-fixture process serving our own Streamable HTTP
# transport (mcp-fixture --http 0; no bridge): both eras on one endpoint.
#   2025-11-25: @modelcontextprotocol/conformance 0.1.16, every server
#     scenario, one CLI run each, no expected failures.
#   2026-07-28: @modelcontextprotocol/conformance 0.2.0-alpha.12 as
#     `server --suite all --spec-version 2026-07-28` (one run, judged per
#     scenario), then its extension scenarios (tasks, skills) one by one
#     with --force; expected failures in expected-failures-2026.yml.
# Prints one line per scenario and ends with
# "conformance-http: N passed, N failed" (scenarios; a sanitizer report from
# the fixture, or a fixture that does not exit cleanly on SIGTERM, adds one
# failure). Exits non-zero when anything failed. CONFORMANCE_KEEP=1 keeps
# the results directory; CONFORMANCE_SCENARIOS="a b" runs only those 2025
# scenarios and CONFORMANCE_2026=0 skips the 2026 suite.
set -u
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
B=${1:-build/asan}
case "$B" in /*) ;; *) B="$ROOT/$B" ;; esac
FIXTURE="$B/bin/mcp-fixture"
BASELINE="" # no expected failures: dns-rebinding-protection must pass here
BASELINE_2026="$ROOT/tests/conformance-http/expected-failures-2026.yml"
LABEL=conformance-http
SUITE_TIMEOUT=${CONFORMANCE_SUITE_TIMEOUT:-900}
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
TAG="[2025] "
conformance_run "$url"

if [ "${CONFORMANCE_2026:-1}" = 1 ]; then
    TAG="[2026] "
    BASELINE=$BASELINE_2026
    expected=$(sed -n 's/^ *- *\([a-z0-9-]*\).*/\1/p' "$BASELINE")
    CLI=$CLI_2026
    echo "# conformance $(sed -n 's/.*"version": "\(.*\)".*/\1/p' "$NM/mcp-conformance-2026/package.json" | head -n 1) --suite all --spec-version 2026-07-28 against the same process"
    out="$work/all-2026"
    mkdir -p "$out"
    timeout -k 5 "$SUITE_TIMEOUT" "$NODE22" "$CLI" server --url "$url" --suite all --spec-version 2026-07-28 \
        --expected-failures "$BASELINE" -o "$out" >"$out/cli.log" 2>&1
    rc=$?
    # the scenarios the suite selected are the ones its summary names
    selected=$(sed -n 's/^[^ ]* \([a-z0-9-]*\): [0-9]* passed, [0-9]* failed.*/\1/p' "$out/cli.log")
    if [ -z "$selected" ]; then
        echo "FAIL [2026] suite: no scenario ran (CLI exit $rc); its log:"
        sed -n '1,30s/^/#   /p' "$out/cli.log"
        fail=$((fail + 1))
    fi
    for s in $selected; do
        judge "$s" "$(ls -d "$out/server-$s-"*/checks.json 2>/dev/null | head -n 1)" "no result (CLI exit $rc)"
    done
    # Extension scenarios are outside the spec timeline: run each with
    # --force. tasks-status-notifications checks an optional feature and
    # records no check when it is absent.
    scenarios=$("$NODE22" "$CLI" list --server | sed -n 's/^  - \([a-z0-9-]*\) \[extension\].*/\1/p')
    EMPTY_OK=empty-ok
    conformance_run "$url" --spec-version 2026-07-28 --force
    EMPTY_OK=""
fi

# The fixture must shut down cleanly on SIGTERM, without a sanitizer report.
fixture_rc=0
stop_fixture
if check_sanitizer "$work/fixture.log" && [ "$fixture_rc" -ne 0 ]; then
    echo "FAIL shutdown: mcp-fixture exited $fixture_rc after SIGTERM; its log:"
    tail -n 20 "$work/fixture.log" | sed 's/^/#   /'
    fail=$((fail + 1))
fi
finish
