/* testsim.c - starts an in-process simulator for tests (separate object so
 * tests that do not need the simulator do not link it). */
#include "testlib.h"

#include "sim.h"

#include <stdio.h>
#include <stdlib.h>

struct sim *tl_sim_start(char *base_url, size_t len)
{
    struct sim_options o;
    char err[256];
    sim_options_default(&o);
    o.bind_addr = "127.0.0.1";
    o.port = 0; /* suites run side by side */
    struct sim *s = sim_start(&o, err, sizeof err);
    if (!s) {
        fprintf(stderr, "cannot start the simulator: %s\n", err);
        abort();
    }
    snprintf(base_url, len, "http://127.0.0.1:%d", sim_port(s));
    return s;
}
