/* fields_work.c - the technician's day as HaloPSA sends and checks it: time
 * (TimesheetEvent rows, the agent-day Timesheet), appointments, knowledge
 * base articles (KBEntry), attachments (bytes kept base64 in the store,
 * served raw), ticket approvals (FaultApproval, keyed by ticket + seq) and
 * saved reports (AnalyzerProfile). */
#include "domains.h"
#include "server_int.h"

#include "base/base.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* ---- shared ---- */

static json_t *d_agent(const struct rctx *c, const struct sim_field *f)
{
    json_int_t a = sim__int(c->stored, f->a ? f->a : "agent_id", -1);
    return a > 0 ? sim__name_of(c->db, "Agent", a, "name") : json_string("");
}

/* Checks a [start_date, end_date] pair: 0 or -1 with Halo's message. */
static int check_window(const json_t *rec, int64_t *start, int64_t *end, char *err, size_t errlen)
{
    const char *s = sim__str(rec, "start_date"), *e = sim__str(rec, "end_date");
    if (!s || sim__parse_date(s, start) != 0)
        return sim__fail(err, errlen, "Start Date is required (start_date)");
    if (!e || sim__parse_date(e, end) != 0)
        return sim__fail(err, errlen, "End Date is required (end_date)");
    if (*end < *start)
        return sim__fail(err, errlen, "The End Date must be after the Start Date");
    return 0;
}

/* ---- TimesheetEvent: one block of an agent's time ---- */

const struct sim_field sim__event_fields[] = {
    SIM_FLD("id", 'i', 0, "0"),
    SIM_FLD("event_type", 'i', 0, "0"),
    SIM_FLD("subject", 's', 0, ""),
    SIM_FLD("start_date", 'd', 0, NULL),
    SIM_FLD("end_date", 'd', 0, NULL),
    SIM_FLD("timetaken", 'r', 0, "0"),
    SIM_FLD("agent_id", 'i', 0, "-1"),
    SIM_DER("agent_name", 0, d_agent, "agent_id", NULL, NULL, SIM_F_LIVE),
    SIM_FLD("break_type", 'i', 0, "0"),
    SIM_FLD("ticket_id", 'i', 0, "-1"),
    SIM_FLD("action_number", 'i', 0, "-1"),
    SIM_FLD("note", 's', 0, ""),
    SIM_FLD("client_id", 'i', 0, "-1"),
    SIM_DER("customer", 0, sim__d_name, "Client", "client_id", "name", SIM_F_LIVE),
    SIM_FLD("site_id", 'i', 0, "-1"),
    SIM_FLD("user_name", 's', 0, ""),
    SIM_FLD("charge_rate", 'i', 0, "0"),
    SIM_FLD("charge_type_name", 's', 0, ""),
    SIM_FLD("tickettype_id", 'i', 0, "-1"),
    SIM_FLD("contract_id", 'i', 0, "-1"),
    SIM_FLD("traveltime", 'r', 0, "0"),
    SIM_FLD("mileage", 'i', 0, "0"),
    SIM_FLD("category1", 's', 1, ""),
    SIM_END,
};

const struct sim_filter sim__event_filters[] = {
    {"agent_id", "agent_id", SIM_EQ, NULL, NULL, NULL},
    {"agents", "agent_id", SIM_IN, "Agent", NULL, NULL},
    {"ticket_id", "ticket_id", SIM_EQ, NULL, NULL, NULL},
    {NULL, NULL, SIM_EQ, NULL, NULL, NULL},
};
/* An event is in a window when it overlaps it. */
const struct sim_dates sim__event_dates = {"start_date", "end_date", "start_date", "end_date",
                                           NULL, NULL};
const struct sim_ref sim__event_refs[] = {
    {"agent_id", "Agent", NULL, "Agent", false},
    {"ticket_id", "Tickets", NULL, "Ticket", false},
    {"client_id", "Client", NULL, "Client", false},
    {NULL, NULL, NULL, NULL, false},
};

static double hours_between(int64_t a, int64_t b)
{
    return (double)(int64_t)((double)(b - a) / 36000.0 + 0.5) / 100.0;
}

int sim__event_complete(struct sim_db *db, json_t *rec, bool is_new, char *err, size_t errlen)
{
    int64_t s, e;
    json_int_t tid = sim__int(rec, "ticket_id", -1);
    if (check_window(rec, &s, &e, err, errlen) != 0)
        return -1;
    if (is_new || !json_object_get(rec, "timetaken"))
        sim__set_default(rec, "timetaken", json_real(hours_between(s, e)));
    if (tid > 0) {
        json_t *t = sim__db_get(db, "Tickets", tid);
        sim__set_default(rec, "client_id", json_integer(sim__int(t, "client_id", -1)));
        sim__set_default(rec, "site_id", json_integer(sim__int(t, "site_id", -1)));
        if (!sim__has_text(rec, "subject"))
            json_object_set(rec, "subject", json_object_get(t, "summary"));
    }
    return 0;
}

