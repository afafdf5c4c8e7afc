/* test_secrets.c - no secret in any output: userinfo in the URL settings,
 * an auth endpoint that echoes the client secret in another form, and
 * token lifetimes that must not overflow (issue 13 items 5 and 7). */
#include "halotest.h"

#include "halo/halo_int.h"

#include <unistd.h>

#define SECRET "S3cr&t<v>\"a'l/ue+=9-Zq"

static const char *base64(const char *in, char *out)
{
    static const char abc[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    size_t n = strlen(in), o = 0;
    const unsigned char *p = (const unsigned char *)in;
    for (size_t i = 0; i < n; i += 3) {
        unsigned v = (unsigned)p[i] << 16 | (i + 1 < n ? (unsigned)p[i + 1] << 8 : 0) |
                     (i + 2 < n ? p[i + 2] : 0);
        out[o++] = abc[v >> 18 & 63];
        out[o++] = abc[v >> 12 & 63];
        out[o++] = i + 1 < n ? abc[v >> 6 & 63] : '=';
        out[o++] = i + 2 < n ? abc[v & 63] : '=';
    }
    out[o] = '\0';
    return out;
}

/* ---- userinfo in URL settings -------------------------------------- */

static void test_userinfo_refused(void)
{
    static const char *const vars[] = {"HALOPSA_BASE_URL", "HALOPSA_AUTH_URL", "HALOPSA_TENANT"};
    static const char *const urls[] = {"http://alice:Pr0xyPassw0rd@halo.example.com",
                                       "https://alice:Pr0xyPassw0rd@halo.example.com/api",
                                       "alice:Pr0xyPassw0rd@halo.example.com",
                                       "ftp://alice:Pr0xyPassw0rd@halo.example.com",
                                       "https://alice:Pr0xy@Passw0rd@halo.example.com"};
    struct capture cap;
    capture_begin(&cap);
    for (size_t v = 0; v < 3; v++) {
        for (size_t u = 0; u < sizeof urls / sizeof urls[0]; u++) {
            struct halo_config c;
            char err[512];
            const char *base = v == 0 ? urls[u] : v == 1 ? "https://halo.example.com" : NULL;
            const char *auth = v == 1 ? urls[u] : NULL;
            const char *tenant = v == 2 ? urls[u] : NULL;
            CHECK_INT(halo_config_init(&c, base, tenant, auth, "id", "secret-value-77", err,
                                       sizeof err),
                      -1);
            CHECK_CONTAINS(err, vars[v]);
            CHECK_NOT_CONTAINS(err, "Pr0xy");
            CHECK_NOT_CONTAINS(err, "Passw0rd");
            log_error("config: %s", err);
            if (!strstr(urls[u], "ftp:"))
                CHECK_CONTAINS(err, "user name or password");
        }
    }
    /* The password is a secret from now on, even where it is printed later. */
    log_error("later: Pr0xyPassw0rd");
    char *out = capture_end(&cap);
    CHECK_NOT_CONTAINS(out, "Pr0xyPassw0rd");
    CHECK_CONTAINS(out, "later: [redacted]");
    free(out);

    /* An '@' in the path or query is not userinfo. */
    struct halo_config c;
    char err[512];
    CHECK_INT(halo_config_init(&c, "https://halo.example.com/a@b", NULL, NULL, "id", "secret-1",
                               err, sizeof err),
              0);
    CHECK_STR(c.base_url, "https://halo.example.com/a@b");
    halo_config_cleanup(&c);
}

/* The real binary: doctor, serve and a CLI call never print the password. */
static void test_userinfo_binary(void)
{
    static const char *const cmds[][3] = {{"doctor", NULL, NULL},
                                          {"call", "halopsa_status", NULL},
                                          {NULL, NULL, NULL}};
    for (int i = 0; i < 3; i++) {
        char *argv[5] = {(char *)tl_bin("halopsa-mcp"), NULL, NULL, NULL, NULL};
        for (int k = 0; k < 2 && cmds[i][k]; k++)
            argv[k + 1] = (char *)cmds[i][k];
        char *env[] = {"HALOPSA_BASE_URL=https://alice:Pr0xyPassw0rd@127.0.0.1:9",
                       "HALOPSA_CLIENT_ID=ui-id", "HALOPSA_CLIENT_SECRET=ui-secret-0001",
                       "HALOPSA_TENANT=", "HALOPSA_AUTH_URL=", NULL};
        struct tl_proc p;
        CHECK_INT(tl_spawn(&p, argv, env), 0);
        struct buf out = {0};
        char *line;
        while ((line = tl_recv_line(&p, 20000)) != NULL) {
            buf_appends(&out, line);
            free(line);
        }
        int st = tl_finish(&p, 10000);
        char *err = tl_stderr(&p);
        tl_proc_free(&p);
        CHECK(st != 0);
        CHECK_NOT_CONTAINS(out.data, "Pr0xyPassw0rd");
        CHECK_NOT_CONTAINS(err, "Pr0xyPassw0rd");
        if (!strstr(out.data ? out.data : "", "user name or password") &&
            !strstr(err ? err : "", "user name or password"))
            harness_fail(__FILE__, __LINE__, "%s: no word on the userinfo: %s %s",
                         cmds[i][0] ? cmds[i][0] : "serve", out.data ? out.data : "",
                         err ? err : "");
        free(err);
        buf_free(&out);
    }
}

/* ---- an auth endpoint echoing the secret --------------------------- */

struct echo {
    char body[4096];
    const char *ctype;
    int status;
};

static void echo_script(void *ud, const char *method, const char *path, const char *body, int n,
                        struct hs_reply *r)
{
    struct echo *e = ud;
    (void)method, (void)path, (void)body, (void)n;
    r->status = e->status;
    r->ctype = e->ctype;
    snprintf(r->body, sizeof r->body, "%s", e->body);
}

static void test_echoed_secret_forms(void)
{
    char b64[256], idsecret[128], cut[32], url[128];
    snprintf(idsecret, sizeof idsecret, "hs-client-id:%s", SECRET);
    base64(idsecret, b64);
    snprintf(cut, sizeof cut, "%.16s", SECRET); /* 16 of 22 characters */
    struct buf enc = {0};
    halo__urlencode(&enc, SECRET);
    snprintf(url, sizeof url, "%s", enc.data);
    buf_free(&enc);
    struct {
        const char *what, *ctype, *fmt, *arg, *never;
    } cases[] = {
        {"plain JSON", NULL, "{\"error\":\"invalid_client\",\"error_description\":\"bad %s\"}",
         SECRET, SECRET},
        {"HTML-escaped", "text/html",
         "<html><head><title>Bad secret S3cr&amp;t&lt;v&gt;&quot;a&#39;l/ue+=9-Zq</title></head></html>%s",
         "", "S3cr&amp;t&lt;v&gt;&quot;a&#39;l/ue+=9-Zq"},
        {"base64 Basic header", NULL,
         "{\"error\":\"invalid_client\",\"error_description\":\"Authorization: Basic %s\"}", b64,
         b64},
        {"percent-encoded", NULL,
         "{\"error\":\"invalid_client\",\"error_description\":\"client_secret=%s\"}", url, url},
        {"truncated", NULL,
         "{\"error\":\"invalid_client\",\"error_description\":\"secret '%s...' is wrong\"}", cut,
         cut},
        {"JSON-escaped in text", "text/plain", "invalid_client: \"S3cr&t<v>\\\"a'l\\/ue+=9-Zq\"%s",
         "", "l\\/ue+=9-Zq"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        struct echo e = {.status = 401, .ctype = cases[i].ctype};
        struct hs h;
        char base[128], line[2000];
        snprintf(e.body, sizeof e.body, cases[i].fmt, cases[i].arg);
        hs_start(&h, echo_script, &e, base, sizeof base);
        struct halo_client *hc = hs_client(base, SECRET, 0, 5000);
        struct halo_error err;
        struct capture cap;
        capture_begin(&cap);
        CHECK_INT(halo_authenticate(hc, &err), -1);
        halo_error_format(&err, line, sizeof line);
        log_error("%s", line);
        char *out = capture_end(&cap);
        if (strstr(line, cases[i].never) || strstr(out, cases[i].never) || strstr(line, cut))
            harness_fail(__FILE__, __LINE__, "%s: the secret is shown: %s", cases[i].what, line);
        CHECK_CONTAINS(line, "[redacted]");
        free(out);
        halo_client_free(hc);
        hs_stop(&h);
    }
    /* A secret's harmless neighbours stay readable. */
    log_add_secret("demo-client-secret-0000");
    char text[] = "client demo-client-id at demo-client-se";
    log_redact(text);
    CHECK_STR(text, "client demo-client-id at demo-client-se");
}

/* ---- token lifetimes ----------------------------------------------- */

struct life {
    const char *expires;
};

static void life_script(void *ud, const char *method, const char *path, const char *body, int n,
                        struct hs_reply *r)
{
    struct life *l = ud;
    (void)method, (void)body, (void)n;
    if (strcmp(path, "/auth/token") == 0)
        snprintf(r->body, sizeof r->body,
                 "{\"access_token\":\"tok-%d-abcdefgh\",\"token_type\":\"Bearer\",\"expires_in\":%s}",
                 n, l->expires);
    else
        snprintf(r->body, sizeof r->body, "[]");
}

static void test_token_lifetime_clamped(void)
{
    static const struct {
        const char *expires;
        int64_t lo, hi;
    } cases[] = {
        {"1e18", 86000, 86400},   {"1e300", 86000, 86400}, {"\"1e300\"", 86000, 86400},
        {"9223372036854775807", 86000, 86400},             {"-5", 3500, 3600},
        {"0", 3500, 3600},        {"\"soon\"", 3500, 3600}, {"3600", 3500, 3600},
        {"600.5", 500, 600},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        struct life l = {cases[i].expires};
        struct hs h;
        char base[128];
        hs_start(&h, life_script, &l, base, sizeof base);
        struct halo_client *hc = hs_client(base, "life-secret-0001", 0, 5000);
        struct halo_error e;
        for (int k = 0; k < 3; k++) {
            json_t *r = halo_get(hc, "/api/Status", NULL, &e);
            CHECK(r != NULL);
            json_decref(r);
        }
        /* One token for all three requests: the lifetime did not wrap. */
        if (hs_count(&h, "POST", "/auth/token") != 1)
            harness_fail(__FILE__, __LINE__, "expires_in %s: %d token requests", cases[i].expires,
                         hs_count(&h, "POST", "/auth/token"));
        struct halo_status st;
        halo_client_status(hc, &st);
        if (!st.token_valid || st.token_expires_in_s < cases[i].lo ||
            st.token_expires_in_s > cases[i].hi)
            harness_fail(__FILE__, __LINE__, "expires_in %s: %lld s", cases[i].expires,
                         (long long)st.token_expires_in_s);
        halo_client_free(hc);
        hs_stop(&h);
    }
}

static const struct test tests[] = {
    {"userinfo_refused", test_userinfo_refused},
    {"userinfo_binary", test_userinfo_binary},
    {"echoed_secret_forms", test_echoed_secret_forms},
    {"token_lifetime_clamped", test_token_lifetime_clamped},
    {NULL, NULL},
};

HARNESS_MAIN("halo_secrets", tests)
