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
#define MCP__RESOURCE_NOT_FOUND (-32002)

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
    mcp_session_fn on_session;
    void *on_session_data;
    size_t page_size;
    mcp_rights_fn rights; /* NULL: by annotations (principal.c) */
    void *rights_data;
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

struct mcp_call {
    struct mcp_call *next;
    struct mcp_session *s;
    const struct mcp__method *m;
    json_t *id;     /* request id (string or integer) */
    json_t *params; /* always an object */
    json_t *progress_token;
    double last_progress;
    bool sent_progress;
    atomic_bool cancelled; /* by notifications/cancelled */
    pthread_t thread;
    struct mcp_principal who; /* copied from the session at receive; "" = local */
};

enum mcp__state { MCP__NEW = 0, MCP__ANSWERED, MCP__READY };

struct mcp_session {
    struct mcp_server *srv;
    mcp_send_fn send;
    void *ud;
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
    json_t *subscriptions; /* uri -> true */
    struct mcp_principal who; /* sender of the message being received ("" = local) */
    char label[40];           /* mcp_session_label; "" = "stdio" */
    void *data;
    void (*free_fn)(void *);
};

/* ---- methods ---- */
typedef json_t *(*mcp__method_fn)(struct mcp_call *call, json_t *params, struct mcp__err *err);
enum { MCP__ASYNC = 1, MCP__PRE_INIT = 2 };
struct mcp__method {
    const char *name;
    mcp__method_fn fn;
    unsigned flags;
};
const struct mcp__method *mcp__find_method(const char *name); /* borrowed (static table) */
/* The log level index of an MCP level name, or -1. */
int mcp__log_level(const char *name);

/* ---- output ---- */
/* Sends msg (stolen) as one message under the output lock. */
void mcp__send(struct mcp_session *s, json_t *msg);
void mcp__send_result(struct mcp_session *s, json_t *id, json_t *result); /* id borrowed, result stolen */
/* id borrowed (NULL = null id); data stolen (may be NULL). */
void mcp__send_error(struct mcp_session *s, json_t *id, int code, const char *msg, json_t *data);
void mcp__send_notification(struct mcp_session *s, const char *method, json_t *params); /* params stolen */
/* The error reply for a line longer than MCP_MAX_MESSAGE (stdio). */
void mcp__reject_oversize(struct mcp_session *s);

/* ---- transports ---- */
/* The id (borrowed) of the request whose method the calling thread is
 * running, or NULL outside a method. Lets the HTTP transport send a call's
 * notifications and server-to-client requests on that request's stream. */
json_t *mcp__current_request_id(void);

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
/* A protocol revision this server speaks (MCP-Protocol-Version header). */
bool mcp__http_protocol_supported(const char *version);
/* Writes a new random session id (MCP__HTTP_SID_LEN hex characters and a
 * NUL) from getrandom(). 0, or -1 when the kernel gives no randomness. */
int mcp__http_new_session_id(char out[MCP__HTTP_SID_LEN + 1]);

#endif
