/*
 * closing.c — closing a plan and each principal's closing note (see
 * closing.h for the rules and why a note waits for the plan to close).
 */
#include "sip/closing.h"

#include <string.h>

#include "audit/audit.h"
#include "base/limits.h"
#include "sip/access.h"
#include "sip/field.h"
#include "sip/org.h"
#include "sip/plan_internal.h"
#include "sip/user.h"
#include "sip/validate.h"
#include "store/db.h"

const char *const closing_participations[] = {"present", "phone", "letter",
                                              "absent", NULL};

const char *closing_participation_label(const char *name, const char *lang)
{
	if (!name)
		return "";
	if (strcmp(name, "present") == 0)
		return tr(lang, "Den enskilde var med när planen avslutades");
	if (strcmp(name, "phone") == 0)
		return tr(lang, "Den enskilde informerades per telefon");
	if (strcmp(name, "letter") == 0)
		return tr(lang, "Den enskilde informerades per brev");
	if (strcmp(name, "absent") == 0)
		return tr(lang, "Den enskilde deltog inte i avslutet");
	return name;
}

/* ---- the coordinator closes ---- */

static bool check_close_input(struct ctx *ctx, const struct close_input *in,
                              bool participation_required)
{
	if (!one_of(in->reason, closed_reasons))
		problem_field(ctx->problem, ctx->arena, "reason", "%s",
		              T(ctx, "Välj varför planen avslutas."));
	if (in->reason && strcmp(in->reason, "other") == 0 && !in->note)
		problem_field(ctx->problem, ctx->arena, "note", "%s",
		              T(ctx, "Beskriv skälet till att planen avslutas."));
	check_optional(ctx, "note", in->note, LIMIT_TEXT);
	if ((participation_required || in->participation) &&
	    !one_of(in->participation, closing_participations))
		problem_field(ctx->problem, ctx->arena, "closed_participation", "%s",
		              T(ctx, "Ange hur den enskilde deltog i avslutet."));
	return !problem_any(ctx->problem);
}

static bool close_plan(struct ctx *ctx, int64_t plan_id,
                       const struct close_input *in,
                       bool participation_required)
{
	struct plan_head h;
	if (!ctx_begin(ctx))
		return false;
	if (!plan_head_load(ctx, plan_id, &h) ||
	    !access_plan_lead(ctx, h.lead_unit_id, h.lead_unit_name) ||
	    !plan_require_state(ctx, &h, STATE_BIT(PLAN_CONSENT) |
	                                 STATE_BIT(PLAN_PREPARING) |
	                                 STATE_BIT(PLAN_INVITED) |
	                                 STATE_BIT(PLAN_ACTIVE) |
	                                 STATE_BIT(PLAN_FOLLOW_UP)) ||
	    !check_close_input(ctx, in, participation_required))
		return ctx_abort(ctx);
	struct stmt s;
	db_prepare(ctx->db, &s,
		"UPDATE plan SET closed_reason = ?, closed_note = ?, closed_at = ?,"
		" closed_participation = ? WHERE id = ?");
	db_bind_text(&s, 1, in->reason);
	db_bind_text(&s, 2, in->note);
	db_bind_int64(&s, 3, ctx->now);
	db_bind_text(&s, 4, in->participation);
	db_bind_int64(&s, 5, plan_id);
	const char *detail = in->note
		? arena_printf(ctx->arena, "%s: %s", in->reason, in->note)
		: in->reason;
	if (!ctx_run(ctx, &s, NULL) ||
	    !plan_set_state(ctx, &h, PLAN_CLOSED, "close", detail))
		return ctx_abort(ctx);
	/* Closed while a follow-up was open (the close form rather than the
	 * follow-up's outcome): that follow-up ended in closing — so its
	 * results count as the plan's results at closing. */
	db_prepare(ctx->db, &s,
		"UPDATE follow_up SET outcome = 'close', concluded_at = ?,"
		" concluded_by = ? WHERE plan_id = ? AND outcome IS NULL");
	db_bind_int64(&s, 1, ctx->now);
	db_bind_id(&s, 2, ctx_user_id(ctx));
	db_bind_int64(&s, 3, plan_id);
	if (!ctx_run(ctx, &s, NULL))
		return ctx_abort(ctx);
	return ctx_commit(ctx);
}

bool plan_close_with(struct ctx *ctx, int64_t plan_id,
                     const struct close_input *in)
{
	return close_plan(ctx, plan_id, in, true);
}

bool plan_close(struct ctx *ctx, int64_t plan_id, const char *reason,
                const char *note)
{
	struct close_input in = {.reason = reason, .note = note};
	return close_plan(ctx, plan_id, &in, false);
}

/* ---- each principal's note ---- */

static bool note_exists(struct ctx *ctx, int64_t plan_id, int64_t principal_id,
                        bool *exists)
{
	struct stmt s;
	db_prepare(ctx->db, &s,
		"SELECT 1 FROM plan_closing_note WHERE plan_id = ?"
		" AND principal_id = ?");
	db_bind_int64(&s, 1, plan_id);
	db_bind_int64(&s, 2, principal_id);
	int rc = db_step(&s);
	db_finalize(&s);
	*exists = rc == DB_ROW;
	return rc == DB_ROW || rc == DB_DONE
	       ? true : ctx_db_failed(ctx, rc, "closing note");
}

