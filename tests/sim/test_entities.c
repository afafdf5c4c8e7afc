/* test_entities.c - every row of the simulator's entity table over real
 * sockets (envelope, get, 404), and the MSP's-day entities one by one:
 * projects and opportunities, lookups (priorities per SLA, SLAs,
 * categories), appointments, the knowledge base, contracts with periods,
 * quotes, orders, items, suppliers, recurring invoices, approvals and the
 * global search: filters, paging, writes and HaloPSA's 400s. */
#include "simtest.h"

#include "sim_int.h"

#include <strings.h>

/* Every returned row of list satisfies field == want. */
static bool all_rows(json_t *rows, const char *field, json_int_t want)
{
    size_t i;
    json_t *r;
    json_array_foreach(rows, i, r) {
        if (sim__int(r, field, -999) != want)
            return false;
    }
    return true;
}

static bool has_row(json_t *rows, const char *field, json_int_t want)
{
    size_t i;
    json_t *r;
    json_array_foreach(rows, i, r) {
        if (sim__int(r, field, -999) == want)
            return true;
    }
    return false;
}

/* A query that lists the entity (its parent parameter filled in). */
static void list_path(const struct sim_entity *e, char *out, size_t len)
{
    if (e->parent && strcmp(e->name, "Attachment") == 0)
        snprintf(out, len, "/api/%s?%s=3", e->name, e->parent);
    else if (e->parent)
        snprintf(out, len, "/api/%s?%s=1", e->name, e->parent);
    else
        snprintf(out, len, "/api/%s", e->name);
}

static void test_every_row(void)
{
    struct st t;
    int status;
    char path[256];
    st_start(&t, NULL);
    for (const struct sim_entity *e = sim__entities; e->name; e++) {
        if (!e->table || strcmp(e->name, "Timesheet") == 0)
            continue;
        list_path(e, path, sizeof path);
        json_t *j = st_get(&t, path, &status);
        if (status != 200)
            harness_fail(__FILE__, __LINE__, "GET %s: %d", path, status);
        json_t *rows = e->key ? json_object_get(j, e->key) : j;
        if (!json_is_array(rows) || (e->key && !json_is_integer(json_object_get(j, "record_count"))))
            harness_fail(__FILE__, __LINE__, "%s: not the %s envelope: %.200s", e->name,
                         e->key ? e->key : "bare", harness_json(j));
        if (json_array_size(rows) == 0 && strcmp(e->name, "Attachment") != 0)
            harness_fail(__FILE__, __LINE__, "%s: the seed has no rows", e->name);
        json_t *first = json_array_get(rows, 0);
        json_int_t id = json_is_string(json_object_get(first, "id"))
                            ? sim__int(first, "priorityid", 0)
                            : sim__int(first, "id", 0);
        if (first && strcmp(e->name, "Attachment") != 0) { /* raw bytes: test_attachments */
            json_t *one = st_getf(&t, &status, "/api/%s/%lld%s", e->name, (long long)id,
                                  strcmp(e->name, "Actions") == 0 ? "?ticket_id=1" : "");
            if (status != 200)
                harness_fail(__FILE__, __LINE__, "GET /api/%s/%lld: %d", e->name, (long long)id,
                             status);
            json_decref(one);
        }
        json_t *none = st_getf(&t, &status, "/api/%s/987654", e->name);
        if (status != 404 || strcmp(st_message(none), "") == 0)
            harness_fail(__FILE__, __LINE__, "GET /api/%s/987654: %d %s", e->name, status,
                         harness_json(none));
        json_decref(none);
        json_decref(j);
    }
    st_stop(&t);
}

