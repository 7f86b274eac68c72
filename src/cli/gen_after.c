/*
 * gen_after.c — a generated plan's later life, so the agreement's
 * statistics (issue 12) have something to count: the results of its
 * follow-ups, how it was closed and which principals documented their
 * closing, deviations reported against its parties, the professionals'
 * evaluations of its meeting and the anonymous feedback of the
 * individual and relatives.
 *
 * Steps that have a domain function go through it, as in gen.c
 * (follow_up_record, follow_up_conclude, plan_close_with,
 * closing_note_record). Deviations, meeting evaluations and feedback
 * are written with direct INSERTs, consistent with the schema comments
 * of sql/0022, 0024 and 0025 and with the workflow they describe: a
 * generated database needs no audit record of an answer no one gave,
 * and the deviation and evaluation steps are written elsewhere.
 *
 * Every time lies after what it follows and never after GEN_EPOCH: a
 * step that would come later has not happened yet.
 */
#include <stdio.h>
#include <string.h>

#include "base/date.h"
#include "cli/gen_internal.h"
#include "sip/closing.h"
#include "sip/feedback.h"
#include "sip/follow_up.h"
#include "sip/plan.h"
#include "sip/user.h"
#include "store/db.h"

#define ONE_OF(array) (array)[gen_pick(sizeof(array) / sizeof((array)[0]))]

/* ---- small helpers ---- */

static int64_t principal_of(struct ctx *ctx, int64_t unit_id)
{
	struct stmt s;
	int64_t id = 0;
	db_prepare(ctx->db, &s, "SELECT principal_id FROM unit WHERE id = ?");
	db_bind_int64(&s, 1, unit_id);
	if (db_step(&s) == DB_ROW)
		id = db_column_int64(&s, 0);
	db_finalize(&s);
	return id;
}

/* A later moment: `from` plus min_days .. max_days and some hours. */
static int64_t later(int64_t from, int min_days, int max_days)
{
	return from + (int64_t)(min_days + gen_pick(max_days - min_days + 1)) *
	                      GEN_DAY + gen_pick(GEN_DAY / 3);
}

/* 32 hex digits from the stream: an anonymous answer's key. */
static void random_hex(char out[33])
{
	snprintf(out, 33, "%016llx%016llx", (unsigned long long)gen_random(),
	         (unsigned long long)gen_random());
}

/* An answer on the 0-4 scale, mostly good (as SIP-kollen's answers
 * are): 4 half the time, 0 ("cannot say") rarely. */
static int scale_answer(void)
{
	long x = gen_pick(100);
	return x < 50 ? 4 : x < 78 ? 3 : x < 90 ? 2 : x < 96 ? 1 : 0;
}

/* ---- meeting evaluations and feedback ---- */

static bool evaluation_insert(struct ctx *ctx, const struct gen_meeting *m,
                              const struct user *who, int64_t unit_id)
{
	int64_t at = later(m->held_at, 0, 12);
	if (at >= GEN_EPOCH || gen_chance(35))
		return true; /* not (yet) evaluated */
	static const char *const well[] = {
		"Den enskilde fick berätta först och styrde samtalet.",
		"Bra förberett; alla visste varför vi träffades.",
		"Tydlig ordförande och en konkret plan.",
	};
	static const char *const differently[] = {
		"Fler pauser för den enskilde.",
		"Skicka kallelsen tidigare.",
		"Skolan behövde vara med från början.",
	};
	struct stmt s;
	db_prepare(ctx->db, &s,
		"INSERT INTO meeting_evaluation (meeting_id, plan_id, user_id,"
		" unit_id, principal_id, individual_in_focus, everyone_heard,"
		" worked_well, do_differently, created_at)"
		" VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
		" ON CONFLICT (meeting_id, user_id) DO NOTHING");
	db_bind_int64(&s, 1, m->meeting_id);
	db_bind_int64(&s, 2, m->plan_id);
	db_bind_int64(&s, 3, who->id);
	db_bind_int64(&s, 4, unit_id);
	db_bind_int64(&s, 5, principal_of(ctx, unit_id));
	db_bind_int64(&s, 6, scale_answer());
	db_bind_int64(&s, 7, scale_answer());
	db_bind_text(&s, 8, gen_chance(60) ? ONE_OF(well) : NULL);
	db_bind_text(&s, 9, gen_chance(40) ? ONE_OF(differently) : NULL);
	db_bind_int64(&s, 10, at);
	return ctx_run(ctx, &s, NULL);
}

