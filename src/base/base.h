/* base.h - allocation, logging with secret redaction, growable buffers,
 * the rule for unset environment values, base64 and clocks shared by every module
 * (prefixes: x*, log_, buf_, base_). */
#ifndef HALOPSA_BASE_H
#define HALOPSA_BASE_H

#include <stdarg.h>
#include <stdbool.h>
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
/* Registers a secret (client secret, access token): every later log line
 * has each registered secret replaced by "[redacted]" ("***" for secrets
 * shorter than that mark), in every form an endpoint might echo it in:
 * as it is, percent-encoded, HTML- or JSON-escaped, inside base64 (a Basic
 * header "id:secret" echoed back), and any run of two thirds of it or more
 * (at least 10 characters: a secret cut short). The string is copied.
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
void buf_reserve(struct buf *b, size_t extra); /* room for extra more bytes, one allocation */
void buf_reset(struct buf *b);   /* len = 0, keeps memory */
void buf_free(struct buf *b);    /* frees memory, b is reusable */
char *buf_steal(struct buf *b);  /* new string (never NULL); b is left empty */

/* ---- environment values: one rule for "unset" (env.c) ---- */
enum base_env_state {
    BASE_ENV_SET = 0,
    BASE_ENV_ABSENT,      /* not in the environment (value NULL) */
    BASE_ENV_BLANK,       /* empty or only whitespace */
    BASE_ENV_PLACEHOLDER, /* an unexpanded template: "${x}", "{{x}}", "$VAR" */
};
/* What value (may be NULL) is under the rule; anything but BASE_ENV_SET
 * counts as unset. */
enum base_env_state base_env_state_of(const char *value);
/* New copy of value without surrounding whitespace, or NULL when it is
 * unset under the rule above. */
char *base_env_dup(const char *value);
/* Borrowed: getenv(name) past leading whitespace, or NULL when it is
 * unset under the rule above. */
const char *base_env(const char *name);
/* Static words for a message after the variable's name: "is not set",
 * "is blank", "is an unexpanded placeholder (...)". */
const char *base_env_state_words(enum base_env_state st);

/* ---- base64 (b64.c) ---- */
/* base64 of len bytes: RFC 4648's standard alphabet with '=' padding, or
 * with url the URL-safe alphabet without padding (JOSE, MCP's state). New
 * string. */
char *base_b64_encode(const void *data, size_t len, bool url);
/* Which alphabets base_b64_value accepts. */
enum base_b64_alphabet { BASE_B64_STD = 1, BASE_B64_URL = 2, BASE_B64_ANY = 3 };
/* The 6-bit value of the base64 character c in the alphabets of which, or
 * -1 (padding '=' included: each decoder has its own padding rules). */
int base_b64_value(unsigned char c, enum base_b64_alphabet which);

/* ---- clocks ---- */
int64_t base_now_ms(void);      /* monotonic milliseconds */
int64_t base_wall_ms(void);     /* wall-clock milliseconds since the epoch */
void base_sleep_ms(int64_t ms);

#endif
