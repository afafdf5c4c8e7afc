/* http_admit.c - who gets a session and how many calls at once: the
 * admission rule that picks the session to end when the table is full (an
 * idle one, never a busy one; a principal over its share loses its own
 * first) and the per-principal limit on concurrent calls. */
#include "admit_int.h"

#include "base/base.h"

#include <string.h>
#include <strings.h>

/* The better victim of two idle sessions: one never used after
 * initialize (a flood of bare initializes ends its own sessions, not live
 * ones), then the least recently used. */
static bool worse(const struct mcp__admit_cand *a, const struct mcp__admit_cand *b)
{
    if (a->used != b->used)
        return !a->used;
    return a->last_used < b->last_used;
}

/* Index of the best idle victim (only source's when own), or -1. */
static int victim(const struct mcp__admit_cand *cands, size_t n, const char *source, bool own)
{
    int best = -1;
    for (size_t i = 0; i < n; i++) {
        if (!cands[i].idle || (own && strcmp(cands[i].source, source) != 0))
            continue;
        if (best < 0 || worse(&cands[i], &cands[best]))
            best = (int)i;
    }
    return best;
}

int mcp__admit_pick(const struct mcp__admit_cand *cands, size_t n, size_t reserved,
                    const char *source, size_t per_source, size_t max_total)
{
    size_t mine = 0;
    for (size_t i = 0; i < n; i++)
        mine += strcmp(cands[i].source, source) == 0;
    if (per_source && mine >= per_source) {
        /* over its share: it makes room among its own sessions, however
         * many others hold */
        int v = victim(cands, n, source, true);
        return v >= 0 ? v : MCP__ADMIT_REFUSE;
    }
    if (n + reserved < max_total)
        return MCP__ADMIT_ROOM;
    int v = victim(cands, n, source, false);
    return v >= 0 ? v : MCP__ADMIT_REFUSE;
}

/* ------------------------------------------------------------------ */
/* Calls per principal                                                 */

struct slot {
    char name[128];
    size_t running;
};

struct mcp__calls {
    pthread_mutex_t mu; /* a leaf lock: nothing else is taken under it */
    size_t max;
    struct slot *v;
    size_t n;
};

struct mcp__calls *mcp__calls_new(size_t max_per_principal)
{
    struct mcp__calls *c = xcalloc(1, sizeof *c);
    pthread_mutex_init(&c->mu, NULL);
    c->max = max_per_principal;
    return c;
}

void mcp__calls_free(struct mcp__calls *c)
{
    if (!c)
        return;
    pthread_mutex_destroy(&c->mu);
    free(c->v);
    free(c);
}

size_t mcp__calls_max(const struct mcp__calls *c) { return c->max; }

static struct slot *find(struct mcp__calls *c, const char *name)
{
    for (size_t i = 0; i < c->n; i++)
        if (strcmp(c->v[i].name, name) == 0)
            return &c->v[i];
    return NULL;
}

bool mcp__calls_acquire(struct mcp__calls *c, const char *name)
{
    bool ok = true;
    pthread_mutex_lock(&c->mu);
    struct slot *s = find(c, name);
    if (!s) {
        /* slots of principals with nothing running are reused */
        for (size_t i = 0; i < c->n && !s; i++)
            if (c->v[i].running == 0)
                s = &c->v[i];
        if (!s) {
            c->v = xrealloc(c->v, (c->n + 1) * sizeof *c->v);
            s = &c->v[c->n++];
        }
        memset(s, 0, sizeof *s);
        snprintf(s->name, sizeof s->name, "%s", name);
    }
    if (c->max && s->running >= c->max)
        ok = false;
    else
        s->running++;
    pthread_mutex_unlock(&c->mu);
    return ok;
}

void mcp__calls_release(struct mcp__calls *c, const char *name)
{
    pthread_mutex_lock(&c->mu);
    struct slot *s = find(c, name);
    if (s && s->running > 0)
        s->running--;
    pthread_mutex_unlock(&c->mu);
}

/* ------------------------------------------------------------------ */
/* CORS                                                                */

bool mcp__http_origin_listed(const char *origin, const char *const *allowed)
{
    if (!origin)
        return false;
    if (!allowed) /* the default list: loopback origins, each its own */
        return mcp__http_origin_allowed(origin, NULL);
    for (size_t i = 0; allowed[i]; i++)
        if (strcmp(allowed[i], "*") != 0 && strcasecmp(allowed[i], origin) == 0)
            return true;
    return false;
}
