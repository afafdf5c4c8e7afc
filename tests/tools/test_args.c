/* test_args.c - arguments at the boundary, through the real binary against
 * the simulator: whole-number reals become integers wherever the schema
 * says integer, numbers no 64-bit integer holds are refused before any
 * request, and a site or user name resolves within the client given in the
 * same call (ambiguous candidates name their client). */
#include "fw_test.h"

/* {"id":1.0} is ticket 1, not ticket 0 (issue: whole-number reals). */
static void test_whole_number_id(void)
{
    struct tt t;
    CHECK_INT(tt_start(&t, NULL, NULL), 0);
    tt_clear_requests(&t);
    json_t *r = fw_call(&t, "halopsa_tickets_get", "{\"id\":1.0}", NULL);
    CHECK(r && !tt_is_error(r));
    CHECK_INT(json_integer_value(json_object_get(json_object_get(fw_sc(r), "ticket"), "id")), 1);
    json_decref(r);
    CHECK_INT(fw_count(&t, "GET", "/api/Tickets/1"), 1);
    CHECK_INT(fw_count(&t, "GET", "/api/Tickets/0"), 0);

    /* a delete of 2.0 deletes 2 */
    tt_clear_requests(&t);
    r = fw_call(&t, "halopsa_statuses_delete", "{\"id\":2.0,\"confirm\":true}", NULL);
    CHECK(r && !tt_is_error(r));
    CHECK_INT(json_integer_value(json_object_get(fw_sc(r), "id")), 2);
    json_decref(r);
    CHECK_INT(fw_count(&t, "DELETE", "/api/Status/2"), 1);
    CHECK_INT(fw_count(&t, "DELETE", "/api/Status/0"), 0);

    /* inside lists and objects too: a team given as [4.0], a custom field id 3.0 */
    tt_clear_requests(&t);
    r = fw_call(&t, "halopsa_tickets_list", "{\"team\":[4.0],\"page_size\":2.0}", NULL);
    CHECK(r && !tt_is_error(r));
    CHECK_INT(json_integer_value(json_object_get(fw_sc(r), "page_size")), 2);
    json_decref(r);
    json_t *req = fw_last(&t, "GET", "/api/Tickets");
    CHECK_STR(fw_q(req, "team"), "4");
    CHECK_STR(fw_q(req, "page_size"), "2");
    json_decref(req);
    r = fw_call(&t, "halopsa_tickets_create",
                "{\"summary\":\"x\",\"client\":1.0,\"customfields\":[{\"id\":3.0,\"value\":\"a\"}],"
                "\"dry_run\":true}",
                NULL);
    CHECK(r && !tt_is_error(r));
    json_t *rec = json_array_get(json_object_get(fw_sc(r), "body"), 0);
    CHECK(json_is_integer(json_object_get(rec, "client_id")));
    CHECK(json_is_integer(json_object_get(
        json_array_get(json_object_get(rec, "customfields"), 0), "id")));
    json_decref(r);
    CHECK_INT(tt_stop(&t), 0);
}

/* 1e300 passes the schema's "integer" (it is whole) but fits no 64-bit
 * integer: a clear argument error, no request, no float-to-int overflow. */
static void test_out_of_range_refused(void)
{
    static const struct {
        const char *tool, *args, *arg;
    } cases[] = {
        {"halopsa_tickets_list", "{\"page\":1e300}", "'page'"},
        {"halopsa_tickets_list", "{\"client\":1e300}", "'client'"},
        {"halopsa_tickets_get", "{\"id\":1e19}", "'id'"},
        {"halopsa_statuses_delete", "{\"id\":-1e300,\"confirm\":true}", "'id'"},
        {"halopsa_tickets_list", "{\"team\":[1,1e300]}", "'team'"},
    };
    struct tt t;
    CHECK_INT(tt_start(&t, FW_ENV("HALOPSA_TOOL_MODE=flat"), NULL), 0);
    tt_clear_requests(&t);
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        json_t *rpc = NULL;
        json_t *r = fw_call(&t, cases[i].tool, cases[i].args, &rpc);
        const char *msg = r ? tt_text(r) : json_string_value(json_object_get(rpc, "message"));
        CHECK(r == NULL || tt_is_error(r));
        CHECK_CONTAINS(msg, cases[i].arg);
        json_decref(r);
        json_decref(rpc);
    }
    /* the ones the schema admits get the boundary's own message */
    json_t *r = fw_call(&t, "halopsa_tickets_list", "{\"client\":1e300}", NULL);
    CHECK_CONTAINS(tt_text(r), "whole number");
    json_decref(r);
    CHECK_INT(fw_count(&t, "GET", "/api/*"), 0);
    CHECK_INT(fw_count(&t, "DELETE", "/api/*"), 0);
    CHECK_INT(tt_stop(&t), 0);
}

/* "Head Office" is a site of every client: with a client in the call it is
 * that client's; without, the candidates say whose they are. */