static void test_projects(void)
{
    struct st t;
    int status;
    st_start(&t, NULL);
    json_t *p = st_get(&t, "/api/Projects?tickettype_id=30", &status);
    json_t *rows = st_rows(p, "tickets");
    CHECK_INT(status, 200);
    CHECK_INT(json_array_size(rows), 3);
    json_int_t pid = sim__int(json_array_get(rows, 0), "id", 0);
    /* Tasks are children (parent_id) and /api/Projects lists them too. */
    json_t *all = st_get(&t, "/api/Projects", &status);
    CHECK(json_integer_value(json_object_get(all, "record_count")) > 3);
    CHECK(all_rows(st_rows(all, "tickets"), "tickettype_id", 30) == false);
    /* A plain ticket is not a project. */
    json_t *one = st_get(&t, "/api/Projects/2", &status);
    json_t *two = st_get(&t, "/api/Tickets/2", &status);
    CHECK(sim__int(two, "tickettype_id", 0) != 30);
    json_decref(one);
    one = st_getf(&t, &status, "/api/Projects/2");
    CHECK_INT(status, sim__int(two, "parent_id", 0) > 0 ? 200 : 404);
    json_decref(one);
    json_decref(two);
    /* A new project takes the project type; a task names its parent. */
    json_t *np = st_send(&t, "POST", "/api/Projects",
                         "[{\"summary\":\"Server room move\",\"client_id\":2}]", &status);
    CHECK_INT(status, 200);
    CHECK_INT(sim__int(np, "tickettype_id", 0), 30);
    char body[256];
    snprintf(body, sizeof body,
             "[{\"summary\":\"Label patch panel\",\"client_id\":2,\"tickettype_id\":24,"
             "\"parent_id\":%lld}]",
             (long long)sim__int(np, "id", 0));
    json_t *task = st_send(&t, "POST", "/api/Tickets", body, &status);
    CHECK_INT(status, 200);
    json_t *tasks = st_getf(&t, &status, "/api/Projects?parent_id=%lld",
                            (long long)sim__int(np, "id", 0));
    CHECK_INT(json_array_size(st_rows(tasks, "tickets")), 1);
    json_t *det = st_getf(&t, &status, "/api/Projects/%lld", (long long)sim__int(np, "id", 0));
    CHECK_INT(json_array_size(json_object_get(det, "child_ticket_ids")), 1);
    json_decref(det);
    json_t *bad = st_send(&t, "POST", "/api/Tickets",
                          "[{\"summary\":\"x\",\"client_id\":2,\"parent_id\":999999}]", &status);
    CHECK_INT(status, 400);
    CHECK_CONTAINS(st_message(bad), "Ticket 999999 does not exist");
    json_decref(bad);
    (void)pid;
    json_decref(task);
    json_decref(tasks);
    json_decref(np);
    json_decref(all);
    json_decref(p);
    st_stop(&t);
}

static void test_opportunities(void)
{
    struct st t;
    int status;
    st_start(&t, NULL);
    json_t *o = st_get(&t, "/api/Opportunities", &status);
    json_t *rows = st_rows(o, "tickets");
    CHECK_INT(json_array_size(rows), 4);
    CHECK(all_rows(rows, "tickettype_id", 31));
    /* The same rows through /api/Tickets?domain=opps, none with reqs. */
    json_t *d = st_get(&t, "/api/Tickets?domain=opps", &status);
    CHECK_INT(json_integer_value(json_object_get(d, "record_count")), 4);
    json_t *reqs = st_get(&t, "/api/Tickets?domain=reqs&count=1000", &status);
    CHECK(!has_row(st_rows(reqs, "tickets"), "tickettype_id", 31));
    CHECK(!has_row(st_rows(reqs, "tickets"), "tickettype_id", 30));
    json_t *g = st_getf(&t, &status, "/api/Opportunities/%lld",
                        (long long)sim__int(json_array_get(rows, 0), "id", 0));
    CHECK(json_real_value(json_object_get(g, "oppvalue")) > 0);
    CHECK(json_string_length(json_object_get(g, "oppcontactname")) > 0);
    json_t *n = st_send(&t, "POST", "/api/Opportunities",
                        "[{\"summary\":\"Phones\",\"client_id\":1,\"oppvalue\":1200}]", &status);
    CHECK_INT(status, 200);
    CHECK_INT(sim__int(n, "tickettype_id", 0), 31);
    json_decref(n);
    json_decref(g);
    json_decref(reqs);
    json_decref(d);
    json_decref(o);
    st_stop(&t);
}

