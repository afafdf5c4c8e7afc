/* project.c - a projecting parse of HaloPSA list replies: one streaming,
 * validating pass over the body that builds only the named fields of each
 * row (plus the envelope's record_count) and skips everything else without
 * allocating. A 50-ticket page is ~145 KB of which a list shows ~5 %;
 * building all of it with jansson cost 60-80 % of a list call's CPU
 * (issue 17). It accepts exactly what jansson's json_loadb(JSON_DECODE_ANY)
 * accepts (tests/halo/test_project.c and tests/fuzz/ compare the two), and
 * the rows it returns equal halo_rows() on jansson's tree with each row cut
 * to the fields. */
#include "halo_int.h"

#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* jansson's JSON_PARSER_MAX_DEPTH: a value deeper than this is refused. */
#define MAX_DEPTH 2048

/* The parser's state for one reply: the only allocations besides the
 * kept values are the scratch buffer, reused for every string. */
struct pp {
    const unsigned char *p, *start, *end;
    const char *const *fields;
    size_t nfields;
    size_t flen[64];
    struct buf scratch; /* unescaped strings: one buffer for the whole call */
    char *why;
    size_t whylen;
    size_t at;
    bool failed;
};

static int fail(struct pp *s, const char *what)
{
    if (!s->failed) {
        s->failed = true;
        s->at = (size_t)(s->p - s->start);
        snprintf(s->why, s->whylen, "%s", what);
    }
    return -1;
}

static inline void skip_ws(struct pp *s)
{
    while (s->p < s->end && (*s->p == ' ' || *s->p == '\n' || *s->p == '\r' || *s->p == '\t'))
        s->p++;
}

/* ---- strings ----------------------------------------------------------- */

/* Length of the valid UTF-8 sequence at p (lead byte >= 0x80), or 0 when
 * it is not one: overlong forms, surrogates and code points above
 * U+10FFFF are refused, as jansson does. */
static size_t utf8_seq(const unsigned char *p, const unsigned char *end)
{
    unsigned c = p[0];
    size_t n;
    unsigned v;
    if (c < 0xC2 || c > 0xF4)
        return 0;
    if (c < 0xE0)
        n = 2, v = c & 0x1F;
    else if (c < 0xF0)
        n = 3, v = c & 0x0F;
    else
        n = 4, v = c & 0x07;
    if ((size_t)(end - p) < n)
        return 0;
    for (size_t i = 1; i < n; i++) {
        if ((p[i] & 0xC0) != 0x80)
            return 0;
        v = (v << 6) | (p[i] & 0x3F);
    }
    if ((n == 3 && v < 0x800) || (n == 4 && v < 0x10000) || v > 0x10FFFF ||
        (v >= 0xD800 && v <= 0xDFFF))
        return 0;
    return n;
}

static int hex4(const unsigned char *p, const unsigned char *end, unsigned *v)
{
    if (end - p < 4)
        return -1;
    *v = 0;
    for (int i = 0; i < 4; i++) {
        unsigned c = p[i], d;
        if (c >= '0' && c <= '9')
            d = c - '0';
        else if (c >= 'a' && c <= 'f')
            d = c - 'a' + 10;
        else if (c >= 'A' && c <= 'F')
            d = c - 'A' + 10;
        else
            return -1;
        *v = (*v << 4) | d;
    }
    return 0;
}

/* Whether any byte of the 8 at p ends a plain run: '"', '\\', a control
 * character or a non-ASCII byte (SWAR: eight bytes per step). */
static inline bool word_special(const unsigned char *p)
{
    uint64_t x;
    memcpy(&x, p, 8);
    const uint64_t ones = 0x0101010101010101ull, high = 0x8080808080808080ull;
    uint64_t q = x ^ (ones * '"'), b = x ^ (ones * '\\');
    uint64_t zero_q = (q - ones) & ~q, zero_b = (b - ones) & ~b;
    uint64_t ctl = (x - ones * 0x20) & ~x;
    return ((zero_q | zero_b | ctl) & high) || (x & high);
}

