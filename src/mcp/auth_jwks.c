/* auth_jwks.c - the authorization server's signing keys: OpenID Connect
 * discovery (or RFC 8414 metadata) finds the JWKS, which is fetched with
 * libcurl, cached, refreshed hourly and when a token names a key we do not
 * know (rate-limited, so random kids cannot make us hammer the issuer). */
#include "auth_int.h"

#include "base/base.h"

#include <curl/curl.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define FETCH_TIMEOUT_MS 10000
#define MAX_DOC (1024 * 1024)
#define KEYS_MAX_AGE_MS (60 * 60 * 1000)
#define RETRY_AFTER_FAILURE_MS 5000
#define MAX_KEYS 64

struct mcp__jwks {
    pthread_mutex_t mu;
    char *issuer;    /* as configured */
    char *jwks_uri;  /* configured or discovered */
    bool uri_given;
    struct mcp__jwk *keys[MAX_KEYS];
    size_t nkeys;
    int64_t fetched_at;  /* last successful fetch, 0 = never */
    int64_t attempt_at;  /* last attempt */
    int64_t kid_fetch_at; /* last fetch an unknown kid caused, 0 = never */
};

struct mcp__jwks *mcp__jwks_new(const char *issuer, const char *jwks_uri)
{
    struct mcp__jwks *c = xcalloc(1, sizeof *c);
    pthread_mutex_init(&c->mu, NULL);
    c->issuer = xstrdup(issuer);
    if (jwks_uri && *jwks_uri) {
        c->jwks_uri = xstrdup(jwks_uri);
        c->uri_given = true;
    }
    return c;
}

static void drop_keys(struct mcp__jwks *c)
{
    for (size_t i = 0; i < c->nkeys; i++)
        mcp__jwk_free(c->keys[i]);
    c->nkeys = 0;
}

void mcp__jwks_free(struct mcp__jwks *c)
{
    if (!c)
        return;
    drop_keys(c);
    free(c->issuer);
    free(c->jwks_uri);
    pthread_mutex_destroy(&c->mu);
    free(c);
}

static size_t on_body(char *p, size_t size, size_t n, void *ud)
{
    struct buf *b = ud;
    if (b->len + size * n > MAX_DOC)
        return 0; /* too large: libcurl fails the transfer */
    buf_append(b, p, size * n);
    return size * n;
}

/* GETs a JSON object (new) from url, or NULL with err. Only https, or
 * plain http to loopback; no redirects (a metadata document that moves
 * must be configured where it is). */
static json_t *fetch_json(const char *url, long *status, char *err, size_t errlen)
{
    struct buf body = {0};
    json_t *v = NULL;
    *status = 0;
    if (strncmp(url, "https://", 8) != 0 && !mcp__url_is_loopback(url)) {
        snprintf(err, errlen, "%s: the authorization server must be reached over https", url);
        return NULL;
    }
    CURL *curl = curl_easy_init();
    if (!curl) {
        snprintf(err, errlen, "libcurl could not start");
        return NULL;
    }
    curl_easy_setopt(curl, CURLOPT_URL, url);
    curl_easy_setopt(curl, CURLOPT_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(curl, CURLOPT_TIMEOUT_MS, (long)FETCH_TIMEOUT_MS);
    curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, on_body);
    curl_easy_setopt(curl, CURLOPT_WRITEDATA, &body);
    struct curl_slist *hl = curl_slist_append(NULL, "Accept: application/json");
    curl_easy_setopt(curl, CURLOPT_HTTPHEADER, hl);
    CURLcode cc = curl_easy_perform(curl);
    curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, status);
    if (cc != CURLE_OK) {
        snprintf(err, errlen, "%s: %s", url, curl_easy_strerror(cc));
    } else if (*status != 200) {
        snprintf(err, errlen, "%s answered %ld", url, *status);
    } else {
        json_error_t je;
        v = json_loadb(body.data ? body.data : "", body.len, 0, &je);
        if (!json_is_object(v)) {
            snprintf(err, errlen, "%s did not send a JSON object", url);
            json_decref(v);
            v = NULL;
        }
    }
    curl_slist_free_all(hl);
    curl_easy_cleanup(curl);
    buf_free(&body);
    return v;
}

