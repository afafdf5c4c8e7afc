/* result.c - builders for CallToolResult objects. */
#include "mcp_int.h"

#include "base/base.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

/* A CallToolResult with one text item (new reference). */
static json_t *text_result(const char *text, bool is_error)
{
    json_t *item = json_object();
    json_object_set_new(item, "type", json_string("text"));
    json_object_set_new(item, "text", mcp__string_lossy(text));
    json_t *r = json_object();
    json_t *content = json_array();
    json_array_append_new(content, item);
    json_object_set_new(r, "content", content);
    if (is_error)
        json_object_set_new(r, "isError", json_true());
    return r;
}

json_t *mcp_result_text(const char *text) { return text_result(text, false); }

json_t *mcp_result_error(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *text = NULL;
    int n = vasprintf(&text, fmt, ap);
    va_end(ap);
    if (n < 0)
        abort(); /* out of memory: the same policy as xmalloc */
    json_t *r = text_result(text, true);
    free(text);
    return r;
}

json_t *mcp_result_structured(json_t *structured, const char *text)
{
    json_t *r;
    if (text) {
        r = text_result(text, false);
    } else {
        char *dump = json_dumps(structured, JSON_COMPACT | JSON_ENCODE_ANY | JSON_REAL_PRECISION(15));
        r = text_result(dump ? dump : "null", false);
        free(dump);
    }
    json_object_set_new(r, "structuredContent", structured);
    return r;
}
