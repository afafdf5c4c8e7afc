/* test_reach.c - halo_check_reach tells an unreachable HaloPSA, a token
 * endpoint that refuses for another reason, and rejected credentials
 * apart, with one token request and no retries (issue 11 item 8). */
#include "halotest.h"

#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

struct canned {
    int status; /* 0 = close without answering */
    const char *ctype;
    const char *body;
};

static void canned_script(void *ud, const char *method, const char *path, const char *body, int n,
                          struct hs_reply *r)
{
    const struct canned *c = ud;
    (void)method, (void)path, (void)body, (void)n;
    r->status = c->status;
    r->ctype = c->ctype;
    snprintf(r->body, sizeof r->body, "%s", c->body ? c->body : "");
}

/* "http://127.0.0.1:PORT" of a port nobody listens on: bound, then closed. */
static void closed_port_url(char *base, size_t len)
{
    struct sockaddr_in a = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
    socklen_t al = sizeof a;
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    CHECK(fd >= 0 && bind(fd, (struct sockaddr *)&a, sizeof a) == 0 &&
          getsockname(fd, (struct sockaddr *)&a, &al) == 0);
    if (fd >= 0)
        close(fd);
    snprintf(base, len, "http://127.0.0.1:%d", ntohs(a.sin_port));
}

