/* test_lists.c - the simulator's list endpoints over real sockets: the
 * three envelopes, paging edges, each entity's filters, search, order,
 * case-insensitive paths and get-by-id. Expected counts come from the seeded
 * dataset itself (sim__dataset_new), not from the server under test. */
#include "simtest.h"

#include "sim_int.h"

#include <ctype.h>
#include <strings.h>

static json_t *ds; /* the seeded demo dataset, the oracle */

static json_t *dataset(void)
{
    if (!ds)
        ds = sim__dataset_new(1, 0);
    return ds;
}

static long long jint(const json_t *v)
{
    if (json_is_string(v))
        return atoll(json_string_value(v));
    if (json_is_boolean(v))
        return json_is_true(v);
    return (long long)json_number_value(v);
}

/* Records of entity in the dataset whose field equals val. */
static size_t count_eq(const char *entity, const char *field, long long val)
{
    size_t n = 0, i;
    json_t *r;
    json_array_foreach(json_object_get(dataset(), entity), i, r)
    {
        json_t *v = json_object_get(r, field);
        if (v && jint(v) == val)
            n++;
    }
    return n;
}

static size_t count_all(const char *entity)
{
    return json_array_size(json_object_get(dataset(), entity));
}

/* Some value of field in the dataset's entity records (the first record's). */
static long long first_val(const char *entity, const char *field)
{
    return jint(json_object_get(json_array_get(json_object_get(dataset(), entity), 0), field));
}

static void test_envelope_paginated(void)
{
    struct st t;
    int status;
    st_start(&t, NULL);
    json_t *j = st_get(&t, "/api/Tickets?pageinate=true&page_size=10&page_no=2", &status);
    CHECK_INT(status, 200);
    CHECK_INT(json_integer_value(json_object_get(j, "page_no")), 2);
    CHECK_INT(json_integer_value(json_object_get(j, "page_size")), 10);
    CHECK_INT(json_integer_value(json_object_get(j, "record_count")), count_all("Tickets"));
    json_t *rows = json_object_get(j, "tickets");
    CHECK_INT(json_array_size(rows), 10);
    CHECK_INT(jint(json_object_get(json_array_get(rows, 0), "id")), 11);
    CHECK_INT(jint(json_object_get(json_array_get(rows, 9), "id")), 20);
    json_decref(j);
    st_stop(&t);
}

static void test_envelope_unpaginated(void)
{
    struct st t;
    int status;
    st_start(&t, NULL);
    json_t *j = st_get(&t, "/api/Site", &status);
    CHECK_INT(status, 200);
    CHECK(json_is_object(j));
    CHECK(json_object_get(j, "page_no") == NULL);
    CHECK(json_is_integer(json_object_get(j, "record_count")));
    CHECK(json_is_array(json_object_get(j, "sites")));
    json_decref(j);
    static const char *const wrapped[][2] = {
        {"/api/Tickets", "tickets"},  {"/api/Client", "clients"},
        {"/api/Users", "users"},      {"/api/Asset", "assets"},
        {"/api/Invoice", "invoices"}, {"/api/Actions?ticket_id=1", "actions"},
    };
    for (size_t i = 0; i < sizeof wrapped / sizeof wrapped[0]; i++) {
        j = st_get(&t, wrapped[i][0], &status);
        CHECK_INT(status, 200);
        CHECK(json_is_array(json_object_get(j, wrapped[i][1])));
        CHECK(json_is_integer(json_object_get(j, "record_count")));
        json_decref(j);
    }
    st_stop(&t);
}

static void test_envelope_bare(void)
{
    static const char *const bare[] = {"Status",      "TicketType", "Outcome",      "FieldInfo",
                                       "CustomTable", "Tabs",       "CustomButton", "Team",
                                       "AssetType",   "Priority",   "Workflow",     NULL};
    struct st t;
    int status;
    st_start(&t, NULL);
    for (size_t i = 0; bare[i]; i++) {
        char path[64];
        snprintf(path, sizeof path, "/api/%s", bare[i]);
        json_t *j = st_get(&t, path, &status);
        CHECK_INT(status, 200);
        if (!json_is_array(j))
            harness_fail(__FILE__, __LINE__, "%s is not a bare array", bare[i]);
        /* The whole list: no 50-row default, no paging. */
        CHECK_INT(json_array_size(j), count_all(bare[i]));
        json_decref(j);
    }
    json_t *j = st_get(&t, "/api/Agent", &status);
    CHECK(json_is_array(j));
    CHECK_INT(json_array_size(j), count_eq("Agent", "isdisabled", 0));
    json_decref(j);
    st_stop(&t);
}

