/* test_project.c - the projecting parse of list replies
 * (src/halo/project.c) against jansson: on every recorded sample
 * (tests/halo/samples/), on every simulator list endpoint, on hand-made
 * edge cases of JSON and of HaloPSA's envelopes, and on thousands of
 * deterministic mutations of all of those; then halo_get_rows over a real
 * socket. */
#include "halotest.h"

#include "halo/halo_int.h"
#include "project_ref.h"

#include <dirent.h>

static const char *const ticket_fields[] = {"id", "summary", "client_name", "status_id",
                                            "dateoccurred", "priority", "customfields",
                                            "slatimeleft", "agent_id", "hasbeenclosed", NULL};
static const char *const few_fields[] = {"id", "name", "client_id", "note", NULL};
static const char *const keys[] = {"tickets", "sites", "actions", "clients", "Tickets", NULL};

/* Every key and field set on one body. */
static void agree(const char *what, const char *body, size_t len)
{
    for (int k = 0; keys[k]; k++) {
        for (int f = 0; f < 3; f++) {
            const char *const *fields = f == 0 ? ticket_fields : f == 1 ? few_fields : NULL;
            const char *d = project_differs(body, len, keys[k], fields);
            if (d)
                harness_fail(__FILE__, __LINE__, "%s (key %s, field set %d): %s: %.200s", what,
                             keys[k], f, d, body);
        }
    }
}

/* Loads the recorded samples into a new array of strings. */
static json_t *samples(void)
{
    json_t *all = json_array();
    DIR *d = opendir("tests/halo/samples");
    if (!d) {
        harness_fail(__FILE__, __LINE__, "tests/halo/samples is missing (run from the repository)");
        return all;
    }
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        if (!strstr(e->d_name, ".json"))
            continue;
        char path[512];
        snprintf(path, sizeof path, "tests/halo/samples/%s", e->d_name);
        char *text = tl_read_file(path);
        if (text)
            json_array_append_new(all, json_string(text));
        free(text);
    }
    closedir(d);
    return all;
}

static void test_recorded_samples(void)
{
    json_t *all = samples();
    CHECK(json_array_size(all) >= 7);
    size_t i;
    json_t *s;
    json_array_foreach(all, i, s) agree("sample", json_string_value(s), json_string_length(s));
    /* And they are not trivially empty: the rows are there. */
    const char *t = NULL;
    json_array_foreach(all, i, s) {
        if (strstr(json_string_value(s), "\"tickets\""))
            t = json_string_value(s);
    }
    int64_t rc = 0;
    json_t *rows = halo_project_rows(t, strlen(t), "tickets", ticket_fields, &rc, NULL, 0, NULL);
    CHECK_INT(json_array_size(rows), 2);
    CHECK_INT(rc, 81);
    json_t *first = json_array_get(rows, 0);
    CHECK_STR(json_string_value(json_object_get(first, "summary")), "Printer offline – Floor 2");
    CHECK(json_is_object(json_object_get(first, "priority")));
    CHECK(json_is_real(json_object_get(first, "slatimeleft")));
    CHECK(json_object_get(first, "details") == NULL);
    CHECK_INT(json_object_size(first), 10);
    json_decref(rows);
    json_decref(all);
}

/* The raw body of GET path on the simulator (new string). */
static char *sim_body(struct ht *t, const char *pathq)
{
    struct halo_error e;
    CHECK_INT(halo_authenticate(t->hc, &e), 0);
    char url[512], auth[600], *body = NULL;
    snprintf(url, sizeof url, "%s%s", t->base, pathq);
    snprintf(auth, sizeof auth, "%s", t->hc->auth_header);
    const char *hdrs[] = {auth, NULL};
    int st = tl_http("GET", url, NULL, NULL, hdrs, &body);
    if (st != 200)
        harness_fail(__FILE__, __LINE__, "GET %s: %d", pathq, st);
    return body;
}

