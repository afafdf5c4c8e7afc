/* throttle_burst.c - the client-side throttle under a burst: an in-process
 * simulator with a scaled-down rolling window, 4 threads firing GETs, and
 * the achieved rate against the allowed one (goal: no 429s, >= 95 % of the
 * budget). A second run starts the client with a limit above the
 * simulator's, so 429s happen, the client adopts the limit stated in the
 * 429 message, and the run recovers. Prints Markdown.
 *   throttle_burst [calls] [limit] [window_s]   (default 600 50 5: ~60 s) */
#include "base/base.h"
#include "halo/halo.h"
#include "sim.h"
#include "testlib.h"

#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define THREADS 4

struct worker {
    struct halo_client *hc;
    int n, ok, failed;
};

static void *work(void *arg)
{
    struct worker *w = arg;
    for (int i = 0; i < w->n; i++) {
        struct halo_error e;
        json_t *r = halo_get(w->hc, "/api/Status", NULL, &e);
        if (r) {
            w->ok++;
        } else {
            char line[1600];
            w->failed++;
            fprintf(stderr, "throttle_burst: %s\n", halo_error_format(&e, line, sizeof line));
        }
        json_decref(r);
    }
    return NULL;
}

/* 429 answers in the simulator's request log. */
static int count_429(const char *base)
{
    char url[256], *resp = NULL;
    snprintf(url, sizeof url, "%s/_sim/requests", base);
    int st = tl_http("GET", url, NULL, NULL, NULL, &resp);
    json_t *log = st == 200 && resp ? json_loads(resp, 0, NULL) : NULL;
    free(resp);
    size_t i;
    json_t *e;
    int n = 0;
    json_array_foreach(log, i, e) {
        if (json_integer_value(json_object_get(e, "status")) == 429)
            n++;
    }
    bool ok = json_is_array(log);
    json_decref(log);
    return ok ? n : -1;
}

struct result {
    int calls, ok, failed, sim_429;
    double secs, rate, allowed, pct;
    struct halo_status st;
};

static int run(int calls, int sim_limit, int window_s, int client_limit, struct result *res)
{
    struct sim_options o;
    char err[512], base[64];
    sim_options_default(&o);
    o.rate_limit = sim_limit;
    o.rate_window_s = window_s;
    struct sim *s = sim_start(&o, err, sizeof err);
    if (!s) {
        fprintf(stderr, "throttle_burst: cannot start the simulator: %s\n", err);
        return -1;
    }
    snprintf(base, sizeof base, "http://127.0.0.1:%d", sim_port(s));
    struct halo_config cfg;
    if (halo_config_init(&cfg, base, NULL, NULL, SIM_DEMO_CLIENT_ID, SIM_DEMO_CLIENT_SECRET, err,
                         sizeof err) != 0) {
        fprintf(stderr, "throttle_burst: %s\n", err);
        sim_stop(s);
        return -1;
    }
    cfg.rate_limit = client_limit;
    cfg.rate_window_s = window_s;
    struct halo_client *hc = halo_client_new(&cfg);
    halo_config_cleanup(&cfg);
    pthread_t th[THREADS];
    struct worker w[THREADS];
    int64_t t0 = base_now_ms();
    for (int i = 0; i < THREADS; i++) {
        w[i] = (struct worker){.hc = hc, .n = calls / THREADS + (i < calls % THREADS)};
        if (pthread_create(&th[i], NULL, work, &w[i]) != 0) {
            fprintf(stderr, "throttle_burst: pthread_create failed\n");
            exit(1);
        }
    }
    memset(res, 0, sizeof *res);
    for (int i = 0; i < THREADS; i++) {
        pthread_join(th[i], NULL);
        res->ok += w[i].ok;
        res->failed += w[i].failed;
    }
    res->secs = (double)(base_now_ms() - t0) / 1000.0;
    res->calls = calls;
    halo_client_status(hc, &res->st);
    res->sim_429 = count_429(base);
    /* Every request the simulator counted: the calls, the token request
     * and the refused ones are not counted by it. */
    double sent = (double)res->ok + 1;
    res->rate = sent / res->secs;
    res->allowed = (double)sim_limit / window_s;
    /* The first window's worth goes at once, so the fair budget for N
     * requests is the time the last full window needs. */
    double ideal = (double)((int)((sent - 1) / sim_limit)) * window_s;
    res->pct = ideal > 0 ? 100.0 * ideal / res->secs : 100.0;
    halo_client_free(hc);
    sim_stop(s);
    return 0;
}

int main(int argc, char **argv)
{
    int calls = argc > 1 ? atoi(argv[1]) : 600;
    int limit = argc > 2 ? atoi(argv[2]) : 50;
    int window = argc > 3 ? atoi(argv[3]) : 5;
    if (calls < 1 || limit < 1 || window < 1) {
        fprintf(stderr, "usage: throttle_burst [calls] [limit] [window_s]\n");
        return 2;
    }
    base_init();
    log_set_level(LOG_WARN);
    struct result a, b;
    if (run(calls, limit, window, limit, &a) != 0)
        return 1;
    int calls_b = calls / 4 > limit * 2 ? calls / 4 : limit * 2;
    if (run(calls_b, limit, window, limit * 2, &b) != 0)
        return 1;
    printf("Simulator window: %d requests per rolling %d s; %d threads; GET /api/Status.\n\n",
           limit, window, THREADS);
    printf("| run | calls | ok | failed | 429s (sim log) | client 429s | throttled waits | "
           "seconds | req/s achieved | req/s allowed | budget used | final client limit |\n");
    printf("|---|---|---|---|---|---|---|---|---|---|---|---|\n");
    const struct result *rs[2] = {&a, &b};
    const char *names[2] = {"client limit = server limit", "client limit 2x server (adopts)"};
    for (int i = 0; i < 2; i++) {
        const struct result *r = rs[i];
        printf("| %s | %d | %d | %d | %d | %lld | %lld | %.1f | %.2f | %.2f | %.1f %% | %d/%d s |\n",
               names[i], r->calls, r->ok, r->failed, r->sim_429, (long long)r->st.rate_limited,
               (long long)r->st.throttled_waits, r->secs, r->rate, r->allowed, r->pct,
               r->st.rate_limit, r->st.rate_window_s);
    }
    printf("\nGoal: the first run has 0 429s and uses >= 95 %% of the budget: %s.\n",
           a.sim_429 == 0 && a.failed == 0 && a.pct >= 95.0 ? "met" : "NOT met");
    printf("Recovery: the second run finishes every call after adopting the stated limit: %s.\n",
           b.failed == 0 && b.st.rate_limit == limit ? "yes" : "NO");
    return a.sim_429 == 0 && a.failed == 0 && b.failed == 0 ? 0 : 1;
}
