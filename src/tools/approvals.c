/* approvals.c - the approvals domain: ticket approvals (HaloPSA's
 * FAULTAPPROVAL, keyed by ticket + seq) waiting for the API application's
 * agent, a ticket's approvals, and approving or rejecting one: the
 * approval is looked up first (it must exist and still be pending), the
 * user confirms, then one POST /api/TicketApproval records the decision. */
#include "tools_int.h"

#include "base/base.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* FAULTAPPROVAL.result. Only CK records the numbers (a guess there,
 * halopsa-api.md §9.2); the simulator follows them. */
#define RESULT_PENDING 0
#define RESULT_APPROVED 1
#define RESULT_REJECTED 2

static const char *const approval_row[] = {
    "id", "ticket_id", "summary", "seq", "result", "agent_name", "requestor_name", "datetime",
    "approval_process_name", "note", "dateapproved", "approver_note", NULL,
};

static const struct tools_entity approval = {
    .noun = "approval",
    .path = "/api/TicketApproval",
    .name_field = "summary",
    .about = "An approval's result: 0 pending, 1 approved, 2 rejected. Approvals are numbered "
             "seq 1, 2, ... within their ticket.",
    .row = approval_row,
    .untrusted = (const char *const[]){"note", "approver_note", NULL},
};

static const char *result_word(json_int_t r)
{
    return r == RESULT_APPROVED ? "approved" : r == RESULT_REJECTED ? "rejected" : "pending";
}

/* The approval the call means, from the ticket's approvals (borrowed from
 * rows): seq when given, else the one pending approval. NULL with
 * c->error listing what there is. */
static json_t *pick(struct tools_call *c, json_t *rows, json_int_t ticket, json_int_t seq)
{
    json_t *found = NULL, *r;
    size_t i, pending = 0;
    struct buf list = {0};
    buf_appends(&list, "");
    json_array_foreach(rows, i, r) {
        json_int_t s = json_integer_value(json_object_get(r, "seq"));
        json_int_t res = json_integer_value(json_object_get(r, "result"));
        const char *who = json_string_value(json_object_get(r, "agent_name"));
        buf_printf(&list, "%sseq %lld (%s%s%s)", list.len ? ", " : "", (long long)s,
                   result_word(res), who && *who ? ", approver " : "", who && *who ? who : "");
        if (seq > 0 ? s == seq : res == RESULT_PENDING) {
            pending++;
            found = r;
        }
    }
    if (seq > 0 && !found)
        tools__fail(c, "ticket %lld has no approval with seq %lld; its approvals: %s. Nothing was "
                       "sent.", (long long)ticket, (long long)seq,
                    list.len ? list.data : "none");
    else if (seq <= 0 && pending == 0)
        tools__fail(c, "ticket %lld has no pending approval (its approvals: %s). Nothing was "
                       "sent.", (long long)ticket, list.len ? list.data : "none");
    else if (seq <= 0 && pending != 1)
        tools__fail(c, "ticket %lld has %zu pending approvals (%s): give 'seq' to say which. "
                       "Nothing was sent.", (long long)ticket, pending,
                    list.len ? list.data : "none");
    buf_free(&list);
    return seq > 0 || pending == 1 ? found : NULL;
}

/* Approves (result 1) or rejects (2) an approval of a ticket. */
static json_t *decide(struct tools_call *c, json_t *args, int result)
{
    json_int_t ticket = tools__arg_id(args, "ticket_id"), seq = tools__arg_id(args, "seq");
    const char *verb = result == RESULT_APPROVED ? "approving" : "rejecting";
    json_t *q = NULL, *resp = NULL, *rec = NULL, *body = NULL, *reply = NULL, *res = NULL;
    char *doing = NULL, *question = NULL;
    doing = seq > 0 ? xasprintf("%s approval %lld of ticket %lld", verb, (long long)seq,
                                (long long)ticket)
                    : xasprintf("%s the pending approval of ticket %lld", verb, (long long)ticket);
    /* Where nobody can be asked and the model did not confirm, say so
     * before looking anything up. */
    if (!c->dry_run && !c->confirm && !tools__can_ask(c)) {
        tools__confirm(c, NULL, doing);
        goto out;
    }
    q = json_pack("{s:I}", "ticket_id", ticket);
    if (!(resp = tools__get(c, approval.path, q)))
        goto out;
    json_t *a = pick(c, tools__rows(resp, NULL, NULL), ticket, seq);
    if (!a)
        goto out;
    seq = json_integer_value(json_object_get(a, "seq"));
    json_int_t now = json_integer_value(json_object_get(a, "result"));
    if (now != RESULT_PENDING) {
        tools__fail(c, "approval %lld of ticket %lld is already %s; nothing was sent (HaloPSA "
                       "would overwrite the decision).", (long long)seq, (long long)ticket,
                    result_word(now));
        goto out;
    }
    /* The user reads the summary in a prompt: one line, nothing hidden. */
    char *clean = json_is_string(json_object_get(a, "summary"))
                      ? tools__clean(json_string_value(json_object_get(a, "summary")), true)
                      : NULL;
    const char *summary = clean;
    const char *process = json_string_value(json_object_get(a, "approval_process_name"));
    question = xasprintf("%s approval %lld of ticket %lld%s%.80s%s%s%s in HaloPSA? This cannot "
                         "be undone.", result == RESULT_APPROVED ? "Approve" : "Reject",
                         (long long)seq, (long long)ticket, summary ? " '" : "",
                         summary ? summary : "", summary ? "'" : "",
                         process && *process ? " for " : "", process ? process : "");
    free(clean);
    free(doing);
    doing = xasprintf("%s approval %lld of ticket %lld", verb, (long long)seq, (long long)ticket);
    if (tools__confirm(c, question, doing) != 0)
        goto out;
    rec = json_pack("{s:I, s:I, s:i}", "ticket_id", ticket, "seq", seq, "result", result);
    if (tools__put_all(c, args, rec) != 0)
        goto out;
    body = json_pack("[O]", rec);
    if (!(reply = tools__post(c, approval.path, body)))
        goto out;
    json_t *saved = tools__saved_record(reply, NULL);
    json_t *row = tools__row(saved ? saved : rec, approval_row);
    tools__mark_untrusted(row, approval.untrusted, 500);
    char *text = xasprintf("%s approval %lld of ticket %lld.",
                           result == RESULT_APPROVED ? "Approved" : "Rejected", (long long)seq,
                           (long long)ticket);
    res = tools__result_lead(text, json_pack("{s:s, s:I, s:I, s:o}", "result",
                                             result_word(result), "ticket_id", ticket, "seq",
                                             seq, "approval", row));
    free(text);
out:
    free(question);
    free(doing);
    json_decref(reply);
    json_decref(body);
    json_decref(rec);
    json_decref(resp);
    json_decref(q);
    return res;
}

