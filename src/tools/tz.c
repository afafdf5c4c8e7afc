/* tz.c - the time zone times are shown in. HaloPSA stores UTC and sends it
 * without a zone (halopsa-api.md §7.4); a technician reads local time. The
 * zone's TZif file (tzdata) is read once and applied here, so the
 * process's TZ is never changed under running threads. */
#include "tools_int.h"

#include "base/base.h"

#include <limits.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#define ZONEINFO "/usr/share/zoneinfo"
#define TZIF_MAX (1 << 20)

/* A POSIX TZ rule date ("M3.5.0/1", "J60", "59") and its local time. */
struct rule_day {
    char kind; /* 'M' month.week.day, 'J' Julian 1..365 without Feb 29, 'D' 0..365 */
    int month, week, day;
    int32_t secs; /* local time of day of the change */
};

struct zone {
    char name[128];
    size_t ntrans, ntypes;
    int64_t *trans;  /* transition instants (UTC seconds), ascending */
    uint8_t *idx;    /* type of each transition */
    int32_t *off;    /* UTC offset of each type, seconds east */
    /* The footer's rule, for instants after the last transition. */
    bool has_rule, rule_dst;
    int32_t std_off, dst_off;
    struct rule_day start, end;
    struct zone *next;
};

static pthread_mutex_t tz_mu = PTHREAD_MUTEX_INITIALIZER;
static struct zone *zones; /* every zone loaded, freed at exit */
static struct zone *current;

static void free_zones(void)
{
    pthread_mutex_lock(&tz_mu);
    while (zones) {
        struct zone *n = zones->next;
        free(zones->trans);
        free(zones->idx);
        free(zones->off);
        free(zones);
        zones = n;
    }
    current = NULL;
    pthread_mutex_unlock(&tz_mu);
}

/* ------------------------------------------------------------------ */
/* Calendar (proleptic Gregorian, days since 1970-01-01)               */