static void test_paging_edges(void)
{
    struct st t;
    int status;
    char path[128];
    size_t total = count_all("Tickets");
    st_start(&t, NULL);
    /* Past the end: empty page, record_count still the total. */
    snprintf(path, sizeof path, "/api/Tickets?pageinate=true&page_size=50&page_no=%zu",
             total / 50 + 2);
    json_t *j = st_get(&t, path, &status);
    CHECK_INT(status, 200);
    CHECK_INT(json_array_size(json_object_get(j, "tickets")), 0);
    CHECK_INT(json_integer_value(json_object_get(j, "record_count")), total);
    json_decref(j);
    j = st_get(&t, "/api/Tickets?pageinate=true&page_size=50&page_no=9223372036854775807", &status);
    CHECK_INT(status, 200);
    CHECK_INT(json_array_size(json_object_get(j, "tickets")), 0);
    json_decref(j);
    /* page_size is clamped to 100. */
    j = st_get(&t, "/api/Tickets?pageinate=true&page_size=500&page_no=1", &status);
    CHECK_INT(json_integer_value(json_object_get(j, "page_size")), 100);
    CHECK_INT(json_array_size(json_object_get(j, "tickets")), total < 100 ? total : 100);
    json_decref(j);
    /* Default page size 50 when paginating without page_size. */
    j = st_get(&t, "/api/Tickets?pageinate=true", &status);
    CHECK_INT(json_integer_value(json_object_get(j, "page_size")), 50);
    CHECK_INT(json_integer_value(json_object_get(j, "page_no")), 1);
    json_decref(j);
    /* Without pageinate, page_size/page_no are ignored: 50 rows from the start. */
    j = st_get(&t, "/api/Tickets?page_size=5&page_no=3", &status);
    CHECK(json_object_get(j, "page_no") == NULL);
    CHECK_INT(json_array_size(json_object_get(j, "tickets")), total < 50 ? total : 50);
    CHECK_INT(jint(json_object_get(json_array_get(json_object_get(j, "tickets"), 0), "id")), 1);
    CHECK_INT(json_integer_value(json_object_get(j, "record_count")), total);
    json_decref(j);
    /* count=N gives up to N rows. */
    j = st_get(&t, "/api/Tickets?count=7", &status);
    CHECK_INT(json_array_size(json_object_get(j, "tickets")), 7);
    json_decref(j);
    j = st_get(&t, "/api/Tickets?count=120", &status);
    CHECK_INT(json_array_size(json_object_get(j, "tickets")), total < 120 ? total : 120);
    json_decref(j);
    /* Walking every page sees every ticket exactly once. */
    size_t seen = 0;
    long long last = 0;
    bool ordered = true;
    for (int p = 1; p < 100; p++) {
        snprintf(path, sizeof path, "/api/Tickets?pageinate=true&page_size=37&page_no=%d", p);
        j = st_get(&t, path, &status);
        json_t *rows = json_object_get(j, "tickets");
        size_t n = json_array_size(rows);
        for (size_t i = 0; i < n; i++) {
            long long id = jint(json_object_get(json_array_get(rows, i), "id"));
            if (id <= last)
                ordered = false;
            last = id;
        }
        seen += n;
        json_decref(j);
        if (n == 0)
            break;
    }
    CHECK_INT(seen, total);
    CHECK(ordered);
    st_stop(&t);
}

static void test_case_insensitive_paths(void)
{
    static const char *const paths[] = {"/api/Tickets/3", "/api/tickets/3", "/API/TICKETS/3",
                                        "/Api/tIcKeTs/3", NULL};
    struct st t;
    int status;
    st_start(&t, NULL);
    for (size_t i = 0; paths[i]; i++) {
        json_t *j = st_get(&t, paths[i], &status);
        CHECK_INT(status, 200);
        CHECK_INT(jint(json_object_get(j, "id")), 3);
        json_decref(j);
    }
    json_t *j = st_get(&t, "/api/workflowstep", &status);
    CHECK_INT(status, 200);
    CHECK(json_is_array(j));
    json_decref(j);
    /* Query keys are case-insensitive too. */
    j = st_get(&t, "/api/Tickets?PageInate=true&Page_Size=3", &status);
    CHECK_INT(json_array_size(json_object_get(j, "tickets")), 3);
    json_decref(j);
    st_stop(&t);
}

