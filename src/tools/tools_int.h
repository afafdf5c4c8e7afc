/* tools_int.h - internals of the decision tree shared by its files: the
 * declarative tables (domains, entities, tools, arguments), the per-call
 * context, and the helpers every domain uses (HaloPSA requests with honest
 * errors, dry runs, paging, compact rows, detail shaping, names instead of
 * ids, untrusted text). Names: tools__x. Not a public interface.
 *
 * A domain is one row of the domain table (domains.c). A tool is a row of
 * a domain: its verb and entity decide its name, title, description,
 * annotations, the framework's arguments, its output schema and its
 * handler, so a generic tool is one line. Arguments are rows too: the
 * input schema, the HaloPSA query of a list, the body of a write, the
 * conversion of whole-number reals and docs/tools.md all come from them.
 *
 * Split of files:
 *   tables: domains.c (the one registration point), args.c (arguments:
 *     schema, normalisation, query and body), catalog.c (rows expanded
 *     into tools, tools_catalog, the server instructions)
 *   framework: registry.c (tools_register, modes, visibility, navigation
 *     state, the wrapper around every tool), confirm.c (asking the user
 *     before a delete), nav.c (halopsa_navigate/status/back/call), call.c
 *     (requests, errors, dry runs, lists and page walks), shape.c (rows,
 *     detail, text, untrusted), names.c (name resolution cache), crud.c
 *     (the generic handler of each verb)
 *   domains with their own handlers: tickets.c, clients.c, assets.c,
 *     agents.c, invoices.c, workflows.c, time.c, search.c, reports.c,
 *     attachments.c, projects.c, approvals.c; actions.c holds what the tools
 *     writing a note on a ticket share
 *   besides tools (ux_int.h): ux.c (registration), prompts.c, resources.c,
 *     complete.c, poll.c (subscriptions), view.c + view.html (MCP Apps)
 */
#ifndef HALOPSA_TOOLS_INT_H
#define HALOPSA_TOOLS_INT_H

#include "halo/halo.h"
#include "mcp/mcp.h"
#include "tools.h"

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

/* The tables give a row's first fields in order and leave the optional
 * rest out, zero by design: -Wextra would call every such row incomplete. */
#pragma GCC diagnostic ignored "-Wmissing-field-initializers"

/* What a tool does; decides its annotations and safety rules:
 *   READ   readOnlyHint, idempotent; callable in read-only mode
 *   WRITE  creates or updates; the framework adds a "dry_run" boolean to its
 *          input schema; hidden and refused in read-only mode. An update
 *          (UPDATE, SAVE verbs) or a TOOLS_T_CONFIRM change also takes
 *          "confirm" and says destructiveHint: an update asks (like a
 *          delete) when it would remove or replace data, checked on every
 *          POST of a record with an id (tools__post)
 *   DELETE destructiveHint, idempotent; the framework adds "confirm" and asks
 *          for confirmation (elicitation, else confirm:true) before run()
 * openWorldHint is true for every tool that talks to HaloPSA. */
enum tools_kind { TOOLS_READ = 0, TOOLS_WRITE, TOOLS_DELETE };

/* What a tool does with its entity. Bits, so a domain can list several. */
enum tools_verb {
    TOOLS_V_NONE = 0,        /* ends a table of tools */
    TOOLS_V_LIST = 1 << 0,   /* GET path: rows, paged (page, page_size, max_rows) */
    TOOLS_V_GET = 1 << 1,    /* GET path/{id}: one record (fields, full) */
    TOOLS_V_CREATE = 1 << 2, /* POST path [record]: a new record */
    TOOLS_V_UPDATE = 1 << 3, /* POST path [{id, ...}]: an existing record (id required) */
    TOOLS_V_SAVE = 1 << 4,   /* create, or update when an id is given */
    TOOLS_V_DELETE = 1 << 5, /* DELETE path/{id} (confirm) */
    TOOLS_V_RUN = 1 << 6,    /* a read of its own shape that runs something (a report, an
                                agent's day, the global search): only the row's own arguments,
                                no paging or id added; GET path unless the row says otherwise;
                                needs its own run */
};

/* Tool flags (struct tools_tool.flags). */
#define TOOLS_T_CONFIRM (1u << 0) /* a write that cannot be undone (approve, reject): gets
                                     "confirm" and destructiveHint; its handler asks the user
                                     with tools__confirm before sending */
