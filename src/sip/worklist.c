/*
 * worklist.c — the coordinator's day (see worklist.h for the sections
 * and which plans they draw on).
 *
 * Three statements, whatever the number of plans:
 *   1. the plans (summary rows) of the caller's set: the access rule
 *      (ACCESS_PLAN_VISIBLE_SQL) is a condition on each candidate of
 *      that one statement, in the form both planners take through the
 *      indexes (access.h on "IS TRUE"; a CTE of visible ids measured
 *      slower on PostgreSQL);
 *   2. every section that needs more than the summary rows, at once: a
 *      UNION ALL over those plans' ids, passed as JSON array parameters
 *      — so the rule is not evaluated again and the statement text
 *      never changes (one text per backend: SQLite reads an array with
 *      json_each, PostgreSQL with json_array_elements_text).
 *   3. the open deviations of the caller's units (deviation.h), through
 *      the indexes on (unit_id, state) and (reporter_unit_id, state).
 * Then the audit records of the request, one statement (audit.h).
 */
#include "sip/worklist.h"

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "audit/audit.h"
#include "base/buf.h"
#include "base/date.h"
#include "sip/access.h"
#include "sip/closing.h"
#include "sip/plan_internal.h"
#include "sip/user.h"
#include "store/db.h"

/* At most this many plans: the busiest coordinator has about 110. */
enum { WORKLIST_PLAN_LIMIT = 300 };

const char *worklist_section_name(enum worklist_section s)
{
	switch (s) {
	case WORKLIST_FOLLOW_UPS: return "follow_ups";
	case WORKLIST_UNANSWERED: return "unanswered_invitations";
	case WORKLIST_WAITING: return "waiting_since_need";
	case WORKLIST_ENDED: return "ended_interventions";
	case WORKLIST_CONSENTS: return "expiring_consents";
	case WORKLIST_CLOSINGS: return "closings_owed";
	case WORKLIST_AWAITING_REPLY: return "awaiting_my_reply";
	case WORKLIST_NSECTIONS: break;
	}
	return "?";
}

/* ---- 1. the plans ---- */

/* The plans the user works with personally (as plan_list_mine), and
 * the citizens' requests waiting at their units: five parameters, the
 * user's id each. */
#define WORKLIST_CANDIDATES_SQL                                            \
	"cand (id) AS (SELECT id FROM plan WHERE created_by = ?"           \
	" UNION SELECT id FROM plan WHERE coordinator_user_id = ?"          \
	" UNION SELECT plan_id FROM invitation WHERE replied_by = ?"        \
	" UNION SELECT i.plan_id FROM invitation i JOIN user_unit uu"       \
	"  ON uu.unit_id = i.unit_id JOIN meeting m ON m.id = i.meeting_id" \
	"  WHERE uu.user_id = ? AND " INVITATION_AWAITED_SQL               \
	" UNION " CITIZEN_REQUESTS_WAITING_SQL ")"

static bool load_plans(struct ctx *ctx, struct worklist *out)
{
	int64_t uid = ctx_user_id(ctx);
	struct stmt s;
	db_prepare_replan(ctx->db, &s,
		"WITH " WORKLIST_CANDIDATES_SQL
		" SELECT " SUMMARY_COLUMNS " WHERE p.id IN (SELECT id FROM cand)"
		" AND " ACCESS_PLAN_VISIBLE_SQL("p.id")
		" ORDER BY CASE WHEN p.state IN ('declined', 'closed') THEN 1"
		" ELSE 0 END, p.need_assessed_at, p.id LIMIT ?");
	for (int i = 1; i <= 5; i++)
		db_bind_int64(&s, i, uid);    /* the candidates */
	db_bind_int64(&s, 6, uid);        /* SUMMARY_COLUMNS' own */
	db_bind_int64(&s, 7, uid);        /* the access rule */
	db_bind_text(&s, 8, access_today(ctx));
	db_bind_int64(&s, 9, WORKLIST_PLAN_LIMIT);
	size_t count = 0, cap = 0;
	int rc;
	for (rc = db_step(&s); rc == DB_ROW; rc = db_step(&s)) {
		ARENA_PUSH(ctx->arena, out->plans, count, cap);
		plan_summary_row(ctx, &s, &out->plans[count++]);
	}
	db_finalize(&s);
	out->nplans = (int)count;
	return rc == DB_DONE ? true : ctx_db_failed(ctx, rc, "work list");
}

/* ---- 2. the sections ----
 *
 * Follow-ups and plans waiting since the need was assessed follow from
 * the summary rows alone (state, follow-up date, lead unit). The rest
 * is one statement with one JSON array of plan ids per kind of section,
 * each holding only the plans that can have such rows (the summary rows
 * say which: unanswered invitations, the state, the lead unit), so no
 * branch looks at a plan it cannot use. Rows name their plan; the
 * person comes from its summary row. */

