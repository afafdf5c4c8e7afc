/* call.c - what a handler can do with its call: who the client is, progress,
 * logging, cancellation, input from the client (a server-to-client request
 * in a 2025 session, a multi-round trip in 2026-07-28), state kept across
 * rounds, and turning itself into a task. Everything a call needs travels
 * in the call: no thread-local state. */
#include "mcp_int.h"

#include "base/base.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct mcp_session *mcp_call_session(struct mcp_call *call) { return call->modern ? call->view : call->s; }

struct mcp_server *mcp_call_server(struct mcp_call *call) { return call->modern ? call->view->srv : call->s->srv; }

bool mcp_call_cancelled(struct mcp_call *call)
{
    if (call->task)
        return mcp__task_cancelled(call);
    return atomic_load(&call->cancelled) || atomic_load(&call->s->closing);
}

const char *mcp_call_protocol(struct mcp_call *call)
{
    return call->modern ? MCP_MODERN_PROTOCOL : call->s->protocol;
}

bool mcp_call_client_has(struct mcp_call *call, const char *cap)
{
    return call->modern ? mcp__caps_have(call->caps, cap) : mcp_session_client_has(call->s, cap);
}

bool mcp_call_require(struct mcp_call *call, const char *cap)
{
    if (mcp_call_client_has(call, cap))
        return true;
    if (call->modern) {
        if (!call->missing)
            call->missing = json_object();
        json_object_set_new(call->missing, cap, json_object());
    }
    return false;
}

json_t *mcp_call_progress_token(struct mcp_call *call) { return call->progress_token; }

void mcp_call_fail(struct mcp_call *call, int code, const char *fmt, ...)
{
    va_list ap;
    call->fail.code = code;
    va_start(ap, fmt);
    vsnprintf(call->fail.msg, sizeof call->fail.msg, fmt, ap);
    va_end(ap);
}

void mcp_call_progress(struct mcp_call *call, double progress, double total, const char *message)
{
    if (call->task) {
        /* nobody reads a task's stream: the task's status carries it */
        char text[300];
        int n = total > 0 ? snprintf(text, sizeof text, "%.0f of %.0f", progress, total)
                          : snprintf(text, sizeof text, "%.0f done", progress);
        if (message && n > 0 && (size_t)n < sizeof text)
            snprintf(text + n, sizeof text - (size_t)n, ": %s", message);
        mcp__task_status_message(call, text);
        return;
    }
    if (!call->progress_token)
        return;
    if (call->sent_progress && progress <= call->last_progress)
        return; /* the spec requires strictly increasing progress */
    call->sent_progress = true;
    call->last_progress = progress;
    json_t *params = json_object();
    json_object_set(params, "progressToken", call->progress_token);
    json_object_set_new(params, "progress", json_real(progress));
    if (total > 0)
        json_object_set_new(params, "total", json_real(total));
    if (message)
        json_object_set_new(params, "message", mcp__string_lossy(message));
    mcp__send_notification(call->s, call->id, "notifications/progress", params);
}

static const char *const log_levels[] = {"debug",    "info",  "notice", "warning",
                                         "error",    "critical", "alert", "emergency"};

int mcp__log_level(const char *name)
{
    for (int i = 0; name && i < (int)(sizeof log_levels / sizeof log_levels[0]); i++)
        if (strcmp(log_levels[i], name) == 0)
            return i;
    return -1;
}

void mcp_call_log(struct mcp_call *call, const char *level, const char *logger, json_t *data)
{
    int idx = mcp__log_level(level);
    if (idx < 0) {
        idx = 1;
        level = "info";
    }
    bool pass;
    if (call->task) {
        pass = false;
    } else if (call->modern) {
        /* 2026: only when this request asked for a level */
        pass = call->log_level >= 0 && idx >= call->log_level;
    } else {
        pthread_mutex_lock(&call->s->lock);
        pass = idx >= call->s->log_level;
        pthread_mutex_unlock(&call->s->lock);
    }
    if (!pass) {
        json_decref(data);
        return;
    }
    json_t *params = json_object();
    json_object_set_new(params, "level", json_string(level));
    if (logger)
        json_object_set_new(params, "logger", mcp__string_lossy(logger));
    json_object_set_new(params, "data", data ? data : json_null());
    mcp__send_notification(call->s, call->id, "notifications/message", params);
}

/* ------------------------------------------------------------------ */
/* Input from the client                                               */

/* A 2025 server-to-client request: sends it and waits for the answer.
 * params is stolen. */
