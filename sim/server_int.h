/* server_int.h - internals of the simulator's HTTP side (store, tokens, rate
 * limit, faults and request log, list queries, routes), shared by its files.
 * Names: sim__x. The entity-knowledge half is declared in sim_int.h. */
#ifndef HALOPSA_SIM_SERVER_INT_H
#define HALOPSA_SIM_SERVER_INT_H

#include "sim.h"
#include "sim_int.h"

#include <jansson.h>
#include <pthread.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* ---- store.c: the records, one sorted array per entity ---- */

struct sim_db {
    json_t *tables;   /* entity name -> array of records sorted by "id" */
    json_t *next_ids; /* entity name -> next id to hand out */
    json_t *empty;    /* returned by sim__db_all for an unknown entity */
};

/* Canonical entity name for a path segment (any case), or NULL. Static. */
const char *sim__entity_canon(const char *seg);
/* A new store over dataset (stolen: entity -> array of records). */
struct sim_db *sim__db_new(json_t *dataset);
void sim__db_free(struct sim_db *db);
/* Inserts or replaces (by "id") rec (stolen). */
void sim__db_put(struct sim_db *db, const char *entity, json_t *rec);
/* Removes the record with id; returns it (new reference) or NULL. */
json_t *sim__db_remove(struct sim_db *db, const char *entity, json_int_t id);
/* The next sequential id for entity (consumes it). */
json_int_t sim__db_next_id(struct sim_db *db, const char *entity);
/* Rebuilds the derived WorkflowStep rows after Workflow changed. */
void sim__db_derive(struct sim_db *db);
/* Saves atomically (temp file + rename). 0 or -1 with err. */
int sim__db_save(struct sim_db *db, const char *path, char *err, size_t errlen);
/* Loads a store saved by sim__db_save: new store, or NULL with err. */
struct sim_db *sim__db_load(const char *path, char *err, size_t errlen);

/* ---- value helpers (query.c) ---- */

/* Reads v as an integer: JSON integer, integral real, or a numeric string.
 * Returns true when it is one. */
bool sim__as_int(const json_t *v, json_int_t *out);
/* First value of a query parameter (keys are lowercased), or NULL. Borrowed. */
const char *sim__q_str(const json_t *query, const char *key);
/* Query parameter as a boolean ("true"/"1"), def when absent. */
bool sim__q_bool(const json_t *query, const char *key, bool def);
/* Query parameter as an integer; false when absent or not a number. */
bool sim__q_int(const json_t *query, const char *key, json_int_t *out);
/* The list response for GET /api/<entity> (new), or NULL with a 400 message
 * in err. Caller holds the read lock. */
json_t *sim__list(struct sim_db *db, const char *entity, json_t *query, char *err, size_t errlen);

/* ---- auth.c: bearer tokens ---- */

struct sim_auth;
struct sim_auth *sim__auth_new(void);
void sim__auth_free(struct sim_auth *a);
/* A new random token string valid for lifetime_s for client_id. */
char *sim__auth_issue(struct sim_auth *a, const char *client_id, int lifetime_s);
/* 0 when token is known and unexpired (its client id copied into
 * client_id), else -1. */
int sim__auth_check(struct sim_auth *a, const char *token, char *client_id, size_t len);
void sim__auth_revoke_all(struct sim_auth *a);

/* ---- ratelimit.c: rolling window per client id ---- */

struct sim_rl;
struct sim_rl *sim__rl_new(int limit, int window_s);
void sim__rl_free(struct sim_rl *rl);
/* Counts one request for client_id. 0 when allowed; -1 when over the limit,
 * with the seconds until a slot frees in *retry_s. */
int sim__rl_take(struct sim_rl *rl, const char *client_id, int *retry_s);
/* The 429 message for the configured numbers (new string). */
char *sim__rl_message(const struct sim_rl *rl);

/* ---- faults.c: injected faults and the request log ---- */

enum sim_fault {
    SIM_FAULT_NONE,
    SIM_FAULT_FAIL,
    SIM_FAULT_DROP,
    SIM_FAULT_MALFORMED,
    SIM_FAULT_429
};

struct sim_fx;
struct sim_fx *sim__fx_new(void);
void sim__fx_free(struct sim_fx *fx);
/* Applies a fault spec (the POST /_sim/faults body). revoke_tokens and
 * token_lifetime_s are reported back for the caller to apply (-1 = not
 * given). 0 or -1 with err. */
int sim__fx_set(struct sim_fx *fx, const json_t *spec, bool *revoke, int *lifetime_s, char *err,
                size_t errlen);
void sim__fx_clear(struct sim_fx *fx);
/* Counts one /api request and says which fault (if any) hits it; the status
 * for SIM_FAULT_FAIL goes to *status; the latency to apply to *latency_ms. */
enum sim_fault sim__fx_next(struct sim_fx *fx, int *status, int *latency_ms);
/* Latency currently configured (for /auth requests, which are not counted). */
int sim__fx_latency(struct sim_fx *fx);
/* Appends entry (stolen) to the request log. */
void sim__fx_log(struct sim_fx *fx, json_t *entry);
/* A copy of the request log (new array). */
json_t *sim__fx_log_get(struct sim_fx *fx);
void sim__fx_log_clear(struct sim_fx *fx);

/* ---- routes.c: the /api entity endpoints ---- */

struct sim {
    struct sim_options o; /* strings below are owned copies */
    char *bind_addr, *client_id, *client_secret, *persist_path;
    struct MHD_Daemon *mhd;
    int port;
    pthread_rwlock_t lock; /* guards db */
    struct sim_db *db;
    struct sim_auth *auth;
    struct sim_rl *rl;
    struct sim_fx *fx;
    pthread_mutex_t mu; /* guards token_lifetime_s */
    int token_lifetime_s;
};

/* Handles /api/<entity>[/<id>] (the part after "/api/" is rest). Sets
 * *resp to the JSON reply (new) and returns the HTTP status. */
int sim__api(struct sim *s, const char *method, const char *rest, json_t *query, const char *body,
             size_t body_len, json_t **resp);
/* {"ClassName":"HaloException","Message":msg} (new). */
json_t *sim__halo_error(const char *msg);
/* Saves the store when persisting (caller holds the write lock). */
void sim__persist(struct sim *s);

#endif
