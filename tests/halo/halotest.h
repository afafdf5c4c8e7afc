/* halotest.h - helpers shared by the HaloPSA client's tests: an in-process
 * simulator with chosen options, a client for it, and the simulator's fault
 * and request-log endpoints over real HTTP. Header-only (static inline) so
 * each test program stays one file. */
#ifndef HALOPSA_HALOTEST_H
#define HALOPSA_HALOTEST_H

#include "base/base.h"
#include "halo/halo.h"
#include "harness.h"
#include "sim.h"
#include "testlib.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <unistd.h>

struct ht {
    struct sim *sim;
    char base[128];
    struct halo_client *hc;
};

/* Starts a simulator (o may be NULL for defaults) and a client for it with
 * the given client limit (0 = the simulator's) and retries. Aborts when
 * the simulator cannot start. */
static inline void ht_start(struct ht *t, const struct sim_options *o, int rate_limit,
                            int rate_window_s, int max_retries)
{
    struct sim_options def;
    char err[512];
    struct halo_config cfg;
    memset(t, 0, sizeof *t);
    if (!o) {
        sim_options_default(&def);
        o = &def;
    }
    t->sim = sim_start(o, err, sizeof err);
    if (!t->sim) {
        fprintf(stderr, "cannot start the simulator: %s\n", err);
        abort();
    }
    snprintf(t->base, sizeof t->base, "http://127.0.0.1:%d", sim_port(t->sim));
    if (halo_config_init(&cfg, t->base, NULL, NULL, SIM_DEMO_CLIENT_ID, SIM_DEMO_CLIENT_SECRET,
                         err, sizeof err) != 0) {
        fprintf(stderr, "config: %s\n", err);
        abort();
    }
    cfg.rate_limit = rate_limit ? rate_limit : o->rate_limit;
    cfg.rate_window_s = rate_window_s ? rate_window_s : o->rate_window_s;
    cfg.max_retries = max_retries;
    cfg.timeout_ms = 10000;
    cfg.connect_timeout_ms = 2000;
    t->hc = halo_client_new(&cfg);
    halo_config_cleanup(&cfg);
    if (!t->hc)
        abort();
}

static inline void ht_stop(struct ht *t)
{
    halo_client_free(t->hc);
    sim_stop(t->sim);
    t->hc = NULL;
    t->sim = NULL;
}

/* POST /_sim/faults with spec (JSON text); checks it was accepted. */
static inline void ht_faults(struct ht *t, const char *spec)
{
    char url[256], *resp = NULL;
    snprintf(url, sizeof url, "%s/_sim/faults", t->base);
    int st = tl_http("POST", url, spec, NULL, NULL, &resp);
    if (st != 200)
        harness_fail(__FILE__, __LINE__, "fault spec %s refused: %d %s", spec, st,
                     resp ? resp : "");
    free(resp);
}

static inline void ht_clear(struct ht *t)
{
    char url[256];
    snprintf(url, sizeof url, "%s/_sim/faults", t->base);
    tl_http("DELETE", url, NULL, NULL, NULL, NULL);
    snprintf(url, sizeof url, "%s/_sim/requests", t->base);
    tl_http("DELETE", url, NULL, NULL, NULL, NULL);
}

/* The simulator's request log: a new array of {method, path, query, body,
 * status}. Never NULL. */
static inline json_t *ht_requests(struct ht *t)
{
    char url[256], *resp = NULL;
    snprintf(url, sizeof url, "%s/_sim/requests", t->base);
    int st = tl_http("GET", url, NULL, NULL, NULL, &resp);
    json_t *j = st == 200 && resp ? json_loads(resp, 0, NULL) : NULL;
    free(resp);
    if (!json_is_array(j)) {
        harness_fail(__FILE__, __LINE__, "no request log (%d)", st);
        json_decref(j);
        j = json_array();
    }
    return j;
}

/* Entries of log with method (NULL = any), path prefix (case-insensitive,
 * NULL = any) and status (-1 = any). */
static inline int ht_count(json_t *log, const char *method, const char *path, int status)
{
    size_t i;
    json_t *e;
    int n = 0;
    json_array_foreach(log, i, e) {
        const char *m = json_string_value(json_object_get(e, "method"));
        const char *p = json_string_value(json_object_get(e, "path"));
        int st = (int)json_integer_value(json_object_get(e, "status"));
        if (method && (!m || strcmp(m, method) != 0))
            continue;
        if (path && (!p || strncasecmp(p, path, strlen(path)) != 0))
            continue;
        if (status >= 0 && st != status)
            continue;
        n++;
    }
    return n;
}

/* ---- a scripted HTTP server, for what the simulator cannot do ---- */

/* What the script does with one request. */
struct hs_reply {
    int status;        /* 0 = close the connection without answering */
    const char *ctype; /* default application/json */
    char body[8192];
    int delay_ms;      /* before answering (or closing) */
};

/* Called for each request (on the server's thread); n is the 1-based
 * count of requests so far with this method and path. */
typedef void (*hs_script)(void *ud, const char *method, const char *path, const char *body,
                          int n, struct hs_reply *r);

struct hs {
    int fd, port;
    pthread_t th;
    hs_script script;
    void *ud;
    pthread_mutex_t mu;
    char seen[64][80]; /* "METHOD /path" of each request */
    int nseen;
    atomic_int stop; /* set by hs_stop, read by the server thread */
};

