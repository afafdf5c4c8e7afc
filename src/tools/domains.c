/* domains.c - the domain table: the one place a domain is registered, in
 * the order halopsa_navigate lists them. A domain whose tools are all
 * generic is a row with its entity inline; a domain with handlers of its
 * own points at the tool table in its file (declared just below).
 * Everything else (navigation, status, counts, the server instructions,
 * docs/tools.md, the catalogue tests) follows from this table. */
#include "tools_int.h"

/* Tool tables of the domains with handlers of their own. */
extern const struct tools_tool tools__ticket_tools[], tools__client_tools[],
    tools__asset_tools[], tools__agent_tools[], tools__invoice_tools[],
    tools__workflow_tools[];
/* The MSP's day (issue 12): domains with handlers of their own. */
extern const struct tools_tool tools__time_tools[], tools__search_tools[];

/* What the configuration entities share: HaloPSA returns them whole, so
 * they are searched and paged here; a GET of one asks for its details. */
#define WHOLE_LIST TOOLS_E_LOCAL_SEARCH
#define SEARCH_NAME                                                                              \
    {"search", TOOLS_A_SEARCH, "Only rows whose name contains this (case-insensitive)"}
#define DETAILS (const char *const[]){"includedetails", NULL}
#define CRUD (TOOLS_V_LIST | TOOLS_V_GET | TOOLS_V_SAVE | TOOLS_V_DELETE)
/* Core-set verbs (flat mode's default list) of a domain read every day. */
#define READS (TOOLS_V_LIST | TOOLS_V_GET)
#define LGCU (TOOLS_V_LIST | TOOLS_V_GET | TOOLS_V_CREATE | TOOLS_V_UPDATE)
#define INACTIVE(what)                                                                           \
    {"include_inactive", TOOLS_A_FLAG, "Also list inactive " what, 0, "includeinactive"}
#define CLIENT_FILTER(what)                                                                      \
    {"client", TOOLS_A_REF, "Only this client's " what ": client", 0, "client_id",              \
     TOOLS_REF_CLIENT}
#define SITE_FILTER(what)                                                                        \
    {"site", TOOLS_A_REF, "Only " what " at this site: site", 0, "site_id", TOOLS_REF_SITE,     \
     .scope = "client"}

/* The lookups a model needs before it writes a ticket. */
static const struct tools_entity priority = {
    .noun = "priority", .nouns = "priorities", .path = "/api/Priority", .flags = WHOLE_LIST,
    .about = "A priority's number is priorityid (its id is a GUID); each belongs to an SLA, and "
             "the same name can exist under several SLAs.",
    .row = (const char *const[]){"priorityid", "name", "slaid", "responsetime", "responseunits",
                                 "fixtime", "fixunits", NULL},
    .filters = (const struct tools_arg[]){
        {"sla", TOOLS_A_REF, "Only this SLA's priorities: SLA", 0, "slaid", TOOLS_REF_SLA},
        SEARCH_NAME,
        {NULL}},
};
static const struct tools_entity sla = {
    .noun = "SLA", .article = "an", .rows = "slas", .path = "/api/SLA", .flags = WHOLE_LIST,
    .about = "Service level agreements; halopsa_lookups_priorities lists each one's priorities.",
    .row = (const char *const[]){"id", "name", "workday_id", NULL},
    .filters = (const struct tools_arg[]){SEARCH_NAME, {NULL}},
};
static const struct tools_entity category = {
    .noun = "category", .nouns = "categories", .path = "/api/Category", .name_field = "value",
    .flags = WHOLE_LIST,
    .about = "A ticket's category_1 holds the value (e.g. Hardware>Laptop), never the id; type 1 "
             "is category_1 (type 2..4: category_2..4).",
    .row = (const char *const[]){"id", "value", "category_name", "type_id", NULL},
    .filters = (const struct tools_arg[]){
        {"type", TOOLS_A_INT, "Which category field: 1 (category_1, the ticket category), 2, 3 "
         "or 4", 0, "type_id", .range = "1..4"},
        {"tickettype", TOOLS_A_REF, "Only categories this ticket type can use: ticket type", 0,
         "tickettype_id", TOOLS_REF_TICKETTYPE},
        {"search", TOOLS_A_SEARCH, "Only rows whose value contains this (case-insensitive)"},
        {NULL}},
};
static const struct tools_entity kb_article = {
    .noun = "article", .nouns = "articles", .path = "/api/KBArticle", .key = "articles",
    .flags = TOOLS_E_PAGED, .get_flags = DETAILS,
    .about = "An article's title is its name (HaloPSA has no title field); description is the "
             "problem or question, resolution the answer.",
    .row = (const char *const[]){"id", "name", "type", "tag_string", "inactive", "view_count",
                                 "date_edited", NULL},
    .untrusted = (const char *const[]){"description", "resolution", NULL},
    .body = (const struct tools_arg[]){
        {"name", TOOLS_A_STRING, "Title (HaloPSA keeps it as name)", TOOLS_NEEDED | TOOLS_NONEMPTY},
        {"description", TOOLS_A_STRING, "The problem or question, plain text"},
        {"resolution", TOOLS_A_STRING, "The answer or fix, plain text"},
        {"tags", TOOLS_A_STRING, "Tags, comma-separated", 0, "tag_string"},
        {"type", TOOLS_A_INT, "Article type as HaloPSA numbers it (0: a standard article)",
         .range = "0.."},
        {"inactive", TOOLS_A_BOOL, "Retired: hidden from searches"},
        {NULL}},
};

