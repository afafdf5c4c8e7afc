/* auth.c - OAuth2 client credentials: the token request, the in-memory
 * token cache, early refresh, and one shared refresh for all threads. */
#include "halo_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define TOKEN_LIFE_DEFAULT_S 3600
#define TOKEN_LIFE_MAX_S 86400

void halo__auth_clear(struct halo_client *hc)
{
    free(hc->token);
    free(hc->auth_header);
    hc->token = hc->auth_header = NULL;
    hc->token_expires_ms = hc->token_refresh_ms = 0;
}

/* The form body. The tenant goes in the form as well as on the URL: HaloAPI
 * and n8n send it as ?tenant= and node-halopsa and pyhalopsa in the form,
 * each against live hosted instances, and HaloPSA ignores fields it does
 * not use (halopsa-api.md §1, §7.2), so sending both satisfies either
 * reading at no cost. */
/* Returns a new string. */
static char *token_form(const struct halo_config *c)
{
    struct buf b = {0};
    buf_appends(&b, "grant_type=client_credentials&client_id=");
    halo__urlencode(&b, c->client_id);
    buf_appends(&b, "&client_secret=");
    /* log_add_secret covers the encoded form too (client_new registered it). */
    halo__urlencode(&b, c->client_secret);
    buf_appends(&b, "&scope=");
    halo__urlencode(&b, c->scope ? c->scope : "all");
    if (c->tenant) {
        buf_appends(&b, "&tenant=");
        halo__urlencode(&b, c->tenant);
    }
    return buf_steal(&b);
}

/* The lifetime a token reply states (expires_in, a number or a numeric
 * string), clamped: HaloPSA says 3600; beyond a day counts as a day, since
 * refreshing daily costs one request while trusting 1e18 would overflow
 * the clock arithmetic (and 1e300 made every request fetch a new token).
 * Missing, zero, negative or unreadable values mean the usual hour. */
static int64_t token_life(json_t *exp)
{
    double v = -1;
    if (json_is_number(exp)) {
        v = json_number_value(exp);
    } else if (json_is_string(exp)) {
        const char *s = json_string_value(exp);
        char *end;
        v = strtod(s, &end);
        if (end == s || *end)
            v = -1;
    }
    if (!(v >= 1)) /* also NaN */
        return TOKEN_LIFE_DEFAULT_S;
    if (v > TOKEN_LIFE_MAX_S)
        return TOKEN_LIFE_MAX_S;
    return (int64_t)v;
}

/* The path part of url (borrowed from it), for logs and errors. */
static const char *token_path(const char *url)
{
    const char *h = strstr(url, "://");
    h = h ? h + 3 : url;
    const char *p = strchr(h, '/');
    return p ? p : "/";
}

/* Fills err for a failed token request; *reach says which kind of
 * failure it was. Returns -1. */
static int token_failed(struct halo_client *hc, const struct halo_resp *r, struct halo_error *err,
                        enum halo_reach *reach)
{
    const char *path = token_path(hc->cfg.token_url);
    char msg[700];
    if (!r->status) {
        *reach = HALO_REACH_UNREACHABLE;
        halo__transport_message(r, hc->cfg.token_url, msg, sizeof msg);
        return halo__err(err, r->cc == CURLE_OPERATION_TIMEDOUT ? HALO_E_TIMEOUT : HALO_E_NETWORK,
                         0, "POST", path, "token request failed: %s", msg);
    }
    *reach = HALO_REACH_REFUSED;
    halo__body_message(r->status, r->body.data, r->body.len, msg, sizeof msg);
    if (strstr(msg, "invalid_client") || (r->status == 401 && !r->body.len)) {
        *reach = HALO_REACH_REJECTED;
        return halo__err(err, HALO_E_AUTH, (int)r->status, "POST", path,
                         "HaloPSA refused the client id/secret (%s). Check HALOPSA_CLIENT_ID and "
                         "HALOPSA_CLIENT_SECRET against Configuration > Integrations > Halo API: "
                         "HaloPSA changes the client id when the application is first saved, so "
                         "copy it again after saving%s",
                         msg, hc->cfg.tenant ? "; also check HALOPSA_TENANT" : "");
    }
    if (r->status == 400 || r->status == 401 || r->status == 403)
        return halo__err(err, HALO_E_AUTH, (int)r->status, "POST", path,
                         "HaloPSA refused the token request: %s (check HALOPSA_SCOPE=%s, the "
                         "application's permissions%s)",
                         msg, hc->cfg.scope, hc->cfg.tenant ? " and HALOPSA_TENANT" : "");
    if (r->status == 404)
        return halo__err(err, HALO_E_AUTH, 404, "POST", path,
                         "no token endpoint at %s: %s (set HALOPSA_AUTH_URL to the Authorisation "
                         "Server shown in Configuration > Integrations > Halo API)",
                         hc->cfg.token_url, msg);
    if (r->status == 429)
        return halo__err(err, HALO_E_RATELIMIT, 429, "POST", path, "token request refused: %s",
                         msg);
    return halo__err(err, HALO_E_HTTP, (int)r->status, "POST", path, "token request failed: %s",
                     msg);
}

