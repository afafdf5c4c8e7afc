/* mcp.h - the Model Context Protocol server core: JSON-RPC 2.0, both
 * protocol eras (2025-11-25 sessions opened by initialize, and stateless
 * 2026-07-28 requests that carry their own _meta), tool/resource/prompt
 * registries, argument validation, input from the client (server-to-client
 * requests or multi-round-trip results), tasks, and the stdio and
 * Streamable HTTP transports. Knows nothing of HaloPSA. Prefix: mcp_.
 *
 * Ownership words follow jansson: a "new reference" is the caller's to
 * json_decref; a "borrowed reference" must not be released and lives as long
 * as its owner says. */
#ifndef HALOPSA_MCP_H
#define HALOPSA_MCP_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

/* The newest revision opened with initialize (sessions: the "legacy" era). */
#define MCP_LATEST_PROTOCOL "2025-11-25"
/* The stateless revision: every request carries
 * _meta["io.modelcontextprotocol/protocolVersion"] (the "modern" era). A
 * request is served in the era it claims, so one process serves both. */
#define MCP_MODERN_PROTOCOL "2026-07-28"
/* Longest accepted JSON-RPC message (one stdio line). Longer input gets a
 * -32600 error reply and the rest of the line is discarded. */
#define MCP_MAX_MESSAGE (16u * 1024u * 1024u)

struct mcp_server;  /* one per process: registries and server info */
struct mcp_session; /* one per client connection (stdio: exactly one) */
struct mcp_call;    /* one in-flight request, handed to handlers */

/* ------------------------------------------------------------------ */
/* Declarative entries                                                 */

struct mcp_annotations {
    bool read_only;   /* readOnlyHint */
    bool destructive; /* destructiveHint (ignored when read_only) */
    bool idempotent;  /* idempotentHint */
    bool open_world;  /* openWorldHint */
};

/* A tool handler returns a CallToolResult object as a new reference
 * (build it with mcp_result_* below). It runs on a worker thread; several
 * handlers may run at once. Returning NULL is an internal error (-32603). */
typedef json_t *(*mcp_tool_fn)(struct mcp_call *call, json_t *args, void *data);

/* Whether a tool may run as a task (the io.modelcontextprotocol/tasks
 * extension of 2026-07-28). A task-capable tool becomes a task when its
 * handler calls mcp_call_detach and the request declared the extension;
 * otherwise it runs to completion in the request. A REQUIRED tool is
 * refused with -32021 when the request did not declare the extension. */
enum mcp_task_support { MCP_TASK_NEVER = 0, MCP_TASK_OPTIONAL, MCP_TASK_REQUIRED };

struct mcp_tool {
    const char *name;
    const char *title;
    const char *description;
    const char *input_schema;  /* JSON text of an object schema; parsed and checked at registration */
    const char *output_schema; /* JSON text or NULL */
    struct mcp_annotations annotations;
    mcp_tool_fn handler;
    void *data; /* passed to the handler untouched */
    enum mcp_task_support task;
};

/* Resource read: returns the ReadResourceResult "contents" array as a new
 * reference, or NULL when the uri is unknown (resource not found: -32002 in
 * a 2025 session, -32602 with data.uri in 2026-07-28), or NULL after
 * mcp_call_fail when reading failed for another reason. */
typedef json_t *(*mcp_resource_fn)(struct mcp_call *call, const char *uri, void *data);

struct mcp_resource {
    const char *uri;          /* exact uri, or an RFC 6570 level-1 template when is_template */
    bool is_template;
    const char *name;
    const char *title;
    const char *description;
    const char *mime_type;
    mcp_resource_fn read;
    void *data;
};

/* Prompt get: returns a GetPromptResult object as a new reference, or NULL
 * with *err set (static string) for invalid arguments (-32602), or NULL
 * after mcp_call_fail for any other error. */
typedef json_t *(*mcp_prompt_fn)(struct mcp_call *call, json_t *args, void *data, const char **err);