/* Tool tables of the day-to-day domains with handlers of their own. */
extern const struct tools_tool tools__report_tools[], tools__attachment_tools[],
    tools__project_tools[], tools__approval_tools[];

const struct tools_domain tools__domain_table[] = {
    {"tickets", "Tickets",
     "Find, read, create, update, assign and close tickets; add notes (actions) to them",
     .tools = tools__ticket_tools, .core = TOOLS_CORE_ALL},
    {"clients", "Clients", "Customers: list, search, read, create and update clients",
     .tools = tools__client_tools, .core = TOOLS_CORE_ALL},
    {"assets", "Assets",
     "Devices and configuration items: list, search, read, create and update assets; their "
     "types",
     .tools = tools__asset_tools, .core = READS},
    {"agents", "Agents",
     "Technicians (agents) and their teams; \"me\" is the API application's agent",
     .tools = tools__agent_tools, .core = READS},
    {"invoices", "Invoices", "Invoices and their lines (read-only)",
     .tools = tools__invoice_tools, .core = READS},
    {"projects", "Projects", "Projects and their tasks: list and read projects, list and add "
     "tasks", .tools = tools__project_tools},
    {
        "appointments", "Appointments",
        "Agents' calendars: list appointments by agent and date, read, create, update, delete",
        .verbs = TOOLS_V_LIST | TOOLS_V_GET | TOOLS_V_CREATE | TOOLS_V_UPDATE | TOOLS_V_DELETE,
        .core = TOOLS_V_LIST | TOOLS_V_GET | TOOLS_V_CREATE,
        .entity = &(const struct tools_entity){
            .noun = "appointment", .path = "/api/Appointment", .key = "appointments",
            .name_field = "subject", .flags = TOOLS_E_PAGED,
            .about = "Times are HaloPSA's, without a zone (it stores UTC). is_task marks a to-do "
                     "rather than a meeting.",
            .row = (const char *const[]){"id", "subject", "start_date", "end_date", "agent_name",
                                         "client_name", "ticket_id", "appointment_type_name",
                                         "is_task", "complete_status", NULL},
            .untrusted = (const char *const[]){"note", NULL},
            .filters = (const struct tools_arg[]){
                {"agents", TOOLS_A_REFS, "Only these agents' appointments: agent", 0, "agents",
                 TOOLS_REF_AGENT},
                {"from", TOOLS_A_DATE_FROM, "Appointments that end on or after this, e.g. "
                 "2026-09-01", 0, "start_date"},
                {"to", TOOLS_A_DATE_TO, "Appointments that start on or before this (a bare date "
                 "includes that day)", 0, "end_date"},
                {"ticket_id", TOOLS_A_INT, "Only those of this ticket", .range = "1.."},
                {"client", TOOLS_A_REF, "Only those of this client: client", 0, "client_id",
                 TOOLS_REF_CLIENT},
                {"kind", TOOLS_A_CHOICE, "Appointments only, tasks only, or any (default)",
                 .values = (const char *const[]){"appointments", "appointmentsonly=true",
                                                 "tasks", "tasksonly=true", "any", NULL, NULL}},
                {"hide_completed", TOOLS_A_FLAG, "Leave out completed ones", 0, "hidecompleted"},
                {"search", TOOLS_A_SEARCH, "Text to look for in the subject and note"},
                {NULL}},
            .body = (const struct tools_arg[]){
                {"subject", TOOLS_A_STRING, "What it is", TOOLS_NEEDED | TOOLS_NONEMPTY},
                {"start", TOOLS_A_DATE_FROM, "Start, e.g. 2026-09-01T14:00 (HaloPSA's time, UTC)",
                 TOOLS_NEEDED, "start_date"},
                {"end", TOOLS_A_DATE_TO, "End, e.g. 2026-09-01T15:00 (a bare date means the end "
                 "of that day)", TOOLS_NEEDED, "end_date"},
                {"agent", TOOLS_A_REF, "Agent whose calendar it is in (default: the API "
                 "application's agent)", 0, "agent_id", TOOLS_REF_AGENT},
                {"ticket_id", TOOLS_A_INT, "Ticket it is about", .range = "1.."},
                {"client", TOOLS_A_REF, "Client", 0, "client_id", TOOLS_REF_CLIENT},
                {"site", TOOLS_A_REF, "Site", 0, "site_id", TOOLS_REF_SITE, .scope = "client"},
                {"user", TOOLS_A_REF, "Contact", 0, "user_id", TOOLS_REF_USER,
                 .scope = "client"},
                {"note", TOOLS_A_STRING, "Note"},
                {"appointment_type_id", TOOLS_A_INT, "Appointment type as HaloPSA numbers it"},
                {"allday", TOOLS_A_BOOL, "All day"},
                {"is_private", TOOLS_A_BOOL, "Private: others see only that the agent is busy"},
                {"is_task", TOOLS_A_BOOL, "A task (to-do) rather than a meeting"},
                {NULL}},
        },
    },
    {"attachments", "Attachments",
     "Files on tickets and actions: list them, read one, upload one",
     .tools = tools__attachment_tools, .core = TOOLS_V_LIST | TOOLS_V_RUN},
    {"approvals", "Approvals",
     "Ticket approvals: my pending ones, a ticket's, approve or reject (with confirmation)",
     .tools = tools__approval_tools, .core = TOOLS_V_LIST},
    {"reports", "Reports",
     "Saved reports (list, read, run) and read-only SQL on the reporting database",
     .tools = tools__report_tools},
    {
        "quotes", "Quotes", "Quotations for clients: list, read and create quotes",
        .verbs = TOOLS_V_LIST | TOOLS_V_GET | TOOLS_V_CREATE,
        .entity = &(const struct tools_entity){
            .noun = "quote", .path = "/api/Quotation", .key = "quotes", .name_field = "title",
            .flags = TOOLS_E_PAGED,
            .about = "A quote's status: 0 open (awaiting approval), 1 approved, 2 rejected.",
            .row = (const char *const[]){"id", "title", "client_name", "date", "expiry_date",
                                         "status", "total", "ticket_id", NULL},
            .filters = (const struct tools_arg[]){
                {"client", TOOLS_A_REF, "Only this client's quotes: client", 0, "client_id",
                 TOOLS_REF_CLIENT},
                {"ticket_id", TOOLS_A_INT, "Only quotes raised from this ticket", .range = "1.."},
                {"state", TOOLS_A_CHOICE, "Open (not yet approved or rejected), closed, or any "
                 "(default)", .values = (const char *const[]){"open", "open=true", "closed",
                                                             "closed=true", "any", NULL, NULL}},
                {"search", TOOLS_A_SEARCH, "Text to look for in the title and note"},
                {NULL}},
            .body = (const struct tools_arg[]){
                {"title", TOOLS_A_STRING, "Quote title", TOOLS_NEEDED | TOOLS_NONEMPTY},
                {"client", TOOLS_A_REF, "Client", TOOLS_NEEDED, "client_id", TOOLS_REF_CLIENT},
                {"site", TOOLS_A_REF, "Site", 0, "site_id", TOOLS_REF_SITE, .scope = "client"},
                {"user", TOOLS_A_REF, "Contact the quote is for", 0, "user_id", TOOLS_REF_USER,
                 .scope = "client"},
                {"ticket_id", TOOLS_A_INT, "Ticket the quote belongs to", .range = "1.."},
                {"expiry_date", TOOLS_A_DATE_TO, "Valid until, e.g. 2026-10-31"},
                {"note", TOOLS_A_STRING, "Note printed on the quote"},
                {"lines", TOOLS_A_LIST, "Quote lines as HaloPSA takes them (QuotationDetail), "
                 "e.g. {\"item_id\": 4, \"name\": \"Laptop\", \"quantity\": 2, \"price\": 949}"},
                {NULL}},
        },
    },
    {
        "opportunities", "Opportunities",
        "Sales opportunities (the CRM pipeline): list, read and create opportunities",
        .verbs = TOOLS_V_LIST | TOOLS_V_GET | TOOLS_V_CREATE,
        .entity = &(const struct tools_entity){
            .noun = "opportunity", .nouns = "opportunities", .path = "/api/Opportunities",
            .key = "tickets", .name_field = "summary", .flags = TOOLS_E_PAGED,
            .about = "Opportunities are tickets of an opportunity type with opp* fields "
                     "(value, probability, target date, contact).",
            .row = (const char *const[]){"id", "summary", "client_name", "oppcompanyname",
                                         "oppvalue", "oppconversionprobability",
                                         "opptargetdate", "status_name", "agent_name", NULL},
            .drop = (const char *const[]){"tickettype", "priority", "sla", "workflow",
                                          "lastaction", NULL},
            .untrusted = (const char *const[]){"details", "details_html", NULL},
            .filters = (const struct tools_arg[]){
                {"client", TOOLS_A_REF, "Only this client's opportunities: client", 0,
                 "client_id", TOOLS_REF_CLIENT},
                {"agent", TOOLS_A_REF, "Only this agent's opportunities: agent", 0, "agent_id",
                 TOOLS_REF_AGENT},
                {"state", TOOLS_A_CHOICE, "Open, closed, or any (default)",
                 .values = (const char *const[]){"open", "open_only=true", "closed",
                                                 "closed_only=true", "any", NULL, NULL}},
                {"search", TOOLS_A_SEARCH, "Text to look for (summary, company, contact)"},
                {NULL}},
            .body = (const struct tools_arg[]){
                {"summary", TOOLS_A_STRING, "What the opportunity is", TOOLS_NEEDED |
                 TOOLS_NONEMPTY},
                {"client", TOOLS_A_REF, "Client (prospect)", TOOLS_NEEDED, "client_id",
                 TOOLS_REF_CLIENT},
                {"details", TOOLS_A_STRING, "Description"},
                {"value", TOOLS_A_NUMBER, "Expected value", 0, "oppvalue", .range = "0.."},
                {"probability", TOOLS_A_NUMBER, "Chance of winning, in percent", 0,
                 "oppconversionprobability", .range = "0..100"},
                {"target_date", TOOLS_A_DATE_TO, "Expected close date", 0, "opptargetdate"},
                {"contact_name", TOOLS_A_STRING, "Contact's name", 0, "oppcontactname"},
                {"contact_email", TOOLS_A_STRING, "Contact's e-mail address", 0,
                 "oppemailaddress"},
                {"company_name", TOOLS_A_STRING, "Company name", 0, "oppcompanyname"},
                {"agent", TOOLS_A_REF, "Agent who owns it", 0, "agent_id", TOOLS_REF_AGENT},
                {NULL}},
        },
    },
    {
        "salesorders", "Sales orders", "Sales orders: list and read orders and their lines",
        .verbs = TOOLS_V_LIST | TOOLS_V_GET,
        .entity = &(const struct tools_entity){
            .noun = "sales order", .path = "/api/SalesOrder", .key = "salesorders",
            .name_field = "title", .flags = TOOLS_E_PAGED,
            .row = (const char *const[]){"id", "title", "client_name", "date", "open_status",
                                         "status", "total", "po_number", "quotation_id", NULL},
            .filters = (const struct tools_arg[]){
                {"client", TOOLS_A_REF, "Only this client's orders: client", 0, "client_id",
                 TOOLS_REF_CLIENT},
                {"ticket_id", TOOLS_A_INT, "Only orders of this ticket", .range = "1.."},
                {"state", TOOLS_A_CHOICE, "Open, closed, or any (default)",
                 .values = (const char *const[]){"open", "open=true", "closed", "closed=true",
                                                 "any", NULL, NULL}},
                {"search", TOOLS_A_SEARCH, "Text to look for (title, PO number, note)"},
                {NULL}},
        },
    },
    {
        "recurringinvoices", "Recurring invoices",
        "Recurring invoices (what a client is billed every period): list and read",
        .verbs = TOOLS_V_LIST | TOOLS_V_GET,
        .entity = &(const struct tools_entity){
            .noun = "recurring invoice", .path = "/api/RecurringInvoice", .key = "invoices",
            .name_field = "reference", .flags = TOOLS_E_PAGED,
            .row = (const char *const[]){"id", "client_name", "reference", "periodname",
                                         "nextcreationdate", "total", "contract_ref", NULL},
            .filters = (const struct tools_arg[]){
                {"client", TOOLS_A_REF, "Only this client's recurring invoices: client", 0,
                 "client_id", TOOLS_REF_CLIENT},
                {"contract_id", TOOLS_A_INT, "Only those of this contract", .range = "1.."},
                {"search", TOOLS_A_SEARCH, "Text to look for (reference, notes)"},
                {NULL}},
        },
    },
    {
        "items", "Items", "The product and service catalogue (items): list, read and create",
        .verbs = TOOLS_V_LIST | TOOLS_V_GET | TOOLS_V_CREATE,
        .entity = &(const struct tools_entity){
            .noun = "item", .path = "/api/Item", .key = "items", .flags = TOOLS_E_PAGED,
            .row = (const char *const[]){"id", "name", "description", "baseprice", "costprice",
                                         "supplier_name", "isrecurringitem", "inactive", NULL},
            .filters = (const struct tools_arg[]){
                {"search", TOOLS_A_SEARCH, "Text to look for (name, description, references)"},
                {"supplier", TOOLS_A_REF, "Only this supplier's items: supplier", 0,
                 "supplier_id", TOOLS_REF_SUPPLIER},
                {"include_inactive", TOOLS_A_FLAG, "Also list inactive items", 0,
                 "includeinactive"},
                {NULL}},
            .body = (const struct tools_arg[]){
                {"name", TOOLS_A_STRING, "Item name", TOOLS_NEEDED | TOOLS_NONEMPTY},
                {"description", TOOLS_A_STRING, "Description"},
                {"baseprice", TOOLS_A_NUMBER, "Selling price", .range = "0.."},
                {"costprice", TOOLS_A_NUMBER, "Cost price", .range = "0.."},
                {"supplier", TOOLS_A_REF, "Supplier", 0, "supplier_id", TOOLS_REF_SUPPLIER},
                {"supplier_part_code", TOOLS_A_STRING, "The supplier's part code"},
                {"internalreference", TOOLS_A_STRING, "Internal reference (SKU)"},
                {"isrecurringitem", TOOLS_A_BOOL, "Billed every period (a subscription)"},
                {NULL}},
        },
    },
    {
        "suppliers", "Suppliers", "Suppliers (vendors): list, read and create",
        .verbs = TOOLS_V_LIST | TOOLS_V_GET | TOOLS_V_CREATE,
        .entity = &(const struct tools_entity){
            .noun = "supplier", .path = "/api/Supplier", .key = "suppliers",
            .flags = TOOLS_E_PAGED,
            .row = (const char *const[]){"id", "name", "contact_name", "email_address",
                                         "phone_number", "inactive", NULL},
            .filters = (const struct tools_arg[]){
                {"search", TOOLS_A_SEARCH, "Text to look for (name, contact, e-mail)"},
                {"include_inactive", TOOLS_A_FLAG, "Also list inactive suppliers", 0,
                 "includeinactive"},
                {NULL}},
            .body = (const struct tools_arg[]){
                {"name", TOOLS_A_STRING, "Supplier name", TOOLS_NEEDED | TOOLS_NONEMPTY},
                {"contact_name", TOOLS_A_STRING, "Main contact"},
                {"email_address", TOOLS_A_STRING, "E-mail address"},
                {"phone_number", TOOLS_A_STRING, "Phone number"},
                {"notes", TOOLS_A_STRING, "Notes"},
                {NULL}},
        },
    },
    {"workflows", "Workflows",
     "Ticket process flows: list, read, create, update and delete workflows and steps",
     .tools = tools__workflow_tools},
    /* ---- the MSP's day (issue 12) ---- */
    {
        "users", "Users", "End users (contacts) of clients: list, search, read, create, update",
        .verbs = LGCU, .core = LGCU,
        .entity = &(const struct tools_entity){
            .noun = "user", .path = "/api/Users", .key = "users", .flags = TOOLS_E_PAGED,
            .get_flags = DETAILS,
            .about = "Users are the end users (contacts) at a client's sites, not agents.",
            .row = (const char *const[]){"id", "name", "emailaddress", "phonenumber",
                                         "site_name", "client_name", "inactive", NULL},
            .filters = (const struct tools_arg[]){
                CLIENT_FILTER("users"),
                SITE_FILTER("users"),
                {"search", TOOLS_A_SEARCH, "Text to look for in the name, e-mail or phone"},
                INACTIVE("users"),
                {NULL}},
            .body = (const struct tools_arg[]){
                {"client", TOOLS_A_REF, "The user's client (a site name is looked up within "
                 "it): client", 0, "client_id", TOOLS_REF_CLIENT},
                {"site", TOOLS_A_REF, "The user's site (HaloPSA files users under a site): site",
                 TOOLS_NEEDED, "site_id", TOOLS_REF_SITE, .scope = "client"},
                {"name", TOOLS_A_STRING, "Full name as shown", TOOLS_NEEDED | TOOLS_NONEMPTY},
                {"firstname", TOOLS_A_STRING, "First name"},
                {"surname", TOOLS_A_STRING, "Surname"},
                {"emailaddress", TOOLS_A_STRING, "E-mail address"},
                {"phonenumber", TOOLS_A_STRING, "Phone number"},
                {"mobilenumber", TOOLS_A_STRING, "Mobile number"},
                {"title", TOOLS_A_STRING, "Job title"},
                {"notes", TOOLS_A_STRING, "Notes"},
                {"isimportantcontact", TOOLS_A_BOOL, "An important contact (VIP)"},
                {"inactive", TOOLS_A_BOOL, "Inactive: no longer a contact"},
                {NULL}},
        },
    },
    {
        "sites", "Sites", "A client's sites (locations): list, read, create, update",
        .verbs = LGCU, .core = READS,
        .entity = &(const struct tools_entity){
            .noun = "site", .path = "/api/Site", .key = "sites", .flags = TOOLS_E_PAGED,
            .get_flags = DETAILS, .always = "{\"issitedetails\": true}",
            .about = "A site's address is delivery_address {line1..line4, postcode}.",
            .row = (const char *const[]){"id", "name", "client_name", "phonenumber", "inactive",
                                         NULL},
            .filters = (const struct tools_arg[]){
                CLIENT_FILTER("sites"),
                {"search", TOOLS_A_SEARCH, "Text to look for in the name"},
                INACTIVE("sites"),
                {NULL}},
            .body = (const struct tools_arg[]){
                {"client", TOOLS_A_REF, "The client the site belongs to: client", TOOLS_NEEDED,
                 "client_id", TOOLS_REF_CLIENT},
                {"name", TOOLS_A_STRING, "Site name", TOOLS_NEEDED | TOOLS_NONEMPTY},
                {"phonenumber", TOOLS_A_STRING, "Phone number"},
                {"delivery_address", TOOLS_A_OBJECT, "Address (HaloPSA's delivery_address)",
                 .items = (const struct tools_arg[]){
                     {"line1", TOOLS_A_STRING, "First line"},
                     {"line2", TOOLS_A_STRING, "Second line"},
                     {"line3", TOOLS_A_STRING, "Town or city"},
                     {"line4", TOOLS_A_STRING, "County or region"},
                     {"postcode", TOOLS_A_STRING, "Postcode"},
                     {NULL}}},
                {"notes", TOOLS_A_STRING, "Notes"},
                {"inactive", TOOLS_A_BOOL, "Inactive: no longer used"},
                {NULL}},
        },
    },
    {"time", "Time", "Log time on a ticket (in minutes), list time entries, an agent's day, "
     "delete an entry", .tools = tools__time_tools, .core = TOOLS_CORE_ALL},
    {
        "lookups", "Lookups",
        "Priorities (per SLA), SLAs and ticket categories: the ids and values tickets take",
        .core = TOOLS_CORE_ALL, .tools = (const struct tools_tool[]){
            {TOOLS_V_LIST, &priority, .name = "halopsa_lookups_priorities"},
            {TOOLS_V_LIST, &sla, .name = "halopsa_lookups_slas"},
            {TOOLS_V_LIST, &category, .name = "halopsa_lookups_categories"},
            {TOOLS_V_NONE}},
    },
    {
        "contracts", "Contracts", "Client contracts with their billing periods: list and read",
        .verbs = READS, .core = READS,
        .entity = &(const struct tools_entity){
            .noun = "contract", .path = "/api/ClientContract", .key = "contracts",
            .name_field = "ref", .flags = TOOLS_E_PAGED,
            .get_flags = (const char *const[]){"includedetails", "includeperiods", NULL},
            .about = "A contract's get lists its billing periods with the hours in each, used "
                     "and remaining.",
            .row = (const char *const[]){"id", "ref", "client_name", "site_name", "start_date",
                                         "end_date", "contract_status", "billing_period_string",
                                         "numberofunitsfree", "expired", NULL},
            .filters = (const struct tools_arg[]){
                CLIENT_FILTER("contracts"),
                SITE_FILTER("contracts"),
                {"search", TOOLS_A_SEARCH, "Text to look for in the contract reference"},
                {"include_inactive", TOOLS_A_FLAG, "Also list contracts that have ended", 0,
                 "includeinactive"},
                {NULL}},
        },
    },
    {
        "kb", "Knowledge base", "Knowledge-base articles: search, read, create, update",
        .core = READS, .tools = (const struct tools_tool[]){
            {TOOLS_V_LIST, &kb_article, .name = "halopsa_kb_search",
             .title = "Search knowledge-base articles",
             .args = (const struct tools_arg[]){
                 {"query", TOOLS_A_SEARCH, "Words to look for in the title, text, resolution and "
                  "tags", 0, "search"},
                 {"type", TOOLS_A_INT, "Only articles of this type", .range = "0.."},
                 {"faqlist", TOOLS_A_INT, "Only articles in this FAQ list (its id)", 0,
                  "faqlists"},
                 {"include_inactive", TOOLS_A_FLAG, "Also list retired articles", 0,
                  "includeinactive"},
                 {NULL}}},
            {TOOLS_V_GET, &kb_article},
            {TOOLS_V_CREATE, &kb_article},
            {TOOLS_V_UPDATE, &kb_article},
            {TOOLS_V_NONE}},
    },
    {"search", "Search", "HaloPSA's global search across tickets, clients, sites, users, assets, "
     "articles and more", .tools = tools__search_tools, .core = TOOLS_CORE_ALL},
    {
        "tickettypes", "Ticket types",
        "ticket types (Incident, Service Request, ...): list, get, create/update, delete",
        .verbs = CRUD, .core = TOOLS_V_LIST,
        .entity = &(const struct tools_entity){
            .noun = "ticket type", .path = "/api/TicketType", .flags = WHOLE_LIST,
            .get_flags = DETAILS,
            .row = (const char *const[]){"id", "name", "default_team", "workflow_id",
                                         "default_priority", NULL},
            .filters = (const struct tools_arg[]){
                {"client_id", TOOLS_A_REF, "Only types this client can use: client",
                 .ref = TOOLS_REF_CLIENT},
                {"showinactive", TOOLS_A_BOOL, "Include inactive ticket types"},
                SEARCH_NAME,
                {NULL}},
            .body = (const struct tools_arg[]){
                {"name", TOOLS_A_STRING, "Ticket type name", TOOLS_NEEDED},
                {"workflow_id", TOOLS_A_INT, "Workflow the type's tickets follow"},
                {"default_team", TOOLS_A_STRING, "Default team name"},
                {"default_priority", TOOLS_A_REF, "Default priority", .ref = TOOLS_REF_PRIORITY},
                {"agentscanselect", TOOLS_A_BOOL, "Agents can pick this type"},
                {NULL}},
        },
    },
    {
        "statuses", "Statuses",
        "ticket statuses (New, In Progress, Closed, ...): list, get, create/update, delete",
        .verbs = CRUD, .core = TOOLS_V_LIST,
        .entity = &(const struct tools_entity){
            .noun = "status", .nouns = "statuses", .path = "/api/Status", .flags = WHOLE_LIST,
            .get_flags = DETAILS,
            .row = (const char *const[]){"id", "name", "shortname", "type", "sequence", NULL},
            .filters = (const struct tools_arg[]){
                {"tickettype_id", TOOLS_A_REF, "Only statuses of this ticket type: ticket type",
                 .ref = TOOLS_REF_TICKETTYPE},
                {"excludeclosed", TOOLS_A_BOOL, "Leave out closed statuses"},
                SEARCH_NAME,
                {NULL}},
            .body = (const struct tools_arg[]){
                {"name", TOOLS_A_STRING, "Status name", TOOLS_NEEDED},
                {"shortname", TOOLS_A_STRING, "Short name"},
                {"type", TOOLS_A_INT, "Status type as HaloPSA numbers it"},
                {"sequence", TOOLS_A_INT, "Position in lists"},
                {"colour", TOOLS_A_STRING, "Colour, e.g. #ff9800"},
                {NULL}},
        },
    },
    {
        "outcomes", "Outcomes",
        "action types (outcomes) agents pick when adding an action: list, get, create/update, "
        "delete",
        .verbs = CRUD, .core = TOOLS_V_LIST,
        .entity = &(const struct tools_entity){
            .noun = "outcome", .path = "/api/Outcome", .name_field = "outcome",
            .flags = WHOLE_LIST, .get_flags = DETAILS,
            .about = "Outcomes are the action types (Private Note, Email User, Resolve, ...) "
                     "used when adding an action to a ticket, not ticket resolutions.",
            .row = (const char *const[]){"id", "outcome", "buttonname", "hidden", "sendemail",
                                         NULL},
            .filters = (const struct tools_arg[]){
                {"tickettype_id", TOOLS_A_REF, "Only outcomes of this ticket type: ticket type",
                 .ref = TOOLS_REF_TICKETTYPE},
                {"showhidden", TOOLS_A_BOOL, "Include hidden (system) outcomes"},
                SEARCH_NAME,
                {NULL}},
            .body = (const struct tools_arg[]){
                {"outcome", TOOLS_A_STRING, "Outcome name", TOOLS_NEEDED},
                {"buttonname", TOOLS_A_STRING, "Button label agents see"},
                {"hidden", TOOLS_A_BOOL, "Hide it from agents"},
                {"sendemail", TOOLS_A_INT, "1: the action e-mails the end user"},
                {"colour", TOOLS_A_STRING, "Colour, e.g. #2196f3"},
                {NULL}},
        },
    },
    {
        "actions", "Actions",
        "actions on a ticket (notes, e-mails, status changes; /api/Actions, need ticket_id): "
        "list, get, create/update, delete",
        .verbs = CRUD, .core = READS,
        .entity = &(const struct tools_entity){
            .noun = "action", .path = "/api/Actions", .key = "actions", .name_field = "outcome",
            .flags = WHOLE_LIST, .get_flags = DETAILS,
            .row = (const char *const[]){"id", "ticket_id", "datetime", "outcome", "who",
                                         "hiddenfromuser", "timetaken", "new_status_name",
                                         "note", NULL},
            .drop = (const char *const[]){"attachments", NULL},
            .parent = &(const struct tools_arg){
                "ticket_id", TOOLS_A_INT,
                "The ticket the action belongs to (HaloPSA requires it)", .range = "1.."},
            .filters = (const struct tools_arg[]){
                {"excludesys", TOOLS_A_BOOL, "Leave out system actions"},
                {"excludeprivate", TOOLS_A_BOOL, "Leave out private notes"},
                {"agentonly", TOOLS_A_BOOL, "Only actions by agents"},
                {"conversationonly", TOOLS_A_BOOL, "Only the conversation with the end user"},
                SEARCH_NAME,
                {NULL}},
            .body = (const struct tools_arg[]){
                {"outcome", TOOLS_A_REF,
                 "Action type (outcome; see halopsa_outcomes_list): outcome", TOOLS_NEEDED,
                 "outcome_id", .ref = TOOLS_REF_OUTCOME},
                {"note", TOOLS_A_STRING, "The note text"},
                {"hiddenfromuser", TOOLS_A_BOOL, "Private: hidden from the end user",
                 .dflt = "true"},
                {"sendemail", TOOLS_A_BOOL, "E-mail the end user (the note is then public)",
                 .dflt = "false", .implies = "hiddenfromuser=false"},
                {"timetaken", TOOLS_A_NUMBER, "Time spent, in hours (0.25 = 15 minutes)",
                 .range = "0..", .dflt = "0"},
                {"new_status", TOOLS_A_REF, "Status to move the ticket to: status",
                 .ref = TOOLS_REF_STATUS},
                {NULL}},
        },
    },
    {
        "customfields", "Custom fields",
        "custom field definitions (/api/FieldInfo): list, get, create/update, delete",
        .verbs = CRUD, .core = TOOLS_V_LIST,
        .entity = &(const struct tools_entity){
            .noun = "custom field", .path = "/api/FieldInfo", .flags = WHOLE_LIST,
            .get_flags = DETAILS,
            .about = "usage numbers the table a field belongs to: 1 tickets, 2 clients, 3 "
                     "sites, 4 users.",
            .row = (const char *const[]){"id", "name", "label", "type", "inputtype", "usage",
                                         NULL},
            .filters = (const struct tools_arg[]){
                {"usage", TOOLS_A_INT,
                 "Only fields of this table: 1 tickets, 2 clients, 3 sites, 4 users", 0,
                 "typeid"},
                SEARCH_NAME,
                {NULL}},
            .body = (const struct tools_arg[]){
                {"name", TOOLS_A_STRING, "Field name, e.g. CFContractRef (HaloPSA's convention: "
                 "CF...)", TOOLS_NEEDED},
                {"label", TOOLS_A_STRING, "Label agents see"},
                {"type", TOOLS_A_INT, "Field type as HaloPSA numbers it (0 text, 2 single "
                 "choice, ...)"},
                {"inputtype", TOOLS_A_INT, "Input type as HaloPSA numbers it"},
                {"usage", TOOLS_A_INT, "Table: 1 tickets, 2 clients, 3 sites, 4 users"},
                {"hint", TOOLS_A_STRING, "Help text"},
                {NULL}},
        },
    },
    {
        "customtables", "Custom tables",
        "custom tables (/api/CustomTable): list, get, create/update, delete",
        .verbs = CRUD,
        .entity = &(const struct tools_entity){
            .noun = "custom table", .path = "/api/CustomTable", .flags = WHOLE_LIST,
            .get_flags = DETAILS,
            .row = (const char *const[]){"id", "name", "db_name", "linkto_table_id", NULL},
            .filters = (const struct tools_arg[]){
                {"customonly", TOOLS_A_BOOL, "Only custom (not system) tables"},
                SEARCH_NAME,
                {NULL}},
            .body = (const struct tools_arg[]){
                {"name", TOOLS_A_STRING, "Table name", TOOLS_NEEDED},
                {"db_name", TOOLS_A_STRING, "Database name, e.g. CTSoftwareLicences"},
                {"linkto_table_id", TOOLS_A_INT, "Table it links to"},
                {NULL}},
        },
    },
    {
        "customtabs", "Custom tabs", "custom tabs (/api/Tabs): list, get, create/update, delete",
        .verbs = CRUD,
        .entity = &(const struct tools_entity){
            .noun = "custom tab", .path = "/api/Tabs", .flags = WHOLE_LIST, .get_flags = DETAILS,
            .row = (const char *const[]){"id", "name", "tableid", "sequence", "url", NULL},
            .filters = (const struct tools_arg[]){SEARCH_NAME, {NULL}},
            .body = (const struct tools_arg[]){
                {"name", TOOLS_A_STRING, "Tab name", TOOLS_NEEDED},
                {"tableid", TOOLS_A_INT, "Table the tab shows on"},
                {"sequence", TOOLS_A_INT, "Position"},
                {"url", TOOLS_A_STRING, "URL for a web tab"},
                {NULL}},
        },
    },
    {
        "custombuttons", "Custom buttons",
        "custom buttons (/api/CustomButton): list, get, create/update, delete",
        .verbs = CRUD,
        .entity = &(const struct tools_entity){
            .noun = "custom button", .path = "/api/CustomButton", .flags = WHOLE_LIST,
            .get_flags = DETAILS,
            .row = (const char *const[]){"id", "name", "label", "usage", "type", "url", NULL},
            .filters = (const struct tools_arg[]){SEARCH_NAME, {NULL}},
            .body = (const struct tools_arg[]){
                {"name", TOOLS_A_STRING, "Button name", TOOLS_NEEDED},
                {"label", TOOLS_A_STRING, "Label agents see"},
                {"usage", TOOLS_A_INT, "Where it shows, as HaloPSA numbers it"},
                {"type", TOOLS_A_INT, "Button type as HaloPSA numbers it"},
                {"url", TOOLS_A_STRING, "URL it opens"},
                {NULL}},
        },
    },
};

const size_t tools__domain_count = sizeof tools__domain_table / sizeof tools__domain_table[0];
