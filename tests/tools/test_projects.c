/* test_projects.c - the projects domain end to end against the simulator:
 * projects only (domain=prjs), a project's tasks by parent_id, and a new
 * task filed under its project with the project's client and site and the
 * ticket type its other tasks use; bad arguments, not found and HaloPSA's
 * 400. */
#include "fw_test.h"

/* The seeded project with the most tasks: its id (and its client). */
static json_int_t a_project(struct tt *t, json_int_t *client)
{
    json_t *r = tt_call_ok(t, "halopsa_projects_list", NULL);
    json_t *rows = fw_rows(r, "projects");
    json_int_t best = 0;
    size_t most = 0, i;
    json_t *row;
    json_array_foreach(rows, i, row) {
        json_int_t id = json_integer_value(json_object_get(row, "id"));
        json_t *tasks = tt_call_ok(t, "halopsa_projects_list_tasks",
                                   json_pack("{s:I}", "project_id", id));
        size_t n = json_array_size(fw_rows(tasks, "tasks"));
        if (n > most) {
            most = n;
            best = id;
        }
        json_decref(tasks);
    }
    json_decref(r);
    r = tt_call_ok(t, "halopsa_projects_get", json_pack("{s:I}", "id", best));
    *client = json_integer_value(json_object_get(fw_sc(r), "client_id"));
    json_decref(r);
    CHECK(best > 0 && most > 0);
    return best;
}

static void test_list_and_get(void)
{
    struct tt t;
    TT_START(&t, NULL);
    tt_clear_requests(&t);
    json_t *r = tt_call_ok(&t, "halopsa_projects_list", json_pack("{s:s}", "state", "open"));
    json_t *rows = fw_rows(r, "projects");
    CHECK(json_array_size(rows) >= 3);
    size_t i;
    json_t *row;
    /* projects only: no task (a child ticket) among them */
    json_array_foreach(rows, i, row) {
        json_int_t id = json_integer_value(json_object_get(row, "id"));
        json_t *p = tt_call_ok(&t, "halopsa_projects_get", json_pack("{s:I}", "id", id));
        CHECK(json_integer_value(json_object_get(fw_sc(p), "parent_id")) <= 0);
        CHECK_STR(json_string_value(json_object_get(fw_sc(p), "tickettype_name")), "Project");
        json_decref(p);
    }
    json_decref(r);
    json_t *req = fw_last(&t, "GET", "/api/Projects");
    CHECK_STR(fw_q(req, "domain"), "prjs");
    CHECK_STR(fw_q(req, "open_only"), "true");
    CHECK_STR(fw_q(req, "pageinate"), "true");
    json_decref(req);
    /* a client by name */
    r = tt_call_ok(&t, "halopsa_projects_list", json_pack("{s:s}", "client", "Kestrel"));
    req = fw_last(&t, "GET", "/api/Projects");
    CHECK_STR(fw_q(req, "client_id"), "3");
    CHECK_INT(json_array_size(fw_rows(r, "projects")), 1);
    json_decref(req);
    json_decref(r);

    r = tt_call(&t, "halopsa_projects_get", json_pack("{s:i}", "id", 987654), NULL);
    CHECK(r && tt_is_error(r));
    CHECK_CONTAINS(tt_text(r), "404");
    json_decref(r);
    char *m = tt_refusal(&t, "halopsa_projects_list", json_pack("{s:s}", "state", "maybe"));
    CHECK_CONTAINS(m, "state");
    free(m);
    m = tt_refusal(&t, "halopsa_projects_list", json_pack("{s:s}", "client", "No Such Client"));
    CHECK_CONTAINS(m, "client");
    free(m);
    tt_inject(&t, 1, 400);
    r = tt_call(&t, "halopsa_projects_list", NULL, NULL);
    CHECK(r && tt_is_error(r));
    CHECK_CONTAINS(tt_text(r), "400");
    json_decref(r);
    CHECK_INT(tt_stop(&t), 0);
}

