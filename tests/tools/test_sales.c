/* test_sales.c - the sales and catalogue domains (quotes, opportunities,
 * sales orders, recurring invoices, items, suppliers) end to end against
 * the simulator: the request HaloPSA received for each list, get and
 * create, names resolved to ids, bad arguments, not found and HaloPSA's
 * 400; and the list envelopes HaloPSA's sources disagree on (quotes or
 * quotations, invoices or recurring_invoices, bare or keyed), in process. */
#include "fw_test.h"

#include "tools/tools_int.h"

/* Every list sends what it should and gets rows; every get finds the
 * first row's record and 404s on an unknown id. */
static void test_lists_and_gets(void)
{
    static const struct {
        const char *domain, *path, *rows, *args, *param, *value;
    } cases[] = {
        {"quotes", "/api/Quotation", "quotes", "{\"state\":\"open\",\"client\":\"Harbourline\"}",
         "open", "true"},
        {"opportunities", "/api/Opportunities", "opportunities", "{\"state\":\"closed\"}",
         "closed_only", "true"},
        {"salesorders", "/api/SalesOrder", "salesorders", "{\"client\":\"Kestrel\"}",
         "client_id", "3"},
        {"recurringinvoices", "/api/RecurringInvoice", "recurringinvoices",
         "{\"client\":\"Harbourline\"}", "client_id", "1"},
        {"items", "/api/Item", "items", "{\"supplier\":\"Dell Tech\",\"search\":\"Dell\"}",
         "supplier_id", "1"},
        {"suppliers", "/api/Supplier", "suppliers", "{\"search\":\"UK\",\"include_inactive\":true}",
         "includeinactive", "true"},
    };
    struct tt t;
    TT_START(&t, NULL);
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char tool[64];
        tt_clear_requests(&t);
        snprintf(tool, sizeof tool, "halopsa_%s_list", cases[i].domain);
        json_t *r = fw_call(&t, tool, cases[i].args, NULL);
        CHECK(r && !tt_is_error(r));
        json_t *rows = fw_rows(r, cases[i].rows);
        if (json_array_size(rows) < 1)
            harness_fail(__FILE__, __LINE__, "%s: no rows", tool);
        json_int_t id = json_integer_value(json_object_get(json_array_get(rows, 0), "id"));
        json_decref(r);
        json_t *req = fw_last(&t, "GET", cases[i].path);
        if (!req || strcmp(fw_q(req, cases[i].param), cases[i].value) != 0 ||
            strcmp(fw_q(req, "pageinate"), "true") != 0)
            harness_fail(__FILE__, __LINE__, "%s: %s=%s not sent", tool, cases[i].param,
                         cases[i].value);
        json_decref(req);

        snprintf(tool, sizeof tool, "halopsa_%s_get", cases[i].domain);
        char args[64];
        snprintf(args, sizeof args, "{\"id\":%lld}", (long long)id);
        r = fw_call(&t, tool, args, NULL);
        if (!r || tt_is_error(r) || json_integer_value(json_object_get(fw_sc(r), "id")) != id)
            harness_fail(__FILE__, __LINE__, "%s %lld failed", tool, (long long)id);
        json_decref(r);
        r = fw_call(&t, tool, "{\"id\":987654}", NULL);
        if (!r || !tt_is_error(r) || !strstr(tt_text(r), "404"))
            harness_fail(__FILE__, __LINE__, "%s: no 404 for an unknown id", tool);
        json_decref(r);
        /* HaloPSA's 400 passes through */
        tt_inject(&t, 1, 400);
        r = fw_call(&t, tool, args, NULL);
        if (!r || !tt_is_error(r) || !strstr(tt_text(r), "400") ||
            !strstr(tt_text(r), cases[i].path))
            harness_fail(__FILE__, __LINE__, "%s: HaloPSA's 400 not passed through", tool);
        json_decref(r);
    }
    /* the filters' values are checked before any request */
    tt_clear_requests(&t);
    char *m = tt_refusal(&t, "halopsa_quotes_list", json_pack("{s:s}", "state", "won"));
    CHECK_CONTAINS(m, "state");
    free(m);
    m = tt_refusal(&t, "halopsa_items_list", json_pack("{s:s}", "supplier", "Nobody Ltd"));
    CHECK_CONTAINS(m, "supplier");
    free(m);
    CHECK_INT(fw_count(&t, "GET", "/api/Item"), 0);
    /* a quote's lines are in its detail */
    json_t *r = tt_call_ok(&t, "halopsa_quotes_get", json_pack("{s:i}", "id", 1));
    CHECK(json_array_size(fw_rows(r, "lines")) >= 1);
    json_decref(r);
    CHECK_INT(tt_stop(&t), 0);
}

