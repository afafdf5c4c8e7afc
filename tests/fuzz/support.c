/* support.c - the shared part of the fuzz harnesses (see fuzz.h). */
#include "fuzz.h"

#include "base/base.h"
#include "mcp/mcp.h"

#include <jansson.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void fz_init(void)
{
    static int done;
    if (done)
        return;
    done = 1;
    base_init();
    log_set_level(LOG_OFF);
}

void fz_split(const uint8_t *data, size_t size, const char *sep, size_t seplen, size_t max,
              fz_piece_fn fn, void *ud)
{
    const char *p = (const char *)data, *end = p + size;
    size_t pieces = 0;
    while (p < end && pieces < max) {
        const char *q = seplen ? memmem(p, (size_t)(end - p), sep, seplen) : NULL;
        size_t n = q ? (size_t)(q - p) : (size_t)(end - p);
        if (n > 0) {
            fn(p, n, ud);
            pieces++;
        }
        if (!q)
            break;
        p = q + seplen;
    }
}

static void fz_reject(const struct mcp_msg *m, const char *why)
{
    fprintf(stderr, "fuzz: the server sent %s: %.*s\n", why, (int)(m->len > 2000 ? 2000 : m->len), m->text);
    abort();
}

void fz_check_send(void *ud, const struct mcp_msg *m)
{
    (void)ud;
    json_error_t e;
    json_t *v = json_loadb(m->text, m->len, 0, &e);
    const char *ver = json_string_value(json_object_get(v, "jsonrpc"));
    if (!json_is_object(v) || !ver || strcmp(ver, "2.0") != 0)
        fz_reject(m, "something that is not a JSON-RPC 2.0 object");
    /* The kind the transport is told must be what the text is: transports
     * route on it without parsing. */
    json_t *method = json_object_get(v, "method"), *error = json_object_get(v, "error");
    bool has_id = json_object_get(v, "id") != NULL;
    switch (m->kind) {
    case MCP_MSG_RESPONSE:
        if (method || !has_id || !json_object_get(v, "result") == !error)
            fz_reject(m, "a response that is not one");
        if (m->code != (error ? (int)json_integer_value(json_object_get(error, "code")) : 0))
            fz_reject(m, "a response whose code disagrees with its error");
        break;
    case MCP_MSG_NOTIFICATION:
        if (has_id || !json_is_string(method) || !m->method || strcmp(json_string_value(method), m->method) != 0)
            fz_reject(m, "a notification that is not the one announced");
        break;
    case MCP_MSG_REQUEST:
        if (!has_id || !json_is_string(method) || !m->method || strcmp(json_string_value(method), m->method) != 0)
            fz_reject(m, "a request that is not the one announced");
        break;
    }
    json_decref(v);
}

char *fz_strndup(const void *p, size_t n)
{
    char *s = xmalloc(n + 1);
    memcpy(s, p, n);
    s[n] = '\0';
    return s;
}

void fz_initialize(struct mcp_session *s, const char *caps)
{
    char *init = xasprintf("{\"jsonrpc\":\"2.0\",\"id\":0,\"method\":\"initialize\",\"params\":"
                           "{\"protocolVersion\":\"2025-11-25\",\"capabilities\":%s,"
                           "\"clientInfo\":{\"name\":\"fuzz\",\"version\":\"1\"}}}",
                           caps);
    static const char initialized[] = "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}";
    mcp_session_receive(s, init, strlen(init));
    mcp_session_receive(s, initialized, sizeof initialized - 1);
    free(init);
}

void fz_feed(const char *p, size_t n, void *session) { mcp_session_receive(session, p, n); }