static void test_lookups(void)
{
    struct st t;
    int status;
    st_start(&t, NULL);
    json_t *p1 = st_get(&t, "/api/Priority?slaid=1", &status);
    CHECK_INT(json_array_size(p1), 5);
    json_t *p2 = st_get(&t, "/api/Priority?slaid=2", &status);
    CHECK_INT(json_array_size(p2), 0);
    json_t *sla = st_get(&t, "/api/SLA", &status);
    CHECK(json_is_array(sla) && json_array_size(sla) == 2);
    CHECK(json_object_get(json_array_get(sla, 0), "priorities") == NULL);
    json_t *slap = st_get(&t, "/api/SLA?showpriorities=true", &status);
    CHECK_INT(json_array_size(json_object_get(json_array_get(slap, 0), "priorities")), 5);
    json_t *c1 = st_get(&t, "/api/Category?type_id=1", &status);
    CHECK_INT(json_array_size(c1), 8);
    CHECK_STR(json_string_value(json_object_get(json_array_get(c1, 0), "value")),
              "Hardware>Laptop");
    /* Server>Storage is for incidents, problems and alerts. */
    json_t *c3 = st_get(&t, "/api/Category?type_id=1&tickettype_id=3", &status);
    CHECK_INT(json_array_size(c3), 7);
    json_t *bad = st_send(&t, "POST", "/api/Category", "[{\"type_id\":1}]", &status);
    CHECK_INT(status, 400);
    CHECK_CONTAINS(st_message(bad), "value is required");
    json_t *ok = st_send(&t, "POST", "/api/Category", "[{\"type_id\":1,\"value\":\"Hardware>Dock\"}]",
                         &status);
    CHECK_INT(status, 200);
    CHECK_STR(json_string_value(json_object_get(ok, "category_name")), "Dock");
    json_decref(ok);
    json_decref(bad);
    json_decref(c3);
    json_decref(c1);
    json_decref(slap);
    json_decref(sla);
    json_decref(p2);
    json_decref(p1);
    st_stop(&t);
}

static void test_appointments(void)
{
    struct st t;
    int status;
    st_start(&t, NULL);
    json_t *all = st_get(&t, "/api/Appointment", &status);
    json_int_t n = json_integer_value(json_object_get(all, "record_count"));
    CHECK_INT(n, 10);
    /* agent_id is not a list parameter (SW): Halo ignores it. */
    json_t *ign = st_get(&t, "/api/Appointment?agent_id=10", &status);
    CHECK_INT(json_integer_value(json_object_get(ign, "record_count")), n);
    json_t *a10 = st_get(&t, "/api/Appointment?agents=10,11", &status);
    json_t *rows = st_rows(a10, "appointments");
    CHECK(json_array_size(rows) >= 2 && json_array_size(rows) < (size_t)n);
    size_t i;
    json_t *r;
    json_array_foreach(rows, i, r) {
        json_int_t ag = sim__int(r, "agent_id", 0);
        CHECK(ag == 10 || ag == 11);
    }
    json_t *tasks = st_get(&t, "/api/Appointment?tasksonly=true", &status);
    CHECK_INT(json_integer_value(json_object_get(tasks, "record_count")), 2);
    json_t *open = st_get(&t, "/api/Appointment?hidecompleted=true", &status);
    CHECK_INT(json_integer_value(json_object_get(open, "record_count")), n - 2);
    json_t *page = st_get(&t, "/api/Appointment?pageinate=true&page_size=3&page_no=2", &status);
    CHECK_INT(json_array_size(st_rows(page, "appointments")), 3);
    CHECK_INT(json_integer_value(json_object_get(page, "page_no")), 2);
    /* A window that overlaps one appointment's end. */
    const char *start = json_string_value(json_object_get(json_array_get(st_rows(all, "appointments"), 0), "start_date"));
    char day[11];
    snprintf(day, sizeof day, "%.10s", start);
    json_t *w = st_getf(&t, &status, "/api/Appointment?start_date=%s&end_date=%s", day, day);
    CHECK(json_integer_value(json_object_get(w, "record_count")) >= 1);
    CHECK(json_integer_value(json_object_get(w, "record_count")) < n);
    json_t *e1 = st_send(&t, "POST", "/api/Appointment",
                         "[{\"start_date\":\"2026-01-05T09:00:00\",\"end_date\":\"2026-01-05T10:00:00\"}]",
                         &status);
    CHECK_INT(status, 400);
    CHECK_CONTAINS(st_message(e1), "Subject is required");
    /* NH's "startdate" is not Halo's field: dropped, then start_date is missing. */
    json_t *e2 = st_send(&t, "POST", "/api/Appointment",
                         "[{\"subject\":\"x\",\"startdate\":\"2026-01-05T09:00:00\","
                         "\"end_date\":\"2026-01-05T10:00:00\"}]",
                         &status);
    CHECK_INT(status, 400);
    CHECK_CONTAINS(st_message(e2), "Start Date is required");
    json_t *e3 = st_send(&t, "POST", "/api/Appointment",
                         "[{\"subject\":\"x\",\"start_date\":\"2026-01-05T11:00:00\","
                         "\"end_date\":\"2026-01-05T10:00:00\"}]",
                         &status);
    CHECK_INT(status, 400);
    CHECK_CONTAINS(st_message(e3), "End Date must be after");
    json_t *e4 = st_send(&t, "POST", "/api/Appointment",
                         "[{\"subject\":\"x\",\"agent_id\":99,\"start_date\":\"2026-01-05T09:00:00\","
                         "\"end_date\":\"2026-01-05T10:00:00\"}]",
                         &status);
    CHECK_INT(status, 400);
    CHECK_CONTAINS(st_message(e4), "Agent 99 does not exist");
    json_t *ok = st_send(&t, "POST", "/api/Appointment",
                         "[{\"subject\":\"Visit\",\"agent_id\":3,\"ticket_id\":5,"
                         "\"start_date\":\"2026-01-05T09:00:00\",\"end_date\":\"2026-01-05T10:30:00\"}]",
                         &status);
    CHECK_INT(status, 200);
    json_int_t id = sim__int(ok, "id", 0);
    CHECK(sim__int(ok, "client_id", -1) > 0); /* from the ticket */
    char body[128];
    snprintf(body, sizeof body, "[{\"id\":%lld,\"complete_status\":1}]", (long long)id);
    json_t *up = st_send(&t, "POST", "/api/Appointment", body, &status);
    CHECK_INT(status, 200);
    CHECK_INT(sim__int(up, "complete_status", 0), 1);
    CHECK_STR(json_string_value(json_object_get(up, "subject")), "Visit");
    char path[96];
    snprintf(path, sizeof path, "/api/Appointment/%lld?ignoreexchangedelete=true", (long long)id);
    json_t *del = st_send(&t, "DELETE", path, NULL, &status);
    CHECK_INT(status, 200);
    json_decref(st_send(&t, "DELETE", path, NULL, &status));
    CHECK_INT(status, 404);
    json_decref(del);
    json_decref(up);
    json_decref(ok);
    json_decref(e4);
    json_decref(e3);
    json_decref(e2);
    json_decref(e1);
    json_decref(w);
    json_decref(page);
    json_decref(open);
    json_decref(tasks);
    json_decref(a10);
    json_decref(ign);
    json_decref(all);
    st_stop(&t);
}

