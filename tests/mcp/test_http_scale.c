/* test_http_scale.c - the Streamable HTTP server under many clients, over
 * real loopback sockets: hundreds of sessions, each with its GET stream
 * open, on the default limits and without a thread per connection; answers
 * that wait for a running call (2025 JSON answers, 2026 requests) leave
 * libmicrohttpd's threads free for everyone else; stopping the server with
 * such answers pending. Timing goals are in bench/http_load.c, not here. */
#include "harness.h"
#include "testlib.h"

#include "base/base.h"
#include "mcp/mcp.h"

#include <curl/curl.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define WAIT_MS 60000
#define SESSIONS 300 /* more than the old 64-session cap and 256-connection limit */
#define ACCEPT "Accept: application/json, text/event-stream"
#define INIT                                                                                       \
    "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{\"protocolVersion\":"  \
    "\"2025-11-25\",\"capabilities\":{},\"clientInfo\":{\"name\":\"t\",\"version\":\"1\"}}}"
#define INITIALIZED "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}"
#define META26                                                                                     \
    "\"_meta\":{\"io.modelcontextprotocol/protocolVersion\":\"2026-07-28\","                          \
    "\"io.modelcontextprotocol/clientCapabilities\":{}}"

static atomic_int blocking;     /* block tools running now */
static atomic_bool release_all; /* lets every block tool return */

static json_t *tool_echo(struct mcp_call *call, json_t *args, void *data)
{
    (void)call, (void)data;
    return mcp_result_text(json_string_value(json_object_get(args, "text")));
}

static json_t *tool_block(struct mcp_call *call, json_t *args, void *data)
{
    (void)args, (void)data;
    atomic_fetch_add(&blocking, 1);
    int64_t end = base_now_ms() + WAIT_MS;
    while (!mcp_call_cancelled(call) && !atomic_load(&release_all) && base_now_ms() < end)
        base_sleep_ms(5);
    atomic_fetch_sub(&blocking, 1);
    return mcp_result_text("released");
}

static const struct mcp_tool tools[] = {
    {"echo", "Echo", "Returns its text", "{\"type\":\"object\",\"properties\":{\"text\":{\"type\":\"string\"}}}",
     NULL, {.read_only = true}, tool_echo, NULL, MCP_TASK_NEVER},
    {"block", "Block", "Waits until released", "{\"type\":\"object\",\"properties\":{}}", NULL, {.read_only = true},
     tool_block, NULL, MCP_TASK_NEVER},
};

struct fx {
    struct mcp_server *srv;
    struct mcp_http *http;
    char url[128];
};

static bool fx_start(struct fx *f, const struct mcp_http_options *o)
{
    static const struct mcp_http_options dflt = {0};
    char err[300];
    struct mcp_server_info info = {.name = "scale-test", .version = "1"};
    f->srv = mcp_server_new(&info);
    for (size_t i = 0; i < sizeof tools / sizeof tools[0]; i++)
        CHECK_INT(mcp_server_add_tool(f->srv, &tools[i], err, sizeof err), 0);
    f->http = mcp_http_start(f->srv, o ? o : &dflt, err, sizeof err);
    if (!f->http) {
        harness_fail(__FILE__, __LINE__, "mcp_http_start: %s", err);
        mcp_server_free(f->srv);
        return false;
    }
    snprintf(f->url, sizeof f->url, "http://127.0.0.1:%d/mcp", mcp_http_port(f->http));
    return true;
}

static void fx_stop(struct fx *f)
{
    atomic_store(&release_all, true);
    mcp_http_stop(f->http);
    mcp_server_free(f->srv);
    atomic_store(&release_all, false);
}

/* POSTs body (with the session's id when sid is set); the status, the body
 * (new, may be NULL) in *body when body_out is given. */
static int post(const char *url, const char *sid, const char *body, char **body_out)
{
    char sidh[100];
    const char *h[3] = {ACCEPT, NULL, NULL};
    if (sid) {
        snprintf(sidh, sizeof sidh, "Mcp-Session-Id: %s", sid);
        h[1] = sidh;
    }
    char *resp = NULL;
    int status = tl_http("POST", url, body, NULL, h, &resp);
    if (body_out)
        *body_out = resp;
    else
        free(resp);
    return status;
}

/* initialize + initialized; the session id into sid ("" on failure). */
static void open_session(const char *url, char *sid, size_t len)
{
    char *headers = NULL, *body = NULL;
    const char *h[] = {ACCEPT, NULL};
    CHECK_INT(tl_http_full("POST", url, INIT, NULL, h, &body, &headers), 200);
    char *v = tl_header(headers, "Mcp-Session-Id");
    snprintf(sid, len, "%s", v ? v : "");
    free(v);
    free(body);
    free(headers);
    if (sid[0])
        CHECK_INT(post(url, sid, INITIALIZED, NULL), 202);
}

/* Threads of this process (the server runs in it). */
static long threads_now(void) { return tl_proc_status_kb(0, "Threads:"); }

