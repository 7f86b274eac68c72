/*
 * po_catalogue.h — a GNU gettext PO file, read for tests.
 *
 * test_catalogue (English for every msgid of the staff pages) and
 * test_citizen_catalogue (each citizen language for the citizen pages)
 * compare catalogues entry by entry. The parser fails the running cmocka
 * test, naming file and line, on a line it does not understand.
 */
#ifndef SAMPLAN_TEST_PO_CATALOGUE_H
#define SAMPLAN_TEST_PO_CATALOGUE_H

#include <stdbool.h>

enum { MAX_FORMS = 8 };

/* One entry. Strings are the concatenated quoted pieces, still escaped;
 * msgctxt and msgid_plural are NULL when the entry has none. */
struct po_entry {
	char *msgctxt;
	char *msgid;
	char *msgid_plural;
	char *msgstr[MAX_FORMS]; /* msgstr is msgstr[0] */
	int nforms;              /* how many msgstr lines were read */
	bool fuzzy;
	int line;                /* the line of its msgctxt or msgid */
};

struct po_catalogue {
	const char *path;
	struct po_entry *entries;
	int n, cap;
};


/* Reads PO text into c (path names it in failure messages). */
void po_parse(struct po_catalogue *c, const char *path, const char *text);
/* Reads the file at path (relative to the repository root). */
void po_load(struct po_catalogue *c, const char *path);
void po_unload(struct po_catalogue *c);

/* The header entry: msgid "" without a context. */
bool po_is_header(const struct po_entry *e);
/* Both NULL, or equal strings. */
bool po_same(const char *a, const char *b);
/* c's entry with want's context and msgid, or NULL. */
const struct po_entry *po_lookup(const struct po_catalogue *c,
                                 const struct po_entry *want);

#endif
