/*
 * plan_version.c — step 5: the meeting is held and the plan is written;
 * and the revisions after a follow-up (see plan.h).
 *
 * What a plan must hold (HSL 16 kap. 4 §, SoL, the Uppsala guideline and
 * Ludvika's template): the participants and who chaired and took
 * minutes; the individual's own description of the situation and how
 * they would like it; the needs; goals; for each intervention what is
 * done, toward which goal, who is responsible — the municipality's unit,
 * the region's unit, another actor, the individual or a relative — with
 * timing; actions by others than municipality and region; the action
 * plan for possible situations; the coordinator with overall
 * responsibility, from a municipality or region taking part; contact
 * persons; date and place of the follow-up. The individual accepts it.
 *
 * A version, once written, is never changed: a revision is a new version.
 */
#include <string.h>

#include "base/date.h"
#include "base/limits.h"
#include "sip/access.h"
#include "sip/plan.h"
#include "sip/plan_doc.h"
#include "sip/plan_internal.h"
#include "sip/user.h"
#include "sip/validate.h"
#include "store/db.h"

enum {
	MAX_GOALS = PLAN_MAX_GOALS,
	MAX_INTERVENTIONS = PLAN_MAX_INTERVENTIONS,
	MAX_PARTICIPANTS = PLAN_MAX_PARTICIPANTS,
};

static const char *const goal_kinds[] = {"overall", "sub", NULL};
static const char *const responsible_kinds[] = {
	"municipality_unit", "region_unit", "other_actor", "individual",
	"relative", NULL,
};

struct meeting_facts {
	int64_t id;
	const char *date;
	bool video;
};

/* The meeting the plan is established at: the one named, or the latest
 * unheld, uncancelled meeting of the right kind. */
static bool find_meeting(struct ctx *ctx, int64_t plan_id, int64_t wanted,
                         const char *kind, bool required,
                         struct meeting_facts *m)
{
	memset(m, 0, sizeof *m);
	struct stmt s;
	db_prepare(ctx->db, &s,
		"SELECT id, meeting_date, video_link, held,"
		" CASE WHEN cancelled_at IS NULL THEN 0 ELSE 1 END AS cancelled"
		" FROM meeting WHERE plan_id = ? AND kind = ?"
		" AND (CAST(? AS BIGINT) = 0 OR id = ?)"
		" ORDER BY held, cancelled, id DESC LIMIT 1");
	db_bind_int64(&s, 1, plan_id);
	db_bind_text(&s, 2, kind);
	db_bind_int64(&s, 3, wanted);
	db_bind_int64(&s, 4, wanted);
	int rc = db_step(&s);
	bool held = false, cancelled = false;
	if (rc == DB_ROW) {
		m->id = db_column_int64(&s, 0);
		m->date = arena_strdup(ctx->arena, db_column_text(&s, 1));
		m->video = !db_column_is_null(&s, 2);
		held = db_column_int64(&s, 3) != 0;
		cancelled = db_column_int64(&s, 4) != 0;
	}
	db_finalize(&s);
	if (rc != DB_ROW && rc != DB_DONE)
		return ctx_db_failed(ctx, rc, "meeting");
	if (rc == DB_DONE || held || cancelled) {
		m->id = 0;
		if (!required && !wanted)
			return true;
		return problem_field(ctx->problem, ctx->arena, "meeting_id", "%s",
		                     held ? T(ctx, "Det mötet är redan hållet.")
		                     : cancelled && wanted
		                         ? T(ctx, "Det mötet är inställt.")
		                         : T(ctx, "Planen upprättas på ett "
		                                  "SIP-möte: boka mötet och "
		                                  "kalla först."));
	}
	return true;
}

static const char *idx_field(struct ctx *ctx, const char *list, int i,
                             const char *name)
{
	return arena_printf(ctx->arena, "%s[%d].%s", list, i, name);
}

/* Principal kind of a unit, or false (with a field error). */
static bool unit_kind(struct ctx *ctx, int64_t unit_id, const char *field,
                      struct unit *u)
{
	struct problem saved = *ctx->problem;
	if (unit_get(ctx, unit_id, u))
		return true;
	if (ctx->problem->kind != PROBLEM_NOT_FOUND)
		return false;
	*ctx->problem = saved;
	return problem_field(ctx->problem, ctx->arena, field, "%s",
	                     T(ctx, "Välj en enhet som finns."));
}

