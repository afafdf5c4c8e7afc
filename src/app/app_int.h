/* app_int.h - internals of the halopsa-mcp program shared by its files:
 * parsed command line, the setup every subcommand shares (logging,
 * configuration, demo tenant, client, MCP server) and the subcommands.
 * Names: app__x. Not a public interface. */
#ifndef HALOPSA_APP_INT_H
#define HALOPSA_APP_INT_H

#include "base/base.h"
#include "halo/halo.h"
#include "mcp/mcp.h"
#include "tools/tools.h"

#include <stdbool.h>
#include <stdio.h>

#ifndef HALOPSA_MCP_VERSION
#define HALOPSA_MCP_VERSION "0.1.0"
#endif

/* Exit statuses shared by every subcommand. */
enum { APP_OK = 0, APP_FAIL = 1, APP_USAGE = 2 };

struct sim;

struct app {
    /* command line */
    const char *cmd;          /* "serve", "tools", "call", "doctor", "docs", "help" */
    bool demo, read_only, json, yes, help, version;
    const char *log_level;    /* --log-level, NULL = environment or default */
    const char *tool_mode;    /* --tools */
    const char *domains;      /* --domains */
    const char *exclude_tools; /* --exclude-tools */
    const char *http;         /* --http [ADDR:]PORT: serve Streamable HTTP instead of stdio */
    const char *origins[17];  /* --allowed-origin, repeatable; NULL-terminated */
    int norigins;
    /* --http authentication and limits (remote.c) */
    const char *auth;            /* --auth none|token|oauth */
    const char *auth_tokens;     /* --auth-tokens FILE */
    const char *auth_issuer;     /* --auth-issuer URL */
    const char *auth_jwks_uri;   /* --auth-jwks-uri URL */
    const char *auth_read_scope; /* --auth-read-scope NAME */
    const char *auth_write_scope; /* --auth-write-scope NAME */
    const char *public_url;      /* --public-url URL */
    const char *max_sessions;    /* --max-sessions N */
    const char *session_idle;    /* --session-idle-timeout SECONDS */
    const char *max_calls;       /* --max-calls-per-principal N */
    const char *max_conns_ip;    /* --max-connections-per-ip N */
    bool allow_unauthenticated;  /* --allow-unauthenticated */
    char **args;              /* positional arguments after the subcommand (borrowed from argv) */
    int nargs;

    /* runtime, released by app__teardown */
    struct sim *sim;          /* the embedded demo tenant (--demo) */
    struct halo_config cfg;
    bool have_cfg;
    struct halo_client *hc;
    struct mcp_server *srv;
    struct tools_options topts;
};

/* setup.c */
/* Log level from HALOPSA_LOG_LEVEL then --log-level (default: fallback).
 * Returns APP_OK or APP_USAGE after printing the reason. */
int app__setup_logging(struct app *a, enum log_level fallback);
/* Configuration for the chosen tenant: the demo simulator with --demo, else
 * the HALOPSA_* variables. Returns APP_OK, or APP_USAGE after printing the
 * one message that names the variable. */
int app__load_config(struct app *a);
/* Uses a configuration that does no I/O (listing tools needs no tenant). */
void app__offline_config(struct app *a);
/* Tool options from the environment, then the flags. APP_OK or APP_USAGE. */
int app__load_tool_options(struct app *a);
/* Client, MCP server and tools on top of a->cfg. APP_OK or APP_USAGE. */
int app__build_server(struct app *a);
void app__teardown(struct app *a);
/* The catalogue entry (borrowed from catalog) for name, or NULL. */
json_t *app__catalog_find(json_t *catalog, const char *name);

/* The subcommands; each returns the exit status. */
int app__serve(struct app *a);
int app__tools(struct app *a);
int app__call(struct app *a);
int app__doctor(struct app *a);
int app__docs(struct app *a);

/* remote.c */
/* True when any --http-only option was given. */
bool app__remote_flags_given(const struct app *a);
/* Fills ho and auth from the --http options (bind address already in ho).
 * APP_OK or APP_USAGE after printing the reason. */
int app__remote_options(struct app *a, struct mcp_http_options *ho, struct mcp_auth_options *auth);

/* usage.c */
/* Prints the help of cmd (NULL = the program) to f. Returns -1 when cmd is
 * not a subcommand. */
int app__usage(const char *cmd, FILE *f);
/* Prints "halopsa-mcp: <message>" and the hint to try --help, returns
 * APP_USAGE. */
int app__usage_error(const char *cmd, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

#endif
