/* test_modern.c - the 2026-07-28 era in the core, in process: era per
 * request (server/discover then initialize on one session), _meta checks,
 * resultType, serverInfo and cache hints, the stateless view tools see,
 * multi-round-trip input with a signed requestState, -32021, logging per
 * request, resource-not-found codes per era, subscriptions/listen, the
 * tasks extension, what the transport is handed (struct mcp_msg), and
 * answers to JSON jansson cannot hold. */
#include "mcplib.h"

#include <stdatomic.h>

#define META_CAPS(caps)                                                                                         \
    "\"_meta\":{\"io.modelcontextprotocol/protocolVersion\":\"2026-07-28\","                                       \
    "\"io.modelcontextprotocol/clientInfo\":{\"name\":\"t\",\"version\":\"1\"},"                                  \
    "\"io.modelcontextprotocol/clientCapabilities\":" caps "}"
#define META META_CAPS("{\"elicitation\":{},\"sampling\":{},\"roots\":{}}")
#define META_TASKS META_CAPS("{\"elicitation\":{},\"extensions\":{\"io.modelcontextprotocol/tasks\":{}}}")

/* ------------------------------------------------------------------ */
/* Test server                                                         */

static atomic_int views_seen;    /* visibility calls with a stateless view */
static atomic_int sessions_seen; /* ... with a 2025 session */

static bool visible(struct mcp_session *s, const char *name, void *data)
{
    (void)data;
    if (mcp_session_is_stateless(s)) {
        atomic_fetch_add(&views_seen, 1);
        /* a view remembers nothing: no embedding data */
        return mcp_session_data(s) == NULL && strcmp(name, "hidden") != 0;
    }
    atomic_fetch_add(&sessions_seen, 1);
    return true;
}

static void on_session(struct mcp_session *s, void *data)
{
    (void)data;
    mcp_session_set_data(s, xstrdup("nav"), free);
}

static json_t *t_confirm(struct mcp_call *call, json_t *args, void *data)
{
    (void)args, (void)data;
    json_t *schema = json_pack("{s:s, s:{s:{s:s}}}", "type", "object", "properties", "ok", "type", "boolean");
    json_t *a = NULL;
    enum mcp_input rc = mcp_call_elicit(call, "Sure?", schema, 5000, &a);
    json_decref(schema);
    if (rc == MCP_INPUT_PENDING)
        return mcp_result_error("not asked yet"); /* dropped: input_required goes out */
    char *text = xasprintf("rc=%d %s", (int)rc, json_string_value(json_object_get(a, "action")) ?: "-");
    json_decref(a);
    json_t *r = mcp_result_text(text);
    free(text);
    return r;
}

/* Two rounds; keeps a counter in the signed state. */
static json_t *t_rounds(struct mcp_call *call, json_t *args, void *data)
{
    (void)args, (void)data;
    json_int_t seen = json_integer_value(mcp_call_state(call, "runs"));
    mcp_call_set_state(call, "runs", json_integer(seen + 1));
    json_t *a = NULL, *b = NULL;
    json_t *p = json_pack("{s:s, s:{s:s}}", "message", "first", "requestedSchema", "type", "object");
    enum mcp_input rc = mcp_call_input(call, "one", "elicitation/create", p, 0, &a);
    if (rc == MCP_INPUT_OK)
        rc = mcp_call_input(call, "two", "elicitation/create", p, 0, &b);
    json_decref(p);
    json_decref(a);
    json_decref(b);
    if (rc != MCP_INPUT_OK)
        return NULL;
    char text[64];
    snprintf(text, sizeof text, "done after %lld earlier runs", (long long)seen);
    return mcp_result_text(text);
}

static json_t *t_needs(struct mcp_call *call, json_t *args, void *data)
{
    (void)args, (void)data;
    if (!mcp_call_require(call, "sampling"))
        return mcp_result_error("no sampling");
    return mcp_result_text("sampled");
}

static json_t *t_log(struct mcp_call *call, json_t *args, void *data)
{
    (void)args, (void)data;
    mcp_call_log(call, "debug", "t", json_string("low"));
    mcp_call_log(call, "error", "t", json_string("high"));
    return mcp_result_text("logged");
}

static json_t *t_change(struct mcp_call *call, json_t *args, void *data)
{
    (void)args, (void)data;
    mcp_server_list_changed(mcp_call_server(call), "tools");
    mcp_server_resource_updated(mcp_call_server(call), "mem://a");
    return mcp_result_text("changed");
}

