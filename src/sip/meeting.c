/*
 * meeting.c — step 4: the meeting, the invitations and the replies
 * (see plan.h).
 *
 * Invitations go out in writing, in good time, with purpose, date, time,
 * place or video link and duration. A unit in samplan sees its
 * invitation in its work list and replies: will attend, cannot attend
 * but sends a named substitute from the same unit, or declines with a
 * reason; attending parties document their ongoing interventions. Parties
 * outside samplan get the invitation on paper or by phone, and their
 * reply is registered by hand by the lead unit.
 */
#include <string.h>

#include "base/date.h"
#include "base/limits.h"
#include "sip/access.h"
#include "sip/plan.h"
#include "sip/plan_internal.h"
#include "sip/user.h"
#include "sip/validate.h"
#include "store/db.h"

static const char *const replies[] = {"attend", "substitute", "decline", NULL};
static const char *const external_channels[] = {"letter", "phone", NULL};
/* Protected identity: parties outside samplan are invited by manual
 * handling only (DOMAIN.md) — a letter or a phone call that the lead
 * unit handles by its routine, never e-mail or other digital sending.
 * Kept apart from external_channels so that a digital channel added
 * there later stays closed for these persons. */
static const char *const manual_channels[] = {"letter", "phone", NULL};

enum { MEETING_MIN_MINUTES = 15, MEETING_MAX_MINUTES = 8 * 60 };

/* Meetings are booked, invited to, answered and cancelled while the plan
 * is prepared or invited (the SIP meeting), active or in follow-up
 * (follow-up meetings). */
#define MEETING_STATES                                                     \
	(STATE_BIT(PLAN_PREPARING) | STATE_BIT(PLAN_INVITED) |             \
	 STATE_BIT(PLAN_ACTIVE) | STATE_BIT(PLAN_FOLLOW_UP))

static bool check_meeting(struct ctx *ctx, const struct meeting_input *in)
{
	bool ok = true;
	struct date d;
	int minutes;
	if (!in->date)
		ok = problem_field(ctx->problem, ctx->arena, "date", "%s",
		                   T(ctx, "Ange mötets datum."));
	else if (!date_parse(in->date, &d))
		ok = problem_field(ctx->problem, ctx->arena, "date", "%s",
		                   T(ctx, "Ange ett giltigt datum som ÅÅÅÅ-MM-DD."));
	else if (date_cmp(d, date_of_time(ctx->now)) < 0)
		ok = problem_field(ctx->problem, ctx->arena, "date", "%s",
		                   T(ctx, "Mötet kan inte ligga bakåt i tiden."));
	if (!in->start_time)
		ok = problem_field(ctx->problem, ctx->arena, "start_time", "%s",
		                   T(ctx, "Ange när mötet börjar."));
	else if (!time_parse_hhmm(in->start_time, &minutes))
		ok = problem_field(ctx->problem, ctx->arena, "start_time", "%s",
		                   T(ctx, "Ange en tid som TT:MM."));
	if (in->duration_minutes < MEETING_MIN_MINUTES ||
	    in->duration_minutes > MEETING_MAX_MINUTES)
		ok = problem_field(ctx->problem, ctx->arena, "duration_minutes",
		                   T(ctx, "Ange mötets längd i minuter, mellan %d "
		                          "och %d."),
		                   MEETING_MIN_MINUTES, MEETING_MAX_MINUTES);
	if (!in->place && !in->video_link)
		ok = problem_field(ctx->problem, ctx->arena, "place", "%s",
		                   T(ctx, "Ange plats eller länk till ett digitalt "
		                          "möte."));
	ok &= check_optional(ctx, "place", in->place, LIMIT_SHORT);
	if (in->video_link && (strncmp(in->video_link, "https://", 8) != 0 ||
	                       strpbrk(in->video_link, " \"<>")))
		ok = problem_field(ctx->problem, ctx->arena, "video_link", "%s",
		                   T(ctx, "Länken ska vara en fullständig "
		                          "https-adress."));
	ok &= check_optional(ctx, "video_link", in->video_link, 500);
	ok &= check_required(ctx, "purpose", in->purpose, LIMIT_TEXT);
	return ok;
}

