/* http.c - the Streamable HTTP transport on libmicrohttpd: one endpoint;
 * 2025-11-25 sessions keyed by Mcp-Session-Id, with streams that route
 * each session message to the right HTTP response. A 2026-07-28 POST is
 * handed to http_modern.c (mcp__http_modern_post).
 *
 * Threading: libmicrohttpd runs an epoll loop on a few threads (HTTP_THREADS)
 * for every connection, so no handler may block there: calls run on the
 * session's worker threads, and an answer that is not ready (a JSON answer
 * to a running call, an SSE stream with nothing to send) suspends its
 * connection (http_park.c) until the session's send callback, the end of
 * the stream or the keepalive timer resumes it (a keepalive write is how a
 * vanished client is noticed). Ending a session, which waits for its
 * calls, runs on the park's thread. So a thousand open streams cost no
 * thread each, only their buffers.
 * Lock order: http->mu before hsess->mu before the park's lock; the
 * session's send callback takes hsess->mu only, and nothing calls into a
 * session with either held.
 *
 * Routing: a call's notifications and server-to-client requests follow the
 * request (the session says which: mcp_msg.request) onto its SSE stream; list_changed and
 * resource updates prefer the GET stream. A POST stream whose connection
 * broke before its response got through is kept with its events, so a GET
 * with Last-Event-ID resumes it (SEP-1699); GET streams are not replayed. */
#include "http_int.h"

#include "admit_int.h"
#include "auth_int.h"
#include "base/base.h"

#include <microhttpd.h>

#include <arpa/inet.h>
#include <errno.h>
#include <limits.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <time.h>

#define DEFAULT_MAX_SESSIONS 1024
#define DEFAULT_IDLE_MS (30 * 60 * 1000)
#define DEFAULT_KEEPALIVE_MS 15000
#define MAX_GET_STREAMS 4  /* per session; more get 409 */
#define MAX_BACKLOG 256    /* session messages kept while no GET stream is open */
#define MIN_CONNECTIONS 1024 /* at least; 2 per session (a GET stream, a POST) + slack */
#define HTTP_THREADS 4       /* libmicrohttpd's epoll threads (a JWKS fetch blocks one) */
/* Each connection has libmicrohttpd's default 32 KiB of buffer, zeroed after
 * every request: most of a session's memory, but a header block must fit in
 * it (a bearer token of up to MCP__AUTH_MAX_TOKEN is read and refused with
 * our own answer, not libmicrohttpd's 431), so it is not lowered. */
#define SSE_BLOCK 16384
#define SSE_RETRY_MS 1000        /* the reconnect delay we ask SSE clients for */
#define RETAIN_DONE_MS 60000     /* a broken stream's finished response waits this long */
#define RETAIN_MAX_MS (30 * 60 * 1000)
#define DEFAULT_CALLS_PER_PRINCIPAL 8
#define DEFAULT_HEADER_TIMEOUT_MS 30000
#define DEFAULT_CONNS_PER_IP 64 /* on addresses other than loopback */
#define WELL_KNOWN_PRM "/.well-known/oauth-protected-resource"

/* JSON-RPC codes used in transport-level error bodies (as the TypeScript
 * SDK does: -32000 for a bad request, -32001 for an unknown session). */
#define HTTP_BAD_REQUEST (-32000)
#define HTTP_NO_SESSION (-32001)

struct hsess;

/* Where messages of one session go: a POST's response (JSON or SSE) or a
 * GET stream. A JSON stream belongs to the access handler. An SSE stream
 * belongs to its HTTP response until both libmicrohttpd callbacks (the
 * response's free and the request's completion) released it; a POST
 * stream whose client went away before its response was delivered then
 * stays with the session, keeping its events for a GET with Last-Event-ID.
 * Event ids are "p<no>-<n>" (POST) and "g<no>-<n>" (GET). */
struct stream {
    struct stream *next;
    struct hsess *hs;
    bool is_get;
    bool sse;
    unsigned long no;   /* per session */
    unsigned long nev;  /* events so far (the priming event is 0) */
    char **log;         /* POST SSE: every event, for replay */
    json_t *req_id;     /* POST: the request's id (new reference) */
    struct buf out;     /* bytes not yet handed to libmicrohttpd */
    size_t off;
    int holds;          /* libmicrohttpd callbacks still to come */
    bool delivered;     /* the request completed without error */
    bool attached;      /* a response is reading it */
    int64_t detached_at;
    bool done;   /* POST: the response is in; nothing follows it */
    int code;    /* POST: the response's JSON-RPC error code, 0 for a result */
    bool closed; /* the session ended or the server stops */
    bool counted;        /* holds one of its principal's call slots */
    char counted_as[128];
    struct mcp__parked parked; /* the connection waiting for it, if any */
};

struct hsess {
    struct hsess *next;
    struct mcp_http *h;
    struct mcp_session *s;
    char id[MCP__HTTP_SID_LEN + 1];
    /* under h->mu */
    int refs; /* the table, plus each request or stream using it */
    int64_t last_used;
    /* mcp_session_receive is for one thread at a time */
    pthread_mutex_t recv_mu;
    /* under mu */
    pthread_mutex_t mu;
    pthread_cond_t cv; /* stream output, response done, closed */
    struct stream *streams;
    unsigned long next_stream;
    struct buf backlog; /* SSE events for the next GET stream */
    size_t nbacklog;
    bool closed;
    /* set at initialize */
    char owner[128];  /* the principal that may use it ("" = anyone) */
    char source[128]; /* whose share it counts in: owner, or the client address */
    bool used;        /* under h->mu: a request came after initialize */
};

struct mcp_http {
    struct mcp_server *srv;
    struct MHD_Daemon *d;
    char *bind_addr;
    char *path;
    char **origins; /* NULL = loopback origins only */
    bool check_host;
    bool json_only;
    size_t max_sessions;
    int idle_ms;
    int keepalive_ms;
    int port;
    pthread_mutex_t mu;
    pthread_cond_t cv; /* wakes the reaper */
    struct hsess *sessions;
    size_t nsessions;
    bool stopping;
    pthread_t reaper;
    bool reaper_started;
    /* authentication and limits (auth.c, http_admit.c, http_guard.c) */
    bool auth_required;     /* set before listening, never changes */
    struct mcp__auth *auth; /* under mu until mcp_http_start returns */
    struct mcp__calls *calls;
    struct mcp__guard *guard;
    size_t per_source;
    size_t reserved; /* under mu: sessions being initialized */
    char *metadata_path;
    char *not_found; /* "Not Found: the MCP endpoint is /mcp" */
    struct mcp__modern *modern; /* 2026-07-28 requests (http_modern.c) */
    struct mcp__park *park;     /* suspended connections, deferred work */
};

/* One HTTP request (libmicrohttpd's con_cls). */
struct req {
    struct buf body;
    bool too_big;
    unsigned status; /* a check failed before the body: answer this */
    int code;
    const char *msg;
    struct stream *st; /* the SSE stream answering it, if any */
    struct mcp_principal who; /* authenticated sender ("" = local) */
    char source[128];         /* who.name, or the client address */
    char *www_auth;           /* WWW-Authenticate of an auth failure (new) */
    char msgbuf[400];
    bool metadata; /* a GET of the Protected Resource Metadata */
    struct mcp__auth *auth; /* what checked it (NULL without authentication) */
    struct stream *wait;       /* a JSON answer it is parked for */
    struct mcp__mstream *mwait;  /* a 2026 answer it is parked for */
};

static void cond_init_monotonic(pthread_cond_t *cv) { mcp__cond_init_monotonic(cv); }

static struct timespec deadline_in(int ms) { return mcp__deadline_in(ms); }

/* Gives back the call slot a POST stream holds, once: when its response
 * is in, when the client cancels it, or when the stream goes away. */
static void stream_uncount(struct stream *st)
{
    if (st->counted) {
        st->counted = false;
        mcp__calls_release(st->hs->h->calls, st->counted_as);
    }
}

/* ------------------------------------------------------------------ */
/* Routing session messages to streams                                 */

/* Notifications about the session as a whole rather than one request:
 * they belong on the GET stream. */
static bool session_wide(const char *method)
{
    return strcmp(method, "notifications/tools/list_changed") == 0 ||
           strcmp(method, "notifications/resources/list_changed") == 0 ||
           strcmp(method, "notifications/prompts/list_changed") == 0 ||
           strcmp(method, "notifications/resources/updated") == 0;
}

/* Borrowed: the open POST stream for request id, or NULL. hs->mu held. */
static struct stream *find_post(struct hsess *hs, json_t *id)
{
    for (struct stream *st = hs->streams; st; st = st->next)
        if (!st->is_get && !st->done && json_equal(st->req_id, id))
            return st;
    return NULL;
}

/* Borrowed: the newest POST stream still answering over SSE, or NULL.
 * hs->mu held. */
static struct stream *find_open_sse_post(struct hsess *hs)
{
    for (struct stream *st = hs->streams; st; st = st->next)
        if (!st->is_get && st->sse && !st->done && st->attached && !st->closed)
            return st; /* new streams go to the front */
    return NULL;
}

