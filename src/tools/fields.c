/* fields.c - the field table: what the output knows about a HaloPSA field,
 * wherever it appears or in one entity's records. Which fields end users
 * and e-mail senders write (marked as data), which keep their line breaks
 * or hold HTML, which ids have a name next to them (and where the name
 * comes from), the label a field shows under, and every enum's codes with
 * their labels. A new domain's fields are rows here (path = its entity's
 * path when the meaning is the entity's own); its entity may also list
 * end-user fields in .untrusted. */
#include "tools_int.h"

#include "base/base.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define U TOOLS_F_UNTRUSTED
#define LINES TOOLS_F_MULTILINE
#define HTML TOOLS_F_HTML
#define TEXT (U | LINES | HTML) /* a note or description: end-user HTML with lines */

/* ---- enums: code, label ---------------------------------------------- */

/* Status.type (the simulator's reading: unconfirmed, see
 * docs/simulator-data.md). */
static const char *const status_types[] = {"0", "open", "1", "closed", "2",
                                           "pending (SLA on hold)", NULL};
static const char *const payment_statuses[] = {"0", "unpaid", "1", "partly paid", "2", "paid",
                                               NULL};
/* Actions.who_type: 1 an agent, 0 the end user (halopsa-api.md §4). */
static const char *const who_types[] = {"0", "end user", "1", "agent", NULL};
static const char *const directions[] = {"I", "incoming", "O", "outgoing", NULL};
static const char *const sla_states[] = {"I", "in time", "O", "late", NULL};
/* TicketApproval.result: 1/2 is CK's reading (halopsa-api.md §9). */
static const char *const approval_results[] = {"0", "awaiting", "1", "approved", "2", "rejected",
                                               NULL};

