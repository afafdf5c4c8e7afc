/* crud.c - the eight configuration domains (ticket types, statuses,
 * outcomes, actions, custom fields, custom tables, custom tabs, custom
 * buttons) from one table of entity specs and one set of run functions:
 * list, get, create-or-update, delete. */
#include "fw_int.h"

#include "base/base.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define DETAIL_MAX_TEXT 2000
#define ROW_NOTE_MAX 300

enum filter_kind { F_BOOL = 0, F_INT, F_REF };

/* A list argument passed on to HaloPSA as a query parameter. */
struct crud_filter {
    const char *arg;   /* argument name */
    const char *param; /* HaloPSA query parameter */
    enum filter_kind kind;
    enum tools_ref ref; /* F_REF: what a name resolves against */
};

/* What may be resolved from a name in a create body. */
struct crud_ref_field {
    const char *arg;   /* argument, e.g. "outcome" */
    const char *field; /* body field the id goes to, e.g. "outcome_id" */
    enum tools_ref ref;
};

struct crud_entity {
    const char *noun;                 /* "status" */
    const char *endpoint;             /* "/api/Status" */
    const char *wrapper;              /* list wrapper key, or NULL for a bare array */
    const char *rows_key;             /* "statuses" */
    const char *name_field;           /* "name"; the outcome's is "outcome" */
    const char *parent;               /* "ticket_id" when list/get/delete need it */
    const char *const *fields;        /* compact row fields */
    const char *const *drop;          /* left out of a detail view */
    const char *const *untrusted;     /* end-user text fields (marked) */
    const char *const *create_needs;  /* fields a new record must have */
    const char *create_defaults;      /* JSON object merged under a new record, or NULL */
    const struct crud_filter *filters; /* NULL-terminated by arg */
    const struct crud_ref_field *refs; /* NULL-terminated by arg */
};

/* ------------------------------------------------------------------ */
/* Run functions                                                       */

static const char *article(const char *noun)
{
    return strchr("aeiou", noun[0]) ? "an" : "a";
}

/* Borrowed: the text of a result's first content item. */
static const char *result_text(json_t *r)
{
    const char *s = json_string_value(
        json_object_get(json_array_get(json_object_get(r, "content"), 0), "text"));
    return s ? s : "";
}

static bool blank(json_t *v)
{
    return !v || json_is_null(v) || (json_is_string(v) && !*json_string_value(v));
}

/* Wraps the entity's end-user text fields of rec (modified) between the
 * untrusted-text delimiters. */
static void mark_untrusted(const struct crud_entity *e, json_t *rec, size_t max)
{
    for (size_t i = 0; e->untrusted && e->untrusted[i]; i++) {
        json_t *v = json_object_get(rec, e->untrusted[i]);
        if (!json_is_string(v) || !*json_string_value(v))
            continue;
        char *s = tools__untrusted(json_string_value(v), max);
        json_object_set_new(rec, e->untrusted[i], json_string(s));
        free(s);
    }
}

/* "/api/Status/12" (new string). */
static char *record_path(const struct crud_entity *e, json_int_t id)
{
    return xasprintf("%s/%lld", e->endpoint, (long long)id);
}

/* The parent parameter (ticket_id) as a query object; NULL with c->error
 * when it is missing. */
static json_t *parent_query(struct tools_call *c, const struct crud_entity *e, json_t *args,
                            const char *verb)
{
    json_t *q = json_object();
    if (!e->parent)
        return q;
    json_t *v = json_object_get(args, e->parent);
    if (!json_is_integer(v)) {
        json_decref(q);
        tools__fail(c, "argument '%s': required to %s %ss (HaloPSA files them under a ticket)",
                    e->parent, verb, e->noun);
        return NULL;
    }
    json_object_set(q, e->parent, v);
    return q;
}

