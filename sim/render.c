/* render.c - records as HaloPSA sends them: stored fields plus the full
 * default field sets (flags, sentinel dates, empty strings, zeros), names
 * looked up from ids at render time, and the embedded objects a get-by-id
 * carries. Field names and order follow Halo's schemas (Faults, Actions,
 * Area, Site, Users, Uname, ...; see docs/simulator-data.md). */
#include "sim_int.h"

#include "base/base.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* One field of an entity's full shape. t: 'i' int, 'r' real, 'b' bool,
 * 's' string, 'd' date (default: the unset sentinel), 'a' empty array,
 * 'n' null, 'x' derived at render time (see derive()). lvl 0: every row;
 * 1: get-by-id; 2: get-by-id with includedetails ("extra objects"). */
struct fdef {
    const char *name;
    char t;
    unsigned char lvl;
    const char *def;
};

/* ---- ticket (Faults) ---- */

static const struct fdef ticket_fields[] = {
    /* List rows: the order of a real list response (see
     * docs/simulator-data.md), plus the looked-up names. */
    {"id", 'i', 0, "0"},
    {"dateoccurred", 'd', 0, NULL},
    {"summary", 's', 0, ""},
    {"details", 'x', 0, NULL},
    {"status_id", 'i', 0, "1"},
    {"status_name", 'x', 0, NULL},
    {"tickettype_id", 'i', 0, "1"},
    {"tickettype_name", 'x', 0, NULL},
    {"sla_id", 'i', 0, "1"},
    {"sla_name", 'x', 0, NULL},
    {"priority_id", 'i', 0, "3"},
    {"client_id", 'i', 0, "-1"},
    {"client_name", 'x', 0, NULL},
    {"site_id", 'i', 0, "-1"},
    {"site_name", 'x', 0, NULL},
    {"user_id", 'i', 0, "-1"},
    {"user_name", 'x', 0, NULL},
    {"team", 'x', 0, NULL},
    {"team_id", 'i', 0, "-1"},
    {"agent_id", 'i', 0, "-1"},
    {"agent_name", 'x', 0, NULL},
    {"category_1", 's', 0, ""},
    {"category_2", 's', 0, ""},
    {"category_3", 's', 0, ""},
    {"category_4", 's', 0, ""},
    {"categoryid_1", 'i', 0, "-1"},
    {"estimate", 'r', 0, "0"},
    {"estimatedays", 'r', 0, "0"},
    {"timetaken", 'x', 0, NULL},
    {"child_count", 'i', 0, "0"},
    {"attachment_count", 'i', 0, "0"},
    {"flagged", 'b', 0, "0"},
    {"read", 'b', 0, "1"},
    {"enduserstatus", 'i', 0, "0"},
    {"onhold", 'x', 0, NULL},
    {"respondbydate", 'x', 0, NULL},
    {"responsedate", 'x', 0, NULL},
    {"slaresponsestate", 'x', 0, NULL},
    {"fixbydate", 'x', 0, NULL},
    {"dateclosed", 'x', 0, NULL},
    {"excludefromsla", 'b', 0, "0"},
    {"slaholdtime", 'r', 0, "0"},
    {"site_timezone", 's', 0, "GMT Standard Time"},
    {"lastactiondate", 'x', 0, NULL},
    {"last_update", 'x', 0, NULL},
    {"organisation_id", 'i', 0, "1"},
    {"department_id", 'i', 0, "1"},
    {"reportedby", 'x', 0, NULL},
    {"user_email", 'x', 0, NULL},
    {"emailtolist", 's', 0, ""},
    {"emailcclist", 's', 0, ""},
    {"matched_kb_id", 'i', 0, "0"},
    {"product_id", 'i', 0, "0"},
    {"release_id", 'i', 0, "0"},
    {"release2_id", 'i', 0, "0"},
    {"release3_id", 'i', 0, "0"},
    {"lastincomingemail", 'x', 0, NULL},
    {"workflow_id", 'x', 0, NULL},
    {"workflow_step", 'i', 0, "1"},
    {"pipeline_stage_id", 'i', 0, "0"},
    {"is_vip", 'x', 0, NULL},
    {"isimportantcontact", 'b', 0, "0"},
    {"inactive", 'b', 0, "0"},
    {"impact", 'i', 0, "3"},
    {"urgency", 'i', 0, "3"},
    {"starttime", 's', 0, ""},
    {"starttimeslot", 's', 0, ""},
    {"targetdate", 'd', 0, NULL},
    {"targettime", 's', 0, ""},
    {"targettimeslot", 'i', 0, "0"},
    {"deadlinedate", 'd', 0, NULL},
    {"oppcompanyname", 's', 0, ""},
    {"oppvalueadjusted", 'r', 0, "0"},
    {"cost", 'r', 0, "0"},
    {"quantity", 'r', 0, "0"},
    {"userdef1", 's', 0, ""},
    {"userdef2", 's', 0, ""},
    {"userdef3", 's', 0, ""},
    {"userdef4", 's', 0, ""},
    {"userdef5", 's', 0, ""},
    {"source", 'i', 0, "0"},
    {"release_important", 'b', 0, "0"},
    {"releasenotegroup_id", 'i', 0, "0"},
    {"supplier_status", 'i', 0, "0"},
    {"appointment_type", 'i', 0, "0"},
    {"section_timezone", 's', 0, "GMT Standard Time"},
    {"projectinternaltask", 'b', 0, "0"},
    {"impactlevel", 'i', 0, "0"},
    {"guid", 'x', 0, NULL},
    {"reviewed", 'b', 0, "0"},
    {"merged_into_id", 'i', 0, "0"},
    {"table", 'i', 0, "1"},
    {"use", 's', 0, "ticket"},
    {"idsummary", 'x', 0, NULL},
    {"ticketage", 'x', 0, NULL},
    {"useful_count", 'i', 0, "0"},
    {"notuseful_count", 'i', 0, "0"},
    {"updateservicestatus", 'b', 0, "0"},
    {"servicestatusnote", 's', 0, ""},
    {"itil_requesttype_id", 'x', 0, NULL},
    {"ticket_tags", 's', 0, ""},
    {"invoiceseperatelyoverride", 'b', 0, "0"},
    {"purchaseordernumber", 's', 0, ""},
    {"customfields", 'a', 0, NULL},
    /* get-by-id only */
    {"responsestartdate", 'x', 1, NULL},
    {"dateassigned", 'x', 1, NULL},
    {"slaactiondate", 'd', 1, NULL},
    {"slapercused", 'x', 1, NULL},
    {"slatimeleft", 'x', 1, NULL},
    {"supplier_name", 's', 1, ""},
    {"parent_id", 'i', 1, "0"},
    {"child_ticket_id_string", 's', 1, ""},
    {"asset_key_field_string", 's', 1, ""},
    {"inventory_number", 's', 1, ""},
    {"hasbeenclosed", 'x', 1, NULL},
    {"unread_child_action_count", 'i', 1, "0"},
    {"child_action_count", 'i', 1, "0"},
    {"startdate", 'd', 1, NULL},
    {"followupdate", 'd', 1, NULL},
    {"projecttimebudget", 'r', 1, "0"},
    {"projectmoneybudget", 'r', 1, "0"},
    {"projecttimeactual", 'r', 1, "0"},
    {"projectmoneyactual", 'r', 1, "0"},
    {"third_party_id", 'i', 1, "0"},
    {"phonenumber", 's', 1, ""},
    {"details_html", 'x', 1, NULL},
    {"takenby", 's', 1, ""},
    {"datecreated", 'x', 1, NULL},
    {"createdfrom_id", 'i', 1, "0"},
    {"closure_note", 's', 1, ""},
    {"closure_time", 'r', 1, "0"},
    {"closure_agent_id", 'i', 1, "0"},
    {"top_level_id", 'i', 1, "1"},
    {"asset_number", 'i', 1, "0"},
    {"asset_site", 'i', 1, "0"},
    {"slatimeelapsed", 'r', 1, "0"},
    {"slastate", 'x', 1, NULL},
    {"slaexcuse", 's', 1, ""},
    {"site_sla_id", 'i', 1, "-1"},
    {"supplier_id", 'i', 1, "-1"},
    {"supplier_reference", 's', 1, ""},
    {"supplier_contract_id", 'i', 1, "-1"},
    {"supplier_priority_id", 'i', 1, "-1"},
    {"supplier_responsestate", 's', 1, ""},
    {"supplier_respondbydate", 'd', 1, NULL},
    {"supplier_fixbydate", 'd', 1, NULL},
    {"changestate", 's', 1, ""},
    {"approvedby", 'i', 1, "0"},
    {"showforusers", 'b', 1, "1"},
    {"satisfactionlevel", 'i', 1, "0"},
    {"satisfactioncomment", 's', 1, ""},
    {"invoicenumber", 's', 1, ""},
    {"nonbillable_time", 'r', 1, "0"},
    {"mileage", 'r', 1, "0"},
    {"planneddate", 'd', 1, NULL},
    {"ccaddress", 's', 1, ""},
    {"agreedcleared", 'b', 1, "0"},
    {"responsetime", 'r', 1, "0"},
    {"alsoinform", 's', 1, ""},
    {"approval_status", 'i', 1, "0"},
    {"justification", 's', 1, ""},
    {"backoutplan", 's', 1, ""},
    {"communicationplan", 's', 1, ""},
    {"testplan", 's', 1, ""},
    {"riskdescription", 's', 1, ""},
    {"risklevel", 'i', 1, "0"},
    {"impactdescription", 's', 1, ""},
    {"service_id", 'i', 1, "-1"},
    {"surveysent", 'b', 1, "0"},
    {"planneddateend", 'd', 1, NULL},
    {"whoresponded", 'i', 1, "0"},
    {"currentfaactionnumber", 'i', 1, "0"},
    {"approval_process_step", 'i', 1, "0"},
    {"approval_process_id", 'i', 1, "0"},
    {"faultcodeopen", 'i', 1, "0"},
    {"faultcode", 'i', 1, "0"},
    {"deliverycontact", 's', 1, ""},
    {"surveyneeded", 'b', 1, "0"},
    {"knownerror", 'b', 1, "0"},
    {"development", 'b', 1, "0"},
    {"causedby", 'i', 1, "0"},
    {"unapprovedchangestatus", 'i', 1, "0"},
    {"changeseq", 'i', 1, "0"},
    {"lastrecurringemailsentdate", 'd', 1, NULL},
    {"template_id", 'i', 1, "0"},
    {"child_template_id", 'i', 1, "0"},
    {"assetstring", 's', 1, ""},
    {"mailboxid", 'i', 1, "0"},
    {"alerttype", 's', 1, ""},
    {"actisbillabledefault", 'b', 1, "1"},
    {"emaildisplayname", 's', 1, ""},
    {"emailpriority", 'i', 1, "0"},
    {"chargerate", 'i', 1, "0"},
    {"timezonename", 's', 1, "GMT Standard Time"},
    {"forwardinboundupdates", 'b', 1, "0"},
    {"firsttimefix", 'i', 1, "0"},
    {"fixbydateadjusted", 'b', 1, "0"},
    {"loggedonbehalfby", 's', 1, ""},
    {"alternativecontactno", 's', 1, ""},
    {"reassigncount", 'i', 1, "0"},
    {"contract_id", 'i', 1, "-1"},
    {"contract_ref", 's', 1, ""},
    {"workflow_name", 'x', 1, NULL},
    {"workflow_stepstarted", 'x', 1, NULL},
    {"lessonslearned", 's', 1, ""},
    {"currency", 'i', 1, "0"},
    {"deleted", 'b', 1, "0"},
    {"matched_rule_id", 'i', 1, "0"},
    {"matched_rule_name", 's', 1, ""},
    {"ignore_kb_match", 'b', 1, "0"},
    {"deadlinenotificationhours", 'i', 1, "0"},
    {"showonroadmap", 'b', 1, "0"},
    {"team_department_id", 'i', 1, "1"},
    {"sendack", 'b', 1, "1"},
    {"oppvalue", 'r', 1, "0"},
    {"oppconversionprobability", 'r', 1, "0"},
    {"priority", 'x', 1, NULL},
    {"tickettype", 'x', 2, NULL},
    {"user", 'x', 2, NULL},
    {"assets", 'a', 1, NULL},
    {"attachments", 'a', 1, NULL},
    {"child_ticket_ids", 'a', 1, NULL},
    {NULL, 0, 0, NULL},
};

