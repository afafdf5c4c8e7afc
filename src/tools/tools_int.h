/* tools_int.h - internals of the decision tree shared by its files: the
 * declarative tool and domain tables, the per-call context, and the helpers
 * every domain uses (HaloPSA requests with honest errors, dry runs, paging,
 * compact rows, detail shaping, names instead of ids, untrusted text).
 * Names: tools__x. Not a public interface.
 *
 * Split of files:
 *   framework: registry.c (tools_register, modes, visibility, navigation
 *     state), nav.c (halopsa_navigate/status/back/call), call.c (requests,
 *     errors, dry_run, confirmation), shape.c (rows, detail, text, untrusted),
 *     names.c (name resolution cache), crud.c (the eight generic domains),
 *     catalog.c (tools_catalog)
 *   domains: tickets.c, clients.c, assets.c, agents.c, invoices.c, workflows.c
 */
#ifndef HALOPSA_TOOLS_INT_H
#define HALOPSA_TOOLS_INT_H

#include "halo/halo.h"
#include "mcp/mcp.h"
#include "tools.h"

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

/* What a tool does; decides its annotations and safety rules:
 *   READ   readOnlyHint, idempotent; callable in read-only mode
 *   WRITE  creates or updates; the framework adds a "dry_run" boolean to its
 *          input schema; hidden and refused in read-only mode
 *   DELETE destructiveHint, idempotent; the framework adds "confirm" and asks
 *          for confirmation (elicitation, else confirm:true) before run()
 * openWorldHint is true for every tool that talks to HaloPSA. */
enum tools_kind { TOOLS_READ = 0, TOOLS_WRITE, TOOLS_DELETE };

struct tools_call;
struct tools_tool;

/* Returns a CallToolResult (new reference); never NULL. */
typedef json_t *(*tools_run_fn)(struct tools_call *c, json_t *args, const struct tools_tool *t);

struct tools_tool {
    const char *name;          /* public name, e.g. "halopsa_tickets_list" */
    const char *title;         /* e.g. "List tickets" */
    const char *description;   /* what a model needs to pick it and call it right */
    const char *input_schema;  /* JSON text, an object schema */
    const char *output_schema; /* JSON text or NULL */
    enum tools_kind kind;
    const char *method;        /* "GET" | "POST" | "DELETE", for docs/tools.md */
    const char *endpoint;      /* e.g. "/api/Tickets", for docs/tools.md */
    tools_run_fn run;
    const void *spec;          /* handler data, e.g. a generic CRUD entity */
};

struct tools_domain {
    const char *name;    /* "tickets"; halopsa_navigate takes it */
    const char *title;   /* "Tickets" */
    const char *summary; /* one line for navigate and status */
    const struct tools_tool *tools;
    size_t ntools;
};

/* The domains, in the order navigate lists them (defined by their files). */
extern const struct tools_domain tools__tickets, tools__clients, tools__assets, tools__agents,
    tools__invoices, tools__workflows;
/* The generic CRUD domains (crud.c). */
extern const struct tools_domain tools__tickettypes, tools__statuses, tools__outcomes,
    tools__actions, tools__customfields, tools__customtables, tools__customtabs,
    tools__custombuttons;

/* Per-call context, built by the framework around each run(). */
struct tools_call {
    struct mcp_call *mcp;        /* borrowed */
    struct halo_client *hc;      /* borrowed */
    const struct tools_tool *tool;
    const struct tools_options *opts;
    bool dry_run;                /* WRITE tools: args.dry_run was true */
    json_t *error;               /* set by a failing helper: an isError CallToolResult */
};

/* ---- requests (call.c) ---------------------------------------------- */
/* Each returns the parsed reply (new reference) or NULL with c->error set
 * to a result carrying HaloPSA's own message, the status and the endpoint.
 * tools__post honours c->dry_run: it sends nothing and returns NULL with
 * c->error set to a normal (not isError) result showing the exact method,
 * path and body that would have been sent. */
json_t *tools__get(struct tools_call *c, const char *path, json_t *query /* borrowed */);
json_t *tools__post(struct tools_call *c, const char *path, json_t *records /* borrowed array */);
json_t *tools__delete(struct tools_call *c, const char *path, json_t *query /* borrowed */);
/* One record by GET path (query borrowed, may be NULL): the record
 * itself, or the first element of resp[wrapper] where a tenant wraps it.
 * New reference, or NULL with c->error set (HaloPSA's error, or a message
 * naming noun when the answer holds no record). */
json_t *tools__get_record(struct tools_call *c, const char *path, json_t *query,
                          const char *wrapper, const char *noun);
/* The record a POST of one element saved: HaloPSA answers with the object
 * itself, though some tenants send a one-element array or wrap it in
 * reply[wrapper]. Borrowed from reply; NULL when there is none. */
json_t *tools__saved_record(json_t *reply, const char *wrapper);
/* Hands over c->error (new reference) and clears it. */
json_t *tools__take_error(struct tools_call *c);
/* An isError result for bad input, e.g. tools__fail(c, "argument 'id' ...").
 * Also usable as: return tools__fail(c, ...). New reference. */
