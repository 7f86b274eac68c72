/*
 * consent.c — step 2: consent, and its withdrawal (see plan.h).
 *
 * The rules (DOMAIN.md, Uppsala guideline): a consent is never general —
 * it says what may be shared, with whom, and until when; oral consent is
 * documented like written. A child's guardians consent (both, where two
 * are registered); the child is asked and informed, and from 15 the
 * child's own view is recorded. An adult consents themselves, through a
 * representative, or — when they cannot — the SIP may still go ahead
 * once it is recorded how their attitude was ascertained. Withdrawal is
 * final: the plan closes and sharing stops.
 */
#include <string.h>

#include "base/date.h"
#include "base/limits.h"
#include "sip/access.h"
#include "audit/audit.h"
#include "sip/plan.h"
#include "sip/plan_internal.h"
#include "sip/user.h"
#include "sip/validate.h"
#include "store/db.h"

const char *const consent_scopes[] = {"health", "social", "school",
                                      "financial", "employment", "housing",
                                      NULL};

static const char *const givers[] = {"individual", "guardians",
                                     "representative", "cannot_consent", NULL};
static const char *const forms[] = {"oral", "written", NULL};

const char *consent_scope_label(const char *scope, const char *lang)
{
	if (!scope)
		return "";
	if (strcmp(scope, "health") == 0)
		return tr(lang, "Hälsa och vård");
	if (strcmp(scope, "social") == 0)
		return tr(lang, "Socialtjänst");
	if (strcmp(scope, "school") == 0)
		return tr(lang, "Skola");
	if (strcmp(scope, "financial") == 0)
		return tr(lang, "Ekonomi");
	if (strcmp(scope, "employment") == 0)
		return tr(lang, "Arbete och sysselsättning");
	if (strcmp(scope, "housing") == 0)
		return tr(lang, "Boende");
	return scope;
}

/* The registered related persons of a role, as ids. */
static bool related_ids(struct ctx *ctx, int64_t person_id, const char *role,
                        int64_t **ids, int *n)
{
	struct stmt s;
	db_prepare(ctx->db, &s,
		"SELECT id FROM related_person WHERE person_id = ? AND role = ?");
	db_bind_int64(&s, 1, person_id);
	db_bind_text(&s, 2, role);
	size_t count = 0, cap = 0;
	int rc;
	*ids = NULL;
	for (rc = db_step(&s); rc == DB_ROW; rc = db_step(&s)) {
		ARENA_PUSH(ctx->arena, *ids, count, cap);
		(*ids)[count++] = db_column_int64(&s, 0);
	}
	db_finalize(&s);
	*n = (int)count;
	return rc == DB_DONE ? true : ctx_db_failed(ctx, rc, "related");
}

static bool contains(const int64_t *ids, int n, int64_t id)
{
	for (int i = 0; i < n; i++)
		if (ids[i] == id)
			return true;
	return false;
}

static bool check_givers(struct ctx *ctx, const struct person *person,
                         const struct consent_input *in)
{
	const char *role = strcmp(in->given_by, "guardians") == 0
	                           ? "guardian" : "representative";
	int64_t *registered;
	int nregistered;
	if (!related_ids(ctx, person->id, role, &registered, &nregistered))
		return false;
	for (int i = 0; i < in->ngivers; i++)
		if (!contains(registered, nregistered, in->giver_ids[i]))
			return problem_field(ctx->problem, ctx->arena, "giver_ids", "%s",
			                     T(ctx, "Välj bland den enskildes "
			                            "registrerade vårdnadshavare och "
			                            "företrädare."));
	if (strcmp(role, "guardian") == 0) {
		if (nregistered == 0)
			return problem_field(ctx->problem, ctx->arena, "giver_ids", "%s",
			                     T(ctx, "Registrera barnets vårdnadshavare "
			                            "innan samtycket dokumenteras."));
		for (int i = 0; i < nregistered; i++)
			if (!contains(in->giver_ids, in->ngivers, registered[i]))
				return problem_field(ctx->problem, ctx->arena, "giver_ids",
				                     "%s", T(ctx, "Alla vårdnadshavare ska "
				                                  "samtycka – när barnet "
				                                  "har två, båda."));
	} else if (in->ngivers != 1) {
		return problem_field(ctx->problem, ctx->arena, "giver_ids", "%s",
		                     nregistered
		                     ? T(ctx, "Välj vilken företrädare som gav "
		                              "samtycket.")
		                     : T(ctx, "Registrera företrädaren (god man, "
		                              "förvaltare) innan samtycket "
		                              "dokumenteras."));
	}
	return true;
}