/* ---- action (Actions) ---- */

static const struct fdef action_fields[] = {
    {"id", 'i', 0, "0"},
    {"ticket_id", 'i', 0, "0"},
    {"outcome", 'x', 0, NULL},
    {"who", 'x', 0, NULL},
    {"who_type", 'x', 0, NULL},
    {"who_imgpath", 's', 0, ""},
    {"who_agentid", 'i', 0, "0"},
    {"datetime", 'd', 0, NULL},
    {"actiondatecreated", 'x', 0, NULL},
    {"note", 's', 0, ""},
    {"note_html", 'x', 0, NULL},
    {"emailfrom", 's', 0, ""},
    {"emailto", 's', 0, ""},
    {"emailcc", 's', 0, ""},
    {"emailsubject", 's', 0, ""},
    {"emaildirection", 's', 0, ""},
    {"replied_to_ticket_id", 'i', 0, "0"},
    {"replied_to_action_id", 'i', 0, "0"},
    {"created_from_ticket_id", 'i', 0, "0"},
    {"created_from_action_id", 'i', 0, "0"},
    {"action_contract_id", 'i', 0, "-1"},
    {"action_travel_contract_id", 'i', 0, "-1"},
    {"project_id", 'i', 0, "0"},
    {"personal_unread", 'b', 0, "0"},
    {"actionarrivaldate", 'x', 0, NULL},
    {"actioncompletiondate", 'd', 0, NULL},
    {"translations", 'a', 0, NULL},
    {"on_behalf_of_name", 's', 0, ""},
    {"actionby_agent_id", 'x', 0, NULL},
    {"guid", 'x', 0, NULL},
    {"actioncontractid", 'i', 0, "-1"},
    {"actisbillable", 'b', 0, "1"},
    {"actisreadyforprocessing", 'b', 0, "0"},
    {"travelisreadyforprocessing", 'b', 0, "0"},
    {"outcome_id", 'i', 0, "0"},
    {"action_systemid", 'x', 0, NULL},
    {"timetaken", 'r', 0, "0"},
    {"timetakendays", 'r', 0, "0"},
    {"timetakenadjusted", 'r', 0, "0"},
    {"actionchargehours", 'r', 0, "0"},
    {"actionnonchargeamount", 'r', 0, "0"},
    {"actionnonchargehours", 'r', 0, "0"},
    {"actionchargeamount", 'r', 0, "0"},
    {"actionprepayhours", 'r', 0, "0"},
    {"actionprepayamount", 'r', 0, "0"},
    {"actiontravelchargehours", 'r', 0, "0"},
    {"chargerate", 'i', 0, "0"},
    {"travel_chargerate", 'i', 0, "0"},
    {"hiddenfromuser", 'x', 0, NULL},
    {"important", 'b', 0, "0"},
    {"old_status", 'i', 0, "0"},
    {"new_status", 'i', 0, "0"},
    {"new_status_name", 'x', 0, NULL},
    {"colour", 'x', 0, NULL},
    {"attachment_count", 'i', 0, "0"},
    {"unread", 'i', 0, "0"},
    {"actionby_application_id", 's', 0, ""},
    {"actionby_user_id", 'i', 0, "0"},
    {"sendemail", 'b', 1, "0"},
    {"nonbilltime", 'r', 1, "0"},
    {"email_status", 'i', 1, "0"},
    {"agent_id", 'x', 1, NULL},
    {"actionresponsedate", 'd', 1, NULL},
    {"attachments", 'a', 1, NULL},
    {NULL, 0, 0, NULL},
};

