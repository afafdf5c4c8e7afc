/* sim_int.h - internals shared by the simulator's files: the entity table
 * (what each HaloPSA endpoint is: path, envelope, paging, filters, field
 * set, referential rules, hooks), the record store's interface, and the
 * helpers the entity files share. Names: sim__x. Not a public interface.
 *
 * Adding an entity = one row in entities.c, its field list and hooks in a
 * fields_*.c file, and its seed data (seed_*.c). Nothing else names it.
 *
 * Split of work:
 *   entities.c              the table: one row per endpoint
 *   fields_*.c              field sets, derivations, filters and rules per domain
 *   render.c, data.c        the engines: records as Halo sends them; POST
 *                           completion (defaults, unknown fields, references)
 *   query.c, routes.c, special.c, report.c
 *                           lists, get/upsert/delete, the odd endpoints, SQL
 *   store.c, server.c, auth.c, ratelimit.c, faults.c   (server_int.h)
 *   seed*.c                 the seeded tenant
 */
#ifndef HALOPSA_SIM_INT_H
#define HALOPSA_SIM_INT_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct sim_db; /* the record store; one lock guards it (server side) */

/* ---- the store (store.c); every call is made with the db lock held ---- */

/* Borrowed stored record of table with id, or NULL. */
json_t *sim__db_get(struct sim_db *db, const char *table, json_int_t id);
/* Borrowed array of every stored record of table, in id order (never NULL). */
json_t *sim__db_all(struct sim_db *db, const char *table);
/* Inserts or replaces (by "id") rec (stolen). */
void sim__db_put(struct sim_db *db, const char *table, json_t *rec);
/* Removes the record with id; returns it (new reference) or NULL. */
json_t *sim__db_remove(struct sim_db *db, const char *table, json_int_t id);
/* Replaces table's rows (a derived table), stealing rows. */
void sim__db_set(struct sim_db *db, const char *table, json_t *rows);
/* The next sequential id for table (consumes it). */
json_int_t sim__db_next_id(struct sim_db *db, const char *table);
/* A counter that changes with every write (report.c caches on it). */
uint64_t sim__db_generation(const struct sim_db *db);

/* ---- the entity model ---- */

struct sim_entity;
struct sim_field;

/* What a field derivation sees. */
struct rctx {
    struct sim_db *db; /* NULL when rendering without a store (tests) */
    const struct sim_entity *e;
    const json_t *stored;
    bool detail;
    json_t *query; /* the request's query (borrowed; may be NULL) */
    int level;     /* 0 list row, 1 get, 2 get with includedetails */
};

/* Computes a field the store does not hold (or one that follows another
 * record, such as a name). Returns a new value, or NULL to omit the field. */
typedef json_t *(*sim_derive_fn)(const struct rctx *c, const struct sim_field *f);

/* One field of an entity's full shape, in Halo's order. */
struct sim_field {
    const char *name;
    char t;            /* default: 'i' int, 'r' real, 'b' bool, 's' string, 'd' unset date,
                          'a' empty array, 'o' empty object, 'n' null, 'x' derived only */
    unsigned char lvl; /* 0: every row; 1: get-by-id; 2: get with includedetails */
    const char *def;   /* default text for i/r/b/s */
    sim_derive_fn fn;  /* derivation when not stored (always, with SIM_F_LIVE) */
    const char *a, *b, *c; /* arguments for fn */
    unsigned flags;
};
/* Table rows: a plain field with its default, a derived one, the end. */
#define SIM_FLD(n, t, l, d) {n, t, l, d, NULL, NULL, NULL, NULL, 0}
#define SIM_DER(n, l, fn, a, b, c, fl) {n, 'x', l, NULL, fn, a, b, c, fl}
#define SIM_END {NULL, 0, 0, NULL, NULL, NULL, NULL, NULL, 0}
#define SIM_F_LIVE 1u   /* derived even when stored (names follow what they name) */
#define SIM_F_HIDDEN 2u /* stored, never rendered (an attachment's bytes) */

/* A list filter: query parameter -> condition on the records. */
enum sim_fkind {
    SIM_EQ,    /* param=N: field == N */
    SIM_IN,    /* param=a,b or repeated: field in set (names resolved via alt) */
    SIM_NOTIN, /* param=a,b: field not in set */
    SIM_TRUE,  /* param=true: pred(rec) must hold; false/absent: no condition */
    SIM_FALSE, /* param=true: pred(rec) must not hold */
    SIM_MATCH, /* param=value: match(rec, value) must hold */
};
typedef bool (*sim_pred_fn)(struct sim_db *db, const json_t *rec);
typedef bool (*sim_match_fn)(struct sim_db *db, const json_t *rec, const char *value);
struct sim_filter {
    const char *param;
    const char *field;
    enum sim_fkind kind;
    const char *alt;    /* SIM_IN: table whose "name" a non-numeric value names */
    sim_pred_fn pred;   /* SIM_TRUE / SIM_FALSE */
    sim_match_fn match; /* SIM_MATCH */
};