static void test_kb(void)
{
    struct st t;
    int status;
    st_start(&t, NULL);
    json_t *all = st_get(&t, "/api/KBArticle", &status);
    CHECK_INT(json_integer_value(json_object_get(all, "record_count")), 9); /* one is inactive */
    json_t *inc = st_get(&t, "/api/KBArticle?includeinactive=true", &status);
    CHECK_INT(json_integer_value(json_object_get(inc, "record_count")), 10);
    json_t *s = st_get(&t, "/api/KBArticle?search=forticlient", &status);
    CHECK_INT(json_integer_value(json_object_get(s, "record_count")), 1);
    json_t *faq = st_get(&t, "/api/KBArticle?type=1", &status);
    CHECK(all_rows(st_rows(faq, "articles"), "type", 1));
    json_t *g = st_get(&t, "/api/KBArticle/1", &status);
    CHECK_CONTAINS(json_string_value(json_object_get(g, "resolution")), "Credential Manager");
    CHECK_CONTAINS(json_string_value(json_object_get(g, "description_html")), "<p>");
    json_t *bad = st_send(&t, "POST", "/api/KBArticle", "[{\"title\":\"No name\"}]", &status);
    CHECK_INT(status, 400);
    CHECK_CONTAINS(st_message(bad), "Name is required");
    json_t *ok = st_send(&t, "POST", "/api/KBArticle",
                         "[{\"name\":\"Docking stations\",\"description_html\":\"<p>Use <b>USB-C</b></p>\","
                         "\"tag_string\":\"dock\"}]",
                         &status);
    CHECK_INT(status, 200);
    CHECK_STR(json_string_value(json_object_get(ok, "description")), "Use USB-C");
    json_decref(ok);
    json_decref(bad);
    json_decref(g);
    json_decref(faq);
    json_decref(s);
    json_decref(inc);
    json_decref(all);
    st_stop(&t);
}

