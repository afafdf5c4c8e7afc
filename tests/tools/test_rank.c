/* test_rank.c - the ranker behind halopsa_navigate's query (rank.c):
 * its words (stemming, stop words, numbers), and its ranking of realistic
 * MSP requests over a catalogue shaped like the full one (32 domains,
 * written here so the test does not move as domains are added; the real
 * catalogue's ranking is checked end to end in test_nav.c). */
#include "harness.h"

#include "tools/rank_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void test_terms(void)
{
    char *t = tools__rank_terms("Log two HOURS on ticket 1042, please");
    CHECK_STR(t, "log hour ticket #num");
    free(t);
    t = tools__rank_terms("closed closing close statuses status entries entry");
    CHECK_STR(t, "clos clos clos status status entry entry");
    free(t);
    t = tools__rank_terms("halopsa_tickets_add_action");
    CHECK_STR(t, "ticket add action");
    free(t);
    t = tools__rank_terms("the a of");
    CHECK_STR(t, "");
    free(t);
    t = tools__rank_terms(NULL);
    CHECK_STR(t, "");
    free(t);
}

/* A catalogue like the one of 32 domains: name, title, description,
 * domain text, argument names, verbs. */
#define DOC(name, title, desc, domain, args, verbs)                                              \
    {{name, title, args, domain, desc, NULL}, verbs}
