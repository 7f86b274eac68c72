/*
 * citizen_read.c — the individual's reading of their plans and meetings
 * (citizen_read.h). The access answer is citizen_access_plan's alone;
 * this file only applies it: the whole document for the individual and
 * a guardian, the version in force only for a relative or
 * representative, and no meetings for them.
 *
 * The documents are the stored version documents (plan_doc_load), the
 * same the print view and the PDF lay out; the staff's consent filter is
 * not applied (a view that covers all): the individual reads their own
 * plan whole. The comparison is plan_compare.c's, over those documents.
 */
#include "sip/citizen_read.h"

#include <string.h>

#include "audit/audit.h"
#include "base/date.h"
#include "base/i18n.h"
#include "mail/mail.h"
#include "sip/meeting_calendar.h"
#include "sip/plan.h"
#include "store/db.h"

/* Today, YYYY-MM-DD (upcoming meetings). */
static const char *today_iso(struct ctx *ctx)
{
	char *d = arena_alloc(ctx->arena, 11);
	date_format(date_of_time(ctx->now), d);
	return d;
}

static char *col(struct ctx *ctx, struct stmt *s, int i)
{
	const char *v = db_column_text(s, i);
	return v ? arena_strdup(ctx->arena, v) : NULL;
}

/* A reader of the plan in force only asked for more: refused as if it
 * did not exist, the attempt audited. */
static bool refuse_more(struct ctx *ctx, const struct citizen_access *a)
{
	if (!audit_attempt(ctx, "citizen.plan.read.refused", a->person_id,
	                   a->plan_id))
		return false;
	return ctx_not_found(ctx);
}

/* The plan's head: state, the version in force, a waiting proposal. */
static bool read_head(struct ctx *ctx, int64_t plan_id,
                      struct citizen_plan_head *h)
{
	struct stmt s;
	db_prepare(ctx->db, &s,
		"SELECT p.state, (SELECT v.version_no FROM plan_version v"
		"  WHERE v.id = p.current_version_id),"
		" (SELECT COUNT(*) FROM plan_version v WHERE v.plan_id = p.id"
		"  AND v.id > COALESCE(p.current_version_id, 0)),"
		" p.next_follow_up_date, p.closed_at,"
		" (SELECT COUNT(*) FROM meeting m WHERE m.plan_id = p.id"
		"  AND m.held = 0 AND m.cancelled_at IS NULL"
		"  AND m.meeting_date >= ?), p.declined_cause /*0-6*/"
		" FROM plan p WHERE p.id = ?");
	db_bind_text(&s, 1, today_iso(ctx));
	db_bind_int64(&s, 2, plan_id);
	int rc = db_step(&s);
	if (rc == DB_ROW) {
		h->state = col(ctx, &s, 0);
		h->current_version_no = (int)db_column_int64(&s, 1);
		h->proposal_waiting = db_column_int64(&s, 2) > 0;
		h->next_follow_up_date = col(ctx, &s, 3);
		h->closed_at = db_column_int64(&s, 4);
		h->nupcoming_meetings = (int)db_column_int64(&s, 5);
		const char *cause = db_column_text(&s, 6);
		if (cause)
			h->declined_cause_text =
				declined_cause_label(cause, ctx->lang);
	}
	db_finalize(&s);
	if (rc == DB_DONE)
		return ctx_not_found(ctx);
	if (rc != DB_ROW)
		return ctx_db_failed(ctx, rc, "citizen plan head");
	h->state_text = citizen_state_text(h->state, ctx->lang);
	return true;
}

/* The versions that have been in force (numbers up to the one in
 * force), newest first. */
static bool read_versions(struct ctx *ctx, int64_t plan_id,
                          struct citizen_plan_head *h)
{
	if (!h->current_version_no)
		return true;
	struct stmt s;
	db_prepare(ctx->db, &s,
		"SELECT version_no, established_at FROM plan_version"
		" WHERE plan_id = ? AND version_no <= ? AND version_no >= ?"
		" ORDER BY version_no DESC");
	db_bind_int64(&s, 1, plan_id);
	db_bind_int64(&s, 2, h->current_version_no);
	db_bind_int64(&s, 3, h->access.in_force_only ? h->current_version_no : 1);
	h->versions = arena_array(ctx->arena, struct citizen_version_ref,
	                          (size_t)h->current_version_no);
	int rc;
	h->nversions = 0;
	for (rc = db_step(&s); rc == DB_ROW && h->nversions < h->current_version_no;
	     rc = db_step(&s)) {
		struct citizen_version_ref *v = &h->versions[h->nversions++];
		v->version_no = (int)db_column_int64(&s, 0);
		v->established_at = db_column_int64(&s, 1);
		v->in_force = v->version_no == h->current_version_no;
	}
	db_finalize(&s);
	if (rc != DB_DONE && rc != DB_ROW)
		return ctx_db_failed(ctx, rc, "citizen versions");
	return true;
}