bool closing_note_record(struct ctx *ctx, int64_t plan_id, int64_t unit_id,
                         const char *note, int64_t *note_id)
{
	struct plan_head h;
	int64_t unit = 0, principal = 0;
	bool exists = false;
	*note_id = 0;
	if (!ctx_begin(ctx))
		return false;
	if (!plan_head_load(ctx, plan_id, &h))
		return ctx_abort(ctx);
	if (h.state != PLAN_CLOSED) {
		problem_set(ctx->problem, ctx->arena, PROBLEM_CONFLICT, "%s",
		            T(ctx, "Huvudmannens avslut dokumenteras när planen "
		                   "har avslutats."));
		return ctx_abort(ctx);
	}
	if (!access_closing_note_unit(ctx, plan_id, unit_id, &unit, &principal) ||
	    !note_exists(ctx, plan_id, principal, &exists))
		return ctx_abort(ctx);
	if (exists) {
		problem_set(ctx->problem, ctx->arena, PROBLEM_CONFLICT, "%s",
		            T(ctx, "Din huvudman har redan dokumenterat sitt "
		                   "avslut av planen."));
		return ctx_abort(ctx);
	}
	if (!note)
		problem_field(ctx->problem, ctx->arena, "note", "%s",
		              T(ctx, "Beskriv huvudmannens avslut."));
	else
		check_optional(ctx, "note", note, LIMIT_TEXT);
	if (problem_any(ctx->problem))
		return ctx_abort(ctx);
	struct stmt s;
	db_prepare(ctx->db, &s,
		"INSERT INTO plan_closing_note (plan_id, principal_id, unit_id,"
		" user_id, note, created_at) VALUES (?, ?, ?, ?, ?, ?) RETURNING id");
	db_bind_int64(&s, 1, plan_id);
	db_bind_int64(&s, 2, principal);
	db_bind_int64(&s, 3, unit);
	db_bind_id(&s, 4, ctx_user_id(ctx));
	db_bind_text(&s, 5, note);
	db_bind_int64(&s, 6, ctx->now);
	h.my_unit = unit;
	if (!ctx_insert(ctx, &s, note_id) ||
	    !plan_note_event(ctx, &h, "closing_note", NULL))
		return ctx_abort(ctx);
	return ctx_commit(ctx);
}

/* ---- who has documented ---- */

static bool my_principal(const struct user *me, int64_t principal_id)
{
	for (int i = 0; me && i < me->nunits; i++)
		if (me->units[i].principal_id == principal_id)
			return true;
	return false;
}

static const char *col(struct ctx *ctx, struct stmt *s, int i)
{
	const char *t = db_column_text(s, i);
	return t ? arena_strdup(ctx->arena, t) : NULL;
}

bool closing_status_get(struct ctx *ctx, int64_t plan_id,
                        struct closing_status *out)
{
	memset(out, 0, sizeof *out);
	struct access_view view;
	if (!access_may_work(ctx) || !access_plan_view(ctx, plan_id, &view))
		return false;
	struct stmt s;
	/* Every principal that owes a note (its units take part) and every
	 * principal that wrote one (its unit may have left since), with the
	 * note where there is one. */
	db_prepare(ctx->db, &s,
		"SELECT pr.id, pr.name, pr.kind, n.id, n.unit_id, un.name,"
		" ua.full_name, n.created_at, n.note, p.state, p.person_id /*0-10*/"
		" FROM plan p JOIN principal pr ON pr.id IN ("
		CLOSING_PRINCIPALS_OWING_SQL("p.id")
		"  UNION SELECT principal_id FROM plan_closing_note"
		"  WHERE plan_id = p.id)"
		" LEFT JOIN plan_closing_note n ON n.plan_id = p.id"
		"  AND n.principal_id = pr.id"
		" LEFT JOIN unit un ON un.id = n.unit_id"
		" LEFT JOIN user_account ua ON ua.id = n.user_id"
		" WHERE p.id = ? AND pr.kind IN ('municipality', 'region')"
		" ORDER BY pr.name, pr.id");
	db_bind_int64(&s, 1, plan_id);
	const struct user *me = ctx_staff(ctx);
	size_t count = 0, cap = 0;
	int64_t person_id = 0;
	int rc;
	out->plan_id = plan_id;
	for (rc = db_step(&s); rc == DB_ROW; rc = db_step(&s)) {
		ARENA_PUSH(ctx->arena, out->principals, count, cap);
		struct closing_principal *x = &out->principals[count++];
		enum principal_kind kind = PRINCIPAL_MUNICIPALITY;
		memset(x, 0, sizeof *x);
		x->principal_id = db_column_int64(&s, 0);
		x->principal_name = col(ctx, &s, 1);
		principal_kind_parse(db_column_text(&s, 2), &kind);
		x->note_id = db_column_int64(&s, 3);
		x->unit_id = db_column_int64(&s, 4);
		x->unit_name = col(ctx, &s, 5);
		x->user_name = col(ctx, &s, 6);
		x->created_at = db_column_int64(&s, 7);
		if (access_sees_row(&view, field_category_of_unit(kind), x->unit_id))
			x->note = col(ctx, &s, 8);
		out->closed = strcmp(db_column_text(&s, 9), "closed") == 0;
		person_id = db_column_int64(&s, 10);
		x->mine = my_principal(me, x->principal_id);
		if (!x->note_id)
			out->owed++;
		if (!x->note_id && x->mine)
			out->may_record = true;
	}
	db_finalize(&s);
	out->nprincipals = (int)count;
	out->may_record = out->may_record && out->closed;
	if (rc != DB_DONE)
		return ctx_db_failed(ctx, rc, "closing status");
	return count == 0 || audit_read(ctx, "plan.closing.read", person_id,
	                                plan_id);
}