#define TOOLS_T_TASK (1u << 1)    /* may take long (a report): a 2026 client that declared the
                                     tasks extension gets a task (mcp_call_detach) */

/* ---- arguments ------------------------------------------------------- */

/* How an argument maps onto HaloPSA (and which JSON type it has). */
enum tools_arg_kind {
    TOOLS_A_STRING = 0, /* string, sent as it is (an empty one is not sent) */
    TOOLS_A_SEARCH,     /* string: HaloPSA's search, or a name filter here (TOOLS_E_LOCAL_SEARCH) */
    TOOLS_A_BOOL,       /* boolean, sent as it is */
    TOOLS_A_FLAG,       /* boolean, sent as param=true only when true */
    TOOLS_A_INT,        /* integer (range) */
    TOOLS_A_NUMBER,     /* number (range) */
    TOOLS_A_MINUTES,    /* number of minutes from the model, sent in HaloPSA's hours */
    TOOLS_A_ENUM,       /* string, one of values, sent as it is */
    TOOLS_A_CHOICE,     /* string, one of values: pairs of value and "param=value" (or NULL) */
    TOOLS_A_DATE_FROM,  /* "YYYY-MM-DD[THH:MM[:SS]]", sent zone-less */
    TOOLS_A_DATE_TO,    /* the same; a bare date means the end of that day */
    TOOLS_A_REF,        /* an id or a name, resolved against ref, sent as the id */
    TOOLS_A_REFS,       /* one or several ids or names, sent as a list of ids */
    TOOLS_A_ID_OR_TEXT, /* integer or string, sent as it is (agents "me") */
    TOOLS_A_STRINGS,    /* array of strings */
    TOOLS_A_OBJECT,     /* object, sent as it is */
    TOOLS_A_LIST,       /* array of objects (properties in items), sent as it is */
    TOOLS_A_ANY,        /* any JSON value */
};

/* Argument flags. */
#define TOOLS_REQUIRED (1u << 0)  /* in the schema's "required" */
#define TOOLS_NEEDED (1u << 1)    /* required to create (not to update) */
#define TOOLS_NONEMPTY (1u << 2)  /* strings: minLength 1 */
#define TOOLS_LOCAL (1u << 3)     /* read by the handler, never sent as it is */
#define TOOLS_NAMES_OK (1u << 4)  /* LIST: an item may also be a plain string */
#define TOOLS_AS_NAME (1u << 5)   /* REF: sent as the record's name as HaloPSA spells it (a
                                     ticket's team, a category's value), not its id */

/* Names instead of ids: what a reference resolves against (names.c). */
enum tools_ref {
    TOOLS_REF_CLIENT = 0,
    TOOLS_REF_SITE,
    TOOLS_REF_AGENT,
    TOOLS_REF_TEAM,
    TOOLS_REF_STATUS,
    TOOLS_REF_TICKETTYPE,
    TOOLS_REF_PRIORITY,
    TOOLS_REF_OUTCOME,
    TOOLS_REF_USER,
    TOOLS_REF_ASSETTYPE,
    TOOLS_REF_SLA,
    TOOLS_REF_CATEGORY,  /* a ticket category (category_1): its value, "Hardware>Laptop" */
    TOOLS_REF_FIELD,     /* a custom field definition: its name (CF...) or label */
    TOOLS_REF_SUPPLIER,
};

/* One argument of a tool (or one property of its output). Tables of them
 * end with an entry whose name is NULL. */
struct tools_arg {
    const char *name;
    enum tools_arg_kind kind;
    const char *description;
    unsigned flags;             /* TOOLS_REQUIRED, TOOLS_NEEDED, ... */
    const char *param;          /* HaloPSA query parameter or body field; NULL: name. For a
                                   TOOLS_LOCAL argument only docs/tools.md reads it: what the
                                   handler sends */
    enum tools_ref ref;         /* REF, REFS: what a name resolves against */
    const char *scope;          /* REF, REFS: the argument of the same call naming the client
                                   it resolves within (a site or user of that client) */
    const char *range;          /* INT, NUMBER, MINUTES: "1..100", "0.." */
    const char *const *values;  /* ENUM: the values; CHOICE: value, "param=value" pairs */
    const char *dflt;           /* writes: JSON text sent when creating without it */
    const char *also;           /* "param=value" also sent when the argument is given */
    const struct tools_arg *items; /* LIST: the properties of each item (their kinds apply
                                      to each item: references resolved, ...); OBJECT: its
                                      properties */
    const char *implies;        /* BOOL: "field=value" that true implies (its default then;
                                   a different value given is refused), e.g. sendemail
                                   implies "hiddenfromuser=false" */
};

