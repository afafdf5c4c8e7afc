/* setup.c - what every subcommand shares: logging, the tenant's
 * configuration (or the embedded demo tenant), the client and the server. */
#include "app_int.h"

#include "base/base.h"

#include <stdlib.h>
#include <string.h>

int app__setup_logging(struct app *a, enum log_level fallback)
{
    return app__load_settings(a, APP_CHECK_LOGGING, fallback);
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
    app__stop_demo(a);
    a->srv = NULL;
    a->hc = NULL;
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