static json_t *crud_list(struct tools_call *c, json_t *args, const struct tools_tool *t)
{
    const struct crud_entity *e = t->spec;
    const struct tools_list_spec spec = {e->endpoint, e->wrapper, e->rows_key, e->fields, false};
    json_t *q = parent_query(c, e, args, "list");
    json_t *resp = NULL, *rows = NULL, *res = NULL;
    if (!q)
        return tools__take_error(c);
    for (const struct crud_filter *f = e->filters; f && f->arg; f++) {
        json_t *v = json_object_get(args, f->arg);
        json_int_t id;
        if (!v)
            continue;
        if (f->kind == F_REF) {
            if (tools__resolve(c, f->ref, f->arg, v, &id) != 0)
                goto out;
            json_object_set_new(q, f->param, json_integer(id));
        } else {
            json_object_set(q, f->param, v);
        }
    }
    if (!(resp = tools__get(c, e->endpoint, q)))
        goto out;
    /* Configuration lists come whole (no paging at HaloPSA): filter by
     * name and page here. */
    const char *search = json_string_value(json_object_get(args, "search"));
    rows = json_array();
    size_t i;
    json_t *r;
    json_array_foreach(halo_rows(resp, e->wrapper, NULL), i, r) {
        const char *name = json_string_value(json_object_get(r, e->name_field));
        if (search && *search && !(name && strcasestr(name, search)))
            continue;
        json_t *copy = json_copy(r);
        mark_untrusted(e, copy, ROW_NOTE_MAX);
        json_array_append_new(rows, copy);
    }
    res = tools__list_local(c, &spec, args, rows);
out:
    json_decref(rows);
    json_decref(resp);
    json_decref(q);
    return res ? res : tools__take_error(c);
}

static json_t *crud_get(struct tools_call *c, json_t *args, const struct tools_tool *t)
{
    const struct crud_entity *e = t->spec;
    json_t *q = parent_query(c, e, args, "get");
    json_t *rec = NULL, *res = NULL;
    char *path = NULL;
    if (!q)
        return tools__take_error(c);
    json_object_set_new(q, "includedetails", json_true());
    path = record_path(e, json_integer_value(json_object_get(args, "id")));
    if (!(rec = tools__get_record(c, path, q, e->wrapper, e->noun)))
        goto out;
    json_t *detail = tools__detail(rec, e->drop, DETAIL_MAX_TEXT, args);
    /* Even the raw record (full) keeps end-user text marked. */
    mark_untrusted(e, detail, 0);
    res = tools__result(detail);
out:
    free(path);
    json_decref(rec);
    json_decref(q);
    return res ? res : tools__take_error(c);
}

/* The body record from the arguments: the named arguments over
 * "record". New object. */
static json_t *merge_record(json_t *args)
{
    json_t *rec = json_object();
    json_t *extra = json_object_get(args, "record");
    const char *k;
    json_t *v;
    json_object_foreach(extra, k, v)
        json_object_set(rec, k, v);
    json_object_foreach(args, k, v) {
        if (strcmp(k, "record") != 0)
            json_object_set(rec, k, v);
    }
    return rec;
}

/* Names to ids in rec (modified). 0, or -1 with c->error. */
static int resolve_refs(struct tools_call *c, const struct crud_entity *e, json_t *rec)
{
    for (const struct crud_ref_field *r = e->refs; r && r->arg; r++) {
        json_int_t id;
        json_t *val = json_object_get(rec, r->arg);
        if (!val || json_is_null(val))
            continue;
        if (tools__resolve(c, r->ref, r->arg, val, &id) != 0)
            return -1;
        if (strcmp(r->arg, r->field) != 0)
            json_object_del(rec, r->arg);
        json_object_set_new(rec, r->field, json_integer(id));
    }
    return 0;
}

/* The first missing field of a new record ("a|b": either will do), or
 * NULL. Borrowed from the table. */
static const char *missing(const struct crud_entity *e, json_t *rec, char *buf, size_t len)
{
    for (size_t i = 0; e->create_needs && e->create_needs[i]; i++) {
        const char *need = e->create_needs[i];
        bool have = false;
        for (const char *p = need; *p && !have;) {
            const char *bar = strchr(p, '|');
            size_t n = bar ? (size_t)(bar - p) : strlen(p);
            snprintf(buf, len, "%.*s", (int)n, p);
            have = !blank(json_object_get(rec, buf));
            p += n + (bar ? 1 : 0);
        }
        if (!have) {
            const char *bar = strchr(need, '|');
            snprintf(buf, len, "%.*s", (int)(bar ? (size_t)(bar - need) : strlen(need)), need);
            return buf;
        }
    }
    return NULL;
}