bool citizen_plan_head(struct ctx *ctx, int64_t plan_id, bool audit_no_version,
                       struct citizen_plan_head *out)
{
	*out = (struct citizen_plan_head){0};
	if (!citizen_access_plan(ctx, plan_id, &out->access) ||
	    !read_head(ctx, plan_id, out) || !read_versions(ctx, plan_id, out))
		return false;
	if (out->access.in_force_only) {
		/* What the plan is waiting for is not shared: only the plan. */
		out->proposal_waiting = false;
		out->nupcoming_meetings = 0;
		out->declined_cause_text = NULL;
	}
	if (audit_no_version && !out->current_version_no)
		return audit_read(ctx, "citizen.plan.read", out->access.person_id,
		                  plan_id);
	return true;
}

/* The id of version_no of the plan (0: the one in force) if it has
 * been in force, and whether it is the one in force now; 0 when none. */
static bool version_id_of(struct ctx *ctx, int64_t plan_id, int version_no,
                          int64_t *id, bool *in_force)
{
	*id = 0;
	*in_force = false;
	struct stmt s;
	db_prepare(ctx->db, &s,
		"SELECT v.id, CASE WHEN v.id = p.current_version_id THEN 1"
		" ELSE 0 END FROM plan p JOIN plan_version v"
		" ON v.plan_id = p.id JOIN plan_version c"
		" ON c.id = p.current_version_id"
		" WHERE p.id = ? AND v.version_no <= c.version_no"
		" AND (v.version_no = ? OR (? = 0 AND v.id = c.id))");
	db_bind_int64(&s, 1, plan_id);
	db_bind_int64(&s, 2, version_no);
	db_bind_int64(&s, 3, version_no);
	int rc = db_step(&s);
	if (rc == DB_ROW) {
		*id = db_column_int64(&s, 0);
		*in_force = db_column_int64(&s, 1) != 0;
	}
	db_finalize(&s);
	if (rc != DB_ROW && rc != DB_DONE)
		return ctx_db_failed(ctx, rc, "citizen version");
	return true;
}

/* The document of version_id, whole: the individual's own plan. */
static bool load_whole(struct ctx *ctx, int64_t version_id,
                       struct plan_doc *out)
{
	if (!plan_doc_load(ctx, version_id, out))
		return false;
	struct access_view all = {.granted = true, .all = true};
	plan_doc_filter(out, &all);
	return true;
}

/* The document of version_no after the access answer a. */
static bool doc_for(struct ctx *ctx, const struct citizen_access *a,
                    int version_no, struct plan_doc *out, bool *in_force)
{
	int64_t version_id;
	bool now;
	if (!version_id_of(ctx, a->plan_id, version_no, &version_id, &now))
		return false;
	if (version_id && a->in_force_only && !now)
		return refuse_more(ctx, a);
	if (!version_id)
		return ctx_not_found(ctx);
	if (in_force)
		*in_force = now;
	return load_whole(ctx, version_id, out);
}

bool citizen_plan_doc(struct ctx *ctx, int64_t plan_id, int version_no,
                      const char *audit_action, struct plan_doc *out,
                      bool *in_force)
{
	struct citizen_access a;
	if (!citizen_access_plan(ctx, plan_id, &a) ||
	    !doc_for(ctx, &a, version_no, out, in_force))
		return false;
	return audit_read(ctx, audit_action, a.person_id, plan_id);
}

bool citizen_version_changes(struct ctx *ctx, int64_t plan_id, int no,
                             struct version_diff *out)
{
	memset(out, 0, sizeof *out);
	struct citizen_access a;
	if (!citizen_access_plan(ctx, plan_id, &a))
		return false;
	if (a.in_force_only)
		return refuse_more(ctx, &a);
	if (no < 2)
		return ctx_not_found(ctx);
	struct plan_doc from, to;
	if (!doc_for(ctx, &a, no - 1, &from, NULL) ||
	    !doc_for(ctx, &a, no, &to, NULL))
		return false;
	out->from = from.version;
	out->to = to.version;
	plan_version_diff(ctx, out);
	return audit_read(ctx, "citizen.plan.changes", a.person_id, plan_id);
}

/* ---- meetings ---- */

