/* testlib.c - spawn processes on pipes, JSON-RPC over them, simulator start. */
#include "testlib.h"

#include "base/base.h"

#include <errno.h>
#include <stdbool.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;

const char *tl_bin(const char *name)
{
    static char path[1024];
    const char *dir = getenv("HALOPSA_BIN_DIR");
    snprintf(path, sizeof path, "%s/%s", dir ? dir : "bin", name);
    return path;
}

int tl_refusing_port(int *fd)
{
    struct sockaddr_in a = {.sin_family = AF_INET, .sin_port = 0};
    socklen_t len = sizeof a;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    *fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (*fd < 0)
        return -1;
    if (bind(*fd, (struct sockaddr *)&a, sizeof a) != 0 ||
        getsockname(*fd, (struct sockaddr *)&a, &len) != 0) {
        close(*fd);
        *fd = -1;
        return -1;
    }
    return ntohs(a.sin_port); /* bound, never listen()ed: connections are refused */
}

/* The child's environment: ours with env_extra applied ("K=V" sets,
 * "K=" unsets). Built before fork, because the child of a threaded process
 * (the in-process simulator) may only call async-signal-safe functions:
 * a malloc there can deadlock on a lock another thread held. New array of
 * borrowed strings. */
static char **child_env(char *const env_extra[])
{
    size_t n = 0, m = 0, k = 0;
    while (environ[n])
        n++;
    while (env_extra && env_extra[m])
        m++;
    char **out = xcalloc(n + m + 1, sizeof *out);
    for (size_t i = 0; i < n; i++) {
        size_t klen = strcspn(environ[i], "=");
        bool overridden = false;
        for (size_t j = 0; j < m && !overridden; j++)
            overridden = strncmp(env_extra[j], environ[i], klen) == 0 && env_extra[j][klen] == '=';
        if (!overridden)
            out[k++] = environ[i];
    }
    /* A later entry for the same variable wins, as with repeated setenv. */
    for (size_t j = 0; j < m; j++) {
        const char *eq = strchr(env_extra[j], '=');
        size_t klen = eq ? (size_t)(eq - env_extra[j]) : 0;
        bool later = false;
        for (size_t l = j + 1; l < m && !later; l++)
            later = strncmp(env_extra[l], env_extra[j], klen + 1) == 0;
        if (eq && eq[1] && !later)
            out[k++] = env_extra[j];
    }
    out[k] = NULL;
    return out;
}

int tl_spawn(struct tl_proc *p, char *const argv[], char *const env_extra[])
{
    int in[2], out[2];
    char tmpl[] = "/tmp/halopsa-test-stderr-XXXXXX";
    memset(p, 0, sizeof *p);
    p->pid = -1;
    int errfd = mkostemp(tmpl, O_CLOEXEC);
    if (errfd < 0)
        return -1;
    /* Close-on-exec, so a later child does not hold this one's stdin open. */
    if (pipe2(in, O_CLOEXEC) != 0 || pipe2(out, O_CLOEXEC) != 0)
        return -1;
    p->err_path = xstrdup(tmpl);
    p->notes = json_array();
    p->next_id = 1;
    char **envp = child_env(env_extra);
    pid_t pid = fork();
    if (pid < 0) {
        free(envp);
        return -1;
    }
    if (pid == 0) {
        dup2(in[0], 0);
        dup2(out[1], 1);
        dup2(errfd, 2);
        execve(argv[0], argv, envp);
        _exit(127);
    }
    free(envp);
    close(in[0]);
    close(out[1]);
    close(errfd);
    p->pid = pid;
    p->in_fd = in[1];
    p->out_fd = out[0];
    return 0;
}

int tl_send(struct tl_proc *p, const char *line)
{
    size_t len = strlen(line);
    char *msg = xmalloc(len + 1);
    memcpy(msg, line, len);
    msg[len] = '\n';
    size_t off = 0;
    int rc = 0;
    while (off < len + 1) {
        ssize_t n = write(p->in_fd, msg + off, len + 1 - off);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0) {
            rc = -1;
            break;
        }
        off += (size_t)n;
    }
    free(msg);
    return rc;
}