static json_t *crud_create(struct tools_call *c, json_t *args, const struct tools_tool *t)
{
    const struct crud_entity *e = t->spec;
    json_t *rec = NULL, *resp = NULL, *res = NULL, *q = NULL, *body = NULL;
    char *path = NULL;
    struct buf notes = {0};
    char need[64];
    rec = merge_record(args);
    json_t *idv = json_object_get(rec, "id");
    bool update = json_is_integer(idv) && json_integer_value(idv) > 0;
    if (idv && !update) {
        res = tools__fail(c, "argument 'id': must be a positive integer to update a %s (omit it "
                             "to create one)",
                          e->noun);
        goto out;
    }
    if (e->parent && !json_is_integer(json_object_get(rec, e->parent))) {
        res = tools__fail(c, "argument '%s': required to %s %s %s", e->parent,
                          update ? "update" : "create", article(e->noun), e->noun);
        goto out;
    }
    if (update) {
        /* HaloPSA may save a record with an unknown id as a new one: make
         * sure the one to update exists before sending anything. */
        if (!(q = parent_query(c, e, rec, "update")))
            goto out;
        path = record_path(e, json_integer_value(idv));
        json_t *cur = tools__get(c, path, q);
        if (!cur) {
            json_t *err = tools__take_error(c);
            res = tools__fail(c, "Not saved: %s %lld cannot be updated: %s", e->noun,
                              (long long)json_integer_value(idv), result_text(err));
            json_decref(err);
            goto out;
        }
        json_decref(cur);
    } else {
        const char *lack = missing(e, rec, need, sizeof need);
        if (lack) {
            res = tools__fail(c, "argument '%s': required to create %s %s (or give 'id' to "
                                 "update an existing one)",
                              lack, article(e->noun), e->noun);
            goto out;
        }
        json_t *defaults = e->create_defaults ? json_loads(e->create_defaults, 0, NULL) : NULL;
        const char *k;
        json_t *v;
        json_object_foreach(defaults, k, v) {
            if (!json_object_get(rec, k)) {
                json_object_set(rec, k, v);
                buf_printf(&notes, "%s%s=%s", notes.len ? ", " : "", k,
                           json_is_true(v) ? "true" : json_is_false(v) ? "false" : "0");
            }
        }
        json_decref(defaults);
    }
    if (resolve_refs(c, e, rec) != 0)
        goto out;
    body = json_array();
    json_array_append(body, rec);
    if (!(resp = tools__post(c, e->endpoint, body)))
        goto out;
    json_t *saved = json_is_array(resp) ? json_array_get(resp, 0) : resp;
    json_int_t id = json_integer_value(json_object_get(saved, "id"));
    json_t *detail = tools__detail(saved, e->drop, 500, NULL);
    mark_untrusted(e, detail, 500);
    const char *name = json_string_value(json_object_get(saved, e->name_field));
    struct buf text = {0};
    buf_printf(&text, "%s %s %lld%s%s%s.", update ? "Updated" : "Created", e->noun, (long long)id,
               name ? " '" : "", name ? name : "", name ? "'" : "");
    if (notes.len)
        buf_printf(&text, " Defaults applied (pass them to change): %s.", notes.data);
    json_t *sc = json_pack("{s:s, s:I, s:o}", "result", update ? "updated" : "created", "id", id,
                           "record", detail);
    if (notes.len)
        json_object_set_new(sc, "defaults_applied", json_string(notes.data));
    res = mcp_result_structured(sc, text.data);
    buf_free(&text);
out:
    buf_free(&notes);
    free(path);
    json_decref(body);
    json_decref(resp);
    json_decref(q);
    json_decref(rec);
    return res ? res : tools__take_error(c);
}

static json_t *crud_delete(struct tools_call *c, json_t *args, const struct tools_tool *t)
{
    const struct crud_entity *e = t->spec;
    json_t *q = parent_query(c, e, args, "delete");
    json_t *resp = NULL, *res = NULL;
    char *path = NULL;
    if (!q)
        return tools__take_error(c);
    json_int_t id = json_integer_value(json_object_get(args, "id"));
    path = record_path(e, id);
    if (!(resp = tools__delete(c, path, q)))
        goto out;
    char *text = xasprintf("Deleted %s %lld.", e->noun, (long long)id);
    res = mcp_result_structured(json_pack("{s:b, s:I}", "deleted", 1, "id", id), text);
    free(text);
out:
    free(path);
    json_decref(resp);
    json_decref(q);
    return res ? res : tools__take_error(c);
}

/* ------------------------------------------------------------------ */
/* Schemas                                                             */