/* A task-capable tool: detaches, then asks, then waits ms. */
static json_t *t_job(struct mcp_call *call, json_t *args, void *data)
{
    (void)data;
    bool detached = mcp_call_detach(call);
    if (json_is_true(json_object_get(args, "ask"))) {
        json_t *a = NULL;
        json_t *p = json_pack("{s:s, s:{s:s}}", "message", "go?", "requestedSchema", "type", "object");
        enum mcp_input rc = mcp_call_input(call, "go", "elicitation/create", p, 0, &a);
        json_decref(p);
        json_decref(a);
        if (rc != MCP_INPUT_OK)
            return NULL;
    }
    for (json_int_t i = 0; i < json_integer_value(json_object_get(args, "ms")) / 20; i++) {
        if (mcp_call_cancelled(call))
            return mcp_result_error("cancelled");
        base_sleep_ms(20);
    }
    return mcp_result_text(detached ? "job done as a task" : "job done in the request");
}

#define OBJ "{\"type\":\"object\"}"
static const struct mcp_tool tools[] = {
    {"confirm", NULL, "Elicits", OBJ, NULL, {false, false, false, false}, t_confirm, NULL, MCP_TASK_NEVER},
    {"rounds", NULL, "Two rounds", "{\"type\":\"object\",\"properties\":{\"x\":{\"type\":\"integer\"}}}", NULL,
     {true, false, true, false}, t_rounds, NULL, MCP_TASK_NEVER},
    {"needs", NULL, "Needs sampling", OBJ, NULL, {true, false, true, false}, t_needs, NULL, MCP_TASK_NEVER},
    {"log", NULL, "Logs", OBJ, NULL, {true, false, true, false}, t_log, NULL, MCP_TASK_NEVER},
    {"change", NULL, "Changes lists", OBJ, NULL, {true, false, true, false}, t_change, NULL, MCP_TASK_NEVER},
    {"hidden", NULL, "Not listed for 2026", OBJ, NULL, {true, false, true, false}, t_log, NULL, MCP_TASK_NEVER},
    {"job", NULL, "A task", "{\"type\":\"object\",\"properties\":{\"ms\":{\"type\":\"integer\"},"
     "\"ask\":{\"type\":\"boolean\"}}}", NULL, {true, false, true, false}, t_job, NULL, MCP_TASK_OPTIONAL},
    {"must_task", NULL, "Only as a task", OBJ, NULL, {true, false, true, false}, t_job, NULL, MCP_TASK_REQUIRED},
};

static json_t *read_res(struct mcp_call *call, const char *uri, void *data)
{
    (void)call, (void)data;
    return strstr(uri, "missing") ? NULL : json_pack("[{s:s, s:s}]", "uri", uri, "text", "content");
}

static struct mcp_server *make_server(unsigned changes)
{
    struct mcp_server_info info = {"modern-test", NULL, "2.0.0", "Instructions here."};
    struct mcp_server *srv = mcp_server_new(&info);
    char err[256];
    for (size_t i = 0; i < sizeof tools / sizeof tools[0]; i++)
        CHECK_INT(mcp_server_add_tool(srv, &tools[i], err, sizeof err), 0);
    struct mcp_resource r1 = {"mem://a", false, "a", "A", "first", "text/plain", read_res, NULL};
    struct mcp_resource r2 = {"mem://x/{id}", true, "x", NULL, NULL, "text/plain", read_res, NULL};
    CHECK_INT(mcp_server_add_resource(srv, &r1, err, sizeof err), 0);
    CHECK_INT(mcp_server_add_resource(srv, &r2, err, sizeof err), 0);
    mcp_server_set_visibility(srv, visible, NULL);
    mcp_server_on_session(srv, on_session, NULL);
    mcp_server_declare_changes(srv, changes);
    return srv;
}

struct fx {
    struct mcp_server *srv;
    struct mcp_session *s;
    struct cap c;
};

static void fx_open(struct fx *f, unsigned changes)
{
    cap_init(&f->c);
    f->srv = make_server(changes);
    f->s = mcp_session_new(f->srv, cap_send, &f->c);
}

static void fx_close(struct fx *f)
{
    mcp_session_free(f->s);
    mcp_server_free(f->srv);
    CHECK_INT(f->c.bad, 0);
    cap_cleanup(&f->c);
}

/* A 2026 request: params is the inside of params without its braces
 * (may be empty); meta one of the META macros. Returns the reply (new). */
