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

/* What the configuration entities share: HaloPSA returns them whole, so
 * they are searched and paged here; a GET of one asks for its details. */
#define WHOLE_LIST TOOLS_E_LOCAL_SEARCH
#define SEARCH_NAME                                                                              \
    {"search", TOOLS_A_SEARCH, "Only rows whose name contains this (case-insensitive)"}
#define DETAILS (const char *const[]){"includedetails", NULL}
#define CRUD (TOOLS_V_LIST | TOOLS_V_GET | TOOLS_V_SAVE | TOOLS_V_DELETE)

const struct tools_domain tools__domain_table[] = {
    {"tickets", "Tickets", "Find, read, create and update tickets; add notes (actions) to them",
     .tools = tools__ticket_tools},
    {"clients", "Clients", "Customers: list, search, read and create clients",
     .tools = tools__client_tools},
    {"assets", "Assets",
     "Devices and configuration items: list, search, read assets and their types",
     .tools = tools__asset_tools},
    {"agents", "Agents", "Technicians (agents) and their teams", .tools = tools__agent_tools},
    {"invoices", "Invoices", "Invoices and their lines (read-only)",
     .tools = tools__invoice_tools},
    {"workflows", "Workflows",
     "Ticket process flows: list, read, create, update and delete workflows and steps",
     .tools = tools__workflow_tools},
    {
        "tickettypes", "Ticket types",
        "ticket types (Incident, Service Request, ...): list, get, create/update, delete",
        .verbs = CRUD,
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
        .verbs = CRUD,
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
        .verbs = CRUD,
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
        .verbs = CRUD,
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
        .verbs = CRUD,
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