bool meeting_create(struct ctx *ctx, int64_t plan_id,
                    const struct meeting_input *in, int64_t *meeting_id)
{
	struct plan_head h;
	if (!ctx_begin(ctx))
		return false;
	if (!plan_head_load(ctx, plan_id, &h) ||
	    !access_plan_lead(ctx, h.lead_unit_id, h.lead_unit_name) ||
	    !plan_require_state(ctx, &h, MEETING_STATES) ||
	    !check_meeting(ctx, in))
		return ctx_abort(ctx);
	bool follow_up = h.state == PLAN_ACTIVE || h.state == PLAN_FOLLOW_UP;
	struct stmt s;
	db_prepare(ctx->db, &s,
		"INSERT INTO meeting (plan_id, kind, meeting_date, start_time,"
		" duration_minutes, place, video_link, purpose, created_at,"
		" created_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id");
	db_bind_int64(&s, 1, plan_id);
	db_bind_text(&s, 2, follow_up ? "follow_up" : "sip");
	db_bind_text(&s, 3, in->date);
	db_bind_text(&s, 4, in->start_time);
	db_bind_int64(&s, 5, in->duration_minutes);
	db_bind_text(&s, 6, in->place);
	db_bind_text(&s, 7, in->video_link);
	db_bind_text(&s, 8, in->purpose);
	db_bind_int64(&s, 9, ctx->now);
	db_bind_id(&s, 10, ctx_user_id(ctx));
	if (!ctx_insert(ctx, &s, meeting_id) ||
	    !plan_note_event(ctx, &h, "meeting_planned",
	                     arena_printf(ctx->arena, "meeting %lld %s %s",
	                                  (long long)*meeting_id, in->date,
	                                  in->start_time)))
		return ctx_abort(ctx);
	return ctx_commit(ctx);
}

/* The meeting belongs to the plan, has not been held and is not
 * cancelled. */
static bool meeting_open(struct ctx *ctx, int64_t plan_id, int64_t meeting_id,
                         const char *field, bool *sip_meeting)
{
	struct stmt s;
	db_prepare(ctx->db, &s,
		"SELECT held, kind, cancelled_at FROM meeting"
		" WHERE id = ? AND plan_id = ?");
	db_bind_int64(&s, 1, meeting_id);
	db_bind_int64(&s, 2, plan_id);
	int rc = db_step(&s);
	bool held = rc == DB_ROW && db_column_int64(&s, 0);
	*sip_meeting = rc == DB_ROW && strcmp(db_column_text(&s, 1), "sip") == 0;
	bool cancelled = rc == DB_ROW && !db_column_is_null(&s, 2);
	db_finalize(&s);
	if (rc == DB_DONE)
		return problem_field(ctx->problem, ctx->arena, field, "%s",
		                     T(ctx, "Välj ett möte i den här planen."));
	if (rc != DB_ROW)
		return ctx_db_failed(ctx, rc, "meeting");
	if (held)
		return problem_set(ctx->problem, ctx->arena, PROBLEM_CONFLICT, "%s",
		                   T(ctx, "Mötet är redan hållet."));
	if (cancelled)
		return problem_set(ctx->problem, ctx->arena, PROBLEM_CONFLICT, "%s",
		                   T(ctx, "Mötet är inställt."));
	return true;
}

static bool is_protected(struct ctx *ctx, int64_t person_id, bool *out)
{
	struct stmt s;
	db_prepare(ctx->db, &s,
		"SELECT protected_identity FROM person WHERE id = ?");
	db_bind_int64(&s, 1, person_id);
	int rc = db_step(&s);
	*out = rc == DB_ROW && db_column_int64(&s, 0) != 0;
	db_finalize(&s);
	if (rc != DB_ROW && rc != DB_DONE)
		return ctx_db_failed(ctx, rc, "person");
	return true;
}

