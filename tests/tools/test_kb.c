/* test_kb.c - the knowledge-base domain (rows of the domain table) through
 * the real binary against the simulator: search, get (text marked as
 * data), create with the title as HaloPSA's name, update; the requests
 * HaloPSA received, bad arguments, records that do not exist and
 * HaloPSA's errors. */
#include "fw_test.h"

static void test_search_get(void)
{
    struct tt t;
    CHECK_INT(tt_start(&t, NULL, NULL), 0);
    tt_clear_requests(&t);
    json_t *r = fw_ok(&t, "halopsa_kb_search", "{\"query\":\"vpn\"}");
    json_t *rows = fw_rows(r, "articles");
    CHECK_INT(json_array_size(rows), 1);
    CHECK_STR(json_string_value(json_object_get(json_array_get(rows, 0), "name")),
              "Connecting to the VPN from home");
    json_int_t id = json_integer_value(json_object_get(json_array_get(rows, 0), "id"));
    json_decref(r);
    json_t *req = fw_last(&t, "GET", "/api/KBArticle");
    CHECK_STR(fw_q(req, "search"), "vpn");
    json_decref(req);
    /* retired articles only on request */
    r = fw_ok(&t, "halopsa_kb_search", "{}");
    json_int_t active = json_integer_value(json_object_get(fw_sc(r), "record_count"));
    json_decref(r);
    r = fw_ok(&t, "halopsa_kb_search", "{\"include_inactive\":true}");
    CHECK_INT(json_integer_value(json_object_get(fw_sc(r), "record_count")), active + 1);
    json_decref(r);

    char args[64];
    snprintf(args, sizeof args, "{\"id\":%lld}", (long long)id);
    r = fw_ok(&t, "halopsa_kb_get", args);
    /* the article's text is data: one region, nothing of it outside */
    CHECK(json_string_length(json_object_get(fw_sc(r), "resolution")) > 0);
    CHECK_INT(tt_regions(tt_text(r)), 1);
    char *ours = tt_outside(tt_text(r));
    CHECK_NOT_CONTAINS(ours, "VPN");
    free(ours);
    CHECK(json_object_get(fw_sc(r), "resolution_html") == NULL);
    json_decref(r);
    fw_err(&t, "halopsa_kb_get", "{\"id\":987654}", "404");
    fw_err(&t, "halopsa_kb_search", "{\"title\":\"vpn\"}", "title");
    tt_inject(&t, 1, 400);
    fw_err(&t, "halopsa_kb_search", "{\"query\":\"vpn\"}", "400");
    CHECK_INT(tt_stop(&t), 0);
}

static void test_create_update(void)
{
    struct tt t;
    CHECK_INT(tt_start(&t, NULL, NULL), 0);
    tt_clear_requests(&t);
    json_t *r = fw_ok(&t, "halopsa_kb_create",
                      "{\"name\":\"Resetting a YubiKey PIN\",\"description\":\"The PIN is "
                      "locked\",\"resolution\":\"Reset it with ykman\",\"tags\":\"mfa,yubikey\"}");
    json_int_t id = json_integer_value(json_object_get(fw_sc(r), "id"));
    CHECK(id > 0);
    CHECK_CONTAINS(tt_text(r), "Resetting a YubiKey PIN");
    json_decref(r);
    json_t *req = fw_last(&t, "POST", "/api/KBArticle");
    json_t *rec = fw_body0(req);
    CHECK_STR(json_string_value(json_object_get(rec, "name")), "Resetting a YubiKey PIN");
    CHECK_STR(json_string_value(json_object_get(rec, "tag_string")), "mfa,yubikey");
    CHECK(json_object_get(rec, "title") == NULL);
    json_decref(req);
    r = fw_ok(&t, "halopsa_kb_search", "{\"query\":\"yubikey\"}");
    CHECK_INT(json_array_size(fw_rows(r, "articles")), 1);
    json_decref(r);

    char args[128];
    snprintf(args, sizeof args, "{\"id\":%lld,\"inactive\":true}", (long long)id);
    tt_clear_requests(&t);
    r = fw_ok(&t, "halopsa_kb_update", args);
    json_decref(r);
    req = fw_last(&t, "POST", "/api/KBArticle");
    rec = fw_body0(req);
    CHECK_INT(json_object_size(rec), 2);
    CHECK(json_is_true(json_object_get(rec, "inactive")));
    json_decref(req);
    r = fw_ok(&t, "halopsa_kb_search", "{\"query\":\"yubikey\"}");
    CHECK_INT(json_array_size(fw_rows(r, "articles")), 0);
    json_decref(r);

    tt_clear_requests(&t);
    fw_err(&t, "halopsa_kb_create", "{\"description\":\"no title\"}", "'name'");
    fw_err(&t, "halopsa_kb_create", "{\"name\":\"\"}", "name");
    fw_err(&t, "halopsa_kb_update", "{\"id\":987654,\"name\":\"x\"}", "Not saved");
    CHECK_INT(fw_count(&t, "POST", "/api/KBArticle"), 0);
    tt_inject(&t, 1, 400);
    fw_err(&t, "halopsa_kb_create", "{\"name\":\"Refused\"}", "400");
    CHECK_INT(tt_stop(&t), 0);
}

static const struct test tests[] = {
    {"search_get", test_search_get},
    {"create_update", test_create_update},
    {NULL, NULL},
};

HARNESS_MAIN("kb", tests)
