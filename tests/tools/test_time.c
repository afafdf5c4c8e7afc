/* test_time.c - the time domain through the real binary against the
 * simulator: time logged in minutes reaches HaloPSA as an action in hours
 * (the one conversion), lands on the agent's timesheet and in the entries,
 * an action's entry is not deleted behind the note's back, other entries
 * are; bad arguments, records that do not exist and HaloPSA's 400. */
#include "fw_test.h"

#include <time.h>

/* "YYYY-MM-DD" of today (UTC) minus days_ago, into buf. */
static const char *day(char *buf, size_t len, int days_ago)
{
    time_t now = time(NULL) - (time_t)days_ago * 86400;
    struct tm tm;
    gmtime_r(&now, &tm);
    strftime(buf, len, "%Y-%m-%d", &tm);
    return buf;
}

static void test_log_lands_on_timesheet(void)
{
    struct tt t;
    char today[16], args[256];
    day(today, sizeof today, 0);
    CHECK_INT(tt_start(&t, NULL, NULL), 0);
    tt_clear_requests(&t);
    json_t *r = fw_ok(&t, "halopsa_time_log",
                      "{\"ticket_id\":1,\"minutes\":90,\"note\":\"Replaced the fuser unit\","
                      "\"billable\":false}");
    json_t *sc = fw_sc(r);
    CHECK_INT(json_integer_value(json_object_get(sc, "ticket_id")), 1);
    CHECK(json_number_value(json_object_get(sc, "minutes")) == 90.0);
    CHECK(json_number_value(json_object_get(sc, "hours")) == 1.5);
    CHECK_CONTAINS(tt_text(r), "Logged 90 minutes on ticket 1");
    CHECK_CONTAINS(tt_text(r), "private note");
    json_int_t action = json_integer_value(json_object_get(json_object_get(sc, "action"), "id"));
    CHECK(action > 0);
    json_decref(r);
    /* what HaloPSA received: one action, time in hours, the safe flags */
    CHECK_INT(fw_count(&t, "POST", "/api/Actions"), 1);
    json_t *req = fw_last(&t, "POST", "/api/Actions");
    json_t *rec = fw_body0(req);
    CHECK_INT(json_integer_value(json_object_get(rec, "ticket_id")), 1);
    CHECK(json_real_value(json_object_get(rec, "timetaken")) == 1.5);
    CHECK(json_is_true(json_object_get(rec, "hiddenfromuser")));
    CHECK(json_is_false(json_object_get(rec, "sendemail")));
    CHECK(json_is_false(json_object_get(rec, "actisbillable")));
    CHECK(json_integer_value(json_object_get(rec, "outcome_id")) > 0);
    CHECK_STR(json_string_value(json_object_get(rec, "note")), "Replaced the fuser unit");
    json_decref(req);

    /* the API agent's day shows it */
    tt_clear_requests(&t);
    r = fw_ok(&t, "halopsa_time_timesheet", NULL);
    json_t *ts = json_object_get(fw_sc(r), "timesheet");
    CHECK_STR(json_string_value(json_object_get(ts, "agent_name")), "API Integration");
    CHECK(json_number_value(json_object_get(ts, "actual_hours")) >= 1.5);
    json_t *entries = fw_rows(r, "entries");
    json_t *mine = NULL;
    size_t i;
    json_t *e;
    json_array_foreach(entries, i, e) {
        if (json_integer_value(json_object_get(e, "action_number")) == action)
            mine = e;
    }
    CHECK(mine != NULL);
    json_int_t entry = json_integer_value(json_object_get(mine, "id"));
    CHECK(json_number_value(json_object_get(mine, "timetaken")) == 1.5);
    json_decref(r);
    req = fw_last(&t, "GET", "/api/Agent/me");
    CHECK(req != NULL);
    json_decref(req);
    req = fw_last(&t, "GET", "/api/Timesheet/0");
    CHECK_STR(fw_q(req, "agent_id"), "2");
    json_decref(req);

    /* ... and so do the entries of "me" from today */
    snprintf(args, sizeof args, "{\"agent\":\"me\",\"from\":\"%s\"}", today);
    r = fw_ok(&t, "halopsa_time_list", args);
    CHECK_CONTAINS(tt_text(r), "Replaced the fuser unit");
    json_decref(r);
    req = fw_last(&t, "GET", "/api/TimesheetEvent");
    CHECK_STR(fw_q(req, "agent_id"), "2");
    char want[32];
    snprintf(want, sizeof want, "%sT00:00:00", today);
    CHECK_STR(fw_q(req, "start_date"), want);
    json_decref(req);

    /* deleting that entry would leave the time on the ticket's action: no */
    tt_clear_requests(&t);
    snprintf(args, sizeof args, "{\"id\":%lld,\"confirm\":true}", (long long)entry);
    fw_err(&t, "halopsa_time_delete", args, "halopsa_actions_delete");
    CHECK_INT(fw_count(&t, "DELETE", "/api/*"), 0);
    CHECK_INT(tt_stop(&t), 0);
}

