/* report.c - POST /api/Report SQL run for real: the store is copied into an
 * in-memory SQLite database whose tables and columns are named like
 * HaloPSA's reporting database (FAULTS, ACTIONS, AREA, SITE, USERS, UNAME,
 * ...; the catalogue in redanthrax/halopsa-mcp schema/catalog.json), the
 * T-SQL a client sends is adapted (TOP, N'', ISNULL, DATEADD(day, ...)),
 * and the single read-only statement is run with a row and time cap.
 *
 * SQLite is loaded with dlopen when the first report runs, so neither
 * halopsa-sim nor halopsa-mcp --demo links it, and a process that never
 * runs a report never maps it (docs/simulator.md, "Reports", has the RSS
 * figures). The copy is cached until the store changes. */
#include "domains.h"
#include "server_int.h"

#include "base/base.h"

#include <ctype.h>
#include <dlfcn.h>
#include <pthread.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#define MAX_ROWS 10000      /* rows a report returns at most */
#define MAX_RUN_MS 5000     /* a query running longer is stopped */
#define SQLITE_SONAME "libsqlite3.so.0"

/* ---- the library, loaded on first use ---- */

#define API(f) __typeof__(sqlite3_##f) *f
static struct {
    void *h;
    API(open_v2);
    API(close);
    API(exec);
    API(prepare_v2);
    API(step);
    API(finalize);
    API(reset);
    API(errmsg);
    API(column_count);
    API(column_name);
    API(column_type);
    API(column_int64);
    API(column_double);
    API(column_text);
    API(bind_int64);
    API(bind_double);
    API(bind_text);
    API(bind_null);
    API(stmt_readonly);
    API(set_authorizer);
    API(progress_handler);
    API(create_function_v2);
    API(result_text);
    API(result_int64);
    API(result_double);
    API(result_null);
    API(value_text);
    API(value_int64);
    API(value_double);
    API(value_type);
} sq;
#undef API

static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
static bool loaded;
static char load_error[256];
static sqlite3 *cache;      /* the reporting database of cache_gen */
static uint64_t cache_gen;

static bool load_library(void)
{
    static const char *const names[] = {
        "open_v2",       "close",          "exec",          "prepare_v2",    "step",
        "finalize",      "reset",          "errmsg",        "column_count",  "column_name",
        "column_type",   "column_int64",   "column_double", "column_text",   "bind_int64",
        "bind_double",   "bind_text",      "bind_null",     "stmt_readonly", "set_authorizer",
        "progress_handler", "create_function_v2", "result_text", "result_int64",
        "result_double", "result_null",    "value_text",    "value_int64",   "value_double",
        "value_type",
    };
    void **slot = (void **)&sq.open_v2;
    if (loaded)
        return true;
    if (load_error[0])
        return false;
    sq.h = dlopen(SQLITE_SONAME, RTLD_NOW | RTLD_LOCAL);
    if (!sq.h) {
        snprintf(load_error, sizeof load_error, "the reporting database is unavailable (%s)",
                 dlerror());
        return false;
    }
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        char sym[64];
        snprintf(sym, sizeof sym, "sqlite3_%s", names[i]);
        slot[i] = dlsym(sq.h, sym);
        if (!slot[i]) {
            snprintf(load_error, sizeof load_error, "the reporting database is unavailable (%s)",
                     sym);
            dlclose(sq.h);
            sq.h = NULL;
            return false;
        }
    }
    loaded = true;
    return true;
}

/* ---- the reporting schema: tables, columns, where each comes from ---- */

/* A column: its name and type in Halo's reporting database, and its source
 * in the stored record: "field", "field|other" (the first present), or
 * "=Table.id_field.name_field" (looked up). */
struct rcol {
    const char *name;
    char type; /* i int, r real, s text, d datetime, b bit */
    const char *src;
};
struct rtable {
    const char *name, *table;
    const struct rcol *cols;
};

