/* test_fault_matrix.c - issue 13's fault matrix: every write tool of the
 * catalogue × every write fault the simulator injects (5xx before and after
 * the change, the connection dropped before and after it, the reply held
 * past the client's timeout, a malformed 2xx, a 429, the token revoked),
 * each on a freshly reset simulator. The simulator's request log is the
 * truth: the write was applied at most once, and the result says what is
 * known (applied: "probably applied" / "may or may not" / "already deleted",
 * never an invitation to send it again; not applied: never claimed). The
 * tools come from the catalogue and their arguments from their schemas and
 * the seed, so a new domain's writes are covered without a line here. */
#include "fw_test.h"

#include "sim.h"
#include "tools/tools.h"

#include <pthread.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define WORKERS 8     /* simulator + halopsa-mcp pairs working side by side */
#define CANDIDATES 4  /* seed records tried per tool to find a write that works */
#define MIN_TOOLS 40  /* the catalogue had 46 write tools when this was written */

/* The write faults (sim/faults.c), named as the request log names them. */
static const char *const kinds[] = {"error",           "drop_before", "drop_after",
                                    "hold_after",      "malformed_after", "error_after",
                                    "429",             "revoke"};
#define NKINDS (sizeof kinds / sizeof kinds[0])

/* Tools that cannot be made to succeed from their schema and the seed
 * alone: the arguments added (JSON text) and why. Keep it short. */
static const struct {
    const char *tool, *extra, *why;
} exceptions[] = {
    {"halopsa_attachments_upload", "{\"text\":\"fault matrix\"}",
     "the content is data_base64 or text, one of two, which a schema cannot mark as needed"},
};

/* Words that would invite sending an applied write again, or call it
 * absent. */
static const char *const resend_words[] = {"try again", "tried again", "retry it",
                                           "check the id", NULL};
/* Words that say an applied (or maybe applied) write is known as such. */
static const char *const applied_words[] = {"probably applied", "may or may not have applied",
                                            "already deleted", NULL};
/* Words that claim a write was applied. */
static const char *const claim_words[] = {"probably applied", "already deleted", "was applied",
                                          NULL};

struct wtool {
    char *name, *method, *entity; /* entity: the endpoint's first segment after /api/ */
    char *args;                   /* JSON text of arguments that write once; NULL: none found */
    int baseline_applied;         /* applied requests of the working call (any entity) */
};

struct cell {
    size_t tool, kind;
    int applied, struck, ok;      /* the log's applied target writes, fault hits; no isError */
    char *text;                   /* the result's text (new) */
    char *fail;                   /* what is wrong (new), NULL when the cell holds */
};

struct worker {
    struct sim *sim;
    struct tt t;
    bool up;
};

static struct wtool *tools;
static size_t ntools;
static struct cell *cells;
static size_t ncells;
static atomic_size_t next_cell;
static struct worker workers[WORKERS];
static int client_timeout_ms, hold_ms;

static bool has_any(const char *text, const char *const *words)
{
    for (size_t i = 0; words[i]; i++)
        if (strcasestr(text, words[i]))
            return true;
    return false;
}

static int scale(void)
{
    const char *s = getenv("TEST_TIMEOUT_SCALE");
    int n = s ? atoi(s) : 1;
    return n > 0 ? n : 1;
}

/* ---- the simulator around a call ---- */

static void sim_post(struct tt *t, const char *what)
{
    char url[128];
    snprintf(url, sizeof url, "%s/_sim/%s", t->base_url, what);
    tl_http("POST", url, "{}", NULL, NULL, NULL);
}

/* A fresh store, no faults, an empty log. */
static void fresh(struct worker *w)
{
    sim_post(&w->t, "reset");
    char url[128];
    snprintf(url, sizeof url, "%s/_sim/faults", w->t.base_url);
    tl_http("DELETE", url, NULL, NULL, NULL, NULL);
    tt_clear_requests(&w->t);
}

/* What the log shows for one call of tool: target writes (method and
 * entity of the tool) applied, any request applied, and how many requests
 * the fault named kind hit. */
struct tally {
    int applied, all_applied, struck;
};

static bool entity_is(const char *path, const char *entity)
{
    if (strncasecmp(path, "/api/", 5) != 0)
        return false;
    path += 5;
    size_t n = strcspn(path, "/?");
    return n == strlen(entity) && strncasecmp(path, entity, n) == 0;
}

