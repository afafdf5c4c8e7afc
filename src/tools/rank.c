/* rank.c - ranks tools against a request in a technician's words ("log
 * two hours on 1042"): words are lower-cased, stemmed lightly and widened
 * by a synonyms table (data below); each word found in a field of a tool
 * adds that field's weight times the word's rarity over the catalogue, so
 * words every tool has ("list", "ticket") count less as the catalogue
 * grows, and a tool that matches more of the request's words wins. */
#include "rank_int.h"

#include "base/base.h"

#include <ctype.h>
#include <math.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

/* ------------------------------------------------------------------ */
/* Data: weights, stop words, synonyms                                 */

/* A match in a tool's name says most about it, one in the long
 * description least. */
static const double field_weight[TOOLS__NFIELDS] = {
    [TOOLS__F_NAME] = 3.0,        [TOOLS__F_TITLE] = 2.0,       [TOOLS__F_ARGS] = 1.5,
    [TOOLS__F_DOMAIN] = 1.5,      [TOOLS__F_DESCRIPTION] = 1.0, [TOOLS__F_ARG_TEXT] = 0.5,
};

/* A word a synonym stands in for counts this much of the word itself. */
#define SYNONYM_WEIGHT 0.6

/* Words that say nothing about which tool is meant. */
static const char *const stop_words[] = {
    "a", "an", "the", "on", "at", "to", "for", "of", "in", "is", "are", "be", "was", "were",
    "do", "does", "did", "have", "has", "had", "there", "this", "that", "these", "those",
    "it", "its", "and", "or", "with", "from", "by", "please", "can", "could", "would", "you",
    "we", "our", "us", "about", "into", "up", "out", "some", "halopsa", "one", "two", "three",
    "four", "five", "six", "ten", "half", "how", "many", "much", "should", "will", "just",
    "need", "want", "let", "i", "him", "her", "them", "they", "he", "she", "s", "so", "then",
    "if", "as", "not", "no", "yes", "also", "again", "today", "now", "via", "using", "use",
    NULL,
};

/* The words technicians use, and the words the tools use for the same
 * thing: "word: what it also means". Both sides are stemmed like every
 * other word, so plurals and verb forms need no entries. */
