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

static const struct tools_entity invoice = {
    .noun = "invoice",
    .path = "/api/Invoice",
    .key = "invoices",
    .name_field = "invoicenumber",
    .flags = TOOLS_E_PAGED,
    .row = invoice_row_fields,
    .drop = invoice_drop,
};

static json_t *run_get(struct tools_call *c, json_t *args)
{
    json_t *rec = tools__get_one(c, tools__arg_id(args, "id"), NULL), *detail, *lines, *line;
    size_t i;
    if (!rec)
        return NULL;
    detail = tools__detail(rec, invoice.drop, 2000, args);
    if (!json_is_true(json_object_get(args, "full"))) {
        lines = json_array();
        json_array_foreach(json_object_get(rec, "lines"), i, line)
            json_array_append_new(lines, tools__row(line, line_fields));
        json_object_set_new(detail, "lines", lines);
    }
    json_decref(rec);
    return tools__result(json_pack("{s:o}", "invoice", detail));
}

/* posted=... becomes one of HaloPSA's two flags (or none). */
static const char *const posted_values[] = {
    "posted", "postedonly=true", "not_posted", "notpostedonly=true", "any", NULL, NULL,
};

/* The invoice list's window: datesearch picks the date, and the bounds are
 * start_date/end_date (with underscores, unlike tickets' startdate). */
static const struct tools_arg list_args[] = {
    {"client", TOOLS_A_REF, "Client", 0, "client_id", TOOLS_REF_CLIENT},
    {"ticket_id", TOOLS_A_INT, "Only invoices of this ticket", .range = "1.."},
    {"posted", TOOLS_A_CHOICE, "Posted to accounts or not (default any)",
     .values = posted_values},
    {"search", TOOLS_A_SEARCH, "Text to look for (invoice number, reference)"},
    {"from", TOOLS_A_DATE_FROM, "Invoice date from, e.g. 2026-09-01", 0, "start_date",
     .also = "datesearch=invoice_date"},
    {"to", TOOLS_A_DATE_TO, "Invoice date to (a bare date includes that day)", 0, "end_date",
     .also = "datesearch=invoice_date"},
    {NULL},
};

static const struct tools_arg no_args[] = {{NULL}};

const struct tools_tool tools__invoice_tools[] = {
    {
        TOOLS_V_LIST, &invoice,
        .description =
            "List invoices as compact rows: number, client, date, due date, total, amount due, "
            "posted, payment status. Filter by client (name or id), ticket_id, posted "
            "(\"posted\", \"not_posted\" or \"any\"), search text, and an invoice-date window "
            "from/to. Paging: page, page_size (max 100); max_rows walks pages.",
        .args = list_args,
    },
    {
        TOOLS_V_GET, &invoice,
        .description =
            "One invoice by id with its lines, compact (item, description, quantity, unit price, "
            "net and tax). fields lists extra fields in full; full:true returns the raw record.",
        .args = no_args,
        .run = run_get,
    },
    {TOOLS_V_NONE},
};
