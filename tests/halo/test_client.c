/* test_client.c - the HaloPSA client against the simulator over real
 * sockets: OAuth2, token refresh, request helpers, HaloPSA's messages passed
 * through, safe retries, timeouts, envelopes, paging, and no secret in any
 * output. */
#include "halotest.h"

#include "halo/halo_int.h"

#include <pthread.h>
#include <unistd.h>

static void test_auth_and_get(void)
{
    struct ht t;
    struct halo_error e;
    ht_start(&t, NULL, 0, 0, 3);
    CHECK_INT(halo_authenticate(t.hc, &e), 0);
    json_t *q = json_pack("{s:i}", "count", 5);
    json_t *resp = halo_get(t.hc, "/api/Tickets", q, &e);
    CHECK(resp != NULL);
    int64_t rc = -1;
    json_t *rows = halo_rows(resp, "tickets", &rc);
    CHECK(json_array_size(rows) > 0);
    CHECK(rc >= (int64_t)json_array_size(rows));
    json_decref(resp);
    resp = halo_get(t.hc, "/api/Status", NULL, &e);
    CHECK(json_is_array(resp));
    json_decref(resp);
    json_decref(q);

    json_t *log = ht_requests(&t);
    /* One token for all of it. */
    CHECK_INT(ht_count(log, "POST", "/auth/token", 200), 1);
    CHECK_INT(ht_count(log, "GET", "/api/", 200), 2);
    json_t *form = json_object_get(json_array_get(log, 0), "body");
    CHECK_STR(json_string_value(json_object_get(form, "grant_type")), "client_credentials");
    CHECK_STR(json_string_value(json_object_get(form, "client_id")), SIM_DEMO_CLIENT_ID);
    CHECK_STR(json_string_value(json_object_get(form, "scope")), "all");
    CHECK(json_object_get(form, "tenant") == NULL);
    json_decref(log);

    struct halo_status st;
    halo_client_status(t.hc, &st);
    CHECK(st.token_valid);
    CHECK(st.token_expires_in_s > 3000);
    CHECK(st.has_credentials);
    CHECK_STR(st.base_url, t.base);
    CHECK(st.requests_total >= 3);
    ht_stop(&t);
}

static void test_tenant_sent(void)
{
    struct ht t;
    struct halo_error e;
    char err[256];
    struct halo_config cfg;
    ht_start(&t, NULL, 0, 0, 0);
    CHECK_INT(halo_config_init(&cfg, t.base, "acme", NULL, SIM_DEMO_CLIENT_ID,
                               SIM_DEMO_CLIENT_SECRET, err, sizeof err),
              0);
    CHECK_STR(cfg.base_url, t.base);
    struct halo_client *hc = halo_client_new(&cfg);
    halo_config_cleanup(&cfg);
    CHECK_INT(halo_authenticate(hc, &e), 0);
    json_t *log = ht_requests(&t);
    json_t *tok = json_array_get(log, 0);
    CHECK_STR(json_string_value(json_object_get(json_object_get(tok, "query"), "tenant")), "acme");
    CHECK_STR(json_string_value(json_object_get(json_object_get(tok, "body"), "tenant")), "acme");
    json_decref(log);
    halo_client_free(hc);
    ht_stop(&t);
}

static void test_auth_failure(void)
{
    struct ht t;
    struct halo_error e;
    char err[256], line[1600];
    struct halo_config cfg;
    ht_start(&t, NULL, 0, 0, 2);
    CHECK_INT(halo_config_init(&cfg, t.base, NULL, NULL, SIM_DEMO_CLIENT_ID,
                               "wrong-secret-value-9999", err, sizeof err),
              0);
    struct halo_client *hc = halo_client_new(&cfg);
    halo_config_cleanup(&cfg);
    CHECK_INT(halo_authenticate(hc, &e), -1);
    CHECK_INT(e.kind, HALO_E_AUTH);
    CHECK_INT(e.status, 401);
    CHECK_CONTAINS(e.message, "invalid_client");
    CHECK_CONTAINS(e.message, "client id");
    CHECK_CONTAINS(e.message, "first saved");
    CHECK_NOT_CONTAINS(e.message, "wrong-secret-value-9999");
    halo_error_format(&e, line, sizeof line);
    CHECK_CONTAINS(line, "401");
    CHECK_CONTAINS(line, "/auth/token");
    /* API calls report the same refusal, without retrying a 401. */
    json_t *r = halo_get(hc, "/api/Tickets", NULL, &e);
    CHECK(r == NULL);
    CHECK_INT(e.kind, HALO_E_AUTH);
    json_t *log = ht_requests(&t);
    CHECK_INT(ht_count(log, "POST", "/auth/token", 401), 2);
    CHECK_INT(ht_count(log, "GET", NULL, -1), 0);
    json_decref(log);
    halo_client_free(hc);
    ht_stop(&t);
}

