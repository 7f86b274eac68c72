/*
 * feedback.c — anonymous feedback after a meeting and its summary (see
 * feedback.h; the tables: sql/0022_feedback.sql).
 */
#include "sip/feedback.h"

#include <stdio.h>
#include <string.h>

#include <sodium.h>

#include "audit/audit.h"
#include "base/date.h"
#include "base/i18n.h"
#include "base/text.h"
#include "sip/access.h"
#include "sip/plan_internal.h"
#include "sip/user.h"
#include "store/db.h"

/* Like SIP-kollen's questions to the individual after a meeting. */
const struct feedback_question feedback_questions[FEEDBACK_NQUESTIONS] = {
	{"listened", N_("Kände du att de lyssnade på dig?")},
	{"understood", N_("Förstod du vad ni bestämde?")},
	{"said_what_mattered", N_("Fick du säga det som var viktigt för dig?")},
	{"prepared", N_("Var mötet väl förberett?")},
};

const char *feedback_value_text(int v, const char *lang)
{
	static const char *const texts[FEEDBACK_NVALUES] = {
		N_("Vill inte svara"), N_("Nej, inte alls"), N_("Lite grann"),
		N_("Ganska mycket"), N_("Ja, helt"),
	};
	return v >= 0 && v < FEEDBACK_NVALUES ? tr(lang, texts[v]) : "";
}

/* ---- ISO weeks ---- */

/* Monday 0 ... Sunday 6; 1970-01-01 was a Thursday. */
static int weekday(int64_t days) { return (int)(((days + 3) % 7 + 7) % 7); }

/* Weeks in ISO year y: 53 when 1 January is a Thursday, or a Wednesday
 * in a leap year. */
static int weeks_in(int year)
{
	int wd = weekday(date_to_days((struct date){year, 1, 1}));
	return wd == 3 || (wd == 2 && date_is_leap(year)) ? 53 : 52;
}

bool feedback_iso_week(const char *date, char out[9])
{
	struct date d;
	if (!date || !date_parse(date, &d))
		return false;
	int64_t days = date_to_days(d);
	/* The week belongs to the year of its Thursday. */
	int64_t thursday = days - weekday(days) + 3;
	struct date t = date_from_days(thursday);
	int64_t jan1 = date_to_days((struct date){t.year, 1, 1});
	unsigned week = (unsigned)((thursday - jan1) / 7) + 1u; /* 1-53 */
	if (t.year < 1000 || t.year > 9999)
		return false;
	/* The modulos only tell the compiler that it fits out[9]. */
	snprintf(out, 9, "%04u-W%02u", (unsigned)t.year % 10000u, week % 100u);
	return true;
}

bool feedback_week_valid(const char *week)
{
	if (!week || strlen(week) != 8 || week[4] != '-' || week[5] != 'W')
		return false;
	for (int i = 0; i < 8; i++)
		if (i != 4 && i != 5 && (week[i] < '0' || week[i] > '9'))
			return false;
	int year = (week[0] - '0') * 1000 + (week[1] - '0') * 100 +
	           (week[2] - '0') * 10 + (week[3] - '0');
	int w = (week[6] - '0') * 10 + (week[7] - '0');
	return year >= 1800 && year <= 2199 && w >= 1 && w <= weeks_in(year);
}

/* ---- giving feedback ---- */

/* The key of the "has answered" hash: made once, on first use, and
 * shared by every server of the database. */
