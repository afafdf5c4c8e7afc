/* test_safety.c - write safety end to end: read-only mode, delete
 * confirmation (confirm:true, and elicitation accepted, declined or
 * unanswerable), dry runs, and updates that must not become creates. */
#include "fw_test.h"

static void test_read_only_hides_and_refuses(void)
{
    struct tt t;
    CHECK_INT(tt_start(&t, FW_ENV("HALOPSA_TOOL_MODE=flat", "HALOPSA_READ_ONLY=true"), NULL), 0);
    json_t *names = tt_list_names(&t);
    CHECK(tt_has(names, "halopsa_statuses_list"));
    CHECK(tt_has(names, "halopsa_actions_get"));
    size_t i;
    json_t *n;
    json_array_foreach(names, i, n) {
        const char *s = json_string_value(n);
        if (strstr(s, "_create") || strstr(s, "_delete") || strstr(s, "_update") ||
            strstr(s, "_add_action"))
            harness_fail(__FILE__, __LINE__, "read-only mode lists %s", s);
    }
    json_decref(names);
    tt_clear_requests(&t);
    json_t *rpc = NULL;
    json_t *r = fw_call(&t, "halopsa_statuses_create", "{\"name\":\"X\"}", &rpc);
    /* not registered at all: the call is refused before any request */
    CHECK(r == NULL || tt_is_error(r));
    CHECK(r != NULL || rpc != NULL);
    json_decref(r);
    json_decref(rpc);
    r = fw_call(&t, "halopsa_statuses_delete", "{\"id\":6,\"confirm\":true}", &rpc);
    CHECK(r == NULL || tt_is_error(r));
    json_decref(r);
    json_decref(rpc);
    CHECK_INT(fw_count(&t, "POST", "/api/*"), 0);
    CHECK_INT(fw_count(&t, "DELETE", "/api/*"), 0);
    r = fw_call(&t, "halopsa_status", NULL, NULL);
    CHECK(json_is_true(json_object_get(fw_sc(r), "read_only")));
    json_decref(r);
    CHECK_INT(tt_stop(&t), 0);
}

static void test_delete_needs_confirm(void)
{
    struct tt t;
    CHECK_INT(tt_start(&t, NULL, NULL), 0);
    tt_clear_requests(&t);
    json_t *r = fw_call(&t, "halopsa_customtabs_delete", "{\"id\":3}", NULL);
    CHECK(r && tt_is_error(r));
    CHECK_CONTAINS(tt_text(r), "\"confirm\": true");
    CHECK_CONTAINS(tt_text(r), "Nothing was sent");
    json_decref(r);
    r = fw_call(&t, "halopsa_customtabs_delete", "{\"id\":3,\"confirm\":false}", NULL);
    CHECK(r && tt_is_error(r));
    json_decref(r);
    CHECK_INT(fw_count(&t, "DELETE", "/api/Tabs*"), 0);
    CHECK_INT(fw_count(&t, "GET", "/api/Tabs*"), 0);

    r = fw_call(&t, "halopsa_customtabs_delete", "{\"id\":3,\"confirm\":true}", NULL);
    CHECK(r && !tt_is_error(r));
    CHECK(json_is_true(json_object_get(fw_sc(r), "deleted")));
    json_decref(r);
    CHECK_INT(fw_count(&t, "DELETE", "/api/Tabs/3"), 1);
    r = fw_call(&t, "halopsa_customtabs_get", "{\"id\":3}", NULL);
    CHECK(r && tt_is_error(r));
    CHECK_CONTAINS(tt_text(r), "404");
    json_decref(r);
    CHECK_INT(tt_stop(&t), 0);
}

static void test_delete_elicitation_accepted(void)
{
    struct tt t;
    CHECK_INT(tt_start(&t, NULL, json_pack("{s:{}}", "elicitation")), 0);
    tt_clear_requests(&t);
    json_t *answer = json_pack("{s:s, s:{s:b}}", "action", "accept", "content", "confirm", 1);
    json_t *asked = NULL;
    json_t *r = fw_call_answering(&t, "halopsa_statuses_delete", "{\"id\":6}", answer, &asked);
    CHECK(r && !tt_is_error(r));
    CHECK(asked != NULL);
    const char *msg = json_string_value(json_object_get(asked, "message"));
    CHECK_CONTAINS(msg, "Delete status 6 'Scheduled'");
    CHECK_CONTAINS(msg, "cannot be undone");
    json_t *schema = json_object_get(asked, "requestedSchema");
    CHECK_STR(json_string_value(json_object_get(
                  json_object_get(json_object_get(schema, "properties"), "confirm"), "type")),
              "boolean");
    CHECK_INT(fw_count(&t, "DELETE", "/api/Status/6"), 1);
    json_decref(asked);
    json_decref(answer);
    json_decref(r);
    CHECK_INT(tt_stop(&t), 0);
}

