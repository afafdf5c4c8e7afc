/* seed_more.c - the newer domains of the seeded tenant, built over what
 * seed.c made: SLAs and categories, a few tickets turned into projects
 * (with the project tasks as their children) and opportunities, agents'
 * time (from their actions, plus stand-ups, meetings and leave),
 * appointments this week, knowledge base articles, contracts with billing
 * periods, recurring invoices, quotes, sales orders, items, suppliers,
 * pending approvals, attachments (text and one small image) and saved
 * reports whose SQL runs on the simulator's reporting database. */
#include "seed_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define DAY 86400000LL
#define HOUR 3600000LL

static json_t *table(json_t *ds, const char *name)
{
    json_t *a = json_object_get(ds, name);
    if (!a) {
        a = json_array();
        json_object_set_new(ds, name, a);
    }
    return a;
}

static const char *name_of(json_t *ds, const char *tbl, json_int_t id)
{
    json_t *r = json_array_get(json_object_get(ds, tbl), (size_t)(id - 1));
    return r ? json_string_value(json_object_get(r, "name")) : "";
}

/* ---- lookups ---- */

static void seed_lookups(json_t *ds)
{
    json_t *sla = table(ds, "SLA"), *cat = table(ds, "Category");
    json_array_append_new(sla, json_pack("{s:i, s:s, s:i, s:s, s:b, s:b, s:b, s:b}", "id", 1,
                                         "name", "Standard SLA", "workday_id", 1, "workday_name",
                                         "Office hours 09:00-17:30", "hoursaretechslocaltime", 0,
                                         "responsereset", 0, "trackslaresponsetime", 1,
                                         "trackslafixbytime", 1));
    json_array_append_new(sla, json_pack("{s:i, s:s, s:i, s:s, s:b, s:b, s:b, s:b}", "id", 2,
                                         "name", "Premium 24x7", "workday_id", 2, "workday_name",
                                         "24 hours, 7 days", "hoursaretechslocaltime", 0,
                                         "responsereset", 1, "trackslaresponsetime", 1,
                                         "trackslafixbytime", 1));
    /* Type 1 is category_1 (ids 16.. as tickets carry them); type 2 the
     * root cause a closing agent picks. */
    static const char *const first[] = {
        "Hardware>Laptop", "Hardware>Printer", "Software>Office 365", "Network>VPN",
        "Network>Wi-Fi",   "Accounts>Password", "Software>Line of Business", "Server>Storage",
    };
    static const char *const causes[] = {"Cause>Hardware Fault", "Cause>User Error",
                                         "Cause>Software Bug", "Cause>Change Related",
                                         "Cause>Third Party"};
    for (size_t i = 0; i < N_OF(first); i++) {
        json_t *c = json_pack("{s:I, s:s, s:s, s:i, s:i, s:i, s:s}", "id", (json_int_t)(16 + i),
                              "value", first[i], "category_name", strchr(first[i], '>') + 1,
                              "type_id", 1, "sla_id", -1, "priority_id", -1, "note", "");
        if (i == 7) /* servers are for incidents, problems and alerts only */
            json_object_set_new(c, "tickettype_ids", json_pack("[i, i, i]", 1, 4, 21));
        json_array_append_new(cat, c);
    }
    for (size_t i = 0; i < N_OF(causes); i++)
        json_array_append_new(cat, json_pack("{s:I, s:s, s:s, s:i, s:i, s:i, s:s}", "id",
                                             (json_int_t)(40 + i), "value", causes[i],
                                             "category_name", strchr(causes[i], '>') + 1,
                                             "type_id", 2, "sla_id", -1, "priority_id", -1,
                                             "note", ""));
}

/* ---- projects and opportunities (tickets of those types) ---- */

/* The last ticket ids that are not among the untrusted-text ones (id 7
 * mod 23), newest first. Fills ids; returns how many. */
static int pick_ids(json_t *tickets, int *ids, int want)
{
    int n = 0;
    for (size_t i = json_array_size(tickets); i-- > 0 && n < want;) {
        json_int_t id = json_integer_value(json_object_get(json_array_get(tickets, i), "id"));
        if (id % 23 != 7)
            ids[n++] = (int)id;
    }
    return n;
}

