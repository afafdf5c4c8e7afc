/* test_attachments.c - /api/Attachment over real sockets: listing by
 * ticket and action (ticket_id required), the raw file with its
 * Content-Type and Content-Disposition, the JSON record with
 * includedetails=true, base64 uploads (text and binary) and their 400s,
 * the ticket's attachments, and delete. */
#include "simtest.h"

#include "sim_int.h"

/* A ticket of the seeded tenant with an attachment on one of its actions:
 * *ticket, *action, *id of that attachment. */
static void seeded_attachment(json_int_t *ticket, json_int_t *action, json_int_t *id,
                              const char *want_name)
{
    json_t *ds = sim__dataset_new(1, 0);
    size_t i;
    json_t *a;
    *ticket = *action = *id = 0;
    json_array_foreach(json_object_get(ds, "Attachment"), i, a) {
        if (strcmp(json_string_value(json_object_get(a, "filename")), want_name) == 0) {
            *ticket = sim__int(a, "ticket_id", 0);
            *action = sim__int(a, "action_id", 0);
            *id = sim__int(a, "id", 0);
            break;
        }
    }
    json_decref(ds);
    CHECK(*id > 0);
}

static void test_list(void)
{
    struct st t;
    int status;
    json_int_t ticket, action, id;
    seeded_attachment(&ticket, &action, &id, "error-log.txt");
    st_start(&t, NULL);
    json_t *l = st_getf(&t, &status, "/api/Attachment?ticket_id=%lld", (long long)ticket);
    CHECK_INT(status, 200);
    json_t *rows = st_rows(l, "attachments");
    CHECK(json_array_size(rows) >= 1);
    size_t i;
    json_t *r;
    json_array_foreach(rows, i, r) {
        CHECK_INT(sim__int(r, "ticket_id", 0), ticket);
        CHECK(json_object_get(r, "data_base64") == NULL); /* never the bytes in JSON */
        CHECK(sim__int(r, "filesize", 0) > 0);
    }
    json_t *byact = st_getf(&t, &status, "/api/Attachment?ticket_id=%lld&action_id=%lld",
                            (long long)ticket, (long long)action);
    CHECK(json_array_size(st_rows(byact, "attachments")) >= 1);
    json_t *none = st_get(&t, "/api/Attachment", &status);
    CHECK_INT(status, 400);
    CHECK_CONTAINS(st_message(none), "ticket_id is required");
    /* The ticket's detail lists them too, and the action counts them. */
    json_t *tk = st_getf(&t, &status, "/api/Tickets/%lld", (long long)ticket);
    CHECK_INT(json_array_size(json_object_get(tk, "attachments")), json_array_size(rows));
    CHECK_INT(sim__int(tk, "attachment_count", 0), (json_int_t)json_array_size(rows));
    json_decref(tk);
    json_decref(none);
    json_decref(byact);
    json_decref(l);
    st_stop(&t);
}

static void test_download(void)
{
    struct st t;
    int status;
    char hv[256];
    json_int_t ticket, action, id;
    seeded_attachment(&ticket, &action, &id, "screenshot.png");
    st_start(&t, NULL);
    char *path = xasprintf("/api/Attachment/%lld", (long long)id);
    struct st_reply r = st_api(&t, "GET", path, NULL);
    CHECK_INT(r.status, 200);
    CHECK_STR(st_header(&r, "Content-Type", hv, sizeof hv), "image/png");
    CHECK_CONTAINS(st_header(&r, "Content-Disposition", hv, sizeof hv),
                   "attachment; filename=\"screenshot.png\"");
    CHECK(r.body && memcmp(r.body, "\x89PNG\r\n\x1a\n", 8) == 0);
    CHECK(r.json == NULL); /* the file, not JSON */
    st_reply_free(&r);
    free(path);
    json_t *det = st_getf(&t, &status, "/api/Attachment/%lld?includedetails=true", (long long)id);
    CHECK_INT(status, 200);
    CHECK_STR(json_string_value(json_object_get(det, "filename")), "screenshot.png");
    CHECK(json_is_true(json_object_get(det, "isimage")));
    CHECK(json_object_get(det, "data_base64") == NULL);
    json_decref(det);
    json_decref(st_get(&t, "/api/Attachment/987654", &status));
    CHECK_INT(status, 404);
    st_stop(&t);
}

