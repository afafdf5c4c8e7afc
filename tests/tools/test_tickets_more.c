/* test_tickets_more.c - what issue 12 added to the tickets domain, through
 * the real binary against the simulator: close (status and note in one
 * action, never twice), assign (agent and team by name, "me"), custom
 * fields by name or label, the category by its value, the ticket type on
 * update, agent=me and unassigned filters; the requests HaloPSA received,
 * bad arguments, records that do not exist and HaloPSA's 400. */
#include "fw_test.h"

/* An open ticket's id (the first of the open list). */
static json_int_t open_ticket(struct tt *t, int nth)
{
    json_t *r = fw_ok(t, "halopsa_tickets_list", "{\"status\":\"In Progress\",\"page_size\":10}");
    json_int_t id = json_integer_value(
        json_object_get(json_array_get(fw_rows(r, "tickets"), (size_t)nth), "id"));
    json_decref(r);
    CHECK(id > 0);
    return id;
}

/* Borrowed from r: the ticket of a tickets_get result. */
static json_t *ticket_of(json_t *r)
{
    return json_object_get(fw_sc(r), "ticket");
}

static json_t *get_ticket(struct tt *t, json_int_t id, const char *extra)
{
    char args[160];
    snprintf(args, sizeof args, "{\"id\":%lld%s}", (long long)id, extra ? extra : "");
    return fw_ok(t, "halopsa_tickets_get", args);
}

static void test_close(void)
{
    struct tt t;
    char args[256];
    CHECK_INT(tt_start(&t, NULL, NULL), 0);
    json_int_t id = open_ticket(&t, 0);
    snprintf(args, sizeof args,
             "{\"ticket_id\":%lld,\"note\":\"Replaced the toner; printing again\","
             "\"minutes\":30}",
             (long long)id);
    tt_clear_requests(&t);
    json_t *r = fw_ok(&t, "halopsa_tickets_close", args);
    CHECK_CONTAINS(tt_text(r), "Closed ticket");
    CHECK_CONTAINS(tt_text(r), "private note");
    CHECK_INT(json_integer_value(json_object_get(fw_sc(r), "status_id")), 9);
    json_decref(r);
    /* one action carries the note and the status change */
    CHECK_INT(fw_count(&t, "POST", "/api/*"), 1);
    json_t *req = fw_last(&t, "POST", "/api/Actions");
    json_t *rec = fw_body0(req);
    CHECK_INT(json_integer_value(json_object_get(rec, "ticket_id")), id);
    CHECK_INT(json_integer_value(json_object_get(rec, "new_status")), 9);
    CHECK(json_is_true(json_object_get(rec, "hiddenfromuser")));
    CHECK(json_is_false(json_object_get(rec, "sendemail")));
    CHECK(json_real_value(json_object_get(rec, "timetaken")) == 0.5);
    json_decref(req);
    r = get_ticket(&t, id, NULL);
    CHECK_STR(json_string_value(json_object_get(ticket_of(r), "status_name")), "Closed");
    json_decref(r);

    /* a second close adds no second note */
    tt_clear_requests(&t);
    r = fw_ok(&t, "halopsa_tickets_close", args);
    CHECK(json_is_true(json_object_get(fw_sc(r), "already_closed")));
    CHECK_CONTAINS(tt_text(r), "nothing was sent");
    json_decref(r);
    CHECK_INT(fw_count(&t, "POST", "/api/*"), 0);

    /* another closing status by name; a public note e-mailed on request */
    json_int_t other = open_ticket(&t, 1);
    snprintf(args, sizeof args,
             "{\"ticket_id\":%lld,\"note\":\"Duplicate of another ticket\",\"status\":\"cancel\","
             "\"hiddenfromuser\":false,\"sendemail\":true}",
             (long long)other);
    r = fw_ok(&t, "halopsa_tickets_close", args);
    CHECK_CONTAINS(tt_text(r), "PUBLIC note");
    CHECK_CONTAINS(tt_text(r), "WAS SENT");
    json_decref(r);
    r = get_ticket(&t, other, NULL);
    CHECK_STR(json_string_value(json_object_get(ticket_of(r), "status_name")), "Cancelled");
    json_decref(r);

    /* bad arguments, an unknown ticket, HaloPSA's 400 */
    tt_clear_requests(&t);
    fw_err(&t, "halopsa_tickets_close", "{\"ticket_id\":3}", "note");
    fw_err(&t, "halopsa_tickets_close", "{\"ticket_id\":3,\"note\":\"x\",\"status\":\"Frozen\"}",
           "no status named 'Frozen'");
    fw_err(&t, "halopsa_tickets_close", "{\"ticket_id\":987654,\"note\":\"x\"}", "404");
    json_int_t third = open_ticket(&t, 2);
    snprintf(args, sizeof args, "{\"ticket_id\":%lld,\"note\":\"x\",\"dry_run\":true}",
             (long long)third);
    r = fw_ok(&t, "halopsa_tickets_close", args);
    CHECK(json_is_true(json_object_get(fw_sc(r), "dry_run")));
    CHECK_INT(json_integer_value(json_object_get(fw_body0(fw_sc(r)), "new_status")), 9);
    json_decref(r);
    CHECK_INT(fw_count(&t, "POST", "/api/*"), 0);
    snprintf(args, sizeof args, "{\"ticket_id\":%lld,\"note\":\"x\",\"status\":99999}",
             (long long)third);
    fw_err(&t, "halopsa_tickets_close", args, "Status 99999 does not exist");
    CHECK_INT(tt_stop(&t), 0);
}

