/*
 * api_directory.c — the organisation directory and staff users over the
 * JSON API:
 *
 *   GET  /api/v1/principals            [principal...]
 *   POST /api/v1/principals            name, kind → 201 principal
 *   GET  /api/v1/units[?principal_id=N&active=true]  [unit...]
 *   POST /api/v1/units                 → 201 unit
 *   GET  /api/v1/units/{id}            unit
 *   POST /api/v1/units/{id}            the unit as it should be → unit
 *   GET  /api/v1/users                 [user...] (those the caller may
 *                                      see)
 *   POST /api/v1/users                 → 201 user
 *   GET  /api/v1/users/{id}            user
 *   POST /api/v1/users/{id}/deactivate → user
 *
 * Bodies are read through the same kind of field tables as the pages
 * (names as in DOMAIN.md and the objects returned); a user's units are
 * `unit_ids`, an array of ids. Password hashes never leave the server.
 * Errors are RFC 9457 problem+json with `errors` [{field, message}].
 * Documented in docs/openapi.yaml.
 */
#include <string.h>

#include "api/api.h"
#include "api/api_json.h"
#include "base/i18n.h"
#include "base/limits.h"
#include "form/forms.h"
#include "http/input.h"
#include "http/json.h"
#include "sip/org.h"
#include "sip/user.h"

static void location(struct request *r, const char *kind, int64_t id)
{
	resp_header(r, "Location", arena_printf(&r->arena, "/api/v1/%s/%lld",
	                                        kind, (long long)id));
}

static void respond_unit(struct request *r, int status, const struct unit *u)
{
	struct json_writer w;
	json_start(r, status, &w);
	api_json_unit(&w, u);
}

static void respond_user(struct request *r, int status, const struct user *u)
{
	struct json_writer w;
	json_start(r, status, &w);
	api_json_user(&w, u, NULL);
}

/* The {id} of the path, or a 404 problem. */
static bool path_id(struct request *r, struct ctx *ctx, int64_t *id)
{
	if (req_path_id(r, "id", id))
		return true;
	return ctx_not_found(ctx);
}

/* ---- principals ---- */

void api_principals_list(struct request *r)
{
	struct ctx ctx = api_ctx(r);
	struct principal *all;
	int n;
	if (!principal_list(&ctx, &all, &n)) {
		api_problem(r);
		return;
	}
	struct json_writer w;
	json_start(r, 200, &w);
	jw_array(&w);
	for (int i = 0; i < n; i++)
		api_json_principal(&w, &all[i]);
	jw_end(&w);
}

void api_principals_create(struct request *r)
{
	struct ctx ctx = api_ctx(r);
	struct form f;
	int64_t id;
	struct principal p;
	if (!form_read(r, &r->problem, principal_fields, principal_nfields, &f)) {
		api_problem(r);
		return;
	}
	struct principal_input in = {
		.name = form_text(&f, "name"),
		.kind = form_text(&f, "kind"),
		.active = true,
	};
	if (!principal_create(&ctx, &in, &id) || !principal_get(&ctx, id, &p)) {
		api_problem(r);
		return;
	}
	/* No Location: principals have no resource of their own (yet). */
	struct json_writer w;
	json_start(r, 201, &w);
	api_json_principal(&w, &p);
}

/* ---- units ---- */

void api_units_list(struct request *r)
{
	struct ctx ctx = api_ctx(r);
	int64_t principal_id = 0;
	bool active_only = false;
	const char *q = req_query(r, "principal_id");
	if (q && !parse_id(q, &principal_id))
		problem_field(&r->problem, &r->arena, "principal_id", "%s",
		              tr(r->lang, "Ange id för en organisation."));
	q = req_query(r, "active");
	if (q && strcmp(q, "true") == 0)
		active_only = true;
	else if (q && strcmp(q, "false") != 0)
		problem_field(&r->problem, &r->arena, "active", "%s",
		              tr(r->lang, "Ange true eller false."));
	struct principal p;
	struct unit *units;
	int n;
	if (problem_any(&r->problem) ||
	    (principal_id && !principal_get(&ctx, principal_id, &p)) ||
	    !unit_list(&ctx, principal_id, active_only, &units, &n)) {
		if (r->problem.kind == PROBLEM_INVALID)
			r->problem.kind = PROBLEM_BAD_REQUEST;
		api_problem(r);
		return;
	}
	struct json_writer w;
	json_start(r, 200, &w);
	jw_array(&w);
	for (int i = 0; i < n; i++)
		api_json_unit(&w, &units[i]);
	jw_end(&w);
}