struct mcp_prompt {
    const char *name;
    const char *title;
    const char *description;
    const char *arguments; /* JSON text: array of {name, description, required} or NULL */
    mcp_prompt_fn get;
    void *data;
};

/* completion/complete: ref is {type, name|uri}, argument is {name, value},
 * context may be NULL (all borrowed). Returns the "completion" object
 * {values, total?, hasMore?} as a new reference, or NULL for "no completions". */
typedef json_t *(*mcp_complete_fn)(struct mcp_call *call, json_t *ref, json_t *argument,
                                   json_t *context, void *data);

struct mcp_server_info {
    const char *name;         /* serverInfo.name */
    const char *title;        /* serverInfo.title */
    const char *version;      /* serverInfo.version */
    const char *instructions; /* initialize and server/discover "instructions", or NULL */
};

/* ------------------------------------------------------------------ */
/* Server and registries                                               */

/* New server; info strings are copied. Free with mcp_server_free. */
struct mcp_server *mcp_server_new(const struct mcp_server_info *info);
void mcp_server_free(struct mcp_server *srv);

/* Registers an entry. The struct is copied; its strings must outlive the
 * server (they are normally string literals in const tables). Returns 0, or
 * -1 with a message in err when a schema does not parse or the name is
 * taken. Registration must finish before any session is served. */
int mcp_server_add_tool(struct mcp_server *srv, const struct mcp_tool *tool, char *err, size_t errlen);
int mcp_server_add_resource(struct mcp_server *srv, const struct mcp_resource *res, char *err, size_t errlen);
int mcp_server_add_prompt(struct mcp_server *srv, const struct mcp_prompt *prompt, char *err, size_t errlen);
void mcp_server_set_completion(struct mcp_server *srv, mcp_complete_fn fn, void *data);
/* Adds _meta (the JSON text of an object) to the list entry of a
 * registered tool (tools/list) or resource (resources/list or
 * resources/templates/list, by its uri or template), e.g. the MCP Apps
 * view of a tool: {"ui":{"resourceUri":"ui://..."}}. Registration time
 * only. 0, or -1 with err (no such entry, not an object). */
int mcp_server_set_tool_meta(struct mcp_server *srv, const char *name, const char *meta, char *err,
                             size_t errlen);
int mcp_server_set_resource_meta(struct mcp_server *srv, const char *uri, const char *meta, char *err,
                                 size_t errlen);

/* Per-session tool visibility. When set, tools/list shows only the tools for
 * which fn returns true; every registered tool stays callable whatever it
 * returns (hosts that cache the list are not locked out). Setting it makes
 * the server advertise tools.listChanged = true to 2025 sessions. For a
 * 2026-07-28 request fn gets that request's stateless view
 * (mcp_session_is_stateless: no embedding data, nothing remembered), so
 * the list it shows must not depend on earlier requests. fn may be called
 * from any thread. */
typedef bool (*mcp_visible_fn)(struct mcp_session *session, const char *tool_name, void *data);
void mcp_server_set_visibility(struct mcp_server *srv, mcp_visible_fn fn, void *data);

/* A tools/call (or mcp_call_invoke) of a name no tool is registered under
 * asks fn first: it returns a CallToolResult (new reference) to answer
 * with, such as an isError saying why that tool is unavailable in this
 * configuration, or NULL for the usual -32602 "Unknown tool". args is
 * borrowed (an object). fn may be called from any thread. */
typedef json_t *(*mcp_missing_tool_fn)(struct mcp_call *call, const char *name, json_t *args,
                                       void *data);
void mcp_server_set_missing_tool(struct mcp_server *srv, mcp_missing_tool_fn fn, void *data);

/* Called once for each new session before it handles any message; lets the
 * embedding layer attach its per-session state with mcp_session_set_data. */