static const struct rcol faults[] = {
    {"Faultid", 'i', "id"},          {"Symptom", 's', "summary"},
    {"Symptom2", 's', "details"},    {"Status", 'i', "status_id"},
    {"Areaint", 'i', "client_id"},   {"sitenumber", 'i', "site_id"},
    {"userid", 'i', "user_id"},      {"username", 's', "=Users.user_id.name"},
    {"Assignedtoint", 'i', "agent_id"}, {"sectio_", 's', "=Team.team_id.name"},
    {"TeamId", 'i', "team_id"},      {"RequestTypeNew", 'i', "tickettype_id"},
    {"Requesttype", 'i', "tickettype_id"}, {"seriousness", 'i', "priority_id"},
    {"Slaid", 'i', "sla_id"},        {"category2", 's', "category_1"},
    {"categoryid2", 'i', "categoryid_1"}, {"dateoccured", 'd', "dateoccurred"},
    {"datereported", 'd', "dateoccurred"}, {"datecreated", 'd', "dateoccurred"},
    {"datecleared", 'd', "dateclosed"}, {"Flastactiondate", 'd', "lastactiondate"},
    {"FLastUpdate", 'd', "last_update|lastactiondate"}, {"estimate", 'r', "estimate"},
    {"impact", 'i', "impact"},       {"urgency", 'i', "urgency"},
    {"FDeleted", 'b', "deleted"},    {"fxrefto", 'i', "parent_id"},
    {"fcontractid", 'i', "contract_id"}, {"FOppValue", 'r', "oppvalue"},
    {"FOppCompanyName", 's', "oppcompanyname"}, {NULL, 0, NULL},
};
static const struct rcol actions[] = {
    {"Faultid", 'i', "ticket_id"},   {"actionnumber", 'i', "id"},
    {"Actoutcome", 's', "=Outcome.outcome_id.outcome"}, {"actoutcomeid", 'i', "outcome_id"},
    {"who", 's', "who|=Agent.who_agentid.name"}, {"whoagentid", 'i', "who_agentid"},
    {"actionbyunum", 'i', "who_agentid"}, {"Whe_", 'd', "datetime"},
    {"ActionDateCreated", 'd', "datetime"}, {"note", 's', "note"},
    {"timetaken", 'r', "timetaken"}, {"nonbilltime", 'r', "nonbilltime"},
    {"ActionChargeHours", 'r', "timetaken"}, {"ActIsBillable", 'b', "actisbillable"},
    {"ActionHide", 'b', "hiddenfromuser"}, {"ActionStatusAfter", 'i', "new_status"},
    {"EmailDirection", 's', "emaildirection"}, {NULL, 0, NULL},
};
static const struct rcol area[] = {
    {"Aarea", 'i', "id"},            {"aareadesc", 's', "name"},
    {"AIsInactive", 'b', "inactive"}, {"AisVIP", 'b', "is_vip"},
    {"aaccountsid", 's', "accountsid"}, {"AWebsite", 's', "website"},
    {"Atreeid", 'i', "toplevel_id"}, {NULL, 0, NULL},
};
static const struct rcol site[] = {
    {"Ssitenum", 'i', "id"},         {"sdesc", 's', "name"},
    {"Sarea", 'r', "client_id"},     {"SIsInactive", 'b', "inactive"},
    {"SPhoneNumber", 's', "phonenumber"}, {"StimezoneName", 's', "timezone"},
    {NULL, 0, NULL},
};
static const struct rcol users[] = {
    {"Uid", 'i', "id"},              {"uusername", 's', "name"},
    {"Usite", 'r', "site_id"},       {"uarea", 'i', "client_id"},
    {"uemail", 's', "emailaddress"}, {"uinactive", 'b', "inactive"},
    {"uFirstName", 's', "firstname"}, {"uLastName", 's', "surname"},
    {"UTitle", 's', "title"},        {"Ulogin", 's', "login"},
    {"uextn", 's', "phonenumber"},   {"umobile", 's', "mobilenumber"},
    {NULL, 0, NULL},
};
static const struct rcol uname[] = {
    {"Unum", 'i', "id"},             {"uname", 's', "name"},
    {"Uisdisabled", 'b', "isdisabled"}, {"ufirstname", 's', "firstname"},
    {"ulastname", 's', "surname"},   {"uinitials", 's', "initials"},
    {"UJobTitle", 's', "jobtitle"},  {"usmtp", 's', "email"},
    {"usection", 's', "=Team.team_id.name"}, {NULL, 0, NULL},
};
static const struct rcol tstatus[] = {
    {"Tstatus", 'i', "id"},          {"tstatusdesc", 's', "name"},
    {"tshortname", 's', "shortname"}, {"TstatusType", 'i', "type"},
    {"TstatusSeq", 'i', "sequence"}, {NULL, 0, NULL},
};
static const struct rcol requesttype[] = {
    {"RTid", 'i', "id"},             {"rtdesc", 's', "name"},
    {"RTIsProject", 'b', "isproject"}, {"RTIsOpportunity", 'b', "isopportunity"},
    {"RTVisible", 'b', "visible"},   {NULL, 0, NULL},
};
static const struct rcol sectiondetail[] = {
    {"SDid", 'i', "id"},             {"SDSectionName", 's', "name"},
    {"sdinactive", 'b', "inactive"}, {NULL, 0, NULL},
};
static const struct rcol toutcome[] = {
    {"Oid", 'i', "id"},              {"Ooutcome", 's', "outcome"},
    {"OUserDesc", 's', "buttonname"}, {"OSystemId", 'i', "systemid"},
    {NULL, 0, NULL},
};
static const struct rcol policy[] = {
    {"Pslaid", 'i', "slaid"},        {"Ppolicy", 'i', "priorityid"},
    {"Pdesc", 's', "name"},          {"Ptime", 'r', "fixtime"},
    {"Punits", 's', "fixunits"},     {"Presponsetime", 'r', "responsetime"},
    {"PResponseUnits", 's', "responseunits"}, {NULL, 0, NULL},
};
static const struct rcol slahead[] = {
    {"Slid", 'i', "id"}, {"Sldesc", 's', "name"}, {NULL, 0, NULL},
};
static const struct rcol categorydetail[] = {
    {"CDid", 'i', "id"},             {"CDCategoryName", 's', "value"},
    {"CDType", 'i', "type_id"},      {"CDSLAid", 'i', "sla_id"},
    {NULL, 0, NULL},
};
static const struct rcol kbentry[] = {
    {"id", 'i', "id"},               {"abstract", 's', "name"},
    {"description", 's', "description"}, {"resolution", 's', "resolution"},
    {"datecreated", 'd', "date_created"}, {"dateedited", 'd', "date_edited"},
    {"KBinactive", 'b', "inactive"}, {"KBtype", 'i', "type"},
    {"kbtags", 's', "tag_string"},   {"ViewedCount", 'i', "view_count"},
    {NULL, 0, NULL},
};
static const struct rcol contractheader[] = {
    {"CHid", 'i', "id"},             {"CHarea", 'i', "client_id"},
    {"CHSite", 'i', "site_id"},      {"CHcontractRef", 's', "ref"},
    {"CHstartdate", 'd', "start_date"}, {"CHenddate", 'd', "end_date"},
    {"CHstatus", 'i', "status"},     {"CHBillingPeriod", 'i', "billingperiod"},
    {"CHPeriodChargeAmount", 'r', "periodchargeamount"},
    {"CHNumberofUnitsFree", 'r', "numberofunitsfree"},
    {"CHChargeHoursPerPeriod", 'r', "chargehoursperperiod"}, {NULL, 0, NULL},
};
static const struct rcol appointment[] = {
    {"APid", 'i', "id"},             {"APunum", 'i', "agent_id"},
    {"APFaultid", 'i', "ticket_id"}, {"APsubject", 's', "subject"},
    {"APStartDate", 'd', "start_date"}, {"APEndDate", 'd', "end_date"},
    {"APAllDayEvent", 'b', "allday"}, {"APArea", 'i', "client_id"},
    {"APSite", 'i', "site_id"},      {"APisTask", 'b', "is_task"},
    {"APisPrivate", 'b', "is_private"}, {"APnote", 's', "note"},
    {"APCompleteStatus", 'i', "complete_status"}, {NULL, 0, NULL},
};
static const struct rcol invoiceheader[] = {
    {"IHid", 'i', "id"},             {"IHaarea", 'i', "client_id"},
    {"IHsitenumber", 'i', "site_id"}, {"IHInvoiceNumber", 's', "invoicenumber"},
    {"IHInvoice_Date", 'd', "invoice_date"}, {"IHDue_Date", 'd', "duedate"},
    {"ihdatepaid", 'd', "datepaid"}, {"IHAmountDue", 'r', "amountdue"},
    {"IHPosted", 'b', "posted"},     {"IHPaymentStatus", 'i', "paymentstatus"},
    {"IHReference", 's', "reference"}, {"IHFaultid", 'i', "ticket_id"},
    {"IHchid", 'i', "contract_id"},  {NULL, 0, NULL},
};
static const struct rcol quotationheader[] = {
    {"QHid", 'i', "id"},             {"QHfaultID", 'i', "ticket_id"},
    {"QHstatus", 'i', "status"},     {"QHDate", 'd', "date"},
    {"QHExpiryDate", 'd', "expiry_date"}, {"QHtitle", 's', "title"},
    {"QHNote", 's', "note"},         {"QHUserID", 'i', "user_id"},
    {"QHApprovalState", 'i', "approvalstate"}, {NULL, 0, NULL},
};
static const struct rcol orderhead[] = {
    {"OHid", 'i', "id"},             {"OHsitenum", 'i', "site_id"},
    {"OHstatus", 'i', "status"},     {"OHorderdate", 'd', "date"},
    {"OHtitle", 's', "title"},       {"OHfaultid", 'i', "ticket_id"},
    {"ohuserid", 'i', "user_id"},    {NULL, 0, NULL},
};
static const struct rcol item[] = {
    {"Iid", 'i', "id"},              {"idesc", 's', "name"},
    {"idesc2", 's', "description"},  {"Ibaseprice", 'r', "baseprice"},
    {"ICostPrice", 'r', "costprice"}, {"Isupplier", 'i', "supplier_id"},
    {NULL, 0, NULL},
};
static const struct rcol company[] = {
    {"Cnum", 'i', "id"},             {"cdesc", 's', "name"},
    {"CIsInactive", 'b', "inactive"}, {"Cemailaddress", 's', "email_address"},
    {"cphone1", 's', "phone_number"}, {NULL, 0, NULL},
};
static const struct rcol attachment[] = {
    {"ATid", 'i', "id"},             {"ATFilename", 's', "filename"},
    {"ATDateCreated", 'd', "datecreated"}, {"ATNote", 's', "note"},
    {"atfilesize", 'i', "filesize"}, {"atisimage", 'b', "isimage"},
    {"ATContentType", 's', "content_type"}, {NULL, 0, NULL},
};
static const struct rcol faultapproval[] = {
    {"FAid", 'i', "ticket_id"},      {"FAseq", 'i', "seq"},
    {"FAResult", 'i', "result"},     {"FAunum", 'i', "agent_id"},
    {"fadatetime", 'd', "datetime"}, {"fadateapproved", 'd', "dateapproved"},
    {"FANote", 's', "approver_note"}, {"FAemailaddr", 's', "emailaddress"},
    {NULL, 0, NULL},
};
static const struct rcol timesheetevent[] = {
    {"TSEid", 'i', "id"},            {"TSEunum", 'i', "agent_id"},
    {"TSEtitle", 's', "subject"},    {"TSEstartdate", 'd', "start_date"},
    {"TSEenddate", 'd', "end_date"}, {"TSEtimetaken", 'r', "timetaken"},
    {"tsebreaktype", 'i', "break_type"}, {NULL, 0, NULL},
};
static const struct rcol device[] = {
    {"Did", 'i', "id"},              {"Dsite", 'i', "site_id"},
    {"ddevnum", 'i', "device_number"}, {"Dtype", 'i', "assettype_id"},
    {"dinvno", 's', "inventory_number"}, {"dinactive", 'b', "inactive"},
    {"DWarrantyEndDate", 'd', "warranty_end"}, {"DStatus", 'i', "status_id"},
    {NULL, 0, NULL},
};
static const struct rcol xtype[] = {
    {"TTypenum", 'i', "id"}, {"tdesc", 's', "name"}, {NULL, 0, NULL},
};

