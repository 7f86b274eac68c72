/*
 * render_pdf.h — a document tree (doc.h) as an A4 PDF, with cairo and
 * pango: fonts embedded (DejaVu, subsets), text of any script shaped by
 * pango, on every page a header with the person and the plan and version
 * and a footer "Sida N av M" (and, for a protected person, that the data
 * are protected). Table rows are never split between pages: each cell is
 * measured first, a row that does not fit starts the next page under the
 * repeated column headers. A long document flows over as many pages as
 * it needs, up to the cap.
 *
 * Two passes over the same tree: the first lays out and counts the pages
 * (M), the second draws. Both run under one mutex (render_pdf.c says
 * why).
 */
#ifndef SAMPLAN_RENDER_PDF_H
#define SAMPLAN_RENDER_PDF_H

#include <stddef.h>

#include "base/buf.h"
#include "doc/doc.h"

enum doc_pdf_result {
	DOC_PDF_OK,
	DOC_PDF_TOO_MANY_PAGES, /* more pages than max_pages */
	DOC_PDF_TOO_LARGE,      /* more bytes than max_bytes */
	DOC_PDF_FAILED,         /* cairo failed (out of memory...) */
};

struct doc_pdf_limits {
	int max_pages;    /* LIMIT_PDF_PAGES in the server */
	size_t max_bytes; /* LIMIT_PDF */
};

/* Render d. On DOC_PDF_OK *out holds the PDF (malloc'd: the caller
 * buf_free()s it) and *pages its page count; otherwise *out is empty. */
enum doc_pdf_result doc_render_pdf(const struct doc *d,
                                   const struct doc_pdf_limits *limits,
                                   struct buf *out, int *pages);

/* Release the renderer's font map and fontconfig's caches, at the end of
 * the process (after the last render: samplan serve once its workers
 * stopped), so LeakSanitizer sees no memory still held by them. */
void doc_render_pdf_shutdown(void);

#endif
