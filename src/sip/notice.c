/*
 * notice.c — notices to the parties of a plan (see notice.h for who
 * sees them). The list is one statement: the caller's units taking part
 * in each plan with a notice none of them has marked seen, under the
 * access rule (ACCESS_PLAN_VISIBLE_SQL), so what a unit may no longer
 * see is never listed.
 */
#include "sip/notice.h"

#include <string.h>

#include "audit/audit.h"
#include "sip/access.h"
#include "sip/user.h"
#include "store/db.h"

static const char *const kind_names[NOTICE_NKINDS] = {
	"consent_narrowed", "consent_withdrawn", "consent_widen_requested",
	"follow_up_requested", "revision_rejected",
};

const char *plan_notice_kind_name(enum plan_notice_kind k)
{
	return k >= 0 && k < NOTICE_NKINDS ? kind_names[k] : "?";
}

static bool kind_parse(const char *s, enum plan_notice_kind *out)
{
	for (int i = 0; s && i < NOTICE_NKINDS; i++)
		if (strcmp(s, kind_names[i]) == 0) {
			*out = (enum plan_notice_kind)i;
			return true;
		}
	return false;
}

const char *plan_notice_kind_label(enum plan_notice_kind k, const char *lang)
{
	switch (k) {
	case NOTICE_CONSENT_NARROWED:
		return tr(lang, "Den enskilde har begränsat ett samtycke");
	case NOTICE_CONSENT_WITHDRAWN:
		return tr(lang, "Den enskilde har återkallat ett samtycke");
	case NOTICE_CONSENT_WIDEN_REQUESTED:
		return tr(lang, "Den enskilde ber om att ett samtycke utvidgas");
	case NOTICE_FOLLOW_UP_REQUESTED:
		return tr(lang, "Den enskilde ber om en tidigare uppföljning");
	case NOTICE_REVISION_REJECTED:
		return tr(lang, "Den enskilde har sagt nej till en ändrad plan");
	case NOTICE_NKINDS:
		break;
	}
	return "?";
}

static bool plan_person(struct ctx *ctx, int64_t plan_id, int64_t *person_id)
{
	struct stmt s;
	db_prepare(ctx->db, &s, "SELECT person_id FROM plan WHERE id = ?");
	db_bind_int64(&s, 1, plan_id);
	int rc = db_step(&s);
	if (rc == DB_ROW)
		*person_id = db_column_int64(&s, 0);
	db_finalize(&s);
	if (rc == DB_DONE)
		return ctx_not_found(ctx);
	return rc == DB_ROW ? true : ctx_db_failed(ctx, rc, "notice plan");
}

bool plan_notice_add_request(struct ctx *ctx, int64_t plan_id,
                             enum plan_notice_kind kind, const char *detail,
                             int64_t request_id, int64_t *notice_id)
{
	/* A programmer's error, not a user's: the kinds are ours. */
	if (kind < 0 || kind >= NOTICE_NKINDS ||
	    (detail && strlen(detail) > NOTICE_DETAIL_MAX))
		return problem_set(ctx->problem, ctx->arena, PROBLEM_INTERNAL,
		                   "%s", "bad notice");
	int64_t person_id = 0, id = 0;
	if (!plan_person(ctx, plan_id, &person_id))
		return false;
	struct stmt s;
	db_prepare(ctx->db, &s,
		"INSERT INTO plan_notice (plan_id, kind, created_at, detail,"
		" request_id, citizen_session_id, created_by)"
		" VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id");
	db_bind_int64(&s, 1, plan_id);
	db_bind_text(&s, 2, kind_names[kind]);
	db_bind_int64(&s, 3, ctx->now);
	db_bind_text(&s, 4, detail);
	db_bind_id(&s, 5, request_id);
	db_bind_id(&s, 6, ctx->actor == ACTOR_CITIZEN ? ctx->citizen_session_id
	                                               : 0);
	db_bind_id(&s, 7, ctx_user_id(ctx));
	if (!ctx_insert(ctx, &s, &id))
		return false;
	if (notice_id)
		*notice_id = id;
	return audit_write(ctx, "plan.notice.add", person_id, plan_id,
	                   arena_printf(ctx->arena, "notice %lld %s",
	                                (long long)id, kind_names[kind]));
}

bool plan_notice_add(struct ctx *ctx, int64_t plan_id,
                     enum plan_notice_kind kind, const char *detail)
{
	return plan_notice_add_request(ctx, plan_id, kind, detail, 0, NULL);
}

static const char *text_col(struct ctx *ctx, struct stmt *s, int i)
{
	const char *t = db_column_text(s, i);
	return t ? arena_strdup(ctx->arena, t) : NULL;
}

