/* call.c - what a domain tool uses to talk to HaloPSA: requests whose
 * failures become honest isError results (HaloPSA's own message, status and
 * endpoint), dry runs, bad-input results, envelopes, and list results (one
 * page, a local page of a whole list, or a walk over pages with progress
 * and cancellation through halo_get_pages). */
#include "fw_int.h"

#include "base/base.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define WALK_PAGE 100
#define WALK_MAX 1000
#define DEFAULT_PAGE_SIZE 25
#define MAX_PAGE_SIZE 100
#define MAX_PAGE 1000000

static void set_error(struct tools_call *c, json_t *result)
{
    json_decref(c->error);
    c->error = result;
}

/* What to do about a failure, in words a model can act on. */
static const char *hint(const struct halo_error *e)
{
    /* HaloPSA's client already says what a sent write did and when to retry. */
    if (e->applied != HALO_APPLIED_NO || e->retry_after_s)
        return "";
    switch (e->kind) {
    case HALO_E_HTTP:
        if (e->status == 404)
            return " (no such record: check the id, e.g. with a list tool)";
        if (e->status == 401 || e->status == 403)
            return " (the API application lacks permission for this; check its scopes and "
                   "agent in HaloPSA)";
        if (e->status >= 500)
            return " (a HaloPSA server error; it may work if tried again later)";
        return "";
    case HALO_E_AUTH:
        return " (check HALOPSA_CLIENT_ID, HALOPSA_CLIENT_SECRET and the tenant; "
               "halopsa_status shows the connection)";
    case HALO_E_RATELIMIT:
        return " (HaloPSA's rate limit: wait a minute before trying again)";
    case HALO_E_NETWORK:
    case HALO_E_TIMEOUT:
        return " (HaloPSA could not be reached; halopsa_status shows the base URL)";
    default:
        return "";
    }
}

/* A message of ours; when it quotes end-user text, the preamble comes
 * first, as in every reply. New result. */
static json_t *error_result(struct tools_call *c, const char *msg)
{
    struct buf b = {0};
    buf_appends(&b, "");
    if (c->marked)
        tools__preamble(&b, c->nonce);
    buf_appends(&b, msg);
    json_t *r = mcp_result_error("%s", b.data);
    buf_free(&b);
    return r;
}

static void halo_failed(struct tools_call *c, const struct halo_error *e)
{
    char line[1400];
    c->failed_status = e->kind == HALO_E_HTTP ? e->status : 0;
    struct halo_error quoted = *e;
    /* HaloPSA's own message can repeat what a record holds (a rejected
     * summary): it is quoted as end-user text. */
    if (e->status > 0 && e->message[0]) {
        char *q = tools__quote(c, e->message, 600);
        snprintf(quoted.message, sizeof quoted.message, "%s", q);
        free(q);
    }
    halo_error_format(&quoted, line, sizeof line);
    log_redact(line);
    char *msg = xasprintf("%s%s", line, hint(e));
    /* Text only: a client validates any structuredContent, even of an
     * error, against the tool's output schema. */
    set_error(c, error_result(c, msg));
    free(msg);
}

json_t *tools__get(struct tools_call *c, const char *path, json_t *query)
{
    struct halo_error e;
    json_t *r = halo_get(c->hc, path, query, &e);
    if (!r)
        halo_failed(c, &e);
    return r;
}

int tools__get_bytes(struct tools_call *c, const char *path, json_t *query,
                     struct halo_bytes *out)
{
    struct halo_error e;
    if (halo_get_bytes(c->hc, path, query, out, &e) == 0)
        return 0;
    halo_failed(c, &e);
    return -1;
}

