/* query.c - list requests as HaloPSA answers them, driven by the entity's
 * row: its filters and date window, search, the inactive flag, order /
 * orderdesc, pageinate/page_size/page_no/count, and the envelope
 * ({page_no, page_size, record_count, <key>:[...]} or a bare array). Only
 * the rows on the page are rendered. */
#include "server_int.h"

#include "base/base.h"

#include <ctype.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define DEFAULT_ROWS 50 /* Halo's implicit page when not paginating */
#define MAX_PAGE 100

/* ---- value helpers ---- */

bool sim__as_int(const json_t *v, json_int_t *out)
{
    if (json_is_integer(v)) {
        *out = json_integer_value(v);
        return true;
    }
    if (json_is_real(v)) {
        double d = json_real_value(v);
        if (!(d > -9e18 && d < 9e18) || d != (double)(json_int_t)d)
            return false;
        *out = (json_int_t)d;
        return true;
    }
    if (json_is_string(v)) {
        const char *s = json_string_value(v);
        char *end;
        while (isspace((unsigned char)*s))
            s++;
        if (!*s)
            return false;
        long long n = strtoll(s, &end, 10);
        if (*end == '.') { /* "21.0" */
            end++;
            while (*end == '0')
                end++;
        }
        while (isspace((unsigned char)*end))
            end++;
        if (*end)
            return false;
        *out = (json_int_t)n;
        return true;
    }
    return false;
}

const char *sim__q_str(const json_t *query, const char *key)
{
    json_t *v = json_object_get(query, key);
    if (json_is_array(v))
        v = json_array_get(v, 0);
    return json_string_value(v);
}

bool sim__q_bool(const json_t *query, const char *key, bool def)
{
    const char *s = sim__q_str(query, key);
    if (!s)
        return def;
    if (strcasecmp(s, "true") == 0 || strcmp(s, "1") == 0 || strcasecmp(s, "yes") == 0)
        return true;
    if (strcasecmp(s, "false") == 0 || strcmp(s, "0") == 0 || strcasecmp(s, "no") == 0)
        return false;
    return def;
}

bool sim__q_int(const json_t *query, const char *key, json_int_t *out)
{
    const char *s = sim__q_str(query, key);
    json_t *v;
    bool ok;
    if (!s)
        return false;
    v = json_string(s);
    ok = v && sim__as_int(v, out);
    json_decref(v);
    return ok;
}

/* Every value of an "array of int" parameter, comma-separated and/or
 * repeated, as a new array of strings (trimmed, empty ones dropped). */
static json_t *q_list(const json_t *query, const char *key)
{
    json_t *v = json_object_get(query, key), *out = json_array();
    json_t *one = NULL;
    size_t i;
    json_t *item;
    if (!v)
        return out;
    if (json_is_string(v)) {
        one = json_array();
        json_array_append(one, v);
        v = one;
    }
    json_array_foreach(v, i, item)
    {
        const char *s = json_string_value(item);
        while (s && *s) {
            const char *comma = strchr(s, ',');
            size_t n = comma ? (size_t)(comma - s) : strlen(s);
            while (n && isspace((unsigned char)*s)) {
                s++;
                n--;
            }
            while (n && isspace((unsigned char)s[n - 1]))
                n--;
            if (n)
                json_array_append_new(out, json_stringn(s, n));
            s = comma ? comma + 1 : NULL;
        }
    }
    json_decref(one);
    return out;
}

/* ---- filters ---- */

/* Replaces names in set (e.g. team=Service Desk) by the ids of the records
 * of table alt with that name; names that match nothing match no row. */
static void resolve_names(struct sim_db *db, const char *alt, json_t *set)
{
    size_t i, j;
    json_t *v, *r;
    json_int_t n;
    json_array_foreach(set, i, v)
    {
        if (sim__as_int(v, &n) || !alt)
            continue;
        json_int_t id = LLONG_MIN; /* matches nothing, not even the -1 "none" */
        json_array_foreach(sim__db_all(db, alt), j, r)
        {
            const char *name = json_string_value(json_object_get(r, "name"));
            if (name && strcasecmp(name, json_string_value(v)) == 0 &&
                sim__as_int(json_object_get(r, "id"), &id))
                break;
        }
        json_array_set_new(set, i, json_integer(id));
    }
}

static bool contains_ci(const char *hay, const char *needle)
{
    size_t n = strlen(needle);
    if (!hay)
        return false;
    for (; *hay; hay++) {
        if (strncasecmp(hay, needle, n) == 0)
            return true;
    }
    return n == 0;
}

/* Normalises a query date to Halo's stored form (no Z, no offset); a bare
 * date becomes the start (or end) of that day. Writes into out. */
