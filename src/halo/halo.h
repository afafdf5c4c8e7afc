/* halo.h - the HaloPSA REST client: configuration, OAuth2 client
 * credentials, client-side throttling, safe retries, HaloPSA's error text
 * passed through, envelope unwrapping and paging. The only code that talks
 * to HaloPSA; knows nothing of MCP. Prefix: halo_.
 *
 * Ownership words follow jansson: a "new reference" is the caller's to
 * json_decref; a "borrowed reference" must not be released. */
#ifndef HALOPSA_HALO_H
#define HALOPSA_HALO_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* ------------------------------------------------------------------ */
/* Configuration                                                       */

#define HALO_DEFAULT_MAX_WAIT_MS 50000

struct halo_config {
    char *base_url;      /* scheme://host[:port][/prefix], no trailing slash, no /api */
    char *token_url;     /* full token endpoint, e.g. <base>/auth/token or <auth>/token */
    char *client_id;
    char *client_secret;
    char *tenant;        /* NULL unless HALOPSA_TENANT was given */
    char *scope;         /* default "all" */
    char *ca_file;       /* NULL = the system's CA bundle; else a PEM file of CAs to trust
                            (an on-premise HaloPSA behind a private CA) */
    int rate_limit;      /* requests per window; default 500 */
    int rate_window_s;   /* default 180 */
    long connect_timeout_ms; /* default 10000 */
    long timeout_ms;         /* default 60000 */
    int max_retries;         /* for GET/DELETE; default 3 */
    long max_wait_ms;        /* longest a request waits for the rate limit before it
                                gives up at once with "retry in N s" (0 = never wait);
                                default 50000, under the usual 60 s MCP client timeout */
};

/* Fills cfg from the environment: HALOPSA_CLIENT_ID, HALOPSA_CLIENT_SECRET,
 * HALOPSA_TENANT or HALOPSA_BASE_URL (wins when both), HALOPSA_AUTH_URL,
 * HALOPSA_SCOPE, HALOPSA_RATE_LIMIT ("500/180"), HALOPSA_TIMEOUT_MS,
 * HALOPSA_CONNECT_TIMEOUT_MS, HALOPSA_MAX_RETRIES, HALOPSA_MAX_WAIT_MS,
 * HALOPSA_CA_FILE. Blank
 * values and
 * unexpanded placeholders such as "${user_config.x}" count as unset.
 * Returns 0, or -1 with one message naming the variable in err.
 * cfg's strings are new; release with halo_config_cleanup. */
int halo_config_from_env(struct halo_config *cfg, char *err, size_t errlen);
/* Same rules on explicit values (any may be NULL); used by the demo and
 * tests. Returns 0 or -1 with err. */
int halo_config_init(struct halo_config *cfg, const char *base_url, const char *tenant,
                     const char *auth_url, const char *client_id, const char *client_secret,
                     char *err, size_t errlen);
void halo_config_cleanup(struct halo_config *cfg);

/* ------------------------------------------------------------------ */
/* Errors                                                              */

enum halo_err_kind {
    HALO_OK = 0,
    HALO_E_CONFIG,    /* bad settings */
    HALO_E_AUTH,      /* token request refused (wrong id/secret/tenant) */
    HALO_E_NETWORK,   /* DNS, connect, reset */
    HALO_E_TIMEOUT,
    HALO_E_HTTP,      /* HaloPSA answered 4xx/5xx; see status and message */
    HALO_E_PARSE,     /* the body was not the JSON we expected */
    HALO_E_RATELIMIT, /* 429 after retries */
    HALO_E_CANCELLED, /* the caller's cancel callback said stop */
};

/* What a failed request is known to have changed in HaloPSA, so the
 * caller can say it without inviting a duplicate. */
enum halo_applied {
    HALO_APPLIED_NO = 0,   /* nothing: a read, or a write refused or never sent */
    HALO_APPLIED_UNKNOWN,  /* a write was sent and no answer says whether it was applied
                              (timeout, dropped connection, 5xx): check before sending again */
    HALO_APPLIED_PROBABLY, /* HaloPSA answered 2xx but the reply was unreadable */
    HALO_APPLIED_ALREADY,  /* a DELETE whose earlier try's answer was lost found nothing on
                              the retry (404): already deleted */
};

