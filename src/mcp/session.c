/* session.c - one MCP connection: envelope checks, the era of each request
 * (a 2026-07-28 claim in _meta is served statelessly, anything else
 * belongs to the session initialize opened), lifecycle gating, dispatch to
 * the method table, worker threads, cancellation and responses to our own
 * server-to-client requests. */
#include "mcp_int.h"

#include "base/base.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static struct mcp_session *session_alloc(struct mcp_server *srv, mcp_send_fn send, void *ud)
{
    struct mcp_session *s = xcalloc(1, sizeof *s);
    s->srv = srv;
    s->send = send;
    s->ud = ud;
    pthread_mutex_init(&s->out_lock, NULL);
    pthread_mutex_init(&s->lock, NULL);
    /* a wall-clock jump must not stretch or cut an elicitation timeout */
    mcp__cond_init_monotonic(&s->cond);
    s->log_level = 0; /* everything until the client picks a level */
    s->subscriptions = json_object();
    atomic_init(&s->closing, false);
    atomic_init(&s->input_closed, false);
    return s;
}

struct mcp_session *mcp_session_new(struct mcp_server *srv, mcp_send_fn send, void *ud)
{
    struct mcp_session *s = session_alloc(srv, send, ud);
    if (srv->on_session)
        srv->on_session(s, srv->on_session_data);
    return s;
}

struct mcp_session *mcp__session_new_channel(struct mcp_server *srv, mcp_send_fn send, void *ud)
{
    return session_alloc(srv, send, ud);
}

/* The stateless view a 2026 request runs in (new): its client
 * capabilities and nothing else. */
static struct mcp_session *view_new(struct mcp_server *srv, json_t *caps)
{
    struct mcp_session *v = xcalloc(1, sizeof *v);
    v->srv = srv;
    v->stateless = true;
    v->state = MCP__READY;
    v->client_caps = json_incref(caps);
    snprintf(v->protocol, sizeof v->protocol, "%s", MCP_MODERN_PROTOCOL);
    return v;
}

static void view_free(struct mcp_session *v)
{
    if (!v)
        return;
    if (v->free_fn)
        v->free_fn(v->data);
    json_decref(v->client_caps);
    free(v);
}

static void free_call(struct mcp_call *call)
{
    view_free(call->view);
    json_decref(call->id);
    json_decref(call->params);
    json_decref(call->progress_token);
    json_decref(call->missing);
    mcp__mrtr_free(&call->in);
    free(call);
}

/* Frees the calls that have finished (their workers let go of them under
 * s->lock, and went back to workers.c). Called on the reader thread. */
static void reap(struct mcp_session *s)
{
    pthread_mutex_lock(&s->lock);
    struct mcp_call *done = s->done;
    s->done = NULL;
    pthread_mutex_unlock(&s->lock);
    while (done) {
        struct mcp_call *next = done->next;
        free_call(done);
        done = next;
    }
}

void mcp__session_close(struct mcp_session *s)
{
    pthread_mutex_lock(&s->lock);
    atomic_store(&s->closing, true);
    pthread_cond_broadcast(&s->cond);
    pthread_mutex_unlock(&s->lock);
}

void mcp__session_drain(struct mcp_session *s, int ms)
{
    int64_t deadline = base_now_ms() + (ms > 0 ? ms : 0);
    pthread_mutex_lock(&s->lock);
    atomic_store(&s->input_closed, true);
    pthread_cond_broadcast(&s->cond);
    while (s->nactive > 0) {
        int64_t left = deadline - base_now_ms();
        if (left <= 0)
            break;
        struct timespec t = mcp__deadline_in(left);
        pthread_cond_timedwait(&s->cond, &s->lock, &t);
    }
    if (s->nactive > 0)
        log_warn("mcp: %zu call(s) still running %d ms after the input ended; cancelling them", s->nactive, ms);
    pthread_mutex_unlock(&s->lock);
}

