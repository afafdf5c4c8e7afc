/* store.c - the simulator's record store: one id-sorted array per entity,
 * binary search by id, sequential ids, derived workflow steps, and atomic
 * persistence to a JSON file. */
#include "server_int.h"

#include "base/base.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

static const char *const entities[] = {
    "Tickets", "Actions",   "Client",    "Site",        "Users",        "Agent",        "Team",
    "Asset",   "AssetType", "Invoice",   "Workflow",    "WorkflowStep", "TicketType",   "Status",
    "Outcome", "Priority",  "FieldInfo", "CustomTable", "Tabs",         "CustomButton", NULL,
};

const char *sim__entity_canon(const char *seg)
{
    for (size_t i = 0; seg && entities[i]; i++) {
        if (strcasecmp(seg, entities[i]) == 0)
            return entities[i];
    }
    return NULL;
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

void sim__db_derive(struct sim_db *db)
{
    json_t *steps = json_array();
    json_t *flows = json_object_get(db->tables, "Workflow");
    size_t i, j;
    json_t *flow, *step;
    json_array_foreach(flows, i, flow)
    {
        json_array_foreach(json_object_get(flow, "steps"), j, step)
        {
            json_t *row = json_deep_copy(step);
            if (!json_object_get(row, "flow_id"))
                json_object_set(row, "flow_id", json_object_get(flow, "id"));
            if (!json_object_get(row, "id") && json_object_get(row, "fdid"))
                json_object_set(row, "id", json_object_get(row, "fdid"));
            json_array_append_new(steps, row);
        }
    }
    json_object_set_new(db->tables, "WorkflowStep", steps);
}

static struct sim_db *db_build(json_t *tables, json_t *next_ids)
{
    struct sim_db *db = xcalloc(1, sizeof *db);
    db->tables = json_object();
    db->next_ids = json_object();
    db->empty = json_array();
    for (size_t i = 0; entities[i]; i++) {
        const char *e = entities[i];
        if (strcmp(e, "WorkflowStep") == 0)
            continue;
        json_t *arr = json_object_get(tables, e);
        json_t *sorted = sorted_copy(json_is_array(arr) ? arr : db->empty);
        size_t n = json_array_size(sorted);
        json_int_t next = n ? rec_id(json_array_get(sorted, n - 1)) + 1 : 1;
        json_int_t saved;
        if (sim__as_int(json_object_get(next_ids, e), &saved) && saved > next)
            next = saved;
        json_object_set_new(db->tables, e, sorted);
        json_object_set_new(db->next_ids, e, json_integer(next < 1 ? 1 : next));
    }
    sim__db_derive(db);
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

json_t *sim__db_all(struct sim_db *db, const char *entity)
{
    const char *e = sim__entity_canon(entity);
    json_t *arr = e ? json_object_get(db->tables, e) : NULL;
    return arr ? arr : db->empty;
}

json_t *sim__db_get(struct sim_db *db, const char *entity, json_int_t id)
{
    const char *e = sim__entity_canon(entity);
    json_t *arr = e ? json_object_get(db->tables, e) : NULL;
    bool found;
    size_t i;
    json_t *rec;
    if (!arr)
        return NULL;
    if (strcmp(e, "WorkflowStep") == 0) { /* derived rows, workflow order */
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

void sim__db_put(struct sim_db *db, const char *entity, json_t *rec)
{
    const char *e = sim__entity_canon(entity);
    json_t *arr = e ? json_object_get(db->tables, e) : NULL;
    bool found;
    if (!arr) {
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
    if (strcmp(e, "Workflow") == 0)
        sim__db_derive(db);
}

json_t *sim__db_remove(struct sim_db *db, const char *entity, json_int_t id)
{
    const char *e = sim__entity_canon(entity);
    json_t *arr = e ? json_object_get(db->tables, e) : NULL;
    bool found;
    if (!arr)
        return NULL;
    size_t i = find_pos(arr, id, &found);
    if (!found)
        return NULL;
    json_t *rec = json_incref(json_array_get(arr, i));
    json_array_remove(arr, i);
    if (strcmp(e, "Workflow") == 0)
        sim__db_derive(db);
    return rec;
}

json_int_t sim__db_next_id(struct sim_db *db, const char *entity)
{
    const char *e = sim__entity_canon(entity);
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
        if (strcmp(k, "WorkflowStep") != 0)
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
