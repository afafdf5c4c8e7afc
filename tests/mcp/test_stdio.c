/* test_stdio.c - end to end over real pipes: spawns mcp-fixture and talks
 * newline-delimited JSON-RPC to it (lifecycle, errors, ids, huge lines,
 * pagination, list_changed, progress, cancellation, elicitation, logging,
 * EOF). Every test ends by checking the child exits 0 (ASan's leak report
 * would make it non-zero). */
#include "base/base.h"
#include "harness.h"
#include "mcp/mcp.h"
#include "testlib.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static int start(struct tl_proc *p, char *const env[])
{
    char *argv[] = {(char *)tl_bin("mcp-fixture"), NULL};
    int rc = tl_spawn(p, argv, env);
    CHECK_INT(rc, 0);
    return rc;
}

static void finish(struct tl_proc *p)
{
    int status = tl_finish(p, 10000);
    if (status != 0) {
        char *err = tl_stderr(p);
        harness_fail(__FILE__, __LINE__, "mcp-fixture exited %d; stderr: %.2000s", status, err ? err : "");
        free(err);
    }
    tl_proc_free(p);
}

static const char *text0(json_t *resp)
{
    json_t *content = json_object_get(json_object_get(resp, "result"), "content");
    return json_string_value(json_object_get(json_array_get(content, 0), "text"));
}

static int code(json_t *resp)
{
    return (int)json_integer_value(json_object_get(json_object_get(resp, "error"), "code"));
}

static json_t *call_tool(struct tl_proc *p, const char *name, json_t *args /* stolen, may be NULL */)
{
    json_t *params = json_pack("{s:s}", "name", name);
    if (args)
        json_object_set_new(params, "arguments", args);
    return tl_rpc(p, "tools/call", params, 10000);
}

/* Counts the notifications with method in p->notes. */
static size_t count_notes(struct tl_proc *p, const char *method)
{
    size_t n = 0, i;
    json_t *m;
    json_array_foreach(p->notes, i, m)
    {
        const char *mm = json_string_value(json_object_get(m, "method"));
        if (mm && strcmp(mm, method) == 0)
            n++;
    }
    return n;
}

static bool list_has(json_t *resp, const char *name)
{
    size_t i;
    json_t *t;
    json_array_foreach(json_object_get(json_object_get(resp, "result"), "tools"), i, t)
    {
        if (strcmp(json_string_value(json_object_get(t, "name")), name) == 0)
            return true;
    }
    return false;
}

static void test_lifecycle(void)
{
    struct tl_proc p;
    if (start(&p, NULL) != 0)
        return;
    /* before initialize: ping works, tools/list does not */
    json_t *r = tl_rpc(&p, "ping", NULL, 10000);
    CHECK(json_is_object(json_object_get(r, "result")));
    json_decref(r);
    r = tl_rpc(&p, "tools/list", NULL, 10000);
    CHECK_INT(code(r), -32600);
    json_decref(r);
    json_t *init = tl_initialize(&p, NULL);
    CHECK_STR(json_string_value(json_object_get(init, "protocolVersion")), "2025-11-25");
    CHECK_STR(json_string_value(json_object_get(json_object_get(init, "serverInfo"), "name")), "mcp-fixture");
    CHECK(json_object_get(json_object_get(init, "capabilities"), "tools") != NULL);
    json_decref(init);
    r = tl_rpc(&p, "initialize",
               json_pack("{s:s, s:{}, s:{s:s, s:s}}", "protocolVersion", "2025-11-25", "capabilities", "clientInfo",
                         "name", "x", "version", "1"),
               10000);
    CHECK_INT(code(r), -32600);
    json_decref(r);
    r = tl_rpc(&p, "tools/list", NULL, 10000);
    CHECK(list_has(r, "fixture_echo"));
    CHECK(list_has(r, "test_simple_text"));
    CHECK(!list_has(r, "fixture_hidden"));
    CHECK(json_object_get(json_object_get(r, "result"), "nextCursor") == NULL);
    json_decref(r);
    r = call_tool(&p, "fixture_echo", json_pack("{s:s}", "text", "hello"));
    CHECK_STR(json_string_value(json_object_get(json_object_get(json_object_get(r, "result"), "structuredContent"),
                                                "text")),
              "hello");
    CHECK_STR(text0(r), "{\"text\":\"hello\"}");
    json_decref(r);
    r = call_tool(&p, "no_such_tool", NULL);
    CHECK_INT(code(r), -32602);
    json_decref(r);
    r = call_tool(&p, "fixture_slow", json_pack("{s:i}", "steps", 0));
    CHECK(json_is_true(json_object_get(json_object_get(r, "result"), "isError")));
    CHECK_CONTAINS(text0(r), "'steps'");
    json_decref(r);
    /* nothing but protocol messages came out: every line parsed as JSON */
    CHECK_INT(count_notes(&p, "notifications/message"), 0);
    finish(&p);
}

