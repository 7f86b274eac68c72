/*
 * api_follow_up_json.c — the JSON of step 6 inside a plan
 * (api_json_plan): a version's approval, the follow-ups with their
 * results and reports, to whom versions were handed, the links between
 * a plan and the plan that replaced it. The data is filtered already
 * (plan_filter_view); every path here is in src/sip/field.h.
 */
#include "api/api_plan_json.h"
#include "sip/access.h"
#include "sip/follow_up.h"
#include "sip/plan.h"

void api_json_approval_members(struct json_writer *w,
                               const struct plan_version *v)
{
	jw_kbool(w, "approved", v->approved);
	/* The recorded approval of a revision; its members are null for a
	 * proposal and for version 1, accepted at the meeting. */
	jw_key(w, "approval");
	jw_object(w);
	jw_kstr(w, "given_by", v->approval_given_by);
	jw_kstr(w, "names", v->approval_names);
	jw_kstr(w, "method", v->approval_method);
	jw_kstr(w, "approved_on", v->approved_on);
	jw_kint(w, "recorded_at", v->approval_recorded_at);
	jw_kstr(w, "recorded_by", v->approval_recorded_by_name);
	jw_end(w);
}

static void goal_results_json(struct json_writer *w, const struct follow_up *f)
{
	jw_key(w, "goal_results");
	jw_array(w);
	for (int i = 0; i < f->ngoal_results; i++) {
		const struct goal_result *g = &f->goal_results[i];
		jw_object(w);
		jw_kint(w, "goal_id", g->goal_id);
		jw_kstr(w, "goal", g->goal_text);
		jw_kstr(w, "result", g->result);
		jw_kstr(w, "comment", g->comment);
		jw_kint(w, "recorded_at", g->recorded_at);
		jw_kstr(w, "recorded_by", g->recorded_by_name);
		jw_end(w);
	}
	jw_end(w);
}

static void intervention_results_json(struct json_writer *w,
                                      const struct follow_up *f)
{
	jw_key(w, "intervention_results");
	jw_array(w);
	for (int i = 0; i < f->nintervention_results; i++) {
		const struct intervention_result *x = &f->intervention_results[i];
		jw_object(w);
		jw_kint(w, "intervention_id", x->intervention_id);
		jw_kid(w, "responsible_unit_id", x->responsible_unit_id);
		/* Withheld: the scope the caller's consent lacks instead of
		 * what was done and how it went (as for interventions). */
		if (x->withheld) {
			jw_kstr(w, "withheld", field_category_scope(x->category));
		} else {
			jw_kstr(w, "what", x->what);
			jw_kstr(w, "result", x->result);
			jw_kstr(w, "why", x->why);
			jw_kstr(w, "effect", x->effect);
		}
		jw_kint(w, "recorded_at", x->recorded_at);
		jw_kstr(w, "recorded_by", x->recorded_by_name);
		jw_end(w);
	}
	jw_end(w);
}

static void reports_json(struct json_writer *w, const struct follow_up *f)
{
	jw_key(w, "reports");
	jw_array(w);
	for (int i = 0; i < f->nreports; i++) {
		const struct principal_report *x = &f->reports[i];
		jw_object(w);
		jw_kint(w, "principal_id", x->principal_id);
		jw_kstr(w, "principal_name", x->principal_name);
		if (x->withheld)
			jw_kstr(w, "withheld", field_category_scope(x->category));
		else
			jw_kstr(w, "text", x->text);
		jw_kstr(w, "unit_name", x->unit_name);
		jw_kint(w, "recorded_at", x->recorded_at);
		jw_kstr(w, "recorded_by", x->recorded_by_name);
		jw_end(w);
	}
	jw_end(w);
}

static void follow_up_json(struct json_writer *w, const struct access_view *v,
                           const struct follow_up *f)
{
	jw_object(w);
	jw_kint(w, "id", f->id);
	jw_kint(w, "version_no", f->version_no);
	jw_kstr(w, "reason", f->reason);
	jw_kstr(w, "note", f->note);
	jw_kint(w, "started_at", f->started_at);
	jw_kstr(w, "started_by", f->started_by_name);
	if (access_sees(v, FIELD_FOLLOW_UP_WELLBEING))
		jw_kstr(w, "wellbeing", f->wellbeing);
	if (access_sees(v, FIELD_FOLLOW_UP_NEW_INFORMATION))
		jw_kstr(w, "new_information", f->new_information);
	jw_kstr(w, "coordination_needed", f->coordination_needed);
	jw_kstr(w, "outcome", f->outcome);
	jw_kstr(w, "next_date", f->next_date);
	jw_kstr(w, "next_place", f->next_place);
	jw_kint(w, "concluded_at", f->concluded_at);
	jw_kstr(w, "concluded_by", f->concluded_by_name);
	goal_results_json(w, f);
	intervention_results_json(w, f);
	reports_json(w, f);
	jw_end(w);
}

void api_json_follow_up_members(struct json_writer *w, const struct plan *p)
{
	jw_key(w, "proposed_version");
	api_json_version(w, p->proposed);
	jw_kid(w, "replaces_plan_id", p->replaces_plan_id);
	jw_kid(w, "replaced_by_plan_id", p->replaced_by_plan_id);
	jw_key(w, "follow_ups");
	jw_array(w);
	for (int i = 0; i < p->nfollow_ups; i++)
		follow_up_json(w, &p->view, &p->follow_ups[i]);
	jw_end(w);
	jw_key(w, "handovers");
	jw_array(w);
	for (int i = 0; i < p->nhandovers; i++) {
		const struct handover *h = &p->handovers[i];
		jw_object(w);
		jw_kint(w, "id", h->id);
		jw_kint(w, "version_no", h->version_no);
		jw_kstr(w, "recipient", h->recipient);
		jw_kstr(w, "recipient_name", h->recipient_name);
		jw_kstr(w, "organisation", h->organisation);
		jw_kstr(w, "method", h->method);
		jw_kstr(w, "handed_on", h->handed_on);
		jw_kint(w, "recorded_at", h->recorded_at);
		jw_kstr(w, "recorded_by", h->recorded_by_name);
		jw_end(w);
	}
	jw_end(w);
}