static const char *const synonyms[][2] = {
    /* records */
    {"customer", "client"},
    {"company", "client"},
    {"account", "client"},
    {"organisation", "client"},
    {"organization", "client"},
    {"org", "client"},
    {"contact", "user contact"},
    {"person", "user contact"},
    {"people", "user contact"},
    {"enduser", "user"},
    {"requester", "user"},
    {"caller", "user"},
    {"who", "user contact agent"},
    {"technician", "agent"},
    {"tech", "agent"},
    {"engineer", "agent"},
    {"staff", "agent"},
    {"colleague", "agent"},
    {"me", "agent me"},
    {"my", "agent me"},
    {"mine", "agent me"},
    {"group", "team"},
    {"note", "action note"},
    {"comment", "action note"},
    {"reply", "action email"},
    {"email", "action email"},
    {"mail", "action email"},
    {"incident", "ticket"},
    {"request", "ticket"},
    {"issue", "ticket"},
    {"problem", "ticket"},
    {"case", "ticket"},
    {"job", "ticket"},
    {"laptop", "asset device"},
    {"computer", "asset device"},
    {"pc", "asset device"},
    {"device", "asset"},
    {"machine", "asset device"},
    {"server", "asset device"},
    {"printer", "asset device"},
    {"desktop", "asset device"},
    {"workstation", "asset device"},
    {"hardware", "asset device"},
    {"equipment", "asset device"},
    {"firewall", "asset device"},
    {"switch", "asset device"},
    {"router", "asset device"},
    {"bill", "invoice"},
    {"billing", "invoice"},
    {"article", "kb article"},
    {"knowledge", "kb article"},
    {"knowledgebase", "kb article"},
    {"howto", "kb article"},
    {"guide", "kb article"},
    {"solution", "kb article"},
    {"faq", "kb article"},
    {"state", "status"},
    {"stage", "status"},
    {"urgency", "priority"},
    {"urgent", "priority"},
    {"sla", "priority sla"},
    {"agreement", "contract"},
    {"meeting", "appointment"},
    {"visit", "appointment"},
    {"calendar", "appointment"},
    {"schedule", "appointment"},
    {"diary", "appointment"},
    {"task", "project task"},
    {"quotation", "quote"},
    {"estimate", "quote"},
    {"lead", "opportunity"},
    {"deal", "opportunity"},
    {"prospect", "opportunity"},
    {"order", "salesorder"},
    {"sales", "salesorder quote opportunity"},
    {"recurring", "recurringinvoice"},
    {"subscription", "recurringinvoice"},
    {"product", "item"},
    {"stock", "item"},
    {"part", "item"},
    {"vendor", "supplier"},
    {"approve", "approval"},
    {"approver", "approval"},
    {"reject", "approval"},
    {"signoff", "approval"},
    {"file", "attachment"},
    {"upload", "attachment"},
    {"screenshot", "attachment"},
    {"document", "attachment"},
    {"sql", "report"},
    {"statistic", "report"},
    {"stats", "report"},
    {"location", "site"},
    {"office", "site"},
    {"branch", "site"},
    {"address", "site"},
    {"workflow", "workflow flow"},
    /* time */
    {"log", "time create add"},
    {"hour", "time timetaken minute"},
    {"minute", "time timetaken"},
    {"spent", "time timetaken"},
    {"spend", "time timetaken"},
    {"worked", "time timetaken"},
    {"timesheet", "time agent"},
    {"timer", "time"},
    {"yesterday", "date time"},
    {"week", "date"},
    {"month", "date"},
    /* what is done */
    {"new", "create"},
    {"open", "create"},
    {"raise", "create"},
    {"add", "create"},
    {"make", "create"},
    {"register", "create"},
    {"change", "update"},
    {"edit", "update"},
    {"set", "update"},
    {"modify", "update"},
    {"move", "update"},
    {"rename", "update"},
    {"reassign", "update assign agent"},
    {"assign", "update agent team"},
    {"remove", "delete"},
    {"erase", "delete"},
    {"drop", "delete"},
    {"show", "get"},
    {"view", "get"},
    {"read", "get"},
    {"detail", "get"},
    {"fetch", "get"},
    {"display", "get"},
    {"find", "search list"},
    {"look", "search get"},
    {"lookup", "search"},
    {"which", "list"},
    {"what", "list get"},
    {"all", "list"},
    {"every", "list"},
    {"close", "close status resolve"},
    {"resolve", "close status"},
    {"finish", "close status"},
    {"complete", "close status"},
    {"done", "close status"},
    /* a number names a record, most often a ticket ("on 1042") */
    {"#num", "id ticket"},
};
#define NSYN (sizeof synonyms / sizeof synonyms[0])

/* What a request asks to do: "word: the verbs of the tools that do it".
 * A tool that does what was asked counts more, one that does something
 * else less; a request without such a word leaves every tool as it is. */
static const char *const intents[][2] = {
    {"create", "create"},   {"new", "create"},        {"add", "create"},
    {"log", "create"},      {"raise", "create"},      {"make", "create"},
    {"register", "create"}, {"book", "create"},       {"upload", "create"},
    {"update", "update"},   {"change", "update"},     {"edit", "update"},
    {"set", "update"},      {"modify", "update"},     {"move", "update"},
    {"rename", "update"},   {"assign", "update"},     {"reassign", "update"},
    {"close", "update"},    {"resolve", "update"},    {"mark", "update"},
    {"approve", "update"},  {"reject", "update"},     {"delete", "delete"},
    {"remove", "delete"},   {"erase", "delete"},      {"drop", "delete"},
    {"get", "get"},         {"view", "get"},          {"read", "get"},
    {"detail", "get"},      {"fetch", "get"},         {"display", "get"},
    {"show", "get list"},   {"list", "list"},         {"find", "list get"},
    {"search", "list"},     {"which", "list"},        {"what", "list get"},
    {"who", "list get"},    {"all", "list"},          {"every", "list"},
    {"look", "list get"},   {"lookup", "list get"},   {"any", "list"},
};
#define NINTENT (sizeof intents / sizeof intents[0])
/* Request words that only say what to do: matched as intents and through
 * their synonyms, never as themselves ("new" is not "new_status"). */
static const char *const intent_only[] = {"new", "what", "which", "who", "all", "any", "every",
                                          NULL};
/* How much doing (or not doing) what was asked weighs. */
#define INTENT_MATCH 1.6
#define INTENT_OTHER 0.75

/* ------------------------------------------------------------------ */
/* Words                                                               */

static bool is_word_char(unsigned char c)
{
    return isalnum(c) || c >= 0x80;
}

