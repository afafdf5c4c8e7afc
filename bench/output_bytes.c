/* output_bytes.c - what a result costs the model: the bytes of the
 * JSON-RPC reply (text and structuredContent) of a 50-ticket list, a ticket
 * get with 10 actions and an asset get, against the raw HaloPSA JSON the
 * server read for it, for one or more halopsa-mcp binaries side by side
 * (before and after a change). Prints a Markdown section; bench/output.sh
 * puts it into bench/RESULTS.md.
 *   output_bytes LABEL=/path/to/halopsa-mcp ...
 * Each binary runs against the same in-process simulator (demo dataset),
 * in flat mode, with HALOPSA_TIMEZONE=Europe/London. */
#include "base/base.h"
#include "sim.h"
#include "testlib.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define RPC_TIMEOUT_MS 60000
#define MAX_BINS 4
#define TICKET 2 /* gets 10 actions below */

static char base_url[64];
static char auth_header[600];

static int get_token(void)
{
    char url[128], form[256], *body = NULL;
    snprintf(url, sizeof url, "%s/auth/token", base_url);
    snprintf(form, sizeof form,
             "grant_type=client_credentials&client_id=%s&client_secret=%s&scope=all",
             SIM_DEMO_CLIENT_ID, SIM_DEMO_CLIENT_SECRET);
    int st = tl_http("POST", url, form, "application/x-www-form-urlencoded", NULL, &body);
    json_t *j = body ? json_loads(body, 0, NULL) : NULL;
    free(body);
    const char *t = json_string_value(json_object_get(j, "access_token"));
    if (st == 200 && t)
        snprintf(auth_header, sizeof auth_header, "Authorization: Bearer %s", t);
    json_decref(j);
    return st == 200 && t ? 0 : -1;
}

/* Bytes of the simulator's raw reply to GET pathq. */
static size_t raw_bytes(const char *pathq)
{
    char url[512], *body = NULL;
    const char *headers[] = {auth_header, NULL};
    snprintf(url, sizeof url, "%s%s", base_url, pathq);
    int st = tl_http("GET", url, NULL, NULL, headers, &body);
    size_t n = st == 200 && body ? strlen(body) : 0;
    free(body);
    return n;
}

/* Makes ticket TICKET hold exactly 10 actions (the demo gives it fewer). */
static int ten_actions(void)
{
    char url[256], path[64], *body = NULL;
    const char *headers[] = {auth_header, NULL};
    snprintf(url, sizeof url, "%s/api/Actions?ticket_id=%d", base_url, TICKET);
    int st = tl_http("GET", url, NULL, NULL, headers, &body);
    json_t *j = st == 200 && body ? json_loads(body, 0, NULL) : NULL;
    free(body);
    size_t have = json_array_size(json_object_get(j, "actions"));
    json_decref(j);
    snprintf(url, sizeof url, "%s/api/Actions", base_url);
    for (size_t i = have; i < 10; i++) {
        snprintf(path, sizeof path, "%zu", i);
        char *rec = xasprintf("[{\"ticket_id\":%d,\"outcome_id\":%d,\"note\":\"<p>Update %zu: "
                              "checked the backup agent's log, restarted the service and "
                              "watched the next job.</p><ul><li>agent 7.2</li><li>job at "
                              "02:00</li></ul>\",\"hiddenfromuser\":%s}]",
                              TICKET, i % 2 ? 3 : 1, i, i % 2 ? "true" : "false");
        st = tl_http("POST", url, rec, "application/json", headers, &body);
        free(rec);
        free(body);
        body = NULL;
        if (st != 200 && st != 201)
            return -1;
    }
    return 0;
}

/* One request; the reply line's length and the reply (new) in *out. */
static size_t call_bytes(struct tl_proc *p, const char *tool, json_t *args, json_t **out)
{
    long id = p->next_id++;
    json_t *req = json_pack("{s:s, s:I, s:s, s:{s:s, s:o}}", "jsonrpc", "2.0", "id",
                            (json_int_t)id, "method", "tools/call", "params", "name", tool,
                            "arguments", args);
    *out = NULL;
    int rc = tl_send_json(p, req);
    json_decref(req);
    if (rc != 0)
        return 0;
    for (;;) {
        char *line = tl_recv_line(p, RPC_TIMEOUT_MS);
        if (!line)
            return 0;
        json_t *msg = json_loads(line, 0, NULL);
        json_t *mid = json_object_get(msg, "id");
        if (json_is_integer(mid) && json_integer_value(mid) == id) {
            size_t n = strlen(line);
            free(line);
            *out = msg;
            return n;
        }
        free(line);
        json_decref(msg);
    }
}

struct measure {
    size_t reply, text, structured;
};

static void measure(struct tl_proc *p, const char *tool, json_t *args, struct measure *m)
{
    json_t *reply = NULL;
    memset(m, 0, sizeof *m);
    m->reply = call_bytes(p, tool, args, &reply);
    json_t *r = json_object_get(reply, "result");
    if (!r || json_is_true(json_object_get(r, "isError"))) {
        fprintf(stderr, "output_bytes: %s failed: %s\n", tool,
                json_string_value(json_object_get(
                    json_array_get(json_object_get(r, "content"), 0), "text")));
        m->reply = 0;
    }
    const char *text = json_string_value(
        json_object_get(json_array_get(json_object_get(r, "content"), 0), "text"));
    m->text = text ? strlen(text) : 0;
    json_t *sc = json_object_get(r, "structuredContent");
    char *s = sc ? json_dumps(sc, JSON_COMPACT | JSON_REAL_PRECISION(15)) : NULL;
    m->structured = s ? strlen(s) : 0;
    free(s);
    json_decref(reply);
}

