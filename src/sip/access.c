/*
 * access.c — every access rule of samplan (see access.h).
 *
 * Staff administration:
 *   - who acts is explicit (ctx->actor) and refused by default: the
 *     console operator (ACTOR_CONSOLE) may do everything, a staff user
 *     (ACTOR_STAFF) what their role and units allow, and every other
 *     actor (ACTOR_NONE, ACTOR_CITIZEN — the individual's own pages
 *     have their own rules, in citizen.c) nothing here;
 *   - a system administrator manages the directory and every user, but
 *     reads no plans and no personal data of individuals;
 *   - a unit administrator manages professionals whose units are all
 *     among their own, and cannot create administrators;
 *   - a professional manages nobody.
 */
#include "sip/access.h"

#include <string.h>

#include "audit/audit.h"
#include "base/date.h"
#include "sip/capability.h"
#include "sip/personnummer.h"
#include "sip/user.h"
#include "store/db.h"

static bool forbidden(struct ctx *ctx)
{
	return problem_set(ctx->problem, ctx->arena, PROBLEM_FORBIDDEN, "%s",
	                   T(ctx, "Du har inte behörighet att göra detta."));
}

bool access_may_admin_directory(struct ctx *ctx)
{
	if (ctx_is_console(ctx) || capability_granted(ctx_staff(ctx), CAP_ADMIN))
		return true;
	return forbidden(ctx);
}

static bool all_units_mine(const struct user *me, const int64_t *ids, int n)
{
	for (int i = 0; i < n; i++)
		if (!user_in_unit(me, ids[i]))
			return false;
	return true;
}

static bool target_units_mine(const struct user *me, const struct user *t)
{
	if (t->nunits == 0)
		return false;
	for (int i = 0; i < t->nunits; i++)
		if (!user_in_unit(me, t->units[i].id))
			return false;
	return true;
}

bool access_may_see_user(struct ctx *ctx, const struct user *target)
{
	if (ctx_is_console(ctx))
		return true;
	const struct user *me = ctx_staff(ctx);
	if (!me)
		return ctx_not_found(ctx);
	if (capability_granted(me, CAP_ADMIN) || me->id == target->id)
		return true;
	if (capability_granted(me, CAP_MANAGE_USERS) &&
	    target_units_mine(me, target))
		return true;
	return ctx_not_found(ctx);
}

bool access_may_manage_user(struct ctx *ctx, const struct user *target,
                            const int64_t *new_unit_ids, int nnew_units,
                            const char *new_role)
{
	if (ctx_is_console(ctx))
		return true;
	const struct user *me = ctx_staff(ctx);
	if (capability_granted(me, CAP_ADMIN))
		return true;
	if (!me || !capability_granted(me, CAP_MANAGE_USERS))
		return forbidden(ctx);
	if (target && (target->role != ROLE_PROFESSIONAL ||
	               !target_units_mine(me, target)))
		return forbidden(ctx);
	if (new_role && strcmp(new_role, "professional") != 0)
		return problem_field(ctx->problem, ctx->arena, "role", "%s",
		                     T(ctx, "Som enhetsadministratör kan du bara "
		                            "lägga upp yrkesverksamma."));
	if (!all_units_mine(me, new_unit_ids, nnew_units))
		return problem_field(ctx->problem, ctx->arena, "unit_ids", "%s",
		                     T(ctx, "Du kan bara välja dina egna enheter."));
	return true;
}

/* ---- persons and plans ---- */

bool access_may_work(struct ctx *ctx)
{
	if (ctx_is_console(ctx) || capability_granted(ctx_staff(ctx), CAP_WORK))
		return true;
	return forbidden(ctx);
}

/* The caller's unit through which the person's record is visible (the
 * two grounds of access.h), or 0: *unit. A database failure is recorded
 * and false. */