/* Borrowed: the newest GET stream, or NULL. hs->mu held. */
static struct stream *find_get(struct hsess *hs)
{
    for (struct stream *st = hs->streams; st; st = st->next)
        if (st->is_get && !st->closed)
            return st; /* new streams go to the front */
    return NULL;
}

static void sse_event(struct buf *b, const char *msg, size_t len)
{
    buf_appends(b, "event: message\ndata: ");
    buf_append(b, msg, len);
    buf_appends(b, "\n\n");
}

/* Adds one event (with its id) to an SSE stream. hs->mu held. */
static void stream_event(struct stream *st, const char *msg, size_t len)
{
    struct buf ev = {0};
    buf_printf(&ev, "id: %c%lu-%lu\n", st->is_get ? 'g' : 'p', st->no, st->nev);
    sse_event(&ev, msg, len);
    if (st->attached)
        buf_append(&st->out, ev.data, ev.len);
    if (!st->is_get) {
        st->log = xrealloc(st->log, (st->nev + 1) * sizeof *st->log);
        st->log[st->nev] = buf_steal(&ev);
    }
    st->nev++;
    buf_free(&ev);
}

/* The session's send function: a response goes to its request's stream; a
 * request's notifications and server-to-client requests go to that
 * request's SSE stream; the rest (and everything a JSON-mode request
 * causes) goes to the newest GET stream, or waits for one. Never sent
 * twice: the spec forbids broadcasting a message on several streams. */
static void http_send(void *ud, const struct mcp_msg *m)
{
    struct hsess *hs = ud;
    const char *msg = m->text, *method = m->method;
    size_t len = m->len;
    struct stream *st = NULL;

    pthread_mutex_lock(&hs->mu);
    if (hs->closed) {
        /* nobody is listening any more */
    } else if (m->kind == MCP_MSG_RESPONSE) {
        st = m->id ? find_post(hs, m->id) : NULL;
        if (st) {
            if (st->sse)
                stream_event(st, msg, len);
            else
                buf_append(&st->out, msg, len);
            st->done = true;
            stream_uncount(st);
            st->code = m->code;
        } else {
            log_debug("mcp: http: dropping a response whose client went away");
        }
    } else {
        /* a session-wide message without a GET stream rides any open
         * SSE answer of the session (clients that never open GET still
         * hear it) */
        bool wide = method && session_wide(method);
        struct stream *post = m->request ? find_post(hs, m->request) : NULL;
        if (post && !post->sse)
            post = NULL;
        st = wide ? find_get(hs) : post;
        if (!st)
            st = wide ? find_open_sse_post(hs) : find_get(hs);
        if (st) {
            stream_event(st, msg, len);
        } else if (hs->nbacklog < MAX_BACKLOG) {
            sse_event(&hs->backlog, msg, len);
            hs->nbacklog++;
        } else {
            log_warn("mcp: http: no stream to carry %s; dropped", method ? method : "a message");
        }
    }
    if (st)
        mcp__park_wake(hs->h->park, &st->parked);
    pthread_cond_broadcast(&hs->cv); /* handle_initialize's wait */
    pthread_mutex_unlock(&hs->mu);
}

/* ------------------------------------------------------------------ */
/* Sessions                                                            */

/* New session with one reference for the caller; not in the table yet. */
static struct hsess *hsess_new(struct mcp_http *h, const char *id)
{
    struct hsess *hs = xcalloc(1, sizeof *hs);
    hs->h = h;
    memcpy(hs->id, id, sizeof hs->id);
    hs->refs = 1;
    hs->last_used = base_now_ms();
    pthread_mutex_init(&hs->recv_mu, NULL);
    pthread_mutex_init(&hs->mu, NULL);
    cond_init_monotonic(&hs->cv);
    hs->s = mcp_session_new(h->srv, http_send, hs);
    return hs;
}

static void stream_free(struct stream *st);

static void hsess_free(struct hsess *hs)
{
    /* waits for the session's workers; their last messages find hs closed */
    mcp_session_free(hs->s);
    while (hs->streams) { /* only streams kept for resumption are left */
        struct stream *next = hs->streams->next;
        stream_free(hs->streams);
        hs->streams = next;
    }
    buf_free(&hs->backlog);
    pthread_cond_destroy(&hs->cv);
    pthread_mutex_destroy(&hs->mu);
    pthread_mutex_destroy(&hs->recv_mu);
    free(hs);
}

static void hsess_ref(struct hsess *hs)
{
    pthread_mutex_lock(&hs->h->mu);
    hs->refs++;
    pthread_mutex_unlock(&hs->h->mu);
}

static void hsess_free_cb(void *hs) { hsess_free(hs); }

static void hsess_unref(struct hsess *hs)
{
    struct mcp_http *h = hs->h;
    pthread_mutex_lock(&h->mu);
    int left = --hs->refs;
    hs->last_used = base_now_ms();
    pthread_mutex_unlock(&h->mu);
    /* freeing waits for the session's calls: not on libmicrohttpd's
     * threads */
    if (left == 0)
        mcp__park_defer(h->park, hsess_free_cb, hs);
}

/* Ends every stream of the session: readers finish, waiters give up. */
static void hsess_close(struct hsess *hs)
{
    pthread_mutex_lock(&hs->mu);
    hs->closed = true;
    for (struct stream *st = hs->streams; st; st = st->next) {
        st->closed = true;
        mcp__park_wake(hs->h->park, &st->parked);
    }
    pthread_cond_broadcast(&hs->cv);
    pthread_mutex_unlock(&hs->mu);
}

/* Takes hs out of the table. h->mu held. */
static void hsess_unlink(struct mcp_http *h, struct hsess *hs)
{
    struct hsess **pp = &h->sessions;
    while (*pp && *pp != hs)
        pp = &(*pp)->next;
    if (*pp) {
        *pp = hs->next;
        hs->next = NULL;
        h->nsessions--;
    }
}

/* Ends a session taken out of the table: drops the table's reference. */
static void hsess_end(struct hsess *hs)
{
    hsess_close(hs);
    hsess_unref(hs);
}

/* Constant-time comparison: session ids are bearer tokens of a sort. */
static bool sid_equal(const char *a, const char *b)
{
    unsigned char diff = 0;
    if (strlen(b) != MCP__HTTP_SID_LEN)
        return false;
    for (size_t i = 0; i < MCP__HTTP_SID_LEN; i++)
        diff |= (unsigned char)(a[i] ^ b[i]);
    return diff == 0;
}

/* The session called id with a new reference for the caller, or NULL. */
static struct hsess *hsess_find(struct mcp_http *h, const char *id)
{
    struct hsess *found = NULL;
    pthread_mutex_lock(&h->mu);
    for (struct hsess *hs = h->sessions; hs; hs = hs->next) {
        if (sid_equal(hs->id, id)) {
            found = hs;
            hs->refs++;
            hs->last_used = base_now_ms();
            break;
        }
    }
    pthread_mutex_unlock(&h->mu);
    return found;
}

/* Ends sessions nobody has used for idle_ms. */
static void *reaper(void *arg)
{
    struct mcp_http *h = arg;
    int period = h->idle_ms / 4;
    if (period < 20)
        period = 20;
    if (period > 30000)
        period = 30000;
    pthread_mutex_lock(&h->mu);
    while (!h->stopping) {
        struct timespec t = deadline_in(period);
        pthread_cond_timedwait(&h->cv, &h->mu, &t);
        if (h->stopping)
            break;
        int64_t now = base_now_ms();
        struct hsess *expired = NULL;
        struct hsess **pp = &h->sessions;
        while (*pp) {
            struct hsess *hs = *pp;
            if (hs->refs == 1 && now - hs->last_used >= h->idle_ms) {
                *pp = hs->next;
                h->nsessions--;
                hs->next = expired;
                expired = hs;
            } else {
                pp = &hs->next;
            }
        }
        struct stream *stale = NULL;
        for (struct hsess *hs = h->sessions; hs; hs = hs->next) {
            pthread_mutex_lock(&hs->mu);
            struct stream **sp = &hs->streams;
            while (*sp) {
                struct stream *st = *sp;
                int64_t age = now - st->detached_at;
                if (!st->attached && st->holds == 0 && ((st->done && age >= RETAIN_DONE_MS) || age >= RETAIN_MAX_MS)) {
                    *sp = st->next;
                    st->next = stale;
                    stale = st;
                } else {
                    sp = &st->next;
                }
            }
            pthread_mutex_unlock(&hs->mu);
        }
        pthread_mutex_unlock(&h->mu);
        while (stale) {
            struct stream *next = stale->next;
            stream_free(stale);
            stale = next;
        }
        while (expired) {
            struct hsess *next = expired->next;
            log_debug("mcp: http: session idle for %d ms; ended", h->idle_ms);
            hsess_end(expired);
            expired = next;
        }
        pthread_mutex_lock(&h->mu);
    }
    pthread_mutex_unlock(&h->mu);
    return NULL;
}

/* ------------------------------------------------------------------ */
/* Streams                                                             */

/* A new stream registered with hs (takes its own session reference).
 * An SSE stream starts with a priming event: an id to resume from and our
 * reconnect delay. For a GET stream, the backlog moves into it. */
