/*
 * render_html.h — a document tree (doc.h) as HTML, through the escaping
 * writers of http/html.h: the plan page's document section, the
 * earlier-version page, the plain-language page and the print view.
 */
#ifndef SAMPLAN_RENDER_HTML_H
#define SAMPLAN_RENDER_HTML_H

#include <stdbool.h>

#include "doc/doc.h"
#include "http/request.h"

struct doc_html_opts {
	/* The document's heading level (1..4); sections go one deeper. */
	int level;
	/* The id of the document's heading, and the section's class. */
	const char *id;
	const char *cls;
	/* For paper (the print view): ruled space and blank table rows are
	 * written; signature lines always are (the stylesheet shows them
	 * only on paper and in the print view). */
	bool print;
};

/* Write d into r->out as one <section>, every text escaped. */
void doc_render_html(struct request *r, const struct doc *d,
                     const struct doc_html_opts *o);

#endif
