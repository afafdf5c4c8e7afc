/* auth.c - authentication of the HTTP transport (MCP authorization,
 * 2025-11-25): the Authorization header checked against a token file or
 * as a JWT access token of the configured issuer (iss, aud = our resource
 * URI per RFC 8707, exp/nbf with leeway, scopes mapped to rights), the
 * WWW-Authenticate challenges and the Protected Resource Metadata. */
#include "auth_int.h"

#include "base/base.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#define DEFAULT_LEEWAY_S 30

struct mcp__auth {
    enum mcp_auth_mode mode;
    char *tokens_file;
    pthread_rwlock_t lock; /* tokens, swapped by reload */
    struct mcp__tokens *tokens;
    struct mcp__jwks *jwks;
    char *issuer; /* as configured (shown in the metadata) */
    char *resource, *resource_canon, *metadata_url;
    char *read_scope, *write_scope;
    int leeway_s;
};

/* ------------------------------------------------------------------ */
/* URLs                                                                */

/* Length of "scheme://host[:port]" at the start of url, or 0. */
static size_t origin_len(const char *url)
{
    const char *p = strstr(url, "://");
    if (!p || p == url)
        return 0;
    p += 3;
    return (size_t)(p - url) + strcspn(p, "/?#");
}

char *mcp__url_canonical(const char *url)
{
    char *s = xstrdup(url);
    size_t o = origin_len(s);
    for (size_t i = 0; i < o; i++)
        s[i] = (char)tolower((unsigned char)s[i]);
    size_t n = strlen(s);
    while (n > o && s[n - 1] == '/')
        s[--n] = '\0';
    return s;
}

bool mcp__url_is_loopback(const char *url)
{
    const char *rest;
    if (strncasecmp(url, "http://", 7) == 0)
        rest = url + 7;
    else if (strncasecmp(url, "https://", 8) == 0)
        rest = url + 8;
    else
        return false;
    size_t n = strcspn(rest, "/?#");
    char host[300];
    if (n >= sizeof host)
        return false;
    memcpy(host, rest, n);
    host[n] = '\0';
    return mcp__http_host_is_loopback(host) || (strncmp(host, "127.", 4) == 0 && n > 4);
}

/* An absolute http(s) URL without fragment, as RFC 8707 wants. */
static bool valid_resource(const char *url)
{
    return (strncmp(url, "https://", 8) == 0 || strncmp(url, "http://", 7) == 0) &&
           origin_len(url) > strlen("https://") - 1 && !strchr(url, '#') &&
           !strpbrk(url, " \"\\");
}

/* ------------------------------------------------------------------ */
/* Lifecycle                                                           */

struct mcp__auth *mcp__auth_new(const struct mcp_auth_options *o, const char *resource,
                                const char *metadata_url, char *err, size_t errlen)
{
    struct mcp__auth *a = xcalloc(1, sizeof *a);
    pthread_rwlock_init(&a->lock, NULL);
    a->mode = o ? o->mode : MCP_AUTH_NONE;
    a->resource = xstrdup(resource);
    a->resource_canon = mcp__url_canonical(resource);
    a->metadata_url = xstrdup(metadata_url);
    a->leeway_s = o && o->leeway_s > 0 ? o->leeway_s : DEFAULT_LEEWAY_S;
    if (a->mode == MCP_AUTH_NONE)
        return a;
    if (!valid_resource(resource)) {
        snprintf(err, errlen, "the resource URI '%s' is not an absolute http(s) URL without a "
                              "fragment", resource);
        goto fail;
    }
    if (a->mode == MCP_AUTH_TOKEN) {
        if (!o->tokens_file || !*o->tokens_file) {
            snprintf(err, errlen, "token authentication needs a token file");
            goto fail;
        }
        a->tokens_file = xstrdup(o->tokens_file);
        if (!(a->tokens = mcp__tokens_load(a->tokens_file, err, errlen)))
            goto fail;
        log_info("mcp: auth: %zu bearer token%s from %s", mcp__tokens_count(a->tokens),
                 mcp__tokens_count(a->tokens) == 1 ? "" : "s", a->tokens_file);
        return a;
    }
    if (!o->issuer || !*o->issuer) {
        snprintf(err, errlen, "OAuth needs the authorization server's issuer URL");
        goto fail;
    }
    if (strncmp(o->issuer, "https://", 8) != 0 && !mcp__url_is_loopback(o->issuer)) {
        snprintf(err, errlen, "the issuer %s must be an https URL", o->issuer);
        goto fail;
    }
    if (!o->read_scope || !*o->read_scope || strpbrk(o->read_scope, " \"\\") ||
        (o->write_scope && strpbrk(o->write_scope, " \"\\"))) {
        snprintf(err, errlen, "OAuth needs a read scope name (and a write scope name), each "
                              "one word");
        goto fail;
    }
    a->issuer = xstrdup(o->issuer);
    a->read_scope = xstrdup(o->read_scope);
    a->write_scope = o->write_scope && *o->write_scope ? xstrdup(o->write_scope) : NULL;
    a->jwks = mcp__jwks_new(o->issuer, o->jwks_uri);
    char why[500];
    /* an issuer that is down now may be up when the first token comes */
    if (mcp__jwks_refresh(a->jwks, why, sizeof why) != 0)
        log_warn("mcp: auth: %s; tokens are refused until the keys can be fetched", why);
    return a;
fail:
    mcp__auth_free(a);
    return NULL;
}

