/* fixture.c - mcp-fixture: an MCP server (stdio, or Streamable HTTP with
 * --http PORT) on src/mcp/ alone with every primitive the official
 * conformance suites call (tests/conformance/SCENARIOS.md; the 2026-07-28
 * ones are in fixture_2026.c) plus the fixture_* tools the interop and mcp
 * tests use. */
#include "base/base.h"
#include "fixture.h"
#include "mcp/mcp.h"

#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define PNG "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg=="
#define WAV "UklGRiYAAABXQVZFZm10IBAAAAABAAEAQB8AAAB9AAACABAAZGF0YQIAAAA="
#define ELICIT_TIMEOUT_MS 60000

/* Per-session state: whether fixture_hidden is listed. */
struct fixture_session {
    atomic_bool hidden_visible;
};

static void on_session(struct mcp_session *s, void *data)
{
    (void)data;
    struct fixture_session *fs = xcalloc(1, sizeof *fs);
    atomic_init(&fs->hidden_visible, false);
    mcp_session_set_data(s, fs, free);
}

static bool visible(struct mcp_session *s, const char *name, void *data)
{
    (void)data;
    struct fixture_session *fs = mcp_session_data(s);
    if (strcmp(name, "fixture_hidden") == 0)
        return fs && atomic_load(&fs->hidden_visible);
    return true;
}

/* ---- content helpers (all return new references) ---- */

static json_t *text_item(const char *text) { return json_pack("{s:s, s:s}", "type", "text", "text", text); }

static json_t *image_item(void) { return json_pack("{s:s, s:s, s:s}", "type", "image", "data", PNG, "mimeType", "image/png"); }

static json_t *resource_item(const char *uri, const char *mime, const char *text)
{
    return json_pack("{s:s, s:{s:s, s:s, s:s}}", "type", "resource", "resource", "uri", uri, "mimeType", mime, "text",
                     text);
}

static json_t *content_result(json_t *content)
{
    return json_pack("{s:o}", "content", content);
}

/* ---- conformance tools ---- */

static json_t *t_simple_text(struct mcp_call *call, json_t *args, void *data)
{
    (void)call, (void)args, (void)data;
    return mcp_result_text("This is a simple text response for testing.");
}

static json_t *t_image(struct mcp_call *call, json_t *args, void *data)
{
    (void)call, (void)args, (void)data;
    return content_result(json_pack("[o]", image_item()));
}

static json_t *t_audio(struct mcp_call *call, json_t *args, void *data)
{
    (void)call, (void)args, (void)data;
    return content_result(json_pack("[{s:s, s:s, s:s}]", "type", "audio", "data", WAV, "mimeType", "audio/wav"));
}

static json_t *t_embedded(struct mcp_call *call, json_t *args, void *data)
{
    (void)call, (void)args, (void)data;
    return content_result(json_pack(
        "[o]", resource_item("test://embedded-resource", "text/plain", "This is an embedded resource content.")));
}

static json_t *t_multiple(struct mcp_call *call, json_t *args, void *data)
{
    (void)call, (void)args, (void)data;
    return content_result(json_pack("[o, o, o]", text_item("Multiple content types test:"), image_item(),
                                    resource_item("test://mixed-content-resource", "application/json",
                                                  "{\"test\":\"data\",\"value\":123}")));
}

static json_t *t_logging(struct mcp_call *call, json_t *args, void *data)
{
    (void)args, (void)data;
    static const char *const steps[] = {"Tool execution started", "Tool processing data", "Tool execution completed"};
    for (int i = 0; i < 3; i++) {
        mcp_call_log(call, "info", "mcp-fixture", json_string(steps[i]));
        base_sleep_ms(50);
    }
    return mcp_result_text("Tool with logging executed successfully");
}

static json_t *t_progress(struct mcp_call *call, json_t *args, void *data)
{
    (void)args, (void)data;
    for (int i = 0; i <= 2; i++) {
        char msg[64];
        snprintf(msg, sizeof msg, "Completed step %d of 100", i * 50);
        mcp_call_progress(call, i * 50, 100, msg);
        base_sleep_ms(50);
    }
    json_t *token = mcp_call_progress_token(call);
    char text[64];
    if (json_is_integer(token))
        snprintf(text, sizeof text, "%lld", (long long)json_integer_value(token));
    else if (json_is_string(token))
        return mcp_result_text(json_string_value(token));
    else
        snprintf(text, sizeof text, "0");
    return mcp_result_text(text);
}