static void test_get_by_id(void)
{
    struct st t;
    int status;
    st_start(&t, NULL);
    json_t *j = st_get(&t, "/api/Client/1", &status);
    CHECK_INT(status, 200);
    CHECK(json_is_object(j));
    CHECK_INT(jint(json_object_get(j, "id")), 1);
    json_decref(j);
    j = st_get(&t, "/api/Tickets/987654", &status);
    CHECK_INT(status, 404);
    CHECK_STR(json_string_value(json_object_get(j, "ClassName")), "HaloException");
    CHECK(json_is_string(json_object_get(j, "Message")));
    json_decref(j);
    j = st_get(&t, "/api/Agent/abc", &status);
    CHECK_INT(status, 404);
    json_decref(j);
    j = st_get(&t, "/api/NoSuchThing", &status);
    CHECK_INT(status, 404);
    json_decref(j);
    /* Agent/me is the API application's agent. */
    j = st_get(&t, "/api/Agent/me", &status);
    CHECK_INT(status, 200);
    CHECK(jint(json_object_get(j, "id")) >= 1);
    CHECK(json_is_string(json_object_get(j, "name")));
    json_decref(j);
    st_stop(&t);
}

/* GET path (a Tickets-like paginated list) and check record_count == want
 * and that every row satisfies field == val (val < 0: skip the row check). */
static void check_filter(struct st *t, const char *path, const char *key, size_t want,
                         const char *field, long long val)
{
    int status;
    json_t *j = st_get(t, path, &status);
    CHECK_INT(status, 200);
    if (json_integer_value(json_object_get(j, "record_count")) != (json_int_t)want)
        harness_fail(__FILE__, __LINE__, "%s: record_count %lld, want %zu", path,
                     (long long)json_integer_value(json_object_get(j, "record_count")), want);
    size_t i;
    json_t *r;
    json_array_foreach(st_rows(j, key), i, r)
    {
        if (field && val >= 0 && jint(json_object_get(r, field)) != val) {
            harness_fail(__FILE__, __LINE__, "%s: row %zu has %s=%lld", path, i, field,
                         jint(json_object_get(r, field)));
            break;
        }
    }
    json_decref(j);
}

static void test_ticket_single_filters(void)
{
    static const char *const f[][2] = {
        {"client_id", "client_id"}, {"site_id", "site_id"},     {"user_id", "user_id"},
        {"agent_id", "agent_id"},   {"status_id", "status_id"}, {"requesttype_id", "tickettype_id"},
    };
    struct st t;
    char path[160];
    st_start(&t, NULL);
    for (size_t i = 0; i < sizeof f / sizeof f[0]; i++) {
        long long v = first_val("Tickets", f[i][1]);
        size_t want = count_eq("Tickets", f[i][1], v);
        CHECK(want > 0 && want < count_all("Tickets"));
        snprintf(path, sizeof path, "/api/Tickets?pageinate=true&page_size=100&%s=%lld", f[i][0],
                 v);
        check_filter(&t, path, "tickets", want, f[i][1], v);
    }
    st_stop(&t);
}

