/* throttle.c - the client-side rolling window every thread shares, so a
 * burst waits its turn instead of drawing 429s, and adopting the limit a
 * 429 message states. */
#include "halo_int.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* Slack added to each window: clocks tick in milliseconds and the server
 * may compare with <= where we compare with <. */
#define WINDOW_MARGIN_MS 25

void halo__throttle_init(struct halo_throttle *t, int limit, int window_s)
{
    memset(t, 0, sizeof *t);
    pthread_mutex_init(&t->lock, NULL);
    t->limit = limit > 0 ? limit : 500;
    t->window_ms = (window_s > 0 ? window_s : 180) * 1000;
    t->next_id = 1;
}

void halo__throttle_destroy(struct halo_throttle *t)
{
    free(t->slots);
    t->slots = NULL;
    pthread_mutex_destroy(&t->lock);
}

/* Drops stamps older than the window. Caller holds the lock. */
static void prune(struct halo_throttle *t, int64_t now)
{
    size_t w = 0;
    for (size_t i = 0; i < t->nslots; i++) {
        const struct halo_slot *s = &t->slots[i];
        if (s->in_flight || s->ms + t->window_ms + WINDOW_MARGIN_MS > now)
            t->slots[w++] = *s;
    }
    t->nslots = w;
}

int halo__throttle_acquire(struct halo_throttle *t, int64_t deadline_ms, uint64_t *id,
                           int64_t *retry_ms)
{
    bool waited = false;
    for (;;) {
        if (halo__cancelled())
            return -1;
        int64_t now = base_now_ms(), wait_ms = 0;
        pthread_mutex_lock(&t->lock);
        prune(t, now);
        if ((int)t->nslots < t->limit) {
            if (t->nslots == t->cap) {
                t->cap = t->cap ? t->cap * 2 : 64;
                t->slots = xrealloc(t->slots, t->cap * sizeof t->slots[0]);
            }
            *id = t->next_id++;
            t->slots[t->nslots++] = (struct halo_slot){.ms = now, .id = *id, .in_flight = true};
            t->requests_total++;
            if (waited)
                t->throttled_waits++;
            pthread_mutex_unlock(&t->lock);
            return 0;
        }
        /* Full: sleep until the oldest finished request leaves the window
         * (or a little while when every slot is still in flight). */
        int64_t oldest = INT64_MAX;
        for (size_t i = 0; i < t->nslots; i++) {
            if (!t->slots[i].in_flight && t->slots[i].ms < oldest)
                oldest = t->slots[i].ms;
        }
        wait_ms = oldest == INT64_MAX ? 20 : oldest + t->window_ms + WINDOW_MARGIN_MS - now;
        /* Every slot in flight: the soonest one frees is a window after
         * one completes. */
        int64_t room_ms = oldest == INT64_MAX ? t->window_ms : wait_ms;
        int limit = t->limit, window_s = t->window_ms / 1000;
        pthread_mutex_unlock(&t->lock);
        if (now + room_ms > deadline_ms) {
            *retry_ms = room_ms;
            log_debug("throttle: %d requests in the last %d s; room in %lld ms, past the wait "
                      "budget",
                      limit, window_s, (long long)room_ms);
            return -2;
        }
        if (!waited)
            log_debug("throttle: %d requests in the last %d s; waiting %lld ms", limit, window_s,
                      (long long)wait_ms);
        waited = true;
        if (wait_ms < 1)
            wait_ms = 1;
        if (halo__sleep(wait_ms) < 0)
            return -1;
    }
}

void halo__throttle_release(struct halo_throttle *t, uint64_t id)
{
    int64_t now = base_now_ms();
    pthread_mutex_lock(&t->lock);
    for (size_t i = 0; i < t->nslots; i++) {
        if (t->slots[i].id == id) {
            t->slots[i].ms = now;
            t->slots[i].in_flight = false;
            break;
        }
    }
    pthread_mutex_unlock(&t->lock);
}

/* Reads "<N> requests per [rolling] [<M>] <second|minute|hour> window".
 * HaloPSA says "Rate Limit Reached - 300 Requests per rolling 5 minute
 * window". */
int halo__parse_rate_message(const char *msg, int *limit, int *window_s)
{
    if (!msg)
        return -1;
    const char *p = strcasestr(msg, "request");
    if (!p || p == msg)
        return -1;
    /* The number just before "requests". */
    const char *e = p;
    while (e > msg && isspace((unsigned char)e[-1]))
        e--;
    const char *b = e;
    while (b > msg && isdigit((unsigned char)b[-1]))
        b--;
    if (b == e)
        return -1;
    long n = strtol(b, NULL, 10);
    const char *q = strcasestr(p, " per ");
    if (!q)
        return -1;
    q += 5;
    while (isspace((unsigned char)*q))
        q++;
    if (strncasecmp(q, "rolling", 7) == 0)
        q += 7;
    while (isspace((unsigned char)*q))
        q++;
    long m = 1;
    if (isdigit((unsigned char)*q)) {
        char *end;
        m = strtol(q, &end, 10);
        q = end;
        while (isspace((unsigned char)*q) || *q == '-')
            q++;
    }
    long unit;
    if (strncasecmp(q, "sec", 3) == 0 || (tolower((unsigned char)q[0]) == 's' && !isalpha((unsigned char)q[1])))
        unit = 1;
    else if (strncasecmp(q, "min", 3) == 0 || (tolower((unsigned char)q[0]) == 'm' && !isalpha((unsigned char)q[1])))
        unit = 60;
    else if (strncasecmp(q, "hour", 4) == 0 || (tolower((unsigned char)q[0]) == 'h' && !isalpha((unsigned char)q[1])))
        unit = 3600;
    else
        return -1;
    if (n < 1 || n > 1000000 || m < 1 || m > 86400 / unit) /* m * unit could overflow */
        return -1;
    *limit = (int)n;
    *window_s = (int)(m * unit);
    return 0;
}

void halo__throttle_on_429(struct halo_throttle *t, const char *msg)
{
    int limit, window_s;
    bool parsed = halo__parse_rate_message(msg, &limit, &window_s) == 0;
    pthread_mutex_lock(&t->lock);
    t->rate_limited++;
    /* Only ever stricter: a configured limit below HaloPSA's is deliberate
     * (several programs sharing one application). Compared as rates,
     * limit/window, in integers. */
    bool adopt = parsed && (int64_t)limit * t->window_ms < (int64_t)t->limit * window_s * 1000;
    bool same = parsed && limit == t->limit && window_s * 1000 == t->window_ms;
    if (adopt && !same) {
        t->limit = limit;
        t->window_ms = window_s * 1000;
        t->adopted = true;
    }
    pthread_mutex_unlock(&t->lock);
    if (adopt && !same)
        log_warn("HaloPSA rate limit reached; adopting its stated limit of %d requests per %d s "
                 "for the rest of this run",
                 limit, window_s);
}

int halo__throttle_used(struct halo_throttle *t)
{
    pthread_mutex_lock(&t->lock);
    prune(t, base_now_ms());
    int n = (int)t->nslots;
    pthread_mutex_unlock(&t->lock);
    return n;
}
