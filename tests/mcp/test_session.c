/* test_session.c - the MCP session through mcp_session_receive with a
 * capturing send function: lifecycle, JSON-RPC errors and ids, tools,
 * pagination, visibility, workers, cancellation, progress, logging,
 * server-to-client requests, resources, prompts and completion. */
#include "mcplib.h"

#include <stdatomic.h>
#include <unistd.h>

/* ------------------------------------------------------------------ */
/* Test tools                                                          */

static atomic_int loop_state; /* 0 idle, 1 running, 2 saw cancellation, 3 gave up */

static json_t *tool_echo(struct mcp_call *call, json_t *args, void *data)
{
    (void)call, (void)data;
    return mcp_result_text(json_string_value(json_object_get(args, "text")));
}

static json_t *tool_null(struct mcp_call *call, json_t *args, void *data)
{
    (void)call, (void)args, (void)data;
    return NULL;
}

/* outputSchema tool: mode "ok" gives structured content, "missing" forgets
 * it, "bad" gives the wrong type, "error" returns an isError result. */
static json_t *tool_structured(struct mcp_call *call, json_t *args, void *data)
{
    (void)call, (void)data;
    const char *mode = json_string_value(json_object_get(args, "mode"));
    if (strcmp(mode, "ok") == 0)
        return mcp_result_structured(json_pack("{s:i}", "n", 7), NULL);
    if (strcmp(mode, "bad") == 0)
        return mcp_result_structured(json_pack("{s:s}", "n", "seven"), NULL);
    if (strcmp(mode, "error") == 0)
        return mcp_result_error("the backend said no: try again later");
    return mcp_result_text("no structure");
}

/* Runs until cancelled (at most 10 s), then records what it saw. */
static json_t *tool_loop(struct mcp_call *call, json_t *args, void *data)
{
    (void)args, (void)data;
    atomic_store(&loop_state, 1);
    int64_t end = base_now_ms() + 10000;
    while (!mcp_call_cancelled(call) && base_now_ms() < end)
        base_sleep_ms(2);
    atomic_store(&loop_state, mcp_call_cancelled(call) ? 2 : 3);
    return mcp_result_text("loop ended");
}

static json_t *tool_progress(struct mcp_call *call, json_t *args, void *data)
{
    (void)args, (void)data;
    mcp_call_progress(call, 1, 3, "one");
    mcp_call_progress(call, 1, 3, "one again (dropped: not increasing)");
    mcp_call_progress(call, 2, 0, NULL);
    mcp_call_progress(call, 3, 3, "three");
    return mcp_result_text("progressed");
}

static json_t *tool_log(struct mcp_call *call, json_t *args, void *data)
{
    (void)data;
    mcp_call_log(call, "info", "test", json_string("an info line"));
    mcp_call_log(call, "error", "test", json_pack("{s:s}", "what", "an error line"));
    mcp_call_log(call, json_string_value(json_object_get(args, "level")), NULL, NULL);
    return mcp_result_text("logged");
}

/* Elicits; timeout_ms from the arguments (default 10 s). Reports rc and the
 * action / error message. */
static json_t *tool_ask(struct mcp_call *call, json_t *args, void *data)
{
    (void)data;
    json_t *timeout = json_object_get(args, "timeout_ms");
    json_t *schema = json_pack("{s:s, s:{s:{s:s}}}", "type", "object", "properties", "ok", "type", "boolean");
    json_t *result = NULL;
    int rc = mcp_call_elicit(call, "Proceed?", schema, timeout ? (int)json_integer_value(timeout) : 10000, &result);
    json_decref(schema);
    const char *what = json_string_value(json_object_get(result, rc == MCP_INPUT_ERROR ? "message" : "action"));
    char *text = xasprintf("rc=%d %s", rc, what ? what : "-");
    json_decref(result);
    json_t *r = mcp_result_text(text);
    free(text);
    return r;
}

static json_t *tool_sample(struct mcp_call *call, json_t *args, void *data)
{
    (void)args, (void)data;
    json_t *params = json_pack("{s:[], s:i}", "messages", "maxTokens", 10);
    json_t *result = NULL;
    int rc = mcp_call_sample(call, params, 10000, &result);
    json_decref(params);
    const char *model = json_string_value(json_object_get(result, "model"));
    char *text = xasprintf("rc=%d %s", rc, model ? model : "-");
    json_decref(result);
    json_t *r = mcp_result_text(text);
    free(text);
    return r;
}

static json_t *tool_invoke(struct mcp_call *call, json_t *args, void *data)
{
    (void)data;
    return mcp_call_invoke(call, json_string_value(json_object_get(args, "tool")), json_object_get(args, "args"));
}

static json_t *tool_toggle(struct mcp_call *call, json_t *args, void *data)
{
    (void)args, (void)data;
    mcp_session_tools_changed(mcp_call_session(call));
    return mcp_result_text("changed");
}

#define OBJ "{\"type\":\"object\"}"

static const struct mcp_tool test_tools[] = {
    {"echo", "Echo", "Echoes text",
     "{\"type\":\"object\",\"properties\":{\"text\":{\"type\":\"string\",\"maxLength\":5},"
     "\"n\":{\"type\":\"integer\",\"minimum\":1,\"maximum\":100}},\"required\":[\"text\"],"
     "\"additionalProperties\":false}",
     NULL, {true, true, true, false}, tool_echo, NULL, MCP_TASK_NEVER},
    {"nothing", NULL, "Returns NULL", OBJ, NULL, {false, true, false, true}, tool_null, NULL, MCP_TASK_NEVER},
    {"structured", NULL, "Structured output",
     "{\"type\":\"object\",\"properties\":{\"mode\":{\"enum\":[\"ok\",\"missing\",\"bad\",\"error\"]}},"
     "\"required\":[\"mode\"]}",
     "{\"type\":\"object\",\"properties\":{\"n\":{\"type\":\"integer\"}},\"required\":[\"n\"]}",
     {true, false, true, false}, tool_structured, NULL, MCP_TASK_NEVER},
    {"loop", NULL, "Loops until cancelled", OBJ, NULL, {true, false, true, false}, tool_loop, NULL, MCP_TASK_NEVER},
    {"progress", NULL, "Progress", OBJ, NULL, {true, false, true, false}, tool_progress, NULL, MCP_TASK_NEVER},
    {"log", NULL, "Logs", OBJ, NULL, {true, false, true, false}, tool_log, NULL, MCP_TASK_NEVER},
    {"ask", NULL, "Elicits", OBJ, NULL, {true, false, true, false}, tool_ask, NULL, MCP_TASK_NEVER},
    {"sample", NULL, "Samples", OBJ, NULL, {true, false, true, false}, tool_sample, NULL, MCP_TASK_NEVER},
    {"invoke", NULL, "Invokes another tool", OBJ, NULL, {true, false, true, false}, tool_invoke, NULL, MCP_TASK_NEVER},
    {"toggle", NULL, "Sends list_changed", OBJ, NULL, {true, false, true, false}, tool_toggle, NULL, MCP_TASK_NEVER},
};
#define NTOOLS (sizeof test_tools / sizeof test_tools[0])

static json_t *read_res(struct mcp_call *call, const char *uri, void *data)
{
    (void)call, (void)data;
    if (strstr(uri, "missing"))
        return NULL;
    return json_pack("[{s:s, s:s}]", "uri", uri, "text", "content");
}

static json_t *get_prompt(struct mcp_call *call, json_t *args, void *data, const char **err)
{
    (void)call, (void)data;
    const char *who = json_string_value(json_object_get(args, "who"));
    if (who && strcmp(who, "nobody") == 0) {
        *err = "who must be somebody";
        return NULL;
    }
    return json_pack("{s:[{s:s, s:{s:s, s:s}}]}", "messages", "role", "user", "content", "type", "text", "text",
                     who ? who : "anyone");
}

