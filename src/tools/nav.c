/* nav.c - the navigation tools: halopsa_navigate (find tools by a request
 * in words, or open one or several domains and learn their tools),
 * halopsa_back, halopsa_status (mode, domains, tenant, credentials, rate
 * budget) and halopsa_call (runs any tool by name). All four are
 * registered in every mode; the mode decides which are listed. */
#include "fw_int.h"
#include "rank_int.h"

#include "base/base.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* halopsa_navigate: results of a query by default and at most. */
#define QUERY_LIMIT 5
#define QUERY_LIMIT_MAX 20
/* A query holds the domains of this many best matches (tree mode). */
#define QUERY_HOLDS 3
/* The domain names in halopsa_navigate's description stop at this many
 * bytes, so tree mode's first list stays small whatever the number of
 * domains (calling it without arguments lists them all). */
#define NAMES_IN_DESCRIPTION 520

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

static const char *dom_name(size_t d)
{
    return tools__catalogue()->doms[d].row->name;
}

/* The enabled domains' names, ", "-separated (new string). */
static char *domain_names(struct tools__reg *reg)
{
    const struct tools__catalogue *cat = tools__catalogue();
    struct buf b = {0};
    for (size_t d = 0; d < cat->ndoms; d++) {
        if (reg->allowed[d])
            buf_printf(&b, "%s%s", b.len ? ", " : "", cat->doms[d].row->name);
    }
    return buf_steal(&b);
}

/* "a*:integer, b:string|array" of a tool's arguments, required ones first
 * (marked *), so a model can build the call from this text alone. */
static void args_text(struct buf *out, json_t *brief, json_t *schema)
{
    json_t *props = json_object_get(schema, "properties");
    size_t k, start = out->len;
    json_t *v;
    for (int pass = 0; pass < 2; pass++) {
        json_array_foreach(json_object_get(brief, pass ? "optional" : "required"), k, v) {
            const char *an = json_string_value(v);
            json_t *type = json_object_get(json_object_get(props, an), "type");
            buf_printf(out, "%s%s%s:", out->len > start ? ", " : "", an, pass ? "" : "*");
            if (json_is_string(type))
                buf_appends(out, json_string_value(type));
            for (size_t ti = 0; json_is_array(type) && ti < json_array_size(type); ti++)
                buf_printf(out, "%s%s", ti ? "|" : "", json_string_value(json_array_get(type, ti)));
            if (!type)
                buf_appends(out, "any");
        }
    }
    if (out->len == start)
        buf_appends(out, "none");
}

/* {name, domain, title, purpose, kind, required, optional[, inputSchema]}
 * of one registered tool, and its line in the text answer. */
static json_t *tool_brief(struct tools__reg *reg, const struct tools_def *t, bool with_schema,
                          struct buf *text)
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
    char *purpose = first_sentence(t->description);
    json_t *o = json_pack("{s:s, s:s, s:s, s:s, s:s, s:o, s:o}", "name", t->name, "domain",
                          dom_name(t->domain), "title", t->title, "purpose", purpose, "kind",
                          kind_word(t->kind), "required", req, "optional", opt);
    bool unlisted = reg->opts.mode == TOOLS_FLAT && !tools__flat_lists(reg, t);
    if (unlisted)
        json_object_set_new(o, "listed", json_false());
    buf_printf(text, "- %s (%s%s): %s Arguments: ", t->name, kind_word(t->kind),
               unlisted ? "; not in your tool list: run it with halopsa_call" : "", purpose);
    args_text(text, o, schema);
    buf_appends(text, "\n");
    if (with_schema)
        json_object_set(o, "inputSchema", schema);
    json_decref(schema);
    free(purpose);
    return o;
}

/* How the tools of an answer are called, in this mode. */
static const char *how_to_call(struct tools__reg *reg, bool stateless, bool query)
{
    if (stateless)
        return "Call these tools directly by name (they are not added to your tool list: your "
               "client keeps no session); each one's inputSchema is in the result:";
    switch (reg->opts.mode) {
    case TOOLS_TREE:
        return query ? "The best matches, best first; their domains are now in your tool list: "
                       "call them directly by name (even if your client has not refreshed its "
                       "list):"
                     : "These tools are now in your tool list; call them directly (by name, "
                       "even if your client has not refreshed its list):";
    case TOOLS_FLAT:
        return reg->flat_unlisted
                   ? "These tools are in your tool list unless marked; run a marked one with "
                     "halopsa_call {\"tool\": NAME, \"arguments\": {...}}:"
                   : "These tools are already in your tool list:";
    case TOOLS_DISPATCH:
        break;
    }
    return "Run them with halopsa_call {\"tool\": NAME, \"arguments\": {...}}:";
}

