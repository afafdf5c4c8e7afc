/* modern.c - the 2026-07-28 envelope: recognising a request's claim,
 * checking its _meta, the versions served statelessly, server/discover,
 * and what every 2026 result carries (resultType, serverInfo, cache
 * hints). */
#include "mcp_int.h"

#include "base/base.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define LONG_TTL_MS 3600000L /* what depends on the configuration alone: an hour */

static const char *const modern_versions[] = {MCP_MODERN_PROTOCOL};

bool mcp__has_claim(json_t *params)
{
    return json_object_get(json_object_get(params, "_meta"), MCP__META_VERSION) != NULL;
}

const char *mcp__meta_version(json_t *params)
{
    return json_string_value(json_object_get(json_object_get(params, "_meta"), MCP__META_VERSION));
}

int mcp__meta_check(json_t *params, struct mcp__err *err)
{
    json_t *meta = json_object_get(params, "_meta");
    json_t *version = json_object_get(meta, MCP__META_VERSION);
    json_t *caps = json_object_get(meta, MCP__META_CAPS);
    json_t *client = json_object_get(meta, MCP__META_CLIENT);
    json_t *level = json_object_get(meta, MCP__META_LOG_LEVEL);
    const char *why = NULL;
    if (!json_is_object(meta))
        why = "params._meta is missing; a " MCP_MODERN_PROTOCOL " request carries " MCP__META_VERSION
              " and " MCP__META_CAPS " in it";
    else if (!json_is_string(version) || !*json_string_value(version))
        why = "_meta[\"" MCP__META_VERSION "\"] must be a protocol version string";
    else if (!json_is_object(caps))
        why = "_meta[\"" MCP__META_CAPS "\"] must be an object (empty when the client supports nothing optional)";
    else if (client && (!json_is_object(client) || !json_is_string(json_object_get(client, "name")) ||
                        !json_is_string(json_object_get(client, "version"))))
        why = "_meta[\"" MCP__META_CLIENT "\"] must be {name, version}";
    else if (level && mcp__log_level(json_string_value(level)) < 0)
        why = "_meta[\"" MCP__META_LOG_LEVEL "\"] must be a log level (debug, info, notice, warning, error, "
              "critical, alert, emergency)";
    if (!why)
        return 0;
    mcp__err_set(err, MCP__INVALID_PARAMS, "Invalid params: %s", why);
    return -1;
}

bool mcp__modern_supported(const char *version)
{
    for (size_t i = 0; version && i < sizeof modern_versions / sizeof modern_versions[0]; i++)
        if (strcmp(modern_versions[i], version) == 0)
            return true;
    return false;
}

static json_t *supported_list(void)
{
    json_t *a = json_array();
    for (size_t i = 0; i < sizeof modern_versions / sizeof modern_versions[0]; i++)
        json_array_append_new(a, json_string(modern_versions[i]));
    return a;
}

void mcp__err_unsupported(struct mcp__err *err, const char *requested)
{
    mcp__err_set(err, MCP__UNSUPPORTED_VERSION,
                 "Unsupported protocol version '%.60s': this server speaks " MCP_MODERN_PROTOCOL
                 " per request and 2025-11-25 to 2024-11-05 through initialize",
                 requested ? requested : "");
    err->data = json_pack("{s:o, s:o}", "supported", supported_list(), "requested",
                          requested ? mcp__string_lossy(requested) : json_string(""));
}

void mcp__err_missing(struct mcp__err *err, json_t *caps)
{
    mcp__err_set(err, MCP__MISSING_CAPABILITY, "Missing required client capability");
    err->data = json_pack("{s:o}", "requiredCapabilities", caps);
}

bool mcp__caps_have(json_t *caps, const char *cap)
{
    return json_object_get(caps, cap) != NULL;
}

json_t *mcp__server_info(const struct mcp_server *srv)
{
    json_t *info = json_object();
    json_object_set_new(info, "name", mcp__string_lossy(srv->name));
    if (srv->title)
        json_object_set_new(info, "title", mcp__string_lossy(srv->title));
    json_object_set_new(info, "version", mcp__string_lossy(srv->version));
    return info;
}

