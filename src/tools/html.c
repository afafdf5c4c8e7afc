/* html.c - HaloPSA's HTML notes (ticket details, action notes, e-mail
 * bodies) as plain text a model can read: one pass over the markup that
 * keeps paragraphs, line breaks, list items, table cells and link targets,
 * decodes entities, drops scripts, styles and comments, and collapses the
 * blanks HTML ignores. Not a validator: broken markup still gives text. */
#include "tools_int.h"

#include "base/base.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define LIST_DEPTH 8

struct out {
    struct buf b;
    int newlines;    /* line breaks at the end of b (0: mid-line) */
    bool space;      /* a blank is pending before the next word */
    int pre;         /* inside <pre>: blanks kept */
    int list[LIST_DEPTH]; /* per open list: 0 bulleted, else the next number */
    int depth;
    char *href;      /* the open link's target */
    size_t link_at;  /* where the link's text starts in b */
    bool cell;       /* a table cell was written on this row */
};

static void put_text(struct out *o, const char *s, size_t n)
{
    if (!n)
        return;
    if (o->space && o->newlines == 0 && o->b.len)
        buf_append(&o->b, " ", 1);
    o->space = false;
    buf_append(&o->b, s, n);
    o->newlines = 0;
}

/* Ends the current line; want: how many line breaks should end it (1: a
 * new line, 2: a blank line). Never more than one blank line in a row,
 * and none at the very start. */
static void breaks(struct out *o, int want)
{
    o->space = false;
    if (!o->b.len)
        return;
    while (o->newlines < want) {
        buf_append(&o->b, "\n", 1);
        o->newlines++;
    }
}

/* ------------------------------------------------------------------ */
/* Entities                                                            */

static const struct {
    const char *name;
    unsigned cp;
} entities[] = {
    {"amp", '&'},      {"lt", '<'},        {"gt", '>'},        {"quot", '"'},
    {"apos", '\''},    {"nbsp", 0xA0},     {"copy", 0xA9},     {"reg", 0xAE},
    {"trade", 0x2122}, {"hellip", 0x2026}, {"mdash", 0x2014},  {"ndash", 0x2013},
    {"lsquo", 0x2018}, {"rsquo", 0x2019},  {"ldquo", 0x201C},  {"rdquo", 0x201D},
    {"bull", 0x2022},  {"middot", 0xB7},   {"euro", 0x20AC},   {"pound", 0xA3},
    {"yen", 0xA5},     {"cent", 0xA2},     {"deg", 0xB0},      {"times", 0xD7},
    {"divide", 0xF7},  {"plusmn", 0xB1},   {"laquo", 0xAB},    {"raquo", 0xBB},
    {"sect", 0xA7},    {"para", 0xB6},     {"rarr", 0x2192},   {"larr", 0x2190},
    {"eacute", 0xE9},  {"egrave", 0xE8},   {"agrave", 0xE0},   {"aacute", 0xE1},
    {"uuml", 0xFC},    {"ouml", 0xF6},     {"auml", 0xE4},     {"szlig", 0xDF},
    {"ccedil", 0xE7},  {"ntilde", 0xF1},   {"iacute", 0xED},   {"oacute", 0xF3},
    {"uacute", 0xFA},  {"Eacute", 0xC9},   {"Uuml", 0xDC},     {"Ouml", 0xD6},
    {"Auml", 0xC4},    {"shy", 0xAD},      {"zwj", 0x200D},    {"zwnj", 0x200C},
    {"ensp", 0x2002},  {"emsp", 0x2003},   {"thinsp", 0x2009},
};

static size_t utf8_encode(unsigned cp, char *out)
{
    if (cp < 0x80) {
        out[0] = (char)cp;
        return 1;
    }
    if (cp < 0x800) {
        out[0] = (char)(0xC0 | cp >> 6);
        out[1] = (char)(0x80 | (cp & 0x3F));
        return 2;
    }
    if (cp < 0x10000) {
        out[0] = (char)(0xE0 | cp >> 12);
        out[1] = (char)(0x80 | (cp >> 6 & 0x3F));
        out[2] = (char)(0x80 | (cp & 0x3F));
        return 3;
    }
    out[0] = (char)(0xF0 | cp >> 18);
    out[1] = (char)(0x80 | (cp >> 12 & 0x3F));
    out[2] = (char)(0x80 | (cp >> 6 & 0x3F));
    out[3] = (char)(0x80 | (cp & 0x3F));
    return 4;
}

