/* test_http.c - the Streamable HTTP transport over real loopback sockets
 * with libcurl: sessions, JSON and SSE answers, the GET stream, header
 * checks (Origin, Host, Accept, protocol version), limits, DELETE, idle
 * cleanup and shutdown with open streams. */
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

#define WAIT_MS 10000
#define ACCEPT_BOTH "Accept: application/json, text/event-stream"

/* ------------------------------------------------------------------ */
/* Test server                                                         */

static atomic_bool hidden_visible;

static json_t *tool_echo(struct mcp_call *call, json_t *args, void *data)
{
    (void)call, (void)data;
    return mcp_result_text(json_string_value(json_object_get(args, "text")));
}

static json_t *tool_progress(struct mcp_call *call, json_t *args, void *data)
{
    (void)args, (void)data;
    mcp_call_progress(call, 1, 2, "half");
    mcp_call_log(call, "info", "test", json_string("working"));
    mcp_call_progress(call, 2, 2, "all");
    return mcp_result_text("progress done");
}

static json_t *tool_toggle(struct mcp_call *call, json_t *args, void *data)
{
    (void)args, (void)data;
    bool now = !atomic_load(&hidden_visible);
    atomic_store(&hidden_visible, now);
    mcp_session_tools_changed(mcp_call_session(call));
    return mcp_result_text(now ? "visible" : "hidden");
}

static json_t *tool_hidden(struct mcp_call *call, json_t *args, void *data)
{
    (void)call, (void)args, (void)data;
    return mcp_result_text("hidden tool ran");
}

static json_t *tool_ask(struct mcp_call *call, json_t *args, void *data)
{
    (void)args, (void)data;
    json_t *schema = json_pack("{s:s, s:{s:{s:s}}, s:[s]}", "type", "object", "properties", "confirm", "type",
                               "boolean", "required", "confirm");
    json_t *res = NULL;
    int rc = mcp_call_elicit(call, "Confirm?", schema, 0, &res);
    json_decref(schema);
    const char *action = json_string_value(json_object_get(res, "action"));
    json_t *out = mcp_result_text(rc == 0 && action && strcmp(action, "accept") == 0 ? "confirmed"
                                  : rc == MCP_INPUT_TIMEOUT                          ? "gave up"
                                                                                     : "declined");
    json_decref(res);
    return out;
}

static bool visible(struct mcp_session *s, const char *name, void *data)
{
    (void)s, (void)data;
    return strcmp(name, "hidden") != 0 || atomic_load(&hidden_visible);
}

static json_t *tool_region(struct mcp_call *call, json_t *args, void *data)
{
    (void)call, (void)data;
    char *text = xasprintf("region %s count %lld", json_string_value(json_object_get(args, "region")) ?: "-",
                           (long long)json_integer_value(json_object_get(args, "count")));
    json_t *r = mcp_result_text(text);
    free(text);
    return r;
}

static json_t *tool_needs(struct mcp_call *call, json_t *args, void *data)
{
    (void)args, (void)data;
    return mcp_call_require(call, "sampling") ? mcp_result_text("sampled") : mcp_result_error("no sampling");
}

static json_t *tool_announce(struct mcp_call *call, json_t *args, void *data)
{
    (void)args, (void)data;
    mcp_server_list_changed(mcp_call_server(call), "tools");
    return mcp_result_text("announced");
}

#define NO_ARGS "{\"type\":\"object\",\"properties\":{}}"
static const struct mcp_tool tools[] = {
    {"echo", "Echo", "Returns its text", "{\"type\":\"object\",\"properties\":{\"text\":{\"type\":\"string\"}}}",
     NULL, {true, false, true, false}, tool_echo, NULL, MCP_TASK_NEVER},
    {"progress", "Progress", "Reports progress twice", NO_ARGS, NULL, {true, false, true, false}, tool_progress, NULL, MCP_TASK_NEVER},
    {"toggle", "Toggle", "Shows or hides the hidden tool", NO_ARGS, NULL, {false, false, false, false}, tool_toggle,
     NULL, MCP_TASK_NEVER},
    {"hidden", "Hidden", "Listed after toggle", NO_ARGS, NULL, {true, false, true, false}, tool_hidden, NULL, MCP_TASK_NEVER},
    {"ask", "Ask", "Asks the user to confirm", NO_ARGS, NULL, {true, false, true, false}, tool_ask, NULL, MCP_TASK_NEVER},
    {"region", "Region", "Mirrors region and count into headers",
     "{\"type\":\"object\",\"properties\":{\"region\":{\"type\":\"string\",\"x-mcp-header\":\"Region\"},"
     "\"count\":{\"type\":\"integer\",\"x-mcp-header\":\"Count\"}}}",
     NULL, {true, false, true, false}, tool_region, NULL, MCP_TASK_NEVER},
    {"needs", "Needs", "Needs sampling", NO_ARGS, NULL, {true, false, true, false}, tool_needs, NULL, MCP_TASK_NEVER},
    {"announce", "Announce", "Announces a tool list change", NO_ARGS, NULL, {true, false, true, false}, tool_announce,
     NULL, MCP_TASK_NEVER},
};

struct fx {
    struct mcp_server *srv;
    struct mcp_http *h;
    char url[128];
};

static void curl_once(void) { curl_global_init(CURL_GLOBAL_DEFAULT); }

/* Starts a server; o may be NULL. Short keepalive and idle defaults so
 * vanished clients are noticed quickly. */
static void fx_start(struct fx *f, const struct mcp_http_options *o)
{
    static pthread_once_t once = PTHREAD_ONCE_INIT;
    pthread_once(&once, curl_once);
    struct mcp_server_info info = {"http-test", "HTTP test", "1.0", NULL};
    struct mcp_http_options opts = {0};
    char err[256];
    if (o)
        opts = *o;
    if (!opts.keepalive_ms)
        opts.keepalive_ms = 100;
    atomic_store(&hidden_visible, false);
    f->srv = mcp_server_new(&info);
    for (size_t i = 0; i < sizeof tools / sizeof tools[0]; i++)
        if (mcp_server_add_tool(f->srv, &tools[i], err, sizeof err) != 0)
            harness_fail(__FILE__, __LINE__, "add_tool: %s", err);
    mcp_server_set_visibility(f->srv, visible, NULL);
    mcp_server_declare_changes(f->srv, MCP_CHANGES_TOOLS);
    f->h = mcp_http_start(f->srv, &opts, err, sizeof err);
    if (!f->h) {
        harness_fail(__FILE__, __LINE__, "mcp_http_start: %s", err);
        abort();
    }
    snprintf(f->url, sizeof f->url, "http://127.0.0.1:%d%s", mcp_http_port(f->h), opts.path ? opts.path : "/mcp");
}

static void fx_stop(struct fx *f)
{
    mcp_http_stop(f->h);
    mcp_server_free(f->srv);
}

/* ------------------------------------------------------------------ */
/* One-shot requests that keep the headers we look at                  */

struct res {
    long status;
    char *body;  /* new, never NULL after req() */
    char ctype[128];
    char sid[128];
    char acao[128]; /* Access-Control-Allow-Origin */
};

static void copy_header(const char *line, size_t n, const char *name, char *out, size_t outlen)
{
    size_t k = strlen(name);
    if (n <= k || strncasecmp(line, name, k) != 0)
        return;
    line += k, n -= k;
    while (n && (*line == ' '))
        line++, n--;
    while (n && (line[n - 1] == '\r' || line[n - 1] == '\n' || line[n - 1] == ' '))
        n--;
    snprintf(out, outlen, "%.*s", (int)n, line);
}

static size_t on_header(char *p, size_t size, size_t nmemb, void *ud)
{
    struct res *r = ud;
    copy_header(p, size * nmemb, "Content-Type:", r->ctype, sizeof r->ctype);
    copy_header(p, size * nmemb, "Mcp-Session-Id:", r->sid, sizeof r->sid);
    copy_header(p, size * nmemb, "Access-Control-Allow-Origin:", r->acao, sizeof r->acao);
    return size * nmemb;
}

static size_t on_body(char *p, size_t size, size_t nmemb, void *ud)
{
    buf_append(ud, p, size * nmemb);
    return size * nmemb;
}

/* Headers for a request: Accept (both types unless extra has its own),
 * Content-Type for a body, Mcp-Session-Id when sid is given. */