static json_t *mrpc(struct fx *f, json_int_t id, const char *method, const char *params, const char *meta)
{
    char *msg = xasprintf("{\"jsonrpc\":\"2.0\",\"id\":%lld,\"method\":\"%s\",\"params\":{%s%s%s}}", (long long)id,
                          method, params, *params ? "," : "", meta);
    rx(f->s, msg);
    free(msg);
    return cap_reply(&f->c, id);
}

static json_t *result_of(json_t *reply) { return json_object_get(reply, "result"); }

static const char *rtype(json_t *reply) { return json_string_value(json_object_get(result_of(reply), "resultType")); }

/* ------------------------------------------------------------------ */

static void test_discover_then_initialize(void)
{
    struct fx f;
    fx_open(&f, 0);
    json_t *r = mrpc(&f, 1, "server/discover", "", META);
    json_t *res = result_of(r);
    CHECK_STR(rtype(r), "complete");
    CHECK_STR(json_string_value(json_array_get(json_object_get(res, "supportedVersions"), 0)), "2026-07-28");
    CHECK_INT(json_array_size(json_object_get(res, "supportedVersions")), 1);
    CHECK_STR(json_string_value(json_object_get(res, "instructions")), "Instructions here.");
    CHECK(json_is_object(json_object_get(json_object_get(res, "capabilities"), "tools")));
    CHECK(json_is_object(json_object_get(json_object_get(res, "capabilities"), "resources")));
    /* the tasks extension, because one tool may become a task */
    CHECK(json_object_get(json_object_get(json_object_get(res, "capabilities"), "extensions"),
                          "io.modelcontextprotocol/tasks") != NULL);
    json_t *info = json_object_get(json_object_get(res, "_meta"), "io.modelcontextprotocol/serverInfo");
    CHECK_STR(json_string_value(json_object_get(info, "name")), "modern-test");
    CHECK_STR(json_string_value(json_object_get(info, "version")), "2.0.0");
    CHECK_INT(json_integer_value(json_object_get(res, "ttlMs")), 3600000);
    CHECK_STR(json_string_value(json_object_get(res, "cacheScope")), "public");
    json_decref(r);
    /* hosts probe, then fall back to initialize on the same connection */
    json_t *init = init_session(f.s, &f.c, "{}");
    CHECK_STR(json_string_value(json_object_get(init, "protocolVersion")), "2025-11-25");
    json_decref(init);
    r = rpc(f.s, &f.c, 2, "tools/list", NULL);
    CHECK(json_array_size(json_object_get(result_of(r), "tools")) == sizeof tools / sizeof tools[0]);
    CHECK(json_object_get(result_of(r), "resultType") == NULL); /* a 2025 result is unchanged */
    json_decref(r);
    /* 2026 requests still work beside the session */
    r = mrpc(&f, 3, "tools/list", "", META);
    CHECK_STR(rtype(r), "complete");
    json_decref(r);
    fx_close(&f);
}

static void test_envelope_errors(void)
{
    struct fx f;
    fx_open(&f, 0);
    /* a claim without clientCapabilities */
    rx(f.s, "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/list\",\"params\":{\"_meta\":{"
            "\"io.modelcontextprotocol/protocolVersion\":\"2026-07-28\"}}}");
    json_t *r = cap_reply(&f.c, 1);
    CHECK_INT(err_code(r), -32602);
    CHECK_CONTAINS(json_string_value(json_object_get(json_object_get(r, "error"), "message")), "clientCapabilities");
    json_decref(r);
    /* an unsupported version: -32022 with what is supported */
    rx(f.s, "{\"jsonrpc\":\"2.0\",\"id\":\"v\",\"method\":\"server/discover\",\"params\":{\"_meta\":{"
            "\"io.modelcontextprotocol/protocolVersion\":\"2099-01-01\","
            "\"io.modelcontextprotocol/clientCapabilities\":{}}}}");
    json_t *jid = json_string("v");
    r = cap_take(&f.c, pred_id, jid, 10000);
    json_decref(jid);
    CHECK_INT(err_code(r), -32022);
    json_t *data = json_object_get(json_object_get(r, "error"), "data");
    CHECK_STR(json_string_value(json_object_get(data, "requested")), "2099-01-01");
    CHECK_STR(json_string_value(json_array_get(json_object_get(data, "supported"), 0)), "2026-07-28");
    json_decref(r);
    /* methods 2026 removed, with a claim: not found */
    static const char *const removed[] = {"initialize", "ping", "logging/setLevel", "resources/subscribe"};
    for (int i = 0; i < 4; i++) {
        r = mrpc(&f, 10 + i, removed[i], "", META);
        CHECK_INT(err_code(r), -32601);
        json_decref(r);
    }
    /* and the 2026 ones without a claim belong to no session yet */
    r = rpc(f.s, &f.c, 20, "server/discover", "{}");
    CHECK(err_code(r) == -32601 || err_code(r) == -32600);
    json_decref(r);
    /* a bad logLevel is a bad envelope */
    r = mrpc(&f, 21, "tools/list", "", "\"_meta\":{\"io.modelcontextprotocol/protocolVersion\":\"2026-07-28\","
                                       "\"io.modelcontextprotocol/clientCapabilities\":{},"
                                       "\"io.modelcontextprotocol/logLevel\":\"loud\"}");
    CHECK_INT(err_code(r), -32602);
    json_decref(r);
    fx_close(&f);
}

