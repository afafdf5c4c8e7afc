/* ux_int.h - internals shared by what the server offers besides tools:
 * prompts (prompts.c), resources (resources.c), completions (complete.c),
 * the subscription poller (poll.c) and the MCP Apps ticket view (view.c),
 * registered together by ux.c. Names: tools__ux_x, tools__view_x. */
#ifndef HALOPSA_TOOLS_UX_INT_H
#define HALOPSA_TOOLS_UX_INT_H

#include "fw_int.h"

/* The uri of the ticket view (MCP Apps) and its MIME type. */
#define TOOLS_VIEW_URI "ui://halopsa/tickets.html"
#define TOOLS_VIEW_MIME "text/html;profile=mcp-app"

/* What the prompts, resources and completions share; lives as long as
 * the registration (tools_cleanup). */
struct tools__ux {
    struct tools__reg *reg;
    struct mcp_server *srv;
    int poll_s;         /* HALOPSA_RESOURCE_POLL_SECONDS; 0: subscriptions are off */
    struct tools__poll *poll;
};

/* A context for HaloPSA requests outside a tool (prompts, resources,
 * completions, the poller): c->tool names what runs ("prompts/get").
 * mc may be NULL (the poller). Requests made on this thread stop when mc
 * is cancelled. Release with tools__ux_end. */
void tools__ux_begin(struct tools_call *c, struct tools__ux *ux, struct mcp_call *mc,
                     const struct tools_def *what);
void tools__ux_end(struct tools_call *c);
/* The message of c->error (a new string, "" when none) and clears it. */
char *tools__ux_error(struct tools_call *c);

/* Whether the data of a domain may be shown: its tool of that name is
 * registered (domain allowed, not excluded). */
bool tools__ux_has_tool(struct tools__ux *ux, const char *tool);
/* Whether domain name is enabled; a domain not in the table (yet) is
 * enabled when HALOPSA_DOMAINS is unset. */
bool tools__ux_domain_on(struct tools__ux *ux, const char *name);
/* Runs the registered domain tool called name with args (borrowed) on this
 * context, without the tool wrapper's side effects (navigation, audit):
 * the same shaping a tools/call would give. A CallToolResult (new). */
json_t *tools__ux_run_tool(struct tools_call *c, const char *name, json_t *args);

/* ---- dates (prompts.c) ---- */
/* A day range from "today", "yesterday", "tomorrow", "this_week",
 * "last_week", "last_7_days", "last_30_days", "this_month",
 * "last_month", "YYYY-MM-DD" or "YYYY-MM-DD..YYYY-MM-DD" (local time):
 * from and to as "YYYY-MM-DD" (11 bytes each). 0, or -1. */
int tools__ux_period(const char *text, char from[11], char to[11]);
/* The words tools__ux_period knows (NULL-terminated). */
extern const char *const tools__ux_period_words[];

/* ---- registration ---- */
int tools__ux_prompts(struct tools__ux *ux, char *err, size_t errlen);
int tools__ux_resources(struct tools__ux *ux, char *err, size_t errlen);
int tools__ux_view(struct tools__ux *ux, char *err, size_t errlen);
/* The completion handler of the server (complete.c). */
json_t *tools__ux_complete(struct mcp_call *call, json_t *ref, json_t *argument, json_t *context,
                           void *data);

/* ---- resources shared with the poller (resources.c) ---- */
/* What a halopsa:// uri names: kind ("tickets", "clients", "kb",
 * "reference") and, for records, the id (> 0). false when it names
 * nothing we serve. */
bool tools__ux_parse_uri(const char *uri, char kind[16], json_int_t *id, const char **ref_name);
/* The HaloPSA path to GET for a record or reference list uri (new). */
char *tools__ux_uri_path(const char *uri);

/* ---- the poller (poll.c) ---- */
/* Reads HALOPSA_RESOURCE_POLL_SECONDS into ux->poll_s. 0 or -1 with err. */
int tools__ux_poll_config(struct tools__ux *ux, char *err, size_t errlen);
/* Starts the ticker when polling is on. */
void tools__ux_poll_start(struct tools__ux *ux);
void tools__ux_poll_free(struct tools__ux *ux);

/* ---- the view (view.c, view_html.c) ---- */
extern const char tools__view_html[];

#endif