static struct tally tally(struct tt *t, const struct wtool *w, const char *kind)
{
    struct tally r = {0, 0, 0};
    json_t *log = tt_requests(t);
    size_t i;
    json_t *e;
    json_array_foreach(log, i, e) {
        const char *m = json_string_value(json_object_get(e, "method"));
        const char *p = json_string_value(json_object_get(e, "path"));
        const char *f = json_string_value(json_object_get(e, "fault"));
        bool applied = json_is_true(json_object_get(e, "applied"));
        r.all_applied += applied;
        if (applied && m && p && strcasecmp(m, w->method) == 0 && entity_is(p, w->entity))
            r.applied++;
        if (kind && f && strcmp(f, kind) == 0)
            r.struck++;
    }
    json_decref(log);
    return r;
}

/* ---- arguments that make a write succeed ---- */

static json_t *value_for(struct tt *t, json_t *cat, json_t *refs, const char *name,
                         const char *type, json_t *row, size_t k);

/* The schema's (first) type of argument name of tool. Borrowed. */
static const char *type_of(json_t *tool, const char *name)
{
    json_t *props = json_object_get(json_object_get(tool, "inputSchema"), "properties");
    json_t *type = json_object_get(json_object_get(props, name), "type");
    return json_is_string(type) ? json_string_value(type)
                                : json_string_value(json_array_get(type, 0));
}

/* The rows (new array, maybe empty) of the list tool named list, called
 * with its required arguments (kept in *used when used is given: new),
 * as many as it gives at once. */
static json_t *list_rows(struct tt *t, json_t *cat, const char *list, json_t **used)
{
    json_t *tool = fw_tool_named(cat, list);
    json_t *args = json_object();
    if (used)
        *used = json_incref(args);
    if (!tool) {
        json_decref(args);
        return json_array();
    }
    size_t i;
    json_t *req;
    json_array_foreach(json_object_get(json_object_get(tool, "inputSchema"), "required"), i,
                       req) {
        const char *name = json_string_value(req);
        json_object_set_new(args, name,
                            value_for(t, cat, NULL, name, type_of(tool, name), NULL, 0));
    }
    json_t *props = json_object_get(json_object_get(tool, "inputSchema"), "properties");
    if (json_object_get(props, "max_rows"))
        json_object_set_new(args, "max_rows", json_integer(1000));
    else if (json_object_get(props, "page_size"))
        json_object_set_new(args, "page_size", json_integer(100));
    json_t *r = tt_call(t, list, args, NULL);
    json_t *rows = r && !tt_is_error(r) ? json_incref(tt_rows(r)) : NULL;
    json_decref(r);
    return rows ? rows : json_array();
}

/* A value for argument name of type (the schema's first type) when the
 * record row (may be NULL) does not give one: a real id from the list of
 * what a "<thing>_id" names (refs, cached), a date for dates, text for
 * text. New reference. */
/* Borrowed: candidate k of rows: the first, the last, the second, the
 * one before the last... (a list's ends differ most: the seed's oldest
 * and newest records). */
static json_t *candidate(json_t *rows, size_t k)
{
    size_t n = json_array_size(rows);
    if (!n)
        return NULL;
    k %= n;
    return json_array_get(rows, k % 2 ? n - 1 - k / 2 : k / 2);
}

static json_t *value_for(struct tt *t, json_t *cat, json_t *refs, const char *name,
                         const char *type, json_t *row, size_t k)
{
    json_t *have = json_object_get(row, name);
    if (json_is_integer(have))
        return json_incref(have);
    size_t n = strlen(name);
    if (refs && type && strcmp(type, "integer") == 0 && n > 3 &&
        strcmp(name + n - 3, "_id") == 0) {
        char *list = xasprintf("halopsa_%.*ss_list", (int)(n - 3), name);
        json_t *rows = json_object_get(refs, list);
        if (!rows) {
            rows = list_rows(t, cat, list, NULL);
            json_object_set_new(refs, list, rows);
        }
        free(list);
        json_t *id = json_object_get(candidate(rows, k), "id");
        if (json_is_integer(id))
            return json_incref(id);
    }
    if (!type || strcmp(type, "integer") == 0 || strcmp(type, "number") == 0)
        return json_integer(1);
    if (strcmp(type, "boolean") == 0)
        return json_true();
    if (strcmp(type, "array") == 0)
        return json_array();
    if (strcmp(type, "object") == 0)
        return json_object();
    if (strcmp(name, "start") == 0)
        return json_string("2026-12-01T10:00");
    if (strcmp(name, "end") == 0)
        return json_string("2026-12-01T11:00");
    if (strcmp(name, "from") == 0)
        return json_string("2000-01-01");
    if (strcmp(name, "to") == 0)
        return json_string("2099-12-31");
    if (strstr(name, "date"))
        return json_string("2026-12-31");
    return json_string("Fault matrix");
}