static bool person_ground(struct ctx *ctx, int64_t person_id, int64_t *unit)
{
	*unit = 0;
	struct stmt s;
	db_prepare(ctx->db, &s,
		"SELECT MIN(pn_.unit_id) FROM "
		ACCESS_PERSON_UNITS_FOR(" AND rg_.person_id = ?",
		                        " AND pc_.plan_id IN (SELECT id FROM"
		                        " plan WHERE person_id = ?)"));
	db_bind_int64(&s, 1, ctx_user_id(ctx));
	db_bind_int64(&s, 2, person_id);
	db_bind_int64(&s, 3, ctx_user_id(ctx));
	db_bind_int64(&s, 4, person_id);
	db_bind_text(&s, 5, access_today(ctx));
	int rc = db_step(&s);
	if (rc == DB_ROW)
		*unit = db_column_int64(&s, 0);
	db_finalize(&s);
	return rc == DB_ROW ? true : ctx_db_failed(ctx, rc, "access");
}

bool access_person(struct ctx *ctx, int64_t person_id)
{
	if (ctx_is_console(ctx))
		return true;
	if (!capability_granted(ctx_staff(ctx), CAP_WORK))
		return ctx_not_found(ctx);
	int64_t unit;
	if (!person_ground(ctx, person_id, &unit))
		return false;
	if (!unit) {
		if (!audit_attempt(ctx, "person.read.refused", person_id, 0))
			return false;
		return ctx_not_found(ctx);
	}
	ctx->acting_unit = unit;
	return true;
}

bool access_person_shown_through(struct ctx *ctx, int64_t ground_unit)
{
	if (ctx_is_console(ctx))
		return true;
	return capability_granted(ctx_staff(ctx), CAP_WORK) && ground_unit != 0;
}

bool access_person_shown(struct ctx *ctx, int64_t person_id, bool *shown)
{
	*shown = ctx_is_console(ctx);
	if (*shown || !capability_granted(ctx_staff(ctx), CAP_WORK))
		return true;
	int64_t unit;
	if (!person_ground(ctx, person_id, &unit))
		return false;
	*shown = access_person_shown_through(ctx, unit);
	return true;
}

bool access_person_start_plan(struct ctx *ctx, int64_t person_id,
                              const char *personnummer)
{
	if (ctx_is_console(ctx))
		return true;
	if (!capability_granted(ctx_staff(ctx), CAP_WORK))
		return ctx_not_found(ctx);
	struct problem saved = *ctx->problem;
	if (access_person(ctx, person_id))
		return true;
	if (ctx->problem->kind != PROBLEM_NOT_FOUND)
		return false;
	*ctx->problem = saved;
	struct personnummer pnr;
	if (!personnummer ||
	    personnummer_parse(personnummer, date_of_time(ctx->now), &pnr) !=
	            PNR_OK)
		return ctx_not_found(ctx);
	struct stmt s;
	db_prepare(ctx->db, &s,
		"SELECT 1 FROM person WHERE id = ? AND personnummer = ?");
	db_bind_int64(&s, 1, person_id);
	db_bind_text(&s, 2, pnr.canonical);
	int rc = db_step(&s);
	db_finalize(&s);
	if (rc == DB_DONE)
		return ctx_not_found(ctx);
	if (rc != DB_ROW)
		return ctx_db_failed(ctx, rc, "access");
	return true;
}

const char *access_today(struct ctx *ctx)
{
	char *d = arena_alloc(ctx->arena, 11);
	date_format(date_of_time(ctx->now), d);
	return d;
}

/* The one rule of plan visibility (access_plan, access_plan_view; the
 * same as ACCESS_PLAN_VISIBLE_SQL for lists): the caller's unit taking
 * part through which the plan is visible, or NULL. Binds: the plan, the
 * user, today. */
#define PLAN_UNIT_SQL                                                      \
	"SELECT MIN(pu_.unit_id) FROM plan_unit pu_ JOIN user_unit uu_"     \
	" ON uu_.unit_id = pu_.unit_id JOIN unit un_ ON un_.id = pu_.unit_id" \
	" WHERE pu_.plan_id = ? AND pu_.left_at IS NULL"                    \
	" AND uu_.user_id = ? AND (pu_.via IN ('initiating', 'coordinator')" \
	" OR EXISTS (SELECT 1 FROM consent c_ JOIN consent_recipient cr_"   \
	" ON cr_.consent_id = c_.id WHERE c_.plan_id = pu_.plan_id"          \
	" AND c_.withdrawn_at IS NULL AND c_.valid_until >= ?"               \
	" AND cr_.principal_id = un_.principal_id))"