static struct curl_slist *headers_for(const char *body, const char *sid, const char *const *extra)
{
    struct curl_slist *hl = NULL;
    bool own_accept = false, own_ctype = false;
    for (size_t i = 0; extra && extra[i]; i++) {
        own_accept |= strncasecmp(extra[i], "Accept:", 7) == 0;
        own_ctype |= strncasecmp(extra[i], "Content-Type:", 13) == 0;
        hl = curl_slist_append(hl, extra[i]);
    }
    if (!own_accept)
        hl = curl_slist_append(hl, ACCEPT_BOTH);
    if (body && !own_ctype)
        hl = curl_slist_append(hl, "Content-Type: application/json");
    if (sid) {
        char *h = xasprintf("Mcp-Session-Id: %s", sid);
        hl = curl_slist_append(hl, h);
        free(h);
    }
    return hl;
}

static void req(struct res *r, const char *method, const char *url, const char *body, const char *sid,
                const char *const *extra)
{
    CURL *h = curl_easy_init();
    struct buf b = {0};
    memset(r, 0, sizeof *r);
    struct curl_slist *hl = headers_for(body, sid, extra);
    curl_easy_setopt(h, CURLOPT_URL, url);
    curl_easy_setopt(h, CURLOPT_CUSTOMREQUEST, method);
    curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(h, CURLOPT_TIMEOUT_MS, 30000L);
    curl_easy_setopt(h, CURLOPT_HTTPHEADER, hl);
    curl_easy_setopt(h, CURLOPT_HEADERFUNCTION, on_header);
    curl_easy_setopt(h, CURLOPT_HEADERDATA, r);
    curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, on_body);
    curl_easy_setopt(h, CURLOPT_WRITEDATA, &b);
    if (body) {
        curl_easy_setopt(h, CURLOPT_POSTFIELDS, body);
        curl_easy_setopt(h, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)strlen(body));
    }
    if (curl_easy_perform(h) == CURLE_OK)
        curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &r->status);
    curl_slist_free_all(hl);
    curl_easy_cleanup(h);
    r->body = buf_steal(&b);
}

static void res_free(struct res *r) { free(r->body); }

/* The JSON-RPC messages in an SSE body, in order (new array). */
static json_t *sse_parse(const char *text)
{
    json_t *out = json_array();
    struct buf data = {0};
    const char *p = text;
    while (*p) {
        size_t n = strcspn(p, "\n");
        if (n == 0) {
            if (data.len)
            {
            json_t *v = json_loadb(data.data, data.len, 0, NULL);
            json_array_append_new(out, v ? v : json_string("(bad json)"));
        }
            buf_reset(&data);
        } else if (n >= 5 && strncmp(p, "data:", 5) == 0) {
            const char *v = p + 5 + (p[5] == ' ');
            buf_append(&data, v, (size_t)(p + n - v));
        }
        p += n;
        if (*p == '\n')
            p++;
    }
    buf_free(&data);
    return out;
}

/* Initializes a session (with elicitation when asked) and sends
 * notifications/initialized; writes the session id. */
static void init_session(struct fx *f, char *sid, size_t len, bool elicitation)
{
    struct res r;
    char *body = xasprintf("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{\"protocolVersion\":"
                           "\"2025-11-25\",\"capabilities\":%s,\"clientInfo\":{\"name\":\"t\",\"version\":\"1\"}}}",
                           elicitation ? "{\"elicitation\":{}}" : "{}");
    req(&r, "POST", f->url, body, NULL, NULL);
    free(body);
    CHECK_INT(r.status, 200);
    CHECK_INT(strlen(r.sid), 32);
    snprintf(sid, len, "%s", r.sid);
    res_free(&r);
    req(&r, "POST", f->url, "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}", sid, NULL);
    CHECK_INT(r.status, 202);
    res_free(&r);
}

/* ------------------------------------------------------------------ */
/* A streaming reader (GET streams and POSTs read while they run)      */

struct sse {
    pthread_t thread;
    char url[128];
    char *method;
    char *body;
    struct curl_slist *hl;
    pthread_mutex_t mu;
    pthread_cond_t cv;
    struct buf raw;   /* unparsed input */
    struct buf data;  /* the current event's data lines */
    json_t *events;   /* JSON-RPC messages received */
    json_t *ids;      /* the event id of each (string or null) */
    char id[64];      /* the current event's id */
    char retry[16];   /* the last retry field */
    int keepalives;   /* ": keepalive" comments seen */
    long status;
    bool ended;
    atomic_bool stop;
};

static void sse_feed_line(struct sse *x, const char *p, size_t n)
{
    if (n && p[n - 1] == '\r')
        n--;
    if (n == 0) {
        if (x->data.len) {
            json_t *v = json_loadb(x->data.data, x->data.len, 0, NULL);
            json_array_append_new(x->events, v ? v : json_string("(bad json)"));
            json_array_append_new(x->ids, x->id[0] ? json_string(x->id) : json_null());
        }
        buf_reset(&x->data);
        x->id[0] = '\0';
    } else if (p[0] == ':') {
        x->keepalives++;
    } else if (n >= 5 && strncmp(p, "data:", 5) == 0) {
        const char *v = p + 5 + (n > 5 && p[5] == ' ');
        buf_append(&x->data, v, (size_t)(p + n - v));
    } else if (n >= 3 && strncmp(p, "id:", 3) == 0) {
        const char *v = p + 3 + (n > 3 && p[3] == ' ');
        snprintf(x->id, sizeof x->id, "%.*s", (int)(p + n - v), v);
    } else if (n >= 6 && strncmp(p, "retry:", 6) == 0) {
        const char *v = p + 6 + (n > 6 && p[6] == ' ');
        snprintf(x->retry, sizeof x->retry, "%.*s", (int)(p + n - v), v);
    }
}

static size_t sse_on_data(char *p, size_t size, size_t nmemb, void *ud)
{
    struct sse *x = ud;
    pthread_mutex_lock(&x->mu);
    buf_append(&x->raw, p, size * nmemb);
    char *nl;
    while (x->raw.len && (nl = memchr(x->raw.data, '\n', x->raw.len))) {
        size_t n = (size_t)(nl - x->raw.data);
        sse_feed_line(x, x->raw.data, n);
        memmove(x->raw.data, nl + 1, x->raw.len - n - 1);
        x->raw.len -= n + 1;
    }
    pthread_cond_broadcast(&x->cv);
    pthread_mutex_unlock(&x->mu);
    return size * nmemb;
}

static int sse_progress(void *ud, curl_off_t a, curl_off_t b, curl_off_t c, curl_off_t d)
{
    struct sse *x = ud;
    (void)a, (void)b, (void)c, (void)d;
    return atomic_load(&x->stop) ? 1 : 0;
}

static void *sse_run(void *arg)
{
    struct sse *x = arg;
    CURL *h = curl_easy_init();
    long status = 0;
    curl_easy_setopt(h, CURLOPT_URL, x->url);
    curl_easy_setopt(h, CURLOPT_CUSTOMREQUEST, x->method);
    curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(h, CURLOPT_HTTPHEADER, x->hl);
    curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, sse_on_data);
    curl_easy_setopt(h, CURLOPT_WRITEDATA, x);
    curl_easy_setopt(h, CURLOPT_NOPROGRESS, 0L);
    curl_easy_setopt(h, CURLOPT_XFERINFOFUNCTION, sse_progress);
    curl_easy_setopt(h, CURLOPT_XFERINFODATA, x);
    if (x->body) {
        curl_easy_setopt(h, CURLOPT_POSTFIELDS, x->body);
        curl_easy_setopt(h, CURLOPT_POSTFIELDSIZE, (long)strlen(x->body));
    }
    if (curl_easy_perform(h) == CURLE_OK)
        curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &status);
    curl_easy_cleanup(h);
    pthread_mutex_lock(&x->mu);
    x->status = status;
    x->ended = true;
    pthread_cond_broadcast(&x->cv);
    pthread_mutex_unlock(&x->mu);
    return NULL;
}

/* Starts reading method url (body may be NULL) on a thread. */
static struct sse *sse_open(const char *method, const char *url, const char *body, const char *sid,
                            const char *const *extra)
{
    struct sse *x = xcalloc(1, sizeof *x);
    snprintf(x->url, sizeof x->url, "%s", url);
    x->method = xstrdup(method);
    x->body = xstrdup(body);
    x->hl = headers_for(body, sid, extra);
    pthread_mutex_init(&x->mu, NULL);
    pthread_cond_init(&x->cv, NULL);
    x->events = json_array();
    x->ids = json_array();
    atomic_init(&x->stop, false);
    if (pthread_create(&x->thread, NULL, sse_run, x) != 0)
        abort();
    return x;
}

