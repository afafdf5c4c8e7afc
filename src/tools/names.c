/* names.c - names instead of ids: resolves "acme" to client 12 from a
 * short-lived per-process cache of HaloPSA's reference lists (whole lists
 * for the small ones, search results for clients, sites and users; sites
 * and users within one client when the call names it), "me" to the API
 * application's agent, and, for the references HaloPSA takes by name (a
 * ticket's team, a category's value), a name or id to the name as HaloPSA
 * spells it. */
#include "fw_int.h"

#include "base/base.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define CACHE_TTL_MS (5 * 60 * 1000)
#define CACHE_MAX 64
#define SHOW_MAX 10

struct ref_def {
    const char *what;     /* "client" */
    const char *path;     /* "/api/Client" */
    const char *wrapper;  /* list key, or NULL for a bare array */
    const char *id_key;   /* "id" ("priorityid" for priorities: id is a GUID) */
    const char *name_key; /* "name" */
    const char *alt_key;  /* a second name, or NULL */
    bool search;          /* large list: ask HaloPSA to search instead of caching it all */
    const char *scope_param; /* query parameter that keeps one client's records, or NULL */
    const char *owner_key;   /* the record's client, shown with ambiguous candidates */
    bool untrusted;          /* end users or e-mail name these records: quoted as data */
    const char *query;       /* "param=value" the list is always asked with, or NULL */
};

static const struct ref_def refs[] = {
    [TOOLS_REF_CLIENT] = {"client", "/api/Client", "clients", "id", "name", NULL, true, NULL,
                          NULL, true},
    [TOOLS_REF_SITE] = {"site", "/api/Site", "sites", "id", "name", NULL, true, "client_id",
                        "client_name", true},
    [TOOLS_REF_AGENT] = {"agent", "/api/Agent", NULL, "id", "name", "email", false},
    [TOOLS_REF_TEAM] = {"team", "/api/Team", NULL, "id", "name", NULL, false},
    [TOOLS_REF_STATUS] = {"status", "/api/Status", NULL, "id", "name", "shortname", false},
    [TOOLS_REF_TICKETTYPE] = {"ticket type", "/api/TicketType", NULL, "id", "name", NULL, false},
    [TOOLS_REF_PRIORITY] = {"priority", "/api/Priority", NULL, "priorityid", "name", NULL, false},
    [TOOLS_REF_OUTCOME] = {"outcome", "/api/Outcome", NULL, "id", "outcome", "buttonname", false},
    [TOOLS_REF_USER] = {"user", "/api/Users", "users", "id", "name", "emailaddress", true,
                        "client_id", "client_name", true},
    [TOOLS_REF_ASSETTYPE] = {"asset type", "/api/AssetType", "assettypes", "id", "name", NULL,
                             false},
    [TOOLS_REF_SLA] = {"SLA", "/api/SLA", NULL, "id", "name", NULL, false},
    /* A ticket's category_1 holds the value ("Hardware>Laptop"); type 1
     * is that field's list (halopsa-api.md §9.2). */
    [TOOLS_REF_CATEGORY] = {"category", "/api/Category", NULL, "id", "value", "category_name",
                            false, .query = "type_id=1"},
    [TOOLS_REF_FIELD] = {"custom field", "/api/FieldInfo", NULL, "id", "name", "label", false},
    [TOOLS_REF_SUPPLIER] = {"supplier", "/api/Supplier", "suppliers", "id", "name", NULL, true},
};

/* The cache key of "me": no search term is a control character. */
#define ME_TERM "\001me"

struct cache_entry {
    char *tenant;   /* base URL: a client at a reused address is another tenant */
    enum tools_ref ref;
    char *term;     /* lower-cased search term; "" for a whole list */
    json_int_t scope; /* the client the records belong to; 0: any */
    json_t *items;  /* [{id, name, alt?, owner?}] */
    int64_t at_ms;
};

static pthread_mutex_t cache_mu = PTHREAD_MUTEX_INITIALIZER;
static struct cache_entry cache[CACHE_MAX];
static size_t ncache;

