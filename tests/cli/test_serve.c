/* test_serve.c - halopsa-mcp serving MCP on stdio: the demo tenant with no
 * variables at all, a configured tenant, and debug logs that never carry
 * the client secret or an access token; Streamable HTTP with --http. */
#include "cli_util.h"

#include <signal.h>

#define ARGS(...) ((char *const[]){__VA_ARGS__, NULL})

/* The first text content of a result (borrowed), or NULL. */
static const char *result_text(json_t *result)
{
    return json_string_value(
        json_object_get(json_array_get(json_object_get(result, "content"), 0), "text"));
}

/* tools/call over p; returns the result (new) or NULL. */
static json_t *call_tool(struct tl_proc *p, const char *name, json_t *args /* stolen */)
{
    json_t *resp = tl_rpc(p, "tools/call",
                          json_pack("{s:s, s:o}", "name", name, "arguments",
                                    args ? args : json_object()),
                          60000);
    json_t *result = json_incref(json_object_get(resp, "result"));
    json_decref(resp);
    return result;
}

static bool list_has(json_t *resp, const char *name)
{
    size_t i;
    json_t *t;
    json_array_foreach(json_object_get(json_object_get(resp, "result"), "tools"), i, t) {
        if (strcmp(json_string_value(json_object_get(t, "name")), name) == 0)
            return true;
    }
    return false;
}

/* New environment list (free the array only); see cli_env. */
static char **spawn_env(const char *const *extra)
{
    return cli_env(extra);
}

static void test_demo_over_stdio(void)
{
    struct tl_proc p;
    char **env = spawn_env(NULL);
    char *bin = xstrdup(tl_bin("halopsa-mcp"));
    CHECK_INT(tl_spawn(&p, ARGS(bin, "--demo"), env), 0);
    json_t *init = tl_initialize(&p, NULL);
    CHECK(init != NULL);
    json_t *info = json_object_get(init, "serverInfo");
    CHECK_STR(json_string_value(json_object_get(info, "name")), "halopsa-mcp");
    CHECK_STR(json_string_value(json_object_get(info, "title")), "HaloPSA");
    CHECK(json_string_value(json_object_get(info, "version")) != NULL);
    CHECK_CONTAINS(json_string_value(json_object_get(init, "instructions")), "halopsa_navigate");
    json_decref(init);

    /* Tree mode by default: navigation first, domain tools after navigate. */
    json_t *list = tl_rpc(&p, "tools/list", NULL, 10000);
    CHECK(list_has(list, "halopsa_navigate"));
    CHECK(list_has(list, "halopsa_status"));
    json_decref(list);

    json_t *st = call_tool(&p, "halopsa_status", NULL);
    CHECK(st != NULL);
    CHECK(!json_is_true(json_object_get(st, "isError")));
    CHECK_CONTAINS(result_text(st), "demo");
    json_decref(st);

    json_t *res = call_tool(&p, "halopsa_tickets_list", json_pack("{s:i}", "page_size", 3));
    CHECK(res != NULL);
    CHECK(!json_is_true(json_object_get(res, "isError")));
    CHECK_INT(json_array_size(json_object_get(json_object_get(res, "structuredContent"),
                                              "tickets")),
              3);
    json_decref(res);

    CHECK_INT(tl_finish(&p, 20000), 0);
    char *err = tl_stderr(&p);
    CHECK_NOT_CONTAINS(err, SIM_DEMO_CLIENT_SECRET);
    free(err);
    tl_proc_free(&p);
    free(bin);
    free(env);
}

static void test_flat_mode_against_tenant(void)
{
    char url[128];
    struct cli_sim_env e;
    struct sim *sim = cli_sim_start(url, sizeof url);
    cli_sim_env_init(&e, url, NULL);
    e.env[4] = "HALOPSA_TOOL_MODE=dispatch";
    e.env[5] = NULL;
    char **env = spawn_env(e.env);
    char *bin = xstrdup(tl_bin("halopsa-mcp"));
    struct tl_proc p;
    /* The flag wins over the variable. */
    CHECK_INT(tl_spawn(&p, ARGS(bin, "serve", "--tools", "flat", "--read-only"), env), 0);
    json_t *init = tl_initialize(&p, NULL);
    CHECK(init != NULL);
    json_decref(init);
    json_t *list = tl_rpc(&p, "tools/list", NULL, 10000);
    CHECK(list_has(list, "halopsa_tickets_list"));
    CHECK(list_has(list, "halopsa_statuses_list"));
    CHECK(!list_has(list, "halopsa_statuses_delete"));
    json_decref(list);
    json_t *res = call_tool(&p, "halopsa_tickets_get", json_pack("{s:i}", "id", 1));
    CHECK(res != NULL);
    json_decref(res);
    CHECK_INT(tl_finish(&p, 20000), 0);
    tl_proc_free(&p);
    free(bin);
    free(env);
    sim_stop(sim);
}

