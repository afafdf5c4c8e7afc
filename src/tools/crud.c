/* crud.c - the generic handler of each verb, driven by the tool's entity
 * and argument table: list (paged by HaloPSA or here, searched by HaloPSA
 * or here), get (a detail view), create / update / create-or-update (one
 * POST, needed fields and defaults from the table, an update checked
 * against the existing record first) and delete. */
#include "fw_int.h"

#include "base/base.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define DETAIL_MAX_TEXT 2000
#define SAVED_MAX_TEXT 500

/* Borrowed: the text of a result's first content item. */
static const char *result_text(json_t *r)
{
    const char *s = json_string_value(
        json_object_get(json_array_get(json_object_get(r, "content"), 0), "text"));
    return s ? s : "";
}

static bool blank(json_t *v)
{
    return !v || json_is_null(v) || (json_is_string(v) && !*json_string_value(v));
}

/* The query every verb sends: the parent key and, for a list, the filters
 * (everything the table does not keep local), plus the tool's fixed pairs
 * on a list or get. NULL with c->error. */
static json_t *query_of(struct tools_call *c, json_t *args)
{
    json_t *q = json_object();
    if (tools__put_all(c, args, q) != 0) {
        json_decref(q);
        return NULL;
    }
    for (size_t i = 0; (c->tool->verb & (TOOLS_V_LIST | TOOLS_V_GET)) && c->tool->query &&
                       c->tool->query[i];
         i++)
        tools__put_pair(q, c->tool->query[i]);
    return q;
}

static json_t *crud_list(struct tools_call *c, json_t *args)
{
    json_t *q = query_of(c, args);
    json_t *res = q ? tools__list(c, args, q) : NULL;
    json_decref(q);
    return res;
}

static json_t *crud_get(struct tools_call *c, json_t *args)
{
    const struct tools_entity *e = c->tool->entity;
    json_t *q = query_of(c, args), *rec = NULL;
    if (q)
        rec = tools__get_one(c, tools__arg_id(args, "id"), q);
    json_decref(q);
    if (!rec)
        return NULL;
    /* End-user text is marked when the result is rendered, even in the raw
     * record (full). */
    json_t *detail = tools__detail(rec, e->drop, DETAIL_MAX_TEXT, args);
    if (!json_is_true(json_object_get(args, "full")))
        tools__compact_customfields(detail);
    json_decref(rec);
    return tools__result(detail);
}

/* The first argument a new record needs that neither the arguments nor
 * record hold, or NULL. */
static const char *missing(const struct tools_def *t, json_t *args, json_t *record)
{
    for (size_t i = 0; i < t->nargs; i++) {
        const struct tools_arg *a = &t->args[i];
        if (!(a->flags & TOOLS_NEEDED))
            continue;
        if (blank(json_object_get(args, a->name)) &&
            blank(json_object_get(record, tools__param(a))) &&
            blank(json_object_get(record, a->name)))
            return a->name;
    }
    return NULL;
}

/* The table's defaults for what rec (modified) lacks; notes says which
 * were applied. */
static void apply_defaults(const struct tools_def *t, json_t *rec, struct buf *notes)
{
    for (size_t i = 0; i < t->nargs; i++) {
        const struct tools_arg *a = &t->args[i];
        if (!a->dflt || json_object_get(rec, tools__param(a)))
            continue;
        json_t *v = json_loads(a->dflt, JSON_DECODE_ANY, NULL);
        if (!v)
            continue;
        json_object_set_new(rec, tools__param(a), v);
        buf_printf(notes, "%s%s=%s", notes->len ? ", " : "", a->name, a->dflt);
    }
}

/* Before an update: the record must exist, or HaloPSA may save the POST
 * as a new one. 0, or -1 with c->error saying nothing was saved. */
static int check_exists(struct tools_call *c, json_t *args, json_int_t id)
{
    const struct tools_entity *e = c->tool->entity;
    if (tools__exists(c, id, args) == 0)
        return 0;
    json_t *err = tools__take_error(c);
    tools__fail(c, "Not saved: %s %lld cannot be updated: %s", e->noun, (long long)id,
                result_text(err));
    json_decref(err);
    return -1;
}

/* What the entity sends with every write (e->always) into rec (modified)
 * where rec lacks it. */
static void apply_always(const struct tools_entity *e, json_t *rec)
{
    json_t *always = e->always ? json_loads(e->always, 0, NULL) : NULL;
    const char *k;
    json_t *v;
    json_object_foreach(always, k, v) {
        if (!json_object_get(rec, k))
            json_object_set(rec, k, v);
    }
    json_decref(always);
}