/* An agent's action with time on it lands on their timesheet, ending when
 * the action was written (Halo records action_number on the event). */
void sim__time_from_action(struct sim_db *db, const json_t *action)
{
    double hours = json_number_value(json_object_get(action, "timetaken"));
    json_int_t agent = sim__int(action, "who_agentid", 0);
    int64_t end;
    char sd[32], ed[32];
    if (hours <= 0 || agent <= 0 || sim__parse_date(sim__str(action, "datetime"), &end) != 0)
        return;
    json_t *t = sim__db_get(db, "Tickets", sim__int(action, "ticket_id", 0));
    const char *summary = sim__str(t, "summary");
    json_t *ev = json_pack("{s:I, s:i, s:s, s:s, s:s, s:f, s:I, s:I, s:I, s:I, s:I, s:s}", "id",
                           sim__db_next_id(db, "TimesheetEvent"), "event_type", 0, "subject",
                           summary ? summary : "", "start_date",
                           sim__format_date(sd, end - (int64_t)(hours * 3600000.0)), "end_date",
                           sim__format_date(ed, end), "timetaken", hours, "agent_id", agent,
                           "ticket_id", (json_int_t)sim__int(action, "ticket_id", -1),
                           "action_number", (json_int_t)sim__int(action, "id", -1), "client_id",
                           (json_int_t)sim__int(t, "client_id", -1), "site_id",
                           (json_int_t)sim__int(t, "site_id", -1), "note",
                           sim__str(action, "note") ? sim__str(action, "note") : "");
    sim__db_put(db, "TimesheetEvent", ev);
}

/* ---- Timesheet: an agent's day (GET computes it; POST approves it) ---- */

/* The events of agent overlapping [from, to). A new array of rendered rows. */
static json_t *events_between(struct sim_db *db, json_int_t agent, int64_t from, int64_t to)
{
    json_t *out = json_array();
    size_t i;
    json_t *ev;
    json_array_foreach(sim__db_all(db, "TimesheetEvent"), i, ev) {
        int64_t s, e;
        if (sim__int(ev, "agent_id", -1) != agent ||
            sim__parse_date(sim__str(ev, "start_date"), &s) != 0 ||
            sim__parse_date(sim__str(ev, "end_date"), &e) != 0 || e <= from || s >= to)
            continue;
        json_array_append_new(out, sim__render(db, "TimesheetEvent", ev, false, NULL));
    }
    return out;
}

/* The stored approval record of an agent-day, or NULL. Borrowed. */
static json_t *day_record(struct sim_db *db, json_int_t agent, const char *date)
{
    size_t i;
    json_t *r;
    json_array_foreach(sim__db_all(db, "Timesheet"), i, r) {
        const char *d = sim__str(r, "date");
        if (sim__int(r, "agent_id", -1) == agent && d && strncmp(d, date, 10) == 0)
            return r;
    }
    return NULL;
}

#define TARGET_HOURS 7.5 /* the seeded workday (Workday 1: 09:00-17:30, 1 h unpaid) */

/* The Timesheet object of agent on day (midnight UTC, ms). A new object. */
static json_t *agent_day(struct sim_db *db, json_int_t agent, int64_t day)
{
    char date[32], st[32], en[32];
    json_t *events = events_between(db, agent, day, day + 86400000LL);
    double actual = 0, chargeable = 0;
    int64_t first = 0, last = 0;
    size_t i;
    json_t *ev;
    json_array_foreach(events, i, ev) {
        int64_t s, e;
        double h = json_number_value(json_object_get(ev, "timetaken"));
        sim__parse_date(sim__str(ev, "start_date"), &s);
        sim__parse_date(sim__str(ev, "end_date"), &e);
        if (!first || s < first)
            first = s;
        if (e > last)
            last = e;
        if (sim__int(ev, "break_type", 0) == 0)
            actual += h;
        if (sim__int(ev, "ticket_id", -1) > 0)
            chargeable += h;
    }
    sim__format_date(date, day);
    json_t *rec = day_record(db, agent, date);
    json_t *out = json_pack(
        "{s:I, s:I, s:o, s:s, s:s, s:s, s:f, s:f, s:f, s:f, s:f, s:i, s:I, s:o}", "id",
        (json_int_t)(rec ? sim__int(rec, "id", 0) : 0), "agent_id", agent, "agent_name",
        sim__name_of(db, "Agent", agent, "name"), "date", date, "start_time",
        first ? sim__format_date(st, first) : SIM_DATE_UNSET, "end_time",
        last ? sim__format_date(en, last) : SIM_DATE_UNSET, "target_hours", TARGET_HOURS,
        "actual_hours", (double)(int64_t)(actual * 100 + 0.5) / 100, "chargeable_hours",
        (double)(int64_t)(chargeable * 100 + 0.5) / 100, "break_hours", 0.0, "unlogged_hours",
        actual < TARGET_HOURS ? (double)(int64_t)((TARGET_HOURS - actual) * 100 + 0.5) / 100 : 0.0,
        "workdayid", 1, "approval_status", (json_int_t)(rec ? sim__int(rec, "approval_status", 0) : 0),
        "events", events);
    return out;
}