/* ---- fields: what the output knows about a HaloPSA field (fields.c) - */

/* Field flags. */
#define TOOLS_F_UNTRUSTED (1u << 0) /* end users or e-mail senders write it: marked as data */
#define TOOLS_F_MULTILINE (1u << 1) /* free text whose line breaks are kept (else one line) */
#define TOOLS_F_HTML (1u << 2)      /* may hold HTML: shown as plain text */
#define TOOLS_F_MERGED (1u << 3)    /* an update merges it (custom fields) rather than
                                       replacing it: never a destructive change */
#define TOOLS_F_BOOL (1u << 4)      /* a 0/1 integer shown as false/true */
#define TOOLS_F_LOOKUP (1u << 5)    /* an id whose name comes from the names cache (ref)
                                       when the record lacks name_key */

/* One row of the field table: a field wherever it appears (path NULL) or
 * in one entity's records. Rows end with a NULL name. */
struct tools_field {
    const char *name;          /* key in HaloPSA's records */
    const char *path;          /* only in this entity's records ("/api/Status"); NULL: any */
    unsigned flags;            /* TOOLS_F_* */
    const char *label;         /* text label ("opened"); NULL: the name without _id/_name */
    const char *const *values; /* an enum: "code", "label" pairs, NULL-terminated */
    const char *name_key;      /* an id field: the key holding its name ("client_name") */
    enum tools_ref ref;        /* TOOLS_F_LOOKUP: the reference list naming it */
};

/* ---- entities, tools, domains --------------------------------------- */

/* Entity flags. */
#define TOOLS_E_PAGED (1u << 0)        /* HaloPSA pages its list (pageinate, page_size, page_no) */
#define TOOLS_E_LOCAL_SEARCH (1u << 1) /* "search" filters the whole list by name here */

/* A HaloPSA entity as the generic handlers see it. */
struct tools_entity {
    const char *noun;              /* "custom field" */
    const char *nouns;             /* "custom fields"; NULL: noun + "s" */
    const char *rows;              /* key of a list's rows; NULL: nouns without blanks */
    const char *article;           /* "a" or "an" before noun; NULL: by its first letter */
    const char *path;              /* "/api/FieldInfo" */
    const char *key;               /* envelope key of lists ("tickets"); NULL: a bare array */
    const char *name_field;        /* NULL: "name" */
    const char *about;             /* a sentence or two for the generated descriptions */
    unsigned flags;                /* TOOLS_E_* */
    const char *const *row;        /* fields of a compact list row (NULL-terminated) */
    const char *const *drop;       /* left out of a detail view */
    const char *const *untrusted;  /* end-user text fields, marked as data (besides those
                                      the field table marks wherever they appear) */
    const char *const *detail;     /* fields of a compact detail view (names of ids come
                                      along); NULL: every field that is set */
    const char *const *get_flags;  /* sent as =true with a GET of one record */
    const struct tools_arg *parent; /* the key a record is filed under (ticket_id), or NULL */
    const struct tools_arg *filters; /* arguments of a list */
    const struct tools_arg *body;  /* fields of a create or update */
    const char *always;            /* JSON object text every create and update also sends
                                      (the arguments and record win), e.g. a flag HaloPSA
                                      wants on writes */
};

struct tools_call;
struct tools_def;
struct buf;

/* Returns a CallToolResult (new reference), or NULL: then the framework
 * returns the call's dry-run preview or its error (tools__fail and every
 * helper that fails set it). */
typedef json_t *(*tools_run_fn)(struct tools_call *c, json_t *args);

