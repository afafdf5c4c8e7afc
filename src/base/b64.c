/* b64.c - base64 encoding and the character table, which the tools
 * (attachments) and the MCP core (signed request state, JOSE, header
 * values) share; each decoder keeps its own padding and strictness rules. */
#include "base.h"

#include <stdint.h>

char *base_b64_encode(const void *data, size_t len, bool url)
{
    static const char std[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    static const char safe[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    const char *abc = url ? safe : std;
    const unsigned char *p = data;
    char *out = xmalloc((len + 2) / 3 * 4 + 1);
    size_t n = 0;
    uint32_t acc = 0;
    int bits = 0;
    for (size_t i = 0; i < len; i++) {
        acc = (acc << 8) | p[i];
        bits += 8;
        while (bits >= 6) {
            bits -= 6;
            out[n++] = abc[(acc >> bits) & 63];
        }
    }
    if (bits > 0)
        out[n++] = abc[(acc << (6 - bits)) & 63];
    while (!url && n % 4)
        out[n++] = '=';
    out[n] = '\0';
    return out;
}

int base_b64_value(unsigned char c, enum base_b64_alphabet which)
{
    if (c >= 'A' && c <= 'Z')
        return c - 'A';
    if (c >= 'a' && c <= 'z')
        return c - 'a' + 26;
    if (c >= '0' && c <= '9')
        return c - '0' + 52;
    if (which & BASE_B64_STD && (c == '+' || c == '/'))
        return c == '+' ? 62 : 63;
    if (which & BASE_B64_URL && (c == '-' || c == '_'))
        return c == '-' ? 62 : 63;
    return -1;
}
