/* options.c - tool modes and the environment settings of the decision tree
 * (HALOPSA_TOOL_MODE, HALOPSA_READ_ONLY, HALOPSA_DOMAINS,
 * HALOPSA_EXCLUDE_TOOLS, HALOPSA_TIMEZONE). */
#include "tools_int.h"

#include "base/base.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

int tools_parse_mode(const char *s, enum tools_mode *mode)
{
    if (!s)
        return -1;
    if (strcasecmp(s, "tree") == 0)
        *mode = TOOLS_TREE;
    else if (strcasecmp(s, "flat") == 0)
        *mode = TOOLS_FLAT;
    else if (strcasecmp(s, "dispatch") == 0)
        *mode = TOOLS_DISPATCH;
    else
        return -1;
    return 0;
}

const char *tools_mode_name(enum tools_mode mode)
{
    switch (mode) {
    case TOOLS_TREE:
        return "tree";
    case TOOLS_FLAT:
        return "flat";
    case TOOLS_DISPATCH:
        return "dispatch";
    }
    return "tree";
}

/* The one rule for "unset" values (base_env), as in halo_config_from_env. */
static const char *env_value(const char *name) { return base_env(name); }

/* 1 true, 0 false, -1 neither. */
static int parse_bool(const char *s)
{
    static const char *const yes[] = {"1", "true", "yes", "on"};
    static const char *const no[] = {"0", "false", "no", "off"};
    for (size_t i = 0; i < sizeof yes / sizeof yes[0]; i++) {
        if (strcasecmp(s, yes[i]) == 0)
            return 1;
        if (strcasecmp(s, no[i]) == 0)
            return 0;
    }
    return -1;
}

int tools_options_from_env(struct tools_options *o, char *err, size_t errlen)
{
    const char *v;
    memset(o, 0, sizeof *o);
    o->mode = TOOLS_TREE;
    if ((v = env_value("HALOPSA_TOOL_MODE")) && tools_parse_mode(v, &o->mode) != 0) {
        snprintf(err, errlen, "HALOPSA_TOOL_MODE: '%s' is not one of tree, flat, dispatch", v);
        return -1;
    }
    if ((v = env_value("HALOPSA_READ_ONLY"))) {
        int b = parse_bool(v);
        if (b < 0) {
            snprintf(err, errlen, "HALOPSA_READ_ONLY: '%s' is not a boolean (use true or false)",
                     v);
            return -1;
        }
        o->read_only = b == 1;
    }
    o->domains = env_value("HALOPSA_DOMAINS");
    o->exclude_tools = env_value("HALOPSA_EXCLUDE_TOOLS");
    o->timezone = env_value("HALOPSA_TIMEZONE");
    if (o->timezone) {
        char why[256];
        if (tools__tz_load(o->timezone, why, sizeof why) != 0) {
            snprintf(err, errlen, "HALOPSA_TIMEZONE: %s", why);
            return -1;
        }
    }
    return 0;
}
