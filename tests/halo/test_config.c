/* test_config.c - the client's settings: every variable, placeholders,
 * trailing slashes, the /api suffix, tenant to URL, precedence, and one
 * message naming the variable that is missing or wrong. */
#include "base/base.h"
#include "halo/halo.h"
#include "harness.h"

#include <stdlib.h>
#include <string.h>

static const char *const vars[] = {
    "HALOPSA_CLIENT_ID", "HALOPSA_CLIENT_SECRET", "HALOPSA_TENANT", "HALOPSA_BASE_URL",
    "HALOPSA_AUTH_URL", "HALOPSA_SCOPE", "HALOPSA_RATE_LIMIT", "HALOPSA_TIMEOUT_MS",
    "HALOPSA_CONNECT_TIMEOUT_MS", "HALOPSA_MAX_RETRIES", "HALOPSA_MAX_WAIT_MS", "HALOPSA_CA_FILE",
    NULL,
};

static void env_reset(void)
{
    for (int i = 0; vars[i]; i++)
        unsetenv(vars[i]);
    setenv("HALOPSA_CLIENT_ID", "cid-123", 1);
    setenv("HALOPSA_CLIENT_SECRET", "cfg-secret-value-0001", 1);
}

/* Loads from the environment; returns 0/-1 and leaves err. */
static int load(struct halo_config *c, char *err, size_t errlen)
{
    memset(c, 0, sizeof *c);
    return halo_config_from_env(c, err, errlen);
}

static void test_tenant_name(void)
{
    struct halo_config c;
    char err[512];
    env_reset();
    setenv("HALOPSA_TENANT", "acme", 1);
    CHECK_INT(load(&c, err, sizeof err), 0);
    CHECK_STR(c.base_url, "https://acme.halopsa.com");
    CHECK_STR(c.token_url, "https://acme.halopsa.com/auth/token");
    CHECK_STR(c.tenant, "acme");
    CHECK_STR(c.client_id, "cid-123");
    CHECK_STR(c.client_secret, "cfg-secret-value-0001");
    CHECK_STR(c.scope, "all");
    CHECK_INT(c.rate_limit, 500);
    CHECK_INT(c.rate_window_s, 180);
    CHECK_INT(c.connect_timeout_ms, 10000);
    CHECK_INT(c.timeout_ms, 60000);
    CHECK_INT(c.max_retries, 3);
    halo_config_cleanup(&c);
}

static void test_tenant_host_and_url(void)
{
    static const char *const forms[] = {"acme.halopsa.com", "https://acme.halopsa.com",
                                        "https://acme.halopsa.com/", "acme.halopsa.com/api/",
                                        "  https://acme.halopsa.com/API  ", NULL};
    for (int i = 0; forms[i]; i++) {
        struct halo_config c;
        char err[512];
        env_reset();
        setenv("HALOPSA_TENANT", forms[i], 1);
        CHECK_INT(load(&c, err, sizeof err), 0);
        CHECK_STR(c.base_url, "https://acme.halopsa.com");
        CHECK_STR(c.tenant, "acme");
        CHECK_STR(c.token_url, "https://acme.halopsa.com/auth/token");
        halo_config_cleanup(&c);
    }
}

static void test_tenant_custom_domain(void)
{
    struct halo_config c;
    char err[512];
    env_reset();
    setenv("HALOPSA_TENANT", "https://support.acme.example/api", 1);
    CHECK_INT(load(&c, err, sizeof err), 0);
    CHECK_STR(c.base_url, "https://support.acme.example");
    CHECK_STR(c.token_url, "https://support.acme.example/auth/token");
    /* Nothing to say which tenant that is: no tenant parameter. */
    CHECK(c.tenant == NULL);
    halo_config_cleanup(&c);
    env_reset();
    setenv("HALOPSA_TENANT", "acme.haloitsm.com", 1);
    CHECK_INT(load(&c, err, sizeof err), 0);
    CHECK_STR(c.base_url, "https://acme.haloitsm.com");
    CHECK_STR(c.tenant, "acme");
    halo_config_cleanup(&c);
}