int tl_send_json(struct tl_proc *p, json_t *msg)
{
    char *s = json_dumps(msg, JSON_COMPACT);
    int rc = tl_send(p, s);
    free(s);
    return rc;
}

/* A wait of ms stretched by TEST_TIMEOUT_SCALE (an integer factor, default
 * 1): make check-tsan sets it, since ThreadSanitizer runs everything
 * several times slower and these waits only bound how long a test waits
 * for something it expects. */
static int64_t scaled(int ms)
{
    const char *s = getenv("TEST_TIMEOUT_SCALE");
    int factor = s && atoi(s) > 0 ? atoi(s) : 1;
    return (int64_t)ms * factor;
}

/* The next stdout line before deadline (base_now_ms), or NULL. New. */
static char *recv_line_by(struct tl_proc *p, int64_t deadline)
{
    for (;;) {
        char *nl = p->rbuf ? memchr(p->rbuf, '\n', p->rlen) : NULL;
        if (nl) {
            size_t n = (size_t)(nl - p->rbuf);
            char *line = xstrndup(p->rbuf, n);
            memmove(p->rbuf, nl + 1, p->rlen - n - 1);
            p->rlen -= n + 1;
            return line;
        }
        int64_t left = deadline - base_now_ms();
        if (left <= 0)
            return NULL;
        struct pollfd pfd = {.fd = p->out_fd, .events = POLLIN};
        int pr = poll(&pfd, 1, (int)left);
        if (pr < 0 && errno == EINTR)
            continue;
        if (pr <= 0)
            return NULL;
        if (p->rcap - p->rlen < 65536) {
            p->rcap = p->rcap ? p->rcap * 2 : 131072;
            p->rbuf = xrealloc(p->rbuf, p->rcap);
        }
        ssize_t n = read(p->out_fd, p->rbuf + p->rlen, p->rcap - p->rlen);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return NULL;
        p->rlen += (size_t)n;
    }
}

char *tl_recv_line(struct tl_proc *p, int timeout_ms)
{
    return recv_line_by(p, base_now_ms() + scaled(timeout_ms));
}

static json_t *recv_by(struct tl_proc *p, int64_t deadline)
{
    char *line = recv_line_by(p, deadline);
    if (!line)
        return NULL;
    json_t *v = json_loads(line, JSON_DECODE_ANY, NULL);
    free(line);
    return v;
}

json_t *tl_recv(struct tl_proc *p, int timeout_ms) { return recv_by(p, base_now_ms() + scaled(timeout_ms)); }

json_t *tl_rpc(struct tl_proc *p, const char *method, json_t *params, int timeout_ms)
{
    long id = p->next_id++;
    json_t *req = json_pack("{s:s, s:I, s:s}", "jsonrpc", "2.0", "id", (json_int_t)id, "method", method);
    if (params)
        json_object_set_new(req, "params", params);
    int rc = tl_send_json(p, req);
    json_decref(req);
    if (rc != 0)
        return NULL;
    int64_t deadline = base_now_ms() + scaled(timeout_ms);
    for (;;) {
        json_t *msg = recv_by(p, deadline);
        if (!msg)
            return NULL;
        json_t *mid = json_object_get(msg, "id");
        if (json_is_integer(mid) && json_integer_value(mid) == id && !json_object_get(msg, "method"))
            return msg;
        json_array_append_new(p->notes, msg);
    }
}

json_t *tl_list_tools(struct tl_proc *p, size_t *bytes)
{
    json_t *tools = json_array();
    json_t *cursor = NULL;
    if (bytes)
        *bytes = 0;
    for (int page = 0; page < 100; page++) {
        json_t *params = cursor ? json_pack("{s:O}", "cursor", cursor) : json_object();
        json_decref(cursor);
        cursor = NULL;
        json_t *resp = tl_rpc(p, "tools/list", params, 30000);
        if (!resp)
            break;
        char *text = json_dumps(resp, JSON_COMPACT);
        if (bytes && text)
            *bytes += strlen(text) + 1;
        free(text);
        json_t *result = json_object_get(resp, "result");
        json_array_extend(tools, json_object_get(result, "tools"));
        cursor = json_incref(json_object_get(result, "nextCursor"));
        json_decref(resp);
        if (!cursor)
            break;
    }
    json_decref(cursor);
    return tools;
}