static bool giver_key(struct ctx *ctx, bool create, unsigned char key[32],
                      bool *have)
{
	*have = false;
	struct stmt s;
	int rc;
	if (create) {
		unsigned char fresh[32];
		char hex[65];
		randombytes_buf(fresh, sizeof fresh);
		sodium_bin2hex(hex, sizeof hex, fresh, sizeof fresh);
		db_prepare(ctx->db, &s,
			"INSERT INTO feedback_key (id, secret) VALUES (1, ?)"
			" ON CONFLICT (id) DO NOTHING");
		db_bind_text(&s, 1, hex);
		sodium_memzero(hex, sizeof hex);
		if (!ctx_run(ctx, &s, NULL))
			return false;
	}
	rc = db_prepare(ctx->db, &s, "SELECT secret FROM feedback_key WHERE id = 1");
	rc = rc ? rc : db_step(&s);
	bool ok = false;
	if (rc == DB_ROW) {
		size_t len = 0;
		const char *stored = db_column_text(&s, 0);
		ok = stored && sodium_hex2bin(key, 32, stored, strlen(stored), NULL,
		                              &len, NULL) == 0 && len == 32;
	}
	db_finalize(&s);
	if (rc == DB_DONE && !create)
		return true; /* nobody has answered yet */
	if (rc != DB_ROW)
		return ctx_db_failed(ctx, rc, "feedback key");
	*have = ok;
	if (!ok)
		return problem_set(ctx->problem, ctx->arena, PROBLEM_INTERNAL, "%s",
		                   "feedback key unreadable");
	return true;
}

/* hex BLAKE2b-256 of "MEETING:PERSONNUMMER" under the key. */
static char *giver_hash(struct ctx *ctx, const unsigned char key[32],
                        int64_t mid)
{
	const char *msg = arena_printf(ctx->arena, "%lld:%s", (long long)mid,
	                               ctx->citizen->personnummer);
	unsigned char h[32];
	crypto_generichash(h, sizeof h, (const unsigned char *)msg, strlen(msg),
	                   key, 32);
	char *hex = arena_alloc(ctx->arena, sizeof h * 2 + 1);
	sodium_bin2hex(hex, sizeof h * 2 + 1, h, sizeof h);
	return hex;
}

static bool already_given(struct ctx *ctx, int64_t mid, const char *hash,
                          bool *given)
{
	struct stmt s;
	int rc = db_prepare(ctx->db, &s,
		"SELECT 1 FROM feedback_given WHERE meeting_id = ?"
		" AND giver_hash = ?");
	db_bind_int64(&s, 1, mid);
	db_bind_text(&s, 2, hash);
	rc = rc ? rc : db_step(&s);
	db_finalize(&s);
	*given = rc == DB_ROW;
	if (rc != DB_ROW && rc != DB_DONE)
		return ctx_db_failed(ctx, rc, "feedback given");
	return true;
}

/* Meeting mid of plan id, if held: not found for a meeting of another
 * plan or none, CONFLICT with not_held for one not held or cancelled. */
static bool held_meeting(struct ctx *ctx, int64_t plan_id, int64_t mid,
                         const char *not_held, const char **date,
                         const char **start_time)
{
	struct stmt s;
	int rc = db_prepare(ctx->db, &s,
		"SELECT meeting_date, start_time, held, cancelled_at"
		" FROM meeting WHERE id = ? AND plan_id = ?"); /* 0-3 */
	db_bind_int64(&s, 1, mid);
	db_bind_int64(&s, 2, plan_id);
	rc = rc ? rc : db_step(&s);
	bool held = false, cancelled = false;
	if (rc == DB_ROW) {
		*date = arena_strdup(ctx->arena, db_column_text(&s, 0));
		*start_time = arena_strdup(ctx->arena, db_column_text(&s, 1));
		held = db_column_int64(&s, 2) != 0;
		cancelled = !db_column_is_null(&s, 3);
	}
	db_finalize(&s);
	if (rc == DB_DONE)
		return ctx_not_found(ctx);
	if (rc != DB_ROW)
		return ctx_db_failed(ctx, rc, "feedback meeting");
	if (cancelled || !held)
		return problem_set(ctx->problem, ctx->arena, PROBLEM_CONFLICT, "%s",
		                   not_held);
	return true;
}