/* Reads one request (headers and Content-Length body) into buf. */
static inline int hs_read(int c, char *buf, size_t cap)
{
    size_t len = 0;
    for (;;) {
        ssize_t k = recv(c, buf + len, cap - 1 - len, 0);
        if (k <= 0)
            return -1;
        len += (size_t)k;
        buf[len] = '\0';
        char *end = strstr(buf, "\r\n\r\n");
        if (!end)
            continue;
        const char *cl = strcasestr(buf, "Content-Length:");
        size_t want = (size_t)(end + 4 - buf) + (cl && cl < end ? strtoul(cl + 15, NULL, 10) : 0);
        if (len >= want || len + 1 >= cap)
            return 0;
    }
}

static inline void *hs_main(void *arg)
{
    struct hs *h = arg;
    static char req[65536];
    while (!h->stop) {
        int c = accept(h->fd, NULL, NULL);
        if (c < 0)
            continue;
        if (h->stop || hs_read(c, req, sizeof req) != 0) {
            close(c);
            continue;
        }
        char method[16] = "", path[1024] = "";
        sscanf(req, "%15s %1023s", method, path);
        char *q = strchr(path, '?');
        if (q)
            *q = '\0';
        const char *body = strstr(req, "\r\n\r\n") + 4;
        pthread_mutex_lock(&h->mu);
        int n = 0;
        char key[80];
        snprintf(key, sizeof key, "%s %.60s", method, path);
        for (int i = 0; i < h->nseen; i++)
            n += strcmp(h->seen[i], key) == 0;
        if (h->nseen < 64)
            snprintf(h->seen[h->nseen++], sizeof h->seen[0], "%s", key);
        pthread_mutex_unlock(&h->mu);
        struct hs_reply r = {.status = 200};
        h->script(h->ud, method, path, body, n + 1, &r);
        if (r.delay_ms)
            base_sleep_ms(r.delay_ms);
        if (r.status) {
            char head[256];
            int hl = snprintf(head, sizeof head,
                              "HTTP/1.1 %d X\r\nContent-Type: %s\r\nContent-Length: %zu\r\n"
                              "Connection: close\r\n\r\n",
                              r.status, r.ctype ? r.ctype : "application/json", strlen(r.body));
            if (send(c, head, (size_t)hl, MSG_NOSIGNAL) < 0 ||
                send(c, r.body, strlen(r.body), MSG_NOSIGNAL) < 0) {
                /* the client gave up first: nothing to do */
            }
        }
        close(c);
    }
    return NULL;
}

/* Starts the server on an ephemeral loopback port; base gets its URL. */
static inline void hs_start(struct hs *h, hs_script script, void *ud, char *base, size_t len)
{
    memset(h, 0, sizeof *h);
    h->script = script;
    h->ud = ud;
    pthread_mutex_init(&h->mu, NULL);
    struct sockaddr_in a = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
    socklen_t al = sizeof a;
    h->fd = socket(AF_INET, SOCK_STREAM, 0);
    if (h->fd < 0 || bind(h->fd, (struct sockaddr *)&a, sizeof a) != 0 || listen(h->fd, 16) != 0 ||
        getsockname(h->fd, (struct sockaddr *)&a, &al) != 0)
        abort();
    h->port = ntohs(a.sin_port);
    snprintf(base, len, "http://127.0.0.1:%d", h->port);
    if (pthread_create(&h->th, NULL, hs_main, h) != 0)
        abort();
}

/* How many requests had this method and path. */
static inline int hs_count(struct hs *h, const char *method, const char *path)
{
    char key[80];
    int n = 0;
    snprintf(key, sizeof key, "%s %.60s", method, path);
    pthread_mutex_lock(&h->mu);
    for (int i = 0; i < h->nseen; i++)
        n += strcmp(h->seen[i], key) == 0;
    pthread_mutex_unlock(&h->mu);
    return n;
}

static inline void hs_stop(struct hs *h)
{
    h->stop = 1;
    /* Wake accept() with one last connection. */
    int c = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in a = {.sin_family = AF_INET, .sin_port = htons((uint16_t)h->port),
                            .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
    if (c >= 0 && connect(c, (struct sockaddr *)&a, sizeof a) == 0)
        close(c);
    else if (c >= 0)
        close(c);
    pthread_join(h->th, NULL);
    close(h->fd);
    pthread_mutex_destroy(&h->mu);
}

/* A client for a scripted server at base with these credentials. */
static inline struct halo_client *hs_client(const char *base, const char *secret, int max_retries,
                                            long timeout_ms)
{
    struct halo_config cfg;
    char err[512];
    if (halo_config_init(&cfg, base, NULL, NULL, "hs-client-id", secret, err, sizeof err) != 0) {
        fprintf(stderr, "config: %s\n", err);
        abort();
    }
    cfg.max_retries = max_retries;
    cfg.timeout_ms = timeout_ms;
    cfg.connect_timeout_ms = 2000;
    struct halo_client *hc = halo_client_new(&cfg);
    halo_config_cleanup(&cfg);
    if (!hc)
        abort();
    return hc;
}

/* Captures stderr (log lines) between hs_capture_begin and _end. */
struct capture {
    char path[64];
    int fd, saved;
    enum log_level lvl;
};

static inline void capture_begin(struct capture *c)
{
    snprintf(c->path, sizeof c->path, "/tmp/halo-test-stderr-XXXXXX");
    c->fd = mkstemp(c->path);
    if (c->fd < 0)
        abort();
    fflush(stderr);
    c->saved = dup(2);
    dup2(c->fd, 2);
    c->lvl = log_get_level();
    log_set_level(LOG_DEBUG);
}

/* The captured text (new string). */
static inline char *capture_end(struct capture *c)
{
    fflush(stderr);
    dup2(c->saved, 2);
    close(c->saved);
    log_set_level(c->lvl);
    char *out = tl_read_file(c->path);
    unlink(c->path);
    close(c->fd);
    return out ? out : xstrdup("");
}

#endif
