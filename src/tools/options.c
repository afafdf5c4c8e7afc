/* options.c - tool modes and the environment settings of the decision tree
 * (HALOPSA_TOOL_MODE, HALOPSA_READ_ONLY, HALOPSA_DOMAINS,
 * HALOPSA_EXCLUDE_TOOLS, HALOPSA_RESOURCE_POLL_SECONDS, HALOPSA_TIMEZONE),
 * and the check of the allow- and deny-lists. */
#include "fw_int.h"

#include "base/base.h"

#include <ctype.h>
#include <errno.h>
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
    if ((v = env_value("HALOPSA_RESOURCE_POLL_SECONDS"))) {
        char *end;
        errno = 0;
        long n = strtol(v, &end, 10);
        if (end == v || *end || errno || n < 0 || n > TOOLS_POLL_MAX_S) {
            snprintf(err, errlen,
                     "HALOPSA_RESOURCE_POLL_SECONDS: '%s' is not a number of seconds from 0 "
                     "(off) to %d", v, TOOLS_POLL_MAX_S);
            return -1;
        }
        o->poll_s = (int)n;
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

/* ------------------------------------------------------------------ */
/* The allow- and deny-lists                                           */

bool tools__next_item(const char **p, const char **item, size_t *len)
{
    const char *s = *p;
    while (s && (*s == ',' || isspace((unsigned char)*s)))
        s++;
    if (!s || !*s)
        return false;
    const char *end = s;
    while (*end && *end != ',')
        end++;
    const char *e = end;
    while (e > s && isspace((unsigned char)e[-1]))
        e--;
    *item = s;
    *len = (size_t)(e - s);
    *p = end;
    return true;
}

bool tools_list_has(const char *list, const char *name)
{
    size_t n = strlen(name), len;
    const char *item;
    while (tools__next_item(&list, &item, &len)) {
        if (len == n && strncasecmp(item, name, n) == 0)
            return true;
    }
    return false;
}

#define NAME_MAX_LEN 128
#define NEAREST 3
#define TOOL_PREFIX "halopsa_"

/* Edit distance between a and b (case-insensitive), at most NAME_MAX_LEN
 * characters of each. */
static size_t distance(const char *a, const char *b)
{
    size_t n = strnlen(a, NAME_MAX_LEN), m = strnlen(b, NAME_MAX_LEN);
    size_t row[NAME_MAX_LEN + 1];
    for (size_t j = 0; j <= m; j++)
        row[j] = j;
    for (size_t i = 1; i <= n; i++) {
        size_t diag = row[0];
        row[0] = i;
        for (size_t j = 1; j <= m; j++) {
            size_t up = row[j];
            size_t sub = diag + (tolower((unsigned char)a[i - 1]) !=
                                 tolower((unsigned char)b[j - 1]));
            size_t best = up + 1 < row[j - 1] + 1 ? up + 1 : row[j - 1] + 1;
            row[j] = sub < best ? sub : best;
            diag = up;
        }
    }
    return row[m];
}

/* Appends to b the tool names nearest to item (a typo, the prefix left
 * out, a tool of another version), or nothing when none is near. */
static void nearest_tools(struct buf *b, const char *item)
{
    const struct tools__catalogue *cat = tools__catalogue();
    const struct tools_def *best[NEAREST] = {0};
    size_t dist[NEAREST];
    size_t limit = strlen(item) / 3 + 2;
    for (size_t d = 0; d < cat->ndoms; d++) {
        for (size_t i = 0; i < cat->doms[d].ntools; i++) {
            const struct tools_def *t = &cat->doms[d].tools[i];
            size_t dd = distance(item, t->name);
            if (strncasecmp(item, TOOL_PREFIX, strlen(TOOL_PREFIX)) != 0) {
                size_t bare = distance(item, t->name + strlen(TOOL_PREFIX));
                dd = bare < dd ? bare : dd;
            }
            if (dd > limit)
                continue;
            /* Insert in order; ties keep table order. */
            for (size_t k = 0; k < NEAREST; k++) {
                if (!best[k] || dd < dist[k]) {
                    for (size_t s = NEAREST - 1; s > k; s--) {
                        best[s] = best[s - 1];
                        dist[s] = dist[s - 1];
                    }
                    best[k] = t;
                    dist[k] = dd;
                    break;
                }
            }
        }
    }
    for (size_t k = 0; k < NEAREST && best[k]; k++)
        buf_printf(b, "%s%s", k ? ", " : "nearest: ", best[k]->name);
}

/* The tool called name, case-insensitively (tools_list_has's rule). */
static bool is_tool(const char *name)
{
    const struct tools__catalogue *cat = tools__catalogue();
    for (size_t d = 0; d < cat->ndoms; d++) {
        for (size_t i = 0; i < cat->doms[d].ntools; i++) {
            if (strcasecmp(cat->doms[d].tools[i].name, name) == 0)
                return true;
        }
    }
    return false;
}

int tools_check_options(const struct tools_options *o, char *err, size_t errlen, char *warn,
                        size_t warnlen)
{
    const struct tools__catalogue *cat = tools__catalogue();
    const char *dfrom = o->domains_from ? o->domains_from : "HALOPSA_DOMAINS";
    const char *xfrom = o->exclude_from ? o->exclude_from : "HALOPSA_EXCLUDE_TOOLS";
    const char *p, *start;
    size_t len;
    bool any = false;
    struct buf w = {0};
    int rc = -1;
    if (warn && warnlen)
        warn[0] = '\0';
    for (p = o->domains; tools__next_item(&p, &start, &len);) {
        char *item = xstrndup(start, len);
        bool known = strcasecmp(item, "all") == 0 || tools__find_domain(item) >= 0;
        if (!known) {
            struct buf names = {0};
            for (size_t k = 0; k < cat->ndoms; k++)
                buf_printf(&names, "%s%s", k ? ", " : "", cat->doms[k].row->name);
            snprintf(err, errlen, "%s: unknown domain '%s' (domains: %s; or all)", dfrom, item,
                     names.data);
            buf_free(&names);
        }
        free(item);
        if (!known)
            goto out;
        any = true;
    }
    if (o->domains && !any) {
        snprintf(err, errlen, "%s: no domain given (leave it unset for all)", dfrom);
        goto out;
    }
    for (p = o->exclude_tools; tools__next_item(&p, &start, &len);) {
        char *item = xstrndup(start, len);
        if (!is_tool(item)) {
            struct buf near = {0};
            nearest_tools(&near, item);
            buf_printf(&w, "%s'%s' is not a tool (%s)", w.len ? "; " : "", item,
                       near.len ? near.data : "see 'halopsa-mcp tools'");
            buf_free(&near);
        }
        free(item);
    }
    if (w.len && warn && warnlen)
        snprintf(warn, warnlen, "%s: %s; ignored", xfrom, w.data);
    rc = 0;
out:
    buf_free(&w);
    return rc;
}