static void seed_projects(json_t *ds, int64_t now)
{
    static const struct {
        const char *summary;
        double hours, money;
    } projects[] = {
        {"Microsoft 365 tenant migration", 60, 5400},
        {"Network refresh: switches and Wi-Fi", 40, 9800},
        {"Windows 11 rollout", 32, 2880},
    };
    static const struct {
        const char *summary, *contact, *email;
        double value, prob;
    } opps[] = {
        {"Managed firewall upgrade for three sites", "Rachel Quinn", "rachel.quinn@", 7200, 60},
        {"Cloud backup for file servers", "Sam Oduya", "sam.oduya@", 3400, 40},
        {"Cyber Essentials Plus assessment", "Lena Fischer", "lena.fischer@", 1850, 80},
        {"Laptop refresh, 25 devices", "Tom Ashworth", "tom.ashworth@", 23750, 25},
    };
    json_t *tickets = json_object_get(ds, "Tickets");
    int ids[8];
    char buf[128];
    if (json_array_size(tickets) < 40 || pick_ids(tickets, ids, 7) < 7)
        return;
    for (size_t p = 0; p < N_OF(projects); p++) {
        json_t *t = json_array_get(tickets, (size_t)ids[p] - 1);
        set_int(t, "tickettype_id", 30);
        set_str(t, "summary", projects[p].summary);
        set_str(t, "details", projects[p].summary);
        set_int(t, "team_id", 3);
        set_int(t, "agent_id", 9);
        set_int(t, "status_id", 2);
        set_int(t, "priority_id", 5);
        set_bool(t, "onhold", false);
        json_object_del(t, "dateclosed");
        set_real(t, "projecttimebudget", projects[p].hours);
        set_real(t, "projectmoneybudget", projects[p].money);
        set_date(t, "startdate", now - (int64_t)(20 + p * 10) * DAY);
        set_date(t, "targetdate", now + (int64_t)(30 + p * 20) * DAY);
    }
    /* The project tasks become the projects' children, same client. */
    size_t i, k = 0;
    json_t *t;
    json_array_foreach(tickets, i, t) {
        if (json_integer_value(json_object_get(t, "tickettype_id")) != 24)
            continue;
        json_t *proj = json_array_get(tickets, (size_t)ids[k++ % N_OF(projects)] - 1);
        set_int(t, "parent_id", json_integer_value(json_object_get(proj, "id")));
        json_object_set(t, "client_id", json_object_get(proj, "client_id"));
        json_object_set(t, "site_id", json_object_get(proj, "site_id"));
        json_object_set(t, "user_id", json_object_get(proj, "user_id"));
    }
    for (size_t o = 0; o < N_OF(opps); o++) {
        json_t *op = json_array_get(tickets, (size_t)ids[N_OF(projects) + o] - 1);
        json_int_t client = json_integer_value(json_object_get(op, "client_id"));
        const char *cname = name_of(ds, "Client", client);
        set_int(op, "tickettype_id", 31);
        set_str(op, "summary", opps[o].summary);
        set_str(op, "details", opps[o].summary);
        set_int(op, "team_id", 1);
        set_int(op, "agent_id", 1);
        set_int(op, "status_id", o == 3 ? 9 : 2);
        set_real(op, "oppvalue", opps[o].value);
        set_real(op, "oppconversionprobability", opps[o].prob);
        set_str(op, "oppcompanyname", cname);
        set_str(op, "oppcontactname", opps[o].contact);
        json_t *cl = json_array_get(json_object_get(ds, "Client"), (size_t)client - 1);
        const char *web = json_string_value(json_object_get(cl, "website"));
        snprintf(buf, sizeof buf, "%s%s", opps[o].email, web ? web + 12 : "example.com");
        set_str(op, "oppemailaddress", buf);
        set_date(op, "opptargetdate", now + (int64_t)(14 + o * 21) * DAY);
    }
}

/* ---- time ---- */

static void add_event(json_t *events, int *id, int agent, int type, const char *subject,
                      int64_t start, int64_t end, json_int_t ticket, json_int_t action,
                      json_int_t client)
{
    char sd[32], ed[32];
    json_array_append_new(
        events, json_pack("{s:i, s:i, s:s, s:s, s:s, s:f, s:i, s:I, s:I, s:I, s:i, s:s}", "id",
                          (*id)++, "event_type", type, "subject", subject, "start_date",
                          sim__format_date(sd, start), "end_date", sim__format_date(ed, end),
                          "timetaken", (double)(end - start) / (double)HOUR, "agent_id", agent,
                          "ticket_id", ticket, "action_number", action, "client_id", client,
                          "break_type", 0, "note", ""));
}

/* Agents' time over the last three weeks: every agent action with time on
 * it (as Halo records it), a daily stand-up, a weekly team meeting, and
 * two days' leave for one engineer. */