typedef void (*mcp_session_fn)(struct mcp_session *session, void *data);
void mcp_server_on_session(struct mcp_server *srv, mcp_session_fn fn, void *data);

/* Tool page size for tools/list (default 100; the tests set it low). */
void mcp_server_set_page_size(struct mcp_server *srv, size_t n);

/* Declares which lists may change while the process runs for 2026-07-28
 * clients (flags below). A declared list is advertised with listChanged in
 * server/discover, offered on subscriptions/listen, and given a zero cache
 * lifetime; an undeclared one depends on the configuration alone and is
 * cached for an hour. 2025 sessions are unaffected (tools/list_changed
 * follows mcp_server_set_visibility there). */
enum { MCP_CHANGES_TOOLS = 1, MCP_CHANGES_PROMPTS = 2, MCP_CHANGES_RESOURCES = 4 };
void mcp_server_declare_changes(struct mcp_server *srv, unsigned flags);
/* Overrides the 2026-07-28 cache hint of method ("server/discover",
 * "tools/list", "prompts/list", "resources/list", "resources/templates/list",
 * "resources/read"): ttl_ms >= 0, public_scope false = "private" (the
 * answer may hold the caller's data). Defaults: discover and undeclared
 * lists 1 h public; declared lists 0 public; resources/read 0 private. */
void mcp_server_set_cache_hint(struct mcp_server *srv, const char *method, long ttl_ms, bool public_scope);
/* Tells every open 2026-07-28 subscriptions/listen stream that asked for
 * it that a list changed: what is "tools", "prompts" or "resources". */
void mcp_server_list_changed(struct mcp_server *srv, const char *what);
/* notifications/resources/updated for uri to every client subscribed to
 * it: 2025 sessions that sent resources/subscribe and 2026-07-28 listen
 * streams that named it. Any thread. */
void mcp_server_resource_updated(struct mcp_server *srv, const char *uri);
/* Resource subscriptions. By default the server offers them (resources
 * capability "subscribe": true, resources/subscribe, resourceSubscriptions
 * on subscriptions/listen); a server that cannot notice changes turns them
 * off, so it does not promise what it will never send: then subscribe is
 * false, resources/subscribe is -32601 and listen grants no uri. */
void mcp_server_allow_subscriptions(struct mcp_server *srv, bool on);
/* Every uri some client is subscribed to right now (resources/subscribe
 * in a 2025 session, resourceSubscriptions of an open subscriptions/listen
 * stream): a new array of distinct strings, so the embedding layer watches
 * only what someone watches. */
json_t *mcp_server_subscriptions(struct mcp_server *srv);
/* Periodic work (noticing changes to subscribed resources): fn(srv, data)
 * runs every interval_ms on a thread of its own, first interval_ms after
 * this call, until mcp_server_free stops and joins it (before anything is
 * freed). One ticker per server; call before serving. fn may call
 * mcp_server_subscriptions and mcp_server_resource_updated, and should
 * return early once mcp_server_stopping is true. */
typedef void (*mcp_tick_fn)(struct mcp_server *srv, void *data);
void mcp_server_set_ticker(struct mcp_server *srv, int interval_ms, mcp_tick_fn fn, void *data);
/* True once mcp_server_free has begun (the ticker should stop its work). */
bool mcp_server_stopping(struct mcp_server *srv);
/* How long stdio waits, after its input ends, for calls still running
 * before it cancels them (default 60000 ms). */
void mcp_server_set_drain_timeout(struct mcp_server *srv, int ms);

/* Borrowed: the registered tool called name, or NULL. */
const struct mcp_tool *mcp_server_find_tool(const struct mcp_server *srv, const char *name);
/* Number of registered tools and the i-th one (registration order). */
size_t mcp_server_tool_count(const struct mcp_server *srv);
const struct mcp_tool *mcp_server_tool_at(const struct mcp_server *srv, size_t i);

/* ------------------------------------------------------------------ */
/* Sessions and transports                                             */

