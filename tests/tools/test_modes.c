/* test_modes.c - the three tool modes (tree, flat, dispatch), halopsa_call,
 * the domain allow-list and the tool deny-list, end to end. */
#include "fw_test.h"

#include "sim.h"
#include "tools/tools.h"

/* How many tools of the catalogue belong to domain. */
static size_t tools_in(const char *domain)
{
    json_t *c = tools_catalog();
    size_t n = 0, i;
    json_t *e;
    json_array_foreach(c, i, e)
        n += strcmp(json_string_value(json_object_get(e, "domain")), domain) == 0;
    json_decref(c);
    return n;
}

/* Flat mode with HALOPSA_DOMAINS=all (test_budgets checks the default
 * core set). */
static void test_flat_lists_everything(void)
{
    struct tt t;
    CHECK_INT(tt_start(&t, FW_ENV("HALOPSA_TOOL_MODE=flat", "HALOPSA_DOMAINS=all"), NULL), 0);
    json_t *names = tt_list_names(&t);
    json_t *catalog = tools_catalog();
    /* every catalogue tool, navigate and status; back and call are
     * callable but not listed */
    CHECK_INT(json_array_size(names), json_array_size(catalog) + 2);
    size_t i;
    json_t *e;
    json_array_foreach(catalog, i, e) {
        const char *n = json_string_value(json_object_get(e, "name"));
        if (!tt_has(names, n))
            harness_fail(__FILE__, __LINE__, "flat mode does not list %s", n);
    }
    CHECK(tt_has(names, "halopsa_navigate"));
    CHECK(tt_has(names, "halopsa_status"));
    CHECK(!tt_has(names, "halopsa_back"));
    CHECK(!tt_has(names, "halopsa_call"));
    json_decref(catalog);
    json_decref(names);
    /* navigate describes without changing the list */
    json_t *r = fw_call(&t, "halopsa_navigate", "{\"domain\":\"customfields\"}", NULL);
    CHECK(r && !tt_is_error(r));
    CHECK_CONTAINS(tt_text(r), "halopsa_customfields_create");
    CHECK_CONTAINS(tt_text(r), "already in your tool list");
    json_decref(r);
    r = fw_call(&t, "halopsa_customfields_list", NULL, NULL);
    CHECK(r && !tt_is_error(r));
    json_decref(r);
    CHECK_INT(tt_count_notes(&t, "notifications/tools/list_changed"), 0);
    CHECK_INT(tt_stop(&t), 0);
}

static void test_dispatch_fixed_list(void)
{
    struct tt t;
    CHECK_INT(tt_start(&t, FW_ENV("HALOPSA_TOOL_MODE=dispatch"), NULL), 0);
    json_t *names = tt_list_names(&t);
    CHECK_INT(json_array_size(names), 3);
    CHECK(tt_has(names, "halopsa_navigate"));
    CHECK(tt_has(names, "halopsa_status"));
    CHECK(tt_has(names, "halopsa_call"));
    json_decref(names);

    json_t *r = fw_call(&t, "halopsa_navigate", "{\"domain\":\"statuses\"}", NULL);
    CHECK(r && !tt_is_error(r));
    CHECK_CONTAINS(tt_text(r), "halopsa_call");
    CHECK_CONTAINS(tt_text(r), "halopsa_statuses_get");
    json_decref(r);
    names = tt_list_names(&t);
    CHECK_INT(json_array_size(names), 3);
    json_decref(names);

    tt_clear_requests(&t);
    r = fw_call(&t, "halopsa_call",
                "{\"tool\":\"halopsa_statuses_get\",\"arguments\":{\"id\":4}}", NULL);
    CHECK(r && !tt_is_error(r));
    CHECK_STR(json_string_value(json_object_get(fw_sc(r), "name")), "Waiting on User");
    json_decref(r);
    CHECK_INT(fw_count(&t, "GET", "/api/Status/4"), 1);

    /* the inner tool's validation, naming the field */
    r = fw_call(&t, "halopsa_call",
                "{\"tool\":\"halopsa_statuses_get\",\"arguments\":{\"id\":\"x\"}}", NULL);
    CHECK(r && tt_is_error(r));
    CHECK_CONTAINS(tt_text(r), "id");
    json_decref(r);
    r = fw_call(&t, "halopsa_call", "{\"tool\":\"halopsa_statuses_get\"}", NULL);
    CHECK(r && tt_is_error(r));
    CHECK_CONTAINS(tt_text(r), "id");
    json_decref(r);

    r = fw_call(&t, "halopsa_call", "{\"tool\":\"halopsa_nosuch\"}", NULL);
    CHECK(r && tt_is_error(r));
    CHECK_CONTAINS(tt_text(r), "unknown tool");
    json_decref(r);

    /* delete rules hold through halopsa_call */
    tt_clear_requests(&t);
    r = fw_call(&t, "halopsa_call",
                "{\"tool\":\"halopsa_statuses_delete\",\"arguments\":{\"id\":6}}", NULL);
    CHECK(r && tt_is_error(r));
    CHECK_CONTAINS(tt_text(r), "confirm");
    json_decref(r);
    CHECK_INT(fw_count(&t, "DELETE", "/api/Status*"), 0);
    /* dry_run too */
    r = fw_call(&t, "halopsa_call",
                "{\"tool\":\"halopsa_statuses_create\",\"arguments\":{\"name\":\"X\","
                "\"dry_run\":true}}",
                NULL);
    CHECK(r && !tt_is_error(r));
    CHECK(json_is_true(json_object_get(fw_sc(r), "dry_run")));
    json_decref(r);
    CHECK_INT(fw_count(&t, "POST", "/api/Status"), 0);
    CHECK_INT(tt_count_notes(&t, "notifications/tools/list_changed"), 0);
    CHECK_INT(tt_stop(&t), 0);
}

