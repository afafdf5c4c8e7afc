/* faults.c - fault injection for tests (latency, failing, dropped, malformed
 * and rate-limited requests, counted over the next /api requests) and the
 * request log behind GET /_sim/requests. */
#include "server_int.h"

#include "base/base.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define LOG_MAX 20000 /* oldest entries go first beyond this */

struct sim_fx {
    pthread_mutex_t mu;
    long seq; /* /api requests counted since start */
    int latency_ms;
    long fail_at, fail_count; /* seq numbers fail_at .. fail_at+count-1 fail */
    int fail_status;
    long drop_at, drop_count, malformed_at;
    long burst_left;
    json_t *log;
};

struct sim_fx *sim__fx_new(void)
{
    struct sim_fx *fx = xcalloc(1, sizeof *fx);
    pthread_mutex_init(&fx->mu, NULL);
    fx->log = json_array();
    return fx;
}

void sim__fx_free(struct sim_fx *fx)
{
    if (!fx)
        return;
    json_decref(fx->log);
    pthread_mutex_destroy(&fx->mu);
    free(fx);
}

static void clear_locked(struct sim_fx *fx)
{
    fx->latency_ms = 0;
    fx->fail_at = fx->fail_count = 0;
    fx->fail_status = 0;
    fx->drop_at = fx->drop_count = fx->malformed_at = 0;
    fx->burst_left = 0;
}

void sim__fx_clear(struct sim_fx *fx)
{
    pthread_mutex_lock(&fx->mu);
    clear_locked(fx);
    pthread_mutex_unlock(&fx->mu);
}

/* Reads an optional non-negative integer member; -1 when absent. Returns
 * -2 when present but not a non-negative integer. */
static json_int_t opt_int(const json_t *o, const char *key)
{
    json_t *v = json_object_get(o, key);
    json_int_t n;
    if (!v || json_is_null(v))
        return -1;
    if (!sim__as_int(v, &n) || n < 0)
        return -2;
    return n > 1000000000 ? 1000000000 : n; /* keeps the counters far from overflow */
}

int sim__fx_set(struct sim_fx *fx, const json_t *spec, bool *revoke, int *lifetime_s, char *err,
                size_t errlen)
{
    static const char *const known[] = {"latency_ms",       "fail_nth",  "drop_nth",
                                        "malformed_nth",    "burst_429", "revoke_tokens",
                                        "token_lifetime_s", NULL};
    const char *k;
    json_t *v;
    json_int_t lat, drop, dc = 1, mal, burst, life, fn = -1, fs = 503, fc = 1;
    *revoke = false;
    *lifetime_s = -1;
    if (!json_is_object(spec)) {
        snprintf(err, errlen, "the fault spec must be a JSON object");
        return -1;
    }
    json_object_foreach((json_t *)spec, k, v)
    {
        size_t i;
        for (i = 0; known[i] && strcmp(known[i], k) != 0; i++)
            ;
        if (!known[i]) {
            snprintf(err, errlen, "unknown fault \"%s\"", k);
            return -1;
        }
    }
    lat = opt_int(spec, "latency_ms");
    json_t *dv = json_object_get(spec, "drop_nth");
    if (json_is_object(dv)) { /* {"n":N,"count":C}: C consecutive drops */
        drop = opt_int(dv, "n");
        if (json_object_get(dv, "count"))
            dc = opt_int(dv, "count");
        if (drop < 0 || dc < 1)
            drop = -2;
    } else {
        drop = opt_int(spec, "drop_nth");
    }
    mal = opt_int(spec, "malformed_nth");
    burst = opt_int(spec, "burst_429");
    life = opt_int(spec, "token_lifetime_s");
    json_t *fail = json_object_get(spec, "fail_nth");
    if (fail && !json_is_null(fail)) {
        if (json_is_integer(fail)) {
            fn = opt_int(spec, "fail_nth");
        } else if (json_is_object(fail)) {
            fn = opt_int(fail, "n");
            if (json_object_get(fail, "status"))
                fs = opt_int(fail, "status");
            if (json_object_get(fail, "count"))
                fc = opt_int(fail, "count");
        } else {
            fn = -2;
        }
        if (fn < 1 || fs < 100 || fs > 599 || fc < 1) {
            snprintf(err, errlen,
                     "fail_nth needs {\"n\":N>=1, \"status\":100..599, \"count\":N>=1}");
            return -1;
        }
    }
    if (lat == -2 || drop == -2 || mal == -2 || burst == -2 || life == -2) {
        snprintf(err, errlen, "fault values must be non-negative integers");
        return -1;
    }
    json_t *rv = json_object_get(spec, "revoke_tokens");
    if (rv && !json_is_boolean(rv)) {
        snprintf(err, errlen, "revoke_tokens must be a boolean");
        return -1;
    }
    pthread_mutex_lock(&fx->mu);
    if (lat >= 0)
        fx->latency_ms = (int)lat;
    if (fn >= 1) {
        fx->fail_at = fx->seq + fn;
        fx->fail_count = fc;
        fx->fail_status = (int)fs;
    }
    if (drop >= 0) {
        fx->drop_at = drop ? fx->seq + drop : 0;
        fx->drop_count = dc;
    }
    if (mal >= 0)
        fx->malformed_at = mal ? fx->seq + mal : 0;
    if (burst >= 0)
        fx->burst_left = burst;
    pthread_mutex_unlock(&fx->mu);
    *revoke = json_is_true(rv);
    if (life > 0)
        *lifetime_s = (int)life;
    return 0;
}

enum sim_fault sim__fx_next(struct sim_fx *fx, int *status, int *latency_ms)
{
    enum sim_fault f = SIM_FAULT_NONE;
    pthread_mutex_lock(&fx->mu);
    long n = ++fx->seq;
    *latency_ms = fx->latency_ms;
    if (fx->drop_at && n >= fx->drop_at && n < fx->drop_at + fx->drop_count) {
        f = SIM_FAULT_DROP;
    } else if (fx->fail_count && n >= fx->fail_at && n < fx->fail_at + fx->fail_count) {
        f = SIM_FAULT_FAIL;
        *status = fx->fail_status;
    } else if (fx->malformed_at && n == fx->malformed_at) {
        f = SIM_FAULT_MALFORMED;
    } else if (fx->burst_left > 0) {
        fx->burst_left--;
        f = SIM_FAULT_429;
    }
    pthread_mutex_unlock(&fx->mu);
    return f;
}

int sim__fx_latency(struct sim_fx *fx)
{
    pthread_mutex_lock(&fx->mu);
    int ms = fx->latency_ms;
    pthread_mutex_unlock(&fx->mu);
    return ms;
}

void sim__fx_log(struct sim_fx *fx, json_t *entry)
{
    pthread_mutex_lock(&fx->mu);
    if (json_array_size(fx->log) >= LOG_MAX)
        json_array_remove(fx->log, 0);
    json_array_append_new(fx->log, entry);
    pthread_mutex_unlock(&fx->mu);
}

json_t *sim__fx_log_get(struct sim_fx *fx)
{
    pthread_mutex_lock(&fx->mu);
    json_t *copy = json_deep_copy(fx->log);
    pthread_mutex_unlock(&fx->mu);
    return copy;
}

void sim__fx_log_clear(struct sim_fx *fx)
{
    pthread_mutex_lock(&fx->mu);
    json_array_clear(fx->log);
    pthread_mutex_unlock(&fx->mu);
}