/* Scans the string whose opening quote is at s->p. With out, appends its
 * unescaped UTF-8 to out. Leaves s->p after the closing quote. One
 * function (about 100 lines): the fast skip, escapes and \u surrogate pairs
 * share the cursor and are checked together against jansson in test_project. */
static int scan_string(struct pp *s, struct buf *out)
{
    const unsigned char *p = s->p + 1, *end = s->end, *run = p;
    for (;;) {
        while (end - p >= 8 && !word_special(p))
            p += 8;
        if (p >= end) {
            s->p = p;
            return fail(s, "premature end of input in a string");
        }
        unsigned c = *p;
        if (c == '"') {
            if (out)
                buf_append(out, run, (size_t)(p - run));
            s->p = p + 1;
            return 0;
        }
        if (c < 0x20) {
            s->p = p;
            return fail(s, "control character in a string");
        }
        if (c >= 0x80) {
            size_t n = utf8_seq(p, end);
            if (!n) {
                s->p = p;
                return fail(s, "invalid UTF-8");
            }
            p += n;
            continue;
        }
        if (c != '\\') {
            p++;
            continue;
        }
        /* An escape. */
        if (out)
            buf_append(out, run, (size_t)(p - run));
        if (end - p < 2) {
            s->p = p;
            return fail(s, "premature end of input in an escape");
        }
        unsigned e = p[1];
        char one = 0;
        switch (e) {
        case '"': one = '"'; break;
        case '\\': one = '\\'; break;
        case '/': one = '/'; break;
        case 'b': one = '\b'; break;
        case 'f': one = '\f'; break;
        case 'n': one = '\n'; break;
        case 'r': one = '\r'; break;
        case 't': one = '\t'; break;
        case 'u': break;
        default:
            s->p = p;
            return fail(s, "invalid escape");
        }
        if (one) {
            if (out)
                buf_append(out, &one, 1);
            p += 2;
            run = p;
            continue;
        }
        unsigned v, lo;
        if (hex4(p + 2, end, &v) < 0) {
            s->p = p;
            return fail(s, "invalid escape");
        }
        p += 6;
        if (v >= 0xD800 && v <= 0xDBFF) {
            /* A high surrogate needs its low half right after it. */
            if (end - p < 6 || p[0] != '\\' || p[1] != 'u' || hex4(p + 2, end, &lo) < 0 ||
                lo < 0xDC00 || lo > 0xDFFF) {
                s->p = p;
                return fail(s, "invalid Unicode surrogate");
            }
            v = 0x10000 + ((v - 0xD800) << 10) + (lo - 0xDC00);
            p += 6;
        } else if (v >= 0xDC00 && v <= 0xDFFF) {
            s->p = p;
            return fail(s, "invalid Unicode surrogate");
        } else if (v == 0) {
            s->p = p;
            return fail(s, "\\u0000 is not allowed");
        }
        if (out) {
            char u[4];
            size_t n;
            if (v < 0x80)
                u[0] = (char)v, n = 1;
            else if (v < 0x800)
                u[0] = (char)(0xC0 | v >> 6), u[1] = (char)(0x80 | (v & 0x3F)), n = 2;
            else if (v < 0x10000)
                u[0] = (char)(0xE0 | v >> 12), u[1] = (char)(0x80 | (v >> 6 & 0x3F)),
                u[2] = (char)(0x80 | (v & 0x3F)), n = 3;
            else
                u[0] = (char)(0xF0 | v >> 18), u[1] = (char)(0x80 | (v >> 12 & 0x3F)),
                u[2] = (char)(0x80 | (v >> 6 & 0x3F)), u[3] = (char)(0x80 | (v & 0x3F)), n = 4;
            buf_append(out, u, n);
        }
        run = p;
    }
}

/* ---- numbers and words ------------------------------------------------- */

static bool is_digit(unsigned c) { return c >= '0' && c <= '9'; }

/* jansson reads one character past a number or a word and puts it back;
 * a NUL byte put back that way is lost (its stream takes NUL for "read
 * more"). Equal acceptance means losing it too. */
static inline void lost_nul(struct pp *s)
{
    if (s->p < s->end && *s->p == '\0')
        s->p++;
}