static const struct tools_field table[] = {
    /* Text end users and e-mail senders write. */
    {"summary", NULL, U},
    {"idsummary", NULL, U, "summary"},
    {"details", NULL, TEXT},
    {"details_html", NULL, TEXT, "details"},
    {"note", NULL, TEXT},
    {"note_html", NULL, TEXT, "note"},
    {"notes", NULL, TEXT},
    {"emailbody", NULL, TEXT, "e-mail body"},
    {"emailbody_html", NULL, TEXT, "e-mail body"},
    {"description", NULL, TEXT},
    {"description_html", NULL, TEXT, "description"},
    {"resolution", NULL, TEXT},
    {"resolution_html", NULL, TEXT, "resolution"},
    {"approver_note", NULL, U | LINES, "approver's note"},
    {"approvalnote", NULL, U | LINES, "approval note"},
    {"closure_note", NULL, U | LINES, "closure note"},
    {"satisfactioncomment", NULL, U | LINES, "satisfaction comment"},
    {"emailsubject", NULL, U, "e-mail subject"},
    {"subject", NULL, U},
    {"emailfrom", NULL, U, "e-mail from"},
    {"emailto", NULL, U, "e-mail to"},
    {"emailcc", NULL, U, "e-mail cc"},
    {"emailtolist", NULL, U, "e-mail to"},
    {"emailcclist", NULL, U, "e-mail cc"},
    {"who", NULL, U, "by"},
    {"reportedby", NULL, U, "reported by"},
    {"user_email", NULL, U, "user's e-mail"},
    {"emailaddress", NULL, U, "e-mail"},
    {"filename", NULL, U, "file"},
    {"text", "/api/Attachment", U | LINES, "content"},
    {"oppcompanyname", NULL, U, "company"},
    {"oppcontactname", NULL, U, "contact"},
    {"oppemailaddress", NULL, U, "e-mail"},
    /* Assets: names and keys a device or an end user reports. */
    {"username", NULL, U, "user"},
    {"inventory_number", NULL, U, "inventory no."},
    {"key_field", NULL, U, "key"},
    {"key_field2", NULL, U, "key 2"},
    {"key_field3", NULL, U, "key 3"},
    /* Custom field values come from forms end users fill in; an update
     * sends only the fields given, HaloPSA keeps the others. */
    {"customfields", NULL, U | TOOLS_F_MERGED, "custom fields"},

    /* Records end users (or e-mail) create, by name: marked too. */
    {"client_id", NULL, 0, "client", .name_key = "client_name"},
    {"client_name", NULL, U, "client"},
    {"site_id", NULL, 0, "site", .name_key = "site_name"},
    {"site_name", NULL, U, "site"},
    {"clientsite_name", NULL, U, "site"},
    {"main_site_name", NULL, U, "main site"},
    {"user_id", NULL, 0, "user", .name_key = "user_name"},
    {"user_name", NULL, U, "user"},
    {"toplevel_id", NULL, 0, "top level", .name_key = "toplevel_name"},
    {"toplevel_name", NULL, U, "top level"},
    {"maincontact_id", NULL, 0, "main contact", .name_key = "maincontact_name"},
    {"maincontact_name", NULL, U, "main contact"},

    /* Configuration the tenant's admins name: ids with their names. */
    {"agent_id", NULL, TOOLS_F_LOOKUP, "agent", .name_key = "agent_name", .ref = TOOLS_REF_AGENT},
    {"agent_name", NULL, 0, "agent"},
    {"team_id", NULL, TOOLS_F_LOOKUP, "team", .name_key = "team", .ref = TOOLS_REF_TEAM},
    /* Ticket statuses; other records' status_id (an asset's) means
     * something else. */
    {"status_id", "/api/Tickets", TOOLS_F_LOOKUP, "status", .name_key = "status_name",
     .ref = TOOLS_REF_STATUS},
    {"status_id", NULL, 0, "status", .name_key = "status_name"},
    {"status_name", NULL, 0, "status"},
    {"tickettype_id", NULL, TOOLS_F_LOOKUP, "type", .name_key = "tickettype_name",
     .ref = TOOLS_REF_TICKETTYPE},
    {"tickettype_name", NULL, 0, "type"},
    {"priority_id", NULL, TOOLS_F_LOOKUP, "priority", .name_key = "priority_name",
     .ref = TOOLS_REF_PRIORITY},
    {"priority_name", NULL, 0, "priority"},
    {"default_priority", "/api/TicketType", TOOLS_F_LOOKUP, "default priority",
     .name_key = "default_priority_name", .ref = TOOLS_REF_PRIORITY},
    {"default_priority_name", NULL, 0, "default priority"},
    {"sla_id", NULL, 0, "SLA", .name_key = "sla_name"},
    {"sla_name", NULL, 0, "SLA"},
    {"outcome_id", NULL, TOOLS_F_LOOKUP, "outcome", .name_key = "outcome",
     .ref = TOOLS_REF_OUTCOME},
    {"new_status", NULL, TOOLS_F_LOOKUP, "new status", .name_key = "new_status_name",
     .ref = TOOLS_REF_STATUS},
    {"new_status_name", NULL, 0, "new status"},
    {"assettype_id", NULL, TOOLS_F_LOOKUP, "asset type", .name_key = "assettype_name",
     .ref = TOOLS_REF_ASSETTYPE},
    {"assettype_name", NULL, 0, "asset type"},
    {"assetgroup_name", NULL, 0, "asset group"},
    {"department_name", NULL, 0, "department"},

    {"category_1", NULL, 0, "category"},
    /* Names the tenant's admins give its configuration: trusted, so a
     * list of statuses needs no region (any text no row names is data). */
    {"name", "/api/Status", 0},
    {"shortname", "/api/Status", 0, "short name"},
    {"name", "/api/Team", 0},
    {"name", "/api/Priority", 0},
    {"name", "/api/TicketType", 0},
    {"outcome", "/api/Outcome", 0},
    {"buttonname", "/api/Outcome", 0, "button"},
    {"name", "/api/AssetType", 0},
    {"name", "/api/SLA", 0},
    {"value", "/api/Category", 0, "category"},
    {"name", "/api/Agent", 0},
    {"email", "/api/Agent", 0, "e-mail"},
    {"colour", "/api/Status", 0},
    /* Times under the words a technician uses. */
    {"dateoccurred", NULL, 0, "opened"},
    {"dateclosed", NULL, 0, "closed"},
    {"respondbydate", NULL, 0, "respond by"},
    {"fixbydate", NULL, 0, "fix by"},
    {"lastactiondate", NULL, 0, "last action"},
    {"datetime", NULL, 0, "time"},
    {"invoice_date", NULL, 0, "date"},
    {"duedate", NULL, 0, "due"},
    {"timetaken", NULL, 0, "time taken (h)"},
    {"hiddenfromuser", NULL, 0, "private"},

    /* Enums and 0/1 flags. */
    {"type", "/api/Status", 0, "type", status_types},
    {"paymentstatus", NULL, 0, "payment", payment_statuses},
    {"who_type", NULL, 0, "by", who_types},
    {"emaildirection", NULL, 0, "direction", directions},
    {"slaresponsestate", NULL, 0, "response", sla_states},
    {"result", "/api/TicketApproval", 0, "result", approval_results},
    {"sendemail", "/api/Outcome", TOOLS_F_BOOL, "e-mails the user"},
    {NULL},
};

