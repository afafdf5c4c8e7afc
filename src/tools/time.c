/* time.c - the time domain: log time on a ticket in minutes (an action with
 * timetaken, converted to HaloPSA's hours in one place, args.c), list time
 * entries (timesheet events) by agent and dates, an agent's day (the
 * timesheet) and deleting an entry, never the note it was logged with. */
#include "tools_int.h"

#include "base/base.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const entry_row[] = {
    "id",        "start_date", "end_date", "timetaken", "agent_name", "ticket_id",
    "action_number", "subject", "customer",  "event_type", "note",      NULL,
};

/* A timesheet event: what HaloPSA's timesheets are made of. */
static const struct tools_entity entry = {
    .noun = "time entry",
    .nouns = "time entries",
    .rows = "entries",
    .path = "/api/TimesheetEvent",
    .name_field = "subject",
    .about = "Entries are HaloPSA's timesheet events; timetaken is in hours. One with an "
             "action_number was logged as that action (note) on ticket_id.",
    .row = entry_row,
};

/* Time on a ticket is an action with timetaken (halopsa-api.md §9.2). */
static const struct tools_entity time_action = {
    .noun = "time entry",
    .path = "/api/Actions",
    .key = "actions",
    .name_field = "outcome",
    .parent = &(const struct tools_arg){"ticket_id", TOOLS_A_INT, "The ticket the time is for",
                                        .range = "1.."},
};

static const struct tools_entity timesheet = {
    .noun = "timesheet",
    .path = "/api/Timesheet",
};

/* ---- halopsa_time_log --------------------------------------------------- */

static json_t *run_log(struct tools_call *c, json_t *args)
{
    json_t *hv = json_object_get(args, "hiddenfromuser");
    double minutes = json_number_value(json_object_get(args, "minutes"));
    struct tools_note n = {
        .ticket_id = tools__arg_id(args, "ticket_id"),
        .hidden = hv ? json_is_true(hv) : true,
        .email = false,
        .hours = tools__minutes_to_hours(minutes),
    };
    json_t *rec = json_object(), *saved = NULL, *res = NULL;
    char lead[96];

    if (tools__put_all(c, args, rec) != 0 || !(saved = tools__post_action(c, rec, &n)))
        goto out;
    snprintf(lead, sizeof lead, "Logged %g minutes on ticket %lld", minutes,
             (long long)n.ticket_id);
    char *msg = tools__note_summary(lead, &n);
    json_t *row = tools__row(saved, (const char *const[]){"id", "datetime", "who", "outcome",
                                                          "timetaken", "actisbillable", NULL});
    json_int_t whole;
    json_t *m = tools__whole(minutes, &whole) ? json_integer(whole) : json_real(minutes);
    res = tools__result_lead(msg, json_pack("{s:s, s:I, s:o, s:f, s:b, s:o}", "summary", msg,
                                            "ticket_id", n.ticket_id, "minutes", m, "hours",
                                            n.hours, "private", n.hidden, "action", row));
    free(msg);
out:
    json_decref(saved);
    json_decref(rec);
    return res;
}

/* ---- halopsa_time_timesheet ------------------------------------------- */

static const char *const day_fields[] = {
    "date",         "agent_id",         "agent_name",  "start_time",     "end_time",
    "target_hours", "actual_hours",     "chargeable_hours", "break_hours", "unlogged_hours",
    "approval_status", NULL,
};

/* GET /api/Timesheet/0?agent_id&date: the agent's day (RED passes the
 * day's record id with both; 0 when the day has no record yet). */
static json_t *run_timesheet(struct tools_call *c, json_t *args)
{
    json_t *who = json_object_get(args, "agent"), *me = json_string("me");
    json_t *date = json_object_get(args, "date"), *q = NULL, *resp = NULL, *res = NULL;
    json_int_t agent;
    char day[32];
    if (tools__resolve(c, TOOLS_REF_AGENT, "agent", who ? who : me, 0, &agent) != 0)
        goto out;
    q = json_pack("{s:I}", "agent_id", agent);
    if (date) {
        if (tools__date(c, "date", date, false, day, sizeof day) != 0)
            goto out;
        json_object_set_new(q, "date", json_string(day));
    }
    if (!(resp = tools__get(c, "/api/Timesheet/0", q)))
        goto out;
    json_t *rec = halo_record(resp, "timesheets");
    if (!json_is_object(rec)) {
        tools__fail(c, "HaloPSA returned no timesheet for GET /api/Timesheet/0");
        goto out;
    }
    json_t *entries = json_array();
    size_t i;
    json_t *ev;
    json_array_foreach(json_object_get(rec, "events"), i, ev)
        json_array_append_new(entries, tools__row(ev, entry_row));
    res = tools__result(json_pack("{s:o, s:o}", "timesheet", tools__row(rec, day_fields),
                                  "entries", entries));
out:
    json_decref(resp);
    json_decref(q);
    json_decref(me);
    return res;
}

/* ---- halopsa_time_delete ---------------------------------------------- */

/* An entry logged as an action is that action's time: deleting the event
 * alone would leave the time on the ticket, deleting the action would take
 * the note with it. Neither is what "delete this entry" means, so say
 * which tools do it and send nothing. */
