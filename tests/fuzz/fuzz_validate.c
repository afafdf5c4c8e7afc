/* fuzz_validate.c - libFuzzer harness for schema validation (mcp_validate).
 * First byte even: the rest is a JSON value checked against the input
 * schema of one real tool (every tool of the catalogue, chosen by the
 * first byte), as tools/call does. First byte odd: the rest is a JSON
 * array [schema, value]; a schema that registration would accept
 * (mcp__schema_check) is then used to validate value. */
#include "fuzz.h"

#include "mcp/mcp_int.h"
#include "tools/tools.h"

#include <stdlib.h>

static json_t *schemas; /* every tool's inputSchema */

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc, (void)argv;
    fz_init();
    json_t *catalog = tools_catalog();
    schemas = json_array();
    size_t i;
    json_t *t;
    json_array_foreach(catalog, i, t) {
        json_t *s = json_object_get(t, "inputSchema");
        char err[256];
        if (!json_is_object(s) || mcp__schema_check(s, err, sizeof err) != 0)
            abort(); /* the tables must hold schemas the core understands */
        json_array_append(schemas, s);
    }
    json_decref(catalog);
    if (json_array_size(schemas) == 0)
        abort();
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char err[512];
    if (size < 1)
        return 0;
    json_t *v = json_loadb((const char *)data + 1, size - 1, JSON_DECODE_ANY, NULL);
    if (!v)
        return 0;
    if (data[0] % 2 == 0) {
        json_t *schema = json_array_get(schemas, (data[0] / 2) % json_array_size(schemas));
        mcp_validate(schema, v, err, sizeof err);
    } else if (json_is_array(v) && json_array_size(v) == 2) {
        json_t *schema = json_array_get(v, 0);
        if (json_is_object(schema) && mcp__schema_check(schema, err, sizeof err) == 0)
            mcp_validate(schema, json_array_get(v, 1), err, sizeof err);
    }
    json_decref(v);
    return 0;
}