/* What a session hands its transport: the message (compact JSON, one
 * line, no trailing newline) and what it is, so no transport parses its
 * own output. */
enum mcp_msg_kind { MCP_MSG_RESPONSE, MCP_MSG_NOTIFICATION, MCP_MSG_REQUEST };
struct mcp_msg {
    enum mcp_msg_kind kind;
    json_t *id;         /* RESPONSE: the id answered (NULL: a null id); REQUEST: ours; else NULL */
    const char *method; /* NOTIFICATION, REQUEST */
    json_t *request;    /* the id of the client request this message belongs to (a running
                           call's notifications and requests, a response), or NULL for
                           session-wide messages (tools/list_changed) */
    int code;           /* RESPONSE: 0 for a result, else the JSON-RPC error code */
    const char *text;
    size_t len;
};
/* Sends one message. Called with the session's output lock held, from any
 * thread; must not call back into the session. Everything in m is
 * borrowed for the call only. */
typedef void (*mcp_send_fn)(void *ud, const struct mcp_msg *m);

/* A session for any transport. Messages come in through
 * mcp_session_receive; replies and notifications leave through send.
 * Requests that may block (tools/call, resources/read, prompts/get) run on
 * worker threads, so receive returns quickly and keeps serving responses to
 * server-to-client requests and cancellations. */
struct mcp_session *mcp_session_new(struct mcp_server *srv, mcp_send_fn send, void *ud);
/* Handles one raw message (a JSON text of len bytes, not NUL-terminated).
 * Call it from one thread at a time. JSON-RPC batches (arrays) are rejected
 * with -32600 for every protocol revision, 2025-03-26 included. Text that
 * is not JSON gets -32700; JSON that jansson cannot hold (an integer past
 * 64 bits, \u0000 in a string, a lone surrogate) gets -32602 addressed to
 * its id when it has one. A request whose params._meta claims a protocol
 * version is served statelessly (2026-07-28) whatever the session's state;
 * any other request belongs to the session opened by initialize. A request
 * cancelled by notifications/cancelled gets no response; one still running
 * when the session closes does get its response. */
void mcp_session_receive(struct mcp_session *s, const char *msg, size_t len);
/* Cancels in-flight work, waits for it, and frees the session. */
void mcp_session_free(struct mcp_session *s);

/* Per-session data owned by the embedding layer; free_fn (may be NULL) runs
 * in mcp_session_free (for a stateless view: when its request ends). */
void mcp_session_set_data(struct mcp_session *s, void *data, void (*free_fn)(void *));
void *mcp_session_data(struct mcp_session *s); /* borrowed */
/* Sends notifications/tools/list_changed if the session is initialized
 * (nothing for a stateless view: it has no list to change). */
void mcp_session_tools_changed(struct mcp_session *s);
/* Sends notifications/resources/updated for uri if the client subscribed
 * to it with resources/subscribe (otherwise does nothing). */
void mcp_session_resource_updated(struct mcp_session *s, const char *uri);
/* The negotiated protocol version (borrowed), or NULL before initialize;
 * MCP_MODERN_PROTOCOL for a stateless view. */
const char *mcp_session_protocol(const struct mcp_session *s);
/* True when the client declared capability cap ("elicitation", "sampling",
 * "roots") in initialize, or for a stateless view in its request's _meta. */
bool mcp_session_client_has(const struct mcp_session *s, const char *cap);
/* True for the stateless view a 2026-07-28 request runs in: a session of
 * one request, which remembers nothing (on_session never ran for it). */
bool mcp_session_is_stateless(const struct mcp_session *s);

/* ------------------------------------------------------------------ */
/* Principals and rights                                               */

/* Rights a principal holds and a tool call needs. Write implies nothing
 * by itself: a writer normally holds both. */
#define MCP_RIGHT_READ 1u
#define MCP_RIGHT_WRITE 2u
#define MCP_RIGHTS_ALL (MCP_RIGHT_READ | MCP_RIGHT_WRITE)

