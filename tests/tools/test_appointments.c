/* test_appointments.c - the appointments domain end to end against the
 * simulator: listing by agents (names become the agents CSV) and a date
 * window, get, create, update (checked to exist first) and delete, with
 * bad arguments, not found and HaloPSA's own 400 passed through. */
#include "fw_test.h"

static void test_list(void)
{
    struct tt t;
    TT_START(&t, NULL);
    tt_clear_requests(&t);
    json_t *r = tt_call_ok(&t, "halopsa_appointments_list",
                           json_pack("{s:[s, i], s:s, s:s}", "agents", "Daniel Osei", 10, "from",
                                     "2000-01-01", "to", "2099-12-31"));
    json_t *rows = fw_rows(r, "appointments");
    CHECK(json_array_size(rows) >= 2);
    size_t i;
    json_t *row;
    json_array_foreach(rows, i, row) {
        const char *who = json_string_value(json_object_get(row, "agent_name"));
        CHECK(who && (strcmp(who, "Daniel Osei") == 0 || strcmp(who, "Luis Carvalho") == 0));
    }
    json_decref(r);
    json_t *req = fw_last(&t, "GET", "/api/Appointment");
    CHECK_STR(fw_q(req, "agents"), "8,10");
    CHECK_STR(fw_q(req, "start_date"), "2000-01-01T00:00:00");
    CHECK_STR(fw_q(req, "end_date"), "2099-12-31T23:59:59");
    CHECK_STR(fw_q(req, "pageinate"), "true");
    CHECK_STR(fw_q(req, "agent_id"), "");
    json_decref(req);

    r = tt_call_ok(&t, "halopsa_appointments_list",
                   json_pack("{s:s, s:b}", "kind", "tasks", "hide_completed", 1));
    json_array_foreach(fw_rows(r, "appointments"), i, row)
        CHECK(json_is_true(json_object_get(row, "is_task")));
    req = fw_last(&t, "GET", "/api/Appointment");
    CHECK_STR(fw_q(req, "tasksonly"), "true");
    CHECK_STR(fw_q(req, "hidecompleted"), "true");
    CHECK_STR(fw_q(req, "appointmentsonly"), "");
    json_decref(req);
    json_decref(r);

    char *m = tt_refusal(&t, "halopsa_appointments_list", json_pack("{s:s}", "from", "monday"));
    CHECK_CONTAINS(m, "'from'");
    free(m);
    m = tt_refusal(&t, "halopsa_appointments_list", json_pack("{s:s}", "agents", "Nobody Atall"));
    CHECK_CONTAINS(m, "agents");
    free(m);
    tt_inject(&t, 1, 400);
    r = tt_call(&t, "halopsa_appointments_list", NULL, NULL);
    CHECK(r && tt_is_error(r));
    CHECK_CONTAINS(tt_text(r), "400");
    json_decref(r);
    CHECK_INT(tt_stop(&t), 0);
}

