/* stdio.c - the stdio transport: newline-delimited JSON-RPC on two file
 * descriptors, one session (2025 requests after initialize and 2026
 * requests side by side), until EOF; then the calls still running are
 * finished and answered before it returns. */
#include "mcp_int.h"

#include "base/base.h"

#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

struct out {
    int fd;
    bool broken; /* the reader went away: drop further output */
};

static int write_all(int fd, const char *p, size_t n)
{
    while (n > 0) {
        ssize_t w = write(fd, p, n);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0)
            return -1;
        p += w;
        n -= (size_t)w;
    }
    return 0;
}

/* Called with the session's output lock held. */
static void stdio_send(void *ud, const struct mcp_msg *m)
{
    struct out *o = ud;
    if (o->broken)
        return;
    if (write_all(o->fd, m->text, m->len) != 0 || write_all(o->fd, "\n", 1) != 0) {
        log_warn("mcp: stdout closed (%s); dropping further output", strerror(errno));
        o->broken = true;
    }
}

static void handle_line(struct mcp_session *s, struct buf *line)
{
    size_t n = line->len;
    while (n > 0 && (line->data[n - 1] == '\r' || line->data[n - 1] == ' ' || line->data[n - 1] == '\t'))
        n--;
    size_t start = 0;
    while (start < n && (line->data[start] == ' ' || line->data[start] == '\t'))
        start++;
    if (start < n)
        mcp_session_receive(s, line->data + start, n - start);
    buf_reset(line);
}

int mcp_serve_stdio(struct mcp_server *srv, int in_fd, int out_fd)
{
    /* a client that exits early must not kill us mid-write */
    signal(SIGPIPE, SIG_IGN);
    struct out o = {.fd = out_fd};
    struct mcp_session *s = mcp_session_new(srv, stdio_send, &o);
    struct buf line = {0};
    bool discarding = false;
    int rc = 0;
    static const size_t chunk_size = 65536;
    char *chunk = xmalloc(chunk_size);
    for (;;) {
        ssize_t n = read(in_fd, chunk, chunk_size);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0) {
            log_error("mcp: reading stdin failed: %s", strerror(errno));
            rc = -1;
            break;
        }
        if (n == 0)
            break;
        const char *p = chunk, *end = chunk + n;
        while (p < end) {
            const char *nl = memchr(p, '\n', (size_t)(end - p));
            const char *seg_end = nl ? nl : end;
            size_t seglen = (size_t)(seg_end - p);
            if (!discarding) {
                if (line.len + seglen > MCP_MAX_MESSAGE) {
                    /* answer now, then skip to the end of this line */
                    discarding = true;
                    buf_free(&line);
                    mcp__reject_oversize(s);
                } else {
                    buf_append(&line, p, seglen);
                }
            }
            if (nl) {
                if (!discarding)
                    handle_line(s, &line);
                discarding = false;
                buf_reset(&line);
                p = nl + 1;
            } else {
                p = end;
            }
        }
        /* keep a huge line's memory only while it is needed */
        if (line.len == 0 && line.cap > 1024 * 1024)
            buf_free(&line);
    }
    if (!discarding && line.len)
        handle_line(s, &line);
    /* "requests | halopsa-mcp": finish what was asked, answer, then exit */
    mcp__session_drain(s, srv->drain_ms);
    mcp_session_free(s);
    buf_free(&line);
    free(chunk);
    return rc;
}
