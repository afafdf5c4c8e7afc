/* fields_tickets.c - tickets (Faults) and their actions as HaloPSA sends and
 * checks them: the field tables in Halo's order, the derivations (SLA
 * clocks, names, ages), the list filters, the rules a POST must pass, what
 * follows a save (the ticket tracks its newest action; time lands on the
 * agent's timesheet) and a delete. Projects and Opportunities are tickets
 * of a project or opportunity type (the same Faults table, shared here). */
#include "domains.h"

#include "base/base.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* ---- ticket derivations ---- */

static bool ticket_closed(const json_t *t)
{
    json_int_t s = sim__int(t, "status_id", 1);
    return s == 8 || s == 9;
}

/* Hours until a response / fix is due for the ticket's priority. */
static double priority_hours(struct sim_db *db, const json_t *t, bool fix)
{
    json_t *p = sim__lookup(db, "Priority", sim__int(t, "priority_id", 3));
    double v = p ? json_number_value(json_object_get(p, fix ? "fixtime" : "responsetime"))
                 : (fix ? 16.0 : 4.0);
    const char *units = p ? sim__str(p, fix ? "fixunits" : "responseunits") : "H";
    if (units && strcmp(units, "D") == 0)
        v *= 24.0;
    return v;
}

static json_t *date_add(const char *base, double hours)
{
    int64_t ms;
    char buf[32];
    if (!base || sim__parse_date(base, &ms) != 0)
        return json_string(SIM_DATE_UNSET);
    return json_string(sim__format_date(buf, ms + (int64_t)(hours * 3600000.0)));
}

/* Hours since dateoccurred (until now), or -1 without a date. */
static double hours_open(const json_t *t)
{
    const char *occ = sim__str(t, "dateoccurred");
    int64_t o;
    if (!occ || sim__parse_date(occ, &o) != 0)
        return -1;
    return (double)(base_wall_ms() - o) / 3600000.0;
}

static json_t *d_agent_name(const struct rctx *c, const struct sim_field *f)
{
    json_int_t a = sim__int(c->stored, "agent_id", -1);
    (void)f;
    return a > 0 ? sim__name_of(c->db, "Agent", a, "name") : json_string("Unassigned");
}

static json_t *d_onhold(const struct rctx *c, const struct sim_field *f)
{
    json_int_t s = sim__int(c->stored, "status_id", 1);
    (void)f;
    return json_boolean(s == 4 || s == 5);
}

static json_t *d_ticket_guid(const struct rctx *c, const struct sim_field *f)
{
    char g[40];
    (void)f;
    snprintf(g, sizeof g, "a3f0c2d1-7b4e-4c55-9d0e-%012llx",
             (unsigned long long)sim__int(c->stored, "id", 0));
    return json_string(g);
}

static json_t *d_idsummary(const struct rctx *c, const struct sim_field *f)
{
    const char *sum = sim__str(c->stored, "summary");
    char *x = xasprintf("%lld - %s", (long long)sim__int(c->stored, "id", 0), sum ? sum : "");
    json_t *v = json_string(x);
    (void)f;
    free(x);
    return v;
}

static json_t *d_ticketage(const struct rctx *c, const struct sim_field *f)
{
    /* Hours since the ticket was logged (until it closed). */
    const json_t *t = c->stored;
    const char *occ = sim__str(t, "dateoccurred");
    const char *end = ticket_closed(t) ? sim__str(t, "dateclosed") : NULL;
    int64_t o, e = base_wall_ms();
    (void)f;
    if (ticket_closed(t) && !end)
        end = sim__str(t, "lastactiondate");
    if (!occ || sim__parse_date(occ, &o) != 0)
        return json_real(0.0);
    if (end)
        sim__parse_date(end, &e);
    return json_real((double)(int64_t)((double)(e - o) / 36000.0) / 100.0);
}

static json_t *d_itil(const struct rctx *c, const struct sim_field *f)
{
    json_t *tt = sim__lookup(c->db, "TicketType", sim__int(c->stored, "tickettype_id", 1));
    (void)f;
    return json_integer(tt ? sim__int(tt, "itilrequesttype", 0) : 0);
}

/* a: "resp" (respond-by) or "fix" (fix-by). */
static json_t *d_due(const struct rctx *c, const struct sim_field *f)
{
    return date_add(sim__str(c->stored, "dateoccurred"),
                    priority_hours(c->db, c->stored, strcmp(f->a, "fix") == 0));
}

static json_t *d_responded(const struct rctx *c, const struct sim_field *f)
{
    (void)f;
    if (sim__int(c->stored, "status_id", 1) == 1)
        return json_string(SIM_DATE_UNSET);
    return date_add(sim__str(c->stored, "dateoccurred"),
                    priority_hours(c->db, c->stored, false) / 3.0);
}

static json_t *d_slaresponse(const struct rctx *c, const struct sim_field *f)
{
    /* "O" once a still-new ticket is past its respond-by time. */
    double h = hours_open(c->stored);
    (void)f;
    if (sim__int(c->stored, "status_id", 1) == 1 && h > priority_hours(c->db, c->stored, false))
        return json_string("O");
    return json_string("I");
}

static json_t *d_slastate(const struct rctx *c, const struct sim_field *f)
{
    double h = hours_open(c->stored);
    (void)f;
    if (!ticket_closed(c->stored) && h > priority_hours(c->db, c->stored, true))
        return json_string("O");
    return json_string("I");
}

/* a: "pct" (slapercused) or "left" (slatimeleft, hours). */
static json_t *d_sla_used(const struct rctx *c, const struct sim_field *f)
{
    double fix = priority_hours(c->db, c->stored, true);
    double used = ticket_closed(c->stored) ? 0 : hours_open(c->stored);
    if (used < 0)
        used = 0;
    if (strcmp(f->a, "pct") == 0)
        return json_real(fix > 0 ? (double)(int64_t)(used / fix * 10000.0) / 100.0 : 0.0);
    return json_real(ticket_closed(c->stored) ? 0.0
                                              : (double)(int64_t)((fix - used) * 100.0) / 100.0);
}

static json_t *d_dateclosed(const struct rctx *c, const struct sim_field *f)
{
    const json_t *t = c->stored;
    (void)f;
    if (!ticket_closed(t))
        return json_string(SIM_DATE_UNSET);
    return json_string(sim__str(t, "dateclosed")      ? sim__str(t, "dateclosed")
                       : sim__str(t, "lastactiondate") ? sim__str(t, "lastactiondate")
                                                       : SIM_DATE_UNSET);
}

static json_t *d_closed(const struct rctx *c, const struct sim_field *f)
{
    (void)f;
    return json_boolean(ticket_closed(c->stored));
}

static json_t *d_is_vip(const struct rctx *c, const struct sim_field *f)
{
    json_t *cl = sim__lookup(c->db, "Client", sim__int(c->stored, "client_id", -1));
    (void)f;
    return json_boolean(cl && json_is_true(json_object_get(cl, "is_vip")));
}

