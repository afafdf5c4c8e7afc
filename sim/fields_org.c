/* fields_org.c - the organisation and configuration entities as HaloPSA
 * sends and checks them: clients (Area), sites, end users, agents (Uname),
 * teams, assets (Device), and the lookups a model needs before it writes:
 * priorities (Policy, GUID ids), SLAs, categories, workflows and their
 * derived steps. Field tables in Halo's order, derivations, filters, rules. */
#include "domains.h"

#include "base/base.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* ---- derivations ---- */

/* A user's client: its own client_id, else its site's. */
static json_int_t user_client(struct sim_db *db, const json_t *r)
{
    json_int_t cid = sim__int(r, "client_id", -1);
    if (cid <= 0) {
        json_t *s = sim__lookup(db, "Site", sim__int(r, "site_id", -1));
        cid = s ? sim__int(s, "client_id", -1) : -1;
    }
    return cid;
}

static json_t *d_user_client_name(const struct rctx *c, const struct sim_field *f)
{
    (void)f;
    return sim__name_of(c->db, "Client", user_client(c->db, c->stored), "name");
}

static json_t *d_user_client_id(const struct rctx *c, const struct sim_field *f)
{
    (void)f;
    return json_integer(user_client(c->db, c->stored));
}

static json_t *d_clientsite_name(const struct rctx *c, const struct sim_field *f)
{
    json_t *cn = sim__name_of(c->db, "Client", sim__int(c->stored, "client_id", -1), "name");
    const char *n = sim__str(c->stored, "name");
    char *s = xasprintf("%s / %s", json_string_value(cn), n ? n : "");
    json_t *v = json_string(s);
    (void)f;
    json_decref(cn);
    free(s);
    return v;
}

static json_t *d_assetgroup(const struct rctx *c, const struct sim_field *f)
{
    json_t *at = sim__lookup(c->db, "AssetType", sim__int(c->stored, "assettype_id", -1));
    (void)f;
    return json_integer(at ? sim__int(at, "assetgroup_id", -1) : -1);
}

static json_t *d_isapiagent(const struct rctx *c, const struct sim_field *f)
{
    (void)f;
    return json_boolean(sim__int(c->stored, "id", 0) == SIM_API_AGENT_ID);
}

/* {id, name} of a record (new). */
static json_t *id_name(const json_t *r)
{
    const char *n = sim__str(r, "name");
    return json_pack("{s:I, s:s}", "id", (json_int_t)sim__int(r, "id", 0), "name", n ? n : "");
}

/* {id, name} of the record table/id in a one-element array (empty when none). */
static json_t *ref_list(struct sim_db *db, const char *table, json_int_t id)
{
    json_t *a = json_array();
    json_t *r = sim__lookup(db, table, id);
    if (r)
        json_array_append_new(a, id_name(r));
    return a;
}

static json_t *d_departments(const struct rctx *c, const struct sim_field *f)
{
    (void)f;
    return json_pack("[{s:i, s:I, s:i, s:s}]", "id", 1, "agent_id",
                     (json_int_t)sim__int(c->stored, "id", 0), "department_id", 1,
                     "department_name", "Service Desk");
}

static json_t *d_teams(const struct rctx *c, const struct sim_field *f)
{
    json_t *a = ref_list(c->db, "Team", sim__int(c->stored, "team_id", -1));
    (void)f;
    if (json_array_size(a))
        json_object_set_new(json_array_get(a, 0), "department_id", json_integer(1));
    return a;
}

static json_t *d_roles(const struct rctx *c, const struct sim_field *f)
{
    bool admin = sim__int(c->stored, "id", 0) == 1;
    (void)f;
    return json_pack("[{s:i, s:s}]", "id", admin ? 1 : 2, "name", admin ? "Administrator" : "Agent");
}

static json_t *d_initials(const struct rctx *c, const struct sim_field *f)
{
    const char *fn = sim__str(c->stored, "firstname"), *sn = sim__str(c->stored, "surname");
    char buf[3] = {fn && *fn ? fn[0] : '\0', 0, 0};
    (void)f;
    buf[buf[0] ? 1 : 0] = sn && *sn ? sn[0] : '\0';
    return json_string(buf);
}