static void test_token_expiry(void)
{
    struct sim_options o;
    sim_options_default(&o);
    o.token_lifetime_s = 2;
    struct ht t;
    struct halo_error e;
    ht_start(&t, &o, 0, 0, 0);
    json_t *r = halo_get(t.hc, "/api/Status", NULL, &e);
    CHECK(r != NULL);
    json_decref(r);
    /* Past half of a 2 s lifetime: refreshed before use, never a 401. */
    base_sleep_ms(1300);
    r = halo_get(t.hc, "/api/Status", NULL, &e);
    CHECK(r != NULL);
    json_decref(r);
    base_sleep_ms(2200);
    r = halo_get(t.hc, "/api/Status", NULL, &e);
    CHECK(r != NULL);
    json_decref(r);
    json_t *log = ht_requests(&t);
    CHECK_INT(ht_count(log, "POST", "/auth/token", 200), 3);
    CHECK_INT(ht_count(log, NULL, NULL, 401), 0);
    CHECK_INT(ht_count(log, "GET", "/api/Status", 200), 3);
    json_decref(log);
    ht_stop(&t);
}

static void test_refresh_on_401(void)
{
    struct ht t;
    struct halo_error e;
    ht_start(&t, NULL, 0, 0, 0);
    json_t *r = halo_get(t.hc, "/api/Status", NULL, &e);
    CHECK(r != NULL);
    json_decref(r);
    ht_faults(&t, "{\"revoke_tokens\":true}");
    r = halo_get(t.hc, "/api/Status", NULL, &e);
    CHECK(r != NULL);
    json_decref(r);
    /* A POST refused with 401 was not processed: refreshed and sent once more. */
    ht_faults(&t, "{\"revoke_tokens\":true}");
    json_t *rec = json_pack("[{s:s, s:s, s:i}]", "summary", "401 retry ticket", "details",
                            "created after a token refresh", "client_id", 1);
    r = halo_post_array(t.hc, "/api/Tickets", rec, &e);
    if (!r)
        harness_fail(__FILE__, __LINE__, "post: %s", e.message);
    CHECK(json_is_object(r));
    json_decref(r);
    json_decref(rec);
    json_t *log = ht_requests(&t);
    CHECK_INT(ht_count(log, "POST", "/auth/token", 200), 3);
    CHECK_INT(ht_count(log, "GET", "/api/Status", 401), 1);
    CHECK_INT(ht_count(log, "GET", "/api/Status", 200), 2);
    CHECK_INT(ht_count(log, "POST", "/api/Tickets", 401), 1);
    CHECK_INT(ht_count(log, "POST", "/api/Tickets", 200), 1);
    json_decref(log);

    /* A second 401 in a row is reported, not retried again. */
    ht_clear(&t);
    ht_faults(&t, "{\"fail_nth\":{\"n\":1,\"status\":401,\"count\":5}}");
    r = halo_get(t.hc, "/api/Status", NULL, &e);
    CHECK(r == NULL);
    CHECK_INT(e.kind, HALO_E_AUTH);
    CHECK_INT(e.status, 401);
    log = ht_requests(&t);
    CHECK_INT(ht_count(log, "GET", "/api/Status", -1), 2);
    json_decref(log);
    ht_stop(&t);
}

struct conc {
    struct halo_client *hc;
    int ok;
};

static void *conc_get(void *arg)
{
    struct conc *c = arg;
    struct halo_error e;
    json_t *r = halo_get(c->hc, "/api/Status", NULL, &e);
    c->ok = r != NULL;
    json_decref(r);
    return NULL;
}

static void test_shared_refresh(void)
{
    struct ht t;
    struct halo_error e;
    ht_start(&t, NULL, 0, 0, 0);
    CHECK_INT(halo_authenticate(t.hc, &e), 0);
    ht_faults(&t, "{\"revoke_tokens\":true}");
    ht_clear(&t);
    pthread_t th[4];
    struct conc c[4];
    for (int i = 0; i < 4; i++) {
        c[i] = (struct conc){.hc = t.hc};
        CHECK_INT(pthread_create(&th[i], NULL, conc_get, &c[i]), 0);
    }
    for (int i = 0; i < 4; i++) {
        pthread_join(th[i], NULL);
        CHECK(c[i].ok);
    }
    json_t *log = ht_requests(&t);
    /* Every thread's 401 is answered by the one new token. */
    CHECK_INT(ht_count(log, "POST", "/auth/token", -1), 1);
    CHECK_INT(ht_count(log, "GET", "/api/Status", 200), 4);
    json_decref(log);
    ht_stop(&t);
}