/* ---- client (Area) ---- */

static const struct fdef client_fields[] = {
    {"id", 'i', 0, "0"},
    {"name", 's', 0, ""},
    {"toplevel_id", 'i', 0, "1"},
    {"toplevel_name", 's', 0, ""},
    {"inactive", 'b', 0, "0"},
    {"colour", 's', 0, ""},
    {"confirmemail", 'i', 0, "0"},
    {"actionemail", 'i', 0, "0"},
    {"clearemail", 'i', 0, "0"},
    {"messagegroup_id", 'i', 0, "-1"},
    {"mailbox_override", 'i', 0, "0"},
    {"default_mailbox_id", 'i', 0, "0"},
    {"item_tax_code", 'i', 0, "0"},
    {"service_tax_code", 'i', 0, "0"},
    {"prepay_tax_code", 'i', 0, "0"},
    {"contracttax_code", 'i', 0, "0"},
    {"pritech", 'i', 0, "0"},
    {"sectech", 'i', 0, "0"},
    {"accountmanagertech", 'i', 0, "0"},
    {"use", 's', 0, "area"},
    {"key", 'x', 0, NULL},
    {"table", 'i', 0, "1"},
    {"xero_tenant_id", 's', 0, ""},
    {"accountsid", 's', 0, ""},
    {"excludefrominvoicesync", 'b', 0, "0"},
    {"overridepdftemplateinvoice", 'i', 0, "-1"},
    {"client_to_invoice", 'i', 0, "0"},
    {"itglue_id", 's', 0, ""},
    {"sentinel_subscription_id", 's', 0, ""},
    {"sentinel_workspace_name", 's', 0, ""},
    {"sentinel_resource_group_name", 's', 0, ""},
    {"default_currency_code", 'i', 0, "-1"},
    {"client_to_invoice_recurring", 'i', 0, "0"},
    {"qbo_company_id", 's', 0, ""},
    {"dbc_company_id", 's', 0, ""},
    {"stopped", 'i', 0, "0"},
    {"customertype", 'i', 0, "0"},
    {"customer_relationship", 'a', 0, NULL},
    {"customer_relationship_list", 's', 0, ""},
    {"servicenow_validated", 'b', 0, "0"},
    {"jira_validated", 'b', 0, "0"},
    {"ref", 's', 0, ""},
    {"ticket_invoices_for_each_site", 'b', 0, "0"},
    {"is_vip", 'b', 0, "0"},
    {"taxable", 'b', 0, "1"},
    {"percentage_to_surved", 'i', 0, "0"},
    {"overridepdftemplatequote", 'i', 0, "-1"},
    {"is_account", 'b', 0, "0"},
    {"website", 's', 0, ""},
    {"main_site_id", 'i', 0, "-1"},
    {"main_site_name", 'x', 0, NULL},
    {"customfields", 'a', 0, NULL},
    {"notes", 's', 1, ""},
    {"invoiceaddress", 's', 1, ""},
    {"dontinvoice", 'b', 1, "0"},
    {"prepayrecurringcharges", 'b', 1, "0"},
    {"datecreated", 'x', 1, NULL},
    {"sites", 'x', 1, NULL},
    {NULL, 0, 0, NULL},
};

/* ---- site ---- */

static const struct fdef site_fields[] = {
    {"id", 'i', 0, "0"},
    {"name", 's', 0, ""},
    {"client_id", 'x', 0, NULL},
    {"client_name", 'x', 0, NULL},
    {"clientsite_name", 'x', 0, NULL},
    {"inactive", 'b', 0, "0"},
    {"sla_id", 'i', 0, "-1"},
    {"phonenumber", 's', 0, ""},
    {"maincontact_id", 'i', 0, "-1"},
    {"maincontact_name", 's', 0, ""},
    {"timezone", 's', 0, "GMT Standard Time"},
    {"colour", 's', 0, ""},
    {"toplevel_id", 'i', 0, "1"},
    {"isinvoicesite", 'b', 0, "0"},
    {"isstocklocation", 'b', 0, "0"},
    {"use", 's', 0, "site"},
    {"customfields", 'a', 0, NULL},
    {"notes", 's', 1, ""},
    {"delivery_address", 'x', 1, NULL},
    {"invoice_address", 'x', 1, NULL},
    {"email", 's', 1, ""},
    {"emaildomain", 's', 1, ""},
    {"sitenumber", 's', 1, ""},
    {NULL, 0, 0, NULL},
};

/* ---- users (end-user contacts) ---- */

static const struct fdef user_fields[] = {
    {"id", 'i', 0, "0"},
    {"name", 's', 0, ""},
    {"site_id", 'i', 0, "-1"},
    {"site_name", 'x', 0, NULL},
    {"client_name", 'x', 0, NULL},
    {"firstname", 's', 0, ""},
    {"surname", 's', 0, ""},
    {"initials", 'x', 0, NULL},
    {"title", 's', 0, ""},
    {"emailaddress", 's', 0, ""},
    {"phonenumber_preferred", 'x', 0, NULL},
    {"sitephonenumber", 'x', 0, NULL},
    {"phonenumber", 's', 0, ""},
    {"homenumber", 's', 0, ""},
    {"mobilenumber", 's', 0, ""},
    {"mobilenumber2", 's', 0, ""},
    {"fax", 's', 0, ""},
    {"telpref", 'i', 0, "0"},
    {"activedirectory_dn", 's', 0, ""},
    {"container_dn", 's', 0, ""},
    {"login", 's', 0, ""},
    {"inactive", 'b', 0, "0"},
    {"colour", 's', 0, ""},
    {"isimportantcontact", 'b', 0, "0"},
    {"isserviceaccount", 'b', 0, "0"},
    {"other1", 's', 0, ""},
    {"other2", 's', 0, ""},
    {"other3", 's', 0, ""},
    {"other4", 's', 0, ""},
    {"other5", 's', 0, ""},
    {"neversendemails", 'b', 0, "0"},
    {"client_id", 'x', 0, NULL},
    {"linked_agent_id", 'i', 0, "-1"},
    {"use", 's', 0, "user"},
    {"customfields", 'a', 0, NULL},
    {"notes", 's', 1, ""},
    {"jobtitle", 's', 1, ""},
    {"priority_id", 'i', 1, "-1"},
    {"datecreated", 'd', 1, NULL},
    {"approver_id", 'i', 1, "-1"},
    {"attachments", 'a', 1, NULL},
    {NULL, 0, 0, NULL},
};

/* ---- agent (Uname) ---- */

