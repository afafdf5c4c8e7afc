/* mrtr.c - multi-round-trip requests (2026-07-28): a handler that needs
 * input from the client records input requests and returns; the request
 * is answered with resultType "input_required" and an HMAC-signed
 * requestState; the client retries with inputResponses and that state, and
 * the handler runs again and finds its answers.
 *
 * requestState is base64url(payload) "." base64url(HMAC-SHA256(key,
 * first part)) with a random key made once per process: it binds the
 * method, the tool/prompt name or resource uri and a digest of the
 * arguments, expires, and carries the answers of earlier rounds and the
 * handler's values (mcp_call_state). A state that fails any check is
 * refused with -32602: it is attacker-controlled input. Answers in the
 * retry's own inputResponses need no signature: they are the client's
 * word, as an answer to a server-to-client request would be. */
#include "mcp_int.h"

#include "base/base.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <time.h>

#define STATE_TTL_S (30 * 60) /* a user may take a while to answer */
#define STATE_VERSION 1

static uint8_t state_key[32];
static pthread_once_t key_once = PTHREAD_ONCE_INIT;

static void fill_random(uint8_t *p, size_t n)
{
    size_t got = 0;
    while (got < n) {
        ssize_t r = getrandom(p + got, n - got, 0);
        if (r < 0 && errno == EINTR)
            continue;
        if (r <= 0) {
            /* no key means no integrity: refuse to run rather than sign
             * with something guessable (the same policy as allocation) */
            log_error("mcp: getrandom failed: %s", strerror(errno));
            abort();
        }
        got += (size_t)r;
    }
}

static void make_key(void) { fill_random(state_key, sizeof state_key); }

#define MAC_LEN 32

static void mac_of(const char *text, size_t n, uint8_t out[MAC_LEN])
{
    pthread_once(&key_once, make_key);
    mcp__hmac_sha256(state_key, sizeof state_key, text, n, out);
}

/* What a state is bound to: the method, the name or uri, and the
 * arguments (hex SHA-256 of their canonical JSON; new string). */
static char *binding_of(struct mcp_call *call)
{
    json_t *p = call->params;
    json_t *target = json_object_get(p, json_object_get(p, "uri") ? "uri" : "name");
    json_t *args = json_object_get(p, "arguments");
    json_t *b = json_pack("{s:s, s:O?, s:O?}", "m", call->m->name, "t", target, "a", args);
    char *text = json_dumps(b, JSON_COMPACT | JSON_SORT_KEYS | JSON_ENCODE_ANY);
    json_decref(b);
    uint8_t digest[32];
    mcp__sha256(text ? text : "", text ? strlen(text) : 0, digest);
    free(text);
    char *hex = xmalloc(2 * sizeof digest + 1);
    for (size_t i = 0; i < sizeof digest; i++)
        snprintf(hex + 2 * i, 3, "%02x", digest[i]);
    return hex;
}

/* The signed state for the next round (new string). */
static char *state_seal(struct mcp_call *call)
{
    uint8_t nonce[8];
    char nonce_hex[17];
    fill_random(nonce, sizeof nonce);
    for (size_t i = 0; i < sizeof nonce; i++)
        snprintf(nonce_hex + 2 * i, 3, "%02x", nonce[i]);
    char *binding = binding_of(call);
    json_t *payload = json_pack("{s:i, s:s, s:I, s:O, s:O, s:s}", "v", STATE_VERSION, "b", binding, "x",
                                (json_int_t)time(NULL) + STATE_TTL_S, "a", call->in.kept, "s",
                                call->in.values ? call->in.values : json_null(), "r", nonce_hex);
    free(binding);
    char *text = json_dumps(payload, JSON_COMPACT);
    json_decref(payload);
    if (!text)
        abort(); /* out of memory: the same policy as xmalloc */
    char *body = mcp__b64url_encode(text, strlen(text));
    free(text);
    uint8_t mac[MAC_LEN];
    mac_of(body, strlen(body), mac);
    char *sig = mcp__b64url_encode(mac, sizeof mac);
    char *state = xasprintf("%s.%s", body, sig);
    free(body);
    free(sig);
    return state;
}

/* The verified payload of a state (new), or NULL with *why. */
static json_t *state_open(struct mcp_call *call, const char *state, const char **why)
{
    const char *dot = strchr(state, '.');
    json_t *payload = NULL;
    size_t n = 0, k = 0;
    uint8_t *sig = NULL, *body = NULL;
    *why = "it is not a state this server issued";
    if (!dot)
        return NULL;
    uint8_t mac[MAC_LEN];
    mac_of(state, (size_t)(dot - state), mac);
    sig = (uint8_t *)mcp__b64url_decode(dot + 1, strlen(dot + 1), &n);
    if (!sig || n != sizeof mac || !mcp__mem_equal(sig, mac, sizeof mac)) {
        *why = "its signature does not match (it was changed)";
        goto out;
    }
    body = (uint8_t *)mcp__b64url_decode(state, (size_t)(dot - state), &k);
    payload = body ? json_loadb((const char *)body, k, 0, NULL) : NULL;
    char *binding = binding_of(call);
    const char *b = json_string_value(json_object_get(payload, "b"));
    json_int_t exp = json_integer_value(json_object_get(payload, "x"));
    if (!json_is_object(payload) || json_integer_value(json_object_get(payload, "v")) != STATE_VERSION) {
        *why = "it is not a state this server issued";
    } else if (!b || strcmp(b, binding) != 0) {
        *why = "it belongs to another request (method, name or arguments differ)";
    } else if (exp < (json_int_t)time(NULL)) {
        *why = "it expired; call again without requestState";
    } else {
        *why = NULL;
    }
    free(binding);
    if (*why) {
        json_decref(payload);
        payload = NULL;
    }
out:
    free(sig);
    free(body);
    return payload;
}

