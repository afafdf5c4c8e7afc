/* http_modern.c - 2026-07-28 requests on the Streamable HTTP endpoint: no
 * sessions, one POST per request. The headers are checked against the
 * body in the order the revision gives (_meta, MCP-Protocol-Version,
 * Mcp-Method, Mcp-Name, the version, the method, Mcp-Param-*), then the
 * request runs on a channel session of its own. Its answer is
 * application/json when the response is the first thing it sends (so an
 * error gets its HTTP status: 404 for an unknown method, 400 for the
 * header, version and capability errors), or a text/event-stream once a
 * notification comes first (progress, logs, a subscriptions/listen
 * stream). Closing that stream cancels the request. Nothing here blocks a
 * libmicrohttpd thread: a request whose first message has not come yet
 * parks its connection (http_park.c), and so does its SSE stream between
 * messages. */
#include "http_int.h"

#include "base/base.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define SSE_BLOCK 16384

struct mcp__modern {
    pthread_mutex_t mu;
    struct mcp__mstream *streams;
    bool stopping;
};

/* One 2026 request's answer. */
struct mcp__mstream {
    struct mcp__mstream *next;
    struct mcp__modern *mod;
    struct mcp__park *park;
    struct mcp_session *s; /* the request's own channel */
    json_t *id;            /* the request's id (new reference) */
    pthread_mutex_t mu;
    struct mcp__parked parked; /* under mu: the connection waiting for it */
    int keepalive_ms;
    bool json_only;
    bool listen;
    struct buf out; /* SSE bytes not yet handed over */
    size_t off;
    char *json;     /* the response, when it came first */
    int code;       /* its JSON-RPC error code, 0 for a result */
    bool sse, done, closed;
};

struct mcp__modern *mcp__modern_new(void)
{
    struct mcp__modern *m = xcalloc(1, sizeof *m);
    pthread_mutex_init(&m->mu, NULL);
    return m;
}

void mcp__modern_free(struct mcp__modern *m)
{
    if (!m)
        return;
    pthread_mutex_destroy(&m->mu);
    free(m);
}

static void close_stream(struct mcp__mstream *ms)
{
    pthread_mutex_lock(&ms->mu);
    ms->closed = true;
    mcp__park_wake(ms->park, &ms->parked);
    pthread_mutex_unlock(&ms->mu);
    if (ms->s)
        mcp__session_close(ms->s);
}

void mcp__modern_stop(struct mcp__modern *m)
{
    pthread_mutex_lock(&m->mu);
    m->stopping = true;
    for (struct mcp__mstream *ms = m->streams; ms; ms = ms->next)
        close_stream(ms);
    pthread_mutex_unlock(&m->mu);
}

bool mcp__http_is_modern(json_t *msg, const char *version_header, bool has_session)
{
    if (mcp__has_claim(json_object_get(msg, "params")))
        return true;
    if (!version_header)
        return false;
    /* a version neither era knows belongs to a session when it names one
     * (which refuses it), else it is a 2026 request missing its _meta */
    return mcp__modern_supported(version_header) || (!mcp__http_protocol_supported(version_header) && !has_session);
}

/* The channel's send: the first message decides JSON or SSE. */
static void mstream_send(void *ud, const struct mcp_msg *m)
{
    struct mcp__mstream *ms = ud;
    bool response = m->kind == MCP_MSG_RESPONSE;
    pthread_mutex_lock(&ms->mu);
    if (ms->closed || ms->done) {
        /* nobody is listening any more */
    } else if (!ms->sse && response) {
        ms->json = xstrndup(m->text, m->len);
        ms->code = m->code;
        ms->done = true;
    } else if (!ms->json_only || ms->listen || response) {
        ms->sse = true;
        buf_appends(&ms->out, "event: message\ndata: ");
        buf_append(&ms->out, m->text, m->len);
        buf_appends(&ms->out, "\n\n");
        ms->done = response;
    }
    mcp__park_wake(ms->park, &ms->parked);
    pthread_mutex_unlock(&ms->mu);
}

static struct mcp__mstream *mstream_new(struct mcp_http *h, bool listen, json_t *id)
{
    struct mcp__modern *mod = mcp__http_modern(h);
    struct mcp__mstream *ms = xcalloc(1, sizeof *ms);
    ms->mod = mod;
    ms->park = mcp__http_park(h);
    ms->id = json_incref(id);
    ms->keepalive_ms = mcp__http_keepalive_ms(h);
    ms->json_only = mcp__http_json_only(h);
    ms->listen = listen;
    pthread_mutex_init(&ms->mu, NULL);
    ms->s = mcp__session_new_channel(mcp__http_srv(h), mstream_send, ms);
    pthread_mutex_lock(&mod->mu);
    ms->closed = mod->stopping;
    ms->next = mod->streams;
    mod->streams = ms;
    pthread_mutex_unlock(&mod->mu);
    return ms;
}

