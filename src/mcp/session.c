/* session.c - one MCP session: envelope checks, lifecycle gating, dispatch
 * to the method table, worker threads, cancellation and responses to our
 * own server-to-client requests. */
#include "mcp_int.h"

#include "base/base.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct mcp_session *mcp_session_new(struct mcp_server *srv, mcp_send_fn send, void *ud)
{
    struct mcp_session *s = xcalloc(1, sizeof *s);
    pthread_condattr_t attr;
    s->srv = srv;
    s->send = send;
    s->ud = ud;
    pthread_mutex_init(&s->out_lock, NULL);
    pthread_mutex_init(&s->lock, NULL);
    /* timed waits use the monotonic clock so a wall-clock jump cannot
     * stretch or cut an elicitation timeout */
    pthread_condattr_init(&attr);
    pthread_condattr_setclock(&attr, CLOCK_MONOTONIC);
    pthread_cond_init(&s->cond, &attr);
    pthread_condattr_destroy(&attr);
    s->log_level = 0; /* everything until the client picks a level */
    s->subscriptions = json_object();
    atomic_init(&s->closing, false);
    if (srv->on_session)
        srv->on_session(s, srv->on_session_data);
    return s;
}

static void free_call(struct mcp_call *call)
{
    json_decref(call->id);
    json_decref(call->params);
    json_decref(call->progress_token);
    free(call);
}

/* Joins the workers that have finished. Called on the reader thread. */
static void reap(struct mcp_session *s)
{
    pthread_mutex_lock(&s->lock);
    struct mcp_call *done = s->done;
    s->done = NULL;
    pthread_mutex_unlock(&s->lock);
    while (done) {
        struct mcp_call *next = done->next;
        pthread_join(done->thread, NULL);
        free_call(done);
        done = next;
    }
}

void mcp_session_free(struct mcp_session *s)
{
    if (!s)
        return;
    pthread_mutex_lock(&s->lock);
    atomic_store(&s->closing, true);
    pthread_cond_broadcast(&s->cond);
    while (s->nactive > 0)
        pthread_cond_wait(&s->cond, &s->lock);
    pthread_mutex_unlock(&s->lock);
    reap(s);
    if (s->free_fn)
        s->free_fn(s->data);
    json_decref(s->client_caps);
    json_decref(s->subscriptions);
    pthread_cond_destroy(&s->cond);
    pthread_mutex_destroy(&s->lock);
    pthread_mutex_destroy(&s->out_lock);
    free(s);
}

void mcp_session_set_data(struct mcp_session *s, void *data, void (*free_fn)(void *))
{
    s->data = data;
    s->free_fn = free_fn;
}

void *mcp_session_data(struct mcp_session *s) { return s->data; }

const char *mcp_session_protocol(const struct mcp_session *s)
{
    return s->protocol[0] ? s->protocol : NULL;
}

bool mcp_session_client_has(const struct mcp_session *s, const char *cap)
{
    return s->client_caps && json_object_get(s->client_caps, cap) != NULL;
}

void mcp_session_tools_changed(struct mcp_session *s)
{
    pthread_mutex_lock(&s->lock);
    bool ready = s->state != MCP__NEW;
    pthread_mutex_unlock(&s->lock);
    if (ready)
        mcp__send_notification(s, "notifications/tools/list_changed", NULL);
}

void mcp_session_resource_updated(struct mcp_session *s, const char *uri)
{
    pthread_mutex_lock(&s->lock);
    bool subscribed = json_object_get(s->subscriptions, uri) != NULL;
    pthread_mutex_unlock(&s->lock);
    if (subscribed)
        mcp__send_notification(s, "notifications/resources/updated", json_pack("{s:s}", "uri", uri));
}

/* ------------------------------------------------------------------ */
/* Running requests                                                    */

/* Runs the method and answers, unless the client cancelled the request
 * (the spec says the server SHOULD NOT answer then). A call cut short by
 * the session closing still answers: a client that pipes requests and
 * closes stdin expects its replies. */
/* The call the current thread is running, so a transport can tell which
 * request a notification or server-to-client request belongs to
 * (mcp__current_request_id). */
static _Thread_local struct mcp_call *current_call;

json_t *mcp__current_request_id(void) { return current_call ? current_call->id : NULL; }

