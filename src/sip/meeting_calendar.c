/*
 * meeting_calendar.c — a meeting's facts for the calendar (see
 * meeting_calendar.h). Four small reads: the meeting, the plan's lead
 * unit and coordinator, the invited units, the named professionals.
 */
#include "sip/meeting_calendar.h"

#include <string.h>

#include "mail/mail.h"
#include "sip/plan.h"
#include "store/db.h"

/* The host of samplan's public URL (the UIDs' domain): between "//" and
 * the port, path or end. */
static const char *public_host(struct ctx *ctx)
{
	const char *u = mail_public_url();
	const char *p = strstr(u, "//");
	p = p ? p + 2 : u;
	const char *at = strchr(p, '@');
	const char *slash = strchr(p, '/');
	if (at && (!slash || at < slash))
		p = at + 1;
	size_t n = strcspn(p, ":/?#");
	return n ? arena_strndup(ctx->arena, p, n) : "samplan.invalid";
}

static const char *text_or_null(struct ctx *ctx, struct stmt *s, int col)
{
	return db_column_is_null(s, col)
	       ? NULL : arena_strdup(ctx->arena, db_column_text(s, col));
}

/* A unit's or user's address: mailto: when sendable, else a URN naming
 * it in samplan (an ORGANIZER or ATTENDEE must be a URI). */
static void address(struct ctx *ctx, struct ics_party *x, const char *email,
                    const char *what, int64_t id)
{
	x->email = mail_address_ok(email) ? email : NULL;
	x->uri = arena_printf(ctx->arena, "urn:x-samplan:%s:%lld", what,
	                      (long long)id);
}

static const char *partstat(const char *reply)
{
	if (!reply)
		return "NEEDS-ACTION";
	return strcmp(reply, "decline") == 0 ? "DECLINED" : "ACCEPTED";
}

static bool load_meeting(struct ctx *ctx, int64_t plan_id, int64_t meeting_id,
                         bool for_mail, struct ics_event *out)
{
	struct stmt s;
	db_prepare(ctx->db, &s,
		"SELECT meeting_date, start_time, duration_minutes, place," /* 0-3 */
		" video_link, sequence, cancelled_at"                       /* 4-6 */
		" FROM meeting WHERE id = ? AND plan_id = ?");
	db_bind_int64(&s, 1, meeting_id);
	db_bind_int64(&s, 2, plan_id);
	int rc = db_step(&s);
	if (rc == DB_ROW) {
		out->date = text_or_null(ctx, &s, 0);
		out->start_time = text_or_null(ctx, &s, 1);
		out->duration_minutes = (int)db_column_int64(&s, 2);
		out->place = text_or_null(ctx, &s, 3);
		const char *video = text_or_null(ctx, &s, 4);
		out->video_link = for_mail ? NULL : video;
		out->video_elsewhere = for_mail && video;
		out->sequence = db_column_int64(&s, 5);
		out->cancelled = !db_column_is_null(&s, 6);
	}
	db_finalize(&s);
	if (rc == DB_DONE)
		return ctx_not_found(ctx);
	if (rc != DB_ROW)
		return ctx_db_failed(ctx, rc, "meeting");
	return true;
}

static bool load_organizer(struct ctx *ctx, int64_t plan_id,
                           struct ics_party *x)
{
	struct stmt s;
	db_prepare(ctx->db, &s,
		"SELECT u.id, u.name, u.email, c.full_name" /* 0-3 */
		" FROM plan p JOIN unit u ON u.id = p.lead_unit_id"
		" LEFT JOIN user_account c ON c.id = p.coordinator_user_id"
		" WHERE p.id = ?");
	db_bind_int64(&s, 1, plan_id);
	int rc = db_step(&s);
	if (rc == DB_ROW) {
		const char *unit = text_or_null(ctx, &s, 1);
		const char *coordinator = text_or_null(ctx, &s, 3);
		x->name = coordinator ? arena_printf(ctx->arena, "%s, %s",
		                                     coordinator, unit)
		                      : unit;
		x->unit = true;
		address(ctx, x, text_or_null(ctx, &s, 2), "unit",
		        db_column_int64(&s, 0));
	}
	db_finalize(&s);
	if (rc != DB_ROW)
		return ctx_db_failed(ctx, rc == DB_DONE ? DB_ERROR : rc, "plan");
	return true;
}

static bool load_attendees(struct ctx *ctx, int64_t meeting_id,
                           struct ics_event *out)
{
	struct ics_party *list = NULL;
	size_t n = 0, cap = 0;
	struct stmt s;
	db_prepare(ctx->db, &s,
		"SELECT u.id, u.name, u.email, i.reply" /* 0-3 */
		" FROM invitation i JOIN unit u ON u.id = i.unit_id"
		" WHERE i.meeting_id = ? ORDER BY i.id");
	db_bind_int64(&s, 1, meeting_id);
	int rc;
	for (rc = db_step(&s); rc == DB_ROW; rc = db_step(&s)) {
		ARENA_PUSH(ctx->arena, list, n, cap);
		struct ics_party *x = &list[n++];
		*x = (struct ics_party){.name = text_or_null(ctx, &s, 1),
		                        .unit = true,
		                        .partstat = partstat(text_or_null(ctx, &s, 3))};
		address(ctx, x, text_or_null(ctx, &s, 2), "unit",
		        db_column_int64(&s, 0));
	}
	db_finalize(&s);
	if (rc != DB_DONE)
		return ctx_db_failed(ctx, rc, "invitation");
	db_prepare(ctx->db, &s,
		"SELECT u.id, u.full_name, u.email, i.reply" /* 0-3 */
		" FROM invitation_professional ip"
		" JOIN invitation i ON i.id = ip.invitation_id"
		" JOIN user_account u ON u.id = ip.user_id"
		" WHERE ip.meeting_id = ? ORDER BY i.id, u.id");
	db_bind_int64(&s, 1, meeting_id);
	for (rc = db_step(&s); rc == DB_ROW; rc = db_step(&s)) {
		ARENA_PUSH(ctx->arena, list, n, cap);
		struct ics_party *x = &list[n++];
		*x = (struct ics_party){.name = text_or_null(ctx, &s, 1),
		                        .partstat = partstat(text_or_null(ctx, &s, 3))};
		address(ctx, x, text_or_null(ctx, &s, 2), "user",
		        db_column_int64(&s, 0));
	}
	db_finalize(&s);
	if (rc != DB_DONE)
		return ctx_db_failed(ctx, rc, "invitation professionals");
	out->attendees = list;
	out->nattendees = (int)n;
	return true;
}

bool meeting_calendar(struct ctx *ctx, int64_t plan_id, int64_t meeting_id,
                      bool for_mail, struct ics_event *out)
{
	*out = (struct ics_event){
		.meeting_id = meeting_id,
		.host = public_host(ctx),
		.plan_url = arena_printf(ctx->arena, "%s/plans/%lld",
		                         mail_public_url(), (long long)plan_id),
		.stamp = ctx->now,
	};
	return load_meeting(ctx, plan_id, meeting_id, for_mail, out) &&
	       load_organizer(ctx, plan_id, &out->organizer) &&
	       load_attendees(ctx, meeting_id, out);
}

const char *meeting_calendar_file_name(struct ctx *ctx, int64_t meeting_id)
{
	return arena_printf(ctx->arena, "sip-mote-%lld.ics",
	                    (long long)meeting_id);
}
