/* config.c - the client's settings from the environment or explicit values:
 * URL normalisation, tenant to URL, token URL, rate limit and timeouts. */
#include "halo_int.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

struct raw {
    const char *base_url, *tenant, *auth_url, *client_id, *client_secret;
    const char *scope, *rate_limit, *timeout_ms, *connect_timeout_ms, *max_retries;
    const char *max_wait_ms, *ca_file;
};

static bool ends_with_ci(const char *s, const char *suffix)
{
    size_t n = strlen(s), m = strlen(suffix);
    return n >= m && strcasecmp(s + n - m, suffix) == 0;
}

static void strip_slashes(char *s)
{
    size_t n = strlen(s);
    while (n && s[n - 1] == '/')
        s[--n] = '\0';
}

/* Where the userinfo of url ends ("user:password@"), or NULL when it has
 * none. Borrowed from url. */
static const char *userinfo_end(const char *url)
{
    const char *sep = strstr(url, "://");
    const char *host = sep ? sep + 3 : url;
    const char *at = NULL;
    /* The last '@' of the authority ends it (a password may hold one). */
    for (const char *p = host; *p && !strchr("/?#", *p); p++) {
        if (*p == '@')
            at = p;
    }
    return at;
}

/* A new copy of url fit to print: any userinfo replaced by "***@". */
static char *shown_url(const char *url)
{
    const char *at = userinfo_end(url);
    if (!at)
        return xstrdup(url);
    const char *sep = strstr(url, "://");
    size_t head = sep ? (size_t)(sep + 3 - url) : 0;
    return xasprintf("%.*s***%s", (int)head, url, at);
}

/* Normalises a URL setting: scheme added when missing (https), only http
 * and https accepted, no user name or password, no query or fragment,
 * trailing slashes removed and, when strip_api, a trailing "/api" (people
 * paste the resource URL that HaloPSA's API page shows). Returns a new
 * string or NULL with err; neither err nor a log line ever holds the
 * userinfo. */
static char *normalize_url(const char *in, const char *var, bool strip_api, char *err,
                           size_t errlen)
{
    char *url = NULL;
    char *shown = shown_url(in);
    const char *at = userinfo_end(in);
    if (at) {
        /* A proxy password pasted into the URL: keep it out of every later
         * line, and refuse rather than send it to HaloPSA as Basic auth. */
        const char *sep = strstr(in, "://");
        const char *ui = sep ? sep + 3 : in;
        char *userinfo = xstrndup(ui, (size_t)(at - ui));
        char *colon = strchr(userinfo, ':');
        if (colon)
            log_add_secret(colon + 1);
        log_add_secret(userinfo);
        memset(userinfo, 0, strlen(userinfo));
        free(userinfo);
        snprintf(err, errlen,
                 "%s must not hold a user name or password (\"%s\"): HaloPSA signs in with "
                 "HALOPSA_CLIENT_ID and HALOPSA_CLIENT_SECRET; put a proxy and its password in "
                 "HTTPS_PROXY instead",
                 var, shown);
        goto out;
    }
    const char *sep = strstr(in, "://");
    if (!sep) {
        url = xasprintf("https://%s", in);
    } else {
        size_t slen = (size_t)(sep - in);
        if (!((slen == 4 && strncasecmp(in, "http", 4) == 0) ||
              (slen == 5 && strncasecmp(in, "https", 5) == 0))) {
            snprintf(err, errlen, "%s must be an http:// or https:// URL, got \"%s\"", var, shown);
            goto out;
        }
        url = xasprintf("%.*s%s", (int)slen, slen == 4 ? "http" : "https", sep);
    }
    const char *host = strstr(url, "://") + 3;
    if (!*host || *host == '/' || *host == ':' || strpbrk(url, " \t\r\n?#\"<>\\")) {
        snprintf(err, errlen, "%s is not a valid URL: \"%s\" (expected e.g. https://yourcompany.halopsa.com)",
                 var, shown);
        free(url);
        url = NULL;
        goto out;
    }
    strip_slashes(url);
    if (strip_api && ends_with_ci(url, "/api") && strlen(host) > 4) {
        url[strlen(url) - 4] = '\0';
        strip_slashes(url);
    }
out:
    free(shown);
    return url;
}