static const struct fdef agent_fields[] = {
    {"id", 'i', 0, "0"},
    {"name", 's', 0, ""},
    {"onlinestatus_actual", 'i', 0, "0"},
    {"is_online", 'b', 0, "0"},
    {"lastonline", 's', 0, ""},
    {"team", 'x', 0, NULL},
    {"team_id", 'i', 0, "-1"},
    {"isdisabled", 'b', 0, "0"},
    {"email", 's', 0, ""},
    {"ad", 's', 0, ""},
    {"lastlogindate", 'd', 0, NULL},
    {"agentphotopath", 's', 0, ""},
    {"initials", 's', 0, ""},
    {"firstname", 's', 0, ""},
    {"surname", 's', 0, ""},
    {"colour", 's', 0, ""},
    {"jobtitle", 's', 0, ""},
    {"sms", 's', 0, ""},
    {"is_agent", 'b', 0, "1"},
    {"teams", 'x', 0, NULL},
    {"departments", 'x', 0, NULL},
    {"linemanager", 'i', 0, "-1"},
    {"licence_type", 'i', 0, "1"},
    {"isapiagent", 'x', 0, NULL},
    {"gotoresolve_authorized", 'b', 0, "0"},
    {"use", 's', 0, "agent"},
    {"namewithinactive", 'x', 0, NULL},
    {"apptsync", 'i', 0, "0"},
    {"enableshifts", 'b', 0, "0"},
    {"can_approve_invoice", 'b', 0, "0"},
    {"workday_id", 'i', 0, "1"},
    {"costprice", 'r', 0, "0"},
    {"chargerate", 'r', 0, "0"},
    {"phonenumber", 's', 1, ""},
    {"mobilenumber", 's', 1, ""},
    {"signature", 's', 1, ""},
    {"roles", 'x', 1, NULL},
    {"customfields", 'a', 1, NULL},
    {"timezone", 's', 1, "GMT Standard Time"},
    {NULL, 0, 0, NULL},
};

/* ---- asset (Device) ---- */

static const struct fdef asset_fields[] = {
    {"id", 'i', 0, "0"},
    {"inventory_number", 's', 0, ""},
    {"key_field", 's', 0, ""},
    {"key_field2", 's', 0, ""},
    {"key_field3", 's', 0, ""},
    {"client_id", 'i', 0, "-1"},
    {"client_name", 'x', 0, NULL},
    {"site_id", 'i', 0, "-1"},
    {"site_name", 'x', 0, NULL},
    {"username", 'x', 0, NULL},
    {"assettype_id", 'i', 0, "-1"},
    {"assettype_name", 'x', 0, NULL},
    {"colour", 's', 0, ""},
    {"icon", 's', 0, ""},
    {"warranty_end", 'd', 0, NULL},
    {"inactive", 'b', 0, "0"},
    {"status_id", 'i', 0, "1"},
    {"is_primary_asset", 'b', 0, "0"},
    {"parent_id", 'i', 0, "0"},
    {"contract_id", 'i', 0, "-1"},
    {"supplier_id", 'i', 0, "-1"},
    {"device_number", 'i', 0, "0"},
    {"itemstock_id", 'i', 0, "0"},
    {"third_party_id", 's', 0, ""},
    {"fields", 'a', 0, NULL},
    {"notes", 's', 1, ""},
    {"user_id", 'i', 1, "-1"},
    {"users", 'x', 1, NULL},
    {"customfields", 'a', 1, NULL},
    {"datecreated", 'd', 1, NULL},
    {"assetgroup_id", 'x', 1, NULL},
    {NULL, 0, 0, NULL},
};

/* ---- invoice (InvoiceHeader) ---- */

static const struct fdef invoice_fields[] = {
    {"id", 'i', 0, "0"},
    {"invoicenumber", 's', 0, ""},
    {"thirdpartyinvoicenumber", 's', 0, ""},
    {"client_id", 'i', 0, "-1"},
    {"client_name", 'x', 0, NULL},
    {"site_id", 'i', 0, "-1"},
    {"site_name", 'x', 0, NULL},
    {"invoice_date", 'd', 0, NULL},
    {"duedate", 'd', 0, NULL},
    {"datepaid", 'd', 0, NULL},
    {"total", 'r', 0, "0"},
    {"amountdue", 'r', 0, "0"},
    {"amountpaid", 'x', 0, NULL},
    {"posted", 'b', 0, "0"},
    {"paymentstatus", 'i', 0, "0"},
    {"reference", 's', 0, ""},
    {"currency", 'i', 0, "1"},
    {"currency_code", 's', 0, "GBP"},
    {"ticket_id", 'i', 0, "-1"},
    {"contract_id", 'i', 0, "-1"},
    {"void", 'b', 0, "0"},
    {"notes_1", 's', 0, ""},
    {"accountsid", 's', 0, ""},
    {"lines", 'x', 0, NULL},
    {"customfields", 'a', 1, NULL},
    {"pdftemplate_id", 'i', 1, "-1"},
    {NULL, 0, 0, NULL},
};

/* ---- derived values ---- */

struct rctx {
    struct sim_db *db;
    const char *entity;
    const json_t *stored;
    bool detail;
    json_t *query;
    int level; /* 0 list row, 1 get, 2 get with includedetails */
};

static json_int_t sint(const json_t *rec, const char *k, json_int_t def)
{
    json_t *v = json_object_get(rec, k);
    if (json_is_integer(v))
        return json_integer_value(v);
    if (json_is_real(v))
        return (json_int_t)json_real_value(v);
    if (json_is_string(v)) {
        char *end;
        long long n = strtoll(json_string_value(v), &end, 10);
        if (end != json_string_value(v))
            return n;
    }
    return def;
}

static const char *sstr(const json_t *rec, const char *k)
{
    return json_string_value(json_object_get(rec, k));
}

/* Borrowed record, or NULL (also when rendering without a db). */
static json_t *lookup(struct sim_db *db, const char *entity, json_int_t id)
{
    if (!db || id <= 0)
        return NULL;
    return sim__db_get(db, entity, id);
}

static json_t *name_of(struct sim_db *db, const char *entity, json_int_t id, const char *field)
{
    json_t *r = lookup(db, entity, id);
    const char *s = r ? sstr(r, field) : NULL;
    return json_string(s ? s : "");
}

static json_t *date_or_unset(const json_t *rec, const char *k)
{
    const char *s = sstr(rec, k);
    return json_string(s ? s : SIM_DATE_UNSET);
}

static json_t *date_add(const char *base, double hours)
{
    int64_t ms;
    char buf[32];
    if (!base || sim__parse_date(base, &ms) != 0)
        return json_string(SIM_DATE_UNSET);
    return json_string(sim__format_date(buf, ms + (int64_t)(hours * 3600000.0)));
}

static bool ticket_closed(const json_t *t)
{
    json_int_t s = sint(t, "status_id", 1);
    return s == 8 || s == 9;
}

/* Hours until a response / fix is due for the ticket's priority. */
static double priority_hours(struct sim_db *db, const json_t *t, bool fix)
{
    json_t *p = lookup(db, "Priority", sint(t, "priority_id", 3));
    double v = p ? json_number_value(json_object_get(p, fix ? "fixtime" : "responsetime"))
                 : (fix ? 16.0 : 4.0);
    const char *units = p ? sstr(p, fix ? "fixunits" : "responseunits") : "H";
    if (units && strcmp(units, "D") == 0)
        v *= 24.0;
    return v;
}

static char *html_escape(const char *s)
{
    struct buf b = {0};
    buf_appends(&b, "<p>");
    for (; *s; s++) {
        switch (*s) {
        case '<': buf_appends(&b, "&lt;"); break;
        case '>': buf_appends(&b, "&gt;"); break;
        case '&': buf_appends(&b, "&amp;"); break;
        case '"': buf_appends(&b, "&quot;"); break;
        case '\n': buf_appends(&b, "<br>"); break;
        default: buf_append(&b, s, 1);
        }
    }
    buf_appends(&b, "</p>");
    return buf_steal(&b);
}