/* A received message with this method (or, with method NULL, the response
 * with this integer id), waiting up to WAIT_MS. Borrowed (lives as long as
 * x), or NULL. */
static json_t *sse_wait(struct sse *x, const char *method, long id)
{
    json_t *found = NULL;
    int64_t end = base_now_ms() + WAIT_MS;
    pthread_mutex_lock(&x->mu);
    for (;;) {
        size_t i;
        json_t *m;
        json_array_foreach(x->events, i, m)
        {
            const char *mm = json_string_value(json_object_get(m, "method"));
            if (method ? (mm && strcmp(mm, method) == 0)
                       : (!mm && json_integer_value(json_object_get(m, "id")) == id))
                found = m;
        }
        if (found || x->ended || base_now_ms() > end)
            break;
        pthread_mutex_unlock(&x->mu);
        base_sleep_ms(5);
        pthread_mutex_lock(&x->mu);
    }
    pthread_mutex_unlock(&x->mu);
    return found;
}

/* The event id (new string) of the message m received on x, or NULL. */
static char *sse_id_of(struct sse *x, json_t *m)
{
    char *out = NULL;
    size_t i;
    json_t *e;
    pthread_mutex_lock(&x->mu);
    json_array_foreach(x->events, i, e)
    {
        if (e == m)
            out = xstrdup(json_string_value(json_array_get(x->ids, i)));
    }
    pthread_mutex_unlock(&x->mu);
    return out;
}

/* Waits until the stream ends by itself (true) or WAIT_MS passes. */
static bool sse_wait_end(struct sse *x)
{
    int64_t end = base_now_ms() + WAIT_MS;
    pthread_mutex_lock(&x->mu);
    while (!x->ended && base_now_ms() < end) {
        pthread_mutex_unlock(&x->mu);
        base_sleep_ms(5);
        pthread_mutex_lock(&x->mu);
    }
    bool ended = x->ended;
    pthread_mutex_unlock(&x->mu);
    return ended;
}

/* Waits until n keepalive comments came (the stream is established). */
static bool sse_wait_keepalives(struct sse *x, int n)
{
    int64_t end = base_now_ms() + WAIT_MS;
    pthread_mutex_lock(&x->mu);
    while (x->keepalives < n && !x->ended && base_now_ms() < end) {
        pthread_mutex_unlock(&x->mu);
        base_sleep_ms(5);
        pthread_mutex_lock(&x->mu);
    }
    bool ok = x->keepalives >= n;
    pthread_mutex_unlock(&x->mu);
    return ok;
}

/* Aborts the transfer if still running and frees everything. */
static void sse_close(struct sse *x)
{
    atomic_store(&x->stop, true);
    pthread_join(x->thread, NULL);
    curl_slist_free_all(x->hl);
    free(x->method);
    free(x->body);
    buf_free(&x->raw);
    buf_free(&x->data);
    json_decref(x->events);
    json_decref(x->ids);
    pthread_cond_destroy(&x->cv);
    pthread_mutex_destroy(&x->mu);
    free(x);
}

/* ------------------------------------------------------------------ */
/* Tests                                                               */

