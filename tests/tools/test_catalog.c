/* test_catalog.c - invariants over the whole catalogue, so a new domain is
 * checked by rows alone: unique names, schemas a validator accepts and that
 * say what every argument is, annotations true to the kind, every tool
 * listed by navigate in its own domain and callable in every mode, every
 * write refused in read-only mode, every delete (and every other change
 * that cannot be undone) waiting for confirmation, and docs/tools.md
 * describing every tool and argument. */
#include "fw_test.h"

#include "mcp/mcp.h"
#include "tools/tools.h"

static const char *str(json_t *o, const char *key)
{
    const char *s = json_string_value(json_object_get(o, key));
    return s ? s : "";
}

/* Arguments that satisfy a tool's required ones: 1 for ids and names, "x"
 * for text, true for flags. New object. */
static json_t *minimal_args(json_t *tool)
{
    return fw_required_args(tool, NULL, "x");
}

/* Every tool has a unique name, a request, a title and description,
 * annotations its method implies, and schemas that hold together. */
static void test_catalogue_rows(void)
{
    json_t *c = tools_catalog();
    json_t *seen = json_object();
    size_t i;
    json_t *e;
    CHECK(json_array_size(c) > 0);
    json_array_foreach(c, i, e) {
        const char *name = str(e, "name"), *method = str(e, "method"), *ep = str(e, "endpoint");
        json_t *a = json_object_get(e, "annotations");
        json_t *in = json_object_get(e, "inputSchema");
        json_t *props = json_object_get(in, "properties");
        if (!*name || json_object_get(seen, name))
            harness_fail(__FILE__, __LINE__, "duplicate or missing name at %zu", i);
        json_object_set_new(seen, name, json_true());
        if (strncmp(name, "halopsa_", 8) != 0 || strncmp(ep, "/api/", 5) != 0)
            harness_fail(__FILE__, __LINE__, "%s: name or endpoint malformed (%s)", name, ep);
        if (!*str(e, "title") || !*str(e, "description") || !*str(e, "domain"))
            harness_fail(__FILE__, __LINE__, "%s: no title, description or domain", name);
        bool ro = json_is_true(json_object_get(a, "readOnlyHint"));
        bool destructive = json_is_true(json_object_get(a, "destructiveHint"));
        if (strcmp(method, "GET") == 0 && (!ro || destructive))
            harness_fail(__FILE__, __LINE__, "%s: GET but not read-only", name);
        if (strcmp(method, "DELETE") == 0 && (!destructive || !json_object_get(props, "confirm")))
            harness_fail(__FILE__, __LINE__, "%s: DELETE without destructiveHint/confirm", name);
        /* A POST either writes (and has dry_run) or is a read by design (the
         * report SQL tool, whose guard keeps it read-only). */
        if (strcmp(method, "POST") == 0 && !ro && !json_object_get(props, "dry_run"))
            harness_fail(__FILE__, __LINE__, "%s: POST write without dry_run", name);
        if (destructive && !json_object_get(props, "confirm"))
            harness_fail(__FILE__, __LINE__, "%s: destructive without confirm", name);
        if (!json_is_true(json_object_get(a, "openWorldHint")))
            harness_fail(__FILE__, __LINE__, "%s: not openWorldHint", name);

        /* the input schema: closed, every property typed or described,
         * required ones present, minimal arguments valid */
        if (strcmp(str(in, "type"), "object") != 0 ||
            !json_is_false(json_object_get(in, "additionalProperties")))
            harness_fail(__FILE__, __LINE__, "%s: input schema not a closed object", name);
        const char *k;
        json_t *p;
        json_object_foreach(props, k, p) {
            if (!*str(p, "description"))
                harness_fail(__FILE__, __LINE__, "%s: argument %s undescribed", name, k);
        }
        size_t j;
        json_t *r;
        json_array_foreach(json_object_get(in, "required"), j, r) {
            if (!json_object_get(props, json_string_value(r)))
                harness_fail(__FILE__, __LINE__, "%s: requires unknown %s", name,
                             json_string_value(r));
        }
        char err[512];
        json_t *args = minimal_args(e);
        if (mcp_validate(in, args, err, sizeof err) != 0)
            harness_fail(__FILE__, __LINE__, "%s: minimal arguments refused: %s", name, err);
        json_decref(args);
        /* every argument is in the schema and in the arguments list */
        if (json_array_size(json_object_get(e, "arguments")) != json_object_size(props))
            harness_fail(__FILE__, __LINE__, "%s: arguments list and schema differ", name);
        json_t *out = json_object_get(e, "outputSchema");
        if (out && strcmp(str(out, "type"), "object") != 0)
            harness_fail(__FILE__, __LINE__, "%s: output schema not an object", name);
        /* a list's rows are arrays under one key its output schema requires,
         * next to the columns they follow */
        if (json_object_get(props, "page_size") && out &&
            json_array_size(json_object_get(out, "required")) != 2)
            harness_fail(__FILE__, __LINE__, "%s: a list's output names no rows key", name);
    }
    json_decref(seen);
    json_decref(c);
}

