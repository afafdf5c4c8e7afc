/* harness.c - runs a table of tests and prints TAP lines and the total. */
#include "harness.h"

#include "base/base.h"

#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int harness_failures;

void harness_fail(const char *file, int line, const char *fmt, ...)
{
    va_list ap;
    harness_failures++;
    fprintf(stdout, "#   %s:%d: ", file, line);
    va_start(ap, fmt);
    vfprintf(stdout, fmt, ap);
    va_end(ap);
    fputc('\n', stdout);
    fflush(stdout);
}

const char *harness_json(const json_t *v)
{
    static __thread char out[2048];
    char *s = v ? json_dumps(v, JSON_COMPACT | JSON_ENCODE_ANY) : NULL;
    snprintf(out, sizeof out, "%s", s ? s : "(null)");
    free(s);
    return out;
}

int harness_run(const char *suite, const struct test *tests)
{
    const char *filter = getenv("TEST_FILTER");
    int passed = 0, failed = 0, n = 0;
    base_init();
    signal(SIGPIPE, SIG_IGN);
    if (!getenv("TEST_VERBOSE"))
        log_set_level(LOG_OFF);
    setvbuf(stdout, NULL, _IOLBF, 0);
    for (const struct test *t = tests; t->name; t++) {
        if (filter && !strstr(t->name, filter))
            continue;
        harness_failures = 0;
        t->fn();
        n++;
        if (harness_failures) {
            failed++;
            printf("not ok %d - %s.%s\n", n, suite, t->name);
        } else {
            passed++;
            printf("ok %d - %s.%s\n", n, suite, t->name);
        }
    }
    printf("%s: %d passed, %d failed\n", suite, passed, failed);
    return failed ? 1 : 0;
}
