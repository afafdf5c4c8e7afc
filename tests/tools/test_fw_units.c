/* test_fw_units.c - the framework's pure functions in process: compact
 * rows, detail views, untrusted-text wrapping and the text rendering,
 * dropping zero flags and compacting custom fields, on records shaped like
 * HaloPSA's (sentinels, -1, 21.0 ids, multi-byte text); and the argument
 * tables at work (schemas, query and body values by kind, whole numbers,
 * list envelopes). */
#include "harness.h"

#include "base/base.h"
#include "tools/tools_int.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static json_t *parse(const char *s)
{
    json_error_t e;
    json_t *v = json_loads(s, 0, &e);
    if (!v)
        harness_fail(__FILE__, __LINE__, "bad JSON: %s", e.text);
    return v;
}

static const char *text_of(json_t *result)
{
    return json_string_value(
        json_object_get(json_array_get(json_object_get(result, "content"), 0), "text"));
}

static void test_row_drops_unset(void)
{
    char err[256];
    CHECK_INT(tools__tz_load("UTC", err, sizeof err), 0); /* times as HaloPSA sends them */
    json_t *rec = parse("{\"id\":7,\"summary\":\"Printer\",\"agent_id\":-1,\"site_id\":21.0,"
                        "\"dateclosed\":\"1900-01-01T00:00:00\",\"respondbydate\":"
                        "\"1899-12-30T00:00:00\",\"user_name\":\"\",\"team\":null,"
                        "\"dateoccurred\":\"2026-06-29T15:41:46.637\",\"onhold\":false,"
                        "\"extra\":\"not asked for\"}");
    static const char *const fields[] = {"id", "summary", "agent_id", "site_id", "dateclosed",
                                         "respondbydate", "user_name", "team", "dateoccurred",
                                         "onhold", "missing", NULL};
    json_t *row = tools__row(rec, fields);
    json_t *want = parse("{\"id\":7,\"summary\":\"Printer\",\"site_id\":21,"
                         "\"dateoccurred\":\"2026-06-29T15:41\",\"onhold\":false}");
    CHECK_JSON(row, want);
    CHECK(json_is_integer(json_object_get(row, "site_id")));
    json_decref(want);
    json_decref(row);
    json_decref(rec);
}

static void test_detail(void)
{
    char longtext[3001];
    memset(longtext, 'x', 3000);
    longtext[3000] = '\0';
    json_t *rec = json_pack("{s:i, s:s, s:s, s:{s:i, s:s}, s:s, s:i, s:[]}", "id", 12, "details",
                            longtext, "details_html", "<p>x</p>", "tickettype", "id", 1, "name",
                            "Incident", "summary", "Hi", "sla_id", -1, "attachments");
    static const char *const drop[] = {"tickettype", NULL};
    json_t *d = tools__detail(rec, drop, 100, NULL);
    CHECK(json_object_get(d, "tickettype") == NULL);
    CHECK(json_object_get(d, "details_html") == NULL);
    CHECK(json_object_get(d, "sla_id") == NULL);
    CHECK(json_object_get(d, "attachments") == NULL);
    const char *det = json_string_value(json_object_get(d, "details"));
    CHECK_CONTAINS(det, "… (2900 more characters; ask with fields or full)");
    CHECK(strncmp(det, longtext, 100) == 0);
    CHECK(det[100] != 'x');
    json_decref(d);

    json_t *args = parse("{\"fields\":[\"details\",\"tickettype\"]}");
    d = tools__detail(rec, drop, 100, args);
    CHECK_STR(json_string_value(json_object_get(d, "details")), longtext);
    CHECK(json_is_object(json_object_get(d, "tickettype")));
    json_decref(d);
    json_decref(args);

    args = parse("{\"full\":true}");
    d = tools__detail(rec, drop, 100, args);
    CHECK_JSON(d, rec);
    json_decref(d);
    json_decref(args);
    json_decref(rec);
}

