/*
 * page_plan_steps.c — the POST handlers of the plan page's forms, one
 * per step: decline, consent, preparation,
 * meeting, cancelling a meeting, invitations, follow-up, close. Each reads its field table
 * (form/forms.h, the same as the API's), calls the one src/sip/
 * function, and on success goes back to the plan page with a
 * confirmation (303, ?done=KEY); on refusal shows the plan page again
 * with the form as typed and what to fix (plan_refail).
 */
#include <string.h>

#include "form/forms.h"
#include "http/input.h"
#include "page/layout.h"
#include "page/page_sip.h"
#include "page/pages.h"
#include "sip/access.h"
#include "sip/closing.h"
#include "sip/plan.h"

static bool path_id(struct request *r, const char *name, int64_t *id)
{
	if (req_path_id(r, name, id))
		return true;
	struct ctx ctx = page_ctx(r);
	ctx_not_found(&ctx);
	page_problem(r, &r->problem);
	return false;
}

/* Back to the plan with a confirmation, or the plan page again. */
static void finish(struct request *r, int64_t id, bool ok, const char *done,
                   const char *scope, const struct form *f)
{
	if (ok) {
		resp_redirect(r, sip_plan_url(r, id, arena_printf(&r->arena,
		                                                  "?done=%s", done)));
		return;
	}
	plan_refail(r, id, scope, f);
}

void page_plan_decline(struct request *r)
{
	struct ctx ctx = page_ctx(r);
	struct form f;
	int64_t id;
	if (!path_id(r, "id", &id))
		return;
	bool ok = form_read(r, &r->problem, reason_fields, reason_nfields, &f) &&
	          plan_decline(&ctx, id, form_text(&f, "reason"));
	finish(r, id, ok, "declined", "decline", &f);
}

void page_plan_consent(struct request *r)
{
	struct ctx ctx = page_ctx(r);
	struct form f;
	struct consent_input in;
	int64_t id, consent;
	if (!path_id(r, "id", &id))
		return;
	bool ok = form_read(r, &r->problem, consent_fields, consent_nfields, &f);
	consent_input_from(&f, &in);
	ok = ok && consent_record(&ctx, id, &in, &consent);
	finish(r, id, ok, "consent_recorded", "consent", &f);
}

/* Withdrawing a consent: page_plan_withdraw.c. */

void page_plan_preparation(struct request *r)
{
	struct ctx ctx = page_ctx(r);
	struct form f;
	struct preparation_input in;
	int64_t id;
	if (!path_id(r, "id", &id))
		return;
	bool ok = form_read(r, &r->problem, preparation_fields,
	                    preparation_nfields, &f);
	preparation_input_from(&f, &in);
	ok = ok && preparation_save(&ctx, id, &in);
	finish(r, id, ok, "saved", "preparation", &f);
}

void page_plan_meeting(struct request *r)
{
	struct ctx ctx = page_ctx(r);
	struct form f;
	struct meeting_input in;
	int64_t id, meeting;
	if (!path_id(r, "id", &id))
		return;
	bool ok = form_read(r, &r->problem, meeting_fields, meeting_nfields, &f);
	meeting_input_from(&f, &in);
	ok = ok && meeting_create(&ctx, id, &in, &meeting);
	finish(r, id, ok, "meeting_planned", "meeting", &f);
}

void page_plan_meeting_cancel(struct request *r)
{
	struct ctx ctx = page_ctx(r);
	struct form f;
	int64_t id, meeting;
	if (!path_id(r, "id", &id) || !path_id(r, "mid", &meeting))
		return;
	bool ok = form_read(r, &r->problem, reason_fields, reason_nfields, &f) &&
	          meeting_cancel(&ctx, id, meeting, form_text(&f, "reason"));
	finish(r, id, ok, "meeting_cancelled",
	       arena_printf(&r->arena, "cancel-%lld", (long long)meeting), &f);
}

/* ---- invitations ---- */

/* The units ticked, then the rows for outside parties that were filled
 * in; row_of[k] is the form row of invitation k (-1: a unit). */
static int invitation_inputs(struct request *r, const struct form *f,
                             struct invitation_input **out, int **row_of)
{
	const struct form_value *units = form_value(f, "unit_ids");
	size_t max = (size_t)units->nlist + PLAN_EXTERNAL_ROWS + 1;
	*out = arena_array(&r->arena, struct invitation_input, max);
	*row_of = arena_array(&r->arena, int, max);
	int n = 0;
	for (int i = 0; i < units->nlist; i++) {
		(*out)[n] = (struct invitation_input){.unit_id = units->ids[i]};
		(*row_of)[n++] = -1;
	}
	for (int i = 0; i < PLAN_EXTERNAL_ROWS; i++) {
		const struct form_value *x =
			&f->values[PLAN_EXTERNAL_FIRST + 4 * (size_t)i];
		if (!x[0].text && !x[1].text && !x[2].text)
			continue;
		(*out)[n] = (struct invitation_input){
			.external_name = x[0].text,
			.external_organisation = x[1].text,
			.external_contact = x[2].text,
			.channel = x[3].text,
		};
		(*row_of)[n++] = i;
	}
	return n;
}

/* The domain names invitations[k].field; the form has unit_ids and
 * external[row].field. */
static void remap_invitation_errors(struct request *r, const int *row_of,
                                    int n)
{
	struct problem *p = &r->problem;
	for (int i = 0; i < p->nfields; i++) {
		int k;
		const char *rest;
		if (!sip_row_field(p->fields[i].field, "invitations", &k, &rest) ||
		    k >= n)
			continue;
		p->fields[i].field = row_of[k] < 0
			? "unit_ids"
			: arena_printf(&r->arena, "external[%d]%s", row_of[k], rest);
	}
}

void page_plan_invitations(struct request *r)
{
	struct ctx ctx = page_ctx(r);
	struct form f;
	struct invitation_input *in;
	int *row_of;
	int64_t id, first;
	if (!path_id(r, "id", &id))
		return;
	bool ok = form_read(r, &r->problem, plan_invitation_fields,
	                    plan_invitation_nfields, &f);
	int n = invitation_inputs(r, &f, &in, &row_of);
	ok = ok && invitations_send(&ctx, id, form_num(&f, "meeting_id"), in, n,
	                            &first);
	if (!ok)
		remap_invitation_errors(r, row_of, n);
	finish(r, id, ok, "invited", "invitations", &f);
}

/* ---- follow-up and closing ---- */

void page_plan_follow_up(struct request *r)
{
	struct ctx ctx = page_ctx(r);
	struct form f;
	int64_t id;
	if (!path_id(r, "id", &id))
		return;
	bool ok = form_read(r, &r->problem, reason_fields, reason_nfields, &f) &&
	          plan_start_follow_up(&ctx, id, form_text(&f, "note"));
	finish(r, id, ok, "follow_up", "follow_up", &f);
}

void page_plan_close(struct request *r)
{
	struct ctx ctx = page_ctx(r);
	struct form f;
	int64_t id;
	if (!path_id(r, "id", &id))
		return;
	struct close_input in;
	bool ok = form_read(r, &r->problem, close_fields, close_nfields, &f);
	close_input_from(&f, &in);
	ok = ok && plan_close_with(&ctx, id, &in);
	finish(r, id, ok, "closed", "close", &f);
}