/* ------------------------------------------------------------------ */
/* halopsa_navigate                                                    */

/* The domains named by args.domain (a name or an array of names) into
 * doms (room for every domain). Returns how many, or -1 with *error set
 * (a result naming the bad one). */
static int named_domains(struct tools__reg *reg, json_t *arg, int *doms, json_t **error)
{
    const struct tools__catalogue *cat = tools__catalogue();
    json_t *one = json_is_string(arg) ? json_pack("[O]", arg) : json_incref(arg);
    size_t i;
    json_t *v;
    int n = 0;
    json_array_foreach(one, i, v) {
        const char *name = json_string_value(v);
        int d = name ? tools__find_domain(name) : -1;
        if (d < 0 || !reg->allowed[d]) {
            char *names = domain_names(reg);
            *error = mcp_result_error("argument 'domain': %s domain '%s' (domains: %s)",
                                      d < 0 ? "unknown" : "not enabled (HALOPSA_DOMAINS)",
                                      name ? name : "", names);
            free(names);
            json_decref(one);
            return -1;
        }
        bool seen = false;
        for (int k = 0; k < n; k++)
            seen = seen || doms[k] == d;
        if (!seen && (size_t)n < cat->ndoms)
            doms[n++] = d;
    }
    json_decref(one);
    return n;
}

/* No arguments: the map of domains. */
static json_t *list_domains(struct tools__reg *reg)
{
    const struct tools__catalogue *cat = tools__catalogue();
    json_t *domains = json_array();
    struct buf text = {0};
    buf_appends(&text, "HaloPSA domains (halopsa_navigate {\"domain\": NAME} lists a domain's "
                       "tools; {\"query\": \"what you want to do\"} finds tools across all of "
                       "them):");
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
    json_t *res = mcp_result_structured(
        json_pack("{s:s, s:o}", "mode", tools_mode_name(reg->opts.mode), "domains", domains),
        text.data);
    buf_free(&text);
    return res;
}

struct query_filter {
    struct tools__reg *reg;
    const int *doms; /* only these domains (n of them; 0: all) */
    int n;
};

/* A query finds only what this configuration can call. */
static bool query_keeps(size_t doc, void *ud)
{
    struct query_filter *f = ud;
    const struct tools_def *t = f->reg->rank_tools[doc];
    if (!tools__reg_entry(f->reg, t->name))
        return false;
    for (int i = 0; i < f->n; i++) {
        if ((size_t)f->doms[i] == t->domain)
            return true;
    }
    return f->n == 0;
}

/* The tools that answer, in order: a query's best matches, or every
 * registered tool of the named domains. Fills tools (new array of briefs)
 * and the text; the domains a tree session should hold into hold. */
static json_t *answer_tools(struct tools__reg *reg, const char *query, json_int_t limit,
                            const int *doms, int ndoms, bool stateless, struct buf *text,
                            int *hold, size_t *nhold)
{
    json_t *tools = json_array();
    *nhold = 0;
    if (query) {
        size_t *hits = xcalloc((size_t)limit, sizeof *hits);
        double *scores = xcalloc((size_t)limit, sizeof *scores);
        struct query_filter f = {reg, doms, ndoms};
        size_t n = tools__rank(reg->ranker, query, query_keeps, &f, hits, scores,
                                      (size_t)limit);
        for (size_t i = 0; i < n; i++) {
            const struct tools_def *t = reg->rank_tools[hits[i]];
            json_t *b = tool_brief(reg, t, stateless, text);
            json_object_set_new(b, "score", json_real((double)(long)(scores[i] * 100) / 100));
            json_array_append_new(tools, b);
            bool seen = false;
            for (size_t k = 0; k < *nhold; k++)
                seen = seen || hold[k] == (int)t->domain;
            if (!seen && i < QUERY_HOLDS)
                hold[(*nhold)++] = (int)t->domain;
        }
        free(hits);
        free(scores);
        return tools;
    }
    for (int k = 0; k < ndoms; k++) {
        const struct tools_domain *dom = tools__catalogue()->doms[doms[k]].row;
        if (ndoms > 1)
            buf_printf(text, "%s: %s\n", dom->title, dom->summary);
        size_t before = json_array_size(tools);
        for (size_t i = 0; i < reg->nentries; i++) {
            if (reg->entries[i].tool->domain == (size_t)doms[k])
                json_array_append_new(tools,
                                      tool_brief(reg, reg->entries[i].tool, stateless, text));
        }
        if (json_array_size(tools) == before)
            buf_printf(text, "(no tools of %s are enabled here)\n", dom->name);
        hold[(*nhold)++] = doms[k];
    }
    return tools;
}

