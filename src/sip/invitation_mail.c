/*
 * invitation_mail.c — the written invitation ("Inbjudan skickas
 * skriftligt") as e-mail to an invited unit's functional mailbox (see
 * invitation_mail_queue in plan_internal.h).
 *
 * What the message may say: e-mail leaves samplan's access rules, so it
 * carries no name or personnummer of the individual at all — the
 * receiving unit follows the link, where the rules apply. For a person
 * with protected identity it says only that the unit is invited to "en
 * SIP", and the link: no date, place or purpose either. The video link
 * of a digital meeting is not mailed; it is on the invitation page.
 * Nor is the meeting's purpose: it is the coordinator's free text and
 * in practice names the individual and their needs ("Anna behöver ...
 * psykiatrisk öppenvård"), i.e. health data with a name; the message
 * points to the invitation for it. The text is Swedish, the language
 * of the receiving units.
 */
#include <stdio.h>
#include <string.h>

#include "base/buf.h"
#include "doc/ics.h"
#include "mail/mail.h"
#include "sip/meeting_calendar.h"
#include "sip/plan_internal.h"
#include "store/db.h"

struct meeting_text {
	char date[16], start[8], kind[16];
	int64_t minutes;
	char *place;
	bool video;
};

static bool unit_address(struct ctx *ctx, int64_t unit_id, const char **out)
{
	struct stmt s;
	*out = NULL;
	db_prepare(ctx->db, &s, "SELECT email FROM unit WHERE id = ?");
	db_bind_int64(&s, 1, unit_id);
	int rc = db_step(&s);
	if (rc == DB_ROW && !db_column_is_null(&s, 0))
		*out = arena_strdup(ctx->arena, db_column_text(&s, 0));
	db_finalize(&s);
	if (rc != DB_ROW && rc != DB_DONE)
		return ctx_db_failed(ctx, rc, "unit");
	return true;
}

static bool meeting_load(struct ctx *ctx, int64_t meeting_id,
                         struct meeting_text *m)
{
	struct stmt s;
	db_prepare(ctx->db, &s,
		"SELECT meeting_date, start_time, duration_minutes, place," /* 0-3 */
		" video_link, kind FROM meeting WHERE id = ?");             /* 4-5 */
	db_bind_int64(&s, 1, meeting_id);
	int rc = db_step(&s);
	if (rc == DB_ROW) {
		snprintf(m->date, sizeof m->date, "%s", db_column_text(&s, 0));
		snprintf(m->start, sizeof m->start, "%s", db_column_text(&s, 1));
		m->minutes = db_column_int64(&s, 2);
		m->place = db_column_is_null(&s, 3)
		           ? NULL : arena_strdup(ctx->arena, db_column_text(&s, 3));
		m->video = !db_column_is_null(&s, 4);
		snprintf(m->kind, sizeof m->kind, "%s", db_column_text(&s, 5));
	}
	db_finalize(&s);
	if (rc != DB_ROW)
		return ctx_db_failed(ctx, rc == DB_DONE ? DB_ERROR : rc, "meeting");
	return true;
}

/* One line of free text: line breaks become spaces. */
static void one_line(char *s)
{
	for (; *s; s++)
		if (*s == '\r' || *s == '\n' || *s == '\t')
			*s = ' ';
}

/* The subject and body of the written invitation, or of a reminder of
 * it (the same facts, opened by "Påminnelse"). */
static bool compose(struct ctx *ctx, int64_t meeting_id, int64_t invitation_id,
                    bool protected_identity, bool reminder,
                    const char **subject, const char **body)
{
	const char *link = arena_printf(ctx->arena, "%s/invitations/%lld",
	                                mail_public_url(),
	                                (long long)invitation_id);
	const char *opening = reminder
		? "Påminnelse: er enhet har ännu inte svarat på kallelsen.\n\n"
		: "";
	const char *prefix = reminder ? "Påminnelse: " : "";
	if (protected_identity) {
		*subject = arena_printf(ctx->arena, "%sKallelse till en SIP",
		                        prefix);
		*body = arena_printf(ctx->arena,
			"%sEr enhet är kallad till en SIP.\n\n"
			"Läs kallelsen och svara i samplan:\n%s\n\n"
			"Meddelandet är skickat automatiskt av samplan. "
			"Svara inte på det.\n", opening, link);
		return true;
	}
	struct meeting_text m = {0};
	if (!meeting_load(ctx, meeting_id, &m))
		return false;
	bool follow_up = !strcmp(m.kind, "follow_up");
	if (m.place)
		one_line(m.place);
	*subject = arena_printf(ctx->arena, "%sKallelse till %s %s", prefix,
	                        follow_up ? "uppföljning av SIP" : "SIP-möte",
	                        m.date);
	*body = arena_printf(ctx->arena,
		"%s"
		"Er enhet är kallad till %s om en samordnad individuell "
		"plan (SIP).\n\n"
		"Datum: %s\n"
		"Tid: %s, %lld minuter\n"
		"Plats: %s\n\n"
		"Mötets syfte och vem planen gäller står i kallelsen. "
		"Läs den och svara i samplan:\n%s\n\n"
		"Uppgifter om den enskilde finns bara i samplan. "
		"Meddelandet är skickat automatiskt av samplan. "
		"Svara inte på det.\n",
		opening, follow_up ? "ett uppföljningsmöte" : "ett möte",
		m.date, m.start, (long long)m.minutes,
		m.place ? m.place
		        : m.video ? "digitalt möte (länken finns i samplan)"
		                  : "se kallelsen i samplan",
		link);
	return true;
}