static void test_dispatch_read_only(void)
{
    struct tt t;
    CHECK_INT(tt_start(&t, FW_ENV("HALOPSA_TOOL_MODE=dispatch", "HALOPSA_READ_ONLY=1"), NULL), 0);
    tt_clear_requests(&t);
    json_t *r = fw_call(&t, "halopsa_call",
                        "{\"tool\":\"halopsa_statuses_create\",\"arguments\":{\"name\":\"X\"}}",
                        NULL);
    CHECK(r && tt_is_error(r));
    CHECK_CONTAINS(tt_text(r), "read-only mode is on");
    json_decref(r);
    r = fw_call(&t, "halopsa_call",
                "{\"tool\":\"halopsa_statuses_delete\",\"arguments\":{\"id\":6,"
                "\"confirm\":true}}",
                NULL);
    CHECK(r && tt_is_error(r));
    CHECK_CONTAINS(tt_text(r), "read-only mode is on");
    json_decref(r);
    CHECK_INT(fw_count(&t, "POST", "/api/*"), 0);
    CHECK_INT(fw_count(&t, "DELETE", "/api/*"), 0);
    r = fw_call(&t, "halopsa_call", "{\"tool\":\"halopsa_statuses_list\"}", NULL);
    CHECK(r && !tt_is_error(r));
    json_decref(r);
    CHECK_INT(tt_stop(&t), 0);
}

static void test_domain_allow_list(void)
{
    struct tt t;
    CHECK_INT(tt_start(&t, FW_ENV("HALOPSA_TOOL_MODE=flat", "HALOPSA_DOMAINS=statuses, Outcomes"),
                       NULL),
              0);
    json_t *names = tt_list_names(&t);
    CHECK_INT(json_array_size(names), 2 + tools_in("statuses") + tools_in("outcomes"));
    CHECK(tt_has(names, "halopsa_statuses_list"));
    CHECK(tt_has(names, "halopsa_outcomes_delete"));
    CHECK(!tt_has(names, "halopsa_actions_list"));
    json_decref(names);
    json_t *rpc = NULL;
    json_t *r = fw_call(&t, "halopsa_actions_list", "{\"ticket_id\":1}", &rpc);
    CHECK(r == NULL || tt_is_error(r));
    json_decref(r);
    json_decref(rpc);
    r = fw_call(&t, "halopsa_status", NULL, NULL);
    CHECK_INT(json_array_size(json_object_get(fw_sc(r), "domains")), 2);
    json_decref(r);
    CHECK_INT(tt_stop(&t), 0);
}