json_t *tl_initialize(struct tl_proc *p, json_t *capabilities)
{
    json_t *params = json_pack("{s:s, s:o, s:{s:s, s:s}}", "protocolVersion", "2025-11-25",
                               "capabilities", capabilities ? capabilities : json_object(),
                               "clientInfo", "name", "halopsa-tests", "version", "1.0");
    json_t *resp = tl_rpc(p, "initialize", params, 10000);
    if (!resp)
        return NULL;
    json_t *result = json_incref(json_object_get(resp, "result"));
    json_decref(resp);
    if (result)
        tl_send(p, "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}");
    return result;
}

int tl_finish(struct tl_proc *p, int timeout_ms)
{
    if (p->pid <= 0)
        return -1;
    if (p->in_fd >= 0) {
        close(p->in_fd);
        p->in_fd = -1;
    }
    int64_t deadline = base_now_ms() + scaled(timeout_ms);
    int status;
    for (;;) {
        pid_t r = waitpid(p->pid, &status, WNOHANG);
        if (r == p->pid)
            break;
        if (base_now_ms() > deadline) {
            kill(p->pid, SIGKILL);
            waitpid(p->pid, &status, 0);
            p->pid = -1;
            return -1;
        }
        base_sleep_ms(5);
    }
    p->pid = -1;
    if (WIFEXITED(status))
        return WEXITSTATUS(status);
    return 128 + WTERMSIG(status);
}

char *tl_stderr(struct tl_proc *p)
{
    return p->err_path ? tl_read_file(p->err_path) : NULL;
}

void tl_proc_free(struct tl_proc *p)
{
    if (p->pid > 0) {
        kill(p->pid, SIGKILL);
        waitpid(p->pid, NULL, 0);
    }
    if (p->in_fd > 0)
        close(p->in_fd);
    if (p->out_fd > 0)
        close(p->out_fd);
    if (p->err_path) {
        unlink(p->err_path);
        free(p->err_path);
    }
    free(p->rbuf);
    json_decref(p->notes);
    memset(p, 0, sizeof *p);
}

char *tl_read_file(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    struct buf b = {0};
    char chunk[8192];
    size_t n;
    while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
        buf_append(&b, chunk, n);
    fclose(f);
    return buf_steal(&b);
}

long tl_proc_status_kb(pid_t pid, const char *field)
{
    char path[64];
    if (pid)
        snprintf(path, sizeof path, "/proc/%d/status", (int)pid);
    else
        snprintf(path, sizeof path, "/proc/self/status");
    char *text = tl_read_file(path);
    const char *p = text ? strstr(text, field) : NULL;
    long kb = p ? strtol(p + strlen(field), NULL, 10) : -1;
    free(text);
    return kb;
}

double tl_proc_cpu_ms(pid_t pid)
{
    char path[64];
    double ms = -1;
    snprintf(path, sizeof path, "/proc/%d/stat", (int)pid);
    char *text = tl_read_file(path);
    /* Fields after the command name (which may hold spaces): utime is the
     * 14th and stime the 15th of the whole line. */
    const char *p = text ? strrchr(text, ')') : NULL;
    unsigned long long ut = 0, st = 0;
    if (p && sscanf(p + 2, "%*c %*d %*d %*d %*d %*d %*u %*u %*u %*u %*u %llu %llu", &ut, &st) == 2)
        ms = (double)(ut + st) * 1000.0 / (double)sysconf(_SC_CLK_TCK);
    free(text);
    return ms;
}

int tl_write_file(const char *path, const char *text)
{
    FILE *f = fopen(path, "w");
    if (!f)
        return -1;
    size_t n = strlen(text);
    int rc = fwrite(text, 1, n, f) == n ? 0 : -1;
    if (fclose(f) != 0)
        rc = -1;
    return rc;
}