/* The catalogue's domains in its order (new array of names). */
static json_t *domains_of(json_t *catalog)
{
    json_t *out = json_array();
    size_t i;
    json_t *e;
    json_array_foreach(catalog, i, e) {
        json_t *last = json_array_get(out, json_array_size(out) - 1);
        if (!last || strcmp(json_string_value(last), str(e, "domain")) != 0)
            json_array_append_new(out, json_string(str(e, "domain")));
    }
    return out;
}

/* Navigate names every domain, lists exactly that domain's tools, and
 * status counts them; the server's instructions name every domain. */
static void test_every_tool_listed_in_its_domain(void)
{
    json_t *c = tools_catalog();
    json_t *domains = domains_of(c);
    struct tt t;
    CHECK_INT(tt_start(&t, FW_ENV("HALOPSA_TOOL_MODE=flat"), NULL), 0);
    json_t *st = fw_call(&t, "halopsa_status", NULL, NULL);
    CHECK_INT(json_array_size(json_object_get(fw_sc(st), "domains")), json_array_size(domains));
    size_t d;
    json_t *dn;
    json_array_foreach(domains, d, dn) {
        char args[128];
        snprintf(args, sizeof args, "{\"domain\":\"%s\"}", json_string_value(dn));
        json_t *r = fw_call(&t, "halopsa_navigate", args, NULL);
        json_t *listed = json_object_get(fw_sc(r), "tools");
        size_t want = 0, i;
        json_t *e;
        json_array_foreach(c, i, e) {
            if (strcmp(str(e, "domain"), json_string_value(dn)) != 0)
                continue;
            want++;
            CHECK_CONTAINS(tt_text(r), str(e, "name"));
        }
        CHECK_INT(json_array_size(listed), want);
        json_t *sd = json_array_get(json_object_get(fw_sc(st), "domains"), d);
        CHECK_STR(str(sd, "name"), json_string_value(dn));
        CHECK_INT(json_integer_value(json_object_get(sd, "tools")), want);
        json_decref(r);
    }
    json_decref(st);
    CHECK_INT(tt_stop(&t), 0);
    char *ins = tools_instructions();
    json_array_foreach(domains, d, dn)
        CHECK_CONTAINS(ins, json_string_value(dn));
    free(ins);
    json_decref(domains);
    json_decref(c);
}

/* In every mode every tool is reachable: a call with an unknown argument
 * reaches the tool's own validation (never "unknown tool") and sends
 * nothing. Tree and flat call it by name, dispatch through halopsa_call. */
static void test_every_tool_reachable_in_every_mode(void)
{
    static const char *const modes[] = {"HALOPSA_TOOL_MODE=tree", "HALOPSA_TOOL_MODE=flat",
                                        "HALOPSA_TOOL_MODE=dispatch"};
    json_t *c = tools_catalog();
    for (size_t m = 0; m < 3; m++) {
        struct tt t;
        CHECK_INT(tt_start(&t, FW_ENV((char *)modes[m]), NULL), 0);
        tt_clear_requests(&t);
        size_t i;
        json_t *e;
        json_array_foreach(c, i, e) {
            json_t *args = minimal_args(e);
            json_object_set_new(args, "zz_probe", json_true());
            json_t *rpc = NULL, *r;
            if (m == 2)
                r = tt_call(&t, "halopsa_call",
                            json_pack("{s:s, s:o}", "tool", str(e, "name"), "arguments", args),
                            &rpc);
            else
                r = tt_call(&t, str(e, "name"), args, &rpc);
            const char *msg = r ? tt_text(r) : str(rpc, "message");
            if (!strstr(msg, "zz_probe"))
                harness_fail(__FILE__, __LINE__, "%s: %s not reachable: %s", modes[m],
                             str(e, "name"), msg);
            json_decref(r);
            json_decref(rpc);
        }
        json_t *log = tt_requests(&t);
        CHECK_INT(json_array_size(log), 0);
        json_decref(log);
        CHECK_INT(tt_stop(&t), 0);
    }
    json_decref(c);
}

/* Read-only mode lists no write and refuses every one, by name (flat) or
 * through halopsa_call (dispatch), saying why, before any request. */
