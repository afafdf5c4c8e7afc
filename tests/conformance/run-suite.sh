#!/bin/sh
# run-suite.sh BUILD_DIR - runs the official MCP conformance suite
# (@modelcontextprotocol/conformance, every server scenario) against
# BUILD_DIR/bin/mcp-fixture, reached over Streamable HTTP through supergateway.
# Prints one line per scenario and ends with "conformance: N passed, N failed"
# (scenarios; an expected failure that fails counts as passed; a sanitizer
# report from any fixture process adds one failure). Exits non-zero when a
# scenario failed unexpectedly. CONFORMANCE_KEEP=1 keeps the results
# directory; CONFORMANCE_SCENARIOS="a b" runs only those scenarios.
set -u
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
B=${1:-build/asan}
case "$B" in /*) ;; *) B="$ROOT/$B" ;; esac
FIXTURE="$B/bin/mcp-fixture"
BASELINE="$ROOT/tests/conformance/expected-failures.yml"
LABEL=conformance
. "$ROOT/tests/conformance/common.sh"
BRIDGE="$NM/supergateway/dist/index.js"
bridge_pid=""

# supergateway spawns each session's fixture in its own process group and
# kills them on SIGTERM; the groups are also killed here in case it cannot.
stop_bridge() {
    [ -n "$bridge_pid" ] || return 0
    groups=$(ps -o pid= --ppid "$bridge_pid" 2>/dev/null)
    kill -TERM "$bridge_pid" 2>/dev/null
    i=0
    while kill -0 "$bridge_pid" 2>/dev/null && [ $i -lt 30 ]; do
        sleep 0.1
        i=$((i + 1))
    done
    kill -KILL "$bridge_pid" 2>/dev/null
    wait "$bridge_pid" 2>/dev/null
    for g in $groups; do
        kill -KILL -- "-$g" 2>/dev/null
    done
    bridge_pid=""
}
cleanup() {
    stop_bridge
    remove_work
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

conformance_setup

# Start the bridge on an ephemeral port bound to 127.0.0.1 only: supergateway
# has no bind-address option, so a preloaded module adds the host to its
# listen() call and reports the port the kernel chose.
cat >"$work/localhost.mjs" <<'EOF_PRELOAD'
import net from "node:net";
const listen = net.Server.prototype.listen;
net.Server.prototype.listen = function (...a) {
  if (typeof a[0] === "number") {
    a[0] = 0;
    if (typeof a[1] !== "string") a.splice(1, 0, "127.0.0.1");
  }
  this.once("listening", () => process.stderr.write(`BRIDGE_PORT=${this.address().port}\n`));
  return listen.apply(this, a);
};
EOF_PRELOAD
qfix="'$(printf '%s' "$FIXTURE" | sed "s/'/'\\\\''/g")'"
"$NODE22" --import "$work/localhost.mjs" "$BRIDGE" --stdio "$qfix" \
    --outputTransport streamableHttp --stateful --port 1 --logLevel info \
    >"$work/bridge.log" 2>&1 </dev/null &
bridge_pid=$!
port=""
i=0
while [ -z "$port" ] && [ $i -lt 200 ]; do
    kill -0 "$bridge_pid" 2>/dev/null || break
    port=$(sed -n 's/^BRIDGE_PORT=\([0-9]*\)$/\1/p' "$work/bridge.log" | head -n 1)
    [ -n "$port" ] || sleep 0.1
    i=$((i + 1))
done
if [ -z "$port" ]; then
    echo "FAIL setup: supergateway did not start listening within 20 s; its log:"
    sed 's/^/#   /' "$work/bridge.log"
    fail=1
    finish
fi
conformance_run "http://127.0.0.1:$port/mcp"

# A sanitizer report from any fixture process is a failure of its own.
stop_bridge
check_sanitizer "$work/bridge.log" || true
finish
