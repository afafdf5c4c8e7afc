/* mcp_int.h - internals shared by the files of the MCP core (names mcp__x). */
#ifndef HALOPSA_MCP_INT_H
#define HALOPSA_MCP_INT_H

#include "mcp/mcp.h"

#include <pthread.h>
#include <stdatomic.h>

/* Requests running at once on worker threads per session. More are
 * refused with an error rather than queued: a queue could deadlock when
 * every worker waits for an elicitation answer the reader must deliver. */
#define MCP__MAX_INFLIGHT 32

/* JSON-RPC and MCP error codes. */
#define MCP__PARSE_ERROR (-32700)
#define MCP__INVALID_REQUEST (-32600)
#define MCP__METHOD_NOT_FOUND (-32601)
#define MCP__INVALID_PARAMS (-32602)
#define MCP__INTERNAL_ERROR (-32603)
#define MCP__RESOURCE_NOT_FOUND (-32002) /* 2025 only; 2026 says -32602 */
#define MCP__HEADER_MISMATCH (-32020)
#define MCP__MISSING_CAPABILITY (-32021)
#define MCP__UNSUPPORTED_VERSION (-32022)

/* Reserved _meta keys of 2026-07-28. */
#define MCP__META_VERSION "io.modelcontextprotocol/protocolVersion"
#define MCP__META_CAPS "io.modelcontextprotocol/clientCapabilities"
#define MCP__META_CLIENT "io.modelcontextprotocol/clientInfo"
#define MCP__META_LOG_LEVEL "io.modelcontextprotocol/logLevel"
#define MCP__META_SERVER "io.modelcontextprotocol/serverInfo"
#define MCP__META_SUBSCRIPTION "io.modelcontextprotocol/subscriptionId"
#define MCP__TASKS_EXT "io.modelcontextprotocol/tasks"

/* ---- call threads (workers.c) ---- */
/* Runs fn(arg) on a thread of its own at once: an idle one kept from an
 * earlier call, or a new one. 0, or -1 when no thread can start. */
int mcp__workers_run(void (*fn)(void *), void *arg);

/* ---- waiting (clock.c) ---- */
/* A condition variable whose timed waits use CLOCK_MONOTONIC. */
void mcp__cond_init_monotonic(pthread_cond_t *cv);
/* The CLOCK_MONOTONIC time ms from now (now when ms <= 0). */
struct timespec mcp__deadline_in(int64_t ms);