static void test_ticket_array_filters(void)
{
    struct st t;
    char path[200];
    st_start(&t, NULL);
    size_t want = count_eq("Tickets", "status_id", 1) + count_eq("Tickets", "status_id", 9);
    check_filter(&t, "/api/Tickets?pageinate=true&status=1,9", "tickets", want, NULL, -1);
    check_filter(&t, "/api/Tickets?pageinate=true&status=1&status=9", "tickets", want, NULL, -1);
    long long team = first_val("Tickets", "team_id");
    snprintf(path, sizeof path, "/api/Tickets?pageinate=true&team=%lld", team);
    check_filter(&t, path, "tickets", count_eq("Tickets", "team_id", team), "team_id", team);
    long long agent = first_val("Tickets", "agent_id");
    snprintf(path, sizeof path, "/api/Tickets?pageinate=true&agent=%lld", agent);
    check_filter(&t, path, "tickets", count_eq("Tickets", "agent_id", agent), "agent_id", agent);
    long long tt = first_val("Tickets", "tickettype_id");
    snprintf(path, sizeof path, "/api/Tickets?pageinate=true&requesttype=%lld", tt);
    check_filter(&t, path, "tickets", count_eq("Tickets", "tickettype_id", tt), "tickettype_id",
                 tt);
    long long pr = first_val("Tickets", "priority_id");
    snprintf(path, sizeof path, "/api/Tickets?pageinate=true&priority=%lld", pr);
    check_filter(&t, path, "tickets", count_eq("Tickets", "priority_id", pr), "priority_id", pr);
    want = count_eq("Tickets", "client_id", 1) + count_eq("Tickets", "client_id", 2);
    check_filter(&t, "/api/Tickets?pageinate=true&client_ids=1,2", "tickets", want, NULL, -1);
    /* team by name (a ticket's team is a name, api.md 7.10). */
    const char *tname = NULL;
    size_t k;
    json_t *tm;
    json_array_foreach(json_object_get(dataset(), "Team"), k, tm)
    {
        if (jint(json_object_get(tm, "id")) == team)
            tname = json_string_value(json_object_get(tm, "name"));
    }
    CHECK(tname != NULL);
    if (tname) {
        char *enc = curl_easy_escape(NULL, tname, 0);
        snprintf(path, sizeof path, "/api/Tickets?pageinate=true&team=%s", enc);
        curl_free(enc);
        check_filter(&t, path, "tickets", count_eq("Tickets", "team_id", team), "team_id", team);
    }
    check_filter(&t, "/api/Tickets?team=No+Such+Team", "tickets", 0, NULL, -1);
    check_filter(&t, "/api/Tickets?ticketids=3,5,8", "tickets", 3, NULL, -1);
    check_filter(&t, "/api/Tickets?ticketids=3&ticketids=5", "tickets", 2, NULL, -1);
    st_stop(&t);
}

static void test_ticket_open_closed(void)
{
    struct st t;
    st_start(&t, NULL);
    size_t closed = count_eq("Tickets", "status_id", 9);
    CHECK(closed > 0);
    check_filter(&t, "/api/Tickets?open_only=true", "tickets", count_all("Tickets") - closed, NULL,
                 -1);
    check_filter(&t, "/api/Tickets?closed_only=true&pageinate=true&page_size=100", "tickets",
                 closed, "status_id", 9);
    check_filter(&t, "/api/Tickets?open_only=false", "tickets", count_all("Tickets"), NULL, -1);
    st_stop(&t);
}

static void test_ticket_dates(void)
{
    struct st t;
    char path[200], day[11];
    size_t i, want = 0;
    json_t *r;
    st_start(&t, NULL);
    const char *d = json_string_value(
        json_object_get(json_array_get(json_object_get(dataset(), "Tickets"), 0), "dateoccurred"));
    CHECK(d != NULL);
    if (!d)
        goto out;
    snprintf(day, sizeof day, "%.10s", d);
    json_array_foreach(json_object_get(dataset(), "Tickets"), i, r)
    {
        const char *x = json_string_value(json_object_get(r, "dateoccurred"));
        if (x && strncmp(x, day, 10) == 0)
            want++;
    }
    snprintf(path, sizeof path,
             "/api/Tickets?datesearch=dateoccured&startdate=%sT00:00:00&enddate=%sT23:59:59.999",
             day, day);
    check_filter(&t, path, "tickets", want, NULL, -1);
    /* The same with Z-suffixed dates (HAPI's format). */
    snprintf(path, sizeof path,
             "/api/Tickets?datesearch=dateoccured&startdate=%sT00:00:00Z&enddate=%sT23:59:59.999Z",
             day, day);
    check_filter(&t, path, "tickets", want, NULL, -1);
    /* Closed tickets by datecleared: only tickets with a dateclosed match. */
    size_t withclosed = 0;
    json_array_foreach(json_object_get(dataset(), "Tickets"), i, r)
    {
        if (json_object_get(r, "dateclosed"))
            withclosed++;
    }
    check_filter(&t, "/api/Tickets?datesearch=datecleared&startdate=1990-01-01T00:00:00", "tickets",
                 withclosed, NULL, -1);
out:
    st_stop(&t);
}

