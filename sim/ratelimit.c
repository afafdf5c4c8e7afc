/* ratelimit.c - HaloPSA's rolling-window rate limit, one window per client
 * id: the timestamps of the last `limit` requests in a ring. */
#include "server_int.h"

#include "base/base.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

struct window {
    char *client_id;
    int64_t *ring; /* limit timestamps (ms), oldest at head once full */
    size_t head, used;
};

struct sim_rl {
    pthread_mutex_t mu;
    int limit, window_s;
    struct window *w;
    size_t n;
};

struct sim_rl *sim__rl_new(int limit, int window_s)
{
    struct sim_rl *rl = xcalloc(1, sizeof *rl);
    pthread_mutex_init(&rl->mu, NULL);
    rl->limit = limit > 0 ? limit : 500;
    rl->window_s = window_s > 0 ? window_s : 180;
    return rl;
}

void sim__rl_free(struct sim_rl *rl)
{
    if (!rl)
        return;
    for (size_t i = 0; i < rl->n; i++) {
        free(rl->w[i].client_id);
        free(rl->w[i].ring);
    }
    free(rl->w);
    pthread_mutex_destroy(&rl->mu);
    free(rl);
}

/* Borrowed window for client_id, created on first use. Lock held. */
static struct window *window_for(struct sim_rl *rl, const char *client_id)
{
    for (size_t i = 0; i < rl->n; i++) {
        if (strcmp(rl->w[i].client_id, client_id) == 0)
            return &rl->w[i];
    }
    rl->w = xrealloc(rl->w, (rl->n + 1) * sizeof *rl->w);
    struct window *w = &rl->w[rl->n++];
    w->client_id = xstrdup(client_id);
    w->ring = xcalloc((size_t)rl->limit, sizeof *w->ring);
    w->head = 0;
    w->used = 0;
    return w;
}

int sim__rl_take(struct sim_rl *rl, const char *client_id, int *retry_s)
{
    int rc = 0;
    int64_t now = base_now_ms(), span = (int64_t)rl->window_s * 1000;
    pthread_mutex_lock(&rl->mu);
    struct window *w = window_for(rl, client_id ? client_id : "");
    size_t cap = (size_t)rl->limit;
    if (w->used == cap) {
        int64_t oldest = w->ring[w->head];
        if (now - oldest < span) {
            int64_t wait = oldest + span - now;
            *retry_s = (int)((wait + 999) / 1000);
            if (*retry_s < 1)
                *retry_s = 1;
            rc = -1;
            goto out;
        }
        w->ring[w->head] = now;
        w->head = (w->head + 1) % cap;
    } else {
        w->ring[(w->head + w->used) % cap] = now;
        w->used++;
    }
out:
    pthread_mutex_unlock(&rl->mu);
    return rc;
}

char *sim__rl_message(const struct sim_rl *rl)
{
    if (rl->window_s % 60 == 0)
        return xasprintf("Rate Limit Reached - %d Requests per rolling %d minute window", rl->limit,
                         rl->window_s / 60);
    return xasprintf("Rate Limit Reached - %d Requests per rolling %d second window", rl->limit,
                     rl->window_s);
}
