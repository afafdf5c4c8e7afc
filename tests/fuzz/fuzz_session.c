/* fuzz_session.c - libFuzzer harness for a whole session: the real tool
 * tree (tools_register) on a real HaloPSA client talking over loopback to
 * an in-process simulator. An input is up to 16 newline-separated
 * JSON-RPC messages for one new session. First byte: bits 0-1 the tool
 * mode (tree, flat, dispatch), bit 2 start initialized, bit 3 declare
 * elicitation (deletes then wait for an answer the input may give).
 * Every message the server sends must be a JSON-RPC object. The simulator
 * and everything on it are rebuilt every REBUILD_EVERY inputs, so records
 * the inputs create do not pile up. */
#include "fuzz.h"

#include "base/base.h"
#include "halo/halo.h"
#include "mcp/mcp.h"
#include "sim.h"
#include "tools/tools.h"

#include <stdio.h>
#include <stdlib.h>

#define REBUILD_EVERY 2000
#define NMODES 3

static struct world {
    struct sim *sim;
    struct halo_config cfg;
    struct halo_client *hc;
    struct mcp_server *srv[NMODES];
} w;
static unsigned long inputs;

static void world_stop(void)
{
    for (int m = 0; m < NMODES; m++) {
        if (w.srv[m])
            mcp_server_free(w.srv[m]);
        w.srv[m] = NULL;
    }
    if (w.hc)
        halo_client_free(w.hc);
    w.hc = NULL;
    halo_config_cleanup(&w.cfg);
    if (w.sim)
        sim_stop(w.sim);
    w.sim = NULL;
}

static void world_start(void)
{
    char err[512];
    struct sim_options so;
    sim_options_default(&so);
    so.bind_addr = "127.0.0.1";
    so.port = 0;
    so.tickets = 40;
    so.rate_limit = 1000000; /* the fuzzer is no rate-limit test */
    w.sim = sim_start(&so, err, sizeof err);
    if (!w.sim) {
        fprintf(stderr, "fuzz: cannot start the simulator: %s\n", err);
        abort();
    }
    char url[64];
    snprintf(url, sizeof url, "http://127.0.0.1:%d", sim_port(w.sim));
    if (halo_config_init(&w.cfg, url, NULL, NULL, SIM_DEMO_CLIENT_ID, SIM_DEMO_CLIENT_SECRET, err,
                         sizeof err) != 0)
        abort();
    w.cfg.rate_limit = 1000000;
    w.cfg.timeout_ms = 10000;
    w.cfg.max_retries = 0;
    w.hc = halo_client_new(&w.cfg);
    static const enum tools_mode modes[NMODES] = {TOOLS_TREE, TOOLS_FLAT, TOOLS_DISPATCH};
    for (int m = 0; m < NMODES; m++) {
        struct mcp_server_info info = {.name = "halopsa-mcp", .title = "HaloPSA", .version = "fuzz"};
        struct tools_options to = {.mode = modes[m]};
        w.srv[m] = mcp_server_new(&info);
        if (tools_register(w.srv[m], w.hc, &to, err, sizeof err) != 0) {
            fprintf(stderr, "fuzz: tools_register: %s\n", err);
            abort();
        }
    }
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc, (void)argv;
    fz_init();
    world_start();
    atexit(world_stop);
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    if (++inputs % REBUILD_EVERY == 0) {
        world_stop();
        world_start();
    }
    struct mcp_session *s = mcp_session_new(w.srv[(data[0] & 3) % NMODES], fz_check_send, NULL);
    if (data[0] & 4)
        fz_initialize(s, data[0] & 8 ? "{\"elicitation\":{}}" : "{}");
    fz_split(data + 1, size - 1, "\n", 1, 16, fz_feed, s);
    mcp_session_free(s);
    return 0;
}
