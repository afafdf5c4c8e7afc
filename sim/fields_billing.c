/* fields_billing.c - the money side as HaloPSA sends and checks it:
 * invoices and recurring invoices (InvoiceHeader), quotations
 * (QuotationHeader), sales orders (OrderHead), items (Item), suppliers
 * (Company) and client contracts (ContractHeader) with their billing
 * periods and the hours used in each. */
#include "domains.h"
#include "server_int.h"

#include "base/base.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* ---- derivations ---- */

static json_t *d_amountpaid(const struct rctx *c, const struct sim_field *f)
{
    (void)f;
    return json_real(json_number_value(json_object_get(c->stored, "total")) -
                     json_number_value(json_object_get(c->stored, "amountdue")));
}

/* The name of a billing period in months (a: the months field). */
static json_t *d_period_name(const struct rctx *c, const struct sim_field *f)
{
    json_int_t m = sim__int(c->stored, f->a, 1);
    return json_string(m == 12 ? "Annually" : m == 3 ? "Quarterly" : m == 6 ? "Six-Monthly"
                                                                   : "Monthly");
}

/* Whether a contract's end date has passed. */
static bool contract_expired(const json_t *r)
{
    int64_t end;
    const char *s = sim__str(r, "end_date");
    return s && strcmp(s, SIM_DATE_UNSET) != 0 && sim__parse_date(s, &end) == 0 &&
           end < base_wall_ms();
}

static json_t *d_expired(const struct rctx *c, const struct sim_field *f)
{
    (void)f;
    return json_boolean(contract_expired(c->stored));
}

static json_t *d_agent_name(const struct rctx *c, const struct sim_field *f)
{
    json_int_t a = sim__int(c->stored, f->a, -1);
    return a > 0 ? sim__name_of(c->db, "Agent", a, "name") : json_string("");
}

/* ---- field tables ---- */

const struct sim_field sim__invoice_fields[] = {
    SIM_FLD("id", 'i', 0, "0"),
    SIM_FLD("invoicenumber", 's', 0, ""),
    SIM_FLD("thirdpartyinvoicenumber", 's', 0, ""),
    SIM_FLD("client_id", 'i', 0, "-1"),
    SIM_DER("client_name", 0, sim__d_name, "Client", "client_id", "name", SIM_F_LIVE),
    SIM_FLD("site_id", 'i', 0, "-1"),
    SIM_DER("site_name", 0, sim__d_name, "Site", "site_id", "name", SIM_F_LIVE),
    SIM_FLD("invoice_date", 'd', 0, NULL),
    SIM_FLD("duedate", 'd', 0, NULL),
    SIM_FLD("datepaid", 'd', 0, NULL),
    SIM_FLD("total", 'r', 0, "0"),
    SIM_FLD("amountdue", 'r', 0, "0"),
    SIM_DER("amountpaid", 0, d_amountpaid, NULL, NULL, NULL, 0),
    SIM_FLD("posted", 'b', 0, "0"),
    SIM_FLD("paymentstatus", 'i', 0, "0"),
    SIM_FLD("reference", 's', 0, ""),
    SIM_FLD("currency", 'i', 0, "1"),
    SIM_FLD("currency_code", 's', 0, "GBP"),
    SIM_FLD("ticket_id", 'i', 0, "-1"),
    SIM_FLD("contract_id", 'i', 0, "-1"),
    SIM_FLD("void", 'b', 0, "0"),
    SIM_FLD("notes_1", 's', 0, ""),
    SIM_FLD("accountsid", 's', 0, ""),
    SIM_DER("lines", 0, sim__d_lines, "lines", NULL, NULL, SIM_F_LIVE),
    SIM_FLD("customfields", 'a', 1, NULL),
    SIM_FLD("pdftemplate_id", 'i', 1, "-1"),
    SIM_END,
};