/* Who sent a request: the access token's subject (OAuth), the token
 * file's NAME (bearer tokens), or "local" (stdio, HTTP without
 * authentication), with the rights its credentials grant. */
struct mcp_principal {
    char name[128];
    unsigned rights; /* MCP_RIGHT_* */
};

/* mcp_session_receive on behalf of who (copied into every request the
 * message starts; NULL = local with every right). */
void mcp_session_receive_as(struct mcp_session *s, const char *msg, size_t len,
                            const struct mcp_principal *who);
/* A short, non-secret label naming the session in logs and the audit log
 * (the HTTP transport sets a digest of the session id; default "stdio").
 * Copied (at most 39 characters). */
void mcp_session_set_label(struct mcp_session *s, const char *label);
const char *mcp_session_label(const struct mcp_session *s); /* borrowed */

/* The rights a tools/call of tool with args (borrowed) needs. The default
 * rule: MCP_RIGHT_READ for a tool annotated read-only, both rights for any
 * other; a server whose tools run other tools (a dispatcher) installs its
 * own rule. Transports use it to refuse a call before it starts (HTTP 403
 * insufficient_scope); handlers still enforce their own rights. */
typedef unsigned (*mcp_rights_fn)(const struct mcp_server *srv, const char *tool, json_t *args,
                                  void *data);
void mcp_server_set_rights(struct mcp_server *srv, mcp_rights_fn fn, void *data);
unsigned mcp_server_rights_needed(const struct mcp_server *srv, const char *tool, json_t *args);

/* Serves one session over newline-delimited JSON on in_fd/out_fd until EOF
 * on in_fd. At EOF the calls still running are finished and answered
 * (waiting at most the drain timeout, then cancelling), open
 * subscriptions/listen streams are closed with their result, and input
 * the client can no longer give counts as unanswered. Returns 0 on a clean
 * EOF, -1 on an I/O error. Nothing but protocol messages is written to
 * out_fd. Sets SIGPIPE to SIG_IGN for the process (a client that goes away
 * must not kill us mid-write). */
int mcp_serve_stdio(struct mcp_server *srv, int in_fd, int out_fd);

/* ------------------------------------------------------------------ */
/* Streamable HTTP transport (2025-11-25 sessions and 2026-07-28)       */

/* One endpoint. A POST whose body claims 2026-07-28 (or whose
 * MCP-Protocol-Version header names it) is served statelessly: its
 * headers are checked against the body (Mcp-Method, Mcp-Name,
 * Mcp-Param-*), and it is answered with application/json, or with a
 * text/event-stream when notifications come before the response
 * (subscriptions/listen always streams); closing that stream cancels the
 * request. Anything else is 2025-11-25: POST carries one JSON-RPC message
 * (a request is answered with application/json, or with a
 * text/event-stream that carries the request's notifications and
 * server-to-client requests and ends with the response); GET opens a
 * stream for session-wide messages (list_changed); DELETE ends the
 * session. Sessions are keyed by the Mcp-Session-Id header assigned at
 * initialize; GET or DELETE without one is 405. SSE events carry ids: a
 * POST stream cut before its response can be resumed with GET and
 * Last-Event-ID. Zero or NULL fields take the defaults. */
