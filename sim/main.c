/* main.c - halopsa-sim: runs the HaloPSA simulator as a standalone server
 * until SIGINT/SIGTERM. */
#include "sim.h"

#include "base/base.h"

#include <errno.h>
#include <getopt.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void usage(FILE *f)
{
    fprintf(f,
            "usage: halopsa-sim [options]\n"
            "A HaloPSA-compatible REST API server (the test double and demo tenant of\n"
            "halopsa-mcp). Serves POST /auth/token, GET /api/authinfo, /api/<Entity>\n"
            "and the test controls under /_sim/ (see docs/simulator.md).\n"
            "\n"
            "  --port N             TCP port (default 8080; 0 = ephemeral, the bound URL\n"
            "                       is printed on stderr either way)\n"
            "  --bind ADDR          address to listen on (default 127.0.0.1)\n"
            "  --client-id ID       accepted client id (default %s)\n"
            "  --client-secret S    accepted client secret (default %s;\n"
            "                       public demo values)\n"
            "  --token-lifetime S   access token lifetime in seconds (default 3600)\n"
            "  --rate-limit N/S     N requests per rolling S seconds per client id\n"
            "                       (default 500/180, HaloPSA's documented limit)\n"
            "  --retry-after        send Retry-After with 429 replies\n"
            "  --seed N             dataset seed (default 1)\n"
            "  --tickets N          generate N tickets (default: the ~200 of the demo tenant)\n"
            "  --persist FILE       load the store from FILE if it exists (else seed it)\n"
            "                       and save it there after every change\n"
            "  --latency-ms N       delay every /auth and /api reply by N ms\n"
            "  --faults JSON        initial faults, as POST /_sim/faults takes them\n"
            "  --log-requests       one line per request on stderr\n"
            "  --help               this text\n",
            SIM_DEMO_CLIENT_ID, SIM_DEMO_CLIENT_SECRET);
}

static int parse_int(const char *s, long min, long max, long *out)
{
    char *end;
    errno = 0;
    long v = strtol(s, &end, 10);
    if (errno || end == s || *end || v < min || v > max)
        return -1;
    *out = v;
    return 0;
}

enum {
    O_PORT = 256,
    O_BIND,
    O_ID,
    O_SECRET,
    O_LIFE,
    O_RATE,
    O_RETRY,
    O_SEED,
    O_TICKETS,
    O_PERSIST,
    O_LATENCY,
    O_FAULTS,
    O_LOG,
    O_HELP
};
static const struct option longopts[] = {
    {"port", required_argument, NULL, O_PORT},
    {"bind", required_argument, NULL, O_BIND},
    {"client-id", required_argument, NULL, O_ID},
    {"client-secret", required_argument, NULL, O_SECRET},
    {"token-lifetime", required_argument, NULL, O_LIFE},
    {"rate-limit", required_argument, NULL, O_RATE},
    {"retry-after", no_argument, NULL, O_RETRY},
    {"seed", required_argument, NULL, O_SEED},
    {"tickets", required_argument, NULL, O_TICKETS},
    {"persist", required_argument, NULL, O_PERSIST},
    {"latency-ms", required_argument, NULL, O_LATENCY},
    {"faults", required_argument, NULL, O_FAULTS},
    {"log-requests", no_argument, NULL, O_LOG},
    {"help", no_argument, NULL, O_HELP},
    {NULL, 0, NULL, 0},
};
/* Reads the options into o, *latency and *faults. Returns -1 to go on, or
 * the exit status (0 after --help, 2 for a bad option). */
static int parse_args(int argc, char **argv, struct sim_options *o, long *latency,
                      const char **faults)
{
    long v;
    int c;
    while ((c = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
        switch (c) {
        case O_PORT:
            if (parse_int(optarg, 0, 65535, &v) != 0)
                goto bad;
            o->port = (int)v;
            break;
        case O_BIND:
            o->bind_addr = optarg;
            break;
        case O_ID:
            o->client_id = optarg;
            break;
        case O_SECRET:
            o->client_secret = optarg;
            log_add_secret(optarg);
            break;
        case O_LIFE:
            if (parse_int(optarg, 1, 10L * 365 * 86400, &v) != 0)
                goto bad;
            o->token_lifetime_s = (int)v;
            break;
        case O_RATE: {
            char *slash = strchr(optarg, '/');
            long n, w;
            if (!slash)
                goto bad;
            *slash = '\0';
            if (parse_int(optarg, 1, 10000000, &n) != 0 ||
                parse_int(slash + 1, 1, 86400, &w) != 0) {
                *slash = '/';
                goto bad;
            }
            *slash = '/';
            o->rate_limit = (int)n;
            o->rate_window_s = (int)w;
            break;
        }
        case O_RETRY:
            o->retry_after = true;
            break;
        case O_SEED:
            if (parse_int(optarg, 0, 0xffffffffL, &v) != 0)
                goto bad;
            o->seed = (unsigned)v;
            break;
        case O_TICKETS:
            if (parse_int(optarg, 0, 10000000, &v) != 0)
                goto bad;
            o->tickets = (int)v;
            break;
        case O_PERSIST:
            o->persist_path = optarg;
            break;
        case O_LATENCY:
            if (parse_int(optarg, 0, 600000, latency) != 0)
                goto bad;
            break;
        case O_FAULTS:
            *faults = optarg;
            break;
        case O_LOG:
            o->log_requests = true;
            break;
        case 'h':
        case O_HELP:
            usage(stdout);
            return 0;
        default:
            usage(stderr);
            return 2;
        }
    }
    if (optind < argc) {
        fprintf(stderr, "halopsa-sim: unexpected argument \"%s\"\n", argv[optind]);
        usage(stderr);
        return 2;
    }

    return -1;
bad:
    fprintf(stderr, "halopsa-sim: bad value \"%s\" for --%s\n", optarg, longopts[c - O_PORT].name);
    return 2;
}


int main(int argc, char **argv)
{
    struct sim_options o;
    struct sim *s;
    char err[512];
    long latency = 0;
    const char *faults = NULL;
    sigset_t set;
    int sig, rc;

    base_init();
    sim_options_default(&o);
    o.port = 8080;
    if ((rc = parse_args(argc, argv, &o, &latency, &faults)) >= 0)
        return rc;
    /* Block the signals before any thread starts so that only sigwait
     * below receives them. */
    sigemptyset(&set);
    sigaddset(&set, SIGINT);
    sigaddset(&set, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &set, NULL);
    signal(SIGPIPE, SIG_IGN);

    s = sim_start(&o, err, sizeof err);
    if (!s) {
        fprintf(stderr, "halopsa-sim: %s\n", err);
        return 1;
    }
    if (latency > 0) {
        char spec[64];
        snprintf(spec, sizeof spec, "{\"latency_ms\":%ld}", latency);
        if (sim_faults(s, spec, err, sizeof err) != 0) {
            fprintf(stderr, "halopsa-sim: %s\n", err);
            sim_stop(s);
            return 1;
        }
    }
    if (faults && sim_faults(s, faults, err, sizeof err) != 0) {
        fprintf(stderr, "halopsa-sim: --faults: %s\n", err);
        sim_stop(s);
        return 2;
    }
    fprintf(stderr, "halopsa-sim: listening on http://%s%s%s:%d\n",
            strchr(o.bind_addr, ':') ? "[" : "", o.bind_addr, strchr(o.bind_addr, ':') ? "]" : "",
            sim_port(s));
    if (sigwait(&set, &sig) != 0)
        sig = SIGTERM;
    fprintf(stderr, "halopsa-sim: stopping (signal %d)\n", sig);
    sim_stop(s);
    return 0;
}