static void test_errors_passed_through(void)
{
    struct ht t;
    struct halo_error e;
    char line[1600];
    ht_start(&t, NULL, 0, 0, 3);
    json_t *r = halo_get(t.hc, "/api/Tickets/999999", NULL, &e);
    CHECK(r == NULL);
    CHECK_INT(e.kind, HALO_E_HTTP);
    CHECK_INT(e.status, 404);
    CHECK_STR(e.method, "GET");
    CHECK_STR(e.path, "/api/Tickets/999999");
    CHECK_CONTAINS(e.message, "999999");
    CHECK_NOT_CONTAINS(e.message, "HaloException");
    halo_error_format(&e, line, sizeof line);
    CHECK_CONTAINS(line, "HaloPSA 404 on GET /api/Tickets/999999: ");
    /* 404 is not retried. */
    json_t *log = ht_requests(&t);
    CHECK_INT(ht_count(log, "GET", "/api/Tickets/999999", -1), 1);
    json_decref(log);

    /* An action without ticket_id or outcome: HaloPSA's 400 text. */
    json_t *rec = json_pack("[{s:s}]", "note", "no ticket");
    r = halo_post_array(t.hc, "/api/Actions", rec, &e);
    json_decref(rec);
    CHECK(r == NULL);
    CHECK_INT(e.kind, HALO_E_HTTP);
    CHECK_INT(e.status, 400);
    CHECK_STR(e.method, "POST");
    CHECK_STR(e.path, "/api/Actions");
    CHECK(strlen(e.message) > 5);
    CHECK(strcmp(e.message, "Bad Request") != 0);
    json_decref(r);

    /* Query strings stay out of the error's path. */
    json_t *q = json_pack("{s:s}", "search", "x");
    r = halo_get(t.hc, "/api/NoSuchThing", q, &e);
    json_decref(q);
    CHECK(r == NULL);
    CHECK_INT(e.status, 404);
    CHECK_STR(e.path, "/api/NoSuchThing");
    ht_stop(&t);
}

static void test_retry_5xx(void)
{
    struct ht t;
    struct halo_error e;
    ht_start(&t, NULL, 0, 0, 3);
    CHECK_INT(halo_authenticate(t.hc, &e), 0);
    ht_clear(&t);
    ht_faults(&t, "{\"fail_nth\":{\"n\":1,\"status\":503,\"count\":2}}");
    json_t *r = halo_get(t.hc, "/api/Status", NULL, &e);
    CHECK(r != NULL);
    json_decref(r);
    json_t *log = ht_requests(&t);
    CHECK_INT(ht_count(log, "GET", "/api/Status", 503), 2);
    CHECK_INT(ht_count(log, "GET", "/api/Status", 200), 1);
    json_decref(log);

    /* DELETE is idempotent too. */
    ht_clear(&t);
    json_t *rec = json_pack("[{s:s, s:s, s:i}]", "summary", "to delete", "details", "x",
                            "client_id", 1);
    json_t *made = halo_post_array(t.hc, "/api/Tickets", rec, &e);
    json_decref(rec);
    CHECK(json_is_object(made));
    char path[64];
    snprintf(path, sizeof path, "/api/Tickets/%lld",
             (long long)json_integer_value(json_object_get(made, "id")));
    json_decref(made);
    ht_faults(&t, "{\"fail_nth\":{\"n\":1,\"status\":502,\"count\":1}}");
    r = halo_delete(t.hc, path, NULL, &e);
    CHECK(r != NULL);
    json_decref(r);
    log = ht_requests(&t);
    CHECK_INT(ht_count(log, "DELETE", path, 502), 1);
    CHECK_INT(ht_count(log, "DELETE", path, 200), 1);
    json_decref(log);

    /* POST: never retried on a 5xx (the ticket may exist already). */
    ht_clear(&t);
    ht_faults(&t, "{\"fail_nth\":{\"n\":1,\"status\":503,\"count\":1}}");
    rec = json_pack("[{s:s, s:s, s:i}]", "summary", "once only", "details", "x", "client_id", 1);
    r = halo_post_array(t.hc, "/api/Tickets", rec, &e);
    json_decref(rec);
    CHECK(r == NULL);
    CHECK_INT(e.kind, HALO_E_HTTP);
    CHECK_INT(e.status, 503);
    log = ht_requests(&t);
    CHECK_INT(ht_count(log, "POST", "/api/Tickets", -1), 1);
    json_decref(log);

    /* Retries are bounded by max_retries. */
    ht_clear(&t);
    ht_faults(&t, "{\"fail_nth\":{\"n\":1,\"status\":504,\"count\":10}}");
    r = halo_get(t.hc, "/api/Status", NULL, &e);
    CHECK(r == NULL);
    CHECK_INT(e.status, 504);
    log = ht_requests(&t);
    CHECK_INT(ht_count(log, "GET", "/api/Status", 504), 4);
    json_decref(log);

    /* 500 is a HaloPSA error, not a transient one. */
    ht_clear(&t);
    ht_faults(&t, "{\"fail_nth\":{\"n\":1,\"status\":500,\"count\":1}}");
    r = halo_get(t.hc, "/api/Status", NULL, &e);
    CHECK(r == NULL);
    CHECK_INT(e.status, 500);
    CHECK_CONTAINS(e.message, "Simulated failure");
    log = ht_requests(&t);
    CHECK_INT(ht_count(log, "GET", "/api/Status", -1), 1);
    json_decref(log);
    ht_stop(&t);
}