/* Same issuer, allowing only a trailing slash to differ. */
static bool issuer_equal(const char *a, const char *b)
{
    size_t la = strlen(a), lb = strlen(b);
    while (la && a[la - 1] == '/')
        la--;
    while (lb && b[lb - 1] == '/')
        lb--;
    return la == lb && strncmp(a, b, la) == 0;
}

/* Finds jwks_uri from the issuer's metadata. c->mu held. */
static int discover(struct mcp__jwks *c, char *err, size_t errlen)
{
    const char *iss = c->issuer;
    size_t n = strlen(iss);
    while (n && iss[n - 1] == '/')
        n--;
    /* OpenID Connect appends to the issuer; RFC 8414 inserts the well-known
     * part before the issuer's path (scheme://host/.well-known/x/path) */
    const char *scheme_end = strstr(iss, "://");
    const char *path = scheme_end ? strchr(scheme_end + 3, '/') : NULL;
    size_t origin_len = path && (size_t)(path - iss) < n ? (size_t)(path - iss) : n;
    char *urls[3];
    urls[0] = xasprintf("%.*s/.well-known/openid-configuration", (int)n, iss);
    urls[1] = xasprintf("%.*s/.well-known/oauth-authorization-server%.*s", (int)origin_len, iss,
                        (int)(n - origin_len), iss + origin_len);
    urls[2] = xasprintf("%.*s/.well-known/openid-configuration%.*s", (int)origin_len, iss,
                        (int)(n - origin_len), iss + origin_len);
    int rc = -1;
    char first[300] = "";
    for (size_t i = 0; i < 3 && rc != 0; i++) {
        long status;
        char why[300];
        if (i == 2 && origin_len == n)
            break; /* no path: the same as the first */
        json_t *doc = fetch_json(urls[i], &status, why, sizeof why);
        if (!doc) {
            if (!first[0])
                snprintf(first, sizeof first, "%s", why);
            continue;
        }
        const char *doc_iss = json_string_value(json_object_get(doc, "issuer"));
        const char *uri = json_string_value(json_object_get(doc, "jwks_uri"));
        if (!doc_iss || !issuer_equal(doc_iss, iss)) {
            snprintf(err, errlen, "%s names the issuer %.200s, not %s", urls[i],
                     doc_iss ? doc_iss : "(none)", iss);
            json_decref(doc);
            goto out;
        }
        if (!uri) {
            snprintf(err, errlen, "%s has no jwks_uri", urls[i]);
            json_decref(doc);
            goto out;
        }
        free(c->jwks_uri);
        c->jwks_uri = xstrdup(uri);
        /* tokens carry the issuer exactly as its metadata spells it */
        free(c->issuer);
        c->issuer = xstrdup(doc_iss);
        json_decref(doc);
        rc = 0;
    }
    if (rc != 0)
        snprintf(err, errlen, "no authorization server metadata for %s (%s)", iss, first);
out:
    for (size_t i = 0; i < 3; i++)
        free(urls[i]);
    return rc;
}