static const struct tools__rank_doc docs[] = {
    DOC("halopsa_tickets_list", "List tickets",
        "List tickets as compact rows; only open tickets by default.",
        "tickets Tickets Find, read, create and update tickets",
        "client site user agent team status open_only closed_only search from to", "list"),
    DOC("halopsa_tickets_get", "Get a ticket", "One ticket by id with its details.",
        "tickets Tickets Find, read, create and update tickets", "id include_actions", "get"),
    DOC("halopsa_tickets_create", "Create a ticket",
        "Create a ticket: summary and client are required.",
        "tickets Tickets Find, read, create and update tickets",
        "summary details client site user tickettype priority agent team", "create"),
    DOC("halopsa_tickets_update", "Update a ticket", "Change fields of an existing ticket.",
        "tickets Tickets Find, read, create and update tickets",
        "id summary status priority agent team", "update"),
    DOC("halopsa_tickets_close", "Close a ticket",
        "Close a ticket: sets a closed status and adds the closing note in one call.",
        "tickets Tickets Find, read, create and update tickets", "id note status", "update"),
    DOC("halopsa_tickets_assign", "Assign a ticket",
        "Assign a ticket to an agent or team by name.",
        "tickets Tickets Find, read, create and update tickets", "id agent team", "update"),
    DOC("halopsa_tickets_add_action", "Add a note to a ticket",
        "Add an action (note) to a ticket: private by default, no e-mail, no time logged.",
        "tickets Tickets Find, read, create and update tickets",
        "ticket_id outcome note hiddenfromuser sendemail timetaken new_status", "create"),
    DOC("halopsa_clients_list", "List clients", "List clients (customers).",
        "clients Clients Customers: list, search, read and create clients",
        "search include_inactive", "list"),
    DOC("halopsa_clients_get", "Get a client", "One client by id.",
        "clients Clients Customers: list, search, read and create clients", "id", "get"),
    DOC("halopsa_clients_create", "Create a client", "Create a client.",
        "clients Clients Customers: list, search, read and create clients", "name", "create"),
    DOC("halopsa_users_list", "List users",
        "List the end users (contacts) of a client, by site or search text.",
        "users Users End-user contacts of a client", "client site search include_inactive",
        "list"),
    DOC("halopsa_users_get", "Get a user", "One end user (contact) by id.",
        "users Users End-user contacts of a client", "id", "get"),
    DOC("halopsa_users_create", "Create a user", "Create an end user (contact) at a client.",
        "users Users End-user contacts of a client", "client site name emailaddress phonenumber",
        "create"),
    DOC("halopsa_sites_list", "List sites", "A client's sites.",
        "sites Sites A client's sites", "client search", "list"),
    DOC("halopsa_time_log", "Log time on a ticket",
        "Log time spent on a ticket, in minutes, as a time entry.",
        "time Time Log time on tickets, time entries, an agent's day",
        "ticket_id minutes agent note date", "create"),
    DOC("halopsa_time_list", "List time entries",
        "Time entries by agent and date range.",
        "time Time Log time on tickets, time entries, an agent's day", "agent from to",
        "list"),
    DOC("halopsa_time_timesheet", "An agent's timesheet",
        "One agent's day: the time entries and totals (timesheet).",
        "time Time Log time on tickets, time entries, an agent's day", "agent date", "get"),
    DOC("halopsa_time_delete", "Delete a time entry", "Delete a time entry by id.",
        "time Time Log time on tickets, time entries, an agent's day", "id confirm", "delete"),
    DOC("halopsa_lookups_priorities", "List priorities", "Priorities per SLA.",
        "lookups Lookups priorities, SLAs and categories", "sla", "list"),
    DOC("halopsa_lookups_slas", "List SLAs", "Service level agreements.",
        "lookups Lookups priorities, SLAs and categories", "", "list"),
    DOC("halopsa_lookups_categories", "List categories", "Ticket categories per type.",
        "lookups Lookups priorities, SLAs and categories", "tickettype", "list"),
    DOC("halopsa_reports_sql", "Run a SQL report",
        "Run a read-only SQL SELECT through /api/Report.",
        "reports Reports SQL reports and saved reports", "sql max_rows", "get"),
    DOC("halopsa_reports_list", "List saved reports", "Saved reports.",
        "reports Reports SQL reports and saved reports", "search", "list"),
    DOC("halopsa_contracts_list", "List contracts", "A client's contracts with their periods.",
        "contracts Contracts Client contracts", "client", "list"),
    DOC("halopsa_kb_search", "Search the knowledge base", "Search knowledge-base articles.",
        "kb Knowledge base Articles", "search", "list"),
    DOC("halopsa_kb_create", "Create a KB article", "Create a knowledge-base article.",
        "kb Knowledge base Articles", "name description", "create"),
    DOC("halopsa_attachments_list", "List attachments", "A ticket's attachments.",
        "attachments Attachments Files on tickets", "ticket_id action_id", "list"),
    DOC("halopsa_attachments_upload", "Upload an attachment", "Upload a file from base64.",
        "attachments Attachments Files on tickets", "ticket_id filename data_base64", "create"),
    DOC("halopsa_projects_list", "List projects", "Projects and their tasks.",
        "projects Projects Projects and their tasks", "client", "list"),
    DOC("halopsa_appointments_list", "List appointments",
        "Appointments of agents in a date range.",
        "appointments Appointments Calendar of agents", "agents from to", "list"),
    DOC("halopsa_appointments_create", "Create an appointment", "Book an appointment.",
        "appointments Appointments Calendar of agents", "agent start end subject client",
        "create"),
    DOC("halopsa_quotes_list", "List quotes", "Quotations.", "quotes Quotes", "client", "list"),
    DOC("halopsa_opportunities_list", "List opportunities", "Sales opportunities.",
        "opportunities Opportunities", "client", "list"),
    DOC("halopsa_salesorders_list", "List sales orders", "Sales orders.",
        "salesorders Sales orders", "client", "list"),
    DOC("halopsa_recurringinvoices_list", "List recurring invoices", "Recurring invoices.",
        "recurringinvoices Recurring invoices", "client", "list"),
    DOC("halopsa_invoices_get", "Get an invoice", "One invoice with its lines.",
        "invoices Invoices Invoices and their lines", "id", "get"),
    DOC("halopsa_items_list", "List items", "Products and stock items.", "items Items",
        "search", "list"),
    DOC("halopsa_suppliers_list", "List suppliers", "Suppliers.", "suppliers Suppliers",
        "search", "list"),
    DOC("halopsa_approvals_pending", "My pending approvals", "Approvals waiting for me.",
        "approvals Approvals", "", "list"),
    DOC("halopsa_approvals_approve", "Approve or reject", "Approve or reject an approval.",
        "approvals Approvals", "id decision note confirm", "update"),
    DOC("halopsa_search_global", "Search everything", "HaloPSA's global search across entities.",
        "search Search Global search", "query", "list"),
    DOC("halopsa_assets_list", "List assets", "Devices and configuration items.",
        "assets Assets Devices and configuration items", "client site search assettype",
        "list"),
    DOC("halopsa_agents_list", "List agents", "Technicians (agents).",
        "agents Agents Technicians and their teams", "team search", "list"),
    DOC("halopsa_agents_get", "Get an agent", "One agent by id, or me.",
        "agents Agents Technicians and their teams", "id", "get"),
    DOC("halopsa_statuses_list", "List statuses", "Ticket statuses.",
        "statuses Statuses ticket statuses", "search", "list"),
    DOC("halopsa_statuses_delete", "Delete a status", "Delete a status by id.",
        "statuses Statuses ticket statuses", "id confirm", "delete"),
};
#define NDOCS (sizeof docs / sizeof docs[0])

