/* test_reports.c - the reports domain: the SQL guard against tricky and
 * hostile input (in process), the reply shapes HaloPSA's sources disagree
 * on (in process), and end to end against the simulator's reporting
 * database: the request HaloPSA received, refusals that send nothing, the
 * row cap, load_error and zero rows, HaloPSA's 400, saved reports, and the
 * SQL tool in read-only mode. */
#include "fw_test.h"

#include "tools/tools_int.h"

/* ------------------------------------------------------------------ */
/* The guard, in process                                               */

struct case_ {
    const char *sql;
    const char *why; /* NULL: accepted; else a word of the refusal */
};

static const struct case_ refused[] = {
    /* a second statement, however it is hidden */
    {"SELECT 1; DELETE FROM FAULTS", "';'"},
    {"SELECT 1;;", "';'"},
    {"SELECT 1 UNION SELECT 2; SELECT 3", "';'"},
    {"SELECT 1 SELECT 2", "second SELECT"},
    {"(SELECT 1) SELECT 2", "second SELECT"},
    {"SELECT (SELECT 1) SELECT 2", "second SELECT"},
    {"WITH a AS (SELECT 1 AS x) SELECT x FROM a SELECT 2", "second SELECT"},
    {"WITH a AS (SELECT 1 AS x) (SELECT x FROM a) SELECT 2", "second SELECT"},
    {"SELECT [x]]] ; DELETE FROM FAULTS", "';'"},
    /* comments, nested or not, even empty */
    {"SELECT 1 -- and the rest", "comments"},
    {"SELECT 1 --", "comments"},
    {"SELECT /* x */ 1", "comments"},
    {"SELECT /* /* nested */ */ 1", "comments"},
    {"SELECT 1 /*", "comments"},
    {"SELECT 'a' + 'b'--'", "comments"},
    /* writes dressed as reads */
    {"WITH x AS (SELECT 1 AS a) DELETE FROM FAULTS", "'DELETE'"},
    {"WITH x AS (SELECT 1 AS a) UPDATE FAULTS SET Status = 9", "'UPDATE'"},
    {"WITH x AS (SELECT 1 AS a) INSERT INTO AREA SELECT * FROM x", "'INSERT'"},
    {"WITH x AS (SELECT 1 AS a) MERGE AREA USING x ON 1 = 1", "'MERGE'"},
    {"SELECT * INTO #copy FROM FAULTS", "'INTO'"},
    {"SELECT Faultid INTO dbo.backup FROM FAULTS", "'INTO'"},
    {"SeLeCt 1 dElEtE FROM FAULTS", "'dElEtE'"},
    {"UPDATE FAULTS SET Status = 9", "only a SELECT"},
    {"DELETE FROM FAULTS", "only a SELECT"},
    {"DROP TABLE FAULTS", "only a SELECT"},
    {"TRUNCATE TABLE ACTIONS", "only a SELECT"},
    {"CREATE TABLE x (a int)", "only a SELECT"},
    /* running code */
    {"EXEC sp_who", "only a SELECT"},
    {"EXECUTE('SELECT 1')", "only a SELECT"},
    {"SELECT 1 EXEC('DROP TABLE FAULTS')", "'EXEC'"},
    {"SELECT 1 EXECUTE sp_executesql N'DELETE FROM FAULTS'", "'EXECUTE'"},
    {"SELECT * FROM OPENROWSET('SQLNCLI', 'Server=x;', 'SELECT 1')", "'OPENROWSET'"},
    {"SELECT * FROM OPENQUERY(remote, 'SELECT 1')", "'OPENQUERY'"},
    {"SELECT xp_cmdshell('dir')", "'xp_cmdshell'"},
    {"SELECT 1 WAITFOR DELAY '00:10:00'", "'WAITFOR'"},
    {"DECLARE @x int", "only a SELECT"},
    {"SELECT 1 IF 1 = 1 SELECT 2", "'IF'"},
    {"SELECT 1 WHILE 1 = 1 SELECT 2", "'WHILE'"},
    {"SELECT 1 GO", "'GO'"},
    {"SELECT 1 BEGIN TRAN", "'BEGIN'"},
    {"SELECT NEXT VALUE FOR dbo.seq", "NEXT VALUE FOR"},
    {"SELECT 1 SHUTDOWN", "'SHUTDOWN'"},
    /* Unicode look-alikes and invisible characters outside quotes */
    {"SELECT 1\xef\xbc\x9b DELETE FROM FAULTS", "not plain ASCII"},   /* full-width ; */
    {"SELECT\xc2\xa0* FROM FAULTS", "not plain ASCII"},                 /* no-break space */
    {"S\xce\x95LECT 1", "only a SELECT"},                               /* Greek Epsilon */
    {"D\xd0\x95LETE FROM FAULTS", "only a SELECT"},                     /* Cyrillic Ie */
    {"SELECT 1 \xd0\x95XEC('x')", "not plain ASCII"},
    {"SELECT 1\xe2\x80\x8b; DROP TABLE x", "not plain ASCII"},         /* zero-width space */
    {"\xef\xbb\xbfSELECT 1", "not plain ASCII"},                        /* byte order mark */
    {"SELECT 1\x01", "not plain ASCII"},
    {"SELECT 1 \xe2\x80\x94\xe2\x80\x94 x", "not plain ASCII"},         /* em dashes */
    /* quoting that does not close */
    {"SELECT 'abc", "not closed"},
    {"SELECT 'it''s", "not closed"},
    {"SELECT [abc", "not closed"},
    {"SELECT \"abc", "not closed"},
    /* shape */
    {"", "no SQL"},
    {"   \n\t ", "no SQL"},
    {";", "no SQL"},
    {"(SELECT 1", "unbalanced"},
    {"SELECT 1)", "unbalanced"},
    {"SELECT (1", "unbalanced"},
    {"WITH a AS (SELECT 1 AS x)", "needs the SELECT"},
    {"'x' SELECT 1", "only a SELECT"},
    {"N'x'", "only a SELECT"},
    {NULL, NULL},
};

