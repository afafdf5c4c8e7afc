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

    /* Another domain joins the first (test_holds_recent_domains). */
    r = fw_call(&t, "halopsa_navigate", "{\"domain\":\"outcomes\"}", NULL);
    json_decref(r);
    CHECK_INT(count_changed(&t), 2);
    names = tt_list_names(&t);
    CHECK(tt_has(names, "halopsa_outcomes_list"));
    CHECK(tt_has(names, "halopsa_statuses_list"));
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
    /* no arguments: the map of domains, not an error */
    r = fw_call(&t, "halopsa_navigate", "{}", NULL);
    CHECK(r && !tt_is_error(r));
    CHECK_CONTAINS(tt_text(r), "customtabs");
    CHECK(json_array_size(json_object_get(fw_sc(r), "domains")) >= 14);
    json_decref(r);
    r = fw_call(&t, "halopsa_navigate", "{\"domain\":[\"statuses\",\"nosuch\"]}", NULL);
    CHECK(r && tt_is_error(r));
    CHECK_CONTAINS(r ? tt_text(r) : "", "'nosuch'");
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
    /* A tool of another domain brings that domain in too. */
    r = fw_call(&t, "halopsa_statuses_get", "{\"id\":1}", NULL);
    CHECK(r && !tt_is_error(r));
    json_decref(r);
    CHECK_INT(count_changed(&t), 2);
    names = tt_list_names(&t);
    CHECK(tt_has(names, "halopsa_statuses_get"));
    CHECK(tt_has(names, "halopsa_outcomes_get"));
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


/* Tree mode holds several recently used domains (issue 11.5): "look up
 * the client, then create the ticket" does not flip the list back and
 * forth, and halopsa_navigate takes several domains at once. */
static void test_holds_recent_domains(void)
{
    struct tt t;
    TT_START(&t, NULL);
    json_t *r = fw_call(&t, "halopsa_navigate", "{\"domain\":\"tickets\"}", NULL);
    json_decref(r);
    CHECK_INT(count_changed(&t), 1);
    /* a client tool called from inside tickets joins tickets */
    r = fw_call(&t, "halopsa_clients_list", "{\"page_size\":1}", NULL);
    CHECK(r && !tt_is_error(r));
    json_decref(r);
    CHECK_INT(count_changed(&t), 2);
    json_t *names = tt_list_names(&t);
    CHECK(tt_has(names, "halopsa_tickets_create"));
    CHECK(tt_has(names, "halopsa_clients_list"));
    CHECK(tt_has(names, "halopsa_back"));
    json_decref(names);
    /* back and forth between them: the list no longer changes */
    r = fw_call(&t, "halopsa_tickets_get", "{\"id\":1}", NULL);
    json_decref(r);
    r = fw_call(&t, "halopsa_clients_get", "{\"id\":1}", NULL);
    json_decref(r);
    r = fw_call(&t, "halopsa_tickets_list", "{\"page_size\":1}", NULL);
    json_decref(r);
    CHECK_INT(count_changed(&t), 2);
    /* status names the held domains, most recent first */
    r = fw_call(&t, "halopsa_status", NULL, NULL);
    json_t *held = json_object_get(fw_sc(r), "held_domains");
    CHECK_INT(json_array_size(held), 2);
    CHECK_STR(json_string_value(json_array_get(held, 0)), "tickets");
    CHECK_STR(json_string_value(json_array_get(held, 1)), "clients");
    json_decref(r);

    /* several at once */
    r = fw_call(&t, "halopsa_navigate", "{\"domain\":[\"statuses\",\"outcomes\"]}", NULL);
    CHECK(r && !tt_is_error(r));
    CHECK_CONTAINS(tt_text(r), "halopsa_statuses_list");
    CHECK_CONTAINS(tt_text(r), "halopsa_outcomes_list");
    held = json_object_get(fw_sc(r), "held");
    CHECK_STR(json_string_value(json_array_get(held, 0)), "statuses");
    json_decref(r);
    names = tt_list_names(&t);
    CHECK(tt_has(names, "halopsa_statuses_list"));
    CHECK(tt_has(names, "halopsa_outcomes_list"));
    json_decref(names);

    /* back with a domain leaves only that one; without, all */
    r = fw_call(&t, "halopsa_back", "{\"domain\":\"statuses\"}", NULL);
    CHECK(r && !tt_is_error(r));
    json_decref(r);
    names = tt_list_names(&t);
    CHECK(!tt_has(names, "halopsa_statuses_list"));
    CHECK(tt_has(names, "halopsa_outcomes_list"));
    json_decref(names);
    r = fw_call(&t, "halopsa_back", NULL, NULL);
    json_decref(r);
    names = tt_list_names(&t);
    CHECK_INT(json_array_size(names), 2);
    json_decref(names);
    CHECK_INT(tt_stop(&t), 0);
}

