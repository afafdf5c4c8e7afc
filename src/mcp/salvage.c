/* salvage.c - answering a message jansson cannot load. Text that is JSON
 * by the grammar but holds what jansson refuses (an integer past 64 bits,
 * \u0000 in a string, a lone surrogate) still names the request it is:
 * a small scanner that follows the grammar alone finds the top-level "id"
 * so the client gets -32602 for that id instead of waiting for a reply
 * that never comes. Only text that is not JSON gets -32700. */
#include "mcp_int.h"

#include "base/base.h"

#include <stdio.h>
#include <string.h>

#define MAX_DEPTH 512

struct scan {
    const char *p, *end;
    int depth;
    const char *id_at; /* the top-level id value's text */
    size_t id_len;
};

static void ws(struct scan *s)
{
    while (s->p < s->end && (*s->p == ' ' || *s->p == '\t' || *s->p == '\n' || *s->p == '\r'))
        s->p++;
}

static bool is_hex(char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'); }

/* A string at s->p; any \u escape passes, whatever it encodes. */
static bool string(struct scan *s)
{
    if (s->p >= s->end || *s->p != '"')
        return false;
    s->p++;
    while (s->p < s->end && *s->p != '"') {
        unsigned char c = (unsigned char)*s->p;
        if (c < 0x20)
            return false;
        if (c == '\\') {
            s->p++;
            if (s->p >= s->end)
                return false;
            if (*s->p == 'u') {
                for (int i = 1; i <= 4; i++)
                    if (s->p + i >= s->end || !is_hex(s->p[i]))
                        return false;
                s->p += 4;
            } else if (!strchr("\"\\/bfnrt", *s->p)) {
                return false;
            }
        }
        s->p++;
    }
    if (s->p >= s->end)
        return false;
    s->p++;
    return true;
}

static bool digits(struct scan *s)
{
    const char *start = s->p;
    while (s->p < s->end && *s->p >= '0' && *s->p <= '9')
        s->p++;
    return s->p > start;
}

/* A number of any size. */
static bool number(struct scan *s)
{
    if (s->p < s->end && *s->p == '-')
        s->p++;
    if (!digits(s))
        return false;
    if (s->p < s->end && *s->p == '.') {
        s->p++;
        if (!digits(s))
            return false;
    }
    if (s->p < s->end && (*s->p == 'e' || *s->p == 'E')) {
        s->p++;
        if (s->p < s->end && (*s->p == '+' || *s->p == '-'))
            s->p++;
        if (!digits(s))
            return false;
    }
    return true;
}

static bool literal(struct scan *s, const char *word)
{
    size_t n = strlen(word);
    if ((size_t)(s->end - s->p) < n || memcmp(s->p, word, n) != 0)
        return false;
    s->p += n;
    return true;
}

static bool value(struct scan *s);

/* An object or array (open is '{' or '['). At depth 1, records "id". */
static bool container(struct scan *s, char open)
{
    char close = open == '{' ? '}' : ']';
    if (++s->depth > MAX_DEPTH)
        return false;
    s->p++;
    ws(s);
    if (s->p < s->end && *s->p == close) {
        s->p++;
        s->depth--;
        return true;
    }
    for (;;) {
        bool is_id = false;
        if (open == '{') {
            const char *key = s->p;
            if (!string(s))
                return false;
            is_id = s->depth == 1 && s->p - key == 4 && memcmp(key, "\"id\"", 4) == 0;
            ws(s);
            if (s->p >= s->end || *s->p != ':')
                return false;
            s->p++;
            ws(s);
        }
        const char *at = s->p;
        if (!value(s))
            return false;
        if (is_id) {
            s->id_at = at;
            s->id_len = (size_t)(s->p - at);
        }
        ws(s);
        if (s->p < s->end && *s->p == ',') {
            s->p++;
            ws(s);
            continue;
        }
        if (s->p < s->end && *s->p == close) {
            s->p++;
            s->depth--;
            return true;
        }
        return false;
    }
}

static bool value(struct scan *s)
{
    if (s->p >= s->end)
        return false;
    switch (*s->p) {
    case '{':
    case '[':
        return container(s, *s->p);
    case '"':
        return string(s);
    case 't':
        return literal(s, "true");
    case 'f':
        return literal(s, "false");
    case 'n':
        return literal(s, "null");
    default:
        return number(s);
    }
}

int mcp__salvage_id(const char *text, size_t len, json_t **id)
{
    struct scan s = {.p = text, .end = text + len};
    *id = NULL;
    ws(&s);
    bool is_object = s.p < s.end && *s.p == '{';
    if (!value(&s))
        return -1;
    ws(&s);
    if (s.p != s.end)
        return -1;
    if (!is_object || !s.id_at)
        return 0;
    /* the id itself must be one jansson holds: a string or an integer */
    json_t *v = json_loadb(s.id_at, s.id_len, JSON_DECODE_ANY, NULL);
    if (json_is_string(v) || json_is_integer(v)) {
        *id = v;
        return 1;
    }
    json_decref(v);
    return 0;
}

void mcp__unparsed_message(const json_error_t *jerr, char *out, size_t outlen)
{
    snprintf(out, outlen,
             "Invalid params: the message is JSON but holds a value this server cannot take (%s, column %d): "
             "integers must fit in 64 bits, and strings must not contain \\u0000 or unpaired surrogates",
             jerr->text, jerr->column);
}

void mcp__reject_unparsed(struct mcp_session *s, const char *msg, size_t len, const json_error_t *jerr)
{
    json_t *id = NULL;
    char text[512];
    if (mcp__salvage_id(msg, len, &id) < 0) {
        snprintf(text, sizeof text, "Parse error: %s (column %d)", jerr->text, jerr->column);
        mcp__send_error(s, NULL, MCP__PARSE_ERROR, text, NULL);
        return;
    }
    mcp__unparsed_message(jerr, text, sizeof text);
    mcp__send_error(s, id, MCP__INVALID_PARAMS, text, NULL);
    json_decref(id);
}
