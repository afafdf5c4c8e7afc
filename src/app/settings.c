/* settings.c - every setting halopsa-mcp reads, checked by one path for
 * serve, call, tools and doctor: the log level, the tenant (or the demo
 * tenant), the tool options and lists, the audit log. A command stops on
 * an error; doctor prints each one with the fix for that setting. */
#include "app_int.h"

#include "base/base.h"

#include <stdlib.h>
#include <string.h>

/* What to do about each setting; a setting with a default can be left
 * unset, so a bad value of it does not stop the other checks. */
static const struct app_setting settings[] = {
    {"HALOPSA_CLIENT_ID", false,
     "copy the Client ID of the API application (HaloPSA: Config > Integrations > HaloPSA "
     "API > View Applications; re-copy it after the first save); in a host's configuration "
     "put it under \"env\""},
    {"HALOPSA_CLIENT_SECRET", false,
     "copy the Client Secret of the same API application; in a host's configuration put it "
     "under \"env\""},
    {"HALOPSA_TENANT", false,
     "set HALOPSA_TENANT to the tenant name alone (acme for https://acme.halopsa.com), or "
     "HALOPSA_BASE_URL to the instance URL of a self-hosted or custom-domain HaloPSA"},
    {"HALOPSA_BASE_URL", false,
     "set HALOPSA_BASE_URL to the instance URL without /api, e.g. https://support.example.com "
     "(or unset it and set HALOPSA_TENANT)"},
    {"HALOPSA_AUTH_URL", true,
     "set HALOPSA_AUTH_URL to the authorisation server's URL (e.g. "
     "https://auth.haloservicedesk.com), or unset it to use the base URL's /auth"},
    {"HALOPSA_RATE_LIMIT", true,
     "set HALOPSA_RATE_LIMIT to REQUESTS/SECONDS, e.g. 300/300 or 300/5m, or unset it for the "
     "default 500/180"},
    {"HALOPSA_TIMEOUT_MS", true,
     "set HALOPSA_TIMEOUT_MS to a whole number of milliseconds, e.g. 30000, or unset it for "
     "the default 60000"},
    {"HALOPSA_CONNECT_TIMEOUT_MS", true,
     "set HALOPSA_CONNECT_TIMEOUT_MS to a whole number of milliseconds, e.g. 5000, or unset "
     "it for the default 10000"},
    {"HALOPSA_MAX_RETRIES", true,
     "set HALOPSA_MAX_RETRIES to a whole number from 0 to 20, or unset it for the default 3"},
    {"HALOPSA_MAX_WAIT_MS", true,
     "set HALOPSA_MAX_WAIT_MS to a whole number of milliseconds (0 never waits), or unset it "
     "for the default 50000"},
    {"HALOPSA_CA_FILE", true,
     "set HALOPSA_CA_FILE to a readable PEM file of the CAs that signed HaloPSA's certificate, "
     "or unset it to trust the system's CAs"},
    {"HALOPSA_LOG_LEVEL", true,
     "set HALOPSA_LOG_LEVEL to debug, info, warn, error or off, or unset it"},
    {"--log-level", true, "give --log-level debug, info, warn, error or off"},
    {"HALOPSA_TOOL_MODE", true,
     "set HALOPSA_TOOL_MODE to tree, flat or dispatch (README: Tool modes), or unset it for "
     "tree"},
    {"--tools", true, "give --tools tree, flat or dispatch"},
    {"HALOPSA_READ_ONLY", true, "set HALOPSA_READ_ONLY to true or false, or unset it"},
    {"HALOPSA_DOMAINS", true,
     "list domains that 'halopsa-mcp tools' shows, comma-separated (e.g. tickets,clients), "
     "or unset HALOPSA_DOMAINS for all"},
    {"--domains", true,
     "give --domains the domains 'halopsa-mcp tools' shows, comma-separated (e.g. "
     "tickets,clients)"},
    {"HALOPSA_EXCLUDE_TOOLS", true,
     "list tool names as 'halopsa-mcp tools' shows them, comma-separated; the names it "
     "ignores deny nothing"},
    {"--exclude-tools", true,
     "give --exclude-tools tool names as 'halopsa-mcp tools' shows them; the names it "
     "ignores deny nothing"},
    {"HALOPSA_RESOURCE_POLL_SECONDS", true,
     "set HALOPSA_RESOURCE_POLL_SECONDS to a whole number of seconds, e.g. 60, or unset it "
     "(or 0) to leave resource subscriptions off"},
    {"HALOPSA_TIMEZONE", true,
     "set HALOPSA_TIMEZONE to an IANA zone name such as Europe/London (one under "
     "/usr/share/zoneinfo), or unset it for this machine's own zone"},
    {"HALOPSA_AUDIT_LOG", true,
     "set HALOPSA_AUDIT_LOG to a file this user can append to (its directory must exist), or "
     "to stderr"},
    {"HALOPSA_AUDIT_LEVEL", true, "set HALOPSA_AUDIT_LEVEL to writes or all, or unset it"},
    {NULL, false, NULL},
};

const struct app_setting *app__setting_in(const char *text)
{
    for (size_t i = 0; text && settings[i].name; i++) {
        size_t n = strlen(settings[i].name);
        char next = text[n];
        /* The whole name: HALOPSA_TIMEOUT_MS is not HALOPSA_TIMEOUT_MSX. */
        if (strncmp(text, settings[i].name, n) == 0 &&
            !(next == '_' || (next >= 'A' && next <= 'Z') || next == '-' ||
              (next >= 'a' && next <= 'z')))
            return &settings[i];
    }
    return NULL;
}