struct mcp_http_options {
    const char *bind_addr;                /* default "127.0.0.1" */
    int port;                             /* 0 = ephemeral (see mcp_http_port) */
    const char *path;                     /* default "/mcp" */
    const char *const *allowed_origins;   /* NULL-terminated; NULL = only http(s)://localhost,
                                             127.0.0.1 or [::1] on any port; "*" allows any */
    size_t max_sessions;                  /* default 64; when full, the least recently used
                                             session without an open connection is ended */
    int idle_timeout_ms;                  /* a session with no open connection for this long
                                             is ended; default 30 minutes */
    int keepalive_ms;                     /* SSE keepalive comment interval; default 15 s */
    bool json_responses;                  /* answer every request with application/json, never
                                             SSE (its notifications go to the GET stream) */
    /* Authentication, admission and abuse limits (see mcp_auth_options
     * and the "Admission" notes below). */
    const struct mcp_auth_options *auth;  /* NULL = MCP_AUTH_NONE */
    bool allow_unauthenticated;           /* permit MCP_AUTH_NONE on a non-loopback address */
    size_t max_sessions_per_principal;    /* default max_sessions / 4 (at least 1), none
                                             on loopback without authentication */
    size_t max_calls_per_principal;       /* concurrent requests; more get 429; default 8,
                                             none on loopback without authentication */
    size_t max_connections_per_ip;        /* default none on loopback, 64 elsewhere;
                                             SIZE_MAX = none */
    int header_timeout_ms;                /* request line, headers and body must arrive within
                                             this; default 30 s (slowloris) */
};

/* Admission: when the table is full, or the principal (without
 * authentication off loopback: the client address) holds its share, the
 * session that makes room is an idle one (no request or stream open) of
 * that principal when it is over its share, else of anyone: sessions that
 * never made a request after initialize go first, then the least recently
 * used. A session with a request or stream open is never ended to make
 * room; when only such sessions are left, initialize gets 503. */

/* Authentication of the HTTP transport (MCP authorization, 2025-11-25).
 * With TOKEN or OAUTH every request to the endpoint needs
 * "Authorization: Bearer ..."; a missing or bad one gets 401 with
 * WWW-Authenticate: Bearer resource_metadata="<this server>/.well-known/
 * oauth-protected-resource<path>" (RFC 9728), where the Protected Resource
 * Metadata is served. Sessions belong to the principal that created them.
 * The token presented is never passed on. */
enum mcp_auth_mode { MCP_AUTH_NONE = 0, MCP_AUTH_TOKEN, MCP_AUTH_OAUTH };

struct mcp_auth_options {
    enum mcp_auth_mode mode;
    /* TOKEN: a file of lines "NAME TOKEN [SCOPE...]"; TOKEN is the secret
     * itself (at least 16 characters) or "sha256:" and its hex digest;
     * scopes are read and write (write grants both; none = read). Re-read
     * by mcp_http_reload (SIGHUP under mcp_serve_http). */
    const char *tokens_file;
    /* OAUTH: the authorization server's issuer URL (its OpenID Connect
     * discovery or RFC 8414 metadata names the JWKS), https unless on
     * loopback. JWT access tokens signed RS256 or ES256 are accepted when
     * iss is this issuer, aud holds the resource URI, exp/nbf hold. */
    const char *issuer;
    const char *jwks_uri;    /* OAUTH: overrides the discovered jwks_uri */
    const char *resource;    /* this server's canonical URI (RFC 8707), e.g.
                                https://mcp.example.com/mcp; default
                                http://ADDR:PORT/PATH from the listening socket */
    const char *read_scope;  /* OAUTH: scope that grants reading (required) */
    const char *write_scope; /* OAUTH: scope that grants writing (and reading) */
    int leeway_s;            /* OAUTH: clock skew allowed on exp/nbf; default 30 */
};

struct mcp_http;

/* Starts serving srv (registration must be finished) on a listening
 * socket with its own threads. Returns a new handle, or NULL with a
 * message in err. A bind address other than loopback also accepts any
 * Host header; on loopback the Host must name localhost (DNS rebinding). */
struct mcp_http *mcp_http_start(struct mcp_server *srv, const struct mcp_http_options *o, char *err,
                                size_t errlen);
/* The port the server listens on (the kernel's choice when port was 0). */
int mcp_http_port(const struct mcp_http *h);
/* Re-reads what can change while serving (the token file). 0, or -1 with
 * the old settings kept and the reason logged. */