static const struct rtable schema[] = {
    {"FAULTS", "Tickets", faults},
    {"ACTIONS", "Actions", actions},
    {"AREA", "Client", area},
    {"SITE", "Site", site},
    {"USERS", "Users", users},
    {"UNAME", "Agent", uname},
    {"TSTATUS", "Status", tstatus},
    {"REQUESTTYPE", "TicketType", requesttype},
    {"SECTIONDETAIL", "Team", sectiondetail},
    {"TOUTCOME", "Outcome", toutcome},
    {"POLICY", "Priority", policy},
    {"SLAHEAD", "SLA", slahead},
    {"CATEGORYDETAIL", "Category", categorydetail},
    {"KBENTRY", "KBArticle", kbentry},
    {"CONTRACTHEADER", "ClientContract", contractheader},
    {"APPOINTMENT", "Appointment", appointment},
    {"INVOICEHEADER", "Invoice", invoiceheader},
    {"QUOTATIONHEADER", "Quotation", quotationheader},
    {"ORDERHEAD", "SalesOrder", orderhead},
    {"ITEM", "Item", item},
    {"COMPANY", "Supplier", company},
    {"ATTACHMENT", "Attachment", attachment},
    {"FAULTAPPROVAL", "TicketApproval", faultapproval},
    {"TimesheetEvent", "TimesheetEvent", timesheetevent},
    {"DEVICE", "Asset", device},
    {"XTYPE", "AssetType", xtype},
    {NULL, NULL, NULL},
};

