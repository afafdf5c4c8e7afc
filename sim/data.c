/* data.c - what HaloPSA's records are beyond their stored fields: list
 * wrapper keys, defaults for created records and referential integrity. */
#include "sim_int.h"

#include "base/base.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

/* Returns a static string. */
const char *sim__wrapper_key(const char *entity)
{
    static const struct {
        const char *entity, *key;
    } keys[] = {
        {"Tickets", "tickets"}, {"Actions", "actions"}, {"Client", "clients"},
        {"Site", "sites"},      {"Users", "users"},     {"Asset", "assets"},
        {"Invoice", "invoices"},
    };
    if (!entity)
        return NULL;
    for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++)
        if (strcasecmp(entity, keys[i].entity) == 0)
            return keys[i].key;
    return NULL;
}

/* ---- defaults and integrity for created and updated records ---- */

static void now_str(char *out)
{
    sim__format_date(out, base_wall_ms());
}

static bool get_int(const json_t *rec, const char *k, json_int_t *out)
{
    json_t *v = json_object_get(rec, k);
    if (json_is_integer(v)) {
        *out = json_integer_value(v);
        return true;
    }
    if (json_is_real(v)) {
        *out = (json_int_t)json_real_value(v);
        return true;
    }
    if (json_is_string(v)) {
        const char *s = json_string_value(v);
        char *end;
        long long n = strtoll(s, &end, 10);
        if (end == s)
            return false;
        *out = n;
        return true;
    }
    return false;
}

static bool has_text(const json_t *rec, const char *k)
{
    const char *s = json_string_value(json_object_get(rec, k));
    if (!s)
        return false;
    while (*s == ' ' || *s == '\t' || *s == '\r' || *s == '\n')
        s++;
    return *s != '\0';
}

static void set_default(json_t *rec, const char *k, json_t *v)
{
    if (!json_object_get(rec, k))
        json_object_set_new(rec, k, v);
    else
        json_decref(v);
}

/* Ids arrive as strings ("130") or decimals (21.0) as well as ints; the
 * store keeps them as ints. */
static void normalise_ids(const char *entity, json_t *rec)
{
    const char *k;
    json_t *v;
    void *tmp;
    json_object_foreach_safe(rec, tmp, k, v) {
        size_t n = strlen(k);
        bool idish = strcmp(k, "id") == 0 || (n > 3 && strcmp(k + n - 3, "_id") == 0) ||
                     strcmp(k, "new_status") == 0 || strcmp(k, "who_agentid") == 0 ||
                     strncmp(k, "categoryid_", 11) == 0 || strcmp(k, "priorityid") == 0;
        json_int_t x;
        if (!idish || json_is_integer(v))
            continue;
        if (strcmp(k, "id") == 0 && strcasecmp(entity, "Priority") == 0)
            continue;
        if ((json_is_string(v) || json_is_real(v)) && get_int(rec, k, &x))
            json_object_set_new(rec, k, json_integer(x));
    }
}

/* Halo ignores body fields it does not know ("status" for "status_id"):
 * they are not saved and do not come back. */
static void drop_unknown(const char *entity, json_t *rec)
{
    const char *k;
    json_t *v;
    void *tmp;
    json_object_foreach_safe(rec, tmp, k, v) {
        (void)v;
        if (!sim__known_field(entity, k))
            json_object_del(rec, k);
    }
}