int mcp_http_reload(struct mcp_http *h);
/* Ends every stream and session, stops listening and frees h. */
void mcp_http_stop(struct mcp_http *h);
/* Serves srv over HTTP until SIGINT or SIGTERM, printing the URL on stderr
 * ("mcp: serving Streamable HTTP on http://HOST:PORT/PATH"); SIGHUP calls
 * mcp_http_reload. Blocks the three signals in the calling thread while it
 * runs and sets SIGPIPE to SIG_IGN for the process. Returns 0 after a
 * signal, -1 when it cannot start. */
int mcp_serve_http(struct mcp_server *srv, const struct mcp_http_options *o);

/* ------------------------------------------------------------------ */
/* Inside a handler                                                    */

struct mcp_session *mcp_call_session(struct mcp_call *call); /* borrowed */
/* Borrowed: who sent this request (see mcp_session_receive_as). */
const struct mcp_principal *mcp_call_principal(struct mcp_call *call);
/* True when the request's principal holds every right in rights. */
bool mcp_call_may(struct mcp_call *call, unsigned rights);
struct mcp_server *mcp_call_server(struct mcp_call *call);   /* borrowed */
/* True once the client cancelled this request (notifications/cancelled, a
 * closed 2026 HTTP stream, tasks/cancel) or the session is closing. Long
 * handlers poll it between steps. */
bool mcp_call_cancelled(struct mcp_call *call);
/* The protocol revision this request is served in (borrowed):
 * MCP_MODERN_PROTOCOL for a stateless request, else the session's. */
const char *mcp_call_protocol(struct mcp_call *call);
/* True when this request's client declared capability cap (a 2026
 * request's own _meta, else the session's initialize). */
bool mcp_call_client_has(struct mcp_call *call, const char *cap);
/* Says that this request cannot be served without capability cap. Returns
 * true when the client declared it. Otherwise returns false and, for a
 * 2026-07-28 request, the request is answered with -32021
 * (MissingRequiredClientCapability, data.requiredCapabilities = {cap:{}})
 * whatever the handler returns; a 2025 handler reports it as it sees fit. */
bool mcp_call_require(struct mcp_call *call, const char *cap);
/* JSON-RPC error codes a handler may give mcp_call_fail. */
#define MCP_INVALID_PARAMS (-32602)
#define MCP_INTERNAL_ERROR (-32603)
/* Makes a resource read or prompt get whose handler returns NULL answer
 * with this error (code, message) instead of the default (resource not
 * found; invalid params): e.g. the upstream service failed (-32603), or
 * an argument names nothing (-32602 with the reason). */