/* A tool as a domain table declares it. Left NULL, a field is derived. */
struct tools_tool {
    enum tools_verb verb;
    const struct tools_entity *entity; /* NULL: the domain's */
    const char *name;        /* NULL: halopsa_<domain>_<verb> */
    const char *title;       /* NULL: "List statuses", "Get a status", ... */
    const char *description; /* NULL: generated from the entity and the verb */
    const struct tools_arg *args;   /* NULL: the entity's filters (list) or body (writes) */
    const struct tools_arg *output; /* an output schema: these structuredContent properties */
    tools_run_fn run;        /* NULL: the verb's generic handler (crud.c) */
    bool schema;             /* declare the verb's own output schema (lists, gets); a tool
                                has an output schema only with this or .output */
    unsigned flags;          /* TOOLS_T_* */
    const char *const *query; /* "param=value" pairs the generic list and get always send
                                 (domain=prjs, mine=true); NULL-terminated */
    const char *method;      /* NULL: from the kind (a read that POSTs says "POST") */
    const char *endpoint;    /* NULL: from the verb and path ("/api/Report/{id}") */
};

/* Every verb of a domain: its whole tool table in flat mode's core set. */
#define TOOLS_CORE_ALL 0xffu

/* One row of the domain table. Its tools are either listed (tools, ended
 * by a TOOLS_V_NONE row) or generated from entity, one per verb bit. */
struct tools_domain {
    const char *name;    /* "tickets"; halopsa_navigate takes it */
    const char *title;   /* "Tickets" */
    const char *summary; /* one line for navigate and status */
    const struct tools_entity *entity;
    unsigned verbs;
    const struct tools_tool *tools;
    /* The core set: the verbs (TOOLS_V_* bits, or TOOLS_CORE_ALL) whose
     * tools flat mode lists by default, the everyday ones; the rest stay
     * callable and are listed with HALOPSA_DOMAINS (=all, or naming the
     * domain). 0: none. The whole core set stays within 60 tools with the
     * navigation tools (tests/tools/test_budgets.c). */
    unsigned core;
};

/* The domain table (domains.c), in the order navigate lists them. */
extern const struct tools_domain tools__domain_table[];
extern const size_t tools__domain_count;

/* A tool as registered: its row with everything derived filled in. Lives
 * in the catalogue (catalog.c) until tools_cleanup. */
struct tools_def {
    const char *name, *title, *description;
    enum tools_verb verb;
    enum tools_kind kind;
    const char *method;   /* "GET" | "POST" | "DELETE" */
    const char *endpoint; /* "/api/Status/{id}" */
    const struct tools_entity *entity;
    const char *rows;     /* key of a list's rows */
    const struct tools_arg *args; /* every input argument, the framework's included */
    size_t nargs;
    const struct tools_arg *output;
    bool schema;          /* has an output schema (.output or the verb's) */
    tools_run_fn run;
    size_t domain;        /* index in the domain table */
    unsigned flags;       /* TOOLS_T_* */
    const char *const *query; /* the row's fixed query pairs */
    bool core;            /* in flat mode's core set (the domain's core verbs) */
};

/* ---- the call ------------------------------------------------------- */

/* Per-call context, built by the framework around each run(). */
struct tools_call {
    struct mcp_call *mcp;        /* borrowed */
    struct halo_client *hc;      /* borrowed */
    const struct tools_def *tool;
    const struct tools_options *opts;
    bool dry_run;                /* WRITE tools: args.dry_run was true */
    bool confirm;                /* args.confirm was true (tools__asks: deletes, updates,
                                    TOOLS_T_CONFIRM changes) */
    json_t *error;               /* set by a failing helper: an isError CallToolResult */
    json_t *preview;             /* set by a dry run: what would have been sent */
    json_t *resolved;            /* {argument: id} of the references resolved so far */
    json_t *current;             /* an update's record as HaloPSA holds it (tools__exists) */
    char nonce[16];              /* this reply's untrusted-text tag ("" until needed) */
    bool marked;                 /* a message of this call quotes end-user text */
    int failed_status;           /* HaloPSA's HTTP status of the last failed request (0: none
                                    or no answer), e.g. 404 when a record does not exist */
};

/* The call running on this thread (set by the wrapper around every domain
 * tool), or NULL. Borrowed. Output shaping reads the tool's entity, the
 * reply's tag and the names cache through it. */
struct tools_call *tools__current(void);

/* ---- arguments (args.c) --------------------------------------------- */
/* The items of a customfields argument: [{id, value}], the field given by
 * its id, name or label (HaloPSA takes customfields:[{id, value}], §7.7). */