static struct stream *stream_open(struct hsess *hs, bool is_get, bool sse, json_t *req_id)
{
    struct stream *st = xcalloc(1, sizeof *st);
    hsess_ref(hs);
    st->hs = hs;
    st->is_get = is_get;
    st->sse = sse;
    st->attached = true;
    st->req_id = json_incref(req_id);
    pthread_mutex_lock(&hs->mu);
    st->no = ++hs->next_stream;
    st->closed = hs->closed;
    if (sse) {
        struct buf ev = {0};
        buf_printf(&ev, "id: %c%lu-0\nretry: %d\ndata: \n\n", is_get ? 'g' : 'p', st->no, SSE_RETRY_MS);
        buf_append(&st->out, ev.data, ev.len);
        if (!is_get) {
            st->log = xmalloc(sizeof *st->log);
            st->log[0] = buf_steal(&ev);
        }
        buf_free(&ev);
        st->nev = 1;
    }
    if (is_get && hs->backlog.len) {
        buf_append(&st->out, hs->backlog.data, hs->backlog.len);
        buf_free(&hs->backlog);
        hs->nbacklog = 0;
    }
    st->next = hs->streams;
    hs->streams = st;
    pthread_mutex_unlock(&hs->mu);
    return st;
}

/* Frees a stream already taken out of its session's list. */
static void stream_free(struct stream *st)
{
    stream_uncount(st);
    for (unsigned long i = 0; st->log && i < st->nev; i++)
        free(st->log[i]);
    free(st->log);
    buf_free(&st->out);
    json_decref(st->req_id);
    free(st);
}

static void stream_unlink(struct hsess *hs, struct stream *st)
{
    struct stream **pp = &hs->streams;
    while (*pp && *pp != st)
        pp = &(*pp)->next;
    if (*pp)
        *pp = st->next;
}

/* Closes a JSON stream (the access handler is done with it). */
static void stream_close(struct stream *st)
{
    struct hsess *hs = st->hs;
    pthread_mutex_lock(&hs->mu);
    stream_unlink(hs, st);
    pthread_mutex_unlock(&hs->mu);
    stream_free(st);
    hsess_unref(hs);
}

/* One of libmicrohttpd's two callbacks for an SSE response is done with
 * st (completed: the request's outcome is known). After both, a POST
 * stream whose response did not get through is kept for resumption; any
 * other is freed. */
static void stream_release(struct stream *st, bool completed, bool ok)
{
    struct hsess *hs = st->hs;
    bool keep = false;
    pthread_mutex_lock(&hs->mu);
    if (completed)
        st->delivered = ok;
    if (--st->holds > 0) {
        pthread_mutex_unlock(&hs->mu);
        return;
    }
    keep = !st->is_get && !st->delivered && !st->closed && !hs->closed;
    if (keep) {
        st->attached = false;
        st->detached_at = base_now_ms();
        buf_free(&st->out);
        st->off = 0;
    } else {
        stream_unlink(hs, st);
    }
    pthread_mutex_unlock(&hs->mu);
    if (!keep)
        stream_free(st);
    hsess_unref(hs); /* the reference of the response that read it */
}

/* libmicrohttpd's content reader for an SSE response: what there is to
 * send, a keepalive comment when nothing came for a while (that write is
 * what notices a client that went away), or nothing yet (the connection
 * is parked until there is). */
static ssize_t sse_read(void *cls, uint64_t pos, char *out, size_t max)
{
    struct stream *st = cls;
    struct hsess *hs = st->hs;
    (void)pos;
    return mcp__sse_read(hs->h->park, &st->parked, &hs->mu, &st->out, &st->off, &st->done, &st->closed,
                         hs->h->keepalive_ms, out, max);
}

static void sse_free(void *cls) { stream_release(cls, false, false); }

/* ------------------------------------------------------------------ */
/* Replies                                                             */

static const char *header(struct MHD_Connection *c, const char *name)
{
    return MHD_lookup_connection_value(c, MHD_HEADER_KIND, name);
}

/* CORS for browser clients from an allowed origin: they may read the
 * answer and the Mcp-Session-Id header. */
static void add_cors(const struct mcp_http *h, struct MHD_Connection *c, struct MHD_Response *resp)
{
    const char *origin = header(c, "Origin");
    if (!origin || !mcp__http_origin_allowed(origin, (const char *const *)h->origins))
        return;
    /* An origin admitted only by "*" gets the literal "*", which browsers
     * never combine with credentials, and sees Mcp-Session-Id only where
     * sessions belong to an authenticated principal. */
    bool listed = mcp__http_origin_listed(origin, (const char *const *)h->origins);
    const char *expose = listed || h->auth_required ? "Mcp-Session-Id, WWW-Authenticate" : "WWW-Authenticate";
    if (MHD_add_response_header(resp, "Access-Control-Allow-Origin", listed ? origin : "*") != MHD_YES ||
        MHD_add_response_header(resp, "Vary", "Origin") != MHD_YES ||
        MHD_add_response_header(resp, "Access-Control-Expose-Headers", expose) != MHD_YES)
        log_debug("mcp: http: could not add a header");
}

/* Passed as reply's sid: the reply is a CORS preflight answer. */
static const char preflight[] = "";

/* Queues a reply; body is a new string (stolen) or NULL for none. */
static enum MHD_Result reply(const struct mcp_http *h, struct MHD_Connection *c, unsigned status,
                             const char *ctype, char *body, const char *sid)
{
    struct MHD_Response *resp =
        body ? MHD_create_response_from_buffer(strlen(body), body, MHD_RESPMEM_MUST_FREE)
             : MHD_create_response_from_buffer(0, NULL, MHD_RESPMEM_PERSISTENT);
    if (!resp) {
        free(body);
        return MHD_NO;
    }
    if (ctype && MHD_add_response_header(resp, "Content-Type", ctype) != MHD_YES)
        log_debug("mcp: http: could not add a header");
    if (sid && sid != preflight && MHD_add_response_header(resp, "Mcp-Session-Id", sid) != MHD_YES)
        log_debug("mcp: http: could not add a header");
    if (status == MHD_HTTP_METHOD_NOT_ALLOWED &&
        MHD_add_response_header(resp, "Allow", "GET, POST, DELETE, OPTIONS") != MHD_YES)
        log_debug("mcp: http: could not add a header");
    if (sid == preflight && /* the answer to a CORS preflight */
        (MHD_add_response_header(resp, "Access-Control-Allow-Methods", "GET, POST, DELETE") != MHD_YES ||
         MHD_add_response_header(resp, "Access-Control-Allow-Headers",
                                 "Content-Type, Accept, Authorization, Mcp-Session-Id, MCP-Protocol-Version, "
                                 "Mcp-Method, Mcp-Name, Last-Event-ID") != MHD_YES ||
         MHD_add_response_header(resp, "Access-Control-Max-Age", "600") != MHD_YES))
        log_debug("mcp: http: could not add a header");
    add_cors(h, c, resp);
    enum MHD_Result ret = MHD_queue_response(c, status, resp);
    MHD_destroy_response(resp);
    return ret;
}

/* A JSON-RPC error body with a null id (the transport cannot tell which
 * request it answers). */
static enum MHD_Result reply_error(const struct mcp_http *h, struct MHD_Connection *c, unsigned status, int code,
                                   const char *msg)
{
    json_t *e = json_pack("{s:s, s:n, s:{s:i, s:s}}", "jsonrpc", "2.0", "id", "error", "code", code, "message", msg);
    char *text = json_dumps(e, JSON_COMPACT);
    json_decref(e);
    return reply(h, c, status, "application/json", text, NULL);
}

/* reply_error with one more header (WWW-Authenticate, Retry-After). */
static enum MHD_Result reply_error_hdr(const struct mcp_http *h, struct MHD_Connection *c, unsigned status,
                                       int code, const char *msg, const char *name, const char *value)
{
    json_t *e = json_pack("{s:s, s:n, s:{s:i, s:s}}", "jsonrpc", "2.0", "id", "error", "code", code, "message", msg);
    char *text = json_dumps(e, JSON_COMPACT);
    json_decref(e);
    struct MHD_Response *resp = MHD_create_response_from_buffer(strlen(text), text, MHD_RESPMEM_MUST_FREE);
    if (!resp) {
        free(text);
        return MHD_NO;
    }
    if (MHD_add_response_header(resp, "Content-Type", "application/json") != MHD_YES ||
        (name && MHD_add_response_header(resp, name, value) != MHD_YES))
        log_debug("mcp: http: could not add a header");
    add_cors(h, c, resp);
    enum MHD_Result ret = MHD_queue_response(c, status, resp);
    MHD_destroy_response(resp);
    return ret;
}

/* Answers q with the SSE stream st (attached, with a session reference
 * that the stream's release drops). */
static enum MHD_Result reply_sse(const struct mcp_http *h, struct MHD_Connection *c, struct req *q,
                                 struct stream *st)
{
    struct MHD_Response *resp = MHD_create_response_from_callback(MHD_SIZE_UNKNOWN, SSE_BLOCK, sse_read, st, sse_free);
    pthread_mutex_lock(&st->hs->mu);
    st->holds = resp ? 2 : 1; /* on_done always comes; sse_free only with a response */
    st->parked.c = c;
    st->parked.sent_at = base_now_ms();
    pthread_mutex_unlock(&st->hs->mu);
    q->st = st;
    if (!resp)
        return MHD_NO;
    /* the response holds st from here: sse_free runs when it is destroyed */
    return mcp__http_queue_sse(h, c, resp);
}

