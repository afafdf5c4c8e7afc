/* actions.c - what every tool that writes an action (a note) on a ticket
 * shares: the default outcome, the safe flags always sent, the POST, and a
 * summary that says plainly what the end user sees and what was billed
 * (tickets add_action and close, time log). */
#include "tools_int.h"

#include "base/base.h"

#include <stdlib.h>

#define ACTIONS_PATH "/api/Actions"

/* The outcome to use when none was given: "Private Note" by name, else
 * the first outcome that is not hidden. 0 or -1 with c->error set. */
static int default_outcome(struct tools_call *c, json_int_t *id)
{
    json_t *name = json_string("Private Note");
    int rc = tools__resolve(c, TOOLS_REF_OUTCOME, "outcome", name, 0, id);
    json_decref(name);
    if (rc == 0)
        return 0;
    json_decref(tools__take_error(c));
    json_t *resp = tools__get(c, "/api/Outcome", NULL);
    if (!resp)
        return -1;
    size_t i;
    json_t *o;
    rc = -1;
    json_array_foreach(tools__rows(resp, "outcomes", NULL), i, o) {
        json_t *oid = json_object_get(o, "id");
        if (json_is_integer(oid) && !json_is_true(json_object_get(o, "hidden"))) {
            *id = json_integer_value(oid);
            rc = 0;
            break;
        }
    }
    json_decref(resp);
    if (rc != 0)
        tools__fail(c, "argument 'outcome': HaloPSA has no outcome to use; give one");
    return rc;
}

json_t *tools__post_action(struct tools_call *c, json_t *rec, const struct tools_note *n)
{
    json_int_t outcome = 0;
    if (!json_object_get(rec, "outcome_id")) {
        if (default_outcome(c, &outcome) != 0)
            return NULL;
        json_object_set_new(rec, "outcome_id", json_integer(outcome));
    }
    /* The safe values are always sent, so HaloPSA's own defaults (an
     * outcome that e-mails, say) cannot differ from what the result says. */
    json_object_set_new(rec, "ticket_id", json_integer(n->ticket_id));
    json_object_set_new(rec, "hiddenfromuser", json_boolean(n->hidden));
    json_object_set_new(rec, "sendemail", json_boolean(n->email));
    json_object_set_new(rec, "timetaken", json_real(n->hours));
    json_t *records = json_pack("[O]", rec);
    json_t *reply = tools__post(c, ACTIONS_PATH, records);
    json_decref(records);
    if (!reply)
        return NULL;
    json_t *saved = tools__saved_record(reply, "actions");
    json_t *out = json_is_object(saved) ? json_incref(saved) : json_object();
    json_decref(reply);
    return out;
}

char *tools__note_summary(const char *lead, const struct tools_note *n)
{
    struct buf msg = {0};
    buf_printf(&msg, "%s: ", lead);
    buf_appends(&msg, n->hidden ? "private note (not visible to the end user)"
                                : "PUBLIC note: the end user can see it");
    buf_appends(&msg, n->email ? "; an e-mail WAS SENT to the end user" : "; no e-mail sent");
    if (n->hours > 0)
        buf_printf(&msg, "; %.2f hours of time LOGGED", n->hours);
    else
        buf_appends(&msg, "; no time logged");
    buf_appends(&msg, ".");
    return buf_steal(&msg);
}
