/*
 * form_refill.h — Post/Redirect/Get after a refused form: what was
 * posted and what was wrong, kept in the database for the browser
 * session that posted it, so the form's GET URL can show it once and a
 * reload never resubmits. Any instance behind the same database answers
 * the GET (table form_refill, sql/0015_forms.sql).
 *
 * A refill belongs to a session (its CSRF token, stored only as a hash)
 * and a path (the form's GET URL, without a query). It lives at most
 * FORM_REFILL_TTL seconds and is deleted when taken. It is the caller's
 * own typing shown back to them, not a change of anything in samplan:
 * no audit record and no history (like a session's last_seen_at).
 */
#ifndef SAMPLAN_FORM_REFILL_H
#define SAMPLAN_FORM_REFILL_H

#include <stdbool.h>

#include "base/problem.h"
#include "sip/ctx.h"

enum { FORM_REFILL_TTL = 15 * 60 };

/* Keep `body` (the posted fields, urlencoded, without the CSRF token)
 * and problem p for the session whose CSRF token is session_csrf, at
 * path, replacing an earlier one there; deletes expired refills. One
 * transaction. False with ctx->problem on a database failure. */
bool form_refill_save(struct ctx *ctx, const char *session_csrf,
                      const char *path, const char *body,
                      const struct problem *p);

/* Take the refill kept for the session at path, if one has not
 * expired: *found, *body (in ctx->arena) and *p get it, and it is
 * deleted. False with ctx->problem on a database failure. */
bool form_refill_take(struct ctx *ctx, const char *session_csrf,
                      const char *path, bool *found, const char **body,
                      struct problem *p);

#endif