#define P_ID(noun)                                                                               \
    "\"id\":{\"type\":\"integer\",\"minimum\":1,\"description\":\"The " noun "'s id\"}"
#define P_UPDATE_ID(noun)                                                                        \
    "\"id\":{\"type\":\"integer\",\"minimum\":1,\"description\":\"Give the id to update that " \
    noun "; omit it to create a new one\"}"
#define P_TICKET                                                                                 \
    "\"ticket_id\":{\"type\":\"integer\",\"minimum\":1,\"description\":\"The ticket the action " \
    "belongs to (HaloPSA requires it)\"}"
#define P_SEARCH                                                                                 \
    "\"search\":{\"type\":\"string\",\"description\":\"Only rows whose name contains this "     \
    "(case-insensitive)\"}"
#define P_DETAIL                                                                                 \
    "\"fields\":{\"type\":\"array\",\"items\":{\"type\":\"string\"},\"description\":\"Field "   \
    "names to show in full (long text is capped and embedded definitions are left out "          \
    "otherwise)\"},\"full\":{\"type\":\"boolean\",\"description\":\"true: the raw HaloPSA "      \
    "record\"}"
#define P_RECORD                                                                                 \
    "\"record\":{\"type\":\"object\",\"description\":\"Any other HaloPSA fields of the "        \
    "record, sent as they are (named arguments win)\"}"
#define P_BOOL(name, what) "\"" name "\":{\"type\":\"boolean\",\"description\":\"" what "\"}"
#define P_INT(name, what) "\"" name "\":{\"type\":\"integer\",\"description\":\"" what "\"}"
#define P_STR(name, what) "\"" name "\":{\"type\":\"string\",\"description\":\"" what "\"}"
#define OUT_GET                                                                                  \
    "{\"type\":\"object\",\"properties\":{\"id\":{\"type\":\"integer\"}},\"required\":[\"id\"]}"
#define OUT_CREATE                                                                               \
    "{\"type\":\"object\",\"properties\":{\"result\":{\"type\":\"string\",\"enum\":[\"created\"," \
    "\"updated\"]},\"id\":{\"type\":\"integer\"},\"record\":{\"type\":\"object\"},"             \
    "\"defaults_applied\":{\"type\":\"string\"}},\"required\":[\"result\",\"id\"]}"
#define OUT_DELETE                                                                               \
    "{\"type\":\"object\",\"properties\":{\"deleted\":{\"type\":\"boolean\"},\"id\":{\"type\":" \
    "\"integer\"}},\"required\":[\"deleted\",\"id\"]}"
#define OBJ(props) "{\"type\":\"object\",\"properties\":{" props "},\"additionalProperties\":false}"
#define OBJ_REQ(props, req)                                                                      \
    "{\"type\":\"object\",\"properties\":{" props "},\"required\":[" req                          \
    "],\"additionalProperties\":false}"

/* ------------------------------------------------------------------ */
/* The entities                                                        */

static const char *const tt_fields[] = {"id", "name", "default_team", "workflow_id",
                                        "default_priority", NULL};
static const char *const st_fields[] = {"id", "name", "shortname", "type", "sequence", NULL};
static const char *const oc_fields[] = {"id", "outcome", "buttonname", "hidden", "sendemail",
                                        NULL};
static const char *const ac_fields[] = {"id",       "ticket_id",       "datetime",
                                        "outcome",  "who",             "hiddenfromuser",
                                        "timetaken", "new_status_name", "note",
                                        NULL};
static const char *const cf_fields[] = {"id", "name", "label", "type", "inputtype", "usage",
                                        NULL};
static const char *const ct_fields[] = {"id", "name", "db_name", "linkto_table_id", NULL};
static const char *const tb_fields[] = {"id", "name", "tableid", "sequence", "url", NULL};
static const char *const cb_fields[] = {"id", "name", "label", "usage", "type", "url", NULL};

static const char *const need_name[] = {"name", NULL};
static const char *const need_outcome[] = {"outcome", NULL};
static const char *const need_action[] = {"ticket_id", "outcome|outcome_id", NULL};
static const char *const ac_untrusted[] = {"note", "emailbody", "emailsubject", NULL};
static const char *const ac_drop[] = {"attachments", NULL};

