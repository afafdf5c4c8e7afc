/* test_http_auth.c - the Streamable HTTP transport's authentication and
 * defences over real loopback sockets: bearer tokens from a file (401
 * challenges, metadata, reload, sha256 digests), principals reaching
 * handlers, sessions bound to their principal, concurrent calls per
 * principal, session admission under floods, request read deadlines
 * (slowloris), per-address connection caps, cancelled SSE calls, CORS with
 * "*", the refusal of an open non-loopback server, and "Not Found". */
#include "harness.h"
#include "testlib.h"

#include "base/base.h"
#include "mcp/mcp.h"

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <poll.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#define TOK_A "alice-token-0123456789abcdef"
#define TOK_B "bob-token-0123456789abcdef"
#define TOK_C "carol-token-0123456789abcdef"
#define INIT                                                                                       \
    "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{\"protocolVersion\":"  \
    "\"2025-11-25\",\"capabilities\":{},\"clientInfo\":{\"name\":\"t\",\"version\":\"1\"}}}"
#define INITIALIZED "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}"
#define PING "{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"ping\"}"

/* ------------------------------------------------------------------ */
/* Test server                                                         */

static atomic_int blocking;      /* block tools running now */
static atomic_bool release_all;  /* lets every block tool return */

static json_t *tool_whoami(struct mcp_call *call, json_t *args, void *data)
{
    (void)args, (void)data;
    const struct mcp_principal *p = mcp_call_principal(call);
    char text[200];
    snprintf(text, sizeof text, "%s rights=%u session=%s", p->name, p->rights,
             mcp_session_label(mcp_call_session(call)));
    return mcp_result_text(text);
}

static json_t *tool_change(struct mcp_call *call, json_t *args, void *data)
{
    (void)args, (void)data;
    if (!mcp_call_may(call, MCP_RIGHT_WRITE))
        return mcp_result_error("read only");
    return mcp_result_text("changed");
}

static json_t *tool_block(struct mcp_call *call, json_t *args, void *data)
{
    (void)args, (void)data;
    atomic_fetch_add(&blocking, 1);
    int64_t end = base_now_ms() + 20000;
    while (!mcp_call_cancelled(call) && !atomic_load(&release_all) && base_now_ms() < end)
        base_sleep_ms(10);
    atomic_fetch_sub(&blocking, 1);
    return mcp_result_text("released");
}

#define NO_ARGS "{\"type\":\"object\",\"properties\":{}}"
static const struct mcp_tool tools[] = {
    {"whoami", "Who am I", "The caller", NO_ARGS, NULL, {.read_only = true}, tool_whoami, NULL, MCP_TASK_NEVER},
    {"change", "Change", "Writes", NO_ARGS, NULL, {0}, tool_change, NULL, MCP_TASK_NEVER},
    {"block", "Block", "Waits", NO_ARGS, NULL, {.read_only = true}, tool_block, NULL, MCP_TASK_NEVER},
};

struct fx {
    struct mcp_server *srv;
    struct mcp_http *http;
    char url[128];
    char base[64];
    char tokens[128];
    struct mcp_auth_options auth;
};

static void write_file(const char *path, const char *text)
{
    CHECK_INT(tl_write_file(path, text), 0);
}

/* Starts a server with o (NULL = defaults); token auth when tokens is not
 * NULL (the token file's text). */
static bool fx_start(struct fx *f, struct mcp_http_options *o, const char *tokens)
{
    struct mcp_http_options dflt = {0};
    char err[300];
    memset(f, 0, sizeof *f);
    struct mcp_server_info info = {.name = "auth-test", .version = "1"};
    f->srv = mcp_server_new(&info);
    for (size_t i = 0; i < sizeof tools / sizeof tools[0]; i++)
        CHECK_INT(mcp_server_add_tool(f->srv, &tools[i], err, sizeof err), 0);
    if (!o)
        o = &dflt;
    if (tokens) {
        snprintf(f->tokens, sizeof f->tokens, "/tmp/halopsa-auth-test-%d.tokens", (int)getpid());
        write_file(f->tokens, tokens);
        f->auth = (struct mcp_auth_options){.mode = MCP_AUTH_TOKEN, .tokens_file = f->tokens};
        o->auth = &f->auth;
    }
    f->http = mcp_http_start(f->srv, o, err, sizeof err);
    if (!f->http) {
        fprintf(stderr, "# mcp_http_start: %s\n", err);
        return false;
    }
    snprintf(f->base, sizeof f->base, "http://127.0.0.1:%d", mcp_http_port(f->http));
    snprintf(f->url, sizeof f->url, "%s/mcp", f->base);
    return true;
}

