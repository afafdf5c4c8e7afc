/* log.c - leveled logging to stderr that never prints a registered secret. */
#include "base.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#define MAX_SECRETS 16

static enum log_level current = LOG_INFO;
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static char *secrets[MAX_SECRETS];
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

void log_add_secret(const char *secret)
{
    if (!secret || strlen(secret) < 4)
        return;
    pthread_mutex_lock(&lock);
    for (size_t i = 0; i < nsecrets; i++) {
        if (strcmp(secrets[i], secret) == 0)
            goto out;
    }
    if (nsecrets == MAX_SECRETS) {
        /* Oldest first: tokens rotate, the client secret was added first and
         * must stay, so drop the second-oldest. */
        free(secrets[1]);
        memmove(&secrets[1], &secrets[2], (MAX_SECRETS - 2) * sizeof secrets[0]);
        nsecrets--;
    }
    secrets[nsecrets++] = xstrdup(secret);
out:
    pthread_mutex_unlock(&lock);
}

/* Caller holds the lock. */
static void redact_locked(char *s)
{
    for (size_t i = 0; i < nsecrets; i++) {
        size_t slen = strlen(secrets[i]);
        /* In place, so the mark must not be longer than the secret. */
        const char *mark = slen >= 10 ? "[redacted]" : "***";
        size_t mlen = strlen(mark);
        char *p;
        while ((p = strstr(s, secrets[i])) != NULL) {
            memcpy(p, mark, mlen);
            memmove(p + mlen, p + slen, strlen(p + slen) + 1);
        }
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