static json_t *posted(struct tt *t, const char *path)
{
    json_t *req = fw_last(t, "POST", path);
    json_t *el = json_incref(json_array_get(json_object_get(req, "body"), 0));
    json_decref(req);
    return el ? el : json_object();
}

static void test_creates(void)
{
    struct tt t;
    TT_START(&t, NULL);
    tt_clear_requests(&t);
    /* a quote */
    json_t *r = tt_call_ok(&t, "halopsa_quotes_create",
                           json_pack("{s:s, s:s, s:s, s:s, s:[{s:i, s:s, s:i, s:f}]}", "title",
                                     "Spare laptops", "client", "Kestrel", "expiry_date",
                                     "2026-12-31", "note", "Ex works", "lines", "item_id", 1,
                                     "name", "Dell Latitude 5440", "quantity", 2, "price", 949.0));
    json_int_t id = json_integer_value(json_object_get(fw_sc(r), "id"));
    CHECK(id > 0);
    json_decref(r);
    json_t *el = posted(&t, "/api/Quotation");
    CHECK_STR(json_string_value(json_object_get(el, "title")), "Spare laptops");
    CHECK_INT(json_integer_value(json_object_get(el, "client_id")), 3);
    CHECK_STR(json_string_value(json_object_get(el, "expiry_date")), "2026-12-31T23:59:59");
    CHECK_INT(json_array_size(json_object_get(el, "lines")), 1);
    json_decref(el);
    r = tt_call_ok(&t, "halopsa_quotes_get", json_pack("{s:I}", "id", id));
    CHECK(json_number_value(json_object_get(fw_sc(r), "total")) > 2000);
    json_decref(r);
    char *m = tt_refusal(&t, "halopsa_quotes_create", json_pack("{s:s}", "title", "No client"));
    CHECK_CONTAINS(m, "client");
    free(m);
    /* HaloPSA's check of the client passes through */
    r = tt_call(&t, "halopsa_quotes_create",
                json_pack("{s:s, s:i}", "title", "Ghost", "client", 987654), NULL);
    CHECK(r && tt_is_error(r));
    CHECK_CONTAINS(tt_text(r), "400");
    CHECK_CONTAINS(tt_text(r), "987654");
    json_decref(r);

    /* an opportunity: the opp* fields */
    r = tt_call_ok(&t, "halopsa_opportunities_create",
                   json_pack("{s:s, s:s, s:f, s:i, s:s, s:s, s:s}", "summary",
                             "Backup for the new branch", "client", "Oakfield", "value", 4200.0,
                             "probability", 50, "target_date", "2027-01-31", "contact_name",
                             "Ava Stone", "agent", "Halo Admin"));
    id = json_integer_value(json_object_get(fw_sc(r), "id"));
    json_decref(r);
    el = posted(&t, "/api/Opportunities");
    CHECK_STR(json_string_value(json_object_get(el, "summary")), "Backup for the new branch");
    CHECK_INT((int)json_number_value(json_object_get(el, "oppvalue")), 4200);
    CHECK_INT((int)json_number_value(json_object_get(el, "oppconversionprobability")), 50);
    CHECK_STR(json_string_value(json_object_get(el, "opptargetdate")), "2027-01-31T23:59:59");
    CHECK_STR(json_string_value(json_object_get(el, "oppcontactname")), "Ava Stone");
    CHECK(json_integer_value(json_object_get(el, "client_id")) > 0);
    json_decref(el);
    r = tt_call_ok(&t, "halopsa_opportunities_get", json_pack("{s:I}", "id", id));
    CHECK_STR(json_string_value(json_object_get(fw_sc(r), "tickettype_name")), "Opportunity");
    json_decref(r);
    m = tt_refusal(&t, "halopsa_opportunities_create",
                   json_pack("{s:s, s:s, s:i}", "summary", "x", "client", "Oakfield",
                             "probability", 150));
    CHECK_CONTAINS(m, "probability");
    free(m);

    /* an item, its supplier by name */
    r = tt_call_ok(&t, "halopsa_items_create",
                   json_pack("{s:s, s:f, s:f, s:s, s:b}", "name", "USB-C dock", "baseprice",
                             149.0, "costprice", 98.0, "supplier", "TD SYNNEX", "isrecurringitem",
                             0));
    json_decref(r);
    el = posted(&t, "/api/Item");
    CHECK_STR(json_string_value(json_object_get(el, "name")), "USB-C dock");
    CHECK_INT(json_integer_value(json_object_get(el, "supplier_id")), 2);
    json_decref(el);
    m = tt_refusal(&t, "halopsa_items_create", json_pack("{s:f}", "baseprice", 1.0));
    CHECK_CONTAINS(m, "name");
    free(m);
    /* a supplier; a dry run of one sends nothing */
    r = tt_call_ok(&t, "halopsa_suppliers_create",
                   json_pack("{s:s, s:s, s:s}", "name", "Northwind Cables", "email_address",
                             "orders@northwind.example", "contact_name", "Sales"));
    CHECK(json_integer_value(json_object_get(fw_sc(r), "id")) > 0);
    json_decref(r);
    int posts = fw_count(&t, "POST", "/api/Supplier");
    r = tt_call_ok(&t, "halopsa_suppliers_create",
                   json_pack("{s:s, s:b}", "name", "Dry Ltd", "dry_run", 1));
    CHECK(json_is_true(json_object_get(fw_sc(r), "dry_run")));
    json_decref(r);
    CHECK_INT(fw_count(&t, "POST", "/api/Supplier"), posts);
    r = tt_call_ok(&t, "halopsa_suppliers_list", json_pack("{s:s}", "search", "Northwind"));
    CHECK_INT(json_integer_value(json_object_get(fw_sc(r), "record_count")), 1);
    json_decref(r);
    CHECK_INT(tt_stop(&t), 0);
}

