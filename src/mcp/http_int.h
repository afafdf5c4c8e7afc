/* http_int.h - what the 2026-07-28 half of the Streamable HTTP transport
 * (http_modern.c) and the 2025 half (http.c) share. */
#ifndef HALOPSA_MCP_HTTP_INT_H
#define HALOPSA_MCP_HTTP_INT_H

#include "mcp_int.h"

#include "base/base.h"

#include <microhttpd.h>

struct mcp__modern; /* http_modern.c: the open 2026 requests of one server */

/* ---- provided by http.c ---- */
struct mcp_server *mcp__http_srv(const struct mcp_http *h);
int mcp__http_keepalive_ms(const struct mcp_http *h);
bool mcp__http_json_only(const struct mcp_http *h);
struct mcp__modern *mcp__http_modern(const struct mcp_http *h);
const char *mcp__http_header(struct MHD_Connection *c, const char *name);
/* Queues a reply; body is a new string (stolen) or NULL. */
enum MHD_Result mcp__http_reply(const struct mcp_http *h, struct MHD_Connection *c, unsigned status,
                                const char *ctype, char *body);
/* Queues an SSE response (200, text/event-stream, no buffering, CORS)
 * and lets it go: it lives until libmicrohttpd is done with it. */
enum MHD_Result mcp__http_queue_sse(const struct mcp_http *h, struct MHD_Connection *c, struct MHD_Response *resp);

/* ---- provided by http_modern.c ---- */
/* One read of an SSE body for libmicrohttpd (mu locked inside): the bytes
 * waiting in out from *off, or the end once *done or *closed, or a
 * keepalive comment after keepalive_ms without anything (writing it is
 * how a client that left is noticed). */
ssize_t mcp__sse_read(pthread_mutex_t *mu, pthread_cond_t *cv, struct buf *out, size_t *off, const bool *done,
                      const bool *closed, int keepalive_ms, char *dst, size_t max);
struct mcp__modern *mcp__modern_new(void);
/* Ends every open 2026 request (their calls are cancelled); before
 * libmicrohttpd stops, so no connection thread stays blocked. */
void mcp__modern_stop(struct mcp__modern *m);
void mcp__modern_free(struct mcp__modern *m);
/* The message is 2026-07-28 traffic: its body claims the revision, or the
 * MCP-Protocol-Version header names it (or, without a session, names no
 * 2025 revision). */
bool mcp__http_is_modern(json_t *msg, const char *version_header, bool has_session);
/* Serves one 2026 POST whose body is msg (borrowed). */
/* who: the authenticated sender (borrowed; "" name = local). */
enum MHD_Result mcp__http_modern_post(struct mcp_http *h, struct MHD_Connection *c, json_t *msg,
                                      const struct mcp_principal *who);

#endif