bool feedback_meeting_get(struct ctx *ctx, int64_t plan_id, int64_t mid,
                          struct feedback_meeting *out)
{
	*out = (struct feedback_meeting){.meeting_id = mid};
	if (!citizen_access_plan(ctx, plan_id, &out->access))
		return false;
	/* Every relation citizen_access_plan grants may answer: the
	 * individual, a child of 15-17 and a guardian (may_write_own) and a
	 * relative or representative the plan is shared with. */
	if (!held_meeting(ctx, plan_id, mid,
	                  T(ctx, "Du kan lämna synpunkter när mötet har varit."),
	                  &out->date, &out->start_time))
		return false;
	unsigned char key[32];
	bool have;
	if (!giver_key(ctx, false, key, &have))
		return false;
	if (have) {
		const char *hash = giver_hash(ctx, key, mid);
		sodium_memzero(key, sizeof key);
		if (!already_given(ctx, mid, hash, &out->given))
			return false;
	}
	return true;
}

static bool refuse_second(struct ctx *ctx)
{
	return problem_set(ctx->problem, ctx->arena, PROBLEM_CONFLICT, "%s",
	                   T(ctx, "Du har redan lämnat synpunkter på det här "
	                          "mötet. Tack!"));
}

static bool validate(struct ctx *ctx, const struct feedback_input *in)
{
	bool ok = true;
	for (int q = 0; q < FEEDBACK_NQUESTIONS; q++)
		if (in->answers[q] < 0 || in->answers[q] >= FEEDBACK_NVALUES)
			ok = problem_field(ctx->problem, ctx->arena,
			                   feedback_questions[q].key, "%s",
			                   T(ctx, "Välj ett svar. Du kan välja "
			                          "”Vill inte svara”."));
	if (in->free_text && text_chars(in->free_text) > FEEDBACK_TEXT_MAX)
		ok = problem_field(ctx->problem, ctx->arena, "free_text",
		                   T(ctx, "Skriv högst %d tecken."),
		                   FEEDBACK_TEXT_MAX);
	return ok;
}

/* The meeting's principal (of the plan's lead unit) and ISO week. */
static bool meeting_place(struct ctx *ctx, int64_t plan_id, const char *date,
                          int64_t *principal, char week[9])
{
	if (!feedback_iso_week(date, week))
		return problem_set(ctx->problem, ctx->arena, PROBLEM_INTERNAL, "%s",
		                   "meeting date unreadable");
	struct stmt s;
	int rc = db_prepare(ctx->db, &s,
		"SELECT u.principal_id FROM plan p JOIN unit u"
		" ON u.id = p.lead_unit_id WHERE p.id = ?");
	db_bind_int64(&s, 1, plan_id);
	rc = rc ? rc : db_step(&s);
	if (rc == DB_ROW)
		*principal = db_column_int64(&s, 0);
	db_finalize(&s);
	if (rc != DB_ROW)
		return ctx_db_failed(ctx, rc, "feedback principal");
	return true;
}

/* The answer's row: only the principal, the week and the channel beside
 * the answer, under a random key (sql/0022_feedback.sql). */
static bool insert_answer(struct ctx *ctx, int64_t principal,
                          const char *week, const struct feedback_input *in,
                          const char *channel)
{
	struct stmt s;
	unsigned char raw[16];
	char id[33];
	randombytes_buf(raw, sizeof raw);
	sodium_bin2hex(id, sizeof id, raw, sizeof raw);
	db_prepare(ctx->db, &s,
		"INSERT INTO feedback_answer (id, principal_id, iso_week, listened,"
		" understood, said_what_mattered, prepared, free_text, channel)"
		" VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)");
	db_bind_text(&s, 1, id);
	db_bind_int64(&s, 2, principal);
	db_bind_text(&s, 3, week);
	for (int q = 0; q < FEEDBACK_NQUESTIONS; q++)
		db_bind_int64(&s, 4 + q, in->answers[q]);
	if (in->free_text && *in->free_text)
		db_bind_text(&s, 8, in->free_text);
	else
		db_bind_null(&s, 8);
	db_bind_text(&s, 9, channel);
	return ctx_run(ctx, &s, NULL);
}

