/* server.c - the simulator's HTTP front: libmicrohttpd setup (a thread per
 * connection, keep-alive), request accumulation, routing of /auth, /api
 * and /_sim, the token endpoint, faults, rate limit and the request log. */
#include "server_int.h"

#include "base/base.h"

#include <arpa/inet.h>
#include <ctype.h>
#include <errno.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <sys/stat.h>

#define MAX_BODY (32u << 20)

void sim_options_default(struct sim_options *o)
{
    memset(o, 0, sizeof *o);
    o->bind_addr = "127.0.0.1";
    o->port = 0; /* ephemeral: tests and --demo; the program's default is 8080 */
    o->client_id = SIM_DEMO_CLIENT_ID;
    o->client_secret = SIM_DEMO_CLIENT_SECRET;
    o->token_lifetime_s = 3600;
    o->rate_limit = 500;
    o->rate_window_s = 180;
    o->retry_after = false;
    o->seed = 1;
    o->tickets = 0;
    o->persist_path = NULL;
    o->log_requests = false;
}

int sim_port(const struct sim *s)
{
    return s->port;
}

/* ---- one request ---- */

struct req {
    struct buf body;
    bool too_big;
};

struct reply {
    int status;
    json_t *json;      /* body (owned) */
    char *raw;         /* or a raw body (owned): malformed replies, files */
    size_t raw_len;
    const char *ctype; /* Content-Type of raw (default JSON) */
    char *disposition; /* Content-Disposition (owned) */
    int retry_after;   /* >0: send Retry-After */
    bool www_auth;     /* send WWW-Authenticate: Bearer */
    bool drop;         /* close the connection without a reply */
    bool applied;      /* the request changed the store */
    int hold_ms;       /* wait this long before replying (or dropping) */
    const char *fault; /* the injected fault's name, for the log */
};

static enum MHD_Result collect_arg(void *cls, enum MHD_ValueKind kind, const char *key,
                                   const char *value)
{
    json_t *q = cls;
    json_t *v = json_string(value ? value : "");
    json_t *have;
    (void)kind;
    if (!key || !v) { /* not UTF-8: Halo would not match it either */
        json_decref(v);
        return MHD_YES;
    }
    have = json_object_get(q, key);
    if (!have) {
        json_object_set_new(q, key, v);
    } else if (json_is_array(have)) {
        json_array_append_new(have, v);
    } else {
        json_t *arr = json_array();
        json_array_append(arr, have);
        json_array_append_new(arr, v);
        json_object_set_new(q, key, arr);
    }
    return MHD_YES;
}

/* The same parameters with lowercased keys (Halo's are case-insensitive);
 * returns a new object. */
static json_t *lower_keys(json_t *q)
{
    json_t *out = json_object();
    const char *k;
    json_t *v;
    json_object_foreach(q, k, v)
    {
        char *lk = xstrdup(k);
        for (char *p = lk; *p; p++)
            *p = (char)tolower((unsigned char)*p);
        json_object_set(out, lk, v);
        free(lk);
    }
    return out;
}

