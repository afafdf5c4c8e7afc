/* test_subscribe.c - resource subscriptions end to end: off by default (not
 * offered at all), and with HALOPSA_RESOURCE_POLL_SECONDS the subscribed
 * resources re-read on a timer, a change in HaloPSA reaching the client as
 * notifications/resources/updated (a 2025 session's resources/subscribe
 * and a 2026 subscriptions/listen stream), unchanged ones staying quiet,
 * and the polling kept within its share of the rate limit. */
#include "fw_test.h"

#include <time.h>
#include <unistd.h>

#define META_2026                                                                                  \
    "{\"io.modelcontextprotocol/protocolVersion\":\"2026-07-28\","                                  \
    "\"io.modelcontextprotocol/clientInfo\":{\"name\":\"t\",\"version\":\"1\"},"                   \
    "\"io.modelcontextprotocol/clientCapabilities\":{}}"
#define POLL_ENV "HALOPSA_RESOURCE_POLL_SECONDS=1"
/* Generous: the poller runs every second, the machine may be busy. */
#define WAIT_MS 30000

static json_t *rpc(struct tt *t, const char *method, const char *params_json)
{
    return tl_rpc(&t->proc, method, json_loads(params_json ? params_json : "{}", 0, NULL), 60000);
}

static int err_code(json_t *resp)
{
    return (int)json_integer_value(json_object_get(json_object_get(resp, "error"), "code"));
}

static int64_t now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Whether msg is notifications/resources/updated for uri. */
static bool is_update(json_t *msg, const char *uri)
{
    const char *m = json_string_value(json_object_get(msg, "method"));
    const char *u = json_string_value(json_object_get(json_object_get(msg, "params"), "uri"));
    return m && strcmp(m, "notifications/resources/updated") == 0 && u && strcmp(u, uri) == 0;
}

/* The first resources/updated notification for uri seen (already, or
 * within ms): a new reference, or NULL. */
static json_t *wait_update(struct tt *t, const char *uri, int ms)
{
    size_t i;
    json_t *msg;
    json_array_foreach(t->proc.notes, i, msg) {
        if (is_update(msg, uri))
            return json_incref(msg);
    }
    int64_t end = now_ms() + ms;
    while (now_ms() < end) {
        msg = tl_recv(&t->proc, (int)(end - now_ms()));
        if (!msg)
            return NULL;
        json_array_append(t->proc.notes, msg);
        if (is_update(msg, uri))
            return msg;
        json_decref(msg);
    }
    return NULL;
}

/* How many GET requests with this path prefix and (when given) this
 * query parameter the simulator has logged. */
static int gets(struct tt *t, const char *path, const char *param)
{
    json_t *log = tt_requests(t);
    int n = 0;
    size_t i;
    json_t *r;
    json_array_foreach(log, i, r) {
        const char *p = json_string_value(json_object_get(r, "path"));
        if (strcmp(json_string_value(json_object_get(r, "method")), "GET") == 0 && p &&
            strncasecmp(p, path, strlen(path)) == 0 &&
            (!param || json_object_get(json_object_get(r, "query"), param)))
            n++;
    }
    json_decref(log);
    return n;
}

/* Waits until the poller has read (n GETs of path with param): the first
 * reading is only recorded, so a change must come after it. */
static bool wait_reads(struct tt *t, const char *path, const char *param, int n)
{
    int64_t end = now_ms() + WAIT_MS;
    while (now_ms() < end) {
        if (gets(t, path, param) >= n)
            return true;
        usleep(100 * 1000);
    }
    return false;
}

static void test_off_by_default(void)
{
    struct tt t;
    TT_START(&t, NULL);
    json_t *resp = rpc(&t, "resources/subscribe", "{\"uri\":\"halopsa://tickets/5\"}");
    CHECK_INT(err_code(resp), -32601);
    json_decref(resp);
    /* and no reading happens behind the client's back */
    tt_clear_requests(&t);
    usleep(1500 * 1000);
    CHECK_INT(gets(&t, "/api/", NULL), 0);
    CHECK_INT(tt_stop(&t), 0);

    /* a bad setting names the variable and the server does not start */
    struct tl_proc p = {0};
    char *argv[] = {(char *)tl_bin("halopsa-mcp"), "--demo", NULL};
    CHECK_INT(tl_spawn(&p, argv, FW_ENV("HALOPSA_RESOURCE_POLL_SECONDS=often")), 0);
    CHECK(tl_finish(&p, 30000) != 0);
    char *err = tl_stderr(&p);
    CHECK_CONTAINS(err, "HALOPSA_RESOURCE_POLL_SECONDS");
    free(err);
    tl_proc_free(&p);
}

