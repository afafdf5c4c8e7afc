/* registry.c - tools_register: the domain tables turned into MCP tools, the
 * allow/deny lists and read-only mode, the visibility rule of each mode,
 * per-session navigation state, and the wrapper every domain tool runs in
 * (implicit navigation, dry_run, delete confirmation, cancellation). */
#include "fw_int.h"

#include "base/base.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

const struct tools_domain *const tools__all_domains[TOOLS__NDOMAINS] = {
    &tools__tickets,     &tools__clients,      &tools__assets,       &tools__agents,
    &tools__invoices,    &tools__workflows,    &tools__tickettypes,  &tools__statuses,
    &tools__outcomes,    &tools__actions,      &tools__customfields, &tools__customtables,
    &tools__customtabs,  &tools__custombuttons,
};

/* Every registration ever made, freed by tools_cleanup. */
static pthread_mutex_t regs_mu = PTHREAD_MUTEX_INITIALIZER;
static struct tools__reg *regs;
static pthread_once_t atexit_once = PTHREAD_ONCE_INIT;

/* ------------------------------------------------------------------ */
/* Tables                                                              */

const struct tools_domain *tools__find(const char *name, const struct tools_tool **tool)
{
    for (size_t d = 0; d < TOOLS__NDOMAINS; d++) {
        const struct tools_domain *dom = tools__all_domains[d];
        for (size_t i = 0; i < dom->ntools; i++) {
            if (strcmp(dom->tools[i].name, name) == 0) {
                if (tool)
                    *tool = &dom->tools[i];
                return dom;
            }
        }
    }
    return NULL;
}

const struct tools_domain *tools__find_domain(const char *name)
{
    for (size_t d = 0; d < TOOLS__NDOMAINS; d++) {
        if (strcasecmp(tools__all_domains[d]->name, name) == 0)
            return tools__all_domains[d];
    }
    return NULL;
}

int tools__domain_index(const struct tools_domain *dom)
{
    for (size_t d = 0; d < TOOLS__NDOMAINS; d++) {
        if (tools__all_domains[d] == dom)
            return (int)d;
    }
    return -1;
}

struct mcp_annotations tools__annotations(enum tools_kind kind)
{
    struct mcp_annotations a = {.open_world = true};
    switch (kind) {
    case TOOLS_READ:
        a.read_only = true;
        a.idempotent = true;
        break;
    case TOOLS_WRITE:
        break;
    case TOOLS_DELETE:
        a.destructive = true;
        a.idempotent = true;
        break;
    }
    return a;
}

json_t *tools__input_schema(const struct tools_tool *t)
{
    json_t *s = json_loads(t->input_schema, 0, NULL);
    if (!json_is_object(s)) {
        json_decref(s);
        return NULL;
    }
    json_t *props = json_object_get(s, "properties");
    if (!json_is_object(props)) {
        props = json_object();
        json_object_set_new(s, "properties", props);
    }
    if (t->kind == TOOLS_WRITE && !json_object_get(props, "dry_run"))
        json_object_set_new(props, "dry_run",
                            json_pack("{s:s, s:s}", "type", "boolean", "description",
                                      "true: send nothing; return the exact method, path and "
                                      "JSON body that would be POSTed to HaloPSA"));
    if (t->kind == TOOLS_DELETE && !json_object_get(props, "confirm"))
        json_object_set_new(props, "confirm",
                            json_pack("{s:s, s:s}", "type", "boolean", "description",
                                      "Deleting cannot be undone. When the client cannot show a "
                                      "confirmation prompt, ask the user first and then pass "
                                      "true"));
    if (json_object_get(props, "page_size") && !json_object_get(props, "max_rows"))
        json_object_set_new(props, "max_rows",
                            json_pack("{s:s, s:i, s:i, s:s}", "type", "integer", "minimum", 1,
                                      "maximum", 1000, "description",
                                      "Fetch up to this many rows at once by walking pages of "
                                      "100 from the first (page is then ignored); sends "
                                      "progress notifications"));
    return s;
}