static void fx_stop(struct fx *f)
{
    atomic_store(&release_all, true);
    mcp_http_stop(f->http);
    mcp_server_free(f->srv);
    if (f->tokens[0])
        unlink(f->tokens);
    atomic_store(&release_all, false);
}

struct res {
    int status;
    char *body;
    char *headers;
};

static void res_free(struct res *r)
{
    free(r->body);
    free(r->headers);
    memset(r, 0, sizeof *r);
}

/* POST body with an optional bearer token, session id and extra header. */
static void post(struct res *r, const char *url, const char *token, const char *sid, const char *body,
                 const char *extra)
{
    char auth[200], sidh[100];
    const char *h[5];
    size_t n = 0;
    h[n++] = "Accept: application/json, text/event-stream";
    if (token) {
        snprintf(auth, sizeof auth, "Authorization: %s%s", strchr(token, ' ') ? "" : "Bearer ", token);
        h[n++] = auth;
    }
    if (sid) {
        snprintf(sidh, sizeof sidh, "Mcp-Session-Id: %s", sid);
        h[n++] = sidh;
    }
    if (extra)
        h[n++] = extra;
    h[n] = NULL;
    r->status = tl_http_full("POST", url, body, NULL, h, &r->body, &r->headers);
}

/* initialize + initialized as token; the session id into sid ("" on
 * failure). Returns the initialize status. */
static int open_session(const struct fx *f, const char *token, char *sid, size_t len)
{
    struct res r;
    post(&r, f->url, token, NULL, INIT, NULL);
    char *v = tl_header(r.headers, "Mcp-Session-Id");
    snprintf(sid, len, "%s", v ? v : "");
    free(v);
    int status = r.status;
    res_free(&r);
    if (sid[0]) {
        post(&r, f->url, token, sid, INITIALIZED, NULL);
        CHECK_INT(r.status, 202);
        res_free(&r);
    }
    return status;
}

static int ping(const struct fx *f, const char *token, const char *sid)
{
    struct res r;
    post(&r, f->url, token, sid, PING, NULL);
    int s = r.status;
    res_free(&r);
    return s;
}

static char *call_text(const struct fx *f, const char *token, const char *sid, const char *tool, int *status)
{
    struct res r;
    char body[300];
    snprintf(body, sizeof body,
             "{\"jsonrpc\":\"2.0\",\"id\":9,\"method\":\"tools/call\",\"params\":{\"name\":\"%s\",\"arguments\":{}}}",
             tool);
    post(&r, f->url, token, sid, body, NULL);
    *status = r.status;
    char *body_out = r.body;
    r.body = NULL;
    res_free(&r);
    return body_out;
}

/* ------------------------------------------------------------------ */
/* Bearer tokens                                                       */

static void test_missing_token_401_with_metadata(void)
{
    struct fx f;
    struct res r;
    if (!fx_start(&f, NULL, "alice " TOK_A " read write\n"))
        return;
    post(&r, f.url, NULL, NULL, INIT, NULL);
    CHECK_INT(r.status, 401);
    char *www = tl_header(r.headers, "WWW-Authenticate");
    char want[200];
    snprintf(want, sizeof want, "Bearer resource_metadata=\"%s/.well-known/oauth-protected-resource/mcp\"", f.base);
    CHECK_STR(www, want);
    CHECK(tl_header(r.headers, "Mcp-Session-Id") == NULL);
    free(www);
    res_free(&r);
    /* the metadata, at the path-inserted and the root well-known URIs */
    for (int i = 0; i < 2; i++) {
        char url[200], *body = NULL;
        snprintf(url, sizeof url, "%s/.well-known/oauth-protected-resource%s", f.base, i ? "" : "/mcp");
        CHECK_INT(tl_http("GET", url, NULL, NULL, NULL, &body), 200);
        json_t *doc = json_loads(body ? body : "", 0, NULL);
        CHECK_STR(json_string_value(json_object_get(doc, "resource")), f.url);
        json_t *want_methods = json_pack("[s]", "header");
        CHECK_JSON(json_object_get(doc, "bearer_methods_supported"), want_methods);
        json_decref(want_methods);
        json_decref(doc);
        free(body);
    }
    /* a GET stream and a DELETE need the token too */
    char *body = NULL;
    CHECK_INT(tl_http("GET", f.url, NULL, NULL, (const char *const[]){"Accept: text/event-stream", NULL}, &body), 401);
    free(body);
    CHECK_INT(tl_http("DELETE", f.url, NULL, NULL, NULL, NULL), 401);
    fx_stop(&f);
}

