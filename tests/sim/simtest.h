/* simtest.h - helpers shared by the simulator's test programs: start an
 * in-process simulator with options, fetch a token, and make real HTTP
 * requests (curl) that also capture the reply headers. */
#ifndef HALOPSA_TESTS_SIMTEST_H
#define HALOPSA_TESTS_SIMTEST_H

#include "base/base.h"
#include "harness.h"
#include "sim.h"
#include "testlib.h"

#include <curl/curl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct st {
    struct sim *sim;
    char url[64];
    char *token;
};

struct st_reply {
    int status;    /* 0 on a transport error (a dropped connection) */
    char *body;    /* new string */
    json_t *json;  /* parsed body or NULL */
    char *headers; /* raw header block, new string */
};

static size_t st_on_data(char *ptr, size_t size, size_t nmemb, void *ud)
{
    buf_append(ud, ptr, size * nmemb);
    return size * nmemb;
}

/* One request. body NULL for none; ctype defaults to JSON. tok may be NULL.
 * handle: a curl handle to reuse (keep-alive) or NULL for a fresh one. */
static inline struct st_reply st_req_h(CURL *handle, const char *method, const char *url,
                                       const char *body, const char *ctype, const char *tok)
{
    struct st_reply r = {0};
    CURL *h = handle ? handle : curl_easy_init();
    struct curl_slist *hl = NULL;
    struct buf b = {0}, hb = {0};
    long status = 0;
    char *auth = NULL, *ct = NULL;
    curl_easy_setopt(h, CURLOPT_URL, url);
    curl_easy_setopt(h, CURLOPT_CUSTOMREQUEST, method);
    curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(h, CURLOPT_TIMEOUT_MS, 30000L);
    curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, st_on_data);
    curl_easy_setopt(h, CURLOPT_WRITEDATA, &b);
    curl_easy_setopt(h, CURLOPT_HEADERFUNCTION, st_on_data);
    curl_easy_setopt(h, CURLOPT_HEADERDATA, &hb);
    if (body) {
        ct = xasprintf("Content-Type: %s", ctype ? ctype : "application/json");
        hl = curl_slist_append(hl, ct);
        curl_easy_setopt(h, CURLOPT_POSTFIELDS, body);
        curl_easy_setopt(h, CURLOPT_POSTFIELDSIZE, (long)strlen(body));
    } else {
        curl_easy_setopt(h, CURLOPT_POSTFIELDS, NULL);
        curl_easy_setopt(h, CURLOPT_HTTPGET, 1L);
        curl_easy_setopt(h, CURLOPT_CUSTOMREQUEST, method);
    }
    if (tok) {
        auth = xasprintf("Authorization: Bearer %s", tok);
        hl = curl_slist_append(hl, auth);
    }
    curl_easy_setopt(h, CURLOPT_HTTPHEADER, hl);
    if (curl_easy_perform(h) == CURLE_OK)
        curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &status);
    curl_easy_setopt(h, CURLOPT_HTTPHEADER, NULL);
    curl_slist_free_all(hl);
    if (!handle)
        curl_easy_cleanup(h);
    free(auth);
    free(ct);
    r.status = (int)status;
    r.body = buf_steal(&b);
    r.headers = buf_steal(&hb);
    r.json = json_loads(r.body, JSON_DECODE_ANY, NULL);
    return r;
}

static inline struct st_reply st_req(const char *method, const char *url, const char *body,
                                     const char *ctype, const char *tok)
{
    return st_req_h(NULL, method, url, body, ctype, tok);
}

static inline void st_reply_free(struct st_reply *r)
{
    free(r->body);
    free(r->headers);
    json_decref(r->json);
    memset(r, 0, sizeof *r);
}

/* Value of header name in r (case-insensitive), copied into out; NULL when
 * absent. */
