/* call_cmd.c - `halopsa-mcp call TOOL args`: runs one tool through an
 * in-process MCP session, so validation, read-only mode, allow-lists and
 * confirmations are exactly those a host gets. */
#include "app_int.h"

#include "base/base.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Messages the session sends us, queued for the main thread (the send
 * callback must not call back into the session). */
struct inbox {
    pthread_mutex_t mu;
    pthread_cond_t cv;
    json_t *queue; /* array of messages */
};

static void inbox_send(void *ud, const struct mcp_msg *msg)
{
    struct inbox *in = ud;
    json_t *m = json_loadb(msg->text, msg->len, 0, NULL);
    if (!m) {
        log_warn("unparsable message from the session");
        return;
    }
    pthread_mutex_lock(&in->mu);
    json_array_append_new(in->queue, m);
    pthread_cond_broadcast(&in->cv);
    pthread_mutex_unlock(&in->mu);
}

/* Next message (new reference), waiting for one. */
static json_t *inbox_next(struct inbox *in)
{
    pthread_mutex_lock(&in->mu);
    while (json_array_size(in->queue) == 0)
        pthread_cond_wait(&in->cv, &in->mu);
    json_t *m = json_incref(json_array_get(in->queue, 0));
    json_array_remove(in->queue, 0);
    pthread_mutex_unlock(&in->mu);
    return m;
}

static void session_send(struct mcp_session *s, json_t *msg)
{
    char *text = json_dumps(msg, JSON_COMPACT);
    mcp_session_receive(s, text, strlen(text));
    free(text);
}

/* A value for key=value: JSON when it parses (numbers, true/false, arrays,
 * objects, quoted strings), else the text itself; always the text when the
 * tool's schema says the argument is a plain string. New reference. */
static json_t *parse_value(const char *text, json_t *prop_schema)
{
    if (json_is_string(json_object_get(prop_schema, "type")) &&
        strcmp(json_string_value(json_object_get(prop_schema, "type")), "string") == 0)
        return json_string(text);
    json_t *v = json_loads(text, JSON_DECODE_ANY, NULL);
    return v ? v : json_string(text);
}

/* Builds the arguments object from key=value and JSON-object words.
 * Returns a new object, or NULL after printing a usage error. */
static json_t *build_args(struct app *a, json_t *schema)
{
    json_t *args = json_object();
    json_t *props = json_object_get(schema, "properties");
    for (int i = 1; i < a->nargs; i++) {
        const char *w = a->args[i];
        const char *eq = strchr(w, '=');
        if (w[0] == '{') {
            json_error_t jerr;
            json_t *obj = json_loads(w, 0, &jerr);
            if (!json_is_object(obj)) {
                json_decref(obj);
                app__usage_error("call", "argument '%s' is not a JSON object (%s)", w, jerr.text);
                goto fail;
            }
            json_object_update(args, obj);
            json_decref(obj);
            continue;
        }
        if (!eq || eq == w) {
            app__usage_error("call", "argument '%s' is not key=value or a JSON object", w);
            goto fail;
        }
        char *key = xstrndup(w, (size_t)(eq - w));
        json_object_set_new(args, key, parse_value(eq + 1, json_object_get(props, key)));
        free(key);
    }
    return args;
fail:
    json_decref(args);
    return NULL;
}

/* Content for an accepted elicitation: the defaults of the requested
 * schema, with booleans (such as a confirmation) true. New object. */
static json_t *elicit_content(json_t *schema)
{
    json_t *content = json_object();
    const char *key;
    json_t *p;
    json_object_foreach(json_object_get(schema, "properties"), key, p) {
        const char *type = json_string_value(json_object_get(p, "type"));
        json_t *enm = json_object_get(p, "enum");
        if (json_object_get(p, "const"))
            json_object_set(content, key, json_object_get(p, "const"));
        else if (type && strcmp(type, "boolean") == 0)
            json_object_set_new(content, key, json_true());
        else if (json_object_get(p, "default"))
            json_object_set(content, key, json_object_get(p, "default"));
        else if (json_array_size(enm) > 0)
            json_object_set(content, key, json_array_get(enm, 0));
    }
    return content;
}

/* Asks on the terminal; true for y/yes. */
static bool ask_terminal(const char *message)
{
    char line[64];
    fprintf(stderr, "%s [y/N] ", message ? message : "Confirm?");
    fflush(stderr);
    if (!fgets(line, sizeof line, stdin))
        return false;
    return line[0] == 'y' || line[0] == 'Y';
}

/* Answers a server-to-client request. New reference: the response. */
static json_t *answer_request(struct app *a, json_t *req)
{
    const char *method = json_string_value(json_object_get(req, "method"));
    json_t *id = json_object_get(req, "id");
    json_t *params = json_object_get(req, "params");
    if (method && strcmp(method, "elicitation/create") == 0) {
        const char *msg = json_string_value(json_object_get(params, "message"));
        bool yes = a->yes || ask_terminal(msg);
        json_t *result = yes ? json_pack("{s:s, s:o}", "action", "accept", "content",
                                         elicit_content(json_object_get(params, "requestedSchema")))
                             : json_pack("{s:s}", "action", "decline");
        return json_pack("{s:s, s:O, s:o}", "jsonrpc", "2.0", "id", id, "result", result);
    }
    if (method && strcmp(method, "ping") == 0)
        return json_pack("{s:s, s:O, s:{}}", "jsonrpc", "2.0", "id", id, "result");
    return json_pack("{s:s, s:O, s:{s:i, s:s}}", "jsonrpc", "2.0", "id", id, "error", "code",
                     -32601, "message", "method not supported by the command line");
}

/* Sends a request and handles everything until its response (new
 * reference). */