static void entry_clear(struct cache_entry *e)
{
    free(e->tenant);
    free(e->term);
    json_decref(e->items);
    memset(e, 0, sizeof *e);
}

void tools__names_cleanup(void)
{
    pthread_mutex_lock(&cache_mu);
    for (size_t i = 0; i < ncache; i++)
        entry_clear(&cache[i]);
    ncache = 0;
    pthread_mutex_unlock(&cache_mu);
}

static const char *tenant_of(const struct halo_client *hc)
{
    const struct halo_config *cfg = halo_client_config(hc);
    return cfg && cfg->base_url ? cfg->base_url : "";
}

/* New reference to the cached items, or NULL. */
static json_t *cache_get(const struct halo_client *hc, enum tools_ref ref, const char *term,
                         json_int_t scope)
{
    const char *tenant = tenant_of(hc);
    json_t *items = NULL;
    int64_t now = base_now_ms();
    pthread_mutex_lock(&cache_mu);
    for (size_t i = 0; i < ncache; i++) {
        struct cache_entry *e = &cache[i];
        if (strcmp(e->tenant, tenant) == 0 && e->ref == ref && strcmp(e->term, term) == 0 &&
            e->scope == scope && now - e->at_ms < CACHE_TTL_MS) {
            items = json_incref(e->items);
            break;
        }
    }
    pthread_mutex_unlock(&cache_mu);
    return items;
}

static void cache_put(const struct halo_client *hc, enum tools_ref ref, const char *term,
                      json_int_t scope, json_t *items)
{
    const char *tenant = tenant_of(hc);
    pthread_mutex_lock(&cache_mu);
    size_t slot = ncache;
    for (size_t i = 0; i < ncache; i++) {
        if (strcmp(cache[i].tenant, tenant) == 0 && cache[i].ref == ref &&
            strcmp(cache[i].term, term) == 0 && cache[i].scope == scope) {
            slot = i;
            break;
        }
    }
    if (slot == ncache && ncache == CACHE_MAX) {
        slot = 0; /* evict the oldest */
        for (size_t i = 1; i < ncache; i++) {
            if (cache[i].at_ms < cache[slot].at_ms)
                slot = i;
        }
    }
    if (slot < ncache)
        entry_clear(&cache[slot]);
    else
        ncache++;
    cache[slot] = (struct cache_entry){xstrdup(tenant), ref, xstrdup(term), scope,
                                       json_incref(items), base_now_ms()};
    pthread_mutex_unlock(&cache_mu);
}

static bool as_id(json_t *v, json_int_t *id)
{
    if (json_is_integer(v)) {
        *id = json_integer_value(v);
        return true;
    }
    if (json_is_real(v))
        return tools__whole(json_real_value(v), id);
    if (json_is_string(v)) {
        const char *s = json_string_value(v);
        char *end;
        while (isspace((unsigned char)*s))
            s++;
        if (!*s || !(isdigit((unsigned char)*s) || (*s == '-' && isdigit((unsigned char)s[1]))))
            return false;
        errno = 0;
        long long n = strtoll(s, &end, 10);
        while (isspace((unsigned char)*end))
            end++;
        if (*end || errno == ERANGE)
            return false;
        *id = (json_int_t)n;
        return true;
    }
    return false;
}

/* The reference list (or the search result) as [{id, name, alt}], new
 * reference; NULL with c->error. fresh: skip the cache. */