const struct sim_field sim__recurring_fields[] = {
    SIM_FLD("id", 'i', 0, "0"),
    SIM_FLD("client_id", 'i', 0, "-1"),
    SIM_DER("client_name", 0, sim__d_name, "Client", "client_id", "name", SIM_F_LIVE),
    SIM_FLD("site_id", 'i', 0, "-1"),
    SIM_DER("site_name", 0, sim__d_name, "Site", "site_id", "name", SIM_F_LIVE),
    SIM_FLD("invoicenumber", 's', 0, ""),
    SIM_FLD("reference", 's', 0, ""),
    SIM_FLD("is_recurring_invoice", 'b', 0, "1"),
    SIM_FLD("period", 'i', 0, "1"),
    SIM_DER("periodname", 0, d_period_name, "period", NULL, NULL, 0),
    SIM_FLD("schedule_date", 'd', 0, NULL),
    SIM_FLD("nextcreationdate", 'd', 0, NULL),
    SIM_FLD("startdate", 'd', 0, NULL),
    SIM_FLD("enddate", 'd', 0, NULL),
    SIM_FLD("total", 'r', 0, "0"),
    SIM_FLD("tax_total", 'r', 0, "0"),
    SIM_FLD("currency", 'i', 0, "1"),
    SIM_FLD("currency_code", 's', 0, "GBP"),
    SIM_FLD("contract_id", 'i', 0, "-1"),
    SIM_DER("contract_ref", 0, sim__d_name, "ClientContract", "contract_id", "ref", SIM_F_LIVE),
    SIM_FLD("ticket_id", 'i', 0, "-1"),
    SIM_FLD("approval_status", 'i', 0, "0"),
    SIM_FLD("notes_1", 's', 0, ""),
    SIM_DER("lines", 0, sim__d_lines, "lines", NULL, NULL, SIM_F_LIVE),
    SIM_FLD("posted", 'b', 1, "0"),
    SIM_FLD("date_created", 'd', 1, NULL),
    SIM_FLD("customfields", 'a', 1, NULL),
    SIM_END,
};

const struct sim_field sim__quote_fields[] = {
    SIM_FLD("id", 'i', 0, "0"),
    SIM_FLD("title", 's', 0, ""),
    SIM_FLD("ticket_id", 'i', 0, "-1"),
    SIM_FLD("status", 'i', 0, "0"),
    SIM_FLD("date", 'd', 0, NULL),
    SIM_FLD("expiry_date", 'd', 0, NULL),
    SIM_FLD("revenue", 'r', 0, "0"),
    SIM_FLD("tax_total", 'r', 0, "0"),
    SIM_FLD("total", 'r', 0, "0"),
    SIM_FLD("note", 's', 0, ""),
    SIM_FLD("user_id", 'i', 0, "-1"),
    SIM_DER("user_name", 0, sim__d_name, "Users", "user_id", "name", SIM_F_LIVE),
    SIM_FLD("site_id", 'i', 0, "-1"),
    SIM_DER("site_name", 0, sim__d_name, "Site", "site_id", "name", SIM_F_LIVE),
    SIM_FLD("client_id", 'i', 0, "-1"),
    SIM_DER("client_name", 0, sim__d_name, "Client", "client_id", "name", SIM_F_LIVE),
    SIM_FLD("agent_id", 'i', 0, "-1"),
    SIM_FLD("assigned_agent", 'i', 0, "-1"),
    SIM_DER("assigned_agent_name", 0, d_agent_name, "assigned_agent", NULL, NULL, SIM_F_LIVE),
    SIM_FLD("currency_code", 'i', 0, "1"),
    SIM_FLD("approvalstate", 'i', 0, "0"),
    SIM_FLD("approvalname", 's', 0, ""),
    SIM_FLD("approvalemailaddress", 's', 0, ""),
    SIM_FLD("approvaldatetime", 'd', 0, NULL),
    SIM_FLD("approvalnote", 's', 0, ""),
    SIM_FLD("ponumber", 's', 0, ""),
    SIM_FLD("salesorder_id", 'i', 0, "-1"),
    SIM_FLD("createdbyagentname", 's', 0, ""),
    SIM_FLD("last_update_time", 'd', 0, NULL),
    SIM_DER("lines", 0, sim__d_lines, "lines", NULL, NULL, SIM_F_LIVE),
    SIM_FLD("scope", 's', 1, ""),
    SIM_FLD("customfields", 'a', 1, NULL),
    SIM_END,
};