static void test_every_write_refused_read_only(void)
{
    json_t *c = tools_catalog();
    for (int dispatch = 0; dispatch < 2; dispatch++) {
        struct tt t;
        CHECK_INT(tt_start(&t,
                           FW_ENV(dispatch ? "HALOPSA_TOOL_MODE=dispatch" : "HALOPSA_TOOL_MODE=flat",
                                  "HALOPSA_READ_ONLY=true", "HALOPSA_DOMAINS=all"),
                           NULL),
                  0);
        json_t *names = tt_list_names(&t);
        tt_clear_requests(&t);
        size_t i, writes = 0;
        json_t *e;
        json_array_foreach(c, i, e) {
            bool ro =
                json_is_true(json_object_get(json_object_get(e, "annotations"), "readOnlyHint"));
            if (!dispatch && ro != (tt_has(names, str(e, "name")) != 0))
                harness_fail(__FILE__, __LINE__, "read-only mode %s %s", ro ? "hides" : "lists",
                             str(e, "name"));
            if (ro)
                continue;
            writes++;
            json_t *args = minimal_args(e), *rpc = NULL, *r;
            json_object_set_new(args, "confirm", json_true());
            if (dispatch)
                r = tt_call(&t, "halopsa_call",
                            json_pack("{s:s, s:o}", "tool", str(e, "name"), "arguments", args),
                            &rpc);
            else
                r = tt_call(&t, str(e, "name"), args, &rpc);
            /* a tool error saying why, never "Unknown tool" (issue 11.6) */
            bool refused = r && tt_is_error(r) && strstr(tt_text(r), "read-only mode is on");
            if (!refused)
                harness_fail(__FILE__, __LINE__, "%s not refused in read-only mode",
                             str(e, "name"));
            json_decref(r);
            json_decref(rpc);
        }
        CHECK(writes > 0);
        CHECK_INT(fw_count(&t, "POST", "/api/*"), 0);
        CHECK_INT(fw_count(&t, "DELETE", "/api/*"), 0);
        json_decref(names);
        CHECK_INT(tt_stop(&t), 0);
    }
    json_decref(c);
}

/* Every delete and every other write that always asks (approve, reject),
 * asked without confirm (and the host cannot ask the user), sends nothing
 * and says how to confirm. Every destructive tool takes confirm and the
 * catalogue says when it asks: always, or (updates) when it would remove
 * or replace data (test_output covers those). */
static void test_every_delete_needs_confirmation(void)
{
    json_t *c = tools_catalog();
    struct tt t;
    CHECK_INT(tt_start(&t, FW_ENV("HALOPSA_TOOL_MODE=flat"), NULL), 0);
    tt_clear_requests(&t);
    size_t i, deletes = 0, others = 0;
    json_t *e;
    json_array_foreach(c, i, e) {
        bool destructive = json_is_true(
            json_object_get(json_object_get(e, "annotations"), "destructiveHint"));
        json_t *props = json_object_get(json_object_get(e, "inputSchema"), "properties");
        const char *when = json_string_value(json_object_get(e, "confirm"));
        if (destructive != (json_object_get(props, "confirm") != NULL) || destructive != !!when)
            harness_fail(__FILE__, __LINE__, "%s: destructiveHint, confirm and the catalogue's "
                                             "confirm rule disagree", str(e, "name"));
        if (!when || strcmp(when, "always") != 0)
            continue;
        if (strcmp(str(e, "method"), "DELETE") == 0)
            deletes++;
        else
            others++;
        json_t *r = tt_call(&t, str(e, "name"), minimal_args(e), NULL);
        if (!r || !tt_is_error(r) || !strstr(tt_text(r), "\"confirm\": true"))
            harness_fail(__FILE__, __LINE__, "%s changed without confirmation", str(e, "name"));
        json_decref(r);
    }
    CHECK(deletes > 0);
    CHECK(others > 0);
    CHECK_INT(fw_count(&t, "DELETE", "/api/*"), 0);
    CHECK_INT(fw_count(&t, "POST", "/api/*"), 0);
    CHECK_INT(tt_stop(&t), 0);
    json_decref(c);
}

/* docs/tools.md (generated) has a section for every tool with every one
 * of its arguments; test_install checks it is exactly what `docs` prints. */
static void test_docs_describe_every_argument(void)
{
    char *md = tl_read_file("docs/tools.md");
    CHECK(md != NULL);
    if (!md)
        return;
    json_t *c = tools_catalog();
    size_t i;
    json_t *e;
    json_array_foreach(c, i, e) {
        char head[160];
        snprintf(head, sizeof head, "#### `%s`\n", str(e, "name"));
        const char *sec = strstr(md, head);
        if (!sec) {
            harness_fail(__FILE__, __LINE__, "docs/tools.md lacks %s", str(e, "name"));
            continue;
        }
        const char *end = strstr(sec + 1, "\n#");
        size_t j;
        json_t *a;
        json_array_foreach(json_object_get(e, "arguments"), j, a) {
            char row[128];
            snprintf(row, sizeof row, "| `%s` |", str(a, "name"));
            const char *at = strstr(sec, row);
            if (!at || (end && at > end))
                harness_fail(__FILE__, __LINE__, "docs/tools.md: %s lacks argument %s",
                             str(e, "name"), str(a, "name"));
        }
    }
    json_decref(c);
    free(md);
}

static const struct test tests[] = {
    {"catalogue_rows", test_catalogue_rows},
    {"every_tool_listed_in_its_domain", test_every_tool_listed_in_its_domain},
    {"every_tool_reachable_in_every_mode", test_every_tool_reachable_in_every_mode},
    {"every_write_refused_read_only", test_every_write_refused_read_only},
    {"every_delete_needs_confirmation", test_every_delete_needs_confirmation},
    {"docs_describe_every_argument", test_docs_describe_every_argument},
    {NULL, NULL},
};

HARNESS_MAIN("tools_catalog", tests)