static inline const char *st_header(const struct st_reply *r, const char *name, char *out,
                                    size_t len)
{
    size_t n = strlen(name);
    for (const char *p = r->headers; p && *p; p = strchr(p, '\n') ? strchr(p, '\n') + 1 : NULL) {
        if (strncasecmp(p, name, n) == 0 && p[n] == ':') {
            const char *v = p + n + 1;
            while (*v == ' ')
                v++;
            size_t m = strcspn(v, "\r\n");
            snprintf(out, len, "%.*s", (int)m, v);
            return out;
        }
    }
    return NULL;
}

/* A new access token from the simulator at url, or NULL. */
static inline char *st_token_for(const char *url, const char *id, const char *secret)
{
    char *full = xasprintf("%s/auth/token", url), *form;
    char *tok = NULL;
    form = xasprintf("grant_type=client_credentials&client_id=%s&client_secret=%s&scope=all", id,
                     secret);
    struct st_reply r = st_req("POST", full, form, "application/x-www-form-urlencoded", NULL);
    if (r.status == 200)
        tok = xstrdup(json_string_value(json_object_get(r.json, "access_token")));
    st_reply_free(&r);
    free(form);
    free(full);
    return tok;
}

/* Starts a simulator with o (NULL = defaults, port 0) and fetches a token. */
static inline void st_start(struct st *t, const struct sim_options *o)
{
    struct sim_options d;
    char err[256];
    if (!o) {
        sim_options_default(&d);
        o = &d;
    }
    struct sim_options oo = *o;
    oo.port = 0;
    oo.bind_addr = "127.0.0.1";
    memset(t, 0, sizeof *t);
    t->sim = sim_start(&oo, err, sizeof err);
    if (!t->sim) {
        fprintf(stderr, "cannot start the simulator: %s\n", err);
        abort();
    }
    snprintf(t->url, sizeof t->url, "http://127.0.0.1:%d", sim_port(t->sim));
    t->token = st_token_for(t->url, oo.client_id ? oo.client_id : SIM_DEMO_CLIENT_ID,
                            oo.client_secret ? oo.client_secret : SIM_DEMO_CLIENT_SECRET);
    CHECK(t->token != NULL);
}

static inline void st_stop(struct st *t)
{
    sim_stop(t->sim);
    free(t->token);
    memset(t, 0, sizeof *t);
}

/* An authenticated request to t's simulator; path starts with "/". */
static inline struct st_reply st_api(struct st *t, const char *method, const char *path,
                                     const char *body)
{
    char *url = xasprintf("%s%s", t->url, path);
    struct st_reply r = st_req(method, url, body, NULL, t->token);
    free(url);
    return r;
}

/* GET path and return the parsed body (new) and the status via *status. */
static inline json_t *st_get(struct st *t, const char *path, int *status)
{
    struct st_reply r = st_api(t, "GET", path, NULL);
    json_t *j = json_incref(r.json);
    if (status)
        *status = r.status;
    st_reply_free(&r);
    return j;
}

/* GET of a printf-formatted path: the parsed body (new), status in *status. */
static inline json_t *st_getf(struct st *t, int *status, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static inline json_t *st_getf(struct st *t, int *status, const char *fmt, ...)
{
    char path[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(path, sizeof path, fmt, ap);
    va_end(ap);
    return st_get(t, path, status);
}

/* A request with a JSON body (method POST or DELETE): the parsed reply
 * (new), status in *status. */
static inline json_t *st_send(struct st *t, const char *method, const char *path,
                              const char *body, int *status)
{
    struct st_reply r = st_api(t, method, path, body);
    json_t *j = json_incref(r.json);
    *status = r.status;
    st_reply_free(&r);
    return j;
}

/* The HaloException message of a reply (borrowed), or "". */
static inline const char *st_message(const json_t *j)
{
    const char *m = json_string_value(json_object_get(j, "Message"));
    return m ? m : "";
}

/* The rows of a list reply: the wrapper's array under key, or the bare
 * array. Borrowed from j. */
static inline json_t *st_rows(json_t *j, const char *key)
{
    return json_is_array(j) ? j : json_object_get(j, key);
}

#endif