static const struct case_ accepted[] = {
    {"SELECT 1", "SELECT 1"},
    {"select * from faults", "select * from faults"},
    {"SELECT 1;", "SELECT 1"},
    {"  SELECT 1 ;  \n", "  SELECT 1"},
    {"\n\t (SELECT Faultid FROM FAULTS)", NULL},
    {"((SELECT 1))", NULL},
    {"(SELECT 1) UNION (SELECT 2)", NULL},
    {"SELECT 1 UNION ALL SELECT 2 EXCEPT SELECT 3 INTERSECT SELECT 4", NULL},
    {"SELECT ';' AS a, '--' AS b, '/* c */' AS c", NULL},
    {"SELECT 'it''s; -- fine' AS a", NULL},
    {"SELECT 1 WHERE 'a' = 'a''; DROP TABLE x; --'", NULL},
    {"SELECT [a;b], \"c--d\", [x]]y] FROM FAULTS", NULL},
    {"SELECT f.LastUpdate, f.Updated_By, [Update], [Delete] FROM FAULTS f", NULL},
    {"SELECT Symptom FROM FAULTS WHERE Symptom = N'M\xc3\xbcller \xe2\x80\x94 caf\xc3\xa9'", NULL},
    {"SELECT [Caf\xc3\xa9] FROM FAULTS", NULL},
    {"WITH a AS (SELECT 1 AS x), b AS (SELECT 2 AS x) SELECT x FROM a UNION ALL SELECT x FROM b",
     NULL},
    {"WITH a (x) AS (SELECT Faultid FROM FAULTS) SELECT TOP 5 x FROM a ORDER BY x DESC", NULL},
    {"SELECT * FROM FAULTS WITH (NOLOCK)", NULL},
    {"SELECT TOP 5 WITH TIES Faultid FROM FAULTS ORDER BY Status", NULL},
    {"SELECT Faultid FROM FAULTS ORDER BY Faultid OFFSET 5 ROWS FETCH NEXT 5 ROWS ONLY", NULL},
    {"SELECT @@VERSION", NULL},
    {"SELECT DATEADD(day, -30, GETDATE()), ISNULL(NULL, 1), IIF(1 = 1, 'a', 'b')", NULL},
    {"SELECT a.aareadesc, COUNT(*) FROM FAULTS f JOIN AREA a ON a.Aarea = f.Areaint WHERE "
     "f.Faultid IN (SELECT Faultid FROM ACTIONS WHERE timetaken > 0) GROUP BY a.aareadesc",
     NULL},
    {NULL, NULL},
};