static void seed_time(json_t *ds, int64_t now, bool compact)
{
    json_t *events = table(ds, "TimesheetEvent"), *a;
    json_t *tickets = json_object_get(ds, "Tickets");
    int id = 1;
    size_t i;
    json_array_foreach(compact ? NULL : json_object_get(ds, "Actions"), i, a) {
        double h = json_real_value(json_object_get(a, "timetaken"));
        json_int_t agent = json_integer_value(json_object_get(a, "who_agentid"));
        int64_t when;
        if (h <= 0 || agent <= 0 ||
            sim__parse_date(json_string_value(json_object_get(a, "datetime")), &when) != 0 ||
            when < now - 42 * DAY)
            continue;
        json_int_t tid = json_integer_value(json_object_get(a, "ticket_id"));
        json_t *t = json_array_get(tickets, (size_t)tid - 1);
        add_event(events, &id, (int)agent, 0,
                  json_string_value(json_object_get(t, "summary")),
                  when - (int64_t)(h * (double)HOUR), when, tid,
                  json_integer_value(json_object_get(a, "id")),
                  json_integer_value(json_object_get(t, "client_id")));
    }
    for (int64_t d = now - 21 * DAY; d <= now; d += DAY) {
        int wday = (int)(((d / DAY) + 4) % 7); /* 1970-01-01 was a Thursday */
        if (wday == 0 || wday == 6)
            continue;
        for (int agent = 3; agent <= 11; agent++) {
            if (agent == 6 && d >= now - 5 * DAY && d < now - 3 * DAY) {
                add_event(events, &id, agent, 2, "Annual leave", d + 9 * HOUR, d + 17 * HOUR, -1,
                          -1, -1);
                continue;
            }
            add_event(events, &id, agent, 1, "Service desk stand-up", d + 9 * HOUR,
                      d + 9 * HOUR + 15 * 60000LL, -1, -1, -1);
            if (wday == 3)
                add_event(events, &id, agent, 1, "Weekly team meeting", d + 14 * HOUR,
                          d + 15 * HOUR, -1, -1, -1);
        }
    }
}

/* ---- appointments this week ---- */

static void seed_appointments(json_t *ds, int64_t now)
{
    static const struct {
        int day, hour, hours, agent, type;
        const char *subject;
        bool task, done;
    } rows[] = {
        {0, 9, 2, 10, 1, "Site visit: replace switch in comms room", false, true},
        {0, 14, 1, 6, 2, "Remote session: server patching window", false, true},
        {1, 10, 3, 11, 1, "Site visit: new starter desk setup", false, false},
        {1, 15, 1, 9, 3, "Project check-in: Microsoft 365 migration", false, false},
        {2, 9, 1, 3, 2, "Remote session: Outlook profile rebuild", false, false},
        {2, 13, 2, 7, 1, "Site visit: firewall firmware upgrade", false, false},
        {3, 11, 1, 8, 3, "Quarterly review with client", false, false},
        {3, 16, 1, 4, 0, "Call back about printer toner order", true, false},
        {4, 10, 2, 10, 1, "Site visit: Wi-Fi survey in meeting rooms", false, false},
        {4, 14, 1, 5, 0, "Chase supplier for RMA number", true, false},
    };
    json_t *appts = table(ds, "Appointment"), *tickets = json_object_get(ds, "Tickets");
    int wday = (int)(((now / DAY) + 4) % 7);
    int64_t monday = now - (int64_t)((wday + 6) % 7) * DAY;
    char sd[32], ed[32];
    for (size_t i = 0; i < N_OF(rows); i++) {
        int64_t start = monday + rows[i].day * DAY + rows[i].hour * HOUR;
        json_t *t = json_array_get(tickets, i * 7 + 3);
        json_int_t tid = t && rows[i].type != 3 ? json_integer_value(json_object_get(t, "id")) : -1;
        json_int_t client = t ? json_integer_value(json_object_get(t, "client_id")) : -1;
        json_t *ap = json_pack(
            "{s:I, s:s, s:s, s:s, s:b, s:i, s:I, s:I, s:I, s:i, s:b, s:b, s:i, s:s, s:s}", "id",
            (json_int_t)i + 1, "subject", rows[i].subject, "start_date",
            sim__format_date(sd, start), "end_date",
            sim__format_date(ed, start + rows[i].hours * HOUR), "allday", 0, "agent_id",
            rows[i].agent, "ticket_id", tid, "client_id", client, "site_id",
            t ? (json_int_t)json_integer_value(json_object_get(t, "site_id")) : (json_int_t)-1,
            "appointment_type_id", rows[i].type, "is_task", rows[i].task, "is_private", 0,
            "complete_status", rows[i].done ? 1 : 0, "location",
            rows[i].type == 1 ? "Client site" : "", "note", "");
        if (rows[i].done)
            set_date(ap, "complete_date", start + rows[i].hours * HOUR);
        json_array_append_new(appts, ap);
    }
}

/* ---- knowledge base ---- */

