/* test_cli.c - the halopsa-mcp command line: configuration errors, help,
 * version, usage errors, `tools`, and `call` against an in-process
 * simulator (key=value and JSON arguments, --json, read-only mode, delete
 * confirmation). */
#include "cli_util.h"

#define ARGS(...) ((const char *const[]){__VA_ARGS__, NULL})

static void test_missing_config_names_variable(void)
{
    struct cli_run r;
    /* Nothing set: the first thing missing is the client id. */
    CHECK_INT(cli_run(&r, ARGS("serve"), NULL), 2);
    CHECK_CONTAINS(r.err, "HALOPSA_CLIENT_ID");
    CHECK_STR(r.out, "");
    cli_run_free(&r);
    /* No subcommand means serve; it checks at start-up, before any input. */
    CHECK_INT(cli_run(&r, NULL, ARGS("HALOPSA_CLIENT_ID=abc", "HALOPSA_TENANT=acme")), 2);
    CHECK_CONTAINS(r.err, "HALOPSA_CLIENT_SECRET");
    cli_run_free(&r);
    CHECK_INT(cli_run(&r, NULL, ARGS("HALOPSA_CLIENT_ID=abc", "HALOPSA_CLIENT_SECRET=s3cr3t-value")),
              2);
    CHECK_CONTAINS(r.err, "HALOPSA_TENANT");
    CHECK_NOT_CONTAINS(r.err, "s3cr3t-value");
    cli_run_free(&r);
    /* call checks the same way. */
    CHECK_INT(cli_run(&r, ARGS("call", "halopsa_tickets_list"), NULL), 2);
    CHECK_CONTAINS(r.err, "HALOPSA_CLIENT_ID");
    cli_run_free(&r);
}

static void test_placeholder_counts_as_unset(void)
{
    struct cli_run r;
    CHECK_INT(cli_run(&r, NULL,
                      ARGS("HALOPSA_CLIENT_ID=${user_config.client_id}",
                           "HALOPSA_CLIENT_SECRET=abcdefgh", "HALOPSA_TENANT=acme")),
              2);
    CHECK_CONTAINS(r.err, "HALOPSA_CLIENT_ID");
    cli_run_free(&r);
    CHECK_INT(cli_run(&r, NULL,
                      ARGS("HALOPSA_CLIENT_ID=abc", "HALOPSA_CLIENT_SECRET=abcdefgh",
                           "HALOPSA_TENANT=${user_config.tenant}")),
              2);
    CHECK_CONTAINS(r.err, "HALOPSA_TENANT");
    cli_run_free(&r);
}

static void test_help_and_version(void)
{
    struct cli_run r;
    CHECK_INT(cli_run(&r, ARGS("--help"), NULL), 0);
    CHECK_CONTAINS(r.out, "Usage: halopsa-mcp");
    CHECK_CONTAINS(r.out, "doctor");
    CHECK_CONTAINS(r.out, "--demo");
    cli_run_free(&r);
    static const char *const cmds[] = {"serve", "tools", "call", "doctor", "docs", "help", NULL};
    for (size_t i = 0; cmds[i]; i++) {
        char want[64];
        snprintf(want, sizeof want, "halopsa-mcp %s", cmds[i]);
        CHECK_INT(cli_run(&r, ARGS(cmds[i], "--help"), NULL), 0);
        CHECK_CONTAINS(r.out, "Usage:");
        if (strcmp(cmds[i], "serve") != 0)
            CHECK_CONTAINS(r.out, want);
        cli_run_free(&r);
    }
    CHECK_INT(cli_run(&r, ARGS("help", "call"), NULL), 0);
    CHECK_CONTAINS(r.out, "key=value");
    cli_run_free(&r);
    CHECK_INT(cli_run(&r, ARGS("--version"), NULL), 0);
    CHECK_CONTAINS(r.out, "halopsa-mcp 0.");
    cli_run_free(&r);
}

