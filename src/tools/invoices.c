/* invoices.c - the invoices domain: list and read HaloPSA invoices (read-only). */
#include "tools_int.h"

#include "base/base.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const invoice_row_fields[] = {
    "id",    "invoicenumber", "client_name", "invoice_date", "duedate", "total",
    "amountdue", "posted",    "paymentstatus", "reference",  "ticket_id", NULL,
};

static const char *const line_fields[] = {
    "item_code", "item_shortdescription", "qty_order", "unit_price", "net_amount", "tax_amount",
    NULL,
};

/* lines are rebuilt compactly below. */
static const char *const invoice_drop[] = {"lines", NULL};

static const struct tools_list_spec invoice_list = {
    .path = "/api/Invoice",
    .wrapper = "invoices",
    .rows_key = "invoices",
    .fields = invoice_row_fields,
    .paginated = true,
};

static json_t *run_list(struct tools_call *c, json_t *args, const struct tools_tool *t)
{
    json_t *query = json_object();
    json_t *ticket = json_object_get(args, "ticket_id");
    const char *posted = json_string_value(json_object_get(args, "posted"));
    const char *search = json_string_value(json_object_get(args, "search"));
    json_t *res;
    (void)t;

    if (tools__put_ref(c, args, "client", TOOLS_REF_CLIENT, query, "client_id", false) != 0)
        goto fail;
    if (json_is_integer(ticket))
        json_object_set(query, "ticket_id", ticket);
    if (posted && strcmp(posted, "posted") == 0)
        json_object_set_new(query, "postedonly", json_true());
    else if (posted && strcmp(posted, "not_posted") == 0)
        json_object_set_new(query, "notpostedonly", json_true());
    if (search && *search)
        json_object_set_new(query, "search", json_string(search));
    if (json_object_get(args, "from") || json_object_get(args, "to")) {
        /* The invoice list's window: datesearch picks the date, and the
         * bounds are start_date/end_date (with underscores, unlike
         * tickets' startdate/enddate). */
        json_object_set_new(query, "datesearch", json_string("invoice_date"));
        if (tools__put_date(c, args, "from", false, query, "start_date") != 0 ||
            tools__put_date(c, args, "to", true, query, "end_date") != 0)
            goto fail;
    }
    res = tools__list(c, &invoice_list, args, query);
    json_decref(query);
    return res;
fail:
    json_decref(query);
    return tools__take_error(c);
}

static json_t *run_get(struct tools_call *c, json_t *args, const struct tools_tool *t)
{
    json_int_t id = tools__arg_id(args, "id");
    char path[64];
    json_t *rec, *detail, *lines, *line;
    size_t i;
    (void)t;

    snprintf(path, sizeof path, "/api/Invoice/%lld", (long long)id);
    rec = tools__get_record(c, path, NULL, "invoices", "invoice");
    if (!rec)
        return tools__take_error(c);
    detail = tools__detail(rec, invoice_drop, 2000, args);
    if (!json_is_true(json_object_get(args, "full"))) {
        lines = json_array();
        json_array_foreach(json_object_get(rec, "lines"), i, line)
            json_array_append_new(lines, tools__row(line, line_fields));
        json_object_set_new(detail, "lines", lines);
    }
    json_decref(rec);
    return tools__result(json_pack("{s:o}", "invoice", detail));
}

static const struct tools_tool invoice_tools[] = {
    {
        .name = "halopsa_invoices_list",
        .title = "List invoices",
        .description =
            "List invoices as compact rows: number, client, date, due date, total, amount due, "
            "posted, payment status. Filter by client (name or id), ticket_id, posted "
            "(\"posted\", \"not_posted\" or \"any\"), search text, and an invoice-date window "
            "from/to. Paging: page, page_size (max 100); max_rows walks pages.",
        .input_schema =
            "{\"type\":\"object\",\"properties\":{" TOOLS_REF_PROP("client", "Client") ","
            "\"ticket_id\":{\"type\":\"integer\",\"minimum\":1,\"description\":\"Only invoices "
            "of this ticket\"},"
            "\"posted\":{\"type\":\"string\",\"enum\":[\"posted\",\"not_posted\",\"any\"],"
            "\"description\":\"Posted to accounts or not (default any)\"},"
            "\"search\":{\"type\":\"string\",\"description\":\"Text to look for (invoice number, "
            "reference)\"},"
            "\"from\":{\"type\":\"string\",\"description\":\"Invoice date from, e.g. 2026-09-01\"},"
            "\"to\":{\"type\":\"string\",\"description\":\"Invoice date to (a bare date includes "
            "that day)\"}," TOOLS_PAGING_PROPS
            "},\"additionalProperties\":false}",
        .output_schema = TOOLS_LIST_OUTPUT("invoices"),
        .kind = TOOLS_READ,
        .method = "GET",
        .endpoint = "/api/Invoice",
        .run = run_list,
    },
    {
        .name = "halopsa_invoices_get",
        .title = "Get an invoice",
        .description =
            "One invoice by id with its lines, compact (item, description, quantity, unit price, "
            "net and tax). fields lists extra fields in full; full:true returns the raw record.",
        .input_schema =
            "{\"type\":\"object\",\"properties\":{"
            "\"id\":{\"type\":\"integer\",\"minimum\":1,\"description\":\"Invoice id\"},"
            "\"fields\":{\"type\":\"array\",\"items\":{\"type\":\"string\"},\"description\":"
            "\"Extra fields to include in full\"},"
            "\"full\":{\"type\":\"boolean\",\"description\":\"Return the raw record\"}"
            "},\"required\":[\"id\"],\"additionalProperties\":false}",
        .output_schema =
            "{\"type\":\"object\",\"properties\":{\"invoice\":{\"type\":\"object\"}},\"required\":"
            "[\"invoice\"]}",
        .kind = TOOLS_READ,
        .method = "GET",
        .endpoint = "/api/Invoice/{id}",
        .run = run_get,
    },
};

const struct tools_domain tools__invoices = {
    .name = "invoices",
    .title = "Invoices",
    .summary = "Invoices and their lines (read-only)",
    .tools = invoice_tools,
    .ntools = sizeof invoice_tools / sizeof invoice_tools[0],
};
