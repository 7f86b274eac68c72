/*
 * evaluation.c — the participants' evaluation of a held meeting (see
 * evaluation.h for the rules; the table: sql/0025_meeting_evaluation.sql).
 */
#include "sip/evaluation.h"

#include "audit/audit.h"
#include "base/i18n.h"
#include "sip/feedback.h"
#include "sip/plan_internal.h"
#include "sip/user.h"
#include "sip/validate.h"
#include "store/db.h"

/* Seed 003, Bilaga 3: the two questions every participant answers. */
const struct evaluation_question evaluation_questions[EVALUATION_NQUESTIONS] = {
	{"individual_in_focus", N_("Var den enskilde i fokus under mötet?")},
	{"everyone_heard", N_("Kom alla till tals?")},
};

const char *evaluation_value_text(int v, const char *lang)
{
	/* 1-4 read as the individual's own scale; 0 is a participant's
	 * "cannot say", not a refusal to answer. */
	if (v == 0)
		return tr(lang, "Kan inte säga");
	return feedback_value_text(v, lang);
}

static const char *col_text(struct ctx *ctx, struct stmt *s, int i)
{
	const char *t = db_column_text(s, i);
	return t ? arena_strdup(ctx->arena, t) : NULL;
}

/* The meeting's row, if it is one of the plan's; *held false for one
 * not held or cancelled. */
static bool meeting_row(struct ctx *ctx, int64_t plan_id, int64_t mid,
                        const char **date, const char **start_time,
                        bool *held)
{
	struct stmt s;
	int rc = db_prepare(ctx->db, &s,
		"SELECT meeting_date, start_time, held, cancelled_at /*0-3*/"
		" FROM meeting WHERE id = ? AND plan_id = ?");
	db_bind_int64(&s, 1, mid);
	db_bind_int64(&s, 2, plan_id);
	rc = rc ? rc : db_step(&s);
	if (rc == DB_ROW) {
		*date = col_text(ctx, &s, 0);
		*start_time = col_text(ctx, &s, 1);
		*held = db_column_int64(&s, 2) != 0 && db_column_is_null(&s, 3);
	}
	db_finalize(&s);
	if (rc == DB_DONE)
		return ctx_not_found(ctx);
	return rc == DB_ROW ? true : ctx_db_failed(ctx, rc, "evaluation meeting");
}

/* The caller's units that may evaluate (evaluation.h): taking part in
 * the plan, and the lead unit or among the meeting's recorded
 * participants — or any taking part when the record names no unit. */
static bool evaluator_units(struct ctx *ctx, int64_t plan_id, int64_t mid,
                            struct evaluation_meeting *out)
{
	struct stmt s;
	db_prepare(ctx->db, &s,
		"SELECT DISTINCT un.id, un.name /*0-1*/ FROM user_unit uu"
		" JOIN unit un ON un.id = uu.unit_id"
		" JOIN plan_unit pu ON pu.unit_id = uu.unit_id AND pu.plan_id = ?"
		"  AND pu.left_at IS NULL"
		" WHERE uu.user_id = ?"
		" AND (un.id = (SELECT lead_unit_id FROM plan WHERE id = ?)"
		"  OR NOT EXISTS (SELECT 1 FROM meeting_participant mp"
		"   LEFT JOIN invitation i ON i.id = mp.invitation_id"
		"   WHERE mp.meeting_id = ?"
		"   AND COALESCE(mp.unit_id, i.unit_id) IS NOT NULL)"
		"  OR EXISTS (SELECT 1 FROM meeting_participant mp"
		"   LEFT JOIN invitation i ON i.id = mp.invitation_id"
		"   WHERE mp.meeting_id = ?"
		"   AND COALESCE(mp.unit_id, i.unit_id) = un.id))"
		" ORDER BY un.name, un.id");
	db_bind_int64(&s, 1, plan_id);
	db_bind_int64(&s, 2, ctx_user_id(ctx));
	db_bind_int64(&s, 3, plan_id);
	db_bind_int64(&s, 4, mid);
	db_bind_int64(&s, 5, mid);
	size_t n = 0, cap = 0;
	int rc;
	while ((rc = db_step(&s)) == DB_ROW) {
		ARENA_PUSH(ctx->arena, out->units, n, cap);
		out->units[n++] = (struct evaluation_unit){
			db_column_int64(&s, 0), col_text(ctx, &s, 1)};
	}
	db_finalize(&s);
	out->nunits = (int)n;
	return rc == DB_DONE ? true : ctx_db_failed(ctx, rc, "evaluator units");
}