bool meeting_cancel(struct ctx *ctx, int64_t plan_id, int64_t meeting_id,
                    const char *reason)
{
	struct plan_head h;
	bool sip_meeting;
	if (!ctx_begin(ctx))
		return false;
	if (!plan_head_load(ctx, plan_id, &h) ||
	    !access_plan_lead(ctx, h.lead_unit_id, h.lead_unit_name) ||
	    !plan_require_state(ctx, &h, MEETING_STATES) ||
	    !meeting_open(ctx, plan_id, meeting_id, "meeting_id", &sip_meeting))
		return ctx_abort(ctx);
	if (!reason)
		problem_field(ctx->problem, ctx->arena, "reason", "%s",
		              T(ctx, "Skriv varför mötet ställs in: de kallade "
		                     "ser det."));
	check_optional(ctx, "reason", reason, LIMIT_TEXT);
	if (problem_any(ctx->problem))
		return ctx_abort(ctx);
	struct stmt s;
	db_prepare(ctx->db, &s,
		"UPDATE meeting SET cancelled_at = ?, cancelled_by = ?,"
		" cancel_reason = ?, sequence = sequence + 1 WHERE id = ?"
		" RETURNING sequence");
	db_bind_int64(&s, 1, ctx->now);
	db_bind_id(&s, 2, ctx_user_id(ctx));
	db_bind_text(&s, 3, reason);
	db_bind_int64(&s, 4, meeting_id);
	int64_t sequence;
	bool protected_identity;
	if (!ctx_insert(ctx, &s, &sequence) ||
	    !is_protected(ctx, h.person_id, &protected_identity) ||
	    !plan_note_event(ctx, &h, "meeting_cancelled",
	                     arena_printf(ctx->arena, "meeting %lld",
	                                  (long long)meeting_id)) ||
	    !meeting_change_mail_queue(ctx, meeting_id, sequence, true,
	                               protected_identity))
		return ctx_abort(ctx);
	return ctx_commit(ctx);
}

/* The changeable facts of a meeting as they are; false when the
 * meeting cannot be read. */
static bool meeting_facts_load(struct ctx *ctx, int64_t meeting_id,
                               struct meeting_input *out)
{
	struct stmt s;
	db_prepare(ctx->db, &s,
		"SELECT meeting_date, start_time, duration_minutes, place," /* 0-3 */
		" video_link, purpose FROM meeting WHERE id = ?");           /* 4-5 */
	db_bind_int64(&s, 1, meeting_id);
	int rc = db_step(&s);
	if (rc == DB_ROW) {
		const char *v[6] = {0};
		for (int c = 0; c < 6; c++)
			if (c != 2 && !db_column_is_null(&s, c))
				v[c] = arena_strdup(ctx->arena, db_column_text(&s, c));
		*out = (struct meeting_input){
			.date = v[0], .start_time = v[1],
			.duration_minutes = (int)db_column_int64(&s, 2),
			.place = v[3], .video_link = v[4], .purpose = v[5]};
	}
	db_finalize(&s);
	if (rc != DB_ROW)
		return ctx_db_failed(ctx, rc == DB_DONE ? DB_ERROR : rc, "meeting");
	return true;
}

static bool same_text(const char *a, const char *b)
{
	return a == b || (a && b && strcmp(a, b) == 0);
}

