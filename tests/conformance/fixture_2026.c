/* fixture_2026.c - the mcp-fixture tools and prompt that the 2026-07-28
 * conformance suite (@modelcontextprotocol/conformance 0.2.0-alpha.12)
 * calls by name: multi-round-trip inputs, a required capability, logging
 * only on request, list-change triggers, an x-mcp-header argument and the
 * tasks extension's fixtures. They work in a 2025 session too (inputs are
 * then server-to-client requests). */
#include "fixture.h"

#include "base/base.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- inputs ---- */

static json_t *ask_text(const char *message, const char *field)
{
    return json_pack("{s:s, s:{s:s, s:{s:{s:s}}, s:[s]}}", "message", message, "requestedSchema", "type", "object",
                     "properties", field, "type", "string", "required", field);
}

/* An elicitation answer's content field (borrowed) or "". */
static const char *answered(json_t *answer, const char *field)
{
    const char *v = json_string_value(json_object_get(json_object_get(answer, "content"), field));
    return v ? v : "";
}

/* Asks for one text field; OK, or another code the caller returns on. */
static enum mcp_input elicit_text(struct mcp_call *call, const char *key, const char *message, const char *field,
                                  json_t **answer)
{
    json_t *params = ask_text(message, field);
    enum mcp_input rc = mcp_call_input(call, key, "elicitation/create", params, 60000, answer);
    json_decref(params);
    return rc;
}

static json_t *not_answered(enum mcp_input rc)
{
    /* PENDING: the core answers input_required and drops this */
    return rc == MCP_INPUT_PENDING ? NULL
           : rc == MCP_INPUT_UNSUPPORTED
               ? mcp_result_error("The client did not declare the capability this tool needs")
               : mcp_result_error("No answer from the client");
}

static json_t *t_mrtr_elicitation(struct mcp_call *call, json_t *args, void *data)
{
    (void)args, (void)data;
    json_t *a = NULL;
    enum mcp_input rc = elicit_text(call, "user_name", "What is your name?", "name", &a);
    if (rc != MCP_INPUT_OK)
        return not_answered(rc);
    char *text = xasprintf("Hello, %s!", answered(a, "name"));
    json_decref(a);
    json_t *r = mcp_result_text(text);
    free(text);
    return r;
}

static json_t *sampling_params(const char *prompt, int max_tokens)
{
    return json_pack("{s:[{s:s, s:{s:s, s:s}}], s:i}", "messages", "role", "user", "content", "type", "text", "text",
                     prompt, "maxTokens", max_tokens);
}

static const char *sampled_text(json_t *answer)
{
    const char *t = json_string_value(json_object_get(json_object_get(answer, "content"), "text"));
    return t ? t : "";
}

static json_t *t_mrtr_sampling(struct mcp_call *call, json_t *args, void *data)
{
    (void)args, (void)data;
    json_t *p = sampling_params("What is the capital of France?", 100), *a = NULL;
    enum mcp_input rc = mcp_call_input(call, "capital_question", "sampling/createMessage", p, 60000, &a);
    json_decref(p);
    if (rc != MCP_INPUT_OK)
        return not_answered(rc);
    char *text = xasprintf("Sampling result: %s", sampled_text(a));
    json_decref(a);
    json_t *r = mcp_result_text(text);
    free(text);
    return r;
}

static json_t *t_mrtr_roots(struct mcp_call *call, json_t *args, void *data)
{
    (void)args, (void)data;
    json_t *a = NULL;
    enum mcp_input rc = mcp_call_input(call, "client_roots", "roots/list", NULL, 60000, &a);
    if (rc != MCP_INPUT_OK)
        return not_answered(rc);
    char text[64];
    snprintf(text, sizeof text, "Found %zu root(s)", json_array_size(json_object_get(a, "roots")));
    json_decref(a);
    return mcp_result_text(text);
}

