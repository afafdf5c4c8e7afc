/* registry.c - tools_register: the catalogue turned into MCP tools, the
 * allow/deny lists and read-only mode, what each mode lists (tree: the
 * held domains; flat: the core set or everything; dispatch: three tools),
 * per-session navigation state (the domains tree mode holds), why a tool
 * that is not registered is unavailable, and the wrapper every domain tool
 * runs in (implicit navigation, whole-number reals, dry_run, delete
 * confirmation, cancellation). */
#include "fw_int.h"
#include "audit_int.h"
#include "rank_int.h"

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
    tools__ux_free(reg->ux);
    for (size_t i = 0; i < reg->nstrings; i++)
        free(reg->strings[i]);
    free(reg->strings);
    free(reg->entries);
    free(reg->allowed);
    free(reg->dom_bytes);
    free(reg->rank_tools);
    tools__rank_free(reg->ranker);
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

bool tools__unavailable(struct tools__reg *reg, const char *name, char *why, size_t len)
{
    const struct tools_def *t = tools__find(name);
    if (!t || tools__reg_entry(reg, name))
        return false;
    const char *dom = tools__catalogue()->doms[t->domain].row->name;
    if (!reg->allowed[t->domain])
        snprintf(why, len, "its domain '%s' is not enabled (HALOPSA_DOMAINS=%s)", dom,
                 reg->opts.domains ? reg->opts.domains : "");
    else if (reg->opts.read_only && t->kind != TOOLS_READ)
        snprintf(why, len, "read-only mode is on (HALOPSA_READ_ONLY): tools that change "
                           "HaloPSA are disabled");
    else if (reg->opts.exclude_tools && in_list(reg->opts.exclude_tools, name))
        snprintf(why, len, "it is excluded by HALOPSA_EXCLUDE_TOOLS");
    else
        snprintf(why, len, "it is not registered");
    return true;
}

/* A call of a tool that is not registered: a catalogue tool answers why it
 * is unavailable here (an isError the model can pass on), in every mode;
 * any other name stays "Unknown tool". */