static void test_reach_kinds(void)
{
    static const struct {
        struct canned c;
        enum halo_reach want;
        const char *says;
    } cases[] = {
        {{0, NULL, NULL}, HALO_REACH_UNREACHABLE, "token request failed"},
        {{503, "text/html", "<html><title>Service Unavailable</title></html>"},
         HALO_REACH_REFUSED, "Service Unavailable"},
        {{404, "text/html", "<html><title>Not Found</title></html>"}, HALO_REACH_REFUSED,
         "HALOPSA_AUTH_URL"},
        {{200, "text/html", "<html><title>Sign in</title></html>"}, HALO_REACH_REFUSED,
         "access_token"},
        {{429, NULL, "{\"error\":\"Rate Limit Reached - 300 Requests per rolling 5 minute window\"}"},
         HALO_REACH_REFUSED, "Rate Limit"},
        {{401, NULL, "{\"error\":\"invalid_client\"}"}, HALO_REACH_REJECTED, "invalid_client"},
        {{400, NULL, "{\"error\":\"invalid_client\"}"}, HALO_REACH_REJECTED, "invalid_client"},
        {{400, NULL, "{\"error\":\"invalid_scope\"}"}, HALO_REACH_REFUSED, "invalid_scope"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        struct hs h;
        char base[128];
        hs_start(&h, canned_script, (void *)&cases[i].c, base, sizeof base);
        /* Retries allowed for ordinary requests: the check must not use them. */
        struct halo_client *hc = hs_client(base, "reach-secret-0001", 3, 5000);
        struct halo_error e;
        enum halo_reach got = halo_check_reach(hc, &e);
        if (got != cases[i].want)
            harness_fail(__FILE__, __LINE__, "case %zu: reach %d, expected %d (%s)", i, (int)got,
                         (int)cases[i].want, e.message);
        CHECK_CONTAINS(e.message, cases[i].says);
        CHECK_INT(hs_count(&h, "POST", "/auth/token"), 1);
        struct halo_status st;
        halo_client_status(hc, &st);
        CHECK(!st.token_valid);
        CHECK(st.requests_total <= 1);
        halo_client_free(hc);
        hs_stop(&h);
    }
    CHECK_CONTAINS(halo_reach_words(HALO_REACH_UNREACHABLE), "could not be reached");
    CHECK_CONTAINS(halo_reach_words(HALO_REACH_REJECTED), "not accepted");
    CHECK_CONTAINS(halo_reach_words(HALO_REACH_REFUSED), "refused");
}

static void test_reach_closed_port(void)
{
    char base[128];
    closed_port_url(base, sizeof base);
    struct halo_client *hc = hs_client(base, "reach-secret-0001", 3, 5000);
    struct halo_error e;
    int64_t t0 = base_now_ms();
    CHECK_INT(halo_check_reach(hc, &e), HALO_REACH_UNREACHABLE);
    /* No backoff between retries: halo_authenticate would sleep 0.5+1+2 s. */
    CHECK(base_now_ms() - t0 < 400);
    CHECK_CONTAINS(e.message, "could not connect");
    halo_client_free(hc);
}

static void test_reach_simulator(void)
{
    struct ht t;
    struct halo_error e;
    ht_start(&t, NULL, 0, 0, 3);
    CHECK_INT(halo_check_reach(t.hc, &e), HALO_REACH_OK);
    json_t *r = halo_get(t.hc, "/api/Status", NULL, &e);
    CHECK(r != NULL);
    json_decref(r);
    json_t *log = ht_requests(&t);
    CHECK_INT(ht_count(log, "POST", "/auth/token", -1), 1); /* the token was kept */
    json_decref(log);
    ht_stop(&t);

    /* Wrong secret against the simulator: rejected, one request. */
    char err[256];
    struct halo_config cfg;
    ht_start(&t, NULL, 0, 0, 3);
    CHECK_INT(halo_config_init(&cfg, t.base, NULL, NULL, SIM_DEMO_CLIENT_ID, "not-the-secret-1",
                               err, sizeof err),
              0);
    struct halo_client *bad = halo_client_new(&cfg);
    halo_config_cleanup(&cfg);
    CHECK_INT(halo_check_reach(bad, &e), HALO_REACH_REJECTED);
    log = ht_requests(&t);
    CHECK_INT(ht_count(log, "POST", "/auth/token", 401), 1);
    json_decref(log);
    halo_client_free(bad);
    ht_stop(&t);
}

/* halopsa_status through the real binary: says "could not be reached" (not
 * "not accepted") and spends one rate-limit slot, not four. */
static void test_status_unreachable_binary(void)
{
    char base[100], url[128];
    closed_port_url(base, sizeof base);
    snprintf(url, sizeof url, "HALOPSA_BASE_URL=%s", base);
    char *argv[] = {(char *)tl_bin("halopsa-mcp"), "call", "halopsa_status", NULL};
    char *env[] = {url, "HALOPSA_CLIENT_ID=reach-id", "HALOPSA_CLIENT_SECRET=reach-secret-0001",
                   "HALOPSA_TENANT=", "HALOPSA_AUTH_URL=", "HALOPSA_MAX_RETRIES=3",
                   "HALOPSA_RATE_LIMIT=500/180", NULL};
    struct tl_proc p;
    CHECK_INT(tl_spawn(&p, argv, env), 0);
    struct buf out = {0};
    char *line;
    while ((line = tl_recv_line(&p, 30000)) != NULL) {
        buf_appends(&out, line);
        buf_appends(&out, "\n");
        free(line);
    }
    tl_finish(&p, 10000);
    tl_proc_free(&p);
    CHECK_CONTAINS(out.data, "could not be reached");
    CHECK_NOT_CONTAINS(out.data, "not accepted");
    CHECK_CONTAINS(out.data, "499 of 500 requests left");
    buf_free(&out);
}

/* Over TLS: with HALOPSA_CA_FILE naming the endpoint's CA it works; with
 * the system bundle alone the certificate is refused, which is
 * "unreachable" (no HTTP answer), not "rejected credentials". */
static void test_reach_tls(void)
{
    struct ht t;
    char https[128], err[256];
    struct halo_error e;
    ht_start(&t, NULL, 0, 0, 0);
    struct tl_tls *tls = tl_tls_start(t.base, https, sizeof https);
    CHECK(tls != NULL);
    if (!tls) {
        ht_stop(&t);
        return;
    }
    for (int trusted = 0; trusted < 2; trusted++) {
        struct halo_config cfg;
        CHECK_INT(halo_config_init(&cfg, https, NULL, NULL, SIM_DEMO_CLIENT_ID,
                                   SIM_DEMO_CLIENT_SECRET, err, sizeof err),
                  0);
        if (trusted)
            cfg.ca_file = xstrdup(tl_tls_ca_file());
        cfg.max_retries = 2;
        struct halo_client *hc = halo_client_new(&cfg);
        halo_config_cleanup(&cfg);
        enum halo_reach r = halo_check_reach(hc, &e);
        if (trusted) {
            CHECK_INT(r, HALO_REACH_OK);
            int64_t rc = 0;
            static const char *const fields[] = {"id", "summary", NULL};
            json_t *q = json_pack("{s:b, s:i, s:i}", "pageinate", 1, "page_size", 5, "page_no", 1);
            json_t *rows = halo_get_rows(hc, "/api/Tickets", q, "tickets", fields, &rc, &e);
            json_decref(q);
            CHECK_INT(json_array_size(rows), 5);
            json_decref(rows);
        } else {
            CHECK_INT(r, HALO_REACH_UNREACHABLE);
            CHECK_CONTAINS(e.message, "TLS with 127.0.0.1");
            CHECK_CONTAINS(e.message, "HALOPSA_CA_FILE");
        }
        halo_client_free(hc);
    }
    tl_tls_stop(tls);
    ht_stop(&t);
}

static const struct test tests[] = {
    {"reach_tls", test_reach_tls},
    {"status_unreachable_binary", test_status_unreachable_binary},
    {"reach_kinds", test_reach_kinds},
    {"reach_closed_port", test_reach_closed_port},
    {"reach_simulator", test_reach_simulator},
    {NULL, NULL},
};

HARNESS_MAIN("halo_reach", tests)
