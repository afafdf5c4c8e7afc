/* args.c - argument tables at work: the JSON Schema of a tool's input (and
 * output) generated from its rows, whole-number reals turned into integers
 * at the boundary, and the arguments sent to HaloPSA as query parameters
 * or body fields by kind (names resolved, dates normalised, minutes made
 * hours), the items of a list argument by their own rows. */
#include "fw_int.h"

#include "base/base.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The model speaks in minutes; HaloPSA's Actions.timetaken (and a
 * timesheet event's) is taken to be in hours: RED, CK (minutes / 60),
 * DavidS-GPC and the web UI's own payload (HAPI#66, 0.0028 h) say hours,
 * ATT and WYRE say minutes (halopsa-api.md §4, §9.2). Every tool converts
 * through this one constant: were a tenant to prove it minutes, it becomes
 * 1.0 and nothing else changes. */
#define MINUTES_PER_TIMETAKEN_UNIT 60.0

const struct tools_arg tools__field_values[] = {
    {"id", TOOLS_A_REF, "The field: its id, or its name (CF...) or label:", TOOLS_REQUIRED, NULL,
     TOOLS_REF_FIELD},
    {"value", TOOLS_A_ANY, "The value to set"},
    {NULL},
};

const char *tools__param(const struct tools_arg *a)
{
    return a->param ? a->param : a->name;
}

double tools__minutes_to_hours(double minutes)
{
    return minutes / MINUTES_PER_TIMETAKEN_UNIT;
}

bool tools__whole(double d, json_int_t *out)
{
    /* 2^63 is exact in a double; anything from there on does not fit. */
    if (!isfinite(d) || d != floor(d) || d < -9223372036854775808.0 ||
        d >= 9223372036854775808.0)
        return false;
    *out = (json_int_t)d;
    return true;
}

/* ------------------------------------------------------------------ */
/* Schemas                                                             */

static size_t count_args(const struct tools_arg *args, long n)
{
    size_t k = 0;
    if (n >= 0)
        return (size_t)n;
    while (args && args[k].name)
        k++;
    return k;
}

/* A bound of a range as a JSON number (integer when whole). New. */
static json_t *bound(const char *s)
{
    double d = strtod(s, NULL);
    json_int_t i;
    return tools__whole(d, &i) ? json_integer(i) : json_real(d);
}

/* "1..100", "0..", "..5" into minimum/maximum of p. */
static void put_range(json_t *p, const char *range)
{
    const char *dots = range ? strstr(range, "..") : NULL;
    if (!dots)
        return;
    if (dots > range)
        json_object_set_new(p, "minimum", bound(range));
    if (dots[2])
        json_object_set_new(p, "maximum", bound(dots + 2));
}

static json_t *types(const char *a, const char *b, const char *c)
{
    json_t *t = json_array();
    json_array_append_new(t, json_string(a));
    json_array_append_new(t, json_string(b));
    if (c)
        json_array_append_new(t, json_string(c));
    return t;
}

/* The description a model reads: the row's, plus what the kind implies.
 * New string. */
static char *describe(const struct tools_arg *a)
{
    struct buf b = {0};
    buf_appends(&b, a->description ? a->description : "");
    switch (a->kind) {
    case TOOLS_A_REF:
        buf_appends(&b, " id, or its name (case-insensitive, a unique prefix is enough)");
        break;
    case TOOLS_A_REFS:
        buf_appends(&b, " id, or its name (case-insensitive, a unique prefix is enough); "
                        "several as a list");
        break;
    case TOOLS_A_MINUTES:
        buf_appends(&b, ", in minutes");
        break;
    default:
        break;
    }
    if (a->scope)
        buf_printf(&b, "; a name is looked up within the client given in '%s'", a->scope);
    if (a->dflt)
        buf_printf(&b, " (default %s)", a->dflt);
    if (a->implies)
        buf_printf(&b, "; true implies %s", a->implies);
    return buf_steal(&b);
}