static json_t *t_error(struct mcp_call *call, json_t *args, void *data)
{
    (void)call, (void)args, (void)data;
    return mcp_result_error("This tool intentionally returns an error for testing");
}

static json_t *t_sampling(struct mcp_call *call, json_t *args, void *data)
{
    (void)data;
    const char *prompt = json_string_value(json_object_get(args, "prompt"));
    json_t *params = json_pack("{s:[{s:s, s:{s:s, s:s}}], s:i}", "messages", "role", "user", "content", "type",
                               "text", "text", prompt, "maxTokens", 100);
    json_t *result = NULL;
    enum mcp_input rc = mcp_call_sample(call, params, ELICIT_TIMEOUT_MS, &result);
    json_decref(params);
    json_t *out;
    if (rc == MCP_INPUT_UNSUPPORTED) {
        out = mcp_result_error("Sampling is not available: the client did not declare the sampling capability");
    } else if (rc == MCP_INPUT_PENDING) {
        out = NULL; /* 2026: answered with input_required */
    } else if (rc == MCP_INPUT_ERROR) {
        out = mcp_result_error("Sampling failed: the client answered with an error: %s",
                               json_string_value(json_object_get(result, "message")) ?: "(no message)");
    } else if (rc != MCP_INPUT_OK) {
        out = mcp_result_error("Sampling timed out or was cancelled");
    } else {
        const char *text = json_string_value(json_object_get(json_object_get(result, "content"), "text"));
        char *msg = xasprintf("LLM response: %s", text ? text : "");
        out = mcp_result_text(msg);
        free(msg);
    }
    json_decref(result);
    return out;
}

/* Elicits with schema (JSON text) and reports "<prefix>: action=..., content=...". */
static json_t *elicit_report(struct mcp_call *call, const char *message, const char *schema_text, const char *prefix)
{
    json_t *schema = json_loads(schema_text, 0, NULL);
    json_t *result = NULL;
    enum mcp_input rc = mcp_call_elicit(call, message, schema, ELICIT_TIMEOUT_MS, &result);
    json_decref(schema);
    json_t *out;
    if (rc == MCP_INPUT_UNSUPPORTED) {
        out = mcp_result_error("Elicitation is not available: the client did not declare the elicitation capability");
    } else if (rc == MCP_INPUT_PENDING) {
        out = NULL; /* 2026: answered with input_required */
    } else if (rc == MCP_INPUT_ERROR) {
        out = mcp_result_error("Elicitation failed: the client answered with an error");
    } else if (rc != MCP_INPUT_OK) {
        out = mcp_result_error("Elicitation timed out or was cancelled");
    } else {
        const char *action = json_string_value(json_object_get(result, "action"));
        json_t *content = json_object_get(result, "content");
        char *ctext = content ? json_dumps(content, JSON_COMPACT | JSON_ENCODE_ANY) : NULL;
        char *msg = xasprintf("%s: action=%s, content=%s", prefix, action ? action : "(none)", ctext ? ctext : "{}");
        out = mcp_result_text(msg);
        free(msg);
        free(ctext);
    }
    json_decref(result);
    return out;
}

static json_t *t_elicitation(struct mcp_call *call, json_t *args, void *data)
{
    (void)data;
    return elicit_report(call, json_string_value(json_object_get(args, "message")),
                         "{\"type\":\"object\",\"properties\":{"
                         "\"username\":{\"type\":\"string\",\"description\":\"User's response\"},"
                         "\"email\":{\"type\":\"string\",\"description\":\"User's email address\"}},"
                         "\"required\":[\"username\",\"email\"]}",
                         "User response");
}

