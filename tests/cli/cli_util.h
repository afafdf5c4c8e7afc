/* cli_util.h - what the tests/cli programs share: run the real halopsa-mcp
 * binary over pipes with a controlled environment and collect its stdout,
 * stderr and exit status. Header-only because each test program links one
 * object of its own. */
#ifndef HALOPSA_CLI_UTIL_H
#define HALOPSA_CLI_UTIL_H

#include "base/base.h"
#include "harness.h"
#include "sim.h"
#include "testlib.h"

#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

struct cli_run {
    int status; /* exit status, 128+signal, or -1 on timeout */
    char *out;  /* stdout (new string, never NULL) */
    char *err;  /* stderr (new string, never NULL) */
};

/* Every variable the program reads, cleared for each run so the tests do
 * not depend on the caller's environment. */
static const char *const cli_clear_env[] = {
    "HALOPSA_CLIENT_ID=", "HALOPSA_CLIENT_SECRET=", "HALOPSA_TENANT=", "HALOPSA_BASE_URL=",
    "HALOPSA_AUTH_URL=", "HALOPSA_SCOPE=", "HALOPSA_RATE_LIMIT=", "HALOPSA_TIMEOUT_MS=",
    "HALOPSA_CONNECT_TIMEOUT_MS=", "HALOPSA_MAX_RETRIES=", "HALOPSA_TOOL_MODE=",
    "HALOPSA_READ_ONLY=", "HALOPSA_DOMAINS=", "HALOPSA_EXCLUDE_TOOLS=", "HALOPSA_LOG_LEVEL=",
    NULL,
};

/* Removes cli_state_home's directory (at exit). */
static inline const char *cli_state_home(void);
static inline void cli_state_home_remove(void)
{
    const char *dir = cli_state_home() + strlen("XDG_STATE_HOME=");
    char *cmd = xasprintf("rm -rf '%s'", dir);
    if (system(cmd) != 0)
        fprintf(stderr, "# could not remove %s\n", dir);
    free(cmd);
}

/* "XDG_STATE_HOME=DIR": a directory of this test program's own, removed at
 * exit, so `call --demo` never reads or writes the demo state of the user
 * running the tests. Static string. */
static inline const char *cli_state_home(void)
{
    static char env[96];
    if (!env[0]) {
        char dir[] = "/tmp/halopsa-test-state-XXXXXX";
        if (!mkdtemp(dir))
            abort();
        snprintf(env, sizeof env, "XDG_STATE_HOME=%s", dir);
        atexit(cli_state_home_remove);
    }
    return env;
}

/* New NULL-terminated environment list: the clearing entries, this
 * program's XDG_STATE_HOME, then env (may be NULL). Free the array only
 * (the strings are borrowed). */
static inline char **cli_env(const char *const *env)
{
    size_t n = 0, m = 0, k = 0;
    while (cli_clear_env[n])
        n++;
    while (env && env[m])
        m++;
    char **out = xcalloc(n + m + 2, sizeof *out);
    for (size_t i = 0; i < n; i++)
        out[k++] = (char *)cli_clear_env[i];
    out[k++] = (char *)cli_state_home();
    for (size_t i = 0; i < m; i++)
        out[k++] = (char *)env[i];
    return out;
}

/* New NULL-terminated argv: the binary, then args. */
static inline char **cli_argv(const char *const *args)
{
    size_t m = 0;
    while (args && args[m])
        m++;
    char **argv = xcalloc(m + 2, sizeof *argv);
    argv[0] = xstrdup(tl_bin("halopsa-mcp"));
    for (size_t i = 0; i < m; i++)
        argv[i + 1] = (char *)args[i];
    return argv;
}

/* Reads fd to EOF within timeout_ms. New string. */
static inline char *cli_read_all(int fd, int timeout_ms)
{
    struct buf b = {0};
    int64_t deadline = base_now_ms() + timeout_ms;
    buf_appends(&b, "");
    for (;;) {
        int64_t left = deadline - base_now_ms();
        if (left <= 0)
            break;
        struct pollfd pfd = {.fd = fd, .events = POLLIN};
        int pr = poll(&pfd, 1, (int)left);
        if (pr < 0 && errno == EINTR)
            continue;
        if (pr <= 0)
            break;
        char chunk[8192];
        ssize_t n = read(fd, chunk, sizeof chunk);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            break;
        buf_append(&b, chunk, (size_t)n);
    }
    return buf_steal(&b);
}