/* a: "id" or "name" of the ticket type's workflow. */
static json_t *d_workflow(const struct rctx *c, const struct sim_field *f)
{
    json_t *tt = sim__lookup(c->db, "TicketType", sim__int(c->stored, "tickettype_id", 1));
    json_int_t wf = tt ? sim__int(tt, "workflow_id", -1) : -1;
    if (strcmp(f->a, "id") == 0)
        return json_integer(wf);
    return sim__name_of(c->db, "Workflow", wf, "name");
}

/* An embedded record: a: table, b: id field. */
static json_t *d_embed(const struct rctx *c, const struct sim_field *f)
{
    json_t *r = sim__lookup(c->db, f->a, sim__int(c->stored, f->b, -1));
    return r ? sim__render(c->db, f->a, r, false, NULL) : NULL;
}

/* ---- action derivations ---- */

static json_int_t action_agent(const json_t *a)
{
    return sim__int(a, "who_agentid", 0);
}

static json_t *d_who(const struct rctx *c, const struct sim_field *f)
{
    json_int_t agent = action_agent(c->stored);
    (void)f;
    if (agent > 0)
        return sim__name_of(c->db, "Agent", agent, "name");
    json_t *t = sim__lookup(c->db, "Tickets", sim__int(c->stored, "ticket_id", 0));
    return t ? sim__name_of(c->db, "Users", sim__int(t, "user_id", -1), "name") : json_string("");
}

static json_t *d_who_type(const struct rctx *c, const struct sim_field *f)
{
    (void)f;
    return json_integer(action_agent(c->stored) > 0 ? 1 : 0);
}

static json_t *d_note_html(const struct rctx *c, const struct sim_field *f)
{
    /* Lists carry the HTML only with includehtmlnote=true. */
    (void)f;
    if (!c->detail && !sim__qflag(c->query, "includehtmlnote"))
        return NULL;
    return sim__html_of(sim__str(c->stored, "note"));
}

static json_t *d_action_agent(const struct rctx *c, const struct sim_field *f)
{
    json_int_t agent = action_agent(c->stored);
    (void)f;
    return json_integer(agent > 0 ? agent : 0);
}

static json_t *d_action_guid(const struct rctx *c, const struct sim_field *f)
{
    char g[40];
    (void)f;
    snprintf(g, sizeof g, "6d1c%04x-51a0-4c0e-9e7a-%012llx",
             (unsigned)(sim__int(c->stored, "ticket_id", 0) & 0xffff),
             (unsigned long long)sim__int(c->stored, "id", 0));
    return json_string(g);
}

static json_t *d_action_systemid(const struct rctx *c, const struct sim_field *f)
{
    json_t *o = sim__lookup(c->db, "Outcome", sim__int(c->stored, "outcome_id", 0));
    (void)f;
    return json_integer(o ? sim__int(o, "systemid", 0) : 0);
}

static json_t *d_action_hidden(const struct rctx *c, const struct sim_field *f)
{
    (void)f;
    return json_boolean(sim__int(c->stored, "outcome_id", 0) == 1);
}

static json_t *d_new_status_name(const struct rctx *c, const struct sim_field *f)
{
    json_int_t s = sim__int(c->stored, "new_status", 0);
    (void)f;
    return s > 0 ? sim__name_of(c->db, "Status", s, "name") : json_string("");
}

static json_t *d_action_colour(const struct rctx *c, const struct sim_field *f)
{
    json_t *o = sim__lookup(c->db, "Outcome", sim__int(c->stored, "outcome_id", 0));
    const char *col = o ? sim__str(o, "colour") : NULL;
    (void)f;
    return json_string(col ? col : "#607d8b");
}

/* ---- field tables ---- */

