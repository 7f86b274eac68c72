/*
 * test_authz.c — the authorisation matrix, generated from the route
 * table: every route × every kind of caller, the status each must get,
 * that a refused caller's answer carries none of the person's data, and
 * that a refused request changes nothing.
 *
 * The rows below name every route of src/routes.c by method and
 * pattern; the test walks `routes[]` itself and fails when a route has
 * no row here (or a row names a route that no longer exists), so a new
 * route cannot be added without deciding who may call it.
 *
 * The callers (columns), on Anna's demo plan (plan 1, `samplan demo`):
 *
 *   anon      nobody signed in
 *   lead      eva, of the plan's lead unit (her coordinator)
 *   part      bo, of a unit that takes part, consent covers all
 *   nocat     bo on a plan of the test's own whose consent to bo's
 *             principal covers "social" only (what the health fields
 *             hide is tested in test_sip/test_fields; here: access)
 *   other     olle, of an unrelated municipality
 *   uadmin    ulla, unit administrator of bo's unit (also a worker)
 *   sysadmin  admin: manages the directory, reads no plans
 *   reviewer  granskare: reviews the audit log, reads no plans
 *   followup  ulla.berg, of the agreement's follow-up group: reads the
 *             statistics, no plans
 *   citizen   Anna herself, signed in at /citizen with a one-time code:
 *             a citizen session, which no staff route accepts (and she
 *             has no API token)
 *
 * Every POST is sent with an empty body (an empty form, or {}), with
 * the session's CSRF token for pages and a bearer token for the API:
 * an allowed caller gets a validation or state refusal (400, 409, 422;
 * 303 for a plan page form refused for what was typed, which is shown
 * again by its GET: Post/Redirect/Get, page_refill.h) or the step's own
 * answer, a refused one 401/303 (anonymous), 403
 * (capability) or 404 (the plan or person does not exist for them). So
 * nothing is written by the allowed calls either — checked for every
 * row not marked `writes`, with the row counts of every table.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "routes.h"

static struct ht_server srv;

enum caller {
	C_ANON,
	C_LEAD,
	C_PART,
	C_NOCAT,
	C_OTHER,
	C_UADMIN,
	C_SYSADMIN,
	C_REVIEWER,
	C_FOLLOW_UP,
	C_CITIZEN,
	NCALLERS
};

static const char *const caller_names[NCALLERS] = {
	"anon", "lead", "part", "nocat", "other", "uadmin", "sysadmin",
	"reviewer", "followup", "citizen",
};
static const char *const caller_users[NCALLERS] = {
	NULL, "eva", "bo", "bo", "olle", "ulla", "admin", "granskare",
	"ulla.berg", NULL,
};
#define ANNA_PNR "199903152388"

/* What a caller sees. Anna's data, and the test plan's. */
static const char *const anna_secrets[] = {
	"Andersson", "199903152388", "Storgatan 12", "070-123 45 67",
	"070-765 43 21", "examen till v", NULL,
};
#define NOCAT_PNR "198605172389"
/* A health field of the test plan (its hospital episode): bo's consent
 * covers "social" only, so no answer to him may hold it. */
#define NOCAT_HEALTH "Avdelning Matris-H"
static const char *const nocat_secrets[] = {
	"Matrisdottir", NOCAT_PNR, "Matrisgatan 7", "070-999 88 77", NULL,
};

struct row {
	enum http_method method;
	const char *pattern;
	/* Expected status per caller, in the order of enum caller. */
	long expect[NCALLERS];
	bool writes; /* allowed calls may change rows (login, logout, ...) */
	bool own_session; /* ends the session: called on a session of its own */
};

/* Statuses, to keep the rows readable. */
#define LOGIN 303 /* a page asks an anonymous caller to log in */
#define UNAUTH 401
#define FORBID 403
#define NOTFND 404

/* clang-format off */
/* Columns: anon, lead, part, nocat, other, uadmin, sysadmin, reviewer,
 * followup, citizen. The follow-up group is refused as the reviewer is,
 * and the reviewer's pages too.
 * POSTs carry an empty body. `true` marks a route whose allowed call acts
 * without input (logging out, (de)activating the
 * test's own user); a second `true`, one that ends the session. */
