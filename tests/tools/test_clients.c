/* test_clients.c - the clients domain end to end: the real halopsa-mcp over stdio against the simulator. */
#include "fw_test.h"

#include "base/base.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void test_list(void)
{
    struct tt t;
    TT_START(&t, NULL);
    json_t *res = tt_call_ok(&t, "halopsa_clients_list", json_pack("{s:i}", "page_size", 2));
    json_t *rows = tt_rows(res);
    CHECK_INT(json_array_size(rows), 2);
    CHECK(json_is_string(json_object_get(json_array_get(rows, 0), "name")));
    CHECK(json_is_true(json_object_get(tt_sc(res), "has_more")));
    json_t *log = tt_requests(&t);
    json_t *req = tt_last_request(log, "GET", "/api/Client");
    CHECK_STR(tt_qget(req, "pageinate"), "true");
    CHECK_STR(tt_qget(req, "page_size"), "2");
    CHECK_STR(tt_qget(req, "page_no"), "1");
    CHECK(tt_qget(req, "includeinactive") == NULL);
    json_decref(log);
    json_decref(res);

    /* The inactive client shows only when asked for. */
    res = tt_call_ok(&t, "halopsa_clients_list",
                  json_pack("{s:b, s:s, s:i}", "include_inactive", 1, "search", "larkspur", "toplevel_id", 1));
    rows = tt_rows(res);
    CHECK_INT(json_array_size(rows), 1);
    CHECK_STR(json_string_value(json_object_get(json_array_get(rows, 0), "name")), "Larkspur Florists");
    log = tt_requests(&t);
    req = tt_last_request(log, "GET", "/api/Client");
    CHECK_STR(tt_qget(req, "includeinactive"), "true");
    CHECK_STR(tt_qget(req, "search"), "larkspur");
    CHECK_STR(tt_qget(req, "toplevel_id"), "1");
    json_decref(log);
    json_decref(res);

    char *m = tt_refusal(&t, "halopsa_clients_list", json_pack("{s:i}", "page", 0));
    CHECK_CONTAINS(m, "page");
    free(m);
    CHECK_INT(tt_stop(&t), 0);
}

static void test_search(void)
{
    struct tt t;
    TT_START(&t, NULL);
    json_t *res = tt_call_ok(&t, "halopsa_clients_search", json_pack("{s:s}", "query", "dental"));
    json_t *rows = tt_rows(res);
    CHECK_INT(json_array_size(rows), 1);
    CHECK_INT(json_integer_value(json_object_get(json_array_get(rows, 0), "id")), 2);
    json_t *log = tt_requests(&t);
    CHECK_STR(tt_qget(tt_last_request(log, "GET", "/api/Client"), "search"), "dental");
    json_decref(log);
    json_decref(res);
    char *m = tt_refusal(&t, "halopsa_clients_search", json_object());
    CHECK_CONTAINS(m, "query");
    free(m);
    m = tt_refusal(&t, "halopsa_clients_search", json_pack("{s:s}", "query", ""));
    CHECK_CONTAINS(m, "query");
    free(m);
    CHECK_INT(tt_stop(&t), 0);
}

