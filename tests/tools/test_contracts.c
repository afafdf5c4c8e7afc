/* test_contracts.c - the contracts domain (client contracts with their
 * billing periods, one row of the domain table) through the real binary
 * against the simulator: the requests HaloPSA received, bad arguments,
 * records that do not exist and HaloPSA's errors. */
#include "fw_test.h"

static void test_list_get(void)
{
    struct tt t;
    CHECK_INT(tt_start(&t, NULL, NULL), 0);
    tt_clear_requests(&t);
    json_t *r = fw_ok(&t, "halopsa_contracts_list", "{\"client\":\"Harbourline\"}");
    json_t *rows = fw_rows(r, "contracts");
    CHECK(json_array_size(rows) >= 1);
    CHECK_STR(json_string_value(json_object_get(json_array_get(rows, 0), "client_name")),
              "Harbourline Logistics");
    json_decref(r);
    json_t *req = fw_last(&t, "GET", "/api/ClientContract");
    CHECK_STR(fw_q(req, "client_id"), "1");
    CHECK_STR(fw_q(req, "pageinate"), "true");
    json_decref(req);
    /* ended contracts only on request */
    r = fw_ok(&t, "halopsa_contracts_list", "{}");
    json_int_t active = json_integer_value(json_object_get(fw_sc(r), "record_count"));
    json_decref(r);
    r = fw_ok(&t, "halopsa_contracts_list", "{\"include_inactive\":true}");
    CHECK(json_integer_value(json_object_get(fw_sc(r), "record_count")) > active);
    json_decref(r);

    /* a get carries its periods: hours in, used, remaining */
    tt_clear_requests(&t);
    r = fw_ok(&t, "halopsa_contracts_get", "{\"id\":1}");
    json_t *periods = fw_rows(r, "periods");
    CHECK(json_array_size(periods) > 0);
    CHECK(json_object_get(json_array_get(periods, 0), "hours_remaining") != NULL);
    json_decref(r);
    req = fw_last(&t, "GET", "/api/ClientContract/1");
    CHECK_STR(fw_q(req, "includeperiods"), "true");
    CHECK_STR(fw_q(req, "includedetails"), "true");
    json_decref(req);

    fw_err(&t, "halopsa_contracts_get", "{\"id\":987654}", "404");
    fw_err(&t, "halopsa_contracts_list", "{\"client\":\"No Such Company Ltd\"}", "client");
    fw_err(&t, "halopsa_contracts_list", "{\"page_size\":0}", "page_size");
    tt_inject(&t, 1, 400);
    fw_err(&t, "halopsa_contracts_list", NULL, "400");
    CHECK_INT(tt_stop(&t), 0);
}

static const struct test tests[] = {
    {"list_get", test_list_get},
    {NULL, NULL},
};

HARNESS_MAIN("contracts", tests)
