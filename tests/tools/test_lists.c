/* test_lists.c - what a list says about itself, end to end (the real
 * halopsa-mcp over stdio against the simulator): the total of a page past
 * the end, whichever way HaloPSA counts it (issue 11 item 7). */
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

static const struct test tests[] = {
    {"past_end_total", test_past_end_total},
    {"past_end_zero_count", test_past_end_zero_count},
    {NULL, NULL},
};

HARNESS_MAIN("lists", tests)
