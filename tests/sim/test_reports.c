/* test_reports.c - /api/Report over real sockets: ad-hoc SQL
 * (POST [{sql, _loadreportonly:true}]) run for real over the reporting
 * tables (rows at report.rows, errors at report.load_error), the T-SQL the
 * simulator adapts, the guard (one read-only statement, else 400), the row
 * cap, saved reports (list, get, loadreport=true, save) and a report seeing
 * a write made after it last ran. */
#include "simtest.h"

#include "sim_int.h"

/* POSTs sql as an ad-hoc report; returns the reply (new) and its status. */
static json_t *run_sql(struct st *t, const char *sql, int *status)
{
    json_t *body = json_pack("[{s:i, s:s, s:s, s:b, s:i, s:b}]", "id", 0, "name", "", "sql", sql,
                             "_loadreportonly", 1, "apiquery_id", 0, "_testonly", 0);
    char *text = json_dumps(body, JSON_COMPACT);
    json_t *r = st_send(t, "POST", "/api/Report", text, status);
    free(text);
    json_decref(body);
    return r;
}

static json_t *rows_of(json_t *r)
{
    return json_object_get(json_object_get(r, "report"), "rows");
}

static void test_adhoc(void)
{
    struct st t;
    int status;
    st_start(&t, NULL);
    json_t *r = run_sql(&t, "SELECT COUNT(*) AS n FROM FAULTS", &status);
    CHECK_INT(status, 200);
    CHECK_INT(json_integer_value(json_object_get(json_array_get(rows_of(r), 0), "n")), 200);
    CHECK_STR(json_string_value(json_object_get(json_object_get(r, "report"), "load_error")), "");
    CHECK_STR(json_string_value(json_object_get(json_array_get(json_object_get(r, "available_columns"), 0), "name")), "n");
    json_decref(r);
    /* Joins over Halo's names, dbo. prefix, TOP, N'', ISNULL, dates. */
    r = run_sql(&t, "SELECT TOP 3 f.Faultid, a.aareadesc AS client, ISNULL(f.Symptom, N'') AS s, "
                    "f.dateoccured FROM dbo.FAULTS f JOIN dbo.AREA a ON a.Aarea = f.Areaint "
                    "WHERE a.aareadesc LIKE N'Harbour%' ORDER BY f.Faultid",
                &status);
    CHECK_INT(status, 200);
    json_t *rows = rows_of(r);
    CHECK_INT(json_array_size(rows), 3);
    json_t *row = json_array_get(rows, 0);
    CHECK_STR(json_string_value(json_object_get(row, "client")), "Harbourline Logistics");
    const char *d = json_string_value(json_object_get(row, "dateoccured"));
    CHECK(d && strlen(d) >= 19 && d[10] == 'T'); /* dates back in Halo's form */
    json_decref(r);
    r = run_sql(&t, "SELECT COUNT(*) AS n FROM ACTIONS WHERE Whe_ >= DATEADD(day, -7, GETDATE()) "
                    "AND DATEDIFF(hour, Whe_, GETDATE()) >= 0 AND LEN(note) > 0",
                &status);
    CHECK_INT(status, 200);
    CHECK(json_integer_value(json_object_get(json_array_get(rows_of(r), 0), "n")) > 0);
    json_decref(r);
    r = run_sql(&t, "WITH t AS (SELECT Faultid FROM FAULTS WHERE Status = 9) "
                    "SELECT COUNT(*) AS closed FROM t",
                &status);
    CHECK_INT(status, 200);
    CHECK(json_integer_value(json_object_get(json_array_get(rows_of(r), 0), "closed")) > 0);
    json_decref(r);
    st_stop(&t);
}