static json_t *t_mrtr_request_state(struct mcp_call *call, json_t *args, void *data)
{
    (void)args, (void)data;
    /* the value set in round 1 comes back only through a verified state */
    bool had_state = mcp_call_state(call, "kind") != NULL;
    if (!had_state)
        mcp_call_set_state(call, "kind", json_string("request-state"));
    json_t *p = json_pack("{s:s, s:{s:s, s:{s:{s:s}}, s:[s]}}", "message", "Please confirm", "requestedSchema", "type",
                          "object", "properties", "ok", "type", "boolean", "required", "ok");
    json_t *a = NULL;
    enum mcp_input rc = mcp_call_input(call, "confirm", "elicitation/create", p, 60000, &a);
    json_decref(p);
    if (rc != MCP_INPUT_OK)
        return not_answered(rc);
    bool ok = json_is_true(json_object_get(json_object_get(a, "content"), "ok"));
    json_decref(a);
    return mcp_result_text(had_state && ok ? "state-ok: requestState validated" : "answered without a state");
}

static json_t *t_mrtr_multiple(struct mcp_call *call, json_t *args, void *data)
{
    (void)args, (void)data;
    json_t *name = NULL, *greeting = NULL, *roots = NULL;
    json_t *p = sampling_params("Generate a greeting", 50);
    enum mcp_input r1 = elicit_text(call, "user_name", "What is your name?", "name", &name);
    enum mcp_input r2 = mcp_call_input(call, "greeting", "sampling/createMessage", p, 60000, &greeting);
    enum mcp_input r3 = mcp_call_input(call, "client_roots", "roots/list", NULL, 60000, &roots);
    json_decref(p);
    json_t *r;
    if (r1 != MCP_INPUT_OK || r2 != MCP_INPUT_OK || r3 != MCP_INPUT_OK) {
        r = not_answered(r1 != MCP_INPUT_OK ? r1 : r2 != MCP_INPUT_OK ? r2 : r3);
    } else {
        char *text = xasprintf("Name: %s; Greeting: %s; Roots: %zu", answered(name, "name"), sampled_text(greeting),
                               json_array_size(json_object_get(roots, "roots")));
        r = mcp_result_text(text);
        free(text);
    }
    json_decref(name);
    json_decref(greeting);
    json_decref(roots);
    return r;
}

static json_t *t_mrtr_multi_round(struct mcp_call *call, json_t *args, void *data)
{
    (void)args, (void)data;
    json_t *name = NULL, *color = NULL;
    enum mcp_input rc = elicit_text(call, "step1", "Step 1: What is your name?", "name", &name);
    if (rc != MCP_INPUT_OK)
        return not_answered(rc);
    rc = elicit_text(call, "step2", "Step 2: What is your favorite color?", "color", &color);
    if (rc != MCP_INPUT_OK) {
        json_decref(name);
        return not_answered(rc);
    }
    char *text = xasprintf("%s likes %s", answered(name, "name"), answered(color, "color"));
    json_t *r = mcp_result_text(text);
    free(text);
    json_decref(name);
    json_decref(color);
    return r;
}

static json_t *t_mrtr_tampered(struct mcp_call *call, json_t *args, void *data)
{
    (void)args, (void)data;
    json_t *a = NULL;
    enum mcp_input rc = elicit_text(call, "confirm", "Confirm the signed state round", "ok", &a);
    if (rc != MCP_INPUT_OK)
        return not_answered(rc);
    json_decref(a);
    return mcp_result_text("state verified");
}

/* Asks for what the client declared and nothing else. */
static json_t *t_mrtr_capabilities(struct mcp_call *call, json_t *args, void *data)
{
    (void)args, (void)data;
    json_t *name = NULL, *summary = NULL;
    json_t *p = sampling_params("Summarise the request", 50);
    enum mcp_input r1 = elicit_text(call, "user_name", "What is your name?", "name", &name);
    enum mcp_input r2 = mcp_call_input(call, "summary", "sampling/createMessage", p, 60000, &summary);
    json_decref(p);
    json_decref(name);
    json_decref(summary);
    if (r1 == MCP_INPUT_PENDING || r2 == MCP_INPUT_PENDING)
        return NULL;
    if (r1 == MCP_INPUT_UNSUPPORTED && r2 == MCP_INPUT_UNSUPPORTED)
        return mcp_result_text("The client declared neither elicitation nor sampling");
    return mcp_result_text("Answered every input the client supports");
}

