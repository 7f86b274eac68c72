/*
 * review.c — the audit log read back (see review.h).
 *
 * The queries are assembled from fixed SQL fragments, one per filter
 * that is set, so each variant can use its own index (audit_log by
 * person, user, unit or time; audit_subject by person); values are
 * always bound. Paging is by offset: a reviewer pages through a
 * narrowed search, not through the whole log.
 *
 * A list read is one record with subjects (migration 0018, chain.h);
 * every query here reads it as one entry per subject — the person and
 * plan of the subject, the rest of the record — so the search, the
 * report, the CSV and the extract show list reads per person exactly as
 * they did when each row of a list was a record of its own.
 */
#include "audit/review.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "base/date.h"
#include "base/die.h"
#include "base/i18n.h"
#include "store/db.h"

enum { SQL_CAP = 8192 };

/* The columns of a review_entry, numbered. p is the person the record
 * concerns, directly or through its plan. */
#define ENTRY_SELECT                                                       \
	"SELECT a.id, a.at, a.user_id, u.username, u.full_name, u.title," \
	/* 0-5 */                                                          \
	" a.unit_id, un.name, a.action, p.id, p.personnummer,"            \
	/* 6-10 */                                                         \
	" p.given_name, p.family_name, p.protected_identity, a.plan_id,"  \
	/* 11-14 */                                                        \
	" a.client_addr, a.detail" /* 15-16 */
/* The same without where from (the individual's extract). */
#define ENTRY_SELECT_NO_ADDR                                               \
	"SELECT a.id, a.at, a.user_id, u.username, u.full_name, u.title," \
	" a.unit_id, un.name, a.action, p.id, p.personnummer,"            \
	" p.given_name, p.family_name, p.protected_identity, a.plan_id,"  \
	" NULL, a.detail"
#define ENTRY_JOINS                                                        \
	" LEFT JOIN user_account u ON u.id = a.user_id"                    \
	" LEFT JOIN unit un ON un.id = a.unit_id"                          \
	" LEFT JOIN plan pl ON a.person_id IS NULL AND pl.id = a.plan_id"  \
	" LEFT JOIN person p ON p.id = COALESCE(a.person_id, pl.person_id)"
/* The entries are the records as they were before 0018 — one per row a
 * reader was shown — from two sources, each read with its own indexes:
 * the plain records (naming their person and plan themselves), and the
 * list records once per subject, each named `a` with the columns of a
 * plain record. */
#define ENTRY_FROM_PLAIN                                                   \
	" FROM audit_log a" ENTRY_JOINS " WHERE a.subjects_digest IS NULL"
#define ENTRY_FROM_LISTED                                                  \
	" FROM (SELECT h.id, h.at, h.user_id, h.unit_id, h.action,"       \
	" x.person_id, x.plan_id, h.client_addr, h.detail"                \
	" FROM audit_subject x JOIN audit_log h ON h.id = x.audit_id) a"  \
	ENTRY_JOINS " WHERE 1 = 1"

/* The record's unit never took part in one of the person's plans and
 * did not register the person; or the record names no unit. */
#define OUTSIDE_SQL                                                        \
	"(a.unit_id IS NULL OR (NOT EXISTS (SELECT 1 FROM plan_unit pu_"   \
	" JOIN plan pp_ ON pp_.id = pu_.plan_id WHERE pp_.person_id = p.id" \
	" AND pu_.unit_id = a.unit_id) AND NOT EXISTS (SELECT 1"           \
	" FROM person_unit pn_ WHERE pn_.person_id = p.id"                 \
	" AND pn_.unit_id = a.unit_id AND pn_.registered = 1)))"
/* An opening of a protected person: the reasoned opening, or any read
 * (reads are named *.read*, *search*, *.list). */
#define PROTECTED_SQL                                                      \
	"(a.action = 'person.read.protected' OR (p.protected_identity = 1" \
	" AND (a.action LIKE '%.read%' OR a.action LIKE '%search%'"        \
	" OR a.action LIKE '%.list')))"

