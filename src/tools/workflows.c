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

static const struct tools_list_spec workflow_list = {
    .path = "/api/Workflow",
    .wrapper = NULL,
    .rows_key = "workflows",
    .fields = workflow_row_fields,
    .paginated = false,
};

static const struct tools_list_spec step_list = {
    .path = "/api/workflowstep",
    .wrapper = NULL,
    .rows_key = "steps",
    .fields = step_list_fields,
    .paginated = false,
};

static json_t *run_list(struct tools_call *c, json_t *args, const struct tools_tool *t)
{
    json_t *query = json_object();
    json_t *res;
    (void)t;
    if (json_is_true(json_object_get(args, "include_inactive")))
        json_object_set_new(query, "includeinactive", json_true());
    res = tools__list(c, &workflow_list, args, query);
    json_decref(query);
    return res;
}

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

static json_t *run_get(struct tools_call *c, json_t *args, const struct tools_tool *t)
{
    json_int_t id = tools__arg_id(args, "id");
    char path[64];
    json_t *query, *rec, *detail, *steps, *s;
    size_t i;
    (void)t;

    snprintf(path, sizeof path, "/api/Workflow/%lld", (long long)id);
    query = json_pack("{s:b}", "includedetails", 1);
    rec = tools__get_record(c, path, query, "workflows", "workflow");
    json_decref(query);
    if (!rec)
        return tools__take_error(c);
    detail = tools__detail(rec, workflow_drop, 2000, args);
    if (!json_is_true(json_object_get(args, "full"))) {
        steps = json_array();
        json_array_foreach(json_object_get(rec, "steps"), i, s)
            json_array_append_new(steps, step_summary(s));
        json_object_set_new(detail, "steps", steps);
    }
    json_decref(rec);
    return tools__result(json_pack("{s:o}", "workflow", detail));
}

static json_t *run_steps(struct tools_call *c, json_t *args, const struct tools_tool *t)
{
    json_int_t flow = tools__arg_id(args, "workflow_id");
    json_t *resp, *rows, *res, *s;
    size_t i;
    (void)t;
    /* GET /api/workflowstep documents no workflow filter, so every step
     * comes back and the filter is applied here. */
    resp = tools__get(c, "/api/workflowstep", NULL);
    if (!resp)
        return tools__take_error(c);
    rows = json_array();
    json_array_foreach(halo_rows(resp, "workflowsteps", NULL), i, s) {
        json_t *f = json_object_get(s, "flow_id");
        if (flow > 0 && !(json_is_integer(f) && json_integer_value(f) == flow))
            continue;
        json_array_append_new(rows, step_summary(s));
    }
    json_decref(resp);
    res = tools__list_local(c, &step_list, args, rows);
    json_decref(rows);
    return res;
}

static json_t *run_create(struct tools_call *c, json_t *args, const struct tools_tool *t)
{
    json_int_t id = tools__arg_id(args, "id");
    const char *name = json_string_value(json_object_get(args, "name"));
    const char *note = json_string_value(json_object_get(args, "note"));
    json_t *active = json_object_get(args, "active");
    json_t *steps = json_object_get(args, "steps");
    json_t *rec = json_object();
    json_t *records = NULL, *reply = NULL, *res;
    char path[64];
    size_t i;
    json_t *s;
    (void)t;

    if (id <= 0 && (!name || !*name)) {
        res = tools__fail(c, "argument 'name': required to create a workflow (give id to update "
                             "an existing one)");
        goto out;
    }
    if (id > 0) {
        /* An unknown id must not quietly become a new workflow. */
        snprintf(path, sizeof path, "/api/Workflow/%lld", (long long)id);
        json_t *existing = tools__get(c, path, NULL);
        if (!existing) {
            res = tools__take_error(c);
            goto out;
        }
        json_decref(existing);
        json_object_set_new(rec, "id", json_integer(id));
    }
    if (name && *name)
        json_object_set_new(rec, "name", json_string(name));
    if (note)
        json_object_set_new(rec, "note", json_string(note));
    if (json_is_boolean(active))
        json_object_set(rec, "active", active);
    if (json_is_array(steps)) {
        json_t *out_steps = json_array();
        json_array_foreach(steps, i, s) {
            if (json_is_string(s))
                json_array_append_new(out_steps, json_pack("{s:O}", "name", s));
            else
                json_array_append(out_steps, s);
        }
        json_object_set_new(rec, "steps", out_steps);
    }
    if (id > 0 && json_object_size(rec) == 1) {
        res = tools__fail(c, "nothing to update: give name, note, active or steps");
        goto out;
    }
    records = json_pack("[O]", rec);
    reply = tools__post(c, "/api/Workflow", records);
    if (!reply) {
        res = tools__take_error(c);
        goto out;
    }
    json_t *saved = tools__saved_record(reply, "workflows");
    res = tools__result(json_pack("{s:b, s:o}", id > 0 ? "updated" : "created", 1, "workflow",
                                  saved ? tools__row(saved, workflow_row_fields) : json_object()));
out:
    json_decref(reply);
    json_decref(records);
    json_decref(rec);
    return res;
}

static json_t *run_delete(struct tools_call *c, json_t *args, const struct tools_tool *t)
{
    json_int_t id = tools__arg_id(args, "id");
    char path[64];
    json_t *reply;
    (void)t;
    snprintf(path, sizeof path, "/api/Workflow/%lld", (long long)id);
    reply = tools__delete(c, path, NULL);
    if (!reply)
        return tools__take_error(c);
    json_decref(reply);
    return tools__result(json_pack("{s:b, s:I}", "deleted", 1, "id", id));
}