/* A party responsible for an intervention: its kind one of
 * responsible_kinds; a unit for a municipality's or region's unit, of a
 * principal of that kind, that a consent in force covers (another actor
 * may name one too); no unit for the individual or a relative. Errors
 * on f_kind and f_unit. */
static bool check_party(struct ctx *ctx, int64_t plan_id, const char *kind,
                        int64_t unit_id, const char *f_kind,
                        const char *f_unit)
{
	if (!one_of(kind, responsible_kinds))
		return problem_field(ctx->problem, ctx->arena, f_kind, "%s",
		                     T(ctx, "Ange vem som ansvarar: kommunens enhet, "
		                            "regionens enhet, annan aktör, den "
		                            "enskilde eller en närstående."));
	bool needs_unit = strcmp(kind, "municipality_unit") == 0 ||
	                  strcmp(kind, "region_unit") == 0;
	if (needs_unit && !unit_id)
		return problem_field(ctx->problem, ctx->arena, f_unit, "%s",
		                     T(ctx, "Välj den ansvariga enheten."));
	if (!unit_id)
		return true;
	if (!needs_unit && strcmp(kind, "other_actor") != 0)
		return problem_field(ctx->problem, ctx->arena, f_unit, "%s",
		                     T(ctx, "Den enskilde och närstående ansvarar "
		                            "utan enhet: lämna enheten tom."));
	struct unit u;
	if (!unit_kind(ctx, unit_id, f_unit, &u))
		return false;
	if (!access_consent_covers_unit(ctx, plan_id, unit_id, f_unit))
		return false;
	enum principal_kind want =
		strcmp(kind, "municipality_unit") == 0 ? PRINCIPAL_MUNICIPALITY
		: strcmp(kind, "region_unit") == 0     ? PRINCIPAL_REGION
		                                       : PRINCIPAL_OTHER_ACTOR;
	if (u.principal_kind != want)
		return problem_field(ctx->problem, ctx->arena, f_unit,
		                     T(ctx, "%s hör till %s, inte till den sortens "
		                            "ansvarig som är vald."),
		                     u.name, u.principal_name);
	return true;
}

static bool check_intervention(struct ctx *ctx, int64_t plan_id,
                               const struct establish_input *in, int i)
{
	const struct intervention_input *x = &in->interventions[i];
	bool ok = true;
	ok &= check_required(ctx, idx_field(ctx, "interventions", i, "what"),
	                     x->what, LIMIT_TEXT);
	if (x->goal < 1 || x->goal > in->ngoals)
		ok = problem_field(ctx->problem, ctx->arena,
		                   idx_field(ctx, "interventions", i, "goal"), "%s",
		                   T(ctx, "Ange vilket mål insatsen hör till."));
	ok &= check_required(ctx, idx_field(ctx, "interventions", i, "timing"),
	                     x->timing, LIMIT_SHORT);
	ok &= check_optional(ctx, idx_field(ctx, "interventions", i, "frequency"),
	                     x->frequency, LIMIT_SHORT);
	ok &= check_optional(ctx,
	                     idx_field(ctx, "interventions", i, "contact_name"),
	                     x->contact_name, LIMIT_NAME);
	ok &= check_optional(ctx,
	                     idx_field(ctx, "interventions", i, "responsible_name"),
	                     x->responsible_name, LIMIT_NAME);
	struct date start = {0}, end = {0};
	if (x->start_date && !date_parse(x->start_date, &start))
		ok = problem_field(ctx->problem, ctx->arena,
		                   idx_field(ctx, "interventions", i, "start_date"),
		                   "%s", T(ctx, "Ange ett giltigt datum som "
		                                "ÅÅÅÅ-MM-DD."));
	if (x->end_date && !date_parse(x->end_date, &end))
		ok = problem_field(ctx->problem, ctx->arena,
		                   idx_field(ctx, "interventions", i, "end_date"),
		                   "%s", T(ctx, "Ange ett giltigt datum som "
		                                "ÅÅÅÅ-MM-DD."));
	if (ok && x->start_date && x->end_date && date_cmp(end, start) < 0)
		ok = problem_field(ctx->problem, ctx->arena,
		                   idx_field(ctx, "interventions", i, "end_date"),
		                   "%s", T(ctx, "Slutdatum kan inte vara före "
		                                "startdatum."));
	const char *f_kind = idx_field(ctx, "interventions", i, "responsible_kind");
	const char *f_unit = idx_field(ctx, "interventions", i,
	                               "responsible_unit_id");
	if (!check_party(ctx, plan_id, x->responsible_kind,
	                 x->responsible_unit_id, f_kind, f_unit))
		return false;
	if (!x->responsible_unit_id && !x->responsible_name)
		ok = problem_field(ctx->problem, ctx->arena,
		                   idx_field(ctx, "interventions", i,
		                             "responsible_name"), "%s",
		                   T(ctx, "Skriv vem som ansvarar för insatsen."));
	const char *f_also = idx_field(ctx, "interventions", i,
	                               "also_responsible");
	if (x->nalso > PLAN_MAX_ALSO_RESPONSIBLE)
		return problem_field(ctx->problem, ctx->arena, f_also,
		                     T(ctx, "Högst %d fler kan stå som ansvariga."),
		                     PLAN_MAX_ALSO_RESPONSIBLE);
	for (int k = 0; k < x->nalso; k++)
		if (!check_party(ctx, plan_id, x->also[k].kind, x->also[k].unit_id,
		                 f_also, f_also))
			return false;
	return ok;
}