static enum mcp_input server_request(struct mcp_call *call, const char *method, json_t *params, int timeout_ms,
                                     json_t **result)
{
    struct mcp_session *s = call->s;
    struct mcp__pending p = {0};
    pthread_mutex_lock(&s->lock);
    /* after stdio's EOF nobody can answer */
    if (mcp_call_cancelled(call) || atomic_load(&s->input_closed)) {
        pthread_mutex_unlock(&s->lock);
        json_decref(params);
        return MCP_INPUT_TIMEOUT;
    }
    snprintf(p.id, sizeof p.id, "srv-%lu", ++s->next_srv_id);
    p.next = s->pending;
    s->pending = &p;
    pthread_mutex_unlock(&s->lock);

    json_t *jid = json_string(p.id);
    json_t *msg = json_object();
    json_object_set_new(msg, "jsonrpc", json_string("2.0"));
    json_object_set(msg, "id", jid);
    json_object_set_new(msg, "method", json_string(method));
    json_object_set_new(msg, "params", params);
    struct mcp_msg m = {.kind = MCP_MSG_REQUEST, .id = jid, .method = method, .request = call->id};
    mcp__send(s, msg, &m);
    json_decref(jid);

    struct timespec deadline = mcp__deadline_in(timeout_ms);
    pthread_mutex_lock(&s->lock);
    while (!p.reply && !mcp_call_cancelled(call) && !atomic_load(&s->input_closed)) {
        if (timeout_ms > 0) {
            if (pthread_cond_timedwait(&s->cond, &s->lock, &deadline) != 0 && !p.reply)
                break;
        } else {
            pthread_cond_wait(&s->cond, &s->lock);
        }
    }
    struct mcp__pending **pp = &s->pending;
    while (*pp && *pp != &p)
        pp = &(*pp)->next;
    if (*pp)
        *pp = p.next;
    pthread_mutex_unlock(&s->lock);

    if (!p.reply) {
        /* tell the client to stop waiting on its user */
        if (!atomic_load(&s->closing) && !atomic_load(&s->input_closed))
            mcp__send_notification(s, call->id, "notifications/cancelled",
                                   json_pack("{s:s, s:s}", "requestId", p.id, "reason", "timed out or cancelled"));
        return MCP_INPUT_TIMEOUT;
    }
    enum mcp_input rc;
    json_t *err = json_object_get(p.reply, "error");
    if (err) {
        *result = json_incref(err);
        rc = MCP_INPUT_ERROR;
    } else {
        json_t *res = json_object_get(p.reply, "result");
        *result = json_is_object(res) ? json_incref(res) : json_object();
        rc = MCP_INPUT_OK;
    }
    json_decref(p.reply);
    return rc;
}

/* The capability an input method needs, or NULL for one we do not ask. */
static const char *input_capability(const char *method)
{
    if (strcmp(method, "elicitation/create") == 0)
        return "elicitation";
    if (strcmp(method, "sampling/createMessage") == 0)
        return "sampling";
    if (strcmp(method, "roots/list") == 0)
        return "roots";
    return NULL;
}

enum mcp_input mcp_call_input(struct mcp_call *call, const char *key, const char *method, json_t *params,
                              int timeout_ms, json_t **result)
{
    *result = NULL;
    const char *cap = input_capability(method);
    if (!cap || !mcp_call_client_has(call, cap))
        return MCP_INPUT_UNSUPPORTED;
    if (call->modern)
        return mcp__mrtr_input(call, key, method, params, result);
    json_t *p = json_is_object(params) ? json_deep_copy(params) : json_object();
    if (strcmp(method, "elicitation/create") == 0 && strcmp(call->s->protocol, "2025-11-25") == 0 &&
        !json_object_get(p, "mode"))
        json_object_set_new(p, "mode", json_string("form")); /* 2025-11-25 added URL mode */
    return server_request(call, method, p, timeout_ms, result);
}

enum mcp_input mcp_call_elicit(struct mcp_call *call, const char *message, json_t *requested_schema,
                               int timeout_ms, json_t **result)
{
    json_t *params = json_object();
    json_object_set_new(params, "message", mcp__string_lossy(message));
    json_object_set(params, "requestedSchema", requested_schema);
    enum mcp_input rc = mcp_call_input(call, NULL, "elicitation/create", params, timeout_ms, result);
    json_decref(params);
    return rc;
}

enum mcp_input mcp_call_sample(struct mcp_call *call, json_t *params, int timeout_ms, json_t **result)
{
    return mcp_call_input(call, NULL, "sampling/createMessage", params, timeout_ms, result);
}

enum mcp_input mcp_call_list_roots(struct mcp_call *call, int timeout_ms, json_t **result)
{
    return mcp_call_input(call, NULL, "roots/list", NULL, timeout_ms, result);
}

json_t *mcp_call_state(struct mcp_call *call, const char *key)
{
    return json_object_get(call->in.values, key);
}

void mcp_call_set_state(struct mcp_call *call, const char *key, json_t *value)
{
    if (!call->in.values)
        call->in.values = json_object();
    json_object_set_new(call->in.values, key, value ? value : json_null());
}

bool mcp_call_detach(struct mcp_call *call)
{
    if (call->task)
        return true;
    return mcp__task_detach(call);
}