/* A query date (or today) as midnight UTC in ms; false when it is not a date. */
static bool day_of(const char *s, int64_t *day)
{
    int64_t ms = base_wall_ms();
    if (s && sim__parse_date(s, &ms) != 0)
        return false;
    *day = ms - ((ms % 86400000LL) + 86400000LL) % 86400000LL;
    return true;
}

static int timesheet_get(struct sim_call *c)
{
    json_int_t agent = SIM_API_AGENT_ID, id;
    int64_t day;
    int status = 200;
    if (!sim__q_int(c->query, "agent_id", &agent) && c->sub[0] && sim__parse_id(c->sub, &id) &&
        id > 0)
        agent = id; /* GET /api/Timesheet/{agent}: the path names the agent */
    if (!day_of(sim__q_str(c->query, "date"), &day))
        return sim__reply_error(c->out, 400, "date '%s' is not a date", sim__q_str(c->query, "date"));
    pthread_rwlock_rdlock(&c->s->lock);
    if (!sim__db_get(c->s->db, "Agent", agent)) {
        status = sim__reply_error(c->out, 404, "No Agent with id %lld was found", (long long)agent);
    } else if (c->sub[0]) {
        c->out->json = agent_day(c->s->db, agent, day);
    } else {
        /* The list: the agent's days from start_date to end_date (default: today). */
        int64_t from = day, to = day;
        if (!day_of(sim__q_str(c->query, "start_date"), &from) ||
            !day_of(sim__q_str(c->query, "end_date"), &to) || to < from) {
            status = sim__reply_error(c->out, 400, "start_date/end_date are not a valid range");
        } else {
            c->out->json = json_array();
            for (int64_t d = from; d <= to && d < from + 62 * 86400000LL; d += 86400000LL)
                json_array_append_new(c->out->json, agent_day(c->s->db, agent, d));
        }
    }
    pthread_rwlock_unlock(&c->s->lock);
    return status;
}

/* POST [{agent_id, date, _submitapproval | _approve | _reject}] (RED
 * UpdateTimesheetQueryHandler): records the day's approval state
 * (1 submitted, 2 approved, 3 rejected) and answers the day. */
static int timesheet_post(struct sim_call *c)
{
    json_t *in = json_loadb(c->body ? c->body : "", c->body_len, 0, NULL), *elem;
    int status = 200;
    if (!json_is_array(in) || json_array_size(in) != 1 ||
        !json_is_object(elem = json_array_get(in, 0))) {
        json_decref(in);
        return sim__reply_error(c->out, 400, "The request body must be a JSON array of one Timesheet");
    }
    json_int_t agent = sim__int(elem, "agent_id", SIM_API_AGENT_ID);
    int64_t day;
    int state = json_is_true(json_object_get(elem, "_approve"))          ? 2
                : json_is_true(json_object_get(elem, "_reject"))         ? 3
                : json_is_true(json_object_get(elem, "_submitapproval")) ? 1
                                                                         : 0;
    pthread_rwlock_wrlock(&c->s->lock);
    if (!day_of(sim__str(elem, "date"), &day)) {
        status = sim__reply_error(c->out, 400, "date is not a date");
    } else if (!sim__db_get(c->s->db, "Agent", agent)) {
        status = sim__reply_error(c->out, 400, "Agent %lld does not exist", (long long)agent);
    } else {
        char date[32];
        sim__format_date(date, day);
        json_t *have = day_record(c->s->db, agent, date);
        json_t *rec = have ? json_deep_copy(have)
                           : json_pack("{s:I, s:I, s:s}", "id", sim__db_next_id(c->s->db, "Timesheet"),
                                       "agent_id", agent, "date", date);
        if (state)
            json_object_set_new(rec, "approval_status", json_integer(state));
        sim__db_put(c->s->db, "Timesheet", rec);
        c->out->json = agent_day(c->s->db, agent, day);
        c->out->applied = true;
        sim__persist(c->s);
    }
    pthread_rwlock_unlock(&c->s->lock);
    json_decref(in);
    return status;
}

int sim__timesheet_route(struct sim_call *c)
{
    if (strcmp(c->method, "GET") == 0)
        return timesheet_get(c);
    if (strcmp(c->method, "POST") == 0 && !c->sub[0])
        return timesheet_post(c);
    return sim__reply_error(c->out, 405, "Method %s is not allowed on /api/Timesheet", c->method);
}

/* ---- Appointment ---- */