extern const struct tools_arg tools__field_values[];
/* The HaloPSA name of an argument (param, else its name). */
const char *tools__param(const struct tools_arg *a);
/* JSON Schema of an object with these properties (n of them; n = -1 for a
 * NULL-terminated table). input: additionalProperties false. New. */
json_t *tools__schema(const struct tools_arg *args, long n, bool input);
/* Turns whole-number reals into integers wherever the schema says
 * integer (args modified). 0, or -1 with c->error naming the argument (a
 * fraction, or beyond the 64-bit range). */
int tools__normalize(struct tools_call *c, json_t *args);
/* Puts every argument of table (n entries, -1: NULL-terminated) that args
 * holds, converted by kind, into out (a list's query or a write's body
 * record) under its HaloPSA name: references resolved, dates normalised,
 * minutes made hours, empty strings and false flags left out. TOOLS_LOCAL
 * arguments and a SEARCH of a TOOLS_E_LOCAL_SEARCH entity are skipped. 0,
 * or -1 with c->error naming the argument. */
int tools__put(struct tools_call *c, const struct tools_arg *table, long n, json_t *args,
               json_t *out /* modified */);
/* The tool's own arguments (all of them) into out. */
int tools__put_all(struct tools_call *c, json_t *args, json_t *out);
/* "param=value" into out[param] = "value" (a string; nothing without '='). */
void tools__put_pair(json_t *out, const char *pair);
/* A date argument in HaloPSA's zone-less form into buf; end: a bare date
 * means the end of that day. 0, or -1 with c->error naming arg. */
int tools__date(struct tools_call *c, const char *arg, json_t *v, bool end, char *buf,
                size_t len);
/* Minutes from the model as the hours HaloPSA's timetaken holds. The one
 * place the unit is decided (halopsa-api.md §9.2: sources disagree). */
double tools__minutes_to_hours(double minutes);
/* A finite whole number within the 64-bit range: true with *out. */
bool tools__whole(double d, json_int_t *out);

/* ---- requests (call.c) ---------------------------------------------- */
/* Each returns the parsed reply (new reference) or NULL with c->error set
 * to a result carrying HaloPSA's own message, the status and the endpoint.
 * tools__post honours c->dry_run: it sends nothing and returns NULL with
 * c->preview set to a normal result showing the exact method, path and
 * body that would have been sent. */
json_t *tools__get(struct tools_call *c, const char *path, json_t *query /* borrowed */);
json_t *tools__post(struct tools_call *c, const char *path, json_t *records /* borrowed array */);
json_t *tools__delete(struct tools_call *c, const char *path, json_t *query /* borrowed */);
/* A file: GET path with its body kept as bytes in *out (halo_bytes_free).
 * 0, or -1 with c->error as above. */
int tools__get_bytes(struct tools_call *c, const char *path, json_t *query,
                     struct halo_bytes *out);
/* The query naming the record's parent ({ticket_id: 7}), or {} when the
 * entity has none. New object. */
json_t *tools__parent_query(struct tools_call *c, json_t *args);
/* "/api/Status/12" (new string). */
char *tools__record_path(const struct tools_entity *e, json_int_t id);
/* One record of the tool's entity by id: GET path/id with query (borrowed,
 * may be NULL) plus the entity's get_flags. The record itself, or the first
 * element of resp[key] where a tenant wraps it. New reference, or NULL with
 * c->error set (HaloPSA's error, or a message when the answer holds no
 * record). */
json_t *tools__get_one(struct tools_call *c, json_int_t id, json_t *query);
/* Before an update: GET path/id (with the parent's key only) must find
 * the record, or HaloPSA may save the POST as a new one. 0, or -1 with
 * c->error (HaloPSA's 404 and its message). */
int tools__exists(struct tools_call *c, json_int_t id, json_t *args);
/* The record a POST of one element saved: HaloPSA answers with the object
 * itself, though some tenants send a one-element array or wrap it in
 * reply[key]. Borrowed from reply; NULL when there is none. */
json_t *tools__saved_record(json_t *reply, const char *key);
/* The rows of a list reply: a bare array, reply[key], or the one
 * array-valued member of an object under a key we did not expect
 * (halopsa-api.md §9.1). Borrowed (an empty static array when none).
 * *count (may be NULL) gets record_count when present, else the rows. */
json_t *tools__rows(json_t *reply, const char *key, int64_t *count);
/* Sets c->error to an isError result for bad input, e.g. tools__fail(c,
 * "argument 'id' ..."), and returns NULL, so a handler can return it. */
