/*
 * extract_layout.h — the extract of who read my data (Min SIP,
 * sip/citizen_extract.h) as a document tree (doc.h): one section per
 * person, a table of when, who (and the unit) and what, newest first. The
 * page shows it through render_html.c, the PDF through render_pdf.c,
 * so screen and paper say the same.
 */
#ifndef SAMPLAN_EXTRACT_LAYOUT_H
#define SAMPLAN_EXTRACT_LAYOUT_H

#include <stdint.h>

#include "base/arena.h"
#include "doc/doc.h"
#include "sip/citizen_extract.h"

/* The document for ex, made at `now` (Unix seconds), in lang. */
struct doc *extract_layout(struct arena *a, const char *lang,
                           const struct citizen_extract *ex, int64_t now);

#endif
