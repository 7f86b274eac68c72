/*
 * render_html.c — a document tree as HTML (render_html.h).
 *
 * The template's labelled boxes become a definition list (dl.plan-sheet,
 * one div.box per field, consecutive fields in one list), tables a
 * scrollable region the keyboard can reach (WCAG 2.1.1) named by their
 * heading, sections <section> with a heading one level deeper. The
 * markup is the one the plan page had before the document model, so its
 * stylesheet and its tests hold.
 */
#include "doc/render_html.h"

#include "http/html.h"

static void heading(struct request *r, int level, const char *text,
                    const char *id)
{
	html_raw(r, level <= 1 ? "<h1" : level == 2 ? "<h2"
	            : level == 3 ? "<h3" : "<h4");
	if (id) {
		html_raw(r, " id=\"");
		html_attr(r, id);
		html_raw(r, "\"");
	}
	html_raw(r, ">");
	html_text(r, text);
	html_raw(r, level <= 1 ? "</h1>" : level == 2 ? "</h2>"
	            : level == 3 ? "</h3>" : "</h4>");
}

static void notes(struct request *r, const char *const *list, const char *cls)
{
	for (int i = 0; i < DOC_MAX_NOTES; i++) {
		if (!list[i])
			continue;
		html_raw(r, "<br><span class=\"");
		html_attr(r, cls);
		html_raw(r, "\">");
		html_text(r, list[i]);
		html_raw(r, "</span>");
	}
}

static bool in_sheet(const struct doc_node *n)
{
	return n->kind == DOC_FIELD || (n->kind == DOC_LIST && n->title);
}

static void box(struct request *r, const struct doc_node *n,
                const char *protected_text)
{
	html_raw(r, "<div class=\"box");
	if (n->withheld)
		html_raw(r, " withheld");
	html_raw(r, "\"><dt>");
	html_text(r, n->title);
	html_raw(r, "</dt>");
	if (n->kind == DOC_LIST) {
		html_raw(r, "<dd><ul class=\"");
		html_attr(r, n->cls ? n->cls : "items");
		html_raw(r, "\">");
		for (const struct doc_node *c = n->first; c; c = c->next) {
			html_raw(r, "<li class=\"text\">");
			html_text(r, c->text);
			html_raw(r, "</li>");
		}
		if (!n->first)
			html_raw(r, "<li>–</li>");
		html_raw(r, "</ul></dd></div>");
		return;
	}
	html_raw(r, n->protected_mark ? "<dd>" : "<dd class=\"text\">");
	html_text(r, n->text);
	if (n->protected_mark) {
		html_raw(r, " <span class=\"badge protected\">");
		html_text(r, protected_text);
		html_raw(r, "</span>");
	}
	notes(r, n->notes, "muted");
	html_raw(r, "</dd></div>");
}

static void table(struct request *r, const struct doc_node *n, int level,
                  const char *id, bool print)
{
	heading(r, level, n->title, id);
	html_raw(r, "<div class=\"table-wrap\" role=\"region\" tabindex=\"0\" "
	            "aria-labelledby=\"");
	html_attr(r, id);
	html_raw(r, "\"><table class=\"");
	html_attr(r, n->cls ? n->cls : "what-who");
	html_raw(r, "\" aria-labelledby=\"");
	html_attr(r, id);
	html_raw(r, "\"><thead><tr>");
	for (int i = 0; i < n->ncolumns; i++) {
		html_raw(r, "<th scope=\"col\">");
		html_text(r, n->columns[i]);
		html_raw(r, "</th>");
	}
	html_raw(r, "</tr></thead><tbody>");
	for (const struct doc_row *row = n->rows; row; row = row->next) {
		html_raw(r, "<tr>");
		for (int i = 0; i < n->ncolumns; i++) {
			const struct doc_cell *c = &row->cells[i];
			bool name = n->name_columns & (1u << i);
			html_raw(r, name ? "<td>" : "<td class=\"text\">");
			html_text(r, c->text);
			notes(r, c->notes, name ? "hint" : "muted");
			html_raw(r, "</td>");
		}
		html_raw(r, "</tr>");
	}
	for (int k = 0; print && k < n->lines; k++) {
		html_raw(r, "<tr class=\"blank\">");
		for (int i = 0; i < n->ncolumns; i++)
			html_raw(r, "<td></td>");
		html_raw(r, "</tr>");
	}
	html_raw(r, "</tbody></table></div>");
}

