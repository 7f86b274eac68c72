/*
 * api_worklist.c — GET /api/v1/worklist: the caller's day
 * (sip/worklist.h), every section as an array under its name, and the
 * plans themselves as in GET /api/v1/plans.
 */
#include "api/api.h"
#include "api/api_plan_json.h"
#include "http/input.h"
#include "http/json.h"
#include "sip/worklist.h"

static void item_json(struct json_writer *w, enum worklist_section sec,
                      const struct worklist_item *x)
{
	jw_object(w);
	jw_kint(w, "plan_id", x->plan_id);
	jw_kint(w, "person_id", x->person_id);
	jw_kstr(w, "person_name", x->person_name);
	jw_kstr(w, "personnummer", x->personnummer);
	jw_kbool(w, "protected_identity", x->protected_identity);
	jw_kstr(w, "state", plan_state_name(x->state));
	jw_kstr(w, "date", x->date);
	jw_kint(w, "days", x->days);
	switch (sec) {
	case WORKLIST_FOLLOW_UPS:
		jw_kbool(w, "overdue", x->days < 0);
		break;
	case WORKLIST_UNANSWERED:
	case WORKLIST_AWAITING_REPLY:
		jw_kint(w, "invitation_id", x->ref_id);
		jw_kstr(w, "invited", x->what);
		jw_kstr(w, "start_time", x->start_time);
		break;
	case WORKLIST_ENDED:
		jw_kint(w, "intervention_id", x->ref_id);
		jw_kstr(w, "what", x->what);
		break;
	case WORKLIST_CONSENTS:
		jw_kint(w, "consent_id", x->ref_id);
		break;
	case WORKLIST_CLOSINGS:
		jw_kint(w, "principal_id", x->ref_id);
		jw_kstr(w, "principal_name", x->what);
		jw_kbool(w, "mine", x->mine);
		break;
	case WORKLIST_WAITING:
	case WORKLIST_NSECTIONS:
		break;
	}
	jw_end(w);
}

void api_worklist(struct request *r)
{
	struct ctx ctx = api_ctx(r);
	struct worklist wl;
	if (!worklist_get(&ctx, &wl)) {
		api_problem(r);
		return;
	}
	struct json_writer w;
	json_start(r, 200, &w);
	jw_object(&w);
	for (int s = 0; s < WORKLIST_NSECTIONS; s++) {
		jw_key(&w, worklist_section_name((enum worklist_section)s));
		jw_array(&w);
		for (int i = 0; i < wl.n[s]; i++)
			item_json(&w, (enum worklist_section)s, &wl.items[s][i]);
		jw_end(&w);
	}
	jw_key(&w, "notices");
	jw_array(&w);
	for (int i = 0; i < wl.nnotices; i++) {
		const struct plan_notice *n = &wl.notices[i];
		jw_object(&w);
		jw_kint(&w, "id", n->id);
		jw_kint(&w, "plan_id", n->plan_id);
		jw_kint(&w, "person_id", n->person_id);
		jw_kstr(&w, "person_name", n->person_name);
		jw_kstr(&w, "personnummer", n->personnummer);
		jw_kbool(&w, "protected_identity", n->protected_identity);
		jw_kstr(&w, "kind", plan_notice_kind_name(n->kind));
		jw_kint(&w, "created_at", n->created_at);
		jw_kstr(&w, "detail", n->detail);
		jw_kstr(&w, "request_text", n->request_text);
		jw_kint(&w, "unit_id", n->unit_id);
		jw_kstr(&w, "unit_name", n->unit_name);
		jw_end(&w);
	}
	jw_end(&w);
	/* Issue 12: open deviations against the caller's units
	 * (party_mine) and reported by them (reporter_mine). */
	jw_key(&w, "deviations");
	jw_array(&w);
	for (int i = 0; i < wl.ndeviations; i++)
		api_json_deviation(&w, &wl.deviations[i], false);
	jw_end(&w);
	jw_key(&w, "plans");
	jw_array(&w);
	for (int i = 0; i < wl.nplans; i++)
		api_json_plan_summary(&w, &wl.plans[i]);
	jw_end(&w);
	jw_end(&w);
}

/* POST /api/v1/notices/{id}/seen {"unit_id": N}: the caller's unit has
 * seen a notice of its work list (sip/notice.h). */
static const struct field seen_fields[] = {
	{"unit_id", FIELD_ID, 0},
};

void api_notice_seen(struct request *r)
{
	struct form f;
	int64_t id;
	struct ctx ctx = api_ctx(r);
	if (!api_path_id(r, "id", &id) ||
	    !api_read_form(r, seen_fields, sizeof seen_fields / sizeof *seen_fields,
	                   &f))
		return;
	int64_t unit = form_num(&f, "unit_id");
	if (!unit) {
		problem_field(&r->problem, &r->arena, "unit_id", "%s",
		              tr(r->lang, "Ange vilken enhet som har sett meddelandet."));
		api_problem(r);
		return;
	}
	if (!plan_notice_mark_seen(&ctx, id, unit)) {
		api_problem(r);
		return;
	}
	struct json_writer w;
	json_start(r, 200, &w);
	jw_object(&w);
	jw_kint(&w, "notice_id", id);
	jw_kint(&w, "unit_id", unit);
	jw_kbool(&w, "seen", true);
	jw_end(&w);
}