/* The categories that the consents in force for the principals of the
 * caller's units taking part in the plan cover: the union of their
 * scopes. Binds: the user, the plan, today. */
#define COVERED_CATEGORIES_SQL                                             \
	"SELECT DISTINCT cs.category FROM consent c"                        \
	" JOIN consent_scope cs ON cs.consent_id = c.id"                    \
	" JOIN consent_recipient cr ON cr.consent_id = c.id"                \
	" JOIN unit un ON un.principal_id = cr.principal_id"                \
	" JOIN plan_unit pu ON pu.unit_id = un.id AND pu.plan_id = c.plan_id" \
	" AND pu.left_at IS NULL"                                           \
	" JOIN user_unit uu ON uu.unit_id = un.id AND uu.user_id = ?"       \
	" WHERE c.plan_id = ? AND c.withdrawn_at IS NULL"                   \
	" AND c.valid_until >= ?"

/* A plan the caller's units do not see (unit 0) is refused as not found,
 * and the attempt audited; otherwise the unit acts. */
static bool seen_by(struct ctx *ctx, int64_t plan_id, int64_t unit)
{
	if (!unit) {
		if (!audit_attempt(ctx, "plan.read.refused", 0, plan_id))
			return false;
		return ctx_not_found(ctx);
	}
	ctx->acting_unit = unit;
	return true;
}

static bool plan_visible(struct ctx *ctx, int64_t plan_id, int64_t *my_unit)
{
	*my_unit = 0;
	if (ctx_is_console(ctx))
		return true;
	if (!capability_granted(ctx_staff(ctx), CAP_WORK))
		return ctx_not_found(ctx);
	/* The same rule as ACCESS_PLAN_VISIBLE_SQL, naming the unit. */
	struct stmt s;
	db_prepare(ctx->db, &s, PLAN_UNIT_SQL);
	db_bind_int64(&s, 1, plan_id);
	db_bind_int64(&s, 2, ctx_user_id(ctx));
	db_bind_text(&s, 3, access_today(ctx));
	int rc = db_step(&s);
	if (rc == DB_ROW)
		*my_unit = db_column_int64(&s, 0);
	db_finalize(&s);
	if (rc != DB_ROW)
		return ctx_db_failed(ctx, rc, "access");
	return seen_by(ctx, plan_id, *my_unit);
}

bool access_plan(struct ctx *ctx, int64_t plan_id, int64_t *my_unit)
{
	return plan_visible(ctx, plan_id, my_unit);
}

/* Visibility, the lead unit and the categories in one statement: a plan
 * read asks all three. */
bool access_plan_view(struct ctx *ctx, int64_t plan_id,
                      struct access_view *out)
{
	*out = (struct access_view){0};
	int64_t unit = 0;
	if (ctx_is_console(ctx) || !capability_granted(ctx_staff(ctx), CAP_WORK)) {
		if (!plan_visible(ctx, plan_id, &unit))
			return false;
		*out = (struct access_view){.granted = true, .all = true};
		return true;
	}
	const struct user *me = ctx_staff(ctx);
	const char *today = access_today(ctx);
	struct stmt s;
	db_prepare(ctx->db, &s,
		"SELECT (" PLAN_UNIT_SQL "),"
		" (SELECT lead_unit_id FROM plan WHERE id = ?), "
		DB_ROWS("cat.category",
		        "FROM (" COVERED_CATEGORIES_SQL ") cat"));
	db_bind_int64(&s, 1, plan_id);
	db_bind_int64(&s, 2, ctx_user_id(ctx));
	db_bind_text(&s, 3, today);
	db_bind_int64(&s, 4, plan_id);
	db_bind_int64(&s, 5, ctx_user_id(ctx));
	db_bind_int64(&s, 6, plan_id);
	db_bind_text(&s, 7, today);
	int rc = db_step(&s);
	int64_t lead_unit = 0;
	unsigned categories = 0;
	if (rc == DB_ROW) {
		unit = db_column_int64(&s, 0);
		lead_unit = db_column_int64(&s, 1);
		struct stmt c;
		db_rows_open(&c, &s, 2);
		for (rc = db_step(&c); rc == DB_ROW; rc = db_step(&c)) {
			enum field_category k;
			if (field_category_parse(db_column_text(&c, 0), &k))
				categories |= 1u << k;
		}
		db_finalize(&c);
		rc = rc == DB_DONE ? DB_ROW : rc;
	}
	db_finalize(&s);
	if (rc != DB_ROW)
		return ctx_db_failed(ctx, rc, "access");
	if (!seen_by(ctx, plan_id, unit))
		return false;
	bool lead = lead_unit && user_in_unit(me, lead_unit);
	*out = (struct access_view){
		.granted = true,
		.all = lead,
		.lead = lead,
		.unit_id = unit,
		.categories = categories,
		.user = me,
	};
	return true;
}