static json_t *t_missing_capability(struct mcp_call *call, json_t *args, void *data)
{
    (void)args, (void)data;
    if (!mcp_call_require(call, "sampling"))
        return mcp_result_error("This tool needs the sampling capability");
    return mcp_result_text("Success");
}

static json_t *t_streaming(struct mcp_call *call, json_t *args, void *data)
{
    (void)call, (void)args, (void)data;
    return mcp_result_text("Streaming fixture: no server-to-client request is sent in 2026-07-28");
}

static json_t *t_logging_tool(struct mcp_call *call, json_t *args, void *data)
{
    (void)args, (void)data;
    mcp_call_log(call, "info", "mcp-fixture", json_string("logged only when the request set a logLevel"));
    return mcp_result_text("Logging tool done");
}

static json_t *t_trigger(struct mcp_call *call, json_t *args, void *data)
{
    (void)args;
    mcp_server_list_changed(mcp_call_server(call), data);
    return mcp_result_text("list change announced");
}

static json_t *t_x_mcp_header(struct mcp_call *call, json_t *args, void *data)
{
    (void)call, (void)data;
    char *text = xasprintf("Region: %s", json_string_value(json_object_get(args, "region")));
    json_t *r = mcp_result_text(text);
    free(text);
    return r;
}

/* ---- the tasks extension's fixtures ---- */

static json_t *t_greet(struct mcp_call *call, json_t *args, void *data)
{
    (void)call, (void)data;
    char *text = xasprintf("Hello, %s!", json_string_value(json_object_get(args, "name")));
    json_t *r = mcp_result_text(text);
    free(text);
    return r;
}

/* Sleeps ms in steps; false when cancelled. */
static bool nap(struct mcp_call *call, int ms)
{
    for (int slept = 0; slept < ms; slept += 50) {
        if (mcp_call_cancelled(call))
            return false;
        base_sleep_ms(50);
    }
    return !mcp_call_cancelled(call);
}

static json_t *t_slow_compute(struct mcp_call *call, json_t *args, void *data)
{
    (void)data;
    json_int_t secs = json_integer_value(json_object_get(args, "seconds"));
    const char *label = json_string_value(json_object_get(args, "label"));
    if (secs > 0)
        mcp_call_detach(call);
    if (!nap(call, (int)secs * 1000))
        return mcp_result_error("cancelled");
    char *text = xasprintf("Computed after %lld s%s%s", (long long)secs, label ? ": " : "", label ? label : "");
    json_t *r = mcp_result_text(text);
    free(text);
    return r;
}

static json_t *t_failing_job(struct mcp_call *call, json_t *args, void *data)
{
    (void)args, (void)data;
    mcp_call_detach(call);
    nap(call, 1000);
    return mcp_result_error("The job failed: the fixture always fails");
}

static json_t *t_protocol_error_job(struct mcp_call *call, json_t *args, void *data)
{
    (void)args, (void)data;
    mcp_call_detach(call);
    return NULL; /* an internal error: the task fails with a JSON-RPC error */
}

static json_t *t_confirm_delete(struct mcp_call *call, json_t *args, void *data)
{
    (void)data;
    const char *file = json_string_value(json_object_get(args, "filename"));
    mcp_call_detach(call);
    json_t *p = json_pack("{s:s, s:{s:s, s:{s:{s:s}}, s:[s]}}", "message", "Delete the file?", "requestedSchema",
                          "type", "object", "properties", "confirm", "type", "boolean", "required", "confirm");
    json_t *a = NULL;
    enum mcp_input rc = mcp_call_input(call, "confirm", "elicitation/create", p, 60000, &a);
    json_decref(p);
    if (rc != MCP_INPUT_OK)
        return not_answered(rc);
    bool yes = json_is_true(json_object_get(json_object_get(a, "content"), "confirm"));
    json_decref(a);
    char *text = xasprintf("%s %s", yes ? "Deleted" : "Kept", file ? file : "(no file)");
    json_t *r = mcp_result_text(text);
    free(text);
    return r;
}