/* Runs halopsa-mcp args with env added to a cleared HALOPSA_* environment,
 * stdin closed at once. Returns r->status. */
static inline int cli_run(struct cli_run *r, const char *const *args, const char *const *env)
{
    struct tl_proc p;
    char **argv = cli_argv(args);
    char **envv = cli_env(env);
    memset(r, 0, sizeof *r);
    r->status = -1;
    if (tl_spawn(&p, argv, envv) != 0) {
        harness_fail(__FILE__, __LINE__, "cannot spawn %s", argv[0]);
        r->out = xstrdup("");
        r->err = xstrdup("");
        goto out;
    }
    close(p.in_fd);
    p.in_fd = -1;
    r->out = cli_read_all(p.out_fd, 120000);
    r->status = tl_finish(&p, 60000);
    r->err = tl_stderr(&p);
    if (!r->err)
        r->err = xstrdup("");
    if (getenv("TEST_VERBOSE"))
        fprintf(stderr, "# exit %d\n# stdout: %s\n# stderr: %s\n", r->status, r->out, r->err);
    tl_proc_free(&p);
out:
    free(argv[0]);
    free(argv);
    free(envv);
    return r->status;
}

static inline void cli_run_free(struct cli_run *r)
{
    free(r->out);
    free(r->err);
    memset(r, 0, sizeof *r);
}

/* An in-process simulator with the demo dataset on an ephemeral loopback
 * port; writes its base URL. Aborts when it cannot start. New handle. */
static inline struct sim *cli_sim_start(char *base_url, size_t len)
{
    struct sim_options o;
    char err[256];
    sim_options_default(&o);
    o.bind_addr = "127.0.0.1";
    o.port = 0;
    struct sim *s = sim_start(&o, err, sizeof err);
    if (!s) {
        fprintf(stderr, "cannot start the simulator: %s\n", err);
        abort();
    }
    snprintf(base_url, len, "http://127.0.0.1:%d", sim_port(s));
    return s;
}

/* The environment for the in-process simulator at base_url with the demo
 * credentials (or secret, when not NULL). Fills the caller's buffers. */
struct cli_sim_env {
    char url[256];
    char secret[256];
    const char *env[8];
};
static inline void cli_sim_env_init(struct cli_sim_env *e, const char *base_url,
                                    const char *secret)
{
    snprintf(e->url, sizeof e->url, "HALOPSA_BASE_URL=%s", base_url);
    snprintf(e->secret, sizeof e->secret, "HALOPSA_CLIENT_SECRET=%s",
             secret ? secret : SIM_DEMO_CLIENT_SECRET);
    e->env[0] = e->url;
    e->env[1] = "HALOPSA_CLIENT_ID=" SIM_DEMO_CLIENT_ID;
    e->env[2] = e->secret;
    e->env[3] = "HALOPSA_MAX_RETRIES=0";
    e->env[4] = NULL;
}

/* True when s holds a run of n or more hexadecimal digits (the shape of a
 * simulator access token). */
static inline bool cli_has_hex_run(const char *s, size_t n)
{
    size_t run = 0;
    for (; s && *s; s++) {
        bool hex = (*s >= '0' && *s <= '9') || (*s >= 'a' && *s <= 'f');
        run = hex ? run + 1 : 0;
        if (run >= n)
            return true;
    }
    return false;
}

/* Runs a shell command, its stdout and stderr into *out (new string).
 * Returns the exit status, or -1. */
static inline int cli_sh(const char *cmd, char **out)
{
    char tmpl[] = "/tmp/halopsa-test-sh-XXXXXX";
    int fd = mkstemp(tmpl);
    if (fd < 0)
        return -1;
    close(fd);
    char *full = xasprintf("( %s ) >%s 2>&1", cmd, tmpl);
    int st = system(full);
    free(full);
    *out = tl_read_file(tmpl);
    if (!*out)
        *out = xstrdup("");
    unlink(tmpl);
    if (getenv("TEST_VERBOSE"))
        fprintf(stderr, "# %s -> %d\n%s\n", cmd, st, *out);
    return st == -1 ? -1 : WEXITSTATUS(st);
}

static inline bool cli_have(const char *prog)
{
    char *out = NULL, *cmd = xasprintf("command -v %s", prog);
    int st = cli_sh(cmd, &out);
    free(cmd);
    free(out);
    return st == 0;
}

#endif
