/* test_tickets.c - the tickets domain end to end: the real halopsa-mcp over stdio against the simulator. */
#include "harness.h"
#include "toolstest.h"

#include "base/base.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void test_list_paging_and_default_open(void)
{
    struct tt t;
    TT_START(&t, NULL);
    json_t *res = tt_call_ok(&t, "halopsa_tickets_list", json_pack("{s:i, s:i}", "page", 2, "page_size", 5));
    json_t *rows = tt_rows(res);
    CHECK(json_is_array(rows));
    CHECK(json_array_size(rows) <= 5);
    CHECK(json_array_size(rows) > 0);
    CHECK_INT(json_integer_value(json_object_get(tt_sc(res), "page")), 2);
    CHECK(json_integer_value(json_object_get(tt_sc(res), "record_count")) > 5);
    json_t *row = json_array_get(rows, 0);
    CHECK(json_is_integer(json_object_get(row, "id")));
    CHECK(json_is_string(json_object_get(row, "summary")));
    /* Compact rows: no ticket text, no custom field arrays. */
    CHECK(json_object_get(row, "details") == NULL);
    CHECK(json_object_get(row, "customfields") == NULL);
    json_t *log = tt_requests(&t);
    json_t *req = tt_last_request(log, "GET", "/api/Tickets");
    CHECK(req != NULL);
    CHECK_STR(tt_qget(req, "pageinate"), "true");
    CHECK_STR(tt_qget(req, "page_size"), "5");
    CHECK_STR(tt_qget(req, "page_no"), "2");
    CHECK_STR(tt_qget(req, "open_only"), "true");
    json_decref(log);
    json_decref(res);
    CHECK_INT(tt_stop(&t), 0);
}

static void test_list_filters_by_name(void)
{
    struct tt t;
    TT_START(&t, NULL);
    json_t *args = json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:b}",
                             "client", "harbourline", "agent", "Sofia", "team", "2nd",
                             "status", "In Progress", "tickettype", "Incident", "priority", "P2",
                             "search", "printer", "from", "2026-09-01", "to", "2026-09-30",
                             "order", "dateoccurred", "descending", 1);
    json_t *res = tt_call_ok(&t, "halopsa_tickets_list", args);
    json_t *log = tt_requests(&t);
    json_t *req = tt_last_request(log, "GET", "/api/Tickets");
    CHECK(req != NULL);
    CHECK_STR(tt_qget(req, "client_id"), "1");
    CHECK_STR(tt_qget(req, "agent_id"), "7");
    CHECK_STR(tt_qget(req, "team"), "2");
    CHECK_STR(tt_qget(req, "status_id"), "2");
    CHECK_STR(tt_qget(req, "requesttype_id"), "1");
    CHECK_STR(tt_qget(req, "priority"), "2");
    CHECK_STR(tt_qget(req, "search"), "printer");
    CHECK_STR(tt_qget(req, "datesearch"), "dateoccured");
    CHECK_STR(tt_qget(req, "startdate"), "2026-09-01T00:00:00");
    CHECK_STR(tt_qget(req, "enddate"), "2026-09-30T23:59:59");
    CHECK_STR(tt_qget(req, "order"), "dateoccurred");
    CHECK_STR(tt_qget(req, "orderdesc"), "true");
    /* A status was given, so the open-only default is lifted. */
    CHECK(tt_qget(req, "open_only") == NULL);
    json_decref(log);
    json_decref(res);
    CHECK_INT(tt_stop(&t), 0);
}

static void test_list_closed_window(void)
{
    struct tt t;
    TT_START(&t, NULL);
    json_t *res = tt_call_ok(&t, "halopsa_tickets_list",
                          json_pack("{s:b, s:s, s:s}", "closed_only", 1, "date_field", "closed",
                                    "from", "2026-01-01T08:30"));
    json_t *log = tt_requests(&t);
    json_t *req = tt_last_request(log, "GET", "/api/Tickets");
    CHECK_STR(tt_qget(req, "closed_only"), "true");
    CHECK(tt_qget(req, "open_only") == NULL);
    CHECK_STR(tt_qget(req, "datesearch"), "datecleared");
    CHECK_STR(tt_qget(req, "startdate"), "2026-01-01T08:30:00");
    json_decref(log);
    json_decref(res);
    CHECK_INT(tt_stop(&t), 0);
}

