/* b64.c - base64 encoding, the one the tools (attachments) and the MCP
 * core (signed request state) share; decoding stays with each caller,
 * because each has its own strictness rules. */
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
