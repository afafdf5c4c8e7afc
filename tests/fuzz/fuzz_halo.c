/* fuzz_halo.c - libFuzzer harness for what HaloPSA sends back: the first
 * byte picks the part, the rest is the reply body.
 *   0  a list or record reply: envelopes (halo_rows, halo_record, the
 *      saved record of a POST), then the tools' shaping of it (compact
 *      rows, detail view, custom fields, zero flags, the text rendering)
 *   1  an error body (HaloPSA's message in any of its shapes)
 *   2  a 429 message stating a limit, and a Retry-After value
 *   3  end-user text cleaned (tools__clean) and scrubbed of the reply's
 *      tag (tools__scrub_nonce): one-line text keeps no line break,
 *      scrubbed text no copy of the tag */
#include "fuzz.h"

#include "base/base.h"
#include "halo/halo_int.h"
#include "tools/tools_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const row_fields[] = {"id",          "summary",     "client_name", "status_name",
                                         "agent_name",  "dateoccurred", "priority_id", "details",
                                         "record_count", "name",       NULL};
static const char *const drop[] = {"customfields_def", "actions", "attachments", NULL};
static const char *const keep[] = {"id", "status_id", NULL};

/* The args a detail view may be asked with: none, extra fields, full. */
static json_t *detail_args(uint8_t b)
{
    switch (b % 3) {
    case 1:
        return json_pack("{s:[s,s,s]}", "fields", "details", "customfields", "details_html");
    case 2:
        return json_pack("{s:b}", "full", 1);
    default:
        return NULL;
    }
}

static void shape(const char *body, size_t len, uint8_t variant)
{
    json_error_t je;
    json_t *resp = json_loadb(body, len, JSON_DECODE_ANY, &je);
    if (!resp)
        return;
    static const char *const keys[] = {"tickets", "clients", "assets", "actions", NULL};
    const char *key = keys[variant % 4];
    int64_t count = 0;
    json_t *rows = halo_rows(resp, key, &count);
    json_t *compact = json_array();
    size_t i;
    json_t *r;
    json_array_foreach(rows, i, r) {
        if (i >= 64)
            break;
        json_array_append_new(compact, tools__row(r, row_fields));
    }
    json_t *list = json_pack("{s:I, s:i, s:i, s:b, s:o}", "record_count", (json_int_t)count, "page", 1,
                             "page_size", 25, "has_more", count > 25, key, compact);
    json_decref(tools__result(list));

    json_t *rec = halo_record(resp, key);
    if (json_is_object(rec)) {
        json_t *args = detail_args(variant >> 2);
        json_t *detail = tools__detail(rec, drop, 64, args);
        tools__drop_zeros(detail, keep, args);
        tools__compact_customfields(detail);
        json_decref(tools__result(json_pack("{s:o}", "ticket", detail)));
        json_decref(args);
    }
    json_t *saved = tools__saved_record(resp, key);
    if (saved)
        json_decref(tools__result(json_deep_copy(saved)));
    json_decref(resp);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc, (void)argv;
    fz_init();
    return 0;
}

/* End-user text: what tools__clean and tools__scrub_nonce promise. The
 * tag is planted in the text (at a place the input picks) so scrubbing
 * has something to find. */
static void untrusted_text(const char *body, size_t len, int variant)
{
    char nb[16];
    const char *nonce = tools__nonce(NULL, nb);
    size_t at = len ? (size_t)variant % (len + 1) : 0, nl = strlen(nonce);
    char *s = xmalloc(len + nl + 1);
    memcpy(s, body, at);
    memcpy(s + at, nonce, nl);
    memcpy(s + at + nl, body + at, len - at);
    s[len + nl] = '\0';
    char *one = tools__clean(s, true), *many = tools__clean(s, false);
    if (strpbrk(one, "\r\n")) {
        fprintf(stderr, "fuzz: tools__clean left a line break in one-line text\n");
        abort();
    }
    tools__scrub_nonce(s, nonce);
    if (strstr(s, nonce)) {
        fprintf(stderr, "fuzz: the reply's tag survived tools__scrub_nonce\n");
        abort();
    }
    free(one);
    free(many);
    free(s);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 2)
        return 0;
    uint8_t sel = data[0], variant = data[1];
    const char *body = (const char *)data + 2;
    size_t len = size - 2;
    char out[1024];
    switch (sel % 4) {
    case 0:
        shape(body, len, variant);
        break;
    case 1: {
        static const long statuses[] = {400, 401, 403, 404, 409, 429, 500, 502, 503, 200};
        halo__body_message(statuses[variant % 10], len ? body : NULL, len, out, sizeof out);
        break;
    }
    case 2: {
        char *s = fz_strndup(body, len);
        int limit = 0, window = 0;
        halo__parse_rate_message(s, &limit, &window);
        halo__retry_after_ms(s);
        free(s);
        break;
    }
    default:
        untrusted_text(body, len, variant);
        break;
    }
    return 0;
}