bool feedback_give(struct ctx *ctx, int64_t plan_id, int64_t mid,
                   const struct feedback_input *in)
{
	struct feedback_meeting m;
	if (!feedback_meeting_get(ctx, plan_id, mid, &m))
		return false;
	if (m.given)
		return refuse_second(ctx);
	if (!validate(ctx, in))
		return false;
	int64_t principal = 0;
	char week[9];
	if (!meeting_place(ctx, plan_id, m.date, &principal, week))
		return false;
	unsigned char key[32];
	if (!ctx_begin(ctx))
		return false;
	bool have;
	if (!giver_key(ctx, true, key, &have))
		return ctx_abort(ctx);
	const char *hash = giver_hash(ctx, key, mid);
	sodium_memzero(key, sizeof key);
	bool given;
	if (!already_given(ctx, mid, hash, &given))
		return ctx_abort(ctx);
	if (given) {
		ctx_abort(ctx);
		return refuse_second(ctx);
	}
	/* The two rows share nothing; the answer's key is random. */
	struct stmt s;
	db_prepare(ctx->db, &s,
		"INSERT INTO feedback_given (meeting_id, giver_hash) VALUES (?, ?)"
		" ON CONFLICT (meeting_id, giver_hash) DO NOTHING");
	db_bind_int64(&s, 1, mid);
	db_bind_text(&s, 2, hash);
	int64_t added = 0;
	if (!ctx_run(ctx, &s, &added))
		return ctx_abort(ctx);
	if (added != 1) { /* a second request of the same person won */
		ctx_abort(ctx);
		return refuse_second(ctx);
	}
	if (!insert_answer(ctx, principal, week, in, "digital") ||
	    !audit_write(ctx, "citizen.feedback.give", m.access.person_id,
	                 plan_id, NULL))
		return ctx_abort(ctx);
	return ctx_commit(ctx);
}

/* ---- the paper form, typed in ---- */

/* Who may type in a paper form: the plan's coordinator or a user of its
 * lead unit — they met the individual and took the form. */
static bool may_enter_paper(struct ctx *ctx, const struct plan_head *h)
{
	if (h->coordinator_user_id && h->coordinator_user_id == ctx_user_id(ctx))
		return true;
	return access_plan_lead(ctx, h->lead_unit_id, h->lead_unit_name);
}

bool feedback_paper_meeting_get(struct ctx *ctx, int64_t plan_id, int64_t mid,
                                struct feedback_paper_meeting *out)
{
	*out = (struct feedback_paper_meeting){.plan_id = plan_id,
	                                       .meeting_id = mid};
	struct plan_head h;
	if (!plan_head_load(ctx, plan_id, &h) || !may_enter_paper(ctx, &h))
		return false;
	out->person_id = h.person_id;
	return held_meeting(ctx, plan_id, mid,
	                    T(ctx, "Synpunkter från papper skrivs in för ett "
	                           "möte som har hållits."),
	                    &out->date, &out->start_time);
}

bool feedback_enter_paper(struct ctx *ctx, int64_t plan_id, int64_t mid,
                          const struct feedback_input *in)
{
	struct feedback_paper_meeting m;
	if (!feedback_paper_meeting_get(ctx, plan_id, mid, &m) ||
	    !validate(ctx, in))
		return false;
	int64_t principal = 0;
	char week[9];
	if (!meeting_place(ctx, plan_id, m.date, &principal, week))
		return false;
	/* No feedback_given row: the paper carries no name, and the same
	 * meeting may bring several forms (the individual, relatives). The
	 * audit record says as much as feedback_give's: this plan, now. */
	if (!ctx_begin(ctx))
		return false;
	if (!insert_answer(ctx, principal, week, in, "paper") ||
	    !audit_write(ctx, "feedback.paper.enter", m.person_id, plan_id, NULL))
		return ctx_abort(ctx);
	return ctx_commit(ctx);
}