static void test_site_within_client(void)
{
    struct tt t;
    CHECK_INT(tt_start(&t, NULL, NULL), 0);
    tt_clear_requests(&t);
    json_t *r = fw_call(&t, "halopsa_tickets_list",
                        "{\"client\":\"Oakfield\",\"site\":\"Head Office\",\"open_only\":false}",
                        NULL);
    CHECK(r && !tt_is_error(r));
    json_decref(r);
    json_t *site_req = fw_last(&t, "GET", "/api/Site");
    json_t *client_req = fw_last(&t, "GET", "/api/Client");
    json_t *list_req = fw_last(&t, "GET", "/api/Tickets");
    CHECK(site_req && client_req && list_req);
    const char *client_id = fw_q(list_req, "client_id");
    CHECK(*client_id);
    /* the site was looked up among that client's sites only */
    CHECK_STR(fw_q(site_req, "client_id"), client_id);
    CHECK(*fw_q(list_req, "site_id"));
    json_decref(site_req);
    json_decref(client_req);
    json_decref(list_req);

    /* every row is of that site */
    r = fw_call(&t, "halopsa_tickets_list",
                "{\"client\":\"Oakfield\",\"site\":\"Head Office\",\"open_only\":false}", NULL);
    size_t i;
    json_t *row;
    json_array_foreach(tt_rows(r), i, row)
        CHECK_STR(json_string_value(json_object_get(row, "client_name")),
                  "Oakfield Primary Academy");
    json_decref(r);

    r = fw_call(&t, "halopsa_tickets_list", "{\"site\":\"Head Office\"}", NULL);
    CHECK(r && tt_is_error(r));
    CHECK_CONTAINS(tt_text(r), "Oakfield Primary Academy");
    CHECK_CONTAINS(tt_text(r), "Meridian Accountancy LLP");
    CHECK_CONTAINS(tt_text(r), "the client it belongs to");
    json_decref(r);
    CHECK_INT(tt_stop(&t), 0);
}

/* A user of another client is not attached to this client's ticket. */
static void test_user_within_client(void)
{
    struct tt t;
    CHECK_INT(tt_start(&t, NULL, NULL), 0);
    /* Noah is a user at Oakfield, not at Meridian */
    json_t *r = fw_call(&t, "halopsa_tickets_list", "{\"client\":\"Oakfield\",\"user\":\"Noah\"}",
                        NULL);
    CHECK(r && !tt_is_error(r));
    json_decref(r);
    tt_clear_requests(&t);
    r = fw_call(&t, "halopsa_tickets_create",
                "{\"client\":\"Meridian Acc\",\"user\":\"Noah\",\"summary\":\"Printer jam\"}", NULL);
    CHECK(r && tt_is_error(r));
    CHECK_CONTAINS(tt_text(r), "argument 'user'");
    CHECK_CONTAINS(tt_text(r), "Noah");
    json_decref(r);
    CHECK_INT(fw_count(&t, "POST", "/api/Tickets"), 0);
    json_t *req = fw_last(&t, "GET", "/api/Users");
    CHECK(*fw_q(req, "client_id"));
    json_decref(req);
    CHECK_INT(tt_stop(&t), 0);
}

/* A model fills optional text with "": that must not wipe a field (nor
 * filter a list), on any domain. */
static void test_empty_text_not_sent(void)
{
    struct tt t;
    CHECK_INT(tt_start(&t, NULL, NULL), 0);
    json_t *r = fw_call(&t, "halopsa_tickets_update",
                        "{\"id\":5,\"status\":2,\"details\":\"\",\"dry_run\":true}", NULL);
    CHECK(r && !tt_is_error(r));
    json_t *rec = json_array_get(json_object_get(fw_sc(r), "body"), 0);
    CHECK(json_object_get(rec, "details") == NULL);
    CHECK_INT(json_integer_value(json_object_get(rec, "status_id")), 2);
    json_decref(r);
    r = fw_call(&t, "halopsa_statuses_create",
                "{\"id\":4,\"name\":\"Waiting\",\"shortname\":\"\",\"dry_run\":true}", NULL);
    CHECK(r && !tt_is_error(r));
    rec = json_array_get(json_object_get(fw_sc(r), "body"), 0);
    CHECK(json_object_get(rec, "shortname") == NULL);
    json_decref(r);
    tt_clear_requests(&t);
    r = fw_call(&t, "halopsa_clients_list", "{\"search\":\"\"}", NULL);
    CHECK(r && !tt_is_error(r));
    json_decref(r);
    json_t *req = fw_last(&t, "GET", "/api/Client");
    CHECK(json_object_get(json_object_get(req, "query"), "search") == NULL);
    json_decref(req);
    CHECK_INT(tt_stop(&t), 0);
}

static const struct test tests[] = {
    {"empty_text_not_sent", test_empty_text_not_sent},
    {"whole_number_id", test_whole_number_id},
    {"out_of_range_refused", test_out_of_range_refused},
    {"site_within_client", test_site_within_client},
    {"user_within_client", test_user_within_client},
    {NULL, NULL},
};

HARNESS_MAIN("tools_args", tests)
