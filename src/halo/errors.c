/* errors.c - HaloPSA's own error text out of every body shape it uses, the
 * transport errors in words, and the one-line error format. */
#include "halo_int.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

int halo__err(struct halo_error *e, enum halo_err_kind kind, int status, const char *method,
              const char *path, const char *fmt, ...)
{
    if (!e)
        return -1;
    e->kind = kind;
    e->status = status;
    snprintf(e->method, sizeof e->method, "%s", method ? method : "");
    size_t plen = path ? strcspn(path, "?") : 0;
    if (plen >= sizeof e->path)
        plen = sizeof e->path - 1;
    memcpy(e->path, path ? path : "", plen);
    e->path[plen] = '\0';
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(e->message, sizeof e->message, fmt, ap);
    va_end(ap);
    log_redact(e->message);
    e->applied = HALO_APPLIED_NO;
    e->outcome[0] = '\0';
    return -1;
}

void halo__outcome(struct halo_error *e, enum halo_applied applied, const char *fmt, ...)
{
    if (!e)
        return;
    e->applied = applied;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(e->outcome, sizeof e->outcome, fmt, ap);
    va_end(ap);
    log_redact(e->outcome);
}

int halo__err_budget(struct halo_error *e, int status, const char *method, const char *path,
                     int64_t retry_ms, const char *why)
{
    int64_t s = (retry_ms + 999) / 1000;
    if (s < 1)
        s = 1;
    halo__err(e, HALO_E_RATELIMIT, status, method, path, "HaloPSA budget spent: retry in %lld s (%s)",
              (long long)s, why);
    if (e)
        e->retry_after_s = s > INT32_MAX ? INT32_MAX : (int)s;
    return -1;
}

/* A static phrase for status, used when the body says nothing. */
static const char *reason(long status)
{
    switch (status) {
    case 400: return "Bad Request";
    case 401: return "Unauthorized (the access token was refused)";
    case 403: return "Forbidden (the API application's agent or scope lacks permission for this)";
    case 404: return "Not Found (no such record or endpoint)";
    case 405: return "Method Not Allowed";
    case 409: return "Conflict";
    case 413: return "Payload Too Large";
    case 429: return "Too Many Requests";
    case 500: return "Internal Server Error";
    case 502: return "Bad Gateway";
    case 503: return "Service Unavailable";
    case 504: return "Gateway Timeout";
    default: return status >= 500 ? "server error" : "request refused";
    }
}

/* Appends text to out with a separator, collapsing whitespace runs. */
static void add(char *out, size_t outlen, const char *sep, const char *text)
{
    size_t n = strlen(out);
    if (!text || !*text || n + 1 >= outlen)
        return;
    if (n && sep)
        n += (size_t)snprintf(out + n, outlen - n, "%s", sep);
    bool space = false;
    for (const char *p = text; *p && n + 1 < outlen; p++) {
        if (isspace((unsigned char)*p)) {
            space = true;
            continue;
        }
        if (space && n && out[n - 1] != ' ')
            out[n++] = ' ';
        space = false;
        out[n++] = *p;
    }
    if (n >= outlen)
        n = outlen - 1;
    out[n] = '\0';
}

/* Borrowed text of o's non-empty string member key, any case, or NULL. */
static const char *str_ci(json_t *o, const char *key)
{
    const char *k;
    json_t *v;
    json_object_foreach(o, k, v) {
        if (strcasecmp(k, key) == 0 && json_is_string(v) && *json_string_value(v))
            return json_string_value(v);
    }
    return NULL;
}

/* Text of a value in a field-keyed error object: a string, or the strings
 * of an array (ASP.NET lists several messages per field). */
static void field_text(json_t *v, char *tmp, size_t tmplen)
{
    tmp[0] = '\0';
    if (json_is_string(v)) {
        add(tmp, tmplen, NULL, json_string_value(v));
    } else if (json_is_array(v)) {
        size_t i;
        json_t *x;
        json_array_foreach(v, i, x) {
            if (json_is_string(x))
                add(tmp, tmplen, " ", json_string_value(x));
        }
    }
}

static void from_json(json_t *j, char *out, size_t outlen);

static void from_object(json_t *o, char *out, size_t outlen)
{
    const char *m;
    /* .NET exceptions {"ClassName","Message"}, {"message"}, {"Message"}. */
    if ((m = str_ci(o, "Message")) != NULL) {
        add(out, outlen, NULL, m);
        const char *inner = NULL;
        json_t *ie = json_object_get(o, "InnerException");
        if (json_is_object(ie))
            inner = str_ci(ie, "Message");
        if (inner && strcmp(inner, m) != 0)
            add(out, outlen, ": ", inner);
        return;
    }
    /* {resultCode, errorMessage} (HaloAPI's formatter). */
    if ((m = str_ci(o, "errorMessage")) != NULL) {
        add(out, outlen, NULL, m);
        return;
    }
    /* OAuth {"error","error_description"}, or {"error":"text"}. */
    const char *e = str_ci(o, "error"), *d = str_ci(o, "error_description");
    if (e || d) {
        add(out, outlen, NULL, e);
        add(out, outlen, ": ", d);
        return;
    }
    json_t *ev = json_object_get(o, "error");
    if (json_is_object(ev)) {
        from_object(ev, out, outlen);
        if (*out)
            return;
    }
    /* ASP.NET validation problem details {"title", "errors": {field: [..]}}. */
    json_t *errs = json_object_get(o, "errors");
    const char *title = str_ci(o, "title");
    if (json_is_object(errs) || json_is_array(errs)) {
        char inner[512] = "";
        from_json(errs, inner, sizeof inner);
        if (*inner) {
            add(out, outlen, NULL, inner);
            return;
        }
    }
    if (title) {
        add(out, outlen, NULL, title);
        return;
    }
    /* Field-keyed {"[0].id": "...", "client_id": "..."}: join them. */
    const char *k;
    json_t *v;
    json_object_foreach(o, k, v) {
        char tmp[512];
        field_text(v, tmp, sizeof tmp);
        if (!*tmp)
            continue;
        char item[768];
        snprintf(item, sizeof item, "%s: %s", k, tmp);
        add(out, outlen, "; ", item);
    }
}