static json_t *navigate(struct mcp_call *mc, json_t *args, void *data)
{
    struct tools__reg *reg = data;
    const struct tools__catalogue *cat = tools__catalogue();
    struct mcp_session *s = mcp_call_session(mc);
    const char *query = json_string_value(json_object_get(args, "query"));
    json_t *limit_arg = json_object_get(args, "limit");
    json_int_t limit = json_is_integer(limit_arg) ? json_integer_value(limit_arg) : QUERY_LIMIT;
    json_t *res = NULL, *error = NULL;
    int *doms = xcalloc(cat->ndoms ? cat->ndoms : 1, sizeof *doms);
    int *hold = xcalloc(cat->ndoms > QUERY_HOLDS ? cat->ndoms : QUERY_HOLDS, sizeof *hold);
    size_t nhold = 0;
    struct buf text = {0};
    int ndoms = 0;

    if (query && !query[strspn(query, " \t\r\n")])
        query = NULL;
    if (limit < 1 || limit > QUERY_LIMIT_MAX)
        limit = QUERY_LIMIT;
    if (json_object_get(args, "domain") &&
        (ndoms = named_domains(reg, json_object_get(args, "domain"), doms, &error)) < 0) {
        res = error;
        goto out;
    }
    if (!query && ndoms == 0) {
        res = list_domains(reg);
        goto out;
    }
    /* tree mode, 2026-07-28 client: no session keeps a domain, the list
     * stays at the top, so the answer carries each tool's inputSchema */
    bool stateless = reg->opts.mode == TOOLS_TREE && mcp_session_is_stateless(s);
    if (query)
        buf_printf(&text, "Tools for \"%s\"%s:\n", query, ndoms ? " in the domains named" : "");
    else if (ndoms == 1)
        buf_printf(&text, "%s: %s\n", cat->doms[doms[0]].row->title,
                   cat->doms[doms[0]].row->summary);
    size_t head = text.len;
    json_t *tools = answer_tools(reg, query, limit, doms, ndoms, stateless, &text, hold, &nhold);
    char *body = xstrdup(text.data ? text.data + head : "");
    text.len = head;
    buf_printf(&text, "%s\n%s", how_to_call(reg, stateless, query != NULL), body);
    free(body);
    if (query && json_array_size(tools) == 0) {
        char *names = domain_names(reg);
        buf_printf(&text, "No tool matches. Try other words, or a domain: %s.\n", names);
        free(names);
    }
    if (reg->opts.mode == TOOLS_TREE)
        tools__nav_use(reg, s, hold, nhold);
    int held[TOOLS__HELD_MAX];
    size_t nheld = tools__nav_held(s, held);
    json_t *held_json = json_array();
    for (size_t i = 0; i < nheld; i++)
        json_array_append_new(held_json, json_string(dom_name((size_t)held[i])));
    buf_printf(&text, "Arguments marked * are required.%s",
               reg->opts.mode == TOOLS_TREE && !stateless ? " Call halopsa_back to leave." : "");
    json_t *sc = json_pack("{s:s, s:o, s:o}", "mode", tools_mode_name(reg->opts.mode), "tools",
                           tools, "held", held_json);
    if (query)
        json_object_set_new(sc, "query", json_string(query));
    if (ndoms) {
        const struct tools_domain *first = cat->doms[doms[0]].row;
        json_t *names = json_array();
        for (int i = 0; i < ndoms; i++)
            json_array_append_new(names, json_string(dom_name((size_t)doms[i])));
        json_object_set_new(sc, "domains", names);
        json_object_set_new(sc, "domain", json_string(first->name));
        json_object_set_new(sc, "title", json_string(first->title));
        json_object_set_new(sc, "summary", json_string(first->summary));
    }
    res = mcp_result_structured(sc, text.data);
out:
    buf_free(&text);
    free(doms);
    free(hold);
    return res;
}

