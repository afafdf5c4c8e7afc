/* test_data.c - the simulator's records: the seeded tenant (determinism,
 * counts, shapes), rendering as HaloPSA sends records (field sets, types,
 * derived names), and HaloPSA's integrity rules on POST, checked both by
 * calling the data functions and over HTTP against a running simulator. */
#include "simtest.h"

#include "sim_int.h"

#include <strings.h>

/* ---- helpers ---- */

static json_t *rows_of(json_t *ds, const char *entity)
{
    return json_object_get(ds, entity);
}

static json_t *row_with_id(json_t *rows, json_int_t id)
{
    size_t i;
    json_t *r;
    json_array_foreach(rows, i, r) {
        if (json_integer_value(json_object_get(r, "id")) == id)
            return r;
    }
    return NULL;
}

static bool is_halo_date(const char *s)
{
    /* 2026-06-29T15:41:46[.f{1,3}], no zone */
    size_t n = s ? strlen(s) : 0;
    if (n < 19 || n > 23 || s[4] != '-' || s[7] != '-' || s[10] != 'T' || s[13] != ':' ||
        s[16] != ':')
        return false;
    if (n > 19 && (s[19] != '.' || n == 20))
        return false;
    return strchr(s, 'Z') == NULL && strchr(s + 10, '+') == NULL;
}

/* ---- data functions called directly ---- */

static void test_wrapper_keys(void)
{
    CHECK_STR(sim__wrapper_key("Tickets"), "tickets");
    CHECK_STR(sim__wrapper_key("tickets"), "tickets");
    CHECK_STR(sim__wrapper_key("Actions"), "actions");
    CHECK_STR(sim__wrapper_key("Client"), "clients");
    CHECK_STR(sim__wrapper_key("Site"), "sites");
    CHECK_STR(sim__wrapper_key("Users"), "users");
    CHECK_STR(sim__wrapper_key("Asset"), "assets");
    CHECK_STR(sim__wrapper_key("Invoice"), "invoices");
    static const char *const bare[] = {"Agent",    "Team",      "TicketType",  "Status",
                                       "Priority", "AssetType", "Outcome",     "Workflow",
                                       "FieldInfo", "CustomTable", "Tabs",     "CustomButton",
                                       "WorkflowStep"};
    for (size_t i = 0; i < sizeof bare / sizeof bare[0]; i++)
        CHECK(sim__wrapper_key(bare[i]) == NULL);
}

static void test_dates(void)
{
    char d[32];
    int64_t ms;
    CHECK_STR(sim__format_date(d, 1782920546637LL), "2026-07-01T15:42:26.637");
    CHECK_STR(sim__format_date(d, 1782920546210LL), "2026-07-01T15:42:26.21");
    CHECK_STR(sim__format_date(d, 1782920546000LL), "2026-07-01T15:42:26");
    CHECK_INT(sim__parse_date("2026-07-01T15:42:26.21", &ms), 0);
    CHECK_INT(ms, 1782920546210LL);
    CHECK_INT(sim__parse_date("2026-07-01T15:42:26Z", &ms), 0);
    CHECK_INT(ms, 1782920546000LL);
    CHECK_INT(sim__parse_date("2026-07-01", &ms), 0);
    CHECK_INT(sim__parse_date("yesterday", &ms), -1);
}

static void test_deterministic(void)
{
    json_t *a = sim__dataset_new(7, 0), *b = sim__dataset_new(7, 0), *c = sim__dataset_new(8, 0);
    CHECK(json_equal(a, b));
    CHECK(!json_equal(json_object_get(a, "Tickets"), json_object_get(c, "Tickets")));
    json_decref(a);
    json_decref(b);
    json_decref(c);
}

