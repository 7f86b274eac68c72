/*
 * preparation.c — step 3: preparing the meeting with the individual
 * (see plan.h). The Uppsala guideline's checklist: purpose, the
 * individual's goals and questions, whom to invite (they have a say),
 * how they take part, interpreter, aids, breaks, a safe place, relatives,
 * and for a child how the child's voice reaches the meeting.
 */
#include <string.h>

#include "base/limits.h"
#include "sip/plan.h"
#include "sip/plan_internal.h"
#include "sip/access.h"
#include "sip/user.h"
#include "sip/validate.h"
#include "store/db.h"

const char *const participation_kinds[] = {
	"whole", "part", "phone", "video", "letter", "film", "spokesperson",
	"not_taking_part", NULL,
};

const char *participation_label(const char *p, const char *lang)
{
	if (!p)
		return "";
	if (strcmp(p, "whole") == 0)
		return tr(lang, "Deltar under hela mötet");
	if (strcmp(p, "part") == 0)
		return tr(lang, "Deltar under en del av mötet");
	if (strcmp(p, "phone") == 0)
		return tr(lang, "Deltar per telefon");
	if (strcmp(p, "video") == 0)
		return tr(lang, "Deltar digitalt (video)");
	if (strcmp(p, "letter") == 0)
		return tr(lang, "Genom ett brev som läses upp");
	if (strcmp(p, "film") == 0)
		return tr(lang, "Genom en film som visas");
	if (strcmp(p, "spokesperson") == 0)
		return tr(lang, "Genom någon som för hens talan");
	if (strcmp(p, "not_taking_part") == 0)
		return tr(lang, "Deltar inte, informeras efteråt");
	return p;
}

static bool check_preparation(struct ctx *ctx, const struct person *person,
                              const struct preparation_input *in)
{
	bool ok = check_required(ctx, "purpose", in->purpose, LIMIT_TEXT);
	ok &= check_optional(ctx, "individual_goals", in->individual_goals,
	                     LIMIT_TEXT);
	ok &= check_optional(ctx, "individual_questions",
	                     in->individual_questions, LIMIT_TEXT);
	ok &= check_optional(ctx, "invite_wishes", in->invite_wishes, LIMIT_TEXT);
	if (!one_of(in->participation, participation_kinds))
		ok = problem_field(ctx->problem, ctx->arena, "participation", "%s",
		                   T(ctx, "Ange hur den enskilde vill delta i "
		                          "mötet."));
	ok &= check_optional(ctx, "participation_note", in->participation_note,
	                     LIMIT_TEXT);
	ok &= check_optional(ctx, "interpreter_language",
	                     in->interpreter_language, 100);
	ok &= check_optional(ctx, "aids", in->aids, LIMIT_TEXT);
	ok &= check_optional(ctx, "safe_place", in->safe_place, LIMIT_TEXT);
	ok &= check_optional(ctx, "relatives_present", in->relatives_present,
	                     LIMIT_TEXT);
	ok &= check_optional(ctx, "child_voice", in->child_voice, LIMIT_TEXT);
	if (ok && person->is_child && !in->child_voice)
		ok = problem_field(ctx->problem, ctx->arena, "child_voice", "%s",
		                   T(ctx, "Beskriv hur barnets röst kommer fram på "
		                          "mötet, även om barnet inte deltar."));
	if (ok && in->participation &&
	    strcmp(in->participation, "not_taking_part") == 0 &&
	    !in->participation_note)
		ok = problem_field(ctx->problem, ctx->arena, "participation_note",
		                   "%s", T(ctx, "Om den enskilde inte deltar måste "
		                                "delaktigheten säkras på annat sätt: "
		                                "beskriv hur."));
	return ok;
}

bool preparation_save(struct ctx *ctx, int64_t plan_id,
                      const struct preparation_input *in)
{
	struct plan_head h;
	struct person person;
	if (!ctx_begin(ctx))
		return false;
	if (!plan_head_load(ctx, plan_id, &h) ||
	    !access_plan_lead(ctx, h.lead_unit_id, h.lead_unit_name) ||
	    !plan_require_state(ctx, &h, STATE_BIT(PLAN_CONSENT) |
	                                 STATE_BIT(PLAN_PREPARING) |
	                                 STATE_BIT(PLAN_INVITED)) ||
	    !person_load(ctx, h.person_id, &person) ||
	    !check_preparation(ctx, &person, in))
		return ctx_abort(ctx);
	struct stmt s;
	db_prepare(ctx->db, &s,
		"INSERT INTO preparation (plan_id, purpose, individual_goals,"
		" individual_questions, invite_wishes, participation,"
		" participation_note, interpreter_language, aids, breaks_needed,"
		" safe_place, relatives_present, child_voice, updated_at, updated_by)"
		" VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
		" ON CONFLICT (plan_id) DO UPDATE SET purpose = excluded.purpose,"
		" individual_goals = excluded.individual_goals,"
		" individual_questions = excluded.individual_questions,"
		" invite_wishes = excluded.invite_wishes,"
		" participation = excluded.participation,"
		" participation_note = excluded.participation_note,"
		" interpreter_language = excluded.interpreter_language,"
		" aids = excluded.aids, breaks_needed = excluded.breaks_needed,"
		" safe_place = excluded.safe_place,"
		" relatives_present = excluded.relatives_present,"
		" child_voice = excluded.child_voice,"
		" updated_at = excluded.updated_at, updated_by = excluded.updated_by");
	db_bind_int64(&s, 1, plan_id);
	db_bind_text(&s, 2, in->purpose);
	db_bind_text(&s, 3, in->individual_goals);
	db_bind_text(&s, 4, in->individual_questions);
	db_bind_text(&s, 5, in->invite_wishes);
	db_bind_text(&s, 6, in->participation);
	db_bind_text(&s, 7, in->participation_note);
	db_bind_text(&s, 8, in->interpreter_language);
	db_bind_text(&s, 9, in->aids);
	db_bind_bool(&s, 10, in->breaks_needed);
	db_bind_text(&s, 11, in->safe_place);
	db_bind_text(&s, 12, in->relatives_present);
	db_bind_text(&s, 13, in->child_voice);
	db_bind_int64(&s, 14, ctx->now);
	db_bind_id(&s, 15, ctx_user_id(ctx));
	if (!ctx_run(ctx, &s, NULL))
		return ctx_abort(ctx);
	bool ok = h.state == PLAN_CONSENT
	          ? plan_set_state(ctx, &h, PLAN_PREPARING, "prepare", NULL)
	          : plan_note_event(ctx, &h, "preparation_revised", NULL);
	return ok ? ctx_commit(ctx) : ctx_abort(ctx);
}