static void test_simulator_endpoints(void)
{
    static const char *const paths[] = {
        "/api/Tickets?pageinate=true&page_size=50&page_no=1", "/api/Tickets?count=5",
        "/api/Actions?ticket_id=1", "/api/Client", "/api/Site", "/api/Users", "/api/Agent",
        "/api/Team", "/api/Asset", "/api/AssetType", "/api/Invoice", "/api/Workflow",
        "/api/TicketType", "/api/Status", "/api/Outcome", "/api/Priority", "/api/FieldInfo",
        "/api/CustomTable", "/api/Tabs", "/api/CustomButton", "/api/Tickets/1",
        "/api/Tickets?pageinate=true&page_size=50&page_no=99999", NULL};
    struct ht t;
    ht_start(&t, NULL, 0, 0, 0);
    for (int i = 0; paths[i]; i++) {
        char *body = sim_body(&t, paths[i]);
        if (body)
            agree(paths[i], body, strlen(body));
        free(body);
    }
    ht_stop(&t);
}

static void test_edge_cases(void)
{
    static const char *const cases[] = {
        /* envelopes */
        "", "  \n\t ", "[]", "{}", "null", "42", "\"x\"", "true",
        "{\"record_count\":3,\"tickets\":[{\"id\":1},{\"id\":2}]}",
        "{\"Tickets\":[{\"id\":1}]}", "{\"TICKETS\":[{\"id\":1}],\"tickets\":[{\"id\":2}]}",
        "{\"Tickets\":[{\"id\":1}],\"tICKETS\":[{\"id\":2}]}",
        "{\"record_count\":2,\"items\":[{\"id\":1}]}", "{\"items\":[{\"id\":1}]}",
        "{\"record_count\":2,\"a\":[1],\"b\":[2]}", "{\"record_count\":2.0,\"x\":[{\"id\":1}]}",
        "{\"RECORD_COUNT\":7,\"x\":[{\"id\":1}]}", "{\"Record_Count\":\"7\",\"x\":[{\"id\":1}]}",
        "{\"record_count\":1e300,\"x\":[]}", "{\"record_count\":-1,\"tickets\":[]}",
        "{\"tickets\":5,\"record_count\":1,\"x\":[{\"id\":1}]}",
        "{\"tickets\":[{\"id\":1}],\"tickets\":[{\"id\":3}]}",
        "{\"tickets\":[{\"id\":1}],\"tickets\":7}", "{\"tickets\":{\"id\":1}}",
        "{\"record_count\":1,\"record_count\":[{\"id\":9}]}",
        "[1,\"a\",null,[],{\"id\":1,\"id\":2},{\"name\":{\"a\":[1,{\"b\":null}]}}]",
        /* keys with escapes, duplicates, look-alikes */
        "[{\"\\u0069d\":1,\"n\\u0061me\":\"x\"}]", "[{\"id\":1,\"ID\":2,\"Id\":3}]",
        "[{\"id \":1,\" id\":2,\"i\":3,\"idd\":4}]", "{\"tick\\u0065ts\":[{\"id\":5}]}",
        "[{\"name\":{\"k\\\"ey\":1,\"k\\\"ey\":2}}]",
        /* strings */
        "[{\"name\":\"a\\\"b\\\\c\\/d\\b\\f\\n\\r\\t\"}]", "[{\"name\":\"\\u00e9\\u20ac\\ud83d\\ude00\"}]",
        "[{\"name\":\"\\ud83d\"}]", "[{\"name\":\"\\ude00\"}]", "[{\"name\":\"\\ud83dx\"}]",
        "[{\"name\":\"\\u0000\"}]", "[{\"x\":\"\\u0000\"}]", "[{\"name\":\"\\x41\"}]",
        "[{\"name\":\"\\u12G4\"}]", "[{\"name\":\"tab\there\"}]", "[{\"x\":\"tab\there\"}]",
        "[{\"name\":\"caf\xc3\xa9\"}]", "[{\"x\":\"\xc3\x28\"}]", "[{\"x\":\"\xe0\x80\xaf\"}]",
        "[{\"x\":\"\xed\xa0\x80\"}]", "[{\"x\":\"\xf4\x90\x80\x80\"}]", "[{\"x\":\"\xf0\x9f\x98\x80\"}]",
        "[{\"x\":\"\xc0\xaf\"}]", "[{\"x\":\"abc", "[{\"x\":\"abc\\", "[\"\xff\"]", "\xef\xbb\xbf[]",
        "[{\"x\":\"0123456789abcdef0123456789abcdef\\\"0123456789\"}]",
        /* numbers */
        "[{\"id\":9223372036854775807}]", "[{\"id\":9223372036854775808}]",
        "[{\"x\":-9223372036854775808}]", "[{\"x\":-9223372036854775809}]",
        "[{\"x\":123456789012345678901234567890}]", "[{\"id\":1e308}]", "[{\"x\":1e309}]",
        "[{\"x\":-1e309}]", "[{\"x\":1.7976931348623157e308}]", "[{\"x\":1.8e308}]",
        "[{\"x\":0.0000001e315}]", "[{\"x\":1e-400}]", "[{\"id\":-0}]", "[{\"id\":-0.0}]",
        "[{\"x\":01}]", "[{\"x\":-}]", "[{\"x\":1.}]", "[{\"x\":.5}]", "[{\"x\":1e}]",
        "[{\"x\":1e+}]", "[{\"x\":+1}]", "[{\"id\":21.0}]", "[{\"id\":2E+2}]",
        "[{\"x\":1e99999999999999999999}]", "[{\"x\":0e99999999999999999999}]",
        /* words and structure */
        "[true,false,null]", "[tru]", "[truex]", "[nul]", "[True]", "[{\"id\":1,}]", "[1,]",
        "[{\"id\" 1}]", "[{id:1}]", "[{\"id\":1}", "[{\"id\":1}]]", "[{\"id\":1}] x", "[]\n ",
        "[] []", "{\"a\":1}{", "[\"\\", "{\"a\"", "{\"a\":", "[{\"id\":1}\x00]",
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
        agree("edge case", cases[i], strlen(cases[i]));
    /* A NUL byte inside the text. */
    agree("NUL", "[{\"id\":1}]\0", 11);
    agree("NUL in string", "[\"a\0b\"]", 7);
    /* jansson loses a NUL right after a number or a word (found by
     * tests/fuzz/fuzz_project.c). */
    agree("NUL after a number", "33\0", 3);
    agree("NUL after a number in an array", "[33\0]", 6);
    agree("two NULs after a number", "[33\0\0]", 7);
    agree("NUL after a word", "[true\0,null\0]", 14);
    agree("NUL after a number, then text", "33\0x", 4);
}

/* A record_count no integer holds is clamped, not converted (undefined
 * behaviour; found by the fuzzer under clang's float-cast-overflow). */
static void test_huge_record_count(void)
{
    static const struct {
        const char *body;
        int64_t want;
    } cases[] = {{"{\"record_count\":1e300,\"tickets\":[]}", INT64_MAX},
                 {"{\"record_count\":-2.33333e+20,\"tickets\":[]}", INT64_MIN},
                 {"{\"record_count\":21.0,\"tickets\":[]}", 21}};
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        int64_t rc = 0;
        json_t *rows = halo_project_rows(cases[i].body, strlen(cases[i].body), "tickets",
                                         few_fields, &rc, NULL, 0, NULL);
        CHECK(rows != NULL);
        CHECK(rc == cases[i].want);
        json_decref(rows);
        agree("huge record_count", cases[i].body, strlen(cases[i].body));
    }
}

