/*
 * follow_up.c — step 6: starting, recording and concluding a follow-up;
 * approving a proposed version; recording to whom a version was handed;
 * and reading all of it for plan_get (the model is in follow_up.h).
 */
#include "sip/follow_up.h"

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

const char *const follow_up_reasons[] = {"planned", "changed_situation", NULL};
const char *const goal_results[] = {"met", "partly_met", "not_met",
                                    "no_longer_relevant", NULL};
const char *const intervention_results[] = {"done", "partly", "not_done",
                                            NULL};
const char *const follow_up_outcomes[] = {"revise", "new_plan", "close", NULL};
const char *const approval_givers[] = {"individual", "guardian",
                                       "representative", NULL};
const char *const approval_methods[] = {"in_person", "phone", "letter",
                                        "digital", NULL};
const char *const handover_recipients[] = {"individual", "relative",
                                           "participant", NULL};
const char *const handover_methods[] = {"paper", "digital", NULL};

static const struct {
	const char *name, *label;
} labels[] = {
	{"planned", N_("Planerad uppföljning")},
	{"changed_situation", N_("Tidigare: situationen har förändrats väsentligt")},
	{"met", N_("Uppnått")},
	{"partly_met", N_("Delvis uppnått")},
	{"not_met", N_("Inte uppnått")},
	{"no_longer_relevant", N_("Inte längre aktuellt")},
	{"done", N_("Genomförd som planerat")},
	{"partly", N_("Delvis genomförd")},
	{"not_done", N_("Inte genomförd")},
	{"revise", N_("Fortsätt med en reviderad plan")},
	{"new_plan", N_("Gör en ny plan")},
	{"close", N_("Avsluta planen")},
	{"individual", N_("Den enskilde")},
	{"guardian", N_("Vårdnadshavare")},
	{"representative", N_("Företrädare")},
	{"in_person", N_("Vid möte")},
	{"phone", N_("Per telefon")},
	{"letter", N_("Per brev")},
	{"digital", N_("Digitalt")},
	{"relative", N_("Närstående")},
	{"participant", N_("Deltagare utan tillgång till samplan")},
	{"paper", N_("På papper")},
	{"yes", N_("Ja")},
	{"no", N_("Nej")},
};

const char *follow_up_label(const char *name, const char *lang)
{
	for (size_t i = 0; name && i < sizeof labels / sizeof *labels; i++)
		if (strcmp(name, labels[i].name) == 0)
			return tr(lang, labels[i].label);
	return name ? name : "";
}

/* ---- shared ---- */

static const char *row_field(struct ctx *ctx, const char *list, int i,
                             const char *name)
{
	return arena_printf(ctx->arena, "%s[%d].%s", list, i, name);
}

static bool caller_leads(const struct ctx *ctx, const struct plan_head *h)
{
	return ctx_is_console(ctx) || user_in_unit(ctx_staff(ctx), h->lead_unit_id);
}

/* A date given in a field: required, real, and not after today (when it
 * happened) or after today (when it is to happen). */
static bool check_day(struct ctx *ctx, const char *field, const char *v,
                      bool future, const char *missing)
{
	struct date d;
	if (!v)
		return problem_field(ctx->problem, ctx->arena, field, "%s", missing);
	if (!date_parse(v, &d))
		return problem_field(ctx->problem, ctx->arena, field, "%s",
		                     T(ctx, "Ange ett giltigt datum som "
		                            "ÅÅÅÅ-MM-DD."));
	int c = date_cmp(d, date_of_time(ctx->now));
	if (future && c <= 0)
		return problem_field(ctx->problem, ctx->arena, field, "%s",
		                     T(ctx, "Nästa uppföljning ska ligga efter "
		                            "dagens datum."));
	if (!future && c > 0)
		return problem_field(ctx->problem, ctx->arena, field, "%s",
		                     T(ctx, "Datumet kan inte ligga i framtiden."));
	return true;
}

/* The open follow-up of the plan: *id 0 when there is none. */
static bool open_follow_up(struct ctx *ctx, int64_t plan_id, int64_t *id,
                           int64_t *version_id)
{
	struct stmt s;
	db_prepare(ctx->db, &s,
		"SELECT id, version_id /*0-1*/ FROM follow_up"
		" WHERE plan_id = ? AND outcome IS NULL ORDER BY id DESC LIMIT 1");
	db_bind_int64(&s, 1, plan_id);
	int rc = db_step(&s);
	*id = *version_id = 0;
	if (rc == DB_ROW) {
		*id = db_column_int64(&s, 0);
		*version_id = db_column_int64(&s, 1);
	}
	db_finalize(&s);
	return rc == DB_ROW || rc == DB_DONE ? true
	                                     : ctx_db_failed(ctx, rc, "follow-up");
}