bool meeting_reschedule(struct ctx *ctx, int64_t plan_id, int64_t meeting_id,
                        const struct meeting_input *in)
{
	struct plan_head h;
	bool sip_meeting;
	struct meeting_input was = {0};
	if (!ctx_begin(ctx))
		return false;
	if (!plan_head_load(ctx, plan_id, &h) ||
	    !access_plan_lead(ctx, h.lead_unit_id, h.lead_unit_name) ||
	    !plan_require_state(ctx, &h, MEETING_STATES) ||
	    !meeting_open(ctx, plan_id, meeting_id, "meeting_id", &sip_meeting) ||
	    !meeting_facts_load(ctx, meeting_id, &was))
		return ctx_abort(ctx);
	/* The same rules as a booking; the purpose stays what was sent. */
	struct meeting_input x = *in;
	x.purpose = was.purpose;
	if (!check_meeting(ctx, &x))
		return ctx_abort(ctx);
	if (same_text(x.date, was.date) && same_text(x.start_time, was.start_time) &&
	    x.duration_minutes == was.duration_minutes &&
	    same_text(x.place, was.place) && same_text(x.video_link, was.video_link)) {
		problem_field(ctx->problem, ctx->arena, "date", "%s",
		              T(ctx, "Inget är ändrat: ange en ny tid, längd, "
		                     "plats eller länk."));
		return ctx_abort(ctx);
	}
	struct stmt s;
	/* Still open in the UPDATE itself: a cancellation or the plan
	 * established at it, committed meanwhile by another connection
	 * (PostgreSQL), is not overwritten. */
	db_prepare(ctx->db, &s,
		"UPDATE meeting SET meeting_date = ?, start_time = ?,"
		" duration_minutes = ?, place = ?, video_link = ?,"
		" sequence = sequence + 1 WHERE id = ? AND held = 0"
		" AND cancelled_at IS NULL RETURNING sequence");
	db_bind_text(&s, 1, x.date);
	db_bind_text(&s, 2, x.start_time);
	db_bind_int64(&s, 3, x.duration_minutes);
	db_bind_text(&s, 4, x.place);
	db_bind_text(&s, 5, x.video_link);
	db_bind_int64(&s, 6, meeting_id);
	int64_t sequence = 0;
	int rc = db_step(&s);
	if (rc == DB_ROW)
		sequence = db_column_int64(&s, 0);
	db_finalize(&s);
	if (rc == DB_DONE) {
		problem_set(ctx->problem, ctx->arena, PROBLEM_CONFLICT, "%s",
		            T(ctx, "Mötet har ändrats under tiden. Läs in sidan "
		                   "igen."));
		return ctx_abort(ctx);
	}
	if (rc != DB_ROW) {
		ctx_db_failed(ctx, rc, "meeting");
		return ctx_abort(ctx);
	}
	bool protected_identity;
	if (!is_protected(ctx, h.person_id, &protected_identity) ||
	    !plan_note_event(ctx, &h, "meeting_rescheduled",
	                     arena_printf(ctx->arena,
	                                  "meeting %lld: %s %s → %s %s",
	                                  (long long)meeting_id, was.date,
	                                  was.start_time, x.date,
	                                  x.start_time)) ||
	    !meeting_change_mail_queue(ctx, meeting_id, sequence, false,
	                               protected_identity))
		return ctx_abort(ctx);
	return ctx_commit(ctx);
}

/* An external party of a protected person: manual handling only. */
static bool check_manual(struct ctx *ctx, const struct invitation_input *in,
                         const char *prefix)
{
	bool ok = true;
	if (in->channel && !one_of(in->channel, manual_channels))
		ok = problem_field(ctx->problem, ctx->arena,
		                   arena_printf(ctx->arena, "%schannel", prefix),
		                   "%s", T(ctx, "Personen har skyddade "
		                                "personuppgifter: kallelser till "
		                                "parter utanför samplan hanteras "
		                                "manuellt, med brev eller telefon."));
	if (in->external_contact && strchr(in->external_contact, '@'))
		ok = problem_field(ctx->problem, ctx->arena,
		                   arena_printf(ctx->arena, "%sexternal_contact",
		                                prefix),
		                   "%s", T(ctx, "Personen har skyddade "
		                                "personuppgifter: kallelsen får inte "
		                                "gå med e-post. Ange en postadress "
		                                "eller ett telefonnummer."));
	return ok;
}

