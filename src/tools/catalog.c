/* catalog.c - tools_catalog: every domain tool with its registered schemas,
 * annotations, method and endpoint, for docs/tools.md, `halopsa-mcp tools`
 * and the benchmark. */
#include "fw_int.h"

static json_t *annotations_json(enum tools_kind kind)
{
    struct mcp_annotations a = tools__annotations(kind);
    return json_pack("{s:b, s:b, s:b, s:b}", "readOnlyHint", a.read_only, "destructiveHint",
                     a.destructive, "idempotentHint", a.idempotent, "openWorldHint",
                     a.open_world);
}

json_t *tools_catalog(void)
{
    json_t *out = json_array();
    for (size_t d = 0; d < TOOLS__NDOMAINS; d++) {
        const struct tools_domain *dom = tools__all_domains[d];
        for (size_t i = 0; i < dom->ntools; i++) {
            const struct tools_tool *t = &dom->tools[i];
            json_t *in = tools__input_schema(t);
            json_t *e = json_pack("{s:s, s:s, s:s, s:s, s:o, s:o, s:s?, s:s?}", "domain",
                                  dom->name, "name", t->name, "title", t->title ? t->title : "",
                                  "description", t->description ? t->description : "",
                                  "inputSchema", in ? in : json_object(), "annotations",
                                  annotations_json(t->kind), "method", t->method, "endpoint",
                                  t->endpoint);
            json_t *os = tools__output_schema(t);
            if (os)
                json_object_set_new(e, "outputSchema", os);
            json_array_append_new(out, e);
        }
    }
    return out;
}