static void seed_kb(json_t *ds, int64_t now)
{
    static const struct {
        const char *name, *desc, *res, *tags;
        int type, views;
        bool inactive;
    } rows[] = {
        {"Outlook keeps prompting for a password",
         "Outlook repeatedly asks for credentials after a password change or MFA enrolment.",
         "Close Outlook. In Credential Manager remove every entry containing 'MicrosoftOffice'. "
         "Sign out of Office (File > Account) and sign back in. If it persists, create a new "
         "Outlook profile from Control Panel > Mail.",
         "outlook,office365,password,mfa", 0, 142, false},
        {"Connecting to the VPN from home",
         "How staff connect to the office VPN with FortiClient and MFA.",
         "Install FortiClient VPN from the portal, add the connection vpn.<client>.example, sign "
         "in with your email address and approve the MFA prompt. If it stops at 98%, restart the "
         "FortiClient service.",
         "vpn,forticlient,remote", 0, 231, false},
        {"Mapping the S: shared drive",
         "The shared drive does not appear after login, or shows a red cross.",
         "Run gpupdate /force, sign out and back in. To map it manually: File Explorer > This PC "
         "> Map network drive, letter S:, path \\\\fileserver\\shared, reconnect at sign-in.",
         "shared drive,mapping,group policy", 0, 87, false},
        {"Printer shows offline",
         "A network printer shows as offline on one or more PCs.",
         "Check the printer has an IP (print a configuration page). Remove and re-add it from "
         "\\\\printserver. Clear the print queue: net stop spooler, delete "
         "C:\\Windows\\System32\\spool\\PRINTERS\\*, net start spooler.",
         "printer,spooler,offline", 0, 119, false},
        {"Resetting a user's MFA",
         "A user has a new phone and cannot approve sign-ins.",
         "Verify the user's identity by calling them back on the number held in Halo. In Entra "
         "ID > Users > Authentication methods choose 'Require re-register MFA'. Ask the user to "
         "sign in at aka.ms/mfasetup.",
         "mfa,entra,security", 0, 64, false},
        {"New starter checklist",
         "What the service desk does for every new starter request.",
         "Create the account from the template user, assign the Microsoft 365 licence, add to "
         "the department's groups, prepare the laptop from stock, enrol in Intune, add to the "
         "phone system, and book a 30 minute induction call.",
         "new starter,onboarding,checklist", 1, 58, false},
        {"Leaver process",
         "Steps when a member of staff leaves.",
         "Block sign-in, reset the password, convert the mailbox to shared and grant the manager "
         "access, remove licences, wipe and collect devices, remove from groups and the phone "
         "system. Keep the account 30 days before deletion.",
         "leaver,offboarding,checklist", 1, 41, false},
        {"Teams calls drop every few minutes",
         "Teams calls disconnect or audio cuts out on the office network.",
         "Check the PC is on the wired network or the 5 GHz SSID. Ask the network team to "
         "confirm QoS on UDP 3478-3481. Clear the Teams cache (%appdata%\\Microsoft\\Teams).",
         "teams,network,qos", 0, 73, false},
        {"What our SLA response times mean",
         "FAQ for clients: how quickly we respond and fix by priority.",
         "P1 Critical: response 1 hour, fix 4 hours. P2 High: 2 hours / 8 hours. P3 Medium: "
         "4 hours / 2 days. P4 Low: 8 hours / 5 days. Hours are office hours 09:00-17:30 unless "
         "your contract includes Premium 24x7.",
         "sla,faq,priority", 1, 205, false},
        {"Windows 7 machines: legacy support",
         "Retired guidance for the last Windows 7 PCs.",
         "All Windows 7 devices have been replaced. Kept for reference only.",
         "windows 7,legacy", 0, 12, true},
    };
    json_t *kb = table(ds, "KBArticle");
    char d1[32], d2[32], d3[32];
    for (size_t i = 0; i < N_OF(rows); i++)
        json_array_append_new(
            kb, json_pack("{s:I, s:s, s:s, s:s, s:s, s:i, s:b, s:i, s:i, s:i, s:s, s:s, s:s, "
                          "s:i, s:[{s:i, s:s}]}",
                          "id", (json_int_t)i + 1, "name", rows[i].name, "description",
                          rows[i].desc, "resolution", rows[i].res, "tag_string", rows[i].tags,
                          "type", rows[i].type, "inactive", rows[i].inactive, "view_count",
                          rows[i].views, "useful_count", rows[i].views / 7, "notuseful_count",
                          rows[i].views / 40, "date_created",
                          sim__format_date(d1, now - (int64_t)(400 - i * 30) * DAY),
                          "date_edited", sim__format_date(d2, now - (int64_t)(20 + i * 3) * DAY),
                          "next_review_date", sim__format_date(d3, now + (int64_t)(90 + i) * DAY),
                          "creator_id", i % 2 ? 6 : 3, "faqlists", "id",
                          rows[i].type == 1 ? 1 : 2, "name",
                          rows[i].type == 1 ? "Client FAQ" : "Service Desk"));
}

/* ---- suppliers and items ---- */