static json_t *d_appt_type(const struct rctx *c, const struct sim_field *f)
{
    static const char *const names[] = {"Appointment", "Site Visit", "Remote Session", "Meeting"};
    json_int_t t = sim__int(c->stored, "appointment_type_id", 0);
    (void)f;
    return json_string(t >= 0 && t < 4 ? names[t] : "Appointment");
}

static json_t *d_agents(const struct rctx *c, const struct sim_field *f)
{
    json_int_t a = sim__int(c->stored, "agent_id", -1);
    json_t *out = json_array();
    (void)f;
    if (a > 0)
        json_array_append_new(out, json_pack("{s:I, s:o}", "id", a, "name",
                                             sim__name_of(c->db, "Agent", a, "name")));
    return out;
}

const struct sim_field sim__appointment_fields[] = {
    SIM_FLD("id", 'i', 0, "0"),
    SIM_FLD("subject", 's', 0, ""),
    SIM_FLD("start_date", 'd', 0, NULL),
    SIM_FLD("end_date", 'd', 0, NULL),
    SIM_FLD("allday", 'b', 0, "0"),
    SIM_FLD("agent_id", 'i', 0, "-1"),
    SIM_DER("agent_name", 0, d_agent, "agent_id", NULL, NULL, SIM_F_LIVE),
    SIM_DER("agents", 0, d_agents, NULL, NULL, NULL, 0),
    SIM_FLD("ticket_id", 'i', 0, "-1"),
    SIM_FLD("client_id", 'i', 0, "-1"),
    SIM_DER("client_name", 0, sim__d_name, "Client", "client_id", "name", SIM_F_LIVE),
    SIM_FLD("site_id", 'i', 0, "-1"),
    SIM_DER("site_name", 0, sim__d_name, "Site", "site_id", "name", SIM_F_LIVE),
    SIM_FLD("user_id", 'i', 0, "-1"),
    SIM_DER("user_name", 0, sim__d_name, "Users", "user_id", "name", SIM_F_LIVE),
    SIM_FLD("appointment_type_id", 'i', 0, "0"),
    SIM_DER("appointment_type_name", 0, d_appt_type, NULL, NULL, NULL, 0),
    SIM_FLD("is_private", 'b', 0, "0"),
    SIM_FLD("is_task", 'b', 0, "0"),
    SIM_FLD("complete_status", 'i', 0, "0"),
    SIM_FLD("complete_date", 'd', 0, NULL),
    SIM_FLD("status", 'i', 0, "0"),
    SIM_FLD("location", 's', 0, ""),
    SIM_FLD("note", 's', 0, ""),
    SIM_DER("note_html", 1, sim__d_html, "note", NULL, NULL, 0),
    SIM_FLD("reminderminutes", 'i', 1, "15"),
    SIM_FLD("inform_agents", 'b', 1, "0"),
    SIM_END,
};

static bool appt_is_task(struct sim_db *db, const json_t *r)
{
    (void)db;
    return json_is_true(json_object_get(r, "is_task"));
}

static bool appt_done(struct sim_db *db, const json_t *r)
{
    (void)db;
    return sim__int(r, "complete_status", 0) != 0;
}

/* SW has no agent_id list parameter (RED sends it; Halo ignores it): the
 * agents are filtered with agents=1,2. */
const struct sim_filter sim__appointment_filters[] = {
    {"agents", "agent_id", SIM_IN, "Agent", NULL, NULL},
    {"ticket_id", "ticket_id", SIM_EQ, NULL, NULL, NULL},
    {"client_id", "client_id", SIM_EQ, NULL, NULL, NULL},
    {"appointmentsonly", NULL, SIM_FALSE, NULL, appt_is_task, NULL},
    {"tasksonly", NULL, SIM_TRUE, NULL, appt_is_task, NULL},
    {"hidecompleted", NULL, SIM_FALSE, NULL, appt_done, NULL},
    {NULL, NULL, SIM_EQ, NULL, NULL, NULL},
};
const struct sim_dates sim__appointment_dates = {"start_date", "end_date", "start_date",
                                                 "end_date", NULL, NULL};
const struct sim_ref sim__appointment_refs[] = {
    {"agent_id", "Agent", NULL, "Agent", false},
    {"ticket_id", "Tickets", NULL, "Ticket", false},
    {"client_id", "Client", NULL, "Client", false},
    {"site_id", "Site", NULL, "Site", false},
    {"user_id", "Users", NULL, "User", false},
    {NULL, NULL, NULL, NULL, false},
};
const struct sim_required sim__appointment_required[] = {
    {"subject", "Subject is required"},
    {NULL, NULL},
};

int sim__appointment_complete(struct sim_db *db, json_t *rec, bool is_new, char *err,
                              size_t errlen)
{
    int64_t s, e;
    json_int_t tid = sim__int(rec, "ticket_id", -1);
    if (check_window(rec, &s, &e, err, errlen) != 0)
        return -1;
    if (is_new && tid > 0 && sim__int(rec, "client_id", -1) <= 0)
        json_object_set_new(rec, "client_id",
                            json_integer(sim__int(sim__db_get(db, "Tickets", tid), "client_id", -1)));
    return 0;
}