struct halo_error {
    enum halo_err_kind kind;
    int status;          /* HTTP status, 0 when there was no response */
    char method[8];      /* GET, POST, DELETE */
    char path[256];      /* endpoint path, e.g. /api/Tickets/12 (no query) */
    char message[1024];  /* HaloPSA's own message, or the transport error; never a secret */
    int retry_after_s;   /* HALO_E_RATELIMIT: when a new try can succeed; 0 = unknown */
    enum halo_applied applied; /* writes (POST, DELETE): what is known to have happened */
    char outcome[320];   /* applied != NO: the same in the client's own words ("HaloPSA may
                            or may not have applied it: check with a get before sending it
                            again"), kept apart from message, which quotes HaloPSA */
};

/* One line a person can act on, e.g. "HaloPSA 400 on POST /api/Tickets:
 * Details and Category were required", the outcome appended after "; ".
 * Writes into out; returns out. */
const char *halo_error_format(const struct halo_error *e, char *out, size_t outlen);

/* ------------------------------------------------------------------ */
/* Client                                                              */

struct halo_client;

/* New client; cfg is copied. Does no I/O (authentication is lazy). The
 * client is safe to use from several threads at once. */
struct halo_client *halo_client_new(const struct halo_config *cfg);
void halo_client_free(struct halo_client *hc);
/* Borrowed: the client's configuration. */
const struct halo_config *halo_client_config(const struct halo_client *hc);

/* Asks for a token now (doctor, status). 0 or -1 with err. */
int halo_authenticate(struct halo_client *hc, struct halo_error *err);

/* Whether HaloPSA can be reached and takes the credentials, told apart. */
enum halo_reach {
    HALO_REACH_OK = 0,      /* a token was issued */
    HALO_REACH_UNREACHABLE, /* no HTTP answer from the token endpoint: DNS, connect, TLS, timeout */
    HALO_REACH_REFUSED,     /* it answered with an error that is not about the credentials
                               (404, 5xx, 429, a proxy's page, no access_token) */
    HALO_REACH_REJECTED,    /* the client id or secret was refused (invalid_client) */
};
/* One token request, at most one rate-limit slot: no retries and no
 * waiting for the window (a full window gives HALO_REACH_REFUSED with a
 * HALO_E_RATELIMIT err). err is filled unless HALO_REACH_OK; a token it
 * gets is kept for later requests. */
enum halo_reach halo_check_reach(struct halo_client *hc, struct halo_error *err);
/* Static words for "Credentials: ..." in halopsa_status and doctor. */
const char *halo_reach_words(enum halo_reach r);

/* Returns nonzero to cancel a request that is waiting (throttle, backoff)
 * or a page walk. */
typedef bool (*halo_cancel_fn)(void *ud);
/* Sets a per-thread cancel check used by the next requests made on this
 * thread (NULL clears it). Tool handlers set it to their call's state. */
void halo_set_cancel(halo_cancel_fn fn, void *ud);

/* Sees every request attempt made on this thread (an audit log's source):
 * method, path (no query: it can hold search text), the HTTP status (0
 * when no response came) and, for a 2xx, the parsed reply (borrowed; NULL
 * otherwise or when it did not parse). Set it like halo_set_cancel
 * (NULL clears it). */
typedef void (*halo_observe_fn)(void *ud, const char *method, const char *path, int status,
                                json_t *reply);
void halo_set_observer(halo_observe_fn fn, void *ud);

/* The request helpers. path is relative to the base URL and starts with
 * "/api/" (case as HaloPSA documents it). query is a JSON object (borrowed,
 * may be NULL): strings as they are, integers, reals, true/false as
 * "true"/"false", arrays comma-joined; null values are skipped. On success
 * they return the parsed body as a new reference (an empty body gives an
 * empty object); on failure NULL with err filled. */
json_t *halo_get(struct halo_client *hc, const char *path, json_t *query, struct halo_error *err);
/* POSTs records (a JSON array, borrowed) to path. HaloPSA answers a
 * one-element array with a single object and a longer one with an array;
 * the reply is returned as it came. Never retried once the request may
 * have reached the server. */
json_t *halo_post_array(struct halo_client *hc, const char *path, json_t *records,
                        struct halo_error *err);
json_t *halo_delete(struct halo_client *hc, const char *path, json_t *query, struct halo_error *err);