/* Stores the token of a 2xx reply. 0, or -1 with err when it has none. */
static int token_store(struct halo_client *hc, struct halo_resp *r, struct halo_error *err)
{
    json_error_t je;
    json_t *j = json_loadb(r->body.data ? r->body.data : "", r->body.len, 0, &je);
    json_t *at = json_object_get(j, "access_token");
    if (!json_is_string(at) || !*json_string_value(at)) {
        json_decref(j);
        return halo__err(err, HALO_E_PARSE, (int)r->status, "POST", token_path(hc->cfg.token_url),
                         "the token endpoint answered without an access_token (is %s the HaloPSA "
                         "Authorisation Server?)",
                         hc->cfg.token_url);
    }
    /* Before anything else can print it. */
    log_add_secret(json_string_value(at));
    int64_t life_s = token_life(json_object_get(j, "expires_in"));
    const char *type = json_string_value(json_object_get(j, "token_type"));
    if (!type || strcasecmp(type, "bearer") == 0)
        type = "Bearer";
    halo__auth_clear(hc);
    hc->token = xstrdup(json_string_value(at));
    hc->auth_header = xasprintf("Authorization: %s %s", type, hc->token);
    int64_t now = base_now_ms();
    hc->token_expires_ms = now + life_s * 1000;
    /* 60 s early, or at half-life when the token lives under 2 min. */
    hc->token_refresh_ms = now + (life_s >= 120 ? (life_s - 60) * 1000 : life_s * 500);
    hc->token_gen++;
    json_decref(j);
    log_debug("token acquired; expires in %lld s", (long long)life_s);
    return 0;
}

/* POSTs the token request, retrying transport failures, 429 and 5xx up to
 * max_retries times (a token request creates nothing, so a repeat is
 * harmless), waiting for the rate limit only until deadline_ms. *reach
 * (may be NULL) says how it ended. Caller holds auth_lock. */