static void test_assign(void)
{
    struct tt t;
    char args[160];
    CHECK_INT(tt_start(&t, NULL, NULL), 0);
    json_int_t id = open_ticket(&t, 0);
    snprintf(args, sizeof args, "{\"id\":%lld,\"agent\":\"me\",\"team\":\"2nd\"}", (long long)id);
    tt_clear_requests(&t);
    json_t *r = fw_ok(&t, "halopsa_tickets_assign", args);
    json_decref(r);
    json_t *req = fw_last(&t, "POST", "/api/Tickets");
    json_t *rec = fw_body0(req);
    CHECK_INT(json_integer_value(json_object_get(rec, "id")), id);
    CHECK_INT(json_integer_value(json_object_get(rec, "agent_id")), 2);
    /* a ticket takes its team by name (HaloPSA's Faults has no team_id) */
    CHECK_STR(json_string_value(json_object_get(rec, "team")), "2nd Line Support");
    CHECK(json_object_get(rec, "team_id") == NULL);
    json_decref(req);
    r = get_ticket(&t, id, NULL);
    CHECK_STR(json_string_value(json_object_get(ticket_of(r), "agent_name")), "API Integration");
    CHECK_STR(json_string_value(json_object_get(ticket_of(r), "team")), "2nd Line Support");
    json_decref(r);
    /* the team alone, by id: sent as its name */
    snprintf(args, sizeof args, "{\"id\":%lld,\"team\":4}", (long long)id);
    r = fw_ok(&t, "halopsa_tickets_assign", args);
    json_decref(r);
    req = fw_last(&t, "POST", "/api/Tickets");
    CHECK_STR(json_string_value(json_object_get(fw_body0(req), "team")), "Field Engineering");
    CHECK(json_object_get(fw_body0(req), "agent_id") == NULL);
    json_decref(req);

    tt_clear_requests(&t);
    fw_err(&t, "halopsa_tickets_assign", "{\"id\":3}", "'agent', 'team'");
    fw_err(&t, "halopsa_tickets_assign", "{\"id\":3,\"team\":\"Nowhere\"}", "no team named");
    fw_err(&t, "halopsa_tickets_assign", "{\"id\":3,\"team\":99}", "no team with id 99");
    fw_err(&t, "halopsa_tickets_assign", "{\"id\":987654,\"agent\":\"me\"}", "404");
    CHECK_INT(fw_count(&t, "POST", "/api/*"), 0);
    fw_err(&t, "halopsa_tickets_assign", "{\"id\":3,\"agent\":99999}",
           "Agent 99999 does not exist");
    CHECK_INT(tt_stop(&t), 0);
}