static bool user_address(struct ctx *ctx, int64_t user_id, const char **out)
{
	struct stmt s;
	*out = NULL;
	db_prepare(ctx->db, &s,
		"SELECT email FROM user_account WHERE id = ? AND active = 1");
	db_bind_int64(&s, 1, user_id);
	int rc = db_step(&s);
	if (rc == DB_ROW && !db_column_is_null(&s, 0))
		*out = arena_strdup(ctx->arena, db_column_text(&s, 0));
	db_finalize(&s);
	if (rc != DB_ROW && rc != DB_DONE)
		return ctx_db_failed(ctx, rc, "user");
	return true;
}

/* The meeting's .ics as it is now, for a mail (no video link), in
 * *a; NULL for a person with protected identity, whose mails say no
 * date or place, so no calendar entry either. */
static bool calendar_attachment(struct ctx *ctx, int64_t meeting_id,
                                bool protected_identity,
                                const struct mail_attachment **a)
{
	*a = NULL;
	if (protected_identity)
		return true;
	struct stmt s;
	db_prepare(ctx->db, &s, "SELECT plan_id FROM meeting WHERE id = ?");
	db_bind_int64(&s, 1, meeting_id);
	int rc = db_step(&s);
	int64_t plan_id = rc == DB_ROW ? db_column_int64(&s, 0) : 0;
	db_finalize(&s);
	if (rc != DB_ROW)
		return ctx_db_failed(ctx, rc == DB_DONE ? DB_ERROR : rc, "meeting");
	struct ics_event e;
	if (!meeting_calendar(ctx, plan_id, meeting_id, true, &e))
		return false;
	struct buf b;
	buf_init(&b, MAIL_ATTACHMENT_MAX);
	bool ok = ics_meeting(&b, &e);
	struct mail_attachment *x = arena_new(ctx->arena, struct mail_attachment);
	x->name = meeting_calendar_file_name(ctx, meeting_id);
	x->type = arena_printf(ctx->arena, "text/calendar; method=%s;"
	                       " charset=utf-8", ics_method(&e));
	x->data = ok ? arena_strdup(ctx->arena, b.data) : NULL;
	buf_free(&b);
	/* A meeting too large for an attachment (hundreds of parties) goes
	 * without one: the text says what the calendar would, and the .ics
	 * is on the plan page. */
	*a = ok ? x : NULL;
	return true;
}

/* Queue the invitation (or its reminder) to one address, once per key,
 * with the meeting's .ics. */
static bool queue_to(struct ctx *ctx, const char *to, int64_t meeting_id,
                     int64_t invitation_id, bool protected_identity,
                     bool reminder, const char *kind, const char *key)
{
	const char *subject, *body;
	const struct mail_attachment *a;
	return compose(ctx, meeting_id, invitation_id, protected_identity,
	               reminder, &subject, &body) &&
	       calendar_attachment(ctx, meeting_id, protected_identity, &a) &&
	       mail_enqueue_attached(ctx, to, subject, body, a, kind, key, NULL);
}

bool invitation_mail_queue(struct ctx *ctx, int64_t meeting_id,
                           int64_t invitation_id, int64_t unit_id,
                           bool protected_identity)
{
	const char *to;
	if (!unit_address(ctx, unit_id, &to))
		return false;
	if (!mail_address_ok(to))
		return true; /* no functional mailbox: the work list only */
	return queue_to(ctx, to, meeting_id, invitation_id, protected_identity,
	                false, MAIL_KIND_INVITATION,
	                arena_printf(ctx->arena, "invitation:%lld",
	                             (long long)invitation_id));
}

