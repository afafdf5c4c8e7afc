/* registry.c - the server object and its tool, resource and prompt
 * registries; entries are checked and their list JSON built at registration. */
#include "mcp_int.h"

#include "base/base.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct mcp_server *mcp_server_new(const struct mcp_server_info *info)
{
    struct mcp_server *srv = xcalloc(1, sizeof *srv);
    srv->name = xstrdup(info && info->name ? info->name : "mcp-server");
    srv->title = xstrdup(info ? info->title : NULL);
    srv->version = xstrdup(info && info->version ? info->version : "0.0.0");
    srv->instructions = xstrdup(info ? info->instructions : NULL);
    srv->page_size = 100;
    srv->drain_ms = 60000;
    mcp__listeners_init(srv);
    mcp__tasks_init(srv);
    mcp__watch_init(srv);
    return srv;
}

void mcp_server_free(struct mcp_server *srv)
{
    if (!srv)
        return;
    mcp__watch_stop(srv); /* the ticker may use anything below */
    mcp__tasks_free(srv); /* cancels running tasks and waits for them */
    mcp__listeners_free(srv);
    mcp__watch_free(srv);
    for (size_t i = 0; i < srv->ntools; i++) {
        json_decref(srv->tools[i].input);
        json_decref(srv->tools[i].output);
        json_decref(srv->tools[i].entry);
    }
    for (size_t i = 0; i < srv->nresources; i++)
        json_decref(srv->resources[i].entry);
    for (size_t i = 0; i < srv->nprompts; i++) {
        json_decref(srv->prompts[i].args);
        json_decref(srv->prompts[i].entry);
    }
    free(srv->tools);
    free(srv->resources);
    free(srv->prompts);
    free(srv->name);
    free(srv->title);
    free(srv->version);
    free(srv->instructions);
    free(srv);
}

/* Tool names: 1-128 of [A-Za-z0-9_.-] (what the 2025-11-25 spec recommends
 * and what every host accepts). */
static bool valid_tool_name(const char *name)
{
    size_t n = name ? strlen(name) : 0;
    if (n == 0 || n > 128)
        return false;
    for (size_t i = 0; i < n; i++) {
        char c = name[i];
        bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
                  c == '-' || c == '.';
        if (!ok)
            return false;
    }
    return true;
}

/* Parses an object schema; returns a new reference or NULL with err. */
static json_t *parse_schema(const char *what, const char *text, char *err, size_t errlen)
{
    json_error_t jerr;
    json_t *schema = json_loads(text, 0, &jerr);
    char why[256];
    if (!schema) {
        snprintf(err, errlen, "%s does not parse: %s (line %d column %d)", what, jerr.text, jerr.line,
                 jerr.column);
        return NULL;
    }
    json_t *type = json_object_get(schema, "type");
    if (!json_is_object(schema) || !json_is_string(type) || strcmp(json_string_value(type), "object") != 0) {
        snprintf(err, errlen, "%s must be an object schema with \"type\": \"object\"", what);
        json_decref(schema);
        return NULL;
    }
    if (mcp__schema_check(schema, why, sizeof why) != 0) {
        snprintf(err, errlen, "%s: %s", what, why);
        json_decref(schema);
        return NULL;
    }
    return schema;
}

static void set_str(json_t *obj, const char *key, const char *val)
{
    if (val)
        json_object_set_new(obj, key, mcp__string_lossy(val));
}

/* The parsed _meta text of an entry (new), or NULL with err. */
static json_t *parse_meta(const char *what, const char *text, char *err, size_t errlen)
{
    json_t *meta = json_loads(text, 0, NULL);
    if (!json_is_object(meta)) {
        snprintf(err, errlen, "%s _meta must be the JSON text of an object", what);
        json_decref(meta);
        return NULL;
    }
    return meta;
}

/* The tools/list entry of t (new reference). */
static json_t *tool_entry(const struct mcp__tool *t)
{
    const struct mcp_annotations *a = &t->t.annotations;
    json_t *e = json_object();
    json_t *ann = json_object();
    set_str(e, "name", t->t.name);
    set_str(e, "title", t->t.title);
    set_str(e, "description", t->t.description ? t->t.description : "");
    json_object_set(e, "inputSchema", t->input);
    if (t->output)
        json_object_set(e, "outputSchema", t->output);
    set_str(ann, "title", t->t.title);
    json_object_set_new(ann, "readOnlyHint", json_boolean(a->read_only));
    json_object_set_new(ann, "destructiveHint", json_boolean(!a->read_only && a->destructive));
    json_object_set_new(ann, "idempotentHint", json_boolean(a->idempotent));
    json_object_set_new(ann, "openWorldHint", json_boolean(a->open_world));
    json_object_set_new(e, "annotations", ann);
    return e;
}

/* Sets the parsed _meta of a list entry (NULL: no such entry); 0 or -1 with err. */
static int add_meta(json_t *entry, const char *what, const char *text, char *err, size_t errlen)
{
    if (!entry) {
        snprintf(err, errlen, "%s is not registered", what);
        return -1;
    }
    json_t *meta = parse_meta(what, text ? text : "", err, errlen);
    if (!meta)
        return -1;
    json_object_set_new(entry, "_meta", meta);
    return 0;
}

