/* envelope.c - every shape HaloPSA wraps rows and records in, unwrapped in
 * one place: {key:[...]} lists, bare arrays, {} for no rows, and single
 * records that some tenants wrap as {key:[obj]}. */
#include "halo_int.h"

#include <pthread.h>
#include <strings.h>

static pthread_once_t empty_once = PTHREAD_ONCE_INIT;
static json_t *empty_rows;

static void make_empty(void) { empty_rows = json_array(); }

/* Borrowed member of o named key, compared exactly first and then without
 * case (HaloPSA is case-insensitive on the way in and not always
 * consistent on the way out). */
static json_t *member(json_t *o, const char *key)
{
    if (!key || !json_is_object(o))
        return NULL;
    json_t *v = json_object_get(o, key);
    if (v)
        return v;
    const char *k;
    json_object_foreach(o, k, v) {
        if (strcasecmp(k, key) == 0)
            return v;
    }
    return NULL;
}

/* A count HaloPSA sent as a real (21.0), clamped into int64_t: converting
 * 1e300 would be undefined (found by tests/fuzz/fuzz_project.c). */
static int64_t real_count(double d)
{
    if (d >= 9.2e18)
        return INT64_MAX;
    if (d <= -9.2e18)
        return INT64_MIN;
    return (int64_t)d;
}

json_t *halo_rows(json_t *resp, const char *key, int64_t *record_count)
{
    pthread_once(&empty_once, make_empty);
    json_t *rows = NULL;
    if (json_is_array(resp)) {
        rows = resp;
    } else if (json_is_object(resp)) {
        json_t *v = member(resp, key);
        if (json_is_array(v)) {
            rows = v;
        } else if (!v && member(resp, "record_count")) {
            /* A list envelope under a key we did not expect: its one array. */
            const char *k;
            json_t *x, *only = NULL;
            int arrays = 0;
            json_object_foreach(resp, k, x) {
                if (json_is_array(x))
                    arrays++, only = x;
            }
            if (arrays == 1)
                rows = only;
        }
    }
    if (!rows)
        rows = empty_rows;
    if (record_count) {
        json_t *rc = member(resp, "record_count");
        if (json_is_integer(rc))
            *record_count = json_integer_value(rc);
        else if (json_is_real(rc))
            *record_count = real_count(json_real_value(rc));
        else
            *record_count = (int64_t)json_array_size(rows);
    }
    return rows;
}

json_t *halo_record(json_t *resp, const char *key)
{
    if (json_is_object(resp)) {
        json_t *v = member(resp, key);
        if (!v)
            return resp;
        if (json_is_array(v)) {
            json_t *first = json_array_get(v, 0);
            return json_is_object(first) ? first : NULL;
        }
        if (json_is_object(v))
            return v;
        return resp;
    }
    if (json_is_array(resp)) {
        json_t *first = json_array_get(resp, 0);
        return json_is_object(first) ? first : NULL;
    }
    return NULL;
}
