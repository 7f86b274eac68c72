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
 * final and recorded as the individual made it (how, when, received by
 * whom); sharing under the consent stops at once, and the plan closes
 * unless other consents stay in force (plan.h says exactly when).
 */
#include <string.h>
#include <time.h>

#include "base/date.h"
#include "base/limits.h"
#include "sip/access.h"
#include "sip/citizen_consent.h"
#include "sip/notice.h"
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
	db_bind_id(&s, 10, ctx_user_id(ctx));
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
	    !insert_consent(ctx, plan_id, in, consent_id) ||
	    !plan_milestones_refresh(ctx, plan_id))
		return ctx_abort(ctx);
	const char *detail = arena_printf(ctx->arena, "consent %lld",
	                                  (long long)*consent_id);
	bool ok = h.state == PLAN_NEED_ASSESSED
	          ? plan_set_state(ctx, &h, PLAN_CONSENT, "consent", detail)
	          : plan_note_event(ctx, &h, "consent_added", detail);
	return ok ? ctx_commit(ctx) : ctx_abort(ctx);
}

/* ---- withdrawal (plan.h; docs/sip-process.md, "Withdrawal") ---- */

const char *const withdrawal_methods[] = {"in_person", "phone", "letter",
                                          "digital", NULL};

const char *withdrawal_method_label(const char *method, const char *lang)
{
	if (!method)
		return tr(lang, "Inte angivet");
	if (strcmp(method, "in_person") == 0)
		return tr(lang, "Vid ett personligt möte");
	if (strcmp(method, "phone") == 0)
		return tr(lang, "Per telefon");
	if (strcmp(method, "letter") == 0)
		return tr(lang, "Per brev");
	if (strcmp(method, "digital") == 0)
		return tr(lang, "Digitalt (t.ex. e-tjänst eller säkert "
		                "meddelande)");
	return method;
}

/* The consent, as stored, in force on an open plan: else CONFLICT. */
static bool withdrawable(struct ctx *ctx, const struct plan_head *h,
                         int64_t consent_id, struct consent *c)
{
	if (!consent_load(ctx, h->id, consent_id, c))
		return false;
	const char *why = NULL;
	if (c->withdrawn_at)
		why = T(ctx, "Samtycket är redan återkallat.");
	else if (!plan_state_open(h->state))
		why = T(ctx, "Planen är redan avslutad.");
	else if (!c->in_force)
		why = T(ctx, "Samtycket har redan gått ut och gäller inte längre.");
	if (!why)
		return true;
	problem_set(ctx->problem, ctx->arena, PROBLEM_CONFLICT, "%s", why);
	ctx->problem->current_state = plan_state_name(h->state);
	return false;
}

/* The other consents of the plan in force today, as ids. */
static bool others_in_force(struct ctx *ctx, int64_t plan_id,
                            int64_t consent_id, int64_t **ids, int *n)
{
	struct stmt s;
	db_prepare(ctx->db, &s,
		"SELECT id FROM consent WHERE plan_id = ? AND id <> ?"
		" AND withdrawn_at IS NULL AND valid_until >= ? ORDER BY id");
	db_bind_int64(&s, 1, plan_id);
	db_bind_int64(&s, 2, consent_id);
	db_bind_text(&s, 3, access_today(ctx));
	size_t count = 0, cap = 0;
	int rc;
	*ids = NULL;
	for (rc = db_step(&s); rc == DB_ROW; rc = db_step(&s)) {
		ARENA_PUSH(ctx->arena, *ids, count, cap);
		(*ids)[count++] = db_column_int64(&s, 0);
	}
	db_finalize(&s);
	*n = (int)count;
	return rc == DB_DONE ? true : ctx_db_failed(ctx, rc, "consents");
}

/* The units that leave the plan: all but the lead unit when it closes;
 * otherwise those that neither lead nor initiated it (access.c sees
 * those without a consent) and whose principal no remaining consent
 * covers. */
