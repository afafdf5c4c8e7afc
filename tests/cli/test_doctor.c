/* test_doctor.c - `halopsa-mcp doctor` against the simulator: all PASS, a
 * wrong secret, an unreachable host, no configuration; every setting serve
 * refuses is a FAIL line with the fix for that setting; never a secret. */
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
    int fd;
    int port = tl_refusing_port(&fd);
    CHECK(port > 0);
    char url[64];
    snprintf(url, sizeof url, "http://127.0.0.1:%d", port);
    cli_sim_env_init(&e, url, NULL);
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
    if (fd >= 0)
        close(fd);

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

/* doctor --help promises exactly the exit statuses doctor gives: 1 for a
 * failed check (a bad flag value too), 2 only for a wrong command line. */
static void test_exit_statuses_as_help_says(void)
{
    struct cli_run r;
    CHECK_INT(cli_run(&r, ARGS("doctor", "--help"), NULL), 0);
    CHECK_CONTAINS(r.out, "1 when one does");
    CHECK_CONTAINS(r.out, "2 when the command line itself is");
    cli_run_free(&r);
    CHECK_INT(cli_run(&r, ARGS("--demo", "--log-level", "loud", "doctor"), NULL), 1);
    cli_run_free(&r);
    CHECK_INT(cli_run(&r, ARGS("--demo", "doctor", "--no-such-option"), NULL), 2);
    CHECK_CONTAINS(r.err, "--no-such-option");
    cli_run_free(&r);
    CHECK_INT(cli_run(&r, ARGS("--demo", "doctor", "extra"), NULL), 2);
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


/* Each setting serve refuses: doctor fails it (exit 1, never 2) on a line
 * naming it, with the fix for that setting, and serve refuses to start
 * (exit 2) naming the same setting. */
static void test_checks_what_serve_checks(void)
{
    static const struct {
        const char *setting; /* "NAME=value", or a flag */
        const char *value;   /* the flag's value, or NULL */
        const char *part;    /* the FAIL line's label */
        const char *named;   /* what the line and serve's message name */
        const char *fix;     /* a piece of the fix for that setting */
    } cases[] = {
        {"HALOPSA_TOOL_MODE=bogus", NULL, "tools", "HALOPSA_TOOL_MODE", "tree, flat or dispatch"},
        {"HALOPSA_DOMAINS=nosuch", NULL, "tools", "HALOPSA_DOMAINS", "'halopsa-mcp tools'"},
        {"HALOPSA_READ_ONLY=maybe", NULL, "tools", "HALOPSA_READ_ONLY", "true or false"},
        {"HALOPSA_RATE_LIMIT=abc", NULL, "configuration", "HALOPSA_RATE_LIMIT", "500/180"},
        {"HALOPSA_TIMEOUT_MS=0", NULL, "configuration", "HALOPSA_TIMEOUT_MS", "60000"},
        {"HALOPSA_CONNECT_TIMEOUT_MS=soon", NULL, "configuration", "HALOPSA_CONNECT_TIMEOUT_MS",
         "10000"},
        {"HALOPSA_MAX_RETRIES=99", NULL, "configuration", "HALOPSA_MAX_RETRIES", "0 to 20"},
        {"HALOPSA_LOG_LEVEL=loud", NULL, "logging", "HALOPSA_LOG_LEVEL", "debug, info, warn"},
        {"HALOPSA_AUDIT_LEVEL=some", NULL, "audit log", "HALOPSA_AUDIT_LEVEL", "writes or all"},
        {"HALOPSA_AUDIT_LOG=/nonexistent-dir/audit.jsonl", NULL, "audit log",
         "HALOPSA_AUDIT_LOG", "its directory must exist"},
        {"HALOPSA_MAX_WAIT_MS=zz", NULL, "configuration", "HALOPSA_MAX_WAIT_MS", "50000"},
        {"HALOPSA_CA_FILE=/nonexistent-ca.pem", NULL, "configuration", "HALOPSA_CA_FILE",
         "system's CAs"},
        {"HALOPSA_RESOURCE_POLL_SECONDS=often", NULL, "tools", "HALOPSA_RESOURCE_POLL_SECONDS",
         "resource subscriptions off"},
        {"HALOPSA_TIMEZONE=Mars/Olympus_Mons", NULL, "tools", "HALOPSA_TIMEZONE",
         "IANA zone name"},
        {"--tools", "bogus", "tools", "--tools", "--tools tree, flat or dispatch"},
        {"--domains", "nosuch", "tools", "--domains", "--domains"},
        {"--log-level", "loud", "logging", "--log-level", "--log-level debug"},
    };
    char url[128];
    struct cli_sim_env e;
    struct sim *sim = cli_sim_start(url, sizeof url);
    cli_sim_env_init(&e, url, NULL);
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        bool flag = cases[i].value != NULL;
        const char *doctor_args[] = {flag ? cases[i].setting : "doctor",
                                     flag ? cases[i].value : NULL, flag ? "doctor" : NULL, NULL};
        const char *serve_args[] = {flag ? cases[i].setting : "serve",
                                    flag ? cases[i].value : NULL, flag ? "serve" : NULL, NULL};
        e.env[4] = flag ? NULL : cases[i].setting;
        e.env[5] = NULL;
        struct cli_run r;
        char *line = xasprintf("FAIL  %-13s %s", cases[i].part, cases[i].named);
        CHECK_INT(cli_run(&r, doctor_args, e.env), 1);
        CHECK_CONTAINS(r.out, line);
        CHECK_CONTAINS(r.out, cases[i].fix);
        CHECK_CONTAINS(r.out, "Some checks failed.");
        /* Not the generic fix about the credentials. */
        CHECK_NOT_CONTAINS(r.out, "set HALOPSA_CLIENT_ID");
        cli_run_free(&r);
        free(line);

        CHECK_INT(cli_run(&r, serve_args, e.env), 2);
        CHECK_CONTAINS(r.err, cases[i].named);
        cli_run_free(&r);
    }
    sim_stop(sim);
}