static void test_invoice_dates(void)
{
    struct st t;
    char path[200], day[11];
    size_t i, want = 0;
    json_t *r;
    st_start(&t, NULL);
    const char *d = json_string_value(
        json_object_get(json_array_get(json_object_get(dataset(), "Invoice"), 0), "invoice_date"));
    CHECK(d != NULL);
    if (!d)
        goto out;
    snprintf(day, sizeof day, "%.10s", d);
    json_array_foreach(json_object_get(dataset(), "Invoice"), i, r)
    {
        const char *x = json_string_value(json_object_get(r, "invoice_date"));
        if (x && strncmp(x, day, 10) == 0)
            want++;
    }
    CHECK(want > 0 && want < count_all("Invoice"));
    snprintf(path, sizeof path, "/api/Invoice?start_date=%sT00:00:00&end_date=%sT23:59:59", day, day);
    check_filter(&t, path, "invoices", want, NULL, -1);
out:
    st_stop(&t);
}

static void test_search_and_order(void)
{
    struct st t;
    int status;
    st_start(&t, NULL);
    const char *summary = json_string_value(
        json_object_get(json_array_get(json_object_get(dataset(), "Tickets"), 0), "summary"));
    char word[32], path[128];
    snprintf(word, sizeof word, "%.6s", summary);
    for (char *p = word; *p; p++) /* case-insensitive */
        *p = (char)toupper((unsigned char)*p);
    for (char *p = word; *p; p++)
        if (*p == ' ')
            *p = '+';
    snprintf(path, sizeof path, "/api/Tickets?pageinate=true&page_size=100&search=%s", word);
    json_t *j = st_get(&t, path, &status);
    CHECK(json_integer_value(json_object_get(j, "record_count")) >= 1);
    CHECK(json_integer_value(json_object_get(j, "record_count")) <
          (json_int_t)count_all("Tickets"));
    size_t i;
    json_t *r;
    for (char *p = word; *p; p++)
        if (*p == '+')
            *p = ' ';
    json_array_foreach(json_object_get(j, "tickets"), i, r)
    {
        const char *s = json_string_value(json_object_get(r, "summary"));
        const char *dd = json_string_value(json_object_get(r, "details"));
        bool hit = false;
        for (const char *p = s; p && *p && !hit; p++)
            hit = strncasecmp(p, word, strlen(word)) == 0;
        for (const char *p = dd; p && *p && !hit; p++)
            hit = strncasecmp(p, word, strlen(word)) == 0;
        CHECK(hit);
    }
    json_decref(j);
    /* orderdesc on id: the newest first. */
    j = st_get(&t, "/api/Tickets?pageinate=true&page_size=5&orderdesc=true", &status);
    CHECK_INT(jint(json_object_get(json_array_get(json_object_get(j, "tickets"), 0), "id")),
              count_all("Tickets"));
    json_decref(j);
    /* order by a field. */
    j = st_get(&t, "/api/Tickets?pageinate=true&page_size=100&order=summary", &status);
    const char *prev = "";
    bool sorted = true;
    json_array_foreach(json_object_get(j, "tickets"), i, r)
    {
        const char *s = json_string_value(json_object_get(r, "summary"));
        if (s && strcasecmp(prev, s) > 0)
            sorted = false;
        prev = s ? s : prev;
    }
    CHECK(sorted);
    json_decref(j);
    /* order by a field only the rendered row has (client_name). */
    j = st_get(&t, "/api/Tickets?pageinate=true&page_size=100&order=client_name", &status);
    prev = "";
    sorted = true;
    size_t named = 0;
    json_array_foreach(json_object_get(j, "tickets"), i, r)
    {
        const char *s = json_string_value(json_object_get(r, "client_name"));
        if (s && strcasecmp(prev, s) > 0)
            sorted = false;
        named += s != NULL;
        prev = s ? s : prev;
    }
    CHECK(sorted);
    CHECK(named > 0);
    json_decref(j);
    j = st_get(&t, "/api/Client?order=name&orderdesc=true", &status);
    prev = NULL;
    sorted = true;
    json_array_foreach(json_object_get(j, "clients"), i, r)
    {
        const char *s = json_string_value(json_object_get(r, "name"));
        if (prev && s && strcasecmp(prev, s) < 0)
            sorted = false;
        prev = s;
    }
    CHECK(sorted);
    json_decref(j);
    /* Unknown parameters are ignored silently. */
    j = st_get(&t, "/api/Tickets?frobnicate=7&pageinate=true", &status);
    CHECK_INT(status, 200);
    CHECK_INT(json_integer_value(json_object_get(j, "record_count")), count_all("Tickets"));
    json_decref(j);
    st_stop(&t);
}

