/* routes.c - the /api/<Entity> endpoints every row gets: list, get by id,
 * upsert by POSTing an array, and delete, each under the store lock; the
 * row's route hook answers its odd endpoints first (special.c and the
 * fields_*.c files). */
#include "domains.h"
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

int sim__reply_error(struct sim_out *out, int status, const char *fmt, ...)
{
    char msg[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    json_decref(out->json);
    out->json = sim__halo_error(msg);
    out->status = status;
    return status;
}

void sim__out_free(struct sim_out *out)
{
    json_decref(out->json);
    free(out->bytes);
    free(out->disposition);
    memset(out, 0, sizeof *out);
}

bool sim__parse_id(const char *seg, json_int_t *id)
{
    json_t *v = json_string(seg);
    bool ok = v && sim__as_int(v, id);
    json_decref(v);
    return ok;
}

/* The stored record of the call's entity with id (in its scope), or NULL. */
static json_t *record_of(struct sim_call *c, json_int_t id)
{
    json_t *rec = sim__db_get(c->s->db, c->e->table, id);
    if (rec && c->e->scope && !c->e->scope(c->s->db, rec))
        return NULL;
    return rec;
}

int sim__r_get(struct sim_call *c, const char *idseg)
{
    json_int_t id = 0;
    json_t *rec = NULL;
    int status = 200;
    pthread_rwlock_rdlock(&c->s->lock);
    if (sim__parse_id(idseg, &id))
        rec = record_of(c, id);
    if (!rec)
        status = sim__reply_error(c->out, 404, "No %s with id %s was found", c->e->name, idseg);
    else
        c->out->json = sim__render(c->s->db, c->e->name, rec, true, c->query);
    pthread_rwlock_unlock(&c->s->lock);
    return status;
}

int sim__r_list(struct sim_call *c)
{
    char err[256];
    int status = 200;
    pthread_rwlock_rdlock(&c->s->lock);
    c->out->json = sim__list(c->s->db, c->e->name, c->query, err, sizeof err);
    if (!c->out->json)
        status = sim__reply_error(c->out, 400, "%s", err);
    pthread_rwlock_unlock(&c->s->lock);
    return status;
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

/* The sent fields merged over the stored record (a new object). */
static json_t *merged(json_t *stored, json_t *sent)
{
    json_t *rec = json_deep_copy(stored);
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
    return rec;
}

struct undo {
    json_int_t id;
    json_t *old; /* NULL when the record was created */
    bool is_new;
};

/* Prepares element i of a POST: a new record (id 0) or the stored one with
 * the sent fields over it, completed. Returns it (new) with *is_new and
 * *dry set, or NULL after setting the error reply. */
static json_t *prepare(struct sim_call *c, size_t i, json_t *elem, bool *is_new, bool *dry)
{
    char err[512];
    json_int_t id = 0;
    json_t *rec;
    if (!json_is_object(elem)) {
        sim__reply_error(c->out, 400, "[%zu] must be an object", i);
        return NULL;
    }
    json_t *sent = json_deep_copy(elem);
    if (strip_flags(sent))
        *dry = true;
    json_t *idv = json_object_get(sent, "id");
    if (idv && !json_is_null(idv) && !sim__as_int(idv, &id)) {
        json_decref(sent);
        sim__reply_error(c->out, 400, "[%zu].id is not a valid id", i);
        return NULL;
    }
    if (id <= 0 && c->e->identify)
        id = c->e->identify(c->s->db, sent);
    *is_new = id <= 0;
    if (*is_new) {
        rec = sent;
        json_object_set_new(rec, "id", json_integer(0));
    } else {
        json_t *stored = record_of(c, id);
        if (!stored) {
            /* Halo's answer for an unknown id is unrecorded; a 404 is our
             * choice (creating would hide client bugs). */
            json_decref(sent);
            sim__reply_error(c->out, 404, "No %s with id %lld was found", c->e->name,
                             (long long)id);
            return NULL;
        }
        rec = merged(stored, sent);
        json_decref(sent);
    }
    if (sim__complete(c->s->db, c->e->name, rec, *is_new, err, sizeof err) != 0) {
        json_decref(rec);
        sim__reply_error(c->out, 400, "%s", err[0] ? err : "Validation failed");
        return NULL;
    }
    return rec;
}

/* The reply: the saved records rendered in detail, one object for one. */
static json_t *saved_reply(struct sim_call *c, json_t *saved)
{
    json_t *rendered = json_array(), *elem;
    size_t i;
    json_array_foreach(saved, i, elem)
        json_array_append_new(rendered, sim__render(c->s->db, c->e->name, elem, true, c->query));
    if (json_array_size(rendered) != 1)
        return rendered;
    json_t *one = json_incref(json_array_get(rendered, 0));
    json_decref(rendered);
    return one;
}

int sim__r_upsert(struct sim_call *c)
{
    json_error_t je;
    json_t *in = c->body && c->body_len ? json_loadb(c->body, c->body_len, 0, &je) : NULL;
    json_t *saved = json_array(), *elem;
    struct undo *undo = NULL;
    size_t nundo = 0, i;
    bool dry = false, failed = false;
    int status = 200;

    if (!json_is_array(in)) {
        status = sim__reply_error(c->out, 400, "The request body must be a JSON array of %s records",
                                  c->e->name);
        goto out;
    }
    if (json_array_size(in) == 0) {
        status = sim__reply_error(c->out, 400, "The request body is an empty array");
        goto out;
    }
    undo = xcalloc(json_array_size(in), sizeof *undo);
    pthread_rwlock_wrlock(&c->s->lock);
    json_array_foreach(in, i, elem) {
        bool is_new = false;
        json_t *rec = prepare(c, i, elem, &is_new, &dry);
        if (!rec) {
            failed = true;
            break;
        }
        if (is_new)
            json_object_set_new(rec, "id",
                                json_integer(dry ? 0 : sim__db_next_id(c->s->db, c->e->table)));
        if (!dry) {
            json_int_t id = json_integer_value(json_object_get(rec, "id"));
            json_t *old = sim__db_get(c->s->db, c->e->table, id);
            undo[nundo].id = id;
            undo[nundo].old = old ? json_incref(old) : NULL;
            undo[nundo].is_new = is_new;
            nundo++;
            sim__db_put(c->s->db, c->e->table, json_incref(rec));
        }
        json_array_append_new(saved, rec);
    }
    if (failed) {
        /* All or nothing: put back what this request changed. */
        status = c->out->status;
        while (nundo--) {
            if (undo[nundo].old)
                sim__db_put(c->s->db, c->e->table, undo[nundo].old);
            else
                json_decref(sim__db_remove(c->s->db, c->e->table, undo[nundo].id));
        }
    } else {
        /* What follows a save happens once every element passed. */
        for (i = 0; i < nundo && c->e->saved; i++)
            c->e->saved(c->s->db, sim__db_get(c->s->db, c->e->table, undo[i].id), undo[i].is_new);
        c->out->json = saved_reply(c, saved);
        c->out->applied = !dry;
        for (i = 0; i < nundo; i++)
            json_decref(undo[i].old);
        if (!dry)
            sim__persist(c->s);
    }
    pthread_rwlock_unlock(&c->s->lock);
out:
    free(undo);
    json_decref(saved);
    json_decref(in);
    return status;
}

int sim__r_delete(struct sim_call *c, const char *idseg)
{
    json_int_t id;
    int status = 200;
    if (!sim__parse_id(idseg, &id))
        return sim__reply_error(c->out, 404, "No %s with id %s was found", c->e->name, idseg);
    pthread_rwlock_wrlock(&c->s->lock);
    json_t *rec = record_of(c, id);
    if (!rec) {
        status = sim__reply_error(c->out, 404, "No %s with id %s was found", c->e->name, idseg);
    } else {
        json_t *gone = sim__db_remove(c->s->db, c->e->table, id);
        c->out->json = sim__render(c->s->db, c->e->name, gone, false, c->query);
        if (c->e->removed)
            c->e->removed(c->s->db, gone);
        json_decref(gone);
        c->out->applied = true;
        sim__persist(c->s);
    }
    pthread_rwlock_unlock(&c->s->lock);
    return status;
}

/* Splits "Entity/sub/" into seg (the entity) and sub (trailing slashes
 * dropped). false when either does not fit. */
static bool split_path(const char *rest, char *seg, size_t seglen, char *sub, size_t sublen)
{
    const char *slash = strchr(rest, '/');
    size_t n = slash ? (size_t)(slash - rest) : strlen(rest);
    if (n >= seglen || (slash && strlen(slash + 1) >= sublen))
        return false;
    memcpy(seg, rest, n);
    seg[n] = '\0';
    snprintf(sub, sublen, "%s", slash ? slash + 1 : "");
    n = strlen(sub);
    while (n && sub[n - 1] == '/')
        sub[--n] = '\0';
    return true;
}

int sim__api(struct sim *s, const char *method, const char *rest, json_t *query, const char *body,
             size_t body_len, struct sim_out *out)
{
    char seg[128], sub[256];
    struct sim_call c = {s, NULL, method, sub, query, body, body_len, out};
    int status;

    memset(out, 0, sizeof *out);
    if (!split_path(rest, seg, sizeof seg, sub, sizeof sub))
        return sim__reply_error(out, 404, "No such resource");
    c.e = sim__entity(seg);
    if (!c.e)
        return sim__reply_error(out, 404, "No such resource: /api/%s", seg);
    if (c.e->route && (status = c.e->route(&c)) != 0)
        return out->status = status;
    if (strchr(sub, '/'))
        return sim__reply_error(out, 404, "The simulator does not serve /api/%s", rest);
    if (strcmp(method, "GET") == 0)
        status = sub[0] ? sim__r_get(&c, sub) : sim__r_list(&c);
    else if (!c.e->table || (c.e->flags & SIM_READONLY))
        status = sim__reply_error(out, 405, "%s is read-only", c.e->name);
    else if (strcmp(method, "POST") == 0)
        status = sub[0] ? sim__reply_error(out, 404, "The simulator does not serve POST /api/%s",
                                           rest)
                        : sim__r_upsert(&c);
    else if (strcmp(method, "DELETE") == 0 && !(c.e->flags & SIM_NODELETE))
        status = sub[0] ? sim__r_delete(&c, sub)
                        : sim__reply_error(out, 405, "DELETE needs an id: /api/%s/{id}",
                                           c.e->name);
    else
        status = sim__reply_error(out, 405, "Method %s is not allowed", method);
    return out->status = status;
}