/* Runs a debug-level session that calls a tool and returns stderr (new). */
static char *debug_session(const char *base_url, const char *secret)
{
    struct cli_sim_env e;
    cli_sim_env_init(&e, base_url, secret);
    e.env[4] = "HALOPSA_LOG_LEVEL=debug";
    e.env[5] = NULL;
    char **env = spawn_env(e.env);
    char *bin = xstrdup(tl_bin("halopsa-mcp"));
    struct tl_proc p;
    char *err = NULL;
    CHECK_INT(tl_spawn(&p, ARGS(bin, "--tools", "flat"), env), 0);
    json_t *init = tl_initialize(&p, NULL);
    CHECK(init != NULL);
    json_decref(init);
    json_t *res = call_tool(&p, "halopsa_tickets_list", json_pack("{s:i}", "page_size", 2));
    CHECK(res != NULL);
    /* The wrong secret gives an honest tool error, the right one rows. */
    CHECK(json_is_true(json_object_get(res, "isError")) == (secret != NULL));
    json_decref(res);
    CHECK_INT(tl_finish(&p, 20000), 0);
    err = tl_stderr(&p);
    tl_proc_free(&p);
    free(bin);
    free(env);
    return err;
}

static void test_debug_logs_hold_no_secret(void)
{
    char url[128];
    struct sim *sim = cli_sim_start(url, sizeof url);
    const char *wrong = "wrong-secret-4f2a9c7e1b";
    char *err = debug_session(url, wrong);
    CHECK(err && strlen(err) > 0); /* debug level does log */
    CHECK_NOT_CONTAINS(err, wrong);
    CHECK_NOT_CONTAINS(err, SIM_DEMO_CLIENT_SECRET);
    free(err);

    err = debug_session(url, NULL);
    CHECK(err && strlen(err) > 0);
    CHECK_NOT_CONTAINS(err, SIM_DEMO_CLIENT_SECRET);
    /* The simulator's tokens are 48 hex digits: none may appear. */
    CHECK(!cli_has_hex_run(err, 48));
    free(err);
    sim_stop(sim);
}

static void test_logs_on_stderr_only(void)
{
    struct tl_proc p;
    char **env = spawn_env((const char *const[]){"HALOPSA_LOG_LEVEL=debug", NULL});
    char *bin = xstrdup(tl_bin("halopsa-mcp"));
    CHECK_INT(tl_spawn(&p, ARGS(bin, "--demo"), env), 0);
    /* Before initialize nothing may appear on stdout: logs go to stderr. */
    CHECK(tl_send(&p, "{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"ping\"}") == 0);
    char *line = tl_recv_line(&p, 10000);
    CHECK(line != NULL);
    json_t *v = line ? json_loads(line, 0, NULL) : NULL;
    CHECK(json_is_object(v));
    CHECK_INT(json_integer_value(json_object_get(v, "id")), 7);
    json_decref(v);
    free(line);
    CHECK_INT(tl_finish(&p, 20000), 0);
    char *err = tl_stderr(&p);
    CHECK(err && strlen(err) > 0);
    free(err);
    tl_proc_free(&p);
    free(bin);
    free(env);
}

/* --http serves Streamable HTTP: initialize over a real socket answers with
 * a session, a request without one is refused, SIGTERM ends it cleanly. */
static void test_http_transport(void)
{
    struct tl_proc p;
    char **env = spawn_env(NULL);
    char *bin = xstrdup(tl_bin("halopsa-mcp"));
    char url[128] = "";
    CHECK_INT(tl_spawn(&p, ARGS(bin, "--demo", "--http", "127.0.0.1:0"), env), 0);
    for (int i = 0; i < 200 && !url[0]; i++) {
        char *err = tl_stderr(&p);
        const char *at = err ? strstr(err, "on http://127.0.0.1:") : NULL;
        int port = 0;
        if (at && sscanf(at, "on http://127.0.0.1:%d/mcp", &port) == 1)
            snprintf(url, sizeof url, "http://127.0.0.1:%d/mcp", port);
        free(err);
        if (!url[0])
            base_sleep_ms(50);
    }
    CHECK(url[0] != '\0');
    if (url[0]) {
        static const char *const hdrs[] = {"Accept: application/json, text/event-stream", NULL};
        char *body = NULL;
        int st = tl_http("POST", url,
                         "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":"
                         "{\"protocolVersion\":\"2025-11-25\",\"capabilities\":{},"
                         "\"clientInfo\":{\"name\":\"t\",\"version\":\"1\"}}}",
                         NULL, hdrs, &body);
        CHECK_INT(st, 200);
        CHECK_CONTAINS(body, "\"serverInfo\"");
        CHECK_CONTAINS(body, "halopsa-mcp");
        free(body);
        st = tl_http("POST", url, "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/list\"}", NULL,
                     hdrs, NULL);
        CHECK_INT(st, 400); /* no Mcp-Session-Id */
    }
    kill(p.pid, SIGTERM);
    CHECK_INT(tl_finish(&p, 20000), 0);
    tl_proc_free(&p);
    free(bin);
    free(env);
}

static const struct test tests[] = {
    {"demo_over_stdio", test_demo_over_stdio},
    {"flat_mode_against_tenant", test_flat_mode_against_tenant},
    {"debug_logs_hold_no_secret", test_debug_logs_hold_no_secret},
    {"logs_on_stderr_only", test_logs_on_stderr_only},
    {"http_transport", test_http_transport},
    {NULL, NULL},
};

int main(void)
{
    base_init();
    return harness_run("serve", tests);
}
