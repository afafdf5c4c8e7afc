/* test_assets.c - the assets domain end to end: the real halopsa-mcp over stdio against the simulator. */
#include "fw_test.h"

#include "base/base.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void test_list_filters(void)
{
    struct tt t;
    TT_START(&t, NULL);
    json_t *res = tt_call_ok(&t, "halopsa_assets_list",
                          json_pack("{s:s, s:s, s:i}", "client", "Harbourline", "assettype", "lap", "page_size", 3));
    json_t *rows = tt_rows(res);
    CHECK(json_array_size(rows) > 0);
    CHECK(json_array_size(rows) <= 3);
    size_t i;
    json_t *row;
    json_array_foreach(rows, i, row) {
        CHECK_STR(json_string_value(json_object_get(row, "assettype_name")), "Laptop");
        CHECK_STR(json_string_value(json_object_get(row, "client_name")), "Harbourline Logistics");
    }
    json_t *log = tt_requests(&t);
    json_t *req = tt_last_request(log, "GET", "/api/Asset");
    CHECK_STR(tt_qget(req, "client_id"), "1");
    CHECK_STR(tt_qget(req, "assettype_id"), "1");
    CHECK_STR(tt_qget(req, "pageinate"), "true");
    CHECK_STR(tt_qget(req, "page_size"), "3");
    CHECK_STR(tt_qget(req, "page_no"), "1");
    CHECK(tt_qget(req, "includeinactive") == NULL);
    json_decref(log);
    json_decref(res);

    res = tt_call_ok(&t, "halopsa_assets_list", json_pack("{s:b, s:i, s:s}", "include_inactive", 1, "assettype", 4, "site", "1"));
    log = tt_requests(&t);
    req = tt_last_request(log, "GET", "/api/Asset");
    CHECK_STR(tt_qget(req, "includeinactive"), "true");
    CHECK_STR(tt_qget(req, "assettype_id"), "4");
    CHECK_STR(tt_qget(req, "site_id"), "1");
    json_decref(log);
    json_decref(res);

    char *m = tt_refusal(&t, "halopsa_assets_list", json_pack("{s:s}", "assettype", "Hovercraft"));
    CHECK_CONTAINS(m, "assettype");
    free(m);
    /* "S" starts both Server and Switch: the candidates are named. */
    m = tt_refusal(&t, "halopsa_assets_list", json_pack("{s:s}", "assettype", "s"));
    CHECK_CONTAINS(m, "Server");
    CHECK_CONTAINS(m, "Switch");
    free(m);
    m = tt_refusal(&t, "halopsa_assets_list", json_pack("{s:b, s:i}", "include_inactive", 1, "page_size", 0));
    CHECK_CONTAINS(m, "page_size");
    free(m);
    CHECK_INT(tt_stop(&t), 0);
}

static void test_search(void)
{
    struct tt t;
    TT_START(&t, NULL);
    json_t *res = tt_call_ok(&t, "halopsa_assets_search", json_pack("{s:s}", "query", "HAR-FW01"));
    json_t *rows = tt_rows(res);
    CHECK(json_array_size(rows) >= 1);
    size_t i;
    json_t *row;
    int hits = 0;
    json_array_foreach(rows, i, row) {
        const char *k = json_string_value(json_object_get(row, "key_field"));
        hits += k && strcmp(k, "HAR-FW01") == 0;
    }
    CHECK(hits >= 1);
    json_t *log = tt_requests(&t);
    CHECK_STR(tt_qget(tt_last_request(log, "GET", "/api/Asset"), "search"), "HAR-FW01");
    json_decref(log);
    json_decref(res);
    char *m = tt_refusal(&t, "halopsa_assets_search", json_object());
    CHECK_CONTAINS(m, "query");
    free(m);
    CHECK_INT(tt_stop(&t), 0);
}

static void test_get(void)
{
    struct tt t;
    TT_START(&t, NULL);
    json_t *res = tt_call_ok(&t, "halopsa_assets_get", json_pack("{s:i}", "id", 1));
    json_t *asset = json_object_get(tt_sc(res), "asset");
    CHECK_STR(json_string_value(json_object_get(asset, "inventory_number")), "FW10001");
    /* Asset-type fields as name/value pairs. */
    json_t *fields = json_object_get(asset, "fields");
    CHECK(json_is_object(fields));
    CHECK_STR(json_string_value(json_object_get(fields, "Make")), "Fortinet");
    json_t *log = tt_requests(&t);
    CHECK(tt_last_request(log, "GET", "/api/Asset/1") != NULL);
    json_decref(log);
    json_decref(res);

    res = tt_call_ok(&t, "halopsa_assets_get", json_pack("{s:i, s:b}", "id", 1, "full", 1));
    CHECK(json_is_array(json_object_get(json_object_get(tt_sc(res), "asset"), "fields")));
    json_decref(res);

    res = tt_call(&t, "halopsa_assets_get", json_pack("{s:i}", "id", 99999), NULL);
    CHECK(res && tt_is_error(res));
    CHECK_CONTAINS(tt_text(res), "404");
    json_decref(res);
    char *m = tt_refusal(&t, "halopsa_assets_get", json_pack("{s:i}", "id", -3));
    CHECK_CONTAINS(m, "id");
    free(m);
    CHECK_INT(tt_stop(&t), 0);
}

