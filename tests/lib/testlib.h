/* testlib.h - support for tests that talk to real processes over real
 * pipes and to the simulator over real sockets: spawn a binary, exchange
 * JSON-RPC lines, start an in-process simulator. Prefix: tl_. */
#ifndef HALOPSA_TESTLIB_H
#define HALOPSA_TESTLIB_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

/* Path of a built binary ("halopsa-mcp", "halopsa-sim", "mcp-fixture"):
 * $HALOPSA_BIN_DIR/name (the Makefile sets it). Static buffer. */
const char *tl_bin(const char *name);

struct tl_proc {
    pid_t pid;
    int in_fd;   /* child's stdin (write end) */
    int out_fd;  /* child's stdout (read end) */
    char *err_path; /* child's stderr goes to this temp file */
    char *rbuf;  /* partial stdout line */
    size_t rlen, rcap;
    json_t *notes;  /* notifications and server requests seen by tl_rpc, in order */
    long next_id;
};

/* Spawns argv (argv[0] is a path) with env_extra ("K=V" strings, NULL
 * terminated, may be NULL) added to the current environment; "K=" unsets K.
 * Returns 0 or -1. */
int tl_spawn(struct tl_proc *p, char *const argv[], char *const env_extra[]);
/* Writes one line (a newline is appended). 0 or -1. */
int tl_send(struct tl_proc *p, const char *line);
int tl_send_json(struct tl_proc *p, json_t *msg); /* msg borrowed */
/* Next stdout line within timeout_ms, as a new string, or NULL on
 * timeout/EOF. */
char *tl_recv_line(struct tl_proc *p, int timeout_ms);
/* Next stdout line parsed as JSON (new reference), or NULL. */
json_t *tl_recv(struct tl_proc *p, int timeout_ms);
/* Sends a request with a fresh integer id and returns the matching
 * response (new reference) or NULL after timeout_ms. Messages seen before
 * it (notifications, server requests) are appended to p->notes. */
json_t *tl_rpc(struct tl_proc *p, const char *method, json_t *params /* stolen, may be NULL */,
               int timeout_ms);
/* Every page of tools/list: the tools (new array) and, when bytes is not
 * NULL, the bytes of the reply lines as the server writes them (compact
 * JSON and a newline each): what a host puts in the model's context. */
json_t *tl_list_tools(struct tl_proc *p, size_t *bytes);
/* initialize (+ notifications/initialized) with the given client
 * capabilities (stolen, may be NULL). Returns the result (new) or NULL. */
json_t *tl_initialize(struct tl_proc *p, json_t *capabilities);
/* Closes stdin and waits up to timeout_ms for exit; kills after that.
 * Returns the exit status (0..255), 128+signal, or -1 on timeout. */
int tl_finish(struct tl_proc *p, int timeout_ms);
/* The child's stderr so far (new string). */
char *tl_stderr(struct tl_proc *p);
/* Frees everything (kills the child if still running). */
void tl_proc_free(struct tl_proc *p);

/* Reads a whole file (new string) or NULL. */
char *tl_read_file(const char *path);
/* Writes text to path (created or truncated). 0 or -1. */
int tl_write_file(const char *path, const char *text);
/* A "VmHWM:"-style field of /proc/PID/status in KiB, or -1; pid 0 = self. */
long tl_proc_status_kb(pid_t pid, const char *field);
/* utime + stime of pid (all its threads, live and ended) in ms, or -1. */
double tl_proc_cpu_ms(pid_t pid);

/* One HTTP request with libcurl (real socket). body may be NULL;
 * content_type defaults to application/json when body is set; headers is
 * a NULL-terminated list of "Name: value" lines or NULL. Returns the status
 * (0 on a transport error) and the response body in *resp (new string,
 * may be NULL). */
int tl_http(const char *method, const char *url, const char *body, const char *content_type,
            const char *const *headers, char **resp);

/* tl_http that also returns the response's header lines (new string, the
 * raw "Name: value\r\n" lines) in *resp_headers when it is not NULL. */
int tl_http_full(const char *method, const char *url, const char *body, const char *content_type,
                 const char *const *headers, char **resp, char **resp_headers);
/* The value of header name in raw header lines (case-insensitive name),
 * as a new string, or NULL. */
char *tl_header(const char *raw, const char *name);

struct sim;
/* Starts an in-process simulator on an ephemeral loopback port with the
 * demo dataset and default options except those given (token lifetime 0 =
 * default). Writes "http://127.0.0.1:PORT" into base_url. Aborts the test
 * program if it cannot start. */
struct sim *tl_sim_start(char *base_url, size_t len);

/* A local HTTPS endpoint in front of a plain-HTTP upstream ("http://host:
 * port", e.g. the simulator): every request is passed on as it came.
 * Writes "https://127.0.0.1:PORT" into base_url. New handle, or NULL with
 * a message on stderr. The certificate is tests/lib/tls/localhost.crt
 * (found from the current directory, or $HALOPSA_SRC_DIR). */
struct tl_tls;
struct tl_tls *tl_tls_start(const char *upstream, char *base_url, size_t len);
void tl_tls_stop(struct tl_tls *t);
/* Path of the certificate to trust for it (static buffer). */
const char *tl_tls_ca_file(void);

#endif
