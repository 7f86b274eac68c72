/*
 * html.h — the escaping HTML writer (STYLE §4: escape by default).
 *
 * Literals go through html_raw; data only through html_text, html_attr,
 * html_textf (formats, then escapes) or html_int. There is deliberately no
 * html_rawf: a formatted string may carry data, and data is never written
 * unescaped. tests/unit/test_codecheck.c fails the build if a page writes
 * to r->out by another road.
 *
 * All functions append to r->out; a body that outgrows its cap makes the
 * server answer 500 instead of a truncated page.
 */
#ifndef SAMPLAN_HTML_H
#define SAMPLAN_HTML_H

#include <stdint.h>

#include "base/buf.h"
#include "http/request.h"

/* A literal piece of markup. Never pass data. */
void html_raw(struct request *r, const char *literal);
/* Text content: escapes & < > " ' (NULL writes nothing). */
void html_text(struct request *r, const char *s);
/* An attribute value (written between double quotes by the caller). */
void html_attr(struct request *r, const char *s);
/* printf, then escape the whole result. */
void html_textf(struct request *r, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* A number. */
void html_int(struct request *r, int64_t v);
/* Percent-encode a value for use in a URL's path segment or query. */
void html_url_arg(struct request *r, const char *s);

/* The same escaping into any buffer (used by tests and the PDF/text
 * writers). */
void html_escape_into(struct buf *b, const char *s);

#endif
