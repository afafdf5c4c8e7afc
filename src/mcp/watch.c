/* watch.c - resource subscriptions across the whole server: which uris any
 * client watches (2025 sessions that sent resources/subscribe, 2026 listen
 * streams), notifications/resources/updated to all of them, and the ticker
 * thread an embedding layer uses to notice changes. */
#include "mcp_int.h"

#include "base/base.h"

#include <errno.h>
#include <string.h>

void mcp__watch_init(struct mcp_server *srv)
{
    pthread_mutex_init(&srv->watch_mu, NULL);
    pthread_mutex_init(&srv->tick_mu, NULL);
    mcp__cond_init_monotonic(&srv->tick_cv);
    atomic_init(&srv->stopping, false);
}

void mcp__watch_stop(struct mcp_server *srv)
{
    pthread_mutex_lock(&srv->tick_mu);
    atomic_store(&srv->stopping, true);
    pthread_cond_broadcast(&srv->tick_cv);
    bool join = srv->has_ticker;
    srv->has_ticker = false;
    pthread_mutex_unlock(&srv->tick_mu);
    if (join)
        pthread_join(srv->ticker, NULL);
}

void mcp__watch_free(struct mcp_server *srv)
{
    pthread_cond_destroy(&srv->tick_cv);
    pthread_mutex_destroy(&srv->tick_mu);
    pthread_mutex_destroy(&srv->watch_mu);
}

bool mcp_server_stopping(struct mcp_server *srv) { return atomic_load(&srv->stopping); }

void mcp_server_allow_subscriptions(struct mcp_server *srv, bool on) { srv->no_subscriptions = !on; }

void mcp__watch_add(struct mcp_session *s)
{
    struct mcp_server *srv = s->srv;
    pthread_mutex_lock(&srv->watch_mu);
    if (!s->watching) {
        s->watching = true;
        s->watch_next = srv->watchers;
        srv->watchers = s;
    }
    pthread_mutex_unlock(&srv->watch_mu);
}

void mcp__watch_remove(struct mcp_session *s)
{
    struct mcp_server *srv = s->srv;
    pthread_mutex_lock(&srv->watch_mu);
    if (s->watching) {
        struct mcp_session **pp = &srv->watchers;
        while (*pp && *pp != s)
            pp = &(*pp)->watch_next;
        if (*pp)
            *pp = s->watch_next;
        s->watching = false;
        s->watch_next = NULL;
    }
    pthread_mutex_unlock(&srv->watch_mu);
}

json_t *mcp_server_subscriptions(struct mcp_server *srv)
{
    json_t *set = json_object();
    pthread_mutex_lock(&srv->watch_mu);
    for (struct mcp_session *s = srv->watchers; s; s = s->watch_next) {
        pthread_mutex_lock(&s->lock);
        json_object_update(set, s->subscriptions);
        pthread_mutex_unlock(&s->lock);
    }
    pthread_mutex_unlock(&srv->watch_mu);
    mcp__listeners_uris(srv, set);
    json_t *out = json_array();
    const char *uri;
    json_t *v;
    json_object_foreach(set, uri, v)
        json_array_append_new(out, json_string(uri));
    json_decref(set);
    return out;
}

void mcp_server_resource_updated(struct mcp_server *srv, const char *uri)
{
    /* watch_mu keeps every listed session alive: mcp_session_free takes
     * it out of the list before it frees anything. */
    pthread_mutex_lock(&srv->watch_mu);
    for (struct mcp_session *s = srv->watchers; s; s = s->watch_next)
        mcp_session_resource_updated(s, uri);
    pthread_mutex_unlock(&srv->watch_mu);
    mcp__listeners_updated(srv, uri);
}

/* ---- the ticker ---- */

static void *ticker_main(void *arg)
{
    struct mcp_server *srv = arg;
    pthread_mutex_lock(&srv->tick_mu);
    while (!atomic_load(&srv->stopping)) {
        struct timespec until = mcp__deadline_in(srv->tick_ms);
        int rc = 0;
        while (!atomic_load(&srv->stopping) && rc != ETIMEDOUT)
            rc = pthread_cond_timedwait(&srv->tick_cv, &srv->tick_mu, &until);
        if (atomic_load(&srv->stopping))
            break;
        pthread_mutex_unlock(&srv->tick_mu);
        srv->tick(srv, srv->tick_data);
        pthread_mutex_lock(&srv->tick_mu);
    }
    pthread_mutex_unlock(&srv->tick_mu);
    return NULL;
}

void mcp_server_set_ticker(struct mcp_server *srv, int interval_ms, mcp_tick_fn fn, void *data)
{
    pthread_mutex_lock(&srv->tick_mu);
    bool running = srv->has_ticker;
    pthread_mutex_unlock(&srv->tick_mu);
    if (running) {
        log_warn("mcp: a ticker is already running; not replaced");
        return;
    }
    if (interval_ms <= 0 || !fn)
        return;
    srv->tick_ms = interval_ms;
    srv->tick = fn;
    srv->tick_data = data;
    if (pthread_create(&srv->ticker, NULL, ticker_main, srv) != 0) {
        log_error("mcp: cannot start the ticker thread");
        return;
    }
    pthread_mutex_lock(&srv->tick_mu);
    srv->has_ticker = true;
    pthread_mutex_unlock(&srv->tick_mu);
}