static void test_counts_and_shapes(void)
{
    json_t *ds = sim__dataset_new(1, 0);
    static const char *const all[] = {"Tickets",  "Actions",     "Client",   "Site",
                                      "Users",    "Agent",       "Team",     "Asset",
                                      "AssetType", "Invoice",    "Workflow", "TicketType",
                                      "Status",   "Outcome",     "Priority", "FieldInfo",
                                      "CustomTable", "Tabs",     "CustomButton"};
    for (size_t i = 0; i < sizeof all / sizeof all[0]; i++) {
        json_t *rows = rows_of(ds, all[i]);
        size_t k;
        json_t *r;
        if (!json_is_array(rows) || json_array_size(rows) == 0)
            harness_fail(__FILE__, __LINE__, "entity %s has no rows", all[i]);
        json_array_foreach(rows, k, r) {
            if (!json_is_integer(json_object_get(r, "id")))
                harness_fail(__FILE__, __LINE__, "%s row %zu: id not an int", all[i], k);
        }
    }
    /* Clients: ~6, one inactive; 1-3 sites and 2-6 users each. */
    json_t *clients = rows_of(ds, "Client");
    CHECK_INT(json_array_size(clients), 6);
    int inactive = 0;
    size_t i;
    json_t *cl;
    json_array_foreach(clients, i, cl) {
        json_int_t id = json_integer_value(json_object_get(cl, "id"));
        int sites = 0, users = 0;
        size_t k;
        json_t *r;
        inactive += json_is_true(json_object_get(cl, "inactive"));
        json_array_foreach(rows_of(ds, "Site"), k, r) {
            sites += json_integer_value(json_object_get(r, "client_id")) == id;
        }
        json_array_foreach(rows_of(ds, "Users"), k, r) {
            users += json_integer_value(json_object_get(r, "client_id")) == id;
        }
        CHECK(sites >= 1 && sites <= 3);
        CHECK(users >= 2 && users <= 6);
    }
    CHECK_INT(inactive, 1);
    /* Agents start at 1 and include the API agent. */
    json_t *agents = rows_of(ds, "Agent");
    CHECK(json_array_size(agents) >= 8 && json_array_size(agents) <= 12);
    CHECK_INT(json_integer_value(json_object_get(json_array_get(agents, 0), "id")), 1);
    CHECK_STR(json_string_value(json_object_get(row_with_id(agents, SIM_API_AGENT_ID), "name")),
              "API Integration");
    CHECK(json_array_size(rows_of(ds, "Team")) >= 3 && json_array_size(rows_of(ds, "Team")) <= 4);
    /* Halo's status ids. */
    json_t *st = rows_of(ds, "Status");
    CHECK_STR(json_string_value(json_object_get(row_with_id(st, 1), "name")), "New");
    CHECK_STR(json_string_value(json_object_get(row_with_id(st, 2), "name")), "In Progress");
    CHECK_STR(json_string_value(json_object_get(row_with_id(st, 8), "name")), "Cancelled");
    CHECK_STR(json_string_value(json_object_get(row_with_id(st, 9), "name")), "Closed");
    CHECK(json_is_string(json_object_get(row_with_id(st, 1), "shortname")));
    CHECK(json_is_integer(json_object_get(row_with_id(st, 1), "type")));
    CHECK(json_is_string(json_object_get(row_with_id(st, 1), "colour")));
    /* Outcomes Halo tenants have. */
    static const char *const outcomes[] = {"Private Note", "Email User", "Note", "Resolve"};
    for (size_t k = 0; k < 4; k++) {
        size_t j;
        json_t *o;
        bool found = false;
        json_array_foreach(rows_of(ds, "Outcome"), j, o) {
            if (strcmp(json_string_value(json_object_get(o, "outcome")), outcomes[k]) == 0) {
                found = true;
                CHECK(json_is_integer(json_object_get(o, "sendemail")));
            }
        }
        if (!found)
            harness_fail(__FILE__, __LINE__, "no outcome %s", outcomes[k]);
    }
    /* About 200 tickets with 0-6 actions each, sequential action ids. */
    json_t *tickets = rows_of(ds, "Tickets"), *actions = rows_of(ds, "Actions");
    CHECK_INT(json_array_size(tickets), 200);
    CHECK(json_array_size(actions) > 200);
    int per[201] = {0};
    json_t *a;
    json_array_foreach(actions, i, a) {
        json_int_t t = json_integer_value(json_object_get(a, "ticket_id"));
        CHECK_INT(json_integer_value(json_object_get(a, "id")), (json_int_t)i + 1);
        CHECK(t >= 1 && t <= 200);
        if (t >= 1 && t <= 200)
            per[t]++;
        CHECK(is_halo_date(json_string_value(json_object_get(a, "datetime"))));
        CHECK(json_is_integer(json_object_get(a, "who_type")));
        CHECK(json_is_real(json_object_get(a, "timetaken")));
    }
    for (int t = 1; t <= 200; t++)
        CHECK(per[t] <= 6);
    /* Varied states and priorities. */
    int open = 0, closed = 0, prio[6] = {0};
    json_t *t;
    json_array_foreach(tickets, i, t) {
        json_int_t s = json_integer_value(json_object_get(t, "status_id"));
        json_int_t p = json_integer_value(json_object_get(t, "priority_id"));
        if (s == 9 || s == 8)
            closed++;
        else
            open++;
        if (p >= 1 && p <= 5)
            prio[p]++;
        CHECK(is_halo_date(json_string_value(json_object_get(t, "dateoccurred"))));
    }
    CHECK(open >= 20);
    CHECK(closed >= 20);
    for (int p = 1; p <= 4; p++)
        CHECK(prio[p] > 0);
    /* Assets of several types, with type fields. */
    int types[8] = {0};
    json_array_foreach(rows_of(ds, "Asset"), i, a) {
        json_int_t ty = json_integer_value(json_object_get(a, "assettype_id"));
        if (ty >= 1 && ty <= 7)
            types[ty]++;
        json_t *f = json_array_get(json_object_get(a, "fields"), 0);
        CHECK(f && json_is_string(json_object_get(f, "value")) &&
              json_is_string(json_object_get(f, "display")));
    }
    CHECK(types[1] && types[3] && types[4] && types[5]);
    /* Workflows with FlowDetail steps, invoices with lines. */
    json_t *w = json_array_get(rows_of(ds, "Workflow"), 0);
    json_t *step = json_array_get(json_object_get(w, "steps"), 0);
    CHECK(json_is_integer(json_object_get(step, "fdid")));
    CHECK(json_is_integer(json_object_get(step, "flow_id")));
    CHECK(json_is_true(json_object_get(step, "isstart")));
    CHECK(json_is_array(json_object_get(step, "actions")));
    CHECK(json_array_size(json_object_get(json_array_get(rows_of(ds, "Invoice"), 0), "lines")) > 0);
    json_decref(ds);
}