/* Fetches discovery (once) and the keys. c->mu held. */
static int refresh_locked(struct mcp__jwks *c, char *err, size_t errlen)
{
    long status;
    c->attempt_at = base_now_ms();
    if (!c->jwks_uri && discover(c, err, errlen) != 0)
        return -1;
    json_t *doc = fetch_json(c->jwks_uri, &status, err, errlen);
    if (!doc)
        return -1;
    json_t *keys = json_object_get(doc, "keys");
    if (!json_is_array(keys)) {
        snprintf(err, errlen, "%s has no \"keys\" array", c->jwks_uri);
        json_decref(doc);
        return -1;
    }
    struct mcp__jwk *fresh[MAX_KEYS];
    size_t n = 0;
    for (size_t i = 0; i < json_array_size(keys) && n < MAX_KEYS; i++) {
        char why[200];
        struct mcp__jwk *k = mcp__jwk_from_json(json_array_get(keys, i), why, sizeof why);
        if (k)
            fresh[n++] = k;
        else
            log_debug("mcp: auth: skipping key %zu of %s: %s", i, c->jwks_uri, why);
    }
    json_decref(doc);
    if (n == 0) {
        snprintf(err, errlen, "%s holds no RS256/ES256 signing key", c->jwks_uri);
        return -1;
    }
    drop_keys(c);
    memcpy(c->keys, fresh, n * sizeof *fresh);
    c->nkeys = n;
    c->fetched_at = c->attempt_at;
    log_info("mcp: auth: %zu signing key%s from %s", n, n == 1 ? "" : "s", c->jwks_uri);
    return 0;
}

int mcp__jwks_refresh(struct mcp__jwks *c, char *err, size_t errlen)
{
    pthread_mutex_lock(&c->mu);
    int rc = refresh_locked(c, err, errlen);
    pthread_mutex_unlock(&c->mu);
    return rc;
}

char *mcp__jwks_issuer(struct mcp__jwks *c)
{
    pthread_mutex_lock(&c->mu);
    char *s = xstrdup(c->issuer);
    pthread_mutex_unlock(&c->mu);
    return s;
}

static bool key_fits(const struct mcp__jwk *k, const char *kid)
{
    return kid ? strcmp(mcp__jwk_kid(k), kid) == 0 : true;
}

int mcp__jwks_verify(struct mcp__jwks *c, const struct mcp__jws *j, char *why, size_t whylen)
{
    const char *alg = json_string_value(json_object_get(j->header, "alg"));
    const char *kid = json_string_value(json_object_get(j->header, "kid"));
    char err[400];
    int rc = -1;
    pthread_mutex_lock(&c->mu);
    int64_t now = base_now_ms();
    bool stale = !c->fetched_at || now - c->fetched_at >= KEYS_MAX_AGE_MS;
    if (stale && now - c->attempt_at >= RETRY_AFTER_FAILURE_MS) {
        if (refresh_locked(c, err, sizeof err) != 0)
            log_warn("mcp: auth: cannot fetch the issuer's keys: %s", err);
    }
    if (!c->nkeys) {
        snprintf(why, whylen, "the authorization server's keys cannot be fetched");
        rc = -2;
        goto out;
    }
    for (int pass = 0; pass < 2; pass++) {
        bool known = false;
        for (size_t i = 0; i < c->nkeys; i++) {
            if (!key_fits(c->keys[i], kid))
                continue;
            known = true;
            if (mcp__jws_verify(j, alg, c->keys[i]) == 0) {
                rc = 0;
                goto out;
            }
        }
        if (known || pass == 1) {
            snprintf(why, whylen, known ? "the signature does not verify"
                                        : "the token names a signing key the issuer does not publish");
            goto out;
        }
        /* a kid we do not know: the issuer may have rotated its keys;
         * random kids make us ask at most once per MCP__JWKS_MIN_REFETCH_S */
        if (c->kid_fetch_at && now - c->kid_fetch_at < (int64_t)MCP__JWKS_MIN_REFETCH_S * 1000) {
            snprintf(why, whylen, "the token names a signing key the issuer does not publish");
            goto out;
        }
        c->kid_fetch_at = now;
        if (refresh_locked(c, err, sizeof err) != 0) {
            snprintf(why, whylen, "the token names a signing key the issuer does not publish");
            goto out;
        }
    }
out:
    pthread_mutex_unlock(&c->mu);
    return rc;
}
