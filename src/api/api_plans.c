/*
 * api_plans.c — /api/v1/plans and /api/v1/invitations: the SIP process
 * through the API, one endpoint per step, each calling the same
 * src/sip/ function as the pages. A successful step answers with the
 * whole plan as GET /api/v1/plans/{id} would (and is audited as a read).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/api.h"
#include "api/api_input.h"
#include "api/api_plan_json.h"
#include "base/limits.h"
#include "form/forms.h"
#include "form/rows.h"
#include "http/input.h"
#include "http/json.h"
#include "sip/closing.h"
#include "sip/plan.h"
#include "sip/reminder.h"

enum { LIST_LIMIT = 500, MAX_ROWS = 100 };

static void respond_plan(struct request *r, int status, int64_t plan_id)
{
	struct ctx ctx = api_ctx(r);
	struct plan p;
	if (!plan_get(&ctx, plan_id, &p)) {
		api_problem(r);
		return;
	}
	if (status == 201) {
		char location[64];
		snprintf(location, sizeof location, "/api/v1/plans/%lld",
		         (long long)plan_id);
		resp_header(r, "Location", location);
	}
	struct json_writer w;
	json_start(r, status, &w);
	api_json_plan(&w, &ctx, &p);
}

/* A step's answer: the plan as it now is, or the problem. */
static void answer_step(struct request *r, bool ok, int status,
                        int64_t plan_id)
{
	if (ok)
		respond_plan(r, status, plan_id);
	else
		api_problem(r);
}


void api_plans_create(struct request *r)
{
	struct form f;
	struct plan_create_input in;
	int64_t id;
	struct ctx ctx = api_ctx(r);
	if (!api_read_form(r, plan_create_fields, plan_create_nfields, &f))
		return;
	plan_create_input_from(&f, &in);
	bool ok = plan_create(&ctx, &in, &id);
	answer_step(r, ok, 201, id);
}

/* A non-negative query number, or def; false (answered) when bad. */
static bool query_number(struct request *r, const char *name, long max,
                         long def, long *out)
{
	const char *v = req_query(r, name);
	*out = def;
	if (!v)
		return true;
	char *end;
	long n = strtol(v, &end, 10);
	if (*v && !*end && n >= 0 && n <= max) {
		*out = n;
		return true;
	}
	problem_field(&r->problem, &r->arena, name,
	              tr(r->lang, "Ange ett heltal mellan 0 och %ld."), max);
	api_problem(r);
	return false;
}

/* GET /api/v1/plans: the caller's own plans, or (scope=unit) every plan
 * their units take part in, paged with limit and offset. */
void api_plans_list(struct request *r)
{
	struct ctx ctx = api_ctx(r);
	struct plan_summary *plans;
	int n;
	long limit, offset;
	const char *scope = req_query(r, "scope");
	if (scope && strcmp(scope, "mine") != 0 && strcmp(scope, "unit") != 0) {
		problem_field(&r->problem, &r->arena, "scope", "%s",
		              tr(r->lang, "Ange mine eller unit."));
		api_problem(r);
		return;
	}
	if (!query_number(r, "limit", LIST_LIMIT * 10, LIST_LIMIT, &limit) ||
	    !query_number(r, "offset", 100000000, 0, &offset))
		return;
	bool unit = scope && strcmp(scope, "unit") == 0;
	bool ok = unit ? plan_list_units(&ctx, (int)offset, (int)limit, &plans, &n)
	               : plan_list_mine(&ctx, (int)limit, &plans, &n);
	if (!ok) {
		api_problem(r);
		return;
	}
	respond_summaries(r, plans, n);
}

void api_plans_get(struct request *r)
{
	int64_t id;
	if (api_path_id(r, "id", &id))
		respond_plan(r, 200, id);
}

void api_plans_decline(struct request *r)
{
	struct form f;
	int64_t id;
	struct ctx ctx = api_ctx(r);
	if (!api_path_id(r, "id", &id) ||
	    !api_read_form(r, decline_fields, decline_nfields, &f))
		return;
	struct decline_input in;
	decline_input_from(&f, &in);
	bool ok = plan_decline(&ctx, id, &in);
	answer_step(r, ok, 200, id);
}

