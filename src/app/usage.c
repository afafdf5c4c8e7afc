/* usage.c - the --help text of the program and of each subcommand. */
#include "app_int.h"

#include <stdarg.h>
#include <string.h>

static const char common_options[] =
    "Options for every subcommand:\n"
    "  --demo               use the embedded demo tenant (no HALOPSA_* variables needed)\n"
    "  --log-level LEVEL    debug, info, warn, error or off (logs go to stderr)\n"
    "  --tools MODE         tree, flat or dispatch (HALOPSA_TOOL_MODE; default tree)\n"
    "  --read-only          hide and refuse every write tool (HALOPSA_READ_ONLY)\n"
    "  --domains LIST       only these domains, comma-separated, or all (HALOPSA_DOMAINS)\n"
    "  --exclude-tools LIST never these tools, comma-separated (HALOPSA_EXCLUDE_TOOLS)\n"
    "  -h, --help           this help\n"
    "  --version            print the version\n";

static const char program_help[] =
    "Usage: halopsa-mcp [OPTIONS] [COMMAND [ARGS]]\n"
    "\n"
    "An MCP server that lets an AI assistant work inside HaloPSA.\n"
    "Without a command it serves MCP on stdin/stdout for a host such as Claude.\n"
    "\n"
    "Commands:\n"
    "  serve                serve MCP on stdio (the default), or HTTP with --http\n"
    "  tools [DOMAIN]       list the tools, grouped by domain\n"
    "  call TOOL [ARGS]     run one tool and print its result\n"
    "  doctor               check the configuration and the connection to HaloPSA\n"
    "  docs                 print the tool reference (docs/tools.md) in Markdown\n"
    "  help [COMMAND]       help on a command\n"
    "\n"
    "%s"
    "\n"
    "Configuration comes from HALOPSA_CLIENT_ID, HALOPSA_CLIENT_SECRET and\n"
    "HALOPSA_TENANT or HALOPSA_BASE_URL; see halopsa-mcp(1) for the rest.\n"
    "\n"
    "Examples:\n"
    "  halopsa-mcp --demo call halopsa_tickets_list open_only=true page_size=5\n"
    "  claude mcp add halopsa -- /usr/local/bin/halopsa-mcp --tools tree\n"
    "\n"
    "Exit status: 0 success, 1 failure (a failed check or tool), 2 usage or configuration error.\n";

static const char serve_help[] =
    "Usage: halopsa-mcp [serve] [OPTIONS]\n"
    "\n"
    "Serves one MCP session over newline-delimited JSON-RPC on stdin/stdout until\n"
    "end of input. Nothing but protocol messages is written to stdout; logs go to\n"
    "stderr. The configuration is checked at start-up: a missing variable stops\n"
    "the program with exit status 2 and a message naming it.\n"
    "\n"
    "Tool modes: tree (navigation tools first, the domains used last on demand; for\n"
    "hosts that re-read the list), flat (the core set listed; --domains all: every\n"
    "tool), dispatch (navigate, status and call only; for hosts that cap the number\n"
    "of tools). Every tool is callable in every mode.\n"
    "\n"
    "Serve options:\n"
    "  --http [ADDR:]PORT   serve Streamable HTTP at http://ADDR:PORT/mcp instead of\n"
    "                       stdio, one MCP session per client (ADDR defaults to\n"
    "                       127.0.0.1; any other address needs --auth, or\n"
    "                       --allow-unauthenticated)\n"
    "  --allowed-origin URL a browser Origin to accept (repeatable; default: localhost\n"
    "                       origins only; \"*\" only with --auth)\n"
    "  --auth MODE          none (default; loopback only), token or oauth\n"
    "  --auth-tokens FILE   token: lines \"NAME TOKEN [read] [write]\" (TOKEN may be\n"
    "                       sha256:HEX); re-read on SIGHUP\n"
    "  --auth-issuer URL    oauth: the authorization server (OpenID Connect or RFC 8414\n"
    "                       metadata); JWT access tokens for --public-url are accepted\n"
    "  --auth-jwks-uri URL  oauth: the issuer's keys, when discovery does not name them\n"
    "  --auth-read-scope S  oauth: the scope that grants reading (halopsa:read)\n"
    "  --auth-write-scope S oauth: the scope that grants writing (halopsa:write)\n"
    "  --public-url URL     this server's URL as clients reach it (the token audience;\n"
    "                       default http://ADDR:PORT/mcp on loopback)\n"
    "  --allow-unauthenticated  serve a non-loopback address without --auth\n"
    "  --max-sessions N     open sessions at most (1024); idle ones make room\n"
    "  --session-idle-timeout S  end a session unused for S seconds (1800)\n"
    "  --max-calls-per-principal N  concurrent tool calls per principal (8)\n"
    "  --max-connections-per-ip N   connections per client address (64; none on\n"
    "                       loopback)\n"
    "\n"
    "Environment: HALOPSA_AUDIT_LOG=FILE|stderr appends one JSON line per write or\n"
    "delete (HALOPSA_AUDIT_LEVEL=all: per tool call). HALOPSA_RESOURCE_POLL_SECONDS=N\n"
    "re-reads subscribed resources every N seconds and notifies clients of changes\n"
    "(default off).\n"
    "\n"
    "%s";