static void test_depth_limit(void)
{
    /* jansson refuses values deeper than 2048 (the top level is 1). */
    for (int depth = 2046; depth <= 2050; depth++) {
        for (int inner = 0; inner < 3; inner++) {
            struct buf b = {0};
            for (int i = 0; i < depth; i++)
                buf_appends(&b, i == 1 && inner == 2 ? "[{\"id\":" : "[");
            if (inner == 1)
                buf_appends(&b, "1");
            for (int i = depth - 1; i >= 0; i--)
                buf_appends(&b, i == 1 && inner == 2 ? "}]" : "]");
            agree("depth", b.data, b.len);
            buf_free(&b);
        }
    }
}

/* xorshift: the mutations are the same on every run. */
static uint64_t rnd_state = 0x9E3779B97F4A7C15ull;
static uint64_t rnd(void)
{
    rnd_state ^= rnd_state << 13;
    rnd_state ^= rnd_state >> 7;
    rnd_state ^= rnd_state << 17;
    return rnd_state;
}

static void test_mutations(void)
{
    static const char *const tokens[] = {"\"", "\\", "{", "}", "[", "]", ",", ":", "\\u",
                                         "\\ud83d", "1e400", "-", "0", "\xc3", "\xff", " ",
                                         "\"id\":", "null", "\"tickets\":[", "\"record_count\":"};
    json_t *all = samples();
    struct ht t;
    ht_start(&t, NULL, 0, 0, 0);
    char *sim = sim_body(&t, "/api/Tickets?pageinate=true&page_size=3&page_no=1");
    ht_stop(&t);
    if (sim)
        json_array_append_new(all, json_string(sim));
    free(sim);
    int differ = 0;
    for (int round = 0; round < 4000 && differ < 5; round++) {
        json_t *src = json_array_get(all, rnd() % json_array_size(all));
        struct buf b = {0};
        buf_append(&b, json_string_value(src), json_string_length(src));
        int edits = 1 + (int)(rnd() % 4);
        for (int k = 0; k < edits && b.len; k++) {
            size_t at = rnd() % b.len;
            switch (rnd() % 4) {
            case 0: /* flip a byte */
                b.data[at] = (char)(rnd() & 0xFF);
                break;
            case 1: /* delete a run */
                {
                    size_t n = 1 + rnd() % 8;
                    if (at + n > b.len)
                        n = b.len - at;
                    memmove(b.data + at, b.data + at + n, b.len - at - n);
                    b.len -= n;
                }
                break;
            default: { /* insert a token */
                const char *tok = tokens[rnd() % (sizeof tokens / sizeof tokens[0])];
                size_t n = strlen(tok);
                buf_append(&b, tok, n); /* grow */
                memmove(b.data + at + n, b.data + at, b.len - n - at);
                memcpy(b.data + at, tok, n);
            }
            }
        }
        for (int k = 0; keys[k]; k++) {
            const char *d = project_differs(b.data ? b.data : "", b.len, keys[k], few_fields);
            if (d) {
                harness_fail(__FILE__, __LINE__, "mutation %d: %s: %.300s", round, d, b.data);
                differ++;
            }
        }
        buf_free(&b);
    }
    json_decref(all);
}