static void test_base_url_forms(void)
{
    static const char *const in[][2] = {
        {"https://halo.example.com", "https://halo.example.com"},
        {"https://halo.example.com/", "https://halo.example.com"},
        {"https://halo.example.com///", "https://halo.example.com"},
        {"https://halo.example.com/api", "https://halo.example.com"},
        {"https://halo.example.com/api/", "https://halo.example.com"},
        {"HTTPS://halo.example.com/Api", "https://halo.example.com"},
        {"http://127.0.0.1:8080", "http://127.0.0.1:8080"},
        {"https://intranet.example.com/halo/api", "https://intranet.example.com/halo"},
        {"halo.example.com", "https://halo.example.com"},
        {NULL, NULL},
    };
    for (int i = 0; in[i][0]; i++) {
        struct halo_config c;
        char err[512];
        env_reset();
        setenv("HALOPSA_BASE_URL", in[i][0], 1);
        CHECK_INT(load(&c, err, sizeof err), 0);
        CHECK_STR(c.base_url, in[i][1]);
        CHECK(c.tenant == NULL);
        char *tok = xasprintf("%s/auth/token", in[i][1]);
        CHECK_STR(c.token_url, tok);
        free(tok);
        halo_config_cleanup(&c);
    }
}

static void test_base_url_wins(void)
{
    struct halo_config c;
    char err[512];
    env_reset();
    setenv("HALOPSA_TENANT", "acme", 1);
    setenv("HALOPSA_BASE_URL", "https://help.acme.example/", 1);
    CHECK_INT(load(&c, err, sizeof err), 0);
    CHECK_STR(c.base_url, "https://help.acme.example");
    CHECK_STR(c.token_url, "https://help.acme.example/auth/token");
    /* The tenant still goes to the token request. */
    CHECK_STR(c.tenant, "acme");
    halo_config_cleanup(&c);
}

static void test_auth_url(void)
{
    static const char *const in[][2] = {
        {"https://auth.haloservicedesk.com", "https://auth.haloservicedesk.com/token"},
        {"https://auth.haloservicedesk.com/", "https://auth.haloservicedesk.com/token"},
        {"https://auth.haloservicedesk.com/token", "https://auth.haloservicedesk.com/token"},
        {"https://auth.haloservicedesk.com/token/", "https://auth.haloservicedesk.com/token"},
        {"https://halo.example.com/auth", "https://halo.example.com/auth/token"},
        {NULL, NULL},
    };
    for (int i = 0; in[i][0]; i++) {
        struct halo_config c;
        char err[512];
        env_reset();
        setenv("HALOPSA_TENANT", "acme", 1);
        setenv("HALOPSA_AUTH_URL", in[i][0], 1);
        CHECK_INT(load(&c, err, sizeof err), 0);
        CHECK_STR(c.token_url, in[i][1]);
        CHECK_STR(c.base_url, "https://acme.halopsa.com");
        halo_config_cleanup(&c);
    }
}