/* ---- the summary ---- */

static bool may_summarise(struct ctx *ctx, int64_t principal_id)
{
	if (ctx_is_console(ctx))
		return true;
	const struct user *u = ctx_staff(ctx);
	if (!u || !access_may_work(ctx))
		return ctx_not_found(ctx);
	struct stmt s;
	int rc = db_prepare(ctx->db, &s,
		"SELECT 1 FROM user_unit uu JOIN unit un ON un.id = uu.unit_id"
		" WHERE uu.user_id = ? AND un.principal_id = ?");
	db_bind_int64(&s, 1, u->id);
	db_bind_int64(&s, 2, principal_id);
	rc = rc ? rc : db_step(&s);
	db_finalize(&s);
	if (rc == DB_DONE)
		return ctx_not_found(ctx);
	if (rc != DB_ROW)
		return ctx_db_failed(ctx, rc, "feedback summary access");
	return true;
}

bool feedback_summary(struct ctx *ctx, int64_t principal_id,
                      const char *from_week, const char *to_week,
                      struct feedback_summary *out)
{
	*out = (struct feedback_summary){0};
	bool ok = true;
	if (from_week && *from_week && !feedback_week_valid(from_week))
		ok = problem_field(ctx->problem, ctx->arena, "from", "%s",
		                   T(ctx, "Skriv veckan som ÅÅÅÅ-Vvv, t.ex. "
		                          "2026-W05."));
	if (to_week && *to_week && !feedback_week_valid(to_week))
		ok = problem_field(ctx->problem, ctx->arena, "to", "%s",
		                   T(ctx, "Skriv veckan som ÅÅÅÅ-Vvv, t.ex. "
		                          "2026-W05."));
	if (!ok || !may_summarise(ctx, principal_id))
		return false;
	/* "YYYY-Www" sorts as text in week order. */
	const char *from = from_week && *from_week ? from_week : "0000-W00";
	const char *to = to_week && *to_week ? to_week : "9999-W99";
	struct stmt s;
	int rc = db_prepare(ctx->db, &s,
		"SELECT listened, understood, said_what_mattered, prepared,"
		" free_text, channel FROM feedback_answer WHERE principal_id = ?"
		" AND iso_week >= ? AND iso_week <= ? ORDER BY id"); /* 0-5 */
	db_bind_int64(&s, 1, principal_id);
	db_bind_text(&s, 2, from);
	db_bind_text(&s, 3, to);
	size_t cap = 0;
	const char **texts = NULL;
	int ntexts = 0;
	while ((rc = db_step(&s)) == DB_ROW) {
		out->n++;
		const char *channel = db_column_text(&s, 5);
		if (channel && strcmp(channel, "paper") == 0)
			out->paper++;
		else
			out->digital++;
		for (int q = 0; q < FEEDBACK_NQUESTIONS; q++) {
			int64_t v = db_column_int64(&s, q);
			if (v >= 0 && v < FEEDBACK_NVALUES)
				out->counts[q][v]++;
		}
		if (!db_column_is_null(&s, 4)) {
			texts = arena_grow(ctx->arena, texts, (size_t)ntexts, &cap,
			                   sizeof *texts);
			texts[ntexts++] = arena_strdup(ctx->arena,
			                               db_column_text(&s, 4));
		}
	}
	db_finalize(&s);
	if (rc != DB_DONE)
		return ctx_db_failed(ctx, rc, "feedback summary");
	if (out->n >= FEEDBACK_MIN_FOR_TEXT) {
		out->texts = texts;
		out->ntexts = ntexts;
	} else {
		out->texts_hidden = ntexts > 0;
	}
	return true;
}
