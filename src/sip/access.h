/*
 * access.h — who may see and do what (inre sekretess). Every access rule
 * of samplan is in access.c; a reader who wants to know "who may read a
 * plan?" or "who may change this user?" finds all of it there.
 *
 * Each check returns true when allowed. When refused it records the
 * problem in ctx and returns false — as not-found where DOMAIN.md says a
 * refused user must not learn that the thing exists.
 */
#ifndef SAMPLAN_ACCESS_H
#define SAMPLAN_ACCESS_H

#include <stdbool.h>
#include <stdint.h>

#include "sip/ctx.h"
#include "sip/field.h"

struct user;

/* Principals, units and directory import: system administrators and the
 * console. */
bool access_may_admin_directory(struct ctx *ctx);

/* Create or change a user with these units and this role. A unit
 * administrator may only manage professionals of their own units. */
bool access_may_manage_user(struct ctx *ctx, const struct user *target,
                            const int64_t *new_unit_ids, int nnew_units,
                            const char *new_role);

/* See a user's record (list and detail pages). */
bool access_may_see_user(struct ctx *ctx, const struct user *target);

/* ---- persons and plans (inre sekretess) ----
 *
 * A professional sees a plan only while one of their units takes part in
 * it (plan_unit with left_at NULL) and — DOMAIN.md — a consent in force
 * covers that unit's principal. The lead unit (initiating, later the
 * coordinator's) always sees its own plan: it documents the process,
 * also before there is a consent and after it ended. System
 * administrators read no plans and no persons. The console
 * (ACTOR_CONSOLE) sees everything; an actor that is neither the console
 * nor a staff user (ACTOR_NONE, ACTOR_CITIZEN) is refused everything.
 *
 * A person's record (contact details, relatives, other plans, history;
 * docs/sip-process.md, "Who sees a person's record") is visible to a
 * unit on one of two grounds:
 *   1. consent: the unit takes part in one of the person's plans
 *      (plan_unit, left_at NULL) and a consent in force on that plan
 *      covers the unit's principal — the lead unit included;
 *   2. registration: the unit registered the person (person_unit with
 *      registered = 1, ended_at NULL) while no other unit's data is
 *      involved: no unit that did not register the person has ever
 *      taken part in a plan of theirs under a consent (in force or
 *      since ended) that covered it — such a unit could read and
 *      change the record. A plan that another unit merely started, with
 *      no consent yet, does not end it. Once another unit held the
 *      record that way, only the consent ground is left.
 * Registering or searching a personnummer never adds a ground. Nobody
 * else learns that the person exists. The lead unit of a plan without
 * either ground sees the person's identity on that plan only
 * (person_load_for_plan).
 *
 * The SQL conditions below are the same rules for lists and searches.
 * ACCESS_PLAN_VISIBLE_SQL takes two parameters, the user's id and
 * today's date ("YYYY-MM-DD"); ACCESS_PERSON_UNITS_SQL three: the
 * user's id, the user's id again and today's date.
 *
 * "(EXISTS ...) IS TRUE" is deliberate: PostgreSQL turns a bare EXISTS
 * into a semi-join and then checks every plan of the user's units (2 000
 * for a busy unit) before the list's own condition narrows them to a
 * hundred; as an expression it is checked per candidate row through the
 * indexes, as SQLite does anyway (work list 15 ms -> 6 ms, see
 * docs/performance.md).
 */
#define ACCESS_PLAN_VISIBLE_SQL(plan_col)                                  \
	"(EXISTS (SELECT 1 FROM plan_unit pu_ JOIN user_unit uu_"          \
	" ON uu_.unit_id = pu_.unit_id JOIN unit un_ ON un_.id = pu_.unit_id"\
	" WHERE pu_.plan_id = " plan_col " AND pu_.left_at IS NULL"        \
	" AND uu_.user_id = ? AND (pu_.via IN ('initiating', 'coordinator')"\
	" OR EXISTS (SELECT 1 FROM consent c_ JOIN consent_recipient cr_"   \
	" ON cr_.consent_id = c_.id WHERE c_.plan_id = pu_.plan_id"         \
	" AND c_.withdrawn_at IS NULL AND c_.valid_until >= ?"             \
	" AND cr_.principal_id = un_.principal_id)))) IS TRUE"