/* The dry run's answer: what would have been sent. */
static void preview(struct tools_call *c, const char *path, json_t *records)
{
    json_t *sc = json_pack("{s:b, s:s, s:s, s:O}", "dry_run", 1, "method", "POST", "path", path,
                           "body", records);
    char *body = json_dumps(records, JSON_INDENT(2));
    struct buf text = {0};
    buf_printf(&text, "Dry run: nothing was sent. %s would send POST %s with this body "
                      "(HaloPSA creates a record without \"id\" and updates the one with "
                      "it):\n%s",
               c->tool->name, path, body ? body : "[]");
    /* What sending it would replace: the real call asks first. */
    json_t *lost = json_array();
    size_t i;
    json_t *rec;
    json_array_foreach(records, i, rec) {
        json_t *l = tools__losses(c, rec);
        json_array_extend(lost, l);
        json_decref(l);
        json_decref(c->error); /* a record that cannot be read only says less */
        c->error = NULL;
    }
    if (json_array_size(lost)) {
        buf_appends(&text, "\nSending it would remove or replace data HaloPSA holds (the user is "
                           "asked to confirm first):");
        json_array_foreach(lost, i, rec)
            buf_printf(&text, "\n- %s", json_string_value(rec));
        json_object_set(sc, "replaces", lost);
    }
    json_decref(lost);
    json_decref(c->preview);
    c->preview = mcp_result_structured(sc, text.data);
    buf_free(&text);
    free(body);
}

json_t *tools__post(struct tools_call *c, const char *path, json_t *records)
{
    struct halo_error e;
    if (c->dry_run) {
        preview(c, path, records);
        return NULL;
    }
    /* An element with an id updates: anything it would remove or replace
     * needs the user's yes first. */
    size_t i;
    json_t *rec;
    json_array_foreach(records, i, rec) {
        if (tools__confirm_update(c, rec) != 0)
            return NULL;
    }
    json_t *r = halo_post_array(c->hc, path, records, &e);
    if (!r)
        halo_failed(c, &e);
    return r;
}

json_t *tools__delete(struct tools_call *c, const char *path, json_t *query)
{
    struct halo_error e;
    json_t *r = halo_delete(c->hc, path, query, &e);
    if (!r)
        halo_failed(c, &e);
    return r;
}

json_int_t tools__arg_id(json_t *args, const char *arg)
{
    json_t *v = json_object_get(args, arg);
    return json_is_integer(v) ? json_integer_value(v) : 0;
}

json_t *tools__parent_query(struct tools_call *c, json_t *args)
{
    const struct tools_arg *p = c->tool->entity->parent;
    json_t *q = json_object();
    json_t *v = p ? json_object_get(args, p->name) : NULL;
    if (json_is_integer(v))
        json_object_set(q, tools__param(p), v);
    return q;
}

char *tools__record_path(const struct tools_entity *e, json_int_t id)
{
    return xasprintf("%s/%lld", e->path, (long long)id);
}

json_t *tools__get_one(struct tools_call *c, json_int_t id, json_t *query)
{
    const struct tools_entity *e = c->tool->entity;
    char *path = tools__record_path(e, id);
    json_t *q = json_is_object(query) ? json_copy(query) : json_object();
    for (size_t i = 0; e->get_flags && e->get_flags[i]; i++)
        json_object_set_new(q, e->get_flags[i], json_true());
    json_t *resp = tools__get(c, path, q), *rec = NULL;
    json_decref(q);
    if (resp) {
        rec = halo_record(resp, e->key);
        if (json_is_object(rec))
            json_incref(rec);
        else
            rec = tools__fail(c, "HaloPSA returned no %s for GET %s", e->noun, path);
    }
    json_decref(resp);
    free(path);
    return rec;
}

int tools__exists(struct tools_call *c, json_int_t id, json_t *args)
{
    char *path = tools__record_path(c->tool->entity, id);
    json_t *q = tools__parent_query(c, args);
    json_t *cur = tools__get(c, path, q);
    json_decref(q);
    free(path);
    /* Kept: what an update would replace is judged against it. */
    json_t *rec = cur ? halo_record(cur, c->tool->entity->key) : NULL;
    if (json_is_object(rec)) {
        json_decref(c->current);
        c->current = json_incref(rec);
    }
    json_decref(cur);
    return cur ? 0 : -1;
}

json_t *tools__saved_record(json_t *reply, const char *key)
{
    if (json_is_array(reply))
        return json_is_object(json_array_get(reply, 0)) ? json_array_get(reply, 0) : NULL;
    return halo_record(reply, key);
}