static bool units_leaving(struct ctx *ctx, const struct plan_head *h,
                          int64_t consent_id, struct withdrawal_effect *e)
{
	struct stmt s;
	db_prepare(ctx->db, &s,
		"SELECT DISTINCT pu.unit_id, un.name, pr.name, pr.kind /*0-3*/"
		" FROM plan_unit pu JOIN unit un ON un.id = pu.unit_id"
		" JOIN principal pr ON pr.id = un.principal_id"
		" WHERE pu.plan_id = ? AND pu.left_at IS NULL AND pu.unit_id <> ?"
		" AND (? = 1 OR (NOT EXISTS (SELECT 1 FROM plan_unit p2"
		"  WHERE p2.plan_id = pu.plan_id AND p2.unit_id = pu.unit_id"
		"  AND p2.left_at IS NULL AND p2.via IN ('initiating', 'coordinator'))"
		" AND NOT EXISTS (SELECT 1 FROM consent c JOIN consent_recipient cr"
		"  ON cr.consent_id = c.id WHERE c.plan_id = pu.plan_id"
		"  AND c.id <> ? AND c.withdrawn_at IS NULL AND c.valid_until >= ?"
		"  AND cr.principal_id = un.principal_id)))"
		" ORDER BY un.name, pu.unit_id");
	db_bind_int64(&s, 1, h->id);
	db_bind_int64(&s, 2, h->lead_unit_id);
	db_bind_int64(&s, 3, e->closes_plan ? 1 : 0);
	db_bind_int64(&s, 4, consent_id);
	db_bind_text(&s, 5, access_today(ctx));
	size_t n = 0, cap = 0;
	int rc;
	e->units_leaving = NULL;
	for (rc = db_step(&s); rc == DB_ROW; rc = db_step(&s)) {
		ARENA_PUSH(ctx->arena, e->units_leaving, n, cap);
		struct plan_unit_ref *u = &e->units_leaving[n++];
		memset(u, 0, sizeof *u);
		u->unit_id = db_column_int64(&s, 0);
		u->unit_name = arena_strdup(ctx->arena, db_column_text(&s, 1));
		u->principal_name = arena_strdup(ctx->arena, db_column_text(&s, 2));
		principal_kind_parse(db_column_text(&s, 3), &u->principal_kind);
	}
	db_finalize(&s);
	e->nunits_leaving = (int)n;
	return rc == DB_DONE ? true : ctx_db_failed(ctx, rc, "plan units");
}

/* The one answer to "what would this withdrawal do", for the page and
 * for the withdrawal itself (inside its transaction). */
static bool effect_of(struct ctx *ctx, const struct plan_head *h,
                      const struct consent *c, struct withdrawal_effect *e)
{
	memset(e, 0, sizeof *e);
	int64_t *others;
	int nothers;
	if (!others_in_force(ctx, h->id, c->id, &others, &nothers))
		return false;
	if (strcmp(c->given_by, "guardians") == 0) {
		e->outcome = WITHDRAWAL_CLOSES_GUARDIANS;
		e->also_withdrawn = others;
		e->nalso_withdrawn = nothers;
	} else if (nothers == 0) {
		e->outcome = WITHDRAWAL_CLOSES_LAST;
	} else {
		e->outcome = WITHDRAWAL_CONTINUES;
	}
	e->closes_plan = e->outcome != WITHDRAWAL_CONTINUES;
	return units_leaving(ctx, h, c->id, e);
}

bool consent_withdrawal_preview(struct ctx *ctx, int64_t plan_id,
                                int64_t consent_id, struct consent *c,
                                struct withdrawal_effect *effect)
{
	struct plan_head h;
	return plan_head_load(ctx, plan_id, &h) &&
	       withdrawable(ctx, &h, consent_id, c) &&
	       effect_of(ctx, &h, c, effect);
}

/* Local date and time (the process runs in Swedish time, see date.h)
 * as Unix seconds. */
static int64_t local_time(struct date d, int minutes)
{
	struct tm tm = {0};
	tm.tm_year = d.year - 1900;
	tm.tm_mon = d.month - 1;
	tm.tm_mday = d.day;
	tm.tm_hour = minutes / 60;
	tm.tm_min = minutes % 60;
	tm.tm_isdst = -1;
	return (int64_t)mktime(&tm);
}

/* "YYYY-MM-DD HH:MM", local, in the arena. */
static const char *date_time_text(struct arena *a, int64_t t)
{
	time_t tt = (time_t)t;
	struct tm tm;
	localtime_r(&tt, &tm);
	return arena_printf(a, "%04d-%02d-%02d %02d:%02d", tm.tm_year + 1900,
	                    tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min);
}

/* What the plan is now, and whether the caller still sees it, read in
 * the withdrawal's transaction. */
