/* auth.c - the simulator's bearer tokens: random, with an expiry, revocable
 * all at once (the revoke_tokens fault). */
#include "server_int.h"

#include "base/base.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>

struct token {
    char *value;
    char *client_id;
    int64_t expires_ms; /* monotonic */
};

struct sim_auth {
    pthread_mutex_t mu;
    struct token *v;
    size_t n, cap;
};

struct sim_auth *sim__auth_new(void)
{
    struct sim_auth *a = xcalloc(1, sizeof *a);
    pthread_mutex_init(&a->mu, NULL);
    return a;
}

static void drop(struct sim_auth *a, size_t i)
{
    free(a->v[i].value);
    free(a->v[i].client_id);
    a->v[i] = a->v[--a->n];
}

void sim__auth_free(struct sim_auth *a)
{
    if (!a)
        return;
    while (a->n)
        drop(a, 0);
    free(a->v);
    pthread_mutex_destroy(&a->mu);
    free(a);
}

static void fill_random(unsigned char *p, size_t n)
{
    size_t got = 0;
    while (got < n) {
        ssize_t r = getrandom(p + got, n - got, 0);
        if (r < 0) {
            /* getrandom only fails before the pool is seeded or on EINTR;
             * either way retrying is right, and a token must never be weak. */
            continue;
        }
        got += (size_t)r;
    }
}

char *sim__auth_issue(struct sim_auth *a, const char *client_id, int lifetime_s)
{
    unsigned char raw[24];
    char hex[sizeof raw * 2 + 1];
    int64_t now = base_now_ms();
    fill_random(raw, sizeof raw);
    for (size_t i = 0; i < sizeof raw; i++)
        snprintf(hex + 2 * i, 3, "%02x", raw[i]);
    pthread_mutex_lock(&a->mu);
    for (size_t i = 0; i < a->n;) { /* forget expired tokens */
        if (a->v[i].expires_ms <= now)
            drop(a, i);
        else
            i++;
    }
    if (a->n == a->cap) {
        a->cap = a->cap ? a->cap * 2 : 16;
        a->v = xrealloc(a->v, a->cap * sizeof *a->v);
    }
    a->v[a->n].value = xstrdup(hex);
    a->v[a->n].client_id = xstrdup(client_id);
    a->v[a->n].expires_ms = now + (int64_t)lifetime_s * 1000;
    a->n++;
    pthread_mutex_unlock(&a->mu);
    log_add_secret(hex);
    return xstrdup(hex);
}

int sim__auth_check(struct sim_auth *a, const char *token, char *client_id, size_t len)
{
    int rc = -1;
    int64_t now = base_now_ms();
    if (!token || !*token)
        return -1;
    pthread_mutex_lock(&a->mu);
    for (size_t i = 0; i < a->n; i++) {
        if (strcmp(a->v[i].value, token) == 0) {
            if (a->v[i].expires_ms > now) {
                snprintf(client_id, len, "%s", a->v[i].client_id);
                rc = 0;
            }
            break;
        }
    }
    pthread_mutex_unlock(&a->mu);
    return rc;
}

void sim__auth_revoke_all(struct sim_auth *a)
{
    pthread_mutex_lock(&a->mu);
    while (a->n)
        drop(a, 0);
    pthread_mutex_unlock(&a->mu);
}