/* Arguments for write tool (catalogue entry) from candidate k: its
 * required arguments and those a new record needs, ids from row k of its
 * domain's list (own, listed with own_args), confirm: true where it asks;
 * with one_more, also its first optional argument (an update needs
 * something to change). New object. */
static json_t *write_args(struct tt *t, json_t *cat, json_t *refs, json_t *tool, json_t *own,
                          json_t *own_args, size_t k, bool one_more)
{
    json_t *props = json_object_get(json_object_get(tool, "inputSchema"), "properties");
    json_t *row = candidate(own, k);
    json_t *out = json_object();
    size_t i;
    json_t *a;
    json_array_foreach(json_object_get(tool, "arguments"), i, a) {
        const char *name = json_string_value(json_object_get(a, "name"));
        bool want = json_is_true(json_object_get(a, "required")) ||
                    json_is_true(json_object_get(a, "needed"));
        if (!want && one_more && strcmp(name, "dry_run") != 0 && strcmp(name, "confirm") != 0 &&
            strcmp(name, "record") != 0 && strcmp(name, "id") != 0) {
            want = true;
            one_more = false;
        }
        json_t *listed = json_object_get(own_args, name); /* the row's parent */
        if (want && row && json_is_integer(listed) &&
            !json_is_integer(json_object_get(row, name)))
            json_object_set(out, name, listed);
        else if (want)
            json_object_set_new(out, name,
                                value_for(t, cat, refs, name, type_of(tool, name), row, k));
    }
    if (json_object_get(props, "confirm"))
        json_object_set_new(out, "confirm", json_true());
    const char *name = json_string_value(json_object_get(tool, "name"));
    for (size_t e = 0; e < sizeof exceptions / sizeof exceptions[0]; e++) {
        if (strcmp(exceptions[e].tool, name) == 0) {
            json_t *extra = json_loads(exceptions[e].extra, 0, NULL);
            json_object_update(out, extra);
            json_decref(extra);
        }
    }
    return out;
}

/* The records (new array) that the read tools of write tool's domain
 * list from its entity (a list needs no id: its endpoint is the write's
 * without "/{id}"); *used (new) gets the arguments of the first that
 * listed any. */
static json_t *own_rows(struct tt *t, json_t *cat, json_t *tool, json_t **used)
{
    const char *domain = json_string_value(json_object_get(tool, "domain"));
    const char *ep = json_string_value(json_object_get(tool, "endpoint"));
    size_t eplen = strcspn(ep, "{");
    if (eplen && ep[eplen - 1] == '/' && ep[eplen])
        eplen--;
    json_t *all = json_array();
    *used = NULL;
    size_t i;
    json_t *e;
    json_array_foreach(cat, i, e) {
        const char *lep = json_string_value(json_object_get(e, "endpoint"));
        if (strcmp(json_string_value(json_object_get(e, "domain")), domain) != 0 ||
            !json_is_true(json_object_get(json_object_get(e, "annotations"), "readOnlyHint")) ||
            strlen(lep) != eplen || strncmp(lep, ep, eplen) != 0)
            continue;
        json_t *args = NULL;
        json_t *rows = list_rows(t, cat, json_string_value(json_object_get(e, "name")), &args);
        if (json_array_size(rows) && !*used)
            *used = json_incref(args);
        json_array_extend(all, rows);
        json_decref(rows);
        json_decref(args);
    }
    return all;
}

/* Finds arguments with which w writes exactly once and succeeds (into
 * w->args), trying the first and last records its domain lists; says why
 * when none does. */