static void test_stateless_view_and_cache(void)
{
    struct fx f;
    fx_open(&f, 0);
    atomic_store(&views_seen, 0);
    json_t *r = mrpc(&f, 1, "tools/list", "", META);
    json_t *res = result_of(r);
    CHECK(atomic_load(&views_seen) > 0);
    size_t n = json_array_size(json_object_get(res, "tools"));
    CHECK_INT(n, sizeof tools / sizeof tools[0] - 1); /* "hidden" is not shown to a view */
    /* the list depends on the configuration alone: an hour, for anyone */
    CHECK_INT(json_integer_value(json_object_get(res, "ttlMs")), 3600000);
    CHECK_STR(json_string_value(json_object_get(res, "cacheScope")), "public");
    json_decref(r);
    /* a resource's content is the caller's: not cached, private */
    r = mrpc(&f, 2, "resources/read", "\"uri\":\"mem://a\"", META);
    CHECK_INT(json_integer_value(json_object_get(result_of(r), "ttlMs")), 0);
    CHECK_STR(json_string_value(json_object_get(result_of(r), "cacheScope")), "private");
    json_decref(r);
    /* hidden stays callable */
    r = mrpc(&f, 3, "tools/call", "\"name\":\"hidden\"", META);
    CHECK_STR(first_text(r), "logged");
    json_decref(r);
    fx_close(&f);
    /* lists declared to change are stale at once */
    fx_open(&f, MCP_CHANGES_TOOLS);
    r = mrpc(&f, 1, "tools/list", "", META);
    CHECK_INT(json_integer_value(json_object_get(result_of(r), "ttlMs")), 0);
    json_decref(r);
    r = mrpc(&f, 2, "server/discover", "", META);
    CHECK(json_is_true(json_object_get(json_object_get(json_object_get(result_of(r), "capabilities"), "tools"),
                                       "listChanged")));
    json_decref(r);
    fx_close(&f);
}

static void test_resource_not_found_per_era(void)
{
    struct fx f;
    fx_open(&f, 0);
    json_t *r = mrpc(&f, 1, "resources/read", "\"uri\":\"mem://missing\"", META);
    CHECK_INT(err_code(r), -32602);
    CHECK_STR(json_string_value(json_object_get(json_object_get(json_object_get(r, "error"), "data"), "uri")),
              "mem://missing");
    json_decref(r);
    json_decref(init_session(f.s, &f.c, "{}"));
    r = rpc(f.s, &f.c, 2, "resources/read", "{\"uri\":\"mem://missing\"}");
    CHECK_INT(err_code(r), -32002);
    json_decref(r);
    fx_close(&f);
}