static void test_initialize_assigns_session(void)
{
    struct fx f;
    struct res r, r2;
    fx_start(&f, NULL);
    const char *init = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{\"protocolVersion\":"
                       "\"2025-11-25\",\"capabilities\":{},\"clientInfo\":{\"name\":\"t\",\"version\":\"1\"}}}";
    req(&r, "POST", f.url, init, NULL, NULL);
    CHECK_INT(r.status, 200);
    CHECK_STR(r.ctype, "application/json");
    CHECK_INT(strlen(r.sid), 32);
    CHECK_INT(strspn(r.sid, "0123456789abcdef"), 32);
    json_t *v = json_loads(r.body, 0, NULL);
    CHECK_STR(json_string_value(json_object_get(json_object_get(v, "result"), "protocolVersion")), "2025-11-25");
    CHECK_INT(json_integer_value(json_object_get(v, "id")), 1);
    json_decref(v);
    /* a second initialize is a second session with another id */
    req(&r2, "POST", f.url, init, NULL, NULL);
    CHECK_INT(r2.status, 200);
    CHECK_INT(strlen(r2.sid), 32);
    CHECK(strcmp(r.sid, r2.sid) != 0);
    res_free(&r);
    res_free(&r2);
    /* an initialize that fails creates no session */
    req(&r, "POST", f.url, "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":[]}", NULL, NULL);
    CHECK_INT(r.status, 200);
    CHECK_CONTAINS(r.body, "\"error\"");
    CHECK_STR(r.sid, "");
    res_free(&r);
    fx_stop(&f);
}

static void test_tools_list_json(void)
{
    struct fx f;
    struct res r;
    char sid[64];
    fx_start(&f, NULL);
    init_session(&f, sid, sizeof sid, false);
    req(&r, "POST", f.url, "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/list\"}", sid, NULL);
    CHECK_INT(r.status, 200);
    CHECK_STR(r.ctype, "application/json");
    json_t *v = json_loads(r.body, 0, NULL);
    json_t *list = json_object_get(json_object_get(v, "result"), "tools");
    CHECK_INT(json_array_size(list), 7); /* "hidden" is not listed */
    CHECK_CONTAINS(r.body, "\"echo\"");
    CHECK_NOT_CONTAINS(r.body, "\"hidden\"");
    json_decref(v);
    res_free(&r);
    fx_stop(&f);
}

static void test_tools_call_sse(void)
{
    struct fx f;
    struct res r;
    char sid[64];
    fx_start(&f, NULL);
    init_session(&f, sid, sizeof sid, false);
    req(&r, "POST", f.url,
        "{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"tools/call\",\"params\":{\"name\":\"echo\",\"arguments\":{\"text\":"
        "\"hi there\"}}}",
        sid, NULL);
    CHECK_INT(r.status, 200);
    CHECK_STR(r.ctype, "text/event-stream");
    json_t *msgs = sse_parse(r.body);
    CHECK_INT(json_array_size(msgs), 1);
    json_t *resp = json_array_get(msgs, 0);
    CHECK_INT(json_integer_value(json_object_get(resp, "id")), 3);
    CHECK_STR(json_string_value(
                  json_object_get(json_array_get(json_object_get(json_object_get(resp, "result"), "content"), 0), "text")),
              "hi there");
    json_decref(msgs);
    res_free(&r);

    /* the call's notifications travel on its own stream, before the result */
    req(&r, "POST", f.url,
        "{\"jsonrpc\":\"2.0\",\"id\":\"p\",\"method\":\"tools/call\",\"params\":{\"name\":\"progress\",\"arguments\":{},"
        "\"_meta\":{\"progressToken\":\"tok\"}}}",
        sid, NULL);
    CHECK_INT(r.status, 200);
    msgs = sse_parse(r.body);
    CHECK_INT(json_array_size(msgs), 4);
    CHECK_STR(json_string_value(json_object_get(json_array_get(msgs, 0), "method")), "notifications/progress");
    CHECK_STR(json_string_value(json_object_get(json_object_get(json_array_get(msgs, 0), "params"), "progressToken")),
              "tok");
    CHECK_STR(json_string_value(json_object_get(json_array_get(msgs, 1), "method")), "notifications/message");
    CHECK_STR(json_string_value(json_object_get(json_array_get(msgs, 2), "method")), "notifications/progress");
    CHECK_STR(json_string_value(json_object_get(json_array_get(msgs, 3), "id")), "p");
    CHECK_CONTAINS(r.body, "progress done");
    json_decref(msgs);
    res_free(&r);
    fx_stop(&f);
}

static void test_tools_call_json(void)
{
    struct fx f;
    struct res r;
    char sid[64];
    struct mcp_http_options o = {.json_responses = true};
    fx_start(&f, &o);
    init_session(&f, sid, sizeof sid, false);
    struct sse *get = sse_open("GET", f.url, NULL, sid, (const char *const[]){"Accept: text/event-stream", NULL});
    req(&r, "POST", f.url,
        "{\"jsonrpc\":\"2.0\",\"id\":4,\"method\":\"tools/call\",\"params\":{\"name\":\"progress\",\"arguments\":{},"
        "\"_meta\":{\"progressToken\":7}}}",
        sid, NULL);
    CHECK_INT(r.status, 200);
    CHECK_STR(r.ctype, "application/json");
    json_t *v = json_loads(r.body, 0, NULL);
    CHECK_INT(json_integer_value(json_object_get(v, "id")), 4);
    CHECK_CONTAINS(r.body, "progress done");
    CHECK_NOT_CONTAINS(r.body, "notifications/progress");
    json_decref(v);
    res_free(&r);
    /* with a JSON answer, the call's notifications go to the GET stream */
    json_t *p = sse_wait(get, "notifications/progress", 0);
    CHECK(p != NULL);
    CHECK_INT(json_integer_value(json_object_get(json_object_get(p, "params"), "progressToken")), 7);
    CHECK(sse_wait(get, "notifications/message", 0) != NULL);
    sse_close(get);
    fx_stop(&f);
}

static void test_notification_and_response_202(void)
{
    struct fx f;
    struct res r;
    char sid[64];
    fx_start(&f, NULL);
    init_session(&f, sid, sizeof sid, false);
    req(&r, "POST", f.url, "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/roots/list_changed\"}", sid, NULL);
    CHECK_INT(r.status, 202);
    CHECK_STR(r.body, "");
    res_free(&r);
    req(&r, "POST", f.url, "{\"jsonrpc\":\"2.0\",\"id\":\"srv-99\",\"result\":{}}", sid, NULL);
    CHECK_INT(r.status, 202);
    CHECK_STR(r.body, "");
    res_free(&r);
    fx_stop(&f);
}

static void test_session_header_checks(void)
{
    struct fx f;
    char *body = NULL;
    fx_start(&f, NULL);
    const char *ping = "{\"jsonrpc\":\"2.0\",\"id\":5,\"method\":\"ping\"}";
    const char *accept[] = {ACCEPT_BOTH, NULL};
    const char *unknown[] = {ACCEPT_BOTH, "Mcp-Session-Id: 00000000000000000000000000000000", NULL};
    const char *get_unknown[] = {"Accept: text/event-stream", "Mcp-Session-Id: deadbeef", NULL};
    /* missing session id on a non-initialize request */
    CHECK_INT(tl_http("POST", f.url, ping, NULL, accept, &body), 400);
    CHECK_CONTAINS(body, "Mcp-Session-Id");
    free(body);
    CHECK_INT(tl_http("POST", f.url, ping, NULL, unknown, &body), 404);
    CHECK_CONTAINS(body, "-32001");
    free(body);
    CHECK_INT(tl_http("GET", f.url, NULL, NULL, get_unknown, NULL), 404);
    /* GET and DELETE without a session: not a 2026 method at all */
    CHECK_INT(tl_http("GET", f.url, NULL, NULL, (const char *const[]){"Accept: text/event-stream", NULL}, NULL), 405);
    CHECK_INT(tl_http("DELETE", f.url, NULL, NULL, unknown, NULL), 404);
    CHECK_INT(tl_http("DELETE", f.url, NULL, NULL, NULL, NULL), 405);
    fx_stop(&f);
}

static void test_origin_and_host(void)
{
    struct fx f;
    struct res r;
    char sid[64];
    fx_start(&f, NULL);
    init_session(&f, sid, sizeof sid, false);
    const char *ping = "{\"jsonrpc\":\"2.0\",\"id\":6,\"method\":\"ping\"}";
    req(&r, "POST", f.url, ping, sid, (const char *const[]){"Origin: http://evil.example.com", NULL});
    CHECK_INT(r.status, 403);
    CHECK_CONTAINS(r.body, "Origin");
    res_free(&r);
    req(&r, "POST", f.url, ping, sid, (const char *const[]){"Origin: http://localhost.evil.com:80", NULL});
    CHECK_INT(r.status, 403);
    res_free(&r);
    req(&r, "POST", f.url, ping, sid, (const char *const[]){"Origin: null", NULL});
    CHECK_INT(r.status, 403);
    res_free(&r);
    req(&r, "GET", f.url, NULL, sid,
        (const char *const[]){"Accept: text/event-stream", "Origin: https://evil.example.com", NULL});
    CHECK_INT(r.status, 403);
    res_free(&r);
    req(&r, "POST", f.url, ping, sid, (const char *const[]){"Origin: http://localhost:6274", NULL});
    CHECK_INT(r.status, 200);
    CHECK_STR(r.acao, "http://localhost:6274");
    res_free(&r);
    /* a browser's CORS preflight from an allowed origin */
    req(&r, "OPTIONS", f.url, NULL, NULL, (const char *const[]){"Origin: http://localhost:6274", NULL});
    CHECK_INT(r.status, 204);
    CHECK_STR(r.acao, "http://localhost:6274");
    res_free(&r);
    req(&r, "OPTIONS", f.url, NULL, NULL, (const char *const[]){"Origin: http://evil.example.com", NULL});
    CHECK_INT(r.status, 403);
    CHECK_STR(r.acao, "");
    res_free(&r);
    req(&r, "POST", f.url, ping, sid, NULL);
    CHECK_STR(r.acao, ""); /* no Origin, no CORS headers */
    res_free(&r);
    req(&r, "POST", f.url, ping, sid, (const char *const[]){"Origin: https://[::1]", NULL});
    CHECK_INT(r.status, 200);
    res_free(&r);
    /* DNS rebinding: a foreign Host on a loopback server, even without
     * Origin (browsers omit it on same-origin GETs) */
    req(&r, "POST", f.url, ping, sid, (const char *const[]){"Host: evil.example.com", NULL});
    CHECK_INT(r.status, 403);
    res_free(&r);
    req(&r, "POST", f.url, ping, sid, (const char *const[]){"Host: localhost:1234", NULL});
    CHECK_INT(r.status, 200);
    res_free(&r);
    fx_stop(&f);

    /* an explicit allow-list replaces the loopback default */
    const char *origins[] = {"https://app.example.com", NULL};
    struct mcp_http_options o = {.allowed_origins = origins};
    fx_start(&f, &o);
    init_session(&f, sid, sizeof sid, false);
    req(&r, "POST", f.url, ping, sid, (const char *const[]){"Origin: https://app.example.com", NULL});
    CHECK_INT(r.status, 200);
    res_free(&r);
    req(&r, "POST", f.url, ping, sid, (const char *const[]){"Origin: http://localhost:3000", NULL});
    CHECK_INT(r.status, 403);
    res_free(&r);
    fx_stop(&f);
}

static void test_protocol_version_header(void)
{
    struct fx f;
    struct res r;
    char sid[64];
    fx_start(&f, NULL);
    init_session(&f, sid, sizeof sid, false);
    const char *ping = "{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"ping\"}";
    req(&r, "POST", f.url, ping, sid, (const char *const[]){"MCP-Protocol-Version: 1999-01-01", NULL});
    CHECK_INT(r.status, 400);
    CHECK_CONTAINS(r.body, "MCP-Protocol-Version");
    res_free(&r);
    req(&r, "GET", f.url, NULL, sid,
        (const char *const[]){"Accept: text/event-stream", "MCP-Protocol-Version: 2099-12-31", NULL});
    CHECK_INT(r.status, 400);
    res_free(&r);
    req(&r, "POST", f.url, ping, sid, (const char *const[]){"MCP-Protocol-Version: 2025-11-25", NULL});
    CHECK_INT(r.status, 200);
    CHECK_STR(r.body, "{\"jsonrpc\":\"2.0\",\"id\":7,\"result\":{}}");
    res_free(&r);
    /* missing: assume 2025-03-26, which is supported */
    req(&r, "POST", f.url, ping, sid, NULL);
    CHECK_INT(r.status, 200);
    res_free(&r);
    fx_stop(&f);
}

static void test_delete_ends_session(void)
{
    struct fx f;
    struct res r;
    char sid[64];
    fx_start(&f, NULL);
    init_session(&f, sid, sizeof sid, false);
    struct sse *get = sse_open("GET", f.url, NULL, sid, (const char *const[]){"Accept: text/event-stream", NULL});
    CHECK(sse_wait_keepalives(get, 1));
    req(&r, "DELETE", f.url, NULL, sid, NULL);
    CHECK_INT(r.status, 200);
    res_free(&r);
    /* the open GET stream ends with the session */
    CHECK(sse_wait_end(get));
    CHECK_INT(get->status, 200);
    sse_close(get);
    req(&r, "POST", f.url, "{\"jsonrpc\":\"2.0\",\"id\":8,\"method\":\"ping\"}", sid, NULL);
    CHECK_INT(r.status, 404);
    res_free(&r);
    req(&r, "DELETE", f.url, NULL, sid, NULL);
    CHECK_INT(r.status, 404);
    res_free(&r);
    fx_stop(&f);
}

static void test_get_stream_list_changed(void)
{
    struct fx f;
    struct res r;
    char sid[64];
    fx_start(&f, NULL);
    init_session(&f, sid, sizeof sid, false);
    struct sse *get = sse_open("GET", f.url, NULL, sid, (const char *const[]){"Accept: text/event-stream", NULL});
    CHECK(sse_wait_keepalives(get, 1));
    req(&r, "POST", f.url,
        "{\"jsonrpc\":\"2.0\",\"id\":9,\"method\":\"tools/call\",\"params\":{\"name\":\"toggle\",\"arguments\":{}}}",
        sid, NULL);
    CHECK_INT(r.status, 200);
    CHECK_CONTAINS(r.body, "visible");
    /* list_changed concerns the session, not the call: GET stream only */
    CHECK_NOT_CONTAINS(r.body, "list_changed");
    res_free(&r);
    json_t *n = sse_wait(get, "notifications/tools/list_changed", 0);
    CHECK(n != NULL);
    req(&r, "POST", f.url, "{\"jsonrpc\":\"2.0\",\"id\":10,\"method\":\"tools/list\"}", sid, NULL);
    CHECK_CONTAINS(r.body, "\"hidden\"");
    res_free(&r);
    sse_close(get);
    fx_stop(&f);
}

/* Without a GET stream, a session-wide notification rides the SSE stream
 * of the call that caused it (clients that never open GET still hear it). */
static void test_list_changed_without_get(void)
{
    struct fx f;
    struct res r;
    char sid[64];
    fx_start(&f, NULL);
    init_session(&f, sid, sizeof sid, false);
    req(&r, "POST", f.url,
        "{\"jsonrpc\":\"2.0\",\"id\":9,\"method\":\"tools/call\",\"params\":{\"name\":\"toggle\",\"arguments\":{}}}",
        sid, NULL);
    CHECK_INT(r.status, 200);
    json_t *msgs = sse_parse(r.body);
    CHECK_INT(json_array_size(msgs), 2);
    CHECK_STR(json_string_value(json_object_get(json_array_get(msgs, 0), "method")),
              "notifications/tools/list_changed");
    CHECK_INT(json_integer_value(json_object_get(json_array_get(msgs, 1), "id")), 9);
    json_decref(msgs);
    res_free(&r);
    fx_stop(&f);
}

/* With JSON answers and no GET stream, session-wide messages wait for one. */
static void test_backlog_until_get(void)
{
    struct fx f;
    struct res r;
    char sid[64];
    fx_start(&f, &(struct mcp_http_options){.json_responses = true});
    init_session(&f, sid, sizeof sid, false);
    req(&r, "POST", f.url,
        "{\"jsonrpc\":\"2.0\",\"id\":11,\"method\":\"tools/call\",\"params\":{\"name\":\"toggle\",\"arguments\":{}}}",
        sid, NULL);
    CHECK_INT(r.status, 200);
    res_free(&r);
    struct sse *get = sse_open("GET", f.url, NULL, sid, (const char *const[]){"Accept: text/event-stream", NULL});
    CHECK(sse_wait(get, "notifications/tools/list_changed", 0) != NULL);
    sse_close(get);
    fx_stop(&f);
}

static void test_elicitation_over_sse(void)
{
    struct fx f;
    struct res r;
    char sid[64];
    fx_start(&f, NULL);
    init_session(&f, sid, sizeof sid, true);
    struct sse *call = sse_open(
        "POST", f.url, "{\"jsonrpc\":\"2.0\",\"id\":12,\"method\":\"tools/call\",\"params\":{\"name\":\"ask\"}}", sid,
        NULL);
    json_t *ask = sse_wait(call, "elicitation/create", 0);
    CHECK(ask != NULL);
    if (ask) {
        CHECK_STR(json_string_value(json_object_get(json_object_get(ask, "params"), "message")), "Confirm?");
        /* the same id again while the first runs */
        req(&r, "POST", f.url,
            "{\"jsonrpc\":\"2.0\",\"id\":12,\"method\":\"tools/call\",\"params\":{\"name\":\"echo\",\"arguments\":{}}}",
            sid, NULL);
        CHECK_INT(r.status, 409);
        res_free(&r);
        json_t *answer = json_pack("{s:s, s:O, s:{s:s, s:{s:b}}}", "jsonrpc", "2.0", "id", json_object_get(ask, "id"),
                                   "result", "action", "accept", "content", "confirm", 1);
        char *text = json_dumps(answer, JSON_COMPACT);
        req(&r, "POST", f.url, text, sid, NULL);
        CHECK_INT(r.status, 202);
        res_free(&r);
        free(text);
        json_decref(answer);
        json_t *resp = sse_wait(call, NULL, 12);
        CHECK(resp != NULL);
        CHECK_CONTAINS(harness_json(resp), "confirmed");
        /* the POST stream ends after its response */
        CHECK(sse_wait_end(call));
        CHECK_INT(call->status, 200);
    }
    sse_close(call);
    fx_stop(&f);
}

static void test_accept_content_type_method_path(void)
{
    struct fx f;
    struct res r;
    char sid[64];
    fx_start(&f, NULL);
    init_session(&f, sid, sizeof sid, false);
    const char *ping = "{\"jsonrpc\":\"2.0\",\"id\":13,\"method\":\"ping\"}";
    req(&r, "POST", f.url, ping, sid, (const char *const[]){"Accept: application/json", NULL});
    CHECK_INT(r.status, 406);
    res_free(&r);
    req(&r, "POST", f.url, ping, sid, (const char *const[]){"Accept: text/event-stream", NULL});
    CHECK_INT(r.status, 406);
    res_free(&r);
    req(&r, "POST", f.url, ping, sid, (const char *const[]){"Accept: */*", NULL});
    CHECK_INT(r.status, 200);
    res_free(&r);
    req(&r, "POST", f.url, ping, sid,
        (const char *const[]){"Accept: application/json;q=0.9, text/event-stream;q=0.8", NULL});
    CHECK_INT(r.status, 200);
    res_free(&r);
    req(&r, "POST", f.url, ping, sid, (const char *const[]){"Content-Type: text/plain", NULL});
    CHECK_INT(r.status, 415);
    res_free(&r);
    req(&r, "POST", f.url, ping, sid, (const char *const[]){"Content-Type: application/json; charset=utf-8", NULL});
    CHECK_INT(r.status, 200);
    res_free(&r);
    req(&r, "GET", f.url, NULL, sid, (const char *const[]){"Accept: application/json", NULL});
    CHECK_INT(r.status, 406);
    res_free(&r);
    req(&r, "PUT", f.url, ping, sid, NULL);
    CHECK_INT(r.status, 405);
    res_free(&r);
    char other[160];
    snprintf(other, sizeof other, "%s/extra", f.url);
    req(&r, "POST", other, ping, sid, NULL);
    CHECK_INT(r.status, 404);
    res_free(&r);
    fx_stop(&f);
}

static void test_bad_bodies(void)
{
    struct fx f;
    struct res r;
    char sid[64];
    fx_start(&f, NULL);
    init_session(&f, sid, sizeof sid, false);
    req(&r, "POST", f.url, "{\"jsonrpc\":", sid, NULL);
    CHECK_INT(r.status, 400);
    CHECK_CONTAINS(r.body, "-32700");
    res_free(&r);
    req(&r, "POST", f.url, "[{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}]", sid, NULL);
    CHECK_INT(r.status, 400);
    CHECK_CONTAINS(r.body, "batches");
    res_free(&r);
    req(&r, "POST", f.url, "{\"jsonrpc\":\"1.0\",\"id\":1,\"method\":\"ping\"}", sid, NULL);
    CHECK_INT(r.status, 400);
    CHECK_CONTAINS(r.body, "-32600");
    res_free(&r);
    /* one byte over the limit: refused before it is parsed */
    size_t n = MCP_MAX_MESSAGE + 1;
    char *big = xmalloc(n + 1);
    memset(big, ' ', n);
    big[0] = '{';
    big[n - 1] = '}';
    big[n] = '\0';
    req(&r, "POST", f.url, big, sid, NULL);
    CHECK_INT(r.status, 413);
    res_free(&r);
    free(big);
    /* the session still works */
    req(&r, "POST", f.url, "{\"jsonrpc\":\"2.0\",\"id\":14,\"method\":\"ping\"}", sid, NULL);
    CHECK_INT(r.status, 200);
    res_free(&r);
    fx_stop(&f);
}

static void test_idle_session_cleanup(void)
{
    struct fx f;
    struct res r;
    char sid[64];
    fx_start(&f, &(struct mcp_http_options){.idle_timeout_ms = 100});
    init_session(&f, sid, sizeof sid, false);
    long status = 200;
    int64_t end = base_now_ms() + WAIT_MS;
    /* each check is a use, so sleep longer than the timeout in between */
    while (status == 200 && base_now_ms() < end) {
        base_sleep_ms(300);
        req(&r, "POST", f.url, "{\"jsonrpc\":\"2.0\",\"id\":15,\"method\":\"ping\"}", sid, NULL);
        status = r.status;
        res_free(&r);
    }
    CHECK_INT(status, 404);
    fx_stop(&f);
}

#define INIT_BODY                                                                                              \
    "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{\"protocolVersion\":\"2025-11-25\","           \
    "\"capabilities\":{},\"clientInfo\":{\"name\":\"t\",\"version\":\"1\"}}}"

static void test_max_sessions(void)
{
    struct fx f;
    struct res r;
    char a[64], b[64];
    const char *ping = "{\"jsonrpc\":\"2.0\",\"id\":16,\"method\":\"ping\"}";
    fx_start(&f, &(struct mcp_http_options){.max_sessions = 1});
    init_session(&f, a, sizeof a, false);
    /* full: the idle session makes room */
    init_session(&f, b, sizeof b, false);
    req(&r, "POST", f.url, ping, a, NULL);
    CHECK_INT(r.status, 404);
    res_free(&r);
    req(&r, "POST", f.url, ping, b, NULL);
    CHECK_INT(r.status, 200);
    res_free(&r);
    /* a session with an open stream is not taken away */
    struct sse *get = sse_open("GET", f.url, NULL, b, (const char *const[]){"Accept: text/event-stream", NULL});
    CHECK(sse_wait_keepalives(get, 1));
    req(&r, "POST", f.url, INIT_BODY, NULL, NULL);
    CHECK_INT(r.status, 503);
    CHECK_STR(r.sid, "");
    res_free(&r);
    req(&r, "POST", f.url, ping, b, NULL);
    CHECK_INT(r.status, 200);
    res_free(&r);
    /* once the client drops its stream, the server notices (keepalive
     * write) and the session can make room again */
    sse_close(get);
    long status = 503;
    int64_t end = base_now_ms() + WAIT_MS;
    while (status == 503 && base_now_ms() < end) {
        base_sleep_ms(50);
        req(&r, "POST", f.url, INIT_BODY, NULL, NULL);
        status = r.status;
        if (status == 200)
            CHECK_INT(strlen(r.sid), 32);
        res_free(&r);
    }
    CHECK_INT(status, 200);
    req(&r, "POST", f.url, ping, b, NULL);
    CHECK_INT(r.status, 404);
    res_free(&r);
    fx_stop(&f);
}

static void test_stop_with_open_streams(void)
{
    struct fx f;
    char sid[64];
    fx_start(&f, NULL);
    init_session(&f, sid, sizeof sid, true);
    struct sse *get = sse_open("GET", f.url, NULL, sid, (const char *const[]){"Accept: text/event-stream", NULL});
    struct sse *call = sse_open(
        "POST", f.url, "{\"jsonrpc\":\"2.0\",\"id\":17,\"method\":\"tools/call\",\"params\":{\"name\":\"ask\"}}", sid,
        NULL);
    CHECK(sse_wait(call, "elicitation/create", 0) != NULL);
    /* a tool waiting on the client and an idle GET stream: stop must
     * still return, ending both streams */
    fx_stop(&f);
    CHECK(sse_wait_end(get));
    CHECK(sse_wait_end(call));
    sse_close(get);
    sse_close(call);
}

static void test_keepalive_comments(void)
{
    struct fx f;
    char sid[64];
    fx_start(&f, &(struct mcp_http_options){.keepalive_ms = 20});
    init_session(&f, sid, sizeof sid, false);
    struct sse *get = sse_open("GET", f.url, NULL, sid, (const char *const[]){"Accept: text/event-stream", NULL});
    CHECK(sse_wait_keepalives(get, 2));
    CHECK_INT(json_array_size(get->events), 0);
    sse_close(get);
    fx_stop(&f);
}

/* SSE streams start with a priming event (an id, a retry delay, no data)
 * and give every event an id. */
static void test_sse_priming_and_ids(void)
{
    struct fx f;
    struct res r;
    char sid[64];
    fx_start(&f, NULL);
    init_session(&f, sid, sizeof sid, false);
    req(&r, "POST", f.url,
        "{\"jsonrpc\":\"2.0\",\"id\":20,\"method\":\"tools/call\",\"params\":{\"name\":\"echo\",\"arguments\":{\"text\":"
        "\"x\"}}}",
        sid, NULL);
    CHECK_INT(r.status, 200);
    CHECK(strncmp(r.body, "id: p", 5) == 0);
    CHECK_CONTAINS(r.body, "-0\nretry: 1000\ndata: \n\n");
    CHECK_CONTAINS(r.body, "-1\nevent: message\ndata: {");
    res_free(&r);
    struct sse *get = sse_open("GET", f.url, NULL, sid, (const char *const[]){"Accept: text/event-stream", NULL});
    CHECK(sse_wait_keepalives(get, 1));
    pthread_mutex_lock(&get->mu);
    CHECK_STR(get->retry, "1000");
    pthread_mutex_unlock(&get->mu);
    sse_close(get);
    fx_stop(&f);
}

/* A POST stream cut before its response: a GET with Last-Event-ID picks
 * up where it broke and ends with the response; asking again gets 204. */
static void test_resume_after_disconnect(void)
{
    struct fx f;
    struct res r;
    char sid[64];
    fx_start(&f, NULL);
    init_session(&f, sid, sizeof sid, true);
    struct sse *call = sse_open(
        "POST", f.url, "{\"jsonrpc\":\"2.0\",\"id\":21,\"method\":\"tools/call\",\"params\":{\"name\":\"ask\"}}", sid,
        NULL);
    json_t *ask = sse_wait(call, "elicitation/create", 0);
    CHECK(ask != NULL);
    char *last = ask ? sse_id_of(call, ask) : NULL;
    CHECK(last != NULL);
    json_t *ask_id = ask ? json_incref(json_object_get(ask, "id")) : NULL;
    sse_close(call); /* the client's connection breaks */
    if (!last || !ask_id)
        goto out;
    char hdr[96];
    snprintf(hdr, sizeof hdr, "Last-Event-ID: %s", last);
    const char *hdrs[] = {"Accept: text/event-stream", hdr, NULL};
    /* 409 until the server noticed the break (its next keepalive) */
    struct sse *again = NULL;
    int64_t end = base_now_ms() + WAIT_MS;
    for (;;) {
        again = sse_open("GET", f.url, NULL, sid, hdrs);
        if (sse_wait_keepalives(again, 1) || base_now_ms() > end)
            break;
        sse_close(again);
        base_sleep_ms(20);
    }
    /* the tool is still waiting for its answer: give it */
    json_t *answer = json_pack("{s:s, s:O, s:{s:s, s:{s:b}}}", "jsonrpc", "2.0", "id", ask_id, "result", "action",
                               "accept", "content", "confirm", 1);
    char *text = json_dumps(answer, JSON_COMPACT);
    req(&r, "POST", f.url, text, sid, NULL);
    CHECK_INT(r.status, 202);
    res_free(&r);
    free(text);
    json_decref(answer);
    json_t *resp = sse_wait(again, NULL, 21);
    CHECK(resp != NULL);
    CHECK_CONTAINS(harness_json(resp), "confirmed");
    /* nothing replayed twice: the elicitation came before Last-Event-ID */
    CHECK(sse_wait(again, "elicitation/create", 0) == NULL);
    CHECK(sse_wait_end(again));
    CHECK_INT(again->status, 200);
    char *resp_id = resp ? sse_id_of(again, resp) : NULL;
    sse_close(again);
    /* everything was delivered: nothing to resume */
    snprintf(hdr, sizeof hdr, "Last-Event-ID: %s", resp_id ? resp_id : "p1-1");
    req(&r, "GET", f.url, NULL, sid, hdrs);
    CHECK_INT(r.status, 204);
    res_free(&r);
    free(resp_id);
out:
    free(last);
    json_decref(ask_id);
    fx_stop(&f);
}

/* An error response on a primed stream: the TypeScript SDK then asks to
 * resume it; 204 tells it there is nothing more. */
static void test_resume_finished_stream_204(void)
{
    struct fx f;
    struct res r;
    char sid[64];
    fx_start(&f, NULL);
    init_session(&f, sid, sizeof sid, false);
    req(&r, "POST", f.url,
        "{\"jsonrpc\":\"2.0\",\"id\":22,\"method\":\"tools/call\",\"params\":{\"name\":\"nope\",\"arguments\":{}}}",
        sid, NULL);
    CHECK_INT(r.status, 200);
    CHECK_CONTAINS(r.body, "-32602");
    /* the id of the error's event: "id: pN-1" */
    char hdr[96] = "Last-Event-ID: ?";
    const char *ev = strstr(r.body, "\nid: p");
    if (ev)
        snprintf(hdr, sizeof hdr, "Last-Event-ID: %.*s", (int)strcspn(ev + 5, "\n"), ev + 5);
    CHECK_CONTAINS(hdr, "-1");
    res_free(&r);
    req(&r, "GET", f.url, NULL, sid, (const char *const[]){"Accept: text/event-stream", hdr, NULL});
    CHECK_INT(r.status, 204);
    CHECK_STR(r.body, "");
    res_free(&r);
    req(&r, "GET", f.url, NULL, sid, (const char *const[]){"Accept: text/event-stream", "Last-Event-ID: p999-3", NULL});
    CHECK_INT(r.status, 204);
    res_free(&r);
    fx_stop(&f);
}

/* ------------------------------------------------------------------ */
/* 2026-07-28 requests                                                 */

#define META26                                                                                                  \
    "\"_meta\":{\"io.modelcontextprotocol/protocolVersion\":\"2026-07-28\","                                       \
    "\"io.modelcontextprotocol/clientCapabilities\":{}}"

/* POSTs a 2026 request: params inside (without braces, may be empty), the
 * standard headers for method/name unless extra replaces them. */
static void mreq(struct res *r, struct fx *f, long id, const char *method, const char *params, const char *name,
                 const char *const *extra)
{
    char *body = xasprintf("{\"jsonrpc\":\"2.0\",\"id\":%ld,\"method\":\"%s\",\"params\":{%s%s" META26 "}}", id,
                           method, params, *params ? "," : "");
    const char *hdrs[16];
    size_t n = 0;
    char *hm = xasprintf("Mcp-Method: %s", method);
    char *hn = name ? xasprintf("Mcp-Name: %s", name) : NULL;
    bool own_version = false, own_method = false, own_name = false;
    for (size_t i = 0; extra && extra[i] && n < 12; i++) {
        own_version |= strncasecmp(extra[i], "MCP-Protocol-Version", 20) == 0;
        own_method |= strncasecmp(extra[i], "Mcp-Method", 10) == 0;
        own_name |= strncasecmp(extra[i], "Mcp-Name", 8) == 0;
        hdrs[n++] = extra[i];
    }
    if (!own_version)
        hdrs[n++] = "MCP-Protocol-Version: 2026-07-28";
    if (!own_method)
        hdrs[n++] = hm;
    if (hn && !own_name)
        hdrs[n++] = hn;
    hdrs[n] = NULL;
    req(r, "POST", f->url, body, NULL, hdrs);
    free(body);
    free(hm);
    free(hn);
}

static int body_code(const struct res *r)
{
    json_t *v = json_loads(r->body, 0, NULL);
    int c = (int)json_integer_value(json_object_get(json_object_get(v, "error"), "code"));
    json_decref(v);
    return c;
}

static void test_modern_json_answers(void)
{
    struct fx f;
    struct res r;
    fx_start(&f, NULL);
    /* a stale Mcp-Session-Id is ignored, and no session is minted */
    mreq(&r, &f, 1, "tools/list", "", NULL, (const char *const[]){"Mcp-Session-Id: 0123", NULL});
    CHECK_INT(r.status, 200);
    CHECK_STR(r.ctype, "application/json");
    CHECK_STR(r.sid, "");
    CHECK_CONTAINS(r.body, "\"resultType\":\"complete\"");
    CHECK_CONTAINS(r.body, "\"ttlMs\":0"); /* tools declared to change */
    res_free(&r);
    mreq(&r, &f, 2, "tools/call", "\"name\":\"echo\",\"arguments\":{\"text\":\"hi\"}", "echo", NULL);
    CHECK_INT(r.status, 200);
    CHECK_CONTAINS(r.body, "\"id\":2");
    CHECK_CONTAINS(r.body, "hi");
    res_free(&r);
    /* a handler's error is the answer: HTTP 200 */
    mreq(&r, &f, 3, "tools/call", "\"name\":\"nosuch\"", "nosuch", NULL);
    CHECK_INT(r.status, 200);
    CHECK_INT(body_code(&r), -32602);
    res_free(&r);
    /* except a missing client capability: 400 */
    mreq(&r, &f, 4, "tools/call", "\"name\":\"needs\"", "needs", NULL);
    CHECK_INT(r.status, 400);
    CHECK_INT(body_code(&r), -32021);
    CHECK_CONTAINS(r.body, "\"requiredCapabilities\":{\"sampling\":{}}");
    res_free(&r);
    /* no GET or DELETE in 2026 */
    CHECK_INT(tl_http("GET", f.url, NULL, NULL, (const char *const[]){"Accept: text/event-stream", NULL}, NULL), 405);
    /* a notification is accepted and does nothing */
    req(&r, "POST", f.url, "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/whatever\",\"params\":{" META26 "}}", NULL,
        (const char *const[]){"MCP-Protocol-Version: 2026-07-28", "Mcp-Method: notifications/whatever", NULL});
    CHECK_INT(r.status, 202);
    res_free(&r);
    fx_stop(&f);
}

static void test_modern_header_rules(void)
{
    struct fx f;
    struct res r;
    fx_start(&f, NULL);
    static const struct {
        const char *method, *params, *name;
        const char *hdr[3];
        long status;
        int code;
    } cases[] = {
        {"tools/list", "", NULL, {"MCP-Protocol-Version: 2025-11-25", NULL}, 400, -32020},
        {"tools/list", "", NULL, {"Mcp-Method: prompts/list", NULL}, 400, -32020},
        {"tools/list", "", NULL, {"Mcp-Method: TOOLS/LIST", NULL}, 400, -32020},
        {"tools/list", "", NULL, {"mcp-method:   tools/list  ", NULL}, 200, 0},
        {"tools/call", "\"name\":\"echo\"", "echo", {"Mcp-Name: other", NULL}, 400, -32020},
        {"tools/call", "\"name\":\"echo\"", NULL, {NULL}, 400, -32020},
        {"tools/call", "\"name\":\"echo\"", NULL, {"Mcp-Name: =?base64?ZWNobw==?=", NULL}, 200, 0},
        {"tools/call", "\"name\":\"echo\"", NULL, {"Mcp-Name: =?base64?ZWNobw=?=", NULL}, 400, -32020},
        {"tools/call", "\"name\":\"echo\"", NULL, {"Mcp-Name: =?base64?ZWNoaw==?=", NULL}, 400, -32020},
        {"nosuch/method", "", NULL, {NULL}, 404, -32601},
        {"ping", "", NULL, {NULL}, 404, -32601},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        mreq(&r, &f, 10 + (long)i, cases[i].method, cases[i].params, cases[i].name, cases[i].hdr);
        if (r.status != cases[i].status || (cases[i].code && body_code(&r) != cases[i].code))
            harness_fail(__FILE__, __LINE__, "case %zu: status %ld body %s", i, r.status, r.body);
        CHECK_CONTAINS(r.body, "\"id\":"); /* every error names its request */
        res_free(&r);
    }
    /* an unsupported version on both: -32022 listing what is served */
    req(&r, "POST", f.url,
        "{\"jsonrpc\":\"2.0\",\"id\":30,\"method\":\"tools/list\",\"params\":{\"_meta\":{"
        "\"io.modelcontextprotocol/protocolVersion\":\"2099-01-01\",\"io.modelcontextprotocol/clientCapabilities\":{}}}}",
        NULL, (const char *const[]){"MCP-Protocol-Version: 2099-01-01", "Mcp-Method: tools/list", NULL});
    CHECK_INT(r.status, 400);
    CHECK_INT(body_code(&r), -32022);
    CHECK_CONTAINS(r.body, "\"supported\":[\"2026-07-28\"]");
    res_free(&r);
    /* the version header without _meta: the envelope is missing */
    req(&r, "POST", f.url, "{\"jsonrpc\":\"2.0\",\"id\":31,\"method\":\"tools/list\",\"params\":{}}", NULL,
        (const char *const[]){"MCP-Protocol-Version: 2026-07-28", "Mcp-Method: tools/list", NULL});
    CHECK_INT(r.status, 400);
    CHECK_INT(body_code(&r), -32602);
    res_free(&r);
    fx_stop(&f);
}

static void test_modern_param_headers(void)
{
    struct fx f;
    struct res r;
    fx_start(&f, NULL);
    static const struct {
        const char *args;
        const char *hdr[3];
        long status;
    } cases[] = {
        {"{\"region\":\"us-west1\"}", {"Mcp-Param-Region: us-west1", NULL}, 200},
        {"{\"region\":\"us-west1\"}", {"mcp-param-region:  us-west1 ", NULL}, 200},
        {"{\"region\":\"us-west1\"}", {NULL}, 400},
        {"{\"region\":\"us-west1\"}", {"Mcp-Param-Region: us-east1", NULL}, 400},
        {"{}", {"Mcp-Param-Region: us-west1", NULL}, 400},
        {"{\"region\":\"Hello, \\u4e16\\u754c\"}", {"Mcp-Param-Region: =?base64?SGVsbG8sIOS4lueVjA==?=", NULL}, 200},
        {"{\"region\":\"Hello\"}", {"Mcp-Param-Region: =?base64?SGVsbG8?=", NULL}, 400},
        {"{\"region\":\"Hello\"}", {"Mcp-Param-Region: =?base64?SGVs!!!bG8=?=", NULL}, 400},
        {"{\"region\":\"SGVsbG8=\"}", {"Mcp-Param-Region: SGVsbG8=", NULL}, 200},
        {"{\"count\":42}", {"Mcp-Param-Count: 42.0", NULL}, 200},
        {"{\"count\":42}", {"Mcp-Param-Count: 43", NULL}, 400},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char *params = xasprintf("\"name\":\"region\",\"arguments\":%s", cases[i].args);
        mreq(&r, &f, 40 + (long)i, "tools/call", params, "region", cases[i].hdr);
        free(params);
        if (r.status != cases[i].status || (r.status == 400 && body_code(&r) != -32020))
            harness_fail(__FILE__, __LINE__, "case %zu: status %ld body %s", i, r.status, r.body);
        res_free(&r);
    }
    fx_stop(&f);
}

/* Notifications before the response turn the answer into a stream. */
static void test_modern_sse_when_notified(void)
{
    struct fx f;
    struct res r;
    fx_start(&f, NULL);
    req(&r, "POST", f.url,
        "{\"jsonrpc\":\"2.0\",\"id\":5,\"method\":\"tools/call\",\"params\":{\"name\":\"progress\",\"_meta\":{"
        "\"progressToken\":\"p\",\"io.modelcontextprotocol/protocolVersion\":\"2026-07-28\","
        "\"io.modelcontextprotocol/clientCapabilities\":{},\"io.modelcontextprotocol/logLevel\":\"info\"}}}",
        NULL,
        (const char *const[]){"MCP-Protocol-Version: 2026-07-28", "Mcp-Method: tools/call", "Mcp-Name: progress", NULL});
    CHECK_INT(r.status, 200);
    CHECK_STR(r.ctype, "text/event-stream");
    json_t *msgs = sse_parse(r.body);
    CHECK_INT(json_array_size(msgs), 4); /* progress, log, progress, response */
    CHECK_STR(json_string_value(json_object_get(json_array_get(msgs, 1), "method")), "notifications/message");
    CHECK_INT(json_integer_value(json_object_get(json_array_get(msgs, 3), "id")), 5);
    json_decref(msgs);
    res_free(&r);
    fx_stop(&f);
}

static void test_modern_listen_stream(void)
{
    struct fx f;
    struct res r;
    fx_start(&f, NULL);
    const char *hdrs[] = {"MCP-Protocol-Version: 2026-07-28", "Mcp-Method: subscriptions/listen", NULL};
    struct sse *x = sse_open("POST", f.url,
                             "{\"jsonrpc\":\"2.0\",\"id\":70,\"method\":\"subscriptions/listen\",\"params\":{"
                             "\"notifications\":{\"toolsListChanged\":true}," META26 "}}",
                             NULL, hdrs);
    json_t *ack = sse_wait(x, "notifications/subscriptions/acknowledged", 0);
    CHECK(ack != NULL);
    mreq(&r, &f, 71, "tools/call", "\"name\":\"announce\"", "announce", NULL);
    CHECK_CONTAINS(r.body, "announced");
    res_free(&r);
    json_t *n = sse_wait(x, "notifications/tools/list_changed", 0);
    CHECK_INT(json_integer_value(json_object_get(json_object_get(json_object_get(n, "params"), "_meta"),
                                                 "io.modelcontextprotocol/subscriptionId")),
              70);
    /* closing the stream cancels the listen; the server goes on */
    sse_close(x);
    mreq(&r, &f, 72, "tools/call", "\"name\":\"announce\"", "announce", NULL);
    CHECK_INT(r.status, 200);
    res_free(&r);
    /* stopping with a listen stream open does not hang */
    x = sse_open("POST", f.url,
                 "{\"jsonrpc\":\"2.0\",\"id\":73,\"method\":\"subscriptions/listen\",\"params\":{\"notifications\":{},"
                 META26 "}}",
                 NULL, hdrs);
    CHECK(sse_wait(x, "notifications/subscriptions/acknowledged", 0) != NULL);
    fx_stop(&f);
    sse_close(x);
}

/* JSON with an id that jansson cannot hold: answered to its id. */
static void test_modern_unholdable_body(void)
{
    struct fx f;
    struct res r;
    fx_start(&f, NULL);
    req(&r, "POST", f.url,
        "{\"jsonrpc\":\"2.0\",\"id\":81,\"method\":\"tools/call\",\"params\":{\"name\":\"echo\",\"arguments\":{"
        "\"text\":\"a\\u0000b\"}," META26 "}}",
        NULL, (const char *const[]){"MCP-Protocol-Version: 2026-07-28", "Mcp-Method: tools/call", NULL});
    CHECK_INT(r.status, 400);
    CHECK_INT(body_code(&r), -32602);
    CHECK_CONTAINS(r.body, "\"id\":81");
    res_free(&r);
    req(&r, "POST", f.url, "{\"jsonrpc\":", NULL, NULL);
    CHECK_INT(body_code(&r), -32700);
    res_free(&r);
    fx_stop(&f);
}

static const struct test tests[] = {
    {"initialize_assigns_session", test_initialize_assigns_session},
    {"tools_list_json", test_tools_list_json},
    {"tools_call_sse", test_tools_call_sse},
    {"tools_call_json", test_tools_call_json},
    {"notification_and_response_202", test_notification_and_response_202},
    {"session_header_checks", test_session_header_checks},
    {"origin_and_host", test_origin_and_host},
    {"protocol_version_header", test_protocol_version_header},
    {"delete_ends_session", test_delete_ends_session},
    {"get_stream_list_changed", test_get_stream_list_changed},
    {"list_changed_without_get", test_list_changed_without_get},
    {"backlog_until_get", test_backlog_until_get},
    {"elicitation_over_sse", test_elicitation_over_sse},
    {"accept_content_type_method_path", test_accept_content_type_method_path},
    {"bad_bodies", test_bad_bodies},
    {"idle_session_cleanup", test_idle_session_cleanup},
    {"max_sessions", test_max_sessions},
    {"stop_with_open_streams", test_stop_with_open_streams},
    {"keepalive_comments", test_keepalive_comments},
    {"sse_priming_and_ids", test_sse_priming_and_ids},
    {"resume_after_disconnect", test_resume_after_disconnect},
    {"resume_finished_stream_204", test_resume_finished_stream_204},
    {"modern_json_answers", test_modern_json_answers},
    {"modern_header_rules", test_modern_header_rules},
    {"modern_param_headers", test_modern_param_headers},
    {"modern_sse_when_notified", test_modern_sse_when_notified},
    {"modern_listen_stream", test_modern_listen_stream},
    {"modern_unholdable_body", test_modern_unholdable_body},
    {NULL, NULL},
};

HARNESS_MAIN("http", tests)
