/* validate.c - the JSON Schema subset tools use for their arguments: checked
 * at registration (mcp__schema_check) and applied before every handler.
 * Keywords outside the subset (annotations such as $anchor, title,
 * x-mcp-header) are kept in the schema and ignored here. */
#include "mcp_int.h"

#include "base/base.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_DEPTH 64

static const char *const type_names[] = {"object", "array", "string", "number", "integer", "boolean", "null"};

static bool known_type(const char *t)
{
    for (size_t i = 0; i < sizeof type_names / sizeof type_names[0]; i++)
        if (strcmp(type_names[i], t) == 0)
            return true;
    return false;
}

/* Resolves a local "#/$defs/x" or "#/definitions/x" reference against root
 * (JSON pointer with ~0/~1 escapes). Borrowed, or NULL. */
static json_t *resolve_ref(json_t *root, const char *ref)
{
    if (strcmp(ref, "#") == 0)
        return root;
    if (strncmp(ref, "#/", 2) != 0)
        return NULL;
    json_t *cur = root;
    const char *p = ref + 2;
    while (cur && *p) {
        const char *slash = strchr(p, '/');
        size_t n = slash ? (size_t)(slash - p) : strlen(p);
        char key[256];
        size_t k = 0;
        for (size_t i = 0; i < n && k + 1 < sizeof key; i++) {
            if (p[i] == '~' && i + 1 < n && (p[i + 1] == '0' || p[i + 1] == '1')) {
                key[k++] = p[i + 1] == '0' ? '~' : '/';
                i++;
            } else {
                key[k++] = p[i];
            }
        }
        key[k] = '\0';
        cur = json_is_object(cur) ? json_object_get(cur, key) : NULL;
        p += n;
        if (*p == '/')
            p++;
    }
    return cur;
}

/* ------------------------------------------------------------------ */
/* Registration-time check                                             */

static int check(json_t *root, json_t *s, const char *where, int depth, char *err, size_t errlen);

static int check_schema_array(json_t *root, json_t *arr, const char *kw, const char *where, int depth, char *err,
                              size_t errlen)
{
    if (!json_is_array(arr) || json_array_size(arr) == 0) {
        snprintf(err, errlen, "%s: '%s' must be a non-empty array of schemas", where, kw);
        return -1;
    }
    size_t i;
    json_t *sub;
    json_array_foreach(arr, i, sub)
    {
        if (check(root, sub, where, depth + 1, err, errlen) != 0)
            return -1;
    }
    return 0;
}

/* The keywords that hold plain values: type, bounds, counts, required,
 * enum. */
static int check_values(json_t *s, const char *where, char *err, size_t errlen)
{
    json_t *type = json_object_get(s, "type");
    if (type) {
        if (json_is_string(type)) {
            if (!known_type(json_string_value(type))) {
                snprintf(err, errlen, "%s: unknown type '%s'", where, json_string_value(type));
                return -1;
            }
        } else if (json_is_array(type) && json_array_size(type) > 0) {
            size_t i;
            json_t *t;
            json_array_foreach(type, i, t)
            {
                if (!json_is_string(t) || !known_type(json_string_value(t))) {
                    snprintf(err, errlen, "%s: 'type' lists an unknown type", where);
                    return -1;
                }
            }
        } else {
            snprintf(err, errlen, "%s: 'type' must be a type name or an array of them", where);
            return -1;
        }
    }
    static const char *const num_kw[] = {"minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum"};
    for (size_t i = 0; i < 4; i++) {
        json_t *v = json_object_get(s, num_kw[i]);
        if (v && !json_is_number(v)) {
            snprintf(err, errlen, "%s: '%s' must be a number", where, num_kw[i]);
            return -1;
        }
    }
    static const char *const count_kw[] = {"minLength", "maxLength", "minItems", "maxItems"};
    for (size_t i = 0; i < 4; i++) {
        json_t *v = json_object_get(s, count_kw[i]);
        if (v && (!json_is_integer(v) || json_integer_value(v) < 0)) {
            snprintf(err, errlen, "%s: '%s' must be a non-negative integer", where, count_kw[i]);
            return -1;
        }
    }
    json_t *req = json_object_get(s, "required");
    if (req) {
        bool ok = json_is_array(req);
        size_t i;
        json_t *r;
        json_array_foreach(req, i, r) ok = ok && json_is_string(r);
        if (!ok) {
            snprintf(err, errlen, "%s: 'required' must be an array of property names", where);
            return -1;
        }
    }
    json_t *en = json_object_get(s, "enum");
    if (en && !json_is_array(en)) {
        snprintf(err, errlen, "%s: 'enum' must be an array", where);
        return -1;
    }
    return 0;
}

