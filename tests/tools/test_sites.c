/* test_sites.c - the sites domain (a client's sites, one row of the domain
 * table) through the real binary against the simulator: the requests
 * HaloPSA received (the address as delivery_address, issitedetails on
 * every write), bad arguments, records that do not exist and HaloPSA's 400. */
#include "fw_test.h"

static void test_list_get(void)
{
    struct tt t;
    CHECK_INT(tt_start(&t, NULL, NULL), 0);
    tt_clear_requests(&t);
    json_t *r = fw_ok(&t, "halopsa_sites_list", "{\"client\":\"Oakfield\"}");
    json_t *rows = fw_rows(r, "sites");
    CHECK_INT(json_array_size(rows), 3);
    CHECK_STR(json_string_value(json_object_get(json_array_get(rows, 0), "client_name")),
              "Oakfield Primary Academy");
    json_decref(r);
    json_t *req = fw_last(&t, "GET", "/api/Site");
    CHECK_STR(fw_q(req, "client_id"), "4");
    CHECK_STR(fw_q(req, "pageinate"), "true");
    json_decref(req);
    r = fw_ok(&t, "halopsa_sites_list", "{\"search\":\"warehouse\",\"include_inactive\":true}");
    CHECK(json_array_size(fw_rows(r, "sites")) > 1);
    json_decref(r);
    req = fw_last(&t, "GET", "/api/Site");
    CHECK_STR(fw_q(req, "search"), "warehouse");
    CHECK_STR(fw_q(req, "includeinactive"), "true");
    json_decref(req);

    /* a get shows the address (an embedded object) and the client */
    r = fw_ok(&t, "halopsa_sites_get", "{\"id\":8}");
    CHECK_INT(json_integer_value(json_object_get(fw_sc(r), "id")), 8);
    CHECK(json_is_object(fw_rows(r, "delivery_address")));
    /* HaloPSA sends client_id as 4.0: shown as an integer */
    CHECK(json_is_integer(json_object_get(fw_sc(r), "client_id")));
    json_decref(r);
    fw_err(&t, "halopsa_sites_get", "{\"id\":987654}", "404");
    fw_err(&t, "halopsa_sites_list", "{\"client\":\"No Such Company Ltd\"}", "client");
    tt_inject(&t, 1, 400);
    fw_err(&t, "halopsa_sites_get", "{\"id\":8}", "400");
    CHECK_INT(tt_stop(&t), 0);
}

static void test_create_update(void)
{
    struct tt t;
    CHECK_INT(tt_start(&t, NULL, NULL), 0);
    tt_clear_requests(&t);
    json_t *r = fw_ok(&t, "halopsa_sites_create",
                      "{\"client\":\"oakfield\",\"name\":\"Ipswich Depot\","
                      "\"delivery_address\":{\"line1\":\"1 Dock Street\",\"line3\":\"Ipswich\","
                      "\"postcode\":\"IP1 1AA\"}}");
    json_int_t id = json_integer_value(json_object_get(fw_sc(r), "id"));
    CHECK(id > 0);
    json_decref(r);
    json_t *req = fw_last(&t, "POST", "/api/Site");
    json_t *rec = fw_body0(req);
    CHECK_INT(json_integer_value(json_object_get(rec, "client_id")), 4);
    CHECK(json_is_true(json_object_get(rec, "issitedetails")));
    CHECK_STR(json_string_value(json_object_get(json_object_get(rec, "delivery_address"),
                                                "postcode")),
              "IP1 1AA");
    json_decref(req);
    /* the address was kept */
    char args[160];
    snprintf(args, sizeof args, "{\"id\":%lld}", (long long)id);
    r = fw_ok(&t, "halopsa_sites_get", args);
    CHECK_STR(json_string_value(json_object_get(fw_rows(r, "delivery_address"),
                                                "line1")),
              "1 Dock Street");
    json_decref(r);

    /* an update also carries issitedetails, and only what was given */
    snprintf(args, sizeof args, "{\"id\":%lld,\"phonenumber\":\"01473 000000\"}", (long long)id);
    tt_clear_requests(&t);
    r = fw_ok(&t, "halopsa_sites_update", args);
    json_decref(r);
    req = fw_last(&t, "POST", "/api/Site");
    rec = fw_body0(req);
    CHECK_INT(json_object_size(rec), 3);
    CHECK(json_is_true(json_object_get(rec, "issitedetails")));
    CHECK_INT(json_integer_value(json_object_get(rec, "id")), id);
    json_decref(req);

    /* bad arguments, unknown records, HaloPSA's 400 */
    tt_clear_requests(&t);
    fw_err(&t, "halopsa_sites_create", "{\"name\":\"Nowhere\"}", "'client'");
    fw_err(&t, "halopsa_sites_create",
           "{\"client\":4,\"name\":\"x\",\"delivery_address\":{\"street\":\"x\"}}", "street");
    fw_err(&t, "halopsa_sites_update", "{\"id\":987654,\"name\":\"x\"}", "Not saved");
    fw_err(&t, "halopsa_sites_update", "{\"id\":8}", "nothing to update");
    CHECK_INT(fw_count(&t, "POST", "/api/Site"), 0);
    fw_err(&t, "halopsa_sites_create", "{\"client\":99999,\"name\":\"Ghost\"}",
           "Client 99999 does not exist");
    CHECK_INT(tt_stop(&t), 0);
}

static const struct test tests[] = {
    {"list_get", test_list_get},
    {"create_update", test_create_update},
    {NULL, NULL},
};

HARNESS_MAIN("sites", tests)