static void test_usage_errors(void)
{
    const char *const *const cases[] = {
        ARGS("--bogus"),
        ARGS("frobnicate"),
        ARGS("call"),
        ARGS("tools", "--json"),
        ARGS("--log-level", "loud", "tools"),
        ARGS("--demo", "--tools", "sideways", "tools"),
        ARGS("doctor", "extra"),
        ARGS("--log-level"),
        ARGS("--demo", "call", "halopsa_tickets_list", "notakeyvalue"),
        ARGS("--demo", "call", "halopsa_no_such_tool"),
        ARGS("help", "nothing"),
        NULL,
    };
    for (size_t i = 0; cases[i]; i++) {
        struct cli_run r;
        int st = cli_run(&r, cases[i], NULL);
        if (st != 2)
            harness_fail(__FILE__, __LINE__, "case %zu (%s ...): exit %d, want 2; stderr: %s", i,
                         cases[i][0], st, r.err);
        CHECK_CONTAINS(r.err, "halopsa-mcp: ");
        CHECK_STR(r.out, "");
        cli_run_free(&r);
    }
}

static void test_tools_lists_by_domain(void)
{
    struct cli_run r;
    /* No credentials needed to see what exists. */
    CHECK_INT(cli_run(&r, ARGS("tools"), NULL), 0);
    CHECK_CONTAINS(r.out, "navigation\n");
    CHECK_CONTAINS(r.out, "halopsa_navigate");
    CHECK_CONTAINS(r.out, "\ntickets\n");
    CHECK_CONTAINS(r.out, "halopsa_tickets_list");
    CHECK_CONTAINS(r.out, "halopsa_statuses_delete");
    CHECK_CONTAINS(r.out, "required: id");
    cli_run_free(&r);

    CHECK_INT(cli_run(&r, ARGS("tools", "tickets"), NULL), 0);
    CHECK_CONTAINS(r.out, "halopsa_tickets_get");
    CHECK_NOT_CONTAINS(r.out, "halopsa_navigate");
    CHECK_NOT_CONTAINS(r.out, "halopsa_clients_list");
    cli_run_free(&r);

    CHECK_INT(cli_run(&r, ARGS("--read-only", "tools", "statuses"), NULL), 0);
    CHECK_CONTAINS(r.out, "halopsa_statuses_list");
    CHECK_NOT_CONTAINS(r.out, "halopsa_statuses_delete");
    cli_run_free(&r);

    CHECK_INT(cli_run(&r, ARGS("tools", "nosuchdomain"), NULL), 2);
    CHECK_CONTAINS(r.err, "nosuchdomain");
    cli_run_free(&r);
}

/* Rows of a --json list result (new reference) or NULL. */
/* A list's rows as objects: structuredContent holds "columns" and the
 * rows as arrays in that order. New array, or NULL. */
static json_t *rows_of(json_t *sc, const char *key)
{
    json_t *cols = json_object_get(sc, "columns"), *rows = json_object_get(sc, key);
    if (!json_is_array(rows) || !json_is_array(cols))
        return NULL;
    json_t *out = json_array();
    size_t i, j;
    json_t *row, *c;
    json_array_foreach(rows, i, row) {
        json_t *o = json_object();
        json_array_foreach(cols, j, c)
            json_object_set(o, json_string_value(c), json_array_get(row, j));
        json_array_append_new(out, o);
    }
    return out;
}

static json_t *json_rows(const char *out, const char *key)
{
    json_t *v = json_loads(out, 0, NULL);
    json_t *rows = rows_of(v, key);
    json_decref(v);
    return rows;
}

