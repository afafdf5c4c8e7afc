/* confirm.c - asking the user before a delete (or another change that cannot
 * be undone, such as an approval): by elicitation when the
 * host can show a prompt (naming the record), else by the model passing
 * confirm: true after asking. The only place that reads the result codes
 * of mcp_call_elicit. */
#include "fw_int.h"

#include "base/base.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum answer {
    ANSWER_YES,       /* accepted, box ticked */
    ANSWER_NO,        /* declined, cancelled, or accepted unticked */
    ANSWER_NONE,      /* asked, but no answer came (timeout, cancellation) */
    ANSWER_CANNOT,    /* the host cannot ask after all: fall back to confirm */
};

#define ASK_TIMEOUT_MS 300000

/* Asks the user a yes/no question with one checkbox. *action gets the
 * host's word for a refusal ("decline", "cancel"; static or NULL). */
static enum answer ask_user(struct tools_call *c, const char *msg, const char *title,
                            const char *what, const char **action)
{
    json_t *schema = json_pack("{s:s, s:{s:{s:s, s:s, s:s}}, s:[s]}", "type", "object",
                               "properties", "confirm", "type", "boolean", "title", title,
                               "description", what, "required", "confirm");
    json_t *answer = NULL;
    enum answer res;
    enum mcp_input rc = mcp_call_elicit(c->mcp, msg, schema, ASK_TIMEOUT_MS, &answer);
    json_decref(schema);
    *action = NULL;
    switch (rc) {
    case MCP_INPUT_OK: {
        const char *a = json_string_value(json_object_get(answer, "action"));
        bool yes = a && strcmp(a, "accept") == 0 &&
                   json_is_true(json_object_get(json_object_get(answer, "content"), "confirm"));
        *action = !a ? NULL : strcmp(a, "decline") == 0 ? "decline"
                          : strcmp(a, "cancel") == 0    ? "cancel"
                                                        : "accept";
        res = yes ? ANSWER_YES : ANSWER_NO;
        break;
    }
    case MCP_INPUT_ERROR:
        /* The host tried to ask and failed: that is not a yes, and the
         * model's confirm: true must not stand in for the user's answer. */
        *action = "error";
        res = ANSWER_NO;
        break;
    case MCP_INPUT_TIMEOUT:
    case MCP_INPUT_PENDING: /* 2026: the core answers input_required and we run again */
        res = ANSWER_NONE;
        break;
    case MCP_INPUT_UNSUPPORTED:
    default:
        res = ANSWER_CANNOT;
        break;
    }
    json_decref(answer);
    return res;
}

/* Best effort: the record's name for the confirmation message. New string
 * or NULL. One GET; failure only makes the message shorter. */
static char *record_name(struct tools_call *c, json_t *args, json_int_t id)
{
    const struct tools_entity *e = c->tool->entity;
    static const char *const keys[] = {"name", "outcome", "label", "summary", "note", NULL};
    struct halo_error herr;
    char *name = NULL;
    json_t *q = tools__parent_query(c, args);
    char *path = tools__record_path(e, id);
    json_t *resp = halo_get(c->hc, path, q, &herr);
    json_t *rec = resp ? halo_record(resp, e->key) : NULL;
    /* The entity's name field first, then the usual ones. */
    for (int i = -1; rec && (i < 0 || keys[i]) && !name; i++) {
        const char *key = i < 0 ? e->name_field : keys[i];
        const char *v = key ? json_string_value(json_object_get(rec, key)) : NULL;
        if (v && *v)
            name = xstrndup(v, 80);
    }
    json_decref(resp);
    json_decref(q);
    free(path);
    return name;
}

json_t *tools__confirm_delete(struct tools_call *c, json_t *args, bool confirm)
{
    const char *noun = c->tool->entity->noun;
    json_int_t id = tools__arg_id(args, "id");
    if (tools__can_ask(c)) {
        char *name = record_name(c, args, id);
        char *msg = name ? xasprintf("Delete %s %lld '%s' in HaloPSA? This cannot be undone.",
                                     noun, (long long)id, name)
                         : xasprintf("Delete %s %lld in HaloPSA? This cannot be undone.", noun,
                                     (long long)id);
        const char *action = NULL;
        enum answer a = ask_user(c, msg, "Delete", "Yes, delete it from HaloPSA", &action);
        free(msg);
        free(name);
        switch (a) {
        case ANSWER_YES:
            return NULL;
        case ANSWER_NO:
            return mcp_result_error("Not deleted: the user did not confirm deleting %s %lld "
                                    "(%s). Nothing was sent to HaloPSA.",
                                    noun, (long long)id, action ? action : "no answer");
        case ANSWER_NONE:
            return mcp_result_error("Not deleted: the confirmation for %s %lld got no answer. "
                                    "Nothing was sent to HaloPSA.",
                                    noun, (long long)id);
        case ANSWER_CANNOT:
            break;
        }
    }
    if (confirm)
        return NULL;
    return mcp_result_error("Not deleted: deleting %s %lld from HaloPSA cannot be undone, so it "
                            "needs confirmation. Ask the user, then call %s again with the same "
                            "arguments and \"confirm\": true. Nothing was sent.",
                            noun, (long long)id, c->tool->name);
}

bool tools__can_ask(struct tools_call *c)
{
    struct mcp_session *s = mcp_call_session(c->mcp);
    return s && mcp_session_client_has(s, "elicitation");
}

int tools__confirm(struct tools_call *c, const char *question, const char *doing)
{
    if (c->dry_run)
        return 0;
    if (question && tools__can_ask(c)) {
        const char *action = NULL;
        switch (ask_user(c, question, "Confirm", "Yes, make this change in HaloPSA", &action)) {
        case ANSWER_YES:
            return 0;
        case ANSWER_NO:
            tools__fail(c, "Not done: the user did not confirm %s (%s). Nothing was sent to "
                           "HaloPSA.", doing, action ? action : "no answer");
            return -1;
        case ANSWER_NONE:
            tools__fail(c, "Not done: the confirmation for %s got no answer. Nothing was sent "
                           "to HaloPSA.", doing);
            return -1;
        case ANSWER_CANNOT:
            break;
        }
    }
    if (c->confirm)
        return 0;
    tools__fail(c, "Not done: %s cannot be undone, so it needs confirmation. Ask the user, then "
                   "call %s again with the same arguments and \"confirm\": true. Nothing was "
                   "sent to HaloPSA.", doing, c->tool->name);
    return -1;
}