static json_t *complete_fn(struct mcp_call *call, json_t *ref, json_t *argument, json_t *context, void *data)
{
    (void)call, (void)ref, (void)context, (void)data;
    const char *v = json_string_value(json_object_get(argument, "value"));
    if (strcmp(v, "many") == 0) {
        json_t *values = json_array();
        for (int i = 0; i < 150; i++)
            json_array_append_new(values, json_string(i % 2 ? "x" : "y"));
        return json_pack("{s:o}", "values", values);
    }
    return json_pack("{s:[s]}", "values", "alpha");
}

static atomic_bool hide_loop;
static bool visible(struct mcp_session *s, const char *name, void *data)
{
    (void)s, (void)data;
    return !(atomic_load(&hide_loop) && strcmp(name, "loop") == 0);
}

/* A server with every test tool; extras adds resources, prompts, completion. */
static struct mcp_server *make_server(bool extras)
{
    struct mcp_server_info info = {"test-server", "Test Server", "9.9.9", "Use the tools."};
    struct mcp_server *srv = mcp_server_new(&info);
    char err[256];
    for (size_t i = 0; i < NTOOLS; i++)
        CHECK_INT(mcp_server_add_tool(srv, &test_tools[i], err, sizeof err), 0);
    if (extras) {
        struct mcp_resource r1 = {"mem://a", false, "a", "A", "first", "text/plain", read_res, NULL};
        struct mcp_resource r2 = {"mem://items/{id}/body", true, "item", NULL, NULL, "text/plain", read_res, NULL};
        struct mcp_prompt p1 = {"greet", "Greet", "Greets",
                                "[{\"name\":\"who\",\"description\":\"whom\",\"required\":true}]", get_prompt, NULL};
        CHECK_INT(mcp_server_add_resource(srv, &r1, err, sizeof err), 0);
        CHECK_INT(mcp_server_add_resource(srv, &r2, err, sizeof err), 0);
        CHECK_INT(mcp_server_add_prompt(srv, &p1, err, sizeof err), 0);
        mcp_server_set_completion(srv, complete_fn, NULL);
    }
    return srv;
}

struct env {
    struct mcp_server *srv;
    struct mcp_session *s;
    struct cap c;
};

static void env_open(struct env *e, bool extras, const char *caps)
{
    e->srv = make_server(extras);
    cap_init(&e->c);
    e->s = mcp_session_new(e->srv, cap_send, &e->c);
    if (caps) {
        json_t *r = init_session(e->s, &e->c, caps);
        CHECK(r != NULL);
        json_decref(r);
    }
}

static void env_close(struct env *e)
{
    mcp_session_free(e->s);
    CHECK_INT(e->c.bad, 0);
    cap_cleanup(&e->c);
    mcp_server_free(e->srv);
}

/* ------------------------------------------------------------------ */
/* Lifecycle                                                           */

static void test_initialize(void)
{
    struct env e;
    env_open(&e, false, NULL);
    json_t *r = rpc(e.s, &e.c, 1, "initialize",
                    "{\"protocolVersion\":\"2025-11-25\",\"capabilities\":{\"elicitation\":{}},"
                    "\"clientInfo\":{\"name\":\"t\",\"version\":\"1\"}}");
    json_t *res = json_object_get(r, "result");
    CHECK_STR(json_string_value(json_object_get(res, "protocolVersion")), "2025-11-25");
    json_t *info = json_object_get(res, "serverInfo");
    CHECK_STR(json_string_value(json_object_get(info, "name")), "test-server");
    CHECK_STR(json_string_value(json_object_get(info, "title")), "Test Server");
    CHECK_STR(json_string_value(json_object_get(info, "version")), "9.9.9");
    CHECK_STR(json_string_value(json_object_get(res, "instructions")), "Use the tools.");
    json_t *caps = json_object_get(res, "capabilities");
    CHECK(json_is_true(json_object_get(json_object_get(caps, "tools"), "listChanged")));
    CHECK(json_object_get(caps, "logging") != NULL);
    /* nothing registered: not advertised */
    CHECK(json_object_get(caps, "resources") == NULL);
    CHECK(json_object_get(caps, "prompts") == NULL);
    CHECK(json_object_get(caps, "completions") == NULL);
    CHECK_STR(mcp_session_protocol(e.s), "2025-11-25");
    CHECK(mcp_session_client_has(e.s, "elicitation"));
    CHECK(!mcp_session_client_has(e.s, "sampling"));
    json_decref(r);
    /* a second initialize is rejected */
    r = rpc(e.s, &e.c, 2, "initialize", "{\"protocolVersion\":\"2025-06-18\",\"capabilities\":{}}");
    CHECK_INT(err_code(r), -32600);
    CHECK_STR(mcp_session_protocol(e.s), "2025-11-25");
    json_decref(r);
    env_close(&e);
}

