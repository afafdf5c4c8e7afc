/* test_throttle.c - the client-side rolling window, 429 handling (with and
 * without Retry-After), adopting the limit a 429 message states, and
 * cancelling a caller that waits for the window. Asserts on the
 * simulator's request log and the client's counters, never on speed. */
#include "halotest.h"

#include "halo/halo_int.h"

#include <pthread.h>

struct burst {
    struct halo_client *hc;
    int n, ok, failed;
};

static void *burst_run(void *arg)
{
    struct burst *b = arg;
    for (int i = 0; i < b->n; i++) {
        struct halo_error e;
        json_t *r = halo_get(b->hc, "/api/Status", NULL, &e);
        if (r)
            b->ok++;
        else
            b->failed++;
        json_decref(r);
    }
    return NULL;
}

static void run_burst(struct halo_client *hc, int threads, int per_thread, int *ok, int *failed)
{
    pthread_t th[8];
    struct burst b[8];
    *ok = *failed = 0;
    for (int i = 0; i < threads; i++) {
        b[i] = (struct burst){.hc = hc, .n = per_thread};
        if (pthread_create(&th[i], NULL, burst_run, &b[i]) != 0)
            abort();
    }
    for (int i = 0; i < threads; i++) {
        pthread_join(th[i], NULL);
        *ok += b[i].ok;
        *failed += b[i].failed;
    }
}

/* 5 requests per 1 s on both sides, 3 threads, 24 calls: the simulator
 * counts every request and would answer 429 to a sixth in any second. */
static void test_window_accuracy(void)
{
    struct sim_options o;
    sim_options_default(&o);
    o.rate_limit = 5;
    o.rate_window_s = 1;
    struct ht t;
    ht_start(&t, &o, 5, 1, 0);
    int ok, failed;
    run_burst(t.hc, 3, 8, &ok, &failed);
    CHECK_INT(ok, 24);
    CHECK_INT(failed, 0);
    json_t *log = ht_requests(&t);
    CHECK_INT(ht_count(log, NULL, NULL, 429), 0);
    CHECK_INT(ht_count(log, "GET", "/api/Status", 200), 24);
    json_decref(log);
    struct halo_status st;
    halo_client_status(t.hc, &st);
    CHECK_INT(st.rate_limited, 0);
    CHECK(st.throttled_waits > 0);
    CHECK_INT(st.requests_total, 25); /* 24 calls and the token */
    CHECK_INT(st.rate_limit, 5);
    CHECK_INT(st.rate_window_s, 1);
    CHECK(st.used_in_window <= 5);
    ht_stop(&t);
}

static void test_429_retry_after(void)
{
    struct sim_options o;
    sim_options_default(&o);
    o.retry_after = true;
    struct ht t;
    struct halo_error e;
    ht_start(&t, &o, 0, 0, 2);
    CHECK_INT(halo_authenticate(t.hc, &e), 0);
    ht_clear(&t);
    ht_faults(&t, "{\"burst_429\":2}");
    json_t *r = halo_get(t.hc, "/api/Status", NULL, &e);
    CHECK(r != NULL);
    json_decref(r);
    json_t *log = ht_requests(&t);
    CHECK_INT(ht_count(log, "GET", "/api/Status", 429), 2);
    CHECK_INT(ht_count(log, "GET", "/api/Status", 200), 1);
    json_decref(log);
    struct halo_status st;
    halo_client_status(t.hc, &st);
    CHECK_INT(st.rate_limited, 2);
    /* The simulator's default limit is looser than the stated one would
     * need to be to change anything: 500/180 stays. */
    CHECK_INT(st.rate_limit, 500);

    /* A 429 was refused before processing: a POST may wait and go again,
     * and exactly one ticket results. */
    ht_clear(&t);
    ht_faults(&t, "{\"burst_429\":1}");
    json_t *rec = json_pack("[{s:s, s:s, s:i}]", "summary", "after 429", "details", "x",
                            "client_id", 1);
    r = halo_post_array(t.hc, "/api/Tickets", rec, &e);
    json_decref(rec);
    CHECK(json_is_object(r));
    json_decref(r);
    log = ht_requests(&t);
    CHECK_INT(ht_count(log, "POST", "/api/Tickets", 429), 1);
    CHECK_INT(ht_count(log, "POST", "/api/Tickets", 200), 1);
    json_decref(log);
    ht_stop(&t);
}

/* No Retry-After: back off from 1 s and try again. */
static void test_429_backoff(void)
{
    struct ht t;
    struct halo_error e;
    ht_start(&t, NULL, 0, 0, 1);
    CHECK_INT(halo_authenticate(t.hc, &e), 0);
    ht_clear(&t);
    ht_faults(&t, "{\"burst_429\":1}");
    json_t *r = halo_get(t.hc, "/api/Status", NULL, &e);
    CHECK(r != NULL);
    json_decref(r);
    json_t *log = ht_requests(&t);
    CHECK_INT(ht_count(log, "GET", "/api/Status", 429), 1);
    CHECK_INT(ht_count(log, "GET", "/api/Status", 200), 1);
    json_decref(log);
    ht_stop(&t);
}