/* Caps count characters and never cut a multi-byte one in half. */
static void test_utf8_caps(void)
{
    struct buf b = {0};
    for (int i = 0; i < 50; i++)
        buf_appends(&b, "é€"); /* 2 + 3 bytes */
    json_t *rec = json_pack("{s:s}", "note", b.data);
    json_t *d = tools__detail(rec, NULL, 7, NULL);
    const char *s = json_string_value(json_object_get(d, "note")); /* jansson checks UTF-8 */
    CHECK(s != NULL);
    CHECK(strncmp(s, "é€é€é€é…", strlen("é€é€é€é…")) == 0);
    CHECK_CONTAINS(s, "(93 more characters");
    json_decref(d);
    json_decref(rec);
    char *u = tools__quote(NULL, b.data, 3);
    json_t *tmp = json_string(u); /* NULL if a character was cut in half */
    CHECK(tmp != NULL);
    json_decref(tmp);
    CHECK_CONTAINS(u, " é€é… UNTRUSTED-");
    free(u);
    buf_free(&b);
}

/* A list renders as a table inside one region when it holds end-user
 * text (the summary); a record without any renders plainly. */
static void test_result_text(void)
{
    json_t *rows = parse("[{\"id\":1,\"summary\":\"Printer on fire\",\"status_name\":"
                         "\"New\",\"client_name\":\"Acme\"},{\"id\":2,\"summary\":\"VPN\"}]");
    json_t *sc = parse("{\"record_count\":200,\"page\":1,\"page_size\":2,\"has_more\":true}");
    json_t *table = tools__columns(rows, "tickets", NULL);
    json_object_update(sc, table);
    json_decref(table);
    json_t *r = tools__result(sc);
    const char *t = text_of(r);
    CHECK(strncmp(t, "Text between <<<UNTRUSTED-", 26) == 0);
    CHECK_CONTAINS(t, ").\n2 of 200 tickets (page 1, more available: ask for the next page)\n"
                      "<<<UNTRUSTED-");
    CHECK_CONTAINS(t, "\nid|summary|status|client\n1|Printer on fire|New|Acme\n2|VPN||\n"
                      "UNTRUSTED-");
    json_t *cols = json_object_get(json_object_get(r, "structuredContent"), "columns");
    CHECK_INT(json_array_size(cols), 4);
    CHECK_STR(json_string_value(json_array_get(cols, 1)), "summary");
    CHECK(!json_is_true(json_object_get(r, "isError")));
    json_decref(r);
    /* without an entity "name" is text no table row trusts: data */
    r = tools__result(parse("{\"id\":4,\"name\":\"Waiting\",\"colour\":\"#fff\"}"));
    CHECK_CONTAINS(text_of(r), "\nid: 4\nname: Waiting\ncolour: #fff\nUNTRUSTED-");
    CHECK(strncmp(text_of(r), "Text between <<<UNTRUSTED-", 26) == 0);
    json_decref(r);
    /* a reply of trusted values only (numbers, known labels) has none */
    r = tools__result(parse("{\"id\":4,\"status_name\":\"Open\",\"record_id\":7}"));
    CHECK_STR(text_of(r), "id: 4\nstatus: Open\nrecord: 7");
    json_decref(r);
}

/* Flags and counters that are false or 0 go, unless kept by the domain
 * or asked for with fields (any case); everything else stays. */
static void test_drop_zeros(void)
{
    json_t *d = parse("{\"id\":5,\"onhold\":false,\"is_vip\":false,\"counter\":0,"
                      "\"cost\":0.0,\"price\":1.5,\"flag\":true,\"name\":\"\",\"n\":3}");
    static const char *const keep[] = {"onhold", NULL};
    json_t *args = parse("{\"fields\":[\"Counter\"]}");
    tools__drop_zeros(d, keep, args);
    json_t *want = parse("{\"id\":5,\"onhold\":false,\"counter\":0,\"price\":1.5,"
                         "\"flag\":true,\"name\":\"\",\"n\":3}");
    CHECK_JSON(d, want);
    json_decref(want);
    json_decref(args);
    static const char *const none[] = {NULL};
    tools__drop_zeros(d, none, NULL);
    CHECK(json_object_get(d, "onhold") == NULL);
    CHECK(json_object_get(d, "counter") == NULL);
    CHECK_INT(json_integer_value(json_object_get(d, "id")), 5);
    json_decref(d);
}

