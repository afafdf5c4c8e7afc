/* test_watch.c - what the core offers an embedding layer for prompts,
 * resources and MCP Apps, in process: _meta on list entries, resource
 * subscriptions across sessions (the union of uris, updates reaching every
 * subscribed session and no other), turning subscriptions off, the ticker
 * stopped by mcp_server_free, and mcp_call_fail on reads and prompts. */
#include "mcplib.h"

#include <stdatomic.h>
#include <unistd.h>

static json_t *read_res(struct mcp_call *call, const char *uri, void *data)
{
    (void)data;
    if (strcmp(uri, "test://fails") == 0) {
        mcp_call_fail(call, MCP_INTERNAL_ERROR, "upstream said no");
        return NULL;
    }
    return json_pack("[{s:s, s:s}]", "uri", uri, "text", "x");
}

static json_t *get_prompt(struct mcp_call *call, json_t *args, void *data, const char **err)
{
    (void)data;
    (void)err;
    if (json_object_get(args, "broken")) {
        mcp_call_fail(call, MCP_INTERNAL_ERROR, "the data source is down");
        return NULL;
    }
    *err = "need broken";
    return NULL;
}

static json_t *tool_noop(struct mcp_call *call, json_t *args, void *data)
{
    (void)call, (void)args, (void)data;
    return mcp_result_text("ok");
}

static struct mcp_server *server(void)
{
    struct mcp_server_info info = {.name = "watch-test", .version = "1.0.0"};
    struct mcp_server *srv = mcp_server_new(&info);
    char err[256];
    struct mcp_tool t = {"noop", "Noop", "Does nothing", NULL, NULL, {true, false, true, false}, tool_noop, NULL,
                         MCP_TASK_NEVER};
    struct mcp_resource r = {"test://{id}", true, "thing", NULL, NULL, NULL, read_res, NULL};
    struct mcp_prompt p = {"p", NULL, NULL, NULL, get_prompt, NULL};
    CHECK_INT(mcp_server_add_tool(srv, &t, err, sizeof err), 0);
    CHECK_INT(mcp_server_add_resource(srv, &r, err, sizeof err), 0);
    CHECK_INT(mcp_server_add_prompt(srv, &p, err, sizeof err), 0);
    return srv;
}

static void test_meta_on_entries(void)
{
    struct mcp_server *srv = server();
    char err[256];
    CHECK_INT(mcp_server_set_tool_meta(srv, "noop", "{\"ui\":{\"resourceUri\":\"ui://x\"}}", err, sizeof err), 0);
    CHECK_INT(mcp_server_set_resource_meta(srv, "test://{id}", "{\"k\":1}", err, sizeof err), 0);
    CHECK_INT(mcp_server_set_tool_meta(srv, "nope", "{}", err, sizeof err), -1);
    CHECK_CONTAINS(err, "not registered");
    CHECK_INT(mcp_server_set_tool_meta(srv, "noop", "[1]", err, sizeof err), -1);
    CHECK_CONTAINS(err, "object");
    struct cap c;
    cap_init(&c);
    struct mcp_session *s = mcp_session_new(srv, cap_send, &c);
    json_decref(init_session(s, &c, "{}"));
    json_t *r = rpc(s, &c, 2, "tools/list", "{}");
    json_t *tool = json_array_get(json_object_get(json_object_get(r, "result"), "tools"), 0);
    CHECK_STR(json_string_value(json_object_get(json_object_get(json_object_get(tool, "_meta"), "ui"),
                                                "resourceUri")),
              "ui://x");
    json_decref(r);
    r = rpc(s, &c, 3, "resources/templates/list", "{}");
    json_t *tm = json_array_get(json_object_get(json_object_get(r, "result"), "resourceTemplates"), 0);
    CHECK_INT(json_integer_value(json_object_get(json_object_get(tm, "_meta"), "k")), 1);
    json_decref(r);
    mcp_session_free(s);
    cap_cleanup(&c);
    mcp_server_free(srv);
}