static void test_list_bad_arguments(void)
{
    struct tt t;
    TT_START(&t, NULL);
    char *m = tt_refusal(&t, "halopsa_tickets_list", json_pack("{s:i}", "page_size", 500));
    CHECK_CONTAINS(m, "page_size");
    free(m);
    m = tt_refusal(&t, "halopsa_tickets_list", json_pack("{s:b, s:b}", "open_only", 1, "closed_only", 1));
    CHECK_CONTAINS(m, "closed_only");
    free(m);
    m = tt_refusal(&t, "halopsa_tickets_list", json_pack("{s:s}", "from", "last tuesday"));
    CHECK_CONTAINS(m, "'from'");
    free(m);
    m = tt_refusal(&t, "halopsa_tickets_list", json_pack("{s:s}", "client", "No Such Company Ltd"));
    CHECK_CONTAINS(m, "client");
    free(m);
    m = tt_refusal(&t, "halopsa_tickets_list", json_pack("{s:i}", "colour", 3));
    CHECK_CONTAINS(m, "colour");
    free(m);
    json_t *log = tt_requests(&t);
    CHECK(tt_last_request(log, "GET", "/api/Tickets") == NULL);
    json_decref(log);
    CHECK_INT(tt_stop(&t), 0);
}

/* ---- get ------------------------------------------------------------- */

static void test_get_compact_untrusted_actions(void)
{
    struct tt t;
    TT_START(&t, NULL);
    json_t *res2;
    json_t *res = tt_call_ok(&t, "halopsa_tickets_get", json_pack("{s:i, s:b}", "id", 1, "include_actions", 1));
    json_t *ticket = json_object_get(tt_sc(res), "ticket");
    CHECK_INT(json_integer_value(json_object_get(ticket, "id")), 1);
    CHECK(json_is_string(json_object_get(ticket, "summary")));
    /* The embedded ticket type and priority objects are dropped. */
    CHECK(!json_is_object(json_object_get(ticket, "tickettype")));
    CHECK(!json_is_object(json_object_get(ticket, "priority")));
    CHECK(json_is_string(json_object_get(ticket, "priority_name")));
    /* End-user text is fenced: one region in the text, named in
     * structuredContent; the values themselves are plain. */
    CHECK(json_is_string(json_object_get(ticket, "details")));
    CHECK(json_object_get(ticket, "flagged") == NULL);
    json_t *acts = json_object_get(tt_sc(res), "actions");
    CHECK(json_array_size(acts) > 0);
    CHECK(json_is_string(json_object_get(json_array_get(acts, 0), "note")));
    CHECK_INT(tt_regions(tt_text(res)), 1);
    CHECK_CONTAINS(json_string_value(json_object_get(tt_sc(res), "_untrusted")), "details");
    CHECK_CONTAINS(json_string_value(json_object_get(tt_sc(res), "_untrusted")), "note");
    json_t *log = tt_requests(&t);
    CHECK(tt_last_request(log, "GET", "/api/Tickets/1") != NULL);
    json_t *areq = tt_last_request(log, "GET", "/api/Actions");
    CHECK(areq != NULL);
    CHECK_STR(tt_qget(areq, "ticket_id"), "1");
    json_decref(log);
    json_decref(res);

    /* Flags that say nothing are left out, unless asked for by name. */
    res2 = tt_call_ok(&t, "halopsa_tickets_get",
                   json_pack("{s:i, s:[s]}", "id", 1, "fields", "flagged"));
    CHECK(json_is_false(json_object_get(json_object_get(tt_sc(res2), "ticket"), "flagged")));
    json_decref(res2);

    /* full: the raw record, embedded objects and all. */
    res = tt_call_ok(&t, "halopsa_tickets_get", json_pack("{s:i, s:b}", "id", 1, "full", 1));
    ticket = json_object_get(tt_sc(res), "ticket");
    CHECK(json_object_get(ticket, "customfields") != NULL);
    /* ...which shows the compact view really dropped something. */
    CHECK(json_is_object(json_object_get(ticket, "priority")));
    json_decref(res);
    CHECK_INT(tt_stop(&t), 0);
}

