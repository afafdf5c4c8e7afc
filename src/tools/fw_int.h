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

/* The input schema as registered (the tool's arguments, the framework's
 * included). New object. */
json_t *tools__input_schema(const struct tools_def *t);
/* The output schema as registered (WRITE tools also admit the dry-run
 * shape). New object, or NULL when the tool has none. */
json_t *tools__output_schema(const struct tools_def *t);
/* The annotations a kind implies. */
struct mcp_annotations tools__annotations(enum tools_kind kind);

struct tools__reg;

/* One registered domain tool: the handler data of its mcp_tool. */
struct tools__entry {
    const struct tools_def *tool;
    struct tools__reg *reg;
};

/* What tools_register set up; lives until tools_cleanup (the server's
 * tools borrow its strings and entries). */
struct tools__reg {
    struct halo_client *hc;
    struct tools_options opts; /* domains/exclude_tools point at copies below */
    char *domains_copy, *exclude_copy;
    bool *allowed;             /* per domain of the catalogue */
    struct tools__entry *entries;
    size_t nentries;
    char **strings; /* schemas and descriptions built at registration */
    size_t nstrings, capstrings;
    struct tools__reg *next;
};

/* Per-session navigation state (mcp_session_data). */
struct tools__nav {
    pthread_mutex_t mu;
    int current; /* domain index; -1: at the top */
};

/* Keeps s (new string, taken over) alive as long as reg; returns s. */
char *tools__reg_keep(struct tools__reg *reg, char *s);

/* Navigation (registry.c): moves the session to domain dom (-1 = top) and
 * sends list_changed when that changed the visible tools (tree mode only).
 * Returns whether it changed. */
bool tools__nav_set(struct tools__reg *reg, struct mcp_session *s, int dom);
/* The session's current domain index, or -1. */
int tools__nav_current(struct mcp_session *s);
/* The registered domain-tool entry called name, or NULL. */
struct tools__entry *tools__reg_entry(struct tools__reg *reg, const char *name);
/* Why name (a known domain tool) is not registered here: a static string,
 * or NULL when it is registered. */
const char *tools__unavailable(struct tools__reg *reg, const char *name);

/* Before a delete (confirm.c): NULL to go ahead, else the result to return
 * instead (new reference). confirm: the model passed confirm:true. */
json_t *tools__confirm_delete(struct tools_call *c, json_t *args, bool confirm);

/* The navigation tools (nav.c). */
int tools__register_nav(struct mcp_server *srv, struct tools__reg *reg, char *err, size_t errlen);

/* Drops the name-resolution cache (names.c). */
void tools__names_cleanup(void);

#endif
