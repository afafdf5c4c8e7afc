#!/bin/sh
# run.sh BUILD_DIR - runs every benchmark and writes bench/RESULTS.md (the
# machine, the date, the command, then each program's Markdown). Not part of
# make check. Re-run with: make bench
set -eu
B=${1:-build/release}
ROOT=$(pwd)
export HALOPSA_BIN_DIR="$ROOT/$B/bin"
out=bench/RESULTS.md
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
sh scripts/node-deps.sh
"$B/bench/export_catalog" > "$tmp/tools.json"
export TOOLS_JSON="$tmp/tools.json"
export NODE_PATH="$ROOT/tests/node_modules"
export NODE="$(command -v node)"
# The reference server resolves the SDK from tests/node_modules.
cp bench/reference/server.mjs tests/.bench-reference.mjs
trap 'rm -rf "$tmp" tests/.bench-reference.mjs' EXIT
{
    echo "# Benchmark results"
    echo
    echo "- date: $(date -u +%Y-%m-%dT%H:%M:%SZ)"
    echo "- machine: $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB, $(uname -srm), $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')"
    echo "- command: \`make bench\` (bench/run.sh $B)"
    echo "- build: release (-O2); simulator in-process on loopback"
    "$B/bench/mcp_bench" "$ROOT/tests/.bench-reference.mjs"
    echo
    echo "## 5. Throttling (bench/throttle_burst.c)"
    echo
    if [ -x "$B/bench/throttle_burst" ]; then "$B/bench/throttle_burst"; else echo "not built"; fi
} > "$tmp/results.md"
mv "$tmp/results.md" "$out"
cat "$out"