static void norm_date(const char *in, bool end, char *out, size_t len)
{
    size_t n = strcspn(in, "Zz+");
    if (n > 19 && in[n] == '\0') /* "...-05:00": offset after the seconds */
        n = strlen(in);
    snprintf(out, len, "%.*s", (int)(n < len ? n : len - 1), in);
    if (strlen(out) > 19 && (out[19] == '-' || out[19] == '+'))
        out[19] = '\0';
    if (strlen(out) == 10)
        snprintf(out + 10, len - 10, "%s", end ? "T23:59:59.999" : "T00:00:00");
}

struct compiled {
    const struct sim_filter *f;
    json_int_t eq;
    json_t *set;       /* SIM_IN / SIM_NOTIN values */
    const char *value; /* SIM_MATCH */
};

struct ctx {
    struct sim_db *db;
    const struct sim_entity *e;
    struct compiled c[40];
    size_t nc;
    const char *search;
    json_int_t search_id;
    bool search_is_id;
    const char *date_field, *date_end_field;
    char start[40], end[40];
    bool check_inactive, incl_active, incl_inactive;
};

static bool match_one(const struct ctx *x, const struct compiled *c, const json_t *rec)
{
    json_int_t v, want;
    size_t i;
    json_t *s;
    switch (c->f->kind) {
    case SIM_EQ:
        return sim__as_int(json_object_get(rec, c->f->field), &v) && v == c->eq;
    case SIM_IN:
    case SIM_NOTIN: {
        bool hit = false;
        if (sim__as_int(json_object_get(rec, c->f->field), &v)) {
            json_array_foreach(c->set, i, s) {
                if (sim__as_int(s, &want) && v == want)
                    hit = true;
            }
        }
        return c->f->kind == SIM_IN ? hit : !hit;
    }
    case SIM_TRUE:
        return c->f->pred(x->db, rec);
    case SIM_FALSE:
        return !c->f->pred(x->db, rec);
    case SIM_MATCH:
        return c->f->match(x->db, rec, c->value);
    }
    return true;
}

/* Whether the record's [field, end_field] (or field alone) meets the window. */
static bool in_window(const struct ctx *x, const json_t *rec)
{
    const char *d = json_string_value(json_object_get(rec, x->date_field));
    const char *e = x->date_end_field ? json_string_value(json_object_get(rec, x->date_end_field))
                                      : d;
    char a[40], b[40];
    if (!d || !e)
        return false;
    norm_date(d, false, a, sizeof a); /* stored dates may carry a zone too */
    norm_date(e, true, b, sizeof b);
    if (x->start[0] && strcmp(b, x->start) < 0)
        return false;
    return !(x->end[0] && strcmp(a, x->end) > 0);
}

static bool matches(const struct ctx *x, const json_t *rec)
{
    if (x->e->scope && !x->e->scope(x->db, rec))
        return false;
    for (size_t i = 0; i < x->nc; i++)
        if (!match_one(x, &x->c[i], rec))
            return false;
    if (x->check_inactive) {
        bool inactive = x->e->is_inactive ? x->e->is_inactive(x->db, rec)
                                          : json_is_true(json_object_get(rec, x->e->inactive));
        if (inactive ? !x->incl_inactive : !x->incl_active)
            return false;
    }
    if (x->date_field && !in_window(x, rec))
        return false;
    if (x->search) {
        json_int_t v;
        bool hit =
            x->search_is_id && sim__as_int(json_object_get(rec, "id"), &v) && v == x->search_id;
        const char *const *fields = x->e->search[0] ? x->e->search : (const char *const[]){"name", NULL};
        for (size_t i = 0; !hit && fields[i]; i++)
            hit = contains_ci(json_string_value(json_object_get(rec, fields[i])), x->search);
        if (!hit)
            return false;
    }
    return true;
}

/* The date window: the selector's choice (datesearch=...) or the default
 * field, with start/end normalised. */
static void compile_dates(struct ctx *x, json_t *query)
{
    const struct sim_dates *d = x->e->dates;
    const char *s, *e;
    if (!d)
        return;
    x->date_field = d->field;
    x->date_end_field = d->end_field;
    if (d->selector && (s = sim__q_str(query, d->selector))) {
        for (const char *const *c = d->choices; c && c[0]; c += 2)
            if (strcasecmp(s, c[0]) == 0) {
                x->date_field = c[1];
                x->date_end_field = NULL;
            }
    }
    s = sim__q_str(query, d->start);
    e = sim__q_str(query, d->end);
    if (s)
        norm_date(s, false, x->start, sizeof x->start);
    if (e)
        norm_date(e, true, x->end, sizeof x->end);
    if (!x->start[0] && !x->end[0])
        x->date_field = NULL;
}

