/*
 * plan.c — the state machine, the plan's own steps (create, decline,
 * close; starting a follow-up is in follow_up.c) and reading plans (see plan.h).
 */
#include "sip/plan.h"

#include <string.h>

#include "base/buf.h"
#include "base/limits.h"
#include "sip/access.h"
#include "audit/audit.h"
#include "sip/plan_internal.h"
#include "sip/user.h"
#include "sip/validate.h"
#include "store/db.h"

/* ---- the state machine ---- */

static const char *const state_names[PLAN_NSTATES] = {
	[PLAN_NEED_ASSESSED] = "need_assessed",
	[PLAN_DECLINED] = "declined",
	[PLAN_CONSENT] = "consent",
	[PLAN_PREPARING] = "preparing",
	[PLAN_INVITED] = "invited",
	[PLAN_ACTIVE] = "active",
	[PLAN_FOLLOW_UP] = "follow_up",
	[PLAN_CLOSED] = "closed",
};

/* allowed[from] is the set of states `from` may move to. */
static const unsigned allowed[PLAN_NSTATES] = {
	[PLAN_NEED_ASSESSED] = STATE_BIT(PLAN_CONSENT) | STATE_BIT(PLAN_DECLINED),
	[PLAN_DECLINED] = 0,
	[PLAN_CONSENT] = STATE_BIT(PLAN_PREPARING) | STATE_BIT(PLAN_CLOSED),
	[PLAN_PREPARING] = STATE_BIT(PLAN_INVITED) | STATE_BIT(PLAN_CLOSED),
	[PLAN_INVITED] = STATE_BIT(PLAN_ACTIVE) | STATE_BIT(PLAN_CLOSED),
	[PLAN_ACTIVE] = STATE_BIT(PLAN_FOLLOW_UP) | STATE_BIT(PLAN_CLOSED),
	[PLAN_FOLLOW_UP] = STATE_BIT(PLAN_ACTIVE) | STATE_BIT(PLAN_CLOSED),
	[PLAN_CLOSED] = 0,
};

const char *plan_state_name(enum plan_state s) { return state_names[s]; }

bool plan_state_parse(const char *name, enum plan_state *out)
{
	for (int i = 0; i < PLAN_NSTATES; i++)
		if (name && strcmp(name, state_names[i]) == 0) {
			*out = (enum plan_state)i;
			return true;
		}
	return false;
}

const char *plan_state_label(enum plan_state s, const char *lang)
{
	switch (s) {
	case PLAN_NEED_ASSESSED: return tr(lang, "Behov bedömt");
	case PLAN_DECLINED: return tr(lang, "SIP erbjuds inte");
	case PLAN_CONSENT: return tr(lang, "Samtycke finns");
	case PLAN_PREPARING: return tr(lang, "Förberedelse");
	case PLAN_INVITED: return tr(lang, "Kallelser skickade");
	case PLAN_ACTIVE: return tr(lang, "Plan upprättad");
	case PLAN_FOLLOW_UP: return tr(lang, "Uppföljning");
	case PLAN_CLOSED: return tr(lang, "Avslutad");
	}
	return "";
}

const char *plan_state_next_step(enum plan_state s, const char *lang)
{
	switch (s) {
	case PLAN_NEED_ASSESSED:
		return tr(lang, "Inhämta samtycke – eller dokumentera varför SIP "
		                "inte erbjuds");
	case PLAN_CONSENT:
		return tr(lang, "Förbered mötet tillsammans med den enskilde");
	case PLAN_PREPARING: return tr(lang, "Boka möte och skicka kallelser");
	case PLAN_INVITED: return tr(lang, "Håll SIP-mötet och upprätta planen");
	case PLAN_ACTIVE: return tr(lang, "Följ upp planen på uppföljningsdatumet");
	case PLAN_FOLLOW_UP: return tr(lang, "Revidera planen eller avsluta");
	case PLAN_DECLINED:
	case PLAN_CLOSED: return tr(lang, "Inget – processen är avslutad");
	}
	return "";
}