static json_t *d_asset_users(const struct rctx *c, const struct sim_field *f)
{
    (void)f;
    return ref_list(c->db, "Users", sim__int(c->stored, "user_id", -1));
}

/* An address object with Halo's lines (delivery_address). */
static json_t *d_address(const struct rctx *c, const struct sim_field *f)
{
    static const char *const lines[] = {"line1", "line2", "line3", "line4", "postcode"};
    json_t *v = json_object_get(c->stored, "delivery_address");
    json_t *out = json_is_object(v) ? json_deep_copy(v) : json_object();
    (void)f;
    for (size_t i = 0; i < sizeof lines / sizeof lines[0]; i++)
        if (!json_object_get(out, lines[i]))
            json_object_set_new(out, lines[i], json_string(""));
    return out;
}

static json_t *d_client_created(const struct rctx *c, const struct sim_field *f)
{
    (void)c;
    (void)f;
    return json_string("2019-03-01T09:00:00");
}

static json_t *d_client_sites(const struct rctx *c, const struct sim_field *f)
{
    json_t *a = json_array();
    json_int_t id = sim__int(c->stored, "id", 0);
    size_t i;
    json_t *s;
    (void)f;
    json_array_foreach(c->db ? sim__db_all(c->db, "Site") : NULL, i, s) {
        if (sim__int(s, "client_id", -1) == id)
            json_array_append_new(a, id_name(s));
    }
    return a;
}

/* ---- field tables ---- */

const struct sim_field sim__client_fields[] = {
    SIM_FLD("id", 'i', 0, "0"),
    SIM_FLD("name", 's', 0, ""),
    SIM_FLD("toplevel_id", 'i', 0, "1"),
    SIM_FLD("toplevel_name", 's', 0, ""),
    SIM_FLD("inactive", 'b', 0, "0"),
    SIM_FLD("colour", 's', 0, ""),
    SIM_FLD("confirmemail", 'i', 0, "0"),
    SIM_FLD("actionemail", 'i', 0, "0"),
    SIM_FLD("clearemail", 'i', 0, "0"),
    SIM_FLD("messagegroup_id", 'i', 0, "-1"),
    SIM_FLD("mailbox_override", 'i', 0, "0"),
    SIM_FLD("default_mailbox_id", 'i', 0, "0"),
    SIM_FLD("item_tax_code", 'i', 0, "0"),
    SIM_FLD("service_tax_code", 'i', 0, "0"),
    SIM_FLD("prepay_tax_code", 'i', 0, "0"),
    SIM_FLD("contracttax_code", 'i', 0, "0"),
    SIM_FLD("pritech", 'i', 0, "0"),
    SIM_FLD("sectech", 'i', 0, "0"),
    SIM_FLD("accountmanagertech", 'i', 0, "0"),
    SIM_FLD("use", 's', 0, "area"),
    SIM_DER("key", 0, sim__d_id, NULL, NULL, NULL, 0),
    SIM_FLD("table", 'i', 0, "1"),
    SIM_FLD("xero_tenant_id", 's', 0, ""),
    SIM_FLD("accountsid", 's', 0, ""),
    SIM_FLD("excludefrominvoicesync", 'b', 0, "0"),
    SIM_FLD("overridepdftemplateinvoice", 'i', 0, "-1"),
    SIM_FLD("client_to_invoice", 'i', 0, "0"),
    SIM_FLD("itglue_id", 's', 0, ""),
    SIM_FLD("sentinel_subscription_id", 's', 0, ""),
    SIM_FLD("sentinel_workspace_name", 's', 0, ""),
    SIM_FLD("sentinel_resource_group_name", 's', 0, ""),
    SIM_FLD("default_currency_code", 'i', 0, "-1"),
    SIM_FLD("client_to_invoice_recurring", 'i', 0, "0"),
    SIM_FLD("qbo_company_id", 's', 0, ""),
    SIM_FLD("dbc_company_id", 's', 0, ""),
    SIM_FLD("stopped", 'i', 0, "0"),
    SIM_FLD("customertype", 'i', 0, "0"),
    SIM_FLD("customer_relationship", 'a', 0, NULL),
    SIM_FLD("customer_relationship_list", 's', 0, ""),
    SIM_FLD("servicenow_validated", 'b', 0, "0"),
    SIM_FLD("jira_validated", 'b', 0, "0"),
    SIM_FLD("ref", 's', 0, ""),
    SIM_FLD("ticket_invoices_for_each_site", 'b', 0, "0"),
    SIM_FLD("is_vip", 'b', 0, "0"),
    SIM_FLD("taxable", 'b', 0, "1"),
    SIM_FLD("percentage_to_surved", 'i', 0, "0"),
    SIM_FLD("overridepdftemplatequote", 'i', 0, "-1"),
    SIM_FLD("is_account", 'b', 0, "0"),
    SIM_FLD("website", 's', 0, ""),
    SIM_FLD("main_site_id", 'i', 0, "-1"),
    SIM_DER("main_site_name", 0, sim__d_name, "Site", "main_site_id", "name", SIM_F_LIVE),
    SIM_FLD("customfields", 'a', 0, NULL),
    SIM_FLD("notes", 's', 1, ""),
    SIM_FLD("invoiceaddress", 's', 1, ""),
    SIM_FLD("dontinvoice", 'b', 1, "0"),
    SIM_FLD("prepayrecurringcharges", 'b', 1, "0"),
    SIM_DER("datecreated", 1, d_client_created, NULL, NULL, NULL, 0),
    SIM_DER("sites", 1, d_client_sites, NULL, NULL, NULL, 0),
    SIM_END,
};