const struct sim_field sim__ticket_fields[] = {
    /* List rows: the order of a real list response (see
     * docs/simulator-data.md), plus the looked-up names. */
    SIM_FLD("id", 'i', 0, "0"),
    SIM_FLD("dateoccurred", 'd', 0, NULL),
    SIM_FLD("summary", 's', 0, ""),
    SIM_DER("details", 0, sim__d_copy, "summary", NULL, NULL, 0),
    SIM_FLD("status_id", 'i', 0, "1"),
    SIM_DER("status_name", 0, sim__d_name, "Status", "status_id", "name", SIM_F_LIVE),
    SIM_FLD("tickettype_id", 'i', 0, "1"),
    SIM_DER("tickettype_name", 0, sim__d_name, "TicketType", "tickettype_id", "name", SIM_F_LIVE),
    SIM_FLD("sla_id", 'i', 0, "1"),
    SIM_DER("sla_name", 0, sim__d_name, "SLA", "sla_id", "name", SIM_F_LIVE),
    SIM_FLD("priority_id", 'i', 0, "3"),
    SIM_FLD("client_id", 'i', 0, "-1"),
    SIM_DER("client_name", 0, sim__d_name, "Client", "client_id", "name", SIM_F_LIVE),
    SIM_FLD("site_id", 'i', 0, "-1"),
    SIM_DER("site_name", 0, sim__d_name, "Site", "site_id", "name", SIM_F_LIVE),
    SIM_FLD("user_id", 'i', 0, "-1"),
    SIM_DER("user_name", 0, sim__d_name, "Users", "user_id", "name", SIM_F_LIVE),
    SIM_DER("team", 0, sim__d_name, "Team", "team_id", "name", SIM_F_LIVE),
    SIM_FLD("team_id", 'i', 0, "-1"),
    SIM_FLD("agent_id", 'i', 0, "-1"),
    SIM_DER("agent_name", 0, d_agent_name, NULL, NULL, NULL, SIM_F_LIVE),
    SIM_FLD("category_1", 's', 0, ""),
    SIM_FLD("category_2", 's', 0, ""),
    SIM_FLD("category_3", 's', 0, ""),
    SIM_FLD("category_4", 's', 0, ""),
    SIM_FLD("categoryid_1", 'i', 0, "-1"),
    SIM_FLD("estimate", 'r', 0, "0"),
    SIM_FLD("estimatedays", 'r', 0, "0"),
    SIM_FLD("timetaken", 'r', 0, "0"),
    SIM_FLD("child_count", 'i', 0, "0"),
    SIM_FLD("attachment_count", 'i', 0, "0"),
    SIM_FLD("flagged", 'b', 0, "0"),
    SIM_FLD("read", 'b', 0, "1"),
    SIM_FLD("enduserstatus", 'i', 0, "0"),
    SIM_DER("onhold", 0, d_onhold, NULL, NULL, NULL, 0),
    SIM_DER("respondbydate", 0, d_due, "resp", NULL, NULL, 0),
    SIM_DER("responsedate", 0, d_responded, NULL, NULL, NULL, 0),
    SIM_DER("slaresponsestate", 0, d_slaresponse, NULL, NULL, NULL, 0),
    SIM_DER("fixbydate", 0, d_due, "fix", NULL, NULL, 0),
    SIM_DER("dateclosed", 0, d_dateclosed, NULL, NULL, NULL, 0),
    SIM_FLD("excludefromsla", 'b', 0, "0"),
    SIM_FLD("slaholdtime", 'r', 0, "0"),
    SIM_FLD("site_timezone", 's', 0, "GMT Standard Time"),
    SIM_DER("lastactiondate", 0, sim__d_date, "lastactiondate", "dateoccurred", NULL, 0),
    SIM_DER("last_update", 0, sim__d_date, "lastactiondate", "dateoccurred", NULL, 0),
    SIM_FLD("organisation_id", 'i', 0, "1"),
    SIM_FLD("department_id", 'i', 0, "1"),
    SIM_DER("reportedby", 0, sim__d_name, "Users", "user_id", "name", SIM_F_LIVE),
    SIM_DER("user_email", 0, sim__d_name, "Users", "user_id", "emailaddress", SIM_F_LIVE),
    SIM_FLD("emailtolist", 's', 0, ""),
    SIM_FLD("emailcclist", 's', 0, ""),
    SIM_FLD("matched_kb_id", 'i', 0, "0"),
    SIM_FLD("product_id", 'i', 0, "0"),
    SIM_FLD("release_id", 'i', 0, "0"),
    SIM_FLD("release2_id", 'i', 0, "0"),
    SIM_FLD("release3_id", 'i', 0, "0"),
    SIM_DER("lastincomingemail", 0, sim__d_date, "lastactiondate", "dateoccurred", NULL, 0),
    SIM_DER("workflow_id", 0, d_workflow, "id", NULL, NULL, 0),
    SIM_FLD("workflow_step", 'i', 0, "1"),
    SIM_FLD("pipeline_stage_id", 'i', 0, "0"),
    SIM_DER("is_vip", 0, d_is_vip, NULL, NULL, NULL, 0),
    SIM_FLD("isimportantcontact", 'b', 0, "0"),
    SIM_FLD("inactive", 'b', 0, "0"),
    SIM_FLD("impact", 'i', 0, "3"),
    SIM_FLD("urgency", 'i', 0, "3"),
    SIM_FLD("starttime", 's', 0, ""),
    SIM_FLD("starttimeslot", 's', 0, ""),
    SIM_FLD("targetdate", 'd', 0, NULL),
    SIM_FLD("targettime", 's', 0, ""),
    SIM_FLD("targettimeslot", 'i', 0, "0"),
    SIM_FLD("deadlinedate", 'd', 0, NULL),
    SIM_FLD("oppcompanyname", 's', 0, ""),
    SIM_FLD("oppvalueadjusted", 'r', 0, "0"),
    SIM_FLD("cost", 'r', 0, "0"),
    SIM_FLD("quantity", 'r', 0, "0"),
    SIM_FLD("userdef1", 's', 0, ""),
    SIM_FLD("userdef2", 's', 0, ""),
    SIM_FLD("userdef3", 's', 0, ""),
    SIM_FLD("userdef4", 's', 0, ""),
    SIM_FLD("userdef5", 's', 0, ""),
    SIM_FLD("source", 'i', 0, "0"),
    SIM_FLD("release_important", 'b', 0, "0"),
    SIM_FLD("releasenotegroup_id", 'i', 0, "0"),
    SIM_FLD("supplier_status", 'i', 0, "0"),
    SIM_FLD("appointment_type", 'i', 0, "0"),
    SIM_FLD("section_timezone", 's', 0, "GMT Standard Time"),
    SIM_FLD("projectinternaltask", 'b', 0, "0"),
    SIM_FLD("impactlevel", 'i', 0, "0"),
    SIM_DER("guid", 0, d_ticket_guid, NULL, NULL, NULL, 0),
    SIM_FLD("reviewed", 'b', 0, "0"),
    SIM_FLD("merged_into_id", 'i', 0, "0"),
    SIM_FLD("table", 'i', 0, "1"),
    SIM_FLD("use", 's', 0, "ticket"),
    SIM_DER("idsummary", 0, d_idsummary, NULL, NULL, NULL, 0),
    SIM_DER("ticketage", 0, d_ticketage, NULL, NULL, NULL, 0),
    SIM_FLD("useful_count", 'i', 0, "0"),
    SIM_FLD("notuseful_count", 'i', 0, "0"),
    SIM_FLD("updateservicestatus", 'b', 0, "0"),
    SIM_FLD("servicestatusnote", 's', 0, ""),
    SIM_DER("itil_requesttype_id", 0, d_itil, NULL, NULL, NULL, 0),
    SIM_FLD("ticket_tags", 's', 0, ""),
    SIM_FLD("invoiceseperatelyoverride", 'b', 0, "0"),
    SIM_FLD("purchaseordernumber", 's', 0, ""),
    SIM_FLD("customfields", 'a', 0, NULL),
    /* get-by-id only */
    SIM_DER("responsestartdate", 1, d_responded, NULL, NULL, NULL, 0),
    SIM_DER("dateassigned", 1, d_responded, NULL, NULL, NULL, 0),
    SIM_FLD("slaactiondate", 'd', 1, NULL),
    SIM_DER("slapercused", 1, d_sla_used, "pct", NULL, NULL, 0),
    SIM_DER("slatimeleft", 1, d_sla_used, "left", NULL, NULL, 0),
    SIM_FLD("supplier_name", 's', 1, ""),
    SIM_FLD("parent_id", 'i', 1, "0"),
    SIM_FLD("child_ticket_id_string", 's', 1, ""),
    SIM_FLD("asset_key_field_string", 's', 1, ""),
    SIM_FLD("inventory_number", 's', 1, ""),
    SIM_DER("hasbeenclosed", 1, d_closed, NULL, NULL, NULL, 0),
    SIM_FLD("unread_child_action_count", 'i', 1, "0"),
    SIM_FLD("child_action_count", 'i', 1, "0"),
    SIM_FLD("startdate", 'd', 1, NULL),
    SIM_FLD("followupdate", 'd', 1, NULL),
    SIM_FLD("projecttimebudget", 'r', 1, "0"),
    SIM_FLD("projectmoneybudget", 'r', 1, "0"),
    SIM_FLD("projecttimeactual", 'r', 1, "0"),
    SIM_FLD("projectmoneyactual", 'r', 1, "0"),
    SIM_FLD("third_party_id", 'i', 1, "0"),
    SIM_FLD("phonenumber", 's', 1, ""),
    SIM_DER("details_html", 1, sim__d_html, "details", "summary", NULL, 0),
    SIM_FLD("takenby", 's', 1, ""),
    SIM_DER("datecreated", 1, sim__d_date, "dateoccurred", NULL, NULL, 0),
    SIM_FLD("createdfrom_id", 'i', 1, "0"),
    SIM_FLD("closure_note", 's', 1, ""),
    SIM_FLD("closure_time", 'r', 1, "0"),
    SIM_FLD("closure_agent_id", 'i', 1, "0"),
    SIM_FLD("top_level_id", 'i', 1, "1"),
    SIM_FLD("asset_number", 'i', 1, "0"),
    SIM_FLD("asset_site", 'i', 1, "0"),
    SIM_FLD("slatimeelapsed", 'r', 1, "0"),
    SIM_DER("slastate", 1, d_slastate, NULL, NULL, NULL, 0),
    SIM_FLD("slaexcuse", 's', 1, ""),
    SIM_FLD("site_sla_id", 'i', 1, "-1"),
    SIM_FLD("supplier_id", 'i', 1, "-1"),
    SIM_FLD("supplier_reference", 's', 1, ""),
    SIM_FLD("supplier_contract_id", 'i', 1, "-1"),
    SIM_FLD("supplier_priority_id", 'i', 1, "-1"),
    SIM_FLD("supplier_responsestate", 's', 1, ""),
    SIM_FLD("supplier_respondbydate", 'd', 1, NULL),
    SIM_FLD("supplier_fixbydate", 'd', 1, NULL),
    SIM_FLD("changestate", 's', 1, ""),
    SIM_FLD("approvedby", 'i', 1, "0"),
    SIM_FLD("showforusers", 'b', 1, "1"),
    SIM_FLD("satisfactionlevel", 'i', 1, "0"),
    SIM_FLD("satisfactioncomment", 's', 1, ""),
    SIM_FLD("invoicenumber", 's', 1, ""),
    SIM_FLD("nonbillable_time", 'r', 1, "0"),
    SIM_FLD("mileage", 'r', 1, "0"),
    SIM_FLD("planneddate", 'd', 1, NULL),
    SIM_FLD("ccaddress", 's', 1, ""),
    SIM_FLD("agreedcleared", 'b', 1, "0"),
    SIM_FLD("responsetime", 'r', 1, "0"),
    SIM_FLD("alsoinform", 's', 1, ""),
    SIM_FLD("approval_status", 'i', 1, "0"),
    SIM_FLD("justification", 's', 1, ""),
    SIM_FLD("backoutplan", 's', 1, ""),
    SIM_FLD("communicationplan", 's', 1, ""),
    SIM_FLD("testplan", 's', 1, ""),
    SIM_FLD("riskdescription", 's', 1, ""),
    SIM_FLD("risklevel", 'i', 1, "0"),
    SIM_FLD("impactdescription", 's', 1, ""),
    SIM_FLD("service_id", 'i', 1, "-1"),
    SIM_FLD("surveysent", 'b', 1, "0"),
    SIM_FLD("planneddateend", 'd', 1, NULL),
    SIM_FLD("whoresponded", 'i', 1, "0"),
    SIM_FLD("currentfaactionnumber", 'i', 1, "0"),
    SIM_FLD("approval_process_step", 'i', 1, "0"),
    SIM_FLD("approval_process_id", 'i', 1, "0"),
    SIM_FLD("faultcodeopen", 'i', 1, "0"),
    SIM_FLD("faultcode", 'i', 1, "0"),
    SIM_FLD("deliverycontact", 's', 1, ""),
    SIM_FLD("surveyneeded", 'b', 1, "0"),
    SIM_FLD("knownerror", 'b', 1, "0"),
    SIM_FLD("development", 'b', 1, "0"),
    SIM_FLD("causedby", 'i', 1, "0"),
    SIM_FLD("unapprovedchangestatus", 'i', 1, "0"),
    SIM_FLD("changeseq", 'i', 1, "0"),
    SIM_FLD("lastrecurringemailsentdate", 'd', 1, NULL),
    SIM_FLD("template_id", 'i', 1, "0"),
    SIM_FLD("child_template_id", 'i', 1, "0"),
    SIM_FLD("assetstring", 's', 1, ""),
    SIM_FLD("mailboxid", 'i', 1, "0"),
    SIM_FLD("alerttype", 's', 1, ""),
    SIM_FLD("actisbillabledefault", 'b', 1, "1"),
    SIM_FLD("emaildisplayname", 's', 1, ""),
    SIM_FLD("emailpriority", 'i', 1, "0"),
    SIM_FLD("chargerate", 'i', 1, "0"),
    SIM_FLD("timezonename", 's', 1, "GMT Standard Time"),
    SIM_FLD("forwardinboundupdates", 'b', 1, "0"),
    SIM_FLD("firsttimefix", 'i', 1, "0"),
    SIM_FLD("fixbydateadjusted", 'b', 1, "0"),
    SIM_FLD("loggedonbehalfby", 's', 1, ""),
    SIM_FLD("alternativecontactno", 's', 1, ""),
    SIM_FLD("reassigncount", 'i', 1, "0"),
    SIM_FLD("contract_id", 'i', 1, "-1"),
    SIM_FLD("contract_ref", 's', 1, ""),
    SIM_DER("workflow_name", 1, d_workflow, "name", NULL, NULL, SIM_F_LIVE),
    SIM_DER("workflow_stepstarted", 1, sim__d_date, "dateoccurred", NULL, NULL, 0),
    SIM_FLD("lessonslearned", 's', 1, ""),
    SIM_FLD("currency", 'i', 1, "0"),
    SIM_FLD("deleted", 'b', 1, "0"),
    SIM_FLD("matched_rule_id", 'i', 1, "0"),
    SIM_FLD("matched_rule_name", 's', 1, ""),
    SIM_FLD("ignore_kb_match", 'b', 1, "0"),
    SIM_FLD("deadlinenotificationhours", 'i', 1, "0"),
    SIM_FLD("showonroadmap", 'b', 1, "0"),
    SIM_FLD("team_department_id", 'i', 1, "1"),
    SIM_FLD("sendack", 'b', 1, "1"),
    SIM_FLD("oppvalue", 'r', 1, "0"),
    SIM_FLD("oppconversionprobability", 'r', 1, "0"),
    SIM_FLD("oppcontactname", 's', 1, ""),
    SIM_FLD("oppemailaddress", 's', 1, ""),
    SIM_FLD("opptargetdate", 'd', 1, NULL),
    SIM_DER("priority", 1, d_embed, "Priority", "priority_id", NULL, 0),
    SIM_DER("tickettype", 2, d_embed, "TicketType", "tickettype_id", NULL, 0),
    SIM_DER("user", 2, d_embed, "Users", "user_id", NULL, 0),
    SIM_FLD("assets", 'a', 1, NULL),
    SIM_FLD("attachments", 'a', 1, NULL),
    SIM_FLD("child_ticket_ids", 'a', 1, NULL),
    SIM_END,
};