static bool check_invitation(struct ctx *ctx, int64_t plan_id,
                             int64_t meeting_id,
                             const struct invitation_input *in, int i,
                             bool protected_identity)
{
	const char *prefix = arena_printf(ctx->arena, "invitations[%d].", i);
	const char *f_unit = arena_printf(ctx->arena, "%sunit_id", prefix);
	if (in->unit_id) {
		struct unit u;
		struct problem saved = *ctx->problem;
		if (!unit_get(ctx, in->unit_id, &u)) {
			if (ctx->problem->kind != PROBLEM_NOT_FOUND)
				return false;
			*ctx->problem = saved;
			return problem_field(ctx->problem, ctx->arena, f_unit, "%s",
			                     T(ctx, "Välj en enhet som finns."));
		}
		if (!u.active)
			return problem_field(ctx->problem, ctx->arena, f_unit, "%s",
			                     T(ctx, "Enheten är inaktiverad."));
		/* Nothing is shared without consent: only parties the
		 * individual agreed to may be invited. */
		if (!access_consent_covers_unit(ctx, plan_id, in->unit_id, f_unit))
			return false;
		struct stmt s;
		db_prepare(ctx->db, &s,
			"SELECT 1 FROM invitation WHERE meeting_id = ? AND unit_id = ?");
		db_bind_int64(&s, 1, meeting_id);
		db_bind_int64(&s, 2, in->unit_id);
		int rc = db_step(&s);
		db_finalize(&s);
		if (rc == DB_ROW)
			return problem_field(ctx->problem, ctx->arena, f_unit,
			                     T(ctx, "%s är redan kallad till mötet."),
			                     u.name);
		if (rc != DB_DONE)
			return ctx_db_failed(ctx, rc, "invitation");
		return invitation_professionals_check(ctx, in, i);
	}
	if (!invitation_professionals_check(ctx, in, i))
		return false;
	bool ok = check_required(ctx, arena_printf(ctx->arena, "%sexternal_name",
	                                           prefix),
	                         in->external_name, LIMIT_NAME);
	ok &= check_optional(ctx, arena_printf(ctx->arena,
	                                       "%sexternal_organisation", prefix),
	                     in->external_organisation, LIMIT_NAME);
	ok &= check_required(ctx, arena_printf(ctx->arena, "%sexternal_contact",
	                                       prefix),
	                     in->external_contact, LIMIT_SHORT);
	if (!one_of(in->channel, external_channels))
		ok = problem_field(ctx->problem, ctx->arena,
		                   arena_printf(ctx->arena, "%schannel", prefix),
		                   "%s", T(ctx, "Ange om kallelsen går med brev "
		                                "eller telefon."));
	if (protected_identity)
		ok &= check_manual(ctx, in, prefix);
	return ok;
}

bool invitations_send(struct ctx *ctx, int64_t plan_id, int64_t meeting_id,
                      const struct invitation_input *in, int n,
                      int64_t *first_id)
{
	struct plan_head h;
	bool sip_meeting = false;
	if (!ctx_begin(ctx))
		return false;
	if (!plan_head_load(ctx, plan_id, &h) ||
	    !access_plan_lead(ctx, h.lead_unit_id, h.lead_unit_name) ||
	    !plan_require_state(ctx, &h, MEETING_STATES))
		return ctx_abort(ctx);
	if (!meeting_id)
		problem_field(ctx->problem, ctx->arena, "meeting_id", "%s",
		              T(ctx, "Boka mötet innan kallelserna skickas."));
	else if (!meeting_open(ctx, plan_id, meeting_id, "meeting_id",
	                       &sip_meeting))
		return ctx_abort(ctx);
	if (n < 1)
		problem_field(ctx->problem, ctx->arena, "invitations", "%s",
		              T(ctx, "Välj minst en part att kalla."));
	if (problem_any(ctx->problem))
		return ctx_abort(ctx);
	bool protected_identity;
	if (!is_protected(ctx, h.person_id, &protected_identity))
		return ctx_abort(ctx);
	for (int i = 0; i < n; i++)
		check_invitation(ctx, plan_id, meeting_id, &in[i], i,
		                 protected_identity);
	/* The same unit twice in one request. */
	for (int i = 0; i < n; i++)
		for (int k = 0; k < i; k++)
			if (in[i].unit_id && in[i].unit_id == in[k].unit_id)
				problem_field(ctx->problem, ctx->arena,
				              arena_printf(ctx->arena,
				                           "invitations[%d].unit_id", i),
				              "%s", T(ctx, "Samma enhet är vald två "
				                           "gånger."));
	if (problem_any(ctx->problem))
		return ctx_abort(ctx);
	int64_t *ids = arena_array(ctx->arena, int64_t, (size_t)n);
	for (int i = 0; i < n; i++) {
		struct stmt s;
		int64_t id;
		db_prepare(ctx->db, &s,
			"INSERT INTO invitation (meeting_id, plan_id, unit_id,"
			" external_name, external_organisation, external_contact,"
			" channel, created_at, created_by)"
			" VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id");
		db_bind_int64(&s, 1, meeting_id);
		db_bind_int64(&s, 2, plan_id);
		db_bind_id(&s, 3, in[i].unit_id);
		db_bind_text(&s, 4, in[i].unit_id ? NULL : in[i].external_name);
		db_bind_text(&s, 5, in[i].unit_id ? NULL : in[i].external_organisation);
		db_bind_text(&s, 6, in[i].unit_id ? NULL : in[i].external_contact);
		db_bind_text(&s, 7, in[i].unit_id ? "system" : in[i].channel);
		db_bind_int64(&s, 8, ctx->now);
		db_bind_id(&s, 9, ctx_user_id(ctx));
		if (!ctx_insert(ctx, &s, &id))
			return ctx_abort(ctx);
		ids[i] = id;
		if (i == 0 && first_id)
			*first_id = id;
		if (in[i].unit_id &&
		    (!plan_unit_join(ctx, plan_id, in[i].unit_id, "invited") ||
		     !invitation_professionals_add(ctx, meeting_id, id, &in[i])))
			return ctx_abort(ctx);
	}
	if (!plan_milestones_refresh(ctx, plan_id))
		return ctx_abort(ctx);
	/* In writing, to the unit's functional mailbox and the named
	 * professionals: queued in this transaction, so it goes exactly
	 * when this commits — once all are stored, so the .ics of each
	 * names every party invited. */
	for (int i = 0; i < n; i++)
		if (in[i].unit_id &&
		    (!invitation_mail_queue(ctx, meeting_id, ids[i], in[i].unit_id,
		                            protected_identity) ||
		     !invitation_professionals_mail(ctx, meeting_id, ids[i], &in[i],
		                                    protected_identity)))
			return ctx_abort(ctx);
	const char *detail = arena_printf(ctx->arena, "meeting %lld, %d invited",
	                                  (long long)meeting_id, n);
	bool ok = h.state == PLAN_PREPARING && sip_meeting
	          ? plan_set_state(ctx, &h, PLAN_INVITED, "invite", detail)
	          : plan_note_event(ctx, &h, "invitations_added", detail);
	return ok ? ctx_commit(ctx) : ctx_abort(ctx);
}