static void test_tasks(void)
{
    struct tt t;
    TT_START(&t, NULL);
    json_int_t client = 0, pid = a_project(&t, &client);
    tt_clear_requests(&t);
    json_t *r = tt_call_ok(&t, "halopsa_projects_list_tasks", json_pack("{s:I}", "project_id", pid));
    size_t before = json_array_size(fw_rows(r, "tasks"));
    json_decref(r);
    json_t *req = fw_last(&t, "GET", "/api/Projects");
    char num[32];
    snprintf(num, sizeof num, "%lld", (long long)pid);
    CHECK_STR(fw_q(req, "parent_id"), num);
    json_decref(req);

    /* a new task: under the project, its client and site, the type of its
     * other tasks */
    r = tt_call_ok(&t, "halopsa_projects_create_task",
                   json_pack("{s:I, s:s, s:s, s:s, s:s}", "project_id", pid, "summary",
                             "Migrate shared mailboxes", "agent", "Daniel Osei", "start_date",
                             "2026-12-01", "target_date", "2026-12-05"));
    json_int_t id = json_integer_value(json_object_get(fw_sc(r), "id"));
    CHECK(id > 0);
    CHECK_CONTAINS(tt_text(r), "the project's other tasks");
    json_decref(r);
    req = fw_last(&t, "POST", "/api/Tickets");
    json_t *el = json_array_get(json_object_get(req, "body"), 0);
    CHECK_INT(json_integer_value(json_object_get(el, "parent_id")), pid);
    CHECK_INT(json_integer_value(json_object_get(el, "client_id")), client);
    CHECK(json_integer_value(json_object_get(el, "site_id")) > 0);
    CHECK_INT(json_integer_value(json_object_get(el, "tickettype_id")), 24);
    CHECK(json_integer_value(json_object_get(el, "agent_id")) > 0);
    CHECK_STR(json_string_value(json_object_get(el, "startdate")), "2026-12-01T00:00:00");
    CHECK_STR(json_string_value(json_object_get(el, "targetdate")), "2026-12-05T23:59:59");
    json_decref(req);
    r = tt_call_ok(&t, "halopsa_projects_list_tasks", json_pack("{s:I}", "project_id", pid));
    CHECK_INT(json_array_size(fw_rows(r, "tasks")), before + 1);
    json_decref(r);

    /* a ticket type given by name wins; a dry run sends nothing */
    tt_clear_requests(&t);
    r = tt_call_ok(&t, "halopsa_projects_create_task",
                   json_pack("{s:I, s:s, s:s, s:b}", "project_id", pid, "summary", "Check",
                             "tickettype", "Service Request", "dry_run", 1));
    el = json_array_get(json_object_get(fw_sc(r), "body"), 0);
    CHECK(json_integer_value(json_object_get(el, "tickettype_id")) != 24);
    CHECK(json_integer_value(json_object_get(el, "tickettype_id")) > 0);
    json_decref(r);
    CHECK_INT(fw_count(&t, "POST", "/api/*"), 0);

    /* no such project: HaloPSA's 404, nothing posted */
    r = tt_call(&t, "halopsa_projects_create_task",
                json_pack("{s:i, s:s}", "project_id", 987654, "summary", "x"), NULL);
    CHECK(r && tt_is_error(r));
    CHECK_CONTAINS(tt_text(r), "404");
    json_decref(r);
    CHECK_INT(fw_count(&t, "POST", "/api/*"), 0);
    char *m = tt_refusal(&t, "halopsa_projects_create_task", json_pack("{s:I}", "project_id", pid));
    CHECK_CONTAINS(m, "summary");
    free(m);
    m = tt_refusal(&t, "halopsa_projects_list_tasks", json_pack("{}"));
    CHECK_CONTAINS(m, "project_id");
    free(m);
    /* HaloPSA's 400 on the POST (the third request) passes through */
    tt_inject(&t, 3, 400);
    r = tt_call(&t, "halopsa_projects_create_task",
                json_pack("{s:I, s:s}", "project_id", pid, "summary", "x"), NULL);
    CHECK(r && tt_is_error(r));
    CHECK_CONTAINS(tt_text(r), "400");
    CHECK_CONTAINS(tt_text(r), "POST /api/Tickets");
    json_decref(r);
    CHECK_INT(tt_stop(&t), 0);
}

static const struct test tests[] = {
    {"list_and_get", test_list_and_get},
    {"tasks", test_tasks},
    {NULL, NULL},
};

HARNESS_MAIN("tools_projects", tests)