static void test_action_filters(void)
{
    struct st t;
    int status;
    char path[128];
    size_t i;
    json_t *r;
    st_start(&t, NULL);
    /* Which ticket has the most actions (the richest conversation). */
    long long best = 1;
    size_t bestn = 0;
    for (long long id = 1; id <= 40; id++) {
        size_t n = count_eq("Actions", "ticket_id", id);
        if (n > bestn) {
            bestn = n;
            best = id;
        }
    }
    json_t *j = st_get(&t, "/api/Actions", &status);
    CHECK_INT(status, 400); /* ticket_id is required */
    CHECK_STR(json_string_value(json_object_get(j, "ClassName")), "HaloException");
    json_decref(j);
    snprintf(path, sizeof path, "/api/Actions?ticket_id=%lld", best);
    check_filter(&t, path, "actions", bestn, "ticket_id", best);
    snprintf(path, sizeof path, "/api/Actions?ticket_id=%lld&count=1", best);
    j = st_get(&t, path, &status);
    CHECK_INT(json_array_size(json_object_get(j, "actions")), 1);
    json_decref(j);
    snprintf(path, sizeof path, "/api/Actions?ticket_id=%lld&excludeprivate=true", best);
    j = st_get(&t, path, &status);
    json_array_foreach(json_object_get(j, "actions"), i, r)
        CHECK(!json_is_true(json_object_get(r, "hiddenfromuser")));
    json_decref(j);
    snprintf(path, sizeof path, "/api/Actions?ticket_id=%lld&agentonly=true", best);
    j = st_get(&t, path, &status);
    json_array_foreach(json_object_get(j, "actions"), i, r)
        CHECK_INT(jint(json_object_get(r, "who_type")), 1);
    json_decref(j);
    snprintf(path, sizeof path, "/api/Actions?ticket_id=%lld&conversationonly=true", best);
    j = st_get(&t, path, &status);
    json_array_foreach(json_object_get(j, "actions"), i, r)
    {
        CHECK(!json_is_true(json_object_get(r, "hiddenfromuser")));
        const char *d = json_string_value(json_object_get(r, "emaildirection"));
        CHECK(d && (strcmp(d, "I") == 0 || strcmp(d, "O") == 0));
    }
    json_decref(j);
    snprintf(path, sizeof path, "/api/Actions?ticket_id=%lld&excludesys=true", best);
    j = st_get(&t, path, &status);
    CHECK_INT(status, 200);
    json_decref(j);
    j = st_get(&t, "/api/Actions?ticket_id=999999", &status);
    CHECK_INT(json_integer_value(json_object_get(j, "record_count")), 0);
    CHECK_INT(json_array_size(json_object_get(j, "actions")), 0);
    json_decref(j);
    st_stop(&t);
}

