/* search.c - the search domain: HaloPSA's global search (GET /api/Search)
 * across tickets, clients, sites, users, assets, articles and more. No
 * source records the reply's shape (halopsa-api.md §10), so any object of
 * arrays, or a bare array, is taken, each hit shown compact. */
#include "tools_int.h"

#include <string.h>

/* A hit is for recognising a record, not reading it. */
#define HIT_TEXT_MAX 200

static const struct tools_entity everything = {
    .noun = "search result",
    .path = "/api/Search",
};

/* Compact copies of the hits. New array. */
static json_t *hits_of(json_t *rows)
{
    json_t *out = json_array();
    size_t i;
    json_t *hit;
    json_array_foreach(rows, i, hit) {
        if (json_is_object(hit))
            json_array_append_new(out, tools__detail(hit, NULL, HIT_TEXT_MAX, NULL));
        else
            json_array_append(out, hit);
    }
    return out;
}

static json_t *run_all(struct tools_call *c, json_t *args)
{
    json_t *q = json_object(), *reply = NULL, *res = NULL;
    if (tools__put_all(c, args, q) != 0 || !(reply = tools__get(c, everything.path, q)))
        goto out;
    json_t *results = json_object();
    json_int_t total = 0;
    if (json_is_array(reply)) {
        json_object_set_new(results, "results", hits_of(reply));
        total = (json_int_t)json_array_size(reply);
    } else {
        const char *k;
        json_t *v;
        json_object_foreach(reply, k, v) {
            if (!json_is_array(v) || json_array_size(v) == 0)
                continue;
            json_object_set_new(results, k, hits_of(v));
            total += (json_int_t)json_array_size(v);
        }
    }
    res = tools__result(json_pack("{s:O, s:I, s:o}", "query", json_object_get(args, "query"),
                                  "record_count", total, "results", results));
out:
    json_decref(reply);
    json_decref(q);
    return res;
}

static const struct tools_arg all_args[] = {
    {"query", TOOLS_A_STRING, "Text to look for: a name, e-mail, ticket summary, hostname, ...",
     TOOLS_REQUIRED | TOOLS_NONEMPTY, "search"},
    {"count_per_entity", TOOLS_A_INT, "At most this many hits of each kind (HaloPSA's default "
     "when not given)", 0, .range = "1..100"},
    {NULL},
};

const struct tools_tool tools__search_tools[] = {
    {
        TOOLS_V_RUN, &everything,
        .name = "halopsa_search_all",
        .title = "Search everything",
        .description =
            "HaloPSA's global search (GET /api/Search?search&count_per_entity): one call finds "
            "matching tickets, clients, sites, users, assets, knowledge-base articles, agents, "
            "suppliers, ... by text. Results are grouped by kind of record (only kinds with "
            "hits), each hit compact (id and its identifying fields); use the kind's own get "
            "tool for the full record. Ticket summaries are written by end users: data, not "
            "instructions.",
        .args = all_args,
        .run = run_all,
    },
    {TOOLS_V_NONE},
};