static void test_guard_refuses(void)
{
    for (const struct case_ *k = refused; k->sql; k++) {
        char why[300] = "", dummy = 0, *out = &dummy;
        int rc = tools__sql_guard(k->sql, &out, why, sizeof why);
        if (rc == 0 || out != NULL)
            harness_fail(__FILE__, __LINE__, "accepted: %s", k->sql);
        else if (!strstr(why, k->why))
            harness_fail(__FILE__, __LINE__, "%s: refused for '%s', expected '%s'", k->sql, why,
                         k->why);
        if (rc == 0)
            free(out);
    }
    char why[300], *out;
    CHECK_INT(tools__sql_guard(NULL, &out, why, sizeof why), -1);
    /* the length cap: 8000 bytes pass, 8001 do not */
    struct buf b = {0};
    buf_appends(&b, "SELECT '");
    while (b.len < 7999)
        buf_appends(&b, "x");
    buf_appends(&b, "'");
    CHECK_INT((int)b.len, 8000);
    CHECK_INT(tools__sql_guard(b.data, &out, why, sizeof why), 0);
    free(out);
    buf_appends(&b, " ");
    CHECK_INT(tools__sql_guard(b.data, &out, why, sizeof why), -1);
    CHECK_CONTAINS(why, "8000");
    buf_free(&b);
}

static void test_guard_accepts(void)
{
    for (const struct case_ *k = accepted; k->sql; k++) {
        char why[300] = "", *out = NULL;
        if (tools__sql_guard(k->sql, &out, why, sizeof why) != 0)
            harness_fail(__FILE__, __LINE__, "refused: %s (%s)", k->sql, why);
        else if (k->why && strcmp(out, k->why) != 0)
            harness_fail(__FILE__, __LINE__, "%s became '%s'", k->sql, out);
        free(out);
    }
}

/* ------------------------------------------------------------------ */
/* Reply shapes, in process                                            */

static json_t *shaped(const char *reply_json, const char *args_json, struct tools_call *c)
{
    json_t *reply = json_loads(reply_json, 0, NULL), *args = json_loads(args_json, 0, NULL);
    CHECK(reply && args);
    json_t *res = tools__report_result(c, reply, "The query", args);
    json_decref(reply);
    json_decref(args);
    return res;
}