/* Whether party k of x says again who is already responsible (the
 * first party, or one before it): written once. */
static bool party_repeated(const struct intervention_input *x, int k)
{
	const struct party_input *p = &x->also[k];
	if (strcmp(p->kind, x->responsible_kind) == 0 &&
	    p->unit_id == x->responsible_unit_id)
		return true;
	for (int j = 0; j < k; j++)
		if (strcmp(p->kind, x->also[j].kind) == 0 &&
		    p->unit_id == x->also[j].unit_id)
			return true;
	return false;
}

/* The other parties of intervention x, in order; their units join the
 * plan as responsible, as the first party's does. */
static bool insert_parties(struct ctx *ctx, int64_t plan_id,
                           int64_t version_id, int64_t intervention_id,
                           const struct intervention_input *x)
{
	int position = 0;
	for (int k = 0; k < x->nalso; k++) {
		if (party_repeated(x, k))
			continue;
		struct stmt s;
		db_prepare(ctx->db, &s,
			"INSERT INTO plan_intervention_party (intervention_id,"
			" version_id, position, kind, unit_id) VALUES (?, ?, ?, ?, ?)");
		db_bind_int64(&s, 1, intervention_id);
		db_bind_int64(&s, 2, version_id);
		db_bind_int64(&s, 3, ++position);
		db_bind_text(&s, 4, x->also[k].kind);
		db_bind_id(&s, 5, x->also[k].unit_id);
		if (!ctx_run(ctx, &s, NULL))
			return false;
		if (x->also[k].unit_id &&
		    !plan_unit_join(ctx, plan_id, x->also[k].unit_id, "responsible"))
			return false;
	}
	return true;
}

/* The coordinator: an active user with a unit of a municipality or region
 * that takes part in the plan. *unit_id gets that unit. */
static bool check_coordinator(struct ctx *ctx, int64_t plan_id,
                              const struct establish_input *in,
                              struct user *coordinator, int64_t *unit_id)
{
	const char *f = "coordinator_user_id";
	if (!in->coordinator_user_id)
		return problem_field(ctx->problem, ctx->arena, f, "%s",
		                     T(ctx, "Utse vem som har det övergripande "
		                            "ansvaret för planen."));
	struct problem saved = *ctx->problem;
	if (!user_load(ctx, in->coordinator_user_id, coordinator)) {
		if (ctx->problem->kind != PROBLEM_NOT_FOUND)
			return false;
		*ctx->problem = saved;
		return problem_field(ctx->problem, ctx->arena, f, "%s",
		                     T(ctx, "Välj en användare som finns."));
	}
	if (!coordinator->active)
		return problem_field(ctx->problem, ctx->arena, f, "%s",
		                     T(ctx, "Användaren är inaktiverad."));
	*unit_id = 0;
	for (int i = 0; i < coordinator->nunits && !*unit_id; i++) {
		const struct user_unit *u = &coordinator->units[i];
		if (!principal_kind_is_principal(u->principal_kind))
			continue;
		struct stmt s;
		db_prepare(ctx->db, &s,
			"SELECT 1 FROM plan_unit WHERE plan_id = ? AND unit_id = ?"
			" AND left_at IS NULL");
		db_bind_int64(&s, 1, plan_id);
		db_bind_int64(&s, 2, u->id);
		int rc = db_step(&s);
		db_finalize(&s);
		if (rc == DB_ROW)
			*unit_id = u->id;
		else if (rc != DB_DONE)
			return ctx_db_failed(ctx, rc, "coordinator");
	}
	/* An intervention's responsible unit joins at establishment; allow
	 * a coordinator from such a unit too. */
	for (int i = 0; i < in->ninterventions && !*unit_id; i++)
		for (int k = 0; k < coordinator->nunits; k++)
			if (coordinator->units[k].id ==
			            in->interventions[i].responsible_unit_id &&
			    principal_kind_is_principal(coordinator->units[k].principal_kind))
				*unit_id = coordinator->units[k].id;
	if (!*unit_id)
		return problem_field(ctx->problem, ctx->arena, f, "%s",
		                     T(ctx, "Samordningsansvarig ska komma från en "
		                            "kommun eller region som deltar i "
		                            "planen."));
	return true;
}