const struct sim_field sim__order_fields[] = {
    SIM_FLD("id", 'i', 0, "0"),
    SIM_FLD("title", 's', 0, ""),
    SIM_FLD("ticket_id", 'i', 0, "-1"),
    SIM_FLD("user_id", 'i', 0, "-1"),
    SIM_DER("user_name", 0, sim__d_name, "Users", "user_id", "name", SIM_F_LIVE),
    SIM_FLD("site_id", 'i', 0, "-1"),
    SIM_DER("site_name", 0, sim__d_name, "Site", "site_id", "name", SIM_F_LIVE),
    SIM_FLD("client_id", 'i', 0, "-1"),
    SIM_DER("client_name", 0, sim__d_name, "Client", "client_id", "name", SIM_F_LIVE),
    SIM_FLD("assigned_agent", 'i', 0, "-1"),
    SIM_DER("assigned_agent_name", 0, d_agent_name, "assigned_agent", NULL, NULL, SIM_F_LIVE),
    SIM_FLD("open_status", 'i', 0, "1"),
    SIM_FLD("status", 'i', 0, "0"),
    SIM_FLD("date", 'd', 0, NULL),
    SIM_FLD("ship_date", 'd', 0, NULL),
    SIM_FLD("total", 'r', 0, "0"),
    SIM_FLD("cost", 'r', 0, "0"),
    SIM_FLD("profit", 'r', 0, "0"),
    SIM_FLD("note", 's', 0, ""),
    SIM_FLD("po_number", 's', 0, ""),
    SIM_FLD("invoice_date", 'd', 0, NULL),
    SIM_FLD("invoicenumber", 's', 0, ""),
    SIM_FLD("quotation_id", 'i', 0, "-1"),
    SIM_FLD("createdbyagentname", 's', 0, ""),
    SIM_FLD("last_update_time", 'd', 0, NULL),
    SIM_DER("lines", 0, sim__d_lines, "lines", NULL, NULL, SIM_F_LIVE),
    SIM_FLD("percentage_invoiced", 'r', 1, "0"),
    SIM_FLD("customfields", 'a', 1, NULL),
    SIM_END,
};

const struct sim_field sim__item_fields[] = {
    SIM_FLD("id", 'i', 0, "0"),
    SIM_FLD("use", 's', 0, "item"),
    SIM_FLD("name", 's', 0, ""),
    SIM_FLD("inactive", 'b', 0, "0"),
    SIM_FLD("assetgroup_id", 'i', 0, "-1"),
    SIM_FLD("assettype_id", 'i', 0, "-1"),
    SIM_DER("assettype_name", 0, sim__d_name, "AssetType", "assettype_id", "name", SIM_F_LIVE),
    SIM_FLD("description", 's', 0, ""),
    SIM_FLD("supplier_part_code", 's', 0, ""),
    SIM_FLD("internalreference", 's', 0, ""),
    SIM_FLD("externalreference", 's', 0, ""),
    SIM_FLD("quantity_in_stock", 'r', 0, "0"),
    SIM_FLD("baseprice", 'r', 0, "0"),
    SIM_FLD("costprice", 'r', 0, "0"),
    SIM_FLD("supplier_id", 'i', 0, "-1"),
    SIM_DER("supplier_name", 0, sim__d_name, "Supplier", "supplier_id", "name", SIM_F_LIVE),
    SIM_FLD("taxcode", 'i', 0, "1"),
    SIM_FLD("accountsid", 's', 0, ""),
    SIM_FLD("isrecurringitem", 'b', 0, "0"),
    SIM_FLD("recurringprice", 'r', 0, "0"),
    SIM_FLD("note", 's', 1, ""),
    SIM_FLD("customfields", 'a', 1, NULL),
    SIM_END,
};

const struct sim_field sim__supplier_fields[] = {
    SIM_FLD("id", 'i', 0, "0"),
    SIM_FLD("name", 's', 0, ""),
    SIM_FLD("toplevel_id", 'i', 0, "-1"),
    SIM_FLD("toplevel_name", 's', 0, ""),
    SIM_FLD("contact_name", 's', 0, ""),
    SIM_FLD("email_address", 's', 0, ""),
    SIM_FLD("support_email_address", 's', 0, ""),
    SIM_FLD("phone_number", 's', 0, ""),
    SIM_FLD("inactive", 'b', 0, "0"),
    SIM_FLD("accounts_id", 's', 0, ""),
    SIM_FLD("portal_url", 's', 0, ""),
    SIM_FLD("notes", 's', 1, ""),
    SIM_FLD("address", 's', 1, ""),
    SIM_FLD("datecreated", 'd', 1, NULL),
    SIM_FLD("customfields", 'a', 1, NULL),
    SIM_END,
};

