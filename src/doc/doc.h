/*
 * doc.h — a document as a tree that knows nothing of how it is shown.
 *
 * A plan version, its plain-language summary, an invitation letter and
 * the blank planning document are each built once as this tree (the
 * builders: plan_layout.h) and then rendered: to HTML for the plan page,
 * the earlier-version page and the print view (render_html.c), and to a
 * PDF for paper (render_pdf.c). So what a page shows and what is printed
 * cannot drift apart: both walk the same nodes in the same order.
 *
 * A document is a list of blocks; a section holds blocks of its own. Each
 * block that carries personal information may say its information
 * category (field.h) and whether the caller's consent withheld it — the
 * text then already says so ("Dold: samtycket omfattar inte ..."), never
 * the value; renderers may mark it.
 *
 * Everything lives in the arena the builder was given; strings are never
 * NULL where the renderers need text (the builders write "–" for nothing).
 */
#ifndef SAMPLAN_DOC_H
#define SAMPLAN_DOC_H

#include <stdbool.h>

#include "base/arena.h"
#include "sip/field.h"

enum doc_kind {
	DOC_SECTION,    /* title, then children, headings one level deeper */
	DOC_PARAGRAPH,  /* text, line breaks kept */
	DOC_NOTICE,     /* text set apart: "a former version", "protected" */
	DOC_FIELD,      /* a labelled box of the template: title, text, notes */
	DOC_LIST,       /* title (may be NULL), one item per child paragraph */
	DOC_TABLE,      /* title as caption, columns, rows */
	DOC_RULED,      /* title, then `lines` ruled blank lines to write on */
	DOC_SIGNATURES, /* `lines` blank signature lines, each with a caption */
	DOC_PAGE_BREAK, /* paper only: the next block starts a new page */
};

enum { DOC_MAX_COLUMNS = 6, DOC_MAX_NOTES = 2 };

/* One cell: its text and up to two secondary lines (dates, "Även: ..."). */
struct doc_cell {
	const char *text;
	const char *notes[DOC_MAX_NOTES];
};

struct doc_row {
	struct doc_cell cells[DOC_MAX_COLUMNS];
	struct doc_row *next;
};

struct doc_node {
	enum doc_kind kind;
	const char *id;    /* an anchor for HTML (NULL: none) */
	const char *cls;   /* an extra class for HTML (NULL: none) */
	const char *title; /* section heading, field label, table caption */
	const char *text;  /* paragraph, notice, field value */
	const char *notes[DOC_MAX_NOTES]; /* a field's secondary lines */
	/* The information category of the block, when it has one. */
	bool has_category;
	enum field_category category;
	bool withheld; /* the text says it is withheld, not the value */
	/* A field of the person's name: show the protected-identity mark. */
	bool protected_mark;
	/* Sections and lists: */
	struct doc_node *first, *last;
	/* Tables: the column headers, their relative widths on paper (sum
	 * 100), rows in order; blank_rows empty rows to write in by hand. */
	int ncolumns;
	const char *columns[DOC_MAX_COLUMNS];
	int widths[DOC_MAX_COLUMNS];
	/* Bit i: column i holds a name (Ansvar, Kontaktperson), not free
	 * text — HTML keeps it out of the pre-line text style and shows its
	 * notes as hints. */
	unsigned name_columns;
	struct doc_row *rows, *rows_last;
	int nrows;
	/* Ruled lines / signatures, and blank rows of a table. */
	int lines;
	const char *captions[8]; /* DOC_SIGNATURES: under each line */
	struct doc_node *next;
};

struct doc {
	/* The document's own heading and the line under it. */
	const char *title;
	const char *subtitle;
	/* On paper, on every page: the person, and the plan and version
	 * ("SIP 12, version 2"); the footer adds "Sida N av M". */
	const char *running_person;
	const char *running_plan;
	/* The person's data are protected (skyddade personuppgifter): every
	 * page says so. */
	bool protected_identity;
	const char *protected_text;
	/* The PDF's metadata title (no personal data). */
	const char *pdf_title;
	const char *lang;
	struct doc_node root; /* a section without title: the blocks */
};

/* ---- building (used by the builders) ---- */

/* A new, empty document in arena a, for language lang. */
struct doc *doc_new(struct arena *a, const char *lang, const char *title);

/* Append a block of `kind` to the section or list `parent` (NULL: the
 * document's top level). Text given as NULL reads "–". */
struct doc_node *doc_add(struct arena *a, struct doc *d,
                         struct doc_node *parent, enum doc_kind kind,
                         const char *title, const char *text);
/* Append a section with heading title. */
struct doc_node *doc_section(struct arena *a, struct doc *d,
                             struct doc_node *parent, const char *title,
                             const char *id);
/* Append a field (a labelled box). */
struct doc_node *doc_field(struct arena *a, struct doc *d,
                           struct doc_node *parent, const char *label,
                           const char *text);
/* Append a table with ncolumns headers (and widths in percent). */
struct doc_node *doc_table(struct arena *a, struct doc *d,
                           struct doc_node *parent, const char *caption,
                           const char *id, int ncolumns,
                           const char *const *columns, const int *widths);
/* Append an empty row to a table; fill its cells. */
struct doc_row *doc_row(struct arena *a, struct doc_node *table);
/* Tag a block with its information category (and whether withheld). */
void doc_category(struct doc_node *n, enum field_category c, bool withheld);

/* "Dold: samtycket omfattar inte <kategori>" in lang: the words the plan
 * page uses for a part the caller's consent does not cover. */
const char *doc_withheld_text(struct arena *a, const char *lang,
                              enum field_category c);

#endif
