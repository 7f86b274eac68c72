/*
 * api_evaluation.c — after a held meeting (sip/evaluation.h,
 * sip/feedback.h):
 *
 *   GET  /api/v1/plans/{id}/meetings/{mid}/evaluations     all, summed
 *   POST /api/v1/plans/{id}/meetings/{mid}/evaluations     give or change
 *                                                          the caller's
 *   POST /api/v1/plans/{id}/meetings/{mid}/paper-feedback  a paper
 *                                                          SIP-kollen
 *
 * A paper answer is answered with 201 and nothing of the answer: it has
 * no id that could be asked for again, and no link to the plan.
 */
#include "api/api.h"
#include "form/forms.h"
#include "http/input.h"
#include "http/json.h"
#include "sip/evaluation.h"
#include "sip/feedback.h"

static void evaluation_json(struct json_writer *w, const struct evaluation *e)
{
	jw_object(w);
	jw_kint(w, "id", e->id);
	jw_kint(w, "user_id", e->user_id);
	jw_kstr(w, "user_name", e->user_name);
	jw_kint(w, "unit_id", e->unit_id);
	jw_kstr(w, "unit_name", e->unit_name);
	for (int q = 0; q < EVALUATION_NQUESTIONS; q++)
		jw_kint(w, evaluation_questions[q].key, e->answers[q]);
	jw_kstr(w, "worked_well", e->worked_well);
	jw_kstr(w, "do_differently", e->do_differently);
	jw_kint(w, "created_at", e->created_at);
	jw_kbool(w, "mine", e->mine);
	jw_end(w);
}

static void summary_json(struct json_writer *w, const struct evaluation_list *l)
{
	jw_key(w, "summary");
	jw_object(w);
	for (int q = 0; q < EVALUATION_NQUESTIONS; q++) {
		jw_key(w, evaluation_questions[q].key);
		jw_object(w);
		jw_key(w, "counts"); /* by value 0-4 */
		jw_array(w);
		for (int v = 0; v < EVALUATION_NVALUES; v++)
			jw_int(w, l->counts[q][v]);
		jw_end(w);
		jw_kint(w, "rated", l->rated[q]);
		jw_kint(w, "sum", l->sum[q]);
		jw_end(w);
	}
	jw_end(w);
}

static void respond_list(struct request *r, struct ctx *ctx, int64_t id,
                         int64_t mid, int status)
{
	struct evaluation_list l;
	if (!evaluation_list_get(ctx, id, mid, &l)) {
		api_problem(r);
		return;
	}
	struct json_writer w;
	json_start(r, status, &w);
	jw_object(&w);
	jw_kint(&w, "plan_id", l.plan_id);
	jw_kint(&w, "meeting_id", l.meeting_id);
	jw_kbool(&w, "held", l.held);
	jw_kint(&w, "count", l.n);
	summary_json(&w, &l);
	jw_key(&w, "evaluations");
	jw_array(&w);
	for (int i = 0; i < l.n; i++)
		evaluation_json(&w, &l.items[i]);
	jw_end(&w);
	jw_end(&w);
}

static bool path_ids(struct request *r, int64_t *id, int64_t *mid)
{
	return api_path_id(r, "id", id) && api_path_id(r, "mid", mid);
}

void api_meeting_evaluations(struct request *r)
{
	int64_t id, mid;
	struct ctx ctx = api_ctx(r);
	if (path_ids(r, &id, &mid))
		respond_list(r, &ctx, id, mid, 200);
}

void api_meeting_evaluation_give(struct request *r)
{
	struct form f;
	int64_t id, mid, eid;
	bool changed;
	struct ctx ctx = api_ctx(r);
	if (!path_ids(r, &id, &mid) ||
	    !api_read_form(r, evaluation_fields, evaluation_nfields, &f))
		return;
	struct evaluation_input in;
	evaluation_input_from(&f, &in);
	if (!evaluation_give(&ctx, id, mid, &in, &eid, &changed)) {
		api_problem(r);
		return;
	}
	respond_list(r, &ctx, id, mid, changed ? 200 : 201);
}

void api_meeting_paper_feedback(struct request *r)
{
	struct form f;
	int64_t id, mid;
	struct ctx ctx = api_ctx(r);
	if (!path_ids(r, &id, &mid) ||
	    !api_read_form(r, feedback_fields, feedback_nfields, &f))
		return;
	struct feedback_input in;
	feedback_input_from(&f, &in);
	if (!feedback_enter_paper(&ctx, id, mid, &in)) {
		api_problem(r);
		return;
	}
	struct json_writer w;
	json_start(r, 201, &w);
	jw_object(&w);
	jw_kbool(&w, "stored", true);
	jw_kstr(&w, "channel", "paper");
	jw_end(&w);
}
