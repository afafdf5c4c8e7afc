/* principal.c - who sent a request and what it may do: the principal a
 * transport hands in with each message, the rights a tool call needs, and
 * the session's non-secret label. */
#include "mcp_int.h"

#include <stdio.h>
#include <string.h>

/* Requests received without a principal: stdio and HTTP without
 * authentication, where whoever can reach the server is its operator. */
static const struct mcp_principal local = {"local", MCP_RIGHTS_ALL};

/* receive is for one thread at a time, so the field is ours until it
 * returns; handle_request copies it into each call it starts */
static void set_sender(struct mcp_session *s, const struct mcp_principal *who)
{
    if (who && who->name[0])
        s->who = *who;
    else
        memset(&s->who, 0, sizeof s->who);
}

void mcp_session_receive_as(struct mcp_session *s, const char *msg, size_t len,
                            const struct mcp_principal *who)
{
    set_sender(s, who);
    mcp_session_receive(s, msg, len);
    set_sender(s, NULL);
}

void mcp__session_dispatch_as(struct mcp_session *s, json_t *msg, const struct mcp_principal *who)
{
    set_sender(s, who);
    mcp__session_dispatch(s, msg);
    set_sender(s, NULL);
}

const struct mcp_principal *mcp_call_principal(struct mcp_call *call)
{
    return call->who.name[0] ? &call->who : &local;
}

bool mcp_call_may(struct mcp_call *call, unsigned rights)
{
    return (mcp_call_principal(call)->rights & rights) == rights;
}

void mcp_session_set_label(struct mcp_session *s, const char *label)
{
    snprintf(s->label, sizeof s->label, "%s", label ? label : "");
}

const char *mcp_session_label(const struct mcp_session *s)
{
    return s->label[0] ? s->label : "stdio";
}

void mcp_server_set_rights(struct mcp_server *srv, mcp_rights_fn fn, void *data)
{
    srv->rights = fn;
    srv->rights_data = data;
}

unsigned mcp_server_rights_needed(const struct mcp_server *srv, const char *tool, json_t *args)
{
    if (srv->rights)
        return srv->rights(srv, tool, args, srv->rights_data);
    const struct mcp__tool *t = tool ? mcp__find_tool(srv, tool) : NULL;
    /* an unknown tool needs nothing: the call fails as unknown anyway */
    if (!t || t->t.annotations.read_only)
        return MCP_RIGHT_READ;
    return MCP_RIGHTS_ALL;
}
