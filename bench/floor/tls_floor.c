/* tls_floor.c - the memory floor of the HTTP stack itself: one GET with
 * Debian's libcurl and nothing else (no JSON, no MCP), then the peak
 * resident set. bench/run.sh builds it with only libcurl
 * (cc tls_floor.c $(pkg-config --cflags --libs libcurl)) so the TLS
 * section can show how much of halopsa-mcp's memory is libcurl + OpenSSL.
 *   tls_floor URL [CA_FILE]   prints "VmHWM <KiB> RssAnon <KiB> status <code>" */
#include <curl/curl.h>
#include <stdio.h>
#include <string.h>

static size_t sink(char *p, size_t size, size_t n, void *ud)
{
    (void)p, (void)ud;
    return size * n;
}

int main(int argc, char **argv)
{
    long hwm = -1, anon = -1, status = 0;
    char line[256];
    if (argc < 2) {
        fprintf(stderr, "usage: tls_floor URL [CA_FILE]\n");
        return 2;
    }
    if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK)
        return 1;
    CURL *h = curl_easy_init();
    if (!h)
        return 1;
    curl_easy_setopt(h, CURLOPT_URL, argv[1]);
    if (argc > 2)
        curl_easy_setopt(h, CURLOPT_CAINFO, argv[2]);
    curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, sink);
    if (curl_easy_perform(h) == CURLE_OK)
        curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &status);
    FILE *f = fopen("/proc/self/status", "r");
    while (f && fgets(line, sizeof line, f)) {
        if (strncmp(line, "VmHWM:", 6) == 0)
            sscanf(line + 6, "%ld", &hwm);
        else if (strncmp(line, "RssAnon:", 8) == 0)
            sscanf(line + 8, "%ld", &anon);
    }
    if (f)
        fclose(f);
    printf("VmHWM %ld RssAnon %ld status %ld\n", hwm, anon, status);
    curl_easy_cleanup(h);
    curl_global_cleanup();
    return status ? 0 : 1;
}
