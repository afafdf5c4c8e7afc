/* test_search.c - the search domain (HaloPSA's global search) through the
 * real binary against the simulator: one request, hits grouped by kind,
 * bad arguments and HaloPSA's errors. */
#include "fw_test.h"

static void test_search_all(void)
{
    struct tt t;
    CHECK_INT(tt_start(&t, NULL, NULL), 0);
    tt_clear_requests(&t);
    json_t *r = fw_ok(&t, "halopsa_search_all", "{\"query\":\"oakfield\",\"count_per_entity\":3}");
    json_t *results = fw_rows(r, "results");
    CHECK_STR(json_string_value(json_object_get(
                  json_array_get(json_object_get(results, "clients"), 0), "name")),
              "Oakfield Primary Academy");
    CHECK(json_array_size(json_object_get(results, "users")) <= 3);
    CHECK(json_array_size(json_object_get(results, "users")) > 0);
    /* kinds without hits are left out */
    CHECK(json_object_get(results, "suppliers") == NULL);
    CHECK(json_integer_value(json_object_get(fw_sc(r), "record_count")) > 1);
    json_decref(r);
    CHECK_INT(fw_count(&t, "GET", "/api/*"), 1);
    json_t *req = fw_last(&t, "GET", "/api/Search");
    CHECK_STR(fw_q(req, "search"), "oakfield");
    CHECK_STR(fw_q(req, "count_per_entity"), "3");
    json_decref(req);

    r = fw_ok(&t, "halopsa_search_all", "{\"query\":\"zzzz-nothing-like-it\"}");
    CHECK_INT(json_integer_value(json_object_get(fw_sc(r), "record_count")), 0);
    json_decref(r);

    tt_clear_requests(&t);
    fw_err(&t, "halopsa_search_all", "{}", "query");
    fw_err(&t, "halopsa_search_all", "{\"query\":\"\"}", "query");
    fw_err(&t, "halopsa_search_all", "{\"query\":\"x\",\"count_per_entity\":1000}",
           "count_per_entity");
    CHECK_INT(fw_count(&t, "GET", "/api/*"), 0);
    tt_inject(&t, 1, 400);
    fw_err(&t, "halopsa_search_all", "{\"query\":\"x\"}", "400");
    CHECK_INT(tt_stop(&t), 0);
}

static const struct test tests[] = {
    {"search_all", test_search_all},
    {NULL, NULL},
};

HARNESS_MAIN("search", tests)