static void test_429_gives_up(void)
{
    struct ht t;
    struct halo_error e;
    struct sim_options o;
    sim_options_default(&o);
    o.retry_after = true;
    ht_start(&t, &o, 0, 0, 2);
    CHECK_INT(halo_authenticate(t.hc, &e), 0);
    ht_clear(&t);
    /* max_retries 2 allows two waits; the third 429 is reported. */
    ht_faults(&t, "{\"burst_429\":10}");
    json_t *r = halo_get(t.hc, "/api/Status", NULL, &e);
    CHECK(r == NULL);
    CHECK_INT(e.kind, HALO_E_RATELIMIT);
    CHECK_INT(e.status, 429);
    CHECK_CONTAINS(e.message, "Rate Limit Reached");
    json_t *log = ht_requests(&t);
    CHECK_INT(ht_count(log, "GET", "/api/Status", 429), 3);
    json_decref(log);
    ht_stop(&t);
}

/* The client thinks 100 per 2 s, the simulator allows 6 per 2 s and says
 * so in its 429 message: the client adopts 6/2 and finishes every call. */
static void test_adopt_limit(void)
{
    struct sim_options o;
    sim_options_default(&o);
    o.rate_limit = 6;
    o.rate_window_s = 2;
    struct ht t;
    ht_start(&t, &o, 100, 2, 3);
    int ok, failed;
    run_burst(t.hc, 2, 6, &ok, &failed);
    CHECK_INT(ok, 12);
    CHECK_INT(failed, 0);
    struct halo_status st;
    halo_client_status(t.hc, &st);
    CHECK(st.rate_limited >= 1);
    CHECK_INT(st.rate_limit, 6);
    CHECK_INT(st.rate_window_s, 2);
    json_t *log = ht_requests(&t);
    CHECK(ht_count(log, NULL, NULL, 429) >= 1);
    json_decref(log);
    /* From now on the window keeps it under: no more 429s. */
    ht_clear(&t);
    run_burst(t.hc, 2, 7, &ok, &failed);
    CHECK_INT(ok, 14);
    log = ht_requests(&t);
    CHECK_INT(ht_count(log, NULL, NULL, 429), 0);
    json_decref(log);
    ht_stop(&t);
}

static void test_rate_messages(void)
{
    static const struct { const char *msg; int rc, limit, window; } cases[] = {
        {"Rate Limit Reached - 300 Requests per rolling 5 minute window", 0, 300, 300},
        {"Rate Limit Reached - 50 Requests per rolling 5 second window", 0, 50, 5},
        {"rate limit reached - 1000 requests per rolling 1 hour window", 0, 1000, 3600},
        {"Rate Limit Reached - 60 Requests per minute", 0, 60, 60},
        {"Rate Limit Reached - 500 Requests per rolling 3 minutes window", 0, 500, 180},
        {"Too many requests", -1, 0, 0},
        {"Requests per rolling 5 minute window", -1, 0, 0},
        {NULL, -1, 0, 0},
    };
    for (int i = 0; cases[i].msg; i++) {
        int limit = 0, window = 0;
        CHECK_INT(halo__parse_rate_message(cases[i].msg, &limit, &window), cases[i].rc);
        if (cases[i].rc == 0) {
            CHECK_INT(limit, cases[i].limit);
            CHECK_INT(window, cases[i].window);
        }
    }
    CHECK_INT(halo__parse_rate_message(NULL, &(int){0}, &(int){0}), -1);
    CHECK_INT(halo__retry_after_ms("3"), 3000);
    CHECK_INT(halo__retry_after_ms(""), -1);
    CHECK_INT(halo__retry_after_ms("soon"), -1);
    /* An HTTP date in the past means now. */
    CHECK_INT(halo__retry_after_ms("Wed, 21 Oct 2015 07:28:00 GMT"), 0);
    int64_t future = halo__retry_after_ms("Fri, 01 Jan 2100 00:00:00 GMT");
    CHECK(future > 0);
    /* Absurd values (found by tests/fuzz) neither overflow nor wait forever. */
    CHECK_INT(halo__retry_after_ms("9223372036854775807"), 86400000);
    CHECK(future <= 86400000);
    /* A date curl reads as two billion years ahead (found by fuzz_halo):
     * its milliseconds do not fit in 64 bits. */
    CHECK_INT(halo__retry_after_ms("1999999999?30Oct"), 86400000);
    CHECK_INT(halo__parse_rate_message("1 request per 9223372036854775807 minute window", &(int){0},
                                       &(int){0}),
              -1);
}

static bool cancel_soon(void *ud)
{
    const int64_t *deadline = ud;
    return base_now_ms() >= *deadline;
}

