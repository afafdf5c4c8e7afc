/* routes.c - the /api/<Entity> endpoints: list, get by id (and Agent/me),
 * upsert by POSTing an array, and delete, each under the store lock. */
#include "server_int.h"

#include "base/base.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

json_t *sim__halo_error(const char *msg)
{
    return json_pack("{s:s, s:s}", "ClassName", "HaloException", "Message", msg);
}

void sim__persist(struct sim *s)
{
    char err[512];
    if (!s->persist_path)
        return;
    if (sim__db_save(s->db, s->persist_path, err, sizeof err) != 0)
        log_error("halopsa-sim: %s", err);
}

static int fail(json_t **resp, int status, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static int fail(json_t **resp, int status, const char *fmt, ...)
{
    char msg[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    *resp = sim__halo_error(msg);
    return status;
}

/* ids arrive as strings ("130") or decimals (21.0): store integers. */
static void normalise_ids(json_t *rec)
{
    const char *k;
    json_t *v;
    json_object_foreach(rec, k, v)
    {
        size_t n = strlen(k);
        json_int_t id;
        bool idish = strcmp(k, "id") == 0 || (n > 3 && strcmp(k + n - 3, "_id") == 0);
        if (idish && !json_is_integer(v) && sim__as_int(v, &id))
            json_object_set_new(rec, k, json_integer(id));
    }
}

/* Body control flags (_validate_only, _novalidate, _isnew, ...) steer the
 * request; they are not stored. Returns whether this is a dry run. */
static bool strip_flags(json_t *rec)
{
    bool validate_only = json_is_true(json_object_get(rec, "_validate_only")) ||
                         json_is_true(json_object_get(rec, "_validateonly"));
    const char *k;
    json_t *v;
    void *tmp;
    json_object_foreach_safe(rec, tmp, k, v)
    {
        if (k[0] == '_' || strcmp(k, "isnew") == 0 || strcmp(k, "return_this") == 0 ||
            strcmp(k, "dont_do_rules") == 0)
            json_object_del(rec, k);
    }
    return validate_only;
}

/* Halo updates custom fields (and an asset's type fields) one by one: a
 * sent {id, value} changes that field and leaves the others. Merges the
 * sent array (borrowed) into rec's array under key. */
static void merge_fields(json_t *rec, const char *key, json_t *sent)
{
    json_t *have = json_object_get(rec, key);
    size_t i, j;
    json_t *f, *g;
    json_int_t id, gid;
    if (!json_is_array(have) || !json_is_array(sent)) {
        json_object_set(rec, key, sent);
        return;
    }
    have = json_deep_copy(have);
    json_array_foreach(sent, i, f) {
        bool found = false;
        if (json_is_object(f) && sim__as_int(json_object_get(f, "id"), &id)) {
            json_array_foreach(have, j, g) {
                if (sim__as_int(json_object_get(g, "id"), &gid) && gid == id) {
                    json_object_update(g, f);
                    found = true;
                    break;
                }
            }
        }
        if (!found)
            json_array_append(have, f);
    }
    json_object_set_new(rec, key, have);
}

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

static bool parse_id(const char *seg, json_int_t *id)
{
    json_t *v = json_string(seg);
    bool ok = v && sim__as_int(v, id);
    json_decref(v);
    return ok;
}

static int get_one(struct sim *s, const char *entity, const char *idseg, json_t *query,
                   json_t **resp)
{
    json_int_t id = 0, tid;
    json_t *rec = NULL;
    int status = 200;
    pthread_rwlock_rdlock(&s->lock);
    if (strcasecmp(idseg, "me") == 0 && strcmp(entity, "Agent") == 0)
        rec = agent_me(s->db);
    else if (parse_id(idseg, &id))
        rec = sim__db_get(s->db, entity, id);
    if (rec && strcmp(entity, "Actions") == 0 && sim__q_int(query, "ticket_id", &tid)) {
        json_int_t have;
        if (!sim__as_int(json_object_get(rec, "ticket_id"), &have) || have != tid)
            rec = NULL;
    }
    if (!rec)
        status = fail(resp, 404, "No %s with id %s was found", entity, idseg);
    else
        *resp = sim__render(s->db, entity, rec, true, query);
    pthread_rwlock_unlock(&s->lock);
    return status;
}

static int list(struct sim *s, const char *entity, json_t *query, json_t **resp)
{
    char err[256];
    int status = 200;
    pthread_rwlock_rdlock(&s->lock);
    *resp = sim__list(s->db, entity, query, err, sizeof err);
    if (!*resp)
        status = fail(resp, 400, "%s", err);
    pthread_rwlock_unlock(&s->lock);
    return status;
}

struct undo {
    json_int_t id;
    json_t *old; /* NULL when the record was created */
};

static int upsert(struct sim *s, const char *entity, json_t *query, const char *body, size_t len,
                  json_t **resp)
{
    json_error_t je;
    json_t *in = body && len ? json_loadb(body, len, 0, &je) : NULL;
    json_t *saved = json_array();
    struct undo *undo = NULL;
    size_t nundo = 0, i;
    json_t *elem;
    bool dry = false;
    int status = 200;
    char err[512];

    if (!json_is_array(in)) {
        status = fail(resp, 400, "The request body must be a JSON array of %s records", entity);
        goto out;
    }
    if (json_array_size(in) == 0) {
        status = fail(resp, 400, "The request body is an empty array");
        goto out;
    }
    undo = xcalloc(json_array_size(in), sizeof *undo);
    pthread_rwlock_wrlock(&s->lock);
    json_array_foreach(in, i, elem)
    {
        json_int_t id = 0;
        bool is_new;
        json_t *rec;
        if (!json_is_object(elem)) {
            status = fail(resp, 400, "[%zu] must be an object", i);
            break;
        }
        json_t *sent = json_deep_copy(elem);
        normalise_ids(sent);
        if (strip_flags(sent))
            dry = true;
        json_t *idv = json_object_get(sent, "id");
        if (idv && !json_is_null(idv) && !sim__as_int(idv, &id)) {
            json_decref(sent);
            status = fail(resp, 400, "[%zu].id is not a valid id", i);
            break;
        }
        is_new = id <= 0;
        if (is_new) {
            rec = sent;
            json_object_set_new(rec, "id", json_integer(0));
        } else {
            json_t *stored = sim__db_get(s->db, entity, id);
            if (!stored) {
                /* Halo behaviour for an unknown id is unrecorded; a 404 is
                 * our choice (creating would hide client bugs). */
                json_decref(sent);
                status = fail(resp, 404, "No %s with id %lld was found", entity, (long long)id);
                break;
            }
            rec = json_deep_copy(stored);
            json_t *cf = json_incref(json_object_get(sent, "customfields"));
            json_t *af = json_incref(json_object_get(sent, "fields"));
            json_object_del(sent, "customfields");
            json_object_del(sent, "fields");
            json_object_update(rec, sent);
            if (cf)
                merge_fields(rec, "customfields", cf);
            if (af)
                merge_fields(rec, "fields", af);
            json_decref(cf);
            json_decref(af);
            json_decref(sent);
        }
        if (sim__complete(s->db, entity, rec, is_new, err, sizeof err) != 0) {
            json_decref(rec);
            status = fail(resp, 400, "%s", err[0] ? err : "Validation failed");
            break;
        }
        if (is_new)
            json_object_set_new(rec, "id", json_integer(dry ? 0 : sim__db_next_id(s->db, entity)));
        if (!dry) {
            json_t *old = sim__db_get(s->db, entity, id);
            undo[nundo].id = json_integer_value(json_object_get(rec, "id"));
            undo[nundo].old = old ? json_incref(old) : NULL;
            nundo++;
            sim__db_put(s->db, entity, json_incref(rec));
        }
        json_array_append_new(saved, rec);
    }
    if (status != 200) {
        /* All or nothing: put back what this request changed. */
        while (nundo--) {
            if (undo[nundo].old)
                sim__db_put(s->db, entity, undo[nundo].old);
            else
                json_decref(sim__db_remove(s->db, entity, undo[nundo].id));
        }
    } else {
        json_t *rendered = json_array();
        json_array_foreach(saved, i, elem)
            json_array_append_new(rendered, sim__render(s->db, entity, elem, true, query));
        if (json_array_size(rendered) == 1) {
            *resp = json_incref(json_array_get(rendered, 0));
            json_decref(rendered);
        } else {
            *resp = rendered;
        }
        for (i = 0; i < nundo; i++)
            json_decref(undo[i].old);
        if (!dry)
            sim__persist(s);
    }
    pthread_rwlock_unlock(&s->lock);
out:
    free(undo);
    json_decref(saved);
    json_decref(in);
    return status;
}

static int delete_one(struct sim *s, const char *entity, const char *idseg, json_t *query,
                      json_t **resp)
{
    json_int_t id, tid = 0, have;
    bool is_action = strcmp(entity, "Actions") == 0;
    int status = 200;
    if (!parse_id(idseg, &id))
        return fail(resp, 404, "No %s with id %s was found", entity, idseg);
    if (is_action && !sim__q_int(query, "ticket_id", &tid))
        return fail(resp, 400, "ticket_id is required to delete an action");
    pthread_rwlock_wrlock(&s->lock);
    json_t *rec = sim__db_get(s->db, entity, id);
    if (rec && is_action &&
        (!sim__as_int(json_object_get(rec, "ticket_id"), &have) || have != tid)) {
        status =
            fail(resp, 404, "Action %lld is not on ticket %lld", (long long)id, (long long)tid);
        goto out;
    }
    if (!rec) {
        status = fail(resp, 404, "No %s with id %s was found", entity, idseg);
        goto out;
    }
    json_t *gone = sim__db_remove(s->db, entity, id);
    *resp = sim__render(s->db, entity, gone, false, query);
    json_decref(gone);
    if (strcmp(entity, "Tickets") == 0) {
        /* A deleted ticket takes its actions with it. */
        json_t *acts = sim__db_all(s->db, "Actions");
        for (size_t i = json_array_size(acts); i-- > 0;) {
            if (sim__as_int(json_object_get(json_array_get(acts, i), "ticket_id"), &have) &&
                have == id)
                json_array_remove(acts, i);
        }
    }
    sim__persist(s);
out:
    pthread_rwlock_unlock(&s->lock);
    return status;
}

int sim__api(struct sim *s, const char *method, const char *rest, json_t *query, const char *body,
             size_t body_len, json_t **resp)
{
    char seg[128];
    const char *slash = strchr(rest, '/');
    size_t n = slash ? (size_t)(slash - rest) : strlen(rest);
    const char *idseg = slash ? slash + 1 : "";
    const char *entity;
    char idbuf[64];

    *resp = NULL;
    if (n >= sizeof seg)
        return fail(resp, 404, "No such resource");
    memcpy(seg, rest, n);
    seg[n] = '\0';
    snprintf(idbuf, sizeof idbuf, "%s", idseg);
    n = strlen(idbuf);
    while (n && idbuf[n - 1] == '/')
        idbuf[--n] = '\0';
    if (strchr(idbuf, '/'))
        return fail(resp, 404, "The simulator does not serve /api/%s", rest);
    entity = sim__entity_canon(seg);
    if (!entity)
        return fail(resp, 404, "No such resource: /api/%s", seg);
    if (strcmp(method, "GET") == 0)
        return idbuf[0] ? get_one(s, entity, idbuf, query, resp) : list(s, entity, query, resp);
    if (strcmp(entity, "WorkflowStep") == 0)
        return fail(resp, 405, "WorkflowStep is read-only");
    if (strcmp(method, "POST") == 0) {
        if (idbuf[0])
            return fail(resp, 404, "The simulator does not serve POST /api/%s", rest);
        return upsert(s, entity, query, body, body_len, resp);
    }
    if (strcmp(method, "DELETE") == 0) {
        if (!idbuf[0])
            return fail(resp, 405, "DELETE needs an id: /api/%s/{id}", entity);
        return delete_one(s, entity, idbuf, query, resp);
    }
    return fail(resp, 405, "Method %s is not allowed", method);
}
