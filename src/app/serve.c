/* serve.c - the default subcommand: one MCP session on stdin/stdout. */
#include "app_int.h"

#include "base/base.h"

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
