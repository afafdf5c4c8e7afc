/* faults.c - fault injection for tests: request faults counted over the
 * next /api requests (latency, failing, dropped, malformed, rate-limited),
 * write faults counted over the next writes (POST/DELETE), each one before
 * or after the write is applied, and the request log behind
 * GET /_sim/requests. */
#include "server_int.h"

#include "base/base.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define LOG_MAX 20000 /* oldest entries go first beyond this */

struct sim_fx {
    pthread_mutex_t mu;
    long seq; /* /api requests counted since start */
    int latency_ms;
    long fail_at, fail_count; /* seq numbers fail_at .. fail_at+count-1 fail */
    int fail_status;
    long drop_at, drop_count, malformed_at;
    long burst_left;
    /* The write fault: writes wfirst .. wfirst+wcount-1 (counted from wseq)
     * that match wentity/wmethod get wkind. */
    long wseq, wfirst, wcount;
    enum sim_fault wkind;
    int wstatus, whold_ms;
    char wentity[64], wmethod[16];
    long logseq;
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
    fx->wfirst = fx->wcount = 0;
    fx->wkind = SIM_FAULT_NONE;
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

/* The write fault kinds: name, kind, and whether the write is applied. */
static const struct {
    const char *name;
    enum sim_fault kind;
} write_kinds[] = {
    {"error", SIM_FAULT_FAIL},          {"5xx", SIM_FAULT_FAIL},
    {"drop_before", SIM_FAULT_DROP},    {"drop_after", SIM_FAULT_DROP_AFTER},
    {"hold_after", SIM_FAULT_HOLD_AFTER}, {"timeout_after", SIM_FAULT_HOLD_AFTER},
    {"malformed_after", SIM_FAULT_MALFORMED}, {"error_after", SIM_FAULT_FAIL_AFTER},
    {"429", SIM_FAULT_429},             {"revoke", SIM_FAULT_REVOKE},
};

struct wfault {
    enum sim_fault kind;
    json_int_t n, count, status, hold_ms;
    const char *entity, *method;
};

/* {"kind":K, "n":N (1 = the next write), "count":C, "status":S (error,
 * error_after; default 503), "hold_ms":MS (hold_after; default 5000),
 * "entity":"Tickets", "method":"POST"|"DELETE"}. 0 or -1 with err. */
static int parse_write_fault(const json_t *v, struct wfault *w, char *err, size_t errlen)
{
    const char *kind = json_string_value(json_object_get(v, "kind"));
    memset(w, 0, sizeof *w);
    w->kind = SIM_FAULT_NONE;
    for (size_t i = 0; kind && i < sizeof write_kinds / sizeof write_kinds[0]; i++)
        if (strcmp(kind, write_kinds[i].name) == 0)
            w->kind = write_kinds[i].kind;
    if (!json_is_object(v) || w->kind == SIM_FAULT_NONE) {
        snprintf(err, errlen, "write_fault needs a kind: error, drop_before, drop_after, "
                              "hold_after, malformed_after, error_after, 429 or revoke");
        return -1;
    }
    w->n = json_object_get(v, "n") ? opt_int(v, "n") : 1;
    w->count = json_object_get(v, "count") ? opt_int(v, "count") : 1;
    w->status = json_object_get(v, "status") ? opt_int(v, "status") : 503;
    w->hold_ms = json_object_get(v, "hold_ms") ? opt_int(v, "hold_ms") : 5000;
    w->entity = json_string_value(json_object_get(v, "entity"));
    w->method = json_string_value(json_object_get(v, "method"));
    if (w->n < 1 || w->count < 1 || w->status < 100 || w->status > 599 || w->hold_ms < 0 ||
        w->hold_ms > 600000) {
        snprintf(err, errlen, "write_fault: n and count >= 1, status 100..599, hold_ms 0..600000");
        return -1;
    }
    if (!w->entity)
        w->entity = "";
    if (!w->method)
        w->method = "";
    return 0;
}

int sim__fx_set(struct sim_fx *fx, const json_t *spec, bool *revoke, int *lifetime_s, char *err,
                size_t errlen)
{
    static const char *const known[] = {"latency_ms",       "fail_nth",  "drop_nth",
                                        "malformed_nth",    "burst_429", "revoke_tokens",
                                        "token_lifetime_s", "write_fault", NULL};
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
    struct wfault wf;
    json_t *wv = json_object_get(spec, "write_fault");
    if (wv && parse_write_fault(wv, &wf, err, errlen) != 0)
        return -1;
    pthread_mutex_lock(&fx->mu);
    if (wv) {
        fx->wfirst = fx->wseq + wf.n;
        fx->wcount = wf.count;
        fx->wkind = wf.kind;
        fx->wstatus = wf.status;
        fx->whold_ms = wf.hold_ms;
        snprintf(fx->wentity, sizeof fx->wentity, "%s", wf.entity);
        snprintf(fx->wmethod, sizeof fx->wmethod, "%s", wf.method);
    }
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

static const char *kind_name(enum sim_fault k)
{
    for (size_t i = 0; i < sizeof write_kinds / sizeof write_kinds[0]; i++)
        if (write_kinds[i].kind == k)
            return write_kinds[i].name;
    return "";
}

/* Whether a write matches the write fault's entity/method filter. */
static bool write_matches(const struct sim_fx *fx, const char *method, const char *entity)
{
    if (fx->wmethod[0] && strcasecmp(fx->wmethod, method) != 0)
        return false;
    return !fx->wentity[0] || (entity && strcasecmp(fx->wentity, entity) == 0);
}

void sim__fx_next(struct sim_fx *fx, const char *method, const char *entity, struct sim_hit *hit)
{
    bool write = strcmp(method, "POST") == 0 || strcmp(method, "DELETE") == 0;
    memset(hit, 0, sizeof *hit);
    hit->kind = SIM_FAULT_NONE;
    pthread_mutex_lock(&fx->mu);
    long n = ++fx->seq;
    hit->latency_ms = fx->latency_ms;
    if (write && fx->wcount && write_matches(fx, method, entity)) {
        long w = ++fx->wseq;
        if (w >= fx->wfirst && w < fx->wfirst + fx->wcount) {
            hit->kind = fx->wkind;
            hit->status = fx->wstatus;
            hit->hold_ms = fx->whold_ms;
            hit->name = kind_name(fx->wkind);
            goto out;
        }
    }
    if (fx->drop_at && n >= fx->drop_at && n < fx->drop_at + fx->drop_count) {
        hit->kind = SIM_FAULT_DROP;
        hit->name = "drop_nth";
    } else if (fx->fail_count && n >= fx->fail_at && n < fx->fail_at + fx->fail_count) {
        hit->kind = SIM_FAULT_FAIL;
        hit->status = fx->fail_status;
        hit->name = "fail_nth";
    } else if (fx->malformed_at && n == fx->malformed_at) {
        hit->kind = SIM_FAULT_MALFORMED;
        hit->name = "malformed_nth";
    } else if (fx->burst_left > 0) {
        fx->burst_left--;
        hit->kind = SIM_FAULT_429;
        hit->name = "burst_429";
    }
out:
    pthread_mutex_unlock(&fx->mu);
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
    json_object_set_new(entry, "seq", json_integer(++fx->logseq));
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