int mcp_server_set_tool_meta(struct mcp_server *srv, const char *name, const char *meta, char *err,
                             size_t errlen)
{
    const struct mcp__tool *t = mcp__find_tool(srv, name);
    char what[200];
    snprintf(what, sizeof what, "tool '%.150s'", name ? name : "(null)");
    return add_meta(t ? t->entry : NULL, what, meta, err, errlen);
}

int mcp_server_set_resource_meta(struct mcp_server *srv, const char *uri, const char *meta, char *err,
                                 size_t errlen)
{
    json_t *entry = NULL;
    char what[300];
    snprintf(what, sizeof what, "resource '%.200s'", uri ? uri : "(null)");
    for (size_t i = 0; uri && i < srv->nresources && !entry; i++)
        if (strcmp(srv->resources[i].r.uri, uri) == 0)
            entry = srv->resources[i].entry;
    return add_meta(entry, what, meta, err, errlen);
}

int mcp_server_add_tool(struct mcp_server *srv, const struct mcp_tool *tool, char *err, size_t errlen)
{
    struct mcp__tool t = {.t = *tool};
    if (!valid_tool_name(tool->name)) {
        snprintf(err, errlen, "tool name '%s' is not 1-128 characters of [A-Za-z0-9_.-]",
                 tool->name ? tool->name : "(null)");
        return -1;
    }
    if (mcp__find_tool(srv, tool->name)) {
        snprintf(err, errlen, "tool '%s' is already registered", tool->name);
        return -1;
    }
    if (!tool->handler) {
        snprintf(err, errlen, "tool '%s' has no handler", tool->name);
        return -1;
    }
    char what[200];
    snprintf(what, sizeof what, "tool '%s' inputSchema", tool->name);
    t.input = parse_schema(what, tool->input_schema ? tool->input_schema : "{\"type\":\"object\"}", err, errlen);
    if (!t.input)
        return -1;
    char why[256];
    if (mcp__x_mcp_header_check(t.input, why, sizeof why) != 0) {
        snprintf(err, errlen, "%s: %s", what, why);
        json_decref(t.input);
        return -1;
    }
    if (tool->output_schema) {
        snprintf(what, sizeof what, "tool '%s' outputSchema", tool->name);
        t.output = parse_schema(what, tool->output_schema, err, errlen);
        if (!t.output) {
            json_decref(t.input);
            return -1;
        }
    }
    t.entry = tool_entry(&t);
    if (srv->ntools == srv->captools) {
        srv->captools = srv->captools ? srv->captools * 2 : 16;
        srv->tools = xrealloc(srv->tools, srv->captools * sizeof *srv->tools);
    }
    srv->tools[srv->ntools++] = t;
    srv->has_task_tools |= tool->task != MCP_TASK_NEVER;
    return 0;
}

/* A level-1 RFC 6570 template: literal text and {var} expressions. */
static bool valid_template(const char *tmpl)
{
    bool open = false;
    size_t var = 0;
    for (const char *p = tmpl; *p; p++) {
        if (*p == '{') {
            if (open)
                return false;
            open = true;
            var = 0;
        } else if (*p == '}') {
            if (!open || var == 0)
                return false;
            open = false;
        } else if (open) {
            var++;
        }
    }
    return !open;
}

int mcp_server_add_resource(struct mcp_server *srv, const struct mcp_resource *res, char *err, size_t errlen)
{
    if (!res->uri || !*res->uri || !res->name || !res->read) {
        snprintf(err, errlen, "resource needs a uri, a name and a read function");
        return -1;
    }
    if (res->is_template && !valid_template(res->uri)) {
        snprintf(err, errlen, "resource template '%s' is not a level-1 URI template", res->uri);
        return -1;
    }
    for (size_t i = 0; i < srv->nresources; i++) {
        if (strcmp(srv->resources[i].r.uri, res->uri) == 0) {
            snprintf(err, errlen, "resource '%s' is already registered", res->uri);
            return -1;
        }
    }
    struct mcp__resource r = {.r = *res, .entry = json_object()};
    set_str(r.entry, res->is_template ? "uriTemplate" : "uri", res->uri);
    set_str(r.entry, "name", res->name);
    set_str(r.entry, "title", res->title);
    set_str(r.entry, "description", res->description);
    set_str(r.entry, "mimeType", res->mime_type);
    if (srv->nresources == srv->capresources) {
        srv->capresources = srv->capresources ? srv->capresources * 2 : 8;
        srv->resources = xrealloc(srv->resources, srv->capresources * sizeof *srv->resources);
    }
    srv->resources[srv->nresources++] = r;
    return 0;
}

