/* test_smoke.c - the harness and base module work (placeholder until the
 * MCP core lands). */
#include "base/base.h"
#include "harness.h"

#include <stdlib.h>
#include <string.h>

static void test_redact(void)
{
    char line[] = "token abcdef123456 and abcdef123456";
    log_add_secret("abcdef123456");
    log_redact(line);
    CHECK_NOT_CONTAINS(line, "abcdef123456");
    CHECK_CONTAINS(line, "[redacted]");
}

static void test_buf(void)
{
    struct buf b = {0};
    buf_printf(&b, "%d-%s", 42, "x");
    buf_appends(&b, "y");
    CHECK_STR(b.data, "42-xy");
    buf_free(&b);
}

static const struct test tests[] = {
    {"redact", test_redact},
    {"buf", test_buf},
    {NULL, NULL},
};
HARNESS_MAIN("smoke", tests)
