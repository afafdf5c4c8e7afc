#!/bin/sh
# output.sh [BEFORE_BINARY] - what results cost the model and what listing
# the tools costs a host (issues 16 item 1 and 17 goal 5): the bytes of a
# 50-ticket list, a ticket get with 10 actions and an asset get against the
# raw HaloPSA JSON (bench/output_bytes.c), and the official SDK client's
# listTools time (bench/list_tools.mjs), for build/release/bin/halopsa-mcp
# and, when given, an earlier binary side by side. Rewrites only its own
# section of bench/RESULTS.md (between the output-lane markers), so
# bench/run.sh's sections stay as they are. Needs a release build:
#   make BUILD=release bench-build && sh bench/output.sh [old/halopsa-mcp]
# BEFORE_NOTE says what the earlier binary is (default: its path);
# LIST_RUNS the listTools calls per server (default 41).
set -eu
ROOT=$(pwd)
B=build/release
NOW="$ROOT/$B/bin/halopsa-mcp"
out=bench/RESULTS.md
[ -x "$B/bench/output_bytes" ] && [ -x "$NOW" ] ||
    { echo "output.sh: build first: make BUILD=release bench-build" >&2; exit 1; }
BEFORE=${1:-}
set -- ${BEFORE:+"before=$BEFORE"} "after=$NOW"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM

"$B/bench/output_bytes" "$@" > "$tmp/bytes.md"
if command -v node >/dev/null 2>&1 && sh scripts/node-deps.sh >/dev/null 2>&1; then
    LIST_RUNS=${LIST_RUNS:-41} node bench/list_tools.mjs "$@" > "$tmp/list.md"
else
    echo "node or the npm packages are missing: listTools not measured" > "$tmp/list.md"
fi

{
    echo "<!-- output-lane:begin (written by bench/output.sh; bench/run.sh keeps it) -->"
    echo "## Output: result bytes and listing cost (bench/output.sh)"
    echo
    echo "- date: $(date -u +%Y-%m-%dT%H:%M:%SZ); load average: $(cut -d' ' -f1-3 /proc/loadavg)"
    echo "- command: \`make BUILD=release bench-build && sh bench/output.sh${BEFORE:+ BEFORE}\`"
    [ -n "$BEFORE" ] && echo "- before: ${BEFORE_NOTE:-$BEFORE}"
    echo "- machine: $(nproc) cores, $(uname -sr)"
    echo
    echo "Bytes of the whole JSON-RPC reply line (text + structuredContent) and of each"
    echo "part, against the raw HaloPSA JSON the server read for the call (the ticket get:"
    echo "the ticket and its action list). Flat mode, demo dataset, ticket 2 given 10"
    echo "actions with HTML notes, HALOPSA_TIMEZONE=Europe/London."
    echo
    cat "$tmp/bytes.md"
    echo
    echo "The official TypeScript SDK client's \`listTools()\` against the server in flat mode"
    echo "(every tool listed): the client compiles a validator for each output schema it gets."
    echo
    cat "$tmp/list.md"
    echo "<!-- output-lane:end -->"
} > "$tmp/section.md"

# Replace the section in place, or append it.
if [ -f "$out" ] && grep -q '<!-- output-lane:begin' "$out"; then
    awk -v f="$tmp/section.md" '
        /<!-- output-lane:begin/ { while ((getline l < f) > 0) print l; skip = 1; next }
        /<!-- output-lane:end/ { skip = 0; next }
        !skip { print }' "$out" > "$tmp/new.md"
else
    { [ -f "$out" ] && cat "$out" && echo; cat "$tmp/section.md"; } > "$tmp/new.md"
fi
cp "$tmp/new.md" "$out"
echo "output.sh: bench/RESULTS.md updated" >&2