/* A protocol error a method handler reports instead of a result. */
struct mcp__err {
    int code;
    char msg[512];
    json_t *data; /* new reference or NULL */
};
void mcp__err_set(struct mcp__err *e, int code, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

/* ---- registry ---- */
struct mcp__tool {
    struct mcp_tool t;
    json_t *input;  /* parsed input schema */
    json_t *output; /* parsed output schema or NULL */
    json_t *entry;  /* the tools/list entry, built once */
};

struct mcp__resource {
    struct mcp_resource r;
    json_t *entry; /* resources/list or resources/templates/list entry */
};

struct mcp__prompt {
    struct mcp_prompt p;
    json_t *args;  /* parsed arguments array (may be empty) */
    json_t *entry; /* prompts/list entry */
};

/* A 2026 cache hint (ttlMs, cacheScope) of one method. */
struct mcp__hint {
    const char *method;
    long ttl_ms; /* < 0: not set, use the default */
    bool public_scope;
};
#define MCP__NHINTS 6

struct mcp__listener;
struct mcp__task;

struct mcp_server {
    char *name, *title, *version, *instructions;
    struct mcp__tool *tools;
    size_t ntools, captools;
    struct mcp__resource *resources;
    size_t nresources, capresources;
    struct mcp__prompt *prompts;
    size_t nprompts, capprompts;
    mcp_complete_fn complete;
    void *complete_data;
    mcp_visible_fn visible;
    void *visible_data;
    mcp_missing_tool_fn missing_tool;
    void *missing_tool_data;
    mcp_session_fn on_session;
    void *on_session_data;
    size_t page_size;
    mcp_rights_fn rights; /* NULL: by annotations (principal.c) */
    void *rights_data;
    unsigned changes; /* MCP_CHANGES_* */
    struct mcp__hint hints[MCP__NHINTS];
    int drain_ms;
    bool has_task_tools;
    bool no_subscriptions; /* mcp_server_allow_subscriptions(false) */
    /* 2025 sessions holding resource subscriptions, and the ticker (watch.c) */
    pthread_mutex_t watch_mu;
    struct mcp_session *watchers;
    pthread_mutex_t tick_mu;
    pthread_cond_t tick_cv;
    pthread_t ticker;
    bool has_ticker;
    int tick_ms;
    mcp_tick_fn tick;
    void *tick_data;
    atomic_bool stopping;
    /* open subscriptions/listen streams (listen.c) */
    pthread_mutex_t listen_mu;
    struct mcp__listener *listeners;
    /* tasks (tasks.c): process-global, as the extension says */
    pthread_mutex_t task_mu;
    pthread_cond_t task_cv;
    struct mcp__task *tasks;
    size_t ntasks;
    size_t task_threads; /* handlers still running as tasks */
    bool closing;
};

const struct mcp__tool *mcp__find_tool(const struct mcp_server *srv, const char *name); /* borrowed */
const struct mcp__prompt *mcp__find_prompt(const struct mcp_server *srv, const char *name); /* borrowed */
/* The resource serving uri (exact match first, then templates), or NULL. */
const struct mcp__resource *mcp__match_resource(const struct mcp_server *srv, const char *uri); /* borrowed */
bool mcp__template_match(const char *tmpl, const char *uri);

/* Checks that a parsed schema only uses keywords in a form mcp_validate
 * understands. 0 or -1 with err. */
int mcp__schema_check(json_t *schema, char *err, size_t errlen);

/* A JSON string from possibly invalid UTF-8: bad bytes become '?'. New. */
json_t *mcp__string_lossy(const char *s);

/* ---- sessions and calls ---- */
struct mcp__pending {
    struct mcp__pending *next;
    char id[32];
    json_t *reply; /* the whole response message once done */
};

/* Multi-round-trip input of one 2026 request (mrtr.c). */
struct mcp__mrtr {
    json_t *answers; /* key -> the client's answer: the retry's inputResponses and the verified state */
    json_t *asked;   /* key -> {method, params}: inputs recorded in this run */
    json_t *kept;    /* key -> answer used in this run (carried into the next requestState) */
    json_t *values;  /* mcp_call_state */
    unsigned n;      /* inputs asked in this run (automatic keys) */
};

struct mcp_call {
    struct mcp_call *next;
    struct mcp_session *s;    /* the connection it came in on; NULL once it is a task */
    struct mcp_session *view; /* 2026: the stateless view handlers see (owned) */
    const struct mcp__method *m;
    const struct mcp__tool *tool; /* tools/call: the tool running (innermost) */
    json_t *id;     /* request id (string or integer) */
    json_t *params; /* always an object */
    json_t *progress_token;
    double last_progress;
    bool sent_progress;
    atomic_bool cancelled; /* by notifications/cancelled */
    struct mcp_principal who; /* copied from the session at receive; "" = local */
    bool threaded;  /* runs on its own worker thread */
    bool modern;    /* a 2026-07-28 request */
    bool answered;  /* its response went out early (a task) */
    int log_level;  /* 2026: from _meta, -1 = no logging */
    json_t *caps;   /* 2026: the request's client capabilities (borrowed from params) */
    json_t *missing; /* 2026: capabilities required but not declared */
    struct mcp__mrtr in;
    struct mcp__task *task; /* once detached */
    struct mcp__err fail;   /* mcp_call_fail: code 0 = none */
};

enum mcp__state { MCP__NEW = 0, MCP__ANSWERED, MCP__READY };

struct mcp_session {
    struct mcp_server *srv;
    mcp_send_fn send;
    void *ud;
    bool stateless;           /* a 2026 request's view: nothing below but client_caps is used */
    pthread_mutex_t out_lock; /* serialises send */
    pthread_mutex_t lock;     /* everything below */
    pthread_cond_t cond;      /* call finished, reply arrived, cancel, closing */
    enum mcp__state state;
    char protocol[16];
    json_t *client_caps;
    int log_level;
    struct mcp_call *active; /* running on workers */
    size_t nactive;
    struct mcp_call *done; /* finished, waiting to be joined */
    struct mcp__pending *pending;
    unsigned long next_srv_id;
    atomic_bool closing;
    atomic_bool input_closed; /* stdio EOF: the client can no longer answer or send */
    json_t *subscriptions; /* uri -> true */
    struct mcp_session *watch_next; /* in srv->watchers while watching (watch.c) */
    bool watching;
    struct mcp_principal who; /* sender of the message being received ("" = local) */
    char label[40];           /* mcp_session_label; "" = "stdio" */
    void *data;
    void (*free_fn)(void *);
};

/* A session that carries 2026 requests only (one HTTP request's channel):
 * no on_session, no initialize. */
struct mcp_session *mcp__session_new_channel(struct mcp_server *srv, mcp_send_fn send, void *ud);
/* Handles one parsed message (borrowed); the transport already parsed it. */
void mcp__session_dispatch(struct mcp_session *s, json_t *msg);
/* The same, with who (borrowed, may be NULL) as the sender of msg. */
void mcp__session_dispatch_as(struct mcp_session *s, json_t *msg, const struct mcp_principal *who);
/* Cancels everything running without waiting (mcp_session_free waits). */
void mcp__session_close(struct mcp_session *s);
/* stdio EOF: wakes what waits for the client, waits up to ms for the calls
 * still running. */
void mcp__session_drain(struct mcp_session *s, int ms);
/* Removes call from the session's running set (it became a task). */
void mcp__session_release(struct mcp_session *s, struct mcp_call *call);

/* ---- methods ---- */
typedef json_t *(*mcp__method_fn)(struct mcp_call *call, json_t *params, struct mcp__err *err);
enum {
    MCP__ASYNC = 1,     /* runs on a worker thread */
    MCP__PRE_INIT = 2,  /* 2025: allowed before initialize */
    MCP__LEGACY = 4,    /* 2025 sessions only */
    MCP__MODERN = 8,    /* 2026-07-28 only */
    MCP__MRTR = 16,     /* may answer input_required (2026) */
    MCP__CACHE = 32,    /* carries ttlMs/cacheScope (2026) */
};
struct mcp__method {
    const char *name;
    mcp__method_fn fn;
    unsigned flags;
};
const struct mcp__method *mcp__find_method(const char *name); /* borrowed (static table) */
/* The method as served in one era: NULL when unknown there. */
const struct mcp__method *mcp__find_method_era(const char *name, bool modern);
/* The log level index of an MCP level name, or -1. */
int mcp__log_level(const char *name);
/* Runs a tool's full call path (validation, handler, result checks) in
 * call. Returns a CallToolResult (new) or NULL with err. */
json_t *mcp__invoke(struct mcp_call *call, const struct mcp__tool *t, json_t *args, struct mcp__err *err);

/* ---- the 2026 envelope (modern.c) ---- */
/* The request claims 2026 semantics: params._meta has the version key. */
bool mcp__has_claim(json_t *params);
/* Checks _meta of a 2026 request: 0, or -1 with err (-32602). */
int mcp__meta_check(json_t *params, struct mcp__err *err);
/* The claimed version (borrowed) or NULL. */
const char *mcp__meta_version(json_t *params);
/* A revision served statelessly. */
bool mcp__modern_supported(const char *version);
/* -32022 with data {supported, requested}. */
void mcp__err_unsupported(struct mcp__err *err, const char *requested);
/* -32021 with data {requiredCapabilities: caps} (caps stolen). */
void mcp__err_missing(struct mcp__err *err, json_t *caps);
/* The server's capabilities as server/discover states them (new). */
json_t *mcp__modern_capabilities(const struct mcp_server *srv);
/* Adds resultType, serverInfo and cache hints to a 2026 result. */
void mcp__decorate(struct mcp_call *call, json_t *result);
/* {name, version[, title]} (new). */
json_t *mcp__server_info(const struct mcp_server *srv);
/* True when the 2026 request declared capability cap (or, for "extensions/x", the extension x). */
bool mcp__caps_have(json_t *caps, const char *cap);

/* ---- multi-round trips (mrtr.c) ---- */
/* Reads the retry's inputResponses and requestState (verifying it) into
 * call->in. 0, or -1 with err (-32602). */
int mcp__mrtr_begin(struct mcp_call *call, struct mcp__err *err);
/* Inputs were recorded in this run. */
bool mcp__mrtr_pending(const struct mcp_call *call);
/* The input_required result for the inputs recorded in this run (new). */
json_t *mcp__mrtr_result(struct mcp_call *call);
/* Forgets this run's recorded inputs (a task runs its handler again). */
void mcp__mrtr_rerun(struct mcp_call *call);
void mcp__mrtr_free(struct mcp__mrtr *in);
/* 2026 input: answer from call->in or record the request. */
enum mcp_input mcp__mrtr_input(struct mcp_call *call, const char *key, const char *method, json_t *params,
                               json_t **result);

/* ---- resource subscriptions and the ticker (watch.c) ---- */
void mcp__watch_init(struct mcp_server *srv);
/* Stops and joins the ticker (first thing in mcp_server_free). */
void mcp__watch_stop(struct mcp_server *srv);
void mcp__watch_free(struct mcp_server *srv);
/* The session holds subscriptions now: notifications reach it. */
void mcp__watch_add(struct mcp_session *s);
/* The session goes away (mcp_session_free, before it is freed). */
void mcp__watch_remove(struct mcp_session *s);
/* Adds the uris the open listen streams subscribed to into set (an
 * object used as a set: uri -> true). */
void mcp__listeners_uris(struct mcp_server *srv, json_t *set);
/* notifications/resources/updated to the listen streams that named uri. */
void mcp__listeners_updated(struct mcp_server *srv, const char *uri);

/* ---- subscriptions/listen (listen.c) ---- */
json_t *mcp__listen(struct mcp_call *call, json_t *params, struct mcp__err *err);
void mcp__listeners_init(struct mcp_server *srv);
void mcp__listeners_free(struct mcp_server *srv);

/* ---- tasks (tasks.c) ---- */
void mcp__tasks_init(struct mcp_server *srv);
/* Cancels every task and waits for their handlers. */
void mcp__tasks_free(struct mcp_server *srv);
json_t *mcp__tasks_get(struct mcp_call *call, json_t *params, struct mcp__err *err);
json_t *mcp__tasks_update(struct mcp_call *call, json_t *params, struct mcp__err *err);
json_t *mcp__tasks_cancel(struct mcp_call *call, json_t *params, struct mcp__err *err);
/* The task's handler asked for input: waits (status input_required) until
 * tasks/update answered everything; 0, or -1 when cancelled. */
int mcp__task_wait_inputs(struct mcp_call *call);
/* The task's handler is done: result (stolen) or err. */
void mcp__task_finish(struct mcp_call *call, json_t *result, struct mcp__err *err);
bool mcp__task_cancelled(const struct mcp_call *call);
/* A task's handler thread is gone (after its call was freed). */
void mcp__task_thread_done(struct mcp_server *srv);
/* Makes call a task (mcp_call_detach). */
bool mcp__task_detach(struct mcp_call *call);
void mcp__task_status_message(struct mcp_call *call, const char *msg);

/* ---- output ---- */
/* Sends msg (stolen) under the output lock, described by m (text filled in). */
void mcp__send(struct mcp_session *s, json_t *msg, struct mcp_msg *m);
void mcp__send_result(struct mcp_session *s, json_t *id, json_t *result); /* id borrowed, result stolen */
/* id borrowed (NULL = null id); data stolen (may be NULL). */
void mcp__send_error(struct mcp_session *s, json_t *id, int code, const char *msg, json_t *data);
/* related: the client request it belongs to (borrowed) or NULL; params stolen. */
void mcp__send_notification(struct mcp_session *s, json_t *related, const char *method, json_t *params);
/* The error reply for a line longer than MCP_MAX_MESSAGE (stdio). */
void mcp__reject_oversize(struct mcp_session *s);
/* Answers text that did not parse: -32602 to its id when it is JSON that
 * jansson cannot hold, else -32700 (salvage.c). */
void mcp__reject_unparsed(struct mcp_session *s, const char *msg, size_t len, const json_error_t *jerr);
/* 1 and *id (new) when text is JSON (by the grammar alone) whose top-level
 * object has a string or integer id; 0 when it is JSON without one; -1
 * when it is not JSON. */
int mcp__salvage_id(const char *text, size_t len, json_t **id);
/* The message for JSON jansson could not load (static buffer of the caller). */
void mcp__unparsed_message(const json_error_t *jerr, char *out, size_t outlen);

/* ---- Streamable HTTP header checks (http_check.c) ---- */
#define MCP__HTTP_SID_LEN 32 /* hex characters in an Mcp-Session-Id */
/* An Origin header value against the allow-list (NULL: http(s) on
 * localhost, 127.0.0.1 or [::1], any port; "*" in the list allows any). */
bool mcp__http_origin_allowed(const char *origin, const char *const *allowed);
/* A Host header naming a loopback host (localhost, 127.0.0.1, [::1]),
 * with or without a port. */
bool mcp__http_host_is_loopback(const char *host);
/* A bind address that only loopback clients can reach. */
bool mcp__http_addr_is_loopback(const char *addr);
/* An Accept header value that admits the media type (exact, type/x or
 * the wildcard ranges). NULL (no header) admits nothing. */
bool mcp__http_accepts(const char *accept, const char *type);
/* A Content-Type header whose media type is type (parameters ignored). */
bool mcp__http_content_type_is(const char *content_type, const char *type);
/* A 2025 revision this server speaks (MCP-Protocol-Version header). */
bool mcp__http_protocol_supported(const char *version);
/* Writes a new random session id (MCP__HTTP_SID_LEN hex characters and a
 * NUL) from getrandom(). 0, or -1 when the kernel gives no randomness. */
int mcp__http_new_session_id(char out[MCP__HTTP_SID_LEN + 1]);

/* ---- 2026 HTTP header rules (http_headers.c) ---- */
/* Looks a request header up by name (case-insensitively), or NULL. */
typedef const char *(*mcp__header_fn)(void *ud, const char *name);
/* Strict, canonical Base64 (RFC 4648 alphabet, padding required, no
 * stray bits). Returns a new NUL-terminated buffer and *len, or NULL. */
char *mcp__b64_strict(const char *s, size_t n, size_t *len);

/* ---- primitives (crypto.c) ---- */
/* Decodes base64url without padding. New buffer (NUL-terminated for
 * convenience) with *outlen, or NULL when s is not canonical base64url. */
unsigned char *mcp__b64url_decode(const char *s, size_t len, size_t *outlen);
/* base64url without padding of len bytes. New string. */
char *mcp__b64url_encode(const void *data, size_t len);
/* SHA-256 and HMAC-SHA256 of data into out. */
void mcp__sha256(const void *data, size_t len, unsigned char out[32]);
void mcp__hmac_sha256(const void *key, size_t keylen, const void *data, size_t len, unsigned char out[32]);
/* Compares in time that does not depend on where a and b differ. */
bool mcp__mem_equal(const void *a, const void *b, size_t len);
/* Checks the standard headers of a 2026 request against its body
 * (MCP-Protocol-Version, Mcp-Method, Mcp-Name). 0, or -1 with err
 * (-32020). */
int mcp__http_check_standard(json_t *msg, mcp__header_fn hdr, void *ud, struct mcp__err *err);
/* Checks the Mcp-Param-* headers of a tools/call against the tool's
 * x-mcp-header properties and the arguments. 0, or -1 with err (-32020). */
int mcp__http_check_params(const struct mcp_server *srv, json_t *params, mcp__header_fn hdr, void *ud,
                           struct mcp__err *err);
/* Checks the x-mcp-header annotations of an input schema at
 * registration. 0, or -1 with a message in err. */
int mcp__x_mcp_header_check(json_t *schema, char *err, size_t errlen);

#endif