static void test_version_negotiation(void)
{
    static const char *const cases[][2] = {
        {"2025-11-25", "2025-11-25"}, {"2025-06-18", "2025-06-18"}, {"2025-03-26", "2025-03-26"},
        {"2024-11-05", "2024-11-05"}, {"2023-01-01", "2025-11-25"}, {"2099-12-31", "2025-11-25"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        struct env e;
        env_open(&e, false, NULL);
        char *params = xasprintf("{\"protocolVersion\":\"%s\",\"capabilities\":{}}", cases[i][0]);
        json_t *r = rpc(e.s, &e.c, 1, "initialize", params);
        CHECK_STR(json_string_value(json_object_get(json_object_get(r, "result"), "protocolVersion")), cases[i][1]);
        free(params);
        json_decref(r);
        env_close(&e);
    }
    struct env e;
    env_open(&e, false, NULL);
    json_t *r = rpc(e.s, &e.c, 1, "initialize", "{\"capabilities\":{}}");
    CHECK_INT(err_code(r), -32602);
    json_decref(r);
    CHECK(mcp_session_protocol(e.s) == NULL);
    env_close(&e);
}

static void test_before_initialize(void)
{
    struct env e;
    env_open(&e, false, NULL);
    json_t *r = rpc(e.s, &e.c, 1, "tools/list", NULL);
    CHECK_INT(err_code(r), -32600);
    json_decref(r);
    r = rpc(e.s, &e.c, 2, "tools/call", "{\"name\":\"echo\",\"arguments\":{\"text\":\"a\"}}");
    CHECK_INT(err_code(r), -32600);
    json_decref(r);
    r = rpc(e.s, &e.c, 3, "ping", NULL);
    CHECK(json_is_object(json_object_get(r, "result")));
    CHECK_INT(json_object_size(json_object_get(r, "result")), 0);
    json_decref(r);
    /* list_changed is not sent to an uninitialized session */
    mcp_session_tools_changed(e.s);
    CHECK_INT(cap_pending(&e.c), 0);
    env_close(&e);
}

/* ------------------------------------------------------------------ */
/* JSON-RPC envelope                                                   */

static void expect_error(struct env *e, const char *msg, int code)
{
    rx(e->s, msg);
    json_t *null = json_null();
    json_t *r = cap_take(&e->c, pred_id, null, 5000);
    if (!r)
        harness_fail(__FILE__, __LINE__, "no error reply for %s", msg);
    else if (err_code(r) != code)
        harness_fail(__FILE__, __LINE__, "%s: code %d, want %d", msg, err_code(r), code);
    json_decref(r);
    json_decref(null);
}

static void test_envelope_errors(void)
{
    struct env e;
    env_open(&e, false, "{}");
    expect_error(&e, "{not json", -32700);
    expect_error(&e, "", -32700);
    expect_error(&e, "42", -32600);
    expect_error(&e, "\"str\"", -32600);
    expect_error(&e, "[]", -32600);
    expect_error(&e, "[{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}]", -32600);
    expect_error(&e, "{\"jsonrpc\":\"2.0\",\"id\":null,\"method\":\"ping\"}", -32600);
    expect_error(&e, "{\"jsonrpc\":\"2.0\",\"id\":1.5,\"method\":\"ping\"}", -32600);
    expect_error(&e, "{\"jsonrpc\":\"2.0\",\"id\":{},\"method\":\"ping\"}", -32600);
    expect_error(&e, "{\"jsonrpc\":\"1.0\",\"method\":\"ping\"}", -32600);
    /* the session keeps serving after each of them */
    json_t *r = rpc(e.s, &e.c, 7, "ping", NULL);
    CHECK(json_object_get(r, "result") != NULL);
    json_decref(r);
    /* errors that can name the request keep its id */
    r = rpc(e.s, &e.c, 8, "no/such/method", NULL);
    CHECK_INT(err_code(r), -32601);
    json_decref(r);
    rx(e.s, "{\"id\":9,\"method\":\"ping\"}");
    r = cap_reply(&e.c, 9);
    CHECK_INT(err_code(r), -32600);
    json_decref(r);
    rx(e.s, "{\"jsonrpc\":\"2.0\",\"id\":10,\"method\":7}");
    r = cap_reply(&e.c, 10);
    CHECK_INT(err_code(r), -32600);
    json_decref(r);
    rx(e.s, "{\"jsonrpc\":\"2.0\",\"id\":11,\"method\":\"ping\",\"params\":3}");
    r = cap_reply(&e.c, 11);
    CHECK_INT(err_code(r), -32600);
    json_decref(r);
    r = rpc(e.s, &e.c, 12, "tools/list", "[1,2]");
    CHECK_INT(err_code(r), -32602);
    json_decref(r);
    rx(e.s, "{\"jsonrpc\":\"2.0\",\"id\":13}");
    r = cap_reply(&e.c, 13);
    CHECK_INT(err_code(r), -32600);
    json_decref(r);
    CHECK_INT(cap_pending(&e.c), 0);
    env_close(&e);
}

static void test_notifications_get_no_reply(void)
{
    struct env e;
    env_open(&e, false, "{}");
    rx(e.s, "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/whatever\"}");
    rx(e.s, "{\"jsonrpc\":\"2.0\",\"method\":\"tools/list\"}");
    rx(e.s, "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/cancelled\",\"params\":{\"requestId\":99}}");
    rx(e.s, "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/roots/list_changed\"}");
    /* a response to a request we never sent is ignored too */
    rx(e.s, "{\"jsonrpc\":\"2.0\",\"id\":\"srv-77\",\"result\":{}}");
    json_t *r = rpc(e.s, &e.c, 5, "ping", NULL);
    CHECK(r != NULL);
    json_decref(r);
    CHECK_INT(cap_pending(&e.c), 0);
    env_close(&e);
}

static void test_ids_echoed_exactly(void)
{
    struct env e;
    env_open(&e, false, "{}");
    static const char *const ids[] = {"9007199254740993", "9223372036854775807", "-5", "0", "\"abc\"",
                                      "\"\\u00fcnic\\u00f6de \\ud83d\\ude00\"", "\"\"", "\"1\""};
    for (size_t i = 0; i < sizeof ids / sizeof ids[0]; i++) {
        char *msg = xasprintf("{\"jsonrpc\":\"2.0\",\"id\":%s,\"method\":\"ping\"}", ids[i]);
        json_t *want = json_loads(ids[i], JSON_DECODE_ANY, NULL);
        rx(e.s, msg);
        json_t *r = cap_take(&e.c, pred_id, want, 5000);
        CHECK(r != NULL);
        CHECK_JSON(json_object_get(r, "id"), want);
        json_decref(r);
        json_decref(want);
        free(msg);
    }
    /* the same id on a tool call comes back on the worker's reply */
    rx(e.s, "{\"jsonrpc\":\"2.0\",\"id\":\"t\\u00e9\",\"method\":\"tools/call\",\"params\":{\"name\":\"echo\","
            "\"arguments\":{\"text\":\"hi\"}}}");
    json_t *want = json_string("t\xc3\xa9");
    json_t *r = cap_take(&e.c, pred_id, want, 5000);
    CHECK_STR(first_text(r), "hi");
    json_decref(r);
    json_decref(want);
    env_close(&e);
}

static void test_oversize_message(void)
{
    struct env e;
    env_open(&e, false, "{}");
    size_t n = MCP_MAX_MESSAGE + 1;
    char *big = xmalloc(n);
    memset(big, ' ', n);
    mcp_session_receive(e.s, big, n);
    free(big);
    json_t *null = json_null();
    json_t *r = cap_take(&e.c, pred_id, null, 5000);
    CHECK_INT(err_code(r), -32600);
    json_decref(r);
    json_decref(null);
    r = rpc(e.s, &e.c, 2, "ping", NULL);
    CHECK(r != NULL);
    json_decref(r);
    env_close(&e);
}

/* Hostile input: every line gets at most one well-formed reply and the
 * session keeps serving. */
static void test_hostile_input(void)
{
    struct env e;
    env_open(&e, false, "{}");
    struct buf deep = {0};
    for (int i = 0; i < 5000; i++)
        buf_appends(&deep, "[");
    struct buf deep_params = {0};
    buf_appends(&deep_params, "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\",\"params\":{\"name\":\"echo\","
                              "\"arguments\":{\"text\":\"a\",\"n\":");
    for (int i = 0; i < 1000; i++)
        buf_appends(&deep_params, "[");
    for (int i = 0; i < 1000; i++)
        buf_appends(&deep_params, "]");
    buf_appends(&deep_params, "}}}");
    const char *inputs[] = {
        deep.data,
        deep_params.data,
        "{\"jsonrpc\":\"2.0\",\"id\":\"\xff\xfe\",\"method\":\"ping\"}",
        "{\"jsonrpc\":\"2.0\",\"id\":\"a\\u0000b\",\"method\":\"ping\"}",
        "{\"jsonrpc\":\"2.0\",\"id\":99999999999999999999999,\"method\":\"ping\"}",
        "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/call\",\"params\":{\"name\":{\"x\":1}}}",
        "{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"tools/call\",\"params\":{\"name\":\"echo\",\"arguments\":null}}",
        "{\"jsonrpc\":\"2.0\",\"id\":4,\"method\":\"initialize\",\"params\":{\"protocolVersion\":7}}",
        "{\"jsonrpc\":\"2.0\",\"id\":5,\"result\":{},\"error\":{}}",
        "{\"jsonrpc\":\"2.0\",\"id\":\"srv-1\",\"result\":5}",
        "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/cancelled\",\"params\":{\"requestId\":{\"a\":[1]}}}",
        "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/cancelled\",\"params\":[1]}",
        "{\"jsonrpc\":\"2.0\",\"id\":6,\"method\":\"logging/setLevel\",\"params\":{\"level\":null}}",
        "{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"tools/list\",\"params\":{\"cursor\":\"c1.18446744073709551616\"}}",
        "{\"a\":1,\"a\":2}",
        "\xef\xbb\xbf{\"jsonrpc\":\"2.0\",\"id\":8,\"method\":\"ping\"}",
    };
    size_t n = sizeof inputs / sizeof inputs[0];
    for (size_t i = 0; i < n; i++) {
        size_t before = e.c.total;
        rx(e.s, inputs[i]);
        /* tool calls answer from a worker: wait for that reply first */
        json_t *in = json_loads(inputs[i], 0, NULL);
        const char *method = json_string_value(json_object_get(in, "method"));
        if (method && strcmp(method, "tools/call") == 0)
            json_decref(cap_reply(&e.c, json_integer_value(json_object_get(in, "id"))));
        json_decref(in);
        json_t *r = rpc(e.s, &e.c, 1000 + (json_int_t)i, "ping", NULL);
        if (!r)
            harness_fail(__FILE__, __LINE__, "no ping reply after input %zu", i);
        json_decref(r);
        /* at most one reply for the input itself, plus the ping reply */
        if (e.c.total - before > 2)
            harness_fail(__FILE__, __LINE__, "input %zu produced %zu messages", i, e.c.total - before - 1);
    }
    buf_free(&deep);
    buf_free(&deep_params);
    env_close(&e);
}

/* ------------------------------------------------------------------ */
/* Tools                                                               */

static void test_tools_list_entries(void)
{
    struct env e;
    env_open(&e, false, "{}");
    json_t *r = rpc(e.s, &e.c, 2, "tools/list", NULL);
    json_t *tools = json_object_get(json_object_get(r, "result"), "tools");
    CHECK_INT(json_array_size(tools), NTOOLS);
    CHECK(json_object_get(json_object_get(r, "result"), "nextCursor") == NULL);
    json_t *echo = json_array_get(tools, 0);
    CHECK_STR(json_string_value(json_object_get(echo, "name")), "echo");
    CHECK_STR(json_string_value(json_object_get(echo, "title")), "Echo");
    CHECK_STR(json_string_value(json_object_get(echo, "description")), "Echoes text");
    CHECK_STR(json_string_value(json_object_get(json_object_get(echo, "inputSchema"), "type")), "object");
    json_t *ann = json_object_get(echo, "annotations");
    CHECK(json_is_true(json_object_get(ann, "readOnlyHint")));
    CHECK(json_is_false(json_object_get(ann, "destructiveHint"))); /* read-only wins */
    CHECK(json_is_true(json_object_get(ann, "idempotentHint")));
    CHECK(json_is_false(json_object_get(ann, "openWorldHint")));
    json_t *nothing = json_array_get(tools, 1);
    ann = json_object_get(nothing, "annotations");
    CHECK(json_is_false(json_object_get(ann, "readOnlyHint")));
    CHECK(json_is_true(json_object_get(ann, "destructiveHint")));
    CHECK(json_is_true(json_object_get(ann, "openWorldHint")));
    CHECK(json_object_get(nothing, "title") == NULL);
    json_t *st = json_array_get(tools, 2);
    CHECK_STR(json_string_value(json_object_get(json_object_get(st, "outputSchema"), "type")), "object");
    json_decref(r);
    env_close(&e);
}

static void test_tools_list_pagination(void)
{
    struct env e;
    env_open(&e, false, "{}");
    mcp_server_set_page_size(e.srv, 3);
    json_t *names = json_array();
    json_t *cursor = NULL;
    int pages = 0;
    for (int id = 10; pages < 20; id++) {
        char *params = NULL;
        if (cursor)
            params = xasprintf("{\"cursor\":\"%s\"}", json_string_value(cursor));
        json_t *r = rpc(e.s, &e.c, id, "tools/list", params);
        free(params);
        json_t *res = json_object_get(r, "result");
        json_t *tools = json_object_get(res, "tools");
        CHECK(json_array_size(tools) <= 3);
        size_t i;
        json_t *t;
        json_array_foreach(tools, i, t) json_array_append(names, json_object_get(t, "name"));
        json_decref(cursor);
        cursor = json_incref(json_object_get(res, "nextCursor"));
        json_decref(r);
        pages++;
        if (!cursor)
            break;
        CHECK(json_is_string(cursor));
    }
    CHECK_INT(pages, (NTOOLS + 2) / 3);
    CHECK_INT(json_array_size(names), NTOOLS);
    for (size_t i = 0; i < NTOOLS; i++)
        CHECK_STR(json_string_value(json_array_get(names, i)), test_tools[i].name);
    json_decref(names);
    static const char *const bad[] = {"\"garbage\"", "\"c1.99999\"", "\"c1.-1\"", "\"c1.\"", "5", "\"c1.1x\""};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        char *params = xasprintf("{\"cursor\":%s}", bad[i]);
        json_t *r = rpc(e.s, &e.c, 100 + (json_int_t)i, "tools/list", params);
        if (err_code(r) != -32602)
            harness_fail(__FILE__, __LINE__, "cursor %s gave %s", bad[i], harness_json(r));
        json_decref(r);
        free(params);
    }
    env_close(&e);
}