const struct sim_field sim__contract_fields[] = {
    SIM_FLD("id", 'i', 0, "0"),
    SIM_FLD("client_id", 'i', 0, "-1"),
    SIM_DER("client_name", 0, sim__d_name, "Client", "client_id", "name", SIM_F_LIVE),
    SIM_FLD("ref", 's', 0, ""),
    SIM_FLD("start_date", 'd', 0, NULL),
    SIM_FLD("end_date", 'd', 0, NULL),
    SIM_FLD("started", 'b', 0, "1"),
    SIM_DER("expired", 0, d_expired, NULL, NULL, NULL, SIM_F_LIVE),
    SIM_FLD("numberofunitsfree", 'r', 0, "0"),
    SIM_FLD("billingperiod", 'i', 0, "1"),
    SIM_DER("billing_period_string", 0, d_period_name, "billingperiod", NULL, NULL, 0),
    SIM_FLD("status", 'i', 0, "1"),
    SIM_FLD("contract_status", 's', 0, "Active"),
    SIM_FLD("site_id", 'i', 0, "-1"),
    SIM_DER("site_name", 0, sim__d_name, "Site", "site_id", "name", SIM_F_LIVE),
    SIM_FLD("sla_id", 'i', 0, "-1"),
    SIM_DER("sla_name", 0, sim__d_name, "SLA", "sla_id", "name", SIM_F_LIVE),
    SIM_FLD("periodchargeamount", 'r', 0, "0"),
    SIM_FLD("chargehoursperperiod", 'r', 0, "0"),
    SIM_FLD("termmonths", 'i', 0, "12"),
    SIM_FLD("rollingcontract", 'b', 0, "0"),
    SIM_FLD("next_invoice_date", 'd', 0, NULL),
    SIM_FLD("note", 's', 0, ""),
    SIM_FLD("contracttype", 's', 1, ""),
    SIM_FLD("customfields", 'a', 1, NULL),
    SIM_END,
};

/* ---- filters ---- */

static bool is_posted(struct sim_db *db, const json_t *r)
{
    (void)db;
    return json_is_true(json_object_get(r, "posted"));
}

/* A quote is open until it is approved or rejected (approvalstate 1 / 2). */
static bool quote_open(struct sim_db *db, const json_t *r)
{
    (void)db;
    return sim__int(r, "approvalstate", 0) == 0;
}

static bool order_open(struct sim_db *db, const json_t *r)
{
    (void)db;
    return sim__int(r, "open_status", 1) != 0;
}

static bool match_quote_status(struct sim_db *db, const json_t *r, const char *v)
{
    (void)db;
    return sim__int(r, "status", 0) == atoll(v);
}

const struct sim_filter sim__invoice_filters[] = {
    {"client_id", "client_id", SIM_EQ, NULL, NULL, NULL},
    {"site_id", "site_id", SIM_EQ, NULL, NULL, NULL},
    {"ticket_id", "ticket_id", SIM_EQ, NULL, NULL, NULL},
    {"contract_id", "contract_id", SIM_EQ, NULL, NULL, NULL},
    {"postedonly", NULL, SIM_TRUE, NULL, is_posted, NULL},
    {"notpostedonly", NULL, SIM_FALSE, NULL, is_posted, NULL},
    {NULL, NULL, SIM_EQ, NULL, NULL, NULL},
};
static const char *const invoice_date_choices[] = {"duedate", "duedate", NULL};
/* Invoices take the date window with underscored names. */
const struct sim_dates sim__invoice_dates = {"start_date", "end_date", "invoice_date", NULL,
                                             "datesearch", invoice_date_choices};

const struct sim_filter sim__recurring_filters[] = {
    {"client_id", "client_id", SIM_EQ, NULL, NULL, NULL},
    {"client_ids", "client_id", SIM_IN, NULL, NULL, NULL},
    {"site_id", "site_id", SIM_EQ, NULL, NULL, NULL},
    {"contract_id", "contract_id", SIM_EQ, NULL, NULL, NULL},
    {"ticket_id", "ticket_id", SIM_EQ, NULL, NULL, NULL},
    {NULL, NULL, SIM_EQ, NULL, NULL, NULL},
};