static void test_bad_tokens_refused(void)
{
    struct fx f;
    struct res r;
    if (!fx_start(&f, NULL, "alice " TOK_A " read write\n"))
        return;
    /* a wrong token, a prefix of the right one, the right one with a
     * byte more: invalid_token */
    const char *bad[] = {"not-the-token-0123456789", "alice-token-0123456789abcde", TOK_A "f", TOK_A "\t"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        post(&r, f.url, bad[i], NULL, INIT, NULL);
        CHECK_INT(r.status, 401);
        char *www = tl_header(r.headers, "WWW-Authenticate");
        CHECK_CONTAINS(www, "error=\"invalid_token\"");
        CHECK_CONTAINS(www, "resource_metadata=");
        CHECK_NOT_CONTAINS(r.body, "alice-token");
        free(www);
        res_free(&r);
    }
    /* another scheme counts as no credentials; "Bearer a b" is malformed */
    post(&r, f.url, "Basic YWxpY2U6eA==", NULL, INIT, NULL);
    CHECK_INT(r.status, 401);
    char *www = tl_header(r.headers, "WWW-Authenticate");
    CHECK_NOT_CONTAINS(www, "error=");
    free(www);
    res_free(&r);
    post(&r, f.url, "Bearer a b", NULL, INIT, NULL);
    CHECK_INT(r.status, 400);
    www = tl_header(r.headers, "WWW-Authenticate");
    CHECK_CONTAINS(www, "error=\"invalid_request\"");
    free(www);
    res_free(&r);
    fx_stop(&f);
}

static void test_principal_reaches_handlers(void)
{
    struct fx f;
    char sa[64], sb[64];
    int st;
    if (!fx_start(&f, NULL, "# team\nalice " TOK_A " read write\n\nbob " TOK_B "\n"))
        return;
    CHECK_INT(open_session(&f, TOK_A, sa, sizeof sa), 200);
    CHECK_INT(open_session(&f, TOK_B, sb, sizeof sb), 200);
    char *t = call_text(&f, TOK_A, sa, "whoami", &st);
    CHECK_INT(st, 200);
    CHECK_CONTAINS(t, "alice rights=3 session=http-");
    CHECK_NOT_CONTAINS(t, sa); /* the label is a digest, not the id */
    free(t);
    t = call_text(&f, TOK_B, sb, "whoami", &st);
    CHECK_CONTAINS(t, "bob rights=1"); /* no scopes: read only */
    free(t);
    t = call_text(&f, TOK_A, sa, "change", &st);
    CHECK_CONTAINS(t, "changed");
    free(t);
    t = call_text(&f, TOK_B, sb, "change", &st);
    CHECK_CONTAINS(t, "read only");
    free(t);
    fx_stop(&f);
}

static void test_session_bound_to_principal(void)
{
    struct fx f;
    char sa[64];
    if (!fx_start(&f, NULL, "alice " TOK_A " read write\nbob " TOK_B " read write\n"))
        return;
    CHECK_INT(open_session(&f, TOK_A, sa, sizeof sa), 200);
    CHECK_INT(ping(&f, TOK_B, sa), 404); /* as if it did not exist */
    CHECK_INT(ping(&f, TOK_A, sa), 200);
    char hdr[100], *body = NULL;
    snprintf(hdr, sizeof hdr, "Mcp-Session-Id: %s", sa);
    CHECK_INT(tl_http("DELETE", f.url, NULL, NULL,
                      (const char *const[]){hdr, "Authorization: Bearer " TOK_B, NULL}, &body), 404);
    free(body);
    CHECK_INT(ping(&f, TOK_A, sa), 200); /* bob could not end it */
    fx_stop(&f);
}