static void test_subscriptions_across_sessions(void)
{
    struct mcp_server *srv = server();
    struct cap a, b;
    cap_init(&a);
    cap_init(&b);
    struct mcp_session *sa = mcp_session_new(srv, cap_send, &a);
    struct mcp_session *sb = mcp_session_new(srv, cap_send, &b);
    json_decref(init_session(sa, &a, "{}"));
    json_decref(init_session(sb, &b, "{}"));
    json_decref(rpc(sa, &a, 2, "resources/subscribe", "{\"uri\":\"test://1\"}"));
    json_decref(rpc(sb, &b, 2, "resources/subscribe", "{\"uri\":\"test://2\"}"));
    json_decref(rpc(sb, &b, 3, "resources/subscribe", "{\"uri\":\"test://1\"}"));
    json_t *subs = mcp_server_subscriptions(srv);
    CHECK_INT(json_array_size(subs), 2); /* distinct */
    json_decref(subs);
    mcp_server_resource_updated(srv, "test://2");
    json_t *n = cap_take(&b, pred_method, "notifications/resources/updated", 5000);
    CHECK_STR(json_string_value(json_object_get(json_object_get(n, "params"), "uri")), "test://2");
    json_decref(n);
    CHECK_INT(cap_count_method(&a, "notifications/resources/updated"), 0);
    mcp_server_resource_updated(srv, "test://1");
    n = cap_take(&a, pred_method, "notifications/resources/updated", 5000);
    CHECK(n != NULL);
    json_decref(n);
    n = cap_take(&b, pred_method, "notifications/resources/updated", 5000);
    CHECK(n != NULL);
    json_decref(n);
    /* a session that goes away is forgotten, with what it watched */
    mcp_session_free(sb);
    subs = mcp_server_subscriptions(srv);
    CHECK_INT(json_array_size(subs), 1);
    CHECK_STR(json_string_value(json_array_get(subs, 0)), "test://1");
    json_decref(subs);
    mcp_server_resource_updated(srv, "test://2"); /* nobody: nothing breaks */
    json_decref(rpc(sa, &a, 3, "resources/unsubscribe", "{\"uri\":\"test://1\"}"));
    subs = mcp_server_subscriptions(srv);
    CHECK_INT(json_array_size(subs), 0);
    json_decref(subs);
    mcp_session_free(sa);
    cap_cleanup(&a);
    cap_cleanup(&b);
    mcp_server_free(srv);
}

static void test_subscriptions_off(void)
{
    struct mcp_server *srv = server();
    mcp_server_allow_subscriptions(srv, false);
    struct cap c;
    cap_init(&c);
    struct mcp_session *s = mcp_session_new(srv, cap_send, &c);
    json_t *init = init_session(s, &c, "{}");
    CHECK(json_is_false(
        json_object_get(json_object_get(json_object_get(init, "capabilities"), "resources"), "subscribe")));
    json_decref(init);
    json_t *r = rpc(s, &c, 2, "resources/subscribe", "{\"uri\":\"test://1\"}");
    CHECK_INT(err_code(r), -32601);
    json_decref(r);
    mcp_session_free(s);
    cap_cleanup(&c);
    mcp_server_free(srv);
}

static atomic_int ticks;
static void on_tick(struct mcp_server *srv, void *data)
{
    (void)data;
    CHECK(!mcp_server_stopping(srv));
    atomic_fetch_add(&ticks, 1);
}

static void test_ticker(void)
{
    struct mcp_server *srv = server();
    atomic_store(&ticks, 0);
    mcp_server_set_ticker(srv, 20, on_tick, NULL);
    for (int i = 0; i < 500 && atomic_load(&ticks) < 3; i++)
        usleep(10 * 1000);
    CHECK(atomic_load(&ticks) >= 3);
    mcp_server_free(srv); /* joins the ticker: no tick after this */
    int after = atomic_load(&ticks);
    usleep(100 * 1000);
    CHECK_INT(atomic_load(&ticks), after);
}

static void test_call_fail(void)
{
    struct mcp_server *srv = server();
    struct cap c;
    cap_init(&c);
    struct mcp_session *s = mcp_session_new(srv, cap_send, &c);
    json_decref(init_session(s, &c, "{}"));
    json_t *r = rpc(s, &c, 2, "resources/read", "{\"uri\":\"test://fails\"}");
    CHECK_INT(err_code(r), -32603);
    CHECK_CONTAINS(json_string_value(json_object_get(json_object_get(r, "error"), "message")), "upstream said no");
    json_decref(r);
    r = rpc(s, &c, 3, "prompts/get", "{\"name\":\"p\",\"arguments\":{\"broken\":\"1\"}}");
    CHECK_INT(err_code(r), -32603);
    CHECK_CONTAINS(json_string_value(json_object_get(json_object_get(r, "error"), "message")), "data source");
    json_decref(r);
    /* without it, the old defaults */
    r = rpc(s, &c, 4, "prompts/get", "{\"name\":\"p\",\"arguments\":{}}");
    CHECK_INT(err_code(r), -32602);
    json_decref(r);
    mcp_session_free(s);
    cap_cleanup(&c);
    mcp_server_free(srv);
}

static const struct test tests[] = {
    {"meta_on_entries", test_meta_on_entries},
    {"subscriptions_across_sessions", test_subscriptions_across_sessions},
    {"subscriptions_off", test_subscriptions_off},
    {"ticker", test_ticker},
    {"call_fail", test_call_fail},
    {NULL, NULL},
};

HARNESS_MAIN("mcp_watch", tests)