static void test_list_types(void)
{
    struct tt t;
    TT_START(&t, NULL);
    json_t *res = tt_call_ok(&t, "halopsa_assets_list_types", json_pack("{s:i}", "page_size", 2));
    json_t *rows = tt_rows(res);
    CHECK_INT(json_array_size(rows), 2);
    CHECK_STR(json_string_value(json_object_get(json_array_get(rows, 0), "name")), "Laptop");
    CHECK(json_integer_value(json_object_get(tt_sc(res), "record_count")) >= 6);
    CHECK(json_is_true(json_object_get(tt_sc(res), "has_more")));
    json_t *log = tt_requests(&t);
    json_t *req = tt_last_request(log, "GET", "/api/AssetType");
    CHECK(req != NULL);
    /* A whole-list endpoint: no paging parameters are sent. */
    CHECK(tt_qget(req, "pageinate") == NULL);
    json_decref(log);
    json_decref(res);
    tt_inject(&t, 1, 400);
    res = tt_call(&t, "halopsa_assets_list_types", NULL, NULL);
    CHECK(res && tt_is_error(res));
    CHECK_CONTAINS(tt_text(res), "AssetType");
    json_decref(res);
    CHECK_INT(tt_stop(&t), 0);
}

static void test_read_only_lists_all(void)
{
    struct tt t;
    char *env[] = {"HALOPSA_READ_ONLY=1", "HALOPSA_TOOL_MODE=flat", NULL};
    TT_START(&t, env);
    json_t *names = tt_list_names(&t);
    CHECK(tt_has(names, "halopsa_assets_list"));
    CHECK(tt_has(names, "halopsa_assets_get"));
    CHECK(tt_has(names, "halopsa_assets_search"));
    CHECK(tt_has(names, "halopsa_assets_list_types"));
    json_decref(names);
    json_t *res = tt_call_ok(&t, "halopsa_assets_get", json_pack("{s:i}", "id", 2));
    json_decref(res);
    CHECK_INT(tt_stop(&t), 0);
}

/* Create and update (issue 12): names for the type, client and site,
 * the request HaloPSA received, HaloPSA's 400. */
static void test_create_update(void)
{
    struct tt t;
    char args[160];
    CHECK_INT(tt_start(&t, NULL, NULL), 0);
    tt_clear_requests(&t);
    json_t *r = fw_ok(&t, "halopsa_assets_create",
                      "{\"assettype\":\"laptop\",\"client\":\"oakfield\",\"site\":\"head office\","
                      "\"inventory_number\":\"LT-9001\","
                      "\"key_field\":\"OAK-LT99\","
                      "\"fields\":[{\"id\":1,\"value\":\"Dell\"}]}");
    json_int_t id = json_integer_value(json_object_get(fw_sc(r), "id"));
    CHECK(id > 0);
    json_decref(r);
    json_t *req = fw_last(&t, "POST", "/api/Asset");
    json_t *rec = fw_body0(req);
    CHECK(json_integer_value(json_object_get(rec, "assettype_id")) > 0);
    CHECK_INT(json_integer_value(json_object_get(rec, "client_id")), 4);
    CHECK_INT(json_integer_value(json_object_get(rec, "site_id")), 8);
    CHECK_STR(json_string_value(json_object_get(rec, "key_field")), "OAK-LT99");
    CHECK(json_is_array(json_object_get(rec, "fields")));
    json_decref(req);
    snprintf(args, sizeof args, "{\"id\":%lld}", (long long)id);
    r = fw_ok(&t, "halopsa_assets_get", args);
    json_t *asset = json_object_get(fw_sc(r), "asset");
    CHECK_STR(json_string_value(json_object_get(asset, "site_name")), "Head Office");
    CHECK_STR(json_string_value(json_object_get(asset, "inventory_number")), "LT-9001");
    json_decref(r);

    snprintf(args, sizeof args, "{\"id\":%lld,\"key_field2\":\"SN-123\"}", (long long)id);
    tt_clear_requests(&t);
    json_decref(fw_ok(&t, "halopsa_assets_update", args));
    req = fw_last(&t, "POST", "/api/Asset");
    rec = fw_body0(req);
    CHECK_INT(json_object_size(rec), 2);
    CHECK_STR(json_string_value(json_object_get(rec, "key_field2")), "SN-123");
    json_decref(req);

    tt_clear_requests(&t);
    fw_err(&t, "halopsa_assets_create", "{\"client\":4,\"key_field\":\"x\"}", "'assettype'");
    fw_err(&t, "halopsa_assets_create", "{\"assettype\":\"Toaster\"}", "assettype");
    fw_err(&t, "halopsa_assets_update", "{\"id\":987654,\"notes\":\"x\"}", "Not saved");
    CHECK_INT(fw_count(&t, "POST", "/api/Asset"), 0);
    fw_err(&t, "halopsa_assets_create", "{\"assettype\":99999,\"client\":4}",
           "Asset Type 99999 does not exist");
    CHECK_INT(tt_stop(&t), 0);
}

static const struct test tests[] = {
    {"list_filters", test_list_filters},
    {"search", test_search},
    {"get", test_get},
    {"list_types", test_list_types},
    {"read_only_lists_all", test_read_only_lists_all},
    {"create_update", test_create_update},
    {NULL, NULL},
};

HARNESS_MAIN("assets", tests)
