/* methods.c - the MCP method table and handlers: initialize and
 * server/discover, ping, tools, resources, prompts, completion, logging.
 * Each entry says in which era it exists (2025 sessions, 2026-07-28
 * requests or both) and whether it may answer input_required. */
#include "mcp_int.h"

#include "base/base.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const supported_versions[] = {"2025-11-25", "2025-06-18", "2025-03-26", "2024-11-05"};

static bool supported(const char *v)
{
    for (size_t i = 0; i < sizeof supported_versions / sizeof supported_versions[0]; i++)
        if (strcmp(supported_versions[i], v) == 0)
            return true;
    return false;
}

/* ------------------------------------------------------------------ */
/* Lifecycle                                                           */

/* The initialize "capabilities" object (new reference). */
static json_t *capabilities(const struct mcp_server *srv)
{
    json_t *caps = json_object();
    json_object_set_new(caps, "tools", json_pack("{s:b}", "listChanged", 1));
    json_object_set_new(caps, "logging", json_object());
    if (srv->nresources)
        json_object_set_new(caps, "resources",
                            json_pack("{s:b, s:b}", "subscribe", !srv->no_subscriptions, "listChanged", 1));
    if (srv->nprompts)
        json_object_set_new(caps, "prompts", json_pack("{s:b}", "listChanged", 1));
    if (srv->complete)
        json_object_set_new(caps, "completions", json_object());
    return caps;
}

static json_t *m_initialize(struct mcp_call *call, json_t *params, struct mcp__err *err)
{
    struct mcp_session *s = call->s;
    struct mcp_server *srv = s->srv;
    json_t *pv = json_object_get(params, "protocolVersion");
    json_t *caps = json_object_get(params, "capabilities");
    if (!json_is_string(pv)) {
        mcp__err_set(err, MCP__INVALID_PARAMS, "Invalid params: protocolVersion must be a string");
        return NULL;
    }
    if (caps && !json_is_object(caps)) {
        mcp__err_set(err, MCP__INVALID_PARAMS, "Invalid params: capabilities must be an object");
        return NULL;
    }
    pthread_mutex_lock(&s->lock);
    if (s->state != MCP__NEW) {
        pthread_mutex_unlock(&s->lock);
        mcp__err_set(err, MCP__INVALID_REQUEST, "Invalid request: the session is already initialized");
        return NULL;
    }
    const char *version = supported(json_string_value(pv)) ? json_string_value(pv) : MCP_LATEST_PROTOCOL;
    snprintf(s->protocol, sizeof s->protocol, "%s", version);
    s->client_caps = caps ? json_incref(caps) : json_object();
    s->state = MCP__ANSWERED;
    pthread_mutex_unlock(&s->lock);

    json_t *info = json_object();
    json_object_set_new(info, "name", mcp__string_lossy(srv->name));
    if (srv->title)
        json_object_set_new(info, "title", mcp__string_lossy(srv->title));
    json_object_set_new(info, "version", mcp__string_lossy(srv->version));
    json_t *r = json_object();
    json_object_set_new(r, "protocolVersion", json_string(version));
    json_object_set_new(r, "capabilities", capabilities(srv));
    json_object_set_new(r, "serverInfo", info);
    if (srv->instructions)
        json_object_set_new(r, "instructions", mcp__string_lossy(srv->instructions));
    return r;
}

static json_t *m_discover(struct mcp_call *call, json_t *params, struct mcp__err *err)
{
    struct mcp_server *srv = call->view->srv;
    (void)params, (void)err;
    json_t *r = json_object();
    json_object_set_new(r, "supportedVersions", json_pack("[s]", MCP_MODERN_PROTOCOL));
    json_object_set_new(r, "capabilities", mcp__modern_capabilities(srv));
    if (srv->instructions)
        json_object_set_new(r, "instructions", mcp__string_lossy(srv->instructions));
    return r;
}

static json_t *m_ping(struct mcp_call *call, json_t *params, struct mcp__err *err)
{
    (void)call;
    (void)params;
    (void)err;
    return json_object();
}