static void test_token_file_reload(void)
{
    struct fx f;
    char sid[64];
    if (!fx_start(&f, NULL, "alice " TOK_A " read write\n"))
        return;
    CHECK_INT(open_session(&f, TOK_C, sid, sizeof sid), 401);
    /* carol comes, alice goes; carol's token given as its digest */
    unsigned char d[32];
    char line[200] = "carol sha256:";
    /* sha256 of TOK_C, computed by the same rule the server documents */
    FILE *p = popen("printf %s '" TOK_C "' | sha256sum", "r");
    CHECK(p != NULL);
    char hex[100] = "";
    if (p) {
        CHECK(fgets(hex, sizeof hex, p) != NULL);
        pclose(p);
    }
    (void)d;
    strncat(line, hex, 64);
    strcat(line, " read\n");
    write_file(f.tokens, line);
    CHECK_INT(mcp_http_reload(f.http), 0);
    CHECK_INT(open_session(&f, TOK_C, sid, sizeof sid), 200);
    CHECK_INT(open_session(&f, TOK_A, sid, sizeof sid), 401);
    /* a broken file keeps the tokens in force */
    write_file(f.tokens, "dave short\n");
    CHECK_INT(mcp_http_reload(f.http), -1);
    CHECK_INT(open_session(&f, TOK_C, sid, sizeof sid), 200);
    fx_stop(&f);
}

static void test_token_file_errors(void)
{
    const char *bad[] = {"alice short\n", "alice\n", "alice " TOK_A " admin\n",
                         "alice " TOK_A "\nalice " TOK_B "\n", "alice " TOK_A "\nbob " TOK_A "\n",
                         "# nothing\n", "alice sha256:abcd\n"};
    const char *why[] = {"shorter than 16", "no token", "unknown scope", "used twice", "same token",
                         "holds no token", "64 hex digits"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        char path[100], err[300] = "";
        snprintf(path, sizeof path, "/tmp/halopsa-auth-bad-%d.tokens", (int)getpid());
        write_file(path, bad[i]);
        struct mcp_auth_options a = {.mode = MCP_AUTH_TOKEN, .tokens_file = path};
        struct mcp_http_options o = {.auth = &a};
        struct mcp_server_info info = {.name = "x", .version = "1"};
        struct mcp_server *srv = mcp_server_new(&info);
        struct mcp_http *h = mcp_http_start(srv, &o, err, sizeof err);
        CHECK(h == NULL);
        CHECK_CONTAINS(err, why[i]);
        if (h)
            mcp_http_stop(h);
        mcp_server_free(srv);
        unlink(path);
    }
}

/* ------------------------------------------------------------------ */
/* Limits                                                              */

struct bg_call {
    pthread_t t;
    const struct fx *f;
    const char *token;
    const char *sid;
    int status;
    char *body;
};

static void *bg_call_run(void *arg)
{
    struct bg_call *b = arg;
    b->body = call_text(b->f, b->token, b->sid, "block", &b->status);
    return NULL;
}

static void wait_blocking(int n)
{
    int64_t end = base_now_ms() + 10000;
    while (atomic_load(&blocking) < n && base_now_ms() < end)
        base_sleep_ms(10);
    CHECK_INT(atomic_load(&blocking), n);
}

static void test_calls_per_principal(void)
{
    struct fx f;
    char sa[64], sa2[64], sb[64];
    struct mcp_http_options o = {.max_calls_per_principal = 2};
    if (!fx_start(&f, &o, "alice " TOK_A " read write\nbob " TOK_B " read write\n"))
        return;
    CHECK_INT(open_session(&f, TOK_A, sa, sizeof sa), 200);
    CHECK_INT(open_session(&f, TOK_A, sa2, sizeof sa2), 200);
    CHECK_INT(open_session(&f, TOK_B, sb, sizeof sb), 200);
    struct bg_call c1 = {.f = &f, .token = TOK_A, .sid = sa}, c2 = {.f = &f, .token = TOK_A, .sid = sa2};
    pthread_create(&c1.t, NULL, bg_call_run, &c1);
    pthread_create(&c2.t, NULL, bg_call_run, &c2);
    wait_blocking(2);
    /* alice's third call, in either session, waits for one to finish */
    struct res r;
    post(&r, f.url, TOK_A, sa, "{\"jsonrpc\":\"2.0\",\"id\":5,\"method\":\"tools/call\",\"params\":{\"name\":\"whoami\"}}",
         NULL);
    CHECK_INT(r.status, 429);
    char *ra = tl_header(r.headers, "Retry-After");
    CHECK_STR(ra, "1");
    free(ra);
    CHECK_CONTAINS(r.body, "2 calls of alice are already running");
    res_free(&r);
    CHECK_INT(ping(&f, TOK_A, sa), 200); /* cheap requests are not counted */
    int st;
    char *t = call_text(&f, TOK_B, sb, "whoami", &st); /* bob is not held up */
    CHECK_CONTAINS(t, "bob");
    free(t);
    atomic_store(&release_all, true);
    pthread_join(c1.t, NULL);
    pthread_join(c2.t, NULL);
    atomic_store(&release_all, false);
    CHECK_CONTAINS(c1.body, "released");
    free(c1.body);
    free(c2.body);
    t = call_text(&f, TOK_A, sa, "whoami", &st); /* the slots came back */
    CHECK_INT(st, 200);
    CHECK_CONTAINS(t, "alice");
    free(t);
    fx_stop(&f);
}