static bool require_open(struct ctx *ctx, int64_t plan_id, int64_t *id,
                         int64_t *version_id)
{
	if (!open_follow_up(ctx, plan_id, id, version_id))
		return false;
	if (*id)
		return true;
	return problem_set(ctx->problem, ctx->arena, PROBLEM_CONFLICT, "%s",
	                   T(ctx, "Det finns ingen pågående uppföljning: den "
	                          "är redan avslutad eller startades innan "
	                          "samplan kunde registrera resultat."));
}

/* ---- starting ---- */

bool follow_up_start(struct ctx *ctx, int64_t plan_id,
                     const struct follow_up_start_input *in,
                     int64_t *follow_up_id)
{
	struct plan_head h;
	if (!ctx_begin(ctx))
		return false;
	if (!plan_head_load(ctx, plan_id, &h) ||
	    !access_plan_lead(ctx, h.lead_unit_id, h.lead_unit_name) ||
	    !plan_require_state(ctx, &h, STATE_BIT(PLAN_ACTIVE)))
		return ctx_abort(ctx);
	if (!one_of(in->reason, follow_up_reasons))
		problem_field(ctx->problem, ctx->arena, "reason", "%s",
		              T(ctx, "Ange varför planen följs upp nu: på det "
		                     "planerade datumet, eller tidigare för att "
		                     "situationen har förändrats väsentligt."));
	check_optional(ctx, "note", in->note, LIMIT_TEXT);
	if (problem_any(ctx->problem))
		return ctx_abort(ctx);
	struct stmt s;
	int64_t id;
	db_prepare(ctx->db, &s,
		"INSERT INTO follow_up (plan_id, version_id, reason, note,"
		" started_at, started_by, due_date) VALUES (?, ?, ?, ?, ?, ?,"
		" (SELECT follow_up_date FROM plan_version WHERE id = ?))"
		" RETURNING id");
	db_bind_int64(&s, 1, plan_id);
	db_bind_int64(&s, 2, h.current_version_id);
	db_bind_text(&s, 3, in->reason);
	db_bind_text(&s, 4, in->note);
	db_bind_int64(&s, 5, ctx->now);
	db_bind_id(&s, 6, ctx_user_id(ctx));
	db_bind_int64(&s, 7, h.current_version_id);
	if (!ctx_insert(ctx, &s, &id) ||
	    !plan_set_state(ctx, &h, PLAN_FOLLOW_UP, "follow_up",
	                    in->note ? arena_printf(ctx->arena, "%s: %s",
	                                            in->reason, in->note)
	                             : in->reason))
		return ctx_abort(ctx);
	if (follow_up_id)
		*follow_up_id = id;
	return ctx_commit(ctx);
}

/* ---- recording ---- */

/* May the caller write the part of principal_id? The lead unit (and the
 * console) may write every part; others only their own principal's. */
static bool own_principal(const struct ctx *ctx, bool lead, int64_t principal_id)
{
	if (lead)
		return true;
	const struct user *me = ctx_staff(ctx);
	for (int i = 0; me && i < me->nunits; i++)
		if (me->units[i].principal_id == principal_id)
			return true;
	return false;
}

static bool not_your_part(struct ctx *ctx, const char *what)
{
	return problem_set(ctx->problem, ctx->arena, PROBLEM_FORBIDDEN,
	                   T(ctx, "Varje huvudman redovisar sin egen del: %s "
	                          "redovisas av den huvudman som ansvarar för "
	                          "det, eller av samordnaren på mötet."),
	                   what);
}

/* The goal belongs to the version followed up. */
static bool goal_of(struct ctx *ctx, int64_t version_id, int64_t goal_id,
                    bool *found)
{
	struct stmt s;
	db_prepare(ctx->db, &s,
		"SELECT 1 FROM plan_goal WHERE id = ? AND version_id = ?");
	db_bind_int64(&s, 1, goal_id);
	db_bind_int64(&s, 2, version_id);
	int rc = db_step(&s);
	db_finalize(&s);
	*found = rc == DB_ROW;
	return rc == DB_ROW || rc == DB_DONE ? true
	                                     : ctx_db_failed(ctx, rc, "goal");
}

/* The intervention belongs to the version; *principal_id gets its
 * responsible unit's principal (0: the individual, a relative or an
 * actor outside samplan). */
static bool intervention_of(struct ctx *ctx, int64_t version_id,
                            int64_t intervention_id, bool *found,
                            int64_t *principal_id)
{
	struct stmt s;
	db_prepare(ctx->db, &s,
		"SELECT u.principal_id /*0*/ FROM plan_intervention i"
		" LEFT JOIN unit u ON u.id = i.responsible_unit_id"
		" WHERE i.id = ? AND i.version_id = ?");
	db_bind_int64(&s, 1, intervention_id);
	db_bind_int64(&s, 2, version_id);
	int rc = db_step(&s);
	*found = rc == DB_ROW;
	*principal_id = rc == DB_ROW ? db_column_int64(&s, 0) : 0;
	db_finalize(&s);
	return rc == DB_ROW || rc == DB_DONE ? true
	                                     : ctx_db_failed(ctx, rc,
	                                                     "intervention");
}