/* The entity at p ("&amp;", "&#39;", "&#x2014;") as a code point and its
 * length; 0 when p does not start one (the '&' is then literal). */
static size_t entity(const char *p, unsigned *cp)
{
    const char *semi;
    if (p[1] == '#') {
        char *end;
        bool hex = p[2] == 'x' || p[2] == 'X';
        const char *start = p + (hex ? 3 : 2);
        if (!isxdigit((unsigned char)*start))
            return 0;
        unsigned long v = strtoul(start, &end, hex ? 16 : 10);
        if (end == start || end - start > 8)
            return 0;
        /* Surrogates, NUL and beyond Unicode are not characters. */
        *cp = v == 0 || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF) ? 0xFFFD : (unsigned)v;
        return (size_t)(end - p) + (*end == ';');
    }
    semi = strchr(p, ';');
    if (!semi || semi - p > 10)
        return 0;
    for (size_t i = 0; i < sizeof entities / sizeof entities[0]; i++) {
        size_t n = strlen(entities[i].name);
        if ((size_t)(semi - p - 1) == n && strncmp(p + 1, entities[i].name, n) == 0) {
            *cp = entities[i].cp;
            return n + 2;
        }
    }
    return 0;
}

/* Text between tags: entities decoded; blanks collapsed outside <pre>. */
static void text_run(struct out *o, const char *p, size_t n)
{
    size_t i = 0;
    while (i < n) {
        unsigned char ch = (unsigned char)p[i];
        if (ch == '&') {
            unsigned cp;
            size_t len = entity(p + i, &cp);
            if (len && i + len <= n) {
                char u[4];
                if (cp == 0xA0 && !o->pre) {
                    /* Editors pad with no-break spaces: a blank like any. */
                    if (o->newlines == 0 && o->b.len)
                        o->space = true;
                } else
                    put_text(o, u, utf8_encode(cp, u));
                i += len;
                continue;
            }
        }
        if (!o->pre && isspace(ch)) {
            if (o->newlines == 0 && o->b.len)
                o->space = true;
            i++;
            continue;
        }
        if (o->pre && ch == '\n') {
            buf_append(&o->b, "\n", 1);
            o->newlines++;
            i++;
            continue;
        }
        size_t j = i + 1;
        while (j < n && p[j] != '&' && (o->pre ? p[j] != '\n' : !isspace((unsigned char)p[j])))
            j++;
        put_text(o, p + i, j - i);
        i = j;
    }
}

/* ------------------------------------------------------------------ */
/* Tags                                                                */

/* The value of attribute name in a tag's text (tag[0..n)), decoded of
 * its simplest entities. New string or NULL. */
static char *attribute(const char *tag, size_t n, const char *name)
{
    size_t nl = strlen(name);
    for (size_t i = 0; i + nl < n; i++) {
        if (strncasecmp(tag + i, name, nl) != 0 || !isspace((unsigned char)tag[i - (i > 0)]))
            continue;
        size_t j = i + nl;
        while (j < n && isspace((unsigned char)tag[j]))
            j++;
        if (j >= n || tag[j] != '=')
            continue;
        j++;
        while (j < n && isspace((unsigned char)tag[j]))
            j++;
        char q = j < n && (tag[j] == '"' || tag[j] == '\'') ? tag[j++] : 0;
        size_t k = j;
        while (k < n && (q ? tag[k] != q : !isspace((unsigned char)tag[k]) && tag[k] != '>'))
            k++;
        struct buf v = {0};
        buf_appends(&v, "");
        for (size_t m = j; m < k; m++) {
            unsigned cp;
            size_t len = tag[m] == '&' ? entity(tag + m, &cp) : 0;
            if (len && cp < 0x80) {
                char c = (char)cp;
                buf_append(&v, &c, 1);
                m += len - 1;
            } else {
                buf_append(&v, tag + m, 1);
            }
        }
        return buf_steal(&v);
    }
    return NULL;
}

