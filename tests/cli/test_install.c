/* test_install.c - what ships around the binary: the man pages (of
 * halopsa-mcp and halopsa-sim) render without warnings, `make install`
 * puts the files under PREFIX, the demo
 * script runs, and docs/tools.md is what `halopsa-mcp docs` prints. */
#include "cli_util.h"

#include <limits.h>
#include <sys/stat.h>

#define ARGS(...) ((const char *const[]){__VA_ARGS__, NULL})

/* The binary directory as an absolute path (static buffer). */
static const char *bin_dir(void)
{
    static char dir[PATH_MAX];
    const char *d = getenv("HALOPSA_BIN_DIR");
    if (!d || !realpath(d, dir))
        snprintf(dir, sizeof dir, "%s", "bin");
    return dir;
}

/* A man page renders without a warning; its text (new string) or NULL
 * when man is not installed (then nroff has still parsed it). */
static char *render_man(const char *page)
{
    char *out = NULL, *cmd;
    struct stat st;
    CHECK(stat(page, &st) == 0);
    if (!cli_have("man")) {
        /* Without man-db, nroff still parses the page. */
        cmd = xasprintf("nroff -man -ww -z %s", page);
        CHECK_INT(cli_sh(cmd, &out), 0);
        CHECK_STR(out, "");
        free(out);
        free(cmd);
        return NULL;
    }
    cmd = xasprintf("MANWIDTH=80 man --warnings -E UTF-8 -l -P cat %s 2>&1 >/dev/null", page);
    CHECK_INT(cli_sh(cmd, &out), 0);
    CHECK_STR(out, ""); /* no warnings */
    free(out);
    free(cmd);
    cmd = xasprintf("MANWIDTH=80 man -E UTF-8 -l -P cat %s", page);
    CHECK_INT(cli_sh(cmd, &out), 0);
    free(cmd);
    return out;
}

static void test_man_page_renders(void)
{
    char *out = render_man("docs/halopsa-mcp.1");
    if (!out)
        return;
    static const char *const sections[] = {"NAME", "SYNOPSIS", "COMMANDS", "OPTIONS", "MODES",
                                           "ENVIRONMENT", "EXIT STATUS", "EXAMPLES", NULL};
    for (size_t i = 0; sections[i]; i++)
        CHECK_CONTAINS(out, sections[i]);
    CHECK_CONTAINS(out, "HALOPSA_CLIENT_SECRET");
    CHECK_CONTAINS(out, "HALOPSA_EXCLUDE_TOOLS");
    CHECK_CONTAINS(out, "--read-only");
    /* What it refers to ships too. */
    CHECK_CONTAINS(out, "halopsa-sim(1)");
    free(out);
}

/* halopsa-sim(1), which halopsa-mcp(1) names, ships and documents every
 * option the program takes. */
static void test_sim_man_page(void)
{
    char *out = render_man("docs/halopsa-sim.1");
    if (!out)
        return;
    static const char *const sections[] = {"NAME", "SYNOPSIS", "DESCRIPTION", "OPTIONS",
                                           "EXIT STATUS", "SEE ALSO", NULL};
    for (size_t i = 0; sections[i]; i++)
        CHECK_CONTAINS(out, sections[i]);
    /* Every option of halopsa-sim --help is in the page. */
    char *help = NULL;
    char *cmd = xasprintf("%s/halopsa-sim --help", bin_dir());
    CHECK_INT(cli_sh(cmd, &help), 0);
    for (const char *p = help; p && (p = strstr(p, "  --")) != NULL; p += 4) {
        size_t n = strcspn(p + 2, " \n");
        char *opt = xstrndup(p + 2, n);
        if (!strstr(out, opt))
            harness_fail(__FILE__, __LINE__, "halopsa-sim(1) lacks %s", opt);
        free(opt);
    }
    free(help);
    free(cmd);
    free(out);
}

/* `make install PREFIX=…` on a copy of the Makefile beside the built
 * binaries, so the test neither rebuilds nor touches the tree. */