/* The principal takes part in the plan: named at the need assessment or
 * the principal of a unit taking part. */
static bool principal_of_plan(struct ctx *ctx, int64_t plan_id,
                              int64_t principal_id, bool *found)
{
	struct stmt s;
	db_prepare(ctx->db, &s,
		"SELECT 1 FROM plan_principal WHERE plan_id = ? AND principal_id = ?"
		" UNION SELECT 1 FROM plan_unit pu JOIN unit u ON u.id = pu.unit_id"
		" WHERE pu.plan_id = ? AND u.principal_id = ? AND pu.left_at IS NULL");
	db_bind_int64(&s, 1, plan_id);
	db_bind_int64(&s, 2, principal_id);
	db_bind_int64(&s, 3, plan_id);
	db_bind_int64(&s, 4, principal_id);
	int rc = db_step(&s);
	db_finalize(&s);
	*found = rc == DB_ROW;
	return rc == DB_ROW || rc == DB_DONE ? true
	                                     : ctx_db_failed(ctx, rc, "principal");
}

static bool check_goal_rows(struct ctx *ctx, int64_t version_id,
                            const struct follow_up_record_input *in)
{
	for (int i = 0; i < in->ngoals; i++) {
		const struct goal_result_input *g = &in->goals[i];
		bool found = false;
		if (g->goal_id && !goal_of(ctx, version_id, g->goal_id, &found))
			return false;
		if (!found)
			problem_field(ctx->problem, ctx->arena,
			              row_field(ctx, "goal_results", i, "goal_id"), "%s",
			              T(ctx, "Målet finns inte i den version av planen "
			                     "som följs upp."));
		if (!one_of(g->result, goal_results))
			problem_field(ctx->problem, ctx->arena,
			              row_field(ctx, "goal_results", i, "result"), "%s",
			              T(ctx, "Ange om målet är uppnått, delvis uppnått, "
			                     "inte uppnått eller inte längre aktuellt."));
		check_optional(ctx, row_field(ctx, "goal_results", i, "comment"),
		               g->comment, LIMIT_TEXT);
	}
	return true;
}

static bool check_intervention_rows(struct ctx *ctx, int64_t version_id,
                                    const struct follow_up_record_input *in,
                                    int64_t *principals)
{
	for (int i = 0; i < in->ninterventions; i++) {
		const struct intervention_result_input *x = &in->interventions[i];
		bool found = false;
		principals[i] = 0;
		if (x->intervention_id &&
		    !intervention_of(ctx, version_id, x->intervention_id, &found,
		                     &principals[i]))
			return false;
		if (!found)
			problem_field(ctx->problem, ctx->arena,
			              row_field(ctx, "intervention_results", i,
			                        "intervention_id"), "%s",
			              T(ctx, "Insatsen finns inte i den version av "
			                     "planen som följs upp."));
		if (!one_of(x->result, intervention_results))
			problem_field(ctx->problem, ctx->arena,
			              row_field(ctx, "intervention_results", i, "result"),
			              "%s", T(ctx, "Ange om insatsen är genomförd som "
			                           "planerat, delvis eller inte "
			                           "genomförd."));
		else if (strcmp(x->result, "not_done") == 0 && !x->why)
			problem_field(ctx->problem, ctx->arena,
			              row_field(ctx, "intervention_results", i, "why"),
			              "%s", T(ctx, "Beskriv varför insatsen inte blev "
			                           "genomförd."));
		check_optional(ctx, row_field(ctx, "intervention_results", i, "why"),
		               x->why, LIMIT_TEXT);
		check_optional(ctx,
		               row_field(ctx, "intervention_results", i, "effect"),
		               x->effect, LIMIT_TEXT);
	}
	return true;
}

static bool check_report_rows(struct ctx *ctx, int64_t plan_id,
                              const struct follow_up_record_input *in)
{
	for (int i = 0; i < in->nreports; i++) {
		const struct report_input *x = &in->reports[i];
		bool found = false;
		if (x->principal_id &&
		    !principal_of_plan(ctx, plan_id, x->principal_id, &found))
			return false;
		if (!found)
			problem_field(ctx->problem, ctx->arena,
			              row_field(ctx, "reports", i, "principal_id"), "%s",
			              T(ctx, "Välj en huvudman som deltar i planen."));
		if (!x->text)
			problem_field(ctx->problem, ctx->arena,
			              row_field(ctx, "reports", i, "text"), "%s",
			              T(ctx, "Skriv huvudmannens redovisning av sin "
			                     "del."));
		else
			check_optional(ctx, row_field(ctx, "reports", i, "text"),
			               x->text, LIMIT_TEXT);
	}
	return true;
}

