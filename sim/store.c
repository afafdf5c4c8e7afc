/* store.c - the simulator's record store: one id-sorted array per table
 * (the tables are those the entity rows name), binary search by id,
 * sequential ids, derived tables rebuilt after a write, and atomic
 * persistence to a JSON file. */
#include "server_int.h"

#include "base/base.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

struct sim_db {
    json_t *tables;   /* table name -> array of records sorted by "id" */
    json_t *next_ids; /* table name -> next id to hand out */
    json_t *empty;    /* returned by sim__db_all for an unknown table */
    uint64_t gen;     /* changes with every write; unique across stores */
};

/* Generations come from one counter, so two stores never share one (a
 * cache keyed on the generation cannot confuse a reset store with the old). */
static uint64_t gen_source;

static void bump(struct sim_db *db)
{
    db->gen = __atomic_add_fetch(&gen_source, 1, __ATOMIC_RELAXED);
}

/* Whether table's rows are computed from another table (not stored). */
static bool derived(const char *table)
{
    const struct sim_entity *e = sim__entity(table);
    return e && (e->flags & SIM_DERIVED);
}

static json_int_t rec_id(const json_t *rec)
{
    json_int_t id = 0;
    if (!sim__as_int(json_object_get(rec, "id"), &id))
        return 0;
    return id;
}

static int cmp_rec(const void *a, const void *b)
{
    json_int_t x = rec_id(*(json_t *const *)a), y = rec_id(*(json_t *const *)b);
    return x < y ? -1 : x > y;
}

/* Returns a new array holding arr's records sorted by id (ids normalised to
 * JSON integers). */
static json_t *sorted_copy(json_t *arr)
{
    size_t n = json_array_size(arr);
    json_t **v = xcalloc(n ? n : 1, sizeof *v);
    json_t *out = json_array();
    bool sorted = true;
    for (size_t i = 0; i < n; i++) {
        v[i] = json_array_get(arr, i);
        json_int_t id;
        if (sim__as_int(json_object_get(v[i], "id"), &id) &&
            !json_is_integer(json_object_get(v[i], "id")))
            json_object_set_new(v[i], "id", json_integer(id));
        if (i && rec_id(v[i - 1]) > rec_id(v[i]))
            sorted = false;
    }
    if (!sorted)
        qsort(v, n, sizeof *v, cmp_rec);
    for (size_t i = 0; i < n; i++)
        json_array_append(out, v[i]);
    free(v);
    return out;
}

