/* test_time.c - time in the simulator over real sockets: an agent's action
 * with time lands on their timesheet (and leaves with the action),
 * TimesheetEvent lists by agent and overlapping window, writes and their
 * 400s, and the agent-day Timesheet with its approval POST. */
#include "simtest.h"

#include "sim_int.h"

static bool all_agent(json_t *rows, json_int_t want)
{
    size_t i;
    json_t *r;
    json_array_foreach(rows, i, r) {
        if (sim__int(r, "agent_id", -1) != want)
            return false;
    }
    return true;
}

static json_t *event_of_action(json_t *events, json_int_t action)
{
    size_t i;
    json_t *r;
    json_array_foreach(events, i, r) {
        if (sim__int(r, "action_number", -1) == action)
            return r;
    }
    return NULL;
}

static void test_action_time(void)
{
    struct st t;
    int status;
    st_start(&t, NULL);
    /* Actions carry time in hours (0.75 = 45 minutes). */
    json_t *a = st_send(&t, "POST", "/api/Actions",
                        "[{\"ticket_id\":5,\"outcome_id\":3,\"note\":\"Worked on it\","
                        "\"timetaken\":0.75}]",
                        &status);
    CHECK_INT(status, 200);
    json_int_t aid = sim__int(a, "id", 0);
    json_t *ev = st_getf(&t, &status, "/api/TimesheetEvent?agent_id=%d", SIM_API_AGENT_ID);
    json_t *mine = event_of_action(ev, aid);
    CHECK(mine != NULL);
    CHECK(json_real_value(json_object_get(mine, "timetaken")) == 0.75);
    CHECK_INT(sim__int(mine, "ticket_id", 0), 5);
    CHECK_INT(sim__int(mine, "event_type", -1), 0);
    /* No time, no event; a deleted action takes its event with it. */
    json_t *b = st_send(&t, "POST", "/api/Actions",
                        "[{\"ticket_id\":5,\"outcome_id\":1,\"note\":\"No time\"}]", &status);
    char path[96];
    snprintf(path, sizeof path, "/api/Actions/%lld?ticket_id=5", (long long)aid);
    json_decref(st_send(&t, "DELETE", path, NULL, &status));
    CHECK_INT(status, 200);
    json_t *ev2 = st_getf(&t, &status, "/api/TimesheetEvent?agent_id=%d", SIM_API_AGENT_ID);
    CHECK(event_of_action(ev2, aid) == NULL);
    CHECK(event_of_action(ev2, sim__int(b, "id", 0)) == NULL);
    json_decref(ev2);
    json_decref(b);
    json_decref(ev);
    json_decref(a);
    st_stop(&t);
}

