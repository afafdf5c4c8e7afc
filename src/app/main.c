/* main.c - halopsa-mcp's entry point: parses the command line and runs the
 * subcommand (serve by default). */
#include "app_int.h"

#include "base/base.h"

#include <signal.h>
#include <stdlib.h>
#include <string.h>

static const char *const commands[] = {"serve", "tools", "call", "doctor", "docs", "help", NULL};

static bool is_command(const char *s)
{
    for (size_t i = 0; commands[i]; i++)
        if (strcmp(s, commands[i]) == 0)
            return true;
    return false;
}

/* Takes the value of an option given as "--name=value" or "--name value".
 * Returns the value (borrowed from argv) or NULL when it is missing. */
static const char *option_value(int argc, char **argv, int *i, const char *arg, size_t namelen)
{
    if (arg[namelen] == '=')
        return arg + namelen + 1;
    if (*i + 1 < argc)
        return argv[++*i];
    return NULL;
}

static int parse_args(struct app *a, int argc, char **argv)
{
    static const char *const valued[] = {"--log-level",     "--tools", "--domains",
                                         "--exclude-tools", "--http",  "--allowed-origin",
                                         "--auth", "--auth-tokens", "--auth-issuer",
                                         "--auth-jwks-uri", "--auth-read-scope",
                                         "--auth-write-scope", "--public-url",
                                         "--max-sessions", "--session-idle-timeout",
                                         "--max-calls-per-principal",
                                         "--max-connections-per-ip", NULL};
    const char *origin = NULL;
    const char **slots[] = {&a->log_level, &a->tool_mode, &a->domains,
                            &a->exclude_tools, &a->http, &origin,
                            &a->auth, &a->auth_tokens, &a->auth_issuer,
                            &a->auth_jwks_uri, &a->auth_read_scope,
                            &a->auth_write_scope, &a->public_url,
                            &a->max_sessions, &a->session_idle,
                            &a->max_calls, &a->max_conns_ip};
    bool options_done = false;
    a->args = xcalloc((size_t)argc + 1, sizeof *a->args);
    for (int i = 1; i < argc; i++) {
        const char *arg = argv[i];
        if (!options_done && strcmp(arg, "--") == 0) {
            options_done = true;
            continue;
        }
        if (!options_done && arg[0] == '-' && arg[1] != '\0') {
            size_t namelen = strcspn(arg, "=");
            bool matched = false;
            for (size_t k = 0; valued[k]; k++) {
                if (strlen(valued[k]) == namelen && strncmp(arg, valued[k], namelen) == 0) {
                    const char *v = option_value(argc, argv, &i, arg, namelen);
                    if (!v)
                        return app__usage_error(a->cmd, "%s needs a value", valued[k]);
                    *slots[k] = v;
                    matched = true;
                }
            }
            if (origin) {
                if (a->norigins == (int)(sizeof a->origins / sizeof a->origins[0]) - 1)
                    return app__usage_error(a->cmd, "too many --allowed-origin options");
                a->origins[a->norigins++] = origin;
                origin = NULL;
            }
            if (matched)
                continue;
            if (arg[namelen] == '=')
                return app__usage_error(a->cmd, "%.*s takes no value", (int)namelen, arg);
            if (strcmp(arg, "--help") == 0 || strcmp(arg, "-h") == 0)
                a->help = true;
            else if (strcmp(arg, "--version") == 0)
                a->version = true;
            else if (strcmp(arg, "--demo") == 0)
                a->demo = true;
            else if (strcmp(arg, "--read-only") == 0)
                a->read_only = true;
            else if (strcmp(arg, "--json") == 0)
                a->json = true;
            else if (strcmp(arg, "--yes") == 0 || strcmp(arg, "-y") == 0)
                a->yes = true;
            else if (strcmp(arg, "--allow-unauthenticated") == 0)
                a->allow_unauthenticated = true;
            else
                return app__usage_error(a->cmd, "unknown option '%s'", arg);
            continue;
        }
        if (!a->cmd) {
            if (!is_command(arg))
                return app__usage_error(NULL, "unknown command '%s'", arg);
            a->cmd = arg;
            continue;
        }
        a->args[a->nargs++] = argv[i];
    }
    return APP_OK;
}

/* The positional arguments each subcommand accepts. */
static int check_arity(struct app *a)
{
    const char *c = a->cmd;
    if ((strcmp(c, "serve") == 0 || strcmp(c, "doctor") == 0 || strcmp(c, "docs") == 0) &&
        a->nargs > 0)
        return app__usage_error(c, "unexpected argument '%s'", a->args[0]);
    if ((strcmp(c, "tools") == 0 || strcmp(c, "help") == 0) && a->nargs > 1)
        return app__usage_error(c, "unexpected argument '%s'", a->args[1]);
    if (strcmp(c, "call") != 0 && (a->json || a->yes))
        return app__usage_error(c, "%s is an option of 'call'", a->json ? "--json" : "--yes");
    if (strcmp(c, "serve") != 0 && (a->http || a->norigins))
        return app__usage_error(c, "%s is an option of 'serve'",
                                a->http ? "--http" : "--allowed-origin");
    if (a->norigins && !a->http)
        return app__usage_error(c, "--allowed-origin goes with --http");
    if (app__remote_flags_given(a) && strcmp(c, "serve") != 0)
        return app__usage_error(c, "--auth and the session limits are options of 'serve --http'");
    if (app__remote_flags_given(a) && !a->http)
        return app__usage_error(c, "--auth and the session limits go with --http");
    if (strcmp(c, "call") == 0 && a->nargs < 1)
        return app__usage_error(c, "call needs a tool name");
    return APP_OK;
}

int main(int argc, char **argv)
{
    struct app a;
    int rc;
    memset(&a, 0, sizeof a);
    base_init();
    /* A host that goes away mid-reply must give us EPIPE, not kill us. */
    signal(SIGPIPE, SIG_IGN);
    if ((rc = parse_args(&a, argc, argv)) != APP_OK)
        goto out;
    if (a.version) {
        printf("halopsa-mcp %s\n", HALOPSA_MCP_VERSION);
        rc = APP_OK;
        goto out;
    }
    if (a.help) {
        app__usage(a.cmd, stdout); /* no subcommand: the program's help */
        rc = APP_OK;
        goto out;
    }
    if (!a.cmd)
        a.cmd = "serve";
    if ((rc = check_arity(&a)) != APP_OK)
        goto out;
    if (strcmp(a.cmd, "help") == 0) {
        if (app__usage(a.nargs ? a.args[0] : NULL, stdout) != 0)
            rc = app__usage_error(NULL, "unknown command '%s'", a.args[0]);
        goto out;
    }
    if (strcmp(a.cmd, "serve") == 0)
        rc = app__serve(&a);
    else if (strcmp(a.cmd, "tools") == 0)
        rc = app__tools(&a);
    else if (strcmp(a.cmd, "call") == 0)
        rc = app__call(&a);
    else if (strcmp(a.cmd, "doctor") == 0)
        rc = app__doctor(&a);
    else
        rc = app__docs(&a);
out:
    free(a.args);
    return rc;
}