static void compile(struct ctx *x, json_t *query)
{
    for (const struct sim_filter *f = x->e->filters; f && f->param; f++) {
        json_int_t n;
        if (!json_object_get(query, f->param) || x->nc == sizeof x->c / sizeof x->c[0])
            continue;
        struct compiled *c = &x->c[x->nc];
        memset(c, 0, sizeof *c);
        c->f = f;
        switch (f->kind) {
        case SIM_EQ: /* Halo ignores what it cannot parse; so do we. */
            if (!sim__q_int(query, f->param, &n))
                continue;
            c->eq = n;
            break;
        case SIM_IN:
        case SIM_NOTIN:
            c->set = q_list(query, f->param);
            resolve_names(x->db, f->alt, c->set);
            if (json_array_size(c->set) == 0) {
                json_decref(c->set);
                continue;
            }
            break;
        case SIM_TRUE:
        case SIM_FALSE:
            if (!sim__q_bool(query, f->param, false))
                continue;
            break;
        case SIM_MATCH:
            c->value = sim__q_str(query, f->param);
            if (!c->value || !*c->value)
                continue;
            break;
        }
        x->nc++;
    }
    x->check_inactive = x->e->inactive || x->e->is_inactive;
    x->incl_active = sim__q_bool(query, "includeactive", true);
    x->incl_inactive = sim__q_bool(
        query, x->e->inactive_param ? x->e->inactive_param : "includeinactive", false);
    x->search = sim__q_str(query, "search");
    if (x->search && !*x->search)
        x->search = NULL;
    if (x->search && (x->e->flags & SIM_SEARCH_ID))
        x->search_is_id = sim__q_int(query, "search", &x->search_id);
    compile_dates(x, query);
}

static bool any_filter(const struct ctx *x)
{
    return x->nc || x->check_inactive || x->date_field || x->search || x->e->scope;
}

/* ---- ordering ---- */

static int cmp_val(const json_t *a, const json_t *b)
{
    if (!a || json_is_null(a))
        return (!b || json_is_null(b)) ? 0 : -1;
    if (!b || json_is_null(b))
        return 1;
    if (json_is_number(a) && json_is_number(b)) {
        double x = json_number_value(a), y = json_number_value(b);
        return x < y ? -1 : x > y;
    }
    if (json_is_string(a) && json_is_string(b))
        return strcasecmp(json_string_value(a), json_string_value(b));
    if (json_is_boolean(a) && json_is_boolean(b))
        return json_is_true(a) - json_is_true(b);
    return json_typeof(a) - json_typeof(b);
}

struct keyed {
    json_t *rec;      /* borrowed */
    json_t *key;      /* borrowed from rec or from rendered */
    json_t *rendered; /* owned, when the field exists only in the rendered form */
};

static int cmp_keyed(const void *pa, const void *pb)
{
    const struct keyed *a = pa, *b = pb;
    int c = cmp_val(a->key, b->key);
    if (c)
        return c;
    return cmp_val(json_object_get(a->rec, "id"), json_object_get(b->rec, "id"));
}

/* The stored id field a rendered-only field is derived from: client_name
 * comes from client_id, a ticket's team (name) from team_id. Writes into
 * out; false when the records do not have one. */
static bool derived_from(json_t **rows, size_t n, const char *field, char *out, size_t len)
{
    size_t fl = strlen(field);
    if (fl > 5 && strcmp(field + fl - 5, "_name") == 0)
        snprintf(out, len, "%.*s_id", (int)(fl - 5), field);
    else
        snprintf(out, len, "%s_id", field);
    for (size_t i = 0; i < n; i++) {
        if (json_object_get(rows[i], out))
            return true;
    }
    return false;
}

/* Sorts rows by field. Stored records hold what varies; a field that only
 * the rendered form has (client_name, status_name, ...) is read from a
 * rendering: one per distinct source id when the field is derived from an
 * id field, else one per row. */