static void test_errors_and_guard(void)
{
    struct st t;
    int status;
    st_start(&t, NULL);
    /* A query the database cannot run: 200, the message at load_error. */
    json_t *r = run_sql(&t, "SELECT nosuchcolumn FROM FAULTS", &status);
    CHECK_INT(status, 200);
    CHECK_CONTAINS(json_string_value(json_object_get(json_object_get(r, "report"), "load_error")),
                   "nosuchcolumn");
    CHECK_INT(json_array_size(rows_of(r)), 0);
    json_decref(r);
    /* Writes and several statements are refused outright (400). */
    static const char *const refused[] = {
        "DELETE FROM FAULTS",
        "UPDATE AREA SET aareadesc = 'x'",
        "SELECT 1; DELETE FROM FAULTS",
        "DROP TABLE FAULTS",
        "ATTACH DATABASE '/tmp/x.db' AS x",
        "PRAGMA table_info(FAULTS)",
        "",
    };
    for (size_t i = 0; i < sizeof refused / sizeof refused[0]; i++) {
        r = run_sql(&t, refused[i], &status);
        if (status != 400)
            harness_fail(__FILE__, __LINE__, "\"%s\": %d %s", refused[i], status, harness_json(r));
        json_decref(r);
    }
    /* The data is untouched. */
    r = run_sql(&t, "SELECT COUNT(*) AS n FROM FAULTS", &status);
    CHECK_INT(json_integer_value(json_object_get(json_array_get(rows_of(r), 0), "n")), 200);
    json_decref(r);
    /* At most 10000 rows come back. */
    r = run_sql(&t, "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 20000) "
                    "SELECT i FROM n",
                &status);
    CHECK_INT(status, 200);
    CHECK_INT(json_array_size(rows_of(r)), 10000);
    json_decref(r);
    st_stop(&t);
}

static void test_saved(void)
{
    struct st t;
    int status;
    st_start(&t, NULL);
    json_t *l = st_get(&t, "/api/Report?pageinate=true&page_size=2&page_no=1", &status);
    CHECK_INT(json_array_size(st_rows(l, "reports")), 2);
    CHECK(json_integer_value(json_object_get(l, "record_count")) >= 5);
    json_t *g = st_get(&t, "/api/Report/1", &status);
    CHECK(json_string_length(json_object_get(g, "sql")) > 0);
    CHECK(json_object_get(g, "report") == NULL);
    /* Every seeded report runs on the reporting tables. */
    for (int id = 1; id <= 6; id++) {
        json_t *run = st_getf(&t, &status, "/api/Report/%d?loadreport=true", id);
        json_t *rep = json_object_get(run, "report");
        if (status != 200 || !json_is_true(json_object_get(rep, "loaded")))
            harness_fail(__FILE__, __LINE__, "report %d: %s", id, harness_json(rep));
        json_decref(run);
    }
    /* A write shows in the next run (the reporting copy follows the store). */
    json_t *before = st_get(&t, "/api/Report/1?loadreport=true", &status);
    json_t *tk = st_send(&t, "POST", "/api/Tickets", "[{\"summary\":\"New one\",\"client_id\":6}]",
                         &status);
    CHECK_INT(status, 200);
    json_t *after = st_get(&t, "/api/Report/1?loadreport=true", &status);
    CHECK(!json_equal(json_object_get(before, "report"), json_object_get(after, "report")));
    /* Saving a report (no _loadreportonly) is an upsert. */
    json_t *s = st_send(&t, "POST", "/api/Report",
                        "[{\"name\":\"Mine\",\"sql\":\"SELECT 1 AS one\"}]", &status);
    CHECK_INT(status, 200);
    json_t *run = st_getf(&t, &status, "/api/Report/%lld?loadreport=true",
                          (long long)sim__int(s, "id", 0));
    CHECK_INT(json_integer_value(json_object_get(json_array_get(rows_of(run), 0), "one")), 1);
    json_t *bad = st_send(&t, "POST", "/api/Report", "[{\"sql\":\"SELECT 1\"}]", &status);
    CHECK_INT(status, 400);
    json_decref(bad);
    json_decref(run);
    json_decref(s);
    json_decref(after);
    json_decref(tk);
    json_decref(before);
    json_decref(g);
    json_decref(l);
    st_stop(&t);
}

static const struct test tests[] = {
    {"adhoc", test_adhoc},
    {"errors_and_guard", test_errors_and_guard},
    {"saved", test_saved},
    {NULL, NULL},
};
HARNESS_MAIN("sim_reports", tests)