json_t *tools__fail(struct tools_call *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Hands over c->error (new reference) and clears it; an internal-error
 * result when none was set. */
json_t *tools__take_error(struct tools_call *c);

/* An integer argument such as an id: its value, or 0 when it is absent or
 * not an integer (the input schema has already required it). */
json_int_t tools__arg_id(json_t *args, const char *arg);

/* ---- confirmation (confirm.c) -------------------------------------- */
/* Whether the host can ask the user (it declared elicitation). */
bool tools__can_ask(struct tools_call *c);
/* Before a TOOLS_T_CONFIRM tool sends its write: asks the user question
 * (may be NULL when tools__can_ask is false) and goes ahead on a yes;
 * where the host cannot ask, the model's confirm: true (c->confirm) is
 * needed. A dry run needs nothing. doing names the change in the refusal
 * ("approving approval 1 of ticket 12"). 0 to go ahead, or -1 with
 * c->error saying nothing was sent. */
int tools__confirm(struct tools_call *c, const char *question, const char *doing);

/* ---- reports (reports.c) -------------------------------------------- */
/* The guard in front of POST /api/Report SQL: one SELECT (or WITH ...
 * SELECT) statement of at most 8000 bytes; plain ASCII outside quoted
 * text; no comment, no ';' (one at the very end is dropped), no second
 * statement, no reserved word that writes, defines, runs code or controls
 * flow (INTO, EXEC, DECLARE, ...). 0 with *out the SQL to send (new), or
 * -1 with why. */
int tools__sql_guard(const char *sql, char **out, char *why, size_t whylen);
/* The result of a report HaloPSA ran (reply borrowed: one object, or one
 * wrapped in an array or {reports:[...]}): rows at report.rows (HAPI, SW
 * ReportContent) or at the top (RED), at most args.max_rows of them (100
 * by default), with a note when there are none (zero rows can hide an
 * error). label names the report in the text ("Report 3 'Open tickets'").
 * New reference, or NULL with c->error when HaloPSA's load_error says it
 * could not run it. */
json_t *tools__report_result(struct tools_call *c, json_t *reply, const char *label,
                             json_t *args);

/* ---- lists (call.c) ------------------------------------------------- */
/* Runs the tool's list request with query (borrowed; paging added from
 * args) and returns the result: structuredContent {record_count, page,
 * page_size, has_more, <rows>: [compact rows]} plus a readable text table.
 * An entity HaloPSA does not page comes whole and is paged here. With
 * args.max_rows > page size it walks pages (halo_get_pages) with progress
 * notifications and stops on cancellation. NULL with c->error. */
json_t *tools__list(struct tools_call *c, json_t *args, json_t *query);
/* The same result for rows already fetched whole (borrowed, e.g. after
 * filtering them here): args.page/page_size (or max_rows) pick the slice;
 * record_count is the number of rows given. New reference. */
json_t *tools__list_local(struct tools_call *c, json_t *args, json_t *rows);

/* ---- shaping (shape.c) ---------------------------------------------- */
/* What a record shows, and how (the same rules for rows and details, from
 * the field table): unset values (null, "", -1 ids, 1899/1900 dates) are
 * left out; whole-number ids become integers; HaloPSA's UTC times become
 * the configured zone's "YYYY-MM-DDTHH:MM" (a midnight a bare date);
 * enums become their labels and 0/1 flags booleans; HTML becomes plain
 * text; control and format characters are removed and a one-line field
 * loses its line breaks. End-user text is marked when the result is
 * rendered (tools__result), never in the values.
 *
 * A compact row: only fields (NULL-terminated) that are set; an id field
 * with a name (client_id/client_name) shows the name, looked up in the
 * names cache when the record lacks it (priority_name). New object. */
json_t *tools__row(const json_t *rec, const char *const *fields);
/* A detail view of one record: the entity's detail fields when it
 * declares them (every field otherwise), minus drop (NULL-terminated) and
 * any key ending in "_html" whose plain twin is there, with names next to
 * their ids and strings capped at max_text characters (saying so).
 * args.fields (array of names) adds those fields back in full; args.full
 * = true returns rec unchanged. New object. */
json_t *tools__detail(const json_t *rec, const char *const *drop, size_t max_text, json_t *args);
/* Kept for handlers written before the field table: caps the string
 * fields of rec (modified) named in fields at max_len characters (0: no
 * cap) and cleans them as one-line text unless the field table keeps
 * their lines. The marking itself happens in tools__result. */
void tools__mark_untrusted(json_t *rec, const char *const *fields, size_t max_len);
/* HaloPSA sends every flag and counter, mostly false or 0: in a detail
 * view those say nothing. Drops them from detail (modified), except the
 * keys in keep (NULL-terminated) and the names in args.fields. */
void tools__drop_zeros(json_t *detail, const char *const *keep, json_t *args);
/* Replaces detail.customfields (HaloPSA's array of field records) with
 * {label: value} of the fields that hold something, or removes it when
 * none does. Leaves detail alone when customfields is not an array. */
void tools__compact_customfields(json_t *detail);
/* A result with structuredContent = structured (stolen) and its text: a
 * list ({record_count, columns, <rows>: [[...]]}) as a table, anything
 * else as "key: value" lines. Record data holding end-user text comes
 * inside one region between this reply's delimiters, after one preamble
 * that explains them; structuredContent then names those fields in
 * "_untrusted". New reference. */
json_t *tools__result(json_t *structured);
/* The same with a first line (or lines) of our own text before the
 * record data (lead: trusted text, e.g. "Created status 12."). */
json_t *tools__result_lead(const char *lead, json_t *structured);
/* A list result's structured content from compact object rows (stolen):
 * {record_count, page, page_size, has_more, columns, <key>: [[...], ...]}
 * with the columns in the order of order (NULL-terminated, may be NULL)
 * and then of first appearance. New object. */
json_t *tools__columns(json_t *rows, const char *key, const char *const *order);

/* ---- untrusted text (untrusted.c) ------------------------------------ */
/* Whether key holds end-user text in the records of entity e (may be
 * NULL): the field table or e->untrusted says so. */
bool tools__is_untrusted(const struct tools_entity *e, const char *key);
/* s without control and format characters (zero-width, bidi controls,
 * ...); one_line: line breaks and tabs become spaces too. New string. */
char *tools__clean(const char *s, bool one_line);
/* This reply's tag (random, generated once per call; c may be NULL for a
 * fresh one written into buf). Borrowed from c or buf. */
const char *tools__nonce(struct tools_call *c, char buf[16]);
/* End-user text quoted inside a message of ours (an error naming a
 * record): cleaned to one line, capped at max characters (0: no cap) and
 * put between this reply's delimiters; the call's result then carries the
 * preamble (tools__fail adds it). New string. */
char *tools__quote(struct tools_call *c, const char *text, size_t max);
/* The preamble explaining the delimiters tagged nonce, and the
 * delimiters themselves. */
void tools__preamble(struct buf *b, const char *nonce);
/* Breaks every occurrence of nonce in s (modified), so rendered data can
 * never contain the reply's own delimiters. */
void tools__scrub_nonce(char *s, const char *nonce);
void tools__open_region(struct buf *b, const char *nonce);
void tools__close_region(struct buf *b, const char *nonce);

/* ---- fields, times and HTML (fields.c, tz.c, html.c) ----------------- */
/* The field table's row for key in the records of entity e (may be NULL),
 * or NULL. */
const struct tools_field *tools__field(const struct tools_entity *e, const char *key);
/* The text label of key ("client" for client_name). Static or borrowed
 * from the table; buf for derived ones. */
const char *tools__label(const struct tools_entity *e, const char *key, char *buf, size_t len);
/* The id field (any kind) rec carries whose name key is key in e's
 * records (team_id for team, new_status for new_status_name), or NULL. */
const struct tools_field *tools__id_named(const struct tools_entity *e, const char *key,
                                          const json_t *rec);
/* The LOOKUP id field whose name key is key in e's records (priority_id
 * for priority_name), or NULL. */
const struct tools_field *tools__id_of_name(const struct tools_entity *e, const char *key);
/* What a list must read for rows of these fields: the fields, and the id
 * of every name the names cache supplies (priority_id for
 * priority_name). New array (free it) of borrowed strings, NULL-ended. */
const char **tools__row_sources(const struct tools_entity *e, const char *const *row);
/* The label of an enum code (static), or NULL when the field has no
 * table or the code is not in it. */
const char *tools__enum_label(const struct tools_field *f, json_t *code);
/* Loads the zone times are shown in: an IANA name ("Europe/London",
 * "UTC"); NULL or "" for the machine's own (TZ, else /etc/localtime, else
 * UTC). 0, or -1 with err (no such zone). Once per process is enough; the
 * last one loaded is used. */
int tools__tz_load(const char *name, char *err, size_t errlen);
/* The zone's name ("Europe/London"; "UTC" before any load). Static. */
const char *tools__tz_name(void);
/* A HaloPSA time (UTC, "YYYY-MM-DDTHH:MM[:SS[.f]]", an optional Z) as the
 * zone's "YYYY-MM-DDTHH:MM" into out (len >= 17), or a bare date when it
 * is midnight exactly (HaloPSA's date-only fields). false when s is not a
 * time. */
bool tools__tz_local(const char *s, char *out, size_t len);
/* Whether s holds HTML markup or entities worth converting. */
bool tools__looks_html(const char *s);
/* HTML as plain text: paragraphs and line breaks kept, lists as "- " or
 * "1. " items, links as "text (url)", entities decoded, scripts, styles
 * and comments dropped, blanks collapsed. New string. */
char *tools__html_text(const char *html);

/* ---- generic handlers (crud.c) -------------------------------------- */
/* The generic handler of a verb: a domain's own handler may check first and
 * then hand over (NULL for TOOLS_V_RUN, which has none). */
tools_run_fn tools__generic_run(enum tools_verb verb);

/* ---- notes on a ticket (actions.c) ---------------------------------- */
/* What an action written by a tool says about itself. */
struct tools_note {
    json_int_t ticket_id;
    bool hidden; /* hiddenfromuser: private */
    bool email;  /* sendemail */
    double hours; /* timetaken, in HaloPSA's hours */
};
/* POSTs [rec] (modified: the default outcome, "Private Note", when it has
 * no outcome_id; ticket_id, hiddenfromuser, sendemail and timetaken from n
 * always sent) to /api/Actions. The saved action (new), or NULL with
 * c->error or c->preview. */
json_t *tools__post_action(struct tools_call *c, json_t *rec, const struct tools_note *n);
/* "<lead>: private note (not visible to the end user); no e-mail sent;
 * 0.50 hours of time LOGGED." New string. */
char *tools__note_summary(const char *lead, const struct tools_note *n);

/* ---- names instead of ids (names.c) --------------------------------- */
/* Resolves value (an integer id, a numeric string, or a name: case-
 * insensitive, exact or unique prefix) to an id using a short-lived cache
 * of the reference list. scope > 0: only among the records of that client
 * (sites, users). For agents, "me" (any case) is the agent the API
 * application acts as (GET /api/Agent/me). Returns 0 with *id; -1 with c->error set (not found, or
 * ambiguous with the candidates and their clients listed; the message
 * names arg). */
int tools__resolve(struct tools_call *c, enum tools_ref ref, const char *arg, json_t *value,
                   json_int_t scope, json_int_t *id);
/* The other way: the name of id in a reference list the cache holds whole
 * (agents, teams, statuses, ticket types, priorities, outcomes, asset
 * types). New string, or NULL: unknown, a list HaloPSA is asked to search
 * rather than held (clients, sites, users), or HaloPSA failed; never an
 * error of the call. c may be NULL (then NULL). */
char *tools__name_of(struct tools_call *c, enum tools_ref ref, json_int_t id);
/* The same, for references HaloPSA takes by name (TOOLS_AS_NAME): *name
 * gets the record's name as HaloPSA spells it (new string); an id is
 * looked up in the list too. 0, or -1 with c->error. */
int tools__resolve_name(struct tools_call *c, enum tools_ref ref, const char *arg, json_t *value,
                        json_int_t scope, char **name);
/* The records of ref whose name (or second name) starts with text, then
 * those containing it, case-insensitive, at most max, from the same cache
 * (a searched reference asks HaloPSA with text). For completions. A new
 * array of {id, name}, or NULL with c->error. */
json_t *tools__names_matching(struct tools_call *c, enum tools_ref ref, const char *text,
                              size_t max);
/* After a list came back empty: an error result (new) naming the first
 * reference argument given as an id that no record has ("no client
 * 99999"), or NULL when each such id exists or cannot be checked. */
json_t *tools__missing_ref(struct tools_call *c, json_t *args);

#endif