static void test_upload(void)
{
    struct st t;
    int status;
    char hv[256];
    st_start(&t, NULL);
    /* "hello world" */
    json_t *ok = st_send(&t, "POST", "/api/Attachment",
                         "[{\"filename\":\"notes.txt\",\"data_base64\":\"aGVsbG8gd29ybGQ=\","
                         "\"ticket_id\":4,\"note\":\"from the API\"}]",
                         &status);
    CHECK_INT(status, 200);
    CHECK_INT(sim__int(ok, "filesize", 0), 11);
    CHECK_STR(json_string_value(json_object_get(ok, "content_type")), "text/plain");
    CHECK(json_object_get(ok, "data_base64") == NULL);
    char *path = xasprintf("/api/Attachment/%lld", (long long)sim__int(ok, "id", 0));
    struct st_reply r = st_api(&t, "GET", path, NULL);
    CHECK_INT(r.status, 200);
    CHECK_STR(r.body, "hello world");
    CHECK_STR(st_header(&r, "Content-Type", hv, sizeof hv), "text/plain");
    st_reply_free(&r);
    /* Binary bytes survive the round trip (all 256 byte values). */
    unsigned char all[256];
    for (int i = 0; i < 256; i++)
        all[i] = (unsigned char)i;
    char *b64 = sim__b64_encode(all, sizeof all);
    char *body = xasprintf("[{\"filename\":\"blob.bin\",\"data_base64\":\"%s\",\"faultid\":4}]", b64);
    json_t *bin = st_send(&t, "POST", "/api/Attachment", body, &status);
    CHECK_INT(status, 200);
    CHECK_INT(sim__int(bin, "ticket_id", 0), 4); /* faultid names the ticket (N8, SW) */
    char *bpath = xasprintf("/api/Attachment/%lld", (long long)sim__int(bin, "id", 0));
    CURL *h = curl_easy_init();
    char *url = xasprintf("%s%s", t.url, bpath);
    r = st_req_h(h, "GET", url, NULL, NULL, t.token);
    curl_off_t got = 0;
    curl_easy_getinfo(h, CURLINFO_SIZE_DOWNLOAD_T, &got);
    CHECK(got == 256 && memcmp(r.body, all, 256) == 0);
    st_reply_free(&r);
    curl_easy_cleanup(h);
    free(url);
    /* HaloPSA's 400s. */
    static const char *const bad[][2] = {
        {"[{\"filename\":\"a.txt\",\"data_base64\":\"@@@\",\"ticket_id\":4}]", "not valid base64"},
        {"[{\"filename\":\"a.txt\",\"ticket_id\":4}]", "data_base64"},
        {"[{\"filename\":\"a.txt\",\"data_base64\":\"aGk=\",\"ticket_id\":999999}]",
         "Ticket 999999 does not exist"},
        {"[{\"filename\":\"a.txt\",\"data_base64\":\"aGk=\"}]", "Ticket ID is required"},
        {"[{\"data_base64\":\"aGk=\",\"ticket_id\":4}]", "Filename is required"},
        {"[{\"filename\":\"a.txt\",\"data_base64\":\"aGk=\",\"ticket_id\":4,\"action_id\":1}]",
         "is not on Ticket 4"},
        /* filedata is not Halo's field: dropped, so no content. */
        {"[{\"filename\":\"a.txt\",\"filedata\":\"aGk=\",\"ticket_id\":4}]", "data_base64"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        json_t *j = st_send(&t, "POST", "/api/Attachment", bad[i][0], &status);
        CHECK_INT(status, 400);
        CHECK_CONTAINS(st_message(j), bad[i][1]);
        json_decref(j);
    }
    json_decref(st_send(&t, "DELETE", path, NULL, &status));
    CHECK_INT(status, 200);
    r = st_api(&t, "GET", path, NULL);
    CHECK_INT(r.status, 404);
    st_reply_free(&r);
    free(bpath);
    json_decref(bin);
    free(body);
    free(b64);
    free(path);
    json_decref(ok);
    st_stop(&t);
}

static const struct test tests[] = {
    {"list", test_list},
    {"download", test_download},
    {"upload", test_upload},
    {NULL, NULL},
};
HARNESS_MAIN("sim_attachments", tests)
