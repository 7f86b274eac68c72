/*
 * page_plan_steps.c — the POST handlers of the plan page's forms, one
 * per step: decline, consent, preparation,
 * meeting, cancelling or moving a meeting, invitations, follow-up, close. Each reads its field table
 * (form/forms.h, the same as the API's), calls the one src/sip/
 * function, and on success goes back to the plan page with a
 * confirmation (303, ?done=KEY); on refusal shows the plan page again
 * with the form as typed and what to fix (plan_refail).
 */
#include <stdio.h>
#include <string.h>

#include "form/follow_up_forms.h"
#include "form/forms.h"
#include "form/rows.h"
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
	struct decline_input in;
	bool ok = form_read(r, &r->problem, decline_fields, decline_nfields, &f);
	decline_input_from(&f, &in);
	ok = ok && plan_decline(&ctx, id, &in);
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

void page_plan_meeting_reschedule(struct request *r)
{
	struct ctx ctx = page_ctx(r);
	struct form f;
	struct meeting_input in;
	int64_t id, meeting;
	if (!path_id(r, "id", &id) || !path_id(r, "mid", &meeting))
		return;
	bool ok = form_read(r, &r->problem, meeting_reschedule_fields,
	                    meeting_reschedule_nfields, &f);
	meeting_reschedule_input_from(&f, &in);
	ok = ok && meeting_reschedule(&ctx, id, meeting, &in);
	finish(r, id, ok, "meeting_rescheduled",
	       arena_printf(&r->arena, "move-%lld", (long long)meeting), &f);
}

/* ---- invitations ---- */

/* The units ticked, then the rows for outside parties that were filled
 * in (form/rows.h's invitation_shape); row_of[k] is the form row of
 * invitation k (-1: a unit). */
static bool invitation_inputs(struct request *r, const struct form *f,
                              struct invitation_input **out, int **row_of,
                              int *n)
{
	const struct form_value *units = form_value(f, "unit_ids");
	struct form_rows rows;
	struct invitation_input *external;
	int *external_row;
	bool ok = form_rows_read(r, &r->problem, &invitation_shape, &rows);
	int next = invitation_inputs_from(&r->arena, &rows, true, &external,
	                                  &external_row);
	size_t max = (size_t)units->nlist + (size_t)next + 1;
	*out = arena_array(&r->arena, struct invitation_input, max);
	*row_of = arena_array(&r->arena, int, max);
	int k = 0;
	for (int i = 0; i < units->nlist; i++) {
		(*out)[k] = (struct invitation_input){.unit_id = units->ids[i]};
		(*row_of)[k++] = -1;
	}
	/* The page's rows are for parties outside samplan only: a unit is
	 * chosen by its box. */
	for (int i = 0; i < next; i++) {
		(*out)[k] = external[i];
		(*out)[k].unit_id = 0;
		(*out)[k].professional_ids = NULL;
		(*out)[k].nprofessionals = 0;
		(*row_of)[k++] = external_row[i];
	}
	*n = k;
	return ok;
}

/* The domain names invitations[k].field; the form has unit_ids and
 * its own rows invitations[row].field. */
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
		p->fields[i].field =
			!strcmp(rest, ".professional_ids") ? "professionals"
			: row_of[k] < 0 ? "unit_ids"
			: arena_printf(&r->arena, "%s[%d]%s", invitation_shape.list,
			               row_of[k], rest);
	}
}

/* The form's "UNIT:USER" values onto the invitations to those units
 * (the invitation form's professional_choices). False, with a field
 * error, for a professional whose unit is not invited. */
static bool attach_professionals(struct request *r, const struct form *f,
                                 struct invitation_input *in, int n)
{
	const struct form_value *v = form_value(f, "professionals");
	size_t row = (size_t)v->nlist + 1;
	/* Row k of ids is invitation k's list. */
	int64_t *ids = arena_array(&r->arena, int64_t, row * (size_t)(n + 1));
	for (int k = 0; k < n; k++) {
		in[k].professional_ids = ids + row * (size_t)k;
		in[k].nprofessionals = 0;
	}
	for (int c = 0; c < v->nlist; c++) {
		long long unit, user;
		char end;
		if (sscanf(v->list[c], "%lld:%lld%c", &unit, &user, &end) != 2 ||
		    unit <= 0 || user <= 0)
			return problem_field(&r->problem, &r->arena, "professionals",
			                     "%s", tr(r->lang, "Ogiltigt val."));
		int k = 0;
		while (k < n && in[k].unit_id != unit)
			k++;
		if (k == n)
			return problem_field(&r->problem, &r->arena, "professionals",
			                     "%s", tr(r->lang, "Välj också enheten för "
			                                       "de yrkespersoner du "
			                                       "namnger."));
		ids[row * (size_t)k + (size_t)in[k].nprofessionals++] = user;
	}
	return true;
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
	int n;
	bool ok = form_read(r, &r->problem, plan_invitation_fields,
	                    plan_invitation_nfields, &f);
	ok &= invitation_inputs(r, &f, &in, &row_of, &n);
	ok = ok && attach_professionals(r, &f, in, n) &&
	     invitations_send(&ctx, id, form_num(&f, "meeting_id"), in, n,
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
	struct follow_up_start_input in;
	bool ok = form_read(r, &r->problem, follow_up_start_fields,
	                    follow_up_start_nfields, &f);
	follow_up_start_input_from(&f, &in);
	ok = ok && follow_up_start(&ctx, id, &in, NULL);
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