int mcp_server_add_prompt(struct mcp_server *srv, const struct mcp_prompt *prompt, char *err, size_t errlen)
{
    if (!prompt->name || !*prompt->name || !prompt->get) {
        snprintf(err, errlen, "prompt needs a name and a get function");
        return -1;
    }
    if (mcp__find_prompt(srv, prompt->name)) {
        snprintf(err, errlen, "prompt '%s' is already registered", prompt->name);
        return -1;
    }
    json_t *args = json_array();
    if (prompt->arguments) {
        json_error_t jerr;
        json_decref(args);
        args = json_loads(prompt->arguments, 0, &jerr);
        if (!json_is_array(args)) {
            snprintf(err, errlen, "prompt '%s' arguments must be a JSON array", prompt->name);
            json_decref(args);
            return -1;
        }
        size_t i;
        json_t *a;
        json_array_foreach(args, i, a)
        {
            json_t *req = json_object_get(a, "required");
            if (!json_is_object(a) || !json_is_string(json_object_get(a, "name")) ||
                (req && !json_is_boolean(req))) {
                snprintf(err, errlen, "prompt '%s' argument %zu needs a string name (and a boolean required)",
                         prompt->name, i);
                json_decref(args);
                return -1;
            }
        }
    }
    struct mcp__prompt p = {.p = *prompt, .args = args, .entry = json_object()};
    set_str(p.entry, "name", prompt->name);
    set_str(p.entry, "title", prompt->title);
    set_str(p.entry, "description", prompt->description);
    if (json_array_size(args))
        json_object_set(p.entry, "arguments", args);
    if (srv->nprompts == srv->capprompts) {
        srv->capprompts = srv->capprompts ? srv->capprompts * 2 : 8;
        srv->prompts = xrealloc(srv->prompts, srv->capprompts * sizeof *srv->prompts);
    }
    srv->prompts[srv->nprompts++] = p;
    return 0;
}

void mcp_server_set_completion(struct mcp_server *srv, mcp_complete_fn fn, void *data)
{
    srv->complete = fn;
    srv->complete_data = data;
}

void mcp_server_set_visibility(struct mcp_server *srv, mcp_visible_fn fn, void *data)
{
    srv->visible = fn;
    srv->visible_data = data;
}

void mcp_server_set_missing_tool(struct mcp_server *srv, mcp_missing_tool_fn fn, void *data)
{
    srv->missing_tool = fn;
    srv->missing_tool_data = data;
}

void mcp_server_on_session(struct mcp_server *srv, mcp_session_fn fn, void *data)
{
    srv->on_session = fn;
    srv->on_session_data = data;
}

void mcp_server_set_page_size(struct mcp_server *srv, size_t n)
{
    srv->page_size = n ? n : 1;
}

void mcp_server_declare_changes(struct mcp_server *srv, unsigned flags) { srv->changes = flags; }

void mcp_server_set_drain_timeout(struct mcp_server *srv, int ms) { srv->drain_ms = ms > 0 ? ms : 0; }

const struct mcp__tool *mcp__find_tool(const struct mcp_server *srv, const char *name)
{
    for (size_t i = 0; name && i < srv->ntools; i++)
        if (strcmp(srv->tools[i].t.name, name) == 0)
            return &srv->tools[i];
    return NULL;
}

const struct mcp_tool *mcp_server_find_tool(const struct mcp_server *srv, const char *name)
{
    const struct mcp__tool *t = mcp__find_tool(srv, name);
    return t ? &t->t : NULL;
}

size_t mcp_server_tool_count(const struct mcp_server *srv) { return srv->ntools; }

const struct mcp_tool *mcp_server_tool_at(const struct mcp_server *srv, size_t i)
{
    return i < srv->ntools ? &srv->tools[i].t : NULL;
}

const struct mcp__prompt *mcp__find_prompt(const struct mcp_server *srv, const char *name)
{
    for (size_t i = 0; name && i < srv->nprompts; i++)
        if (strcmp(srv->prompts[i].p.name, name) == 0)
            return &srv->prompts[i];
    return NULL;
}

/* Level-1 matching: literals match exactly, each {var} matches one or more
 * characters other than '/' (so "a/{id}/b" never swallows a path). */
bool mcp__template_match(const char *tmpl, const char *uri)
{
    const char *t = tmpl, *u = uri;
    while (*t) {
        if (*t == '{') {
            const char *close = strchr(t, '}');
            if (!close)
                return false;
            t = close + 1;
            size_t n = 0;
            while (u[n] && u[n] != '/' && (!*t || u[n] != *t))
                n++;
            if (n == 0)
                return false;
            u += n;
        } else {
            if (*t != *u)
                return false;
            t++;
            u++;
        }
    }
    return *u == '\0';
}

const struct mcp__resource *mcp__match_resource(const struct mcp_server *srv, const char *uri)
{
    for (size_t i = 0; i < srv->nresources; i++)
        if (!srv->resources[i].r.is_template && strcmp(srv->resources[i].r.uri, uri) == 0)
            return &srv->resources[i];
    for (size_t i = 0; i < srv->nresources; i++)
        if (srv->resources[i].r.is_template && mcp__template_match(srv->resources[i].r.uri, uri))
            return &srv->resources[i];
    return NULL;
}