static json_t *html_of(const char *text)
{
    char *h = html_escape(text ? text : "");
    json_t *v = json_string(h);
    free(h);
    return v;
}

static json_t *render_embedded(struct sim_db *db, const char *entity, json_int_t id)
{
    json_t *r = lookup(db, entity, id);
    return r ? sim__render(db, entity, r, false, NULL) : NULL;
}

static bool qflag(json_t *query, const char *k)
{
    json_t *v = json_object_get(query, k);
    if (json_is_array(v))
        v = json_array_get(v, 0);
    if (json_is_true(v))
        return true;
    const char *s = json_string_value(v);
    return s && (strcasecmp(s, "true") == 0 || strcmp(s, "1") == 0);
}

static json_t *derive_ticket(const struct rctx *c, const char *k)
{
    const json_t *t = c->stored;
    struct sim_db *db = c->db;
    if (strcmp(k, "details") == 0) {
        const char *s = sstr(t, "summary");
        return json_string(s ? s : "");
    }
    if (strcmp(k, "details_html") == 0) {
        const char *d = sstr(t, "details");
        return html_of(d ? d : sstr(t, "summary"));
    }
    if (strcmp(k, "status_name") == 0)
        return name_of(db, "Status", sint(t, "status_id", 1), "name");
    if (strcmp(k, "tickettype_name") == 0)
        return name_of(db, "TicketType", sint(t, "tickettype_id", 1), "name");
    if (strcmp(k, "sla_name") == 0)
        return json_string(sint(t, "sla_id", 1) == 1 ? "Standard SLA" : "");
    if (strcmp(k, "client_name") == 0)
        return name_of(db, "Client", sint(t, "client_id", -1), "name");
    if (strcmp(k, "site_name") == 0)
        return name_of(db, "Site", sint(t, "site_id", -1), "name");
    if (strcmp(k, "user_name") == 0 || strcmp(k, "reportedby") == 0)
        return name_of(db, "Users", sint(t, "user_id", -1), "name");
    if (strcmp(k, "user_email") == 0)
        return name_of(db, "Users", sint(t, "user_id", -1), "emailaddress");
    if (strcmp(k, "team") == 0)
        return name_of(db, "Team", sint(t, "team_id", -1), "name");
    if (strcmp(k, "agent_name") == 0) {
        json_int_t a = sint(t, "agent_id", -1);
        return a > 0 ? name_of(db, "Agent", a, "name") : json_string("Unassigned");
    }
    if (strcmp(k, "timetaken") == 0)
        return json_real(0.0);
    if (strcmp(k, "onhold") == 0) {
        json_int_t s = sint(t, "status_id", 1);
        return json_boolean(s == 4 || s == 5);
    }
    if (strcmp(k, "guid") == 0) {
        char g[40];
        snprintf(g, sizeof g, "a3f0c2d1-7b4e-4c55-9d0e-%012llx", (unsigned long long)sint(t, "id", 0));
        return json_string(g);
    }
    if (strcmp(k, "idsummary") == 0) {
        const char *sum = sstr(t, "summary");
        char *x = xasprintf("%lld - %s", (long long)sint(t, "id", 0), sum ? sum : "");
        json_t *v = json_string(x);
        free(x);
        return v;
    }
    if (strcmp(k, "ticketage") == 0) {
        /* Hours since the ticket was logged (until it closed). */
        const char *occ = sstr(t, "dateoccurred");
        const char *end = ticket_closed(t) ? sstr(t, "dateclosed") : NULL;
        int64_t o, e = base_wall_ms();
        if (ticket_closed(t) && !end)
            end = sstr(t, "lastactiondate");
        if (!occ || sim__parse_date(occ, &o) != 0)
            return json_real(0.0);
        if (end)
            sim__parse_date(end, &e);
        return json_real((double)(int64_t)((double)(e - o) / 36000.0) / 100.0);
    }
    if (strcmp(k, "itil_requesttype_id") == 0) {
        json_t *tt = lookup(db, "TicketType", sint(t, "tickettype_id", 1));
        return json_integer(tt ? sint(tt, "itilrequesttype", 0) : 0);
    }
    if (strcmp(k, "respondbydate") == 0)
        return date_add(sstr(t, "dateoccurred"), priority_hours(db, t, false));
    if (strcmp(k, "fixbydate") == 0)
        return date_add(sstr(t, "dateoccurred"), priority_hours(db, t, true));
    if (strcmp(k, "responsedate") == 0 || strcmp(k, "responsestartdate") == 0 ||
        strcmp(k, "dateassigned") == 0) {
        if (sint(t, "status_id", 1) == 1)
            return json_string(SIM_DATE_UNSET);
        return date_add(sstr(t, "dateoccurred"), priority_hours(db, t, false) / 3.0);
    }
    if (strcmp(k, "slaresponsestate") == 0) {
        /* "O" once a still-new ticket is past its respond-by time. */
        const char *occ = sstr(t, "dateoccurred");
        int64_t o;
        if (sint(t, "status_id", 1) == 1 && occ && sim__parse_date(occ, &o) == 0 &&
            base_wall_ms() - o > (int64_t)(priority_hours(db, t, false) * 3600000.0))
            return json_string("O");
        return json_string("I");
    }
    if (strcmp(k, "slastate") == 0) {
        const char *occ = sstr(t, "dateoccurred");
        int64_t o, now = base_wall_ms();
        if (!ticket_closed(t) && occ && sim__parse_date(occ, &o) == 0 &&
            now - o > (int64_t)(priority_hours(db, t, true) * 3600000.0))
            return json_string("O");
        return json_string("I");
    }
    if (strcmp(k, "slapercused") == 0 || strcmp(k, "slatimeleft") == 0) {
        const char *occ = sstr(t, "dateoccurred");
        int64_t o;
        double fix = priority_hours(db, t, true);
        double used = 0;
        if (!ticket_closed(t) && occ && sim__parse_date(occ, &o) == 0)
            used = (double)(base_wall_ms() - o) / 3600000.0;
        if (k[3] == 'p')
            return json_real(fix > 0 ? (double)(int64_t)(used / fix * 10000.0) / 100.0 : 0.0);
        return json_real(ticket_closed(t) ? 0.0 : (double)(int64_t)((fix - used) * 100.0) / 100.0);
    }
    if (strcmp(k, "dateclosed") == 0) {
        if (ticket_closed(t))
            return json_string(sstr(t, "dateclosed")      ? sstr(t, "dateclosed")
                               : sstr(t, "lastactiondate") ? sstr(t, "lastactiondate")
                                                           : SIM_DATE_UNSET);
        return json_string(SIM_DATE_UNSET);
    }
    if (strcmp(k, "hasbeenclosed") == 0)
        return json_boolean(ticket_closed(t));
    if (strcmp(k, "lastactiondate") == 0 || strcmp(k, "lastincomingemail") == 0) {
        const char *s = sstr(t, "lastactiondate");
        return json_string(s ? s : (sstr(t, "dateoccurred") ? sstr(t, "dateoccurred") : SIM_DATE_UNSET));
    }
    if (strcmp(k, "last_update") == 0) {
        const char *s = sstr(t, "lastactiondate");
        return json_string(s ? s : (sstr(t, "dateoccurred") ? sstr(t, "dateoccurred") : SIM_DATE_UNSET));
    }
    if (strcmp(k, "datecreated") == 0 || strcmp(k, "workflow_stepstarted") == 0)
        return date_or_unset(t, "dateoccurred");
    if (strcmp(k, "is_vip") == 0) {
        json_t *cl = lookup(db, "Client", sint(t, "client_id", -1));
        return json_boolean(cl && json_is_true(json_object_get(cl, "is_vip")));
    }
    if (strcmp(k, "workflow_id") == 0 || strcmp(k, "workflow_name") == 0) {
        json_t *tt = lookup(db, "TicketType", sint(t, "tickettype_id", 1));
        json_int_t wf = tt ? sint(tt, "workflow_id", -1) : -1;
        if (k[9] == 'i')
            return json_integer(wf);
        return name_of(db, "Workflow", wf, "name");
    }
    if (strcmp(k, "priority") == 0) {
        json_t *p = render_embedded(db, "Priority", sint(t, "priority_id", 3));
        return p;
    }
    if (strcmp(k, "tickettype") == 0)
        return render_embedded(db, "TicketType", sint(t, "tickettype_id", 1));
    if (strcmp(k, "user") == 0)
        return render_embedded(db, "Users", sint(t, "user_id", -1));
    return NULL;
}