static json_t *t_elicit_defaults(struct mcp_call *call, json_t *args, void *data)
{
    (void)args, (void)data;
    return elicit_report(
        call, "Please review and update the form fields with defaults",
        "{\"type\":\"object\",\"properties\":{"
        "\"name\":{\"type\":\"string\",\"description\":\"User name\",\"default\":\"John Doe\"},"
        "\"age\":{\"type\":\"integer\",\"description\":\"User age\",\"default\":30},"
        "\"score\":{\"type\":\"number\",\"description\":\"User score\",\"default\":95.5},"
        "\"status\":{\"type\":\"string\",\"description\":\"User status\",\"enum\":[\"active\",\"inactive\",\"pending\"],"
        "\"default\":\"active\"},"
        "\"verified\":{\"type\":\"boolean\",\"description\":\"Verification status\",\"default\":true}},"
        "\"required\":[]}",
        "Elicitation completed");
}

static json_t *t_elicit_enums(struct mcp_call *call, json_t *args, void *data)
{
    (void)args, (void)data;
    return elicit_report(
        call, "Please select options from the enum fields",
        "{\"type\":\"object\",\"properties\":{"
        "\"untitledSingle\":{\"type\":\"string\",\"description\":\"Select one option\","
        "\"enum\":[\"option1\",\"option2\",\"option3\"]},"
        "\"titledSingle\":{\"type\":\"string\",\"description\":\"Select one option with titles\",\"oneOf\":["
        "{\"const\":\"value1\",\"title\":\"First Option\"},{\"const\":\"value2\",\"title\":\"Second Option\"},"
        "{\"const\":\"value3\",\"title\":\"Third Option\"}]},"
        "\"legacyEnum\":{\"type\":\"string\",\"description\":\"Select one option (legacy)\","
        "\"enum\":[\"opt1\",\"opt2\",\"opt3\"],\"enumNames\":[\"Option One\",\"Option Two\",\"Option Three\"]},"
        "\"untitledMulti\":{\"type\":\"array\",\"description\":\"Select multiple options\",\"minItems\":1,"
        "\"maxItems\":3,\"items\":{\"type\":\"string\",\"enum\":[\"option1\",\"option2\",\"option3\"]}},"
        "\"titledMulti\":{\"type\":\"array\",\"description\":\"Select multiple options with titles\",\"minItems\":1,"
        "\"maxItems\":3,\"items\":{\"anyOf\":[{\"const\":\"value1\",\"title\":\"First Choice\"},"
        "{\"const\":\"value2\",\"title\":\"Second Choice\"},{\"const\":\"value3\",\"title\":\"Third Choice\"}]}}},"
        "\"required\":[]}",
        "Elicitation completed");
}

static json_t *t_schema_2020(struct mcp_call *call, json_t *args, void *data)
{
    (void)call, (void)data;
    char *dump = json_dumps(args, JSON_COMPACT);
    char *msg = xasprintf("JSON Schema 2020-12 tool called with: %s", dump ? dump : "{}");
    json_t *r = mcp_result_text(msg);
    free(msg);
    free(dump);
    return r;
}

static json_t *t_reconnection(struct mcp_call *call, json_t *args, void *data)
{
    (void)call, (void)args, (void)data;
    return mcp_result_text("Reconnection test completed successfully. If you received this, the client properly "
                           "reconnected after stream closure.");
}

/* ---- fixture_* tools ---- */

static json_t *t_toggle(struct mcp_call *call, json_t *args, void *data)
{
    (void)args, (void)data;
    struct mcp_session *s = mcp_call_session(call);
    struct fixture_session *fs = mcp_session_data(s);
    bool now = !atomic_load(&fs->hidden_visible);
    atomic_store(&fs->hidden_visible, now);
    mcp_session_tools_changed(s);
    return mcp_result_text(now ? "visible" : "hidden");
}

static json_t *t_hidden(struct mcp_call *call, json_t *args, void *data)
{
    (void)call, (void)args, (void)data;
    return mcp_result_text("hidden tool ran");
}

static json_t *t_echo(struct mcp_call *call, json_t *args, void *data)
{
    (void)call, (void)data;
    return mcp_result_structured(json_pack("{s:O}", "text", json_object_get(args, "text")), NULL);
}

