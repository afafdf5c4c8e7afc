#!/bin/sh
# run-suite.sh BUILD_DIR - the MCP Apps ticket view in a real browser:
# Debian's Chromium (headless, driven by playwright-core; installed by
# scripts/deps.sh, never downloaded) renders ui://halopsa/tickets.html from
# BUILD_DIR/bin/halopsa-mcp --demo behind the ext-apps SDK's host-side
# bridge (AppBridge), with tool results recorded from the server
# (tests/view/*.test.mjs). Ends with "view: N passed, N failed".
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
CHROMIUM=${CHROMIUM:-/usr/bin/chromium}
if [ ! -x "$CHROMIUM" ]; then
    echo "FAIL setup: $CHROMIUM not found (scripts/deps.sh installs Debian's chromium)"
    echo "view: 0 passed, 1 failed"
    exit 1
fi
export CHROMIUM
exec sh "$ROOT/tests/lib/node-suite.sh" view "$ROOT/tests/view" "${1:-build/asan}"