bool plan_transition_allowed(enum plan_state from, enum plan_state to)
{
	return (allowed[from] & STATE_BIT(to)) != 0;
}

int plan_next_states(enum plan_state from, enum plan_state out[8])
{
	int n = 0;
	for (int s = 0; s < PLAN_NSTATES; s++)
		if (allowed[from] & STATE_BIT(s))
			out[n++] = (enum plan_state)s;
	return n;
}

bool one_of(const char *s, const char *const *names)
{
	for (; s && *names; names++)
		if (strcmp(s, *names) == 0)
			return true;
	return false;
}

/* ---- shared by the step files ---- */

bool plan_head_load(struct ctx *ctx, int64_t plan_id, struct plan_head *h)
{
	memset(h, 0, sizeof *h);
	if (!access_may_work(ctx))
		return false;
	int64_t my_unit = 0;
	if (!access_plan(ctx, plan_id, &my_unit) ||
	    !plan_head_read(ctx, plan_id, h))
		return false;
	h->my_unit = my_unit;
	return true;
}

bool plan_head_read(struct ctx *ctx, int64_t plan_id, struct plan_head *h)
{
	memset(h, 0, sizeof *h);
	struct stmt s;
	db_prepare(ctx->db, &s,
		"SELECT p.id, p.person_id, p.state, p.initiating_unit_id,"
		" p.lead_unit_id, u.name, p.coordinator_user_id,"
		" p.current_version_id"
		" FROM plan p JOIN unit u ON u.id = p.lead_unit_id WHERE p.id = ?");
	db_bind_int64(&s, 1, plan_id);
	int rc = db_step(&s);
	if (rc == DB_ROW) {
		h->id = db_column_int64(&s, 0);
		h->person_id = db_column_int64(&s, 1);
		plan_state_parse(db_column_text(&s, 2), &h->state);
		h->initiating_unit_id = db_column_int64(&s, 3);
		h->lead_unit_id = db_column_int64(&s, 4);
		h->lead_unit_name = arena_strdup(ctx->arena, db_column_text(&s, 5));
		h->coordinator_user_id = db_column_int64(&s, 6);
		h->current_version_id = db_column_int64(&s, 7);
	}
	db_finalize(&s);
	if (rc == DB_DONE)
		return ctx_not_found(ctx);
	if (rc != DB_ROW)
		return ctx_db_failed(ctx, rc, "plan head");
	return true;
}

static bool state_conflict(struct ctx *ctx, enum plan_state current)
{
	struct problem *p = ctx->problem;
	p->current_state = state_names[current];
	enum plan_state next[8];
	int n = plan_next_states(current, next);
	p->nallowed = 0;
	struct buf labels;
	buf_init(&labels, 1024);
	for (int i = 0; i < n && i < PROBLEM_MAX_ALLOWED; i++) {
		p->allowed[p->nallowed++] = state_names[next[i]];
		buf_printf(&labels, "%s%s", i ? ", " : "",
		           plan_state_label(next[i], ctx->lang));
	}
	const char *detail =
		n ? arena_printf(ctx->arena,
		                 T(ctx, "Planen är i läget ”%s” och det steget går "
		                        "inte nu. Möjliga nästa steg: %s."),
		                 plan_state_label(current, ctx->lang), labels.data)
		  : arena_printf(ctx->arena,
		                 T(ctx, "Planen är i läget ”%s” och kan inte ändras "
		                        "längre."),
		                 plan_state_label(current, ctx->lang));
	buf_free(&labels);
	return problem_set(p, ctx->arena, PROBLEM_CONFLICT, "%s", detail);
}

bool plan_require_state(struct ctx *ctx, const struct plan_head *h,
                        unsigned states)
{
	if (states & STATE_BIT(h->state))
		return true;
	return state_conflict(ctx, h->state);
}

