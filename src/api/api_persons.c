/*
 * api_persons.c — /api/v1/persons: register, find and read persons and
 * the people around them. Everything goes through src/sip/person.c,
 * which applies the access rules and writes the audit records.
 *
 * Opening a protected person's record needs a reason: the query
 * parameter `reason` (or the header Samplan-Reason). Registering a
 * personnummer samplan already holds, for a caller who may not read the
 * record, answers 409 /problems/person-exists with only the id and how
 * to start a need assessment: nothing stored is disclosed.
 */
#include <stdio.h>

#include "api/api.h"
#include "api/api_plan_json.h"
#include "base/limits.h"
#include "form/forms.h"
#include "http/input.h"
#include "http/json.h"
#include "sip/person.h"
#include "sip/plan.h"

enum { SEARCH_LIMIT = 50 };

/* {"plans": [summary...]} */
void respond_summaries(struct request *r, const struct plan_summary *plans,
                       int n)
{
	struct json_writer w;
	json_start(r, 200, &w);
	jw_object(&w);
	jw_key(&w, "plans");
	jw_array(&w);
	for (int i = 0; i < n; i++)
		api_json_plan_summary(&w, &plans[i]);
	jw_end(&w);
	jw_end(&w);
}

/* Why a protected person's record is opened. */
static const char *reason_of(struct request *r)
{
	const char *q = req_query(r, "reason");
	return q && *q ? q : req_header(r, "Samplan-Reason");
}

/* The record after a change, or — when it cannot be opened without a
 * reason — only the id and the flag: the change is committed, so the
 * answer must not say it failed. */
static void respond_person(struct request *r, int status, int64_t id,
                           bool after_write)
{
	struct ctx ctx = api_ctx(r);
	struct person p = {0};
	if (!person_get(&ctx, id, reason_of(r), &p)) {
		if (!after_write || !p.reason_required ||
		    r->problem.kind != PROBLEM_FORBIDDEN) {
			api_problem(r);
			return;
		}
		struct json_writer w;
		json_start(r, status, &w);
		jw_object(&w);
		jw_kint(&w, "id", id);
		jw_kbool(&w, "protected_identity", true);
		jw_kbool(&w, "reason_required", true);
		jw_end(&w);
		return;
	}
	struct json_writer w;
	json_start(r, status, &w);
	api_json_person(&w, &p);
}

/* 409: the personnummer is in samplan and the caller may not read the
 * record. Nothing but the id, which starts a need assessment together
 * with the personnummer the caller typed. */
static void respond_exists(struct request *r, int64_t id)
{
	struct json_writer w;
	json_start(r, 409, &w);
	r->content_type = "application/problem+json";
	jw_object(&w);
	jw_kstr(&w, "type", "/problems/person-exists");
	jw_kstr(&w, "title", tr(r->lang, "Personen finns redan i samplan"));
	jw_kint(&w, "status", 409);
	jw_kstr(&w, "detail", tr(r->lang, "Personen finns redan i samplan. Du "
	                                  "kan starta en behovsbedömning."));
	jw_kstr(&w, "instance", r->path);
	jw_kint(&w, "person_id", id);
	jw_key(&w, "start_plan");
	jw_object(&w);
	jw_kstr(&w, "method", "POST");
	jw_kstr(&w, "href", "/api/v1/plans");
	jw_key(&w, "with");
	jw_array(&w);
	jw_str(&w, "person_id");
	jw_str(&w, "personnummer");
	jw_end(&w);
	jw_end(&w);
	jw_end(&w);
}

void api_persons_create(struct request *r)
{
	struct form f;
	struct ctx ctx = api_ctx(r);
	struct person_input in;
	int64_t id;
	bool existed;
	if (!api_read_form(r, person_fields, person_nfields, &f))
		return;
	person_input_from(&f, &in);
	if (!person_register(&ctx, &in, &id, &existed)) {
		api_problem(r);
		return;
	}
	if (existed && !person_visible(&ctx, id)) {
		respond_exists(r, id);
		return;
	}
	char location[64];
	snprintf(location, sizeof location, "/api/v1/persons/%lld", (long long)id);
	resp_header(r, "Location", location);
	respond_person(r, existed ? 200 : 201, id, true);
}

