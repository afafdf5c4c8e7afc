/* test_doctor.c - `halopsa-mcp doctor` against the simulator: all PASS, a
 * wrong secret, an unreachable host, no configuration; never a secret. */
#include "cli_util.h"

#define ARGS(...) ((const char *const[]){__VA_ARGS__, NULL})

static size_t count(const char *s, const char *needle)
{
    size_t n = 0;
    for (const char *p = s; p && (p = strstr(p, needle)) != NULL; p += strlen(needle))
        n++;
    return n;
}

static void test_all_pass(void)
{
    char url[128];
    struct cli_sim_env e;
    struct sim *sim = cli_sim_start(url, sizeof url);
    cli_sim_env_init(&e, url, NULL);
    struct cli_run r;
    CHECK_INT(cli_run(&r, ARGS("doctor"), e.env), 0);
    CHECK_INT(count(r.out, "FAIL"), 0);
    CHECK(count(r.out, "PASS") >= 5);
    CHECK_CONTAINS(r.out, "PASS  configuration");
    CHECK_CONTAINS(r.out, "PASS  resolve");
    CHECK_CONTAINS(r.out, "PASS  token");
    CHECK_CONTAINS(r.out, "PASS  API read");
    CHECK_CONTAINS(r.out, "PASS  rate limit");
    CHECK_CONTAINS(r.out, "client secret set (23 chars)");
    CHECK_NOT_CONTAINS(r.out, SIM_DEMO_CLIENT_SECRET);
    CHECK_NOT_CONTAINS(r.err, SIM_DEMO_CLIENT_SECRET);
    CHECK(!cli_has_hex_run(r.out, 48));
    cli_run_free(&r);
    sim_stop(sim);
}

static void test_wrong_secret(void)
{
    char url[128];
    struct cli_sim_env e;
    const char *wrong = "not-the-secret-81c3d5";
    struct sim *sim = cli_sim_start(url, sizeof url);
    cli_sim_env_init(&e, url, wrong);
    e.env[4] = "HALOPSA_LOG_LEVEL=debug";
    e.env[5] = NULL;
    struct cli_run r;
    CHECK_INT(cli_run(&r, ARGS("doctor"), e.env), 1);
    CHECK_CONTAINS(r.out, "PASS  configuration");
    CHECK_CONTAINS(r.out, "FAIL  token");
    CHECK_CONTAINS(r.out, "Config > Integrations > HaloPSA API");
    CHECK_NOT_CONTAINS(r.out, wrong);
    CHECK_NOT_CONTAINS(r.err, wrong);
    cli_run_free(&r);
    sim_stop(sim);
}

static void test_unreachable_host(void)
{
    struct cli_sim_env e;
    cli_sim_env_init(&e, "http://127.0.0.1:1", NULL);
    e.env[4] = "HALOPSA_CONNECT_TIMEOUT_MS=3000";
    e.env[5] = NULL;
    struct cli_run r;
    CHECK_INT(cli_run(&r, ARGS("doctor"), e.env), 1);
    CHECK_CONTAINS(r.out, "PASS  resolve");
    CHECK_CONTAINS(r.out, "FAIL  token");
    CHECK_CONTAINS(r.out, "HALOPSA_BASE_URL");
    CHECK_CONTAINS(r.out, "proxy");
    CHECK_NOT_CONTAINS(r.out, SIM_DEMO_CLIENT_SECRET);
    cli_run_free(&r);

    /* A name that cannot resolve (.invalid is reserved, RFC 2606). */
    cli_sim_env_init(&e, "https://no-such-tenant.invalid", NULL);
    CHECK_INT(cli_run(&r, ARGS("doctor"), e.env), 1);
    CHECK_CONTAINS(r.out, "FAIL  resolve");
    CHECK_CONTAINS(r.out, "HALOPSA_TENANT");
    cli_run_free(&r);
}

static void test_no_configuration(void)
{
    struct cli_run r;
    CHECK_INT(cli_run(&r, ARGS("doctor"), NULL), 1);
    CHECK_CONTAINS(r.out, "FAIL  configuration");
    CHECK_CONTAINS(r.out, "HALOPSA_CLIENT_ID");
    cli_run_free(&r);
}

static void test_demo(void)
{
    struct cli_run r;
    CHECK_INT(cli_run(&r, ARGS("--demo", "doctor"), NULL), 0);
    CHECK_INT(count(r.out, "FAIL"), 0);
    CHECK_CONTAINS(r.out, "demo tenant");
    cli_run_free(&r);
}

static const struct test tests[] = {
    {"all_pass", test_all_pass},
    {"wrong_secret", test_wrong_secret},
    {"unreachable_host", test_unreachable_host},
    {"no_configuration", test_no_configuration},
    {"demo", test_demo},
    {NULL, NULL},
};

int main(void)
{
    base_init();
    return harness_run("doctor", tests);
}
