/* query.c - list requests as HaloPSA answers them: each entity's filters,
 * search, order/orderdesc, pageinate/page_size/page_no/count, and the
 * wrapper ({page_no, page_size, record_count, <key>:[...]} or a bare
 * array). Only the rows on the page are rendered. */
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

enum fkind {
    F_EQ,    /* param=N: field == N */
    F_IN,    /* param=a,b or repeated: field in set (names resolved via alt) */
    F_NOTIN, /* param=a,b: field not in set */
};

struct filt {
    const char *param;
    const char *field;
    enum fkind kind;
    const char *alt; /* entity whose "name" a non-numeric value is looked up in */
};

static const struct filt ticket_filters[] = {
    {"client_id", "client_id", F_EQ, NULL},
    {"site_id", "site_id", F_EQ, NULL},
    {"user_id", "user_id", F_EQ, NULL},
    {"agent_id", "agent_id", F_EQ, NULL},
    {"status_id", "status_id", F_EQ, NULL},
    {"requesttype_id", "tickettype_id", F_EQ, NULL},
    {"tickettype_id", "tickettype_id", F_EQ, NULL},
    {"supplier_id", "supplier_id", F_EQ, NULL},
    {"contract_id", "contract_id", F_EQ, NULL},
    {"parent_id", "parent_id", F_EQ, NULL},
    {"priority_id", "priority_id", F_EQ, NULL},
    {"team_id", "team_id", F_EQ, NULL},
    {"team", "team_id", F_IN, "Team"},
    {"agent", "agent_id", F_IN, "Agent"},
    {"status", "status_id", F_IN, "Status"},
    {"requesttype", "tickettype_id", F_IN, "TicketType"},
    {"priority", "priority_id", F_IN, NULL},
    {"sla", "sla_id", F_IN, NULL},
    {"client_ids", "client_id", F_IN, NULL},
    {"ticketids", "id", F_IN, NULL},
    {"excludethese", "id", F_NOTIN, NULL},
    {"category_1", "categoryid_1", F_IN, NULL},
    {"category_2", "categoryid_2", F_IN, NULL},
    {"category_3", "categoryid_3", F_IN, NULL},
    {"category_4", "categoryid_4", F_IN, NULL},
    {NULL, NULL, F_EQ, NULL},
};
static const struct filt action_filters[] = {
    {"ticket_id", "ticket_id", F_EQ, NULL},
    {NULL, NULL, F_EQ, NULL},
};
static const struct filt client_filters[] = {
    {"toplevel_id", "toplevel_id", F_EQ, NULL},
    {NULL, NULL, F_EQ, NULL},
};
static const struct filt site_filters[] = {
    {"client_id", "client_id", F_EQ, NULL},
    {"site_id", "id", F_EQ, NULL},
    {NULL, NULL, F_EQ, NULL},
};
static const struct filt user_filters[] = {
    {"client_id", "client_id", F_EQ, NULL},
    {"site_id", "site_id", F_EQ, NULL},
    {NULL, NULL, F_EQ, NULL},
};
static const struct filt agent_filters[] = {
    {"team_id", "team_id", F_EQ, NULL},
    {"team", "team_id", F_IN, "Team"},
    {NULL, NULL, F_EQ, NULL},
};
static const struct filt asset_filters[] = {
    {"client_id", "client_id", F_EQ, NULL},
    {"site_id", "site_id", F_EQ, NULL},
    {"assettype_id", "assettype_id", F_EQ, NULL},
    {"assetgroup_id", "assetgroup_id", F_EQ, NULL},
    {NULL, NULL, F_EQ, NULL},
};
static const struct filt invoice_filters[] = {
    {"client_id", "client_id", F_EQ, NULL},
    {"site_id", "site_id", F_EQ, NULL},
    {"ticket_id", "ticket_id", F_EQ, NULL},
    {"contract_id", "contract_id", F_EQ, NULL},
    {NULL, NULL, F_EQ, NULL},
};
static const struct filt step_filters[] = {
    {"flow_id", "flow_id", F_EQ, NULL},
    {"workflow_id", "flow_id", F_EQ, NULL},
    {NULL, NULL, F_EQ, NULL},
};