/* Checks every subschema of an object keyword (properties, $defs). */
static int check_schema_map(json_t *root, json_t *map, const char *kw, const char *where, int depth, char *err,
                            size_t errlen)
{
    if (!json_is_object(map)) {
        snprintf(err, errlen, "%s: '%s' must be an object", where, kw);
        return -1;
    }
    const char *k;
    json_t *sub;
    json_object_foreach(map, k, sub)
    {
        char w[200];
        snprintf(w, sizeof w, "%s.%s", where, k);
        if (check(root, sub, strcmp(kw, "properties") == 0 ? w : where, depth + 1, err, errlen) != 0)
            return -1;
    }
    return 0;
}

/* The keywords that hold subschemas. */
static int check_children(json_t *root, json_t *s, const char *where, int depth, char *err, size_t errlen)
{
    static const char *const maps[] = {"properties", "$defs", "definitions"};
    for (size_t i = 0; i < 3; i++) {
        json_t *v = json_object_get(s, maps[i]);
        if (v && check_schema_map(root, v, maps[i], where, depth, err, errlen) != 0)
            return -1;
    }
    static const char *const single[] = {"additionalProperties", "items", "not", "if", "then", "else"};
    for (size_t i = 0; i < 6; i++) {
        json_t *v = json_object_get(s, single[i]);
        if (v && check(root, v, where, depth + 1, err, errlen) != 0)
            return -1;
    }
    static const char *const comb_kw[] = {"anyOf", "allOf", "oneOf"};
    for (size_t i = 0; i < 3; i++) {
        json_t *v = json_object_get(s, comb_kw[i]);
        if (v && check_schema_array(root, v, comb_kw[i], where, depth, err, errlen) != 0)
            return -1;
    }
    json_t *ref = json_object_get(s, "$ref");
    if (ref && (!json_is_string(ref) || !resolve_ref(root, json_string_value(ref)))) {
        snprintf(err, errlen, "%s: '$ref' must point inside the schema (#/$defs/...)", where);
        return -1;
    }
    return 0;
}

static int check(json_t *root, json_t *s, const char *where, int depth, char *err, size_t errlen)
{
    if (depth > MAX_DEPTH) {
        snprintf(err, errlen, "%s: schema nested too deeply", where);
        return -1;
    }
    if (json_is_boolean(s))
        return 0;
    if (!json_is_object(s)) {
        snprintf(err, errlen, "%s: a schema must be an object or a boolean", where);
        return -1;
    }
    if (check_values(s, where, err, errlen) != 0)
        return -1;
    return check_children(root, s, where, depth, err, errlen);
}

int mcp__schema_check(json_t *schema, char *err, size_t errlen)
{
    return check(schema, schema, "schema", 0, err, errlen);
}

/* ------------------------------------------------------------------ */
/* Validation                                                          */

struct vctx {
    json_t *root;
    char path[512];
    char *err;
    size_t errlen;
};