/* Custom fields become {label: display or value}, empty ones left out;
 * none left: the key goes. */
static void test_compact_customfields(void)
{
    json_t *d = parse("{\"id\":1,\"customfields\":[{\"name\":\"CFcostcentre\",\"label\":"
                      "\"Cost centre\",\"value\":\"CC-12\"},{\"name\":\"CFlookup\",\"label\":"
                      "\"Region\",\"value\":3,\"display\":\"North\"},{\"name\":\"CFempty\","
                      "\"label\":\"Empty\",\"value\":\"\"},{\"name\":\"CFnolabel\","
                      "\"value\":7},{\"name\":\"CFnull\",\"value\":null}]}");
    tools__compact_customfields(d);
    json_t *want = parse("{\"id\":1,\"customfields\":{\"Cost centre\":\"CC-12\","
                         "\"Region\":\"North\",\"CFnolabel\":7}}");
    CHECK_JSON(d, want);
    json_decref(want);
    json_decref(d);
    d = parse("{\"customfields\":[{\"name\":\"CFempty\",\"value\":\"\"}]}");
    tools__compact_customfields(d);
    CHECK(json_object_get(d, "customfields") == NULL);
    json_decref(d);
}

/* A table with one argument of each kind that needs no HaloPSA. */
static const char *const colours[] = {"red", "green", NULL};
static const char *const states[] = {"open", "open=true", "closed", "closed=true", "any", NULL,
                                     NULL};
static const struct tools_arg sample[] = {
    {"name", TOOLS_A_STRING, "Name", TOOLS_REQUIRED | TOOLS_NONEMPTY},
    {"text", TOOLS_A_SEARCH, "Text", 0, "search"},
    {"inactive", TOOLS_A_FLAG, "Inactive too", 0, "includeinactive"},
    {"private", TOOLS_A_BOOL, "Private", .dflt = "true"},
    {"size", TOOLS_A_INT, "Size", .range = "1..100"},
    {"ratio", TOOLS_A_NUMBER, "Ratio", .range = "0..1.5"},
    {"spent", TOOLS_A_MINUTES, "Time spent", 0, "timetaken", .range = "0.."},
    {"colour", TOOLS_A_ENUM, "Colour", .values = colours},
    {"state", TOOLS_A_CHOICE, "State", .values = states},
    {"from", TOOLS_A_DATE_FROM, "From", 0, "start_date", .also = "datesearch=made"},
    {"to", TOOLS_A_DATE_TO, "To", 0, "end_date"},
    {"client", TOOLS_A_REF, "Client", 0, "client_id", TOOLS_REF_CLIENT},
    {"site", TOOLS_A_REF, "Site", 0, "site_id", TOOLS_REF_SITE, .scope = "client"},
    {"teams", TOOLS_A_REFS, "Team", 0, "team", TOOLS_REF_TEAM},
    {"mine", TOOLS_A_BOOL, "Handled here", TOOLS_LOCAL},
    {"items", TOOLS_A_LIST, "Items", .items = (const struct tools_arg[]){
         {"id", TOOLS_A_INT, NULL, TOOLS_REQUIRED}, {"value", TOOLS_A_ANY}, {NULL}}},
    {NULL},
};

static json_t *prop(json_t *schema, const char *name)
{
    return json_object_get(json_object_get(schema, "properties"), name);
}

