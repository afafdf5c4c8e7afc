/* test_lists.c - what a list says about itself, end to end (the real
 * halopsa-mcp over stdio against the simulator): the total of a page past
 * the end, whichever way HaloPSA counts it (issue 11 item 7); an id filter
 * naming no record, an order HaloPSA cannot sort by (issue 11, low). */
#include "harness.h"
#include "toolstest.h"

#include "base/base.h"
#include "sim.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The open tickets' total from page 1. */
static json_int_t open_total(struct tt *t)
{
    json_t *res = tt_call_ok(t, "halopsa_tickets_list", json_pack("{s:i}", "page_size", 5));
    json_int_t n = json_integer_value(json_object_get(tt_sc(res), "record_count"));
    json_decref(res);
    return n;
}

/* A page past the end: no rows, the true total, "past the end" in words,
 * never the rows the page number skipped. */
static void check_past_end(struct tt *t, int page, json_int_t total)
{
    json_t *res = tt_call_ok(t, "halopsa_tickets_list", json_pack("{s:i}", "page", page));
    json_t *sc = tt_sc(res);
    char want[128];
    CHECK_INT(json_array_size(json_object_get(sc, "tickets")), 0);
    CHECK_INT(json_integer_value(json_object_get(sc, "record_count")), total);
    CHECK(json_is_true(json_object_get(sc, "past_end")));
    CHECK(json_is_false(json_object_get(sc, "has_more")));
    snprintf(want, sizeof want, "page %d is past the end: %lld tickets in all", page,
             (long long)total);
    CHECK_CONTAINS(tt_text(res), want);
    json_decref(res);
}

static void test_past_end_total(void)
{
    struct tt t;
    TT_START(&t, NULL);
    json_int_t total = open_total(&t);
    CHECK(total > 25 && total < 125);
    check_past_end(&t, 5, total);
    check_past_end(&t, 99999, total);
    /* The last page is not past the end. */
    int last = (int)((total + 24) / 25);
    json_t *res = tt_call_ok(&t, "halopsa_tickets_list", json_pack("{s:i}", "page", last));
    CHECK(json_object_get(tt_sc(res), "past_end") == NULL);
    CHECK_INT(json_integer_value(json_object_get(tt_sc(res), "record_count")), total);
    json_decref(res);
    /* A whole list paged here says the same. */
    res = tt_call_ok(&t, "halopsa_statuses_list", json_pack("{s:i}", "page", 50));
    CHECK(json_is_true(json_object_get(tt_sc(res), "past_end")));
    CHECK_CONTAINS(tt_text(res), "page 50 is past the end:");
    json_decref(res);
    CHECK_INT(tt_stop(&t), 0);
}

/* HaloPSA versions that answer a page past the end with record_count 0:
 * the total comes from one more request (a one-row first page). */
static void test_past_end_zero_count(void)
{
    struct tt t;
    char err[256];
    TT_START(&t, NULL);
    json_int_t total = open_total(&t);
    CHECK_INT(sim_faults(t.sim, "{\"zero_count_past_end\": true}", err, sizeof err), 0);
    tt_clear_requests(&t);
    check_past_end(&t, 99999, total);
    json_t *log = tt_requests(&t);
    json_t *count = tt_last_request(log, "GET", "/api/Tickets");
    CHECK(count != NULL);
    CHECK_STR(tt_qget(count, "page_no"), "1");
    CHECK_STR(tt_qget(count, "page_size"), "1");
    CHECK_STR(tt_qget(count, "open_only"), "true");
    json_decref(log);
    /* Nothing matches at all: said so, not a total. */
    json_t *res = tt_call_ok(&t, "halopsa_tickets_list",
                             json_pack("{s:i, s:s}", "page", 3, "search", "no-such-words-zq"));
    CHECK_INT(json_integer_value(json_object_get(tt_sc(res), "record_count")), 0);
    CHECK_CONTAINS(tt_text(res), "page 3 is past the end: no tickets match");
    json_decref(res);
    CHECK_INT(tt_stop(&t), 0);
}