void mcp__auth_free(struct mcp__auth *a)
{
    if (!a)
        return;
    mcp__tokens_free(a->tokens);
    mcp__jwks_free(a->jwks);
    pthread_rwlock_destroy(&a->lock);
    free(a->tokens_file);
    free(a->issuer);
    free(a->resource);
    free(a->resource_canon);
    free(a->metadata_url);
    free(a->read_scope);
    free(a->write_scope);
    free(a);
}

int mcp__auth_reload(struct mcp__auth *a, char *err, size_t errlen)
{
    if (a->mode != MCP_AUTH_TOKEN)
        return 0;
    struct mcp__tokens *t = mcp__tokens_load(a->tokens_file, err, errlen);
    if (!t)
        return -1;
    pthread_rwlock_wrlock(&a->lock);
    struct mcp__tokens *old = a->tokens;
    a->tokens = t;
    pthread_rwlock_unlock(&a->lock);
    mcp__tokens_free(old);
    log_info("mcp: auth: reloaded %zu bearer token%s from %s", mcp__tokens_count(t),
             mcp__tokens_count(t) == 1 ? "" : "s", a->tokens_file);
    return 0;
}

enum mcp_auth_mode mcp__auth_mode(const struct mcp__auth *a) { return a ? a->mode : MCP_AUTH_NONE; }

/* ------------------------------------------------------------------ */
/* Checking a token                                                    */

/* True when the space-separated list (or JSON array) of scopes holds s. */
static bool has_scope(json_t *scopes, const char *s)
{
    if (!s)
        return false;
    if (json_is_array(scopes)) {
        for (size_t i = 0; i < json_array_size(scopes); i++) {
            const char *v = json_string_value(json_array_get(scopes, i));
            if (v && strcmp(v, s) == 0)
                return true;
        }
        return false;
    }
    const char *p = json_string_value(scopes);
    size_t n = strlen(s);
    while (p && *p) {
        size_t w = strcspn(p, " ");
        if (w == n && strncmp(p, s, n) == 0)
            return true;
        p += w;
        p += strspn(p, " ");
    }
    return false;
}

static bool aud_matches(const struct mcp__auth *a, json_t *aud)
{
    if (json_is_string(aud)) {
        char *c = mcp__url_canonical(json_string_value(aud));
        bool eq = strcmp(c, a->resource_canon) == 0;
        free(c);
        return eq;
    }
    for (size_t i = 0; json_is_array(aud) && i < json_array_size(aud); i++)
        if (json_is_string(json_array_get(aud, i)) && aud_matches(a, json_array_get(aud, i)))
            return true;
    return false;
}