static bool check_content(struct ctx *ctx, int64_t plan_id,
                          const struct establish_input *in,
                          const struct meeting_facts *m, bool revision,
                          struct user *coordinator, int64_t *coord_unit)
{
	bool ok = true;
	struct date held;
	if (m->id && date_parse(m->date, &held) &&
	    date_cmp(held, date_of_time(ctx->now)) > 0)
		ok = problem_field(ctx->problem, ctx->arena, "meeting_id",
		                   T(ctx, "Mötet är bokat till %s. Planen upprättas "
		                          "på mötet, inte före."), m->date);
	if (m->id) {
		if (in->nparticipants < 1)
			ok = problem_field(ctx->problem, ctx->arena, "participants",
			                   "%s", T(ctx, "Ange vilka som deltog i "
			                                "mötet."));
		if (in->nparticipants > MAX_PARTICIPANTS)
			ok = problem_field(ctx->problem, ctx->arena, "participants",
			                   "%s", T(ctx, "För många deltagare."));
		for (int i = 0; i < in->nparticipants && i < MAX_PARTICIPANTS; i++) {
			ok &= check_required(ctx, idx_field(ctx, "participants", i,
			                                    "name"),
			                     in->participants[i].name, LIMIT_NAME);
			ok &= check_optional(ctx, idx_field(ctx, "participants", i,
			                                    "role"),
			                     in->participants[i].role, LIMIT_SHORT);
		}
		ok &= check_required(ctx, "chair", in->chair, LIMIT_NAME);
		ok &= check_required(ctx, "secretary", in->secretary, LIMIT_NAME);
		if (m->video && !in->identity_checked)
			ok = problem_field(ctx->problem, ctx->arena, "identity_checked",
			                   "%s", T(ctx, "Vid digitala möten ska "
			                                "deltagarnas identitet "
			                                "säkerställas och att inga "
			                                "obehöriga lyssnar: bekräfta att "
			                                "det är gjort."));
	}
	ok &= check_optional(ctx, "purpose", in->purpose, LIMIT_TEXT);
	ok &= check_required(ctx, "situation", in->situation, LIMIT_TEXT);
	ok &= check_required(ctx, "wishes", in->wishes, LIMIT_TEXT);
	ok &= check_optional(ctx, "future_needs", in->future_needs, LIMIT_TEXT);
	ok &= check_required(ctx, "needs", in->needs, LIMIT_TEXT);
	ok &= check_optional(ctx, "actions_by_others", in->actions_by_others,
	                     LIMIT_TEXT);
	ok &= check_required(ctx, "crisis_plan", in->crisis_plan, LIMIT_TEXT);
	ok &= check_optional(ctx, "contact_persons", in->contact_persons,
	                     LIMIT_TEXT);
	ok &= check_required(ctx, "follow_up_place", in->follow_up_place,
	                     LIMIT_SHORT);
	struct date fu;
	if (!in->follow_up_date)
		ok = problem_field(ctx->problem, ctx->arena, "follow_up_date", "%s",
		                   T(ctx, "Boka datum för uppföljning."));
	else if (!date_parse(in->follow_up_date, &fu))
		ok = problem_field(ctx->problem, ctx->arena, "follow_up_date", "%s",
		                   T(ctx, "Ange ett giltigt datum som ÅÅÅÅ-MM-DD."));
	else if (date_cmp(fu, date_of_time(ctx->now)) <= 0)
		ok = problem_field(ctx->problem, ctx->arena, "follow_up_date", "%s",
		                   T(ctx, "Uppföljningen ska ligga efter dagens "
		                          "datum."));
	/* A revision is a proposal: the individual's approval is recorded
	 * after it (plan_version_approve). */
	if (!revision && !in->individual_approved)
		ok = problem_field(ctx->problem, ctx->arena, "individual_approved",
		                   "%s", T(ctx, "Mål och insatser ska vara "
		                                "accepterade av den enskilde: "
		                                "bekräfta det."));
	if (revision)
		ok &= check_required(ctx, "change_reason", in->change_reason,
		                     LIMIT_TEXT);
	if (in->ngoals < 1)
		ok = problem_field(ctx->problem, ctx->arena, "goals", "%s",
		                   T(ctx, "Skriv minst ett mål."));
	if (in->ngoals > MAX_GOALS)
		ok = problem_field(ctx->problem, ctx->arena, "goals", "%s",
		                   T(ctx, "För många mål."));
	for (int i = 0; i < in->ngoals && i < MAX_GOALS; i++) {
		if (!one_of(in->goals[i].kind, goal_kinds))
			ok = problem_field(ctx->problem, ctx->arena,
			                   idx_field(ctx, "goals", i, "kind"), "%s",
			                   T(ctx, "Ange om målet är övergripande eller "
			                          "ett delmål."));
		ok &= check_required(ctx, idx_field(ctx, "goals", i, "text"),
		                     in->goals[i].text, LIMIT_TEXT);
	}
	if (in->ninterventions < 1)
		ok = problem_field(ctx->problem, ctx->arena, "interventions", "%s",
		                   T(ctx, "Skriv minst en insats och vem som "
		                          "ansvarar för den."));
	if (in->ninterventions > MAX_INTERVENTIONS)
		ok = problem_field(ctx->problem, ctx->arena, "interventions", "%s",
		                   T(ctx, "För många insatser."));
	for (int i = 0; i < in->ninterventions && i < MAX_INTERVENTIONS; i++)
		if (!check_intervention(ctx, plan_id, in, i) &&
		    (ctx->problem->kind == PROBLEM_UNAVAILABLE ||
		     ctx->problem->kind == PROBLEM_INTERNAL))
			return false;
	if (!check_coordinator(ctx, plan_id, in, coordinator, coord_unit))
		ok = false;
	return ok && !problem_any(ctx->problem);
}

