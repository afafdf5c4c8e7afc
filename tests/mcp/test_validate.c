/* test_validate.c - mcp_validate, the JSON Schema subset applied to tool
 * arguments: each keyword accepts what it should, rejects what it should,
 * and the message names the offending field. */
#include "base/base.h"
#include "harness.h"
#include "mcp/mcp.h"

#include <stdlib.h>
#include <string.h>

/* Validates value against schema (both JSON text); want_ok says whether it
 * should pass; when it should fail, the message must contain want_msg. */
static void expect(int line, const char *schema_text, const char *value_text, bool want_ok, const char *want_msg)
{
    json_error_t jerr;
    json_t *schema = json_loads(schema_text, JSON_DECODE_ANY, &jerr);
    json_t *value = json_loads(value_text, JSON_DECODE_ANY, &jerr);
    char err[512] = "";
    if (!schema || !value) {
        harness_fail(__FILE__, line, "test input does not parse: %s / %s", schema_text, value_text);
        goto out;
    }
    int rc = mcp_validate(schema, value, err, sizeof err);
    if (want_ok && rc != 0)
        harness_fail(__FILE__, line, "%s rejected by %s: %s", value_text, schema_text, err);
    if (!want_ok && rc == 0)
        harness_fail(__FILE__, line, "%s accepted by %s", value_text, schema_text);
    if (!want_ok && rc != 0 && want_msg && !strstr(err, want_msg))
        harness_fail(__FILE__, line, "message \"%s\" lacks \"%s\"", err, want_msg);
out:
    json_decref(schema);
    json_decref(value);
}
#define OK(s, v) expect(__LINE__, s, v, true, NULL)
#define BAD(s, v, msg) expect(__LINE__, s, v, false, msg)

static void test_types(void)
{
    OK("{\"type\":\"object\"}", "{}");
    BAD("{\"type\":\"object\"}", "[]", "arguments: must be of type object");
    OK("{\"type\":\"string\"}", "\"x\"");
    BAD("{\"type\":\"string\"}", "1", "must be of type string");
    OK("{\"type\":\"integer\"}", "3");
    OK("{\"type\":\"integer\"}", "3.0");
    BAD("{\"type\":\"integer\"}", "3.5", "must be of type integer");
    BAD("{\"type\":\"integer\"}", "\"3\"", "integer");
    OK("{\"type\":\"number\"}", "3");
    OK("{\"type\":\"number\"}", "3.5");
    BAD("{\"type\":\"number\"}", "true", "number");
    OK("{\"type\":\"boolean\"}", "false");
    BAD("{\"type\":\"boolean\"}", "0", "boolean");
    OK("{\"type\":\"null\"}", "null");
    BAD("{\"type\":\"null\"}", "{}", "null");
    OK("{\"type\":\"array\"}", "[1]");
    BAD("{\"type\":\"array\"}", "{}", "array");
    OK("{\"type\":[\"string\",\"null\"]}", "null");
    OK("{\"type\":[\"string\",\"null\"]}", "\"a\"");
    BAD("{\"type\":[\"string\",\"null\"]}", "1", "string, null");
    OK("{\"type\":[\"integer\"]}", "2");
    OK("{}", "{\"anything\":[1,2]}");
    OK("true", "5");
    BAD("false", "5", "not allowed");
}

static void test_objects(void)
{
    const char *s = "{\"type\":\"object\",\"properties\":{\"page_size\":{\"type\":\"integer\",\"maximum\":100},"
                    "\"name\":{\"type\":\"string\"}},\"required\":[\"name\"],\"additionalProperties\":false}";
    OK(s, "{\"name\":\"a\"}");
    OK(s, "{\"name\":\"a\",\"page_size\":100}");
    BAD(s, "{\"name\":\"a\",\"page_size\":101}", "argument 'page_size': must be <= 100");
    BAD(s, "{}", "argument 'name': is required");
    BAD(s, "{\"name\":\"a\",\"other\":1}", "argument 'other': is not a known property");
    BAD(s, "{\"name\":5}", "argument 'name': must be of type string");
    /* additionalProperties absent or a schema */
    OK("{\"type\":\"object\",\"properties\":{\"a\":{\"type\":\"string\"}}}", "{\"b\":1}");
    BAD("{\"type\":\"object\",\"additionalProperties\":{\"type\":\"string\"}}", "{\"b\":1}", "argument 'b'");
    /* nested paths */
    const char *n = "{\"type\":\"object\",\"properties\":{\"filter\":{\"type\":\"object\",\"properties\":{"
                    "\"ids\":{\"type\":\"array\",\"items\":{\"type\":\"integer\",\"minimum\":1}}},"
                    "\"required\":[\"ids\"]}}}";
    OK(n, "{\"filter\":{\"ids\":[1,2,3]}}");
    BAD(n, "{\"filter\":{\"ids\":[1,0]}}", "argument 'filter.ids[1]': must be >= 1");
    BAD(n, "{\"filter\":{}}", "argument 'filter.ids': is required");
    BAD(n, "{\"filter\":{\"ids\":[1,\"x\"]}}", "filter.ids[1]");
}

static void test_numbers(void)
{
    OK("{\"minimum\":1,\"maximum\":3}", "1");
    OK("{\"minimum\":1,\"maximum\":3}", "3");
    BAD("{\"minimum\":1,\"maximum\":3}", "0", ">= 1");
    BAD("{\"minimum\":1,\"maximum\":3}", "3.01", "<= 3");
    BAD("{\"exclusiveMinimum\":1}", "1", "> 1");
    OK("{\"exclusiveMinimum\":1}", "1.5");
    BAD("{\"exclusiveMaximum\":1}", "1", "< 1");
    OK("{\"minimum\":0.5}", "0.5");
    /* the keywords apply to numbers only */
    OK("{\"minimum\":1}", "\"0\"");
}