static void test_older_protocol(void)
{
    struct tl_proc p;
    if (start(&p, NULL) != 0)
        return;
    json_t *r = tl_rpc(&p, "initialize",
                       json_pack("{s:s, s:{}, s:{s:s, s:s}}", "protocolVersion", "2024-11-05", "capabilities",
                                 "clientInfo", "name", "old", "version", "1"),
                       10000);
    CHECK_STR(json_string_value(json_object_get(json_object_get(r, "result"), "protocolVersion")), "2024-11-05");
    json_decref(r);
    finish(&p);
}

static void test_errors_and_ids(void)
{
    struct tl_proc p;
    if (start(&p, NULL) != 0)
        return;
    json_decref(tl_initialize(&p, NULL));
    tl_send(&p, "this is not json");
    char *line = tl_recv_line(&p, 10000);
    json_t *r = line ? json_loads(line, 0, NULL) : NULL;
    CHECK_INT(code(r), -32700);
    CHECK(json_is_null(json_object_get(r, "id")));
    json_decref(r);
    free(line);
    tl_send(&p, "[{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}]");
    r = tl_recv(&p, 10000);
    CHECK_INT(code(r), -32600);
    json_decref(r);
    /* blank lines and CRLF are tolerated */
    tl_send(&p, "");
    tl_send(&p, "{\"jsonrpc\":\"2.0\",\"id\":\"crlf\",\"method\":\"ping\"}\r");
    r = tl_recv(&p, 10000);
    CHECK_STR(json_string_value(json_object_get(r, "id")), "crlf");
    json_decref(r);
    /* ids come back byte for byte */
    tl_send(&p, "{\"jsonrpc\":\"2.0\",\"id\":9007199254740993,\"method\":\"ping\"}");
    line = tl_recv_line(&p, 10000);
    CHECK_CONTAINS(line, "\"id\":9007199254740993");
    free(line);
    tl_send(&p, "{\"jsonrpc\":\"2.0\",\"id\":\"\xe2\x9c\x93 \\u00e9\",\"method\":\"ping\"}");
    line = tl_recv_line(&p, 10000);
    CHECK_CONTAINS(line, "\"id\":\"\xe2\x9c\x93 \xc3\xa9\"");
    free(line);
    tl_send(&p, "{\"jsonrpc\":\"2.0\",\"id\":5,\"method\":\"does/not/exist\"}");
    r = tl_recv(&p, 10000);
    CHECK_INT(code(r), -32601);
    CHECK_INT(json_integer_value(json_object_get(r, "id")), 5);
    json_decref(r);
    /* a notification gets nothing back: the next line is the ping reply */
    tl_send(&p, "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/unknown\"}");
    tl_send(&p, "{\"jsonrpc\":\"2.0\",\"id\":6,\"method\":\"ping\"}");
    r = tl_recv(&p, 10000);
    CHECK_INT(json_integer_value(json_object_get(r, "id")), 6);
    json_decref(r);
    finish(&p);
}