/* The columns of an evaluation row e (with its user ua and unit un),
 * in the order read_row reads them. */
#define EVALUATION_COLUMNS                                                 \
	"e.id, e.user_id, ua.full_name, e.unit_id, un.name,"                \
	" e.individual_in_focus, e.everyone_heard, e.worked_well,"          \
	" e.do_differently, e.created_at /*0-9*/"                           \
	" FROM meeting_evaluation e JOIN user_account ua ON ua.id = e.user_id"\
	" JOIN unit un ON un.id = e.unit_id"

static void read_row(struct ctx *ctx, struct stmt *s, struct evaluation *e)
{
	*e = (struct evaluation){
		.id = db_column_int64(s, 0),
		.user_id = db_column_int64(s, 1),
		.user_name = col_text(ctx, s, 2),
		.unit_id = db_column_int64(s, 3),
		.unit_name = col_text(ctx, s, 4),
		.worked_well = col_text(ctx, s, 7),
		.do_differently = col_text(ctx, s, 8),
		.created_at = db_column_int64(s, 9),
	};
	for (int q = 0; q < EVALUATION_NQUESTIONS; q++)
		e->answers[q] = (int)db_column_int64(s, 5 + q);
	e->mine = e->user_id == ctx_user_id(ctx);
}

static bool own_evaluation(struct ctx *ctx, int64_t mid,
                           struct evaluation_meeting *out)
{
	struct stmt s;
	db_prepare(ctx->db, &s,
		"SELECT " EVALUATION_COLUMNS
		" WHERE e.meeting_id = ? AND e.user_id = ?");
	db_bind_int64(&s, 1, mid);
	db_bind_int64(&s, 2, ctx_user_id(ctx));
	int rc = db_step(&s);
	if (rc == DB_ROW)
		read_row(ctx, &s, &out->own);
	db_finalize(&s);
	out->have_own = rc == DB_ROW;
	return rc == DB_ROW || rc == DB_DONE
	       ? true : ctx_db_failed(ctx, rc, "own evaluation");
}

/* evaluation_meeting_get without its audit record; h gets the plan. */
static bool load_meeting(struct ctx *ctx, int64_t plan_id, int64_t mid,
                         struct evaluation_meeting *out, struct plan_head *h)
{
	*out = (struct evaluation_meeting){.plan_id = plan_id, .meeting_id = mid};
	bool held = false;
	if (!plan_head_load(ctx, plan_id, h) ||
	    !meeting_row(ctx, plan_id, mid, &out->date, &out->start_time, &held))
		return false;
	if (!held)
		return problem_set(ctx->problem, ctx->arena, PROBLEM_CONFLICT, "%s",
		                   T(ctx, "Mötet kan utvärderas när det har "
		                          "hållits. Ett inställt möte utvärderas "
		                          "inte."));
	return evaluator_units(ctx, plan_id, mid, out) &&
	       own_evaluation(ctx, mid, out);
}

bool evaluation_meeting_get(struct ctx *ctx, int64_t plan_id, int64_t mid,
                            struct evaluation_meeting *out)
{
	struct plan_head h;
	if (!load_meeting(ctx, plan_id, mid, out, &h))
		return false;
	return !out->have_own ||
	       audit_read(ctx, "meeting.evaluation.read", h.person_id, plan_id);
}