static void find_working_args(struct worker *wk, json_t *cat, json_t *refs, json_t *tool,
                              struct wtool *w)
{
    json_t *own_args = NULL;
    json_t *own = own_rows(&wk->t, cat, tool, &own_args);
    char *last = NULL;
    for (size_t k = 0; k < 2 * CANDIDATES && !w->args; k++) {
        json_t *args = write_args(&wk->t, cat, refs, tool, own, own_args, k % CANDIDATES,
                                  k >= CANDIDATES);
        char *text = json_dumps(args, JSON_COMPACT | JSON_SORT_KEYS);
        fresh(wk);
        json_t *r = tt_call(&wk->t, w->name, args, NULL);
        struct tally tl = tally(&wk->t, w, NULL);
        if (r && !tt_is_error(r) && tl.applied == 1) {
            w->args = text;
            w->baseline_applied = tl.all_applied;
        } else {
            free(last);
            last = xasprintf("%s -> %s (%d applied)", text, r ? tt_text(r) : "no result",
                             tl.applied);
            free(text);
        }
        json_decref(r);
    }
    json_decref(own);
    json_decref(own_args);
    if (!w->args)
        printf("# %s: no arguments found that write once: %.600s\n", w->name,
               last ? last : "?");
    free(last);
}

/* ---- one cell: a tool under a fault ---- */