/* The body record of a create or update (new), or NULL with c->error:
 * "record" below the named arguments, defaults under a new record, the
 * entity's write flags under both. */
static json_t *save_body(struct tools_call *c, json_t *args, json_int_t id, struct buf *notes)
{
    const struct tools_def *t = c->tool;
    const struct tools_entity *e = t->entity;
    json_t *extra = json_object_get(args, "record");
    json_t *rec = json_is_object(extra) ? json_deep_copy(extra) : json_object();
    if (id <= 0) {
        const char *lack = missing(t, args, rec);
        if (lack) {
            tools__fail(c, "argument '%s': required to create %s %s%s", lack, tools__article(e),
                        e->noun,
                        t->verb == TOOLS_V_SAVE ? " (or give 'id' to update an existing one)"
                                                : "");
            goto fail;
        }
    }
    if (tools__put_all(c, args, rec) != 0)
        goto fail;
    if (id <= 0) {
        apply_defaults(t, rec, notes);
        apply_always(e, rec);
        return rec;
    }
    bool has_parent = e->parent && json_object_get(rec, tools__param(e->parent));
    if (json_object_size(rec) == (has_parent ? 1u : 0u)) {
        tools__fail(c, "nothing to update: give at least one field of the %s", e->noun);
        goto fail;
    }
    apply_always(e, rec);
    json_object_set_new(rec, "id", json_integer(id));
    return rec;
fail:
    json_decref(rec);
    return NULL;
}

static json_t *saved_result(struct tools_call *c, json_t *reply, bool update, const char *notes)
{
    const struct tools_entity *e = c->tool->entity;
    json_t *saved = tools__saved_record(reply, e->key);
    json_int_t id = json_integer_value(json_object_get(saved, "id"));
    json_t *detail = saved ? tools__detail(saved, e->drop, SAVED_MAX_TEXT, NULL) : json_object();
    struct buf lead = {0};
    /* The record's name shows in the record below, marked when end users
     * write it. */
    buf_printf(&lead, "%s %s %lld.", update ? "Updated" : "Created", e->noun, (long long)id);
    if (*notes)
        buf_printf(&lead, " Defaults applied (pass them to change): %s.", notes);
    json_t *sc = json_pack("{s:s, s:I, s:o}", "result", update ? "updated" : "created", "id", id,
                           "record", detail);
    if (*notes)
        json_object_set_new(sc, "defaults_applied", json_string(notes));
    json_t *res = tools__result_lead(lead.data, sc);
    buf_free(&lead);
    return res;
}

static json_t *crud_save(struct tools_call *c, json_t *args)
{
    const struct tools_entity *e = c->tool->entity;
    json_int_t id = tools__arg_id(args, "id");
    bool update = id > 0;
    json_t *rec = NULL, *body = NULL, *reply = NULL, *res = NULL;
    struct buf notes = {0};
    buf_appends(&notes, "");
    if (e->parent && !json_is_integer(json_object_get(args, e->parent->name))) {
        tools__fail(c, "argument '%s': required to %s %s %s", e->parent->name,
                    update ? "update" : "create", tools__article(e), e->noun);
        goto out;
    }
    if (update && check_exists(c, args, id) != 0)
        goto out;
    if (!(rec = save_body(c, args, id, &notes)))
        goto out;
    body = json_pack("[O]", rec);
    if ((reply = tools__post(c, e->path, body)))
        res = saved_result(c, reply, update, notes.data);
out:
    buf_free(&notes);
    json_decref(reply);
    json_decref(body);
    json_decref(rec);
    return res;
}

static json_t *crud_delete(struct tools_call *c, json_t *args)
{
    const struct tools_entity *e = c->tool->entity;
    json_int_t id = tools__arg_id(args, "id");
    json_t *q = query_of(c, args), *reply = NULL, *res = NULL;
    char *path = tools__record_path(e, id);
    if (q && (reply = tools__delete(c, path, q))) {
        char *text = xasprintf("Deleted %s %lld.", e->noun, (long long)id);
        res = mcp_result_structured(json_pack("{s:b, s:I}", "deleted", 1, "id", id), text);
        free(text);
    }
    free(path);
    json_decref(reply);
    json_decref(q);
    return res;
}

tools_run_fn tools__generic_run(enum tools_verb verb)
{
    switch (verb) {
    case TOOLS_V_LIST: return crud_list;
    case TOOLS_V_GET: return crud_get;
    case TOOLS_V_CREATE:
    case TOOLS_V_UPDATE:
    case TOOLS_V_SAVE: return crud_save;
    case TOOLS_V_DELETE: return crud_delete;
    default: return NULL;
    }
}