static const struct crud_filter tt_filters[] = {
    {"client_id", "client_id", F_REF, TOOLS_REF_CLIENT},
    {"showinactive", "showinactive", F_BOOL, 0},
    {NULL, NULL, 0, 0},
};
static const struct crud_filter st_filters[] = {
    {"tickettype_id", "tickettype_id", F_REF, TOOLS_REF_TICKETTYPE},
    {"excludeclosed", "excludeclosed", F_BOOL, 0},
    {NULL, NULL, 0, 0},
};
static const struct crud_filter oc_filters[] = {
    {"tickettype_id", "tickettype_id", F_REF, TOOLS_REF_TICKETTYPE},
    {"showhidden", "showhidden", F_BOOL, 0},
    {NULL, NULL, 0, 0},
};
static const struct crud_filter ac_filters[] = {
    {"excludesys", "excludesys", F_BOOL, 0},
    {"excludeprivate", "excludeprivate", F_BOOL, 0},
    {"agentonly", "agentonly", F_BOOL, 0},
    {"conversationonly", "conversationonly", F_BOOL, 0},
    {NULL, NULL, 0, 0},
};
static const struct crud_filter cf_filters[] = {
    {"usage", "typeid", F_INT, 0},
    {NULL, NULL, 0, 0},
};
static const struct crud_filter ct_filters[] = {
    {"customonly", "customonly", F_BOOL, 0},
    {NULL, NULL, 0, 0},
};

static const struct crud_ref_field tt_refs[] = {
    {"default_priority", "default_priority", TOOLS_REF_PRIORITY},
    {NULL, NULL, 0},
};
static const struct crud_ref_field ac_refs[] = {
    {"outcome", "outcome_id", TOOLS_REF_OUTCOME},
    {"new_status", "new_status", TOOLS_REF_STATUS},
    {NULL, NULL, 0},
};

static const struct crud_entity tickettypes_entity = {
    "ticket type", "/api/TicketType", NULL, "tickettypes", "name", NULL, tt_fields, NULL,
    NULL, need_name, NULL, tt_filters, tt_refs};
static const struct crud_entity statuses_entity = {
    "status", "/api/Status", NULL, "statuses", "name", NULL, st_fields, NULL,
    NULL, need_name, NULL, st_filters, NULL};
static const struct crud_entity outcomes_entity = {
    "outcome", "/api/Outcome", NULL, "outcomes", "outcome", NULL, oc_fields, NULL,
    NULL, need_outcome, NULL, oc_filters, NULL};
static const struct crud_entity actions_entity = {
    "action", "/api/Actions", "actions", "actions", "outcome", "ticket_id", ac_fields, ac_drop,
    ac_untrusted, need_action,
    "{\"hiddenfromuser\":true,\"sendemail\":false,\"timetaken\":0}", ac_filters, ac_refs};
static const struct crud_entity customfields_entity = {
    "custom field", "/api/FieldInfo", NULL, "customfields", "name", NULL, cf_fields, NULL,
    NULL, need_name, NULL, cf_filters, NULL};
static const struct crud_entity customtables_entity = {
    "custom table", "/api/CustomTable", NULL, "customtables", "name", NULL, ct_fields, NULL,
    NULL, need_name, NULL, ct_filters, NULL};
static const struct crud_entity customtabs_entity = {
    "custom tab", "/api/Tabs", NULL, "customtabs", "name", NULL, tb_fields, NULL,
    NULL, need_name, NULL, NULL, NULL};
static const struct crud_entity custombuttons_entity = {
    "custom button", "/api/CustomButton", NULL, "custombuttons", "name", NULL, cb_fields, NULL,
    NULL, need_name, NULL, NULL, NULL};

