/* entities.c - the simulator's entity table: one row per HaloPSA endpoint
 * saying its path, store table, list envelope (a key, or a bare array),
 * paging, filters, search fields, field set, references, required fields,
 * defaults and the hooks for what no table can say. Facts and sources:
 * docs/halopsa-api.md; choices: docs/simulator.md. */
#include "domains.h"

#include <string.h>
#include <strings.h>

#define PAGED (SIM_PAGED | SIM_COUNTED)
#define NAME {"name", NULL}

const struct sim_entity sim__entities[] = {
    /* ---- tickets and their parts ---- */
    {.name = "Tickets", .table = "Tickets", .key = "tickets", .flags = PAGED | SIM_SEARCH_ID,
     .fields = sim__ticket_fields, .filters = sim__ticket_filters, .dates = &sim__ticket_dates,
     .search = {"summary", "details", NULL}, .refs = sim__ticket_refs,
     .required = sim__ticket_required, .complete = sim__ticket_complete,
     .finish = sim__ticket_finish, .removed = sim__ticket_removed},
    {.name = "Projects", .table = "Tickets", .key = "tickets", .flags = PAGED | SIM_SEARCH_ID,
     .fields = sim__ticket_fields, .filters = sim__ticket_filters, .dates = &sim__ticket_dates,
     .search = {"summary", "details", NULL}, .scope = sim__in_projects, .refs = sim__ticket_refs,
     .required = sim__ticket_required, .complete = sim__project_complete,
     .finish = sim__ticket_finish, .removed = sim__ticket_removed},
    {.name = "Opportunities", .table = "Tickets", .key = "tickets", .flags = PAGED | SIM_SEARCH_ID,
     .fields = sim__ticket_fields, .filters = sim__ticket_filters, .dates = &sim__ticket_dates,
     .search = {"summary", "details", "oppcompanyname", "oppcontactname", NULL},
     .scope = sim__is_opportunity, .refs = sim__ticket_refs, .required = sim__ticket_required,
     .complete = sim__opportunity_complete, .finish = sim__ticket_finish,
     .removed = sim__ticket_removed},
    {.name = "Actions", .table = "Actions", .key = "actions", .flags = SIM_COUNTED,
     .fields = sim__action_fields, .filters = sim__action_filters, .dates = &sim__action_dates,
     .search = {"note", "outcome", NULL}, .parent = "ticket_id", .refs = sim__action_refs,
     .complete = sim__action_complete, .saved = sim__action_saved,
     .removed = sim__action_removed, .route = sim__actions_route},
    {.name = "Attachment", .table = "Attachment", .key = "attachments",
     .fields = sim__attachment_fields, .filters = sim__attachment_filters,
     .search = {"filename", "note", NULL}, .parent = "ticket_id", .refs = sim__attachment_refs,
     .required = sim__attachment_required,
     .defaults = "{\"datecreated\":\"$now\",\"agent_id\":2,\"showforusers\":true,\"type\":0}",
     .identify = sim__attachment_identify, .complete = sim__attachment_complete,
     .saved = sim__attachment_saved, .removed = sim__attachment_removed,
     .route = sim__attachment_route},
    {.name = "TicketApproval", .table = "TicketApproval", .fields = sim__approval_fields,
     .filters = sim__approval_filters, .search = {"note", "approver_note", NULL},
     .refs = sim__approval_refs,
     .defaults = "{\"result\":0,\"datetime\":\"$now\",\"agent_id\":2}",
     .identify = sim__approval_identify, .complete = sim__approval_complete,
     .route = sim__approval_route},

    /* ---- organisation ---- */
    {.name = "Client", .table = "Client", .key = "clients", .flags = PAGED,
     .fields = sim__client_fields, .filters = sim__client_filters, .inactive = "inactive",
     .search = NAME, .required = sim__client_required,
     .defaults = "{\"inactive\":false,\"toplevel_id\":1,\"toplevel_name\":\"Managed Clients\","
                 "\"main_site_id\":-1}",
     .finish = sim__client_finish},
    {.name = "Site", .table = "Site", .key = "sites", .flags = PAGED, .fields = sim__site_fields,
     .filters = sim__site_filters, .inactive = "inactive", .search = NAME,
     .refs = sim__site_refs, .required = sim__site_required, .defaults = "{\"inactive\":false}",
     .finish = sim__site_finish},
    {.name = "Users", .table = "Users", .key = "users", .flags = PAGED, .fields = sim__user_fields,
     .filters = sim__user_filters, .inactive = "inactive",
     .search = {"name", "emailaddress", "phonenumber", "mobilenumber", NULL},
     .refs = sim__user_refs, .required = sim__user_required,
     .defaults = "{\"inactive\":false,\"isimportantcontact\":false,\"linked_agent_id\":-1}",
     .complete = sim__user_complete, .finish = sim__user_finish},
    {.name = "Agent", .table = "Agent", .fields = sim__agent_fields, .filters = sim__agent_filters,
     .inactive = "isdisabled", .inactive_param = "includedisabled",
     .search = {"name", "email", NULL}, .refs = sim__agent_refs,
     .required = sim__agent_required,
     .defaults = "{\"isdisabled\":false,\"is_agent\":true,\"team_id\":-1}",
     .route = sim__agent_route},
    {.name = "Team", .table = "Team", .search = NAME, .required = sim__team_required,
     .finish = sim__team_finish},
    {.name = "Asset", .table = "Asset", .key = "assets", .flags = PAGED,
     .fields = sim__asset_fields, .filters = sim__asset_filters, .inactive = "inactive",
     .search = {"inventory_number", "key_field", "key_field2", "key_field3", NULL},
     .refs = sim__asset_refs,
     .defaults = "{\"inactive\":false,\"status_id\":1,\"inventory_number\":\"\"}"},
    {.name = "AssetType", .table = "AssetType", .search = NAME},

    /* ---- time and the calendar ---- */
    {.name = "TimesheetEvent", .table = "TimesheetEvent", .fields = sim__event_fields,
     .filters = sim__event_filters, .dates = &sim__event_dates,
     .search = {"subject", "note", NULL}, .refs = sim__event_refs,
     .defaults = "{\"agent_id\":2,\"event_type\":0}", .complete = sim__event_complete},
    {.name = "Timesheet", .table = "Timesheet", .flags = SIM_NODELETE,
     .route = sim__timesheet_route},
    {.name = "Appointment", .table = "Appointment", .key = "appointments", .flags = PAGED,
     .fields = sim__appointment_fields, .filters = sim__appointment_filters,
     .dates = &sim__appointment_dates, .search = {"subject", "note", NULL},
     .refs = sim__appointment_refs, .required = sim__appointment_required,
     .defaults = "{\"agent_id\":2,\"allday\":false,\"is_private\":false,\"is_task\":false,"
                 "\"complete_status\":0}",
     .complete = sim__appointment_complete},

    /* ---- knowledge and reporting ---- */
    {.name = "KBArticle", .table = "KBArticle", .key = "articles", .flags = PAGED,
     .fields = sim__kb_fields, .filters = sim__kb_filters, .inactive = "inactive",
     .search = {"name", "description", "resolution", "tag_string", NULL},
     .required = sim__named_required,
     .defaults = "{\"date_created\":\"$now\",\"date_edited\":\"$now\",\"creator_id\":2,"
                 "\"type\":0,\"inactive\":false}",
     .complete = sim__kb_complete},
    {.name = "Report", .table = "Report", .key = "reports", .flags = PAGED,
     .fields = sim__report_fields, .filters = sim__report_filters, .search = NAME,
     .required = sim__report_required, .finish = sim__report_finish,
     .route = sim__report_route},
    {.name = "Search", .flags = SIM_READONLY, .route = sim__search_route},

    /* ---- money ---- */
    {.name = "Invoice", .table = "Invoice", .key = "invoices", .flags = PAGED,
     .fields = sim__invoice_fields, .filters = sim__invoice_filters,
     .dates = &sim__invoice_dates, .search = {"invoicenumber", "reference", "client_name", NULL},
     .refs = sim__billing_refs,
     .defaults = "{\"invoice_date\":\"$now\",\"lines\":[],\"posted\":false}",
     .complete = sim__invoice_complete},
    {.name = "RecurringInvoice", .table = "RecurringInvoice", .key = "invoices", .flags = PAGED,
     .fields = sim__recurring_fields, .filters = sim__recurring_filters,
     .search = {"reference", "notes_1", NULL}, .refs = sim__billing_refs,
     .defaults = "{\"is_recurring_invoice\":true,\"period\":1,\"lines\":[],"
                 "\"nextcreationdate\":\"$now\",\"date_created\":\"$now\"}",
     .complete = sim__invoice_complete},
    {.name = "Quotation", .table = "Quotation", .key = "quotes", .flags = PAGED,
     .fields = sim__quote_fields, .filters = sim__quote_filters, .search = {"title", "note", NULL},
     .refs = sim__billing_refs,
     .defaults = "{\"date\":\"$now\",\"status\":0,\"approvalstate\":0,\"lines\":[],"
                 "\"createdbyagentname\":\"API Integration\"}",
     .complete = sim__quote_complete, .route = sim__quote_route},
    {.name = "SalesOrder", .table = "SalesOrder", .key = "salesorders", .flags = PAGED,
     .fields = sim__order_fields, .filters = sim__order_filters,
     .search = {"title", "po_number", "note", NULL}, .refs = sim__billing_refs,
     .defaults = "{\"date\":\"$now\",\"open_status\":1,\"status\":0,\"lines\":[],"
                 "\"createdbyagentname\":\"API Integration\"}"},
    {.name = "Item", .table = "Item", .key = "items", .flags = PAGED, .fields = sim__item_fields,
     .filters = sim__item_filters, .inactive = "inactive",
     .search = {"name", "description", "internalreference", "supplier_part_code", NULL},
     .refs = sim__item_refs, .required = sim__named_required, .defaults = "{\"inactive\":false}"},
    {.name = "Supplier", .table = "Supplier", .key = "suppliers", .flags = PAGED,
     .fields = sim__supplier_fields, .filters = sim__supplier_filters, .inactive = "inactive",
     .search = {"name", "contact_name", "email_address", NULL}, .required = sim__named_required,
     .defaults = "{\"inactive\":false,\"datecreated\":\"$now\"}"},
    {.name = "ClientContract", .table = "ClientContract", .key = "contracts", .flags = PAGED,
     .fields = sim__contract_fields, .filters = sim__contract_filters,
     .is_inactive = sim__contract_inactive, .search = {"ref", "note", NULL},
     .refs = sim__contract_refs,
     .defaults = "{\"start_date\":\"$now\",\"billingperiod\":1,\"status\":1,"
                 "\"contract_status\":\"Active\"}",
     .complete = sim__contract_complete, .finish = sim__contract_finish},

    /* ---- lookups and configuration: bare arrays, the whole list ---- */
    {.name = "Status", .table = "Status", .search = NAME},
    {.name = "TicketType", .table = "TicketType", .search = NAME},
    {.name = "Outcome", .table = "Outcome", .search = {"outcome", NULL}},
    {.name = "Priority", .table = "Priority", .filters = sim__priority_filters, .search = NAME,
     .refs = sim__priority_refs, .finish = sim__priority_finish},
    {.name = "SLA", .table = "SLA", .search = NAME, .required = sim__named_required,
     .finish = sim__sla_finish},
    {.name = "Category", .table = "Category", .filters = sim__category_filters,
     .search = {"value", "category_name", NULL}, .refs = sim__category_refs,
     .complete = sim__category_complete},
    {.name = "Workflow", .table = "Workflow", .search = NAME, .finish = sim__workflow_finish},
    {.name = "WorkflowStep", .table = "WorkflowStep", .flags = SIM_DERIVED | SIM_READONLY,
     .filters = sim__step_filters, .search = NAME},
    {.name = "FieldInfo", .table = "FieldInfo", .search = NAME},
    {.name = "CustomTable", .table = "CustomTable", .search = NAME},
    {.name = "Tabs", .table = "Tabs", .search = NAME},
    {.name = "CustomButton", .table = "CustomButton", .search = NAME},
    {.name = NULL},
};

const struct sim_entity *sim__entity(const char *name)
{
    for (const struct sim_entity *e = sim__entities; name && e->name; e++)
        if (strcasecmp(name, e->name) == 0)
            return e;
    return NULL;
}
