/* clients.c - the clients domain: list, search, read and create HaloPSA clients (customers). */
#include "tools_int.h"

#include "base/base.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const client_row_fields[] = {
    "id", "name", "toplevel_name", "inactive", "is_vip", "website", "main_site_name", NULL,
};

/* Embedded lists a client get can carry (includedetails). */
static const char *const client_drop[] = {"sites", "use", "key", "table", NULL};

static const struct tools_list_spec client_list = {
    .path = "/api/Client",
    .wrapper = "clients",
    .rows_key = "clients",
    .fields = client_row_fields,
    .paginated = true,
};

/* Query for the shared list filters of clients_list and clients_search
 * (new object). */
static json_t *client_query(json_t *args)
{
    json_t *query = json_object();
    const char *search = json_string_value(json_object_get(args, "search"));
    const char *q = json_string_value(json_object_get(args, "query"));
    json_t *tl = json_object_get(args, "toplevel_id");
    if (q && *q)
        json_object_set_new(query, "search", json_string(q));
    else if (search && *search)
        json_object_set_new(query, "search", json_string(search));
    if (json_is_integer(tl))
        json_object_set(query, "toplevel_id", tl);
    /* HaloPSA lists active clients only unless asked for the others. */
    if (json_is_true(json_object_get(args, "include_inactive")))
        json_object_set_new(query, "includeinactive", json_true());
    return query;
}

static json_t *run_list(struct tools_call *c, json_t *args, const struct tools_tool *t)
{
    json_t *query = client_query(args);
    json_t *res;
    (void)t;
    res = tools__list(c, &client_list, args, query);
    json_decref(query);
    return res;
}

static json_t *run_search(struct tools_call *c, json_t *args, const struct tools_tool *t)
{
    const char *q = json_string_value(json_object_get(args, "query"));
    json_t *query, *res;
    (void)t;
    if (!q || !*q)
        return tools__fail(c, "argument 'query': must not be empty");
    query = client_query(args);
    res = tools__list(c, &client_list, args, query);
    json_decref(query);
    return res;
}

/* record_count of a one-row page of path filtered by client_id; -1 and
 * c->error on failure. */
static json_int_t count_of(struct tools_call *c, const char *path, const char *key,
                           json_int_t client)
{
    json_t *query = json_pack("{s:I, s:b, s:i, s:i}", "client_id", client, "pageinate", 1,
                              "page_size", 1, "page_no", 1);
    json_t *resp = tools__get(c, path, query);
    int64_t n = 0;
    json_decref(query);
    if (!resp)
        return -1;
    halo_rows(resp, key, &n);
    json_decref(resp);
    return (json_int_t)n;
}

static const char *const client_keep[] = {"inactive", "is_vip", NULL};

static json_t *run_get(struct tools_call *c, json_t *args, const struct tools_tool *t)
{
    json_int_t id = tools__arg_id(args, "id");
    char path[64];
    json_t *rec, *out;
    (void)t;

    snprintf(path, sizeof path, "/api/Client/%lld", (long long)id);
    rec = tools__get_record(c, path, NULL, "clients", "client");
    if (!rec)
        return tools__take_error(c);
    json_t *detail = tools__detail(rec, client_drop, 2000, args);
    if (!json_is_true(json_object_get(args, "full"))) {
        tools__drop_zeros(detail, client_keep, args);
        tools__compact_customfields(detail);
    }
    out = json_pack("{s:o}", "client", detail);
    json_decref(rec);
    if (json_is_true(json_object_get(args, "include_counts"))) {
        json_int_t sites = count_of(c, "/api/Site", "sites", id);
        json_int_t users = sites < 0 ? -1 : count_of(c, "/api/Users", "users", id);
        if (sites < 0 || users < 0) {
            json_decref(out);
            return tools__take_error(c);
        }
        json_object_set_new(out, "site_count", json_integer(sites));
        json_object_set_new(out, "user_count", json_integer(users));
    }
    return tools__result(out);
}

/* Names compared as a person would: case and surrounding blanks ignored. */
static bool same_name(const char *a, const char *b)
{
    size_t la, lb;
    while (isspace((unsigned char)*a))
        a++;
    while (isspace((unsigned char)*b))
        b++;
    la = strlen(a);
    lb = strlen(b);
    while (la && isspace((unsigned char)a[la - 1]))
        la--;
    while (lb && isspace((unsigned char)b[lb - 1]))
        lb--;
    return la == lb && strncasecmp(a, b, la) == 0;
}

