/* poll.c - resource subscriptions: HaloPSA sends no change notifications
 * an API client can receive, so with HALOPSA_RESOURCE_POLL_SECONDS set
 * the subscribed resources are re-read on a timer and
 * notifications/resources/updated goes out when one changed. Only what
 * some client subscribed to is read: every subscribed ticket in one list
 * request (ticketids), the others one request each, round robin, within a
 * tenth of the client's rate limit. Off by default: then the server does
 * not offer subscriptions at all. */
#include "ux_int.h"

#include "base/base.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define POLL_MAX_S 86400
#define BATCH 100
/* The share of HaloPSA's rate limit the poller may use. */
#define SHARE_PCT 10

struct tools__poll {
    json_t *seen;  /* uri -> fingerprint of what was read last ("gone": no record) */
    size_t cursor; /* round robin over what one request reads */
    int budget;    /* requests per tick */
};

int tools__ux_poll_config(struct tools__ux *ux, char *err, size_t errlen)
{
    const char *v = getenv("HALOPSA_RESOURCE_POLL_SECONDS");
    char *end;
    ux->poll_s = 0;
    while (v && (*v == ' ' || *v == '\t'))
        v++;
    if (!v || !*v || strncmp(v, "${", 2) == 0)
        return 0;
    errno = 0;
    long n = strtol(v, &end, 10);
    if (*end || errno || n < 0 || n > POLL_MAX_S) {
        snprintf(err, errlen,
                 "HALOPSA_RESOURCE_POLL_SECONDS: '%s' is not a number of seconds from 0 (off) to %d",
                 v, POLL_MAX_S);
        return -1;
    }
    ux->poll_s = (int)n;
    return 0;
}

/* A 64-bit FNV-1a digest of text, as hex. */
static void digest(const char *text, char out[17])
{
    uint64_t h = 1469598103934665603ULL;
    for (const unsigned char *p = (const unsigned char *)text; p && *p; p++) {
        h ^= *p;
        h *= 1099511628211ULL;
    }
    snprintf(out, 17, "%016llx", (unsigned long long)h);
}

static void fingerprint(json_t *v, char out[17])
{
    char *text = json_dumps(v, JSON_COMPACT | JSON_SORT_KEYS | JSON_ENCODE_ANY);
    digest(text, out);
    free(text);
}

/* What says a ticket changed: its row may also carry figures that move
 * with the clock (SLA time left), which are not a change. */
static const char *const ticket_marks[] = {
    "last_update", "lastactiondate", "status_id", "agent_id", "team_id", "priority_id",
    "summary", "dateclosed", "client_id", "tickettype_id", NULL,
};

/* Records what was read for uri (fp) and notifies its subscribers when it
 * differs from the last reading (the first reading only records). */
static void observe(struct tools__ux *ux, const char *uri, const char *fp)
{
    const char *prev = json_string_value(json_object_get(ux->poll->seen, uri));
    bool changed = prev && strcmp(prev, fp) != 0;
    json_object_set_new(ux->poll->seen, uri, json_string(fp));
    if (changed) {
        log_debug("resource changed: %s", uri);
        mcp_server_resource_updated(ux->srv, uri);
    }
}

/* Reads batch number b of the subscribed tickets (ids, borrowed array of
 * integers) with one list request. */
static void poll_tickets(struct tools__ux *ux, struct tools_call *c, json_t *ids, size_t b)
{
    json_t *batch = json_array();
    for (size_t i = b * BATCH; i < (b + 1) * BATCH && i < json_array_size(ids); i++)
        json_array_append(batch, json_array_get(ids, i));
    json_t *q = json_pack("{s:O}", "ticketids", batch);
    halo_page_query(q, 1, BATCH);
    json_t *resp = tools__get(c, "/api/Tickets", q);
    json_decref(q);
    if (resp) {
        json_t *rows = tools__rows(resp, "tickets", NULL);
        size_t i;
        json_t *id;
        json_array_foreach(batch, i, id) {
            char uri[64], fp[17] = "gone";
            snprintf(uri, sizeof uri, "halopsa://tickets/%lld", (long long)json_integer_value(id));
            size_t j;
            json_t *row;
            json_array_foreach(rows, j, row) {
                if (json_equal(json_object_get(row, "id"), id)) {
                    json_t *marks = tools__row(row, ticket_marks);
                    fingerprint(marks, fp);
                    json_decref(marks);
                }
            }
            observe(ux, uri, fp);
        }
    } else {
        json_decref(tools__take_error(c)); /* try again next time */
    }
    json_decref(resp);
    json_decref(batch);
}