static void test_write(void)
{
    struct tt t;
    TT_START(&t, NULL);
    tt_clear_requests(&t);
    json_t *r = tt_call_ok(&t, "halopsa_appointments_create",
                           json_pack("{s:s, s:s, s:s, s:s, s:s, s:i, s:b}", "subject",
                                     "Site visit: printer swap", "start", "2026-12-02T10:00",
                                     "end", "2026-12-02T11:30", "agent", "Daniel Osei", "client",
                                     "Kestrel", "ticket_id", 5, "is_private", 0));
    json_int_t id = json_integer_value(json_object_get(fw_sc(r), "id"));
    CHECK(id > 0);
    CHECK_STR(json_string_value(json_object_get(fw_sc(r), "result")), "created");
    json_decref(r);
    json_t *req = fw_last(&t, "POST", "/api/Appointment");
    json_t *el = json_array_get(json_object_get(req, "body"), 0);
    CHECK_STR(json_string_value(json_object_get(el, "subject")), "Site visit: printer swap");
    CHECK_STR(json_string_value(json_object_get(el, "start_date")), "2026-12-02T10:00:00");
    CHECK_STR(json_string_value(json_object_get(el, "end_date")), "2026-12-02T11:30:00");
    CHECK_INT(json_integer_value(json_object_get(el, "agent_id")), 8);
    CHECK_INT(json_integer_value(json_object_get(el, "client_id")), 3);
    CHECK(json_object_get(el, "id") == NULL);
    json_decref(req);

    /* read back, then moved by an update */
    r = tt_call_ok(&t, "halopsa_appointments_get", json_pack("{s:I}", "id", id));
    CHECK_STR(json_string_value(json_object_get(fw_sc(r), "agent_name")), "Daniel Osei");
    json_decref(r);
    r = tt_call_ok(&t, "halopsa_appointments_update",
                   json_pack("{s:I, s:s, s:s}", "id", id, "start", "2026-12-02T14:00", "end",
                             "2026-12-02T15:00"));
    json_decref(r);
    req = fw_last(&t, "POST", "/api/Appointment");
    el = json_array_get(json_object_get(req, "body"), 0);
    CHECK_INT(json_integer_value(json_object_get(el, "id")), id);
    CHECK(json_object_get(el, "subject") == NULL);
    json_decref(req);
    r = tt_call_ok(&t, "halopsa_appointments_get", json_pack("{s:I}", "id", id));
    /* shown in the zone (UTC here) to the minute */
    CHECK_STR(json_string_value(json_object_get(fw_sc(r), "start_date")), "2026-12-02T14:00");
    json_decref(r);

    /* HaloPSA's own check: the end after the start */
    r = tt_call(&t, "halopsa_appointments_create",
                json_pack("{s:s, s:s, s:s}", "subject", "Backwards", "start", "2026-12-02T10:00",
                          "end", "2026-12-02T09:00"),
                NULL);
    CHECK(r && tt_is_error(r));
    CHECK_CONTAINS(tt_text(r), "400");
    CHECK_CONTAINS(tt_text(r), "End Date must be after the Start Date");
    json_decref(r);
    /* what a new one needs, said before sending */
    char *m = tt_refusal(&t, "halopsa_appointments_create",
                         json_pack("{s:s, s:s}", "start", "2026-12-02T10:00", "end",
                                   "2026-12-02T11:00"));
    CHECK_CONTAINS(m, "subject");
    free(m);
    m = tt_refusal(&t, "halopsa_appointments_create",
                   json_pack("{s:s, s:s, s:s}", "subject", "x", "start", "tomorrow", "end",
                             "2026-12-02"));
    CHECK_CONTAINS(m, "'start'");
    free(m);
    /* an update of an appointment that does not exist saves nothing */
    int posts = fw_count(&t, "POST", "/api/Appointment");
    r = tt_call(&t, "halopsa_appointments_update",
                json_pack("{s:i, s:s}", "id", 987654, "subject", "x"), NULL);
    CHECK(r && tt_is_error(r));
    CHECK_CONTAINS(tt_text(r), "Not saved");
    CHECK_CONTAINS(tt_text(r), "404");
    json_decref(r);
    CHECK_INT(fw_count(&t, "POST", "/api/Appointment"), posts);

    /* delete, confirmed */
    r = tt_call_ok(&t, "halopsa_appointments_delete",
                   json_pack("{s:I, s:b}", "id", id, "confirm", 1));
    CHECK(json_is_true(json_object_get(fw_sc(r), "deleted")));
    json_decref(r);
    char path[64];
    snprintf(path, sizeof path, "/api/Appointment/%lld", (long long)id);
    CHECK_INT(fw_count(&t, "DELETE", path), 1);
    r = tt_call(&t, "halopsa_appointments_get", json_pack("{s:I}", "id", id), NULL);
    CHECK(r && tt_is_error(r));
    CHECK_CONTAINS(tt_text(r), "404");
    json_decref(r);
    CHECK_INT(tt_stop(&t), 0);
}

static const struct test tests[] = {
    {"list", test_list},
    {"write", test_write},
    {NULL, NULL},
};

HARNESS_MAIN("tools_appointments", tests)
