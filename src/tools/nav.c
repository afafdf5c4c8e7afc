/* nav.c - the navigation tools: halopsa_navigate (enter a domain and learn
 * its tools), halopsa_back, halopsa_status (mode, domains, tenant,
 * credentials, rate budget) and halopsa_call (dispatch mode's runner). */
#include "fw_int.h"

#include "base/base.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The first sentence of a description (new string): the one-line purpose
 * navigate shows. */
static char *first_sentence(const char *s)
{
    const char *p = s ? s : "";
    const char *end = p;
    while (*end && !(end[0] == '.' && (end[1] == ' ' || end[1] == '\0')) && *end != '\n')
        end++;
    if (*end == '.')
        end++;
    return xstrndup(p, (size_t)(end - p));
}

static size_t registered_in(struct tools__reg *reg, size_t dom)
{
    size_t n = 0;
    for (size_t i = 0; i < reg->nentries; i++)
        n += reg->entries[i].tool->domain == dom;
    return n;
}

static const char *kind_word(enum tools_kind k)
{
    return k == TOOLS_READ ? "read" : k == TOOLS_WRITE ? "write" : "delete";
}

/* {name, title, purpose, kind, required, optional} for one registered tool. */
static json_t *tool_brief(const struct tools_def *t)
{
    json_t *schema = tools__input_schema(t);
    json_t *req = json_array(), *opt = json_array();
    json_t *required = json_object_get(schema, "required");
    const char *k;
    json_t *v;
    json_object_foreach(json_object_get(schema, "properties"), k, v) {
        bool is_req = false;
        size_t i;
        json_t *r;
        json_array_foreach(required, i, r) {
            if (json_is_string(r) && strcmp(json_string_value(r), k) == 0)
                is_req = true;
        }
        json_array_append_new(is_req ? req : opt, json_string(k));
    }
    json_decref(schema);
    char *purpose = first_sentence(t->description);
    json_t *o = json_pack("{s:s, s:s, s:s, s:s, s:o, s:o}", "name", t->name, "title",
                          t->title, "purpose", purpose, "kind",
                          kind_word(t->kind), "required", req, "optional", opt);
    free(purpose);
    return o;
}

/* ------------------------------------------------------------------ */
/* halopsa_navigate                                                    */