static bool check_reply(struct ctx *ctx, const struct reply_input *in,
                        bool in_system)
{
	bool ok = true;
	if (!one_of(in->reply, replies))
		return problem_field(ctx->problem, ctx->arena, "reply", "%s",
		                     T(ctx, "Svara om ni kommer, skickar en "
		                            "ersättare eller inte kan delta."));
	ok &= check_optional(ctx, "attendee_name", in->attendee_name, LIMIT_NAME);
	ok &= check_optional(ctx, "substitute_name", in->substitute_name,
	                     LIMIT_NAME);
	ok &= check_optional(ctx, "decline_reason", in->decline_reason,
	                     LIMIT_TEXT);
	ok &= check_optional(ctx, "ongoing_interventions",
	                     in->ongoing_interventions, LIMIT_TEXT);
	if (!ok)
		return false;
	if (strcmp(in->reply, "substitute") == 0 && !in_system &&
	    !in->substitute_name)
		return problem_field(ctx->problem, ctx->arena, "substitute_name", "%s",
		                     T(ctx, "Vid förhinder ska en ersättare från den "
		                            "egna verksamheten, som känner till "
		                            "ärendet, utses: skriv ersättarens "
		                            "namn."));
	if (strcmp(in->reply, "substitute") == 0 && in_system &&
	    !in->substitute_user_id)
		return problem_field(ctx->problem, ctx->arena, "substitute_user_id",
		                     "%s",
		                     T(ctx, "Vid förhinder ska en ersättare från den "
		                            "egna verksamheten, som känner till "
		                            "ärendet, utses: välj ersättaren."));
	if (strcmp(in->reply, "decline") == 0 && !in->decline_reason)
		return problem_field(ctx->problem, ctx->arena, "decline_reason", "%s",
		                     T(ctx, "Ange varför ni inte kan delta."));
	if (in_system && strcmp(in->reply, "decline") != 0 &&
	    !in->ongoing_interventions)
		return problem_field(ctx->problem, ctx->arena,
		                     "ongoing_interventions", "%s",
		                     T(ctx, "Den som deltar ska dokumentera sina "
		                            "pågående insatser före mötet. Skriv "
		                            "”Inga” om ni inte har några."));
	return true;
}

