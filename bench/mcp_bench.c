/* mcp_bench.c - measures what users feel: start-up, memory, token cost of
 * tool lists and results, per-call overhead, and scale, for halopsa-mcp and
 * for the reference server written with the official TypeScript SDK
 * (bench/reference/server.mjs). Prints Markdown sections on stdout; run
 * through bench/run.sh, which writes bench/RESULTS.md. */
#include "base/base.h"
#include "sim.h"
#include "testlib.h"
#include "tools/tools.h"

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define RUNS 15

static char base_url[64];
static char token[512];

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static double median(double *v, int n)
{
    qsort(v, (size_t)n, sizeof v[0], cmp_double);
    return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

static double now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

/* Peak resident set (VmHWM) of a process in KiB, or -1. */
static long peak_rss_kb(pid_t pid)
{
    char path[64], *text, *p;
    long kb = -1;
    snprintf(path, sizeof path, "/proc/%d/status", (int)pid);
    text = tl_read_file(path);
    if (text && (p = strstr(text, "VmHWM:")) != NULL)
        kb = strtol(p + 6, NULL, 10);
    free(text);
    return kb;
}

/* ---- servers under test -------------------------------------------- */

struct server {
    const char *label;
    char *argv[4];
};

static int start(struct tl_proc *p, const struct server *s, const char *mode)
{
    char url_env[128], mode_env[64], id_env[128], secret_env[128];
    snprintf(url_env, sizeof url_env, "HALOPSA_BASE_URL=%s", base_url);
    snprintf(mode_env, sizeof mode_env, "HALOPSA_TOOL_MODE=%s", mode ? mode : "tree");
    snprintf(id_env, sizeof id_env, "HALOPSA_CLIENT_ID=%s", SIM_DEMO_CLIENT_ID);
    snprintf(secret_env, sizeof secret_env, "HALOPSA_CLIENT_SECRET=%s", SIM_DEMO_CLIENT_SECRET);
    char *env[] = {url_env, mode_env, id_env, secret_env, "HALOPSA_RATE_LIMIT=1000000/1",
                   "HALOPSA_LOG_LEVEL=error", "ASAN_OPTIONS=", NULL};
    return tl_spawn(p, s->argv, env);
}

/* Bytes of the JSON-RPC reply line to a request. */
static size_t rpc_bytes(struct tl_proc *p, const char *method, json_t *params, json_t **out)
{
    long id = p->next_id++;
    json_t *req = json_pack("{s:s,s:I,s:s}", "jsonrpc", "2.0", "id", (json_int_t)id, "method", method);
    if (params)
        json_object_set_new(req, "params", params);
    tl_send_json(p, req);
    json_decref(req);
    for (;;) {
        char *line = tl_recv_line(p, 60000);
        if (!line)
            return 0;
        json_t *msg = json_loads(line, 0, NULL);
        json_t *mid = json_object_get(msg, "id");
        if (json_is_integer(mid) && json_integer_value(mid) == id) {
            size_t n = strlen(line);
            free(line);
            if (out)
                *out = msg;
            else
                json_decref(msg);
            return n;
        }
        free(line);
        json_decref(msg);
    }
}

static size_t list_all_bytes(struct tl_proc *p, int *count)
{
    size_t total = 0;
    char *cursor = NULL;
    *count = 0;
    for (int guard = 0; guard < 50; guard++) {
        json_t *resp = NULL;
        json_t *params = cursor ? json_pack("{s:s}", "cursor", cursor) : json_object();
        free(cursor);
        cursor = NULL;
        total += rpc_bytes(p, "tools/list", params, &resp);
        json_t *result = json_object_get(resp, "result");
        *count += (int)json_array_size(json_object_get(result, "tools"));
        const char *next = json_string_value(json_object_get(result, "nextCursor"));
        if (next)
            cursor = xstrdup(next);
        json_decref(resp);
        if (!cursor)
            break;
    }
    return total;
}

static size_t call_bytes(struct tl_proc *p, const char *tool, json_t *args, json_t **out)
{
    return rpc_bytes(p, "tools/call", json_pack("{s:s,s:o}", "name", tool, "arguments", args), out);
}

/* Spawn → initialize result, in ms; leaves the process initialized. */
static double spawn_init(struct tl_proc *p, const struct server *s, const char *mode)
{
    double t0 = now_ms();
    if (start(p, s, mode) != 0)
        return -1;
    json_t *r = tl_initialize(p, NULL);
    double t = now_ms() - t0;
    if (!r)
        return -1;
    json_decref(r);
    return t;
}

static void section_startup(const struct server *servers, size_t n)
{
    printf("\n## 1. Start-up and memory (median of %d runs)\n\n", RUNS);
    printf("| server | spawn → initialize (ms) | peak RSS after initialize (KiB) | peak RSS after listing 50 tickets (KiB) |\n|---|---|---|---|\n");
    for (size_t i = 0; i < n; i++) {
        double t[RUNS], r1[RUNS], r2[RUNS];
        int ok = 0;
        for (int k = 0; k < RUNS; k++) {
            struct tl_proc p;
            t[ok] = spawn_init(&p, &servers[i], "flat");
            if (t[ok] < 0) {
                tl_proc_free(&p);
                continue;
            }
            r1[ok] = (double)peak_rss_kb(p.pid);
            json_t *res = NULL;
            call_bytes(&p, "halopsa_tickets_list", json_pack("{s:i,s:b}", "page_size", 50, "open_only", 0), &res);
            json_decref(res);
            r2[ok] = (double)peak_rss_kb(p.pid);
            tl_finish(&p, 5000);
            tl_proc_free(&p);
            ok++;
        }
        if (!ok) {
            printf("| %s | failed to start | | |\n", servers[i].label);
            continue;
        }
        printf("| %s | %.1f | %.0f | %.0f |\n", servers[i].label, median(t, ok), median(r1, ok), median(r2, ok));
    }
}

static const char *const domains[] = {"tickets", "clients", "assets", "agents", "invoices",
                                      "workflows", "tickettypes", "statuses", "outcomes", "actions",
                                      "customfields", "customtables", "customtabs", "custombuttons"};

static void section_list_bytes(const struct server *servers, size_t n)
{
    static const char *const modes[] = {"tree", "flat", "dispatch"};
    printf("\n## 2. Bytes of tools/list (the JSON-RPC reply lines, all pages)\n\n");
    printf("| server | mode | tools | bytes |\n|---|---|---|---|\n");
    for (size_t i = 0; i < n; i++) {
        for (size_t m = 0; m < 3; m++) {
            struct tl_proc p;
            int count = 0;
            if (spawn_init(&p, &servers[i], modes[m]) < 0) {
                tl_proc_free(&p);
                continue;
            }
            size_t bytes = list_all_bytes(&p, &count);
            printf("| %s | %s | %d | %zu |\n", servers[i].label, modes[m], count, bytes);
            tl_finish(&p, 5000);
            tl_proc_free(&p);
        }
    }
    printf("\nPer domain, halopsa-mcp tree mode (tools/list after `halopsa_navigate`):\n\n| domain | tools listed | bytes |\n|---|---|---|\n");
    struct tl_proc p;
    if (spawn_init(&p, &servers[0], "tree") >= 0) {
        for (size_t d = 0; d < sizeof domains / sizeof domains[0]; d++) {
            json_t *res = NULL;
            call_bytes(&p, "halopsa_navigate", json_pack("{s:s}", "domain", domains[d]), &res);
            json_decref(res);
            int count = 0;
            size_t bytes = list_all_bytes(&p, &count);
            printf("| %s | %d | %zu |\n", domains[d], count, bytes);
        }
        tl_finish(&p, 5000);
    }
    tl_proc_free(&p);
}

static int get_token(void)
{
    char url[128], *body = NULL;
    char form[256];
    snprintf(url, sizeof url, "%s/auth/token", base_url);
    snprintf(form, sizeof form, "grant_type=client_credentials&client_id=%s&client_secret=%s&scope=all",
             SIM_DEMO_CLIENT_ID, SIM_DEMO_CLIENT_SECRET);
    int st = tl_http("POST", url, form, "application/x-www-form-urlencoded", NULL, &body);
    json_t *j = body ? json_loads(body, 0, NULL) : NULL;
    free(body);
    const char *t = json_string_value(json_object_get(j, "access_token"));
    if (st == 200 && t)
        snprintf(token, sizeof token, "Authorization: Bearer %s", t);
    json_decref(j);
    return st == 200 && t ? 0 : -1;
}

/* Bytes of a raw HaloPSA reply for path?query, and its time in ms. */
static size_t raw_bytes(const char *pathq, double *ms)
{
    char url[512], *body = NULL;
    const char *hdrs[] = {token, NULL};
    snprintf(url, sizeof url, "%s%s", base_url, pathq);
    double t0 = now_ms();
    tl_http("GET", url, NULL, NULL, hdrs, &body);
    if (ms)
        *ms = now_ms() - t0;
    size_t n = body ? strlen(body) : 0;
    free(body);
    return n;
}

static void section_result_bytes(const struct server *servers, size_t n)
{
    size_t raw_list = raw_bytes("/api/Tickets?pageinate=true&page_size=50&page_no=1", NULL);
    size_t raw_get = raw_bytes("/api/Tickets/1?includedetails=true", NULL);
    printf("\n## 3. Result size vs. the raw HaloPSA JSON\n\n");
    printf("Raw simulator JSON: 50-ticket list page %zu bytes, one ticket (includedetails) %zu bytes.\n\n", raw_list, raw_get);
    printf("| server | 50-ticket list result (bytes) | ratio to raw | ticket get result (bytes) | ratio to raw |\n|---|---|---|---|---|\n");
    for (size_t i = 0; i < n; i++) {
        struct tl_proc p;
        if (spawn_init(&p, &servers[i], "flat") < 0) {
            tl_proc_free(&p);
            continue;
        }
        size_t lb = call_bytes(&p, "halopsa_tickets_list", json_pack("{s:i,s:b}", "page_size", 50, "open_only", 0), NULL);
        size_t gb = call_bytes(&p, "halopsa_tickets_get", json_pack("{s:i}", "id", 1), NULL);
        printf("| %s | %zu | %.3f | %zu | %.3f |\n", servers[i].label, lb, raw_list ? (double)lb / (double)raw_list : 0,
               gb, raw_get ? (double)gb / (double)raw_get : 0);
        tl_finish(&p, 5000);
        tl_proc_free(&p);
    }
}

static void section_overhead(const struct server *s)
{
    enum { CALLS = 200 };
    double direct[CALLS], via[CALLS];
    struct tl_proc p;
    printf("\n## 4. Per-call overhead (halopsa-mcp, %d calls each, medians)\n\n", CALLS);
    if (spawn_init(&p, s, "flat") < 0) {
        tl_proc_free(&p);
        printf("failed to start\n");
        return;
    }
    json_t *warm = NULL;
    call_bytes(&p, "halopsa_tickets_get", json_pack("{s:i}", "id", 1), &warm);
    json_decref(warm);
    for (int k = 0; k < CALLS; k++)
        raw_bytes("/api/Tickets/1?includedetails=true", &direct[k]);
    double t_all = now_ms();
    for (int k = 0; k < CALLS; k++) {
        double t0 = now_ms();
        call_bytes(&p, "halopsa_tickets_get", json_pack("{s:i}", "id", 1 + k % 50), NULL);
        via[k] = now_ms() - t0;
    }
    double elapsed = now_ms() - t_all;
    double md = median(direct, CALLS), mv = median(via, CALLS);
    printf("| measure | value |\n|---|---|\n");
    printf("| direct HTTP GET /api/Tickets/{id} (new connection each, curl) | %.3f ms |\n", md);
    printf("| tools/call halopsa_tickets_get over stdio | %.3f ms |\n", mv);
    printf("| overhead (difference of medians) | %.3f ms |\n", mv - md);
    printf("| sustained sequential tools/call per second | %.0f |\n", CALLS / (elapsed / 1000.0));
    tl_finish(&p, 5000);
    tl_proc_free(&p);
}

static void section_scale(const struct server *s, int tickets)
{
    struct sim_options o;
    char err[256];
    sim_options_default(&o);
    o.tickets = tickets;
    o.rate_limit = 100000000;
    double t0 = now_ms();
    struct sim *big = sim_start(&o, err, sizeof err);
    double boot = now_ms() - t0;
    printf("\n## 6. Scale: simulator with %d tickets\n\n", tickets);
    if (!big) {
        printf("simulator failed: %s\n", err);
        return;
    }
    char saved[64];
    snprintf(saved, sizeof saved, "%s", base_url);
    snprintf(base_url, sizeof base_url, "http://127.0.0.1:%d", sim_port(big));
    get_token();
    printf("Simulator start-up with the dataset: %.0f ms.\n\n", boot);
    printf("| request | raw simulator (ms, median of 10) | halopsa-mcp tools/call (ms, median of 10) |\n|---|---|---|\n");
    struct tl_proc p;
    int up = spawn_init(&p, s, "flat") >= 0;
    static const int pages[] = {1, 100, 1000, 2000};
    for (size_t i = 0; i < sizeof pages / sizeof pages[0]; i++) {
        double raw[10], via[10];
        char q[160];
        snprintf(q, sizeof q, "/api/Tickets?pageinate=true&page_size=50&page_no=%d", pages[i]);
        for (int k = 0; k < 10; k++) {
            raw_bytes(q, &raw[k]);
            double t1 = now_ms();
            if (up)
                call_bytes(&p, "halopsa_tickets_list", json_pack("{s:i,s:i,s:b}", "page", pages[i], "page_size", 50, "open_only", 0), NULL);
            via[k] = now_ms() - t1;
        }
        printf("| list page %d of 50 | %.2f | %.2f |\n", pages[i], median(raw, 10), up ? median(via, 10) : -1);
    }
    {
        double raw[10], via[10];
        for (int k = 0; k < 10; k++) {
            raw_bytes("/api/Tickets?pageinate=true&page_size=50&page_no=1&search=printer", &raw[k]);
            double t1 = now_ms();
            if (up)
                call_bytes(&p, "halopsa_tickets_list", json_pack("{s:s,s:i,s:b}", "search", "printer", "page_size", 50, "open_only", 0), NULL);
            via[k] = now_ms() - t1;
        }
        printf("| search \"printer\", first page of 50 | %.2f | %.2f |\n", median(raw, 10), up ? median(via, 10) : -1);
    }
    if (up) {
        printf("\nhalopsa-mcp peak RSS after these calls: %ld KiB (it keeps no records between calls).\n", peak_rss_kb(p.pid));
        tl_finish(&p, 5000);
    }
    tl_proc_free(&p);
    sim_stop(big);
    snprintf(base_url, sizeof base_url, "%s", saved);
    get_token();
}

int main(int argc, char **argv)
{
    const char *bin_dir = getenv("HALOPSA_BIN_DIR");
    const char *reference = argc > 1 ? argv[1] : NULL; /* path to bench/reference/server.mjs */
    const char *node = getenv("NODE") ? getenv("NODE") : "node";
    int tickets = getenv("BENCH_TICKETS") ? atoi(getenv("BENCH_TICKETS")) : 100000;
    char mcp_path[1024];
    base_init();
    signal(SIGPIPE, SIG_IGN);
    log_set_level(LOG_ERROR);
    snprintf(mcp_path, sizeof mcp_path, "%s/halopsa-mcp", bin_dir ? bin_dir : "bin");

    struct sim_options o;
    char err[256];
    sim_options_default(&o);
    o.rate_limit = 100000000;
    struct sim *sim = sim_start(&o, err, sizeof err);
    if (!sim) {
        fprintf(stderr, "simulator: %s\n", err);
        return 1;
    }
    snprintf(base_url, sizeof base_url, "http://127.0.0.1:%d", sim_port(sim));
    if (get_token() != 0) {
        fprintf(stderr, "cannot get a token from the simulator\n");
        return 1;
    }
    struct server servers[2] = {
        {"halopsa-mcp (C)", {mcp_path, NULL, NULL, NULL}},
        {"reference (TypeScript SDK)", {(char *)node, (char *)reference, NULL, NULL}},
    };
    size_t n = reference ? 2 : 1;
    section_startup(servers, n);
    section_list_bytes(servers, n);
    section_result_bytes(servers, n);
    section_overhead(&servers[0]);
    printf("\n## 5. Throttling\n\nSee the throttle_burst section below.\n");
    section_scale(&servers[0], tickets);
    sim_stop(sim);
    return 0;
}
