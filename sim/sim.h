/* sim.h - a HaloPSA-compatible HTTP server (libmicrohttpd + jansson): the
 * test double for every test and the embedded demo tenant. It follows
 * docs/halopsa-api.md (paths, query parameters, envelopes, upserts,
 * errors, rate limiting); docs/simulator.md says what it serves. Prefix: sim_. */
#ifndef HALOPSA_SIM_H
#define HALOPSA_SIM_H

#include <stdbool.h>
#include <stddef.h>

#define SIM_DEMO_CLIENT_ID "demo-client-id"
#define SIM_DEMO_CLIENT_SECRET "demo-client-secret-0000"

struct sim_options {
    const char *bind_addr;   /* default "127.0.0.1" */
    int port;                /* 0 = ephemeral (read it back with sim_port) */
    const char *client_id;   /* accepted credentials; default the demo pair */
    const char *client_secret;
    int token_lifetime_s;    /* default 3600 */
    int rate_limit;          /* requests per window per client id; default 500 */
    int rate_window_s;       /* default 180 */
    bool retry_after;        /* send Retry-After with 429 (default false) */
    unsigned seed;           /* dataset seed; default 1 */
    int tickets;             /* ticket count; 0 = the demo tenant's ~200 */
    const char *persist_path; /* JSON file to load at start and save on change; NULL = memory only */
    bool log_requests;       /* one line per request on stderr */
};

/* Fills o with the defaults above. */
void sim_options_default(struct sim_options *o);

struct sim;

/* Starts the server on its own threads and returns at once. Returns a new
 * handle (free with sim_stop), or NULL with a message in err. */
struct sim *sim_start(const struct sim_options *o, char *err, size_t errlen);
/* The bound TCP port. */
int sim_port(const struct sim *s);
/* Applies a fault spec, the same JSON object POST /_sim/faults takes
 * ({"latency_ms":N, "fail_nth":{"n":N,"status":S,"count":C}, "drop_nth":N,
 * "malformed_nth":N, "burst_429":N, "revoke_tokens":true,
 * "token_lifetime_s":N, "write_fault":{"kind":K,"n":N,"count":C,...}}; the
 * write fault kinds are in docs/simulator.md). Returns 0, or -1 with a
 * message in err. */
int sim_faults(struct sim *s, const char *spec_json, char *err, size_t errlen);
/* Stops serving and frees everything (saving first when persisting). */
void sim_stop(struct sim *s);

#endif
