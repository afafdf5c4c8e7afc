/* assets.c - the assets domain: list, search, read, create and update HaloPSA assets
 * (devices) and list their asset types. */
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

static const struct tools_entity asset = {
    .noun = "asset",
    .path = "/api/Asset",
    .key = "assets",
    .name_field = "inventory_number",
    .flags = TOOLS_E_PAGED,
    .row = asset_row_fields,
    .drop = asset_drop,
};

static const struct tools_entity asset_type = {
    .noun = "asset type",
    .rows = "asset_types",
    .path = "/api/AssetType",
    .row = type_row_fields,
};

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

static json_t *run_get(struct tools_call *c, json_t *args)
{
    json_t *rec = tools__get_one(c, tools__arg_id(args, "id"), NULL), *detail;
    if (!rec)
        return NULL;
    detail = tools__detail(rec, asset.drop, 2000, args);
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

/* The filters of assets_list and assets_search. */
#define ASSET_FILTERS                                                                            \
    {"client", TOOLS_A_REF, "Client", 0, "client_id", TOOLS_REF_CLIENT},                         \
    {"site", TOOLS_A_REF, "Site", 0, "site_id", TOOLS_REF_SITE, .scope = "client"},              \
    {"assettype", TOOLS_A_REF, "Asset type", 0, "assettype_id", TOOLS_REF_ASSETTYPE},            \
    {"include_inactive", TOOLS_A_FLAG, "Also list inactive assets (default false)", 0,           \
     "includeinactive"}

static const struct tools_arg list_args[] = {
    ASSET_FILTERS,
    {"search", TOOLS_A_SEARCH, "Text to look for in the inventory number and key fields"},
    {NULL},
};

static const struct tools_arg search_args[] = {
    {"query", TOOLS_A_SEARCH, "Text to look for", TOOLS_REQUIRED | TOOLS_NONEMPTY, "search"},
    ASSET_FILTERS,
    {NULL},
};

static const struct tools_arg no_args[] = {{NULL}};

static const struct tools_arg asset_field_items[] = {
    {"id", TOOLS_A_INT, "The asset-type field's id (halopsa_assets_get with full:true shows "
     "them)", TOOLS_REQUIRED},
    {"value", TOOLS_A_ANY, "The value to set"},
    {NULL},
};

/* Writes go through the generic handlers (crud.c); an asset needs its
 * type (halopsa-api.md §4: PROV CreateAsset.json). */
static const struct tools_arg write_args[] = {
    {"assettype", TOOLS_A_REF, "Asset type:", TOOLS_NEEDED, "assettype_id", TOOLS_REF_ASSETTYPE},
    {"client", TOOLS_A_REF, "Client:", 0, "client_id", TOOLS_REF_CLIENT},
    {"site", TOOLS_A_REF, "Site:", 0, "site_id", TOOLS_REF_SITE, .scope = "client"},
    {"inventory_number", TOOLS_A_STRING, "Inventory number (asset tag)"},
    {"key_field", TOOLS_A_STRING, "First key field (which one, e.g. hostname, depends on the "
     "asset type)"},
    {"key_field2", TOOLS_A_STRING, "Second key field (e.g. serial number)"},
    {"key_field3", TOOLS_A_STRING, "Third key field"},
    {"notes", TOOLS_A_STRING, "Notes"},
    {"inactive", TOOLS_A_BOOL, "Inactive: retired"},
    {"fields", TOOLS_A_LIST, "Asset-type field values: [{id, value}]",
     .items = asset_field_items},
    {NULL},
};

const struct tools_tool tools__asset_tools[] = {
    {
        TOOLS_V_LIST, &asset,
        .description =
            "List HaloPSA assets (devices, configuration items) as compact rows: id, inventory "
            "number, key fields (hostname, serial), type, client, site, user. Filter by client, "
            "site and asset type (names or ids) and search text; active assets only unless "
            "include_inactive. Paging: page, page_size (max 100); max_rows walks pages.",
        .args = list_args,
    },
    {
        TOOLS_V_GET, &asset,
        .description =
            "One asset by id, compact, with its asset-type fields (make, model, serial, ...) as "
            "name/value pairs. fields lists extra fields in full; full:true returns the raw "
            "HaloPSA record.",
        .args = no_args,
        .run = run_get,
    },
    {TOOLS_V_CREATE, &asset, .args = write_args},
    {TOOLS_V_UPDATE, &asset, .args = write_args},
    {
        TOOLS_V_LIST, &asset,
        .name = "halopsa_assets_search",
        .title = "Search assets",
        .description =
            "Find assets by text (GET /api/Asset?search=...): matches inventory numbers and key "
            "fields such as hostname or serial number. Optional client, site and asset type "
            "filters. Compact rows.",
        .args = search_args,
    },
    {
        TOOLS_V_LIST, &asset_type,
        .name = "halopsa_assets_list_types",
        .description =
            "The asset types (Laptop, Server, Firewall, ...) with their asset groups, from GET "
            "/api/AssetType (HaloPSA returns the whole list; it is paged here).",
        .args = no_args,
    },
    {TOOLS_V_NONE},
};
