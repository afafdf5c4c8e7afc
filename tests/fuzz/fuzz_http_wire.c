/* fuzz_http_wire.c - libFuzzer harness for HTTP request parsing: raw bytes
 * sent over a real socket to the in-process Streamable HTTP transport
 * (libmicrohttpd plus our handlers). An input holds up to four requests
 * separated by "\n=====\n", each sent on its own connection; "@SID@" in a
 * request becomes the Mcp-Session-Id of the last reply that carried one,
 * so an input can initialize a session and then use it. The server must
 * stay up: a connection it refuses is a crash. */
#include "fuzz.h"

#include "base/base.h"
#include "mcp/mcp.h"

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <unistd.h>

#define READ_WAIT_MS 200 /* silence that ends a reply */
#define READ_MAX_MS 1000 /* an SSE stream never falls silent: stop reading it here */
#define MAX_REPLY (64 * 1024)

static struct mcp_server *srv;
static struct mcp_http *http;
static int port;

static json_t *t_echo(struct mcp_call *call, json_t *args, void *data)
{
    (void)data;
    mcp_call_progress(call, 1, 2, "half");
    return mcp_result_structured(json_deep_copy(args), NULL);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc, (void)argv;
    fz_init();
    struct mcp_server_info info = {.name = "fuzz", .title = "Fuzz", .version = "1"};
    srv = mcp_server_new(&info);
    struct mcp_tool t = {.name = "fuzz_echo",
                         .description = "echo",
                         .input_schema = "{\"type\":\"object\",\"properties\":{\"text\":{\"type\":\"string\"}}}",
                         .annotations = {.read_only = true},
                         .handler = t_echo};
    char err[256];
    if (mcp_server_add_tool(srv, &t, err, sizeof err) != 0)
        abort();
    /* Few sessions and short timers, so the limits are reached often. */
    struct mcp_http_options o = {.bind_addr = "127.0.0.1", .max_sessions = 4, .idle_timeout_ms = 2000,
                                 .keepalive_ms = 100};
    http = mcp_http_start(srv, &o, err, sizeof err);
    if (!http) {
        fprintf(stderr, "fuzz: cannot start the HTTP transport: %s\n", err);
        abort();
    }
    port = mcp_http_port(http);
    return 0;
}

/* True when b holds a whole HTTP reply: headers and Content-Length bytes,
 * or a chunked body's last chunk. The server keeps the connection open
 * after it (keep-alive), so waiting for the close would cost a timeout. */
static bool reply_complete(const struct buf *b)
{
    if (!b->data)
        return false;
    const char *end = memmem(b->data, b->len, "\r\n\r\n", 4);
    if (!end)
        return false;
    size_t head = (size_t)(end - b->data) + 4;
    char *h = fz_strndup(b->data, head);
    const char *cl = strcasestr(h, "\r\nContent-Length:");
    bool chunked = strcasestr(h, "\r\nTransfer-Encoding: chunked") != NULL;
    long n = cl ? strtol(cl + 17, NULL, 10) : -1;
    free(h);
    if (chunked)
        return b->len >= head + 5 && memcmp(b->data + b->len - 5, "0\r\n\r\n", 5) == 0;
    return n >= 0 && b->len >= head + (size_t)n;
}

/* Sends req on a new connection and reads the reply until the server
 * closes it or stays silent for READ_WAIT_MS. Returns the reply (new,
 * NUL-terminated, possibly empty). */
static char *exchange(const char *req, size_t n)
{
    int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0)
        abort();
    struct sockaddr_in a = {.sin_family = AF_INET, .sin_port = htons((uint16_t)port)};
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (connect(fd, (struct sockaddr *)&a, sizeof a) != 0) {
        fprintf(stderr, "fuzz: the HTTP transport refused a connection: %s\n", strerror(errno));
        abort();
    }
    for (size_t off = 0; off < n;) {
        ssize_t w = send(fd, req + off, n - off, MSG_NOSIGNAL);
        if (w <= 0)
            break; /* the server may close early on a bad request */
        off += (size_t)w;
    }
    shutdown(fd, SHUT_WR);
    struct buf b = {0};
    char chunk[4096];
    struct pollfd p = {.fd = fd, .events = POLLIN};
    int64_t stop = base_now_ms() + READ_MAX_MS;
    while (b.len < MAX_REPLY && base_now_ms() < stop && poll(&p, 1, READ_WAIT_MS) > 0) {
        ssize_t r = recv(fd, chunk, sizeof chunk, 0);
        if (r <= 0)
            break;
        buf_append(&b, chunk, (size_t)r);
        if (reply_complete(&b))
            break;
    }
    close(fd);
    buf_appends(&b, "");
    return buf_steal(&b);
}

struct state {
    char sid[80];
};

static void one(const char *p, size_t n, void *ud)
{
    struct state *st = ud;
    struct buf req = {0};
    static const char mark[] = "@SID@";
    for (const char *end = p + n; p < end;) {
        const char *q = memmem(p, (size_t)(end - p), mark, sizeof mark - 1);
        if (!q) {
            buf_append(&req, p, (size_t)(end - p));
            break;
        }
        buf_append(&req, p, (size_t)(q - p));
        buf_appends(&req, st->sid);
        p = q + sizeof mark - 1;
    }
    char *reply = exchange(req.data ? req.data : "", req.len);
    const char *h = strcasestr(reply, "\nMcp-Session-Id: ");
    if (h) {
        h += strlen("\nMcp-Session-Id: ");
        size_t len = strcspn(h, "\r\n");
        if (len < sizeof st->sid) {
            memcpy(st->sid, h, len);
            st->sid[len] = '\0';
        }
    }
    free(reply);
    buf_free(&req);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct state st = {"none"};
    static const char sep[] = "\n=====\n";
    fz_split(data, size, sep, sizeof sep - 1, 4, one, &st);
    return 0;
}
