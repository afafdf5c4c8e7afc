/* fuzz_jsonrpc.c - libFuzzer harness for JSON-RPC message handling: each
 * input is a list of newline-separated messages fed to one new session
 * through mcp_session_receive; every message the server sends back must be
 * a JSON-RPC object (fz_check_send). The server has a tool of each kind
 * (validated arguments, progress and logging, elicitation, sampling, a
 * nested call, an error), a resource, a template, a prompt and
 * completion. Bit 0 of the first byte starts the session initialized. */
#include "fuzz.h"

#include "base/base.h"
#include "mcp/mcp.h"

#include <stdlib.h>
#include <string.h>

static struct mcp_server *srv;

static const char echo_schema[] =
    "{\"type\":\"object\",\"properties\":{"
    "\"text\":{\"type\":\"string\",\"minLength\":1,\"maxLength\":64},"
    "\"n\":{\"type\":\"integer\",\"minimum\":-5,\"maximum\":100},"
    "\"mode\":{\"type\":\"string\",\"enum\":[\"a\",\"b\"]},"
    "\"ids\":{\"type\":\"array\",\"items\":{\"type\":[\"integer\",\"string\"]},\"maxItems\":4},"
    "\"opt\":{\"anyOf\":[{\"type\":\"boolean\"},{\"type\":\"null\"}]},"
    "\"obj\":{\"type\":\"object\",\"properties\":{\"k\":{\"const\":1}},"
    "\"additionalProperties\":false}},"
    "\"required\":[\"text\"],\"additionalProperties\":false}";
static const char any_schema[] = "{\"type\":\"object\"}";

static json_t *t_echo(struct mcp_call *call, json_t *args, void *data)
{
    (void)call, (void)data;
    return mcp_result_structured(json_deep_copy(args), NULL);
}

static json_t *t_progress(struct mcp_call *call, json_t *args, void *data)
{
    (void)args, (void)data;
    for (int i = 1; i <= 3 && !mcp_call_cancelled(call); i++) {
        mcp_call_progress(call, i, 3, "step");
        mcp_call_log(call, "info", "fuzz", json_integer(i));
    }
    return mcp_result_text("done");
}

/* Waits for the client's answer or the end of the session (the harness
 * frees the session after the input, which ends the wait). */
static json_t *t_elicit(struct mcp_call *call, json_t *args, void *data)
{
    (void)args, (void)data;
    json_t *schema = json_pack("{s:s, s:{s:{s:s}}}", "type", "object", "properties", "ok", "type", "boolean");
    json_t *result = NULL;
    int rc = mcp_call_elicit(call, "Proceed?", schema, 0, &result);
    json_decref(schema);
    json_decref(result);
    return mcp_result_text(rc == 0 ? "answered" : "no answer");
}

static json_t *t_sample(struct mcp_call *call, json_t *args, void *data)
{
    (void)data;
    json_t *result = NULL;
    int rc = mcp_call_sample(call, args, 0, &result);
    json_decref(result);
    return mcp_result_text(rc == 0 ? "sampled" : "no sample");
}

static json_t *t_invoke(struct mcp_call *call, json_t *args, void *data)
{
    (void)data;
    return mcp_call_invoke(call, "fuzz_echo", args);
}

static json_t *t_fail(struct mcp_call *call, json_t *args, void *data)
{
    (void)call, (void)args, (void)data;
    return mcp_result_error("failed on purpose: %s", "fuzz");
}

static json_t *r_read(struct mcp_call *call, const char *uri, void *data)
{
    (void)call, (void)data;
    return json_pack("[{s:s, s:s}]", "uri", uri, "text", "resource text");
}

static json_t *p_get(struct mcp_call *call, json_t *args, void *data, const char **err)
{
    (void)call, (void)data;
    const char *topic = json_string_value(json_object_get(args, "topic"));
    if (!topic) {
        *err = "argument 'topic' is required";
        return NULL;
    }
    return json_pack("{s:[{s:s, s:{s:s, s:s}}]}", "messages", "role", "user", "content", "type", "text", "text",
                     topic);
}

static json_t *complete(struct mcp_call *call, json_t *ref, json_t *argument, json_t *context, void *data)
{
    (void)call, (void)ref, (void)context, (void)data;
    const char *v = json_string_value(json_object_get(argument, "value"));
    return json_pack("{s:[s], s:i}", "values", v ? v : "", "total", 1);
}

static void add_tool(const char *name, const char *schema, mcp_tool_fn fn, bool read_only)
{
    struct mcp_tool t = {.name = name, .title = name, .description = "fuzz tool", .input_schema = schema,
                         .annotations = {.read_only = read_only}, .handler = fn};
    char err[256];
    if (mcp_server_add_tool(srv, &t, err, sizeof err) != 0)
        abort();
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc, (void)argv;
    fz_init();
    struct mcp_server_info info = {.name = "fuzz", .title = "Fuzz", .version = "1", .instructions = "fuzz"};
    srv = mcp_server_new(&info);
    add_tool("fuzz_echo", echo_schema, t_echo, true);
    add_tool("fuzz_progress", any_schema, t_progress, true);
    add_tool("fuzz_elicit", any_schema, t_elicit, false);
    add_tool("fuzz_sample", any_schema, t_sample, true);
    add_tool("fuzz_invoke", any_schema, t_invoke, true);
    add_tool("fuzz_fail", any_schema, t_fail, false);
    mcp_server_set_page_size(srv, 2);
    char err[256];
    struct mcp_resource r = {.uri = "fuzz://doc", .name = "doc", .mime_type = "text/plain", .read = r_read};
    struct mcp_resource rt = {.uri = "fuzz://items/{id}", .is_template = true, .name = "item", .read = r_read};
    struct mcp_prompt p = {.name = "fuzz_prompt",
                           .description = "a prompt",
                           .arguments = "[{\"name\":\"topic\",\"description\":\"what\",\"required\":true}]",
                           .get = p_get};
    if (mcp_server_add_resource(srv, &r, err, sizeof err) != 0 ||
        mcp_server_add_resource(srv, &rt, err, sizeof err) != 0 ||
        mcp_server_add_prompt(srv, &p, err, sizeof err) != 0)
        abort();
    mcp_server_set_completion(srv, complete, NULL);
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    struct mcp_session *s = mcp_session_new(srv, fz_check_send, NULL);
    if (data[0] & 1)
        fz_initialize(s, "{\"elicitation\":{},\"sampling\":{}}");
    fz_split(data + 1, size - 1, "\n", 1, 64, fz_feed, s);
    mcp_session_free(s);
    return 0;
}