static void seed_catalogue(json_t *ds)
{
    static const char *const suppliers[][4] = {
        {"Dell Technologies UK", "Account Team", "uk_orders@dell.example", "0800 123 4567"},
        {"TD SYNNEX UK", "Sales Desk", "orders@tdsynnex.example", "01256 000 111"},
        {"Pax8 UK", "Partner Success", "uk@pax8.example", "020 3000 4000"},
        {"Ubiquiti Distribution Ltd", "Trade Counter", "trade@ui-dist.example", "0161 555 0101"},
        {"BT Business", "Business Support", "support@btbusiness.example", "0800 800 152"},
        {"Old Copier Co (closed)", "", "", ""},
    };
    static const struct {
        const char *name, *desc;
        int supplier, group;
        double price, cost;
        bool recurring;
    } items[] = {
        {"Dell Latitude 5440", "14\" business laptop, i5, 16 GB, 512 GB SSD", 1, 1, 949, 812, false},
        {"Dell OptiPlex 7010", "Small form factor desktop, i5, 16 GB", 1, 1, 749, 640, false},
        {"Dell 27\" Monitor P2723D", "27 inch QHD monitor", 2, 1, 259, 205, false},
        {"Microsoft 365 Business Premium", "Per user per month", 3, 0, 18.1, 15.4, true},
        {"Microsoft 365 Business Basic", "Per user per month", 3, 0, 4.9, 4.2, true},
        {"UniFi U6 Pro Access Point", "Wi-Fi 6 ceiling access point", 4, 3, 179, 139, false},
        {"UniFi Switch 24 PoE", "24-port managed PoE switch", 4, 3, 429, 351, false},
        {"Managed Support (per user)", "Monthly managed service per user", 0, 0, 35, 0, true},
        {"Cloud Backup 1 TB", "Monthly off-site backup", 2, 0, 45, 22, true},
        {"Engineer Labour (hour)", "On-site or remote labour", 0, 0, 85, 0, false},
    };
    json_t *s = table(ds, "Supplier"), *it = table(ds, "Item");
    for (size_t i = 0; i < N_OF(suppliers); i++)
        json_array_append_new(s, json_pack("{s:I, s:s, s:s, s:s, s:s, s:b, s:s, s:i, s:s}", "id",
                                           (json_int_t)i + 1, "name", suppliers[i][0],
                                           "contact_name", suppliers[i][1], "email_address",
                                           suppliers[i][2], "phone_number", suppliers[i][3],
                                           "inactive", i == 5, "accounts_id", "", "toplevel_id",
                                           -1, "notes", ""));
    for (size_t i = 0; i < N_OF(items); i++) {
        char ref[32];
        snprintf(ref, sizeof ref, "ITM-%04zu", 100 + i);
        json_array_append_new(
            it, json_pack("{s:I, s:s, s:s, s:I, s:i, s:f, s:f, s:b, s:f, s:s, s:b, s:f}", "id",
                          (json_int_t)i + 1, "name", items[i].name, "description", items[i].desc,
                          "supplier_id", (json_int_t)(items[i].supplier ? items[i].supplier : -1),
                          "assetgroup_id", items[i].group ? items[i].group : -1, "baseprice",
                          items[i].price, "costprice", items[i].cost, "isrecurringitem",
                          items[i].recurring, "recurringprice",
                          items[i].recurring ? items[i].price : 0.0, "internalreference", ref,
                          "inactive", 0, "quantity_in_stock", items[i].recurring ? 0.0 : 4.0));
    }
}

/* ---- contracts, recurring invoices, quotes, sales orders ---- */

static void seed_contracts(json_t *ds, const struct org *org, int64_t now)
{
    json_t *con = table(ds, "ClientContract"), *rec = table(ds, "RecurringInvoice");
    json_t *clients = json_object_get(ds, "Client");
    char s1[32], s2[32], s3[32], ref[160];
    int id = 1;
    for (int c = 0; c < org->nclients; c++) {
        bool inactive = json_is_true(json_object_get(json_array_get(clients, (size_t)c), "inactive"));
        int months = c == 4 ? 12 : c == 2 ? 3 : 1;
        double hours = c == 0 ? 20 : c == 4 ? 120 : 10;
        int64_t start = now - (int64_t)(180 + c * 45) * DAY, end = start + 730 * DAY;
        if (inactive)
            end = now - 60 * DAY;
        snprintf(ref, sizeof ref, "MSA-%d-%02d", 2024 + c % 2, c + 1);
        json_array_append_new(
            con, json_pack("{s:i, s:i, s:s, s:s, s:s, s:i, s:f, s:f, s:i, s:s, s:i, s:i, s:s, "
                           "s:s}",
                           "id", id++, "client_id", c + 1, "ref", ref, "start_date",
                           sim__format_date(s1, start), "end_date", sim__format_date(s2, end),
                           "billingperiod", months, "numberofunitsfree", hours,
                           "periodchargeamount", hours * 70.0 * months, "status", inactive ? 2 : 1,
                           "contract_status", inactive ? "Expired" : "Active", "sla_id",
                           c == 0 || c == 4 ? 2 : 1, "site_id", org->site_first[c], "note",
                           "Managed service agreement with block hours per period",
                           "contracttype", "Managed Service"));
        if (inactive)
            continue;
        int users = 0;
        for (int s = 0; s < org->site_count[c]; s++)
            users += org->user_count[org->site_first[c] + s];
        json_t *lines = json_pack("[{s:i, s:s, s:s, s:f, s:f}, {s:i, s:s, s:s, s:f, s:f}]",
                                  "item_id", 8, "item_code", "MSP-SUPPORT",
                                  "item_shortdescription", "Managed support per user per month",
                                  "qty_order", (double)users, "unit_price", 35.0, "item_id", 4,
                                  "item_code", "M365-BP", "item_shortdescription",
                                  "Microsoft 365 Business Premium", "qty_order", (double)users,
                                  "unit_price", 18.1);
        snprintf(ref, sizeof ref, "Monthly managed services - %s",
                 json_string_value(json_object_get(json_array_get(clients, (size_t)c), "name")));
        json_array_append_new(
            rec, json_pack("{s:i, s:i, s:i, s:s, s:b, s:i, s:s, s:s, s:s, s:f, s:I, s:o}", "id",
                           c + 1, "client_id", c + 1, "site_id", org->site_first[c], "reference",
                           ref, "is_recurring_invoice", 1, "period", 1, "startdate",
                           sim__format_date(s1, start), "nextcreationdate",
                           sim__format_date(s2, now + (int64_t)(30 - (now / DAY) % 30) * DAY),
                           "schedule_date", sim__format_date(s3, now - (int64_t)((now / DAY) % 30) * DAY),
                           "total", users * (35.0 + 18.1) * 1.2, "contract_id",
                           (json_int_t)(id - 1), "lines", lines));
    }
    /* A second, prepaid project block for the first client. */
    json_array_append_new(
        con, json_pack("{s:i, s:i, s:s, s:s, s:s, s:i, s:f, s:f, s:i, s:s, s:i, s:s, s:s}", "id",
                       id, "client_id", 1, "ref", "BLOCK-40H", "start_date",
                       sim__format_date(s1, now - 50 * DAY), "end_date",
                       sim__format_date(s2, now + 315 * DAY), "billingperiod", 12,
                       "numberofunitsfree", 40.0, "periodchargeamount", 3200.0, "status", 1,
                       "contract_status", "Active", "sla_id", 1, "note", "Prepaid project hours",
                       "contracttype", "Block Hours"));
}