/* Append the filter's conditions (each " AND ..."). */
static void filter_sql(struct buf *sql, const struct review_filter *f)
{
	if (f->person_id)
		buf_puts(sql, " AND (a.person_id = ? OR (a.person_id IS NULL"
		              " AND a.plan_id IN (SELECT id FROM plan"
		              " WHERE person_id = ?)))");
	if (f->user_id)
		buf_puts(sql, " AND a.user_id = ?");
	if (f->unit_id)
		buf_puts(sql, " AND a.unit_id = ?");
	if (f->from)
		buf_puts(sql, " AND a.at >= ?");
	if (f->to)
		buf_puts(sql, " AND a.at < ?");
}

/* Bind what filter_sql asked for, from parameter *i on. */
static void filter_bind(struct stmt *s, int *i, const struct review_filter *f)
{
	if (f->person_id) {
		db_bind_int64(s, (*i)++, f->person_id);
		db_bind_int64(s, (*i)++, f->person_id);
	}
	if (f->user_id)
		db_bind_int64(s, (*i)++, f->user_id);
	if (f->unit_id)
		db_bind_int64(s, (*i)++, f->unit_id);
	if (f->from)
		db_bind_int64(s, (*i)++, f->from);
	if (f->to)
		db_bind_int64(s, (*i)++, f->to);
}

static const char *text_or_null(struct ctx *ctx, struct stmt *s, int col)
{
	if (db_column_is_null(s, col))
		return NULL;
	return arena_strdup(ctx->arena, db_column_text(s, col));
}

static void read_entry(struct ctx *ctx, struct stmt *s, struct review_entry *e,
                       bool with_findings)
{
	*e = (struct review_entry){
		.id = db_column_int64(s, 0),
		.at = db_column_int64(s, 1),
		.user_id = db_column_int64(s, 2),
		.username = text_or_null(ctx, s, 3),
		.user_name = text_or_null(ctx, s, 4),
		.user_title = text_or_null(ctx, s, 5),
		.unit_id = db_column_int64(s, 6),
		.unit_name = text_or_null(ctx, s, 7),
		.action = text_or_null(ctx, s, 8),
		.person_id = db_column_int64(s, 9),
		.personnummer = text_or_null(ctx, s, 10),
		.protected_identity = db_column_int64(s, 13) != 0,
		.plan_id = db_column_int64(s, 14),
		.client_addr = text_or_null(ctx, s, 15),
		.detail = text_or_null(ctx, s, 16),
	};
	if (!db_column_is_null(s, 11))
		e->person_name = arena_printf(ctx->arena, "%s %s",
		                              db_column_text(s, 11),
		                              db_column_text(s, 12));
	if (with_findings)
		e->findings = (db_column_int64(s, 17) ? FINDING_OUTSIDE_UNIT : 0) |
		              (db_column_int64(s, 18) ? FINDING_PROTECTED : 0);
}

/* Run a prepared entry query: rows into *out, one more than limit asked
 * for to know whether more follow. */
static bool collect(struct ctx *ctx, struct stmt *s, int limit,
                    bool with_findings, struct review_entry **out, int *n,
                    bool *more)
{
	size_t cap = 0;
	struct review_entry *list = NULL;
	int count = 0;
	*more = false;
	int rc;
	for (rc = db_step(s); rc == DB_ROW; rc = db_step(s)) {
		if (count == limit) {
			*more = true;
			break;
		}
		list = arena_grow(ctx->arena, list, (size_t)count, &cap,
		                  sizeof *list);
		read_entry(ctx, s, &list[count++], with_findings);
	}
	db_finalize(s);
	if (rc != DB_ROW && rc != DB_DONE)
		return ctx_db_failed(ctx, rc, "audit review");
	*out = list;
	*n = count;
	return true;
}

/* The whole query: `select` (the entry's columns) over both sources,
 * each narrowed by `where` (" AND ..." fragments, or "") and f; newest
 * first, the subjects of one list record in a fixed order (plan, then
 * person, descending: columns 15 and 10 of ENTRY_SELECT, 1-based), so
 * that paging by offset is stable. */