static void test_contracts(void)
{
    struct st t;
    int status;
    st_start(&t, NULL);
    json_t *all = st_get(&t, "/api/ClientContract", &status);
    json_t *inc = st_get(&t, "/api/ClientContract?includeinactive=true", &status);
    CHECK_INT(json_integer_value(json_object_get(inc, "record_count")),
              json_integer_value(json_object_get(all, "record_count")) + 1);
    CHECK(!has_row(st_rows(all, "contracts"), "expired", 1));
    json_t *c1 = st_get(&t, "/api/ClientContract?client_id=1", &status);
    CHECK_INT(json_integer_value(json_object_get(c1, "record_count")), 2);
    CHECK(all_rows(st_rows(c1, "contracts"), "client_id", 1));
    json_t *plain = st_get(&t, "/api/ClientContract/1", &status);
    CHECK(json_object_get(plain, "periods") == NULL);
    json_t *g = st_get(&t, "/api/ClientContract/1?includeperiods=true", &status);
    json_t *periods = json_object_get(g, "periods");
    CHECK(json_array_size(periods) >= 5);
    json_t *last = json_array_get(periods, json_array_size(periods) - 1);
    CHECK(json_is_true(json_object_get(last, "current")));
    size_t i;
    json_t *p;
    double used = 0;
    json_array_foreach(periods, i, p) {
        CHECK(json_real_value(json_object_get(p, "hours_in_period")) == 20.0);
        used += json_real_value(json_object_get(p, "hours_used"));
    }
    CHECK(used > 0);
    json_t *e1 = st_send(&t, "POST", "/api/ClientContract",
                         "[{\"client_id\":2,\"ref\":\"X\",\"start_date\":\"2026-05-01\","
                         "\"end_date\":\"2026-01-01\"}]",
                         &status);
    CHECK_INT(status, 400);
    CHECK_CONTAINS(st_message(e1), "End Date must be after");
    json_t *e2 = st_send(&t, "POST", "/api/ClientContract", "[{\"ref\":\"X\"}]", &status);
    CHECK_INT(status, 400);
    CHECK_CONTAINS(st_message(e2), "Client is required (client_id)");
    json_t *e3 = st_send(&t, "POST", "/api/ClientContract",
                         "[{\"client_id\":2,\"billingperiod\":2}]", &status);
    CHECK_INT(status, 400);
    json_t *ok = st_send(&t, "POST", "/api/ClientContract",
                         "[{\"client_id\":2,\"ref\":\"NEW-1\",\"numberofunitsfree\":5}]", &status);
    CHECK_INT(status, 200);
    CHECK_STR(json_string_value(json_object_get(ok, "billing_period_string")), "Monthly");
    json_decref(ok);
    json_decref(e3);
    json_decref(e2);
    json_decref(e1);
    json_decref(g);
    json_decref(plain);
    json_decref(c1);
    json_decref(inc);
    json_decref(all);
    st_stop(&t);
}

