/* data.c - what a POST does to a record before it is saved, driven by the
 * entity's row: unknown body fields dropped (Halo ignores them), ids
 * normalised, required fields and references checked with HaloPSA's 400
 * messages, defaults for a new record, then the entity's own rules. Also
 * Halo's date format and base64. */
#include "sim_int.h"

#include "base/base.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

int sim__fail(char *err, size_t errlen, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    if (errlen)
        vsnprintf(err, errlen, fmt, ap);
    va_end(ap);
    return -1;
}

bool sim__has_text(const json_t *rec, const char *k)
{
    const char *s = json_string_value(json_object_get(rec, k));
    if (!s)
        return false;
    while (*s == ' ' || *s == '\t' || *s == '\r' || *s == '\n')
        s++;
    return *s != '\0';
}

void sim__set_default(json_t *rec, const char *k, json_t *v)
{
    if (!json_object_get(rec, k))
        json_object_set_new(rec, k, v);
    else
        json_decref(v);
}

json_t *sim__find_by(struct sim_db *db, const char *table, const char *field, const char *name)
{
    size_t i;
    json_t *r;
    if (!name || !db)
        return NULL;
    json_array_foreach(sim__db_all(db, table), i, r) {
        const char *n = json_string_value(json_object_get(r, field));
        if (n && strcasecmp(n, name) == 0)
            return r;
    }
    return NULL;
}

/* Ids arrive as strings ("130") or decimals (21.0) as well as ints; the
 * store keeps them as ints. A Priority's "id" is its GUID (kept). */
static void normalise_ids(const struct sim_entity *e, json_t *rec)
{
    const char *k;
    json_t *v;
    void *tmp;
    json_object_foreach_safe(rec, tmp, k, v) {
        size_t n = strlen(k);
        bool idish = strcmp(k, "id") == 0 || (n > 3 && strcmp(k + n - 3, "_id") == 0) ||
                     strcmp(k, "new_status") == 0 || strcmp(k, "who_agentid") == 0 ||
                     strncmp(k, "categoryid_", 11) == 0 || strcmp(k, "priorityid") == 0 ||
                     strcmp(k, "slaid") == 0;
        json_int_t x;
        if (!idish || json_is_integer(v))
            continue;
        if (strcmp(k, "id") == 0 && strcmp(e->name, "Priority") == 0)
            continue;
        if ((json_is_string(v) || json_is_real(v)) && sim__as_int(v, &x))
            json_object_set_new(rec, k, json_integer(x));
    }
}

/* Halo ignores body fields it does not know ("status" for "status_id"):
 * they are not saved and do not come back. */
static void drop_unknown(const struct sim_entity *e, json_t *rec)
{
    const char *k;
    json_t *v;
    void *tmp;
    json_object_foreach_safe(rec, tmp, k, v) {
        (void)v;
        if (!sim__known_field(e->name, k))
            json_object_del(rec, k);
    }
}

static int check_refs(struct sim_db *db, const struct sim_entity *e, json_t *rec, bool is_new,
                      char *err, size_t errlen)
{
    for (const struct sim_required *r = e->required; r && r->field; r++)
        if (is_new && !sim__has_text(rec, r->field))
            return sim__fail(err, errlen, "%s", r->message);
    for (const struct sim_ref *r = e->refs; r && r->field; r++) {
        json_int_t v = 0;
        bool set = sim__as_int(json_object_get(rec, r->field), &v) && v > 0;
        if (!set) {
            if (r->required && (is_new || !r->on_create_only))
                return sim__fail(err, errlen, "%s is required (%s)", r->required, r->field);
            continue;
        }
        if (!sim__db_get(db, r->table, v))
            return sim__fail(err, errlen, "%s %lld does not exist", r->what, (long long)v);
    }
    return 0;
}

/* A new record gets the row's defaults for what was not sent. */
static void apply_defaults(const struct sim_entity *e, json_t *rec)
{
    json_t *defs = e->defaults ? json_loads(e->defaults, 0, NULL) : NULL;
    const char *k;
    json_t *v;
    json_object_foreach(defs, k, v) {
        if (json_is_string(v) && strcmp(json_string_value(v), "$now") == 0) {
            char now[32];
            sim__set_default(rec, k, json_string(sim__format_date(now, base_wall_ms())));
        } else {
            sim__set_default(rec, k, json_deep_copy(v));
        }
    }
    json_decref(defs);
}