static json_t *navigate(struct mcp_call *mc, json_t *args, void *data)
{
    struct tools__reg *reg = data;
    const char *name = json_string_value(json_object_get(args, "domain"));
    int d = name ? tools__find_domain(name) : -1;
    if (d < 0 || !reg->allowed[d])
        return mcp_result_error("argument 'domain': unknown or disabled domain '%s'; call "
                                "halopsa_status for the list",
                                name ? name : "");
    const struct tools_domain *dom = tools__catalogue()->doms[d].row;
    if (reg->opts.mode == TOOLS_TREE)
        tools__nav_set(reg, mcp_call_session(mc), d);

    json_t *tools = json_array();
    struct buf text = {0};
    /* tree mode, 2026-07-28 client: no session keeps the domain, its list
     * stays at the top, so it gets each tool's inputSchema here */
    bool stateless = reg->opts.mode == TOOLS_TREE && mcp_session_is_stateless(mcp_call_session(mc));
    const char *how = stateless ? "Call these tools directly by name (they are not added to your tool list: "
                                  "your client keeps no session); each one's inputSchema is in the result:"
                      : reg->opts.mode == TOOLS_TREE
                          ? "These tools are now in your tool list; call them directly (by "
                            "name, even if your client has not refreshed its list):"
                      : reg->opts.mode == TOOLS_FLAT
                          ? "These tools are already in your tool list:"
                          : "Run them with halopsa_call {\"tool\": NAME, \"arguments\": {...}}:";
    buf_printf(&text, "%s: %s\n%s\n", dom->title, dom->summary, how);
    for (size_t i = 0; i < reg->nentries; i++) {
        const struct tools__entry *e = &reg->entries[i];
        if (e->tool->domain != (size_t)d)
            continue;
        json_t *b = tool_brief(e->tool);
        json_t *schema = tools__input_schema(e->tool);
        json_t *props = json_object_get(schema, "properties");
        struct buf args_text = {0};
        size_t k;
        json_t *v;
        /* name*:type, so a model can build the call from this text alone */
        for (int pass = 0; pass < 2; pass++) {
            json_array_foreach(json_object_get(b, pass ? "optional" : "required"), k, v) {
                const char *an = json_string_value(v);
                json_t *type = json_object_get(json_object_get(props, an), "type");
                buf_printf(&args_text, "%s%s%s:", args_text.len ? ", " : "", an,
                           pass ? "" : "*");
                if (json_is_string(type))
                    buf_appends(&args_text, json_string_value(type));
                for (size_t ti = 0; json_is_array(type) && ti < json_array_size(type); ti++)
                    buf_printf(&args_text, "%s%s", ti ? "|" : "",
                               json_string_value(json_array_get(type, ti)));
                if (!type)
                    buf_appends(&args_text, "any");
            }
        }
        if (stateless)
            json_object_set(b, "inputSchema", schema);
        json_decref(schema);
        buf_printf(&text, "- %s (%s): %s Arguments: %s\n", e->tool->name,
                   kind_word(e->tool->kind), json_string_value(json_object_get(b, "purpose")),
                   args_text.len ? args_text.data : "none");
        buf_free(&args_text);
        json_array_append_new(tools, b);
    }
    if (json_array_size(tools) == 0)
        buf_printf(&text, "(no tools of this domain are enabled here)\n");
    buf_printf(&text, "Arguments marked * are required.%s",
               reg->opts.mode == TOOLS_TREE && !stateless ? " Call halopsa_back to return." : "");
    json_t *sc = json_pack("{s:s, s:s, s:s, s:s, s:o}", "domain", dom->name, "title", dom->title,
                           "summary", dom->summary, "mode", tools_mode_name(reg->opts.mode),
                           "tools", tools);
    json_t *res = mcp_result_structured(sc, text.data);
    buf_free(&text);
    return res;
}

/* ------------------------------------------------------------------ */
/* halopsa_back                                                        */

static json_t *back(struct mcp_call *mc, json_t *args, void *data)
{
    struct tools__reg *reg = data;
    (void)args;
    const struct tools__catalogue *cat = tools__catalogue();
    int was = tools__nav_current(mcp_call_session(mc));
    tools__nav_set(reg, mcp_call_session(mc), -1);
    struct buf text = {0};
    buf_printf(&text, "%s Domains (halopsa_navigate {\"domain\": NAME}):",
               was >= 0 ? "Back at the top; the domain's tools left the list."
                        : "Already at the top.");
    for (size_t d = 0; d < cat->ndoms; d++) {
        if (reg->allowed[d])
            buf_printf(&text, " %s", cat->doms[d].row->name);
    }
    json_t *res = mcp_result_structured(
        json_pack("{s:s?, s:n}", "left", was >= 0 ? cat->doms[was].row->name : NULL, "domain"),
        text.data);
    buf_free(&text);
    return res;
}

/* ------------------------------------------------------------------ */
/* halopsa_status                                                      */

