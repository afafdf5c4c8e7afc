/* client.c - the request core: pooled curl handles with keep-alive, auth
 * header, throttle, safe retries, 401 refresh, 429 handling, and the
 * public GET/POST/DELETE helpers. */
#include "halo_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* Idle handles kept; more concurrent callers get handles that are freed
 * after use. */
#define POOL_MAX 16
/* Backoff for transport errors and 5xx: 250 ms doubling, capped. */
#define RETRY_BASE_MS 250
#define RETRY_CAP_MS 8000
/* A 429 without Retry-After: 1 s doubling, capped at 60 s. */
#define RL_BASE_MS 1000
#define RL_CAP_MS 60000

static pthread_once_t curl_once = PTHREAD_ONCE_INIT;
static CURLcode curl_init_rc;

static void curl_init(void) { curl_init_rc = curl_global_init(CURL_GLOBAL_DEFAULT); }

/* ---- cancel ---- */

static __thread halo_cancel_fn cancel_fn;
static __thread void *cancel_ud;

void halo_set_cancel(halo_cancel_fn fn, void *ud)
{
    cancel_fn = fn;
    cancel_ud = fn ? ud : NULL;
}

bool halo__cancelled(void) { return cancel_fn && cancel_fn(cancel_ud); }

/* ---- observer ---- */

static __thread halo_observe_fn observe_fn;
static __thread void *observe_ud;

void halo_set_observer(halo_observe_fn fn, void *ud)
{
    observe_fn = fn;
    observe_ud = fn ? ud : NULL;
}

static void observe(const char *method, const char *path, long status, json_t *reply)
{
    if (observe_fn)
        observe_fn(observe_ud, method, path, (int)status, reply);
}

int halo__sleep(int64_t ms)
{
    int64_t until = base_now_ms() + ms;
    for (;;) {
        if (halo__cancelled())
            return -1;
        int64_t left = until - base_now_ms();
        if (left <= 0)
            return 0;
        base_sleep_ms(left < 50 ? left : 50);
    }
}

/* ---- client lifetime ---- */

struct halo_client *halo_client_new(const struct halo_config *cfg)
{
    pthread_once(&curl_once, curl_init);
    if (curl_init_rc != CURLE_OK) {
        log_error("libcurl initialisation failed: %s", curl_easy_strerror(curl_init_rc));
        return NULL;
    }
    if (!cfg || !cfg->base_url || !cfg->token_url || !cfg->client_id || !cfg->client_secret)
        return NULL;
    struct halo_client *hc = xcalloc(1, sizeof *hc);
    halo__config_copy(&hc->cfg, cfg);
    log_add_secret(hc->cfg.client_secret);
    if (hc->cfg.tenant) {
        struct buf b = {0};
        buf_appends(&b, hc->cfg.token_url);
        buf_appends(&b, strchr(hc->cfg.token_url, '?') ? "&tenant=" : "?tenant=");
        halo__urlencode(&b, hc->cfg.tenant);
        hc->token_url_full = buf_steal(&b);
    } else {
        hc->token_url_full = xstrdup(hc->cfg.token_url);
    }
    pthread_mutex_init(&hc->auth_lock, NULL);
    pthread_mutex_init(&hc->pool_lock, NULL);
    halo__throttle_init(&hc->throttle, hc->cfg.rate_limit, hc->cfg.rate_window_s);
    return hc;
}

void halo_client_free(struct halo_client *hc)
{
    if (!hc)
        return;
    for (size_t i = 0; i < hc->npool; i++)
        curl_easy_cleanup(hc->pool[i]);
    free(hc->pool);
    halo__auth_clear(hc);
    halo__throttle_destroy(&hc->throttle);
    pthread_mutex_destroy(&hc->auth_lock);
    pthread_mutex_destroy(&hc->pool_lock);
    free(hc->token_url_full);
    if (hc->cfg.client_secret)
        memset(hc->cfg.client_secret, 0, strlen(hc->cfg.client_secret));
    halo_config_cleanup(&hc->cfg);
    free(hc);
}

const struct halo_config *halo_client_config(const struct halo_client *hc)
{
    return hc ? &hc->cfg : NULL;
}