static void test_log_refused(void)
{
    struct tt t;
    CHECK_INT(tt_start(&t, NULL, NULL), 0);
    tt_clear_requests(&t);
    fw_err(&t, "halopsa_time_log", "{\"ticket_id\":1,\"minutes\":0,\"note\":\"x\"}", "minutes");
    fw_err(&t, "halopsa_time_log", "{\"ticket_id\":1,\"minutes\":2000,\"note\":\"x\"}",
           "minutes");
    fw_err(&t, "halopsa_time_log", "{\"ticket_id\":1,\"minutes\":30}", "note");
    fw_err(&t, "halopsa_time_log", "{\"minutes\":30,\"note\":\"x\"}", "ticket_id");
    fw_err(&t, "halopsa_time_log", "{\"ticket_id\":1,\"minutes\":30,\"note\":\"x\","
                                   "\"outcome\":\"No Such Outcome\"}", "outcome");
    json_t *r = fw_ok(&t, "halopsa_time_log",
                      "{\"ticket_id\":1,\"minutes\":15,\"note\":\"x\",\"dry_run\":true}");
    CHECK(json_real_value(json_object_get(fw_body0(fw_sc(r)), "timetaken")) == 0.25);
    json_decref(r);
    CHECK_INT(fw_count(&t, "POST", "/api/*"), 0);
    /* an unknown ticket is HaloPSA's 400, passed through */
    fw_err(&t, "halopsa_time_log", "{\"ticket_id\":999999,\"minutes\":30,\"note\":\"x\"}",
           "999999");
    CHECK_INT(tt_stop(&t), 0);
}

static void test_list_and_day_of_an_agent(void)
{
    struct tt t;
    char from[16], to[16], args[160], want[32];
    CHECK_INT(tt_start(&t, NULL, NULL), 0);
    day(from, sizeof from, 21);
    day(to, sizeof to, 1);
    snprintf(args, sizeof args,
             "{\"agent\":\"Sofia\",\"from\":\"%s\",\"to\":\"%s\",\"page_size\":100}", from, to);
    tt_clear_requests(&t);
    json_t *r = fw_ok(&t, "halopsa_time_list", args);
    json_t *rows = fw_rows(r, "entries");
    CHECK(json_array_size(rows) > 3);
    size_t i;
    json_t *row;
    json_int_t plain = 0;
    json_array_foreach(rows, i, row) {
        CHECK_STR(json_string_value(json_object_get(row, "agent_name")), "Sofia Lindqvist");
        if (!json_object_get(row, "action_number"))
            plain = json_integer_value(json_object_get(row, "id"));
    }
    CHECK(plain > 0);
    json_decref(r);
    json_t *req = fw_last(&t, "GET", "/api/TimesheetEvent");
    CHECK_STR(fw_q(req, "agent_id"), "7");
    snprintf(want, sizeof want, "%sT23:59:59", to);
    CHECK_STR(fw_q(req, "end_date"), want);
    json_decref(req);

    /* one of her days */
    snprintf(args, sizeof args, "{\"agent\":7,\"date\":\"%s\"}", to);
    r = fw_ok(&t, "halopsa_time_timesheet", args);
    CHECK_STR(json_string_value(json_object_get(json_object_get(fw_sc(r), "timesheet"),
                                                "agent_name")),
              "Sofia Lindqvist");
    json_decref(r);
    req = fw_last(&t, "GET", "/api/Timesheet/0");
    snprintf(want, sizeof want, "%sT00:00:00", to);
    CHECK_STR(fw_q(req, "date"), want);
    CHECK_STR(fw_q(req, "agent_id"), "7");
    json_decref(req);

    /* an entry that is not an action's is deleted (after confirmation) */
    snprintf(args, sizeof args, "{\"id\":%lld,\"confirm\":true}", (long long)plain);
    tt_clear_requests(&t);
    r = fw_ok(&t, "halopsa_time_delete", args);
    CHECK(json_is_true(json_object_get(fw_sc(r), "deleted")));
    json_decref(r);
    char path[64];
    snprintf(path, sizeof path, "/api/TimesheetEvent/%lld", (long long)plain);
    CHECK_INT(fw_count(&t, "DELETE", path), 1);

    /* bad arguments, what does not exist, HaloPSA's errors */
    fw_err(&t, "halopsa_time_list", "{\"agent\":\"Sofia\"}", "from");
    fw_err(&t, "halopsa_time_list", "{\"from\":\"last week\"}", "'from'");
    fw_err(&t, "halopsa_time_timesheet", "{\"agent\":\"Nobody Atall\"}", "agent");
    fw_err(&t, "halopsa_time_timesheet", "{\"agent\":99999}", "404");
    fw_err(&t, "halopsa_time_delete", "{\"id\":987654,\"confirm\":true}", "404");
    CHECK_INT(fw_count(&t, "DELETE", "/api/TimesheetEvent/987654"), 0);
    tt_inject(&t, 1, 400);
    snprintf(args, sizeof args, "{\"from\":\"%s\"}", to);
    fw_err(&t, "halopsa_time_list", args, "400");
    CHECK_INT(tt_stop(&t), 0);
}

static const struct test tests[] = {
    {"log_lands_on_timesheet", test_log_lands_on_timesheet},
    {"log_refused", test_log_refused},
    {"list_and_day_of_an_agent", test_list_and_day_of_an_agent},
    {NULL, NULL},
};

HARNESS_MAIN("time", tests)
