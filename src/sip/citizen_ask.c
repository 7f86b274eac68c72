/*
 * citizen_ask.c — a citizen asks for a SIP (see citizen_ask.h).
 */
#include "sip/citizen_ask.h"

#include <string.h>

#include "audit/audit.h"
#include "base/date.h"
#include "base/limits.h"
#include "sip/citizen.h"
#include "sip/personnummer.h"
#include "sip/plan_internal.h"
#include "sip/validate.h"
#include "store/db.h"

/* What the unit reads where a professional's assessment would be: the
 * column is required, and the assessment is still to be made. Stored
 * in Swedish, the staff pages' language. */
#define ASK_NEED_PROFESSIONAL                                              \
	"Begäran från den enskilde i samplan. Enheten har inte bedömt "    \
	"behovet än."

static const char *col(struct ctx *ctx, struct stmt *s, int i)
{
	const char *t = db_column_text(s, i);
	return t ? arena_strdup(ctx->arena, t) : NULL;
}

static int age_of(struct ctx *ctx, const char *pnr)
{
	struct personnummer p;
	struct date today = date_of_time(ctx->now);
	if (!pnr || personnummer_parse(pnr, today, &p) != PNR_OK)
		return -1;
	return personnummer_age(&p, today);
}

bool citizen_ask_persons(struct ctx *ctx, struct citizen_ask_person **out,
                         int *n)
{
	*out = NULL;
	*n = 0;
	if (ctx->actor != ACTOR_CITIZEN || !ctx->citizen)
		return ctx_not_found(ctx);
	const char *me = ctx->citizen->personnummer;
	struct stmt s;
	/* Themselves (rp NULL), then the children they are guardian of. */
	db_prepare(ctx->db, &s,
		"SELECT p.id, p.given_name || ' ' || p.family_name, p.personnummer,"
		" 0, p.given_name || ' ' || p.family_name /*0-4*/"
		" FROM person p WHERE p.personnummer = ?"
		" UNION ALL SELECT p.id, p.given_name || ' ' || p.family_name,"
		" p.personnummer, r.id, r.name FROM related_person r"
		" JOIN person p ON p.id = r.person_id"
		" WHERE r.role = 'guardian' AND r.personnummer = ?"
		" ORDER BY 4, 2");
	db_bind_text(&s, 1, me);
	db_bind_text(&s, 2, me);
	struct citizen_ask_person *rows =
		arena_array(ctx->arena, struct citizen_ask_person, 16);
	int64_t ids[16];
	int rc;
	while ((rc = db_step(&s)) == DB_ROW) {
		bool self = db_column_int64(&s, 3) == 0;
		int age = age_of(ctx, db_column_text(&s, 2));
		/* Themselves from 18; a child until 18. */
		if (age < 0 || (self ? age < 18 : age >= 18) || *n == 16)
			continue;
		struct citizen_ask_person *x = &rows[*n];
		x->person_id = db_column_int64(&s, 0);
		x->name = col(ctx, &s, 1);
		x->self = self;
		x->related_person_id = db_column_int64(&s, 3);
		x->asker_name = col(ctx, &s, 4);
		ids[(*n)++] = x->person_id;
	}
	db_finalize(&s);
	if (rc != DB_DONE)
		return ctx_db_failed(ctx, rc, "ask persons");
	*out = rows;
	return *n == 0 ||
	       audit_read_many(ctx, "citizen.ask.persons", ids, NULL, *n);
}

bool citizen_ask_units(struct ctx *ctx, struct unit **out, int *n)
{
	struct unit *all;
	int nall;
	*out = NULL;
	*n = 0;
	if (!unit_list(ctx, 0, true, &all, &nall))
		return false;
	struct unit *keep = arena_array(ctx->arena, struct unit,
	                                (size_t)nall + 1);
	for (int i = 0; i < nall; i++)
		if (principal_kind_is_principal(all[i].principal_kind))
			keep[(*n)++] = all[i];
	*out = keep;
	return true;
}

/* Requests of the person still waiting for the unit. */
static bool open_requests(struct ctx *ctx, int64_t person_id, int64_t *count)
{
	struct stmt s;
	db_prepare(ctx->db, &s,
		"SELECT COUNT(*) FROM plan WHERE person_id = ?"
		" AND state = 'need_assessed'"
		" AND initiated_by IN ('individual', 'relative')");
	db_bind_int64(&s, 1, person_id);
	int rc = db_step(&s);
	*count = rc == DB_ROW ? db_column_int64(&s, 0) : 0;
	db_finalize(&s);
	return rc == DB_ROW ? true : ctx_db_failed(ctx, rc, "open requests");
}

bool citizen_ask_sip(struct ctx *ctx, const struct citizen_ask_input *in,
                     int64_t *plan_id)
{
	struct citizen_ask_person *persons;
	struct unit *units;
	int npersons, nunits;
	if (!citizen_ask_persons(ctx, &persons, &npersons) ||
	    !citizen_ask_units(ctx, &units, &nunits))
		return false;
	const struct citizen_ask_person *who = NULL;
	for (int i = 0; i < npersons; i++)
		if (persons[i].person_id == in->person_id)
			who = &persons[i];
	/* Asking for themselves only, nobody needs to be chosen. */
	if (!in->person_id && npersons == 1)
		who = &persons[0];
	const struct unit *unit = NULL;
	for (int i = 0; i < nunits; i++)
		if (units[i].id == in->unit_id)
			unit = &units[i];
	if (!who)
		problem_field(ctx->problem, ctx->arena, "person_id", "%s",
		              T(ctx, "Välj vem du ber om en SIP för."));
	if (!unit)
		problem_field(ctx->problem, ctx->arena, "unit_id", "%s",
		              T(ctx, "Välj en verksamhet i listan."));
	const char *need = nonempty(in->need);
	if (!need)
		problem_field(ctx->problem, ctx->arena, "need", "%s",
		              T(ctx, "Skriv med dina egna ord vad du behöver "
		                     "hjälp med."));
	else
		check_required(ctx, "need", need, LIMIT_TEXT);
	if (problem_any(ctx->problem))
		return false;
	int64_t open = 0;
	if (!open_requests(ctx, who->person_id, &open))
		return false;
	if (open >= CITIZEN_ASK_OPEN_MAX)
		return problem_set(ctx->problem, ctx->arena, PROBLEM_THROTTLED,
		                   T(ctx, "Det finns redan %d frågor om SIP som "
		                          "väntar på svar. Vänta på svar från "
		                          "verksamheten, eller ring dem."),
		                   (int)open);
	int64_t principal = unit->principal_id;
	struct plan_create_input pin = {
		.person_id = who->person_id,
		.initiating_unit_id = unit->id,
		.initiated_by = who->self ? "individual" : "relative",
		.initiator_name = who->asker_name,
		.need_individual = need,
		.need_professional = ASK_NEED_PROFESSIONAL,
		.principal_ids = &principal,
		.nprincipals = 1,
	};
	return plan_create_by_citizen(ctx, &pin, plan_id);
}