/* HALOPSA_TENANT is a name ("acme"), a host ("acme.halopsa.com") or a URL.
 * Gives the tenant name (new) and the URL it implies (new). */
static int tenant_parse(const char *t, char **name, char **url, char *err, size_t errlen)
{
    *name = *url = NULL;
    if (!strstr(t, "://") && !strchr(t, '.') && !strchr(t, '/') && !strchr(t, ':')) {
        for (const char *p = t; *p; p++) {
            if (!isalnum((unsigned char)*p) && *p != '-' && *p != '_') {
                snprintf(err, errlen,
                         "HALOPSA_TENANT \"%s\" is not a tenant name (the NAME in "
                         "https://NAME.halopsa.com)", t);
                return -1;
            }
        }
        *name = xstrdup(t);
        *url = xasprintf("https://%s.halopsa.com", t);
        return 0;
    }
    *url = normalize_url(t, "HALOPSA_TENANT", true, err, errlen);
    if (!*url)
        return -1;
    /* On Halo's own domains the first label is the tenant; a custom domain
     * says nothing about it, so no tenant parameter is sent for one. */
    static const char *const hosted[] = {".halopsa.com", ".haloitsm.com", ".haloservicedesk.com",
                                         ".halocrm.io", NULL};
    const char *host = strstr(*url, "://") + 3;
    size_t hlen = strcspn(host, ":/");
    size_t n = strcspn(host, ".:/");
    for (int i = 0; hosted[i]; i++) {
        size_t sl = strlen(hosted[i]);
        if (hlen > sl && strncasecmp(host + hlen - sl, hosted[i], sl) == 0) {
            *name = xstrndup(host, n);
            break;
        }
    }
    return 0;
}

static int parse_long(const char *s, const char *var, long lo, long hi, long *out, char *err,
                      size_t errlen)
{
    char *end;
    errno = 0;
    long v = strtol(s, &end, 10);
    if (errno || end == s || *end || v < lo || v > hi) {
        snprintf(err, errlen, "%s must be a whole number from %ld to %ld, got \"%s\"", var, lo, hi,
                 s);
        return -1;
    }
    *out = v;
    return 0;
}

/* "500/180", "500", "300/5m", "300/300s", "1000/1h". */
static int parse_rate(const char *s, int *limit, int *window_s, char *err, size_t errlen)
{
    char *end;
    errno = 0;
    long n = strtol(s, &end, 10);
    long w = *window_s;
    if (errno || end == s || n < 1 || n > 1000000)
        goto bad;
    while (isspace((unsigned char)*end))
        end++;
    if (*end == '/') {
        const char *ws = end + 1;
        errno = 0;
        w = strtol(ws, &end, 10);
        if (errno || end == ws || w < 1)
            goto bad;
        if (*end == 'm' && !end[1])
            w *= 60, end++;
        else if (*end == 'h' && !end[1])
            w *= 3600, end++;
        else if (*end == 's' && !end[1])
            end++;
        if (w > 86400)
            goto bad;
    }
    if (*end)
        goto bad;
    *limit = (int)n;
    *window_s = (int)w;
    return 0;
bad:
    snprintf(err, errlen,
             "HALOPSA_RATE_LIMIT must be REQUESTS/SECONDS such as 500/180 (or 300/5m), got \"%s\"", s);
    return -1;
}

/* The optional limits and the CA file of r (unset: the defaults already in
 * cfg). 0, or -1 with err. */
