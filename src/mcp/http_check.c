/* http_check.c - the header checks of the Streamable HTTP transport:
 * Origin and Host allow-lists, Accept and Content-Type media types,
 * protocol revisions, and random session ids. */
#include "mcp_int.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <sys/random.h>

static const char *const loopback_names[] = {"localhost", "127.0.0.1", "[::1]"};

/* The host part of "host[:port]" or "[v6][:port]": its length, or 0 when
 * what follows it is not an optional ":digits" up to the end. */
static size_t host_len(const char *s)
{
    size_t n;
    if (*s == '[') {
        const char *close = strchr(s, ']');
        if (!close)
            return 0;
        n = (size_t)(close - s) + 1;
    } else {
        n = strcspn(s, ":/");
    }
    const char *rest = s + n;
    if (*rest == ':') {
        rest++;
        if (!*rest)
            return 0;
        while (*rest >= '0' && *rest <= '9')
            rest++;
    }
    return *rest == '\0' ? n : 0;
}

static bool is_loopback_name(const char *s, size_t n)
{
    for (size_t i = 0; i < sizeof loopback_names / sizeof loopback_names[0]; i++)
        if (strlen(loopback_names[i]) == n && strncasecmp(loopback_names[i], s, n) == 0)
            return true;
    return false;
}

bool mcp__http_host_is_loopback(const char *host)
{
    if (!host)
        return false;
    size_t n = host_len(host);
    return n > 0 && is_loopback_name(host, n);
}

bool mcp__http_addr_is_loopback(const char *addr)
{
    return strncmp(addr, "127.", 4) == 0 || strcmp(addr, "::1") == 0 || strcasecmp(addr, "localhost") == 0;
}

bool mcp__http_origin_allowed(const char *origin, const char *const *allowed)
{
    if (!origin)
        return false;
    if (allowed) {
        for (size_t i = 0; allowed[i]; i++)
            if (strcmp(allowed[i], "*") == 0 || strcasecmp(allowed[i], origin) == 0)
                return true;
        return false;
    }
    const char *rest;
    if (strncasecmp(origin, "http://", 7) == 0)
        rest = origin + 7;
    else if (strncasecmp(origin, "https://", 8) == 0)
        rest = origin + 8;
    else
        return false;
    return mcp__http_host_is_loopback(rest);
}

/* Compares the media type at p (up to ';', ',' or the end, spaces
 * trimmed) with type; "*" parts of the range match anything. */
static bool range_admits(const char *p, size_t n, const char *type)
{
    while (n > 0 && (*p == ' ' || *p == '\t'))
        p++, n--;
    while (n > 0 && (p[n - 1] == ' ' || p[n - 1] == '\t'))
        n--;
    if (n == 3 && strncmp(p, "*/*", 3) == 0)
        return true;
    const char *slash = strchr(type, '/');
    size_t major = (size_t)(slash - type);
    if (n == major + 2 && strncasecmp(p, type, major + 1) == 0 && p[major + 1] == '*')
        return true;
    return n == strlen(type) && strncasecmp(p, type, n) == 0;
}

bool mcp__http_accepts(const char *accept, const char *type)
{
    if (!accept)
        return false;
    const char *p = accept;
    while (*p) {
        size_t item = strcspn(p, ",");
        size_t media = strcspn(p, ",;");
        if (media > item)
            media = item;
        if (range_admits(p, media, type))
            return true;
        p += item;
        if (*p == ',')
            p++;
    }
    return false;
}

bool mcp__http_content_type_is(const char *content_type, const char *type)
{
    return content_type && range_admits(content_type, strcspn(content_type, ";"), type) &&
           !strchr(content_type, '*');
}

bool mcp__http_protocol_supported(const char *version)
{
    static const char *const versions[] = {"2025-11-25", "2025-06-18", "2025-03-26", "2024-11-05"};
    for (size_t i = 0; i < sizeof versions / sizeof versions[0]; i++)
        if (strcmp(versions[i], version) == 0)
            return true;
    return false;
}

int mcp__http_new_session_id(char out[MCP__HTTP_SID_LEN + 1])
{
    unsigned char raw[MCP__HTTP_SID_LEN / 2];
    size_t got = 0;
    while (got < sizeof raw) {
        ssize_t n = getrandom(raw + got, sizeof raw - got, 0);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return -1;
        got += (size_t)n;
    }
    for (size_t i = 0; i < sizeof raw; i++)
        snprintf(out + 2 * i, 3, "%02x", raw[i]);
    return 0;
}