static long rank(const size_t *hits, size_t n, const char *name)
{
    for (size_t i = 0; i < n; i++) {
        if (strcmp(docs[hits[i]].field[TOOLS__F_NAME], name) == 0)
            return (long)i;
    }
    return 1000;
}

/* Realistic requests and the tools that should answer them: the first
 * named must be among the top 3 (the others, when given, rank below it). */
static void test_msp_requests(void)
{
    static const struct {
        const char *query;
        const char *want;
        const char *below; /* ranks lower than want, or NULL */
    } cases[] = {
        {"log two hours on 1042", "halopsa_time_log", "halopsa_time_list"},
        {"who is the contact at Oakfield", "halopsa_users_list", "halopsa_tickets_list"},
        {"add a private note to ticket 1042", "halopsa_tickets_add_action",
         "halopsa_tickets_create"},
        {"close 1042 with a note that the printer is fixed", "halopsa_tickets_close",
         "halopsa_statuses_delete"},
        {"assign ticket 88 to Sam", "halopsa_tickets_assign", "halopsa_tickets_list"},
        {"new ticket for Meridian: Outlook keeps crashing", "halopsa_tickets_create",
         "halopsa_tickets_list"},
        {"what did I work on yesterday", "halopsa_time_timesheet", NULL},
        {"my timesheet for today", "halopsa_time_timesheet", "halopsa_tickets_list"},
        {"find the knowledge base article about VPN setup", "halopsa_kb_search",
         "halopsa_kb_create"},
        {"write a KB article on resetting MFA", "halopsa_kb_create", "halopsa_kb_search"},
        {"which laptops does Oakfield have", "halopsa_assets_list", NULL},
        {"book a site visit at Oakfield on Friday", "halopsa_appointments_create",
         "halopsa_sites_list"},
        {"run a SQL query counting open tickets per client", "halopsa_reports_sql", NULL},
        {"what approvals are waiting for me", "halopsa_approvals_pending", NULL},
        {"approve the purchase request", "halopsa_approvals_approve", NULL},
        {"upload the screenshot to ticket 1042", "halopsa_attachments_upload",
         "halopsa_attachments_list"},
        {"list open tickets for Oakfield", "halopsa_tickets_list", "halopsa_tickets_create"},
        {"show ticket 1042", "halopsa_tickets_get", "halopsa_tickets_create"},
        {"which contracts does Meridian have", "halopsa_contracts_list", NULL},
        {"add a new contact at Meridian", "halopsa_users_create", "halopsa_users_list"},
        {"priorities for the gold SLA", "halopsa_lookups_priorities", NULL},
        {"who are the technicians in the service desk team", "halopsa_agents_list", NULL},
        {"delete time entry 55", "halopsa_time_delete", "halopsa_statuses_delete"},
        {"sales orders this month", "halopsa_salesorders_list", NULL},
        {"our suppliers", "halopsa_suppliers_list", NULL},
    };
    struct tools__ranker *ix = tools__rank_new(docs, NDOCS);
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        size_t hits[10];
        double scores[10];
        size_t n = tools__rank(ix, cases[i].query, NULL, NULL, hits, scores, 10);
        long r = rank(hits, n, cases[i].want);
        if (r >= 3) {
            char top[400] = "";
            for (size_t k = 0; k < n && k < 5; k++)
                snprintf(top + strlen(top), sizeof top - strlen(top), " %s(%.1f)",
                         docs[hits[k]].field[TOOLS__F_NAME] + 8, scores[k]);
            harness_fail(__FILE__, __LINE__, "'%s': %s at %ld; top:%s", cases[i].query,
                         cases[i].want, r, top);
        }
        if (cases[i].below && rank(hits, n, cases[i].below) <= r)
            harness_fail(__FILE__, __LINE__, "'%s': %s does not rank below %s", cases[i].query,
                         cases[i].below, cases[i].want);
    }
    tools__rank_free(ix);
}