static void test_call_list_and_get(void)
{
    char url[128];
    struct cli_sim_env e;
    struct sim *sim = cli_sim_start(url, sizeof url);
    cli_sim_env_init(&e, url, NULL);
    struct cli_run r;

    CHECK_INT(cli_run(&r, ARGS("call", "halopsa_tickets_list", "open_only=true", "page_size=5"),
                      e.env),
              0);
    CHECK(strlen(r.out) > 10);
    cli_run_free(&r);

    CHECK_INT(cli_run(&r, ARGS("call", "--json", "halopsa_tickets_list", "open_only=true",
                               "page_size=5"),
                      e.env),
              0);
    json_t *rows = json_rows(r.out, "tickets");
    CHECK(rows != NULL);
    CHECK(json_array_size(rows) >= 1 && json_array_size(rows) <= 5);
    json_int_t id = json_integer_value(json_object_get(json_array_get(rows, 0), "id"));
    CHECK(id > 0);
    json_decref(rows);
    cli_run_free(&r);

    /* A JSON object argument works like key=value pairs. */
    CHECK_INT(cli_run(&r, ARGS("call", "halopsa_tickets_list", "{\"page_size\": 2, \"page\": 1}",
                               "--json"),
                      e.env),
              0);
    rows = json_rows(r.out, "tickets");
    CHECK(rows != NULL);
    CHECK_INT(json_array_size(rows), 2);
    json_decref(rows);
    cli_run_free(&r);

    char idarg[64], idtext[32];
    snprintf(idarg, sizeof idarg, "id=%lld", (long long)id);
    snprintf(idtext, sizeof idtext, "%lld", (long long)id);
    CHECK_INT(cli_run(&r, ARGS("call", "halopsa_tickets_get", idarg), e.env), 0);
    CHECK_CONTAINS(r.out, idtext);
    cli_run_free(&r);
    CHECK_INT(cli_run(&r, ARGS("call", "halopsa_tickets_get", idarg, "--json"), e.env), 0);
    json_t *t = json_loads(r.out, 0, NULL);
    CHECK(json_is_object(t));
    CHECK(strstr(r.out, idtext) != NULL);
    json_decref(t);
    cli_run_free(&r);

    /* The same validation as an MCP call: an out-of-range page size. */
    CHECK(cli_run(&r, ARGS("call", "halopsa_tickets_list", "page_size=1000"), e.env) != 0);
    CHECK_CONTAINS(r.err, "page_size");
    CHECK_STR(r.out, "");
    cli_run_free(&r);

    /* A ticket that does not exist: HaloPSA's 404 as a tool error, exit 1. */
    CHECK_INT(cli_run(&r, ARGS("call", "halopsa_tickets_get", "id=987654321"), e.env), 1);
    CHECK(strlen(r.err) > 0);
    cli_run_free(&r);
    sim_stop(sim);
}

static void test_call_read_only_refuses_writes(void)
{
    char url[128];
    struct cli_sim_env e;
    struct sim *sim = cli_sim_start(url, sizeof url);
    cli_sim_env_init(&e, url, NULL);
    struct cli_run r;
    CHECK_INT(cli_run(&r, ARGS("--read-only", "call", "halopsa_statuses_delete", "id=1",
                               "confirm=true"),
                      e.env),
              1);
    CHECK_CONTAINS(r.err, "read-only");
    cli_run_free(&r);
    e.env[4] = "HALOPSA_READ_ONLY=true";
    e.env[5] = NULL;
    CHECK_INT(cli_run(&r, ARGS("call", "halopsa_statuses_delete", "id=1", "confirm=true"), e.env),
              1);
    CHECK_CONTAINS(r.err, "read-only");
    cli_run_free(&r);
    /* Reads still work in read-only mode. */
    CHECK_INT(cli_run(&r, ARGS("call", "halopsa_statuses_list"), e.env), 0);
    cli_run_free(&r);
    sim_stop(sim);
}

/* The id of the last status in the tenant, or 0. */
static json_int_t last_status(const char *const *env, size_t *count)
{
    struct cli_run r;
    json_int_t id = 0;
    cli_run(&r, ARGS("call", "halopsa_statuses_list", "--json"), env);
    json_t *v = json_loads(r.out, 0, NULL);
    json_t *rows = rows_of(v, "statuses");
    *count = json_array_size(rows);
    if (*count)
        id = json_integer_value(json_object_get(json_array_get(rows, *count - 1), "id"));
    json_decref(rows);
    json_decref(v);
    cli_run_free(&r);
    return id;
}

