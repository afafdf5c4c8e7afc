/* workflows.c - the workflows domain: HaloPSA workflows (ticket process flows) and their steps. */
#include "tools_int.h"

#include "base/base.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const workflow_row_fields[] = {"id", "name", "note", "active", "notinuse", NULL};

static const char *const step_row_fields[] = {
    "fdid", "flow_id", "step_id", "name", "isstart", "isend", "stage_number", NULL,
};

/* Rows of workflows_steps: the step summaries below, actions included. */
static const char *const step_list_fields[] = {
    "fdid", "flow_id", "step_id", "name", "isstart", "isend", "stage_number", "actions", NULL,
};

/* steps are summarised below; stages and targets are embedded definitions. */
static const char *const workflow_drop[] = {"steps", "stages", "targets", NULL};

static const struct tools_entity workflow = {
    .noun = "workflow",
    .path = "/api/Workflow",
    .key = "workflows",
    .row = workflow_row_fields,
    .drop = workflow_drop,
    .get_flags = (const char *const[]){"includedetails", NULL},
};

static const struct tools_entity step_entity = {
    .noun = "workflow step",
    .rows = "steps",
    .path = "/api/workflowstep",
    .key = "workflowsteps",
    .row = step_list_fields,
};

/* One step as a compact row with its actions as "Proceed -> step 3".
 * New object. */
static json_t *step_summary(json_t *step)
{
    json_t *row = tools__row(step, step_row_fields);
    json_t *acts = json_array();
    size_t i;
    json_t *a;
    json_array_foreach(json_object_get(step, "actions"), i, a) {
        const char *name = json_string_value(json_object_get(a, "name"));
        json_t *next = json_object_get(a, "next_step_id");
        char *s;
        if (json_is_integer(next) && json_integer_value(next) > 0)
            s = xasprintf("%s -> step %lld", name ? name : "?", (long long)json_integer_value(next));
        else
            s = xasprintf("%s", name ? name : "?");
        json_array_append_new(acts, json_string(s));
        free(s);
    }
    if (json_array_size(acts) > 0)
        json_object_set_new(row, "actions", acts);
    else
        json_decref(acts);
    return row;
}

static json_t *run_get(struct tools_call *c, json_t *args)
{
    json_t *rec = tools__get_one(c, tools__arg_id(args, "id"), NULL), *detail, *steps, *st;
    size_t i;
    if (!rec)
        return NULL;
    detail = tools__detail(rec, workflow.drop, 2000, args);
    if (!json_is_true(json_object_get(args, "full"))) {
        steps = json_array();
        json_array_foreach(json_object_get(rec, "steps"), i, st)
            json_array_append_new(steps, step_summary(st));
        json_object_set_new(detail, "steps", steps);
    }
    json_decref(rec);
    return tools__result(json_pack("{s:o}", "workflow", detail));
}

static json_t *run_steps(struct tools_call *c, json_t *args)
{
    json_int_t flow = tools__arg_id(args, "workflow_id");
    json_t *resp, *rows, *res, *st;
    size_t i;
    /* GET /api/workflowstep documents no workflow filter, so every step
     * comes back and the filter is applied here. */
    resp = tools__get(c, step_entity.path, NULL);
    if (!resp)
        return NULL;
    rows = json_array();
    json_array_foreach(tools__rows(resp, step_entity.key, NULL), i, st) {
        json_t *f = json_object_get(st, "flow_id");
        if (flow > 0 && !(json_is_integer(f) && json_integer_value(f) == flow))
            continue;
        json_array_append_new(rows, step_summary(st));
    }
    json_decref(resp);
    res = tools__list_local(c, args, rows);
    json_decref(rows);
    return res;
}

/* The steps of a create or update: names become {name}. New array. */
static json_t *step_records(json_t *steps)
{
    json_t *out = json_array();
    size_t i;
    json_t *st;
    json_array_foreach(steps, i, st) {
        if (json_is_string(st))
            json_array_append_new(out, json_pack("{s:O}", "name", st));
        else
            json_array_append(out, st);
    }
    return out;
}

