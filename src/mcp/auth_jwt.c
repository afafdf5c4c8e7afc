/* auth_jwt.c - the JOSE we need, on OpenSSL 3 and jansson: base64url,
 * RSA and P-256 public keys from JWKs, and verification of compact JWS
 * signatures (RS256, ES256 only). Claims are checked by auth.c.
 *
 * Why not Debian's libcjose: we only verify two algorithms, which is a
 * short, auditable path over OpenSSL (already in the process through
 * libcurl); cjose adds a dependency whose JWE code had three CVEs in
 * Debian 12 alone, builds on OpenSSL 1.0 compatibility APIs, and has no
 * algorithm allow-list, so the checks below would be ours anyway. */
#include "auth_int.h"

#include "base/base.h"

#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/ecdsa.h>
#include <openssl/evp.h>
#include <openssl/param_build.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MIN_RSA_BITS 2048

struct mcp__jwk {
    EVP_PKEY *pkey;
    char kid[128];
    char alg[16]; /* the JWK's "alg", "" when absent */
    bool is_rsa;  /* else EC P-256 */
};

/* A JWK member decoded from base64url (new), or NULL. */
static unsigned char *member(json_t *jwk, const char *name, size_t *len)
{
    const char *v = json_string_value(json_object_get(jwk, name));
    return v ? mcp__b64url_decode(v, strlen(v), len) : NULL;
}

static EVP_PKEY *from_params(const char *type, OSSL_PARAM_BLD *bld)
{
    EVP_PKEY *pkey = NULL;
    OSSL_PARAM *params = OSSL_PARAM_BLD_to_param(bld);
    EVP_PKEY_CTX *ctx = EVP_PKEY_CTX_new_from_name(NULL, type, NULL);
    if (params && ctx && EVP_PKEY_fromdata_init(ctx) == 1 &&
        EVP_PKEY_fromdata(ctx, &pkey, EVP_PKEY_PUBLIC_KEY, params) != 1)
        pkey = NULL;
    EVP_PKEY_CTX_free(ctx);
    OSSL_PARAM_free(params);
    return pkey;
}

static EVP_PKEY *rsa_key(json_t *jwk, char *err, size_t errlen)
{
    size_t nlen = 0, elen = 0;
    unsigned char *n = member(jwk, "n", &nlen), *e = member(jwk, "e", &elen);
    BIGNUM *bn = NULL, *be = NULL;
    OSSL_PARAM_BLD *bld = NULL;
    EVP_PKEY *pkey = NULL;
    if (!n || !e || nlen == 0 || elen == 0) {
        snprintf(err, errlen, "RSA key without valid n and e");
        goto out;
    }
    bn = BN_bin2bn(n, (int)nlen, NULL);
    be = BN_bin2bn(e, (int)elen, NULL);
    bld = OSSL_PARAM_BLD_new();
    if (!bn || !be || !bld || OSSL_PARAM_BLD_push_BN(bld, OSSL_PKEY_PARAM_RSA_N, bn) != 1 ||
        OSSL_PARAM_BLD_push_BN(bld, OSSL_PKEY_PARAM_RSA_E, be) != 1) {
        snprintf(err, errlen, "RSA key could not be built");
        goto out;
    }
    pkey = from_params("RSA", bld);
    if (!pkey) {
        snprintf(err, errlen, "RSA key rejected by OpenSSL");
    } else if (EVP_PKEY_get_bits(pkey) < MIN_RSA_BITS) {
        snprintf(err, errlen, "RSA key of %d bits (at least %d needed)", EVP_PKEY_get_bits(pkey),
                 MIN_RSA_BITS);
        EVP_PKEY_free(pkey);
        pkey = NULL;
    }
out:
    OSSL_PARAM_BLD_free(bld);
    BN_free(bn);
    BN_free(be);
    free(n);
    free(e);
    return pkey;
}

static EVP_PKEY *ec_key(json_t *jwk, char *err, size_t errlen)
{
    size_t xlen = 0, ylen = 0;
    const char *crv = json_string_value(json_object_get(jwk, "crv"));
    unsigned char *x = member(jwk, "x", &xlen), *y = member(jwk, "y", &ylen);
    unsigned char point[65];
    OSSL_PARAM_BLD *bld = NULL;
    EVP_PKEY *pkey = NULL;
    if (!crv || strcmp(crv, "P-256") != 0) {
        snprintf(err, errlen, "EC key on curve %s (only P-256 is accepted)", crv ? crv : "?");
        goto out;
    }
    if (!x || !y || xlen != 32 || ylen != 32) {
        snprintf(err, errlen, "P-256 key without 32-byte x and y");
        goto out;
    }
    point[0] = 0x04; /* uncompressed */
    memcpy(point + 1, x, 32);
    memcpy(point + 33, y, 32);
    bld = OSSL_PARAM_BLD_new();
    if (!bld ||
        OSSL_PARAM_BLD_push_utf8_string(bld, OSSL_PKEY_PARAM_GROUP_NAME, "prime256v1", 0) != 1 ||
        OSSL_PARAM_BLD_push_octet_string(bld, OSSL_PKEY_PARAM_PUB_KEY, point, sizeof point) != 1) {
        snprintf(err, errlen, "EC key could not be built");
        goto out;
    }
    /* fromdata checks that the point lies on the curve */
    pkey = from_params("EC", bld);
    if (!pkey)
        snprintf(err, errlen, "EC key rejected by OpenSSL (not a point on P-256)");
out:
    OSSL_PARAM_BLD_free(bld);
    free(x);
    free(y);
    return pkey;
}