static void run_call(struct mcp_call *call)
{
    struct mcp__err err = {0};
    struct mcp_call *outer = current_call;
    current_call = call;
    json_t *result = call->m->fn(call, call->params, &err);
    if (atomic_load(&call->cancelled)) {
        json_decref(result);
        json_decref(err.data);
    } else if (result) {
        json_decref(err.data);
        mcp__send_result(call->s, call->id, result);
    } else {
        if (!err.code)
            mcp__err_set(&err, MCP__INTERNAL_ERROR, "Internal error");
        mcp__send_error(call->s, call->id, err.code, err.msg, err.data);
    }
    current_call = outer;
}

static void *worker(void *arg)
{
    struct mcp_call *call = arg;
    struct mcp_session *s = call->s;
    run_call(call);
    pthread_mutex_lock(&s->lock);
    struct mcp_call **pp = &s->active;
    while (*pp && *pp != call)
        pp = &(*pp)->next;
    if (*pp)
        *pp = call->next;
    s->nactive--;
    call->next = s->done;
    s->done = call;
    pthread_cond_broadcast(&s->cond);
    pthread_mutex_unlock(&s->lock);
    return NULL;
}

static void handle_request(struct mcp_session *s, const char *method, json_t *id, json_t *params)
{
    const struct mcp__method *m = mcp__find_method(method);
    if (!m) {
        char text[300];
        snprintf(text, sizeof text, "Method not found: %.200s", method);
        mcp__send_error(s, id, MCP__METHOD_NOT_FOUND, text, NULL);
        return;
    }
    pthread_mutex_lock(&s->lock);
    enum mcp__state state = s->state;
    pthread_mutex_unlock(&s->lock);
    if (state == MCP__NEW && !(m->flags & MCP__PRE_INIT)) {
        mcp__send_error(s, id, MCP__INVALID_REQUEST,
                        "Invalid request: the session is not initialized (send initialize first)", NULL);
        return;
    }
    struct mcp_call *call = xcalloc(1, sizeof *call);
    call->s = s;
    call->m = m;
    /* Workers get their own copies: the reader frees the message as soon as
     * this returns, and jansson's refcount check is not race-free. */
    bool async = m->flags & MCP__ASYNC;
    call->id = async ? json_deep_copy(id) : json_incref(id);
    call->params = !params ? json_object() : async ? json_deep_copy(params) : json_incref(params);
    atomic_init(&call->cancelled, false);
    call->who = s->who;
    json_t *token = json_object_get(json_object_get(call->params, "_meta"), "progressToken");
    if (json_is_string(token) || json_is_integer(token))
        call->progress_token = json_incref(token);
    if (!async) {
        run_call(call);
        free_call(call);
        return;
    }
    pthread_mutex_lock(&s->lock);
    if (s->nactive >= MCP__MAX_INFLIGHT) {
        pthread_mutex_unlock(&s->lock);
        mcp__send_error(s, id, MCP__INTERNAL_ERROR, "Server busy: too many requests in flight; retry later", NULL);
        free_call(call);
        return;
    }
    call->next = s->active;
    s->active = call;
    s->nactive++;
    if (pthread_create(&call->thread, NULL, worker, call) != 0) {
        s->active = call->next;
        s->nactive--;
        pthread_mutex_unlock(&s->lock);
        log_error("mcp: could not start a worker thread");
        mcp__send_error(s, id, MCP__INTERNAL_ERROR, "Internal error: could not start a worker", NULL);
        free_call(call);
        return;
    }
    pthread_mutex_unlock(&s->lock);
}

static void handle_notification(struct mcp_session *s, const char *method, json_t *params)
{
    if (strcmp(method, "notifications/initialized") == 0) {
        pthread_mutex_lock(&s->lock);
        if (s->state == MCP__ANSWERED)
            s->state = MCP__READY;
        pthread_mutex_unlock(&s->lock);
    } else if (strcmp(method, "notifications/cancelled") == 0) {
        json_t *rid = json_object_get(params, "requestId");
        if (!rid)
            return;
        pthread_mutex_lock(&s->lock);
        for (struct mcp_call *c = s->active; c; c = c->next)
            if (json_equal(c->id, rid))
                atomic_store(&c->cancelled, true);
        pthread_cond_broadcast(&s->cond);
        pthread_mutex_unlock(&s->lock);
    } else {
        /* roots/list_changed, progress for our requests, unknown ones:
         * notifications never get a reply, so they are dropped */
        log_debug("mcp: ignoring notification %s", method);
    }
}

