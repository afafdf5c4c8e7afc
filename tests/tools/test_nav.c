/* test_nav.c - tree mode end to end: the navigation tools, list_changed and
 * the tool list after navigate and back, implicit navigation on a direct
 * call, navigation state per session, and halopsa_status. */
#include "fw_test.h"

#include "sim.h"
#include "tools/tools.h"

static int count_changed(struct tt *t)
{
    return tt_count_notes(t, "notifications/tools/list_changed");
}

static void test_starts_with_navigation_only(void)
{
    struct tt t;
    CHECK_INT(tt_start(&t, NULL, NULL), 0);
    json_t *names = tt_list_names(&t);
    CHECK_INT(json_array_size(names), 2);
    CHECK(tt_has(names, "halopsa_navigate"));
    CHECK(tt_has(names, "halopsa_status"));
    CHECK(!tt_has(names, "halopsa_back"));
    CHECK(!tt_has(names, "halopsa_statuses_list"));
    json_decref(names);
    CHECK_INT(tt_stop(&t), 0);
}

static void test_navigate_and_back(void)
{
    struct tt t;
    CHECK_INT(tt_start(&t, NULL, NULL), 0);
    json_t *r = fw_call(&t, "halopsa_navigate", "{\"domain\":\"statuses\"}", NULL);
    CHECK(r && !tt_is_error(r));
    /* The result names every tool of the domain with its required args,
     * for hosts that never re-read the list. */
    CHECK_CONTAINS(tt_text(r), "halopsa_statuses_delete");
    CHECK_CONTAINS(tt_text(r), "id*");
    json_t *tools = json_object_get(fw_sc(r), "tools");
    CHECK_INT(json_array_size(tools), 4);
    CHECK_STR(json_string_value(json_object_get(json_array_get(tools, 0), "name")),
              "halopsa_statuses_list");
    CHECK_STR(json_string_value(json_object_get(fw_sc(r), "domain")), "statuses");
    json_decref(r);
    CHECK_INT(count_changed(&t), 1);

    json_t *names = tt_list_names(&t);
    CHECK(tt_has(names, "halopsa_statuses_list"));
    CHECK(tt_has(names, "halopsa_statuses_get"));
    CHECK(tt_has(names, "halopsa_statuses_create"));
    CHECK(tt_has(names, "halopsa_statuses_delete"));
    CHECK(tt_has(names, "halopsa_back"));
    CHECK(tt_has(names, "halopsa_navigate"));
    CHECK(!tt_has(names, "halopsa_outcomes_list"));
    CHECK_INT(json_array_size(names), 7);
    json_decref(names);

    /* Navigating to the same domain again changes nothing. */
    r = fw_call(&t, "halopsa_navigate", "{\"domain\":\"statuses\"}", NULL);
    CHECK(r && !tt_is_error(r));
    json_decref(r);
    CHECK_INT(count_changed(&t), 1);

    /* Another domain replaces the first. */
    r = fw_call(&t, "halopsa_navigate", "{\"domain\":\"outcomes\"}", NULL);
    json_decref(r);
    CHECK_INT(count_changed(&t), 2);
    names = tt_list_names(&t);
    CHECK(tt_has(names, "halopsa_outcomes_list"));
    CHECK(!tt_has(names, "halopsa_statuses_list"));
    json_decref(names);

    r = fw_call(&t, "halopsa_back", NULL, NULL);
    CHECK(r && !tt_is_error(r));
    CHECK_CONTAINS(tt_text(r), "Back at the top");
    json_decref(r);
    CHECK_INT(count_changed(&t), 3);
    names = tt_list_names(&t);
    CHECK_INT(json_array_size(names), 2);
    json_decref(names);

    /* back at the top: still callable (hosts cache lists), changes nothing */
    r = fw_call(&t, "halopsa_back", NULL, NULL);
    CHECK(r && !tt_is_error(r));
    CHECK_CONTAINS(tt_text(r), "Already at the top");
    json_decref(r);
    CHECK_INT(count_changed(&t), 3);
    CHECK_INT(tt_stop(&t), 0);
}

static void test_navigate_bad_domain(void)
{
    struct tt t;
    json_t *rpc = NULL;
    CHECK_INT(tt_start(&t, NULL, NULL), 0);
    json_t *r = fw_call(&t, "halopsa_navigate", "{\"domain\":\"nosuch\"}", &rpc);
    /* Either an isError result or a -32602, naming the argument. */
    if (r) {
        CHECK(tt_is_error(r));
        CHECK_CONTAINS(tt_text(r), "domain");
    } else {
        CHECK(rpc != NULL);
    }
    json_decref(r);
    json_decref(rpc);
    r = fw_call(&t, "halopsa_navigate", "{}", NULL);
    CHECK(r && tt_is_error(r));
    CHECK_CONTAINS(tt_text(r), "domain");
    json_decref(r);
    CHECK_INT(count_changed(&t), 0);
    CHECK_INT(tt_stop(&t), 0);
}

static void test_implicit_navigation(void)
{
    struct tt t;
    CHECK_INT(tt_start(&t, NULL, NULL), 0);
    /* A host that cached an old list calls a domain tool at the top. */
    json_t *r = fw_call(&t, "halopsa_outcomes_list", NULL, NULL);
    CHECK(r && !tt_is_error(r));
    CHECK_CONTAINS(tt_text(r), "Private Note");
    json_decref(r);
    CHECK_INT(count_changed(&t), 1);
    json_t *names = tt_list_names(&t);
    CHECK(tt_has(names, "halopsa_outcomes_get"));
    CHECK(tt_has(names, "halopsa_back"));
    json_decref(names);
    /* A tool of another domain moves the session again. */
    r = fw_call(&t, "halopsa_statuses_get", "{\"id\":1}", NULL);
    CHECK(r && !tt_is_error(r));
    json_decref(r);
    CHECK_INT(count_changed(&t), 2);
    names = tt_list_names(&t);
    CHECK(tt_has(names, "halopsa_statuses_get"));
    CHECK(!tt_has(names, "halopsa_outcomes_get"));
    json_decref(names);
    /* Navigation itself never counts as a domain call. */
    r = fw_call(&t, "halopsa_status", NULL, NULL);
    json_decref(r);
    CHECK_INT(count_changed(&t), 2);
    CHECK_INT(tt_stop(&t), 0);
}