static void entries_sql(struct buf *sql, const char *select, const char *where,
                        const struct review_filter *f)
{
	buf_puts(sql, select);
	buf_puts(sql, ENTRY_FROM_PLAIN);
	buf_puts(sql, where);
	filter_sql(sql, f);
	buf_puts(sql, " UNION ALL ");
	buf_puts(sql, select);
	buf_puts(sql, ENTRY_FROM_LISTED);
	buf_puts(sql, where);
	filter_sql(sql, f);
	buf_puts(sql, " ORDER BY 1 DESC, 15 DESC, 10 DESC LIMIT ? OFFSET ?");
	ensure(!buf_failed(sql)); /* the fragments are fixed: SQL_CAP fits */
}

static void entries_bind(struct stmt *s, const struct review_filter *f,
                         int offset, int limit)
{
	int i = 1;
	filter_bind(s, &i, f);
	filter_bind(s, &i, f);
	db_bind_int64(s, i++, limit + 1);
	db_bind_int64(s, i++, offset);
}

bool review_search(struct ctx *ctx, const struct review_filter *f,
                   int offset, int limit, struct review_entry **out, int *n,
                   bool *more)
{
	struct buf sql;
	buf_init(&sql, SQL_CAP);
	entries_sql(&sql, ENTRY_SELECT, "", f);
	struct stmt s;
	db_prepare(ctx->db, &s, sql.data);
	buf_free(&sql);
	entries_bind(&s, f, offset, limit);
	return collect(ctx, &s, limit, false, out, n, more);
}

bool review_report(struct ctx *ctx, const struct review_filter *f,
                   int offset, int limit, struct review_entry **out, int *n,
                   bool *more)
{
	struct buf sql;
	buf_init(&sql, SQL_CAP);
	entries_sql(&sql,
	            ENTRY_SELECT /* 17-18 */
	            ", CASE WHEN " OUTSIDE_SQL " THEN 1 ELSE 0 END,"
	            " CASE WHEN " PROTECTED_SQL " THEN 1 ELSE 0 END",
	            " AND a.user_id IS NOT NULL AND p.id IS NOT NULL"
	            " AND a.action NOT LIKE 'audit.%'"
	            " AND (" OUTSIDE_SQL " OR " PROTECTED_SQL ")",
	            f);
	struct stmt s;
	db_prepare(ctx->db, &s, sql.data);
	buf_free(&sql);
	entries_bind(&s, f, offset, limit);
	return collect(ctx, &s, limit, true, out, n, more);
}

bool review_person_extract(struct ctx *ctx, int64_t person_id, int limit,
                           struct review_entry **out, int *n, bool *more)
{
	struct review_filter f = {.person_id = person_id};
	struct buf sql;
	buf_init(&sql, SQL_CAP);
	entries_sql(&sql, ENTRY_SELECT_NO_ADDR, "", &f);
	struct stmt s;
	db_prepare(ctx->db, &s, sql.data);
	buf_free(&sql);
	entries_bind(&s, &f, 0, limit);
	return collect(ctx, &s, limit, false, out, n, more);
}

/* The id of the one row `sql` (one text parameter) finds for key, or 0:
 * *id. False with the failure recorded when the database fails. */
static bool id_for(struct ctx *ctx, const char *sql, const char *key,
                   int64_t *id, bool *found)
{
	*id = 0;
	struct stmt s;
	db_prepare(ctx->db, &s, sql);
	db_bind_text(&s, 1, key);
	int rc = db_step(&s);
	if (rc == DB_ROW)
		*id = db_column_int64(&s, 0);
	db_finalize(&s);
	*found = rc == DB_ROW;
	if (rc != DB_ROW && rc != DB_DONE)
		return ctx_db_failed(ctx, rc, "audit review look-up");
	return true;
}

bool review_find_person(struct ctx *ctx, const char *canonical, int64_t *id)
{
	bool found;
	return id_for(ctx, "SELECT id FROM person WHERE personnummer = ?",
	              canonical, id, &found);
}

