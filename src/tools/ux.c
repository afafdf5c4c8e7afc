/* ux.c - registers what the server offers besides tools (prompts,
 * resources and their subscriptions, completions, the MCP Apps ticket
 * view) and the context they use to reach HaloPSA outside a tool call. */
#include "ux_int.h"

#include "base/base.h"

#include <stdlib.h>
#include <string.h>

static bool ux_cancelled(void *ud)
{
    return mcp_call_cancelled(ud);
}

void tools__ux_begin(struct tools_call *c, struct tools__ux *ux, struct mcp_call *mc,
                     const struct tools_def *what)
{
    *c = (struct tools_call){.mcp = mc, .hc = ux->reg->hc, .tool = what, .opts = &ux->reg->opts};
    if (mc)
        halo_set_cancel(ux_cancelled, mc);
}

void tools__ux_end(struct tools_call *c)
{
    if (c->mcp)
        halo_set_cancel(NULL, NULL);
    json_decref(c->error);
    json_decref(c->preview);
    json_decref(c->resolved);
    c->error = c->preview = c->resolved = NULL;
}

char *tools__ux_error(struct tools_call *c)
{
    json_t *e = c->error;
    const char *text = json_string_value(json_object_get(json_array_get(json_object_get(e, "content"), 0), "text"));
    char *out = xstrdup(text ? text : "");
    json_decref(e);
    c->error = NULL;
    return out;
}

bool tools__ux_has_tool(struct tools__ux *ux, const char *tool)
{
    return tools__reg_entry(ux->reg, tool) != NULL;
}

bool tools__ux_domain_on(struct tools__ux *ux, const char *name)
{
    int d = tools__find_domain(name);
    if (d < 0)
        return ux->reg->opts.domains == NULL;
    return ux->reg->allowed[d];
}

json_t *tools__ux_run_tool(struct tools_call *c, const char *name, json_t *args)
{
    const struct tools_def *saved = c->tool;
    const struct tools_def *t = tools__find(name);
    json_t *res = NULL;
    if (!t || t->kind != TOOLS_READ)
        return mcp_result_error("%s is not a read tool", name);
    c->tool = t;
    res = t->run(c, args);
    if (!res)
        res = tools__take_error(c);
    c->tool = saved;
    return res;
}

void tools__ux_free(struct tools__ux *ux)
{
    if (!ux)
        return;
    tools__ux_poll_free(ux);
    free(ux);
}

int tools__register_ux(struct mcp_server *srv, struct tools__reg *reg, char *err, size_t errlen)
{
    struct tools__ux *ux = xcalloc(1, sizeof *ux);
    ux->reg = reg;
    ux->srv = srv;
    reg->ux = ux; /* freed with reg whatever happens next */
    if (tools__ux_poll_config(ux, err, errlen) != 0 || tools__ux_prompts(ux, err, errlen) != 0 ||
        tools__ux_resources(ux, err, errlen) != 0 || tools__ux_view(ux, err, errlen) != 0)
        return -1;
    mcp_server_set_completion(srv, tools__ux_complete, ux);
    tools__ux_poll_start(ux);
    return 0;
}