/* ---- KBArticle (KBEntry) ---- */

const struct sim_field sim__kb_fields[] = {
    SIM_FLD("id", 'i', 0, "0"),
    SIM_FLD("name", 's', 0, ""),
    SIM_FLD("description", 's', 0, ""),
    SIM_FLD("view_count", 'i', 0, "0"),
    SIM_FLD("useful_count", 'i', 0, "0"),
    SIM_FLD("notuseful_count", 'i', 0, "0"),
    SIM_FLD("date_created", 'd', 0, NULL),
    SIM_FLD("date_edited", 'd', 0, NULL),
    SIM_FLD("tag_string", 's', 0, ""),
    SIM_FLD("inactive", 'b', 0, "0"),
    SIM_FLD("type", 'i', 0, "0"),
    SIM_FLD("next_review_date", 'd', 0, NULL),
    SIM_FLD("creator_id", 'i', 0, "-1"),
    SIM_DER("creator_name", 0, d_agent, "creator_id", NULL, NULL, SIM_F_LIVE),
    SIM_FLD("resolution", 's', 1, ""),
    SIM_DER("description_html", 1, sim__d_html, "description", NULL, NULL, 0),
    SIM_DER("resolution_html", 1, sim__d_html, "resolution", NULL, NULL, 0),
    SIM_FLD("faqlists", 'a', 1, NULL),
    SIM_FLD("attachments", 'a', 1, NULL),
    SIM_FLD("related_articles", 'a', 1, NULL),
    SIM_FLD("customfields", 'a', 1, NULL),
    SIM_END,
};

/* faqlists=N: the article is in FAQ list N ({id} entries). */
static bool match_faqlist(struct sim_db *db, const json_t *r, const char *v)
{
    size_t i;
    json_t *x;
    (void)db;
    json_array_foreach(json_object_get(r, "faqlists"), i, x) {
        if (sim__int(x, "id", -1) == atoll(v))
            return true;
    }
    return false;
}

const struct sim_filter sim__kb_filters[] = {
    {"type", "type", SIM_EQ, NULL, NULL, NULL},
    {"faqlists", NULL, SIM_MATCH, NULL, NULL, match_faqlist},
    {NULL, NULL, SIM_EQ, NULL, NULL, NULL},
};

int sim__kb_complete(struct sim_db *db, json_t *rec, bool is_new, char *err, size_t errlen)
{
    char now[32];
    (void)db;
    (void)err;
    (void)errlen;
    /* HTML only: keep the plain text too, as for action notes. */
    static const char *const pairs[][2] = {{"description", "description_html"},
                                           {"resolution", "resolution_html"}};
    for (size_t i = 0; i < 2; i++) {
        if (!json_object_get(rec, pairs[i][0]) && sim__str(rec, pairs[i][1])) {
            char *t = sim__text_of_html(sim__str(rec, pairs[i][1]));
            json_object_set_new(rec, pairs[i][0], json_string(t));
            free(t);
        }
        json_object_del(rec, pairs[i][1]);
    }
    if (!is_new)
        json_object_set_new(rec, "date_edited", json_string(sim__format_date(now, base_wall_ms())));
    return 0;
}

/* ---- Attachment ---- */

static const char *content_type_of(const char *filename)
{
    static const char *const types[][2] = {
        {".txt", "text/plain"},  {".log", "text/plain"},       {".csv", "text/csv"},
        {".png", "image/png"},   {".jpg", "image/jpeg"},       {".jpeg", "image/jpeg"},
        {".gif", "image/gif"},   {".pdf", "application/pdf"},  {".json", "application/json"},
        {".html", "text/html"},  {".xml", "application/xml"},  {".zip", "application/zip"},
    };
    const char *dot = filename ? strrchr(filename, '.') : NULL;
    for (size_t i = 0; dot && i < sizeof types / sizeof types[0]; i++)
        if (strcasecmp(dot, types[i][0]) == 0)
            return types[i][1];
    return "application/octet-stream";
}

const struct sim_field sim__attachment_fields[] = {
    SIM_FLD("id", 'i', 0, "0"),
    SIM_FLD("filename", 's', 0, ""),
    SIM_FLD("datecreated", 'd', 0, NULL),
    SIM_FLD("note", 's', 0, ""),
    SIM_FLD("filesize", 'i', 0, "0"),
    SIM_FLD("type", 'i', 0, "0"),
    SIM_FLD("unique_id", 'i', 0, "0"),
    SIM_FLD("isimage", 'b', 0, "0"),
    SIM_FLD("content_type", 's', 0, "application/octet-stream"),
    SIM_FLD("ticket_id", 'i', 0, "-1"),
    SIM_FLD("action_id", 'i', 0, "0"),
    SIM_FLD("agent_id", 'i', 0, "-1"),
    SIM_FLD("user_id", 'i', 0, "-1"),
    SIM_FLD("showforusers", 'b', 0, "1"),
    SIM_FLD("faultid", 'i', 0, "-1"),
    SIM_FLD("link", 's', 1, ""),
    {"data_base64", 's', 0, "", NULL, NULL, NULL, NULL, SIM_F_HIDDEN},
    SIM_END,
};

