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
    bool reset_demo;          /* --reset-demo: the demo state starts again from the seed */
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
    char *unasked;            /* call: the question of a confirmation that came with no
                               * terminal to ask on (new, freed by app__call) */
    bool confirm_arg;         /* call: the arguments say confirm=true */
    char **args;              /* positional arguments after the subcommand (borrowed from argv) */
    int nargs;

    /* runtime, released by app__teardown */
    struct sim *sim;          /* the embedded demo tenant (--demo) */
    int demo_lock;            /* fd holding the demo state's lock, or -1 */
    struct halo_config cfg;
    bool have_cfg;
    struct halo_client *hc;
    struct mcp_server *srv;
    struct tools_options topts;
};

/* settings.c */
/* A setting halopsa-mcp reads (a variable or a flag) and what to do when
 * its value is wrong. */
struct app_setting {
    const char *name;  /* "HALOPSA_RATE_LIMIT", "--tools" */
    bool has_default;  /* may be left unset */
    const char *fix;   /* one sentence: what to set it to */
};
/* The setting a message names at its start ("HALOPSA_TIMEOUT_MS must
 * be ..."), borrowed from a static table; NULL when none. */
const struct app_setting *app__setting_in(const char *text);

/* One problem with the settings. */
struct app_problem {
    const struct app_setting *setting; /* the setting at fault, or NULL */
    const char *part;                  /* "logging", "configuration", "tools", "audit log" */
    const char *text;                  /* one line naming the setting (borrowed for the call) */
    bool warning;                      /* the program runs anyway */
};
struct app_check {
    void (*report)(void *ud, const struct app_problem *p);
    void *ud;
    int errors;       /* set by app__check_settings */
    bool demo_failed; /* the demo tenant did not start (said on stderr) */
};
enum {
    APP_CHECK_LOGGING = 1, /* HALOPSA_LOG_LEVEL, --log-level: sets the level */
    APP_CHECK_CONFIG = 2,  /* the tenant's HALOPSA_* variables into a->cfg, or the demo tenant */
    APP_CHECK_TOOLS = 4,   /* tool mode, read-only, the allow- and deny-lists into a->topts */
    APP_CHECK_AUDIT = 8,   /* HALOPSA_AUDIT_LOG, HALOPSA_AUDIT_LEVEL (opens the log) */
    APP_CHECK_ALL = 15,
};
/* Reads and checks the parts of the settings (environment, then flags),
 * calling ck->report for every problem, each naming its setting; the log
 * level falls back to fallback when it is bad. The one path every command
 * takes, so doctor checks exactly what serve checks. Returns the number of
 * errors (warnings do not count). */
int app__check_settings(struct app *a, unsigned parts, enum log_level fallback,
                        struct app_check *ck);
/* app__check_settings printing each problem on stderr. APP_OK, APP_USAGE
 * (a bad setting) or APP_FAIL (the demo tenant did not start). */
int app__load_settings(struct app *a, unsigned parts, enum log_level fallback);

/* setup.c */
/* app__load_settings for the log level alone. */
int app__setup_logging(struct app *a, enum log_level fallback);

/* demo.c */
/* Starts the embedded demo tenant and points a->cfg at it; `call` keeps
 * its state in a file (locked until app__stop_demo), other commands in
 * memory. APP_OK or APP_FAIL after printing why. */
int app__start_demo(struct app *a);
/* Stops the demo tenant (saving its state) and releases the lock. */
void app__stop_demo(struct app *a);
/* Uses a configuration that does no I/O (listing tools needs no tenant). */
void app__offline_config(struct app *a);
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