static json_t *t_slow(struct mcp_call *call, json_t *args, void *data)
{
    (void)data;
    json_int_t steps = json_integer_value(json_object_get(args, "steps"));
    /* progress first, then the step's sleep: a notification written right
     * before the result can be lost by clients that drop the progress
     * handler as soon as they read the result (TypeScript SDK 1.32) */
    for (json_int_t i = 1; i <= steps; i++) {
        if (mcp_call_cancelled(call))
            return mcp_result_error("cancelled");
        mcp_call_progress(call, (double)i, (double)steps, NULL);
        base_sleep_ms(50);
    }
    if (mcp_call_cancelled(call))
        return mcp_result_error("cancelled");
    char text[64];
    snprintf(text, sizeof text, "done %lld", (long long)steps);
    return mcp_result_text(text);
}

static json_t *t_confirm(struct mcp_call *call, json_t *args, void *data)
{
    (void)args, (void)data;
    json_t *schema = json_loads("{\"type\":\"object\",\"properties\":{\"confirm\":{\"type\":\"boolean\","
                                "\"description\":\"Confirm the action\"}},\"required\":[\"confirm\"]}",
                                0, NULL);
    json_t *result = NULL;
    enum mcp_input rc = mcp_call_elicit(call, "Confirm?", schema, ELICIT_TIMEOUT_MS, &result);
    json_decref(schema);
    const char *text;
    if (rc == MCP_INPUT_PENDING)
        return NULL;
    if (rc == MCP_INPUT_UNSUPPORTED)
        text = "elicitation unsupported";
    else if (rc == MCP_INPUT_OK && json_is_string(json_object_get(result, "action")) &&
             strcmp(json_string_value(json_object_get(result, "action")), "accept") == 0 &&
             json_is_true(json_object_get(json_object_get(result, "content"), "confirm")))
        text = "confirmed";
    else
        text = "declined";
    json_decref(result);
    return mcp_result_text(text);
}

