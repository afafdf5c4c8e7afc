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
NM="$ROOT/tests/node_modules"
CLI="$NM/@modelcontextprotocol/conformance/dist/index.js"
SCENARIO_TIMEOUT=${CONFORMANCE_SCENARIO_TIMEOUT:-60}

work=""
fixture_pid=""
pass=0
fail=0

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
    if [ -n "$work" ]; then
        if [ "${CONFORMANCE_KEEP:-0}" = 1 ]; then
            echo "# results kept in $work"
        else
            rm -rf "$work"
        fi
    fi
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

finish() {
    echo "conformance-http: $pass passed, $fail failed"
    [ "$fail" -eq 0 ] && [ "$pass" -gt 0 ]
    exit $?
}

if ! NODE22=$(sh "$ROOT/scripts/node-deps.sh" --print-node22); then
    echo "FAIL setup: scripts/node-deps.sh could not install the npm test tools"
    fail=1
    finish
fi
work=$(mktemp -d "${TMPDIR:-/tmp}/conformance-http.XXXXXX") || { fail=1; finish; }

scenarios=${CONFORMANCE_SCENARIOS:-$("$NODE22" "$CLI" list --server | sed -n 's/^  - \([a-z0-9-]*\).*/\1/p')}
[ -n "$scenarios" ] || { echo "FAIL setup: conformance list --server printed no scenario"; fail=1; finish; }

if [ ! -x "$FIXTURE" ]; then
    echo "# $FIXTURE does not exist (tests/conformance/*.c not built): no scenario can run"
    for s in $scenarios; do
        echo "FAIL $s: not run, mcp-fixture missing"
        fail=$((fail + 1))
    done
    finish
fi

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
echo "# conformance $(sed -n 's/.*"version": "\(.*\)".*/\1/p' "$NM/@modelcontextprotocol/conformance/package.json" | head -n 1) against $FIXTURE over its own Streamable HTTP at $url"

# One CLI run per scenario bounds each one by a timeout and keeps one
# scenario's hang from taking the others with it.
summarize='
const fs = require("fs");
const checks = JSON.parse(fs.readFileSync(process.argv[1], "utf8"));
const n = (s) => checks.filter((c) => c.status === s).length;
const f = checks.filter((c) => c.status === "FAILURE").map((c) => `${c.name}: ${(c.errorMessage || "").replace(/\s+/g, " ").slice(0, 300)}`);
const w = checks.filter((c) => c.status === "WARNING").map((c) => c.name);
console.log([checks.length, n("FAILURE"), n("WARNING"), f.join(" | "), w.join(", ")].join("\t"));
'
for s in $scenarios; do
    out="$work/$s"
    mkdir -p "$out"
    timeout -k 5 "$SCENARIO_TIMEOUT" "$NODE22" "$CLI" server --url "$url" --scenario "$s" \
        -o "$out" >"$out/cli.log" 2>&1
    rc=$?
    checks=$(find "$out" -name checks.json | head -n 1)
    if [ -z "$checks" ]; then
        why="no result (CLI exit $rc)"
        [ "$rc" -eq 124 ] || [ "$rc" -eq 137 ] && why="timed out after ${SCENARIO_TIMEOUT} s"
        echo "FAIL $s: $why"
        sed -n '1,20s/^/#   /p' "$out/cli.log"
        fail=$((fail + 1))
        continue
    fi
    line=$("$NODE22" -e "$summarize" "$checks")
    total=$(echo "$line" | cut -f1)
    bad=$(echo "$line" | cut -f2)
    warn=$(echo "$line" | cut -f3)
    msg=$(echo "$line" | cut -f4)
    wnames=$(echo "$line" | cut -f5)
    note=""
    [ "$warn" -gt 0 ] && note=" ($warn warning(s): $wnames)"
    # Like the CLI's own summary, only FAILURE fails a scenario; a WARNING
    # (a SHOULD we do not meet) is shown on the scenario's line.
    if [ "$bad" -eq 0 ] && [ "$total" -gt 0 ]; then
        echo "ok   $s$note"
        pass=$((pass + 1))
    else
        [ -n "$msg" ] || msg="no check recorded"
        echo "FAIL $s: $msg$note"
        fail=$((fail + 1))
    fi
done

# The fixture must shut down cleanly on SIGTERM, without a sanitizer report.
fixture_rc=0
stop_fixture
if grep -q -E 'AddressSanitizer|LeakSanitizer|runtime error:' "$work/fixture.log"; then
    echo "FAIL sanitizer: mcp-fixture printed a sanitizer report:"
    grep -E 'Sanitizer|runtime error:|^ *#[0-9]+ ' "$work/fixture.log" | head -n 40 | sed 's/^/#   /'
    fail=$((fail + 1))
elif [ "$fixture_rc" -ne 0 ]; then
    echo "FAIL shutdown: mcp-fixture exited $fixture_rc after SIGTERM; its log:"
    tail -n 20 "$work/fixture.log" | sed 's/^/#   /'
    fail=$((fail + 1))
fi
finish
