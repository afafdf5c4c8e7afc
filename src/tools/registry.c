/* registry.c - tools_register: the catalogue turned into MCP tools, the
 * allow/deny lists and read-only mode, the visibility rule of each mode,
 * per-session navigation state, and the wrapper every domain tool runs in
 * (implicit navigation, whole-number reals, dry_run, delete confirmation,
 * cancellation). */
#include "fw_int.h"
#include "audit_int.h"

#include "base/base.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* Every registration ever made, freed by tools_cleanup. */
static pthread_mutex_t regs_mu = PTHREAD_MUTEX_INITIALIZER;
static struct tools__reg *regs;
static pthread_once_t atexit_once = PTHREAD_ONCE_INIT;

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
    free(reg->allowed);
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
    tools__catalogue_free();
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

/* Whether name appears in a comma-separated list (case-insensitive,
 * blanks around items ignored). */
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
    const struct tools_def *t = tools__find(name);
    if (!t)
        return "unknown tool";
    if (tools__reg_entry(reg, name))
        return NULL;
    if (reg->opts.read_only && t->kind != TOOLS_READ)
        return "read-only mode is on (HALOPSA_READ_ONLY), so tools that change HaloPSA are "
               "disabled";
    if (!reg->allowed[t->domain])
        return "its domain is not enabled (HALOPSA_DOMAINS)";
    if (reg->opts.exclude_tools && in_list(reg->opts.exclude_tools, name))
        return "it is excluded by HALOPSA_EXCLUDE_TOOLS";
    return "it is not registered";
}