static void test_connection_drop(void)
{
    struct ht t;
    struct halo_error e;
    ht_start(&t, NULL, 0, 0, 3);
    CHECK_INT(halo_authenticate(t.hc, &e), 0);
    ht_clear(&t);
    ht_faults(&t, "{\"drop_nth\":1}");
    json_t *r = halo_get(t.hc, "/api/Status", NULL, &e);
    CHECK(r != NULL);
    json_decref(r);
    json_t *log = ht_requests(&t);
    CHECK_INT(ht_count(log, "GET", "/api/Status", 0), 1);
    CHECK_INT(ht_count(log, "GET", "/api/Status", 200), 1);
    json_decref(log);

    ht_clear(&t);
    ht_faults(&t, "{\"drop_nth\":1}");
    json_t *rec = json_pack("[{s:s, s:s, s:i}]", "summary", "dropped", "details", "x",
                            "client_id", 1);
    r = halo_post_array(t.hc, "/api/Tickets", rec, &e);
    json_decref(rec);
    CHECK(r == NULL);
    CHECK_INT(e.kind, HALO_E_NETWORK);
    CHECK_INT(e.status, 0);
    CHECK_CONTAINS(e.outcome, "not sent again");
    CHECK_CONTAINS(e.outcome, "may or may not have applied it");
    CHECK_NOT_CONTAINS(e.message, "may or may not"); /* ours, not the transport's */
    CHECK_INT(e.applied, HALO_APPLIED_UNKNOWN);
    log = ht_requests(&t);
    CHECK_INT(ht_count(log, "POST", "/api/Tickets", -1), 1);
    json_decref(log);
    ht_stop(&t);
}

static void test_connect_refused(void)
{
    /* Nothing listens: a POST that provably never left may be retried,
     * and the message names the host. */
    struct halo_config cfg;
    struct halo_error e;
    char err[256];
    int fd;
    int port = tl_refusing_port(&fd);
    CHECK(port > 0);
    char base[64];
    snprintf(base, sizeof base, "http://127.0.0.1:%d", port);
    CHECK_INT(halo_config_init(&cfg, base, NULL, NULL, "id", "refused-secret-0003", err, sizeof err), 0);
    cfg.max_retries = 1;
    struct halo_client *hc = halo_client_new(&cfg);
    halo_config_cleanup(&cfg);
    json_t *r = halo_get(hc, "/api/Status", NULL, &e);
    CHECK(r == NULL);
    CHECK_INT(e.kind, HALO_E_NETWORK);
    CHECK_CONTAINS(e.message, "127.0.0.1");
    CHECK_NOT_CONTAINS(e.message, "refused-secret-0003");
    halo_client_free(hc);
    if (fd >= 0)
        close(fd);
}

static void test_malformed(void)
{
    struct ht t;
    struct halo_error e;
    ht_start(&t, NULL, 0, 0, 3);
    CHECK_INT(halo_authenticate(t.hc, &e), 0);
    ht_clear(&t);
    ht_faults(&t, "{\"malformed_nth\":1}");
    json_t *r = halo_get(t.hc, "/api/Status", NULL, &e);
    CHECK(r == NULL);
    CHECK_INT(e.kind, HALO_E_PARSE);
    CHECK_INT(e.status, 200);
    CHECK_CONTAINS(e.message, "not valid JSON");
    json_t *log = ht_requests(&t);
    CHECK_INT(ht_count(log, "GET", "/api/Status", -1), 1);
    json_decref(log);
    ht_stop(&t);
}