/* ------------------------------------------------------------------ */
/* halopsa_back                                                        */

static json_t *back(struct mcp_call *mc, json_t *args, void *data)
{
    struct tools__reg *reg = data;
    struct mcp_session *s = mcp_call_session(mc);
    const char *name = json_string_value(json_object_get(args, "domain"));
    int dom = -1;
    if (name && (dom = tools__find_domain(name)) < 0)
        return mcp_result_error("argument 'domain': unknown domain '%s'", name);
    int held[TOOLS__HELD_MAX];
    size_t was = tools__nav_held(s, held);
    bool changed = tools__nav_leave(reg, s, dom);
    size_t now = tools__nav_held(s, held);
    json_t *left = json_array(), *still = json_array();
    for (size_t i = 0; i < now; i++)
        json_array_append_new(still, json_string(dom_name((size_t)held[i])));
    if (changed)
        json_array_append_new(left, json_string(name ? name : "all"));
    struct buf text = {0};
    if (reg->opts.mode != TOOLS_TREE || mcp_session_is_stateless(s))
        buf_appends(&text, "Nothing to leave: in this mode the tool list does not follow "
                           "navigation.");
    else if (!changed)
        buf_appends(&text, was ? "That domain is not in your tool list." : "Already at the top.");
    else if (now)
        buf_printf(&text, "%s left your tool list; %zu domain%s still in it.", name, now,
                   now == 1 ? " is" : "s are");
    else
        buf_appends(&text, "Back at the top; the domains' tools left the list.");
    char *names = domain_names(reg);
    buf_printf(&text, " Domains (halopsa_navigate {\"domain\": NAME}): %s", names);
    free(names);
    json_t *res = mcp_result_structured(
        json_pack("{s:b, s:o, s:o}", "changed", changed, "left", left, "held", still), text.data);
    buf_free(&text);
    return res;
}

/* ------------------------------------------------------------------ */
/* halopsa_status                                                      */

/* What the tool list holds, in words, for status. */
static void describe_list(struct tools__reg *reg, struct mcp_session *s, struct buf *text,
                          json_t *sc)
{
    int held[TOOLS__HELD_MAX];
    size_t n = tools__nav_held(s, held);
    json_t *held_json = json_array();
    for (size_t i = 0; i < n; i++)
        json_array_append_new(held_json, json_string(dom_name((size_t)held[i])));
    json_object_set_new(sc, "held_domains", held_json);
    json_object_set_new(sc, "current_domain", n ? json_string(dom_name((size_t)held[0]))
                                                : json_null());
    switch (reg->opts.mode) {
    case TOOLS_TREE:
        buf_appends(text, "Tool list: navigation tools");
        for (size_t i = 0; i < n; i++)
            buf_printf(text, "%s%s", i ? ", " : " and the tools of ", dom_name((size_t)held[i]));
        buf_printf(text, " (tree mode holds the %d domains used last)\n", TOOLS__HELD_MAX);
        break;
    case TOOLS_FLAT:
        if (reg->flat_unlisted)
            buf_printf(text, "Tool list: the core set, %zu of %zu tools (run the others with "
                             "halopsa_call; HALOPSA_DOMAINS=all lists every tool)\n",
                       reg->nentries - reg->flat_unlisted, reg->nentries);
        else
            buf_printf(text, "Tool list: all %zu tools of the enabled domains\n", reg->nentries);
        json_object_set_new(sc, "listed_tools",
                            json_integer((json_int_t)(reg->nentries - reg->flat_unlisted)));
        break;
    case TOOLS_DISPATCH:
        buf_appends(text, "Tool list: halopsa_navigate, halopsa_status, halopsa_call\n");
        break;
    }
}

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
    json_t *domains = json_array();
    struct buf text = {0};
    buf_printf(&text, "HaloPSA at %s%s\n", st.base_url, reg->opts.demo ? " (demo tenant)" : "");
    buf_printf(&text, "Credentials: %s\n",
               !st.has_credentials ? "not set (HALOPSA_CLIENT_ID, HALOPSA_CLIENT_SECRET)"
               : st.token_valid    ? "set and valid"
                                   : halo_reach_words(reach));
    if (auth_error)
        buf_printf(&text, "  %s\n", auth_error);
    buf_printf(&text, "Tool mode: %s%s\n", tools_mode_name(reg->opts.mode),
               reg->opts.read_only ? ", read-only" : "");
    int remaining = st.rate_limit - st.used_in_window;
    if (remaining < 0)
        remaining = 0;
    json_t *sc = json_pack(
        "{s:s, s:b, s:s, s:b, s:{s:b, s:b, s:s?}, s:{s:i, s:i, s:i, s:i, s:I, s:I}}", "mode",
        tools_mode_name(reg->opts.mode), "read_only", reg->opts.read_only, "base_url",
        st.base_url, "demo", reg->opts.demo, "credentials", "set", st.has_credentials, "valid",
        st.token_valid, "error", auth_error, "rate_limit", "limit", st.rate_limit, "window_s",
        st.rate_window_s, "used", st.used_in_window, "remaining", remaining, "requests_total",
        (json_int_t)st.requests_total, "rate_limited", (json_int_t)st.rate_limited);
    describe_list(reg, mcp_call_session(mc), &text, sc);
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
    json_object_set_new(sc, "domains", domains);
    json_t *res = mcp_result_structured(sc, text.data);
    buf_free(&text);
    return res;
}