bool review_find_user(struct ctx *ctx, const char *username, int64_t *id)
{
	bool found;
	if (!id_for(ctx, "SELECT id FROM user_account WHERE username = ?",
	            username, id, &found))
		return false;
	if (!found)
		return problem_field(ctx->problem, ctx->arena, "username", "%s",
		                     T(ctx, "Det finns ingen användare med det "
		                            "användarnamnet."));
	return true;
}

bool review_person_heading(struct ctx *ctx, int64_t person_id,
                           struct review_person *out)
{
	struct stmt s;
	db_prepare(ctx->db, &s,
		"SELECT personnummer, given_name, family_name, protected_identity"
		" FROM person WHERE id = ?"); /* 0-3 */
	db_bind_int64(&s, 1, person_id);
	int rc = db_step(&s);
	if (rc == DB_ROW)
		*out = (struct review_person){
			.personnummer = arena_strdup(ctx->arena, db_column_text(&s, 0)),
			.name = arena_printf(ctx->arena, "%s %s", db_column_text(&s, 1),
			                     db_column_text(&s, 2)),
			.protected_identity = db_column_int64(&s, 3) != 0,
		};
	db_finalize(&s);
	if (rc == DB_DONE)
		return ctx_not_found(ctx);
	if (rc != DB_ROW)
		return ctx_db_failed(ctx, rc, "access log person");
	return true;
}


/* Local midnight at the start of d, as Unix seconds. */
static int64_t local_midnight(struct date d)
{
	struct tm tm = {
		.tm_year = d.year - 1900,
		.tm_mon = d.month - 1,
		.tm_mday = d.day,
		.tm_isdst = -1,
	};
	return (int64_t)mktime(&tm);
}

bool review_period(struct ctx *ctx, const char *from_date,
                   const char *to_date, int64_t *from, int64_t *to)
{
	*from = *to = 0;
	bool ok = true;
	struct date a = {0}, b = {0};
	bool has_a = from_date && *from_date, has_b = to_date && *to_date;
	if (has_a && !date_parse(from_date, &a))
		ok = problem_field(ctx->problem, ctx->arena, "from", "%s",
		                   T(ctx, "Skriv datumet som ÅÅÅÅ-MM-DD, t.ex. "
		                          "2026-01-31."));
	if (has_b && !date_parse(to_date, &b))
		ok = problem_field(ctx->problem, ctx->arena, "to", "%s",
		                   T(ctx, "Skriv datumet som ÅÅÅÅ-MM-DD, t.ex. "
		                          "2026-01-31."));
	if (ok && has_a && has_b && date_cmp(b, a) < 0)
		ok = problem_field(ctx->problem, ctx->arena, "to", "%s",
		                   T(ctx, "Perioden kan inte sluta innan den "
		                          "börjar."));
	if (!ok)
		return false;
	if (has_a)
		*from = local_midnight(a);
	if (has_b)
		*to = local_midnight(date_from_days(date_to_days(b) + 1));
	return true;
}