static void test_delete_elicitation_refused(void)
{
    struct tt t;
    CHECK_INT(tt_start(&t, NULL, json_pack("{s:{}}", "elicitation")), 0);
    tt_clear_requests(&t);
    /* declined, even with confirm:true from the model */
    json_t *answer = json_pack("{s:s}", "action", "decline");
    json_t *r = fw_call_answering(&t, "halopsa_statuses_delete", "{\"id\":6,\"confirm\":true}",
                                  answer, NULL);
    CHECK(r && tt_is_error(r));
    CHECK_CONTAINS(tt_text(r), "Not deleted");
    json_decref(r);
    json_decref(answer);
    /* accepted but the box left unticked */
    answer = json_pack("{s:s, s:{s:b}}", "action", "accept", "content", "confirm", 0);
    r = fw_call_answering(&t, "halopsa_statuses_delete", "{\"id\":6}", answer, NULL);
    CHECK(r && tt_is_error(r));
    json_decref(r);
    json_decref(answer);
    answer = json_pack("{s:s}", "action", "cancel");
    r = fw_call_answering(&t, "halopsa_statuses_delete", "{\"id\":6}", answer, NULL);
    CHECK(r && tt_is_error(r));
    json_decref(r);
    json_decref(answer);
    CHECK_INT(fw_count(&t, "DELETE", "/api/Status*"), 0);

    /* the client errs on elicitation: that is not a yes, and the model's
     * confirm:true does not stand in for the user (issue 13 item 3) */
    r = fw_call_answering(&t, "halopsa_statuses_delete", "{\"id\":6,\"confirm\":true}", NULL,
                          NULL);
    CHECK(r && tt_is_error(r));
    CHECK_CONTAINS(tt_text(r), "Not deleted");
    json_decref(r);
    CHECK_INT(fw_count(&t, "DELETE", "/api/Status*"), 0);
    CHECK_INT(tt_stop(&t), 0);
}

static void test_dry_run_sends_nothing(void)
{
    struct tt t;
    CHECK_INT(tt_start(&t, NULL, NULL), 0);
    tt_clear_requests(&t);
    json_t *r = fw_call(&t, "halopsa_custombuttons_create",
                        "{\"name\":\"Reboot\",\"url\":\"https://rmm.example/reboot\","
                        "\"record\":{\"newtab\":true},\"dry_run\":true}",
                        NULL);
    CHECK(r && !tt_is_error(r));
    json_t *sc = fw_sc(r);
    CHECK(json_is_true(json_object_get(sc, "dry_run")));
    CHECK_STR(json_string_value(json_object_get(sc, "method")), "POST");
    CHECK_STR(json_string_value(json_object_get(sc, "path")), "/api/CustomButton");
    json_t *want = json_loads("[{\"name\":\"Reboot\",\"url\":\"https://rmm.example/reboot\","
                              "\"newtab\":true}]",
                              0, NULL);
    CHECK_JSON(json_object_get(sc, "body"), want);
    json_decref(want);
    CHECK_CONTAINS(tt_text(r), "nothing was sent");
    json_decref(r);
    CHECK_INT(fw_count(&t, "POST", "/api/*"), 0);
    CHECK_INT(tt_stop(&t), 0);
}

static void test_update_of_missing_record_refused(void)
{
    struct tt t;
    CHECK_INT(tt_start(&t, NULL, NULL), 0);
    tt_clear_requests(&t);
    json_t *r = fw_call(&t, "halopsa_statuses_create", "{\"id\":999,\"name\":\"Ghost\"}", NULL);
    CHECK(r && tt_is_error(r));
    CHECK_CONTAINS(tt_text(r), "999");
    CHECK_CONTAINS(tt_text(r), "Not saved");
    json_decref(r);
    CHECK_INT(fw_count(&t, "POST", "/api/*"), 0);
    /* the check asks for the record, not for records named like the update */
    json_t *req = fw_last(&t, "GET", "/api/Status/999");
    CHECK(req != NULL);
    CHECK_STR(fw_q(req, "name"), "");
    json_decref(req);
    r = fw_call(&t, "halopsa_statuses_create", "{\"id\":0,\"name\":\"Ghost\"}", NULL);
    CHECK(r && tt_is_error(r));
    CHECK_CONTAINS(tt_text(r), "id");
    json_decref(r);
    CHECK_INT(fw_count(&t, "POST", "/api/*"), 0);
    CHECK_INT(tt_stop(&t), 0);
}

static const struct test tests[] = {
    {"read_only_hides_and_refuses", test_read_only_hides_and_refuses},
    {"delete_needs_confirm", test_delete_needs_confirm},
    {"delete_elicitation_accepted", test_delete_elicitation_accepted},
    {"delete_elicitation_refused", test_delete_elicitation_refused},
    {"dry_run_sends_nothing", test_dry_run_sends_nothing},
    {"update_of_missing_record_refused", test_update_of_missing_record_refused},
    {NULL, NULL},
};

HARNESS_MAIN("tools_safety", tests)
