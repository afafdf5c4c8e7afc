/* stub_domains.c - temporary empty definitions of the six specific domains
 * until their files (tickets.c, clients.c, ...) land; each is removed the
 * moment its real definition compiles. */
#include "tools_int.h"

const struct tools_domain tools__tickets = {"tickets", "Tickets", "Tickets (stub)", NULL, 0};
const struct tools_domain tools__clients = {"clients", "Clients", "Clients (stub)", NULL, 0};
const struct tools_domain tools__assets = {"assets", "Assets", "Assets (stub)", NULL, 0};
const struct tools_domain tools__agents = {"agents", "Agents", "Agents (stub)", NULL, 0};
const struct tools_domain tools__invoices = {"invoices", "Invoices", "Invoices (stub)", NULL, 0};
const struct tools_domain tools__workflows = {"workflows", "Workflows", "Workflows (stub)", NULL, 0};
