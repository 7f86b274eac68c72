/*
 * api_deviation.c — deviations in the collaboration (sip/deviation.h):
 *
 *   POST /api/v1/plans/{id}/deviations      report one (201, the deviation)
 *   GET  /api/v1/deviations                 against the caller's units and
 *                                           reported by them
 *   GET  /api/v1/deviations/{id}            one, with its progress
 *   POST /api/v1/deviations/{id}/{step}     receive, investigate, answer,
 *                                           close (200, the deviation)
 *
 * The person's name and personnummer are members only when the caller
 * sees the plan (person_shown).
 */
#include "api/api.h"
#include "form/forms.h"
#include "http/input.h"
#include "http/json.h"
#include "sip/deviation.h"

void api_json_deviation(struct json_writer *w, const struct deviation *x,
                        bool full)
{
	jw_object(w);
	jw_kint(w, "id", x->id);
	jw_kint(w, "plan_id", x->plan_id);
	jw_kstr(w, "kind", x->kind);
	jw_kstr(w, "state", deviation_state_name(x->state));
	jw_kint(w, "unit_id", x->unit_id);
	jw_kstr(w, "unit_name", x->unit_name);
	jw_kstr(w, "principal_name", x->principal_name);
	jw_kint(w, "reporter_unit_id", x->reporter_unit_id);
	jw_kstr(w, "reporter_unit_name", x->reporter_unit_name);
	jw_kstr(w, "reported_by_name", x->reported_by_name);
	jw_kint(w, "reported_at", x->reported_at);
	jw_kstr(w, "answer_due", x->answer_due);
	jw_kbool(w, "overdue", x->overdue);
	jw_kstr(w, "description", x->description);
	jw_kstr(w, "suggestion", x->suggestion);
	if (x->invitation_id)
		jw_kint(w, "invitation_id", x->invitation_id);
	if (x->handler_user_id)
		jw_kint(w, "handler_user_id", x->handler_user_id);
	jw_kstr(w, "handler_name", x->handler_name);
	jw_kstr(w, "answer", x->answer);
	jw_kstr(w, "measures", x->measures);
	jw_kbool(w, "party_mine", x->party_mine);
	jw_kbool(w, "reporter_mine", x->reporter_mine);
	jw_kbool(w, "person_shown", x->person_shown);
	if (x->person_shown) {
		jw_kstr(w, "person_name", x->person_name);
		jw_kstr(w, "personnummer", x->personnummer);
		jw_kbool(w, "protected_identity", x->protected_identity);
	}
	if (full) {
		jw_key(w, "allowed_steps");
		jw_array(w);
		for (int s = 0; s < DEVIATION_NSTEPS; s++)
			if (x->may & (1u << s))
				jw_str(w, deviation_step_name((enum deviation_step)s));
		jw_end(w);
		jw_key(w, "events");
		jw_array(w);
		for (int i = 0; i < x->nevents; i++) {
			const struct deviation_event *e = &x->events[i];
			jw_object(w);
			jw_kstr(w, "state", deviation_state_name(e->state));
			jw_kint(w, "at", e->at);
			jw_kstr(w, "by_name", e->by_name);
			jw_kstr(w, "note", e->note);
			jw_end(w);
		}
		jw_end(w);
	}
	jw_end(w);
}

static void respond_one(struct request *r, struct ctx *ctx, int64_t id,
                        int status)
{
	struct deviation x;
	if (!deviation_get(ctx, id, &x)) {
		api_problem(r);
		return;
	}
	struct json_writer w;
	json_start(r, status, &w);
	api_json_deviation(&w, &x, true);
}

void api_plans_deviation_report(struct request *r)
{
	struct form f;
	struct deviation_input in;
	int64_t plan_id, id;
	struct ctx ctx = api_ctx(r);
	if (!api_path_id(r, "id", &plan_id) ||
	    !api_read_form(r, deviation_fields, deviation_nfields, &f))
		return;
	deviation_input_from(&f, &in);
	if (!deviation_report(&ctx, plan_id, &in, &id)) {
		api_problem(r);
		return;
	}
	respond_one(r, &ctx, id, 201);
}

void api_deviations_list(struct request *r)
{
	struct ctx ctx = api_ctx(r);
	struct deviation *rows;
	int n;
	if (!deviation_list_mine(&ctx, &rows, &n)) {
		api_problem(r);
		return;
	}
	struct json_writer w;
	json_start(r, 200, &w);
	jw_object(&w);
	jw_key(&w, "deviations");
	jw_array(&w);
	for (int i = 0; i < n; i++)
		api_json_deviation(&w, &rows[i], false);
	jw_end(&w);
	jw_end(&w);
}

void api_deviations_get(struct request *r)
{
	int64_t id;
	struct ctx ctx = api_ctx(r);
	if (!api_path_id(r, "id", &id))
		return;
	respond_one(r, &ctx, id, 200);
}

void api_deviations_step(struct request *r)
{
	struct form f;
	struct deviation_step_input in;
	enum deviation_step step;
	int64_t id;
	struct ctx ctx = api_ctx(r);
	if (!api_path_id(r, "id", &id))
		return;
	if (!deviation_step_parse(req_path_arg(r, "step"), &step)) {
		ctx_not_found(&ctx);
		api_problem(r);
		return;
	}
	if (!api_read_form(r, deviation_step_fields, deviation_step_nfields, &f))
		return;
	deviation_step_input_from(&f, &in);
	if (!deviation_advance(&ctx, id, step, &in)) {
		api_problem(r);
		return;
	}
	respond_one(r, &ctx, id, 200);
}
