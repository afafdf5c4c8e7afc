/* confirm.c - the one way a change is confirmed: before a delete, a change
 * that cannot be undone (TOOLS_T_CONFIRM: an approval) and an update that
 * would remove or replace data the record holds (a field cleared, a list
 * such as a workflow's steps replaced, long text overwritten), the user is
 * asked by elicitation when the host can show a prompt (naming the record
 * and what goes), else the model must pass confirm: true after asking. The
 * only place that reads the result codes of mcp_call_elicit. */
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
        if (v && *v) {
            /* The user reads it in a prompt: one line, no hidden
             * characters, not too long. */
            char *clean = tools__clean(v, true);
            name = xstrndup(clean, 80);
            free(clean);
        }
    }
    json_decref(resp);
    json_decref(q);
    free(path);
    return name;
}

bool tools__can_ask(struct tools_call *c)
{
    struct mcp_session *s = mcp_call_session(c->mcp);
    return s && mcp_session_client_has(s, "elicitation");
}

/* What every confirmation shares. refused: the result's first words ("Not
 * deleted"); doing: the change ("deleting ticket 12"); why: what makes it
 * need confirmation ("cannot be undone"). 0 to go ahead, or -1 with
 * c->error saying nothing was sent. */
static int ask_or_confirm(struct tools_call *c, const char *question, const char *title,
                          const char *button, const char *refused, const char *doing,
                          const char *why)
{
    if (c->dry_run)
        return 0;
    if (question && tools__can_ask(c)) {
        const char *action = NULL;
        switch (ask_user(c, question, title, button, &action)) {
        case ANSWER_YES:
            return 0;
        case ANSWER_NO:
            tools__fail(c, "%s: the user did not confirm %s (%s). Nothing was sent to HaloPSA.",
                        refused, doing, action ? action : "no answer");
            return -1;
        case ANSWER_NONE:
            tools__fail(c, "%s: the confirmation for %s got no answer. Nothing was sent to "
                           "HaloPSA.", refused, doing);
            return -1;
        case ANSWER_CANNOT:
            break;
        }
    }
    if (c->confirm)
        return 0;
    tools__fail(c, "%s: %s %s, so it needs confirmation. Ask the user, then call %s again with "
                   "the same arguments and \"confirm\": true. Nothing was sent to HaloPSA.",
                refused, doing, why, c->tool->name);
    return -1;
}

json_t *tools__confirm_delete(struct tools_call *c, json_t *args)
{
    const char *noun = c->tool->entity->noun;
    json_int_t id = tools__arg_id(args, "id");
    char *msg = NULL, *doing = xasprintf("deleting %s %lld", noun, (long long)id);
    if (tools__can_ask(c)) {
        char *name = record_name(c, args, id);
        msg = name ? xasprintf("Delete %s %lld '%s' in HaloPSA? This cannot be undone.", noun,
                               (long long)id, name)
                   : xasprintf("Delete %s %lld in HaloPSA? This cannot be undone.", noun,
                               (long long)id);
        free(name);
    }
    int rc = ask_or_confirm(c, msg, "Delete", "Yes, delete it from HaloPSA", "Not deleted", doing,
                            "from HaloPSA cannot be undone");
    free(msg);
    free(doing);
    return rc == 0 ? NULL : tools__take_error(c);
}

int tools__confirm(struct tools_call *c, const char *question, const char *doing)
{
    return ask_or_confirm(c, question, "Confirm", "Yes, make this change in HaloPSA", "Not done",
                          doing, "cannot be undone");
}

/* ------------------------------------------------------------------ */
/* Updates that remove or replace data                                 */

static bool unset_value(json_t *v)
{
    if (!v || json_is_null(v))
        return true;
    if (json_is_string(v))
        return json_string_length(v) == 0;
    if (json_is_integer(v))
        return json_integer_value(v) == -1;
    return (json_is_array(v) && json_array_size(v) == 0) ||
           (json_is_object(v) && json_object_size(v) == 0);
}

/* Long text: several lines, or more than a line's worth. Editing a short
 * note is an ordinary update; overwriting a description is not. */
#define LONG_TEXT 200

static bool long_text(json_t *v)
{
    return json_is_string(v) &&
           (json_string_length(v) > LONG_TEXT || strchr(json_string_value(v), '\n'));
}

/* Whether sending v for key could lose what the record holds: a clearing
 * value, a list (HaloPSA replaces lists it is sent) or long text. */
static bool risky(const struct tools_entity *e, const char *key, json_t *v)
{
    const struct tools_field *f = tools__field(e, key);
    if (f && (f->flags & TOOLS_F_MERGED))
        return false;
    return unset_value(v) || json_is_array(v) ||
           (f && (f->flags & TOOLS_F_MULTILINE) && json_is_string(v));
}

