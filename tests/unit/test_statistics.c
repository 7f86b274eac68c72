/*
 * test_statistics.c — every figure of sip/statistics.c against a small
 * hand-made data set whose right answers are written here, on SQLite
 * and PostgreSQL; the suppression of cells under five plans; scope,
 * period, capability and the audit record.
 *
 * The data set (all needs assessed at B, mid-2026, unless said):
 *   plans 1-6   SIP, not discharge; 1-5 active (1-4 with a follow-up
 *               date), 6 under follow-up with a date
 *   plans 7, 8  discharge SIPs; 7 declined at B+1d (its reason names a
 *               person), 8 need assessed
 *   plans 9-14  needs assessed in 2025, closed at B+5d, goals met
 *   plans 21-25 needs assessed in 2024 (B-700d), closed then; first
 *               consent -2, 1, 3, 2100, 2100 days after the need
 *   plans 15-20 needs assessed in 2025, declined at B+2d: 15-19 because
 *               one principal gives the interventions, 20 because a
 *               SIP exists; plan 7's cause is "other"
 *   initiators: 1-5 professional, 6-7 individual, 8 relative
 *   first consent after 1, 2, 3, 4, 5, 10 days (plans 1-6; plan 1 also
 *   has a later one); first invitation after 7, 7, 7, 8, 9, 30 days
 *   (plans 1-6, to the municipality's unit, unanswered but plan 1's) and
 *   2 days (plan 8, to the region's unit, unanswered); the held SIP
 *   meeting 14, 14, 21, 28, 35 days after the need (plans 1-5)
 *   follow-ups: plans 1-5 concluded on time (revise), plan 6 late
 *   (closing); goal A met for 1-5, goal B partly met for 1-2, not met
 *   for 3-5; plan 6's goal not met at closing, and five more of its
 *   goals no longer relevant (five results, one plan)
 *   deviations: plans 1-5 "invitation unanswered" against the
 *   municipality, answered after 3, 5, 8, 10, 40 days; plan 6 "other"
 *   against the region, unanswered
 *   evaluations (plans 1-5): individual in focus 4, 4, 3, 3, 0 (cannot
 *   say); everyone heard 4, 3, 3, 2, 1
 *   feedback (municipality, week 22): listened 4, 4, 4, 3, 0; understood
 *   4 x5; said what mattered 1, 2, 3, 4, 0; prepared 2 x5
 *   plan_unit: the region's unit in every plan, the municipality's unit
 *   in plans 1-3
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "base/date.h"
#include "sip/capability.h"
#include "sip/statistics.h"
#include "sip/user.h"
#include "store/db.h"
#include "support/testdb.h"

enum { D = 86400 };
static const int64_t B = 1780000000; /* 2026-05-28, UTC */

static struct db *DB;