/* Every action samplan writes, in words. */
static const struct {
	const char *action;
	const char *label;
} action_labels[] = {
	{"person.read", N_("Öppnade personens uppgifter")},
	{"person.read.refused", N_("Försökte öppna personens uppgifter – nekades")},
	{"person.read.protected", N_("Öppnade uppgifterna om en person med skyddad identitet, med angivet skäl")},
	{"person.search", N_("Fick personen i en sökning")},
	{"person.create", N_("Registrerade personen")},
	{"person.register_existing", N_("Registrerade personnumret, som redan fanns")},
	{"person.update", N_("Ändrade personens uppgifter")},
	{"person.related_add", N_("Lade till en närstående, vårdnadshavare eller företrädare")},
	{"person.related_update", N_("Ändrade en närstående, vårdnadshavare eller företrädare")},
	{"person.access_log.read", N_("Öppnade utdraget om vem som har tagit del av personens uppgifter")},
	{"plan.read", N_("Läste planen")},
	{"plan.read.refused", N_("Försökte läsa planen – nekades")},
	{"plan.list", N_("Fick planen i en lista")},
	{"plan.version_read", N_("Läste en fastställd version av planen")},
	{"plan.version_compare", N_("Jämförde två fastställda versioner av planen")},
	{"plan.print", N_("Öppnade planen för utskrift")},
	{"plan.plain", N_("Läste planen i lättläst form")},
	{"plan.pdf", N_("Hämtade planen som PDF")},
	{"plan.export", N_("Hämtade planen i FHIR-format till ett annat system")},
	{"plan.calendar", N_("Hämtade ett möte till sin kalender")},
	{"invitation.letter", N_("Skrev ut en kallelse som brev")},
	{"meeting.planning_document", N_("Skrev ut planeringsunderlaget för ett möte")},
	{"plan.create", N_("Började en SIP: bedömde behovet")},
	{"plan.decline", N_("Beslutade att inte starta en SIP")},
	{"plan.consent", N_("Registrerade samtycke")},
	{"plan.consent_added", N_("Registrerade samtycke")},
	{"plan.consent_withdrawn", N_("Registrerade att samtycket återkallades")},
	{"plan.prepare", N_("Dokumenterade förberedelsen")},
	{"plan.preparation_revised", N_("Ändrade förberedelsen")},
	{"plan.invite", N_("Kallade till SIP-möte")},
	{"plan.invitations_added", N_("Kallade fler till SIP-mötet")},
	{"plan.invitation_reply", N_("Svarade på en kallelse")},
	{"plan.invitation_reminded", N_("Påminde om en kallelse")},
	{"mail.summary", N_("Köade en daglig sammanfattning")},
	{"plan.meeting_planned", N_("Planerade ett möte")},
	{"plan.meeting_cancelled", N_("Ställde in ett möte")},
	{"plan.meeting_rescheduled", N_("Flyttade ett möte")},
	{"plan.establish", N_("Upprättade planen")},
	{"plan.follow_up", N_("Började följa upp planen")},
	{"plan.revise", N_("Reviderade planen")},
	{"plan.follow_up_recorded", N_("Registrerade uppföljningens resultat")},
	{"plan.follow_up_concluded", N_("Avslutade uppföljningen")},
	{"plan.approve", N_("Registrerade godkännandet av en reviderad plan")},
	{"plan.handover", N_("Registrerade att planen lämnades ut")},
	{"plan.close", N_("Avslutade planen")},
	{"plan.closing_note", N_("Dokumenterade sin huvudmans avslut av planen")},
	{"plan.closing.read", N_("Läste huvudmännens avslut av planen")},
	{"plan.invitation_reply_by_hand", N_("Registrerade svaret på en kallelse åt en part utanför samplan")},
	{"person.read_identity", N_("Läste personens namn och personnummer")},
	{"invitation.list", N_("Fick en kallelse i sin lista")},
	{"audit.review", N_("Granskade loggen")},
	{"audit.export", N_("Exporterade loggen till en fil")},
	{"session.login", N_("Loggade in")},
	{"session.login_failed", N_("Misslyckad inloggning")},
	{"session.logout", N_("Loggade ut")},
	{"token.create", N_("Skapade en API-nyckel")},
	{"token.revoke", N_("Återkallade en API-nyckel")},
	{"user.create", N_("Lade upp en användare")},
	{"user.update", N_("Ändrade en användare")},
	{"user.update_password", N_("Gav en användare nytt lösenord")},
	{"user.change_password", N_("Bytte sitt lösenord")},
	{"user.deactivate", N_("Inaktiverade en användare")},
	{"user.reactivate", N_("Aktiverade en användare igen")},
	{"principal.create", N_("Lade upp en organisation")},
	{"principal.update", N_("Ändrade en organisation")},
	{"unit.create", N_("Lade upp en enhet")},
	{"unit.update", N_("Ändrade en enhet")},
	{"directory.import", N_("Importerade organisationskatalogen")},
	/* The individual's own samplan (sip/citizen.h) */
	{"citizen.code_create", N_("Skapade en inloggningskod till Min SIP")},
	{"plan.citizen_letter", N_("Skrev ut ett brev med inloggningskod till Min SIP")},
	{"person.own_reading", N_("Ändrade om barnet själv får läsa sin plan i Min SIP")},
	{"citizen.login", N_("Loggade in i Min SIP")},
	{"citizen.logout", N_("Loggade ut från Min SIP")},
	{"citizen.plans.list", N_("Såg planen i sin lista i Min SIP")},
	{"citizen.plan.read.refused", N_("Försökte läsa en plan i Min SIP – nekades")},
	/* h/cextract: who read my data, feedback after a meeting */
	{"citizen.extract.read", N_("Läste i Min SIP vem som har läst uppgifterna")},
	{"citizen.feedback.give", N_("Lämnade synpunkter efter ett möte i Min SIP")},
	/* h/cread: the citizen's reading of plans and meetings */
	{"citizen.plan.read", N_("Läste planen i Min SIP")},
	{"citizen.plan.pdf", N_("Laddade ner planen som PDF i Min SIP")},
	{"citizen.plan.version", N_("Läste en version av planen i Min SIP")},
	{"citizen.plan.changes", N_("Såg vad som ändrades i planen i Min SIP")},
	{"citizen.meetings.read", N_("Såg planens möten i Min SIP")},
	{"citizen.meeting.calendar", N_("Laddade ner ett möte till sin kalender i Min SIP")},
	/* h/cown: the own part, the answer to a proposal, asking for a SIP */
	{"plan.own_part.read", N_("Läste den enskildes egen del av planen")},
	{"plan.own_part_write", N_("Skrev i den enskildes egen del av planen")},
	{"plan.proposal.read", N_("Läste ett förslag till reviderad plan i Min SIP")},
	{"plan.proposal_rejected", N_("Sa nej till ett förslag till reviderad plan")},
	{"citizen.ask.persons", N_("Såg vem hen kan be om en SIP för i Min SIP")},
	/* h/cconsent: the individual decides who sees what */
	{"citizen.consents.read", N_("Såg sina samtycken i Min SIP")},
	{"citizen.consent.read", N_("Läste ett samtycke i Min SIP")},
	{"citizen.consent.narrow", N_("Begränsade ett samtycke i Min SIP")},
	{"citizen.consent.withdraw", N_("Återkallade ett samtycke i Min SIP")},
	{"citizen.consent.widen_request", N_("Bad i Min SIP om att ett samtycke utökas")},
	{"citizen.follow_up_request", N_("Bad i Min SIP om en tidigare uppföljning")},
	{"plan.consent_narrowed", N_("Registrerade att den enskilde begränsade samtycket")},
	{"plan.follow_up_requested", N_("Registrerade att den enskilde bad om en tidigare uppföljning")},
	{"plan.notice.add", N_("Lade ett meddelande om planen i parternas arbetslistor")},
	{"plan.notice.list", N_("Fick ett meddelande om planen i sin arbetslista")},
	{"plan.notice.seen", N_("Markerade ett meddelande om planen som läst")},
	/* issue 12: deviations and the statistics */
	{"deviation.form", N_("Öppnade formuläret för att rapportera en avvikelse")},
	{"deviation.report", N_("Rapporterade en avvikelse")},
	{"deviation.list", N_("Fick en avvikelse i en lista")},
	{"deviation.read", N_("Läste en avvikelse")},
	{"deviation.receive", N_("Tog emot en avvikelse")},
	{"deviation.investigate", N_("Började utreda en avvikelse")},
	{"deviation.answer", N_("Besvarade en avvikelse")},
	{"deviation.close", N_("Avslutade en avvikelse med åtgärder")},
	{"statistics.read", N_("Läste statistiken om överenskommelsen")},
	/* issue 12: after a held meeting */
	{"meeting.evaluation.give", N_("Utvärderade ett möte")},
	{"meeting.evaluation.change", N_("Ändrade sin utvärdering av ett möte")},
	{"meeting.evaluation.read", N_("Läste utvärderingar av ett möte")},
	{"feedback.paper.enter", N_("Skrev in synpunkter från en pappersblankett")},
};

