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
#include "mail/mail.h"
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

/* Queue the invitation (or its reminder) to one address, once per key. */
static bool queue_to(struct ctx *ctx, const char *to, int64_t meeting_id,
                     int64_t invitation_id, bool protected_identity,
                     bool reminder, const char *kind, const char *key)
{
	const char *subject, *body;
	return compose(ctx, meeting_id, invitation_id, protected_identity,
	               reminder, &subject, &body) &&
	       mail_enqueue(ctx, to, subject, body, kind, key, NULL);
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
