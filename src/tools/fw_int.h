/* fw_int.h - internals of the framework half of the decision tree shared by
 * registry.c, confirm.c, nav.c, call.c, crud.c and catalog.c: the
 * catalogue the domain table expands into, and the registration state that
 * lives as long as the server. Names: tools__x. */
#ifndef HALOPSA_TOOLS_FW_INT_H
#define HALOPSA_TOOLS_FW_INT_H

#include "tools_int.h"

#include <pthread.h>

/* A domain of the catalogue: its table row and its tools. */
struct tools__dom {
    const struct tools_domain *row;
    struct tools_def *tools;
    size_t ntools;
};

/* Every domain and tool, expanded from the domain table once (catalog.c).
 * Borrowed; valid until tools_cleanup. */
struct tools__catalogue {
    struct tools__dom *doms;
    size_t ndoms;
    size_t ntools;
};
const struct tools__catalogue *tools__catalogue(void);
/* Frees the catalogue (tools_cleanup). */
void tools__catalogue_free(void);

/* "a" or "an" before the entity's noun (static string). */
const char *tools__article(const struct tools_entity *e);

/* The tool called name (borrowed), or NULL. */
const struct tools_def *tools__find(const char *name);
/* Index of the domain called name (case-insensitive), or -1. */
int tools__find_domain(const char *name);

/* Whether an argument is one the framework adds to many tools (paging,
 * detail, dry_run, confirm, record), which says nothing about a tool. */
bool tools__framework_arg(const char *name);

/* The input schema as registered (the tool's arguments, the framework's
 * included). New object. */
json_t *tools__input_schema(const struct tools_def *t);
/* The output schema as registered (WRITE tools also admit the dry-run
 * shape). New object, or NULL when the tool has none. */
json_t *tools__output_schema(const struct tools_def *t);
/* The annotations a tool's kind (and flags) imply. */
struct mcp_annotations tools__annotations(const struct tools_def *t);

struct tools__reg;
struct tools__ux;

/* One registered domain tool: the handler data of its mcp_tool. */
struct tools__entry {
    const struct tools_def *tool;
    struct tools__reg *reg;
};

struct tools__ranker;

/* Tree mode holds the domains used last, most recent first, within a
 * budget: at most TOOLS__HELD_MAX domains whose tool definitions take at
 * most TOOLS__HELD_BYTES as listed (the newest domain is always held,
 * whatever its size). */
#define TOOLS__HELD_MAX 4
#define TOOLS__HELD_BYTES 32768

/* What tools_register set up; lives until tools_cleanup (the server's
 * tools borrow its strings and entries). */
struct tools__reg {
    struct halo_client *hc;
    struct tools_options opts; /* domains/exclude_tools point at copies below */
    char *domains_copy, *exclude_copy;
    bool *allowed;             /* per domain of the catalogue */
    bool list_all;             /* flat: HALOPSA_DOMAINS lists every enabled tool, not the
                                  core set */
    size_t flat_unlisted;      /* flat: enabled tools the list leaves out (then halopsa_call
                                  is listed) */
    size_t *dom_bytes;         /* per domain: its registered tools' definitions, as listed */
    struct tools__entry *entries;
    size_t nentries;
    struct tools__ranker *ranker; /* every catalogue tool, in catalogue order */
    const struct tools_def **rank_tools; /* document i of ranker */
    char **strings; /* schemas and descriptions built at registration */
    size_t nstrings, capstrings;
    struct tools__ux *ux; /* prompts, resources, completions, the view (ux.c) */
    struct tools__reg *next;
};

/* Per-session navigation state (mcp_session_data). */
struct tools__nav {
    pthread_mutex_t mu;
    int held[TOOLS__HELD_MAX]; /* domain indexes, most recent first */
    size_t nheld;
};

/* Keeps s (new string, taken over) alive as long as reg; returns s. */
char *tools__reg_keep(struct tools__reg *reg, char *s);

/* Navigation (registry.c). A session without navigation state (a
 * stateless 2026-07-28 request) holds nothing and these do nothing. */
/* Holds the n domains doms in the session, doms[0] ending most recent;
 * older domains leave to keep within the budget. Sends list_changed (tree
 * mode) when the held set changed, and returns whether it did. */
bool tools__nav_use(struct tools__reg *reg, struct mcp_session *s, const int *doms, size_t n);
/* Leaves domain dom (-1: every domain). Returns whether that changed the
 * held set (then list_changed was sent in tree mode). */
bool tools__nav_leave(struct tools__reg *reg, struct mcp_session *s, int dom);
/* The held domains, most recent first, into out (TOOLS__HELD_MAX room);
 * returns how many. */
size_t tools__nav_held(struct mcp_session *s, int *out);
/* The most recently used held domain, or -1. */
int tools__nav_current(struct mcp_session *s);
/* Whether flat mode lists the registered tool t (the core set, or every
 * tool with HALOPSA_DOMAINS). */
bool tools__flat_lists(const struct tools__reg *reg, const struct tools_def *t);
/* The registered domain-tool entry called name, or NULL. */
struct tools__entry *tools__reg_entry(struct tools__reg *reg, const char *name);
/* Why the catalogue tool name is not callable here, as the end of "... is
 * unavailable because ": into why, returning true; false when it is
 * registered or no catalogue tool has that name. */
bool tools__unavailable(struct tools__reg *reg, const char *name, char *why, size_t len);

/* Whether a tool may ask for confirmation (catalog.c, the one rule): a
 * delete, a TOOLS_T_CONFIRM change, or an update (TOOLS_V_UPDATE,
 * TOOLS_V_SAVE) that could remove or replace data. Such a tool takes
 * "confirm" and says destructiveHint: true. */
bool tools__asks(const struct tools_def *t);
/* Of those, the ones that always ask (a delete, a TOOLS_T_CONFIRM change);
 * an update asks only when it would remove or replace data. */
bool tools__asks_always(const struct tools_def *t);
/* Before a delete (confirm.c): NULL to go ahead, else the result to return
 * instead (new reference). c->confirm: the model passed confirm:true. */
json_t *tools__confirm_delete(struct tools_call *c, json_t *args);
/* Before an update is sent (confirm.c, from tools__post): what in record
 * (one element of the POST, with its id) would remove or replace data the
 * existing record holds (a field cleared, a list replaced, long text
 * overwritten). 0 to go ahead (nothing of the kind, or the user
 * confirmed), or -1 with c->error saying what was not sent and why. */
int tools__confirm_update(struct tools_call *c, json_t *record);
/* What record (with an id) would remove or replace, one line each ("steps:
 * 5 items replaced by the 0 sent"): a new array, or NULL when nothing (or
 * when the record cannot be read: then c->error is set). */
json_t *tools__losses(struct tools_call *c, json_t *record);

/* The navigation tools (nav.c). */
int tools__register_nav(struct mcp_server *srv, struct tools__reg *reg, char *err, size_t errlen);

/* Prompts, resources and their subscriptions, completions and the MCP
 * Apps ticket view (ux.c), after the tools; freed with reg. */
int tools__register_ux(struct mcp_server *srv, struct tools__reg *reg, char *err, size_t errlen);
void tools__ux_free(struct tools__ux *ux);

/* Drops the name-resolution cache (names.c). */
void tools__names_cleanup(void);

#endif