static int fetch_token(struct halo_client *hc, int64_t deadline_ms, int max_retries,
                       struct halo_error *err, enum halo_reach *reach)
{
    char *form = token_form(&hc->cfg);
    struct curl_slist *hl = curl_slist_append(NULL, "Accept: application/json");
    const char *path = token_path(hc->cfg.token_url);
    enum halo_reach rch = HALO_REACH_REFUSED;
    int rc = -1;
    for (int attempt = 0;; attempt++) {
        struct halo_resp r;
        /* Token requests count against the same window on the server
         * side (the simulator counts them; HaloPSA does not say). */
        uint64_t slot = 0;
        int64_t retry_ms = 0;
        int ta = halo__throttle_acquire(&hc->throttle, deadline_ms, &slot, &retry_ms);
        if (ta != 0) {
            if (ta == -2)
                halo__err_budget(err, 0, "POST", path, retry_ms,
                                 "this client's own rate limit (HALOPSA_RATE_LIMIT) is used up");
            else
                halo__err(err, HALO_E_CANCELLED, 0, "POST", path,
                          "cancelled while waiting for the rate limit window");
            goto out;
        }
        int64_t t0 = base_now_ms();
        halo__perform(hc, "POST", hc->token_url_full, hl, form,
                      "application/x-www-form-urlencoded", false, &r);
        halo__throttle_release(&hc->throttle, slot);
        log_debug("POST %s %ld %lld ms", path, r.status, (long long)(base_now_ms() - t0));
        bool transient = (!r.status && r.cc != CURLE_WRITE_ERROR) || r.status == 502 ||
                         r.status == 503 || r.status == 504 || r.status == 429;
        char msg[700] = "";
        if (r.status == 429) {
            halo__body_message(429, r.body.data, r.body.len, msg, sizeof msg);
            halo__throttle_on_429(&hc->throttle, msg);
        }
        if (transient && attempt < max_retries) {
            int64_t wait = halo__retry_after_ms(r.retry_after);
            if (wait < 0)
                wait = 500LL << (attempt < 6 ? attempt : 6);
            if (r.status == 429 && base_now_ms() + wait > deadline_ms) {
                char why[800];
                snprintf(why, sizeof why, "HaloPSA answered 429 to the token request: %s", msg);
                halo__err_budget(err, 429, "POST", path, wait, why);
                halo__resp_free(&r);
                goto out;
            }
            halo__resp_free(&r);
            if (halo__sleep(wait) < 0) {
                halo__err(err, HALO_E_CANCELLED, 0, "POST", path,
                          "cancelled while waiting to request a token");
                goto out;
            }
            continue;
        }
        if (r.status < 200 || r.status >= 300) {
            token_failed(hc, &r, err, &rch);
            halo__resp_free(&r);
            goto out;
        }
        rc = token_store(hc, &r, err);
        halo__resp_free(&r);
        if (rc == 0)
            rch = HALO_REACH_OK;
        break;
    }
out:
    if (reach)
        *reach = rch;
    curl_slist_free_all(hl);
    /* The form holds the secret: clear it before it goes back to malloc. */
    memset(form, 0, strlen(form));
    free(form);
    return rc;
}

int halo__auth_header(struct halo_client *hc, uint64_t stale_gen, int64_t deadline_ms,
                      char **line, uint64_t *gen, struct halo_error *err)
{
    int rc = 0;
    pthread_mutex_lock(&hc->auth_lock);
    /* A waiter that queued behind another thread's refresh finds a newer
     * generation here and uses that token instead of fetching again. */
    bool usable = hc->token && base_now_ms() < hc->token_refresh_ms &&
                  (stale_gen == 0 || hc->token_gen != stale_gen);
    if (!usable)
        rc = fetch_token(hc, deadline_ms, hc->cfg.max_retries, err, NULL);
    if (rc == 0) {
        *line = xstrdup(hc->auth_header);
        *gen = hc->token_gen;
    }
    pthread_mutex_unlock(&hc->auth_lock);
    return rc;
}

int halo_authenticate(struct halo_client *hc, struct halo_error *err)
{
    struct halo_error tmp;
    if (!err)
        err = &tmp;
    memset(err, 0, sizeof *err);
    pthread_mutex_lock(&hc->auth_lock);
    int rc = fetch_token(hc, base_now_ms() + hc->cfg.max_wait_ms, hc->cfg.max_retries, err, NULL);
    pthread_mutex_unlock(&hc->auth_lock);
    return rc;
}

enum halo_reach halo_check_reach(struct halo_client *hc, struct halo_error *err)
{
    struct halo_error tmp;
    enum halo_reach reach = HALO_REACH_REFUSED;
    if (!err)
        err = &tmp;
    memset(err, 0, sizeof *err);
    pthread_mutex_lock(&hc->auth_lock);
    /* One attempt, no waiting for the window: a status check must not
     * spend the rate limit it reports on. */
    fetch_token(hc, base_now_ms(), 0, err, &reach);
    pthread_mutex_unlock(&hc->auth_lock);
    return reach;
}

const char *halo_reach_words(enum halo_reach r)
{
    switch (r) {
    case HALO_REACH_OK:
        return "set and valid";
    case HALO_REACH_UNREACHABLE:
        return "set, but HaloPSA could not be reached (no answer from its token endpoint: name "
               "resolution, connection, TLS or a timeout)";
    case HALO_REACH_REJECTED:
        return "set but not accepted: HaloPSA rejected the client id or secret (invalid_client)";
    case HALO_REACH_REFUSED:
    default:
        return "set, but the token endpoint refused the request for another reason than the "
               "credentials (see the error below)";
    }
}