static bool hold_meeting(struct ctx *ctx, const struct meeting_facts *m,
                         const struct establish_input *in)
{
	if (!m->id)
		return true;
	struct stmt s;
	db_prepare(ctx->db, &s,
		"UPDATE meeting SET held = 1, chair = ?, secretary = ?,"
		" identity_checked = ? WHERE id = ?");
	db_bind_text(&s, 1, in->chair);
	db_bind_text(&s, 2, in->secretary);
	db_bind_bool(&s, 3, in->identity_checked);
	db_bind_int64(&s, 4, m->id);
	if (!ctx_run(ctx, &s, NULL))
		return false;
	for (int i = 0; i < in->nparticipants; i++) {
		const struct participant_input *p = &in->participants[i];
		db_prepare(ctx->db, &s,
			"INSERT INTO meeting_participant (meeting_id, name, role,"
			" unit_id, invitation_id) VALUES (?, ?, ?,"
			" (SELECT id FROM unit WHERE id = ?),"
			" (SELECT id FROM invitation WHERE id = ? AND meeting_id = ?))");
		db_bind_int64(&s, 1, m->id);
		db_bind_text(&s, 2, p->name);
		db_bind_text(&s, 3, p->role);
		db_bind_int64(&s, 4, p->unit_id);
		db_bind_int64(&s, 5, p->invitation_id);
		db_bind_int64(&s, 6, m->id);
		if (!ctx_run(ctx, &s, NULL))
			return false;
	}
	return true;
}

/* Two people establishing or revising one plan at once. Each computes
 * the next version number and inserts it; without a lock on PostgreSQL
 * (READ COMMITTED) both read the plan in the state the step needs, and
 * the second INSERT meets the unique index plan_version_no_key. So the
 * transaction first locks the plan row with an UPDATE that changes
 * nothing (portable: PostgreSQL takes the row lock, SQLite already holds
 * the write lock from BEGIN IMMEDIATE). The second writer waits there,
 * then reads the plan as the first left it: no longer in the state the
 * step needs. It is told that someone else just changed the plan when
 * the plan's state, read before its transaction began, was still right
 * (so the change came while it waited); a plan that was already in
 * another state gets the usual state conflict. Both are 409. */