/* 64 anonymous initialize POSTs must not end sessions in use. */
static void test_initialize_flood_keeps_live_sessions(void)
{
    struct fx f;
    char live[3][64];
    struct mcp_http_options o = {.max_sessions = 16};
    if (!fx_start(&f, &o, NULL))
        return;
    for (int i = 0; i < 3; i++) {
        CHECK_INT(open_session(&f, NULL, live[i], sizeof live[i]), 200);
        CHECK_INT(ping(&f, NULL, live[i]), 200); /* in use */
    }
    int ok = 0;
    for (int i = 0; i < 64; i++) {
        struct res r;
        post(&r, f.url, NULL, NULL, INIT, NULL);
        ok += r.status == 200;
        res_free(&r);
    }
    CHECK_INT(ok, 64); /* the flood's own sessions made room for it */
    for (int i = 0; i < 3; i++)
        CHECK_INT(ping(&f, NULL, live[i]), 200);
    fx_stop(&f);
}

/* A principal over its share makes room among its own sessions. */
static void test_principal_share(void)
{
    struct fx f;
    char sb[64], sa[64];
    struct mcp_http_options o = {.max_sessions = 8, .max_sessions_per_principal = 2};
    if (!fx_start(&f, &o, "alice " TOK_A " read write\nbob " TOK_B " read write\n"))
        return;
    CHECK_INT(open_session(&f, TOK_B, sb, sizeof sb), 200);
    CHECK_INT(ping(&f, TOK_B, sb), 200);
    for (int i = 0; i < 20; i++) {
        CHECK_INT(open_session(&f, TOK_A, sa, sizeof sa), 200);
        CHECK_INT(ping(&f, TOK_A, sa), 200); /* each one used */
    }
    CHECK_INT(ping(&f, TOK_B, sb), 200);
    fx_stop(&f);
}

/* A principal whose sessions are all busy is refused a new one; another
 * principal still gets in (64 streams of one client do not lock out the
 * rest). */
static void test_busy_share_refused_others_admitted(void)
{
    struct fx f;
    char s1[64], s2[64], s3[64];
    struct mcp_http_options o = {.max_sessions = 8, .max_sessions_per_principal = 2};
    if (!fx_start(&f, &o, "alice " TOK_A " read write\nbob " TOK_B " read write\n"))
        return;
    CHECK_INT(open_session(&f, TOK_A, s1, sizeof s1), 200);
    CHECK_INT(open_session(&f, TOK_A, s2, sizeof s2), 200);
    struct bg_call c1 = {.f = &f, .token = TOK_A, .sid = s1}, c2 = {.f = &f, .token = TOK_A, .sid = s2};
    pthread_create(&c1.t, NULL, bg_call_run, &c1);
    pthread_create(&c2.t, NULL, bg_call_run, &c2);
    wait_blocking(2);
    CHECK_INT(open_session(&f, TOK_A, s3, sizeof s3), 503);
    CHECK_INT(open_session(&f, TOK_B, s3, sizeof s3), 200);
    atomic_store(&release_all, true);
    pthread_join(c1.t, NULL);
    pthread_join(c2.t, NULL);
    atomic_store(&release_all, false);
    free(c1.body);
    free(c2.body);
    fx_stop(&f);
}

/* The admission rule in the core: an idle session goes before a busy one,
 * and a full table of busy sessions answers 503. */