const struct sim_field sim__action_fields[] = {
    SIM_FLD("id", 'i', 0, "0"),
    SIM_FLD("ticket_id", 'i', 0, "0"),
    SIM_DER("outcome", 0, sim__d_name, "Outcome", "outcome_id", "outcome", SIM_F_LIVE),
    SIM_DER("who", 0, d_who, NULL, NULL, NULL, SIM_F_LIVE),
    SIM_DER("who_type", 0, d_who_type, NULL, NULL, NULL, 0),
    SIM_FLD("who_imgpath", 's', 0, ""),
    SIM_FLD("who_agentid", 'i', 0, "0"),
    SIM_FLD("datetime", 'd', 0, NULL),
    SIM_DER("actiondatecreated", 0, sim__d_date, "datetime", NULL, NULL, 0),
    SIM_FLD("note", 's', 0, ""),
    SIM_DER("note_html", 0, d_note_html, NULL, NULL, NULL, 0),
    SIM_FLD("emailfrom", 's', 0, ""),
    SIM_FLD("emailto", 's', 0, ""),
    SIM_FLD("emailcc", 's', 0, ""),
    SIM_FLD("emailsubject", 's', 0, ""),
    SIM_FLD("emaildirection", 's', 0, ""),
    SIM_FLD("replied_to_ticket_id", 'i', 0, "0"),
    SIM_FLD("replied_to_action_id", 'i', 0, "0"),
    SIM_FLD("created_from_ticket_id", 'i', 0, "0"),
    SIM_FLD("created_from_action_id", 'i', 0, "0"),
    SIM_FLD("action_contract_id", 'i', 0, "-1"),
    SIM_FLD("action_travel_contract_id", 'i', 0, "-1"),
    SIM_FLD("project_id", 'i', 0, "0"),
    SIM_FLD("personal_unread", 'b', 0, "0"),
    SIM_DER("actionarrivaldate", 0, sim__d_date, "datetime", NULL, NULL, 0),
    SIM_FLD("actioncompletiondate", 'd', 0, NULL),
    SIM_FLD("translations", 'a', 0, NULL),
    SIM_FLD("on_behalf_of_name", 's', 0, ""),
    SIM_DER("actionby_agent_id", 0, d_action_agent, NULL, NULL, NULL, 0),
    SIM_DER("guid", 0, d_action_guid, NULL, NULL, NULL, 0),
    SIM_FLD("actioncontractid", 'i', 0, "-1"),
    SIM_FLD("actisbillable", 'b', 0, "1"),
    SIM_FLD("actisreadyforprocessing", 'b', 0, "0"),
    SIM_FLD("travelisreadyforprocessing", 'b', 0, "0"),
    SIM_FLD("outcome_id", 'i', 0, "0"),
    SIM_DER("action_systemid", 0, d_action_systemid, NULL, NULL, NULL, 0),
    SIM_FLD("timetaken", 'r', 0, "0"),
    SIM_FLD("timetakendays", 'r', 0, "0"),
    SIM_FLD("timetakenadjusted", 'r', 0, "0"),
    SIM_FLD("actionchargehours", 'r', 0, "0"),
    SIM_FLD("actionnonchargeamount", 'r', 0, "0"),
    SIM_FLD("actionnonchargehours", 'r', 0, "0"),
    SIM_FLD("actionchargeamount", 'r', 0, "0"),
    SIM_FLD("actionprepayhours", 'r', 0, "0"),
    SIM_FLD("actionprepayamount", 'r', 0, "0"),
    SIM_FLD("actiontravelchargehours", 'r', 0, "0"),
    SIM_FLD("chargerate", 'i', 0, "0"),
    SIM_FLD("travel_chargerate", 'i', 0, "0"),
    SIM_DER("hiddenfromuser", 0, d_action_hidden, NULL, NULL, NULL, 0),
    SIM_FLD("important", 'b', 0, "0"),
    SIM_FLD("old_status", 'i', 0, "0"),
    SIM_FLD("new_status", 'i', 0, "0"),
    SIM_DER("new_status_name", 0, d_new_status_name, NULL, NULL, NULL, SIM_F_LIVE),
    SIM_DER("colour", 0, d_action_colour, NULL, NULL, NULL, 0),
    SIM_FLD("attachment_count", 'i', 0, "0"),
    SIM_FLD("unread", 'i', 0, "0"),
    SIM_FLD("actionby_application_id", 's', 0, ""),
    SIM_FLD("actionby_user_id", 'i', 0, "0"),
    SIM_FLD("sendemail", 'b', 1, "0"),
    SIM_FLD("nonbilltime", 'r', 1, "0"),
    SIM_FLD("email_status", 'i', 1, "0"),
    SIM_DER("agent_id", 1, d_action_agent, NULL, NULL, NULL, 0),
    SIM_FLD("actionresponsedate", 'd', 1, NULL),
    SIM_FLD("attachments", 'a', 1, NULL),
    SIM_END,
};