/* An idle handle, or a new one: the caller's until pool_give. */
static CURL *pool_take(struct halo_client *hc)
{
    CURL *h = NULL;
    pthread_mutex_lock(&hc->pool_lock);
    if (hc->npool)
        h = hc->pool[--hc->npool];
    pthread_mutex_unlock(&hc->pool_lock);
    if (!h)
        h = curl_easy_init();
    if (!h) {
        log_error("curl_easy_init failed");
        abort(); /* only on allocation failure, like the x* wrappers */
    }
    return h;
}

static void pool_give(struct halo_client *hc, CURL *h)
{
    pthread_mutex_lock(&hc->pool_lock);
    if (hc->npool < POOL_MAX) {
        if (hc->npool == hc->pool_cap) {
            hc->pool_cap = hc->pool_cap ? hc->pool_cap * 2 : 4;
            hc->pool = xrealloc(hc->pool, hc->pool_cap * sizeof hc->pool[0]);
        }
        hc->pool[hc->npool++] = h;
        h = NULL;
    }
    pthread_mutex_unlock(&hc->pool_lock);
    if (h)
        curl_easy_cleanup(h);
}

/* ---- one exchange ---- */

static size_t on_body(char *ptr, size_t size, size_t nmemb, void *ud)
{
    struct halo_resp *r = ud;
    size_t n = size * nmemb;
    if (r->body.len + n > HALO_MAX_RESPONSE) {
        r->too_large = true;
        return 0;
    }
    buf_append(&r->body, ptr, n);
    return n;
}

/* The value of header name (with its colon) in the line ptr[0..n) into
 * out, blanks trimmed. */
static void header_value(const char *ptr, size_t n, const char *name, char *out, size_t outlen)
{
    size_t k = strlen(name);
    if (n <= k || strncasecmp(ptr, name, k) != 0)
        return;
    const char *v = ptr + k;
    size_t len = n - k;
    while (len && (*v == ' ' || *v == '\t'))
        v++, len--;
    while (len && (v[len - 1] == '\r' || v[len - 1] == '\n' || v[len - 1] == ' '))
        len--;
    if (len >= outlen)
        len = outlen - 1;
    memcpy(out, v, len);
    out[len] = '\0';
}

static size_t on_header(char *ptr, size_t size, size_t nmemb, void *ud)
{
    struct halo_resp *r = ud;
    size_t n = size * nmemb;
    if (n > 15 && strncasecmp(ptr, "Content-Length:", 15) == 0) {
        /* The body in one allocation instead of a dozen doublings. */
        unsigned long long len = strtoull(ptr + 15, NULL, 10);
        if (len > 0 && len <= HALO_MAX_RESPONSE && !r->body.cap)
            buf_reserve(&r->body, (size_t)len);
    }
    header_value(ptr, n, "Retry-After:", r->retry_after, sizeof r->retry_after);
    header_value(ptr, n, "Content-Type:", r->content_type, sizeof r->content_type);
    return n;
}

/* Aborts a GET in flight when the caller cancels (nothing to undo). */
static int on_progress(void *ud, curl_off_t dlt, curl_off_t dln, curl_off_t ult, curl_off_t uln)
{
    (void)ud, (void)dlt, (void)dln, (void)ult, (void)uln;
    return halo__cancelled() ? 1 : 0;
}

