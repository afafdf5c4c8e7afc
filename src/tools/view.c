/* view.c - the ticket view for hosts that render MCP Apps: the resource
 * ui://halopsa/tickets.html (text/html;profile=mcp-app, the page in
 * view.html) and the _meta.ui.resourceUri that links halopsa_tickets_get
 * and halopsa_tickets_list to it. Hosts without MCP Apps ignore both and
 * use the tools' text and structuredContent as before. */
#include "ux_int.h"

#include <stdio.h>

/* Linked the way the extension says, plus the flat key it deprecates,
 * which hosts built on its first drafts still read. */
#define TOOL_META "{\"ui\":{\"resourceUri\":\"" TOOLS_VIEW_URI "\"},\"ui/resourceUri\":\"" TOOLS_VIEW_URI "\"}"

static json_t *read_view(struct mcp_call *call, const char *uri, void *data)
{
    (void)call;
    (void)data;
    /* No external asset: the host's restrictive default CSP is all the
     * page needs, so it declares no domains. */
    return json_pack("[{s:s, s:s, s:s, s:{s:{s:b}}}]", "uri", uri, "mimeType", TOOLS_VIEW_MIME, "text",
                     tools__view_html, "_meta", "ui", "prefersBorder", 1);
}

int tools__ux_view(struct tools__ux *ux, char *err, size_t errlen)
{
    static const char *const tools[] = {"halopsa_tickets_get", "halopsa_tickets_list"};
    bool any = false;
    char why[256];
    for (size_t i = 0; i < sizeof tools / sizeof tools[0]; i++)
        any |= tools__ux_has_tool(ux, tools[i]);
    if (!any)
        return 0;
    struct mcp_resource r = {TOOLS_VIEW_URI,
                             false,
                             "tickets-view",
                             "Ticket view",
                             "The view MCP Apps hosts render for halopsa_tickets_get (one ticket "
                             "with its actions) and halopsa_tickets_list (the queue as a sortable "
                             "table).",
                             TOOLS_VIEW_MIME,
                             read_view,
                             ux};
    if (mcp_server_add_resource(ux->srv, &r, why, sizeof why) != 0 ||
        mcp_server_set_resource_meta(ux->srv, TOOLS_VIEW_URI, "{\"ui\":{\"prefersBorder\":true}}", why,
                                     sizeof why) != 0)
        goto fail;
    for (size_t i = 0; i < sizeof tools / sizeof tools[0]; i++) {
        if (tools__ux_has_tool(ux, tools[i]) &&
            mcp_server_set_tool_meta(ux->srv, tools[i], TOOL_META, why, sizeof why) != 0)
            goto fail;
    }
    return 0;
fail:
    snprintf(err, errlen, "ticket view: %s", why);
    return -1;
}