static int fail(struct vctx *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static int fail(struct vctx *c, const char *fmt, ...)
{
    char msg[256];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    if (c->path[0])
        snprintf(c->err, c->errlen, "argument '%s': %s", c->path, msg);
    else
        snprintf(c->err, c->errlen, "arguments: %s", msg);
    return -1;
}

static bool is_type(json_t *v, const char *t)
{
    if (strcmp(t, "object") == 0)
        return json_is_object(v);
    if (strcmp(t, "array") == 0)
        return json_is_array(v);
    if (strcmp(t, "string") == 0)
        return json_is_string(v);
    if (strcmp(t, "number") == 0)
        return json_is_number(v);
    if (strcmp(t, "integer") == 0) {
        if (json_is_integer(v))
            return true;
        if (json_is_real(v)) {
            double d = json_real_value(v);
            return isfinite(d) && d == floor(d);
        }
        return false;
    }
    if (strcmp(t, "boolean") == 0)
        return json_is_boolean(v);
    if (strcmp(t, "null") == 0)
        return json_is_null(v);
    return false;
}

static const char *type_of(json_t *v)
{
    switch (json_typeof(v)) {
    case JSON_OBJECT: return "object";
    case JSON_ARRAY: return "array";
    case JSON_STRING: return "string";
    case JSON_INTEGER: return "integer";
    case JSON_REAL: return "number";
    case JSON_TRUE:
    case JSON_FALSE: return "boolean";
    default: return "null";
    }
}

static size_t utf8_len(const char *s, size_t n)
{
    size_t chars = 0;
    for (size_t i = 0; i < n; i++)
        if (((unsigned char)s[i] & 0xC0) != 0x80)
            chars++;
    return chars;
}

static int validate(struct vctx *c, json_t *s, json_t *v, int depth);

/* Runs validate with path extended by ".key" or "[i]"; restores the path. */
static int validate_child(struct vctx *c, json_t *s, json_t *v, const char *key, size_t index, int depth)
{
    size_t len = strlen(c->path);
    if (key)
        snprintf(c->path + len, sizeof c->path - len, "%s%s", len ? "." : "", key);
    else
        snprintf(c->path + len, sizeof c->path - len, "[%zu]", index);
    int rc = validate(c, s, v, depth + 1);
    if (rc == 0)
        c->path[len] = '\0';
    return rc;
}

/* Quiet validation for anyOf/oneOf branches: the branch message is kept
 * only when it is the one reported. */
static int try_branch(struct vctx *c, json_t *s, json_t *v, int depth, char *msg, size_t msglen)
{
    struct vctx sub = {.root = c->root, .err = msg, .errlen = msglen};
    snprintf(sub.path, sizeof sub.path, "%s", c->path);
    return validate(&sub, s, v, depth + 1);
}

/* type, const and enum. */
static int validate_kind(struct vctx *c, json_t *s, json_t *v)
{
    json_t *type = json_object_get(s, "type");
    if (json_is_string(type)) {
        if (!is_type(v, json_string_value(type)))
            return fail(c, "must be of type %s (got %s)", json_string_value(type), type_of(v));
    } else if (json_is_array(type)) {
        bool ok = false;
        char names[128] = "";
        size_t i;
        json_t *t;
        json_array_foreach(type, i, t)
        {
            if (!json_is_string(t))
                continue;
            ok = ok || is_type(v, json_string_value(t));
            size_t n = strlen(names);
            snprintf(names + n, sizeof names - n, "%s%s", i ? ", " : "", json_string_value(t));
        }
        if (!ok)
            return fail(c, "must be one of the types %s (got %s)", names, type_of(v));
    }
    json_t *cst = json_object_get(s, "const");
    if (cst && !json_equal(cst, v)) {
        char *want = json_dumps(cst, JSON_COMPACT | JSON_ENCODE_ANY);
        int rc = fail(c, "must be %.100s", want ? want : "the constant");
        free(want);
        return rc;
    }
    json_t *en = json_object_get(s, "enum");
    if (json_is_array(en)) {
        bool found = false;
        size_t i;
        json_t *e;
        json_array_foreach(en, i, e) found = found || json_equal(e, v);
        if (!found) {
            char *allowed = json_dumps(en, JSON_COMPACT);
            int rc = fail(c, "must be one of %.180s", allowed ? allowed : "the listed values");
            free(allowed);
            return rc;
        }
    }
    return 0;
}

/* Bounds of numbers, lengths of strings. */
static int validate_scalar(struct vctx *c, json_t *s, json_t *v)
{
    json_t *b;
    if (json_is_number(v)) {
        double d = json_number_value(v);
        if ((b = json_object_get(s, "minimum")) && json_is_number(b) && d < json_number_value(b))
            return fail(c, "must be >= %.15g", json_number_value(b));
        if ((b = json_object_get(s, "maximum")) && json_is_number(b) && d > json_number_value(b))
            return fail(c, "must be <= %.15g", json_number_value(b));
        if ((b = json_object_get(s, "exclusiveMinimum")) && json_is_number(b) && d <= json_number_value(b))
            return fail(c, "must be > %.15g", json_number_value(b));
        if ((b = json_object_get(s, "exclusiveMaximum")) && json_is_number(b) && d >= json_number_value(b))
            return fail(c, "must be < %.15g", json_number_value(b));
    }
    if (json_is_string(v)) {
        size_t n = utf8_len(json_string_value(v), json_string_length(v));
        if ((b = json_object_get(s, "minLength")) && json_is_integer(b) && (json_int_t)n < json_integer_value(b))
            return fail(c, "must be at least %lld characters long", (long long)json_integer_value(b));
        if ((b = json_object_get(s, "maxLength")) && json_is_integer(b) && (json_int_t)n > json_integer_value(b))
            return fail(c, "must be at most %lld characters long", (long long)json_integer_value(b));
    }
    return 0;
}

static int validate_array(struct vctx *c, json_t *s, json_t *v, int depth)
{
    size_t n = json_array_size(v);
    json_t *b;
    if ((b = json_object_get(s, "minItems")) && json_is_integer(b) && (json_int_t)n < json_integer_value(b))
        return fail(c, "must have at least %lld items", (long long)json_integer_value(b));
    if ((b = json_object_get(s, "maxItems")) && json_is_integer(b) && (json_int_t)n > json_integer_value(b))
        return fail(c, "must have at most %lld items", (long long)json_integer_value(b));
    json_t *items = json_object_get(s, "items");
    if (items) {
        size_t i;
        json_t *item;
        json_array_foreach(v, i, item)
        {
            if (validate_child(c, items, item, NULL, i, depth) != 0)
                return -1;
        }
    }
    return 0;
}

static int validate_object(struct vctx *c, json_t *s, json_t *v, int depth)
{
    json_t *req = json_object_get(s, "required");
    size_t i;
    json_t *r;
    json_array_foreach(req, i, r)
    {
        if (json_is_string(r) && !json_object_get(v, json_string_value(r))) {
            size_t len = strlen(c->path);
            snprintf(c->path + len, sizeof c->path - len, "%s%s", len ? "." : "", json_string_value(r));
            return fail(c, "is required");
        }
    }
    json_t *props = json_object_get(s, "properties");
    json_t *ap = json_object_get(s, "additionalProperties");
    const char *k;
    json_t *val;
    json_object_foreach(v, k, val)
    {
        json_t *ps = json_object_get(props, k);
        if (ps) {
            if (validate_child(c, ps, val, k, 0, depth) != 0)
                return -1;
        } else if (json_is_false(ap)) {
            size_t len = strlen(c->path);
            snprintf(c->path + len, sizeof c->path - len, "%s%s", len ? "." : "", k);
            return fail(c, "is not a known property");
        } else if (json_is_object(ap)) {
            if (validate_child(c, ap, val, k, 0, depth) != 0)
                return -1;
        }
    }
    return 0;
}

/* allOf, anyOf, oneOf, not, if/then/else. */
static int validate_combined(struct vctx *c, json_t *s, json_t *v, int depth)
{
    char msg[256];
    size_t i;
    json_t *sub;
    json_array_foreach(json_object_get(s, "allOf"), i, sub)
    {
        if (validate(c, sub, v, depth + 1) != 0)
            return -1;
    }
    json_t *any = json_object_get(s, "anyOf");
    if (json_is_array(any)) {
        char first[256] = "";
        bool ok = false;
        json_array_foreach(any, i, sub)
        {
            if (try_branch(c, sub, v, depth, msg, sizeof msg) == 0) {
                ok = true;
                break;
            }
            if (i == 0)
                snprintf(first, sizeof first, "%s", msg);
        }
        if (!ok)
            return fail(c, "matches none of the allowed forms (first: %.180s)", first);
    }
    json_t *one = json_object_get(s, "oneOf");
    if (json_is_array(one)) {
        size_t matches = 0;
        json_array_foreach(one, i, sub) matches += try_branch(c, sub, v, depth, msg, sizeof msg) == 0;
        if (matches != 1)
            return fail(c, "must match exactly one of the allowed forms (matches %zu)", matches);
    }
    json_t *not = json_object_get(s, "not");
    if (not && try_branch(c, not, v, depth, msg, sizeof msg) == 0)
        return fail(c, "matches a form that is not allowed");
    json_t *cond = json_object_get(s, "if");
    if (cond) {
        json_t *next = json_object_get(s, try_branch(c, cond, v, depth, msg, sizeof msg) == 0 ? "then" : "else");
        if (next && validate(c, next, v, depth + 1) != 0)
            return -1;
    }
    return 0;
}

static int validate(struct vctx *c, json_t *s, json_t *v, int depth)
{
    if (depth > MAX_DEPTH)
        return fail(c, "nested too deeply");
    if (json_is_true(s))
        return 0;
    if (json_is_false(s))
        return fail(c, "is not allowed");
    if (!json_is_object(s))
        return 0;
    json_t *ref = json_object_get(s, "$ref");
    if (json_is_string(ref)) {
        json_t *target = resolve_ref(c->root, json_string_value(ref));
        if (target && validate(c, target, v, depth + 1) != 0)
            return -1;
    }
    if (validate_kind(c, s, v) != 0 || validate_scalar(c, s, v) != 0)
        return -1;
    if (json_is_array(v) && validate_array(c, s, v, depth) != 0)
        return -1;
    if (json_is_object(v) && validate_object(c, s, v, depth) != 0)
        return -1;
    return validate_combined(c, s, v, depth);
}

int mcp_validate(json_t *schema, json_t *value, char *err, size_t errlen)
{
    struct vctx c = {.root = schema, .err = err, .errlen = errlen};
    if (errlen)
        err[0] = '\0';
    if (!schema || !value)
        return fail(&c, "missing");
    return validate(&c, schema, value, 0);
}