/* The names of the tools a query result offers, in rank order (new). */
static json_t *query_names(struct tt *t, const char *query)
{
    json_t *args = json_pack("{s:s}", "query", query);
    json_t *r = tt_call(t, "halopsa_navigate", args, NULL);
    json_t *out = json_array();
    size_t i;
    json_t *e;
    if (!r || tt_is_error(r))
        harness_fail(__FILE__, __LINE__, "query '%s' failed: %s", query, r ? tt_text(r) : "");
    json_array_foreach(json_object_get(fw_sc(r), "tools"), i, e)
        json_array_append(out, json_object_get(e, "name"));
    json_decref(r);
    return out;
}

static long rank_of(json_t *names, const char *name)
{
    size_t i;
    json_t *n;
    json_array_foreach(names, i, n) {
        if (strcmp(json_string_value(n), name) == 0)
            return (long)i;
    }
    return 1000;
}

/* Whether one of the names in want (NULL-ended) is among the first n. */
static bool in_top(json_t *names, size_t n, const char *const *want)
{
    for (size_t w = 0; want[w]; w++) {
        if (rank_of(names, want[w]) < (long)n)
            return true;
    }
    return false;
}

/* halopsa_navigate with a query: the best-matching tools across all
 * domains with their arguments. Assertions are relative, on tools that
 * stay, so they hold as the catalogue grows. */
static void test_query_finds_tools(void)
{
    static const struct {
        const char *query;
        const char *want[5]; /* one of these in the top 3 */
    } cases[] = {
        {"log two hours on 1042",
         {"halopsa_time_create", "halopsa_time_log", "halopsa_tickets_add_action", NULL}},
        {"add a private note to ticket 1042",
         {"halopsa_tickets_add_action", "halopsa_actions_create", NULL}},
        {"open a new ticket for Meridian about the printer", {"halopsa_tickets_create", NULL}},
        {"find the client Oakfield", {"halopsa_clients_search", "halopsa_clients_list", NULL}},
        {"what laptops does Oakfield have",
         {"halopsa_assets_list", "halopsa_assets_search", NULL}},
        {"show invoice 55", {"halopsa_invoices_get", NULL}},
        {"which ticket statuses are there", {"halopsa_statuses_list", NULL}},
        {"delete the custom field CFOld", {"halopsa_customfields_delete", NULL}},
        {"technicians in the service desk team", {"halopsa_agents_list",
                                                  "halopsa_teams_list", NULL}},
    };
    struct tt t;
    TT_START(&t, FW_ENV("HALOPSA_TOOL_MODE=dispatch"));
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        json_t *names = query_names(&t, cases[i].query);
        if (!in_top(names, 3, cases[i].want))
            harness_fail(__FILE__, __LINE__, "'%s': top 3 %s lacks %s", cases[i].query,
                         harness_json(names), cases[i].want[0]);
        json_decref(names);
    }
    /* relative ranking on stable tools */
    json_t *names = query_names(&t, "delete the custom field CFOld");
    CHECK(rank_of(names, "halopsa_customfields_delete") <
          rank_of(names, "halopsa_customfields_list"));
    json_decref(names);
    names = query_names(&t, "create a ticket");
    CHECK(rank_of(names, "halopsa_tickets_create") < rank_of(names, "halopsa_tickets_list"));
    CHECK(rank_of(names, "halopsa_tickets_create") < rank_of(names, "halopsa_tickettypes_create"));
    json_decref(names);

    /* the result carries arguments; dispatch says how to run them */
    json_t *r = fw_call(&t, "halopsa_navigate", "{\"query\":\"show invoice 55\",\"limit\":2}",
                        NULL);
    CHECK(r && !tt_is_error(r));
    json_t *tools = json_object_get(fw_sc(r), "tools");
    CHECK_INT(json_array_size(tools), 2);
    CHECK(json_is_array(json_object_get(json_array_get(tools, 0), "required")));
    CHECK(json_object_get(json_array_get(tools, 0), "domain") != NULL);
    CHECK_CONTAINS(tt_text(r), "halopsa_call");
    CHECK_CONTAINS(tt_text(r), "id*");
    json_decref(r);
    /* nothing matches: an answer, not an error, pointing at the domains */
    r = fw_call(&t, "halopsa_navigate", "{\"query\":\"zzyzx qwertyuiop\"}", NULL);
    CHECK(r && !tt_is_error(r));
    CHECK_INT(json_array_size(json_object_get(fw_sc(r), "tools")), 0);
    CHECK_CONTAINS(tt_text(r), "tickets");
    json_decref(r);
    CHECK_INT(tt_stop(&t), 0);
}