static int build_limits(struct halo_config *cfg, const struct raw *r, char *err, size_t errlen)
{
    if (r->rate_limit &&
        parse_rate(r->rate_limit, &cfg->rate_limit, &cfg->rate_window_s, err, errlen) < 0)
        return -1;
    long v;
    if (r->timeout_ms) {
        if (parse_long(r->timeout_ms, "HALOPSA_TIMEOUT_MS", 1, 3600000, &v, err, errlen) < 0)
            return -1;
        cfg->timeout_ms = v;
    }
    if (r->connect_timeout_ms) {
        if (parse_long(r->connect_timeout_ms, "HALOPSA_CONNECT_TIMEOUT_MS", 1, 600000, &v, err,
                       errlen) < 0)
            return -1;
        cfg->connect_timeout_ms = v;
    }
    if (r->max_retries) {
        if (parse_long(r->max_retries, "HALOPSA_MAX_RETRIES", 0, 20, &v, err, errlen) < 0)
            return -1;
        cfg->max_retries = (int)v;
    }
    if (r->max_wait_ms) {
        if (parse_long(r->max_wait_ms, "HALOPSA_MAX_WAIT_MS", 0, 3600000, &v, err, errlen) < 0)
            return -1;
        cfg->max_wait_ms = v;
    }
    if (r->ca_file) {
        if (access(r->ca_file, R_OK) != 0) {
            snprintf(err, errlen, "HALOPSA_CA_FILE: cannot read \"%s\": %s", r->ca_file,
                     strerror(errno));
            return -1;
        }
        cfg->ca_file = xstrdup(r->ca_file);
    }
    return 0;
}

/* cfg from the raw settings in (each read with the one rule for unset);
 * 0, or -1 with err naming the setting and its fix, cfg then empty. */
static int build(struct halo_config *cfg, const struct raw *in, char *err, size_t errlen)
{
    struct raw r = {0};
    char *own[12] = {0};
    char *tenant_url = NULL;
    int rc = -1;
    const char *src[12] = {in->base_url,    in->tenant,     in->auth_url,
                           in->client_id,   in->client_secret, in->scope,
                           in->rate_limit,  in->timeout_ms, in->connect_timeout_ms,
                           in->max_retries, in->max_wait_ms, in->ca_file};
    for (int i = 0; i < 12; i++)
        own[i] = base_env_dup(src[i]); /* NULL when unset: the one rule */
    r.base_url = own[0], r.tenant = own[1], r.auth_url = own[2], r.client_id = own[3];
    r.client_secret = own[4], r.scope = own[5], r.rate_limit = own[6], r.timeout_ms = own[7];
    r.connect_timeout_ms = own[8], r.max_retries = own[9], r.max_wait_ms = own[10];
    r.ca_file = own[11];

    memset(cfg, 0, sizeof *cfg);
    if (err && errlen)
        err[0] = '\0';
    /* Registered before anything can print, so even a message about another
     * setting cannot carry it. */
    if (r.client_secret)
        log_add_secret(r.client_secret);
    cfg->rate_limit = 500;
    cfg->rate_window_s = 180;
    cfg->connect_timeout_ms = 10000;
    cfg->timeout_ms = 60000;
    cfg->max_retries = 3;
    cfg->max_wait_ms = HALO_DEFAULT_MAX_WAIT_MS;

    /* The value itself is never echoed: a "placeholder" could be a secret
     * that happens to contain "${". */
    if (!r.client_id) {
        snprintf(err, errlen, "HALOPSA_CLIENT_ID %s: use the Client ID of the API "
                              "application (HaloPSA: Configuration > Integrations > Halo API)",
                 base_env_state_words(base_env_state_of(in->client_id)));
        goto out;
    }
    if (!r.client_secret) {
        snprintf(err, errlen, "HALOPSA_CLIENT_SECRET %s: use the Client Secret of the API "
                              "application (HaloPSA: Configuration > Integrations > Halo API)",
                 base_env_state_words(base_env_state_of(in->client_secret)));
        goto out;
    }
    if (r.tenant && tenant_parse(r.tenant, &cfg->tenant, &tenant_url, err, errlen) < 0)
        goto out;
    if (r.base_url) {
        cfg->base_url = normalize_url(r.base_url, "HALOPSA_BASE_URL", true, err, errlen);
        if (!cfg->base_url)
            goto out;
    } else if (tenant_url) {
        cfg->base_url = xstrdup(tenant_url);
    } else {
        enum base_env_state sb = base_env_state_of(in->base_url),
                            st = base_env_state_of(in->tenant);
        const char *why = sb == BASE_ENV_PLACEHOLDER   ? "HALOPSA_BASE_URL is an unexpanded placeholder and "
                          : st == BASE_ENV_PLACEHOLDER ? "HALOPSA_TENANT is an unexpanded placeholder and "
                                                       : "";
        snprintf(err, errlen,
                 "%sHALOPSA_TENANT or HALOPSA_BASE_URL must be set: HALOPSA_TENANT=yourcompany for "
                 "https://yourcompany.halopsa.com, or HALOPSA_BASE_URL for an on-premise or custom "
                 "domain",
                 why);
        goto out;
    }
    if (r.auth_url) {
        char *a = normalize_url(r.auth_url, "HALOPSA_AUTH_URL", false, err, errlen);
        if (!a)
            goto out;
        cfg->token_url = ends_with_ci(a, "/token") ? xstrdup(a) : xasprintf("%s/token", a);
        free(a);
    } else {
        cfg->token_url = xasprintf("%s/auth/token", cfg->base_url);
    }
    cfg->client_id = xstrdup(r.client_id);
    cfg->client_secret = xstrdup(r.client_secret);
    cfg->scope = xstrdup(r.scope ? r.scope : "all");
    if (build_limits(cfg, &r, err, errlen) < 0)
        goto out;
    rc = 0;
out:
    if (rc < 0) {
        log_redact(err);
        halo_config_cleanup(cfg);
    }
    free(tenant_url);
    for (int i = 0; i < 12; i++)
        free(own[i]);
    return rc;
}