static void test_huge_lines(void)
{
    struct tl_proc p;
    if (start(&p, NULL) != 0)
        return;
    json_decref(tl_initialize(&p, NULL));
    /* several MB in one line is served */
    size_t n = 5u * 1024u * 1024u;
    char *text = xmalloc(n + 1);
    memset(text, 'a', n);
    text[n] = '\0';
    json_t *r = call_tool(&p, "fixture_echo", json_pack("{s:s}", "text", text));
    const char *got = json_string_value(
        json_object_get(json_object_get(json_object_get(r, "result"), "structuredContent"), "text"));
    CHECK(got != NULL && strlen(got) == n);
    json_decref(r);
    free(text);
    /* over MCP_MAX_MESSAGE: an error reply and the rest of the line skipped */
    size_t big = MCP_MAX_MESSAGE + 4096;
    char *line = xmalloc(big + 1);
    memset(line, ' ', big);
    static const char head[] = "{\"jsonrpc\":\"2.0\",\"id\":77,\"method\":\"ping\",\"params\":{\"pad\":\"";
    memcpy(line, head, strlen(head));
    memcpy(line + big - 3, "\"}}", 3);
    line[big] = '\0';
    CHECK_INT(tl_send(&p, line), 0);
    free(line);
    r = tl_recv(&p, 30000);
    CHECK_INT(code(r), -32600);
    CHECK(json_is_null(json_object_get(r, "id")));
    json_decref(r);
    r = tl_rpc(&p, "ping", NULL, 10000);
    CHECK(json_object_get(r, "result") != NULL);
    json_decref(r);
    finish(&p);
}

static void test_pagination(void)
{
    struct tl_proc p;
    char *env[] = {"MCP_FIXTURE_PAGE_SIZE=4", NULL};
    if (start(&p, env) != 0)
        return;
    json_decref(tl_initialize(&p, NULL));
    json_t *all = json_array();
    char *cursor = NULL;
    int pages = 0;
    do {
        json_t *params = cursor ? json_pack("{s:s}", "cursor", cursor) : NULL;
        json_t *r = tl_rpc(&p, "tools/list", params, 10000);
        json_t *res = json_object_get(r, "result");
        json_t *tools = json_object_get(res, "tools");
        CHECK(json_array_size(tools) <= 4 && json_array_size(tools) > 0);
        json_array_extend(all, tools);
        free(cursor);
        cursor = json_is_string(json_object_get(res, "nextCursor"))
                     ? xstrdup(json_string_value(json_object_get(res, "nextCursor")))
                     : NULL;
        json_decref(r);
        pages++;
    } while (cursor && pages < 50);
    /* 40 tools, one hidden: 39 visible in 10 pages of at most 4 */
    CHECK_INT(json_array_size(all), 39);
    CHECK_INT(pages, 10);
    json_decref(all);
    json_t *r = tl_rpc(&p, "tools/list", json_pack("{s:s}", "cursor", "not-a-cursor"), 10000);
    CHECK_INT(code(r), -32602);
    json_decref(r);
    finish(&p);
}

static void test_list_changed(void)
{
    struct tl_proc p;
    if (start(&p, NULL) != 0)
        return;
    json_t *init = tl_initialize(&p, NULL);
    CHECK(json_is_true(json_object_get(json_object_get(json_object_get(init, "capabilities"), "tools"),
                                       "listChanged")));
    json_decref(init);
    json_t *r = call_tool(&p, "fixture_toggle", NULL);
    CHECK_STR(text0(r), "visible");
    json_decref(r);
    CHECK_INT(count_notes(&p, "notifications/tools/list_changed"), 1);
    r = tl_rpc(&p, "tools/list", NULL, 10000);
    CHECK(list_has(r, "fixture_hidden"));
    json_decref(r);
    r = call_tool(&p, "fixture_hidden", NULL);
    CHECK_STR(text0(r), "hidden tool ran");
    json_decref(r);
    r = call_tool(&p, "fixture_toggle", NULL);
    CHECK_STR(text0(r), "hidden");
    json_decref(r);
    CHECK_INT(count_notes(&p, "notifications/tools/list_changed"), 2);
    r = tl_rpc(&p, "tools/list", NULL, 10000);
    CHECK(!list_has(r, "fixture_hidden"));
    json_decref(r);
    finish(&p);
}