const struct sim_field sim__site_fields[] = {
    SIM_FLD("id", 'i', 0, "0"),
    SIM_FLD("name", 's', 0, ""),
    SIM_DER("client_id", 0, sim__d_real, "client_id", NULL, NULL, 0),
    SIM_DER("client_name", 0, sim__d_name, "Client", "client_id", "name", SIM_F_LIVE),
    SIM_DER("clientsite_name", 0, d_clientsite_name, NULL, NULL, NULL, SIM_F_LIVE),
    SIM_FLD("inactive", 'b', 0, "0"),
    SIM_FLD("sla_id", 'i', 0, "-1"),
    SIM_FLD("phonenumber", 's', 0, ""),
    SIM_FLD("maincontact_id", 'i', 0, "-1"),
    SIM_FLD("maincontact_name", 's', 0, ""),
    SIM_FLD("timezone", 's', 0, "GMT Standard Time"),
    SIM_FLD("colour", 's', 0, ""),
    SIM_FLD("toplevel_id", 'i', 0, "1"),
    SIM_FLD("isinvoicesite", 'b', 0, "0"),
    SIM_FLD("isstocklocation", 'b', 0, "0"),
    SIM_FLD("use", 's', 0, "site"),
    SIM_FLD("customfields", 'a', 0, NULL),
    SIM_FLD("notes", 's', 1, ""),
    SIM_DER("delivery_address", 1, d_address, NULL, NULL, NULL, 0),
    SIM_DER("invoice_address", 1, d_address, NULL, NULL, NULL, 0),
    SIM_FLD("email", 's', 1, ""),
    SIM_FLD("emaildomain", 's', 1, ""),
    SIM_FLD("sitenumber", 's', 1, ""),
    SIM_END,
};

