#!/bin/sh
# deps.sh - installs the Debian packages the build needs when run as root,
# otherwise prints the exact apt-get line. Called by make when pkg-config
# cannot find a dependency, and by .ci/run.
set -u
# tzdata: the zones HALOPSA_TIMEZONE names (/usr/share/zoneinfo).
# chromium: the browser the MCP Apps view suite (tests/view) drives; Debian's,
# never one a test tool downloads.
PKGS="pkg-config libjansson-dev libcurl4-openssl-dev libmicrohttpd-dev libssl-dev libsqlite3-dev tzdata chromium"
missing=""
for p in $PKGS; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
done
[ -z "$missing" ] && exit 0
if [ "$(id -u)" = 0 ]; then
    echo "deps.sh: installing$missing" >&2
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq >&2 && apt-get install -y -qq $missing >&2 && exit 0
    echo "deps.sh: apt-get failed" >&2
    exit 1
fi
echo "deps.sh: missing packages; run: sudo apt-get install -y$missing" >&2
exit 1