static const struct mcp_tool tools[] = {
    {"test_simple_text", "Simple text", "Tests simple text content response", NO_ARGS, NULL, {true, false, true, false},
     t_simple_text, NULL, MCP_TASK_NEVER},
    {"test_image_content", "Image content", "Tests image content response", NO_ARGS, NULL, {true, false, true, false},
     t_image, NULL, MCP_TASK_NEVER},
    {"test_audio_content", "Audio content", "Tests audio content response", NO_ARGS, NULL, {true, false, true, false},
     t_audio, NULL, MCP_TASK_NEVER},
    {"test_embedded_resource", "Embedded resource", "Tests embedded resource content response", NO_ARGS, NULL,
     {true, false, true, false}, t_embedded, NULL, MCP_TASK_NEVER},
    {"test_multiple_content_types", "Multiple content types", "Tests response with multiple content types", NO_ARGS,
     NULL, {true, false, true, false}, t_multiple, NULL, MCP_TASK_NEVER},
    {"test_tool_with_logging", "Tool with logging", "Tests tool that emits log messages during execution", NO_ARGS,
     NULL, {true, false, true, false}, t_logging, NULL, MCP_TASK_NEVER},
    {"test_tool_with_progress", "Tool with progress", "Tests tool that reports progress notifications", NO_ARGS,
     NULL, {true, false, true, false}, t_progress, NULL, MCP_TASK_NEVER},
    {"test_error_handling", "Error handling", "Tests error response handling", NO_ARGS, NULL,
     {true, false, true, false}, t_error, NULL, MCP_TASK_NEVER},
    {"test_sampling", "Sampling", "Tests server-initiated sampling (LLM completion request)",
     "{\"type\":\"object\",\"properties\":{\"prompt\":{\"type\":\"string\",\"description\":\"The prompt to send to "
     "the LLM\"}},\"required\":[\"prompt\"]}",
     NULL, {true, false, false, true}, t_sampling, NULL, MCP_TASK_NEVER},
    {"test_elicitation", "Elicitation", "Tests server-initiated elicitation (user input request)",
     "{\"type\":\"object\",\"properties\":{\"message\":{\"type\":\"string\",\"description\":\"The message to show "
     "the user\"}},\"required\":[\"message\"]}",
     NULL, {true, false, false, true}, t_elicitation, NULL, MCP_TASK_NEVER},
    {"test_elicitation_sep1034_defaults", "Elicitation with defaults",
     "Tests elicitation with default values for all primitive types (SEP-1034)", NO_ARGS, NULL,
     {true, false, false, true}, t_elicit_defaults, NULL, MCP_TASK_NEVER},
    {"test_elicitation_sep1330_enums", "Elicitation with enums",
     "Tests elicitation with enum schema improvements (SEP-1330)", NO_ARGS, NULL, {true, false, false, true},
     t_elicit_enums, NULL, MCP_TASK_NEVER},
    {"json_schema_2020_12_tool", "JSON Schema 2020-12", "Tool with JSON Schema 2020-12 features",
     /* the suite's canonical schema (SEP-1613, SEP-2106): every keyword survives tools/list */
     "{\"$schema\":\"https://json-schema.org/draft/2020-12/schema\",\"type\":\"object\",\"$defs\":{\"address\":{"
     "\"$anchor\":\"addressDef\",\"type\":\"object\",\"properties\":{\"street\":{\"type\":\"string\"},"
     "\"city\":{\"type\":\"string\"}}}},"
     "\"properties\":{\"name\":{\"type\":\"string\"},\"address\":{\"$ref\":\"#/$defs/address\"},"
     "\"contactMethod\":{\"type\":\"string\",\"enum\":[\"phone\",\"email\"]},\"phone\":{\"type\":\"string\"},"
     "\"email\":{\"type\":\"string\"}},"
     "\"allOf\":[{\"anyOf\":[{\"required\":[\"phone\"]},{\"required\":[\"email\"]}]}],"
     "\"if\":{\"properties\":{\"contactMethod\":{\"const\":\"phone\"}},\"required\":[\"contactMethod\"]},"
     "\"then\":{\"required\":[\"phone\"]},\"else\":{\"required\":[\"email\"]},"
     "\"additionalProperties\":false}",
     NULL, {true, false, true, false}, t_schema_2020, NULL, MCP_TASK_NEVER},
    {"test_reconnection", "Reconnection", "Tests SSE stream reconnection (the result arrives after a stream closes)",
     NO_ARGS, NULL, {true, false, true, false}, t_reconnection, NULL, MCP_TASK_NEVER},
    {"fixture_toggle", "Toggle the hidden tool", "Shows or hides fixture_hidden and sends tools/list_changed", NO_ARGS,
     NULL, {false, false, false, false}, t_toggle, NULL, MCP_TASK_NEVER},
    {"fixture_hidden", "Hidden tool", "Listed only after fixture_toggle", NO_ARGS, NULL, {true, false, true, false},
     t_hidden, NULL, MCP_TASK_NEVER},
    {"fixture_echo", "Echo", "Returns its text as structured content",
     "{\"type\":\"object\",\"properties\":{\"text\":{\"type\":\"string\"}},\"required\":[\"text\"]}",
     "{\"type\":\"object\",\"properties\":{\"text\":{\"type\":\"string\"}},\"required\":[\"text\"]}",
     {true, false, true, false}, t_echo, NULL, MCP_TASK_NEVER},
    {"fixture_slow", "Slow steps", "Sleeps 50 ms per step with a progress notification each; cancellable",
     "{\"type\":\"object\",\"properties\":{\"steps\":{\"type\":\"integer\",\"minimum\":1,\"maximum\":50}},"
     "\"required\":[\"steps\"]}",
     NULL, {true, false, true, false}, t_slow, NULL, MCP_TASK_NEVER},
    {"fixture_confirm", "Confirm", "Asks the user for a yes/no confirmation through elicitation", NO_ARGS, NULL,
     {false, false, false, false}, t_confirm, NULL, MCP_TASK_NEVER},
};

/* ---- resources ---- */

static json_t *text_contents(const char *uri, const char *mime, const char *text)
{
    return json_pack("[{s:s, s:s, s:s}]", "uri", uri, "mimeType", mime, "text", text);
}

static json_t *r_static_text(struct mcp_call *call, const char *uri, void *data)
{
    (void)call, (void)data;
    return text_contents(uri, "text/plain", "This is the content of the static text resource.");
}

static json_t *r_static_binary(struct mcp_call *call, const char *uri, void *data)
{
    (void)call, (void)data;
    return json_pack("[{s:s, s:s, s:s}]", "uri", uri, "mimeType", "image/png", "blob", PNG);
}