static void test_sales(void)
{
    struct st t;
    int status;
    st_start(&t, NULL);
    json_t *q = st_get(&t, "/api/Quotation", &status);
    CHECK_INT(json_integer_value(json_object_get(q, "record_count")), 6);
    json_t *open = st_get(&t, "/api/Quotation?open=true", &status);
    json_t *closed = st_get(&t, "/api/Quotation?closed=true", &status);
    CHECK_INT(json_integer_value(json_object_get(open, "record_count")) +
                  json_integer_value(json_object_get(closed, "record_count")),
              6);
    CHECK(all_rows(st_rows(open, "quotes"), "approvalstate", 0));
    CHECK(json_object_get(json_array_get(st_rows(q, "quotes"), 0), "lines") == NULL);
    json_t *ql = st_get(&t, "/api/Quotation?includelines=true&client_id=1", &status);
    CHECK(all_rows(st_rows(ql, "quotes"), "client_id", 1));
    CHECK(json_array_size(json_object_get(json_array_get(st_rows(ql, "quotes"), 0), "lines")) > 0);
    json_t *ap = st_send(&t, "POST", "/api/Quotation/Approval",
                         "[{\"id\":1,\"result\":true,\"approvalname\":\"Ops Director\"}]", &status);
    CHECK_INT(status, 200);
    CHECK_INT(sim__int(ap, "approvalstate", 0), 1);
    json_t *ap404 = st_send(&t, "POST", "/api/Quotation/Approval", "[{\"id\":999,\"result\":true}]",
                            &status);
    CHECK_INT(status, 404);
    json_t *qbad = st_send(&t, "POST", "/api/Quotation", "[{\"title\":\"x\",\"client_id\":77}]",
                           &status);
    CHECK_INT(status, 400);
    CHECK_CONTAINS(st_message(qbad), "Client 77 does not exist");
    json_t *so = st_get(&t, "/api/SalesOrder?open=true", &status);
    CHECK_INT(json_integer_value(json_object_get(so, "record_count")), 2);
    json_t *soc = st_get(&t, "/api/SalesOrder?closed=true", &status);
    CHECK_INT(json_integer_value(json_object_get(soc, "record_count")), 1);
    json_t *items = st_get(&t, "/api/Item?search=unifi", &status);
    CHECK_INT(json_integer_value(json_object_get(items, "record_count")), 2);
    json_t *bysup = st_get(&t, "/api/Item?supplier_id=3", &status);
    CHECK(all_rows(st_rows(bysup, "items"), "supplier_id", 3));
    json_t *ibad = st_send(&t, "POST", "/api/Item", "[{\"baseprice\":3}]", &status);
    CHECK_INT(status, 400);
    json_t *sup = st_get(&t, "/api/Supplier", &status);
    json_t *supi = st_get(&t, "/api/Supplier?includeinactive=true", &status);
    CHECK_INT(json_integer_value(json_object_get(supi, "record_count")),
              json_integer_value(json_object_get(sup, "record_count")) + 1);
    json_t *ri = st_get(&t, "/api/RecurringInvoice?client_id=2&includelines=true", &status);
    json_t *rirows = st_rows(ri, "invoices");
    CHECK_INT(json_array_size(rirows), 1);
    CHECK_INT(json_array_size(json_object_get(json_array_get(rirows, 0), "lines")), 2);
    json_decref(ri);
    json_decref(supi);
    json_decref(sup);
    json_decref(ibad);
    json_decref(bysup);
    json_decref(items);
    json_decref(soc);
    json_decref(so);
    json_decref(qbad);
    json_decref(ap404);
    json_decref(ap);
    json_decref(ql);
    json_decref(closed);
    json_decref(open);
    json_decref(q);
    st_stop(&t);
}

static void test_approvals(void)
{
    struct st t;
    int status;
    st_start(&t, NULL);
    json_t *mine = st_get(&t, "/api/TicketApproval?mine=true", &status);
    CHECK(json_is_array(mine) && json_array_size(mine) >= 3);
    CHECK(all_rows(mine, "agent_id", SIM_API_AGENT_ID));
    CHECK(all_rows(mine, "result", 0));
    json_t *a = json_array_get(mine, 0);
    json_int_t tid = sim__int(a, "ticket_id", 0), seq = sim__int(a, "seq", 0);
    json_int_t id = sim__int(a, "id", 0);
    json_t *byt = st_getf(&t, &status, "/api/TicketApproval?ticket_id=%lld", (long long)tid);
    CHECK(all_rows(byt, "ticket_id", tid));
    char body[256];
    snprintf(body, sizeof body,
             "[{\"ticket_id\":%lld,\"seq\":%lld,\"result\":1,\"approver_note\":\"OK\"}]",
             (long long)tid, (long long)seq);
    json_t *ok = st_send(&t, "POST", "/api/TicketApproval", body, &status);
    CHECK_INT(status, 200);
    CHECK_INT(sim__int(ok, "id", 0), id); /* the same approval, not a new one */
    CHECK_INT(sim__int(ok, "result", 0), 1);
    CHECK(strcmp(json_string_value(json_object_get(ok, "dateapproved")), SIM_DATE_UNSET) != 0);
    json_t *mine2 = st_get(&t, "/api/TicketApproval?mine=true", &status);
    CHECK_INT(json_array_size(mine2), json_array_size(mine) - 1);
    snprintf(body, sizeof body, "[{\"ticket_id\":%lld,\"seq\":%lld,\"result\":5}]", (long long)tid,
             (long long)seq);
    json_t *bad = st_send(&t, "POST", "/api/TicketApproval", body, &status);
    CHECK_INT(status, 400);
    json_t *bad2 = st_send(&t, "POST", "/api/TicketApproval", "[{\"ticket_id\":999999}]", &status);
    CHECK_INT(status, 400);
    char path[96];
    snprintf(path, sizeof path, "/api/TicketApproval/%lld&%lld", (long long)tid, (long long)seq);
    json_t *del = st_send(&t, "DELETE", path, NULL, &status);
    CHECK_INT(status, 200);
    CHECK_INT(sim__int(del, "id", 0), id);
    json_decref(st_send(&t, "DELETE", path, NULL, &status));
    CHECK_INT(status, 404);
    json_decref(del);
    json_decref(bad2);
    json_decref(bad);
    json_decref(mine2);
    json_decref(ok);
    json_decref(byt);
    json_decref(mine);
    st_stop(&t);
}