static const struct row rows[] = {
	{HTTP_GET, "/static/{name}", {200, 200, 200, 200, 200, 200, 200, 200, 200, 200}},
	{HTTP_GET, "/healthz", {200, 200, 200, 200, 200, 200, 200, 200, 200, 200}},
	{HTTP_GET, "/api/v1/openapi.yaml", {200, 200, 200, 200, 200, 200, 200, 200, 200, 200}},
	{HTTP_GET, "/login", {200, 303, 303, 303, 303, 303, 303, 303, 303, 200}},
	{HTTP_POST, "/login", {FORBID, FORBID, FORBID, FORBID, FORBID, FORBID, FORBID, FORBID, FORBID, FORBID}, true},
	{HTTP_POST, "/logout", {LOGIN, 303, 303, 303, 303, 303, 303, 303, 303, LOGIN}, true, true},
	{HTTP_POST, "/language", {422, 422, 422, 422, 422, 422, 422, 422, 422, 422}, true},
	{HTTP_GET, "/", {LOGIN, 200, 200, 200, 200, 200, 200, 200, 200, LOGIN}},
	{HTTP_GET, "/account", {LOGIN, 200, 200, 200, 200, 200, 200, 200, 200, LOGIN}},
	{HTTP_POST, "/account/password", {LOGIN, 422, 422, 422, 422, 422, 422, 422, 422, LOGIN}},
	{HTTP_GET, "/persons", {LOGIN, 200, 200, 200, 200, 200, FORBID, FORBID, FORBID, LOGIN}},
	{HTTP_GET, "/persons/new", {LOGIN, 200, 200, 200, 200, 200, FORBID, FORBID, FORBID, LOGIN}},
	{HTTP_POST, "/persons", {LOGIN, 422, 422, 422, 422, 422, FORBID, FORBID, FORBID, LOGIN}},
	{HTTP_GET, "/persons/{id}", {LOGIN, 200, 200, 200, NOTFND, 200, FORBID, FORBID, FORBID, LOGIN}},
	{HTTP_POST, "/persons/{id}", {LOGIN, 422, 422, 422, NOTFND, 422, FORBID, FORBID, FORBID, LOGIN}},
	{HTTP_POST, "/persons/{id}/related", {LOGIN, 422, 422, 422, NOTFND, 422, FORBID, FORBID, FORBID, LOGIN}},
	{HTTP_POST, "/persons/{id}/own-reading", {LOGIN, 409, 409, 409, NOTFND, 409, FORBID, FORBID, FORBID, LOGIN}},
	{HTTP_POST, "/api/v1/persons/{id}/own-reading", {UNAUTH, 409, 409, 409, NOTFND, 409, FORBID, FORBID, FORBID, UNAUTH}},
	{HTTP_POST, "/persons/{id}/related/{rid}", {LOGIN, 422, 422, NOTFND, NOTFND, 422, FORBID, FORBID, FORBID, LOGIN}},
	{HTTP_GET, "/plans/new", {LOGIN, 303, 303, 303, 303, 303, FORBID, FORBID, FORBID, LOGIN}},
	{HTTP_POST, "/plans", {LOGIN, NOTFND, NOTFND, NOTFND, NOTFND, NOTFND, FORBID, FORBID, FORBID, LOGIN}},
	{HTTP_GET, "/plans/{id}", {LOGIN, 200, 200, 200, NOTFND, 200, FORBID, FORBID, FORBID, LOGIN}},
	{HTTP_POST, "/plans/{id}/decline", {LOGIN, 409, FORBID, FORBID, NOTFND, FORBID, FORBID, FORBID, FORBID, LOGIN}},
	{HTTP_POST, "/plans/{id}/consents", {LOGIN, 303, FORBID, FORBID, NOTFND, FORBID, FORBID, FORBID, FORBID, LOGIN}},
	{HTTP_GET, "/plans/{id}/consents/{cid}/withdraw", {LOGIN, 200, 200, 200, NOTFND, 200, FORBID, FORBID, FORBID, LOGIN}},
	{HTTP_POST, "/plans/{id}/consents/{cid}/withdraw", {LOGIN, 303, 303, 303, NOTFND, 303, FORBID, FORBID, FORBID, LOGIN}},
	{HTTP_POST, "/plans/{id}/preparation", {LOGIN, 409, FORBID, FORBID, NOTFND, FORBID, FORBID, FORBID, FORBID, LOGIN}},
	{HTTP_POST, "/plans/{id}/meetings", {LOGIN, 303, FORBID, FORBID, NOTFND, FORBID, FORBID, FORBID, FORBID, LOGIN}},
	{HTTP_POST, "/plans/{id}/meetings/{mid}/cancel", {LOGIN, 409, FORBID, FORBID, NOTFND, FORBID, FORBID, FORBID, FORBID, LOGIN}},
	{HTTP_POST, "/plans/{id}/meetings/{mid}/reschedule", {LOGIN, 409, FORBID, FORBID, NOTFND, FORBID, FORBID, FORBID, FORBID, LOGIN}},
	{HTTP_GET, "/plans/{id}/meetings/{mid}/meeting.ics", {LOGIN, 200, 200, 200, NOTFND, 200, FORBID, FORBID, FORBID, LOGIN}},
	{HTTP_POST, "/plans/{id}/invitations", {LOGIN, 303, FORBID, FORBID, NOTFND, FORBID, FORBID, FORBID, FORBID, LOGIN}},
	{HTTP_GET, "/plans/{id}/establish", {LOGIN, 409, FORBID, FORBID, NOTFND, FORBID, FORBID, FORBID, FORBID, LOGIN}},
	{HTTP_POST, "/plans/{id}/establish", {LOGIN, 409, FORBID, FORBID, NOTFND, FORBID, FORBID, FORBID, FORBID, LOGIN}},
	{HTTP_GET, "/plans/{id}/revise", {LOGIN, 409, FORBID, FORBID, NOTFND, FORBID, FORBID, FORBID, FORBID, LOGIN}},
	{HTTP_POST, "/plans/{id}/revise", {LOGIN, 409, FORBID, FORBID, NOTFND, FORBID, FORBID, FORBID, FORBID, LOGIN}},
	{HTTP_POST, "/plans/{id}/follow-up", {LOGIN, 303, FORBID, FORBID, NOTFND, FORBID, FORBID, FORBID, FORBID, LOGIN}},
	/* step 6 pages (h/followup): Anna's plan is active, so the
	 * follow-up's and the approval's pages answer 409 to everyone
	 * taking part; writing the outcome, the approval and a handover is
	 * the lead unit's. */
	{HTTP_GET, "/plans/{id}/follow-up", {LOGIN, 409, 409, 409, NOTFND, 409, FORBID, FORBID, FORBID, LOGIN}},
	{HTTP_POST, "/plans/{id}/follow-up/results", {LOGIN, 409, 409, 409, NOTFND, 409, FORBID, FORBID, FORBID, LOGIN}},
	{HTTP_POST, "/plans/{id}/follow-up/conclude", {LOGIN, 409, FORBID, FORBID, NOTFND, FORBID, FORBID, FORBID, FORBID, LOGIN}},
	{HTTP_GET, "/plans/{id}/approval", {LOGIN, 409, 409, 409, NOTFND, 409, FORBID, FORBID, FORBID, LOGIN}},
	{HTTP_POST, "/plans/{id}/approval", {LOGIN, 409, FORBID, FORBID, NOTFND, FORBID, FORBID, FORBID, FORBID, LOGIN}},
	{HTTP_POST, "/plans/{id}/handovers", {LOGIN, 303, FORBID, FORBID, NOTFND, FORBID, FORBID, FORBID, FORBID, LOGIN}},
	{HTTP_POST, "/plans/{id}/close", {LOGIN, 303, FORBID, FORBID, NOTFND, FORBID, FORBID, FORBID, FORBID, LOGIN}},
	{HTTP_POST, "/plans/{id}/closing-notes", {LOGIN, 409, 409, 409, NOTFND, 409, FORBID, FORBID, FORBID, LOGIN}},
	{HTTP_GET, "/plans/{id}/versions/compare", {LOGIN, 422, 422, 422, NOTFND, 422, FORBID, FORBID, FORBID, LOGIN}},
	{HTTP_GET, "/plans/{id}/versions/{no}", {LOGIN, 200, 200, NOTFND, NOTFND, 200, FORBID, FORBID, FORBID, LOGIN}},
	/* The plan on paper (h/print). The nocat plan has no version yet;
	 * {iid} is an invitation to a unit in samplan, which has no letter
	 * (test_print.c fetches the letters of parties outside samplan). */
	{HTTP_GET, "/plans/{id}/print", {LOGIN, 200, 200, NOTFND, NOTFND, 200, FORBID, FORBID, FORBID, LOGIN}},
	{HTTP_GET, "/plans/{id}/versions/{no}/print", {LOGIN, 200, 200, NOTFND, NOTFND, 200, FORBID, FORBID, FORBID, LOGIN}},
	{HTTP_GET, "/plans/{id}/plain", {LOGIN, 200, 200, NOTFND, NOTFND, 200, FORBID, FORBID, FORBID, LOGIN}},
	{HTTP_GET, "/plans/{id}/versions/{no}/plain", {LOGIN, 200, 200, NOTFND, NOTFND, 200, FORBID, FORBID, FORBID, LOGIN}},
	{HTTP_GET, "/plans/{id}/plan.pdf", {LOGIN, 200, 200, NOTFND, NOTFND, 200, FORBID, FORBID, FORBID, LOGIN}},
	{HTTP_GET, "/plans/{id}/versions/{no}/plan.pdf", {LOGIN, 200, 200, NOTFND, NOTFND, 200, FORBID, FORBID, FORBID, LOGIN}},
	{HTTP_GET, "/plans/{id}/invitations/{iid}/letter.pdf", {LOGIN, NOTFND, NOTFND, NOTFND, NOTFND, NOTFND, FORBID, FORBID, FORBID, LOGIN}},
	{HTTP_GET, "/plans/{id}/meetings/{mid}/planning.pdf", {LOGIN, 200, 200, 200, NOTFND, 200, FORBID, FORBID, FORBID, LOGIN}},
	{HTTP_GET, "/invitations/{id}", {LOGIN, 200, 200, 200, NOTFND, 200, FORBID, FORBID, FORBID, LOGIN}},
	{HTTP_POST, "/invitations/{id}/reply", {LOGIN, FORBID, 409, 303, NOTFND, 409, FORBID, FORBID, FORBID, LOGIN}},
	{HTTP_POST, "/invitations/{id}/remind", {LOGIN, 409, FORBID, FORBID, NOTFND, FORBID, FORBID, FORBID, FORBID, LOGIN}},
	{HTTP_GET, "/admin/principals", {LOGIN, FORBID, FORBID, FORBID, FORBID, FORBID, 200, FORBID, FORBID, LOGIN}},
	{HTTP_GET, "/admin/principals/new", {LOGIN, FORBID, FORBID, FORBID, FORBID, FORBID, 200, FORBID, FORBID, LOGIN}},
	{HTTP_POST, "/admin/principals", {LOGIN, FORBID, FORBID, FORBID, FORBID, FORBID, 422, FORBID, FORBID, LOGIN}},
	{HTTP_GET, "/admin/principals/{id}", {LOGIN, FORBID, FORBID, FORBID, FORBID, FORBID, 200, FORBID, FORBID, LOGIN}},
	{HTTP_POST, "/admin/principals/{id}", {LOGIN, FORBID, FORBID, FORBID, FORBID, FORBID, 422, FORBID, FORBID, LOGIN}},
	{HTTP_GET, "/admin/units", {LOGIN, FORBID, FORBID, FORBID, FORBID, FORBID, 200, FORBID, FORBID, LOGIN}},
	{HTTP_GET, "/admin/units/new", {LOGIN, FORBID, FORBID, FORBID, FORBID, FORBID, 200, FORBID, FORBID, LOGIN}},
	{HTTP_POST, "/admin/units", {LOGIN, FORBID, FORBID, FORBID, FORBID, FORBID, 422, FORBID, FORBID, LOGIN}},
	{HTTP_GET, "/admin/units/{id}", {LOGIN, FORBID, FORBID, FORBID, FORBID, FORBID, 200, FORBID, FORBID, LOGIN}},
	{HTTP_POST, "/admin/units/{id}", {LOGIN, FORBID, FORBID, FORBID, FORBID, FORBID, 422, FORBID, FORBID, LOGIN}},
	{HTTP_GET, "/admin/users", {LOGIN, FORBID, FORBID, FORBID, FORBID, 200, 200, FORBID, FORBID, LOGIN}},
	{HTTP_GET, "/admin/users/new", {LOGIN, FORBID, FORBID, FORBID, FORBID, 200, 200, FORBID, FORBID, LOGIN}},
	{HTTP_POST, "/admin/users", {LOGIN, FORBID, FORBID, FORBID, FORBID, 422, 422, FORBID, FORBID, LOGIN}},
	{HTTP_GET, "/admin/users/{id}", {LOGIN, FORBID, FORBID, FORBID, FORBID, 200, 200, FORBID, FORBID, LOGIN}},
	{HTTP_POST, "/admin/users/{id}", {LOGIN, FORBID, FORBID, FORBID, FORBID, 422, 422, FORBID, FORBID, LOGIN}},
	{HTTP_POST, "/admin/users/{id}/deactivate", {LOGIN, FORBID, FORBID, FORBID, FORBID, 303, 303, FORBID, FORBID, LOGIN}, true},
	{HTTP_POST, "/admin/users/{id}/reactivate", {LOGIN, FORBID, FORBID, FORBID, FORBID, 303, 303, FORBID, FORBID, LOGIN}, true},
	{HTTP_GET, "/admin/import", {LOGIN, FORBID, FORBID, FORBID, FORBID, FORBID, 200, FORBID, FORBID, LOGIN}},
	{HTTP_POST, "/admin/import", {LOGIN, FORBID, FORBID, FORBID, FORBID, FORBID, 422, FORBID, FORBID, LOGIN}},
	{HTTP_GET, "/admin/outbox", {LOGIN, FORBID, FORBID, FORBID, FORBID, FORBID, 200, FORBID, FORBID, LOGIN}},
	{HTTP_GET, "/audit", {LOGIN, FORBID, FORBID, FORBID, FORBID, FORBID, FORBID, 200, FORBID, LOGIN}},
	{HTTP_GET, "/audit/report", {LOGIN, FORBID, FORBID, FORBID, FORBID, FORBID, FORBID, 200, FORBID, LOGIN}},
	{HTTP_GET, "/audit.csv", {LOGIN, FORBID, FORBID, FORBID, FORBID, FORBID, FORBID, 200, FORBID, LOGIN}},
	{HTTP_GET, "/audit/report.csv", {LOGIN, FORBID, FORBID, FORBID, FORBID, FORBID, FORBID, 200, FORBID, LOGIN}},
	/* the statistics: the follow-up group only (without ?table= the
	 * CSV is a bad request) */
	{HTTP_GET, "/statistics", {LOGIN, FORBID, FORBID, FORBID, FORBID, FORBID, FORBID, FORBID, 200, LOGIN}},
	{HTTP_GET, "/statistics.csv", {LOGIN, FORBID, FORBID, FORBID, FORBID, FORBID, FORBID, FORBID, 400, LOGIN}},
	{HTTP_GET, "/api/v1/statistics", {UNAUTH, FORBID, FORBID, FORBID, FORBID, FORBID, FORBID, FORBID, 200, UNAUTH}},
	{HTTP_GET, "/persons/{id}/access-log", {LOGIN, 200, NOTFND, NOTFND, NOTFND, NOTFND, FORBID, FORBID, FORBID, LOGIN}},
	{HTTP_GET, "/api/v1/me", {UNAUTH, 200, 200, 200, 200, 200, 200, 200, 200, UNAUTH}},
	{HTTP_GET, "/api/v1/principals", {UNAUTH, 200, 200, 200, 200, 200, 200, 200, 200, UNAUTH}},
	{HTTP_POST, "/api/v1/principals", {UNAUTH, FORBID, FORBID, FORBID, FORBID, FORBID, 422, FORBID, FORBID, UNAUTH}},
	{HTTP_GET, "/api/v1/units", {UNAUTH, 200, 200, 200, 200, 200, 200, 200, 200, UNAUTH}},
	{HTTP_POST, "/api/v1/units", {UNAUTH, FORBID, FORBID, FORBID, FORBID, FORBID, 422, FORBID, FORBID, UNAUTH}},
	{HTTP_GET, "/api/v1/units/{id}", {UNAUTH, 200, 200, 200, 200, 200, 200, 200, 200, UNAUTH}},
	{HTTP_POST, "/api/v1/units/{id}", {UNAUTH, FORBID, FORBID, FORBID, FORBID, FORBID, 422, FORBID, FORBID, UNAUTH}},
	{HTTP_GET, "/api/v1/users", {UNAUTH, FORBID, FORBID, FORBID, FORBID, 200, 200, FORBID, FORBID, UNAUTH}},
	{HTTP_POST, "/api/v1/users", {UNAUTH, FORBID, FORBID, FORBID, FORBID, 422, 422, FORBID, FORBID, UNAUTH}},
	{HTTP_GET, "/api/v1/users/{id}", {UNAUTH, FORBID, FORBID, FORBID, FORBID, 200, 200, FORBID, FORBID, UNAUTH}},
	{HTTP_POST, "/api/v1/users/{id}/deactivate", {UNAUTH, FORBID, FORBID, FORBID, FORBID, 200, 200, FORBID, FORBID, UNAUTH}, true},
	{HTTP_POST, "/api/v1/persons", {UNAUTH, 422, 422, 422, 422, 422, FORBID, FORBID, FORBID, UNAUTH}},
	{HTTP_GET, "/api/v1/persons", {UNAUTH, 422, 422, 422, 422, 422, FORBID, FORBID, FORBID, UNAUTH}},
	{HTTP_GET, "/api/v1/persons/{id}", {UNAUTH, 200, 200, 200, NOTFND, 200, FORBID, FORBID, FORBID, UNAUTH}},
	{HTTP_POST, "/api/v1/persons/{id}", {UNAUTH, 422, 422, 422, NOTFND, 422, FORBID, FORBID, FORBID, UNAUTH}},
	{HTTP_POST, "/api/v1/persons/{id}/related", {UNAUTH, 422, 422, 422, NOTFND, 422, FORBID, FORBID, FORBID, UNAUTH}},
	{HTTP_POST, "/api/v1/persons/{id}/related/{rid}", {UNAUTH, 422, 422, NOTFND, NOTFND, 422, FORBID, FORBID, FORBID, UNAUTH}},
	{HTTP_GET, "/api/v1/persons/{id}/plans", {UNAUTH, 200, 200, 200, NOTFND, 200, FORBID, FORBID, FORBID, UNAUTH}},
	{HTTP_GET, "/api/v1/persons/{id}/access-log", {UNAUTH, 200, NOTFND, NOTFND, NOTFND, NOTFND, FORBID, FORBID, FORBID, UNAUTH}},
	{HTTP_POST, "/api/v1/plans", {UNAUTH, 422, 422, 422, 422, 422, FORBID, FORBID, FORBID, UNAUTH}},
	{HTTP_GET, "/api/v1/plans", {UNAUTH, 200, 200, 200, 200, 200, FORBID, FORBID, FORBID, UNAUTH}},
	{HTTP_GET, "/api/v1/plans/{id}", {UNAUTH, 200, 200, 200, NOTFND, 200, FORBID, FORBID, FORBID, UNAUTH}},
	{HTTP_POST, "/api/v1/plans/{id}/decline", {UNAUTH, 409, FORBID, FORBID, NOTFND, FORBID, FORBID, FORBID, FORBID, UNAUTH}},
	{HTTP_POST, "/api/v1/plans/{id}/consents", {UNAUTH, 422, FORBID, FORBID, NOTFND, FORBID, FORBID, FORBID, FORBID, UNAUTH}},
	{HTTP_POST, "/api/v1/plans/{id}/consents/{cid}/withdraw", {UNAUTH, 422, 422, 422, NOTFND, 422, FORBID, FORBID, FORBID, UNAUTH}},
	{HTTP_POST, "/api/v1/plans/{id}/preparation", {UNAUTH, 409, FORBID, FORBID, NOTFND, FORBID, FORBID, FORBID, FORBID, UNAUTH}},
	{HTTP_POST, "/api/v1/plans/{id}/meetings", {UNAUTH, 422, FORBID, FORBID, NOTFND, FORBID, FORBID, FORBID, FORBID, UNAUTH}},
	{HTTP_POST, "/api/v1/plans/{id}/meetings/{mid}/cancel", {UNAUTH, 409, FORBID, FORBID, NOTFND, FORBID, FORBID, FORBID, FORBID, UNAUTH}},
	{HTTP_POST, "/api/v1/plans/{id}/meetings/{mid}/reschedule", {UNAUTH, 409, FORBID, FORBID, NOTFND, FORBID, FORBID, FORBID, FORBID, UNAUTH}},
	{HTTP_GET, "/api/v1/plans/{id}/meetings/{mid}/meeting.ics", {UNAUTH, 200, 200, 200, NOTFND, 200, FORBID, FORBID, FORBID, UNAUTH}},
	{HTTP_POST, "/api/v1/plans/{id}/invitations", {UNAUTH, 422, FORBID, FORBID, NOTFND, FORBID, FORBID, FORBID, FORBID, UNAUTH}},
	{HTTP_POST, "/api/v1/plans/{id}/establish", {UNAUTH, 409, FORBID, FORBID, NOTFND, FORBID, FORBID, FORBID, FORBID, UNAUTH}},
	{HTTP_POST, "/api/v1/plans/{id}/follow-up", {UNAUTH, 422, FORBID, FORBID, NOTFND, FORBID, FORBID, FORBID, FORBID, UNAUTH}},
	/* step 6 (h/followup): results are each principal's own part, so
	 * every unit taking part reaches the state check (the plan is
	 * active, not in follow-up); the rest is the lead unit's. */
	{HTTP_POST, "/api/v1/plans/{id}/follow-up/results", {UNAUTH, 409, 409, 409, NOTFND, 409, FORBID, FORBID, FORBID, UNAUTH}},
	{HTTP_POST, "/api/v1/plans/{id}/follow-up/conclude", {UNAUTH, 409, FORBID, FORBID, NOTFND, FORBID, FORBID, FORBID, FORBID, UNAUTH}},
	{HTTP_POST, "/api/v1/plans/{id}/approval", {UNAUTH, 409, FORBID, FORBID, NOTFND, FORBID, FORBID, FORBID, FORBID, UNAUTH}},
	{HTTP_POST, "/api/v1/plans/{id}/handovers", {UNAUTH, 422, FORBID, FORBID, NOTFND, FORBID, FORBID, FORBID, FORBID, UNAUTH}},
	{HTTP_POST, "/api/v1/plans/{id}/revise", {UNAUTH, 409, FORBID, FORBID, NOTFND, FORBID, FORBID, FORBID, FORBID, UNAUTH}},
	{HTTP_POST, "/api/v1/plans/{id}/close", {UNAUTH, 422, FORBID, FORBID, NOTFND, FORBID, FORBID, FORBID, FORBID, UNAUTH}},
	{HTTP_GET, "/api/v1/plans/{id}/closing", {UNAUTH, 200, 200, 200, NOTFND, 200, FORBID, FORBID, FORBID, UNAUTH}},
	{HTTP_POST, "/api/v1/plans/{id}/closing-notes", {UNAUTH, 409, 409, 409, NOTFND, 409, FORBID, FORBID, FORBID, UNAUTH}},
	{HTTP_GET, "/api/v1/plans/{id}/versions/compare", {UNAUTH, 422, 422, 422, NOTFND, 422, FORBID, FORBID, FORBID, UNAUTH}},
	{HTTP_GET, "/api/v1/plans/{id}/versions/{no}", {UNAUTH, 200, 200, NOTFND, NOTFND, 200, FORBID, FORBID, FORBID, UNAUTH}},
	{HTTP_GET, "/api/v1/invitations", {UNAUTH, 200, 200, 200, 200, 200, FORBID, FORBID, FORBID, UNAUTH}},
	{HTTP_GET, "/api/v1/worklist", {UNAUTH, 200, 200, 200, 200, 200, FORBID, FORBID, FORBID, UNAUTH}},
	{HTTP_POST, "/api/v1/invitations/{id}/reply", {UNAUTH, FORBID, 409, 422, NOTFND, 409, FORBID, FORBID, FORBID, UNAUTH}},
	{HTTP_POST, "/api/v1/invitations/{id}/remind", {UNAUTH, 409, FORBID, FORBID, NOTFND, FORBID, FORBID, FORBID, FORBID, UNAUTH}},
	/* FHIR R4 (h/fhir): a read, as GET /api/v1/plans/{id}; a caller
	 * without credentials gets 401 as from the API */
	{HTTP_POST, "/plans/{id}/citizen-letter", {LOGIN, 422, FORBID, FORBID, NOTFND, FORBID, FORBID, FORBID, FORBID, LOGIN}},
	{HTTP_GET, "/fhir/CarePlan/{id}", {UNAUTH, 200, 200, 200, NOTFND, 200, FORBID, FORBID, FORBID, UNAUTH}},
	/* The individual's own samplan: staff sessions are not looked at
	 * under /citizen, so every staff caller is a stranger there */
	{HTTP_GET, "/citizen", {200, 200, 200, 200, 200, 200, 200, 200, 200, 200}},
	{HTTP_POST, "/citizen/sign-in", {FORBID, FORBID, FORBID, FORBID, FORBID, FORBID, FORBID, FORBID, FORBID, FORBID}, true},
	{HTTP_POST, "/citizen/sign-out", {303, 303, 303, 303, 303, 303, 303, 303, 303, 303}, true, true},
	/* h/cconsent: Anna's consents; staff are strangers under /citizen.
	 * An empty POST changes nothing: the withdrawal needs its page's
	 * confirmation. */
	{HTTP_GET, "/citizen/plans/{id}/consents", {303, 303, 303, 303, 303, 303, 303, 303, 303, 200}},
	{HTTP_GET, "/citizen/plans/{id}/consents/{cid}/narrow", {303, 303, 303, 303, 303, 303, 303, 303, 303, 200}},
	{HTTP_POST, "/citizen/plans/{id}/consents/{cid}/narrow", {303, 303, 303, 303, 303, 303, 303, 303, 303, 422}},
	{HTTP_GET, "/citizen/plans/{id}/consents/{cid}/withdraw", {303, 303, 303, 303, 303, 303, 303, 303, 303, 200}},
	{HTTP_POST, "/citizen/plans/{id}/consents/{cid}/withdraw", {303, 303, 303, 303, 303, 303, 303, 303, 303, 422}},
	{HTTP_GET, "/citizen/plans/{id}/consents/{cid}/widen", {303, 303, 303, 303, 303, 303, 303, 303, 303, 200}},
	{HTTP_POST, "/citizen/plans/{id}/consents/{cid}/widen", {303, 303, 303, 303, 303, 303, 303, 303, 303, 422}},
	{HTTP_GET, "/citizen/plans/{id}/follow-up-request", {303, 303, 303, 303, 303, 303, 303, 303, 303, 200}},
	{HTTP_POST, "/citizen/plans/{id}/follow-up-request", {303, 303, 303, 303, 303, 303, 303, 303, 303, 422}},
	{HTTP_POST, "/notices/{nid}/seen", {LOGIN, 422, 422, 422, 422, 422, FORBID, FORBID, FORBID, LOGIN}},
	{HTTP_POST, "/api/v1/notices/{id}/seen", {UNAUTH, 422, 422, 422, 422, 422, FORBID, FORBID, FORBID, UNAUTH}},
	/* the citizen pages' information text (h/clang): public, for all */
	{HTTP_GET, "/citizen/about", {200, 200, 200, 200, 200, 200, 200, 200, 200, 200}},
	{HTTP_POST, "/citizen/language", {422, 422, 422, 422, 422, 422, 422, 422, 422, 422}},
	/* h/cextract: who read my data, feedback after a meeting (Anna's
	 * held SIP meeting; the empty POST answers nothing: 422), and the
	 * feedback summed for staff */
	{HTTP_GET, "/citizen/access-log", {303, 303, 303, 303, 303, 303, 303, 303, 303, 200}},
	{HTTP_GET, "/citizen/access-log.pdf", {303, 303, 303, 303, 303, 303, 303, 303, 303, 200}},
	{HTTP_GET, "/citizen/plans/{id}/meetings/{mid}/feedback", {303, 303, 303, 303, 303, 303, 303, 303, 303, 200}},
	{HTTP_POST, "/citizen/plans/{id}/meetings/{mid}/feedback", {303, 303, 303, 303, 303, 303, 303, 303, 303, 422}},
	{HTTP_GET, "/feedback", {LOGIN, 200, 200, 200, 200, 200, FORBID, FORBID, FORBID, LOGIN}},
	/* h/cread: reading the plan and the meetings; {no} is 1, so its
	 * changes (from the version before 1) do not exist */
	{HTTP_GET, "/citizen/plans/{id}", {LOGIN, LOGIN, LOGIN, LOGIN, LOGIN, LOGIN, LOGIN, LOGIN, LOGIN, 200}},
	{HTTP_GET, "/citizen/plans/{id}/plan.pdf", {LOGIN, LOGIN, LOGIN, LOGIN, LOGIN, LOGIN, LOGIN, LOGIN, LOGIN, 200}},
	{HTTP_GET, "/citizen/plans/{id}/versions/{no}", {LOGIN, LOGIN, LOGIN, LOGIN, LOGIN, LOGIN, LOGIN, LOGIN, LOGIN, 200}},
	{HTTP_GET, "/citizen/plans/{id}/versions/{no}/plan.pdf", {LOGIN, LOGIN, LOGIN, LOGIN, LOGIN, LOGIN, LOGIN, LOGIN, LOGIN, 200}},
	{HTTP_GET, "/citizen/plans/{id}/versions/{no}/changes", {LOGIN, LOGIN, LOGIN, LOGIN, LOGIN, LOGIN, LOGIN, LOGIN, LOGIN, NOTFND}},
	{HTTP_GET, "/citizen/plans/{id}/meetings", {LOGIN, LOGIN, LOGIN, LOGIN, LOGIN, LOGIN, LOGIN, LOGIN, LOGIN, 200}},
	{HTTP_GET, "/citizen/plans/{id}/meetings/{mid}/meeting.ics", {LOGIN, LOGIN, LOGIN, LOGIN, LOGIN, LOGIN, LOGIN, LOGIN, LOGIN, 200}},
	/* h/cown: Anna's own part, the proposal (none waits on the demo plan:
	 * approving is a conflict) and asking for a SIP; every POST empty */
	{HTTP_GET, "/citizen/plans/{id}/own", {303, 303, 303, 303, 303, 303, 303, 303, 303, 200}},
	{HTTP_POST, "/citizen/plans/{id}/own", {303, 303, 303, 303, 303, 303, 303, 303, 303, 400}},
	{HTTP_GET, "/citizen/plans/{id}/proposal", {303, 303, 303, 303, 303, 303, 303, 303, 303, 200}},
	{HTTP_POST, "/citizen/plans/{id}/proposal/approve", {303, 303, 303, 303, 303, 303, 303, 303, 303, 409}},
	{HTTP_POST, "/citizen/plans/{id}/proposal/reject", {303, 303, 303, 303, 303, 303, 303, 303, 303, 422}},
	{HTTP_GET, "/citizen/ask", {303, 303, 303, 303, 303, 303, 303, 303, 303, 200}},
	{HTTP_POST, "/citizen/ask", {303, 303, 303, 303, 303, 303, 303, 303, 303, 422}},
	{HTTP_GET, "/fhir/CarePlan/{id}/$everything", {UNAUTH, 200, 200, 200, NOTFND, 200, FORBID, FORBID, FORBID, UNAUTH}},
	/* issue 12, meeting evaluation and paper feedback: Anna's meeting is
	 * held and bo's unit (ulla's too) was there; the test plan's meeting
	 * is not held yet (409); only the lead unit types in paper (403) */
	{HTTP_GET, "/plans/{id}/meetings/{mid}/evaluation", {LOGIN, 200, 200, 409, NOTFND, 200, FORBID, FORBID, FORBID, LOGIN}},
	{HTTP_POST, "/plans/{id}/meetings/{mid}/evaluation", {LOGIN, 422, 422, 409, NOTFND, 422, FORBID, FORBID, FORBID, LOGIN}},
	{HTTP_GET, "/plans/{id}/meetings/{mid}/evaluations", {LOGIN, 200, 200, 200, NOTFND, 200, FORBID, FORBID, FORBID, LOGIN}},
	{HTTP_GET, "/plans/{id}/meetings/{mid}/feedback/paper", {LOGIN, 200, FORBID, FORBID, NOTFND, FORBID, FORBID, FORBID, FORBID, LOGIN}},
	{HTTP_POST, "/plans/{id}/meetings/{mid}/feedback/paper", {LOGIN, 422, FORBID, FORBID, NOTFND, FORBID, FORBID, FORBID, FORBID, LOGIN}},
	{HTTP_GET, "/api/v1/plans/{id}/meetings/{mid}/evaluations", {UNAUTH, 200, 200, 200, NOTFND, 200, FORBID, FORBID, FORBID, UNAUTH}},
	{HTTP_POST, "/api/v1/plans/{id}/meetings/{mid}/evaluations", {UNAUTH, 422, 422, 409, NOTFND, 422, FORBID, FORBID, FORBID, UNAUTH}},
	{HTTP_POST, "/api/v1/plans/{id}/meetings/{mid}/paper-feedback", {UNAUTH, 422, FORBID, FORBID, NOTFND, FORBID, FORBID, FORBID, FORBID, UNAUTH}},
	/* Issue 12, deviations: the fixture's deviation is eva's unit's
	 * against bo's unit (ulla's too); its step is "receive", which the
	 * reporter's unit may not take and an empty body leaves without a
	 * handler (422) */
	{HTTP_GET, "/plans/{id}/deviations/new", {LOGIN, 200, 200, 200, NOTFND, 200, FORBID, FORBID, FORBID, LOGIN}},
	{HTTP_POST, "/plans/{id}/deviations/new", {LOGIN, 422, 422, 422, NOTFND, 422, FORBID, FORBID, FORBID, LOGIN}},
	{HTTP_GET, "/deviations", {LOGIN, 200, 200, 200, 200, 200, FORBID, FORBID, FORBID, LOGIN}},
	{HTTP_GET, "/deviations/{id}", {LOGIN, 200, 200, 200, NOTFND, 200, FORBID, FORBID, FORBID, LOGIN}},
	{HTTP_POST, "/deviations/{id}/{step}", {LOGIN, FORBID, 422, 422, NOTFND, 422, FORBID, FORBID, FORBID, LOGIN}},
	{HTTP_POST, "/api/v1/plans/{id}/deviations", {UNAUTH, 422, 422, 422, NOTFND, 422, FORBID, FORBID, FORBID, UNAUTH}},
	{HTTP_GET, "/api/v1/deviations", {UNAUTH, 200, 200, 200, 200, 200, FORBID, FORBID, FORBID, UNAUTH}},
	{HTTP_GET, "/api/v1/deviations/{id}", {UNAUTH, 200, 200, 200, NOTFND, 200, FORBID, FORBID, FORBID, UNAUTH}},
	{HTTP_POST, "/api/v1/deviations/{id}/{step}", {UNAUTH, FORBID, 422, 422, NOTFND, 422, FORBID, FORBID, FORBID, UNAUTH}},
};
/* clang-format on */

