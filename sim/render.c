/* render.c - records as HaloPSA sends them: the engine that walks an
 * entity's field table (stored values win, then derivations, then the
 * defaults: flags, sentinel dates, empty strings, zeros), the derivations
 * every domain shares (names looked up from ids, HTML copies, decimals),
 * and custom fields. The field tables live in fields_*.c. */
#include "sim_int.h"

#include "base/base.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* ---- helpers ---- */

json_int_t sim__int(const json_t *rec, const char *k, json_int_t def)
{
    json_t *v = json_object_get(rec, k);
    if (json_is_integer(v))
        return json_integer_value(v);
    if (json_is_real(v))
        return (json_int_t)json_real_value(v);
    if (json_is_string(v)) {
        char *end;
        long long n = strtoll(json_string_value(v), &end, 10);
        if (end != json_string_value(v))
            return n;
    }
    return def;
}

const char *sim__str(const json_t *rec, const char *k)
{
    return json_string_value(json_object_get(rec, k));
}

json_t *sim__lookup(struct sim_db *db, const char *table, json_int_t id)
{
    if (!db || id <= 0)
        return NULL;
    return sim__db_get(db, table, id);
}

json_t *sim__name_of(struct sim_db *db, const char *table, json_int_t id, const char *field)
{
    json_t *r = sim__lookup(db, table, id);
    const char *s = r ? sim__str(r, field) : NULL;
    return json_string(s ? s : "");
}

json_t *sim__html_of(const char *text)
{
    struct buf b = {0};
    buf_appends(&b, "<p>");
    for (const char *s = text ? text : ""; *s; s++) {
        switch (*s) {
        case '<': buf_appends(&b, "&lt;"); break;
        case '>': buf_appends(&b, "&gt;"); break;
        case '&': buf_appends(&b, "&amp;"); break;
        case '"': buf_appends(&b, "&quot;"); break;
        case '\n': buf_appends(&b, "<br>"); break;
        default: buf_append(&b, s, 1);
        }
    }
    buf_appends(&b, "</p>");
    char *h = buf_steal(&b);
    json_t *v = json_string(h);
    free(h);
    return v;
}

char *sim__text_of_html(const char *h)
{
    struct buf b = {0};
    bool tag = false;
    buf_appends(&b, "");
    for (; h && *h; h++) {
        if (*h == '<')
            tag = true;
        else if (*h == '>')
            tag = false;
        else if (!tag)
            buf_append(&b, h, 1);
    }
    return buf_steal(&b);
}

bool sim__qflag(const json_t *query, const char *k)
{
    json_t *v = json_object_get(query, k);
    if (json_is_array(v))
        v = json_array_get(v, 0);
    if (json_is_true(v))
        return true;
    const char *s = json_string_value(v);
    return s && (strcasecmp(s, "true") == 0 || strcmp(s, "1") == 0);
}

/* ---- derivations shared by the field tables ---- */

json_t *sim__d_name(const struct rctx *c, const struct sim_field *f)
{
    return sim__name_of(c->db, f->a, sim__int(c->stored, f->b, -1), f->c ? f->c : "name");
}

json_t *sim__d_copy(const struct rctx *c, const struct sim_field *f)
{
    const char *s = sim__str(c->stored, f->a);
    if (!s && f->b)
        s = sim__str(c->stored, f->b);
    return json_string(s ? s : (f->c ? f->c : ""));
}

json_t *sim__d_html(const struct rctx *c, const struct sim_field *f)
{
    const char *s = sim__str(c->stored, f->a);
    if (!s && f->b)
        s = sim__str(c->stored, f->b);
    return sim__html_of(s);
}

json_t *sim__d_real(const struct rctx *c, const struct sim_field *f)
{
    return json_real((double)sim__int(c->stored, f->a, -1));
}

json_t *sim__d_date(const struct rctx *c, const struct sim_field *f)
{
    const char *s = sim__str(c->stored, f->a);
    if (!s && f->b)
        s = sim__str(c->stored, f->b);
    return json_string(s ? s : SIM_DATE_UNSET);
}

json_t *sim__d_id(const struct rctx *c, const struct sim_field *f)
{
    (void)f;
    return json_integer(sim__int(c->stored, "id", 0));
}

json_t *sim__d_lines(const struct rctx *c, const struct sim_field *f)
{
    /* Lines come with includelines on lists, always with a get. */
    if (!c->detail && !(c->query && json_object_get(c->query, "includelines")))
        return NULL;
    json_t *l = json_object_get(c->stored, f->a ? f->a : "lines");
    return l ? json_deep_copy(l) : json_array();
}

/* ---- custom fields ---- */

