/* test_approvals.c - the approvals domain end to end against the
 * simulator: my pending approvals, a ticket's approvals, and approving or
 * rejecting one only after the user confirmed (confirm:true where the host
 * cannot ask; elicitation accepted, declined or failed where it can), the
 * approval picked and checked first, dry runs, and HaloPSA's 400. */
#include "fw_test.h"

/* A second pending approval of ticket, for the API agent, put straight
 * into the simulator as HaloPSA would take it (the tools add none). */
static void add_pending(struct tt *t, json_int_t ticket)
{
    char url[128], auth[160], body[160], *resp = NULL;
    snprintf(url, sizeof url, "%s/auth/token", t->base_url);
    CHECK_INT(tl_http("POST", url,
                      "grant_type=client_credentials&client_id=demo-client-id&client_secret="
                      "demo-client-secret-0000&scope=all",
                      "application/x-www-form-urlencoded", NULL, &resp),
              200);
    json_t *tok = json_loads(resp ? resp : "", 0, NULL);
    free(resp);
    snprintf(auth, sizeof auth, "Authorization: Bearer %s",
             json_string_value(json_object_get(tok, "access_token")));
    json_decref(tok);
    const char *const headers[] = {auth, NULL};
    snprintf(url, sizeof url, "%s/api/TicketApproval", t->base_url);
    snprintf(body, sizeof body, "[{\"ticket_id\":%lld,\"agent_id\":2,\"result\":0,"
             "\"note\":\"Second approver\"}]", (long long)ticket);
    CHECK_INT(tl_http("POST", url, body, NULL, headers, &resp), 200);
    free(resp);
}

/* Tickets whose pending approvals number exactly `pending` (new array of
 * ids), through the reporting database. */
static json_t *tickets_pending(struct tt *t, int pending)
{
    char *sql = xasprintf("SELECT FAid FROM FAULTAPPROVAL WHERE FAResult = 0 GROUP BY FAid "
                          "HAVING COUNT(*) = %d ORDER BY FAid", pending);
    json_t *r = tt_call_ok(t, "halopsa_reports_sql", json_pack("{s:s}", "sql", sql));
    free(sql);
    json_t *out = json_array();
    size_t i;
    json_t *row;
    json_array_foreach(fw_rows(r, "rows"), i, row)
        json_array_append(out, json_object_get(row, "FAid"));
    json_decref(r);
    return out;
}

/* The approval rows of a ticket (new array). */
static json_t *approvals_of(struct tt *t, json_int_t ticket)
{
    json_t *r = tt_call_ok(t, "halopsa_approvals_list", json_pack("{s:I}", "ticket_id", ticket));
    json_t *rows = json_incref(fw_rows(r, "approvals"));
    json_decref(r);
    return rows ? rows : json_array();
}

static void test_lists(void)
{
    struct tt t;
    TT_START(&t, NULL);
    tt_clear_requests(&t);
    json_t *r = tt_call_ok(&t, "halopsa_approvals_mine", NULL);
    json_t *rows = fw_rows(r, "approvals");
    CHECK(json_array_size(rows) >= 2);
    size_t i;
    json_t *row;
    json_array_foreach(rows, i, row) {
        CHECK_INT(json_integer_value(json_object_get(row, "result")), 0);
        CHECK_STR(json_string_value(json_object_get(row, "agent_name")), "API Integration");
        CHECK(json_integer_value(json_object_get(row, "ticket_id")) > 0);
    }
    json_t *req = fw_last(&t, "GET", "/api/TicketApproval");
    CHECK_STR(fw_q(req, "mine"), "true");
    json_decref(req);
    json_int_t ticket = json_integer_value(json_object_get(json_array_get(rows, 0), "ticket_id"));
    json_decref(r);

    json_t *list = approvals_of(&t, ticket);
    CHECK(json_array_size(list) >= 1);
    json_decref(list);
    req = fw_last(&t, "GET", "/api/TicketApproval");
    char num[32];
    snprintf(num, sizeof num, "%lld", (long long)ticket);
    CHECK_STR(fw_q(req, "ticket_id"), num);
    CHECK_STR(fw_q(req, "mine"), "");
    json_decref(req);
    char *m = tt_refusal(&t, "halopsa_approvals_list", json_pack("{}"));
    CHECK_CONTAINS(m, "ticket_id");
    free(m);
    tt_inject(&t, 1, 400);
    r = tt_call(&t, "halopsa_approvals_mine", NULL, NULL);
    CHECK(r && tt_is_error(r));
    CHECK_CONTAINS(tt_text(r), "400");
    json_decref(r);
    CHECK_INT(tt_stop(&t), 0);
}

/* Where the host cannot ask: confirm:true, after which the decision is
 * made once. */