/* Scans a number at s->p with jansson's grammar and limits (an integer
 * must fit in 64 bits, a real must not overflow a double). With out, sets
 * *out to its value (new). */
static int scan_number(struct pp *s, json_t **out)
{
    const unsigned char *b = s->p, *p = b, *end = s->end;
    bool real = false;
    if (p < end && *p == '-')
        p++;
    if (p >= end || !is_digit(*p)) {
        s->p = p;
        return fail(s, "invalid number");
    }
    const unsigned char *int_start = p;
    if (*p == '0') {
        p++;
        if (p < end && is_digit(*p)) {
            s->p = p;
            return fail(s, "invalid number (leading zero)");
        }
    } else {
        while (p < end && is_digit(*p))
            p++;
    }
    size_t int_digits = (size_t)(p - int_start);
    long long exp10 = 0;
    if (p < end && *p == '.') {
        real = true;
        p++;
        if (p >= end || !is_digit(*p)) {
            s->p = p;
            return fail(s, "invalid number");
        }
        while (p < end && is_digit(*p))
            p++;
    }
    if (p < end && (*p == 'e' || *p == 'E')) {
        real = true;
        p++;
        bool neg = false;
        if (p < end && (*p == '+' || *p == '-'))
            neg = *p++ == '-';
        if (p >= end || !is_digit(*p)) {
            s->p = p;
            return fail(s, "invalid number");
        }
        while (p < end && is_digit(*p)) {
            if (exp10 < 1000000)
                exp10 = exp10 * 10 + (*p - '0');
            p++;
        }
        if (neg)
            exp10 = -exp10;
    }
    s->p = p;
    lost_nul(s);
    size_t len = (size_t)(p - b);
    /* Below 10^300 a double cannot overflow and 18 digits fit in 64 bits:
     * strtod/strtoll only for the rest or for values we keep. */
    bool check = real ? (long long)int_digits + exp10 > 300 : int_digits > 18;
    if (!check && !out)
        return 0;
    char small[64], *t = len < sizeof small ? small : xmalloc(len + 1);
    memcpy(t, b, len);
    t[len] = '\0';
    int rc = 0;
    errno = 0;
    if (real) {
        double d = strtod(t, NULL);
        if ((d == HUGE_VAL || d == -HUGE_VAL) && errno == ERANGE)
            rc = fail(s, "real number overflow");
        else if (out)
            *out = json_real(d);
    } else {
        long long v = strtoll(t, NULL, 10);
        if ((v == LLONG_MAX || v == LLONG_MIN) && errno == ERANGE)
            rc = fail(s, "too big integer");
        else if (out)
            *out = json_integer((json_int_t)v);
    }
    if (t != small)
        free(t);
    return rc;
}

static int scan_word(struct pp *s, json_t **out)
{
    static const struct {
        const char *w;
        size_t n;
    } words[] = {{"true", 4}, {"false", 5}, {"null", 4}};
    for (int i = 0; i < 3; i++) {
        if ((size_t)(s->end - s->p) >= words[i].n && memcmp(s->p, words[i].w, words[i].n) == 0) {
            const unsigned char *after = s->p + words[i].n;
            /* jansson reads the whole run of letters as one word. */
            if (after < s->end && ((*after | 0x20) >= 'a' && (*after | 0x20) <= 'z'))
                break;
            s->p = after;
            lost_nul(s);
            if (out)
                *out = i == 0 ? json_true() : i == 1 ? json_false() : json_null();
            return 0;
        }
    }
    return fail(s, "invalid token");
}

/* ---- values: skipped, built, or projected ------------------------------ */

static int skip_value(struct pp *s, int depth);
static json_t *build_value(struct pp *s, int depth);

/* Walks the object or array at s->p, calling fn for each member with the
 * parser at its value, which fn must consume. An object member's key is
 * passed in place in the body, or unescaped into s->scratch when it holds
 * an escape (valid only until the scratch grows: see key_copy); an array
 * element gets key NULL. depth is the container's own. */
typedef int (*member_fn)(struct pp *s, void *ud, const char *key, size_t klen, int depth);