static void test_get_not_found_and_bad_id(void)
{
    struct tt t;
    TT_START(&t, NULL);
    json_t *res = tt_call(&t, "halopsa_tickets_get", json_pack("{s:i}", "id", 987654), NULL);
    CHECK(res && tt_is_error(res));
    CHECK_CONTAINS(tt_text(res), "404");
    CHECK_CONTAINS(tt_text(res), "987654");
    json_decref(res);
    char *m = tt_refusal(&t, "halopsa_tickets_get", json_pack("{s:s}", "id", "one"));
    CHECK_CONTAINS(m, "id");
    free(m);
    m = tt_refusal(&t, "halopsa_tickets_get", json_object());
    CHECK_CONTAINS(m, "id");
    free(m);
    CHECK_INT(tt_stop(&t), 0);
}

/* ---- create / update --------------------------------------------------- */

static void test_create_sends_array(void)
{
    struct tt t;
    TT_START(&t, NULL);
    json_t *res = tt_call_ok(&t, "halopsa_tickets_create",
                          json_pack("{s:s, s:s, s:s, s:s, s:s}", "summary", "Printer jammed on floor 2",
                                    "details", "Paper stuck", "client", "Harbourline",
                                    "tickettype", "Incident", "priority", "P3"));
    json_t *ticket = json_object_get(tt_sc(res), "ticket");
    CHECK(json_integer_value(json_object_get(ticket, "id")) > 0);
    CHECK(json_is_true(json_object_get(tt_sc(res), "created")));
    json_t *log = tt_requests(&t);
    json_t *req = tt_last_request(log, "POST", "/api/Tickets");
    CHECK(req != NULL);
    json_t *body = json_object_get(req, "body");
    CHECK(json_is_array(body));
    CHECK_INT(json_array_size(body), 1);
    json_t *rec = json_array_get(body, 0);
    CHECK_STR(json_string_value(json_object_get(rec, "summary")), "Printer jammed on floor 2");
    CHECK_INT(json_integer_value(json_object_get(rec, "client_id")), 1);
    CHECK_INT(json_integer_value(json_object_get(rec, "tickettype_id")), 1);
    CHECK_INT(json_integer_value(json_object_get(rec, "priority_id")), 3);
    CHECK(json_object_get(rec, "id") == NULL);
    CHECK_INT(json_integer_value(json_object_get(req, "status")), 200);
    json_decref(log);
    json_decref(res);
    CHECK_INT(tt_stop(&t), 0);
}

static void test_create_validation_and_dry_run(void)
{
    struct tt t;
    TT_START(&t, NULL);
    /* HaloPSA's own 400 message comes through. */
    json_t *res = tt_call(&t, "halopsa_tickets_create",
                          json_pack("{s:s, s:i}", "summary", "x", "client", 99999), NULL);
    CHECK(res && tt_is_error(res));
    CHECK_CONTAINS(tt_text(res), "Client 99999 does not exist");
    json_decref(res);

    char *m = tt_refusal(&t, "halopsa_tickets_create", json_pack("{s:i}", "client", 1));
    CHECK_CONTAINS(m, "summary");
    free(m);

    tt_clear_requests(&t);
    res = tt_call_ok(&t, "halopsa_tickets_create",
                  json_pack("{s:s, s:i, s:b}", "summary", "Dry", "client", 1, "dry_run", 1));
    CHECK(json_is_true(json_object_get(tt_sc(res), "dry_run")));
    json_t *body = json_object_get(tt_sc(res), "body");
    CHECK_STR(json_string_value(json_object_get(json_array_get(body, 0), "summary")), "Dry");
    json_t *log = tt_requests(&t);
    CHECK(tt_last_request(log, "POST", "/api/*") == NULL);
    CHECK(tt_last_request(log, "POST", "/api/Tickets") == NULL);
    json_decref(log);
    json_decref(res);
    CHECK_INT(tt_stop(&t), 0);
}

