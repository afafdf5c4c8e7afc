/* crypto.c - the few primitives the core signs and checks with, on
 * OpenSSL (already in the process through libcurl and the JOSE code):
 * base64url without padding, SHA-256, HMAC-SHA256, constant-time compare.
 * One implementation for the 2026 requestState (mrtr.c) and the OAuth
 * resource server (auth*.c). */
#include "mcp_int.h"

#include "base/base.h"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

unsigned char *mcp__b64url_decode(const char *s, size_t len, size_t *outlen)
{
    /* JWS (RFC 7515 §2) forbids padding and any other character */
    if (len % 4 == 1)
        return NULL;
    unsigned char *out = xmalloc(len / 4 * 3 + 3);
    size_t n = 0;
    uint32_t acc = 0;
    int bits = 0;
    for (size_t i = 0; i < len; i++) {
        int v = base_b64_value((unsigned char)s[i], BASE_B64_URL);
        if (v < 0) {
            free(out);
            return NULL;
        }
        acc = (acc << 6) | (uint32_t)v;
        bits += 6;
        if (bits >= 8) {
            bits -= 8;
            out[n++] = (unsigned char)(acc >> bits);
        }
    }
    /* the unused low bits must be zero, or two texts decode alike */
    if (bits > 0 && (acc & ((1u << bits) - 1)) != 0) {
        free(out);
        return NULL;
    }
    out[n] = '\0';
    *outlen = n;
    return out;
}

void mcp__sha256(const void *data, size_t len, unsigned char out[32])
{
    unsigned int n = 32;
    if (EVP_Digest(data, len, out, &n, EVP_sha256(), NULL) != 1)
        abort(); /* SHA-256 is always there; failing here is memory exhaustion */
}

char *mcp__b64url_encode(const void *data, size_t len)
{
    return base_b64_encode(data, len, true);
}

void mcp__hmac_sha256(const void *key, size_t keylen, const void *data, size_t len, unsigned char out[32])
{
    unsigned int n = 32;
    if (!HMAC(EVP_sha256(), key, (int)keylen, data, len, out, &n))
        abort(); /* as for mcp__sha256: only memory exhaustion fails here */
}

bool mcp__mem_equal(const void *a, const void *b, size_t len)
{
    return CRYPTO_memcmp(a, b, len) == 0;
}