static json_t *prop_schema(const struct tools_arg *a, bool input)
{
    json_t *p = json_object();
    switch (a->kind) {
    case TOOLS_A_STRING:
    case TOOLS_A_SEARCH:
    case TOOLS_A_DATE_FROM:
    case TOOLS_A_DATE_TO:
        json_object_set_new(p, "type", json_string("string"));
        if (a->flags & TOOLS_NONEMPTY)
            json_object_set_new(p, "minLength", json_integer(1));
        break;
    case TOOLS_A_ENUM:
    case TOOLS_A_CHOICE: {
        json_t *e = json_array();
        size_t step = a->kind == TOOLS_A_CHOICE ? 2 : 1;
        for (size_t i = 0; a->values && a->values[i]; i += step)
            json_array_append_new(e, json_string(a->values[i]));
        json_object_set_new(p, "type", json_string("string"));
        json_object_set_new(p, "enum", e);
        break;
    }
    case TOOLS_A_BOOL:
    case TOOLS_A_FLAG:
        json_object_set_new(p, "type", json_string("boolean"));
        break;
    case TOOLS_A_INT:
        json_object_set_new(p, "type", json_string("integer"));
        put_range(p, a->range);
        break;
    case TOOLS_A_NUMBER:
    case TOOLS_A_MINUTES:
        json_object_set_new(p, "type", json_string("number"));
        put_range(p, a->range);
        break;
    case TOOLS_A_REF:
    case TOOLS_A_ID_OR_TEXT:
        json_object_set_new(p, "type", types("integer", "string", NULL));
        break;
    case TOOLS_A_REFS:
        json_object_set_new(p, "type", types("integer", "string", "array"));
        json_object_set_new(p, "items",
                            json_pack("{s:o}", "type", types("integer", "string", NULL)));
        break;
    case TOOLS_A_STRINGS:
        json_object_set_new(p, "type", json_string("array"));
        json_object_set_new(p, "items", json_pack("{s:s}", "type", "string"));
        break;
    case TOOLS_A_OBJECT:
        if (a->items) {
            json_decref(p);
            p = tools__schema(a->items, -1, true);
        } else {
            json_object_set_new(p, "type", json_string("object"));
        }
        break;
    case TOOLS_A_LIST:
        json_object_set_new(p, "type", json_string("array"));
        if (a->flags & TOOLS_NAMES_OK)
            json_object_set_new(p, "items",
                                json_pack("{s:o}", "type", types("string", "object", NULL)));
        else if (a->items)
            json_object_set_new(p, "items", tools__schema(a->items, -1, false));
        else
            json_object_set_new(p, "items", json_pack("{s:s}", "type", "object"));
        break;
    case TOOLS_A_ANY:
        break;
    }
    if (input || a->description) {
        char *d = describe(a);
        if (*d)
            json_object_set_new(p, "description", json_string(d));
        free(d);
    }
    return p;
}

json_t *tools__schema(const struct tools_arg *args, long n, bool input)
{
    size_t k = count_args(args, n);
    json_t *props = json_object(), *req = json_array();
    for (size_t i = 0; i < k; i++) {
        json_object_set_new(props, args[i].name, prop_schema(&args[i], input));
        if (args[i].flags & TOOLS_REQUIRED)
            json_array_append_new(req, json_string(args[i].name));
    }
    json_t *s = json_pack("{s:s, s:o}", "type", "object", "properties", props);
    if (json_array_size(req))
        json_object_set_new(s, "required", req);
    else
        json_decref(req);
    if (input)
        json_object_set_new(s, "additionalProperties", json_false());
    return s;
}

/* ------------------------------------------------------------------ */
/* Whole-number reals                                                  */

/* v, member key (or element index) of container, as an integer when it is
 * a real. 0, or -1 when it is not a whole number within range. */
static int to_int(json_t *container, const char *key, size_t index, json_t *v)
{
    json_int_t n;
    if (!json_is_real(v))
        return 0;
    if (!tools__whole(json_real_value(v), &n))
        return -1;
    if (key)
        json_object_set_new(container, key, json_integer(n));
    else
        json_array_set_new(container, index, json_integer(n));
    return 0;
}