static bool skipped_key(const struct tools_entity *e, const char *key)
{
    return strcmp(key, "id") == 0 || (e->parent && strcmp(key, tools__param(e->parent)) == 0);
}

/* The record as HaloPSA holds it, with every key of keys (borrowed from
 * c->current, or fetched with the entity's detail flags). NULL with
 * c->error when it cannot be read. */
static json_t *current_with(struct tools_call *c, json_int_t id, json_t *record, json_t *keys)
{
    const struct tools_entity *e = c->tool->entity;
    bool complete = c->current != NULL;
    size_t i;
    json_t *k;
    json_array_foreach(keys, i, k) {
        if (!json_object_get(c->current, json_string_value(k)))
            complete = false;
    }
    if (complete)
        return c->current;
    json_t *q = json_object();
    if (e->parent && json_object_get(record, tools__param(e->parent)))
        json_object_set(q, tools__param(e->parent),
                        json_object_get(record, tools__param(e->parent)));
    json_t *rec = tools__get_one(c, id, q);
    json_decref(q);
    if (!rec)
        return NULL;
    json_decref(c->current);
    c->current = rec;
    return rec;
}

/* One line per loss: "steps: 5 items replaced by 0", "details: 412
 * characters overwritten", "site: cleared". */
static void losses_of(const struct tools_entity *e, json_t *record, json_t *cur, json_t *out)
{
    const char *k;
    json_t *v;
    char lb[64];
    json_object_foreach(record, k, v) {
        if (skipped_key(e, k) || !risky(e, k, v))
            continue;
        json_t *was = json_object_get(cur, k);
        if (unset_value(was) || json_equal(was, v))
            continue;
        if (json_is_string(v) && !unset_value(v) && !long_text(was))
            continue; /* short text edited, not lost */
        const char *label = tools__label(e, k, lb, sizeof lb);
        char *line;
        if (unset_value(v) && json_is_array(was))
            line = xasprintf("%s: all %zu removed", label, json_array_size(was));
        else if (unset_value(v))
            line = xasprintf("%s: cleared", label);
        else if (json_is_array(v))
            line = xasprintf("%s: %zu %s replaced by the %zu sent", label,
                             json_is_array(was) ? json_array_size(was) : 1,
                             json_is_array(was) && json_array_size(was) == 1 ? "item" : "items",
                             json_array_size(v));
        else if (json_is_string(was))
            line = xasprintf("%s: %zu characters overwritten", label, json_string_length(was));
        else
            line = xasprintf("%s: replaced", label);
        json_array_append_new(out, json_string(line));
        free(line);
    }
}

json_t *tools__losses(struct tools_call *c, json_t *record)
{
    const struct tools_entity *e = c->tool->entity;
    json_t *id = json_object_get(record, "id");
    if (!json_is_integer(id) || json_integer_value(id) <= 0)
        return NULL;
    json_t *keys = json_array();
    const char *k;
    json_t *v;
    json_object_foreach(record, k, v) {
        if (!skipped_key(e, k) && risky(e, k, v))
            json_array_append_new(keys, json_string(k));
    }
    if (json_array_size(keys) == 0) {
        json_decref(keys);
        return NULL;
    }
    json_t *cur = current_with(c, json_integer_value(id), record, keys);
    json_decref(keys);
    if (!cur)
        return NULL;
    json_t *out = json_array();
    losses_of(e, record, cur, out);
    if (json_array_size(out) == 0) {
        json_decref(out);
        return NULL;
    }
    return out;
}

static char *joined(json_t *lines)
{
    struct buf b = {0};
    size_t i;
    json_t *l;
    buf_appends(&b, "");
    json_array_foreach(lines, i, l)
        buf_printf(&b, "%s%s", i ? "; " : "", json_string_value(l));
    return buf_steal(&b);
}

int tools__confirm_update(struct tools_call *c, json_t *record)
{
    const char *noun = c->tool->entity->noun;
    json_int_t id = tools__arg_id(record, "id");
    json_t *lost = c->dry_run ? NULL : tools__losses(c, record);
    if (!lost)
        return c->error ? -1 : 0;
    char *what = joined(lost);
    char *question = xasprintf("Update %s %lld in HaloPSA? This replaces data it holds now (%s); "
                               "the old values cannot be brought back from here.",
                               noun, (long long)id, what);
    char *doing = xasprintf("replacing data of %s %lld (%s)", noun, (long long)id, what);
    int rc = ask_or_confirm(c, question, "Replace", "Yes, replace it in HaloPSA", "Not updated",
                            doing, "removes or replaces data HaloPSA holds");
    free(question);
    free(doing);
    free(what);
    json_decref(lost);
    return rc;
}
