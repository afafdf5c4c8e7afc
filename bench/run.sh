#!/bin/sh
# run.sh BUILD_DIR - runs every benchmark and writes the results (the
# machine, the date, the command, then each program's Markdown) to
# $BENCH_OUT: build/bench/RESULTS.md for `make bench`, the committed
# bench/RESULTS.md only for `make bench-update`. Not part of make check.
# Needs no root and no network: Node and the TypeScript SDK come from what
# `make check` installed (tests/node_modules), hyperfine is used when it is
# there (Debian: apt-get install hyperfine).
# Knobs (environment): BENCH_RUNS (start-up runs, default 15), BENCH_TICKETS
# (scale section, default 100000; 0 skips it), THROTTLE_ARGS (throttle_burst
# arguments "calls limit window_s", default "2000 50 5"; "skip" skips it),
# BENCH_ONLY (sections to run, comma-separated: startup, tls, listbytes,
# resultbytes, overhead, cpu, scale, throttle, parse, listtools, httpload,
# hyperfine), BENCH_OUT; http_load's own knobs (HTTPLOAD_SESSIONS,
# HTTPLOAD_CALLS, HTTPLOAD_RUNS, HTTPLOAD_ARGS, HTTPLOAD_COMPARE) pass through.
set -eu
B=${1:-build/release}
ROOT=$(pwd)
export HALOPSA_BIN_DIR="$ROOT/$B/bin"
export HALOPSA_SRC_DIR="$ROOT"
out=${BENCH_OUT:-build/bench/RESULTS.md}
mkdir -p "$(dirname "$out")"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM
THROTTLE_ARGS=${THROTTLE_ARGS:-2000 50 5}
# want SECTION: whether BENCH_ONLY (if set) names it.
want() {
    [ -z "${BENCH_ONLY:-}" ] && return 0
    case ",$BENCH_ONLY," in *",$1,"*) return 0 ;; esac
    return 1
}
throttle_goal=yes
want throttle || { THROTTLE_ARGS=skip; throttle_goal=; }

for f in "$B/bench/mcp_bench" "$B/bench/export_catalog" "$HALOPSA_BIN_DIR/halopsa-mcp"; do
    [ -x "$f" ] || { echo "run.sh: $f is missing; build with make BUILD=release bench-build" >&2; exit 1; }
done

# The reference server needs Node and the TypeScript SDK as `make check`
# installed them (tests/node_modules); nothing is fetched from here.
ref=""
node=$(command -v node || true)
if [ -z "$node" ]; then
    echo "run.sh: node not found: the reference server is skipped" >&2
elif [ ! -f tests/node_modules/@modelcontextprotocol/sdk/package.json ]; then
    echo "run.sh: tests/node_modules has no TypeScript SDK: the reference server is skipped (make check, or sh scripts/node-deps.sh, installs it)" >&2
else
    "$B/bench/export_catalog" > "$tmp/tools.json"
    export TOOLS_JSON="$tmp/tools.json"
    export MCP_NODE_MODULES="$ROOT/tests/node_modules"
    export NODE="$node"
    ref="$ROOT/bench/reference/server.mjs"
fi
sdk_version=$("${node:-node}" -p "require(\"$ROOT/tests/node_modules/@modelcontextprotocol/sdk/package.json\").version" 2>/dev/null || true)