static void test_legacy_subscribe(void)
{
    struct tt t;
    TT_START(&t, FW_ENV(POLL_ENV));
    json_t *resp = rpc(&t, "resources/subscribe", "{\"uri\":\"halopsa://tickets/5\"}");
    CHECK(json_is_object(json_object_get(resp, "result")));
    json_decref(resp);
    resp = rpc(&t, "resources/subscribe", "{\"uri\":\"halopsa://clients/1\"}");
    json_decref(resp);
    CHECK(wait_reads(&t, "/api/Tickets", "ticketids", 1));
    CHECK(wait_reads(&t, "/api/Client/1", NULL, 1));
    json_t *req = fw_last(&t, "GET", "/api/Tickets");
    CHECK_STR(fw_q(req, "ticketids"), "5");
    json_decref(req);

    /* a change made through HaloPSA (here: by this server's own tool) */
    json_t *res = fw_call(&t, "halopsa_tickets_update", "{\"id\":5,\"summary\":\"Changed by the test\"}",
                          NULL);
    CHECK(!tt_is_error(res));
    json_decref(res);
    json_t *note = wait_update(&t, "halopsa://tickets/5", WAIT_MS);
    CHECK(note != NULL);
    json_decref(note);
    /* the client was read again since, and did not change */
    int before = gets(&t, "/api/Client/1", NULL);
    CHECK(wait_reads(&t, "/api/Client/1", NULL, before + 1));
    note = wait_update(&t, "halopsa://clients/1", 10);
    CHECK(note == NULL);
    json_decref(note);

    /* after unsubscribing, nothing of it is read any more */
    resp = rpc(&t, "resources/unsubscribe", "{\"uri\":\"halopsa://tickets/5\"}");
    json_decref(resp);
    resp = rpc(&t, "resources/unsubscribe", "{\"uri\":\"halopsa://clients/1\"}");
    json_decref(resp);
    usleep(1500 * 1000); /* a tick that may have started before */
    tt_clear_requests(&t);
    usleep(2500 * 1000);
    CHECK_INT(gets(&t, "/api/", NULL), 0);
    CHECK_INT(tt_stop(&t), 0);
}

/* 2026-07-28: a subscriptions/listen stream that names the uri. */
static void test_listen_stream(void)
{
    struct tt t;
    TT_START(&t, FW_ENV(POLL_ENV));
    CHECK_INT(tl_send(&t.proc, "{\"jsonrpc\":\"2.0\",\"id\":\"L\",\"method\":\"subscriptions/listen\","
                               "\"params\":{\"notifications\":{\"resourceSubscriptions\":"
                               "[\"halopsa://tickets/6\"]},\"_meta\":" META_2026 "}}"),
              0);
    json_t *ack = tl_recv(&t.proc, 30000);
    CHECK_STR(json_string_value(json_object_get(ack, "method")), "notifications/subscriptions/acknowledged");
    json_t *granted = json_object_get(json_object_get(json_object_get(ack, "params"), "notifications"),
                                      "resourceSubscriptions");
    CHECK_STR(json_string_value(json_array_get(granted, 0)), "halopsa://tickets/6");
    json_decref(ack);
    CHECK(wait_reads(&t, "/api/Tickets", "ticketids", 1));
    json_t *res = fw_call(&t, "halopsa_tickets_add_action",
                          "{\"ticket_id\":6,\"note\":\"A new note changes the ticket\"}", NULL);
    CHECK(!tt_is_error(res));
    json_decref(res);
    json_t *note = wait_update(&t, "halopsa://tickets/6", WAIT_MS);
    CHECK(note != NULL);
    CHECK_STR(json_string_value(json_object_get(json_object_get(json_object_get(note, "params"), "_meta"),
                                                "io.modelcontextprotocol/subscriptionId")),
              "L");
    json_decref(note);
    CHECK_INT(tl_send(&t.proc, "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/cancelled\","
                               "\"params\":{\"requestId\":\"L\"}}"),
              0);
    CHECK_INT(tt_stop(&t), 0);
}

/* With a small rate limit the poller reads one resource per tick, round
 * robin, so every subscribed one is still read in turn. */
static void test_budget(void)
{
    struct tt t;
    TT_START(&t, FW_ENV(POLL_ENV, "HALOPSA_RATE_LIMIT=60/60"));
    static const char *const uris[] = {"halopsa://clients/1", "halopsa://clients/2",
                                       "halopsa://clients/3"};
    for (size_t i = 0; i < 3; i++) {
        char params[128];
        snprintf(params, sizeof params, "{\"uri\":\"%s\"}", uris[i]);
        json_decref(rpc(&t, "resources/subscribe", params));
    }
    tt_clear_requests(&t);
    int64_t start = now_ms();
    CHECK(wait_reads(&t, "/api/Client/1", NULL, 1));
    CHECK(wait_reads(&t, "/api/Client/2", NULL, 1));
    CHECK(wait_reads(&t, "/api/Client/3", NULL, 1));
    /* one request a second at most (6 a minute: a tenth of 60/60), with a
     * tick of slack for the timing of the log */
    double secs = (double)(now_ms() - start) / 1000.0;
    CHECK(gets(&t, "/api/Client/", NULL) <= (int)secs + 2);
    CHECK(secs >= 1.5); /* three reads took at least two more ticks */
    char *err = tl_stderr(&t.proc);
    CHECK_CONTAINS(err, "HaloPSA requests: at most 1 each time");
    free(err);
    CHECK_INT(tt_stop(&t), 0);
}

static const struct test tests[] = {
    {"off_by_default", test_off_by_default},
    {"legacy_subscribe", test_legacy_subscribe},
    {"listen_stream", test_listen_stream},
    {"budget", test_budget},
    {NULL, NULL},
};

HARNESS_MAIN("subscribe", tests)
