/* halo_int.h - internals shared by the HaloPSA client's files: the client
 * structure, the token cache, the throttle window, the curl handle pool and
 * the error helpers. Names: halo__x. Not a public interface. */
#ifndef HALOPSA_HALO_INT_H
#define HALOPSA_HALO_INT_H

#include "base/base.h"
#include "halo/halo.h"

#include <curl/curl.h>
#include <pthread.h>
#include <stdarg.h>

/* The same default as src/app/app_int.h; a -DHALOPSA_MCP_VERSION sets both. */
#ifndef HALOPSA_MCP_VERSION
#define HALOPSA_MCP_VERSION "0.1.0"
#endif
#define HALO_USER_AGENT "halopsa-mcp/" HALOPSA_MCP_VERSION

/* Replies above this size are refused rather than buffered without end. */
#define HALO_MAX_RESPONSE (64u * 1024 * 1024)

/* ---- throttle.c: the rolling window shared by every thread ---- */

struct halo_throttle {
    pthread_mutex_t lock;
    int limit;          /* requests per window */
    int window_ms;
    bool adopted;       /* the limit came from a 429 message */
    /* One stamp per request sent in the window. A stamp is the send time
     * while the request is in flight and its completion time after: the
     * server saw the request somewhere in between, so freeing the slot one
     * window after completion can never outrun the server's own window. */
    struct halo_slot {
        int64_t ms;
        uint64_t id;
        bool in_flight;
    } *slots;
    size_t nslots, cap;
    uint64_t next_id;
    int64_t throttled_waits;
    int64_t rate_limited;
    int64_t requests_total;
};

void halo__throttle_init(struct halo_throttle *t, int limit, int window_s);
void halo__throttle_destroy(struct halo_throttle *t);
/* Waits until the window has room, then takes a slot (*id, nonzero).
 * Returns 0; -1 when the thread's cancel check said stop; -2 at once, with
 * *retry_ms, when room would come only after deadline_ms (monotonic):
 * waiting past the caller's patience helps nobody. */
int halo__throttle_acquire(struct halo_throttle *t, int64_t deadline_ms, uint64_t *id,
                           int64_t *retry_ms);
/* The request holding slot id is finished (answered or failed). */
void halo__throttle_release(struct halo_throttle *t, uint64_t id);
/* A 429 arrived; msg (may be NULL) is HaloPSA's text. Adopts a limit the
 * text states ("300 Requests per rolling 5 minute window") when it is
 * stricter than the current one. */
void halo__throttle_on_429(struct halo_throttle *t, const char *msg);
/* Parses a limit statement; 0 and the values, or -1. Exposed for tests of
 * the message shapes. */
int halo__parse_rate_message(const char *msg, int *limit, int *window_s);
/* Requests in the current window (for status). */
int halo__throttle_used(struct halo_throttle *t);

/* ---- cancel (client.c) ---- */

/* True when the calling thread's cancel check says stop. */
bool halo__cancelled(void);
/* Sleeps ms in short slices; returns -1 early when cancelled, else 0. */
int halo__sleep(int64_t ms);

/* ---- the client ---- */

struct halo_client {
    struct halo_config cfg;
    char *token_url_full;       /* token_url plus ?tenant= when a tenant is set */

    pthread_mutex_t auth_lock;  /* held across a token request: one refresh for all */
    char *token;                /* "Bearer xyz" value for the header; NULL when none */
    char *auth_header;          /* "Authorization: Bearer xyz" */
    int64_t token_expires_ms;   /* monotonic */
    int64_t token_refresh_ms;   /* monotonic: refresh from here on */
    uint64_t token_gen;         /* bumped on each new token */

    struct halo_throttle throttle;

    pthread_mutex_t pool_lock;  /* idle curl handles, reused for keep-alive */
    CURL **pool;
    size_t npool, pool_cap;
};

/* ---- transport (client.c) ---- */

struct halo_resp {
    long status;              /* 0 when no response */
    CURLcode cc;
    char errbuf[CURL_ERROR_SIZE];
    struct buf body;
    char retry_after[128];    /* the Retry-After header, if any */
    char content_type[128];   /* the Content-Type header, if any */
    bool too_large;
};

/* One HTTP exchange on a pooled handle (no auth, throttle or retry).
 * headers may be NULL; body NULL for GET/DELETE. fresh forces a new
 * connection (writes: libcurl silently resends a request whose reused
 * connection died, which is only safe for a read: a POST would be
 * duplicated, and a DELETE applied by the first send would then find
 * nothing and be reported as a plain 404). */
void halo__perform(struct halo_client *hc, const char *method, const char *url,
                   struct curl_slist *headers, const char *body, const char *content_type,
                   bool fresh, struct halo_resp *r);
void halo__resp_free(struct halo_resp *r);
/* Percent-encodes s onto b (RFC 3986 unreserved kept). */
void halo__urlencode(struct buf *b, const char *s);
/* Builds "k=v&k=v" from a JSON object (borrowed, may be NULL) onto b. */
void halo__build_query(struct buf *b, json_t *query);
/* Milliseconds to wait from a Retry-After value (seconds or HTTP date);
 * -1 when absent or unreadable. */
int64_t halo__retry_after_ms(const char *v);

/* ---- auth.c ---- */

/* Copies the current "Authorization: Bearer ..." header line into *line
 * (new string) and its generation into *gen, fetching a token first when
 * there is none, it is near expiry, or the caller's last token (stale_gen,
 * 0 = none) was refused; a fetch waits for the rate limit only until
 * deadline_ms. 0 or -1 with err. */
int halo__auth_header(struct halo_client *hc, uint64_t stale_gen, int64_t deadline_ms,
                      char **line, uint64_t *gen, struct halo_error *err);
void halo__auth_clear(struct halo_client *hc);

/* ---- errors.c ---- */

/* Fills e for a request that would have to wait retry_ms for the rate
 * limit: "HaloPSA budget spent: retry in N s (why)". Returns -1. */
int halo__err_budget(struct halo_error *e, int status, const char *method, const char *path,
                     int64_t retry_ms, const char *why);

/* Fills e with kind, status, method, path (query cut off) and a printf
 * message, redacted. Returns -1 for tail calls. */
int halo__err(struct halo_error *e, enum halo_err_kind kind, int status, const char *method,
              const char *path, const char *fmt, ...) __attribute__((format(printf, 6, 7)));
/* What a sent write is known to have done: e->applied and e->outcome (the
 * client's words, printf-style). */
void halo__outcome(struct halo_error *e, enum halo_applied applied, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* HaloPSA's own message from an error body (any of the shapes it uses),
 * redacted, into out; falls back to the status reason. */
void halo__body_message(long status, const char *body, size_t len, char *out, size_t outlen);
/* The transport error text for a curl failure (host named, no secrets). */
void halo__transport_message(const struct halo_resp *r, const char *url, char *out,
                             size_t outlen);

/* ---- config.c ---- */

void halo__config_copy(struct halo_config *dst, const struct halo_config *src);

#endif