static bool is(const char *name, size_t n, const char *want)
{
    return strlen(want) == n && strncasecmp(name, want, n) == 0;
}

static bool block(const char *name, size_t n)
{
    static const char *const blocks[] = {
        "div", "section", "article", "header", "footer", "main", "nav", "aside", "address",
        "table", "thead", "tbody", "tfoot", "form", "fieldset", "figure", "figcaption", "dl",
        "dt", "dd", "center", NULL,
    };
    for (size_t i = 0; blocks[i]; i++) {
        if (is(name, n, blocks[i]))
            return true;
    }
    return false;
}

/* Closes a link: "text (url)" unless the text already says the url. */
static void end_link(struct out *o)
{
    if (!o->href)
        return;
    const char *url = o->href;
    if (strncasecmp(url, "mailto:", 7) == 0)
        url += 7;
    size_t shown = o->b.len > o->link_at ? o->b.len - o->link_at : 0;
    bool said = shown && strstr(o->b.data + o->link_at, url);
    if (*url && url[0] != '#' && strncasecmp(url, "javascript:", 11) != 0 && !said) {
        char *s = shown ? xasprintf("(%s)", url) : xstrdup(url);
        if (shown)
            o->space = true;
        put_text(o, s, strlen(s));
        free(s);
    }
    free(o->href);
    o->href = NULL;
}

static void list_item(struct out *o)
{
    char mark[16];
    breaks(o, 1);
    int d = o->depth > 0 ? o->depth - 1 : 0;
    for (int i = 0; i < d && i < LIST_DEPTH; i++)
        buf_appends(&o->b, "  ");
    if (o->depth > 0 && o->depth <= LIST_DEPTH && o->list[o->depth - 1] > 0)
        snprintf(mark, sizeof mark, "%d. ", o->list[o->depth - 1]++);
    else
        snprintf(mark, sizeof mark, "- ");
    buf_appends(&o->b, mark);
    o->newlines = 0;
    o->space = false;
}

/* One tag (tag[0..n) without the angle brackets). */
static void on_tag(struct out *o, const char *tag, size_t n)
{
    bool closing = n && tag[0] == '/';
    const char *name = tag + closing;
    size_t len = 0;
    while (closing + len < n && (isalnum((unsigned char)name[len])))
        len++;
    if (is(name, len, "br")) {
        breaks(o, o->newlines + 1 > 2 ? 2 : o->newlines + 1);
    } else if (is(name, len, "p") || (len == 2 && tolower((unsigned char)name[0]) == 'h' &&
                                      name[1] >= '1' && name[1] <= '6') ||
               is(name, len, "blockquote")) {
        breaks(o, 2);
    } else if (is(name, len, "pre")) {
        breaks(o, 2);
        o->pre += closing ? (o->pre > 0 ? -1 : 0) : 1;
    } else if (is(name, len, "ul") || is(name, len, "ol")) {
        if (closing) {
            if (o->depth > 0)
                o->depth--;
            if (o->depth == 0)
                breaks(o, 2);
            else
                breaks(o, 1);
        } else {
            breaks(o, o->depth ? 1 : 2);
            if (o->depth < LIST_DEPTH) {
                char *start = attribute(tag, n, "start");
                o->list[o->depth] = is(name, len, "ol") ? (start ? atoi(start) : 1) : 0;
                if (o->list[o->depth] < 0)
                    o->list[o->depth] = 1;
                free(start);
            }
            o->depth++;
        }
    } else if (is(name, len, "li")) {
        if (!closing)
            list_item(o);
    } else if (is(name, len, "tr")) {
        breaks(o, 1);
        o->cell = false;
    } else if (is(name, len, "td") || is(name, len, "th")) {
        if (!closing) {
            if (o->cell) {
                o->space = false;
                put_text(o, " |", 2);
            }
            o->space = o->cell;
            o->cell = true;
        }
    } else if (is(name, len, "hr")) {
        breaks(o, 1);
        put_text(o, "---", 3);
        breaks(o, 1);
    } else if (is(name, len, "a")) {
        if (closing) {
            end_link(o);
        } else {
            end_link(o);
            o->href = attribute(tag, n, "href");
            o->link_at = o->b.len;
        }
    } else if (is(name, len, "img") && !closing) {
        char *alt = attribute(tag, n, "alt");
        if (alt && *alt) {
            char *s = xasprintf("[image: %s]", alt);
            put_text(o, s, strlen(s));
            free(s);
        }
        free(alt);
    } else if (block(name, len)) {
        breaks(o, 1);
    }
}