/* The rows pn_ (person_id, unit_id) through which the user sees
 * persons, one per ground: a FROM clause for the name search (three
 * parameters, see above). ACCESS_PERSON_UNITS_FOR adds a condition to
 * each ground (on rg_ and on pc_, the plan_unit row) so that one person
 * is looked up through the indexes, not every person of the user's
 * units; its parameters follow the user's id of each ground. */
#define ACCESS_PERSON_UNITS_FOR(rg_cond, pp_cond)                          \
	"(SELECT rg_.person_id, rg_.unit_id FROM person_unit rg_"           \
	" JOIN user_unit ur_ ON ur_.unit_id = rg_.unit_id AND ur_.user_id = ?"\
	" WHERE rg_.registered = 1 AND rg_.ended_at IS NULL" rg_cond       \
	" AND NOT EXISTS (SELECT 1 FROM plan po_ JOIN plan_unit px_"        \
	" ON px_.plan_id = po_.id JOIN unit ux_ ON ux_.id = px_.unit_id"    \
	" JOIN consent co_ ON co_.plan_id = po_.id JOIN consent_recipient"  \
	" cx_ ON cx_.consent_id = co_.id AND cx_.principal_id ="            \
	" ux_.principal_id WHERE po_.person_id = rg_.person_id"             \
	" AND NOT EXISTS (SELECT 1 FROM person_unit ro_"                   \
	" WHERE ro_.person_id = rg_.person_id AND ro_.unit_id = px_.unit_id"\
	" AND ro_.registered = 1))"                                        \
	" UNION SELECT pp_.person_id, pc_.unit_id FROM plan_unit pc_"       \
	" JOIN user_unit uc_ ON uc_.unit_id = pc_.unit_id AND uc_.user_id = ?"\
	" JOIN plan pp_ ON pp_.id = pc_.plan_id"                            \
	" JOIN unit uq_ ON uq_.id = pc_.unit_id WHERE pc_.left_at IS NULL"  \
	pp_cond                                                            \
	" AND EXISTS (SELECT 1 FROM consent c_ JOIN consent_recipient cr_"  \
	" ON cr_.consent_id = c_.id WHERE c_.plan_id = pc_.plan_id"         \
	" AND c_.withdrawn_at IS NULL AND c_.valid_until >= ?"             \
	" AND cr_.principal_id = uq_.principal_id)) pn_"
#define ACCESS_PERSON_UNITS_SQL ACCESS_PERSON_UNITS_FOR("", "")

/* The same as a column of a query over person p: the caller's unit
 * through which p's record is visible, or NULL — so a person's row and
 * whether the caller may read it come in one statement
 * (person_load_for_plan). Parameters: the user's id twice, today. */
#define ACCESS_PERSON_GROUND_COLUMN                                        \
	"(SELECT MIN(pn_.unit_id) FROM "                                    \
	ACCESS_PERSON_UNITS_FOR(" AND rg_.person_id = p.id",                \
	                        " AND pc_.plan_id IN (SELECT id FROM plan"  \
	                        " WHERE person_id = p.id)") ")"

/* The caller may work with persons and plans at all (a professional or
 * the console). */
bool access_may_work(struct ctx *ctx);

/* Person: is the record visible to the caller (the two grounds above)?
 * Refuses as not-found; sets ctx->acting_unit to the caller's unit of
 * the ground. */
bool access_person(struct ctx *ctx, int64_t person_id);

/* The same rule as access_person, as a question a page asks about a
 * person it is already allowed to name (the person of a plan the caller
 * takes part in): should the record be shown? *shown gets the answer; no
 * problem is recorded for "no" and no refused attempt is audited —
 * nobody asked to open the record. False only when the database fails. */
bool access_person_shown(struct ctx *ctx, int64_t person_id, bool *shown);
/* The same answer from ACCESS_PERSON_GROUND_COLUMN's value. */
bool access_person_shown_through(struct ctx *ctx, int64_t ground_unit);