/* ------------------------------------------------------------------ */
/* Many GET streams on one client thread (libcurl's multi interface)   */

struct stream {
    CURL *e;
    struct curl_slist *hl;
    long status;
    bool headers_done;
};

static size_t discard(char *p, size_t size, size_t n, void *ud)
{
    (void)p, (void)ud;
    return size * n;
}

static size_t on_header(char *p, size_t size, size_t n, void *ud)
{
    struct stream *s = ud;
    if (size * n == 2 && p[0] == '\r') {
        curl_easy_getinfo(s->e, CURLINFO_RESPONSE_CODE, &s->status);
        s->headers_done = true;
    }
    return size * n;
}

/* Opens a GET stream for each session and pumps until every one has its
 * 200 (or WAIT_MS passed); returns how many are open. */
static int open_streams(CURLM *m, struct stream *st, char (*sids)[64], int n, const char *url)
{
    for (int i = 0; i < n; i++) {
        char sidh[100];
        snprintf(sidh, sizeof sidh, "Mcp-Session-Id: %.63s", sids[i]);
        st[i].hl = curl_slist_append(NULL, "Accept: text/event-stream");
        st[i].hl = curl_slist_append(st[i].hl, sidh);
        st[i].e = curl_easy_init();
        curl_easy_setopt(st[i].e, CURLOPT_URL, url);
        curl_easy_setopt(st[i].e, CURLOPT_HTTPHEADER, st[i].hl);
        curl_easy_setopt(st[i].e, CURLOPT_WRITEFUNCTION, discard);
        curl_easy_setopt(st[i].e, CURLOPT_HEADERFUNCTION, on_header);
        curl_easy_setopt(st[i].e, CURLOPT_HEADERDATA, &st[i]);
        curl_easy_setopt(st[i].e, CURLOPT_NOSIGNAL, 1L);
        curl_multi_add_handle(m, st[i].e);
    }
    int64_t end = base_now_ms() + WAIT_MS;
    int open = 0, running = 1;
    while (base_now_ms() < end && running) {
        curl_multi_perform(m, &running);
        open = 0;
        bool settled = true;
        for (int i = 0; i < n; i++) {
            open += st[i].headers_done && st[i].status == 200;
            settled &= st[i].headers_done;
        }
        if (settled)
            break;
        curl_multi_poll(m, NULL, 0, 100, NULL);
    }
    return open;
}

static void close_streams(CURLM *m, struct stream *st, int n)
{
    for (int i = 0; i < n; i++) {
        curl_multi_remove_handle(m, st[i].e);
        curl_easy_cleanup(st[i].e);
        curl_slist_free_all(st[i].hl);
    }
}

/* ------------------------------------------------------------------ */
/* Tests                                                               */

/* 300 sessions on the default limits, each with its GET stream open (as
 * the official SDK client keeps one), then a call in every one: none is
 * refused or lost, and the open streams hold no thread each. Before the
 * epoll server this failed three ways: 64 sessions at most, 256
 * connections at most, a thread per stream. */
static void test_many_sessions_with_streams(void)
{
    struct fx f;
    static char sids[SESSIONS][64];
    static struct stream st[SESSIONS];
    long before = threads_now();
    if (!fx_start(&f, NULL))
        return;
    int opened = 0;
    for (int i = 0; i < SESSIONS; i++) {
        open_session(f.url, sids[i], sizeof sids[i]);
        opened += sids[i][0] != '\0';
    }
    CHECK_INT(opened, SESSIONS);
    memset(st, 0, sizeof st);
    CURLM *m = curl_multi_init();
    CHECK_INT(open_streams(m, st, sids, SESSIONS, f.url), SESSIONS);
    /* a few threads serve them all (libmicrohttpd's, the timer's, the
     * reaper's, the watchdog's): nothing near one per stream */
    long grown = threads_now() - before;
    if (grown >= SESSIONS / 10)
        harness_fail(__FILE__, __LINE__, "%ld threads more with %d streams open", grown, SESSIONS);
    /* every session still answers, its stream still open */
    int answered = 0;
    for (int i = 0; i < SESSIONS; i++) {
        char body[200], *resp = NULL;
        snprintf(body, sizeof body, "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/call\",\"params\":{\"name\":"
                 "\"echo\",\"arguments\":{\"text\":\"s%d\"}}}", i);
        int status = post(f.url, sids[i], body, &resp);
        char want[32];
        snprintf(want, sizeof want, "\"text\":\"s%d\"", i);
        answered += status == 200 && resp && strstr(resp, want);
        if (status != 200 && answered == i)
            harness_fail(__FILE__, __LINE__, "session %d: HTTP %d: %.200s", i, status, resp ? resp : "");
        free(resp);
    }
    CHECK_INT(answered, SESSIONS);
    int still = 0;
    curl_multi_perform(m, &still);
    CHECK_INT(still, SESSIONS);
    close_streams(m, st, SESSIONS);
    curl_multi_cleanup(m);
    fx_stop(&f);
}