/* HaloPSA's sources disagree on these envelopes; every form is read. */
static void test_envelopes(void)
{
    static const char *const replies[] = {
        "{\"record_count\":2,\"quotes\":[{\"id\":1},{\"id\":2}]}",
        "{\"record_count\":2,\"quotations\":[{\"id\":1},{\"id\":2}]}",
        "{\"record_count\":2,\"recurring_invoices\":[{\"id\":1},{\"id\":2}]}",
        "[{\"id\":1},{\"id\":2}]",
    };
    static const char *const keys[] = {"quotes", "quotes", "invoices", "items"};
    for (size_t i = 0; i < sizeof replies / sizeof replies[0]; i++) {
        json_t *reply = json_loads(replies[i], 0, NULL);
        int64_t count = 0;
        json_t *rows = tools__rows(reply, keys[i], &count);
        if (json_array_size(rows) != 2 || count != 2)
            harness_fail(__FILE__, __LINE__, "%s read as %zu rows", replies[i],
                         json_array_size(rows));
        json_decref(reply);
    }
}

static const struct test tests[] = {
    {"lists_and_gets", test_lists_and_gets},
    {"creates", test_creates},
    {"envelopes", test_envelopes},
    {NULL, NULL},
};

HARNESS_MAIN("tools_sales", tests)