static json_t *derive_action(const struct rctx *c, const char *k)
{
    const json_t *a = c->stored;
    struct sim_db *db = c->db;
    json_int_t agent = sint(a, "who_agentid", 0);
    if (strcmp(k, "outcome") == 0)
        return name_of(db, "Outcome", sint(a, "outcome_id", 0), "outcome");
    if (strcmp(k, "colour") == 0) {
        json_t *o = lookup(db, "Outcome", sint(a, "outcome_id", 0));
        const char *col = o ? sstr(o, "colour") : NULL;
        return json_string(col ? col : "#607d8b");
    }
    if (strcmp(k, "who_type") == 0)
        return json_integer(agent > 0 ? 1 : 0);
    if (strcmp(k, "who") == 0) {
        if (agent > 0)
            return name_of(db, "Agent", agent, "name");
        json_t *t = lookup(db, "Tickets", sint(a, "ticket_id", 0));
        return t ? name_of(db, "Users", sint(t, "user_id", -1), "name") : json_string("");
    }
    if (strcmp(k, "actionby_agent_id") == 0 || strcmp(k, "agent_id") == 0)
        return json_integer(agent > 0 ? agent : 0);
    if (strcmp(k, "actiondatecreated") == 0 || strcmp(k, "actionarrivaldate") == 0)
        return date_or_unset(a, "datetime");
    if (strcmp(k, "note_html") == 0) {
        /* Lists carry the HTML only with includehtmlnote=true. */
        if (!c->detail && !qflag(c->query, "includehtmlnote"))
            return NULL;
        return html_of(sstr(a, "note"));
    }
    if (strcmp(k, "action_systemid") == 0) {
        json_t *o = lookup(db, "Outcome", sint(a, "outcome_id", 0));
        return json_integer(o ? sint(o, "systemid", 0) : 0);
    }
    if (strcmp(k, "hiddenfromuser") == 0) {
        json_int_t o = sint(a, "outcome_id", 0);
        return json_boolean(o == 1);
    }
    if (strcmp(k, "new_status_name") == 0) {
        json_int_t s = sint(a, "new_status", 0);
        return s > 0 ? name_of(db, "Status", s, "name") : json_string("");
    }
    if (strcmp(k, "guid") == 0) {
        char g[40];
        snprintf(g, sizeof g, "6d1c%04x-51a0-4c0e-9e7a-%012llx",
                 (unsigned)(sint(a, "ticket_id", 0) & 0xffff),
                 (unsigned long long)sint(a, "id", 0));
        return json_string(g);
    }
    return NULL;
}

static json_t *address_of(const json_t *rec, const char *k)
{
    json_t *v = json_object_get(rec, k);
    json_t *out = json_is_object(v) ? json_deep_copy(v) : json_object();
    static const char *const lines[] = {"line1", "line2", "line3", "line4", "postcode"};
    for (size_t i = 0; i < sizeof lines / sizeof lines[0]; i++)
        if (!json_object_get(out, lines[i]))
            json_object_set_new(out, lines[i], json_string(""));
    return out;
}

static json_t *derive_other(const struct rctx *c, const char *k)
{
    const json_t *r = c->stored;
    struct sim_db *db = c->db;
    const char *e = c->entity;
    if (strcmp(k, "client_name") == 0) {
        json_int_t cid = sint(r, "client_id", -1);
        if (cid <= 0 && strcasecmp(e, "Users") == 0) {
            json_t *s = lookup(db, "Site", sint(r, "site_id", -1));
            cid = s ? sint(s, "client_id", -1) : -1;
        }
        return name_of(db, "Client", cid, "name");
    }
    if (strcmp(k, "client_id") == 0) {
        json_int_t cid = sint(r, "client_id", -1);
        if (cid <= 0 && strcasecmp(e, "Users") == 0) {
            json_t *s = lookup(db, "Site", sint(r, "site_id", -1));
            cid = s ? sint(s, "client_id", -1) : -1;
        }
        /* Site.client_id arrives as a decimal (21.0) from the live API. */
        if (strcasecmp(e, "Site") == 0)
            return json_real((double)cid);
        return json_integer(cid);
    }
    if (strcmp(k, "site_name") == 0)
        return name_of(db, "Site", sint(r, "site_id", -1), "name");
    if (strcmp(k, "clientsite_name") == 0) {
        json_t *cn = name_of(db, "Client", sint(r, "client_id", -1), "name");
        char *s = xasprintf("%s / %s", json_string_value(cn), sstr(r, "name") ? sstr(r, "name") : "");
        json_decref(cn);
        json_t *v = json_string(s);
        free(s);
        return v;
    }
    if (strcmp(k, "main_site_name") == 0)
        return name_of(db, "Site", sint(r, "main_site_id", -1), "name");
    if (strcmp(k, "key") == 0 || strcmp(k, "assetgroup_id") == 0) {
        if (strcmp(k, "key") == 0)
            return json_integer(sint(r, "id", 0));
        json_t *at = lookup(db, "AssetType", sint(r, "assettype_id", -1));
        return json_integer(at ? sint(at, "assetgroup_id", -1) : -1);
    }
    if (strcmp(k, "team") == 0)
        return name_of(db, "Team", sint(r, "team_id", -1), "name");
    if (strcmp(k, "isapiagent") == 0)
        return json_boolean(sint(r, "id", 0) == SIM_API_AGENT_ID);
    if (strcmp(k, "namewithinactive") == 0) {
        const char *n = sstr(r, "name");
        return json_string(n ? n : "");
    }
    if (strcmp(k, "departments") == 0) {
        json_t *a = json_array(), *x = json_object();
        json_object_set_new(x, "id", json_integer(1));
        json_object_set_new(x, "agent_id", json_integer(sint(r, "id", 0)));
        json_object_set_new(x, "department_id", json_integer(1));
        json_object_set_new(x, "department_name", json_string("Service Desk"));
        json_array_append_new(a, x);
        return a;
    }
    if (strcmp(k, "teams") == 0) {
        json_t *a = json_array();
        json_t *t = lookup(db, "Team", sint(r, "team_id", -1));
        if (t) {
            json_t *x = json_object();
            json_object_set_new(x, "id", json_integer(sint(t, "id", 0)));
            json_object_set_new(x, "name", json_string(sstr(t, "name") ? sstr(t, "name") : ""));
            json_object_set_new(x, "department_id", json_integer(1));
            json_array_append_new(a, x);
        }
        return a;
    }
    if (strcmp(k, "roles") == 0) {
        json_t *a = json_array();
        json_t *x = json_object();
        bool admin = sint(r, "id", 0) == 1;
        json_object_set_new(x, "id", json_integer(admin ? 1 : 2));
        json_object_set_new(x, "name", json_string(admin ? "Administrator" : "Agent"));
        json_array_append_new(a, x);
        return a;
    }
    if (strcmp(k, "initials") == 0) {
        const char *f = sstr(r, "firstname"), *s = sstr(r, "surname");
        char buf[3] = {f && *f ? f[0] : '\0', 0, 0};
        buf[buf[0] ? 1 : 0] = s && *s ? s[0] : '\0';
        return json_string(buf);
    }
    if (strcmp(k, "phonenumber_preferred") == 0) {
        const char *p = sstr(r, "phonenumber");
        return json_string(p ? p : "");
    }
    if (strcmp(k, "sitephonenumber") == 0)
        return name_of(db, "Site", sint(r, "site_id", -1), "phonenumber");
    if (strcmp(k, "assettype_name") == 0)
        return name_of(db, "AssetType", sint(r, "assettype_id", -1), "name");
    if (strcmp(k, "username") == 0)
        return name_of(db, "Users", sint(r, "user_id", -1), "name");
    if (strcmp(k, "users") == 0) {
        json_t *a = json_array();
        json_t *u = lookup(db, "Users", sint(r, "user_id", -1));
        if (u) {
            json_t *x = json_object();
            json_object_set_new(x, "id", json_integer(sint(u, "id", 0)));
            json_object_set_new(x, "name", json_string(sstr(u, "name") ? sstr(u, "name") : ""));
            json_array_append_new(a, x);
        }
        return a;
    }
    if (strcmp(k, "delivery_address") == 0 || strcmp(k, "invoice_address") == 0)
        return address_of(r, "delivery_address");
    if (strcmp(k, "datecreated") == 0)
        return json_string("2019-03-01T09:00:00");
    if (strcmp(k, "sites") == 0) {
        json_t *a = json_array();
        if (db) {
            size_t i;
            json_t *s;
            json_int_t id = sint(r, "id", 0);
            json_array_foreach(sim__db_all(db, "Site"), i, s) {
                if (sint(s, "client_id", -1) == id) {
                    json_t *x = json_object();
                    json_object_set_new(x, "id", json_integer(sint(s, "id", 0)));
                    json_object_set_new(x, "name", json_string(sstr(s, "name") ? sstr(s, "name") : ""));
                    json_array_append_new(a, x);
                }
            }
        }
        return a;
    }
    if (strcmp(k, "amountpaid") == 0)
        return json_real(json_number_value(json_object_get(r, "total")) -
                         json_number_value(json_object_get(r, "amountdue")));
    if (strcmp(k, "lines") == 0) {
        /* Lines come with includelines on lists, always with a get. */
        if (!c->detail && !(c->query && json_object_get(c->query, "includelines")))
            return NULL;
        json_t *l = json_object_get(r, "lines");
        return l ? json_deep_copy(l) : json_array();
    }
    return NULL;
}

