/* test_auth.c - the simulator's OAuth2 token endpoint, bearer checks on
 * /api, token expiry and revocation, and /api/authinfo, over real sockets. */
#include "simtest.h"

#include <unistd.h>

#define FORM "application/x-www-form-urlencoded"

static struct st_reply token_req(struct st *t, const char *query, const char *form)
{
    char *url = xasprintf("%s/auth/token%s", t->url, query);
    struct st_reply r = st_req("POST", url, form, FORM, NULL);
    free(url);
    return r;
}

static void test_token_success(void)
{
    struct st t;
    st_start(&t, NULL);
    struct st_reply r = token_req(&t, "",
                                  "grant_type=client_credentials&client_id=" SIM_DEMO_CLIENT_ID
                                  "&client_secret=" SIM_DEMO_CLIENT_SECRET "&scope=all");
    CHECK_INT(r.status, 200);
    CHECK(json_string_length(json_object_get(r.json, "access_token")) >= 32);
    CHECK_STR(json_string_value(json_object_get(r.json, "token_type")), "Bearer");
    CHECK_INT(json_integer_value(json_object_get(r.json, "expires_in")), 3600);
    CHECK_STR(json_string_value(json_object_get(r.json, "scope")), "all");
    /* Two tokens differ (random, not derived from the credentials). */
    CHECK(strcmp(json_string_value(json_object_get(r.json, "access_token")), t.token) != 0);
    st_reply_free(&r);
    st_stop(&t);
}

static void test_token_tenant_accepted(void)
{
    struct st t;
    st_start(&t, NULL);
    struct st_reply r = token_req(&t, "?tenant=acme",
                                  "grant_type=client_credentials&client_id=" SIM_DEMO_CLIENT_ID
                                  "&client_secret=" SIM_DEMO_CLIENT_SECRET "&scope=all");
    CHECK_INT(r.status, 200);
    st_reply_free(&r);
    r = token_req(&t, "",
                  "grant_type=client_credentials&client_id=" SIM_DEMO_CLIENT_ID
                  "&client_secret=" SIM_DEMO_CLIENT_SECRET "&scope=all&tenant=acme");
    CHECK_INT(r.status, 200);
    /* Scopes joined with spaces come back as sent. */
    st_reply_free(&r);
    r = token_req(&t, "",
                  "grant_type=client_credentials&client_id=" SIM_DEMO_CLIENT_ID
                  "&client_secret=" SIM_DEMO_CLIENT_SECRET "&scope=read%3Atickets+edit%3Atickets");
    CHECK_INT(r.status, 200);
    CHECK_STR(json_string_value(json_object_get(r.json, "scope")), "read:tickets edit:tickets");
    st_reply_free(&r);
    st_stop(&t);
}

static void test_token_failures(void)
{
    struct st t;
    st_start(&t, NULL);
    struct st_reply r = token_req(&t, "",
                                  "grant_type=client_credentials&client_id=" SIM_DEMO_CLIENT_ID
                                  "&client_secret=wrong&scope=all");
    CHECK_INT(r.status, 401);
    CHECK_STR(json_string_value(json_object_get(r.json, "error")), "invalid_client");
    st_reply_free(&r);
    r = token_req(
        &t, "",
        "grant_type=client_credentials&client_id=nobody&client_secret=" SIM_DEMO_CLIENT_SECRET);
    CHECK_INT(r.status, 401);
    CHECK_STR(json_string_value(json_object_get(r.json, "error")), "invalid_client");
    st_reply_free(&r);
    r = token_req(&t, "",
                  "grant_type=password&client_id=" SIM_DEMO_CLIENT_ID
                  "&client_secret=" SIM_DEMO_CLIENT_SECRET);
    CHECK_INT(r.status, 400);
    CHECK_STR(json_string_value(json_object_get(r.json, "error")), "unsupported_grant_type");
    st_reply_free(&r);
    r = token_req(&t, "", "client_id=" SIM_DEMO_CLIENT_ID "&client_secret=" SIM_DEMO_CLIENT_SECRET);
    CHECK_INT(r.status, 400);
    CHECK_STR(json_string_value(json_object_get(r.json, "error")), "unsupported_grant_type");
    st_reply_free(&r);
    st_stop(&t);
}