static void handle_response(struct mcp_session *s, json_t *msg, json_t *id)
{
    if (!json_is_string(id)) {
        log_debug("mcp: ignoring a response with a non-string id");
        return;
    }
    pthread_mutex_lock(&s->lock);
    struct mcp__pending *p = s->pending;
    while (p && strcmp(p->id, json_string_value(id)) != 0)
        p = p->next;
    if (p && !p->reply) {
        p->reply = json_deep_copy(msg); /* owned by the waiting worker alone */
        pthread_cond_broadcast(&s->cond);
    }
    pthread_mutex_unlock(&s->lock);
    if (!p)
        log_debug("mcp: ignoring a response to unknown request %s", json_string_value(id));
}

static void handle_message(struct mcp_session *s, json_t *msg)
{
    json_t *version = json_object_get(msg, "jsonrpc");
    json_t *id = json_object_get(msg, "id");
    json_t *method = json_object_get(msg, "method");
    json_t *params = json_object_get(msg, "params");
    bool id_ok = json_is_string(id) || json_is_integer(id);
    if (id && !id_ok) {
        mcp__send_error(s, NULL, MCP__INVALID_REQUEST, "Invalid request: id must be a string or an integer", NULL);
        return;
    }
    if (!json_is_string(version) || strcmp(json_string_value(version), "2.0") != 0) {
        mcp__send_error(s, id, MCP__INVALID_REQUEST, "Invalid request: \"jsonrpc\" must be \"2.0\"", NULL);
        return;
    }
    if (!method) {
        bool has_result = json_object_get(msg, "result") != NULL;
        bool has_error = json_object_get(msg, "error") != NULL;
        if (id && has_result != has_error) {
            handle_response(s, msg, id);
            return;
        }
        mcp__send_error(s, id, MCP__INVALID_REQUEST, "Invalid request: no \"method\"", NULL);
        return;
    }
    if (!json_is_string(method)) {
        mcp__send_error(s, id, MCP__INVALID_REQUEST, "Invalid request: \"method\" must be a string", NULL);
        return;
    }
    if (params && !json_is_object(params) && !json_is_array(params)) {
        mcp__send_error(s, id, MCP__INVALID_REQUEST, "Invalid request: \"params\" must be an object", NULL);
        return;
    }
    if (!id) {
        handle_notification(s, json_string_value(method), json_is_object(params) ? params : NULL);
        return;
    }
    if (json_is_array(params)) {
        mcp__send_error(s, id, MCP__INVALID_PARAMS, "Invalid params: MCP params are an object, not an array", NULL);
        return;
    }
    handle_request(s, json_string_value(method), id, params);
}

void mcp_session_receive(struct mcp_session *s, const char *msg, size_t len)
{
    reap(s);
    if (len > MCP_MAX_MESSAGE) {
        mcp__reject_oversize(s);
        return;
    }
    json_error_t jerr;
    json_t *v = json_loadb(msg, len, JSON_DECODE_ANY, &jerr);
    if (!v) {
        char text[300];
        snprintf(text, sizeof text, "Parse error: %s (column %d)", jerr.text, jerr.column);
        mcp__send_error(s, NULL, MCP__PARSE_ERROR, text, NULL);
        return;
    }
    if (json_is_array(v)) {
        /* Batches were removed in 2025-06-18; we reject them for every
         * revision (2025-03-26 included) rather than answer out of order. */
        mcp__send_error(s, NULL, MCP__INVALID_REQUEST, "Invalid request: JSON-RPC batches are not supported", NULL);
    } else if (!json_is_object(v)) {
        mcp__send_error(s, NULL, MCP__INVALID_REQUEST, "Invalid request: a message must be a JSON object", NULL);
    } else {
        handle_message(s, v);
    }
    json_decref(v);
}

/* ------------------------------------------------------------------ */
/* Inside a handler                                                    */

struct mcp_session *mcp_call_session(struct mcp_call *call) { return call->s; }