static bool feedback_insert(struct ctx *ctx, const struct gen_meeting *m,
                            int64_t principal_id, const char *week)
{
	static const char *const texts[] = {
		"Äntligen pratade alla med varandra.",
		"Jag hann inte säga allt jag ville.",
		"Bra att mötet var hemma hos mig.",
	};
	bool digital = gen_chance(70);
	char id[33];
	random_hex(id);
	struct stmt s;
	db_prepare(ctx->db, &s,
		"INSERT INTO feedback_answer (id, principal_id, iso_week, listened,"
		" understood, said_what_mattered, prepared, free_text, channel)"
		" VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)");
	db_bind_text(&s, 1, id);
	db_bind_int64(&s, 2, principal_id);
	db_bind_text(&s, 3, week);
	for (int q = 0; q < FEEDBACK_NQUESTIONS; q++)
		db_bind_int64(&s, 4 + q, scale_answer());
	db_bind_text(&s, 8, gen_chance(15) ? ONE_OF(texts) : NULL);
	db_bind_text(&s, 9, digital ? "digital" : "paper");
	if (!ctx_run(ctx, &s, NULL))
		return false;
	if (!digital)
		return true; /* the paper form carries no name (0025) */
	/* That someone answered for the meeting; the hash stands for the
	 * keyed hash of a generated person, with no link to the answer. */
	char hash[33];
	random_hex(hash);
	db_prepare(ctx->db, &s,
		"INSERT INTO feedback_given (meeting_id, giver_hash) VALUES (?, ?)");
	db_bind_int64(&s, 1, m->meeting_id);
	db_bind_text(&s, 2, hash);
	return ctx_run(ctx, &s, NULL);
}

bool gen_meeting_evaluated(struct ctx *ctx, struct gen_org *g,
                           const struct gen_meeting *m)
{
	if (!evaluation_insert(ctx, m, m->lead, m->lead_unit_id))
		return false;
	for (int x = 0; x < m->nparties; x++)
		if (m->parties[x].attended &&
		    !evaluation_insert(ctx, m, gen_user_of(g, m->parties[x].unit_id),
		                       m->parties[x].unit_id))
			return false;
	/* The individual answers for a third of the meetings, a relative
	 * now and then too. */
	int answers = gen_chance(35) ? 1 + gen_chance(25) : 0;
	if (!answers)
		return true;
	char week[9];
	if (!feedback_iso_week(gen_day_of(ctx, m->held_at), week))
		return false;
	int64_t principal = principal_of(ctx, m->lead_unit_id);
	for (int k = 0; k < answers; k++)
		if (!feedback_insert(ctx, m, principal, week))
			return false;
	return true;
}

/* ---- deviations ---- */

enum deviation_step { STEP_REPORTED, STEP_RECEIVED, STEP_INVESTIGATING,
                      STEP_ANSWERED, STEP_CLOSED };
static const char *const step_names[] = {"reported", "received",
                                         "investigating", "answered",
                                         "closed"};

static bool deviation_event(struct ctx *ctx, int64_t deviation_id,
                            enum deviation_step step, int64_t at,
                            int64_t by, const char *note)
{
	struct stmt s;
	db_prepare(ctx->db, &s,
		"INSERT INTO deviation_event (deviation_id, state, at, by_user_id,"
		" note) VALUES (?, ?, ?, ?, ?)");
	db_bind_int64(&s, 1, deviation_id);
	db_bind_text(&s, 2, step_names[step]);
	db_bind_int64(&s, 3, at);
	db_bind_int64(&s, 4, by);
	db_bind_text(&s, 5, note);
	return ctx_run(ctx, &s, NULL);
}

