/* support.c - the shared part of the fuzz harnesses (see fuzz.h). */
#include "fuzz.h"

#include "base/base.h"
#include "mcp/mcp.h"

#include <jansson.h>
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

void fz_check_send(void *ud, const char *msg, size_t len)
{
    (void)ud;
    json_error_t e;
    json_t *v = json_loadb(msg, len, 0, &e);
    if (!json_is_object(v) || !json_is_string(json_object_get(v, "jsonrpc")) ||
        strcmp(json_string_value(json_object_get(v, "jsonrpc")), "2.0") != 0) {
        fprintf(stderr, "fuzz: the server sent something that is not a JSON-RPC 2.0 object: %.*s\n",
                (int)(len > 2000 ? 2000 : len), msg);
        abort();
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