/* ---- giving ---- */

bool evaluation_require_evaluator(struct ctx *ctx,
                                  const struct evaluation_meeting *m)
{
	if (m->nunits > 0)
		return true;
	return problem_set(ctx->problem, ctx->arena, PROBLEM_FORBIDDEN, "%s",
	                   T(ctx, "Mötet utvärderas av dem vars enhet deltog i "
	                          "mötet och är med i planen."));
}

static bool check_input(struct ctx *ctx, const struct evaluation_meeting *m,
                        const struct evaluation_input *in, int64_t *unit)
{
	*unit = 0;
	for (int i = 0; i < m->nunits; i++)
		if (in->unit_id == m->units[i].unit_id ||
		    (!in->unit_id && m->nunits == 1))
			*unit = m->units[i].unit_id;
	if (!*unit)
		problem_field(ctx->problem, ctx->arena, "unit_id", "%s",
		              in->unit_id
		              ? T(ctx, "Välj en av dina enheter som deltog i "
		                       "mötet.")
		              : T(ctx, "Välj för vilken enhet du utvärderar "
		                       "mötet."));
	for (int q = 0; q < EVALUATION_NQUESTIONS; q++)
		if (in->answers[q] < 0 || in->answers[q] >= EVALUATION_NVALUES)
			problem_field(ctx->problem, ctx->arena,
			              evaluation_questions[q].key, "%s",
			              T(ctx, "Välj ett svar. Du kan välja ”Kan "
			                     "inte säga”."));
	check_optional(ctx, "worked_well", nonempty(in->worked_well),
	               EVALUATION_TEXT_MAX);
	check_optional(ctx, "do_differently", nonempty(in->do_differently),
	               EVALUATION_TEXT_MAX);
	return !problem_any(ctx->problem);
}

/* The four answers, from parameter first on. */
static void bind_answers(struct stmt *s, int first,
                         const struct evaluation_input *in)
{
	for (int q = 0; q < EVALUATION_NQUESTIONS; q++)
		db_bind_int64(s, first + q, in->answers[q]);
	db_bind_text(s, first + 2, nonempty(in->worked_well));
	db_bind_text(s, first + 3, nonempty(in->do_differently));
}

static bool change_own(struct ctx *ctx, const struct evaluation_meeting *m,
                       int64_t unit, const struct evaluation_input *in,
                       int64_t *changes)
{
	struct stmt s;
	db_prepare(ctx->db, &s,
		"UPDATE meeting_evaluation SET unit_id = ?, principal_id ="
		" (SELECT principal_id FROM unit WHERE id = ?),"
		" individual_in_focus = ?, everyone_heard = ?,"
		" worked_well = ?, do_differently = ? WHERE id = ?");
	db_bind_int64(&s, 1, unit);
	db_bind_int64(&s, 2, unit);
	bind_answers(&s, 3, in);
	db_bind_int64(&s, 7, m->own.id);
	return ctx_run(ctx, &s, changes);
}

/* *id stays 0 when the same user's other request came first. */
static bool insert_new(struct ctx *ctx, const struct evaluation_meeting *m,
                       int64_t unit, const struct evaluation_input *in,
                       int64_t *id)
{
	struct stmt s;
	db_prepare(ctx->db, &s,
		"INSERT INTO meeting_evaluation (meeting_id, plan_id, user_id,"
		" unit_id, principal_id, individual_in_focus, everyone_heard,"
		" worked_well, do_differently, created_at)"
		" SELECT ?, ?, ?, id, principal_id, ?, ?, ?, ?, ? FROM unit"
		" WHERE id = ? ON CONFLICT (meeting_id, user_id) DO NOTHING"
		" RETURNING id");
	db_bind_int64(&s, 1, m->meeting_id);
	db_bind_int64(&s, 2, m->plan_id);
	db_bind_int64(&s, 3, ctx_user_id(ctx));
	bind_answers(&s, 4, in);
	db_bind_int64(&s, 8, ctx->now);
	db_bind_int64(&s, 9, unit);
	int rc = db_step(&s);
	if (rc == DB_ROW)
		*id = db_column_int64(&s, 0);
	db_finalize(&s);
	return rc == DB_ROW || rc == DB_DONE
	       ? true : ctx_db_failed(ctx, rc, "evaluation insert");
}