struct deviation_draw {
	const char *kind;
	const char *suggestion;
	const char *description;
	const struct gen_party *party;
};

/* Which kind, against whom: an unanswered invitation is the kind the
 * data suggests; the rest are what people report. */
static void draw_deviation(const struct gen_meeting *m, bool follow_up_late,
                           struct deviation_draw *d)
{
	for (int x = 0; x < m->nparties; x++)
		if (!m->parties[x].answered && gen_chance(70)) {
			d->kind = "invitation_unanswered";
			d->suggestion = gen_chance(60) ? "invitation_unanswered" : NULL;
			d->description = "Enheten svarade inte på kallelsen och kom "
			                 "inte till mötet.";
			d->party = &m->parties[x];
			return;
		}
	d->party = &m->parties[gen_pick(m->nparties)];
	long x = gen_pick(100);
	if (x < 20) {
		d->kind = "not_started";
		d->description = "Enheten har inte tagit initiativ till en SIP "
		                 "trots ett tydligt behov.";
	} else if (x < 45) {
		d->kind = "treatment_at_meeting";
		d->description = "Den enskilde upplevde att hen inte blev lyssnad "
		                 "på under mötet.";
	} else if (x < 85) {
		d->kind = "plan_not_followed";
		d->suggestion = follow_up_late && gen_chance(50)
		                ? "follow_up_overdue" : NULL;
		d->description = "Den överenskomna insatsen har inte påbörjats.";
	} else {
		d->kind = "other";
		d->description = "Kontaktuppgifterna i planen stämde inte.";
	}
}

/* How far a deviation has come (the final step), before GEN_EPOCH cuts
 * it short: most are closed, some wait at each step. */
static enum deviation_step draw_final_step(void)
{
	long x = gen_pick(100);
	return x < 14 ? STEP_REPORTED : x < 26 ? STEP_RECEIVED
	     : x < 40 ? STEP_INVESTIGATING : x < 58 ? STEP_ANSWERED : STEP_CLOSED;
}