static void test_placeholders_and_blanks(void)
{
    struct halo_config c;
    char err[512];
    env_reset();
    setenv("HALOPSA_TENANT", "acme", 1);
    setenv("HALOPSA_BASE_URL", "${user_config.halopsa_base_url}", 1);
    setenv("HALOPSA_AUTH_URL", "   ", 1);
    setenv("HALOPSA_SCOPE", "${user_config.halopsa_scope}", 1);
    setenv("HALOPSA_RATE_LIMIT", "", 1);
    setenv("HALOPSA_TIMEOUT_MS", "${user_config.timeout}", 1);
    setenv("HALOPSA_MAX_RETRIES", "$HALOPSA_MAX_RETRIES", 1);
    CHECK_INT(load(&c, err, sizeof err), 0);
    CHECK_STR(c.base_url, "https://acme.halopsa.com");
    CHECK_STR(c.token_url, "https://acme.halopsa.com/auth/token");
    CHECK_STR(c.scope, "all");
    CHECK_INT(c.rate_limit, 500);
    CHECK_INT(c.timeout_ms, 60000);
    CHECK_INT(c.max_retries, 3);
    halo_config_cleanup(&c);

    /* A placeholder for a required value is a missing value. */
    env_reset();
    setenv("HALOPSA_TENANT", "acme", 1);
    setenv("HALOPSA_CLIENT_ID", "${user_config.halopsa_client_id}", 1);
    CHECK_INT(load(&c, err, sizeof err), -1);
    CHECK_CONTAINS(err, "HALOPSA_CLIENT_ID");
    CHECK_CONTAINS(err, "unexpanded placeholder");
    CHECK_NOT_CONTAINS(err, "not set");
    CHECK_NOT_CONTAINS(err, "${");

    /* The same for the secret, whose value is never echoed. */
    env_reset();
    setenv("HALOPSA_TENANT", "acme", 1);
    setenv("HALOPSA_CLIENT_SECRET", "{{client_secret}}", 1);
    CHECK_INT(load(&c, err, sizeof err), -1);
    CHECK_CONTAINS(err, "HALOPSA_CLIENT_SECRET is an unexpanded placeholder");
    CHECK_NOT_CONTAINS(err, "{{");

    env_reset();
    unsetenv("HALOPSA_TENANT");
    setenv("HALOPSA_BASE_URL", "$HALOPSA_BASE_URL", 1);
    CHECK_INT(load(&c, err, sizeof err), -1);
    CHECK_CONTAINS(err, "HALOPSA_BASE_URL is an unexpanded placeholder");
}

/* The one rule for "unset" (src/base/env.c), which src/tools/options.c
 * and the log level use too. */
static void test_unset_rule(void)
{
    static const struct {
        const char *v;
        enum base_env_state st;
    } cases[] = {
        {NULL, BASE_ENV_ABSENT},
        {"", BASE_ENV_BLANK},
        {" \t ", BASE_ENV_BLANK},
        {"${user_config.client_id}", BASE_ENV_PLACEHOLDER},
        {"  ${x}  ", BASE_ENV_PLACEHOLDER},
        {"https://${TENANT}.halopsa.com", BASE_ENV_PLACEHOLDER},
        {"{{client_id}}", BASE_ENV_PLACEHOLDER},
        {"$HALOPSA_CLIENT_ID", BASE_ENV_PLACEHOLDER},
        {"$_x1", BASE_ENV_PLACEHOLDER},
        {"tree", BASE_ENV_SET},
        {"$", BASE_ENV_SET},
        {"$3cr3t", BASE_ENV_SET},
        {"ab$cd", BASE_ENV_SET},
        {"a${b", BASE_ENV_SET},
        {"{{half", BASE_ENV_SET},
        {"p@ss{w}rd", BASE_ENV_SET},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        if (base_env_state_of(cases[i].v) != cases[i].st)
            harness_fail(__FILE__, __LINE__, "\"%s\": state %d, expected %d",
                         cases[i].v ? cases[i].v : "(null)", (int)base_env_state_of(cases[i].v),
                         (int)cases[i].st);
    }
    setenv("HALOPSA_TEST_UNSET", "  {{x}}", 1);
    CHECK(base_env("HALOPSA_TEST_UNSET") == NULL);
    setenv("HALOPSA_TEST_UNSET", "  flat", 1);
    CHECK_STR(base_env("HALOPSA_TEST_UNSET"), "flat");
    unsetenv("HALOPSA_TEST_UNSET");
    CHECK(base_env("HALOPSA_TEST_UNSET") == NULL);
    CHECK_CONTAINS(base_env_state_words(BASE_ENV_PLACEHOLDER), "unexpanded placeholder");
    CHECK_STR(base_env_state_words(BASE_ENV_ABSENT), "is not set");
}