static void test_busy_sessions_never_evicted(void)
{
    struct fx f;
    char s1[64], s2[64], s3[64];
    struct mcp_http_options o = {.max_sessions = 2, .max_sessions_per_principal = 2};
    if (!fx_start(&f, &o, NULL))
        return;
    CHECK_INT(open_session(&f, NULL, s1, sizeof s1), 200);
    CHECK_INT(open_session(&f, NULL, s2, sizeof s2), 200);
    struct bg_call c1 = {.f = &f, .sid = s1};
    pthread_create(&c1.t, NULL, bg_call_run, &c1);
    wait_blocking(1);
    CHECK_INT(open_session(&f, NULL, s3, sizeof s3), 200); /* s2 (idle) made room */
    CHECK_INT(ping(&f, NULL, s2), 404);
    struct bg_call c3 = {.f = &f, .sid = s3};
    pthread_create(&c3.t, NULL, bg_call_run, &c3);
    wait_blocking(2);
    struct res r;
    post(&r, f.url, NULL, NULL, INIT, NULL);
    CHECK_INT(r.status, 503);
    char *ra = tl_header(r.headers, "Retry-After");
    CHECK(ra != NULL);
    free(ra);
    res_free(&r);
    atomic_store(&release_all, true);
    pthread_join(c1.t, NULL);
    pthread_join(c3.t, NULL);
    atomic_store(&release_all, false);
    CHECK_CONTAINS(c1.body, "released");
    CHECK_CONTAINS(c3.body, "released");
    free(c1.body);
    free(c3.body);
    fx_stop(&f);
}

struct init_thread {
    pthread_t t;
    const struct fx *f;
    char sid[64];
};

static void *init_run(void *arg)
{
    struct init_thread *it = arg;
    struct res r;
    post(&r, it->f->url, NULL, NULL, INIT, NULL);
    char *v = tl_header(r.headers, "Mcp-Session-Id");
    snprintf(it->sid, sizeof it->sid, "%s", v && r.status == 200 ? v : "");
    free(v);
    res_free(&r);
    return NULL;
}

static void test_concurrent_initializes_respect_cap(void)
{
    struct fx f;
    struct init_thread th[40];
    struct mcp_http_options o = {.max_sessions = 8, .max_sessions_per_principal = 8};
    if (!fx_start(&f, &o, NULL))
        return;
    for (int i = 0; i < 40; i++) {
        th[i].f = &f;
        pthread_create(&th[i].t, NULL, init_run, &th[i]);
    }
    for (int i = 0; i < 40; i++)
        pthread_join(th[i].t, NULL);
    int alive = 0;
    for (int i = 0; i < 40; i++)
        if (th[i].sid[0] && ping(&f, NULL, th[i].sid) == 200)
            alive++;
    CHECK(alive <= 8);
    CHECK(alive >= 1);
    fx_stop(&f);
}

/* ------------------------------------------------------------------ */
/* Connections                                                         */

static int connect_raw(const struct fx *f)
{
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in a = {.sin_family = AF_INET, .sin_port = htons((uint16_t)mcp_http_port(f->http))};
    inet_pton(AF_INET, "127.0.0.1", &a.sin_addr);
    if (fd >= 0 && connect(fd, (struct sockaddr *)&a, sizeof a) != 0) {
        close(fd);
        fd = -1;
    }
    return fd;
}

/* True when the server closed fd within ms (reads and drops data). */
static bool closed_within(int fd, int ms)
{
    int64_t end = base_now_ms() + ms;
    char buf[512];
    while (base_now_ms() < end) {
        struct pollfd p = {.fd = fd, .events = POLLIN};
        if (poll(&p, 1, 50) > 0) {
            ssize_t n = recv(fd, buf, sizeof buf, 0);
            if (n <= 0)
                return true;
        }
    }
    return false;
}

struct trickle {
    pthread_t t;
    int fd;
    const char *head; /* sent at once */
    atomic_bool stop;
    int sent;
};

/* Sends one header (or body) byte every 100 ms, like slowloris. */
static void *trickle_run(void *arg)
{
    struct trickle *tr = arg;
    if (send(tr->fd, tr->head, strlen(tr->head), MSG_NOSIGNAL) < 0)
        return NULL;
    while (!atomic_load(&tr->stop)) {
        if (send(tr->fd, "X", 1, MSG_NOSIGNAL) != 1)
            break;
        tr->sent++;
        base_sleep_ms(100);
    }
    return NULL;
}