#define WL_IDS_SQLITE(name) name " (id) AS (SELECT value FROM json_each(?))"
#define WL_IDS_PG(name)                                                    \
	name " (id) AS (SELECT CAST(v.value AS BIGINT) FROM"               \
	" json_array_elements_text(CAST(? AS json)) AS v (value))"

/* Columns: section, plan, date, what, start time, ref id, mine (for
 * unanswered invitations: to a unit in samplan), since
 * (Unix seconds). Parameters in order: the five id lists (unanswered,
 * active, led, closed, awaiting); today, user (own unit) for ended
 * interventions; today and horizon for consents; user for closings
 * (mine); user for awaiting replies. */
#define WL_SECTIONS_SQL(IDS)                                               \
	"WITH " IDS("inv") ", " IDS("act") ", " IDS("led") ", " IDS("clo") \
	", " IDS("awa")                                                    \
	" SELECT 1, i.plan_id, m.meeting_date,"                            \
	" COALESCE(iu.name, i.external_name), m.start_time, i.id,"         \
	" CASE WHEN i.unit_id IS NULL THEN 0 ELSE 1 END,"                  \
	" i.created_at FROM inv JOIN invitation i ON i.plan_id = inv.id"    \
	" JOIN meeting m ON m.id = i.meeting_id"                            \
	" LEFT JOIN unit iu ON iu.id = i.unit_id"                           \
	" WHERE " INVITATION_AWAITED_SQL                                   \
	" UNION ALL"                                                       \
	" SELECT 3, p.id, pi.end_date, pi.what, NULL, pi.id, 0, 0"          \
	" FROM act JOIN plan p ON p.id = act.id"                            \
	" JOIN plan_intervention pi ON pi.version_id = p.current_version_id"\
	" WHERE pi.end_date < ? AND (act.id IN (SELECT id FROM led)"        \
	" OR pi.responsible_unit_id IN"                                     \
	" (SELECT unit_id FROM user_unit WHERE user_id = ?))"               \
	" UNION ALL"                                                       \
	" SELECT 4, c.plan_id, c.valid_until, NULL, NULL, c.id, 0, 0"       \
	" FROM led JOIN consent c ON c.plan_id = led.id"                    \
	" WHERE c.withdrawn_at IS NULL AND c.valid_until >= ?"             \
	" AND c.valid_until <= ?"                                          \
	" UNION ALL"                                                       \
	" SELECT DISTINCT 5, clo.id, NULL, pr_o.name, NULL, pr_o.id,"       \
	" CASE WHEN EXISTS (SELECT 1 FROM user_unit uu JOIN unit u3"        \
	" ON u3.id = uu.unit_id WHERE uu.user_id = ?"                      \
	" AND u3.principal_id = pr_o.id) THEN 1 ELSE 0 END, p.closed_at"    \
	" FROM clo JOIN plan p ON p.id = clo.id"                            \
	" JOIN plan_unit pu_c ON pu_c.plan_id = clo.id"                     \
	" AND pu_c.left_at IS NULL" CLOSING_OWING_JOIN_SQL("pu_c")         \
	" WHERE NOT EXISTS (SELECT 1 FROM plan_closing_note n"              \
	" WHERE n.plan_id = clo.id AND n.principal_id = pr_o.id)"           \
	" UNION ALL"                                                       \
	" SELECT 6, i.plan_id, m.meeting_date, iu.name, m.start_time, i.id,"\
	" 0, i.created_at FROM awa JOIN invitation i ON i.plan_id = awa.id" \
	" JOIN meeting m ON m.id = i.meeting_id"                            \
	" JOIN unit iu ON iu.id = i.unit_id"                                \
	" JOIN user_unit uw ON uw.unit_id = i.unit_id AND uw.user_id = ?"   \
	" WHERE " INVITATION_AWAITED_SQL                                   \
	" ORDER BY 1, 3, 8, 2, 6"

static const char *date_plus(struct ctx *ctx, int days)
{
	char *d = arena_alloc(ctx->arena, 11);
	date_format(date_from_days(date_to_days(date_of_time(ctx->now)) + days),
	            d);
	return d;
}

/* Whole days from today to `date` (negative: passed). */
static int days_until(struct ctx *ctx, const char *date)
{
	struct date d;
	if (!date || !date_parse(date, &d))
		return 0;
	return (int)(date_to_days(d) - date_to_days(date_of_time(ctx->now)));
}

static int days_since(struct ctx *ctx, int64_t at)
{
	return at && ctx->now > at ? (int)((ctx->now - at) / 86400) : 0;
}