static void report(struct app_check *ck, const char *part, bool warning, const char *text)
{
    struct app_problem p = {app__setting_in(text), part, text, warning};
    if (!warning)
        ck->errors++;
    ck->report(ck->ud, &p);
}

static void check_logging(struct app *a, struct app_check *ck, enum log_level fallback)
{
    enum log_level level = fallback;
    char msg[512];
    const char *env = base_env("HALOPSA_LOG_LEVEL"); /* the one rule for "unset" */
    if (env && log_parse_level(env, &level) != 0) {
        snprintf(msg, sizeof msg, "HALOPSA_LOG_LEVEL: '%s' is not one of debug, info, warn, "
                                  "error, off", env);
        level = fallback;
        report(ck, "logging", false, msg);
    }
    if (a->log_level && log_parse_level(a->log_level, &level) != 0) {
        snprintf(msg, sizeof msg, "--log-level: '%s' is not one of debug, info, warn, error, "
                                  "off", a->log_level);
        level = fallback;
        report(ck, "logging", false, msg);
    }
    log_set_level(level);
}

/* Settings left out while the rest is checked, restored afterwards. */
struct skipped {
    size_t n;
    struct {
        const char *name;
        char *value;
    } v[8];
};

/* After a problem with text: leaves out the setting it names when that has
 * a default, so reading again checks the others (doctor goes on with the
 * default; every other command stops on the error). false when reading
 * again cannot get further. */
static bool skip_setting(struct skipped *sk, const char *text)
{
    const struct app_setting *s = app__setting_in(text);
    const char *v = s ? getenv(s->name) : NULL;
    if (!s || !s->has_default || !v || sk->n == sizeof sk->v / sizeof sk->v[0])
        return false;
    sk->v[sk->n].name = s->name;
    sk->v[sk->n++].value = xstrdup(v);
    unsetenv(s->name);
    return true;
}

static void restore_skipped(struct skipped *sk)
{
    while (sk->n > 0) {
        sk->n--;
        setenv(sk->v[sk->n].name, sk->v[sk->n].value, 1);
        free(sk->v[sk->n].value);
    }
}

/* The tenant from the HALOPSA_* variables, every bad one reported. */
static void check_env_config(struct app *a, struct app_check *ck)
{
    struct skipped sk = {0};
    char err[512];
    for (;;) {
        if (halo_config_from_env(&a->cfg, err, sizeof err) == 0) {
            a->have_cfg = true;
            log_add_secret(a->cfg.client_secret);
            break;
        }
        report(ck, "configuration", false, err);
        if (!skip_setting(&sk, err))
            break;
    }
    restore_skipped(&sk);
}

/* The tool mode, read-only mode and the lists, from the environment and
 * then the flags (a flag wins), every bad one reported. */
static void check_tools(struct app *a, struct app_check *ck)
{
    char err[1024], warn[1024];
    struct skipped sk = {0};
    while (tools_options_from_env(&a->topts, err, sizeof err) != 0) {
        report(ck, "tools", false, err);
        if (!skip_setting(&sk, err))
            break;
    }
    restore_skipped(&sk);
    if (a->tool_mode && tools_parse_mode(a->tool_mode, &a->topts.mode) != 0) {
        snprintf(err, sizeof err, "--tools: '%s' is not one of tree, flat, dispatch",
                 a->tool_mode);
        report(ck, "tools", false, err);
    }
    if (a->read_only)
        a->topts.read_only = true;
    if (a->domains) {
        a->topts.domains = a->domains;
        a->topts.domains_from = "--domains";
    }
    if (a->exclude_tools) {
        a->topts.exclude_tools = a->exclude_tools;
        a->topts.exclude_from = "--exclude-tools";
    }
    a->topts.demo = a->demo;
    if (tools_check_options(&a->topts, err, sizeof err, warn, sizeof warn) != 0)
        report(ck, "tools", false, err);
    else if (*warn)
        report(ck, "tools", true, warn);
}

int app__check_settings(struct app *a, unsigned parts, enum log_level fallback,
                        struct app_check *ck)
{
    ck->errors = 0;
    ck->demo_failed = false;
    if (parts & APP_CHECK_LOGGING)
        check_logging(a, ck, fallback);
    if ((parts & APP_CHECK_CONFIG) && a->demo) {
        if (app__start_demo(a) != APP_OK) {
            ck->errors++;
            ck->demo_failed = true;
        }
    } else if (parts & APP_CHECK_CONFIG) {
        check_env_config(a, ck);
    }
    if (parts & APP_CHECK_TOOLS)
        check_tools(a, ck);
    if (parts & APP_CHECK_AUDIT) {
        char err[512];
        if (tools_audit_open(err, sizeof err) != 0)
            report(ck, "audit log", false, err);
    }
    return ck->errors;
}

/* Every command but doctor: errors on stderr as usage errors (a flag's
 * with the hint to try --help), warnings as log lines. */
static void print_problem(void *ud, const struct app_problem *p)
{
    struct app *a = ud;
    if (p->warning)
        log_warn("%s", p->text);
    else if (p->text[0] == '-')
        app__usage_error(a->cmd, "%s", p->text);
    else
        fprintf(stderr, "halopsa-mcp: %s\n", p->text);
}

int app__load_settings(struct app *a, unsigned parts, enum log_level fallback)
{
    struct app_check ck = {.report = print_problem, .ud = a};
    if (app__check_settings(a, parts, fallback, &ck) == 0)
        return APP_OK;
    /* The demo tenant not starting is a failure, not a usage error. */
    return ck.demo_failed ? APP_FAIL : APP_USAGE;
}
