#!/bin/sh
# deps.sh [build|test|all] - the Debian 12 packages halopsa-mcp needs.
#   build  compiler, make, pkg-config, the -dev packages of jansson, libcurl,
#          libmicrohttpd, OpenSSL (libcrypto: JWT signatures) and SQLite (the
#          simulator's reports, loaded at run time)
#   test   what make check and CI add: git and procps (script suites),
#          man-db (the man page test), Node.js with npm (the npm test tools:
#          scripts/node-deps.sh), clang with libFuzzer (tests/fuzz), podman,
#          runc and mmdebstrap (the container suite, scripts/oci.sh),
#          chromium (the MCP Apps view suite, tests/view: Debian's browser,
#          never one a test tool downloads), tzdata (the zones
#          HALOPSA_TIMEZONE names, /usr/share/zoneinfo; the image installs it)
#   all    both (the default; `make deps` and .ci/run)
# As root it installs what is missing with apt-get; otherwise it prints the
# exact apt-get line and exits 1. Installs nothing that is already there.
set -u
BUILD_PKGS="make gcc libc6-dev pkg-config libjansson-dev libcurl4-openssl-dev libmicrohttpd-dev
    libssl-dev libsqlite3-dev"
TEST_PKGS="git procps man-db ca-certificates clang libclang-rt-14-dev podman runc mmdebstrap
    chromium tzdata"

case "${1:-all}" in
build) want=$BUILD_PKGS ;;
test) want=$TEST_PKGS ;;
all) want="$BUILD_PKGS $TEST_PKGS" ;;
*)
    echo "usage: deps.sh [build|test|all]" >&2
    exit 2
    ;;
esac

missing=""
for p in $want; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
done
# Node.js may come from elsewhere (nodesource bundles npm, and its nodejs
# conflicts with Debian's npm): only the commands matter.
if [ "${1:-all}" != build ] && ! { command -v node && command -v npm; } >/dev/null 2>&1; then
    missing="$missing nodejs npm"
fi
[ -z "$missing" ] && exit 0

if [ "$(id -u)" = 0 ]; then
    echo "deps.sh: installing$missing" >&2
    export DEBIAN_FRONTEND=noninteractive
    # The build group is what a container build stage installs: no extras.
    extra=""
    [ "${1:-all}" = build ] && extra=--no-install-recommends
    apt-get update -qq >&2 && apt-get install -y -qq $extra $missing >&2 && exit 0
    echo "deps.sh: apt-get failed" >&2
    exit 1
fi
echo "deps.sh: missing packages; run: sudo apt-get install -y$missing" >&2
echo "deps.sh: (or, as root: make deps)" >&2
exit 1