static bool read_back(struct ctx *ctx, int64_t plan_id, int64_t consent_id,
                      struct withdrawal_result *out)
{
	struct stmt s;
	db_prepare(ctx->db, &s,
		"SELECT state, closed_reason FROM plan WHERE id = ?");
	db_bind_int64(&s, 1, plan_id);
	int rc = db_step(&s);
	if (rc == DB_ROW) {
		plan_state_parse(db_column_text(&s, 0), &out->state);
		out->closed_reason = db_column_is_null(&s, 1)
		                     ? NULL
		                     : arena_strdup(ctx->arena,
		                                    db_column_text(&s, 1));
	}
	db_finalize(&s);
	if (rc != DB_ROW)
		return ctx_db_failed(ctx, rc, "plan");
	if (ctx->actor == ACTOR_CITIZEN) {
		/* The individual still reads their own plan, closed or not. */
		out->caller_sees_plan = true;
		return consent_load(ctx, plan_id, consent_id, &out->consent);
	}
	struct problem *was = ctx->problem, scratch = {0};
	int64_t unit;
	ctx->problem = &scratch;
	out->caller_sees_plan = access_plan(ctx, plan_id, &unit);
	ctx->problem = was;
	if (!out->caller_sees_plan && scratch.kind != PROBLEM_NOT_FOUND) {
		*ctx->problem = scratch;
		return false;
	}
	return consent_load(ctx, plan_id, consent_id, &out->consent);
}

/* Every field, each with its own error; *stated_at gets the time. */
static bool check_withdrawal(struct ctx *ctx, const struct consent *c,
                             const struct withdrawal_input *in,
                             int64_t *stated_at)
{
	bool ok = true;
	if (!in->method)
		ok = problem_field(ctx->problem, ctx->arena, "method", "%s",
		                   T(ctx, "Ange hur den enskilde återkallade "
		                          "samtycket: vid ett möte, per telefon, "
		                          "per brev eller digitalt."));
	else if (!one_of(in->method, withdrawal_methods))
		ok = problem_field(ctx->problem, ctx->arena, "method", "%s",
		                   T(ctx, "Välj ett av sätten: vid ett möte, per "
		                          "telefon, per brev eller digitalt."));
	struct date d = {0};
	int minutes = 0;
	bool have_date = false, have_time = false;
	if (!in->stated_date)
		ok = problem_field(ctx->problem, ctx->arena, "stated_date", "%s",
		                   T(ctx, "Ange vilken dag den enskilde återkallade "
		                          "samtycket."));
	else if (!date_parse(in->stated_date, &d))
		ok = problem_field(ctx->problem, ctx->arena, "stated_date", "%s",
		                   T(ctx, "Ange ett giltigt datum som ÅÅÅÅ-MM-DD."));
	else
		have_date = true;
	if (!in->stated_time)
		ok = problem_field(ctx->problem, ctx->arena, "stated_time", "%s",
		                   T(ctx, "Ange ungefär vilken tid den enskilde "
		                          "återkallade samtycket."));
	else if (!time_parse_hhmm(in->stated_time, &minutes))
		ok = problem_field(ctx->problem, ctx->arena, "stated_time", "%s",
		                   T(ctx, "Ange tiden som TT:MM, t.ex. 14:30."));
	else
		have_time = true;
	if (have_date && have_time) {
		*stated_at = local_time(d, minutes);
		/* The minute it was said ends before the consent was
		 * recorded: it cannot be a withdrawal of this consent. */
		if (*stated_at > ctx->now)
			ok = problem_field(ctx->problem, ctx->arena, "stated_date",
			                   "%s", T(ctx, "Tidpunkten ligger i framtiden. "
			                                "Ange när den enskilde sa det."));
		else if (*stated_at + 59 < c->recorded_at)
			ok = problem_field(ctx->problem, ctx->arena, "stated_date",
			                   T(ctx, "Tidpunkten ligger före samtycket, "
			                          "som dokumenterades %s."),
			                   date_time_text(ctx->arena, c->recorded_at));
	}
	if (!in->received_by)
		ok = problem_field(ctx->problem, ctx->arena, "received_by", "%s",
		                   T(ctx, "Ange vem som tog emot återkallelsen."));
	else
		ok &= check_optional(ctx, "received_by", in->received_by,
		                     LIMIT_NAME);
	ok &= check_optional(ctx, "note", in->note, WITHDRAWAL_NOTE_MAX);
	return ok;
}