static void test_call_delete_needs_confirmation(void)
{
    char url[128], idarg[64];
    struct cli_sim_env e;
    struct sim *sim = cli_sim_start(url, sizeof url);
    cli_sim_env_init(&e, url, NULL);
    struct cli_run r;
    size_t before = 0, after = 0;
    json_int_t id = last_status(e.env, &before);
    CHECK(id > 0);
    snprintf(idarg, sizeof idarg, "id=%lld", (long long)id);

    /* No terminal, no confirm: refused, nothing deleted. */
    CHECK_INT(cli_run(&r, ARGS("call", "halopsa_statuses_delete", idarg), e.env), 1);
    CHECK_CONTAINS(r.err, "confirm");
    cli_run_free(&r);
    CHECK_INT(last_status(e.env, &after), id);
    CHECK_INT(after, before);

    CHECK_INT(cli_run(&r, ARGS("call", "halopsa_statuses_delete", idarg, "confirm=true"), e.env),
              0);
    cli_run_free(&r);
    CHECK(last_status(e.env, &after) != id);
    CHECK_INT(after, before - 1);

    /* --yes stands for the confirmation. */
    id = last_status(e.env, &before);
    snprintf(idarg, sizeof idarg, "id=%lld", (long long)id);
    CHECK_INT(cli_run(&r, ARGS("call", "--yes", "halopsa_statuses_delete", idarg), e.env), 0);
    cli_run_free(&r);
    CHECK(last_status(e.env, &after) != id);
    CHECK_INT(after, before - 1);
    sim_stop(sim);
}

/* On a terminal (a pty from script(1)) a delete asks [y/N]: "n" keeps the
 * record, "y" deletes it. */
static void test_terminal_confirmation(void)
{
    if (!cli_have("script")) {
        fprintf(stderr, "# script(1) missing: terminal confirmation not tested\n");
        return;
    }
    char url[128];
    struct cli_sim_env e;
    struct sim *sim = cli_sim_start(url, sizeof url);
    cli_sim_env_init(&e, url, NULL);
    size_t before = 0, after = 0;
    json_int_t id = last_status(e.env, &before);
    CHECK(id > 0);
    static const char *const answers[] = {"n", "y"};
    for (size_t i = 0; i < 2; i++) {
        char *out = NULL;
        char *cmd = xasprintf("printf '%s\\n' | env -i PATH=\"$PATH\" HALOPSA_BASE_URL=%s "
                              "HALOPSA_CLIENT_ID=%s HALOPSA_CLIENT_SECRET=%s script -qec "
                              "'%s call halopsa_statuses_delete id=%lld' /dev/null",
                              answers[i], url, SIM_DEMO_CLIENT_ID, SIM_DEMO_CLIENT_SECRET,
                              tl_bin("halopsa-mcp"), (long long)id);
        int st = cli_sh(cmd, &out);
        CHECK_CONTAINS(out, "[y/N]");
        CHECK_INT(st, i == 0 ? 1 : 0);
        free(out);
        free(cmd);
        json_int_t last = last_status(e.env, &after);
        if (i == 0) {
            CHECK_INT(last, id);
            CHECK_INT(after, before);
        } else {
            CHECK(last != id);
            CHECK_INT(after, before - 1);
        }
    }
    sim_stop(sim);
}

static void test_demo_call_needs_no_variables(void)
{
    struct cli_run r;
    CHECK_INT(cli_run(&r, ARGS("--demo", "call", "halopsa_status"), NULL), 0);
    CHECK_CONTAINS(r.out, "demo");
    cli_run_free(&r);
    CHECK_INT(cli_run(&r, ARGS("--demo", "call", "halopsa_tickets_list", "page_size=3", "--json"),
                      NULL),
              0);
    json_t *rows = json_rows(r.out, "tickets");
    CHECK_INT(json_array_size(rows), 3);
    json_decref(rows);
    cli_run_free(&r);
    CHECK_INT(cli_run(&r, ARGS("--demo", "tools", "tickets"), NULL), 0);
    CHECK_CONTAINS(r.out, "halopsa_tickets_list");
    cli_run_free(&r);
}

