/* http_park.c - connections that wait without a thread of their own. The
 * HTTP server runs libmicrohttpd's epoll loop on a few threads, so nothing
 * may block there: an answer that is not ready yet (a JSON answer to a
 * call still running, an SSE stream with nothing to send) suspends its
 * connection here and is resumed when its owner has something (a message,
 * the end) or when its timer is due (an SSE keepalive comment). Work that
 * may block (ending a session waits for its calls) runs on this file's
 * thread instead of libmicrohttpd's.
 *
 * Locking: p->mu is taken after the owner's lock (a session's or a 2026
 * stream's mu) and before libmicrohttpd's own; nothing is called under it
 * that could call back. An owner suspends and wakes only with its own lock
 * held, so a wake-up cannot slip between "nothing to send" and the
 * suspension. */
#include "http_int.h"

#include "base/base.h"

#include <stdlib.h>

struct job {
    struct job *next;
    void (*fn)(void *);
    void *arg;
};

struct mcp__park {
    pthread_mutex_t mu;
    pthread_cond_t cv;
    struct mcp__parked *head; /* suspended connections */
    size_t nparked;
    struct job *jobs, **jobs_tail;
    int64_t wakes_at; /* when the thread wakes next, unless signalled */
    bool stopping; /* no more suspensions */
    bool quit;     /* the thread ends once the jobs are done */
    pthread_t thread;
};

static void unlink_parked(struct mcp__park *p, struct mcp__parked *w)
{
    if (w->prev)
        w->prev->next = w->next;
    else
        p->head = w->next;
    if (w->next)
        w->next->prev = w->prev;
    w->next = w->prev = NULL;
    w->suspended = false;
    p->nparked--;
}

/* Resumes w's connection. p->mu held. */
static void resume(struct mcp__park *p, struct mcp__parked *w)
{
    struct MHD_Connection *c = w->c;
    unlink_parked(p, w);
    MHD_resume_connection(c);
}

/* The timer: resumes connections whose time is due; runs deferred jobs. */
static void *park_thread(void *arg)
{
    struct mcp__park *p = arg;
    pthread_mutex_lock(&p->mu);
    for (;;) {
        while (p->jobs) {
            struct job *j = p->jobs;
            p->jobs = j->next;
            if (!p->jobs)
                p->jobs_tail = &p->jobs;
            pthread_mutex_unlock(&p->mu);
            j->fn(j->arg);
            free(j);
            pthread_mutex_lock(&p->mu);
        }
        if (p->quit)
            break;
        int64_t now = base_now_ms(), next = now + 1000;
        struct mcp__parked *w = p->head;
        while (w) {
            struct mcp__parked *after = w->next;
            if (w->due && w->due <= now)
                resume(p, w);
            else if (w->due && w->due < next)
                next = w->due;
            w = after;
        }
        if (p->jobs)
            continue;
        p->wakes_at = next;
        struct timespec t = mcp__deadline_in(next - now);
        pthread_cond_timedwait(&p->cv, &p->mu, &t);
    }
    pthread_mutex_unlock(&p->mu);
    return NULL;
}

struct mcp__park *mcp__park_new(void)
{
    struct mcp__park *p = xcalloc(1, sizeof *p);
    pthread_mutex_init(&p->mu, NULL);
    mcp__cond_init_monotonic(&p->cv);
    p->jobs_tail = &p->jobs;
    if (pthread_create(&p->thread, NULL, park_thread, p) != 0) {
        pthread_cond_destroy(&p->cv);
        pthread_mutex_destroy(&p->mu);
        free(p);
        return NULL;
    }
    return p;
}

void mcp__park_stop(struct mcp__park *p)
{
    pthread_mutex_lock(&p->mu);
    p->stopping = true;
    while (p->head)
        resume(p, p->head);
    pthread_mutex_unlock(&p->mu);
}

void mcp__park_free(struct mcp__park *p)
{
    if (!p)
        return;
    pthread_mutex_lock(&p->mu);
    p->stopping = true;
    p->quit = true;
    pthread_cond_broadcast(&p->cv);
    pthread_mutex_unlock(&p->mu);
    pthread_join(p->thread, NULL); /* after running every job left */
    pthread_cond_destroy(&p->cv);
    pthread_mutex_destroy(&p->mu);
    free(p);
}

bool mcp__park_suspend(struct mcp__park *p, struct mcp__parked *w, struct MHD_Connection *c, int due_ms)
{
    bool ok;
    pthread_mutex_lock(&p->mu);
    ok = !p->stopping && !w->suspended;
    if (ok) {
        w->c = c;
        w->due = due_ms > 0 ? base_now_ms() + due_ms : 0;
        w->suspended = true;
        w->prev = NULL;
        w->next = p->head;
        if (p->head)
            p->head->prev = w;
        p->head = w;
        p->nparked++;
        MHD_suspend_connection(c);
        if (w->due && w->due < p->wakes_at)
            pthread_cond_signal(&p->cv); /* due before the thread looks again */
    }
    pthread_mutex_unlock(&p->mu);
    return ok;
}

void mcp__park_wake(struct mcp__park *p, struct mcp__parked *w)
{
    pthread_mutex_lock(&p->mu);
    if (w->suspended)
        resume(p, w);
    pthread_mutex_unlock(&p->mu);
}

void mcp__park_defer(struct mcp__park *p, void (*fn)(void *), void *arg)
{
    struct job *j = xcalloc(1, sizeof *j);
    j->fn = fn;
    j->arg = arg;
    pthread_mutex_lock(&p->mu);
    *p->jobs_tail = j;
    p->jobs_tail = &j->next;
    pthread_cond_signal(&p->cv);
    pthread_mutex_unlock(&p->mu);
}

