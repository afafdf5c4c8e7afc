/* sim_int.h - internals shared by the simulator's files: the record store
 * (server side) and the entity knowledge (dataset, defaults, integrity,
 * rendering). Names: sim__x. Not a public interface.
 *
 * Entity names are HaloPSA's path segments, compared case-insensitively:
 *   Tickets, Actions, Client, Site, Users, Agent, Team, Asset, AssetType,
 *   Invoice, Workflow, WorkflowStep, TicketType, Status, Outcome, Priority,
 *   FieldInfo, CustomTable, Tabs, CustomButton
 * ("WorkflowStep" is served at GET /api/workflowstep, read-only: its rows
 * are the FlowDetail records of every workflow's "steps".)
 *
 * Split of work:
 *   store.c, server.c, routes.c, auth.c, faults.c, ... (the HTTP API
 *     machinery: routing, auth, paging, filters, order, upsert, delete,
 *     rate limit, faults, request log, persistence)
 *   data.c, seed.c, render.c (what HaloPSA's records are: the seeded
 *     dataset, the full field sets, defaults for created records,
 *     referential integrity, rendering of list rows and details)
 */
#ifndef HALOPSA_SIM_INT_H
#define HALOPSA_SIM_INT_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct sim_db; /* owned by the server side; one lock guards it */

/* ---- provided by the store (server side) ---- */

/* Borrowed stored record of entity with id, or NULL. Caller holds the db
 * lock (every hook below is called with it held). */
json_t *sim__db_get(struct sim_db *db, const char *entity, json_int_t id);
/* Borrowed array of every stored record of entity, in id order (never NULL). */
json_t *sim__db_all(struct sim_db *db, const char *entity);

/* ---- provided by the entity knowledge (data side) ---- */

/* The seeded dataset: a new object mapping each entity name above (except
 * WorkflowStep) to an array of stored records with integer "id"s.
 * Deterministic for a given seed. tickets = 0 gives the demo tenant (about
 * 200 tickets); larger values generate that many tickets (100000 must stay
 * fast and compact: store what varies, let sim__render add the rest). */
json_t *sim__dataset_new(unsigned seed, int tickets);

/* Completes a record a POST is about to save (creating when is_new, else
 * merged over the stored one already): defaults for fields not sent
 * (dates, flags), derived fields (client_name from client_id, ...), and
 * HaloPSA's referential-integrity checks. Returns 0, or -1 with the
 * HaloPSA 400 message in err (e.g. a ticket whose client_id does not exist,
 * an action without outcome/outcome_id or ticket_id, an agent without a
 * name). rec is modified in place. */
int sim__complete(struct sim_db *db, const char *entity, json_t *rec, bool is_new, char *err,
                  size_t errlen);

/* The record as HaloPSA sends it: the stored fields plus the full field set
 * (a real ticket has 100+ fields and embeds its ticket type object), for a
 * list row (detail false) or a get-by-id (detail true, with the extra
 * objects includedetails brings). query is the request's query object
 * (borrowed; flags such as includedetails). Returns a new object. */
json_t *sim__render(struct sim_db *db, const char *entity, const json_t *stored, bool detail,
                    json_t *query);

/* The list wrapper key for entity ("tickets", "clients", ...), or NULL when
 * HaloPSA answers a bare array. Static string. */
const char *sim__wrapper_key(const char *entity);


/* ---- data side: additions ---- */

/* The agent the API application logs in as (GET /api/Agent/me): a seeded
 * agent named "API Integration". */
#define SIM_API_AGENT_ID 2
/* actionby_application_id of records the API creates (Halo puts the API
 * application's name there). */
#define SIM_API_APP_NAME "halopsa-mcp"

/* Formats wall-clock milliseconds since the epoch (UTC) as HaloPSA does:
 * "2026-06-29T15:41:46.637", no zone, trailing fractional zeros dropped
 * ("...:27.21"; whole seconds have no fraction). out needs 32 bytes.
 * Returns out (borrowed). */
char *sim__format_date(char *out, int64_t ms);
/* Parses a HaloPSA date ("2026-06-29T15:41:46.637", optional Z or
 * offset ignored, date-only allowed) into ms since the epoch. 0 or -1. */
int sim__parse_date(const char *s, int64_t *ms);
/* Whether HaloPSA knows field on entity's records. Halo silently drops
 * body fields it does not know, so sim__complete removes them before a
 * save; entities without a full field table (and "_" control flags) keep
 * everything. */
bool sim__known_field(const char *entity, const char *field);
/* The unset-date sentinel HaloPSA sends. */
#define SIM_DATE_UNSET "1900-01-01T00:00:00"

#endif
