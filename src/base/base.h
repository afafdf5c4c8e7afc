/* base.h - allocation, logging with secret redaction, growable buffers and
 * clocks shared by every module (prefixes: x*, log_, buf_, base_). */
#ifndef HALOPSA_BASE_H
#define HALOPSA_BASE_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

/* ---- allocation: every failure aborts, so callers never check for NULL ---- */
void *xmalloc(size_t n);
void *xcalloc(size_t n, size_t size);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);            /* new string; xstrdup(NULL) returns NULL */
char *xstrndup(const char *s, size_t n); /* new string */
char *xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2))); /* new string */

/* Routes jansson's allocations through the aborting allocator. Call once from
 * main() (and from each test main) before any json_* call. */
void base_init(void);

/* ---- logging: stderr only (stdout belongs to the protocol) ---- */
enum log_level { LOG_DEBUG = 0, LOG_INFO, LOG_WARN, LOG_ERROR, LOG_OFF };

void log_set_level(enum log_level level);
enum log_level log_get_level(void);
/* Parses "debug|info|warn|warning|error|off"; returns -1 on anything else. */
int log_parse_level(const char *s, enum log_level *out);
/* Registers a secret (client secret, access token): every later log line has
 * each registered secret replaced by "[redacted]" ("***" for secrets
 * shorter than that mark). The string is copied.
 * Secrets shorter than 4 characters are ignored (they would redact noise). */
void log_add_secret(const char *secret);
/* Replaces every registered secret in s with "[redacted]" in place (the
 * result is never longer). Used by anything that prints text it did not
 * write itself, such as HaloPSA error bodies. */
void log_redact(char *s);
void log_msg(enum log_level level, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
#define log_debug(...) log_msg(LOG_DEBUG, __VA_ARGS__)
#define log_info(...) log_msg(LOG_INFO, __VA_ARGS__)
#define log_warn(...) log_msg(LOG_WARN, __VA_ARGS__)
#define log_error(...) log_msg(LOG_ERROR, __VA_ARGS__)

/* ---- growable byte buffer, always NUL-terminated ---- */
struct buf {
    char *data; /* owned; NULL until the first append */
    size_t len;
    size_t cap;
};
void buf_append(struct buf *b, const void *data, size_t n);
void buf_appends(struct buf *b, const char *s);
void buf_printf(struct buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void buf_reset(struct buf *b);   /* len = 0, keeps memory */
void buf_free(struct buf *b);    /* frees memory, b is reusable */
char *buf_steal(struct buf *b);  /* new string (never NULL); b is left empty */

/* ---- clocks ---- */
int64_t base_now_ms(void);      /* monotonic milliseconds */
int64_t base_wall_ms(void);     /* wall-clock milliseconds since the epoch */
void base_sleep_ms(int64_t ms);

#endif