const struct sim_filter sim__attachment_filters[] = {
    {"ticket_id", "ticket_id", SIM_EQ, NULL, NULL, NULL},
    {"action_id", "action_id", SIM_EQ, NULL, NULL, NULL},
    {NULL, NULL, SIM_EQ, NULL, NULL, NULL},
};
const struct sim_ref sim__attachment_refs[] = {
    {"ticket_id", "Tickets", "Ticket ID", "Ticket", true},
    {NULL, NULL, NULL, NULL, false},
};
const struct sim_required sim__attachment_required[] = {
    {"filename", "Filename is required"},
    {NULL, NULL},
};

int sim__attachment_complete(struct sim_db *db, json_t *rec, bool is_new, char *err,
                             size_t errlen)
{
    json_int_t tid = sim__int(rec, "ticket_id", -1), aid = sim__int(rec, "action_id", 0);
    const char *data = sim__str(rec, "data_base64");
    unsigned char *bytes;
    size_t len;
    if (aid > 0 && sim__int(sim__db_get(db, "Actions", aid), "ticket_id", -2) != tid)
        return sim__fail(err, errlen, "Action %lld is not on Ticket %lld", (long long)aid,
                         (long long)tid);
    if (is_new && !data)
        return sim__fail(err, errlen, "The file content is required (data_base64)");
    if (data) {
        if (sim__b64_decode(data, &bytes, &len) != 0)
            return sim__fail(err, errlen, "data_base64 is not valid base64");
        free(bytes);
        json_object_set_new(rec, "filesize", json_integer((json_int_t)len));
    }
    const char *ct = content_type_of(sim__str(rec, "filename"));
    json_object_set_new(rec, "content_type", json_string(ct));
    json_object_set_new(rec, "isimage", json_boolean(strncmp(ct, "image/", 6) == 0));
    json_object_set_new(rec, "faultid", json_integer(tid));
    return 0;
}

/* N8 sends the ticket as faultid (an Attachment property in SW too). */
json_int_t sim__attachment_identify(struct sim_db *db, json_t *sent)
{
    (void)db;
    if (!json_object_get(sent, "ticket_id") && json_object_get(sent, "faultid"))
        json_object_set(sent, "ticket_id", json_object_get(sent, "faultid"));
    return 0;
}

/* An action counts its attachments. */
static void recount(struct sim_db *db, json_int_t action)
{
    json_t *a = sim__lookup(db, "Actions", action);
    json_int_t n = 0;
    size_t i;
    json_t *r;
    if (!a)
        return;
    json_array_foreach(sim__db_all(db, "Attachment"), i, r)
        n += sim__int(r, "action_id", 0) == action;
    json_object_set_new(a, "attachment_count", json_integer(n));
}

void sim__attachment_saved(struct sim_db *db, json_t *rec, bool is_new)
{
    (void)is_new;
    recount(db, sim__int(rec, "action_id", 0));
}

void sim__attachment_removed(struct sim_db *db, const json_t *rec)
{
    recount(db, sim__int(rec, "action_id", 0));
}

/* GET /api/Attachment/{id}: the file itself, unless includedetails=true
 * (HAPI Get-HaloAttachment). */
int sim__attachment_route(struct sim_call *c)
{
    json_int_t id;
    int status = 200;
    if (strcmp(c->method, "GET") != 0 || !c->sub[0] || sim__qflag(c->query, "includedetails") ||
        !sim__parse_id(c->sub, &id))
        return 0;
    pthread_rwlock_rdlock(&c->s->lock);
    json_t *rec = sim__db_get(c->s->db, "Attachment", id);
    unsigned char *bytes = NULL;
    size_t len = 0;
    if (!rec) {
        status = sim__reply_error(c->out, 404, "No Attachment with id %lld was found", (long long)id);
    } else if (sim__b64_decode(sim__str(rec, "data_base64") ? sim__str(rec, "data_base64") : "",
                               &bytes, &len) != 0) {
        status = sim__reply_error(c->out, 500, "Attachment %lld cannot be read", (long long)id);
    } else {
        const char *name = sim__str(rec, "filename");
        c->out->bytes = (char *)bytes;
        c->out->len = len;
        c->out->ctype = content_type_of(name);
        c->out->disposition = xasprintf("attachment; filename=\"%s\"", name ? name : "file");
    }
    pthread_rwlock_unlock(&c->s->lock);
    return status;
}

