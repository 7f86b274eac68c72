/*
 * reminder.c — reminders of unanswered invitations (see reminder.h).
 *
 * The rule for "not twice": an automatic reminder's row carries the key
 * "<invitation>:<n>", n one more than the automatic reminders the
 * invitation already has, and the check "none in the last N days" is
 * read inside the same transaction as the insert. Two servers deciding
 * at once either see each other's committed row (and skip), or read the
 * same n and collide on the unique key (the second inserts nothing and
 * queues no mail). A manual reminder is a person's decision and is
 * never refused for having been made before.
 */
#include <assert.h>
#include <string.h>

#include "base/date.h"
#include "sip/access.h"
#include "sip/plan_internal.h"
#include "sip/reminder.h"
#include "store/db.h"

enum { DAY_S = 24 * 60 * 60, DUE_BATCH = 500 };

/* A reminder goes to an invitation that still waits for its answer. */
static bool still_open(struct ctx *ctx, const struct invitation *inv)
{
	if (inv->reply)
		return problem_set(ctx->problem, ctx->arena, PROBLEM_CONFLICT, "%s",
		                   T(ctx, "Kallelsen är redan besvarad. Ingen "
		                          "påminnelse behövs."));
	if (!inv->unit_id)
		return problem_set(ctx->problem, ctx->arena, PROBLEM_CONFLICT, "%s",
		                   T(ctx, "Parter utanför samplan påminns med brev "
		                          "eller telefon. Registrera deras svar när "
		                          "det kommer."));
	struct stmt s;
	db_prepare(ctx->db, &s,
		"SELECT held, cancelled_at FROM meeting WHERE id = ?");
	db_bind_int64(&s, 1, inv->meeting_id);
	int rc = db_step(&s);
	bool held = rc == DB_ROW && db_column_int64(&s, 0);
	bool cancelled = rc == DB_ROW && !db_column_is_null(&s, 1);
	db_finalize(&s);
	if (rc != DB_ROW)
		return ctx_db_failed(ctx, rc == DB_DONE ? DB_ERROR : rc, "meeting");
	if (held)
		return problem_set(ctx->problem, ctx->arena, PROBLEM_CONFLICT, "%s",
		                   T(ctx, "Mötet är redan hållet. Ingen påminnelse "
		                          "behövs."));
	if (cancelled)
		return problem_set(ctx->problem, ctx->arena, PROBLEM_CONFLICT, "%s",
		                   T(ctx, "Mötet är inställt. Ingen påminnelse "
		                          "behövs."));
	return true;
}

/* Insert the reminder row; *id 0 when an automatic key was taken. */
static bool reminder_insert(struct ctx *ctx, int64_t invitation_id,
                            const char *automatic_key, int64_t *id)
{
	struct stmt s;
	db_prepare(ctx->db, &s,
		"INSERT INTO invitation_reminder (invitation_id, kind, created_at,"
		" created_by, automatic_key) VALUES (?, ?, ?, ?, ?)"
		" ON CONFLICT DO NOTHING RETURNING id");
	db_bind_int64(&s, 1, invitation_id);
	db_bind_text(&s, 2, automatic_key ? "automatic" : "manual");
	db_bind_int64(&s, 3, ctx->now);
	db_bind_id(&s, 4, ctx_user_id(ctx));
	db_bind_text(&s, 5, automatic_key);
	int rc = db_step(&s);
	*id = rc == DB_ROW ? db_column_int64(&s, 0) : 0;
	db_finalize(&s);
	if (rc != DB_ROW && rc != DB_DONE)
		return ctx_db_failed(ctx, rc, "reminder");
	return true;
}

static bool note(struct ctx *ctx, struct plan_head *h, int64_t invitation_id,
                 const char *kind)
{
	/* Reminding is the lead unit's: the server's automatic reminder is
	 * recorded as made on its behalf. */
	h->my_unit = h->my_unit ? h->my_unit : h->lead_unit_id;
	return plan_note_event(ctx, h, "invitation_reminded",
	                       arena_printf(ctx->arena, "invitation %lld: %s",
	                                    (long long)invitation_id, kind));
}

bool invitation_remind(struct ctx *ctx, int64_t invitation_id,
                       int64_t *plan_id)
{
	struct invitation inv;
	struct plan_head h;
	*plan_id = 0;
	if (!ctx_begin(ctx))
		return false;
	int64_t pid;
	if (!invitation_load(ctx, invitation_id, &inv, &pid) ||
	    !plan_head_load(ctx, pid, &h) ||
	    !access_plan_lead(ctx, h.lead_unit_id, h.lead_unit_name) ||
	    !plan_require_state(ctx, &h, STATE_BIT(PLAN_PREPARING) |
	                                     STATE_BIT(PLAN_INVITED) |
	                                     STATE_BIT(PLAN_ACTIVE) |
	                                     STATE_BIT(PLAN_FOLLOW_UP)) ||
	    !still_open(ctx, &inv))
		return ctx_abort(ctx);
	int64_t id;
	bool queued;
	if (!reminder_insert(ctx, invitation_id, NULL, &id) ||
	    !invitation_reminder_mail_queue(ctx, invitation_id, id, &queued))
		return ctx_abort(ctx);
	if (!queued) {
		problem_set(ctx->problem, ctx->arena, PROBLEM_CONFLICT,
		            T(ctx, "%s har ingen e-postadress i katalogen. "
		                   "Påminn enheten per telefon."),
		            inv.unit_name ? inv.unit_name : "");
		return ctx_abort(ctx);
	}
	if (!note(ctx, &h, invitation_id, "manual"))
		return ctx_abort(ctx);
	*plan_id = pid;
	return ctx_commit(ctx);
}