static const struct row *row_for(const struct route *rt)
{
	for (size_t i = 0; i < sizeof rows / sizeof *rows; i++)
		if (rows[i].method == rt->method &&
		    strcmp(rows[i].pattern, rt->pattern) == 0)
			return &rows[i];
	return NULL;
}

/* ---- the fixture: ids to put into the patterns ---- */

struct fixture {
	int64_t plan, person, consent, meeting, invitation, related;
	int64_t user, unit, principal;
	int64_t deviation; /* eva's unit's, against bo's unit (issue 12) */
};
static struct fixture anna, nocat;

static int64_t sql_int(const char *sql, int64_t arg)
{
	char a[32];
	snprintf(a, sizeof a, "%lld", (long long)arg);
	return ht_sql_int(&srv, sql, a);
}

static void fixture_load(struct fixture *f, int64_t plan)
{
	f->plan = plan;
	f->person = sql_int("SELECT person_id FROM plan WHERE id = ?", plan);
	f->consent = sql_int("SELECT MIN(id) FROM consent WHERE plan_id = ?",
	                     plan);
	f->meeting = sql_int("SELECT MIN(id) FROM meeting WHERE plan_id = ?",
	                     plan);
	f->invitation = sql_int("SELECT MIN(i.id) FROM invitation i JOIN meeting"
	                        " m ON m.id = i.meeting_id WHERE m.plan_id = ?",
	                        plan);
	f->related = sql_int("SELECT MIN(id) FROM related_person WHERE"
	                     " person_id = ?", f->person);
	/* A user of bo's unit of the test's own: deactivate and reactivate
	 * (POST with no body) really act on it. */
	f->user = ht_sql_int(&srv, "SELECT id FROM user_account WHERE"
	                     " username = ?", "matrisoffer");
	f->unit = ht_sql_int(&srv, "SELECT id FROM unit WHERE hsa_id = ?",
	                     "SE2120000837-SPB1");
	f->principal = sql_int("SELECT principal_id FROM unit WHERE id = ?",
	                       f->unit);
	ht_sql_exec(&srv, ht_fmt(&srv,
		"INSERT INTO deviation (plan_id, unit_id, principal_id, kind,"
		" description, reported_at, reported_by, reporter_unit_id,"
		" answer_due, updated_at) SELECT p.id, u.id, u.principal_id,"
		" 'other', 'Matrisavvikelse', 0, ua.id, p.lead_unit_id,"
		" '2099-01-01', 0 FROM plan p, unit u, user_account ua"
		" WHERE p.id = %lld AND u.id = %lld AND ua.username = 'eva'",
		(long long)plan, (long long)f->unit), NULL);
	f->deviation = sql_int("SELECT MAX(id) FROM deviation WHERE plan_id = ?",
	                       plan);
}