static bool check_consent(struct ctx *ctx, const struct person *person,
                          const struct consent_input *in)
{
	bool ok = true;
	if (!one_of(in->given_by, givers))
		ok = problem_field(ctx->problem, ctx->arena, "given_by", "%s",
		                   T(ctx, "Ange vem som lämnade samtycket."));
	if (!one_of(in->form, forms))
		ok = problem_field(ctx->problem, ctx->arena, "form", "%s",
		                   T(ctx, "Ange om samtycket är muntligt eller "
		                          "skriftligt."));
	struct date until;
	if (!in->valid_until)
		ok = problem_field(ctx->problem, ctx->arena, "valid_until", "%s",
		                   T(ctx, "Ett samtycke är aldrig generellt: ange "
		                          "till och med vilket datum det gäller."));
	else if (!date_parse(in->valid_until, &until))
		ok = problem_field(ctx->problem, ctx->arena, "valid_until", "%s",
		                   T(ctx, "Ange ett giltigt datum som ÅÅÅÅ-MM-DD."));
	else if (date_cmp(until, date_of_time(ctx->now)) < 0)
		ok = problem_field(ctx->problem, ctx->arena, "valid_until", "%s",
		                   T(ctx, "Datumet har redan passerat."));
	if (in->nscopes < 1)
		ok = problem_field(ctx->problem, ctx->arena, "scopes", "%s",
		                   T(ctx, "Välj vilka slags uppgifter som får "
		                          "delas."));
	for (int i = 0; i < in->nscopes; i++)
		if (!one_of(in->scopes[i], consent_scopes)) {
			ok = problem_field(ctx->problem, ctx->arena, "scopes", "%s",
			                   T(ctx, "Okänd kategori av uppgifter."));
			break;
		}
	if (in->nrecipients < 1)
		ok = problem_field(ctx->problem, ctx->arena, "recipient_ids", "%s",
		                   T(ctx, "Välj vilka huvudmän och aktörer som får "
		                          "ta del av uppgifterna."));
	ok &= check_optional(ctx, "child_view", in->child_view, LIMIT_TEXT);
	ok &= check_optional(ctx, "attitude_ascertained",
	                     in->attitude_ascertained, LIMIT_TEXT);
	ok &= check_optional(ctx, "note", in->note, LIMIT_TEXT);
	if (!ok)
		return false;

	if (person->is_child) {
		if (strcmp(in->given_by, "guardians") != 0)
			return problem_field(ctx->problem, ctx->arena, "given_by",
			                     T(ctx, "Den enskilde är %d år: för barn "
			                            "är det vårdnadshavarna som "
			                            "samtycker."), person->age);
		if (!in->child_informed)
			return problem_field(ctx->problem, ctx->arena, "child_informed",
			                     "%s", T(ctx, "Barnet ska tillfrågas och "
			                                  "informeras – bekräfta att det "
			                                  "är gjort."));
		if (person->child_view_required && !in->child_view)
			return problem_field(ctx->problem, ctx->arena, "child_view",
			                     T(ctx, "Barnet är %d år: från 15 år väger "
			                            "barnets egen inställning tungt och "
			                            "ska dokumenteras."), person->age);
	} else if (strcmp(in->given_by, "guardians") == 0) {
		return problem_field(ctx->problem, ctx->arena, "given_by", "%s",
		                     T(ctx, "Den enskilde är vuxen och samtycker "
		                            "själv, genom en företrädare, eller så "
		                            "dokumenteras att hen inte kan samtycka."));
	}
	if (strcmp(in->given_by, "cannot_consent") == 0 &&
	    !in->attitude_ascertained)
		return problem_field(ctx->problem, ctx->arena,
		                     "attitude_ascertained", "%s",
		                     T(ctx, "Beskriv hur den enskildes inställning "
		                            "har tagits reda på (t.ex. via "
		                            "närstående eller legal företrädare)."));
	if (strcmp(in->given_by, "guardians") == 0 ||
	    strcmp(in->given_by, "representative") == 0)
		return check_givers(ctx, person, in);
	if (in->ngivers)
		return problem_field(ctx->problem, ctx->arena, "giver_ids", "%s",
		                     T(ctx, "Ange vårdnadshavare eller företrädare "
		                            "bara när de lämnar samtycket."));
	return true;
}