const struct sim_filter sim__quote_filters[] = {
    {"client_id", "client_id", SIM_EQ, NULL, NULL, NULL},
    {"site_id", "site_id", SIM_EQ, NULL, NULL, NULL},
    {"user_id", "user_id", SIM_EQ, NULL, NULL, NULL},
    {"ticket_id", "ticket_id", SIM_EQ, NULL, NULL, NULL},
    {"quote_status", NULL, SIM_MATCH, NULL, NULL, match_quote_status},
    {"open", NULL, SIM_TRUE, NULL, quote_open, NULL},
    {"closed", NULL, SIM_FALSE, NULL, quote_open, NULL},
    {NULL, NULL, SIM_EQ, NULL, NULL, NULL},
};

const struct sim_filter sim__order_filters[] = {
    {"client_id", "client_id", SIM_EQ, NULL, NULL, NULL},
    {"client_ids", "client_id", SIM_IN, NULL, NULL, NULL},
    {"site_id", "site_id", SIM_EQ, NULL, NULL, NULL},
    {"user_id", "user_id", SIM_EQ, NULL, NULL, NULL},
    {"ticket_id", "ticket_id", SIM_EQ, NULL, NULL, NULL},
    {"open", NULL, SIM_TRUE, NULL, order_open, NULL},
    {"closed", NULL, SIM_FALSE, NULL, order_open, NULL},
    {NULL, NULL, SIM_EQ, NULL, NULL, NULL},
};

const struct sim_filter sim__item_filters[] = {
    {"supplier_id", "supplier_id", SIM_EQ, NULL, NULL, NULL},
    {"assetgroup_id", "assetgroup_id", SIM_EQ, NULL, NULL, NULL},
    {NULL, NULL, SIM_EQ, NULL, NULL, NULL},
};

const struct sim_filter sim__supplier_filters[] = {
    {"toplevel_id", "toplevel_id", SIM_EQ, NULL, NULL, NULL},
    {NULL, NULL, SIM_EQ, NULL, NULL, NULL},
};

static bool contract_ended(struct sim_db *db, const json_t *r)
{
    (void)db;
    return contract_expired(r);
}

const struct sim_filter sim__contract_filters[] = {
    {"client_id", "client_id", SIM_EQ, NULL, NULL, NULL},
    {"site_id", "site_id", SIM_EQ, NULL, NULL, NULL},
    {NULL, NULL, SIM_EQ, NULL, NULL, NULL},
};
/* Expired contracts are the "inactive" ones (includeinactive shows them). */
bool sim__contract_inactive(struct sim_db *db, const json_t *r)
{
    return contract_ended(db, r);
}

/* ---- POST rules ---- */

const struct sim_ref sim__billing_refs[] = {
    {"client_id", "Client", "Client", "Client", false},
    {"site_id", "Site", NULL, "Site", false},
    {"user_id", "Users", NULL, "User", false},
    {"ticket_id", "Tickets", NULL, "Ticket", false},
    {"contract_id", "ClientContract", NULL, "Contract", false},
    {"quotation_id", "Quotation", NULL, "Quotation", false},
    {"assigned_agent", "Agent", NULL, "Agent", false},
    {NULL, NULL, NULL, NULL, false},
};
const struct sim_ref sim__item_refs[] = {
    {"supplier_id", "Supplier", NULL, "Supplier", false},
    {"assettype_id", "AssetType", NULL, "Asset Type", false},
    {NULL, NULL, NULL, NULL, false},
};
const struct sim_ref sim__contract_refs[] = {
    {"client_id", "Client", "Client", "Client", false},
    {"site_id", "Site", NULL, "Site", false},
    {"sla_id", "SLA", NULL, "SLA", false},
    {NULL, NULL, NULL, NULL, false},
};