static void test_update(void)
{
    struct tt t;
    TT_START(&t, NULL);
    /* Without an id HaloPSA would create a duplicate: refused, nothing sent. */
    char *m = tt_refusal(&t, "halopsa_tickets_update", json_pack("{s:s}", "summary", "x"));
    CHECK_CONTAINS(m, "id");
    free(m);
    json_t *log = tt_requests(&t);
    CHECK(tt_last_request(log, "POST", "/api/Tickets") == NULL);
    json_decref(log);

    json_t *res = tt_call_ok(&t, "halopsa_tickets_update",
                          json_pack("{s:i, s:s, s:s}", "id", 2, "status", "waiting on user",
                                    "summary", "Renamed"));
    CHECK(json_is_true(json_object_get(tt_sc(res), "updated")));
    log = tt_requests(&t);
    json_t *req = tt_last_request(log, "POST", "/api/Tickets");
    json_t *rec = json_array_get(json_object_get(req, "body"), 0);
    CHECK_INT(json_integer_value(json_object_get(rec, "id")), 2);
    CHECK_INT(json_integer_value(json_object_get(rec, "status_id")), 4);
    CHECK_STR(json_string_value(json_object_get(rec, "summary")), "Renamed");
    json_decref(log);
    json_decref(res);

    /* An unknown id is caught before anything is posted. */
    tt_clear_requests(&t);
    res = tt_call(&t, "halopsa_tickets_update", json_pack("{s:i, s:s}", "id", 987654, "summary", "x"), NULL);
    CHECK(res && tt_is_error(res));
    CHECK_CONTAINS(tt_text(res), "404");
    json_decref(res);
    log = tt_requests(&t);
    CHECK(tt_last_request(log, "POST", "/api/Tickets") == NULL);
    json_decref(log);

    m = tt_refusal(&t, "halopsa_tickets_update", json_pack("{s:i}", "id", 2));
    CHECK_CONTAINS(m, "nothing to update");
    free(m);
    CHECK_INT(tt_stop(&t), 0);
}

/* ---- add_action -------------------------------------------------------- */

static void test_add_action_safe_defaults(void)
{
    struct tt t;
    TT_START(&t, NULL);
    json_t *res = tt_call_ok(&t, "halopsa_tickets_add_action",
                          json_pack("{s:i, s:s}", "ticket_id", 3, "note", "Checked the event logs"));
    json_t *log = tt_requests(&t);
    json_t *req = tt_last_request(log, "POST", "/api/Actions");
    CHECK(req != NULL);
    json_t *rec = json_array_get(json_object_get(req, "body"), 0);
    CHECK_INT(json_integer_value(json_object_get(rec, "ticket_id")), 3);
    CHECK_INT(json_integer_value(json_object_get(rec, "outcome_id")), 1); /* Private Note */
    CHECK(json_is_true(json_object_get(rec, "hiddenfromuser")));
    CHECK(json_is_false(json_object_get(rec, "sendemail")));
    CHECK(json_number_value(json_object_get(rec, "timetaken")) == 0.0);
    CHECK_STR(json_string_value(json_object_get(rec, "note")), "Checked the event logs");
    CHECK_CONTAINS(tt_text(res), "private note");
    CHECK_CONTAINS(tt_text(res), "no e-mail sent");
    CHECK_CONTAINS(tt_text(res), "no time logged");
    CHECK(json_is_true(json_object_get(tt_sc(res), "private")));
    json_decref(log);
    json_decref(res);
    CHECK_INT(tt_stop(&t), 0);
}

