#!/bin/sh
# mcpb.sh BINARY OUT.mcpb - the Claude Desktop bundle (MCPB): stages
# packaging/mcpb/manifest.json (its version taken from BINARY --version) and
# BINARY as server/halopsa-mcp, checks the manifest with the official
# `mcpb validate` and packs it with `mcpb pack` (@anthropic-ai/mcpb, pinned
# in tests/package.json, installed by scripts/node-deps.sh). `make mcpb`
# runs it on the release binary.
set -eu
ROOT=$(cd "$(dirname "$0")/.." && pwd)
BIN=$1
OUT=$2
[ -x "$BIN" ] || { echo "mcpb.sh: $BIN is not an executable (run make first)" >&2; exit 2; }
NODE=$(sh "$ROOT/scripts/node-deps.sh" --print-node22)
CLI="$ROOT/tests/node_modules/@anthropic-ai/mcpb/dist/cli/cli.js"
version=$("$BIN" --version | sed -n 's/^halopsa-mcp \([0-9][0-9.A-Za-z+-]*\).*/\1/p')
[ -n "$version" ] || { echo "mcpb.sh: $BIN --version printed no version" >&2; exit 1; }

stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT
mkdir "$stage/server"
cp "$BIN" "$stage/server/halopsa-mcp"
chmod 755 "$stage/server/halopsa-mcp"
sed "s/@VERSION@/$version/" "$ROOT/packaging/mcpb/manifest.json" >"$stage/manifest.json"
"$NODE" "$CLI" validate "$stage/manifest.json"
case "$OUT" in /*) ;; *) OUT="$(pwd)/$OUT" ;; esac
rm -f "$OUT"
"$NODE" "$CLI" pack "$stage" "$OUT"
