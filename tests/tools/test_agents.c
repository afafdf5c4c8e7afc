/* test_agents.c - the agents domain end to end: the real halopsa-mcp over stdio against the simulator. */
#include "harness.h"
#include "toolstest.h"

#include "base/base.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void test_agents_list(void)
{
    struct tt t;
    TT_START(&t, NULL);
    json_t *res = tt_call_ok(&t, "halopsa_agents_list", json_pack("{s:s}", "team", "field"));
    json_t *rows = tt_rows(res);
    CHECK_INT(json_array_size(rows), 2);
    size_t i;
    json_t *row;
    json_array_foreach(rows, i, row)
        CHECK_STR(json_string_value(json_object_get(row, "team")), "Field Engineering");
    json_t *log = tt_requests(&t);
    json_t *req = tt_last_request(log, "GET", "/api/Agent");
    CHECK_STR(tt_qget(req, "team_id"), "4");
    CHECK(tt_qget(req, "includedisabled") == NULL);
    json_decref(log);
    json_decref(res);

    res = tt_call_ok(&t, "halopsa_agents_list",
                  json_pack("{s:s, s:b, s:i}", "search", "raman", "include_disabled", 1, "page_size", 10));
    rows = tt_rows(res);
    CHECK_INT(json_array_size(rows), 1);
    CHECK_STR(json_string_value(json_object_get(json_array_get(rows, 0), "name")), "Priya Raman");
    log = tt_requests(&t);
    req = tt_last_request(log, "GET", "/api/Agent");
    CHECK_STR(tt_qget(req, "search"), "raman");
    CHECK_STR(tt_qget(req, "includedisabled"), "true");
    json_decref(log);
    json_decref(res);

    char *m = tt_refusal(&t, "halopsa_agents_list", json_pack("{s:s}", "team", "Astronauts"));
    CHECK_CONTAINS(m, "team");
    free(m);
    CHECK_INT(tt_stop(&t), 0);
}

static void test_agents_get(void)
{
    struct tt t;
    TT_START(&t, NULL);
    json_t *res = tt_call_ok(&t, "halopsa_agents_get", json_pack("{s:i}", "id", 3));
    CHECK_STR(json_string_value(json_object_get(json_object_get(tt_sc(res), "agent"), "name")), "Priya Raman");
    json_decref(res);
    res = tt_call_ok(&t, "halopsa_agents_get", json_pack("{s:s}", "id", "me"));
    CHECK(json_is_integer(json_object_get(json_object_get(tt_sc(res), "agent"), "id")));
    json_decref(res);
    json_t *log = tt_requests(&t);
    CHECK(tt_last_request(log, "GET", "/api/Agent/3") != NULL);
    CHECK(tt_last_request(log, "GET", "/api/Agent/me") != NULL);
    json_decref(log);

    res = tt_call(&t, "halopsa_agents_get", json_pack("{s:i}", "id", 9999), NULL);
    CHECK(res && tt_is_error(res));
    CHECK_CONTAINS(tt_text(res), "404");
    CHECK_CONTAINS(tt_text(res), "9999");
    json_decref(res);
    char *m = tt_refusal(&t, "halopsa_agents_get", json_pack("{s:s}", "id", "someone"));
    CHECK_CONTAINS(m, "'id'");
    free(m);
    CHECK_INT(tt_stop(&t), 0);
}

static void test_teams_list(void)
{
    struct tt t;
    TT_START(&t, NULL);
    json_t *res = tt_call_ok(&t, "halopsa_teams_list", NULL);
    json_t *rows = tt_rows(res);
    CHECK_INT(json_array_size(rows), 4);
    CHECK_STR(json_string_value(json_object_get(json_array_get(rows, 0), "name")), "1st Line Support");
    CHECK_STR(json_string_value(json_object_get(json_array_get(rows, 0), "department_name")), "Service Desk");
    json_t *log = tt_requests(&t);
    CHECK(tt_last_request(log, "GET", "/api/Team") != NULL);
    json_decref(log);
    json_decref(res);
    tt_inject(&t, 1, 403);
    res = tt_call(&t, "halopsa_teams_list", NULL, NULL);
    CHECK(res && tt_is_error(res));
    CHECK_CONTAINS(tt_text(res), "403");
    json_decref(res);
    char *m = tt_refusal(&t, "halopsa_teams_list", json_pack("{s:s}", "page", "two"));
    CHECK_CONTAINS(m, "page");
    free(m);
    CHECK_INT(tt_stop(&t), 0);
}

static const struct test tests[] = {
    {"agents_list", test_agents_list},
    {"agents_get", test_agents_get},
    {"teams_list", test_teams_list},
    {NULL, NULL},
};

HARNESS_MAIN("agents", tests)