/* Ends a stream: cancels and waits for its call, then frees it. */
static void mstream_end_now(void *arg)
{
    struct mcp__mstream *ms = arg;
    struct mcp__modern *mod = ms->mod;
    pthread_mutex_lock(&mod->mu);
    struct mcp__mstream **pp = &mod->streams;
    while (*pp && *pp != ms)
        pp = &(*pp)->next;
    if (*pp)
        *pp = ms->next;
    pthread_mutex_unlock(&mod->mu);
    close_stream(ms);
    mcp_session_free(ms->s);
    buf_free(&ms->out);
    free(ms->json);
    json_decref(ms->id);
    pthread_mutex_destroy(&ms->mu);
    free(ms);
}

/* mstream_end_now off libmicrohttpd's threads: waiting for a cancelled
 * call there would stall every connection of that thread. */
static void mstream_end(struct mcp__mstream *ms)
{
    close_stream(ms); /* cancels its call now */
    mcp__park_defer(ms->park, mstream_end_now, ms);
}

ssize_t mcp__sse_read(struct mcp__park *p, struct mcp__parked *w, pthread_mutex_t *mu, struct buf *out, size_t *off,
                      const bool *done, const bool *closed, int keepalive_ms, char *dst, size_t max)
{
    static const char keepalive[] = ": keepalive\n\n";
    ssize_t n;
    pthread_mutex_lock(mu);
    int64_t now = base_now_ms(), quiet = now - w->sent_at;
    if (out->len > *off) {
        size_t k = out->len - *off;
        if (k > max)
            k = max;
        memcpy(dst, out->data + *off, k);
        *off += k;
        if (*off == out->len) {
            buf_reset(out);
            *off = 0;
        }
        n = (ssize_t)k;
        w->sent_at = now;
    } else if (*done || *closed) {
        n = MHD_CONTENT_READER_END_OF_STREAM;
    } else if (quiet >= keepalive_ms && max >= sizeof keepalive - 1) {
        memcpy(dst, keepalive, sizeof keepalive - 1);
        n = (ssize_t)(sizeof keepalive - 1);
        w->sent_at = now;
    } else if (mcp__park_suspend(p, w, w->c, (int)(keepalive_ms - quiet))) {
        n = 0; /* called again once woken */
    } else {
        n = MHD_CONTENT_READER_END_OF_STREAM; /* the server is stopping */
    }
    pthread_mutex_unlock(mu);
    return n;
}

static ssize_t mstream_read(void *cls, uint64_t pos, char *out, size_t max)
{
    struct mcp__mstream *ms = cls;
    (void)pos;
    return mcp__sse_read(ms->park, &ms->parked, &ms->mu, &ms->out, &ms->off, &ms->done, &ms->closed, ms->keepalive_ms,
                         out, max);
}

/* The response went away (finished, or the client left: a cancellation). */
static void mstream_free_cb(void *cls) { mstream_end(cls); }

static unsigned status_for(int code)
{
    switch (code) {
    case 0:
        return MHD_HTTP_OK;
    case MCP__METHOD_NOT_FOUND:
        return MHD_HTTP_NOT_FOUND;
    case MCP__HEADER_MISMATCH:
    case MCP__MISSING_CAPABILITY:
    case MCP__UNSUPPORTED_VERSION:
    case MCP__INVALID_REQUEST:
    case MCP__PARSE_ERROR:
        return MHD_HTTP_BAD_REQUEST;
    default:
        return MHD_HTTP_OK; /* a handler's error is the answer, not an HTTP failure */
    }
}

static enum MHD_Result reply_err(struct mcp_http *h, struct MHD_Connection *c, unsigned status, json_t *id,
                                 struct mcp__err *err)
{
    json_t *e = json_pack("{s:i, s:s}", "code", err->code, "message", err->msg);
    if (err->data)
        json_object_set_new(e, "data", err->data);
    err->data = NULL;
    json_t *msg = json_pack("{s:s, s:O, s:o}", "jsonrpc", "2.0", "id", id ? id : json_null(), "error", e);
    char *text = json_dumps(msg, JSON_COMPACT);
    json_decref(msg);
    return mcp__http_reply(h, c, status, "application/json", text);
}

static const char *lookup(void *ud, const char *name) { return mcp__http_header(ud, name); }