/* Every seeded field is one HaloPSA knows, so a save keeps it. */
static void test_seed_fields_known(void)
{
    json_t *ds = sim__dataset_new(1, 0);
    static const char *const ents[] = {"Tickets", "Actions", "Client", "Site",
                                       "Users",   "Agent",   "Asset",  "Invoice"};
    CHECK(!sim__known_field("Tickets", "status"));
    CHECK(sim__known_field("Tickets", "status_id"));
    CHECK(sim__known_field("Tickets", "_validate_only"));
    for (size_t e = 0; e < sizeof ents / sizeof ents[0]; e++) {
        size_t i;
        json_t *r;
        json_array_foreach(rows_of(ds, ents[e]), i, r) {
            const char *k;
            json_t *v;
            json_object_foreach(r, k, v) {
                (void)v;
                if (!sim__known_field(ents[e], k))
                    harness_fail(__FILE__, __LINE__, "%s.%s is not a known field", ents[e], k);
            }
        }
    }
    json_decref(ds);
}

static void test_untrusted_notes(void)
{
    json_t *ds = sim__dataset_new(1, 0);
    size_t i;
    json_t *a;
    int hits = 0, from_users = 0;
    json_array_foreach(rows_of(ds, "Actions"), i, a) {
        const char *note = json_string_value(json_object_get(a, "note"));
        if (note && strcasestr(note, "ignore previous instructions")) {
            hits++;
            from_users += json_integer_value(json_object_get(a, "who_type")) == 0;
        }
    }
    CHECK(hits > 0);
    CHECK_INT(from_users, hits);
    json_decref(ds);
}