static void test_mrtr_round_trip(void)
{
    struct fx f;
    fx_open(&f, 0);
    json_t *r = mrpc(&f, 1, "tools/call", "\"name\":\"confirm\"", META);
    json_t *res = result_of(r);
    CHECK_STR(rtype(r), "input_required");
    CHECK(json_object_get(res, "ttlMs") == NULL);
    json_t *ask = json_object_get(json_object_get(res, "inputRequests"), "elicitation-1");
    CHECK_STR(json_string_value(json_object_get(ask, "method")), "elicitation/create");
    CHECK_STR(json_string_value(json_object_get(json_object_get(ask, "params"), "mode")), "form");
    const char *state = json_string_value(json_object_get(res, "requestState"));
    CHECK(state && strchr(state, '.'));
    char *params = xasprintf("\"name\":\"confirm\",\"inputResponses\":{\"elicitation-1\":{\"action\":\"accept\","
                             "\"content\":{\"ok\":true}}},\"requestState\":\"%s\"", state ? state : "");
    json_t *r2 = mrpc(&f, 2, "tools/call", params, META);
    CHECK_STR(rtype(r2), "complete");
    CHECK_STR(first_text(r2), "rc=0 accept");
    json_decref(r2);
    /* a changed state is refused */
    char *bad = xasprintf("\"name\":\"confirm\",\"inputResponses\":{},\"requestState\":\"x%s\"", state ? state : "");
    r2 = mrpc(&f, 3, "tools/call", bad, META);
    CHECK_INT(err_code(r2), -32602);
    json_decref(r2);
    free(bad);
    /* the state is bound to the tool and its arguments */
    free(params);
    params = xasprintf("\"name\":\"rounds\",\"arguments\":{},\"requestState\":\"%s\"", state ? state : "");
    r2 = mrpc(&f, 4, "tools/call", params, META);
    CHECK_INT(err_code(r2), -32602);
    CHECK_CONTAINS(json_string_value(json_object_get(json_object_get(r2, "error"), "message")), "another request");
    json_decref(r2);
    free(params);
    /* an answer under the wrong key: asked again, not an error */
    r2 = mrpc(&f, 5, "tools/call",
              "\"name\":\"confirm\",\"inputResponses\":{\"wrong\":{\"action\":\"accept\",\"content\":{}}}", META);
    CHECK_STR(rtype(r2), "input_required");
    json_decref(r2);
    /* an answer of the wrong shape: asked again */
    r2 = mrpc(&f, 6, "tools/call", "\"name\":\"confirm\",\"inputResponses\":{\"elicitation-1\":12345}", META);
    CHECK_STR(rtype(r2), "input_required");
    json_decref(r2);
    /* inputResponses that is not a map is a bad request */
    r2 = mrpc(&f, 7, "tools/call", "\"name\":\"confirm\",\"inputResponses\":[1]", META);
    CHECK_INT(err_code(r2), -32602);
    json_decref(r2);
    /* a client without elicitation is never asked */
    r2 = mrpc(&f, 8, "tools/call", "\"name\":\"confirm\"", META_CAPS("{}"));
    CHECK_STR(first_text(r2), "rc=-1 -");
    json_decref(r2);
    /* lists never answer input_required */
    r2 = mrpc(&f, 9, "tools/list", "", META);
    CHECK_STR(rtype(r2), "complete");
    json_decref(r2);
    json_decref(r);
    fx_close(&f);
}

static void test_mrtr_multi_round_state(void)
{
    struct fx f;
    fx_open(&f, 0);
    json_t *r1 = mrpc(&f, 1, "tools/call", "\"name\":\"rounds\",\"arguments\":{\"x\":1}", META);
    CHECK_STR(rtype(r1), "input_required");
    CHECK(json_object_get(json_object_get(result_of(r1), "inputRequests"), "one") != NULL);
    const char *s1 = json_string_value(json_object_get(result_of(r1), "requestState"));
    char *p = xasprintf("\"name\":\"rounds\",\"arguments\":{\"x\":1},\"requestState\":\"%s\",\"inputResponses\":{"
                        "\"one\":{\"action\":\"accept\",\"content\":{}}}",
                        s1 ? s1 : "");
    json_t *r2 = mrpc(&f, 2, "tools/call", p, META);
    free(p);
    CHECK_STR(rtype(r2), "input_required");
    CHECK(json_object_get(json_object_get(result_of(r2), "inputRequests"), "two") != NULL);
    CHECK(json_object_get(json_object_get(result_of(r2), "inputRequests"), "one") == NULL);
    const char *s2 = json_string_value(json_object_get(result_of(r2), "requestState"));
    CHECK(s1 && s2 && strcmp(s1, s2) != 0);
    /* round 3 answers only "two": "one" comes from the signed state */
    p = xasprintf("\"name\":\"rounds\",\"arguments\":{\"x\":1},\"requestState\":\"%s\",\"inputResponses\":{"
                  "\"two\":{\"action\":\"decline\"},\"extra\":{\"action\":\"accept\"}}",
                  s2 ? s2 : "");
    json_t *r3 = mrpc(&f, 3, "tools/call", p, META);
    free(p);
    CHECK_STR(rtype(r3), "complete");
    CHECK_STR(first_text(r3), "done after 2 earlier runs");
    json_decref(r1);
    json_decref(r2);
    json_decref(r3);
    fx_close(&f);
}