static json_t *t_multi_input(struct mcp_call *call, json_t *args, void *data)
{
    (void)args, (void)data;
    mcp_call_detach(call);
    json_t *a1 = NULL, *a2 = NULL;
    enum mcp_input r1 = elicit_text(call, "first", "First input", "name", &a1);
    enum mcp_input r2 = elicit_text(call, "second", "Second input", "name", &a2);
    json_t *r;
    if (r1 != MCP_INPUT_OK || r2 != MCP_INPUT_OK) {
        r = not_answered(r1 != MCP_INPUT_OK ? r1 : r2);
    } else {
        char *text = xasprintf("first=%s, second=%s", answered(a1, "name"), answered(a2, "name"));
        r = mcp_result_text(text);
        free(text);
    }
    json_decref(a1);
    json_decref(a2);
    return r;
}

/* Asks in the request (a multi-round trip), then becomes a task. */
static json_t *t_tool_with_task(struct mcp_call *call, json_t *args, void *data)
{
    (void)args, (void)data;
    json_t *a = NULL;
    enum mcp_input rc = elicit_text(call, "user_name", "Who is this task for?", "name", &a);
    if (rc != MCP_INPUT_OK)
        return not_answered(rc);
    mcp_call_detach(call);
    nap(call, 200);
    char *text = xasprintf("Task done for %s", answered(a, "name"));
    json_decref(a);
    json_t *r = mcp_result_text(text);
    free(text);
    return r;
}

