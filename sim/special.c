/* special.c - endpoints beyond list/get/upsert/delete that no field table
 * can say: GET /api/Agent/me, the ticket_id rules of /api/Actions, and the
 * global search GET /api/Search. */
#include "domains.h"
#include "server_int.h"

#include "base/base.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* Borrowed: the agent the API application acts as. */
static json_t *agent_me(struct sim_db *db)
{
    size_t i;
    json_t *a;
    json_array_foreach(sim__db_all(db, "Agent"), i, a)
    {
        const char *name = json_string_value(json_object_get(a, "name"));
        /* The API application's own agent ("API", or "API <something>"). */
        if (name && (strcasecmp(name, "API") == 0 || strncasecmp(name, "API ", 4) == 0))
            return a;
    }
    return sim__db_get(db, "Agent", 1);
}

/* GET /api/Agent/me [live] (HAPI-E2E). */
int sim__agent_route(struct sim_call *c)
{
    if (strcmp(c->method, "GET") != 0 || strcasecmp(c->sub, "me") != 0)
        return 0;
    pthread_rwlock_rdlock(&c->s->lock);
    json_t *me = agent_me(c->s->db);
    c->out->json = me ? sim__render(c->s->db, "Agent", me, true, c->query) : NULL;
    pthread_rwlock_unlock(&c->s->lock);
    return me ? 200 : sim__reply_error(c->out, 404, "No Agent with id me was found");
}

/* Actions are numbered within their ticket in Halo, hence ticket_id on a
 * get (optional: a mismatch is a 404) and on a delete (required: HAPI
 * Remove-HaloAction). */
int sim__actions_route(struct sim_call *c)
{
    json_int_t id, tid, have;
    bool get = strcmp(c->method, "GET") == 0, del = strcmp(c->method, "DELETE") == 0;
    int status = 0;
    if ((!get && !del) || !c->sub[0] || !sim__parse_id(c->sub, &id))
        return 0;
    if (!sim__q_int(c->query, "ticket_id", &tid)) {
        if (del)
            return sim__reply_error(c->out, 400, "ticket_id is required to delete an action");
        return 0;
    }
    pthread_rwlock_rdlock(&c->s->lock);
    json_t *rec = sim__db_get(c->s->db, "Actions", id);
    if (rec && (!sim__as_int(json_object_get(rec, "ticket_id"), &have) || have != tid))
        status = get ? sim__reply_error(c->out, 404, "No Actions with id %s was found", c->sub)
                     : sim__reply_error(c->out, 404, "Action %lld is not on ticket %lld",
                                        (long long)id, (long long)tid);
    pthread_rwlock_unlock(&c->s->lock);
    return status;
}

/* What the global search looks through: entity, the reply's key, and the
 * fields each hit shows (all from the rendered list row). */
static const struct {
    const char *entity, *key;
    const char *fields[5];
} searched[] = {
    {"Tickets", "tickets", {"id", "summary", "client_name", "status_name", NULL}},
    {"Client", "clients", {"id", "name", NULL}},
    {"Site", "sites", {"id", "name", "client_name", NULL}},
    {"Users", "users", {"id", "name", "emailaddress", "client_name", NULL}},
    {"Asset", "assets", {"id", "inventory_number", "key_field", "client_name", NULL}},
    {"KBArticle", "articles", {"id", "name", NULL}},
    {"Agent", "agents", {"id", "name", "email", NULL}},
    {"Supplier", "suppliers", {"id", "name", NULL}},
};

/* GET /api/Search?search=X&count_per_entity=N (SW; CK confirmed the path):
 * Halo's reply shape is not recorded anywhere; the simulator answers
 * {record_count, <key>:[{id, name-ish fields}], ...} per entity searched
 * (docs/simulator.md says why). */
int sim__search_route(struct sim_call *c)
{
    json_int_t per = 5;
    json_int_t total = 0;
    char err[256];
    if (strcmp(c->method, "GET") != 0)
        return sim__reply_error(c->out, 405, "Search is read-only");
    const char *q = sim__q_str(c->query, "search");
    if (!q || !*q)
        return sim__reply_error(c->out, 400, "search is required");
    if (!sim__q_int(c->query, "count_per_entity", &per) || per < 1)
        per = 5;
    if (per > 100)
        per = 100;
    char ps[32];
    snprintf(ps, sizeof ps, "%lld", (long long)per);
    json_t *lq = json_pack("{s:s, s:s, s:s, s:s}", "search", q, "pageinate", "true", "page_size",
                           ps, "count", ps);
    c->out->json = json_object();
    pthread_rwlock_rdlock(&c->s->lock);
    for (size_t i = 0; i < sizeof searched / sizeof searched[0]; i++) {
        json_t *list = sim__list(c->s->db, searched[i].entity, lq, err, sizeof err);
        json_t *rows = json_is_array(list) ? list : json_object_get(list, searched[i].key);
        json_t *hits = json_array(), *r;
        size_t k;
        json_array_foreach(rows, k, r) {
            if ((json_int_t)k >= per)
                break;
            json_t *hit = json_object();
            for (const char *const *f = searched[i].fields; *f; f++)
                if (json_object_get(r, *f))
                    json_object_set(hit, *f, json_object_get(r, *f));
            json_array_append_new(hits, hit);
        }
        total += (json_int_t)json_array_size(hits);
        json_object_set_new(c->out->json, searched[i].key, hits);
        json_decref(list);
    }
    pthread_rwlock_unlock(&c->s->lock);
    json_object_set_new(c->out->json, "record_count", json_integer(total));
    json_decref(lq);
    return 200;
}