static void test_missing_capability(void)
{
    struct fx f;
    fx_open(&f, 0);
    json_t *r = mrpc(&f, 1, "tools/call", "\"name\":\"needs\"", META_CAPS("{}"));
    CHECK_INT(err_code(r), -32021);
    json_t *need = json_object_get(json_object_get(json_object_get(r, "error"), "data"), "requiredCapabilities");
    CHECK(json_is_object(json_object_get(need, "sampling")));
    json_decref(r);
    r = mrpc(&f, 2, "tools/call", "\"name\":\"needs\"", META);
    CHECK_STR(first_text(r), "sampled");
    json_decref(r);
    /* a 2025 session: the handler reports it itself */
    json_decref(init_session(f.s, &f.c, "{}"));
    r = rpc(f.s, &f.c, 3, "tools/call", "{\"name\":\"needs\"}");
    CHECK(is_error_result(r));
    json_decref(r);
    fx_close(&f);
}

static void test_logging_per_request(void)
{
    struct fx f;
    fx_open(&f, 0);
    json_t *r = mrpc(&f, 1, "tools/call", "\"name\":\"log\"", META);
    json_decref(r);
    CHECK_INT(cap_count_method(&f.c, "notifications/message"), 0);
    r = mrpc(&f, 2, "tools/call", "\"name\":\"log\"",
             "\"_meta\":{\"io.modelcontextprotocol/protocolVersion\":\"2026-07-28\","
             "\"io.modelcontextprotocol/clientCapabilities\":{},\"io.modelcontextprotocol/logLevel\":\"warning\"}");
    json_decref(r);
    CHECK_INT(cap_count_method(&f.c, "notifications/message"), 1);
    fx_close(&f);
}

static bool pred_sub(json_t *msg, const void *arg)
{
    return pred_method(msg, arg) &&
           json_integer_value(json_object_get(json_object_get(json_object_get(msg, "params"), "_meta"),
                                              "io.modelcontextprotocol/subscriptionId")) == 50;
}

static void test_listen(void)
{
    struct fx f;
    fx_open(&f, MCP_CHANGES_TOOLS);
    rx(f.s, "{\"jsonrpc\":\"2.0\",\"id\":50,\"method\":\"subscriptions/listen\",\"params\":{\"notifications\":{"
            "\"toolsListChanged\":true,\"promptsListChanged\":true,\"resourceSubscriptions\":[\"mem://a\"]}," META
            "}}");
    json_t *ack = cap_take(&f.c, pred_sub, "notifications/subscriptions/acknowledged", 10000);
    CHECK(ack != NULL);
    json_t *granted = json_object_get(json_object_get(ack, "params"), "notifications");
    CHECK(json_is_true(json_object_get(granted, "toolsListChanged")));
    CHECK(json_object_get(granted, "promptsListChanged") == NULL); /* no prompts here */
    json_decref(ack);
    json_t *r = mrpc(&f, 51, "tools/call", "\"name\":\"change\"", META);
    json_decref(r);
    json_t *n = cap_take(&f.c, pred_sub, "notifications/tools/list_changed", 10000);
    CHECK(n != NULL);
    json_decref(n);
    n = cap_take(&f.c, pred_sub, "notifications/resources/updated", 10000);
    CHECK_STR(json_string_value(json_object_get(json_object_get(n, "params"), "uri")), "mem://a");
    json_decref(n);
    /* cancelled by the client: no response */
    rx(f.s, "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/cancelled\",\"params\":{\"requestId\":50}}");
    base_sleep_ms(100);
    json_t *jid = json_integer(50);
    CHECK(cap_take(&f.c, pred_id, jid, 200) == NULL);
    json_decref(jid);
    /* another one ends gracefully when the session closes */
    rx(f.s, "{\"jsonrpc\":\"2.0\",\"id\":52,\"method\":\"subscriptions/listen\",\"params\":{\"notifications\":{}," META
            "}}");
    json_decref(cap_take(&f.c, pred_method, "notifications/subscriptions/acknowledged", 10000));
    mcp_session_free(f.s);
    f.s = NULL;
    r = cap_reply(&f.c, 52);
    if (!rtype(r))
        harness_fail(__FILE__, __LINE__, "reply %s", harness_json(r));
    CHECK_STR(rtype(r), "complete");
    CHECK_INT(json_integer_value(json_object_get(json_object_get(result_of(r), "_meta"),
                                                 "io.modelcontextprotocol/subscriptionId")),
              52);
    json_decref(r);
    fx_close(&f);
}