static bool changed_meanwhile(struct ctx *ctx)
{
	return problem_set(ctx->problem, ctx->arena, PROBLEM_CONFLICT, "%s",
	                   T(ctx, "Planen har just ändrats av någon annan. "
	                          "Läs in den igen."));
}

/* The plan's state as committed now, outside any transaction: only
 * compared with, never shown (access is checked after the lock). */
static const char *state_before(struct ctx *ctx, int64_t plan_id)
{
	struct stmt s;
	db_prepare(ctx->db, &s, "SELECT state FROM plan WHERE id = ?");
	db_bind_int64(&s, 1, plan_id);
	const char *state = NULL;
	if (db_step(&s) == DB_ROW)
		state = arena_strdup(ctx->arena, db_column_text(&s, 0));
	db_finalize(&s);
	return state;
}

static bool lock_plan(struct ctx *ctx, int64_t plan_id)
{
	struct stmt s;
	db_prepare(ctx->db, &s,
		"UPDATE plan SET updated_at = updated_at WHERE id = ?");
	db_bind_int64(&s, 1, plan_id);
	return ctx_run(ctx, &s, NULL);
}

static bool require_state(struct ctx *ctx, const struct plan_head *h,
                          enum plan_state from, const char *before)
{
	if (h->state == from)
		return true;
	if (before && strcmp(before, plan_state_name(from)) == 0)
		return changed_meanwhile(ctx);
	return plan_require_state(ctx, h, STATE_BIT(from));
}

/* One proposal at a time. A proposal that appeared while this writer
 * waited for the lock (none before, one now) is the concurrent case of
 * changed_meanwhile. */
static bool require_no_proposal(struct ctx *ctx, int64_t plan_id,
                                const char *before, bool pending_before)
{
	bool pending = false;
	if (!plan_proposal_pending(ctx, plan_id, &pending))
		return false;
	if (!pending)
		return true;
	if (before && !pending_before)
		return changed_meanwhile(ctx);
	return problem_set(ctx->problem, ctx->arena, PROBLEM_CONFLICT, "%s",
	                   T(ctx, "Ett förslag till reviderad plan väntar redan "
	                          "på den enskildes godkännande: registrera "
	                          "godkännandet först."));
}