static json_t *run_create(struct tools_call *c, json_t *args)
{
    json_int_t id = tools__arg_id(args, "id");
    const char *name = json_string_value(json_object_get(args, "name"));
    json_t *steps = json_object_get(args, "steps");
    json_t *rec = json_object(), *records = NULL, *reply = NULL, *res = NULL;

    if (id <= 0 && (!name || !*name)) {
        tools__fail(c, "argument 'name': required to create a workflow (give id to update an "
                       "existing one)");
        goto out;
    }
    if (id > 0) {
        /* An unknown id must not quietly become a new workflow. */
        if (tools__exists(c, id, args) != 0)
            goto out;
        json_object_set_new(rec, "id", json_integer(id));
    }
    if (tools__put_all(c, args, rec) != 0)
        goto out;
    if (json_is_array(steps))
        json_object_set_new(rec, "steps", step_records(steps));
    if (id > 0 && json_object_size(rec) == 1) {
        tools__fail(c, "nothing to update: give name, note, active or steps");
        goto out;
    }
    records = json_pack("[O]", rec);
    if (!(reply = tools__post(c, workflow.path, records)))
        goto out;
    json_t *saved = tools__saved_record(reply, workflow.key);
    res = tools__result(json_pack("{s:b, s:o}", id > 0 ? "updated" : "created", 1, "workflow",
                                  saved ? tools__row(saved, workflow_row_fields) : json_object()));
out:
    json_decref(reply);
    json_decref(records);
    json_decref(rec);
    return res;
}

static const struct tools_arg list_args[] = {
    {"include_inactive", TOOLS_A_FLAG, "Also list inactive workflows", 0, "includeinactive"},
    {NULL},
};

static const struct tools_arg steps_args[] = {
    {"workflow_id", TOOLS_A_INT, "Only the steps of this workflow", TOOLS_LOCAL, .range = "1.."},
    {NULL},
};

static const struct tools_arg no_args[] = {{NULL}};

static const struct tools_arg create_args[] = {
    {"name", TOOLS_A_STRING, "Workflow name (required to create)", TOOLS_NONEMPTY},
    {"note", TOOLS_A_STRING, "Description"},
    {"active", TOOLS_A_BOOL, "Whether tickets can use it"},
    {"steps", TOOLS_A_LIST, "Steps in order: names, or FlowDetail objects",
     TOOLS_LOCAL | TOOLS_NAMES_OK},
    {NULL},
};

const struct tools_tool tools__workflow_tools[] = {
    {
        TOOLS_V_LIST, &workflow,
        .description =
            "The workflows (process flows tickets move through) from GET /api/Workflow: id, "
            "name, note, active. Active ones only unless include_inactive. HaloPSA returns the "
            "whole list; it is paged here.",
        .args = list_args,
    },
    {
        TOOLS_V_GET, &workflow,
        .description =
            "One workflow by id with its steps summarised (step id, name, start/end, stage, and "
            "the actions that lead to the next step). fields lists extra fields in full; "
            "full:true returns the raw record.",
        .args = no_args,
        .run = run_get,
    },
    {
        TOOLS_V_LIST, &step_entity,
        .name = "halopsa_workflows_steps",
        .title = "List workflow steps",
        .description =
            "Workflow steps from GET /api/workflowstep (HaloPSA has no per-workflow steps "
            "endpoint; workflow_id is filtered here): step id, workflow (flow_id), name, "
            "start/end, stage and actions.",
        .args = steps_args,
        .run = run_steps,
    },
    {
        TOOLS_V_SAVE, &workflow,
        .title = "Create or update a workflow",
        .description =
            "Create a workflow, or update one when id is given: POSTs a one-element array to "
            "/api/Workflow (HaloPSA has no PUT; an element with an id updates, one without "
            "creates). name is required to create. steps is an optional list of step names or "
            "step objects ({name, isstart, isend, stage_number, ...}); sending steps replaces "
            "them. An update checks the workflow exists first. dry_run:true shows the body "
            "without sending it.",
        .args = create_args,
        .run = run_create,
    },
    {TOOLS_V_DELETE, &workflow},
    {TOOLS_V_NONE},
};
