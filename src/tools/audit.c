/* audit.c - the audit log: one JSON line per write or delete (or per call,
 * when asked) saying when, who (the principal from the MCP core), which
 * session, which tool with which arguments (secrets redacted), what was
 * sent to HaloPSA (method, path, status, seen through halo's request
 * observer), the record written and the outcome. Appended with one
 * write(2) per line and fsync'd for writes, so a line is either whole or
 * absent after a crash. */
#include "audit_int.h"

#include "base/base.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#define MAX_REQUESTS 64
#define MAX_ERROR_TEXT 500

static pthread_mutex_t log_mu = PTHREAD_MUTEX_INITIALIZER;
static int log_fd = -1;
static char *log_path; /* what is open, to notice a changed setting */
static bool log_all;

struct tools__audit {
    int64_t started_ms; /* wall clock */
    const struct tools_def *tool;
    char principal[128];
    char session[40];
    json_t *args;     /* redacted copy */
    json_t *requests; /* [{method, path, status}] */
    json_t *written;  /* id of the record a write sent back, or null */
    bool dry_run;
};

int tools_audit_open(char *err, size_t errlen)
{
    const char *path = getenv("HALOPSA_AUDIT_LOG");
    const char *level = getenv("HALOPSA_AUDIT_LEVEL");
    int rc = 0;
    bool all = false;
    if (level && *level && strcasecmp(level, "all") != 0 && strcasecmp(level, "writes") != 0) {
        snprintf(err, errlen, "HALOPSA_AUDIT_LEVEL: '%s' is not writes or all", level);
        return -1;
    }
    all = level && strcasecmp(level, "all") == 0;
    if (path && (!*path || strncmp(path, "${", 2) == 0))
        path = NULL; /* blank, or a host's unexpanded placeholder */
    pthread_mutex_lock(&log_mu);
    log_all = all;
    if (log_path && path && strcmp(log_path, path) == 0)
        goto out; /* already open (tools_register runs once per server) */
    if (log_fd > 2)
        close(log_fd);
    log_fd = -1;
    free(log_path);
    log_path = NULL;
    if (!path)
        goto out;
    if (strcmp(path, "stderr") == 0) {
        log_fd = 2;
    } else {
        log_fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0600);
        if (log_fd < 0) {
            snprintf(err, errlen, "HALOPSA_AUDIT_LOG: cannot open %s for appending: %s", path,
                     strerror(errno));
            rc = -1;
            goto out;
        }
    }
    log_path = xstrdup(path);
out:
    pthread_mutex_unlock(&log_mu);
    return rc;
}

/* Argument names whose values never go into the log. */
static bool secret_key(const char *k)
{
    static const char *const words[] = {"password", "secret", "token", "apikey", "api_key",
                                        "authorization", "credential", "passphrase"};
    for (size_t i = 0; i < sizeof words / sizeof words[0]; i++)
        if (strcasestr(k, words[i]))
            return true;
    return false;
}

/* A copy of v with secret-named members replaced, at any depth. New. */
static json_t *redacted(json_t *v)
{
    if (json_is_object(v)) {
        json_t *out = json_object();
        const char *k;
        json_t *m;
        json_object_foreach(v, k, m)
            json_object_set_new(out, k, secret_key(k) ? json_string("[redacted]") : redacted(m));
        return out;
    }
    if (json_is_array(v)) {
        json_t *out = json_array();
        for (size_t i = 0; i < json_array_size(v); i++)
            json_array_append_new(out, redacted(json_array_get(v, i)));
        return out;
    }
    return json_deep_copy(v);
}

/* The id of the record a write's reply holds (the saved record, a
 * one-element array of it, or {wrapper: [it]}), or NULL. Borrowed. */
static json_t *reply_id(json_t *reply)
{
    if (json_is_array(reply))
        reply = json_array_get(reply, 0);
    json_t *id = json_object_get(reply, "id");
    if (json_is_integer(id) || json_is_string(id))
        return id;
    const char *k;
    json_t *m;
    json_object_foreach(reply, k, m)
        if (json_is_array(m) && json_array_size(m) == 1 &&
            json_is_integer(json_object_get(json_array_get(m, 0), "id")))
            return json_object_get(json_array_get(m, 0), "id");
    return NULL;
}

/* halo's observer: one entry per request attempt. */
static void observe(void *ud, const char *method, const char *path, int status, json_t *reply)
{
    struct tools__audit *a = ud;
    if (json_array_size(a->requests) < MAX_REQUESTS)
        json_array_append_new(a->requests, json_pack("{s:s, s:s, s:i}", "method", method, "path",
                                                     path, "status", status));
    if (strcmp(method, "GET") == 0 || status < 200 || status >= 300)
        return;
    json_t *id = reply_id(reply);
    if (!id && strcmp(method, "DELETE") == 0) {
        /* a delete's reply is empty: its path ends in the id */
        const char *slash = strrchr(path, '/');
        char *end = NULL;
        long long n = slash ? strtoll(slash + 1, &end, 10) : 0;
        if (end && !*end && n > 0) {
            json_decref(a->written);
            a->written = json_integer(n);
        }
        return;
    }
    if (id) {
        json_decref(a->written);
        a->written = json_incref(id);
    }
}