static void test_visibility(void)
{
    struct env e;
    env_open(&e, false, NULL);
    mcp_server_set_visibility(e.srv, visible, NULL);
    json_t *init = init_session(e.s, &e.c, "{}");
    CHECK(json_is_true(json_object_get(json_object_get(json_object_get(init, "capabilities"), "tools"), "listChanged")));
    json_decref(init);
    atomic_store(&hide_loop, true);
    json_t *r = rpc(e.s, &e.c, 2, "tools/list", NULL);
    json_t *tools = json_object_get(json_object_get(r, "result"), "tools");
    CHECK_INT(json_array_size(tools), NTOOLS - 1);
    size_t i;
    json_t *t;
    json_array_foreach(tools, i, t) CHECK(strcmp(json_string_value(json_object_get(t, "name")), "loop") != 0);
    json_decref(r);
    /* hidden on a page boundary: pages still cover every visible tool */
    mcp_server_set_page_size(e.srv, 3);
    size_t seen = 0;
    json_t *cursor = NULL;
    for (int id = 20; id < 40; id++) {
        char *params = cursor ? xasprintf("{\"cursor\":\"%s\"}", json_string_value(cursor)) : NULL;
        r = rpc(e.s, &e.c, id, "tools/list", params);
        free(params);
        seen += json_array_size(json_object_get(json_object_get(r, "result"), "tools"));
        json_decref(cursor);
        cursor = json_incref(json_object_get(json_object_get(r, "result"), "nextCursor"));
        json_decref(r);
        if (!cursor)
            break;
    }
    CHECK_INT(seen, NTOOLS - 1);
    /* a hidden tool stays callable (hosts cache lists) */
    atomic_store(&loop_state, 0);
    rx(e.s, "{\"jsonrpc\":\"2.0\",\"id\":50,\"method\":\"tools/call\",\"params\":{\"name\":\"loop\"}}");
    while (atomic_load(&loop_state) == 0)
        base_sleep_ms(1);
    rx(e.s, "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/cancelled\",\"params\":{\"requestId\":50}}");
    while (atomic_load(&loop_state) == 1)
        base_sleep_ms(1);
    CHECK_INT(atomic_load(&loop_state), 2);
    atomic_store(&hide_loop, false);
    /* list_changed from a handler */
    r = rpc(e.s, &e.c, 51, "tools/call", "{\"name\":\"toggle\"}");
    CHECK_STR(first_text(r), "changed");
    json_decref(r);
    CHECK_INT(cap_count_method(&e.c, "notifications/tools/list_changed"), 1);
    mcp_session_tools_changed(e.s);
    json_t *n = cap_take(&e.c, pred_method, "notifications/tools/list_changed", 5000);
    CHECK(n != NULL);
    CHECK(json_object_get(n, "id") == NULL);
    json_decref(n);
    env_close(&e);
}