static char *text_col(struct ctx *ctx, struct stmt *s, int i)
{
	const char *t = db_column_text(s, i);
	return t ? arena_strdup(ctx->arena, t) : NULL;
}

static bool my_unit(const struct user *me, int64_t unit_id)
{
	for (int i = 0; me && i < me->nunits; i++)
		if (me->units[i].id == unit_id)
			return true;
	return false;
}

static void push(struct ctx *ctx, struct worklist *w, size_t cap[],
                 enum worklist_section sec, const struct plan_summary *p,
                 struct worklist_item **out)
{
	size_t n = (size_t)w->n[sec];
	ARENA_PUSH(ctx->arena, w->items[sec], n, cap[sec]);
	struct worklist_item *x = &w->items[sec][w->n[sec]++];
	*x = (struct worklist_item){
		.plan_id = p->id,
		.person_id = p->person_id,
		.person_name = p->person_name,
		.personnummer = p->personnummer,
		.protected_identity = p->protected_identity,
		.state = p->state,
	};
	*out = x;
}

/* The id lists of the statement, as JSON arrays. */
enum { IDS_UNANSWERED, IDS_ACTIVE, IDS_LED, IDS_CLOSED, IDS_AWAITING, NIDS };

static void ids_add(struct buf *b, int64_t id)
{
	buf_printf(b, "%s%" PRId64, b->len > 1 ? "," : "", id);
}

/* The summary rows' own sections, and which plans the statement must
 * look at for the others. */
static void from_summaries(struct ctx *ctx, struct worklist *w, size_t cap[],
                           struct buf ids[NIDS])
{
	const struct user *me = ctx_staff(ctx);
	const char *horizon = date_plus(ctx, WORKLIST_FOLLOW_UP_DAYS);
	for (int i = 0; i < w->nplans; i++) {
		const struct plan_summary *p = &w->plans[i];
		bool led = my_unit(me, p->lead_unit_id);
		bool open = plan_state_open(p->state);
		struct worklist_item *x;
		if (p->state == PLAN_ACTIVE && p->next_follow_up_date &&
		    strcmp(p->next_follow_up_date, horizon) <= 0) {
			push(ctx, w, cap, WORKLIST_FOLLOW_UPS, p, &x);
			x->date = p->next_follow_up_date;
			x->days = days_until(ctx, x->date);
		}
		if (led && (p->state == PLAN_NEED_ASSESSED ||
		            p->state == PLAN_CONSENT ||
		            p->state == PLAN_PREPARING ||
		            p->state == PLAN_INVITED)) {
			push(ctx, w, cap, WORKLIST_WAITING, p, &x);
			x->days = days_since(ctx, p->need_assessed_at);
		}
		if (led && open && p->unanswered > 0 &&
		    p->state != PLAN_NEED_ASSESSED && p->state != PLAN_CONSENT)
			ids_add(&ids[IDS_UNANSWERED], p->id);
		if (p->state == PLAN_ACTIVE || p->state == PLAN_FOLLOW_UP)
			ids_add(&ids[IDS_ACTIVE], p->id);
		if (led && open)
			ids_add(&ids[IDS_LED], p->id);
		if (p->state == PLAN_CLOSED)
			ids_add(&ids[IDS_CLOSED], p->id);
		if (open && p->awaiting_my_reply > 0 &&
		    p->state != PLAN_NEED_ASSESSED && p->state != PLAN_CONSENT)
			ids_add(&ids[IDS_AWAITING], p->id);
	}
}

/* Follow-ups by date: the most overdue first. (The plans waiting keep
 * the summary rows' order, the longest waiting first.) */
static int by_date(const void *a, const void *b)
{
	const struct worklist_item *x = a, *y = b;
	int c = strcmp(x->date ? x->date : "", y->date ? y->date : "");
	return c ? c : (x->plan_id > y->plan_id) - (x->plan_id < y->plan_id);
}

static const struct plan_summary *summary_of(const struct worklist *w,
                                             int64_t plan_id)
{
	/* The rows are few (WORKLIST_PLAN_LIMIT); a scan is enough. */
	for (int i = 0; i < w->nplans; i++)
		if (w->plans[i].id == plan_id)
			return &w->plans[i];
	return NULL;
}