/* The substitute of an invited unit is one of its own professionals
 * (seed 002: "ersättare ... inom den egna verksamheten"). *name gets
 * their name, which the invitation shows. */
static bool check_substitute(struct ctx *ctx, int64_t unit_id, int64_t user_id,
                             const char **name)
{
	struct user u;
	struct problem saved = *ctx->problem;
	if (!user_load(ctx, user_id, &u)) {
		if (ctx->problem->kind != PROBLEM_NOT_FOUND)
			return false;
		*ctx->problem = saved;
		u.active = false;
	}
	if (!u.active || !user_in_unit(&u, unit_id))
		return problem_field(ctx->problem, ctx->arena, "substitute_user_id",
		                     "%s",
		                     T(ctx, "Ersättaren ska arbeta på den kallade "
		                            "enheten: välj en av enhetens "
		                            "medarbetare."));
	*name = u.full_name;
	return true;
}

bool invitation_reply(struct ctx *ctx, int64_t invitation_id,
                      const struct reply_input *in, int64_t *plan_id)
{
	struct invitation inv;
	struct plan_head h;
	if (!ctx_begin(ctx))
		return false;
	if (!invitation_load(ctx, invitation_id, &inv, plan_id) ||
	    !plan_head_load(ctx, *plan_id, &h) ||
	    !access_invitation_reply(ctx, inv.unit_id, h.lead_unit_id) ||
	    !plan_require_state(ctx, &h, MEETING_STATES))
		return ctx_abort(ctx);
	bool sip_meeting;
	if (!meeting_open(ctx, *plan_id, inv.meeting_id, "invitation_id",
	                  &sip_meeting) ||
	    !check_reply(ctx, in, inv.unit_id != 0))
		return ctx_abort(ctx);
	const char *attendee = in->attendee_name;
	if (!attendee && strcmp(in->reply, "attend") == 0 && ctx_staff(ctx) &&
	    inv.unit_id)
		attendee = ctx_staff(ctx)->full_name;
	bool is = strcmp(in->reply, "substitute") == 0;
	bool dec = strcmp(in->reply, "decline") == 0;
	const char *substitute = in->substitute_name;
	int64_t substitute_user = is && inv.unit_id ? in->substitute_user_id : 0;
	if (substitute_user &&
	    !check_substitute(ctx, inv.unit_id, substitute_user, &substitute))
		return ctx_abort(ctx);
	struct stmt s;
	db_prepare(ctx->db, &s,
		"UPDATE invitation SET reply = ?, attendee_name = ?,"
		" substitute_name = ?, decline_reason = ?, ongoing_interventions = ?,"
		" replied_at = ?, replied_by = ?, reply_registered_by_hand = ?,"
		" substitute_user_id = ? WHERE id = ?");
	db_bind_text(&s, 1, in->reply);
	db_bind_text(&s, 2, dec || is ? NULL : attendee);
	db_bind_text(&s, 3, is ? substitute : NULL);
	db_bind_text(&s, 4, dec ? in->decline_reason : NULL);
	db_bind_text(&s, 5, in->ongoing_interventions);
	db_bind_int64(&s, 6, ctx->now);
	db_bind_id(&s, 7, ctx_user_id(ctx));
	db_bind_bool(&s, 8, inv.unit_id == 0);
	db_bind_id(&s, 9, substitute_user);
	db_bind_int64(&s, 10, invitation_id);
	if (!ctx_run(ctx, &s, NULL))
		return ctx_abort(ctx);
	/* The replying unit acts in the plan as the invited unit. */
	if (inv.unit_id)
		h.my_unit = inv.unit_id;
	if (!plan_note_event(ctx, &h, inv.unit_id ? "invitation_reply"
	                                          : "invitation_reply_by_hand",
	                     arena_printf(ctx->arena, "invitation %lld: %s",
	                                  (long long)invitation_id, in->reply)))
		return ctx_abort(ctx);
	return ctx_commit(ctx);
}