static json_t *missing_tool(struct mcp_call *mc, const char *name, json_t *args, void *data)
{
    char why[512];
    (void)mc, (void)args;
    if (!tools__unavailable(data, name, why, sizeof why))
        return NULL;
    return mcp_result_error("%s is unavailable because %s. Nothing was sent to HaloPSA.", name,
                            why);
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
    reg->list_all = list != NULL;
    for (p = list; next_item(&p, &start, &len);) {
        char *item = xstrndup(start, len);
        if (strcasecmp(item, "all") == 0) {
            for (size_t k = 0; k < cat->ndoms; k++)
                reg->allowed[k] = true;
            any = true;
            free(item);
            continue;
        }
        int d = tools__find_domain(item);
        if (d < 0) {
            struct buf names = {0};
            for (size_t k = 0; k < cat->ndoms; k++)
                buf_printf(&names, "%s%s", k ? ", " : "", cat->doms[k].row->name);
            snprintf(err, errlen, "HALOPSA_DOMAINS: unknown domain '%s' (domains: %s; or all)",
                     item, names.data);
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
    mcp_session_set_data(s, nav, nav_free);
}

size_t tools__nav_held(struct mcp_session *s, int *out)
{
    struct tools__nav *nav = s ? mcp_session_data(s) : NULL;
    size_t n;
    if (!nav)
        return 0;
    pthread_mutex_lock(&nav->mu);
    n = nav->nheld;
    memcpy(out, nav->held, n * sizeof *out);
    pthread_mutex_unlock(&nav->mu);
    return n;
}

int tools__nav_current(struct mcp_session *s)
{
    int held[TOOLS__HELD_MAX];
    return tools__nav_held(s, held) ? held[0] : -1;
}

/* Removes position i of the held list. */
static void drop_held(struct tools__nav *nav, size_t i)
{
    memmove(nav->held + i, nav->held + i + 1, (nav->nheld - i - 1) * sizeof *nav->held);
    nav->nheld--;
}

/* Makes dom the most recent held domain, then lets the least recent go
 * while over the budget (never dom itself). nav->mu held. */
static void hold_locked(struct tools__reg *reg, struct tools__nav *nav, int dom)
{
    for (size_t i = 0; i < nav->nheld; i++) {
        if (nav->held[i] == dom) {
            drop_held(nav, i);
            break;
        }
    }
    if (nav->nheld == TOOLS__HELD_MAX)
        nav->nheld--;
    memmove(nav->held + 1, nav->held, nav->nheld * sizeof *nav->held);
    nav->held[0] = dom;
    nav->nheld++;
    size_t bytes = 0;
    for (size_t i = 0; i < nav->nheld; i++)
        bytes += reg->dom_bytes[nav->held[i]];
    while (nav->nheld > 1 && bytes > TOOLS__HELD_BYTES)
        bytes -= reg->dom_bytes[nav->held[--nav->nheld]];
}

/* Whether two held lists hold the same domains (in any order). */
static bool same_set(const int *a, size_t na, const int *b, size_t nb)
{
    if (na != nb)
        return false;
    for (size_t i = 0; i < na; i++) {
        bool found = false;
        for (size_t k = 0; k < nb && !found; k++)
            found = a[i] == b[k];
        if (!found)
            return false;
    }
    return true;
}

bool tools__nav_use(struct tools__reg *reg, struct mcp_session *s, const int *doms, size_t n)
{
    struct tools__nav *nav = s ? mcp_session_data(s) : NULL;
    int before[TOOLS__HELD_MAX];
    bool changed;
    if (!nav || n == 0)
        return false;
    pthread_mutex_lock(&nav->mu);
    size_t nbefore = nav->nheld;
    memcpy(before, nav->held, nbefore * sizeof *before);
    /* the first named ends most recent */
    for (size_t i = n; i-- > 0;)
        hold_locked(reg, nav, doms[i]);
    changed = !same_set(before, nbefore, nav->held, nav->nheld);
    pthread_mutex_unlock(&nav->mu);
    if (changed && reg->opts.mode == TOOLS_TREE)
        mcp_session_tools_changed(s);
    return changed;
}

bool tools__nav_leave(struct tools__reg *reg, struct mcp_session *s, int dom)
{
    struct tools__nav *nav = s ? mcp_session_data(s) : NULL;
    bool changed = false;
    if (!nav)
        return false;
    pthread_mutex_lock(&nav->mu);
    for (size_t i = nav->nheld; i-- > 0;) {
        if (dom < 0 || nav->held[i] == dom) {
            drop_held(nav, i);
            changed = true;
        }
    }
    pthread_mutex_unlock(&nav->mu);
    if (changed && reg->opts.mode == TOOLS_TREE)
        mcp_session_tools_changed(s);
    return changed;
}

bool tools__flat_lists(const struct tools__reg *reg, const struct tools_def *t)
{
    return reg->list_all || t->core;
}

/* What each mode lists; everything registered stays callable. */
static bool visible(struct mcp_session *s, const char *name, void *data)
{
    struct tools__reg *reg = data;
    if (strcmp(name, "halopsa_navigate") == 0 || strcmp(name, "halopsa_status") == 0)
        return true;
    bool call = strcmp(name, "halopsa_call") == 0;
    switch (reg->opts.mode) {
    case TOOLS_DISPATCH:
        return call;
    case TOOLS_FLAT: {
        if (call)
            return reg->flat_unlisted > 0;
        struct tools__entry *e = tools__reg_entry(reg, name);
        return e && tools__flat_lists(reg, e->tool);
    }
    case TOOLS_TREE:
        break;
    }
    int held[TOOLS__HELD_MAX];
    size_t n = tools__nav_held(s, held);
    if (strcmp(name, "halopsa_back") == 0)
        return n > 0;
    struct tools__entry *e = tools__reg_entry(reg, name);
    for (size_t i = 0; e && i < n; i++) {
        if (e->tool->domain == (size_t)held[i])
            return true;
    }
    return false;
}

/* ------------------------------------------------------------------ */
/* The wrapper around every domain tool                                */

/* The call running on this thread: shaping reads its entity and tag. */
static _Thread_local struct tools_call *running;

struct tools_call *tools__current(void)
{
    return running;
}

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
    /* halopsa_call runs a tool from within another handler: restore. */
    struct tools_call *outer = running;
    running = &c;

    /* not registered in read-only mode; kept as a second lock */
    if (reg->opts.read_only && t->kind != TOOLS_READ) {
        res = mcp_result_error("%s is unavailable because read-only mode is on "
                               "(HALOPSA_READ_ONLY).", t->name);
        goto out;
    }
    if ((res = tools__refuse_rights(mc, t)))
        goto out;
    /* A host that cached an old list may call any tool: take the session
     * to that tool's domain so the list it re-reads matches. */
    if (reg->opts.mode == TOOLS_TREE) {
        int dom = (int)t->domain;
        tools__nav_use(reg, mcp_call_session(mc), &dom, 1);
    }
    /* The schema let whole-number reals (1.0) through as integers. */
    if (tools__normalize(&c, a) != 0) {
        res = tools__take_error(&c);
        goto out;
    }
    if (t->kind == TOOLS_WRITE) {
        c.dry_run = json_is_true(json_object_get(a, "dry_run"));
        json_object_del(a, "dry_run");
    }
    /* One confirmation rule (tools__asks): deletes ask here; updates ask
     * in tools__post when they would remove or replace data; a
     * TOOLS_T_CONFIRM handler asks through tools__confirm. */
    if (tools__asks(t)) {
        c.confirm = json_is_true(json_object_get(a, "confirm"));
        json_object_del(a, "confirm");
    }
    if (t->kind == TOOLS_DELETE && (res = tools__confirm_delete(&c, a)))
        goto out;
    halo_set_cancel(call_cancelled, mc);
    res = outcome(&c, t->run(&c, a));
    halo_set_cancel(NULL, NULL);
out:
    running = outer;
    tools__audit_end(audit, res);
    json_decref(c.error);
    json_decref(c.preview);
    json_decref(c.resolved);
    json_decref(c.current);
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
        .annotations = tools__annotations(t),
        .handler = tool_handler,
        .data = e,
        .task = json_object_get(json_object_get(in, "properties"), "max_rows") ||
                        (t->flags & TOOLS_T_TASK)
                    ? MCP_TASK_OPTIONAL
                    : MCP_TASK_NEVER,
    };
    int rc = mcp_server_add_tool(srv, &mt, err, errlen);
    /* what the tool adds to a tools/list (the entry the MCP core lists) */
    json_t *entry = json_pack("{s:s, s:s, s:s, s:O, s:O?, s:{s:s, s:b, s:b, s:b, s:b}}", "name",
                              t->name, "title", t->title, "description", t->description,
                              "inputSchema", in, "outputSchema", out, "annotations", "title",
                              t->title, "readOnlyHint", 1, "destructiveHint", 0,
                              "idempotentHint", 0, "openWorldHint", 1);
    char *text = json_dumps(entry, JSON_COMPACT);
    reg->dom_bytes[t->domain] += strlen(text) + 1;
    free(text);
    json_decref(entry);
    json_decref(in);
    json_decref(out);
    return rc;
}