json_t *tools__rows(json_t *reply, const char *key, int64_t *count)
{
    json_t *rows = halo_rows(reply, key, count);
    if (json_array_size(rows) || !json_is_object(reply))
        return rows;
    /* Nothing under the key we expected: a reference endpoint may answer
     * under any one array-valued key (halopsa-api.md §9.1). */
    const char *k;
    json_t *v, *only = NULL;
    int arrays = 0;
    json_object_foreach(reply, k, v) {
        if (json_is_array(v)) {
            arrays++;
            only = v;
        }
    }
    if (arrays != 1)
        return rows;
    if (count && !json_object_get(reply, "record_count"))
        *count = (int64_t)json_array_size(only);
    return only;
}

json_t *tools__take_error(struct tools_call *c)
{
    json_t *e = c->error;
    c->error = NULL;
    return e ? e : mcp_result_error("%s: internal error (no error recorded)", c->tool->name);
}

json_t *tools__fail(struct tools_call *c, const char *fmt, ...)
{
    char msg[2048];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    set_error(c, error_result(c, msg));
    return NULL;
}

/* ------------------------------------------------------------------ */
/* Lists                                                               */

/* A paging argument, clamped (the schema bounds it; normalised to an
 * integer at the boundary). */
static int int_arg(json_t *args, const char *key, int dflt, int lo, int hi)
{
    json_t *v = json_object_get(args, key);
    if (!json_is_integer(v))
        return dflt;
    json_int_t n = json_integer_value(v);
    return n < lo ? lo : n > hi ? hi : (int)n;
}

/* The list result from compact rows (stolen): the rows as columns. */
static json_t *list_result(struct tools_call *c, json_t *rows, int64_t total, int page,
                           int page_size, bool has_more)
{
    json_t *sc = json_object();
    json_object_set_new(sc, "record_count", json_integer(total));
    json_object_set_new(sc, "page", json_integer(page));
    json_object_set_new(sc, "page_size", json_integer(page_size));
    json_object_set_new(sc, "has_more", json_boolean(has_more));
    json_t *table = tools__columns(rows, c->tool->rows, c->tool->entity->row);
    json_object_update(sc, table);
    json_decref(table);
    return tools__result(sc);
}

/* Compact rows from..from+n of rows. New array. */
static json_t *compact(struct tools_call *c, json_t *rows, size_t from, size_t n)
{
    const struct tools_entity *e = c->tool->entity;
    json_t *out = json_array();
    for (size_t i = from; i < from + n && i < json_array_size(rows); i++)
        json_array_append_new(out, tools__row(json_array_get(rows, i), e->row));
    return out;
}

/* A local page of a complete list (rows borrowed). */
static json_t *local_page(struct tools_call *c, json_t *args, json_t *rows)
{
    size_t n = json_array_size(rows);
    int page = int_arg(args, "page", 1, 1, MAX_PAGE);
    int page_size = int_arg(args, "page_size", DEFAULT_PAGE_SIZE, 1, MAX_PAGE_SIZE);
    int max_rows = int_arg(args, "max_rows", 0, 0, WALK_MAX);
    if (max_rows > page_size) {
        page = 1;
        page_size = max_rows;
    }
    size_t from = (size_t)(page - 1) * (size_t)page_size;
    if (from > n)
        from = n;
    size_t take = n - from < (size_t)page_size ? n - from : (size_t)page_size;
    return list_result(c, compact(c, rows, from, take), (int64_t)n, page, page_size,
                       from + take < n);
}

json_t *tools__list_local(struct tools_call *c, json_t *args, json_t *rows)
{
    return local_page(c, args, rows);
}

/* The rows of a whole list whose name holds the search text (a SEARCH
 * argument of an entity searched here). New array. */
static json_t *search_here(struct tools_call *c, json_t *args, json_t *rows)
{
    const struct tools_entity *e = c->tool->entity;
    const char *field = e->name_field ? e->name_field : "name";
    const char *text = NULL;
    for (size_t i = 0; i < c->tool->nargs && !text; i++) {
        if (c->tool->args[i].kind == TOOLS_A_SEARCH)
            text = json_string_value(json_object_get(args, c->tool->args[i].name));
    }
    json_t *out = json_array();
    size_t i;
    json_t *r;
    json_array_foreach(rows, i, r) {
        const char *name = json_string_value(json_object_get(r, field));
        if (text && *text && !(name && strcasestr(name, text)))
            continue;
        json_array_append(out, r);
    }
    return out;
}

struct walk_progress {
    struct tools_call *c;
    size_t reported;
    size_t max_rows;
};

