/* clients.c - the clients domain: list, search, read, create and update HaloPSA clients
 * (customers). */
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

static const struct tools_entity client = {
    .noun = "client",
    .path = "/api/Client",
    .key = "clients",
    .flags = TOOLS_E_PAGED,
    .row = client_row_fields,
    .drop = client_drop,
};

/* record_count of a one-row page of path filtered by client_id; -1 and
 * c->error on failure. */
static json_int_t count_of(struct tools_call *c, const char *path, const char *key,
                           json_int_t client_id)
{
    json_t *query = json_pack("{s:I}", "client_id", client_id);
    halo_page_query(query, 1, 1);
    json_t *resp = tools__get(c, path, query);
    int64_t n = 0;
    json_decref(query);
    if (!resp)
        return -1;
    tools__rows(resp, key, &n);
    json_decref(resp);
    return (json_int_t)n;
}

static const char *const client_keep[] = {"inactive", "is_vip", NULL};

static json_t *run_get(struct tools_call *c, json_t *args)
{
    json_int_t id = tools__arg_id(args, "id");
    json_t *rec = tools__get_one(c, id, NULL), *out;
    if (!rec)
        return NULL;
    json_t *detail = tools__detail(rec, client.drop, 2000, args);
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
            return NULL;
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
    json_t *query = json_pack("{s:s, s:b}", "search", name, "includeinactive", 1);
    halo_page_query(query, 1, 100);
    json_t *resp = tools__get(c, client.path, query);
    size_t i;
    json_t *row;
    json_decref(query);
    *id = 0;
    if (!resp)
        return -1;
    json_array_foreach(tools__rows(resp, client.key, NULL), i, row) {
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

static json_t *run_create(struct tools_call *c, json_t *args)
{
    const char *raw = json_string_value(json_object_get(args, "name"));
    char *name = trimmed(raw ? raw : "");
    json_t *rec = json_object(), *records = NULL, *reply = NULL, *res = NULL;
    json_int_t dup = 0;

    if (!*name) {
        tools__fail(c, "argument 'name': must not be empty");
        goto out;
    }
    if (!json_is_true(json_object_get(args, "allow_duplicate"))) {
        if (existing_client(c, name, &dup) != 0)
            goto out;
        if (dup > 0) {
            tools__fail(c, "a client named \"%s\" already exists (id %lld); use that id, or pass "
                           "allow_duplicate: true to create another one",
                        name, (long long)dup);
            goto out;
        }
    }
    if (tools__put_all(c, args, rec) != 0)
        goto out;
    json_object_set_new(rec, "name", json_string(name));
    records = json_pack("[O]", rec);
    if (!(reply = tools__post(c, client.path, records)))
        goto out;
    json_t *saved = tools__saved_record(reply, client.key);
    res = tools__result(json_pack("{s:b, s:o}", "created", 1, "client",
                                  saved ? tools__row(saved, client_row_fields) : json_object()));
out:
    json_decref(reply);
    json_decref(records);
    json_decref(rec);
    free(name);
    return res;
}

#define INACTIVE                                                                                 \
    {"include_inactive", TOOLS_A_FLAG, "Also list inactive clients (default false)", 0,          \
     "includeinactive"}

static const struct tools_arg list_args[] = {
    {"search", TOOLS_A_SEARCH, "Text to look for in the name"},
    INACTIVE,
    {"toplevel_id", TOOLS_A_INT, "Only clients under this top level"},
    {NULL},
};

static const struct tools_arg search_args[] = {
    {"query", TOOLS_A_SEARCH, "Text to look for in the client name",
     TOOLS_REQUIRED | TOOLS_NONEMPTY, "search"},
    INACTIVE,
    {NULL},
};

static const struct tools_arg get_args[] = {
    {"include_counts", TOOLS_A_BOOL, "Also count its sites and users (two more requests)",
     TOOLS_LOCAL},
    {NULL},
};

static const struct tools_arg create_args[] = {
    {"name", TOOLS_A_STRING, "Client name", TOOLS_REQUIRED | TOOLS_NONEMPTY},
    {"toplevel_id", TOOLS_A_INT, "Top level (client group) id"},
    {"website", TOOLS_A_STRING, "Website"},
    {"notes", TOOLS_A_STRING, "Notes"},
    {"is_vip", TOOLS_A_BOOL, "A VIP client"},
    {"allow_duplicate", TOOLS_A_BOOL, "Create even when a client with this name exists",
     TOOLS_LOCAL},
    {NULL},
};

/* Updates go through the generic handler (crud.c): the client is checked
 * to exist, only what is given is sent. */
static const struct tools_arg update_args[] = {
    {"name", TOOLS_A_STRING, "Client name", TOOLS_NONEMPTY},
    {"toplevel_id", TOOLS_A_INT, "Top level (client group) id"},
    {"website", TOOLS_A_STRING, "Website"},
    {"notes", TOOLS_A_STRING, "Notes"},
    {"is_vip", TOOLS_A_BOOL, "A VIP client"},
    {"inactive", TOOLS_A_BOOL, "Inactive: no longer a customer"},
    {"customfields", TOOLS_A_LIST, "Custom field values to set: [{id, value}], the field by id, "
     "name or label", .items = tools__field_values},
    {NULL},
};

const struct tools_tool tools__client_tools[] = {
    {
        TOOLS_V_LIST, &client,
        .description =
            "List HaloPSA clients (customers) as compact rows: id, name, top level, VIP, website, "
            "main site. Active clients only unless include_inactive is true. search matches the "
            "name; toplevel_id limits to one top level (client group). Paging: page, page_size "
            "(max 100); max_rows walks pages.",
        .args = list_args,
    },
    {
        TOOLS_V_GET, &client,
        .description =
            "One client by id: its fields, compact (unset values omitted, long text cut). "
            "include_counts adds how many sites and end users it has. fields lists extra fields "
            "in full; full:true returns the raw HaloPSA record.",
        .args = get_args,
        .run = run_get,
    },
    {
        TOOLS_V_CREATE, &client,
        .description =
            "Create a new client: POSTs a one-element array to /api/Client (HaloPSA has no PUT). "
            "Creates only; it never updates. If a client with the same name already exists "
            "(case-insensitive, inactive ones included) it refuses and returns the existing id, "
            "unless allow_duplicate is true. dry_run:true shows the body without sending it.",
        .args = create_args,
        .run = run_create,
    },
    {TOOLS_V_UPDATE, &client, .args = update_args},
    {
        TOOLS_V_LIST, &client,
        .name = "halopsa_clients_search",
        .title = "Search clients",
        .description =
            "Find clients whose name matches query (GET /api/Client?search=...), compact rows. "
            "Use it to turn a company name into a client id. Active clients only unless "
            "include_inactive is true.",
        .args = search_args,
    },
    {TOOLS_V_NONE},
};