/* Start a need assessment (plan_create) for a person: any professional
 * may start a SIP. Allowed when the record is visible (access_person),
 * or when `personnummer` (any accepted form) is the person's own — the
 * caller has the person in front of them; an id alone is not enough, so
 * ids cannot be walked to learn who is in samplan. Refuses as
 * not-found. Reveals nothing of the record. */
bool access_person_start_plan(struct ctx *ctx, int64_t person_id,
                              const char *personnummer);

/* Plan: visible to the caller? Refuses as not-found. *my_unit gets the
 * caller's unit that takes part (the first, by id; 0 for the console). */

/* Today's date as the visibility rules compare it (consent valid until). */
const char *access_today(struct ctx *ctx);

/* A unit may be brought into a plan (invited, made responsible) only if
 * a consent in force covers its principal. False with a field error on
 * `field` naming the unit. */
bool access_consent_covers_unit(struct ctx *ctx, int64_t plan_id,
                                int64_t unit_id, const char *field);
bool access_plan(struct ctx *ctx, int64_t plan_id, int64_t *my_unit);

/* ---- what the caller may see of a plan (consent-scoped fields) ----
 *
 * A consent names categories of information (field.h). A unit taking
 * part sees of a plan:
 *   - everything, if it is the lead unit (it documents the process and
 *     holds what the individual told it), and so does the console;
 *   - every FIELD_PARTICIPATION field: what it needs to take part;
 *   - a field of a category that the consents in force for its
 *     principal cover — the union of their scopes; a withdrawn or
 *     expired consent covers nothing;
 *   - the rows its own units own (the interventions it is responsible
 *     for, its own reply's ongoing interventions, the need it wrote),
 *     whatever their category: that information is its own.
 * Every other field reads as NULL (false, 0) in what plan_read.c
 * returns, and the plan says which categories were withheld. */
struct access_view {
	bool granted;         /* the caller may see the plan at all */
	bool all;             /* the console or the lead unit: everything */
	bool lead;            /* the caller's units include the lead unit */
	int64_t unit_id;      /* the caller's unit that takes part (0: console) */
	unsigned categories;  /* bit 1u << c per enum field_category covered */
	const struct user *user; /* the staff user (rows of their own units) */
};

/* The same check as access_plan, and what the caller may see of the
 * plan. On refusal *out sees nothing (granted false). */
bool access_plan_view(struct ctx *ctx, int64_t plan_id,
                      struct access_view *out);

/* May the caller see field f (of a fixed category)? A FIELD_BY_UNIT
 * field needs access_sees_row. */
bool access_sees(const struct access_view *v, enum field_id f);

/* May the caller see information of category c owned by the unit
 * owner_unit_id (0: no unit, e.g. a party outside samplan)? */
bool access_sees_row(const struct access_view *v, enum field_category c,
                     int64_t owner_unit_id);

/* May the caller open the person's extract of who read their data
 * (audit/review.h)? Staff users of the lead unit (the initiating unit,
 * from establishment the coordinator's) of one of the person's plans.
 * Anyone else — also for a person that does not exist — is refused as
 * not found. The console may. Sets ctx->acting_unit. */
bool access_person_extract(struct ctx *ctx, int64_t person_id);

/* Plan: may the caller move it forward (a user of the plan's lead unit:
 * the initiating unit until the plan is established, then the
 * coordinator's unit)? Refuses with FORBIDDEN and says who may. */
bool access_plan_lead(struct ctx *ctx, int64_t lead_unit_id,
                      const char *lead_unit_name);

/* Invitation reply: users of the invited unit; for a party outside
 * samplan, users of the lead unit registering the reply by hand. */
bool access_invitation_reply(struct ctx *ctx, int64_t invited_unit_id,
                             int64_t lead_unit_id);

/* Closing note (closing.h): the unit of the caller that writes its
 * principal's note — unit_id if given, else the first fitting one. It
 * must be the caller's, take part in the plan (plan_unit, left_at NULL)
 * and belong to a municipality or region (other actors are no
 * huvudman). The caller has already passed access_plan. Refuses with
 * FORBIDDEN; *principal_id gets the unit's principal. */
bool access_closing_note_unit(struct ctx *ctx, int64_t plan_id,
                              int64_t unit_id, int64_t *unit,
                              int64_t *principal_id);

#endif