/* Inside the transaction: whether invitation_id was reminded since
 * `since`, and how many automatic reminders it has. */
static bool reminded(struct ctx *ctx, int64_t invitation_id, int64_t since,
                     bool *recent, int64_t *automatic)
{
	struct stmt s;
	db_prepare(ctx->db, &s,
		"SELECT COALESCE(MAX(created_at), 0),"
		" COUNT(CASE WHEN kind = 'automatic' THEN 1 END)"
		" FROM invitation_reminder WHERE invitation_id = ?");
	db_bind_int64(&s, 1, invitation_id);
	int rc = db_step(&s);
	*recent = rc == DB_ROW && db_column_int64(&s, 0) > since;
	*automatic = rc == DB_ROW ? db_column_int64(&s, 1) : 0;
	db_finalize(&s);
	if (rc != DB_ROW)
		return ctx_db_failed(ctx, rc == DB_DONE ? DB_ERROR : rc, "reminder");
	return true;
}

/* One automatic reminder, in its own transaction. *made true when this
 * call made it (false: another server did, or it stopped being due). */
static bool remind_automatically(struct ctx *ctx, int64_t invitation_id,
                                 int64_t plan_id, int64_t since, bool *made)
{
	*made = false;
	struct invitation inv;
	struct plan_head h;
	int64_t pid;
	if (!ctx_begin(ctx))
		return false;
	bool recent;
	int64_t automatic;
	if (!invitation_load(ctx, invitation_id, &inv, &pid) ||
	    !plan_head_load(ctx, plan_id, &h) ||
	    !reminded(ctx, invitation_id, since, &recent, &automatic))
		return ctx_abort(ctx);
	if (recent || inv.reply) {
		ctx_abort(ctx);
		return true;
	}
	const char *key = arena_printf(ctx->arena, "%lld:%lld",
	                               (long long)invitation_id,
	                               (long long)automatic + 1);
	int64_t id;
	bool queued;
	if (!reminder_insert(ctx, invitation_id, key, &id))
		return ctx_abort(ctx);
	if (!id) { /* another server's, committed meanwhile */
		ctx_abort(ctx);
		return true;
	}
	if (!invitation_reminder_mail_queue(ctx, invitation_id, id, &queued) ||
	    !note(ctx, &h, invitation_id, "automatic"))
		return ctx_abort(ctx);
	if (!ctx_commit(ctx))
		return false;
	*made = queued;
	return true;
}

bool reminders_queue_due(struct ctx *ctx, int after_days, int *queued)
{
	assert(ctx_is_console(ctx));
	*queued = 0;
	if (after_days < 1)
		after_days = REMINDER_DEFAULT_AFTER_DAYS;
	int64_t since = ctx->now - (int64_t)after_days * DAY_S;
	char today[11];
	date_format(date_of_time(ctx->now), today);
	int64_t ids[DUE_BATCH], plans[DUE_BATCH];
	int n = 0;
	struct stmt s;
	db_prepare(ctx->db, &s,
		/* From the meetings still to come (meeting_date_idx,
		 * 0030), few at any time: SQLite started from every plan in
		 * an open state and their invitations, a second of a core
		 * at each tick at 10^6 plans. CROSS JOIN fixes SQLite's
		 * order; PostgreSQL plans it as an inner join. */
		"SELECT i.id, i.plan_id FROM meeting m"
		" CROSS JOIN invitation i"
		" JOIN plan p ON p.id = i.plan_id"
		" JOIN unit u ON u.id = i.unit_id"
		" WHERE i.meeting_id = m.id AND i.reply IS NULL"
		" AND m.held = 0 AND m.cancelled_at IS NULL"
		" AND m.meeting_date >= ? AND i.created_at <= ?"
		" AND p.state IN ('preparing', 'invited', 'active', 'follow_up')"
		" AND (u.email IS NOT NULL OR EXISTS (SELECT 1"
		"  FROM invitation_professional ip WHERE ip.invitation_id = i.id))"
		" AND NOT EXISTS (SELECT 1 FROM invitation_reminder r"
		"  WHERE r.invitation_id = i.id AND r.created_at > ?)"
		" ORDER BY i.id LIMIT ?");
	db_bind_text(&s, 1, today);
	db_bind_int64(&s, 2, since);
	db_bind_int64(&s, 3, since);
	db_bind_int64(&s, 4, DUE_BATCH);
	int rc;
	for (rc = db_step(&s); rc == DB_ROW && n < DUE_BATCH; rc = db_step(&s)) {
		ids[n] = db_column_int64(&s, 0);
		plans[n++] = db_column_int64(&s, 1);
	}
	db_finalize(&s);
	if (rc != DB_DONE && rc != DB_ROW)
		return ctx_db_failed(ctx, rc, "due reminders");
	/* One invitation that cannot be reminded (its problem stays
	 * recorded for the caller) does not hold back the others. */
	bool all = true;
	for (int i = 0; i < n; i++) {
		bool made;
		if (remind_automatically(ctx, ids[i], plans[i], since, &made))
			*queued += made;
		else
			all = false;
	}
	return all;
}