static void exec(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void exec(const char *fmt, ...)
{
	char sql[2048];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(sql, sizeof sql, fmt, ap);
	va_end(ap);
	if (db_exec(DB, sql) != DB_OK)
		fail_msg("%s: %s", sql, db_errmsg(DB));
}

/* The UTC day `days` after B's, "YYYY-MM-DD". */
static const char *day(int days)
{
	static char out[8][11];
	static int next;
	char *o = out[next++ % 8];
	date_format(date_from_days(B / D + days), o);
	return o;
}

static void plan(int id, const char *state, int discharge,
                 const char *initiator, int64_t need, const char *next_date)
{
	exec("INSERT INTO plan (id, person_id, state, initiating_unit_id,"
	     " lead_unit_id, initiated_by, need_professional, is_discharge,"
	     " need_assessed_at, next_follow_up_date, created_at, updated_at)"
	     " VALUES (%d, 1, '%s', 1, 1, '%s', 'Behov', %d, %lld, %s%s%s,"
	     " %lld, %lld)",
	     id, state, initiator, discharge, (long long)need,
	     next_date ? "'" : "", next_date ? next_date : "NULL",
	     next_date ? "'" : "", (long long)need, (long long)need);
	exec("INSERT INTO plan_unit (plan_id, unit_id, via, joined_at)"
	     " VALUES (%d, 1, 'initiating', %lld)", id, (long long)need);
	if (id <= 3)
		exec("INSERT INTO plan_unit (plan_id, unit_id, via, joined_at)"
		     " VALUES (%d, 2, 'invited', %lld)", id, (long long)need);
}

static void data_set(void)
{
	exec("INSERT INTO principal (id, name, kind, created_at, updated_at)"
	     " VALUES (1, 'Region R', 'region', 0, 0),"
	     " (2, 'Kommun K', 'municipality', 0, 0)");
	exec("INSERT INTO unit (id, hsa_id, name, principal_id, created_at,"
	     " updated_at) VALUES (1, 'SE1', 'Regionens enhet', 1, 0, 0),"
	     " (2, 'SE2', 'Kommunens enhet', 2, 0, 0)");
	exec("INSERT INTO user_account (id, username, full_name, role,"
	     " password_hash, created_at, updated_at) VALUES"
	     " (1, 'eva', 'Eva Ek', 'professional', 'x', 0, 0),"
	     " (2, 'ulla', 'Ulla Berg', 'agreement_follow_up', 'x', 0, 0)");
	exec("INSERT INTO person (id, personnummer, birth_date, given_name,"
	     " family_name, name_search, created_at, updated_at) VALUES"
	     " (1, '199003152389', '1990-03-15', 'Anna', 'Andersson',"
	     " 'anna andersson', 0, 0)");
	for (int i = 1; i <= 5; i++)
		plan(i, "active", 0, "professional", B, i <= 4 ? day(90) : NULL);
	plan(6, "follow_up", 0, "individual", B, day(90));
	plan(7, "declined", 1, "individual", B, NULL);
	exec("UPDATE plan SET declined_cause = 'other',"
	     " declined_reason = 'Anna Andersson vill inte',"
	     " closed_at = %lld WHERE id = 7", (long long)(B + D));
	static const int far_days[] = {-2, 1, 3, 2100, 2100};
	for (int i = 21; i <= 25; i++) {
		int64_t need = B - 700 * D;
		plan(i, "closed", 0, "professional", need, NULL);
		exec("UPDATE plan SET closed_reason = 'other', closed_at = %lld"
		     " WHERE id = %d", (long long)(need + 10 * D), i);
		exec("INSERT INTO consent (plan_id, given_by, form, valid_until,"
		     " recorded_at) VALUES (%d, 'individual', 'oral', '2026-12-31',"
		     " %lld)", i, (long long)(need + far_days[i - 21] * D + 60));
	}
	for (int i = 15; i <= 20; i++) {
		plan(i, "declined", 0, "professional", B - 400 * D, NULL);
		exec("UPDATE plan SET declined_cause = '%s',"
		     " declined_reason = 'Skäl', closed_at = %lld WHERE id = %d",
		     i < 20 ? "one_principal" : "existing_plan",
		     (long long)(B + 2 * D), i);
	}
	plan(8, "need_assessed", 1, "relative", B, NULL);
	for (int i = 9; i <= 14; i++) {
		plan(i, "closed", 0, "professional", B - 400 * D, NULL);
		exec("UPDATE plan SET closed_reason = 'goals_met', closed_at = %lld"
		     " WHERE id = %d", (long long)(B + 5 * D), i);
	}

	static const int consent_days[] = {1, 2, 3, 4, 5, 10};
	static const int invitation_days[] = {7, 7, 7, 8, 9, 30};
	static const int meeting_days[] = {14, 14, 21, 28, 35};
	for (int i = 1; i <= 6; i++) {
		exec("INSERT INTO consent (plan_id, given_by, form, valid_until,"
		     " recorded_at) VALUES (%d, 'individual', 'oral', '2027-12-31',"
		     " %lld)", i, (long long)(B + consent_days[i - 1] * D + 100));
		bool held = i <= 5;
		exec("INSERT INTO meeting (id, plan_id, kind, meeting_date,"
		     " start_time, duration_minutes, purpose, held, created_at)"
		     " VALUES (%d, %d, 'sip', '%s', '10:00', 60, 'SIP', %d, %lld)",
		     i, i, day(held ? meeting_days[i - 1] : 40), held,
		     (long long)B);
		exec("INSERT INTO invitation (meeting_id, plan_id, unit_id, channel,"
		     " created_at, reply) VALUES (%d, %d, 2, 'system', %lld, %s)",
		     i, i, (long long)(B + invitation_days[i - 1] * D + 50),
		     i == 1 ? "'attend'" : "NULL");
	}
	exec("INSERT INTO consent (plan_id, given_by, form, valid_until,"
	     " recorded_at) VALUES (1, 'individual', 'oral', '2027-12-31', %lld)",
	     (long long)(B + 20 * D));
	exec("INSERT INTO meeting (id, plan_id, kind, meeting_date, start_time,"
	     " duration_minutes, purpose, held, created_at) VALUES (8, 8, 'sip',"
	     " '%s', '10:00', 60, 'SIP', 0, %lld)", day(10), (long long)B);
	exec("INSERT INTO invitation (meeting_id, plan_id, unit_id, channel,"
	     " created_at) VALUES (8, 8, 1, 'system', %lld)",
	     (long long)(B + 2 * D + 50));

	for (int i = 1; i <= 6; i++) {
		exec("INSERT INTO plan_version (id, plan_id, version_no, situation,"
		     " wishes, needs, coordinator_user_id, coordinator_name,"
		     " coordinator_unit_id, follow_up_date, follow_up_place,"
		     " individual_approved, established_at) VALUES (%d, %d, 1, 's',"
		     " 'w', 'n', 1, 'Eva Ek', 1, '%s', 'Här', 1, %lld)",
		     i, i, day(60), (long long)(B + 30 * D));
		exec("INSERT INTO plan_goal (id, version_id, position, kind, text)"
		     " VALUES (%d, %d, 1, 'overall', 'A'), (%d, %d, 2, 'sub', 'B')",
		     10 * i, i, 10 * i + 1, i);
		bool on_time = i <= 5;
		exec("INSERT INTO follow_up (id, plan_id, version_id, reason,"
		     " started_at, outcome, concluded_at, due_date) VALUES (%d,"
		     " %d, %d, 'planned', %lld, '%s', %lld, '%s')", i, i, i,
		     (long long)(B + 50 * D), on_time ? "revise" : "close",
		     (long long)(B + (on_time ? 50 : 70) * D), day(60));
		const char *a = on_time ? "met" : "not_met";
		exec("INSERT INTO follow_up_goal_result (follow_up_id, goal_id,"
		     " result, recorded_at) VALUES (%d, %d, '%s', 0)", i, 10 * i, a);
		if (on_time)
			exec("INSERT INTO follow_up_goal_result (follow_up_id, goal_id,"
			     " result, recorded_at) VALUES (%d, %d, '%s', 0)", i,
			     10 * i + 1, i <= 2 ? "partly_met" : "not_met");
	}
	/* Five goals of plan 6 no longer relevant at its closing: five
	 * results, but one plan behind them. */
	for (int g = 100; g < 105; g++) {
		exec("INSERT INTO plan_goal (id, version_id, position, kind, text)"
		     " VALUES (%d, 6, %d, 'sub', 'C')", g, g);
		exec("INSERT INTO follow_up_goal_result (follow_up_id, goal_id,"
		     " result, recorded_at) VALUES (6, %d, 'no_longer_relevant', 0)",
		     g);
	}

	static const int answer_days[] = {3, 5, 8, 10, 40};
	for (int i = 1; i <= 6; i++) {
		int64_t at = B + 10 * D;
		char answered[32] = "NULL";
		if (i <= 5)
			snprintf(answered, sizeof answered, "%lld",
			         (long long)(at + answer_days[i - 1] * D + 7));
		exec("INSERT INTO deviation (plan_id, unit_id, principal_id, kind,"
		     " description, reported_at, reported_by, reporter_unit_id,"
		     " answer_due, answered_at, updated_at) VALUES (%d, %d, %d, '%s',"
		     " 'Anna Andersson fick ingen kallelse', %lld, 1, 1, '%s', %s,"
		     " %lld)", i, i <= 5 ? 2 : 1, i <= 5 ? 2 : 1,
		     i <= 5 ? "invitation_unanswered" : "other", (long long)at,
		     day(70), answered, (long long)at);
	}
	static const int focus[] = {4, 4, 3, 3, 0}, heard[] = {4, 3, 3, 2, 1};
	for (int i = 1; i <= 5; i++)
		exec("INSERT INTO meeting_evaluation (meeting_id, plan_id, user_id,"
		     " unit_id, principal_id, individual_in_focus, everyone_heard,"
		     " worked_well, created_at) VALUES (%d, %d, 1, 1, 1, %d, %d,"
		     " 'Anna var nöjd', %lld)", i, i, focus[i - 1], heard[i - 1],
		     (long long)(B + 20 * D));
	static const int listened[] = {4, 4, 4, 3, 0}, said[] = {1, 2, 3, 4, 0};
	for (int i = 1; i <= 5; i++)
		exec("INSERT INTO feedback_answer (id, principal_id, iso_week,"
		     " listened, understood, said_what_mattered, prepared, free_text)"
		     " VALUES ('f%d', 2, '2026-W22', %d, 4, %d, 2, 'Tack Eva')", i,
		     listened[i - 1], said[i - 1]);
	/* The rows went in by hand: the plans' milestones as the steps keep
	 * them (plan_milestones_refresh, the backfill of 0026). */
	exec("UPDATE plan SET"
	     " first_consent_at = (SELECT MIN(c.recorded_at) FROM consent c"
	     " WHERE c.plan_id = plan.id),"
	     " first_invitation_at = (SELECT MIN(i.created_at) FROM invitation i"
	     " WHERE i.plan_id = plan.id),"
	     " first_meeting_date = (SELECT MIN(m.meeting_date) FROM meeting m"
	     " WHERE m.plan_id = plan.id AND m.kind = 'sip' AND m.held = 1"
	     " AND m.cancelled_at IS NULL)");
}

static struct user ulla = {.id = 2, .active = true,
                           .role = ROLE_AGREEMENT_FOLLOW_UP,
                           .username = "ulla", .full_name = "Ulla Berg"};

static struct ctx *as_ulla(struct testdb_fixture *f)
{
	struct ctx *ctx = &f->t.ctx;
	test_ctx_clear(&f->t);
	ctx->actor = ACTOR_STAFF;
	ctx->user = &ulla;
	ctx->now = B + 100 * D;
	return ctx;
}

static int setup(void **state)
{
	if (testdb_setup(state))
		return -1;
	struct testdb_fixture *f = *state;
	DB = f->db;
	data_set();
	return 0;
}

static const struct stat_cell *cell(const struct statistics *st,
                                    const char *table, const char *row,
                                    const char *col)
{
	const struct stat_table *t = statistics_table(st, table);
	if (!t)
		fail_msg("no table %s", table);
	for (int r = 0; r < t->nrows; r++)
		for (int c = 0; c < t->ncols; c++)
			if (strcmp(t->row_keys[r], row) == 0 &&
			    strcmp(t->col_keys[c], col) == 0)
				return stat_cell_at(t, r, c);
	fail_msg("no cell %s/%s/%s", table, row, col);
	return NULL;
}

/* A cell that is shown, with its value. */
#define SHOWN(st, table, row, col, v)                                      \
	do {                                                               \
		const struct stat_cell *c_ = cell(st, table, row, col);    \
		assert_false(c_->suppressed);                              \
		assert_float_equal(c_->value, v, 0.001);                   \
	} while (0)
/* A cell under five plans: suppressed, its value gone. */
#define HIDDEN(st, table, row, col)                                        \
	do {                                                               \
		const struct stat_cell *c_ = cell(st, table, row, col);    \
		assert_true(c_->suppressed);                               \
		assert_float_equal(c_->value, 0, 0.001);                   \
	} while (0)

static void test_county_figures(void **state)
{
	struct testdb_fixture *f = *state;
	struct ctx *ctx = as_ulla(f);
	struct statistics st;
	assert_true(statistics_compute(ctx, "county", NULL, NULL, "page", &st));
	assert_string_equal(st.from, "2026-01-01");
	assert_string_equal(st.to, "2026-12-31");
	/* started */
	SHOWN(&st, "started_by_kind", "sip", "plans", 6);
	HIDDEN(&st, "started_by_kind", "discharge_sip", "plans");
	SHOWN(&st, "started_by_initiator", "professional", "plans", 5);
	HIDDEN(&st, "started_by_initiator", "individual", "plans");
	HIDDEN(&st, "started_by_initiator", "relative", "plans");
	/* declined by cause (5, 1, 1), ongoing now, closed */
	SHOWN(&st, "declined_by_reason", "one_principal", "plans", 5);
	HIDDEN(&st, "declined_by_reason", "existing_plan", "plans");
	HIDDEN(&st, "declined_by_reason", "other", "plans");
	HIDDEN(&st, "declined_by_reason", "no_coordination_need", "plans");
	SHOWN(&st, "ongoing_by_state", "active", "plans", 5);
	HIDDEN(&st, "ongoing_by_state", "follow_up", "plans");
	HIDDEN(&st, "ongoing_by_state", "need_assessed", "plans");
	SHOWN(&st, "closed_by_reason", "goals_met", "plans", 6);
	HIDDEN(&st, "closed_by_reason", "moved", "plans");
	/* days: consent [1,2,3,4,5,10]; invitation [2,7,7,7,8,9,30];
	 * meeting [14,14,21,28,35] — nearest rank */
	SHOWN(&st, "days_to_step", "consent", "median", 3);
	SHOWN(&st, "days_to_step", "consent", "p90", 10);
	SHOWN(&st, "days_to_step", "invitation", "median", 7);
	SHOWN(&st, "days_to_step", "invitation", "p90", 30);
	SHOWN(&st, "days_to_step", "first_meeting", "median", 21);
	SHOWN(&st, "days_to_step", "first_meeting", "p90", 35);
	/* shares: discharge 1 of 2 (hidden); 5 of 6 active plans dated;
	 * 5 of 6 follow-ups on time */
	HIDDEN(&st, "shares", "discharge_invited_within_3_days", "percent");
	SHOWN(&st, "shares", "active_with_follow_up_date", "percent", 500.0 / 6);
	SHOWN(&st, "shares", "follow_ups_on_time", "percent", 500.0 / 6);
	SHOWN(&st, "follow_ups", "on_time", "follow_ups", 5);
	HIDDEN(&st, "follow_ups", "late", "follow_ups");
	/* goals */
	SHOWN(&st, "goal_results", "met", "at_follow_up", 5);
	HIDDEN(&st, "goal_results", "partly_met", "at_follow_up");
	HIDDEN(&st, "goal_results", "not_met", "at_follow_up");
	HIDDEN(&st, "goal_results", "not_met", "at_closing");
	HIDDEN(&st, "goal_results", "no_longer_relevant", "at_closing");
	/* unanswered invitations: the municipality 5 (plans 2-6), the
	 * region 1 */
	SHOWN(&st, "unanswered_invitations_by_party", "2", "invitations", 5);
	HIDDEN(&st, "unanswered_invitations_by_party", "1", "invitations");
	/* deviations */
	SHOWN(&st, "deviations_by_kind", "invitation_unanswered", "deviations", 5);
	HIDDEN(&st, "deviations_by_kind", "other", "deviations");
	SHOWN(&st, "deviations_by_party", "2", "deviations", 5);
	HIDDEN(&st, "deviations_by_party", "1", "deviations");
	SHOWN(&st, "deviation_answer_days", "answered", "median", 8);
	SHOWN(&st, "deviation_answer_days", "answered", "p90", 40);
	/* scores: 0 is "cannot say" */
	SHOWN(&st, "evaluation_scores", "individual_in_focus", "mean", 3.5);
	SHOWN(&st, "evaluation_scores", "everyone_heard", "mean", 2.6);
	HIDDEN(&st, "feedback_scores", "listened", "mean"); /* 4 answers */
	SHOWN(&st, "feedback_scores", "understood", "mean", 4);
	HIDDEN(&st, "feedback_scores", "said_what_mattered", "mean");
	SHOWN(&st, "feedback_scores", "prepared", "mean", 2);

	/* The party rows are named by the directory, nothing else. */
	const struct stat_table *t =
		statistics_table(&st, "unanswered_invitations_by_party");
	assert_int_equal(t->nrows, 2);
	assert_string_equal(t->row_labels[0], "Kommun K");
	assert_string_equal(statistics_cell_text(ctx->arena, t,
	                                         stat_cell_at(t, 1, 0)), "<5");
}

static void test_scope_and_period(void **state)
{
	struct testdb_fixture *f = *state;
	struct ctx *ctx = as_ulla(f);
	struct statistics st;
	/* The municipality takes part in plans 1-3 only. */
	assert_true(statistics_compute(ctx, "principal:2", "2026-01-01",
	                               "2026-12-31", "json", &st));
	assert_string_equal(st.scope_name, "Kommun K");
	HIDDEN(&st, "started_by_kind", "sip", "plans");
	HIDDEN(&st, "days_to_step", "consent", "median");
	/* Its plans 1-3 were evaluated: three plans, hidden (the plans of
	 * the evaluations are counted up to five only). */
	HIDDEN(&st, "evaluation_scores", "individual_in_focus", "mean");
	HIDDEN(&st, "evaluation_scores", "everyone_heard", "mean");
	/* The region's unit takes part in every plan. */
	assert_true(statistics_compute(as_ulla(f), "unit:1", NULL, NULL, "csv",
	                               &st));
	SHOWN(&st, "started_by_kind", "sip", "plans", 6);
	SHOWN(&st, "closed_by_reason", "goals_met", "plans", 6);
	/* 2025: the needs of the closed and of the declined plans 15-20,
	 * nothing closed or declined. */
	assert_true(statistics_compute(as_ulla(f), "county", "2025-01-01",
	                               "2025-12-31", "page", &st));
	SHOWN(&st, "started_by_kind", "sip", "plans", 12);
	HIDDEN(&st, "closed_by_reason", "goals_met", "plans");
	HIDDEN(&st, "declined_by_reason", "one_principal", "plans");
	HIDDEN(&st, "days_to_step", "consent", "median");
	/* 2024: numbers of days before the need and years after it count
	 * as the rest do: [-2, 1, 3, 2100, 2100]. */
	assert_true(statistics_compute(as_ulla(f), "county", "2024-01-01",
	                               "2024-12-31", "page", &st));
	SHOWN(&st, "days_to_step", "consent", "median", 3);
	SHOWN(&st, "days_to_step", "consent", "p90", 2100);
	/* A period of the day B only. */
	assert_true(statistics_compute(as_ulla(f), "county", day(0), day(0),
	                               "page", &st));
	SHOWN(&st, "started_by_kind", "sip", "plans", 6);
	HIDDEN(&st, "closed_by_reason", "goals_met", "plans");
}

static void test_refusals(void **state)
{
	struct testdb_fixture *f = *state;
	struct statistics st;
	struct ctx *ctx = as_ulla(f);
	assert_false(statistics_compute(ctx, "kommun", NULL, NULL, "page", &st));
	assert_int_equal(ctx->problem->kind, PROBLEM_BAD_REQUEST);
	assert_non_null(problem_field_message(ctx->problem, "scope"));
	ctx = as_ulla(f);
	assert_false(statistics_compute(ctx, "county", "2026-02-30", "2026-01-01",
	                                "page", &st));
	assert_int_equal(ctx->problem->kind, PROBLEM_BAD_REQUEST);
	assert_non_null(problem_field_message(ctx->problem, "from"));
	ctx = as_ulla(f);
	assert_false(statistics_compute(ctx, "county", "2026-05-01", "2026-04-01",
	                                "page", &st));
	assert_non_null(problem_field_message(ctx->problem, "to"));
	ctx = as_ulla(f);
	assert_false(statistics_compute(ctx, "principal:99", NULL, NULL, "page",
	                                &st));
	assert_int_equal(ctx->problem->kind, PROBLEM_NOT_FOUND);
	ctx = as_ulla(f);
	assert_false(statistics_compute(ctx, "unit:0", NULL, NULL, "page", &st));
	assert_int_equal(ctx->problem->kind, PROBLEM_BAD_REQUEST);

	/* Plan readers, administrators and the console have no statistics. */
	static const enum role others[] = {ROLE_PROFESSIONAL, ROLE_UNIT_ADMIN,
	                                   ROLE_SYSTEM_ADMIN, ROLE_AUDIT_REVIEWER};
	for (size_t i = 0; i < sizeof others / sizeof *others; i++) {
		struct user u = {.id = 1, .active = true, .role = others[i]};
		ctx = as_ulla(f);
		ctx->user = &u;
		assert_false(statistics_compute(ctx, "county", NULL, NULL, "page",
		                                &st));
		assert_int_equal(ctx->problem->kind, PROBLEM_FORBIDDEN);
	}
	ctx = as_ulla(f);
	ctx->actor = ACTOR_CONSOLE;
	ctx->user = NULL;
	assert_false(statistics_compute(ctx, "county", NULL, NULL, "page", &st));
	/* The role reads no plan. */
	assert_false(capability_granted(&ulla, CAP_WORK));
	assert_true(capability_granted(&ulla, CAP_STATISTICS));
}

static void test_audit_record_names_no_person(void **state)
{
	struct testdb_fixture *f = *state;
	struct statistics st;
	assert_true(statistics_compute(as_ulla(f), "principal:2", "2026-01-01",
	                               "2026-06-30", "csv", &st));
	struct stmt s;
	assert_int_equal(db_prepare(DB, &s, "SELECT user_id, person_id, plan_id,"
	                                    " detail FROM audit_log WHERE"
	                                    " action = 'statistics.read'"), DB_OK);
	assert_int_equal(db_step(&s), DB_ROW);
	assert_int_equal(db_column_int64(&s, 0), 2);
	assert_true(db_column_is_null(&s, 1));
	assert_true(db_column_is_null(&s, 2));
	assert_string_equal(db_column_text(&s, 3),
	                    "csv scope=principal:2 from=2026-01-01 to=2026-06-30");
	assert_int_equal(db_step(&s), DB_DONE);
	db_finalize(&s);
}

static void test_suppress_rule(void **state)
{
	(void)state;
	struct stat_cell cells[] = {{.value = 4, .n = 4}, {.value = 5, .n = 5},
	                            {.value = 0, .n = 0}, {.value = 12.5, .n = 7}};
	struct stat_table t = {.name = "x", .format = STAT_PERCENT, .nrows = 4,
	                       .ncols = 1, .cells = cells};
	struct statistics st = {.tables = &t, .ntables = 1};
	statistics_suppress(&st);
	assert_true(cells[0].suppressed);
	assert_false(cells[1].suppressed);
	assert_true(cells[2].suppressed);
	assert_false(cells[3].suppressed);
	struct arena a;
	arena_init(&a, 4096);
	assert_string_equal(statistics_cell_text(&a, &t, &cells[0]), "<5");
	assert_string_equal(statistics_cell_text(&a, &t, &cells[3]), "12.5");
	arena_free(&a);
	struct stat_scope sc;
	assert_true(statistics_scope_parse(NULL, &sc));
	assert_int_equal(sc.kind, STAT_COUNTY);
	assert_true(statistics_scope_parse("unit:12", &sc));
	assert_int_equal(sc.kind, STAT_UNIT);
	assert_int_equal(sc.id, 12);
	assert_false(statistics_scope_parse("unit:12x", &sc));
	assert_false(statistics_scope_parse("principal:-1", &sc));
	assert_false(statistics_scope_parse("principal:", &sc));
}

int main(void)
{
#define TEST(f) cmocka_unit_test_setup_teardown(f, setup, testdb_teardown)
	const struct CMUnitTest tests[] = {
		TEST(test_county_figures),
		TEST(test_scope_and_period),
		TEST(test_refusals),
		TEST(test_audit_record_names_no_person),
		TEST(test_suppress_rule),
	};
#undef TEST
	return testdb_run_groups(tests, sizeof tests / sizeof *tests);
}