static json_t *r_watched(struct mcp_call *call, const char *uri, void *data)
{
    (void)call, (void)data;
    return text_contents(uri, "text/plain", "Watched resource content");
}

static json_t *r_template(struct mcp_call *call, const char *uri, void *data)
{
    (void)call, (void)data;
    const char *prefix = "test://template/";
    const char *id = uri + strlen(prefix);
    const char *slash = strchr(id, '/');
    char *idstr = xstrndup(id, slash ? (size_t)(slash - id) : strlen(id));
    char *dataval = xasprintf("Data for ID: %s", idstr);
    json_t *body = json_pack("{s:s, s:b, s:s}", "id", idstr, "templateTest", 1, "data", dataval);
    char *text = json_dumps(body, JSON_COMPACT);
    json_t *r = text_contents(uri, "application/json", text ? text : "{}");
    free(text);
    free(dataval);
    json_decref(body);
    free(idstr);
    return r;
}

static const struct mcp_resource resources[] = {
    {"test://static-text", false, "static-text", "Static Text Resource", "A static text resource for testing",
     "text/plain", r_static_text, NULL},
    {"test://static-binary", false, "static-binary", "Static Binary Resource",
     "A static binary resource (image) for testing", "image/png", r_static_binary, NULL},
    {"test://watched-resource", false, "watched-resource", "Watched Resource", "A resource that can be subscribed to",
     "text/plain", r_watched, NULL},
    {"test://template/{id}/data", true, "template", "Resource Template",
     "A resource template with parameter substitution", "application/json", r_template, NULL},
};

/* ---- prompts ---- */

static json_t *p_simple(struct mcp_call *call, json_t *args, void *data, const char **err)
{
    (void)call, (void)args, (void)data, (void)err;
    return json_pack("{s:[{s:s, s:o}]}", "messages", "role", "user", "content",
                     text_item("This is a simple prompt for testing."));
}

static json_t *p_args(struct mcp_call *call, json_t *args, void *data, const char **err)
{
    (void)call, (void)data;
    const char *a1 = json_string_value(json_object_get(args, "arg1"));
    const char *a2 = json_string_value(json_object_get(args, "arg2"));
    if (!a1 || !a2) {
        *err = "arg1 and arg2 must be strings";
        return NULL;
    }
    char *text = xasprintf("Prompt with arguments: arg1='%s', arg2='%s'", a1, a2);
    json_t *r = json_pack("{s:[{s:s, s:o}]}", "messages", "role", "user", "content", text_item(text));
    free(text);
    return r;
}

static json_t *p_embedded(struct mcp_call *call, json_t *args, void *data, const char **err)
{
    (void)call, (void)data;
    const char *uri = json_string_value(json_object_get(args, "resourceUri"));
    if (!uri) {
        *err = "resourceUri must be a string";
        return NULL;
    }
    return json_pack("{s:[{s:s, s:o}, {s:s, s:o}]}", "messages", "role", "user", "content",
                     resource_item(uri, "text/plain", "Embedded resource content for testing."), "role", "user",
                     "content", text_item("Please process the embedded resource above."));
}

static json_t *p_image(struct mcp_call *call, json_t *args, void *data, const char **err)
{
    (void)call, (void)args, (void)data, (void)err;
    return json_pack("{s:[{s:s, s:o}, {s:s, s:o}]}", "messages", "role", "user", "content", image_item(), "role",
                     "user", "content", text_item("Please analyze the image above."));
}

static const struct mcp_prompt prompts[] = {
    {"test_simple_prompt", "Simple prompt", "A simple prompt without arguments", NULL, p_simple, NULL},
    {"test_prompt_with_arguments", "Prompt with arguments", "A prompt with required arguments",
     "[{\"name\":\"arg1\",\"description\":\"First test argument\",\"required\":true},"
     "{\"name\":\"arg2\",\"description\":\"Second test argument\",\"required\":true}]",
     p_args, NULL},
    {"test_prompt_with_embedded_resource", "Prompt with embedded resource",
     "A prompt that includes an embedded resource",
     "[{\"name\":\"resourceUri\",\"description\":\"URI of the resource to embed\",\"required\":true}]", p_embedded,
     NULL},
    {"test_prompt_with_image", "Prompt with image", "A prompt that includes image content", NULL, p_image, NULL},
};