/* What a tool does, in the ranker's verbs (rank_int.h); a verb of its own
 * shape goes by its kind. */
static const char *verbs_of(const struct tools_def *t)
{
    switch (t->verb) {
    case TOOLS_V_LIST: return "list";
    case TOOLS_V_GET: return "get";
    case TOOLS_V_CREATE: return "create";
    case TOOLS_V_UPDATE: return "update";
    case TOOLS_V_SAVE: return "create update";
    case TOOLS_V_DELETE: return "delete";
    default: break;
    }
    return t->kind == TOOLS_READ ? "list get" : t->kind == TOOLS_DELETE ? "delete" : "create update";
}

/* The ranker over the whole catalogue (a query only ever returns
 * what is registered, but the rarity of a word is the catalogue's). */
static void build_ranker(struct tools__reg *reg)
{
    const struct tools__catalogue *cat = tools__catalogue();
    struct tools__rank_doc *docs = xcalloc(cat->ntools ? cat->ntools : 1, sizeof *docs);
    char **texts = xcalloc(cat->ntools ? cat->ntools * 4 : 1, sizeof *texts);
    size_t n = 0;
    reg->rank_tools = xcalloc(cat->ntools ? cat->ntools : 1, sizeof *reg->rank_tools);
    for (size_t d = 0; d < cat->ndoms; d++) {
        const struct tools_domain *dom = cat->doms[d].row;
        for (size_t i = 0; i < cat->doms[d].ntools; i++) {
            const struct tools_def *t = &cat->doms[d].tools[i];
            struct buf names = {0}, about = {0};
            char *name = xstrdup(t->name);
            for (char *c = name; *c; c++)
                *c = *c == '_' ? ' ' : *c;
            for (size_t a = 0; a < t->nargs; a++) {
                /* the framework's own arguments say nothing about a tool */
                if (tools__framework_arg(t->args[a].name))
                    continue;
                buf_printf(&names, "%s ", t->args[a].name);
                buf_printf(&about, "%s. ", t->args[a].description ? t->args[a].description : "");
            }
            for (char *c = names.data; c && *c; c++)
                *c = *c == '_' ? ' ' : *c;
            char *domain = xasprintf("%s %s %s", dom->name, dom->title, dom->summary);
            texts[4 * n] = name;
            texts[4 * n + 1] = buf_steal(&names);
            texts[4 * n + 2] = buf_steal(&about);
            texts[4 * n + 3] = domain;
            docs[n].field[TOOLS__F_NAME] = name;
            docs[n].field[TOOLS__F_TITLE] = t->title;
            docs[n].field[TOOLS__F_ARGS] = texts[4 * n + 1];
            docs[n].field[TOOLS__F_DOMAIN] = domain;
            docs[n].field[TOOLS__F_DESCRIPTION] = t->description;
            docs[n].field[TOOLS__F_ARG_TEXT] = texts[4 * n + 2];
            docs[n].verbs = verbs_of(t);
            reg->rank_tools[n++] = t;
        }
    }
    reg->ranker = tools__rank_new(docs, n);
    for (size_t i = 0; i < 4 * n; i++)
        free(texts[i]);
    free(texts);
    free(docs);
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
    reg->dom_bytes = xcalloc(cat->ndoms ? cat->ndoms : 1, sizeof *reg->dom_bytes);
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
            if (!tools__flat_lists(reg, t))
                reg->flat_unlisted++;
        }
    }
    build_ranker(reg);
    if (tools__register_nav(srv, reg, err, errlen) != 0)
        return -1;
    for (size_t i = 0; i < reg->nentries; i++) {
        if (add_tool(srv, reg, &reg->entries[i], err, errlen) != 0)
            return -1;
    }
    if (tools__register_ux(srv, reg, err, errlen) != 0)
        return -1;
    mcp_server_on_session(srv, on_session, reg);
    mcp_server_set_rights(srv, tools__rights_needed, reg);
    mcp_server_set_missing_tool(srv, missing_tool, reg);
    mcp_server_set_visibility(srv, visible, reg);
    return 0;
}