static void test_state_per_session(void)
{
    char url[64];
    struct sim *sim = tl_sim_start(url, sizeof url);
    struct tt a, b;
    CHECK_INT(tt_start_with(&a, sim, NULL, NULL), 0);
    CHECK_INT(tt_start_with(&b, sim, NULL, NULL), 0);
    json_t *r = fw_call(&a, "halopsa_navigate", "{\"domain\":\"customtabs\"}", NULL);
    json_decref(r);
    json_t *na = tt_list_names(&a), *nb = tt_list_names(&b);
    CHECK(tt_has(na, "halopsa_customtabs_list"));
    CHECK(!tt_has(nb, "halopsa_customtabs_list"));
    CHECK_INT(json_array_size(nb), 2);
    CHECK_INT(count_changed(&b), 0);
    json_decref(na);
    json_decref(nb);
    r = fw_call(&b, "halopsa_status", NULL, NULL);
    CHECK(json_is_null(json_object_get(fw_sc(r), "current_domain")) ||
          !json_object_get(fw_sc(r), "current_domain"));
    json_decref(r);
    /* b inherited a's pipe ends when it was spawned: stop it first or a
     * never sees the end of its input. */
    CHECK_INT(tt_stop(&b), 0);
    CHECK_INT(tt_stop(&a), 0);
    sim_stop(sim);
}

static void test_status(void)
{
    struct tt t;
    CHECK_INT(tt_start(&t, NULL, NULL), 0);
    json_t *r = fw_call(&t, "halopsa_navigate", "{\"domain\":\"actions\"}", NULL);
    json_decref(r);
    r = fw_call(&t, "halopsa_status", NULL, NULL);
    CHECK(r && !tt_is_error(r));
    json_t *sc = fw_sc(r);
    CHECK_STR(json_string_value(json_object_get(sc, "mode")), "tree");
    CHECK_STR(json_string_value(json_object_get(sc, "current_domain")), "actions");
    CHECK_STR(json_string_value(json_object_get(sc, "base_url")), t.base_url);
    CHECK(json_is_true(json_object_get(json_object_get(sc, "credentials"), "set")));
    CHECK(json_is_true(json_object_get(json_object_get(sc, "credentials"), "valid")));
    CHECK(json_is_false(json_object_get(sc, "read_only")));
    /* every domain of the catalogue (test_catalog counts their tools) */
    json_t *catalog = tools_catalog();
    json_t *names = json_object();
    size_t k;
    json_t *e;
    json_array_foreach(catalog, k, e)
        json_object_set_new(names, json_string_value(json_object_get(e, "domain")), json_true());
    CHECK_INT(json_array_size(json_object_get(sc, "domains")), json_object_size(names));
    json_decref(names);
    json_decref(catalog);
    json_t *rl = json_object_get(sc, "rate_limit");
    CHECK(json_integer_value(json_object_get(rl, "limit")) > 0);
    CHECK(json_integer_value(json_object_get(rl, "remaining")) <=
          json_integer_value(json_object_get(rl, "limit")));
    size_t i;
    json_t *d;
    int found = 0;
    json_array_foreach(json_object_get(sc, "domains"), i, d) {
        if (strcmp(json_string_value(json_object_get(d, "name")), "statuses") == 0) {
            CHECK_INT(json_integer_value(json_object_get(d, "tools")), 4);
            found = 1;
        }
    }
    CHECK(found);
    /* Never the secret or a token. */
    char *all = json_dumps(r, JSON_COMPACT);
    CHECK_NOT_CONTAINS(all, SIM_DEMO_CLIENT_SECRET);
    CHECK_NOT_CONTAINS(all, "Bearer");
    CHECK_CONTAINS(tt_text(r), "set and valid");
    free(all);
    json_decref(r);
    CHECK_INT(tt_stop(&t), 0);
}

static void test_status_bad_credentials(void)
{
    struct tt t;
    CHECK_INT(tt_start(&t, FW_ENV("HALOPSA_CLIENT_SECRET=wrong-secret-123"), NULL), 0);
    json_t *r = fw_call(&t, "halopsa_status", NULL, NULL);
    CHECK(r && !tt_is_error(r));
    CHECK(json_is_false(json_object_get(json_object_get(fw_sc(r), "credentials"), "valid")));
    CHECK_CONTAINS(tt_text(r), "not accepted");
    char *all = json_dumps(r, JSON_COMPACT);
    CHECK_NOT_CONTAINS(all, "wrong-secret-123");
    free(all);
    json_decref(r);
    CHECK_INT(tt_stop(&t), 0);
}

static const struct test tests[] = {
    {"starts_with_navigation_only", test_starts_with_navigation_only},
    {"navigate_and_back", test_navigate_and_back},
    {"navigate_bad_domain", test_navigate_bad_domain},
    {"implicit_navigation", test_implicit_navigation},
    {"state_per_session", test_state_per_session},
    {"status", test_status},
    {"status_bad_credentials", test_status_bad_credentials},
    {NULL, NULL},
};

HARNESS_MAIN("tools_nav", tests)