const struct sim_field sim__user_fields[] = {
    SIM_FLD("id", 'i', 0, "0"),
    SIM_FLD("name", 's', 0, ""),
    SIM_FLD("site_id", 'i', 0, "-1"),
    SIM_DER("site_name", 0, sim__d_name, "Site", "site_id", "name", SIM_F_LIVE),
    SIM_DER("client_name", 0, d_user_client_name, NULL, NULL, NULL, SIM_F_LIVE),
    SIM_FLD("firstname", 's', 0, ""),
    SIM_FLD("surname", 's', 0, ""),
    SIM_DER("initials", 0, d_initials, NULL, NULL, NULL, 0),
    SIM_FLD("title", 's', 0, ""),
    SIM_FLD("emailaddress", 's', 0, ""),
    SIM_DER("phonenumber_preferred", 0, sim__d_copy, "phonenumber", NULL, NULL, 0),
    SIM_DER("sitephonenumber", 0, sim__d_name, "Site", "site_id", "phonenumber", 0),
    SIM_FLD("phonenumber", 's', 0, ""),
    SIM_FLD("homenumber", 's', 0, ""),
    SIM_FLD("mobilenumber", 's', 0, ""),
    SIM_FLD("mobilenumber2", 's', 0, ""),
    SIM_FLD("fax", 's', 0, ""),
    SIM_FLD("telpref", 'i', 0, "0"),
    SIM_FLD("activedirectory_dn", 's', 0, ""),
    SIM_FLD("container_dn", 's', 0, ""),
    SIM_FLD("login", 's', 0, ""),
    SIM_FLD("inactive", 'b', 0, "0"),
    SIM_FLD("colour", 's', 0, ""),
    SIM_FLD("isimportantcontact", 'b', 0, "0"),
    SIM_FLD("isserviceaccount", 'b', 0, "0"),
    SIM_FLD("other1", 's', 0, ""),
    SIM_FLD("other2", 's', 0, ""),
    SIM_FLD("other3", 's', 0, ""),
    SIM_FLD("other4", 's', 0, ""),
    SIM_FLD("other5", 's', 0, ""),
    SIM_FLD("neversendemails", 'b', 0, "0"),
    SIM_DER("client_id", 0, d_user_client_id, NULL, NULL, NULL, 0),
    SIM_FLD("linked_agent_id", 'i', 0, "-1"),
    SIM_FLD("use", 's', 0, "user"),
    SIM_FLD("customfields", 'a', 0, NULL),
    SIM_FLD("notes", 's', 1, ""),
    SIM_FLD("jobtitle", 's', 1, ""),
    SIM_FLD("priority_id", 'i', 1, "-1"),
    SIM_FLD("datecreated", 'd', 1, NULL),
    SIM_FLD("approver_id", 'i', 1, "-1"),
    SIM_FLD("attachments", 'a', 1, NULL),
    SIM_END,
};

const struct sim_field sim__agent_fields[] = {
    SIM_FLD("id", 'i', 0, "0"),
    SIM_FLD("name", 's', 0, ""),
    SIM_FLD("onlinestatus_actual", 'i', 0, "0"),
    SIM_FLD("is_online", 'b', 0, "0"),
    SIM_FLD("lastonline", 's', 0, ""),
    SIM_DER("team", 0, sim__d_name, "Team", "team_id", "name", SIM_F_LIVE),
    SIM_FLD("team_id", 'i', 0, "-1"),
    SIM_FLD("isdisabled", 'b', 0, "0"),
    SIM_FLD("email", 's', 0, ""),
    SIM_FLD("ad", 's', 0, ""),
    SIM_FLD("lastlogindate", 'd', 0, NULL),
    SIM_FLD("agentphotopath", 's', 0, ""),
    SIM_FLD("initials", 's', 0, ""),
    SIM_FLD("firstname", 's', 0, ""),
    SIM_FLD("surname", 's', 0, ""),
    SIM_FLD("colour", 's', 0, ""),
    SIM_FLD("jobtitle", 's', 0, ""),
    SIM_FLD("sms", 's', 0, ""),
    SIM_FLD("is_agent", 'b', 0, "1"),
    SIM_DER("teams", 0, d_teams, NULL, NULL, NULL, 0),
    SIM_DER("departments", 0, d_departments, NULL, NULL, NULL, 0),
    SIM_FLD("linemanager", 'i', 0, "-1"),
    SIM_FLD("licence_type", 'i', 0, "1"),
    SIM_DER("isapiagent", 0, d_isapiagent, NULL, NULL, NULL, 0),
    SIM_FLD("gotoresolve_authorized", 'b', 0, "0"),
    SIM_FLD("use", 's', 0, "agent"),
    SIM_DER("namewithinactive", 0, sim__d_copy, "name", NULL, NULL, 0),
    SIM_FLD("apptsync", 'i', 0, "0"),
    SIM_FLD("enableshifts", 'b', 0, "0"),
    SIM_FLD("can_approve_invoice", 'b', 0, "0"),
    SIM_FLD("workday_id", 'i', 0, "1"),
    SIM_FLD("costprice", 'r', 0, "0"),
    SIM_FLD("chargerate", 'r', 0, "0"),
    SIM_FLD("phonenumber", 's', 1, ""),
    SIM_FLD("mobilenumber", 's', 1, ""),
    SIM_FLD("signature", 's', 1, ""),
    SIM_DER("roles", 1, d_roles, NULL, NULL, NULL, 0),
    SIM_FLD("customfields", 'a', 1, NULL),
    SIM_FLD("timezone", 's', 1, "GMT Standard Time"),
    SIM_END,
};