static bool mark_withdrawn(struct ctx *ctx, int64_t consent_id,
                           const struct withdrawal_input *in,
                           int64_t stated_at)
{
	struct stmt s;
	db_prepare(ctx->db, &s,
		"UPDATE consent SET withdrawn_at = ?, withdrawn_by = ?,"
		" withdrawal_method = ?, withdrawal_stated_at = ?,"
		" withdrawal_received_by = ?, withdrawal_note = ?"
		" WHERE id = ? AND withdrawn_at IS NULL");
	db_bind_int64(&s, 1, ctx->now);
	db_bind_id(&s, 2, ctx_user_id(ctx));
	db_bind_text(&s, 3, in->method);
	db_bind_int64(&s, 4, stated_at);
	db_bind_text(&s, 5, in->received_by);
	db_bind_text(&s, 6, in->note);
	db_bind_int64(&s, 7, consent_id);
	int64_t changed;
	if (!ctx_run(ctx, &s, &changed))
		return false;
	if (!changed) /* withdrawn by someone else meanwhile */
		return problem_set(ctx->problem, ctx->arena, PROBLEM_CONFLICT, "%s",
		                   T(ctx, "Samtycket är redan återkallat."));
	return true;
}

static bool units_leave(struct ctx *ctx, const struct plan_head *h,
                        const struct withdrawal_effect *e)
{
	struct stmt s;
	for (int i = 0; i < e->nunits_leaving; i++) {
		db_prepare(ctx->db, &s,
			"UPDATE plan_unit SET left_at = ? WHERE plan_id = ?"
			" AND unit_id = ? AND left_at IS NULL");
		db_bind_int64(&s, 1, ctx->now);
		db_bind_int64(&s, 2, h->id);
		db_bind_int64(&s, 3, e->units_leaving[i].unit_id);
		if (!ctx_run(ctx, &s, NULL))
			return false;
	}
	/* ... and the person's record with them, for each unit that neither
	 * registered the person itself nor still takes part in another of
	 * their plans. */
	db_prepare(ctx->db, &s,
		"UPDATE person_unit SET ended_at = ?"
		" WHERE person_id = ?"
		" AND ended_at IS NULL AND registered = 0"
		" AND NOT EXISTS (SELECT 1 FROM plan_unit pu JOIN plan p"
		"  ON p.id = pu.plan_id WHERE p.person_id = person_unit.person_id"
		"  AND pu.unit_id = person_unit.unit_id AND pu.left_at IS NULL)");
	db_bind_int64(&s, 1, ctx->now);
	db_bind_int64(&s, 2, h->person_id);
	return ctx_run(ctx, &s, NULL);
}

/* The withdrawal itself, for either door: by_citizen when the
 * individual (or a guardian) withdraws from /citizen and has passed
 * citizen_consent_access — then the head is read without the staff
 * check, the parties get a notice and the audit names the citizen. */