static void test_custom_credentials(void)
{
    struct sim_options o;
    struct st t;
    sim_options_default(&o);
    o.client_id = "my-id";
    o.client_secret = "my-secret-value";
    o.token_lifetime_s = 120;
    st_start(&t, &o);
    CHECK(t.token != NULL);
    char *demo = st_token_for(t.url, SIM_DEMO_CLIENT_ID, SIM_DEMO_CLIENT_SECRET);
    CHECK(demo == NULL);
    free(demo);
    struct st_reply r = token_req(&t, "",
                                  "grant_type=client_credentials&client_id=my-id"
                                  "&client_secret=my-secret-value");
    CHECK_INT(json_integer_value(json_object_get(r.json, "expires_in")), 120);
    st_reply_free(&r);
    st_stop(&t);
}

static void test_api_needs_token(void)
{
    struct st t;
    char *url;
    st_start(&t, NULL);
    url = xasprintf("%s/api/Tickets", t.url);
    struct st_reply r = st_req("GET", url, NULL, NULL, NULL);
    CHECK_INT(r.status, 401);
    st_reply_free(&r);
    r = st_req("GET", url, NULL, NULL, "not-a-token");
    CHECK_INT(r.status, 401);
    st_reply_free(&r);
    r = st_req("GET", url, NULL, NULL, t.token);
    CHECK_INT(r.status, 200);
    st_reply_free(&r);
    r = st_req("POST", url, "[{\"summary\":\"x\"}]", NULL, NULL);
    CHECK_INT(r.status, 401);
    st_reply_free(&r);
    free(url);
    st_stop(&t);
}

static void test_token_expires(void)
{
    struct sim_options o;
    struct st t;
    sim_options_default(&o);
    o.token_lifetime_s = 1;
    st_start(&t, &o);
    struct st_reply r = st_api(&t, "GET", "/api/Status", NULL);
    CHECK_INT(r.status, 200);
    st_reply_free(&r);
    base_sleep_ms(1300);
    r = st_api(&t, "GET", "/api/Status", NULL);
    CHECK_INT(r.status, 401);
    st_reply_free(&r);
    /* A fresh token works again. */
    free(t.token);
    t.token = st_token_for(t.url, SIM_DEMO_CLIENT_ID, SIM_DEMO_CLIENT_SECRET);
    r = st_api(&t, "GET", "/api/Status", NULL);
    CHECK_INT(r.status, 200);
    st_reply_free(&r);
    st_stop(&t);
}

static void test_token_lifetime_fault(void)
{
    struct st t;
    char *url;
    st_start(&t, NULL);
    url = xasprintf("%s/_sim/faults", t.url);
    struct st_reply r = st_req("POST", url, "{\"token_lifetime_s\":1}", NULL, NULL);
    CHECK_INT(r.status, 200);
    st_reply_free(&r);
    char *tok = st_token_for(t.url, SIM_DEMO_CLIENT_ID, SIM_DEMO_CLIENT_SECRET);
    base_sleep_ms(1300);
    char *api = xasprintf("%s/api/Status", t.url);
    r = st_req("GET", api, NULL, NULL, tok);
    CHECK_INT(r.status, 401);
    st_reply_free(&r);
    /* The token issued before the fault keeps its hour. */
    r = st_req("GET", api, NULL, NULL, t.token);
    CHECK_INT(r.status, 200);
    st_reply_free(&r);
    /* Clearing the faults restores the configured lifetime. */
    r = st_req("DELETE", url, NULL, NULL, NULL);
    CHECK_INT(r.status, 200);
    st_reply_free(&r);
    r = token_req(&t, "",
                  "grant_type=client_credentials&client_id=" SIM_DEMO_CLIENT_ID
                  "&client_secret=" SIM_DEMO_CLIENT_SECRET);
    CHECK_INT(json_integer_value(json_object_get(r.json, "expires_in")), 3600);
    st_reply_free(&r);
    free(tok);
    free(api);
    free(url);
    st_stop(&t);
}