/* The schema says what each row says, and nothing hand-written. */
static void test_schema_from_table(void)
{
    json_t *s = tools__schema(sample, -1, true);
    CHECK_STR(json_string_value(json_object_get(s, "type")), "object");
    CHECK(json_is_false(json_object_get(s, "additionalProperties")));
    json_t *want = parse("[\"name\"]");
    CHECK_JSON(json_object_get(s, "required"), want);
    json_decref(want);
    CHECK_INT(json_integer_value(json_object_get(prop(s, "name"), "minLength")), 1);
    CHECK_STR(json_string_value(json_object_get(prop(s, "inactive"), "type")), "boolean");
    CHECK_INT(json_integer_value(json_object_get(prop(s, "size"), "minimum")), 1);
    CHECK_INT(json_integer_value(json_object_get(prop(s, "size"), "maximum")), 100);
    CHECK(json_real_value(json_object_get(prop(s, "ratio"), "maximum")) == 1.5);
    CHECK_CONTAINS(json_string_value(json_object_get(prop(s, "spent"), "description")),
                   "in minutes");
    CHECK_CONTAINS(json_string_value(json_object_get(prop(s, "private"), "description")),
                   "(default true)");
    want = parse("[\"open\", \"closed\", \"any\"]");
    CHECK_JSON(json_object_get(prop(s, "state"), "enum"), want);
    json_decref(want);
    want = parse("[\"integer\", \"string\"]");
    CHECK_JSON(json_object_get(prop(s, "client"), "type"), want);
    json_decref(want);
    CHECK_CONTAINS(json_string_value(json_object_get(prop(s, "site"), "description")),
                   "within the client given in 'client'");
    CHECK_STR(json_string_value(json_object_get(json_object_get(prop(s, "items"), "items"),
                                                "type")),
              "object");
    CHECK(json_object_get(prop(s, "mine"), "type") != NULL);
    char err[256];
    json_t *ok = parse("{\"name\":\"x\",\"teams\":[1,\"ops\"],\"items\":[{\"id\":2}]}");
    CHECK_INT(mcp_validate(s, ok, err, sizeof err), 0);
    json_decref(ok);
    json_t *bad = parse("{\"name\":\"x\",\"items\":[{\"value\":2}]}");
    CHECK_INT(mcp_validate(s, bad, err, sizeof err), -1);
    json_decref(bad);
    json_decref(s);
}

static struct tools_def sample_tool(const struct tools_entity *e)
{
    size_t n = 0;
    while (sample[n].name)
        n++;
    return (struct tools_def){.name = "halopsa_sample_list", .verb = TOOLS_V_LIST,
                              .entity = e, .args = sample, .nargs = n, .rows = "samples"};
}

/* Each kind reaches HaloPSA in HaloPSA's terms; local ones never do. */
static void test_put_by_kind(void)
{
    static const struct tools_entity paged = {.noun = "sample", .path = "/api/Sample",
                                              .flags = TOOLS_E_PAGED};
    struct tools_def t = sample_tool(&paged);
    struct tools_call c = {.tool = &t};
    json_t *args = parse("{\"name\":\"Ann\",\"text\":\"vpn\",\"inactive\":false,"
                         "\"private\":false,\"size\":3,\"spent\":90,\"colour\":\"red\","
                         "\"state\":\"closed\",\"from\":\"2026-09-01\",\"to\":\"2026-09-30\","
                         "\"mine\":true}");
    json_t *q = json_object();
    CHECK_INT(tools__put(&c, sample, -1, args, q), 0);
    json_t *want = parse("{\"name\":\"Ann\",\"search\":\"vpn\",\"private\":false,\"size\":3,"
                         "\"timetaken\":1.5,\"colour\":\"red\",\"closed\":\"true\","
                         "\"start_date\":\"2026-09-01T00:00:00\",\"datesearch\":\"made\","
                         "\"end_date\":\"2026-09-30T23:59:59\"}");
    CHECK_JSON(q, want);
    json_decref(want);
    json_decref(q);
    json_decref(args);
    /* a flag sends only true; an empty string is no filter; "any" sends nothing */
    args = parse("{\"inactive\":true,\"text\":\"\",\"state\":\"any\"}");
    q = json_object();
    CHECK_INT(tools__put(&c, sample, -1, args, q), 0);
    want = parse("{\"includeinactive\":true}");
    CHECK_JSON(q, want);
    json_decref(want);
    json_decref(q);
    json_decref(args);
    /* a search of a list filtered here is not sent */
    static const struct tools_entity whole = {.noun = "sample", .path = "/api/Sample",
                                              .flags = TOOLS_E_LOCAL_SEARCH};
    t = sample_tool(&whole);
    args = parse("{\"text\":\"vpn\"}");
    q = json_object();
    CHECK_INT(tools__put(&c, sample, -1, args, q), 0);
    CHECK_INT(json_object_size(q), 0);
    json_decref(q);
    json_decref(args);
    /* a bad date names the argument */
    args = parse("{\"to\":\"30/09/2026\"}");
    q = json_object();
    CHECK_INT(tools__put(&c, sample, -1, args, q), -1);
    CHECK_CONTAINS(text_of(c.error), "argument 'to'");
    json_decref(c.error);
    c.error = NULL;
    json_decref(q);
    json_decref(args);
}