/* Lines carry their own totals; the header's total is their sum. */
static void total_lines(json_t *rec, const char *qty, const char *price)
{
    json_t *lines = json_object_get(rec, "lines");
    double total = 0;
    size_t i;
    json_t *l;
    if (!json_is_array(lines) || json_array_size(lines) == 0)
        return;
    json_array_foreach(lines, i, l) {
        double q = json_number_value(json_object_get(l, qty));
        double p = json_number_value(json_object_get(l, price));
        if (json_is_object(l) && !json_object_get(l, "net_amount"))
            json_object_set_new(l, "net_amount", json_real(q * p));
        total += json_is_object(l) ? json_number_value(json_object_get(l, "net_amount")) : 0;
    }
    json_object_set_new(rec, "total", json_real((double)(int64_t)(total * 120.0 + 0.5) / 100.0));
}

int sim__invoice_complete(struct sim_db *db, json_t *rec, bool is_new, char *err, size_t errlen)
{
    (void)db;
    (void)err;
    (void)errlen;
    if (is_new)
        total_lines(rec, "qty_order", "unit_price");
    return 0;
}

int sim__quote_complete(struct sim_db *db, json_t *rec, bool is_new, char *err, size_t errlen)
{
    char now[32];
    (void)db;
    (void)err;
    (void)errlen;
    if (is_new)
        total_lines(rec, "quantity", "price");
    json_object_set_new(rec, "last_update_time", json_string(sim__format_date(now, base_wall_ms())));
    return 0;
}

int sim__contract_complete(struct sim_db *db, json_t *rec, bool is_new, char *err, size_t errlen)
{
    int64_t s, e;
    const char *sd = sim__str(rec, "start_date"), *ed = sim__str(rec, "end_date");
    (void)db;
    (void)is_new;
    if (sd && sim__parse_date(sd, &s) != 0)
        return sim__fail(err, errlen, "start_date '%s' is not a date", sd);
    if (ed && strcmp(ed, SIM_DATE_UNSET) != 0) {
        if (sim__parse_date(ed, &e) != 0)
            return sim__fail(err, errlen, "end_date '%s' is not a date", ed);
        if (sd && e < s)
            return sim__fail(err, errlen, "The End Date must be after the Start Date");
    }
    json_int_t bp = sim__int(rec, "billingperiod", 1);
    if (bp != 1 && bp != 3 && bp != 6 && bp != 12)
        return sim__fail(err, errlen, "billingperiod must be 1, 3, 6 or 12 (months)");
    return 0;
}

/* ---- rendering additions: contract periods ---- */

/* Hours logged on the client's tickets (or the contract's own) between
 * two dates. */
static double hours_used(struct sim_db *db, const json_t *contract, int64_t from, int64_t to)
{
    json_int_t cid = sim__int(contract, "id", 0), client = sim__int(contract, "client_id", -1);
    double h = 0;
    size_t i;
    json_t *a;
    json_array_foreach(sim__db_all(db, "Actions"), i, a) {
        int64_t when;
        double t = json_number_value(json_object_get(a, "timetaken"));
        if (t <= 0 || sim__parse_date(sim__str(a, "datetime"), &when) != 0 || when < from ||
            when >= to)
            continue;
        json_t *tk = sim__db_get(db, "Tickets", sim__int(a, "ticket_id", 0));
        json_int_t tcon = sim__int(tk, "contract_id", -1);
        if (tk && (tcon == cid || (tcon <= 0 && sim__int(tk, "client_id", -2) == client)))
            h += t;
    }
    return (double)(int64_t)(h * 100.0 + 0.5) / 100.0;
}

/* Adds months to a date (ms), keeping the day of the month where it can. */
static int64_t add_months(int64_t ms, int months)
{
    char buf[32];
    int y, m, d;
    sim__format_date(buf, ms);
    if (sscanf(buf, "%d-%d-%d", &y, &m, &d) != 3)
        return ms;
    m += months;
    y += (m - 1) / 12;
    m = (m - 1) % 12 + 1;
    snprintf(buf, sizeof buf, "%04d-%02d-%02dT00:00:00", y, m, d > 28 ? 28 : d);
    int64_t out = ms;
    sim__parse_date(buf, &out);
    return out;
}

/* A get with includeperiods lists the billing periods up to the current one
 * (ContractPeriod: hours in, used, remaining). */