/* An id that names no record is said to, not listed as "0 of 0"; a
 * negative id is refused before anything is sent. */
static void test_filter_id_names_nothing(void)
{
    struct tt t;
    TT_START(&t, NULL);
    char *msg = tt_refusal(&t, "halopsa_tickets_list", json_pack("{s:i}", "client", 99999));
    CHECK_CONTAINS(msg, "argument 'client': there is no client 99999");
    free(msg);
    msg = tt_refusal(&t, "halopsa_tickets_list", json_pack("{s:s}", "client", "99999"));
    CHECK_CONTAINS(msg, "there is no client 99999");
    free(msg);
    msg = tt_refusal(&t, "halopsa_tickets_list", json_pack("{s:i}", "agent", 4242));
    CHECK_CONTAINS(msg, "argument 'agent': there is no agent 4242");
    free(msg);
    msg = tt_refusal(&t, "halopsa_assets_list", json_pack("{s:i}", "client", 99999));
    CHECK_CONTAINS(msg, "there is no client 99999");
    free(msg);

    tt_clear_requests(&t);
    msg = tt_refusal(&t, "halopsa_tickets_list", json_pack("{s:i}", "client", -1));
    CHECK_CONTAINS(msg, "argument 'client': -1 is not a valid client id");
    free(msg);
    json_t *log = tt_requests(&t);
    CHECK(tt_last_request(log, "GET", "/api/Tickets") == NULL);
    json_decref(log);

    /* A client that exists with nothing matching: an empty list. */
    json_t *res = tt_call_ok(&t, "halopsa_tickets_list",
                             json_pack("{s:i, s:s}", "client", 3, "search", "no-such-words-zq"));
    CHECK_INT(json_integer_value(json_object_get(tt_sc(res), "record_count")), 0);
    CHECK_CONTAINS(tt_text(res), "0 of 0 tickets");
    json_decref(res);
    CHECK_INT(tt_stop(&t), 0);
}

/* order names a field HaloPSA can sort tickets by, or is refused with the
 * fields it can (HaloPSA would answer in its default order without a
 * word). */
static void test_order_is_validated(void)
{
    struct tt t;
    TT_START(&t, NULL);
    tt_clear_requests(&t);
    char *msg = tt_refusal(&t, "halopsa_tickets_list", json_pack("{s:s}", "order", "nosuchfield"));
    CHECK_CONTAINS(msg, "argument 'order': must be one of [");
    CHECK_CONTAINS(msg, "\"lastactiondate\"");
    CHECK_CONTAINS(msg, "\"summary\"]");
    free(msg);
    json_t *log = tt_requests(&t);
    CHECK(tt_last_request(log, "GET", "/api/Tickets") == NULL);
    json_decref(log);
    json_t *res = tt_call_ok(&t, "halopsa_tickets_list",
                             json_pack("{s:s, s:b, s:i}", "order", "priority_id", "descending", 1,
                                       "page_size", 3));
    json_t *rows = json_object_get(tt_sc(res), "tickets");
    CHECK_INT(json_array_size(rows), 3);
    CHECK(json_integer_value(json_object_get(json_array_get(rows, 0), "priority_id")) >=
          json_integer_value(json_object_get(json_array_get(rows, 2), "priority_id")));
    json_decref(res);
    log = tt_requests(&t);
    CHECK_STR(tt_qget(tt_last_request(log, "GET", "/api/Tickets"), "order"), "priority_id");
    json_decref(log);
    CHECK_INT(tt_stop(&t), 0);
}

static const struct test tests[] = {
    {"past_end_total", test_past_end_total},
    {"past_end_zero_count", test_past_end_zero_count},
    {"filter_id_names_nothing", test_filter_id_names_nothing},
    {"order_is_validated", test_order_is_validated},
    {NULL, NULL},
};

HARNESS_MAIN("lists", tests)