static void test_timeouts(void)
{
    struct ht t;
    struct halo_error e;
    struct halo_config cfg;
    char err[256];
    ht_start(&t, NULL, 0, 0, 0);
    CHECK_INT(halo_config_init(&cfg, t.base, NULL, NULL, SIM_DEMO_CLIENT_ID,
                               SIM_DEMO_CLIENT_SECRET, err, sizeof err),
              0);
    cfg.timeout_ms = 300;
    cfg.max_retries = 1;
    struct halo_client *hc = halo_client_new(&cfg);
    halo_config_cleanup(&cfg);
    CHECK_INT(halo_authenticate(hc, &e), 0);
    ht_clear(&t);
    ht_faults(&t, "{\"latency_ms\":1000}");
    json_t *r = halo_get(hc, "/api/Status", NULL, &e);
    CHECK(r == NULL);
    CHECK_INT(e.kind, HALO_E_TIMEOUT);
    CHECK_CONTAINS(e.message, "127.0.0.1");
    json_t *rec = json_pack("[{s:s, s:s, s:i}]", "summary", "slow", "details", "x", "client_id", 1);
    r = halo_post_array(hc, "/api/Tickets", rec, &e);
    json_decref(rec);
    CHECK(r == NULL);
    CHECK_INT(e.kind, HALO_E_TIMEOUT);
    CHECK_CONTAINS(e.outcome, "not sent again");
    CHECK_INT(e.applied, HALO_APPLIED_UNKNOWN);
    /* Let the simulator finish the slow requests before reading its log. */
    base_sleep_ms(2500);
    json_t *log = ht_requests(&t);
    CHECK_INT(ht_count(log, "GET", "/api/Status", -1), 2);
    CHECK_INT(ht_count(log, "POST", "/api/Tickets", -1), 1);
    json_decref(log);
    halo_client_free(hc);
    ht_stop(&t);
}

static void test_post_and_delete(void)
{
    struct ht t;
    struct halo_error e;
    ht_start(&t, NULL, 0, 0, 3);
    json_t *one = json_pack("[{s:s, s:s, s:i}]", "summary", "single", "details", "one",
                            "client_id", 1);
    json_t *r = halo_post_array(t.hc, "/api/Tickets", one, &e);
    CHECK(json_is_object(r));
    json_int_t id = json_integer_value(json_object_get(r, "id"));
    CHECK(id > 0);
    json_decref(r);
    json_decref(one);
    json_t *two = json_pack("[{s:s, s:s, s:i}, {s:s, s:s, s:i}]", "summary", "a", "details", "a",
                            "client_id", 1, "summary", "b", "details", "b", "client_id", 1);
    r = halo_post_array(t.hc, "/api/Tickets", two, &e);
    CHECK(json_is_array(r));
    CHECK_INT(json_array_size(r), 2);
    json_decref(r);
    json_decref(two);
    /* Posting something that is not an array is refused locally. */
    json_t *obj = json_object();
    r = halo_post_array(t.hc, "/api/Tickets", obj, &e);
    CHECK(r == NULL);
    CHECK_INT(e.kind, HALO_E_CONFIG);
    json_decref(obj);

    char path[64];
    snprintf(path, sizeof path, "/api/Tickets/%lld", (long long)id);
    r = halo_get(t.hc, path, NULL, &e);
    json_t *rec = halo_record(r, "tickets");
    CHECK(rec != NULL);
    CHECK_STR(json_string_value(json_object_get(rec, "summary")), "single");
    json_decref(r);
    json_t *q = json_pack("{s:s}", "reason", "test cleanup");
    r = halo_delete(t.hc, path, q, &e);
    json_decref(q);
    CHECK(r != NULL);
    json_decref(r);
    r = halo_get(t.hc, path, NULL, &e);
    CHECK(r == NULL);
    CHECK_INT(e.status, 404);
    json_t *log = ht_requests(&t);
    size_t i;
    json_t *x;
    json_array_foreach(log, i, x) {
        if (strcmp(json_string_value(json_object_get(x, "method")), "DELETE") == 0)
            CHECK_STR(json_string_value(json_object_get(json_object_get(x, "query"), "reason")),
                      "test cleanup");
    }
    json_decref(log);
    ht_stop(&t);
}

static void test_query_building(void)
{
    struct ht t;
    struct halo_error e;
    ht_start(&t, NULL, 0, 0, 0);
    json_t *q = json_pack("{s:b, s:b, s:[i,i,i], s:s, s:n, s:f, s:f, s:i}", "open_only", 1,
                          "includeclosed", 0, "status_id", 1, 2, 3, "search", "printer & co/50%",
                          "client_id", "utcoffset", 21.0, "ratio", 0.5, "count", 3);
    json_t *r = halo_get(t.hc, "/api/Tickets", q, &e);
    CHECK(r != NULL);
    json_decref(r);
    json_decref(q);
    json_t *log = ht_requests(&t);
    json_t *lq = NULL;
    size_t i;
    json_t *x;
    json_array_foreach(log, i, x) {
        if (strcmp(json_string_value(json_object_get(x, "method")), "GET") == 0)
            lq = json_object_get(x, "query");
    }
    CHECK_STR(json_string_value(json_object_get(lq, "open_only")), "true");
    CHECK_STR(json_string_value(json_object_get(lq, "includeclosed")), "false");
    CHECK_STR(json_string_value(json_object_get(lq, "status_id")), "1,2,3");
    CHECK_STR(json_string_value(json_object_get(lq, "search")), "printer & co/50%");
    CHECK_STR(json_string_value(json_object_get(lq, "utcoffset")), "21");
    CHECK_STR(json_string_value(json_object_get(lq, "ratio")), "0.5");
    CHECK_STR(json_string_value(json_object_get(lq, "count")), "3");
    CHECK(json_object_get(lq, "client_id") == NULL);
    json_decref(log);

    struct buf b = {0};
    q = json_pack("{s:s, s:[s,s], s:o}", "a b", "x=y", "ids", "1", "2", "adv",
                  json_pack("[{s:s}]", "filter_name", "x"));
    halo__build_query(&b, q);
    CHECK_STR(b.data, "a%20b=x%3Dy&ids=1,2&adv=%5B%7B%22filter_name%22%3A%22x%22%7D%5D");
    json_decref(q);
    buf_free(&b);
    ht_stop(&t);
}