void halo__perform(struct halo_client *hc, const char *method, const char *url,
                   struct curl_slist *headers, const char *body, const char *content_type,
                   bool fresh, struct halo_resp *r)
{
    memset(r, 0, sizeof *r);
    CURL *h = pool_take(hc);
    struct curl_slist *hl = NULL;
    /* Reset keeps the handle's live connections, DNS cache and TLS
     * sessions; only the options start over. */
    curl_easy_reset(h);
    curl_easy_setopt(h, CURLOPT_URL, url);
    curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(h, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(h, CURLOPT_ERRORBUFFER, r->errbuf);
    curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT_MS, hc->cfg.connect_timeout_ms);
    curl_easy_setopt(h, CURLOPT_TIMEOUT_MS, hc->cfg.timeout_ms);
    curl_easy_setopt(h, CURLOPT_USERAGENT, HALO_USER_AGENT);
    curl_easy_setopt(h, CURLOPT_TCP_KEEPALIVE, 1L);
    curl_easy_setopt(h, CURLOPT_ACCEPT_ENCODING, "");
    if (hc->cfg.ca_file)
        curl_easy_setopt(h, CURLOPT_CAINFO, hc->cfg.ca_file);
    curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, on_body);
    curl_easy_setopt(h, CURLOPT_WRITEDATA, r);
    curl_easy_setopt(h, CURLOPT_HEADERFUNCTION, on_header);
    curl_easy_setopt(h, CURLOPT_HEADERDATA, r);
    if (fresh)
        curl_easy_setopt(h, CURLOPT_FRESH_CONNECT, 1L);
    for (struct curl_slist *s = headers; s; s = s->next)
        hl = curl_slist_append(hl, s->data);
    if (body) {
        char *ct = xasprintf("Content-Type: %s", content_type ? content_type : "application/json");
        hl = curl_slist_append(hl, ct);
        free(ct);
        curl_easy_setopt(h, CURLOPT_POST, 1L);
        curl_easy_setopt(h, CURLOPT_POSTFIELDS, body);
        curl_easy_setopt(h, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)strlen(body));
        /* No "Expect: 100-continue" round-trip for big bodies. */
        hl = curl_slist_append(hl, "Expect:");
    } else if (strcmp(method, "GET") != 0) {
        curl_easy_setopt(h, CURLOPT_CUSTOMREQUEST, method);
    }
    if (strcmp(method, "GET") == 0) {
        curl_easy_setopt(h, CURLOPT_NOPROGRESS, 0L);
        curl_easy_setopt(h, CURLOPT_XFERINFOFUNCTION, on_progress);
    }
    if (hl)
        curl_easy_setopt(h, CURLOPT_HTTPHEADER, hl);
    r->cc = curl_easy_perform(h);
    if (r->cc == CURLE_OK)
        curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &r->status);
    curl_easy_setopt(h, CURLOPT_ERRORBUFFER, NULL);
    curl_easy_setopt(h, CURLOPT_HTTPHEADER, NULL);
    curl_slist_free_all(hl);
    pool_give(hc, h);
}

void halo__resp_free(struct halo_resp *r) { buf_free(&r->body); }

/* Longer waits are read as a day: a server's Retry-After of 2^63 seconds
 * must neither overflow here nor in a caller's now + wait. */
#define RETRY_AFTER_MAX_S 86400

int64_t halo__retry_after_ms(const char *v)
{
    if (!v || !*v)
        return -1;
    char *end;
    long long s = strtoll(v, &end, 10);
    if (end != v && !*end)
        return s < 0 ? 0 : (s > RETRY_AFTER_MAX_S ? RETRY_AFTER_MAX_S : s) * 1000;
    time_t t = curl_getdate(v, NULL);
    if (t == (time_t)-1)
        return -1;
    /* Compared in seconds first: a date curl reads as far enough ahead
     * (or behind) has no 64-bit count of milliseconds. */
    int64_t now = base_wall_ms();
    if (t < 0 || (int64_t)t < now / 1000)
        return 0;
    if ((int64_t)t - now / 1000 > RETRY_AFTER_MAX_S)
        return RETRY_AFTER_MAX_S * 1000;
    int64_t ms = (int64_t)t * 1000 - now;
    return ms < 0 ? 0 : ms > RETRY_AFTER_MAX_S * 1000 ? RETRY_AFTER_MAX_S * 1000 : ms;
}

/* ---- the request core ---- */

/* Provably never reached the server: nothing can have been applied. */
static bool never_reached(CURLcode cc)
{
    return cc == CURLE_COULDNT_RESOLVE_HOST || cc == CURLE_COULDNT_RESOLVE_PROXY ||
           cc == CURLE_COULDNT_CONNECT;
}

static bool transport_retryable(CURLcode cc, bool idempotent)
{
    /* Never reached the server: safe for anything. */
    if (never_reached(cc))
        return true;
    if (!idempotent)
        return false;
    switch (cc) {
    case CURLE_OPERATION_TIMEDOUT:
    case CURLE_SEND_ERROR:
    case CURLE_RECV_ERROR:
    case CURLE_GOT_NOTHING:
    case CURLE_PARTIAL_FILE:
    case CURLE_SSL_CONNECT_ERROR:
    case CURLE_HTTP2:
    case CURLE_HTTP2_STREAM:
        return true;
    default:
        return false;
    }
}

static int64_t backoff_ms(int attempt, int64_t base, int64_t cap)
{
    int64_t ms = base << (attempt < 16 ? attempt : 16);
    return ms > cap ? cap : ms;
}