/* How an entity's list behaves. */
struct listdef {
    const char *entity;
    const struct filt *filters;
    bool pageable;        /* pageinate/page_size/page_no, 50-row default */
    bool counted;         /* count=N limits rows (Actions) */
    const char *inactive; /* flag hidden unless includeinactive (NULL: none) */
    const char *search[5];
};

static const struct listdef lists[] = {
    {"Tickets", ticket_filters, true, true, NULL, {"summary", "details", NULL}},
    {"Actions", action_filters, false, true, NULL, {"note", "outcome", NULL}},
    {"Client", client_filters, true, true, "inactive", {"name", NULL}},
    {"Site", site_filters, true, true, "inactive", {"name", NULL}},
    {"Users", user_filters, true, true, "inactive", {"name", "emailaddress", NULL}},
    {"Agent", agent_filters, false, false, "isdisabled", {"name", "email", NULL}},
    {"Asset",
     asset_filters,
     true,
     true,
     "inactive",
     {"inventory_number", "key_field", "key_field2", "key_field3", NULL}},
    {"Invoice",
     invoice_filters,
     true,
     true,
     NULL,
     {"invoicenumber", "reference", "client_name", NULL}},
    {"WorkflowStep", step_filters, false, false, NULL, {"name", NULL}},
    {"Outcome", NULL, false, false, NULL, {"outcome", NULL}},
    {NULL, NULL, false, false, NULL, {NULL}},
};
static const struct listdef plain = {NULL, NULL, false, false, NULL, {"name", NULL}};

static const struct listdef *listdef_for(const char *entity)
{
    for (const struct listdef *l = lists; l->entity; l++) {
        if (strcmp(l->entity, entity) == 0)
            return l;
    }
    return &plain;
}

/* The integer value of field on rec, following Users' site to its client
 * when the user row has no client_id. */
static bool rec_int(struct sim_db *db, const char *entity, const json_t *rec, const char *field,
                    json_int_t *out)
{
    if (sim__as_int(json_object_get(rec, field), out))
        return true;
    if (strcmp(entity, "Users") == 0 && strcmp(field, "client_id") == 0) {
        json_int_t site;
        if (sim__as_int(json_object_get(rec, "site_id"), &site))
            return sim__as_int(json_object_get(sim__db_get(db, "Site", site), "client_id"), out);
    }
    return false;
}

struct compiled {
    const struct filt *f;
    json_int_t eq;
    json_t *set; /* F_IN / F_NOTIN values (strings) */
};

static bool match_set(struct sim_db *db, const char *entity, const json_t *rec,
                      const struct compiled *c)
{
    json_int_t have = 0, want;
    size_t i;
    json_t *v;
    if (!rec_int(db, entity, rec, c->f->field, &have))
        return false;
    json_array_foreach(c->set, i, v)
    {
        if (sim__as_int(v, &want) && have == want)
            return true;
    }
    return false;
}

/* Replaces names in set (e.g. team=Service Desk) by the ids of the records
 * of entity alt with that name; names that match nothing match no row. */
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

/* An email in or out: the conversation with the end user. */
static bool action_is_email(const json_t *a)
{
    const char *d = json_string_value(json_object_get(a, "emaildirection"));
    return d && (strcmp(d, "I") == 0 || strcmp(d, "O") == 0);
}

/* An action written by the system (status changes, automations) rather
 * than a person: who_type 2, or one of Halo's system outcomes (systemid > 0)
 * that is not an email ("Email Received" is a system outcome too, but it is
 * the customer talking). */