/* Checks every item of the allow-list and deny-list; fills reg->allowed. */
static int check_lists(struct tools__reg *reg, char *err, size_t errlen)
{
    const struct tools__catalogue *cat = tools__catalogue();
    const char *list = reg->opts.domains;
    const char *p, *start;
    size_t len;
    bool any = false;
    reg->allowed = xcalloc(cat->ndoms ? cat->ndoms : 1, sizeof *reg->allowed);
    for (size_t d = 0; d < cat->ndoms; d++)
        reg->allowed[d] = list == NULL;
    for (p = list; next_item(&p, &start, &len);) {
        char *item = xstrndup(start, len);
        int d = tools__find_domain(item);
        if (d < 0) {
            struct buf names = {0};
            for (size_t k = 0; k < cat->ndoms; k++)
                buf_printf(&names, "%s%s", k ? ", " : "", cat->doms[k].row->name);
            snprintf(err, errlen, "HALOPSA_DOMAINS: unknown domain '%s' (domains: %s)", item,
                     names.data);
            buf_free(&names);
            free(item);
            return -1;
        }
        free(item);
        reg->allowed[d] = true;
        any = true;
    }
    if (list && !any) {
        snprintf(err, errlen, "HALOPSA_DOMAINS: no domain given (leave it unset for all)");
        return -1;
    }
    for (p = reg->opts.exclude_tools; next_item(&p, &start, &len);) {
        char *item = xstrndup(start, len);
        if (!tools__find(item)) {
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
    nav->current = -1;
    mcp_session_set_data(s, nav, nav_free);
}

int tools__nav_current(struct mcp_session *s)
{
    struct tools__nav *nav = s ? mcp_session_data(s) : NULL;
    int dom;
    if (!nav)
        return -1;
    pthread_mutex_lock(&nav->mu);
    dom = nav->current;
    pthread_mutex_unlock(&nav->mu);
    return dom;
}

bool tools__nav_set(struct tools__reg *reg, struct mcp_session *s, int dom)
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
    int cur = tools__nav_current(s);
    if (strcmp(name, "halopsa_back") == 0)
        return cur >= 0;
    struct tools__entry *e = tools__reg_entry(reg, name);
    return e && cur >= 0 && e->tool->domain == (size_t)cur;
}

/* ------------------------------------------------------------------ */
/* The wrapper around every domain tool                                */

static bool call_cancelled(void *ud)
{
    return mcp_call_cancelled(ud);
}

/* What run() answered: its result, else the dry run's preview, else the
 * error a helper recorded. New reference. */
static json_t *outcome(struct tools_call *c, json_t *res)
{
    if (res)
        return res;
    if (c->preview) {
        res = c->preview;
        c->preview = NULL;
        return res;
    }
    return tools__take_error(c);
}

static json_t *tool_handler(struct mcp_call *mc, json_t *args, void *data)
{
    struct tools__entry *e = data;
    struct tools__reg *reg = e->reg;
    const struct tools_def *t = e->tool;
    struct tools_call c = {.mcp = mc, .hc = reg->hc, .tool = t, .opts = &reg->opts};
    json_t *a = json_is_object(args) ? json_copy(args) : json_object();
    json_t *res = NULL;
    struct tools__audit *audit = tools__audit_begin(mc, t, args);

    if (reg->opts.read_only && t->kind != TOOLS_READ) {
        res = mcp_result_error("%s is disabled: read-only mode is on (HALOPSA_READ_ONLY).",
                               t->name);
        goto out;
    }
    if ((res = tools__refuse_rights(mc, t)))
        goto out;
    /* A host that cached an old list may call any tool: take the session
     * to that tool's domain so the list it re-reads matches. */
    if (reg->opts.mode == TOOLS_TREE)
        tools__nav_set(reg, mcp_call_session(mc), (int)t->domain);
    /* The schema let whole-number reals (1.0) through as integers. */
    if (tools__normalize(&c, a) != 0) {
        res = tools__take_error(&c);
        goto out;
    }
    if (t->kind == TOOLS_WRITE) {
        c.dry_run = json_is_true(json_object_get(a, "dry_run"));
        json_object_del(a, "dry_run");
    }
    if (t->kind == TOOLS_DELETE) {
        bool confirm = json_is_true(json_object_get(a, "confirm"));
        json_object_del(a, "confirm");
        if ((res = tools__confirm_delete(&c, a, confirm)))
            goto out;
    }
    halo_set_cancel(call_cancelled, mc);
    res = outcome(&c, t->run(&c, a));
    halo_set_cancel(NULL, NULL);
out:
    tools__audit_end(audit, res);
    json_decref(c.error);
    json_decref(c.preview);
    json_decref(c.resolved);
    json_decref(a);
    return res;
}

/* ------------------------------------------------------------------ */
/* tools_register                                                      */

static int add_tool(struct mcp_server *srv, struct tools__reg *reg, struct tools__entry *e,
                    char *err, size_t errlen)
{
    const struct tools_def *t = e->tool;
    json_t *in = tools__input_schema(t), *out = tools__output_schema(t);
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
    int rc = mcp_server_add_tool(srv, &mt, err, errlen);
    json_decref(in);
    json_decref(out);
    return rc;
}

int tools_register(struct mcp_server *srv, struct halo_client *hc, const struct tools_options *o,
                   char *err, size_t errlen)
{
    const struct tools__catalogue *cat = tools__catalogue();
    struct tools__reg *reg = xcalloc(1, sizeof *reg);
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

    if (check_lists(reg, err, errlen) != 0 || tools_audit_open(err, errlen) != 0)
        return -1;
    reg->entries = xcalloc(cat->ntools ? cat->ntools : 1, sizeof *reg->entries);
    for (size_t d = 0; d < cat->ndoms; d++) {
        if (!reg->allowed[d])
            continue;
        for (size_t i = 0; i < cat->doms[d].ntools; i++) {
            const struct tools_def *t = &cat->doms[d].tools[i];
            if (o->read_only && t->kind != TOOLS_READ)
                continue;
            if (reg->opts.exclude_tools && in_list(reg->opts.exclude_tools, t->name))
                continue;
            reg->entries[reg->nentries++] = (struct tools__entry){t, reg};
        }
    }
    if (tools__register_nav(srv, reg, err, errlen) != 0)
        return -1;
    for (size_t i = 0; i < reg->nentries; i++) {
        if (add_tool(srv, reg, &reg->entries[i], err, errlen) != 0)
            return -1;
    }
    mcp_server_on_session(srv, on_session, reg);
    mcp_server_set_rights(srv, tools__rights_needed, reg);
    if (o->mode != TOOLS_FLAT)
        mcp_server_set_visibility(srv, visible, reg);
    return 0;
}