struct pending {
    pthread_t thread;
    const char *url;
    char sid[64]; /* "" for a 2026 request */
    int status;
    char *body;
};

static void *call_block(void *arg)
{
    struct pending *p = arg;
    if (p->sid[0]) {
        p->status = post(p->url, p->sid,
                         "{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"tools/call\",\"params\":{\"name\":\"block\"}}",
                         &p->body);
    } else {
        const char *h[] = {ACCEPT, "MCP-Protocol-Version: 2026-07-28", "Mcp-Method: tools/call", "Mcp-Name: block",
                           NULL};
        p->status = tl_http("POST", p->url,
                            "{\"jsonrpc\":\"2.0\",\"id\":4,\"method\":\"tools/call\",\"params\":{\"name\":\"block\","
                            META26 "}}",
                            NULL, h, &p->body);
    }
    return NULL;
}

static bool wait_blocking(int n)
{
    int64_t end = base_now_ms() + WAIT_MS;
    while (atomic_load(&blocking) < n && base_now_ms() < end)
        base_sleep_ms(5);
    return atomic_load(&blocking) >= n;
}

/* Answers waiting for their calls (JSON answers of 2025 sessions, 2026
 * requests) wait without holding one of libmicrohttpd's few threads:
 * with more of them pending than there are such threads, a new client is
 * still served at once. */
static void test_waiting_answers_leave_threads_free(void)
{
    enum { LEGACY = 6, MODERN = 6 };
    struct fx f;
    struct pending p[LEGACY + MODERN];
    struct mcp_http_options o = {.json_responses = true};
    if (!fx_start(&f, &o))
        return;
    memset(p, 0, sizeof p);
    for (int i = 0; i < LEGACY + MODERN; i++) {
        p[i].url = f.url;
        if (i < LEGACY)
            open_session(f.url, p[i].sid, sizeof p[i].sid);
        CHECK_INT(pthread_create(&p[i].thread, NULL, call_block, &p[i]), 0);
    }
    CHECK(wait_blocking(LEGACY + MODERN));
    /* a new session and a 2026 request, answered while all of them wait */
    char sid[64], *resp = NULL;
    open_session(f.url, sid, sizeof sid);
    CHECK_INT(post(f.url, sid, "{\"jsonrpc\":\"2.0\",\"id\":5,\"method\":\"ping\"}", NULL), 200);
    const char *h[] = {ACCEPT, "MCP-Protocol-Version: 2026-07-28", "Mcp-Method: server/discover", NULL};
    CHECK_INT(tl_http("POST", f.url,
                      "{\"jsonrpc\":\"2.0\",\"id\":6,\"method\":\"server/discover\",\"params\":{" META26 "}}",
                      NULL, h, &resp),
              200);
    CHECK_CONTAINS(resp, "supportedVersions");
    free(resp);
    CHECK_INT(atomic_load(&blocking), LEGACY + MODERN);
    /* released, each waiting answer gets its result */
    atomic_store(&release_all, true);
    for (int i = 0; i < LEGACY + MODERN; i++) {
        pthread_join(p[i].thread, NULL);
        CHECK_INT(p[i].status, 200);
        CHECK_CONTAINS(p[i].body, "released");
        free(p[i].body);
    }
    fx_stop(&f);
}

/* Stopping the server while answers wait for running calls: it stops
 * (libmicrohttpd refuses to stop with suspended connections, so each is
 * woken first) and every waiting client hears back. */
static void test_stop_with_waiting_answers(void)
{
    enum { N = 4 };
    struct fx f;
    struct pending p[N];
    struct mcp_http_options o = {.json_responses = true};
    if (!fx_start(&f, &o))
        return;
    memset(p, 0, sizeof p);
    for (int i = 0; i < N; i++) {
        p[i].url = f.url;
        if (i % 2 == 0)
            open_session(f.url, p[i].sid, sizeof p[i].sid);
        CHECK_INT(pthread_create(&p[i].thread, NULL, call_block, &p[i]), 0);
    }
    CHECK(wait_blocking(N));
    mcp_http_stop(f.http); /* the calls are still blocked here */
    for (int i = 0; i < N; i++) {
        pthread_join(p[i].thread, NULL);
        /* an answer saying the session ended or the server stops, or the
         * connection closed: never a hang */
        CHECK(p[i].status == 0 || p[i].status == 404 || p[i].status == 503);
        free(p[i].body);
    }
    CHECK_INT(atomic_load(&blocking), 0);
    mcp_server_free(f.srv);
}

static const struct test tests_table[] = {
    {"many_sessions_with_streams", test_many_sessions_with_streams},
    {"waiting_answers_leave_threads_free", test_waiting_answers_leave_threads_free},
    {"stop_with_waiting_answers", test_stop_with_waiting_answers},
    {NULL, NULL},
};

int main(void)
{
    base_init();
    curl_global_init(CURL_GLOBAL_DEFAULT);
    int rc = harness_run("http_scale", tests_table);
    curl_global_cleanup();
    return rc;
}