static bool ends_with(const char *w, size_t n, const char *suffix)
{
    size_t k = strlen(suffix);
    return n >= k && memcmp(w + n - k, suffix, k) == 0;
}

static bool is_vowel(char c)
{
    return strchr("aeiouy", c) != NULL;
}

/* Light stemming in place: plurals, -ing, -ed and a final e, so "tickets",
 * "ticket", "entries"/"entry", "closed"/"close"/"closing" meet. Returns the
 * new length. Not linguistics: the same rule on both sides is enough. */
static size_t stem(char *w, size_t n)
{
    if (n > 4 && ends_with(w, n, "ies")) {
        n -= 3;
        w[n++] = 'y';
    } else if (n > 4 && (ends_with(w, n, "sses") || ends_with(w, n, "uses") ||
                         ends_with(w, n, "xes") || ends_with(w, n, "ches") ||
                         ends_with(w, n, "shes"))) {
        n -= 2;
    } else if (n > 3 && w[n - 1] == 's' && !ends_with(w, n, "ss") && !ends_with(w, n, "us") &&
               !ends_with(w, n, "is")) {
        n -= 1;
    }
    if (n > 5 && ends_with(w, n, "ing")) {
        n -= 3;
    } else if (n > 4 && ends_with(w, n, "ed")) {
        n -= 2;
    }
    /* logg -> log, assign stays */
    if (n > 3 && w[n - 1] == w[n - 2] && !is_vowel(w[n - 1]) && w[n - 1] != 's' &&
        w[n - 1] != 'l')
        n -= 1;
    if (n > 4 && w[n - 1] == 'e')
        n -= 1;
    w[n] = '\0';
    return n;
}

static bool is_stop_word(const char *w)
{
    for (size_t i = 0; stop_words[i]; i++) {
        if (strcmp(stop_words[i], w) == 0)
            return true;
    }
    return false;
}

/* Calls fn(word, ud) for every word of text as the ranker sees it. */
static void each_word(const char *text, void (*fn)(const char *w, void *ud), void *ud)
{
    const unsigned char *p = (const unsigned char *)(text ? text : "");
    char w[64];
    while (*p) {
        while (*p && !is_word_char(*p))
            p++;
        size_t n = 0;
        bool digits = true;
        while (*p && is_word_char(*p)) {
            if (n < sizeof w - 1)
                w[n++] = (char)tolower(*p);
            digits = digits && isdigit(*p);
            p++;
        }
        if (n == 0)
            continue;
        w[n] = '\0';
        if (digits) {
            fn("#num", ud);
            continue;
        }
        if (is_stop_word(w))
            continue;
        stem(w, n);
        fn(w, ud);
    }
}

static void append_word(const char *w, void *ud)
{
    struct buf *b = ud;
    buf_printf(b, "%s%s", b->len ? " " : "", w);
}

char *tools__rank_terms(const char *text)
{
    struct buf b = {0};
    each_word(text, append_word, &b);
    return buf_steal(&b);
}

/* ------------------------------------------------------------------ */
/* Sets of words                                                       */

struct words {
    char **v; /* sorted, unique, owned */
    size_t n, cap;
};

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static void add_word(const char *w, void *ud)
{
    struct words *s = ud;
    if (s->n == s->cap) {
        s->cap = s->cap ? s->cap * 2 : 16;
        s->v = xrealloc(s->v, s->cap * sizeof *s->v);
    }
    s->v[s->n++] = xstrdup(w);
}

/* Sorts and drops repeats. */
static void words_seal(struct words *s)
{
    size_t k = 0;
    if (s->n)
        qsort(s->v, s->n, sizeof *s->v, cmp_str);
    for (size_t i = 0; i < s->n; i++) {
        if (k && strcmp(s->v[k - 1], s->v[i]) == 0) {
            free(s->v[i]);
            continue;
        }
        s->v[k++] = s->v[i];
    }
    s->n = k;
}

static bool words_has(const struct words *s, const char *w)
{
    return s->n && bsearch(&w, s->v, s->n, sizeof *s->v, cmp_str) != NULL;
}

static void words_free(struct words *s)
{
    for (size_t i = 0; i < s->n; i++)
        free(s->v[i]);
    free(s->v);
}

/* ------------------------------------------------------------------ */
/* The synonyms, stemmed once                                          */

struct synonym {
    char *word;
    struct words means;
};
static struct synonym syn[NSYN];
static struct synonym intent[NINTENT]; /* means: verbs, not stemmed */
static pthread_once_t syn_once = PTHREAD_ONCE_INIT;

