/* tools_cmd.c - `halopsa-mcp tools [DOMAIN]`: the tools this configuration
 * can call, grouped by domain, with their required arguments. */
#include "app_int.h"

#include "base/base.h"

#include <stdlib.h>
#include <string.h>

/* The first sentence of a description into out (size max), cut at a word
 * boundary with "..." when it is longer. */
static void first_sentence(const char *text, char *out, size_t max)
{
    size_t n = 0;
    if (!text)
        text = "";
    while (text[n] && text[n] != '\n' &&
           !(text[n] == '.' && (text[n + 1] == ' ' || text[n + 1] == '\0')))
        n++;
    if (n >= max) {
        size_t cut = max - 4;
        while (cut > 0 && text[cut] != ' ')
            cut--;
        if (cut == 0)
            cut = max - 4;
        memcpy(out, text, cut);
        memcpy(out + cut, "...", 4);
        return;
    }
    memcpy(out, text, n);
    out[n] = '\0';
}

/* Required arguments of an input schema (JSON text) as "a, b", or "" when
 * there are none. New string. */
static char *required_args(const char *schema_text, json_t *schema)
{
    json_t *parsed = NULL;
    struct buf b = {0};
    if (!schema && schema_text)
        schema = parsed = json_loads(schema_text, 0, NULL);
    size_t i;
    json_t *r;
    json_array_foreach(json_object_get(schema, "required"), i, r) {
        if (json_is_string(r))
            buf_printf(&b, "%s%s", b.len ? ", " : "", json_string_value(r));
    }
    json_decref(parsed);
    return buf_steal(&b);
}

static bool catalog_read_only(json_t *entry)
{
    json_t *ann = json_object_get(entry, "annotations");
    return json_is_true(json_object_get(ann, "readOnlyHint")) ||
           json_is_true(json_object_get(ann, "read_only"));
}

enum { NAME_WIDTH = 32 };

static void print_tool(const char *name, const char *title, const char *description,
                       const char *required)
{
    /* Lines of about 100 columns: the name column fits the longest name. */
    char line[100 - 2 - NAME_WIDTH];
    first_sentence(description && *description ? description : title, line, sizeof line);
    printf("  %-*s %s\n", NAME_WIDTH, name, line);
    if (required && *required)
        printf("  %-*s   required: %s\n", NAME_WIDTH, "", required);
}

int app__tools(struct app *a)
{
    json_t *catalog = NULL, *domains = json_array();
    const char *want = a->nargs ? a->args[0] : NULL;
    size_t shown = 0;
    int rc = app__setup_logging(a, LOG_WARN);
    if (rc != APP_OK)
        goto out;
    if (a->demo) {
        if ((rc = app__load_config(a)) != APP_OK)
            goto out;
    } else {
        app__offline_config(a);
    }
    if ((rc = app__load_tool_options(a)) != APP_OK || (rc = app__build_server(a)) != APP_OK)
        goto out;
    catalog = tools_catalog();

    /* Navigation tools are registered by the framework, not a domain. */
    if (!want || strcmp(want, "navigation") == 0) {
        bool header = false;
        for (size_t i = 0; i < mcp_server_tool_count(a->srv); i++) {
            const struct mcp_tool *t = mcp_server_tool_at(a->srv, i);
            if (app__catalog_find(catalog, t->name))
                continue;
            if (!header) {
                printf("navigation\n");
                header = true;
            }
            char *req = required_args(t->input_schema, NULL);
            print_tool(t->name, t->title, t->description, req);
            free(req);
            shown++;
        }
    }

    /* Domains in catalogue order. */
    size_t i;
    json_t *e;
    json_array_foreach(catalog, i, e) {
        const char *d = json_string_value(json_object_get(e, "domain"));
        bool seen = false;
        size_t k;
        json_t *v;
        json_array_foreach(domains, k, v) {
            if (d && strcmp(json_string_value(v), d) == 0)
                seen = true;
        }
        if (d && !seen)
            json_array_append_new(domains, json_string(d));
    }
    json_array_foreach(domains, i, e) {
        const char *d = json_string_value(e);
        bool header = false;
        if (want && strcmp(want, d) != 0)
            continue;
        size_t k;
        json_t *t;
        json_array_foreach(catalog, k, t) {
            const char *name = json_string_value(json_object_get(t, "name"));
            if (!name || strcmp(json_string_value(json_object_get(t, "domain")), d) != 0)
                continue;
            /* What this configuration can call: registered, and not a
             * write tool in read-only mode. */
            if (!mcp_server_find_tool(a->srv, name))
                continue;
            if (a->topts.read_only && !catalog_read_only(t))
                continue;
            if (!header) {
                printf("%s%s\n", shown ? "\n" : "", d);
                header = true;
            }
            char *req = required_args(NULL, json_object_get(t, "inputSchema"));
            print_tool(name, json_string_value(json_object_get(t, "title")),
                       json_string_value(json_object_get(t, "description")), req);
            free(req);
            shown++;
        }
    }
    if (want && shown == 0) {
        struct buf names = {0};
        json_array_foreach(domains, i, e)
            buf_printf(&names, "%s%s", names.len ? ", " : "", json_string_value(e));
        /* the domains --domains takes; the navigation tools are no domain */
        rc = app__usage_error("tools", "no domain '%s' here (domains: %s; 'tools navigation' "
                              "lists the navigation tools)",
                              want, names.data ? names.data : "");
        buf_free(&names);
        goto out;
    }
    rc = APP_OK;
out:
    json_decref(catalog);
    json_decref(domains);
    app__teardown(a);
    return rc;
}