/* ---- filters ---- */

static bool is_closed9(struct sim_db *db, const json_t *t)
{
    (void)db;
    return sim__int(t, "status_id", 1) == 9;
}

/* The ticket type's flag ("isproject", "isopportunity"). */
static bool type_flag(struct sim_db *db, const json_t *t, const char *flag)
{
    json_t *tt = sim__lookup(db, "TicketType", sim__int(t, "tickettype_id", 1));
    return tt && json_is_true(json_object_get(tt, flag));
}

bool sim__is_project(struct sim_db *db, const json_t *t)
{
    return type_flag(db, t, "isproject");
}

bool sim__is_opportunity(struct sim_db *db, const json_t *t)
{
    return type_flag(db, t, "isopportunity");
}

/* A project, or a task of one (RED: /api/Projects "mixes project tasks"). */
bool sim__in_projects(struct sim_db *db, const json_t *t)
{
    if (sim__is_project(db, t))
        return true;
    json_t *parent = sim__lookup(db, "Tickets", sim__int(t, "parent_id", 0));
    return parent && sim__is_project(db, parent);
}

/* domain=reqs|opps|prjs (SW): requests are neither projects nor opportunities. */
static bool match_domain(struct sim_db *db, const json_t *t, const char *v)
{
    if (strcasecmp(v, "opps") == 0)
        return sim__is_opportunity(db, t);
    if (strcasecmp(v, "prjs") == 0)
        return sim__is_project(db, t);
    if (strcasecmp(v, "reqs") == 0)
        return !sim__is_opportunity(db, t) && !sim__is_project(db, t);
    return true;
}

/* The ticket's asset_id, or one of its assets. */
static bool match_asset(struct sim_db *db, const json_t *t, const char *v)
{
    json_int_t want = atoll(v);
    size_t i;
    json_t *a;
    (void)db;
    if (sim__int(t, "asset_id", -1) == want)
        return true;
    json_array_foreach(json_object_get(t, "assets"), i, a) {
        if (sim__int(a, "id", -1) == want)
            return true;
    }
    return false;
}

static bool match_toplevel(struct sim_db *db, const json_t *t, const char *v)
{
    json_t *cl = sim__db_get(db, "Client", sim__int(t, "client_id", -1));
    return cl && sim__int(cl, "toplevel_id", -1) == atoll(v);
}