void api_plans_consent(struct request *r)
{
	struct form f;
	struct consent_input in;
	int64_t id, consent;
	struct ctx ctx = api_ctx(r);
	if (!api_path_id(r, "id", &id) ||
	    !api_read_form(r, consent_fields, consent_nfields, &f))
		return;
	consent_input_from(&f, &in);
	bool ok = consent_record(&ctx, id, &in, &consent);
	answer_step(r, ok, 201, id);
}

/* No confirmation step here, but every field is required; the answer
 * is what really happened, read inside the withdrawal's transaction:
 * the plan's state, the consent as stored, which units left — and the
 * whole plan while the caller still sees it. */
void api_plans_consent_withdraw(struct request *r)
{
	struct form f;
	struct withdrawal_input in;
	struct withdrawal_result res;
	int64_t id, consent;
	struct ctx ctx = api_ctx(r);
	if (!api_path_id(r, "id", &id) || !api_path_id(r, "cid", &consent) ||
	    !api_read_form(r, withdrawal_fields, withdrawal_nfields, &f))
		return;
	withdrawal_input_from(&f, &in);
	if (!consent_withdraw(&ctx, id, consent, &in, &res)) {
		api_problem(r);
		return;
	}
	struct plan p;
	bool whole = false;
	if (res.caller_sees_plan) {
		struct ctx again = api_ctx(r);
		whole = plan_get(&again, id, &p);
		if (!whole) {
			/* Committed: the answer must not claim it failed. */
			r->problem = (struct problem){0};
		}
	}
	struct json_writer w;
	json_start(r, 200, &w);
	jw_object(&w);
	jw_kint(&w, "plan_id", id);
	jw_kstr(&w, "state", plan_state_name(res.state));
	jw_kstr(&w, "closed_reason", res.closed_reason);
	jw_kbool(&w, "plan_closed", res.effect.closes_plan);
	jw_key(&w, "consent");
	/* A caller who no longer takes part sees what any participant
	 * does (granted, no category): it recorded the withdrawal. */
	struct access_view basic = {.granted = true};
	api_json_consent(&w, whole ? &p.view : &basic, &res.consent);
	jw_key(&w, "also_withdrawn");
	jw_array(&w);
	for (int i = 0; i < res.effect.nalso_withdrawn; i++)
		jw_int(&w, res.effect.also_withdrawn[i]);
	jw_end(&w);
	jw_key(&w, "units_left");
	jw_array(&w);
	for (int i = 0; i < res.effect.nunits_leaving; i++) {
		const struct plan_unit_ref *u = &res.effect.units_leaving[i];
		jw_object(&w);
		jw_kint(&w, "unit_id", u->unit_id);
		jw_kstr(&w, "unit_name", u->unit_name);
		jw_kstr(&w, "principal_name", u->principal_name);
		jw_end(&w);
	}
	jw_end(&w);
	jw_kbool(&w, "caller_sees_plan", res.caller_sees_plan);
	jw_key(&w, "plan");
	if (whole)
		api_json_plan(&w, &ctx, &p);
	else
		jw_null(&w);
	jw_end(&w);
}

void api_plans_preparation(struct request *r)
{
	struct form f;
	struct preparation_input in;
	int64_t id;
	struct ctx ctx = api_ctx(r);
	if (!api_path_id(r, "id", &id) ||
	    !api_read_form(r, preparation_fields, preparation_nfields, &f))
		return;
	preparation_input_from(&f, &in);
	bool ok = preparation_save(&ctx, id, &in);
	answer_step(r, ok, 200, id);
}

void api_plans_meeting(struct request *r)
{
	struct form f;
	struct meeting_input in;
	int64_t id, meeting;
	struct ctx ctx = api_ctx(r);
	if (!api_path_id(r, "id", &id) ||
	    !api_read_form(r, meeting_fields, meeting_nfields, &f))
		return;
	meeting_input_from(&f, &in);
	bool ok = meeting_create(&ctx, id, &in, &meeting);
	answer_step(r, ok, 201, id);
}