static const char tools_help[] =
    "Usage: halopsa-mcp tools [OPTIONS] [DOMAIN]\n"
    "\n"
    "Lists the tools this configuration can call, grouped by domain: the name,\n"
    "one line on what it does and its required arguments. With DOMAIN (e.g.\n"
    "tickets) only that domain. Needs no credentials.\n"
    "\n"
    "%s";

static const char call_help[] =
    "Usage: halopsa-mcp call [OPTIONS] TOOL [key=value ...|JSON]\n"
    "\n"
    "Runs one tool through the same MCP path a host uses (validation, read-only\n"
    "mode, allow-lists, confirmations) and prints its text result.\n"
    "Arguments are key=value pairs; a value that parses as JSON (numbers,\n"
    "true/false, arrays, objects) is used as JSON, anything else as a string.\n"
    "A JSON object argument supplies several arguments at once.\n"
    "\n"
    "Deletes ask for confirmation on the terminal ([y/N]); without a terminal\n"
    "pass confirm=true or --yes.\n"
    "\n"
    "  --json               print the structured result as JSON\n"
    "  -y, --yes            answer yes to confirmations\n"
    "\n"
    "%s"
    "\n"
    "Examples:\n"
    "  halopsa-mcp call halopsa_tickets_list open_only=true page_size=5\n"
    "  halopsa-mcp call halopsa_tickets_get id=42 --json\n"
    "  halopsa-mcp call halopsa_tickets_list '{\"page\": 2, \"page_size\": 10}'\n"
    "\n"
    "Exit status: 0 success, 1 the tool reported an error, 2 usage or configuration error.\n";

static const char doctor_help[] =
    "Usage: halopsa-mcp doctor [OPTIONS]\n"
    "\n"
    "Checks the configuration, resolves the host, obtains a token, makes one\n"
    "cheap read and reports the rate limit. Prints one PASS or FAIL line per\n"
    "check, with what to do about a failure. Never prints a secret.\n"
    "\n"
    "%s"
    "\n"
    "Exit status: 0 when every check passes, 1 otherwise.\n";

static const char docs_help[] =
    "Usage: halopsa-mcp docs\n"
    "\n"
    "Prints the tool reference in Markdown (docs/tools.md): per domain a table\n"
    "of tools with their endpoints, annotations and required arguments.\n"
    "`make docs` regenerates docs/tools.md with it.\n";

static const char help_help[] =
    "Usage: halopsa-mcp help [COMMAND]\n"
    "\n"
    "Prints the help of COMMAND, or of the program.\n";

int app__usage(const char *cmd, FILE *f)
{
    if (!cmd)
        fprintf(f, program_help, common_options);
    else if (strcmp(cmd, "serve") == 0)
        fprintf(f, serve_help, common_options);
    else if (strcmp(cmd, "tools") == 0)
        fprintf(f, tools_help, common_options);
    else if (strcmp(cmd, "call") == 0)
        fprintf(f, call_help, common_options);
    else if (strcmp(cmd, "doctor") == 0)
        fprintf(f, doctor_help, common_options);
    else if (strcmp(cmd, "docs") == 0)
        fputs(docs_help, f);
    else if (strcmp(cmd, "help") == 0)
        fputs(help_help, f);
    else
        return -1;
    return 0;
}

int app__usage_error(const char *cmd, const char *fmt, ...)
{
    va_list ap;
    fputs("halopsa-mcp: ", stderr);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    if (cmd)
        fprintf(stderr, "\nTry 'halopsa-mcp %s --help'.\n", cmd);
    else
        fputs("\nTry 'halopsa-mcp --help'.\n", stderr);
    return APP_USAGE;
}