static void from_json(json_t *j, char *out, size_t outlen)
{
    if (json_is_string(j)) {
        add(out, outlen, NULL, json_string_value(j));
    } else if (json_is_object(j)) {
        from_object(j, out, outlen);
    } else if (json_is_array(j)) {
        size_t i;
        json_t *x;
        json_array_foreach(j, i, x) {
            char tmp[512] = "";
            from_json(x, tmp, sizeof tmp);
            add(out, outlen, "; ", tmp);
        }
    }
}

/* Plain text or an HTML error page (IIS, a proxy): the <title> or the text
 * without tags, shortened. */
static void from_text(const char *body, size_t len, char *out, size_t outlen)
{
    char *t = xstrndup(body, len > 4096 ? 4096 : len);
    char *title = strcasestr(t, "<title>");
    if (title) {
        title += 7;
        char *end = strcasestr(title, "</title>");
        if (end)
            *end = '\0';
        add(out, outlen, NULL, title);
    } else {
        size_t w = 0;
        bool tag = false;
        for (size_t i = 0; t[i]; i++) {
            if (t[i] == '<')
                tag = true;
            else if (t[i] == '>' && tag)
                tag = false, t[w++] = ' ';
            else if (!tag)
                t[w++] = t[i];
        }
        t[w] = '\0';
        add(out, outlen, NULL, t);
    }
    free(t);
    /* Long pages help nobody in a one-line error. */
    if (strlen(out) > 300 && outlen > 304)
        strcpy(out + 297, "...");
}

void halo__body_message(long status, const char *body, size_t len, char *out, size_t outlen)
{
    out[0] = '\0';
    if (body && len) {
        /* Redacted before anything reads it as well as after: stripping
         * tags or decoding escapes could change an echoed secret into a
         * form that no longer matches. */
        char *copy = xstrndup(body, len);
        log_redact(copy);
        len = strlen(copy);
        json_error_t je;
        json_t *j = json_loadb(copy, len, JSON_DECODE_ANY, &je);
        if (j) {
            from_json(j, out, outlen);
            json_decref(j);
        } else {
            from_text(copy, len, out, outlen);
        }
        free(copy);
    }
    if (!*out)
        snprintf(out, outlen, "%s", reason(status));
    log_redact(out);
}

void halo__transport_message(const struct halo_resp *r, const char *url, char *out, size_t outlen)
{
    /* The host only: the URL's query could carry search text. */
    char host[256] = "";
    const char *h = strstr(url, "://");
    h = h ? h + 3 : url;
    size_t n = strcspn(h, "/?#");
    /* Never a user:password@ (config refuses them; this is the backstop). */
    for (size_t i = n; i > 0; i--) {
        if (h[i - 1] == '@') {
            h += i, n -= i;
            break;
        }
    }
    snprintf(host, sizeof host, "%.*s", (int)(n < 255 ? n : 255), h);
    const char *detail = r->errbuf[0] ? r->errbuf : curl_easy_strerror(r->cc);
    switch (r->cc) {
    case CURLE_COULDNT_RESOLVE_HOST:
        snprintf(out, outlen, "could not resolve host %s (check HALOPSA_TENANT / HALOPSA_BASE_URL): %s",
                 host, detail);
        break;
    case CURLE_COULDNT_CONNECT:
        snprintf(out, outlen, "could not connect to %s: %s", host, detail);
        break;
    case CURLE_OPERATION_TIMEDOUT:
        snprintf(out, outlen, "no answer from %s in time: %s", host, detail);
        break;
    case CURLE_PEER_FAILED_VERIFICATION:
    case CURLE_SSL_CONNECT_ERROR:
    case CURLE_SSL_CACERT_BADFILE:
    case CURLE_SSL_CERTPROBLEM:
        snprintf(out, outlen,
                 "TLS with %s failed (a HaloPSA behind a private CA needs HALOPSA_CA_FILE): %s",
                 host, detail);
        break;
    case CURLE_WRITE_ERROR:
        if (r->too_large) {
            snprintf(out, outlen, "the reply from %s was larger than %u MiB; ask for fewer rows",
                     host, HALO_MAX_RESPONSE / (1024 * 1024));
            break;
        }
        /* fall through */
    default:
        snprintf(out, outlen, "connection to %s failed: %s", host, detail);
        break;
    }
    log_redact(out);
}

const char *halo_error_format(const struct halo_error *e, char *out, size_t outlen)
{
    if (!out || !outlen)
        return out;
    if (!e) {
        snprintf(out, outlen, "unknown error");
    } else if (e->status > 0) {
        snprintf(out, outlen, "HaloPSA %d on %s %s: %s%s%s", e->status, e->method, e->path,
                 e->message, e->outcome[0] ? "; " : "", e->outcome);
    } else if (e->method[0]) {
        snprintf(out, outlen, "HaloPSA %s %s: %s%s%s", e->method, e->path, e->message,
                 e->outcome[0] ? "; " : "", e->outcome);
    } else {
        snprintf(out, outlen, "%s%s%s", e->message, e->outcome[0] ? "; " : "", e->outcome);
    }
    log_redact(out);
    return out;
}