static void test_progress(void)
{
    struct tl_proc p;
    if (start(&p, NULL) != 0)
        return;
    json_decref(tl_initialize(&p, NULL));
    json_t *params = json_pack("{s:s, s:{s:i}, s:{s:s}}", "name", "fixture_slow", "arguments", "steps", 3, "_meta",
                               "progressToken", "tok");
    json_t *r = tl_rpc(&p, "tools/call", params, 10000);
    CHECK_STR(text0(r), "done 3");
    json_decref(r);
    CHECK_INT(count_notes(&p, "notifications/progress"), 3);
    size_t i;
    json_t *m;
    double last = 0;
    json_array_foreach(p.notes, i, m)
    {
        json_t *pp = json_object_get(m, "params");
        CHECK_STR(json_string_value(json_object_get(pp, "progressToken")), "tok");
        CHECK(json_number_value(json_object_get(pp, "progress")) > last);
        CHECK(json_number_value(json_object_get(pp, "total")) == 3);
        last = json_number_value(json_object_get(pp, "progress"));
    }
    CHECK(last == 3);
    /* without a token: none */
    json_array_clear(p.notes);
    r = call_tool(&p, "fixture_slow", json_pack("{s:i}", "steps", 2));
    CHECK_STR(text0(r), "done 2");
    json_decref(r);
    CHECK_INT(count_notes(&p, "notifications/progress"), 0);
    finish(&p);
}

static void test_cancellation(void)
{
    struct tl_proc p;
    if (start(&p, NULL) != 0)
        return;
    json_decref(tl_initialize(&p, NULL));
    tl_send(&p, "{\"jsonrpc\":\"2.0\",\"id\":\"slow-1\",\"method\":\"tools/call\",\"params\":{\"name\":\"fixture_slow\","
                "\"arguments\":{\"steps\":50},\"_meta\":{\"progressToken\":1}}}");
    /* wait for the first progress: the handler is running */
    json_t *first = tl_recv(&p, 10000);
    CHECK_STR(json_string_value(json_object_get(first, "method")), "notifications/progress");
    json_decref(first);
    tl_send(&p, "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/cancelled\",\"params\":{\"requestId\":\"slow-1\"}}");
    json_t *r = tl_rpc(&p, "ping", NULL, 10000);
    CHECK(r != NULL);
    json_decref(r);
    /* EOF: the fixture joins its workers and exits; read everything it wrote */
    close(p.in_fd);
    p.in_fd = -1;
    int progress = 0;
    json_t *m;
    while ((m = tl_recv(&p, 10000)) != NULL) {
        if (json_is_string(json_object_get(m, "id")) &&
            strcmp(json_string_value(json_object_get(m, "id")), "slow-1") == 0)
            harness_fail(__FILE__, __LINE__, "a cancelled request was answered: %s", harness_json(m));
        if (json_object_get(m, "method"))
            progress++;
        json_decref(m);
    }
    CHECK(progress < 49); /* it stopped early */
    finish(&p);
}