static int hexval(int c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    c = tolower(c);
    return c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

/* application/x-www-form-urlencoded body as a new object of strings. */
static json_t *parse_form(const char *s, size_t len)
{
    json_t *out = json_object();
    struct buf k = {0}, v = {0};
    size_t i = 0;
    while (i <= len) {
        buf_reset(&k);
        buf_reset(&v);
        struct buf *cur = &k;
        buf_append(&k, "", 0);
        buf_append(&v, "", 0);
        for (; i < len && s[i] != '&'; i++) {
            char c = s[i];
            if (c == '=' && cur == &k) {
                cur = &v;
                continue;
            }
            if (c == '+') {
                c = ' ';
            } else if (c == '%' && i + 2 < len && hexval((unsigned char)s[i + 1]) >= 0 &&
                       hexval((unsigned char)s[i + 2]) >= 0) {
                c = (char)(hexval((unsigned char)s[i + 1]) * 16 + hexval((unsigned char)s[i + 2]));
                i += 2;
            }
            buf_append(cur, &c, 1);
        }
        if (k.len) {
            json_t *sv = json_stringn(v.data, v.len);
            if (sv)
                json_object_set_new(out, k.data, sv);
        }
        i++;
    }
    buf_free(&k);
    buf_free(&v);
    return out;
}

static bool is_form(struct MHD_Connection *c)
{
    const char *ct = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Content-Type");
    return ct && strncasecmp(ct, "application/x-www-form-urlencoded", 33) == 0;
}

/* The logged form of a request body: parsed JSON, a form object (secret
 * masked), or null. New reference. */
static json_t *body_for_log(struct MHD_Connection *c, const struct buf *b)
{
    json_t *v;
    if (!b->len)
        return json_null();
    if (is_form(c)) {
        v = parse_form(b->data, b->len);
        if (json_object_get(v, "client_secret"))
            json_object_set_new(v, "client_secret", json_string("[redacted]"));
        return v;
    }
    v = json_loadb(b->data, b->len, JSON_DECODE_ANY, NULL);
    return v ? v : json_null();
}

static void set_error(struct reply *r, int status, const char *oauth_error)
{
    r->status = status;
    r->json = json_pack("{s:s}", "error", oauth_error);
}

static void rate_limited(struct sim *s, struct reply *r, int retry_s)
{
    char *msg = sim__rl_message(s->rl);
    r->status = 429;
    r->json = json_pack("{s:s}", "error", msg);
    if (s->o.retry_after)
        r->retry_after = retry_s > 0 ? retry_s : 1;
    free(msg);
}

static int token_lifetime(struct sim *s)
{
    pthread_mutex_lock(&s->mu);
    int v = s->token_lifetime_s;
    pthread_mutex_unlock(&s->mu);
    return v;
}

/* POST /auth/token (client credentials, form-encoded). */
static void handle_token(struct sim *s, struct MHD_Connection *c, const char *method,
                         const struct buf *b, struct reply *r)
{
    json_t *form = NULL;
    int retry;
    if (strcmp(method, "POST") != 0) {
        set_error(r, 405, "invalid_request");
        return;
    }
    form = parse_form(b->data ? b->data : "", b->len);
    const char *grant = json_string_value(json_object_get(form, "grant_type"));
    const char *id = json_string_value(json_object_get(form, "client_id"));
    const char *secret = json_string_value(json_object_get(form, "client_secret"));
    const char *scope = json_string_value(json_object_get(form, "scope"));
    (void)c;
    if (sim__rl_take(s->rl, id ? id : "", &retry) != 0) {
        rate_limited(s, r, retry);
        goto out;
    }
    if (!grant || strcmp(grant, "client_credentials") != 0) {
        set_error(r, 400, "unsupported_grant_type");
        goto out;
    }
    if (!id || !secret || strcmp(id, s->client_id) != 0 || strcmp(secret, s->client_secret) != 0) {
        set_error(r, 401, "invalid_client");
        goto out;
    }
    int life = token_lifetime(s);
    char *tok = sim__auth_issue(s->auth, id, life);
    r->status = 200;
    r->json = json_pack("{s:s, s:s, s:i, s:s}", "access_token", tok, "token_type", "Bearer",
                        "expires_in", life, "scope", scope && *scope ? scope : "all");
    free(tok);
out:
    json_decref(form);
}

/* GET /api/authinfo: where the token endpoint is (HAPI calls it first). */
static void handle_authinfo(struct sim *s, struct MHD_Connection *c, struct reply *r)
{
    const char *host = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Host");
    char *base = host ? xasprintf("http://%s/auth", host)
                      : xasprintf("http://%s:%d/auth", s->bind_addr, s->port);
    r->status = 200;
    r->json = json_pack("{s:s, s:s}", "auth_url", base, "tenant_id", "halopsa-sim");
    free(base);
}

/* The entity a /api path names (its first segment), copied into out. */
static const char *entity_of(const char *rest, char *out, size_t len)
{
    snprintf(out, len, "%.*s", (int)strcspn(rest, "/?"), rest);
    return out;
}

/* Authentication and the rate limit for an /api request: 0 to go on, or -1
 * with the reply set. */
static int admit(struct sim *s, struct MHD_Connection *c, struct reply *r)
{
    char client[256];
    int retry;
    const char *auth = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Authorization");
    const char *tok = auth && strncasecmp(auth, "Bearer ", 7) == 0 ? auth + 7 : NULL;
    while (tok && *tok == ' ')
        tok++;
    if (!tok || sim__auth_check(s->auth, tok, client, sizeof client) != 0) {
        r->status = 401;
        r->json = json_pack("{s:s, s:s}", "error", "invalid_token", "error_description",
                            tok ? "The access token is invalid or has expired"
                                : "Authorization: Bearer <token> is required");
        r->www_auth = true;
        return -1;
    }
    if (sim__rl_take(s->rl, client, &retry) != 0) {
        rate_limited(s, r, retry);
        return -1;
    }
    return 0;
}

/* A fault that strikes before anything is applied; true when it did. */
static bool fault_before(struct sim *s, const struct sim_hit *h, struct reply *r)
{
    switch (h->kind) {
    case SIM_FAULT_DROP:
        r->drop = true;
        return true;
    case SIM_FAULT_FAIL:
        r->status = h->status;
        r->json = sim__halo_error("Simulated failure (injected fault)");
        return true;
    case SIM_FAULT_429:
        rate_limited(s, r, 1);
        return true;
    case SIM_FAULT_REVOKE:
        sim__auth_revoke_all(s->auth);
        r->status = 401;
        r->json = json_pack("{s:s, s:s}", "error", "invalid_token", "error_description",
                            "The access token has been revoked");
        r->www_auth = true;
        return true;
    default:
        return false;
    }
}

/* A fault that strikes once the request was handled (and applied). */
static void fault_after(const struct sim_hit *h, struct reply *r)
{
    switch (h->kind) {
    case SIM_FAULT_MALFORMED: {
        char *text = r->raw ? xstrndup(r->raw, r->raw_len)
                            : json_dumps(r->json, JSON_COMPACT | JSON_ENCODE_ANY);
        size_t n = text ? strlen(text) : 0;
        free(r->raw);
        r->raw = xstrndup(text ? text : "{", n > 1 ? n / 2 : 1);
        r->raw_len = strlen(r->raw);
        r->ctype = NULL;
        r->status = 200;
        free(text);
        break;
    }
    case SIM_FAULT_DROP_AFTER:
        r->drop = true;
        break;
    case SIM_FAULT_HOLD_AFTER:
        r->hold_ms = h->hold_ms;
        break;
    case SIM_FAULT_FAIL_AFTER:
        json_decref(r->json);
        free(r->raw);
        r->raw = NULL;
        r->status = h->status;
        r->json = sim__halo_error("Simulated failure after the change was saved (injected fault)");
        break;
    default:
        break;
    }
}

/* /api/... behind faults, auth and the rate limit. */
static void handle_api(struct sim *s, struct MHD_Connection *c, const char *method,
                       const char *rest, json_t *query, const struct buf *b, struct reply *r)
{
    struct sim_hit hit;
    struct sim_out out;
    char ent[128];
    sim__fx_next(s->fx, method, entity_of(rest, ent, sizeof ent), &hit);
    r->fault = hit.name;
    if (hit.latency_ms > 0)
        base_sleep_ms(hit.latency_ms);
    if (fault_before(s, &hit, r))
        return;
    if (strcasecmp(rest, "authinfo") == 0) {
        handle_authinfo(s, c, r);
    } else {
        if (admit(s, c, r) != 0)
            return;
        r->status = sim__api(s, method, rest, query, b->data, b->len, &out);
        r->json = out.json;
        r->raw = out.bytes;
        r->raw_len = out.len;
        r->ctype = out.ctype;
        r->disposition = out.disposition;
        r->applied = out.applied;
    }
    fault_after(&hit, r);
}

static int reset_data(struct sim *s, char *err, size_t errlen)
{
    json_t *ds = sim__dataset_new(s->o.seed, s->o.tickets);
    if (!json_is_object(ds)) {
        json_decref(ds);
        snprintf(err, errlen, "the dataset could not be generated");
        return -1;
    }
    struct sim_db *db = sim__db_new(ds);
    pthread_rwlock_wrlock(&s->lock);
    struct sim_db *old = s->db;
    s->db = db;
    sim__persist(s);
    pthread_rwlock_unlock(&s->lock);
    sim__db_free(old);
    return 0;
}

static int apply_faults(struct sim *s, const json_t *spec, char *err, size_t errlen)
{
    bool revoke;
    int life;
    if (sim__fx_set(s->fx, spec, &revoke, &life, err, errlen) != 0)
        return -1;
    if (revoke)
        sim__auth_revoke_all(s->auth);
    if (life > 0) {
        pthread_mutex_lock(&s->mu);
        s->token_lifetime_s = life;
        pthread_mutex_unlock(&s->mu);
    }
    return 0;
}

int sim_faults(struct sim *s, const char *spec_json, char *err, size_t errlen)
{
    json_error_t je;
    json_t *spec = json_loads(spec_json, 0, &je);
    int rc;
    if (!spec) {
        snprintf(err, errlen, "fault spec is not JSON: %s", je.text);
        return -1;
    }
    rc = apply_faults(s, spec, err, errlen);
    json_decref(spec);
    return rc;
}

/* /_sim/...: test controls; no auth, no rate limit, not logged. */
static void handle_sim(struct sim *s, const char *method, const char *what, const struct buf *b,
                       struct reply *r)
{
    char err[256];
    r->status = 200;
    if (strcasecmp(what, "faults") == 0 && strcmp(method, "POST") == 0) {
        json_t *spec = b->len ? json_loadb(b->data, b->len, 0, NULL) : json_object();
        if (!spec || apply_faults(s, spec, err, sizeof err) != 0) {
            r->status = 400;
            r->json = json_pack("{s:s}", "error", spec ? err : "the body must be a JSON object");
        } else {
            r->json = json_pack("{s:b}", "ok", 1);
        }
        json_decref(spec);
    } else if (strcasecmp(what, "faults") == 0 && strcmp(method, "DELETE") == 0) {
        sim__fx_clear(s->fx);
        pthread_mutex_lock(&s->mu);
        s->token_lifetime_s = s->o.token_lifetime_s;
        pthread_mutex_unlock(&s->mu);
        r->json = json_pack("{s:b}", "ok", 1);
    } else if (strcasecmp(what, "requests") == 0 && strcmp(method, "GET") == 0) {
        r->json = sim__fx_log_get(s->fx);
    } else if (strcasecmp(what, "requests") == 0 && strcmp(method, "DELETE") == 0) {
        sim__fx_log_clear(s->fx);
        r->json = json_pack("{s:b}", "ok", 1);
    } else if (strcasecmp(what, "reset") == 0 && strcmp(method, "POST") == 0) {
        if (reset_data(s, err, sizeof err) != 0) {
            r->status = 500;
            r->json = json_pack("{s:s}", "error", err);
        } else {
            r->json = json_pack("{s:b}", "ok", 1);
        }
    } else {
        r->status = 404;
        r->json = json_pack("{s:s}", "error", "unknown /_sim endpoint");
    }
}

static enum MHD_Result send_reply(struct MHD_Connection *c, struct reply *r)
{
    char *text;
    size_t len;
    struct MHD_Response *resp;
    enum MHD_Result ret;
    if (r->raw) {
        text = r->raw;
        len = r->raw_len;
        r->raw = NULL;
    } else {
        /* 15 digits: .NET sends the shortest form (0.17, not 0.17000000000000001). */
        text = json_dumps(r->json ? r->json : json_null(),
                          JSON_COMPACT | JSON_ENCODE_ANY | JSON_REAL_PRECISION(15));
        len = text ? strlen(text) : 0;
    }
    resp = MHD_create_response_from_buffer(len, text, MHD_RESPMEM_MUST_FREE);
    if (!resp) {
        free(text);
        return MHD_NO;
    }
    MHD_add_response_header(resp, "Content-Type",
                            r->ctype ? r->ctype : "application/json; charset=utf-8");
    if (r->disposition)
        MHD_add_response_header(resp, "Content-Disposition", r->disposition);
    if (r->retry_after > 0) {
        char v[32];
        snprintf(v, sizeof v, "%d", r->retry_after);
        MHD_add_response_header(resp, "Retry-After", v);
    }
    if (r->www_auth)
        MHD_add_response_header(resp, "WWW-Authenticate", "Bearer error=\"invalid_token\"");
    ret = MHD_queue_response(c, (unsigned)r->status, resp);
    MHD_destroy_response(resp);
    return ret;
}

/* The request log's entry for one request (new). */
static json_t *log_entry(struct MHD_Connection *c, const char *method, const char *url,
                         json_t *query, const struct buf *body, const struct reply *r)
{
    json_t *e = json_object();
    json_object_set_new(e, "method", json_string(method));
    json_object_set_new(e, "path", json_string(url));
    json_object_set(e, "query", query);
    json_object_set_new(e, "body", body_for_log(c, body));
    json_object_set_new(e, "status", json_integer(r->drop ? 0 : r->status));
    json_object_set_new(e, "applied", json_boolean(r->applied));
    if (r->fault && *r->fault)
        json_object_set_new(e, "fault", json_string(r->fault));
    return e;
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *c, const char *url,
                                  const char *method, const char *version, const char *upload_data,
                                  size_t *upload_size, void **con_cls)
{
    struct sim *s = cls;
    struct req *q = *con_cls;
    struct reply r = {0};
    json_t *query = NULL, *lquery = NULL;
    enum MHD_Result ret;
    bool logged = false;
    int64_t t0;
    (void)version;

    if (!q) {
        q = xcalloc(1, sizeof *q);
        *con_cls = q;
        return MHD_YES;
    }
    if (*upload_size) {
        if (q->body.len + *upload_size > MAX_BODY)
            q->too_big = true;
        else
            buf_append(&q->body, upload_data, *upload_size);
        *upload_size = 0;
        return MHD_YES;
    }
    t0 = base_now_ms();
    query = json_object();
    MHD_get_connection_values(c, MHD_GET_ARGUMENT_KIND, collect_arg, query);
    lquery = lower_keys(query);

    if (strncasecmp(url, "/_sim/", 6) == 0) {
        handle_sim(s, method, url + 6, &q->body, &r);
    } else if (q->too_big) {
        r.status = 413;
        r.json = sim__halo_error("The request body is too large");
        logged = true;
    } else if (strcasecmp(url, "/auth/token") == 0 || strcasecmp(url, "/auth/token/") == 0) {
        int lat = sim__fx_latency(s->fx);
        if (lat > 0)
            base_sleep_ms(lat);
        handle_token(s, c, method, &q->body, &r);
        logged = true;
    } else if (strncasecmp(url, "/api/", 5) == 0) {
        handle_api(s, c, method, url + 5, lquery, &q->body, &r);
        logged = true;
    } else {
        r.status = 404;
        r.json = sim__halo_error("Not found");
        logged = strncasecmp(url, "/auth", 5) == 0 || strncasecmp(url, "/api", 4) == 0;
    }
    if (logged) {
        /* Logged before any held or dropped reply, so a test sees the
         * write the moment it was applied. */
        sim__fx_log(s->fx, log_entry(c, method, url, query, &q->body, &r));
        if (s->o.log_requests)
            fprintf(stderr, "halopsa-sim: %s %s %d %lldms\n", method, url, r.drop ? 0 : r.status,
                    (long long)(base_now_ms() - t0));
    }
    if (r.hold_ms > 0)
        base_sleep_ms(r.hold_ms);
    ret = r.drop ? MHD_NO : send_reply(c, &r);
    json_decref(r.json);
    free(r.raw);
    free(r.disposition);
    json_decref(query);
    json_decref(lquery);
    return ret;
}

static void on_done(void *cls, struct MHD_Connection *c, void **con_cls,
                    enum MHD_RequestTerminationCode toe)
{
    struct req *q = *con_cls;
    (void)cls;
    (void)c;
    (void)toe;
    if (q) {
        buf_free(&q->body);
        free(q);
        *con_cls = NULL;
    }
}

/* ---- lifecycle ---- */

static struct sim_db *initial_db(struct sim *s, char *err, size_t errlen)
{
    struct stat st;
    struct sim_db *db;
    if (s->persist_path && stat(s->persist_path, &st) == 0)
        return sim__db_load(s->persist_path, err, errlen);
    json_t *ds = sim__dataset_new(s->o.seed, s->o.tickets);
    if (!json_is_object(ds)) {
        json_decref(ds);
        snprintf(err, errlen, "the dataset could not be generated");
        return NULL;
    }
    db = sim__db_new(ds);
    if (s->persist_path && sim__db_save(db, s->persist_path, err, errlen) != 0) {
        sim__db_free(db);
        return NULL;
    }
    return db;
}

static void sim_free(struct sim *s)
{
    if (!s)
        return;
    sim__db_free(s->db);
    sim__report_free();
    sim__auth_free(s->auth);
    sim__rl_free(s->rl);
    sim__fx_free(s->fx);
    pthread_rwlock_destroy(&s->lock);
    pthread_mutex_destroy(&s->mu);
    free(s->bind_addr);
    free(s->client_id);
    free(s->client_secret);
    free(s->persist_path);
    free(s);
}

struct sim *sim_start(const struct sim_options *o, char *err, size_t errlen)
{
    struct sim *s = xcalloc(1, sizeof *s);
    struct sockaddr_storage ss;
    socklen_t sslen;
    const union MHD_DaemonInfo *info;

    memset(&ss, 0, sizeof ss);
    s->o = *o;
    s->bind_addr = xstrdup(o->bind_addr && *o->bind_addr ? o->bind_addr : "127.0.0.1");
    s->client_id = xstrdup(o->client_id ? o->client_id : SIM_DEMO_CLIENT_ID);
    s->client_secret = xstrdup(o->client_secret ? o->client_secret : SIM_DEMO_CLIENT_SECRET);
    s->persist_path = xstrdup(o->persist_path);
    pthread_rwlock_init(&s->lock, NULL);
    pthread_mutex_init(&s->mu, NULL);
    s->auth = sim__auth_new();
    s->fx = sim__fx_new();
    if (s->o.token_lifetime_s <= 0)
        s->o.token_lifetime_s = 3600;
    if (s->o.rate_limit <= 0)
        s->o.rate_limit = 500;
    if (s->o.rate_window_s <= 0)
        s->o.rate_window_s = 180;
    if (s->o.port < 0 || s->o.port > 65535) {
        snprintf(err, errlen, "port %d is out of range", s->o.port);
        goto fail;
    }
    s->token_lifetime_s = s->o.token_lifetime_s;
    log_add_secret(s->client_secret);
    s->rl = sim__rl_new(s->o.rate_limit, s->o.rate_window_s);

    if (strchr(s->bind_addr, ':')) {
        struct sockaddr_in6 *a6 = (struct sockaddr_in6 *)&ss;
        a6->sin6_family = AF_INET6;
        a6->sin6_port = htons((uint16_t)s->o.port);
        if (inet_pton(AF_INET6, s->bind_addr, &a6->sin6_addr) != 1)
            goto bad_addr;
        sslen = sizeof *a6;
    } else {
        struct sockaddr_in *a4 = (struct sockaddr_in *)&ss;
        a4->sin_family = AF_INET;
        a4->sin_port = htons((uint16_t)s->o.port);
        if (inet_pton(AF_INET, s->bind_addr, &a4->sin_addr) != 1)
            goto bad_addr;
        sslen = sizeof *a4;
    }
    (void)sslen;
    s->db = initial_db(s, err, errlen);
    if (!s->db)
        goto fail;

    s->mhd =
        MHD_start_daemon(MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_THREAD_PER_CONNECTION |
                             MHD_USE_POLL | (strchr(s->bind_addr, ':') ? MHD_USE_IPv6 : 0),
                         (uint16_t)s->o.port, NULL, NULL, on_request, s, MHD_OPTION_SOCK_ADDR,
                         (struct sockaddr *)&ss, MHD_OPTION_NOTIFY_COMPLETED, on_done, s,
                         MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)120,
                         MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)(256 * 1024), MHD_OPTION_END);
    if (!s->mhd) {
        snprintf(err, errlen, "cannot listen on %s:%d: %s", s->bind_addr, s->o.port,
                 errno ? strerror(errno) : "libmicrohttpd failed to start");
        goto fail;
    }
    info = MHD_get_daemon_info(s->mhd, MHD_DAEMON_INFO_BIND_PORT);
    s->port = info ? info->port : s->o.port;
    return s;
bad_addr:
    snprintf(err, errlen, "cannot parse bind address \"%s\"", s->bind_addr);
fail:
    sim_free(s);
    return NULL;
}

void sim_stop(struct sim *s)
{
    if (!s)
        return;
    if (s->mhd)
        MHD_stop_daemon(s->mhd);
    if (s->persist_path && s->db) {
        char err[512];
        if (sim__db_save(s->db, s->persist_path, err, sizeof err) != 0)
            log_error("halopsa-sim: %s", err);
    }
    sim_free(s);
}