static void test_missing(void)
{
    struct halo_config c;
    char err[512];
    env_reset();
    unsetenv("HALOPSA_CLIENT_ID");
    setenv("HALOPSA_TENANT", "acme", 1);
    CHECK_INT(load(&c, err, sizeof err), -1);
    CHECK_CONTAINS(err, "HALOPSA_CLIENT_ID");
    CHECK(c.base_url == NULL && c.client_secret == NULL);

    env_reset();
    unsetenv("HALOPSA_CLIENT_SECRET");
    setenv("HALOPSA_TENANT", "acme", 1);
    CHECK_INT(load(&c, err, sizeof err), -1);
    CHECK_CONTAINS(err, "HALOPSA_CLIENT_SECRET");

    env_reset();
    CHECK_INT(load(&c, err, sizeof err), -1);
    CHECK_CONTAINS(err, "HALOPSA_TENANT");
    CHECK_CONTAINS(err, "HALOPSA_BASE_URL");
    CHECK_NOT_CONTAINS(err, "cfg-secret-value-0001");
}

static void test_invalid(void)
{
    static const char *const bad[][3] = {
        {"HALOPSA_BASE_URL", "ftp://halo.example.com", "http"},
        {"HALOPSA_BASE_URL", "https://", "HALOPSA_BASE_URL"},
        {"HALOPSA_BASE_URL", "https://halo example.com", "HALOPSA_BASE_URL"},
        {"HALOPSA_AUTH_URL", "file:///etc/passwd", "HALOPSA_AUTH_URL"},
        {"HALOPSA_TENANT", "ac me!", "HALOPSA_TENANT"},
        {"HALOPSA_RATE_LIMIT", "fast", "HALOPSA_RATE_LIMIT"},
        {"HALOPSA_RATE_LIMIT", "0/180", "HALOPSA_RATE_LIMIT"},
        {"HALOPSA_RATE_LIMIT", "500/0", "HALOPSA_RATE_LIMIT"},
        {"HALOPSA_TIMEOUT_MS", "-5", "HALOPSA_TIMEOUT_MS"},
        {"HALOPSA_CONNECT_TIMEOUT_MS", "10s", "HALOPSA_CONNECT_TIMEOUT_MS"},
        {"HALOPSA_MAX_RETRIES", "lots", "HALOPSA_MAX_RETRIES"},
        {"HALOPSA_MAX_WAIT_MS", "50s", "HALOPSA_MAX_WAIT_MS"},
        {"HALOPSA_MAX_WAIT_MS", "-1", "HALOPSA_MAX_WAIT_MS"},
        {"HALOPSA_CA_FILE", "/nonexistent/ca.pem", "cannot read"},
        {NULL, NULL, NULL},
    };
    for (int i = 0; bad[i][0]; i++) {
        struct halo_config c;
        char err[512];
        env_reset();
        if (strcmp(bad[i][0], "HALOPSA_TENANT") != 0)
            setenv("HALOPSA_TENANT", "acme", 1);
        setenv(bad[i][0], bad[i][1], 1);
        CHECK_INT(load(&c, err, sizeof err), -1);
        CHECK_CONTAINS(err, bad[i][0]);
        CHECK_CONTAINS(err, bad[i][2]);
    }
}

static void test_secret_never_echoed(void)
{
    struct halo_config c;
    char err[512];
    env_reset();
    /* Pasted into the wrong variable: the message must not repeat it. */
    setenv("HALOPSA_BASE_URL", "ftp://cfg-secret-value-0001", 1);
    CHECK_INT(load(&c, err, sizeof err), -1);
    CHECK_CONTAINS(err, "HALOPSA_BASE_URL");
    CHECK_NOT_CONTAINS(err, "cfg-secret-value-0001");
    env_reset();
    setenv("HALOPSA_TENANT", "acme", 1);
    setenv("HALOPSA_RATE_LIMIT", "cfg-secret-value-0001", 1);
    CHECK_INT(load(&c, err, sizeof err), -1);
    CHECK_CONTAINS(err, "HALOPSA_RATE_LIMIT");
    CHECK_NOT_CONTAINS(err, "cfg-secret-value-0001");
}