/* The table's rows sorted by name, ties in table order: tools__field runs
 * for every key of every record shown (several per key in a detail view),
 * so it searches instead of scanning a hundred rows. Built once. */
#define NROWS (sizeof table / sizeof table[0] - 1)
static const struct tools_field *by_name[NROWS];
static pthread_once_t by_name_once = PTHREAD_ONCE_INIT;

static int by_name_cmp(const void *a, const void *b)
{
    const struct tools_field *x = *(const struct tools_field *const *)a;
    const struct tools_field *y = *(const struct tools_field *const *)b;
    int c = strcmp(x->name, y->name);
    return c ? c : (x > y) - (x < y);
}

static void by_name_build(void)
{
    for (size_t i = 0; i < NROWS; i++)
        by_name[i] = &table[i];
    qsort(by_name, NROWS, sizeof by_name[0], by_name_cmp);
}

const struct tools_field *tools__field(const struct tools_entity *e, const char *key)
{
    if (pthread_once(&by_name_once, by_name_build) != 0)
        abort();
    size_t lo = 0, hi = NROWS;
    while (lo < hi) { /* the first row named key, if any */
        size_t mid = lo + (hi - lo) / 2;
        if (strcmp(by_name[mid]->name, key) < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    const struct tools_field *any = NULL;
    const char *path = e ? e->path : NULL;
    for (size_t i = lo; i < NROWS && strcmp(by_name[i]->name, key) == 0; i++) {
        const struct tools_field *f = by_name[i];
        if (!f->path) {
            if (!any)
                any = f;
        } else if (path && strcasecmp(f->path, path) == 0) {
            return f;
        }
    }
    return any;
}

const struct tools_field *tools__id_named(const struct tools_entity *e, const char *key,
                                          const json_t *rec)
{
    for (const struct tools_field *f = table; f->name; f++) {
        if (f->name_key && strcmp(f->name_key, key) == 0 && json_object_get(rec, f->name) &&
            tools__field(e, f->name) == f)
            return f;
    }
    return NULL;
}

static bool ends_with(const char *s, const char *suffix)
{
    size_t n = strlen(s), m = strlen(suffix);
    return n > m && strcmp(s + n - m, suffix) == 0;
}

const char *tools__label(const struct tools_entity *e, const char *key, char *buf, size_t len)
{
    const struct tools_field *f = tools__field(e, key);
    if (f && f->label)
        return f->label;
    size_t n = strlen(key);
    if (ends_with(key, "_name"))
        n -= 5;
    else if (ends_with(key, "_id"))
        n -= 3;
    snprintf(buf, len, "%.*s", (int)n, key);
    return buf;
}

const char *tools__enum_label(const struct tools_field *f, json_t *code)
{
    char num[32];
    const char *s = json_string_value(code);
    if (!f || !f->values)
        return NULL;
    if (json_is_integer(code)) {
        snprintf(num, sizeof num, "%lld", (long long)json_integer_value(code));
        s = num;
    }
    for (size_t i = 0; s && f->values[i]; i += 2) {
        if (strcmp(f->values[i], s) == 0)
            return f->values[i + 1];
    }
    return NULL;
}

const struct tools_field *tools__id_of_name(const struct tools_entity *e, const char *key)
{
    const char *path = e ? e->path : NULL;
    for (const struct tools_field *f = table; f->name; f++) {
        if (f->name_key && strcmp(f->name_key, key) == 0 && (f->flags & TOOLS_F_LOOKUP) &&
            (!f->path || (path && strcasecmp(f->path, path) == 0)) &&
            tools__field(e, f->name) == f)
            return f;
    }
    return NULL;
}

const char **tools__row_sources(const struct tools_entity *e, const char *const *row)
{
    size_t n = 0, k = 0;
    while (row && row[n])
        n++;
    const char **out = xcalloc(2 * n + 1, sizeof *out);
    for (size_t i = 0; i < n; i++) {
        out[k++] = row[i];
        const struct tools_field *f = tools__id_of_name(e, row[i]);
        bool have = false;
        for (size_t j = 0; f && j < n; j++)
            have = have || strcmp(row[j], f->name) == 0;
        if (f && !have)
            out[k++] = f->name;
    }
    return out;
}