static void test_get(void)
{
    struct tt t;
    TT_START(&t, NULL);
    json_t *res = tt_call_ok(&t, "halopsa_clients_get", json_pack("{s:i, s:b}", "id", 2, "include_counts", 1));
    json_t *client = json_object_get(tt_sc(res), "client");
    CHECK_STR(json_string_value(json_object_get(client, "name")), "Brightwater Dental Group");
    CHECK(json_integer_value(json_object_get(tt_sc(res), "site_count")) >= 1);
    CHECK(json_integer_value(json_object_get(tt_sc(res), "user_count")) >= 1);
    /* Custom fields come as {label: value}. */
    CHECK(json_is_object(json_object_get(client, "customfields")));
    json_t *log = tt_requests(&t);
    CHECK(tt_last_request(log, "GET", "/api/Client/2") != NULL);
    CHECK_STR(tt_qget(tt_last_request(log, "GET", "/api/Site"), "client_id"), "2");
    CHECK_STR(tt_qget(tt_last_request(log, "GET", "/api/Users"), "client_id"), "2");
    json_decref(log);
    json_decref(res);

    res = tt_call(&t, "halopsa_clients_get", json_pack("{s:i}", "id", 4242), NULL);
    CHECK(res && tt_is_error(res));
    CHECK_CONTAINS(tt_text(res), "404");
    CHECK_CONTAINS(tt_text(res), "4242");
    json_decref(res);
    char *m = tt_refusal(&t, "halopsa_clients_get", json_pack("{s:s}", "id", "Brightwater"));
    CHECK_CONTAINS(m, "id");
    free(m);
    CHECK_INT(tt_stop(&t), 0);
}

static void test_create(void)
{
    struct tt t;
    TT_START(&t, NULL);
    json_t *res = tt_call_ok(&t, "halopsa_clients_create",
                          json_pack("{s:s, s:s}", "name", "Pinecrest Veterinary", "website",
                                    "https://pinecrest.example"));
    CHECK(json_is_true(json_object_get(tt_sc(res), "created")));
    json_int_t id = json_integer_value(json_object_get(json_object_get(tt_sc(res), "client"), "id"));
    CHECK(id > 0);
    json_t *log = tt_requests(&t);
    json_t *req = tt_last_request(log, "POST", "/api/Client");
    json_t *body = json_object_get(req, "body");
    CHECK_INT(json_array_size(body), 1);
    CHECK_STR(json_string_value(json_object_get(json_array_get(body, 0), "name")), "Pinecrest Veterinary");
    CHECK(json_object_get(json_array_get(body, 0), "id") == NULL);
    json_decref(log);
    json_decref(res);

    /* The same name again (any case) is refused with the existing id. */
    tt_clear_requests(&t);
    res = tt_call(&t, "halopsa_clients_create", json_pack("{s:s}", "name", "pinecrest veterinary "), NULL);
    CHECK(res && tt_is_error(res));
    char idtext[32];
    snprintf(idtext, sizeof idtext, "id %lld", (long long)id);
    CHECK_CONTAINS(tt_text(res), idtext);
    CHECK_CONTAINS(tt_text(res), "allow_duplicate");
    json_decref(res);
    log = tt_requests(&t);
    CHECK(tt_last_request(log, "POST", "/api/Client") == NULL);
    json_decref(log);

    /* ...unless allowed. */
    res = tt_call_ok(&t, "halopsa_clients_create",
                  json_pack("{s:s, s:b}", "name", "Pinecrest Veterinary", "allow_duplicate", 1));
    CHECK(json_integer_value(json_object_get(json_object_get(tt_sc(res), "client"), "id")) > id);
    json_decref(res);
    CHECK_INT(tt_stop(&t), 0);
}

static void test_create_dry_run_and_errors(void)
{
    struct tt t;
    TT_START(&t, NULL);
    tt_clear_requests(&t);
    json_t *res = tt_call_ok(&t, "halopsa_clients_create",
                          json_pack("{s:s, s:b}", "name", "Dry Run Co", "dry_run", 1));
    CHECK(json_is_true(json_object_get(tt_sc(res), "dry_run")));
    CHECK_STR(json_string_value(json_object_get(json_array_get(json_object_get(tt_sc(res), "body"), 0), "name")),
              "Dry Run Co");
    json_decref(res);
    json_t *log = tt_requests(&t);
    CHECK(tt_last_request(log, "POST", "/api/*") == NULL);
    json_decref(log);

    char *m = tt_refusal(&t, "halopsa_clients_create", json_object());
    CHECK_CONTAINS(m, "name");
    free(m);

    /* HaloPSA refusing the POST: its status and message come through. */
    tt_inject(&t, 1, 400);
    res = tt_call(&t, "halopsa_clients_create",
                  json_pack("{s:s, s:b}", "name", "Refused Ltd", "allow_duplicate", 1), NULL);
    CHECK(res && tt_is_error(res));
    CHECK_CONTAINS(tt_text(res), "400");
    json_decref(res);
    CHECK_INT(tt_stop(&t), 0);
}

