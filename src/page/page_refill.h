/*
 * page_refill.h — Post/Redirect/Get for a form that was refused: the
 * POST keeps what was typed and what was wrong for the browser session
 * (sip/form_refill.h) and answers 303 to the form's GET URL; that GET
 * shows the form again with the values and the errors, once. So the
 * address bar holds a GET, and a reload asks nothing about resending.
 *
 *     POST:  if (!ok && page_refill_redirect(r, form_url)) return;
 *     GET:   if (page_refill_restore(r)) { read the form as the POST
 *            did; show it with r->problem } else { a fresh form }
 *
 * Only HTML forms posted in a browser session take part (a request with
 * an API token, or a JSON body, never does).
 */
#ifndef SAMPLAN_PAGE_REFILL_H
#define SAMPLAN_PAGE_REFILL_H

#include <stdbool.h>

#include "http/request.h"

/* Keep the posted fields (without the CSRF token) and r->problem for
 * the GET of get_url (a local path; its query is not part of the key),
 * and answer 303 to get_url — when what was typed is what is wrong
 * (PROBLEM_INVALID) or the form asked to be shown again (no problem:
 * one more row). False, having answered nothing, for any other refusal
 * (a state that does not allow the step: CONFLICT, shown with its own
 * status), when the request has no browser session or is not an
 * urlencoded form, or the database refused: the caller shows the form
 * itself. */
bool page_refill_redirect(struct request *r, const char *get_url);
/* The same for a page with several forms: scope (letters, digits, '-'
 * and '_') names the form that was posted, and page_refill_scope gives
 * it back on the GET. */
bool page_refill_redirect_scoped(struct request *r, const char *get_url,
                                 const char *scope);

/* On a GET: true when a refill was kept for this session at r->path;
 * its fields are then the request's input (form_read reads them) and
 * its errors r->problem. False when there is none (or it could not be
 * read: r->problem is left as it was). */
bool page_refill_restore(struct request *r);
/* After page_refill_restore: the scope the POST named, or NULL. */
const char *page_refill_scope(struct request *r);

#endif