static void test_exclude_tools(void)
{
    struct tt t;
    CHECK_INT(tt_start(&t,
                       FW_ENV("HALOPSA_TOOL_MODE=dispatch",
                              "HALOPSA_EXCLUDE_TOOLS=halopsa_statuses_delete,halopsa_outcomes_get"),
                       NULL),
              0);
    json_t *r = fw_call(&t, "halopsa_call",
                        "{\"tool\":\"halopsa_statuses_delete\",\"arguments\":{\"id\":6,"
                        "\"confirm\":true}}",
                        NULL);
    CHECK(r && tt_is_error(r));
    CHECK_CONTAINS(tt_text(r), "HALOPSA_EXCLUDE_TOOLS");
    json_decref(r);
    r = fw_call(&t, "halopsa_navigate", "{\"domain\":\"statuses\"}", NULL);
    CHECK_NOT_CONTAINS(tt_text(r), "halopsa_statuses_delete");
    CHECK_INT(json_array_size(json_object_get(fw_sc(r), "tools")), tools_in("statuses") - 1);
    json_decref(r);
    CHECK_INT(tt_stop(&t), 0);
}

static void test_bad_settings_refuse_to_start(void)
{
    static const char *const bad[][2] = {
        {"HALOPSA_DOMAINS=statuses,nosuch", "nosuch"},
        {"HALOPSA_EXCLUDE_TOOLS=halopsa_nosuch_list", "halopsa_nosuch_list"},
        {"HALOPSA_TOOL_MODE=forest", "HALOPSA_TOOL_MODE"},
        {"HALOPSA_READ_ONLY=maybe", "HALOPSA_READ_ONLY"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        struct tt t;
        int rc = tt_start(&t, FW_ENV((char *)bad[i][0]), NULL);
        CHECK(rc != 0);
        char *err = tl_stderr(&t.proc);
        CHECK_CONTAINS(err, bad[i][1]);
        free(err);
        CHECK(tt_stop(&t) != 0);
    }
}

/* Tree and dispatch change what is listed, so they must advertise
 * tools.listChanged (flat may or may not: the MCP core decides). */
static void test_list_changed_capability(void)
{
    static const char *const modes[] = {"tree", "flat", "dispatch"};
    static const int expect[] = {1, -1, 1};
    char url[64];
    struct sim *sim = tl_sim_start(url, sizeof url);
    for (size_t i = 0; i < 3; i++) {
        struct tl_proc p;
        char env_mode[64], env_url[128];
        snprintf(env_mode, sizeof env_mode, "HALOPSA_TOOL_MODE=%s", modes[i]);
        snprintf(env_url, sizeof env_url, "HALOPSA_BASE_URL=%s", url);
        char *argv[] = {(char *)tl_bin("halopsa-mcp"), NULL};
        char *const env[] = {env_mode, env_url, "HALOPSA_CLIENT_ID=" SIM_DEMO_CLIENT_ID,
                             "HALOPSA_CLIENT_SECRET=" SIM_DEMO_CLIENT_SECRET, "HALOPSA_TENANT=",
                             "HALOPSA_READ_ONLY=", "HALOPSA_DOMAINS=", "HALOPSA_EXCLUDE_TOOLS=",
                             NULL};
        CHECK_INT(tl_spawn(&p, argv, env), 0);
        json_t *init = tl_initialize(&p, NULL);
        CHECK(init != NULL);
        json_t *lc = json_object_get(json_object_get(json_object_get(init, "capabilities"),
                                                     "tools"),
                                     "listChanged");
        if (expect[i] == 1)
            CHECK(json_is_true(lc));
        json_decref(init);
        CHECK_INT(tl_finish(&p, 10000), 0);
        tl_proc_free(&p);
    }
    sim_stop(sim);
}

static void test_annotations_and_titles(void)
{
    struct tt t;
    CHECK_INT(tt_start(&t, FW_ENV("HALOPSA_TOOL_MODE=flat", "HALOPSA_DOMAINS=all"), NULL), 0);
    json_t *resp = tl_rpc(&t.proc, "tools/list", NULL, 10000);
    size_t i;
    json_t *tool;
    int seen = 0;
    json_array_foreach(json_object_get(json_object_get(resp, "result"), "tools"), i, tool) {
        const char *name = json_string_value(json_object_get(tool, "name"));
        json_t *a = json_object_get(tool, "annotations");
        if (!json_string_value(json_object_get(tool, "title")))
            harness_fail(__FILE__, __LINE__, "%s has no title", name);
        if (!a)
            harness_fail(__FILE__, __LINE__, "%s has no annotations", name);
        json_t *props = json_object_get(json_object_get(tool, "inputSchema"), "properties");
        if (strcmp(name, "halopsa_statuses_list") == 0) {
            CHECK(json_is_true(json_object_get(a, "readOnlyHint")));
            CHECK(json_is_true(json_object_get(a, "openWorldHint")));
            CHECK(json_object_get(props, "max_rows") != NULL);
            /* structured output without a schema the host must compile */
            CHECK(json_object_get(tool, "outputSchema") == NULL);
            seen++;
        }
        if (strcmp(name, "halopsa_statuses_create") == 0) {
            /* create-or-update: overwrites when given an id */
            CHECK(!json_is_true(json_object_get(a, "readOnlyHint")));
            CHECK(json_is_true(json_object_get(a, "destructiveHint")));
            CHECK(!json_is_true(json_object_get(a, "idempotentHint")));
            CHECK(json_object_get(props, "dry_run") != NULL);
            CHECK(json_object_get(props, "confirm") != NULL);
            seen++;
        }
        if (strcmp(name, "halopsa_statuses_delete") == 0) {
            CHECK(json_is_true(json_object_get(a, "destructiveHint")));
            CHECK(json_is_true(json_object_get(a, "idempotentHint")));
            CHECK(json_object_get(props, "confirm") != NULL);
            seen++;
        }
    }
    CHECK_INT(seen, 3);
    json_decref(resp);
    CHECK_INT(tt_stop(&t), 0);
}


/* Read-only mode over MCP (issue 11.6): a write tool called by name is a
 * tool error saying why, in every mode, whatever its arguments; so is a
 * tool left out by HALOPSA_DOMAINS or HALOPSA_EXCLUDE_TOOLS. Only a name
 * no catalogue has stays a JSON-RPC "Unknown tool". */
static void test_unavailable_tools_say_why(void)
{
    static const char *const modes[] = {"HALOPSA_TOOL_MODE=tree", "HALOPSA_TOOL_MODE=flat",
                                        "HALOPSA_TOOL_MODE=dispatch"};
    for (size_t m = 0; m < 3; m++) {
        struct tt t;
        TT_START(&t, FW_ENV((char *)modes[m], "HALOPSA_READ_ONLY=true"));
        tt_clear_requests(&t);
        json_t *rpc = NULL;
        json_t *r = fw_call(&t, "halopsa_statuses_create", "{\"name\":\"X\"}", &rpc);
        CHECK(r != NULL && rpc == NULL);
        CHECK(tt_is_error(r));
        CHECK_CONTAINS(tt_text(r), "halopsa_statuses_create");
        CHECK_CONTAINS(tt_text(r), "unavailable because read-only mode is on");
        json_decref(r);
        json_decref(rpc);
        rpc = NULL;
        /* arguments it would reject: still the reason, not a validation */
        r = fw_call(&t, "halopsa_tickets_create", "{\"bogus\":1}", &rpc);
        CHECK(r != NULL && rpc == NULL);
        CHECK(tt_is_error(r));
        CHECK_CONTAINS(tt_text(r), "read-only mode is on");
        json_decref(r);
        json_decref(rpc);
        rpc = NULL;
        r = fw_call(&t, "halopsa_statuses_delete", "{\"id\":6,\"confirm\":true}", &rpc);
        CHECK(r != NULL && tt_is_error(r));
        CHECK_CONTAINS(r ? tt_text(r) : "", "read-only mode is on");
        json_decref(r);
        json_decref(rpc);
        rpc = NULL;
        r = fw_call(&t, "halopsa_nosuch_list", NULL, &rpc);
        CHECK(r == NULL && rpc != NULL);
        CHECK_INT(json_integer_value(json_object_get(rpc, "code")), -32602);
        json_decref(r);
        json_decref(rpc);
        CHECK_INT(fw_count(&t, "POST", "/api/*"), 0);
        CHECK_INT(fw_count(&t, "DELETE", "/api/*"), 0);
        CHECK_INT(tt_stop(&t), 0);

        TT_START(&t, FW_ENV((char *)modes[m], "HALOPSA_DOMAINS=statuses,outcomes",
                            "HALOPSA_EXCLUDE_TOOLS=halopsa_statuses_delete"));
        rpc = NULL;
        r = fw_call(&t, "halopsa_statuses_delete", "{\"id\":6,\"confirm\":true}", &rpc);
        CHECK(r != NULL && rpc == NULL && tt_is_error(r));
        CHECK_CONTAINS(r ? tt_text(r) : "",
                       "unavailable because it is excluded by HALOPSA_EXCLUDE_TOOLS");
        json_decref(r);
        json_decref(rpc);
        rpc = NULL;
        r = fw_call(&t, "halopsa_actions_list", "{\"ticket_id\":1}", &rpc);
        CHECK(r != NULL && rpc == NULL && tt_is_error(r));
        CHECK_CONTAINS(r ? tt_text(r) : "", "domain 'actions' is not enabled (HALOPSA_DOMAINS=");
        json_decref(r);
        json_decref(rpc);
        CHECK_INT(fw_count(&t, "DELETE", "/api/*"), 0);
        CHECK_INT(fw_count(&t, "GET", "/api/Actions*"), 0);
        CHECK_INT(tt_stop(&t), 0);
    }
}

/* Every navigation tool is callable in every mode (issue 11, docs): a
 * host that cached another mode's list is never told "Unknown tool". */
static void test_navigation_tools_in_every_mode(void)
{
    static const char *const modes[] = {"HALOPSA_TOOL_MODE=tree", "HALOPSA_TOOL_MODE=flat",
                                        "HALOPSA_TOOL_MODE=dispatch"};
    for (size_t m = 0; m < 3; m++) {
        struct tt t;
        TT_START(&t, FW_ENV((char *)modes[m]));
        json_t *rpc = NULL;
        json_t *r = fw_call(&t, "halopsa_back", NULL, &rpc);
        CHECK(r != NULL && rpc == NULL);
        CHECK(r && !tt_is_error(r));
        json_decref(r);
        json_decref(rpc);
        rpc = NULL;
        r = fw_call(&t, "halopsa_call",
                    "{\"tool\":\"halopsa_statuses_get\",\"arguments\":{\"id\":4}}", &rpc);
        CHECK(r != NULL && rpc == NULL);
        CHECK(r && !tt_is_error(r));
        CHECK_STR(json_string_value(json_object_get(fw_sc(r), "name")), "Waiting on User");
        json_decref(r);
        json_decref(rpc);
        rpc = NULL;
        r = fw_call(&t, "halopsa_navigate", "{\"domain\":\"statuses\"}", &rpc);
        CHECK(r && !tt_is_error(r));
        json_decref(r);
        json_decref(rpc);
        rpc = NULL;
        r = fw_call(&t, "halopsa_status", NULL, &rpc);
        CHECK(r && !tt_is_error(r));
        json_decref(r);
        json_decref(rpc);
        CHECK_INT(tt_stop(&t), 0);
    }
}

static const struct test tests[] = {
    {"flat_lists_everything", test_flat_lists_everything},
    {"dispatch_fixed_list", test_dispatch_fixed_list},
    {"dispatch_read_only", test_dispatch_read_only},
    {"domain_allow_list", test_domain_allow_list},
    {"exclude_tools", test_exclude_tools},
    {"bad_settings_refuse_to_start", test_bad_settings_refuse_to_start},
    {"list_changed_capability", test_list_changed_capability},
    {"annotations_and_titles", test_annotations_and_titles},
    {"unavailable_tools_say_why", test_unavailable_tools_say_why},
    {"navigation_tools_in_every_mode", test_navigation_tools_in_every_mode},
    {NULL, NULL},
};

HARNESS_MAIN("tools_modes", tests)
