/* setup.c - what every subcommand shares: logging, the tenant's
 * configuration (or the embedded demo tenant), the client and the server. */
#include "app_int.h"

#include "base/base.h"
#include "sim.h"

#include <stdlib.h>
#include <string.h>

int app__setup_logging(struct app *a, enum log_level fallback)
{
    enum log_level level = fallback;
    const char *env = base_env("HALOPSA_LOG_LEVEL"); /* the one rule for "unset" */
    if (env && log_parse_level(env, &level) != 0) {
        fprintf(stderr, "halopsa-mcp: HALOPSA_LOG_LEVEL: '%s' is not one of debug, info, warn, "
                        "error, off\n", env);
        return APP_USAGE;
    }
    if (a->log_level && log_parse_level(a->log_level, &level) != 0)
        return app__usage_error(a->cmd, "--log-level: '%s' is not one of debug, info, warn, "
                                        "error, off", a->log_level);
    log_set_level(level);
    return APP_OK;
}

static int load_demo_config(struct app *a)
{
    struct sim_options so;
    char err[512];
    sim_options_default(&so);
    so.bind_addr = "127.0.0.1";
    so.port = 0;
    a->sim = sim_start(&so, err, sizeof err);
    if (!a->sim) {
        fprintf(stderr, "halopsa-mcp: cannot start the demo tenant: %s\n", err);
        return APP_FAIL;
    }
    char *url = xasprintf("http://127.0.0.1:%d", sim_port(a->sim));
    int rc = halo_config_init(&a->cfg, url, NULL, NULL, SIM_DEMO_CLIENT_ID,
                              SIM_DEMO_CLIENT_SECRET, err, sizeof err);
    free(url);
    if (rc != 0) {
        fprintf(stderr, "halopsa-mcp: demo configuration: %s\n", err);
        return APP_FAIL;
    }
    a->have_cfg = true;
    log_info("serving the embedded demo tenant at %s", a->cfg.base_url);
    return APP_OK;
}

int app__load_config(struct app *a)
{
    char err[512];
    if (a->demo)
        return load_demo_config(a);
    if (halo_config_from_env(&a->cfg, err, sizeof err) != 0) {
        fprintf(stderr, "halopsa-mcp: %s\n", err);
        return APP_USAGE;
    }
    a->have_cfg = true;
    log_add_secret(a->cfg.client_secret);
    return APP_OK;
}

void app__offline_config(struct app *a)
{
    char err[256];
    if (halo_config_init(&a->cfg, "http://127.0.0.1", NULL, NULL, "offline", "offline-secret",
                         err, sizeof err) == 0)
        a->have_cfg = true;
    else
        log_debug("offline configuration: %s", err);
}

int app__load_tool_options(struct app *a)
{
    char err[512];
    if (tools_options_from_env(&a->topts, err, sizeof err) != 0) {
        fprintf(stderr, "halopsa-mcp: %s\n", err);
        return APP_USAGE;
    }
    if (a->tool_mode && tools_parse_mode(a->tool_mode, &a->topts.mode) != 0)
        return app__usage_error(a->cmd, "--tools: '%s' is not one of tree, flat, dispatch",
                                a->tool_mode);
    if (a->read_only)
        a->topts.read_only = true;
    if (a->domains)
        a->topts.domains = a->domains;
    if (a->exclude_tools)
        a->topts.exclude_tools = a->exclude_tools;
    a->topts.demo = a->demo;
    return APP_OK;
}

int app__build_server(struct app *a)
{
    char err[512];
    if (!a->have_cfg) {
        fprintf(stderr, "halopsa-mcp: no configuration\n");
        return APP_USAGE;
    }
    /* The instructions name every domain of the tool table. */
    char *instructions = tools_instructions();
    struct mcp_server_info info = {
        .name = "halopsa-mcp",
        .title = "HaloPSA",
        .version = HALOPSA_MCP_VERSION,
        .instructions = instructions,
    };
    a->hc = halo_client_new(&a->cfg);
    a->srv = mcp_server_new(&info);
    free(instructions);
    if (tools_register(a->srv, a->hc, &a->topts, err, sizeof err) != 0) {
        fprintf(stderr, "halopsa-mcp: %s\n", err);
        return APP_USAGE;
    }
    return APP_OK;
}

void app__teardown(struct app *a)
{
    /* The server's tools borrow the client, and the client talks to the
     * demo tenant: free in that order. */
    if (a->srv)
        mcp_server_free(a->srv);
    if (a->hc)
        halo_client_free(a->hc);
    if (a->have_cfg)
        halo_config_cleanup(&a->cfg);
    if (a->sim)
        sim_stop(a->sim);
    a->srv = NULL;
    a->hc = NULL;
    a->sim = NULL;
    a->have_cfg = false;
}

json_t *app__catalog_find(json_t *catalog, const char *name)
{
    size_t i;
    json_t *t;
    json_array_foreach(catalog, i, t) {
        const char *n = json_string_value(json_object_get(t, "name"));
        if (n && strcmp(n, name) == 0)
            return t;
    }
    return NULL;
}
