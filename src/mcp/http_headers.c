/* http_headers.c - the 2026-07-28 header rules of Streamable HTTP: the
 * standard headers mirror the body (MCP-Protocol-Version, Mcp-Method,
 * Mcp-Name), tools may mirror arguments into Mcp-Param-{Name} headers
 * (x-mcp-header in the input schema), values that are not plain ASCII
 * travel as =?base64?...?= in strict canonical Base64, and any mismatch is
 * -32020 HeaderMismatch. Header names are case-insensitive (the lookup's
 * business), values case-sensitive with surrounding spaces and tabs
 * ignored. */
#include "mcp_int.h"

#include "base/base.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define SENTINEL_OPEN "=?base64?"
#define SENTINEL_CLOSE "?="

char *mcp__b64_strict(const char *s, size_t n, size_t *len)
{
    if (n % 4 != 0)
        return NULL;
    size_t pad = n >= 1 && s[n - 1] == '=' ? (n >= 2 && s[n - 2] == '=' ? 2 : 1) : 0;
    char *out = xmalloc(n / 4 * 3 + 1);
    size_t k = 0;
    for (size_t i = 0; i < n; i += 4) {
        int v[4];
        for (size_t j = 0; j < 4; j++) {
            bool padding = i + 4 == n && j >= 4 - pad;
            v[j] = padding ? 0 : base_b64_value((unsigned char)s[i + j], BASE_B64_STD);
            if (v[j] < 0)
                goto bad;
        }
        unsigned bits = (unsigned)v[0] << 18 | (unsigned)v[1] << 12 | (unsigned)v[2] << 6 | (unsigned)v[3];
        out[k++] = (char)(bits >> 16);
        if (!(i + 4 == n && pad == 2))
            out[k++] = (char)(bits >> 8 & 0xff);
        if (!(i + 4 == n && pad >= 1))
            out[k++] = (char)(bits & 0xff);
        /* canonical: the bits the padding leaves over are zero */
        if (i + 4 == n && ((pad == 2 && (v[1] & 0x0f)) || (pad == 1 && (v[2] & 0x03))))
            goto bad;
    }
    out[k] = '\0';
    *len = k;
    return out;
bad:
    free(out);
    return NULL;
}

/* The value without surrounding spaces and tabs: start and length. */
static const char *trim(const char *v, size_t *n)
{
    while (*v == ' ' || *v == '\t')
        v++;
    size_t k = strlen(v);
    while (k > 0 && (v[k - 1] == ' ' || v[k - 1] == '\t'))
        k--;
    *n = k;
    return v;
}

/* A header value as the body would hold it: decoded when it is
 * =?base64?...?= (new buffer, *len), literal otherwise. NULL when the
 * encoding is broken or a literal holds what a header value must not. */
static char *decode_value(const char *raw, size_t *len)
{
    size_t n;
    const char *v = trim(raw, &n);
    size_t open = strlen(SENTINEL_OPEN), close = strlen(SENTINEL_CLOSE);
    if (n >= open + close && strncmp(v, SENTINEL_OPEN, open) == 0 && strncmp(v + n - close, SENTINEL_CLOSE, close) == 0)
        return mcp__b64_strict(v + open, n - open - close, len);
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)v[i];
        if (!(c == ' ' || c == '\t' || (c >= 0x21 && c <= 0x7e)))
            return NULL;
    }
    *len = n;
    return xstrndup(v, n);
}

static int mismatch(struct mcp__err *err, const char *fmt, const char *a, const char *b)
{
    mcp__err_set(err, MCP__HEADER_MISMATCH, fmt, a, b);
    return -1;
}

/* The body field Mcp-Name mirrors for method, or NULL. */
static const char *name_field(const char *method)
{
    if (strcmp(method, "tools/call") == 0 || strcmp(method, "prompts/get") == 0)
        return "name";
    if (strcmp(method, "resources/read") == 0)
        return "uri";
    if (strcmp(method, "tasks/get") == 0 || strcmp(method, "tasks/update") == 0 || strcmp(method, "tasks/cancel") == 0)
        return "taskId";
    return NULL;
}