bool access_sees_row(const struct access_view *v, enum field_category c,
                     int64_t owner_unit_id)
{
	if (!v->granted)
		return false;
	if (v->all || c == FIELD_PARTICIPATION)
		return true;
	if (owner_unit_id && user_in_unit(v->user, owner_unit_id))
		return true;
	if (c == FIELD_BY_UNIT || c >= 32)
		return false;
	return (v->categories & (1u << c)) != 0;
}

bool access_sees(const struct access_view *v, enum field_id f)
{
	return access_sees_row(v, field_category(f), 0);
}

bool access_consent_covers_unit(struct ctx *ctx, int64_t plan_id,
                                int64_t unit_id, const char *field)
{
	struct stmt s;
	db_prepare(ctx->db, &s,
		"SELECT un.name, pr.name, (SELECT COUNT(*) FROM consent c"
		" JOIN consent_recipient cr ON cr.consent_id = c.id"
		" WHERE c.plan_id = ? AND c.withdrawn_at IS NULL"
		" AND c.valid_until >= ? AND cr.principal_id = un.principal_id)"
		" FROM unit un JOIN principal pr ON pr.id = un.principal_id"
		" WHERE un.id = ?");
	db_bind_int64(&s, 1, plan_id);
	db_bind_text(&s, 2, access_today(ctx));
	db_bind_int64(&s, 3, unit_id);
	int rc = db_step(&s);
	const char *unit = NULL, *principal = NULL;
	int64_t covered = 0;
	if (rc == DB_ROW) {
		unit = arena_strdup(ctx->arena, db_column_text(&s, 0));
		principal = arena_strdup(ctx->arena, db_column_text(&s, 1));
		covered = db_column_int64(&s, 2);
	}
	db_finalize(&s);
	if (rc != DB_ROW && rc != DB_DONE)
		return ctx_db_failed(ctx, rc, "consent cover");
	if (rc == DB_DONE)
		return problem_field(ctx->problem, ctx->arena, field, "%s",
		                     T(ctx, "Välj en enhet som finns."));
	if (covered)
		return true;
	return problem_field(ctx->problem, ctx->arena, field,
	                     T(ctx, "Samtycket omfattar inte %s (%s). Den "
	                            "enskilde behöver samtycka till att "
	                            "uppgifter delas med dem först."),
	                     unit, principal);
}

bool access_plan_lead(struct ctx *ctx, int64_t lead_unit_id,
                      const char *lead_unit_name)
{
	if (ctx_is_console(ctx))
		return true;
	const struct user *me = ctx_staff(ctx);
	if (!me)
		return forbidden(ctx);
	if (user_in_unit(me, lead_unit_id))
		return true;
	return problem_set(ctx->problem, ctx->arena, PROBLEM_FORBIDDEN,
	                   T(ctx, "Det här steget görs av den enhet som leder "
	                          "planen (%s)."),
	                   lead_unit_name ? lead_unit_name : "");
}