static void blocks(struct request *r, const struct doc *d,
                   const struct doc_node *first, int level,
                   const struct doc_html_opts *o, int *seq);

static void block(struct request *r, const struct doc *d,
                  const struct doc_node *n, int level,
                  const struct doc_html_opts *o, int *seq)
{
	const char *id = n->id;
	switch (n->kind) {
	case DOC_SECTION:
		html_raw(r, "<section class=\"doc-section\">");
		heading(r, level, n->title, id);
		blocks(r, d, n->first, level + 1, o, seq);
		html_raw(r, "</section>");
		return;
	case DOC_PARAGRAPH:
		html_raw(r, "<p class=\"text\">");
		html_text(r, n->text);
		html_raw(r, "</p>");
		return;
	case DOC_NOTICE:
		html_raw(r, "<p class=\"notice\">");
		html_text(r, n->text);
		html_raw(r, "</p>");
		return;
	case DOC_FIELD: /* written by blocks, in a sheet */
		return;
	case DOC_LIST:
		html_raw(r, "<ul class=\"doc-list\">");
		for (const struct doc_node *c = n->first; c; c = c->next) {
			html_raw(r, "<li class=\"text\">");
			html_text(r, c->text);
			html_raw(r, "</li>");
		}
		html_raw(r, "</ul>");
		return;
	case DOC_TABLE:
		if (!id)
			id = arena_printf(&r->arena, "%s-t%d", o->id ? o->id : "doc",
			                  ++*seq);
		table(r, n, level, id, o->print);
		return;
	case DOC_RULED:
		if (!o->print)
			return;
		html_raw(r, "<div class=\"ruled\"><p class=\"ruled-label\">");
		html_text(r, n->title);
		html_raw(r, "</p>");
		for (int i = 0; i < n->lines; i++)
			html_raw(r, "<div class=\"ruled-line\"></div>");
		html_raw(r, "</div>");
		return;
	case DOC_SIGNATURES:
		/* always written: the stylesheet shows them on paper and in
		 * the print view, so the plan page prints with them too */
		html_raw(r, "<div class=\"signatures\">");
		heading(r, level, n->title, NULL);
		for (int i = 0; i < n->lines && i < 8; i++) {
			html_raw(r, "<div class=\"signature\"><div class=\"sign-line\">"
			            "</div><p>");
			html_text(r, n->captions[i] ? n->captions[i] : "");
			html_raw(r, "</p></div>");
		}
		html_raw(r, "</div>");
		return;
	case DOC_PAGE_BREAK:
		html_raw(r, "<div class=\"page-break\"></div>");
		return;
	}
}

static void blocks(struct request *r, const struct doc *d,
                   const struct doc_node *first, int level,
                   const struct doc_html_opts *o, int *seq)
{
	for (const struct doc_node *n = first; n;) {
		if (!in_sheet(n)) {
			block(r, d, n, level, o, seq);
			n = n->next;
			continue;
		}
		html_raw(r, "<dl class=\"plan-sheet\">");
		for (; n && in_sheet(n); n = n->next)
			box(r, n, d->protected_text);
		html_raw(r, "</dl>");
	}
}

void doc_render_html(struct request *r, const struct doc *d,
                     const struct doc_html_opts *o)
{
	const char *id = o->id ? o->id : "doc";
	html_raw(r, "<section class=\"");
	html_attr(r, o->cls ? o->cls : "plan-document");
	html_raw(r, "\" aria-labelledby=\"");
	html_attr(r, id);
	html_raw(r, "\">");
	heading(r, o->level, d->title, id);
	if (d->subtitle) {
		html_raw(r, "<p class=\"muted\">");
		html_text(r, d->subtitle);
		html_raw(r, "</p>");
	}
	int seq = 0;
	blocks(r, d, d->root.first, o->level + 1, o, &seq);
	html_raw(r, "</section>");
}