/* The request would wait retry_ms for this client's own window. */
static void budget_spent(struct halo_client *hc, struct halo_error *err, const char *method,
                         const char *path, int64_t retry_ms)
{
    char why[200];
    pthread_mutex_lock(&hc->throttle.lock);
    snprintf(why, sizeof why,
             "this client sends at most %d requests per %d s to HaloPSA (HALOPSA_RATE_LIMIT) and "
             "they are used",
             hc->throttle.limit, hc->throttle.window_ms / 1000);
    pthread_mutex_unlock(&hc->throttle.lock);
    halo__err_budget(err, 0, method, path, retry_ms, why);
}

/* How a 2xx body becomes the result (new), or NULL with why and the byte
 * offset at when it is not valid JSON. n may be 0 (no body). */
struct decoder {
    json_t *(*decode)(const struct decoder *d, const char *p, size_t n, char *why, size_t whylen,
                      size_t *at);
    const char *key;           /* projection: the rows' key and fields */
    const char *const *fields;
    int64_t *record_count;
    struct halo_bytes *raw;    /* a file: the 2xx body is taken as it came (decode unused) */
};

/* The whole body as jansson reads it; no body is an empty object. */
static json_t *decode_json(const struct decoder *d, const char *p, size_t n, char *why,
                           size_t whylen, size_t *at)
{
    (void)d;
    if (!n)
        return json_object();
    json_error_t je;
    json_t *j = json_loadb(p, n, JSON_DECODE_ANY, &je);
    if (!j) {
        snprintf(why, whylen, "%s", je.text);
        *at = (size_t)je.position;
    }
    return j;
}

static json_t *decode_rows(const struct decoder *d, const char *p, size_t n, char *why,
                           size_t whylen, size_t *at)
{
    return halo_project_rows(p, n, d->key, d->fields, d->record_count, why, whylen, at);
}

static const struct decoder json_decoder = {decode_json, NULL, NULL, NULL, NULL};

/* A 429 (the attempt-th of this request): adopts a limit its text states,
 * then waits as long as HaloPSA asks (or backs off) when attempt < max and
 * the wait fits before deadline. true = try again; false = stop, err
 * filled. A 429 is a refusal before processing, so a POST may wait and go
 * again too. */
static bool on_429(struct halo_client *hc, const struct halo_resp *r, const char *method,
                   const char *path, int attempt, int max, int64_t deadline,
                   struct halo_error *err)
{
    char msg[700];
    halo__body_message(429, r->body.data, r->body.len, msg, sizeof msg);
    halo__throttle_on_429(&hc->throttle, msg);
    if (attempt >= max) {
        halo__err(err, HALO_E_RATELIMIT, 429, method, path, "%s", msg);
        return false;
    }
    int64_t wait = halo__retry_after_ms(r->retry_after);
    int64_t window = (int64_t)hc->cfg.rate_window_s * 1000;
    int64_t cap = window > RL_CAP_MS ? window : RL_CAP_MS;
    if (wait < 0)
        wait = backoff_ms(attempt, RL_BASE_MS, RL_CAP_MS);
    else if (wait > cap)
        wait = cap;
    if (base_now_ms() + wait > deadline) {
        char why[800];
        snprintf(why, sizeof why, "HaloPSA answered 429: %s", msg);
        halo__err_budget(err, 429, method, path, wait, why);
        return false;
    }
    log_debug("%s %s: 429 (%s); waiting %lld ms", method, path, msg, (long long)wait);
    if (halo__sleep(wait) < 0) {
        halo__err(err, HALO_E_CANCELLED, 0, method, path, "cancelled");
        return false;
    }
    return true;
}

/* Fills err for a final non-2xx answer. lost_why (NULL when none) says
 * why an earlier try of this write may have been applied. */
static void http_failed(const struct halo_resp *r, const char *method, const char *path,
                        const char *lost_why, struct halo_error *err)
{
    char msg[900];
    enum halo_err_kind k = r->status == 401 ? HALO_E_AUTH : HALO_E_HTTP;
    halo__body_message(r->status, r->body.data, r->body.len, msg, sizeof msg);
    halo__err(err, k, (int)r->status, method, path, "%s", msg);
    if (r->status == 404 && lost_why && strcmp(method, "DELETE") == 0)
        halo__outcome(err, HALO_APPLIED_ALREADY,
                      "already deleted: an earlier try got no answer (%s) and this one found "
                      "no such record",
                      lost_why);
    else if (lost_why)
        halo__outcome(err, HALO_APPLIED_UNKNOWN,
                      "HaloPSA may or may not have applied it: check with a get before "
                      "sending it again");
}