json_t *tools__output_schema(const struct tools_tool *t)
{
    if (!t->output_schema)
        return NULL;
    json_t *s = json_loads(t->output_schema, 0, NULL);
    if (!json_is_object(s)) {
        json_decref(s);
        return NULL;
    }
    if (t->kind == TOOLS_WRITE) {
        /* A dry run answers with {dry_run, method, path, body} instead of
         * the saved record; the schema must admit both shapes. */
        json_object_del(s, "required");
        json_object_del(s, "additionalProperties");
        json_t *props = json_object_get(s, "properties");
        if (!json_is_object(props)) {
            props = json_object();
            json_object_set_new(s, "properties", props);
        }
        json_object_set_new(props, "dry_run", json_pack("{s:s}", "type", "boolean"));
        json_object_set_new(props, "method", json_pack("{s:s}", "type", "string"));
        json_object_set_new(props, "path", json_pack("{s:s}", "type", "string"));
        json_object_set_new(props, "body", json_pack("{s:s}", "type", "array"));
    }
    return s;
}

/* ------------------------------------------------------------------ */
/* Registration state                                                  */

char *tools__reg_keep(struct tools__reg *reg, char *s)
{
    if (reg->nstrings == reg->capstrings) {
        reg->capstrings = reg->capstrings ? reg->capstrings * 2 : 64;
        reg->strings = xrealloc(reg->strings, reg->capstrings * sizeof *reg->strings);
    }
    reg->strings[reg->nstrings++] = s;
    return s;
}

static void reg_free(struct tools__reg *reg)
{
    for (size_t i = 0; i < reg->nstrings; i++)
        free(reg->strings[i]);
    free(reg->strings);
    free(reg->entries);
    free(reg->domains_copy);
    free(reg->exclude_copy);
    free(reg);
}

void tools_cleanup(void)
{
    pthread_mutex_lock(&regs_mu);
    struct tools__reg *r = regs;
    regs = NULL;
    pthread_mutex_unlock(&regs_mu);
    while (r) {
        struct tools__reg *next = r->next;
        reg_free(r);
        r = next;
    }
    tools__names_cleanup();
}

static void install_atexit(void)
{
    atexit(tools_cleanup);
}

struct tools__entry *tools__reg_entry(struct tools__reg *reg, const char *name)
{
    for (size_t i = 0; i < reg->nentries; i++) {
        if (strcmp(reg->entries[i].tool->name, name) == 0)
            return &reg->entries[i];
    }
    return NULL;
}

/* Whether name appears in a comma-separated list (case-insensitive,
 * blanks around items ignored). */
/* The next item of a comma-separated list (HALOPSA_DOMAINS,
 * HALOPSA_EXCLUDE_TOOLS): skips separators and blanks, sets *item and *len
 * to the item without surrounding blanks and moves *p past it. false when
 * the list is exhausted. */
static bool next_item(const char **p, const char **item, size_t *len)
{
    const char *s = *p;
    while (s && (*s == ',' || isspace((unsigned char)*s)))
        s++;
    if (!s || !*s)
        return false;
    const char *end = s;
    while (*end && *end != ',')
        end++;
    const char *e = end;
    while (e > s && isspace((unsigned char)e[-1]))
        e--;
    *item = s;
    *len = (size_t)(e - s);
    *p = end;
    return true;
}

static bool in_list(const char *list, const char *name)
{
    size_t n = strlen(name), len;
    const char *item;
    while (next_item(&list, &item, &len)) {
        if (len == n && strncasecmp(item, name, n) == 0)
            return true;
    }
    return false;
}

const char *tools__unavailable(struct tools__reg *reg, const char *name)
{
    const struct tools_tool *t = NULL;
    const struct tools_domain *dom = tools__find(name, &t);
    if (!dom)
        return "unknown tool";
    if (tools__reg_entry(reg, name))
        return NULL;
    if (reg->opts.read_only && t->kind != TOOLS_READ)
        return "read-only mode is on (HALOPSA_READ_ONLY), so tools that change HaloPSA are "
               "disabled";
    if (!reg->allowed[tools__domain_index(dom)])
        return "its domain is not enabled (HALOPSA_DOMAINS)";
    if (reg->opts.exclude_tools && in_list(reg->opts.exclude_tools, name))
        return "it is excluded by HALOPSA_EXCLUDE_TOOLS";
    return "it is not registered";
}