static void test_envelopes_live(void)
{
    struct ht t;
    struct halo_error e;
    ht_start(&t, NULL, 0, 0, 0);
    /* Bare array (Status), wrapped (Client), bare record by id. */
    json_t *r = halo_get(t.hc, "/api/Status", NULL, &e);
    int64_t rc = -1;
    json_t *rows = halo_rows(r, "statuses", &rc);
    CHECK(json_array_size(rows) > 0);
    CHECK_INT(rc, json_array_size(rows));
    json_decref(r);
    r = halo_get(t.hc, "/api/Client", NULL, &e);
    rows = halo_rows(r, "clients", &rc);
    CHECK(json_array_size(rows) > 0);
    CHECK(rc >= (int64_t)json_array_size(rows));
    json_t *first = json_array_get(rows, 0);
    char path[64];
    snprintf(path, sizeof path, "/api/Client/%lld",
             (long long)json_integer_value(json_object_get(first, "id")));
    json_t *one = halo_get(t.hc, path, NULL, &e);
    json_t *rec = halo_record(one, "clients");
    CHECK(rec == one);
    CHECK_INT(json_integer_value(json_object_get(rec, "id")),
              json_integer_value(json_object_get(first, "id")));
    json_decref(one);
    json_decref(r);
    ht_stop(&t);
}

static void test_envelopes(void)
{
    int64_t rc = -1;
    json_t *w = json_loads("{\"record_count\":42,\"tickets\":[{\"id\":1},{\"id\":2}]}", 0, NULL);
    json_t *rows = halo_rows(w, "tickets", &rc);
    CHECK_INT(json_array_size(rows), 2);
    CHECK_INT(rc, 42);
    CHECK(json_array_get(rows, 0) == json_array_get(json_object_get(w, "tickets"), 0));
    json_decref(w);

    json_t *bare = json_loads("[{\"id\":1},{\"id\":2},{\"id\":3}]", 0, NULL);
    CHECK(halo_rows(bare, "agents", &rc) == bare);
    CHECK_INT(rc, 3);
    json_decref(bare);

    json_t *empty = json_object();
    rows = halo_rows(empty, "tickets", &rc);
    CHECK(json_is_array(rows));
    CHECK_INT(json_array_size(rows), 0);
    CHECK_INT(rc, 0);
    json_decref(empty);

    json_t *dec = json_loads("{\"record_count\":2.0,\"Sites\":[{\"id\":33,\"client_id\":21.0}]}", 0, NULL);
    rows = halo_rows(dec, "sites", &rc);
    CHECK_INT(json_array_size(rows), 1);
    CHECK_INT(rc, 2);
    json_decref(dec);

    json_t *odd = json_loads("{\"record_count\":1,\"things\":[{\"id\":9}]}", 0, NULL);
    rows = halo_rows(odd, "workflows", &rc);
    CHECK_INT(json_array_size(rows), 1);
    json_decref(odd);

    json_t *rec = json_loads("{\"id\":5,\"summary\":\"x\"}", 0, NULL);
    CHECK(halo_record(rec, "tickets") == rec);
    json_t *wrapped = json_loads("{\"tickets\":[{\"id\":5}]}", 0, NULL);
    json_t *got = halo_record(wrapped, "tickets");
    CHECK_INT(json_integer_value(json_object_get(got, "id")), 5);
    json_t *none = json_loads("{\"tickets\":[]}", 0, NULL);
    CHECK(halo_record(none, "tickets") == NULL);
    json_t *num = json_integer(3);
    CHECK(halo_record(num, "tickets") == NULL);
    json_decref(rec);
    json_decref(wrapped);
    json_decref(none);
    json_decref(num);
}