/* Waits for a JSON-mode stream's response and returns it (new string) and
 * its error code (0 for a result), or NULL when the session ended first.
 * Closes st. Blocks: only for initialize, which the session answers
 * before mcp__session_dispatch_as returns. */
static char *wait_json(struct stream *st, int *code)
{
    struct hsess *hs = st->hs;
    char *text = NULL;
    pthread_mutex_lock(&hs->mu);
    while (!st->done && !st->closed)
        pthread_cond_wait(&hs->cv, &hs->mu);
    if (st->done)
        text = xstrndup(st->out.data ? st->out.data : "", st->out.len);
    *code = st->code;
    pthread_mutex_unlock(&hs->mu);
    stream_close(st);
    return text;
}

/* ------------------------------------------------------------------ */
/* Requests                                                            */

/* Checks that need only the request line and headers. */
static void precheck(struct mcp_http *h, struct MHD_Connection *c, const char *url, const char *method,
                     struct req *q)
{
    const char *origin = header(c, "Origin");
    const char *host = header(c, "Host");
    const char *length = header(c, MHD_HTTP_HEADER_CONTENT_LENGTH);
    if (h->metadata_path && strcmp(method, "GET") == 0 &&
        (strcmp(url, h->metadata_path) == 0 || strcmp(url, WELL_KNOWN_PRM) == 0)) {
        q->metadata = true; /* public: no Host or Origin check, no token */
    } else if (strcmp(url, h->path) != 0) {
        q->status = MHD_HTTP_NOT_FOUND;
        q->code = HTTP_BAD_REQUEST;
        q->msg = h->not_found;
    } else if (h->check_host && host && !mcp__http_host_is_loopback(host)) {
        /* DNS rebinding: a page on evil.example resolving to 127.0.0.1 */
        q->status = MHD_HTTP_FORBIDDEN;
        q->code = HTTP_BAD_REQUEST;
        q->msg = "Forbidden: the Host header does not name this server";
    } else if (origin && !mcp__http_origin_allowed(origin, (const char *const *)h->origins)) {
        q->status = MHD_HTTP_FORBIDDEN;
        q->code = HTTP_BAD_REQUEST;
        q->msg = "Forbidden: Origin not allowed";
    } else if (strcmp(method, "POST") != 0 && strcmp(method, "GET") != 0 && strcmp(method, "DELETE") != 0 &&
               strcmp(method, "OPTIONS") != 0) {
        q->status = MHD_HTTP_METHOD_NOT_ALLOWED;
        q->code = HTTP_BAD_REQUEST;
        q->msg = "Method Not Allowed";
    } else if (length && strtoull(length, NULL, 10) > MCP_MAX_MESSAGE) {
        q->status = MHD_HTTP_CONTENT_TOO_LARGE;
        q->code = MCP__INVALID_REQUEST;
        q->msg = "Payload Too Large: the message exceeds the limit";
    }
}