static void test_search(void)
{
    struct st t;
    int status;
    st_start(&t, NULL);
    json_t *s = st_get(&t, "/api/Search?search=harbour", &status);
    CHECK_INT(status, 200);
    CHECK(has_row(json_object_get(s, "clients"), "id", 1));
    CHECK(json_array_size(json_object_get(s, "users")) > 0);
    json_t *one = st_get(&t, "/api/Search?search=e&count_per_entity=1", &status);
    const char *k;
    json_t *v;
    json_object_foreach(one, k, v) {
        if (json_is_array(v) && json_array_size(v) > 1)
            harness_fail(__FILE__, __LINE__, "%s has %zu hits", k, json_array_size(v));
    }
    json_t *bad = st_get(&t, "/api/Search", &status);
    CHECK_INT(status, 400);
    json_decref(bad);
    json_decref(one);
    json_decref(s);
    st_stop(&t);
}

/* Users and sites, the contacts of every client: filters and writes. */
static void test_users_sites(void)
{
    struct st t;
    int status;
    st_start(&t, NULL);
    json_t *clients = st_get(&t, "/api/Client?includeinactive=true", &status);
    size_t i;
    json_t *c;
    json_array_foreach(st_rows(clients, "clients"), i, c) {
        json_t *u = st_getf(&t, &status, "/api/Users?client_id=%lld&includeinactive=true",
                            (long long)sim__int(c, "id", 0));
        if (json_integer_value(json_object_get(u, "record_count")) < 2)
            harness_fail(__FILE__, __LINE__, "client %lld has too few contacts",
                         (long long)sim__int(c, "id", 0));
        json_decref(u);
    }
    json_t *s = st_send(&t, "POST", "/api/Site",
                        "[{\"name\":\"Annex\",\"client_id\":2,\"delivery_address\":{\"line1\":\"1 Road\"}}]",
                        &status);
    CHECK_INT(status, 200);
    CHECK_STR(json_string_value(json_object_get(json_object_get(s, "delivery_address"), "line1")),
              "1 Road");
    char body[160];
    snprintf(body, sizeof body, "[{\"name\":\"Jo Bloggs\",\"site_id\":%lld,\"emailaddress\":\"jo@x.example\"}]",
             (long long)sim__int(s, "id", 0));
    json_t *u = st_send(&t, "POST", "/api/Users", body, &status);
    CHECK_INT(status, 200);
    CHECK_INT(sim__int(u, "client_id", 0), 2);
    json_t *found = st_get(&t, "/api/Users?search=jo@x.example", &status);
    CHECK_INT(json_integer_value(json_object_get(found, "record_count")), 1);
    json_decref(found);
    json_decref(u);
    json_decref(s);
    json_decref(clients);
    st_stop(&t);
}

static const struct test tests[] = {
    {"every_row", test_every_row},
    {"projects", test_projects},
    {"opportunities", test_opportunities},
    {"lookups", test_lookups},
    {"appointments", test_appointments},
    {"kb", test_kb},
    {"contracts", test_contracts},
    {"sales", test_sales},
    {"approvals", test_approvals},
    {"search", test_search},
    {"users_sites", test_users_sites},
    {NULL, NULL},
};
HARNESS_MAIN("sim_entities", tests)