static int walk_container(struct pp *s, int depth, bool object, member_fn fn, void *ud)
{
    unsigned char close = object ? '}' : ']';
    s->p++;
    skip_ws(s);
    if (s->p < s->end && *s->p == close) {
        s->p++;
        return 0;
    }
    for (;;) {
        const char *key = NULL;
        size_t klen = 0, mark = s->scratch.len;
        if (object) {
            if (s->p >= s->end || *s->p != '"')
                return fail(s, "string or '}' expected");
            /* Keys: compared in place unless they hold an escape. */
            const unsigned char *k0 = s->p + 1;
            if (scan_string(s, NULL) < 0)
                return -1;
            const unsigned char *k1 = s->p - 1;
            if (memchr(k0, '\\', (size_t)(k1 - k0))) {
                s->p = k0 - 1;
                if (scan_string(s, &s->scratch) < 0)
                    return -1;
                key = s->scratch.data + mark;
                klen = s->scratch.len - mark;
            } else {
                key = (const char *)k0;
                klen = (size_t)(k1 - k0);
            }
            skip_ws(s);
            if (s->p >= s->end || *s->p != ':')
                return fail(s, "':' expected");
            s->p++;
            skip_ws(s);
        }
        int rc = fn(s, ud, key, klen, depth + 1);
        s->scratch.len = mark;
        if (rc < 0)
            return -1;
        skip_ws(s);
        if (s->p < s->end && *s->p == ',') {
            s->p++;
            skip_ws(s);
            continue;
        }
        if (s->p < s->end && *s->p == close) {
            s->p++;
            return 0;
        }
        return fail(s, object ? "'}' expected" : "']' expected");
    }
}

static int skip_member(struct pp *s, void *ud, const char *key, size_t klen, int depth)
{
    (void)ud, (void)key, (void)klen;
    return skip_value(s, depth);
}

static int skip_value(struct pp *s, int depth)
{
    if (depth > MAX_DEPTH)
        return fail(s, "maximum parsing depth reached");
    if (s->p >= s->end)
        return fail(s, "unexpected end of input");
    switch (*s->p) {
    case '{':
        return walk_container(s, depth, true, skip_member, NULL);
    case '[':
        return walk_container(s, depth, false, skip_member, NULL);
    case '"':
        return scan_string(s, NULL);
    default:
        if (*s->p == '-' || is_digit(*s->p))
            return scan_number(s, NULL);
        return scan_word(s, NULL);
    }
}

/* A key unescaped into s->scratch moves when the value after it grows
 * the buffer: a copy (new) for members that need the key afterwards. */
static char *key_copy(const char *key, size_t klen)
{
    return key ? xstrndup(key, klen) : NULL;
}

static int build_member(struct pp *s, void *ud, const char *key, size_t klen, int depth)
{
    char *k = key_copy(key, klen);
    json_t *v = build_value(s, depth);
    if (v && k)
        json_object_setn_new_nocheck(ud, k, klen, v);
    else if (v)
        json_array_append_new(ud, v);
    free(k);
    return v ? 0 : -1;
}

/* The value at s->p as a new jansson value, or NULL. */
static json_t *build_value(struct pp *s, int depth)
{
    json_t *v = NULL;
    if (depth > MAX_DEPTH) {
        fail(s, "maximum parsing depth reached");
        return NULL;
    }
    if (s->p >= s->end) {
        fail(s, "unexpected end of input");
        return NULL;
    }
    unsigned c = *s->p;
    if (c == '{' || c == '[') {
        v = c == '{' ? json_object() : json_array();
        if (walk_container(s, depth, c == '{', build_member, v) < 0) {
            json_decref(v);
            return NULL;
        }
    } else if (c == '"') {
        size_t mark = s->scratch.len;
        if (scan_string(s, &s->scratch) == 0)
            v = json_stringn_nocheck(s->scratch.data ? s->scratch.data + mark : "",
                                     s->scratch.len - mark);
        s->scratch.len = mark;
    } else if (c == '-' || is_digit(c)) {
        scan_number(s, &v);
    } else {
        scan_word(s, &v);
    }
    return v;
}