static void test_error_shapes(void)
{
    static const char *const cases[][2] = {
        {"{\"ClassName\":\"HaloException\",\"Message\":\"Details and Category were required\"}",
         "Details and Category were required"},
        {"{\"message\":\"Ticket is closed\"}", "Ticket is closed"},
        {"{\"error\":\"invalid_scope\",\"error_description\":\"scope edit:tickets not allowed\"}",
         "invalid_scope: scope edit:tickets not allowed"},
        {"{\"[0].id\":\"The id is not valid\",\"[0].summary\":\"Summary is required\"}",
         "[0].id: The id is not valid; [0].summary: Summary is required"},
        {"{\"resultCode\":3,\"errorMessage\":\"Agent not found\"}", "Agent not found"},
        {"\"CODE:APP03/2 Please select the CAB members to approve\"",
         "CODE:APP03/2 Please select the CAB members to approve"},
        {"{\"error\":\"Rate Limit Reached - 300 Requests per rolling 5 minute window\"}",
         "Rate Limit Reached - 300 Requests per rolling 5 minute window"},
        {"{\"title\":\"One or more validation errors occurred.\",\"errors\":{\"Summary\":[\"Summary is required\"]}}",
         "Summary: Summary is required"},
        {"Client is required", "Client is required"},
        {"<html><head><title>502 Bad Gateway</title></head><body>nginx</body></html>",
         "502 Bad Gateway"},
        {NULL, NULL},
    };
    char out[1024];
    for (int i = 0; cases[i][0]; i++) {
        halo__body_message(400, cases[i][0], strlen(cases[i][0]), out, sizeof out);
        CHECK_STR(out, cases[i][1]);
    }
    halo__body_message(404, "", 0, out, sizeof out);
    CHECK_CONTAINS(out, "Not Found");
    /* Long plain text is shortened. */
    char big[3000];
    memset(big, 'x', sizeof big - 1);
    big[sizeof big - 1] = '\0';
    halo__body_message(500, big, strlen(big), out, sizeof out);
    CHECK(strlen(out) <= 300);
    /* A body that echoes a registered secret is redacted. */
    log_add_secret("echoed-secret-value-77");
    const char *echo = "{\"Message\":\"bad client_secret echoed-secret-value-77\"}";
    halo__body_message(400, echo, strlen(echo), out, sizeof out);
    CHECK_NOT_CONTAINS(out, "echoed-secret-value-77");
}

struct pagestate {
    int calls;
    size_t last;
    int64_t total;
    int cancel_after;
};

static void on_progress(void *ud, size_t fetched, int64_t total)
{
    struct pagestate *p = ud;
    p->calls++;
    p->last = fetched;
    p->total = total;
}

static bool cancel_after(void *ud)
{
    struct pagestate *p = ud;
    return p->cancel_after && p->calls >= p->cancel_after;
}

static void test_paging(void)
{
    struct ht t;
    struct halo_error e;
    ht_start(&t, NULL, 0, 0, 0);
    struct pagestate ps = {0};
    int64_t total = -1;
    json_t *rows = halo_get_pages(t.hc, "/api/Tickets", NULL, "tickets", 7, 0, on_progress, &ps,
                                  &total, &e);
    CHECK(rows != NULL);
    CHECK(total > 7);
    CHECK_INT(json_array_size(rows), total);
    CHECK_INT(ps.calls, (total + 6) / 7);
    CHECK_INT(ps.last, total);
    CHECK_INT(ps.total, total);
    /* Distinct rows: the pages did not overlap. */
    for (size_t i = 1; i < json_array_size(rows); i++)
        CHECK(!json_equal(json_array_get(rows, i - 1), json_array_get(rows, i)));
    json_decref(rows);
    json_t *log = ht_requests(&t);
    size_t i;
    json_t *x;
    int page = 0;
    json_array_foreach(log, i, x) {
        if (strcmp(json_string_value(json_object_get(x, "method")), "GET") != 0)
            continue;
        json_t *q = json_object_get(x, "query");
        page++;
        CHECK_STR(json_string_value(json_object_get(q, "pageinate")), "true");
        CHECK_STR(json_string_value(json_object_get(q, "page_size")), "7");
        char want[16];
        snprintf(want, sizeof want, "%d", page);
        CHECK_STR(json_string_value(json_object_get(q, "page_no")), want);
    }
    CHECK_INT(page, ps.calls);
    json_decref(log);

    /* max_rows stops early; the total is still HaloPSA's. */
    ht_clear(&t);
    int64_t total2 = -1;
    rows = halo_get_pages(t.hc, "/api/Tickets", NULL, "tickets", 5, 8, NULL, NULL, &total2, &e);
    CHECK_INT(json_array_size(rows), 8);
    CHECK_INT(total2, total);
    json_decref(rows);
    log = ht_requests(&t);
    CHECK_INT(ht_count(log, "GET", "/api/Tickets", 200), 2);
    json_decref(log);

    /* Cancelled after the first page: the rows so far. */
    struct pagestate pc = {.cancel_after = 1};
    halo_set_cancel(cancel_after, &pc);
    rows = halo_get_pages(t.hc, "/api/Tickets", NULL, "tickets", 3, 0, on_progress, &pc, NULL, &e);
    halo_set_cancel(NULL, NULL);
    CHECK_INT(json_array_size(rows), 3);
    CHECK_INT(e.kind, HALO_E_CANCELLED);
    CHECK_INT(pc.calls, 1);
    json_decref(rows);

    /* Filters travel with every page. */
    json_t *q = json_pack("{s:s}", "search", "a");
    ht_clear(&t);
    rows = halo_get_pages(t.hc, "/api/Client", q, "clients", 50, 0, NULL, NULL, NULL, &e);
    CHECK(rows != NULL);
    json_decref(rows);
    json_decref(q);
    log = ht_requests(&t);
    CHECK_STR(json_string_value(json_object_get(json_object_get(json_array_get(log, 0), "query"), "search")),
              "a");
    json_decref(log);
    ht_stop(&t);
}