/* The stored value a column's source names (borrowed, or NULL). A lookup
 * ("=Table.id.name") writes a new value into *owned. */
static json_t *source_value(struct sim_db *db, const json_t *rec, const char *src, json_t **owned)
{
    char part[96];
    *owned = NULL;
    while (src && *src) {
        size_t n = strcspn(src, "|");
        snprintf(part, sizeof part, "%.*s", (int)n, src);
        src = src[n] ? src + n + 1 : NULL;
        if (part[0] == '=') {
            char table[32], idf[32], namef[32];
            if (sscanf(part + 1, "%31[^.].%31[^.].%31s", table, idf, namef) == 3) {
                json_t *r = sim__lookup(db, table, sim__int(rec, idf, -1));
                if (r && json_object_get(r, namef))
                    return *owned = json_incref(json_object_get(r, namef));
            }
        } else if (json_object_get(rec, part) && !json_is_null(json_object_get(rec, part))) {
            return json_object_get(rec, part);
        }
    }
    return NULL;
}

/* Binds v as column type t: dates as SQL Server prints them
 * ("2026-06-29 15:41:46.637"), the unset sentinel as NULL. */
static void bind_value(sqlite3_stmt *st, int i, char t, json_t *v)
{
    if (!v || json_is_null(v)) {
        sq.bind_null(st, i);
    } else if (t == 'i' || t == 'b') {
        json_int_t n;
        if (json_is_boolean(v))
            sq.bind_int64(st, i, json_is_true(v));
        else if (sim__as_int(v, &n))
            sq.bind_int64(st, i, n);
        else if (json_is_real(v))
            sq.bind_int64(st, i, (sqlite3_int64)json_real_value(v));
        else
            sq.bind_null(st, i);
    } else if (t == 'r') {
        if (json_is_number(v))
            sq.bind_double(st, i, json_number_value(v));
        else
            sq.bind_null(st, i);
    } else if (json_is_string(v)) {
        const char *s = json_string_value(v);
        if (t == 'd') {
            char d[32];
            if (strcmp(s, SIM_DATE_UNSET) == 0) {
                sq.bind_null(st, i);
                return;
            }
            snprintf(d, sizeof d, "%s", s);
            if (strlen(d) > 10 && d[10] == 'T')
                d[10] = ' ';
            sq.bind_text(st, i, d, -1, SQLITE_TRANSIENT);
        } else {
            sq.bind_text(st, i, s, -1, SQLITE_TRANSIENT);
        }
    } else {
        sq.bind_null(st, i);
    }
}

/* Creates and fills one table; 0 or -1 with err. */
static int fill_table(sqlite3 *db3, struct sim_db *db, const struct rtable *t, char *err,
                      size_t errlen)
{
    struct buf create = {0}, insert = {0};
    sqlite3_stmt *st = NULL;
    int rc = -1, ncols = 0;
    buf_printf(&create, "CREATE TABLE dbo.%s (", t->name);
    buf_printf(&insert, "INSERT INTO dbo.%s VALUES (", t->name);
    for (const struct rcol *c = t->cols; c->name; c++, ncols++) {
        const char *type = c->type == 'i' || c->type == 'b' ? "INTEGER"
                           : c->type == 'r'                ? "REAL"
                                                           : "TEXT";
        buf_printf(&create, "%s%s %s", ncols ? ", " : "", c->name, type);
        buf_printf(&insert, "%s?", ncols ? ", " : "");
    }
    buf_appends(&create, ")");
    buf_appends(&insert, ")");
    if (sq.exec(db3, create.data, NULL, NULL, NULL) != SQLITE_OK ||
        sq.prepare_v2(db3, insert.data, -1, &st, NULL) != SQLITE_OK) {
        snprintf(err, errlen, "%s: %s", t->name, sq.errmsg(db3));
        goto out;
    }
    size_t i;
    json_t *rec;
    json_array_foreach(sim__db_all(db, t->table), i, rec) {
        int k = 1;
        for (const struct rcol *c = t->cols; c->name; c++, k++) {
            json_t *owned;
            bind_value(st, k, c->type, source_value(db, rec, c->src, &owned));
            json_decref(owned);
        }
        if (sq.step(st) != SQLITE_DONE) {
            snprintf(err, errlen, "%s: %s", t->name, sq.errmsg(db3));
            goto out;
        }
        sq.reset(st);
    }
    rc = 0;
out:
    if (st)
        sq.finalize(st);
    buf_free(&create);
    buf_free(&insert);
    return rc;
}

/* ---- T-SQL functions SQLite lacks ---- */

/* The SQL Server form of a time: "YYYY-MM-DD HH:MM:SS[.fff]". */
static void sql_date(char *out, int64_t ms)
{
    sim__format_date(out, ms);
    if (strlen(out) > 10)
        out[10] = ' ';
}

static bool value_date(sqlite3_value *v, int64_t *ms)
{
    const unsigned char *s = sq.value_text(v);
    return s && sim__parse_date((const char *)s, ms) == 0;
}