/* One domain of four tools from an entity. a: "a"/"an" before noun. */
#define CRUD_DOMAIN(var, dom, title, summary, a, noun, nouns, ep, rows_key, list_about,          \
                    list_props, parent_prop, list_req, item_req, create_about, create_props)     \
    static const struct tools_tool var##_tools[] = {                                             \
        {"halopsa_" dom "_list", "List " nouns,                                                  \
         "List " nouns " (GET " ep "; HaloPSA returns the whole list, paged here). " list_about, \
         OBJ_REQ(parent_prop list_props P_SEARCH "," TOOLS_PAGING_PROPS, list_req),            \
         TOOLS_LIST_OUTPUT(rows_key), TOOLS_READ, "GET", ep, crud_list, &var##_entity},          \
        {"halopsa_" dom "_get", "Get " a " " noun,                                               \
         "Get one " noun " by id (GET " ep "/{id}). Long text is capped and embedded "          \
         "definitions are left out; 'fields' or 'full' ask for more.",                            \
         OBJ_REQ(parent_prop P_ID(noun) "," P_DETAIL, item_req "\"id\""), OUT_GET, TOOLS_READ,   \
         "GET", ep "/{id}", crud_get, &var##_entity},                                            \
        {"halopsa_" dom "_create", "Create or update " a " " noun,                               \
         "Create " a " " noun ", or update one by giving its id. HaloPSA has no PUT or PATCH: "  \
         "this POSTs a one-element JSON array to " ep " (a record with an existing id is "       \
         "updated, one without is created; an update is checked against the existing record "   \
         "first). dry_run: true shows the exact request without sending it. " create_about,      \
         OBJ(P_UPDATE_ID(noun) "," create_props P_RECORD), OUT_CREATE, TOOLS_WRITE, "POST", ep,  \
         crud_create, &var##_entity},                                                            \
        {"halopsa_" dom "_delete", "Delete " a " " noun,                                         \
         "Delete " a " " noun " by id (DELETE " ep "/{id}). This cannot be undone: the user "    \
         "is asked to confirm, or, where the client cannot ask, confirm: true is needed.",      \
         OBJ_REQ(parent_prop P_ID(noun), item_req "\"id\""), OUT_DELETE, TOOLS_DELETE, "DELETE", \
         ep "/{id}", crud_delete, &var##_entity},                                                \
    };                                                                                           \
    const struct tools_domain tools__##var = {dom, title, summary, var##_tools,                 \
                                              sizeof var##_tools / sizeof var##_tools[0]}

CRUD_DOMAIN(tickettypes, "tickettypes", "Ticket types",
            "ticket types (Incident, Service Request, ...): list, get, create/update, delete",
            "a", "ticket type", "ticket types", "/api/TicketType", "tickettypes",
            "Rows: id, name, default team, workflow, default priority.",
            TOOLS_REF_PROP("client_id", "Only types this client can use: client") ","
            P_BOOL("showinactive", "Include inactive ticket types") ",",
            "", "", "",
            "A new ticket type needs a name.",
            P_STR("name", "Ticket type name") ","
            P_INT("workflow_id", "Workflow the type's tickets follow") ","
            P_STR("default_team", "Default team name") ","
            TOOLS_REF_PROP("default_priority", "Default priority") ","
            P_BOOL("agentscanselect", "Agents can pick this type") ",");

CRUD_DOMAIN(statuses, "statuses", "Statuses",
            "ticket statuses (New, In Progress, Closed, ...): list, get, create/update, delete",
            "a", "status", "statuses", "/api/Status", "statuses",
            "Rows: id, name, short name, type, sequence.",
            TOOLS_REF_PROP("tickettype_id", "Only statuses of this ticket type: ticket type") ","
            P_BOOL("excludeclosed", "Leave out closed statuses") ",",
            "", "", "",
            "A new status needs a name.",
            P_STR("name", "Status name") ","
            P_STR("shortname", "Short name") ","
            P_INT("type", "Status type as HaloPSA numbers it") ","
            P_INT("sequence", "Position in lists") ","
            P_STR("colour", "Colour, e.g. #ff9800") ",");

CRUD_DOMAIN(outcomes, "outcomes", "Outcomes",
            "action types (outcomes) agents pick when adding an action: list, get, "
            "create/update, delete",
            "an", "outcome", "outcomes", "/api/Outcome", "outcomes",
            "Outcomes are the action types (Private Note, Email User, Resolve, ...) used when "
            "adding an action to a ticket, not ticket resolutions. Rows: id, outcome, button "
            "name, hidden, sends e-mail.",
            TOOLS_REF_PROP("tickettype_id", "Only outcomes of this ticket type: ticket type") ","
            P_BOOL("showhidden", "Include hidden (system) outcomes") ",",
            "", "", "",
            "A new outcome needs its name in 'outcome'.",
            P_STR("outcome", "Outcome name") ","
            P_STR("buttonname", "Button label agents see") ","
            P_BOOL("hidden", "Hide it from agents") ","
            P_INT("sendemail", "1: the action e-mails the end user") ","
            P_STR("colour", "Colour, e.g. #2196f3") ",");

CRUD_DOMAIN(actions, "actions", "Actions",
            "actions on a ticket (notes, e-mails, status changes; /api/Actions, need "
            "ticket_id): list, get, create/update, delete",
            "an", "action", "actions", "/api/Actions", "actions",
            "Needs ticket_id. Notes are end-user text, returned between "
            "HALOPSA_UNTRUSTED_TEXT delimiters. Rows: id, date, outcome, who, private, hours, "
            "new status, note.",
            P_BOOL("excludesys", "Leave out system actions") ","
            P_BOOL("excludeprivate", "Leave out private notes") ","
            P_BOOL("agentonly", "Only actions by agents") ","
            P_BOOL("conversationonly", "Only the conversation with the end user") ",",
            P_TICKET ",", "\"ticket_id\"", "\"ticket_id\",",
            "A new action needs ticket_id and an outcome (name or id; see "
            "halopsa_outcomes_list). Unless given, it is a private note (hiddenfromuser: true) "
            "with no e-mail (sendemail: false) and no time logged (timetaken: 0).",
            P_TICKET ","
            TOOLS_REF_PROP("outcome", "Action type (outcome)") ","
            P_STR("note", "The note text") ","
            P_BOOL("hiddenfromuser", "Private: hidden from the end user (default true)") ","
            P_BOOL("sendemail", "E-mail the end user (default false)") ","
            "\"timetaken\":{\"type\":\"number\",\"minimum\":0,\"description\":\"Time spent, in "
            "hours (0.25 = 15 minutes; default 0)\"},"
            TOOLS_REF_PROP("new_status", "Status to move the ticket to: status") ",");

CRUD_DOMAIN(customfields, "customfields", "Custom fields",
            "custom field definitions (/api/FieldInfo): list, get, create/update, delete",
            "a", "custom field", "custom fields", "/api/FieldInfo", "customfields",
            "Custom fields are defined at /api/FieldInfo. Rows: id, name, label, type, input "
            "type, usage (1 tickets, 2 clients, 3 sites, 4 users).",
            P_INT("usage", "Only fields of this table: 1 tickets, 2 clients, 3 sites, 4 users") ",",
            "", "", "",
            "A new custom field needs a name (HaloPSA's convention: CF...).",
            P_STR("name", "Field name, e.g. CFContractRef") ","
            P_STR("label", "Label agents see") ","
            P_INT("type", "Field type as HaloPSA numbers it (0 text, 2 single choice, ...)") ","
            P_INT("inputtype", "Input type as HaloPSA numbers it") ","
            P_INT("usage", "Table: 1 tickets, 2 clients, 3 sites, 4 users") ","
            P_STR("hint", "Help text") ",");

CRUD_DOMAIN(customtables, "customtables", "Custom tables",
            "custom tables (/api/CustomTable): list, get, create/update, delete",
            "a", "custom table", "custom tables", "/api/CustomTable", "customtables",
            "Rows: id, name, database name, linked table.",
            P_BOOL("customonly", "Only custom (not system) tables") ",",
            "", "", "",
            "A new custom table needs a name.",
            P_STR("name", "Table name") ","
            P_STR("db_name", "Database name, e.g. CTSoftwareLicences") ","
            P_INT("linkto_table_id", "Table it links to") ",");

CRUD_DOMAIN(customtabs, "customtabs", "Custom tabs",
            "custom tabs (/api/Tabs): list, get, create/update, delete",
            "a", "custom tab", "custom tabs", "/api/Tabs", "customtabs",
            "Custom tabs live at /api/Tabs. Rows: id, name, table, sequence, url.",
            "",
            "", "", "",
            "A new custom tab needs a name.",
            P_STR("name", "Tab name") ","
            P_INT("tableid", "Table the tab shows on") ","
            P_INT("sequence", "Position") ","
            P_STR("url", "URL for a web tab") ",");

CRUD_DOMAIN(custombuttons, "custombuttons", "Custom buttons",
            "custom buttons (/api/CustomButton): list, get, create/update, delete",
            "a", "custom button", "custom buttons", "/api/CustomButton", "custombuttons",
            "Rows: id, name, label, usage, type, url.",
            "",
            "", "", "",
            "A new custom button needs a name.",
            P_STR("name", "Button name") ","
            P_STR("label", "Label agents see") ","
            P_INT("usage", "Where it shows, as HaloPSA numbers it") ","
            P_INT("type", "Button type as HaloPSA numbers it") ","
            P_STR("url", "URL it opens") ",");