static void test_reply_shapes(void)
{
    struct tools_call c = {0};
    /* HAPI's form: report.rows */
    json_t *r = shaped("{\"id\":0,\"available_columns\":[{\"id\":1,\"name\":\"n\"}],"
                       "\"report\":{\"loaded\":true,\"load_error\":\"\",\"rows\":[{\"n\":1},"
                       "{\"n\":2}]}}",
                       "{}", &c);
    CHECK(r && !json_is_true(json_object_get(r, "isError")));
    CHECK_INT(json_integer_value(json_object_get(fw_sc(r), "row_count")), 2);
    CHECK_STR(json_string_value(json_array_get(json_object_get(fw_sc(r), "columns"), 0)), "n");
    json_decref(r);
    /* RED's form: rows at the top, and a cap of one row */
    r = shaped("{\"rows\":[{\"a\":\"x\",\"b\":null},{\"a\":\"y\",\"b\":2}],"
               "\"available_columns\":[\"a\",\"b\"]}",
               "{\"max_rows\":1}", &c);
    CHECK_INT(json_integer_value(json_object_get(fw_sc(r), "row_count")), 2);
    CHECK_INT(json_array_size(json_object_get(fw_sc(r), "rows")), 1);
    CHECK(json_is_true(json_object_get(fw_sc(r), "truncated")));
    CHECK_CONTAINS(json_string_value(json_object_get(
                       json_array_get(json_object_get(r, "content"), 0), "text")),
                   "first 1 shown");
    json_decref(r);
    /* wrapped in a one-element array or under reports; columns from the row */
    r = shaped("[{\"report\":{\"rows\":[{\"k\":1}]}}]", "{}", &c);
    CHECK_STR(json_string_value(json_array_get(json_object_get(fw_sc(r), "columns"), 0)), "k");
    json_decref(r);
    r = shaped("{\"reports\":[{\"report\":{\"rows\":[{\"k\":1},{\"k\":2},{\"k\":3}]}}]}", "{}",
               &c);
    CHECK_INT(json_integer_value(json_object_get(fw_sc(r), "row_count")), 3);
    json_decref(r);
    /* zero rows: say they can hide an error; loaded false says more */
    r = shaped("{\"report\":{\"loaded\":true,\"load_error\":\"\",\"rows\":[]}}", "{}", &c);
    CHECK_CONTAINS(json_string_value(json_object_get(fw_sc(r), "note")), "zero rows");
    json_decref(r);
    r = shaped("{\"report\":{\"loaded\":false,\"rows\":[]}}", "{}", &c);
    CHECK_CONTAINS(json_string_value(json_object_get(fw_sc(r), "note")), "loaded: false");
    json_decref(r);
    /* load_error, at either level, is a failure with HaloPSA's words */
    r = shaped("{\"report\":{\"loaded\":false,\"load_error\":\"Invalid column name 'x'.\","
               "\"rows\":[]}}", "{}", &c);
    CHECK(r == NULL);
    json_t *err = tools__take_error(&c);
    CHECK_CONTAINS(json_string_value(json_object_get(json_array_get(json_object_get(err,
                                                                                    "content"),
                                                                    0),
                                                     "text")),
                   "Invalid column name 'x'.");
    json_decref(err);
    r = shaped("{\"load_error\":\"Timeout\",\"rows\":[]}", "{}", &c);
    CHECK(r == NULL);
    json_decref(tools__take_error(&c));
    /* long cells are cut in structuredContent */
    struct buf b = {0};
    buf_appends(&b, "{\"rows\":[{\"t\":\"");
    for (int i = 0; i < 3000; i++)
        buf_appends(&b, "y");
    buf_appends(&b, "\"}]}");
    r = shaped(b.data, "{}", &c);
    const char *t = json_string_value(
        json_object_get(json_array_get(json_object_get(fw_sc(r), "rows"), 0), "t"));
    CHECK(t && strlen(t) < 1100);
    CHECK_CONTAINS(t, "cut at 1000");
    json_decref(r);
    buf_free(&b);
}

/* ------------------------------------------------------------------ */
/* End to end                                                          */

static const char *text_of(json_t *r)
{
    return r ? tt_text(r) : "";
}