/* Checks every item of the allow-list and deny-list; fills reg->allowed. */
static int check_lists(struct tools__reg *reg, char *err, size_t errlen)
{
    const char *list = reg->opts.domains;
    const char *p, *start;
    size_t len;
    bool any = false;
    for (size_t d = 0; d < TOOLS__NDOMAINS; d++)
        reg->allowed[d] = list == NULL;
    for (p = list; next_item(&p, &start, &len);) {
        char *item = xstrndup(start, len);
        const struct tools_domain *dom = tools__find_domain(item);
        if (!dom) {
            struct buf names = {0};
            for (size_t d = 0; d < TOOLS__NDOMAINS; d++)
                buf_printf(&names, "%s%s", d ? ", " : "", tools__all_domains[d]->name);
            snprintf(err, errlen, "HALOPSA_DOMAINS: unknown domain '%s' (domains: %s)", item,
                     names.data);
            buf_free(&names);
            free(item);
            return -1;
        }
        free(item);
        reg->allowed[tools__domain_index(dom)] = true;
        any = true;
    }
    if (list && !any) {
        snprintf(err, errlen, "HALOPSA_DOMAINS: no domain given (leave it unset for all)");
        return -1;
    }
    for (p = reg->opts.exclude_tools; next_item(&p, &start, &len);) {
        char *item = xstrndup(start, len);
        if (!tools__find(item, NULL)) {
            snprintf(err, errlen,
                     "HALOPSA_EXCLUDE_TOOLS: unknown tool '%s' (see 'halopsa-mcp tools')", item);
            free(item);
            return -1;
        }
        free(item);
    }
    return 0;
}

/* ------------------------------------------------------------------ */
/* Sessions and visibility                                             */

static void nav_free(void *p)
{
    struct tools__nav *nav = p;
    pthread_mutex_destroy(&nav->mu);
    free(nav);
}

static void on_session(struct mcp_session *s, void *data)
{
    (void)data;
    struct tools__nav *nav = xcalloc(1, sizeof *nav);
    pthread_mutex_init(&nav->mu, NULL);
    mcp_session_set_data(s, nav, nav_free);
}

const struct tools_domain *tools__nav_current(struct mcp_session *s)
{
    struct tools__nav *nav = s ? mcp_session_data(s) : NULL;
    const struct tools_domain *dom;
    if (!nav)
        return NULL;
    pthread_mutex_lock(&nav->mu);
    dom = nav->current;
    pthread_mutex_unlock(&nav->mu);
    return dom;
}

bool tools__nav_set(struct tools__reg *reg, struct mcp_session *s, const struct tools_domain *dom)
{
    struct tools__nav *nav = s ? mcp_session_data(s) : NULL;
    bool changed;
    if (!nav)
        return false;
    pthread_mutex_lock(&nav->mu);
    changed = nav->current != dom;
    nav->current = dom;
    pthread_mutex_unlock(&nav->mu);
    if (changed && reg->opts.mode == TOOLS_TREE)
        mcp_session_tools_changed(s);
    return changed;
}

static bool visible(struct mcp_session *s, const char *name, void *data)
{
    struct tools__reg *reg = data;
    if (strcmp(name, "halopsa_navigate") == 0 || strcmp(name, "halopsa_status") == 0)
        return true;
    if (reg->opts.mode == TOOLS_DISPATCH)
        return strcmp(name, "halopsa_call") == 0;
    if (reg->opts.mode == TOOLS_FLAT)
        return true;
    const struct tools_domain *cur = tools__nav_current(s);
    if (strcmp(name, "halopsa_back") == 0)
        return cur != NULL;
    struct tools__entry *e = tools__reg_entry(reg, name);
    return e && cur && e->dom == cur;
}

/* ------------------------------------------------------------------ */
/* The wrapper around every domain tool                                */

static bool call_cancelled(void *ud)
{
    return mcp_call_cancelled(ud);
}

/* "Delete status" -> "status"; "Delete a custom field" -> "custom field". */
static char *noun_of(const struct tools_tool *t)
{
    const char *s = t->title ? t->title : t->name;
    if (strncasecmp(s, "Delete ", 7) == 0)
        s += 7;
    if (strncasecmp(s, "a ", 2) == 0)
        s += 2;
    else if (strncasecmp(s, "an ", 3) == 0)
        s += 3;
    char *n = xstrdup(s);
    if (n[0])
        n[0] = (char)tolower((unsigned char)n[0]);
    return n;
}

/* Best effort: the record's name for the confirmation message. New string
 * or NULL. One GET; failure only makes the message shorter. */