/* Position of id in arr (sorted), or where it would go; *found says which. */
static size_t find_pos(json_t *arr, json_int_t id, bool *found)
{
    size_t lo = 0, hi = json_array_size(arr);
    *found = false;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        json_int_t m = rec_id(json_array_get(arr, mid));
        if (m == id) {
            *found = true;
            return mid;
        }
        if (m < id)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

static struct sim_db *db_build(json_t *tables, json_t *next_ids)
{
    struct sim_db *db = xcalloc(1, sizeof *db);
    db->tables = json_object();
    db->next_ids = json_object();
    db->empty = json_array();
    bump(db);
    for (const struct sim_entity *e = sim__entities; e->name; e++) {
        const char *t = e->table;
        if (!t || json_object_get(db->tables, t))
            continue;
        if (e->flags & SIM_DERIVED) {
            json_object_set_new(db->tables, t, json_array());
            continue;
        }
        json_t *arr = json_object_get(tables, t);
        json_t *sorted = sorted_copy(json_is_array(arr) ? arr : db->empty);
        size_t n = json_array_size(sorted);
        json_int_t next = n ? rec_id(json_array_get(sorted, n - 1)) + 1 : 1;
        json_int_t saved;
        if (sim__as_int(json_object_get(next_ids, t), &saved) && saved > next)
            next = saved;
        json_object_set_new(db->tables, t, sorted);
        json_object_set_new(db->next_ids, t, json_integer(next < 1 ? 1 : next));
    }
    const char *k;
    json_t *v;
    json_object_foreach(db->tables, k, v) {
        (void)v;
        sim__derive_tables(db, k);
    }
    return db;
}

struct sim_db *sim__db_new(json_t *dataset)
{
    struct sim_db *db = db_build(dataset, NULL);
    json_decref(dataset);
    return db;
}

void sim__db_free(struct sim_db *db)
{
    if (!db)
        return;
    json_decref(db->tables);
    json_decref(db->next_ids);
    json_decref(db->empty);
    free(db);
}

uint64_t sim__db_generation(const struct sim_db *db)
{
    return db->gen;
}

/* The table's array: the name as given, else its canonical spelling. */
static json_t *table_of(struct sim_db *db, const char *table, const char **canon)
{
    json_t *arr = table ? json_object_get(db->tables, table) : NULL;
    const struct sim_entity *e;
    if (!arr && table && (e = sim__entity(table)) && e->table) {
        table = e->table;
        arr = json_object_get(db->tables, table);
    }
    if (canon)
        *canon = table;
    return arr;
}

json_t *sim__db_all(struct sim_db *db, const char *table)
{
    json_t *arr = table_of(db, table, NULL);
    return arr ? arr : db->empty;
}

void sim__db_set(struct sim_db *db, const char *table, json_t *rows)
{
    json_object_set_new(db->tables, table, rows);
    bump(db);
}

json_t *sim__db_get(struct sim_db *db, const char *table, json_int_t id)
{
    const char *e;
    json_t *arr = table_of(db, table, &e);
    bool found;
    size_t i;
    json_t *rec;
    if (!arr)
        return NULL;
    if (derived(e)) { /* rows in their source's order */
        json_array_foreach(arr, i, rec)
        {
            if (rec_id(rec) == id)
                return rec;
        }
        return NULL;
    }
    i = find_pos(arr, id, &found);
    return found ? json_array_get(arr, i) : NULL;
}

void sim__db_put(struct sim_db *db, const char *table, json_t *rec)
{
    const char *e;
    json_t *arr = table_of(db, table, &e);
    bool found;
    if (!arr || derived(e)) {
        json_decref(rec);
        return;
    }
    json_int_t id = rec_id(rec);
    json_object_set_new(rec, "id", json_integer(id));
    size_t i = find_pos(arr, id, &found);
    if (found)
        json_array_set_new(arr, i, rec);
    else
        json_array_insert_new(arr, i, rec);
    json_int_t next = json_integer_value(json_object_get(db->next_ids, e));
    if (id >= next)
        json_object_set_new(db->next_ids, e, json_integer(id + 1));
    bump(db);
    sim__derive_tables(db, e);
}

json_t *sim__db_remove(struct sim_db *db, const char *table, json_int_t id)
{
    const char *e;
    json_t *arr = table_of(db, table, &e);
    bool found;
    if (!arr || derived(e))
        return NULL;
    size_t i = find_pos(arr, id, &found);
    if (!found)
        return NULL;
    json_t *rec = json_incref(json_array_get(arr, i));
    json_array_remove(arr, i);
    bump(db);
    sim__derive_tables(db, e);
    return rec;
}

json_int_t sim__db_next_id(struct sim_db *db, const char *table)
{
    const char *e;
    table_of(db, table, &e);
    json_int_t next = json_integer_value(json_object_get(db->next_ids, e));
    if (next < 1)
        next = 1;
    json_object_set_new(db->next_ids, e, json_integer(next + 1));
    return next;
}

int sim__db_save(struct sim_db *db, const char *path, char *err, size_t errlen)
{
    int rc = -1;
    char *tmp = xasprintf("%s.tmp.%ld", path, (long)getpid());
    json_t *doc = json_object();
    json_t *tables = json_object();
    const char *k;
    json_t *v;
    json_object_foreach(db->tables, k, v)
    {
        if (!derived(k))
            json_object_set(tables, k, v);
    }
    json_object_set_new(doc, "format", json_string("halopsa-sim/1"));
    json_object_set(doc, "next_ids", db->next_ids);
    json_object_set_new(doc, "data", tables);
    if (json_dump_file(doc, tmp, JSON_COMPACT) != 0) {
        snprintf(err, errlen, "cannot write %s: %s", tmp, strerror(errno));
        unlink(tmp);
        goto out;
    }
    if (rename(tmp, path) != 0) {
        snprintf(err, errlen, "cannot rename %s to %s: %s", tmp, path, strerror(errno));
        unlink(tmp);
        goto out;
    }
    rc = 0;
out:
    json_decref(doc);
    free(tmp);
    return rc;
}

struct sim_db *sim__db_load(const char *path, char *err, size_t errlen)
{
    json_error_t je;
    json_t *doc = json_load_file(path, 0, &je);
    struct sim_db *db = NULL;
    if (!doc) {
        snprintf(err, errlen, "cannot load %s: %s (line %d)", path, je.text, je.line);
        return NULL;
    }
    json_t *data = json_object_get(doc, "data");
    if (!json_is_object(data)) {
        snprintf(err, errlen, "%s is not a halopsa-sim store (no \"data\" object)", path);
        goto out;
    }
    db = db_build(data, json_object_get(doc, "next_ids"));
out:
    json_decref(doc);
    return db;
}
