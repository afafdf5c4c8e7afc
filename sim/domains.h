/* domains.h - what the fields_*.c files give the entity table (entities.c)
 * and each other: field tables, filters, date windows, rules and hooks.
 * Names: sim__x. Internal to the simulator. */
#ifndef HALOPSA_SIM_DOMAINS_H
#define HALOPSA_SIM_DOMAINS_H

#include "sim_int.h"

struct sim_call;

/* fields_tickets.c: Tickets, Projects, Opportunities, Actions */
extern const struct sim_field sim__ticket_fields[], sim__action_fields[];
extern const struct sim_filter sim__ticket_filters[], sim__action_filters[];
extern const struct sim_dates sim__ticket_dates, sim__action_dates;
extern const struct sim_ref sim__ticket_refs[], sim__action_refs[];
extern const struct sim_required sim__ticket_required[];
int sim__ticket_complete(struct sim_db *db, json_t *rec, bool is_new, char *err, size_t errlen);
int sim__project_complete(struct sim_db *db, json_t *rec, bool is_new, char *err, size_t errlen);
int sim__opportunity_complete(struct sim_db *db, json_t *rec, bool is_new, char *err,
                              size_t errlen);
int sim__action_complete(struct sim_db *db, json_t *rec, bool is_new, char *err, size_t errlen);
void sim__ticket_finish(const struct rctx *c, json_t *out);
void sim__action_saved(struct sim_db *db, json_t *rec, bool is_new);
void sim__ticket_removed(struct sim_db *db, const json_t *rec);
void sim__action_removed(struct sim_db *db, const json_t *rec);
bool sim__in_projects(struct sim_db *db, const json_t *t);
bool sim__is_project(struct sim_db *db, const json_t *t);
bool sim__is_opportunity(struct sim_db *db, const json_t *t);
/* Removes every record of table whose field equals id. */
void sim__remove_where(struct sim_db *db, const char *table, const char *field, json_int_t id);

/* fields_org.c: Client, Site, Users, Agent, Team, Asset, lookups, workflows */
extern const struct sim_field sim__client_fields[], sim__site_fields[], sim__user_fields[],
    sim__agent_fields[], sim__asset_fields[];
extern const struct sim_filter sim__client_filters[], sim__site_filters[], sim__user_filters[],
    sim__agent_filters[], sim__asset_filters[], sim__step_filters[], sim__priority_filters[],
    sim__category_filters[];
extern const struct sim_required sim__client_required[], sim__site_required[],
    sim__user_required[], sim__agent_required[], sim__team_required[], sim__named_required[];
extern const struct sim_ref sim__site_refs[], sim__user_refs[], sim__agent_refs[],
    sim__asset_refs[], sim__priority_refs[], sim__category_refs[];
int sim__user_complete(struct sim_db *db, json_t *rec, bool is_new, char *err, size_t errlen);
int sim__category_complete(struct sim_db *db, json_t *rec, bool is_new, char *err, size_t errlen);
void sim__site_finish(const struct rctx *c, json_t *out);
void sim__client_finish(const struct rctx *c, json_t *out);
void sim__user_finish(const struct rctx *c, json_t *out);
void sim__priority_finish(const struct rctx *c, json_t *out);
void sim__sla_finish(const struct rctx *c, json_t *out);
void sim__team_finish(const struct rctx *c, json_t *out);
void sim__workflow_finish(const struct rctx *c, json_t *out);

/* fields_billing.c: Invoice, RecurringInvoice, Quotation, SalesOrder, Item,
 * Supplier, ClientContract */
extern const struct sim_field sim__invoice_fields[], sim__recurring_fields[], sim__quote_fields[],
    sim__order_fields[], sim__item_fields[], sim__supplier_fields[], sim__contract_fields[];
extern const struct sim_filter sim__invoice_filters[], sim__recurring_filters[],
    sim__quote_filters[], sim__order_filters[], sim__item_filters[], sim__supplier_filters[],
    sim__contract_filters[];
extern const struct sim_dates sim__invoice_dates;
extern const struct sim_ref sim__billing_refs[], sim__item_refs[], sim__contract_refs[];
int sim__invoice_complete(struct sim_db *db, json_t *rec, bool is_new, char *err, size_t errlen);
int sim__quote_complete(struct sim_db *db, json_t *rec, bool is_new, char *err, size_t errlen);
int sim__contract_complete(struct sim_db *db, json_t *rec, bool is_new, char *err, size_t errlen);
bool sim__contract_inactive(struct sim_db *db, const json_t *r);
void sim__contract_finish(const struct rctx *c, json_t *out);
int sim__quote_route(struct sim_call *c);

/* fields_work.c: TimesheetEvent, Timesheet, Appointment, KBArticle,
 * Attachment, TicketApproval, Report */
extern const struct sim_field sim__event_fields[], sim__appointment_fields[], sim__kb_fields[],
    sim__attachment_fields[], sim__approval_fields[], sim__report_fields[];
extern const struct sim_filter sim__event_filters[], sim__appointment_filters[],
    sim__kb_filters[], sim__attachment_filters[], sim__approval_filters[],
    sim__report_filters[];
extern const struct sim_dates sim__event_dates, sim__appointment_dates;
extern const struct sim_ref sim__event_refs[], sim__appointment_refs[], sim__attachment_refs[],
    sim__approval_refs[];
extern const struct sim_required sim__appointment_required[], sim__attachment_required[],
    sim__report_required[];
int sim__event_complete(struct sim_db *db, json_t *rec, bool is_new, char *err, size_t errlen);
int sim__appointment_complete(struct sim_db *db, json_t *rec, bool is_new, char *err,
                              size_t errlen);
int sim__kb_complete(struct sim_db *db, json_t *rec, bool is_new, char *err, size_t errlen);
int sim__attachment_complete(struct sim_db *db, json_t *rec, bool is_new, char *err,
                             size_t errlen);
json_int_t sim__attachment_identify(struct sim_db *db, json_t *sent);
void sim__attachment_saved(struct sim_db *db, json_t *rec, bool is_new);
void sim__attachment_removed(struct sim_db *db, const json_t *rec);
json_int_t sim__approval_identify(struct sim_db *db, json_t *sent);
int sim__approval_complete(struct sim_db *db, json_t *rec, bool is_new, char *err, size_t errlen);
void sim__report_finish(const struct rctx *c, json_t *out);
/* An agent's action with time on it becomes a TimesheetEvent. */
void sim__time_from_action(struct sim_db *db, const json_t *action);
int sim__timesheet_route(struct sim_call *c);
int sim__attachment_route(struct sim_call *c);
int sim__approval_route(struct sim_call *c);
int sim__report_route(struct sim_call *c);

/* special.c: Agent/me, Actions by ticket, the global search */
int sim__agent_route(struct sim_call *c);
int sim__actions_route(struct sim_call *c);
int sim__search_route(struct sim_call *c);

#endif
