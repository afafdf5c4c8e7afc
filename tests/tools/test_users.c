/* test_users.c - the users domain (end-user contacts, one row of the domain
 * table) through the real binary against the simulator: the requests
 * HaloPSA received, names resolved within the client, bad arguments,
 * records that do not exist and HaloPSA's own 400. */
#include "fw_test.h"

/* The demo tenant: Oakfield Primary Academy is client 4, its sites are
 * 8 Head Office, 9 Norwich Warehouse, 10 Norwich Branch. */

static void test_list(void)
{
    struct tt t;
    CHECK_INT(tt_start(&t, NULL, NULL), 0);
    tt_clear_requests(&t);
    json_t *r = fw_ok(&t, "halopsa_users_list", "{\"client\":\"oakfield\",\"search\":\"emily\"}");
    json_t *rows = fw_rows(r, "users");
    CHECK_INT(json_array_size(rows), 1);
    CHECK_STR(json_string_value(json_object_get(json_array_get(rows, 0), "name")),
              "Emily Bennett");
    CHECK(json_object_get(json_array_get(rows, 0), "customfields") == NULL);
    json_decref(r);
    json_t *req = fw_last(&t, "GET", "/api/Users");
    CHECK_STR(fw_q(req, "client_id"), "4");
    CHECK_STR(fw_q(req, "search"), "emily");
    CHECK_STR(fw_q(req, "pageinate"), "true");
    json_decref(req);

    /* a site named within the client; inactive users on request */
    r = fw_ok(&t, "halopsa_users_list",
              "{\"client\":\"oakfield\",\"site\":\"norwich warehouse\",\"include_inactive\":true}");
    size_t i;
    json_t *row;
    CHECK(json_array_size(fw_rows(r, "users")) > 0);
    json_array_foreach(fw_rows(r, "users"), i, row)
        CHECK_STR(json_string_value(json_object_get(row, "site_name")), "Norwich Warehouse");
    json_decref(r);
    req = fw_last(&t, "GET", "/api/Users");
    CHECK_STR(fw_q(req, "site_id"), "9");
    CHECK_STR(fw_q(req, "includeinactive"), "true");
    json_decref(req);

    /* bad arguments are refused before any request */
    tt_clear_requests(&t);
    fw_err(&t, "halopsa_users_list", "{\"page_size\":500}", "page_size");
    fw_err(&t, "halopsa_users_list", "{\"client\":\"No Such Company Ltd\"}", "client");
    fw_err(&t, "halopsa_users_list", "{\"colour\":1}", "colour");
    CHECK_INT(fw_count(&t, "GET", "/api/Users"), 0);

    /* HaloPSA's error comes through with its status */
    tt_inject(&t, 1, 400);
    fw_err(&t, "halopsa_users_list", "{}", "400");
    CHECK_INT(tt_stop(&t), 0);
}

static void test_get(void)
{
    struct tt t;
    CHECK_INT(tt_start(&t, NULL, NULL), 0);
    tt_clear_requests(&t);
    json_t *r = fw_ok(&t, "halopsa_users_get", "{\"id\":11}");
    CHECK_INT(json_integer_value(json_object_get(fw_sc(r), "id")), 11);
    CHECK_CONTAINS(tt_text(r), "Noah Fraser");
    json_decref(r);
    json_t *req = fw_last(&t, "GET", "/api/Users/11");
    CHECK_STR(fw_q(req, "includedetails"), "true");
    json_decref(req);
    fw_err(&t, "halopsa_users_get", "{\"id\":987654}", "404");
    fw_err(&t, "halopsa_users_get", "{\"id\":\"one\"}", "id");
    CHECK_INT(tt_stop(&t), 0);
}

static void test_create_update(void)
{
    struct tt t;
    CHECK_INT(tt_start(&t, NULL, NULL), 0);
    tt_clear_requests(&t);
    json_t *r = fw_ok(&t, "halopsa_users_create",
                      "{\"client\":\"oakfield\",\"site\":\"head office\",\"name\":\"Ada Lovelace\","
                      "\"emailaddress\":\"ada@oakfield-academy.example\"}");
    CHECK_STR(json_string_value(json_object_get(fw_sc(r), "result")), "created");
    json_int_t id = json_integer_value(json_object_get(fw_sc(r), "id"));
    CHECK(id > 0);
    json_decref(r);
    json_t *req = fw_last(&t, "POST", "/api/Users");
    json_t *rec = fw_body0(req);
    CHECK_INT(json_integer_value(json_object_get(rec, "site_id")), 8);
    CHECK_INT(json_integer_value(json_object_get(rec, "client_id")), 4);
    CHECK_STR(json_string_value(json_object_get(rec, "name")), "Ada Lovelace");
    CHECK(json_object_get(rec, "id") == NULL);
    json_decref(req);
    r = fw_ok(&t, "halopsa_users_list", "{\"search\":\"lovelace\"}");
    CHECK_STR(json_string_value(json_object_get(
                  json_array_get(fw_rows(r, "users"), 0), "client_name")),
              "Oakfield Primary Academy");
    json_decref(r);

    /* a user needs a site; an unknown site is HaloPSA's 400 */
    tt_clear_requests(&t);
    fw_err(&t, "halopsa_users_create", "{\"name\":\"No Site\"}", "'site'");
    CHECK_INT(fw_count(&t, "POST", "/api/Users"), 0);
    fw_err(&t, "halopsa_users_create", "{\"name\":\"Lost\",\"site\":99999}",
           "Site 99999 does not exist");
    CHECK_INT(fw_count(&t, "POST", "/api/Users"), 1);

    /* an update sends what was given, after checking the user exists */
    char args[160];
    snprintf(args, sizeof args, "{\"id\":%lld,\"phonenumber\":\"01603 000000\"}", (long long)id);
    tt_clear_requests(&t);
    r = fw_ok(&t, "halopsa_users_update", args);
    CHECK_STR(json_string_value(json_object_get(fw_sc(r), "result")), "updated");
    json_decref(r);
    req = fw_last(&t, "POST", "/api/Users");
    rec = fw_body0(req);
    CHECK_INT(json_object_size(rec), 2);
    CHECK_STR(json_string_value(json_object_get(rec, "phonenumber")), "01603 000000");
    json_decref(req);
    fw_err(&t, "halopsa_users_update", "{\"id\":987654,\"phonenumber\":\"1\"}", "Not saved");
    fw_err(&t, "halopsa_users_update", "{\"phonenumber\":\"1\"}", "id");
    CHECK_INT(fw_count(&t, "POST", "/api/Users"), 1);
    r = fw_ok(&t, "halopsa_users_update",
              "{\"id\":11,\"inactive\":true,\"dry_run\":true}");
    CHECK(json_is_true(json_object_get(fw_sc(r), "dry_run")));
    json_decref(r);
    CHECK_INT(fw_count(&t, "POST", "/api/Users"), 1);
    CHECK_INT(tt_stop(&t), 0);
}

static const struct test tests[] = {
    {"list", test_list},
    {"get", test_get},
    {"create_update", test_create_update},
    {NULL, NULL},
};

HARNESS_MAIN("users", tests)