/* The client's address as text, for admission without authentication. */
static void client_address(struct MHD_Connection *c, char *out, size_t len)
{
    const union MHD_ConnectionInfo *info = MHD_get_connection_info(c, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
    const struct sockaddr *sa = info ? info->client_addr : NULL;
    snprintf(out, len, "?");
    if (sa && sa->sa_family == AF_INET)
        inet_ntop(AF_INET, &((const struct sockaddr_in *)sa)->sin_addr, out, (socklen_t)len);
    else if (sa && sa->sa_family == AF_INET6)
        inet_ntop(AF_INET6, &((const struct sockaddr_in6 *)sa)->sin6_addr, out, (socklen_t)len);
}

/* Checks the request's credentials (headers only, so a refused request
 * never has its body looked at); fills q->who or the refusal. */
static void authenticate(struct mcp_http *h, struct MHD_Connection *c, struct req *q)
{
    char why[300];
    client_address(c, q->source, sizeof q->source);
    if (!h->auth_required)
        return;
    pthread_mutex_lock(&h->mu);
    struct mcp__auth *a = h->auth;
    pthread_mutex_unlock(&h->mu);
    q->auth = a;
    enum mcp__auth_result r =
        a ? mcp__auth_check(a, header(c, MHD_HTTP_HEADER_AUTHORIZATION), &q->who, why, sizeof why)
          : MCP__AUTH_UNAVAILABLE;
    if (r == MCP__AUTH_OK && !(q->who.rights & MCP_RIGHT_READ)) {
        /* a valid token without any of our scopes */
        q->status = MHD_HTTP_FORBIDDEN;
        snprintf(why, sizeof why, "the token grants none of this server's scopes");
        q->www_auth = mcp__auth_challenge(a, MCP__AUTH_OK, why, MCP_RIGHT_READ);
    } else if (r == MCP__AUTH_OK) {
        snprintf(q->source, sizeof q->source, "%s", q->who.name);
        return;
    } else if (r == MCP__AUTH_UNAVAILABLE) {
        q->status = MHD_HTTP_SERVICE_UNAVAILABLE;
        if (!a)
            snprintf(why, sizeof why, "starting up");
    } else {
        q->status = r == MCP__AUTH_MALFORMED ? MHD_HTTP_BAD_REQUEST : MHD_HTTP_UNAUTHORIZED;
        q->www_auth = mcp__auth_challenge(a, r, why, 0);
    }
    log_info("mcp: http: refused a request from %s: %s", q->source, why);
    q->code = HTTP_BAD_REQUEST;
    snprintf(q->msgbuf, sizeof q->msgbuf, "%s: %s",
             q->status == MHD_HTTP_FORBIDDEN      ? "Forbidden"
             : q->status == MHD_HTTP_BAD_REQUEST  ? "Bad Request"
             : q->status == MHD_HTTP_UNAUTHORIZED ? "Unauthorized"
                                                  : "Service Unavailable",
             why);
    q->msg = q->msgbuf;
}

/* The session named by the request's headers (new reference), or NULL
 * after queueing the error reply in *ret. A session belongs to the
 * principal that created it: anyone else is told it does not exist. */
static struct hsess *session_for(struct mcp_http *h, struct MHD_Connection *c, const struct req *q,
                                 enum MHD_Result *ret)
{
    const char *sid = header(c, "Mcp-Session-Id");
    const char *version = header(c, "MCP-Protocol-Version");
    if (!sid) {
        *ret = reply_error(h, c, MHD_HTTP_BAD_REQUEST, HTTP_BAD_REQUEST,
                           "Bad Request: Mcp-Session-Id header is required");
        return NULL;
    }
    struct hsess *hs = hsess_find(h, sid);
    if (hs && strcmp(hs->owner, q->who.name) != 0) {
        hsess_unref(hs);
        hs = NULL;
    }
    if (!hs) {
        *ret = reply_error(h, c, MHD_HTTP_NOT_FOUND, HTTP_NO_SESSION, "Session not found");
        return NULL;
    }
    /* no header means 2025-03-26, which we speak */
    if (version && !mcp__http_protocol_supported(version)) {
        hsess_unref(hs);
        *ret = reply_error(h, c, MHD_HTTP_BAD_REQUEST, HTTP_BAD_REQUEST,
                           "Bad Request: unsupported MCP-Protocol-Version");
        return NULL;
    }
    return hs;
}

/* Hands a parsed message (borrowed) to the session, as sent by who: parsed
 * once. */
static void deliver(struct hsess *hs, json_t *msg, const struct mcp_principal *who)
{
    pthread_mutex_lock(&hs->recv_mu);
    mcp__session_dispatch_as(hs->s, msg, who);
    pthread_mutex_unlock(&hs->recv_mu);
}

/* Room for one more session of source, reserved (h->reserved) until its
 * initialize is answered: ends an idle session when the table is full or source holds
 * its share (see mcp__admit_pick). false when only busy sessions could
 * make room. */
static bool make_room(struct mcp_http *h, const char *source)
{
    struct hsess *victim = NULL;
    pthread_mutex_lock(&h->mu);
    bool ok = !h->stopping;
    if (ok) {
        struct mcp__admit_cand *cands = xcalloc(h->nsessions + 1, sizeof *cands);
        struct hsess **all = xcalloc(h->nsessions + 1, sizeof *all);
        size_t n = 0;
        for (struct hsess *hs = h->sessions; hs; hs = hs->next, n++) {
            all[n] = hs;
            cands[n] = (struct mcp__admit_cand){hs->source, hs->refs == 1, hs->used, hs->last_used};
        }
        int pick = mcp__admit_pick(cands, n, h->reserved, source, h->per_source, h->max_sessions);
        if (pick >= 0) {
            victim = all[pick];
            hsess_unlink(h, victim);
        }
        ok = pick != MCP__ADMIT_REFUSE;
        if (ok)
            h->reserved++;
        free(cands);
        free(all);
    }
    pthread_mutex_unlock(&h->mu);
    if (victim) {
        log_info("mcp: http: session table full for %s; ended an idle session", source);
        hsess_end(victim);
    }
    return ok;
}

/* A session's label for logs: a digest of its id, never the id itself. */
static void label_session(struct hsess *hs)
{
    unsigned char d[32];
    char label[16];
    mcp__sha256(hs->id, strlen(hs->id), d);
    snprintf(label, sizeof label, "http-%02x%02x%02x%02x%02x", d[0], d[1], d[2], d[3], d[4]);
    mcp_session_set_label(hs->s, label);
}

static enum MHD_Result handle_initialize(struct mcp_http *h, struct MHD_Connection *c, json_t *id,
                                         json_t *msg, const struct req *q)
{
    char sid[MCP__HTTP_SID_LEN + 1];
    if (mcp__http_new_session_id(sid) != 0)
        return reply_error(h, c, MHD_HTTP_INTERNAL_SERVER_ERROR, MCP__INTERNAL_ERROR,
                           "Internal error: no randomness for a session id");
    if (!make_room(h, q->source))
        return reply_error_hdr(h, c, MHD_HTTP_SERVICE_UNAVAILABLE, HTTP_BAD_REQUEST,
                               "Service Unavailable: too many sessions in use; retry later", "Retry-After", "5");
    struct hsess *hs = hsess_new(h, sid);
    snprintf(hs->owner, sizeof hs->owner, "%s", q->who.name);
    snprintf(hs->source, sizeof hs->source, "%s", q->source);
    label_session(hs);
    struct stream *st = stream_open(hs, false, false, id);
    int code = 0;
    deliver(hs, msg, &q->who);
    char *text = wait_json(st, &code);
    bool ok = text && code == 0;
    pthread_mutex_lock(&h->mu);
    h->reserved--;
    pthread_mutex_unlock(&h->mu);
    if (ok) {
        pthread_mutex_lock(&h->mu);
        ok = !h->stopping;
        if (ok) {
            hs->refs++;
            hs->next = h->sessions;
            h->sessions = hs;
            h->nsessions++;
        }
        pthread_mutex_unlock(&h->mu);
    }
    if (!ok)
        hsess_close(hs);
    hsess_unref(hs); /* frees a session that failed to initialize */
    if (!text)
        return reply_error(h, c, MHD_HTTP_SERVICE_UNAVAILABLE, HTTP_BAD_REQUEST, "Service Unavailable: shutting down");
    return reply(h, c, MHD_HTTP_OK, "application/json", text, ok ? sid : NULL);
}

/* A body that did not parse: -32602 to its id when it is JSON jansson
 * cannot hold (an integer past 64 bits, \u0000, a lone surrogate), -32700
 * when it is not JSON. */
static enum MHD_Result reply_unparsed(const struct mcp_http *h, struct MHD_Connection *c, const struct buf *body,
                                      const json_error_t *jerr)
{
    json_t *id = NULL;
    char text[512];
    if (mcp__salvage_id(body->data ? body->data : "", body->len, &id) < 0) {
        snprintf(text, sizeof text, "Parse error: %s", jerr->text);
        return reply_error(h, c, MHD_HTTP_BAD_REQUEST, MCP__PARSE_ERROR, text);
    }
    mcp__unparsed_message(jerr, text, sizeof text);
    json_t *e = json_pack("{s:s, s:o, s:{s:i, s:s}}", "jsonrpc", "2.0", "id", id ? id : json_null(), "error", "code",
                          MCP__INVALID_PARAMS, "message", text);
    char *out = json_dumps(e, JSON_COMPACT);
    json_decref(e);
    return reply(h, c, MHD_HTTP_BAD_REQUEST, "application/json", out, NULL);
}

enum kind { K_REQUEST, K_NOTIFICATION, K_RESPONSE };

/* Classifies a message and checks its envelope; returns -1 with *why set
 * when it is not a valid JSON-RPC message. */
static int classify(json_t *msg, enum kind *k, const char **why)
{
    json_t *version = json_object_get(msg, "jsonrpc");
    json_t *method = json_object_get(msg, "method");
    json_t *id = json_object_get(msg, "id");
    if (!json_is_string(version) || strcmp(json_string_value(version), "2.0") != 0) {
        *why = "Invalid request: \"jsonrpc\" must be \"2.0\"";
        return -1;
    }
    if (id && !json_is_string(id) && !json_is_integer(id)) {
        *why = "Invalid request: id must be a string or an integer";
        return -1;
    }
    if (method) {
        if (!json_is_string(method)) {
            *why = "Invalid request: \"method\" must be a string";
            return -1;
        }
        *k = id ? K_REQUEST : K_NOTIFICATION;
        return 0;
    }
    bool has_result = json_object_get(msg, "result") != NULL;
    bool has_error = json_object_get(msg, "error") != NULL;
    if (id && has_result != has_error) {
        *k = K_RESPONSE;
        return 0;
    }
    *why = "Invalid request: no \"method\"";
    return -1;
}

/* The client cancelled request id: its POST stream ends now, without a
 * response (the core sends none), instead of idling with keepalives. */
static void cancel_stream(struct hsess *hs, json_t *id)
{
    if (!id)
        return;
    pthread_mutex_lock(&hs->mu);
    struct stream *st = find_post(hs, id);
    if (st) {
        st->done = true;
        stream_uncount(st);
        mcp__park_wake(hs->h->park, &st->parked);
    }
    pthread_mutex_unlock(&hs->mu);
}

/* With OAuth, a tools/call that needs rights the token lacks is refused
 * before it starts with 403 insufficient_scope, naming the scopes to ask
 * for (step-up authorization). true after queueing that answer in *ret. */
static bool refuse_call(struct mcp_http *h, struct MHD_Connection *c, const struct req *q, const char *method,
                        json_t *msg, enum MHD_Result *ret)
{
    if (!q->auth || mcp__auth_mode(q->auth) != MCP_AUTH_OAUTH || strcmp(method, "tools/call") != 0)
        return false;
    json_t *params = json_object_get(msg, "params");
    unsigned need = mcp_server_rights_needed(h->srv, json_string_value(json_object_get(params, "name")),
                                             json_object_get(params, "arguments"));
    if ((q->who.rights & need) == need)
        return false;
    const char *why = "this tool changes data; the token grants read access only";
    char *challenge = mcp__auth_challenge(q->auth, MCP__AUTH_OK, why, need | q->who.rights);
    char text[300];
    snprintf(text, sizeof text, "Forbidden: %s", why);
    *ret = reply_error_hdr(h, c, MHD_HTTP_FORBIDDEN, HTTP_BAD_REQUEST, text, "WWW-Authenticate", challenge);
    free(challenge);
    return true;
}

/* Answers q with its JSON stream's response once it is in (or the
 * session ended); parks the connection until then. */
static enum MHD_Result answer_json(struct mcp_http *h, struct MHD_Connection *c, struct req *q)
{
    struct stream *st = q->wait;
    struct hsess *hs = st->hs;
    char *text = NULL;
    pthread_mutex_lock(&hs->mu);
    if (!st->done && !st->closed && mcp__park_suspend(h->park, &st->parked, c, 0)) {
        pthread_mutex_unlock(&hs->mu);
        return MHD_YES; /* libmicrohttpd calls on_request again once woken */
    }
    if (st->done)
        text = xstrndup(st->out.data ? st->out.data : "", st->out.len);
    pthread_mutex_unlock(&hs->mu);
    q->wait = NULL;
    stream_close(st);
    if (text && !*text) { /* cancelled by the client */
        free(text);
        return reply(h, c, MHD_HTTP_NO_CONTENT, NULL, NULL, NULL);
    }
    return text ? reply(h, c, MHD_HTTP_OK, "application/json", text, NULL)
                : reply_error(h, c, MHD_HTTP_NOT_FOUND, HTTP_NO_SESSION, "Session ended");
}

static enum MHD_Result handle_post(struct mcp_http *h, struct MHD_Connection *c, struct req *q)
{
    const char *accept = header(c, "Accept");
    enum MHD_Result ret;
    json_error_t jerr;
    enum kind k = K_REQUEST;
    const char *why = NULL;
    struct hsess *hs = NULL;

    if (!mcp__http_accepts(accept, "application/json") || !mcp__http_accepts(accept, "text/event-stream"))
        return reply_error(h, c, MHD_HTTP_NOT_ACCEPTABLE, HTTP_BAD_REQUEST,
                           "Not Acceptable: Accept must list application/json and text/event-stream");
    if (!mcp__http_content_type_is(header(c, "Content-Type"), "application/json"))
        return reply_error(h, c, MHD_HTTP_UNSUPPORTED_MEDIA_TYPE, HTTP_BAD_REQUEST,
                           "Unsupported Media Type: Content-Type must be application/json");
    if (q->too_big)
        return reply_error(h, c, MHD_HTTP_CONTENT_TOO_LARGE, MCP__INVALID_REQUEST,
                           "Payload Too Large: the message exceeds the limit");
    json_t *msg = json_loadb(q->body.data ? q->body.data : "", q->body.len, JSON_DECODE_ANY, &jerr);
    if (!msg)
        return reply_unparsed(h, c, &q->body, &jerr);
    if (json_is_array(msg)) {
        ret = reply_error(h, c, MHD_HTTP_BAD_REQUEST, MCP__INVALID_REQUEST,
                          "Invalid request: JSON-RPC batches are not supported");
        goto out;
    }
    if (json_is_object(msg) &&
        mcp__http_is_modern(msg, header(c, "MCP-Protocol-Version"), header(c, "Mcp-Session-Id") != NULL)) {
        ret = mcp__http_modern_post(h, c, msg, &q->who, &q->mwait);
        goto out;
    }
    if (!json_is_object(msg) || classify(msg, &k, &why) != 0) {
        ret = reply_error(h, c, MHD_HTTP_BAD_REQUEST, MCP__INVALID_REQUEST,
                          why ? why : "Invalid request: a message must be a JSON object");
        goto out;
    }
    json_t *id = json_object_get(msg, "id");
    const char *method = json_string_value(json_object_get(msg, "method"));
    if (k == K_REQUEST && strcmp(method, "initialize") == 0) {
        ret = handle_initialize(h, c, id, msg, q);
        goto out;
    }
    hs = session_for(h, c, q, &ret);
    if (!hs)
        goto out;
    if (k != K_REQUEST) {
        deliver(hs, msg, &q->who);
        if (k == K_NOTIFICATION && strcmp(method, "notifications/cancelled") == 0)
            cancel_stream(hs, json_object_get(json_object_get(msg, "params"), "requestId"));
        ret = reply(h, c, MHD_HTTP_ACCEPTED, NULL, NULL, NULL);
        goto out;
    }
    pthread_mutex_lock(&h->mu);
    hs->used = true;
    pthread_mutex_unlock(&h->mu);
    if (refuse_call(h, c, q, method, msg, &ret))
        goto out;
    const struct mcp__method *m = mcp__find_method(method);
    bool sse = !h->json_only && m && (m->flags & MCP__ASYNC);
    pthread_mutex_lock(&hs->mu);
    bool dup = find_post(hs, id) != NULL;
    pthread_mutex_unlock(&hs->mu);
    if (dup) {
        ret = reply_error(h, c, MHD_HTTP_CONFLICT, MCP__INVALID_REQUEST,
                          "Invalid request: a request with this id is still running");
        goto out;
    }
    /* calls that may run long count against their principal's limit */
    bool counted = m && (m->flags & MCP__ASYNC);
    if (counted && !mcp__calls_acquire(h->calls, q->source)) {
        char text[300];
        snprintf(text, sizeof text, "Too Many Requests: %zu calls of %.100s are already running; retry when one "
                 "has finished", mcp__calls_max(h->calls), q->who.name[0] ? q->who.name : q->source);
        ret = reply_error_hdr(h, c, MHD_HTTP_TOO_MANY_REQUESTS, HTTP_BAD_REQUEST, text, "Retry-After", "1");
        goto out;
    }
    struct stream *st = stream_open(hs, false, sse, id);
    if (counted) {
        pthread_mutex_lock(&hs->mu);
        st->counted = true;
        snprintf(st->counted_as, sizeof st->counted_as, "%s", q->source);
        pthread_mutex_unlock(&hs->mu);
    }
    deliver(hs, msg, &q->who);
    if (sse) {
        ret = reply_sse(h, c, q, st);
    } else {
        q->wait = st;
        ret = answer_json(h, c, q);
    }
out:
    if (hs)
        hsess_unref(hs);
    json_decref(msg);
    return ret;
}

/* GET and DELETE belong to 2025 sessions: without one they are not
 * allowed (2026-07-28 has neither). */
static enum MHD_Result no_session_method(const struct mcp_http *h, struct MHD_Connection *c)
{
    return reply_error(h, c, MHD_HTTP_METHOD_NOT_ALLOWED, HTTP_BAD_REQUEST,
                       "Method Not Allowed: GET and DELETE need the Mcp-Session-Id of a 2025-11-25 session; "
                       MCP_MODERN_PROTOCOL " uses POST only");
}

/* GET with the Last-Event-ID of POST stream no: replays what followed
 * event n and goes on live until that request's response. 204 when
 * nothing is left to send (the TypeScript SDK asks after every error
 * response on a primed stream; an empty success ends its retries). */
static enum MHD_Result resume(struct mcp_http *h, struct MHD_Connection *c, struct req *q, struct hsess *hs,
                              unsigned long no, unsigned long n)
{
    struct stream *st = NULL, *gone = NULL;
    enum MHD_Result ret;
    pthread_mutex_lock(&hs->mu);
    for (st = hs->streams; st; st = st->next)
        if (!st->is_get && st->sse && st->no == no)
            break;
    /* Nothing left after event n of a finished stream: 204, even while the
     * response that carried the end is still being wound down (the client
     * can have read the last byte before libmicrohttpd says it is done). */
    if (st && st->done && n + 1 >= st->nev) {
        if (!st->attached && st->holds == 0) {
            stream_unlink(hs, st);
            gone = st;
        }
        st = NULL;
    }
    if (st && (st->attached || st->holds > 0)) {
        pthread_mutex_unlock(&hs->mu);
        return reply_error(h, c, MHD_HTTP_CONFLICT, HTTP_BAD_REQUEST, "Conflict: the stream is being read");
    }
    if (st) {
        st->attached = true;
        buf_reset(&st->out);
        st->off = 0;
        for (unsigned long i = n + 1; i < st->nev; i++)
            buf_appends(&st->out, st->log[i]);
    }
    pthread_mutex_unlock(&hs->mu);
    if (gone)
        stream_free(gone);
    if (!st)
        return reply(h, c, MHD_HTTP_NO_CONTENT, NULL, NULL, NULL);
    hsess_ref(hs); /* the resumed response's reference */
    ret = reply_sse(h, c, q, st);
    return ret;
}

static enum MHD_Result handle_get(struct mcp_http *h, struct MHD_Connection *c, struct req *q)
{
    enum MHD_Result ret;
    unsigned long no, n;
    char tail;
    if (!header(c, "Mcp-Session-Id"))
        return no_session_method(h, c);
    if (!mcp__http_accepts(header(c, "Accept"), "text/event-stream"))
        return reply_error(h, c, MHD_HTTP_NOT_ACCEPTABLE, HTTP_BAD_REQUEST,
                           "Not Acceptable: Accept must list text/event-stream");
    struct hsess *hs = session_for(h, c, q, &ret);
    if (!hs)
        return ret;
    const char *last = header(c, "Last-Event-ID");
    if (last && sscanf(last, "p%lu-%lu%c", &no, &n, &tail) == 2) {
        ret = resume(h, c, q, hs, no, n);
        hsess_unref(hs);
        return ret;
    }
    size_t count = 0;
    pthread_mutex_lock(&hs->mu);
    for (struct stream *st = hs->streams; st; st = st->next)
        count += st->is_get && !st->closed;
    pthread_mutex_unlock(&hs->mu);
    if (count >= MAX_GET_STREAMS) {
        ret = reply_error(h, c, MHD_HTTP_CONFLICT, HTTP_BAD_REQUEST,
                          "Conflict: too many GET streams open for this session");
    } else {
        /* a GET stream's own Last-Event-ID just opens a fresh stream:
         * session-wide messages are not kept for replay */
        ret = reply_sse(h, c, q, stream_open(hs, true, true, NULL));
    }
    hsess_unref(hs);
    return ret;
}

static enum MHD_Result handle_delete(struct mcp_http *h, struct MHD_Connection *c, const struct req *q)
{
    enum MHD_Result ret;
    if (!header(c, "Mcp-Session-Id"))
        return no_session_method(h, c);
    struct hsess *hs = session_for(h, c, q, &ret);
    if (!hs)
        return ret;
    pthread_mutex_lock(&h->mu);
    bool listed = false;
    for (struct hsess *x = h->sessions; x; x = x->next)
        listed |= x == hs;
    if (listed)
        hsess_unlink(h, hs);
    pthread_mutex_unlock(&h->mu);
    if (listed)
        hsess_end(hs);
    hsess_unref(hs);
    return reply(h, c, MHD_HTTP_OK, NULL, NULL, NULL);
}

/* The Protected Resource Metadata (RFC 9728): public, any origin. */
static enum MHD_Result reply_metadata(struct mcp_http *h, struct MHD_Connection *c)
{
    pthread_mutex_lock(&h->mu);
    struct mcp__auth *a = h->auth;
    pthread_mutex_unlock(&h->mu);
    if (!a)
        return reply_error(h, c, MHD_HTTP_SERVICE_UNAVAILABLE, HTTP_BAD_REQUEST, "Service Unavailable: starting up");
    char *text = mcp__auth_metadata(a);
    struct MHD_Response *resp = MHD_create_response_from_buffer(strlen(text), text, MHD_RESPMEM_MUST_FREE);
    if (!resp) {
        free(text);
        return MHD_NO;
    }
    if (MHD_add_response_header(resp, "Content-Type", "application/json") != MHD_YES ||
        MHD_add_response_header(resp, "Access-Control-Allow-Origin", "*") != MHD_YES ||
        MHD_add_response_header(resp, "Cache-Control", "max-age=300") != MHD_YES)
        log_debug("mcp: http: could not add a header");
    enum MHD_Result ret = MHD_queue_response(c, MHD_HTTP_OK, resp);
    MHD_destroy_response(resp);
    return ret;
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *c, const char *url, const char *method,
                                  const char *version, const char *upload, size_t *upload_size, void **con_cls)
{
    struct mcp_http *h = cls;
    struct req *q = *con_cls;
    (void)version;
    if (!q) {
        q = xcalloc(1, sizeof *q);
        *con_cls = q;
        mcp__guard_headers_done(h->guard, c);
        precheck(h, c, url, method, q);
        /* a CORS preflight carries no credentials */
        if (!q->status && !q->metadata && strcmp(method, "OPTIONS") != 0)
            authenticate(h, c, q);
        return MHD_YES;
    }
    if (*upload_size) {
        /* keep reading (and dropping) a body we will refuse: answering
         * mid-upload would reset the connection under the client */
        if (!q->status && !q->too_big) {
            if (q->body.len + *upload_size > MCP_MAX_MESSAGE) {
                q->too_big = true;
                buf_free(&q->body);
            } else {
                buf_append(&q->body, upload, *upload_size);
            }
        }
        *upload_size = 0;
        return MHD_YES;
    }
    if (q->wait) /* woken: its answer is in, or the session ended */
        return answer_json(h, c, q);
    if (q->mwait)
        return mcp__http_modern_resume(h, c, &q->mwait);
    mcp__guard_body_done(h->guard, c);
    if (q->metadata)
        return reply_metadata(h, c);
    if (q->status)
        return reply_error_hdr(h, c, q->status, q->code, q->msg, q->www_auth ? "WWW-Authenticate" : NULL,
                               q->www_auth);
    if (strcmp(method, "POST") == 0)
        return handle_post(h, c, q);
    if (strcmp(method, "GET") == 0)
        return handle_get(h, c, q);
    if (strcmp(method, "OPTIONS") == 0)
        return reply(h, c, MHD_HTTP_NO_CONTENT, NULL, NULL, preflight);
    return handle_delete(h, c, q);
}

static void on_done(void *cls, struct MHD_Connection *c, void **con_cls, enum MHD_RequestTerminationCode toe)
{
    struct req *q = *con_cls;
    struct mcp_http *h = cls;
    if (q) {
        if (q->st)
            stream_release(q->st, true, toe == MHD_REQUEST_TERMINATED_COMPLETED_OK);
        if (q->wait) /* closed while parked (the server stops) */
            stream_close(q->wait);
        mcp__http_modern_abandon(h, q->mwait);
        free(q->www_auth);
        buf_free(&q->body);
        free(q);
        *con_cls = NULL;
    }
    mcp__guard_request_done(h->guard, c);
}

static void mhd_log(void *cls, const char *fmt, va_list ap)
{
    char text[512];
    (void)cls;
    vsnprintf(text, sizeof text, fmt, ap);
    text[strcspn(text, "\n")] = '\0';
    log_debug("mcp: http: libmicrohttpd: %s", text);
}

/* ------------------------------------------------------------------ */
/* Lifecycle                                                           */

static void http_free(struct mcp_http *h)
{
    mcp__park_free(h->park); /* runs the session ends still deferred */
    mcp__guard_free(h->guard); /* after the daemon: it holds its connections */
    mcp__calls_free(h->calls);
    mcp__auth_free(h->auth);
    free(h->metadata_path);
    free(h->not_found);
    if (h->origins) {
        for (size_t i = 0; h->origins[i]; i++)
            free(h->origins[i]);
        free(h->origins);
    }
    free(h->bind_addr);
    free(h->path);
    mcp__modern_free(h->modern);
    pthread_cond_destroy(&h->cv);
    pthread_mutex_destroy(&h->mu);
    free(h);
}

/* The authentication and abuse settings of o. 0, or -1 with err (an open
 * server where that needs saying so, "*" origins without credentials). */
static int limits_init(struct mcp_http *h, const struct mcp_http_options *o, unsigned *per_ip, char *err,
                       size_t errlen)
{
    bool loopback = mcp__http_addr_is_loopback(h->bind_addr);
    h->auth_required = o->auth && o->auth->mode != MCP_AUTH_NONE;
    if (!loopback && !h->auth_required && !o->allow_unauthenticated) {
        snprintf(err, errlen, "refusing to serve %s without authentication: anyone who can reach it could use "
                 "this server's credentials (configure authentication, or allow unauthenticated access "
                 "explicitly)", h->bind_addr);
        return -1;
    }
    for (size_t i = 0; h->origins && h->origins[i]; i++) {
        if (strcmp(h->origins[i], "*") == 0 && !h->auth_required) {
            snprintf(err, errlen, "allowing any Origin (\"*\") without authentication would let any web page "
                     "drive this server");
            return -1;
        }
    }
    /* Shares and call limits keep principals (or, without authentication,
     * addresses) from crowding each other out. On loopback without
     * authentication every client is the operator's: no defaults there. */
    bool shared = h->auth_required || !loopback;
    h->calls = mcp__calls_new(o->max_calls_per_principal ? o->max_calls_per_principal
                              : shared                   ? DEFAULT_CALLS_PER_PRINCIPAL
                                                         : 0);
    h->per_source = o->max_sessions_per_principal ? o->max_sessions_per_principal
                    : shared                      ? h->max_sessions / 4
                                                  : 0;
    if (shared && h->per_source < 1)
        h->per_source = 1;
    size_t ip_cap = o->max_connections_per_ip ? o->max_connections_per_ip
                    : loopback                 ? SIZE_MAX
                                               : DEFAULT_CONNS_PER_IP;
    *per_ip = ip_cap >= UINT_MAX ? 0 : (unsigned)ip_cap; /* libmicrohttpd: 0 = no cap */
    h->guard = mcp__guard_new(o->header_timeout_ms > 0 ? o->header_timeout_ms : DEFAULT_HEADER_TIMEOUT_MS);
    if (!h->guard) {
        snprintf(err, errlen, "cannot start the connection watchdog thread");
        return -1;
    }
    h->not_found = xasprintf("Not Found: the MCP endpoint is %s", h->path);
    if (h->auth_required)
        h->metadata_path = xasprintf(WELL_KNOWN_PRM "%s", h->path);
    return 0;
}

/* The authenticator, once the port is known (the default resource URI
 * names it). 0, or -1 with err. */
static int auth_init(struct mcp_http *h, const struct mcp_auth_options *o, char *err, size_t errlen)
{
    char *resource;
    bool v6 = strchr(h->bind_addr, ':') != NULL;
    if (o->resource && *o->resource) {
        resource = xstrdup(o->resource);
    } else if (mcp__http_addr_is_loopback(h->bind_addr)) {
        resource = xasprintf("http://%s%s%s:%d%s", v6 ? "[" : "", h->bind_addr, v6 ? "]" : "", h->port, h->path);
    } else {
        snprintf(err, errlen, "authentication on %s needs this server's public URL (the resource URI clients "
                 "use, e.g. https://mcp.example.com%s)", h->bind_addr, h->path);
        return -1;
    }
    /* RFC 9728 §3.1: the well-known part goes between origin and path */
    const char *scheme = strstr(resource, "://");
    size_t origin = scheme ? (size_t)(scheme + 3 - resource) + strcspn(scheme + 3, "/?#") : strlen(resource);
    const char *path = resource + origin;
    char *metadata_url = xasprintf("%.*s" WELL_KNOWN_PRM "%s", (int)origin, resource,
                                   strcmp(path, "/") == 0 ? "" : path);
    struct mcp__auth *a = mcp__auth_new(o, resource, metadata_url, err, errlen);
    free(resource);
    free(metadata_url);
    if (!a)
        return -1;
    pthread_mutex_lock(&h->mu);
    h->auth = a;
    pthread_mutex_unlock(&h->mu);
    return 0;
}

/* Connections at once: two per session (its GET stream and a POST) and
 * some slack, at least MIN_CONNECTIONS; the open-file limit is raised to
 * fit when the hard limit allows (each connection is a descriptor). */
static unsigned connection_limit(const struct mcp_http *h)
{
    size_t want = 2 * h->max_sessions + 64;
    if (want < MIN_CONNECTIONS)
        want = MIN_CONNECTIONS;
    struct rlimit rl;
    if (getrlimit(RLIMIT_NOFILE, &rl) == 0) {
        rlim_t need = (rlim_t)want + 256; /* HaloPSA connections, files */
        if (rl.rlim_cur != RLIM_INFINITY && rl.rlim_cur < need) {
            rlim_t old = rl.rlim_cur;
            rl.rlim_cur = rl.rlim_max == RLIM_INFINITY || rl.rlim_max > need ? need : rl.rlim_max;
            if (setrlimit(RLIMIT_NOFILE, &rl) != 0)
                rl.rlim_cur = old;
        }
        if (rl.rlim_cur != RLIM_INFINITY && rl.rlim_cur < need) {
            size_t fit = rl.rlim_cur > 256 + 64 ? (size_t)(rl.rlim_cur - 256) : 64;
            log_warn("mcp: http: the open-file limit (%llu) allows %zu connections, not %zu: raise it "
                     "(ulimit -n) for %zu sessions", (unsigned long long)rl.rlim_cur, fit, want, h->max_sessions);
            want = fit;
        }
    }
    return want > UINT_MAX ? UINT_MAX : (unsigned)want;
}

struct mcp_http *mcp_http_start(struct mcp_server *srv, const struct mcp_http_options *o, char *err, size_t errlen)
{
    static const struct mcp_http_options defaults = {0};
    struct sockaddr_storage ss;
    struct mcp_http *h = xcalloc(1, sizeof *h);
    if (!o)
        o = &defaults;
    h->srv = srv;
    h->bind_addr = xstrdup(o->bind_addr && *o->bind_addr ? o->bind_addr : "127.0.0.1");
    h->path = xstrdup(o->path && *o->path ? o->path : "/mcp");
    if (o->allowed_origins) {
        size_t n = 0;
        while (o->allowed_origins[n])
            n++;
        h->origins = xcalloc(n + 1, sizeof *h->origins);
        for (size_t i = 0; i < n; i++)
            h->origins[i] = xstrdup(o->allowed_origins[i]);
    }
    h->check_host = mcp__http_addr_is_loopback(h->bind_addr);
    h->json_only = o->json_responses;
    h->max_sessions = o->max_sessions ? o->max_sessions : DEFAULT_MAX_SESSIONS;
    h->idle_ms = o->idle_timeout_ms > 0 ? o->idle_timeout_ms : DEFAULT_IDLE_MS;
    h->keepalive_ms = o->keepalive_ms > 0 ? o->keepalive_ms : DEFAULT_KEEPALIVE_MS;
    h->modern = mcp__modern_new();
    pthread_mutex_init(&h->mu, NULL);
    cond_init_monotonic(&h->cv);
    unsigned per_ip = 0;
    if (limits_init(h, o, &per_ip, err, errlen) != 0)
        goto fail;

    memset(&ss, 0, sizeof ss);
    bool v6 = strchr(h->bind_addr, ':') != NULL;
    const char *addr = strcmp(h->bind_addr, "localhost") == 0 ? "127.0.0.1" : h->bind_addr;
    if (o->port < 0 || o->port > 65535) {
        snprintf(err, errlen, "port %d is out of range", o->port);
        goto fail;
    }
    if (v6) {
        struct sockaddr_in6 *a6 = (struct sockaddr_in6 *)&ss;
        a6->sin6_family = AF_INET6;
        a6->sin6_port = htons((uint16_t)o->port);
        if (inet_pton(AF_INET6, addr, &a6->sin6_addr) != 1)
            goto bad_addr;
    } else {
        struct sockaddr_in *a4 = (struct sockaddr_in *)&ss;
        a4->sin_family = AF_INET;
        a4->sin_port = htons((uint16_t)o->port);
        if (inet_pton(AF_INET, addr, &a4->sin_addr) != 1)
            goto bad_addr;
    }
    h->park = mcp__park_new();
    if (!h->park) {
        snprintf(err, errlen, "cannot start the HTTP timer thread");
        goto fail;
    }
    errno = 0;
    h->d = MHD_start_daemon(MHD_USE_EPOLL_INTERNAL_THREAD | MHD_ALLOW_SUSPEND_RESUME | MHD_USE_ITC |
                                MHD_USE_ERROR_LOG | (v6 ? MHD_USE_IPv6 : 0),
                            (uint16_t)o->port, NULL, NULL, on_request, h, MHD_OPTION_SOCK_ADDR,
                            (struct sockaddr *)&ss, MHD_OPTION_NOTIFY_COMPLETED, on_done, h,
                            MHD_OPTION_THREAD_POOL_SIZE, (unsigned)HTTP_THREADS,
                            MHD_OPTION_CONNECTION_LIMIT, connection_limit(h),
                            MHD_OPTION_PER_IP_CONNECTION_LIMIT, per_ip,
                            MHD_OPTION_NOTIFY_CONNECTION, mcp__guard_notify, h->guard,
                            /* idle keep-alive connections; SSE streams write keepalives */
                            MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)(h->keepalive_ms / 1000 * 4 + 60),
                            MHD_OPTION_EXTERNAL_LOGGER, mhd_log, h, MHD_OPTION_END);
    if (!h->d) {
        snprintf(err, errlen, "cannot listen on %s:%d: %s", h->bind_addr, o->port,
                 errno ? strerror(errno) : "libmicrohttpd failed to start");
        goto fail;
    }
    const union MHD_DaemonInfo *info = MHD_get_daemon_info(h->d, MHD_DAEMON_INFO_BIND_PORT);
    h->port = info ? info->port : o->port;
    if (h->auth_required && auth_init(h, o->auth, err, errlen) != 0) {
        MHD_stop_daemon(h->d);
        goto fail;
    }
    if (pthread_create(&h->reaper, NULL, reaper, h) != 0) {
        snprintf(err, errlen, "cannot start the session reaper thread");
        MHD_stop_daemon(h->d);
        goto fail;
    }
    h->reaper_started = true;
    return h;
bad_addr:
    snprintf(err, errlen, "bad bind address '%s' (give a numeric IPv4 or IPv6 address)", h->bind_addr);
fail:
    http_free(h);
    return NULL;
}