void mcp_session_free(struct mcp_session *s)
{
    if (!s)
        return;
    if (s->stateless) {
        view_free(s);
        return;
    }
    pthread_mutex_lock(&s->lock);
    atomic_store(&s->closing, true);
    pthread_cond_broadcast(&s->cond);
    while (s->nactive > 0)
        pthread_cond_wait(&s->cond, &s->lock);
    pthread_mutex_unlock(&s->lock);
    reap(s);
    mcp__watch_remove(s); /* no notification may reach it from here on */
    if (s->free_fn)
        s->free_fn(s->data);
    json_decref(s->client_caps);
    json_decref(s->subscriptions);
    pthread_cond_destroy(&s->cond);
    pthread_mutex_destroy(&s->lock);
    pthread_mutex_destroy(&s->out_lock);
    free(s);
}

void mcp__session_release(struct mcp_session *s, struct mcp_call *call)
{
    pthread_mutex_lock(&s->lock);
    struct mcp_call **pp = &s->active;
    while (*pp && *pp != call)
        pp = &(*pp)->next;
    if (*pp) {
        *pp = call->next;
        s->nactive--;
    }
    call->next = NULL;
    pthread_cond_broadcast(&s->cond);
    pthread_mutex_unlock(&s->lock);
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

bool mcp_session_is_stateless(const struct mcp_session *s) { return s->stateless; }

void mcp_session_tools_changed(struct mcp_session *s)
{
    if (s->stateless)
        return;
    pthread_mutex_lock(&s->lock);
    bool ready = s->state != MCP__NEW;
    pthread_mutex_unlock(&s->lock);
    if (ready)
        mcp__send_notification(s, NULL, "notifications/tools/list_changed", NULL);
}

void mcp_session_resource_updated(struct mcp_session *s, const char *uri)
{
    if (s->stateless)
        return;
    pthread_mutex_lock(&s->lock);
    bool subscribed = json_object_get(s->subscriptions, uri) != NULL;
    pthread_mutex_unlock(&s->lock);
    if (subscribed)
        mcp__send_notification(s, NULL, "notifications/resources/updated", json_pack("{s:s}", "uri", uri));
}

/* ------------------------------------------------------------------ */
/* Running requests                                                    */

/* Runs the method and answers, unless the client cancelled the request
 * (the spec says the server SHOULD NOT answer then) or the call answered
 * early (it became a task). A call cut short by the session closing still
 * answers: a client that pipes requests and closes stdin expects its
 * replies. */
static void run_call(struct mcp_call *call)
{
    struct mcp__err err = {0};
    json_t *result = call->m->fn(call, call->params, &err);
    if (result && call->modern && call->missing) {
        /* the handler needed a capability the request did not declare */
        json_decref(result);
        result = NULL;
        json_decref(err.data);
        mcp__err_set(&err, MCP__MISSING_CAPABILITY, "Missing required client capability");
        err.data = json_pack("{s:O}", "requiredCapabilities", call->missing);
    }
    if (call->answered || atomic_load(&call->cancelled)) {
        json_decref(result);
        json_decref(err.data);
    } else if (result) {
        json_decref(err.data);
        if (call->modern)
            mcp__decorate(call, result);
        mcp__send_result(call->s, call->id, result);
    } else {
        if (!err.code)
            mcp__err_set(&err, MCP__INTERNAL_ERROR, "Internal error");
        mcp__send_error(call->s, call->id, err.code, err.msg, err.data);
    }
}

static void worker(void *arg)
{
    struct mcp_call *call = arg;
    run_call(call);
    if (call->task) {
        /* a task: its session let it go at detach; the task store has
         * its result */
        struct mcp_server *srv = call->view->srv;
        free_call(call);
        mcp__task_thread_done(srv);
        return;
    }
    struct mcp_session *s = call->s;
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
}

/* The method for a request, or NULL after answering it with the error. */
static const struct mcp__method *resolve(struct mcp_session *s, const char *method, json_t *id, json_t *params,
                                         bool modern)
{
    struct mcp__err err = {0};
    if (modern) {
        const char *version = mcp__meta_version(params);
        if (mcp__meta_check(params, &err) != 0)
            goto fail;
        if (!mcp__modern_supported(version)) {
            mcp__err_unsupported(&err, version);
            goto fail;
        }
    }
    const struct mcp__method *m = mcp__find_method_era(method, modern);
    if (!m) {
        mcp__err_set(&err, MCP__METHOD_NOT_FOUND, "Method not found: %.200s", method);
        goto fail;
    }
    if (!modern && !(m->flags & MCP__PRE_INIT)) {
        pthread_mutex_lock(&s->lock);
        enum mcp__state state = s->state;
        pthread_mutex_unlock(&s->lock);
        if (state == MCP__NEW) {
            mcp__err_set(&err, MCP__INVALID_REQUEST,
                         "Invalid request: the session is not initialized (send initialize first, or "
                         "claim protocol version " MCP_MODERN_PROTOCOL " in _meta)");
            goto fail;
        }
    }
    return m;
fail:
    mcp__send_error(s, id, err.code, err.msg, err.data);
    return NULL;
}

/* A new call for a request (the copies workers need). */
static struct mcp_call *call_new(struct mcp_session *s, const struct mcp__method *m, json_t *id, json_t *params,
                                 bool modern)
{
    struct mcp_call *call = xcalloc(1, sizeof *call);
    call->s = s;
    call->m = m;
    call->modern = modern;
    call->log_level = -1;
    /* Workers get their own copies: the reader frees the message as soon as
     * this returns, and jansson's refcount check is not race-free. */
    call->threaded = m->flags & MCP__ASYNC;
    call->id = call->threaded ? json_deep_copy(id) : json_incref(id);
    call->params = !params ? json_object() : call->threaded ? json_deep_copy(params) : json_incref(params);
    atomic_init(&call->cancelled, false);
    call->who = s->who;
    json_t *meta = json_object_get(call->params, "_meta");
    json_t *token = json_object_get(meta, "progressToken");
    if (json_is_string(token) || json_is_integer(token))
        call->progress_token = json_incref(token);
    if (modern) {
        call->caps = json_object_get(meta, MCP__META_CAPS);
        call->view = view_new(s->srv, call->caps);
        call->log_level = mcp__log_level(json_string_value(json_object_get(meta, MCP__META_LOG_LEVEL)));
    }
    return call;
}

static void handle_request(struct mcp_session *s, const char *method, json_t *id, json_t *params)
{
    bool modern = mcp__has_claim(params);
    const struct mcp__method *m = resolve(s, method, id, params, modern);
    if (!m)
        return;
    struct mcp_call *call = call_new(s, m, id, params, modern);
    if (!call->threaded) {
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
    if (mcp__workers_run(worker, call) != 0) {
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

void mcp__session_dispatch(struct mcp_session *s, json_t *v)
{
    reap(s);
    if (json_is_array(v)) {
        /* Batches were removed in 2025-06-18; we reject them for every
         * revision (2025-03-26 included) rather than answer out of order. */
        mcp__send_error(s, NULL, MCP__INVALID_REQUEST, "Invalid request: JSON-RPC batches are not supported", NULL);
    } else if (!json_is_object(v)) {
        mcp__send_error(s, NULL, MCP__INVALID_REQUEST, "Invalid request: a message must be a JSON object", NULL);
    } else {
        handle_message(s, v);
    }
}

void mcp_session_receive(struct mcp_session *s, const char *msg, size_t len)
{
    if (len > MCP_MAX_MESSAGE) {
        reap(s);
        mcp__reject_oversize(s);
        return;
    }
    json_error_t jerr;
    json_t *v = json_loadb(msg, len, JSON_DECODE_ANY, &jerr);
    if (!v) {
        reap(s);
        mcp__reject_unparsed(s, msg, len, &jerr);
        return;
    }
    mcp__session_dispatch(s, v);
    json_decref(v);
}