int halo_config_from_env(struct halo_config *cfg, char *err, size_t errlen)
{
    struct raw r = {
        .base_url = getenv("HALOPSA_BASE_URL"),
        .tenant = getenv("HALOPSA_TENANT"),
        .auth_url = getenv("HALOPSA_AUTH_URL"),
        .client_id = getenv("HALOPSA_CLIENT_ID"),
        .client_secret = getenv("HALOPSA_CLIENT_SECRET"),
        .scope = getenv("HALOPSA_SCOPE"),
        .rate_limit = getenv("HALOPSA_RATE_LIMIT"),
        .timeout_ms = getenv("HALOPSA_TIMEOUT_MS"),
        .connect_timeout_ms = getenv("HALOPSA_CONNECT_TIMEOUT_MS"),
        .max_retries = getenv("HALOPSA_MAX_RETRIES"),
        .max_wait_ms = getenv("HALOPSA_MAX_WAIT_MS"),
        .ca_file = getenv("HALOPSA_CA_FILE"),
    };
    return build(cfg, &r, err, errlen);
}

int halo_config_init(struct halo_config *cfg, const char *base_url, const char *tenant,
                     const char *auth_url, const char *client_id, const char *client_secret,
                     char *err, size_t errlen)
{
    struct raw r = {
        .base_url = base_url,
        .tenant = tenant,
        .auth_url = auth_url,
        .client_id = client_id,
        .client_secret = client_secret,
    };
    return build(cfg, &r, err, errlen);
}

void halo_config_cleanup(struct halo_config *cfg)
{
    if (!cfg)
        return;
    free(cfg->base_url);
    free(cfg->token_url);
    free(cfg->client_id);
    free(cfg->client_secret);
    free(cfg->tenant);
    free(cfg->scope);
    free(cfg->ca_file);
    cfg->base_url = cfg->token_url = cfg->client_id = cfg->client_secret = NULL;
    cfg->tenant = cfg->scope = cfg->ca_file = NULL;
}

void halo__config_copy(struct halo_config *dst, const struct halo_config *src)
{
    *dst = *src;
    dst->base_url = xstrdup(src->base_url);
    dst->token_url = xstrdup(src->token_url);
    dst->client_id = xstrdup(src->client_id);
    dst->client_secret = xstrdup(src->client_secret);
    dst->tenant = xstrdup(src->tenant);
    dst->scope = xstrdup(src->scope ? src->scope : "all");
    dst->ca_file = xstrdup(src->ca_file);
    if (dst->rate_limit < 1)
        dst->rate_limit = 500;
    if (dst->rate_window_s < 1)
        dst->rate_window_s = 180;
    if (dst->connect_timeout_ms < 1)
        dst->connect_timeout_ms = 10000;
    if (dst->timeout_ms < 1)
        dst->timeout_ms = 60000;
    if (dst->max_retries < 0)
        dst->max_retries = 0;
    if (dst->max_wait_ms < 0)
        dst->max_wait_ms = 0;
}
