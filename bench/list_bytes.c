/* list_bytes.c - what each tool mode puts in the model's context: the
 * bytes of the tools/list replies (every page, compact JSON as the server
 * writes them) of halopsa-mcp --demo in tree, flat (the core set and
 * HALOPSA_DOMAINS=all) and dispatch mode, and in tree mode after holding
 * domains and after a query, as a Markdown section. The budgets themselves
 * are tests (tests/tools/test_budgets.c). Run:
 *   make BUILD=release bench-build
 *   HALOPSA_BIN_DIR=build/release/bin build/release/bench/list_bytes */
#include "testlib.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Sum of the reply bytes of every tools/list page; *ntools gets the
 * number of tools listed. 0 on failure. */
static size_t list_bytes(struct tl_proc *p, size_t *ntools)
{
    size_t bytes;
    json_t *tools = tl_list_tools(p, &bytes);
    *ntools = json_array_size(tools);
    json_decref(tools);
    return bytes;
}

/* Bytes of a tools/call reply. */
static size_t call_bytes(struct tl_proc *p, const char *tool, const char *args_json)
{
    json_t *params = json_pack("{s:s, s:o}", "name", tool, "arguments",
                               json_loads(args_json, 0, NULL));
    json_t *resp = tl_rpc(p, "tools/call", params, 30000);
    char *text = resp ? json_dumps(resp, JSON_COMPACT) : NULL;
    size_t n = text ? strlen(text) + 1 : 0;
    free(text);
    json_decref(resp);
    return n;
}

static int start(struct tl_proc *p, const char *mode, const char *domains)
{
    char env_mode[64], env_domains[128];
    snprintf(env_mode, sizeof env_mode, "HALOPSA_TOOL_MODE=%s", mode);
    snprintf(env_domains, sizeof env_domains, "HALOPSA_DOMAINS=%s", domains ? domains : "");
    char *argv[] = {(char *)tl_bin("halopsa-mcp"), "--demo", NULL};
    char *env[] = {env_mode, env_domains, "HALOPSA_READ_ONLY=", "HALOPSA_EXCLUDE_TOOLS=",
                   "HALOPSA_LOG_LEVEL=off", NULL};
    if (tl_spawn(p, argv, env) != 0)
        return -1;
    json_t *init = tl_initialize(p, NULL);
    if (!init)
        return -1;
    json_decref(init);
    return 0;
}

static int row(const char *label, const char *mode, const char *domains)
{
    struct tl_proc p;
    size_t n;
    if (start(&p, mode, domains) != 0) {
        fprintf(stderr, "list_bytes: cannot start %s\n", tl_bin("halopsa-mcp"));
        tl_proc_free(&p);
        return -1;
    }
    size_t bytes = list_bytes(&p, &n);
    printf("| %s | %zu | %zu | %zu |\n", label, n, bytes, bytes / 4);
    tl_finish(&p, 10000);
    tl_proc_free(&p);
    return bytes ? 0 : -1;
}

/* Tree mode as a session goes on: domains held, a query, back. */
static int tree_session(void)
{
    static const struct {
        const char *what, *tool, *args;
    } steps[] = {
        {"navigate tickets", "halopsa_navigate", "{\"domain\":\"tickets\"}"},
        {"then call a clients tool", "halopsa_clients_search", "{\"query\":\"Oak\"}"},
        {"then navigate statuses and outcomes", "halopsa_navigate",
         "{\"domain\":[\"statuses\",\"outcomes\"]}"},
        {"then a query (\"log two hours on ticket 1042\")", "halopsa_navigate",
         "{\"query\":\"log two hours on ticket 1042\"}"},
        {"then back", "halopsa_back", "{}"},
    };
    struct tl_proc p;
    if (start(&p, "tree", NULL) != 0) {
        tl_proc_free(&p);
        return -1;
    }
    printf("\nTree mode during a session (the reply to the step, then the tools/list a host "
           "re-reads):\n\n");
    printf("| step | reply bytes | tools listed after | tools/list bytes after |\n");
    printf("|---|---|---|---|\n");
    for (size_t i = 0; i < sizeof steps / sizeof steps[0]; i++) {
        size_t reply = call_bytes(&p, steps[i].tool, steps[i].args), n;
        size_t bytes = list_bytes(&p, &n);
        printf("| %s | %zu | %zu | %zu |\n", steps[i].what, reply, n, bytes);
    }
    tl_finish(&p, 10000);
    tl_proc_free(&p);
    return 0;
}

int main(void)
{
    int rc = 0;
    printf("## Bytes of tools/list per mode (bench/list_bytes.c)\n\n");
    printf("The JSON-RPC reply lines of tools/list (all pages) at the start of a session, as "
           "the host receives them; ≈ tokens at ~4 bytes per token. Budgets: tree under "
           "2.5 KB whatever the number of domains, flat's core set at most 60 tools, "
           "dispatch 3 tools.\n\n");
    printf("| mode | tools listed | bytes | ≈ tokens |\n");
    printf("|---|---|---|---|\n");
    rc |= row("tree", "tree", NULL);
    rc |= row("flat (core set)", "flat", NULL);
    rc |= row("flat, HALOPSA_DOMAINS=all", "flat", "all");
    rc |= row("dispatch", "dispatch", NULL);
    rc |= tree_session();
    return rc ? 1 : 0;
}
