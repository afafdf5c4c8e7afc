/* test_remote.c - the real halopsa-mcp binary as a team server: the audit
 * log records a write made through each transport (stdio, HTTP) and each
 * tool mode (tree, flat, dispatch) exactly once, with principal, session,
 * HaloPSA request and record id; a read-only principal cannot write, not
 * even through halopsa_call; the token file is re-read on SIGHUP; a
 * network address without authentication is refused at start-up. */
#include "cli_util.h"

#include <signal.h>

#define ARGS(...) ((char *const[]){__VA_ARGS__, NULL})
#define TOK_W "writer-token-0123456789abcdef"
#define TOK_R "reader-token-0123456789abcdef"
#define TOK_N "newbie-token-0123456789abcdef"
#define ACCEPT "Accept: application/json, text/event-stream"
#define INIT                                                                                       \
    "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{\"protocolVersion\":"  \
    "\"2025-11-25\",\"capabilities\":{},\"clientInfo\":{\"name\":\"t\",\"version\":\"1\"}}}"

static char *tmp_path(const char *what)
{
    return xasprintf("/tmp/halopsa-remote-%d-%s", (int)getpid(), what);
}

static void write_file(const char *path, const char *text)
{
    CHECK_INT(tl_write_file(path, text), 0);
}

/* Lines of the audit log that mention marker. */
static int count_lines(const char *path, const char *marker, json_t **last)
{
    char *text = tl_read_file(path);
    int n = 0;
    if (!text)
        return 0;
    for (char *save = NULL, *line = strtok_r(text, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
        if (!strstr(line, marker))
            continue;
        n++;
        if (last) {
            json_decref(*last);
            *last = json_loads(line, 0, NULL);
        }
    }
    free(text);
    return n;
}

/* ------------------------------------------------------------------ */
/* An HTTP server process                                              */

struct srv {
    struct tl_proc p;
    char url[128];
    char **env;
    char *bin;
};

static bool srv_start(struct srv *s, char *const *argv_tail, const char *const *env)
{
    char *argv[24];
    size_t n = 0;
    memset(s, 0, sizeof *s);
    s->bin = xstrdup(tl_bin("halopsa-mcp"));
    s->env = cli_env(env);
    argv[n++] = s->bin;
    for (size_t i = 0; argv_tail[i] && n < 23; i++)
        argv[n++] = argv_tail[i];
    argv[n] = NULL;
    CHECK_INT(tl_spawn(&s->p, argv, s->env), 0);
    for (int i = 0; i < 400 && !s->url[0]; i++) {
        char *err = tl_stderr(&s->p);
        const char *at = err ? strstr(err, "on http://127.0.0.1:") : NULL;
        int port = 0;
        if (at && sscanf(at, "on http://127.0.0.1:%d/mcp", &port) == 1)
            snprintf(s->url, sizeof s->url, "http://127.0.0.1:%d/mcp", port);
        free(err);
        if (!s->url[0])
            base_sleep_ms(50);
    }
    CHECK(s->url[0] != '\0');
    return s->url[0] != '\0';
}

static void srv_stop(struct srv *s)
{
    kill(s->p.pid, SIGTERM);
    CHECK_INT(tl_finish(&s->p, 20000), 0);
    tl_proc_free(&s->p);
    free(s->bin);
    free(s->env);
}

/* The demo tenant in mode over HTTP with the token file and the audit log. */
static bool token_server(struct srv *s, const char *mode, const char *tokens, const char *log)
{
    char env_log[256];
    snprintf(env_log, sizeof env_log, "HALOPSA_AUDIT_LOG=%s", log);
    return srv_start(s, ARGS("--demo", "--tools", (char *)mode, "--http", "127.0.0.1:0", "--auth", "token",
                             "--auth-tokens", (char *)tokens),
                     (const char *const[]){env_log, NULL});
}

/* POSTs body; returns the status, the body in *out (new) and the session
 * id into sid when one comes back. */
static int post(const struct srv *s, const char *token, char *sid, size_t sidlen, const char *body, char **out)
{
    char auth[128], sidh[96], *hdrs = NULL;
    const char *h[4] = {ACCEPT, NULL, NULL, NULL};
    size_t n = 1;
    if (token) {
        snprintf(auth, sizeof auth, "Authorization: Bearer %s", token);
        h[n++] = auth;
    }
    if (sid[0]) {
        snprintf(sidh, sizeof sidh, "Mcp-Session-Id: %s", sid);
        h[n++] = sidh;
    }
    int st = tl_http_full("POST", s->url, body, NULL, h, out, &hdrs);
    char *v = tl_header(hdrs, "Mcp-Session-Id");
    if (v)
        snprintf(sid, sidlen, "%s", v);
    free(v);
    free(hdrs);
    return st;
}

static int http_session(const struct srv *s, const char *token, char *sid, size_t len)
{
    char *out = NULL;
    sid[0] = '\0';
    int st = post(s, token, sid, len, INIT, &out);
    free(out);
    if (st == 200) {
        CHECK_INT(post(s, token, sid, len, "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}", &out),
                  202);
        free(out);
    }
    return st;
}

/* tools/call over HTTP: the result text (new; the SSE body as it came). */
static char *http_call(const struct srv *s, const char *token, char *sid, const char *tool, const char *args)
{
    char *body = xasprintf("{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"tools/call\",\"params\":"
                           "{\"name\":\"%s\",\"arguments\":%s}}",
                           tool, args);
    char *out = NULL;
    CHECK_INT(post(s, token, sid, 64, body, &out), 200);
    free(body);
    return out;
}

/* The tool and arguments that create marker's status in mode. */
static void write_call(const char *mode, const char *marker, char *tool, size_t toollen, char *args, size_t argslen)
{
    if (strcmp(mode, "dispatch") == 0) {
        snprintf(tool, toollen, "halopsa_call");
        snprintf(args, argslen,
                 "{\"tool\":\"halopsa_statuses_create\",\"arguments\":{\"name\":\"%s\"}}", marker);
    } else {
        snprintf(tool, toollen, "halopsa_statuses_create");
        snprintf(args, argslen, "{\"name\":\"%s\"}", marker);
    }
}

static void check_record(json_t *rec, const char *principal, const char *session_prefix)
{
    CHECK_STR(json_string_value(json_object_get(rec, "principal")), principal);
    CHECK(strncmp(json_string_value(json_object_get(rec, "session")) ? json_string_value(json_object_get(rec, "session")) : "",
                  session_prefix, strlen(session_prefix)) == 0);
    CHECK_STR(json_string_value(json_object_get(rec, "tool")), "halopsa_statuses_create");
    CHECK_STR(json_string_value(json_object_get(rec, "kind")), "write");
    CHECK_STR(json_string_value(json_object_get(rec, "outcome")), "ok");
    CHECK(json_integer_value(json_object_get(rec, "record_id")) > 0);
    json_t *req = json_array_get(json_object_get(rec, "requests"), 0);
    CHECK_STR(json_string_value(json_object_get(req, "method")), "POST");
    CHECK_STR(json_string_value(json_object_get(req, "path")), "/api/Status");
    CHECK_INT(json_integer_value(json_object_get(req, "status")), 200);
    CHECK(json_string_value(json_object_get(rec, "time")) != NULL);
}

static void test_audit_once_per_write_stdio(void)
{
    static const char *const modes[] = {"tree", "flat", "dispatch"};
    char *log = tmp_path("audit-stdio.log");
    unlink(log);
    for (size_t m = 0; m < 3; m++) {
        char env_log[256], marker[64], tool[64], args[256];
        snprintf(env_log, sizeof env_log, "HALOPSA_AUDIT_LOG=%s", log);
        snprintf(marker, sizeof marker, "Audit stdio %s", modes[m]);
        write_call(modes[m], marker, tool, sizeof tool, args, sizeof args);
        char **env = cli_env((const char *const[]){env_log, NULL});
        char *bin = xstrdup(tl_bin("halopsa-mcp"));
        struct tl_proc p;
        CHECK_INT(tl_spawn(&p, ARGS(bin, "--demo", "--tools", (char *)modes[m]), env), 0);
        json_t *init = tl_initialize(&p, NULL);
        CHECK(init != NULL);
        json_decref(init);
        json_t *resp = tl_rpc(&p, "tools/call", json_pack("{s:s, s:o}", "name", tool, "arguments", json_loads(args, 0, NULL)),
                              20000);
        CHECK_CONTAINS(harness_json(resp), "Created status");
        json_decref(resp);
        /* a read is not a write: not logged at the default level */
        resp = tl_rpc(&p, "tools/call", json_pack("{s:s, s:{}}", "name", "halopsa_status", "arguments"), 20000);
        json_decref(resp);
        CHECK_INT(tl_finish(&p, 20000), 0);
        tl_proc_free(&p);
        free(bin);
        free(env);
        json_t *rec = NULL;
        CHECK_INT(count_lines(log, marker, &rec), 1);
        check_record(rec, "local", "stdio");
        json_decref(rec);
    }
    CHECK_INT(count_lines(log, "halopsa_status\"", NULL), 0);
    unlink(log);
    free(log);
}

static void test_audit_once_per_write_http(void)
{
    static const char *const modes[] = {"tree", "flat", "dispatch"};
    char *log = tmp_path("audit-http.log");
    char *tokens = tmp_path("tokens");
    write_file(tokens, "writer " TOK_W " read write\n");
    unlink(log);
    for (size_t m = 0; m < 3; m++) {
        char marker[64], tool[64], args[256], sid[64];
        snprintf(marker, sizeof marker, "Audit http %s", modes[m]);
        write_call(modes[m], marker, tool, sizeof tool, args, sizeof args);
        struct srv s;
        if (!token_server(&s, modes[m], tokens, log))
            break;
        CHECK_INT(http_session(&s, TOK_W, sid, sizeof sid), 200);
        char *out = http_call(&s, TOK_W, sid, tool, args);
        CHECK_CONTAINS(out, "Created status");
        free(out);
        srv_stop(&s);
        json_t *rec = NULL;
        CHECK_INT(count_lines(log, marker, &rec), 1);
        check_record(rec, "writer", "http-");
        json_decref(rec);
    }
    unlink(log);
    unlink(tokens);
    free(log);
    free(tokens);
}

/* A principal whose token grants reading cannot write in any mode, not
 * even through halopsa_call; the attempt is audited as not sent. */
static void test_read_only_principal_cannot_write(void)
{
    static const char *const modes[] = {"flat", "dispatch"};
    char *log = tmp_path("audit-ro.log");
    char *tokens = tmp_path("tokens-ro");
    write_file(tokens, "reader " TOK_R " read\n");
    unlink(log);
    for (size_t m = 0; m < 2; m++) {
        char marker[64], tool[64], args[256], sid[64];
        snprintf(marker, sizeof marker, "Sneaky %s", modes[m]);
        write_call(modes[m], marker, tool, sizeof tool, args, sizeof args);
        struct srv s;
        if (!token_server(&s, modes[m], tokens, log))
            break;
        CHECK_INT(http_session(&s, TOK_R, sid, sizeof sid), 200);
        char *out = http_call(&s, TOK_R, sid, tool, args);
        CHECK_CONTAINS(out, "reader may only read");
        CHECK_CONTAINS(out, "\"isError\":true");
        free(out);
        /* reading works, and nothing was created */
        out = http_call(&s, TOK_R, sid, strcmp(modes[m], "dispatch") == 0 ? "halopsa_call" : "halopsa_statuses_list",
                        strcmp(modes[m], "dispatch") == 0 ? "{\"tool\":\"halopsa_statuses_list\",\"arguments\":{}}" : "{}");
        CHECK_CONTAINS(out, "New");
        CHECK_NOT_CONTAINS(out, marker);
        free(out);
        srv_stop(&s);
        json_t *rec = NULL;
        CHECK_INT(count_lines(log, marker, &rec), 1);
        CHECK_STR(json_string_value(json_object_get(rec, "outcome")), "not_sent");
        CHECK_STR(json_string_value(json_object_get(rec, "principal")), "reader");
        CHECK_INT(json_array_size(json_object_get(rec, "requests")), 0);
        json_decref(rec);
    }
    unlink(log);
    unlink(tokens);
    free(log);
    free(tokens);
}

static void test_audit_all_level_and_errors(void)
{
    char *log = tmp_path("audit-all.log");
    char env_log[256];
    unlink(log);
    snprintf(env_log, sizeof env_log, "HALOPSA_AUDIT_LOG=%s", log);
    struct cli_run r;
    cli_run(&r, (const char *const[]){"--demo", "call", "halopsa_statuses_list", NULL},
                               (const char *const[]){env_log, "HALOPSA_AUDIT_LEVEL=all", NULL});
    CHECK_INT(r.status, 0);
    cli_run_free(&r);
    json_t *rec = NULL;
    CHECK_INT(count_lines(log, "halopsa_statuses_list", &rec), 1);
    CHECK_STR(json_string_value(json_object_get(rec, "kind")), "read");
    CHECK_STR(json_string_value(json_object_get(rec, "session")), "cli");
    json_decref(rec);
    /* a delete: the id comes from the path, the outcome from HaloPSA */
    cli_run(&r, (const char *const[]){"--demo", "--yes", "call", "halopsa_statuses_delete", "id=1", NULL},
                (const char *const[]){env_log, NULL});
    cli_run_free(&r);
    rec = NULL;
    CHECK_INT(count_lines(log, "halopsa_statuses_delete", &rec), 1);
    CHECK_STR(json_string_value(json_object_get(rec, "kind")), "delete");
    CHECK_INT(json_integer_value(json_object_get(rec, "record_id")), 1);
    json_decref(rec);
    /* a bad level names the variable */
    cli_run(&r, (const char *const[]){"--demo", "call", "halopsa_statuses_list", NULL},
                (const char *const[]){env_log, "HALOPSA_AUDIT_LEVEL=loud", NULL});
    CHECK_INT(r.status, 2);
    CHECK_CONTAINS(r.err, "HALOPSA_AUDIT_LEVEL");
    cli_run_free(&r);
    /* doctor checks it through the same code */
    cli_run(&r, (const char *const[]){"--demo", "doctor", NULL},
            (const char *const[]){"HALOPSA_AUDIT_LOG=/nonexistent/dir/audit.log", NULL});
    CHECK_INT(r.status, 1);
    CHECK_CONTAINS(r.out, "FAIL  audit log");
    cli_run_free(&r);
    /* an unwritable log stops the start */
    cli_run(&r, (const char *const[]){"--demo", "call", "halopsa_statuses_list", NULL},
                (const char *const[]){"HALOPSA_AUDIT_LOG=/nonexistent/dir/audit.log", NULL});
    CHECK_INT(r.status, 2);
    CHECK_CONTAINS(r.err, "HALOPSA_AUDIT_LOG");
    cli_run_free(&r);
    unlink(log);
    free(log);
}

/* The HaloPSA client secret never reaches the log, even typed into an
 * argument (registered secrets are redacted from every line). */
static void test_audit_redacts_secrets(void)
{
    char url[128], env_log[256];
    char *log = tmp_path("audit-secret.log");
    struct cli_sim_env e;
    struct sim *sim = cli_sim_start(url, sizeof url);
    cli_sim_env_init(&e, url, NULL);
    unlink(log);
    snprintf(env_log, sizeof env_log, "HALOPSA_AUDIT_LOG=%s", log);
    e.env[4] = env_log;
    e.env[5] = NULL;
    struct cli_run r;
    cli_run(&r, (const char *const[]){"call", "halopsa_statuses_create", "name=Oops " SIM_DEMO_CLIENT_SECRET, NULL},
            e.env);
    CHECK_INT(r.status, 0);
    cli_run_free(&r);
    char *text = tl_read_file(log);
    CHECK_CONTAINS(text, "Oops ");
    CHECK_NOT_CONTAINS(text, SIM_DEMO_CLIENT_SECRET);
    free(text);
    sim_stop(sim);
    unlink(log);
    free(log);
}

static void test_tokens_reloaded_on_sighup(void)
{
    char *tokens = tmp_path("tokens-hup");
    char sid[64];
    write_file(tokens, "writer " TOK_W " read write\n");
    struct srv s;
    if (!srv_start(&s, ARGS("--demo", "--http", "127.0.0.1:0", "--auth", "token", "--auth-tokens", tokens), NULL))
        goto out;
    CHECK_INT(http_session(&s, TOK_N, sid, sizeof sid), 401);
    write_file(tokens, "newbie " TOK_N " read\n");
    kill(s.p.pid, SIGHUP);
    int st = 401;
    for (int i = 0; i < 100 && st != 200; i++) {
        base_sleep_ms(50);
        st = http_session(&s, TOK_N, sid, sizeof sid);
    }
    CHECK_INT(st, 200);
    CHECK_INT(http_session(&s, TOK_W, sid, sizeof sid), 401);
    srv_stop(&s);
    char *err = tl_stderr(&s.p);
    free(err);
out:
    unlink(tokens);
    free(tokens);
}

static void test_network_address_needs_auth(void)
{
    struct cli_run r;
    cli_run(&r, (const char *const[]){"--demo", "--http", "0.0.0.0:0", NULL}, NULL);
    CHECK_INT(r.status, 2);
    CHECK_CONTAINS(r.err, "without authentication");
    CHECK_CONTAINS(r.err, "--allow-unauthenticated");
    cli_run_free(&r);
    cli_run(&r, (const char *const[]){"--demo", "--http", "0.0.0.0:0", "--auth", "token", "--auth-tokens", "/x", NULL},
                NULL);
    CHECK_INT(r.status, 2);
    CHECK_CONTAINS(r.err, "--public-url");
    cli_run_free(&r);
    cli_run(&r, (const char *const[]){"--demo", "--http", "127.0.0.1:0", "--auth", "bogus", NULL}, NULL);
    CHECK_INT(r.status, 2);
    CHECK_CONTAINS(r.err, "none, token or oauth");
    cli_run_free(&r);
    cli_run(&r, (const char *const[]){"--demo", "--auth", "token", NULL}, NULL);
    CHECK_INT(r.status, 2);
    CHECK_CONTAINS(r.err, "--http");
    cli_run_free(&r);
    cli_run(&r, (const char *const[]){"--demo", "--http", "127.0.0.1:0", "--max-sessions", "0", NULL}, NULL);
    CHECK_INT(r.status, 2);
    CHECK_CONTAINS(r.err, "--max-sessions");
    cli_run_free(&r);
    /* allowed explicitly, it starts (and only loopback is ever contacted) */
    struct srv s;
    if (srv_start(&s, ARGS("--demo", "--http", "127.0.0.1:0", "--allow-unauthenticated", "--max-sessions", "4",
                           "--session-idle-timeout", "60"),
                  NULL))
        srv_stop(&s);
}

static const struct test tests[] = {
    {"audit_once_per_write_stdio", test_audit_once_per_write_stdio},
    {"audit_once_per_write_http", test_audit_once_per_write_http},
    {"read_only_principal_cannot_write", test_read_only_principal_cannot_write},
    {"audit_all_level_and_errors", test_audit_all_level_and_errors},
    {"audit_redacts_secrets", test_audit_redacts_secrets},
    {"tokens_reloaded_on_sighup", test_tokens_reloaded_on_sighup},
    {"network_address_needs_auth", test_network_address_needs_auth},
    {NULL, NULL},
};

int main(void)
{
    base_init();
    return harness_run("remote", tests);
}