static void failf(struct cell *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void failf(struct cell *c, const char *fmt, ...)
{
    if (c->fail)
        return; /* the first reason is enough */
    va_list ap;
    va_start(ap, fmt);
    if (vasprintf(&c->fail, fmt, ap) < 0)
        c->fail = NULL;
    va_end(ap);
}

/* What the result must say, from the fault's kind and what the log shows
 * was applied. */
static void judge(struct cell *c, const struct wtool *w)
{
    const char *kind = kinds[c->kind], *text = c->text;
    /* What the result says in our own words: HaloPSA's text is quoted in
     * a region the model is told holds data, so the outcome must be
     * outside it. */
    char *ours = tt_outside(text);
    bool del = strcmp(w->method, "DELETE") == 0;
    if (c->struck != 1)
        failf(c, "the fault hit %d requests, not 1: the cell tested nothing", c->struck);
    if (c->applied > 1)
        failf(c, "written %d times", c->applied);
    if (c->ok && c->applied != 1)
        failf(c, "a success, but %d writes were applied", c->applied);
    if (c->applied && !c->ok) {
        /* Applied, and the client knows no answer came or it was bad. */
        if (!has_any(ours, applied_words))
            failf(c, "applied, but the result does not say it was (probably) applied, outside "
                     "HaloPSA's quoted text");
        if (has_any(text, resend_words))
            failf(c, "applied, but the result invites sending it again or calls it absent");
        if (!strcasestr(ours, "check") && !strcasestr(ours, "already deleted"))
            failf(c, "applied, but the result does not say to check before retrying");
    }
    if (!c->ok && strcmp(kind, "429") != 0 && strcmp(kind, "revoke") != 0 &&
        has_any(text, resend_words)) {
        /* Sent, and the client cannot know whether it was applied (a 5xx
         * or a lost answer may come after the change): no blind resend. */
        failf(c, "a write that may have been applied invites sending it again");
    }
    if (!c->applied && !c->ok && has_any(text, claim_words))
        failf(c, "nothing was applied, but the result says it was");
    if (strcmp(kind, "malformed_after") == 0) {
        if (c->ok || c->applied != 1 || !strcasestr(ours, "probably applied"))
            failf(c, "a 2xx with an unreadable body must say the change was probably applied");
    } else if (!strcmp(kind, "drop_after") || !strcmp(kind, "hold_after") ||
               !strcmp(kind, "error_after")) {
        if (c->ok || c->applied != 1)
            failf(c, "applied with no good answer, so the result must be an error saying so");
        if (del ? !has_any(ours, applied_words)
                : !strcasestr(ours, "may or may not have applied"))
            failf(c, "the write's fate is unknown to the client and the result must say so");
    } else if (!strcmp(kind, "error") || !strcmp(kind, "drop_before")) {
        /* A DELETE may go again and succeed; a POST is never re-sent. */
        if (!del && (c->ok || c->applied))
            failf(c, "a POST whose answer was lost was sent again");
        if (!c->ok && !strcasestr(ours, "may or may not have applied"))
            failf(c, "a write sent without an answer must say its fate is unknown");
    } else if (!strcmp(kind, "429") || !strcmp(kind, "revoke")) {
        /* Refused before processing: the client waits or re-authenticates
         * and sends it once, or says nothing was written. */
        if (!c->ok && !has_any(ours, (const char *const[]){"not applied", "not written",
                                                           "nothing was", NULL}))
            failf(c, "refused before processing, but the result does not say nothing was "
                     "written");
    }
    free(ours);
}

static void run_cell(struct worker *wk, struct cell *c)
{
    const struct wtool *w = &tools[c->tool];
    char spec[512], err[256];
    fresh(wk);
    snprintf(spec, sizeof spec,
             "{\"write_fault\":{\"kind\":\"%s\",\"entity\":\"%s\",\"method\":\"%s\","
             "\"hold_ms\":%d}}",
             kinds[c->kind], w->entity, w->method, hold_ms);
    if (sim_faults(wk->sim, spec, err, sizeof err) != 0) {
        failf(c, "fault not set: %s", err);
        return;
    }
    json_t *r = tt_call(&wk->t, w->name, json_loads(w->args, 0, NULL), NULL);
    struct tally tl = tally(&wk->t, w, kinds[c->kind]);
    c->applied = tl.applied;
    c->struck = tl.struck;
    c->ok = r && !tt_is_error(r);
    c->text = xstrdup(r ? tt_text(r) : "(no result)");
    json_decref(r);
    if (tl.all_applied > w->baseline_applied)
        failf(c, "%d requests applied, %d without the fault", tl.all_applied,
              w->baseline_applied);
    judge(c, w);
}

/* Phase one, on every pair at once: arguments for the next tool. */
static json_t *catalogue;
static atomic_size_t next_tool;

static void *find_args(void *arg)
{
    struct worker *wk = arg;
    json_t *refs = json_object(); /* this pair's lists of what ids name */
    for (;;) {
        size_t i = atomic_fetch_add(&next_tool, 1);
        if (i >= ntools)
            break;
        find_working_args(wk, catalogue, refs, fw_tool_named(catalogue, tools[i].name), &tools[i]);
    }
    json_decref(refs);
    return NULL;
}

/* Phase two: the next cell. */
static void *work(void *arg)
{
    struct worker *wk = arg;
    for (;;) {
        size_t i = atomic_fetch_add(&next_cell, 1);
        if (i >= ncells)
            break;
        run_cell(wk, &cells[i]);
    }
    return NULL;
}

/* ---- the matrix ---- */

static bool start_worker(struct worker *wk, char *const env[])
{
    struct sim_options o;
    char err[256];
    sim_options_default(&o);
    o.port = 0;
    o.rate_limit = 1000000; /* the matrix sends thousands of requests */
    o.tickets = 40;         /* the fewest with every kind of record (projects need 40): a
                             * reset costs a fraction of the demo tenant's 200 */
    wk->sim = sim_start(&o, err, sizeof err);
    if (!wk->sim) {
        printf("# simulator: %s\n", err);
        return false;
    }
    wk->up = tt_start_with(&wk->t, wk->sim, env, NULL) == 0;
    return wk->up;
}

static void stop_worker(struct worker *wk)
{
    if (wk->up)
        CHECK_INT(tt_stop(&wk->t), 0);
    if (wk->sim)
        sim_stop(wk->sim);
}

/* The write tools of the catalogue (not read-only), with their entity. */
static void collect_tools(json_t *cat)
{
    size_t i;
    json_t *e;
    tools = xcalloc(json_array_size(cat), sizeof *tools);
    json_array_foreach(cat, i, e) {
        if (json_is_true(json_object_get(json_object_get(e, "annotations"), "readOnlyHint")))
            continue;
        const char *ep = json_string_value(json_object_get(e, "endpoint"));
        struct wtool *w = &tools[ntools++];
        w->name = xstrdup(json_string_value(json_object_get(e, "name")));
        w->method = xstrdup(json_string_value(json_object_get(e, "method")));
        ep += strncmp(ep, "/api/", 5) == 0 ? 5 : 0;
        w->entity = xstrndup(ep, strcspn(ep, "/?"));
    }
}

static void test_every_write_under_every_fault(void)
{
    int sc = scale();
    /* Short enough for 46 held replies, long enough that nothing else
     * times out on a loaded machine (a POST is never re-sent). */
    client_timeout_ms = 2500 * sc;
    hold_ms = client_timeout_ms + 1000 * sc;
    char timeout_env[64];
    snprintf(timeout_env, sizeof timeout_env, "HALOPSA_TIMEOUT_MS=%d", client_timeout_ms);
    char *env[] = {timeout_env, "HALOPSA_RATE_LIMIT=100000/60", "HALOPSA_MAX_RETRIES=3", NULL};
    int64_t t0 = base_now_ms();
    bool up = true;
    for (size_t i = 0; i < WORKERS; i++)
        up = up && start_worker(&workers[i], env);
    CHECK(up);
    json_t *cat = tools_catalog();
    collect_tools(cat);
    if (!up)
        goto out;

    /* Arguments that write once without a fault. The catalogue is only
     * read from here on, so the pairs share it. libcurl's global set-up
     * (tl_http) happens here first, not in two threads at once. */
    fresh(&workers[0]);
    catalogue = cat;
    for (size_t e = 0; e < sizeof exceptions / sizeof exceptions[0]; e++)
        printf("# %s gets %s: %s\n", exceptions[e].tool, exceptions[e].extra, exceptions[e].why);
    pthread_t th[WORKERS];
    size_t started = 0;
    while (started < WORKERS &&
           pthread_create(&th[started], NULL, find_args, &workers[started]) == 0)
        started++;
    if (started == 0) /* no thread: find them here */
        find_args(&workers[0]);
    for (size_t i = 0; i < started; i++)
        pthread_join(th[i], NULL);
    size_t working = 0;
    for (size_t i = 0; i < ntools; i++)
        working += tools[i].args != NULL;
    printf("# %zu write tools, %zu with arguments that write once (%lld ms)\n", ntools,
           working, (long long)(base_now_ms() - t0));
    CHECK(ntools >= MIN_TOOLS);
    CHECK_INT(working, ntools);

    /* Every working tool under every fault, on all pairs at once. */
    cells = xcalloc(ntools * NKINDS, sizeof *cells);
    for (size_t i = 0; i < ntools; i++)
        for (size_t k = 0; tools[i].args && k < NKINDS; k++)
            cells[ncells++] = (struct cell){.tool = i, .kind = k};
    int64_t t1 = base_now_ms();
    started = 0;
    while (started < WORKERS && pthread_create(&th[started], NULL, work, &workers[started]) == 0)
        started++;
    if (started == 0)
        work(&workers[0]);
    for (size_t i = 0; i < started; i++)
        pthread_join(th[i], NULL);
    size_t bad = 0;
    for (size_t i = 0; i < ncells; i++) {
        struct cell *c = &cells[i];
        if (getenv("FAULT_MATRIX_VERBOSE"))
            printf("# %s × %s: %s, %d applied: %.300s\n", tools[c->tool].name, kinds[c->kind],
                   c->ok ? "ok" : "error", c->applied, c->text);
        if (!c->fail)
            continue;
        bad++;
        harness_fail(__FILE__, __LINE__, "%s × %s: %s (%s, %d applied): %.500s",
                     tools[c->tool].name, kinds[c->kind], c->fail, c->ok ? "ok" : "error",
                     c->applied, c->text);
    }
    printf("# matrix: %zu tools × %zu faults = %zu cells, %zu wrong, %lld ms (%lld ms in all)\n",
           working, NKINDS, ncells, bad, (long long)(base_now_ms() - t1),
           (long long)(base_now_ms() - t0));
    for (size_t i = 0; i < ncells; i++) {
        free(cells[i].text);
        free(cells[i].fail);
    }
    free(cells);
out:
    for (size_t i = 0; i < WORKERS; i++)
        stop_worker(&workers[i]);
    for (size_t i = 0; i < ntools; i++) {
        free(tools[i].name);
        free(tools[i].method);
        free(tools[i].entity);
        free(tools[i].args);
    }
    free(tools);
    json_decref(cat);
}

static const struct test tests[] = {
    {"every_write_under_every_fault", test_every_write_under_every_fault},
    {NULL, NULL},
};

HARNESS_MAIN("tools_fault_matrix", tests)