static void test_read_only(void)
{
    struct tt t;
    char *env[] = {"HALOPSA_READ_ONLY=1", "HALOPSA_TOOL_MODE=flat", NULL};
    TT_START(&t, env);
    json_t *names = tt_list_names(&t);
    CHECK(tt_has(names, "halopsa_clients_list"));
    CHECK(tt_has(names, "halopsa_clients_get"));
    CHECK(tt_has(names, "halopsa_clients_search"));
    CHECK(!tt_has(names, "halopsa_clients_create"));
    json_decref(names);
    char *m = tt_refusal(&t, "halopsa_clients_create", json_pack("{s:s}", "name", "Nope Ltd"));
    CHECK(m[0] != '\0');
    free(m);
    json_t *log = tt_requests(&t);
    CHECK(tt_last_request(log, "POST", "/api/*") == NULL);
    json_decref(log);
    CHECK_INT(tt_stop(&t), 0);
}

/* An update sends what was given, custom fields by label, after checking
 * the client exists (issue 12: clients update). */
static void test_update(void)
{
    struct tt t;
    CHECK_INT(tt_start(&t, NULL, NULL), 0);
    tt_clear_requests(&t);
    json_t *r = fw_ok(&t, "halopsa_clients_update",
                      "{\"id\":4,\"website\":\"https://oakfield-academy.example\","
                      "\"customfields\":[{\"id\":\"Contract Reference\",\"value\":\"MSA-99\"}]}");
    CHECK_STR(json_string_value(json_object_get(fw_sc(r), "result")), "updated");
    json_decref(r);
    CHECK_INT(fw_count(&t, "GET", "/api/Client/4"), 1);
    json_t *req = fw_last(&t, "POST", "/api/Client");
    json_t *rec = fw_body0(req);
    CHECK_INT(json_object_size(rec), 3);
    CHECK_INT(json_integer_value(json_object_get(rec, "id")), 4);
    CHECK_INT(json_integer_value(json_object_get(
                  json_array_get(json_object_get(rec, "customfields"), 0), "id")),
              150);
    json_decref(req);
    r = fw_ok(&t, "halopsa_clients_get", "{\"id\":4}");
    json_t *client = json_object_get(fw_sc(r), "client");
    CHECK_STR(json_string_value(json_object_get(client, "website")),
              "https://oakfield-academy.example");
    CHECK_STR(json_string_value(json_object_get(json_object_get(client, "customfields"),
                                                "Contract Reference")),
              "MSA-99");
    json_decref(r);

    tt_clear_requests(&t);
    fw_err(&t, "halopsa_clients_update", "{\"id\":987654,\"notes\":\"x\"}", "Not saved");
    fw_err(&t, "halopsa_clients_update", "{\"id\":4}", "nothing to update");
    fw_err(&t, "halopsa_clients_update", "{\"id\":4,\"name\":\"\"}", "name");
    CHECK_INT(fw_count(&t, "POST", "/api/Client"), 0);
    tt_inject(&t, 2, 400); /* the check passes, the POST is refused */
    fw_err(&t, "halopsa_clients_update", "{\"id\":4,\"notes\":\"x\"}", "400");
    CHECK_INT(tt_stop(&t), 0);
}

static const struct test tests[] = {
    {"list", test_list},
    {"search", test_search},
    {"get", test_get},
    {"create", test_create},
    {"create_dry_run_and_errors", test_create_dry_run_and_errors},
    {"read_only", test_read_only},
    {"update", test_update},
    {NULL, NULL},
};

HARNESS_MAIN("clients", tests)