bool plan_notices_unseen(struct ctx *ctx, struct plan_notice **out, int *n)
{
	*out = NULL;
	*n = 0;
	const struct user *me = ctx_staff(ctx);
	if (!me)
		return true; /* the console and citizens have no work list */
	struct stmt s;
	db_prepare(ctx->db, &s,
		/* The notices on the plans of the user's units first, from
		 * covering indexes alone; the rest only for those. Joined
		 * with the plans and persons first, the planner read every
		 * plan and person of the units (4 ms of a 10 ms work list
		 * with 1 800 plans). */
		"WITH mine (id, unit_id) AS MATERIALIZED (SELECT DISTINCT n.id,"
		" pu.unit_id FROM user_unit uu JOIN plan_unit pu"
		" ON pu.unit_id = uu.unit_id JOIN plan_notice n"
		" ON n.plan_id = pu.plan_id WHERE uu.user_id = ?)"
		" SELECT n.id, n.plan_id, n.kind, n.created_at, n.detail,"
		" CASE WHEN p.lead_unit_id = mine.unit_id THEN cr.text END,"
		" mine.unit_id, un.name, p.person_id,"
		" pe.given_name || ' ' || pe.family_name, pe.personnummer,"
		" pe.protected_identity /*0-11*/"
		" FROM mine JOIN plan_notice n ON n.id = mine.id"
		" JOIN plan p ON p.id = n.plan_id"
		" JOIN person pe ON pe.id = p.person_id"
		" JOIN unit un ON un.id = mine.unit_id"
		" LEFT JOIN citizen_request cr ON cr.id = n.request_id"
		" WHERE EXISTS (SELECT 1 FROM plan_unit pu WHERE pu.plan_id ="
		"  n.plan_id AND pu.unit_id = mine.unit_id AND pu.left_at IS NULL)"
		" AND NOT EXISTS (SELECT 1 FROM plan_notice_seen ns"
		"  WHERE ns.notice_id = n.id AND ns.unit_id = mine.unit_id)"
		" AND " ACCESS_PLAN_VISIBLE_SQL("n.plan_id")
		" ORDER BY n.created_at DESC, n.id DESC, mine.unit_id LIMIT ?");
	db_bind_int64(&s, 1, me->id);
	db_bind_int64(&s, 2, me->id);
	db_bind_text(&s, 3, access_today(ctx));
	db_bind_int64(&s, 4, NOTICE_LIST_LIMIT);
	size_t count = 0, cap = 0;
	int rc;
	for (rc = db_step(&s); rc == DB_ROW; rc = db_step(&s)) {
		enum plan_notice_kind k;
		if (!kind_parse(db_column_text(&s, 2), &k))
			continue;
		ARENA_PUSH(ctx->arena, *out, count, cap);
		struct plan_notice *x = &(*out)[count++];
		*x = (struct plan_notice){
			.id = db_column_int64(&s, 0),
			.plan_id = db_column_int64(&s, 1),
			.kind = k,
			.created_at = db_column_int64(&s, 3),
			.detail = text_col(ctx, &s, 4),
			.request_text = text_col(ctx, &s, 5),
			.unit_id = db_column_int64(&s, 6),
			.unit_name = text_col(ctx, &s, 7),
			.person_id = db_column_int64(&s, 8),
			.person_name = text_col(ctx, &s, 9),
			.personnummer = text_col(ctx, &s, 10),
			.protected_identity = db_column_int64(&s, 11) != 0,
		};
	}
	db_finalize(&s);
	if (rc != DB_DONE)
		return ctx_db_failed(ctx, rc, "notices");
	*n = (int)count;
	if (count == 0)
		return true;
	int64_t *persons = arena_array(ctx->arena, int64_t, count);
	int64_t *plans = arena_array(ctx->arena, int64_t, count);
	for (size_t i = 0; i < count; i++) {
		persons[i] = (*out)[i].person_id;
		plans[i] = (*out)[i].plan_id;
	}
	return audit_read_many(ctx, "plan.notice.list", persons, plans,
	                       (int)count);
}

bool plan_notice_mark_seen(struct ctx *ctx, int64_t notice_id,
                           int64_t unit_id)
{
	const struct user *me = ctx_staff(ctx);
	if (!me || !user_in_unit(me, unit_id))
		return ctx_not_found(ctx);
	struct stmt s;
	db_prepare(ctx->db, &s,
		"SELECT n.plan_id, p.person_id FROM plan_notice n"
		" JOIN plan p ON p.id = n.plan_id WHERE n.id = ?"
		" AND EXISTS (SELECT 1 FROM plan_unit pu WHERE pu.plan_id = n.plan_id"
		" AND pu.unit_id = ? AND pu.left_at IS NULL)");
	db_bind_int64(&s, 1, notice_id);
	db_bind_int64(&s, 2, unit_id);
	int64_t plan_id = 0, person_id = 0, my_unit = 0;
	int rc = db_step(&s);
	if (rc == DB_ROW) {
		plan_id = db_column_int64(&s, 0);
		person_id = db_column_int64(&s, 1);
	}
	db_finalize(&s);
	if (rc == DB_DONE)
		return ctx_not_found(ctx);
	if (rc != DB_ROW)
		return ctx_db_failed(ctx, rc, "notice");
	if (!access_plan(ctx, plan_id, &my_unit))
		return false;
	if (!ctx_begin(ctx))
		return false;
	db_prepare(ctx->db, &s,
		"INSERT INTO plan_notice_seen (notice_id, unit_id, seen_at, seen_by)"
		" VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING");
	db_bind_int64(&s, 1, notice_id);
	db_bind_int64(&s, 2, unit_id);
	db_bind_int64(&s, 3, ctx->now);
	db_bind_id(&s, 4, me->id);
	ctx->acting_unit = unit_id;
	if (!ctx_run(ctx, &s, NULL) ||
	    !audit_write(ctx, "plan.notice.seen", person_id, plan_id,
	                 arena_printf(ctx->arena, "notice %lld unit %lld",
	                              (long long)notice_id, (long long)unit_id)))
		return ctx_abort(ctx);
	return ctx_commit(ctx);
}
