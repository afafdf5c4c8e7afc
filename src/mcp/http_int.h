/* http_int.h - what the 2026-07-28 half of the Streamable HTTP transport
 * (http_modern.c) and the 2025 half (http.c) share. */
#ifndef HALOPSA_MCP_HTTP_INT_H
#define HALOPSA_MCP_HTTP_INT_H

#include "mcp_int.h"

#include "base/base.h"

#include <microhttpd.h>

struct mcp__modern; /* http_modern.c: the open 2026 requests of one server */
struct mcp__mstream; /* http_modern.c: the answer to one 2026 request */

/* ---- connections that wait without a thread (http_park.c) ---- */
struct mcp__park;
/* One waiting answer, embedded in what owns it (a stream). The owner
 * touches c and sent_at under its own lock; the rest is the park's. */
struct mcp__parked {
    struct mcp__parked *next, *prev;
    struct MHD_Connection *c; /* the connection answering it */
    int64_t due;              /* when the timer resumes it; 0 = never */
    bool suspended;
    int64_t sent_at; /* SSE: when bytes (or a keepalive) last went out */
};
/* The park's thread (timer and deferred work); NULL if it cannot start. */
struct mcp__park *mcp__park_new(void);
/* Resumes every suspended connection; later suspensions fail. Before
 * libmicrohttpd stops (it refuses to stop with suspended connections). */
void mcp__park_stop(struct mcp__park *p);
/* Runs the deferred work left, then ends the thread. */
void mcp__park_free(struct mcp__park *p);
/* From c's access handler or content reader, with the owner's lock held:
 * suspends c until mcp__park_wake, or until due_ms from now (0: no timer).
 * false when the server is stopping (answer now instead). */
bool mcp__park_suspend(struct mcp__park *p, struct mcp__parked *w, struct MHD_Connection *c, int due_ms);
/* With the owner's lock held: resumes w's connection if it is suspended
 * (libmicrohttpd then calls its handler or reader again). */
void mcp__park_wake(struct mcp__park *p, struct mcp__parked *w);
/* Runs fn(arg) soon on the park's thread: for work that may block. */
void mcp__park_defer(struct mcp__park *p, void (*fn)(void *), void *arg);

/* ---- provided by http.c ---- */
struct mcp_server *mcp__http_srv(const struct mcp_http *h);
int mcp__http_keepalive_ms(const struct mcp_http *h);
bool mcp__http_json_only(const struct mcp_http *h);
struct mcp__modern *mcp__http_modern(const struct mcp_http *h);
struct mcp__park *mcp__http_park(const struct mcp_http *h);
const char *mcp__http_header(struct MHD_Connection *c, const char *name);
/* Queues a reply; body is a new string (stolen) or NULL. */
enum MHD_Result mcp__http_reply(const struct mcp_http *h, struct MHD_Connection *c, unsigned status,
                                const char *ctype, char *body);
/* Queues an SSE response (200, text/event-stream, no buffering, CORS)
 * and lets it go: it lives until libmicrohttpd is done with it. */
enum MHD_Result mcp__http_queue_sse(const struct mcp_http *h, struct MHD_Connection *c, struct MHD_Response *resp);

/* ---- provided by http_modern.c ---- */
/* One read of an SSE body for libmicrohttpd, never blocking (mu locked
 * inside): the bytes waiting in out from *off, or the end once *done or
 * *closed, or a keepalive comment when nothing went out for keepalive_ms
 * (writing it is how a client that left is noticed); else w's connection
 * is parked until its owner wakes it or the keepalive is due, and 0 says
 * "nothing yet". */
ssize_t mcp__sse_read(struct mcp__park *p, struct mcp__parked *w, pthread_mutex_t *mu, struct buf *out, size_t *off,
                      const bool *done, const bool *closed, int keepalive_ms, char *dst, size_t max);
struct mcp__modern *mcp__modern_new(void);
/* Ends every open 2026 request (their calls are cancelled); before
 * libmicrohttpd stops, so no connection thread stays blocked. */
void mcp__modern_stop(struct mcp__modern *m);
void mcp__modern_free(struct mcp__modern *m);
/* The message is 2026-07-28 traffic: its body claims the revision, or the
 * MCP-Protocol-Version header names it (or, without a session, names no
 * 2025 revision). */
bool mcp__http_is_modern(json_t *msg, const char *version_header, bool has_session);
/* Serves one 2026 POST whose body is msg (borrowed) from who (borrowed;
 * "" name = local). When the answer is not ready, the connection is
 * parked and *wait says what it waits for: libmicrohttpd calls the access
 * handler again once it is woken, which calls mcp__http_modern_resume. */
enum MHD_Result mcp__http_modern_post(struct mcp_http *h, struct MHD_Connection *c, json_t *msg,
                                      const struct mcp_principal *who, struct mcp__mstream **wait);
/* Answers (or parks again) a request mcp__http_modern_post left waiting;
 * *wait is NULL once it is answered. */
enum MHD_Result mcp__http_modern_resume(struct mcp_http *h, struct MHD_Connection *c, struct mcp__mstream **wait);
/* The connection of a waiting request closed before its answer. */
void mcp__http_modern_abandon(struct mcp_http *h, struct mcp__mstream *wait);

#endif