/* ------------------------------------------------------------------ */
/* halopsa_call                                                        */

static json_t *call(struct mcp_call *mc, json_t *args, void *data)
{
    const char *name = json_string_value(json_object_get(args, "tool"));
    json_t *targs = json_object_get(args, "arguments");
    (void)data;
    if (!name)
        return mcp_result_error("argument 'tool': required");
    if (strcmp(name, "halopsa_call") == 0)
        return mcp_result_error("argument 'tool': halopsa_call cannot run itself");
    /* a tool this configuration left out answers why (registry.c) */
    if (!tools__find(name) && !mcp_server_find_tool(mcp_call_server(mc), name))
        return mcp_result_error("argument 'tool': unknown tool '%s'; call halopsa_navigate "
                                "with a query or a domain to find tools",
                                name);
    json_t *empty = json_object();
    json_t *res = mcp_call_invoke(mc, name, json_is_object(targs) ? targs : empty);
    json_decref(empty);
    return res;
}

/* ------------------------------------------------------------------ */
/* Registration                                                        */

/* The navigation tools' arguments, as rows like every tool's. */
static const struct tools_arg call_args[] = {
    {"tool", TOOLS_A_STRING, "Tool name, e.g. halopsa_tickets_get", TOOLS_REQUIRED},
    {"arguments", TOOLS_A_OBJECT, "The tool's arguments"},
    {NULL},
};
static const struct tools_arg back_args[] = {
    {"domain", TOOLS_A_STRING, "Leave only this domain (default: every domain)"},
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

/* halopsa_navigate's schema: domain is a name or an array of names
 * (checked by the handler, which lists the domains when one is wrong). */
static const char *navigate_schema(struct tools__reg *reg)
{
    const struct tools_arg rows[] = {
        {"query", TOOLS_A_STRING,
         "What you want to do, in words, e.g. \"log two hours on ticket 1042\": the "
         "best-matching tools of every domain, with their arguments"},
        {"domain", TOOLS_A_ANY, "A domain, or an array of domains: their tools"},
        {"limit", TOOLS_A_INT, "How many tools a query returns (default 5)", .range = "1..20"},
        {NULL},
    };
    json_t *s = tools__schema(rows, -1, true);
    json_t *dom = json_object_get(json_object_get(s, "properties"), "domain");
    json_object_set_new(dom, "type", json_pack("[s, s]", "string", "array"));
    json_object_set_new(dom, "items", json_pack("{s:s}", "type", "string"));
    char *text = tools__reg_keep(reg, json_dumps(s, JSON_COMPACT));
    json_decref(s);
    return text;
}

/* halopsa_navigate's description: what it does in this mode and the
 * domains' names, within NAMES_IN_DESCRIPTION bytes. */
static const char *navigate_description(struct tools__reg *reg)
{
    const struct tools__catalogue *cat = tools__catalogue();
    struct buf desc = {0};
    buf_appends(&desc, "Find HaloPSA tools: 'query' takes what you want to do in words and "
                       "returns the best-matching tools with their arguments; 'domain' (one or "
                       "several) lists a domain's tools");
    switch (reg->opts.mode) {
    case TOOLS_TREE:
        buf_appends(&desc, " and adds them to your tool list (the last few domains used stay)");
        break;
    case TOOLS_FLAT:
        buf_appends(&desc, reg->flat_unlisted ? " (tools not in your list run with halopsa_call)"
                                              : "");
        break;
    case TOOLS_DISPATCH:
        buf_appends(&desc, "; run them with halopsa_call");
        break;
    }
    buf_appends(&desc, ". No arguments: the domains. Domains:");
    size_t start = desc.len, shown = 0, enabled = 0;
    for (size_t d = 0; d < cat->ndoms; d++) {
        if (!reg->allowed[d])
            continue;
        enabled++;
        if (desc.len - start + strlen(cat->doms[d].row->name) + 2 > NAMES_IN_DESCRIPTION)
            continue;
        buf_printf(&desc, "%s %s", shown ? "," : "", cat->doms[d].row->name);
        shown++;
    }
    if (shown < enabled)
        buf_printf(&desc, " and %zu more", enabled - shown);
    buf_appends(&desc, ".");
    return tools__reg_keep(reg, buf_steal(&desc));
}

int tools__register_nav(struct mcp_server *srv, struct tools__reg *reg, char *err, size_t errlen)
{
    struct mcp_tool nav = {
        .name = "halopsa_navigate",
        .title = "Find HaloPSA tools",
        .description = navigate_description(reg),
        .input_schema = navigate_schema(reg),
        .annotations = {.read_only = true, .idempotent = true},
        .handler = navigate,
        .data = reg,
    };
    struct mcp_tool st = {
        .name = "halopsa_status",
        .title = "HaloPSA connection status",
        .description = "Show the HaloPSA tenant (base URL, demo or not), whether the API "
                       "credentials are set and accepted (never the secret), the tool mode and "
                       "what the tool list holds, read-only mode, the domains with their tool "
                       "counts and the rate-limit budget left.",
        .input_schema = schema_text(reg, NULL, 0),
        .annotations = {.read_only = true, .idempotent = true, .open_world = true},
        .handler = status,
        .data = reg,
    };
    struct mcp_tool bk = {
        .name = "halopsa_back",
        .title = "Leave HaloPSA domains",
        .description = "Leave the domains you navigated to (or only 'domain'): their tools "
                       "leave your tool list.",
        .input_schema = schema_text(reg, back_args, -1),
        .annotations = {.read_only = true, .idempotent = true},
        .handler = back,
        .data = reg,
    };
    struct mcp_tool cl = {
        .name = "halopsa_call",
        .title = "Run a HaloPSA tool",
        .description = "Run any HaloPSA tool by name with its arguments, e.g. "
                       "{\"tool\": \"halopsa_tickets_list\", \"arguments\": {\"open_only\": "
                       "true}}. halopsa_navigate finds tools (query) and their arguments. The "
                       "same checks apply as to a direct call (read-only mode, confirmation of "
                       "deletes, dry_run).",
        .input_schema = schema_text(reg, call_args, -1),
        .annotations = {.destructive = true, .open_world = true},
        .handler = call,
        .data = reg,
    };
    /* all four in every mode: a host that cached another mode's list can
     * still call them; the mode decides what is listed (registry.c) */
    if (mcp_server_add_tool(srv, &nav, err, errlen) != 0 ||
        mcp_server_add_tool(srv, &st, err, errlen) != 0 ||
        mcp_server_add_tool(srv, &bk, err, errlen) != 0 ||
        mcp_server_add_tool(srv, &cl, err, errlen) != 0)
        return -1;
    return 0;
}
