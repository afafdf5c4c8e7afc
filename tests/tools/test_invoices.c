/* test_invoices.c - the invoices domain end to end: the real halopsa-mcp over stdio against the simulator. */
#include "harness.h"
#include "toolstest.h"

#include "base/base.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void test_list(void)
{
    struct tt t;
    TT_START(&t, NULL);
    json_t *res = tt_call_ok(&t, "halopsa_invoices_list",
                          json_pack("{s:s, s:s, s:s, s:s, s:i, s:i}", "client", "Harbourline", "posted",
                                    "posted", "from", "2000-01-01", "to", "2099-12-31", "page", 1,
                                    "page_size", 4));
    json_t *rows = tt_rows(res);
    CHECK(json_array_size(rows) > 0);
    CHECK(json_array_size(rows) <= 4);
    size_t i;
    json_t *row;
    json_array_foreach(rows, i, row) {
        CHECK_STR(json_string_value(json_object_get(row, "client_name")), "Harbourline Logistics");
        CHECK(json_is_true(json_object_get(row, "posted")));
        CHECK(json_object_get(row, "lines") == NULL);
    }
    json_t *log = tt_requests(&t);
    json_t *req = tt_last_request(log, "GET", "/api/Invoice");
    CHECK_STR(tt_qget(req, "client_id"), "1");
    CHECK_STR(tt_qget(req, "postedonly"), "true");
    CHECK(tt_qget(req, "notpostedonly") == NULL);
    CHECK_STR(tt_qget(req, "datesearch"), "invoice_date");
    CHECK_STR(tt_qget(req, "start_date"), "2000-01-01T00:00:00");
    CHECK_STR(tt_qget(req, "end_date"), "2099-12-31T23:59:59");
    CHECK_STR(tt_qget(req, "pageinate"), "true");
    CHECK_STR(tt_qget(req, "page_size"), "4");
    CHECK_STR(tt_qget(req, "page_no"), "1");
    json_decref(log);
    json_decref(res);

    res = tt_call_ok(&t, "halopsa_invoices_list", json_pack("{s:s, s:i}", "posted", "not_posted", "ticket_id", 12));
    log = tt_requests(&t);
    req = tt_last_request(log, "GET", "/api/Invoice");
    CHECK_STR(tt_qget(req, "notpostedonly"), "true");
    CHECK_STR(tt_qget(req, "ticket_id"), "12");
    json_decref(log);
    json_decref(res);

    char *m = tt_refusal(&t, "halopsa_invoices_list", json_pack("{s:s}", "posted", "maybe"));
    CHECK_CONTAINS(m, "posted");
    free(m);
    m = tt_refusal(&t, "halopsa_invoices_list", json_pack("{s:s}", "to", "2026-13-45"));
    CHECK_CONTAINS(m, "'to'");
    free(m);
    CHECK_INT(tt_stop(&t), 0);
}

static void test_get(void)
{
    struct tt t;
    TT_START(&t, NULL);
    json_t *res = tt_call_ok(&t, "halopsa_invoices_get", json_pack("{s:i}", "id", 1));
    json_t *inv = json_object_get(tt_sc(res), "invoice");
    CHECK_STR(json_string_value(json_object_get(inv, "invoicenumber")), "INV-24001");
    json_t *lines = json_object_get(inv, "lines");
    CHECK(json_array_size(lines) > 0);
    json_t *line = json_array_get(lines, 0);
    CHECK(json_is_string(json_object_get(line, "item_code")));
    CHECK(json_object_get(line, "net_amount") != NULL);
    /* Compact lines: the header id repeated on each line is gone. */
    CHECK(json_object_get(line, "ihid") == NULL);
    json_t *log = tt_requests(&t);
    CHECK(tt_last_request(log, "GET", "/api/Invoice/1") != NULL);
    json_decref(log);
    json_decref(res);
    res = tt_call(&t, "halopsa_invoices_get", json_pack("{s:i}", "id", 31337), NULL);
    CHECK(res && tt_is_error(res));
    CHECK_CONTAINS(tt_text(res), "404");
    json_decref(res);
    tt_inject(&t, 1, 400);
    res = tt_call(&t, "halopsa_invoices_get", json_pack("{s:i}", "id", 1), NULL);
    CHECK(res && tt_is_error(res));
    CHECK_CONTAINS(tt_text(res), "400");
    CHECK_CONTAINS(tt_text(res), "/api/Invoice/1");
    json_decref(res);
    char *m = tt_refusal(&t, "halopsa_invoices_get", json_pack("{s:b}", "id", 1));
    CHECK_CONTAINS(m, "id");
    free(m);
    CHECK_INT(tt_stop(&t), 0);
}

static void test_dispatch_mode(void)
{
    /* The same tool through halopsa_call, in dispatch mode. */
    struct tt t;
    char *env[] = {"HALOPSA_TOOL_MODE=dispatch", NULL};
    TT_START(&t, env);
    json_t *names = tt_list_names(&t);
    CHECK(!tt_has(names, "halopsa_invoices_get"));
    CHECK(tt_has(names, "halopsa_call"));
    json_decref(names);
    json_t *res = tt_call_ok(&t, "halopsa_call",
                          json_pack("{s:s, s:{s:i}}", "tool", "halopsa_invoices_get", "arguments", "id", 2));
    CHECK_CONTAINS(tt_text(res), "INV-");
    json_decref(res);
    CHECK_INT(tt_stop(&t), 0);
}

static const struct test tests[] = {
    {"list", test_list},
    {"get", test_get},
    {"dispatch_mode", test_dispatch_mode},
    {NULL, NULL},
};

HARNESS_MAIN("invoices", tests)
