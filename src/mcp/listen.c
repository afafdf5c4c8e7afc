/* listen.c - subscriptions/listen (2026-07-28): a request that stays open
 * and carries the change notifications its client opted in to. Its first
 * message is notifications/subscriptions/acknowledged with the granted
 * subset; every notification carries the listen request's id as
 * _meta["io.modelcontextprotocol/subscriptionId"]. It ends when the client
 * cancels it (notifications/cancelled on stdio, closing the stream on
 * HTTP: no response), or gracefully when the input ends or the server
 * stops (a result naming the subscription). */
#include "mcp_int.h"

#include "base/base.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct mcp__listener {
    struct mcp__listener *next;
    struct mcp_call *call;
    unsigned wants; /* MCP_CHANGES_* */
    json_t *uris;   /* resourceSubscriptions granted */
};

void mcp__listeners_init(struct mcp_server *srv) { pthread_mutex_init(&srv->listen_mu, NULL); }

void mcp__listeners_free(struct mcp_server *srv) { pthread_mutex_destroy(&srv->listen_mu); }

/* The granted subset of the filter (new) and the listener's wants. */
static json_t *grant(const struct mcp_server *srv, json_t *asked, struct mcp__listener *l)
{
    static const struct {
        const char *key;
        unsigned flag;
    } kinds[] = {{"toolsListChanged", MCP_CHANGES_TOOLS},
                 {"promptsListChanged", MCP_CHANGES_PROMPTS},
                 {"resourcesListChanged", MCP_CHANGES_RESOURCES}};
    json_t *granted = json_object();
    for (size_t i = 0; i < sizeof kinds / sizeof kinds[0]; i++) {
        bool has = kinds[i].flag == MCP_CHANGES_TOOLS     ? srv->ntools > 0
                   : kinds[i].flag == MCP_CHANGES_PROMPTS ? srv->nprompts > 0
                                                          : srv->nresources > 0;
        if (json_is_true(json_object_get(asked, kinds[i].key)) && has && (srv->changes & kinds[i].flag)) {
            l->wants |= kinds[i].flag;
            json_object_set_new(granted, kinds[i].key, json_true());
        }
    }
    json_t *uris = json_object_get(asked, "resourceSubscriptions");
    if (srv->nresources && !srv->no_subscriptions && json_is_array(uris)) {
        size_t i;
        json_t *u;
        l->uris = json_array();
        json_array_foreach(uris, i, u)
        {
            if (json_is_string(u) && mcp__match_resource(srv, json_string_value(u)))
                json_array_append(l->uris, u);
        }
        json_object_set(granted, "resourceSubscriptions", l->uris);
    }
    return granted;
}

static void unlink_listener(struct mcp_server *srv, struct mcp__listener *l)
{
    pthread_mutex_lock(&srv->listen_mu);
    struct mcp__listener **pp = &srv->listeners;
    while (*pp && *pp != l)
        pp = &(*pp)->next;
    if (*pp)
        *pp = l->next;
    pthread_mutex_unlock(&srv->listen_mu);
}

/* Sends method to l (srv->listen_mu held, so it cannot go away and the
 * acknowledgement is always first). extra is stolen (may be NULL). */
static void notify(struct mcp__listener *l, const char *method, json_t *extra)
{
    json_t *params = extra ? extra : json_object();
    json_object_set_new(params, "_meta", json_pack("{s:O}", MCP__META_SUBSCRIPTION, l->call->id));
    mcp__send_notification(l->call->s, l->call->id, method, params);
}

json_t *mcp__listen(struct mcp_call *call, json_t *params, struct mcp__err *err)
{
    struct mcp_server *srv = mcp_call_server(call);
    struct mcp_session *s = call->s;
    json_t *asked = json_object_get(params, "notifications");
    if (!json_is_object(asked)) {
        mcp__err_set(err, MCP__INVALID_PARAMS,
                     "Invalid params: notifications must be an object such as {\"toolsListChanged\": true}");
        return NULL;
    }
    struct mcp__listener *l = xcalloc(1, sizeof *l);
    l->call = call;
    json_t *granted = grant(srv, asked, l);
    pthread_mutex_lock(&srv->listen_mu);
    l->next = srv->listeners;
    srv->listeners = l;
    notify(l, "notifications/subscriptions/acknowledged", json_pack("{s:o}", "notifications", granted));
    pthread_mutex_unlock(&srv->listen_mu);

    pthread_mutex_lock(&s->lock);
    while (!atomic_load(&call->cancelled) && !atomic_load(&s->closing) && !atomic_load(&s->input_closed))
        pthread_cond_wait(&s->cond, &s->lock);
    pthread_mutex_unlock(&s->lock);
    unlink_listener(srv, l);
    json_decref(l->uris);
    free(l);
    /* a cancelled listen gets no response (run_call drops it) */
    return json_pack("{s:{s:O}}", "_meta", MCP__META_SUBSCRIPTION, call->id);
}

void mcp_server_list_changed(struct mcp_server *srv, const char *what)
{
    unsigned flag = strcmp(what, "tools") == 0     ? MCP_CHANGES_TOOLS
                    : strcmp(what, "prompts") == 0 ? MCP_CHANGES_PROMPTS
                                                   : MCP_CHANGES_RESOURCES;
    char method[64];
    snprintf(method, sizeof method, "notifications/%s/list_changed", what);
    pthread_mutex_lock(&srv->listen_mu);
    for (struct mcp__listener *l = srv->listeners; l; l = l->next)
        if (l->wants & flag)
            notify(l, method, NULL);
    pthread_mutex_unlock(&srv->listen_mu);
}

void mcp__listeners_uris(struct mcp_server *srv, json_t *set)
{
    pthread_mutex_lock(&srv->listen_mu);
    for (struct mcp__listener *l = srv->listeners; l; l = l->next) {
        size_t i;
        json_t *u;
        json_array_foreach(l->uris, i, u)
            json_object_set_new(set, json_string_value(u), json_true());
    }
    pthread_mutex_unlock(&srv->listen_mu);
}

void mcp__listeners_updated(struct mcp_server *srv, const char *uri)
{
    pthread_mutex_lock(&srv->listen_mu);
    for (struct mcp__listener *l = srv->listeners; l; l = l->next) {
        size_t i;
        json_t *u;
        json_array_foreach(l->uris, i, u)
        {
            if (strcmp(json_string_value(u), uri) == 0) {
                notify(l, "notifications/resources/updated", json_pack("{s:s}", "uri", uri));
                break;
            }
        }
    }
    pthread_mutex_unlock(&srv->listen_mu);
}
