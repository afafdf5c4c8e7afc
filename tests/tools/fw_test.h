/* fw_test.h - small helpers shared by the framework's end-to-end tests
 * (test_nav, test_modes, test_safety, test_crud, test_shape, test_args,
 * test_catalog) and the domain tests built on rows (test_users, test_sites,
 * test_time, test_lookups, test_contracts, test_kb, test_search,
 * test_tickets_more, test_clients, test_assets): calls with JSON-text arguments, the simulator's
 * request log, calls expected to succeed or fail, and calls that answer
 * the server's elicitation requests or carry a progress token. */
#ifndef HALOPSA_FW_TEST_H
#define HALOPSA_FW_TEST_H

#include "harness.h"
#include "toolstest.h"

#include "base/base.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define FW_ENV(...) ((char *const[]){__VA_ARGS__, NULL})

/* tools/call with arguments given as JSON text (NULL = {}). New result or
 * NULL (then *rpc_error may hold the JSON-RPC error when rpc_error is
 * given). */
static inline json_t *fw_call(struct tt *t, const char *tool, const char *args_json,
                              json_t **rpc_error)
{
    const char *text = args_json ? args_json : "{}";
    json_t *args = json_loads(text, 0, NULL);
    if (!args) {
        fprintf(stdout, "# bad test JSON: %s\n", text);
        return NULL;
    }
    return tt_call(t, tool, args, rpc_error);
}

/* A call expected to succeed (a test failure naming the tool and its text
 * otherwise). The result (new) or NULL. */
#define fw_ok(t, tool, args_json) fw_ok_at(__FILE__, __LINE__, t, tool, args_json)
static inline json_t *fw_ok_at(const char *file, int line, struct tt *t, const char *tool,
                               const char *args_json)
{
    json_t *rpc = NULL;
    json_t *r = fw_call(t, tool, args_json, &rpc);
    if (!r || tt_is_error(r)) {
        harness_fail(file, line, "%s %s failed: %s", tool, args_json ? args_json : "{}",
                     r ? tt_text(r) : json_string_value(json_object_get(rpc, "message")));
        json_decref(r);
        r = NULL;
    }
    json_decref(rpc);
    return r;
}

/* A call expected to fail (an isError result or a JSON-RPC error) whose
 * message contains needle. */
#define fw_err(t, tool, args_json, needle) fw_err_at(__FILE__, __LINE__, t, tool, args_json, needle)
static inline void fw_err_at(const char *file, int line, struct tt *t, const char *tool,
                             const char *args_json, const char *needle)
{
    json_t *rpc = NULL;
    json_t *r = fw_call(t, tool, args_json, &rpc);
    const char *msg = r ? tt_text(r) : json_string_value(json_object_get(rpc, "message"));
    if ((r && !tt_is_error(r)) || !msg || !strstr(msg, needle))
        harness_fail(file, line, "%s %s: wanted an error with \"%s\", got: %s", tool,
                     args_json ? args_json : "{}", needle, msg ? msg : "(nothing)");
    json_decref(r);
    json_decref(rpc);
}

/* Borrowed: the first record of a logged POST's body. */
static inline json_t *fw_body0(json_t *req)
{
    return json_array_get(json_object_get(req, "body"), 0);
}

/* Borrowed structuredContent of a result. */
static inline json_t *fw_sc(json_t *result)
{
    return json_object_get(result, "structuredContent");
}

/* Borrowed: structuredContent[key], a list's rows as objects when key
 * holds the rows of a list result (columns and arrays, tt_rows). */
static inline json_t *fw_rows(json_t *result, const char *key)
{
    json_t *sc = fw_sc(result), *v = json_object_get(sc, key);
    if (json_is_array(v) && json_is_array(json_object_get(sc, "columns")) &&
        strcmp(key, "columns") != 0 && !json_is_object(json_array_get(v, 0)))
        return tt_rows(result);
    return v;
}

/* Borrowed: the tool named name in tools (a tools/list or catalogue
 * array), or NULL. */
static inline json_t *fw_tool_named(json_t *tools, const char *name)
{
    size_t i;
    json_t *t;
    json_array_foreach(tools, i, t) {
        if (strcmp(json_string_value(json_object_get(t, "name")), name) == 0)
            return t;
    }
    return NULL;
}

/* Arguments that satisfy a catalogue tool's required ones: an integer
 * from row when it has one under that name (row may be NULL), else 1 for
 * ids and numbers, text for strings, true for flags, empty arrays and
 * objects. New object. */