/* The pattern with the fixture's ids in its {names}. */
static const char *fill(const char *pattern, const struct fixture *f)
{
	static char out[512];
	size_t o = 0;
	bool users = strstr(pattern, "/users/") != NULL;
	bool units = strstr(pattern, "/units/") != NULL;
	bool principals = strstr(pattern, "/principals/") != NULL;
	bool persons = strstr(pattern, "/persons/") != NULL;
	bool deviations = strncmp(pattern, "/deviations/", 12) == 0 ||
	                  strncmp(pattern, "/api/v1/deviations/", 19) == 0;
	bool invitations = strncmp(pattern, "/invitations/", 13) == 0 ||
	                   strncmp(pattern, "/api/v1/invitations/", 20) == 0;
	for (const char *p = pattern; *p && o < sizeof out - 32;) {
		if (*p != '{') {
			out[o++] = *p++;
			continue;
		}
		const char *end = strchr(p, '}');
		assert_non_null(end);
		size_t n = (size_t)(end - p - 1);
		const char *name = p + 1;
		const char *v;
		if (n == 4 && strncmp(name, "name", 4) == 0)
			v = "style.css";
		else if (n == 2 && strncmp(name, "no", 2) == 0)
			v = "1";
		else if (n == 3 && strncmp(name, "cid", 3) == 0)
			v = ht_fmt(&srv, "%lld", (long long)f->consent);
		else if (n == 3 && strncmp(name, "mid", 3) == 0)
			v = ht_fmt(&srv, "%lld", (long long)f->meeting);
		else if (n == 3 && strncmp(name, "iid", 3) == 0)
			v = ht_fmt(&srv, "%lld", (long long)f->invitation);
		else if (n == 3 && strncmp(name, "rid", 3) == 0)
			v = ht_fmt(&srv, "%lld", (long long)f->related);
		else if (n == 4 && strncmp(name, "step", 4) == 0)
			v = "receive";
		else if (deviations)
			v = ht_fmt(&srv, "%lld", (long long)f->deviation);
		else if (users)
			v = ht_fmt(&srv, "%lld", (long long)f->user);
		else if (units)
			v = ht_fmt(&srv, "%lld", (long long)f->unit);
		else if (principals)
			v = ht_fmt(&srv, "%lld", (long long)f->principal);
		else if (persons)
			v = ht_fmt(&srv, "%lld", (long long)f->person);
		else if (invitations)
			v = ht_fmt(&srv, "%lld", (long long)f->invitation);
		else
			v = ht_fmt(&srv, "%lld", (long long)f->plan);
		size_t vl = strlen(v);
		memcpy(out + o, v, vl);
		o += vl;
		p = end + 1;
	}
	out[o] = '\0';
	return out;
}