static void test_strings(void)
{
    OK("{\"minLength\":2,\"maxLength\":3}", "\"ab\"");
    BAD("{\"minLength\":2,\"maxLength\":3}", "\"a\"", "at least 2 characters");
    BAD("{\"minLength\":2,\"maxLength\":3}", "\"abcd\"", "at most 3 characters");
    /* characters, not bytes: three 2-byte and 4-byte characters */
    OK("{\"maxLength\":3}", "\"\\u00e9\\u00e9\\u00e9\"");
    OK("{\"maxLength\":1}", "\"\\ud83d\\ude00\"");
    BAD("{\"minLength\":2}", "\"\\ud83d\\ude00\"", "at least 2");
    OK("{\"enum\":[\"open\",\"closed\"]}", "\"open\"");
    BAD("{\"enum\":[\"open\",\"closed\"]}", "\"Open\"", "must be one of [\"open\",\"closed\"]");
    OK("{\"enum\":[1,null]}", "null");
    OK("{\"const\":\"x\"}", "\"x\"");
    BAD("{\"const\":\"x\"}", "\"y\"", "must be \"x\"");
    BAD("{\"const\":{\"a\":1}}", "{\"a\":2}", "must be");
}

static void test_arrays(void)
{
    OK("{\"type\":\"array\",\"minItems\":1,\"maxItems\":2,\"items\":{\"type\":\"string\"}}", "[\"a\"]");
    BAD("{\"type\":\"array\",\"minItems\":1}", "[]", "at least 1 items");
    BAD("{\"type\":\"array\",\"maxItems\":2}", "[1,2,3]", "at most 2 items");
    BAD("{\"type\":\"object\",\"properties\":{\"tags\":{\"type\":\"array\",\"items\":{\"type\":\"string\"}}}}",
        "{\"tags\":[\"a\",3]}", "argument 'tags[1]': must be of type string");
}

static void test_combinators(void)
{
    const char *any = "{\"type\":\"object\",\"properties\":{\"id\":{\"anyOf\":[{\"type\":\"integer\"},"
                      "{\"type\":\"string\",\"minLength\":1}]}}}";
    OK(any, "{\"id\":5}");
    OK(any, "{\"id\":\"T-5\"}");
    BAD(any, "{\"id\":true}", "argument 'id': matches none");
    BAD(any, "{\"id\":\"\"}", "argument 'id'");
    OK("{\"allOf\":[{\"minimum\":1},{\"maximum\":5}]}", "3");
    BAD("{\"allOf\":[{\"minimum\":1},{\"maximum\":5}]}", "6", "<= 5");
    OK("{\"oneOf\":[{\"type\":\"integer\"},{\"type\":\"string\"}]}", "1");
    BAD("{\"oneOf\":[{\"type\":\"number\"},{\"type\":\"integer\"}]}", "1", "exactly one");
    /* local $ref, as in the conformance suite's 2020-12 tool */
    const char *ref = "{\"type\":\"object\",\"$defs\":{\"address\":{\"type\":\"object\",\"properties\":{"
                      "\"city\":{\"type\":\"string\"}}}},\"properties\":{\"address\":{\"$ref\":\"#/$defs/address\"}},"
                      "\"additionalProperties\":false}";
    OK(ref, "{\"address\":{\"city\":\"Oslo\"}}");
    BAD(ref, "{\"address\":{\"city\":7}}", "argument 'address.city'");
    BAD(ref, "{\"zip\":1}", "argument 'zip'");
}

static void test_long_messages_are_bounded(void)
{
    char err[64];
    json_t *schema = json_pack("{s:[s,s,s,s,s,s,s,s]}", "enum", "aaaaaaaaaaaaaaaaaaaaa", "bbbbbbbbbbbbbbbbbbbbbbbbb",
                               "ccccccccccccccccccccccccc", "ddddddddddddddddddddddd", "eeeeeeeeeeeeeeeeeeeeeeeeee",
                               "fffffffffffffffffffff", "ggggggggggggggggggggg", "hhhhhhhhhhhhhhhhhhhh");
    json_t *v = json_string("z");
    CHECK_INT(mcp_validate(schema, v, err, sizeof err), -1);
    CHECK(strlen(err) < sizeof err);
    CHECK_CONTAINS(err, "arguments");
    json_decref(schema);
    json_decref(v);
}

/* The two base-module checks kept from the original placeholder. */
static void test_base_redact(void)
{
    char line[] = "token abcdef123456 and abcdef123456";
    log_add_secret("abcdef123456");
    log_redact(line);
    CHECK_NOT_CONTAINS(line, "abcdef123456");
    CHECK_CONTAINS(line, "[redacted]");
}

static void test_base_buf(void)
{
    struct buf b = {0};
    buf_printf(&b, "%d-%s", 42, "x");
    buf_appends(&b, "y");
    CHECK_STR(b.data, "42-xy");
    buf_free(&b);
}

static const struct test tests[] = {
    {"types", test_types},
    {"objects", test_objects},
    {"numbers", test_numbers},
    {"strings", test_strings},
    {"arrays", test_arrays},
    {"combinators", test_combinators},
    {"long_messages_are_bounded", test_long_messages_are_bounded},
    {"base_redact", test_base_redact},
    {"base_buf", test_base_buf},
    {NULL, NULL},
};
HARNESS_MAIN("mcp_validate", tests)