/* Length of the element whose content is skipped (script, style, head,
 * title) from p just after its opening tag, up to after its end tag. */
static size_t skip_element(const char *p, const char *name)
{
    size_t nl = strlen(name);
    for (const char *q = p; (q = strchr(q, '<')); q++) {
        if (q[1] == '/' && strncasecmp(q + 2, name, nl) == 0) {
            const char *gt = strchr(q, '>');
            return gt ? (size_t)(gt + 1 - p) : strlen(p);
        }
    }
    return strlen(p);
}

bool tools__looks_html(const char *s)
{
    for (const char *p = s ? strchr(s, '<') : NULL; p; p = strchr(p + 1, '<')) {
        if (isalpha((unsigned char)p[1]) || (p[1] == '/' && isalpha((unsigned char)p[2])) ||
            p[1] == '!')
            return true;
    }
    for (const char *p = s ? strchr(s, '&') : NULL; p; p = strchr(p + 1, '&')) {
        unsigned cp;
        if (entity(p, &cp))
            return true;
    }
    return false;
}

char *tools__html_text(const char *html)
{
    struct out o = {.newlines = 0};
    const char *p = html ? html : "";
    buf_appends(&o.b, "");
    while (*p) {
        const char *lt = strchr(p, '<');
        if (!lt) {
            text_run(&o, p, strlen(p));
            break;
        }
        text_run(&o, p, (size_t)(lt - p));
        if (strncmp(lt, "<!--", 4) == 0) {
            const char *end = strstr(lt + 4, "-->");
            p = end ? end + 3 : lt + strlen(lt);
            continue;
        }
        /* "<" not starting a tag is text ("a < b"). */
        if (!(isalpha((unsigned char)lt[1]) || lt[1] == '/' || lt[1] == '!' || lt[1] == '?')) {
            text_run(&o, "<", 1);
            p = lt + 1;
            continue;
        }
        /* The tag ends at the first '>' outside quotes. */
        const char *q = lt + 1;
        char quote = 0;
        for (; *q && (quote || *q != '>'); q++) {
            if (quote && *q == quote)
                quote = 0;
            else if (!quote && (*q == '"' || *q == '\'') && q > lt + 1 && q[-1] == '=')
                quote = *q;
        }
        size_t n = (size_t)(q - lt - 1);
        const char *tag = lt + 1;
        while (n && (tag[n - 1] == '/' || isspace((unsigned char)tag[n - 1])))
            n--;
        on_tag(&o, tag, n);
        p = *q ? q + 1 : q;
        static const char *const skipped[] = {"script", "style", "head", "title", NULL};
        for (size_t i = 0; skipped[i] && tag[0] != '/'; i++) {
            size_t sl = strlen(skipped[i]);
            if (n >= sl && strncasecmp(tag, skipped[i], sl) == 0 &&
                (n == sl || !isalnum((unsigned char)tag[sl]))) {
                p += skip_element(p, skipped[i]);
                break;
            }
        }
    }
    end_link(&o);
    /* Trim the blank lines and spaces at the end. */
    while (o.b.len && isspace((unsigned char)o.b.data[o.b.len - 1]))
        o.b.data[--o.b.len] = '\0';
    /* And blanks before each line break. */
    char *s = buf_steal(&o.b), *w = s;
    for (const char *r = s; *r; r++) {
        if (*r == '\n') {
            while (w > s && w[-1] == ' ')
                w--;
        }
        *w++ = *r;
    }
    *w = '\0';
    return s;
}