bool gen_deviation_maybe(struct ctx *ctx, struct gen_org *g,
                         const struct gen_meeting *m, int64_t after,
                         bool follow_up_late)
{
	if (!m->nparties || !gen_chance(follow_up_late ? 16 : 9))
		return true;
	struct deviation_draw d = {0};
	draw_deviation(m, follow_up_late, &d);
	enum deviation_step final = draw_final_step();
	int64_t at[STEP_CLOSED + 1];
	at[STEP_REPORTED] = later(after, 1, 40);
	if (at[STEP_REPORTED] >= GEN_EPOCH)
		return true;
	int64_t due_day = date_to_days(date_of_time(at[STEP_REPORTED])) + 60;
	char due[11];
	date_format(date_from_days(due_day), due);
	at[STEP_RECEIVED] = later(at[STEP_REPORTED], 0, 6);
	at[STEP_INVESTIGATING] = later(at[STEP_RECEIVED], 1, 14);
	/* Four in five answers come within the 60 days, the rest late. */
	at[STEP_ANSWERED] = gen_chance(80)
	                    ? later(at[STEP_REPORTED], 15, 55)
	                    : later(at[STEP_REPORTED], 62, 110);
	if (at[STEP_ANSWERED] <= at[STEP_INVESTIGATING])
		at[STEP_ANSWERED] = later(at[STEP_INVESTIGATING], 1, 5);
	at[STEP_CLOSED] = later(at[STEP_ANSWERED], 2, 21);
	while (final > STEP_REPORTED && at[final] >= GEN_EPOCH)
		final--;
	const struct user *handler = gen_user_of(g, d.party->unit_id);
	const char *answer = "Vi har gått igenom rutinen för kallelser och "
	                     "svarar inom en vecka framöver.";
	const char *measures = "Rutinen är uppdaterad och personalen informerad.";
	struct stmt s;
	db_prepare(ctx->db, &s,
		"INSERT INTO deviation (plan_id, unit_id, principal_id, kind,"
		" description, state, suggestion, invitation_id, reported_at,"
		" reported_by, reporter_unit_id, answer_due, handler_user_id,"
		" received_at, investigating_at, answered_at, answer, closed_at,"
		" measures, updated_at)"
		" VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
		" RETURNING id");
	db_bind_int64(&s, 1, m->plan_id);
	db_bind_int64(&s, 2, d.party->unit_id);
	db_bind_int64(&s, 3, principal_of(ctx, d.party->unit_id));
	db_bind_text(&s, 4, d.kind);
	db_bind_text(&s, 5, d.description);
	db_bind_text(&s, 6, step_names[final]);
	db_bind_text(&s, 7, d.suggestion);
	db_bind_id(&s, 8, strcmp(d.kind, "invitation_unanswered") == 0
	                  ? d.party->invitation_id : 0);
	db_bind_int64(&s, 9, at[STEP_REPORTED]);
	db_bind_int64(&s, 10, m->lead->id);
	db_bind_int64(&s, 11, m->lead_unit_id);
	db_bind_text(&s, 12, due);
	db_bind_id(&s, 13, final >= STEP_RECEIVED ? handler->id : 0);
	/* A step not taken yet leaves its time NULL (db_bind_id of 0). */
	for (int k = (int)final + 1; k <= STEP_CLOSED; k++)
		at[k] = 0;
	db_bind_id(&s, 14, at[STEP_RECEIVED]);
	db_bind_id(&s, 15, at[STEP_INVESTIGATING]);
	db_bind_id(&s, 16, at[STEP_ANSWERED]);
	db_bind_text(&s, 17, final >= STEP_ANSWERED ? answer : NULL);
	db_bind_id(&s, 18, at[STEP_CLOSED]);
	db_bind_text(&s, 19, final >= STEP_CLOSED ? measures : NULL);
	db_bind_int64(&s, 20, at[final]);
	int64_t id;
	if (!ctx_insert(ctx, &s, &id))
		return false;
	for (enum deviation_step k = STEP_REPORTED; k <= final; k++) {
		const char *note = k == STEP_ANSWERED ? answer
		                 : k == STEP_CLOSED ? measures : NULL;
		if (!deviation_event(ctx, id, k, at[k],
		                     k == STEP_REPORTED ? m->lead->id : handler->id,
		                     note))
			return false;
	}
	return true;
}

/* ---- follow-ups ---- */

/* The ids of the version in force's goals or interventions (table),
 * in order, into ids (at most max). */
static int version_rows(struct ctx *ctx, int64_t plan_id, const char *sql,
                        int64_t *ids, int max)
{
	struct stmt s;
	int n = 0;
	db_prepare(ctx->db, &s, sql);
	db_bind_int64(&s, 1, plan_id);
	while (n < max && db_step(&s) == DB_ROW)
		ids[n++] = db_column_int64(&s, 0);
	db_finalize(&s);
	return n;
}