/* The result of a 2xx answer (new), or NULL with err when its body is not
 * what dec reads; an empty body is an empty result. */
static json_t *decode_2xx(struct halo_client *hc, const struct decoder *dec,
                          struct halo_resp *r, const char *method, const char *path,
                          bool write, struct halo_error *err)
{
    if (dec->raw) {
        /* a file: its bytes as they came, not trimmed or parsed */
        dec->raw->len = r->body.len;
        dec->raw->data = buf_steal(&r->body);
        snprintf(dec->raw->content_type, sizeof dec->raw->content_type, "%s", r->content_type);
        return json_object();
    }
    size_t n = r->body.len;
    const char *p = r->body.data ? r->body.data : "";
    while (n && (*p == ' ' || *p == '\n' || *p == '\r' || *p == '\t'))
        p++, n--;
    char why[160] = "";
    size_t at = 0;
    json_t *result = dec->decode(dec, p, n, why, sizeof why, &at);
    if (result)
        return result;
    if (write) {
        /* The write went through; only its echo is lost. */
        halo__err(err, HALO_E_PARSE, (int)r->status, method, path, "%s at byte %zu",
                  *p == '<' ? "HTML instead of JSON" : why, at);
        halo__outcome(err, HALO_APPLIED_PROBABLY,
                      "HaloPSA accepted it (%ld) but the reply was unreadable: the change was "
                      "probably applied; check with a get before retrying",
                      r->status);
    } else if (*p == '<') {
        /* A sign-in or landing page: the URL is not the API. */
        halo__err(err, HALO_E_PARSE, (int)r->status, method, path,
                  "HaloPSA sent HTML instead of JSON; check that HALOPSA_BASE_URL (%s) is the "
                  "HaloPSA web address that serves /api",
                  hc->cfg.base_url);
    } else {
        halo__err(err, HALO_E_PARSE, (int)r->status, method, path,
                  "HaloPSA sent a reply that is not valid JSON (%s at byte %zu)", why, at);
    }
    return NULL;
}

/* One API call with everything around it: token, throttle, retries that
 * cannot duplicate anything, 401 refresh, 429 waits. Logs and errors name
 * the path only, since the query can hold search text. Returns the body as
 * dec reads it (a new reference), or NULL with err. Longer than most: one
 * loop in which every try's outcome (retry, wait, or what is known about a
 * sent write) is decided in one place is easier to check for duplicated
 * writes than the same state spread over callbacks. */
static json_t *request(struct halo_client *hc, const char *method, const char *path,
                       json_t *query, const char *body, const struct decoder *dec,
                       struct halo_error *err)
{
    struct halo_error tmp;
    if (!err)
        err = &tmp;
    memset(err, 0, sizeof *err);
    if (!hc || !path || path[0] != '/') {
        halo__err(err, HALO_E_CONFIG, 0, method, path ? path : "",
                  "bad request path (must start with /api/)");
        return NULL;
    }
    bool idempotent = strcmp(method, "POST") != 0;
    bool write = strcmp(method, "GET") != 0;
    /* An earlier try of this write may have been applied (its answer was
     * lost): a DELETE retry that finds nothing then means "already gone". */
    bool lost = false;
    char lost_why[128] = "";
    struct buf url = {0};
    buf_appends(&url, hc->cfg.base_url);
    buf_appends(&url, path);
    if (query && json_object_size(query)) {
        struct buf q = {0};
        halo__build_query(&q, query);
        if (q.len) {
            buf_appends(&url, strchr(path, '?') ? "&" : "?");
            buf_append(&url, q.data, q.len);
        }
        buf_free(&q);
    }