/* Looks for an existing client (active or not) with exactly this name.
 * Returns 0 with *id (0 when none), or -1 with c->error set. */
static int existing_client(struct tools_call *c, const char *name, json_int_t *id)
{
    json_t *query = json_pack("{s:s, s:b, s:b, s:i, s:i}", "search", name, "includeinactive", 1,
                              "pageinate", 1, "page_size", 100, "page_no", 1);
    json_t *resp = tools__get(c, "/api/Client", query);
    size_t i;
    json_t *row;
    json_decref(query);
    *id = 0;
    if (!resp)
        return -1;
    json_array_foreach(halo_rows(resp, "clients", NULL), i, row) {
        const char *n = json_string_value(json_object_get(row, "name"));
        json_t *rid = json_object_get(row, "id");
        if (n && json_is_integer(rid) && same_name(n, name)) {
            *id = json_integer_value(rid);
            break;
        }
    }
    json_decref(resp);
    return 0;
}

/* A new copy of s without leading and trailing blanks. */
static char *trimmed(const char *s)
{
    size_t n;
    while (isspace((unsigned char)*s))
        s++;
    n = strlen(s);
    while (n && isspace((unsigned char)s[n - 1]))
        n--;
    return xstrndup(s, n);
}

static json_t *run_create(struct tools_call *c, json_t *args, const struct tools_tool *t)
{
    const char *raw = json_string_value(json_object_get(args, "name"));
    char *name = trimmed(raw ? raw : "");
    json_t *rec = NULL, *records = NULL, *reply = NULL, *res;
    json_int_t dup = 0;
    const char *keys[] = {"website", "notes", NULL};
    (void)t;

    if (!*name) {
        res = tools__fail(c, "argument 'name': must not be empty");
        goto out;
    }
    if (!json_is_true(json_object_get(args, "allow_duplicate"))) {
        if (existing_client(c, name, &dup) != 0) {
            res = tools__take_error(c);
            goto out;
        }
        if (dup > 0) {
            res = tools__fail(c,
                              "a client named \"%s\" already exists (id %lld); use that id, or "
                              "pass allow_duplicate: true to create another one",
                              name, (long long)dup);
            goto out;
        }
    }
    rec = json_pack("{s:s}", "name", name);
    for (size_t i = 0; keys[i]; i++) {
        const char *v = json_string_value(json_object_get(args, keys[i]));
        if (v && *v)
            json_object_set_new(rec, keys[i], json_string(v));
    }
    if (json_is_integer(json_object_get(args, "toplevel_id")))
        json_object_set(rec, "toplevel_id", json_object_get(args, "toplevel_id"));
    if (json_is_boolean(json_object_get(args, "is_vip")))
        json_object_set(rec, "is_vip", json_object_get(args, "is_vip"));
    records = json_pack("[O]", rec);
    reply = tools__post(c, "/api/Client", records);
    if (!reply) {
        res = tools__take_error(c);
        goto out;
    }
    json_t *saved = tools__saved_record(reply, "clients");
    res = tools__result(json_pack("{s:b, s:o}", "created", 1, "client",
                                  saved ? tools__row(saved, client_row_fields) : json_object()));
out:
    json_decref(reply);
    json_decref(records);
    json_decref(rec);
    free(name);
    return res;
}

#define INACTIVE_PROP                                                                            \
    "\"include_inactive\":{\"type\":\"boolean\",\"description\":\"Also list inactive clients "   \
    "(default false)\"}"