const struct sim_filter sim__ticket_filters[] = {
    {"client_id", "client_id", SIM_EQ, NULL, NULL, NULL},
    {"site_id", "site_id", SIM_EQ, NULL, NULL, NULL},
    {"user_id", "user_id", SIM_EQ, NULL, NULL, NULL},
    {"agent_id", "agent_id", SIM_EQ, NULL, NULL, NULL},
    {"status_id", "status_id", SIM_EQ, NULL, NULL, NULL},
    {"requesttype_id", "tickettype_id", SIM_EQ, NULL, NULL, NULL},
    {"tickettype_id", "tickettype_id", SIM_EQ, NULL, NULL, NULL},
    {"supplier_id", "supplier_id", SIM_EQ, NULL, NULL, NULL},
    {"contract_id", "contract_id", SIM_EQ, NULL, NULL, NULL},
    {"parent_id", "parent_id", SIM_EQ, NULL, NULL, NULL},
    {"priority_id", "priority_id", SIM_EQ, NULL, NULL, NULL},
    {"team_id", "team_id", SIM_EQ, NULL, NULL, NULL},
    {"team", "team_id", SIM_IN, "Team", NULL, NULL},
    {"agent", "agent_id", SIM_IN, "Agent", NULL, NULL},
    {"status", "status_id", SIM_IN, "Status", NULL, NULL},
    {"requesttype", "tickettype_id", SIM_IN, "TicketType", NULL, NULL},
    {"priority", "priority_id", SIM_IN, NULL, NULL, NULL},
    {"sla", "sla_id", SIM_IN, NULL, NULL, NULL},
    {"client_ids", "client_id", SIM_IN, NULL, NULL, NULL},
    {"ticketids", "id", SIM_IN, NULL, NULL, NULL},
    {"excludethese", "id", SIM_NOTIN, NULL, NULL, NULL},
    {"category_1", "categoryid_1", SIM_IN, NULL, NULL, NULL},
    {"category_2", "categoryid_2", SIM_IN, NULL, NULL, NULL},
    {"category_3", "categoryid_3", SIM_IN, NULL, NULL, NULL},
    {"category_4", "categoryid_4", SIM_IN, NULL, NULL, NULL},
    {"open_only", NULL, SIM_FALSE, NULL, is_closed9, NULL},
    {"closed_only", NULL, SIM_TRUE, NULL, is_closed9, NULL},
    {"asset_id", NULL, SIM_MATCH, NULL, NULL, match_asset},
    {"toplevel_id", NULL, SIM_MATCH, NULL, NULL, match_toplevel},
    {"domain", NULL, SIM_MATCH, NULL, NULL, match_domain},
    {NULL, NULL, SIM_EQ, NULL, NULL, NULL},
};

static const char *const ticket_date_choices[] = {
    "dateoccured", "dateoccurred", "datecleared", "dateclosed", "lastupdate", "last_update", NULL,
};
const struct sim_dates sim__ticket_dates = {"startdate", "enddate", NULL, NULL, "datesearch",
                                            ticket_date_choices};

/* An email in or out: the conversation with the end user. */
static bool action_is_email(const json_t *a)
{
    const char *d = sim__str(a, "emaildirection");
    return d && (strcmp(d, "I") == 0 || strcmp(d, "O") == 0);
}

/* An action written by the system (status changes, automations) rather
 * than a person: who_type 2, or one of Halo's system outcomes (systemid > 0)
 * that is not an email ("Email Received" is a system outcome too, but it is
 * the customer talking). */
static bool action_is_system(struct sim_db *db, const json_t *a)
{
    if (json_is_true(json_object_get(a, "is_system")) ||
        json_is_true(json_object_get(a, "systemaction")))
        return true;
    if (sim__int(a, "who_type", -1) == 2)
        return true;
    if (action_is_email(a))
        return false;
    const json_t *o = sim__db_get(db, "Outcome", sim__int(a, "outcome_id", 0));
    return o && sim__int(o, "systemid", 0) > 0;
}

static bool action_is_private(struct sim_db *db, const json_t *a)
{
    (void)db;
    return json_is_true(json_object_get(a, "hiddenfromuser"));
}

static bool action_is_agent(struct sim_db *db, const json_t *a)
{
    json_int_t v = sim__int(a, "who_type", -1);
    (void)db;
    return v >= 0 ? v == 1 : action_agent(a) > 0;
}

static bool action_in_conversation(struct sim_db *db, const json_t *a)
{
    return action_is_email(a) && !action_is_private(db, a);
}

const struct sim_filter sim__action_filters[] = {
    {"ticket_id", "ticket_id", SIM_EQ, NULL, NULL, NULL},
    {"excludesys", NULL, SIM_FALSE, NULL, action_is_system, NULL},
    {"excludeprivate", NULL, SIM_FALSE, NULL, action_is_private, NULL},
    {"agentonly", NULL, SIM_TRUE, NULL, action_is_agent, NULL},
    {"conversationonly", NULL, SIM_TRUE, NULL, action_in_conversation, NULL},
    {NULL, NULL, SIM_EQ, NULL, NULL, NULL},
};
const struct sim_dates sim__action_dates = {"startdate", "enddate", "datetime", NULL, NULL, NULL};

/* ---- POST rules ---- */

const struct sim_ref sim__ticket_refs[] = {
    {"client_id", "Client", "Client", "Client", false},
    {"site_id", "Site", NULL, "Site", false},
    {"user_id", "Users", NULL, "User", false},
    {"tickettype_id", "TicketType", NULL, "Ticket Type", false},
    {"status_id", "Status", NULL, "Status", false},
    {"agent_id", "Agent", NULL, "Agent", false},
    {"priority_id", "Priority", NULL, "Priority", false},
    {"parent_id", "Tickets", NULL, "Ticket", false},
    {NULL, NULL, NULL, NULL, false},
};
const struct sim_required sim__ticket_required[] = {
    {"summary", "Summary is required"},
    {NULL, NULL},
};

static bool status_closed(json_int_t s)
{
    return s == 8 || s == 9;
}

/* Defaults a new ticket takes from its type, client and the clock. */
static void ticket_defaults(struct sim_db *db, json_t *rec, json_t *cl)
{
    char now[32];
    json_int_t site, pri = 3;
    sim__format_date(now, base_wall_ms());
    if (!json_object_get(rec, "site_id") && (site = sim__int(cl, "main_site_id", -1)) > 0)
        json_object_set_new(rec, "site_id", json_integer(site));
    sim__set_default(rec, "tickettype_id", json_integer(1));
    json_t *tt = sim__db_get(db, "TicketType", sim__int(rec, "tickettype_id", 1));
    if (tt)
        pri = sim__int(tt, "default_priority", 3);
    sim__set_default(rec, "status_id", json_integer(1));
    sim__set_default(rec, "priority_id", json_integer(pri));
    sim__set_default(rec, "sla_id", json_integer(1));
    sim__set_default(rec, "agent_id", json_integer(-1));
    sim__set_default(rec, "user_id", json_integer(-1));
    sim__set_default(rec, "details", json_string(""));
    sim__set_default(rec, "category_1", json_string(""));
    sim__set_default(rec, "categoryid_1", json_integer(-1));
    if (!json_object_get(rec, "team_id")) {
        json_t *t = tt ? sim__find_by(db, "Team", "name", sim__str(tt, "default_team")) : NULL;
        json_object_set_new(rec, "team_id", json_integer(t ? sim__int(t, "id", -1) : -1));
    }
    sim__set_default(rec, "dateoccurred", json_string(now));
    sim__set_default(rec, "lastactiondate", json_string(now));
    sim__set_default(rec, "impact", json_integer(3));
    sim__set_default(rec, "urgency", json_integer(3));
    sim__set_default(rec, "onhold", json_false());
}