int mcp__http_check_standard(json_t *msg, mcp__header_fn hdr, void *ud, struct mcp__err *err)
{
    const char *method = json_string_value(json_object_get(msg, "method"));
    json_t *params = json_object_get(msg, "params");
    const char *claimed = mcp__meta_version(params);
    const char *h;
    size_t n;

    if (!(h = hdr(ud, "MCP-Protocol-Version")))
        return mismatch(err, "Header mismatch: the MCP-Protocol-Version header is required (the body claims %s)%s",
                        claimed ? claimed : "?", "");
    h = trim(h, &n);
    if (!claimed || strlen(claimed) != n || strncmp(h, claimed, n) != 0)
        return mismatch(err, "Header mismatch: MCP-Protocol-Version is '%.60s' but _meta says '%.60s'", h,
                        claimed ? claimed : "");
    if (!(h = hdr(ud, "Mcp-Method")))
        return mismatch(err, "Header mismatch: the Mcp-Method header is required (the body says %.100s)%s", method,
                        "");
    h = trim(h, &n);
    if (strlen(method) != n || strncmp(h, method, n) != 0)
        return mismatch(err, "Header mismatch: Mcp-Method is '%.100s' but the body's method is '%.100s'", h, method);

    const char *field = name_field(method);
    const char *body = field ? json_string_value(json_object_get(params, field)) : NULL;
    if (!body)
        return 0;
    if (!(h = hdr(ud, "Mcp-Name")))
        return mismatch(err, "Header mismatch: the Mcp-Name header is required when params.%s is '%.200s'", field,
                        body);
    size_t len;
    char *decoded = decode_value(h, &len);
    int rc = 0;
    if (!decoded)
        rc = mismatch(err, "Header mismatch: Mcp-Name '%.200s' is not a valid header value or Base64%s", h, "");
    else if (len != strlen(body) || memcmp(decoded, body, len) != 0)
        rc = mismatch(err, "Header mismatch: Mcp-Name is '%.200s' but the body names '%.200s'", decoded, body);
    free(decoded);
    return rc;
}

/* ------------------------------------------------------------------ */
/* Mcp-Param-{Name}                                                    */

struct pcheck {
    mcp__header_fn hdr;
    void *ud;
    struct mcp__err *err;
};

/* Whether a header value (decoded) equals the argument's value. */
static bool same_value(const char *h, size_t n, json_t *v)
{
    if (json_is_string(v))
        return n == json_string_length(v) && memcmp(h, json_string_value(v), n) == 0;
    if (json_is_boolean(v))
        return strcmp(h, json_is_true(v) ? "true" : "false") == 0;
    if (json_is_integer(v)) {
        /* compared as numbers: "42.0" and 42 agree */
        char *end;
        double d = strtod(h, &end);
        return n > 0 && *end == '\0' && d == (double)json_integer_value(v);
    }
    return false;
}

/* Checks every x-mcp-header property under props against args. */
static int check_props(struct pcheck *pc, json_t *props, json_t *args)
{
    const char *key;
    json_t *prop;
    json_object_foreach(props, key, prop)
    {
        json_t *v = json_object_get(args, key);
        json_t *nested = json_object_get(prop, "properties");
        if (json_is_object(nested) && check_props(pc, nested, json_is_object(v) ? v : NULL) != 0)
            return -1;
        const char *name = json_string_value(json_object_get(prop, "x-mcp-header"));
        if (!name)
            continue;
        char hname[200];
        snprintf(hname, sizeof hname, "Mcp-Param-%s", name);
        const char *h = pc->hdr(pc->ud, hname);
        bool absent = !v || json_is_null(v);
        if (absent && !h)
            continue;
        if (absent)
            return mismatch(pc->err, "Header mismatch: %s is sent but argument '%s' is not", hname, key);
        if (!h)
            return mismatch(pc->err, "Header mismatch: argument '%s' is set but the %s header is missing", key, hname);
        size_t len;
        char *decoded = decode_value(h, &len);
        bool ok = decoded && same_value(decoded, len, v);
        free(decoded);
        if (!ok)
            return mismatch(pc->err, "Header mismatch: %s does not match argument '%s' (or is not valid Base64)",
                            hname, key);
    }
    return 0;
}

