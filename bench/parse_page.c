/* parse_page.c - what reading a 50-ticket list page costs: jansson's whole
 * tree (what the list path did) against the projecting parse that keeps
 * only the row fields (src/halo/project.c, what it does now). The other
 * parsers considered (cJSON, json-c, simdjson) are measured on the same
 * page, saved with PARSE_PAGE_SAVE=FILE, by bench/floor/parse_others.c
 * and bench/floor/parse_simdjson.cc (their Debian -dev packages are not
 * dependencies of the project, so they are not built by make).
 * Prints a Markdown section. The page is the simulator's reply to
 * GET /api/Tickets?pageinate=true&page_size=50&page_no=1. */
#include "base/base.h"
#include "halo/halo.h"
#include "sim.h"
#include "testlib.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>


#define ITER 400

/* The fields halopsa_tickets_list shows (src/tools/tickets.c). */
static const char *const fields[] = {"id",          "summary",     "client_name",
                                     "status_name", "agent_name",  "team",
                                     "priority_id", "tickettype_name", "dateoccurred", NULL};

static double now_us(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1e6 + (double)ts.tv_nsec / 1e3;
}

static int cmp(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

typedef int (*parse_fn)(const char *body, size_t len);

static int with_jansson(const char *body, size_t len)
{
    json_t *doc = json_loadb(body, len, JSON_DECODE_ANY, NULL);
    int64_t rc;
    json_t *rows = halo_rows(doc, "tickets", &rc), *out = json_array(), *row;
    size_t i;
    json_array_foreach(rows, i, row) {
        json_t *o = json_object();
        for (int f = 0; fields[f]; f++) {
            json_t *v = json_object_get(row, fields[f]);
            if (v)
                json_object_set(o, fields[f], v);
        }
        json_array_append_new(out, o);
    }
    int n = (int)json_array_size(out);
    json_decref(out);
    json_decref(doc);
    return n;
}

static int with_projection(const char *body, size_t len)
{
    int64_t rc;
    json_t *rows = halo_project_rows(body, len, "tickets", fields, &rc, NULL, 0, NULL);
    int n = (int)json_array_size(rows);
    json_decref(rows);
    return n;
}

static void measure(const char *label, parse_fn fn, const char *body, size_t len)
{
    static double v[ITER];
    int rows = 0;
    for (int k = 0; k < 20; k++)
        rows = fn(body, len);
    for (int k = 0; k < ITER; k++) {
        double t0 = now_us();
        fn(body, len);
        v[k] = now_us() - t0;
    }
    qsort(v, ITER, sizeof v[0], cmp);
    double med = v[ITER / 2];
    printf("| %s | %d | %.0f (%.0f–%.0f) | %.0f |\n", label, rows, med, v[0], v[ITER - 1],
           (double)len / med);
}

int main(void)
{
    char base[128], url[256], form[256], auth[700], *tok = NULL, *body = NULL;
    base_init();
    log_set_level(LOG_ERROR);
    struct sim *s = tl_sim_start(base, sizeof base);
    snprintf(url, sizeof url, "%s/auth/token", base);
    snprintf(form, sizeof form, "grant_type=client_credentials&client_id=%s&client_secret=%s",
             SIM_DEMO_CLIENT_ID, SIM_DEMO_CLIENT_SECRET);
    tl_http("POST", url, form, "application/x-www-form-urlencoded", NULL, &tok);
    json_t *tj = tok ? json_loads(tok, 0, NULL) : NULL;
    snprintf(auth, sizeof auth, "Authorization: Bearer %s",
             json_string_value(json_object_get(tj, "access_token")) ?: "");
    const char *hdrs[] = {auth, NULL};
    snprintf(url, sizeof url, "%s/api/Tickets?pageinate=true&page_size=50&page_no=1", base);
    int st = tl_http("GET", url, NULL, NULL, hdrs, &body);
    if (st != 200 || !body) {
        fprintf(stderr, "parse_page: GET %s: %d\n", url, st);
        return 1;
    }
    size_t len = strlen(body);
    printf("\n## 7. Parsing one 50-ticket page (bench/parse_page.c)\n\n");
    printf("The simulator's %zu-byte reply to `GET /api/Tickets?pageinate=true&page_size=50&page_no=1`, "
           "parsed %d times in this process after 20 warm-ups; microseconds per parse (median, "
           "min–max) and MB/s. The jansson and projection rows end with the %d shown fields of each "
           "row.\n\n",
           len, ITER, 9);
    printf("| parser | rows | µs per page | MB/s |\n|---|---|---|---|\n");
    measure("jansson 2.14, whole tree + field cut (the list path before)", with_jansson, body, len);
    measure("projecting parse, src/halo/project.c (the list path now)", with_projection, body, len);
    FILE *f = getenv("PARSE_PAGE_SAVE") ? fopen(getenv("PARSE_PAGE_SAVE"), "w") : NULL;
    if (f) {
        fputs(body, f);
        fclose(f);
    }
    free(body);
    free(tok);
    json_decref(tj);
    sim_stop(s);
    return 0;
}