static void merge_answers(json_t *into, json_t *from)
{
    const char *key;
    json_t *v;
    json_object_foreach(from, key, v)
    {
        if (json_is_object(v))
            json_object_set(into, key, v);
    }
}

int mcp__mrtr_begin(struct mcp_call *call, struct mcp__err *err)
{
    json_t *responses = json_object_get(call->params, "inputResponses");
    json_t *state = json_object_get(call->params, "requestState");
    if (!call->in.answers) {
        call->in.answers = json_object();
        call->in.asked = json_object();
        call->in.kept = json_object();
    }
    if (responses && !json_is_null(responses) && !json_is_object(responses)) {
        mcp__err_set(err, MCP__INVALID_PARAMS,
                     "Invalid params: inputResponses must be an object mapping input keys to answers");
        return -1;
    }
    if (state && !json_is_null(state)) {
        const char *why = "it must be the string this server sent";
        json_t *payload = json_is_string(state) ? state_open(call, json_string_value(state), &why) : NULL;
        if (!payload) {
            mcp__err_set(err, MCP__INVALID_PARAMS, "Invalid params: requestState refused: %s", why);
            return -1;
        }
        merge_answers(call->in.answers, json_object_get(payload, "a"));
        json_t *values = json_object_get(payload, "s");
        if (json_is_object(values)) {
            json_decref(call->in.values);
            call->in.values = json_incref(values);
        }
        json_decref(payload);
    }
    merge_answers(call->in.answers, responses);
    return 0;
}

bool mcp__mrtr_pending(const struct mcp_call *call) { return json_object_size(call->in.asked) > 0; }

json_t *mcp__mrtr_result(struct mcp_call *call)
{
    char *state = state_seal(call);
    json_t *r = json_pack("{s:s, s:O, s:s}", "resultType", "input_required", "inputRequests", call->in.asked,
                          "requestState", state);
    free(state);
    return r;
}

void mcp__mrtr_rerun(struct mcp_call *call)
{
    json_object_clear(call->in.asked);
    call->in.n = 0;
}

void mcp__mrtr_free(struct mcp__mrtr *in)
{
    json_decref(in->answers);
    json_decref(in->asked);
    json_decref(in->kept);
    json_decref(in->values);
}

/* Whether v has the shape of an answer to method; one that does not is
 * asked again rather than handed to the handler. */
static bool answer_ok(const char *method, json_t *v)
{
    if (strcmp(method, "elicitation/create") == 0) {
        const char *a = json_string_value(json_object_get(v, "action"));
        return a && (strcmp(a, "accept") == 0 || strcmp(a, "decline") == 0 || strcmp(a, "cancel") == 0);
    }
    if (strcmp(method, "sampling/createMessage") == 0) {
        json_t *c = json_object_get(v, "content");
        return json_is_object(c) || json_is_array(c);
    }
    return json_is_array(json_object_get(v, "roots"));
}

enum mcp_input mcp__mrtr_input(struct mcp_call *call, const char *key, const char *method, json_t *params,
                               json_t **result)
{
    char auto_key[64];
    if (!(call->m->flags & MCP__MRTR) || !call->in.answers)
        return MCP_INPUT_UNSUPPORTED; /* only tools/call, prompts/get, resources/read */
    call->in.n++;
    if (!key) {
        const char *kind = strcmp(method, "elicitation/create") == 0      ? "elicitation"
                           : strcmp(method, "sampling/createMessage") == 0 ? "sampling"
                                                                           : "roots";
        snprintf(auto_key, sizeof auto_key, "%s-%u", kind, call->in.n);
        key = auto_key;
    }
    json_t *answer = json_object_get(call->in.answers, key);
    if (answer && answer_ok(method, answer)) {
        json_object_set(call->in.kept, key, answer);
        *result = json_deep_copy(answer);
        return MCP_INPUT_OK;
    }
    json_t *p = json_is_object(params) ? json_deep_copy(params) : json_object();
    if (strcmp(method, "elicitation/create") == 0 && !json_object_get(p, "mode"))
        json_object_set_new(p, "mode", json_string("form"));
    json_object_set_new(call->in.asked, key, json_pack("{s:s, s:o}", "method", method, "params", p));
    return MCP_INPUT_PENDING;
}
