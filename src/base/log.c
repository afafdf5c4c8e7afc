/* log.c - leveled logging to stderr that never prints a registered secret. */
#include "base.h"

#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#define MAX_SECRETS 16
#define MAX_FORMS 12
/* A run of at least this many characters of a secret (and at least two
 * thirds of it) is redacted on its own: an endpoint that echoes a secret
 * cut short ("abcdefghijkl...") must not print most of it, while text that
 * merely shares a prefix with it (a client id "demo-client-id" beside the
 * secret "demo-client-secret-0000") stays readable. */
#define PARTIAL_MIN 10

/* One secret and the forms it can be echoed in: as it is, percent-encoded
 * (both hex cases), HTML-escaped, JSON-escaped and inside base64 (e.g. a
 * Basic header "id:secret" echoed back), at each of base64's three
 * alignments. */
struct secret {
    char *forms[MAX_FORMS]; /* forms[0] is the secret itself */
    size_t nforms;
    size_t partial;         /* shortest run redacted on its own (0 = none) */
    uint64_t *hashes;       /* sorted hashes of every partial-long run */
    size_t nhashes;
};

static enum log_level current = LOG_INFO;
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static struct secret secrets[MAX_SECRETS];
static size_t nsecrets;

void log_set_level(enum log_level level) { current = level; }
enum log_level log_get_level(void) { return current; }

int log_parse_level(const char *s, enum log_level *out)
{
    static const struct { const char *name; enum log_level level; } names[] = {
        {"debug", LOG_DEBUG}, {"info", LOG_INFO}, {"warn", LOG_WARN},
        {"warning", LOG_WARN}, {"error", LOG_ERROR}, {"off", LOG_OFF},
    };
    for (size_t i = 0; s && i < sizeof names / sizeof names[0]; i++) {
        if (strcasecmp(s, names[i].name) == 0) {
            *out = names[i].level;
            return 0;
        }
    }
    return -1;
}

static void add_form(struct secret *sc, char *f)
{
    for (size_t i = 0; i < sc->nforms; i++) {
        if (strcmp(sc->forms[i], f) == 0) {
            free(f);
            return;
        }
    }
    /* Shorter than the mark it would leave: nothing worth hiding. */
    if (strlen(f) < 4 || sc->nforms == MAX_FORMS) {
        free(f);
        return;
    }
    sc->forms[sc->nforms++] = f;
}

/* New string: s with each byte outside [A-Za-z0-9-._~] as %XX. */
static char *pct(const char *s, bool lower)
{
    const char *hex = lower ? "0123456789abcdef" : "0123456789ABCDEF";
    char *o = xmalloc(strlen(s) * 3 + 1), *w = o;
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if ((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') ||
            strchr("-._~", *p)) {
            *w++ = (char)*p;
        } else {
            *w++ = '%';
            *w++ = hex[*p >> 4];
            *w++ = hex[*p & 15];
        }
    }
    *w = '\0';
    return o;
}

/* New string: s with the characters an HTML or a JSON encoder escapes. */
static char *escaped(const char *s, bool html)
{
    char *o = xmalloc(strlen(s) * 6 + 1), *w = o;
    for (const char *p = s; *p; p++) {
        const char *e = NULL;
        if (html) {
            e = *p == '&' ? "&amp;" : *p == '<' ? "&lt;" : *p == '>' ? "&gt;"
              : *p == '"' ? "&quot;" : *p == '\'' ? "&#39;" : NULL;
        } else {
            e = *p == '"' ? "\\\"" : *p == '\\' ? "\\\\" : *p == '/' ? "\\/" : NULL;
        }
        if (e) {
            memcpy(w, e, strlen(e));
            w += strlen(e);
        } else {
            *w++ = *p;
        }
    }
    *w = '\0';
    return o;
}

/* New string: the base64 characters that depend only on s when s starts
 * `shift` bytes into the encoded data (whatever surrounds it), or NULL when
 * fewer than 8 do. */
static char *base64_run(const char *s, int shift, bool url)
{
    const char *abc = url ? "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
                          : "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    size_t n = strlen(s), bits = 8 * ((size_t)shift + n);
    size_t first = (8 * (size_t)shift + 5) / 6, end = bits / 6; /* whole sextets of s */
    if (end < first + 8)
        return NULL;
    char *o = xmalloc(end - first + 1);
    for (size_t c = first; c < end; c++) {
        unsigned v = 0;
        for (size_t b = 6 * c; b < 6 * c + 6; b++) {
            size_t byte = b / 8 - (size_t)shift; /* >= 0: b >= 8 * shift */
            v = (v << 1) | ((((const unsigned char *)s)[byte] >> (7 - b % 8)) & 1u);
        }
        o[c - first] = abc[v];
    }
    o[end - first] = '\0';
    return o;
}

/* FNV-1a over n bytes: runs are compared by hash first. */
static uint64_t run_hash(const char *p, size_t n)
{
    uint64_t h = 1469598103934665603ull;
    for (size_t i = 0; i < n; i++)
        h = (h ^ (unsigned char)p[i]) * 1099511628211ull;
    return h;
}