/* ---- callers ---- */

struct session {
	struct ht_client *page; /* cookie session, for pages */
	struct ht_client *api;  /* bearer token, for /api/v1 */
	const char *csrf;
};
static struct session sessions[NCALLERS];

static void sessions_open(void)
{
	for (int c = 0; c < NCALLERS; c++) {
		struct session *s = &sessions[c];
		s->page = ht_client_new(&srv);
		s->api = ht_client_new(&srv);
		if (!caller_users[c] && c != C_CITIZEN)
			continue;
		if (c == C_NOCAT) /* the same user as C_PART */
			continue;
		if (c == C_CITIZEN) {
			assert_true(ht_citizen_sign_in(s->page, ANNA_PNR));
			s->csrf = ht_citizen_csrf(s->page);
			assert_non_null(s->csrf);
			continue;
		}
		assert_true(ht_login(s->page, caller_users[c], HT_DEMO_PASSWORD));
		s->csrf = ht_csrf(s->page);
		assert_non_null(s->csrf);
		ht_client_bearer(s->api, ht_token_create(&srv, caller_users[c]));
	}
	sessions[C_NOCAT] = sessions[C_PART];
}

static bool is_api(const char *path) { return strncmp(path, "/api/", 5) == 0; }

static const struct ht_response *call(enum caller c, const struct route *rt,
                                      const char *path, bool own_session)
{
	struct session *s = &sessions[c];
	struct session own;
	if (own_session && c == C_CITIZEN) {
		own.page = ht_client_new(&srv);
		own.api = ht_client_new(&srv);
		assert_true(ht_citizen_sign_in(own.page, ANNA_PNR));
		own.csrf = ht_citizen_csrf(own.page);
		s = &own;
	} else if (own_session && caller_users[c]) {
		own.page = ht_client_new(&srv);
		own.api = ht_client_new(&srv);
		assert_true(ht_login(own.page, caller_users[c], HT_DEMO_PASSWORD));
		own.csrf = ht_csrf(own.page);
		ht_client_bearer(own.api, ht_token_create(&srv, caller_users[c]));
		s = &own; /* its responses live until the test's end: not freed */
	}
	if (rt->method == HTTP_GET)
		return ht_get(is_api(path) ? s->api : s->page, path);
	if (is_api(path))
		return ht_post_json(s->api, path, "{}", NULL);
	if (s->csrf)
		return ht_post_form(s->page, path, "csrf_token", s->csrf, NULL);
	return ht_post_form(s->page, path, NULL);
}

