/* complete.c - completion/complete for the prompts' arguments (client,
 * agent and team names from the shared name cache, ticket ids, date
 * ranges, tones) and the resource templates' {id} (ticket, client and
 * knowledge base article ids). A failed look-up completes nothing. */
#include "ux_int.h"

#include "base/base.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define MAX_VALUES 20

enum what { W_NONE, W_CLIENT, W_AGENT, W_TEAM, W_TICKET, W_PERIOD, W_TONE, W_CLIENT_ID, W_KB_ID };

/* What the argument of a prompt (or the variable of a template) holds. */
static enum what what_of(json_t *ref, const char *arg)
{
    const char *type = json_string_value(json_object_get(ref, "type"));
    if (type && strcmp(type, "ref/resource") == 0) {
        const char *uri = json_string_value(json_object_get(ref, "uri"));
        if (!uri || strcmp(arg, "id") != 0)
            return W_NONE;
        if (strcmp(uri, "halopsa://tickets/{id}") == 0)
            return W_TICKET;
        if (strcmp(uri, "halopsa://clients/{id}") == 0)
            return W_CLIENT_ID;
        if (strcmp(uri, "halopsa://kb/{id}") == 0)
            return W_KB_ID;
        return W_NONE;
    }
    static const struct {
        const char *arg;
        enum what w;
    } args[] = {{"client", W_CLIENT}, {"agent", W_AGENT},   {"team", W_TEAM}, {"ticket", W_TICKET},
                {"date", W_PERIOD},   {"period", W_PERIOD}, {"tone", W_TONE}};
    for (size_t i = 0; i < sizeof args / sizeof args[0]; i++)
        if (strcmp(args[i].arg, arg) == 0)
            return args[i].w;
    return W_NONE;
}

static bool all_digits(const char *s)
{
    if (!*s)
        return false;
    for (; *s; s++)
        if (!isdigit((unsigned char)*s))
            return false;
    return true;
}

/* Appends the decimal id of each row (under key id_key) that starts with
 * prefix ("" = any), once, up to MAX_VALUES. */
static void add_ids(json_t *values, json_t *rows, const char *id_key, const char *prefix)
{
    size_t i;
    json_t *r;
    json_array_foreach(rows, i, r) {
        json_t *v = json_object_get(r, id_key);
        if (!json_is_integer(v) || json_array_size(values) >= MAX_VALUES)
            continue;
        char id[24];
        snprintf(id, sizeof id, "%lld", (long long)json_integer_value(v));
        if (strncmp(id, prefix, strlen(prefix)) != 0)
            continue;
        bool seen = false;
        size_t j;
        json_t *x;
        json_array_foreach(values, j, x)
            seen |= strcmp(json_string_value(x), id) == 0;
        if (!seen)
            json_array_append_new(values, json_string(id));
    }
}

/* A GET of a paged list (query stolen): its rows (new) or NULL. */
static json_t *rows_of(struct tools_call *c, const char *path, const char *key, json_t *query)
{
    halo_page_query(query, 1, 50);
    json_t *resp = tools__get(c, path, query);
    json_decref(query);
    if (!resp)
        return NULL;
    json_t *rows = json_incref(tools__rows(resp, key, NULL));
    json_decref(resp);
    return rows;
}

/* Ticket ids: the recent open ones starting with the digits typed, or
 * the tickets HaloPSA finds for the text typed. */
static void ticket_ids(struct tools_call *c, json_t *values, const char *value)
{
    const char *v = *value == '#' ? value + 1 : value;
    bool digits = all_digits(v);
    if (*v) {
        json_t *hits = rows_of(c, "/api/Tickets", "tickets", json_pack("{s:s}", "search", v));
        add_ids(values, hits, "id", digits ? v : "");
        json_decref(hits);
    }
    if (!*v || digits) {
        json_t *recent = rows_of(c, "/api/Tickets", "tickets",
                                 json_pack("{s:b, s:s, s:b}", "open_only", 1, "order",
                                           "lastactiondate", "orderdesc", 1));
        add_ids(values, recent, "id", v);
        json_decref(recent);
    }
}

/* Names (or, for a template's {id}, ids) of a reference. */
static void names(struct tools_call *c, json_t *values, enum tools_ref ref, const char *value,
                  bool ids)
{
    bool digits = all_digits(value);
    json_t *m = tools__names_matching(c, ref, ids && digits ? "" : value, ids ? 100 : MAX_VALUES);
    size_t i;
    json_t *it;
    if (ids) {
        add_ids(values, m, "id", digits ? value : "");
    } else {
        json_array_foreach(m, i, it)
            json_array_append(values, json_object_get(it, "name"));
    }
    json_decref(m);
}

static void kb_ids(struct tools_call *c, json_t *values, const char *value)
{
    bool digits = all_digits(value);
    json_t *q = *value && !digits ? json_pack("{s:s}", "search", value) : json_object();
    json_t *rows = rows_of(c, "/api/KBArticle", "articles", q);
    add_ids(values, rows, "id", digits ? value : "");
    json_decref(rows);
}

/* Words that start with value, then today's date when a date is typed. */
static void words(json_t *values, const char *const *list, const char *value, bool dates)
{
    for (size_t i = 0; list[i]; i++)
        if (strncasecmp(list[i], value, strlen(value)) == 0)
            json_array_append_new(values, json_string(list[i]));
    char from[11], to[11];
    if (dates && isdigit((unsigned char)*value) && tools__ux_period("today", from, to) == 0) {
        char range[32];
        snprintf(range, sizeof range, "%s..%s", from, to);
        if (strncmp(from, value, strlen(value)) == 0)
            json_array_append_new(values, json_string(from));
        if (strncmp(range, value, strlen(value)) == 0 && strlen(value) > 10)
            json_array_append_new(values, json_string(range));
    }
}

static const struct tools_def complete_def = {.name = "completion/complete"};

json_t *tools__ux_complete(struct mcp_call *call, json_t *ref, json_t *argument, json_t *context,
                           void *data)
{
    static const char *const tones[] = {"friendly", "formal", "brief", NULL};
    struct tools__ux *ux = data;
    const char *arg = json_string_value(json_object_get(argument, "name"));
    const char *value = json_string_value(json_object_get(argument, "value"));
    enum what w = what_of(ref, arg ? arg : "");
    (void)context;
    if (w == W_NONE || !value)
        return NULL;
    json_t *values = json_array();
    struct tools_call c;
    tools__ux_begin(&c, ux, call, &complete_def);
    switch (w) {
    case W_CLIENT:
        names(&c, values, TOOLS_REF_CLIENT, value, false);
        break;
    case W_CLIENT_ID:
        names(&c, values, TOOLS_REF_CLIENT, value, true);
        break;
    case W_AGENT:
        names(&c, values, TOOLS_REF_AGENT, value, false);
        break;
    case W_TEAM:
        names(&c, values, TOOLS_REF_TEAM, value, false);
        break;
    case W_TICKET:
        ticket_ids(&c, values, value);
        break;
    case W_KB_ID:
        kb_ids(&c, values, value);
        break;
    case W_PERIOD:
        words(values, tools__ux_period_words, value, true);
        break;
    case W_TONE:
        words(values, tones, value, false);
        break;
    case W_NONE:
        break;
    }
    tools__ux_end(&c);
    return json_pack("{s:o, s:b}", "values", values, "hasMore", json_array_size(values) >= MAX_VALUES);
}
