/* projects.c - the projects domain: projects (tickets of a project type,
 * GET /api/Projects?domain=prjs), their tasks (child tickets by
 * parent_id) and a new task filed under its project with the project's
 * client and site. */
#include "tools_int.h"

#include "base/base.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A ticket's embedded definitions, left out of a detail view. */
#define TICKET_DROP                                                                              \
    (const char *const[]) { "tickettype", "priority", "sla", "workflow", "lastaction", NULL }

static const struct tools_entity project = {
    .noun = "project",
    .path = "/api/Projects",
    .key = "tickets",
    .name_field = "summary",
    .flags = TOOLS_E_PAGED,
    .about = "Projects are tickets of a project ticket type; their tasks are child tickets "
             "(halopsa_projects_list_tasks).",
    .row = (const char *const[]){"id", "summary", "client_name", "status_name", "agent_name",
                                 "startdate", "targetdate", "projecttimebudget", NULL},
    .drop = TICKET_DROP,
    .untrusted = (const char *const[]){"details", "details_html", NULL},
};

static const struct tools_arg project_arg = {
    "project_id", TOOLS_A_INT, "The project (halopsa_projects_list)", 0, "parent_id",
    .range = "1.."};

static const struct tools_entity task = {
    .noun = "project task",
    .rows = "tasks",
    .path = "/api/Projects",
    .key = "tickets",
    .name_field = "summary",
    .flags = TOOLS_E_PAGED,
    .row = (const char *const[]){"id", "summary", "status_name", "agent_name",
                                 "tickettype_name", "startdate", "targetdate", NULL},
    .drop = TICKET_DROP,
    .untrusted = (const char *const[]){"details", "details_html", NULL},
    .parent = &project_arg,
};

/* The ticket type of the project's existing tasks, or 0 when it has none
 * (then HaloPSA's default applies). -1 with c->error. */
static int sibling_type(struct tools_call *c, json_int_t project_id, json_int_t *type)
{
    json_t *q = json_pack("{s:I}", "parent_id", project_id);
    halo_page_query(q, 1, 1);
    json_t *resp = tools__get(c, task.path, q);
    json_decref(q);
    if (!resp)
        return -1;
    json_t *first = json_array_get(tools__rows(resp, task.key, NULL), 0);
    json_t *t = json_object_get(first, "tickettype_id");
    *type = json_is_integer(t) ? json_integer_value(t) : 0;
    json_decref(resp);
    return 0;
}

static json_t *run_create_task(struct tools_call *c, json_t *args)
{
    json_int_t pid = tools__arg_id(args, "project_id"), type = 0;
    char *path = tools__record_path(&project, pid);
    json_t *proj = tools__get(c, path, NULL), *rec = NULL, *body = NULL, *reply = NULL;
    json_t *res = NULL;
    const char *type_from = "given";
    free(path);
    if (!proj)
        return NULL;
    json_t *p = halo_record(proj, project.key);
    if (!json_is_object(p)) {
        tools__fail(c, "HaloPSA returned no project for GET /api/Projects/%lld", (long long)pid);
        goto out;
    }
    rec = json_object();
    if (tools__put_all(c, args, rec) != 0)
        goto out;
    /* A task belongs to its project's client and site. */
    static const char *const inherited[] = {"client_id", "site_id", NULL};
    for (size_t i = 0; inherited[i]; i++) {
        json_t *v = json_object_get(p, inherited[i]);
        if (json_is_number(v) && json_number_value(v) > 0)
            json_object_set_new(rec, inherited[i],
                                json_integer((json_int_t)json_number_value(v)));
    }
    if (!json_object_get(rec, "tickettype_id")) {
        if (sibling_type(c, pid, &type) != 0)
            goto out;
        type_from = type > 0 ? "the project's other tasks" : "HaloPSA's default";
        if (type > 0)
            json_object_set_new(rec, "tickettype_id", json_integer(type));
    }
    body = json_pack("[O]", rec);
    if (!(reply = tools__post(c, "/api/Tickets", body)))
        goto out;
    json_t *saved = tools__saved_record(reply, "tickets");
    json_int_t id = json_integer_value(json_object_get(saved, "id"));
    json_t *row = saved ? tools__row(saved, task.row) : json_object();
    char *text = xasprintf("Created task %lld '%s' in project %lld (ticket type: %s).",
                           (long long)id, json_string_value(json_object_get(args, "summary")),
                           (long long)pid, type_from);
    res = mcp_result_structured(json_pack("{s:s, s:I, s:o, s:s*}", "result", "created", "id", id,
                                          "record", row, "defaults_applied",
                                          type > 0 ? "tickettype from the project's tasks"
                                                   : NULL),
                                text);
    free(text);
out:
    json_decref(reply);
    json_decref(body);
    json_decref(rec);
    json_decref(proj);
    return res;
}

/* Open or closed, as tickets filter it. */
#define STATE_ARG                                                                                \
    {"state", TOOLS_A_CHOICE, "Open, closed, or any (default)",                                  \
     .values = (const char *const[]){"open", "open_only=true", "closed", "closed_only=true",     \
                                     "any", NULL, NULL}}

static const struct tools_arg list_args[] = {
    {"client", TOOLS_A_REF, "Only this client's projects: client", 0, "client_id",
     TOOLS_REF_CLIENT},
    {"agent", TOOLS_A_REF, "Only projects assigned to this agent: agent", 0, "agent_id",
     TOOLS_REF_AGENT},
    STATE_ARG,
    {"search", TOOLS_A_SEARCH, "Text to look for in the summary and details"},
    {NULL},
};

static const struct tools_arg task_list_args[] = {
    STATE_ARG,
    {"search", TOOLS_A_SEARCH, "Text to look for in the task's summary and details"},
    {NULL},
};

static const struct tools_arg task_args[] = {
    {"summary", TOOLS_A_STRING, "What the task is", TOOLS_REQUIRED | TOOLS_NONEMPTY},
    {"details", TOOLS_A_STRING, "Description"},
    {"agent", TOOLS_A_REF, "Agent to assign it to", 0, "agent_id", TOOLS_REF_AGENT},
    {"tickettype", TOOLS_A_REF, "Ticket type of the task (default: the one the project's other "
     "tasks use)", 0, "tickettype_id", TOOLS_REF_TICKETTYPE},
    {"start_date", TOOLS_A_DATE_FROM, "Planned start, e.g. 2026-09-01", 0, "startdate"},
    {"target_date", TOOLS_A_DATE_TO, "Due date (a bare date means the end of that day)", 0,
     "targetdate"},
    {NULL},
};

static const char *const domain_projects[] = {"domain=prjs", NULL};

const struct tools_tool tools__project_tools[] = {
    {TOOLS_V_LIST, &project, .args = list_args, .query = domain_projects},
    {TOOLS_V_GET, &project},
    {TOOLS_V_LIST, &task, .name = "halopsa_projects_list_tasks", .args = task_list_args},
    {
        TOOLS_V_CREATE, &task,
        .name = "halopsa_projects_create_task",
        .title = "Add a task to a project",
        .description =
            "Add a task to a project: a ticket filed under it (parent_id) with the project's "
            "client and site, POSTed as a one-element array to /api/Tickets. The ticket type "
            "defaults to the one the project's other tasks use (HaloPSA's default when it has "
            "none). dry_run: true shows the exact request without sending it.",
        .args = task_args,
        .run = run_create_task,
        .endpoint = "/api/Tickets",
    },
    {TOOLS_V_NONE},
};