int mcp_http_port(const struct mcp_http *h) { return h->port; }

int mcp_http_reload(struct mcp_http *h)
{
    char err[400];
    if (!h->auth)
        return 0;
    if (mcp__auth_reload(h->auth, err, sizeof err) != 0) {
        log_error("mcp: auth: reload failed, keeping the old tokens: %s", err);
        return -1;
    }
    return 0;
}

void mcp_http_stop(struct mcp_http *h)
{
    if (!h)
        return;
    pthread_mutex_lock(&h->mu);
    h->stopping = true;
    struct hsess *all = h->sessions;
    h->sessions = NULL;
    h->nsessions = 0;
    pthread_cond_broadcast(&h->cv);
    pthread_mutex_unlock(&h->mu);
    /* end every stream and resume every parked connection first:
     * libmicrohttpd refuses to stop with suspended ones */
    for (struct hsess *hs = all; hs; hs = hs->next)
        hsess_close(hs);
    mcp__modern_stop(h->modern);
    mcp__park_stop(h->park);
    if (h->reaper_started)
        pthread_join(h->reaper, NULL);
    MHD_stop_daemon(h->d);
    while (all) {
        struct hsess *next = all->next;
        hsess_unref(all);
        all = next;
    }
    http_free(h);
}

int mcp_serve_http(struct mcp_server *srv, const struct mcp_http_options *o)
{
    sigset_t set, old;
    char err[256];
    int sig = 0;
    /* blocked before any thread starts, so only sigwait sees them */
    sigemptyset(&set);
    sigaddset(&set, SIGINT);
    sigaddset(&set, SIGTERM);
    sigaddset(&set, SIGHUP);
    pthread_sigmask(SIG_BLOCK, &set, &old);
    signal(SIGPIPE, SIG_IGN);
    struct mcp_http *h = mcp_http_start(srv, o, err, sizeof err);
    if (!h) {
        log_error("mcp: %s", err);
        pthread_sigmask(SIG_SETMASK, &old, NULL);
        return -1;
    }
    bool v6 = strchr(h->bind_addr, ':') != NULL;
    fprintf(stderr, "mcp: serving Streamable HTTP on http://%s%s%s:%d%s\n", v6 ? "[" : "", h->bind_addr,
            v6 ? "]" : "", h->port, h->path);
    fflush(stderr);
    while (sigwait(&set, &sig) != 0 || sig == SIGHUP) {
        if (sig == SIGHUP)
            mcp_http_reload(h);
        sig = 0;
    }
    log_info("mcp: signal %d: stopping the HTTP server", sig);
    mcp_http_stop(h);
    pthread_sigmask(SIG_SETMASK, &old, NULL);
    return 0;
}