void mcp_call_fail(struct mcp_call *call, int code, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* Sends notifications/progress when the request carried
 * _meta.progressToken (otherwise does nothing). progress must increase;
 * total <= 0 means unknown; message may be NULL. */
void mcp_call_progress(struct mcp_call *call, double progress, double total, const char *message);
/* The request's _meta.progressToken (string or integer; borrowed, lives as
 * long as the call), or NULL when the client sent none. */
json_t *mcp_call_progress_token(struct mcp_call *call);
/* Sends notifications/message when level passes the threshold: the
 * session's logging/setLevel, or a 2026 request's
 * _meta["io.modelcontextprotocol/logLevel"] (absent: nothing is sent).
 * level is an MCP level name ("info", ...); data is stolen (may be NULL). */
void mcp_call_log(struct mcp_call *call, const char *level, const char *logger, json_t *data);

/* Input from the client: elicitation, sampling, roots.
 *
 * In a 2025 session this is a server-to-client request that blocks until
 * the client answers, the call is cancelled, or timeout_ms passes
 * (timeout_ms <= 0 waits until the answer, a cancellation or the
 * session's end).
 *
 * In 2026-07-28 it never blocks: the answer comes with a retry of the
 * request (multi-round trip). When the retry's inputResponses (or answers
 * kept from earlier rounds in the HMAC-signed requestState) hold the
 * answer, it is returned at once (MCP_INPUT_OK). Otherwise the input
 * request is recorded and MCP_INPUT_PENDING returned: the handler should
 * return (any result, or NULL), and the request is answered with
 * resultType "input_required" carrying every input recorded in this run
 * and a signed requestState. The handler runs again, from the start, when
 * the client retries, so the same inputs are asked in the same order. Inside
 * a task (mcp_call_detach) the task waits in status input_required for
 * tasks/update instead of answering. */
enum mcp_input {
    MCP_INPUT_OK = 0,           /* *result: the client's answer (new reference) */
    MCP_INPUT_UNSUPPORTED = -1, /* the client did not declare the capability; nothing sent */
    MCP_INPUT_ERROR = -2,       /* the client answered with an error: *result is it (new) */
    MCP_INPUT_TIMEOUT = -3,     /* timed out or cancelled; the client got notifications/cancelled */
    MCP_INPUT_PENDING = -4,     /* 2026: recorded; return, the core answers input_required */
};
/* The general form: method is "elicitation/create", "sampling/createMessage"
 * or "roots/list"; params borrowed (may be NULL). key names the input in a
 * 2026 inputRequests map (NULL: "<kind>-<n>", n counting this run's inputs). */
enum mcp_input mcp_call_input(struct mcp_call *call, const char *key, const char *method, json_t *params,
                              int timeout_ms, json_t **result);
/* Form-mode elicitation; requested_schema borrowed. */
enum mcp_input mcp_call_elicit(struct mcp_call *call, const char *message, json_t *requested_schema,
                               int timeout_ms, json_t **result);
enum mcp_input mcp_call_sample(struct mcp_call *call, json_t *params, int timeout_ms,
                               json_t **result); /* params borrowed */
enum mcp_input mcp_call_list_roots(struct mcp_call *call, int timeout_ms, json_t **result);

/* Values a handler keeps across the rounds of one 2026 request: they
 * travel in the signed requestState (in a 2025 session they last for the
 * call). mcp_call_state returns a borrowed value or NULL; set steals. */
json_t *mcp_call_state(struct mcp_call *call, const char *key);
void mcp_call_set_state(struct mcp_call *call, const char *key, json_t *value);

/* Turns a running tools/call of a task-capable tool into a task when the
 * 2026 request declared the io.modelcontextprotocol/tasks extension: the
 * client is answered now with the task (resultType "task") and polls
 * tasks/get; the handler goes on, and what it returns becomes the task's
 * result. Returns true once the call is a task (again on later calls),
 * false when it cannot be one (then it simply goes on synchronously). Call
 * it when the work turns out to be long (another page to fetch). */
bool mcp_call_detach(struct mcp_call *call);

/* Runs another registered tool by name with the full call path (argument
 * validation, then its handler) inside this call. Returns a CallToolResult
 * (new reference); an unknown tool gives an isError result. args borrowed. */
json_t *mcp_call_invoke(struct mcp_call *call, const char *tool_name, json_t *args);

/* ------------------------------------------------------------------ */
/* Results and validation                                              */

/* All return a new CallToolResult object. */
json_t *mcp_result_text(const char *text);
json_t *mcp_result_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* structured is stolen; text may be NULL (then the compact JSON of
 * structured is used as the text content). */
json_t *mcp_result_structured(json_t *structured, const char *text);

/* Validates value against a JSON Schema (the subset: type incl. arrays of
 * types, required, properties, additionalProperties, enum, const,
 * minimum/maximum (and exclusive), minLength/maxLength, items,
 * minItems/maxItems, allOf/anyOf/oneOf/not, if/then/else, local $ref).
 * Returns 0, or -1 with a message naming the offending field, e.g.
 * "argument 'page_size': must be <= 100". Both borrowed. */
int mcp_validate(json_t *schema, json_t *value, char *err, size_t errlen);

#endif