static json_t *m_set_level(struct mcp_call *call, json_t *params, struct mcp__err *err)
{
    const char *level = json_string_value(json_object_get(params, "level"));
    int idx = mcp__log_level(level);
    if (idx < 0) {
        mcp__err_set(err, MCP__INVALID_PARAMS,
                     "Invalid params: level must be one of debug, info, notice, warning, error, critical, alert, "
                     "emergency");
        return NULL;
    }
    pthread_mutex_lock(&call->s->lock);
    call->s->log_level = idx;
    pthread_mutex_unlock(&call->s->lock);
    return json_object();
}

/* ------------------------------------------------------------------ */
/* Pagination                                                          */

/* Cursors are opaque to clients: "c1." + the registry index to resume at.
 * Returns 0 with *start, or -1 for a cursor we did not make. */
static int parse_cursor(json_t *params, size_t limit, size_t *start, struct mcp__err *err)
{
    json_t *cursor = json_object_get(params, "cursor");
    *start = 0;
    if (!cursor || json_is_null(cursor))
        return 0;
    const char *c = json_string_value(cursor);
    if (c && strncmp(c, "c1.", 3) == 0 && c[3] >= '0' && c[3] <= '9') {
        char *end;
        errno = 0;
        unsigned long long v = strtoull(c + 3, &end, 10);
        if (errno == 0 && *end == '\0' && v <= limit) {
            *start = (size_t)v;
            return 0;
        }
    }
    mcp__err_set(err, MCP__INVALID_PARAMS, "Invalid params: invalid cursor");
    return -1;
}

/* New reference. */
static json_t *make_cursor(size_t i)
{
    char text[40];
    snprintf(text, sizeof text, "c1.%zu", i);
    return json_string(text);
}

/* s: the session, or a 2026 request's stateless view. */
static bool tool_visible(struct mcp_session *s, size_t i)
{
    struct mcp_server *srv = s->srv;
    return !srv->visible || srv->visible(s, srv->tools[i].t.name, srv->visible_data);
}

/* ------------------------------------------------------------------ */
/* Tools                                                               */

static json_t *m_tools_list(struct mcp_call *call, json_t *params, struct mcp__err *err)
{
    struct mcp_session *s = mcp_call_session(call);
    struct mcp_server *srv = s->srv;
    size_t i;
    if (parse_cursor(params, srv->ntools, &i, err) != 0)
        return NULL;
    json_t *tools = json_array();
    for (; i < srv->ntools && json_array_size(tools) < srv->page_size; i++)
        if (tool_visible(s, i))
            json_array_append(tools, srv->tools[i].entry);
    while (i < srv->ntools && !tool_visible(s, i))
        i++;
    json_t *r = json_object();
    json_object_set_new(r, "tools", tools);
    if (i < srv->ntools)
        json_object_set_new(r, "nextCursor", make_cursor(i));
    return r;
}

static bool is_error_result(json_t *r) { return json_is_true(json_object_get(r, "isError")); }

/* The full call path of one tool: validation, handler, result checks.
 * Returns a CallToolResult (new) or NULL with err for an internal error.
 * A handler that recorded 2026 inputs may return anything (even NULL):
 * the caller answers input_required instead. */
json_t *mcp__invoke(struct mcp_call *call, const struct mcp__tool *t, json_t *args, struct mcp__err *err)
{
    char why[512];
    if (mcp_validate(t->input, args, why, sizeof why) != 0)
        return mcp_result_error("Invalid arguments for tool '%s': %s. Check the tool's inputSchema and retry.",
                                t->t.name, why);
    const struct mcp__tool *outer = call->tool;
    call->tool = t;
    json_t *r = t->t.handler(call, args, t->t.data);
    call->tool = outer;
    if (mcp__mrtr_pending(call) || call->missing)
        return r ? r : json_pack("{s:[]}", "content");
    if (!r) {
        mcp__err_set(err, MCP__INTERNAL_ERROR, "Internal error: tool '%s' produced no result", t->t.name);
        return NULL;
    }
    if (!json_is_object(r) || !json_is_array(json_object_get(r, "content"))) {
        json_decref(r);
        mcp__err_set(err, MCP__INTERNAL_ERROR, "Internal error: tool '%s' produced a malformed result", t->t.name);
        return NULL;
    }
    if (t->output && !is_error_result(r)) {
        json_t *sc = json_object_get(r, "structuredContent");
        if (!sc) {
            json_decref(r);
            mcp__err_set(err, MCP__INTERNAL_ERROR, "Internal error: tool '%s' has an outputSchema but returned no "
                         "structuredContent", t->t.name);
            return NULL;
        }
        if (mcp_validate(t->output, sc, why, sizeof why) != 0) {
            json_decref(r);
            log_error("mcp: tool '%s' output does not match its outputSchema: %s", t->t.name, why);
            mcp__err_set(err, MCP__INTERNAL_ERROR,
                         "Internal error: tool '%s' returned structuredContent that does not match its outputSchema",
                         t->t.name);
            return NULL;
        }
    }
    return r;
}