static void test_allow_and_deny_lists(void)
{
    struct cli_run r;
    CHECK_INT(cli_run(&r, ARGS("--demo", "--domains", "clients", "tools"), NULL), 0);
    CHECK_CONTAINS(r.out, "halopsa_clients_list");
    CHECK_NOT_CONTAINS(r.out, "halopsa_tickets_list");
    cli_run_free(&r);
    CHECK_INT(cli_run(&r, ARGS("--demo", "call", "halopsa_tickets_get", "id=1"),
                      ARGS("HALOPSA_EXCLUDE_TOOLS=halopsa_tickets_get")),
              1);
    CHECK_CONTAINS(r.err, "not available");
    cli_run_free(&r);
    CHECK_INT(cli_run(&r, ARGS("--demo", "--exclude-tools", "halopsa_tickets_get", "call",
                               "halopsa_tickets_list", "page_size=1"),
                      NULL),
              0);
    cli_run_free(&r);
    /* An unknown domain in the allow-list is a configuration error. */
    CHECK_INT(cli_run(&r, ARGS("--demo", "--domains", "nosuchdomain", "tools"), NULL), 2);
    CHECK_CONTAINS(r.err, "nosuchdomain");
    cli_run_free(&r);
}


/* `tools NAME` and --domains agree on what a domain is (issue 11): every
 * domain `tools nosuch` offers is one --domains accepts, and the
 * navigation tools are not offered as a domain. */
static void test_tools_and_domains_agree(void)
{
    struct cli_run r;
    CHECK_INT(cli_run(&r, ARGS("tools", "nosuchdomain"), NULL), 2);
    const char *list = strstr(r.err, "(domains: ");
    CHECK(list != NULL);
    char *names = xstrdup(list ? list + strlen("(domains: ") : "");
    names[strcspn(names, ";)")] = '\0';
    CHECK_NOT_CONTAINS(names, "navigation");
    int n = 0;
    for (char *save = NULL, *d = strtok_r(names, ", ;", &save); d && n < 100;
         d = strtok_r(NULL, ", ;", &save), n++) {
        struct cli_run r2;
        if (cli_run(&r2, ARGS("--domains", d, "tools", d), NULL) != 0)
            harness_fail(__FILE__, __LINE__, "tools offers domain '%s', --domains says: %s", d,
                         r2.err);
        cli_run_free(&r2);
    }
    CHECK(n >= 14);
    free(names);
    cli_run_free(&r);
    /* "all" is what --domains takes for every domain */
    CHECK_INT(cli_run(&r, ARGS("--domains", "all", "tools", "customtabs"), NULL), 0);
    CHECK_CONTAINS(r.out, "halopsa_customtabs_list");
    cli_run_free(&r);
}

static const struct test tests[] = {
    {"missing_config_names_variable", test_missing_config_names_variable},
    {"tools_and_domains_agree", test_tools_and_domains_agree},
    {"placeholder_counts_as_unset", test_placeholder_counts_as_unset},
    {"help_and_version", test_help_and_version},
    {"usage_errors", test_usage_errors},
    {"tools_lists_by_domain", test_tools_lists_by_domain},
    {"call_list_and_get", test_call_list_and_get},
    {"call_read_only_refuses_writes", test_call_read_only_refuses_writes},
    {"call_delete_needs_confirmation", test_call_delete_needs_confirmation},
    {"terminal_confirmation", test_terminal_confirmation},
    {"allow_and_deny_lists", test_allow_and_deny_lists},
    {"demo_call_needs_no_variables", test_demo_call_needs_no_variables},
    {NULL, NULL},
};

int main(void)
{
    base_init();
    return harness_run("cli", tests);
}