static bool check_record(struct ctx *ctx, int64_t plan_id, int64_t version_id,
                         const struct follow_up_record_input *in,
                         int64_t *principals)
{
	if (in->ngoals > FOLLOW_UP_MAX_ROWS || in->ninterventions >
	    FOLLOW_UP_MAX_ROWS || in->nreports > FOLLOW_UP_MAX_ROWS)
		return problem_set(ctx->problem, ctx->arena, PROBLEM_INVALID, "%s",
		                   T(ctx, "För många rader i uppföljningen."));
	if (!check_goal_rows(ctx, version_id, in) ||
	    !check_intervention_rows(ctx, version_id, in, principals) ||
	    !check_report_rows(ctx, plan_id, in))
		return false;
	check_optional(ctx, "wellbeing", in->wellbeing, LIMIT_TEXT);
	check_optional(ctx, "new_information", in->new_information, LIMIT_TEXT);
	if (in->coordination_needed &&
	    strcmp(in->coordination_needed, "yes") != 0 &&
	    strcmp(in->coordination_needed, "no") != 0)
		problem_field(ctx->problem, ctx->arena, "coordination_needed", "%s",
		              T(ctx, "Svara ja eller nej: behövs fortsatt "
		                     "samordning med hjälp av SIP?"));
	return !problem_any(ctx->problem);
}

/* Only the lead unit writes the goals and the meeting's own questions;
 * others their own principal's interventions and report. */
static bool check_authority(struct ctx *ctx, bool lead,
                            const struct follow_up_record_input *in,
                            const int64_t *principals)
{
	if (!lead && in->ngoals)
		return not_your_part(ctx, T(ctx, "målens resultat"));
	if (!lead && (in->wellbeing || in->new_information ||
	              in->coordination_needed))
		return not_your_part(ctx, T(ctx, "mötets gemensamma frågor"));
	for (int i = 0; i < in->ninterventions; i++)
		if (!principals[i] ? !lead : !own_principal(ctx, lead, principals[i]))
			return not_your_part(ctx, arena_printf(ctx->arena,
			                     T(ctx, "insats %d i listan"), i + 1));
	for (int i = 0; i < in->nreports; i++)
		if (!own_principal(ctx, lead, in->reports[i].principal_id))
			return not_your_part(ctx, arena_printf(ctx->arena,
			                     T(ctx, "redovisning %d i listan"), i + 1));
	return true;
}

static bool write_record(struct ctx *ctx, const struct plan_head *h,
                         int64_t follow_up_id,
                         const struct follow_up_record_input *in)
{
	struct stmt s;
	for (int i = 0; i < in->ngoals; i++) {
		const struct goal_result_input *g = &in->goals[i];
		db_prepare(ctx->db, &s,
			"INSERT INTO follow_up_goal_result (follow_up_id, goal_id, result,"
			" comment, recorded_at, recorded_by) VALUES (?, ?, ?, ?, ?, ?)"
			" ON CONFLICT (follow_up_id, goal_id) DO UPDATE SET"
			" result = excluded.result, comment = excluded.comment,"
			" recorded_at = excluded.recorded_at,"
			" recorded_by = excluded.recorded_by");
		db_bind_int64(&s, 1, follow_up_id);
		db_bind_int64(&s, 2, g->goal_id);
		db_bind_text(&s, 3, g->result);
		db_bind_text(&s, 4, g->comment);
		db_bind_int64(&s, 5, ctx->now);
		db_bind_id(&s, 6, ctx_user_id(ctx));
		if (!ctx_run(ctx, &s, NULL))
			return false;
	}
	for (int i = 0; i < in->ninterventions; i++) {
		const struct intervention_result_input *x = &in->interventions[i];
		db_prepare(ctx->db, &s,
			"INSERT INTO follow_up_intervention_result (follow_up_id,"
			" intervention_id, result, why, effect, recorded_at, recorded_by,"
			" unit_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"
			" ON CONFLICT (follow_up_id, intervention_id) DO UPDATE SET"
			" result = excluded.result, why = excluded.why,"
			" effect = excluded.effect, recorded_at = excluded.recorded_at,"
			" recorded_by = excluded.recorded_by, unit_id = excluded.unit_id");
		db_bind_int64(&s, 1, follow_up_id);
		db_bind_int64(&s, 2, x->intervention_id);
		db_bind_text(&s, 3, x->result);
		db_bind_text(&s, 4, x->why);
		db_bind_text(&s, 5, x->effect);
		db_bind_int64(&s, 6, ctx->now);
		db_bind_id(&s, 7, ctx_user_id(ctx));
		db_bind_id(&s, 8, h->my_unit);
		if (!ctx_run(ctx, &s, NULL))
			return false;
	}
	for (int i = 0; i < in->nreports; i++) {
		const struct report_input *x = &in->reports[i];
		db_prepare(ctx->db, &s,
			"INSERT INTO follow_up_report (follow_up_id, principal_id, text,"
			" recorded_at, recorded_by, unit_id) VALUES (?, ?, ?, ?, ?, ?)"
			" ON CONFLICT (follow_up_id, principal_id) DO UPDATE SET"
			" text = excluded.text, recorded_at = excluded.recorded_at,"
			" recorded_by = excluded.recorded_by, unit_id = excluded.unit_id");
		db_bind_int64(&s, 1, follow_up_id);
		db_bind_int64(&s, 2, x->principal_id);
		db_bind_text(&s, 3, x->text);
		db_bind_int64(&s, 4, ctx->now);
		db_bind_id(&s, 5, ctx_user_id(ctx));
		db_bind_id(&s, 6, h->my_unit);
		if (!ctx_run(ctx, &s, NULL))
			return false;
	}
	db_prepare(ctx->db, &s,
		"UPDATE follow_up SET wellbeing = COALESCE(?, wellbeing),"
		" new_information = COALESCE(?, new_information),"
		" coordination_needed = COALESCE(?, coordination_needed),"
		" updated_at = ?, updated_by = ? WHERE id = ?");
	db_bind_text(&s, 1, in->wellbeing);
	db_bind_text(&s, 2, in->new_information);
	db_bind_text(&s, 3, in->coordination_needed);
	db_bind_int64(&s, 4, ctx->now);
	db_bind_id(&s, 5, ctx_user_id(ctx));
	db_bind_int64(&s, 6, follow_up_id);
	return ctx_run(ctx, &s, NULL);
}