json_t *mcp__modern_capabilities(const struct mcp_server *srv)
{
    json_t *caps = json_object();
    json_object_set_new(caps, "tools", json_pack("{s:b}", "listChanged", (srv->changes & MCP_CHANGES_TOOLS) != 0));
    /* logging works per request (_meta logLevel) */
    json_object_set_new(caps, "logging", json_object());
    if (srv->nresources)
        json_object_set_new(caps, "resources", json_pack("{s:b, s:b}", "subscribe", !srv->no_subscriptions, "listChanged",
                                                         (srv->changes & MCP_CHANGES_RESOURCES) != 0));
    if (srv->nprompts)
        json_object_set_new(caps, "prompts",
                            json_pack("{s:b}", "listChanged", (srv->changes & MCP_CHANGES_PROMPTS) != 0));
    if (srv->complete)
        json_object_set_new(caps, "completions", json_object());
    if (srv->has_task_tools)
        json_object_set_new(caps, "extensions", json_pack("{s:{}}", MCP__TASKS_EXT));
    return caps;
}

/* ------------------------------------------------------------------ */
/* Cache hints                                                         */

static const char *const hint_methods[MCP__NHINTS] = {"server/discover", "tools/list",
                                                      "prompts/list",    "resources/list",
                                                      "resources/templates/list", "resources/read"};

void mcp_server_set_cache_hint(struct mcp_server *srv, const char *method, long ttl_ms, bool public_scope)
{
    for (size_t i = 0; i < MCP__NHINTS; i++) {
        if (strcmp(hint_methods[i], method) == 0) {
            srv->hints[i].method = hint_methods[i];
            srv->hints[i].ttl_ms = ttl_ms < 0 ? 0 : ttl_ms;
            srv->hints[i].public_scope = public_scope;
            return;
        }
    }
    log_warn("mcp: no cache hint for %s", method);
}

/* The hint of method: what the embedding set, else the default. The lists
 * hold only what the configuration decides (no caller's data), so they
 * are public; a list that may change is stale at once (clients learn of
 * changes on subscriptions/listen); a resource's content is the caller's. */
static void hint_for(const struct mcp_server *srv, const char *method, long *ttl, bool *pub)
{
    for (size_t i = 0; i < MCP__NHINTS; i++) {
        if (strcmp(hint_methods[i], method) != 0)
            continue;
        if (srv->hints[i].method) {
            *ttl = srv->hints[i].ttl_ms;
            *pub = srv->hints[i].public_scope;
            return;
        }
        unsigned change = i == 1 ? MCP_CHANGES_TOOLS : i == 2 ? MCP_CHANGES_PROMPTS : MCP_CHANGES_RESOURCES;
        *pub = i != 5;
        *ttl = i == 0 ? LONG_TTL_MS : i == 5 ? 0 : (srv->changes & change) ? 0 : LONG_TTL_MS;
        return;
    }
    *ttl = 0;
    *pub = false;
}

void mcp__decorate(struct mcp_call *call, json_t *result)
{
    struct mcp_server *srv = call->view->srv;
    const char *type = json_string_value(json_object_get(result, "resultType"));
    if (!type) {
        type = "complete";
        json_object_set_new(result, "resultType", json_string(type));
    }
    json_t *meta = json_object_get(result, "_meta");
    if (!json_is_object(meta)) {
        meta = json_object();
        json_object_set_new(result, "_meta", meta);
    }
    json_object_set_new(meta, MCP__META_SERVER, mcp__server_info(srv));
    /* never on input_required or a task: those are not the cached answer */
    if ((call->m->flags & MCP__CACHE) && strcmp(type, "complete") == 0 && !json_object_get(result, "ttlMs")) {
        long ttl;
        bool pub;
        hint_for(srv, call->m->name, &ttl, &pub);
        json_object_set_new(result, "ttlMs", json_integer(ttl));
        json_object_set_new(result, "cacheScope", json_string(pub ? "public" : "private"));
    }
}
