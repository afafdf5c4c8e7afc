/* test_lookups.c - the lookups domain (priorities per SLA, SLAs, categories
 * per type: rows of the domain table) through the real binary against the
 * simulator: the requests HaloPSA received, names for ids, bad arguments
 * and HaloPSA's errors. */
#include "fw_test.h"

static void test_priorities_slas(void)
{
    struct tt t;
    CHECK_INT(tt_start(&t, NULL, NULL), 0);
    tt_clear_requests(&t);
    json_t *r = fw_ok(&t, "halopsa_lookups_priorities", "{\"sla\":\"standard\"}");
    json_t *rows = fw_rows(r, "priorities");
    CHECK_INT(json_array_size(rows), 5);
    /* the number a ticket takes, never the GUID */
    CHECK_INT(json_integer_value(json_object_get(json_array_get(rows, 0), "priorityid")), 1);
    CHECK(json_object_get(json_array_get(rows, 0), "id") == NULL);
    json_decref(r);
    json_t *req = fw_last(&t, "GET", "/api/Priority");
    CHECK_STR(fw_q(req, "slaid"), "1");
    json_decref(req);
    CHECK_INT(fw_count(&t, "GET", "/api/SLA"), 1); /* the name was looked up */
    r = fw_ok(&t, "halopsa_lookups_priorities", "{\"sla\":\"premium\"}");
    CHECK_INT(json_array_size(fw_rows(r, "priorities")), 0);
    json_decref(r);
    r = fw_ok(&t, "halopsa_lookups_priorities", "{\"search\":\"high\"}");
    CHECK_INT(json_array_size(fw_rows(r, "priorities")), 1);
    json_decref(r);

    r = fw_ok(&t, "halopsa_lookups_slas", NULL);
    rows = fw_rows(r, "slas");
    CHECK_INT(json_array_size(rows), 2);
    CHECK_CONTAINS(tt_text(r), "Premium 24x7");
    json_decref(r);

    tt_clear_requests(&t);
    fw_err(&t, "halopsa_lookups_priorities", "{\"sla\":\"Gold\"}", "no SLA named 'Gold'");
    CHECK_INT(fw_count(&t, "GET", "/api/Priority"), 0);
    tt_inject(&t, 1, 400);
    fw_err(&t, "halopsa_lookups_slas", NULL, "400");
    CHECK_INT(tt_stop(&t), 0);
}

static void test_categories(void)
{
    struct tt t;
    CHECK_INT(tt_start(&t, NULL, NULL), 0);
    tt_clear_requests(&t);
    json_t *r = fw_ok(&t, "halopsa_lookups_categories",
                      "{\"type\":1,\"tickettype\":\"service request\"}");
    json_t *rows = fw_rows(r, "categories");
    CHECK(json_array_size(rows) > 3);
    CHECK_NOT_CONTAINS(tt_text(r), "Server>Storage"); /* incidents, problems, alerts only */
    json_decref(r);
    json_t *req = fw_last(&t, "GET", "/api/Category");
    CHECK_STR(fw_q(req, "type_id"), "1");
    CHECK_STR(fw_q(req, "tickettype_id"), "3");
    json_decref(req);
    r = fw_ok(&t, "halopsa_lookups_categories", "{\"search\":\"laptop\"}");
    rows = fw_rows(r, "categories");
    CHECK_INT(json_array_size(rows), 1);
    CHECK_STR(json_string_value(json_object_get(json_array_get(rows, 0), "value")),
              "Hardware>Laptop");
    json_decref(r);
    fw_err(&t, "halopsa_lookups_categories", "{\"type\":5}", "type");
    fw_err(&t, "halopsa_lookups_categories", "{\"tickettype\":\"Nonsense\"}", "tickettype");
    tt_inject(&t, 1, 403);
    fw_err(&t, "halopsa_lookups_categories", NULL, "403");
    CHECK_INT(tt_stop(&t), 0);
}

static const struct test tests[] = {
    {"priorities_slas", test_priorities_slas},
    {"categories", test_categories},
    {NULL, NULL},
};

HARNESS_MAIN("lookups", tests)