static bool read_parties(struct ctx *ctx, struct citizen_meeting *m)
{
	struct stmt s;
	if (m->held)
		db_prepare(ctx->db, &s,
			"SELECT u.name, CASE WHEN mp.unit_id IS NULL THEN mp.name"
			" END, mp.role, NULL FROM meeting_participant mp"
			" LEFT JOIN unit u ON u.id = mp.unit_id"
			" WHERE mp.meeting_id = ? ORDER BY mp.id");
	else
		db_prepare(ctx->db, &s,
			"SELECT u.name, CASE WHEN i.unit_id IS NULL THEN"
			" COALESCE(i.external_organisation, i.external_name) END,"
			" NULL, i.reply FROM invitation i"
			" LEFT JOIN unit u ON u.id = i.unit_id"
			" WHERE i.meeting_id = ? ORDER BY i.id");
	db_bind_int64(&s, 1, m->id);
	size_t n = 0, cap = 0;
	int rc;
	for (rc = db_step(&s); rc == DB_ROW; rc = db_step(&s)) {
		ARENA_PUSH(ctx->arena, m->parties, n, cap);
		m->parties[n++] = (struct citizen_meeting_party){
			.unit_name = col(ctx, &s, 0),
			.name = col(ctx, &s, 1),
			.role = col(ctx, &s, 2),
			.reply = col(ctx, &s, 3),
		};
	}
	db_finalize(&s);
	m->nparties = (int)n;
	return rc == DB_DONE ? true : ctx_db_failed(ctx, rc, "meeting parties");
}

bool citizen_meetings(struct ctx *ctx, int64_t plan_id,
                      struct citizen_access *access,
                      struct citizen_meeting **out, int *n)
{
	*out = NULL;
	*n = 0;
	if (!citizen_access_plan(ctx, plan_id, access))
		return false;
	if (access->in_force_only)
		return refuse_more(ctx, access);
	const char *today = today_iso(ctx);
	struct stmt s;
	/* Upcoming first, soonest first; then the rest, latest first. */
	db_prepare(ctx->db, &s,
		"SELECT m.id, m.kind, m.meeting_date, m.start_time,"
		" m.duration_minutes, m.place, m.video_link, m.purpose, m.held,"
		" m.cancelled_at, m.cancel_reason, CASE WHEN m.held = 0 AND"
		" m.cancelled_at IS NULL AND m.meeting_date >= ? THEN 1 ELSE 0"
		" END AS up /*0-11*/ FROM meeting m WHERE m.plan_id = ?"
		" ORDER BY up DESC,"
		" CASE WHEN m.held = 0 AND m.cancelled_at IS NULL AND"
		" m.meeting_date >= ? THEN m.meeting_date END,"
		" m.meeting_date DESC, m.start_time, m.id");
	db_bind_text(&s, 1, today);
	db_bind_int64(&s, 2, plan_id);
	db_bind_text(&s, 3, today);
	size_t count = 0, cap = 0;
	struct citizen_meeting *list = NULL;
	int rc;
	for (rc = db_step(&s); rc == DB_ROW; rc = db_step(&s)) {
		ARENA_PUSH(ctx->arena, list, count, cap);
		list[count++] = (struct citizen_meeting){
			.id = db_column_int64(&s, 0),
			.kind = col(ctx, &s, 1),
			.date = col(ctx, &s, 2),
			.start_time = col(ctx, &s, 3),
			.duration_minutes = (int)db_column_int64(&s, 4),
			.place = col(ctx, &s, 5),
			.video_link = col(ctx, &s, 6),
			.purpose = col(ctx, &s, 7),
			.held = db_column_int64(&s, 8) != 0,
			.cancelled = !db_column_is_null(&s, 9),
			.cancel_reason = col(ctx, &s, 10),
			.upcoming = db_column_int64(&s, 11) != 0,
		};
	}
	db_finalize(&s);
	if (rc != DB_DONE)
		return ctx_db_failed(ctx, rc, "citizen meetings");
	for (size_t i = 0; i < count; i++)
		if (!read_parties(ctx, &list[i]))
			return false;
	*out = list;
	*n = (int)count;
	return audit_read(ctx, "citizen.meetings.read", access->person_id,
	                  plan_id);
}

bool citizen_meeting_calendar(struct ctx *ctx, int64_t plan_id,
                              int64_t meeting_id, struct ics_event *out)
{
	struct citizen_access a;
	if (!citizen_access_plan(ctx, plan_id, &a))
		return false;
	if (a.in_force_only)
		return refuse_more(ctx, &a);
	if (!meeting_calendar(ctx, plan_id, meeting_id, false, out))
		return false;
	out->plan_url = arena_printf(ctx->arena, "%s/citizen/plans/%lld/meetings",
	                             mail_public_url(), (long long)plan_id);
	return audit_read(ctx, "citizen.meeting.calendar", a.person_id, plan_id);
}

const char *citizen_reply_text(const char *reply, const char *lang)
{
	if (!reply)
		return tr(lang, "Har inte svarat än");
	if (strcmp(reply, "attend") == 0)
		return tr(lang, "Kommer till mötet");
	if (strcmp(reply, "substitute") == 0)
		return tr(lang, "Kommer, men en annan person från samma ställe");
	if (strcmp(reply, "decline") == 0)
		return tr(lang, "Kommer inte till mötet");
	return "";
}