json_t *tools__fail(struct tools_call *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* An integer argument such as an id: its value, or 0 when it is absent or
 * not an integer (the input schema has already required it). */
json_int_t tools__arg_id(json_t *args, const char *arg);

/* ---- lists (call.c) ------------------------------------------------- */
/* Shared paging arguments: args.page (default 1) and args.page_size
 * (default 25, max 100) become pageinate=true, page_no, page_size in query
 * (always all three, since HaloPSA ignores page_size otherwise). */
void tools__paging(json_t *args, json_t *query /* modified */, int *page, int *page_size);

struct tools_list_spec {
    const char *path;          /* "/api/Tickets" */
    const char *wrapper;       /* "tickets", or NULL for a bare array */
    const char *rows_key;      /* key of the rows in structuredContent, e.g. "tickets" */
    const char *const *fields; /* compact row fields, NULL-terminated */
    bool paginated;            /* false: HaloPSA returns the whole list; page it here */
};
/* Runs a list request with query (borrowed; paging added from args) and
 * returns the result: structuredContent {record_count, page, page_size,
 * has_more, <rows_key>: [compact rows]} plus a readable text table. With
 * args.max_rows > page size it walks pages with progress notifications
 * and stops on cancellation. */
json_t *tools__list(struct tools_call *c, const struct tools_list_spec *spec, json_t *args,
                    json_t *query);
/* The same result for a list already fetched whole (rows borrowed, e.g.
 * after filtering it here): args.page/page_size (or max_rows) pick the
 * slice; record_count is the number of rows given. New reference. */
json_t *tools__list_local(struct tools_call *c, const struct tools_list_spec *spec, json_t *args,
                          json_t *rows);
/* A date filter: args[arg], when present and not null, is "YYYY-MM-DD" or
 * "YYYY-MM-DDTHH:MM[:SS]" and goes into query[key] in HaloPSA's zone-less
 * form ("2026-09-01T00:00:00"); with end, a bare date means the end of that
 * day. 0, or -1 with c->error set to a message naming arg. */
int tools__put_date(struct tools_call *c, json_t *args, const char *arg, bool end,
                    json_t *query /* modified */, const char *key);

/* ---- shaping (shape.c) ---------------------------------------------- */
/* A compact row: only fields (NULL-terminated) that are present and set
 * (no null, "", -1 ids, 1899/1900 sentinel dates). New object. */
json_t *tools__row(const json_t *rec, const char *const *fields);
/* A detail view of one record: drops embedded definitions (objects/arrays
 * listed in drop, NULL-terminated, plus any key ending in "_html"), unset
 * values and sentinel dates, and caps strings at max_text characters
 * (saying so). args.fields (array of names) adds those fields back in
 * full; args.full = true returns rec unchanged. New object. */
json_t *tools__detail(const json_t *rec, const char *const *drop, size_t max_text, json_t *args);
/* Text written by end users (ticket details, action notes, e-mails):
 * returns a new string that wraps text between clear delimiters with a note
 * that it is data from HaloPSA, not instructions; capped at max_len. */
char *tools__untrusted(const char *text, size_t max_len);
/* HaloPSA sends every flag and counter, mostly false or 0: in a detail
 * view those say nothing. Drops them from detail (modified), except the
 * keys in keep (NULL-terminated) and the names in args.fields. */
void tools__drop_zeros(json_t *detail, const char *const *keep, json_t *args);
/* Replaces detail.customfields (HaloPSA's array of field records) with
 * {label: value} of the fields that hold something, or removes it when
 * none does. Leaves detail alone when customfields is not an array. */
void tools__compact_customfields(json_t *detail);
/* A result with structuredContent = structured (stolen) and a readable
 * text rendering of it. New reference. */
json_t *tools__result(json_t *structured);

/* ---- names instead of ids (names.c) --------------------------------- */
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
};
/* Resolves value (an integer id, a numeric string, or a name: case-
 * insensitive, exact or unique prefix) to an id using a short-lived cache
 * of the reference list. Returns 0 with *id; -1 with c->error set (not
 * found, or ambiguous with the candidates listed; the message names arg). */
int tools__resolve(struct tools_call *c, enum tools_ref ref, const char *arg, json_t *value,
                   json_int_t *id);
/* Resolves args[arg] (name or id) when present and not null and stores
 * the id under key in obj; as_array stores [id] (HaloPSA's array-of-int
 * filters). 0, or -1 with c->error set. */
int tools__put_ref(struct tools_call *c, json_t *args, const char *arg, enum tools_ref ref,
                   json_t *obj /* modified */, const char *key, bool as_array);

/* ---- schema fragments ----------------------------------------------- */
#define TOOLS_PAGING_PROPS                                                                       \
    "\"page\":{\"type\":\"integer\",\"minimum\":1,\"description\":\"Page number, from 1 "       \
    "(default 1)\"},"                                                                            \
    "\"page_size\":{\"type\":\"integer\",\"minimum\":1,\"maximum\":100,\"description\":\"Rows " \
    "per page (default 25, at most 100)\"}"
/* A name-or-id argument. */
#define TOOLS_REF_PROP(name, what)                                                               \
    "\"" name "\":{\"type\":[\"integer\",\"string\"],\"description\":\"" what                    \
    " id, or its name (case-insensitive, a unique prefix is enough)\"}"
#define TOOLS_LIST_OUTPUT(rows_key)                                                              \
    "{\"type\":\"object\",\"properties\":{\"record_count\":{\"type\":\"integer\"},"              \
    "\"page\":{\"type\":\"integer\"},\"page_size\":{\"type\":\"integer\"},"                      \
    "\"has_more\":{\"type\":\"boolean\"},\"" rows_key "\":{\"type\":\"array\",\"items\":"        \
    "{\"type\":\"object\"}}},\"required\":[\"" rows_key "\"]}"

#endif