/* The full field table of entity, or NULL for entities stored as sent. */
static const struct fdef *fields_of(const char *entity)
{
    static const struct {
        const char *entity;
        const struct fdef *fields;
    } tables[] = {
        {"Tickets", ticket_fields}, {"Actions", action_fields}, {"Client", client_fields},
        {"Site", site_fields},      {"Users", user_fields},     {"Agent", agent_fields},
        {"Asset", asset_fields},    {"Invoice", invoice_fields},
    };
    for (size_t i = 0; i < sizeof tables / sizeof tables[0]; i++)
        if (strcasecmp(entity, tables[i].entity) == 0)
            return tables[i].fields;
    return NULL;
}

bool sim__known_field(const char *entity, const char *field)
{
    const struct fdef *fields = fields_of(entity);
    if (!fields || field[0] == '_')
        return true;
    for (const struct fdef *f = fields; f->name; f++)
        if (strcmp(f->name, field) == 0)
            return true;
    return false;
}

/* ---- the engine ---- */

static json_t *value_of(const struct fdef *f)
{
    switch (f->t) {
    case 'i': return json_integer(f->def ? atoll(f->def) : 0);
    case 'r': return json_real(f->def ? atof(f->def) : 0.0);
    case 'b': return json_boolean(f->def && f->def[0] == '1');
    case 's': return json_string(f->def ? f->def : "");
    case 'd': return json_string(SIM_DATE_UNSET);
    case 'a': return json_array();
    default: return json_null();
    }
}

/* Fields looked up from another record at render time. */
static bool is_lookup(const char *entity, const char *k)
{
    if (strstr(k, "_name") || strcmp(k, "team") == 0 || strcmp(k, "who") == 0 ||
        strcmp(k, "user_email") == 0 || strcmp(k, "reportedby") == 0 ||
        strcmp(k, "outcome") == 0 || strcmp(k, "username") == 0)
        return true;
    /* Site.client_id is re-sent as a decimal whatever was stored. */
    return strcmp(k, "client_id") == 0 && strcasecmp(entity, "Site") == 0;
}

static bool in_table(const struct fdef *fields, const char *k)
{
    for (const struct fdef *f = fields; f->name; f++)
        if (strcmp(f->name, k) == 0)
            return true;
    return false;
}

static json_t *render_with(const struct rctx *c, const struct fdef *fields,
                           json_t *(*derive)(const struct rctx *, const char *))
{
    json_t *out = json_object();
    for (const struct fdef *f = fields; f->name; f++) {
        if (f->lvl > c->level)
            continue;
        json_t *have = json_object_get(c->stored, f->name);
        json_t *v = NULL;
        if (f->t == 'x' && c->db && is_lookup(c->entity, f->name)) {
            /* Names follow the record they name, so renames show through;
             * a dangling id keeps whatever was stored. */
            v = derive(c, f->name);
            if (have && json_is_string(v) && json_string_length(v) == 0) {
                json_decref(v);
                v = json_deep_copy(have);
            }
        } else if (have)
            v = json_deep_copy(have);
        else if (f->t == 'x')
            v = derive(c, f->name);
        else
            v = value_of(f);
        if (v)
            json_object_set_new(out, f->name, v);
    }
    /* Stored fields outside the table (custom additions) pass through. */
    const char *k;
    json_t *v;
    json_object_foreach((json_t *)c->stored, k, v) {
        if (!json_object_get(out, k) && !in_table(fields, k))
            json_object_set_new(out, k, json_deep_copy(v));
    }
    return out;
}

/* Priority: the store keys it by the numeric priorityid; Halo sends a GUID
 * "id" and the number as "priorityid". */
static json_t *render_priority(const json_t *stored)
{
    json_t *out = json_deep_copy(stored);
    json_int_t pid = sint(stored, "priorityid", sint(stored, "id", 0));
    char g[40];
    snprintf(g, sizeof g, "%08llx-0a8a-4380-59fa-08d5c0811dad", (unsigned long long)(0xc183eb20 + pid));
    json_object_set_new(out, "id", json_string(g));
    json_object_set_new(out, "priorityid", json_integer(pid));
    return out;
}