static bool add_event(struct ctx *ctx, const struct plan_head *h,
                      const char *action, const char *from, const char *to,
                      const char *detail)
{
	struct stmt s;
	db_prepare(ctx->db, &s,
		"INSERT INTO plan_event (plan_id, at, user_id, unit_id, action,"
		" from_state, to_state, detail) VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
	db_bind_int64(&s, 1, h->id);
	db_bind_int64(&s, 2, ctx->now);
	db_bind_id(&s, 3, ctx_user_id(ctx));
	db_bind_id(&s, 4, h->my_unit);
	db_bind_text(&s, 5, action);
	db_bind_text(&s, 6, from);
	db_bind_text(&s, 7, to);
	db_bind_text(&s, 8, detail);
	if (!ctx_run(ctx, &s, NULL))
		return false;
	if (h->my_unit)
		ctx->acting_unit = h->my_unit;
	return audit_write(ctx, arena_printf(ctx->arena, "plan.%s", action),
	                   h->person_id, h->id, NULL);
}

bool plan_note_event(struct ctx *ctx, const struct plan_head *h,
                     const char *action, const char *detail)
{
	return add_event(ctx, h, action, NULL, NULL, detail) &&
	       plan_touch(ctx, h->id);
}

bool plan_set_state(struct ctx *ctx, struct plan_head *h, enum plan_state to,
                    const char *action, const char *detail)
{
	if (!plan_transition_allowed(h->state, to))
		return state_conflict(ctx, h->state);
	struct stmt s;
	db_prepare(ctx->db, &s,
		"UPDATE plan SET state = ?, updated_at = ? WHERE id = ? AND state = ?");
	db_bind_text(&s, 1, state_names[to]);
	db_bind_int64(&s, 2, ctx->now);
	db_bind_int64(&s, 3, h->id);
	db_bind_text(&s, 4, state_names[h->state]);
	int64_t changed;
	if (!ctx_run(ctx, &s, &changed))
		return false;
	if (!changed) /* someone else moved it meanwhile */
		return problem_set(ctx->problem, ctx->arena, PROBLEM_CONFLICT, "%s",
		                   T(ctx, "Planen ändrades av någon annan samtidigt. "
		                          "Ladda om sidan och försök igen."));
	enum plan_state from = h->state;
	h->state = to;
	return add_event(ctx, h, action, state_names[from], state_names[to],
	                 detail);
}

bool plan_unit_join(struct ctx *ctx, int64_t plan_id, int64_t unit_id,
                    const char *via)
{
	struct stmt s;
	db_prepare(ctx->db, &s,
		"INSERT INTO plan_unit (plan_id, unit_id, via, joined_at)"
		" VALUES (?, ?, ?, ?) ON CONFLICT (plan_id, unit_id, via)"
		" DO UPDATE SET left_at = NULL");
	db_bind_int64(&s, 1, plan_id);
	db_bind_int64(&s, 2, unit_id);
	db_bind_text(&s, 3, via);
	db_bind_int64(&s, 4, ctx->now);
	if (!ctx_run(ctx, &s, NULL))
		return false;
	/* Taking part in a plan makes the person's record visible too. */
	db_prepare(ctx->db, &s,
		"INSERT INTO person_unit (person_id, unit_id, since)"
		" SELECT person_id, ?, ? FROM plan WHERE id = ?"
		" ON CONFLICT (person_id, unit_id) DO UPDATE SET ended_at = NULL");
	db_bind_int64(&s, 1, unit_id);
	db_bind_int64(&s, 2, ctx->now);
	db_bind_int64(&s, 3, plan_id);
	return ctx_run(ctx, &s, NULL);
}

bool plan_touch(struct ctx *ctx, int64_t plan_id)
{
	struct stmt s;
	db_prepare(ctx->db, &s, "UPDATE plan SET updated_at = ? WHERE id = ?");
	db_bind_int64(&s, 1, ctx->now);
	db_bind_int64(&s, 2, plan_id);
	return ctx_run(ctx, &s, NULL);
}

/* ---- step 1: need assessed ---- */

static const char *const initiated_kinds[] = {"professional", "individual",
                                              "relative", NULL};

static bool check_create(struct ctx *ctx, const struct plan_create_input *in,
                         int64_t *unit_id)
{
	bool ok = true;
	*unit_id = in->initiating_unit_id;
	const struct user *me = ctx_staff(ctx);
	if (me) {
		if (!*unit_id && me->nunits == 1)
			*unit_id = me->units[0].id;
		if (!*unit_id)
			ok = problem_field(ctx->problem, ctx->arena,
			                   "initiating_unit_id", "%s",
			                   T(ctx, "Välj vilken av dina enheter som "
			                          "startar planen."));
		else if (!user_in_unit(me, *unit_id))
			ok = problem_field(ctx->problem, ctx->arena,
			                   "initiating_unit_id", "%s",
			                   T(ctx, "Du kan bara starta en plan för en "
			                          "enhet du hör till."));
	} else if (!*unit_id) {
		ok = problem_field(ctx->problem, ctx->arena, "initiating_unit_id",
		                   "%s", T(ctx, "Välj vilken enhet som startar "
		                                "planen."));
	}
	if (!one_of(in->initiated_by, initiated_kinds))
		ok = problem_field(ctx->problem, ctx->arena, "initiated_by", "%s",
		                   T(ctx, "Ange vem som tog initiativet: personal, "
		                          "den enskilde eller en närstående."));
	else if (strcmp(in->initiated_by, "professional") != 0 &&
	         !in->initiator_name)
		ok = problem_field(ctx->problem, ctx->arena, "initiator_name", "%s",
		                   T(ctx, "Skriv namnet på den som bad om en SIP."));
	ok &= check_optional(ctx, "initiator_name", in->initiator_name, LIMIT_NAME);
	ok &= check_optional(ctx, "need_individual", in->need_individual,
	                     LIMIT_TEXT);
	ok &= check_required(ctx, "need_professional", in->need_professional,
	                     LIMIT_TEXT);
	ok &= check_optional(ctx, "other_actors", in->other_actors, LIMIT_TEXT);
	if (in->is_discharge && !in->hospital_episode)
		ok = problem_field(ctx->problem, ctx->arena, "hospital_episode", "%s",
		                   T(ctx, "En SIP vid utskrivning ska ange "
		                          "vårdtillfället (sjukhus, avdelning och "
		                          "datum för inskrivning)."));
	ok &= check_optional(ctx, "hospital_episode", in->hospital_episode,
	                     LIMIT_SHORT);
	if (in->nprincipals < 1)
		ok = problem_field(ctx->problem, ctx->arena, "principal_ids", "%s",
		                   T(ctx, "Välj vilka huvudmän och aktörer som "
		                          "berörs."));
	return ok;
}

static bool create_checked(struct ctx *ctx, const struct plan_create_input *in,
                           int64_t unit_id, int64_t *plan_id);

bool plan_create(struct ctx *ctx, const struct plan_create_input *in,
                 int64_t *plan_id)
{
	if (!access_may_work(ctx))
		return false;
	int64_t unit_id = 0;
	if (!check_create(ctx, in, &unit_id))
		return false;
	if (!access_person_start_plan(ctx, in->person_id, in->personnummer)) {
		/* Not visible is the same as not there, but say which field. */
		ctx->problem->kind = PROBLEM_NONE;
		ctx->problem->detail = NULL;
		return problem_field(ctx->problem, ctx->arena, "person_id", "%s",
		                     T(ctx, "Personen finns inte. Registrera "
		                            "personen först."));
	}
	return create_checked(ctx, in, unit_id, plan_id);
}

bool plan_create_by_citizen(struct ctx *ctx, const struct plan_create_input *in,
                            int64_t *plan_id)
{
	if (ctx->actor != ACTOR_CITIZEN)
		return ctx_not_found(ctx);
	int64_t unit_id = 0;
	if (!check_create(ctx, in, &unit_id))
		return false;
	return create_checked(ctx, in, unit_id, plan_id);
}

static bool create_checked(struct ctx *ctx, const struct plan_create_input *in,
                           int64_t unit_id, int64_t *plan_id)
{
	if (!ctx_begin(ctx))
		return false;
	for (int i = 0; i < in->nprincipals; i++) {
		struct principal p;
		struct problem saved = *ctx->problem;
		if (!principal_get(ctx, in->principal_ids[i], &p)) {
			if (ctx->problem->kind != PROBLEM_NOT_FOUND)
				return ctx_abort(ctx);
			*ctx->problem = saved;
			problem_field(ctx->problem, ctx->arena, "principal_ids", "%s",
			              T(ctx, "Välj huvudmän och aktörer som finns."));
			return ctx_abort(ctx);
		}
	}
	struct stmt s;
	db_prepare(ctx->db, &s,
		"INSERT INTO plan (person_id, state, initiating_unit_id, lead_unit_id,"
		" initiated_by, initiator_name, need_individual, need_professional,"
		" other_actors, is_discharge, hospital_episode, need_assessed_at,"
		" created_at, created_by, updated_at)"
		" VALUES (?, 'need_assessed', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
		" RETURNING id");
	db_bind_int64(&s, 1, in->person_id);
	db_bind_int64(&s, 2, unit_id);
	db_bind_int64(&s, 3, unit_id);
	db_bind_text(&s, 4, in->initiated_by);
	db_bind_text(&s, 5, in->initiator_name);
	db_bind_text(&s, 6, in->need_individual);
	db_bind_text(&s, 7, in->need_professional);
	db_bind_text(&s, 8, in->other_actors);
	db_bind_bool(&s, 9, in->is_discharge);
	db_bind_text(&s, 10, in->is_discharge ? in->hospital_episode : NULL);
	db_bind_int64(&s, 11, ctx->now);
	db_bind_int64(&s, 12, ctx->now);
	db_bind_id(&s, 13, ctx_user_id(ctx));
	db_bind_int64(&s, 14, ctx->now);
	if (!ctx_insert(ctx, &s, plan_id))
		return ctx_abort(ctx);
	for (int i = 0; i < in->nprincipals; i++) {
		db_prepare(ctx->db, &s,
			"INSERT INTO plan_principal (plan_id, principal_id) VALUES (?, ?)"
			" ON CONFLICT DO NOTHING");
		db_bind_int64(&s, 1, *plan_id);
		db_bind_int64(&s, 2, in->principal_ids[i]);
		if (!ctx_run(ctx, &s, NULL))
			return ctx_abort(ctx);
	}
	if (!plan_unit_join(ctx, *plan_id, unit_id, "initiating"))
		return ctx_abort(ctx);
	/* A citizen asking acts for no unit: the event and the audit record
	 * name no unit of theirs. */
	struct plan_head h = {.id = *plan_id, .person_id = in->person_id,
	                      .state = PLAN_NEED_ASSESSED,
	                      .my_unit = ctx->actor == ACTOR_CITIZEN ? 0
	                                                             : unit_id};
	if (!add_event(ctx, &h, "create", NULL, state_names[PLAN_NEED_ASSESSED],
	               in->is_discharge ? "discharge" : NULL))
		return ctx_abort(ctx);
	return ctx_commit(ctx);
}

bool plan_milestones_refresh(struct ctx *ctx, int64_t plan_id)
{
	struct stmt s;
	/* The same text as the backfill of sql/0026_agreement_follow_up.sql. */
	db_prepare(ctx->db, &s,
		"UPDATE plan SET"
		" first_consent_at = (SELECT MIN(c.recorded_at) FROM consent c"
		" WHERE c.plan_id = plan.id),"
		" first_invitation_at = (SELECT MIN(i.created_at) FROM invitation i"
		" WHERE i.plan_id = plan.id),"
		" first_meeting_date = (SELECT MIN(m.meeting_date) FROM meeting m"
		" WHERE m.plan_id = plan.id AND m.kind = 'sip' AND m.held = 1"
		" AND m.cancelled_at IS NULL)"
		" WHERE id = ?");
	db_bind_int64(&s, 1, plan_id);
	return ctx_run(ctx, &s, NULL);
}

const char *const declined_causes[DECLINED_CAUSES + 1] = {"no_coordination_need",
                                       "one_principal", "existing_plan",
                                       "coordinated_otherwise", "other",
                                       NULL};

const char *declined_cause_label(const char *cause, const char *lang)
{
	if (!cause)
		return "";
	if (strcmp(cause, "no_coordination_need") == 0)
		return tr(lang, "Behovet av samordnade insatser finns inte");
	if (strcmp(cause, "one_principal") == 0)
		return tr(lang, "Insatserna ges av en huvudman");
	if (strcmp(cause, "existing_plan") == 0)
		return tr(lang, "Det finns redan en SIP för samma behov");
	if (strcmp(cause, "coordinated_otherwise") == 0)
		return tr(lang, "Insatserna samordnas redan på annat sätt");
	if (strcmp(cause, "other") == 0)
		return tr(lang, "Annat skäl");
	return cause;
}

bool plan_decline(struct ctx *ctx, int64_t plan_id,
                  const struct decline_input *in)
{
	struct plan_head h;
	if (!ctx_begin(ctx))
		return false;
	if (!plan_head_load(ctx, plan_id, &h) ||
	    !access_plan_lead(ctx, h.lead_unit_id, h.lead_unit_name) ||
	    !plan_require_state(ctx, &h, STATE_BIT(PLAN_NEED_ASSESSED)))
		return ctx_abort(ctx);
	if (!one_of(in->cause, declined_causes))
		problem_field(ctx->problem, ctx->arena, "cause", "%s",
		              T(ctx, "Välj varför SIP inte erbjuds."));
	if (!in->reason)
		problem_field(ctx->problem, ctx->arena, "reason", "%s",
		              T(ctx, "Att neka någon en SIP är ett undantag: "
		                     "skälet måste dokumenteras."));
	else
		check_optional(ctx, "reason", in->reason, LIMIT_TEXT);
	if (problem_any(ctx->problem))
		return ctx_abort(ctx);
	struct stmt s;
	db_prepare(ctx->db, &s,
		"UPDATE plan SET declined_cause = ?, declined_reason = ?,"
		" closed_at = ? WHERE id = ?");
	db_bind_text(&s, 1, in->cause);
	db_bind_text(&s, 2, in->reason);
	db_bind_int64(&s, 3, ctx->now);
	db_bind_int64(&s, 4, plan_id);
	if (!ctx_run(ctx, &s, NULL) ||
	    !plan_set_state(ctx, &h, PLAN_DECLINED, "decline",
	                    arena_printf(ctx->arena, "%s: %s", in->cause,
	                                 in->reason)))
		return ctx_abort(ctx);
	return ctx_commit(ctx);
}

/* ---- steps 6 and 7, as far as the state machine goes ---- */

/* What the coordinator may choose when closing; "consent_withdrawn" is
 * set by consent_withdraw alone, which also ends the sharing. */
const char *const closed_reasons[] = {"goals_met", "no_longer_needed",
                                      "individual_wish", "new_plan",
                                      "moved", "deceased", "other", NULL};

const char *closed_reason_label(const char *reason, const char *lang)
{
	if (!reason)
		return "";
	if (strcmp(reason, "consent_withdrawn") == 0)
		return tr(lang, "Samtycket återkallades");
	if (strcmp(reason, "goals_met") == 0)
		return tr(lang, "Målen är uppnådda");
	if (strcmp(reason, "no_longer_needed") == 0)
		return tr(lang, "Samordning behövs inte längre");
	if (strcmp(reason, "individual_wish") == 0)
		return tr(lang, "Den enskilde vill avsluta planen");
	if (strcmp(reason, "new_plan") == 0)
		return tr(lang, "En ny plan upprättas");
	if (strcmp(reason, "moved") == 0)
		return tr(lang, "Den enskilde har flyttat");
	if (strcmp(reason, "deceased") == 0)
		return tr(lang, "Den enskilde har avlidit");
	if (strcmp(reason, "other") == 0)
		return tr(lang, "Annat skäl");
	return reason;
}

/* plan_close is in closing.c, beside plan_close_with; starting a
 * follow-up is follow_up_start (follow_up.c). */
