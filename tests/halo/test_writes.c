/* test_writes.c - after a write was sent, a failure says what is known
 * (issue 13 item 2, client side): a 2xx with an unreadable body was
 * probably applied, a lost answer or a 5xx leaves it unknown (and the
 * words never invite a blind re-send), a DELETE whose retry finds nothing
 * was already deleted, and a refused or unsent write changed nothing. The
 * simulator's request log and data show what really happened. */
#include "halotest.h"

#include "halo/halo_int.h"

/* Words that would invite sending the same write again. */
static void check_no_resend_advice(const struct halo_error *e)
{
    char line[1600];
    halo_error_format(e, line, sizeof line);
    CHECK_NOT_CONTAINS(line, "tried again");
    CHECK_NOT_CONTAINS(line, "try again");
    CHECK_NOT_CONTAINS(line, "retry it");
}

/* Number of tickets whose summary contains s. */
static int tickets_named(struct ht *t, const char *s)
{
    struct halo_error e;
    json_t *q = json_pack("{s:s, s:s}", "search", s, "open_only", "false");
    json_t *r = halo_get(t->hc, "/api/Tickets", q, &e);
    json_decref(q);
    int n = (int)json_array_size(halo_rows(r, "tickets", NULL));
    json_decref(r);
    return n;
}

static json_int_t create_ticket(struct ht *t, const char *summary)
{
    struct halo_error e;
    json_t *rec = json_pack("[{s:s, s:s, s:i}]", "summary", summary, "details", "x", "client_id", 1);
    json_t *r = halo_post_array(t->hc, "/api/Tickets", rec, &e);
    json_decref(rec);
    json_int_t id = json_integer_value(json_object_get(r, "id"));
    json_decref(r);
    return id;
}

static void test_malformed_2xx_write(void)
{
    struct ht t;
    struct halo_error e;
    ht_start(&t, NULL, 0, 0, 3);
    CHECK_INT(halo_authenticate(t.hc, &e), 0);
    ht_clear(&t);
    ht_faults(&t, "{\"malformed_nth\":1}");
    json_t *rec = json_pack("[{s:s, s:s, s:i}]", "summary", "Malformed echo 7731", "details", "x",
                            "client_id", 1);
    json_t *r = halo_post_array(t.hc, "/api/Tickets", rec, &e);
    json_decref(rec);
    CHECK(r == NULL);
    CHECK_INT(e.kind, HALO_E_PARSE);
    CHECK_INT(e.applied, HALO_APPLIED_PROBABLY);
    CHECK_CONTAINS(e.outcome, "accepted it (200) but the reply was unreadable: the change was "
                              "probably applied; check with a get before retrying");
    /* the outcome is ours, apart from the message a tool quotes as HaloPSA's */
    CHECK_NOT_CONTAINS(e.message, "probably applied");
    CHECK_NOT_CONTAINS(e.message, "not valid JSON");
    check_no_resend_advice(&e);
    json_t *log = ht_requests(&t);
    CHECK_INT(ht_count(log, "POST", "/api/Tickets", -1), 1);
    json_decref(log);
    CHECK_INT(tickets_named(&t, "Malformed echo 7731"), 1);

    /* The same for a DELETE: it was deleted. */
    json_int_t id = create_ticket(&t, "Malformed delete 7732");
    CHECK(id > 0);
    char path[64];
    snprintf(path, sizeof path, "/api/Tickets/%lld", (long long)id);
    ht_faults(&t, "{\"malformed_nth\":1}");
    r = halo_delete(t.hc, path, NULL, &e);
    CHECK(r == NULL);
    CHECK_INT(e.applied, HALO_APPLIED_PROBABLY);
    r = halo_get(t.hc, path, NULL, &e);
    CHECK(r == NULL);
    CHECK_INT(e.status, 404);
    CHECK_INT(e.applied, HALO_APPLIED_NO);

    /* A read with a bad body changed nothing. */
    ht_faults(&t, "{\"malformed_nth\":1}");
    r = halo_get(t.hc, "/api/Status", NULL, &e);
    CHECK(r == NULL);
    CHECK_INT(e.applied, HALO_APPLIED_NO);
    CHECK_CONTAINS(e.message, "not valid JSON");
    ht_stop(&t);
}

static void test_5xx_on_post(void)
{
    static const int statuses[] = {500, 502, 503, 504};
    for (size_t i = 0; i < sizeof statuses / sizeof statuses[0]; i++) {
        struct ht t;
        struct halo_error e;
        char spec[128];
        ht_start(&t, NULL, 0, 0, 3);
        CHECK_INT(halo_authenticate(t.hc, &e), 0);
        ht_clear(&t);
        snprintf(spec, sizeof spec, "{\"fail_nth\":{\"n\":1,\"status\":%d}}", statuses[i]);
        ht_faults(&t, spec);
        json_t *rec = json_pack("[{s:s, s:s, s:i}]", "summary", "5xx create", "details", "x",
                                "client_id", 1);
        json_t *r = halo_post_array(t.hc, "/api/Tickets", rec, &e);
        json_decref(rec);
        CHECK(r == NULL);
        CHECK_INT(e.status, statuses[i]);
        CHECK_INT(e.applied, HALO_APPLIED_UNKNOWN);
        CHECK_CONTAINS(e.outcome, "may or may not have applied it: check with a get before "
                                  "sending it again");
        check_no_resend_advice(&e);
        json_t *log = ht_requests(&t);
        CHECK_INT(ht_count(log, "POST", "/api/Tickets", -1), 1); /* never re-sent */
        json_decref(log);
        ht_stop(&t);
    }
}