static void ensure_customfields(struct sim_db *db, json_t *out, int usage)
{
    /* Every custom field of the record's table appears, empty when unset,
     * with its label and display value as Halo sends them. */
    json_t *have = json_object_get(out, "customfields");
    json_t *list = json_array();
    json_t *defs = db ? sim__db_all(db, "FieldInfo") : NULL;
    size_t i, j;
    json_t *d, *h;
    json_array_foreach(defs, i, d) {
        if (sint(d, "usage", 0) != usage)
            continue;
        json_t *cf = json_object();
        json_int_t id = sint(d, "id", 0);
        json_t *val = NULL;
        json_array_foreach(have, j, h) {
            if (sint(h, "id", -1) == id)
                val = json_object_get(h, "value");
        }
        json_object_set_new(cf, "id", json_integer(id));
        json_object_set_new(cf, "name", json_string(sstr(d, "name") ? sstr(d, "name") : ""));
        json_object_set_new(cf, "label", json_string(sstr(d, "label") ? sstr(d, "label") : ""));
        json_object_set_new(cf, "type", json_integer(sint(d, "type", 0)));
        json_object_set_new(cf, "value", val ? json_deep_copy(val) : json_string(""));
        json_object_set_new(cf, "display",
                            json_string(json_is_string(val) ? json_string_value(val) : ""));
        json_object_set_new(cf, "characterlimit", json_integer(0));
        json_object_set_new(cf, "inputtype", json_integer(sint(d, "inputtype", 0)));
        json_object_set_new(cf, "copytochild", json_false());
        json_object_set_new(cf, "searchable", json_boolean(json_is_true(json_object_get(d, "searchable"))));
        json_object_set_new(cf, "extratype", json_integer(0));
        json_array_append_new(list, cf);
    }
    /* Values for fields with no definition stay as sent. */
    json_array_foreach(have, j, h) {
        bool known = false;
        json_array_foreach(list, i, d) {
            if (sint(d, "id", -2) == sint(h, "id", -1))
                known = true;
        }
        if (!known)
            json_array_append(list, h);
    }
    json_object_set_new(out, "customfields", list);
}

/* The ticket's actions, newest last, for includelastaction. */
static json_t *last_action(struct sim_db *db, json_int_t ticket)
{
    json_t *best = NULL;
    size_t i;
    json_t *a;
    if (!db)
        return NULL;
    json_array_foreach(sim__db_all(db, "Actions"), i, a) {
        if (sint(a, "ticket_id", 0) == ticket)
            best = a;
    }
    return best ? sim__render(db, "Actions", best, false, NULL) : NULL;
}

/* A ticket's assets as Halo embeds them: the stored {id} references
 * filled in from the asset records. */
static void enrich_assets(struct sim_db *db, json_t *out)
{
    json_t *list = json_object_get(out, "assets");
    size_t i;
    json_t *x;
    json_array_foreach(list, i, x) {
        json_t *as = json_is_object(x) ? lookup(db, "Asset", sint(x, "id", 0)) : NULL;
        if (!as)
            continue;
        static const char *const keys[] = {"inventory_number", "key_field", "key_field2",
                                           "client_id", "site_id", "assettype_id"};
        for (size_t k = 0; k < sizeof keys / sizeof keys[0]; k++)
            if (!json_object_get(x, keys[k]) && json_object_get(as, keys[k]))
                json_object_set_new(x, keys[k], json_deep_copy(json_object_get(as, keys[k])));
        json_object_set_new(x, "assettype_name",
                            name_of(db, "AssetType", sint(as, "assettype_id", -1), "name"));
    }
}

/* Attachments of the ticket's actions (one file per attachment_count). */
static void add_attachments(struct sim_db *db, json_t *out, json_int_t ticket)
{
    json_t *list = json_object_get(out, "attachments");
    size_t i;
    json_t *a;
    static const char *const names[] = {"screenshot.png", "error-log.txt", "invoice.pdf",
                                        "photo.jpg"};
    if (!db || !json_is_array(list) || json_array_size(list) > 0)
        return;
    json_array_foreach(sim__db_all(db, "Actions"), i, a) {
        json_int_t n = sint(a, "attachment_count", 0);
        if (sint(a, "ticket_id", 0) != ticket)
            continue;
        for (json_int_t k = 0; k < n && k < 4; k++) {
            json_int_t aid = sint(a, "id", 0);
            json_t *x = json_object();
            json_object_set_new(x, "id", json_integer(aid * 10 + k));
            json_object_set_new(x, "filename", json_string(names[(aid + k) % 4]));
            json_object_set_new(x, "datecreated", date_or_unset(a, "datetime"));
            json_object_set_new(x, "filesize", json_integer(20480 + (aid * 7919) % 900000));
            json_object_set_new(x, "type", json_integer(0));
            json_object_set_new(x, "ticket_id", json_integer(ticket));
            json_object_set_new(x, "action_id", json_integer(aid));
            json_object_set_new(x, "note", json_string(""));
            json_object_set_new(x, "isimage", json_boolean(((aid + k) % 4) % 3 == 0));
            json_array_append_new(list, x);
        }
    }
    json_object_set_new(out, "attachment_count", json_integer((json_int_t)json_array_size(list)));
}


/* Returns a new object. */
json_t *sim__render(struct sim_db *db, const char *entity, const json_t *stored, bool detail,
                    json_t *query)
{
    struct rctx c = {db, entity, stored, detail, query, detail ? 1 : 0};
    json_t *out;
    if (!stored)
        return json_object();
    if (detail && qflag(query, "includedetails"))
        c.level = 2;
    if (strcasecmp(entity, "Tickets") == 0) {
        out = render_with(&c, ticket_fields, derive_ticket);
        ensure_customfields(db, out, 1);
        if (detail) {
            enrich_assets(db, out);
            add_attachments(db, out, sint(stored, "id", 0));
        }
        if (qflag(query, "includelastaction")) {
            json_t *la = last_action(db, sint(stored, "id", 0));
            if (la) {
                json_object_set_new(out, "lastaction_note", json_string(sstr(la, "note") ? sstr(la, "note") : ""));
                json_object_set_new(out, "lastaction", la);
            }
        }
        return out;
    }
    if (strcasecmp(entity, "Actions") == 0)
        return render_with(&c, action_fields, derive_action);
    if (strcasecmp(entity, "Client") == 0) {
        out = render_with(&c, client_fields, derive_other);
        ensure_customfields(db, out, 2);
        return out;
    }
    if (strcasecmp(entity, "Site") == 0) {
        out = render_with(&c, site_fields, derive_other);
        /* The live API sends Site.client_id as a decimal (21.0). */
        json_t *cid = json_object_get(out, "client_id");
        if (json_is_integer(cid))
            json_object_set_new(out, "client_id", json_real((double)json_integer_value(cid)));
        ensure_customfields(db, out, 3);
        return out;
    }
    if (strcasecmp(entity, "Users") == 0) {
        out = render_with(&c, user_fields, derive_other);
        ensure_customfields(db, out, 4);
        return out;
    }
    if (strcasecmp(entity, "Agent") == 0)
        return render_with(&c, agent_fields, derive_other);
    if (strcasecmp(entity, "Asset") == 0)
        return render_with(&c, asset_fields, derive_other);
    if (strcasecmp(entity, "Invoice") == 0)
        return render_with(&c, invoice_fields, derive_other);
    if (strcasecmp(entity, "Priority") == 0)
        return render_priority(stored);
    if (strcasecmp(entity, "Team") == 0) {
        out = json_deep_copy(stored);
        if (detail || qflag(query, "includeagents")) {
            json_t *agents = json_array();
            size_t i;
            json_t *a;
            json_array_foreach(db ? sim__db_all(db, "Agent") : NULL, i, a) {
                if (sint(a, "team_id", -1) == sint(stored, "id", 0)) {
                    json_t *x = json_object();
                    json_object_set_new(x, "id", json_integer(sint(a, "id", 0)));
                    json_object_set_new(x, "name", json_string(sstr(a, "name") ? sstr(a, "name") : ""));
                    json_array_append_new(agents, x);
                }
            }
            json_object_set_new(out, "agents", agents);
        }
        return out;
    }
    if (strcasecmp(entity, "Workflow") == 0) {
        out = json_deep_copy(stored);
        /* Lists carry the header; the steps come with a get. */
        if (!detail)
            json_object_del(out, "steps");
        return out;
    }
    return json_deep_copy(stored);
}
