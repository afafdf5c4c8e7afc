/* harness.h - our small test harness: CHECK macros that print both values,
 * a table of named tests per file, TAP-style lines, and a closing
 * "N passed, N failed" line (read by tests/run.sh and CI). */
#ifndef HALOPSA_HARNESS_H
#define HALOPSA_HARNESS_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

struct test {
    const char *name;
    void (*fn)(void);
};

/* Failures recorded by the running test (reset before each test). */
extern int harness_failures;

void harness_fail(const char *file, int line, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
/* Runs the table (NULL-terminated), honouring TEST_FILTER=substring.
 * Returns the process exit status. */
int harness_run(const char *suite, const struct test *tests);
/* Compact JSON text of v for messages; static buffer (one per thread). */
const char *harness_json(const json_t *v);

#define CHECK(cond)                                                        \
    do {                                                                   \
        if (!(cond))                                                       \
            harness_fail(__FILE__, __LINE__, "CHECK(%s) failed", #cond);   \
    } while (0)

#define CHECK_INT(a, b)                                                    \
    do {                                                                   \
        long long a_ = (long long)(a), b_ = (long long)(b);                \
        if (a_ != b_)                                                      \
            harness_fail(__FILE__, __LINE__, "%s == %s: %lld != %lld", #a, #b, a_, b_); \
    } while (0)

#define CHECK_STR(a, b)                                                    \
    do {                                                                   \
        const char *a_ = (a), *b_ = (b);                                   \
        if (!a_ || !b_ || strcmp(a_, b_) != 0)                             \
            harness_fail(__FILE__, __LINE__, "%s == %s: \"%s\" != \"%s\"", #a, #b, \
                         a_ ? a_ : "(null)", b_ ? b_ : "(null)");          \
    } while (0)

/* Substring check: haystack contains needle. */
#define CHECK_CONTAINS(hay, needle)                                        \
    do {                                                                   \
        const char *h_ = (hay), *n_ = (needle);                            \
        if (!h_ || !n_ || !strstr(h_, n_))                                 \
            harness_fail(__FILE__, __LINE__, "%s contains %s: \"%.400s\" lacks \"%s\"", #hay, \
                         #needle, h_ ? h_ : "(null)", n_ ? n_ : "(null)"); \
    } while (0)

#define CHECK_NOT_CONTAINS(hay, needle)                                    \
    do {                                                                   \
        const char *h_ = (hay), *n_ = (needle);                            \
        if (h_ && n_ && strstr(h_, n_))                                    \
            harness_fail(__FILE__, __LINE__, "%s must not contain %s", #hay, #needle); \
    } while (0)

/* JSON equality (json_equal), printing both. */
#define CHECK_JSON(a, b)                                                   \
    do {                                                                   \
        json_t *a_ = (a), *b_ = (b);                                       \
        if (!a_ || !b_ || !json_equal(a_, b_)) {                           \
            char *sa_ = a_ ? json_dumps(a_, JSON_COMPACT | JSON_ENCODE_ANY) : NULL; \
            char *sb_ = b_ ? json_dumps(b_, JSON_COMPACT | JSON_ENCODE_ANY) : NULL; \
            harness_fail(__FILE__, __LINE__, "%s == %s: %.600s != %.600s", #a, #b, \
                         sa_ ? sa_ : "(null)", sb_ ? sb_ : "(null)");      \
            free(sa_);                                                     \
            free(sb_);                                                     \
        }                                                                  \
    } while (0)

#define HARNESS_MAIN(suite, table)                                         \
    int main(void) { return harness_run(suite, table); }

#endif