static void test_tools_call(void)
{
    struct env e;
    env_open(&e, false, "{}");
    json_t *r = rpc(e.s, &e.c, 2, "tools/call", "{\"name\":\"echo\",\"arguments\":{\"text\":\"hey\"}}");
    CHECK_STR(first_text(r), "hey");
    CHECK(!is_error_result(r));
    json_decref(r);
    r = rpc(e.s, &e.c, 3, "tools/call", "{\"name\":\"nope\",\"arguments\":{}}");
    CHECK_INT(err_code(r), -32602);
    CHECK_CONTAINS(json_string_value(json_object_get(json_object_get(r, "error"), "message")), "nope");
    json_decref(r);
    r = rpc(e.s, &e.c, 4, "tools/call", "{\"arguments\":{}}");
    CHECK_INT(err_code(r), -32602);
    json_decref(r);
    r = rpc(e.s, &e.c, 5, "tools/call", "{\"name\":\"echo\",\"arguments\":[1]}");
    CHECK_INT(err_code(r), -32602);
    json_decref(r);
    /* validation failures are tool errors naming the field, before the handler */
    r = rpc(e.s, &e.c, 6, "tools/call", "{\"name\":\"echo\",\"arguments\":{\"text\":\"toolongtext\"}}");
    CHECK(is_error_result(r));
    CHECK_CONTAINS(first_text(r), "'text'");
    CHECK_CONTAINS(first_text(r), "at most 5");
    json_decref(r);
    r = rpc(e.s, &e.c, 7, "tools/call", "{\"name\":\"echo\"}");
    CHECK(is_error_result(r));
    CHECK_CONTAINS(first_text(r), "argument 'text': is required");
    json_decref(r);
    r = rpc(e.s, &e.c, 8, "tools/call", "{\"name\":\"echo\",\"arguments\":{\"text\":\"a\",\"n\":101}}");
    CHECK_CONTAINS(first_text(r), "argument 'n': must be <= 100");
    json_decref(r);
    r = rpc(e.s, &e.c, 9, "tools/call", "{\"name\":\"echo\",\"arguments\":{\"text\":\"a\",\"extra\":1}}");
    CHECK_CONTAINS(first_text(r), "argument 'extra'");
    json_decref(r);
    /* a handler returning NULL is an internal error */
    r = rpc(e.s, &e.c, 10, "tools/call", "{\"name\":\"nothing\"}");
    CHECK_INT(err_code(r), -32603);
    json_decref(r);
    env_close(&e);
}

static void test_output_schema(void)
{
    struct env e;
    env_open(&e, false, "{}");
    json_t *r = rpc(e.s, &e.c, 2, "tools/call", "{\"name\":\"structured\",\"arguments\":{\"mode\":\"ok\"}}");
    json_t *sc = json_object_get(json_object_get(r, "result"), "structuredContent");
    CHECK_INT(json_integer_value(json_object_get(sc, "n")), 7);
    CHECK_STR(first_text(r), "{\"n\":7}");
    json_decref(r);
    r = rpc(e.s, &e.c, 3, "tools/call", "{\"name\":\"structured\",\"arguments\":{\"mode\":\"missing\"}}");
    CHECK_INT(err_code(r), -32603);
    json_decref(r);
    r = rpc(e.s, &e.c, 4, "tools/call", "{\"name\":\"structured\",\"arguments\":{\"mode\":\"bad\"}}");
    CHECK_INT(err_code(r), -32603);
    json_decref(r);
    /* isError results are exempt */
    r = rpc(e.s, &e.c, 5, "tools/call", "{\"name\":\"structured\",\"arguments\":{\"mode\":\"error\"}}");
    CHECK(is_error_result(r));
    CHECK_CONTAINS(first_text(r), "try again later");
    json_decref(r);
    r = rpc(e.s, &e.c, 6, "tools/call", "{\"name\":\"structured\",\"arguments\":{\"mode\":\"other\"}}");
    CHECK(is_error_result(r));
    CHECK_CONTAINS(first_text(r), "argument 'mode'");
    json_decref(r);
    env_close(&e);
}

static void test_invoke(void)
{
    struct env e;
    env_open(&e, false, "{}");
    json_t *r = rpc(e.s, &e.c, 2, "tools/call",
                    "{\"name\":\"invoke\",\"arguments\":{\"tool\":\"echo\",\"args\":{\"text\":\"inner\"}}}");
    CHECK_STR(first_text(r), "inner");
    json_decref(r);
    r = rpc(e.s, &e.c, 3, "tools/call", "{\"name\":\"invoke\",\"arguments\":{\"tool\":\"echo\",\"args\":{}}}");
    CHECK(is_error_result(r));
    CHECK_CONTAINS(first_text(r), "'text'");
    json_decref(r);
    r = rpc(e.s, &e.c, 4, "tools/call", "{\"name\":\"invoke\",\"arguments\":{\"tool\":\"ghost\"}}");
    CHECK(is_error_result(r));
    CHECK_CONTAINS(first_text(r), "ghost");
    json_decref(r);
    r = rpc(e.s, &e.c, 5, "tools/call", "{\"name\":\"invoke\",\"arguments\":{\"tool\":\"nothing\"}}");
    CHECK(is_error_result(r));
    json_decref(r);
    env_close(&e);
}

/* ------------------------------------------------------------------ */
/* Workers, cancellation, progress, logging                            */

static void test_cancellation(void)
{
    struct env e;
    env_open(&e, false, "{}");
    atomic_store(&loop_state, 0);
    rx(e.s, "{\"jsonrpc\":\"2.0\",\"id\":\"c1\",\"method\":\"tools/call\",\"params\":{\"name\":\"loop\"}}");
    while (atomic_load(&loop_state) == 0)
        base_sleep_ms(1);
    /* the reader keeps serving while the tool runs */
    json_t *r = rpc(e.s, &e.c, 2, "ping", NULL);
    CHECK(r != NULL);
    json_decref(r);
    /* a cancel for another id changes nothing */
    rx(e.s, "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/cancelled\",\"params\":{\"requestId\":\"c2\"}}");
    rx(e.s, "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/cancelled\",\"params\":{\"requestId\":\"c1\","
            "\"reason\":\"user\"}}");
    while (atomic_load(&loop_state) == 1)
        base_sleep_ms(1);
    CHECK_INT(atomic_load(&loop_state), 2);
    /* mcp_session_free joins the worker: after it, everything sent is captured */
    mcp_session_free(e.s);
    json_t *id = json_string("c1");
    r = cap_take(&e.c, pred_id, id, 0);
    CHECK(r == NULL); /* no response to a cancelled request */
    json_decref(r);
    json_decref(id);
    e.s = mcp_session_new(e.srv, cap_send, &e.c);
    env_close(&e);
}

static void test_free_cancels_inflight(void)
{
    struct env e;
    env_open(&e, false, "{}");
    atomic_store(&loop_state, 0);
    rx(e.s, "{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"tools/call\",\"params\":{\"name\":\"loop\"}}");
    while (atomic_load(&loop_state) == 0)
        base_sleep_ms(1);
    mcp_session_free(e.s);
    CHECK_INT(atomic_load(&loop_state), 2);
    /* closing is not a client cancel: the handler's answer still goes out */
    json_t *r = cap_reply(&e.c, 3);
    CHECK_STR(first_text(r), "loop ended");
    json_decref(r);
    e.s = mcp_session_new(e.srv, cap_send, &e.c);
    env_close(&e);
}

static void test_many_concurrent_calls(void)
{
    struct env e;
    env_open(&e, false, "{}");
    for (int i = 0; i < 200; i++) {
        char *msg = xasprintf("{\"jsonrpc\":\"2.0\",\"id\":%d,\"method\":\"tools/call\",\"params\":{\"name\":\"echo\","
                              "\"arguments\":{\"text\":\"%d\"}}}",
                              1000 + i, i % 1000);
        rx(e.s, msg);
        free(msg);
    }
    int ok = 0, busy = 0;
    for (int i = 0; i < 200; i++) {
        json_t *r = cap_reply(&e.c, 1000 + i);
        if (r && first_text(r))
            ok++;
        else if (r && err_code(r) == -32603)
            busy++;
        json_decref(r);
    }
    CHECK_INT(ok + busy, 200);
    CHECK(ok > 0);
    env_close(&e);
}

