/* test_attachments.c - the attachments domain end to end against the
 * simulator: a ticket's (and an action's) files, a text file back as text,
 * the seeded PNG back byte for byte as an embedded resource, uploads from
 * base64 (data: URLs, line breaks, the URL-safe alphabet) and from text
 * that read back the same, the checks made before anything is sent (size
 * cap, base64, file name), dry runs, not found and HaloPSA's 400. */
#include "fw_test.h"


/* The id of the first seeded attachment of this content type, and its
 * ticket (found through the reporting database). */
static json_int_t find_file(struct tt *t, const char *ctype, json_int_t *ticket)
{
    char *sql = xasprintf("SELECT TOP 1 ATid FROM ATTACHMENT WHERE ATContentType = '%s' ORDER "
                          "BY ATid", ctype);
    json_t *r = tt_call_ok(t, "halopsa_reports_sql", json_pack("{s:s}", "sql", sql));
    free(sql);
    json_int_t id = json_integer_value(
        json_object_get(json_array_get(fw_rows(r, "rows"), 0), "ATid"));
    json_decref(r);
    r = tt_call_ok(t, "halopsa_attachments_get", json_pack("{s:I}", "id", id));
    *ticket = json_integer_value(json_object_get(json_object_get(fw_sc(r), "attachment"),
                                                 "ticket_id"));
    json_decref(r);
    CHECK(id > 0 && *ticket > 0);
    return id;
}

static void test_list(void)
{
    struct tt t;
    TT_START(&t, NULL);
    json_int_t ticket = 0, id = find_file(&t, "text/plain", &ticket);
    tt_clear_requests(&t);
    json_t *r = tt_call_ok(&t, "halopsa_attachments_list", json_pack("{s:I}", "ticket_id", ticket));
    json_t *rows = fw_rows(r, "attachments");
    CHECK(json_array_size(rows) >= 1);
    bool seen = false;
    size_t i;
    json_t *row;
    json_array_foreach(rows, i, row) {
        seen |= json_integer_value(json_object_get(row, "id")) == id;
        CHECK(json_object_get(row, "data_base64") == NULL);
    }
    CHECK(seen);
    json_int_t action = json_integer_value(json_object_get(json_array_get(rows, 0), "action_id"));
    CHECK(action > 0);
    json_t *req = fw_last(&t, "GET", "/api/Attachment");
    char num[32];
    snprintf(num, sizeof num, "%lld", (long long)ticket);
    CHECK_STR(fw_q(req, "ticket_id"), num);
    /* HaloPSA lists them whole: no paging parameters */
    CHECK_STR(fw_q(req, "pageinate"), "");
    json_decref(req);
    json_decref(r);
    /* one action's files */
    r = tt_call_ok(&t, "halopsa_attachments_list",
                   json_pack("{s:I, s:I}", "ticket_id", ticket, "action_id", action));
    req = fw_last(&t, "GET", "/api/Attachment");
    snprintf(num, sizeof num, "%lld", (long long)action);
    CHECK_STR(fw_q(req, "action_id"), num);
    json_decref(req);
    json_decref(r);
    /* a ticket is required, as HaloPSA requires it */
    char *m = tt_refusal(&t, "halopsa_attachments_list", json_pack("{}"));
    CHECK_CONTAINS(m, "ticket_id");
    free(m);
    tt_inject(&t, 1, 400);
    r = tt_call(&t, "halopsa_attachments_list", json_pack("{s:I}", "ticket_id", ticket), NULL);
    CHECK(r && tt_is_error(r));
    CHECK_CONTAINS(tt_text(r), "400");
    json_decref(r);
    CHECK_INT(tt_stop(&t), 0);
}