bool gen_follow_up_results(struct ctx *ctx, int64_t plan_id)
{
	enum { MAX = 16 };
	int64_t goal_ids[MAX], intervention_ids[MAX];
	int ngoals = version_rows(ctx, plan_id,
		"SELECT g.id FROM plan p JOIN plan_goal g"
		" ON g.version_id = p.current_version_id WHERE p.id = ?"
		" ORDER BY g.position", goal_ids, MAX);
	int nints = version_rows(ctx, plan_id,
		"SELECT i.id FROM plan p JOIN plan_intervention i"
		" ON i.version_id = p.current_version_id WHERE p.id = ?"
		" ORDER BY i.position", intervention_ids, MAX);
	struct goal_result_input goals[MAX];
	struct intervention_result_input ints[MAX];
	for (int x = 0; x < ngoals; x++) {
		long r = gen_pick(100);
		goals[x] = (struct goal_result_input){
			.goal_id = goal_ids[x],
			.result = r < 40 ? "met" : r < 70 ? "partly_met"
			        : r < 90 ? "not_met" : "no_longer_relevant",
		};
	}
	for (int x = 0; x < nints; x++) {
		long r = gen_pick(100);
		bool not_done = r >= 85;
		ints[x] = (struct intervention_result_input){
			.intervention_id = intervention_ids[x],
			.result = r < 60 ? "done" : not_done ? "not_done" : "partly",
			.why = not_done ? "Väntetiden blev längre än planerat." : NULL,
			.effect = r < 60 ? "Har gett stöd i vardagen." : NULL,
		};
	}
	static const char *const wellbeing[] = {
		"Mår bättre och sover bättre.", "Oförändrat, men orkar mer.",
		"Har haft en tung period.",
	};
	struct follow_up_record_input in = {
		.goals = goals, .ngoals = ngoals,
		.interventions = ints, .ninterventions = nints,
		.wellbeing = ONE_OF(wellbeing),
		.coordination_needed = gen_chance(80) ? "yes" : "no",
	};
	return follow_up_record(ctx, plan_id, &in);
}

/* ---- closing ---- */

static const char *draw_closed_reason(void)
{
	long x = gen_pick(100);
	return x < 45 ? "goals_met" : x < 65 ? "no_longer_needed"
	     : x < 77 ? "individual_wish" : x < 87 ? "moved"
	     : x < 92 ? "deceased" : "other";
}

/* Each principal that owes a closing note writes it within a few weeks
 * — most do, some never get to it (the statistics count those owed). */
static bool closing_notes(struct ctx *ctx, struct gen_org *g, int64_t plan_id)
{
	enum { MAX = 8 };
	int64_t units[MAX];
	int n = version_rows(ctx, plan_id,
		"SELECT MIN(pu_o.unit_id) FROM plan_unit pu_o"
		CLOSING_OWING_JOIN_SQL("pu_o")
		" WHERE pu_o.plan_id = ? AND pu_o.left_at IS NULL"
		" GROUP BY pr_o.id ORDER BY pr_o.id", units, MAX);
	int64_t closed_at = ctx->now;
	bool ok = true;
	for (int x = 0; ok && x < n; x++) {
		int64_t at = later(closed_at, 0, 30);
		if (at >= GEN_EPOCH || gen_chance(20))
			continue;
		ctx->now = at;
		struct ctx_as was = ctx_act_as(ctx, ACTOR_STAFF,
		                               gen_user_of(g, units[x]));
		int64_t id;
		ok = closing_note_record(ctx, plan_id, units[x],
		                         "Vår del av planen är avslutad; den "
		                         "enskilde har fått information.", &id);
		ctx_act_restore(ctx, was);
	}
	ctx->now = closed_at;
	return ok;
}

bool gen_plan_closed(struct ctx *ctx, struct gen_org *g, int64_t plan_id,
                     bool in_follow_up)
{
	const char *reason = draw_closed_reason();
	const char *note = strcmp(reason, "other") == 0
	                   ? "Den enskilde har fått stöd på annat sätt." : NULL;
	bool ok;
	if (in_follow_up) {
		struct follow_up_conclude_input in = {
			.outcome = "close", .close_reason = reason,
			.close_note = note};
		ok = follow_up_conclude(ctx, plan_id, &in, NULL);
	} else {
		static const char *const how[] = {"present", "present", "phone",
		                                  "letter", "absent"};
		struct close_input in = {reason, note, ONE_OF(how)};
		ok = plan_close_with(ctx, plan_id, &in);
	}
	return ok && closing_notes(ctx, g, plan_id);
}
