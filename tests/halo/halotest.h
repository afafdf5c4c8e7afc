/* halotest.h - helpers shared by the HaloPSA client's tests: an in-process
 * simulator with chosen options, a client for it, and the simulator's fault
 * and request-log endpoints over real HTTP. Header-only (static inline) so
 * each test program stays one file. */
#ifndef HALOPSA_HALOTEST_H
#define HALOPSA_HALOTEST_H

#include "base/base.h"
#include "halo/halo.h"
#include "harness.h"
#include "sim.h"
#include "testlib.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

struct ht {
    struct sim *sim;
    char base[128];
    struct halo_client *hc;
};

/* Starts a simulator (o may be NULL for defaults) and a client for it with
 * the given client limit (0 = the simulator's) and retries. Aborts when
 * the simulator cannot start. */
static inline void ht_start(struct ht *t, const struct sim_options *o, int rate_limit,
                            int rate_window_s, int max_retries)
{
    struct sim_options def;
    char err[512];
    struct halo_config cfg;
    memset(t, 0, sizeof *t);
    if (!o) {
        sim_options_default(&def);
        o = &def;
    }
    t->sim = sim_start(o, err, sizeof err);
    if (!t->sim) {
        fprintf(stderr, "cannot start the simulator: %s\n", err);
        abort();
    }
    snprintf(t->base, sizeof t->base, "http://127.0.0.1:%d", sim_port(t->sim));
    if (halo_config_init(&cfg, t->base, NULL, NULL, SIM_DEMO_CLIENT_ID, SIM_DEMO_CLIENT_SECRET,
                         err, sizeof err) != 0) {
        fprintf(stderr, "config: %s\n", err);
        abort();
    }
    cfg.rate_limit = rate_limit ? rate_limit : o->rate_limit;
    cfg.rate_window_s = rate_window_s ? rate_window_s : o->rate_window_s;
    cfg.max_retries = max_retries;
    cfg.timeout_ms = 10000;
    cfg.connect_timeout_ms = 2000;
    t->hc = halo_client_new(&cfg);
    halo_config_cleanup(&cfg);
    if (!t->hc)
        abort();
}

static inline void ht_stop(struct ht *t)
{
    halo_client_free(t->hc);
    sim_stop(t->sim);
    t->hc = NULL;
    t->sim = NULL;
}

/* POST /_sim/faults with spec (JSON text); checks it was accepted. */
static inline void ht_faults(struct ht *t, const char *spec)
{
    char url[256], *resp = NULL;
    snprintf(url, sizeof url, "%s/_sim/faults", t->base);
    int st = tl_http("POST", url, spec, NULL, NULL, &resp);
    if (st != 200)
        harness_fail(__FILE__, __LINE__, "fault spec %s refused: %d %s", spec, st,
                     resp ? resp : "");
    free(resp);
}

static inline void ht_clear(struct ht *t)
{
    char url[256];
    snprintf(url, sizeof url, "%s/_sim/faults", t->base);
    tl_http("DELETE", url, NULL, NULL, NULL, NULL);
    snprintf(url, sizeof url, "%s/_sim/requests", t->base);
    tl_http("DELETE", url, NULL, NULL, NULL, NULL);
}

/* The simulator's request log: a new array of {method, path, query, body,
 * status}. Never NULL. */
static inline json_t *ht_requests(struct ht *t)
{
    char url[256], *resp = NULL;
    snprintf(url, sizeof url, "%s/_sim/requests", t->base);
    int st = tl_http("GET", url, NULL, NULL, NULL, &resp);
    json_t *j = st == 200 && resp ? json_loads(resp, 0, NULL) : NULL;
    free(resp);
    if (!json_is_array(j)) {
        harness_fail(__FILE__, __LINE__, "no request log (%d)", st);
        json_decref(j);
        j = json_array();
    }
    return j;
}

/* Entries of log with method (NULL = any), path prefix (case-insensitive,
 * NULL = any) and status (-1 = any). */
static inline int ht_count(json_t *log, const char *method, const char *path, int status)
{
    size_t i;
    json_t *e;
    int n = 0;
    json_array_foreach(log, i, e) {
        const char *m = json_string_value(json_object_get(e, "method"));
        const char *p = json_string_value(json_object_get(e, "path"));
        int st = (int)json_integer_value(json_object_get(e, "status"));
        if (method && (!m || strcmp(m, method) != 0))
            continue;
        if (path && (!p || strncasecmp(p, path, strlen(path)) != 0))
            continue;
        if (status >= 0 && st != status)
            continue;
        n++;
    }
    return n;
}

#endif