static void test_approve_with_confirm(void)
{
    struct tt t;
    TT_START(&t, NULL);
    json_t *one = tickets_pending(&t, 1);
    CHECK(json_array_size(one) >= 2);
    json_int_t ticket = json_integer_value(json_array_get(one, 0));
    tt_clear_requests(&t);

    /* not confirmed: refused before any request */
    char args[160];
    snprintf(args, sizeof args, "{\"ticket_id\":%lld,\"note\":\"Fine by me\"}",
             (long long)ticket);
    json_t *r = fw_call(&t, "halopsa_approvals_approve", args, NULL);
    CHECK(r && tt_is_error(r));
    CHECK_CONTAINS(tt_text(r), "\"confirm\": true");
    json_decref(r);
    json_t *log = tt_requests(&t);
    CHECK_INT(json_array_size(log), 0);
    json_decref(log);

    /* a dry run needs no confirmation and sends nothing */
    snprintf(args, sizeof args, "{\"ticket_id\":%lld,\"dry_run\":true}", (long long)ticket);
    r = fw_call(&t, "halopsa_approvals_approve", args, NULL);
    CHECK(r && !tt_is_error(r));
    CHECK(json_is_true(json_object_get(fw_sc(r), "dry_run")));
    CHECK_INT(json_integer_value(json_object_get(
                  json_array_get(json_object_get(fw_sc(r), "body"), 0), "result")),
              1);
    json_decref(r);
    CHECK_INT(fw_count(&t, "POST", "/api/*"), 0);

    /* confirmed */
    snprintf(args, sizeof args, "{\"ticket_id\":%lld,\"note\":\"Fine by me\",\"confirm\":true}",
             (long long)ticket);
    r = fw_call(&t, "halopsa_approvals_approve", args, NULL);
    CHECK(r && !tt_is_error(r));
    CHECK_STR(json_string_value(json_object_get(fw_sc(r), "result")), "approved");
    json_decref(r);
    json_t *req = fw_last(&t, "POST", "/api/TicketApproval");
    json_t *el = json_array_get(json_object_get(req, "body"), 0);
    CHECK_INT(json_integer_value(json_object_get(el, "ticket_id")), ticket);
    CHECK_INT(json_integer_value(json_object_get(el, "seq")), 1);
    CHECK_INT(json_integer_value(json_object_get(el, "result")), 1);
    CHECK_STR(json_string_value(json_object_get(el, "approver_note")), "Fine by me");
    json_decref(req);
    json_t *rows = approvals_of(&t, ticket);
    /* the result code read as its word (fields.c) */
    CHECK_STR(json_string_value(json_object_get(json_array_get(rows, 0), "result")), "approved");
    json_decref(rows);

    /* decided already: HaloPSA would overwrite it, so nothing is sent */
    r = fw_call(&t, "halopsa_approvals_reject", args, NULL);
    CHECK(r && tt_is_error(r));
    CHECK_CONTAINS(tt_text(r), "no pending approval");
    CHECK_CONTAINS(tt_text(r), "seq 1 (approved");
    json_decref(r);
    snprintf(args, sizeof args, "{\"ticket_id\":%lld,\"seq\":1,\"confirm\":true}",
             (long long)ticket);
    r = fw_call(&t, "halopsa_approvals_reject", args, NULL);
    CHECK(r && tt_is_error(r));
    CHECK_CONTAINS(tt_text(r), "already approved");
    json_decref(r);
    CHECK_INT(fw_count(&t, "POST", "/api/TicketApproval"), 1);

    /* HaloPSA's 400 on the POST (after the lookup) passes through */
    ticket = json_integer_value(json_array_get(one, 1));
    snprintf(args, sizeof args, "{\"ticket_id\":%lld,\"confirm\":true}", (long long)ticket);
    tt_inject(&t, 2, 400);
    r = fw_call(&t, "halopsa_approvals_reject", args, NULL);
    CHECK(r && tt_is_error(r));
    CHECK_CONTAINS(tt_text(r), "400");
    CHECK_CONTAINS(tt_text(r), "/api/TicketApproval");
    json_decref(r);
    json_decref(one);
    CHECK_INT(tt_stop(&t), 0);
}