static json_t *status(struct mcp_call *mc, json_t *args, void *data)
{
    struct tools__reg *reg = data;
    struct halo_status st;
    struct halo_error herr;
    const char *auth_error = NULL;
    enum halo_reach reach = HALO_REACH_OK;
    char errline[1400];
    (void)args;
    halo_client_status(reg->hc, &st);
    /* "Valid" means HaloPSA accepted them: ask for a token when none is
     * cached, so a wrong secret shows here rather than at the first call. */
    if (st.has_credentials && !st.token_valid) {
        halo_set_cancel(NULL, NULL);
        /* One token attempt, no retries: unreachable, refused and
         * rejected credentials are told apart without spending slots. */
        if ((reach = halo_check_reach(reg->hc, &herr)) != HALO_REACH_OK) {
            halo_error_format(&herr, errline, sizeof errline);
            log_redact(errline);
            auth_error = errline;
        }
        halo_client_status(reg->hc, &st);
    }
    const struct tools__catalogue *cat = tools__catalogue();
    int cur = tools__nav_current(mcp_call_session(mc));
    const char *cur_name = cur >= 0 ? cat->doms[cur].row->name : NULL;
    json_t *domains = json_array();
    struct buf text = {0};
    buf_printf(&text, "HaloPSA at %s%s\n", st.base_url, reg->opts.demo ? " (demo tenant)" : "");
    buf_printf(&text, "Credentials: %s\n",
               !st.has_credentials ? "not set (HALOPSA_CLIENT_ID, HALOPSA_CLIENT_SECRET)"
               : st.token_valid    ? "set and valid"
                                   : halo_reach_words(reach));
    if (auth_error)
        buf_printf(&text, "  %s\n", auth_error);
    buf_printf(&text, "Tool mode: %s%s; current domain: %s\n", tools_mode_name(reg->opts.mode),
               reg->opts.read_only ? ", read-only" : "", cur_name ? cur_name : "none (top)");
    int remaining = st.rate_limit - st.used_in_window;
    if (remaining < 0)
        remaining = 0;
    buf_printf(&text, "Rate limit: %d of %d requests left in the %d s window\n", remaining,
               st.rate_limit, st.rate_window_s);
    buf_printf(&text, "Domains:");
    for (size_t d = 0; d < cat->ndoms; d++) {
        const struct tools_domain *dom = cat->doms[d].row;
        if (!reg->allowed[d])
            continue;
        size_t n = registered_in(reg, d);
        json_array_append_new(domains, json_pack("{s:s, s:s, s:s, s:I}", "name", dom->name,
                                                 "title", dom->title, "summary", dom->summary,
                                                 "tools", (json_int_t)n));
        buf_printf(&text, "\n- %s (%zu tools): %s", dom->name, n, dom->summary);
    }
    json_t *sc = json_pack(
        "{s:s, s:b, s:s?, s:o, s:s, s:b, s:{s:b, s:b, s:s?}, s:{s:i, s:i, s:i, s:i, s:I, s:I}}",
        "mode", tools_mode_name(reg->opts.mode), "read_only", reg->opts.read_only,
        "current_domain", cur_name, "domains", domains, "base_url", st.base_url,
        "demo", reg->opts.demo, "credentials", "set", st.has_credentials, "valid",
        st.token_valid, "error", auth_error, "rate_limit", "limit", st.rate_limit, "window_s",
        st.rate_window_s, "used", st.used_in_window, "remaining", remaining, "requests_total",
        (json_int_t)st.requests_total, "rate_limited", (json_int_t)st.rate_limited);
    json_t *res = mcp_result_structured(sc, text.data);
    buf_free(&text);
    return res;
}

/* ------------------------------------------------------------------ */
/* halopsa_call                                                        */

static json_t *call(struct mcp_call *mc, json_t *args, void *data)
{
    struct tools__reg *reg = data;
    const char *name = json_string_value(json_object_get(args, "tool"));
    json_t *targs = json_object_get(args, "arguments");
    if (!name)
        return mcp_result_error("argument 'tool': required");
    if (strcmp(name, "halopsa_call") == 0)
        return mcp_result_error("argument 'tool': halopsa_call cannot run itself");
    if (strcmp(name, "halopsa_navigate") != 0 && strcmp(name, "halopsa_status") != 0) {
        const char *why = tools__unavailable(reg, name);
        if (why && strcmp(why, "unknown tool") == 0)
            return mcp_result_error("argument 'tool': unknown tool '%s'; call halopsa_navigate "
                                    "with a domain to see its tools",
                                    name);
        if (why)
            return mcp_result_error("%s cannot run: %s.", name, why);
    }
    json_t *empty = json_object();
    json_t *res = mcp_call_invoke(mc, name, json_is_object(targs) ? targs : empty);
    json_decref(empty);
    return res;
}

/* ------------------------------------------------------------------ */

/* The navigation tools' arguments, as rows like every tool's. */
static const struct tools_arg call_args[] = {
    {"tool", TOOLS_A_STRING, "Tool name, e.g. halopsa_tickets_get", TOOLS_REQUIRED},
    {"arguments", TOOLS_A_OBJECT, "The tool's arguments"},
    {NULL},
};