static void fn_getdate(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    char d[32];
    (void)argc;
    (void)argv;
    sql_date(d, base_wall_ms());
    sq.result_text(ctx, d, -1, SQLITE_TRANSIENT);
}

/* Broken-down UTC time of ms. */
static struct tm tm_of(int64_t ms)
{
    time_t t = (time_t)(ms / 1000);
    struct tm tm;
    gmtime_r(&t, &tm);
    return tm;
}

/* The datepart name as a unit: 'y' year, 'q' quarter, 'm' month, 'w' week,
 * 'd' day, 'h' hour, 'n' minute, 's' second; 0 when unknown. */
static char datepart(sqlite3_value *v)
{
    static const struct {
        const char *name;
        char unit;
    } parts[] = {{"year", 'y'},    {"yy", 'y'},  {"yyyy", 'y'},  {"quarter", 'q'}, {"qq", 'q'},
                 {"month", 'm'},   {"mm", 'm'},  {"m", 'm'},     {"week", 'w'},    {"wk", 'w'},
                 {"day", 'd'},     {"dd", 'd'},  {"d", 'd'},     {"dayofyear", 'd'},
                 {"hour", 'h'},    {"hh", 'h'},  {"minute", 'n'}, {"mi", 'n'},     {"n", 'n'},
                 {"second", 's'},  {"ss", 's'},  {"s", 's'},     {"weekday", 'W'}, {"dw", 'W'}};
    const char *s = (const char *)sq.value_text(v);
    for (size_t i = 0; s && i < sizeof parts / sizeof parts[0]; i++)
        if (strcasecmp(s, parts[i].name) == 0)
            return parts[i].unit;
    return 0;
}

static int64_t add_months(int64_t ms, long months)
{
    struct tm tm = tm_of(ms);
    long m = tm.tm_mon + months;
    tm.tm_year += (int)(m >= 0 ? m / 12 : (m - 11) / 12);
    tm.tm_mon = (int)(((m % 12) + 12) % 12);
    return (int64_t)timegm(&tm) * 1000 + ms % 1000;
}

static void fn_dateadd(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    int64_t ms, n = sq.value_int64(argv[1]);
    char unit = datepart(argv[0]), d[32];
    (void)argc;
    if (!value_date(argv[2], &ms) || !unit) {
        sq.result_null(ctx);
        return;
    }
    switch (unit) {
    case 'y': ms = add_months(ms, (long)n * 12); break;
    case 'q': ms = add_months(ms, (long)n * 3); break;
    case 'm': ms = add_months(ms, (long)n); break;
    case 'w': ms += n * 7 * 86400000LL; break;
    case 'h': ms += n * 3600000LL; break;
    case 'n': ms += n * 60000LL; break;
    case 's': ms += n * 1000LL; break;
    default: ms += n * 86400000LL; break;
    }
    sql_date(d, ms);
    sq.result_text(ctx, d, -1, SQLITE_TRANSIENT);
}

/* Boundaries crossed between two times, as SQL Server counts them. */
static int64_t boundaries(char unit, int64_t a, int64_t b)
{
    struct tm x = tm_of(a), y = tm_of(b);
    int64_t da = a >= 0 ? a / 86400000LL : (a - 86399999LL) / 86400000LL;
    int64_t db = b >= 0 ? b / 86400000LL : (b - 86399999LL) / 86400000LL;
    switch (unit) {
    case 'y': return y.tm_year - x.tm_year;
    case 'q': return (y.tm_year - x.tm_year) * 4 + (y.tm_mon / 3 - x.tm_mon / 3);
    case 'm': return (y.tm_year - x.tm_year) * 12 + (y.tm_mon - x.tm_mon);
    case 'w': return (db + 4) / 7 - (da + 4) / 7; /* weeks start on Sunday */
    case 'h': return b / 3600000LL - a / 3600000LL;
    case 'n': return b / 60000LL - a / 60000LL;
    case 's': return b / 1000LL - a / 1000LL;
    default: return db - da;
    }
}

static void fn_datediff(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    int64_t a, b;
    char unit = datepart(argv[0]);
    (void)argc;
    if (!unit || !value_date(argv[1], &a) || !value_date(argv[2], &b))
        sq.result_null(ctx);
    else
        sq.result_int64(ctx, boundaries(unit, a, b));
}

static void fn_datepart(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    int64_t ms;
    /* DAY(d) has one argument: its unit is the day of the month. */
    char unit = argc == 2 ? datepart(argv[0]) : 0;
    sqlite3_value *d = argv[argc - 1];
    if (!value_date(d, &ms)) {
        sq.result_null(ctx);
        return;
    }
    struct tm tm = tm_of(ms);
    switch (unit) {
    case 'y': sq.result_int64(ctx, tm.tm_year + 1900); break;
    case 'q': sq.result_int64(ctx, tm.tm_mon / 3 + 1); break;
    case 'm': sq.result_int64(ctx, tm.tm_mon + 1); break;
    case 'h': sq.result_int64(ctx, tm.tm_hour); break;
    case 'n': sq.result_int64(ctx, tm.tm_min); break;
    case 's': sq.result_int64(ctx, tm.tm_sec); break;
    case 'W': sq.result_int64(ctx, tm.tm_wday + 1); break;
    case 'w': sq.result_int64(ctx, tm.tm_yday / 7 + 1); break;
    default: sq.result_int64(ctx, tm.tm_mday); break;
    }
}

static void fn_year(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    int64_t ms;
    (void)argc;
    if (!value_date(argv[0], &ms)) {
        sq.result_null(ctx);
        return;
    }
    struct tm tm = tm_of(ms);
    sq.result_int64(ctx, tm.tm_year + 1900);
}