/* Runs a tool in a 2026 request until it completes or needs input: a
 * request answers input_required, a task waits for tasks/update and runs
 * the handler again. Returns the result (new) or NULL with err; NULL
 * without an error code once a task is finished (it answered early). */
static json_t *run_modern(struct mcp_call *call, const struct mcp__tool *t, json_t *args, struct mcp__err *err)
{
    if (mcp__mrtr_begin(call, err) != 0)
        return NULL;
    for (;;) {
        json_t *r = mcp__invoke(call, t, args, err);
        if (!call->task) {
            if (!mcp__mrtr_pending(call) || call->missing)
                return r;
            json_decref(r);
            return mcp__mrtr_result(call);
        }
        if (mcp__mrtr_pending(call)) {
            json_decref(r);
            if (mcp__task_wait_inputs(call) == 0) {
                mcp__mrtr_rerun(call);
                continue;
            }
            r = NULL;
            mcp__err_set(err, MCP__INTERNAL_ERROR, "Cancelled while waiting for input");
        }
        mcp__task_finish(call, r, err);
        return NULL;
    }
}

/* What the server says about a tool it does not have (new result), or
 * NULL: "Unknown tool". */
static json_t *missing_tool(struct mcp_call *call, const char *name, json_t *args)
{
    struct mcp_server *srv = mcp_call_server(call);
    if (!srv->missing_tool)
        return NULL;
    json_t *empty = json_object();
    json_t *r = srv->missing_tool(call, name, json_is_object(args) ? args : empty,
                                  srv->missing_tool_data);
    json_decref(empty);
    return r;
}

static json_t *m_tools_call(struct mcp_call *call, json_t *params, struct mcp__err *err)
{
    json_t *name = json_object_get(params, "name");
    json_t *args = json_object_get(params, "arguments");
    if (!json_is_string(name)) {
        mcp__err_set(err, MCP__INVALID_PARAMS, "Invalid params: name must be a string");
        return NULL;
    }
    if (args && !json_is_object(args) && !json_is_null(args)) {
        mcp__err_set(err, MCP__INVALID_PARAMS, "Invalid params: arguments must be an object");
        return NULL;
    }
    const struct mcp__tool *t = mcp__find_tool(mcp_call_server(call), json_string_value(name));
    if (!t) {
        json_t *r = missing_tool(call, json_string_value(name), args);
        if (!r)
            mcp__err_set(err, MCP__INVALID_PARAMS, "Unknown tool: %.200s", json_string_value(name));
        return r;
    }
    if (call->modern && t->t.task == MCP_TASK_REQUIRED && !mcp__caps_have(json_object_get(call->caps, "extensions"),
                                                                          MCP__TASKS_EXT)) {
        mcp__err_missing(err, json_pack("{s:{s:{}}}", "extensions", MCP__TASKS_EXT));
        return NULL;
    }
    json_t *owned = json_is_object(args) ? json_incref(args) : json_object();
    json_t *r = call->modern ? run_modern(call, t, owned, err) : mcp__invoke(call, t, owned, err);
    json_decref(owned);
    return r;
}