static void test_numbers(void)
{
    static const struct { const char *in; int limit, window; } rates[] = {
        {"500/180", 500, 180}, {"300/5m", 300, 300}, {"300/300s", 300, 300},
        {"100", 100, 180},     {"1000/1h", 1000, 3600}, {"5/1", 5, 1},
    };
    for (size_t i = 0; i < sizeof rates / sizeof rates[0]; i++) {
        struct halo_config c;
        char err[512];
        env_reset();
        setenv("HALOPSA_TENANT", "acme", 1);
        setenv("HALOPSA_RATE_LIMIT", rates[i].in, 1);
        CHECK_INT(load(&c, err, sizeof err), 0);
        CHECK_INT(c.rate_limit, rates[i].limit);
        CHECK_INT(c.rate_window_s, rates[i].window);
        halo_config_cleanup(&c);
    }
    struct halo_config c;
    char err[512];
    env_reset();
    setenv("HALOPSA_TENANT", "acme", 1);
    setenv("HALOPSA_TIMEOUT_MS", "1500", 1);
    setenv("HALOPSA_CONNECT_TIMEOUT_MS", "250", 1);
    setenv("HALOPSA_MAX_RETRIES", "0", 1);
    setenv("HALOPSA_SCOPE", "read:tickets edit:tickets", 1);
    setenv("HALOPSA_MAX_WAIT_MS", "20000", 1);
    setenv("HALOPSA_CA_FILE", "tests/lib/tls/localhost.crt", 1);
    CHECK_INT(load(&c, err, sizeof err), 0);
    CHECK_INT(c.max_wait_ms, 20000);
    CHECK_STR(c.ca_file, "tests/lib/tls/localhost.crt");
    CHECK_INT(c.timeout_ms, 1500);
    CHECK_INT(c.connect_timeout_ms, 250);
    CHECK_INT(c.max_retries, 0);
    CHECK_STR(c.scope, "read:tickets edit:tickets");
    halo_config_cleanup(&c);
}

static void test_explicit_init(void)
{
    struct halo_config c;
    char err[512];
    CHECK_INT(halo_config_init(&c, "http://127.0.0.1:9/api/", NULL, NULL, "id", "init-secret-0002",
                               err, sizeof err),
              0);
    CHECK_STR(c.base_url, "http://127.0.0.1:9");
    CHECK_STR(c.token_url, "http://127.0.0.1:9/auth/token");
    CHECK(c.tenant == NULL);
    CHECK_STR(c.scope, "all");
    halo_config_cleanup(&c);
    CHECK_INT(halo_config_init(&c, NULL, "${user_config.tenant}", NULL, "id", "init-secret-0002",
                               err, sizeof err),
              -1);
    CHECK_CONTAINS(err, "HALOPSA_TENANT");
    CHECK_INT(halo_config_init(&c, NULL, "acme", NULL, "id", "", err, sizeof err), -1);
    CHECK_CONTAINS(err, "HALOPSA_CLIENT_SECRET");
}

static const struct test tests[] = {
    {"tenant_name", test_tenant_name},
    {"tenant_host_and_url", test_tenant_host_and_url},
    {"tenant_custom_domain", test_tenant_custom_domain},
    {"base_url_forms", test_base_url_forms},
    {"base_url_wins", test_base_url_wins},
    {"auth_url", test_auth_url},
    {"placeholders_and_blanks", test_placeholders_and_blanks},
    {"unset_rule", test_unset_rule},
    {"missing", test_missing},
    {"invalid", test_invalid},
    {"secret_never_echoed", test_secret_never_echoed},
    {"numbers", test_numbers},
    {"explicit_init", test_explicit_init},
    {NULL, NULL},
};
HARNESS_MAIN("halo_config", tests)