bool follow_up_record(struct ctx *ctx, int64_t plan_id,
                      const struct follow_up_record_input *in)
{
	struct plan_head h;
	int64_t fu, version;
	if (!ctx_begin(ctx))
		return false;
	if (!plan_head_load(ctx, plan_id, &h) ||
	    !plan_require_state(ctx, &h, STATE_BIT(PLAN_FOLLOW_UP)) ||
	    !require_open(ctx, plan_id, &fu, &version))
		return ctx_abort(ctx);
	int64_t *principals = arena_array(ctx->arena, int64_t,
	                                  (size_t)in->ninterventions + 1);
	bool lead = caller_leads(ctx, &h);
	if (!check_record(ctx, plan_id, version, in, principals) ||
	    !check_authority(ctx, lead, in, principals) ||
	    !write_record(ctx, &h, fu, in) ||
	    !plan_note_event(ctx, &h, "follow_up_recorded",
	                     arena_printf(ctx->arena, "%d goals, %d interventions,"
	                                  " %d reports", in->ngoals,
	                                  in->ninterventions, in->nreports)))
		return ctx_abort(ctx);
	return ctx_commit(ctx);
}

/* ---- concluding ---- */

/* The new plan of the outcome new_plan: the same person and principals,
 * started by the lead unit; this plan closes and both link. */
static bool replace_plan(struct ctx *ctx, const struct plan_head *h,
                         int64_t follow_up_id,
                         const struct follow_up_conclude_input *in,
                         int64_t *new_plan_id)
{
	struct stmt s;
	int64_t *principals = NULL;
	size_t n = 0, cap = 0;
	db_prepare(ctx->db, &s,
		"SELECT principal_id FROM plan_principal WHERE plan_id = ?"
		" ORDER BY principal_id");
	db_bind_int64(&s, 1, h->id);
	int rc;
	for (rc = db_step(&s); rc == DB_ROW; rc = db_step(&s)) {
		ARENA_PUSH(ctx->arena, principals, n, cap);
		principals[n++] = db_column_int64(&s, 0);
	}
	db_finalize(&s);
	if (rc != DB_DONE)
		return ctx_db_failed(ctx, rc, "principals");
	struct plan_create_input c = {
		.person_id = h->person_id,
		.initiating_unit_id = h->lead_unit_id,
		.initiated_by = "professional",
		.need_professional = in->new_plan_need,
		.principal_ids = principals,
		.nprincipals = (int)n,
	};
	if (!plan_create(ctx, &c, new_plan_id))
		return false;
	db_prepare(ctx->db, &s,
		"INSERT INTO plan_succession (old_plan_id, new_plan_id, follow_up_id,"
		" at) VALUES (?, ?, ?, ?)");
	db_bind_int64(&s, 1, h->id);
	db_bind_int64(&s, 2, *new_plan_id);
	db_bind_int64(&s, 3, follow_up_id);
	db_bind_int64(&s, 4, ctx->now);
	if (!ctx_run(ctx, &s, NULL))
		return false;
	return plan_close(ctx, h->id, "new_plan",
	                  arena_printf(ctx->arena, T(ctx, "Ersätts av plan %lld."),
	                               (long long)*new_plan_id));
}

static bool check_conclude(struct ctx *ctx,
                           const struct follow_up_conclude_input *in)
{
	if (!one_of(in->outcome, follow_up_outcomes))
		return problem_field(ctx->problem, ctx->arena, "outcome", "%s",
		                     T(ctx, "Välj hur planen går vidare: en "
		                            "reviderad plan, en ny plan eller "
		                            "avslut."));
	if (strcmp(in->outcome, "close") == 0)
		return true; /* plan_close checks reason and note */
	check_day(ctx, "next_date", in->next_date, true,
	          T(ctx, "Ange datum för nästa uppföljning."));
	if (!in->next_place)
		problem_field(ctx->problem, ctx->arena, "next_place", "%s",
		              T(ctx, "Ange plats för nästa uppföljning."));
	else
		check_optional(ctx, "next_place", in->next_place, LIMIT_SHORT);
	if (strcmp(in->outcome, "new_plan") == 0) {
		if (!in->new_plan_need)
			problem_field(ctx->problem, ctx->arena, "new_plan_need", "%s",
			              T(ctx, "Beskriv behovet som den nya planen ska "
			                     "möta."));
		else
			check_optional(ctx, "new_plan_need", in->new_plan_need,
			               LIMIT_TEXT);
	}
	return !problem_any(ctx->problem);
}