void api_plans_meeting_cancel(struct request *r)
{
	struct form f;
	int64_t id, meeting;
	struct ctx ctx = api_ctx(r);
	if (!api_path_id(r, "id", &id) || !api_path_id(r, "mid", &meeting) ||
	    !api_read_form(r, reason_fields, reason_nfields, &f))
		return;
	bool ok = meeting_cancel(&ctx, id, meeting, form_text(&f, "reason"));
	answer_step(r, ok, 200, id);
}

void api_plans_meeting_reschedule(struct request *r)
{
	struct form f;
	struct meeting_input in;
	int64_t id, meeting;
	struct ctx ctx = api_ctx(r);
	if (!api_path_id(r, "id", &id) || !api_path_id(r, "mid", &meeting) ||
	    !api_read_form(r, meeting_reschedule_fields,
	                   meeting_reschedule_nfields, &f))
		return;
	meeting_reschedule_input_from(&f, &in);
	bool ok = meeting_reschedule(&ctx, id, meeting, &in);
	answer_step(r, ok, 200, id);
}

void api_plans_invitations(struct request *r)
{
	int64_t id;
	struct ctx ctx = api_ctx(r);
	if (!api_path_id(r, "id", &id))
		return;
	json_t *body = api_body(r);
	if (!body) {
		api_problem(r);
		return;
	}
	int64_t meeting = api_id(r, body, "meeting_id", "meeting_id");
	/* The rows' shape is the page's too (form/rows.h). */
	struct form_rows rows;
	struct invitation_input *in;
	int *row_of;
	form_rows_read(r, &r->problem, &invitation_shape, &rows);
	int n = invitation_inputs_from(&r->arena, &rows, false, &in, &row_of);
	int64_t first;
	if (problem_any(&r->problem) ||
	    !invitations_send(&ctx, id, meeting, in, n, &first)) {
		api_problem(r);
		return;
	}
	respond_plan(r, 201, id);
}

/* The nested lists of establishing or revising a plan: the shapes the
 * pages read too (form/rows.h), every row as sent. */
static void read_plan_lists(struct request *r, struct establish_input *in)
{
	struct form_rows goals, interventions, participants;
	struct goal_input *g;
	struct intervention_input *x;
	struct participant_input *p;
	int *row_of;
	form_rows_read(r, &r->problem, &goal_shape, &goals);
	form_rows_read(r, &r->problem, &intervention_shape, &interventions);
	form_rows_read(r, &r->problem, &participant_shape, &participants);
	in->ngoals = goal_inputs_from(&r->arena, &goals, false, &g, &row_of);
	in->goals = g;
	in->ninterventions = intervention_inputs_from(&r->arena, &interventions,
	                                              NULL, 0, false, &x,
	                                              &row_of);
	in->interventions = x;
	in->nparticipants = participant_inputs_from(&r->arena, &participants,
	                                            false, &p, &row_of);
	in->participants = p;
}

static void establish_or_revise(struct request *r, bool revise)
{
	struct form f;
	struct establish_input in = {0};
	int64_t id, version;
	struct ctx ctx = api_ctx(r);
	if (!api_path_id(r, "id", &id))
		return;
	json_t *body = api_body(r);
	if (!body) {
		api_problem(r);
		return;
	}
	form_read(r, &r->problem, establish_fields, establish_nfields, &f);
	establish_input_from(&f, &in);
	read_plan_lists(r, &in);
	if (problem_any(&r->problem)) {
		api_problem(r);
		return;
	}
	bool ok = revise ? plan_revise(&ctx, id, &in, &version)
	                 : plan_establish(&ctx, id, &in, &version);
	answer_step(r, ok, 201, id);
}

void api_plans_establish(struct request *r) { establish_or_revise(r, false); }
void api_plans_revise(struct request *r) { establish_or_revise(r, true); }

void api_plans_close(struct request *r)
{
	struct form f;
	int64_t id;
	struct ctx ctx = api_ctx(r);
	if (!api_path_id(r, "id", &id) ||
	    !api_read_form(r, close_fields, close_nfields, &f))
		return;
	struct close_input in;
	close_input_from(&f, &in);
	bool ok = plan_close_with(&ctx, id, &in);
	answer_step(r, ok, 200, id);
}