static bool integer_kind(enum tools_arg_kind k)
{
    return k == TOOLS_A_INT || k == TOOLS_A_REF || k == TOOLS_A_REFS || k == TOOLS_A_ID_OR_TEXT;
}

/* Normalises obj (modified) against table; on failure names the argument
 * in *bad and its value in *val. */
static int normalize_obj(json_t *obj, const struct tools_arg *table, size_t n, const char **bad,
                         double *val)
{
    for (size_t i = 0; i < n; i++) {
        const struct tools_arg *a = &table[i];
        json_t *v = json_object_get(obj, a->name);
        if (!v)
            continue;
        *bad = a->name;
        *val = json_number_value(v);
        if (integer_kind(a->kind) && to_int(obj, a->name, 0, v) != 0)
            return -1;
        if (a->kind == TOOLS_A_REFS && json_is_array(v)) {
            for (size_t j = 0; j < json_array_size(v); j++) {
                *val = json_number_value(json_array_get(v, j));
                if (to_int(v, NULL, j, json_array_get(v, j)) != 0)
                    return -1;
            }
        }
        if (a->kind == TOOLS_A_LIST && a->items && json_is_array(v)) {
            size_t j;
            json_t *item;
            json_array_foreach(v, j, item) {
                const char *inner;
                if (json_is_object(item) &&
                    normalize_obj(item, a->items, count_args(a->items, -1), &inner, val) != 0)
                    return -1;
            }
        }
    }
    return 0;
}

int tools__normalize(struct tools_call *c, json_t *args)
{
    const char *bad = NULL;
    double val = 0;
    if (normalize_obj(args, c->tool->args, c->tool->nargs, &bad, &val) == 0)
        return 0;
    tools__fail(c, "argument '%s': %g is not a whole number a 64-bit integer can hold (from "
                   "-9223372036854775808 to 9223372036854775807)",
                bad ? bad : "?", val);
    return -1;
}

/* ------------------------------------------------------------------ */
/* Values for HaloPSA                                                  */

/* Accepts "YYYY-MM-DD" or "YYYY-MM-DDTHH:MM[:SS]" and writes HaloPSA's
 * zone-less form; a bare end date means the end of that day. 0 or -1. */
static int norm_date(const char *in, bool end, char *out, size_t outlen)
{
    int y, mo, d, h = 0, mi = 0, s = 0, n = 0;
    if (!in || sscanf(in, "%4d-%2d-%2d%n", &y, &mo, &d, &n) != 3 || mo < 1 || mo > 12 || d < 1 ||
        d > 31)
        return -1;
    if (in[n] == '\0') {
        if (end) {
            h = 23;
            mi = 59;
            s = 59;
        }
    } else {
        int m = 0;
        if ((in[n] != 'T' && in[n] != ' ') || sscanf(in + n + 1, "%2d:%2d%n", &h, &mi, &m) != 2)
            return -1;
        if (in[n + 1 + m] == ':' && sscanf(in + n + 2 + m, "%2d", &s) != 1)
            return -1;
        if (h > 23 || mi > 59 || s > 59)
            return -1;
    }
    snprintf(out, outlen, "%04d-%02d-%02dT%02d:%02d:%02d", y, mo, d, h, mi, s);
    return 0;
}

int tools__date(struct tools_call *c, const char *arg, json_t *v, bool end, char *buf, size_t len)
{
    if (norm_date(json_string_value(v), end, buf, len) == 0)
        return 0;
    tools__fail(c, "argument '%s': expected a date such as 2026-09-01 or 2026-09-01T13:30", arg);
    return -1;
}

void tools__put_pair(json_t *out, const char *pair)
{
    const char *eq = strchr(pair, '=');
    if (!eq)
        return;
    char *key = xstrndup(pair, (size_t)(eq - pair));
    json_object_set_new(out, key, json_string(eq + 1));
    free(key);
}

/* One reference (or each of a list) to ids. New reference, or NULL with
 * c->error. */