/* Polls tasks/get until status (or 10 s). New reply. */
static json_t *task_until(struct fx *f, json_int_t *id, const char *task, const char *status)
{
    char *p = xasprintf("\"taskId\":\"%s\"", task);
    json_t *r = NULL;
    for (int i = 0; i < 500; i++) {
        json_decref(r);
        r = mrpc(f, (*id)++, "tasks/get", p, META_TASKS);
        const char *st = json_string_value(json_object_get(result_of(r), "status"));
        if (!st || strcmp(st, status) == 0)
            break;
        base_sleep_ms(20);
    }
    free(p);
    return r;
}

static void test_tasks(void)
{
    struct fx f;
    json_int_t id = 100;
    fx_open(&f, 0);
    /* without the extension: synchronous, and tasks are not for it */
    json_t *r = mrpc(&f, id++, "tools/call", "\"name\":\"job\",\"arguments\":{\"ms\":40}", META);
    CHECK_STR(first_text(r), "job done in the request");
    json_decref(r);
    r = mrpc(&f, id++, "tasks/get", "\"taskId\":\"x\"", META);
    CHECK_INT(err_code(r), -32021);
    json_decref(r);
    r = mrpc(&f, id++, "tools/call", "\"name\":\"must_task\"", META);
    CHECK_INT(err_code(r), -32021);
    json_decref(r);
    /* with it: a task, then its result */
    r = mrpc(&f, id++, "tools/call", "\"name\":\"job\",\"arguments\":{\"ms\":200}", META_TASKS);
    CHECK_STR(rtype(r), "task");
    const char *task = json_string_value(json_object_get(result_of(r), "taskId"));
    CHECK(task && strlen(task) == 32);
    CHECK_STR(json_string_value(json_object_get(result_of(r), "status")), "working");
    json_t *done = task_until(&f, &id, task ? task : "", "completed");
    CHECK_STR(rtype(done), "complete");
    CHECK_STR(json_string_value(json_object_get(json_array_get(json_object_get(json_object_get(result_of(done),
                                                                                                  "result"),
                                                                                  "content"),
                                                              0),
                                                "text")),
              "job done as a task");
    json_decref(done);
    json_decref(r);
    /* input in a task: input_required until tasks/update */
    r = mrpc(&f, id++, "tools/call", "\"name\":\"job\",\"arguments\":{\"ask\":true}", META_TASKS);
    task = json_string_value(json_object_get(result_of(r), "taskId"));
    json_t *waiting = task_until(&f, &id, task ? task : "", "input_required");
    CHECK(json_object_get(json_object_get(result_of(waiting), "inputRequests"), "go") != NULL);
    json_decref(waiting);
    char *p = xasprintf("\"taskId\":\"%s\",\"inputResponses\":{\"go\":{\"action\":\"accept\",\"content\":{}}}",
                        task ? task : "");
    json_t *ack = mrpc(&f, id++, "tasks/update", p, META_TASKS);
    free(p);
    CHECK_STR(rtype(ack), "complete");
    CHECK(json_object_get(result_of(ack), "taskId") == NULL);
    json_decref(ack);
    done = task_until(&f, &id, task ? task : "", "completed");
    CHECK_STR(json_string_value(json_object_get(result_of(done), "status")), "completed");
    json_decref(done);
    json_decref(r);
    /* cancel a running one */
    r = mrpc(&f, id++, "tools/call", "\"name\":\"job\",\"arguments\":{\"ms\":5000}", META_TASKS);
    task = json_string_value(json_object_get(result_of(r), "taskId"));
    p = xasprintf("\"taskId\":\"%s\"", task ? task : "");
    json_decref(mrpc(&f, id++, "tasks/cancel", p, META_TASKS));
    free(p);
    done = task_until(&f, &id, task ? task : "", "cancelled");
    CHECK_STR(json_string_value(json_object_get(result_of(done), "status")), "cancelled");
    json_decref(done);
    json_decref(r);
    r = mrpc(&f, id++, "tasks/get", "\"taskId\":\"nope\"", META_TASKS);
    CHECK_INT(err_code(r), -32602);
    json_decref(r);
    fx_close(&f); /* waits for the cancelled handler */
}

/* ------------------------------------------------------------------ */
/* What the transport is handed                                        */

struct seen {
    pthread_mutex_t mu;
    json_t *log; /* [{kind, id, method, request, code}] */
};

static void seen_send(void *ud, const struct mcp_msg *m)
{
    struct seen *s = ud;
    pthread_mutex_lock(&s->mu);
    json_array_append_new(s->log, json_pack("{s:i, s:O?, s:s?, s:O?, s:i, s:s%}", "kind", (int)m->kind, "id", m->id,
                                            "method", m->method, "request", m->request, "code", m->code, "text",
                                            m->text, m->len));
    pthread_mutex_unlock(&s->mu);
}