static void on_page(void *ud, size_t fetched, int64_t total)
{
    struct walk_progress *w = ud;
    char msg[96];
    if (fetched <= w->reported) /* progress must increase */
        return;
    w->reported = fetched;
    snprintf(msg, sizeof msg, "fetched %zu of %lld rows", fetched, (long long)total);
    mcp_call_progress(w->c->mcp, (double)fetched, total > 0 ? (double)total : 0, msg);
    /* More pages to come: a 2026 client that declared tasks gets a task
     * now and polls, instead of holding the request open. */
    if (fetched < w->max_rows && (total < 0 || (int64_t)fetched < total))
        mcp_call_detach(w->c->mcp);
}

/* Walks pages of 100 from the first until max_rows rows, the last page,
 * or cancellation. NULL with c->error. */
static json_t *walk(struct tools_call *c, json_t *query, int max_rows)
{
    const struct tools_entity *e = c->tool->entity;
    struct walk_progress w = {c, 0, (size_t)max_rows};
    struct halo_error err;
    int64_t total = -1;
    json_t *all = halo_get_pages(c->hc, e->path, query, e->key, WALK_PAGE, (size_t)max_rows,
                                 on_page, &w, &total, &err);
    if (!all) {
        halo_failed(c, &err);
        return NULL;
    }
    size_t have = json_array_size(all);
    if (total < (int64_t)have)
        total = (int64_t)have;
    json_t *res = list_result(c, compact(c, all, 0, have), total, 1, WALK_PAGE,
                              (int64_t)have < total);
    if (err.kind == HALO_E_CANCELLED)
        json_object_set_new(json_object_get(res, "structuredContent"), "cancelled", json_true());
    json_decref(all);
    return res;
}

/* One page HaloPSA paged. NULL with c->error. */
static json_t *one_page(struct tools_call *c, json_t *q, int page, int page_size)
{
    const struct tools_entity *e = c->tool->entity;
    int64_t total = -1;
    struct halo_error err;
    /* Only the fields the rows show are read out of the reply (issue 17);
     * a paged list always carries record_count, so halo_rows' envelope
     * rules (tools__rows adds nothing here) hold for the projection. */
    const char **read = tools__row_sources(e, e->row);
    json_t *resp = halo_get_rows(c->hc, e->path, q, e->key, read, &total, &err);
    free(read);
    if (!resp) {
        halo_failed(c, &err);
        return NULL;
    }
    json_t *rows = resp;
    size_t n = json_array_size(rows);
    /* HaloPSA ignores page_size in some configurations: never show more
     * than asked for. */
    size_t take = n < (size_t)page_size ? n : (size_t)page_size;
    int64_t before = (int64_t)(page - 1) * page_size;
    if (total < before + (int64_t)take)
        total = before + (int64_t)take;
    bool more = before + (int64_t)take < total || n > take;
    json_t *res = list_result(c, compact(c, rows, 0, take), total, page, page_size, more);
    json_decref(resp);
    return res;
}

json_t *tools__list(struct tools_call *c, json_t *args, json_t *query)
{
    const struct tools_entity *e = c->tool->entity;
    json_t *q = query ? json_copy(query) : json_object();
    json_t *res = NULL;
    int max_rows = int_arg(args, "max_rows", 0, 0, WALK_MAX);
    int page = int_arg(args, "page", 1, 1, MAX_PAGE);
    int page_size = int_arg(args, "page_size", DEFAULT_PAGE_SIZE, 1, MAX_PAGE_SIZE);

    if (!(e->flags & TOOLS_E_PAGED)) {
        json_t *resp = tools__get(c, e->path, q);
        if (resp) {
            json_t *rows = tools__rows(resp, e->key, NULL);
            if (e->flags & TOOLS_E_LOCAL_SEARCH) {
                json_t *hits = search_here(c, args, rows);
                res = local_page(c, args, hits);
                json_decref(hits);
            } else {
                res = local_page(c, args, rows);
            }
        }
        json_decref(resp);
    } else if (max_rows > page_size) {
        res = walk(c, q, max_rows);
    } else {
        halo_page_query(q, (size_t)page, (size_t)page_size);
        res = one_page(c, q, page, page_size);
    }
    json_decref(q);
    return res;
}