static void test_fields_category_type(void)
{
    struct tt t;
    CHECK_INT(tt_start(&t, NULL, NULL), 0);
    tt_clear_requests(&t);
    json_t *r = fw_ok(&t, "halopsa_tickets_update",
                      "{\"id\":5,\"tickettype\":\"service req\",\"category\":\"laptop\","
                      "\"customfields\":[{\"id\":\"External Reference\",\"value\":\"RMM-42\"},"
                      "{\"id\":\"cfafterhours\",\"value\":true}]}");
    json_decref(r);
    json_t *req = fw_last(&t, "POST", "/api/Tickets");
    json_t *rec = fw_body0(req);
    CHECK_INT(json_integer_value(json_object_get(rec, "tickettype_id")), 3);
    CHECK_STR(json_string_value(json_object_get(rec, "category_1")), "Hardware>Laptop");
    json_t *cf = json_object_get(rec, "customfields");
    CHECK_INT(json_integer_value(json_object_get(json_array_get(cf, 0), "id")), 152);
    CHECK_STR(json_string_value(json_object_get(json_array_get(cf, 0), "value")), "RMM-42");
    CHECK_INT(json_integer_value(json_object_get(json_array_get(cf, 1), "id")), 153);
    json_decref(req);
    r = get_ticket(&t, 5, ",\"fields\":[\"categoryid_1\"]");
    json_t *tk = ticket_of(r);
    CHECK_STR(json_string_value(json_object_get(tk, "tickettype_name")), "Service Request");
    CHECK_INT(json_integer_value(json_object_get(tk, "categoryid_1")), 16);
    CHECK_STR(json_string_value(json_object_get(json_object_get(tk, "customfields"),
                                                "External Reference")),
              "RMM-42");
    json_decref(r);

    /* a new ticket takes them too */
    r = fw_ok(&t, "halopsa_tickets_create",
              "{\"summary\":\"Laptop screen cracked\",\"client\":\"oakfield\","
              "\"category\":\"Hardware>Laptop\",\"customfields\":[{\"id\":152,\"value\":\"X1\"}]}");
    json_decref(r);

    tt_clear_requests(&t);
    fw_err(&t, "halopsa_tickets_update", "{\"id\":5,\"category\":\"Toaster\"}",
           "no category named 'Toaster'");
    fw_err(&t, "halopsa_tickets_update",
           "{\"id\":5,\"customfields\":[{\"id\":\"CFNoSuchField\",\"value\":1}]}",
           "'customfields', item 1");
    fw_err(&t, "halopsa_tickets_update", "{\"id\":5,\"customfields\":[{\"value\":1}]}", "id");
    fw_err(&t, "halopsa_tickets_update", "{\"id\":5,\"tickettype\":\"Nonsense\"}", "tickettype");
    CHECK_INT(fw_count(&t, "POST", "/api/*"), 0);
    /* a category the ticket type cannot use: HaloPSA's 400 */
    fw_err(&t, "halopsa_tickets_update", "{\"id\":5,\"category\":\"Server>Storage\"}",
           "not valid for this ticket type");
    CHECK_INT(tt_stop(&t), 0);
}

static void test_me_and_unassigned(void)
{
    struct tt t;
    char args[96];
    CHECK_INT(tt_start(&t, NULL, NULL), 0);
    json_int_t id = open_ticket(&t, 0);
    snprintf(args, sizeof args, "{\"id\":%lld,\"agent\":\"ME\"}", (long long)id);
    json_decref(fw_ok(&t, "halopsa_tickets_assign", args));
    tt_clear_requests(&t);
    json_t *r = fw_ok(&t, "halopsa_tickets_list", "{\"agent\":\"me\"}");
    CHECK_INT(json_integer_value(json_object_get(
                  json_array_get(fw_rows(r, "tickets"), 0), "id")),
              id);
    json_decref(r);
    json_t *req = fw_last(&t, "GET", "/api/Tickets");
    CHECK_STR(fw_q(req, "agent_id"), "2");
    json_decref(req);
    /* "me" is asked once, then cached like the lists */
    json_decref(fw_ok(&t, "halopsa_tickets_list", "{\"agent\":\" me \"}"));
    CHECK_INT(fw_count(&t, "GET", "/api/Agent/me"), 0); /* the assign above asked */

    tt_clear_requests(&t);
    r = fw_ok(&t, "halopsa_tickets_list", "{\"unassigned\":true,\"page_size\":50}");
    json_t *rows = fw_rows(r, "tickets");
    CHECK(json_array_size(rows) > 0);
    size_t i;
    json_t *row;
    json_array_foreach(rows, i, row)
        CHECK_STR(json_string_value(json_object_get(row, "agent_name")), "Unassigned");
    json_decref(r);
    req = fw_last(&t, "GET", "/api/Tickets");
    CHECK_STR(fw_q(req, "agent_id"), "-1");
    json_decref(req);
    fw_err(&t, "halopsa_tickets_list", "{\"unassigned\":true,\"agent\":\"me\"}", "unassigned");
    CHECK_INT(tt_stop(&t), 0);
}

static const struct test tests[] = {
    {"close", test_close},
    {"assign", test_assign},
    {"fields_category_type", test_fields_category_type},
    {"me_and_unassigned", test_me_and_unassigned},
    {NULL, NULL},
};

HARNESS_MAIN("tickets_more", tests)