static json_t *load(struct tools_call *c, enum tools_ref ref, const char *term, json_int_t scope,
                    bool fresh, bool *cached)
{
    const struct ref_def *d = &refs[ref];
    json_t *items = fresh ? NULL : cache_get(c->hc, ref, term, scope);
    *cached = items != NULL;
    if (items)
        return items;
    json_t *query = json_object();
    if (d->search) {
        json_object_set_new(query, "search", json_string(term));
        halo_page_query(query, 1, 100);
    }
    if (scope > 0)
        json_object_set_new(query, d->scope_param, json_integer(scope));
    const char *eq = d->query ? strchr(d->query, '=') : NULL;
    if (eq) {
        char *k = xstrndup(d->query, (size_t)(eq - d->query));
        json_object_set_new(query, k, json_string(eq + 1));
        free(k);
    }
    json_t *resp = tools__get(c, d->path, query);
    json_decref(query);
    if (!resp)
        return NULL;
    items = json_array();
    size_t i;
    json_t *rec;
    json_array_foreach(tools__rows(resp, d->wrapper, NULL), i, rec) {
        json_int_t id;
        const char *name = json_string_value(json_object_get(rec, d->name_key));
        const char *alt = d->alt_key ? json_string_value(json_object_get(rec, d->alt_key)) : NULL;
        const char *owner =
            d->owner_key ? json_string_value(json_object_get(rec, d->owner_key)) : NULL;
        if (!name || !as_id(json_object_get(rec, d->id_key), &id))
            continue;
        json_array_append_new(items, json_pack("{s:I, s:s, s:s?, s:s?}", "id", id, "name", name,
                                               "alt", alt && *alt ? alt : NULL, "owner",
                                               owner && *owner ? owner : NULL));
    }
    json_decref(resp);
    cache_put(c->hc, ref, term, scope, items);
    return items;
}

static bool prefix_ci(const char *s, const char *p)
{
    return s && strncasecmp(s, p, strlen(p)) == 0;
}

/* The candidates of an ambiguous or unknown name. Names end users give
 * (clients, sites, users, and the client owning a site or user) are
 * quoted as data: an error is read as our words otherwise. */
static void candidates(struct tools_call *c, const struct ref_def *d, struct buf *b,
                       json_t *list)
{
    size_t i;
    json_t *it;
    json_array_foreach(list, i, it) {
        if (i == SHOW_MAX) {
            buf_printf(b, ", … (%zu more)", json_array_size(list) - SHOW_MAX);
            break;
        }
        const char *name = json_string_value(json_object_get(it, "name"));
        const char *owner = json_string_value(json_object_get(it, "owner"));
        char *shown = d->untrusted ? tools__quote(c, name, 80) : xstrdup(name);
        char *whose = owner ? tools__quote(c, owner, 80) : NULL;
        buf_printf(b, "%s'%s' (id %lld%s%s)", i ? ", " : "", shown,
                   (long long)json_integer_value(json_object_get(it, "id")), whose ? ", " : "",
                   whose ? whose : "");
        free(shown);
        free(whose);
    }
}

/* The agent the API application acts as (GET /api/Agent/me, cached like
 * the lists). 0 or -1 with c->error. */
static int agent_me(struct tools_call *c, const char *arg, json_int_t *id)
{
    json_t *items = cache_get(c->hc, TOOLS_REF_AGENT, ME_TERM, 0);
    if (!items) {
        json_t *resp = tools__get(c, "/api/Agent/me", NULL);
        if (!resp)
            return -1;
        json_t *me = halo_record(resp, "agents");
        const char *name = json_string_value(json_object_get(me, "name"));
        if (!as_id(json_object_get(me, "id"), id) || *id <= 0) {
            json_decref(resp);
            tools__fail(c, "argument '%s': HaloPSA returned no agent for GET /api/Agent/me", arg);
            return -1;
        }
        items = json_pack("[{s:I, s:s}]", "id", *id, "name", name ? name : "");
        cache_put(c->hc, TOOLS_REF_AGENT, ME_TERM, 0, items);
        json_decref(resp);
    }
    *id = json_integer_value(json_object_get(json_array_get(items, 0), "id"));
    json_decref(items);
    return 0;
}

/* A new copy of s, trimmed and lower-cased. */
static char *search_term(const char *s)
{
    while (isspace((unsigned char)*s))
        s++;
    char *t = xstrdup(s);
    size_t n = strlen(t);
    while (n && isspace((unsigned char)t[n - 1]))
        t[--n] = '\0';
    for (char *p = t; *p; p++)
        *p = (char)tolower((unsigned char)*p);
    return t;
}

