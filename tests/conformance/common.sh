# common.sh - the part of the conformance runners that does not depend on
# how the fixture is reached (sourced by tests/conformance/run-suite.sh,
# through supergateway, and tests/conformance-http/run-suite.sh, direct):
# installing the CLI, listing the scenarios, running each one under a
# timeout and counting. The caller sets LABEL, ROOT, FIXTURE and BASELINE
# (a YAML list of expected failures, or empty for none) before sourcing.
# Two suites are installed: 0.1.16 (2025-11-25, CLI) and 0.2.0-alpha.12
# (2026-07-28, CLI_2026, under the npm alias mcp-conformance-2026).
NM="$ROOT/tests/node_modules"
CLI="$NM/@modelcontextprotocol/conformance/dist/index.js"
CLI_2026="$NM/mcp-conformance-2026/dist/index.js"
SCENARIO_TIMEOUT=${CONFORMANCE_SCENARIO_TIMEOUT:-60}
TAG="" # printed before each scenario name when several suites run
work=""
pass=0
fail=0

finish() {
    echo "$LABEL: $pass passed, $fail failed"
    [ "$fail" -eq 0 ] && [ "$pass" -gt 0 ]
    exit $?
}

# Installs the npm tools, makes the work directory and lists the scenarios
# (CONFORMANCE_SCENARIOS="a b" picks some); with no fixture every scenario
# fails and the run ends here.
conformance_setup() {
    if ! NODE22=$(sh "$ROOT/scripts/node-deps.sh" --print-node22); then
        echo "FAIL setup: scripts/node-deps.sh could not install the npm test tools"
        fail=1
        finish
    fi
    work=$(mktemp -d "${TMPDIR:-/tmp}/$LABEL.XXXXXX") || { fail=1; finish; }
    scenarios=${CONFORMANCE_SCENARIOS:-$("$NODE22" "$CLI" list --server | sed -n 's/^  - \([a-z0-9-]*\).*/\1/p')}
    [ -n "$scenarios" ] || { echo "FAIL setup: conformance list --server printed no scenario"; fail=1; finish; }
    expected=""
    [ -n "$BASELINE" ] && expected=$(sed -n 's/^ *- *\([a-z0-9-]*\).*/\1/p' "$BASELINE")
    if [ ! -x "$FIXTURE" ]; then
        echo "# $FIXTURE does not exist (tests/conformance/*.c not built): no scenario can run"
        for s in $scenarios; do
            echo "FAIL $s: not run, mcp-fixture missing"
            fail=$((fail + 1))
        done
        finish
    fi
}

is_expected() {
    for x in $expected; do [ "$x" = "$1" ] && return 0; done
    return 1
}

# Counts a scenario that failed for $2, unless it is an expected failure.
scenario_failed() {
    if is_expected "$1"; then
        echo "ok   $TAG$1 (expected failure: $2)"
        pass=$((pass + 1))
    else
        echo "FAIL $TAG$1: $2"
        fail=$((fail + 1))
    fi
}

# The summary line of one checks.json: total, failures, warnings, the
# failures' messages, the warnings' names (tab-separated).
summarize='
const fs = require("fs");
const checks = JSON.parse(fs.readFileSync(process.argv[1], "utf8"));
const n = (s) => checks.filter((c) => c.status === s).length;
const f = checks.filter((c) => c.status === "FAILURE").map((c) => `${c.name}: ${(c.errorMessage || "").replace(/\s+/g, " ").slice(0, 300)}`);
const w = checks.filter((c) => c.status === "WARNING").map((c) => c.name);
console.log([checks.length, n("FAILURE"), n("WARNING"), f.join(" | "), w.join(", ")].join("\t"));
'

# Judges scenario $1 from its checks.json $2 (empty when there is none;
# $3 then says why). Only FAILURE fails a scenario, as in the CLI's own
# summary; a WARNING (a SHOULD not met) is shown on the scenario's line. A
# scenario that ran no check passes only when $4 is "empty-ok" (an
# optional feature the suite found absent).
judge() {
    s=$1 checks=$2
    if [ -z "$checks" ]; then
        scenario_failed "$s" "$3"
        return 1
    fi
    line=$("$NODE22" -e "$summarize" "$checks")
    total=$(echo "$line" | cut -f1)
    bad=$(echo "$line" | cut -f2)
    warn=$(echo "$line" | cut -f3)
    msg=$(echo "$line" | cut -f4)
    wnames=$(echo "$line" | cut -f5)
    note=""
    [ "$warn" -gt 0 ] && note=" ($warn warning(s): $wnames)"
    [ "$total" -eq 0 ] && [ "${4:-}" = empty-ok ] && note=" (no checks: an optional feature not offered)"
    if [ "$bad" -eq 0 ] && { [ "$total" -gt 0 ] || [ "${4:-}" = empty-ok ]; }; then
        is_expected "$s" && note="$note (listed as an expected failure, but passed)"
        echo "ok   $TAG$s$note"
        pass=$((pass + 1))
        return 0
    fi
    [ -n "$msg" ] || msg="no check recorded"
    scenario_failed "$s" "$msg$note"
    return 1
}

# Runs every scenario against the server at URL $1, one CLI run each, so a
# timeout bounds each one and one scenario's hang cannot take the others.
# $CLI runs them; extra arguments (e.g. --spec-version X) follow the URL.
conformance_run() {
    url=$1
    shift
    echo "# conformance $(sed -n 's/.*"version": "\(.*\)".*/\1/p' "$(dirname "$CLI")/../package.json" | head -n 1) against $FIXTURE at $url ($LABEL)"
    for s in $scenarios; do
        out="$work/$TAG$s"
        mkdir -p "$out"
        if [ -n "$BASELINE" ]; then
            timeout -k 5 "$SCENARIO_TIMEOUT" "$NODE22" "$CLI" server --url "$url" --scenario "$s" "$@" \
                -o "$out" --expected-failures "$BASELINE" >"$out/cli.log" 2>&1
        else
            timeout -k 5 "$SCENARIO_TIMEOUT" "$NODE22" "$CLI" server --url "$url" --scenario "$s" "$@" \
                -o "$out" >"$out/cli.log" 2>&1
        fi
        rc=$?
        why="no result (CLI exit $rc)"
        [ "$rc" -eq 124 ] || [ "$rc" -eq 137 ] && why="timed out after ${SCENARIO_TIMEOUT} s"
        found=$(find "$out" -name checks.json | head -n 1)
        judge "$s" "$found" "$why" "${EMPTY_OK:-}" ||
            { [ -n "$found" ] || is_expected "$s" || sed -n '1,20s/^/#   /p' "$out/cli.log"; }
    done
}

# A sanitizer report in log $1 (the fixture's stderr) is a failure of its
# own; returns 1 when there was one.
check_sanitizer() {
    if grep -q -E 'AddressSanitizer|LeakSanitizer|runtime error:' "$1"; then
        echo "FAIL sanitizer: mcp-fixture printed a sanitizer report:"
        grep -E 'Sanitizer|runtime error:|^ *#[0-9]+ ' "$1" | head -n 40 | sed 's/^/#   /'
        fail=$((fail + 1))
        return 1
    fi
    return 0
}

# Removes the work directory (CONFORMANCE_KEEP=1 keeps it); for EXIT traps.
remove_work() {
    [ -n "$work" ] || return 0
    if [ "${CONFORMANCE_KEEP:-0}" = 1 ]; then
        echo "# results kept in $work"
    else
        rm -rf "$work"
    fi
}
