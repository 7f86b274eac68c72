/*
 * api_closing.c — each principal's closing of a plan (sip/closing.h):
 *
 *   GET  /api/v1/plans/{id}/closing        who has documented, who owes
 *   POST /api/v1/plans/{id}/closing-notes  document the caller's
 *                                          principal's closing
 *
 * The plan itself is closed with POST /api/v1/plans/{id}/close
 * (api_plans.c).
 */
#include "api/api.h"
#include "form/forms.h"
#include "http/input.h"
#include "http/json.h"
#include "sip/closing.h"

static void status_json(struct json_writer *w, const struct closing_status *st)
{
	jw_object(w);
	jw_kint(w, "plan_id", st->plan_id);
	jw_kbool(w, "closed", st->closed);
	jw_kint(w, "owed", st->owed);
	jw_kbool(w, "may_record", st->may_record);
	jw_key(w, "principals");
	jw_array(w);
	for (int i = 0; i < st->nprincipals; i++) {
		const struct closing_principal *x = &st->principals[i];
		jw_object(w);
		jw_kint(w, "principal_id", x->principal_id);
		jw_kstr(w, "principal_name", x->principal_name);
		jw_kbool(w, "documented", x->note_id != 0);
		jw_kbool(w, "mine", x->mine);
		if (x->note_id) {
			jw_kint(w, "note_id", x->note_id);
			jw_kint(w, "unit_id", x->unit_id);
			jw_kstr(w, "unit_name", x->unit_name);
			jw_kstr(w, "user_name", x->user_name);
			jw_kint(w, "created_at", x->created_at);
			jw_kstr(w, "note", x->note);
			jw_kbool(w, "note_withheld", !x->note);
		}
		jw_end(w);
	}
	jw_end(w);
	jw_end(w);
}

static void respond_status(struct request *r, struct ctx *ctx, int64_t id,
                           int status)
{
	struct closing_status st;
	if (!closing_status_get(ctx, id, &st)) {
		api_problem(r);
		return;
	}
	struct json_writer w;
	json_start(r, status, &w);
	status_json(&w, &st);
}

void api_plans_closing(struct request *r)
{
	int64_t id;
	struct ctx ctx = api_ctx(r);
	if (!api_path_id(r, "id", &id))
		return;
	respond_status(r, &ctx, id, 200);
}

void api_plans_closing_note(struct request *r)
{
	struct form f;
	int64_t id, note_id;
	struct ctx ctx = api_ctx(r);
	if (!api_path_id(r, "id", &id) ||
	    !api_read_form(r, closing_note_fields, closing_note_nfields, &f))
		return;
	if (!closing_note_record(&ctx, id, form_num(&f, "unit_id"),
	                         form_text(&f, "note"), &note_id)) {
		api_problem(r);
		return;
	}
	respond_status(r, &ctx, id, 201);
}