/* The one item of items whose id is id (new), else NULL. */
static json_t *item_with_id(json_t *items, json_int_t id)
{
    size_t i;
    json_t *it;
    json_array_foreach(items, i, it) {
        if (json_integer_value(json_object_get(it, "id")) == id)
            return json_incref(it);
    }
    return NULL;
}

/* By id, for a reference sent by name: the item from the whole list (new),
 * or NULL with c->error. */
static json_t *find_id(struct tools_call *c, enum tools_ref ref, const char *arg, json_int_t id,
                       json_int_t scope)
{
    const struct ref_def *d = &refs[ref];
    bool cached;
    json_t *items = load(c, ref, "", scope, false, &cached), *it = NULL;
    if (items && !(it = item_with_id(items, id)) && cached) {
        json_decref(items); /* perhaps created since the list was cached */
        if ((items = load(c, ref, "", scope, true, &cached)))
            it = item_with_id(items, id);
    }
    if (items && !it) {
        struct buf b = {0};
        buf_printf(&b, "argument '%s': no %s with id %lld", arg, d->what, (long long)id);
        if (json_array_size(items)) {
            buf_appends(&b, " (known: ");
            candidates(c, d, &b, items);
            buf_appends(&b, ")");
        }
        tools__fail(c, "%s", b.data);
        buf_free(&b);
    }
    json_decref(items);
    return it;
}

/* By name: the one item raw names (new), or NULL with c->error (none, or
 * several, listed). */
static json_t *find_name(struct tools_call *c, enum tools_ref ref, const char *arg,
                         const char *raw, json_int_t scope)
{
    const struct ref_def *d = &refs[ref];
    char *t = search_term(raw);
    json_t *exact = json_array(), *pre = json_array(), *sub = json_array();
    json_t *items = NULL, *found = NULL;
    bool cached;
    if (!*t) {
        tools__fail(c, "argument '%s': empty %s name", arg, d->what);
        goto out;
    }
    if (!(items = load(c, ref, d->search ? t : "", scope, false, &cached)))
        goto out;
again:;
    size_t i;
    json_t *it;
    json_array_foreach(items, i, it) {
        const char *name = json_string_value(json_object_get(it, "name"));
        const char *alt = json_string_value(json_object_get(it, "alt"));
        if ((name && strcasecmp(name, t) == 0) || (alt && strcasecmp(alt, t) == 0))
            json_array_append(exact, it);
        else if (prefix_ci(name, t) || prefix_ci(alt, t))
            json_array_append(pre, it);
        else if ((name && strcasestr(name, t)) || (alt && strcasestr(alt, t)))
            json_array_append(sub, it);
    }
    /* Exact beats prefix; a word inside the name ("high" for "P2 -
     * High") is the last resort. */
    json_t *pick = json_array_size(exact) ? exact : json_array_size(pre) ? pre : sub;
    if (json_array_size(pick) == 0 && cached) {
        /* Perhaps created since the list was cached: ask HaloPSA again. */
        json_decref(items);
        if (!(items = load(c, ref, d->search ? t : "", scope, true, &cached)))
            goto out;
        goto again;
    }
    if (json_array_size(pick) == 1) {
        found = json_incref(json_array_get(pick, 0));
        goto out;
    }
    struct buf b = {0};
    if (json_array_size(pick) > 1) {
        buf_printf(&b, "argument '%s': '%s' matches %zu %s names: ", arg, raw,
                   json_array_size(pick), d->what);
        candidates(c, d, &b, pick);
        if (d->scope_param && scope <= 0)
            buf_appends(&b, ". Give the id, more of the name, or the client it belongs to.");
        else
            buf_appends(&b, ". Give the id or more of the name.");
    } else {
        buf_printf(&b, "argument '%s': no %s named '%s'", arg, d->what, raw);
        if (scope > 0)
            buf_printf(&b, " at client %lld (the client given in this call)", (long long)scope);
        if (!d->search && json_array_size(items)) {
            buf_printf(&b, " (known: ");
            candidates(c, d, &b, items);
            buf_printf(&b, ")");
        }
    }
    tools__fail(c, "%s", b.data);
    buf_free(&b);
out:
    json_decref(items);
    json_decref(exact);
    json_decref(pre);
    json_decref(sub);
    free(t);
    return found;
}