/* A ticket's category_1 is written as the category's value ("Hardware>Laptop",
 * halopsa-api.md §7.9, §9.2): Halo files its id in categoryid_1 and refuses
 * a value its ticket type cannot use (MB: "a status or category the ticket
 * type doesn't allow is rejected"). 0, or -1 with the message. */
static int ticket_category(struct sim_db *db, json_t *rec, char *err, size_t errlen)
{
    const char *v = sim__str(rec, "category_1");
    json_int_t type = sim__int(rec, "tickettype_id", 1);
    size_t i, j;
    json_t *cat, *x;
    if (!v || !*v)
        return 0;
    json_array_foreach(sim__db_all(db, "Category"), i, cat) {
        const char *cv = sim__str(cat, "value");
        json_t *types = json_object_get(cat, "tickettype_ids");
        bool allowed = json_array_size(types) == 0;
        if (sim__int(cat, "type_id", 1) != 1 || !cv || strcasecmp(cv, v) != 0)
            continue;
        json_array_foreach(types, j, x) {
            if (json_integer_value(x) == type)
                allowed = true;
        }
        if (!allowed)
            break;
        json_object_set_new(rec, "category_1", json_string(cv));
        json_object_set_new(rec, "categoryid_1", json_integer(sim__int(cat, "id", -1)));
        return 0;
    }
    return sim__fail(err, errlen, "Category '%s' is not valid for this ticket type", v);
}

int sim__ticket_complete(struct sim_db *db, json_t *rec, bool is_new, char *err, size_t errlen)
{
    char now[32];
    json_int_t client = sim__int(rec, "client_id", -1), site = sim__int(rec, "site_id", -1), v;
    json_t *cl = sim__db_get(db, "Client", client);
    sim__format_date(now, base_wall_ms());
    if (site > 0 && sim__int(sim__db_get(db, "Site", site), "client_id", client) != client)
        return sim__fail(err, errlen, "Site %lld does not belong to Client %lld", (long long)site,
                         (long long)client);
    /* A ticket takes its team by name (SW's Faults has team, no team_id):
     * the name sent wins over the team_id stored (an update merges over
     * it); the name is not kept, it is derived from team_id. */
    if (sim__has_text(rec, "team")) {
        const char *name = sim__str(rec, "team");
        json_t *t = sim__find_by(db, "Team", "name", name);
        if (!t)
            return sim__fail(err, errlen, "Team '%s' does not exist", name);
        json_object_set_new(rec, "team_id", json_integer(sim__int(t, "id", -1)));
    }
    json_object_del(rec, "team");
    if (is_new)
        ticket_defaults(db, rec, cl);
    if (ticket_category(db, rec, err, errlen) != 0)
        return -1;
    json_object_set_new(rec, "last_update", json_string(now));
    if ((v = sim__int(rec, "status_id", -1)) > 0) {
        const char *dc = sim__str(rec, "dateclosed");
        bool unset = !dc || strcmp(dc, SIM_DATE_UNSET) == 0;
        if (status_closed(v) && unset)
            json_object_set_new(rec, "dateclosed", json_string(now));
        else if (!status_closed(v) && !unset)
            json_object_set_new(rec, "dateclosed", json_string(SIM_DATE_UNSET));
        json_object_set_new(rec, "onhold", json_boolean(v == 4 || v == 5));
    }
    return 0;
}

/* A new project or opportunity takes the first ticket type of its kind. */
static int complete_typed(struct sim_db *db, json_t *rec, bool is_new, const char *flag, char *err,
                          size_t errlen)
{
    if (is_new && !json_object_get(rec, "tickettype_id")) {
        size_t i;
        json_t *tt;
        json_array_foreach(sim__db_all(db, "TicketType"), i, tt) {
            if (json_is_true(json_object_get(tt, flag))) {
                json_object_set_new(rec, "tickettype_id", json_integer(sim__int(tt, "id", 1)));
                break;
            }
        }
    }
    return sim__ticket_complete(db, rec, is_new, err, errlen);
}

int sim__project_complete(struct sim_db *db, json_t *rec, bool is_new, char *err, size_t errlen)
{
    return complete_typed(db, rec, is_new, "isproject", err, errlen);
}

int sim__opportunity_complete(struct sim_db *db, json_t *rec, bool is_new, char *err,
                                size_t errlen)
{
    return complete_typed(db, rec, is_new, "isopportunity", err, errlen);
}

/* Only HTML sent: keep a plain-text copy as Halo does. */
static void note_from_html(json_t *rec)
{
    char *t = sim__text_of_html(sim__str(rec, "note_html"));
    json_object_set_new(rec, "note", json_string(t));
    free(t);
}

static void action_defaults(struct sim_db *db, json_t *rec, const json_t *outcome)
{
    char now[32];
    json_t *me = sim__db_get(db, "Agent", SIM_API_AGENT_ID);
    const char *who = me ? sim__str(me, "name") : NULL;
    const char *oname = sim__str(outcome, "outcome");
    bool private = sim__int(outcome, "id", 0) == 1 || (oname && strcasecmp(oname, "Private Note") == 0) ||
                   json_is_true(json_object_get(outcome, "hidefromuser"));
    sim__set_default(rec, "datetime", json_string(sim__format_date(now, base_wall_ms())));
    sim__set_default(rec, "who", json_string(who ? who : "API Integration"));
    sim__set_default(rec, "who_type", json_integer(1));
    sim__set_default(rec, "who_agentid", json_integer(SIM_API_AGENT_ID));
    sim__set_default(rec, "actionby_agent_id", json_integer(SIM_API_AGENT_ID));
    sim__set_default(rec, "actionby_application_id", json_string(SIM_API_APP_NAME));
    sim__set_default(rec, "hiddenfromuser", json_boolean(private));
    sim__set_default(rec, "timetaken", json_real(0.0));
    if (!json_object_get(rec, "note"))
        note_from_html(rec);
    sim__set_default(rec, "emaildirection",
                     json_string(sim__int(outcome, "sendemail", 0) ? "O" : ""));
    sim__set_default(rec, "attachment_count", json_integer(0));
}

