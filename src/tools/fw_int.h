/* fw_int.h - internals of the framework half of the decision tree shared by
 * registry.c, nav.c, call.c and catalog.c: the registration state that
 * lives as long as the server, and the tool-table walk. Names: tools__x. */
#ifndef HALOPSA_TOOLS_FW_INT_H
#define HALOPSA_TOOLS_FW_INT_H

#include "tools_int.h"

#include <pthread.h>

#define TOOLS__NDOMAINS 14

/* Every domain in navigate order (borrowed table of static lifetime). */
extern const struct tools_domain *const tools__all_domains[TOOLS__NDOMAINS];

struct tools__reg;

/* One registered domain tool: the handler data of its mcp_tool. */
struct tools__entry {
    const struct tools_tool *tool;
    const struct tools_domain *dom;
    struct tools__reg *reg;
};

/* What tools_register set up; lives until tools_cleanup (the server's
 * tools borrow its strings and entries). */
struct tools__reg {
    struct halo_client *hc;
    struct tools_options opts; /* domains/exclude_tools point at copies below */
    char *domains_copy, *exclude_copy;
    bool allowed[TOOLS__NDOMAINS];
    struct tools__entry *entries;
    size_t nentries;
    char **strings; /* schemas and descriptions built at registration */
    size_t nstrings, capstrings;
    struct tools__reg *next;
};

/* Per-session navigation state (mcp_session_data). */
struct tools__nav {
    pthread_mutex_t mu;
    const struct tools_domain *current; /* NULL: at the top */
};

/* The tool's input schema as registered: the table's schema plus dry_run
 * (WRITE), confirm (DELETE) and max_rows (lists that page). New object, or
 * NULL when the table's text does not parse. */
json_t *tools__input_schema(const struct tools_tool *t);
/* The output schema as registered (WRITE tools also admit the dry-run
 * shape). New object, or NULL when the tool has none. */
json_t *tools__output_schema(const struct tools_tool *t);
/* The annotations a kind implies. */
struct mcp_annotations tools__annotations(enum tools_kind kind);
/* The domain that owns the tool called name, and the tool (borrowed), or
 * NULL. */
const struct tools_domain *tools__find(const char *name, const struct tools_tool **tool);
/* A domain by name (case-insensitive), or NULL. */
const struct tools_domain *tools__find_domain(const char *name);
/* Index of dom in tools__all_domains, or -1. */
int tools__domain_index(const struct tools_domain *dom);

/* Keeps s (new string, taken over) alive as long as reg; returns s. */
char *tools__reg_keep(struct tools__reg *reg, char *s);

/* Navigation (registry.c): moves the session to dom (NULL = top) and sends
 * list_changed when that changed the visible tools (tree mode only).
 * Returns whether it changed. */
bool tools__nav_set(struct tools__reg *reg, struct mcp_session *s, const struct tools_domain *dom);
/* Borrowed: the session's current domain, or NULL. */
const struct tools_domain *tools__nav_current(struct mcp_session *s);
/* The registered domain-tool entry called name, or NULL. */
struct tools__entry *tools__reg_entry(struct tools__reg *reg, const char *name);
/* Why name (a known domain tool) is not registered here: a static string,
 * or NULL when it is registered. */
const char *tools__unavailable(struct tools__reg *reg, const char *name);

/* The navigation tools (nav.c). */
int tools__register_nav(struct mcp_server *srv, struct tools__reg *reg, char *err, size_t errlen);

/* Drops the name-resolution cache (names.c). */
void tools__names_cleanup(void);

#endif