static void fn_month(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    int64_t ms;
    (void)argc;
    if (!value_date(argv[0], &ms)) {
        sq.result_null(ctx);
        return;
    }
    struct tm tm = tm_of(ms);
    sq.result_int64(ctx, tm.tm_mon + 1);
}

/* DATENAME(part, d): month and weekday names, else the number as text. */
static void fn_datename(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    static const char *const months[] = {"January", "February", "March",     "April",
                                         "May",     "June",     "July",      "August",
                                         "September", "October", "November", "December"};
    static const char *const days[] = {"Sunday",   "Monday", "Tuesday", "Wednesday",
                                       "Thursday", "Friday", "Saturday"};
    int64_t ms;
    char unit = datepart(argv[0]), num[16];
    (void)argc;
    if (!value_date(argv[1], &ms) || !unit) {
        sq.result_null(ctx);
        return;
    }
    struct tm tm = tm_of(ms);
    if (unit == 'm' || unit == 'W') {
        sq.result_text(ctx, unit == 'm' ? months[tm.tm_mon] : days[tm.tm_wday], -1,
                       SQLITE_STATIC);
        return;
    }
    snprintf(num, sizeof num, "%d", unit == 'y' ? tm.tm_year + 1900 : unit == 'd' ? tm.tm_mday
                                                                 : unit == 'h' ? tm.tm_hour
                                                                               : tm.tm_min);
    sq.result_text(ctx, num, -1, SQLITE_TRANSIENT);
}

static void fn_len(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    const unsigned char *s = sq.value_text(argv[0]);
    (void)argc;
    if (!s) {
        sq.result_null(ctx);
        return;
    }
    size_t n = strlen((const char *)s);
    while (n && s[n - 1] == ' ') /* LEN ignores trailing blanks */
        n--;
    sq.result_int64(ctx, (sqlite3_int64)n);
}

/* CONVERT(type, value[, style]): dates to their date part or text, numbers
 * to what the type says. */
static void fn_convert(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    const char *type = (const char *)sq.value_text(argv[0]);
    sqlite3_value *v = argv[1];
    (void)argc;
    if (sq.value_type(v) == SQLITE_NULL || !type) {
        sq.result_null(ctx);
    } else if (strncasecmp(type, "date", 4) == 0 && strncasecmp(type, "datetime", 8) != 0) {
        const char *s = (const char *)sq.value_text(v);
        sq.result_text(ctx, s, strlen(s) > 10 ? 10 : -1, SQLITE_TRANSIENT);
    } else if (strncasecmp(type, "int", 3) == 0 || strncasecmp(type, "bigint", 6) == 0 ||
               strncasecmp(type, "bit", 3) == 0) {
        sq.result_int64(ctx, sq.value_int64(v));
    } else if (strncasecmp(type, "dec", 3) == 0 || strncasecmp(type, "float", 5) == 0 ||
               strncasecmp(type, "numeric", 7) == 0 || strncasecmp(type, "money", 5) == 0) {
        sq.result_double(ctx, sq.value_double(v));
    } else {
        sq.result_text(ctx, (const char *)sq.value_text(v), -1, SQLITE_TRANSIENT);
    }
}

/* LEFT(s, n) / RIGHT(s, n): the first / last n characters (bytes). */
static void fn_side(sqlite3_context *ctx, int argc, sqlite3_value **argv, bool left)
{
    const char *s = (const char *)sq.value_text(argv[0]);
    int64_t n = sq.value_int64(argv[1]);
    (void)argc;
    if (!s) {
        sq.result_null(ctx);
        return;
    }
    size_t len = strlen(s), k = n < 0 ? 0 : (size_t)n > len ? len : (size_t)n;
    sq.result_text(ctx, left ? s : s + len - k, (int)k, SQLITE_TRANSIENT);
}

static void fn_left(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    fn_side(ctx, argc, argv, true);
}

static void fn_right(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    fn_side(ctx, argc, argv, false);
}

/* CHARINDEX(needle, haystack): 1-based position, 0 when absent. */
static void fn_charindex(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    const char *needle = (const char *)sq.value_text(argv[0]);
    const char *hay = (const char *)sq.value_text(argv[1]);
    (void)argc;
    if (!needle || !hay) {
        sq.result_null(ctx);
        return;
    }
    const char *at = strcasestr(hay, needle);
    sq.result_int64(ctx, at ? (sqlite3_int64)(at - hay) + 1 : 0);
}

static int add_functions(sqlite3 *db3)
{
    static const struct {
        const char *name;
        int argc;
        void (*fn)(sqlite3_context *, int, sqlite3_value **);
    } fns[] = {
        {"GETDATE", 0, fn_getdate},     {"GETUTCDATE", 0, fn_getdate},
        {"SYSDATETIME", 0, fn_getdate}, {"SYSUTCDATETIME", 0, fn_getdate},
        {"DATEADD", 3, fn_dateadd},     {"DATEDIFF", 3, fn_datediff},
        {"DATEPART", 2, fn_datepart},   {"DAY", 1, fn_datepart},
        {"DATENAME", 2, fn_datename},
        {"YEAR", 1, fn_year},           {"MONTH", 1, fn_month},
        {"LEN", 1, fn_len},             {"CONVERT", 2, fn_convert},
        {"CONVERT", 3, fn_convert},     {"T_LEFT", 2, fn_left},
        {"T_RIGHT", 2, fn_right},       {"CHARINDEX", 2, fn_charindex},
    };
    for (size_t i = 0; i < sizeof fns / sizeof fns[0]; i++)
        if (sq.create_function_v2(db3, fns[i].name, fns[i].argc, SQLITE_UTF8, NULL, fns[i].fn,
                                  NULL, NULL, NULL) != SQLITE_OK)
            return -1;
    return 0;
}

/* ---- the database ---- */