/* One row: an object keeps the named fields (the last of duplicate keys,
 * as jansson does); anything else becomes an empty object, which is what
 * picking fields from it would give. */
static int row_member(struct pp *s, void *ud, const char *key, size_t klen, int depth)
{
    for (size_t i = 0; i < s->nfields; i++) {
        if (s->flen[i] == klen && memcmp(s->fields[i], key, klen) == 0) {
            json_t *v = build_value(s, depth);
            if (!v)
                return -1;
            json_object_set_new(ud, s->fields[i], v);
            return 0;
        }
    }
    return skip_value(s, depth);
}

static int rows_member(struct pp *s, void *ud, const char *key, size_t klen, int depth)
{
    (void)key, (void)klen;
    json_t *row = json_object();
    int rc;
    if (depth > MAX_DEPTH)
        rc = fail(s, "maximum parsing depth reached");
    else if (s->p < s->end && *s->p == '{')
        rc = walk_container(s, depth, true, row_member, row);
    else
        rc = skip_value(s, depth);
    if (rc < 0) {
        json_decref(row);
        return -1;
    }
    json_array_append_new(ud, row);
    return 0;
}

/* The array at s->p with each row projected (new). */
static json_t *project_array(struct pp *s, int depth)
{
    json_t *rows = json_array();
    if (depth > MAX_DEPTH) {
        fail(s, "maximum parsing depth reached");
    } else if (walk_container(s, depth, false, rows_member, rows) == 0) {
        return rows;
    }
    json_decref(rows);
    return NULL;
}

/* A top-level member: arrays are projected (any of them may turn out to be
 * the rows), a record_count in any case is kept, the rest is skipped and
 * stands as null, so that halo_rows() decides on this skeleton exactly as
 * it would on the whole tree. */
static int envelope_member(struct pp *s, void *ud, const char *raw_key, size_t klen, int depth)
{
    json_t *v;
    char *key = key_copy(raw_key, klen);
    if (s->p < s->end && *s->p == '[') {
        v = project_array(s, depth);
    } else if (klen == 12 && strncasecmp(key, "record_count", 12) == 0) {
        v = build_value(s, depth);
    } else {
        v = skip_value(s, depth) == 0 ? json_null() : NULL;
    }
    if (v)
        json_object_setn_new_nocheck(ud, key, klen, v);
    free(key);
    return v ? 0 : -1;
}

json_t *halo_project_rows(const char *body, size_t len, const char *key,
                          const char *const *fields, int64_t *record_count, char *why,
                          size_t whylen, size_t *at)
{
    char whybuf[128];
    struct pp s = {.p = (const unsigned char *)body, .start = (const unsigned char *)body,
                   .end = (const unsigned char *)body + len, .fields = fields,
                   .why = why ? why : whybuf, .whylen = why ? whylen : sizeof whybuf};
    for (; fields && fields[s.nfields] && s.nfields < sizeof s.flen / sizeof s.flen[0]; s.nfields++)
        s.flen[s.nfields] = strlen(fields[s.nfields]);
    json_t *doc = NULL, *rows = NULL;
    skip_ws(&s);
    if (s.p == s.end) {
        /* An empty reply is an empty list (HaloPSA sends none for some). */
        if (record_count)
            *record_count = 0;
        return json_array();
    }
    if (*s.p == '[') {
        doc = project_array(&s, 1);
    } else if (*s.p == '{') {
        doc = json_object();
        if (walk_container(&s, 1, true, envelope_member, doc) < 0) {
            json_decref(doc);
            doc = NULL;
        }
    } else if (skip_value(&s, 1) == 0) {
        doc = json_null();
    }
    if (doc) {
        skip_ws(&s);
        if (s.p != s.end) {
            fail(&s, "end of input expected");
            json_decref(doc);
            doc = NULL;
        }
    }
    if (doc) {
        rows = json_incref(halo_rows(doc, key, record_count));
        /* halo_rows' shared empty array must not be handed out. */
        if (!json_array_size(rows)) {
            json_decref(rows);
            rows = json_array();
        }
        json_decref(doc);
    }
    if (at)
        *at = s.at;
    buf_free(&s.scratch);
    return rows;
}
