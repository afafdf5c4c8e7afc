/* toolstest.c - simulator + real halopsa-mcp binary for end-to-end tool tests. */
#include "toolstest.h"

#include "base/base.h"
#include "harness.h"
#include "sim.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

int tt_start_with(struct tt *t, struct sim *sim, char *const env_extra[], json_t *capabilities)
{
    char url_env[128], id_env[128], secret_env[128];
    char *env[64];
    size_t n = 0;
    memset(t, 0, sizeof *t);
    t->sim = sim;
    snprintf(t->base_url, sizeof t->base_url, "http://127.0.0.1:%d", sim_port(sim));
    snprintf(url_env, sizeof url_env, "HALOPSA_BASE_URL=%s", t->base_url);
    snprintf(id_env, sizeof id_env, "HALOPSA_CLIENT_ID=%s", SIM_DEMO_CLIENT_ID);
    snprintf(secret_env, sizeof secret_env, "HALOPSA_CLIENT_SECRET=%s", SIM_DEMO_CLIENT_SECRET);
    env[n++] = url_env;
    env[n++] = id_env;
    env[n++] = secret_env;
    env[n++] = "HALOPSA_TENANT=";
    env[n++] = "HALOPSA_AUTH_URL=";
    env[n++] = "HALOPSA_TOOL_MODE=";
    env[n++] = "HALOPSA_READ_ONLY=";
    env[n++] = "HALOPSA_DOMAINS=";
    env[n++] = "HALOPSA_EXCLUDE_TOOLS=";
    /* Times shown the same on every machine (a test may name another). */
    env[n++] = "HALOPSA_TIMEZONE=UTC";
    for (size_t i = 0; env_extra && env_extra[i] && n < 63; i++)
        env[n++] = env_extra[i];
    env[n] = NULL;
    char *argv[] = {(char *)tl_bin("halopsa-mcp"), NULL};
    if (tl_spawn(&t->proc, argv, env) != 0) {
        json_decref(capabilities);
        return -1;
    }
    json_t *init = tl_initialize(&t->proc, capabilities);
    if (!init) {
        char *err = tl_stderr(&t->proc);
        fprintf(stdout, "# halopsa-mcp did not initialize; stderr:\n# %.2000s\n", err ? err : "");
        free(err);
        return -1;
    }
    json_decref(init);
    return 0;
}

int tt_start(struct tt *t, char *const env_extra[], json_t *capabilities)
{
    char url[64];
    struct sim *sim = tl_sim_start(url, sizeof url);
    int rc = tt_start_with(t, sim, env_extra, capabilities);
    t->own_sim = 1;
    return rc;
}

json_t *tt_call(struct tt *t, const char *tool, json_t *args, json_t **rpc_error)
{
    json_t *params = json_pack("{s:s, s:o}", "name", tool, "arguments", args ? args : json_object());
    json_t *resp = tl_rpc(&t->proc, "tools/call", params, 60000);
    if (rpc_error)
        *rpc_error = NULL;
    if (!resp)
        return NULL;
    json_t *result = json_incref(json_object_get(resp, "result"));
    if (!result && rpc_error)
        *rpc_error = json_incref(json_object_get(resp, "error"));
    json_decref(resp);
    return result;
}

const char *tt_text(json_t *result)
{
    json_t *first = json_array_get(json_object_get(result, "content"), 0);
    const char *s = json_string_value(json_object_get(first, "text"));
    return s ? s : "";
}

int tt_is_error(json_t *result)
{
    return json_is_true(json_object_get(result, "isError"));
}

json_t *tt_list_names(struct tt *t)
{
    json_t *names = json_array();
    json_t *tools = tl_list_tools(&t->proc, NULL);
    size_t i;
    json_t *tool;
    json_array_foreach(tools, i, tool)
        json_array_append(names, json_object_get(tool, "name"));
    json_decref(tools);
    return names;
}

int tt_has(json_t *names, const char *name)
{
    size_t i;
    json_t *v;
    json_array_foreach(names, i, v) {
        if (json_is_string(v) && strcmp(json_string_value(v), name) == 0)
            return 1;
    }
    return 0;
}

json_t *tt_requests(struct tt *t)
{
    char url[128];
    char *body = NULL;
    snprintf(url, sizeof url, "%s/_sim/requests", t->base_url);
    int status = tl_http("GET", url, NULL, NULL, NULL, &body);
    json_t *log = status == 200 && body ? json_loads(body, 0, NULL) : NULL;
    free(body);
    return log ? log : json_array();
}

void tt_clear_requests(struct tt *t)
{
    char url[128];
    snprintf(url, sizeof url, "%s/_sim/requests", t->base_url);
    tl_http("DELETE", url, NULL, NULL, NULL, NULL);
}

json_t *tt_last_request(json_t *log, const char *method, const char *path)
{
    size_t plen = strlen(path);
    int prefix = plen && path[plen - 1] == '*';
    for (size_t i = json_array_size(log); i-- > 0;) {
        json_t *r = json_array_get(log, i);
        const char *m = json_string_value(json_object_get(r, "method"));
        const char *p = json_string_value(json_object_get(r, "path"));
        if (!m || !p || strcasecmp(m, method) != 0)
            continue;
        if (prefix ? strncasecmp(p, path, plen - 1) == 0 : strcasecmp(p, path) == 0)
            return r;
    }
    return NULL;
}

int tt_count_notes(struct tt *t, const char *method)
{
    int n = 0;
    size_t i;
    json_t *msg;
    json_array_foreach(t->proc.notes, i, msg) {
        const char *m = json_string_value(json_object_get(msg, "method"));
        if (m && strcmp(m, method) == 0)
            n++;
    }
    return n;
}