bool access_invitation_reply(struct ctx *ctx, int64_t invited_unit_id,
                             int64_t lead_unit_id)
{
	if (ctx_is_console(ctx))
		return true;
	const struct user *me = ctx_staff(ctx);
	if (!me)
		return forbidden(ctx);
	if (invited_unit_id && user_in_unit(me, invited_unit_id))
		return true;
	if (!invited_unit_id && user_in_unit(me, lead_unit_id))
		return true;
	return problem_set(ctx->problem, ctx->arena, PROBLEM_FORBIDDEN, "%s",
	                   invited_unit_id
	                   ? T(ctx, "Bara den inbjudna enheten kan svara på "
	                            "kallelsen.")
	                   : T(ctx, "Svar från parter utanför samplan "
	                            "registreras av den enhet som leder planen."));
}

/* The individual's extract of who read their data (docs/audit.md). */
bool access_person_extract(struct ctx *ctx, int64_t person_id)
{
	if (ctx_is_console(ctx))
		return true;
	if (!capability_granted(ctx_staff(ctx), CAP_WORK))
		return ctx_not_found(ctx);
	struct stmt s;
	db_prepare(ctx->db, &s,
		"SELECT p.lead_unit_id FROM plan p JOIN user_unit uu"
		" ON uu.unit_id = p.lead_unit_id"
		" WHERE p.person_id = ? AND uu.user_id = ?"
		" ORDER BY p.id LIMIT 1");
	db_bind_int64(&s, 1, person_id);
	db_bind_int64(&s, 2, ctx_user_id(ctx));
	int rc = db_step(&s);
	int64_t unit = rc == DB_ROW ? db_column_int64(&s, 0) : 0;
	db_finalize(&s);
	if (rc != DB_ROW && rc != DB_DONE)
		return ctx_db_failed(ctx, rc, "access log access");
	if (rc == DB_DONE)
		return ctx_not_found(ctx);
	ctx->acting_unit = unit;
	return true;
}

bool access_closing_note_unit(struct ctx *ctx, int64_t plan_id,
                              int64_t unit_id, int64_t *unit,
                              int64_t *principal_id)
{
	*unit = 0;
	*principal_id = 0;
	if (!ctx_staff(ctx))
		return forbidden(ctx);
	struct stmt s;
	/* Of several fitting units, one whose principal still owes its note
	 * comes first, so the caller need not choose. */
	db_prepare(ctx->db, &s,
		"SELECT un.id, un.principal_id /*0-1*/ FROM plan_unit pu"
		" JOIN unit un ON un.id = pu.unit_id"
		" JOIN principal pr ON pr.id = un.principal_id"
		" JOIN user_unit uu ON uu.unit_id = un.id AND uu.user_id = ?"
		" WHERE pu.plan_id = ? AND pu.left_at IS NULL"
		" AND pr.kind IN ('municipality', 'region')"
		" AND (? = 0 OR un.id = ?)"
		" ORDER BY CASE WHEN EXISTS (SELECT 1 FROM plan_closing_note n"
		"  WHERE n.plan_id = pu.plan_id AND n.principal_id = un.principal_id)"
		" THEN 1 ELSE 0 END, un.id LIMIT 1");
	db_bind_int64(&s, 1, ctx_user_id(ctx));
	db_bind_int64(&s, 2, plan_id);
	db_bind_int64(&s, 3, unit_id);
	db_bind_int64(&s, 4, unit_id);
	int rc = db_step(&s);
	if (rc == DB_ROW) {
		*unit = db_column_int64(&s, 0);
		*principal_id = db_column_int64(&s, 1);
	}
	db_finalize(&s);
	if (rc == DB_ROW)
		return true;
	if (rc != DB_DONE)
		return ctx_db_failed(ctx, rc, "closing unit");
	return problem_set(ctx->problem, ctx->arena, PROBLEM_FORBIDDEN, "%s",
	                   T(ctx, "Avslutet dokumenteras av en enhet hos en "
	                          "kommun eller region som deltar i planen."));
}