void sim__contract_finish(const struct rctx *c, json_t *out)
{
    int64_t start, end = INT64_MAX, now = base_wall_ms();
    const char *ed = sim__str(c->stored, "end_date");
    int months = (int)sim__int(c->stored, "billingperiod", 1);
    double allowance = json_number_value(json_object_get(c->stored, "numberofunitsfree"));
    json_t *periods;
    if (!c->detail || !c->db || !sim__qflag(c->query, "includeperiods") ||
        sim__parse_date(sim__str(c->stored, "start_date"), &start) != 0)
        return;
    if (ed && strcmp(ed, SIM_DATE_UNSET) != 0)
        sim__parse_date(ed, &end);
    periods = json_array();
    for (int n = 1; start < end && start <= now && n <= 120; n++) {
        int64_t next = add_months(start, months < 1 ? 1 : months);
        double used = hours_used(c->db, c->stored, start, next);
        char sd[32], nd[32], name[64];
        snprintf(name, sizeof name, "Period %d", n);
        json_array_append_new(
            periods, json_pack("{s:I, s:I, s:s, s:s, s:s, s:b, s:f, s:f, s:f, s:f}", "id",
                               (json_int_t)(sim__int(c->stored, "id", 0) * 1000 + n),
                               "contract_id", (json_int_t)sim__int(c->stored, "id", 0), "name",
                               name, "start_date", sim__format_date(sd, start), "end_date",
                               sim__format_date(nd, next - 1000), "current",
                               start <= now && now < next, "hours_in_period", allowance,
                               "hours_used", used, "hours_remaining",
                               allowance > used ? allowance - used : 0.0, "hours_charged", used));
        start = next;
    }
    json_object_set_new(out, "periods", periods);
}

/* ---- POST /api/Quotation/Approval ---- */

/* [{id, result:true|false, approvalname, approvalemailaddress, approvalnote,
 * ponumber}] (SW QuotationApproval): the quote is approved or rejected. */
int sim__quote_route(struct sim_call *c)
{
    static const char *const copy[] = {"approvalname", "approvalemailaddress", "approvalnote",
                                       "ponumber"};
    json_t *in, *elem, *done = NULL;
    size_t i;
    int status = 200;
    char now[32];
    if (strcasecmp(c->sub, "Approval") != 0 || strcmp(c->method, "POST") != 0)
        return 0;
    in = json_loadb(c->body ? c->body : "", c->body_len, 0, NULL);
    if (!json_is_array(in) || json_array_size(in) == 0) {
        json_decref(in);
        return sim__reply_error(c->out, 400, "The request body must be a JSON array of approvals");
    }
    pthread_rwlock_wrlock(&c->s->lock);
    json_array_foreach(in, i, elem) { /* all or nothing: check every element first */
        json_int_t id = sim__int(elem, "id", 0);
        if (!sim__db_get(c->s->db, "Quotation", id)) {
            status = sim__reply_error(c->out, 404, "No Quotation with id %lld was found",
                                      (long long)id);
            goto out;
        }
        if (!json_is_boolean(json_object_get(elem, "result"))) {
            status = sim__reply_error(c->out, 400, "result must be true (approve) or false (reject)");
            goto out;
        }
    }
    done = json_array();
    sim__format_date(now, base_wall_ms());
    json_array_foreach(in, i, elem) {
        json_t *q = json_deep_copy(sim__db_get(c->s->db, "Quotation", sim__int(elem, "id", 0)));
        int state = json_is_true(json_object_get(elem, "result")) ? 1 : 2;
        json_object_set_new(q, "approvalstate", json_integer(state));
        json_object_set_new(q, "status", json_integer(state));
        json_object_set_new(q, "approvaldatetime", json_string(now));
        for (size_t k = 0; k < sizeof copy / sizeof copy[0]; k++)
            if (json_is_string(json_object_get(elem, copy[k])))
                json_object_set(q, copy[k], json_object_get(elem, copy[k]));
        json_array_append_new(done, sim__render(c->s->db, "Quotation", q, true, NULL));
        sim__db_put(c->s->db, "Quotation", q);
    }
    c->out->json = json_array_size(done) == 1 ? json_incref(json_array_get(done, 0))
                                              : json_incref(done);
    c->out->applied = true;
    sim__persist(c->s);
out:
    pthread_rwlock_unlock(&c->s->lock);
    json_decref(done);
    json_decref(in);
    return status;
}