/* Two bad settings with defaults: both are named, and the connection is
 * still checked (with the defaults). */
static void test_several_bad_settings(void)
{
    char url[128];
    struct cli_sim_env e;
    struct sim *sim = cli_sim_start(url, sizeof url);
    cli_sim_env_init(&e, url, NULL);
    e.env[4] = "HALOPSA_RATE_LIMIT=lots";
    e.env[5] = "HALOPSA_TIMEOUT_MS=-5";
    e.env[6] = NULL;
    struct cli_run r;
    CHECK_INT(cli_run(&r, ARGS("doctor"), e.env), 1);
    CHECK_CONTAINS(r.out, "FAIL  configuration HALOPSA_RATE_LIMIT");
    CHECK_CONTAINS(r.out, "FAIL  configuration HALOPSA_TIMEOUT_MS");
    CHECK_CONTAINS(r.out, "PASS  token");
    CHECK_CONTAINS(r.out, "PASS  API read");
    cli_run_free(&r);
    sim_stop(sim);
}

/* A deny-list item that names no tool: a warning naming the nearest tools,
 * not a refusal; doctor passes, serve and call run. */
static void test_unknown_excluded_tool_warns(void)
{
    char url[128];
    struct cli_sim_env e;
    struct sim *sim = cli_sim_start(url, sizeof url);
    cli_sim_env_init(&e, url, NULL);
    e.env[4] = "HALOPSA_EXCLUDE_TOOLS=halopsa_statuses_delet,halopsa_tickets_get";
    e.env[5] = NULL;
    struct cli_run r;
    CHECK_INT(cli_run(&r, ARGS("doctor"), e.env), 0);
    CHECK_CONTAINS(r.out, "WARN  tools         HALOPSA_EXCLUDE_TOOLS");
    CHECK_CONTAINS(r.out, "'halopsa_statuses_delet' is not a tool (nearest: halopsa_statuses_delete");
    CHECK_CONTAINS(r.out, "All checks passed.");
    cli_run_free(&r);

    CHECK_INT(cli_run(&r, ARGS("serve"), e.env), 0);
    CHECK_CONTAINS(r.err, "halopsa_statuses_delet");
    cli_run_free(&r);
    CHECK_INT(cli_run(&r, ARGS("call", "halopsa_statuses_get", "id=1"), e.env), 0);
    cli_run_free(&r);
    /* The real tool in the same list is still denied. */
    CHECK_INT(cli_run(&r, ARGS("call", "halopsa_tickets_get", "id=1"), e.env), 1);
    CHECK_CONTAINS(r.err, "not available");
    cli_run_free(&r);
    sim_stop(sim);
}

/* The README's own deny-list example names tools that exist. */
static void test_readme_exclude_example(void)
{
    char *readme = tl_read_file("README.md");
    CHECK(readme != NULL);
    const char *row = readme ? strstr(readme, "| `HALOPSA_EXCLUDE_TOOLS` |") : NULL;
    CHECK(row != NULL);
    if (!row) {
        free(readme);
        return;
    }
    /* | `HALOPSA_EXCLUDE_TOOLS` | none | `EXAMPLE` | ... */
    const char *ex = strchr(row + strlen("| `HALOPSA_EXCLUDE_TOOLS` |"), '`');
    const char *end = ex ? strchr(ex + 1, '`') : NULL;
    CHECK(end != NULL);
    if (end) {
        char *var = xasprintf("HALOPSA_EXCLUDE_TOOLS=%.*s", (int)(end - ex - 1), ex + 1);
        const char *env[] = {var, NULL};
        struct cli_run r;
        CHECK_INT(cli_run(&r, ARGS("--demo", "doctor"), env), 0);
        CHECK_NOT_CONTAINS(r.out, "WARN");
        CHECK_CONTAINS(r.out, "All checks passed.");
        cli_run_free(&r);
        CHECK_INT(cli_run(&r, ARGS("--demo", "serve"), env), 0);
        CHECK_NOT_CONTAINS(r.err, "EXCLUDE_TOOLS");
        cli_run_free(&r);
        free(var);
    }
    free(readme);
}

static const struct test tests[] = {
    {"all_pass", test_all_pass},
    {"wrong_secret", test_wrong_secret},
    {"unreachable_host", test_unreachable_host},
    {"no_configuration", test_no_configuration},
    {"exit_statuses_as_help_says", test_exit_statuses_as_help_says},
    {"demo", test_demo},
    {"checks_what_serve_checks", test_checks_what_serve_checks},
    {"several_bad_settings", test_several_bad_settings},
    {"unknown_excluded_tool_warns", test_unknown_excluded_tool_warns},
    {"readme_exclude_example", test_readme_exclude_example},
    {NULL, NULL},
};

int main(void)
{
    base_init();
    return harness_run("doctor", tests);
}
