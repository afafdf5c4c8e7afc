/* jsonrpc.c - JSON-RPC 2.0 output: results, errors, notifications, and the
 * serialisation of every message the session sends. */
#include "mcp_int.h"

#include "base/base.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void mcp__err_set(struct mcp__err *e, int code, const char *fmt, ...)
{
    va_list ap;
    e->code = code;
    va_start(ap, fmt);
    vsnprintf(e->msg, sizeof e->msg, fmt, ap);
    va_end(ap);
}

/* Returns a new JSON string; invalid UTF-8 bytes are replaced with '?' so
 * text from the outside world never makes a message unsendable. */
json_t *mcp__string_lossy(const char *s)
{
    json_t *v = json_string(s ? s : "");
    if (v)
        return v;
    size_t n = strlen(s);
    char *copy = xstrndup(s, n);
    size_t i = 0;
    while (i < n) {
        unsigned char c = (unsigned char)copy[i];
        size_t len = c < 0x80 ? 1 : (c & 0xE0) == 0xC0 ? 2 : (c & 0xF0) == 0xE0 ? 3 : (c & 0xF8) == 0xF0 ? 4 : 0;
        bool ok = len > 0 && i + len <= n;
        for (size_t k = 1; ok && k < len; k++)
            ok = ((unsigned char)copy[i + k] & 0xC0) == 0x80;
        if (ok && len > 1) {
            /* let jansson judge overlongs and surrogates on the sequence alone */
            json_t *probe = json_stringn(copy + i, len);
            ok = probe != NULL;
            json_decref(probe);
        }
        if (!ok) {
            copy[i] = '?';
            i++;
        } else {
            i += len;
        }
    }
    v = json_string(copy);
    free(copy);
    return v ? v : json_string("");
}

void mcp__send(struct mcp_session *s, json_t *msg, struct mcp_msg *m)
{
    /* 15 significant digits: decimals that came from text (0.33 hours) go
     * out as they came in, not as 0.33000000000000002. */
    char *text = json_dumps(msg, JSON_COMPACT | JSON_REAL_PRECISION(15));
    if (!text) {
        json_decref(msg);
        log_error("mcp: could not serialise an outgoing message");
        return;
    }
    m->text = text;
    m->len = strlen(text);
    pthread_mutex_lock(&s->out_lock);
    s->send(s->ud, m);
    pthread_mutex_unlock(&s->out_lock);
    json_decref(msg); /* after the send: m points into it */
    free(text);
}

void mcp__send_result(struct mcp_session *s, json_t *id, json_t *result)
{
    json_t *msg = json_object();
    json_object_set_new(msg, "jsonrpc", json_string("2.0"));
    json_object_set(msg, "id", id);
    json_object_set_new(msg, "result", result);
    struct mcp_msg m = {.kind = MCP_MSG_RESPONSE, .id = id, .request = id};
    mcp__send(s, msg, &m);
}

void mcp__send_error(struct mcp_session *s, json_t *id, int code, const char *text, json_t *data)
{
    json_t *msg = json_object();
    json_t *err = json_object();
    json_object_set_new(err, "code", json_integer(code));
    json_object_set_new(err, "message", mcp__string_lossy(text));
    if (data)
        json_object_set_new(err, "data", data);
    json_object_set_new(msg, "jsonrpc", json_string("2.0"));
    json_object_set_new(msg, "id", id ? json_incref(id) : json_null());
    json_object_set_new(msg, "error", err);
    struct mcp_msg m = {.kind = MCP_MSG_RESPONSE, .id = id, .request = id, .code = code};
    mcp__send(s, msg, &m);
}

void mcp__send_notification(struct mcp_session *s, json_t *related, const char *method, json_t *params)
{
    json_t *msg = json_object();
    json_object_set_new(msg, "jsonrpc", json_string("2.0"));
    json_object_set_new(msg, "method", json_string(method));
    if (params)
        json_object_set_new(msg, "params", params);
    struct mcp_msg m = {.kind = MCP_MSG_NOTIFICATION, .method = method, .request = related};
    mcp__send(s, msg, &m);
}

void mcp__reject_oversize(struct mcp_session *s)
{
    char text[128];
    snprintf(text, sizeof text, "Invalid request: message longer than %u bytes", MCP_MAX_MESSAGE);
    mcp__send_error(s, NULL, MCP__INVALID_REQUEST, text, NULL);
}