static bool is_me(json_t *value)
{
    const char *s = json_string_value(value);
    if (!s)
        return false;
    while (isspace((unsigned char)*s))
        s++;
    return strncasecmp(s, "me", 2) == 0 && strspn(s + 2, " \t\r\n") == strlen(s + 2);
}

int tools__resolve(struct tools_call *c, enum tools_ref ref, const char *arg, json_t *value,
                   json_int_t scope, json_int_t *id)
{
    const struct ref_def *d = &refs[ref];
    if (!d->scope_param)
        scope = 0;
    if (as_id(value, id))
        return 0;
    if (ref == TOOLS_REF_AGENT && is_me(value))
        return agent_me(c, arg, id);
    if (!json_is_string(value)) {
        tools__fail(c, "argument '%s': give the %s's id or its name", arg, d->what);
        return -1;
    }
    json_t *it = find_name(c, ref, arg, json_string_value(value), scope);
    if (!it)
        return -1;
    *id = json_integer_value(json_object_get(it, "id"));
    json_decref(it);
    return 0;
}

int tools__resolve_name(struct tools_call *c, enum tools_ref ref, const char *arg, json_t *value,
                        json_int_t scope, char **name)
{
    const struct ref_def *d = &refs[ref];
    json_int_t id;
    json_t *it = NULL;
    if (!d->scope_param)
        scope = 0;
    if (as_id(value, &id))
        it = find_id(c, ref, arg, id, scope);
    else if (json_is_string(value))
        it = find_name(c, ref, arg, json_string_value(value), scope);
    else
        tools__fail(c, "argument '%s': give the %s's name or its id", arg, d->what);
    if (!it)
        return -1;
    *name = xstrdup(json_string_value(json_object_get(it, "name")));
    json_decref(it);
    return 0;
}

json_t *tools__names_matching(struct tools_call *c, enum tools_ref ref, const char *text,
                              size_t max)
{
    const struct ref_def *d = &refs[ref];
    char *term = xstrdup(text ? text : "");
    for (char *p = term; *p; p++)
        *p = (char)tolower((unsigned char)*p);
    bool cached;
    json_t *items = load(c, ref, d->search ? term : "", 0, false, &cached);
    json_t *out = NULL;
    if (!items)
        goto out;
    out = json_array();
    /* Prefix matches first, then a word inside the name. */
    for (int pass = 0; pass < 2; pass++) {
        size_t i;
        json_t *it;
        json_array_foreach(items, i, it) {
            const char *name = json_string_value(json_object_get(it, "name"));
            const char *alt = json_string_value(json_object_get(it, "alt"));
            bool pre = !*term || prefix_ci(name, term) || prefix_ci(alt, term);
            bool inside = (name && strcasestr(name, term)) || (alt && strcasestr(alt, term));
            if (json_array_size(out) < max && (pass == 0 ? pre : !pre && inside))
                json_array_append_new(out, json_pack("{s:O, s:O}", "id", json_object_get(it, "id"),
                                                     "name", json_object_get(it, "name")));
        }
    }
out:
    json_decref(items);
    free(term);
    return out;
}

char *tools__name_of(struct tools_call *c, enum tools_ref ref, json_int_t id)
{
    bool cached;
    char *name = NULL;
    if (!c || refs[ref].search || id <= 0)
        return NULL;
    json_t *before = c->error; /* kept: only this look-up's failure is dropped */
    c->error = NULL;
    json_t *items = load(c, ref, "", 0, false, &cached);
    size_t i;
    json_t *it;
    json_array_foreach(items, i, it) {
        if (json_integer_value(json_object_get(it, "id")) == id) {
            name = xstrdup(json_string_value(json_object_get(it, "name")));
            break;
        }
    }
    json_decref(items);
    /* A failed lookup only costs the name: the caller shows the id. */
    json_decref(c->error);
    c->error = before;
    return name;
}