static const struct tools_tool client_tools[] = {
    {
        .name = "halopsa_clients_list",
        .title = "List clients",
        .description =
            "List HaloPSA clients (customers) as compact rows: id, name, top level, VIP, website, "
            "main site. Active clients only unless include_inactive is true. search matches the "
            "name; toplevel_id limits to one top level (client group). Paging: page, page_size "
            "(max 100); max_rows walks pages.",
        .input_schema =
            "{\"type\":\"object\",\"properties\":{"
            "\"search\":{\"type\":\"string\",\"description\":\"Text to look for in the name\"},"
            INACTIVE_PROP ","
            "\"toplevel_id\":{\"type\":\"integer\",\"description\":\"Only clients under this top "
            "level\"}," TOOLS_PAGING_PROPS
            "},\"additionalProperties\":false}",
        .output_schema = TOOLS_LIST_OUTPUT("clients"),
        .kind = TOOLS_READ,
        .method = "GET",
        .endpoint = "/api/Client",
        .run = run_list,
    },
    {
        .name = "halopsa_clients_get",
        .title = "Get a client",
        .description =
            "One client by id: its fields, compact (unset values omitted, long text cut). "
            "include_counts adds how many sites and end users it has. fields lists extra fields "
            "in full; full:true returns the raw HaloPSA record.",
        .input_schema =
            "{\"type\":\"object\",\"properties\":{"
            "\"id\":{\"type\":\"integer\",\"minimum\":1,\"description\":\"Client id\"},"
            "\"include_counts\":{\"type\":\"boolean\",\"description\":\"Also count its sites and "
            "users (two more requests)\"},"
            "\"fields\":{\"type\":\"array\",\"items\":{\"type\":\"string\"},\"description\":"
            "\"Extra fields to include in full\"},"
            "\"full\":{\"type\":\"boolean\",\"description\":\"Return the raw record\"}"
            "},\"required\":[\"id\"],\"additionalProperties\":false}",
        .output_schema =
            "{\"type\":\"object\",\"properties\":{\"client\":{\"type\":\"object\"},\"site_count\":"
            "{\"type\":\"integer\"},\"user_count\":{\"type\":\"integer\"}},\"required\":[\"client\"]}",
        .kind = TOOLS_READ,
        .method = "GET",
        .endpoint = "/api/Client/{id}",
        .run = run_get,
    },
    {
        .name = "halopsa_clients_create",
        .title = "Create a client",
        .description =
            "Create a new client: POSTs a one-element array to /api/Client (HaloPSA has no PUT). "
            "Creates only; it never updates. If a client with the same name already exists "
            "(case-insensitive, inactive ones included) it refuses and returns the existing id, "
            "unless allow_duplicate is true. dry_run:true shows the body without sending it.",
        .input_schema =
            "{\"type\":\"object\",\"properties\":{"
            "\"name\":{\"type\":\"string\",\"minLength\":1,\"description\":\"Client name\"},"
            "\"toplevel_id\":{\"type\":\"integer\",\"description\":\"Top level (client group) id\"},"
            "\"website\":{\"type\":\"string\"},"
            "\"notes\":{\"type\":\"string\"},"
            "\"is_vip\":{\"type\":\"boolean\"},"
            "\"allow_duplicate\":{\"type\":\"boolean\",\"description\":\"Create even when a "
            "client with this name exists\"}"
            "},\"required\":[\"name\"],\"additionalProperties\":false}",
        .output_schema =
            "{\"type\":\"object\",\"properties\":{\"created\":{\"type\":\"boolean\"},\"client\":"
            "{\"type\":\"object\"}}}",
        .kind = TOOLS_WRITE,
        .method = "POST",
        .endpoint = "/api/Client",
        .run = run_create,
    },
    {
        .name = "halopsa_clients_search",
        .title = "Search clients",
        .description =
            "Find clients whose name matches query (GET /api/Client?search=...), compact rows. "
            "Use it to turn a company name into a client id. Active clients only unless "
            "include_inactive is true.",
        .input_schema =
            "{\"type\":\"object\",\"properties\":{"
            "\"query\":{\"type\":\"string\",\"minLength\":1,\"description\":\"Text to look for "
            "in the client name\"}," INACTIVE_PROP "," TOOLS_PAGING_PROPS
            "},\"required\":[\"query\"],\"additionalProperties\":false}",
        .output_schema = TOOLS_LIST_OUTPUT("clients"),
        .kind = TOOLS_READ,
        .method = "GET",
        .endpoint = "/api/Client",
        .run = run_search,
    },
};

const struct tools_domain tools__clients = {
    .name = "clients",
    .title = "Clients",
    .summary = "Customers: list, search, read and create clients",
    .tools = client_tools,
    .ntools = sizeof client_tools / sizeof client_tools[0],
};
