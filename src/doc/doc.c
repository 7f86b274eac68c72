/*
 * doc.c — building the document tree (doc.h): blocks appended in order
 * to a section, rows to a table, all in the builder's arena.
 */
#include "doc/doc.h"

#include <string.h>

#include "base/die.h"
#include "base/i18n.h"
#include "sip/plan.h"

struct doc *doc_new(struct arena *a, const char *lang, const char *title)
{
	struct doc *d = arena_new(a, struct doc);
	d->lang = lang;
	d->title = title;
	d->root.kind = DOC_SECTION;
	return d;
}

struct doc_node *doc_add(struct arena *a, struct doc *d,
                         struct doc_node *parent, enum doc_kind kind,
                         const char *title, const char *text)
{
	struct doc_node *n = arena_new(a, struct doc_node);
	n->kind = kind;
	n->title = title;
	n->text = text && *text ? text : "–";
	if (!parent)
		parent = &d->root;
	ensure(parent->kind == DOC_SECTION || parent->kind == DOC_LIST);
	if (parent->last)
		parent->last->next = n;
	else
		parent->first = n;
	parent->last = n;
	return n;
}

struct doc_node *doc_section(struct arena *a, struct doc *d,
                             struct doc_node *parent, const char *title,
                             const char *id)
{
	struct doc_node *n = doc_add(a, d, parent, DOC_SECTION, title, NULL);
	n->id = id;
	return n;
}

struct doc_node *doc_field(struct arena *a, struct doc *d,
                           struct doc_node *parent, const char *label,
                           const char *text)
{
	return doc_add(a, d, parent, DOC_FIELD, label, text);
}

struct doc_node *doc_table(struct arena *a, struct doc *d,
                           struct doc_node *parent, const char *caption,
                           const char *id, int ncolumns,
                           const char *const *columns, const int *widths)
{
	ensure(ncolumns > 0 && ncolumns <= DOC_MAX_COLUMNS);
	struct doc_node *n = doc_add(a, d, parent, DOC_TABLE, caption, NULL);
	n->id = id;
	n->ncolumns = ncolumns;
	for (int i = 0; i < ncolumns; i++) {
		n->columns[i] = columns[i];
		n->widths[i] = widths[i];
	}
	return n;
}

struct doc_row *doc_row(struct arena *a, struct doc_node *table)
{
	ensure(table->kind == DOC_TABLE);
	struct doc_row *row = arena_new(a, struct doc_row);
	for (int i = 0; i < DOC_MAX_COLUMNS; i++)
		row->cells[i].text = "";
	if (table->rows_last)
		table->rows_last->next = row;
	else
		table->rows = row;
	table->rows_last = row;
	table->nrows++;
	return row;
}

void doc_category(struct doc_node *n, enum field_category c, bool withheld)
{
	n->has_category = true;
	n->category = c;
	n->withheld = withheld;
}

const char *doc_withheld_text(struct arena *a, const char *lang,
                              enum field_category c)
{
	return arena_printf(a, tr(lang, "Dold: samtycket omfattar inte %s"),
	                    consent_scope_label(field_category_scope(c), lang));
}
