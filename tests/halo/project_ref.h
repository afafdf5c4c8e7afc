/* project_ref.h - what halo_project_rows must equal, computed the slow
 * way: jansson's whole tree, halo_rows(), each row cut to the fields.
 * Shared by tests/halo/test_project.c and tests/fuzz/fuzz_project.c. */
#ifndef HALOPSA_PROJECT_REF_H
#define HALOPSA_PROJECT_REF_H

#include "halo/halo.h"

#include <jansson.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* New array, or NULL when jansson refuses body; a blank body is an empty
 * list (as the client treats it). */
static inline json_t *project_ref(const char *body, size_t len, const char *key,
                                  const char *const *fields, int64_t *rc)
{
    size_t i = 0;
    while (i < len && (body[i] == ' ' || body[i] == '\n' || body[i] == '\r' || body[i] == '\t'))
        i++;
    if (i == len) {
        *rc = 0;
        return json_array();
    }
    json_error_t je;
    json_t *doc = json_loadb(body, len, JSON_DECODE_ANY, &je);
    if (!doc)
        return NULL;
    json_t *rows = halo_rows(doc, key, rc), *out = json_array(), *row;
    json_array_foreach(rows, i, row) {
        json_t *o = json_object();
        for (size_t f = 0; fields && fields[f]; f++) {
            json_t *v = json_object_get(row, fields[f]);
            if (v)
                json_object_set(o, fields[f], v);
        }
        json_array_append_new(out, o);
    }
    json_decref(doc);
    return out;
}

/* Compares halo_project_rows with project_ref on one input; returns NULL
 * when they agree, else a static description of the difference. */
static inline const char *project_differs(const char *body, size_t len, const char *key,
                                          const char *const *fields)
{
    static __thread char msg[256];
    int64_t rc_ref = -7, rc_got = -7;
    char why[160] = "";
    json_t *ref = project_ref(body, len, key, fields, &rc_ref);
    json_t *got = halo_project_rows(body, len, key, fields, &rc_got, why, sizeof why, NULL);
    const char *res = NULL;
    if (!ref != !got) {
        snprintf(msg, sizeof msg, "%s accepts what %s refuses (%s)", ref ? "jansson" : "projection",
                 ref ? "projection" : "jansson", why);
        res = msg;
    } else if (ref && (!json_equal(ref, got) || rc_ref != rc_got)) {
        snprintf(msg, sizeof msg, "different rows or record_count (%lld vs %lld)",
                 (long long)rc_ref, (long long)rc_got);
        res = msg;
    }
    json_decref(ref);
    json_decref(got);
    return res;
}

#endif
