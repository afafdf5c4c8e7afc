/* doctor.c - `halopsa-mcp doctor`: checks configuration, name resolution,
 * the token and one read, one PASS/FAIL line each with the fix for a
 * failure. Prints no secret, only how long it is. */
#include "app_int.h"

#include "base/base.h"

#include <netdb.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

static const char fix_config[] =
    "set HALOPSA_CLIENT_ID, HALOPSA_CLIENT_SECRET and HALOPSA_TENANT (or HALOPSA_BASE_URL); "
    "see 'halopsa-mcp --help' or README.md";
static const char fix_host[] =
    "check HALOPSA_TENANT/HALOPSA_BASE_URL (and HALOPSA_AUTH_URL), the network and any proxy "
    "(HTTPS_PROXY)";
static const char fix_secret[] =
    "check the client id/secret in HaloPSA Config > Integrations > HaloPSA API (the application "
    "must use Client ID and Secret (Services) and be active)";
static const char fix_permission[] =
    "give the API application's agent and scope permission to read (HALOPSA_SCOPE, default all)";

struct report {
    int failures;
};

static void pass(struct report *r, const char *what, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static void fail(struct report *r, const char *what, const char *fix, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

static void pass(struct report *r, const char *what, const char *fmt, ...)
{
    va_list ap;
    (void)r;
    printf("PASS  %-13s ", what);
    va_start(ap, fmt);
    vprintf(fmt, ap);
    va_end(ap);
    putchar('\n');
}

static void fail(struct report *r, const char *what, const char *fix, const char *fmt, ...)
{
    va_list ap;
    char msg[1200];
    r->failures++;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    log_redact(msg);
    printf("FAIL  %-13s %s\n", what, msg);
    if (fix)
        printf("      fix: %s\n", fix);
}

/* The host of a URL ("scheme://host[:port]/...") into out; 0 or -1. */
static int url_host(const char *url, char *host, size_t hostlen, char *port, size_t portlen)
{
    const char *p = strstr(url, "://");
    if (!p)
        return -1;
    bool https = strncmp(url, "https", 5) == 0;
    p += 3;
    size_t n = strcspn(p, "/?#");
    const char *at = memchr(p, '@', n);
    if (at) {
        n -= (size_t)(at + 1 - p);
        p = at + 1;
    }
    const char *end = p + n, *colon = NULL;
    if (*p == '[') {
        const char *close = memchr(p, ']', n);
        if (!close)
            return -1;
        p++;
        n = (size_t)(close - p);
        colon = close[1] == ':' ? close + 1 : NULL;
    } else {
        colon = memchr(p, ':', n);
        if (colon)
            n = (size_t)(colon - p);
    }
    if (n == 0 || n >= hostlen)
        return -1;
    memcpy(host, p, n);
    host[n] = '\0';
    if (colon && (size_t)(end - colon - 1) < portlen && end > colon + 1)
        snprintf(port, portlen, "%.*s", (int)(end - colon - 1), colon + 1);
    else
        snprintf(port, portlen, "%s", https ? "443" : "80");
    return 0;
}

static bool check_resolve(struct report *r, const char *label, const char *url)
{
    char host[256], port[16];
    struct addrinfo hints = {.ai_socktype = SOCK_STREAM}, *res = NULL;
    if (url_host(url, host, sizeof host, port, sizeof port) != 0) {
        fail(r, label, fix_host, "cannot read a host name in %s", url);
        return false;
    }
    int e = getaddrinfo(host, port, &hints, &res);
    if (e != 0) {
        fail(r, label, fix_host, "cannot resolve %s: %s", host, gai_strerror(e));
        return false;
    }
    char addr[128] = "?";
    getnameinfo(res->ai_addr, res->ai_addrlen, addr, sizeof addr, NULL, 0, NI_NUMERICHOST);
    freeaddrinfo(res);
    pass(r, label, "%s resolves to %s", host, addr);
    return true;
}

static bool proxy_set(void)
{
    static const char *const vars[] = {"https_proxy", "HTTPS_PROXY", "http_proxy", "HTTP_PROXY",
                                       "all_proxy", "ALL_PROXY", NULL};
    for (size_t i = 0; vars[i]; i++) {
        const char *v = getenv(vars[i]);
        if (v && *v)
            return true;
    }
    return false;
}

/* What to do about e (a static string), or NULL when nothing useful fits. */
static const char *fix_for(const struct halo_error *e)
{
    switch (e->kind) {
    case HALO_E_AUTH:
        return fix_secret;
    case HALO_E_NETWORK:
    case HALO_E_TIMEOUT:
        return fix_host;
    case HALO_E_CONFIG:
        return fix_config;
    case HALO_E_HTTP:
        if (e->status == 401)
            return fix_secret;
        if (e->status == 403)
            return fix_permission;
        if (e->status == 404)
            return fix_host;
        return NULL;
    case HALO_E_RATELIMIT:
        return "wait for the rate-limit window to pass, or lower HALOPSA_RATE_LIMIT";
    default:
        return NULL;
    }
}

int app__doctor(struct app *a)
{
    struct report r = {0};
    struct halo_error herr;
    char line[1400];
    json_t *me = NULL;
    int rc = app__setup_logging(a, LOG_WARN);
    if (rc != APP_OK)
        return rc;

    /* 1. configuration */
    if (a->demo) {
        if (app__load_config(a) != APP_OK) {
            fail(&r, "configuration", NULL, "the demo tenant did not start");
            goto out;
        }
    } else {
        char err[512];
        if (halo_config_from_env(&a->cfg, err, sizeof err) != 0) {
            fail(&r, "configuration", fix_config, "%s", err);
            goto out;
        }
        a->have_cfg = true;
        log_add_secret(a->cfg.client_secret);
    }
    pass(&r, "configuration", "%s%s, client id set (%zu chars), client secret set (%zu chars)",
         a->demo ? "demo tenant at " : "base URL ", a->cfg.base_url, strlen(a->cfg.client_id),
         strlen(a->cfg.client_secret));
    pass(&r, "token url", "%s%s%s", a->cfg.token_url, a->cfg.tenant ? ", tenant " : "",
         a->cfg.tenant ? a->cfg.tenant : "");

    /* 2. name resolution, for the API host and (if different) the auth host */
    bool resolved = check_resolve(&r, "resolve", a->cfg.base_url);
    char h1[256], h2[256], p1[16], p2[16];
    if (url_host(a->cfg.base_url, h1, sizeof h1, p1, sizeof p1) == 0 &&
        url_host(a->cfg.token_url, h2, sizeof h2, p2, sizeof p2) == 0 && strcmp(h1, h2) != 0)
        resolved = check_resolve(&r, "resolve auth", a->cfg.token_url) && resolved;

    /* 3. a token */
    a->hc = halo_client_new(&a->cfg);
    /* Behind a proxy the local resolver may not know the host while the
     * proxy does: try the token anyway. */
    if (!resolved && !proxy_set()) {
        fail(&r, "token", NULL, "skipped: the host does not resolve");
        fail(&r, "API read", NULL, "skipped: the host does not resolve");
        goto rate;
    }
    memset(&herr, 0, sizeof herr);
    enum halo_reach reach = halo_check_reach(a->hc, &herr);
    if (reach != HALO_REACH_OK) {
        fail(&r, "token", fix_for(&herr), "credentials %s: %s", halo_reach_words(reach),
             halo_error_format(&herr, line, sizeof line));
        fail(&r, "API read", NULL, "skipped: no token");
        goto rate;
    }
    struct halo_status st;
    halo_client_status(a->hc, &st);
    pass(&r, "token", "obtained from %s (expires in %lld s)", a->cfg.token_url,
         (long long)st.token_expires_in_s);

    /* 4. one cheap read: the agent the token acts as */
    memset(&herr, 0, sizeof herr);
    me = halo_get(a->hc, "/api/Agent/me", NULL, &herr);
    if (!me) {
        fail(&r, "API read", fix_for(&herr), "%s", halo_error_format(&herr, line, sizeof line));
    } else {
        json_t *rec = halo_record(me, NULL);
        const char *who = json_string_value(json_object_get(rec, "name"));
        json_int_t id = json_integer_value(json_object_get(rec, "id"));
        pass(&r, "API read", "GET /api/Agent/me: acting as %s (agent id %lld)",
             who ? who : "an agent", (long long)id);
    }

rate:
    halo_client_status(a->hc, &st);
    pass(&r, "rate limit", "at most %d requests per %d s, client-side (HALOPSA_RATE_LIMIT; "
                           "lower it if HaloPSA answers 429)",
         st.rate_limit, st.rate_window_s);
    if (getenv("HALOPSA_AUDIT_LOG") || getenv("HALOPSA_AUDIT_LEVEL")) {
        char err[512];
        if (tools_audit_open(err, sizeof err) != 0)
            fail(&r, "audit log", "set HALOPSA_AUDIT_LOG to a writable file or stderr, and "
                                  "HALOPSA_AUDIT_LEVEL to writes or all", "%s", err);
        else
            pass(&r, "audit log", "appending to %s",
                 getenv("HALOPSA_AUDIT_LOG") ? getenv("HALOPSA_AUDIT_LOG") : "(not set: no log)");
    }
out:
    json_decref(me);
    printf("%s\n", r.failures ? "Some checks failed." : "All checks passed.");
    app__teardown(a);
    return r.failures ? APP_FAIL : APP_OK;
}
