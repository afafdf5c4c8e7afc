/* testhttp.c - one-shot HTTP requests for tests (inspecting the simulator's
 * request log, driving its fault endpoints, raw API calls). */
#include "testlib.h"

#include "base/base.h"

#include <curl/curl.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static size_t on_data(char *ptr, size_t size, size_t nmemb, void *ud)
{
    buf_append(ud, ptr, size * nmemb);
    return size * nmemb;
}

int tl_http(const char *method, const char *url, const char *body, const char *content_type,
            const char *const *headers, char **resp)
{
    return tl_http_full(method, url, body, content_type, headers, resp, NULL);
}

int tl_http_full(const char *method, const char *url, const char *body, const char *content_type,
                 const char *const *headers, char **resp, char **resp_headers)
{
    CURL *h = curl_easy_init();
    struct curl_slist *hl = NULL;
    struct buf b = {0}, hb = {0};
    long status = 0;
    if (resp)
        *resp = NULL;
    if (resp_headers)
        *resp_headers = NULL;
    if (!h)
        return 0;
    if (resp_headers) {
        curl_easy_setopt(h, CURLOPT_HEADERFUNCTION, on_data);
        curl_easy_setopt(h, CURLOPT_HEADERDATA, &hb);
    }
    curl_easy_setopt(h, CURLOPT_URL, url);
    curl_easy_setopt(h, CURLOPT_CUSTOMREQUEST, method);
    curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(h, CURLOPT_TIMEOUT_MS, 30000L);
    curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, on_data);
    curl_easy_setopt(h, CURLOPT_WRITEDATA, &b);
    if (body) {
        char *ct = xasprintf("Content-Type: %s", content_type ? content_type : "application/json");
        hl = curl_slist_append(hl, ct);
        free(ct);
        curl_easy_setopt(h, CURLOPT_POSTFIELDS, body);
        curl_easy_setopt(h, CURLOPT_POSTFIELDSIZE, (long)strlen(body));
    } else if (strcmp(method, "HEAD") == 0) {
        curl_easy_setopt(h, CURLOPT_NOBODY, 1L);
    }
    for (size_t i = 0; headers && headers[i]; i++)
        hl = curl_slist_append(hl, headers[i]);
    if (hl)
        curl_easy_setopt(h, CURLOPT_HTTPHEADER, hl);
    if (curl_easy_perform(h) == CURLE_OK)
        curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &status);
    curl_slist_free_all(hl);
    curl_easy_cleanup(h);
    if (resp)
        *resp = buf_steal(&b);
    else
        buf_free(&b);
    if (resp_headers)
        *resp_headers = buf_steal(&hb);
    return (int)status;
}

char *tl_header(const char *raw, const char *name)
{
    size_t n = strlen(name);
    for (const char *p = raw; p && *p;) {
        const char *eol = strstr(p, "\r\n");
        size_t len = eol ? (size_t)(eol - p) : strlen(p);
        if (len > n && strncasecmp(p, name, n) == 0 && p[n] == ':') {
            const char *v = p + n + 1;
            while (*v == ' ')
                v++;
            return xstrndup(v, len - (size_t)(v - p));
        }
        p = eol ? eol + 2 : NULL;
    }
    return NULL;
}