static bool withdraw(struct ctx *ctx, int64_t plan_id, int64_t consent_id,
                     const struct withdrawal_input *in,
                     struct withdrawal_result *out, bool by_citizen)
{
	struct plan_head h;
	struct consent c;
	struct withdrawal_effect e;
	int64_t stated_at = 0;
	bool (*head)(struct ctx *, int64_t, struct plan_head *) =
		by_citizen ? plan_head_read : plan_head_load;
	if (!ctx_begin(ctx))
		return false;
	/* Anyone taking part may record it: the individual may tell any of
	 * them, and it must take effect at once. Two withdrawals on one plan
	 * at once must not each find the other's consent still in force
	 * (and leave an open plan with none): the plan's row is written
	 * first, which locks it on PostgreSQL (SQLite's BEGIN IMMEDIATE
	 * serialises anyway), and the head is read again under the lock. */
	if (!head(ctx, plan_id, &h) || !plan_touch(ctx, plan_id) ||
	    !head(ctx, plan_id, &h) ||
	    !withdrawable(ctx, &h, consent_id, &c) ||
	    !check_withdrawal(ctx, &c, in, &stated_at) ||
	    !effect_of(ctx, &h, &c, &e) ||
	    !mark_withdrawn(ctx, consent_id, in, stated_at))
		return ctx_abort(ctx);
	for (int i = 0; i < e.nalso_withdrawn; i++)
		if (!mark_withdrawn(ctx, e.also_withdrawn[i], in, stated_at))
			return ctx_abort(ctx);
	/* The history says it in words (the page shows it) — to staff, so
	 * in Swedish when the citizen withdrew in another language. */
	const char *lang = by_citizen ? "sv" : ctx->lang;
	const char *detail = arena_printf(
		ctx->arena, tr(lang, "Samtycke %lld: %s, %s, mottaget av %s."),
		(long long)consent_id, withdrawal_method_label(in->method, lang),
		date_time_text(ctx->arena, stated_at), in->received_by);
	for (int i = 0; i < e.nalso_withdrawn; i++)
		detail = arena_printf(ctx->arena, tr(lang, "%s Samtycke %lld upphör "
		                                         "med det."),
		                      detail, (long long)e.also_withdrawn[i]);
	if (!e.closes_plan)
		detail = arena_printf(ctx->arena, tr(lang, "%s Planen fortsätter "
		                                         "under de samtycken som "
		                                         "gäller."), detail);
	if (!units_leave(ctx, &h, &e))
		return ctx_abort(ctx);
	if (e.closes_plan) {
		struct stmt s;
		db_prepare(ctx->db, &s,
			"UPDATE plan SET closed_reason = 'consent_withdrawn',"
			" closed_note = ?, closed_at = ? WHERE id = ?");
		db_bind_text(&s, 1, in->note);
		db_bind_int64(&s, 2, ctx->now);
		db_bind_int64(&s, 3, plan_id);
		/* need_assessed has no consent to withdraw; every other open
		 * state may close. */
		if (!ctx_run(ctx, &s, NULL) ||
		    !plan_set_state(ctx, &h, PLAN_CLOSED, "consent_withdrawn",
		                    detail))
			return ctx_abort(ctx);
	} else if (!plan_note_event(ctx, &h, "consent_withdrawn", detail)) {
		return ctx_abort(ctx);
	}
	if (by_citizen) {
		/* For the parties, in samplan's own words (Swedish). */
		const char *what = arena_printf(
			ctx->arena, "Samtycke %lld återkallades av den enskilde i "
			            "samplan. %s", (long long)consent_id,
			e.closes_plan ? "Planen är avslutad."
			              : "Planen fortsätter under de samtycken som "
			                "gäller.");
		if (!audit_write(ctx, "citizen.consent.withdraw", h.person_id,
		                 plan_id, arena_printf(ctx->arena, "consent %lld",
		                                       (long long)consent_id)) ||
		    !plan_notice_add(ctx, plan_id, NOTICE_CONSENT_WITHDRAWN, what))
			return ctx_abort(ctx);
	}
	if (out) {
		memset(out, 0, sizeof *out);
		out->effect = e;
		if (!read_back(ctx, plan_id, consent_id, out))
			return ctx_abort(ctx);
	}
	return ctx_commit(ctx);
}

bool consent_withdraw(struct ctx *ctx, int64_t plan_id, int64_t consent_id,
                      const struct withdrawal_input *in,
                      struct withdrawal_result *out)
{
	return withdraw(ctx, plan_id, consent_id, in, out, false);
}

/* ---- the individual's own withdrawal, from /citizen ---- */

bool consent_withdrawal_preview_by_citizen(struct ctx *ctx, int64_t plan_id,
                                           int64_t consent_id,
                                           struct consent *c,
                                           struct withdrawal_effect *effect)
{
	struct citizen_access a;
	struct plan_head h;
	return citizen_consent_access(ctx, plan_id, true, &a) &&
	       plan_head_read(ctx, plan_id, &h) &&
	       withdrawable(ctx, &h, consent_id, c) &&
	       effect_of(ctx, &h, c, effect);
}

bool consent_withdraw_by_citizen(struct ctx *ctx, int64_t plan_id,
                                 int64_t consent_id,
                                 struct withdrawal_result *out)
{
	struct citizen_access a;
	if (!citizen_consent_access(ctx, plan_id, true, &a))
		return false;
	/* Stated now, in the individual's own hand: digital, received by
	 * samplan itself (docs/citizen.md). */
	time_t now = (time_t)ctx->now;
	struct tm tm;
	localtime_r(&now, &tm);
	struct withdrawal_input in = {
		.method = "digital",
		.stated_date = arena_printf(ctx->arena, "%04d-%02d-%02d",
		                            tm.tm_year + 1900, tm.tm_mon + 1,
		                            tm.tm_mday),
		.stated_time = arena_printf(ctx->arena, "%02d:%02d", tm.tm_hour,
		                            tm.tm_min),
		.received_by = "samplan",
		.note = a.relation == CITIZEN_GUARDIAN
		        ? tr("sv", "Återkallat av en vårdnadshavare i samplan.")
		        : tr("sv", "Återkallat av den enskilde i samplan."),
	};
	return withdraw(ctx, plan_id, consent_id, &in, out, true);
}