static json_t *run_delete(struct tools_call *c, json_t *args)
{
    json_int_t id = tools__arg_id(args, "id");
    json_t *rec = tools__get_one(c, id, NULL);
    if (!rec)
        return NULL;
    json_int_t action = json_integer_value(json_object_get(rec, "action_number"));
    json_int_t ticket = json_integer_value(json_object_get(rec, "ticket_id"));
    json_decref(rec);
    if (action > 0 && ticket > 0)
        return tools__fail(c, "Not deleted: time entry %lld is the time of action %lld on ticket "
                              "%lld. Change that action's timetaken (halopsa_actions_create with "
                              "id %lld, ticket_id %lld, timetaken 0) to remove the time and keep "
                              "the note, or delete the action with its note "
                              "(halopsa_actions_delete). Nothing was sent.",
                           (long long)id, (long long)action, (long long)ticket,
                           (long long)action, (long long)ticket);
    return tools__generic_run(TOOLS_V_DELETE)(c, args);
}

/* ---- the table -------------------------------------------------------- */

static const struct tools_arg log_args[] = {
    {"minutes", TOOLS_A_MINUTES, "Time spent", TOOLS_REQUIRED, "timetaken", .range = "1..1440"},
    {"note", TOOLS_A_STRING, "What was done (the action's note)", TOOLS_REQUIRED | TOOLS_NONEMPTY},
    {"outcome", TOOLS_A_REF, "Action type (default \"Private Note\"): outcome", 0, "outcome_id",
     TOOLS_REF_OUTCOME},
    {"billable", TOOLS_A_BOOL, "Billable time (HaloPSA's default when not given)", 0,
     "actisbillable"},
    {"hiddenfromuser", TOOLS_A_BOOL, "Private: the end user does not see the note",
     .dflt = "true"},
    {NULL},
};

static const struct tools_arg list_args[] = {
    {"agent", TOOLS_A_REF, "Only this agent's entries (\"me\": the API application's agent): "
     "agent", 0, "agent_id", TOOLS_REF_AGENT},
    {"from", TOOLS_A_DATE_FROM, "Start of the window, e.g. 2026-09-01", TOOLS_REQUIRED,
     "start_date"},
    {"to", TOOLS_A_DATE_TO, "End of the window (a bare date includes that whole day)", 0,
     "end_date"},
    {NULL},
};

static const struct tools_arg day_args[] = {
    {"agent", TOOLS_A_REF, "Whose day (default \"me\": the API application's agent): agent",
     TOOLS_LOCAL, "agent_id", TOOLS_REF_AGENT},
    {"date", TOOLS_A_DATE_FROM, "The day, e.g. 2026-09-01 (default today)", TOOLS_LOCAL, "date"},
    {NULL},
};

const struct tools_tool tools__time_tools[] = {
    {
        TOOLS_V_CREATE, &time_action,
        .name = "halopsa_time_log",
        .title = "Log time on a ticket",
        .description =
            "Log time spent on a ticket, in MINUTES: posts an action (POST /api/Actions "
            "[{ticket_id, outcome_id, note, timetaken, ...}]) whose timetaken HaloPSA keeps in "
            "hours (minutes / 60: 90 minutes are 1.5 hours; halopsa-api.md §9.2 on the unit). "
            "Safe defaults: a private note, no e-mail to the end user. The time lands on the "
            "API application's agent's timesheet. dry_run:true shows the body without sending "
            "it.",
        .args = log_args,
        .run = run_log,
    },
    {
        TOOLS_V_LIST, &entry,
        .name = "halopsa_time_list",
        .title = "List time entries",
        .description =
            "Time entries (GET /api/TimesheetEvent?agent_id&start_date&end_date, the whole list, "
            "paged here) overlapping a date window, for one agent (a name, an id or \"me\") or "
            "all. Rows: id, start and end, timetaken in HOURS, agent, ticket_id and "
            "action_number (time logged as an action on that ticket), subject, customer. "
            "Dates are HaloPSA's (UTC, zone-less).",
        .args = list_args,
    },
    {
        TOOLS_V_RUN, &timesheet,
        .name = "halopsa_time_timesheet",
        .title = "An agent's day (timesheet)",
        .description =
            "One agent's day: GET /api/Timesheet/0?agent_id&date (the day looked up by agent "
            "and date). Hours worked, target, chargeable and unlogged hours, approval status, "
            "and the day's time entries (timetaken in hours). agent defaults to \"me\", date to "
            "today.",
        .args = day_args,
        .run = run_timesheet,
    },
    {
        TOOLS_V_DELETE, &entry,
        .name = "halopsa_time_delete",
        .description =
            "Delete a time entry (DELETE /api/TimesheetEvent/{id}) that was not logged as an "
            "action; for one that was (it has an action_number), this says how to remove the "
            "time from that action instead and sends nothing. Cannot be undone: the user is "
            "asked to confirm, or, where the client cannot ask, confirm: true is needed.",
        .run = run_delete,
    },
    {TOOLS_V_NONE},
};