    json_t *result = NULL;
    /* Waiting for the rate limit past this helps nobody: the MCP client
     * behind us gives up at about a minute. */
    int64_t deadline = base_now_ms() + hc->cfg.max_wait_ms;
    uint64_t stale_gen = 0;
    bool refreshed = false;
    int retries = 0, rl_retries = 0;
    /* 429s have their own count under the same bound: most of the waiting
     * for the window happens in the throttle, which does not count. */
    int rl_max = hc->cfg.max_retries;
    for (;;) {
        if (halo__cancelled()) {
            halo__err(err, HALO_E_CANCELLED, 0, method, path, "cancelled");
            break;
        }
        char *auth = NULL;
        uint64_t gen = 0;
        if (halo__auth_header(hc, stale_gen, deadline, &auth, &gen, err) < 0)
            break;
        struct curl_slist *hl =
            curl_slist_append(NULL, dec->raw ? "Accept: */*" : "Accept: application/json");
        hl = curl_slist_append(hl, auth);
        memset(auth, 0, strlen(auth));
        free(auth);
        uint64_t slot = 0;
        int64_t retry_ms = 0;
        int ta = halo__throttle_acquire(&hc->throttle, deadline, &slot, &retry_ms);
        if (ta != 0) {
            curl_slist_free_all(hl);
            if (ta == -2)
                budget_spent(hc, err, method, path, retry_ms);
            else
                halo__err(err, HALO_E_CANCELLED, 0, method, path,
                          "cancelled while waiting for the rate limit window");
            break;
        }
        struct halo_resp r;
        int64_t t0 = base_now_ms();
        /* Every write on a new connection: libcurl silently sends a request
         * again when a reused connection closes before any reply byte, and
         * a DELETE applied by the first send would then come back as a
         * plain 404 instead of "already deleted". */
        halo__perform(hc, method, url.data, hl, body, "application/json", write, &r);
        halo__throttle_release(&hc->throttle, slot);
        /* The slist holds the token: wipe it before freeing. */
        for (struct curl_slist *s = hl; s; s = s->next)
            memset(s->data, 0, strlen(s->data));
        curl_slist_free_all(hl);
        if (r.status < 200 || r.status >= 300)
            observe(method, path, r.status, NULL); /* a 2xx once its body is read */
        if (r.status)
            log_debug("%s %s %ld %lld ms", method, path, r.status,
                      (long long)(base_now_ms() - t0));
        else
            log_debug("%s %s - %lld ms (%s)", method, path, (long long)(base_now_ms() - t0),
                      curl_easy_strerror(r.cc));

        if (!r.status) {
            char msg[600];
            if (r.cc == CURLE_ABORTED_BY_CALLBACK && halo__cancelled()) {
                halo__resp_free(&r);
                halo__err(err, HALO_E_CANCELLED, 0, method, path, "cancelled");
                break;
            }
            if (write && !never_reached(r.cc)) {
                lost = true;
                snprintf(lost_why, sizeof lost_why, "%s", curl_easy_strerror(r.cc));
            }
            if (transport_retryable(r.cc, idempotent) && retries < hc->cfg.max_retries) {
                int64_t wait = backoff_ms(retries++, RETRY_BASE_MS, RETRY_CAP_MS);
                log_debug("%s %s: %s; retry %d in %lld ms", method, path,
                          curl_easy_strerror(r.cc), retries, (long long)wait);
                halo__resp_free(&r);
                if (halo__sleep(wait) < 0) {
                    halo__err(err, HALO_E_CANCELLED, 0, method, path, "cancelled");
                    break;
                }
                continue;
            }
            halo__transport_message(&r, url.data, msg, sizeof msg);
            enum halo_err_kind k = r.cc == CURLE_OPERATION_TIMEDOUT ? HALO_E_TIMEOUT
                                   : r.too_large                    ? HALO_E_PARSE
                                                                    : HALO_E_NETWORK;
            halo__err(err, k, 0, method, path, "%s", msg);
            if (lost)
                halo__outcome(err, HALO_APPLIED_UNKNOWN,
                              "it was sent and no answer came back%s, so HaloPSA may or may "
                              "not have applied it: check with a get before sending it again",
                              idempotent ? "" : " (not sent again)");
            halo__resp_free(&r);
            break;
        }
        if (r.status == 401 && !refreshed) {
            /* The token expired or was revoked: one fresh token, one more
             * try. Safe even for POST: a 401 was not processed. */
            log_debug("%s %s: 401; refreshing the token", method, path);
            refreshed = true;
            stale_gen = gen;
            halo__resp_free(&r);
            continue;
        }
        if (r.status == 429) {
            bool again = on_429(hc, &r, method, path, rl_retries++, rl_max, deadline, err);
            halo__resp_free(&r);
            if (again)
                continue;
            break;
        }
        if (write && r.status >= 500) {
            lost = true;
            snprintf(lost_why, sizeof lost_why, "HTTP %ld", r.status);
        }
        if (idempotent && (r.status == 502 || r.status == 503 || r.status == 504) &&
            retries < hc->cfg.max_retries) {
            int64_t wait = halo__retry_after_ms(r.retry_after);
            if (wait < 0 || wait > RL_CAP_MS)
                wait = backoff_ms(retries, RETRY_BASE_MS, RETRY_CAP_MS);
            retries++;
            log_debug("%s %s: %ld; retry %d in %lld ms", method, path, r.status, retries,
                      (long long)wait);
            halo__resp_free(&r);
            if (halo__sleep(wait) < 0) {
                halo__err(err, HALO_E_CANCELLED, 0, method, path, "cancelled");
                break;
            }
            continue;
        }
        if (r.status < 200 || r.status >= 300)
            http_failed(&r, method, path, lost ? lost_why : NULL, err);
        else
            result = decode_2xx(hc, dec, &r, method, path, write, err);
        observe(method, path, r.status, result);
        halo__resp_free(&r);
        break;
    }
    buf_free(&url);
    return result;
}

