/*
 * api_follow_up.c — step 6 through the API: POST
 * /api/v1/plans/{id}/follow-up (start), .../follow-up/results (record),
 * .../follow-up/conclude, .../approval and .../handovers. Each calls the
 * src/sip/follow_up.h function the pages call and answers with the whole
 * plan as GET /api/v1/plans/{id} would; a problem as problem+json.
 */
#include <stdio.h>

#include "api/api.h"
#include "api/api_input.h"
#include "api/api_plan_json.h"
#include "base/limits.h"
#include "form/follow_up_forms.h"
#include "http/input.h"
#include "http/json.h"
#include "sip/follow_up.h"
#include "sip/plan.h"

static void answer(struct request *r, bool ok, int status, int64_t plan_id)
{
	if (!ok) {
		api_problem(r);
		return;
	}
	struct ctx ctx = api_ctx(r);
	struct plan p;
	if (!plan_get(&ctx, plan_id, &p)) {
		api_problem(r);
		return;
	}
	struct json_writer w;
	json_start(r, status, &w);
	api_json_plan(&w, &ctx, &p);
}

void api_plans_follow_up(struct request *r)
{
	struct form f;
	struct follow_up_start_input in;
	int64_t id;
	struct ctx ctx = api_ctx(r);
	if (!api_path_id(r, "id", &id) ||
	    !api_read_form(r, follow_up_start_fields, follow_up_start_nfields, &f))
		return;
	follow_up_start_input_from(&f, &in);
	answer(r, follow_up_start(&ctx, id, &in, NULL), 200, id);
}

/* An element of a list that is not an object: a field error. */
static json_t *element(struct request *r, json_t *list, const char *name,
                       size_t i)
{
	json_t *e = json_array_get(list, i);
	if (json_is_object(e))
		return e;
	problem_field(&r->problem, &r->arena,
	              arena_printf(&r->arena, "%s[%zu]", name, i), "%s",
	              tr(r->lang, "Fältet har fel typ."));
	return NULL;
}

static void read_results(struct request *r, json_t *body,
                         struct follow_up_record_input *in)
{
	json_t *list = api_array(r, body, "goal_results", "goal_results",
	                         FOLLOW_UP_MAX_ROWS);
	size_t n = list ? json_array_size(list) : 0;
	struct goal_result_input *g =
		arena_array(&r->arena, struct goal_result_input, n + 1);
	for (size_t i = 0; i < n; i++) {
		json_t *e = element(r, list, "goal_results", i);
		if (!e)
			continue;
		g[i].goal_id = api_id(r, e, "goal_id",
		                      api_field(r, "goal_results", i, "goal_id"));
		g[i].result = api_text(r, e, "result",
		                       api_field(r, "goal_results", i, "result"), 40,
		                       false);
		g[i].comment = api_text(r, e, "comment",
		                        api_field(r, "goal_results", i, "comment"),
		                        LIMIT_TEXT, true);
	}
	in->goals = g;
	in->ngoals = (int)n;

	list = api_array(r, body, "intervention_results", "intervention_results",
	                 FOLLOW_UP_MAX_ROWS);
	n = list ? json_array_size(list) : 0;
	struct intervention_result_input *x =
		arena_array(&r->arena, struct intervention_result_input, n + 1);
	for (size_t i = 0; i < n; i++) {
		json_t *e = element(r, list, "intervention_results", i);
		if (!e)
			continue;
		const char *l = "intervention_results";
		x[i].intervention_id = api_id(r, e, "intervention_id",
		                              api_field(r, l, i, "intervention_id"));
		x[i].result = api_text(r, e, "result", api_field(r, l, i, "result"),
		                       40, false);
		x[i].why = api_text(r, e, "why", api_field(r, l, i, "why"),
		                    LIMIT_TEXT, true);
		x[i].effect = api_text(r, e, "effect", api_field(r, l, i, "effect"),
		                       LIMIT_TEXT, true);
	}
	in->interventions = x;
	in->ninterventions = (int)n;

	list = api_array(r, body, "reports", "reports", FOLLOW_UP_MAX_ROWS);
	n = list ? json_array_size(list) : 0;
	struct report_input *rep = arena_array(&r->arena, struct report_input,
	                                       n + 1);
	for (size_t i = 0; i < n; i++) {
		json_t *e = element(r, list, "reports", i);
		if (!e)
			continue;
		rep[i].principal_id = api_id(r, e, "principal_id",
		                             api_field(r, "reports", i,
		                                       "principal_id"));
		rep[i].text = api_text(r, e, "text",
		                       api_field(r, "reports", i, "text"), LIMIT_TEXT,
		                       true);
	}
	in->reports = rep;
	in->nreports = (int)n;
}

void api_plans_follow_up_results(struct request *r)
{
	struct form f;
	struct follow_up_record_input in = {0};
	int64_t id;
	struct ctx ctx = api_ctx(r);
	if (!api_path_id(r, "id", &id))
		return;
	json_t *body = api_body(r);
	if (!body) {
		api_problem(r);
		return;
	}
	form_read(r, &r->problem, follow_up_shared_fields,
	          follow_up_shared_nfields, &f);
	follow_up_shared_input_from(&f, &in);
	read_results(r, body, &in);
	if (problem_any(&r->problem)) {
		api_problem(r);
		return;
	}
	answer(r, follow_up_record(&ctx, id, &in), 200, id);
}

void api_plans_follow_up_conclude(struct request *r)
{
	struct form f;
	struct follow_up_conclude_input in;
	int64_t id, new_plan = 0;
	struct ctx ctx = api_ctx(r);
	if (!api_path_id(r, "id", &id) ||
	    !api_read_form(r, follow_up_conclude_fields,
	                   follow_up_conclude_nfields, &f))
		return;
	follow_up_conclude_input_from(&f, &in);
	bool ok = follow_up_conclude(&ctx, id, &in, &new_plan);
	if (ok && new_plan) {
		char location[64];
		snprintf(location, sizeof location, "/api/v1/plans/%lld",
		         (long long)new_plan);
		resp_header(r, "Location", location);
	}
	answer(r, ok, 200, id);
}

void api_plans_approval(struct request *r)
{
	struct form f;
	struct approval_input in;
	int64_t id;
	struct ctx ctx = api_ctx(r);
	if (!api_path_id(r, "id", &id) ||
	    !api_read_form(r, approval_fields, approval_nfields, &f))
		return;
	approval_input_from(&f, &in);
	answer(r, plan_version_approve(&ctx, id, &in), 200, id);
}

void api_plans_handovers(struct request *r)
{
	struct form f;
	struct handover_input in;
	int64_t id;
	struct ctx ctx = api_ctx(r);
	if (!api_path_id(r, "id", &id) ||
	    !api_read_form(r, handover_fields, handover_nfields, &f))
		return;
	handover_input_from(&f, &in);
	answer(r, plan_handover_record(&ctx, id, &in, NULL), 201, id);
}