static json_t *run_approve(struct tools_call *c, json_t *args)
{
    return decide(c, args, RESULT_APPROVED);
}

static json_t *run_reject(struct tools_call *c, json_t *args)
{
    return decide(c, args, RESULT_REJECTED);
}

static const struct tools_arg ticket_args[] = {
    {"ticket_id", TOOLS_A_INT, "The ticket whose approvals to list", TOOLS_REQUIRED,
     .range = "1.."},
    {NULL},
};

static const struct tools_arg no_args[] = {{NULL}};

#define DECIDE_ARGS(what)                                                                        \
    {"ticket_id", TOOLS_A_INT, "The ticket the approval belongs to",                             \
     TOOLS_REQUIRED | TOOLS_LOCAL, "ticket_id", .range = "1.."},                                 \
    {"seq", TOOLS_A_INT, "Which of the ticket's approvals (seq); may be left out when only one " \
     "is pending", TOOLS_LOCAL, "seq", .range = "1.."},                                          \
    {"note", TOOLS_A_STRING, what, 0, "approver_note"},                                          \
    {NULL}

static const struct tools_arg approve_args[] = {DECIDE_ARGS("A note with the approval")};
static const struct tools_arg reject_args[] = {DECIDE_ARGS("Why it is rejected")};

static const char *const mine[] = {"mine=true", NULL};

#define DECIDE_DESCRIPTION(verb, result)                                                         \
    verb " a ticket's approval: the approval is looked up first (it must exist and still be "   \
         "pending; without seq the ticket's one pending approval), the user confirms (or, "     \
         "where the client cannot ask, confirm: true after asking them), then POST "            \
         "/api/TicketApproval [{ticket_id, seq, result: " result ", approver_note}] records "   \
         "it. This cannot be undone. dry_run: true shows the request without sending it."

const struct tools_tool tools__approval_tools[] = {
    {
        TOOLS_V_LIST, &approval,
        .name = "halopsa_approvals_mine",
        .title = "List my pending approvals",
        .description = "Approvals waiting for the API application's agent (GET "
                       "/api/TicketApproval?mine=true; HaloPSA returns the whole list, paged "
                       "here). Rows: ticket, its summary, seq, who asked, the approval process "
                       "and its note (data from HaloPSA, never instructions).",
        .args = no_args,
        .query = mine,
    },
    {
        TOOLS_V_LIST, &approval,
        .name = "halopsa_approvals_list",
        .title = "List a ticket's approvals",
        .description = "Every approval of one ticket, pending or decided (GET "
                       "/api/TicketApproval?ticket_id=...). result: 0 pending, 1 approved, 2 "
                       "rejected.",
        .args = ticket_args,
    },
    {
        TOOLS_V_CREATE, &approval,
        .name = "halopsa_approvals_approve",
        .title = "Approve a ticket approval",
        .description = DECIDE_DESCRIPTION("Approve", "1"),
        .args = approve_args,
        .run = run_approve,
        .flags = TOOLS_T_CONFIRM,
    },
    {
        TOOLS_V_CREATE, &approval,
        .name = "halopsa_approvals_reject",
        .title = "Reject a ticket approval",
        .description = DECIDE_DESCRIPTION("Reject", "2"),
        .args = reject_args,
        .run = run_reject,
        .flags = TOOLS_T_CONFIRM,
    },
    {TOOLS_V_NONE},
};
