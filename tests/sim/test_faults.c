/* test_faults.c - the simulator's fault injection (/_sim/faults), request
 * log (/_sim/requests), reset, rate limit (429 bodies, Retry-After) and
 * keep-alive, over real sockets. */
#include "simtest.h"

static struct st_reply sim_ctl(struct st *t, const char *method, const char *what, const char *body)
{
    char *url = xasprintf("%s/_sim/%s", t->url, what);
    struct st_reply r = st_req(method, url, body, NULL, NULL);
    free(url);
    return r;
}

static void set_faults(struct st *t, const char *spec)
{
    struct st_reply r = sim_ctl(t, "POST", "faults", spec);
    CHECK_INT(r.status, 200);
    st_reply_free(&r);
}

static void test_fail_nth(void)
{
    struct st t;
    st_start(&t, NULL);
    set_faults(&t, "{\"fail_nth\":{\"n\":2,\"status\":503,\"count\":2}}");
    struct st_reply r = st_api(&t, "GET", "/api/Status", NULL);
    CHECK_INT(r.status, 200);
    st_reply_free(&r);
    r = st_api(&t, "GET", "/api/Status", NULL);
    CHECK_INT(r.status, 503);
    CHECK_STR(json_string_value(json_object_get(r.json, "ClassName")), "HaloException");
    st_reply_free(&r);
    r = st_api(&t, "GET", "/api/Status", NULL);
    CHECK_INT(r.status, 503);
    st_reply_free(&r);
    r = st_api(&t, "GET", "/api/Status", NULL);
    CHECK_INT(r.status, 200);
    st_reply_free(&r);
    /* Without count: exactly one failure, default 503 status when omitted. */
    set_faults(&t, "{\"fail_nth\":{\"n\":1,\"status\":500}}");
    r = st_api(&t, "GET", "/api/Status", NULL);
    CHECK_INT(r.status, 500);
    st_reply_free(&r);
    r = st_api(&t, "GET", "/api/Status", NULL);
    CHECK_INT(r.status, 200);
    st_reply_free(&r);
    st_stop(&t);
}

static void test_drop_nth(void)
{
    struct st t;
    st_start(&t, NULL);
    set_faults(&t, "{\"drop_nth\":1}");
    struct st_reply r = st_api(&t, "GET", "/api/Tickets", NULL);
    CHECK_INT(r.status, 0); /* the connection closed without a reply */
    st_reply_free(&r);
    r = st_api(&t, "GET", "/api/Tickets", NULL);
    CHECK_INT(r.status, 200);
    st_reply_free(&r);
    /* The dropped request is in the log with status 0. */
    r = sim_ctl(&t, "GET", "requests", NULL);
    size_t n = json_array_size(r.json);
    CHECK(n >= 3);
    CHECK_INT(json_integer_value(json_object_get(json_array_get(r.json, n - 2), "status")), 0);
    CHECK_INT(json_integer_value(json_object_get(json_array_get(r.json, n - 1), "status")), 200);
    st_reply_free(&r);
    st_stop(&t);
}

static void test_drop_keep_alive(void)
{
    struct st t;
    st_start(&t, NULL);
    CURL *h = curl_easy_init();
    char *url = xasprintf("%s/api/Status", t.url);
    struct st_reply r = st_req_h(h, "GET", url, NULL, NULL, t.token);
    CHECK_INT(r.status, 200);
    st_reply_free(&r);
    /* Two drops in a row defeat libcurl's one silent retry of a request
     * whose reused connection died: the client sees the failure. */
    set_faults(&t, "{\"drop_nth\":{\"n\":1,\"count\":2}}");
    r = st_req_h(h, "GET", url, NULL, NULL, t.token);
    CHECK_INT(r.status, 0);
    st_reply_free(&r);
    r = st_req_h(h, "GET", url, NULL, NULL, t.token);
    CHECK_INT(r.status, 200);
    st_reply_free(&r);
    curl_easy_cleanup(h);
    free(url);
    st_stop(&t);
}

static void test_malformed_nth(void)
{
    struct st t;
    st_start(&t, NULL);
    set_faults(&t, "{\"malformed_nth\":2}");
    struct st_reply r = st_api(&t, "GET", "/api/Agent", NULL);
    CHECK_INT(r.status, 200);
    CHECK(json_is_array(r.json));
    st_reply_free(&r);
    r = st_api(&t, "GET", "/api/Agent", NULL);
    CHECK_INT(r.status, 200);
    CHECK(r.json == NULL);
    CHECK(r.body && r.body[0] == '[');
    st_reply_free(&r);
    r = st_api(&t, "GET", "/api/Agent", NULL);
    CHECK(json_is_array(r.json));
    st_reply_free(&r);
    st_stop(&t);
}

