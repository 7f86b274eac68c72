/*
 * daily_summary.c — the daily summary per user (see daily_summary.h).
 *
 * What a user "has": invitations to their units (new, and not yet
 * answered while the meeting is upcoming); replies to invitations of the
 * plans they coordinate; follow-ups of those plans due within
 * FOLLOW_UP_AHEAD_DAYS or overdue; consents of those plans that expire
 * within CONSENT_AHEAD_DAYS. A plan's coordinator is its
 * coordinator_user_id, or — before the plan is established and has one
 * — the user who started it. These are small queries of their own; the
 * work list (worklist.c) has the full lists.
 *
 * "Once per user and day" is the mail_summary row (user_id, day),
 * inserted first in the user's transaction with ON CONFLICT DO NOTHING:
 * the server that inserts it writes the message; another finds it there
 * (or waits on PostgreSQL for the first one's commit) and writes
 * nothing.
 */
#include <assert.h>
#include <stdio.h>
#include <time.h>

#include "audit/audit.h"
#include "base/buf.h"
#include "base/date.h"
#include "base/i18n.h"
#include "mail/mail.h"
#include "sip/daily_summary.h"
#include "store/db.h"

enum {
	DAY_S = 24 * 60 * 60,
	FOLLOW_UP_AHEAD_DAYS = 14,
	CONSENT_AHEAD_DAYS = 30,
	USER_BATCH = 1000,
};

/* Plans the user coordinates (parameter: the user id, twice). */
#define COORDINATES \
	"(p.coordinator_user_id = ? OR" \
	" (p.coordinator_user_id IS NULL AND p.created_by = ?))"

struct counts {
	int64_t new_invitations, new_replies;
	int64_t overdue, follow_ups, unanswered, consents;
};

/* One COUNT(*) with the binds described by `binds`: 'u' the user id,
 * 's' since, 't' today, 'f' the follow-up horizon, 'c' the consent
 * horizon. */
struct window {
	int64_t user, since;
	const char *today, *follow_up_until, *consent_until;
};

static bool count(struct ctx *ctx, const char *sql, const char *binds,
                  const struct window *w, int64_t *out)
{
	struct stmt s;
	db_prepare(ctx->db, &s, sql);
	for (int i = 0; binds[i]; i++) {
		switch (binds[i]) {
		case 'u': db_bind_int64(&s, i + 1, w->user); break;
		case 's': db_bind_int64(&s, i + 1, w->since); break;
		case 't': db_bind_text(&s, i + 1, w->today); break;
		case 'f': db_bind_text(&s, i + 1, w->follow_up_until); break;
		case 'c': db_bind_text(&s, i + 1, w->consent_until); break;
		default: assert(!"unknown bind");
		}
	}
	int rc = db_step(&s);
	*out = rc == DB_ROW ? db_column_int64(&s, 0) : 0;
	db_finalize(&s);
	if (rc != DB_ROW)
		return ctx_db_failed(ctx, rc == DB_DONE ? DB_ERROR : rc, "summary");
	return true;
}

static bool counts_load(struct ctx *ctx, const struct window *w,
                        struct counts *c)
{
	return count(ctx,
		"SELECT COUNT(*) FROM invitation i"
		" JOIN user_unit uu ON uu.unit_id = i.unit_id"
		" WHERE uu.user_id = ? AND i.created_at > ?", "us", w,
		&c->new_invitations) &&
	       count(ctx,
		"SELECT COUNT(*) FROM invitation i JOIN plan p ON p.id = i.plan_id"
		" WHERE " COORDINATES " AND i.replied_at > ?", "uus", w,
		&c->new_replies) &&
	       count(ctx,
		"SELECT COUNT(*) FROM plan p WHERE " COORDINATES
		" AND p.state IN ('active', 'follow_up')"
		" AND p.next_follow_up_date < ?", "uut", w, &c->overdue) &&
	       count(ctx,
		"SELECT COUNT(*) FROM plan p WHERE " COORDINATES
		" AND p.state IN ('active', 'follow_up')"
		" AND p.next_follow_up_date >= ? AND p.next_follow_up_date <= ?",
		"uutf", w, &c->follow_ups) &&
	       count(ctx,
		"SELECT COUNT(*) FROM invitation i"
		" JOIN user_unit uu ON uu.unit_id = i.unit_id"
		" JOIN meeting m ON m.id = i.meeting_id"
		" JOIN plan p ON p.id = i.plan_id"
		" WHERE uu.user_id = ? AND i.reply IS NULL AND m.held = 0"
		" AND m.cancelled_at IS NULL AND m.meeting_date >= ?"
		" AND p.state <> 'closed'", "ut", w, &c->unanswered) &&
	       count(ctx,
		"SELECT COUNT(*) FROM consent k JOIN plan p ON p.id = k.plan_id"
		" WHERE " COORDINATES " AND p.state <> 'closed'"
		" AND k.withdrawn_at IS NULL"
		" AND k.valid_until >= ? AND k.valid_until <= ?", "uutc", w,
		&c->consents);
}