static void test_message_descriptors(void)
{
    struct seen seen = {PTHREAD_MUTEX_INITIALIZER, json_array()};
    struct mcp_server *srv = make_server(0);
    struct mcp_session *s = mcp_session_new(srv, seen_send, &seen);
    rx(s, "{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"tools/call\",\"params\":{\"name\":\"log\"," META_CAPS(
              "{}") ",\"progressToken\":1}}");
    rx(s, "{\"jsonrpc\":\"2.0\",\"id\":8,\"method\":\"nope\",\"params\":{" META "}}");
    mcp_session_free(s); /* waits for the call */
    CHECK_INT(json_array_size(seen.log), 2);
    size_t i;
    json_t *m;
    json_array_foreach(seen.log, i, m)
    {
        json_t *text = json_loads(json_string_value(json_object_get(m, "text")), 0, NULL);
        CHECK_INT(json_integer_value(json_object_get(m, "kind")), MCP_MSG_RESPONSE);
        CHECK_JSON(json_object_get(m, "id"), json_object_get(text, "id"));
        CHECK_JSON(json_object_get(m, "request"), json_object_get(text, "id"));
        int code = (int)json_integer_value(json_object_get(json_object_get(text, "error"), "code"));
        CHECK_INT(json_integer_value(json_object_get(m, "code")), code);
        json_decref(text);
    }
    json_decref(seen.log);
    mcp_server_free(srv);
}

/* ------------------------------------------------------------------ */
/* JSON jansson cannot hold                                            */

static void test_unholdable_json(void)
{
    struct fx f;
    fx_open(&f, 0);
    json_decref(init_session(f.s, &f.c, "{}"));
    static const char *const texts[] = {
        "{\"jsonrpc\":\"2.0\",\"id\":31,\"method\":\"tools/call\",\"params\":{\"name\":\"log\",\"arguments\":{"
        "\"n\":100000000000000000000}}}",
        "{\"jsonrpc\":\"2.0\",\"id\":32,\"method\":\"tools/call\",\"params\":{\"name\":\"a\\u0000b\"}}",
        "{\"jsonrpc\":\"2.0\",\"method\":\"tools/call\",\"params\":{\"name\":\"\\ud800\"},\"id\":33}",
    };
    for (int i = 0; i < 3; i++) {
        rx(f.s, texts[i]);
        json_t *r = cap_reply(&f.c, 31 + i);
        CHECK_INT(err_code(r), -32602);
        CHECK_CONTAINS(json_string_value(json_object_get(json_object_get(r, "error"), "message")), "cannot take");
        json_decref(r);
    }
    /* a real exponent is a number jansson holds: answered normally */
    rx(f.s, "{\"jsonrpc\":\"2.0\",\"id\":34,\"method\":\"tools/call\",\"params\":{\"name\":\"log\",\"arguments\":{"
            "\"n\":1e20}}}");
    json_t *r = cap_reply(&f.c, 34);
    CHECK_STR(first_text(r), "logged");
    json_decref(r);
    /* text that is not JSON: -32700 with a null id */
    rx(f.s, "{\"jsonrpc\":\"2.0\",\"id\":35,\"method\":");
    json_t *jnull = json_null();
    r = cap_take(&f.c, pred_id, jnull, 10000);
    CHECK_INT(err_code(r), -32700);
    json_decref(r);
    rx(f.s, "{\"id\":36 \"x\":1}");
    r = cap_take(&f.c, pred_id, jnull, 10000);
    CHECK_INT(err_code(r), -32700);
    json_decref(r);
    json_decref(jnull);
    fx_close(&f);
}

static const struct test tests_table[] = {
    {"discover_then_initialize", test_discover_then_initialize},
    {"envelope_errors", test_envelope_errors},
    {"stateless_view_and_cache", test_stateless_view_and_cache},
    {"resource_not_found_per_era", test_resource_not_found_per_era},
    {"mrtr_round_trip", test_mrtr_round_trip},
    {"mrtr_multi_round_state", test_mrtr_multi_round_state},
    {"missing_capability", test_missing_capability},
    {"logging_per_request", test_logging_per_request},
    {"listen", test_listen},
    {"tasks", test_tasks},
    {"message_descriptors", test_message_descriptors},
    {"unholdable_json", test_unholdable_json},
    {NULL, NULL},
};
HARNESS_MAIN("mcp_modern", tests_table)
