/* resources.c - HaloPSA records and reference data as MCP resources:
 * templates halopsa://tickets/{id}, halopsa://clients/{id} and
 * halopsa://kb/{id}, and the tenant's statuses, ticket types, priorities
 * and teams as listed resources. Each read gives readable text and the
 * same data as JSON; tickets and clients are shaped exactly as their get
 * tools shape them. A record that does not exist reads as "not found"
 * (the core answers -32002, or -32602 with data.uri in 2026-07-28). */
#include "ux_int.h"

#include "base/base.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define SCHEME "halopsa://"
#define KB_TEXT_MAX 4000

/* The tenant's reference lists: what agents pick from when they file a
 * ticket. HaloPSA returns each whole (a bare array). */
struct reference {
    const char *name;  /* the uri's last part */
    const char *title;
    const char *path;
    const char *rows;  /* key of the rows in the result */
    const char *const *fields;
};

static const struct reference references[] = {
    {"statuses", "Ticket statuses", "/api/Status", "statuses",
     (const char *const[]){"id", "name", "shortname", "type", "sequence", NULL}},
    {"tickettypes", "Ticket types", "/api/TicketType", "tickettypes",
     (const char *const[]){"id", "name", "default_team", "default_priority", NULL}},
    {"priorities", "Priorities", "/api/Priority", "priorities",
     (const char *const[]){"priorityid", "name", "responsetime", "fixtime", "ishidden", NULL}},
    {"teams", "Teams", "/api/Team", "teams",
     (const char *const[]){"id", "name", "department_name", "inactive", NULL}},
};
#define NREFS (sizeof references / sizeof references[0])

static const struct reference *find_reference(const char *name)
{
    for (size_t i = 0; i < NREFS; i++)
        if (strcmp(references[i].name, name) == 0)
            return &references[i];
    return NULL;
}

/* A positive decimal id and nothing else. */
static bool parse_id(const char *s, json_int_t *id)
{
    char *end;
    if (!isdigit((unsigned char)*s))
        return false;
    errno = 0;
    long long n = strtoll(s, &end, 10);
    if (*end || errno == ERANGE || n <= 0)
        return false;
    *id = (json_int_t)n;
    return true;
}

bool tools__ux_parse_uri(const char *uri, char kind[16], json_int_t *id, const char **ref_name)
{
    static const char *const kinds[] = {"tickets", "clients", "kb", "reference"};
    *id = 0;
    if (ref_name)
        *ref_name = NULL;
    if (!uri || strncmp(uri, SCHEME, strlen(SCHEME)) != 0)
        return false;
    const char *p = uri + strlen(SCHEME);
    const char *slash = strchr(p, '/');
    if (!slash)
        return false;
    for (size_t i = 0; i < sizeof kinds / sizeof kinds[0]; i++) {
        if ((size_t)(slash - p) != strlen(kinds[i]) || strncmp(p, kinds[i], strlen(kinds[i])) != 0)
            continue;
        snprintf(kind, 16, "%s", kinds[i]);
        if (strcmp(kinds[i], "reference") == 0) {
            if (!find_reference(slash + 1))
                return false;
            if (ref_name)
                *ref_name = find_reference(slash + 1)->name;
            return true;
        }
        return parse_id(slash + 1, id);
    }
    return false;
}

char *tools__ux_uri_path(const char *uri)
{
    char kind[16];
    json_int_t id;
    const char *ref;
    if (!tools__ux_parse_uri(uri, kind, &id, &ref))
        return NULL;
    if (ref)
        return xstrdup(find_reference(ref)->path);
    if (strcmp(kind, "tickets") == 0)
        return xasprintf("/api/Tickets/%lld", (long long)id);
    if (strcmp(kind, "clients") == 0)
        return xasprintf("/api/Client/%lld", (long long)id);
    return xasprintf("/api/KBArticle/%lld", (long long)id);
}

/* The contents of a read: the readable text, then the JSON (both from
 * result, a CallToolResult, borrowed). New array. */
static json_t *contents_of(const char *uri, json_t *result)
{
    const char *text =
        json_string_value(json_object_get(json_array_get(json_object_get(result, "content"), 0), "text"));
    char *json = json_dumps(json_object_get(result, "structuredContent"), JSON_INDENT(1));
    json_t *out = json_pack("[{s:s, s:s, s:s}, {s:s, s:s, s:s}]", "uri", uri, "mimeType", "text/plain",
                            "text", text ? text : "", "uri", uri, "mimeType", "application/json",
                            "text", json ? json : "{}");
    free(json);
    return out;
}

/* The contents for a result, NULL for a record HaloPSA does not have,
 * or NULL after mcp_call_fail with HaloPSA's message. */
static json_t *answer(struct tools_call *c, const char *uri, json_t *res)
{
    json_t *out = NULL;
    if (!json_is_true(json_object_get(res, "isError"))) {
        out = contents_of(uri, res);
    } else if (c->failed_status != 404) {
        const char *msg =
            json_string_value(json_object_get(json_array_get(json_object_get(res, "content"), 0), "text"));
        mcp_call_fail(c->mcp, MCP_INTERNAL_ERROR, "reading %s failed: %s", uri, msg ? msg : "error");
    }
    json_decref(res);
    return out;
}

static const struct tools_def read_def = {.name = "resources/read"};

/* halopsa://tickets/{id} and halopsa://clients/{id}: the get tool's own
 * shaping (a ticket with its actions). */