static void test_elicitation(void)
{
    struct tl_proc p;
    if (start(&p, NULL) != 0)
        return;
    json_decref(tl_initialize(&p, json_pack("{s:{}}", "elicitation")));
    static const char *const answers[][2] = {
        {"{\"action\":\"accept\",\"content\":{\"confirm\":true}}", "confirmed"},
        {"{\"action\":\"accept\",\"content\":{\"confirm\":false}}", "declined"},
        {"{\"action\":\"decline\"}", "declined"},
    };
    for (int i = 0; i < 3; i++) {
        char *req = xasprintf("{\"jsonrpc\":\"2.0\",\"id\":%d,\"method\":\"tools/call\",\"params\":{\"name\":"
                              "\"fixture_confirm\"}}",
                              100 + i);
        tl_send(&p, req);
        free(req);
        json_t *ask = tl_recv(&p, 10000);
        CHECK_STR(json_string_value(json_object_get(ask, "method")), "elicitation/create");
        json_t *id = json_object_get(ask, "id");
        CHECK(json_is_string(id));
        json_t *schema = json_object_get(json_object_get(ask, "params"), "requestedSchema");
        CHECK_STR(json_string_value(json_object_get(json_object_get(json_object_get(schema, "properties"), "confirm"),
                                                    "type")),
                  "boolean");
        /* the server keeps reading while the tool waits */
        json_t *r = tl_rpc(&p, "ping", NULL, 10000);
        CHECK(r != NULL);
        json_decref(r);
        char *reply = xasprintf("{\"jsonrpc\":\"2.0\",\"id\":\"%s\",\"result\":%s}", json_string_value(id),
                                answers[i][0]);
        tl_send(&p, reply);
        free(reply);
        json_decref(ask);
        r = tl_recv(&p, 10000);
        CHECK_INT(json_integer_value(json_object_get(r, "id")), 100 + i);
        CHECK_STR(text0(r), answers[i][1]);
        json_decref(r);
    }
    finish(&p);
    /* a client without the capability is never asked */
    if (start(&p, NULL) != 0)
        return;
    json_decref(tl_initialize(&p, NULL));
    json_t *r = call_tool(&p, "fixture_confirm", NULL);
    CHECK_STR(text0(r), "elicitation unsupported");
    CHECK_INT(json_array_size(p.notes), 0);
    json_decref(r);
    finish(&p);
}

static void test_logging(void)
{
    struct tl_proc p;
    if (start(&p, NULL) != 0)
        return;
    json_decref(tl_initialize(&p, NULL));
    json_t *r = tl_rpc(&p, "logging/setLevel", json_pack("{s:s}", "level", "debug"), 10000);
    CHECK_INT(json_object_size(json_object_get(r, "result")), 0);
    json_decref(r);
    r = call_tool(&p, "test_tool_with_logging", NULL);
    CHECK_STR(text0(r), "Tool with logging executed successfully");
    json_decref(r);
    CHECK_INT(count_notes(&p, "notifications/message"), 3);
    r = tl_rpc(&p, "logging/setLevel", json_pack("{s:s}", "level", "error"), 10000);
    json_decref(r);
    json_array_clear(p.notes);
    r = call_tool(&p, "test_tool_with_logging", NULL);
    json_decref(r);
    CHECK_INT(count_notes(&p, "notifications/message"), 0);
    r = tl_rpc(&p, "logging/setLevel", json_pack("{s:s}", "level", "chatty"), 10000);
    CHECK_INT(code(r), -32602);
    json_decref(r);
    finish(&p);
}

static void test_eof_with_work_in_flight(void)
{
    struct tl_proc p;
    if (start(&p, NULL) != 0)
        return;
    json_decref(tl_initialize(&p, json_pack("{s:{}}", "elicitation")));
    /* one handler sleeping in steps, one waiting for an elicitation answer */
    tl_send(&p, "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\",\"params\":{\"name\":\"fixture_slow\","
                "\"arguments\":{\"steps\":50}}}");
    tl_send(&p, "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/call\",\"params\":{\"name\":\"fixture_confirm\"}}");
    json_t *ask = tl_recv(&p, 10000);
    CHECK_STR(json_string_value(json_object_get(ask, "method")), "elicitation/create");
    json_decref(ask);
    finish(&p); /* closes stdin: exit status 0, no leak */
}

