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

static const struct tools_entity agent = {
    .noun = "agent",
    .path = "/api/Agent",
    .row = agent_row_fields,
};

static const struct tools_entity team = {
    .noun = "team",
    .path = "/api/Team",
    .row = team_row_fields,
};

static json_t *run_get(struct tools_call *c, json_t *args)
{
    json_t *idv = json_object_get(args, "id");
    const char *s = json_string_value(idv);
    char path[64];
    json_t *rec, *out;

    if (json_is_integer(idv) && json_integer_value(idv) > 0) {
        snprintf(path, sizeof path, "%s/%lld", agent.path, (long long)json_integer_value(idv));
    } else if (s && strcasecmp(s, "me") == 0) {
        snprintf(path, sizeof path, "%s/me", agent.path);
    } else if (s && *s && strspn(s, "0123456789") == strlen(s) && strlen(s) < 19) {
        snprintf(path, sizeof path, "%s/%s", agent.path, s);
    } else {
        return tools__fail(c, "argument 'id': an agent id (a positive integer) or \"me\" for the "
                              "agent the API application acts as");
    }
    /* "me" is not an id: the GET is made here rather than by tools__get_one. */
    json_t *resp = tools__get(c, path, NULL);
    if (!resp)
        return NULL;
    rec = halo_record(resp, "agents");
    if (!json_is_object(rec)) {
        json_decref(resp);
        return tools__fail(c, "HaloPSA returned no agent for GET %s", path);
    }
    out = json_pack("{s:o}", "agent", tools__detail(rec, NULL, 2000, args));
    json_decref(resp);
    return tools__result(out);
}

static const struct tools_arg list_args[] = {
    {"team", TOOLS_A_REF, "Team", 0, "team_id", TOOLS_REF_TEAM},
    {"search", TOOLS_A_SEARCH, "Text to look for in the name or e-mail"},
    {"include_disabled", TOOLS_A_FLAG, "Also list disabled agents (default false)", 0,
     "includedisabled"},
    {NULL},
};

static const struct tools_arg get_args[] = {
    {"id", TOOLS_A_ID_OR_TEXT, "Agent id, or \"me\"", TOOLS_REQUIRED | TOOLS_LOCAL},
    {NULL},
};

static const struct tools_arg team_args[] = {
    {"include_disabled", TOOLS_A_FLAG, "Also list disabled teams", 0, "includedisabled"},
    {NULL},
};

const struct tools_tool tools__agent_tools[] = {
    {
        TOOLS_V_LIST, &agent,
        .description =
            "List the agents (technicians) as compact rows: id, name, e-mail, team, job title. "
            "Filter by team (name or id) and search text; disabled agents only with "
            "include_disabled. HaloPSA returns the whole list (GET /api/Agent); it is paged here.",
        .args = list_args,
    },
    {
        TOOLS_V_GET, &agent,
        .description =
            "One agent by id, or id \"me\" for the agent the API application logs in as (GET "
            "/api/Agent/me): useful to learn whose name notes are written under. fields lists "
            "extra fields in full; full:true returns the raw record.",
        .args = get_args,
        .run = run_get,
    },
    {
        TOOLS_V_LIST, &team,
        .name = "halopsa_teams_list",
        .description =
            "The teams agents work in (GET /api/Team, the whole list; paged here): id, name, "
            "department, whether it takes tickets or projects. Ticket filters take these names.",
        .args = team_args,
    },
    {TOOLS_V_NONE},
};