static void test_render_without_db(void)
{
    json_t *ds = sim__dataset_new(1, 0);
    json_t *t = json_array_get(rows_of(ds, "Tickets"), 0);
    json_t *row = sim__render(NULL, "Tickets", t, false, NULL);
    json_t *det = sim__render(NULL, "Tickets", t, true, NULL);
    CHECK(json_object_size(row) >= 60);
    CHECK(json_object_size(det) >= 100);
    CHECK(json_object_size(det) > json_object_size(row));
    CHECK_STR(json_string_value(json_object_get(det, "slaactiondate")), SIM_DATE_UNSET);
    CHECK(json_is_array(json_object_get(row, "customfields")));
    CHECK(json_is_boolean(json_object_get(row, "onhold")));
    CHECK(json_is_real(json_object_get(row, "timetaken")));
    json_decref(row);
    json_decref(det);

    json_t *site = sim__render(NULL, "Site", json_array_get(rows_of(ds, "Site"), 0), false, NULL);
    CHECK(json_is_real(json_object_get(site, "client_id")));
    json_decref(site);

    json_t *p = sim__render(NULL, "Priority", json_array_get(rows_of(ds, "Priority"), 0), false, NULL);
    const char *guid = json_string_value(json_object_get(p, "id"));
    CHECK(guid && strlen(guid) == 36 && guid[8] == '-' && guid[13] == '-');
    CHECK(json_is_integer(json_object_get(p, "priorityid")));
    CHECK(json_is_integer(json_object_get(p, "slaid")));
    CHECK(json_is_string(json_object_get(p, "fixunits")));
    CHECK(json_is_boolean(json_object_get(p, "ishidden")));
    json_decref(p);
    json_decref(ds);
}

static void test_large_tenant(void)
{
    /* The generator scales (timing is a bench/ matter, not a test's). */
    json_t *ds = sim__dataset_new(3, 20000);
    json_t *tickets = rows_of(ds, "Tickets");
    CHECK_INT(json_array_size(tickets), 20000);
    CHECK(json_array_size(rows_of(ds, "Actions")) >= 10000);
    json_t *t = json_array_get(tickets, 19999);
    CHECK_INT(json_integer_value(json_object_get(t, "id")), 20000);
    json_t *det = sim__render(NULL, "Tickets", t, true, NULL);
    CHECK(json_object_size(det) >= 100);
    CHECK(json_string_length(json_object_get(det, "details")) > 0);
    json_decref(det);
    json_decref(ds);
}

/* ---- over HTTP against a running simulator ---- */

static json_t *post_one(struct st *s, const char *path, const char *body, int *status)
{
    struct st_reply r = st_api(s, "POST", path, body);
    json_t *j = json_incref(r.json);
    *status = r.status;
    if (r.status != 200 && r.status != 201 && r.status != 400)
        fprintf(stderr, "POST %s -> %d %s\n", path, r.status, r.body ? r.body : "");
    st_reply_free(&r);
    return j;
}

/* The 400 message whatever the body's shape. */
static const char *message_of(json_t *j)
{
    const char *m = json_string_value(json_object_get(j, "Message"));
    if (!m)
        m = json_string_value(json_object_get(j, "message"));
    if (!m)
        m = json_string_value(j);
    return m;
}

