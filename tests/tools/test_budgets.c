/* test_budgets.c - the size of what each tool mode lists, over the real
 * binary and the whole catalogue: tree mode's first tools/list under
 * 2.5 KB, flat mode's default core set at most 60 tools (HALOPSA_DOMAINS=all
 * lists everything), dispatch three tools; and tree mode's held domains
 * within their stated budget. The limits are the ones the README states. */
#include "fw_test.h"

#include "tools/tools.h"

#define TREE_LIST_MAX 2560  /* bytes of tree mode's first tools/list reply */
#define FLAT_CORE_MAX 60    /* tools flat mode lists by default */
#define HELD_DOMAINS_MAX 4  /* domains tree mode holds at once */
#define HELD_BYTES_MAX 32768 /* their tool definitions, as listed */

/* Every page of tools/list and the bytes the host receives. New. */
static json_t *list_all(struct tt *t, size_t *bytes)
{
    return tl_list_tools(&t->proc, bytes);
}

static bool listed(json_t *tools, const char *name) { return fw_tool_named(tools, name) != NULL; }

static void test_tree_first_list_small(void)
{
    struct tt t;
    size_t bytes;
    TT_START(&t, FW_ENV("HALOPSA_TOOL_MODE=tree"));
    json_t *tools = list_all(&t, &bytes);
    printf("# tree: %zu tools, %zu bytes\n", json_array_size(tools), bytes);
    CHECK_INT(json_array_size(tools), 2);
    CHECK(bytes > 0 && bytes < TREE_LIST_MAX);
    /* the description names domains within a cap of its own, so the
     * budget holds whatever the number of domains */
    json_t *nav = json_array_get(tools, 0);
    CHECK_STR(json_string_value(json_object_get(nav, "name")), "halopsa_navigate");
    CHECK(strlen(json_string_value(json_object_get(nav, "description"))) < 1200);
    json_decref(tools);
    CHECK_INT(tt_stop(&t), 0);
}

static void test_flat_core_set(void)
{
    struct tt t;
    size_t bytes;
    TT_START(&t, FW_ENV("HALOPSA_TOOL_MODE=flat"));
    json_t *tools = list_all(&t, &bytes);
    json_t *catalog = tools_catalog();
    printf("# flat (core set): %zu tools, %zu bytes\n", json_array_size(tools), bytes);
    CHECK(json_array_size(tools) <= FLAT_CORE_MAX);
    /* the everyday tools are in it; the catalogue has more than it lists */
    CHECK(listed(tools, "halopsa_navigate"));
    CHECK(listed(tools, "halopsa_status"));
    CHECK(listed(tools, "halopsa_call"));
    CHECK(listed(tools, "halopsa_tickets_list"));
    CHECK(listed(tools, "halopsa_tickets_create"));
    CHECK(listed(tools, "halopsa_tickets_add_action"));
    CHECK(listed(tools, "halopsa_clients_list"));
    CHECK(!listed(tools, "halopsa_customtabs_delete"));
    CHECK(json_array_size(tools) < json_array_size(catalog) + 2);
    /* a tool left out of the list is still callable by name */
    json_t *r = fw_call(&t, "halopsa_customtabs_list", NULL, NULL);
    CHECK(r && !tt_is_error(r));
    json_decref(r);
    /* status says which tools the list holds */
    r = fw_call(&t, "halopsa_status", NULL, NULL);
    CHECK_CONTAINS(tt_text(r), "core set");
    json_decref(r);
    json_decref(catalog);
    json_decref(tools);
    CHECK_INT(tt_stop(&t), 0);
}

static void test_flat_all_lists_everything(void)
{
    struct tt t;
    size_t bytes;
    TT_START(&t, FW_ENV("HALOPSA_TOOL_MODE=flat", "HALOPSA_DOMAINS=all"));
    json_t *tools = list_all(&t, &bytes);
    json_t *catalog = tools_catalog();
    printf("# flat (HALOPSA_DOMAINS=all): %zu tools, %zu bytes\n", json_array_size(tools), bytes);
    size_t i;
    json_t *e;
    json_array_foreach(catalog, i, e) {
        const char *n = json_string_value(json_object_get(e, "name"));
        if (!listed(tools, n))
            harness_fail(__FILE__, __LINE__, "HALOPSA_DOMAINS=all does not list %s", n);
    }
    /* everything is listed, so halopsa_call is not needed in the list */
    CHECK_INT(json_array_size(tools), json_array_size(catalog) + 2);
    json_decref(catalog);
    json_decref(tools);
    CHECK_INT(tt_stop(&t), 0);
}

static void test_dispatch_three_tools(void)
{
    struct tt t;
    size_t bytes;
    TT_START(&t, FW_ENV("HALOPSA_TOOL_MODE=dispatch"));
    json_t *tools = list_all(&t, &bytes);
    printf("# dispatch: %zu tools, %zu bytes\n", json_array_size(tools), bytes);
    CHECK_INT(json_array_size(tools), 3);
    CHECK(bytes < 2 * TREE_LIST_MAX);
    json_decref(tools);
    CHECK_INT(tt_stop(&t), 0);
}

/* Navigating to every domain in turn never holds more than the budget:
 * at most HELD_DOMAINS_MAX domains and HELD_BYTES_MAX bytes of their tools
 * (the newest domain is always held). */
static void test_tree_held_budget(void)
{
    struct tt t;
    size_t bytes0, bytes;
    TT_START(&t, NULL);
    json_t *tools = list_all(&t, &bytes0);
    json_decref(tools);
    json_t *st = fw_call(&t, "halopsa_status", NULL, NULL);
    size_t i;
    json_t *d;
    size_t most = 0;
    json_array_foreach(json_object_get(fw_sc(st), "domains"), i, d) {
        char args[128];
        snprintf(args, sizeof args, "{\"domain\":\"%s\"}",
                 json_string_value(json_object_get(d, "name")));
        json_t *r = fw_call(&t, "halopsa_navigate", args, NULL);
        json_t *held = json_object_get(fw_sc(r), "held");
        CHECK(json_array_size(held) >= 1 && json_array_size(held) <= HELD_DOMAINS_MAX);
        CHECK_STR(json_string_value(json_array_get(held, 0)),
                  json_string_value(json_object_get(d, "name")));
        tools = list_all(&t, &bytes);
        if (json_array_size(held) > 1 && bytes - bytes0 > HELD_BYTES_MAX)
            harness_fail(__FILE__, __LINE__, "holding %s: %zu bytes of domain tools",
                         harness_json(held), bytes - bytes0);
        if (json_array_size(held) > most)
            most = json_array_size(held);
        json_decref(tools);
        json_decref(r);
    }
    /* several domains were held at some point */
    CHECK(most >= 3);
    json_decref(st);
    CHECK_INT(tt_stop(&t), 0);
}

static const struct test tests[] = {
    {"tree_first_list_small", test_tree_first_list_small},
    {"flat_core_set", test_flat_core_set},
    {"flat_all_lists_everything", test_flat_all_lists_everything},
    {"dispatch_three_tools", test_dispatch_three_tools},
    {"tree_held_budget", test_tree_held_budget},
    {NULL, NULL},
};

HARNESS_MAIN("tools_budgets", tests)