int sim__action_complete(struct sim_db *db, json_t *rec, bool is_new, char *err, size_t errlen)
{
    json_t *outcome = NULL;
    json_int_t oid = sim__int(rec, "outcome_id", 0);
    if (oid > 0) {
        outcome = sim__db_get(db, "Outcome", oid);
        if (!outcome)
            return sim__fail(err, errlen, "Outcome %lld does not exist", (long long)oid);
    } else if (sim__has_text(rec, "outcome")) {
        const char *name = sim__str(rec, "outcome");
        outcome = sim__find_by(db, "Outcome", "outcome", name);
        if (!outcome)
            outcome = sim__find_by(db, "Outcome", "buttonname", name);
        if (!outcome)
            return sim__fail(err, errlen, "Outcome '%s' does not exist", name);
    } else {
        return sim__fail(err, errlen, "Outcome is required (outcome or outcome_id)");
    }
    json_object_set_new(rec, "outcome_id", json_integer(sim__int(outcome, "id", 0)));
    json_object_set(rec, "outcome", json_object_get(outcome, "outcome"));
    if (is_new) {
        action_defaults(db, rec, outcome);
        json_int_t ns = sim__int(rec, "new_status", 0);
        if (ns > 0)
            sim__set_default(rec, "old_status",
                             json_integer(sim__int(sim__db_get(db, "Tickets",
                                                               sim__int(rec, "ticket_id", 0)),
                                                   "status_id", 0)));
    }
    return 0;
}

const struct sim_ref sim__action_refs[] = {
    {"ticket_id", "Tickets", "Ticket ID", "Ticket", false},
    {"new_status", "Status", NULL, "Status", false},
    {NULL, NULL, NULL, NULL, false},
};

/* ---- what follows a save or a delete ---- */

/* The ticket follows its newest action (the lock is held). */
void sim__action_saved(struct sim_db *db, json_t *rec, bool is_new)
{
    char now[32];
    json_t *ticket = sim__db_get(db, "Tickets", sim__int(rec, "ticket_id", 0));
    json_int_t ns = sim__int(rec, "new_status", 0);
    if (!ticket)
        return;
    sim__format_date(now, base_wall_ms());
    if (is_new) {
        double spent = json_number_value(json_object_get(ticket, "timetaken")) +
                       json_number_value(json_object_get(rec, "timetaken"));
        json_object_set_new(ticket, "timetaken", json_real(spent));
        sim__time_from_action(db, rec);
    }
    json_t *when = json_object_get(rec, "datetime");
    if (json_is_string(when))
        json_object_set(ticket, "lastactiondate", when);
    json_object_set_new(ticket, "last_update", json_string(now));
    if (ns > 0) {
        json_object_set_new(ticket, "status_id", json_integer(ns));
        json_object_set_new(ticket, "onhold", json_boolean(ns == 4 || ns == 5));
        if (status_closed(ns))
            json_object_set_new(ticket, "dateclosed", json_string(now));
        else if (json_object_get(ticket, "dateclosed"))
            json_object_set_new(ticket, "dateclosed", json_string(SIM_DATE_UNSET));
    }
}

/* Removes every record of table whose field equals id. */
void sim__remove_where(struct sim_db *db, const char *table, const char *field, json_int_t id)
{
    json_t *all = sim__db_all(db, table);
    for (size_t i = json_array_size(all); i-- > 0;) {
        json_t *r = json_array_get(all, i);
        if (sim__int(r, field, -1) == id)
            json_decref(sim__db_remove(db, table, sim__int(r, "id", 0)));
    }
}

/* A deleted ticket takes its actions, attachments and approvals with it. */
void sim__ticket_removed(struct sim_db *db, const json_t *rec)
{
    json_int_t id = sim__int(rec, "id", 0);
    sim__remove_where(db, "Actions", "ticket_id", id);
    sim__remove_where(db, "Attachment", "ticket_id", id);
    sim__remove_where(db, "TicketApproval", "ticket_id", id);
}

/* A deleted action takes its timesheet entry with it. */
void sim__action_removed(struct sim_db *db, const json_t *rec)
{
    json_int_t id = sim__int(rec, "id", 0);
    json_t *all = sim__db_all(db, "TimesheetEvent");
    for (size_t i = json_array_size(all); i-- > 0;) {
        json_t *ev = json_array_get(all, i);
        if (sim__int(ev, "action_number", -1) == id &&
            sim__int(ev, "ticket_id", -1) == sim__int(rec, "ticket_id", -2))
            json_decref(sim__db_remove(db, "TimesheetEvent", sim__int(ev, "id", 0)));
    }
}

/* ---- rendering additions ---- */

/* The ticket's newest action, for includelastaction. */
static json_t *last_action(struct sim_db *db, json_int_t ticket)
{
    json_t *best = NULL;
    size_t i;
    json_t *a;
    if (!db)
        return NULL;
    json_array_foreach(sim__db_all(db, "Actions"), i, a) {
        if (sim__int(a, "ticket_id", 0) == ticket)
            best = a;
    }
    return best ? sim__render(db, "Actions", best, false, NULL) : NULL;
}

/* A ticket's assets as Halo embeds them: the stored {id} references
 * filled in from the asset records. */
static void enrich_assets(struct sim_db *db, json_t *out)
{
    static const char *const keys[] = {"inventory_number", "key_field", "key_field2",
                                       "client_id",        "site_id",   "assettype_id"};
    size_t i;
    json_t *x;
    json_array_foreach(json_object_get(out, "assets"), i, x) {
        json_t *as = json_is_object(x) ? sim__lookup(db, "Asset", sim__int(x, "id", 0)) : NULL;
        if (!as)
            continue;
        for (size_t k = 0; k < sizeof keys / sizeof keys[0]; k++)
            if (!json_object_get(x, keys[k]) && json_object_get(as, keys[k]))
                json_object_set_new(x, keys[k], json_deep_copy(json_object_get(as, keys[k])));
        json_object_set_new(x, "assettype_name",
                            sim__name_of(db, "AssetType", sim__int(as, "assettype_id", -1), "name"));
    }
}

/* The ticket's attachments (the Attachment records) and child tickets. */
static void add_related(struct sim_db *db, json_t *out, json_int_t ticket)
{
    json_t *atts = json_array(), *kids = json_array();
    size_t i;
    json_t *r;
    json_array_foreach(db ? sim__db_all(db, "Attachment") : NULL, i, r) {
        if (sim__int(r, "ticket_id", 0) == ticket)
            json_array_append_new(atts, sim__render(db, "Attachment", r, false, NULL));
    }
    json_array_foreach(db ? sim__db_all(db, "Tickets") : NULL, i, r) {
        if (sim__int(r, "parent_id", 0) == ticket)
            json_array_append_new(kids, json_integer(sim__int(r, "id", 0)));
    }
    json_object_set_new(out, "attachment_count", json_integer((json_int_t)json_array_size(atts)));
    json_object_set_new(out, "attachments", atts);
    json_object_set_new(out, "child_count", json_integer((json_int_t)json_array_size(kids)));
    json_object_set_new(out, "child_ticket_ids", kids);
}

void sim__ticket_finish(const struct rctx *c, json_t *out)
{
    json_int_t id = sim__int(c->stored, "id", 0);
    sim__customfields(c->db, out, 1);
    if (c->detail && c->db) {
        enrich_assets(c->db, out);
        add_related(c->db, out, id);
    }
    if (sim__qflag(c->query, "includelastaction")) {
        json_t *la = last_action(c->db, id);
        if (la) {
            const char *note = sim__str(la, "note");
            json_object_set_new(out, "lastaction_note", json_string(note ? note : ""));
            json_object_set_new(out, "lastaction", la);
        }
    }
}