/* ------------------------------------------------------------------ */
/* For http_modern.c                                                   */

struct mcp_server *mcp__http_srv(const struct mcp_http *h) { return h->srv; }

int mcp__http_keepalive_ms(const struct mcp_http *h) { return h->keepalive_ms; }

bool mcp__http_json_only(const struct mcp_http *h) { return h->json_only; }

struct mcp__modern *mcp__http_modern(const struct mcp_http *h) { return h->modern; }

struct mcp__park *mcp__http_park(const struct mcp_http *h) { return h->park; }

const char *mcp__http_header(struct MHD_Connection *c, const char *name) { return header(c, name); }

enum MHD_Result mcp__http_reply(const struct mcp_http *h, struct MHD_Connection *c, unsigned status,
                                const char *ctype, char *body)
{
    return reply(h, c, status, ctype, body, NULL);
}

enum MHD_Result mcp__http_queue_sse(const struct mcp_http *h, struct MHD_Connection *c, struct MHD_Response *resp)
{
    if (MHD_add_response_header(resp, "Content-Type", "text/event-stream") != MHD_YES ||
        MHD_add_response_header(resp, "Cache-Control", "no-cache") != MHD_YES ||
        MHD_add_response_header(resp, "X-Accel-Buffering", "no") != MHD_YES)
        log_debug("mcp: http: could not add a header");
    add_cors(h, c, resp);
    enum MHD_Result ret = MHD_queue_response(c, MHD_HTTP_OK, resp);
    MHD_destroy_response(resp);
    return ret;
}
