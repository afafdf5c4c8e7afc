/* assets.c - the assets domain: list, search and read HaloPSA assets (devices) and their asset types. */
#include "tools_int.h"

#include "base/base.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static const char *const asset_row_fields[] = {
    "id",        "inventory_number", "key_field",   "key_field2", "assettype_name",
    "client_name", "site_name",      "username",    "inactive",   NULL,
};

static const char *const type_row_fields[] = {"id", "name", "assetgroup_name", NULL};

/* "fields" is rebuilt as name/value pairs; the rest are embedded objects. */
static const char *const asset_drop[] = {"fields", "assettype", "diagramdetails", NULL};

static const struct tools_list_spec asset_list = {
    .path = "/api/Asset",
    .wrapper = "assets",
    .rows_key = "assets",
    .fields = asset_row_fields,
    .paginated = true,
};

static const struct tools_list_spec type_list = {
    .path = "/api/AssetType",
    .wrapper = NULL,
    .rows_key = "asset_types",
    .fields = type_row_fields,
    .paginated = false,
};

/* Asset types are not among the shared references: resolve a name (exact,
 * else a unique prefix, case-insensitive) from /api/AssetType here.
 * 0 with *id, or -1 with c->error set. */
static int resolve_type(struct tools_call *c, json_t *v, json_int_t *id)
{
    const char *name = json_string_value(v);
    char *end;
    json_t *resp, *row, *hit = NULL;
    size_t i, nprefix = 0;
    struct buf cands = {0};
    int rc = -1;

    if (json_is_integer(v)) {
        *id = json_integer_value(v);
        return 0;
    }
    if (name && *name) {
        long long n = strtoll(name, &end, 10);
        if (*end == '\0') {
            *id = (json_int_t)n;
            return 0;
        }
    }
    if (!name || !*name) {
        (void)tools__fail(c, "argument 'assettype': an asset type id or name");
        return -1;
    }
    resp = tools__get(c, "/api/AssetType", NULL);
    if (!resp)
        return -1;
    json_array_foreach(halo_rows(resp, "assettypes", NULL), i, row) {
        const char *n = json_string_value(json_object_get(row, "name"));
        if (!n)
            continue;
        if (strcasecmp(n, name) == 0) {
            hit = row;
            nprefix = 1;
            break;
        }
        if (strncasecmp(n, name, strlen(name)) == 0) {
            hit = row;
            nprefix++;
            buf_printf(&cands, "%s%s (id %lld)", cands.len ? ", " : "", n,
                       (long long)json_integer_value(json_object_get(row, "id")));
        }
    }
    if (nprefix == 1 && json_is_integer(json_object_get(hit, "id"))) {
        *id = json_integer_value(json_object_get(hit, "id"));
        rc = 0;
    } else if (nprefix > 1) {
        (void)tools__fail(c, "argument 'assettype': \"%s\" matches several asset types: %s",
                                 name, cands.data);
    } else {
        (void)tools__fail(c, "argument 'assettype': no asset type named \"%s\" (see "
                                    "halopsa_assets_list_types)", name);
    }
    buf_free(&cands);
    json_decref(resp);
    return rc;
}

/* Query for the filters of assets_list and assets_search. 0 or -1 with
 * c->error set. */
static int asset_query(struct tools_call *c, json_t *args, json_t *query)
{
    const char *q = json_string_value(json_object_get(args, "query"));
    const char *search = json_string_value(json_object_get(args, "search"));
    json_t *tv = json_object_get(args, "assettype");
    json_int_t type;
    if (tools__put_ref(c, args, "client", TOOLS_REF_CLIENT, query, "client_id", false) != 0 ||
        tools__put_ref(c, args, "site", TOOLS_REF_SITE, query, "site_id", false) != 0)
        return -1;
    if (tv && !json_is_null(tv)) {
        if (resolve_type(c, tv, &type) != 0)
            return -1;
        json_object_set_new(query, "assettype_id", json_integer(type));
    }
    if (q && *q)
        json_object_set_new(query, "search", json_string(q));
    else if (search && *search)
        json_object_set_new(query, "search", json_string(search));
    if (json_is_true(json_object_get(args, "include_inactive")))
        json_object_set_new(query, "includeinactive", json_true());
    return 0;
}

static json_t *run_list(struct tools_call *c, json_t *args, const struct tools_tool *t)
{
    json_t *query = json_object();
    json_t *res;
    (void)t;
    if (asset_query(c, args, query) != 0)
        res = tools__take_error(c);
    else
        res = tools__list(c, &asset_list, args, query);
    json_decref(query);
    return res;
}

static json_t *run_search(struct tools_call *c, json_t *args, const struct tools_tool *t)
{
    const char *q = json_string_value(json_object_get(args, "query"));
    if (!q || !*q)
        return tools__fail(c, "argument 'query': must not be empty");
    return run_list(c, args, t);
}

/* The asset-type fields as {name: value}, using the display text when
 * there is one. New object. */
static json_t *field_pairs(json_t *fields)
{
    json_t *out = json_object();
    size_t i;
    json_t *f;
    json_array_foreach(fields, i, f) {
        const char *name = json_string_value(json_object_get(f, "name"));
        json_t *v = json_object_get(f, "display");
        char key[64];
        if (!json_is_string(v) || json_string_length(v) == 0)
            v = json_object_get(f, "value");
        if (!v || json_is_null(v) || (json_is_string(v) && json_string_length(v) == 0))
            continue;
        if (!name || !*name) {
            snprintf(key, sizeof key, "field %lld",
                     (long long)json_integer_value(json_object_get(f, "id")));
            name = key;
        }
        json_object_set(out, name, v);
    }
    return out;
}

