/* tools.h - the HaloPSA decision tree: domains, their tools as declarative
 * tables, navigation (tree / flat / dispatch modes), read-only mode,
 * allow/deny lists, write safety and output shaping. Sits between the MCP
 * core (src/mcp) and the HaloPSA client (src/halo). Prefix: tools_. */
#ifndef HALOPSA_TOOLS_H
#define HALOPSA_TOOLS_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

struct mcp_server;
struct halo_client;

enum tools_mode { TOOLS_TREE = 0, TOOLS_FLAT, TOOLS_DISPATCH };

struct tools_options {
    enum tools_mode mode;
    bool read_only;            /* HALOPSA_READ_ONLY: write tools neither listed nor callable */
    const char *domains;       /* HALOPSA_DOMAINS: comma-separated allow-list, NULL = all */
    const char *exclude_tools; /* HALOPSA_EXCLUDE_TOOLS: comma-separated deny-list, NULL = none */
    bool demo;                 /* serving the embedded demo tenant (halopsa_status says so) */
    /* The setting each list came from, as messages name it ("--domains");
     * NULL: the variable (HALOPSA_DOMAINS, HALOPSA_EXCLUDE_TOOLS). */
    const char *domains_from, *exclude_from;
    int poll_s; /* HALOPSA_RESOURCE_POLL_SECONDS: re-read subscribed resources; 0 = off */
    const char *timezone;      /* HALOPSA_TIMEZONE: IANA zone times are shown in; NULL: the
                                  machine's own (TZ, /etc/localtime), else UTC */
};

/* The longest HALOPSA_RESOURCE_POLL_SECONDS (a day). */
#define TOOLS_POLL_MAX_S 86400

/* Parses "tree|flat|dispatch"; -1 on anything else. */
int tools_parse_mode(const char *s, enum tools_mode *mode);
const char *tools_mode_name(enum tools_mode mode); /* static string */

/* Fills o from HALOPSA_TOOL_MODE, HALOPSA_READ_ONLY, HALOPSA_DOMAINS,
 * HALOPSA_EXCLUDE_TOOLS, HALOPSA_RESOURCE_POLL_SECONDS and HALOPSA_TIMEZONE
 * (checked: a zone this machine knows). The strings point into the
 * environment (borrowed).
 * Returns 0, or -1 with a message naming the variable. */
int tools_options_from_env(struct tools_options *o, char *err, size_t errlen);

/* Checks the allow-list and deny-list of o against the tool table, as
 * tools_register does. Returns 0, or -1 with err naming the setting (an
 * unknown domain, an allow-list naming none). A deny-list item that names
 * no tool is ignored, not an error (a configuration written for another
 * version still starts): warn (may be NULL) gets one line naming each
 * such item and the nearest tool names, "" when there is none. */
int tools_check_options(const struct tools_options *o, char *err, size_t errlen, char *warn,
                        size_t warnlen);

/* Whether name is an item of a comma-separated list such as
 * HALOPSA_DOMAINS (case-insensitive, blanks around items ignored). */
bool tools_list_has(const char *list, const char *name);

/* Registers the navigation tools and every allowed domain tool on srv,
 * installs the visibility rule of the mode and the per-session navigation
 * state. hc is borrowed and must outlive srv. Returns 0, or -1 with err
 * (tools_check_options' errors; its warnings are the caller's to show). */
int tools_register(struct mcp_server *srv, struct halo_client *hc, const struct tools_options *o,
                   char *err, size_t errlen);

/* Opens the audit log named by HALOPSA_AUDIT_LOG ("stderr" or a file,
 * appended, created 0600) once per process, with HALOPSA_AUDIT_LEVEL
 * "writes" (default: creates, updates, deletes) or "all" (every domain
 * tool call); unset, there is no log. tools_register calls it; doctor may
 * too. 0, or -1 with a message naming the variable. */
int tools_audit_open(char *err, size_t errlen);

/* The catalogue: a new array of {domain, name, title, description,
 * arguments, inputSchema, outputSchema?, annotations, method, endpoint,
 * core} for every tool of every domain (ignoring options), in table order;
 * core: flat mode lists it by default (the core set); arguments
 * lists {name, type, required, needed, halopsa?, description?} (needed: a
 * new record needs it though an update does not), halopsa saying
 * where the argument goes at HaloPSA. Used to generate docs/tools.md and
 * the benchmark's reference server. */
json_t *tools_catalog(void);

/* The server's instructions: what the tools are for and how the modes
 * work, naming every domain of the table. New string. */
char *tools_instructions(void);

/* Frees what every tools_register call set up (schemas, navigation tables,
 * the name cache). Call once after the last mcp_server_free, before exit;
 * also run by an atexit handler, so calling it is optional. */
void tools_cleanup(void);

#endif
