/* query.c - query strings the way HaloPSA reads them: lowercase booleans,
 * comma-joined arrays, percent-encoded values, nulls left out. */
#include "halo_int.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void halo__urlencode(struct buf *b, const char *s)
{
    static const char hex[] = "0123456789ABCDEF";
    for (const unsigned char *p = (const unsigned char *)s; p && *p; p++) {
        if ((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') ||
            *p == '-' || *p == '.' || *p == '_' || *p == '~') {
            buf_append(b, p, 1);
        } else {
            char e[3] = {'%', hex[*p >> 4], hex[*p & 15]};
            buf_append(b, e, 3);
        }
    }
}

/* One scalar value, encoded; false when v has no query form. */
static bool add_scalar(struct buf *b, json_t *v)
{
    char tmp[64];
    switch (json_typeof(v)) {
    case JSON_STRING:
        halo__urlencode(b, json_string_value(v));
        return true;
    case JSON_INTEGER:
        snprintf(tmp, sizeof tmp, "%" JSON_INTEGER_FORMAT, json_integer_value(v));
        buf_appends(b, tmp);
        return true;
    case JSON_REAL: {
        double d = json_real_value(v);
        /* 21.0 is the id 21 (HaloPSA hands ids back as decimals). */
        if (d == floor(d) && fabs(d) < 9e15)
            snprintf(tmp, sizeof tmp, "%.0f", d);
        else
            snprintf(tmp, sizeof tmp, "%.15g", d);
        buf_appends(b, tmp);
        return true;
    }
    case JSON_TRUE:
        buf_appends(b, "true");
        return true;
    case JSON_FALSE:
        buf_appends(b, "false");
        return true;
    case JSON_OBJECT: {
        /* advanced_search and friends take JSON text. */
        char *s = json_dumps(v, JSON_COMPACT);
        halo__urlencode(b, s);
        free(s);
        return true;
    }
    default:
        return false;
    }
}

static bool has_structure(json_t *arr)
{
    size_t i;
    json_t *x;
    json_array_foreach(arr, i, x) {
        if (json_is_object(x) || json_is_array(x))
            return true;
    }
    return false;
}

void halo__build_query(struct buf *b, json_t *query)
{
    const char *k;
    json_t *v;
    if (!json_is_object(query))
        return;
    json_object_foreach(query, k, v) {
        if (json_is_null(v) || (json_is_array(v) && !json_array_size(v)))
            continue;
        if (b->len)
            buf_appends(b, "&");
        halo__urlencode(b, k);
        buf_appends(b, "=");
        if (json_is_array(v) && !has_structure(v)) {
            size_t i, n = 0;
            json_t *x;
            json_array_foreach(v, i, x) {
                if (json_is_null(x) || json_is_array(x))
                    continue;
                if (n++)
                    buf_appends(b, ",");
                add_scalar(b, x);
            }
        } else if (json_is_array(v)) {
            /* A list of objects is a JSON value (advanced_search), not a list. */
            char *s = json_dumps(v, JSON_COMPACT);
            halo__urlencode(b, s);
            free(s);
        } else {
            add_scalar(b, v);
        }
    }
}