struct mcp_server *mcp_call_server(struct mcp_call *call) { return call->s->srv; }

bool mcp_call_cancelled(struct mcp_call *call)
{
    return atomic_load(&call->cancelled) || atomic_load(&call->s->closing);
}

json_t *mcp_call_progress_token(struct mcp_call *call) { return call->progress_token; }

void mcp_call_progress(struct mcp_call *call, double progress, double total, const char *message)
{
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
    mcp__send_notification(call->s, "notifications/progress", params);
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
    struct mcp_session *s = call->s;
    int idx = mcp__log_level(level);
    if (idx < 0) {
        idx = 1;
        level = "info";
    }
    pthread_mutex_lock(&s->lock);
    bool pass = idx >= s->log_level;
    pthread_mutex_unlock(&s->lock);
    if (!pass) {
        json_decref(data);
        return;
    }
    json_t *params = json_object();
    json_object_set_new(params, "level", json_string(level));
    if (logger)
        json_object_set_new(params, "logger", mcp__string_lossy(logger));
    json_object_set_new(params, "data", data ? data : json_null());
    mcp__send_notification(s, "notifications/message", params);
}

/* Sends a request to the client and waits for its answer (see mcp.h for
 * the return codes). params is stolen. */
static int server_request(struct mcp_call *call, const char *method, json_t *params, int timeout_ms,
                          json_t **result)
{
    struct mcp_session *s = call->s;
    struct mcp__pending p = {0};
    int rc = -3;
    *result = NULL;
    pthread_mutex_lock(&s->lock);
    if (mcp_call_cancelled(call)) {
        pthread_mutex_unlock(&s->lock);
        json_decref(params);
        return -3;
    }
    snprintf(p.id, sizeof p.id, "srv-%lu", ++s->next_srv_id);
    p.next = s->pending;
    s->pending = &p;
    pthread_mutex_unlock(&s->lock);

    json_t *msg = json_object();
    json_object_set_new(msg, "jsonrpc", json_string("2.0"));
    json_object_set_new(msg, "id", json_string(p.id));
    json_object_set_new(msg, "method", json_string(method));
    json_object_set_new(msg, "params", params);
    mcp__send(s, msg);

    struct timespec deadline;
    clock_gettime(CLOCK_MONOTONIC, &deadline);
    if (timeout_ms > 0) {
        deadline.tv_sec += timeout_ms / 1000;
        deadline.tv_nsec += (long)(timeout_ms % 1000) * 1000000L;
        if (deadline.tv_nsec >= 1000000000L) {
            deadline.tv_sec++;
            deadline.tv_nsec -= 1000000000L;
        }
    }
    pthread_mutex_lock(&s->lock);
    while (!p.reply && !mcp_call_cancelled(call)) {
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
        if (!atomic_load(&s->closing))
            mcp__send_notification(s, "notifications/cancelled",
                                   json_pack("{s:s, s:s}", "requestId", p.id, "reason", "timed out or cancelled"));
        return -3;
    }
    json_t *err = json_object_get(p.reply, "error");
    if (err) {
        *result = json_incref(err);
        rc = -2;
    } else {
        json_t *res = json_object_get(p.reply, "result");
        *result = json_is_object(res) ? json_incref(res) : json_object();
        rc = 0;
    }
    json_decref(p.reply);
    return rc;
}

int mcp_call_elicit(struct mcp_call *call, const char *message, json_t *requested_schema, int timeout_ms,
                    json_t **result)
{
    *result = NULL;
    if (!mcp_session_client_has(call->s, "elicitation"))
        return -1;
    json_t *params = json_object();
    /* 2025-11-25 added URL-mode elicitation; say which one this is */
    if (strcmp(call->s->protocol, "2025-11-25") == 0)
        json_object_set_new(params, "mode", json_string("form"));
    json_object_set_new(params, "message", mcp__string_lossy(message));
    json_object_set(params, "requestedSchema", requested_schema);
    return server_request(call, "elicitation/create", params, timeout_ms, result);
}

int mcp_call_sample(struct mcp_call *call, json_t *params, int timeout_ms, json_t **result)
{
    *result = NULL;
    if (!mcp_session_client_has(call->s, "sampling"))
        return -1;
    return server_request(call, "sampling/createMessage", json_copy(params), timeout_ms, result);
}