static void test_org_filters(void)
{
    struct st t;
    char path[128];
    int status;
    st_start(&t, NULL);
    size_t inactive = count_eq("Client", "inactive", 1);
    size_t clients = count_all("Client");
    check_filter(&t, "/api/Client", "clients", clients - inactive, NULL, -1);
    check_filter(&t, "/api/Client?includeinactive=true", "clients", clients, NULL, -1);
    check_filter(&t, "/api/Client?includeinactive=true&includeactive=false", "clients", inactive,
                 NULL, -1);
    long long cid = first_val("Site", "client_id");
    snprintf(path, sizeof path, "/api/Site?client_id=%lld&includeinactive=true", cid);
    check_filter(&t, path, "sites", count_eq("Site", "client_id", cid), "client_id", cid);
    long long sid = first_val("Users", "site_id");
    snprintf(path, sizeof path, "/api/Users?site_id=%lld&includeinactive=true", sid);
    check_filter(&t, path, "users", count_eq("Users", "site_id", sid), "site_id", sid);
    /* Users by client: every user row of that client's sites. */
    snprintf(path, sizeof path,
             "/api/Users?client_id=%lld&includeinactive=true&pageinate=true&page_size=100", cid);
    json_t *j = st_get(&t, path, &status);
    CHECK(json_integer_value(json_object_get(j, "record_count")) >= 1);
    json_decref(j);
    long long team = first_val("Agent", "team_id");
    snprintf(path, sizeof path, "/api/Agent?team_id=%lld", team);
    j = st_get(&t, path, &status);
    CHECK(json_is_array(j));
    CHECK_INT(json_array_size(j), count_eq("Agent", "team_id", team));
    json_decref(j);
    long long at = first_val("Asset", "assettype_id");
    snprintf(path, sizeof path, "/api/Asset?assettype_id=%lld&includeinactive=true&pageinate=true",
             at);
    check_filter(&t, path, "assets", count_eq("Asset", "assettype_id", at), "assettype_id", at);
    long long acid = first_val("Asset", "client_id");
    snprintf(path, sizeof path, "/api/Asset?client_id=%lld&includeinactive=true", acid);
    check_filter(&t, path, "assets", count_eq("Asset", "client_id", acid), "client_id", acid);
    size_t posted = count_eq("Invoice", "posted", 1);
    check_filter(&t, "/api/Invoice?postedonly=true", "invoices", posted, NULL, -1);
    check_filter(&t, "/api/Invoice?notpostedonly=true", "invoices", count_all("Invoice") - posted,
                 NULL, -1);
    long long icid = first_val("Invoice", "client_id");
    snprintf(path, sizeof path, "/api/Invoice?client_id=%lld", icid);
    check_filter(&t, path, "invoices", count_eq("Invoice", "client_id", icid), "client_id", icid);
    st_stop(&t);
}

static void test_workflow_steps(void)
{
    struct st t;
    int status;
    size_t i, want = 0;
    json_t *w;
    st_start(&t, NULL);
    json_array_foreach(json_object_get(dataset(), "Workflow"), i, w) want +=
        json_array_size(json_object_get(w, "steps"));
    json_t *j = st_get(&t, "/api/WorkflowStep", &status);
    CHECK(json_is_array(j));
    CHECK_INT(json_array_size(j), want);
    json_decref(j);
    long long flow = first_val("Workflow", "id");
    char path[64];
    snprintf(path, sizeof path, "/api/workflowstep?flow_id=%lld", flow);
    j = st_get(&t, path, &status);
    CHECK_INT(json_array_size(j),
              json_array_size(json_object_get(
                  json_array_get(json_object_get(dataset(), "Workflow"), 0), "steps")));
    json_t *r;
    json_array_foreach(j, i, r) CHECK_INT(jint(json_object_get(r, "flow_id")), flow);
    json_decref(j);
    struct st_reply rp = st_api(&t, "POST", "/api/WorkflowStep", "[{\"name\":\"x\"}]");
    CHECK_INT(rp.status, 405);
    st_reply_free(&rp);
    st_stop(&t);
}

static void test_cleanup(void)
{
    json_decref(ds);
    ds = NULL;
}

static const struct test tests[] = {
    {"envelope_paginated", test_envelope_paginated},
    {"envelope_unpaginated", test_envelope_unpaginated},
    {"envelope_bare", test_envelope_bare},
    {"paging_edges", test_paging_edges},
    {"case_insensitive_paths", test_case_insensitive_paths},
    {"get_by_id", test_get_by_id},
    {"ticket_single_filters", test_ticket_single_filters},
    {"ticket_array_filters", test_ticket_array_filters},
    {"ticket_open_closed", test_ticket_open_closed},
    {"ticket_dates", test_ticket_dates},
    {"invoice_dates", test_invoice_dates},
    {"search_and_order", test_search_and_order},
    {"action_filters", test_action_filters},
    {"org_filters", test_org_filters},
    {"workflow_steps", test_workflow_steps},
    {"cleanup", test_cleanup},
    {NULL, NULL},
};
HARNESS_MAIN("sim_lists", tests)