static char *record_name(struct tools_call *c, json_t *args, json_int_t id)
{
    const char *ep = c->tool->endpoint;
    char path[512];
    const char *brace = ep ? strstr(ep, "/{") : NULL;
    struct halo_error herr;
    char *name = NULL;
    if (!ep)
        return NULL;
    if (brace)
        snprintf(path, sizeof path, "%.*s/%lld", (int)(brace - ep), ep, (long long)id);
    else
        snprintf(path, sizeof path, "%s/%lld", ep, (long long)id);
    json_t *query = json_object();
    json_t *tid = json_object_get(args, "ticket_id");
    if (tid)
        json_object_set(query, "ticket_id", tid);
    json_t *resp = halo_get(c->hc, path, query, &herr);
    json_decref(query);
    json_t *rec = resp ? halo_record(resp, NULL) : NULL;
    static const char *const keys[] = {"name", "outcome", "label", "summary", "note", NULL};
    for (size_t i = 0; rec && keys[i] && !name; i++) {
        const char *v = json_string_value(json_object_get(rec, keys[i]));
        if (v && *v)
            name = xstrndup(v, 80);
    }
    json_decref(resp);
    return name;
}

/* NULL: go ahead and delete. Otherwise the result to return instead
 * (new reference). */
static json_t *confirm_delete(struct tools_call *c, json_t *args, bool confirm)
{
    struct mcp_session *s = mcp_call_session(c->mcp);
    json_int_t id = tools__arg_id(args, "id");
    char *noun = noun_of(c->tool);
    json_t *res = NULL;
    if (s && mcp_session_client_has(s, "elicitation")) {
        char *name = record_name(c, args, id);
        char *msg;
        if (name)
            msg = xasprintf("Delete %s %lld '%s' in HaloPSA? This cannot be undone.", noun,
                            (long long)id, name);
        else
            msg = xasprintf("Delete %s %lld in HaloPSA? This cannot be undone.", noun,
                            (long long)id);
        json_t *schema = json_pack(
            "{s:s, s:{s:{s:s, s:s, s:s}}, s:[s]}", "type", "object", "properties", "confirm",
            "type", "boolean", "title", "Delete", "description",
            "Yes, delete it from HaloPSA", "required", "confirm");
        json_t *answer = NULL;
        int rc = mcp_call_elicit(c->mcp, msg, schema, 300000, &answer);
        json_decref(schema);
        free(msg);
        free(name);
        if (rc == 0) {
            const char *action = json_string_value(json_object_get(answer, "action"));
            bool yes = action && strcmp(action, "accept") == 0 &&
                       json_is_true(json_object_get(json_object_get(answer, "content"), "confirm"));
            if (!yes)
                res = mcp_result_error("Not deleted: the user did not confirm deleting %s %lld "
                                       "(%s). Nothing was sent to HaloPSA.",
                                       noun, (long long)id, action ? action : "no answer");
            json_decref(answer);
            goto out;
        }
        json_decref(answer);
        if (rc == MCP_INPUT_TIMEOUT || rc == MCP_INPUT_PENDING) { /* PENDING: 2026 asks by input_required */
            res = mcp_result_error("Not deleted: the confirmation for %s %lld got no answer. "
                                   "Nothing was sent to HaloPSA.",
                                   noun, (long long)id);
            goto out;
        }
        /* -1/-2: the client cannot ask after all; fall back to confirm. */
    }
    if (!confirm)
        res = mcp_result_error("Not deleted: deleting %s %lld from HaloPSA cannot be undone, so "
                               "it needs confirmation. Ask the user, then call %s again with "
                               "the same arguments and \"confirm\": true. Nothing was sent.",
                               noun, (long long)id, c->tool->name);
out:
    free(noun);
    return res;
}