json_t *mcp_call_invoke(struct mcp_call *call, const char *tool_name, json_t *args)
{
    const struct mcp__tool *t = mcp__find_tool(mcp_call_server(call), tool_name);
    if (!t) {
        json_t *r = tool_name ? missing_tool(call, tool_name, args) : NULL;
        return r ? r : mcp_result_error("Unknown tool '%s'", tool_name ? tool_name : "(null)");
    }
    struct mcp__err err = {0};
    json_t *owned = json_is_object(args) ? json_incref(args) : json_object();
    json_t *r = mcp__invoke(call, t, owned, &err);
    json_decref(owned);
    if (!r) {
        json_decref(err.data);
        r = mcp_result_error("%s", err.msg);
    }
    return r;
}

/* ------------------------------------------------------------------ */
/* Resources                                                           */

/* resources/list or resources/templates/list result (new), or NULL with err. */
static json_t *list_resources(struct mcp_call *call, json_t *params, struct mcp__err *err, bool templates)
{
    struct mcp_server *srv = mcp_call_server(call);
    size_t i;
    if (!srv->nresources) {
        mcp__err_set(err, MCP__METHOD_NOT_FOUND, "Method not found: this server has no resources");
        return NULL;
    }
    if (parse_cursor(params, srv->nresources, &i, err) != 0)
        return NULL;
    json_t *list = json_array();
    for (; i < srv->nresources; i++)
        if (srv->resources[i].r.is_template == templates)
            json_array_append(list, srv->resources[i].entry);
    json_t *r = json_object();
    json_object_set_new(r, templates ? "resourceTemplates" : "resources", list);
    return r;
}

static json_t *m_resources_list(struct mcp_call *call, json_t *params, struct mcp__err *err)
{
    return list_resources(call, params, err, false);
}

static json_t *m_templates_list(struct mcp_call *call, json_t *params, struct mcp__err *err)
{
    return list_resources(call, params, err, true);
}

static json_t *m_resources_read(struct mcp_call *call, json_t *params, struct mcp__err *err)
{
    struct mcp_server *srv = mcp_call_server(call);
    const char *uri = json_string_value(json_object_get(params, "uri"));
    if (!srv->nresources) {
        mcp__err_set(err, MCP__METHOD_NOT_FOUND, "Method not found: this server has no resources");
        return NULL;
    }
    if (!uri) {
        mcp__err_set(err, MCP__INVALID_PARAMS, "Invalid params: uri must be a string");
        return NULL;
    }
    if (call->modern && mcp__mrtr_begin(call, err) != 0)
        return NULL;
    const struct mcp__resource *res = mcp__match_resource(srv, uri);
    json_t *contents = res ? res->r.read(call, uri, res->r.data) : NULL;
    if (call->modern && mcp__mrtr_pending(call)) {
        json_decref(contents);
        return mcp__mrtr_result(call);
    }
    if (!contents && call->fail.code) {
        *err = call->fail;
        call->fail.data = NULL;
        return NULL;
    }
    if (!contents) {
        /* 2026-07-28 retired -32002: invalid params, naming the uri */
        mcp__err_set(err, call->modern ? MCP__INVALID_PARAMS : MCP__RESOURCE_NOT_FOUND, "Resource not found: %.300s",
                     uri);
        err->data = json_pack("{s:s}", "uri", uri);
        return NULL;
    }
    if (!json_is_array(contents)) {
        json_decref(contents);
        mcp__err_set(err, MCP__INTERNAL_ERROR, "Internal error: resource read returned no contents array");
        return NULL;
    }
    json_t *r = json_object();
    json_object_set_new(r, "contents", contents);
    return r;
}

/* resources/subscribe and unsubscribe: {} (new), or NULL with err. */
static json_t *subscription(struct mcp_call *call, json_t *params, struct mcp__err *err, bool on)
{
    struct mcp_session *s = call->s;
    const char *uri = json_string_value(json_object_get(params, "uri"));
    if (!s->srv->nresources) {
        mcp__err_set(err, MCP__METHOD_NOT_FOUND, "Method not found: this server has no resources");
        return NULL;
    }
    if (s->srv->no_subscriptions) {
        mcp__err_set(err, MCP__METHOD_NOT_FOUND,
                     "Method not found: this server offers no resource subscriptions");
        return NULL;
    }
    if (!uri) {
        mcp__err_set(err, MCP__INVALID_PARAMS, "Invalid params: uri must be a string");
        return NULL;
    }
    pthread_mutex_lock(&s->lock);
    if (on)
        json_object_set_new(s->subscriptions, uri, json_true());
    else
        json_object_del(s->subscriptions, uri);
    pthread_mutex_unlock(&s->lock);
    if (on)
        mcp__watch_add(s);
    return json_object();
}

