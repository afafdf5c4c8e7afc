/* workers.c - the threads calls run on, kept for the next call: a call
 * starts on an idle thread when there is one (no thread to create, no
 * fresh stack to fault in), else on a new one. Every call still gets a
 * thread of its own at once, however many run: a call may wait minutes for
 * HaloPSA or for an elicitation answer, so a fixed pool could starve the
 * others. Threads beyond IDLE_MAX, or idle for IDLE_MS, end. */
#include "mcp_int.h"

#include "base/base.h"

#include <errno.h>
#include <stdlib.h>

#define IDLE_MAX 64
#define IDLE_MS 30000

struct worker {
    struct worker *next; /* in the idle list */
    pthread_cond_t cv;   /* a job came */
    void (*fn)(void *);
    void *arg;
};

static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
static struct worker *idle;
static size_t nidle;

/* Takes w out of the idle list. mu held. */
static void unlink_idle(struct worker *w)
{
    for (struct worker **pp = &idle; *pp; pp = &(*pp)->next) {
        if (*pp == w) {
            *pp = w->next;
            nidle--;
            return;
        }
    }
}

static void *thread_main(void *arg)
{
    struct worker *w = arg;
    for (;;) {
        w->fn(w->arg);
        pthread_mutex_lock(&mu);
        if (nidle >= IDLE_MAX) {
            pthread_mutex_unlock(&mu);
            break;
        }
        w->fn = NULL;
        w->next = idle;
        idle = w;
        nidle++;
        struct timespec t = mcp__deadline_in(IDLE_MS);
        while (!w->fn && pthread_cond_timedwait(&w->cv, &mu, &t) != ETIMEDOUT)
            ;
        if (!w->fn) { /* idle too long: nobody can hand it a job now */
            unlink_idle(w);
            pthread_mutex_unlock(&mu);
            break;
        }
        pthread_mutex_unlock(&mu);
    }
    pthread_cond_destroy(&w->cv);
    free(w);
    return NULL;
}

int mcp__workers_run(void (*fn)(void *), void *arg)
{
    pthread_mutex_lock(&mu);
    struct worker *w = idle;
    if (w) {
        idle = w->next;
        nidle--;
        w->fn = fn;
        w->arg = arg;
        pthread_cond_signal(&w->cv);
    }
    pthread_mutex_unlock(&mu);
    if (w)
        return 0;
    w = xcalloc(1, sizeof *w);
    mcp__cond_init_monotonic(&w->cv);
    w->fn = fn;
    w->arg = arg;
    pthread_attr_t attr;
    pthread_t t;
    int rc = pthread_attr_init(&attr);
    if (rc == 0) {
        pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
        rc = pthread_create(&t, &attr, thread_main, w);
        pthread_attr_destroy(&attr);
    }
    if (rc != 0) {
        pthread_cond_destroy(&w->cv);
        free(w);
        return -1;
    }
    return 0;
}
