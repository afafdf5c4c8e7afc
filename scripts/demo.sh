#!/bin/sh
# demo.sh - a short readable demo on the embedded demo tenant (make demo):
# lists open tickets, opens the first, then shows how to connect a host.
# HALOPSA_BIN_DIR picks the binaries (default: bin).
set -eu
BIN_DIR=${HALOPSA_BIN_DIR:-bin}
MCP="$BIN_DIR/halopsa-mcp"
if [ ! -x "$MCP" ]; then
    echo "demo: $MCP is missing; run 'make' first" >&2
    exit 1
fi
# The demo tenant is the simulator, started inside halopsa-mcp by --demo:
# no HaloPSA account and no HALOPSA_* variables are needed.
unset HALOPSA_CLIENT_ID HALOPSA_CLIENT_SECRET HALOPSA_TENANT HALOPSA_BASE_URL \
    HALOPSA_TOOL_MODE HALOPSA_READ_ONLY HALOPSA_DOMAINS HALOPSA_EXCLUDE_TOOLS || true

step() {
    printf '\n==> %s\n' "$1"
}

echo "halopsa-mcp demo: $("$MCP" --version)"
echo "Every command below runs against the embedded demo tenant (--demo)."

step "The five newest open tickets"
echo "\$ halopsa-mcp --demo call halopsa_tickets_list open_only=true order=dateoccurred descending=true page_size=5"
"$MCP" --demo call halopsa_tickets_list open_only=true order=dateoccurred descending=true page_size=5

# The first ticket's id, from the structured result: the first value of the
# first row ("columns" start with "id").
json=$("$MCP" --demo call --json halopsa_tickets_list open_only=true order=dateoccurred descending=true page_size=5)
id=$(printf '%s\n' "$json" | awk '/"tickets": \[/ { rows = 1; next }
    rows && /^ *[0-9]+,?$/ { gsub(/[ ,]/, ""); print; exit }')
if [ -z "$id" ]; then
    echo "demo: no ticket id in the list result" >&2
    exit 1
fi

step "Ticket $id in detail"
echo "\$ halopsa-mcp --demo call halopsa_tickets_get id=$id"
"$MCP" --demo call halopsa_tickets_get id="$id"

MCP_ABS=$(cd "$BIN_DIR" && pwd)/halopsa-mcp
step "Connect a host"
cat <<MSG
Claude Desktop (Settings > Developer > Edit Config, claude_desktop_config.json);
Claude Desktop never re-reads the tool list, so use flat mode:

{
  "mcpServers": {
    "halopsa": {
      "command": "$MCP_ABS",
      "args": ["--demo", "--tools", "flat"]
    }
  }
}

Claude Code (re-reads the list, so tree mode):

  claude mcp add halopsa -- $MCP_ABS --demo --tools tree

For your own tenant drop --demo and set HALOPSA_TENANT (or HALOPSA_BASE_URL),
HALOPSA_CLIENT_ID and HALOPSA_CLIENT_SECRET; then '$MCP doctor' checks the
connection. More: README.md and 'man docs/halopsa-mcp.1'.
MSG