static void test_get_text_and_binary(void)
{
    struct tt t;
    TT_START(&t, NULL);
    json_int_t ticket, id = find_file(&t, "text/plain", &ticket);
    tt_clear_requests(&t);
    json_t *r = tt_call_ok(&t, "halopsa_attachments_get", json_pack("{s:I}", "id", id));
    json_t *meta = json_object_get(fw_sc(r), "attachment");
    CHECK_STR(json_string_value(json_object_get(meta, "filename")), "error-log.txt");
    CHECK_STR(json_string_value(json_object_get(meta, "content_type")), "text/plain");
    CHECK_CONTAINS(tt_text(r), "ERROR");
    /* the content is data: inside the reply's one region, not our words */
    CHECK_INT(tt_regions(tt_text(r)), 1);
    char *ours = tt_outside(tt_text(r));
    CHECK_NOT_CONTAINS(ours, "ERROR");
    CHECK_NOT_CONTAINS(ours, "error-log.txt");
    free(ours);
    CHECK_CONTAINS(json_string_value(json_object_get(fw_sc(r), "text")), "retrying");
    CHECK_INT(json_array_size(json_object_get(r, "content")), 1);
    json_decref(r);
    /* the record first (JSON), then the file itself (raw bytes) */
    json_t *log = tt_requests(&t);
    CHECK_INT(json_array_size(log), 2);
    CHECK_STR(fw_q(json_array_get(log, 0), "includedetails"), "true");
    CHECK_STR(fw_q(json_array_get(log, 1), "includedetails"), "");
    json_decref(log);

    /* the seeded 1x1 PNG: an embedded resource, the same bytes */
    static const char png[] = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QD"
                              "wADhgGAWjR9awAAAABJRU5ErkJggg==";
    id = find_file(&t, "image/png", &ticket);
    r = tt_call_ok(&t, "halopsa_attachments_get", json_pack("{s:I}", "id", id));
    CHECK(json_is_true(json_object_get(fw_sc(r), "embedded")));
    json_t *res = json_object_get(json_array_get(json_object_get(r, "content"), 1), "resource");
    CHECK_STR(json_string_value(json_object_get(json_array_get(json_object_get(r, "content"), 1),
                                                "type")),
              "resource");
    CHECK_STR(json_string_value(json_object_get(res, "mimeType")), "image/png");
    CHECK_STR(json_string_value(json_object_get(res, "blob")), png);
    char uri[64];
    snprintf(uri, sizeof uri, "halopsa://attachments/%lld", (long long)id);
    CHECK_STR(json_string_value(json_object_get(res, "uri")), uri);
    CHECK_CONTAINS(tt_text(r), "image/png, 70 bytes");
    json_decref(r);

    r = tt_call(&t, "halopsa_attachments_get", json_pack("{s:i}", "id", 987654), NULL);
    CHECK(r && tt_is_error(r));
    CHECK_CONTAINS(tt_text(r), "404");
    json_decref(r);
    char *m = tt_refusal(&t, "halopsa_attachments_get", json_pack("{s:s}", "id", "x"));
    CHECK_CONTAINS(m, "id");
    free(m);
    /* HaloPSA's error on the file itself (the second request) passes through */
    tt_inject(&t, 2, 400);
    r = tt_call(&t, "halopsa_attachments_get", json_pack("{s:I}", "id", id), NULL);
    CHECK(r && tt_is_error(r));
    CHECK_CONTAINS(tt_text(r), "400");
    CHECK_CONTAINS(tt_text(r), "/api/Attachment/");
    json_decref(r);
    CHECK_INT(tt_stop(&t), 0);
}

/* An upload, then the file read back: the bytes HaloPSA stored. */
static json_t *upload_and_read(struct tt *t, json_t *args)
{
    json_t *r = tt_call_ok(t, "halopsa_attachments_upload", args);
    json_int_t id = json_integer_value(json_object_get(fw_sc(r), "id"));
    CHECK(id > 0);
    json_decref(r);
    return tt_call_ok(t, "halopsa_attachments_get", json_pack("{s:I}", "id", id));
}

static void test_upload(void)
{
    struct tt t;
    TT_START(&t, NULL);
    tt_clear_requests(&t);
    /* text: sent base64-encoded, private unless asked */
    json_t *r = upload_and_read(&t, json_pack("{s:i, s:s, s:s, s:s}", "ticket_id", 5, "filename",
                                              "notes.txt", "text", "Line one\nLine two ✓\n",
                                              "note", "from the assistant"));
    CHECK_CONTAINS(json_string_value(json_object_get(fw_sc(r), "text")), "Line two ✓");
    json_decref(r);
    json_t *req = fw_last(&t, "POST", "/api/Attachment");
    json_t *el = json_array_get(json_object_get(req, "body"), 0);
    CHECK_INT(json_integer_value(json_object_get(el, "ticket_id")), 5);
    CHECK_STR(json_string_value(json_object_get(el, "filename")), "notes.txt");
    CHECK_STR(json_string_value(json_object_get(el, "data_base64")),
              "TGluZSBvbmUKTGluZSB0d28g4pyTCg==");
    CHECK(json_is_false(json_object_get(el, "showforusers")));
    CHECK_STR(json_string_value(json_object_get(el, "note")), "from the assistant");
    CHECK(json_object_get(el, "text") == NULL);
    json_decref(req);

    /* binary as a data: URL with line breaks in the URL-safe alphabet:
     * bytes 0xfb 0xff 0xfe 0x00 0x01 */
    r = upload_and_read(&t, json_pack("{s:i, s:s, s:s, s:b}", "ticket_id", 5, "filename",
                                      "blob.bin", "data_base64",
                                      "data:application/octet-stream;base64,-__-\nAAE",
                                      "show_to_user", 1));
    json_t *res = json_object_get(json_array_get(json_object_get(r, "content"), 1), "resource");
    CHECK_STR(json_string_value(json_object_get(res, "blob")), "+//+AAE=");
    json_decref(r);
    req = fw_last(&t, "POST", "/api/Attachment");
    el = json_array_get(json_object_get(req, "body"), 0);
    CHECK_STR(json_string_value(json_object_get(el, "data_base64")), "+//+AAE=");
    CHECK(json_is_true(json_object_get(el, "showforusers")));
    json_decref(req);

    /* to an action of the ticket: HaloPSA checks it belongs there */
    r = tt_call(&t, "halopsa_attachments_upload",
                json_pack("{s:i, s:s, s:s, s:i}", "ticket_id", 5, "filename", "a.txt", "text",
                          "x", "action_id", 1),
                NULL);
    CHECK(r && tt_is_error(r));
    CHECK_CONTAINS(tt_text(r), "400");
    CHECK_CONTAINS(tt_text(r), "is not on Ticket 5");
    json_decref(r);
    r = tt_call(&t, "halopsa_attachments_upload",
                json_pack("{s:i, s:s, s:s}", "ticket_id", 987654, "filename", "a.txt", "text",
                          "x"),
                NULL);
    CHECK(r && tt_is_error(r));
    CHECK_CONTAINS(tt_text(r), "987654");
    json_decref(r);
    CHECK_INT(tt_stop(&t), 0);
}