static void test_burst_429(void)
{
    struct st t;
    st_start(&t, NULL);
    set_faults(&t, "{\"burst_429\":2}");
    for (int i = 0; i < 2; i++) {
        struct st_reply r = st_api(&t, "GET", "/api/Status", NULL);
        CHECK_INT(r.status, 429);
        CHECK_STR(json_string_value(json_object_get(r.json, "error")),
                  "Rate Limit Reached - 500 Requests per rolling 3 minute window");
        st_reply_free(&r);
    }
    struct st_reply r = st_api(&t, "GET", "/api/Status", NULL);
    CHECK_INT(r.status, 200);
    st_reply_free(&r);
    st_stop(&t);
}

static void test_latency(void)
{
    struct st t;
    st_start(&t, NULL);
    set_faults(&t, "{\"latency_ms\":30}");
    /* Latency slows replies down but changes nothing else. */
    struct st_reply r = st_api(&t, "GET", "/api/Status", NULL);
    CHECK_INT(r.status, 200);
    CHECK(json_is_array(r.json));
    st_reply_free(&r);
    st_stop(&t);
}

static void test_clear_faults(void)
{
    struct st t;
    st_start(&t, NULL);
    set_faults(&t, "{\"fail_nth\":{\"n\":1,\"status\":502},\"burst_429\":5}");
    struct st_reply r = sim_ctl(&t, "DELETE", "faults", NULL);
    CHECK_INT(r.status, 200);
    st_reply_free(&r);
    r = st_api(&t, "GET", "/api/Status", NULL);
    CHECK_INT(r.status, 200);
    st_reply_free(&r);
    /* Bad specs are refused. */
    r = sim_ctl(&t, "POST", "faults", "{\"fail_nth\":{\"n\":0}}");
    CHECK_INT(r.status, 400);
    st_reply_free(&r);
    r = sim_ctl(&t, "POST", "faults", "{\"explode\":1}");
    CHECK_INT(r.status, 400);
    st_reply_free(&r);
    r = sim_ctl(&t, "POST", "faults", "not json");
    CHECK_INT(r.status, 400);
    st_reply_free(&r);
    st_stop(&t);
}

static void test_request_log(void)
{
    struct st t;
    st_start(&t, NULL);
    struct st_reply r = sim_ctl(&t, "DELETE", "requests", NULL);
    CHECK_INT(r.status, 200);
    st_reply_free(&r);
    r = st_api(&t, "GET", "/api/Tickets?pageinate=true&page_size=5&team=1&team=2", NULL);
    st_reply_free(&r);
    r = st_api(&t, "POST", "/api/Tickets", "[{\"id\":1,\"summary\":\"logged\"}]");
    st_reply_free(&r);
    r = sim_ctl(&t, "GET", "faults", NULL); /* /_sim calls are never logged */
    st_reply_free(&r);
    r = sim_ctl(&t, "GET", "requests", NULL);
    CHECK_INT(r.status, 200);
    CHECK_INT(json_array_size(r.json), 2);
    json_t *e = json_array_get(r.json, 0);
    CHECK_STR(json_string_value(json_object_get(e, "method")), "GET");
    CHECK_STR(json_string_value(json_object_get(e, "path")), "/api/Tickets");
    json_t *q = json_object_get(e, "query");
    CHECK_STR(json_string_value(json_object_get(q, "pageinate")), "true");
    CHECK_STR(json_string_value(json_object_get(q, "page_size")), "5");
    CHECK_INT(json_array_size(json_object_get(q, "team")), 2);
    CHECK(json_is_null(json_object_get(e, "body")));
    CHECK_INT(json_integer_value(json_object_get(e, "status")), 200);
    e = json_array_get(r.json, 1);
    CHECK_STR(json_string_value(json_object_get(e, "method")), "POST");
    CHECK_STR(json_string_value(
                  json_object_get(json_array_get(json_object_get(e, "body"), 0), "summary")),
              "logged");
    CHECK_INT(json_integer_value(json_object_get(e, "status")), 200);
    st_reply_free(&r);
    st_stop(&t);
}