static void test_progress(void)
{
    struct env e;
    env_open(&e, false, "{}");
    json_t *r = rpc(e.s, &e.c, 2, "tools/call", "{\"name\":\"progress\",\"_meta\":{\"progressToken\":\"tok-1\"}}");
    CHECK_STR(first_text(r), "progressed");
    json_decref(r);
    double want[] = {1, 2, 3};
    for (int i = 0; i < 3; i++) {
        json_t *n = cap_take(&e.c, pred_method, "notifications/progress", 1000);
        json_t *p = json_object_get(n, "params");
        CHECK_STR(json_string_value(json_object_get(p, "progressToken")), "tok-1");
        CHECK(json_number_value(json_object_get(p, "progress")) == want[i]);
        if (i == 1)
            CHECK(json_object_get(p, "total") == NULL);
        else
            CHECK(json_number_value(json_object_get(p, "total")) == 3);
        json_decref(n);
    }
    CHECK_INT(cap_count_method(&e.c, "notifications/progress"), 0);
    /* integer tokens stay integers */
    r = rpc(e.s, &e.c, 3, "tools/call", "{\"name\":\"progress\",\"_meta\":{\"progressToken\":42}}");
    json_decref(r);
    json_t *n = cap_take(&e.c, pred_method, "notifications/progress", 1000);
    CHECK(json_is_integer(json_object_get(json_object_get(n, "params"), "progressToken")));
    json_decref(n);
    cap_count_method(&e.c, "notifications/progress");
    /* no token, no notifications */
    r = rpc(e.s, &e.c, 4, "tools/call", "{\"name\":\"progress\"}");
    json_decref(r);
    CHECK_INT(cap_count_method(&e.c, "notifications/progress"), 0);
    env_close(&e);
}

static void test_logging(void)
{
    struct env e;
    env_open(&e, false, "{}");
    json_t *r = rpc(e.s, &e.c, 2, "tools/call", "{\"name\":\"log\",\"arguments\":{\"level\":\"debug\"}}");
    json_decref(r);
    CHECK_INT(cap_count_method(&e.c, "notifications/message"), 3);
    r = rpc(e.s, &e.c, 3, "logging/setLevel", "{\"level\":\"loud\"}");
    CHECK_INT(err_code(r), -32602);
    json_decref(r);
    r = rpc(e.s, &e.c, 4, "logging/setLevel", "{\"level\":\"error\"}");
    CHECK_INT(json_object_size(json_object_get(r, "result")), 0);
    CHECK(json_object_get(r, "result") != NULL);
    json_decref(r);
    r = rpc(e.s, &e.c, 5, "tools/call", "{\"name\":\"log\",\"arguments\":{\"level\":\"emergency\"}}");
    json_decref(r);
    json_t *n = cap_take(&e.c, pred_method, "notifications/message", 1000);
    json_t *p = json_object_get(n, "params");
    CHECK_STR(json_string_value(json_object_get(p, "level")), "error");
    CHECK_STR(json_string_value(json_object_get(p, "logger")), "test");
    CHECK_STR(json_string_value(json_object_get(json_object_get(p, "data"), "what")), "an error line");
    json_decref(n);
    n = cap_take(&e.c, pred_method, "notifications/message", 1000);
    CHECK_STR(json_string_value(json_object_get(json_object_get(n, "params"), "level")), "emergency");
    json_decref(n);
    CHECK_INT(cap_count_method(&e.c, "notifications/message"), 0);
    env_close(&e);
}

/* ------------------------------------------------------------------ */
/* Server-to-client requests                                           */

static bool pred_request(json_t *msg, const void *arg)
{
    return pred_method(msg, arg) && json_object_get(msg, "id") != NULL;
}

static void test_elicitation_roundtrip(void)
{
    struct env e;
    env_open(&e, false, "{\"elicitation\":{}}");
    rx(e.s, "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/call\",\"params\":{\"name\":\"ask\"}}");
    json_t *req = cap_take(&e.c, pred_request, "elicitation/create", 5000);
    CHECK(req != NULL);
    json_t *id = json_object_get(req, "id");
    CHECK(json_is_string(id));
    CHECK_CONTAINS(json_string_value(id), "srv-");
    json_t *p = json_object_get(req, "params");
    CHECK_STR(json_string_value(json_object_get(p, "message")), "Proceed?");
    CHECK_STR(json_string_value(json_object_get(p, "mode")), "form");
    CHECK_STR(json_string_value(json_object_get(json_object_get(p, "requestedSchema"), "type")), "object");
    /* a ping in between is served while the tool waits */
    json_t *r = rpc(e.s, &e.c, 3, "ping", NULL);
    CHECK(r != NULL);
    json_decref(r);
    char *answer = xasprintf("{\"jsonrpc\":\"2.0\",\"id\":\"%s\",\"result\":{\"action\":\"accept\",\"content\":"
                             "{\"ok\":true}}}",
                             json_string_value(id));
    rx(e.s, answer);
    free(answer);
    r = cap_reply(&e.c, 2);
    CHECK_STR(first_text(r), "rc=0 accept");
    json_decref(r);
    /* a second request gets a different id; an error reply is rc -2 */
    rx(e.s, "{\"jsonrpc\":\"2.0\",\"id\":4,\"method\":\"tools/call\",\"params\":{\"name\":\"ask\"}}");
    json_t *req2 = cap_take(&e.c, pred_request, "elicitation/create", 5000);
    CHECK(!json_equal(json_object_get(req2, "id"), id));
    answer = xasprintf("{\"jsonrpc\":\"2.0\",\"id\":\"%s\",\"error\":{\"code\":-1,\"message\":\"user went away\"}}",
                       json_string_value(json_object_get(req2, "id")));
    rx(e.s, answer);
    free(answer);
    r = cap_reply(&e.c, 4);
    CHECK_STR(first_text(r), "rc=-2 user went away");
    json_decref(r);
    json_decref(req2);
    json_decref(req);
    /* timeout: rc -3 and the client is told to stop asking */
    r = rpc(e.s, &e.c, 5, "tools/call", "{\"name\":\"ask\",\"arguments\":{\"timeout_ms\":20}}");
    CHECK_STR(first_text(r), "rc=-3 -");
    json_decref(r);
    req = cap_take(&e.c, pred_request, "elicitation/create", 0);
    json_t *cancel = cap_take(&e.c, pred_method, "notifications/cancelled", 1000);
    CHECK_JSON(json_object_get(json_object_get(cancel, "params"), "requestId"), json_object_get(req, "id"));
    json_decref(cancel);
    json_decref(req);
    env_close(&e);
}

static void test_elicitation_needs_capability(void)
{
    struct env e;
    env_open(&e, false, "{\"sampling\":{}}");
    json_t *r = rpc(e.s, &e.c, 2, "tools/call", "{\"name\":\"ask\"}");
    CHECK_STR(first_text(r), "rc=-1 -");
    json_decref(r);
    CHECK_INT(cap_count_method(&e.c, "elicitation/create"), 0);
    env_close(&e);
}

static void test_elicitation_cancelled(void)
{
    struct env e;
    env_open(&e, false, "{\"elicitation\":{}}");
    rx(e.s, "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/call\",\"params\":{\"name\":\"ask\"}}");
    json_t *req = cap_take(&e.c, pred_request, "elicitation/create", 5000);
    CHECK(req != NULL);
    json_decref(req);
    /* closing the session wakes the waiting handler (rc -3) and joins it */
    mcp_session_free(e.s);
    json_t *r = cap_reply(&e.c, 2);
    CHECK_STR(first_text(r), "rc=-3 -");
    json_decref(r);
    e.s = mcp_session_new(e.srv, cap_send, &e.c);
    env_close(&e);
}