bool follow_up_conclude(struct ctx *ctx, int64_t plan_id,
                        const struct follow_up_conclude_input *in,
                        int64_t *new_plan_id)
{
	struct plan_head h;
	int64_t fu, version, new_id = 0;
	if (!ctx_begin(ctx))
		return false;
	if (!plan_head_load(ctx, plan_id, &h) ||
	    !access_plan_lead(ctx, h.lead_unit_id, h.lead_unit_name) ||
	    !plan_require_state(ctx, &h, STATE_BIT(PLAN_FOLLOW_UP)) ||
	    !require_open(ctx, plan_id, &fu, &version) ||
	    !check_conclude(ctx, in))
		return ctx_abort(ctx);
	bool closing = strcmp(in->outcome, "close") == 0;
	struct stmt s;
	db_prepare(ctx->db, &s,
		"UPDATE follow_up SET outcome = ?, next_date = ?, next_place = ?,"
		" concluded_at = ?, concluded_by = ? WHERE id = ?");
	db_bind_text(&s, 1, in->outcome);
	db_bind_text(&s, 2, closing ? NULL : in->next_date);
	db_bind_text(&s, 3, closing ? NULL : in->next_place);
	db_bind_int64(&s, 4, ctx->now);
	db_bind_id(&s, 5, ctx_user_id(ctx));
	db_bind_int64(&s, 6, fu);
	if (!ctx_run(ctx, &s, NULL) ||
	    !plan_note_event(ctx, &h, "follow_up_concluded", in->outcome))
		return ctx_abort(ctx);
	bool ok = true;
	if (closing)
		ok = plan_close(ctx, plan_id, in->close_reason, in->close_note);
	else if (strcmp(in->outcome, "new_plan") == 0)
		ok = replace_plan(ctx, &h, fu, in, &new_id);
	if (!ok)
		return ctx_abort(ctx);
	if (new_plan_id)
		*new_plan_id = new_id;
	return ctx_commit(ctx);
}

/* ---- approving a proposed version ---- */

struct proposal {
	int64_t id;
	int version_no;
	const char *follow_up_date;
};

/* The plan's proposed version: written by a revision, not approved. */
static bool find_proposal(struct ctx *ctx, int64_t plan_id, struct proposal *p)
{
	struct stmt s;
	memset(p, 0, sizeof *p);
	db_prepare(ctx->db, &s,
		"SELECT v.id, v.version_no, v.follow_up_date /*0-2*/"
		" FROM plan_version v"
		" LEFT JOIN version_approval a ON a.version_id = v.id"
		" WHERE v.plan_id = ? AND v.individual_approved = 0"
		" AND a.version_id IS NULL ORDER BY v.version_no DESC LIMIT 1");
	db_bind_int64(&s, 1, plan_id);
	int rc = db_step(&s);
	if (rc == DB_ROW) {
		p->id = db_column_int64(&s, 0);
		p->version_no = (int)db_column_int64(&s, 1);
		p->follow_up_date = arena_strdup(ctx->arena, db_column_text(&s, 2));
	}
	db_finalize(&s);
	return rc == DB_ROW || rc == DB_DONE ? true
	                                     : ctx_db_failed(ctx, rc, "proposal");
}

bool plan_proposal_pending(struct ctx *ctx, int64_t plan_id, bool *pending)
{
	struct proposal p;
	if (!find_proposal(ctx, plan_id, &p))
		return false;
	*pending = p.id != 0;
	return true;
}

static bool check_approval(struct ctx *ctx, const struct approval_input *in)
{
	if (!one_of(in->given_by, approval_givers))
		problem_field(ctx->problem, ctx->arena, "given_by", "%s",
		              T(ctx, "Ange vem som godkände planen: den enskilde, "
		                     "en vårdnadshavare eller en företrädare."));
	else if (strcmp(in->given_by, "individual") != 0 && !in->names)
		problem_field(ctx->problem, ctx->arena, "names", "%s",
		              T(ctx, "Skriv namnen på dem som godkände planen."));
	check_optional(ctx, "names", in->names, LIMIT_SHORT);
	if (!one_of(in->method, approval_methods))
		problem_field(ctx->problem, ctx->arena, "method", "%s",
		              T(ctx, "Ange hur godkännandet gavs: vid möte, per "
		                     "telefon, per brev eller digitalt."));
	check_day(ctx, "approved_on", in->approved_on, false,
	          T(ctx, "Ange datum för godkännandet."));
	return !problem_any(ctx->problem);
}