static json_t *resolve_value(struct tools_call *c, const struct tools_arg *a, json_t *v)
{
    json_int_t scope = 0, id;
    if (a->scope)
        scope = json_integer_value(json_object_get(c->resolved, a->scope));
    if (a->kind == TOOLS_A_REF || !json_is_array(v)) {
        if (tools__resolve(c, a->ref, a->name, v, scope, &id) != 0)
            return NULL;
        if (a->kind == TOOLS_A_REF) {
            if (!c->resolved)
                c->resolved = json_object();
            json_object_set_new(c->resolved, a->name, json_integer(id));
            return json_integer(id);
        }
        return json_pack("[I]", id);
    }
    json_t *ids = json_array();
    size_t i;
    json_t *item;
    json_array_foreach(v, i, item) {
        if (tools__resolve(c, a->ref, a->name, item, scope, &id) != 0) {
            json_decref(ids);
            return NULL;
        }
        json_array_append_new(ids, json_integer(id));
    }
    return ids;
}

/* A reference HaloPSA takes by name: the name as HaloPSA spells it. New,
 * or NULL with c->error. */
static json_t *name_value(struct tools_call *c, const struct tools_arg *a, json_t *v)
{
    json_int_t scope = 0;
    char *name = NULL;
    if (a->scope)
        scope = json_integer_value(json_object_get(c->resolved, a->scope));
    if (tools__resolve_name(c, a->ref, a->name, v, scope, &name) != 0)
        return NULL;
    json_t *out = json_string(name);
    free(name);
    return out;
}

/* Each object item of a list put by the item rows (a reference in an item
 * resolved like an argument; members the rows do not name kept as they
 * are), other items as they are. New, or NULL with c->error. */
static json_t *list_value(struct tools_call *c, const struct tools_arg *a, json_t *v)
{
    json_t *out = json_array();
    size_t i;
    json_t *item;
    json_array_foreach(v, i, item) {
        if (!json_is_object(item)) {
            json_array_append(out, item);
            continue;
        }
        json_t *put = json_copy(item);
        for (const struct tools_arg *r = a->items; r->name; r++) {
            if (strcmp(tools__param(r), r->name) != 0)
                json_object_del(put, r->name);
        }
        if (tools__put(c, a->items, -1, item, put) != 0) {
            /* Say which item: "argument 'id'" alone would read as the tool's id. */
            json_t *err = tools__take_error(c);
            const char *why = json_string_value(json_object_get(
                json_array_get(json_object_get(err, "content"), 0), "text"));
            tools__fail(c, "argument '%s', item %zu: %s", a->name, i + 1, why ? why : "invalid");
            json_decref(err);
            json_decref(put);
            json_decref(out);
            return NULL;
        }
        json_array_append_new(out, put);
    }
    return out;
}

/* The value a (present in args as v) sends, new reference; NULL when it
 * sends nothing, with c->error set when that is a failure. */
static json_t *value_for(struct tools_call *c, const struct tools_arg *a, json_t *v)
{
    char date[32];
    const struct tools_entity *e = c->tool ? c->tool->entity : NULL;
    switch (a->kind) {
    case TOOLS_A_SEARCH:
        if (e && (e->flags & TOOLS_E_LOCAL_SEARCH))
            return NULL;
        /* fall through */
    case TOOLS_A_STRING:
        /* An empty string is no value: no filter in a query, and in a body
         * it would wipe the field (a model fills optional text with "";
         * "record" can still send one on purpose). */
        if (json_is_string(v) && !*json_string_value(v))
            return NULL;
        return json_incref(v);
    case TOOLS_A_FLAG:
        return json_is_true(v) ? json_true() : NULL;
    case TOOLS_A_MINUTES:
        return json_real(tools__minutes_to_hours(json_number_value(v)));
    case TOOLS_A_DATE_FROM:
    case TOOLS_A_DATE_TO:
        if (tools__date(c, a->name, v, a->kind == TOOLS_A_DATE_TO, date, sizeof date) != 0)
            return NULL;
        return json_string(date);
    case TOOLS_A_REFS:
        if (json_is_array(v) && json_array_size(v) == 0)
            return NULL; /* an empty list is no filter */
        return resolve_value(c, a, v);
    case TOOLS_A_REF:
        if (a->flags & TOOLS_AS_NAME)
            return name_value(c, a, v);
        return resolve_value(c, a, v);
    case TOOLS_A_LIST:
        if (a->items && json_is_array(v))
            return list_value(c, a, v);
        return json_incref(v);
    case TOOLS_A_CHOICE:
        return NULL; /* put() sends the pair the value maps to */
    default:
        return json_incref(v);
    }
}

