/* mcplib.h - helpers for the MCP core's unit tests: a capturing send
 * function that collects every message a session sends, and waits on it.
 * Header-only (static functions) so each test program stays one file. */
#ifndef HALOPSA_TESTS_MCPLIB_H
#define HALOPSA_TESTS_MCPLIB_H

#include "base/base.h"
#include "harness.h"
#include "mcp/mcp.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

struct cap {
    pthread_mutex_t mu;
    pthread_cond_t cv;
    json_t *msgs;  /* every message not yet taken, in order */
    int bad;       /* messages that were not one JSON object, or had a newline */
    size_t total;  /* messages ever sent */
};

static inline void cap_send(void *ud, const struct mcp_msg *m)
{
    struct cap *c = ud;
    const char *msg = m->text;
    size_t len = m->len;
    json_t *v = json_loadb(msg, len, 0, NULL);
    pthread_mutex_lock(&c->mu);
    if (!json_is_object(v) || memchr(msg, '\n', len))
        c->bad++;
    if (v)
        json_array_append_new(c->msgs, v);
    c->total++;
    pthread_cond_broadcast(&c->cv);
    pthread_mutex_unlock(&c->mu);
}

static inline void cap_init(struct cap *c)
{
    pthread_mutex_init(&c->mu, NULL);
    pthread_cond_init(&c->cv, NULL);
    c->msgs = json_array();
    c->bad = 0;
    c->total = 0;
}

static inline void cap_cleanup(struct cap *c)
{
    json_decref(c->msgs);
    pthread_cond_destroy(&c->cv);
    pthread_mutex_destroy(&c->mu);
}

/* Predicate on one message. */
typedef bool (*cap_pred)(json_t *msg, const void *arg);

static inline bool pred_id(json_t *msg, const void *arg)
{
    const json_t *id = arg;
    json_t *mid = json_object_get(msg, "id");
    return mid && json_equal(mid, (json_t *)id) && !json_object_get(msg, "method");
}

static inline bool pred_method(json_t *msg, const void *arg)
{
    const char *m = json_string_value(json_object_get(msg, "method"));
    return m && strcmp(m, arg) == 0;
}

/* Takes (removes) the first message matching pred within timeout_ms: new
 * reference or NULL. */
static inline json_t *cap_take(struct cap *c, cap_pred pred, const void *arg, int timeout_ms)
{
    int64_t deadline = base_now_ms() + timeout_ms;
    json_t *found = NULL;
    pthread_mutex_lock(&c->mu);
    for (;;) {
        size_t i;
        json_t *m;
        json_array_foreach(c->msgs, i, m)
        {
            if (pred(m, arg)) {
                found = json_incref(m);
                json_array_remove(c->msgs, i);
                break;
            }
        }
        if (found || base_now_ms() >= deadline)
            break;
        struct timespec ts;
        clock_gettime(CLOCK_REALTIME, &ts);
        ts.tv_nsec += 10 * 1000000L;
        if (ts.tv_nsec >= 1000000000L) {
            ts.tv_sec++;
            ts.tv_nsec -= 1000000000L;
        }
        pthread_cond_timedwait(&c->cv, &c->mu, &ts);
    }
    pthread_mutex_unlock(&c->mu);
    return found;
}

/* The response to integer id (new reference) or NULL. */
static inline json_t *cap_reply(struct cap *c, json_int_t id)
{
    json_t *jid = json_integer(id);
    json_t *r = cap_take(c, pred_id, jid, 10000);
    json_decref(jid);
    return r;
}

static inline size_t cap_pending(struct cap *c)
{
    pthread_mutex_lock(&c->mu);
    size_t n = json_array_size(c->msgs);
    pthread_mutex_unlock(&c->mu);
    return n;
}

/* Counts (and removes) the messages with this method already captured. */
static inline size_t cap_count_method(struct cap *c, const char *method)
{
    size_t n = 0;
    json_t *m;
    while ((m = cap_take(c, pred_method, method, 0)) != NULL) {
        n++;
        json_decref(m);
    }
    return n;
}

static inline void rx(struct mcp_session *s, const char *text) { mcp_session_receive(s, text, strlen(text)); }

/* Sends a request with integer id and returns its response (new). */
static inline json_t *rpc(struct mcp_session *s, struct cap *c, json_int_t id, const char *method, const char *params)
{
    char *msg = params ? xasprintf("{\"jsonrpc\":\"2.0\",\"id\":%lld,\"method\":\"%s\",\"params\":%s}",
                                   (long long)id, method, params)
                       : xasprintf("{\"jsonrpc\":\"2.0\",\"id\":%lld,\"method\":\"%s\"}", (long long)id, method);
    rx(s, msg);
    free(msg);
    return cap_reply(c, id);
}

/* initialize with the given capabilities JSON; returns the result (new). */
static inline json_t *init_session(struct mcp_session *s, struct cap *c, const char *caps)
{
    char *params = xasprintf("{\"protocolVersion\":\"2025-11-25\",\"capabilities\":%s,"
                             "\"clientInfo\":{\"name\":\"t\",\"version\":\"1\"}}",
                             caps ? caps : "{}");
    json_t *r = rpc(s, c, 1000000, "initialize", params);
    free(params);
    rx(s, "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}");
    json_t *res = json_incref(json_object_get(r, "result"));
    json_decref(r);
    return res;
}

static inline int err_code(json_t *reply)
{
    return (int)json_integer_value(json_object_get(json_object_get(reply, "error"), "code"));
}

static inline const char *first_text(json_t *reply)
{
    json_t *content = json_object_get(json_object_get(reply, "result"), "content");
    return json_string_value(json_object_get(json_array_get(content, 0), "text"));
}

static inline bool is_error_result(json_t *reply)
{
    return json_is_true(json_object_get(json_object_get(reply, "result"), "isError"));
}

#endif
