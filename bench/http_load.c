/* http_load.c - many concurrent MCP sessions over Streamable HTTP (issue 17
 * goal 3): each session does what the official TypeScript SDK client does
 * (initialize, notifications/initialized, a GET stream for server
 * messages), then C tools/call requests one after another, then DELETE.
 * Run against halopsa-mcp and against the reference server's HTTP mode
 * (bench/reference/server.mjs --http), each spawned fresh per run, with the
 * simulator in a process of its own so each process's CPU time is its own.
 * The driver is one thread on libcurl's multi socket interface and epoll;
 * its own CPU time is measured and reported next to the servers'.
 * Prints a Markdown section on stdout and appends goal rows to
 * $BENCH_GOALS; run through bench/run.sh (BENCH_ONLY=httpload).
 *   http_load [reference/server.mjs]
 * Environment: HALOPSA_BIN_DIR (halopsa-mcp, halopsa-sim), NODE, TOOLS_JSON
 * and MCP_NODE_MODULES (for the reference), HTTPLOAD_SESSIONS (comma-
 * separated session counts, default "100,500"), HTTPLOAD_CALLS (per
 * session, default 20), HTTPLOAD_RUNS (default 3), HTTPLOAD_ARGS (extra
 * arguments for halopsa-mcp serve), HTTPLOAD_COMPARE ("LABEL=PATH": another
 * halopsa-mcp binary run the same way, e.g. a build of an earlier commit,
 * for before/after figures). */
#include "base/base.h"
#include "testlib.h"

#include <curl/curl.h>
#include <errno.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/epoll.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

#define MAX_RUNS 15
#define MAX_SIZES 4
#define REQUEST_TIMEOUT_MS 120000
#define RUN_DEADLINE_MS 600000
#define START_TIMEOUT_MS 60000
#define PROTOCOL "2025-11-25"

static char sim_url[128];
static struct buf goals;

/* ---- measures ---------------------------------------------------------- */

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* The q-quantile (0..1) of v[0..n), nearest rank; sorts v. -1 when empty. */
static double quantile(double *v, size_t n, double q)
{
    if (!n)
        return -1;
    qsort(v, n, sizeof v[0], cmp_double);
    size_t k = (size_t)(q * (double)n + 0.999999);
    if (k < 1)
        k = 1;
    if (k > n)
        k = n;
    return v[k - 1];
}