static void test_slow_request_cut(void)
{
    struct fx f;
    struct mcp_http_options o = {.header_timeout_ms = 600};
    if (!fx_start(&f, &o, NULL))
        return;
    const char *heads[] = {
        /* headers that never end */
        "POST /mcp HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ",
        /* a body that never ends */
        "POST /mcp HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
        "Accept: application/json, text/event-stream\r\nContent-Length: 100000\r\n\r\n",
    };
    for (size_t i = 0; i < 2; i++) {
        struct trickle tr = {.fd = connect_raw(&f), .head = heads[i]};
        CHECK(tr.fd >= 0);
        atomic_init(&tr.stop, false);
        pthread_create(&tr.t, NULL, trickle_run, &tr);
        /* still trickling, yet cut well before the 60 s inactivity timeout */
        CHECK(closed_within(tr.fd, 10000));
        atomic_store(&tr.stop, true);
        pthread_join(tr.t, NULL);
        CHECK(tr.sent >= 3); /* it really was active when cut */
        close(tr.fd);
    }
    /* a normal client is served meanwhile and afterwards */
    char sid[64];
    CHECK_INT(open_session(&f, NULL, sid, sizeof sid), 200);
    fx_stop(&f);
}

static void test_connections_per_address(void)
{
    struct fx f;
    struct mcp_http_options o = {.max_connections_per_ip = 3};
    if (!fx_start(&f, &o, NULL))
        return;
    int fds[3];
    for (int i = 0; i < 3; i++) {
        fds[i] = connect_raw(&f);
        CHECK(fds[i] >= 0);
        /* make sure the server has accepted it */
        CHECK(send(fds[i], "GET", 3, MSG_NOSIGNAL) == 3);
    }
    base_sleep_ms(200);
    char *body = NULL;
    CHECK_INT(tl_http("POST", f.url, INIT, NULL, (const char *const[]){"Accept: application/json, text/event-stream", NULL},
                      &body), 0); /* refused at accept */
    free(body);
    for (int i = 0; i < 3; i++)
        close(fds[i]);
    int status = 0;
    int64_t end = base_now_ms() + 10000;
    while (status != 200 && base_now_ms() < end) {
        base_sleep_ms(50);
        struct res r;
        post(&r, f.url, NULL, NULL, INIT, NULL);
        status = r.status;
        res_free(&r);
    }
    CHECK_INT(status, 200);
    fx_stop(&f);
}

struct sse_call {
    pthread_t t;
    const struct fx *f;
    const char *sid;
    int status;
    char *body;
    int64_t took_ms;
};

static void *sse_call_run(void *arg)
{
    struct sse_call *c = arg;
    struct res r;
    int64_t t0 = base_now_ms();
    post(&r, c->f->url, NULL, c->sid,
         "{\"jsonrpc\":\"2.0\",\"id\":\"slow-1\",\"method\":\"tools/call\",\"params\":{\"name\":\"block\"}}", NULL);
    c->took_ms = base_now_ms() - t0;
    c->status = r.status;
    c->body = r.body;
    r.body = NULL;
    res_free(&r);
    return NULL;
}

static void test_cancelled_call_closes_its_stream(void)
{
    struct fx f;
    char sid[64];
    /* keepalives every 100 ms: a stream left open would never end */
    struct mcp_http_options o = {.keepalive_ms = 100};
    if (!fx_start(&f, &o, NULL))
        return;
    CHECK_INT(open_session(&f, NULL, sid, sizeof sid), 200);
    struct sse_call c = {.f = &f, .sid = sid};
    pthread_create(&c.t, NULL, sse_call_run, &c);
    wait_blocking(1);
    struct res r;
    post(&r, f.url, NULL, sid,
         "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/cancelled\",\"params\":{\"requestId\":\"slow-1\"}}", NULL);
    CHECK_INT(r.status, 202);
    res_free(&r);
    pthread_join(c.t, NULL);
    CHECK_INT(c.status, 200);
    CHECK(c.took_ms < 15000); /* ended by the cancel, not the tool's 20 s */
    CHECK_NOT_CONTAINS(c.body, "\"result\"");
    free(c.body);
    fx_stop(&f);
}

/* ------------------------------------------------------------------ */
/* Policy at start and small answers                                   */