/* The reporting database for db (cached until it changes); NULL with err.
 * Caller holds mu. */
static sqlite3 *reporting_db(struct sim_db *db, char *err, size_t errlen)
{
    sqlite3 *db3 = NULL;
    if (cache && cache_gen == sim__db_generation(db))
        return cache;
    if (cache) {
        sq.close(cache);
        cache = NULL;
    }
    if (sq.open_v2(":memory:", &db3, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL) !=
            SQLITE_OK ||
        sq.exec(db3, "ATTACH DATABASE ':memory:' AS dbo; BEGIN", NULL, NULL, NULL) != SQLITE_OK ||
        add_functions(db3) != 0) {
        snprintf(err, errlen, "the reporting database cannot be built: %s",
                 db3 ? sq.errmsg(db3) : "out of memory");
        goto fail;
    }
    for (const struct rtable *t = schema; t->name; t++)
        if (fill_table(db3, db, t, err, errlen) != 0)
            goto fail;
    if (sq.exec(db3, "COMMIT", NULL, NULL, NULL) != SQLITE_OK) {
        snprintf(err, errlen, "the reporting database cannot be built: %s", sq.errmsg(db3));
        goto fail;
    }
    cache = db3;
    cache_gen = sim__db_generation(db);
    return cache;
fail:
    if (db3)
        sq.close(db3);
    return NULL;
}

void sim__report_free(void)
{
    pthread_mutex_lock(&mu);
    if (cache)
        sq.close(cache);
    cache = NULL;
    pthread_mutex_unlock(&mu);
}

/* ---- T-SQL to SQLite ---- */

static bool word_char(char c)
{
    return isalnum((unsigned char)c) || c == '_' || c == '@' || c == '#' || c == '$';
}

/* The next non-blank character at or after p. */
static const char *skip_ws(const char *p)
{
    while (*p && isspace((unsigned char)*p))
        p++;
    return p;
}

/* Copies a quoted run (string, quoted identifier or comment) starting at p
 * into b; returns the position after it. */
static const char *copy_quoted(struct buf *b, const char *p)
{
    const char *start = p;
    char close = *p == '[' ? ']' : *p;
    if (p[0] == '-' && p[1] == '-') {
        p += strcspn(p, "\n");
    } else if (p[0] == '/' && p[1] == '*') {
        const char *end = strstr(p + 2, "*/");
        p = end ? end + 2 : p + strlen(p);
    } else {
        for (p++; *p; p++) {
            if (*p == close) {
                if (close != ']' && p[1] == close) { /* '' and "" escape themselves */
                    p++;
                    continue;
                }
                p++;
                break;
            }
        }
    }
    buf_append(b, start, (size_t)(p - start));
    return p;
}

/* Rewrites the T-SQL a HaloPSA report holds into SQLite's dialect: the
 * outer SELECT TOP n becomes a row cap (*top), N'x' becomes 'x', ISNULL(
 * becomes IFNULL(, LEFT( and RIGHT( become functions, and the datepart of
 * DATEADD/DATEDIFF/DATEPART/DATENAME and the type of CONVERT become
 * strings. A new string. */
static char *adapt_sql(const char *in, long *top)
{
    struct buf b = {0};
    const char *p = in;
    bool after_select = false, top_done = false;
    *top = -1;
    buf_appends(&b, "");
    while (*p) {
        if (*p == '\'' || *p == '"' || *p == '[' || (p[0] == '-' && p[1] == '-') ||
            (p[0] == '/' && p[1] == '*')) {
            p = copy_quoted(&b, p);
            after_select = false;
            continue;
        }
        if ((*p == 'N' || *p == 'n') && p[1] == '\'' && (p == in || !word_char(p[-1]))) {
            p++; /* N'unicode' is just a string */
            continue;
        }
        if (!word_char(*p) || (p > in && word_char(p[-1]))) {
            if (!isspace((unsigned char)*p))
                after_select = false;
            buf_append(&b, p, 1);
            p++;
            continue;
        }
        size_t n = 0;
        while (word_char(p[n]))
            n++;
        const char *next = skip_ws(p + n);
        bool call = *next == '(';
        if (after_select && !top_done && n == 3 && strncasecmp(p, "TOP", 3) == 0) {
            const char *q = next;
            bool paren = *q == '(';
            if (paren)
                q = skip_ws(q + 1);
            char *end;
            long v = strtol(q, &end, 10);
            if (end != q) {
                q = skip_ws(end);
                if (paren && *q == ')')
                    q++;
                *top = v;
                top_done = true;
                p = q;
                continue;
            }
        }
        after_select = (n == 6 && strncasecmp(p, "SELECT", 6) == 0) ||
                       (after_select && n == 8 && strncasecmp(p, "DISTINCT", 8) == 0);
        if (call && n == 6 && strncasecmp(p, "ISNULL", 6) == 0) {
            buf_appends(&b, "IFNULL");
        } else if (call && ((n == 4 && strncasecmp(p, "LEFT", 4) == 0) ||
                            (n == 5 && strncasecmp(p, "RIGHT", 5) == 0))) {
            buf_appends(&b, "T_");
            buf_append(&b, p, n);
        } else if (call && ((n == 7 && (strncasecmp(p, "DATEADD", 7) == 0 ||
                                        strncasecmp(p, "CONVERT", 7) == 0)) ||
                            (n == 8 && (strncasecmp(p, "DATEDIFF", 8) == 0 ||
                                        strncasecmp(p, "DATEPART", 8) == 0 ||
                                        strncasecmp(p, "DATENAME", 8) == 0)))) {
            /* The first argument, up to its comma, becomes a string. */
            const char *arg = skip_ws(next + 1), *end = arg;
            int depth = 0;
            while (*end && (depth > 0 || (*end != ',' && *end != ')'))) {
                depth += *end == '(' ? 1 : *end == ')' ? -1 : 0;
                end++;
            }
            size_t len = (size_t)(end - arg);
            while (len && isspace((unsigned char)arg[len - 1]))
                len--;
            buf_append(&b, p, n);
            buf_appends(&b, "('");
            buf_append(&b, arg, len);
            buf_appends(&b, "'");
            p = end;
            continue;
        } else {
            buf_append(&b, p, n);
        }
        p += n;
    }
    return buf_steal(&b);
}