static void test_get_rows_live(void)
{
    struct ht t;
    struct halo_error e;
    ht_start(&t, NULL, 0, 0, 0);
    json_t *q = json_pack("{s:b, s:i, s:i}", "pageinate", 1, "page_size", 50, "page_no", 1);
    int64_t rc = -1, rc_full = -1;
    json_t *rows = halo_get_rows(t.hc, "/api/Tickets", q, "tickets", ticket_fields, &rc, &e);
    json_t *full = halo_get(t.hc, "/api/Tickets", q, &e);
    json_t *want = json_array(), *row;
    size_t i;
    json_array_foreach(halo_rows(full, "tickets", &rc_full), i, row) {
        json_t *o = json_object();
        for (int f = 0; ticket_fields[f]; f++) {
            if (json_object_get(row, ticket_fields[f]))
                json_object_set(o, ticket_fields[f], json_object_get(row, ticket_fields[f]));
        }
        json_array_append_new(want, o);
    }
    CHECK_INT(json_array_size(rows), 50);
    CHECK_JSON(rows, want);
    CHECK_INT(rc, rc_full);
    CHECK(rc > 50);
    json_decref(rows);
    json_decref(full);
    json_decref(want);

    /* Failures are the client's usual ones: a 404, a malformed body. */
    rows = halo_get_rows(t.hc, "/api/NoSuchThing", NULL, "x", ticket_fields, &rc, &e);
    CHECK(rows == NULL);
    CHECK_INT(e.status, 404);
    ht_faults(&t, "{\"malformed_nth\":1}");
    rows = halo_get_rows(t.hc, "/api/Tickets", q, "tickets", ticket_fields, &rc, &e);
    CHECK(rows == NULL);
    CHECK_INT(e.kind, HALO_E_PARSE);
    CHECK_CONTAINS(e.message, "not valid JSON");
    CHECK_INT(e.applied, HALO_APPLIED_NO);
    json_decref(q);
    ht_stop(&t);
}

static const struct test tests[] = {
    {"recorded_samples", test_recorded_samples},
    {"simulator_endpoints", test_simulator_endpoints},
    {"edge_cases", test_edge_cases},
    {"huge_record_count", test_huge_record_count},
    {"depth_limit", test_depth_limit},
    {"mutations", test_mutations},
    {"get_rows_live", test_get_rows_live},
    {NULL, NULL},
};

HARNESS_MAIN("halo_project", tests)