/* Reads one other resource (a client, an article, a reference list). */
static void poll_one(struct tools__ux *ux, struct tools_call *c, const char *uri)
{
    char *path = tools__ux_uri_path(uri);
    json_t *resp = path ? tools__get(c, path, NULL) : NULL;
    char fp[17] = "gone";
    if (resp)
        fingerprint(resp, fp);
    if (resp || c->failed_status == 404)
        observe(ux, uri, fp);
    json_decref(tools__take_error(c));
    json_decref(resp);
    free(path);
}

static bool stopping(void *ud)
{
    return mcp_server_stopping(ud);
}

static const struct tools_def poll_def = {.name = "resource poll"};

static void tick(struct mcp_server *srv, void *data)
{
    struct tools__ux *ux = data;
    struct tools__poll *pl = ux->poll;
    json_t *uris = mcp_server_subscriptions(srv);
    json_t *tickets = json_array(), *others = json_array(), *live = json_object();
    struct tools_call c;
    size_t i;
    json_t *u;
    json_array_foreach(uris, i, u) {
        char kind[16];
        json_int_t id;
        const char *uri = json_string_value(u);
        if (!tools__ux_parse_uri(uri, kind, &id, NULL))
            continue; /* the view: it never changes */
        json_object_set_new(live, uri, json_true());
        if (strcmp(kind, "tickets") == 0)
            json_array_append_new(tickets, json_integer(id));
        else
            json_array_append(others, u);
    }
    /* Forget what nobody watches any more. */
    const char *k;
    json_t *v;
    void *tmp;
    json_object_foreach_safe(pl->seen, tmp, k, v) {
        if (!json_object_get(live, k))
            json_object_del(pl->seen, k);
    }
    tools__ux_begin(&c, ux, NULL, &poll_def);
    halo_set_cancel(stopping, srv);
    /* One request each: a batch of tickets, or another resource; round
     * robin, so a budget smaller than the work still reaches everything. */
    size_t batches = (json_array_size(tickets) + BATCH - 1) / BATCH;
    size_t units = batches + json_array_size(others);
    for (size_t j = 0; j < units && j < (size_t)pl->budget && !mcp_server_stopping(srv); j++) {
        size_t unit = pl->cursor++ % units;
        if (unit < batches)
            poll_tickets(ux, &c, tickets, unit);
        else
            poll_one(ux, &c, json_string_value(json_array_get(others, unit - batches)));
    }
    halo_set_cancel(NULL, NULL);
    tools__ux_end(&c);
    json_decref(live);
    json_decref(tickets);
    json_decref(others);
    json_decref(uris);
}

void tools__ux_poll_start(struct tools__ux *ux)
{
    mcp_server_allow_subscriptions(ux->srv, ux->poll_s > 0);
    if (ux->poll_s <= 0)
        return;
    const struct halo_config *cfg = halo_client_config(ux->reg->hc);
    int limit = cfg && cfg->rate_limit > 0 ? cfg->rate_limit : 500;
    int window = cfg && cfg->rate_window_s > 0 ? cfg->rate_window_s : 180;
    long budget = (long)limit * ux->poll_s * SHARE_PCT / 100 / window;
    ux->poll = xcalloc(1, sizeof *ux->poll);
    ux->poll->seen = json_object();
    ux->poll->budget = budget < 1 ? 1 : budget > 1000 ? 1000 : (int)budget;
    log_info("resource subscriptions: re-reading what clients subscribe to every %d s (HaloPSA "
             "requests: at most %d each time)",
             ux->poll_s, ux->poll->budget);
    mcp_server_set_ticker(ux->srv, ux->poll_s * 1000, tick, ux);
}

void tools__ux_poll_free(struct tools__ux *ux)
{
    if (!ux->poll)
        return;
    json_decref(ux->poll->seen);
    free(ux->poll);
    ux->poll = NULL;
}