bool evaluation_give(struct ctx *ctx, int64_t plan_id, int64_t mid,
                     const struct evaluation_input *in, int64_t *id,
                     bool *changed)
{
	*id = 0;
	*changed = false;
	struct evaluation_meeting m;
	struct plan_head h;
	int64_t unit;
	if (!ctx_begin(ctx))
		return false;
	if (!load_meeting(ctx, plan_id, mid, &m, &h))
		return ctx_abort(ctx);
	if (!evaluation_require_evaluator(ctx, &m) ||
	    !check_input(ctx, &m, in, &unit))
		return ctx_abort(ctx);
	/* The principal is the chosen unit's, read in the same statement
	 * so that the two cannot disagree. */
	int64_t done = 0;
	*changed = m.have_own;
	if (m.have_own) {
		*id = m.own.id;
		if (!change_own(ctx, &m, unit, in, &done))
			return ctx_abort(ctx);
	} else {
		if (!insert_new(ctx, &m, unit, in, id))
			return ctx_abort(ctx);
		done = *id != 0;
	}
	if (done != 1) { /* the same user's other request came first */
		problem_set(ctx->problem, ctx->arena, PROBLEM_CONFLICT, "%s",
		            T(ctx, "Utvärderingen sparades samtidigt från ett "
		                   "annat fönster. Ladda om sidan och försök "
		                   "igen."));
		return ctx_abort(ctx);
	}
	const char *detail = arena_printf(ctx->arena, "meeting %lld",
	                                  (long long)mid);
	if (!audit_write(ctx, *changed ? "meeting.evaluation.change"
	                               : "meeting.evaluation.give",
	                 h.person_id, plan_id, detail))
		return ctx_abort(ctx);
	return ctx_commit(ctx);
}

/* ---- reading ---- */

static void add_to_sum(struct evaluation_list *out, const struct evaluation *e)
{
	for (int q = 0; q < EVALUATION_NQUESTIONS; q++) {
		int v = e->answers[q];
		if (v < 0 || v >= EVALUATION_NVALUES)
			continue;
		out->counts[q][v]++;
		if (v > 0) {
			out->sum[q] += v;
			out->rated[q]++;
		}
	}
}

bool evaluation_list_get(struct ctx *ctx, int64_t plan_id, int64_t mid,
                         struct evaluation_list *out)
{
	*out = (struct evaluation_list){.plan_id = plan_id, .meeting_id = mid};
	struct plan_head h;
	if (!plan_head_load(ctx, plan_id, &h) ||
	    !meeting_row(ctx, plan_id, mid, &out->date, &out->start_time,
	                 &out->held))
		return false;
	struct stmt s;
	db_prepare(ctx->db, &s,
		"SELECT " EVALUATION_COLUMNS
		" WHERE e.meeting_id = ? ORDER BY e.created_at, e.id");
	db_bind_int64(&s, 1, mid);
	size_t n = 0, cap = 0;
	int rc;
	while ((rc = db_step(&s)) == DB_ROW) {
		ARENA_PUSH(ctx->arena, out->items, n, cap);
		read_row(ctx, &s, &out->items[n]);
		add_to_sum(out, &out->items[n]);
		n++;
	}
	db_finalize(&s);
	out->n = (int)n;
	if (rc != DB_DONE)
		return ctx_db_failed(ctx, rc, "evaluations");
	return n == 0 ||
	       audit_read(ctx, "meeting.evaluation.read", h.person_id, plan_id);
}
