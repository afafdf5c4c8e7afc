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

/* ---- write faults (issue 13's matrix) ---- */

/* How many POST /api/Tickets requests the log shows as applied, and the
 * number of tickets the store holds. */
static int applied_ticket_posts(struct st *t)
{
    struct st_reply r = sim_ctl(t, "GET", "requests", NULL);
    size_t i;
    json_t *e;
    int n = 0;
    json_array_foreach(r.json, i, e) {
        if (strcmp(json_string_value(json_object_get(e, "method")), "POST") == 0 &&
            strcmp(json_string_value(json_object_get(e, "path")), "/api/Tickets") == 0 &&
            json_is_true(json_object_get(e, "applied")))
            n++;
    }
    st_reply_free(&r);
    return n;
}

static json_int_t ticket_count(struct st *t)
{
    int status;
    json_t *j = st_get(t, "/api/Tickets?count=1", &status);
    json_int_t n = json_integer_value(json_object_get(j, "record_count"));
    json_decref(j);
    return n;
}

/* The newest log entry (a copy, new). */
static json_t *last_logged(struct st *t)
{
    struct st_reply r = sim_ctl(t, "GET", "requests", NULL);
    json_t *e = json_deep_copy(json_array_get(r.json, json_array_size(r.json) - 1));
    st_reply_free(&r);
    return e;
}

static const char *const new_ticket = "[{\"summary\":\"Fault matrix\",\"client_id\":1}]";

/* One write under a fault: the reply status the client sees, whether the
 * record exists afterwards, and what the log says. */
static void check_write_fault(const char *kind, int want_status, bool applied)
{
    struct st t;
    char spec[128];
    st_start(&t, NULL);
    json_int_t before = ticket_count(&t);
    snprintf(spec, sizeof spec, "{\"write_fault\":{\"kind\":\"%s\"}}", kind);
    set_faults(&t, spec);
    struct st_reply r = st_api(&t, "POST", "/api/Tickets", new_ticket);
    if (r.status != want_status)
        harness_fail(__FILE__, __LINE__, "%s: status %d, want %d", kind, r.status, want_status);
    st_reply_free(&r);
    json_t *e = last_logged(&t);
    CHECK_STR(json_string_value(json_object_get(e, "fault")), kind);
    CHECK(json_is_true(json_object_get(e, "applied")) == applied);
    json_decref(e);
    if (strcmp(kind, "revoke") == 0) { /* the old token is gone: a new one reads */
        free(t.token);
        t.token = st_token_for(t.url, SIM_DEMO_CLIENT_ID, SIM_DEMO_CLIENT_SECRET);
    }
    if (ticket_count(&t) != before + (applied ? 1 : 0))
        harness_fail(__FILE__, __LINE__, "%s: %lld tickets, had %lld", kind,
                     (long long)ticket_count(&t), (long long)before);
    CHECK_INT(applied_ticket_posts(&t), applied ? 1 : 0); /* written at most once */
    /* One write only: the next goes through. */
    r = st_api(&t, "POST", "/api/Tickets", new_ticket);
    CHECK_INT(r.status, 200);
    st_reply_free(&r);
    st_stop(&t);
}

static void test_write_error(void)
{
    check_write_fault("error", 503, false);
}

static void test_write_drop_before(void)
{
    check_write_fault("drop_before", 0, false);
}

static void test_write_drop_after(void)
{
    check_write_fault("drop_after", 0, true);
}

static void test_write_error_after(void)
{
    check_write_fault("error_after", 503, true);
}

static void test_write_429(void)
{
    check_write_fault("429", 429, false);
}

static void test_write_revoke(void)
{
    check_write_fault("revoke", 401, false);
}

static void test_write_malformed_after(void)
{
    struct st t;
    st_start(&t, NULL);
    json_int_t before = ticket_count(&t);
    set_faults(&t, "{\"write_fault\":{\"kind\":\"malformed_after\"}}");
    struct st_reply r = st_api(&t, "POST", "/api/Tickets", new_ticket);
    CHECK_INT(r.status, 200);
    CHECK(r.json == NULL); /* not JSON */
    CHECK(r.body && r.body[0] == '{');
    st_reply_free(&r);
    CHECK_INT(ticket_count(&t), before + 1);
    CHECK_INT(applied_ticket_posts(&t), 1);
    st_stop(&t);
}