/* A date window on a list: start/end parameters over a date field. With
 * end_field the window selects records that overlap [field, end_field];
 * with selector, a parameter picks the field among choices (value, field
 * pairs). */
struct sim_dates {
    const char *start, *end; /* parameter names */
    const char *field;       /* default field (NULL: only through selector) */
    const char *end_field;
    const char *selector;
    const char *const *choices; /* {value, field, ..., NULL} */
};

/* A reference a POSTed record makes: field holds an id of table. */
struct sim_ref {
    const char *field;
    const char *table;
    const char *required; /* label for "<label> is required (<field>)"; NULL: optional */
    const char *what;     /* label for "<what> N does not exist" */
    bool on_create_only;  /* required only when creating */
};

/* A field a new record must carry (text), with Halo's message. */
struct sim_required {
    const char *field;
    const char *message;
};

/* A request to one entity's endpoint (special routes receive it). */
struct sim_call;

/* The table's row for one endpoint. */
struct sim_entity {
    const char *name;  /* path segment, canonical case: "Tickets" */
    const char *table; /* store table; NULL for a virtual endpoint */
    const char *key;   /* list envelope key; NULL = bare array */
    unsigned flags;
    const struct sim_field *fields;   /* NULL: records are stored and sent as they are */
    const struct sim_filter *filters; /* NULL-terminated by param */
    const struct sim_dates *dates;
    const char *inactive;       /* bool field hidden unless inactive_param=true */
    sim_pred_fn is_inactive;    /* or a predicate for it */
    const char *inactive_param; /* default "includeinactive" */
    const char *search[7];      /* fields a search parameter matches (substring) */
    const char *parent;         /* query parameter a list cannot do without */
    sim_pred_fn scope;          /* rows of a shared table that belong here */
    const struct sim_ref *refs;
    const struct sim_required *required;
    const char *defaults; /* JSON object merged under a new record; "$now" = the time */
    /* The id of the stored record a POSTed element without an id names by
     * its natural key (a ticket approval's ticket_id + seq), or 0. May
     * normalise the element's aliases first (an attachment's faultid). */
    json_int_t (*identify)(struct sim_db *db, json_t *sent);
    /* Entity-specific rules after the generic ones: 0, or -1 with err. */
    int (*complete)(struct sim_db *db, json_t *rec, bool is_new, char *err, size_t errlen);
    /* Additions to a rendered record (out) the field table cannot express. */
    void (*finish)(const struct rctx *c, json_t *out);
    /* Side effects of a save (the lock is held). */
    void (*saved)(struct sim_db *db, json_t *rec, bool is_new);
    /* Side effects of a delete: what goes with the record. */
    void (*removed)(struct sim_db *db, const json_t *rec);
    /* Endpoints beyond list/get/upsert/delete: an HTTP status, or 0 when the
     * request is left to the generic handlers. */
    int (*route)(struct sim_call *call);
};
#define SIM_PAGED 1u     /* pageinate/page_size/page_no; 50 rows without */
#define SIM_COUNTED 2u   /* count=N limits the rows */
#define SIM_READONLY 4u  /* no POST or DELETE */
#define SIM_DERIVED 8u   /* rows computed from another table (not stored) */
#define SIM_NODELETE 16u /* no DELETE */
#define SIM_SEARCH_ID 32u /* an all-digit search also matches the id */

/* The row for a path segment (any case), or NULL. */
const struct sim_entity *sim__entity(const char *name);
/* Every row, terminated by a row with a NULL name. */
extern const struct sim_entity sim__entities[];

/* ---- data side: rendering, completion, dataset ---- */

/* The seeded dataset: a new object mapping each stored table to an array of
 * records with integer "id"s. Deterministic for a seed. tickets = 0 gives
 * the demo tenant (200 tickets); larger values generate that many tickets
 * (100000 must stay fast and compact: store what varies, render the rest). */
json_t *sim__dataset_new(unsigned seed, int tickets);

/* Completes a record a POST is about to save (rec is the sent fields, or the
 * stored record with the sent fields merged over it): drops fields Halo does
 * not know, normalises ids, checks references and required fields, applies
 * defaults, then the entity's own rules. 0, or -1 with the 400 message. */
int sim__complete(struct sim_db *db, const char *entity, json_t *rec, bool is_new, char *err,
                  size_t errlen);

/* The record as HaloPSA sends it, for a list row (detail false) or a get
 * (detail true; includedetails in query adds the extra objects). A new
 * object. */
json_t *sim__render(struct sim_db *db, const char *entity, const json_t *stored, bool detail,
                    json_t *query);