static int64_t days_from_civil(int64_t y, int m, int d)
{
    y -= m <= 2;
    int64_t era = (y >= 0 ? y : y - 399) / 400;
    int64_t yoe = y - era * 400;
    int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

static void civil_from_days(int64_t z, int64_t *y, int *m, int *d)
{
    z += 719468;
    int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    int64_t doe = z - era * 146097;
    int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    int64_t mp = (5 * doy + 2) / 153;
    *d = (int)(doy - (153 * mp + 2) / 5 + 1);
    *m = (int)(mp < 10 ? mp + 3 : mp - 9);
    *y = yoe + era * 400 + (*m <= 2);
}

static bool leap(int64_t y)
{
    return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int month_days(int64_t y, int m)
{
    static const int n[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return m == 2 && leap(y) ? 29 : n[m - 1];
}

/* Day (since the epoch) a rule names in year y. */
static int64_t rule_date(const struct rule_day *r, int64_t y)
{
    int64_t jan1 = days_from_civil(y, 1, 1);
    if (r->kind == 'J') /* 1..365, February 29 never counted */
        return jan1 + r->day - 1 + (leap(y) && r->day >= 60);
    if (r->kind == 'D')
        return jan1 + r->day;
    int64_t first = days_from_civil(y, r->month, 1);
    int wd = (int)(((first % 7) + 11) % 7); /* 1970-01-01 was a Thursday (4) */
    int day = 1 + (r->day - wd + 7) % 7 + (r->week - 1) * 7;
    while (day > month_days(y, r->month))
        day -= 7;
    return first + day - 1;
}

/* ------------------------------------------------------------------ */
/* The POSIX TZ footer ("GMT0BST,M3.5.0/1,M10.5.0")                    */

static const char *skip_name(const char *p)
{
    if (*p == '<') {
        const char *e = strchr(p, '>');
        return e ? e + 1 : NULL;
    }
    const char *s = p;
    while ((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z'))
        p++;
    return p - s >= 3 ? p : NULL;
}

/* [+-]hh[:mm[:ss]] into *secs; the position after it, or NULL. */
static const char *parse_hms(const char *p, int32_t *secs)
{
    int sign = 1, part[3] = {0, 0, 0};
    if (*p == '+' || *p == '-')
        sign = *p++ == '-' ? -1 : 1;
    for (int i = 0; i < 3; i++) {
        if (i && *p != ':')
            break;
        if (i)
            p++;
        if (*p < '0' || *p > '9')
            return NULL;
        while (*p >= '0' && *p <= '9')
            part[i] = part[i] * 10 + (*p++ - '0');
    }
    *secs = sign * (part[0] * 3600 + part[1] * 60 + part[2]);
    return p;
}

static const char *parse_rule_day(const char *p, struct rule_day *r)
{
    char *end;
    r->secs = 7200;
    if (*p == 'M') {
        r->kind = 'M';
        r->month = (int)strtol(p + 1, &end, 10);
        if (*end != '.')
            return NULL;
        r->week = (int)strtol(end + 1, &end, 10);
        if (*end != '.')
            return NULL;
        r->day = (int)strtol(end + 1, &end, 10);
        if (r->month < 1 || r->month > 12 || r->week < 1 || r->week > 5 || r->day < 0 ||
            r->day > 6)
            return NULL;
    } else {
        r->kind = *p == 'J' ? 'J' : 'D';
        r->day = (int)strtol(p + (*p == 'J'), &end, 10);
        if (end == p + (*p == 'J') || r->day < 0 || r->day > 365)
            return NULL;
    }
    p = end;
    if (*p == '/')
        p = parse_hms(p + 1, &r->secs);
    return p;
}

/* Fills z's rule from a footer; false when there is none it can use. */
static bool parse_footer(struct zone *z, const char *s)
{
    int32_t std, dst;
    const char *p = skip_name(s);
    if (!p || !(p = parse_hms(p, &std)))
        return false;
    z->std_off = -std; /* POSIX counts west of Greenwich */
    z->rule_dst = false;
    if (!*p)
        return true;
    if (!(p = skip_name(p)))
        return false;
    dst = std - 3600;
    if (*p && *p != ',' && !(p = parse_hms(p, &dst)))
        return false;
    z->dst_off = -dst;
    if (*p != ',' || !(p = parse_rule_day(p + 1, &z->start)) || *p != ',' ||
        !(p = parse_rule_day(p + 1, &z->end)) || *p)
        return false;
    z->rule_dst = true;
    return true;
}

static int32_t rule_offset(const struct zone *z, int64_t t)
{
    if (!z->rule_dst)
        return z->std_off;
    int64_t y;
    int m, d;
    civil_from_days((t + z->std_off) / 86400 - ((t + z->std_off) % 86400 < 0), &y, &m, &d);
    int64_t start = rule_date(&z->start, y) * 86400 + z->start.secs - z->std_off;
    int64_t end = rule_date(&z->end, y) * 86400 + z->end.secs - z->dst_off;
    bool dst = start < end ? (t >= start && t < end) : !(t >= end && t < start);
    return dst ? z->dst_off : z->std_off;
}

/* ------------------------------------------------------------------ */
/* TZif files                                                          */

static uint32_t be32(const unsigned char *p)
{
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static int64_t be64(const unsigned char *p)
{
    return (int64_t)((uint64_t)be32(p) << 32 | be32(p + 4));
}

/* The zone in a TZif image (n bytes), or NULL when it is not one. New. */
static struct zone *parse_tzif(const unsigned char *p, size_t n)
{
    if (n < 44 || memcmp(p, "TZif", 4) != 0)
        return NULL;
    bool v2 = p[4] >= '2';
    const unsigned char *h = p;
    size_t tsize = 4;
    for (int pass = 0; pass < (v2 ? 2 : 1); pass++) {
        if ((size_t)(h - p) + 44 > n)
            return NULL;
        uint32_t isut = be32(h + 20), isstd = be32(h + 24), leapcnt = be32(h + 28);
        uint32_t timecnt = be32(h + 32), typecnt = be32(h + 36), charcnt = be32(h + 40);
        size_t body = (size_t)timecnt * (tsize + 1) + (size_t)typecnt * 6 + charcnt +
                      (size_t)leapcnt * (tsize + 4) + isstd + isut;
        if (typecnt == 0 || typecnt > 256 || timecnt > 100000 ||
            (size_t)(h - p) + 44 + body > n)
            return NULL;
        if (pass == 0 && v2) { /* the 64-bit copy follows the 32-bit one */
            h += 44 + body;
            tsize = 8;
            continue;
        }
        const unsigned char *d = h + 44;
        struct zone *z = xcalloc(1, sizeof *z);
        z->ntrans = timecnt;
        z->ntypes = typecnt;
        z->trans = xcalloc(timecnt ? timecnt : 1, sizeof *z->trans);
        z->idx = xcalloc(timecnt ? timecnt : 1, 1);
        z->off = xcalloc(typecnt, sizeof *z->off);
        for (size_t i = 0; i < timecnt; i++)
            z->trans[i] = tsize == 8 ? be64(d + i * 8) : (int32_t)be32(d + i * 4);
        d += timecnt * tsize;
        for (size_t i = 0; i < timecnt; i++) {
            z->idx[i] = d[i] < typecnt ? d[i] : 0;
        }
        d += timecnt;
        for (size_t i = 0; i < typecnt; i++)
            z->off[i] = (int32_t)be32(d + i * 6);
        const unsigned char *foot = h + 44 + body;
        if (v2 && foot < p + n && *foot == '\n') {
            const unsigned char *e = memchr(foot + 1, '\n', (size_t)(p + n - foot - 1));
            if (e && e > foot + 1) {
                char *rule = xstrndup((const char *)foot + 1, (size_t)(e - foot - 1));
                z->has_rule = parse_footer(z, rule);
                free(rule);
            }
        }
        return z;
    }
    return NULL;
}

/* A zone name that stays inside the zoneinfo directory. */
static bool safe_name(const char *name)
{
    size_t n = strlen(name);
    if (n == 0 || n >= 100 || name[0] == '/' || strstr(name, ".."))
        return false;
    for (const char *p = name; *p; p++) {
        if (!((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') ||
              strchr("/_+-", *p)))
            return false;
    }
    return true;
}

static struct zone *read_zone(const char *file, const char *name)
{
    FILE *f = fopen(file, "rb");
    if (!f)
        return NULL;
    unsigned char *data = xmalloc(TZIF_MAX);
    size_t n = fread(data, 1, TZIF_MAX, f);
    fclose(f);
    struct zone *z = parse_tzif(data, n);
    free(data);
    if (z)
        snprintf(z->name, sizeof z->name, "%s", name);
    return z;
}

static struct zone *utc_zone(const char *name)
{
    struct zone *z = xcalloc(1, sizeof *z);
    z->ntypes = 1;
    z->off = xcalloc(1, sizeof *z->off);
    snprintf(z->name, sizeof z->name, "%s", name);
    return z;
}

static bool is_utc_name(const char *name)
{
    return strcasecmp(name, "UTC") == 0 || strcasecmp(name, "Etc/UTC") == 0 ||
           strcasecmp(name, "GMT") == 0 || strcasecmp(name, "Etc/GMT") == 0 ||
           strcasecmp(name, "Z") == 0;
}

static struct zone *load_named(const char *name, char *err, size_t errlen)
{
    char file[PATH_MAX];
    if (!safe_name(name)) {
        snprintf(err, errlen, "'%s' is not a time zone name (use an IANA name such as "
                              "Europe/London or UTC)", name);
        return NULL;
    }
    snprintf(file, sizeof file, "%s/%s", ZONEINFO, name);
    struct zone *z = read_zone(file, name);
    if (!z && is_utc_name(name))
        z = utc_zone("UTC");
    if (!z)
        snprintf(err, errlen, "no time zone '%s' in " ZONEINFO " (an IANA name such as "
                              "Europe/London or America/New_York; is tzdata installed?)", name);
    return z;
}

/* The machine's own zone: TZ, else /etc/localtime (named after its link
 * target or /etc/timezone), else UTC. Never NULL. */
static struct zone *load_local(void)
{
    char err[256], link[PATH_MAX], name[128] = "";
    const char *tz = getenv("TZ");
    struct zone *z = NULL;
    if (tz && *tz) {
        if (*tz == ':')
            tz++;
        if ((z = load_named(tz, err, sizeof err)))
            return z;
        log_warn("TZ=%s is not a zone name; times are shown in UTC (set HALOPSA_TIMEZONE)", tz);
        return utc_zone("UTC");
    }
    ssize_t n = readlink("/etc/localtime", link, sizeof link - 1);
    if (n > 0) {
        link[n] = '\0';
        const char *at = strstr(link, "zoneinfo/");
        if (at)
            snprintf(name, sizeof name, "%s", at + strlen("zoneinfo/"));
    }
    if (!*name) {
        FILE *f = fopen("/etc/timezone", "r");
        if (f) {
            if (fgets(name, sizeof name, f))
                name[strcspn(name, " \r\n")] = '\0';
            fclose(f);
        }
    }
    z = read_zone("/etc/localtime", *name ? name : "localtime");
    return z ? z : utc_zone("UTC");
}

int tools__tz_load(const char *name, char *err, size_t errlen)
{
    struct zone *z;
    pthread_mutex_lock(&tz_mu);
    bool same = current && name && *name && strcmp(current->name, name) == 0;
    pthread_mutex_unlock(&tz_mu);
    if (same)
        return 0;
    z = name && *name ? load_named(name, err, errlen) : load_local();
    if (!z)
        return -1;
    pthread_mutex_lock(&tz_mu);
    if (!zones)
        atexit(free_zones);
    z->next = zones;
    zones = z;
    current = z;
    pthread_mutex_unlock(&tz_mu);
    return 0;
}

/* The zone in use (loading the machine's own the first time). */
static const struct zone *zone_now(void)
{
    pthread_mutex_lock(&tz_mu);
    const struct zone *z = current;
    pthread_mutex_unlock(&tz_mu);
    if (!z) {
        char err[8];
        tools__tz_load(NULL, err, sizeof err);
        pthread_mutex_lock(&tz_mu);
        z = current;
        pthread_mutex_unlock(&tz_mu);
    }
    return z;
}

const char *tools__tz_name(void)
{
    return zone_now()->name;
}

static int32_t offset_at(const struct zone *z, int64_t t)
{
    if (z->ntrans == 0)
        return z->has_rule ? rule_offset(z, t) : z->off[0];
    if (t < z->trans[0]) {
        /* Before the first transition: the first standard type. */
        return z->off[0];
    }
    if (t >= z->trans[z->ntrans - 1] && z->has_rule)
        return rule_offset(z, t);
    size_t lo = 0, hi = z->ntrans;
    while (hi - lo > 1) {
        size_t mid = (lo + hi) / 2;
        if (z->trans[mid] <= t)
            lo = mid;
        else
            hi = mid;
    }
    return z->off[z->idx[lo]];
}

/* n digits at p into *v; false when they are not digits. */
static bool digits(const char *p, int n, int *v)
{
    *v = 0;
    for (int i = 0; i < n; i++) {
        if (p[i] < '0' || p[i] > '9')
            return false;
        *v = *v * 10 + (p[i] - '0');
    }
    return true;
}

bool tools__tz_local(const char *s, char *out, size_t len)
{
    int y, mo, d, h, mi, sec = 0;
    if (!s || len < 17 || strlen(s) < 16 || !digits(s, 4, &y) || s[4] != '-' ||
        !digits(s + 5, 2, &mo) || s[7] != '-' || !digits(s + 8, 2, &d) || s[10] != 'T' ||
        !digits(s + 11, 2, &h) || s[13] != ':' || !digits(s + 14, 2, &mi))
        return false;
    const char *p = s + 16;
    bool zero_fraction = true;
    if (*p == ':') {
        if (!digits(p + 1, 2, &sec))
            return false;
        p += 3;
        if (*p == '.') {
            for (p++; *p >= '0' && *p <= '9'; p++)
                zero_fraction = zero_fraction && *p == '0';
        }
    }
    if (*p == 'Z')
        p++;
    if (*p || mo < 1 || mo > 12 || d < 1 || d > month_days(y, mo) || h > 23 || mi > 59 ||
        sec > 60)
        return false;
    if (h == 0 && mi == 0 && sec == 0 && zero_fraction) {
        snprintf(out, len, "%04d-%02d-%02d", y, mo, d);
        return true;
    }
    int64_t t = days_from_civil(y, mo, d) * 86400 + h * 3600 + mi * 60 + sec;
    int64_t local = t + offset_at(zone_now(), t);
    int64_t days = local / 86400 - (local % 86400 < 0);
    int64_t secs = local - days * 86400, ly;
    int lm, ld;
    civil_from_days(days, &ly, &lm, &ld);
    snprintf(out, len, "%04lld-%02d-%02dT%02d:%02d", (long long)ly, lm, ld, (int)(secs / 3600),
             (int)(secs % 3600 / 60));
    return true;
}