/* ---- running one statement ---- */

struct budget {
    int64_t deadline;
    bool expired;
};

static int progress(void *ud)
{
    struct budget *bg = ud;
    if (base_now_ms() > bg->deadline) {
        bg->expired = true;
        return 1;
    }
    return 0;
}

/* Reports read: anything else (a write, ATTACH, PRAGMA) is refused. */
static int authorize(void *ud, int action, const char *a, const char *b, const char *c,
                     const char *d)
{
    (void)ud;
    (void)a;
    (void)b;
    (void)c;
    (void)d;
    return action == SQLITE_SELECT || action == SQLITE_READ || action == SQLITE_FUNCTION ||
                   action == SQLITE_RECURSIVE
               ? SQLITE_OK
               : SQLITE_DENY;
}

/* A result value as JSON; dates come back in Halo's form ("...T..."). */
static json_t *cell(sqlite3_stmt *st, int i)
{
    switch (sq.column_type(st, i)) {
    case SQLITE_INTEGER: return json_integer(sq.column_int64(st, i));
    case SQLITE_FLOAT: return json_real(sq.column_double(st, i));
    case SQLITE_TEXT: {
        const char *s = (const char *)sq.column_text(st, i);
        int y, mo, d, h, mi;
        if (strlen(s) >= 19 && s[10] == ' ' &&
            sscanf(s, "%4d-%2d-%2d %2d:%2d", &y, &mo, &d, &h, &mi) == 5) {
            char *t = xstrdup(s);
            t[10] = 'T';
            json_t *v = json_string(t);
            free(t);
            return v ? v : json_null();
        }
        json_t *v = json_string(s);
        return v ? v : json_null();
    }
    default: return json_null();
    }
}

/* Runs the statement into {loaded, load_error, rows, columns}. */
static json_t *run(sqlite3 *db3, sqlite3_stmt *st, long top)
{
    json_t *rows = json_array(), *cols = json_array();
    int n = sq.column_count(st), rc;
    long cap = top >= 0 && top < MAX_ROWS ? top : MAX_ROWS;
    struct budget bg = {base_now_ms() + MAX_RUN_MS, false};
    for (int i = 0; i < n; i++)
        json_array_append_new(cols, json_pack("{s:i, s:s}", "id", i + 1, "name",
                                              sq.column_name(st, i) ? sq.column_name(st, i) : ""));
    sq.progress_handler(db3, 10000, progress, &bg);
    while ((long)json_array_size(rows) < cap && (rc = sq.step(st)) == SQLITE_ROW) {
        json_t *row = json_object();
        for (int i = 0; i < n; i++)
            json_object_set_new(row, sq.column_name(st, i) ? sq.column_name(st, i) : "", cell(st, i));
        json_array_append_new(rows, row);
    }
    sq.progress_handler(db3, 0, NULL, NULL);
    const char *error = "";
    if ((long)json_array_size(rows) < cap && rc != SQLITE_DONE)
        error = bg.expired ? "The query took too long and was stopped" : sq.errmsg(db3);
    return json_pack("{s:b, s:s, s:o, s:o}", "loaded", !*error, "load_error", error, "rows", rows,
                     "columns", cols);
}

json_t *sim__report_run(struct sim_db *db, const char *sql, char *err, size_t errlen)
{
    json_t *out = NULL;
    sqlite3_stmt *st = NULL;
    const char *tail = NULL;
    long top;
    char *adapted = adapt_sql(sql, &top);
    pthread_mutex_lock(&mu);
    if (!load_library()) {
        out = json_pack("{s:b, s:s, s:[], s:[]}", "loaded", 0, "load_error", load_error, "rows",
                        "columns");
        goto out;
    }
    sqlite3 *db3 = reporting_db(db, err, errlen);
    if (!db3) {
        out = json_pack("{s:b, s:s, s:[], s:[]}", "loaded", 0, "load_error", err, "rows",
                        "columns");
        goto out;
    }
    sq.set_authorizer(db3, authorize, NULL);
    int rc = sq.prepare_v2(db3, adapted, -1, &st, &tail);
    sq.set_authorizer(db3, NULL, NULL);
    if (rc != SQLITE_OK) {
        const char *m = sq.errmsg(db3);
        if (strstr(m, "not authorized")) {
            snprintf(err, errlen, "Only SELECT queries can be run in a report");
            goto out;
        }
        /* A query Halo cannot run comes back as a report with load_error. */
        out = json_pack("{s:b, s:s, s:[], s:[]}", "loaded", 0, "load_error", m, "rows", "columns");
        goto out;
    }
    if (!st) {
        snprintf(err, errlen, "The report has no SQL to run");
        goto out;
    }
    while (tail && (isspace((unsigned char)*tail) || *tail == ';'))
        tail++;
    if (tail && *tail) {
        snprintf(err, errlen, "A report runs one statement; remove what follows the first");
        goto out;
    }
    if (!sq.stmt_readonly(st)) {
        snprintf(err, errlen, "Only SELECT queries can be run in a report");
        goto out;
    }
    out = run(db3, st, top);
out:
    if (st)
        sq.finalize(st);
    pthread_mutex_unlock(&mu);
    free(adapted);
    return out;
}