/* A revision written while the follow-up was still open concludes it
 * when approved: the outcome was a revision, and the next follow-up is
 * the approved version's. So no follow-up of an active plan stays open. */
static bool conclude_by_approval(struct ctx *ctx, const struct plan_head *h,
                                 int64_t version_id)
{
	struct stmt s;
	db_prepare(ctx->db, &s,
		"UPDATE follow_up SET outcome = 'revise',"
		" next_date = (SELECT follow_up_date FROM plan_version WHERE id = ?),"
		" next_place = (SELECT follow_up_place FROM plan_version WHERE id = ?),"
		" concluded_at = ?, concluded_by = ?"
		" WHERE plan_id = ? AND outcome IS NULL");
	db_bind_int64(&s, 1, version_id);
	db_bind_int64(&s, 2, version_id);
	db_bind_int64(&s, 3, ctx->now);
	db_bind_id(&s, 4, ctx_user_id(ctx));
	db_bind_int64(&s, 5, h->id);
	return ctx_run(ctx, &s, NULL);
}

/* The approval itself, for whoever may record it: the caller has
 * checked who acts and loaded h inside its open transaction. */
static bool approve_proposal(struct ctx *ctx, struct plan_head *h,
                             const struct approval_input *in)
{
	struct proposal p;
	if (!plan_require_state(ctx, h, STATE_BIT(PLAN_FOLLOW_UP)) ||
	    !find_proposal(ctx, h->id, &p))
		return false;
	if (!p.id)
		return problem_set(ctx->problem, ctx->arena, PROBLEM_CONFLICT, "%s",
		                   T(ctx, "Det finns inget förslag till reviderad "
		                          "plan att godkänna: revidera planen "
		                          "först."));
	if (!check_approval(ctx, in))
		return false;
	struct stmt s;
	db_prepare(ctx->db, &s,
		"INSERT INTO version_approval (version_id, given_by, names, method,"
		" approved_on, recorded_at, recorded_by)"
		" VALUES (?, ?, ?, ?, ?, ?, ?)");
	db_bind_int64(&s, 1, p.id);
	db_bind_text(&s, 2, in->given_by);
	db_bind_text(&s, 3, in->names);
	db_bind_text(&s, 4, in->method);
	db_bind_text(&s, 5, in->approved_on);
	db_bind_int64(&s, 6, ctx->now);
	db_bind_id(&s, 7, ctx_user_id(ctx));
	return ctx_run(ctx, &s, NULL) && conclude_by_approval(ctx, h, p.id) &&
	       plan_version_in_force(ctx, h, p.id) &&
	       plan_doc_write(ctx, p.id) &&
	       plan_set_state(ctx, h, PLAN_ACTIVE, "approve",
	                      arena_printf(ctx->arena, "version %d",
	                                   p.version_no));
}

bool plan_version_approve(struct ctx *ctx, int64_t plan_id,
                          const struct approval_input *in)
{
	struct plan_head h;
	if (!ctx_begin(ctx))
		return false;
	if (!plan_head_load(ctx, plan_id, &h) ||
	    !access_plan_lead(ctx, h.lead_unit_id, h.lead_unit_name) ||
	    !approve_proposal(ctx, &h, in))
		return ctx_abort(ctx);
	return ctx_commit(ctx);
}

bool plan_version_approve_in(struct ctx *ctx, int64_t plan_id,
                             const struct approval_input *in,
                             int64_t *version_id)
{
	struct plan_head h;
	struct proposal p;
	if (!plan_head_read(ctx, plan_id, &h) || !find_proposal(ctx, plan_id, &p))
		return false;
	if (version_id && *version_id && p.id != *version_id)
		return problem_set(ctx->problem, ctx->arena, PROBLEM_CONFLICT, "%s",
		                   T(ctx, "Förslaget har ändrats sedan du läste "
		                          "det. Läs det igen."));
	if (!approve_proposal(ctx, &h, in))
		return false;
	if (version_id)
		*version_id = p.id;
	return true;
}

bool plan_proposal_find(struct ctx *ctx, int64_t plan_id,
                        int64_t *version_id, int *version_no)
{
	struct proposal p;
	if (!find_proposal(ctx, plan_id, &p))
		return false;
	*version_id = p.id;
	if (version_no)
		*version_no = p.version_no;
	return true;
}

/* ---- handing a version over ---- */

