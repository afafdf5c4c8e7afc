/* testtls.c - a local HTTPS endpoint for tests and benchmarks: a TLS front
 * (libmicrohttpd's own TLS, with the certificate in tests/lib/tls/) that
 * passes every request on to a plain-HTTP upstream such as the simulator,
 * so the client under test talks TLS the way it does to a real tenant. */
#include "testlib.h"

#include "base/base.h"

#include <curl/curl.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* 127.0.0.1 on an ephemeral port. */
static struct sockaddr *tl__loopback_any(void)
{
    static struct sockaddr_in a;
    memset(&a, 0, sizeof a);
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    return (struct sockaddr *)&a;
}

struct tl_tls {
    struct MHD_Daemon *d;
    char *upstream;
    char *cert, *key;
};

struct req {
    char *uri; /* path and query as the client sent them */
    struct buf body;
    bool started;
};

struct hdrs {
    struct curl_slist *l;
};

static enum MHD_Result copy_header(void *ud, enum MHD_ValueKind kind, const char *k, const char *v)
{
    struct hdrs *h = ud;
    (void)kind;
    /* Host and length are libcurl's to set for the upstream request. */
    if (strcasecmp(k, "Host") == 0 || strcasecmp(k, "Content-Length") == 0 ||
        strcasecmp(k, "Connection") == 0 || strcasecmp(k, "Transfer-Encoding") == 0 ||
        strcasecmp(k, "Expect") == 0)
        return MHD_YES;
    char *line = xasprintf("%s: %s", k, v ? v : "");
    h->l = curl_slist_append(h->l, line);
    free(line);
    return MHD_YES;
}

/* libmicrohttpd gives the handler the path without its query; the URI log
 * callback sees the whole of it, and what it returns is the request's
 * state. */
static void *uri_seen(void *cls, const char *uri, struct MHD_Connection *c)
{
    (void)cls, (void)c;
    struct req *r = xcalloc(1, sizeof *r);
    r->uri = xstrdup(uri);
    return r;
}

struct upstream_reply {
    struct buf body;
    char ctype[128];
    char retry_after[64];
};

static size_t on_body(char *p, size_t size, size_t n, void *ud)
{
    struct upstream_reply *u = ud;
    buf_append(&u->body, p, size * n);
    return size * n;
}

static size_t on_header(char *p, size_t size, size_t n, void *ud)
{
    struct upstream_reply *u = ud;
    size_t len = size * n;
    char line[256];
    snprintf(line, sizeof line, "%.*s", (int)(len < 255 ? len : 255), p);
    line[strcspn(line, "\r\n")] = '\0';
    if (strncasecmp(line, "Content-Type:", 13) == 0)
        snprintf(u->ctype, sizeof u->ctype, "%s", line + 13 + strspn(line + 13, " "));
    else if (strncasecmp(line, "Retry-After:", 12) == 0)
        snprintf(u->retry_after, sizeof u->retry_after, "%s", line + 12 + strspn(line + 12, " "));
    return len;
}

