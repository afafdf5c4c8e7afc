/* fuzz.h - what the libFuzzer harnesses in tests/fuzz/ share: one-time
 * setup, cutting an input into messages, and a transport that checks each
 * message the server sends is one JSON-RPC 2.0 object. Prefix: fz_. */
#ifndef HALOPSA_FUZZ_H
#define HALOPSA_FUZZ_H

#include <stddef.h>
#include <stdint.h>

/* libFuzzer's entry points (defined by each harness). */
int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* base_init and logging off; safe to call more than once. */
void fz_init(void);

/* Calls fn on each piece of data between separators sep (a string of
 * seplen bytes), at most max pieces; empty pieces are skipped. */
typedef void (*fz_piece_fn)(const char *p, size_t n, void *ud);
void fz_split(const uint8_t *data, size_t size, const char *sep, size_t seplen, size_t max,
              fz_piece_fn fn, void *ud);

struct mcp_msg;
/* An mcp_send_fn: aborts (a crash the fuzzer reports) unless the message is
 * one JSON object with "jsonrpc":"2.0" and is the kind (response with its
 * error code, notification or request with its method) the transport is
 * told it is. ud is unused. */
void fz_check_send(void *ud, const struct mcp_msg *m);

struct mcp_session;
/* Sends initialize (revision 2025-11-25, client capabilities caps: JSON
 * object text) and notifications/initialized into s, as a client would. */
void fz_initialize(struct mcp_session *s, const char *caps);

/* An fz_piece_fn: one message into the session ud (mcp_session_receive). */
void fz_feed(const char *p, size_t n, void *session);

/* A new NUL-terminated copy of n bytes (free it). */
char *fz_strndup(const void *p, size_t n);

#endif