int tt_stop(struct tt *t)
{
    int status = tl_finish(&t->proc, 10000);
    if (status != 0) {
        char *err = tl_stderr(&t->proc);
        fprintf(stdout, "# halopsa-mcp exited %d; stderr:\n# %.3000s\n", status, err ? err : "");
        free(err);
    }
    tl_proc_free(&t->proc);
    if (t->own_sim && t->sim)
        sim_stop(t->sim);
    t->sim = NULL;
    return status;
}

json_t *tt_sc(json_t *result)
{
    return json_object_get(result, "structuredContent");
}

json_t *tt_rows(json_t *result)
{
    json_t *sc = tt_sc(result), *cols = json_object_get(sc, "columns"), *rows = NULL;
    json_t *done = json_object_get(result, "_test_rows");
    const char *k;
    json_t *v;
    if (done)
        return done;
    json_object_foreach(sc, k, v) {
        if (json_is_array(v) && strcmp(k, "columns") != 0)
            rows = v;
    }
    json_t *out = json_array();
    size_t i, j;
    json_t *row, *c;
    json_array_foreach(rows, i, row) {
        json_t *o = json_object();
        json_array_foreach(cols, j, c) {
            json_t *cell = json_array_get(row, j);
            if (cell && !json_is_null(cell))
                json_object_set(o, json_string_value(c), cell);
        }
        json_array_append_new(out, o);
    }
    /* Kept in the result: the caller borrows it, as it did the rows. */
    json_object_set_new(result, "_test_rows", out);
    return out;
}

const char *tt_qget(json_t *req, const char *key)
{
    json_t *v = json_object_get(json_object_get(req, "query"), key);
    if (json_is_array(v))
        v = json_array_get(v, 0);
    return json_string_value(v);
}

char *tt_refusal(struct tt *t, const char *tool, json_t *args)
{
    json_t *rpc = NULL;
    json_t *res = tt_call(t, tool, args, &rpc);
    char *msg;
    if (res && tt_is_error(res)) {
        msg = xstrdup(tt_text(res));
    } else if (!res && rpc) {
        const char *m = json_string_value(json_object_get(rpc, "message"));
        msg = xstrdup(m ? m : "(no message)");
    } else {
        msg = xstrdup("");
    }
    json_decref(res);
    json_decref(rpc);
    return msg;
}

json_t *tt_call_ok(struct tt *t, const char *tool, json_t *args)
{
    json_t *res = tt_call(t, tool, args, NULL);
    if (!res)
        harness_fail(__FILE__, __LINE__, "%s: no reply", tool);
    else if (tt_is_error(res))
        harness_fail(__FILE__, __LINE__, "%s failed: %.500s", tool, tt_text(res));
    return res;
}

void tt_inject(struct tt *t, int n, int status)
{
    char url[128], body[128];
    snprintf(url, sizeof url, "%s/_sim/faults", t->base_url);
    snprintf(body, sizeof body, "{\"fail_nth\":{\"n\":%d,\"status\":%d}}", n, status);
    if (tl_http("POST", url, body, NULL, NULL, NULL) != 200)
        harness_fail(__FILE__, __LINE__, "could not inject a %d fault", status);
}

const char *tt_nonce(const char *text, char *buf, size_t len)
{
    static const char lead[] = "Text between <<<UNTRUSTED-";
    const char *p = text ? strstr(text, lead) : NULL;
    size_t n = 0;
    buf[0] = '\0';
    if (!p)
        return buf;
    p += sizeof lead - 1;
    while (p[n] && p[n] != ' ' && n + 1 < len)
        n++;
    memcpy(buf, p, n);
    buf[n] = '\0';
    return buf;
}

char *tt_outside(const char *text)
{
    char nonce[64], open[96], close[96];
    struct buf out = {0};
    buf_appends(&out, "");
    tt_nonce(text, nonce, sizeof nonce);
    if (!*nonce) {
        buf_appends(&out, text ? text : "");
        return buf_steal(&out);
    }
    snprintf(open, sizeof open, "<<<UNTRUSTED-%s", nonce);
    snprintf(close, sizeof close, "UNTRUSTED-%s>>>", nonce);
    /* The preamble names both delimiters: it is our text, not a region. */
    const char *p = strstr(text, "Text between <<<UNTRUSTED-");
    const char *pre_end = p ? strchr(p, '\n') : NULL;
    buf_append(&out, text, p ? (size_t)(p - text) : 0);
    p = pre_end ? pre_end + 1 : text + strlen(text);
    for (;;) {
        const char *o = strstr(p, open);
        if (!o) {
            buf_appends(&out, p);
            break;
        }
        buf_append(&out, p, (size_t)(o - p));
        const char *c = strstr(o + strlen(open), close);
        if (!c) { /* unclosed: the rest counts as outside */
            buf_appends(&out, o);
            break;
        }
        p = c + strlen(close);
    }
    return buf_steal(&out);
}

int tt_regions(const char *text)
{
    char nonce[64], open[96];
    int n = 0;
    tt_nonce(text, nonce, sizeof nonce);
    if (!*nonce)
        return 0;
    snprintf(open, sizeof open, "<<<UNTRUSTED-%s", nonce);
    /* After the preamble, which names the delimiters. */
    const char *start = strchr(strstr(text, "Text between <<<UNTRUSTED-"), '\n');
    for (const char *p = start ? strstr(start, open) : NULL; p; p = strstr(p + 1, open))
        n++;
    return n;
}