void api_persons_find(struct request *r)
{
	struct ctx ctx = api_ctx(r);
	const char *pnr = req_query(r, "personnummer");
	const char *q = req_query(r, "q");
	if (pnr) {
		struct person p;
		if (!person_find(&ctx, pnr, reason_of(r), &p)) {
			api_problem(r);
			return;
		}
		struct json_writer w;
		json_start(r, 200, &w);
		api_json_person(&w, &p);
		return;
	}
	if (!q) {
		problem_field(&r->problem, &r->arena, "personnummer", "%s",
		              tr(r->lang, "Sök med personnummer (?personnummer=) "
		                          "eller namn (?q=)."));
		api_problem(r);
		return;
	}
	struct person *found;
	int n;
	if (!person_search(&ctx, q, SEARCH_LIMIT, &found, &n)) {
		api_problem(r);
		return;
	}
	struct json_writer w;
	json_start(r, 200, &w);
	jw_object(&w);
	jw_key(&w, "persons");
	jw_array(&w);
	for (int i = 0; i < n; i++)
		api_json_person(&w, &found[i]);
	jw_end(&w);
	jw_end(&w);
}

void api_persons_get(struct request *r)
{
	int64_t id;
	if (api_path_id(r, "id", &id))
		respond_person(r, 200, id, false);
}

void api_persons_update(struct request *r)
{
	struct form f;
	struct ctx ctx = api_ctx(r);
	struct person_input in;
	int64_t id;
	if (!api_path_id(r, "id", &id) ||
	    !api_read_form(r, person_fields, person_nfields, &f))
		return;
	person_input_from(&f, &in);
	if (!person_update(&ctx, id, &in)) {
		api_problem(r);
		return;
	}
	respond_person(r, 200, id, true);
}

void api_persons_add_related(struct request *r)
{
	struct form f;
	struct ctx ctx = api_ctx(r);
	struct related_input in;
	int64_t id, related;
	if (!api_path_id(r, "id", &id) ||
	    !api_read_form(r, related_fields, related_nfields, &f))
		return;
	related_input_from(&f, &in);
	if (!person_add_related(&ctx, id, &in, &related)) {
		api_problem(r);
		return;
	}
	respond_person(r, 201, id, true);
}

void api_persons_update_related(struct request *r)
{
	struct form f;
	struct ctx ctx = api_ctx(r);
	struct related_input in;
	int64_t id, related;
	if (!api_path_id(r, "id", &id) || !api_path_id(r, "rid", &related) ||
	    !api_read_form(r, related_fields, related_nfields, &f))
		return;
	related_input_from(&f, &in);
	if (!person_update_related(&ctx, id, related, &in)) {
		api_problem(r);
		return;
	}
	respond_person(r, 200, id, true);
}

void api_persons_own_reading(struct request *r)
{
	struct form f;
	struct ctx ctx = api_ctx(r);
	int64_t id;
	if (!api_path_id(r, "id", &id) ||
	    !api_read_form(r, own_reading_fields, own_reading_nfields, &f))
		return;
	bool refuse;
	const char *reason;
	own_reading_input_from(&f, &refuse, &reason);
	if (!person_set_own_reading(&ctx, id, refuse, reason)) {
		api_problem(r);
		return;
	}
	respond_person(r, 200, id, true);
}

void api_persons_plans(struct request *r)
{
	struct ctx ctx = api_ctx(r);
	int64_t id;
	struct person p;
	if (!api_path_id(r, "id", &id))
		return;
	struct plan_summary *plans;
	int n;
	if (!person_get(&ctx, id, reason_of(r), &p) ||
	    !plan_list_for_person(&ctx, id, &plans, &n)) {
		api_problem(r);
		return;
	}
	respond_summaries(r, plans, n);
}