static void test_sampling(void)
{
    struct env e;
    env_open(&e, false, "{\"sampling\":{}}");
    rx(e.s, "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/call\",\"params\":{\"name\":\"sample\"}}");
    json_t *req = cap_take(&e.c, pred_request, "sampling/createMessage", 5000);
    CHECK(req != NULL);
    CHECK_INT(json_integer_value(json_object_get(json_object_get(req, "params"), "maxTokens")), 10);
    char *answer = xasprintf("{\"jsonrpc\":\"2.0\",\"id\":\"%s\",\"result\":{\"role\":\"assistant\",\"content\":"
                             "{\"type\":\"text\",\"text\":\"hi\"},\"model\":\"m-1\"}}",
                             json_string_value(json_object_get(req, "id")));
    rx(e.s, answer);
    free(answer);
    json_decref(req);
    json_t *r = cap_reply(&e.c, 2);
    CHECK_STR(first_text(r), "rc=0 m-1");
    json_decref(r);
    env_close(&e);
    env_open(&e, false, "{}");
    r = rpc(e.s, &e.c, 2, "tools/call", "{\"name\":\"sample\"}");
    CHECK_STR(first_text(r), "rc=-1 -");
    json_decref(r);
    env_close(&e);
}

/* ------------------------------------------------------------------ */
/* Resources, prompts, completion                                      */

static void test_resources(void)
{
    struct env e;
    env_open(&e, true, NULL);
    json_t *init = init_session(e.s, &e.c, "{}");
    json_t *caps = json_object_get(init, "capabilities");
    CHECK(json_is_true(json_object_get(json_object_get(caps, "resources"), "subscribe")));
    CHECK(json_object_get(caps, "prompts") != NULL);
    CHECK(json_object_get(caps, "completions") != NULL);
    json_decref(init);
    json_t *r = rpc(e.s, &e.c, 2, "resources/list", NULL);
    json_t *list = json_object_get(json_object_get(r, "result"), "resources");
    CHECK_INT(json_array_size(list), 1);
    CHECK_STR(json_string_value(json_object_get(json_array_get(list, 0), "uri")), "mem://a");
    CHECK_STR(json_string_value(json_object_get(json_array_get(list, 0), "mimeType")), "text/plain");
    json_decref(r);
    r = rpc(e.s, &e.c, 3, "resources/templates/list", NULL);
    list = json_object_get(json_object_get(r, "result"), "resourceTemplates");
    CHECK_INT(json_array_size(list), 1);
    CHECK_STR(json_string_value(json_object_get(json_array_get(list, 0), "uriTemplate")), "mem://items/{id}/body");
    json_decref(r);
    r = rpc(e.s, &e.c, 4, "resources/read", "{\"uri\":\"mem://a\"}");
    CHECK_STR(json_string_value(json_object_get(
                  json_array_get(json_object_get(json_object_get(r, "result"), "contents"), 0), "uri")),
              "mem://a");
    json_decref(r);
    r = rpc(e.s, &e.c, 5, "resources/read", "{\"uri\":\"mem://items/42/body\"}");
    CHECK(json_object_get(r, "result") != NULL);
    json_decref(r);
    static const char *const missing[] = {"mem://b", "mem://items//body", "mem://items/1/2/body",
                                          "mem://items/missing/body"};
    for (size_t i = 0; i < 4; i++) {
        char *params = xasprintf("{\"uri\":\"%s\"}", missing[i]);
        r = rpc(e.s, &e.c, 6 + (json_int_t)i, "resources/read", params);
        CHECK_INT(err_code(r), -32002);
        CHECK_STR(json_string_value(json_object_get(json_object_get(json_object_get(r, "error"), "data"), "uri")),
                  missing[i]);
        json_decref(r);
        free(params);
    }
    r = rpc(e.s, &e.c, 20, "resources/read", "{}");
    CHECK_INT(err_code(r), -32602);
    json_decref(r);
    r = rpc(e.s, &e.c, 21, "resources/subscribe", "{\"uri\":\"mem://a\"}");
    CHECK_INT(json_object_size(json_object_get(r, "result")), 0);
    json_decref(r);
    mcp_session_resource_updated(e.s, "mem://a");
    mcp_session_resource_updated(e.s, "mem://other");
    json_t *n = cap_take(&e.c, pred_method, "notifications/resources/updated", 1000);
    CHECK_STR(json_string_value(json_object_get(json_object_get(n, "params"), "uri")), "mem://a");
    json_decref(n);
    CHECK_INT(cap_count_method(&e.c, "notifications/resources/updated"), 0);
    r = rpc(e.s, &e.c, 22, "resources/unsubscribe", "{\"uri\":\"mem://a\"}");
    CHECK(json_object_get(r, "result") != NULL);
    json_decref(r);
    mcp_session_resource_updated(e.s, "mem://a");
    CHECK_INT(cap_count_method(&e.c, "notifications/resources/updated"), 0);
    env_close(&e);
    /* no resources registered: the methods do not exist */
    env_open(&e, false, "{}");
    r = rpc(e.s, &e.c, 2, "resources/list", NULL);
    CHECK_INT(err_code(r), -32601);
    json_decref(r);
    r = rpc(e.s, &e.c, 3, "prompts/list", NULL);
    CHECK_INT(err_code(r), -32601);
    json_decref(r);
    r = rpc(e.s, &e.c, 4, "completion/complete",
            "{\"ref\":{\"type\":\"ref/prompt\",\"name\":\"greet\"},\"argument\":{\"name\":\"who\",\"value\":\"\"}}");
    CHECK_INT(err_code(r), -32601);
    json_decref(r);
    env_close(&e);
}

static void test_prompts_and_completion(void)
{
    struct env e;
    env_open(&e, true, "{}");
    json_t *r = rpc(e.s, &e.c, 2, "prompts/list", NULL);
    json_t *p = json_array_get(json_object_get(json_object_get(r, "result"), "prompts"), 0);
    CHECK_STR(json_string_value(json_object_get(p, "name")), "greet");
    CHECK_STR(json_string_value(json_object_get(json_array_get(json_object_get(p, "arguments"), 0), "name")), "who");
    json_decref(r);
    r = rpc(e.s, &e.c, 3, "prompts/get", "{\"name\":\"greet\",\"arguments\":{\"who\":\"Ada\"}}");
    json_t *msg = json_array_get(json_object_get(json_object_get(r, "result"), "messages"), 0);
    CHECK_STR(json_string_value(json_object_get(json_object_get(msg, "content"), "text")), "Ada");
    json_decref(r);
    r = rpc(e.s, &e.c, 4, "prompts/get", "{\"name\":\"greet\"}");
    CHECK_INT(err_code(r), -32602);
    CHECK_CONTAINS(json_string_value(json_object_get(json_object_get(r, "error"), "message")), "who");
    json_decref(r);
    r = rpc(e.s, &e.c, 5, "prompts/get", "{\"name\":\"greet\",\"arguments\":{\"who\":\"nobody\"}}");
    CHECK_INT(err_code(r), -32602);
    CHECK_CONTAINS(json_string_value(json_object_get(json_object_get(r, "error"), "message")), "somebody");
    json_decref(r);
    r = rpc(e.s, &e.c, 6, "prompts/get", "{\"name\":\"nope\"}");
    CHECK_INT(err_code(r), -32602);
    json_decref(r);
    r = rpc(e.s, &e.c, 7, "completion/complete",
            "{\"ref\":{\"type\":\"ref/prompt\",\"name\":\"greet\"},\"argument\":{\"name\":\"who\",\"value\":\"a\"}}");
    CHECK_STR(json_string_value(json_array_get(
                  json_object_get(json_object_get(json_object_get(r, "result"), "completion"), "values"), 0)),
              "alpha");
    json_decref(r);
    r = rpc(e.s, &e.c, 8, "completion/complete",
            "{\"ref\":{\"type\":\"ref/prompt\",\"name\":\"greet\"},\"argument\":{\"name\":\"who\",\"value\":\"many\"}}");
    json_t *comp = json_object_get(json_object_get(r, "result"), "completion");
    CHECK_INT(json_array_size(json_object_get(comp, "values")), 100);
    CHECK(json_is_true(json_object_get(comp, "hasMore")));
    json_decref(r);
    r = rpc(e.s, &e.c, 9, "completion/complete",
            "{\"ref\":{\"type\":\"ref/prompt\",\"name\":\"ghost\"},\"argument\":{\"name\":\"who\",\"value\":\"a\"}}");
    CHECK_INT(err_code(r), -32602);
    json_decref(r);
    r = rpc(e.s, &e.c, 10, "completion/complete", "{\"ref\":{\"type\":\"ref/prompt\"}}");
    CHECK_INT(err_code(r), -32602);
    json_decref(r);
    env_close(&e);
}