static void test_open_network_server_refused(void)
{
    char err[300] = "";
    struct mcp_server_info info = {.name = "x", .version = "1"};
    struct mcp_server *srv = mcp_server_new(&info);
    struct mcp_http_options o = {.bind_addr = "0.0.0.0"};
    struct mcp_http *h = mcp_http_start(srv, &o, err, sizeof err);
    CHECK(h == NULL);
    CHECK_CONTAINS(err, "without authentication");
    o.allow_unauthenticated = true;
    h = mcp_http_start(srv, &o, err, sizeof err);
    CHECK(h != NULL);
    mcp_http_stop(h);
    /* authentication off a loopback address needs the public URL */
    struct mcp_auth_options a = {.mode = MCP_AUTH_TOKEN, .tokens_file = "/nonexistent"};
    struct mcp_http_options o2 = {.bind_addr = "0.0.0.0", .auth = &a};
    h = mcp_http_start(srv, &o2, err, sizeof err);
    CHECK(h == NULL);
    CHECK_CONTAINS(err, "public URL");
    /* "*" without credentials would let any page drive the server */
    const char *star[] = {"*", NULL};
    struct mcp_http_options o3 = {.allowed_origins = star};
    h = mcp_http_start(srv, &o3, err, sizeof err);
    CHECK(h == NULL);
    CHECK_CONTAINS(err, "any web page");
    mcp_server_free(srv);
}

static void test_star_origin_not_echoed(void)
{
    struct fx f;
    struct res r;
    const char *star[] = {"*", "https://app.example.com", NULL};
    struct mcp_http_options o = {.allowed_origins = star};
    if (!fx_start(&f, &o, "alice " TOK_A " read write\n"))
        return;
    post(&r, f.url, TOK_A, NULL, INIT, "Origin: https://evil.example");
    CHECK_INT(r.status, 200);
    char *acao = tl_header(r.headers, "Access-Control-Allow-Origin");
    CHECK_STR(acao, "*");
    CHECK(tl_header(r.headers, "Access-Control-Allow-Credentials") == NULL);
    free(acao);
    res_free(&r);
    post(&r, f.url, TOK_A, NULL, INIT, "Origin: https://app.example.com");
    acao = tl_header(r.headers, "Access-Control-Allow-Origin");
    CHECK_STR(acao, "https://app.example.com");
    free(acao);
    char *expose = tl_header(r.headers, "Access-Control-Expose-Headers");
    CHECK_CONTAINS(expose, "Mcp-Session-Id");
    CHECK_CONTAINS(expose, "WWW-Authenticate");
    free(expose);
    res_free(&r);
    fx_stop(&f);
}

static void test_not_found_names_endpoint(void)
{
    struct fx f;
    if (!fx_start(&f, NULL, NULL))
        return;
    char url[200], *body = NULL;
    snprintf(url, sizeof url, "%s/", f.base);
    CHECK_INT(tl_http("POST", url, INIT, NULL, NULL, &body), 404);
    CHECK_CONTAINS(body, "the MCP endpoint is /mcp");
    free(body);
    /* without authentication there is no metadata to serve */
    snprintf(url, sizeof url, "%s/.well-known/oauth-protected-resource", f.base);
    CHECK_INT(tl_http("GET", url, NULL, NULL, NULL, &body), 404);
    free(body);
    fx_stop(&f);
}

static const struct test tests_table[] = {
    {"missing_token_401_with_metadata", test_missing_token_401_with_metadata},
    {"bad_tokens_refused", test_bad_tokens_refused},
    {"principal_reaches_handlers", test_principal_reaches_handlers},
    {"session_bound_to_principal", test_session_bound_to_principal},
    {"token_file_reload", test_token_file_reload},
    {"token_file_errors", test_token_file_errors},
    {"calls_per_principal", test_calls_per_principal},
    {"initialize_flood_keeps_live_sessions", test_initialize_flood_keeps_live_sessions},
    {"principal_share", test_principal_share},
    {"busy_sessions_never_evicted", test_busy_sessions_never_evicted},
    {"busy_share_refused_others_admitted", test_busy_share_refused_others_admitted},
    {"concurrent_initializes_respect_cap", test_concurrent_initializes_respect_cap},
    {"slow_request_cut", test_slow_request_cut},
    {"connections_per_address", test_connections_per_address},
    {"cancelled_call_closes_its_stream", test_cancelled_call_closes_its_stream},
    {"open_network_server_refused", test_open_network_server_refused},
    {"star_origin_not_echoed", test_star_origin_not_echoed},
    {"not_found_names_endpoint", test_not_found_names_endpoint},
    {NULL, NULL},
};

HARNESS_MAIN("http_auth", tests_table)