static void sort_rows(struct sim_db *db, const char *entity, json_t **rows, size_t n,
                      const char *field, json_t *query)
{
    struct keyed *k = xcalloc(n ? n : 1, sizeof *k);
    json_t *cache = json_object(); /* source id -> key */
    char idfield[128];
    bool stored = false, derived;
    for (size_t i = 0; i < n && !stored; i++)
        stored = json_object_get(rows[i], field) != NULL;
    derived = !stored && derived_from(rows, n, field, idfield, sizeof idfield);
    for (size_t i = 0; i < n; i++) {
        k[i].rec = rows[i];
        if (stored) {
            k[i].key = json_object_get(rows[i], field);
            continue;
        }
        if (derived) {
            char id[32];
            json_int_t v = 0;
            if (!sim__as_int(json_object_get(rows[i], idfield), &v))
                v = LLONG_MIN;
            snprintf(id, sizeof id, "%lld", (long long)v);
            json_t *hit = json_object_get(cache, id);
            if (!hit) {
                json_t *r = sim__render(db, entity, rows[i], false, query);
                hit = json_object_get(r, field);
                json_object_set(cache, id, hit ? hit : json_null());
                hit = json_object_get(cache, id);
                json_decref(r);
            }
            k[i].key = hit;
            continue;
        }
        k[i].rendered = sim__render(db, entity, rows[i], false, query);
        k[i].key = json_object_get(k[i].rendered, field);
    }
    qsort(k, n, sizeof *k, cmp_keyed);
    for (size_t i = 0; i < n; i++) {
        rows[i] = k[i].rec;
        json_decref(k[i].rendered);
    }
    json_decref(cache);
    free(k);
}

/* ---- the list ---- */

/* Which rows of the n matches a request gets: *first and *count, and the
 * page (*page_no, *page_size) when paginating. */
static bool page_of(const struct sim_entity *e, json_t *query, size_t n, size_t *first,
                    size_t *count, json_int_t *page_no, json_int_t *page_size)
{
    bool paginate = (e->flags & SIM_PAGED) && sim__q_bool(query, "pageinate", false);
    json_int_t v;
    *page_no = 1;
    *page_size = DEFAULT_ROWS;
    if (paginate) {
        if (sim__q_int(query, "page_size", &v) && v > 0)
            *page_size = v > MAX_PAGE ? MAX_PAGE : v;
        if (sim__q_int(query, "page_no", &v) && v > 0)
            *page_no = v;
        if ((size_t)(*page_no - 1) > n / (size_t)*page_size) /* far past the end */
            *first = n;
        else
            *first = (size_t)(*page_no - 1) * (size_t)*page_size;
        if (*first > n)
            *first = n;
        *count = n - *first < (size_t)*page_size ? n - *first : (size_t)*page_size;
        return true;
    }
    json_int_t limit = (e->flags & SIM_PAGED) ? DEFAULT_ROWS : (json_int_t)n;
    if ((e->flags & SIM_COUNTED) && sim__q_int(query, "count", &v) && v >= 0)
        limit = v;
    *first = 0;
    *count = (size_t)limit < n ? (size_t)limit : n;
    return false;
}

json_t *sim__list(struct sim_db *db, const char *entity, json_t *query, char *err, size_t errlen)
{
    struct ctx x;
    const struct sim_entity *e = sim__entity(entity);
    json_t *all, *out, *rows;
    size_t total, n = 0, first, count;
    json_t **m;
    const char *order = sim__q_str(query, "order");
    json_int_t page_no, page_size;

    if (!e) {
        snprintf(err, errlen, "No such resource: %s", entity);
        return NULL;
    }
    if (e->parent && !json_object_get(query, e->parent)) {
        /* Halo has no "all actions" (or attachments) list: a client that
         * forgets the parent should see it. */
        snprintf(err, errlen, "%s is required to list %s", e->parent, e->key ? e->key : e->name);
        return NULL;
    }
    memset(&x, 0, sizeof x);
    x.db = db;
    x.e = e;
    compile(&x, query);
    all = sim__db_all(db, e->table);
    total = json_array_size(all);
    m = xmalloc((total ? total : 1) * sizeof *m);
    for (size_t i = 0; i < total; i++) {
        json_t *rec = json_array_get(all, i);
        if (!any_filter(&x) || matches(&x, rec))
            m[n++] = rec;
    }
    if (order && *order && strcasecmp(order, "id") != 0)
        sort_rows(db, entity, m, n, order, query);
    if (sim__q_bool(query, "orderdesc", false)) {
        for (size_t i = 0; i < n / 2; i++) {
            json_t *t = m[i];
            m[i] = m[n - 1 - i];
            m[n - 1 - i] = t;
        }
    }
    bool paginate = page_of(e, query, n, &first, &count, &page_no, &page_size);
    rows = json_array();
    for (size_t i = first; i < first + count; i++)
        json_array_append_new(rows, sim__render(db, entity, m[i], false, query));
    if (!e->key) {
        out = rows;
    } else {
        out = json_object();
        if (paginate) {
            json_object_set_new(out, "page_no", json_integer(page_no));
            json_object_set_new(out, "page_size", json_integer(page_size));
        }
        json_object_set_new(out, "record_count", json_integer((json_int_t)n));
        json_object_set_new(out, e->key, rows);
    }
    for (size_t i = 0; i < x.nc; i++)
        json_decref(x.c[i].set);
    free(m);
    return out;
}