static void test_add_action_public_email_time(void)
{
    struct tt t;
    TT_START(&t, NULL);
    json_t *res = tt_call_ok(&t, "halopsa_tickets_add_action",
                          json_pack("{s:i, s:s, s:s, s:b, s:b, s:f, s:s}", "ticket_id", 3, "note",
                                    "Fixed, please confirm", "outcome", "email user",
                                    "hiddenfromuser", 0, "sendemail", 1, "timetaken", 0.5,
                                    "new_status", "Resolved"));
    json_t *log = tt_requests(&t);
    json_t *rec = json_array_get(json_object_get(tt_last_request(log, "POST", "/api/Actions"), "body"), 0);
    CHECK_INT(json_integer_value(json_object_get(rec, "outcome_id")), 2);
    CHECK(json_is_false(json_object_get(rec, "hiddenfromuser")));
    CHECK(json_is_true(json_object_get(rec, "sendemail")));
    CHECK(json_number_value(json_object_get(rec, "timetaken")) == 0.5);
    CHECK_INT(json_integer_value(json_object_get(rec, "new_status")), 10);
    CHECK_CONTAINS(tt_text(res), "PUBLIC");
    CHECK_CONTAINS(tt_text(res), "WAS SENT");
    CHECK_CONTAINS(tt_text(res), "0.50 hours");
    json_decref(log);
    json_decref(res);
    CHECK_INT(tt_stop(&t), 0);
}

static void test_add_action_errors(void)
{
    struct tt t;
    TT_START(&t, NULL);
    json_t *res = tt_call(&t, "halopsa_tickets_add_action",
                          json_pack("{s:i, s:s}", "ticket_id", 987654, "note", "x"), NULL);
    CHECK(res && tt_is_error(res));
    CHECK_CONTAINS(tt_text(res), "Ticket 987654 does not exist");
    json_decref(res);
    char *m = tt_refusal(&t, "halopsa_tickets_add_action", json_pack("{s:i}", "ticket_id", 3));
    CHECK_CONTAINS(m, "note");
    free(m);
    m = tt_refusal(&t, "halopsa_tickets_add_action",
                json_pack("{s:i, s:s, s:f}", "ticket_id", 3, "note", "x", "timetaken", -1.0));
    CHECK_CONTAINS(m, "timetaken");
    free(m);
    m = tt_refusal(&t, "halopsa_tickets_add_action",
                json_pack("{s:i, s:s, s:s}", "ticket_id", 3, "note", "x", "outcome", "Teleport"));
    CHECK_CONTAINS(m, "outcome");
    free(m);
    CHECK_INT(tt_stop(&t), 0);
}

/* ---- read-only ----------------------------------------------------------- */

static void test_read_only(void)
{
    struct tt t;
    char *env[] = {"HALOPSA_READ_ONLY=1", "HALOPSA_TOOL_MODE=flat", NULL};
    TT_START(&t, env);
    json_t *names = tt_list_names(&t);
    CHECK(tt_has(names, "halopsa_tickets_list"));
    CHECK(tt_has(names, "halopsa_tickets_get"));
    CHECK(!tt_has(names, "halopsa_tickets_create"));
    CHECK(!tt_has(names, "halopsa_tickets_update"));
    CHECK(!tt_has(names, "halopsa_tickets_add_action"));
    json_decref(names);
    char *m = tt_refusal(&t, "halopsa_tickets_create", json_pack("{s:s, s:i}", "summary", "x", "client", 1));
    CHECK(m[0] != '\0');
    free(m);
    m = tt_refusal(&t, "halopsa_tickets_add_action", json_pack("{s:i, s:s}", "ticket_id", 3, "note", "x"));
    CHECK(m[0] != '\0');
    free(m);
    json_t *log = tt_requests(&t);
    CHECK(tt_last_request(log, "POST", "/api/*") == NULL);
    json_decref(log);
    CHECK_INT(tt_stop(&t), 0);
}