json_t *halo_get(struct halo_client *hc, const char *path, json_t *query, struct halo_error *err)
{
    return request(hc, "GET", path, query, NULL, &json_decoder, err);
}

json_t *halo_get_rows(struct halo_client *hc, const char *path, json_t *query, const char *key,
                      const char *const *fields, int64_t *record_count, struct halo_error *err)
{
    struct decoder d = {decode_rows, key, fields, record_count, NULL};
    return request(hc, "GET", path, query, NULL, &d, err);
}

int halo_get_bytes(struct halo_client *hc, const char *path, json_t *query,
                   struct halo_bytes *out, struct halo_error *err)
{
    memset(out, 0, sizeof *out);
    struct decoder d = {decode_json, NULL, NULL, NULL, out};
    json_t *r = request(hc, "GET", path, query, NULL, &d, err);
    if (!r)
        return -1;
    json_decref(r);
    return 0;
}

void halo_bytes_free(struct halo_bytes *b)
{
    free(b->data);
    memset(b, 0, sizeof *b);
}

json_t *halo_delete(struct halo_client *hc, const char *path, json_t *query, struct halo_error *err)
{
    return request(hc, "DELETE", path, query, NULL, &json_decoder, err);
}

json_t *halo_post_array(struct halo_client *hc, const char *path, json_t *records,
                        struct halo_error *err)
{
    struct halo_error tmp;
    if (!err)
        err = &tmp;
    if (!json_is_array(records)) {
        memset(err, 0, sizeof *err);
        halo__err(err, HALO_E_CONFIG, 0, "POST", path ? path : "",
                  "HaloPSA takes an array of records in a POST body");
        return NULL;
    }
    char *body = json_dumps(records, JSON_COMPACT);
    json_t *res = request(hc, "POST", path, NULL, body, &json_decoder, err);
    free(body);
    return res;
}

/* ---- status ---- */

void halo_client_status(struct halo_client *hc, struct halo_status *st)
{
    memset(st, 0, sizeof *st);
    if (!hc)
        return;
    snprintf(st->base_url, sizeof st->base_url, "%s", hc->cfg.base_url);
    st->has_credentials = hc->cfg.client_id && hc->cfg.client_secret;
    pthread_mutex_lock(&hc->auth_lock);
    int64_t now = base_now_ms();
    if (hc->token && now < hc->token_expires_ms) {
        st->token_valid = true;
        st->token_expires_in_s = (hc->token_expires_ms - now) / 1000;
    }
    pthread_mutex_unlock(&hc->auth_lock);
    st->used_in_window = halo__throttle_used(&hc->throttle);
    pthread_mutex_lock(&hc->throttle.lock);
    st->rate_limit = hc->throttle.limit;
    st->rate_window_s = hc->throttle.window_ms / 1000;
    st->requests_total = hc->throttle.requests_total;
    st->throttled_waits = hc->throttle.throttled_waits;
    st->rate_limited = hc->throttle.rate_limited;
    pthread_mutex_unlock(&hc->throttle.lock);
}