int sim__complete(struct sim_db *db, const char *entity, json_t *rec, bool is_new, char *err,
                  size_t errlen)
{
    const struct sim_entity *e = sim__entity(entity);
    if (errlen)
        err[0] = '\0';
    if (!e)
        return sim__fail(err, errlen, "No such resource: %s", entity);
    if (!json_is_object(rec))
        return sim__fail(err, errlen, "The record must be a JSON object");
    normalise_ids(e, rec);
    drop_unknown(e, rec);
    if (check_refs(db, e, rec, is_new, err, errlen) != 0)
        return -1;
    if (is_new)
        apply_defaults(e, rec);
    return e->complete ? e->complete(db, rec, is_new, err, errlen) : 0;
}

/* ---- dates ---- */

/* Returns out (borrowed). */
char *sim__format_date(char *out, int64_t ms)
{
    time_t secs = (time_t)(ms >= 0 ? ms / 1000 : (ms - 999) / 1000);
    int frac = (int)(ms - (int64_t)secs * 1000);
    struct tm tm;
    if (!gmtime_r(&secs, &tm)) {
        snprintf(out, 32, "%s", SIM_DATE_UNSET);
        return out;
    }
    int n = (int)strftime(out, 32, "%Y-%m-%dT%H:%M:%S", &tm);
    if (frac > 0) {
        /* .NET prints up to 3 digits and drops trailing zeros. */
        char f[16];
        snprintf(f, sizeof f, ".%03d", frac);
        size_t l = strlen(f);
        while (l > 1 && f[l - 1] == '0')
            f[--l] = '\0';
        snprintf(out + n, (size_t)(32 - n), "%s", f);
    }
    return out;
}

int sim__parse_date(const char *s, int64_t *ms)
{
    int y, mo, d, h = 0, mi = 0, sec = 0;
    int n = 0;
    if (!s || sscanf(s, "%4d-%2d-%2d%n", &y, &mo, &d, &n) != 3)
        return -1;
    const char *p = s + n;
    int frac = 0;
    if (*p == 'T' || *p == ' ') {
        int m = 0;
        if (sscanf(p + 1, "%2d:%2d%n", &h, &mi, &m) != 2)
            return -1;
        p += 1 + m;
        if (*p == ':') {
            m = 0;
            if (sscanf(p + 1, "%2d%n", &sec, &m) != 1)
                return -1;
            p += 1 + m;
            if (*p == '.') {
                int digits = 0;
                p++;
                while (*p >= '0' && *p <= '9') {
                    if (digits < 3) {
                        frac = frac * 10 + (*p - '0');
                        digits++;
                    }
                    p++;
                }
                while (digits > 0 && digits < 3) {
                    frac *= 10;
                    digits++;
                }
            }
        }
    }
    if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || sec > 60)
        return -1;
    struct tm tm = {0};
    tm.tm_year = y - 1900;
    tm.tm_mon = mo - 1;
    tm.tm_mday = d;
    tm.tm_hour = h;
    tm.tm_min = mi;
    tm.tm_sec = sec;
    *ms = (int64_t)timegm(&tm) * 1000 + frac;
    return 0;
}

/* ---- base64 ---- */

static const char b64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

char *sim__b64_encode(const unsigned char *p, size_t n)
{
    char *out = xmalloc((n + 2) / 3 * 4 + 1), *o = out;
    for (size_t i = 0; i < n; i += 3) {
        unsigned v = (unsigned)p[i] << 16 | (i + 1 < n ? (unsigned)p[i + 1] << 8 : 0) |
                     (i + 2 < n ? p[i + 2] : 0);
        *o++ = b64[v >> 18 & 63];
        *o++ = b64[v >> 12 & 63];
        *o++ = i + 1 < n ? b64[v >> 6 & 63] : '=';
        *o++ = i + 2 < n ? b64[v & 63] : '=';
    }
    *o = '\0';
    return out;
}

int sim__b64_decode(const char *s, unsigned char **out, size_t *len)
{
    size_t n = strlen(s), k = 0, pad = 0;
    unsigned char *buf = xmalloc(n / 4 * 3 + 4);
    unsigned v = 0;
    int bits = 0;
    for (size_t i = 0; i < n; i++) {
        char ch = s[i];
        const char *at;
        if (ch == ' ' || ch == '\n' || ch == '\r' || ch == '\t')
            continue;
        if (ch == '=') {
            pad++;
            continue;
        }
        if (pad || !(at = strchr(b64, ch)) || !ch)
            goto bad; /* data after padding, or not base64 */
        v = v << 6 | (unsigned)(at - b64);
        bits += 6;
        if (bits >= 8) {
            bits -= 8;
            buf[k++] = (unsigned char)(v >> bits & 0xff);
        }
    }
    if (pad > 2 || bits >= 6)
        goto bad;
    buf[k] = '\0';
    *out = buf;
    *len = k;
    return 0;
bad:
    free(buf);
    return -1;
}