static int fail(char *err, size_t errlen, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static int fail(char *err, size_t errlen, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    if (errlen)
        vsnprintf(err, errlen, fmt, ap);
    va_end(ap);
    return -1;
}

/* Borrowed record or NULL. */
static json_t *find_by_name(struct sim_db *db, const char *entity, const char *field,
                            const char *name)
{
    size_t i;
    json_t *r;
    if (!name)
        return NULL;
    json_array_foreach(sim__db_all(db, entity), i, r) {
        const char *n = json_string_value(json_object_get(r, field));
        if (n && strcasecmp(n, name) == 0)
            return r;
    }
    return NULL;
}

static bool status_closed(json_int_t s)
{
    return s == 8 || s == 9;
}

static int complete_ticket(struct sim_db *db, json_t *rec, bool is_new, char *err, size_t errlen)
{
    char now[32];
    json_int_t client = -1, site = -1, user = -1, type = -1, v;
    now_str(now);
    if (is_new && !has_text(rec, "summary"))
        return fail(err, errlen, "Summary is required");
    if (!get_int(rec, "client_id", &client) || client <= 0)
        return fail(err, errlen, "Client is required (client_id)");
    json_t *cl = sim__db_get(db, "Client", client);
    if (!cl)
        return fail(err, errlen, "Client %lld does not exist", (long long)client);
    if (get_int(rec, "site_id", &site) && site > 0) {
        json_t *st = sim__db_get(db, "Site", site);
        json_int_t owner;
        if (!st)
            return fail(err, errlen, "Site %lld does not exist", (long long)site);
        if (get_int(st, "client_id", &owner) && owner != client)
            return fail(err, errlen, "Site %lld does not belong to Client %lld", (long long)site,
                        (long long)client);
    } else if (is_new && get_int(cl, "main_site_id", &site) && site > 0) {
        json_object_set_new(rec, "site_id", json_integer(site));
    }
    if (get_int(rec, "user_id", &user) && user > 0 && !sim__db_get(db, "Users", user))
        return fail(err, errlen, "User %lld does not exist", (long long)user);
    if (get_int(rec, "tickettype_id", &type) && type > 0) {
        if (!sim__db_get(db, "TicketType", type))
            return fail(err, errlen, "Ticket Type %lld does not exist", (long long)type);
    } else if (is_new) {
        type = 1;
        json_object_set_new(rec, "tickettype_id", json_integer(type));
    }
    if (get_int(rec, "status_id", &v) && !sim__db_get(db, "Status", v))
        return fail(err, errlen, "Status %lld does not exist", (long long)v);
    if (get_int(rec, "agent_id", &v) && v > 0 && !sim__db_get(db, "Agent", v))
        return fail(err, errlen, "Agent %lld does not exist", (long long)v);
    if (get_int(rec, "priority_id", &v) && v > 0 && !sim__db_get(db, "Priority", v))
        return fail(err, errlen, "Priority %lld does not exist", (long long)v);
    /* A team may be sent by name, as tickets carry it. */
    if (!json_object_get(rec, "team_id") && has_text(rec, "team")) {
        json_t *t = find_by_name(db, "Team", "name", json_string_value(json_object_get(rec, "team")));
        if (!t)
            return fail(err, errlen, "Team '%s' does not exist",
                        json_string_value(json_object_get(rec, "team")));
        json_object_set_new(rec, "team_id", json_deep_copy(json_object_get(t, "id")));
    }
    if (is_new) {
        json_t *tt = sim__db_get(db, "TicketType", type);
        json_int_t pri = 3;
        if (tt)
            get_int(tt, "default_priority", &pri);
        set_default(rec, "status_id", json_integer(1));
        set_default(rec, "priority_id", json_integer(pri));
        set_default(rec, "sla_id", json_integer(1));
        set_default(rec, "agent_id", json_integer(-1));
        set_default(rec, "user_id", json_integer(-1));
        set_default(rec, "details", json_string(""));
        set_default(rec, "category_1", json_string(""));
        set_default(rec, "categoryid_1", json_integer(-1));
        if (!json_object_get(rec, "team_id")) {
            json_t *t = tt ? find_by_name(db, "Team", "name",
                                          json_string_value(json_object_get(tt, "default_team")))
                           : NULL;
            json_object_set_new(rec, "team_id", t ? json_integer(json_integer_value(json_object_get(t, "id")))
                                                  : json_integer(-1));
        }
        set_default(rec, "dateoccurred", json_string(now));
        set_default(rec, "lastactiondate", json_string(now));
        set_default(rec, "impact", json_integer(3));
        set_default(rec, "urgency", json_integer(3));
        set_default(rec, "onhold", json_false());
    }
    json_object_set_new(rec, "last_update", json_string(now));
    if (get_int(rec, "status_id", &v)) {
        const char *dc = json_string_value(json_object_get(rec, "dateclosed"));
        bool unset = !dc || strcmp(dc, SIM_DATE_UNSET) == 0;
        if (status_closed(v) && unset)
            json_object_set_new(rec, "dateclosed", json_string(now));
        else if (!status_closed(v) && !unset)
            json_object_set_new(rec, "dateclosed", json_string(SIM_DATE_UNSET));
        json_object_set_new(rec, "onhold", json_boolean(v == 4 || v == 5));
    }
    return 0;
}

static int complete_action(struct sim_db *db, json_t *rec, bool is_new, char *err, size_t errlen)
{
    char now[32];
    json_int_t tid, oid = 0, ns;
    json_t *ticket, *outcome = NULL;
    now_str(now);
    if (!get_int(rec, "ticket_id", &tid) || tid <= 0)
        return fail(err, errlen, "Ticket ID is required (ticket_id)");
    ticket = sim__db_get(db, "Tickets", tid);
    if (!ticket)
        return fail(err, errlen, "Ticket %lld does not exist", (long long)tid);
    if (get_int(rec, "outcome_id", &oid) && oid > 0) {
        outcome = sim__db_get(db, "Outcome", oid);
        if (!outcome)
            return fail(err, errlen, "Outcome %lld does not exist", (long long)oid);
    } else if (has_text(rec, "outcome")) {
        const char *name = json_string_value(json_object_get(rec, "outcome"));
        outcome = find_by_name(db, "Outcome", "outcome", name);
        if (!outcome)
            outcome = find_by_name(db, "Outcome", "buttonname", name);
        if (!outcome)
            return fail(err, errlen, "Outcome '%s' does not exist", name);
    } else
        return fail(err, errlen, "Outcome is required (outcome or outcome_id)");
    json_object_set_new(rec, "outcome_id", json_deep_copy(json_object_get(outcome, "id")));
    json_object_set_new(rec, "outcome", json_deep_copy(json_object_get(outcome, "outcome")));
    if (get_int(rec, "new_status", &ns) && ns > 0 && !sim__db_get(db, "Status", ns))
        return fail(err, errlen, "Status %lld does not exist", (long long)ns);
    if (is_new) {
        json_t *me = sim__db_get(db, "Agent", SIM_API_AGENT_ID);
        const char *who = me ? json_string_value(json_object_get(me, "name")) : NULL;
        const char *oname = json_string_value(json_object_get(outcome, "outcome"));
        bool private = json_integer_value(json_object_get(outcome, "id")) == 1 ||
                       (oname && strcasecmp(oname, "Private Note") == 0) ||
                       json_is_true(json_object_get(outcome, "hidefromuser"));
        set_default(rec, "datetime", json_string(now));
        set_default(rec, "who", json_string(who ? who : "API Integration"));
        set_default(rec, "who_type", json_integer(1));
        set_default(rec, "who_agentid", json_integer(SIM_API_AGENT_ID));
        set_default(rec, "actionby_agent_id", json_integer(SIM_API_AGENT_ID));
        set_default(rec, "actionby_application_id", json_string(SIM_API_APP_NAME));
        set_default(rec, "hiddenfromuser", json_boolean(private));
        set_default(rec, "timetaken", json_real(0.0));
        if (!json_object_get(rec, "note")) {
            /* Only HTML sent: keep a plain-text copy as Halo does. */
            const char *h = json_string_value(json_object_get(rec, "note_html"));
            struct buf b = {0};
            bool tag = false;
            for (; h && *h; h++) {
                if (*h == '<')
                    tag = true;
                else if (*h == '>')
                    tag = false;
                else if (!tag)
                    buf_append(&b, h, 1);
            }
            char *t = buf_steal(&b);
            json_object_set_new(rec, "note", json_string(t));
            free(t);
        }
        json_int_t se = 0;
        get_int(outcome, "sendemail", &se);
        set_default(rec, "emaildirection", json_string(se ? "O" : ""));
        set_default(rec, "attachment_count", json_integer(0));
    }
    /* The ticket follows its newest action (the lock is held). */
    if (is_new) {
        double spent = json_number_value(json_object_get(ticket, "timetaken")) +
                       json_number_value(json_object_get(rec, "timetaken"));
        json_object_set_new(ticket, "timetaken", json_real(spent));
    }
    json_t *when = json_object_get(rec, "datetime");
    if (json_is_string(when))
        json_object_set_new(ticket, "lastactiondate", json_deep_copy(when));
    json_object_set_new(ticket, "last_update", json_string(now));
    if (get_int(rec, "new_status", &ns) && ns > 0) {
        json_int_t old = 0;
        get_int(ticket, "status_id", &old);
        if (is_new)
            set_default(rec, "old_status", json_integer(old));
        json_object_set_new(ticket, "status_id", json_integer(ns));
        json_object_set_new(ticket, "onhold", json_boolean(ns == 4 || ns == 5));
        if (status_closed(ns))
            json_object_set_new(ticket, "dateclosed", json_string(now));
        else if (json_object_get(ticket, "dateclosed"))
            json_object_set_new(ticket, "dateclosed", json_string(SIM_DATE_UNSET));
    }
    return 0;
}

static int require_name(const json_t *rec, const char *what, char *err, size_t errlen)
{
    if (!has_text(rec, "name"))
        return fail(err, errlen, "%s Name is required", what);
    return 0;
}

int sim__complete(struct sim_db *db, const char *entity, json_t *rec, bool is_new, char *err,
                  size_t errlen)
{
    json_int_t v;
    if (errlen)
        err[0] = '\0';
    if (!json_is_object(rec))
        return fail(err, errlen, "The record must be a JSON object");
    normalise_ids(entity, rec);
    drop_unknown(entity, rec);
    if (strcasecmp(entity, "Tickets") == 0)
        return complete_ticket(db, rec, is_new, err, errlen);
    if (strcasecmp(entity, "Actions") == 0)
        return complete_action(db, rec, is_new, err, errlen);
    if (strcasecmp(entity, "Agent") == 0) {
        if (require_name(rec, "Agent", err, errlen))
            return -1;
        if (get_int(rec, "team_id", &v) && v > 0 && !sim__db_get(db, "Team", v))
            return fail(err, errlen, "Team %lld does not exist", (long long)v);
        if (is_new) {
            set_default(rec, "isdisabled", json_false());
            set_default(rec, "is_agent", json_true());
            set_default(rec, "team_id", json_integer(-1));
        }
        return 0;
    }
    if (strcasecmp(entity, "Client") == 0) {
        if (require_name(rec, "Client", err, errlen))
            return -1;
        if (is_new) {
            set_default(rec, "inactive", json_false());
            set_default(rec, "toplevel_id", json_integer(1));
            set_default(rec, "toplevel_name", json_string("Managed Clients"));
            set_default(rec, "main_site_id", json_integer(-1));
        }
        return 0;
    }
    if (strcasecmp(entity, "Site") == 0) {
        if (require_name(rec, "Site", err, errlen))
            return -1;
        if (!get_int(rec, "client_id", &v) || v <= 0)
            return fail(err, errlen, "Client is required (client_id)");
        if (!sim__db_get(db, "Client", v))
            return fail(err, errlen, "Client %lld does not exist", (long long)v);
        if (is_new)
            set_default(rec, "inactive", json_false());
        return 0;
    }
    if (strcasecmp(entity, "Users") == 0) {
        json_t *site;
        if (require_name(rec, "User", err, errlen))
            return -1;
        if (!get_int(rec, "site_id", &v) || v <= 0)
            return fail(err, errlen, "Site is required (site_id)");
        site = sim__db_get(db, "Site", v);
        if (!site)
            return fail(err, errlen, "Site %lld does not exist", (long long)v);
        json_object_set_new(rec, "client_id", json_deep_copy(json_object_get(site, "client_id")));
        if (is_new) {
            set_default(rec, "inactive", json_false());
            set_default(rec, "isimportantcontact", json_false());
            set_default(rec, "linked_agent_id", json_integer(-1));
        }
        return 0;
    }
    if (strcasecmp(entity, "Team") == 0)
        return require_name(rec, "Team", err, errlen);
    if (strcasecmp(entity, "Asset") == 0) {
        if (get_int(rec, "client_id", &v) && v > 0 && !sim__db_get(db, "Client", v))
            return fail(err, errlen, "Client %lld does not exist", (long long)v);
        if (get_int(rec, "site_id", &v) && v > 0 && !sim__db_get(db, "Site", v))
            return fail(err, errlen, "Site %lld does not exist", (long long)v);
        if (!get_int(rec, "assettype_id", &v) || v <= 0)
            return is_new ? fail(err, errlen, "Asset Type is required (assettype_id)") : 0;
        if (!sim__db_get(db, "AssetType", v))
            return fail(err, errlen, "Asset Type %lld does not exist", (long long)v);
        if (is_new) {
            set_default(rec, "inactive", json_false());
            set_default(rec, "status_id", json_integer(1));
            set_default(rec, "inventory_number", json_string(""));
        }
        return 0;
    }
    if (strcasecmp(entity, "Invoice") == 0) {
        char now[32];
        if (!get_int(rec, "client_id", &v) || v <= 0)
            return fail(err, errlen, "Client is required (client_id)");
        if (!sim__db_get(db, "Client", v))
            return fail(err, errlen, "Client %lld does not exist", (long long)v);
        if (is_new) {
            now_str(now);
            set_default(rec, "invoice_date", json_string(now));
            set_default(rec, "lines", json_array());
            set_default(rec, "posted", json_false());
        }
        return 0;
    }
    return 0;
}

/* ---- dates ---- */

/* Returns out (borrowed). */
char *sim__format_date(char *out, int64_t ms)
{
    time_t secs = (time_t)(ms >= 0 ? ms / 1000 : (ms - 999) / 1000);
    int frac = (int)(ms - (int64_t)secs * 1000);
    struct tm tm;
    if (!gmtime_r(&secs, &tm)) {
        snprintf(out, 32, "%s", SIM_DATE_UNSET);
        return out;
    }
    int n = (int)strftime(out, 32, "%Y-%m-%dT%H:%M:%S", &tm);
    if (frac > 0) {
        /* .NET prints up to 3 digits and drops trailing zeros. */
        char f[16];
        snprintf(f, sizeof f, ".%03d", frac);
        size_t l = strlen(f);
        while (l > 1 && f[l - 1] == '0')
            f[--l] = '\0';
        snprintf(out + n, (size_t)(32 - n), "%s", f);
    }
    return out;
}

int sim__parse_date(const char *s, int64_t *ms)
{
    int y, mo, d, h = 0, mi = 0, sec = 0;
    int n = 0;
    if (!s || sscanf(s, "%4d-%2d-%2d%n", &y, &mo, &d, &n) != 3)
        return -1;
    const char *p = s + n;
    int frac = 0;
    if (*p == 'T' || *p == ' ') {
        int m = 0;
        if (sscanf(p + 1, "%2d:%2d%n", &h, &mi, &m) != 2)
            return -1;
        p += 1 + m;
        if (*p == ':') {
            m = 0;
            if (sscanf(p + 1, "%2d%n", &sec, &m) != 1)
                return -1;
            p += 1 + m;
            if (*p == '.') {
                int digits = 0;
                p++;
                while (*p >= '0' && *p <= '9') {
                    if (digits < 3) {
                        frac = frac * 10 + (*p - '0');
                        digits++;
                    }
                    p++;
                }
                while (digits > 0 && digits < 3) {
                    frac *= 10;
                    digits++;
                }
            }
        }
    }
    if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || sec > 60)
        return -1;
    struct tm tm = {0};
    tm.tm_year = y - 1900;
    tm.tm_mon = mo - 1;
    tm.tm_mday = d;
    tm.tm_hour = h;
    tm.tm_min = mi;
    tm.tm_sec = sec;
    *ms = (int64_t)timegm(&tm) * 1000 + frac;
    return 0;
}