static void test_eof_idle(void)
{
    struct tl_proc p;
    if (start(&p, NULL) != 0)
        return;
    finish(&p);
    /* a request piped in just before EOF is still answered */
    if (start(&p, NULL) != 0)
        return;
    tl_send(&p, "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{\"protocolVersion\":\"2025-11-25\","
                "\"capabilities\":{}}}");
    tl_send(&p, "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/call\",\"params\":{\"name\":\"test_simple_text\"}}");
    close(p.in_fd);
    p.in_fd = -1;
    json_t *r1 = tl_recv(&p, 10000);
    json_t *r2 = tl_recv(&p, 10000);
    CHECK_INT(json_integer_value(json_object_get(r1, "id")), 1);
    CHECK_STR(text0(r2), "This is a simple text response for testing.");
    json_decref(r1);
    json_decref(r2);
    finish(&p);
}

/* Issue 11: "requests | server" got "cancelled" for the last request; at
 * EOF the calls in flight are finished and answered, then it exits. */
static void test_eof_finishes_calls(void)
{
    struct tl_proc p;
    if (start(&p, NULL) != 0)
        return;
    json_decref(tl_initialize(&p, NULL));
    tl_send(&p, "{\"jsonrpc\":\"2.0\",\"id\":5,\"method\":\"tools/call\",\"params\":{\"name\":\"fixture_slow\","
                "\"arguments\":{\"steps\":8}}}");
    close(p.in_fd);
    p.in_fd = -1;
    json_t *r = tl_recv(&p, 20000);
    CHECK_INT(json_integer_value(json_object_get(r, "id")), 5);
    CHECK_STR(text0(r), "done 8");
    json_decref(r);
    finish(&p);
}

#define META_2026                                                                                                   \
    "\"_meta\":{\"io.modelcontextprotocol/protocolVersion\":\"2026-07-28\","                                       \
    "\"io.modelcontextprotocol/clientCapabilities\":{\"elicitation\":{}}}"

/* Hosts probe with server/discover and then send initialize on the same
 * connection; 2026 requests (a multi-round trip here) work beside it. */
static void test_discover_then_initialize(void)
{
    struct tl_proc p;
    if (start(&p, NULL) != 0)
        return;
    tl_send(&p, "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"server/discover\",\"params\":{" META_2026 "}}");
    json_t *d = tl_recv(&p, 10000);
    CHECK_STR(json_string_value(json_object_get(json_object_get(d, "result"), "resultType")), "complete");
    CHECK_STR(json_string_value(json_array_get(json_object_get(json_object_get(d, "result"), "supportedVersions"), 0)),
              "2026-07-28");
    json_decref(d);
    json_t *init = tl_initialize(&p, NULL);
    CHECK_STR(json_string_value(json_object_get(init, "protocolVersion")), "2025-11-25");
    json_decref(init);
    tl_send(&p, "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/call\",\"params\":{\"name\":"
                "\"test_input_required_result_elicitation\"," META_2026 "}}");
    json_t *r = tl_recv(&p, 10000);
    json_t *res = json_object_get(r, "result");
    CHECK_STR(json_string_value(json_object_get(res, "resultType")), "input_required");
    json_t *again = json_pack("{s:s, s:i, s:s, s:{s:s, s:{s:{s:s, s:{s:s}}}, s:O, s:{s:s, s:{s:{}}}}}", "jsonrpc",
                              "2.0", "id", 3, "method", "tools/call", "params", "name",
                              "test_input_required_result_elicitation", "inputResponses", "user_name", "action",
                              "accept", "content", "name", "Ada", "requestState",
                              json_object_get(res, "requestState"), "_meta",
                              "io.modelcontextprotocol/protocolVersion", "2026-07-28",
                              "io.modelcontextprotocol/clientCapabilities", "elicitation");
    tl_send_json(&p, again);
    json_decref(again);
    json_decref(r);
    r = tl_recv(&p, 10000);
    CHECK_STR(text0(r), "Hello, Ada!");
    json_decref(r);
    finish(&p);
}

/* Issue 11: JSON with an id that jansson cannot hold was answered with
 * -32700 and a null id, so the client waited for its timeout. */
