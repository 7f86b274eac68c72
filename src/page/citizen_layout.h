/*
 * citizen_layout.h — the layout of the individual's own pages
 * (/citizen): phone first, plain language, the six languages of the
 * citizen pages with right-to-left for Arabic and Farsi, and none of the
 * staff navigation. Same rules as layout.h otherwise: no JavaScript, a
 * skip link, one <main>, the language switch in the footer.
 */
#ifndef SAMPLAN_CITIZEN_LAYOUT_H
#define SAMPLAN_CITIZEN_LAYOUT_H

#include "http/request.h"

/* Cookie of a citizen session (Path=/citizen): never the staff cookie. */
#define CITIZEN_COOKIE "samplan_citizen"

/* Start a citizen page: everything up to and including <h1>title</h1>.
 * The header has "Min plan" (home), the information page, and sign-out
 * when a citizen is signed in. */
void citizen_begin(struct request *r, const char *title);
/* The same without the <h1>. */
void citizen_begin_bare(struct request *r, const char *title);
/* The footer with the language switch; ends the document. */
void citizen_end(struct request *r);

/* An error page for a problem in the citizen layout. */
void citizen_problem(struct request *r, const struct problem *p);

/* A confirmation after a redirect ("?done=KEY") among the citizen
 * pages' keys (citizen_layout.c), if any. */
void citizen_flash(struct request *r);

#endif