/* Checks the claims of a verified token; fills who. 0 or -1 with why. */
static int check_claims(struct mcp__auth *a, json_t *claims, struct mcp_principal *who, char *why,
                        size_t whylen)
{
    char *issuer = mcp__jwks_issuer(a->jwks);
    const char *iss = json_string_value(json_object_get(claims, "iss"));
    json_t *exp = json_object_get(claims, "exp"), *nbf = json_object_get(claims, "nbf");
    json_t *iat = json_object_get(claims, "iat");
    const char *sub = json_string_value(json_object_get(claims, "sub"));
    double now = (double)time(NULL);
    int rc = -1;
    if (!sub)
        sub = json_string_value(json_object_get(claims, "client_id"));
    if (!iss || strcmp(iss, issuer) != 0)
        snprintf(why, whylen, "the token was issued by another authorization server");
    else if (!aud_matches(a, json_object_get(claims, "aud")))
        snprintf(why, whylen, "the token is for another resource (its audience is not %s)",
                 a->resource);
    else if (!json_is_number(exp))
        snprintf(why, whylen, "the token has no expiry");
    else if (now >= json_number_value(exp) + a->leeway_s)
        snprintf(why, whylen, "the token has expired");
    else if (nbf && (!json_is_number(nbf) || now + a->leeway_s < json_number_value(nbf)))
        snprintf(why, whylen, "the token is not valid yet");
    else if (iat && (!json_is_number(iat) || now + a->leeway_s < json_number_value(iat)))
        snprintf(why, whylen, "the token was issued in the future");
    else if (!sub || !*sub || strlen(sub) >= sizeof who->name)
        snprintf(why, whylen, "the token names no subject");
    else
        rc = 0;
    if (rc == 0) {
        json_t *scopes = json_object_get(claims, "scope");
        if (!scopes)
            scopes = json_object_get(claims, "scp");
        snprintf(who->name, sizeof who->name, "%s", sub);
        who->rights = 0;
        if (has_scope(scopes, a->read_scope))
            who->rights |= MCP_RIGHT_READ;
        if (has_scope(scopes, a->write_scope))
            who->rights |= MCP_RIGHTS_ALL;
    }
    free(issuer);
    return rc;
}

/* Header checks before any key is looked at. 0 or -1 with why. */
static int check_header(json_t *h, char *why, size_t whylen)
{
    const char *alg = json_string_value(json_object_get(h, "alg"));
    const char *typ = json_string_value(json_object_get(h, "typ"));
    if (!alg || (strcmp(alg, "RS256") != 0 && strcmp(alg, "ES256") != 0)) {
        /* "none", HS256 with a public key as secret, ...: never */
        snprintf(why, whylen, "the token's signature algorithm is not accepted (RS256 or ES256)");
        return -1;
    }
    if (json_object_get(h, "crit")) {
        snprintf(why, whylen, "the token has critical header parameters we do not understand");
        return -1;
    }
    /* RFC 9068 access tokens say at+jwt; many issuers still say JWT */
    if (typ && strcasecmp(typ, "JWT") != 0 && strcasecmp(typ, "at+jwt") != 0 &&
        strcasecmp(typ, "application/at+jwt") != 0) {
        snprintf(why, whylen, "the token is not an access token (typ)");
        return -1;
    }
    return 0;
}

static enum mcp__auth_result check_jwt(struct mcp__auth *a, const char *token, size_t len,
                                       struct mcp_principal *who, char *why, size_t whylen)
{
    struct mcp__jws j;
    enum mcp__auth_result r = MCP__AUTH_INVALID;
    if (mcp__jws_parse(token, len, &j, why, whylen) != 0)
        return MCP__AUTH_INVALID;
    if (check_header(j.header, why, whylen) != 0)
        goto out;
    int v = mcp__jwks_verify(a->jwks, &j, why, whylen);
    if (v == -2) {
        r = MCP__AUTH_UNAVAILABLE;
        goto out;
    }
    if (v != 0 || check_claims(a, j.payload, who, why, whylen) != 0)
        goto out;
    r = MCP__AUTH_OK;
out:
    mcp__jws_clear(&j);
    return r;
}