static const char *const asset_keep[] = {"inactive", NULL};

static json_t *run_get(struct tools_call *c, json_t *args, const struct tools_tool *t)
{
    json_int_t id = tools__arg_id(args, "id");
    char path[64];
    json_t *rec, *detail;
    (void)t;

    snprintf(path, sizeof path, "/api/Asset/%lld", (long long)id);
    rec = tools__get_record(c, path, NULL, "assets", "asset");
    if (!rec)
        return tools__take_error(c);
    detail = tools__detail(rec, asset_drop, 2000, args);
    if (!json_is_true(json_object_get(args, "full"))) {
        json_t *pairs = field_pairs(json_object_get(rec, "fields"));
        tools__drop_zeros(detail, asset_keep, args);
        if (json_object_size(pairs) > 0)
            json_object_set_new(detail, "fields", pairs);
        else
            json_decref(pairs);
    }
    json_decref(rec);
    return tools__result(json_pack("{s:o}", "asset", detail));
}

static json_t *run_types(struct tools_call *c, json_t *args, const struct tools_tool *t)
{
    json_t *query = json_object();
    json_t *res;
    (void)t;
    res = tools__list(c, &type_list, args, query);
    json_decref(query);
    return res;
}

#define ASSET_FILTER_PROPS                                                                       \
    TOOLS_REF_PROP("client", "Client") "," TOOLS_REF_PROP("site", "Site") ","                   \
    "\"assettype\":{\"type\":[\"integer\",\"string\"],\"description\":\"Asset type id, or its " \
    "name (case-insensitive, a unique prefix is enough)\"},"                                     \
    "\"include_inactive\":{\"type\":\"boolean\",\"description\":\"Also list inactive assets "    \
    "(default false)\"}"

static const struct tools_tool asset_tools[] = {
    {
        .name = "halopsa_assets_list",
        .title = "List assets",
        .description =
            "List HaloPSA assets (devices, configuration items) as compact rows: id, inventory "
            "number, key fields (hostname, serial), type, client, site, user. Filter by client, "
            "site and asset type (names or ids) and search text; active assets only unless "
            "include_inactive. Paging: page, page_size (max 100); max_rows walks pages.",
        .input_schema =
            "{\"type\":\"object\",\"properties\":{" ASSET_FILTER_PROPS ","
            "\"search\":{\"type\":\"string\",\"description\":\"Text to look for in the inventory "
            "number and key fields\"}," TOOLS_PAGING_PROPS
            "},\"additionalProperties\":false}",
        .output_schema = TOOLS_LIST_OUTPUT("assets"),
        .kind = TOOLS_READ,
        .method = "GET",
        .endpoint = "/api/Asset",
        .run = run_list,
    },
    {
        .name = "halopsa_assets_get",
        .title = "Get an asset",
        .description =
            "One asset by id, compact, with its asset-type fields (make, model, serial, ...) as "
            "name/value pairs. fields lists extra fields in full; full:true returns the raw "
            "HaloPSA record.",
        .input_schema =
            "{\"type\":\"object\",\"properties\":{"
            "\"id\":{\"type\":\"integer\",\"minimum\":1,\"description\":\"Asset id\"},"
            "\"fields\":{\"type\":\"array\",\"items\":{\"type\":\"string\"},\"description\":"
            "\"Extra fields to include in full\"},"
            "\"full\":{\"type\":\"boolean\",\"description\":\"Return the raw record\"}"
            "},\"required\":[\"id\"],\"additionalProperties\":false}",
        .output_schema =
            "{\"type\":\"object\",\"properties\":{\"asset\":{\"type\":\"object\"}},\"required\":"
            "[\"asset\"]}",
        .kind = TOOLS_READ,
        .method = "GET",
        .endpoint = "/api/Asset/{id}",
        .run = run_get,
    },
    {
        .name = "halopsa_assets_search",
        .title = "Search assets",
        .description =
            "Find assets by text (GET /api/Asset?search=...): matches inventory numbers and key "
            "fields such as hostname or serial number. Optional client, site and asset type "
            "filters. Compact rows.",
        .input_schema =
            "{\"type\":\"object\",\"properties\":{"
            "\"query\":{\"type\":\"string\",\"minLength\":1,\"description\":\"Text to look for\"},"
            ASSET_FILTER_PROPS "," TOOLS_PAGING_PROPS
            "},\"required\":[\"query\"],\"additionalProperties\":false}",
        .output_schema = TOOLS_LIST_OUTPUT("assets"),
        .kind = TOOLS_READ,
        .method = "GET",
        .endpoint = "/api/Asset",
        .run = run_search,
    },
    {
        .name = "halopsa_assets_list_types",
        .title = "List asset types",
        .description =
            "The asset types (Laptop, Server, Firewall, ...) with their asset groups, from GET "
            "/api/AssetType (HaloPSA returns the whole list; it is paged here).",
        .input_schema =
            "{\"type\":\"object\",\"properties\":{" TOOLS_PAGING_PROPS
            "},\"additionalProperties\":false}",
        .output_schema = TOOLS_LIST_OUTPUT("asset_types"),
        .kind = TOOLS_READ,
        .method = "GET",
        .endpoint = "/api/AssetType",
        .run = run_types,
    },
};

const struct tools_domain tools__assets = {
    .name = "assets",
    .title = "Assets",
    .summary = "Devices and configuration items: list, search, read assets and their types",
    .tools = asset_tools,
    .ntools = sizeof asset_tools / sizeof asset_tools[0],
};