void api_units_get(struct request *r)
{
	struct ctx ctx = api_ctx(r);
	int64_t id;
	struct unit u;
	if (!path_id(r, &ctx, &id) || !unit_get(&ctx, id, &u)) {
		api_problem(r);
		return;
	}
	respond_unit(r, 200, &u);
}

void api_units_create(struct request *r)
{
	struct ctx ctx = api_ctx(r);
	struct form f;
	int64_t id;
	struct unit u;
	if (!form_read(r, &r->problem, unit_fields, unit_nfields, &f)) {
		api_problem(r);
		return;
	}
	struct unit_input in;
	unit_input_from(&f, &in);
	in.active = true;
	if (!unit_create(&ctx, &in, &id) || !unit_get(&ctx, id, &u)) {
		api_problem(r);
		return;
	}
	respond_unit(r, 201, &u);
	location(r, "units", id);
}

/* The body is the unit as it should be, as in creating: an optional
 * field that is absent or null is emptied (parent_id: no parent).
 * Only `active` keeps its value when absent, so leaving it out never
 * deactivates a unit by accident. */
void api_units_update(struct request *r)
{
	struct ctx ctx = api_ctx(r);
	int64_t id;
	struct unit u;
	struct form f;
	if (!path_id(r, &ctx, &id) || !unit_get(&ctx, id, &u) ||
	    !form_read(r, &r->problem, unit_fields, unit_nfields, &f)) {
		api_problem(r);
		return;
	}
	struct unit_input in;
	unit_input_from(&f, &in);
	in.active = form_present(&f, "active") ? form_bool(&f, "active")
	                                       : u.active;
	if (!unit_update(&ctx, id, &in) || !unit_get(&ctx, id, &u)) {
		api_problem(r);
		return;
	}
	respond_unit(r, 200, &u);
}

/* ---- users ---- */

/* The API takes the user's language too (the pages set it through the
 * footer's language switch). */
static const struct field lang_field[] = {
	{"lang", FIELD_TEXT, 8},
};

void api_users_list(struct request *r)
{
	struct ctx ctx = api_ctx(r);
	struct user *users;
	int n;
	if (!user_list(&ctx, &users, &n)) {
		api_problem(r);
		return;
	}
	struct json_writer w;
	json_start(r, 200, &w);
	jw_array(&w);
	for (int i = 0; i < n; i++)
		api_json_user(&w, &users[i], NULL);
	jw_end(&w);
}

void api_users_get(struct request *r)
{
	struct ctx ctx = api_ctx(r);
	int64_t id;
	struct user u;
	if (!path_id(r, &ctx, &id) || !user_get(&ctx, id, &u)) {
		api_problem(r);
		return;
	}
	respond_user(r, 200, &u);
}

void api_users_create(struct request *r)
{
	struct ctx ctx = api_ctx(r);
	struct form f, lang;
	int64_t id;
	struct user u;
	bool ok = form_read(r, &r->problem, user_fields, user_nfields, &f);
	if (!form_read(r, &r->problem, FIELDS(lang_field), &lang) || !ok) {
		api_problem(r);
		return;
	}
	struct user_input in;
	user_input_from(&f, &in);
	in.lang = form_text(&lang, "lang");
	if (!user_create(&ctx, &in, &id) || !user_get(&ctx, id, &u)) {
		api_problem(r);
		return;
	}
	respond_user(r, 201, &u);
	location(r, "users", id);
}

void api_users_deactivate(struct request *r)
{
	struct ctx ctx = api_ctx(r);
	int64_t id;
	struct user u;
	if (!path_id(r, &ctx, &id) || !user_deactivate(&ctx, id) ||
	    !user_get(&ctx, id, &u)) {
		api_problem(r);
		return;
	}
	respond_user(r, 200, &u);
}