/* ---- TicketApproval (FaultApproval: ticket_id + seq) ---- */

static json_t *d_summary(const struct rctx *c, const struct sim_field *f)
{
    (void)f;
    return sim__name_of(c->db, "Tickets", sim__int(c->stored, "ticket_id", -1), "summary");
}

const struct sim_field sim__approval_fields[] = {
    SIM_FLD("id", 'i', 0, "0"),
    SIM_FLD("ticket_id", 'i', 0, "-1"),
    SIM_DER("summary", 0, d_summary, NULL, NULL, NULL, SIM_F_LIVE),
    SIM_FLD("seq", 'i', 0, "1"),
    SIM_FLD("result", 'i', 0, "0"),
    SIM_FLD("type", 'i', 0, "0"),
    SIM_FLD("agent_id", 'i', 0, "-1"),
    SIM_DER("agent_name", 0, d_agent, "agent_id", NULL, NULL, SIM_F_LIVE),
    SIM_FLD("user_id", 'i', 0, "-1"),
    SIM_FLD("emailaddress", 's', 0, ""),
    SIM_FLD("requestor_agent_id", 'i', 0, "-1"),
    SIM_DER("requestor_name", 0, d_agent, "requestor_agent_id", NULL, NULL, SIM_F_LIVE),
    SIM_FLD("datetime", 'd', 0, NULL),
    SIM_FLD("dateapproved", 'd', 0, NULL),
    SIM_FLD("approver_note", 's', 0, ""),
    SIM_FLD("note", 's', 0, ""),
    SIM_FLD("is_mandatory", 'b', 0, "1"),
    SIM_FLD("approval_process_id", 'i', 0, "-1"),
    SIM_FLD("approval_process_name", 's', 0, ""),
    SIM_FLD("step_name", 's', 1, ""),
    SIM_END,
};

/* mine=true: what waits for the API application's agent. */
static bool approval_mine(struct sim_db *db, const json_t *r)
{
    (void)db;
    return sim__int(r, "agent_id", -1) == SIM_API_AGENT_ID && sim__int(r, "result", 0) == 0;
}

const struct sim_filter sim__approval_filters[] = {
    {"ticket_id", "ticket_id", SIM_EQ, NULL, NULL, NULL},
    {"mine", NULL, SIM_TRUE, NULL, approval_mine, NULL},
    {NULL, NULL, SIM_EQ, NULL, NULL, NULL},
};
const struct sim_ref sim__approval_refs[] = {
    {"ticket_id", "Tickets", "Ticket ID", "Ticket", false},
    {"agent_id", "Agent", NULL, "Agent", false},
    {NULL, NULL, NULL, NULL, false},
};

static json_t *approval_by_key(struct sim_db *db, json_int_t ticket, json_int_t seq)
{
    size_t i;
    json_t *r;
    json_array_foreach(sim__db_all(db, "TicketApproval"), i, r) {
        if (sim__int(r, "ticket_id", -1) == ticket && sim__int(r, "seq", -1) == seq)
            return r;
    }
    return NULL;
}

json_int_t sim__approval_identify(struct sim_db *db, json_t *sent)
{
    json_t *r = approval_by_key(db, sim__int(sent, "ticket_id", -1), sim__int(sent, "seq", -1));
    return r ? sim__int(r, "id", 0) : 0;
}

int sim__approval_complete(struct sim_db *db, json_t *rec, bool is_new, char *err, size_t errlen)
{
    char now[32];
    json_int_t result = sim__int(rec, "result", 0);
    if (result < 0 || result > 2)
        return sim__fail(err, errlen, "result must be 0 (pending), 1 (approved) or 2 (rejected)");
    if (is_new) {
        json_int_t seq = 1, t = sim__int(rec, "ticket_id", -1);
        while (approval_by_key(db, t, seq))
            seq++;
        sim__set_default(rec, "seq", json_integer(seq));
        sim__set_default(rec, "requestor_agent_id", json_integer(SIM_API_AGENT_ID));
    }
    if (result > 0 && (!sim__str(rec, "dateapproved") ||
                       strcmp(sim__str(rec, "dateapproved"), SIM_DATE_UNSET) == 0))
        json_object_set_new(rec, "dateapproved", json_string(sim__format_date(now, base_wall_ms())));
    return 0;
}

/* DELETE /api/TicketApproval/{ticket_id}&{seq} (SW's path: FAULTAPPROVAL is
 * keyed by FAid + FAseq). A plain id deletes by record id. */