static bool only_time(size_t doc, void *ud)
{
    (void)ud;
    return strncmp(docs[doc].field[TOOLS__F_NAME], "halopsa_time_", 13) == 0;
}

/* Scores fall, at most max come back, keep filters, nonsense finds
 * nothing, and an empty index or query is no error. */
static void test_rank_mechanics(void)
{
    struct tools__ranker *ix = tools__rank_new(docs, NDOCS);
    size_t hits[NDOCS];
    double scores[NDOCS];
    size_t n = tools__rank(ix, "list tickets", NULL, NULL, hits, scores, NDOCS);
    CHECK(n > 3);
    for (size_t i = 1; i < n; i++)
        CHECK(scores[i] <= scores[i - 1]);
    CHECK_STR(docs[hits[0]].field[TOOLS__F_NAME], "halopsa_tickets_list");
    CHECK_INT(tools__rank(ix, "list tickets", NULL, NULL, hits, scores, 2), 2);
    n = tools__rank(ix, "ticket", only_time, NULL, hits, NULL, NDOCS);
    CHECK(n >= 1);
    for (size_t i = 0; i < n; i++)
        CHECK(only_time(hits[i], NULL));
    CHECK_INT(tools__rank(ix, "zzyzx qwertyuiop", NULL, NULL, hits, NULL, NDOCS), 0);
    CHECK_INT(tools__rank(ix, "", NULL, NULL, hits, NULL, NDOCS), 0);
    CHECK_INT(tools__rank(ix, "the of a", NULL, NULL, hits, NULL, NDOCS), 0);
    tools__rank_free(ix);
    ix = tools__rank_new(NULL, 0);
    CHECK_INT(tools__rank(ix, "tickets", NULL, NULL, hits, NULL, NDOCS), 0);
    tools__rank_free(ix);
}

/* A word every tool has counts less than a rare one: adding tools that
 * all say "ticket" does not change which tool "timesheet" finds. */
static void test_rare_words_weigh_more(void)
{
    struct tools__ranker *ix = tools__rank_new(docs, NDOCS);
    size_t hits[5];
    size_t n = tools__rank(ix, "ticket timesheet", NULL, NULL, hits, NULL, 5);
    CHECK(n > 0);
    CHECK_STR(n ? docs[hits[0]].field[TOOLS__F_NAME] : "", "halopsa_time_timesheet");
    tools__rank_free(ix);
}

static const struct test tests[] = {
    {"terms", test_terms},
    {"msp_requests", test_msp_requests},
    {"rank_mechanics", test_rank_mechanics},
    {"rare_words_weigh_more", test_rare_words_weigh_more},
    {NULL, NULL},
};

HARNESS_MAIN("tools_rank", tests)