/* Which approval: seq, or the only pending one. */
static void test_pick(void)
{
    struct tt t;
    TT_START(&t, NULL);
    json_t *one = tickets_pending(&t, 1);
    json_int_t ticket = json_integer_value(json_array_get(one, 0));
    json_decref(one);
    add_pending(&t, ticket);
    json_t *two = tickets_pending(&t, 2);
    CHECK_INT(json_array_size(two), 1);
    CHECK_INT(json_integer_value(json_array_get(two, 0)), ticket);
    json_decref(two);
    tt_clear_requests(&t);
    char args[160];
    snprintf(args, sizeof args, "{\"ticket_id\":%lld,\"confirm\":true}", (long long)ticket);
    json_t *r = fw_call(&t, "halopsa_approvals_approve", args, NULL);
    CHECK(r && tt_is_error(r));
    CHECK_CONTAINS(tt_text(r), "2 pending approvals");
    CHECK_CONTAINS(tt_text(r), "seq 2 (pending");
    json_decref(r);
    snprintf(args, sizeof args, "{\"ticket_id\":%lld,\"seq\":9,\"confirm\":true}",
             (long long)ticket);
    r = fw_call(&t, "halopsa_approvals_approve", args, NULL);
    CHECK(r && tt_is_error(r));
    CHECK_CONTAINS(tt_text(r), "no approval with seq 9");
    json_decref(r);
    /* a ticket without approvals */
    r = fw_call(&t, "halopsa_approvals_approve", "{\"ticket_id\":987654,\"confirm\":true}", NULL);
    CHECK(r && tt_is_error(r));
    CHECK_CONTAINS(tt_text(r), "no pending approval (its approvals: none)");
    json_decref(r);
    CHECK_INT(fw_count(&t, "POST", "/api/*"), 0);
    /* seq 2, rejected */
    snprintf(args, sizeof args, "{\"ticket_id\":%lld,\"seq\":2,\"note\":\"Not in the freeze\","
             "\"confirm\":true}", (long long)ticket);
    r = fw_call(&t, "halopsa_approvals_reject", args, NULL);
    CHECK(r && !tt_is_error(r));
    CHECK_INT(json_integer_value(json_object_get(fw_sc(r), "seq")), 2);
    json_decref(r);
    json_t *req = fw_last(&t, "POST", "/api/TicketApproval");
    json_t *el = json_array_get(json_object_get(req, "body"), 0);
    CHECK_INT(json_integer_value(json_object_get(el, "seq")), 2);
    CHECK_INT(json_integer_value(json_object_get(el, "result")), 2);
    json_decref(req);
    char *m = tt_refusal(&t, "halopsa_approvals_approve", json_pack("{s:i}", "seq", 1));
    CHECK_CONTAINS(m, "ticket_id");
    free(m);
    m = tt_refusal(&t, "halopsa_approvals_approve", json_pack("{s:I, s:i}", "ticket_id", ticket,
                                                              "seq", 0));
    CHECK_CONTAINS(m, "seq");
    free(m);
    CHECK_INT(tt_stop(&t), 0);
}

/* Where the host can ask: the user decides, and nothing else stands in. */
static void test_elicitation(void)
{
    struct tt t;
    CHECK_INT(tt_start(&t, NULL, json_pack("{s:{}}", "elicitation")), 0);
    json_t *one = tickets_pending(&t, 1);
    json_int_t ticket = json_integer_value(json_array_get(one, 0));
    json_decref(one);
    tt_clear_requests(&t);
    char args[160];
    /* declined (even with confirm:true from the model) */
    snprintf(args, sizeof args, "{\"ticket_id\":%lld,\"confirm\":true}", (long long)ticket);
    json_t *answer = json_pack("{s:s}", "action", "decline");
    json_t *r = fw_call_answering(&t, "halopsa_approvals_reject", args, answer, NULL);
    CHECK(r && tt_is_error(r));
    CHECK_CONTAINS(tt_text(r), "did not confirm");
    json_decref(r);
    json_decref(answer);
    /* the client errs: not a yes either */
    r = fw_call_answering(&t, "halopsa_approvals_reject", args, NULL, NULL);
    CHECK(r && tt_is_error(r));
    CHECK_CONTAINS(tt_text(r), "Not done");
    json_decref(r);
    CHECK_INT(fw_count(&t, "POST", "/api/*"), 0);
    /* accepted: the question named the approval */
    snprintf(args, sizeof args, "{\"ticket_id\":%lld,\"note\":\"Too expensive\"}",
             (long long)ticket);
    answer = json_pack("{s:s, s:{s:b}}", "action", "accept", "content", "confirm", 1);
    json_t *asked = NULL;
    r = fw_call_answering(&t, "halopsa_approvals_reject", args, answer, &asked);
    CHECK(r && !tt_is_error(r));
    CHECK_STR(json_string_value(json_object_get(fw_sc(r), "result")), "rejected");
    char want[64];
    snprintf(want, sizeof want, "Reject approval 1 of ticket %lld", (long long)ticket);
    CHECK_CONTAINS(json_string_value(json_object_get(asked, "message")), want);
    CHECK_CONTAINS(json_string_value(json_object_get(asked, "message")), "cannot be undone");
    json_decref(asked);
    json_decref(answer);
    json_decref(r);
    CHECK_INT(fw_count(&t, "POST", "/api/TicketApproval"), 1);
    json_t *rows = approvals_of(&t, ticket);
    CHECK_STR(json_string_value(json_object_get(json_array_get(rows, 0), "result")), "rejected");
    json_decref(rows);
    CHECK_INT(tt_stop(&t), 0);
}

static const struct test tests[] = {
    {"lists", test_lists},
    {"approve_with_confirm", test_approve_with_confirm},
    {"pick", test_pick},
    {"elicitation", test_elicitation},
    {NULL, NULL},
};

HARNESS_MAIN("tools_approvals", tests)