/* Whole-number reals become integers wherever the schema says integer;
 * fractions and numbers beyond 64 bits are refused, never cast. */
static void test_whole_numbers(void)
{
    static const struct tools_entity e = {.noun = "sample", .path = "/api/Sample"};
    struct tools_def t = sample_tool(&e);
    struct tools_call c = {.tool = &t};
    json_t *args = parse("{\"size\":3.0,\"client\":12.0,\"teams\":[1.0,\"ops\"],"
                         "\"items\":[{\"id\":7.0,\"value\":1.5}],\"ratio\":0.5}");
    CHECK_INT(tools__normalize(&c, args), 0);
    json_t *want = parse("{\"size\":3,\"client\":12,\"teams\":[1,\"ops\"],"
                         "\"items\":[{\"id\":7,\"value\":1.5}],\"ratio\":0.5}");
    CHECK_JSON(args, want);
    CHECK(json_is_integer(json_object_get(args, "size")));
    CHECK(json_is_real(json_object_get(args, "ratio")));
    json_decref(want);
    json_decref(args);
    static const char *const bad[] = {"{\"size\":1e300}", "{\"client\":-1e19}",
                                      "{\"teams\":[9.3e18]}", "{\"items\":[{\"id\":2.5}]}"};
    static const char *const names[] = {"'size'", "'client'", "'teams'", "'items'"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        args = parse(bad[i]);
        CHECK_INT(tools__normalize(&c, args), -1);
        CHECK_CONTAINS(text_of(c.error), names[i]);
        CHECK_CONTAINS(text_of(c.error), "whole number");
        json_decref(c.error);
        c.error = NULL;
        json_decref(args);
    }
    json_int_t n = 0;
    CHECK(tools__whole(-9223372036854775808.0, &n) && n == INT64_MIN);
    CHECK(!tools__whole(9223372036854775808.0, &n));
    CHECK(!tools__whole(0.5, &n));
    CHECK(tools__minutes_to_hours(90) == 1.5);
}

/* A list reply: bare, under its key, under any one array-valued key. */
static void test_rows_envelopes(void)
{
    static const char *const replies[] = {
        "[{\"id\":1},{\"id\":2}]",
        "{\"record_count\":9,\"sites\":[{\"id\":1},{\"id\":2}]}",
        "{\"Sites\":[{\"id\":1},{\"id\":2}]}",
        "{\"record_count\":9,\"whatever\":[{\"id\":1},{\"id\":2}]}",
        "{\"unexpected\":[{\"id\":1},{\"id\":2}],\"page_no\":1}",
    };
    static const int64_t counts[] = {2, 9, 2, 9, 2};
    for (size_t i = 0; i < sizeof replies / sizeof replies[0]; i++) {
        json_t *r = parse(replies[i]);
        int64_t n = -1;
        json_t *rows = tools__rows(r, "sites", &n);
        if (json_array_size(rows) != 2)
            harness_fail(__FILE__, __LINE__, "no rows in %s", replies[i]);
        CHECK_INT(n, counts[i]);
        json_decref(r);
    }
    /* two arrays and none under the key: no guessing */
    json_t *r = parse("{\"a\":[1],\"b\":[2]}");
    CHECK_INT(json_array_size(tools__rows(r, "sites", NULL)), 0);
    json_decref(r);
}

static const struct test tests[] = {
    {"schema_from_table", test_schema_from_table},
    {"put_by_kind", test_put_by_kind},
    {"whole_numbers", test_whole_numbers},
    {"rows_envelopes", test_rows_envelopes},
    {"row_drops_unset", test_row_drops_unset},
    {"detail", test_detail},
    {"utf8_caps", test_utf8_caps},
    {"result_text", test_result_text},
    {"drop_zeros", test_drop_zeros},
    {"compact_customfields", test_compact_customfields},
    {NULL, NULL},
};

HARNESS_MAIN("tools_fw_units", tests)