static void first_word(const char *w, void *ud)
{
    char **out = ud;
    if (!*out)
        *out = xstrdup(w);
}

static void syn_free(void)
{
    for (size_t i = 0; i < NSYN; i++) {
        free(syn[i].word);
        words_free(&syn[i].means);
    }
    for (size_t i = 0; i < NINTENT; i++) {
        free(intent[i].word);
        words_free(&intent[i].means);
    }
}

/* Splits text on blanks into s, as it is (no stemming). */
static void plain_words(const char *text, struct words *s)
{
    const char *p = text ? text : "";
    while (*p) {
        size_t n = strcspn(p, " ");
        if (n) {
            char *w = xstrndup(p, n);
            add_word(w, s);
            free(w);
        }
        p += n + (p[n] != '\0');
    }
    words_seal(s);
}

static void syn_init(void)
{
    for (size_t i = 0; i < NSYN; i++) {
        if (strcmp(synonyms[i][0], "#num") == 0)
            syn[i].word = xstrdup("#num");
        else
            each_word(synonyms[i][0], first_word, &syn[i].word);
        each_word(synonyms[i][1], add_word, &syn[i].means);
        words_seal(&syn[i].means);
    }
    for (size_t i = 0; i < NINTENT; i++) {
        each_word(intents[i][0], first_word, &intent[i].word);
        plain_words(intents[i][1], &intent[i].means);
    }
    atexit(syn_free);
}

/* ------------------------------------------------------------------ */
/* The index                                                           */

struct tools__ranker {
    size_t n;
    struct words (*fields)[TOOLS__NFIELDS]; /* per document */
    struct words *verbs;                    /* per document */
};

struct tools__ranker *tools__rank_new(const struct tools__rank_doc *docs, size_t n)
{
    struct tools__ranker *ix = xcalloc(1, sizeof *ix);
    pthread_once(&syn_once, syn_init);
    ix->n = n;
    ix->fields = xcalloc(n ? n : 1, sizeof *ix->fields);
    ix->verbs = xcalloc(n ? n : 1, sizeof *ix->verbs);
    for (size_t d = 0; d < n; d++) {
        for (int f = 0; f < TOOLS__NFIELDS; f++) {
            each_word(docs[d].field[f], add_word, &ix->fields[d][f]);
            words_seal(&ix->fields[d][f]);
        }
        plain_words(docs[d].verbs, &ix->verbs[d]);
    }
    return ix;
}

void tools__rank_free(struct tools__ranker *ix)
{
    if (!ix)
        return;
    for (size_t d = 0; d < ix->n; d++) {
        for (int f = 0; f < TOOLS__NFIELDS; f++)
            words_free(&ix->fields[d][f]);
        words_free(&ix->verbs[d]);
    }
    free(ix->fields);
    free(ix->verbs);
    free(ix);
}

/* The query as terms: each word of the request (weight 1) and what it
 * also means (SYNONYM_WEIGHT), each term once with its best weight, and
 * which request word brought it (for coverage). */
#define MAX_TERMS 96
#define MAX_WORDS 32
struct query {
    char *term[MAX_TERMS];
    double weight[MAX_TERMS];
    unsigned words[MAX_TERMS]; /* bit i: request word i brought it */
    size_t n;
    size_t nwords;
    struct words verbs;        /* what the request asks to do (intents) */
};

static void query_add(struct query *q, const char *t, double w, unsigned word_bit)
{
    for (size_t i = 0; i < q->n; i++) {
        if (strcmp(q->term[i], t) == 0) {
            if (w > q->weight[i])
                q->weight[i] = w;
            q->words[i] |= word_bit;
            return;
        }
    }
    if (q->n == MAX_TERMS)
        return;
    q->term[q->n] = xstrdup(t);
    q->weight[q->n] = w;
    q->words[q->n] = word_bit;
    q->n++;
}

static void query_word(const char *w, void *ud)
{
    struct query *q = ud;
    if (q->nwords == MAX_WORDS)
        return;
    unsigned bit = 1u << q->nwords++;
    bool literal = true;
    for (size_t i = 0; intent_only[i] && literal; i++)
        literal = strcmp(intent_only[i], w) != 0;
    if (literal)
        query_add(q, w, 1.0, bit);
    for (size_t i = 0; i < NINTENT; i++) {
        if (!intent[i].word || strcmp(intent[i].word, w) != 0)
            continue;
        for (size_t k = 0; k < intent[i].means.n; k++)
            add_word(intent[i].means.v[k], &q->verbs);
    }
    for (size_t i = 0; i < NSYN; i++) {
        if (!syn[i].word || strcmp(syn[i].word, w) != 0)
            continue;
        for (size_t k = 0; k < syn[i].means.n; k++)
            query_add(q, syn[i].means.v[k], SYNONYM_WEIGHT, bit);
    }
}