void api_plans_version(struct request *r)
{
	int64_t id, no;
	struct ctx ctx = api_ctx(r);
	if (!api_path_id(r, "id", &id) || !api_path_id(r, "no", &no))
		return;
	struct plan_version v;
	if (no > 1000000 || !plan_version_get(&ctx, id, (int)no, &v)) {
		if (!problem_any(&r->problem))
			ctx_not_found(&ctx);
		api_problem(r);
		return;
	}
	struct json_writer w;
	json_start(r, 200, &w);
	api_json_version(&w, &v);
}

/* A version number from the query: 0 when absent, -1 when not a number
 * (plan_version_compare says what to fix, after the access check). */
static int version_arg(struct request *r, const char *name)
{
	const char *v = req_query(r, name);
	if (!v || !*v)
		return 0;
	char *end;
	long n = strtol(v, &end, 10);
	return *end || n < 1 || n > 1000000 ? -1 : (int)n;
}

/* GET /api/v1/plans/{id}/versions/compare?from=&to= */
void api_plans_versions_compare(struct request *r)
{
	int64_t id;
	struct ctx ctx = api_ctx(r);
	if (!api_path_id(r, "id", &id))
		return;
	struct version_diff d;
	if (!plan_version_compare(&ctx, id, version_arg(r, "from"),
	                          version_arg(r, "to"), &d)) {
		api_problem(r);
		return;
	}
	struct json_writer w;
	json_start(r, 200, &w);
	api_json_version_diff(&w, id, &d);
}

void api_invitations_reply(struct request *r)
{
	struct form f;
	struct reply_input in;
	int64_t id, plan_id;
	struct ctx ctx = api_ctx(r);
	if (!api_path_id(r, "id", &id) ||
	    !api_read_form(r, reply_fields, reply_nfields, &f))
		return;
	reply_input_from(&f, &in);
	if (!invitation_reply(&ctx, id, &in, &plan_id)) {
		api_problem(r);
		return;
	}
	/* The reply, not the whole plan: the party replying needs to see
	 * what it said (GET /api/v1/plans/{id} gives the rest). */
	struct invitation inv;
	if (!invitation_load(&ctx, id, &inv, &plan_id)) {
		api_problem(r);
		return;
	}
	struct json_writer w;
	json_start(r, 200, &w);
	jw_object(&w);
	api_json_invitation_members(&w, &inv);
	jw_kint(&w, "plan_id", plan_id);
	jw_end(&w);
}

/* A reminder of an invitation by mail (sip/reminder.h): 201 with what
 * was recorded. */
void api_invitations_remind(struct request *r)
{
	int64_t id, plan_id;
	struct ctx ctx = api_ctx(r);
	if (!api_path_id(r, "id", &id))
		return;
	if (!invitation_remind(&ctx, id, &plan_id)) {
		api_problem(r);
		return;
	}
	struct json_writer w;
	json_start(r, 201, &w);
	jw_object(&w);
	jw_kint(&w, "invitation_id", id);
	jw_kint(&w, "plan_id", plan_id);
	jw_kstr(&w, "kind", "manual");
	jw_kint(&w, "created_at", ctx.now);
	jw_end(&w);
}

void api_invitations_mine(struct request *r)
{
	struct ctx ctx = api_ctx(r);
	struct pending_invitation *list;
	int n;
	if (!invitations_awaiting_me(&ctx, &list, &n)) {
		api_problem(r);
		return;
	}
	struct json_writer w;
	json_start(r, 200, &w);
	jw_object(&w);
	jw_key(&w, "invitations");
	jw_array(&w);
	for (int i = 0; i < n; i++) {
		jw_object(&w);
		jw_kint(&w, "id", list[i].invitation_id);
		jw_kint(&w, "plan_id", list[i].plan_id);
		jw_kstr(&w, "person_name", list[i].person_name);
		jw_kbool(&w, "protected_identity", list[i].protected_identity);
		jw_kstr(&w, "unit_name", list[i].unit_name);
		jw_kstr(&w, "meeting_date", list[i].meeting_date);
		jw_kstr(&w, "start_time", list[i].start_time);
		jw_end(&w);
	}
	jw_end(&w);
	jw_end(&w);
}