static bool refused(long status)
{
	return status == LOGIN || status == UNAUTH || status == FORBID ||
	       status == NOTFND;
}

static const char *leaked(const struct ht_response *r,
                          const char *const *secrets)
{
	for (int i = 0; secrets[i]; i++)
		if (r->body && strstr(r->body, secrets[i]))
			return secrets[i];
	return NULL;
}

/* Rows of a table other than the audit log changed since `before`
 * (reads and refused attempts are audited: that is not a change of
 * personal data). Says which; 1 or 0. */
static int changed(const struct ht_snapshot *before, const struct route *rt,
                   const char *path, enum caller c)
{
	struct ht_snapshot after;
	ht_snapshot_take(&srv, &after);
	for (int i = 0; i < before->n && i < after.n; i++) {
		/* A form refused for what was typed is kept for its GET
		 * (Post/Redirect/Get, sip/form_refill.h): no data changed. */
		if (strcmp(before->table[i], "audit_log") == 0 ||
		    strncmp(before->table[i], "audit_", 6) == 0 ||
		    strncmp(before->table[i], "form_refill", 11) == 0)
			continue;
		if (before->rows[i] != after.rows[i]) {
			fprintf(stderr, "%s %s as %s changed table %s (%lld -> %lld)\n",
			        http_method_name(rt->method), path, caller_names[c],
			        before->table[i], (long long)before->rows[i],
			        (long long)after.rows[i]);
			return 1;
		}
	}
	return 0;
}