static void query_free(struct query *q)
{
    for (size_t i = 0; i < q->n; i++)
        free(q->term[i]);
    words_free(&q->verbs);
}

/* How much rarer than "everywhere" a term is: 0 when no document has
 * it; more the fewer do. */
static double rarity(const struct tools__ranker *ix, const char *term)
{
    size_t df = 0;
    for (size_t d = 0; d < ix->n; d++) {
        for (int f = 0; f < TOOLS__NFIELDS; f++) {
            if (words_has(&ix->fields[d][f], term)) {
                df++;
                break;
            }
        }
    }
    return df ? log(((double)ix->n + 1.0) / ((double)df + 0.5)) : 0.0;
}

/* Whether document d does one of the things the request asks for. */
static bool does_what_asked(const struct tools__ranker *ix, size_t d, const struct query *q)
{
    for (size_t i = 0; i < q->verbs.n; i++) {
        if (words_has(&ix->verbs[d], q->verbs.v[i]))
            return true;
    }
    return false;
}

/* The score of document d: the matches (weight of the request word or
 * synonym, times rarity, times the fields' weights), times how much of
 * the request the tool answers at all and in its name or title, times
 * whether it does what was asked. */
static double score_doc(const struct tools__ranker *ix, size_t d, const struct query *q,
                        const double *rare)
{
    double s = 0;
    unsigned covered = 0, named = 0;
    for (size_t t = 0; t < q->n; t++) {
        double fw = 0;
        for (int f = 0; f < TOOLS__NFIELDS; f++) {
            if (!words_has(&ix->fields[d][f], q->term[t]))
                continue;
            fw += field_weight[f];
            if (f == TOOLS__F_NAME || f == TOOLS__F_TITLE)
                named |= q->words[t];
        }
        if (fw > 0) {
            s += q->weight[t] * rare[t] * fw;
            covered |= q->words[t];
        }
    }
    if (s <= 0 || q->nwords == 0)
        return 0;
    /* a tool that answers more of the request's words wins over one that
     * matches a single word in every field */
    double coverage = (double)__builtin_popcount(covered) / (double)q->nwords;
    double in_name = (double)__builtin_popcount(named) / (double)q->nwords;
    s *= (0.25 + coverage) * (1.0 + 0.5 * in_name);
    if (q->verbs.n)
        s *= does_what_asked(ix, d, q) ? INTENT_MATCH : INTENT_OTHER;
    return s;
}

size_t tools__rank(const struct tools__ranker *ix, const char *query,
                          bool (*keep)(size_t doc, void *ud), void *ud, size_t *out,
                          double *scores, size_t max)
{
    struct query q = {0};
    size_t found = 0;
    double *rare = NULL, *best = NULL;
    pthread_once(&syn_once, syn_init);
    each_word(query, query_word, &q);
    words_seal(&q.verbs);
    if (q.n == 0 || max == 0)
        goto out;
    rare = xcalloc(q.n, sizeof *rare);
    for (size_t t = 0; t < q.n; t++)
        rare[t] = rarity(ix, q.term[t]);
    best = xcalloc(max, sizeof *best);
    for (size_t d = 0; d < ix->n; d++) {
        if (keep && !keep(d, ud))
            continue;
        double s = score_doc(ix, d, &q, rare);
        if (s <= 0)
            continue;
        /* insertion into the best max so far; ties keep document order */
        size_t pos = found;
        while (pos > 0 && best[pos - 1] < s)
            pos--;
        if (pos >= max)
            continue;
        size_t last = found < max ? found : max - 1;
        memmove(out + pos + 1, out + pos, (last - pos) * sizeof *out);
        memmove(best + pos + 1, best + pos, (last - pos) * sizeof *best);
        out[pos] = d;
        best[pos] = s;
        if (found < max)
            found++;
    }
    if (scores)
        memcpy(scores, best, found * sizeof *scores);
out:
    free(rare);
    free(best);
    query_free(&q);
    return found;
}