static bool write_version(struct ctx *ctx, struct plan_head *h,
                          const struct establish_input *in,
                          const struct meeting_facts *m,
                          const struct user *coordinator, int64_t coord_unit,
                          int64_t *version_id)
{
	struct stmt s;
	int64_t version_no = 1;
	db_prepare(ctx->db, &s,
		"SELECT COALESCE(MAX(version_no), 0) + 1 FROM plan_version"
		" WHERE plan_id = ?");
	db_bind_int64(&s, 1, h->id);
	int rc = db_step(&s);
	if (rc == DB_ROW)
		version_no = db_column_int64(&s, 0);
	db_finalize(&s);
	if (rc != DB_ROW)
		return ctx_db_failed(ctx, rc, "version");
	db_prepare(ctx->db, &s,
		"INSERT INTO plan_version (plan_id, version_no, meeting_id, purpose,"
		" situation, wishes, future_needs, needs, actions_by_others,"
		" crisis_plan, coordinator_user_id, coordinator_name,"
		" coordinator_title, coordinator_unit_id, contact_persons,"
		" follow_up_date, follow_up_place, individual_approved,"
		" change_reason, established_at, established_by,"
		" coordinator_fast_care_contact)"
		" VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?,"
		" ?) RETURNING id");
	db_bind_int64(&s, 1, h->id);
	db_bind_int64(&s, 2, version_no);
	db_bind_id(&s, 3, m->id);
	db_bind_text(&s, 4, in->purpose);
	db_bind_text(&s, 5, in->situation);
	db_bind_text(&s, 6, in->wishes);
	db_bind_text(&s, 7, in->future_needs);
	db_bind_text(&s, 8, in->needs);
	db_bind_text(&s, 9, in->actions_by_others);
	db_bind_text(&s, 10, in->crisis_plan);
	db_bind_int64(&s, 11, coordinator->id);
	db_bind_text(&s, 12, coordinator->full_name);
	db_bind_text(&s, 13, coordinator->title);
	db_bind_int64(&s, 14, coord_unit);
	db_bind_text(&s, 15, in->contact_persons);
	db_bind_text(&s, 16, in->follow_up_date);
	db_bind_text(&s, 17, in->follow_up_place);
	db_bind_bool(&s, 18, version_no == 1);
	db_bind_text(&s, 19, version_no > 1 ? in->change_reason : NULL);
	db_bind_int64(&s, 20, ctx->now);
	db_bind_id(&s, 21, ctx_user_id(ctx));
	db_bind_bool(&s, 22, in->coordinator_fast_care_contact);
	rc = db_step(&s);
	if (rc == DB_ROW)
		*version_id = db_column_int64(&s, 0);
	db_finalize(&s);
	/* The unique (plan_id, version_no): another writer took the number
	 * (lock_plan makes this the exception, not the rule). */
	if (rc == DB_CONSTRAINT)
		return changed_meanwhile(ctx);
	if (rc != DB_ROW)
		return ctx_db_failed(ctx, rc, "version");

	int64_t *goal_ids = arena_array(ctx->arena, int64_t,
	                                (size_t)in->ngoals + 1);
	for (int i = 0; i < in->ngoals; i++) {
		db_prepare(ctx->db, &s,
			"INSERT INTO plan_goal (version_id, position, kind, text)"
			" VALUES (?, ?, ?, ?) RETURNING id");
		db_bind_int64(&s, 1, *version_id);
		db_bind_int64(&s, 2, i + 1);
		db_bind_text(&s, 3, in->goals[i].kind);
		db_bind_text(&s, 4, in->goals[i].text);
		if (!ctx_insert(ctx, &s, &goal_ids[i + 1]))
			return false;
	}
	for (int i = 0; i < in->ninterventions; i++) {
		const struct intervention_input *x = &in->interventions[i];
		const char *name = x->responsible_name;
		if (!name && x->responsible_unit_id) {
			struct unit u;
			if (!unit_get(ctx, x->responsible_unit_id, &u))
				return false;
			name = u.name;
		}
		db_prepare(ctx->db, &s,
			"INSERT INTO plan_intervention (version_id, position, goal_id,"
			" what, responsible_kind, responsible_unit_id, responsible_name,"
			" contact_name, frequency, timing, start_date, end_date)"
			" VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id");
		db_bind_int64(&s, 1, *version_id);
		db_bind_int64(&s, 2, i + 1);
		db_bind_id(&s, 3, goal_ids[x->goal]);
		db_bind_text(&s, 4, x->what);
		db_bind_text(&s, 5, x->responsible_kind);
		db_bind_id(&s, 6, x->responsible_unit_id);
		db_bind_text(&s, 7, name);
		db_bind_text(&s, 8, x->contact_name);
		db_bind_text(&s, 9, x->frequency);
		db_bind_text(&s, 10, x->timing);
		db_bind_text(&s, 11, x->start_date);
		db_bind_text(&s, 12, x->end_date);
		int64_t intervention_id;
		if (!ctx_insert(ctx, &s, &intervention_id))
			return false;
		if (x->responsible_unit_id &&
		    !plan_unit_join(ctx, h->id, x->responsible_unit_id, "responsible"))
			return false;
		if (!insert_parties(ctx, h->id, *version_id, intervention_id, x))
			return false;
	}
	/* Version 1 is in force at once; a revision waits for approval. */
	return version_no > 1 || plan_version_in_force(ctx, h, *version_id);
}