static void test_revoke(void)
{
    struct st t;
    char *url;
    st_start(&t, NULL);
    url = xasprintf("%s/_sim/faults", t.url);
    struct st_reply r = st_req("POST", url, "{\"revoke_tokens\":true}", NULL, NULL);
    CHECK_INT(r.status, 200);
    st_reply_free(&r);
    r = st_api(&t, "GET", "/api/Agent", NULL);
    CHECK_INT(r.status, 401);
    char v[128];
    CHECK(st_header(&r, "WWW-Authenticate", v, sizeof v) != NULL);
    st_reply_free(&r);
    free(t.token);
    t.token = st_token_for(t.url, SIM_DEMO_CLIENT_ID, SIM_DEMO_CLIENT_SECRET);
    r = st_api(&t, "GET", "/api/Agent", NULL);
    CHECK_INT(r.status, 200);
    st_reply_free(&r);
    free(url);
    st_stop(&t);
}

static void test_authinfo(void)
{
    struct st t;
    char *url, *want;
    st_start(&t, NULL);
    url = xasprintf("%s/api/authinfo", t.url);
    struct st_reply r = st_req("GET", url, NULL, NULL, NULL);
    CHECK_INT(r.status, 200);
    want = xasprintf("%s/auth", t.url);
    CHECK_STR(json_string_value(json_object_get(r.json, "auth_url")), want);
    CHECK(json_is_string(json_object_get(r.json, "tenant_id")));
    st_reply_free(&r);
    /* The discovered URL + /token is a working token endpoint (HAPI). */
    free(url);
    url = xasprintf("%s/token?tenant=halopsa-sim", want);
    r = st_req("POST", url,
               "grant_type=client_credentials&client_id=" SIM_DEMO_CLIENT_ID
               "&client_secret=" SIM_DEMO_CLIENT_SECRET,
               FORM, NULL);
    CHECK_INT(r.status, 200);
    st_reply_free(&r);
    free(want);
    free(url);
    st_stop(&t);
}

static void test_secret_not_logged(void)
{
    struct st t;
    char *url;
    st_start(&t, NULL);
    url = xasprintf("%s/_sim/requests", t.url);
    struct st_reply r = st_req("GET", url, NULL, NULL, NULL);
    CHECK_INT(r.status, 200);
    CHECK_NOT_CONTAINS(r.body, SIM_DEMO_CLIENT_SECRET);
    CHECK_CONTAINS(r.body, "\"client_id\":\"" SIM_DEMO_CLIENT_ID "\"");
    st_reply_free(&r);
    free(url);
    st_stop(&t);
}

static void test_tl_sim_start(void)
{
    char url[64], *resp = NULL;
    struct sim *s = tl_sim_start(url, sizeof url);
    char *ai = xasprintf("%s/api/authinfo", url);
    CHECK_INT(tl_http("GET", ai, NULL, NULL, NULL, &resp), 200);
    CHECK_CONTAINS(resp, "auth_url");
    free(resp);
    free(ai);
    /* A second one on its own ephemeral port. */
    char url2[64];
    struct sim *s2 = tl_sim_start(url2, sizeof url2);
    CHECK(strcmp(url, url2) != 0);
    sim_stop(s2);
    sim_stop(s);
}

static const struct test tests[] = {
    {"tl_sim_start", test_tl_sim_start},
    {"token_success", test_token_success},
    {"token_tenant_accepted", test_token_tenant_accepted},
    {"token_failures", test_token_failures},
    {"custom_credentials", test_custom_credentials},
    {"api_needs_token", test_api_needs_token},
    {"token_expires", test_token_expires},
    {"token_lifetime_fault", test_token_lifetime_fault},
    {"revoke", test_revoke},
    {"authinfo", test_authinfo},
    {"secret_not_logged", test_secret_not_logged},
    {NULL, NULL},
};
HARNESS_MAIN("sim_auth", tests)
