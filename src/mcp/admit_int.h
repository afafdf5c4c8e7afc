/* admit_int.h - the HTTP transport's defences, kept apart from its
 * protocol code (names mcp__admit_x, mcp__calls_x, mcp__guard_x): which
 * session makes room for a new one, concurrent calls per principal, and
 * deadlines for reading a request (slowloris). */
#ifndef HALOPSA_MCP_ADMIT_INT_H
#define HALOPSA_MCP_ADMIT_INT_H

#include "mcp_int.h"

#include <microhttpd.h>
#include <stdint.h>

/* ---- session admission (http_admit.c) ---- */
/* One open session as admission sees it. */
struct mcp__admit_cand {
    const char *source; /* the principal, or the client address without auth */
    bool idle;          /* no request or stream open */
    bool used;          /* made a request after initialize */
    int64_t last_used;
};
enum { MCP__ADMIT_REFUSE = -1, MCP__ADMIT_ROOM = -2 };
/* Decides whether source may open one more session when the table holds
 * cands[0..n) and reserved more are being initialized (per_source 0: no
 * share per source): MCP__ADMIT_ROOM
 * (there is room), the index of the session to end first, or
 * MCP__ADMIT_REFUSE (only busy sessions could make room). */
int mcp__admit_pick(const struct mcp__admit_cand *cands, size_t n, size_t reserved,
                    const char *source, size_t per_source, size_t max_total);

/* ---- concurrent calls per principal (http_admit.c) ---- */
struct mcp__calls;
struct mcp__calls *mcp__calls_new(size_t max_per_principal);
void mcp__calls_free(struct mcp__calls *c);
/* Takes a slot for name; false when it already has max calls running. */
bool mcp__calls_acquire(struct mcp__calls *c, const char *name);
void mcp__calls_release(struct mcp__calls *c, const char *name);
size_t mcp__calls_max(const struct mcp__calls *c);

/* ---- request read deadlines (http_guard.c) ---- */
struct mcp__guard;
/* A watchdog that shuts down connections whose request line, headers or
 * body take longer than timeout_ms to arrive. NULL when its thread cannot
 * start. */
struct mcp__guard *mcp__guard_new(int timeout_ms);
void mcp__guard_free(struct mcp__guard *g);
/* libmicrohttpd's MHD_OPTION_NOTIFY_CONNECTION callback (cls = guard). */
void mcp__guard_notify(void *cls, struct MHD_Connection *c, void **socket_context,
                       enum MHD_ConnectionNotificationCode toe);
/* The headers of a request are in: its body has timeout_ms from now. */
void mcp__guard_headers_done(struct mcp__guard *g, struct MHD_Connection *c);
/* The body is in: no deadline while the answer is produced and sent. */
void mcp__guard_body_done(struct mcp__guard *g, struct MHD_Connection *c);
/* The request is over: the next one on this connection has timeout_ms. */
void mcp__guard_request_done(struct mcp__guard *g, struct MHD_Connection *c);

/* ---- CORS (http_admit.c) ---- */
/* An Origin named in the allow-list itself (not admitted by "*"). */
bool mcp__http_origin_listed(const char *origin, const char *const *allowed);

#endif