# Variants for the TLS memory section, built here from the release objects
# (no network): the same program linked with Debian's libcurl-gnutls when
# that library is on the machine, and the floor (one GET with libcurl alone).
export HALOPSA_GNUTLS_BIN="$ROOT/$B/bin/halopsa-mcp-gnutls"
rm -f "$HALOPSA_GNUTLS_BIN"
gnutls_lib=$(ldconfig -p 2>/dev/null | awk '/libcurl-gnutls\.so\.4 /{print $NF; exit}')
if [ -n "$gnutls_lib" ]; then
    cc -o "$HALOPSA_GNUTLS_BIN" "$B"/obj/src/app/*.o "$B/libtools.a" "$B/libhalo.a" "$B/libmcp.a" \
        "$B/libsim.a" "$B/libbase.a" $(pkg-config --libs jansson libmicrohttpd) "$gnutls_lib" \
        -lcrypto -lpthread -lm || rm -f "$HALOPSA_GNUTLS_BIN"
fi
export HALOPSA_FLOOR_BIN="$ROOT/$B/bench/tls_floor"
cc -O2 -o "$HALOPSA_FLOOR_BIN" bench/floor/tls_floor.c $(pkg-config --cflags --libs libcurl)

load_before=$(cut -d' ' -f1-3 /proc/loadavg)
echo "run.sh: measuring (a few minutes; the throttling run alone takes about $(echo "$THROTTLE_ARGS" | awk '{ if ($1 == "skip") print 0; else printf "%d", ($1 / $2) * $3 * 1.25 }') s)" >&2
export BENCH_GOALS="$tmp/goals.md"
: > "$BENCH_GOALS"
"$B/bench/mcp_bench" $ref > "$tmp/mcp.md"

# Section 5: throttle_burst (owned by the halo helper), plus one goal row.
{
    echo "## 5. Throttling (bench/throttle_burst.c)"
    echo
    if [ "$THROTTLE_ARGS" = skip ]; then
        echo "Skipped (THROTTLE_ARGS=skip)."
        [ -n "$throttle_goal" ] && echo "| throttling | 0 429s, ≥ 95 % of the budget | not run (THROTTLE_ARGS=skip) | **NOT met** |" >> "$BENCH_GOALS"
    elif [ -x "$B/bench/throttle_burst" ]; then
        set -- $THROTTLE_ARGS
        echo "A burst of $1 calls against a simulator allowing $2 requests per rolling $3 s (\`throttle_burst $THROTTLE_ARGS\`)."
        echo
        st=0
        # shellcheck disable=SC2086
        "$B/bench/throttle_burst" $THROTTLE_ARGS > "$tmp/throttle.md" 2> "$tmp/throttle.err" || st=$?
        cat "$tmp/throttle.md"
        if [ "$st" -ne 0 ]; then
            echo
            echo "throttle_burst exited with status $st; its stderr ended with:"
            echo
            tail -n 5 "$tmp/throttle.err" | sed 's/^/    /'
        fi
        # The default 500 requests per 180 s: the client paces by the same
        # rule, so the budget use carries over; the time is what the default
        # window needs for the same burst.
        awk -F'|' -v calls="$1" -v limit="$2" -v win="$3" -v goals="$BENCH_GOALS" '
            /^\| client limit = server limit/ { r429 = $6 + 0; rate = $10 + 0; allowed = $11 + 0
                gsub(/[ %]/, "", $12); pct = $12 + 0; seen = 1 }
            /^Goal:/ { met = ($0 ~ /: met\.$/) }
            END { if (!seen) { printf "| throttling | 0 429s, ≥ 95 %% of the budget | no result | **NOT met** |\n" >> goals; exit }
                ideal = int(calls / 500) * 180
                printf "\nExtrapolated to the default 500 requests per 180 s (2.78 req/s allowed): a burst of %d calls needs %d s at 100 %% of the budget, about %.0f s at the %.1f %% measured here.\n", calls, ideal, ideal * 100 / pct, pct
                printf "| throttling: burst of %d calls at %d req / %d s | 0 429s, ≥ 95 %% of the budget | %d 429s, %.2f of %.2f req/s, %.1f %% of the budget | %s |\n", calls, limit, win, r429, rate, allowed, pct, met ? "met" : "**NOT met**" >> goals }' "$tmp/throttle.md"
    else
        echo "**Missing:** $B/bench/throttle_burst was not built (bench/throttle_burst.c is owned by the halo helper)."
        echo "| throttling | 0 429s, ≥ 95 % of the budget | throttle_burst missing | **NOT met** |" >> "$BENCH_GOALS"
    fi
} > "$tmp/throttle-section.md"

# Start-up cross-check with a standard tool: hyperfine times each server
# from spawn to exit for an initialize request followed by end of input.
{
    echo
    echo "## Start-up cross-check with hyperfine"
    echo
    if ! want hyperfine; then
        echo "Skipped (BENCH_ONLY)."
    elif command -v hyperfine >/dev/null 2>&1; then
        printf '%s\n' '{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-11-25","capabilities":{},"clientInfo":{"name":"bench","version":"1"}}}' > "$tmp/init.jsonl"
        set -- -n halopsa-mcp "$HALOPSA_BIN_DIR/halopsa-mcp < $tmp/init.jsonl"
        [ -n "$ref" ] && set -- "$@" -n reference "$node $ref < $tmp/init.jsonl"
        if HALOPSA_BASE_URL=http://127.0.0.1:9 HALOPSA_CLIENT_ID=bench HALOPSA_CLIENT_SECRET=bench-secret \
            HALOPSA_LOG_LEVEL=error hyperfine -S sh --warmup 3 --runs 30 --style none \
            --export-markdown "$tmp/hyperfine.md" --export-json "$tmp/hyperfine.json" "$@" > /dev/null 2> "$tmp/hyperfine.err"; then
            echo "\`hyperfine $(hyperfine --version | cut -d' ' -f2)\`, 30 runs after 3 warm-ups: spawn, one \`initialize\` request on stdin, end of input, exit (so it includes the shutdown that section 1 does not)."
            echo
            cat "$tmp/hyperfine.md"
            if [ -n "$node" ]; then
                "$node" -e 'const r = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8")).results;
                    const m = r.map((x) => x.median * 1000);
                    let s = "\nMedians: " + r.map((x, i) => `${x.command} ${m[i].toFixed(1)} ms`).join(", ");
                    if (m.length === 2) s += ` (halopsa-mcp / reference = 1/${(m[1] / m[0]).toFixed(1)})`;
                    console.log(s + ".");' "$tmp/hyperfine.json" || true
            fi
        else
            echo "hyperfine failed:"
            echo
            tail -n 5 "$tmp/hyperfine.err" | sed 's/^/    /'
        fi
    else
        echo "hyperfine is not installed, so this cross-check was skipped (Debian: \`apt-get install hyperfine\` as root; the bench itself never installs anything)."
    fi
} > "$tmp/hyperfine-section.md"

# Parsing one 50-ticket page: jansson against the projecting parse, plus
# the other parsers from Debian when their -dev packages happen to be
# installed (compiled here; never installed by the bench).
{
    if want parse; then
        PARSE_PAGE_SAVE="$tmp/page.json" "$B/bench/parse_page" > "$tmp/parse.md"
        cat "$tmp/parse.md"
        if [ -f /usr/include/cjson/cJSON.h ] && [ -f /usr/include/json-c/json.h ] &&
            cc -O2 -o "$tmp/parse_others" bench/floor/parse_others.c -lcjson -ljson-c 2>/dev/null; then
            "$tmp/parse_others" "$tmp/page.json"
        else
            echo "| cJSON, json-c | not measured (apt-get install libcjson-dev libjson-c-dev) | | |"
        fi
        if [ -f /usr/include/simdjson.h ] && command -v g++ >/dev/null 2>&1 &&
            g++ -O2 -std=c++17 -o "$tmp/parse_simdjson" bench/floor/parse_simdjson.cc -lsimdjson 2>/dev/null; then
            "$tmp/parse_simdjson" "$tmp/page.json"
        else
            echo "| simdjson | not measured (apt-get install libsimdjson-dev) | | |"
        fi
        echo
        echo "cJSON and json-c build whole trees; simdjson (C++) projects the same fields. Commands: \`bench/parse_page\`, \`bench/floor/parse_others.c\`, \`bench/floor/parse_simdjson.cc\` (build lines at their tops)."
    fi
} > "$tmp/parse-section.md"

# What a host pays to read the tool list: the official SDK client's
# listTools() per mode (it compiles a validator per output schema).
{
    echo
    echo "## 8. Client-side cost of tools/list (the official SDK client)"
    echo
    if ! want listtools; then
        echo "Skipped (BENCH_ONLY)."
    elif [ -n "$ref" ]; then
        echo "The TypeScript SDK's \`Client.listTools()\` (every page) against each server over stdio, timed in the client: the request, the reply and the client caching a compiled validator for every output schema. Median of 7 runs after a warm-up, min–max in brackets. Command: \`node bench/reference/list_tools.mjs LABEL 7 SERVER...\`."
        echo
        echo "| server | tools listed | with an output schema | listTools (ms) |"
        echo "|---|---|---|---|"
        for m in tree flat dispatch; do
            HALOPSA_BASE_URL=http://127.0.0.1:9 HALOPSA_CLIENT_ID=bench HALOPSA_CLIENT_SECRET=bench-secret \
                HALOPSA_LOG_LEVEL=error HALOPSA_TOOL_MODE=$m HALOPSA_TENANT= HALOPSA_AUTH_URL= \
                "$node" bench/reference/list_tools.mjs "halopsa-mcp (C), $m" 7 "$HALOPSA_BIN_DIR/halopsa-mcp" ||
                echo "| halopsa-mcp (C), $m | failed | | |"
        done
        HALOPSA_BASE_URL=http://127.0.0.1:9 "$node" bench/reference/list_tools.mjs \
            "reference (TypeScript SDK)" 7 "$node" "$ref" || echo "| reference | failed | | |"
    else
        echo "Skipped: Node or the TypeScript SDK is missing."
    fi
} > "$tmp/listtools-section.md"

# Concurrent sessions over Streamable HTTP against both servers (issue 17
# goal 3); http_load appends its goal rows to $BENCH_GOALS itself.
{
    if want httpload; then
        if [ -x "$B/bench/http_load" ]; then
            # shellcheck disable=SC2086
            "$B/bench/http_load" $ref || echo "http_load exited with status $?."
            echo
            echo "Command: \`BENCH_ONLY=httpload make bench\` (it runs \`bench/http_load bench/reference/server.mjs\`); HTTPLOAD_SESSIONS, HTTPLOAD_CALLS and HTTPLOAD_RUNS set the sizes, HTTPLOAD_COMPARE=LABEL=PATH adds another halopsa-mcp binary (an earlier build) run the same way."
        else
            echo "| HTTP: concurrent sessions | 0 errors, 0 lost sessions | http_load missing | **NOT met** |" >> "$BENCH_GOALS"
        fi
    fi
} > "$tmp/httpload-section.md"

{
    echo "# Benchmark results"
    echo
    echo "- date: $(date -u +%Y-%m-%dT%H:%M:%SZ)"
    echo "- machine: $(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')), $(free -m | awk '/Mem:/{printf "%.1f", $2/1024}') GiB RAM, $(uname -srm), $(. /etc/os-release && echo "$PRETTY_NAME")"
    echo "- command: \`make bench-update\` (which runs \`BENCH_OUT=bench/RESULTS.md sh bench/run.sh $B\`; \`make bench\` writes build/bench/RESULTS.md instead); one section alone: \`BENCH_ONLY=cpu make bench\`"
    echo "- load average (1, 5, 15 min) when the run began: $load_before; when it ended: $(cut -d' ' -f1-3 /proc/loadavg) (on a machine shared with other work, wall-clock figures of both servers stretch alike; compare ratios within one run)"
    echo "- build: release (-O2, gcc $(gcc -dumpfullversion)); the simulator runs in the benchmark process on 127.0.0.1; servers are spawned with stdin/stdout pipes"
    if [ -n "$ref" ]; then
        echo "- reference: bench/reference/server.mjs on Node $("$node" --version) with @modelcontextprotocol/sdk $sdk_version, registering the same $("$node" -e 'console.log(JSON.parse(require("fs").readFileSync(process.argv[1], "utf8")).length)' "$TOOLS_JSON") tool definitions (exported by bench/export_catalog)"
    else
        echo "- reference: not run (Node or the SDK is missing)"
    fi
    echo "- all figures are medians; RSS is the kernel's peak resident set (VmHWM, the same figure \`/usr/bin/time -v\` reports as maximum resident set size)"
    echo
    echo "## Goals at a glance"
    echo
    echo "| goal | target | measured | |"
    echo "|---|---|---|---|"
    cat "$BENCH_GOALS"
    sed '/^<!-- throttle -->$/,$d' "$tmp/mcp.md"
    cat "$tmp/throttle-section.md"
    sed '1,/^<!-- throttle -->$/d' "$tmp/mcp.md"
    cat "$tmp/parse-section.md"
    cat "$tmp/listtools-section.md"
    cat "$tmp/httpload-section.md"
    cat "$tmp/hyperfine-section.md"
    # bench/output.sh's own section (result bytes, listTools per schema
    # count) is kept as that script last wrote it.
    if [ -f "$out" ]; then
        sed -n '/^<!-- output-lane:begin/,/^<!-- output-lane:end/p' "$out"
    fi
} > "$tmp/results.md"
mv "$tmp/results.md" "$out"
cat "$out"
