/* test_workflows.c - the workflows domain end to end: the real halopsa-mcp over stdio against the simulator. */
#include "harness.h"
#include "toolstest.h"

#include "base/base.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void test_list_get_steps(void)
{
    struct tt t;
    TT_START(&t, NULL);
    json_t *res = tt_call_ok(&t, "halopsa_workflows_list", NULL);
    json_t *rows = tt_rows(res);
    CHECK_INT(json_array_size(rows), 3);
    CHECK_STR(json_string_value(json_object_get(json_array_get(rows, 0), "name")), "Incident Lifecycle");
    json_decref(res);
    res = tt_call_ok(&t, "halopsa_workflows_list", json_pack("{s:b}", "include_inactive", 1));
    json_t *log = tt_requests(&t);
    CHECK_STR(tt_qget(tt_last_request(log, "GET", "/api/Workflow"), "includeinactive"), "true");
    json_decref(log);
    json_decref(res);

    res = tt_call_ok(&t, "halopsa_workflows_get", json_pack("{s:i}", "id", 2));
    json_t *wf = json_object_get(tt_sc(res), "workflow");
    CHECK_STR(json_string_value(json_object_get(wf, "name")), "New Starter Request");
    json_t *steps = json_object_get(wf, "steps");
    CHECK_INT(json_array_size(steps), 5);
    json_t *first = json_array_get(steps, 0);
    CHECK_STR(json_string_value(json_object_get(first, "name")), "Request Received");
    CHECK_STR(json_string_value(json_array_get(json_object_get(first, "actions"), 0)), "Proceed -> step 2");
    json_decref(res);

    res = tt_call_ok(&t, "halopsa_workflows_steps", json_pack("{s:i}", "workflow_id", 3));
    rows = tt_rows(res);
    CHECK_INT(json_array_size(rows), 4);
    size_t i;
    json_t *row;
    json_array_foreach(rows, i, row)
        CHECK_INT(json_integer_value(json_object_get(row, "flow_id")), 3);
    log = tt_requests(&t);
    CHECK(tt_last_request(log, "GET", "/api/workflowstep") != NULL);
    json_decref(log);
    json_decref(res);
    res = tt_call_ok(&t, "halopsa_workflows_steps", NULL);
    CHECK(json_array_size(tt_rows(res)) >= 13);
    json_decref(res);

    res = tt_call(&t, "halopsa_workflows_get", json_pack("{s:i}", "id", 77), NULL);
    CHECK(res && tt_is_error(res));
    CHECK_CONTAINS(tt_text(res), "404");
    json_decref(res);
    char *m = tt_refusal(&t, "halopsa_workflows_steps", json_pack("{s:s}", "workflow_id", "x"));
    CHECK_CONTAINS(m, "workflow_id");
    free(m);
    CHECK_INT(tt_stop(&t), 0);
}

static void test_create_and_update(void)
{
    struct tt t;
    TT_START(&t, NULL);
    json_t *res = tt_call_ok(&t, "halopsa_workflows_create",
                          json_pack("{s:s, s:s, s:[s,s]}", "name", "Laptop Refresh", "note",
                                    "Swap old laptops", "steps", "Order", "Deploy"));
    CHECK(json_is_true(json_object_get(tt_sc(res), "created")));
    json_int_t id = json_integer_value(json_object_get(json_object_get(tt_sc(res), "workflow"), "id"));
    CHECK(id > 3);
    json_t *log = tt_requests(&t);
    json_t *body = json_object_get(tt_last_request(log, "POST", "/api/Workflow"), "body");
    CHECK_INT(json_array_size(body), 1);
    json_t *rec = json_array_get(body, 0);
    CHECK(json_object_get(rec, "id") == NULL);
    CHECK_STR(json_string_value(json_object_get(rec, "name")), "Laptop Refresh");
    CHECK_STR(json_string_value(json_object_get(json_array_get(json_object_get(rec, "steps"), 1), "name")), "Deploy");
    json_decref(log);
    json_decref(res);

    res = tt_call_ok(&t, "halopsa_workflows_create", json_pack("{s:I, s:s}", "id", id, "note", "Updated note"));
    CHECK(json_is_true(json_object_get(tt_sc(res), "updated")));
    log = tt_requests(&t);
    rec = json_array_get(json_object_get(tt_last_request(log, "POST", "/api/Workflow"), "body"), 0);
    CHECK_INT(json_integer_value(json_object_get(rec, "id")), id);
    CHECK_STR(json_string_value(json_object_get(rec, "note")), "Updated note");
    json_decref(log);
    json_decref(res);

    /* Dry run: the body, nothing posted. */
    tt_clear_requests(&t);
    res = tt_call_ok(&t, "halopsa_workflows_create", json_pack("{s:s, s:b}", "name", "Dry Flow", "dry_run", 1));
    CHECK(json_is_true(json_object_get(tt_sc(res), "dry_run")));
    json_decref(res);
    log = tt_requests(&t);
    CHECK(tt_last_request(log, "POST", "/api/*") == NULL);
    json_decref(log);

    char *m = tt_refusal(&t, "halopsa_workflows_create", json_pack("{s:s}", "note", "no name"));
    CHECK_CONTAINS(m, "name");
    free(m);
    /* An unknown id is not turned into a new workflow. */
    res = tt_call(&t, "halopsa_workflows_create", json_pack("{s:i, s:s}", "id", 4040, "name", "Ghost"), NULL);
    CHECK(res && tt_is_error(res));
    CHECK_CONTAINS(tt_text(res), "404");
    json_decref(res);
    log = tt_requests(&t);
    CHECK(tt_last_request(log, "POST", "/api/*") == NULL);
    json_decref(log);
    /* HaloPSA refusing the POST: status and endpoint come through. */
    tt_inject(&t, 1, 400);
    res = tt_call(&t, "halopsa_workflows_create", json_pack("{s:s}", "name", "Refused"), NULL);
    CHECK(res && tt_is_error(res));
    CHECK_CONTAINS(tt_text(res), "400");
    json_decref(res);
    CHECK_INT(tt_stop(&t), 0);
}

