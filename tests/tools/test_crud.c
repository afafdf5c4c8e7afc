/* test_crud.c - the eight generic CRUD domains through the real binary
 * against the simulator: list, get, create, update and delete, the request
 * HaloPSA received, bad arguments, records that do not exist, HaloPSA's
 * own validation errors, read-only refusal and delete confirmation. */
#include "fw_test.h"

#include <stdarg.h>

#include "sim.h"

struct entity {
    const char *domain;     /* tool prefix after halopsa_ */
    const char *endpoint;   /* "/api/Status" */
    const char *rows_key;
    const char *parent;     /* extra JSON members for get/delete/list, e.g. "\"ticket_id\":1," */
    int existing_id;
    const char *existing_name; /* text a get of existing_id shows */
    const char *create;     /* create arguments (JSON members) */
    const char *name_field; /* the field holding the name */
    const char *created;    /* name given at create */
};

static const struct entity entities[] = {
    {"tickettypes", "/api/TicketType", "tickettypes", "", 1, "Incident",
     "\"name\":\"Security Incident\",\"agentscanselect\":true", "name", "Security Incident"},
    {"statuses", "/api/Status", "statuses", "", 4, "Waiting on User",
     "\"name\":\"Parked\",\"shortname\":\"Park\"", "name", "Parked"},
    {"outcomes", "/api/Outcome", "outcomes", "", 1, "Private Note",
     "\"outcome\":\"Site Visit\",\"buttonname\":\"Visit\"", "outcome", "Site Visit"},
    {"actions", "/api/Actions", "actions", "\"ticket_id\":1,", 1, "Email Received",
     "\"ticket_id\":1,\"outcome\":\"note\",\"note\":\"Checked the logs\"", "outcome", "Note"},
    {"customfields", "/api/FieldInfo", "customfields", "", 150, "CFContractRef",
     "\"name\":\"CFWarranty\",\"label\":\"Warranty\",\"usage\":1", "name", "CFWarranty"},
    {"customtables", "/api/CustomTable", "customtables", "", 1, "Software Licences",
     "\"name\":\"Vehicles\",\"db_name\":\"CTVehicles\"", "name", "Vehicles"},
    {"customtabs", "/api/Tabs", "customtabs", "", 1, "Licences",
     "\"name\":\"Monitoring\",\"url\":\"https://mon.example\"", "name", "Monitoring"},
    {"custombuttons", "/api/CustomButton", "custombuttons", "", 1, "OpenRMM",
     "\"name\":\"Ping\",\"label\":\"Ping device\"", "name", "Ping"},
};
#define NENT (sizeof entities / sizeof entities[0])

static char *tool(const struct entity *e, const char *verb)
{
    return xasprintf("halopsa_%s_%s", e->domain, verb);
}