static const struct tools_tool workflow_tools[] = {
    {
        .name = "halopsa_workflows_list",
        .title = "List workflows",
        .description =
            "The workflows (process flows tickets move through) from GET /api/Workflow: id, "
            "name, note, active. Active ones only unless include_inactive. HaloPSA returns the "
            "whole list; it is paged here.",
        .input_schema =
            "{\"type\":\"object\",\"properties\":{"
            "\"include_inactive\":{\"type\":\"boolean\",\"description\":\"Also list inactive "
            "workflows\"}," TOOLS_PAGING_PROPS
            "},\"additionalProperties\":false}",
        .output_schema = TOOLS_LIST_OUTPUT("workflows"),
        .kind = TOOLS_READ,
        .method = "GET",
        .endpoint = "/api/Workflow",
        .run = run_list,
    },
    {
        .name = "halopsa_workflows_get",
        .title = "Get a workflow",
        .description =
            "One workflow by id with its steps summarised (step id, name, start/end, stage, and "
            "the actions that lead to the next step). fields lists extra fields in full; "
            "full:true returns the raw record.",
        .input_schema =
            "{\"type\":\"object\",\"properties\":{"
            "\"id\":{\"type\":\"integer\",\"minimum\":1,\"description\":\"Workflow id\"},"
            "\"fields\":{\"type\":\"array\",\"items\":{\"type\":\"string\"},\"description\":"
            "\"Extra fields to include in full\"},"
            "\"full\":{\"type\":\"boolean\",\"description\":\"Return the raw record\"}"
            "},\"required\":[\"id\"],\"additionalProperties\":false}",
        .output_schema =
            "{\"type\":\"object\",\"properties\":{\"workflow\":{\"type\":\"object\"}},\"required\":"
            "[\"workflow\"]}",
        .kind = TOOLS_READ,
        .method = "GET",
        .endpoint = "/api/Workflow/{id}",
        .run = run_get,
    },
    {
        .name = "halopsa_workflows_steps",
        .title = "List workflow steps",
        .description =
            "Workflow steps from GET /api/workflowstep (HaloPSA has no per-workflow steps "
            "endpoint; workflow_id is filtered here): step id, workflow (flow_id), name, "
            "start/end, stage and actions.",
        .input_schema =
            "{\"type\":\"object\",\"properties\":{"
            "\"workflow_id\":{\"type\":\"integer\",\"minimum\":1,\"description\":\"Only the steps "
            "of this workflow\"}," TOOLS_PAGING_PROPS
            "},\"additionalProperties\":false}",
        .output_schema = TOOLS_LIST_OUTPUT("steps"),
        .kind = TOOLS_READ,
        .method = "GET",
        .endpoint = "/api/workflowstep",
        .run = run_steps,
    },
    {
        .name = "halopsa_workflows_create",
        .title = "Create or update a workflow",
        .description =
            "Create a workflow, or update one when id is given: POSTs a one-element array to "
            "/api/Workflow (HaloPSA has no PUT; an element with an id updates, one without "
            "creates). name is required to create. steps is an optional list of step names or "
            "step objects ({name, isstart, isend, stage_number, ...}); sending steps replaces "
            "them. An update checks the workflow exists first. dry_run:true shows the body "
            "without sending it.",
        .input_schema =
            "{\"type\":\"object\",\"properties\":{"
            "\"id\":{\"type\":\"integer\",\"minimum\":1,\"description\":\"Workflow id to update; "
            "omit to create\"},"
            "\"name\":{\"type\":\"string\",\"minLength\":1,\"description\":\"Workflow name "
            "(required to create)\"},"
            "\"note\":{\"type\":\"string\",\"description\":\"Description\"},"
            "\"active\":{\"type\":\"boolean\"},"
            "\"steps\":{\"type\":\"array\",\"items\":{\"type\":[\"string\",\"object\"]},"
            "\"description\":\"Steps in order: names, or FlowDetail objects\"}"
            "},\"additionalProperties\":false}",
        .output_schema =
            "{\"type\":\"object\",\"properties\":{\"created\":{\"type\":\"boolean\"},\"updated\":"
            "{\"type\":\"boolean\"},\"workflow\":{\"type\":\"object\"}}}",
        .kind = TOOLS_WRITE,
        .method = "POST",
        .endpoint = "/api/Workflow",
        .run = run_create,
    },
    {
        .name = "halopsa_workflows_delete",
        .title = "Delete a workflow",
        .description =
            "Delete a workflow by id (DELETE /api/Workflow/{id}). Cannot be undone: the user is "
            "asked to confirm, or, when the client cannot ask, confirm:true must be passed after "
            "asking them.",
        .input_schema =
            "{\"type\":\"object\",\"properties\":{"
            "\"id\":{\"type\":\"integer\",\"minimum\":1,\"description\":\"Workflow id\"}"
            "},\"required\":[\"id\"],\"additionalProperties\":false}",
        .output_schema =
            "{\"type\":\"object\",\"properties\":{\"deleted\":{\"type\":\"boolean\"},\"id\":"
            "{\"type\":\"integer\"}},\"required\":[\"deleted\"]}",
        .kind = TOOLS_DELETE,
        .method = "DELETE",
        .endpoint = "/api/Workflow/{id}",
        .run = run_delete,
    },
};

const struct tools_domain tools__workflows = {
    .name = "workflows",
    .title = "Workflows",
    .summary = "Ticket process flows: list, read, create, update and delete workflows and steps",
    .tools = workflow_tools,
    .ntools = sizeof workflow_tools / sizeof workflow_tools[0],
};