static void test_delete_confirmation(void)
{
    struct tt t;
    TT_START(&t, NULL);
    /* No elicitation capability and no confirm: refused, nothing sent. */
    json_t *res = tt_call(&t, "halopsa_workflows_delete", json_pack("{s:i}", "id", 3), NULL);
    CHECK(res && tt_is_error(res));
    CHECK_CONTAINS(tt_text(res), "confirm");
    json_decref(res);
    json_t *log = tt_requests(&t);
    CHECK(tt_last_request(log, "DELETE", "/api/*") == NULL);
    json_decref(log);

    res = tt_call_ok(&t, "halopsa_workflows_delete", json_pack("{s:i, s:b}", "id", 3, "confirm", 1));
    CHECK(json_is_true(json_object_get(tt_sc(res), "deleted")));
    json_decref(res);
    log = tt_requests(&t);
    json_t *req = tt_last_request(log, "DELETE", "/api/Workflow/3");
    CHECK(req != NULL);
    CHECK_INT(json_integer_value(json_object_get(req, "status")), 200);
    json_decref(log);

    /* Gone now. */
    res = tt_call(&t, "halopsa_workflows_get", json_pack("{s:i}", "id", 3), NULL);
    CHECK(res && tt_is_error(res));
    json_decref(res);
    res = tt_call(&t, "halopsa_workflows_delete", json_pack("{s:i, s:b}", "id", 3, "confirm", 1), NULL);
    CHECK(res && tt_is_error(res));
    CHECK_CONTAINS(tt_text(res), "404");
    json_decref(res);
    char *m = tt_refusal(&t, "halopsa_workflows_delete", json_pack("{s:b}", "confirm", 1));
    CHECK_CONTAINS(m, "id");
    free(m);
    CHECK_INT(tt_stop(&t), 0);
}

static void test_read_only(void)
{
    struct tt t;
    char *env[] = {"HALOPSA_READ_ONLY=1", "HALOPSA_TOOL_MODE=flat", "HALOPSA_DOMAINS=all", NULL};
    TT_START(&t, env);
    json_t *names = tt_list_names(&t);
    CHECK(tt_has(names, "halopsa_workflows_list"));
    CHECK(tt_has(names, "halopsa_workflows_get"));
    CHECK(tt_has(names, "halopsa_workflows_steps"));
    CHECK(!tt_has(names, "halopsa_workflows_create"));
    CHECK(!tt_has(names, "halopsa_workflows_delete"));
    json_decref(names);
    char *m = tt_refusal(&t, "halopsa_workflows_delete", json_pack("{s:i, s:b}", "id", 1, "confirm", 1));
    CHECK(m[0] != '\0');
    free(m);
    m = tt_refusal(&t, "halopsa_workflows_create", json_pack("{s:s}", "name", "x"));
    CHECK(m[0] != '\0');
    free(m);
    json_t *log = tt_requests(&t);
    CHECK(tt_last_request(log, "DELETE", "/api/*") == NULL);
    CHECK(tt_last_request(log, "POST", "/api/*") == NULL);
    json_decref(log);
    CHECK_INT(tt_stop(&t), 0);
}

static void test_tree_navigation(void)
{
    /* Tree mode: the domain's tools appear after navigating to it. */
    struct tt t;
    TT_START(&t, NULL);
    json_t *names = tt_list_names(&t);
    CHECK(!tt_has(names, "halopsa_workflows_list"));
    json_decref(names);
    json_t *res = tt_call_ok(&t, "halopsa_navigate", json_pack("{s:s}", "domain", "workflows"));
    CHECK_CONTAINS(tt_text(res), "halopsa_workflows_delete");
    json_decref(res);
    names = tt_list_names(&t);
    CHECK(tt_has(names, "halopsa_workflows_list"));
    CHECK(tt_has(names, "halopsa_workflows_steps"));
    json_decref(names);
    CHECK(tt_count_notes(&t, "notifications/tools/list_changed") >= 1);
    CHECK_INT(tt_stop(&t), 0);
}

static const struct test tests[] = {
    {"list_get_steps", test_list_get_steps},
    {"create_and_update", test_create_and_update},
    {"delete_confirmation", test_delete_confirmation},
    {"read_only", test_read_only},
    {"tree_navigation", test_tree_navigation},
    {NULL, NULL},
};

HARNESS_MAIN("workflows", tests)