const struct sim_field sim__asset_fields[] = {
    SIM_FLD("id", 'i', 0, "0"),
    SIM_FLD("inventory_number", 's', 0, ""),
    SIM_FLD("key_field", 's', 0, ""),
    SIM_FLD("key_field2", 's', 0, ""),
    SIM_FLD("key_field3", 's', 0, ""),
    SIM_FLD("client_id", 'i', 0, "-1"),
    SIM_DER("client_name", 0, sim__d_name, "Client", "client_id", "name", SIM_F_LIVE),
    SIM_FLD("site_id", 'i', 0, "-1"),
    SIM_DER("site_name", 0, sim__d_name, "Site", "site_id", "name", SIM_F_LIVE),
    SIM_DER("username", 0, sim__d_name, "Users", "user_id", "name", SIM_F_LIVE),
    SIM_FLD("assettype_id", 'i', 0, "-1"),
    SIM_DER("assettype_name", 0, sim__d_name, "AssetType", "assettype_id", "name", SIM_F_LIVE),
    SIM_FLD("colour", 's', 0, ""),
    SIM_FLD("icon", 's', 0, ""),
    SIM_FLD("warranty_end", 'd', 0, NULL),
    SIM_FLD("inactive", 'b', 0, "0"),
    SIM_FLD("status_id", 'i', 0, "1"),
    SIM_FLD("is_primary_asset", 'b', 0, "0"),
    SIM_FLD("parent_id", 'i', 0, "0"),
    SIM_FLD("contract_id", 'i', 0, "-1"),
    SIM_FLD("supplier_id", 'i', 0, "-1"),
    SIM_FLD("device_number", 'i', 0, "0"),
    SIM_FLD("itemstock_id", 'i', 0, "0"),
    SIM_FLD("third_party_id", 's', 0, ""),
    SIM_FLD("fields", 'a', 0, NULL),
    SIM_FLD("notes", 's', 1, ""),
    SIM_FLD("user_id", 'i', 1, "-1"),
    SIM_DER("users", 1, d_asset_users, NULL, NULL, NULL, 0),
    SIM_FLD("customfields", 'a', 1, NULL),
    SIM_FLD("datecreated", 'd', 1, NULL),
    SIM_DER("assetgroup_id", 1, d_assetgroup, NULL, NULL, NULL, 0),
    SIM_END,
};


/* ---- filters ---- */

static bool match_user_client(struct sim_db *db, const json_t *r, const char *v)
{
    return user_client(db, r) == atoll(v);
}

static bool match_assetgroup(struct sim_db *db, const json_t *r, const char *v)
{
    json_t *at = sim__db_get(db, "AssetType", sim__int(r, "assettype_id", -1));
    return at && sim__int(at, "assetgroup_id", -1) == atoll(v);
}

/* A category restricted to some ticket types ("tickettype_ids") shows only
 * for those; an unrestricted one for all. */
static bool match_category_type(struct sim_db *db, const json_t *r, const char *v)
{
    json_t *ids = json_object_get(r, "tickettype_ids");
    size_t i;
    json_t *x;
    (void)db;
    if (json_array_size(ids) == 0)
        return true;
    json_array_foreach(ids, i, x) {
        if (json_integer_value(x) == atoll(v))
            return true;
    }
    return false;
}