static double median(double *v, size_t n)
{
    if (!n)
        return -1;
    qsort(v, n, sizeof v[0], cmp_double);
    return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

static double now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

/* Threads of pid, or -1. */
static long proc_threads(pid_t pid) { return tl_proc_status_kb(pid, "Threads:"); }

static double self_cpu_ms(void)
{
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    return (double)(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) * 1e3 +
           (double)(ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1e3;
}

/* ---- processes ----------------------------------------------------------- */

/* Waits until the child's stderr has a line containing marker and copies
 * the URL that follows it ("http://...", up to a blank) into url. 0 or -1. */
static int wait_url(struct tl_proc *p, const char *marker, char *url, size_t len)
{
    double end = now_ms() + START_TIMEOUT_MS;
    while (now_ms() < end) {
        char *err = tl_stderr(p);
        const char *m = err ? strstr(err, marker) : NULL;
        const char *u = m ? strstr(m, "http://") : NULL;
        if (u && strchr(u, '\n')) {
            snprintf(url, len, "%.*s", (int)strcspn(u, " \r\n"), u);
            free(err);
            return 0;
        }
        free(err);
        usleep(20000);
    }
    char *err = tl_stderr(p);
    fprintf(stderr, "http_load: no \"%s\" from pid %d; its stderr:\n%s\n", marker, (int)p->pid, err ? err : "");
    free(err);
    return -1;
}

struct server {
    const char *label;
    char *argv[24];
    const char *marker; /* what it prints on stderr before its URL */
};

static int start_server(struct tl_proc *p, const struct server *s, char *url, size_t len)
{
    char env_url[192];
    snprintf(env_url, sizeof env_url, "HALOPSA_BASE_URL=%s", sim_url);
    /* the client's own throttle would pace the load; HaloPSA's budget has
     * its own benchmark (throttle_burst) */
    char *env[] = {env_url, "HALOPSA_CLIENT_ID=demo-client-id", "HALOPSA_CLIENT_SECRET=demo-client-secret-0000",
                   "HALOPSA_RATE_LIMIT=1000000/1", "HALOPSA_LOG_LEVEL=error", "HALOPSA_TENANT=",
                   "HALOPSA_AUTH_URL=", "HALOPSA_TOOL_MODE=flat", NULL};
    if (tl_spawn(p, s->argv, env) != 0)
        return -1;
    return wait_url(p, s->marker, url, len);
}

/* ---- one session's client ------------------------------------------------ */

enum phase { P_INIT, P_NOTIFY, P_HOLD, P_CALL, P_DELETE, P_DONE, P_FAILED };

struct load;

struct client {
    struct load *L;
    int no;
    enum phase ph;
    CURL *post;          /* the POST/DELETE handle, reused */
    CURL *get;           /* the GET stream, open from initialized to DELETE */
    struct curl_slist *hdrs;
    char sid[160];
    char ctype[96];
    struct buf body;
    char *payload;
    long rpc_id;
    int calls;
    double t0;
    bool get_open;   /* the GET stream's 200 came */
    bool get_ended;  /* the GET stream's transfer finished */
    long get_status;
};

struct errors {
    int lost;        /* 404 Session not found after initialize */
    int status[6];   /* by class: [4] 4xx (other than lost), [5] 5xx */
    int s503, s429;  /* the admission refusals, counted apart */
    int transport;   /* connection reset, timeout */
    int rpc;         /* a JSON-RPC error answer */
    int tool;        /* a tool result with isError */
    int get_dropped; /* the GET stream ended (or was refused) before DELETE */
    int unfinished;  /* sessions that did not finish by the deadline */
    char first[400];
};

struct load {
    CURLM *multi;
    int ep;
    long timeout_ms;
    const char *url;
    int n, calls;
    bool hold;      /* stop every session after initialized until all are there */
    struct client *c;
    double *lat;    /* call latencies */
    size_t nlat;
    double *init_lat;
    size_t ninit;
    int done;
    struct errors e;
};

static int total_errors(const struct errors *e)
{
    return e->lost + e->status[4] + e->status[5] + e->s503 + e->s429 + e->transport + e->rpc + e->tool +
           e->get_dropped + e->unfinished;
}

static void note_error(struct load *L, struct client *c, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static void note_error(struct load *L, struct client *c, const char *fmt, ...)
{
    if (L->e.first[0])
        return;
    va_list ap;
    va_start(ap, fmt);
    int k = snprintf(L->e.first, sizeof L->e.first, "session %d, phase %d: ", c->no, (int)c->ph);
    vsnprintf(L->e.first + k, sizeof L->e.first - (size_t)k, fmt, ap);
    va_end(ap);
}

static size_t on_body(char *p, size_t size, size_t n, void *ud)
{
    struct client *c = ud;
    buf_append(&c->body, p, size * n);
    return size * n;
}

static size_t on_header(char *p, size_t size, size_t n, void *ud)
{
    struct client *c = ud;
    size_t len = size * n;
    if (len > 15 && strncasecmp(p, "mcp-session-id:", 15) == 0) {
        const char *v = p + 15;
        while (*v == ' ')
            v++;
        snprintf(c->sid, sizeof c->sid, "%.*s", (int)strcspn(v, "\r\n"), v);
    } else if (len > 13 && strncasecmp(p, "content-type:", 13) == 0) {
        const char *v = p + 13;
        while (*v == ' ')
            v++;
        snprintf(c->ctype, sizeof c->ctype, "%.*s", (int)strcspn(v, "\r\n"), v);
    }
    return len;
}

/* The GET stream's bytes: only its opening matters here. */
static size_t on_get_body(char *p, size_t size, size_t n, void *ud)
{
    (void)p, (void)ud;
    return size * n;
}

static size_t on_get_header(char *p, size_t size, size_t n, void *ud)
{
    struct client *c = ud;
    if (size * n == 2 && p[0] == '\r') { /* end of the headers */
        long st = 0;
        curl_easy_getinfo(c->get, CURLINFO_RESPONSE_CODE, &st);
        c->get_status = st;
        if (st == 200)
            c->get_open = true;
    }
    return size * n;
}

static void set_headers(struct client *c)
{
    char line[200];
    curl_slist_free_all(c->hdrs);
    c->hdrs = curl_slist_append(NULL, "Content-Type: application/json");
    c->hdrs = curl_slist_append(c->hdrs, "Accept: application/json, text/event-stream");
    if (c->sid[0]) {
        snprintf(line, sizeof line, "Mcp-Session-Id: %s", c->sid);
        c->hdrs = curl_slist_append(c->hdrs, line);
        c->hdrs = curl_slist_append(c->hdrs, "MCP-Protocol-Version: " PROTOCOL);
    }
}

/* Starts the next request of c on its POST handle: payload NULL for
 * DELETE. */
static void send_post(struct client *c, char *payload)
{
    struct load *L = c->L;
    free(c->payload);
    c->payload = payload;
    buf_reset(&c->body);
    c->ctype[0] = '\0';
    curl_easy_setopt(c->post, CURLOPT_URL, L->url);
    curl_easy_setopt(c->post, CURLOPT_HTTPHEADER, c->hdrs);
    curl_easy_setopt(c->post, CURLOPT_WRITEFUNCTION, on_body);
    curl_easy_setopt(c->post, CURLOPT_WRITEDATA, c);
    curl_easy_setopt(c->post, CURLOPT_HEADERFUNCTION, on_header);
    curl_easy_setopt(c->post, CURLOPT_HEADERDATA, c);
    curl_easy_setopt(c->post, CURLOPT_PRIVATE, c);
    curl_easy_setopt(c->post, CURLOPT_TIMEOUT_MS, (long)REQUEST_TIMEOUT_MS);
    curl_easy_setopt(c->post, CURLOPT_NOSIGNAL, 1L);
    if (payload) {
        curl_easy_setopt(c->post, CURLOPT_CUSTOMREQUEST, NULL);
        curl_easy_setopt(c->post, CURLOPT_POSTFIELDS, payload);
        curl_easy_setopt(c->post, CURLOPT_POSTFIELDSIZE, (long)strlen(payload));
    } else {
        curl_easy_setopt(c->post, CURLOPT_POSTFIELDS, NULL);
        curl_easy_setopt(c->post, CURLOPT_HTTPGET, 1L);
        curl_easy_setopt(c->post, CURLOPT_CUSTOMREQUEST, "DELETE");
    }
    c->t0 = now_ms();
    curl_multi_add_handle(L->multi, c->post);
}

static void open_get(struct client *c)
{
    c->get = curl_easy_init();
    curl_easy_setopt(c->get, CURLOPT_URL, c->L->url);
    curl_easy_setopt(c->get, CURLOPT_HTTPHEADER, c->hdrs);
    curl_easy_setopt(c->get, CURLOPT_WRITEFUNCTION, on_get_body);
    curl_easy_setopt(c->get, CURLOPT_WRITEDATA, c);
    curl_easy_setopt(c->get, CURLOPT_HEADERFUNCTION, on_get_header);
    curl_easy_setopt(c->get, CURLOPT_HEADERDATA, c);
    curl_easy_setopt(c->get, CURLOPT_PRIVATE, c);
    curl_easy_setopt(c->get, CURLOPT_NOSIGNAL, 1L);
    curl_multi_add_handle(c->L->multi, c->get);
}

static void close_get(struct client *c)
{
    if (!c->get)
        return;
    curl_multi_remove_handle(c->L->multi, c->get);
    curl_easy_cleanup(c->get);
    c->get = NULL;
}

static char *call_payload(struct client *c)
{
    /* ticket ids 1..100 exist in the demo tenant */
    int id = 1 + (c->no * 7 + c->calls) % 100;
    return xasprintf("{\"jsonrpc\":\"2.0\",\"id\":%ld,\"method\":\"tools/call\",\"params\":{\"name\":"
                     "\"halopsa_tickets_get\",\"arguments\":{\"id\":%d}}}",
                     ++c->rpc_id, id);
}

/* The JSON-RPC response to id in a POST's body (JSON, or SSE events), new
 * reference, or NULL. */
static json_t *find_response(struct client *c, long id)
{
    const char *b = c->body.data ? c->body.data : "";
    if (strncasecmp(c->ctype, "application/json", 16) == 0)
        return json_loads(b, 0, NULL);
    for (const char *p = b; *p;) {
        size_t len = strcspn(p, "\n");
        if (strncmp(p, "data:", 5) == 0) {
            const char *d = p + 5 + (p[5] == ' ');
            json_t *m = json_loadb(d, len - (size_t)(d - p), 0, NULL);
            json_t *mid = json_object_get(m, "id");
            if (json_is_integer(mid) && json_integer_value(mid) == id &&
                (json_object_get(m, "result") || json_object_get(m, "error")))
                return m;
            json_decref(m);
        }
        p += len + (p[len] == '\n');
    }
    return NULL;
}

static void fail(struct client *c)
{
    close_get(c);
    c->ph = P_FAILED;
    c->L->done++;
}

static void finish_delete(struct client *c)
{
    close_get(c);
    c->ph = P_DONE;
    c->L->done++;
}

static void start_calls(struct client *c)
{
    c->ph = P_CALL;
    if (c->calls < c->L->calls) {
        send_post(c, call_payload(c));
    } else {
        c->ph = P_DELETE;
        send_post(c, NULL);
    }
}

/* A POST or DELETE of c finished with result r. */
static void post_done(struct client *c, CURLcode r)
{
    struct load *L = c->L;
    long st = 0;
    double ms = now_ms() - c->t0;
    curl_multi_remove_handle(L->multi, c->post);
    curl_easy_getinfo(c->post, CURLINFO_RESPONSE_CODE, &st);
    if (r != CURLE_OK) {
        L->e.transport++;
        note_error(L, c, "%s", curl_easy_strerror(r));
        fail(c);
        return;
    }
    if (c->ph == P_DELETE) {
        if (st == 404 || st >= 500 || (st >= 400 && st != 405)) {
            L->e.status[st / 100]++;
            note_error(L, c, "DELETE: HTTP %ld", st);
        }
        finish_delete(c);
        return;
    }
    if (st == 404 && c->ph != P_INIT) {
        L->e.lost++;
        note_error(L, c, "HTTP 404: %.200s", c->body.data ? c->body.data : "");
        fail(c);
        return;
    }
    if (st == 503 || st == 429) {
        *(st == 503 ? &L->e.s503 : &L->e.s429) += 1;
        note_error(L, c, "HTTP %ld: %.200s", st, c->body.data ? c->body.data : "");
        fail(c);
        return;
    }
    if (st >= 400 || st < 200) {
        L->e.status[st >= 500 ? 5 : 4]++;
        note_error(L, c, "HTTP %ld: %.200s", st, c->body.data ? c->body.data : "");
        fail(c);
        return;
    }
    if (c->ph == P_NOTIFY) {
        if (st != 202) {
            L->e.status[4]++;
            note_error(L, c, "initialized: HTTP %ld", st);
            fail(c);
            return;
        }
        if (L->hold) {
            c->ph = P_HOLD;
            return;
        }
        start_calls(c);
        return;
    }
    json_t *resp = find_response(c, c->rpc_id);
    json_t *result = json_object_get(resp, "result");
    if (!result) {
        L->e.rpc++;
        note_error(L, c, "no result: %.300s", c->body.data ? c->body.data : "");
        json_decref(resp);
        fail(c);
        return;
    }
    if (c->ph == P_INIT) {
        json_decref(resp);
        if (!c->sid[0]) {
            L->e.rpc++;
            note_error(L, c, "initialize answered without Mcp-Session-Id");
            fail(c);
            return;
        }
        L->init_lat[L->ninit++] = ms;
        set_headers(c);
        c->ph = P_NOTIFY;
        send_post(c, xstrdup("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}"));
        open_get(c); /* as the SDK client does once initialized is sent */
        return;
    }
    /* P_CALL */
    bool is_error = json_is_true(json_object_get(result, "isError"));
    json_decref(resp);
    if (is_error) {
        L->e.tool++;
        note_error(L, c, "tool error: %.300s", c->body.data ? c->body.data : "");
        fail(c);
        return;
    }
    L->lat[L->nlat++] = ms;
    c->calls++;
    start_calls(c);
}

static void get_done(struct client *c, CURLcode r)
{
    struct load *L = c->L;
    /* ending before DELETE was sent: the server closed it or refused it
     * (once DELETE is on its way, the server ends it) */
    if (c->ph < P_DELETE) {
        L->e.get_dropped++;
        note_error(L, c, "GET stream ended early: %s, HTTP %ld", curl_easy_strerror(r), c->get_status);
    }
    curl_multi_remove_handle(L->multi, c->get);
    curl_easy_cleanup(c->get);
    c->get = NULL;
    c->get_ended = true;
}

/* ---- libcurl's multi socket interface on epoll ----------------------- */

static int on_socket(CURL *e, curl_socket_t s, int what, void *ud, void *sockp)
{
    struct load *L = ud;
    (void)e;
    struct epoll_event ev = {0};
    ev.data.fd = s;
    if (what == CURL_POLL_REMOVE) {
        epoll_ctl(L->ep, EPOLL_CTL_DEL, s, NULL);
        curl_multi_assign(L->multi, s, NULL);
        return 0;
    }
    ev.events = (what & CURL_POLL_IN ? EPOLLIN : 0) | (what & CURL_POLL_OUT ? EPOLLOUT : 0);
    if (!sockp) {
        if (epoll_ctl(L->ep, EPOLL_CTL_ADD, s, &ev) != 0 && errno == EEXIST)
            epoll_ctl(L->ep, EPOLL_CTL_MOD, s, &ev);
        curl_multi_assign(L->multi, s, L); /* any non-NULL marks it known */
    } else if (epoll_ctl(L->ep, EPOLL_CTL_MOD, s, &ev) != 0 && errno == ENOENT) {
        epoll_ctl(L->ep, EPOLL_CTL_ADD, s, &ev);
    }
    return 0;
}

static int on_timer(CURLM *m, long timeout_ms, void *ud)
{
    struct load *L = ud;
    (void)m;
    L->timeout_ms = timeout_ms;
    return 0;
}

static void drain_done(struct load *L)
{
    CURLMsg *msg;
    int left;
    while ((msg = curl_multi_info_read(L->multi, &left)) != NULL) {
        if (msg->msg != CURLMSG_DONE)
            continue;
        CURL *e = msg->easy_handle;
        CURLcode r = msg->data.result;
        struct client *c = NULL;
        curl_easy_getinfo(e, CURLINFO_PRIVATE, (char **)&c);
        if (e == c->get)
            get_done(c, r);
        else
            post_done(c, r);
    }
}

/* Runs every client to the end (or the deadline). on_hold runs once when
 * all live sessions are held (hold mode), then lets them go on. */
static void run(struct load *L, void (*on_hold)(void *), void *ud)
{
    int running = 0;
    double deadline = now_ms() + RUN_DEADLINE_MS;
    bool released = false;
    for (int i = 0; i < L->n; i++) {
        struct client *c = &L->c[i];
        c->post = curl_easy_init();
        set_headers(c);
        send_post(c, xstrdup("{\"jsonrpc\":\"2.0\",\"id\":0,\"method\":\"initialize\",\"params\":{"
                             "\"protocolVersion\":\"" PROTOCOL "\",\"capabilities\":{},\"clientInfo\":{"
                             "\"name\":\"http_load\",\"version\":\"1\"}}}"));
    }
    curl_multi_socket_action(L->multi, CURL_SOCKET_TIMEOUT, 0, &running);
    while (L->done < L->n && now_ms() < deadline) {
        struct epoll_event ev[64];
        int wait = L->timeout_ms < 0 || L->timeout_ms > 200 ? 200 : (int)L->timeout_ms;
        int k = epoll_wait(L->ep, ev, 64, wait);
        if (k < 0 && errno != EINTR)
            break;
        if (k <= 0) {
            curl_multi_socket_action(L->multi, CURL_SOCKET_TIMEOUT, 0, &running);
        } else {
            for (int j = 0; j < k; j++) {
                int flags = (ev[j].events & EPOLLIN ? CURL_CSELECT_IN : 0) |
                            (ev[j].events & EPOLLOUT ? CURL_CSELECT_OUT : 0) |
                            (ev[j].events & (EPOLLERR | EPOLLHUP) ? CURL_CSELECT_ERR : 0);
                curl_multi_socket_action(L->multi, ev[j].data.fd, flags, &running);
            }
        }
        drain_done(L);
        if (L->hold && !released) {
            int held = 0, failed = 0;
            for (int i = 0; i < L->n; i++) {
                held += L->c[i].ph == P_HOLD && L->c[i].get_open;
                failed += L->c[i].ph == P_FAILED;
            }
            if (held + failed == L->n) {
                released = true;
                if (on_hold)
                    on_hold(ud);
                for (int i = 0; i < L->n; i++)
                    if (L->c[i].ph == P_HOLD)
                        start_calls(&L->c[i]);
                curl_multi_socket_action(L->multi, CURL_SOCKET_TIMEOUT, 0, &running);
                drain_done(L);
            }
        }
    }
    for (int i = 0; i < L->n; i++) {
        struct client *c = &L->c[i];
        if (c->ph != P_DONE && c->ph != P_FAILED) {
            L->e.unfinished++;
            note_error(L, c, "unfinished at the deadline");
        }
        close_get(c);
        curl_multi_remove_handle(L->multi, c->post);
        curl_easy_cleanup(c->post);
        curl_slist_free_all(c->hdrs);
        buf_free(&c->body);
        free(c->payload);
    }
}

static void load_init(struct load *L, const char *url, int n, int calls, bool hold)
{
    memset(L, 0, sizeof *L);
    L->url = url;
    L->n = n;
    L->calls = calls;
    L->hold = hold;
    L->timeout_ms = -1;
    L->ep = epoll_create1(EPOLL_CLOEXEC);
    L->multi = curl_multi_init();
    curl_multi_setopt(L->multi, CURLMOPT_SOCKETFUNCTION, on_socket);
    curl_multi_setopt(L->multi, CURLMOPT_SOCKETDATA, L);
    curl_multi_setopt(L->multi, CURLMOPT_TIMERFUNCTION, on_timer);
    curl_multi_setopt(L->multi, CURLMOPT_TIMERDATA, L);
    /* keep every connection for reuse, as an HTTP client library would */
    curl_multi_setopt(L->multi, CURLMOPT_MAXCONNECTS, (long)(2 * n + 16));
    L->c = xcalloc((size_t)n, sizeof *L->c);
    for (int i = 0; i < n; i++) {
        L->c[i].L = L;
        L->c[i].no = i;
    }
    L->lat = xcalloc((size_t)n * (size_t)(calls > 0 ? calls : 1), sizeof *L->lat);
    L->init_lat = xcalloc((size_t)n, sizeof *L->init_lat);
}

static void load_free(struct load *L)
{
    curl_multi_cleanup(L->multi);
    close(L->ep);
    free(L->c);
    free(L->lat);
    free(L->init_lat);
}

/* ---- one measured run ------------------------------------------------------ */

struct figure {
    bool ok;     /* the run happened (the server started) */
    int errors;  /* all kinds */
    int lost;
    struct errors e;
    double p50, p99, max, init_p99; /* ms */
    double calls_per_s;
    double cpu_per_call, driver_per_call, sim_per_call; /* ms */
    long hwm_kb, threads;
    double wall_s;
};

/* Starts s and runs one session through it, so lazy start-up work (a
 * token, the first connection to the simulator) is not measured; -1 (p
 * freed) when it does not start. */
static int start_warm(struct tl_proc *p, const struct server *s, char *url, size_t len)
{
    if (start_server(p, s, url, len) != 0) {
        tl_proc_free(p);
        return -1;
    }
    struct load warm;
    load_init(&warm, url, 1, 2, false);
    run(&warm, NULL, NULL);
    load_free(&warm);
    return 0;
}

static void measure(const struct server *s, pid_t sim_pid, int n, int calls, struct figure *f)
{
    struct tl_proc p;
    char url[256];
    memset(f, 0, sizeof *f);
    if (start_warm(&p, s, url, sizeof url) != 0)
        return;

    struct load L;
    load_init(&L, url, n, calls, false);
    double c0 = tl_proc_cpu_ms(p.pid), d0 = self_cpu_ms(), s0 = tl_proc_cpu_ms(sim_pid), t0 = now_ms();
    run(&L, NULL, NULL);
    double t1 = now_ms(), c1 = tl_proc_cpu_ms(p.pid), d1 = self_cpu_ms(), s1 = tl_proc_cpu_ms(sim_pid);
    f->ok = true;
    f->e = L.e;
    f->errors = total_errors(&L.e);
    f->lost = L.e.lost;
    /* per call answered (all of them in a run without errors) */
    size_t total = L.nlat ? L.nlat : 1;
    f->p50 = quantile(L.lat, L.nlat, 0.50);
    f->p99 = quantile(L.lat, L.nlat, 0.99);
    f->max = quantile(L.lat, L.nlat, 1.0);
    f->init_p99 = quantile(L.init_lat, L.ninit, 0.99);
    f->wall_s = (t1 - t0) / 1e3;
    f->calls_per_s = (double)L.nlat / f->wall_s;
    f->cpu_per_call = (c1 - c0) / (double)total;
    f->driver_per_call = (d1 - d0) / (double)total;
    f->sim_per_call = (s1 - s0) / (double)total;
    f->hwm_kb = tl_proc_status_kb(p.pid, "VmHWM:");
    f->threads = proc_threads(p.pid);
    if (L.e.first[0])
        fprintf(stderr, "http_load: %s, %d sessions: %d errors; first: %s\n", s->label, n, f->errors, L.e.first);
    load_free(&L);
    tl_proc_free(&p);
}

/* Resident memory of sessions at rest: n sessions initialized with their
 * GET streams open and nothing else running; the server's VmRSS and
 * threads then, against one with no session. */
struct rest {
    pid_t pid;
    long rss_kb, threads;
};

static void at_rest(void *ud)
{
    struct rest *r = ud;
    usleep(300000); /* let the last answers' threads end */
    r->rss_kb = tl_proc_status_kb(r->pid, "VmRSS:");
    r->threads = proc_threads(r->pid);
}

struct mem_figure {
    bool ok;
    int errors;
    long base_kb, rest_kb, threads;
    double per_session_kb;
};

static void measure_memory(const struct server *s, int n, struct mem_figure *f)
{
    struct tl_proc p;
    char url[256];
    memset(f, 0, sizeof *f);
    if (start_warm(&p, s, url, sizeof url) != 0)
        return;
    usleep(300000);
    f->base_kb = tl_proc_status_kb(p.pid, "VmRSS:");
    struct rest r = {p.pid, -1, -1};
    struct load L;
    load_init(&L, url, n, 0, true);
    run(&L, at_rest, &r);
    f->ok = r.rss_kb > 0;
    f->errors = total_errors(&L.e);
    f->rest_kb = r.rss_kb;
    f->threads = r.threads;
    f->per_session_kb = (double)(r.rss_kb - f->base_kb) / n;
    if (L.e.first[0])
        fprintf(stderr, "http_load: memory, %s: %s\n", s->label, L.e.first);
    load_free(&L);
    tl_proc_free(&p);
}

/* ---- report ---------------------------------------------------------------- */

struct summary {
    bool ok;
    int runs, errors_max, lost_max;
    struct errors worst;
    double p50, p99, p99_min, p99_max, max, init_p99;
    double cpu, cpu_min, cpu_max, driver, sim, cps;
    long hwm_kb, threads;
};

static void summarize(struct figure *f, int nruns, struct summary *s)
{
    double v[MAX_RUNS];
    memset(s, 0, sizeof *s);
    int k = 0;
    for (int i = 0; i < nruns; i++) {
        if (!f[i].ok)
            continue;
        if (f[i].errors > s->errors_max || k == 0) {
            s->errors_max = f[i].errors > s->errors_max ? f[i].errors : s->errors_max;
            if (f[i].errors)
                s->worst = f[i].e;
        }
        if (f[i].lost > s->lost_max)
            s->lost_max = f[i].lost;
        k++;
    }
    if (!k)
        return;
    s->ok = true;
    s->runs = k;
#define MED(field, out)                                                                                          \
    do {                                                                                                         \
        int m = 0;                                                                                               \
        for (int i = 0; i < nruns; i++)                                                                          \
            if (f[i].ok)                                                                                         \
                v[m++] = (double)f[i].field;                                                                     \
        out = median(v, (size_t)m);                                                                              \
    } while (0)
    MED(p50, s->p50);
    MED(p99, s->p99);
    s->p99_min = v[0], s->p99_max = v[k - 1];
    MED(max, s->max);
    MED(init_p99, s->init_p99);
    MED(cpu_per_call, s->cpu);
    s->cpu_min = v[0], s->cpu_max = v[k - 1];
    MED(driver_per_call, s->driver);
    MED(sim_per_call, s->sim);
    MED(calls_per_s, s->cps);
    double hwm, thr;
    MED(hwm_kb, hwm);
    MED(threads, thr);
    s->hwm_kb = (long)hwm;
    s->threads = (long)thr;
#undef MED
}

static void error_text(const struct summary *s, char *out, size_t len)
{
    const struct errors *e = &s->worst;
    if (!s->errors_max) {
        snprintf(out, len, "0");
        return;
    }
    snprintf(out, len, "%d (lost %d, 503 %d, 429 %d, other 4xx %d, 5xx %d, transport %d, JSON-RPC %d, tool %d, "
             "GET dropped %d, unfinished %d)", s->errors_max, e->lost, e->s503, e->s429, e->status[4], e->status[5],
             e->transport, e->rpc, e->tool, e->get_dropped, e->unfinished);
}

static void goal(const char *what, const char *target, const char *measured, bool met)
{
    buf_printf(&goals, "| %s | %s | %s | %s |\n", what, target, measured, met ? "met" : "**NOT met**");
}

static int parse_sizes(const char *text, int *out)
{
    int n = 0;
    for (const char *p = text; *p && n < MAX_SIZES;) {
        char *end;
        long v = strtol(p, &end, 10);
        if (end == p || v < 1 || v > 5000)
            break;
        out[n++] = (int)v;
        p = *end == ',' ? end + 1 : end;
    }
    return n;
}

int main(int argc, char **argv)
{
    const char *reference = argc > 1 ? argv[1] : NULL;
    const char *node = getenv("NODE") ? getenv("NODE") : "node";
    int sizes[MAX_SIZES];
    int nsizes = parse_sizes(getenv("HTTPLOAD_SESSIONS") ? getenv("HTTPLOAD_SESSIONS") : "100,500", sizes);
    int calls = getenv("HTTPLOAD_CALLS") ? atoi(getenv("HTTPLOAD_CALLS")) : 20;
    int runs = getenv("HTTPLOAD_RUNS") ? atoi(getenv("HTTPLOAD_RUNS")) : 3;
    if (runs < 1 || runs > MAX_RUNS)
        runs = 3;
    if (calls < 1 || calls > 1000)
        calls = 20;
    if (!nsizes) {
        fprintf(stderr, "http_load: HTTPLOAD_SESSIONS: give session counts like 100,500\n");
        return 2;
    }
    base_init();
    signal(SIGPIPE, SIG_IGN);
    curl_global_init(CURL_GLOBAL_DEFAULT);

    char mcp_path[1024], sim_path[1024];
    snprintf(mcp_path, sizeof mcp_path, "%s", tl_bin("halopsa-mcp"));
    snprintf(sim_path, sizeof sim_path, "%s", tl_bin("halopsa-sim"));
    char *sim_argv[] = {sim_path, "--port", "0", "--rate-limit", "10000000/1", NULL};
    struct tl_proc sim;
    if (tl_spawn(&sim, sim_argv, NULL) != 0 || wait_url(&sim, "listening on", sim_url, sizeof sim_url) != 0) {
        fprintf(stderr, "http_load: cannot start %s\n", sim_path);
        return 1;
    }

    struct server servers[3] = {
        {"halopsa-mcp (C)", {mcp_path, "serve", "--http", "127.0.0.1:0"}, "serving Streamable HTTP on"},
        {"reference (TypeScript SDK)", {(char *)node, (char *)reference, "--http", "0"}, "reference: serving"},
        {NULL, {NULL}, "serving Streamable HTTP on"},
    };
    /* extra serve arguments, split at blanks (HTTPLOAD_ARGS) */
    char *extra = xstrdup(getenv("HTTPLOAD_ARGS") ? getenv("HTTPLOAD_ARGS") : "");
    int na = 4;
    for (char *save = NULL, *t = strtok_r(extra, " ", &save); t && na < 22; t = strtok_r(NULL, " ", &save))
        servers[0].argv[na++] = t;
    int nservers = reference ? 2 : 1;
    /* another halopsa-mcp to compare with, after the two (HTTPLOAD_COMPARE) */
    char *compare = xstrdup(getenv("HTTPLOAD_COMPARE") ? getenv("HTTPLOAD_COMPARE") : "");
    char *eq = strchr(compare, '=');
    if (eq) {
        *eq = '\0';
        servers[nservers].label = compare;
        servers[nservers].marker = servers[0].marker;
        memcpy(servers[nservers].argv, servers[0].argv, sizeof servers[0].argv);
        servers[nservers].argv[0] = eq + 1;
        nservers++;
    }
    double load0 = 0;
    {
        char *la = tl_read_file("/proc/loadavg");
        load0 = la ? strtod(la, NULL) : 0;
        free(la);
    }

    static struct figure fig[3][MAX_SIZES][MAX_RUNS];
    struct summary sum[3][MAX_SIZES];
    struct mem_figure mem[3];
    /* interleaved, so both servers see the same moments of a shared machine */
    for (int r = 0; r < runs; r++)
        for (int z = 0; z < nsizes; z++)
            for (int k = 0; k < nservers; k++)
                measure(&servers[k], sim.pid, sizes[z], calls, &fig[k][z][r]);
    int mem_n = sizes[nsizes - 1];
    for (int k = 0; k < nservers; k++)
        measure_memory(&servers[k], mem_n, &mem[k]);
    char *la = tl_read_file("/proc/loadavg");
    double load1 = la ? strtod(la, NULL) : 0;
    free(la);

    printf("\n## 9. Concurrent sessions over HTTP (bench/http_load.c)\n\n");
    printf("Each session does what the official TypeScript SDK client does over Streamable HTTP: `initialize`, "
           "`notifications/initialized` and a GET stream for server messages, then %d `halopsa_tickets_get` calls "
           "one after another (each one HTTP request to the simulator), then DELETE. All sessions start at once. "
           "The servers run with their defaults on 127.0.0.1 (halopsa-mcp `serve --http 127.0.0.1:0%s%s`; the "
           "reference `server.mjs --http 0`: the SDK's `StreamableHTTPServerTransport`, one per session, on "
           "`node:http`); the simulator is a process of its own. The driver is one thread on libcurl's multi "
           "interface (epoll). Each run starts a fresh server; %d runs, the two servers interleaved; medians, "
           "min–max in brackets. Server CPU is the server process's user + system time over the whole run "
           "divided by the tool calls, so session set-up and teardown are included. Load average (1 min) "
           "%.2f at the start, %.2f at the end, on %ld cores shared with the driver and the simulator.\n\n",
           calls, getenv("HTTPLOAD_ARGS") && *getenv("HTTPLOAD_ARGS") ? " " : "",
           getenv("HTTPLOAD_ARGS") ? getenv("HTTPLOAD_ARGS") : "", runs, load0, load1, sysconf(_SC_NPROCESSORS_ONLN));
    printf("| server | sessions | errors (worst run) | lost sessions | call p50 (ms) | call p99 (ms) | call max (ms) "
           "| initialize p99 (ms) | calls/s | server CPU per call (ms) | server peak RSS (KiB) | server threads at "
           "end | driver CPU per call (ms) | simulator CPU per call (ms) |\n");
    printf("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|\n");
    for (int z = 0; z < nsizes; z++) {
        for (int k = 0; k < nservers; k++) {
            struct summary *s = &sum[k][z];
            summarize(fig[k][z], runs, s);
            if (!s->ok) {
                printf("| %s | %d | did not start | | | | | | | | | | | |\n", servers[k].label, sizes[z]);
                continue;
            }
            char errs[300];
            error_text(s, errs, sizeof errs);
            printf("| %s | %d | %s | %d | %.1f | %.1f (%.1f–%.1f) | %.1f | %.1f | %.0f | %.3f (%.3f–%.3f) | %ld | "
                   "%ld | %.3f | %.3f |\n",
                   servers[k].label, sizes[z], errs, s->lost_max, s->p50, s->p99, s->p99_min, s->p99_max, s->max,
                   s->init_p99, s->cps, s->cpu, s->cpu_min, s->cpu_max, s->hwm_kb, s->threads, s->driver, s->sim);
        }
    }
    printf("\n");
    for (int z = 0; z < nsizes; z++) {
        struct summary *a = &sum[0][z], *b = reference ? &sum[1][z] : NULL;
        char m[400], target[200];
        snprintf(target, sizeof target, "0 errors, 0 lost sessions; p99 and CPU per call vs the reference reported");
        char what[160];
        snprintf(what, sizeof what, "HTTP: %d concurrent sessions × (initialize + %d calls)", sizes[z], calls);
        if (!a->ok) {
            goal(what, target, "halopsa-mcp did not start", false);
            continue;
        }
        if (b && b->ok) {
            snprintf(m, sizeof m, "%d errors, %d lost (worst of %d runs); p99 %.1f ms vs %.1f ms; CPU per call "
                     "%.3f ms vs %.3f ms = 1/%.1f",
                     a->errors_max, a->lost_max, a->runs, a->p99, b->p99, a->cpu, b->cpu, b->cpu / a->cpu);
            printf("%d sessions, halopsa-mcp / reference: CPU per call %.3f (1/%.1f), p99 %.2f, calls/s %.2f ×; the "
                   "reference had %d errors in its worst run.\n",
                   sizes[z], a->cpu / b->cpu, b->cpu / a->cpu, a->p99 / b->p99, a->cps / b->cps, b->errors_max);
        } else {
            snprintf(m, sizeof m, "%d errors, %d lost (worst of %d runs); p99 %.1f ms; CPU per call %.3f ms",
                     a->errors_max, a->lost_max, a->runs, a->p99, a->cpu);
        }
        goal(what, target, m, a->errors_max == 0 && a->lost_max == 0);
    }
    printf("\nSessions at rest: %d sessions initialized, each with its GET stream open and nothing running; the "
           "server's resident set then against the same server after one session (VmRSS).\n\n", mem_n);
    printf("| server | VmRSS before (KiB) | VmRSS with %d sessions (KiB) | per session (KiB) | threads | errors |\n",
           mem_n);
    printf("|---|---|---|---|---|---|\n");
    for (int k = 0; k < nservers; k++) {
        if (!mem[k].ok) {
            printf("| %s | failed | | | | |\n", servers[k].label);
            continue;
        }
        printf("| %s | %ld | %ld | %.1f | %ld | %d |\n", servers[k].label, mem[k].base_kb, mem[k].rest_kb,
               mem[k].per_session_kb, mem[k].threads, mem[k].errors);
    }
    const char *goals_path = getenv("BENCH_GOALS");
    FILE *gf = goals_path ? fopen(goals_path, "a") : NULL;
    if (gf) {
        fputs(goals.data ? goals.data : "", gf);
        fclose(gf);
    } else {
        printf("\n| goal | target | measured | |\n|---|---|---|---|\n%s", goals.data ? goals.data : "");
    }
    buf_free(&goals);
    free(extra);
    free(compare);
    tl_proc_free(&sim);
    curl_global_cleanup();
    return 0;
}
