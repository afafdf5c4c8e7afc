/* toolstest.h - end-to-end support for the tool tests: a simulator in this
 * process plus the real halopsa-mcp binary on pipes, pointed at it.
 * Prefix: tt_. */
#ifndef HALOPSA_TOOLSTEST_H
#define HALOPSA_TOOLSTEST_H

#include "testlib.h"

#include <jansson.h>

struct tt {
    struct sim *sim;
    char base_url[64];
    struct tl_proc proc;
    int own_sim; /* tt_stop stops the simulator */
};

/* Starts a simulator (demo dataset) and `halopsa-mcp` (stdio) with the demo
 * credentials and HALOPSA_BASE_URL pointing at it; env_extra (NULL-ended,
 * may be NULL) adds or overrides variables, e.g. "HALOPSA_TOOL_MODE=flat".
 * Then initializes with capabilities (stolen, may be NULL). 0 or -1. */
int tt_start(struct tt *t, char *const env_extra[], json_t *capabilities);
/* Same, with a simulator the caller already started (and stops). */
int tt_start_with(struct tt *t, struct sim *sim, char *const env_extra[], json_t *capabilities);
/* tools/call: the CallToolResult (new reference), or NULL on timeout or a
 * JSON-RPC error (then *rpc_error, when given, gets the error object, new). */
json_t *tt_call(struct tt *t, const char *tool, json_t *args /* stolen, may be NULL */,
                json_t **rpc_error);
/* Borrowed: the text of the first content item of a result ("" if none). */
const char *tt_text(json_t *result);
/* True when result has isError: true. */
int tt_is_error(json_t *result);
/* The names of every tool in tools/list, across pages (new array). */
json_t *tt_list_names(struct tt *t);
/* True when names (array of strings) contains name. */
int tt_has(json_t *names, const char *name);
/* The simulator's request log for /api and /auth requests (new array of
 * {method, path, query, body, status}); tt_clear_requests empties it. */
json_t *tt_requests(struct tt *t);
void tt_clear_requests(struct tt *t);
/* Borrowed from log: the last request with this method whose path matches
 * path case-insensitively (prefix match when path ends in '*'), or NULL. */
json_t *tt_last_request(json_t *log, const char *method, const char *path);
/* Notifications seen so far whose method is method (count). */
int tt_count_notes(struct tt *t, const char *method);
/* ---- conveniences for the tool tests ---- */
/* Borrowed: the structuredContent of result. */
json_t *tt_sc(json_t *result);
/* Borrowed: a list result's rows as objects ({column: value}, nulls left
 * out), made from structuredContent's columns and rows arrays (kept in
 * result). */
json_t *tt_rows(json_t *result);
/* Borrowed: a query parameter of a logged request (the first if repeated). */
const char *tt_qget(json_t *req, const char *key);
/* Calls tool expecting a refusal: the message of the isError result or of
 * the JSON-RPC error, as a new string ("" when the call succeeded). */
char *tt_refusal(struct tt *t, const char *tool, json_t *args /* stolen */);
/* A call expected to succeed (records a test failure otherwise); the result
 * (new) or NULL. */
json_t *tt_call_ok(struct tt *t, const char *tool, json_t *args /* stolen */);
/* Makes the simulator fail its n-th next /api request with status. */
void tt_inject(struct tt *t, int n, int status);
/* The untrusted-text tag of a result's text (from its preamble) into
 * buf; "" when the text has no preamble. Returns buf. */
const char *tt_nonce(const char *text, char *buf, size_t len);
/* text with every region between the reply's own delimiters (the tag in
 * the preamble) removed, the delimiters included: what the model reads as
 * our words. New string. A delimiter without its pair counts as a
 * failure: the rest of the text is kept. */
char *tt_outside(const char *text);
/* How many regions (opening delimiters with the preamble's tag). */
int tt_regions(const char *text);
/* Starts t with env (see tt_start) or fails and leaves the test. */
#define TT_START(t, env)                                                                         \
    do {                                                                                         \
        if (tt_start((t), (env), NULL) != 0) {                                                   \
            CHECK(!"halopsa-mcp started");                                                       \
            tt_stop(t);                                                                          \
            return;                                                                              \
        }                                                                                        \
    } while (0)

/* Closes stdin, waits for the child (returns its exit status: 0 expected,
 * ASan leak reports make it non-zero) and stops the simulator. */
int tt_stop(struct tt *t);

#endif