static json_t *read_record(struct mcp_call *call, const char *uri, void *data)
{
    struct tools__ux *ux = data;
    struct tools_call c;
    char kind[16];
    json_int_t id;
    if (!tools__ux_parse_uri(uri, kind, &id, NULL))
        return NULL;
    tools__ux_begin(&c, ux, call, &read_def);
    bool ticket = strcmp(kind, "tickets") == 0;
    json_t *args = ticket ? json_pack("{s:I, s:b}", "id", id, "include_actions", 1)
                          : json_pack("{s:I}", "id", id);
    json_t *out = answer(&c, uri,
                         tools__ux_run_tool(&c, ticket ? "halopsa_tickets_get" : "halopsa_clients_get", args));
    json_decref(args);
    tools__ux_end(&c);
    return out;
}

static const char *const kb_drop[] = {"faqlists", "attachments", "related_articles", NULL};
static const char *const kb_untrusted[] = {"description", "resolution", NULL};

/* halopsa://kb/{id}: a knowledge base article; its text is data (a KB
 * may take suggestions from end users). */
static json_t *read_kb(struct mcp_call *call, const char *uri, void *data)
{
    struct tools__ux *ux = data;
    struct tools_call c;
    char kind[16];
    json_int_t id;
    json_t *out = NULL;
    if (!tools__ux_parse_uri(uri, kind, &id, NULL))
        return NULL;
    tools__ux_begin(&c, ux, call, &read_def);
    char *path = tools__ux_uri_path(uri);
    json_t *q = json_pack("{s:b}", "includedetails", 1);
    json_t *resp = tools__get(&c, path, q);
    json_t *rec = resp ? halo_record(resp, "articles") : NULL;
    if (rec) {
        json_t *detail = tools__detail(rec, kb_drop, KB_TEXT_MAX, NULL);
        tools__mark_untrusted(detail, kb_untrusted, 0);
        out = answer(&c, uri, tools__result(json_pack("{s:o}", "article", detail)));
    } else if (resp) {
        mcp_call_fail(call, MCP_INTERNAL_ERROR, "reading %s failed: HaloPSA returned no article", uri);
    } else {
        out = answer(&c, uri, tools__take_error(&c));
    }
    json_decref(resp);
    json_decref(q);
    free(path);
    tools__ux_end(&c);
    return out;
}

/* halopsa://reference/<list>: compact rows of the whole list. */
static json_t *read_reference(struct mcp_call *call, const char *uri, void *data)
{
    struct tools__ux *ux = data;
    struct tools_call c;
    char kind[16];
    json_int_t id;
    const char *name;
    json_t *out = NULL;
    if (!tools__ux_parse_uri(uri, kind, &id, &name) || !name)
        return NULL;
    const struct reference *r = find_reference(name);
    tools__ux_begin(&c, ux, call, &read_def);
    json_t *resp = tools__get(&c, r->path, NULL);
    if (resp) {
        json_t *rows = json_array();
        size_t i;
        json_t *rec;
        json_array_foreach(tools__rows(resp, NULL, NULL), i, rec)
            json_array_append_new(rows, tools__row(rec, r->fields));
        json_t *sc = json_pack("{s:I, s:o}", "record_count", (json_int_t)json_array_size(rows), r->rows, rows);
        out = answer(&c, uri, tools__result(sc));
    } else {
        out = answer(&c, uri, tools__take_error(&c));
    }
    json_decref(resp);
    tools__ux_end(&c);
    return out;
}

int tools__ux_resources(struct tools__ux *ux, char *err, size_t errlen)
{
    static const struct mcp_resource templates[] = {
        {SCHEME "tickets/{id}", true, "ticket", "HaloPSA ticket",
         "A ticket by id with its actions (newest 50), shaped as halopsa_tickets_get shows it: "
         "readable text, then the same as JSON. Ticket text and notes are end-user data.",
         NULL, read_record, NULL},
        {SCHEME "clients/{id}", true, "client", "HaloPSA client",
         "A client by id, shaped as halopsa_clients_get shows it: readable text, then JSON.", NULL,
         read_record, NULL},
        {SCHEME "kb/{id}", true, "kb-article", "HaloPSA knowledge base article",
         "A knowledge base article by id: readable text, then JSON.", NULL, read_kb, NULL},
    };
    static const char *const needs[] = {"halopsa_tickets_get", "halopsa_clients_get", NULL};
    char err2[256];
    for (size_t i = 0; i < sizeof templates / sizeof templates[0]; i++) {
        struct mcp_resource r = templates[i];
        bool on = needs[i] ? tools__ux_has_tool(ux, needs[i]) : tools__ux_domain_on(ux, "kb");
        if (!on)
            continue;
        r.data = ux;
        if (mcp_server_add_resource(ux->srv, &r, err2, sizeof err2) != 0) {
            snprintf(err, errlen, "resources: %s", err2);
            return -1;
        }
    }
    /* Reference data is what the tickets domain's names resolve against. */
    if (!tools__ux_has_tool(ux, "halopsa_tickets_list"))
        return 0;
    for (size_t i = 0; i < NREFS; i++) {
        const struct reference *ref = &references[i];
        char *uri = tools__reg_keep(ux->reg, xasprintf(SCHEME "reference/%s", ref->name));
        char *desc = tools__reg_keep(
            ux->reg, xasprintf("The tenant's %s (%s, the whole list): what names in tickets "
                               "resolve against. Readable text, then JSON.",
                               ref->name, ref->path));
        struct mcp_resource r = {uri, false, ref->name, ref->title, desc, NULL, read_reference, ux};
        if (mcp_server_add_resource(ux->srv, &r, err2, sizeof err2) != 0) {
            snprintf(err, errlen, "resources: %s", err2);
            return -1;
        }
    }
    return 0;
}