/* A body as it came, not JSON: a file (GET /api/Attachment/{id} answers
 * the raw bytes, halopsa-api.md §9.2). */
struct halo_bytes {
    char *data;             /* new; NUL-terminated for convenience (len excludes it) */
    size_t len;
    char content_type[128]; /* the Content-Type header, "" when none */
};
/* GETs path like halo_get (same auth, throttle and retries) and keeps a
 * 2xx body as bytes in *out (release with halo_bytes_free). 0, or -1 with
 * err (a non-2xx answer carries HaloPSA's message as usual). */
int halo_get_bytes(struct halo_client *hc, const char *path, json_t *query,
                   struct halo_bytes *out, struct halo_error *err);
void halo_bytes_free(struct halo_bytes *b);

/* ------------------------------------------------------------------ */
/* Projected lists: only the fields a caller shows                     */

/* GETs a list and returns its rows (a new array) with only the named
 * top-level fields of each row (fields: NULL-terminated, at most 64),
 * unwrapped as halo_rows() does; *record_count (may be NULL) as
 * halo_rows() gives it. The reply is read in one streaming pass that
 * builds nothing else (src/halo/project.c): the cheap way to list. NULL
 * with err on failure, like halo_get. */
json_t *halo_get_rows(struct halo_client *hc, const char *path, json_t *query, const char *key,
                      const char *const *fields, int64_t *record_count, struct halo_error *err);
/* The same projection of a reply body in memory: what halo_rows() on
 * json_loadb(body, JSON_DECODE_ANY) would give, each row cut to fields (a
 * row that is not an object becomes {}); an empty or blank body is an
 * empty list. NULL when body is not JSON that jansson accepts, with the
 * reason in why (may be NULL) and its byte offset in *at (may be NULL). */
json_t *halo_project_rows(const char *body, size_t len, const char *key,
                          const char *const *fields, int64_t *record_count, char *why,
                          size_t whylen, size_t *at);

/* ------------------------------------------------------------------ */
/* Envelopes (HaloPSA is inconsistent; all unwrapping lives here)      */

/* The rows of a list reply: resp itself when it is an array, else
 * resp[key] when that is an array, else an empty array. Borrowed from resp,
 * except the empty array, which is a static-lifetime shared object
 * (do not modify it). *record_count (may be NULL) gets resp.record_count
 * when present, else the number of rows. */
json_t *halo_rows(json_t *resp, const char *key, int64_t *record_count);
/* The record of a get reply: resp when it is an object without key, else
 * the first element of resp[key] (some tenants wrap single records).
 * Borrowed; NULL when neither shape holds. */
json_t *halo_record(json_t *resp, const char *key);

/* Asks for one page of a paginated list: sets pageinate=true, page_size
 * and page_no in query (modified), always all three, since HaloPSA ignores
 * page_size and page_no without pageinate (halopsa-api.md §3). */
void halo_page_query(json_t *query, size_t page_no, size_t page_size);

/* Walks pages of a paginated list (sends pageinate=true, page_size,
 * page_no), appending rows until max_rows rows, the last page, or
 * cancellation. progress (may be NULL) is called after each page with rows
 * so far and the total. Returns a new array of rows, or NULL with err;
 * *record_count gets the total HaloPSA reported. When the cancel check
 * stops the walk, the rows so far are returned and err->kind is
 * HALO_E_CANCELLED. */
typedef void (*halo_progress_fn)(void *ud, size_t fetched, int64_t total);
json_t *halo_get_pages(struct halo_client *hc, const char *path, json_t *query, const char *key,
                       size_t page_size, size_t max_rows, halo_progress_fn progress, void *ud,
                       int64_t *record_count, struct halo_error *err);

/* ------------------------------------------------------------------ */
/* Status (for halopsa_status and doctor; never exposes secrets)       */

struct halo_status {
    char base_url[512];
    bool has_credentials;
    bool token_valid;       /* a token is cached and not expired */
    int64_t token_expires_in_s;
    int rate_limit;         /* current limit (may have been lowered by a 429 message) */
    int rate_window_s;
    int used_in_window;     /* requests sent in the current rolling window */
    int64_t requests_total;
    int64_t throttled_waits; /* times a caller waited for the window */
    int64_t rate_limited;    /* 429 answers seen */
};
void halo_client_status(struct halo_client *hc, struct halo_status *st);

#endif
