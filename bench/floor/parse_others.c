/* parse_others.c - the same 50-ticket page through cJSON and json-c, the
 * parsers from Debian considered for issue 17 (whole trees; a list needs
 * ~9 fields of each row). Not built by make (their -dev packages are not
 * project dependencies):
 *   apt-get install libcjson-dev libjson-c-dev
 *   PARSE_PAGE_SAVE=/tmp/page.json build/release/bench/parse_page
 *   cc -O2 bench/floor/parse_others.c -lcjson -ljson-c -o /tmp/parse_others
 *   /tmp/parse_others /tmp/page.json */
#include <cjson/cJSON.h>
#include <json-c/json.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define ITER 400

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

static int with_cjson(const char *body, size_t len)
{
    cJSON *doc = cJSON_ParseWithLength(body, len);
    int n = cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(doc, "tickets"));
    cJSON_Delete(doc);
    return n;
}

static int with_jsonc(const char *body, size_t len)
{
    struct json_tokener *t = json_tokener_new();
    struct json_object *doc = json_tokener_parse_ex(t, body, (int)len), *rows = NULL;
    json_object_object_get_ex(doc, "tickets", &rows);
    int n = (int)json_object_array_length(rows);
    json_object_put(doc);
    json_tokener_free(t);
    return n;
}

static void measure(const char *label, int (*fn)(const char *, size_t), const char *body,
                    size_t len)
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
    printf("| %s | %d | %.0f (%.0f–%.0f) | %.0f |\n", label, rows, v[ITER / 2], v[0],
           v[ITER - 1], (double)len / v[ITER / 2]);
}

int main(int argc, char **argv)
{
    static char body[4 << 20];
    FILE *f = argc > 1 ? fopen(argv[1], "r") : NULL;
    size_t len = f ? fread(body, 1, sizeof body - 1, f) : 0;
    if (f)
        fclose(f);
    if (!len) {
        fprintf(stderr, "usage: parse_others PAGE.json\n");
        return 2;
    }
    measure("cJSON 1.7.15, whole tree", with_cjson, body, len);
    measure("json-c 0.16, whole tree", with_jsonc, body, len);
    return 0;
}