const struct sim_filter sim__client_filters[] = {
    {"toplevel_id", "toplevel_id", SIM_EQ, NULL, NULL, NULL},
    {NULL, NULL, SIM_EQ, NULL, NULL, NULL},
};
const struct sim_filter sim__site_filters[] = {
    {"client_id", "client_id", SIM_EQ, NULL, NULL, NULL},
    {"site_id", "id", SIM_EQ, NULL, NULL, NULL},
    {NULL, NULL, SIM_EQ, NULL, NULL, NULL},
};
const struct sim_filter sim__user_filters[] = {
    {"client_id", NULL, SIM_MATCH, NULL, NULL, match_user_client},
    {"site_id", "site_id", SIM_EQ, NULL, NULL, NULL},
    {NULL, NULL, SIM_EQ, NULL, NULL, NULL},
};
const struct sim_filter sim__agent_filters[] = {
    {"team_id", "team_id", SIM_EQ, NULL, NULL, NULL},
    {"team", "team_id", SIM_IN, "Team", NULL, NULL},
    {NULL, NULL, SIM_EQ, NULL, NULL, NULL},
};
const struct sim_filter sim__asset_filters[] = {
    {"client_id", "client_id", SIM_EQ, NULL, NULL, NULL},
    {"site_id", "site_id", SIM_EQ, NULL, NULL, NULL},
    {"assettype_id", "assettype_id", SIM_EQ, NULL, NULL, NULL},
    {"assetgroup_id", NULL, SIM_MATCH, NULL, NULL, match_assetgroup},
    {NULL, NULL, SIM_EQ, NULL, NULL, NULL},
};
const struct sim_filter sim__step_filters[] = {
    {"flow_id", "flow_id", SIM_EQ, NULL, NULL, NULL},
    {"workflow_id", "flow_id", SIM_EQ, NULL, NULL, NULL},
    {NULL, NULL, SIM_EQ, NULL, NULL, NULL},
};
const struct sim_filter sim__priority_filters[] = {
    {"slaid", "slaid", SIM_EQ, NULL, NULL, NULL},
    {NULL, NULL, SIM_EQ, NULL, NULL, NULL},
};
const struct sim_filter sim__category_filters[] = {
    {"type_id", "type_id", SIM_EQ, NULL, NULL, NULL},
    {"tickettype_id", NULL, SIM_MATCH, NULL, NULL, match_category_type},
    {NULL, NULL, SIM_EQ, NULL, NULL, NULL},
};

/* ---- POST rules ---- */

const struct sim_required sim__client_required[] = {{"name", "Client Name is required"}, {NULL, NULL}};
const struct sim_required sim__site_required[] = {{"name", "Site Name is required"}, {NULL, NULL}};
const struct sim_required sim__user_required[] = {{"name", "User Name is required"}, {NULL, NULL}};
const struct sim_required sim__agent_required[] = {{"name", "Agent Name is required"}, {NULL, NULL}};
const struct sim_required sim__team_required[] = {{"name", "Team Name is required"}, {NULL, NULL}};
const struct sim_required sim__named_required[] = {{"name", "Name is required"}, {NULL, NULL}};

const struct sim_ref sim__site_refs[] = {
    {"client_id", "Client", "Client", "Client", false},
    {"sla_id", "SLA", NULL, "SLA", false},
    {NULL, NULL, NULL, NULL, false},
};
const struct sim_ref sim__user_refs[] = {
    {"site_id", "Site", "Site", "Site", false},
    {NULL, NULL, NULL, NULL, false},
};
const struct sim_ref sim__agent_refs[] = {
    {"team_id", "Team", NULL, "Team", false},
    {NULL, NULL, NULL, NULL, false},
};
const struct sim_ref sim__asset_refs[] = {
    {"client_id", "Client", NULL, "Client", false},
    {"site_id", "Site", NULL, "Site", false},
    {"assettype_id", "AssetType", "Asset Type", "Asset Type", true},
    {NULL, NULL, NULL, NULL, false},
};
const struct sim_ref sim__priority_refs[] = {
    {"slaid", "SLA", NULL, "SLA", false},
    {NULL, NULL, NULL, NULL, false},
};
const struct sim_ref sim__category_refs[] = {
    {"sla_id", "SLA", NULL, "SLA", false},
    {"priority_id", "Priority", NULL, "Priority", false},
    {NULL, NULL, NULL, NULL, false},
};

/* A user belongs to its site's client. */
int sim__user_complete(struct sim_db *db, json_t *rec, bool is_new, char *err, size_t errlen)
{
    json_t *site = sim__db_get(db, "Site", sim__int(rec, "site_id", -1));
    (void)is_new;
    (void)err;
    (void)errlen;
    if (site)
        json_object_set_new(rec, "client_id", json_integer(sim__int(site, "client_id", -1)));
    return 0;
}