const char *review_actor_text(struct ctx *ctx, const struct review_entry *e)
{
	if (e->user_id)
		return e->user_name;
	if (e->detail && strncmp(e->detail, "citizen:", 8) == 0)
		return arena_printf(ctx->arena,
		                    T(ctx, "Invånare i Min SIP (inloggning %lld)"),
		                    (long long)strtoll(e->detail + 8, NULL, 10));
	return T(ctx, "Konsolen (driften)");
}

const char *review_action_label(struct ctx *ctx, const char *action)
{
	if (!action)
		return NULL;
	for (size_t i = 0; i < sizeof action_labels / sizeof *action_labels; i++)
		if (strcmp(action_labels[i].action, action) == 0)
			return T(ctx, action_labels[i].label);
	return NULL;
}

/* ---- CSV ---- */

void review_csv_cell(struct buf *b, const char *s)
{
	if (!s)
		return;
	bool formula = s[0] && strchr("=+-@\t\r", s[0]);
	bool quote = formula || strpbrk(s, ",\"\r\n;") != NULL;
	if (quote)
		buf_putc(b, '"');
	if (formula)
		buf_putc(b, '\'');
	for (const char *p = s; *p; p++) {
		if (*p == '"')
			buf_putc(b, '"');
		buf_putc(b, *p);
	}
	if (quote)
		buf_putc(b, '"');
}