static void line(struct buf *b, int64_t n, const char *what)
{
	if (n > 0)
		buf_printf(b, "- %s: %lld\n", what, (long long)n);
}

/* The message; NULL when there is nothing to say. Counts and a link
 * only: no name, personnummer or plan content. */
static const char *body_of(struct ctx *ctx, const char *lang,
                           const char *day, const struct counts *c)
{
	bool news = c->new_invitations || c->new_replies;
	bool due = c->overdue || c->follow_ups || c->unanswered || c->consents;
	if (!news && !due)
		return NULL;
	struct buf b;
	buf_init(&b, MAIL_BODY_MAX);
	buf_printf(&b, tr(lang, "Sammanfattning från samplan %s."), day);
	buf_puts(&b, "\n\n");
	if (news) {
		buf_printf(&b, "%s\n", tr(lang, "Nytt sedan förra sammanfattningen:"));
		line(&b, c->new_invitations, tr(lang, "Kallelser till dina enheter"));
		line(&b, c->new_replies,
		     tr(lang, "Svar på kallelser i planer du samordnar"));
		buf_puts(&b, "\n");
	}
	if (due) {
		buf_printf(&b, "%s\n", tr(lang, "Att göra:"));
		line(&b, c->overdue, tr(lang, "Uppföljningar som är försenade"));
		line(&b, c->follow_ups, arena_printf(ctx->arena,
		     tr(lang, "Uppföljningar inom %d dagar"), FOLLOW_UP_AHEAD_DAYS));
		line(&b, c->unanswered, tr(lang, "Kallelser till dina enheter som "
		                                 "väntar på svar"));
		line(&b, c->consents, arena_printf(ctx->arena,
		     tr(lang, "Samtycken som upphör inom %d dagar"),
		     CONSENT_AHEAD_DAYS));
		buf_puts(&b, "\n");
	}
	buf_printf(&b, "%s\n%s/\n\n%s\n",
	           tr(lang, "Se vad det gäller på din startsida i samplan:"),
	           mail_public_url(),
	           tr(lang, "Meddelandet är skickat automatiskt av samplan. Svara "
	                    "inte på det."));
	const char *out = arena_strdup(ctx->arena, b.data);
	buf_free(&b);
	return out;
}

/* The user's summary for `day`, in its own transaction; *made true when
 * this call queued a message. */