/* A category is written as its value string ("Hardware>Laptop"); the last
 * part is its name. */
int sim__category_complete(struct sim_db *db, json_t *rec, bool is_new, char *err, size_t errlen)
{
    const char *v = sim__str(rec, "value");
    json_int_t type = sim__int(rec, "type_id", 1);
    (void)db;
    if (!sim__has_text(rec, "value"))
        return sim__fail(err, errlen, "Category value is required");
    if (type < 1 || type > 4)
        return sim__fail(err, errlen, "type_id must be 1, 2, 3 or 4");
    if (is_new || !json_object_get(rec, "category_name")) {
        const char *last = strrchr(v, '>');
        json_object_set_new(rec, "category_name", json_string(last ? last + 1 : v));
    }
    return 0;
}

/* ---- rendering additions ---- */

void sim__site_finish(const struct rctx *c, json_t *out)
{
    /* The live API sends Site.client_id as a decimal (21.0). */
    json_t *cid = json_object_get(out, "client_id");
    if (json_is_integer(cid))
        json_object_set_new(out, "client_id", json_real((double)json_integer_value(cid)));
    sim__customfields(c->db, out, 3);
}

void sim__client_finish(const struct rctx *c, json_t *out)
{
    sim__customfields(c->db, out, 2);
}

void sim__user_finish(const struct rctx *c, json_t *out)
{
    sim__customfields(c->db, out, 4);
}

/* Priority: the store keys it by the numeric priorityid; Halo sends a GUID
 * "id" and the number as "priorityid". */
void sim__priority_finish(const struct rctx *c, json_t *out)
{
    json_int_t pid = sim__int(c->stored, "priorityid", sim__int(c->stored, "id", 0));
    char g[40];
    snprintf(g, sizeof g, "%08llx-0a8a-4380-59fa-08d5c0811dad",
             (unsigned long long)(0xc183eb20 + pid));
    json_object_set_new(out, "id", json_string(g));
    json_object_set_new(out, "priorityid", json_integer(pid));
}

/* An SLA lists its priorities with showpriorities=true or on a get. */
void sim__sla_finish(const struct rctx *c, json_t *out)
{
    json_t *list = json_array();
    size_t i;
    json_t *p;
    if (!c->detail && !sim__qflag(c->query, "showpriorities")) {
        json_decref(list);
        return;
    }
    json_array_foreach(c->db ? sim__db_all(c->db, "Priority") : NULL, i, p) {
        if (sim__int(p, "slaid", -1) == sim__int(c->stored, "id", 0))
            json_array_append_new(list, sim__render(c->db, "Priority", p, false, NULL));
    }
    json_object_set_new(out, "priorities", list);
}

void sim__team_finish(const struct rctx *c, json_t *out)
{
    json_t *agents = json_array();
    size_t i;
    json_t *a;
    if (!c->detail && !sim__qflag(c->query, "includeagents")) {
        json_decref(agents);
        return;
    }
    json_array_foreach(c->db ? sim__db_all(c->db, "Agent") : NULL, i, a) {
        if (sim__int(a, "team_id", -1) == sim__int(c->stored, "id", 0))
            json_array_append_new(agents, id_name(a));
    }
    json_object_set_new(out, "agents", agents);
}

void sim__workflow_finish(const struct rctx *c, json_t *out)
{
    /* Lists carry the header; the steps come with a get. */
    if (!c->detail)
        json_object_del(out, "steps");
}

/* ---- derived tables ---- */

void sim__derive_tables(struct sim_db *db, const char *table)
{
    json_t *steps;
    size_t i, j;
    json_t *flow, *step;
    if (strcmp(table, "Workflow") != 0)
        return;
    steps = json_array();
    json_array_foreach(sim__db_all(db, "Workflow"), i, flow) {
        json_array_foreach(json_object_get(flow, "steps"), j, step) {
            json_t *row = json_deep_copy(step);
            if (!json_object_get(row, "flow_id"))
                json_object_set(row, "flow_id", json_object_get(flow, "id"));
            if (!json_object_get(row, "id") && json_object_get(row, "fdid"))
                json_object_set(row, "id", json_object_get(row, "fdid"));
            json_array_append_new(steps, row);
        }
    }
    sim__db_set(db, "WorkflowStep", steps);
}