static void seed_sales(json_t *ds, int64_t now)
{
    static const struct {
        int client, state, expires;
        const char *title, *item;
        double qty, price;
    } quotes[] = {
        {1, 0, 21, "Wi-Fi upgrade for the warehouse", "UniFi U6 Pro Access Point", 6, 179},
        {2, 0, 10, "Replacement laptops for reception", "Dell Latitude 5440", 3, 949},
        {3, 1, 30, "Core switch replacement", "UniFi Switch 24 PoE", 2, 429},
        {4, 2, 14, "Classroom monitors", "Dell 27\" Monitor P2723D", 12, 259},
        {5, 0, -5, "Backup extension to 2 TB", "Cloud Backup 1 TB", 2, 45},
        {1, 0, 40, "Firewall upgrade (with opportunity)", "Engineer Labour (hour)", 16, 85},
    };
    json_t *q = table(ds, "Quotation"), *so = table(ds, "SalesOrder");
    char d1[32], d2[32], d3[32];
    for (size_t i = 0; i < N_OF(quotes); i++) {
        double net = quotes[i].qty * quotes[i].price;
        json_t *quote = json_pack(
            "{s:I, s:s, s:i, s:i, s:i, s:s, s:s, s:f, s:f, s:f, s:s, s:i, s:s, s:[{s:i, s:s, "
            "s:f, s:f, s:f}]}",
            "id", (json_int_t)i + 1, "title", quotes[i].title, "client_id", quotes[i].client,
            "status", quotes[i].state, "approvalstate", quotes[i].state, "date",
            sim__format_date(d1, now - (int64_t)(10 + i * 4) * DAY), "expiry_date",
            sim__format_date(d2, now + (int64_t)quotes[i].expires * DAY), "revenue", net,
            "tax_total", net * 0.2, "total", net * 1.2, "note", "Prices exclude installation.",
            "assigned_agent", 1, "createdbyagentname", "Halo Admin", "lines", "id",
            (int)i * 10 + 1, "name", quotes[i].item, "quantity", quotes[i].qty, "price",
            quotes[i].price, "net_amount", net);
        if (quotes[i].state)
            json_object_set_new(quote, "approvaldatetime",
                                json_string(sim__format_date(d3, now - (int64_t)i * DAY)));
        if (quotes[i].state == 1)
            set_str(quote, "approvalname", "Kestrel Engineering Ltd: Finance Director");
        json_array_append_new(q, quote);
    }
    /* Orders: one from the approved quote, one open, one delivered. */
    json_array_append_new(so, json_pack("{s:i, s:s, s:i, s:i, s:i, s:s, s:f, s:f, s:i, s:i, "
                                        "s:s, s:[{s:i, s:s, s:f, s:f}]}",
                                        "id", 1, "title", "Core switch replacement", "client_id", 3,
                                        "quotation_id", 3, "open_status", 1, "date",
                                        sim__format_date(d1, now - 3 * DAY), "total", 1029.6,
                                        "cost", 702.0, "status", 1, "assigned_agent", 6,
                                        "po_number", "KES-PO-2231", "lines", "id", 1, "name",
                                        "UniFi Switch 24 PoE", "quantity", 2.0, "price", 429.0));
    json_array_append_new(so, json_pack("{s:i, s:s, s:i, s:i, s:s, s:f, s:f, s:i, s:s}", "id", 2,
                                        "title", "New starter laptop", "client_id", 5,
                                        "open_status", 1, "date",
                                        sim__format_date(d1, now - 1 * DAY), "total", 1138.8,
                                        "cost", 812.0, "status", 0, "po_number", "MER-4471"));
    json_array_append_new(so, json_pack("{s:i, s:s, s:i, s:i, s:s, s:s, s:f, s:f, s:i}", "id", 3,
                                        "title", "Toner and drum units", "client_id", 2,
                                        "open_status", 0, "date",
                                        sim__format_date(d1, now - 40 * DAY), "ship_date",
                                        sim__format_date(d2, now - 37 * DAY), "total", 316.8,
                                        "cost", 210.0, "status", 2));
}