static void test_make_install(void)
{
    char dir[] = "/tmp/halopsa-test-install-XXXXXX";
    char *out = NULL, *cmd;
    CHECK(mkdtemp(dir) != NULL);
    cmd = xasprintf("mkdir -p %s/src/bin %s/src/docs %s/src/scripts && cp Makefile %s/src/ && "
                    "cp scripts/deps.sh %s/src/scripts/ 2>/dev/null; "
                    "cp %s/halopsa-mcp %s/halopsa-sim %s/src/bin/ && "
                    "cp docs/halopsa-mcp.1 docs/halopsa-sim.1 %s/src/docs/",
                    dir, dir, dir, dir, dir, bin_dir(), bin_dir(), dir, dir);
    CHECK_INT(cli_sh(cmd, &out), 0);
    free(cmd);
    free(out);
    /* -o all: the binaries are already there; install only copies. */
    cmd = xasprintf("env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL -u DESTDIR make -s -C %s/src -o all -o bin/halopsa-mcp -o bin/halopsa-sim install "
                    "PREFIX=%s/prefix",
                    dir, dir);
    CHECK_INT(cli_sh(cmd, &out), 0);
    free(cmd);
    free(out);
    cmd = xasprintf("test -x %s/prefix/bin/halopsa-mcp && test -x %s/prefix/bin/halopsa-sim && "
                    "test -f %s/prefix/share/man/man1/halopsa-mcp.1 && "
                    "%s/prefix/bin/halopsa-mcp --version",
                    dir, dir, dir, dir);
    CHECK_INT(cli_sh(cmd, &out), 0);
    CHECK_CONTAINS(out, "halopsa-mcp 0.");
    free(cmd);
    free(out);
    if (cli_have("man")) {
        cmd = xasprintf("MANPATH=%s/prefix/share/man man -P cat halopsa-mcp", dir);
        CHECK_INT(cli_sh(cmd, &out), 0);
        CHECK_CONTAINS(out, "halopsa-mcp");
        free(cmd);
        free(out);
        cmd = xasprintf("MANPATH=%s/prefix/share/man man -P cat halopsa-sim", dir);
        CHECK_INT(cli_sh(cmd, &out), 0);
        CHECK_CONTAINS(out, "HaloPSA-compatible REST API server");
        free(cmd);
        free(out);
    }
    cmd = xasprintf("rm -rf %s", dir);
    CHECK_INT(cli_sh(cmd, &out), 0);
    free(cmd);
    free(out);
}

static void test_demo_script(void)
{
    char *out = NULL;
    char *cmd = xasprintf("%s HALOPSA_BIN_DIR=%s sh scripts/demo.sh", cli_state_home(), bin_dir());
    CHECK_INT(cli_sh(cmd, &out), 0);
    CHECK_CONTAINS(out, "halopsa_tickets_list");
    CHECK_CONTAINS(out, "halopsa_tickets_get");
    CHECK_CONTAINS(out, "claude mcp add");
    CHECK_CONTAINS(out, "\"mcpServers\"");
    CHECK_CONTAINS(out, "--demo");
    CHECK_NOT_CONTAINS(out, "ERROR");
    CHECK_NOT_CONTAINS(out, SIM_DEMO_CLIENT_SECRET);
    free(cmd);
    free(out);
}

static void test_docs_match_catalog(void)
{
    struct cli_run r;
    CHECK_INT(cli_run(&r, ARGS("docs"), NULL), 0);
    CHECK_CONTAINS(r.out, "# HaloPSA tools");
    CHECK_CONTAINS(r.out, "| `halopsa_tickets_list` |");
    CHECK_CONTAINS(r.out, "`GET /api/Tickets`");
    CHECK_CONTAINS(r.out, "read-only");
    CHECK_CONTAINS(r.out, "destructive");
    CHECK_CONTAINS(r.out, "ticket_id");
    /* The checked-in reference is the generated one (make docs). */
    char *file = tl_read_file("docs/tools.md");
    CHECK(file != NULL);
    if (file && strcmp(file, r.out) != 0)
        harness_fail(__FILE__, __LINE__, "docs/tools.md is out of date: run 'make docs'");
    free(file);
    cli_run_free(&r);
}

static const struct test tests[] = {
    {"man_page_renders", test_man_page_renders},
    {"sim_man_page", test_sim_man_page},
    {"make_install", test_make_install},
    {"demo_script", test_demo_script},
    {"docs_match_catalog", test_docs_match_catalog},
    {NULL, NULL},
};

int main(void)
{
    base_init();
    return harness_run("install", tests);
}