static void test_events(void)
{
    struct st t;
    int status;
    st_start(&t, NULL);
    json_t *all = st_get(&t, "/api/TimesheetEvent", &status);
    CHECK(json_is_array(all) && json_array_size(all) > 100);
    json_t *a3 = st_get(&t, "/api/TimesheetEvent?agent_id=3", &status);
    CHECK(json_array_size(a3) > 10 && all_agent(a3, 3));
    json_t *two = st_get(&t, "/api/TimesheetEvent?agents=3,4", &status);
    CHECK(json_array_size(two) > json_array_size(a3));
    /* An overlapping window: an event ending inside it counts. */
    json_t *w = st_get(&t, "/api/TimesheetEvent?agent_id=3&start_date=2026-01-01T09:10:00"
                           "&end_date=2026-01-01T09:12:00",
                       &status);
    CHECK_INT(json_array_size(w), 0);
    json_t *e = json_array_get(a3, 0);
    char path[256];
    snprintf(path, sizeof path, "/api/TimesheetEvent?agent_id=3&start_date=%s&end_date=%s",
             json_string_value(json_object_get(e, "end_date")),
             json_string_value(json_object_get(e, "end_date")));
    json_t *w2 = st_get(&t, path, &status);
    CHECK(json_array_size(w2) >= 1);
    json_t *bad = st_send(&t, "POST", "/api/TimesheetEvent",
                          "[{\"id\":0,\"agent_id\":3,\"end_date\":\"2026-03-02T10:00:00\"}]", &status);
    CHECK_INT(status, 400);
    CHECK_CONTAINS(st_message(bad), "Start Date is required");
    json_t *bad2 = st_send(&t, "POST", "/api/TimesheetEvent",
                           "[{\"id\":0,\"agent_id\":3,\"start_date\":\"2026-03-02T11:00:00\","
                           "\"end_date\":\"2026-03-02T10:00:00\"}]",
                           &status);
    CHECK_INT(status, 400);
    json_t *bad3 = st_send(&t, "POST", "/api/TimesheetEvent",
                           "[{\"id\":0,\"agent_id\":3,\"ticket_id\":999999,"
                           "\"start_date\":\"2026-03-02T09:00:00\",\"end_date\":\"2026-03-02T10:00:00\"}]",
                           &status);
    CHECK_INT(status, 400);
    CHECK_CONTAINS(st_message(bad3), "Ticket 999999 does not exist");
    json_t *ok = st_send(&t, "POST", "/api/TimesheetEvent",
                         "[{\"id\":0,\"agent_id\":3,\"ticket_id\":5,\"note\":\"Onsite\","
                         "\"start_date\":\"2026-03-02T09:00:00\",\"end_date\":\"2026-03-02T10:30:00\"}]",
                         &status);
    CHECK_INT(status, 200);
    CHECK(json_real_value(json_object_get(ok, "timetaken")) == 1.5);
    CHECK(sim__int(ok, "client_id", -1) > 0);
    CHECK(json_string_length(json_object_get(ok, "subject")) > 0);
    snprintf(path, sizeof path, "/api/TimesheetEvent/%lld", (long long)sim__int(ok, "id", 0));
    json_decref(st_send(&t, "DELETE", path, NULL, &status));
    CHECK_INT(status, 200);
    json_decref(st_get(&t, path, &status));
    CHECK_INT(status, 404);
    json_decref(ok);
    json_decref(bad3);
    json_decref(bad2);
    json_decref(bad);
    json_decref(w2);
    json_decref(w);
    json_decref(two);
    json_decref(a3);
    json_decref(all);
    st_stop(&t);
}

static void test_timesheet_day(void)
{
    struct st t;
    int status;
    st_start(&t, NULL);
    /* Log 2 h for agent 4 on a fixed day, then read the day back. */
    json_t *ok = st_send(&t, "POST", "/api/TimesheetEvent",
                         "[{\"agent_id\":4,\"ticket_id\":6,\"start_date\":\"2026-02-03T10:00:00\","
                         "\"end_date\":\"2026-02-03T12:00:00\"}]",
                         &status);
    CHECK_INT(status, 200);
    json_t *day = st_get(&t, "/api/Timesheet/0?agent_id=4&date=2026-02-03", &status);
    CHECK_INT(status, 200);
    CHECK_INT(sim__int(day, "agent_id", 0), 4);
    CHECK(json_real_value(json_object_get(day, "actual_hours")) == 2.0);
    CHECK(json_real_value(json_object_get(day, "chargeable_hours")) == 2.0);
    CHECK(json_real_value(json_object_get(day, "target_hours")) == 7.5);
    CHECK_INT(json_array_size(json_object_get(day, "events")), 1);
    CHECK_STR(json_string_value(json_object_get(day, "start_time")), "2026-02-03T10:00:00");
    json_t *ap = st_send(&t, "POST", "/api/Timesheet?utcoffset=0",
                         "[{\"agent_id\":4,\"date\":\"2026-02-03\",\"_approve\":true}]", &status);
    CHECK_INT(status, 200);
    CHECK_INT(sim__int(ap, "approval_status", 0), 2);
    json_t *again = st_get(&t, "/api/Timesheet/0?agent_id=4&date=2026-02-03", &status);
    CHECK_INT(sim__int(again, "approval_status", 0), 2);
    json_t *range = st_get(&t, "/api/Timesheet?agent_id=4&start_date=2026-02-02&end_date=2026-02-04",
                           &status);
    CHECK(json_is_array(range) && json_array_size(range) == 3);
    json_decref(st_get(&t, "/api/Timesheet/0?agent_id=99", &status));
    CHECK_INT(status, 404);
    json_decref(st_get(&t, "/api/Timesheet/0?agent_id=4&date=yesterday", &status));
    CHECK_INT(status, 400);
    json_decref(range);
    json_decref(again);
    json_decref(ap);
    json_decref(day);
    json_decref(ok);
    st_stop(&t);
}

static const struct test tests[] = {
    {"action_time", test_action_time},
    {"events", test_events},
    {"timesheet_day", test_timesheet_day},
    {NULL, NULL},
};
HARNESS_MAIN("sim_time", tests)
