/* auth_int.h - internals of the HTTP transport's authentication (names
 * mcp__auth_x, mcp__jwt_x, mcp__tokens_x, mcp__jwks_x): bearer tokens from
 * a file, JWT access tokens checked against an issuer's published keys,
 * the challenges and the Protected Resource Metadata (RFC 9728). */
#ifndef HALOPSA_MCP_AUTH_INT_H
#define HALOPSA_MCP_AUTH_INT_H

#include "mcp_int.h"

#include <stdint.h>

/* Longest Authorization header value looked at. */
#define MCP__AUTH_MAX_TOKEN 16384

enum mcp__auth_result {
    MCP__AUTH_OK = 0,
    MCP__AUTH_MISSING,     /* no credentials: 401 without an error code */
    MCP__AUTH_INVALID,     /* bad, expired, not ours: 401 invalid_token */
    MCP__AUTH_MALFORMED,   /* not "Bearer <token>": 400 invalid_request */
    MCP__AUTH_UNAVAILABLE, /* the issuer's keys cannot be had now: 503 */
};

/* ---- the authenticator (auth.c) ---- */
struct mcp__auth;

/* New authenticator for o (copied), or NULL with err (a bad option, an
 * unreadable token file). resource is this server's canonical URI and
 * metadata_url where its Protected Resource Metadata is served. */
struct mcp__auth *mcp__auth_new(const struct mcp_auth_options *o, const char *resource,
                                const char *metadata_url, char *err, size_t errlen);
void mcp__auth_free(struct mcp__auth *a);
/* Re-reads the token file (TOKEN mode; other modes do nothing). 0, or -1
 * with err and the old tokens kept. */
int mcp__auth_reload(struct mcp__auth *a, char *err, size_t errlen);
enum mcp_auth_mode mcp__auth_mode(const struct mcp__auth *a);
/* Checks an Authorization header value (NULL when absent). On
 * MCP__AUTH_OK fills who; otherwise why says what was wrong in a few
 * words safe to show the client (never the token). */
enum mcp__auth_result mcp__auth_check(struct mcp__auth *a, const char *authorization,
                                      struct mcp_principal *who, char *why, size_t whylen);
/* The WWW-Authenticate value (new string) for a result other than OK, or
 * for a 403 when result is OK and need names the rights lacking. */
char *mcp__auth_challenge(const struct mcp__auth *a, enum mcp__auth_result result,
                          const char *why, unsigned need);
/* The Protected Resource Metadata document (new string). */
char *mcp__auth_metadata(const struct mcp__auth *a);
/* The scope names that grant rights (a space-separated new string). */
char *mcp__auth_scopes_for(const struct mcp__auth *a, unsigned rights);

/* ---- bearer tokens from a file (auth_tokens.c) ---- */
struct mcp__tokens;
/* Parses path. New table, or NULL with err naming the line. */
struct mcp__tokens *mcp__tokens_load(const char *path, char *err, size_t errlen);
void mcp__tokens_free(struct mcp__tokens *t);
size_t mcp__tokens_count(const struct mcp__tokens *t);
/* Looks token up comparing digests in constant time over every entry.
 * true with who filled when it is known. */
bool mcp__tokens_match(const struct mcp__tokens *t, const char *token, size_t len,
                       struct mcp_principal *who);

/* ---- JOSE: keys, JWS signatures (auth_jwt.c; base64url in crypto.c) ---- */
/* One verification key from a JWK (borrowed), or NULL when it is not an
 * RSA (>= 2048 bits) or P-256 signing key. Free with mcp__jwk_free. */
struct mcp__jwk;
struct mcp__jwk *mcp__jwk_from_json(json_t *jwk, char *err, size_t errlen);
void mcp__jwk_free(struct mcp__jwk *k);
const char *mcp__jwk_kid(const struct mcp__jwk *k); /* borrowed, "" when none */
/* A compact JWS split and decoded: header and payload objects (new
 * references), the signing input and signature. 0, or -1 with why. */
struct mcp__jws {
    json_t *header;
    json_t *payload;
    const char *signing_input; /* borrowed from the token text */
    size_t signing_len;
    unsigned char *sig; /* new */
    size_t siglen;
};
int mcp__jws_parse(const char *token, size_t len, struct mcp__jws *out, char *why, size_t whylen);
void mcp__jws_clear(struct mcp__jws *j);
/* Verifies the signature with key for alg ("RS256" or "ES256"). 0 or -1. */
int mcp__jws_verify(const struct mcp__jws *j, const char *alg, const struct mcp__jwk *key);

/* ---- the issuer's keys (auth_jwks.c) ---- */
struct mcp__jwks;
/* A key cache for issuer (discovery finds jwks_uri unless given). Does no
 * I/O yet. */
struct mcp__jwks *mcp__jwks_new(const char *issuer, const char *jwks_uri);
void mcp__jwks_free(struct mcp__jwks *c);
/* Fetches discovery and keys now; 0, or -1 with err (the cache then
 * tries again when a token arrives). */
int mcp__jwks_refresh(struct mcp__jwks *c, char *err, size_t errlen);
/* Verifies j's signature with the key named by its header (kid, alg):
 * 0 = good; -1 = bad signature or no such key (why says which); -2 = the
 * keys cannot be fetched. An unknown kid refetches the keys (a rotation),
 * at most once per MCP__JWKS_MIN_REFETCH_S. */
#define MCP__JWKS_MIN_REFETCH_S 30
int mcp__jwks_verify(struct mcp__jwks *c, const struct mcp__jws *j, char *why, size_t whylen);
/* The issuer as its metadata spells it (what tokens carry in iss). New. */
char *mcp__jwks_issuer(struct mcp__jwks *c);

/* ---- URLs ---- */
/* Canonical form for comparing resource URIs: scheme and host lower-case,
 * no trailing slash. New string. */
char *mcp__url_canonical(const char *url);
/* http(s) URL whose host is loopback (plain http is allowed there only). */
bool mcp__url_is_loopback(const char *url);

#endif