static void test_http_ticket_shapes(void)
{
    struct st s;
    int status;
    st_start(&s, NULL);
    json_t *list = st_get(&s, "/api/Tickets?pageinate=true&page_size=5&page_no=1", &status);
    CHECK_INT(status, 200);
    json_t *rows = st_rows(list, "tickets");
    CHECK_INT(json_array_size(rows), 5);
    json_t *row = json_array_get(rows, 0);
    CHECK(json_object_size(row) >= 60);
    CHECK(json_is_string(json_object_get(row, "client_name")));
    CHECK(json_string_length(json_object_get(row, "client_name")) > 0);
    CHECK(json_string_length(json_object_get(row, "status_name")) > 0);
    json_int_t id = json_integer_value(json_object_get(row, "id"));
    char path[96];
    snprintf(path, sizeof path, "/api/Tickets/%lld?includedetails=true", (long long)id);
    json_t *det = st_get(&s, path, &status);
    CHECK_INT(status, 200);
    CHECK(json_object_size(det) >= 100);
    CHECK(json_is_object(json_object_get(det, "priority")));
    CHECK(json_is_string(json_object_get(json_object_get(det, "priority"), "id")));
    CHECK(json_is_object(json_object_get(det, "tickettype")));
    CHECK(json_is_array(json_object_get(det, "customfields")));
    CHECK(json_array_size(json_object_get(det, "customfields")) > 0);
    CHECK(json_is_array(json_object_get(det, "assets")));
    CHECK(json_is_array(json_object_get(det, "attachments")));
    CHECK(is_halo_date(json_string_value(json_object_get(det, "dateoccurred"))));
    CHECK_STR(json_string_value(json_object_get(det, "team")),
              json_string_value(json_object_get(row, "team")));
    CHECK(json_is_object(json_object_get(det, "user")));
    json_decref(det);
    /* A plain get is full but leaves out the extra objects. */
    snprintf(path, sizeof path, "/api/Tickets/%lld", (long long)id);
    det = st_get(&s, path, &status);
    CHECK_INT(status, 200);
    CHECK(json_object_size(det) >= 100);
    CHECK(json_object_get(det, "user") == NULL);
    CHECK(json_is_object(json_object_get(det, "priority")));
    json_decref(det);
    json_decref(list);

    /* Action lists send note_html only when asked (includehtmlnote). */
    json_t *acts = st_get(&s, "/api/Actions?ticket_id=7", &status);
    json_t *a0 = json_array_get(st_rows(acts, "actions"), 0);
    CHECK(a0 && json_is_string(json_object_get(a0, "note")));
    CHECK(json_object_get(a0, "note_html") == NULL);
    CHECK(json_is_integer(json_object_get(a0, "who_type")));
    json_decref(acts);
    acts = st_get(&s, "/api/Actions?ticket_id=7&includehtmlnote=true", &status);
    a0 = json_array_get(st_rows(acts, "actions"), 0);
    CHECK_CONTAINS(json_string_value(json_object_get(a0, "note_html")), "<p>");
    json_decref(acts);

    json_t *sites = st_get(&s, "/api/Site", &status);
    CHECK_INT(status, 200);
    CHECK(json_is_real(json_object_get(json_array_get(st_rows(sites, "sites"), 0), "client_id")));
    json_decref(sites);

    json_t *pr = st_get(&s, "/api/Priority", &status);
    CHECK(json_is_array(pr));
    CHECK(json_is_string(json_object_get(json_array_get(pr, 0), "id")));
    json_decref(pr);

    json_t *me = st_get(&s, "/api/Agent/me", &status);
    CHECK_INT(status, 200);
    CHECK_INT(json_integer_value(json_object_get(me, "id")), SIM_API_AGENT_ID);
    json_decref(me);
    st_stop(&s);
}

static void test_http_integrity(void)
{
    struct st s;
    int status;
    json_t *j;
    st_start(&s, NULL);
    j = post_one(&s, "/api/Tickets", "[{\"summary\":\"x\",\"client_id\":9999}]", &status);
    CHECK_INT(status, 400);
    CHECK_CONTAINS(message_of(j), "Client 9999 does not exist");
    json_decref(j);
    j = post_one(&s, "/api/Tickets", "[{\"client_id\":1}]", &status);
    CHECK_INT(status, 400);
    CHECK_CONTAINS(message_of(j), "Summary is required");
    json_decref(j);
    j = post_one(&s, "/api/Tickets", "[{\"summary\":\"x\",\"client_id\":1,\"tickettype_id\":777}]",
                 &status);
    CHECK_INT(status, 400);
    CHECK_CONTAINS(message_of(j), "Ticket Type 777");
    json_decref(j);
    j = post_one(&s, "/api/Actions", "[{\"ticket_id\":1,\"note\":\"hi\"}]", &status);
    CHECK_INT(status, 400);
    CHECK_CONTAINS(message_of(j), "Outcome is required");
    json_decref(j);
    j = post_one(&s, "/api/Actions", "[{\"outcome\":\"Private Note\",\"note\":\"hi\"}]", &status);
    CHECK_INT(status, 400);
    CHECK_CONTAINS(message_of(j), "is required");
    json_decref(j);
    j = post_one(&s, "/api/Agent", "[{\"email\":\"x@example.com\"}]", &status);
    CHECK_INT(status, 400);
    CHECK_CONTAINS(message_of(j), "Name is required");
    json_decref(j);
    j = post_one(&s, "/api/Site", "[{\"name\":\"Annex\"}]", &status);
    CHECK_INT(status, 400);
    json_decref(j);
    j = post_one(&s, "/api/Client", "[{\"website\":\"https://x.example\"}]", &status);
    CHECK_INT(status, 400);
    CHECK_CONTAINS(message_of(j), "Name is required");
    json_decref(j);
    j = post_one(&s, "/api/Site", "[{\"name\":\"Annex\",\"client_id\":777}]", &status);
    CHECK_INT(status, 400);
    CHECK_CONTAINS(message_of(j), "Client 777 does not exist");
    json_decref(j);
    /* Site 1 belongs to client 1. */
    j = post_one(&s, "/api/Tickets", "[{\"summary\":\"x\",\"client_id\":2,\"site_id\":1}]",
                 &status);
    CHECK_INT(status, 400);
    CHECK_CONTAINS(message_of(j), "does not belong to Client 2");
    json_decref(j);
    j = post_one(&s, "/api/Actions", "[{\"ticket_id\":1,\"outcome\":\"Teleport\"}]", &status);
    CHECK_INT(status, 400);
    CHECK_CONTAINS(message_of(j), "Outcome 'Teleport' does not exist");
    json_decref(j);
    j = post_one(&s, "/api/Actions", "[{\"ticket_id\":99999,\"outcome_id\":1}]", &status);
    CHECK_INT(status, 400);
    CHECK_CONTAINS(message_of(j), "Ticket 99999 does not exist");
    json_decref(j);
    j = post_one(&s, "/api/Users", "[{\"name\":\"Pat\",\"site_id\":4242}]", &status);
    CHECK_INT(status, 400);
    CHECK_CONTAINS(message_of(j), "Site 4242 does not exist");
    json_decref(j);
    st_stop(&s);
}