static bool load_sections(struct ctx *ctx, struct worklist *out)
{
	int64_t uid = ctx_user_id(ctx);
	const char *today = access_today(ctx);
	size_t cap[WORKLIST_NSECTIONS] = {0};
	struct buf ids[NIDS];
	for (int i = 0; i < NIDS; i++) {
		buf_init(&ids[i], (size_t)out->nplans * 21 + 3);
		buf_putc(&ids[i], '[');
	}
	from_summaries(ctx, out, cap, ids);
	if (out->n[WORKLIST_FOLLOW_UPS] > 1)
		qsort(out->items[WORKLIST_FOLLOW_UPS],
		      (size_t)out->n[WORKLIST_FOLLOW_UPS],
		      sizeof *out->items[WORKLIST_FOLLOW_UPS], by_date);
	struct stmt s;
	/* Planned with its values each time (db.h): PostgreSQL's generic
	 * plan for the id lists served one work list at a time. */
	db_prepare_replan(ctx->db, &s, db_kind(ctx->db) == DB_POSTGRESQL
	                               ? WL_SECTIONS_SQL(WL_IDS_PG)
	                               : WL_SECTIONS_SQL(WL_IDS_SQLITE));
	int k = 1;
	for (int i = 0; i < NIDS; i++) {
		buf_putc(&ids[i], ']');
		db_bind_text(&s, k++, ids[i].data);
	}
	db_bind_text(&s, k++, today);
	db_bind_int64(&s, k++, uid);
	db_bind_text(&s, k++, today);
	db_bind_text(&s, k++, date_plus(ctx, WORKLIST_CONSENT_DAYS));
	db_bind_int64(&s, k++, uid);
	db_bind_int64(&s, k++, uid);
	int rc;
	for (rc = db_step(&s); rc == DB_ROW; rc = db_step(&s)) {
		int64_t sec = db_column_int64(&s, 0);
		const struct plan_summary *p = summary_of(out, db_column_int64(&s, 1));
		if (sec < 0 || sec >= WORKLIST_NSECTIONS || !p)
			continue;
		struct worklist_item *x;
		push(ctx, out, cap, (enum worklist_section)sec, p, &x);
		x->date = text_col(ctx, &s, 2);
		x->what = text_col(ctx, &s, 3);
		x->start_time = text_col(ctx, &s, 4);
		x->ref_id = db_column_int64(&s, 5);
		if (sec == WORKLIST_UNANSWERED)
			x->unit_invited = db_column_int64(&s, 6) != 0;
		else
			x->mine = db_column_int64(&s, 6) != 0;
		int64_t since = db_column_int64(&s, 7);
		x->days = sec == WORKLIST_UNANSWERED || sec == WORKLIST_CLOSINGS
		          ? days_since(ctx, since) : days_until(ctx, x->date);
	}
	db_finalize(&s);
	for (int i = 0; i < NIDS; i++)
		buf_free(&ids[i]);
	return rc == DB_DONE ? true : ctx_db_failed(ctx, rc, "work list");
}

/* ---- 3. the audit ---- */

static bool audit_worklist(struct ctx *ctx, const struct worklist *w)
{
	int n = 0;
	size_t most = (size_t)w->nplans + (size_t)w->ndeviations + 1;
	int64_t *persons = arena_array(ctx->arena, int64_t, most);
	int64_t *plans = arena_array(ctx->arena, int64_t, most);
	for (int i = 0; i < w->nplans; i++, n++) {
		persons[n] = w->plans[i].person_id;
		plans[n] = w->plans[i].id;
	}
	/* A deviation names its person only to those who see the plan. */
	for (int i = 0; i < w->ndeviations; i++)
		if (w->deviations[i].person_shown) {
			persons[n] = w->deviations[i].person_id;
			plans[n++] = w->deviations[i].plan_id;
		}
	if (!audit_read_many(ctx, "plan.list", persons, plans, n))
		return false;
	int m = w->n[WORKLIST_AWAITING_REPLY];
	const struct worklist_item *a = w->items[WORKLIST_AWAITING_REPLY];
	int64_t *ap = arena_array(ctx->arena, int64_t, (size_t)m + 1);
	int64_t *al = arena_array(ctx->arena, int64_t, (size_t)m + 1);
	for (int i = 0; i < m; i++) {
		ap[i] = a[i].person_id;
		al[i] = a[i].plan_id;
	}
	return audit_read_many(ctx, "invitation.list", ap, al, m);
}

bool worklist_get(struct ctx *ctx, struct worklist *out)
{
	memset(out, 0, sizeof *out);
	if (!access_may_work(ctx))
		return false;
	if (!ctx_staff(ctx))
		return true; /* the console works with no plan personally */
	if (!load_plans(ctx, out) ||
	    !plan_notices_unseen(ctx, &out->notices, &out->nnotices) ||
	    !deviation_rows_mine(ctx, true, &out->deviations, &out->ndeviations))
		return false;
	if (out->nplans == 0 && out->ndeviations == 0)
		return true;
	return (out->nplans == 0 || load_sections(ctx, out)) &&
	       audit_worklist(ctx, out);
}