static bool check_handover(struct ctx *ctx, const struct handover_input *in)
{
	if (!one_of(in->recipient, handover_recipients))
		problem_field(ctx->problem, ctx->arena, "recipient", "%s",
		              T(ctx, "Ange vem planen lämnades till: den enskilde, "
		                     "en närstående eller en deltagare utan "
		                     "tillgång till samplan."));
	else if (strcmp(in->recipient, "individual") != 0 && !in->recipient_name)
		problem_field(ctx->problem, ctx->arena, "recipient_name", "%s",
		              T(ctx, "Skriv namnet på den som fick planen."));
	else if (strcmp(in->recipient, "participant") == 0 && !in->organisation)
		problem_field(ctx->problem, ctx->arena, "organisation", "%s",
		              T(ctx, "Skriv vilken verksamhet deltagaren "
		                     "företräder."));
	check_optional(ctx, "recipient_name", in->recipient_name, LIMIT_NAME);
	check_optional(ctx, "organisation", in->organisation, LIMIT_NAME);
	if (!one_of(in->method, handover_methods))
		problem_field(ctx->problem, ctx->arena, "method", "%s",
		              T(ctx, "Ange hur planen lämnades: på papper eller "
		                     "digitalt."));
	check_day(ctx, "handed_on", in->handed_on, false,
	          T(ctx, "Ange datum då planen lämnades."));
	return !problem_any(ctx->problem);
}

/* The version handed over: the one named or the one in force; it must
 * be approved (a proposal is not handed out as the plan). */
static bool handover_version(struct ctx *ctx, const struct plan_head *h,
                             int version_no, int64_t *version_id)
{
	struct stmt s;
	db_prepare(ctx->db, &s,
		"SELECT v.id, v.individual_approved, a.version_id /*0-2*/"
		" FROM plan_version v"
		" LEFT JOIN version_approval a ON a.version_id = v.id"
		" WHERE v.plan_id = ? AND (v.version_no = ? OR"
		" (CAST(? AS BIGINT) = 0 AND v.id = ?))");
	db_bind_int64(&s, 1, h->id);
	db_bind_int64(&s, 2, version_no);
	db_bind_int64(&s, 3, version_no);
	db_bind_int64(&s, 4, h->current_version_id);
	int rc = db_step(&s);
	bool approved = false;
	*version_id = 0;
	if (rc == DB_ROW) {
		*version_id = db_column_int64(&s, 0);
		approved = db_column_int64(&s, 1) != 0 || !db_column_is_null(&s, 2);
	}
	db_finalize(&s);
	if (rc != DB_ROW && rc != DB_DONE)
		return ctx_db_failed(ctx, rc, "version");
	if (!*version_id)
		return problem_field(ctx->problem, ctx->arena, "version_no", "%s",
		                     T(ctx, "Planen har ingen sådan version."));
	if (!approved)
		return problem_field(ctx->problem, ctx->arena, "version_no", "%s",
		                     T(ctx, "Versionen väntar på den enskildes "
		                            "godkännande och kan inte lämnas ut "
		                            "som planen än."));
	return true;
}

bool plan_handover_record(struct ctx *ctx, int64_t plan_id,
                          const struct handover_input *in,
                          int64_t *handover_id)
{
	struct plan_head h;
	int64_t version = 0, id;
	if (!ctx_begin(ctx))
		return false;
	if (!plan_head_load(ctx, plan_id, &h) ||
	    !access_plan_lead(ctx, h.lead_unit_id, h.lead_unit_name) ||
	    !plan_require_state(ctx, &h, STATE_BIT(PLAN_ACTIVE) |
	                                 STATE_BIT(PLAN_FOLLOW_UP) |
	                                 STATE_BIT(PLAN_CLOSED)))
		return ctx_abort(ctx);
	/* A version that is not there or not approved is a field error,
	 * reported with the others; a database failure ends here. */
	if (in->version_no < 0)
		problem_field(ctx->problem, ctx->arena, "version_no", "%s",
		              T(ctx, "Planen har ingen sådan version."));
	else if (!handover_version(ctx, &h, in->version_no, &version) &&
	         (ctx->problem->kind == PROBLEM_INTERNAL ||
	          ctx->problem->kind == PROBLEM_UNAVAILABLE))
		return ctx_abort(ctx);
	if (!check_handover(ctx, in))
		return ctx_abort(ctx);
	struct stmt s;
	db_prepare(ctx->db, &s,
		"INSERT INTO plan_handover (plan_id, version_id, recipient,"
		" recipient_name, organisation, method, handed_on, recorded_at,"
		" recorded_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id");
	db_bind_int64(&s, 1, plan_id);
	db_bind_int64(&s, 2, version);
	db_bind_text(&s, 3, in->recipient);
	db_bind_text(&s, 4, strcmp(in->recipient, "individual") == 0
	                        ? NULL : in->recipient_name);
	db_bind_text(&s, 5, strcmp(in->recipient, "participant") == 0
	                        ? in->organisation : NULL);
	db_bind_text(&s, 6, in->method);
	db_bind_text(&s, 7, in->handed_on);
	db_bind_int64(&s, 8, ctx->now);
	db_bind_id(&s, 9, ctx_user_id(ctx));
	if (!ctx_insert(ctx, &s, &id) ||
	    !plan_note_event(ctx, &h, "handover",
	                     arena_printf(ctx->arena, "%s, %s", in->recipient,
	                                  in->method)))
		return ctx_abort(ctx);
	if (handover_id)
		*handover_id = id;
	return ctx_commit(ctx);
}