static json_t *request(struct app *a, struct mcp_session *s, struct inbox *in, json_int_t id,
                       const char *method, json_t *params /* stolen */)
{
    json_t *req = json_pack("{s:s, s:I, s:s, s:o}", "jsonrpc", "2.0", "id", id, "method", method,
                            "params", params);
    session_send(s, req);
    json_decref(req);
    for (;;) {
        json_t *m = inbox_next(in);
        json_t *mid = json_object_get(m, "id");
        const char *mmethod = json_string_value(json_object_get(m, "method"));
        if (!mmethod && json_is_integer(mid) && json_integer_value(mid) == id)
            return m;
        if (mmethod && mid) {
            json_t *resp = answer_request(a, m);
            session_send(s, resp);
            json_decref(resp);
        } else if (mmethod && strcmp(mmethod, "notifications/progress") == 0) {
            const char *pm = json_string_value(json_object_get(json_object_get(m, "params"),
                                                               "message"));
            log_info("progress: %s", pm ? pm : "working");
        } else if (mmethod) {
            log_debug("notification %s", mmethod);
        }
        json_decref(m);
    }
}

static void print_text_content(json_t *result, FILE *f)
{
    size_t i;
    json_t *c;
    json_array_foreach(json_object_get(result, "content"), i, c) {
        const char *text = json_string_value(json_object_get(c, "text"));
        if (!text)
            continue;
        size_t n = strlen(text);
        fputs(text, f);
        if (n == 0 || text[n - 1] != '\n')
            fputc('\n', f);
    }
}

static int print_result(struct app *a, json_t *resp)
{
    json_t *err = json_object_get(resp, "error");
    json_t *result = json_object_get(resp, "result");
    if (err || !json_is_object(result)) {
        const char *msg = json_string_value(json_object_get(err, "message"));
        fprintf(stderr, "halopsa-mcp: %s\n", msg ? msg : "no result");
        return json_integer_value(json_object_get(err, "code")) == -32602 ? APP_USAGE : APP_FAIL;
    }
    bool is_error = json_is_true(json_object_get(result, "isError"));
    if (a->json) {
        json_t *sc = json_object_get(result, "structuredContent");
        char *text = json_dumps(sc && !is_error ? sc : result, JSON_INDENT(2) | JSON_ENCODE_ANY);
        puts(text);
        free(text);
    } else {
        print_text_content(result, is_error ? stderr : stdout);
    }
    return is_error ? APP_FAIL : APP_OK;
}

/* The tool is not registered: say why in the words a user needs. */
static int explain_missing(struct app *a, const char *name)
{
    json_t *catalog = tools_catalog();
    json_t *e = app__catalog_find(catalog, name);
    int rc;
    if (!e) {
        rc = app__usage_error("call", "unknown tool '%s' (see 'halopsa-mcp tools')", name);
    } else {
        fprintf(stderr, "halopsa-mcp: tool '%s' is not available here (%s)\n", name,
                a->topts.read_only ? "read-only mode is on"
                                   : "excluded by HALOPSA_DOMAINS or HALOPSA_EXCLUDE_TOOLS");
        rc = APP_FAIL;
    }
    json_decref(catalog);
    return rc;
}

int app__call(struct app *a)
{
    struct inbox in;
    struct mcp_session *s = NULL;
    json_t *schema = NULL, *args = NULL, *resp = NULL;
    const char *name = a->args[0];
    int rc = app__setup_logging(a, LOG_WARN);
    if (rc != APP_OK)
        return rc;
    pthread_mutex_init(&in.mu, NULL);
    pthread_cond_init(&in.cv, NULL);
    in.queue = json_array();
    if ((rc = app__load_config(a)) != APP_OK || (rc = app__load_tool_options(a)) != APP_OK ||
        (rc = app__build_server(a)) != APP_OK)
        goto out;
    const struct mcp_tool *tool = mcp_server_find_tool(a->srv, name);
    if (!tool) {
        rc = explain_missing(a, name);
        goto out;
    }
    schema = json_loads(tool->input_schema, 0, NULL);
    if (!(args = build_args(a, schema))) {
        rc = APP_USAGE;
        goto out;
    }
    /* --yes stands for the confirmation a terminal would have given. */
    if (a->yes && json_object_get(json_object_get(schema, "properties"), "confirm") &&
        !json_object_get(args, "confirm"))
        json_object_set_new(args, "confirm", json_true());
    bool interactive = isatty(0) && isatty(2);

    s = mcp_session_new(a->srv, inbox_send, &in);
    mcp_session_set_label(s, "cli"); /* the audit log tells CLI calls apart */
    json_t *caps = interactive || a->yes ? json_pack("{s:{}}", "elicitation") : json_object();
    resp = request(a, s, &in, 1, "initialize",
                   json_pack("{s:s, s:o, s:{s:s, s:s}}", "protocolVersion", MCP_LATEST_PROTOCOL,
                             "capabilities", caps, "clientInfo", "name", "halopsa-mcp-cli",
                             "version", HALOPSA_MCP_VERSION));
    if (!json_object_get(resp, "result")) {
        rc = print_result(a, resp);
        goto out;
    }
    json_decref(resp);
    json_t *note = json_pack("{s:s, s:s}", "jsonrpc", "2.0", "method", "notifications/initialized");
    session_send(s, note);
    json_decref(note);
    resp = request(a, s, &in, 2, "tools/call",
                   json_pack("{s:s, s:O}", "name", name, "arguments", args));
    rc = print_result(a, resp);
out:
    if (s)
        mcp_session_free(s);
    json_decref(resp);
    json_decref(args);
    json_decref(schema);
    app__teardown(a);
    json_decref(in.queue);
    pthread_cond_destroy(&in.cv);
    pthread_mutex_destroy(&in.mu);
    return rc;
}