static bool action_is_system(struct sim_db *db, const json_t *a)
{
    json_int_t v;
    if (json_is_true(json_object_get(a, "is_system")) ||
        json_is_true(json_object_get(a, "systemaction")))
        return true;
    if (sim__as_int(json_object_get(a, "who_type"), &v) && v == 2)
        return true;
    if (action_is_email(a))
        return false;
    if (sim__as_int(json_object_get(a, "outcome_id"), &v)) {
        json_int_t sys;
        const json_t *o = sim__db_get(db, "Outcome", v);
        if (o && sim__as_int(json_object_get(o, "systemid"), &sys) && sys > 0)
            return true;
    }
    return false;
}

static bool action_is_agent(const json_t *a)
{
    json_int_t v;
    if (sim__as_int(json_object_get(a, "who_type"), &v))
        return v == 1;
    return sim__as_int(json_object_get(a, "who_agentid"), &v) && v > 0;
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

struct ctx {
    struct sim_db *db;
    const char *entity;
    const struct listdef *ld;
    struct compiled c[40];
    size_t nc;
    const char *search;
    json_int_t search_id;
    bool search_is_id;
    int open; /* tickets: 1 open only, 2 closed only */
    const char *date_field;
    char start[40], end[40];
    json_int_t asset_id, toplevel_id;
    bool has_asset, has_toplevel;
    bool incl_active, incl_inactive;
    bool excludesys, excludeprivate, agentonly, conversationonly;
    bool postedonly, notpostedonly;
};

static bool matches(const struct ctx *x, const json_t *rec)
{
    json_int_t v;
    for (size_t i = 0; i < x->nc; i++) {
        const struct compiled *c = &x->c[i];
        switch (c->f->kind) {
        case F_EQ:
            if (!rec_int(x->db, x->entity, rec, c->f->field, &v) || v != c->eq)
                return false;
            break;
        case F_IN:
            if (!match_set(x->db, x->entity, rec, c))
                return false;
            break;
        case F_NOTIN:
            if (match_set(x->db, x->entity, rec, c))
                return false;
            break;
        }
    }
    if (x->ld->inactive) {
        bool inactive = json_is_true(json_object_get(rec, x->ld->inactive));
        if (inactive ? !x->incl_inactive : !x->incl_active)
            return false;
    }
    if (x->open) {
        bool closed = sim__as_int(json_object_get(rec, "status_id"), &v) && v == 9;
        if ((x->open == 1 && closed) || (x->open == 2 && !closed))
            return false;
    }
    if (x->date_field) {
        const char *d = json_string_value(json_object_get(rec, x->date_field));
        if (!d || (x->start[0] && strcmp(d, x->start) < 0) || (x->end[0] && strcmp(d, x->end) > 0))
            return false;
    }
    if (x->has_asset) {
        bool hit = rec_int(x->db, x->entity, rec, "asset_id", &v) && v == x->asset_id;
        size_t i;
        json_t *a;
        json_array_foreach(json_object_get(rec, "assets"), i, a)
        {
            if (sim__as_int(json_object_get(a, "id"), &v) && v == x->asset_id)
                hit = true;
        }
        if (!hit)
            return false;
    }
    if (x->has_toplevel && strcmp(x->entity, "Tickets") == 0) {
        json_int_t cid, tl;
        if (!rec_int(x->db, x->entity, rec, "client_id", &cid) ||
            !sim__as_int(json_object_get(sim__db_get(x->db, "Client", cid), "toplevel_id"), &tl) ||
            tl != x->toplevel_id)
            return false;
    }
    if (x->excludeprivate && json_is_true(json_object_get(rec, "hiddenfromuser")))
        return false;
    if (x->excludesys && action_is_system(x->db, rec))
        return false;
    if (x->conversationonly &&
        (!action_is_email(rec) || json_is_true(json_object_get(rec, "hiddenfromuser"))))
        return false;
    if (x->agentonly && !action_is_agent(rec))
        return false;
    if (x->postedonly && !json_is_true(json_object_get(rec, "posted")))
        return false;
    if (x->notpostedonly && json_is_true(json_object_get(rec, "posted")))
        return false;
    if (x->search) {
        bool hit =
            x->search_is_id && sim__as_int(json_object_get(rec, "id"), &v) && v == x->search_id;
        for (size_t i = 0; !hit && x->ld->search[i]; i++)
            hit = contains_ci(json_string_value(json_object_get(rec, x->ld->search[i])), x->search);
        if (!hit)
            return false;
    }
    return true;
}

static void compile(struct ctx *x, json_t *query)
{
    for (const struct filt *f = x->ld->filters; f && f->param; f++) {
        json_int_t n;
        if (!json_object_get(query, f->param) || x->nc == sizeof x->c / sizeof x->c[0])
            continue;
        struct compiled *c = &x->c[x->nc];
        c->f = f;
        c->set = NULL;
        if (f->kind == F_EQ) {
            /* Halo ignores what it cannot parse; so do we. */
            if (!sim__q_int(query, f->param, &n))
                continue;
            c->eq = n;
        } else {
            c->set = q_list(query, f->param);
            resolve_names(x->db, f->alt, c->set);
            if (json_array_size(c->set) == 0) {
                json_decref(c->set);
                continue;
            }
        }
        x->nc++;
    }
    x->incl_active = sim__q_bool(query, "includeactive", true);
    x->incl_inactive = sim__q_bool(query, "includeinactive", false);
    if (strcmp(x->entity, "Agent") == 0)
        x->incl_inactive = sim__q_bool(query, "includedisabled", false);
    x->search = sim__q_str(query, "search");
    if (x->search && !*x->search)
        x->search = NULL;
    if (x->search && strcmp(x->entity, "Tickets") == 0)
        x->search_is_id = sim__q_int(query, "search", &x->search_id);
    if (strcmp(x->entity, "Tickets") == 0) {
        const char *ds = sim__q_str(query, "datesearch");
        if (sim__q_bool(query, "open_only", false))
            x->open = 1;
        else if (sim__q_bool(query, "closed_only", false))
            x->open = 2;
        if (ds && strcasecmp(ds, "dateoccured") == 0)
            x->date_field = "dateoccurred";
        else if (ds && strcasecmp(ds, "datecleared") == 0)
            x->date_field = "dateclosed";
        else if (ds && strcasecmp(ds, "lastupdate") == 0)
            x->date_field = "last_update";
        if (x->date_field) {
            const char *s = sim__q_str(query, "startdate"), *e = sim__q_str(query, "enddate");
            if (s)
                norm_date(s, false, x->start, sizeof x->start);
            if (e)
                norm_date(e, true, x->end, sizeof x->end);
            if (!x->start[0] && !x->end[0])
                x->date_field = NULL;
        }
        x->has_asset = sim__q_int(query, "asset_id", &x->asset_id);
        x->has_toplevel = sim__q_int(query, "toplevel_id", &x->toplevel_id);
    }
    if (strcmp(x->entity, "Actions") == 0) {
        x->excludesys = sim__q_bool(query, "excludesys", false);
        x->excludeprivate = sim__q_bool(query, "excludeprivate", false);
        x->agentonly = sim__q_bool(query, "agentonly", false);
        x->conversationonly = sim__q_bool(query, "conversationonly", false);
    }
    if (strcmp(x->entity, "Invoice") == 0) {
        x->postedonly = sim__q_bool(query, "postedonly", false);
        x->notpostedonly = sim__q_bool(query, "notpostedonly", false);
        /* Invoices take the date window with underscored names. */
        const char *ds = sim__q_str(query, "datesearch");
        const char *s = sim__q_str(query, "start_date"), *e = sim__q_str(query, "end_date");
        x->date_field = ds && strcasecmp(ds, "duedate") == 0 ? "duedate" : "invoice_date";
        if (s)
            norm_date(s, false, x->start, sizeof x->start);
        if (e)
            norm_date(e, true, x->end, sizeof x->end);
        if (!x->start[0] && !x->end[0])
            x->date_field = NULL;
    }
}

static bool any_filter(const struct ctx *x)
{
    return x->nc || x->ld->inactive || x->open || x->date_field || x->has_asset ||
           x->has_toplevel || x->excludesys || x->excludeprivate || x->agentonly ||
           x->conversationonly || x->postedonly || x->notpostedonly || x->search;
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

json_t *sim__list(struct sim_db *db, const char *entity, json_t *query, char *err, size_t errlen)
{
    struct ctx x;
    json_t *all = sim__db_all(db, entity), *out = NULL, *rows;
    size_t total = json_array_size(all), n = 0, first, count;
    json_t **m = NULL;
    const char *order = sim__q_str(query, "order");
    bool desc = sim__q_bool(query, "orderdesc", false);
    const char *key = sim__wrapper_key(entity);
    json_int_t page_no = 1, page_size = DEFAULT_ROWS, limit;

    memset(&x, 0, sizeof x);
    x.db = db;
    x.entity = entity;
    x.ld = listdef_for(entity);
    if (strcmp(entity, "Actions") == 0 && !json_object_get(query, "ticket_id")) {
        /* HAPI makes ticket_id mandatory; Halo has no "all actions" list. */
        snprintf(err, errlen, "ticket_id is required to list actions");
        return NULL;
    }
    compile(&x, query);

    m = xmalloc((total ? total : 1) * sizeof *m);
    if (!any_filter(&x)) {
        for (size_t i = 0; i < total; i++)
            m[i] = json_array_get(all, i);
        n = total;
    } else {
        for (size_t i = 0; i < total; i++) {
            json_t *rec = json_array_get(all, i);
            if (matches(&x, rec))
                m[n++] = rec;
        }
    }
    if (order && *order && strcasecmp(order, "id") != 0)
        sort_rows(db, entity, m, n, order, query);
    if (desc) {
        for (size_t i = 0; i < n / 2; i++) {
            json_t *t = m[i];
            m[i] = m[n - 1 - i];
            m[n - 1 - i] = t;
        }
    }

    bool paginate = x.ld->pageable && sim__q_bool(query, "pageinate", false);
    if (paginate) {
        json_int_t v;
        if (sim__q_int(query, "page_size", &v) && v > 0)
            page_size = v > MAX_PAGE ? MAX_PAGE : v;
        if (sim__q_int(query, "page_no", &v) && v > 0)
            page_no = v;
        if ((size_t)(page_no - 1) > n / (size_t)page_size) /* far past the end */
            first = n;
        else
            first = (size_t)(page_no - 1) * (size_t)page_size;
        if (first > n)
            first = n;
        count = n - first < (size_t)page_size ? n - first : (size_t)page_size;
    } else {
        first = 0;
        limit = x.ld->pageable ? DEFAULT_ROWS : (json_int_t)n;
        json_int_t c;
        if (x.ld->counted && sim__q_int(query, "count", &c) && c >= 0)
            limit = c;
        count = (size_t)limit < n ? (size_t)limit : n;
    }

    rows = json_array();
    for (size_t i = first; i < first + count; i++)
        json_array_append_new(rows, sim__render(db, entity, m[i], false, query));
    if (!key) {
        out = rows;
    } else {
        out = json_object();
        if (paginate) {
            json_object_set_new(out, "page_no", json_integer(page_no));
            json_object_set_new(out, "page_size", json_integer(page_size));
        }
        json_object_set_new(out, "record_count", json_integer((json_int_t)n));
        json_object_set_new(out, key, rows);
    }
    for (size_t i = 0; i < x.nc; i++)
        json_decref(x.c[i].set);
    free(m);
    return out;
}