bool plan_version_in_force(struct ctx *ctx, struct plan_head *h,
                           int64_t version_id)
{
	struct stmt s;
	int64_t coordinator = 0, coord_unit = 0;
	const char *follow_up_date = NULL;
	db_prepare(ctx->db, &s,
		"SELECT coordinator_user_id, coordinator_unit_id, follow_up_date"
		" /*0-2*/ FROM plan_version WHERE id = ? AND plan_id = ?");
	db_bind_int64(&s, 1, version_id);
	db_bind_int64(&s, 2, h->id);
	int rc = db_step(&s);
	if (rc == DB_ROW) {
		coordinator = db_column_int64(&s, 0);
		coord_unit = db_column_int64(&s, 1);
		follow_up_date = arena_strdup(ctx->arena, db_column_text(&s, 2));
	}
	db_finalize(&s);
	if (rc != DB_ROW)
		return ctx_db_failed(ctx, rc, "version in force");
	/* One coordinator's unit: an earlier one leaves that part. */
	db_prepare(ctx->db, &s,
		"UPDATE plan_unit SET left_at = ? WHERE plan_id = ?"
		" AND via = 'coordinator' AND unit_id <> ? AND left_at IS NULL");
	db_bind_int64(&s, 1, ctx->now);
	db_bind_int64(&s, 2, h->id);
	db_bind_int64(&s, 3, coord_unit);
	if (!ctx_run(ctx, &s, NULL) ||
	    !plan_unit_join(ctx, h->id, coord_unit, "coordinator"))
		return false;
	db_prepare(ctx->db, &s,
		"UPDATE plan SET current_version_id = ?, coordinator_user_id = ?,"
		" lead_unit_id = ?, next_follow_up_date = ?, updated_at = ?"
		" WHERE id = ?");
	db_bind_int64(&s, 1, version_id);
	db_bind_int64(&s, 2, coordinator);
	db_bind_int64(&s, 3, coord_unit);
	db_bind_text(&s, 4, follow_up_date);
	db_bind_int64(&s, 5, ctx->now);
	db_bind_int64(&s, 6, h->id);
	if (!ctx_run(ctx, &s, NULL))
		return false;
	h->current_version_id = version_id;
	h->lead_unit_id = coord_unit;
	h->coordinator_user_id = coordinator;
	return true;
}

/* The number (1, 2, ...) of a version, for the history. */
static int64_t version_no_of(struct ctx *ctx, int64_t version_id)
{
	struct stmt s;
	int64_t no = 0;
	db_prepare(ctx->db, &s, "SELECT version_no FROM plan_version WHERE id = ?");
	db_bind_int64(&s, 1, version_id);
	if (db_step(&s) == DB_ROW)
		no = db_column_int64(&s, 0);
	db_finalize(&s);
	return no;
}

static bool establish(struct ctx *ctx, int64_t plan_id,
                      const struct establish_input *in, int64_t *version_id,
                      bool revision)
{
	struct plan_head h;
	struct meeting_facts m;
	struct user coordinator;
	int64_t coord_unit = 0;
	enum plan_state from = revision ? PLAN_FOLLOW_UP : PLAN_INVITED;
	const char *before = db_in_transaction(ctx->db)
		? NULL : state_before(ctx, plan_id);
	bool pending_before = false;
	if (revision && before && !plan_proposal_pending(ctx, plan_id,
	                                                 &pending_before))
		return false;
	if (!ctx_begin(ctx))
		return false;
	if (!lock_plan(ctx, plan_id) || !plan_head_load(ctx, plan_id, &h) ||
	    !access_plan_lead(ctx, h.lead_unit_id, h.lead_unit_name) ||
	    !require_state(ctx, &h, from, before) ||
	    (revision && !require_no_proposal(ctx, plan_id, before,
	                                      pending_before)) ||
	    !find_meeting(ctx, plan_id, in->meeting_id,
	                  revision ? "follow_up" : "sip", !revision, &m))
		return ctx_abort(ctx);
	if (!check_content(ctx, plan_id, in, &m, revision, &coordinator,
	                   &coord_unit) ||
	    !hold_meeting(ctx, &m, in) ||
	    !plan_milestones_refresh(ctx, plan_id) ||
	    !write_version(ctx, &h, in, &m, &coordinator, coord_unit,
	                   version_id) ||
	    !plan_doc_write(ctx, *version_id))
		return ctx_abort(ctx);
	const char *detail = arena_printf(ctx->arena, "version %lld",
	                                  (long long)version_no_of(ctx,
	                                                           *version_id));
	/* A revision is a proposal: the plan stays in follow_up until the
	 * individual's approval is recorded (follow_up.c). */
	if (revision ? !plan_note_event(ctx, &h, "revise", detail)
	             : !plan_set_state(ctx, &h, PLAN_ACTIVE, "establish", detail))
		return ctx_abort(ctx);
	return ctx_commit(ctx);
}

bool plan_establish(struct ctx *ctx, int64_t plan_id,
                    const struct establish_input *in, int64_t *version_id)
{
	return establish(ctx, plan_id, in, version_id, false);
}

bool plan_revise(struct ctx *ctx, int64_t plan_id,
                 const struct establish_input *in, int64_t *version_id)
{
	return establish(ctx, plan_id, in, version_id, true);
}
