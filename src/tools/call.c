/* call.c - what a domain tool uses to talk to HaloPSA: requests whose
 * failures become honest isError results (HaloPSA's own message, status and
 * endpoint), dry runs, bad-input results, paging arguments, and list
 * results (one page, a local page of a whole list, or a walk over pages
 * with progress and cancellation). */
#include "fw_int.h"

#include "base/base.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define WALK_PAGE 100
#define WALK_MAX 1000

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

static void halo_failed(struct tools_call *c, const struct halo_error *e)
{
    char line[1400];
    halo_error_format(e, line, sizeof line);
    log_redact(line);
    /* Text only: a client validates any structuredContent, even of an
     * error, against the tool's output schema. */
    json_t *res = mcp_result_error("%s%s", line, hint(e));
    set_error(c, res);
}

json_t *tools__get(struct tools_call *c, const char *path, json_t *query)
{
    struct halo_error e;
    json_t *r = halo_get(c->hc, path, query, &e);
    if (!r)
        halo_failed(c, &e);
    return r;
}

json_t *tools__post(struct tools_call *c, const char *path, json_t *records)
{
    struct halo_error e;
    if (c->dry_run) {
        json_t *sc = json_pack("{s:b, s:s, s:s, s:O}", "dry_run", 1, "method", "POST", "path",
                               path, "body", records);
        char *body = json_dumps(records, JSON_INDENT(2));
        char *text = xasprintf("Dry run: nothing was sent. %s would send POST %s with this body "
                               "(HaloPSA creates a record without \"id\" and updates the one "
                               "with it):\n%s",
                               c->tool->name, path, body ? body : "[]");
        set_error(c, mcp_result_structured(sc, text));
        free(text);
        free(body);
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

json_t *tools__get_record(struct tools_call *c, const char *path, json_t *query,
                          const char *wrapper, const char *noun)
{
    json_t *resp = tools__get(c, path, query);
    json_t *rec;
    if (!resp)
        return NULL;
    rec = halo_record(resp, wrapper);
    if (!json_is_object(rec)) {
        json_decref(resp);
        (void)tools__fail(c, "HaloPSA returned no %s for GET %s", noun, path);
        return NULL;
    }
    json_incref(rec);
    json_decref(resp);
    return rec;
}

json_t *tools__saved_record(json_t *reply, const char *wrapper)
{
    if (json_is_array(reply))
        return json_is_object(json_array_get(reply, 0)) ? json_array_get(reply, 0) : NULL;
    return halo_record(reply, wrapper);
}

json_t *tools__take_error(struct tools_call *c)
{
    json_t *e = c->error;
    c->error = NULL;
    return e ? e : mcp_result_error("%s: internal error (no error recorded)", c->tool->name);
}

/* The one reference is held by c->error and handed out too: whether the
 * run returns it or a caller later takes it with tools__take_error, the
 * framework sees exactly one owner (see tool_handler in registry.c). */
json_t *tools__fail(struct tools_call *c, const char *fmt, ...)
{
    char msg[2048];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    set_error(c, mcp_result_error("%s", msg));
    return c->error;
}

/* ------------------------------------------------------------------ */
/* Lists                                                               */

static int int_arg(json_t *args, const char *key, int dflt, int lo, int hi)
{
    json_t *v = json_object_get(args, key);
    json_int_t n;
    if (json_is_integer(v))
        n = json_integer_value(v);
    else if (json_is_real(v))
        n = (json_int_t)json_real_value(v);
    else
        return dflt;
    if (n < lo)
        n = lo;
    if (n > hi)
        n = hi;
    return (int)n;
}

/* Accepts "YYYY-MM-DD" or "YYYY-MM-DDTHH:MM[:SS]" and writes HaloPSA's
 * zone-less form; a bare end date means the end of that day. 0 or -1. */
static int norm_date(const char *in, bool end, char *out, size_t outlen)
{
    int y, mo, d, h = 0, mi = 0, s = 0, n = 0;
    if (!in || sscanf(in, "%4d-%2d-%2d%n", &y, &mo, &d, &n) != 3 || mo < 1 || mo > 12 || d < 1 ||
        d > 31)
        return -1;
    if (in[n] == '\0') {
        if (end) {
            h = 23;
            mi = 59;
            s = 59;
        }
    } else {
        int m = 0;
        if ((in[n] != 'T' && in[n] != ' ') || sscanf(in + n + 1, "%2d:%2d%n", &h, &mi, &m) != 2)
            return -1;
        if (in[n + 1 + m] == ':' && sscanf(in + n + 2 + m, "%2d", &s) != 1)
            return -1;
        if (h > 23 || mi > 59 || s > 59)
            return -1;
    }
    snprintf(out, outlen, "%04d-%02d-%02dT%02d:%02d:%02d", y, mo, d, h, mi, s);
    return 0;
}

int tools__put_date(struct tools_call *c, json_t *args, const char *arg, bool end, json_t *query,
                    const char *key)
{
    json_t *v = json_object_get(args, arg);
    char buf[32];
    if (!v || json_is_null(v))
        return 0;
    if (norm_date(json_string_value(v), end, buf, sizeof buf) != 0) {
        (void)tools__fail(c, "argument '%s': expected a date such as 2026-09-01 or "
                                 "2026-09-01T13:30", arg);
        return -1;
    }
    json_object_set_new(query, key, json_string(buf));
    return 0;
}

void tools__paging(json_t *args, json_t *query, int *page, int *page_size)
{
    int p = int_arg(args, "page", 1, 1, 1000000);
    int ps = int_arg(args, "page_size", 25, 1, 100);
    json_object_set_new(query, "pageinate", json_true());
    json_object_set_new(query, "page_size", json_integer(ps));
    json_object_set_new(query, "page_no", json_integer(p));
    if (page)
        *page = p;
    if (page_size)
        *page_size = ps;
}

/* The list result from compact rows (stolen). */
static json_t *list_result(const struct tools_list_spec *spec, json_t *rows, int64_t total,
                           int page, int page_size, bool has_more)
{
    json_t *sc = json_object();
    json_object_set_new(sc, "record_count", json_integer(total));
    json_object_set_new(sc, "page", json_integer(page));
    json_object_set_new(sc, "page_size", json_integer(page_size));
    json_object_set_new(sc, "has_more", json_boolean(has_more));
    json_object_set_new(sc, spec->rows_key, rows);
    return tools__result(sc);
}

static json_t *compact(json_t *rows, size_t from, size_t n, const char *const *fields)
{
    json_t *out = json_array();
    for (size_t i = from; i < from + n && i < json_array_size(rows); i++)
        json_array_append_new(out, tools__row(json_array_get(rows, i), fields));
    return out;
}

/* A local page of a complete list (rows borrowed). */
static json_t *local_page(const struct tools_list_spec *spec, json_t *args, json_t *rows)
{
    size_t n = json_array_size(rows);
    int page = int_arg(args, "page", 1, 1, 1000000);
    int page_size = int_arg(args, "page_size", 25, 1, 100);
    int max_rows = int_arg(args, "max_rows", 0, 0, WALK_MAX);
    if (max_rows > page_size) {
        page = 1;
        page_size = max_rows;
    }
    size_t from = (size_t)(page - 1) * (size_t)page_size;
    if (from > n)
        from = n;
    size_t take = n - from < (size_t)page_size ? n - from : (size_t)page_size;
    return list_result(spec, compact(rows, from, take, spec->fields), (int64_t)n, page,
                       page_size, from + take < n);
}

json_t *tools__list_local(struct tools_call *c, const struct tools_list_spec *spec, json_t *args,
                          json_t *rows)
{
    (void)c;
    return local_page(spec, args, rows);
}

/* Walks pages of 100 from the first until max_rows rows, the last page,
 * or cancellation; progress after each page. NULL with c->error. */
static json_t *walk(struct tools_call *c, const struct tools_list_spec *spec, json_t *query,
                    int max_rows)
{
    json_t *all = json_array();
    int64_t total = -1;
    bool cancelled = false;
    for (int page = 1;; page++) {
        if (mcp_call_cancelled(c->mcp)) {
            cancelled = true;
            break;
        }
        int want = max_rows - (int)json_array_size(all);
        int ps = WALK_PAGE;
        json_object_set_new(query, "pageinate", json_true());
        json_object_set_new(query, "page_size", json_integer(ps));
        json_object_set_new(query, "page_no", json_integer(page));
        json_t *resp = tools__get(c, spec->path, query);
        if (!resp) {
            if (json_array_size(all) == 0 || !mcp_call_cancelled(c->mcp)) {
                json_decref(all);
                return NULL;
            }
            cancelled = true;
            break;
        }
        int64_t rc = -1;
        json_t *rows = halo_rows(resp, spec->wrapper, &rc);
        if (rc >= 0)
            total = rc;
        size_t got = json_array_size(rows);
        for (size_t i = 0; i < got && (int)i < want; i++)
            json_array_append(all, json_array_get(rows, i));
        json_decref(resp);
        size_t have = json_array_size(all);
        char msg[96];
        snprintf(msg, sizeof msg, "fetched %zu of %lld rows", have, (long long)total);
        if (got > 0)
            mcp_call_progress(c->mcp, (double)have, total > 0 ? (double)total : 0, msg);
        if (got == 0 || (int)have >= max_rows || got < (size_t)ps ||
            (total >= 0 && (int64_t)have >= total))
            break;
    }
    size_t have = json_array_size(all);
    if (total < (int64_t)have)
        total = (int64_t)have;
    json_t *res = list_result(spec, compact(all, 0, have, spec->fields), total, 1, WALK_PAGE,
                              (int64_t)have < total);
    if (cancelled)
        json_object_set_new(json_object_get(res, "structuredContent"), "cancelled", json_true());
    json_decref(all);
    return res;
}

json_t *tools__list(struct tools_call *c, const struct tools_list_spec *spec, json_t *args,
                    json_t *query)
{
    json_t *q = query ? json_copy(query) : json_object();
    json_t *res = NULL, *resp = NULL;
    int page, page_size;
    int max_rows = int_arg(args, "max_rows", 0, 0, WALK_MAX);

    if (!spec->paginated) {
        if (!(resp = tools__get(c, spec->path, q)))
            goto out;
        res = local_page(spec, args, halo_rows(resp, spec->wrapper, NULL));
        goto out;
    }
    tools__paging(args, q, &page, &page_size);
    if (max_rows > page_size) {
        res = walk(c, spec, q, max_rows);
        goto out;
    }
    int64_t total = -1;
    struct halo_error e;
    /* Only the fields the rows show are read out of the reply (issue 17). */
    if (!(resp = halo_get_rows(c->hc, spec->path, q, spec->wrapper, spec->fields, &total, &e))) {
        halo_failed(c, &e);
        goto out;
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
    res = list_result(spec, compact(rows, 0, take, spec->fields), total, page, page_size, more);
out:
    json_decref(resp);
    json_decref(q);
    return res;
}