/* The list envelope key of entity, or NULL for a bare array. Static. */
const char *sim__wrapper_key(const char *entity);

/* Whether Halo knows field on entity's records (unknown body fields are
 * dropped on save; "_" control flags pass; entities without a field table
 * keep everything). */
bool sim__known_field(const char *entity, const char *field);

/* ---- helpers shared by the entity files (render.c, data.c) ---- */

/* rec[k] as an integer (int, real or numeric string), else def. */
json_int_t sim__int(const json_t *rec, const char *k, json_int_t def);
/* rec[k] as a string, or NULL. Borrowed. */
const char *sim__str(const json_t *rec, const char *k);
/* Borrowed record or NULL (also without a db, or for ids <= 0). */
json_t *sim__lookup(struct sim_db *db, const char *table, json_int_t id);
/* A new string: field of the record table/id, "" when there is none. */
json_t *sim__name_of(struct sim_db *db, const char *table, json_int_t id, const char *field);
/* A new string: text as Halo's HTML (<p>, escaped, <br> for newlines). */
json_t *sim__html_of(const char *text);
/* Whether query flag k is true ("true"/"1"). */
bool sim__qflag(const json_t *query, const char *k);
/* Borrowed first record of table whose field equals name (case-insensitive). */
json_t *sim__find_by(struct sim_db *db, const char *table, const char *field, const char *name);
/* Sets rec[k] = v (stolen) unless rec already has k. */
void sim__set_default(json_t *rec, const char *k, json_t *v);
/* Fills err and returns -1. */
int sim__fail(char *err, size_t errlen, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
/* Plain text of Halo HTML (tags dropped): a new string. */
char *sim__text_of_html(const char *html);
/* Whether rec[k] is a string with something other than blanks. */
bool sim__has_text(const json_t *rec, const char *k);

/* Reads v as an integer: JSON integer, integral real, or a numeric string.
 * Returns true when it is one. */
bool sim__as_int(const json_t *v, json_int_t *out);
/* First value of a query parameter (keys are lowercased), or NULL. Borrowed. */
const char *sim__q_str(const json_t *query, const char *key);
/* Query parameter as a boolean ("true"/"1"), def when absent. */
bool sim__q_bool(const json_t *query, const char *key, bool def);
/* Query parameter as an integer; false when absent or not a number. */
bool sim__q_int(const json_t *query, const char *key, json_int_t *out);
/* Generic derivations for field tables (a, b, c are the field's args). */
json_t *sim__d_name(const struct rctx *c, const struct sim_field *f);  /* a: table, b: id field, c: name field */
json_t *sim__d_copy(const struct rctx *c, const struct sim_field *f);  /* a, b: fields to copy, first present; c: default */
json_t *sim__d_html(const struct rctx *c, const struct sim_field *f);  /* a (or b): text field */
json_t *sim__d_real(const struct rctx *c, const struct sim_field *f);  /* a: int field sent as a decimal */
json_t *sim__d_date(const struct rctx *c, const struct sim_field *f);  /* a (or b): date field, else unset */
json_t *sim__d_id(const struct rctx *c, const struct sim_field *f);    /* the record's id */
json_t *sim__d_lines(const struct rctx *c, const struct sim_field *f); /* a: lines field, on a get or with includelines */
/* Every custom field of usage (Halo's table id) on out, empty when unset. */
void sim__customfields(struct sim_db *db, json_t *out, int usage);

/* The agent the API application logs in as (GET /api/Agent/me). */
#define SIM_API_AGENT_ID 2
/* actionby_application_id of records the API creates. */
#define SIM_API_APP_NAME "halopsa-mcp"
/* The unset-date sentinel HaloPSA sends. */
#define SIM_DATE_UNSET "1900-01-01T00:00:00"
/* Hours an action's timetaken counts in (RED, CK, HAPI#66; see
 * docs/simulator.md "Time"). */
#define SIM_TIME_UNIT "hours"

/* Formats ms since the epoch (UTC) as Halo does: "2026-06-29T15:41:46.637",
 * no zone, trailing fractional zeros dropped. out needs 32 bytes. Returns out. */
char *sim__format_date(char *out, int64_t ms);
/* Parses a Halo date (optional Z or offset ignored, date-only allowed). 0 or -1. */
int sim__parse_date(const char *s, int64_t *ms);

/* Base64 (attachments). encode: a new string. decode: new bytes in *out
 * (NUL-terminated for convenience) and their length, or -1 when s is not
 * base64 (whitespace is skipped). */
char *sim__b64_encode(const unsigned char *p, size_t n);
int sim__b64_decode(const char *s, unsigned char **out, size_t *len);

/* ---- domain hooks the store and the special routes need ---- */

/* Rebuilds derived rows (WorkflowStep) after a write to table. */
void sim__derive_tables(struct sim_db *db, const char *table);

#endif
