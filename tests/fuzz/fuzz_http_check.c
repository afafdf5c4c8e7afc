/* fuzz_http_check.c - libFuzzer harness for the header checks of the
 * Streamable HTTP transport (src/mcp/http_check.c): the input is up to
 * three NUL-separated header values run through the Origin allow-list
 * (default and explicit), the Host and bind-address loopback tests, the
 * Accept and Content-Type media-type matches and the protocol-version
 * check, with consistency checks between them. */
#include "fuzz.h"

#include "mcp/mcp_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc, (void)argv;
    fz_init();
    return 0;
}

struct parts {
    char *v[3];
    int n;
};

static void take(const char *p, size_t n, void *ud)
{
    struct parts *ps = ud;
    ps->v[ps->n++] = fz_strndup(p, n);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct parts ps = {{NULL, NULL, NULL}, 0};
    fz_split(data, size, "", 1, 3, take, &ps);
    for (int i = ps.n; i < 3; i++)
        ps.v[i] = fz_strndup("", 0);
    const char *a = ps.v[0], *b = ps.v[1], *c = ps.v[2];

    /* Origin: by default only loopback origins pass; an explicit list
     * admits exactly its entries (and "*" everything). */
    bool dflt = mcp__http_origin_allowed(a, NULL);
    const char *const list[] = {b, c, NULL};
    bool listed = mcp__http_origin_allowed(a, list);
    if (listed && strcmp(b, "*") != 0 && strcmp(c, "*") != 0 && strcasecmp(a, b) != 0 &&
        strcasecmp(a, c) != 0) {
        fprintf(stderr, "fuzz: origin '%s' admitted by a list that does not hold it\n", a);
        abort();
    }
    if (dflt && strncasecmp(a, "http://", 7) != 0 && strncasecmp(a, "https://", 8) != 0) {
        fprintf(stderr, "fuzz: non-http origin '%s' admitted by default\n", a);
        abort();
    }
    mcp__http_host_is_loopback(a);
    mcp__http_addr_is_loopback(a);
    bool json = mcp__http_accepts(b, "application/json");
    bool sse = mcp__http_accepts(b, "text/event-stream");
    if (strcmp(b, "*/*") == 0 && (!json || !sse)) {
        fprintf(stderr, "fuzz: */* does not admit both media types\n");
        abort();
    }
    mcp__http_content_type_is(c, "application/json");
    mcp__http_protocol_supported(c);
    for (int i = 0; i < 3; i++)
        free(ps.v[i]);
    return 0;
}