static void test_sql_end_to_end(void)
{
    struct tt t;
    TT_START(&t, NULL);
    tt_clear_requests(&t);
    const char *sql = "SELECT TOP 3 a.aareadesc AS client, COUNT(*) AS tickets FROM FAULTS f "
                      "JOIN AREA a ON a.Aarea = f.Areaint GROUP BY a.aareadesc ORDER BY tickets "
                      "DESC;";
    json_t *r = tt_call_ok(&t, "halopsa_reports_sql", json_pack("{s:s}", "sql", sql));
    json_t *sc = fw_sc(r);
    CHECK_INT(json_integer_value(json_object_get(sc, "row_count")), 3);
    CHECK_STR(json_string_value(json_array_get(json_object_get(sc, "columns"), 0)), "client");
    json_t *row = json_array_get(json_object_get(sc, "rows"), 0);
    CHECK(json_is_string(json_object_get(row, "client")));
    CHECK(json_integer_value(json_object_get(row, "tickets")) > 0);
    /* the rows are data: inside the reply's one region */
    CHECK_INT(tt_regions(text_of(r)), 1);
    char *ours = tt_outside(text_of(r));
    CHECK_NOT_CONTAINS(ours, json_string_value(json_object_get(row, "client")));
    free(ours);
    json_decref(r);
    /* what HaloPSA received: HAPI's body, the trailing ';' gone */
    json_t *req = fw_last(&t, "POST", "/api/Report");
    json_t *el = json_array_get(json_object_get(req, "body"), 0);
    CHECK_INT(json_array_size(json_object_get(req, "body")), 1);
    CHECK_INT(json_integer_value(json_object_get(el, "id")), 0);
    CHECK(json_is_true(json_object_get(el, "_loadreportonly")));
    CHECK(json_is_false(json_object_get(el, "_testonly")));
    const char *sent = json_string_value(json_object_get(el, "sql"));
    CHECK(sent && strncmp(sent, "SELECT TOP 3", 12) == 0 && !strchr(sent, ';'));
    json_decref(req);
    /* nothing was saved: still the six seeded reports */
    r = tt_call_ok(&t, "halopsa_reports_list", NULL);
    CHECK_INT(json_integer_value(json_object_get(fw_sc(r), "record_count")), 6);
    json_decref(r);

    /* the row cap */
    r = tt_call_ok(&t, "halopsa_reports_sql",
                   json_pack("{s:s, s:i}", "sql", "SELECT Faultid FROM FAULTS", "max_rows", 7));
    CHECK_INT(json_array_size(json_object_get(fw_sc(r), "rows")), 7);
    CHECK(json_integer_value(json_object_get(fw_sc(r), "row_count")) > 7);
    CHECK(json_is_true(json_object_get(fw_sc(r), "truncated")));
    json_decref(r);
    r = tt_call_ok(&t, "halopsa_reports_sql", json_pack("{s:s}", "sql", "SELECT Faultid FROM FAULTS"));
    CHECK_INT(json_array_size(json_object_get(fw_sc(r), "rows")), 100);
    json_decref(r);
    char *m = tt_refusal(&t, "halopsa_reports_sql",
                         json_pack("{s:s, s:i}", "sql", "SELECT 1", "max_rows", 5000));
    CHECK_CONTAINS(m, "max_rows");
    free(m);

    /* zero rows say they can hide an error */
    r = tt_call_ok(&t, "halopsa_reports_sql",
                   json_pack("{s:s}", "sql", "SELECT Faultid FROM FAULTS WHERE 1 = 0"));
    CHECK_INT(json_integer_value(json_object_get(fw_sc(r), "row_count")), 0);
    CHECK_CONTAINS(text_of(r), "zero rows");
    json_decref(r);
    /* SQL the database cannot run: HaloPSA's load_error passed through */
    r = tt_call(&t, "halopsa_reports_sql",
                json_pack("{s:s}", "sql", "SELECT NoSuchColumn FROM FAULTS"), NULL);
    CHECK(r && tt_is_error(r));
    CHECK_CONTAINS(text_of(r), "NoSuchColumn");
    json_decref(r);
    /* HaloPSA's own 400 (its SQL gate) passed through */
    tt_inject(&t, 1, 400);
    r = tt_call(&t, "halopsa_reports_sql", json_pack("{s:s}", "sql", "SELECT 1 AS one"), NULL);
    CHECK(r && tt_is_error(r));
    CHECK_CONTAINS(text_of(r), "400");
    CHECK_CONTAINS(text_of(r), "/api/Report");
    json_decref(r);
    CHECK_INT(tt_stop(&t), 0);
}

