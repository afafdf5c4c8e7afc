/* access.c - rights where tools run: a principal whose credentials only
 * grant reading (an OAuth token without the write scope, a bearer token
 * marked read) cannot run a tool that writes, in any tool mode and through
 * halopsa_call too; the HTTP transport asks the same rule to refuse such a
 * call up front (403 insufficient_scope). */
#include "audit_int.h"
#include "fw_int.h"

#include <string.h>

unsigned tools__rights_needed(const struct mcp_server *srv, const char *tool, json_t *args, void *data)
{
    const struct tools_def *t;
    (void)srv, (void)data;
    if (tool && strcmp(tool, "halopsa_call") == 0) {
        const char *inner = json_string_value(json_object_get(args, "tool"));
        if (inner && strcmp(inner, "halopsa_call") != 0)
            return tools__rights_needed(srv, inner, json_object_get(args, "arguments"), data);
        return MCP_RIGHT_READ;
    }
    /* navigation tools and unknown names only read */
    if (!tool || !(t = tools__find(tool)) || t->kind == TOOLS_READ)
        return MCP_RIGHT_READ;
    return MCP_RIGHTS_ALL;
}

json_t *tools__refuse_rights(struct mcp_call *mc, const struct tools_def *t)
{
    unsigned need = t->kind == TOOLS_READ ? MCP_RIGHT_READ : MCP_RIGHTS_ALL;
    if (mcp_call_may(mc, need))
        return NULL;
    const struct mcp_principal *who = mcp_call_principal(mc);
    if (need == MCP_RIGHT_READ)
        return mcp_result_error("%s is not allowed: %s has no read access to this server. "
                                "Nothing was sent to HaloPSA.", t->name, who->name);
    return mcp_result_error("%s changes data in HaloPSA, and %s may only read (its credentials "
                            "grant read access, not write). Nothing was sent to HaloPSA; ask "
                            "the server's administrator for write access if this is needed.",
                            t->name, who->name);
}
