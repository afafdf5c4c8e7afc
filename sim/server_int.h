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

/* ---- store.c: the records, one id-sorted array per table ---- */

/* A new store over dataset (stolen: table -> array of records). */
struct sim_db *sim__db_new(json_t *dataset);
void sim__db_free(struct sim_db *db);
/* Saves atomically (temp file + rename). 0 or -1 with err. */
int sim__db_save(struct sim_db *db, const char *path, char *err, size_t errlen);
/* Loads a store saved by sim__db_save: new store, or NULL with err. */
struct sim_db *sim__db_load(const char *path, char *err, size_t errlen);

/* ---- value helpers (query.c) ---- */

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
    SIM_FAULT_FAIL,      /* reply with a status, nothing applied */
    SIM_FAULT_DROP,      /* close the connection, nothing applied */
    SIM_FAULT_MALFORMED, /* apply, then a 200 with half the body */
    SIM_FAULT_429,       /* the rate-limit reply, nothing applied */
    SIM_FAULT_REVOKE,    /* revoke every token, then the 401 */
    SIM_FAULT_DROP_AFTER, /* apply, then close without a reply */
    SIM_FAULT_HOLD_AFTER, /* apply, then hold the reply hold_ms */
    SIM_FAULT_FAIL_AFTER, /* apply, then reply with a status */
};

/* The fault for one /api request. */
struct sim_hit {
    enum sim_fault kind;
    int status;     /* SIM_FAULT_FAIL / _FAIL_AFTER */
    int latency_ms; /* applies to every request */
    int hold_ms;    /* SIM_FAULT_HOLD_AFTER */
    const char *name; /* the fault's name for the request log (static) */
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
/* Counts one /api request (a write when method is POST or DELETE; entity is
 * its path segment) and says which fault, if any, hits it. */
void sim__fx_next(struct sim_fx *fx, const char *method, const char *entity, struct sim_hit *hit);
/* Latency currently configured (for /auth requests, which are not counted). */
int sim__fx_latency(struct sim_fx *fx);
/* Appends entry (stolen) to the request log, numbering it ("seq"). */
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

/* What an /api request produced. */
struct sim_out {
    int status;
    json_t *json;        /* JSON body (owned), or: */
    char *bytes;         /* a raw body (owned) of len bytes */
    size_t len;
    const char *ctype;   /* its Content-Type (static) */
    char *disposition;   /* Content-Disposition (owned), or NULL */
    bool applied;        /* the request changed the store */
};

/* One request to an entity's endpoint. */
struct sim_call {
    struct sim *s;
    const struct sim_entity *e;
    const char *method;
    const char *sub; /* the path after "/api/<Entity>/", "" when none */
    json_t *query;   /* lowercased keys */
    const char *body;
    size_t body_len;
    struct sim_out *out;
};

/* Handles /api/<entity>[/<sub>] (rest is the part after "/api/"). Fills out
 * and returns the HTTP status. */
int sim__api(struct sim *s, const char *method, const char *rest, json_t *query, const char *body,
             size_t body_len, struct sim_out *out);
void sim__out_free(struct sim_out *out);
/* The generic handlers (routes.c), also used by the special routes. */
int sim__r_list(struct sim_call *c);
int sim__r_get(struct sim_call *c, const char *idseg);
int sim__r_upsert(struct sim_call *c);
int sim__r_delete(struct sim_call *c, const char *idseg);
/* Sets a HaloException reply; returns status. */
int sim__reply_error(struct sim_out *out, int status, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* Parses a path id ("42"); false when it is not one. */
bool sim__parse_id(const char *seg, json_int_t *id);
/* Runs a report's SQL over the store (report.c): the ReportContent object
 * ({loaded, load_error, rows, columns}) as a new object, or NULL with a 400
 * message in err when the SQL is not a single read-only statement. Caller
 * holds the read lock. */
json_t *sim__report_run(struct sim_db *db, const char *sql, char *err, size_t errlen);
/* Releases the cached reporting database (at stop). */
void sim__report_free(void);

/* {"ClassName":"HaloException","Message":msg} (new). */
json_t *sim__halo_error(const char *msg);
/* Saves the store when persisting (caller holds the write lock). */
void sim__persist(struct sim *s);

#endif