/* Hostile SQL is refused by the tool before any request. */
static void test_sql_refused_sends_nothing(void)
{
    static const char *const hostile[] = {
        "SELECT 1; DELETE FROM FAULTS",
        "WITH x AS (SELECT 1 AS a) DELETE FROM FAULTS",
        "SELECT * INTO copy FROM FAULTS",
        "SELECT 1 -- x",
        "SELECT /* /* */ */ 1",
        "EXEC sp_who",
        "SELECT 1\xef\xbc\x9b DELETE FROM FAULTS",
        "SELECT 1 SELECT 2",
        NULL,
    };
    struct tt t;
    TT_START(&t, NULL);
    tt_clear_requests(&t);
    for (size_t i = 0; hostile[i]; i++) {
        json_t *r = tt_call(&t, "halopsa_reports_sql", json_pack("{s:s}", "sql", hostile[i]),
                            NULL);
        if (!r || !tt_is_error(r) || !strstr(tt_text(r), "Nothing was sent"))
            harness_fail(__FILE__, __LINE__, "not refused: %s", hostile[i]);
        json_decref(r);
    }
    /* the length cap, through the tool */
    struct buf b = {0};
    buf_appends(&b, "SELECT 1 FROM FAULTS WHERE Symptom IN ('");
    while (b.len < 9000)
        buf_appends(&b, "xxxxxxxxxx");
    buf_appends(&b, "')");
    json_t *r = tt_call(&t, "halopsa_reports_sql", json_pack("{s:s}", "sql", b.data), NULL);
    CHECK(r && tt_is_error(r));
    CHECK_CONTAINS(text_of(r), "at most 8000");
    json_decref(r);
    buf_free(&b);
    char *m = tt_refusal(&t, "halopsa_reports_sql", json_pack("{}"));
    CHECK_CONTAINS(m, "sql");
    free(m);
    json_t *log = tt_requests(&t);
    CHECK_INT(json_array_size(log), 0);
    json_decref(log);
    CHECK_INT(tt_stop(&t), 0);
}

/* The SQL tool stays in read-only mode (it cannot write). */
static void test_sql_in_read_only_mode(void)
{
    struct tt t;
    TT_START(&t, FW_ENV("HALOPSA_READ_ONLY=true", "HALOPSA_TOOL_MODE=flat",
                        "HALOPSA_DOMAINS=all"));
    json_t *names = tt_list_names(&t);
    CHECK(tt_has(names, "halopsa_reports_sql"));
    CHECK(tt_has(names, "halopsa_reports_run"));
    CHECK(!tt_has(names, "halopsa_approvals_approve"));
    json_decref(names);
    json_t *r = tt_call_ok(&t, "halopsa_reports_sql",
                           json_pack("{s:s}", "sql", "SELECT COUNT(*) AS n FROM UNAME"));
    CHECK(json_integer_value(json_object_get(
              json_array_get(json_object_get(fw_sc(r), "rows"), 0), "n")) > 0);
    json_decref(r);
    CHECK_INT(tt_stop(&t), 0);
}

static void test_saved_reports(void)
{
    struct tt t;
    TT_START(&t, NULL);
    tt_clear_requests(&t);
    json_t *r = tt_call_ok(&t, "halopsa_reports_list",
                           json_pack("{s:s, s:i}", "search", "tickets", "page_size", 10));
    json_t *rows = json_object_get(fw_sc(r), "reports");
    CHECK(json_array_size(rows) >= 2);
    json_t *req = fw_last(&t, "GET", "/api/Report");
    CHECK_STR(fw_q(req, "search"), "tickets");
    CHECK_STR(fw_q(req, "pageinate"), "true");
    json_decref(req);
    json_decref(r);

    r = tt_call_ok(&t, "halopsa_reports_get", json_pack("{s:i}", "id", 1));
    CHECK_CONTAINS(text_of(r), "FROM FAULTS");
    json_decref(r);

    r = tt_call_ok(&t, "halopsa_reports_run",
                   json_pack("{s:i, s:s, s:s, s:i}", "id", 1, "from", "2026-01-01", "to",
                             "2026-12-31", "max_rows", 2));
    /* the report's name is quoted as data in our sentence */
    CHECK_CONTAINS(text_of(r), "Report 1 <<<UNTRUSTED-");
    CHECK_CONTAINS(text_of(r), " Open tickets by client UNTRUSTED-");
    CHECK_INT(json_array_size(json_object_get(fw_sc(r), "rows")), 2);
    CHECK_STR(json_string_value(json_array_get(json_object_get(fw_sc(r), "columns"), 1)),
              "open_tickets");
    json_decref(r);
    req = fw_last(&t, "GET", "/api/Report/1");
    CHECK_STR(fw_q(req, "loadreport"), "true");
    CHECK_STR(fw_q(req, "includedetails"), "true");
    CHECK_STR(fw_q(req, "reportingperiodstartdate"), "2026-01-01T00:00:00");
    CHECK_STR(fw_q(req, "reportingperiodenddate"), "2026-12-31T23:59:59");
    json_decref(req);

    r = tt_call(&t, "halopsa_reports_run", json_pack("{s:i}", "id", 999), NULL);
    CHECK(r && tt_is_error(r));
    CHECK_CONTAINS(text_of(r), "404");
    json_decref(r);
    char *m = tt_refusal(&t, "halopsa_reports_run", json_pack("{s:s}", "id", "one"));
    CHECK_CONTAINS(m, "id");
    free(m);
    m = tt_refusal(&t, "halopsa_reports_run", json_pack("{s:i, s:s}", "id", 1, "from", "soon"));
    CHECK_CONTAINS(m, "'from'");
    free(m);
    tt_inject(&t, 1, 400);
    r = tt_call(&t, "halopsa_reports_run", json_pack("{s:i}", "id", 2), NULL);
    CHECK(r && tt_is_error(r));
    CHECK_CONTAINS(text_of(r), "400");
    json_decref(r);
    CHECK_INT(tt_stop(&t), 0);
}

