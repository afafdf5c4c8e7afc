/* agents.c - the agents domain: the technicians (agents) of the HaloPSA tenant and their teams. */
#include "tools_int.h"

#include "base/base.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static const char *const agent_row_fields[] = {
    "id", "name", "email", "team", "team_id", "jobtitle", "isdisabled", NULL,
};

static const char *const team_row_fields[] = {
    "id", "name", "department_name", "inactive", "forrequests", "forprojects", NULL,
};

static const char *const agent_drop[] = {NULL};

static const struct tools_list_spec agent_list = {
    .path = "/api/Agent",
    .wrapper = NULL,
    .rows_key = "agents",
    .fields = agent_row_fields,
    .paginated = false,
};

static const struct tools_list_spec team_list = {
    .path = "/api/Team",
    .wrapper = NULL,
    .rows_key = "teams",
    .fields = team_row_fields,
    .paginated = false,
};

static json_t *run_list(struct tools_call *c, json_t *args, const struct tools_tool *t)
{
    json_t *query = json_object();
    const char *search = json_string_value(json_object_get(args, "search"));
    json_t *res;
    (void)t;
    if (tools__put_ref(c, args, "team", TOOLS_REF_TEAM, query, "team_id", false) != 0) {
        res = tools__take_error(c);
        goto out;
    }
    if (search && *search)
        json_object_set_new(query, "search", json_string(search));
    if (json_is_true(json_object_get(args, "include_disabled")))
        json_object_set_new(query, "includedisabled", json_true());
    res = tools__list(c, &agent_list, args, query);
out:
    json_decref(query);
    return res;
}

static json_t *run_get(struct tools_call *c, json_t *args, const struct tools_tool *t)
{
    json_t *idv = json_object_get(args, "id");
    const char *s = json_string_value(idv);
    char path[64];
    json_t *rec, *out;
    (void)t;

    if (json_is_integer(idv) && json_integer_value(idv) > 0) {
        snprintf(path, sizeof path, "/api/Agent/%lld", (long long)json_integer_value(idv));
    } else if (s && strcasecmp(s, "me") == 0) {
        snprintf(path, sizeof path, "/api/Agent/me");
    } else if (s && *s && strspn(s, "0123456789") == strlen(s) && strlen(s) < 19) {
        snprintf(path, sizeof path, "/api/Agent/%s", s);
    } else {
        return tools__fail(c, "argument 'id': an agent id (a positive integer) or \"me\" for the "
                              "agent the API application acts as");
    }
    rec = tools__get_record(c, path, NULL, "agents", "agent");
    if (!rec)
        return tools__take_error(c);
    out = json_pack("{s:o}", "agent", tools__detail(rec, agent_drop, 2000, args));
    json_decref(rec);
    return tools__result(out);
}

static json_t *run_teams(struct tools_call *c, json_t *args, const struct tools_tool *t)
{
    json_t *query = json_object();
    json_t *res;
    (void)t;
    if (json_is_true(json_object_get(args, "include_disabled")))
        json_object_set_new(query, "includedisabled", json_true());
    res = tools__list(c, &team_list, args, query);
    json_decref(query);
    return res;
}

static const struct tools_tool agent_tools[] = {
    {
        .name = "halopsa_agents_list",
        .title = "List agents",
        .description =
            "List the agents (technicians) as compact rows: id, name, e-mail, team, job title. "
            "Filter by team (name or id) and search text; disabled agents only with "
            "include_disabled. HaloPSA returns the whole list (GET /api/Agent); it is paged here.",
        .input_schema =
            "{\"type\":\"object\",\"properties\":{" TOOLS_REF_PROP("team", "Team") ","
            "\"search\":{\"type\":\"string\",\"description\":\"Text to look for in the name or "
            "e-mail\"},"
            "\"include_disabled\":{\"type\":\"boolean\",\"description\":\"Also list disabled "
            "agents (default false)\"}," TOOLS_PAGING_PROPS
            "},\"additionalProperties\":false}",
        .output_schema = TOOLS_LIST_OUTPUT("agents"),
        .kind = TOOLS_READ,
        .method = "GET",
        .endpoint = "/api/Agent",
        .run = run_list,
    },
    {
        .name = "halopsa_agents_get",
        .title = "Get an agent",
        .description =
            "One agent by id, or id \"me\" for the agent the API application logs in as (GET "
            "/api/Agent/me): useful to learn whose name notes are written under. fields lists "
            "extra fields in full; full:true returns the raw record.",
        .input_schema =
            "{\"type\":\"object\",\"properties\":{"
            "\"id\":{\"type\":[\"integer\",\"string\"],\"description\":\"Agent id, or \\\"me\\\"\"},"
            "\"fields\":{\"type\":\"array\",\"items\":{\"type\":\"string\"},\"description\":"
            "\"Extra fields to include in full\"},"
            "\"full\":{\"type\":\"boolean\",\"description\":\"Return the raw record\"}"
            "},\"required\":[\"id\"],\"additionalProperties\":false}",
        .output_schema =
            "{\"type\":\"object\",\"properties\":{\"agent\":{\"type\":\"object\"}},\"required\":"
            "[\"agent\"]}",
        .kind = TOOLS_READ,
        .method = "GET",
        .endpoint = "/api/Agent/{id}",
        .run = run_get,
    },
    {
        .name = "halopsa_teams_list",
        .title = "List teams",
        .description =
            "The teams agents work in (GET /api/Team, the whole list; paged here): id, name, "
            "department, whether it takes tickets or projects. Ticket filters take these names.",
        .input_schema =
            "{\"type\":\"object\",\"properties\":{"
            "\"include_disabled\":{\"type\":\"boolean\",\"description\":\"Also list disabled "
            "teams\"}," TOOLS_PAGING_PROPS
            "},\"additionalProperties\":false}",
        .output_schema = TOOLS_LIST_OUTPUT("teams"),
        .kind = TOOLS_READ,
        .method = "GET",
        .endpoint = "/api/Team",
        .run = run_teams,
    },
};

const struct tools_domain tools__agents = {
    .name = "agents",
    .title = "Agents",
    .summary = "Technicians (agents) and their teams",
    .tools = agent_tools,
    .ntools = sizeof agent_tools / sizeof agent_tools[0],
};