/* ---- the tests ---- */

/* Every route has a row, and every row a route. */
static void test_every_route_has_a_row(void **state)
{
	(void)state;
	int missing = 0;
	for (size_t i = 0; i < nroutes; i++)
		if (!row_for(&routes[i])) {
			fprintf(stderr, "no row for %s %s\n",
			        http_method_name(routes[i].method),
			        routes[i].pattern);
			missing++;
		}
	for (size_t i = 0; i < sizeof rows / sizeof *rows; i++) {
		bool found = false;
		for (size_t j = 0; j < nroutes && !found; j++)
			found = rows[i].method == routes[j].method &&
			        strcmp(rows[i].pattern, routes[j].pattern) == 0;
		if (!found) {
			fprintf(stderr, "row for a route that is gone: %s %s\n",
			        http_method_name(rows[i].method), rows[i].pattern);
			missing++;
		}
	}
	assert_int_equal(missing, 0);
}

static void test_matrix(void **state)
{
	(void)state;
	bool print = getenv("AUTHZ_PRINT") != NULL;
	int wrong = 0;
	for (size_t i = 0; i < nroutes; i++) {
		const struct route *rt = &routes[i];
		const struct row *row = row_for(rt);
		static const struct row unknown;
		if (!row && !print)
			continue; /* reported by test_every_route_has_a_row */
		if (!row)
			row = &unknown;
		if (print)
			fprintf(stderr, "\t{HTTP_%s, \"%s\", {",
			        http_method_name(rt->method), rt->pattern);
		for (int c = 0; c < NCALLERS; c++) {
			const struct fixture *f = c == C_NOCAT ? &nocat : &anna;
			const char *const *secrets =
				c == C_NOCAT ? nocat_secrets : anna_secrets;
			const char *path = fill(rt->pattern, f);
			struct ht_snapshot before;
			ht_snapshot_take(&srv, &before);
			const struct ht_response *r =
				call((enum caller)c, rt, path, row->own_session);
			if (print)
				fprintf(stderr, "%s%ld", c ? ", " : "", r->status);
			if (r->status != row->expect[c] && !print) {
				fprintf(stderr, "%s %s as %s: %ld, expected %ld\n",
				        http_method_name(rt->method), path,
				        caller_names[c], r->status, row->expect[c]);
				wrong++;
			}
			if (refused(r->status)) {
				const char *what = leaked(r, secrets);
				if (what) {
					fprintf(stderr, "%s %s as %s: refused with %ld"
					        " but the body shows \"%s\"\n",
					        http_method_name(rt->method), path,
					        caller_names[c], r->status, what);
					wrong++;
				}
			}
			if (c == C_NOCAT && r->body && strstr(r->body, NOCAT_HEALTH)) {
				fprintf(stderr, "%s %s as nocat: shows the health field"
				        " the consent does not cover\n",
				        http_method_name(rt->method), path);
				wrong++;
			}
			if (rt->method == HTTP_POST && !row->writes)
				wrong += changed(&before, rt, path, (enum caller)c);
		}
		if (print)
			fprintf(stderr, "}},\n");
	}
	assert_int_equal(wrong, 0);
}