/* The checks before a 2026 request runs; 0, or -1 with err and *status. */
static int ladder(struct mcp_http *h, struct MHD_Connection *c, json_t *msg, struct mcp__err *err, unsigned *status)
{
    const char *method = json_string_value(json_object_get(msg, "method"));
    json_t *params = json_object_get(msg, "params");
    *status = MHD_HTTP_BAD_REQUEST;
    if (params && !json_is_object(params)) {
        mcp__err_set(err, MCP__INVALID_PARAMS, "Invalid params: params must be an object");
        return -1;
    }
    if (mcp__meta_check(params, err) != 0 || mcp__http_check_standard(msg, lookup, c, err) != 0)
        return -1;
    if (!mcp__modern_supported(mcp__meta_version(params))) {
        mcp__err_unsupported(err, mcp__meta_version(params));
        return -1;
    }
    if (!mcp__find_method_era(method, true)) {
        *status = MHD_HTTP_NOT_FOUND;
        mcp__err_set(err, MCP__METHOD_NOT_FOUND, "Method not found: %.200s", method);
        return -1;
    }
    if (strcmp(method, "tools/call") == 0 && mcp__http_check_params(mcp__http_srv(h), params, lookup, c, err) != 0)
        return -1;
    return 0;
}

static enum MHD_Result answer_sse(struct mcp_http *h, struct MHD_Connection *c, struct mcp__mstream *ms)
{
    struct MHD_Response *resp =
        MHD_create_response_from_callback(MHD_SIZE_UNKNOWN, SSE_BLOCK, mstream_read, ms, mstream_free_cb);
    if (!resp) {
        mstream_end(ms);
        return MHD_NO;
    }
    pthread_mutex_lock(&ms->mu);
    ms->parked.c = c;
    ms->parked.sent_at = base_now_ms();
    pthread_mutex_unlock(&ms->mu);
    return mcp__http_queue_sse(h, c, resp); /* the response holds ms until it is done */
}

/* Answers ms once its first message decided JSON or SSE; else parks the
 * connection until it does. */
static enum MHD_Result answer(struct mcp_http *h, struct MHD_Connection *c, struct mcp__mstream **wait)
{
    struct mcp__mstream *ms = *wait;
    struct mcp__err err = {0};
    pthread_mutex_lock(&ms->mu);
    if (!ms->done && !ms->sse && !ms->closed && mcp__park_suspend(ms->park, &ms->parked, c, 0)) {
        pthread_mutex_unlock(&ms->mu);
        return MHD_YES; /* libmicrohttpd calls again once woken */
    }
    bool sse = ms->sse, done = ms->done;
    char *text = ms->json;
    int code = ms->code;
    ms->json = NULL;
    pthread_mutex_unlock(&ms->mu);
    *wait = NULL;
    if (sse)
        return answer_sse(h, c, ms);
    json_t *id = json_incref(ms->id);
    mstream_end(ms);
    enum MHD_Result ret;
    if (!done) {
        free(text);
        mcp__err_set(&err, MCP__INTERNAL_ERROR, "Service Unavailable: the server is stopping");
        ret = reply_err(h, c, MHD_HTTP_SERVICE_UNAVAILABLE, id, &err);
    } else {
        ret = mcp__http_reply(h, c, status_for(code), "application/json", text);
    }
    json_decref(id);
    return ret;
}

enum MHD_Result mcp__http_modern_resume(struct mcp_http *h, struct MHD_Connection *c, struct mcp__mstream **wait)
{
    return answer(h, c, wait);
}

void mcp__http_modern_abandon(struct mcp_http *h, struct mcp__mstream *wait)
{
    (void)h;
    if (wait)
        mstream_end(wait);
}

enum MHD_Result mcp__http_modern_post(struct mcp_http *h, struct MHD_Connection *c, json_t *msg,
                                      const struct mcp_principal *who, struct mcp__mstream **wait)
{
    struct mcp__err err = {0};
    unsigned status;
    json_t *id = json_object_get(msg, "id");
    json_t *method = json_object_get(msg, "method");
    if (!json_is_string(method) || (id && !json_is_string(id) && !json_is_integer(id))) {
        mcp__err_set(&err, MCP__INVALID_REQUEST,
                     "Invalid request: a " MCP_MODERN_PROTOCOL " POST carries one request or notification");
        return reply_err(h, c, MHD_HTTP_BAD_REQUEST, json_is_string(id) || json_is_integer(id) ? id : NULL, &err);
    }
    if (!id) /* no client notification means anything in this revision */
        return mcp__http_reply(h, c, MHD_HTTP_ACCEPTED, NULL, NULL);
    if (ladder(h, c, msg, &err, &status) != 0)
        return reply_err(h, c, status, id, &err);

    struct mcp__mstream *ms = mstream_new(h, strcmp(json_string_value(method), "subscriptions/listen") == 0, id);
    mcp__session_dispatch_as(ms->s, msg, who);
    *wait = ms;
    return answer(h, c, wait);
}