int sim__approval_route(struct sim_call *c)
{
    const char *amp = strchr(c->sub, '&');
    json_int_t ticket, seq;
    char idbuf[32];
    int status = 200;
    if (strcmp(c->method, "DELETE") != 0 || !amp)
        return 0;
    snprintf(idbuf, sizeof idbuf, "%.*s", (int)(amp - c->sub), c->sub);
    if (!sim__parse_id(idbuf, &ticket) || !sim__parse_id(amp + 1, &seq))
        return sim__reply_error(c->out, 404, "No TicketApproval %s was found", c->sub);
    pthread_rwlock_wrlock(&c->s->lock);
    json_t *r = approval_by_key(c->s->db, ticket, seq);
    if (!r) {
        status = sim__reply_error(c->out, 404, "No approval %lld of Ticket %lld was found",
                                  (long long)seq, (long long)ticket);
    } else {
        json_t *gone = sim__db_remove(c->s->db, "TicketApproval", sim__int(r, "id", 0));
        c->out->json = sim__render(c->s->db, "TicketApproval", gone, false, NULL);
        c->out->applied = true;
        json_decref(gone);
        sim__persist(c->s);
    }
    pthread_rwlock_unlock(&c->s->lock);
    return status;
}

/* ---- Report (AnalyzerProfile): saved reports and ad-hoc SQL ---- */

const struct sim_field sim__report_fields[] = {
    SIM_FLD("id", 'i', 0, "0"),
    SIM_FLD("name", 's', 0, ""),
    SIM_FLD("type", 'i', 0, "0"),
    SIM_FLD("reportgroup_id", 'i', 0, "-1"),
    SIM_FLD("group_name", 's', 0, ""),
    SIM_FLD("reportingperiod", 'i', 0, "0"),
    SIM_FLD("charttitle", 's', 0, ""),
    SIM_FLD("charttype", 'i', 0, "0"),
    SIM_FLD("is_published", 'b', 0, "0"),
    SIM_FLD("published_id", 's', 0, ""),
    SIM_FLD("count", 'b', 0, "0"),
    SIM_FLD("sum", 'b', 0, "0"),
    SIM_FLD("sql", 's', 1, ""),
    SIM_FLD("reportingperioddatefield", 's', 1, ""),
    SIM_END,
};

const struct sim_filter sim__report_filters[] = {
    {"reportgroup_id", "reportgroup_id", SIM_EQ, NULL, NULL, NULL},
    {"type", "type", SIM_EQ, NULL, NULL, NULL},
    {NULL, NULL, SIM_EQ, NULL, NULL, NULL},
};
const struct sim_required sim__report_required[] = {
    {"name", "Report Name is required"},
    {NULL, NULL},
};

/* Adds the result of running sql: report {loaded, load_error, rows} and the
 * columns. A SQL gate refusal becomes the load_error of a saved report. */
static void attach_report(struct sim_db *db, json_t *out, const char *sql)
{
    char err[512];
    json_t *rep = sim__report_run(db, sql ? sql : "", err, sizeof err);
    if (!rep)
        rep = json_pack("{s:b, s:s, s:[], s:[]}", "loaded", 0, "load_error", err, "rows",
                        "columns");
    json_object_set(out, "available_columns", json_object_get(rep, "columns"));
    json_object_set_new(out, "report", rep);
}

/* GET /api/Report/{id}?loadreport=true runs the saved report. */
void sim__report_finish(const struct rctx *c, json_t *out)
{
    if (c->detail && c->db && sim__qflag(c->query, "loadreport"))
        attach_report(c->db, out, sim__str(c->stored, "sql"));
}

/* POST /api/Report [{id:0, sql, _loadreportonly:true}]: runs the SQL without
 * saving (HAPI Invoke-HaloSQL) and answers one AnalyzerProfile with the
 * rows at report.rows. Without _loadreportonly the report is saved (the
 * generic upsert). */
int sim__report_route(struct sim_call *c)
{
    json_t *in, *elem;
    int status = 200;
    char err[512];
    if (strcmp(c->method, "POST") != 0 || c->sub[0])
        return 0;
    in = json_loadb(c->body ? c->body : "", c->body_len, 0, NULL);
    elem = json_array_get(in, 0);
    if (!json_is_array(in) || !json_is_true(json_object_get(elem, "_loadreportonly"))) {
        json_decref(in);
        return 0;
    }
    if (json_array_size(in) != 1 || !json_is_string(json_object_get(elem, "sql"))) {
        json_decref(in);
        return sim__reply_error(c->out, 400, "An ad-hoc report needs one element with its sql");
    }
    pthread_rwlock_rdlock(&c->s->lock);
    json_t *rep = sim__report_run(c->s->db, sim__str(elem, "sql"), err, sizeof err);
    if (!rep) {
        status = sim__reply_error(c->out, 400, "%s", err);
    } else {
        const char *name = sim__str(elem, "name");
        c->out->json = json_pack("{s:I, s:s, s:s, s:O, s:o}", "id",
                                 (json_int_t)sim__int(elem, "id", 0), "name", name ? name : "",
                                 "sql", sim__str(elem, "sql"), "available_columns",
                                 json_object_get(rep, "columns"), "report", rep);
    }
    pthread_rwlock_unlock(&c->s->lock);
    json_decref(in);
    return status;
}