/* What is checked here sends nothing at all. */
static void test_upload_refused_before_sending(void)
{
    struct tt t;
    TT_START(&t, NULL);
    tt_clear_requests(&t);
    static const char *const bad[][3] = {
        {"x.bin", "data_base64", "not*base64"},
        {"x.bin", "data_base64", "QUJD=QUJD"},    /* data after padding */
        {"x.bin", "data_base64", "QUJDR"},        /* a length base64 cannot have */
        {"x.bin", "data_base64", "QUJDRA="},      /* padding that does not fit */
        {"x.bin", "data_base64", ""},             /* nothing to upload */
        {"x.txt", "text", ""},
        {"../etc/passwd", "text", "x"},
        {"a\\b.txt", "text", "x"},
        {"line\nbreak.txt", "text", "x"},
        {"..", "text", "x"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        json_t *r = tt_call(&t, "halopsa_attachments_upload",
                            json_pack("{s:i, s:s, s:s}", "ticket_id", 5, "filename", bad[i][0],
                                      bad[i][1], bad[i][2]),
                            NULL);
        if (!r || !tt_is_error(r))
            harness_fail(__FILE__, __LINE__, "accepted: %s %s=%s", bad[i][0], bad[i][1],
                         bad[i][2]);
        json_decref(r);
    }
    /* both contents, or neither */
    char *m = tt_refusal(&t, "halopsa_attachments_upload",
                         json_pack("{s:i, s:s, s:s, s:s}", "ticket_id", 5, "filename", "x.txt",
                                   "text", "a", "data_base64", "QQ=="));
    CHECK_CONTAINS(m, "exactly one");
    free(m);
    m = tt_refusal(&t, "halopsa_attachments_upload",
                   json_pack("{s:i, s:s}", "ticket_id", 5, "filename", "x.txt"));
    CHECK_CONTAINS(m, "exactly one");
    free(m);
    m = tt_refusal(&t, "halopsa_attachments_upload", json_pack("{s:s, s:s}", "filename", "x.txt",
                                                               "text", "a"));
    CHECK_CONTAINS(m, "ticket_id");
    free(m);
    /* the size cap: 10 MiB decoded, one byte more is refused */
    size_t n = 10 * 1024 * 1024 + 1;
    unsigned char *bytes = xcalloc(1, n);
    char *b64 = base_b64_encode(bytes, n, false);
    json_t *r = tt_call(&t, "halopsa_attachments_upload",
                        json_pack("{s:i, s:s, s:s}", "ticket_id", 5, "filename", "big.bin",
                                  "data_base64", b64),
                        NULL);
    CHECK(r && tt_is_error(r));
    CHECK_CONTAINS(tt_text(r), "10485761 bytes");
    json_decref(r);
    free(b64);
    free(bytes);
    /* a dry run names the content instead of repeating it */
    r = tt_call_ok(&t, "halopsa_attachments_upload",
                   json_pack("{s:i, s:s, s:s, s:b}", "ticket_id", 5, "filename", "x.txt", "text",
                             "hello", "dry_run", 1));
    CHECK(json_is_true(json_object_get(fw_sc(r), "dry_run")));
    json_t *el = json_array_get(json_object_get(fw_sc(r), "body"), 0);
    CHECK_STR(json_string_value(json_object_get(el, "data_base64")),
              "<5 bytes as base64, not shown>");
    CHECK(json_is_false(json_object_get(el, "showforusers")));
    json_decref(r);
    CHECK_INT(fw_count(&t, "POST", "/api/*"), 0);
    CHECK_INT(tt_stop(&t), 0);
}

static const struct test tests[] = {
    {"list", test_list},
    {"get_text_and_binary", test_get_text_and_binary},
    {"upload", test_upload},
    {"upload_refused_before_sending", test_upload_refused_before_sending},
    {NULL, NULL},
};

HARNESS_MAIN("tools_attachments", tests)