static enum MHD_Result handle(void *cls, struct MHD_Connection *c, const char *url,
                              const char *method, const char *version, const char *upload,
                              size_t *upload_size, void **con_cls)
{
    struct tl_tls *t = cls;
    struct req *r = *con_cls;
    (void)url, (void)version;
    if (!r->started) {
        /* First call: headers only; the body (if any) comes next. */
        r->started = true;
        return MHD_YES;
    }
    if (*upload_size) {
        buf_append(&r->body, upload, *upload_size);
        *upload_size = 0;
        return MHD_YES;
    }
    char *full = xasprintf("%s%s", t->upstream, r->uri);
    struct hdrs h = {NULL};
    MHD_get_connection_values(c, MHD_HEADER_KIND, copy_header, &h);
    h.l = curl_slist_append(h.l, "Expect:");
    struct upstream_reply rep = {{0}, "", ""};
    long status = 502;
    CURL *e = curl_easy_init();
    if (e) {
        curl_easy_setopt(e, CURLOPT_URL, full);
        curl_easy_setopt(e, CURLOPT_CUSTOMREQUEST, method);
        curl_easy_setopt(e, CURLOPT_NOSIGNAL, 1L);
        curl_easy_setopt(e, CURLOPT_HTTPHEADER, h.l);
        curl_easy_setopt(e, CURLOPT_WRITEFUNCTION, on_body);
        curl_easy_setopt(e, CURLOPT_WRITEDATA, &rep);
        curl_easy_setopt(e, CURLOPT_HEADERFUNCTION, on_header);
        curl_easy_setopt(e, CURLOPT_HEADERDATA, &rep);
        if (r->body.len) {
            curl_easy_setopt(e, CURLOPT_POSTFIELDS, r->body.data);
            curl_easy_setopt(e, CURLOPT_POSTFIELDSIZE, (long)r->body.len);
        }
        if (curl_easy_perform(e) == CURLE_OK)
            curl_easy_getinfo(e, CURLINFO_RESPONSE_CODE, &status);
        curl_easy_cleanup(e);
    }
    curl_slist_free_all(h.l);
    free(full);
    struct MHD_Response *resp = MHD_create_response_from_buffer(
        rep.body.len, rep.body.data ? rep.body.data : (void *)"", MHD_RESPMEM_MUST_COPY);
    if (rep.ctype[0])
        MHD_add_response_header(resp, "Content-Type", rep.ctype);
    if (rep.retry_after[0])
        MHD_add_response_header(resp, "Retry-After", rep.retry_after);
    enum MHD_Result ok = MHD_queue_response(c, (unsigned)status, resp);
    MHD_destroy_response(resp);
    buf_free(&rep.body);
    return ok;
}

static void done(void *cls, struct MHD_Connection *c, void **con_cls, enum MHD_RequestTerminationCode t)
{
    struct req *r = *con_cls;
    (void)cls, (void)c, (void)t;
    if (r) {
        buf_free(&r->body);
        free(r->uri);
        free(r);
        *con_cls = NULL;
    }
}

const char *tl_tls_ca_file(void)
{
    static char path[1024];
    const char *root = getenv("HALOPSA_SRC_DIR");
    snprintf(path, sizeof path, "%s/tests/lib/tls/localhost.crt", root ? root : ".");
    return path;
}

struct tl_tls *tl_tls_start(const char *upstream, char *base_url, size_t len)
{
    struct tl_tls *t = xcalloc(1, sizeof *t);
    char key_path[1024];
    const char *crt = tl_tls_ca_file();
    snprintf(key_path, sizeof key_path, "%.*slocalhost.key", (int)(strrchr(crt, '/') + 1 - crt),
             crt);
    t->cert = tl_read_file(crt);
    t->key = tl_read_file(key_path);
    t->upstream = xstrdup(upstream);
    if (!t->cert || !t->key) {
        fprintf(stderr, "tl_tls_start: cannot read %s and its key (run from the repository or "
                        "set HALOPSA_SRC_DIR)\n",
                crt);
        goto fail;
    }
    t->d = MHD_start_daemon(MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_THREAD_PER_CONNECTION |
                                MHD_USE_TLS,
                            0, NULL, NULL, handle, t, MHD_OPTION_HTTPS_MEM_CERT, t->cert,
                            MHD_OPTION_HTTPS_MEM_KEY, t->key, MHD_OPTION_URI_LOG_CALLBACK,
                            uri_seen, NULL, MHD_OPTION_NOTIFY_COMPLETED, done, NULL,
                            MHD_OPTION_SOCK_ADDR, tl__loopback_any(), MHD_OPTION_END);
    if (!t->d) {
        fprintf(stderr, "tl_tls_start: libmicrohttpd could not start a TLS listener\n");
        goto fail;
    }
    const union MHD_DaemonInfo *di = MHD_get_daemon_info(t->d, MHD_DAEMON_INFO_BIND_PORT);
    snprintf(base_url, len, "https://127.0.0.1:%u", di ? di->port : 0);
    return t;
fail:
    tl_tls_stop(t);
    return NULL;
}

void tl_tls_stop(struct tl_tls *t)
{
    if (!t)
        return;
    if (t->d)
        MHD_stop_daemon(t->d);
    free(t->upstream);
    free(t->cert);
    free(t->key);
    free(t);
}