/* CHOICE: the "param=value" the given value maps to, or NULL. */
static const char *choice_pair(const struct tools_arg *a, json_t *v)
{
    const char *s = json_string_value(v);
    for (size_t i = 0; s && a->values && a->values[i]; i += 2) {
        if (strcmp(a->values[i], s) == 0)
            return a->values[i + 1];
    }
    return NULL;
}

static int put_one(struct tools_call *c, const struct tools_arg *a, json_t *args, json_t *out)
{
    json_t *v = json_object_get(args, a->name);
    if ((a->flags & TOOLS_LOCAL) || !v || json_is_null(v))
        return 0;
    if (a->kind == TOOLS_A_CHOICE) {
        const char *pair = choice_pair(a, v);
        if (pair)
            tools__put_pair(out, pair);
    } else {
        json_t *sent = value_for(c, a, v);
        if (!sent)
            return c->error ? -1 : 0;
        json_object_set_new(out, tools__param(a), sent);
    }
    if (a->also)
        tools__put_pair(out, a->also);
    return 0;
}

/* The argument of table sending field (its name for messages). */
static const char *arg_sending(const struct tools_arg *table, size_t k, const char *field)
{
    for (size_t i = 0; i < k; i++) {
        if (strcmp(tools__param(&table[i]), field) == 0)
            return table[i].name;
    }
    return field;
}

/* What a true boolean implies ("sendemail" implies hiddenfromuser=false):
 * the implied value unless given, a refusal when given otherwise. */
static int put_implied(struct tools_call *c, const struct tools_arg *table, size_t k,
                       json_t *args, json_t *out)
{
    for (size_t i = 0; i < k; i++) {
        const struct tools_arg *a = &table[i];
        const char *eq = a->implies ? strchr(a->implies, '=') : NULL;
        if (!eq || !json_is_true(json_object_get(args, a->name)))
            continue;
        char *field = xstrndup(a->implies, (size_t)(eq - a->implies));
        json_t *want = json_loads(eq + 1, JSON_DECODE_ANY, NULL);
        json_t *have = json_object_get(out, field);
        int rc = 0;
        if (!want)
            want = json_string(eq + 1);
        if (have && !json_equal(have, want)) {
            const char *other = arg_sending(table, k, field);
            tools__fail(c, "arguments '%s' and '%s' contradict each other: %s true needs %s %s "
                           "(leave '%s' out, or set '%s' to false)",
                        a->name, other, a->name, other, eq + 1, other, a->name);
            rc = -1;
        } else if (!have) {
            json_object_set(out, field, want);
        }
        json_decref(want);
        free(field);
        if (rc)
            return -1;
    }
    return 0;
}

int tools__put(struct tools_call *c, const struct tools_arg *table, long n, json_t *args,
               json_t *out)
{
    size_t k = count_args(table, n);
    /* References scoped by another argument (a site within a client) go
     * second, when the id they depend on is known. */
    for (int pass = 0; pass < 2; pass++) {
        for (size_t i = 0; i < k; i++) {
            if ((table[i].scope != NULL) != (pass == 1))
                continue;
            if (put_one(c, &table[i], args, out) != 0)
                return -1;
        }
    }
    return put_implied(c, table, k, args, out);
}

int tools__put_all(struct tools_call *c, json_t *args, json_t *out)
{
    return tools__put(c, c->tool->args, (long)c->tool->nargs, args, out);
}
