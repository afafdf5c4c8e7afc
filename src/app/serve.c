/* serve.c - the default subcommand: one MCP session on stdin/stdout, or
 * Streamable HTTP sessions for a team (--http). */
#include "app_int.h"

#include "base/base.h"

#include <stdlib.h>
#include <string.h>

/* Splits "[ADDR:]PORT" ("8080", "0.0.0.0:8080", "[::1]:8080") into o. The
 * address is copied into addr. Returns 0 or -1. */
static int parse_listen(const char *spec, char *addr, size_t addrlen, struct mcp_http_options *o)
{
    const char *colon = strrchr(spec, ':');
    const char *port = colon ? colon + 1 : spec;
    char *end;
    long p = strtol(port, &end, 10);
    if (!*port || *end || p < 0 || p > 65535)
        return -1;
    o->port = (int)p;
    if (colon) {
        const char *h = spec;
        size_t n = (size_t)(colon - spec);
        if (n >= 2 && h[0] == '[' && h[n - 1] == ']') {
            h++;
            n -= 2;
        }
        if (n == 0 || n >= addrlen)
            return -1;
        memcpy(addr, h, n);
        addr[n] = '\0';
        o->bind_addr = addr;
    }
    return 0;
}

int app__serve(struct app *a)
{
    int rc = app__setup_logging(a, LOG_INFO);
    if (rc != APP_OK)
        return rc;
    /* Configuration is checked now, not at the first tool call, so a host
     * shows the one message naming the variable when it starts us. */
    if ((rc = app__load_config(a)) != APP_OK)
        goto out;
    if ((rc = app__load_tool_options(a)) != APP_OK)
        goto out;
    if ((rc = app__build_server(a)) != APP_OK)
        goto out;
    if (a->http) {
        char addr[256];
        struct mcp_http_options ho = {.bind_addr = "127.0.0.1",
                                      .allowed_origins = a->norigins ? a->origins : NULL};
        struct mcp_auth_options auth;
        if (parse_listen(a->http, addr, sizeof addr, &ho) != 0) {
            rc = app__usage_error(a->cmd, "--http: '%s' is not [ADDR:]PORT", a->http);
            goto out;
        }
        if ((rc = app__remote_options(a, &ho, &auth)) != APP_OK)
            goto out;
        log_info("halopsa-mcp %s serving MCP over HTTP (tools: %s%s) against %s",
                 HALOPSA_MCP_VERSION, tools_mode_name(a->topts.mode),
                 a->topts.read_only ? ", read-only" : "", a->cfg.base_url);
        rc = mcp_serve_http(a->srv, &ho) == 0 ? APP_OK : APP_FAIL;
        goto out;
    }
    log_info("halopsa-mcp %s serving MCP on stdio (tools: %s%s) against %s", HALOPSA_MCP_VERSION,
             tools_mode_name(a->topts.mode), a->topts.read_only ? ", read-only" : "",
             a->cfg.base_url);
    if (mcp_serve_stdio(a->srv, 0, 1) != 0) {
        log_error("stdio transport failed");
        rc = APP_FAIL;
        goto out;
    }
    log_info("end of input, exiting");
    rc = APP_OK;
out:
    app__teardown(a);
    return rc;
}