static void test_http_create_defaults(void)
{
    struct st s;
    int status;
    st_start(&s, NULL);
    json_t *t = post_one(&s, "/api/Tickets",
                         "[{\"summary\":\"Keyboard missing keys\",\"client_id\":\"2\","
                         "\"status\":\"Closed\"}]",
                         &status);
    CHECK_INT(status, 200);
    json_int_t tid = json_integer_value(json_object_get(t, "id"));
    CHECK(tid > 200);
    CHECK_INT(json_integer_value(json_object_get(t, "status_id")), 1);
    CHECK_INT(json_integer_value(json_object_get(t, "client_id")), 2);
    CHECK(json_object_get(t, "status") == NULL); /* unknown fields are dropped */
    CHECK(is_halo_date(json_string_value(json_object_get(t, "dateoccurred"))));
    CHECK(json_string_length(json_object_get(t, "client_name")) > 0);
    json_decref(t);

    char body[256];
    snprintf(body, sizeof body,
             "[{\"ticket_id\":%lld,\"outcome\":\"Private Note\",\"note\":\"Checked\","
             "\"new_status\":2}]",
             (long long)tid);
    json_t *a = post_one(&s, "/api/Actions", body, &status);
    CHECK_INT(status, 200);
    CHECK_INT(json_integer_value(json_object_get(a, "who_agentid")), SIM_API_AGENT_ID);
    CHECK_INT(json_integer_value(json_object_get(a, "who_type")), 1);
    CHECK_INT(json_integer_value(json_object_get(a, "outcome_id")), 1);
    CHECK(json_is_true(json_object_get(a, "hiddenfromuser")));
    CHECK_STR(json_string_value(json_object_get(a, "actionby_application_id")), SIM_API_APP_NAME);
    CHECK(is_halo_date(json_string_value(json_object_get(a, "datetime"))));
    json_decref(a);

    char path[64];
    snprintf(path, sizeof path, "/api/Tickets/%lld", (long long)tid);
    t = st_get(&s, path, &status);
    CHECK_INT(json_integer_value(json_object_get(t, "status_id")), 2);
    CHECK_STR(json_string_value(json_object_get(t, "status_name")), "In Progress");
    json_decref(t);

    /* Renames show through derived names. */
    a = post_one(&s, "/api/Client", "[{\"id\":2,\"name\":\"Renamed Dental Ltd\"}]", &status);
    CHECK_INT(status, 200);
    json_decref(a);
    t = st_get(&s, path, &status);
    CHECK_STR(json_string_value(json_object_get(t, "client_name")), "Renamed Dental Ltd");
    json_decref(t);
    st_stop(&s);
}

static const struct test tests[] = {
    {"wrapper_keys", test_wrapper_keys},
    {"dates", test_dates},
    {"deterministic", test_deterministic},
    {"counts_and_shapes", test_counts_and_shapes},
    {"seed_fields_known", test_seed_fields_known},
    {"untrusted_notes", test_untrusted_notes},
    {"render_without_db", test_render_without_db},
    {"large_tenant", test_large_tenant},
    {"http_ticket_shapes", test_http_ticket_shapes},
    {"http_integrity", test_http_integrity},
    {"http_create_defaults", test_http_create_defaults},
    {NULL, NULL},
};
HARNESS_MAIN("sim_data", tests)