/* ------------------------------------------------------------------ */
/* Registration and results                                            */

static void test_registration_errors(void)
{
    struct mcp_server *srv = mcp_server_new(&(struct mcp_server_info){"s", NULL, "1", NULL});
    char err[256];
    struct mcp_tool t = test_tools[0];
    CHECK_INT(mcp_server_add_tool(srv, &t, err, sizeof err), 0);
    CHECK_INT(mcp_server_add_tool(srv, &t, err, sizeof err), -1);
    CHECK_CONTAINS(err, "already registered");
    static const char *const bad_schemas[] = {
        "{not json",
        "[]",
        "{\"type\":\"string\"}",
        "{\"type\":\"object\",\"properties\":{\"a\":{\"type\":\"strng\"}}}",
        "{\"type\":\"object\",\"required\":\"a\"}",
        "{\"type\":\"object\",\"properties\":{\"a\":{\"minimum\":\"1\"}}}",
        "{\"type\":\"object\",\"properties\":{\"a\":{\"maxLength\":-1}}}",
        "{\"type\":\"object\",\"properties\":{\"a\":{\"$ref\":\"#/$defs/missing\"}}}",
        "{\"type\":\"object\",\"anyOf\":[]}",
        "{\"type\":\"object\",\"properties\":{\"a\":5}}",
    };
    for (size_t i = 0; i < sizeof bad_schemas / sizeof bad_schemas[0]; i++) {
        struct mcp_tool b = test_tools[1];
        b.name = "bad_schema";
        b.input_schema = bad_schemas[i];
        err[0] = '\0';
        if (mcp_server_add_tool(srv, &b, err, sizeof err) != -1)
            harness_fail(__FILE__, __LINE__, "schema %s was accepted", bad_schemas[i]);
        CHECK(err[0] != '\0');
    }
    struct mcp_tool b = test_tools[1];
    b.name = "bad_out";
    b.output_schema = "{\"type\":\"array\"}";
    CHECK_INT(mcp_server_add_tool(srv, &b, err, sizeof err), -1);
    b.name = "has space";
    b.output_schema = NULL;
    CHECK_INT(mcp_server_add_tool(srv, &b, err, sizeof err), -1);
    b.name = "";
    CHECK_INT(mcp_server_add_tool(srv, &b, err, sizeof err), -1);
    b.name = "no_handler";
    b.handler = NULL;
    CHECK_INT(mcp_server_add_tool(srv, &b, err, sizeof err), -1);
    CHECK_INT(mcp_server_tool_count(srv), 1);
    CHECK(mcp_server_find_tool(srv, "echo") == mcp_server_tool_at(srv, 0));
    CHECK(mcp_server_find_tool(srv, "bad_schema") == NULL);
    CHECK(mcp_server_tool_at(srv, 1) == NULL);
    struct mcp_resource r = {"x://{a", true, "x", NULL, NULL, NULL, read_res, NULL};
    CHECK_INT(mcp_server_add_resource(srv, &r, err, sizeof err), -1);
    r.uri = "x://{a}";
    CHECK_INT(mcp_server_add_resource(srv, &r, err, sizeof err), 0);
    CHECK_INT(mcp_server_add_resource(srv, &r, err, sizeof err), -1);
    struct mcp_prompt p = {"p", NULL, NULL, "{\"name\":\"a\"}", get_prompt, NULL};
    CHECK_INT(mcp_server_add_prompt(srv, &p, err, sizeof err), -1);
    p.arguments = "[{\"name\":\"a\",\"required\":\"yes\"}]";
    CHECK_INT(mcp_server_add_prompt(srv, &p, err, sizeof err), -1);
    p.arguments = "[{\"name\":\"a\",\"required\":true}]";
    CHECK_INT(mcp_server_add_prompt(srv, &p, err, sizeof err), 0);
    CHECK_INT(mcp_server_add_prompt(srv, &p, err, sizeof err), -1);
    mcp_server_free(srv);
}

static void test_result_builders(void)
{
    json_t *r = mcp_result_text("plain");
    CHECK_STR(json_string_value(json_object_get(json_array_get(json_object_get(r, "content"), 0), "type")), "text");
    CHECK(json_object_get(r, "isError") == NULL);
    json_decref(r);
    r = mcp_result_error("bad %d", 42);
    CHECK(json_is_true(json_object_get(r, "isError")));
    CHECK_STR(json_string_value(json_object_get(json_array_get(json_object_get(r, "content"), 0), "text")), "bad 42");
    json_decref(r);
    r = mcp_result_structured(json_pack("{s:i}", "a", 1), "custom");
    CHECK_STR(json_string_value(json_object_get(json_array_get(json_object_get(r, "content"), 0), "text")), "custom");
    CHECK_INT(json_integer_value(json_object_get(json_object_get(r, "structuredContent"), "a")), 1);
    json_decref(r);
    /* invalid UTF-8 from the outside world does not make a result unsendable */
    r = mcp_result_text("ok \xff\xfe end");
    const char *t = json_string_value(json_object_get(json_array_get(json_object_get(r, "content"), 0), "text"));
    CHECK_STR(t, "ok ?? end");
    json_decref(r);
}

static const struct test tests[] = {
    {"initialize", test_initialize},
    {"version_negotiation", test_version_negotiation},
    {"before_initialize", test_before_initialize},
    {"envelope_errors", test_envelope_errors},
    {"notifications_get_no_reply", test_notifications_get_no_reply},
    {"ids_echoed_exactly", test_ids_echoed_exactly},
    {"oversize_message", test_oversize_message},
    {"hostile_input", test_hostile_input},
    {"tools_list_entries", test_tools_list_entries},
    {"tools_list_pagination", test_tools_list_pagination},
    {"visibility", test_visibility},
    {"tools_call", test_tools_call},
    {"output_schema", test_output_schema},
    {"invoke", test_invoke},
    {"cancellation", test_cancellation},
    {"free_cancels_inflight", test_free_cancels_inflight},
    {"many_concurrent_calls", test_many_concurrent_calls},
    {"progress", test_progress},
    {"logging", test_logging},
    {"elicitation_roundtrip", test_elicitation_roundtrip},
    {"elicitation_needs_capability", test_elicitation_needs_capability},
    {"elicitation_cancelled", test_elicitation_cancelled},
    {"sampling", test_sampling},
    {"resources", test_resources},
    {"prompts_and_completion", test_prompts_and_completion},
    {"registration_errors", test_registration_errors},
    {"result_builders", test_result_builders},
    {NULL, NULL},
};
HARNESS_MAIN("mcp_session", tests)