/* Every line written to stderr at debug level, across a run that succeeds,
 * refreshes, fails authentication and prints its errors: neither the client
 * secret nor any token may appear. */
static void test_no_secrets_in_output(void)
{
    char path[] = "/tmp/halo-test-stderr-XXXXXX";
    int fd = mkstemp(path);
    CHECK(fd >= 0);
    if (fd < 0)
        return;
    fflush(stderr);
    int saved = dup(2);
    dup2(fd, 2);
    enum log_level lvl = log_get_level();
    log_set_level(LOG_DEBUG);
    char tokens[4][128];
    int ntok = 0;

    struct ht t;
    struct halo_error e;
    char line[1600], err[256];
    ht_start(&t, NULL, 0, 0, 1);
    json_t *r = halo_get(t.hc, "/api/Tickets", NULL, &e);
    json_decref(r);
    snprintf(tokens[ntok++], sizeof tokens[0], "%s", t.hc->token ? t.hc->token : "none");
    ht_faults(&t, "{\"revoke_tokens\":true}");
    r = halo_get(t.hc, "/api/Tickets/999999", NULL, &e);
    snprintf(tokens[ntok++], sizeof tokens[0], "%s", t.hc->token ? t.hc->token : "none");
    log_error("%s", halo_error_format(&e, line, sizeof line));
    ht_faults(&t, "{\"fail_nth\":{\"n\":1,\"status\":401,\"count\":2}}");
    r = halo_get(t.hc, "/api/Status", NULL, &e);
    log_error("%s", halo_error_format(&e, line, sizeof line));
    snprintf(tokens[ntok++], sizeof tokens[0], "%s", t.hc->token ? t.hc->token : "none");

    struct halo_config cfg;
    CHECK_INT(halo_config_init(&cfg, t.base, "acme", NULL, SIM_DEMO_CLIENT_ID,
                               "bad-secret+/=&value-5", err, sizeof err),
              0);
    struct halo_client *bad = halo_client_new(&cfg);
    halo_config_cleanup(&cfg);
    r = halo_get(bad, "/api/Tickets", NULL, &e);
    CHECK(r == NULL);
    log_error("%s", halo_error_format(&e, line, sizeof line));
    halo_client_free(bad);
    ht_stop(&t);

    fflush(stderr);
    dup2(saved, 2);
    close(saved);
    log_set_level(lvl);
    char *out = tl_read_file(path);
    unlink(path);
    close(fd);
    CHECK(out != NULL);
    CHECK_CONTAINS(out, "GET /api/Tickets 200");
    CHECK_CONTAINS(out, "401");
    CHECK_NOT_CONTAINS(out, SIM_DEMO_CLIENT_SECRET);
    CHECK_NOT_CONTAINS(out, "bad-secret+/=&value-5");
    CHECK_NOT_CONTAINS(out, "bad-secret%2B%2F%3D%26value-5");
    for (int i = 0; i < ntok; i++) {
        CHECK(strlen(tokens[i]) > 8);
        CHECK_NOT_CONTAINS(out, tokens[i]);
    }
    free(out);
}

static const struct test tests[] = {
    {"auth_and_get", test_auth_and_get},
    {"tenant_sent", test_tenant_sent},
    {"auth_failure", test_auth_failure},
    {"token_expiry", test_token_expiry},
    {"refresh_on_401", test_refresh_on_401},
    {"shared_refresh", test_shared_refresh},
    {"errors_passed_through", test_errors_passed_through},
    {"retry_5xx", test_retry_5xx},
    {"connection_drop", test_connection_drop},
    {"connect_refused", test_connect_refused},
    {"malformed", test_malformed},
    {"timeouts", test_timeouts},
    {"post_and_delete", test_post_and_delete},
    {"query_building", test_query_building},
    {"envelopes_live", test_envelopes_live},
    {"envelopes", test_envelopes},
    {"error_shapes", test_error_shapes},
    {"paging", test_paging},
    {"no_secrets_in_output", test_no_secrets_in_output},
    {NULL, NULL},
};
HARNESS_MAIN("halo_client", tests)