static json_t *tool_handler(struct mcp_call *mc, json_t *args, void *data)
{
    struct tools__entry *e = data;
    struct tools__reg *reg = e->reg;
    const struct tools_tool *t = e->tool;
    struct tools_call c = {.mcp = mc, .hc = reg->hc, .tool = t, .opts = &reg->opts};
    json_t *a = json_is_object(args) ? json_copy(args) : json_object();
    json_t *res = NULL;

    if (reg->opts.read_only && t->kind != TOOLS_READ) {
        res = mcp_result_error("%s is disabled: read-only mode is on (HALOPSA_READ_ONLY).",
                               t->name);
        goto out;
    }
    /* A host that cached an old list may call any tool: take the session
     * to that tool's domain so the list it re-reads matches. */
    if (reg->opts.mode == TOOLS_TREE)
        tools__nav_set(reg, mcp_call_session(mc), e->dom);
    if (t->kind == TOOLS_WRITE) {
        c.dry_run = json_is_true(json_object_get(a, "dry_run"));
        json_object_del(a, "dry_run");
    }
    if (t->kind == TOOLS_DELETE) {
        bool confirm = json_is_true(json_object_get(a, "confirm"));
        json_object_del(a, "confirm");
        if ((res = confirm_delete(&c, a, confirm)))
            goto out;
    }
    halo_set_cancel(call_cancelled, mc);
    res = t->run(&c, a, t);
    halo_set_cancel(NULL, NULL);
    if (res && res == c.error) {
        c.error = NULL; /* tools__fail handed its one reference to run */
    } else if (!res) {
        res = c.error ? c.error : mcp_result_error("%s: internal error (no result)", t->name);
        c.error = NULL;
    }
out:
    json_decref(c.error);
    json_decref(a);
    return res;
}

/* ------------------------------------------------------------------ */
/* tools_register                                                      */

static int add_tool(struct mcp_server *srv, struct tools__reg *reg, struct tools__entry *e,
                    char *err, size_t errlen)
{
    const struct tools_tool *t = e->tool;
    json_t *in = tools__input_schema(t), *out = tools__output_schema(t);
    int rc = -1;
    if (!in) {
        snprintf(err, errlen, "%s: input schema does not parse", t->name);
        goto done;
    }
    struct mcp_tool mt = {
        .name = t->name,
        .title = t->title,
        .description = t->description,
        .input_schema = tools__reg_keep(reg, json_dumps(in, JSON_COMPACT)),
        .output_schema = out ? tools__reg_keep(reg, json_dumps(out, JSON_COMPACT)) : NULL,
        .annotations = tools__annotations(t->kind),
        .handler = tool_handler,
        .data = e,
        .task = json_object_get(json_object_get(in, "properties"), "max_rows") ? MCP_TASK_OPTIONAL : MCP_TASK_NEVER,
    };
    rc = mcp_server_add_tool(srv, &mt, err, errlen);
done:
    json_decref(in);
    json_decref(out);
    return rc;
}

int tools_register(struct mcp_server *srv, struct halo_client *hc, const struct tools_options *o,
                   char *err, size_t errlen)
{
    struct tools__reg *reg = xcalloc(1, sizeof *reg);
    size_t n = 0;
    pthread_once(&atexit_once, install_atexit);
    reg->hc = hc;
    reg->opts = *o;
    reg->domains_copy = xstrdup(o->domains);
    reg->exclude_copy = xstrdup(o->exclude_tools);
    reg->opts.domains = reg->domains_copy;
    reg->opts.exclude_tools = reg->exclude_copy;
    /* Owned from here on whatever happens: the server may already hold
     * pointers into it when a later step fails. */
    pthread_mutex_lock(&regs_mu);
    reg->next = regs;
    regs = reg;
    pthread_mutex_unlock(&regs_mu);

    if (check_lists(reg, err, errlen) != 0)
        return -1;
    for (size_t d = 0; d < TOOLS__NDOMAINS; d++)
        n += tools__all_domains[d]->ntools;
    reg->entries = xcalloc(n ? n : 1, sizeof *reg->entries);
    for (size_t d = 0; d < TOOLS__NDOMAINS; d++) {
        const struct tools_domain *dom = tools__all_domains[d];
        if (!reg->allowed[d])
            continue;
        for (size_t i = 0; i < dom->ntools; i++) {
            const struct tools_tool *t = &dom->tools[i];
            if (o->read_only && t->kind != TOOLS_READ)
                continue;
            if (reg->opts.exclude_tools && in_list(reg->opts.exclude_tools, t->name))
                continue;
            reg->entries[reg->nentries] = (struct tools__entry){t, dom, reg};
            reg->nentries++;
        }
    }
    if (tools__register_nav(srv, reg, err, errlen) != 0)
        return -1;
    for (size_t i = 0; i < reg->nentries; i++) {
        if (add_tool(srv, reg, &reg->entries[i], err, errlen) != 0)
            return -1;
    }
    mcp_server_on_session(srv, on_session, reg);
    if (o->mode != TOOLS_FLAT)
        mcp_server_set_visibility(srv, visible, reg);
    return 0;
}
