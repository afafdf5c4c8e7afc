/* remote.c - the options of `serve --http` for a shared, remote server:
 * authentication (--auth none|token|oauth and its settings), the refusal
 * to serve a network without it, and the session and abuse limits. */
#include "app_int.h"

#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define DEFAULT_READ_SCOPE "halopsa:read"
#define DEFAULT_WRITE_SCOPE "halopsa:write"

bool app__remote_flags_given(const struct app *a)
{
    return a->auth || a->auth_tokens || a->auth_issuer || a->auth_jwks_uri || a->auth_read_scope ||
           a->auth_write_scope || a->public_url || a->max_sessions || a->session_idle ||
           a->max_calls || a->max_conns_ip || a->allow_unauthenticated;
}

/* A whole number in [lo, hi] from flag's value. 0 or -1 (after the usage
 * message). */
static int count_flag(const struct app *a, const char *flag, const char *v, long lo, long hi,
                      long *out)
{
    char *end;
    long n;
    if (!v)
        return 0;
    n = strtol(v, &end, 10);
    if (!*v || *end || n < lo || n > hi) {
        app__usage_error(a->cmd, "%s: '%s' is not a whole number from %ld to %ld", flag, v, lo, hi);
        return -1;
    }
    *out = n;
    return 0;
}

static bool is_loopback(const char *addr)
{
    return strncmp(addr, "127.", 4) == 0 || strcmp(addr, "::1") == 0 ||
           strcmp(addr, "localhost") == 0;
}

int app__remote_options(struct app *a, struct mcp_http_options *ho, struct mcp_auth_options *auth)
{
    long n;
    memset(auth, 0, sizeof *auth);
    const char *mode = a->auth ? a->auth : "none";
    if (strcmp(mode, "none") == 0)
        auth->mode = MCP_AUTH_NONE;
    else if (strcmp(mode, "token") == 0)
        auth->mode = MCP_AUTH_TOKEN;
    else if (strcmp(mode, "oauth") == 0)
        auth->mode = MCP_AUTH_OAUTH;
    else
        return app__usage_error(a->cmd, "--auth: '%s' is not none, token or oauth", mode);

    if (auth->mode == MCP_AUTH_TOKEN && !a->auth_tokens)
        return app__usage_error(a->cmd, "--auth token needs --auth-tokens FILE (lines: NAME "
                                        "TOKEN [read] [write])");
    if (auth->mode != MCP_AUTH_TOKEN && a->auth_tokens)
        return app__usage_error(a->cmd, "--auth-tokens goes with --auth token");
    if (auth->mode == MCP_AUTH_OAUTH && !a->auth_issuer)
        return app__usage_error(a->cmd, "--auth oauth needs --auth-issuer URL (the authorization "
                                        "server's issuer)");
    if (auth->mode != MCP_AUTH_OAUTH &&
        (a->auth_issuer || a->auth_jwks_uri || a->auth_read_scope || a->auth_write_scope))
        return app__usage_error(a->cmd, "--auth-issuer, --auth-jwks-uri and the scope names go "
                                        "with --auth oauth");
    if (auth->mode == MCP_AUTH_NONE && a->public_url)
        return app__usage_error(a->cmd, "--public-url goes with --auth token or --auth oauth");
    const char *bind = ho->bind_addr ? ho->bind_addr : "127.0.0.1";
    if (auth->mode == MCP_AUTH_NONE && !is_loopback(bind) && !a->allow_unauthenticated)
        return app__usage_error(a->cmd, "refusing to serve %s without authentication: anyone "
                                "who can reach it could use your HaloPSA credentials. Use "
                                "--auth token or --auth oauth, or say --allow-unauthenticated "
                                "(e.g. behind an authenticating reverse proxy)", bind);
    if (auth->mode != MCP_AUTH_NONE && !is_loopback(bind) && !a->public_url)
        return app__usage_error(a->cmd, "--auth on %s needs --public-url URL: the address "
                                "clients use, e.g. https://mcp.example.com/mcp (tokens are "
                                "issued for it)", bind);
    auth->tokens_file = a->auth_tokens;
    auth->issuer = a->auth_issuer;
    auth->jwks_uri = a->auth_jwks_uri;
    auth->resource = a->public_url;
    auth->read_scope = a->auth_read_scope ? a->auth_read_scope : DEFAULT_READ_SCOPE;
    auth->write_scope = a->auth_write_scope ? a->auth_write_scope : DEFAULT_WRITE_SCOPE;
    ho->auth = auth;
    ho->allow_unauthenticated = a->allow_unauthenticated;

    if (count_flag(a, "--max-sessions", a->max_sessions, 1, 100000, &n) != 0)
        return APP_USAGE;
    if (a->max_sessions)
        ho->max_sessions = (size_t)n;
    if (count_flag(a, "--session-idle-timeout", a->session_idle, 1, INT_MAX / 1000, &n) != 0)
        return APP_USAGE;
    if (a->session_idle)
        ho->idle_timeout_ms = (int)(n * 1000);
    if (count_flag(a, "--max-calls-per-principal", a->max_calls, 1, 10000, &n) != 0)
        return APP_USAGE;
    if (a->max_calls)
        ho->max_calls_per_principal = (size_t)n;
    if (count_flag(a, "--max-connections-per-ip", a->max_conns_ip, 0, 10000, &n) != 0)
        return APP_USAGE;
    if (a->max_conns_ip) /* 0: no cap (behind a proxy every client has its address) */
        ho->max_connections_per_ip = n ? (size_t)n : SIZE_MAX;
    return APP_OK;
}
