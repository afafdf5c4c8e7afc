/* demo.c - the embedded demo tenant (--demo): the simulator on a loopback
 * port. `call` keeps its state in a file across runs, so a record one call
 * creates is there for the next; --reset-demo starts it again from the
 * seed. Other commands use a fresh tenant in memory. */
#include "app_int.h"

#include "base/base.h"
#include "sim.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#define STATE_FILE "demo-tenant.json"

/* mkdir -p path (mode 0700 for what it creates). 0 or -1 with errno. */
static int make_dirs(char *path)
{
    for (char *p = path + 1; *p; p++) {
        if (*p != '/')
            continue;
        *p = '\0';
        int rc = mkdir(path, 0700);
        *p = '/';
        if (rc != 0 && errno != EEXIST)
            return -1;
    }
    return mkdir(path, 0700) == 0 || errno == EEXIST ? 0 : -1;
}

/* Where `call --demo` keeps the demo tenant: $XDG_STATE_HOME/halopsa-mcp/,
 * else ~/.local/state/halopsa-mcp/. New string, NULL when neither is set. */
static char *demo_state_path(void)
{
    const char *xdg = getenv("XDG_STATE_HOME");
    const char *home = getenv("HOME");
    /* The XDG base directory rule: a relative XDG_STATE_HOME is ignored. */
    if (xdg && xdg[0] == '/')
        return xasprintf("%s/halopsa-mcp/" STATE_FILE, xdg);
    if (home && home[0] == '/')
        return xasprintf("%s/.local/state/halopsa-mcp/" STATE_FILE, home);
    return NULL;
}

/* The state file for this run, its directory made and its lock held (the
 * lock serialises `call`s, so none loses another's write), or NULL when
 * the demo runs in memory. New string. */
static char *state_file(struct app *a)
{
    char *path = demo_state_path();
    char *dir = NULL, *lock = NULL;
    if (!path) {
        log_warn("no HOME or XDG_STATE_HOME: the demo tenant is not kept after this run");
        return NULL;
    }
    dir = xstrdup(path);
    *strrchr(dir, '/') = '\0';
    if (make_dirs(dir) != 0) {
        log_warn("cannot create %s (%s): the demo tenant is not kept after this run", dir,
                 strerror(errno));
        goto fail;
    }
    lock = xasprintf("%s.lock", path);
    a->demo_lock = open(lock, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
    if (a->demo_lock < 0 || flock(a->demo_lock, LOCK_EX) != 0) {
        log_warn("cannot lock %s (%s): the demo tenant is not kept after this run", lock,
                 strerror(errno));
        goto fail;
    }
    if (a->reset_demo && unlink(path) != 0 && errno != ENOENT) {
        fprintf(stderr, "halopsa-mcp: --reset-demo: cannot remove %s: %s\n", path,
                strerror(errno));
        goto fail;
    }
    free(dir);
    free(lock);
    return path;
fail:
    if (a->demo_lock >= 0)
        close(a->demo_lock);
    a->demo_lock = -1;
    free(dir);
    free(lock);
    free(path);
    return NULL;
}

int app__start_demo(struct app *a)
{
    struct sim_options so;
    char err[512];
    char *state = NULL;
    int rc = APP_FAIL;
    sim_options_default(&so);
    so.bind_addr = "127.0.0.1";
    so.port = 0;
    a->demo_lock = -1;
    if (strcmp(a->cmd, "call") == 0)
        so.persist_path = state = state_file(a);
    a->sim = sim_start(&so, err, sizeof err);
    if (!a->sim) {
        fprintf(stderr, "halopsa-mcp: cannot start the demo tenant: %s\n", err);
        if (state)
            fprintf(stderr, "halopsa-mcp: to start again from the seeded tenant, add "
                            "--reset-demo (or remove %s)\n", state);
        goto out;
    }
    char *url = xasprintf("http://127.0.0.1:%d", sim_port(a->sim));
    int crc = halo_config_init(&a->cfg, url, NULL, NULL, SIM_DEMO_CLIENT_ID,
                               SIM_DEMO_CLIENT_SECRET, err, sizeof err);
    free(url);
    if (crc != 0) {
        fprintf(stderr, "halopsa-mcp: demo configuration: %s\n", err);
        goto out;
    }
    a->have_cfg = true;
    log_info("serving the embedded demo tenant at %s%s%s", a->cfg.base_url,
             state ? ", state in " : "", state ? state : "");
    rc = APP_OK;
out:
    free(state);
    return rc;
}

void app__stop_demo(struct app *a)
{
    if (a->sim)
        sim_stop(a->sim); /* saves the state file while the lock is held */
    a->sim = NULL;
    if (a->demo_lock >= 0)
        close(a->demo_lock);
    a->demo_lock = -1;
}