struct mcp__jwk *mcp__jwk_from_json(json_t *jwk, char *err, size_t errlen)
{
    const char *kty = json_string_value(json_object_get(jwk, "kty"));
    const char *use = json_string_value(json_object_get(jwk, "use"));
    const char *kid = json_string_value(json_object_get(jwk, "kid"));
    const char *alg = json_string_value(json_object_get(jwk, "alg"));
    EVP_PKEY *pkey = NULL;
    bool rsa = false;
    if (!json_is_object(jwk) || !kty) {
        snprintf(err, errlen, "not a JWK");
        return NULL;
    }
    if (use && strcmp(use, "sig") != 0) {
        snprintf(err, errlen, "key for \"%.10s\", not signatures", use);
        return NULL;
    }
    if (strcmp(kty, "RSA") == 0) {
        rsa = true;
        pkey = rsa_key(jwk, err, errlen);
    } else if (strcmp(kty, "EC") == 0) {
        pkey = ec_key(jwk, err, errlen);
    } else {
        snprintf(err, errlen, "key type %.10s not supported", kty);
    }
    if (!pkey)
        return NULL;
    struct mcp__jwk *k = xcalloc(1, sizeof *k);
    k->pkey = pkey;
    k->is_rsa = rsa;
    snprintf(k->kid, sizeof k->kid, "%s", kid ? kid : "");
    snprintf(k->alg, sizeof k->alg, "%s", alg ? alg : "");
    return k;
}

void mcp__jwk_free(struct mcp__jwk *k)
{
    if (!k)
        return;
    EVP_PKEY_free(k->pkey);
    free(k);
}

const char *mcp__jwk_kid(const struct mcp__jwk *k) { return k->kid; }

void mcp__jws_clear(struct mcp__jws *j)
{
    json_decref(j->header);
    json_decref(j->payload);
    free(j->sig);
    memset(j, 0, sizeof *j);
}

/* A JSON object from a base64url segment (new), or NULL. */
static json_t *segment_json(const char *s, size_t len)
{
    size_t n = 0;
    unsigned char *raw = mcp__b64url_decode(s, len, &n);
    json_t *v = raw ? json_loadb((const char *)raw, n, JSON_REJECT_DUPLICATES, NULL) : NULL;
    free(raw);
    if (v && !json_is_object(v)) {
        json_decref(v);
        v = NULL;
    }
    return v;
}

int mcp__jws_parse(const char *token, size_t len, struct mcp__jws *out, char *why, size_t whylen)
{
    memset(out, 0, sizeof *out);
    const char *dot1 = memchr(token, '.', len);
    const char *dot2 = dot1 ? memchr(dot1 + 1, '.', len - (size_t)(dot1 + 1 - token)) : NULL;
    if (!dot1 || !dot2 || memchr(dot2 + 1, '.', len - (size_t)(dot2 + 1 - token))) {
        snprintf(why, whylen, "not a JWT (three dot-separated parts expected)");
        return -1;
    }
    out->header = segment_json(token, (size_t)(dot1 - token));
    out->payload = segment_json(dot1 + 1, (size_t)(dot2 - dot1 - 1));
    out->sig = mcp__b64url_decode(dot2 + 1, len - (size_t)(dot2 + 1 - token), &out->siglen);
    out->signing_input = token;
    out->signing_len = (size_t)(dot2 - token);
    if (!out->header || !out->payload || !out->sig) {
        snprintf(why, whylen, "not a JWT (a part is not base64url JSON)");
        mcp__jws_clear(out);
        return -1;
    }
    return 0;
}

/* ES256 signatures are r||s (RFC 7518 §3.4); OpenSSL verifies DER. */
static unsigned char *es256_der(const unsigned char *sig, size_t siglen, size_t *derlen)
{
    unsigned char *der = NULL;
    if (siglen != 64)
        return NULL;
    ECDSA_SIG *es = ECDSA_SIG_new();
    BIGNUM *r = BN_bin2bn(sig, 32, NULL), *s = BN_bin2bn(sig + 32, 32, NULL);
    if (!es || !r || !s || ECDSA_SIG_set0(es, r, s) != 1) {
        BN_free(r);
        BN_free(s);
        ECDSA_SIG_free(es);
        return NULL;
    }
    int n = i2d_ECDSA_SIG(es, &der);
    ECDSA_SIG_free(es);
    if (n <= 0)
        return NULL;
    *derlen = (size_t)n;
    return der;
}

int mcp__jws_verify(const struct mcp__jws *j, const char *alg, const struct mcp__jwk *key)
{
    bool es = strcmp(alg, "ES256") == 0;
    if (!es && strcmp(alg, "RS256") != 0)
        return -1;
    /* the key decides what it may verify: an RSA key never checks an
     * ES256 signature and the other way round (algorithm confusion) */
    if (es == key->is_rsa || (key->alg[0] && strcmp(key->alg, alg) != 0))
        return -1;
    const unsigned char *sig = j->sig;
    size_t siglen = j->siglen;
    unsigned char *der = NULL;
    if (es) {
        der = es256_der(j->sig, j->siglen, &siglen);
        if (!der)
            return -1;
        sig = der;
    } else if (siglen != (size_t)EVP_PKEY_get_size(key->pkey)) {
        return -1;
    }
    EVP_MD_CTX *md = EVP_MD_CTX_new();
    int ok = md && EVP_DigestVerifyInit(md, NULL, EVP_sha256(), NULL, key->pkey) == 1 &&
             EVP_DigestVerify(md, sig, siglen, (const unsigned char *)j->signing_input,
                              j->signing_len) == 1;
    EVP_MD_CTX_free(md);
    OPENSSL_free(der);
    return ok ? 0 : -1;
}