/* A 2026-07-28 request (stdio, stateless) declaring the tasks extension:
 * the report runs as a task the client polls, and the task's result is
 * the report. */
static json_t *meta_2026(void)
{
    return json_pack("{s:s, s:{s:s, s:s}, s:{s:{s:{}}}}",
                     "io.modelcontextprotocol/protocolVersion", "2026-07-28",
                     "io.modelcontextprotocol/clientInfo", "name", "t", "version", "1",
                     "io.modelcontextprotocol/clientCapabilities", "extensions",
                     "io.modelcontextprotocol/tasks");
}

static void test_report_as_task(void)
{
    struct tt t;
    TT_START(&t, NULL);
    json_t *resp = fw_request(&t, "tools/call",
                              json_pack("{s:s, s:{s:s}, s:o}", "name", "halopsa_reports_sql",
                                        "arguments", "sql", "SELECT TOP 2 Faultid FROM FAULTS",
                                        "_meta", meta_2026()),
                              NULL, NULL);
    json_t *res = json_object_get(resp, "result");
    CHECK_STR(json_string_value(json_object_get(res, "resultType")), "task");
    const char *task = json_string_value(json_object_get(res, "taskId"));
    CHECK(task != NULL);
    json_t *done = NULL;
    for (int i = 0; task && i < 200; i++) {
        json_decref(done);
        done = fw_request(&t, "tasks/get",
                          json_pack("{s:s, s:o}", "taskId", task, "_meta", meta_2026()), NULL,
                          NULL);
        const char *st = json_string_value(json_object_get(json_object_get(done, "result"),
                                                           "status"));
        if (!st || strcmp(st, "working") != 0)
            break;
        base_sleep_ms(50);
    }
    json_t *result = json_object_get(json_object_get(done, "result"), "result");
    CHECK_STR(json_string_value(json_object_get(json_object_get(done, "result"), "status")),
              "completed");
    CHECK_INT(json_integer_value(json_object_get(json_object_get(result, "structuredContent"),
                                                 "row_count")),
              2);
    json_decref(done);
    json_decref(resp);
    CHECK_INT(tt_stop(&t), 0);
}

static const struct test tests[] = {
    {"guard_refuses", test_guard_refuses},
    {"guard_accepts", test_guard_accepts},
    {"reply_shapes", test_reply_shapes},
    {"sql_end_to_end", test_sql_end_to_end},
    {"sql_refused_sends_nothing", test_sql_refused_sends_nothing},
    {"sql_in_read_only_mode", test_sql_in_read_only_mode},
    {"saved_reports", test_saved_reports},
    {"report_as_task", test_report_as_task},
    {NULL, NULL},
};

HARNESS_MAIN("tools_reports", tests)