static bool summarise(struct ctx *ctx, int64_t user_id, const char *address,
                      const char *lang, const char *day, struct window w,
                      bool *made)
{
	*made = false;
	if (!ctx_begin(ctx))
		return false;
	struct stmt s;
	/* The last summary's time begins "new since" (a first summary
	 * looks back one day). Read before this day's row exists. */
	db_prepare(ctx->db, &s,
		"SELECT MAX(created_at) FROM mail_summary WHERE user_id = ?");
	db_bind_int64(&s, 1, user_id);
	int rc = db_step(&s);
	w.since = rc == DB_ROW && !db_column_is_null(&s, 0)
	          ? db_column_int64(&s, 0) : ctx->now - DAY_S;
	db_finalize(&s);
	if (rc != DB_ROW) {
		ctx_db_failed(ctx, rc, "summary");
		return ctx_abort(ctx);
	}
	db_prepare(ctx->db, &s,
		"INSERT INTO mail_summary (user_id, day, created_at)"
		" VALUES (?, ?, ?) ON CONFLICT DO NOTHING RETURNING user_id");
	db_bind_int64(&s, 1, user_id);
	db_bind_text(&s, 2, day);
	db_bind_int64(&s, 3, ctx->now);
	rc = db_step(&s);
	db_finalize(&s);
	if (rc == DB_DONE) { /* another server's, committed meanwhile */
		ctx_abort(ctx);
		return true;
	}
	if (rc != DB_ROW) {
		ctx_db_failed(ctx, rc, "summary");
		return ctx_abort(ctx);
	}
	w.user = user_id;
	struct counts c;
	if (!counts_load(ctx, &w, &c))
		return ctx_abort(ctx);
	const char *body = body_of(ctx, lang, day, &c);
	if (body) {
		const char *key = arena_printf(ctx->arena, "summary:%lld:%s",
		                               (long long)user_id, day);
		if (!mail_enqueue(ctx, address,
		                  arena_printf(ctx->arena,
		                               tr(lang, "Samplan: sammanfattning %s"),
		                               day),
		                  body, MAIL_KIND_SUMMARY, key, NULL) ||
		    !audit_write(ctx, "mail.summary", 0, 0,
		                 arena_printf(ctx->arena, "user %lld, %s",
		                              (long long)user_id, day)))
			return ctx_abort(ctx);
		*made = true;
	}
	return ctx_commit(ctx);
}

bool daily_summaries_queue(struct ctx *ctx, int summary_hour, int *queued)
{
	assert(ctx_is_console(ctx));
	*queued = 0;
	time_t now = (time_t)ctx->now;
	struct tm local;
	localtime_r(&now, &local);
	if (local.tm_hour < summary_hour)
		return true;
	struct date today = date_of_time(ctx->now);
	char day[11], follow_up_until[11], consent_until[11];
	date_format(today, day);
	date_format(date_from_days(date_to_days(today) + FOLLOW_UP_AHEAD_DAYS),
	            follow_up_until);
	date_format(date_from_days(date_to_days(today) + CONSENT_AHEAD_DAYS),
	            consent_until);
	struct window w = {.today = day, .follow_up_until = follow_up_until,
	                   .consent_until = consent_until};
	int64_t *ids = arena_array(ctx->arena, int64_t, USER_BATCH);
	const char **addresses = arena_array(ctx->arena, const char *,
	                                     USER_BATCH);
	/* Each in the user's own language (Swedish unless chosen). */
	const char **langs = arena_array(ctx->arena, const char *, USER_BATCH);
	int n = 0;
	struct stmt s;
	db_prepare(ctx->db, &s,
		"SELECT u.id, u.email, u.lang FROM user_account u"
		" WHERE u.active = 1 AND u.email IS NOT NULL"
		" AND NOT EXISTS (SELECT 1 FROM mail_summary m"
		"  WHERE m.user_id = u.id AND m.day = ?)"
		" ORDER BY u.id LIMIT ?");
	db_bind_text(&s, 1, day);
	db_bind_int64(&s, 2, USER_BATCH);
	int rc;
	for (rc = db_step(&s); rc == DB_ROW && n < USER_BATCH; rc = db_step(&s)) {
		ids[n] = db_column_int64(&s, 0);
		addresses[n] = arena_strdup(ctx->arena, db_column_text(&s, 1));
		langs[n++] = db_column_is_null(&s, 2)
		             ? "sv" : arena_strdup(ctx->arena, db_column_text(&s, 2));
	}
	db_finalize(&s);
	if (rc != DB_DONE && rc != DB_ROW)
		return ctx_db_failed(ctx, rc, "summary users");
	/* One user's failure (its problem stays recorded) does not cost
	 * the others their summary. */
	bool all = true;
	for (int i = 0; i < n; i++) {
		if (!mail_address_ok(addresses[i]))
			continue;
		bool made;
		if (summarise(ctx, ids[i], addresses[i], langs[i], day, w, &made))
			*queued += made;
		else
			all = false;
	}
	return all;
}
