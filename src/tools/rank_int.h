/* rank_int.h - finding tools by what a user asks for (rank.c): a small
 * lexical ranker over tool names, titles, descriptions, domains and
 * argument names, with a light stemmer and a synonyms table of the words
 * MSP technicians use. halopsa_navigate's query runs on it. Names:
 * tools__rank_x. Knows nothing of MCP. */
#ifndef HALOPSA_TOOLS_RANK_INT_H
#define HALOPSA_TOOLS_RANK_INT_H

#include <stdbool.h>
#include <stddef.h>

/* The fields of a tool that a query is matched against, in decreasing
 * weight (rank.c says how much each counts). */
enum tools__rank_field {
    TOOLS__F_NAME = 0,    /* "halopsa_tickets_add_action": split on '_' */
    TOOLS__F_TITLE,
    TOOLS__F_ARGS,        /* argument names */
    TOOLS__F_DOMAIN,      /* the domain's name, title and summary */
    TOOLS__F_DESCRIPTION,
    TOOLS__F_ARG_TEXT,    /* the arguments' descriptions */
    TOOLS__NFIELDS,
};

/* One searchable tool: the text of each field, and what the tool does as
 * verbs ("list", "get", "create", "update", "delete"; blank-separated),
 * which a request's verbs ("add", "show", "remove") are matched against.
 * Borrowed while the index is built; NULL is empty. */
struct tools__rank_doc {
    const char *field[TOOLS__NFIELDS];
    const char *verbs;
};

struct tools__ranker;

/* An index of n documents, tokenised once. New; free with
 * tools__rank_free. */
struct tools__ranker *tools__rank_new(const struct tools__rank_doc *docs, size_t n);
void tools__rank_free(struct tools__ranker *ix);

/* Ranks the documents for query: writes the indexes of the best (score >
 * 0, and keep(i, ud) when keep is given) into out, best first, ties in
 * document order, with their scores into scores (may be NULL). Returns how
 * many (at most max). */
size_t tools__rank(const struct tools__ranker *ix, const char *query,
                          bool (*keep)(size_t doc, void *ud), void *ud, size_t *out,
                          double *scores, size_t max);

/* The words of text as the ranker sees them (lower case, stemmed, stop
 * words left out, numbers as "#num"), blank-separated. New string. For
 * tests and for explaining a ranking. */
char *tools__rank_terms(const char *text);

#endif