#define RO {true, false, true, false}
#define RW {false, false, false, false}
static const struct mcp_tool tools[] = {
    {"test_missing_capability", "Missing capability", "Needs the sampling capability", NO_ARGS, NULL, RO,
     t_missing_capability, NULL, MCP_TASK_NEVER},
    {"test_streaming_elicitation", "Streaming", "Answers on its stream without server-to-client requests", NO_ARGS,
     NULL, RO, t_streaming, NULL, MCP_TASK_NEVER},
    {"test_logging_tool", "Logging tool", "Logs only when the request set a log level", NO_ARGS, NULL, RO,
     t_logging_tool, NULL, MCP_TASK_NEVER},
    {"test_trigger_tool_change", "Trigger tool change", "Announces a tool list change to listen streams", NO_ARGS,
     NULL, RW, t_trigger, (void *)"tools", MCP_TASK_NEVER},
    {"test_trigger_prompt_change", "Trigger prompt change", "Announces a prompt list change to listen streams",
     NO_ARGS, NULL, RW, t_trigger, (void *)"prompts", MCP_TASK_NEVER},
    {"test_x_mcp_header", "x-mcp-header", "Mirrors its region argument into the Mcp-Param-Region header",
     "{\"type\":\"object\",\"properties\":{\"region\":{\"type\":\"string\",\"description\":\"A region\","
     "\"x-mcp-header\":\"Region\"}},\"required\":[\"region\"]}",
     NULL, RO, t_x_mcp_header, NULL, MCP_TASK_NEVER},
    {"test_input_required_result_elicitation", "MRTR elicitation", "Asks the user's name", NO_ARGS, NULL, RO,
     t_mrtr_elicitation, NULL, MCP_TASK_NEVER},
    {"test_input_required_result_sampling", "MRTR sampling", "Asks the client's model", NO_ARGS, NULL, RO,
     t_mrtr_sampling, NULL, MCP_TASK_NEVER},
    {"test_input_required_result_list_roots", "MRTR roots", "Asks for the client's roots", NO_ARGS, NULL, RO,
     t_mrtr_roots, NULL, MCP_TASK_NEVER},
    {"test_input_required_result_request_state", "MRTR state", "Keeps a value in the signed requestState", NO_ARGS,
     NULL, RO, t_mrtr_request_state, NULL, MCP_TASK_NEVER},
    {"test_input_required_result_multiple_inputs", "MRTR several inputs", "Asks three inputs at once", NO_ARGS, NULL,
     RO, t_mrtr_multiple, NULL, MCP_TASK_NEVER},
    {"test_input_required_result_multi_round", "MRTR rounds", "Asks in two rounds", NO_ARGS, NULL, RO,
     t_mrtr_multi_round, NULL, MCP_TASK_NEVER},
    {"test_input_required_result_tampered_state", "MRTR signed state", "Refuses a changed requestState", NO_ARGS,
     NULL, RO, t_mrtr_tampered, NULL, MCP_TASK_NEVER},
    {"test_input_required_result_capabilities", "MRTR capabilities", "Asks only what the client declared", NO_ARGS,
     NULL, RO, t_mrtr_capabilities, NULL, MCP_TASK_NEVER},
    {"greet", "Greet", "Greets someone (never a task)",
     "{\"type\":\"object\",\"properties\":{\"name\":{\"type\":\"string\"}},\"required\":[\"name\"]}", NULL, RO,
     t_greet, NULL, MCP_TASK_NEVER},
    {"slow_compute", "Slow compute", "Sleeps the given seconds; a task when the client supports tasks",
     "{\"type\":\"object\",\"properties\":{\"seconds\":{\"type\":\"integer\",\"minimum\":0,\"maximum\":60},"
     "\"label\":{\"type\":\"string\"}},\"required\":[\"seconds\"]}",
     NULL, RO, t_slow_compute, NULL, MCP_TASK_OPTIONAL},
    {"failing_job", "Failing job", "A task that ends with a tool error", NO_ARGS, NULL, RO, t_failing_job, NULL,
     MCP_TASK_REQUIRED},
    {"protocol_error_job", "Protocol error job", "A task that ends with a JSON-RPC error", NO_ARGS, NULL, RO,
     t_protocol_error_job, NULL, MCP_TASK_OPTIONAL},
    {"confirm_delete", "Confirm delete", "A task that asks for confirmation",
     "{\"type\":\"object\",\"properties\":{\"filename\":{\"type\":\"string\"}}}", NULL, RW, t_confirm_delete, NULL,
     MCP_TASK_OPTIONAL},
    {"multi_input", "Multiple inputs", "A task that asks two inputs at once", NO_ARGS, NULL, RO, t_multi_input, NULL,
     MCP_TASK_OPTIONAL},
    {"test_tool_with_task", "Input then task", "Asks a name in the request, then becomes a task", NO_ARGS, NULL, RO,
     t_tool_with_task, NULL, MCP_TASK_REQUIRED},
};

static json_t *p_mrtr(struct mcp_call *call, json_t *args, void *data, const char **err)
{
    (void)args, (void)data, (void)err;
    json_t *a = NULL;
    enum mcp_input rc = elicit_text(call, "user_context", "What context should the prompt use?", "context", &a);
    if (rc == MCP_INPUT_PENDING)
        return NULL;
    if (rc != MCP_INPUT_OK) {
        *err = "the client cannot answer the question this prompt asks";
        return NULL;
    }
    char *text = xasprintf("Prompt with context: %s", answered(a, "context"));
    json_decref(a);
    json_t *r = json_pack("{s:[{s:s, s:{s:s, s:s}}]}", "messages", "role", "user", "content", "type", "text", "text",
                          text);
    free(text);
    return r;
}

int fixture_add_2026(struct mcp_server *srv, char *err, size_t errlen)
{
    for (size_t i = 0; i < sizeof tools / sizeof tools[0]; i++)
        if (mcp_server_add_tool(srv, &tools[i], err, errlen) != 0)
            return -1;
    struct mcp_prompt prompt = {"test_input_required_result_prompt", "MRTR prompt", "A prompt that asks for context",
                                NULL, p_mrtr, NULL};
    if (mcp_server_add_prompt(srv, &prompt, err, errlen) != 0)
        return -1;
    mcp_server_declare_changes(srv, MCP_CHANGES_TOOLS | MCP_CHANGES_PROMPTS);
    return 0;
}