struct tools__audit *tools__audit_begin(struct mcp_call *mc, const struct tools_def *t, json_t *args)
{
    pthread_mutex_lock(&log_mu);
    bool on = log_fd >= 0 && (log_all || t->kind != TOOLS_READ);
    pthread_mutex_unlock(&log_mu);
    if (!on)
        return NULL;
    struct tools__audit *a = xcalloc(1, sizeof *a);
    a->started_ms = base_wall_ms();
    a->tool = t;
    snprintf(a->principal, sizeof a->principal, "%s", mcp_call_principal(mc)->name);
    snprintf(a->session, sizeof a->session, "%s", mcp_session_label(mcp_call_session(mc)));
    a->args = redacted(json_is_object(args) ? args : NULL);
    if (!a->args)
        a->args = json_object();
    a->requests = json_array();
    a->dry_run = json_is_true(json_object_get(args, "dry_run"));
    halo_set_observer(observe, a);
    return a;
}

/* ISO 8601 UTC with milliseconds. */
static void iso_time(int64_t ms, char *out, size_t len)
{
    time_t s = (time_t)(ms / 1000);
    struct tm tm;
    gmtime_r(&s, &tm);
    size_t n = strftime(out, len, "%Y-%m-%dT%H:%M:%S", &tm);
    snprintf(out + n, len - n, ".%03dZ", (int)(ms % 1000));
}

/* ok, error (HaloPSA was asked to change something and it failed, or the
 * outcome is unknown), not_sent (refused before anything was written),
 * dry_run. */
static const char *outcome(const struct tools__audit *a, json_t *result, bool *sent)
{
    *sent = false;
    for (size_t i = 0; i < json_array_size(a->requests); i++)
        if (strcmp(json_string_value(json_object_get(json_array_get(a->requests, i), "method")),
                   "GET") != 0)
            *sent = true;
    bool failed = !result || json_is_true(json_object_get(result, "isError"));
    if (a->dry_run && !*sent && !failed)
        return "dry_run";
    if (!failed)
        return "ok";
    return *sent || a->tool->kind == TOOLS_READ ? "error" : "not_sent";
}

static void write_line(const char *line, bool sync)
{
    size_t len = strlen(line);
    pthread_mutex_lock(&log_mu);
    if (log_fd >= 0) {
        ssize_t n;
        do
            n = write(log_fd, line, len);
        while (n < 0 && errno == EINTR);
        if (n != (ssize_t)len)
            log_error("audit log: write failed: %s", n < 0 ? strerror(errno) : "short write");
        else if (sync && log_fd > 2 && fsync(log_fd) != 0)
            log_error("audit log: fsync failed: %s", strerror(errno));
    }
    pthread_mutex_unlock(&log_mu);
}

void tools__audit_end(struct tools__audit *a, json_t *result)
{
    char when[40];
    bool sent;
    if (!a)
        return;
    halo_set_observer(NULL, NULL);
    iso_time(a->started_ms, when, sizeof when);
    const char *kind = a->tool->kind == TOOLS_READ    ? "read"
                       : a->tool->kind == TOOLS_WRITE ? "write"
                                                      : "delete";
    json_t *rec = json_pack("{s:s, s:s, s:s, s:s, s:s, s:O, s:O, s:O, s:s}", "time", when,
                            "principal", a->principal, "session", a->session, "tool",
                            a->tool->name, "kind", kind, "arguments", a->args, "requests",
                            a->requests, "record_id", a->written ? a->written : json_null(),
                            "outcome", outcome(a, result, &sent));
    if (result && json_is_true(json_object_get(result, "isError"))) {
        const char *text =
            json_string_value(json_object_get(json_array_get(json_object_get(result, "content"), 0), "text"));
        size_t n = text ? strnlen(text, MAX_ERROR_TEXT) : 0;
        while (text && text[n] && n > 0 && ((unsigned char)text[n] & 0xC0) == 0x80)
            n--; /* cut at a character boundary */
        if (text)
            json_object_set_new(rec, "error", json_stringn(text, n));
    }
    char *line = json_dumps(rec, JSON_COMPACT | JSON_ENSURE_ASCII);
    json_decref(rec);
    if (line) {
        log_redact(line); /* any registered secret that slipped into a value */
        char *withnl = xasprintf("%s\n", line);
        write_line(withnl, a->tool->kind != TOOLS_READ);
        free(withnl);
        free(line);
    }
    json_decref(a->args);
    json_decref(a->requests);
    json_decref(a->written);
    free(a);
}