static bool insert_consent(struct ctx *ctx, int64_t plan_id,
                           const struct consent_input *in, int64_t *id)
{
	struct stmt s;
	db_prepare(ctx->db, &s,
		"INSERT INTO consent (plan_id, given_by, form, valid_until,"
		" child_informed, child_view, attitude_ascertained, note,"
		" recorded_at, recorded_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
		" RETURNING id");
	db_bind_int64(&s, 1, plan_id);
	db_bind_text(&s, 2, in->given_by);
	db_bind_text(&s, 3, in->form);
	db_bind_text(&s, 4, in->valid_until);
	db_bind_bool(&s, 5, in->child_informed);
	db_bind_text(&s, 6, in->child_view);
	db_bind_text(&s, 7, in->attitude_ascertained);
	db_bind_text(&s, 8, in->note);
	db_bind_int64(&s, 9, ctx->now);
	db_bind_id(&s, 10, ctx->user ? ctx->user->id : 0);
	if (!ctx_insert(ctx, &s, id))
		return false;
	for (int i = 0; i < in->nscopes; i++) {
		db_prepare(ctx->db, &s,
			"INSERT INTO consent_scope (consent_id, category) VALUES (?, ?)"
			" ON CONFLICT DO NOTHING");
		db_bind_int64(&s, 1, *id);
		db_bind_text(&s, 2, in->scopes[i]);
		if (!ctx_run(ctx, &s, NULL))
			return false;
	}
	for (int i = 0; i < in->nrecipients; i++) {
		struct principal p;
		struct problem saved = *ctx->problem;
		if (!principal_get(ctx, in->recipient_ids[i], &p)) {
			if (ctx->problem->kind != PROBLEM_NOT_FOUND)
				return false;
			*ctx->problem = saved;
			return problem_field(ctx->problem, ctx->arena, "recipient_ids",
			                     "%s", T(ctx, "Välj huvudmän och aktörer "
			                                  "som finns."));
		}
		db_prepare(ctx->db, &s,
			"INSERT INTO consent_recipient (consent_id, principal_id)"
			" VALUES (?, ?) ON CONFLICT DO NOTHING");
		db_bind_int64(&s, 1, *id);
		db_bind_int64(&s, 2, in->recipient_ids[i]);
		if (!ctx_run(ctx, &s, NULL))
			return false;
	}
	for (int i = 0; i < in->ngivers; i++) {
		db_prepare(ctx->db, &s,
			"INSERT INTO consent_giver (consent_id, related_person_id, name)"
			" SELECT ?, id, name FROM related_person WHERE id = ?");
		db_bind_int64(&s, 1, *id);
		db_bind_int64(&s, 2, in->giver_ids[i]);
		if (!ctx_run(ctx, &s, NULL))
			return false;
	}
	return true;
}

bool consent_record(struct ctx *ctx, int64_t plan_id,
                    const struct consent_input *in, int64_t *consent_id)
{
	struct plan_head h;
	struct person person;
	if (!ctx_begin(ctx))
		return false;
	if (!plan_head_load(ctx, plan_id, &h) ||
	    !access_plan_lead(ctx, h.lead_unit_id, h.lead_unit_name) ||
	    !plan_require_state(ctx, &h, STATE_BIT(PLAN_NEED_ASSESSED) |
	                                 STATE_BIT(PLAN_CONSENT) |
	                                 STATE_BIT(PLAN_PREPARING) |
	                                 STATE_BIT(PLAN_INVITED) |
	                                 STATE_BIT(PLAN_ACTIVE) |
	                                 STATE_BIT(PLAN_FOLLOW_UP)) ||
	    !person_load(ctx, h.person_id, &person) ||
	    !check_consent(ctx, &person, in) ||
	    !insert_consent(ctx, plan_id, in, consent_id))
		return ctx_abort(ctx);
	const char *detail = arena_printf(ctx->arena, "consent %lld",
	                                  (long long)*consent_id);
	bool ok = h.state == PLAN_NEED_ASSESSED
	          ? plan_set_state(ctx, &h, PLAN_CONSENT, "consent", detail)
	          : plan_note_event(ctx, &h, "consent_added", detail);
	return ok ? ctx_commit(ctx) : ctx_abort(ctx);
}