static void test_reset(void)
{
    struct st t;
    int status;
    st_start(&t, NULL);
    struct st_reply r = st_api(&t, "POST", "/api/Tickets", "[{\"id\":1,\"summary\":\"changed\"}]");
    CHECK_INT(r.status, 200);
    st_reply_free(&r);
    json_t *j = st_get(&t, "/api/Tickets/1", &status);
    CHECK_STR(json_string_value(json_object_get(j, "summary")), "changed");
    json_decref(j);
    r = sim_ctl(&t, "POST", "reset", NULL);
    CHECK_INT(r.status, 200);
    st_reply_free(&r);
    j = st_get(&t, "/api/Tickets/1", &status);
    CHECK_INT(status, 200);
    CHECK(strcmp(json_string_value(json_object_get(j, "summary")), "changed") != 0);
    json_decref(j);
    st_stop(&t);
}

static void test_rate_limit(void)
{
    struct sim_options o;
    struct st t;
    char v[32];
    sim_options_default(&o);
    o.rate_limit = 3; /* the token request is the first of the three */
    o.rate_window_s = 180;
    st_start(&t, &o);
    struct st_reply r = st_api(&t, "GET", "/api/Status", NULL);
    CHECK_INT(r.status, 200);
    st_reply_free(&r);
    r = st_api(&t, "GET", "/api/Status", NULL);
    CHECK_INT(r.status, 200);
    st_reply_free(&r);
    r = st_api(&t, "GET", "/api/Status", NULL);
    CHECK_INT(r.status, 429);
    CHECK_STR(json_string_value(json_object_get(r.json, "error")),
              "Rate Limit Reached - 3 Requests per rolling 3 minute window");
    CHECK(st_header(&r, "Retry-After", v, sizeof v) == NULL);
    st_reply_free(&r);
    /* /_sim and authinfo are not counted. */
    r = sim_ctl(&t, "GET", "requests", NULL);
    CHECK_INT(r.status, 200);
    st_reply_free(&r);
    st_stop(&t);
}

static void test_rate_limit_retry_after(void)
{
    struct sim_options o;
    struct st t;
    char v[32];
    sim_options_default(&o);
    o.rate_limit = 2;
    o.rate_window_s = 45;
    o.retry_after = true;
    st_start(&t, &o);
    struct st_reply r = st_api(&t, "GET", "/api/Status", NULL);
    CHECK_INT(r.status, 200);
    st_reply_free(&r);
    r = st_api(&t, "GET", "/api/Status", NULL);
    CHECK_INT(r.status, 429);
    CHECK_STR(json_string_value(json_object_get(r.json, "error")),
              "Rate Limit Reached - 2 Requests per rolling 45 second window");
    CHECK(st_header(&r, "Retry-After", v, sizeof v) != NULL);
    int secs = atoi(v);
    CHECK(secs >= 1 && secs <= 45);
    st_reply_free(&r);
    /* Token requests are limited too. */
    char *tok = st_token_for(t.url, SIM_DEMO_CLIENT_ID, SIM_DEMO_CLIENT_SECRET);
    CHECK(tok == NULL);
    free(tok);
    st_stop(&t);
}

static void test_keep_alive(void)
{
    struct st t;
    long connects = -1;
    st_start(&t, NULL);
    CURL *h = curl_easy_init();
    char *url = xasprintf("%s/api/Status", t.url);
    struct st_reply r = st_req_h(h, "GET", url, NULL, NULL, t.token);
    CHECK_INT(r.status, 200);
    st_reply_free(&r);
    r = st_req_h(h, "GET", url, NULL, NULL, t.token);
    CHECK_INT(r.status, 200);
    curl_easy_getinfo(h, CURLINFO_NUM_CONNECTS, &connects);
    CHECK_INT(connects, 0); /* the second request reused the connection */
    st_reply_free(&r);
    /* Stopping with the client's connection still open must not hang. */
    st_stop(&t);
    curl_easy_cleanup(h);
    free(url);
}

static const struct test tests[] = {
    {"fail_nth", test_fail_nth},
    {"drop_nth", test_drop_nth},
    {"drop_keep_alive", test_drop_keep_alive},
    {"malformed_nth", test_malformed_nth},
    {"burst_429", test_burst_429},
    {"latency", test_latency},
    {"clear_faults", test_clear_faults},
    {"request_log", test_request_log},
    {"reset", test_reset},
    {"rate_limit", test_rate_limit},
    {"rate_limit_retry_after", test_rate_limit_retry_after},
    {"keep_alive", test_keep_alive},
    {NULL, NULL},
};
HARNESS_MAIN("sim_faults", tests)
