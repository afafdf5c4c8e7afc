/* fixture.h - what the files of mcp-fixture share. */
#ifndef HALOPSA_FIXTURE_H
#define HALOPSA_FIXTURE_H

#include "mcp/mcp.h"

#define NO_ARGS "{\"type\":\"object\",\"properties\":{}}"

/* Registers the primitives the 2026-07-28 conformance suite names (MRTR,
 * capability, logging, list-change triggers, x-mcp-header, the tasks
 * extension's fixtures). 0, or -1 with err. */
int fixture_add_2026(struct mcp_server *srv, char *err, size_t errlen);

#endif