int main(int argc, char **argv)
{
    struct sim_options so;
    char err[256];
    const char *labels[MAX_BINS];
    char *bins[MAX_BINS];
    int nbins = 0;
    for (int i = 1; i < argc && nbins < MAX_BINS; i++) {
        char *eq = strchr(argv[i], '=');
        if (!eq) {
            fprintf(stderr, "usage: output_bytes LABEL=/path/to/halopsa-mcp ...\n");
            return 2;
        }
        *eq = '\0';
        labels[nbins] = argv[i];
        bins[nbins++] = eq + 1;
    }
    if (!nbins) {
        fprintf(stderr, "usage: output_bytes LABEL=/path/to/halopsa-mcp ...\n");
        return 2;
    }
    sim_options_default(&so);
    struct sim *sim = sim_start(&so, err, sizeof err);
    if (!sim) {
        fprintf(stderr, "output_bytes: simulator: %s\n", err);
        return 1;
    }
    snprintf(base_url, sizeof base_url, "http://127.0.0.1:%d", sim_port(sim));
    if (get_token() != 0 || ten_actions() != 0) {
        fprintf(stderr, "output_bytes: cannot prepare the simulator\n");
        sim_stop(sim);
        return 1;
    }
    char path[128];
    size_t raw[3];
    raw[0] = raw_bytes("/api/Tickets?pageinate=true&page_size=50&page_no=1");
    snprintf(path, sizeof path, "/api/Tickets/%d", TICKET);
    raw[1] = raw_bytes(path);
    snprintf(path, sizeof path, "/api/Actions?ticket_id=%d", TICKET);
    raw[1] += raw_bytes(path);
    raw[2] = raw_bytes("/api/Asset/1");

    static const char *const calls[] = {"list 50 tickets", "get a ticket with 10 actions",
                                        "get an asset"};
    struct measure m[MAX_BINS][3];
    for (int b = 0; b < nbins; b++) {
        char url_env[128], id_env[128], secret_env[128];
        snprintf(url_env, sizeof url_env, "HALOPSA_BASE_URL=%s", base_url);
        snprintf(id_env, sizeof id_env, "HALOPSA_CLIENT_ID=%s", SIM_DEMO_CLIENT_ID);
        snprintf(secret_env, sizeof secret_env, "HALOPSA_CLIENT_SECRET=%s",
                 SIM_DEMO_CLIENT_SECRET);
        char *env[] = {url_env, id_env, secret_env, "HALOPSA_TOOL_MODE=flat",
                       "HALOPSA_RATE_LIMIT=1000000/1", "HALOPSA_LOG_LEVEL=error",
                       "HALOPSA_TIMEZONE=Europe/London", "HALOPSA_TENANT=",
                       "HALOPSA_AUTH_URL=", NULL};
        char *args[] = {bins[b], NULL};
        struct tl_proc p;
        json_t *init = NULL;
        if (tl_spawn(&p, args, env) != 0 || !(init = tl_initialize(&p, NULL))) {
            fprintf(stderr, "output_bytes: %s did not start\n", bins[b]);
            sim_stop(sim);
            return 1;
        }
        json_decref(init);
        measure(&p, "halopsa_tickets_list",
                json_pack("{s:b, s:i}", "open_only", 0, "page_size", 50), &m[b][0]);
        measure(&p, "halopsa_tickets_get",
                json_pack("{s:i, s:b}", "id", TICKET, "include_actions", 1), &m[b][1]);
        measure(&p, "halopsa_assets_get", json_pack("{s:i}", "id", 1), &m[b][2]);
        tl_finish(&p, 5000);
        tl_proc_free(&p);
    }
    sim_stop(sim);

    printf("| call | raw HaloPSA JSON (bytes) |");
    for (int b = 0; b < nbins; b++)
        printf(" %s: reply (text + structured) | %s: reply / raw |", labels[b], labels[b]);
    printf("\n|---|---|");
    for (int b = 0; b < nbins; b++)
        printf("---|---|");
    printf("\n");
    for (int c = 0; c < 3; c++) {
        printf("| %s | %zu |", calls[c], raw[c]);
        for (int b = 0; b < nbins; b++) {
            double r = raw[c] ? (double)m[b][c].reply / (double)raw[c] : 0;
            printf(" %zu (%zu + %zu) | %.3f (1/%.1f) |", m[b][c].reply, m[b][c].text,
                   m[b][c].structured, r, r > 0 ? 1 / r : 0);
        }
        printf("\n");
    }
    if (nbins > 1) {
        printf("\n%s / %s, whole replies:", labels[nbins - 1], labels[0]);
        for (int c = 0; c < 3; c++) {
            double r = m[0][c].reply ? (double)m[nbins - 1][c].reply / (double)m[0][c].reply : 0;
            printf("%s %s %.2f", c ? ";" : "", calls[c], r);
        }
        printf(".\n");
    }
    return 0;
}