void sim__customfields(struct sim_db *db, json_t *out, int usage)
{
    /* Every custom field of the record's table appears, empty when unset,
     * with its label and display value as Halo sends them. */
    json_t *have = json_object_get(out, "customfields");
    json_t *list = json_array();
    json_t *defs = db ? sim__db_all(db, "FieldInfo") : NULL;
    size_t i, j;
    json_t *d, *h;
    json_array_foreach(defs, i, d) {
        if (sim__int(d, "usage", 0) != usage)
            continue;
        json_t *cf = json_object();
        json_int_t id = sim__int(d, "id", 0);
        json_t *val = NULL;
        json_array_foreach(have, j, h) {
            if (sim__int(h, "id", -1) == id)
                val = json_object_get(h, "value");
        }
        json_object_set_new(cf, "id", json_integer(id));
        json_object_set_new(cf, "name", json_string(sim__str(d, "name") ? sim__str(d, "name") : ""));
        json_object_set_new(cf, "label", json_string(sim__str(d, "label") ? sim__str(d, "label") : ""));
        json_object_set_new(cf, "type", json_integer(sim__int(d, "type", 0)));
        json_object_set_new(cf, "value", val ? json_deep_copy(val) : json_string(""));
        json_object_set_new(cf, "display",
                            json_string(json_is_string(val) ? json_string_value(val) : ""));
        json_object_set_new(cf, "characterlimit", json_integer(0));
        json_object_set_new(cf, "inputtype", json_integer(sim__int(d, "inputtype", 0)));
        json_object_set_new(cf, "copytochild", json_false());
        json_object_set_new(cf, "searchable",
                            json_boolean(json_is_true(json_object_get(d, "searchable"))));
        json_object_set_new(cf, "extratype", json_integer(0));
        json_array_append_new(list, cf);
    }
    /* Values for fields with no definition stay as sent. */
    json_array_foreach(have, j, h) {
        bool known = false;
        json_array_foreach(list, i, d) {
            if (sim__int(d, "id", -2) == sim__int(h, "id", -1))
                known = true;
        }
        if (!known)
            json_array_append(list, h);
    }
    json_object_set_new(out, "customfields", list);
}

/* ---- the engine ---- */

static json_t *value_of(const struct sim_field *f)
{
    switch (f->t) {
    case 'i': return json_integer(f->def ? atoll(f->def) : 0);
    case 'r': return json_real(f->def ? atof(f->def) : 0.0);
    case 'b': return json_boolean(f->def && f->def[0] == '1');
    case 's': return json_string(f->def ? f->def : "");
    case 'd': return json_string(SIM_DATE_UNSET);
    case 'a': return json_array();
    case 'o': return json_object();
    default: return json_null();
    }
}

static const struct sim_field *field_in(const struct sim_field *fields, const char *k)
{
    for (const struct sim_field *f = fields; f && f->name; f++)
        if (strcmp(f->name, k) == 0)
            return f;
    return NULL;
}

static json_t *render_with(const struct rctx *c)
{
    json_t *out = json_object();
    for (const struct sim_field *f = c->e->fields; f->name; f++) {
        if (f->lvl > c->level || (f->flags & SIM_F_HIDDEN))
            continue;
        json_t *have = json_object_get(c->stored, f->name);
        json_t *v = NULL;
        if (f->fn && (f->flags & SIM_F_LIVE) && c->db) {
            /* Names follow the record they name, so renames show through;
             * a dangling id keeps whatever was stored. */
            v = f->fn(c, f);
            if (have && json_is_string(v) && json_string_length(v) == 0) {
                json_decref(v);
                v = json_deep_copy(have);
            }
        } else if (have)
            v = json_deep_copy(have);
        else if (f->fn)
            v = f->fn(c, f);
        else
            v = value_of(f);
        if (v)
            json_object_set_new(out, f->name, v);
    }
    /* Stored fields outside the table (custom additions) pass through. */
    const char *k;
    json_t *v;
    json_object_foreach((json_t *)c->stored, k, v) {
        if (!json_object_get(out, k) && !field_in(c->e->fields, k))
            json_object_set_new(out, k, json_deep_copy(v));
    }
    return out;
}

json_t *sim__render(struct sim_db *db, const char *entity, const json_t *stored, bool detail,
                    json_t *query)
{
    const struct sim_entity *e = sim__entity(entity);
    struct rctx c = {db, e, stored, detail, query, detail ? 1 : 0};
    json_t *out;
    if (!stored || !e)
        return stored ? json_deep_copy(stored) : json_object();
    if (detail && sim__qflag(query, "includedetails"))
        c.level = 2;
    out = e->fields ? render_with(&c) : json_deep_copy(stored);
    if (e->finish)
        e->finish(&c, out);
    return out;
}

const char *sim__wrapper_key(const char *entity)
{
    const struct sim_entity *e = entity ? sim__entity(entity) : NULL;
    return e ? e->key : NULL;
}

bool sim__known_field(const char *entity, const char *field)
{
    const struct sim_entity *e = sim__entity(entity);
    if (!e || !e->fields || field[0] == '_')
        return true;
    return field_in(e->fields, field) != NULL;
}
