/* http_guard.c - deadlines for reading a request. libmicrohttpd's own
 * timeout is for inactivity, so a client trickling a header line every few
 * seconds (slowloris) holds a connection for ever; this watchdog shuts
 * down any connection whose request line and headers, or body, take longer
 * than the deadline. While an answer is produced or streamed (SSE) there
 * is no deadline.
 *
 * Safety: libmicrohttpd tells us a connection is closed (NOTIFY_CLOSED)
 * before it closes the socket, and both that callback and the watchdog
 * hold g->mu, so shutdown() never reaches a descriptor reused by then. */
#include "admit_int.h"

#include "base/base.h"

#include <microhttpd.h>

#include <errno.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <time.h>

enum phase { READING = 0, ANSWERING };

struct conn {
    struct conn *next, *prev;
    int fd;
    enum phase phase;
    int64_t deadline;
    bool cut;
};

struct mcp__guard {
    pthread_mutex_t mu;
    pthread_cond_t cv;
    int timeout_ms;
    struct conn *head;
    bool stopping;
    pthread_t thread;
};

static void *watchdog(void *arg)
{
    struct mcp__guard *g = arg;
    int period = g->timeout_ms / 4 < 1000 ? g->timeout_ms / 4 : 1000;
    if (period < 10)
        period = 10;
    pthread_mutex_lock(&g->mu);
    while (!g->stopping) {
        struct timespec t;
        clock_gettime(CLOCK_MONOTONIC, &t);
        t.tv_sec += period / 1000;
        t.tv_nsec += (long)(period % 1000) * 1000000L;
        if (t.tv_nsec >= 1000000000L) {
            t.tv_sec++;
            t.tv_nsec -= 1000000000L;
        }
        pthread_cond_timedwait(&g->cv, &g->mu, &t);
        int64_t now = base_now_ms();
        for (struct conn *k = g->head; k; k = k->next) {
            if (k->phase == READING && !k->cut && now >= k->deadline) {
                /* libmicrohttpd's thread sees end of input and closes it */
                k->cut = true;
                if (shutdown(k->fd, SHUT_RDWR) != 0 && errno != ENOTCONN)
                    log_debug("mcp: http: shutdown of a slow connection failed");
                log_info("mcp: http: closed a connection that took over %d ms to send its "
                         "request", g->timeout_ms);
            }
        }
    }
    pthread_mutex_unlock(&g->mu);
    return NULL;
}

struct mcp__guard *mcp__guard_new(int timeout_ms)
{
    struct mcp__guard *g = xcalloc(1, sizeof *g);
    pthread_condattr_t attr;
    pthread_mutex_init(&g->mu, NULL);
    pthread_condattr_init(&attr);
    pthread_condattr_setclock(&attr, CLOCK_MONOTONIC);
    pthread_cond_init(&g->cv, &attr);
    pthread_condattr_destroy(&attr);
    g->timeout_ms = timeout_ms;
    if (pthread_create(&g->thread, NULL, watchdog, g) != 0) {
        pthread_cond_destroy(&g->cv);
        pthread_mutex_destroy(&g->mu);
        free(g);
        return NULL;
    }
    return g;
}

void mcp__guard_free(struct mcp__guard *g)
{
    if (!g)
        return;
    pthread_mutex_lock(&g->mu);
    g->stopping = true;
    pthread_cond_broadcast(&g->cv);
    pthread_mutex_unlock(&g->mu);
    pthread_join(g->thread, NULL);
    /* the daemon is stopped first, so every connection was notified */
    while (g->head) {
        struct conn *next = g->head->next;
        free(g->head);
        g->head = next;
    }
    pthread_cond_destroy(&g->cv);
    pthread_mutex_destroy(&g->mu);
    free(g);
}

void mcp__guard_notify(void *cls, struct MHD_Connection *c, void **socket_context,
                       enum MHD_ConnectionNotificationCode toe)
{
    struct mcp__guard *g = cls;
    if (toe == MHD_CONNECTION_NOTIFY_STARTED) {
        const union MHD_ConnectionInfo *info =
            MHD_get_connection_info(c, MHD_CONNECTION_INFO_CONNECTION_FD);
        struct conn *k = xcalloc(1, sizeof *k);
        k->fd = info ? info->connect_fd : -1;
        k->phase = k->fd >= 0 ? READING : ANSWERING;
        pthread_mutex_lock(&g->mu);
        k->deadline = base_now_ms() + g->timeout_ms;
        k->next = g->head;
        if (g->head)
            g->head->prev = k;
        g->head = k;
        pthread_mutex_unlock(&g->mu);
        *socket_context = k;
    } else if (toe == MHD_CONNECTION_NOTIFY_CLOSED && *socket_context) {
        struct conn *k = *socket_context;
        pthread_mutex_lock(&g->mu);
        if (k->prev)
            k->prev->next = k->next;
        else
            g->head = k->next;
        if (k->next)
            k->next->prev = k->prev;
        pthread_mutex_unlock(&g->mu);
        free(k);
        *socket_context = NULL;
    }
}

static void set_phase(struct mcp__guard *g, struct MHD_Connection *c, enum phase p)
{
    if (!g)
        return;
    const union MHD_ConnectionInfo *info =
        MHD_get_connection_info(c, MHD_CONNECTION_INFO_SOCKET_CONTEXT);
    struct conn *k = info ? info->socket_context : NULL;
    if (!k)
        return;
    pthread_mutex_lock(&g->mu);
    if (k->fd >= 0) {
        k->phase = p;
        k->deadline = base_now_ms() + g->timeout_ms;
    }
    pthread_mutex_unlock(&g->mu);
}

void mcp__guard_headers_done(struct mcp__guard *g, struct MHD_Connection *c) { set_phase(g, c, READING); }

void mcp__guard_body_done(struct mcp__guard *g, struct MHD_Connection *c) { set_phase(g, c, ANSWERING); }

void mcp__guard_request_done(struct mcp__guard *g, struct MHD_Connection *c) { set_phase(g, c, READING); }