/* A DELETE applied, then its connection closed before the reply. Sent on
 * a reused keep-alive connection, libcurl would send it again by itself
 * and the client would see only the second answer, a 404 read as "no such
 * record: check the id" (seen in the fault matrix). */
static void test_delete_dropped_after_apply(void)
{
    struct ht t;
    struct halo_error e;
    char path[64];
    ht_start(&t, NULL, 0, 0, 3);
    json_int_t id = create_ticket(&t, "Dropped delete 7733");
    CHECK(id > 0);
    snprintf(path, sizeof path, "/api/Tickets/%lld", (long long)id);
    json_t *r = halo_get(t.hc, path, NULL, &e); /* leaves a keep-alive connection */
    CHECK(r != NULL);
    json_decref(r);
    ht_clear(&t);
    ht_faults(&t, "{\"write_fault\":{\"kind\":\"drop_after\",\"method\":\"DELETE\"}}");
    r = halo_delete(t.hc, path, NULL, &e);
    CHECK(r == NULL);
    CHECK_INT(e.status, 404);
    CHECK_INT(e.applied, HALO_APPLIED_ALREADY);
    CHECK_CONTAINS(e.outcome, "already deleted");
    check_no_resend_advice(&e);
    json_t *log = ht_requests(&t);
    /* the dropped first send, then the client's own retry finding nothing */
    CHECK_INT(ht_count(log, "DELETE", path, -1), 2);
    CHECK_INT(ht_count(log, "DELETE", path, 404), 1);
    json_decref(log);
    ht_stop(&t);
}

static void test_refused_and_unsent_writes(void)
{
    struct ht t;
    struct halo_error e;
    ht_start(&t, NULL, 0, 0, 3);
    /* A 400 is a refusal before anything was written. */
    json_t *rec = json_pack("[{s:s}]", "details", "no summary, no client");
    json_t *r = halo_post_array(t.hc, "/api/Tickets", rec, &e);
    json_decref(rec);
    if (r == NULL) {
        CHECK_INT(e.applied, HALO_APPLIED_NO);
    }
    json_decref(r);
    /* A DELETE of an id that never existed, answered at once: plain 404. */
    r = halo_delete(t.hc, "/api/Tickets/999999", NULL, &e);
    CHECK(r == NULL);
    CHECK_INT(e.status, 404);
    CHECK_INT(e.applied, HALO_APPLIED_NO);
    CHECK_NOT_CONTAINS(e.outcome, "already deleted");
    CHECK_STR(e.outcome, "");
    ht_stop(&t);
}

/* The first DELETE is applied but its answer comes too late; the retry
 * gets 404. */
static void late_delete_script(void *ud, const char *method, const char *path, const char *body,
                               int n, struct hs_reply *r)
{
    (void)ud, (void)body;
    if (strcmp(path, "/auth/token") == 0) {
        snprintf(r->body, sizeof r->body,
                 "{\"access_token\":\"late-token-123456\",\"token_type\":\"Bearer\",\"expires_in\":3600}");
    } else if (strcmp(method, "DELETE") == 0 && n == 1) {
        r->delay_ms = 1500; /* past the client's 400 ms timeout */
        snprintf(r->body, sizeof r->body, "{\"id\":42}");
    } else if (strcmp(method, "DELETE") == 0) {
        r->status = 404;
        snprintf(r->body, sizeof r->body, "{\"ClassName\":\"HaloException\",\"Message\":\"Not found\"}");
    } else {
        r->status = 404;
    }
}

static void test_delete_retry_finds_nothing(void)
{
    struct hs h;
    char base[128], line[1600];
    hs_start(&h, late_delete_script, NULL, base, sizeof base);
    struct halo_client *hc = hs_client(base, "late-secret-0001", 2, 400);
    struct halo_error e;
    json_t *r = halo_delete(hc, "/api/Tickets/42", NULL, &e);
    CHECK(r == NULL);
    CHECK_INT(e.status, 404);
    CHECK_INT(e.applied, HALO_APPLIED_ALREADY);
    halo_error_format(&e, line, sizeof line);
    CHECK_CONTAINS(line, "already deleted");
    CHECK_NOT_CONTAINS(line, "check the id");
    /* The scripted server answers one request at a time, so a retry can
     * queue behind the slow first one and time out as well. */
    CHECK(hs_count(&h, "DELETE", "/api/Tickets/42") >= 2);
    halo_client_free(hc);
    hs_stop(&h);
}

static const struct test tests[] = {
    {"malformed_2xx_write", test_malformed_2xx_write},
    {"5xx_on_post", test_5xx_on_post},
    {"delete_dropped_after_apply", test_delete_dropped_after_apply},
    {"refused_and_unsent_writes", test_refused_and_unsent_writes},
    {"delete_retry_finds_nothing", test_delete_retry_finds_nothing},
    {NULL, NULL},
};

HARNESS_MAIN("halo_writes", tests)