/* The reply is held past the client's timeout; the write is already in. */
static void test_write_hold_after(void)
{
    struct st t;
    st_start(&t, NULL);
    json_int_t before = ticket_count(&t);
    set_faults(&t, "{\"write_fault\":{\"kind\":\"hold_after\",\"hold_ms\":3000}}");
    CURL *h = curl_easy_init();
    struct curl_slist *hl = NULL;
    char *auth = xasprintf("Authorization: Bearer %s", t.token);
    char *url = xasprintf("%s/api/Tickets", t.url);
    hl = curl_slist_append(hl, auth);
    hl = curl_slist_append(hl, "Content-Type: application/json");
    curl_easy_setopt(h, CURLOPT_URL, url);
    curl_easy_setopt(h, CURLOPT_POSTFIELDS, new_ticket);
    curl_easy_setopt(h, CURLOPT_HTTPHEADER, hl);
    curl_easy_setopt(h, CURLOPT_TIMEOUT_MS, 300L);
    curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
    CHECK_INT(curl_easy_perform(h), CURLE_OPERATION_TIMEDOUT);
    curl_easy_cleanup(h);
    curl_slist_free_all(hl);
    free(url);
    free(auth);
    /* Logged and applied before the held reply. */
    CHECK_INT(ticket_count(&t), before + 1);
    CHECK_INT(applied_ticket_posts(&t), 1);
    st_stop(&t);
}

/* n, count, entity and method pick which writes are hit; reads never. */
static void test_write_fault_targeting(void)
{
    struct st t;
    int status;
    st_start(&t, NULL);
    set_faults(&t, "{\"write_fault\":{\"kind\":\"error\",\"status\":500,\"n\":2,"
                   "\"count\":2,\"entity\":\"tickets\",\"method\":\"POST\"}}");
    json_decref(st_get(&t, "/api/Tickets", &status)); /* a read: not counted */
    CHECK_INT(status, 200);
    json_decref(st_send(&t, "POST", "/api/Client", "[{\"name\":\"Other\"}]", &status));
    CHECK_INT(status, 200); /* another entity: not counted */
    struct st_reply r = st_api(&t, "POST", "/api/Tickets", new_ticket); /* write 1 */
    CHECK_INT(r.status, 200);
    st_reply_free(&r);
    r = st_api(&t, "POST", "/api/Tickets", new_ticket); /* write 2 */
    CHECK_INT(r.status, 500);
    st_reply_free(&r);
    r = st_api(&t, "DELETE", "/api/Tickets/3", NULL); /* a delete: not this fault's method */
    CHECK_INT(r.status, 200);
    st_reply_free(&r);
    r = st_api(&t, "POST", "/api/Tickets", new_ticket); /* write 3 */
    CHECK_INT(r.status, 500);
    st_reply_free(&r);
    r = st_api(&t, "POST", "/api/Tickets", new_ticket);
    CHECK_INT(r.status, 200);
    st_reply_free(&r);
    /* Unknown kinds are refused. */
    r = sim_ctl(&t, "POST", "faults", "{\"write_fault\":{\"kind\":\"explode\"}}");
    CHECK_INT(r.status, 400);
    st_reply_free(&r);
    st_stop(&t);
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
    {"write_error", test_write_error},
    {"write_drop_before", test_write_drop_before},
    {"write_drop_after", test_write_drop_after},
    {"write_error_after", test_write_error_after},
    {"write_429", test_write_429},
    {"write_revoke", test_write_revoke},
    {"write_malformed_after", test_write_malformed_after},
    {"write_hold_after", test_write_hold_after},
    {"write_fault_targeting", test_write_fault_targeting},
    {NULL, NULL},
};
HARNESS_MAIN("sim_faults", tests)