static json_t *m_subscribe(struct mcp_call *call, json_t *params, struct mcp__err *err)
{
    return subscription(call, params, err, true);
}

static json_t *m_unsubscribe(struct mcp_call *call, json_t *params, struct mcp__err *err)
{
    return subscription(call, params, err, false);
}

/* ------------------------------------------------------------------ */
/* Prompts and completion                                              */

static json_t *m_prompts_list(struct mcp_call *call, json_t *params, struct mcp__err *err)
{
    struct mcp_server *srv = mcp_call_server(call);
    size_t i;
    if (!srv->nprompts) {
        mcp__err_set(err, MCP__METHOD_NOT_FOUND, "Method not found: this server has no prompts");
        return NULL;
    }
    if (parse_cursor(params, srv->nprompts, &i, err) != 0)
        return NULL;
    json_t *list = json_array();
    for (; i < srv->nprompts; i++)
        json_array_append(list, srv->prompts[i].entry);
    json_t *r = json_object();
    json_object_set_new(r, "prompts", list);
    return r;
}

static json_t *m_prompts_get(struct mcp_call *call, json_t *params, struct mcp__err *err)
{
    struct mcp_server *srv = mcp_call_server(call);
    json_t *name = json_object_get(params, "name");
    json_t *args = json_object_get(params, "arguments");
    if (!srv->nprompts) {
        mcp__err_set(err, MCP__METHOD_NOT_FOUND, "Method not found: this server has no prompts");
        return NULL;
    }
    if (!json_is_string(name)) {
        mcp__err_set(err, MCP__INVALID_PARAMS, "Invalid params: name must be a string");
        return NULL;
    }
    if (args && !json_is_object(args) && !json_is_null(args)) {
        mcp__err_set(err, MCP__INVALID_PARAMS, "Invalid params: arguments must be an object");
        return NULL;
    }
    const struct mcp__prompt *p = mcp__find_prompt(srv, json_string_value(name));
    if (!p) {
        mcp__err_set(err, MCP__INVALID_PARAMS, "Unknown prompt: %.200s", json_string_value(name));
        return NULL;
    }
    size_t i;
    json_t *a;
    json_array_foreach(p->args, i, a)
    {
        const char *an = json_string_value(json_object_get(a, "name"));
        if (json_is_true(json_object_get(a, "required")) && !json_object_get(args, an)) {
            mcp__err_set(err, MCP__INVALID_PARAMS, "Invalid params: missing required argument '%s'", an);
            return NULL;
        }
    }
    if (call->modern && mcp__mrtr_begin(call, err) != 0)
        return NULL;
    json_t *owned = json_is_object(args) ? json_incref(args) : json_object();
    const char *why = NULL;
    json_t *r = p->p.get(call, owned, p->p.data, &why);
    json_decref(owned);
    if (call->modern && mcp__mrtr_pending(call)) {
        json_decref(r);
        return mcp__mrtr_result(call);
    }
    if (!r && call->fail.code) {
        *err = call->fail;
        call->fail.data = NULL;
        return NULL;
    }
    if (!r) {
        mcp__err_set(err, MCP__INVALID_PARAMS, "Invalid params: %s", why ? why : "invalid arguments");
        return NULL;
    }
    return r;
}