/* ---- approvals ---- */

static void seed_approvals(json_t *ds, int64_t now)
{
    json_t *ap = table(ds, "TicketApproval"), *t;
    size_t i;
    int id = 1, pending_mine = 0;
    char d1[32], d2[32];
    json_array_foreach(json_object_get(ds, "Tickets"), i, t) {
        json_int_t type = json_integer_value(json_object_get(t, "tickettype_id"));
        json_int_t status = json_integer_value(json_object_get(t, "status_id"));
        json_int_t tid = json_integer_value(json_object_get(t, "id"));
        if ((type != 5 && type != 3) || status == 8 || status == 9 || id > 8)
            continue;
        /* The API agent approves changes and spend; a senior engineer is
         * the second approver of changes (and has approved every other). */
        bool mine = pending_mine < 4, done = tid % 2 == 0;
        int first = id++;
        json_array_append_new(
            ap, json_pack("{s:i, s:I, s:i, s:i, s:i, s:i, s:s, s:s, s:s, s:s, s:b}", "id", first,
                          "ticket_id", tid, "seq", 1, "result", 0, "agent_id",
                          mine ? SIM_API_AGENT_ID : 6, "requestor_agent_id", 3, "datetime",
                          sim__format_date(d1, now - (int64_t)(first % 5 + 1) * 5 * HOUR),
                          "dateapproved", SIM_DATE_UNSET, "note",
                          type == 5 ? "Please approve this change for the next maintenance window."
                                    : "Please approve the cost of this request.",
                          "approval_process_name",
                          type == 5 ? "Change Advisory" : "Spend Approval", "is_mandatory", 1));
        pending_mine += mine;
        if (type != 5)
            continue;
        json_array_append_new(
            ap, json_pack("{s:i, s:I, s:i, s:i, s:i, s:i, s:s, s:s, s:s, s:s, s:b}", "id", id++,
                          "ticket_id", tid, "seq", 2, "result", done ? 1 : 0, "agent_id", 7,
                          "requestor_agent_id", 3, "datetime",
                          sim__format_date(d1, now - 30 * HOUR), "dateapproved",
                          done ? sim__format_date(d2, now - 6 * HOUR) : SIM_DATE_UNSET,
                          "approver_note", done ? "Approved, low risk." : "",
                          "approval_process_name", "Change Advisory", "is_mandatory", 0));
    }
}

/* ---- attachments ---- */

/* A 1x1 PNG: the one binary file of the tenant. */
static const char png_b64[] =
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==";

static void add_attachment(json_t *atts, int id, json_int_t ticket, json_int_t action,
                           const char *name, const char *b64, size_t size, const char *when,
                           const char *ctype, bool image)
{
    json_array_append_new(atts, json_pack("{s:i, s:s, s:s, s:s, s:I, s:i, s:b, s:s, s:I, s:I, "
                                          "s:I, s:i, s:b, s:s}",
                                          "id", id, "filename", name, "datecreated", when, "note",
                                          "", "filesize", (json_int_t)size, "type", 0, "isimage",
                                          image, "content_type", ctype, "ticket_id", ticket,
                                          "action_id", action, "faultid", ticket, "agent_id", -1,
                                          "showforusers", 1, "data_base64", b64));
}

/* One file for every action that says it has one: the user's screenshots
 * (the small PNG) and log files (text). */