static inline json_t *fw_required_args(json_t *tool, json_t *row, const char *text)
{
    json_t *schema = json_object_get(tool, "inputSchema");
    json_t *props = json_object_get(schema, "properties");
    json_t *out = json_object();
    size_t i;
    json_t *r;
    json_array_foreach(json_object_get(schema, "required"), i, r) {
        const char *name = json_string_value(r);
        json_t *type = json_object_get(json_object_get(props, name), "type");
        const char *t = json_is_string(type) ? json_string_value(type)
                                             : json_string_value(json_array_get(type, 0));
        json_t *have = json_object_get(row, name);
        json_t *v = json_is_integer(have)             ? json_incref(have)
                    : !t || strcmp(t, "integer") == 0 ? json_integer(1)
                    : strcmp(t, "number") == 0        ? json_integer(1)
                    : strcmp(t, "boolean") == 0       ? json_true()
                    : strcmp(t, "array") == 0         ? json_array()
                    : strcmp(t, "object") == 0        ? json_object()
                                                      : json_string(text);
        json_object_set_new(out, name, v);
    }
    return out;
}

/* How many logged requests have this method and path (case-insensitive;
 * a trailing '*' matches a prefix). */
static inline int fw_count(struct tt *t, const char *method, const char *path)
{
    json_t *log = tt_requests(t);
    int n = 0;
    size_t plen = strlen(path);
    int prefix = plen && path[plen - 1] == '*';
    size_t i;
    json_t *r;
    json_array_foreach(log, i, r) {
        const char *m = json_string_value(json_object_get(r, "method"));
        const char *p = json_string_value(json_object_get(r, "path"));
        if (!m || !p || strcasecmp(m, method) != 0)
            continue;
        if (prefix ? strncasecmp(p, path, plen - 1) == 0 : strcasecmp(p, path) == 0)
            n++;
    }
    json_decref(log);
    return n;
}

/* The last logged request with method and path (new reference) or NULL. */
static inline json_t *fw_last(struct tt *t, const char *method, const char *path)
{
    json_t *log = tt_requests(t);
    json_t *r = json_incref(tt_last_request(log, method, path));
    json_decref(log);
    return r;
}

/* Borrowed: a query parameter of a logged request ("" when absent). */
static inline const char *fw_q(json_t *req, const char *key)
{
    const char *v = json_string_value(json_object_get(json_object_get(req, "query"), key));
    return v ? v : "";
}

/* A request with a fresh id whose server-to-client requests are answered:
 * elicitation/create gets answer (borrowed; NULL = an error reply), and
 * its params are kept in *asked (new, may be NULL). Notifications go to
 * t->proc.notes. Returns the response (new) or NULL on timeout. */
static inline json_t *fw_request(struct tt *t, const char *method, json_t *params /* stolen */,
                                 json_t *answer, json_t **asked)
{
    struct tl_proc *p = &t->proc;
    long id = p->next_id++;
    json_t *req = json_pack("{s:s, s:I, s:s, s:o}", "jsonrpc", "2.0", "id", (json_int_t)id,
                            "method", method, "params", params);
    if (asked)
        *asked = NULL;
    int rc = tl_send_json(p, req);
    json_decref(req);
    if (rc != 0)
        return NULL;
    for (;;) {
        json_t *msg = tl_recv(p, 30000);
        if (!msg)
            return NULL;
        json_t *mid = json_object_get(msg, "id");
        const char *m = json_string_value(json_object_get(msg, "method"));
        if (!m && json_is_integer(mid) && json_integer_value(mid) == id)
            return msg;
        if (m && mid && strcmp(m, "elicitation/create") == 0) {
            if (asked && !*asked)
                *asked = json_incref(json_object_get(msg, "params"));
            json_t *reply = answer ? json_pack("{s:s, s:O, s:O}", "jsonrpc", "2.0", "id", mid,
                                               "result", answer)
                                   : json_pack("{s:s, s:O, s:{s:i, s:s}}", "jsonrpc", "2.0",
                                               "id", mid, "error", "code", -32601, "message",
                                               "not supported");
            tl_send_json(p, reply);
            json_decref(reply);
        }
        json_array_append_new(p->notes, msg);
    }
}

/* tools/call through fw_request; the result (new) or NULL. */
static inline json_t *fw_call_answering(struct tt *t, const char *tool, const char *args_json,
                                        json_t *answer, json_t **asked)
{
    json_t *args = json_loads(args_json ? args_json : "{}", 0, NULL);
    json_t *resp = fw_request(t, "tools/call",
                              json_pack("{s:s, s:o}", "name", tool, "arguments", args), answer,
                              asked);
    json_t *result = json_incref(json_object_get(resp, "result"));
    json_decref(resp);
    return result;
}

/* Progress notifications seen so far for token. */
static inline int fw_progress_count(struct tt *t, const char *token)
{
    int n = 0;
    size_t i;
    json_t *msg;
    json_array_foreach(t->proc.notes, i, msg) {
        const char *m = json_string_value(json_object_get(msg, "method"));
        json_t *params = json_object_get(msg, "params");
        const char *tok = json_string_value(json_object_get(params, "progressToken"));
        if (m && strcmp(m, "notifications/progress") == 0 && tok && strcmp(tok, token) == 0)
            n++;
    }
    return n;
}

#endif