bool consent_withdraw(struct ctx *ctx, int64_t plan_id, int64_t consent_id,
                      const char *note)
{
	struct plan_head h;
	if (!ctx_begin(ctx))
		return false;
	/* Anyone taking part may record it: the individual may tell any of
	 * them, and it must take effect at once. */
	if (!plan_head_load(ctx, plan_id, &h) ||
	    !check_optional(ctx, "note", note, LIMIT_TEXT))
		return ctx_abort(ctx);
	struct stmt s;
	db_prepare(ctx->db, &s,
		"SELECT withdrawn_at FROM consent WHERE id = ? AND plan_id = ?");
	db_bind_int64(&s, 1, consent_id);
	db_bind_int64(&s, 2, plan_id);
	int rc = db_step(&s);
	int64_t withdrawn_at = rc == DB_ROW ? db_column_int64(&s, 0) : 0;
	db_finalize(&s);
	if (rc == DB_DONE) {
		ctx_not_found(ctx);
		return ctx_abort(ctx);
	}
	if (rc != DB_ROW) {
		ctx_db_failed(ctx, rc, "consent");
		return ctx_abort(ctx);
	}
	if (withdrawn_at || !plan_state_open(h.state)) {
		problem_set(ctx->problem, ctx->arena, PROBLEM_CONFLICT, "%s",
		            withdrawn_at ? T(ctx, "Samtycket är redan återkallat.")
		                         : T(ctx, "Planen är redan avslutad."));
		ctx->problem->current_state = plan_state_name(h.state);
		return ctx_abort(ctx);
	}
	db_prepare(ctx->db, &s,
		"UPDATE consent SET withdrawn_at = ?, withdrawn_by = ?,"
		" withdrawal_note = ? WHERE id = ?");
	db_bind_int64(&s, 1, ctx->now);
	db_bind_id(&s, 2, ctx->user ? ctx->user->id : 0);
	db_bind_text(&s, 3, note);
	db_bind_int64(&s, 4, consent_id);
	if (!ctx_run(ctx, &s, NULL))
		return ctx_abort(ctx);
	db_prepare(ctx->db, &s,
		"UPDATE plan SET closed_reason = 'consent_withdrawn', closed_note = ?,"
		" closed_at = ? WHERE id = ?");
	db_bind_text(&s, 1, note);
	db_bind_int64(&s, 2, ctx->now);
	db_bind_int64(&s, 3, plan_id);
	if (!ctx_run(ctx, &s, NULL))
		return ctx_abort(ctx);
	/* Sharing stops: every unit but the lead unit leaves the plan. */
	db_prepare(ctx->db, &s,
		"UPDATE plan_unit SET left_at = ? WHERE plan_id = ? AND unit_id <> ?"
		" AND left_at IS NULL");
	db_bind_int64(&s, 1, ctx->now);
	db_bind_int64(&s, 2, plan_id);
	db_bind_int64(&s, 3, h.lead_unit_id);
	if (!ctx_run(ctx, &s, NULL))
		return ctx_abort(ctx);
	/* ... and the person's record with it, for each unit that neither
	 * registered the person itself nor still takes part in another of
	 * their plans. */
	db_prepare(ctx->db, &s,
		"UPDATE person_unit SET ended_at = ?"
		" WHERE person_id = (SELECT person_id FROM plan WHERE id = ?)"
		" AND ended_at IS NULL AND registered = 0"
		" AND NOT EXISTS (SELECT 1 FROM plan_unit pu JOIN plan p"
		"  ON p.id = pu.plan_id WHERE p.person_id = person_unit.person_id"
		"  AND pu.unit_id = person_unit.unit_id AND pu.left_at IS NULL)");
	db_bind_int64(&s, 1, ctx->now);
	db_bind_int64(&s, 2, plan_id);
	if (!ctx_run(ctx, &s, NULL))
		return ctx_abort(ctx);
	/* need_assessed has no consent to withdraw; every other open state
	 * may close. */
	if (!plan_set_state(ctx, &h, PLAN_CLOSED, "consent_withdrawn",
	                    arena_printf(ctx->arena, "consent %lld",
	                                 (long long)consent_id)))
		return ctx_abort(ctx);
	return ctx_commit(ctx);
}