static void test_unholdable_json_answers_its_id(void)
{
    struct tl_proc p;
    if (start(&p, NULL) != 0)
        return;
    json_decref(tl_initialize(&p, NULL));
    tl_send(&p, "{\"jsonrpc\":\"2.0\",\"id\":41,\"method\":\"tools/call\",\"params\":{\"name\":\"fixture_echo\","
                "\"arguments\":{\"text\":\"x\",\"n\":100000000000000000000}}}");
    json_t *r = tl_recv(&p, 10000);
    CHECK_INT(json_integer_value(json_object_get(r, "id")), 41);
    CHECK_INT(code(r), -32602);
    json_decref(r);
    tl_send(&p, "{\"jsonrpc\":\"2.0\",\"id\":\"n\",\"method\":\"tools/call\",\"params\":{\"name\":\"fixture_echo\","
                "\"arguments\":{\"text\":\"a\\u0000b\"}}}");
    r = tl_recv(&p, 10000);
    CHECK_STR(json_string_value(json_object_get(r, "id")), "n");
    CHECK_INT(code(r), -32602);
    json_decref(r);
    tl_send(&p, "{\"jsonrpc\":\"2.0\",\"id\":43,\"method\":\"tools/call\",\"params\":{\"name\":\"\\ud800\"}}");
    r = tl_recv(&p, 10000);
    CHECK_INT(json_integer_value(json_object_get(r, "id")), 43);
    CHECK_INT(code(r), -32602);
    json_decref(r);
    tl_send(&p, "{\"jsonrpc\":\"2.0\",\"id\":44,");
    r = tl_recv(&p, 10000);
    CHECK(json_is_null(json_object_get(r, "id")));
    CHECK_INT(code(r), -32700);
    json_decref(r);
    finish(&p);
}

/* A subscriptions/listen stream ends with its result when the input ends. */
static void test_listen_until_eof(void)
{
    struct tl_proc p;
    if (start(&p, NULL) != 0)
        return;
    tl_send(&p, "{\"jsonrpc\":\"2.0\",\"id\":\"sub\",\"method\":\"subscriptions/listen\",\"params\":{"
                "\"notifications\":{\"toolsListChanged\":true}," META_2026 "}}");
    json_t *ack = tl_recv(&p, 10000);
    CHECK_STR(json_string_value(json_object_get(ack, "method")), "notifications/subscriptions/acknowledged");
    json_decref(ack);
    tl_send(&p, "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/call\",\"params\":{\"name\":"
                "\"test_trigger_tool_change\"," META_2026 "}}");
    bool changed = false, answered = false;
    for (int i = 0; i < 2; i++) {
        json_t *m = tl_recv(&p, 10000);
        changed |= json_object_get(m, "method") &&
                   strcmp(json_string_value(json_object_get(m, "method")), "notifications/tools/list_changed") == 0;
        answered |= json_integer_value(json_object_get(m, "id")) == 2;
        json_decref(m);
    }
    CHECK(changed && answered);
    close(p.in_fd);
    p.in_fd = -1;
    json_t *end = tl_recv(&p, 10000);
    CHECK_STR(json_string_value(json_object_get(end, "id")), "sub");
    CHECK_STR(json_string_value(json_object_get(json_object_get(end, "result"), "resultType")), "complete");
    json_decref(end);
    finish(&p);
}

static const struct test tests[] = {
    {"lifecycle", test_lifecycle},
    {"older_protocol", test_older_protocol},
    {"errors_and_ids", test_errors_and_ids},
    {"huge_lines", test_huge_lines},
    {"pagination", test_pagination},
    {"list_changed", test_list_changed},
    {"progress", test_progress},
    {"cancellation", test_cancellation},
    {"elicitation", test_elicitation},
    {"logging", test_logging},
    {"eof_with_work_in_flight", test_eof_with_work_in_flight},
    {"eof_idle", test_eof_idle},
    {"eof_finishes_calls", test_eof_finishes_calls},
    {"discover_then_initialize", test_discover_then_initialize},
    {"unholdable_json_answers_its_id", test_unholdable_json_answers_its_id},
    {"listen_until_eof", test_listen_until_eof},
    {NULL, NULL},
};
HARNESS_MAIN("mcp_stdio", tests)