enum mcp__auth_result mcp__auth_check(struct mcp__auth *a, const char *authorization,
                                      struct mcp_principal *who, char *why, size_t whylen)
{
    memset(who, 0, sizeof *who);
    why[0] = '\0';
    if (!a || a->mode == MCP_AUTH_NONE)
        return MCP__AUTH_OK;
    if (!authorization || !*authorization) {
        snprintf(why, whylen, "authentication required");
        return MCP__AUTH_MISSING;
    }
    if (strncasecmp(authorization, "Bearer ", 7) != 0) {
        /* another scheme counts as no credentials (RFC 6750 §3.1) */
        snprintf(why, whylen, "a Bearer token is required");
        return MCP__AUTH_MISSING;
    }
    const char *token = authorization + 7;
    token += strspn(token, " ");
    size_t len = strlen(token);
    while (len && token[len - 1] == ' ')
        len--;
    if (len == 0 || len > MCP__AUTH_MAX_TOKEN || memchr(token, ' ', len)) {
        snprintf(why, whylen, "the Authorization header is not \"Bearer <token>\"");
        return MCP__AUTH_MALFORMED;
    }
    if (a->mode == MCP_AUTH_TOKEN) {
        pthread_rwlock_rdlock(&a->lock);
        bool ok = mcp__tokens_match(a->tokens, token, len, who);
        pthread_rwlock_unlock(&a->lock);
        if (!ok)
            snprintf(why, whylen, "unknown token");
        return ok ? MCP__AUTH_OK : MCP__AUTH_INVALID;
    }
    return check_jwt(a, token, len, who, why, whylen);
}

/* ------------------------------------------------------------------ */
/* Challenges and metadata                                             */

char *mcp__auth_scopes_for(const struct mcp__auth *a, unsigned rights)
{
    const char *r = a->mode == MCP_AUTH_OAUTH ? a->read_scope : "read";
    const char *w = a->mode == MCP_AUTH_OAUTH ? a->write_scope : "write";
    if ((rights & MCP_RIGHT_WRITE) && w)
        return xasprintf("%s %s", r, w);
    return xstrdup(r);
}

/* Appends ", name=\"value\"" with anything that could break the quoted
 * string replaced. */
static void param(struct buf *b, const char *name, const char *value)
{
    buf_printf(b, "%s%s=\"", b->len > 7 ? ", " : "", name);
    for (const char *p = value; *p; p++)
        buf_printf(b, "%c", (*p == '"' || *p == '\\' || (unsigned char)*p < 0x20) ? '\'' : *p);
    buf_appends(b, "\"");
}

char *mcp__auth_challenge(const struct mcp__auth *a, enum mcp__auth_result result, const char *why,
                          unsigned need)
{
    struct buf b = {0};
    buf_appends(&b, "Bearer ");
    if (result == MCP__AUTH_INVALID)
        param(&b, "error", "invalid_token");
    else if (result == MCP__AUTH_MALFORMED)
        param(&b, "error", "invalid_request");
    else if (result == MCP__AUTH_OK)
        param(&b, "error", "insufficient_scope");
    if (a->mode == MCP_AUTH_OAUTH && (result == MCP__AUTH_MISSING || result == MCP__AUTH_OK)) {
        /* what to ask the authorization server for: what the call needs
         * and what it had, so a step-up keeps the earlier rights */
        char *s = mcp__auth_scopes_for(a, result == MCP__AUTH_OK ? need : MCP_RIGHTS_ALL);
        param(&b, "scope", s);
        free(s);
    }
    param(&b, "resource_metadata", a->metadata_url);
    if (why && *why && result != MCP__AUTH_MISSING)
        param(&b, "error_description", why);
    return buf_steal(&b);
}

char *mcp__auth_metadata(const struct mcp__auth *a)
{
    json_t *doc = json_object();
    json_object_set_new(doc, "resource", json_string(a->resource));
    if (a->mode == MCP_AUTH_OAUTH)
        json_object_set_new(doc, "authorization_servers", json_pack("[s]", a->issuer));
    char *scopes = mcp__auth_scopes_for(a, MCP_RIGHTS_ALL);
    json_t *list = json_array();
    for (char *save = NULL, *s = strtok_r(scopes, " ", &save); s; s = strtok_r(NULL, " ", &save))
        json_array_append_new(list, json_string(s));
    free(scopes);
    json_object_set_new(doc, "scopes_supported", list);
    json_object_set_new(doc, "bearer_methods_supported", json_pack("[s]", "header"));
    char *text = json_dumps(doc, JSON_COMPACT);
    json_decref(doc);
    return text;
}
