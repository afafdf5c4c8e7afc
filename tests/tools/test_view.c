/* test_view.c - the MCP Apps ticket view as the protocol carries it: the
 * ui:// resource (its MIME type, the page being exactly src/tools/view.html,
 * nothing external, no markup built from data), the _meta that links
 * halopsa_tickets_get and halopsa_tickets_list to it, in both eras. The
 * page itself is tested in a real browser by tests/view/. */
#include "fw_test.h"

#define VIEW_URI "ui://halopsa/tickets.html"
#define META_2026                                                                                  \
    "{\"io.modelcontextprotocol/protocolVersion\":\"2026-07-28\","                                  \
    "\"io.modelcontextprotocol/clientInfo\":{\"name\":\"t\",\"version\":\"1\"},"                   \
    "\"io.modelcontextprotocol/clientCapabilities\":{}}"

/* Every tool of tools/list over all pages (new array). */
static json_t *all_tools(struct tt *t, bool modern)
{
    json_t *out = json_array();
    char *cursor = NULL;
    for (int page = 0; page < 50; page++) {
        json_t *params = cursor ? json_pack("{s:s}", "cursor", cursor) : json_object();
        if (modern)
            json_object_set_new(params, "_meta", json_loads(META_2026, 0, NULL));
        json_t *resp = tl_rpc(&t->proc, "tools/list", params, 60000);
        json_t *r = json_object_get(resp, "result");
        json_array_extend(out, json_object_get(r, "tools"));
        free(cursor);
        cursor = json_string_value(json_object_get(r, "nextCursor"))
                     ? xstrdup(json_string_value(json_object_get(r, "nextCursor")))
                     : NULL;
        json_decref(resp);
        if (!cursor)
            break;
    }
    free(cursor);
    return out;
}

static void check_links(json_t *tools)
{
    static const char *const viewed[] = {"halopsa_tickets_get", "halopsa_tickets_list"};
    for (size_t i = 0; i < 2; i++) {
        json_t *t = fw_tool_named(tools, viewed[i]);
        json_t *meta = json_object_get(t, "_meta");
        CHECK(t != NULL);
        CHECK_STR(json_string_value(json_object_get(json_object_get(meta, "ui"), "resourceUri")), VIEW_URI);
        CHECK_STR(json_string_value(json_object_get(meta, "ui/resourceUri")), VIEW_URI);
    }
    /* the others have no view */
    CHECK(json_object_get(fw_tool_named(tools, "halopsa_tickets_update"), "_meta") == NULL);
    CHECK(json_object_get(fw_tool_named(tools, "halopsa_clients_get"), "_meta") == NULL);
}

static void test_tools_link_the_view(void)
{
    struct tt t;
    TT_START(&t, FW_ENV("HALOPSA_TOOL_MODE=flat"));
    json_t *tools = all_tools(&t, false);
    check_links(tools);
    json_decref(tools);
    tools = all_tools(&t, true);
    check_links(tools);
    json_decref(tools);
    CHECK_INT(tt_stop(&t), 0);
}

static void test_resource_is_the_page(void)
{
    struct tt t;
    TT_START(&t, NULL);
    json_t *resp = tl_rpc(&t.proc, "resources/read", json_pack("{s:s}", "uri", VIEW_URI), 60000);
    json_t *contents = json_object_get(json_object_get(resp, "result"), "contents");
    CHECK_INT(json_array_size(contents), 1);
    json_t *c = json_array_get(contents, 0);
    CHECK_STR(json_string_value(json_object_get(c, "uri")), VIEW_URI);
    CHECK_STR(json_string_value(json_object_get(c, "mimeType")), "text/html;profile=mcp-app");
    CHECK(json_is_true(json_object_get(json_object_get(json_object_get(c, "_meta"), "ui"), "prefersBorder")));
    const char *html = json_string_value(json_object_get(c, "text"));
    /* exactly the page in the source tree (scripts/gen-view.sh keeps the
     * C string in step with it) */
    char *file = tl_read_file("src/tools/view.html");
    CHECK(file != NULL);
    CHECK(html && file && strcmp(html, file) == 0);
    free(file);
    /* self-contained, and no markup made from data */
    CHECK_CONTAINS(html, "<!DOCTYPE html>");
    CHECK_NOT_CONTAINS(html, "http://");
    CHECK_NOT_CONTAINS(html, "https://");
    CHECK_NOT_CONTAINS(html, "@import");
    CHECK_NOT_CONTAINS(html, "url(");
    CHECK_NOT_CONTAINS(html, "innerHTML");
    CHECK_NOT_CONTAINS(html, "outerHTML");
    CHECK_NOT_CONTAINS(html, "insertAdjacentHTML");
    CHECK_NOT_CONTAINS(html, "document.write");
    CHECK_NOT_CONTAINS(html, "eval(");
    json_decref(resp);

    /* listed, with its _meta */
    resp = tl_rpc(&t.proc, "resources/list", NULL, 60000);
    json_t *list = json_object_get(json_object_get(resp, "result"), "resources");
    json_t *entry = NULL;
    size_t i;
    json_t *r;
    json_array_foreach(list, i, r) {
        if (strcmp(json_string_value(json_object_get(r, "uri")), VIEW_URI) == 0)
            entry = r;
    }
    CHECK(entry != NULL);
    CHECK_STR(json_string_value(json_object_get(entry, "mimeType")), "text/html;profile=mcp-app");
    CHECK(json_is_true(json_object_get(json_object_get(json_object_get(entry, "_meta"), "ui"), "prefersBorder")));
    json_decref(resp);
    CHECK_INT(tt_stop(&t), 0);
}

/* Without the tickets domain there is nothing to show: no view at all. */
static void test_no_tickets_no_view(void)
{
    struct tt t;
    TT_START(&t, FW_ENV("HALOPSA_DOMAINS=clients"));
    json_t *resp = tl_rpc(&t.proc, "resources/read", json_pack("{s:s}", "uri", VIEW_URI), 60000);
    CHECK_INT(json_integer_value(json_object_get(json_object_get(resp, "error"), "code")), -32002);
    json_decref(resp);
    CHECK_INT(tt_stop(&t), 0);
}

static const struct test tests[] = {
    {"tools_link_the_view", test_tools_link_the_view},
    {"resource_is_the_page", test_resource_is_the_page},
    {"no_tickets_no_view", test_no_tickets_no_view},
    {NULL, NULL},
};

HARNESS_MAIN("view", tests)