static json_t *call_fmt(struct tt *t, const char *name, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static json_t *call_fmt(struct tt *t, const char *name, const char *fmt, ...)
{
    char args[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(args, sizeof args, fmt, ap);
    va_end(ap);
    return fw_call(t, name, args, NULL);
}

static void test_list(void)
{
    struct tt t;
    CHECK_INT(tt_start(&t, FW_ENV("HALOPSA_TOOL_MODE=flat"), NULL), 0);
    for (size_t i = 0; i < NENT; i++) {
        const struct entity *e = &entities[i];
        char *name = tool(e, "list");
        tt_clear_requests(&t);
        json_t *r = call_fmt(&t, name, "{%s\"page_size\":1}", e->parent);
        CHECK(r && !tt_is_error(r));
        json_t *sc = fw_sc(r);
        json_t *rows = json_object_get(sc, e->rows_key);
        if (!json_is_array(rows))
            harness_fail(__FILE__, __LINE__, "%s: no %s rows: %s", name, e->rows_key,
                         harness_json(sc));
        CHECK_INT(json_array_size(rows), 1);
        CHECK(json_integer_value(json_object_get(sc, "record_count")) >= 2);
        CHECK(json_is_true(json_object_get(sc, "has_more")));
        CHECK_INT(json_integer_value(json_object_get(sc, "page")), 1);
        CHECK(json_object_get(json_array_get(tt_rows(r), 0), "id") != NULL);
        CHECK_CONTAINS(tt_text(r), e->rows_key);
        json_decref(r);
        json_t *req = fw_last(&t, "GET", e->endpoint);
        if (!req)
            harness_fail(__FILE__, __LINE__, "%s: no GET %s", name, e->endpoint);
        if (*e->parent)
            CHECK_STR(fw_q(req, "ticket_id"), "1");
        json_decref(req);

        /* page 2 continues where page 1 ended */
        r = call_fmt(&t, name, "{%s\"page_size\":1,\"page\":2}", e->parent);
        CHECK(r && !tt_is_error(r));
        CHECK_INT(json_integer_value(json_object_get(fw_sc(r), "page")), 2);
        CHECK_INT(json_array_size(json_object_get(fw_sc(r), e->rows_key)), 1);
        json_decref(r);

        /* bad arguments name the field */
        r = call_fmt(&t, name, "{%s\"page_size\":500}", e->parent);
        CHECK(r && tt_is_error(r));
        CHECK_CONTAINS(tt_text(r), "page_size");
        json_decref(r);
        free(name);
    }
    CHECK_INT(tt_stop(&t), 0);
}

static void test_list_search_and_filters(void)
{
    struct tt t;
    CHECK_INT(tt_start(&t, NULL, NULL), 0);
    json_t *r = fw_call(&t, "halopsa_statuses_list", "{\"search\":\"waiting on\"}", NULL);
    CHECK(r && !tt_is_error(r));
    json_t *rows = tt_rows(r);
    CHECK_INT(json_array_size(rows), 2);
    CHECK_INT(json_integer_value(json_object_get(fw_sc(r), "record_count")), 2);
    json_decref(r);
    /* a ticket-type filter given by name reaches HaloPSA as its id */
    tt_clear_requests(&t);
    r = fw_call(&t, "halopsa_outcomes_list", "{\"tickettype_id\":\"service req\"}", NULL);
    CHECK(r && !tt_is_error(r));
    json_decref(r);
    json_t *req = fw_last(&t, "GET", "/api/Outcome");
    CHECK_STR(fw_q(req, "tickettype_id"), "3");
    json_decref(req);
    /* actions need their ticket */
    r = fw_call(&t, "halopsa_actions_list", "{}", NULL);
    CHECK(r && tt_is_error(r));
    CHECK_CONTAINS(tt_text(r), "ticket_id");
    json_decref(r);
    r = fw_call(&t, "halopsa_actions_list", "{\"ticket_id\":1,\"excludeprivate\":true}", NULL);
    CHECK(r && !tt_is_error(r));
    json_decref(r);
    req = fw_last(&t, "GET", "/api/Actions");
    CHECK_STR(fw_q(req, "excludeprivate"), "true");
    json_decref(req);
    CHECK_INT(tt_stop(&t), 0);
}

static void test_get(void)
{
    struct tt t;
    CHECK_INT(tt_start(&t, FW_ENV("HALOPSA_TOOL_MODE=flat"), NULL), 0);
    for (size_t i = 0; i < NENT; i++) {
        const struct entity *e = &entities[i];
        char *name = tool(e, "get");
        char path[128];
        tt_clear_requests(&t);
        json_t *r = call_fmt(&t, name, "{%s\"id\":%d}", e->parent, e->existing_id);
        CHECK(r && !tt_is_error(r));
        CHECK_INT(json_integer_value(json_object_get(fw_sc(r), "id")), e->existing_id);
        CHECK_CONTAINS(tt_text(r), e->existing_name);
        json_decref(r);
        snprintf(path, sizeof path, "%s/%d", e->endpoint, e->existing_id);
        json_t *req = fw_last(&t, "GET", path);
        if (!req)
            harness_fail(__FILE__, __LINE__, "%s: no GET %s", name, path);
        CHECK_STR(fw_q(req, "includedetails"), "true");
        json_decref(req);

        /* not found: HaloPSA's 404 with the endpoint */
        r = call_fmt(&t, name, "{%s\"id\":987654}", e->parent);
        CHECK(r && tt_is_error(r));
        CHECK_CONTAINS(tt_text(r), "404");
        CHECK_CONTAINS(tt_text(r), "987654");
        json_decref(r);

        /* bad arguments */
        r = call_fmt(&t, name, "{%s\"id\":\"one\"}", e->parent);
        CHECK(r && tt_is_error(r));
        CHECK_CONTAINS(tt_text(r), "id");
        json_decref(r);
        r = call_fmt(&t, name, "{%s\"colour\":1,\"id\":1}", e->parent);
        CHECK(r && tt_is_error(r));
        CHECK_CONTAINS(tt_text(r), "colour");
        json_decref(r);
        free(name);
    }
    CHECK_INT(tt_stop(&t), 0);
}

static void test_create_update_delete(void)
{
    struct tt t;
    CHECK_INT(tt_start(&t, FW_ENV("HALOPSA_TOOL_MODE=flat"), NULL), 0);
    for (size_t i = 0; i < NENT; i++) {
        const struct entity *e = &entities[i];
        char *create = tool(e, "create"), *get = tool(e, "get"), *del = tool(e, "delete");
        tt_clear_requests(&t);
        json_t *r = call_fmt(&t, create, "{%s}", e->create);
        CHECK(r && !tt_is_error(r));
        json_t *sc = fw_sc(r);
        CHECK_STR(json_string_value(json_object_get(sc, "result")), "created");
        json_int_t id = json_integer_value(json_object_get(sc, "id"));
        CHECK(id > 0);
        CHECK_CONTAINS(tt_text(r), "Created");
        json_decref(r);
        /* what HaloPSA received: a one-element array without id */
        json_t *req = fw_last(&t, "POST", e->endpoint);
        json_t *body = json_object_get(req, "body");
        CHECK(json_is_array(body));
        CHECK_INT(json_array_size(body), 1);
        CHECK(json_object_get(json_array_get(body, 0), "id") == NULL);
        json_decref(req);

        r = call_fmt(&t, get, "{%s\"id\":%lld}", e->parent, (long long)id);
        CHECK(r && !tt_is_error(r));
        CHECK_STR(json_string_value(json_object_get(fw_sc(r), e->name_field)), e->created);
        json_decref(r);

        /* update: the same POST with the id, after checking it exists */
        tt_clear_requests(&t);
        r = call_fmt(&t, create, "{%s\"id\":%lld,\"record\":{\"colour\":\"#123456\"}}",
                     e->parent, (long long)id);
        CHECK(r && !tt_is_error(r));
        CHECK_STR(json_string_value(json_object_get(fw_sc(r), "result")), "updated");
        json_decref(r);
        req = fw_last(&t, "POST", e->endpoint);
        body = json_array_get(json_object_get(req, "body"), 0);
        CHECK_INT(json_integer_value(json_object_get(body, "id")), id);
        CHECK_STR(json_string_value(json_object_get(body, "colour")), "#123456");
        json_decref(req);

        /* delete with confirmation */
        tt_clear_requests(&t);
        r = call_fmt(&t, del, "{%s\"id\":%lld,\"confirm\":true}", e->parent, (long long)id);
        CHECK(r && !tt_is_error(r));
        CHECK_CONTAINS(tt_text(r), "Deleted");
        json_decref(r);
        char path[128];
        snprintf(path, sizeof path, "%s/%lld", e->endpoint, (long long)id);
        req = fw_last(&t, "DELETE", path);
        if (!req)
            harness_fail(__FILE__, __LINE__, "%s: no DELETE %s", del, path);
        if (*e->parent)
            CHECK_STR(fw_q(req, "ticket_id"), "1");
        json_decref(req);
        r = call_fmt(&t, get, "{%s\"id\":%lld}", e->parent, (long long)id);
        CHECK(r && tt_is_error(r));
        json_decref(r);
        /* deleting what is gone: HaloPSA's 404 */
        r = call_fmt(&t, del, "{%s\"id\":%lld,\"confirm\":true}", e->parent, (long long)id);
        CHECK(r && tt_is_error(r));
        CHECK_CONTAINS(tt_text(r), "404");
        json_decref(r);
        free(create);
        free(get);
        free(del);
    }
    CHECK_INT(tt_stop(&t), 0);
}

static void test_create_needs_fields(void)
{
    struct tt t;
    CHECK_INT(tt_start(&t, FW_ENV("HALOPSA_TOOL_MODE=flat"), NULL), 0);
    tt_clear_requests(&t);
    for (size_t i = 0; i < NENT; i++) {
        const struct entity *e = &entities[i];
        char *create = tool(e, "create");
        json_t *r = fw_call(&t, create, "{}", NULL);
        CHECK(r && tt_is_error(r));
        CHECK_CONTAINS(tt_text(r), "required to create");
        CHECK_CONTAINS(tt_text(r), *e->parent ? "ticket_id" : e->name_field);
        json_decref(r);
        free(create);
    }
    json_t *r = fw_call(&t, "halopsa_actions_create", "{\"ticket_id\":1}", NULL);
    CHECK(r && tt_is_error(r));
    CHECK_CONTAINS(tt_text(r), "'outcome'");
    json_decref(r);
    r = fw_call(&t, "halopsa_statuses_create", "{\"name\":\"X\",\"bogus\":1}", NULL);
    CHECK(r && tt_is_error(r));
    CHECK_CONTAINS(tt_text(r), "bogus");
    json_decref(r);
    CHECK_INT(fw_count(&t, "POST", "/api/*"), 0);
    CHECK_INT(tt_stop(&t), 0);
}

static void test_halo_validation_passed_through(void)
{
    struct tt t;
    char err[256];
    CHECK_INT(tt_start(&t, NULL, NULL), 0);
    /* HaloPSA's own message for a bad reference */
    json_t *r = fw_call(&t, "halopsa_actions_create",
                        "{\"ticket_id\":1,\"outcome\":4242,\"note\":\"x\"}", NULL);
    CHECK(r && tt_is_error(r));
    CHECK_CONTAINS(tt_text(r), "400");
    CHECK_CONTAINS(tt_text(r), "Outcome 4242 does not exist");
    CHECK_CONTAINS(tt_text(r), "/api/Actions");
    json_decref(r);
    /* any 400 HaloPSA answers reaches the model with status and path */
    CHECK_INT(sim_faults(t.sim, "{\"fail_nth\":{\"n\":1,\"status\":400}}", err, sizeof err), 0);
    r = fw_call(&t, "halopsa_customtables_create", "{\"name\":\"Boats\"}", NULL);
    CHECK(r && tt_is_error(r));
    CHECK_CONTAINS(tt_text(r), "400");
    CHECK_CONTAINS(tt_text(r), "POST /api/CustomTable");
    CHECK_CONTAINS(tt_text(r), "Simulated failure");
    json_decref(r);
    CHECK_INT(tt_stop(&t), 0);

    /* every create and delete passes HaloPSA's refusal on, naming the
     * request */
    CHECK_INT(tt_start(&t, FW_ENV("HALOPSA_TOOL_MODE=flat"), NULL), 0);
    for (size_t i = 0; i < NENT; i++) {
        const struct entity *e = &entities[i];
        char *create = tool(e, "create"), *del = tool(e, "delete");
        char want[128];
        /* names resolved first, so the fault hits the POST itself */
        json_t *dry = call_fmt(&t, create, "{%s,\"dry_run\":true}", e->create);
        CHECK(dry && !tt_is_error(dry));
        json_decref(dry);
        CHECK_INT(sim_faults(t.sim, "{\"fail_nth\":{\"n\":1,\"status\":400}}", err,
                             sizeof err),
                  0);
        r = call_fmt(&t, create, "{%s}", e->create);
        CHECK(r && tt_is_error(r));
        snprintf(want, sizeof want, "HaloPSA 400 on POST %s", e->endpoint);
        CHECK_CONTAINS(tt_text(r), want);
        json_decref(r);
        CHECK_INT(sim_faults(t.sim, "{\"fail_nth\":{\"n\":1,\"status\":400}}", err,
                             sizeof err),
                  0);
        r = call_fmt(&t, del, "{%s\"id\":%d,\"confirm\":true}", e->parent, e->existing_id);
        CHECK(r && tt_is_error(r));
        snprintf(want, sizeof want, "HaloPSA 400 on DELETE %s/%d", e->endpoint, e->existing_id);
        CHECK_CONTAINS(tt_text(r), want);
        json_decref(r);
        free(create);
        free(del);
    }
    CHECK_INT(tt_stop(&t), 0);
}

static void test_action_defaults_and_names(void)
{
    struct tt t;
    CHECK_INT(tt_start(&t, NULL, NULL), 0);
    tt_clear_requests(&t);
    json_t *r = fw_call(&t, "halopsa_actions_create",
                        "{\"ticket_id\":2,\"outcome\":\"private\",\"note\":\"Called the user\","
                        "\"new_status\":\"in prog\"}",
                        NULL);
    CHECK(r && !tt_is_error(r));
    CHECK_CONTAINS(tt_text(r), "hiddenfromuser=true");
    CHECK_CONTAINS(tt_text(r), "sendemail=false");
    json_decref(r);
    json_t *req = fw_last(&t, "POST", "/api/Actions");
    json_t *body = json_array_get(json_object_get(req, "body"), 0);
    CHECK_INT(json_integer_value(json_object_get(body, "outcome_id")), 1);
    CHECK(json_object_get(body, "outcome") == NULL);
    CHECK_INT(json_integer_value(json_object_get(body, "new_status")), 2);
    CHECK(json_is_true(json_object_get(body, "hiddenfromuser")));
    CHECK(json_is_false(json_object_get(body, "sendemail")));
    CHECK_INT(json_number_value(json_object_get(body, "timetaken")), 0);
    json_decref(req);
    /* given values win over the defaults, and nothing is said about them */
    r = fw_call(&t, "halopsa_actions_create",
                "{\"ticket_id\":2,\"outcome\":2,\"note\":\"Hi\",\"hiddenfromuser\":false,"
                "\"sendemail\":true,\"timetaken\":0.5}",
                NULL);
    CHECK(r && !tt_is_error(r));
    CHECK_NOT_CONTAINS(tt_text(r), "Defaults applied");
    json_decref(r);
    req = fw_last(&t, "POST", "/api/Actions");
    body = json_array_get(json_object_get(req, "body"), 0);
    CHECK(json_is_false(json_object_get(body, "hiddenfromuser")));
    CHECK(json_is_true(json_object_get(body, "sendemail")));
    json_decref(req);
    CHECK_INT(tt_stop(&t), 0);
}

static void test_read_only_and_confirmation_everywhere(void)
{
    struct tt t;
    CHECK_INT(tt_start(&t, FW_ENV("HALOPSA_TOOL_MODE=dispatch", "HALOPSA_READ_ONLY=1"), NULL), 0);
    tt_clear_requests(&t);
    for (size_t i = 0; i < NENT; i++) {
        const struct entity *e = &entities[i];
        char args[512];
        snprintf(args, sizeof args,
                 "{\"tool\":\"halopsa_%s_create\",\"arguments\":{%s}}", e->domain, e->create);
        json_t *r = fw_call(&t, "halopsa_call", args, NULL);
        CHECK(r && tt_is_error(r));
        CHECK_CONTAINS(tt_text(r), "read-only");
        json_decref(r);
        snprintf(args, sizeof args,
                 "{\"tool\":\"halopsa_%s_delete\",\"arguments\":{%s\"id\":%d,\"confirm\":true}}",
                 e->domain, e->parent, e->existing_id);
        r = fw_call(&t, "halopsa_call", args, NULL);
        CHECK(r && tt_is_error(r));
        CHECK_CONTAINS(tt_text(r), "read-only");
        json_decref(r);
    }
    CHECK_INT(fw_count(&t, "POST", "/api/*"), 0);
    CHECK_INT(fw_count(&t, "DELETE", "/api/*"), 0);
    CHECK_INT(tt_stop(&t), 0);

    CHECK_INT(tt_start(&t, FW_ENV("HALOPSA_TOOL_MODE=flat"), NULL), 0);
    tt_clear_requests(&t);
    for (size_t i = 0; i < NENT; i++) {
        const struct entity *e = &entities[i];
        char *del = tool(e, "delete");
        json_t *r = call_fmt(&t, del, "{%s\"id\":%d}", e->parent, e->existing_id);
        CHECK(r && tt_is_error(r));
        CHECK_CONTAINS(tt_text(r), "confirm");
        json_decref(r);
        free(del);
    }
    CHECK_INT(fw_count(&t, "DELETE", "/api/*"), 0);
    CHECK_INT(tt_stop(&t), 0);
}

static const struct test tests[] = {
    {"list", test_list},
    {"list_search_and_filters", test_list_search_and_filters},
    {"get", test_get},
    {"create_update_delete", test_create_update_delete},
    {"create_needs_fields", test_create_needs_fields},
    {"halo_validation_passed_through", test_halo_validation_passed_through},
    {"action_defaults_and_names", test_action_defaults_and_names},
    {"read_only_and_confirmation_everywhere", test_read_only_and_confirmation_everywhere},
    {NULL, NULL},
};

HARNESS_MAIN("tools_crud", tests)