static json_t *complete(struct mcp_call *call, json_t *ref, json_t *argument, json_t *context, void *data)
{
    (void)call, (void)context, (void)data;
    static const char *const words[] = {"paris", "park", "party", "test", "testing"};
    const char *name = json_string_value(json_object_get(ref, "name"));
    const char *arg = json_string_value(json_object_get(argument, "name"));
    const char *value = json_string_value(json_object_get(argument, "value"));
    json_t *values = json_array();
    if (name && strcmp(name, "test_prompt_with_arguments") == 0 && arg &&
        (strcmp(arg, "arg1") == 0 || strcmp(arg, "arg2") == 0)) {
        for (size_t i = 0; i < sizeof words / sizeof words[0]; i++)
            if (strncmp(words[i], value, strlen(value)) == 0)
                json_array_append_new(values, json_string(words[i]));
    }
    return json_pack("{s:o, s:I, s:b}", "values", values, "total", (json_int_t)json_array_size(values), "hasMore", 0);
}

static void on_term(int sig)
{
    (void)sig;
    _exit(0);
}

static int usage(void)
{
    fprintf(stderr, "usage: mcp-fixture [--http PORT]\n"
                    "  serves stdio by default; --http serves Streamable HTTP on\n"
                    "  127.0.0.1:PORT/mcp (0 = any free port, printed on stderr)\n");
    return 2;
}

int main(int argc, char **argv)
{
    int http_port = -1;
    if (argc == 3 && strcmp(argv[1], "--http") == 0) {
        char *end;
        long p = strtol(argv[2], &end, 10);
        if (*argv[2] == '\0' || *end || p < 0 || p > 65535)
            return usage();
        http_port = (int)p;
    } else if (argc != 1) {
        return usage();
    }
    base_init();
    const char *lvl = getenv("MCP_FIXTURE_LOG");
    enum log_level level = LOG_WARN;
    if (lvl && log_parse_level(lvl, &level) != 0)
        level = LOG_WARN;
    log_set_level(level);
    /* over HTTP, mcp_serve_http handles SIGTERM and shuts down cleanly */
    if (http_port < 0)
        signal(SIGTERM, on_term);

    struct mcp_server_info info = {"mcp-fixture", "MCP conformance fixture", "1.0.0",
                                   "Test fixture for the MCP conformance suite and the interop tests."};
    struct mcp_server *srv = mcp_server_new(&info);
    char err[256];
    int rc = 1;
    for (size_t i = 0; i < sizeof tools / sizeof tools[0]; i++)
        if (mcp_server_add_tool(srv, &tools[i], err, sizeof err) != 0)
            goto fail;
    for (size_t i = 0; i < sizeof resources / sizeof resources[0]; i++)
        if (mcp_server_add_resource(srv, &resources[i], err, sizeof err) != 0)
            goto fail;
    for (size_t i = 0; i < sizeof prompts / sizeof prompts[0]; i++)
        if (mcp_server_add_prompt(srv, &prompts[i], err, sizeof err) != 0)
            goto fail;
    if (fixture_add_2026(srv, err, sizeof err) != 0)
        goto fail;
    mcp_server_set_completion(srv, complete, NULL);
    mcp_server_set_visibility(srv, visible, NULL);
    mcp_server_on_session(srv, on_session, NULL);
    const char *ps = getenv("MCP_FIXTURE_PAGE_SIZE");
    if (ps && atoi(ps) > 0)
        mcp_server_set_page_size(srv, (size_t)atoi(ps));
    if (http_port >= 0) {
        struct mcp_http_options ho = {.port = http_port};
        rc = mcp_serve_http(srv, &ho) == 0 ? 0 : 1;
    } else {
        rc = mcp_serve_stdio(srv, 0, 1) == 0 ? 0 : 1;
    }
    mcp_server_free(srv);
    return rc;
fail:
    fprintf(stderr, "mcp-fixture: %s\n", err);
    mcp_server_free(srv);
    return rc;
}
