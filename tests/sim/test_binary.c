/* test_binary.c - the halopsa-sim program: --help, options, the bound URL
 * on stderr, serving over a real socket, and a clean exit on SIGTERM. */
#include "simtest.h"

#include <signal.h>
#include <sys/types.h>

/* Waits for the "listening on URL" line; copies URL into url. */
static bool wait_url(struct tl_proc *p, char *url, size_t len)
{
    for (int i = 0; i < 600; i++) {
        char *err = tl_stderr(p);
        const char *at = err ? strstr(err, "listening on ") : NULL;
        if (at) {
            at += strlen("listening on ");
            snprintf(url, len, "%.*s", (int)strcspn(at, "\r\n"), at);
            free(err);
            return true;
        }
        free(err);
        base_sleep_ms(20);
    }
    return false;
}

static void test_help(void)
{
    struct tl_proc p;
    char *argv[] = {(char *)tl_bin("halopsa-sim"), "--help", NULL};
    CHECK_INT(tl_spawn(&p, argv, NULL), 0);
    struct buf out = {0};
    char *line;
    while ((line = tl_recv_line(&p, 5000)) != NULL) {
        buf_appends(&out, line);
        buf_appends(&out, "\n");
        free(line);
    }
    CHECK_INT(tl_finish(&p, 5000), 0);
    static const char *const opts[] = {"--port",           "--bind",
                                       "--client-id",      "--client-secret",
                                       "--token-lifetime", "--rate-limit",
                                       "--retry-after",    "--seed",
                                       "--tickets",        "--persist",
                                       "--latency-ms",     "--log-requests",
                                       SIM_DEMO_CLIENT_ID, NULL};
    for (size_t i = 0; opts[i]; i++)
        CHECK_CONTAINS(out.data, opts[i]);
    buf_free(&out);
    tl_proc_free(&p);
}

static void test_bad_option(void)
{
    struct tl_proc p;
    char *argv[] = {(char *)tl_bin("halopsa-sim"), "--rate-limit", "lots", NULL};
    CHECK_INT(tl_spawn(&p, argv, NULL), 0);
    CHECK_INT(tl_finish(&p, 5000), 2);
    char *err = tl_stderr(&p);
    CHECK_CONTAINS(err, "--rate-limit");
    free(err);
    tl_proc_free(&p);
}

static void test_serves_and_stops(void)
{
    struct tl_proc p;
    char url[128];
    char *argv[] = {(char *)tl_bin("halopsa-sim"),
                    "--port",
                    "0",
                    "--tickets",
                    "300",
                    "--rate-limit",
                    "100/60",
                    "--retry-after",
                    "--log-requests",
                    "--client-secret",
                    "a-custom-secret-123",
                    NULL};
    CHECK_INT(tl_spawn(&p, argv, NULL), 0);
    CHECK(wait_url(&p, url, sizeof url));
    CHECK(strncmp(url, "http://127.0.0.1:", 17) == 0);
    char *tok = st_token_for(url, SIM_DEMO_CLIENT_ID, "a-custom-secret-123");
    CHECK(tok != NULL);
    char *api = xasprintf("%s/api/Tickets?pageinate=true&page_size=1", url);
    struct st_reply r = st_req("GET", api, NULL, NULL, tok);
    CHECK_INT(r.status, 200);
    CHECK_INT(json_integer_value(json_object_get(r.json, "record_count")), 300);
    st_reply_free(&r);
    kill(p.pid, SIGTERM);
    CHECK_INT(tl_finish(&p, 10000), 0);
    char *err = tl_stderr(&p);
    CHECK_CONTAINS(err, "GET /api/Tickets 200");
    CHECK_NOT_CONTAINS(err, "a-custom-secret-123");
    if (tok)
        CHECK_NOT_CONTAINS(err, tok);
    free(err);
    free(api);
    free(tok);
    tl_proc_free(&p);
}

static const struct test tests[] = {
    {"help", test_help},
    {"bad_option", test_bad_option},
    {"serves_and_stops", test_serves_and_stops},
    {NULL, NULL},
};
HARNESS_MAIN("sim_binary", tests)