static void test_cancel_while_waiting(void)
{
    struct sim_options o;
    sim_options_default(&o);
    struct ht t;
    struct halo_error e;
    /* 2 requests per 30 s: the token and one call, then a wait (within
     * the 50 s wait budget, so it is the cancel that ends it). */
    ht_start(&t, &o, 2, 30, 0);
    json_t *r = halo_get(t.hc, "/api/Status", NULL, &e);
    CHECK(r != NULL);
    json_decref(r);
    int64_t deadline = base_now_ms() + 200;
    halo_set_cancel(cancel_soon, &deadline);
    r = halo_get(t.hc, "/api/Status", NULL, &e);
    halo_set_cancel(NULL, NULL);
    CHECK(r == NULL);
    CHECK_INT(e.kind, HALO_E_CANCELLED);
    json_t *log = ht_requests(&t);
    CHECK_INT(ht_count(log, "GET", "/api/Status", -1), 1);
    json_decref(log);
    struct halo_status st;
    halo_client_status(t.hc, &st);
    CHECK_INT(st.used_in_window, 2);
    ht_stop(&t);
}

/* A call that would wait past the wait budget for the client's own window
 * returns at once, saying when to try again (issue 17 goal 4). */
static void test_budget_spent_window(void)
{
    struct ht t;
    struct halo_error e;
    char line[1600];
    /* 2 requests per 80 s: the token and one call; the next has to wait
     * about 80 s, more than the default budget of 50 s. */
    ht_start(&t, NULL, 2, 80, 0);
    CHECK_INT(t.hc->cfg.max_wait_ms, HALO_DEFAULT_MAX_WAIT_MS);
    json_t *r = halo_get(t.hc, "/api/Status", NULL, &e);
    CHECK(r != NULL);
    json_decref(r);
    int64_t t0 = base_now_ms();
    r = halo_get(t.hc, "/api/Status", NULL, &e);
    int64_t took = base_now_ms() - t0;
    CHECK(r == NULL);
    CHECK_INT(e.kind, HALO_E_RATELIMIT);
    CHECK(took < 20000); /* it used to sleep for the whole 80 s */
    CHECK(e.retry_after_s >= 60 && e.retry_after_s <= 81);
    halo_error_format(&e, line, sizeof line);
    CHECK_CONTAINS(line, "HaloPSA budget spent: retry in ");
    CHECK_CONTAINS(line, "HALOPSA_RATE_LIMIT");
    json_t *log = ht_requests(&t);
    CHECK_INT(ht_count(log, "GET", "/api/Status", -1), 1);
    json_decref(log);

    /* Within the budget a call still waits its turn: 2 per 2 s. */
    ht_stop(&t);
    ht_start(&t, NULL, 2, 2, 0);
    for (int i = 0; i < 3; i++) {
        r = halo_get(t.hc, "/api/Status", NULL, &e);
        CHECK(r != NULL);
        json_decref(r);
    }
    ht_stop(&t);
}

/* HaloPSA's own 429 asking for longer than the budget: no sleeping, no
 * retries spent, the time HaloPSA gave. */
static void test_budget_spent_429(void)
{
    struct sim_options o;
    sim_options_default(&o);
    o.retry_after = true;
    o.rate_limit = 3;
    o.rate_window_s = 120;
    struct ht t;
    struct halo_error e;
    char line[1600];
    ht_start(&t, &o, 100, 120, 3);
    for (int i = 0; i < 2; i++) {
        json_t *r = halo_get(t.hc, "/api/Status", NULL, &e);
        CHECK(r != NULL);
        json_decref(r);
    }
    int64_t t0 = base_now_ms();
    json_t *r = halo_get(t.hc, "/api/Status", NULL, &e);
    int64_t took = base_now_ms() - t0;
    CHECK(r == NULL);
    CHECK(took < 20000);
    CHECK_INT(e.kind, HALO_E_RATELIMIT);
    CHECK_INT(e.status, 429);
    CHECK(e.retry_after_s >= 90 && e.retry_after_s <= 121);
    halo_error_format(&e, line, sizeof line);
    CHECK_CONTAINS(line, "HaloPSA budget spent: retry in ");
    json_t *log = ht_requests(&t);
    CHECK_INT(ht_count(log, "GET", "/api/Status", 429), 1);
    json_decref(log);
    ht_stop(&t);
}

static const struct test tests[] = {
    {"budget_spent_window", test_budget_spent_window},
    {"budget_spent_429", test_budget_spent_429},
    {"window_accuracy", test_window_accuracy},
    {"429_retry_after", test_429_retry_after},
    {"429_backoff", test_429_backoff},
    {"429_gives_up", test_429_gives_up},
    {"adopt_limit", test_adopt_limit},
    {"rate_messages", test_rate_messages},
    {"cancel_while_waiting", test_cancel_while_waiting},
    {NULL, NULL},
};
HARNESS_MAIN("halo_throttle", tests)