int mcp__http_check_params(const struct mcp_server *srv, json_t *params, mcp__header_fn hdr, void *ud,
                           struct mcp__err *err)
{
    const struct mcp__tool *t = mcp__find_tool(srv, json_string_value(json_object_get(params, "name")));
    if (!t)
        return 0; /* the core says the tool is unknown */
    json_t *args = json_object_get(params, "arguments");
    struct pcheck pc = {hdr, ud, err};
    return check_props(&pc, json_object_get(t->input, "properties"), json_is_object(args) ? args : NULL);
}

/* ------------------------------------------------------------------ */
/* x-mcp-header at registration                                        */

static bool tchar_token(const char *s)
{
    if (!*s)
        return false;
    for (; *s; s++)
        if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') || (*s >= '0' && *s <= '9') ||
              strchr("!#$%&'*+-.^_`|~", *s)))
            return false;
    return true;
}

struct xcheck {
    char *err;
    size_t errlen;
    json_t *seen; /* lower-cased names */
};

/* Walks schema s; on_chain: reached from the root through "properties"
 * keys alone, the only place an annotation may sit. */
static int xwalk(struct xcheck *x, json_t *s, bool on_chain, int depth)
{
    if (depth > 64)
        return 0;
    if (json_is_array(s)) {
        size_t i;
        json_t *e;
        json_array_foreach(s, i, e)
        {
            if (xwalk(x, e, false, depth + 1) != 0)
                return -1;
        }
        return 0;
    }
    if (!json_is_object(s))
        return 0;
    json_t *name = json_object_get(s, "x-mcp-header");
    if (name) {
        const char *type = json_string_value(json_object_get(s, "type"));
        char lower[200];
        if (!on_chain || !json_is_string(name) || !tchar_token(json_string_value(name)) ||
            strlen(json_string_value(name)) >= sizeof lower) {
            snprintf(x->err, x->errlen, "x-mcp-header must be a header-name token on a property reached through "
                     "\"properties\" alone");
            return -1;
        }
        if (!type || (strcmp(type, "string") != 0 && strcmp(type, "integer") != 0 && strcmp(type, "boolean") != 0)) {
            snprintf(x->err, x->errlen, "x-mcp-header '%s' is on a property that is not a string, integer or boolean",
                     json_string_value(name));
            return -1;
        }
        size_t i = 0;
        for (const char *p = json_string_value(name); *p; p++)
            lower[i++] = (char)(*p >= 'A' && *p <= 'Z' ? *p + 32 : *p);
        lower[i] = '\0';
        if (json_object_get(x->seen, lower)) {
            snprintf(x->err, x->errlen, "x-mcp-header '%s' is used twice", json_string_value(name));
            return -1;
        }
        json_object_set_new(x->seen, lower, json_true());
    }
    const char *key;
    json_t *v;
    json_object_foreach(s, key, v)
    {
        if (strcmp(key, "properties") == 0 && json_is_object(v)) {
            const char *pk;
            json_t *pv;
            json_object_foreach(v, pk, pv)
            {
                if (xwalk(x, pv, on_chain, depth + 1) != 0)
                    return -1;
            }
        } else if (xwalk(x, v, false, depth + 1) != 0) {
            return -1;
        }
    }
    return 0;
}

int mcp__x_mcp_header_check(json_t *schema, char *err, size_t errlen)
{
    struct xcheck x = {err, errlen, json_object()};
    int rc = xwalk(&x, schema, true, 0);
    json_decref(x.seen);
    return rc;
}