static int cmp_u64(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return (x > y) - (x < y);
}

static void secret_free(struct secret *sc)
{
    for (size_t i = 0; i < sc->nforms; i++) {
        memset(sc->forms[i], 0, strlen(sc->forms[i]));
        free(sc->forms[i]);
    }
    free(sc->hashes);
    memset(sc, 0, sizeof *sc);
}

static void secret_init(struct secret *sc, const char *raw)
{
    memset(sc, 0, sizeof *sc);
    add_form(sc, xstrdup(raw));
    add_form(sc, pct(raw, false));
    add_form(sc, pct(raw, true));
    add_form(sc, escaped(raw, true));
    add_form(sc, escaped(raw, false));
    for (int shift = 0; shift < 3; shift++) {
        for (int url = 0; url < 2; url++) {
            char *b = base64_run(raw, shift, url);
            if (b)
                add_form(sc, b);
        }
    }
    size_t n = strlen(raw), min = (2 * n + 2) / 3 > PARTIAL_MIN ? (2 * n + 2) / 3 : PARTIAL_MIN;
    if (n > min) {
        sc->partial = min;
        sc->nhashes = n - min + 1;
        sc->hashes = xmalloc(sc->nhashes * sizeof sc->hashes[0]);
        for (size_t i = 0; i < sc->nhashes; i++)
            sc->hashes[i] = run_hash(raw + i, min);
        qsort(sc->hashes, sc->nhashes, sizeof sc->hashes[0], cmp_u64);
    }
}

void log_add_secret(const char *secret)
{
    if (!secret || strlen(secret) < 4)
        return;
    pthread_mutex_lock(&lock);
    for (size_t i = 0; i < nsecrets; i++) {
        if (strcmp(secrets[i].forms[0], secret) == 0)
            goto out;
    }
    if (nsecrets == MAX_SECRETS) {
        /* Oldest first: tokens rotate, the client secret was added first and
         * must stay, so drop the second-oldest. */
        secret_free(&secrets[1]);
        memmove(&secrets[1], &secrets[2], (MAX_SECRETS - 2) * sizeof secrets[0]);
        nsecrets--;
    }
    secret_init(&secrets[nsecrets++], secret);
out:
    pthread_mutex_unlock(&lock);
}

/* Replaces s[at, at+len) by the mark, in place (never longer). */
static void cut(char *s, size_t at, size_t len)
{
    const char *mark = len >= 10 ? "[redacted]" : "***";
    size_t mlen = strlen(mark);
    memcpy(s + at, mark, mlen);
    memmove(s + at + mlen, s + at + len, strlen(s + at + len) + 1);
}

/* Redacts every run of s at least sc->partial long that appears in the
 * secret, extended as far as it goes on. */
static void cut_partial(char *s, const struct secret *sc)
{
    const char *raw = sc->forms[0];
    size_t m = sc->partial, n = strlen(s), rn = strlen(raw);
    for (size_t i = 0; m && i + m <= n; i++) {
        uint64_t h = run_hash(s + i, m);
        if (!bsearch(&h, sc->hashes, sc->nhashes, sizeof h, cmp_u64))
            continue;
        /* A hash hit: find where in the secret, and how far it goes. */
        size_t best = 0;
        for (size_t j = 0; j + m <= rn; j++) {
            size_t k = 0;
            while (j + k < rn && i + k < n && raw[j + k] == s[i + k])
                k++;
            if (k > best)
                best = k;
        }
        if (best >= m) {
            cut(s, i, best);
            n = strlen(s);
        }
    }
}

/* Caller holds the lock. */
static void redact_locked(char *s)
{
    for (size_t i = 0; i < nsecrets; i++) {
        for (size_t f = 0; f < secrets[i].nforms; f++) {
            const char *form = secrets[i].forms[f];
            size_t flen = strlen(form);
            char *p;
            while ((p = strstr(s, form)) != NULL)
                cut(s, (size_t)(p - s), flen);
        }
        cut_partial(s, &secrets[i]);
    }
}

void log_redact(char *s)
{
    if (!s)
        return;
    pthread_mutex_lock(&lock);
    redact_locked(s);
    pthread_mutex_unlock(&lock);
}

void log_msg(enum log_level level, const char *fmt, ...)
{
    static const char *tags[] = {"debug", "info", "warn", "error"};
    if (level < current || level >= LOG_OFF)
        return;
    char line[4096];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(line, sizeof line, fmt, ap);
    va_end(ap);
    struct timespec ts;
    struct tm tm;
    clock_gettime(CLOCK_REALTIME, &ts);
    gmtime_r(&ts.tv_sec, &tm);
    pthread_mutex_lock(&lock);
    redact_locked(line);
    fprintf(stderr, "%04d-%02d-%02dT%02d:%02d:%02dZ halopsa-mcp %s: %s\n", tm.tm_year + 1900,
            tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, tags[level], line);
    pthread_mutex_unlock(&lock);
}