static json_t *m_complete(struct mcp_call *call, json_t *params, struct mcp__err *err)
{
    struct mcp_server *srv = mcp_call_server(call);
    json_t *ref = json_object_get(params, "ref");
    json_t *arg = json_object_get(params, "argument");
    json_t *ctx = json_object_get(params, "context");
    if (!srv->complete) {
        mcp__err_set(err, MCP__METHOD_NOT_FOUND, "Method not found: this server offers no completions");
        return NULL;
    }
    if (!json_is_object(ref) || !json_is_string(json_object_get(ref, "type")) || !json_is_object(arg) ||
        !json_is_string(json_object_get(arg, "name")) || !json_is_string(json_object_get(arg, "value"))) {
        mcp__err_set(err, MCP__INVALID_PARAMS,
                     "Invalid params: completion needs ref {type, name|uri} and argument {name, value}");
        return NULL;
    }
    const char *type = json_string_value(json_object_get(ref, "type"));
    if (strcmp(type, "ref/prompt") == 0) {
        if (!mcp__find_prompt(srv, json_string_value(json_object_get(ref, "name")))) {
            mcp__err_set(err, MCP__INVALID_PARAMS, "Invalid params: unknown prompt in ref");
            return NULL;
        }
    } else if (strcmp(type, "ref/resource") == 0) {
        if (!json_is_string(json_object_get(ref, "uri"))) {
            mcp__err_set(err, MCP__INVALID_PARAMS, "Invalid params: ref/resource needs a uri");
            return NULL;
        }
    } else {
        mcp__err_set(err, MCP__INVALID_PARAMS, "Invalid params: unknown ref type '%.100s'", type);
        return NULL;
    }
    json_t *completion = srv->complete(call, ref, arg, json_is_object(ctx) ? ctx : NULL, srv->complete_data);
    if (!json_is_object(completion)) {
        json_decref(completion);
        completion = json_pack("{s:[], s:b}", "values", "hasMore", 0);
    }
    /* the spec caps a completion at 100 values */
    json_t *values = json_object_get(completion, "values");
    if (json_is_array(values) && json_array_size(values) > 100) {
        size_t total = json_array_size(values);
        while (json_array_size(values) > 100)
            json_array_remove(values, json_array_size(values) - 1);
        if (!json_object_get(completion, "total"))
            json_object_set_new(completion, "total", json_integer((json_int_t)total));
        json_object_set_new(completion, "hasMore", json_true());
    }
    json_t *r = json_object();
    json_object_set_new(r, "completion", completion);
    return r;
}

/* ------------------------------------------------------------------ */

static const struct mcp__method methods[] = {
    {"initialize", m_initialize, MCP__PRE_INIT | MCP__LEGACY},
    {"server/discover", m_discover, MCP__MODERN | MCP__CACHE},
    {"ping", m_ping, MCP__PRE_INIT | MCP__LEGACY},
    {"logging/setLevel", m_set_level, MCP__LEGACY},
    {"tools/list", m_tools_list, MCP__CACHE},
    {"tools/call", m_tools_call, MCP__ASYNC | MCP__MRTR},
    {"resources/list", m_resources_list, MCP__CACHE},
    {"resources/templates/list", m_templates_list, MCP__CACHE},
    {"resources/read", m_resources_read, MCP__ASYNC | MCP__MRTR | MCP__CACHE},
    {"resources/subscribe", m_subscribe, MCP__LEGACY},
    {"resources/unsubscribe", m_unsubscribe, MCP__LEGACY},
    {"prompts/list", m_prompts_list, MCP__CACHE},
    {"prompts/get", m_prompts_get, MCP__ASYNC | MCP__MRTR},
    {"completion/complete", m_complete, MCP__ASYNC},
    {"subscriptions/listen", mcp__listen, MCP__MODERN | MCP__ASYNC},
    {"tasks/get", mcp__tasks_get, MCP__MODERN},
    {"tasks/update", mcp__tasks_update, MCP__MODERN},
    {"tasks/cancel", mcp__tasks_cancel, MCP__MODERN},
};

const struct mcp__method *mcp__find_method(const char *name)
{
    for (size_t i = 0; i < sizeof methods / sizeof methods[0]; i++)
        if (strcmp(methods[i].name, name) == 0)
            return &methods[i];
    return NULL;
}

const struct mcp__method *mcp__find_method_era(const char *name, bool modern)
{
    const struct mcp__method *m = mcp__find_method(name);
    if (m && (m->flags & (modern ? MCP__LEGACY : MCP__MODERN)))
        return NULL;
    return m;
}