static void cell(struct buf *b, const char *s, bool last)
{
	review_csv_cell(b, s);
	buf_puts(b, last ? "\r\n" : ",");
}

static void cell_id(struct buf *b, int64_t v)
{
	if (v)
		buf_printf(b, "%lld", (long long)v);
	buf_putc(b, ',');
}

void review_time_text(int64_t at, char out[20])
{
	time_t t = (time_t)at;
	struct tm tm;
	localtime_r(&t, &tm);
	strftime(out, 20, "%Y-%m-%d %H:%M:%S", &tm);
}

void review_csv(struct ctx *ctx, struct buf *b, const struct review_entry *e,
                int n, bool report)
{
	buf_puts(b, "\xEF\xBB\xBF");
	cell(b, T(ctx, "Tid"), false);
	cell(b, T(ctx, "Användarnamn"), false);
	cell(b, T(ctx, "Namn"), false);
	cell(b, T(ctx, "Befattning"), false);
	cell(b, T(ctx, "Enhet"), false);
	cell(b, T(ctx, "Åtgärd"), false);
	cell(b, T(ctx, "Åtgärdskod"), false);
	cell(b, T(ctx, "Personnummer"), false);
	cell(b, T(ctx, "Person"), false);
	cell(b, T(ctx, "Skyddad identitet"), false);
	cell(b, T(ctx, "Plan"), false);
	cell(b, T(ctx, "Varifrån"), false);
	cell(b, T(ctx, "Detaljer"), !report);
	if (report)
		cell(b, T(ctx, "Varför i rapporten"), true);
	for (int i = 0; i < n; i++) {
		const struct review_entry *x = &e[i];
		char when[20];
		review_time_text(x->at, when);
		cell(b, when, false);
		cell(b, x->username, false);
		cell(b, x->user_id ? x->user_name : review_actor_text(ctx, x), false);
		cell(b, x->user_title, false);
		cell(b, x->unit_name, false);
		cell(b, review_action_label(ctx, x->action), false);
		cell(b, x->action, false);
		cell(b, x->personnummer, false);
		cell(b, x->person_name, false);
		cell(b, x->protected_identity ? T(ctx, "ja") : NULL, false);
		cell_id(b, x->plan_id);
		cell(b, x->client_addr, false);
		cell(b, x->detail, !report);
		if (report)
			cell(b, review_findings_text(ctx, x->findings), true);
	}
}

const char *review_findings_text(struct ctx *ctx, unsigned findings)
{
	const char *outside = T(ctx, "Utanför personens deltagande enheter");
	const char *prot = T(ctx, "Skyddad identitet");
	if ((findings & FINDING_OUTSIDE_UNIT) && (findings & FINDING_PROTECTED))
		return arena_printf(ctx->arena, "%s; %s", outside, prot);
	if (findings & FINDING_OUTSIDE_UNIT)
		return outside;
	if (findings & FINDING_PROTECTED)
		return prot;
	return "";
}