/* The unrelated unit, the administrators, the reviewer and the
 * follow-up group get no byte of Anna's data from any GET, whatever its
 * status. */
static void test_no_data_to_outsiders(void **state)
{
	(void)state;
	const enum caller outsiders[] = {C_ANON, C_OTHER, C_SYSADMIN,
	                                 C_REVIEWER, C_FOLLOW_UP};
	int wrong = 0;
	for (size_t i = 0; i < nroutes; i++) {
		const struct route *rt = &routes[i];
		if (rt->method != HTTP_GET)
			continue;
		/* The reviewer's pages show names from the log by design. */
		bool audit = strncmp(rt->pattern, "/audit", 6) == 0 ||
		             strncmp(rt->pattern, "/api/v1/audit", 13) == 0;
		const char *path = fill(rt->pattern, &anna);
		for (size_t k = 0; k < sizeof outsiders / sizeof *outsiders; k++) {
			if (audit && outsiders[k] == C_REVIEWER)
				continue;
			const struct ht_response *r = call(outsiders[k], rt, path, false);
			const char *what = leaked(r, anna_secrets);
			if (what) {
				fprintf(stderr, "GET %s as %s (%ld) shows \"%s\"\n", path,
				        caller_names[outsiders[k]], r->status, what);
				wrong++;
			}
		}
	}
	assert_int_equal(wrong, 0);
}

/* ---- set-up ---- */

/* A plan of the test's own: eva leads it, bo's principal (the
 * municipality) has a consent for "social" only, and bo's unit is
 * invited, so it takes part. */
static int64_t nocat_plan(void)
{
	struct ht_client *eva = sessions[C_LEAD].api;
	const struct ht_response *r = ht_post_json(eva, "/api/v1/persons",
		"{\"personnummer\": \"" NOCAT_PNR "\", \"given_name\": \"Mia\","
		" \"family_name\": \"Matrisdottir\", \"address\": \"Matrisgatan 7\","
		" \"postal_code\": \"771 30\", \"city\": \"Ludvika\","
		" \"phone\": \"070-999 88 77\"}", NULL);
	assert_int_equal(r->status, 201);
	int64_t person = ht_sql_int(&srv, "SELECT id FROM person WHERE"
	                            " personnummer = ?", NOCAT_PNR);
	int64_t region = ht_sql_int(&srv, "SELECT principal_id FROM unit WHERE"
	                            " hsa_id = ?", "SE2321000180-VPL1");
	int64_t ludvika = ht_sql_int(&srv, "SELECT principal_id FROM unit WHERE"
	                             " hsa_id = ?", "SE2120000837-SPB1");
	int64_t spb = ht_sql_int(&srv, "SELECT id FROM unit WHERE hsa_id = ?",
	                         "SE2120000837-SPB1");
	r = ht_post_json(eva, "/api/v1/plans", ht_fmt(&srv,
		"{\"person_id\": %lld, \"initiated_by\": \"professional\","
		" \"need_professional\": \"Behov av samordning.\","
		" \"is_discharge\": true, \"hospital_episode\": \"" NOCAT_HEALTH "\","
		" \"principal_ids\": [%lld, %lld]}",
		(long long)person, (long long)region, (long long)ludvika), NULL);
	assert_int_equal(r->status, 201);
	int64_t plan = ht_sql_int(&srv, "SELECT MAX(id) FROM plan", NULL);
	r = ht_post_json(eva, ht_fmt(&srv, "/api/v1/plans/%lld/consents", (long long)plan),
		ht_fmt(&srv, "{\"given_by\": \"individual\", \"form\": \"written\","
		       " \"scopes\": [\"social\"], \"recipient_ids\": [%lld],"
		       " \"valid_until\": \"2099-12-31\"}", (long long)ludvika), NULL);
	assert_int_equal(r->status, 201);
	r = ht_post_json(eva, ht_fmt(&srv, "/api/v1/plans/%lld/preparation",
	                             (long long)plan),
		"{\"purpose\": \"Planera stödet.\", \"participation\": \"whole\"}",
		NULL);
	assert_int_equal(r->status, 200);
	r = ht_post_json(eva, ht_fmt(&srv, "/api/v1/plans/%lld/meetings", (long long)plan),
		"{\"date\": \"2099-01-15\", \"start_time\": \"10:00\","
		" \"duration_minutes\": 60, \"place\": \"Ludvika\","
		" \"purpose\": \"Planera stödet.\"}", NULL);
	assert_int_equal(r->status, 201);
	int64_t meeting = sql_int("SELECT MAX(id) FROM meeting WHERE plan_id = ?",
	                          plan);
	r = ht_post_json(eva, ht_fmt(&srv, "/api/v1/plans/%lld/invitations",
	                             (long long)plan),
		ht_fmt(&srv, "{\"meeting_id\": %lld, \"invitations\": [{\"unit_id\": %lld}]}",
		       (long long)meeting, (long long)spb), NULL);
	assert_int_equal(r->status, 201);
	return plan;
}

static int group_setup(void **state)
{
	(void)state;
	if (!ht_server_start(&srv, &(struct ht_server_opts){.demo = true}))
		return -1;
	return 0;
}

static void test_setup_fixtures(void **state)
{
	(void)state;
	sessions_open();
	int64_t victim = ht_user_create(&srv, "matrisoffer", NULL);
	ht_sql_exec(&srv, ht_fmt(&srv, "UPDATE user_unit SET unit_id = (SELECT id FROM"
	            " unit WHERE hsa_id = ?) WHERE user_id = %lld",
	            (long long)victim), "SE2120000837-SPB1");
	fixture_load(&anna, 1);
	assert_int_not_equal(anna.person, 0);
	fixture_load(&nocat, nocat_plan());
	/* The hidden value is there to be hidden: the lead unit sees it. */
	const struct ht_response *r = ht_get(sessions[C_LEAD].page,
		ht_fmt(&srv, "/plans/%lld", (long long)nocat.plan));
	assert_int_equal(r->status, 200);
	assert_non_null(strstr(r->body, NOCAT_HEALTH));
}

static int group_teardown(void **state)
{
	(void)state;
	for (int c = 0; c < NCALLERS; c++) {
		if (c == C_NOCAT)
			continue;
		ht_client_free(sessions[c].page);
		ht_client_free(sessions[c].api);
	}
	return ht_server_stop(&srv) == 0 ? 0 : -1;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_every_route_has_a_row),
		cmocka_unit_test(test_setup_fixtures),
		cmocka_unit_test(test_matrix),
		cmocka_unit_test(test_no_data_to_outsiders),
	};
	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