static void test_read_only_dispatch(void)
{
    /* halopsa_call applies the same rule and says why. */
    struct tt t;
    char *env[] = {"HALOPSA_READ_ONLY=1", "HALOPSA_TOOL_MODE=dispatch", NULL};
    TT_START(&t, env);
    json_t *res = tt_call(&t, "halopsa_call",
                          json_pack("{s:s, s:{s:i, s:s}}", "tool", "halopsa_tickets_add_action",
                                    "arguments", "ticket_id", 3, "note", "x"),
                          NULL);
    CHECK(res && tt_is_error(res));
    CHECK_CONTAINS(tt_text(res), "read-only");
    json_decref(res);
    res = tt_call_ok(&t, "halopsa_call",
                  json_pack("{s:s, s:{s:i}}", "tool", "halopsa_tickets_get", "arguments", "id", 3));
    CHECK_INT(tt_regions(tt_text(res)), 1);
    json_decref(res);
    json_t *log = tt_requests(&t);
    CHECK(tt_last_request(log, "POST", "/api/*") == NULL);
    json_decref(log);
    CHECK_INT(tt_stop(&t), 0);
}

static void test_list_walk_max_rows(void)
{
    struct tt t;
    TT_START(&t, NULL);
    json_t *res = tt_call_ok(&t, "halopsa_tickets_list", json_pack("{s:b, s:i}", "open_only", 0, "max_rows", 150));
    CHECK_INT(json_array_size(tt_rows(res)), 150);
    json_t *log = tt_requests(&t);
    int pages = 0;
    size_t i;
    json_t *r;
    json_array_foreach(log, i, r) {
        const char *p = json_string_value(json_object_get(r, "path"));
        if (p && strcmp(p, "/api/Tickets") == 0) {
            CHECK_STR(tt_qget(r, "pageinate"), "true");
            CHECK(tt_qget(r, "page_size") != NULL);
            CHECK(tt_qget(r, "page_no") != NULL);
            CHECK(tt_qget(r, "open_only") == NULL);
            pages++;
        }
    }
    CHECK(pages >= 2);
    json_decref(log);
    json_decref(res);
    CHECK_INT(tt_stop(&t), 0);
}

static void test_add_action_dry_run(void)
{
    struct tt t;
    TT_START(&t, NULL);
    tt_clear_requests(&t);
    json_t *res = tt_call_ok(&t, "halopsa_tickets_add_action",
                          json_pack("{s:i, s:s, s:b}", "ticket_id", 3, "note", "draft", "dry_run", 1));
    json_t *rec = json_array_get(json_object_get(tt_sc(res), "body"), 0);
    CHECK(json_is_true(json_object_get(rec, "hiddenfromuser")));
    CHECK(json_is_false(json_object_get(rec, "sendemail")));
    CHECK_INT(json_integer_value(json_object_get(rec, "ticket_id")), 3);
    json_decref(res);
    json_t *log = tt_requests(&t);
    CHECK(tt_last_request(log, "POST", "/api/*") == NULL);
    json_decref(log);
    CHECK_INT(tt_stop(&t), 0);
}

static const struct test tests[] = {
    {"list_paging_and_default_open", test_list_paging_and_default_open},
    {"list_filters_by_name", test_list_filters_by_name},
    {"list_closed_window", test_list_closed_window},
    {"list_bad_arguments", test_list_bad_arguments},
    {"get_compact_untrusted_actions", test_get_compact_untrusted_actions},
    {"get_not_found_and_bad_id", test_get_not_found_and_bad_id},
    {"create_sends_array", test_create_sends_array},
    {"create_validation_and_dry_run", test_create_validation_and_dry_run},
    {"update", test_update},
    {"add_action_safe_defaults", test_add_action_safe_defaults},
    {"add_action_public_email_time", test_add_action_public_email_time},
    {"add_action_errors", test_add_action_errors},
    {"read_only", test_read_only},
    {"read_only_dispatch", test_read_only_dispatch},
    {"list_walk_max_rows", test_list_walk_max_rows},
    {"add_action_dry_run", test_add_action_dry_run},
    {NULL, NULL},
};

HARNESS_MAIN("tickets", tests)