bool invitation_mail_queue_user(struct ctx *ctx, int64_t meeting_id,
                                int64_t invitation_id, int64_t user_id,
                                bool protected_identity)
{
	const char *to;
	if (!user_address(ctx, user_id, &to))
		return false;
	if (!mail_address_ok(to))
		return true; /* they see it in their unit's work list */
	return queue_to(ctx, to, meeting_id, invitation_id, protected_identity,
	                false, MAIL_KIND_INVITATION,
	                arena_printf(ctx->arena, "invitation:%lld:user:%lld",
	                             (long long)invitation_id,
	                             (long long)user_id));
}

bool invitation_reminder_mail_queue(struct ctx *ctx, int64_t invitation_id,
                                    int64_t reminder_id, bool *queued)
{
	*queued = false;
	struct stmt s;
	db_prepare(ctx->db, &s,
		"SELECT i.meeting_id, i.unit_id, pe.protected_identity"
		" FROM invitation i JOIN plan p ON p.id = i.plan_id"
		" JOIN person pe ON pe.id = p.person_id WHERE i.id = ?");
	db_bind_int64(&s, 1, invitation_id);
	int rc = db_step(&s);
	int64_t meeting_id = 0, unit_id = 0;
	bool protected_identity = true;
	if (rc == DB_ROW) {
		meeting_id = db_column_int64(&s, 0);
		unit_id = db_column_int64(&s, 1);
		protected_identity = db_column_int64(&s, 2) != 0;
	}
	db_finalize(&s);
	if (rc != DB_ROW)
		return ctx_db_failed(ctx, rc == DB_DONE ? DB_ERROR : rc,
		                     "invitation");
	if (!unit_id)
		return true; /* outside samplan: by letter or phone */
	/* The unit's mailbox first, then the named professionals. */
	const char **to = NULL;
	size_t n = 0, cap = 0;
	const char *unit_to;
	if (!unit_address(ctx, unit_id, &unit_to))
		return false;
	if (mail_address_ok(unit_to)) {
		ARENA_PUSH(ctx->arena, to, n, cap);
		to[n++] = unit_to;
	}
	db_prepare(ctx->db, &s,
		"SELECT u.email FROM invitation_professional ip"
		" JOIN user_account u ON u.id = ip.user_id"
		" WHERE ip.invitation_id = ? AND u.active = 1 AND u.email IS NOT NULL"
		" ORDER BY u.id");
	db_bind_int64(&s, 1, invitation_id);
	for (rc = db_step(&s); rc == DB_ROW; rc = db_step(&s)) {
		const char *a = arena_strdup(ctx->arena, db_column_text(&s, 0));
		if (!mail_address_ok(a))
			continue;
		ARENA_PUSH(ctx->arena, to, n, cap);
		to[n++] = a;
	}
	db_finalize(&s);
	if (rc != DB_DONE)
		return ctx_db_failed(ctx, rc, "invitation professionals");
	for (size_t k = 0; k < n; k++)
		if (!queue_to(ctx, to[k], meeting_id, invitation_id,
		              protected_identity, true, MAIL_KIND_REMINDER,
		              arena_printf(ctx->arena, "reminder:%lld:%zu",
		                           (long long)reminder_id, k)))
			return false;
	*queued = n > 0;
	return true;
}

/* ---- a meeting moved or cancelled ---- */

/* The message that a meeting the unit is invited to has moved
 * (rescheduled) or is cancelled. Like the invitation: no name, no
 * purpose, no cancellation reason (free text), no video link; for a
 * protected person not even the date. */
