/* auth_tokens.c - bearer tokens from a file ("NAME TOKEN [SCOPE...]" per
 * line), kept only as SHA-256 digests and compared in constant time. */
#include "auth_int.h"

#include "base/base.h"

#include <openssl/crypto.h>

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define MIN_TOKEN_LEN 16
#define MAX_TOKENS 10000

struct entry {
    unsigned char digest[32];
    struct mcp_principal who;
};

struct mcp__tokens {
    struct entry *v;
    size_t n;
};

static int hex_digit(int c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    c = tolower(c);
    return c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

static int parse_hex(const char *s, unsigned char out[32])
{
    if (strlen(s) != 64)
        return -1;
    for (size_t i = 0; i < 32; i++) {
        int hi = hex_digit((unsigned char)s[2 * i]), lo = hex_digit((unsigned char)s[2 * i + 1]);
        if (hi < 0 || lo < 0)
            return -1;
        out[i] = (unsigned char)(hi << 4 | lo);
    }
    return 0;
}

/* One line's fields into e; 0, 1 for a blank or comment line, or -1 with
 * err. The secret is wiped from line. */
static int parse_line(char *line, struct entry *e, char *err, size_t errlen)
{
    char *save = NULL;
    char *name = strtok_r(line, " \t\r\n", &save);
    if (!name || name[0] == '#')
        return 1;
    char *token = strtok_r(NULL, " \t\r\n", &save);
    int rc = -1;
    if (!token) {
        snprintf(err, errlen, "'%.60s' has no token (the form is NAME TOKEN [read] [write])", name);
        return -1;
    }
    if (strlen(name) >= sizeof e->who.name) {
        snprintf(err, errlen, "the name '%.40s...' is longer than %zu characters", name,
                 sizeof e->who.name - 1);
        goto out;
    }
    snprintf(e->who.name, sizeof e->who.name, "%s", name);
    if (strncmp(token, "sha256:", 7) == 0) {
        if (parse_hex(token + 7, e->digest) != 0) {
            snprintf(err, errlen, "%s: sha256: must be followed by 64 hex digits", name);
            goto out;
        }
    } else if (strlen(token) < MIN_TOKEN_LEN) {
        snprintf(err, errlen, "%s: the token is shorter than %d characters (use e.g. "
                              "openssl rand -hex 32)", name, MIN_TOKEN_LEN);
        goto out;
    } else {
        mcp__sha256(token, strlen(token), e->digest);
    }
    e->who.rights = 0;
    for (char *s; (s = strtok_r(NULL, " \t\r\n", &save));) {
        if (strcmp(s, "read") == 0)
            e->who.rights |= MCP_RIGHT_READ;
        else if (strcmp(s, "write") == 0)
            e->who.rights |= MCP_RIGHTS_ALL; /* a writer looks things up too */
        else {
            snprintf(err, errlen, "%s: unknown scope '%.40s' (read or write)", name, s);
            goto out;
        }
    }
    if (!e->who.rights)
        e->who.rights = MCP_RIGHT_READ;
    rc = 0;
out:
    OPENSSL_cleanse(token, strlen(token));
    return rc;
}

struct mcp__tokens *mcp__tokens_load(const char *path, char *err, size_t errlen)
{
    struct stat st;
    FILE *f = fopen(path, "re");
    if (!f) {
        snprintf(err, errlen, "cannot read the token file %s: %s", path, strerror(errno));
        return NULL;
    }
    if (fstat(fileno(f), &st) == 0 && (st.st_mode & 0077))
        log_warn("mcp: auth: %s can be read by other users (chmod 600 it, or store sha256: "
                 "digests instead of tokens)", path);
    struct mcp__tokens *t = xcalloc(1, sizeof *t);
    char *line = NULL;
    size_t cap = 0;
    int lineno = 0;
    while (getline(&line, &cap, f) >= 0) {
        struct entry e;
        char why[200];
        lineno++;
        memset(&e, 0, sizeof e);
        int rc = parse_line(line, &e, why, sizeof why);
        if (rc < 0) {
            snprintf(err, errlen, "%s line %d: %s", path, lineno, why);
            goto fail;
        }
        if (rc > 0)
            continue;
        for (size_t i = 0; i < t->n; i++) {
            if (strcmp(t->v[i].who.name, e.who.name) == 0) {
                snprintf(err, errlen, "%s line %d: the name %s is used twice", path, lineno,
                         e.who.name);
                goto fail;
            }
            if (CRYPTO_memcmp(t->v[i].digest, e.digest, 32) == 0) {
                snprintf(err, errlen, "%s line %d: %s has the same token as %s", path, lineno,
                         e.who.name, t->v[i].who.name);
                goto fail;
            }
        }
        if (t->n == MAX_TOKENS) {
            snprintf(err, errlen, "%s: more than %d tokens", path, MAX_TOKENS);
            goto fail;
        }
        t->v = xrealloc(t->v, (t->n + 1) * sizeof *t->v);
        t->v[t->n++] = e;
    }
    if (ferror(f)) {
        snprintf(err, errlen, "cannot read the token file %s: %s", path, strerror(errno));
        goto fail;
    }
    if (t->n == 0) {
        snprintf(err, errlen, "the token file %s holds no token (lines are NAME TOKEN [read] "
                              "[write])", path);
        goto fail;
    }
    if (line)
        OPENSSL_cleanse(line, cap);
    free(line);
    fclose(f);
    return t;
fail:
    if (line)
        OPENSSL_cleanse(line, cap);
    free(line);
    fclose(f);
    mcp__tokens_free(t);
    return NULL;
}

void mcp__tokens_free(struct mcp__tokens *t)
{
    if (!t)
        return;
    free(t->v);
    free(t);
}

size_t mcp__tokens_count(const struct mcp__tokens *t) { return t ? t->n : 0; }

bool mcp__tokens_match(const struct mcp__tokens *t, const char *token, size_t len,
                       struct mcp_principal *who)
{
    unsigned char d[32];
    const struct entry *found = NULL;
    mcp__sha256(token, len, d);
    /* every entry is compared, so the time says nothing about which (if
     * any) matched; digests make the comparison independent of the
     * token's bytes */
    for (size_t i = 0; i < t->n; i++) {
        bool eq = CRYPTO_memcmp(t->v[i].digest, d, 32) == 0;
        found = eq ? &t->v[i] : found;
    }
    if (found)
        *who = found->who;
    return found != NULL;
}