static void seed_attachments(json_t *ds)
{
    json_t *atts = table(ds, "Attachment"), *a, *tickets = json_object_get(ds, "Tickets");
    size_t i;
    int id = 1;
    json_array_foreach(json_object_get(ds, "Actions"), i, a) {
        if (json_integer_value(json_object_get(a, "attachment_count")) <= 0)
            continue;
        json_int_t tid = json_integer_value(json_object_get(a, "ticket_id"));
        const char *when = json_string_value(json_object_get(a, "datetime"));
        if (json_integer_value(json_object_get(a, "who_type")) == 0 && id % 3 == 1) {
            unsigned char *bytes;
            size_t len = 0;
            if (sim__b64_decode(png_b64, &bytes, &len) == 0)
                free(bytes);
            add_attachment(atts, id++, tid, json_integer_value(json_object_get(a, "id")),
                           "screenshot.png", png_b64, len, when, "image/png", true);
            continue;
        }
        const char *summary =
            json_string_value(json_object_get(json_array_get(tickets, (size_t)tid - 1), "summary"));
        char *text = xasprintf("%s ERROR %s\n%s WARN retrying (attempt 2 of 3)\n"
                               "%s INFO collected by the service desk for ticket %lld\n",
                               when, summary ? summary : "", when, when, (long long)tid);
        char *b64 = sim__b64_encode((const unsigned char *)text, strlen(text));
        add_attachment(atts, id++, tid, json_integer_value(json_object_get(a, "id")),
                       "error-log.txt", b64, strlen(text), when, "text/plain", false);
        free(b64);
        free(text);
    }
}

/* ---- saved reports ---- */

static void seed_reports(json_t *ds)
{
    static const struct {
        const char *name, *sql;
        int group;
    } rows[] = {
        {"Open tickets by client",
         "SELECT a.aareadesc AS client, COUNT(*) AS open_tickets FROM FAULTS f JOIN AREA a ON "
         "a.Aarea = f.Areaint WHERE f.Status NOT IN (8, 9) GROUP BY a.aareadesc ORDER BY "
         "open_tickets DESC",
         1},
        {"Time logged per agent, last 30 days",
         "SELECT u.uname AS agent, ROUND(SUM(ac.timetaken), 2) AS hours FROM ACTIONS ac JOIN "
         "UNAME u ON u.Unum = ac.whoagentid WHERE ac.Whe_ >= DATEADD(day, -30, GETDATE()) GROUP "
         "BY u.uname ORDER BY hours DESC",
         1},
        {"Tickets closed in the last 30 days",
         "SELECT f.Faultid, f.Symptom, f.datecleared FROM FAULTS f WHERE f.Status = 9 AND "
         "DATEDIFF(day, f.datecleared, GETDATE()) <= 30 ORDER BY f.datecleared DESC",
         1},
        {"Tickets by priority and status",
         "SELECT p.Pdesc AS priority, s.tstatusdesc AS status, COUNT(*) AS tickets FROM FAULTS f "
         "JOIN POLICY p ON p.Ppolicy = f.seriousness AND p.Pslaid = f.Slaid JOIN TSTATUS s ON "
         "s.Tstatus = f.Status GROUP BY p.Pdesc, s.tstatusdesc",
         1},
        {"Contract hours used this month",
         "SELECT ch.CHcontractRef AS contract, a.aareadesc AS client, ch.CHNumberofUnitsFree AS "
         "hours_included, ROUND(SUM(ac.ActionChargeHours), 2) AS hours_used FROM CONTRACTHEADER "
         "ch JOIN AREA a ON a.Aarea = ch.CHarea LEFT JOIN FAULTS f ON f.Areaint = ch.CHarea LEFT "
         "JOIN ACTIONS ac ON ac.Faultid = f.Faultid AND DATEDIFF(month, ac.Whe_, GETDATE()) = 0 "
         "GROUP BY ch.CHcontractRef, a.aareadesc, ch.CHNumberofUnitsFree",
         2},
        {"Unpaid invoices",
         "SELECT i.IHInvoiceNumber AS invoice, a.aareadesc AS client, i.IHAmountDue AS due, "
         "i.IHDue_Date AS due_date FROM INVOICEHEADER i JOIN AREA a ON a.Aarea = i.IHaarea WHERE "
         "i.IHAmountDue > 0 ORDER BY i.IHDue_Date",
         2},
    };
    json_t *r = table(ds, "Report");
    for (size_t i = 0; i < N_OF(rows); i++)
        json_array_append_new(r, json_pack("{s:I, s:s, s:s, s:i, s:s, s:i}", "id",
                                           (json_int_t)i + 1, "name", rows[i].name, "sql",
                                           rows[i].sql, "reportgroup_id", rows[i].group,
                                           "group_name",
                                           rows[i].group == 1 ? "Service Desk" : "Finance",
                                           "type", 0));
}

void sim__seed_more(json_t *ds, const struct org *org, unsigned seed, int64_t now, bool compact)
{
    (void)seed; /* the newer domains are fixed; the tickets they refer to vary */
    seed_lookups(ds);
    seed_projects(ds, now);
    seed_time(ds, now, compact);
    seed_appointments(ds, now);
    seed_kb(ds, now);
    seed_catalogue(ds);
    seed_contracts(ds, org, now);
    seed_sales(ds, now);
    seed_approvals(ds, now);
    if (!compact)
        seed_attachments(ds);
    table(ds, "Attachment");
    table(ds, "Timesheet");
    seed_reports(ds);
}