static bool compose_change(struct ctx *ctx, int64_t meeting_id,
                           int64_t invitation_id, bool protected_identity,
                           bool cancelled, const char **subject,
                           const char **body)
{
	const char *link = arena_printf(ctx->arena, "%s/invitations/%lld",
	                                mail_public_url(),
	                                (long long)invitation_id);
	const char *tail = "Meddelandet är skickat automatiskt av samplan. "
	                   "Svara inte på det.\n";
	if (protected_identity) {
		*subject = cancelled ? "Inställt möte i en SIP"
		                     : "Ändrad kallelse till en SIP";
		*body = arena_printf(ctx->arena,
			"%s\n\nLäs kallelsen i samplan:\n%s\n\n%s",
			cancelled ? "Ett möte i en SIP som er enhet är kallad till "
			            "är inställt."
			          : "Tid eller plats för ett möte i en SIP som er "
			            "enhet är kallad till har ändrats.",
			link, tail);
		return true;
	}
	struct meeting_text m = {0};
	if (!meeting_load(ctx, meeting_id, &m))
		return false;
	bool follow_up = !strcmp(m.kind, "follow_up");
	const char *what = follow_up ? "uppföljning av SIP" : "SIP-möte";
	if (m.place)
		one_line(m.place);
	if (cancelled) {
		*subject = arena_printf(ctx->arena, "Inställt: %s %s", what, m.date);
		*body = arena_printf(ctx->arena,
			"Mötet den %s kl. %s om en samordnad individuell plan (SIP), "
			"som er enhet är kallad till, är inställt. Kallelsen "
			"behöver inte längre besvaras.\n\n"
			"Varför mötet är inställt står i samplan:\n%s\n\n"
			"Kalenderfilen i meddelandet tar bort mötet ur en kalender "
			"som har det.\n\n%s",
			m.date, m.start, link, tail);
		return true;
	}
	*subject = arena_printf(ctx->arena, "Ändrad tid eller plats: %s %s",
	                        what, m.date);
	*body = arena_printf(ctx->arena,
		"Tid eller plats för ett möte om en samordnad individuell plan "
		"(SIP), som er enhet är kallad till, har ändrats. Så här blir "
		"det:\n\n"
		"Datum: %s\n"
		"Tid: %s, %lld minuter\n"
		"Plats: %s\n\n"
		"Har ni redan svarat på kallelsen står svaret kvar. Passar "
		"den nya tiden inte, ändra svaret i samplan:\n%s\n\n"
		"Kalenderfilen i meddelandet flyttar mötet i en kalender som "
		"har det.\n\n"
		"Uppgifter om den enskilde finns bara i samplan. %s",
		m.date, m.start, (long long)m.minutes,
		m.place ? m.place
		        : m.video ? "digitalt möte (länken finns i samplan)"
		                  : "se kallelsen i samplan",
		link, tail);
	return true;
}

bool meeting_change_mail_queue(struct ctx *ctx, int64_t meeting_id,
                               int64_t sequence, bool cancelled,
                               bool protected_identity)
{
	/* Every address of the invited units and of the professionals
	 * named in their invitations: (invitation, address, who). */
	struct target {
		int64_t invitation_id;
		const char *to, *who;
	} *list = NULL;
	size_t n = 0, cap = 0;
	struct stmt s;
	db_prepare(ctx->db, &s,
		"SELECT i.id, u.email, 'unit' FROM invitation i"
		" JOIN unit u ON u.id = i.unit_id"
		" WHERE i.meeting_id = ? AND u.email IS NOT NULL"
		" UNION ALL"
		" SELECT ip.invitation_id, u.email, 'user:' || CAST(u.id AS TEXT)"
		" FROM invitation_professional ip"
		" JOIN user_account u ON u.id = ip.user_id"
		" WHERE ip.meeting_id = ? AND u.active = 1 AND u.email IS NOT NULL"
		" ORDER BY 1, 3");
	db_bind_int64(&s, 1, meeting_id);
	db_bind_int64(&s, 2, meeting_id);
	int rc;
	for (rc = db_step(&s); rc == DB_ROW; rc = db_step(&s)) {
		const char *to = arena_strdup(ctx->arena, db_column_text(&s, 1));
		if (!mail_address_ok(to))
			continue;
		ARENA_PUSH(ctx->arena, list, n, cap);
		list[n++] = (struct target){
			db_column_int64(&s, 0), to,
			arena_strdup(ctx->arena, db_column_text(&s, 2))};
	}
	db_finalize(&s);
	if (rc != DB_DONE)
		return ctx_db_failed(ctx, rc, "invitation");
	const struct mail_attachment *a = NULL;
	if (n && !calendar_attachment(ctx, meeting_id, protected_identity, &a))
		return false;
	for (size_t k = 0; k < n; k++) {
		const char *subject, *body;
		if (!compose_change(ctx, meeting_id, list[k].invitation_id,
		                    protected_identity, cancelled, &subject, &body) ||
		    !mail_enqueue_attached(
		            ctx, list[k].to, subject, body, a,
		            MAIL_KIND_INVITATION,
		            arena_printf(ctx->arena, "meeting:%lld:%lld:%lld:%s",
		                         (long long)meeting_id, (long long)sequence,
		                         (long long)list[k].invitation_id,
		                         list[k].who),
		            NULL))
			return false;
	}
	return true;
}