/* A schema from rows, kept as long as reg. */
static const char *schema_text(struct tools__reg *reg, const struct tools_arg *args, long n)
{
    json_t *s = tools__schema(args, n, true);
    char *text = tools__reg_keep(reg, json_dumps(s, JSON_COMPACT));
    json_decref(s);
    return text;
}

int tools__register_nav(struct mcp_server *srv, struct tools__reg *reg, char *err, size_t errlen)
{
    struct buf desc = {0};
    enum tools_mode mode = reg->opts.mode;
    buf_printf(&desc, "%s",
               mode == TOOLS_TREE
                   ? "Open a HaloPSA domain: its tools are added to your tool list and described "
                     "here (name, purpose, arguments). Domains:"
               : mode == TOOLS_FLAT
                   ? "Describe the tools of a HaloPSA domain (all tools are already listed). "
                     "Domains:"
                   : "Describe the tools of a HaloPSA domain; run them with halopsa_call. "
                     "Domains:");
    const struct tools__catalogue *cat = tools__catalogue();
    const char **names = xcalloc(cat->ndoms + 1, sizeof *names);
    size_t n = 0;
    for (size_t d = 0; d < cat->ndoms; d++) {
        const struct tools_domain *dom = cat->doms[d].row;
        if (!reg->allowed[d])
            continue;
        names[n++] = dom->name;
        buf_printf(&desc, " %s (%s);", dom->name, dom->summary);
    }
    desc.data[desc.len - 1] = '.';
    const struct tools_arg nav_args[] = {
        {"domain", TOOLS_A_ENUM, "The domain to open", TOOLS_REQUIRED, .values = names},
    };
    struct mcp_tool nav = {
        .name = "halopsa_navigate",
        .title = "Open a HaloPSA domain",
        .description = tools__reg_keep(reg, buf_steal(&desc)),
        .input_schema = schema_text(reg, nav_args, 1),
        .annotations = {.read_only = true, .idempotent = true},
        .handler = navigate,
        .data = reg,
    };
    free(names);
    struct mcp_tool st = {
        .name = "halopsa_status",
        .title = "HaloPSA connection status",
        .description = "Show the HaloPSA tenant (base URL, demo or not), whether the API "
                       "credentials are set and accepted (never the secret), the tool mode, "
                       "read-only mode, the current domain, the domains with their tool "
                       "counts and the rate-limit budget left.",
        .input_schema = schema_text(reg, NULL, 0),
        .annotations = {.read_only = true, .idempotent = true, .open_world = true},
        .handler = status,
        .data = reg,
    };
    struct mcp_tool bk = {
        .name = "halopsa_back",
        .title = "Leave the HaloPSA domain",
        .description = "Leave the current domain: its tools leave your tool list and only the "
                       "navigation tools remain.",
        .input_schema = schema_text(reg, NULL, 0),
        .annotations = {.read_only = true, .idempotent = true},
        .handler = back,
        .data = reg,
    };
    struct mcp_tool cl = {
        .name = "halopsa_call",
        .title = "Run a HaloPSA tool",
        .description = "Run any HaloPSA domain tool by name with its arguments, e.g. "
                       "{\"tool\": \"halopsa_tickets_list\", \"arguments\": {\"open_only\": "
                       "true}}. Call halopsa_navigate first to learn a domain's tools and "
                       "their arguments. The same checks apply as to a direct call "
                       "(read-only mode, confirmation of deletes, dry_run).",
        .input_schema = schema_text(reg, call_args, -1),
        .annotations = {.destructive = true, .open_world = true},
        .handler = call,
        .data = reg,
    };
    if (mcp_server_add_tool(srv, &nav, err, errlen) != 0 ||
        mcp_server_add_tool(srv, &st, err, errlen) != 0)
        return -1;
    if (mode == TOOLS_TREE && mcp_server_add_tool(srv, &bk, err, errlen) != 0)
        return -1;
    if (mode == TOOLS_DISPATCH && mcp_server_add_tool(srv, &cl, err, errlen) != 0)
        return -1;
    return 0;
}