/* A query searches only what this configuration can call, and in tree
 * mode the best match's domain joins the list so the host can call it. */
static void test_query_respects_configuration(void)
{
    struct tt t;
    TT_START(&t, FW_ENV("HALOPSA_READ_ONLY=true"));
    json_t *names = query_names(&t, "create a new ticket");
    CHECK(rank_of(names, "halopsa_tickets_create") == 1000);
    CHECK(json_array_size(names) > 0);
    json_decref(names);
    json_t *list = tt_list_names(&t);
    CHECK(tt_has(list, "halopsa_tickets_list"));
    json_decref(list);
    CHECK_INT(tt_stop(&t), 0);
}

/* A 2026-07-28 request in tree mode (issue 15's decision): no session
 * holds a domain, so a query or several domains answer with each tool's
 * inputSchema, the list stays at the top, and the tools run by name. */
static void test_stateless_query_and_domains(void)
{
    struct tt t;
    TT_START(&t, NULL);
    json_t *meta = json_pack("{s:s, s:{s:s, s:s}, s:{}}", "io.modelcontextprotocol/protocolVersion",
                             "2026-07-28", "io.modelcontextprotocol/clientInfo", "name", "t",
                             "version", "1", "io.modelcontextprotocol/clientCapabilities");
    json_t *resp = tl_rpc(&t.proc, "tools/call",
                          json_pack("{s:s, s:{s:s}, s:O}", "name", "halopsa_navigate", "arguments",
                                    "query", "show invoice 55", "_meta", meta),
                          10000);
    json_t *sc = json_object_get(json_object_get(resp, "result"), "structuredContent");
    json_t *first = json_array_get(json_object_get(sc, "tools"), 0);
    CHECK_STR(json_string_value(json_object_get(first, "name")), "halopsa_invoices_get");
    CHECK_STR(json_string_value(json_object_get(json_object_get(first, "inputSchema"), "type")),
              "object");
    CHECK_INT(json_array_size(json_object_get(sc, "held")), 0);
    json_decref(resp);
    resp = tl_rpc(&t.proc, "tools/call",
                  json_pack("{s:s, s:{s:[s, s]}, s:O}", "name", "halopsa_navigate", "arguments",
                            "domain", "statuses", "outcomes", "_meta", meta),
                  10000);
    sc = json_object_get(json_object_get(resp, "result"), "structuredContent");
    CHECK_INT(json_array_size(json_object_get(sc, "domains")), 2);
    size_t i;
    json_t *b;
    json_array_foreach(json_object_get(sc, "tools"), i, b) {
        if (!json_object_get(b, "inputSchema"))
            harness_fail(__FILE__, __LINE__, "%s has no inputSchema",
                         json_string_value(json_object_get(b, "name")));
    }
    CHECK(json_array_size(json_object_get(sc, "tools")) >= 8);
    json_decref(resp);
    resp = tl_rpc(&t.proc, "tools/list", json_pack("{s:O}", "_meta", meta), 10000);
    CHECK_INT(json_array_size(json_object_get(json_object_get(resp, "result"), "tools")), 2);
    json_decref(resp);
    /* the session of this process saw none of it */
    json_t *names = tt_list_names(&t);
    CHECK_INT(json_array_size(names), 2);
    json_decref(names);
    CHECK_INT(count_changed(&t), 0);
    json_decref(meta);
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
    {"holds_recent_domains", test_holds_recent_domains},
    {"query_finds_tools", test_query_finds_tools},
    {"query_respects_configuration", test_query_respects_configuration},
    {"stateless_query_and_domains", test_stateless_query_and_domains},
    {NULL, NULL},
};

HARNESS_MAIN("tools_nav", tests)
