/* audit_int.h - who may run which tool and the record of what they did
 * (names tools__rights_x, tools__audit_x): rights checked where tools run,
 * and the audit log of writes and deletes (HALOPSA_AUDIT_LOG). */
#ifndef HALOPSA_TOOLS_AUDIT_INT_H
#define HALOPSA_TOOLS_AUDIT_INT_H

#include "tools_int.h"

/* ---- rights (access.c) ---- */
/* The mcp_rights_fn of the decision tree (data unused): a domain tool's
 * kind decides; halopsa_call needs what the tool it runs needs. */
unsigned tools__rights_needed(const struct mcp_server *srv, const char *tool, json_t *args, void *data);
/* NULL when the call's principal may run t; otherwise the isError result
 * saying why (new reference). */
json_t *tools__refuse_rights(struct mcp_call *mc, const struct tools_def *t);

/* ---- audit log (audit.c) ---- */
/* tools_audit_open (tools.h) opens the log. */
struct tools__audit;
/* Starts the record of one call of t (args borrowed, as the client sent
 * them), observing its HaloPSA requests on this thread; NULL when the
 * call is not audited. */
struct tools__audit *tools__audit_begin(struct mcp_call *mc, const struct tools_def *t, json_t *args);
/* Writes the record with the call's outcome (result borrowed) as one JSON
 * line, fsync'd for writes, and frees a (NULL is fine). */
void tools__audit_end(struct tools__audit *a, json_t *result);

#endif
