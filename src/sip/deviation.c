/*
 * deviation.c — deviations in the collaboration (see deviation.h for
 * who reports, who answers and who sees what).
 *
 * Visibility of a deviation is one rule, asked in SQL as two columns of
 * every read (DEVIATION_COLUMNS: the caller is a user of the party's
 * unit, of the reporter's unit) and a third that says whether the
 * caller also sees the plan, and so the person (ACCESS_PLAN_VISIBLE_SQL).
 * A row with neither of the first two is never returned to a caller.
 */
#include "sip/deviation.h"

#include <ctype.h>
#include <inttypes.h>
#include <string.h>

#include "audit/audit.h"
#include "base/date.h"
#include "sip/access.h"
#include "sip/plan_internal.h"
#include "sip/user.h"
#include "sip/validate.h"
#include "store/db.h"

const char *const deviation_kinds[] = {"not_started", "invitation_unanswered",
                                       "treatment_at_meeting",
                                       "plan_not_followed", "other", NULL};

const char *deviation_kind_label(const char *kind, const char *lang)
{
	if (!kind)
		return "";
	if (strcmp(kind, "not_started") == 0)
		return tr(lang, "En part har inte startat en SIP trots att det "
		                "fanns ett behov");
	if (strcmp(kind, "invitation_unanswered") == 0)
		return tr(lang, "En part har inte svarat på en kallelse");
	if (strcmp(kind, "treatment_at_meeting") == 0)
		return tr(lang, "Brister i hur den enskilde bemöttes på mötet");
	if (strcmp(kind, "plan_not_followed") == 0)
		return tr(lang, "Den överenskomna planen följs inte");
	if (strcmp(kind, "other") == 0)
		return tr(lang, "Annat");
	return kind;
}

static const char *const state_names[] = {"reported", "received",
                                          "investigating", "answered",
                                          "closed"};

const char *deviation_state_name(enum deviation_state s)
{
	return (unsigned)s <= DEVIATION_CLOSED ? state_names[s] : "?";
}

bool deviation_state_parse(const char *name, enum deviation_state *out)
{
	for (int i = 0; name && i <= DEVIATION_CLOSED; i++)
		if (strcmp(name, state_names[i]) == 0) {
			*out = (enum deviation_state)i;
			return true;
		}
	return false;
}

const char *deviation_state_label(enum deviation_state s, const char *lang)
{
	switch (s) {
	case DEVIATION_REPORTED: return tr(lang, "Rapporterad");
	case DEVIATION_RECEIVED: return tr(lang, "Mottagen");
	case DEVIATION_INVESTIGATING: return tr(lang, "Utreds");
	case DEVIATION_ANSWERED: return tr(lang, "Besvarad");
	case DEVIATION_CLOSED: return tr(lang, "Avslutad med åtgärder");
	}
	return "?";
}

static const char *const step_names[DEVIATION_NSTEPS] = {
	"receive", "investigate", "answer", "close"};

const char *deviation_step_name(enum deviation_step s)
{
	return (unsigned)s < DEVIATION_NSTEPS ? step_names[s] : "?";
}

bool deviation_step_parse(const char *name, enum deviation_step *out)
{
	for (int i = 0; name && i < DEVIATION_NSTEPS; i++)
		if (strcmp(name, step_names[i]) == 0) {
			*out = (enum deviation_step)i;
			return true;
		}
	return false;
}

/* ---- small helpers ---- */

static char *col(struct ctx *ctx, struct stmt *s, int i)
{
	const char *t = db_column_text(s, i);
	return t ? arena_strdup(ctx->arena, t) : NULL;
}

static const char *date_plus(struct ctx *ctx, int days)
{
	char *d = arena_alloc(ctx->arena, 11);
	date_format(date_from_days(date_to_days(date_of_time(ctx->now)) + days),
	            d);
	return d;
}

/* Ten or twelve digits in a row, or six or eight, a separator (- + or
 * a space) and four: the shapes a personnummer or samordningsnummer is
 * written in. A phone number ("0240-100 00") or a date ("2026-11-23")
 * has neither shape. */
static size_t digits_at(const char *p)
{
	size_t n = 0;
	while (isdigit((unsigned char)p[n]))
		n++;
	return n;
}

static bool looks_like_personnummer(const char *text)
{
	for (const char *p = text; *p; p++) {
		if (!isdigit((unsigned char)*p) ||
		    (p > text && isdigit((unsigned char)p[-1])))
			continue;
		size_t n = digits_at(p);
		if (n == 10 || n == 12)
			return true;
		char sep = p[n];
		if ((n == 6 || n == 8) && (sep == '-' || sep == '+' || sep == ' ') &&
		    digits_at(p + n + 1) == 4)
			return true;
	}
	return false;
}

static bool check_text(struct ctx *ctx, const char *field, const char *text,
                       const char *missing, size_t max)
{
	if (!text)
		return problem_field(ctx->problem, ctx->arena, field, "%s", missing);
	if (!check_optional(ctx, field, text, max))
		return false;
	if (looks_like_personnummer(text))
		return problem_field(ctx->problem, ctx->arena, field, "%s",
		                     T(ctx, "Texten innehåller något som liknar "
		                            "ett personnummer. Avvikelsen läses av "
		                            "två enheter och planen anger redan "
		                            "vem den gäller: ta bort numret och "
		                            "skriv inte fler personuppgifter än "
		                            "som behövs."));
	return true;
}

static bool refuse(struct ctx *ctx, enum problem_kind kind, const char *msg)
{
	problem_set(ctx->problem, ctx->arena, kind, "%s", msg);
	return false;
}

/* ---- reporting ---- */

/* The party's principal, after checking it is a party of the plan and
 * none of the caller's units. */
static bool check_party(struct ctx *ctx, int64_t plan_id, int64_t unit_id,
                        int64_t *principal_id)
{
	if (!unit_id)
		return problem_field(ctx->problem, ctx->arena, "unit_id", "%s",
		                     T(ctx, "Välj vilken part avvikelsen gäller."));
	struct stmt s;
	db_prepare(ctx->db, &s,
		"SELECT u.principal_id,"
		" CASE WHEN EXISTS (SELECT 1 FROM plan_unit pu WHERE pu.plan_id = ?"
		"  AND pu.unit_id = u.id AND pu.left_at IS NULL)"
		"  OR EXISTS (SELECT 1 FROM invitation i WHERE i.plan_id = ?"
		"  AND i.unit_id = u.id) THEN 1 ELSE 0 END,"
		" CASE WHEN EXISTS (SELECT 1 FROM user_unit uu WHERE uu.user_id = ?"
		"  AND uu.unit_id = u.id) THEN 1 ELSE 0 END /*0-2*/"
		" FROM unit u WHERE u.id = ?");
	db_bind_int64(&s, 1, plan_id);
	db_bind_int64(&s, 2, plan_id);
	db_bind_int64(&s, 3, ctx_user_id(ctx));
	db_bind_int64(&s, 4, unit_id);
	int rc = db_step(&s);
	bool party = false, mine = false;
	if (rc == DB_ROW) {
		*principal_id = db_column_int64(&s, 0);
		party = db_column_int64(&s, 1) != 0;
		mine = db_column_int64(&s, 2) != 0;
	}
	db_finalize(&s);
	if (rc != DB_ROW && rc != DB_DONE)
		return ctx_db_failed(ctx, rc, "deviation party");
	if (mine)
		return problem_field(ctx->problem, ctx->arena, "unit_id", "%s",
		                     T(ctx, "En avvikelse rapporteras mot en annan "
		                            "part än din egen enhet."));
	if (!party)
		return problem_field(ctx->problem, ctx->arena, "unit_id", "%s",
		                     T(ctx, "Välj en part som deltar i eller är "
		                            "kallad till planen."));
	return true;
}

static bool check_suggestion(struct ctx *ctx, int64_t plan_id,
                             const struct deviation_input *in)
{
	if (in->suggestion && strcmp(in->suggestion, DEVIATION_SUGGEST_INVITATION) &&
	    strcmp(in->suggestion, DEVIATION_SUGGEST_FOLLOW_UP))
		return problem_field(ctx->problem, ctx->arena, "suggestion", "%s",
		                     T(ctx, "Förslaget känns inte igen."));
	if (!in->invitation_id)
		return true;
	struct stmt s;
	db_prepare(ctx->db, &s,
		"SELECT 1 FROM invitation WHERE id = ? AND plan_id = ? AND unit_id = ?");
	db_bind_int64(&s, 1, in->invitation_id);
	db_bind_int64(&s, 2, plan_id);
	db_bind_int64(&s, 3, in->unit_id);
	int rc = db_step(&s);
	db_finalize(&s);
	if (rc == DB_ROW)
		return true;
	if (rc != DB_DONE)
		return ctx_db_failed(ctx, rc, "deviation invitation");
	return problem_field(ctx->problem, ctx->arena, "invitation_id", "%s",
	                     T(ctx, "Kallelsen hör inte till planen och parten."));
}

static bool plan_person(struct ctx *ctx, int64_t plan_id, int64_t *person_id)
{
	struct stmt s;
	db_prepare(ctx->db, &s, "SELECT person_id FROM plan WHERE id = ?");
	db_bind_int64(&s, 1, plan_id);
	int rc = db_step(&s);
	*person_id = rc == DB_ROW ? db_column_int64(&s, 0) : 0;
	db_finalize(&s);
	return rc == DB_ROW ? true : ctx_db_failed(ctx, rc, "deviation plan");
}

static bool add_event(struct ctx *ctx, int64_t id, enum deviation_state state,
                      const char *note)
{
	struct stmt s;
	db_prepare(ctx->db, &s,
		"INSERT INTO deviation_event (deviation_id, state, at, by_user_id,"
		" note) VALUES (?, ?, ?, ?, ?)");
	db_bind_int64(&s, 1, id);
	db_bind_text(&s, 2, deviation_state_name(state));
	db_bind_int64(&s, 3, ctx->now);
	db_bind_int64(&s, 4, ctx_user_id(ctx));
	db_bind_text(&s, 5, note);
	return ctx_run(ctx, &s, NULL);
}

static bool staff_only(struct ctx *ctx)
{
	if (!access_may_work(ctx))
		return false;
	if (!ctx_staff(ctx))
		return refuse(ctx, PROBLEM_FORBIDDEN,
		              T(ctx, "Avvikelser rapporteras och hanteras av "
		                     "användare på enheterna."));
	return true;
}

bool deviation_report(struct ctx *ctx, int64_t plan_id,
                      const struct deviation_input *in, int64_t *id)
{
	int64_t my_unit = 0, principal = 0, person = 0;
	*id = 0;
	if (!staff_only(ctx) || !ctx_begin(ctx))
		return false;
	if (!access_plan(ctx, plan_id, &my_unit) ||
	    !plan_person(ctx, plan_id, &person))
		return ctx_abort(ctx);
	if (!one_of(in->kind, deviation_kinds))
		problem_field(ctx->problem, ctx->arena, "kind", "%s",
		              T(ctx, "Välj vilken sorts avvikelse det är."));
	check_party(ctx, plan_id, in->unit_id, &principal);
	check_text(ctx, "description", in->description,
	           T(ctx, "Beskriv avvikelsen."), DEVIATION_DESCRIPTION_MAX);
	if (!problem_any(ctx->problem))
		check_suggestion(ctx, plan_id, in);
	if (problem_any(ctx->problem))
		return ctx_abort(ctx);
	struct stmt s;
	db_prepare(ctx->db, &s,
		"INSERT INTO deviation (plan_id, unit_id, principal_id, kind,"
		" description, suggestion, invitation_id, reported_at, reported_by,"
		" reporter_unit_id, answer_due, updated_at)"
		" VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id");
	db_bind_int64(&s, 1, plan_id);
	db_bind_int64(&s, 2, in->unit_id);
	db_bind_int64(&s, 3, principal);
	db_bind_text(&s, 4, in->kind);
	db_bind_text(&s, 5, in->description);
	db_bind_text(&s, 6, in->suggestion);
	db_bind_id(&s, 7, in->invitation_id);
	db_bind_int64(&s, 8, ctx->now);
	db_bind_int64(&s, 9, ctx_user_id(ctx));
	db_bind_int64(&s, 10, my_unit);
	db_bind_text(&s, 11, date_plus(ctx, DEVIATION_ANSWER_DAYS));
	db_bind_int64(&s, 12, ctx->now);
	if (!ctx_insert(ctx, &s, id) ||
	    !add_event(ctx, *id, DEVIATION_REPORTED, NULL) ||
	    !audit_write(ctx, "deviation.report", person, plan_id,
	                 arena_printf(ctx->arena, "deviation %" PRId64 ": %s",
	                              *id, in->kind)))
		return ctx_abort(ctx);
	return ctx_commit(ctx);
}

/* ---- reading ---- */

/* Every read of deviations: the row, the person, and the caller's part.
 * Parameters: the user and today (the plan's visibility), the user
 * twice (party, reporter). */
#define DEVIATION_COLUMNS                                                  \
	"d.id, d.plan_id, d.unit_id, pu.name, pr.name, d.kind, d.description,"\
	" d.state, d.suggestion, d.invitation_id, d.reported_at, rb.full_name,"\
	" d.reporter_unit_id, ru.name, d.answer_due, d.handler_user_id,"    \
	" hu.full_name, d.answer, d.measures, d.closed_at, p.person_id,"    \
	" pe.given_name || ' ' || pe.family_name, pe.personnummer,"         \
	" pe.protected_identity,"                                          \
	" CASE WHEN " ACCESS_PLAN_VISIBLE_SQL("d.plan_id") " THEN 1 ELSE 0 END,"\
	" CASE WHEN EXISTS (SELECT 1 FROM user_unit ua_ WHERE ua_.user_id = ?"\
	"  AND ua_.unit_id = d.unit_id) THEN 1 ELSE 0 END,"                \
	" CASE WHEN EXISTS (SELECT 1 FROM user_unit ub_ WHERE ub_.user_id = ?"\
	"  AND ub_.unit_id = d.reporter_unit_id) THEN 1 ELSE 0 END /*0-26*/"
/* What the columns read besides deviation d. */
#define DEVIATION_JOINS                                                    \
	" JOIN plan p ON p.id = d.plan_id"                                  \
	" JOIN person pe ON pe.id = p.person_id"                            \
	" JOIN unit pu ON pu.id = d.unit_id"                                \
	" JOIN principal pr ON pr.id = d.principal_id"                      \
	" JOIN user_account rb ON rb.id = d.reported_by"                    \
	" JOIN unit ru ON ru.id = d.reporter_unit_id"                       \
	" LEFT JOIN user_account hu ON hu.id = d.handler_user_id"
#define DEVIATION_FROM " FROM deviation d" DEVIATION_JOINS
enum { DEVIATION_NPARAMS = 4 };

/* DEVIATION_COLUMNS' parameters, from the first-th. */
static void bind_columns(struct ctx *ctx, struct stmt *s, int first)
{
	db_bind_int64(s, first, ctx_user_id(ctx));
	db_bind_text(s, first + 1, access_today(ctx));
	db_bind_int64(s, first + 2, ctx_user_id(ctx));
	db_bind_int64(s, first + 3, ctx_user_id(ctx));
}

static bool not_answered(enum deviation_state s)
{
	return s == DEVIATION_REPORTED || s == DEVIATION_RECEIVED ||
	       s == DEVIATION_INVESTIGATING;
}

/* One row of DEVIATION_COLUMNS; false when the caller is of neither
 * unit (the row is then to be ignored). */
static bool read_row(struct ctx *ctx, struct stmt *s, struct deviation *x)
{
	memset(x, 0, sizeof *x);
	x->party_mine = db_column_int64(s, 25) != 0;
	x->reporter_mine = db_column_int64(s, 26) != 0;
	if (!x->party_mine && !x->reporter_mine)
		return false;
	x->id = db_column_int64(s, 0);
	x->plan_id = db_column_int64(s, 1);
	x->unit_id = db_column_int64(s, 2);
	x->unit_name = col(ctx, s, 3);
	x->principal_name = col(ctx, s, 4);
	x->kind = col(ctx, s, 5);
	x->description = col(ctx, s, 6);
	deviation_state_parse(db_column_text(s, 7), &x->state);
	x->suggestion = col(ctx, s, 8);
	x->invitation_id = db_column_int64(s, 9);
	x->reported_at = db_column_int64(s, 10);
	x->reported_by_name = col(ctx, s, 11);
	x->reporter_unit_id = db_column_int64(s, 12);
	x->reporter_unit_name = col(ctx, s, 13);
	x->answer_due = col(ctx, s, 14);
	x->handler_user_id = db_column_int64(s, 15);
	x->handler_name = col(ctx, s, 16);
	x->answer = col(ctx, s, 17);
	x->measures = col(ctx, s, 18);
	x->closed_at = db_column_int64(s, 19);
	x->person_id = db_column_int64(s, 20);
	x->person_shown = db_column_int64(s, 24) != 0;
	if (x->person_shown) {
		x->person_name = col(ctx, s, 21);
		x->personnummer = col(ctx, s, 22);
		x->protected_identity = db_column_int64(s, 23) != 0;
	}
	x->overdue = not_answered(x->state) && x->answer_due &&
	             strcmp(x->answer_due, access_today(ctx)) < 0;
	return true;
}

/* Rows of a statement over DEVIATION_COLUMNS, the caller's only. */
static bool read_rows(struct ctx *ctx, struct stmt *s, struct deviation **out,
                      int *n)
{
	size_t count = 0, cap = 0;
	int rc;
	*out = NULL;
	for (rc = db_step(s); rc == DB_ROW; rc = db_step(s)) {
		struct deviation x;
		if (!read_row(ctx, s, &x))
			continue;
		ARENA_PUSH(ctx->arena, *out, count, cap);
		(*out)[count++] = x;
	}
	db_finalize(s);
	*n = (int)count;
	return rc == DB_DONE ? true : ctx_db_failed(ctx, rc, "deviations");
}

static bool audit_rows(struct ctx *ctx, const struct deviation *rows, int n)
{
	int64_t *persons = arena_array(ctx->arena, int64_t, (size_t)n + 1);
	int64_t *plans = arena_array(ctx->arena, int64_t, (size_t)n + 1);
	for (int i = 0; i < n; i++) {
		persons[i] = rows[i].person_id;
		plans[i] = rows[i].plan_id;
	}
	return n == 0 || audit_read_many(ctx, "deviation.list", persons, plans, n);
}

/* The deviation as the caller may see it (else not-found). */
static bool load(struct ctx *ctx, int64_t id, struct deviation *out)
{
	struct stmt s;
	db_prepare(ctx->db, &s, "SELECT " DEVIATION_COLUMNS DEVIATION_FROM " WHERE d.id = ?");
	bind_columns(ctx, &s, 1);
	db_bind_int64(&s, DEVIATION_NPARAMS + 1, id);
	int rc = db_step(&s);
	bool mine = rc == DB_ROW && read_row(ctx, &s, out);
	db_finalize(&s);
	if (rc != DB_ROW && rc != DB_DONE)
		return ctx_db_failed(ctx, rc, "deviation");
	return mine ? true : ctx_not_found(ctx);
}

static bool unit_admin_of(const struct user *me, int64_t unit_id)
{
	if (!me || me->role != ROLE_UNIT_ADMIN)
		return false;
	for (int i = 0; i < me->nunits; i++)
		if (me->units[i].id == unit_id)
			return true;
	return false;
}

/* The state a step starts from; the step leads to the next one. */
static enum deviation_state step_from(enum deviation_step step)
{
	return (enum deviation_state)step;
}

/* May the caller take `step` on x now? Without a problem recorded. */
static bool may_take(struct ctx *ctx, const struct deviation *x,
                     enum deviation_step step)
{
	if (!x->party_mine || x->state != step_from(step))
		return false;
	if (step == DEVIATION_RECEIVE)
		return true;
	const struct user *me = ctx_staff(ctx);
	return (me && me->id == x->handler_user_id) ||
	       unit_admin_of(me, x->unit_id);
}

static bool load_events(struct ctx *ctx, struct deviation *out)
{
	struct stmt s;
	db_prepare(ctx->db, &s,
		"SELECT e.state, e.at, ua.full_name, e.note /*0-3*/"
		" FROM deviation_event e JOIN user_account ua ON ua.id = e.by_user_id"
		" WHERE e.deviation_id = ? ORDER BY e.id");
	db_bind_int64(&s, 1, out->id);
	size_t count = 0, cap = 0;
	int rc;
	for (rc = db_step(&s); rc == DB_ROW; rc = db_step(&s)) {
		ARENA_PUSH(ctx->arena, out->events, count, cap);
		struct deviation_event *e = &out->events[count++];
		deviation_state_parse(db_column_text(&s, 0), &e->state);
		e->at = db_column_int64(&s, 1);
		e->by_name = col(ctx, &s, 2);
		e->note = col(ctx, &s, 3);
	}
	db_finalize(&s);
	out->nevents = (int)count;
	return rc == DB_DONE ? true : ctx_db_failed(ctx, rc, "deviation events");
}

static bool load_handlers(struct ctx *ctx, struct deviation *out)
{
	struct stmt s;
	db_prepare(ctx->db, &s,
		"SELECT ua.id, ua.full_name FROM user_unit uu"
		" JOIN user_account ua ON ua.id = uu.user_id"
		" WHERE uu.unit_id = ? AND ua.active = 1 ORDER BY ua.full_name, ua.id");
	db_bind_int64(&s, 1, out->unit_id);
	size_t count = 0, cap = 0;
	int rc;
	for (rc = db_step(&s); rc == DB_ROW; rc = db_step(&s)) {
		ARENA_PUSH(ctx->arena, out->handlers, count, cap);
		out->handlers[count].id = db_column_int64(&s, 0);
		out->handlers[count++].full_name = col(ctx, &s, 1);
	}
	db_finalize(&s);
	out->nhandlers = (int)count;
	return rc == DB_DONE ? true : ctx_db_failed(ctx, rc, "deviation handlers");
}

bool deviation_get(struct ctx *ctx, int64_t id, struct deviation *out)
{
	memset(out, 0, sizeof *out);
	if (!staff_only(ctx) || !load(ctx, id, out) || !load_events(ctx, out))
		return false;
	for (int s = 0; s < DEVIATION_NSTEPS; s++)
		if (may_take(ctx, out, (enum deviation_step)s))
			out->may |= 1u << s;
	if ((out->may & (1u << DEVIATION_RECEIVE)) && !load_handlers(ctx, out))
		return false;
	return audit_read(ctx, "deviation.read", out->person_id, out->plan_id);
}

bool deviation_list_plan(struct ctx *ctx, int64_t plan_id,
                         struct deviation **out, int *n)
{
	*out = NULL;
	*n = 0;
	if (!staff_only(ctx))
		return false;
	struct stmt s;
	db_prepare(ctx->db, &s,
		"SELECT " DEVIATION_COLUMNS DEVIATION_FROM
		" WHERE d.plan_id = ? ORDER BY d.id DESC");
	bind_columns(ctx, &s, 1);
	db_bind_int64(&s, DEVIATION_NPARAMS + 1, plan_id);
	return read_rows(ctx, &s, out, n) && audit_rows(ctx, *out, *n);
}

/* The deviations of the caller's units, through the two indexes on
 * (unit_id, state) and (reporter_unit_id, state), newest first, so that
 * neither planner starts from every deviation (test_query_plans):
 * SQLite from the caller's user_unit rows; PostgreSQL from the units as
 * one list parameter ("= ANY" is then each index's condition), each
 * branch reading its whole rows (a UNION of the same row is one row) —
 * its generic plan otherwise walks an index of deviation whole to join
 * the chosen ids back. Parameters: SQLite, DEVIATION_NPARAMS, the user
 * twice, the limit; PostgreSQL, DEVIATION_NPARAMS and the units as
 * "4,7", twice, then the limit. */
#define MINE_SQLITE(STATE)                                                 \
	"SELECT " DEVIATION_COLUMNS DEVIATION_FROM " WHERE d.id IN ("       \
	"SELECT da.id FROM user_unit ma JOIN deviation da"                  \
	" ON da.unit_id = ma.unit_id" STATE("da") " WHERE ma.user_id = ?"   \
	" UNION SELECT db.id FROM user_unit mb JOIN deviation db"           \
	" ON db.reporter_unit_id = mb.unit_id" STATE("db")                  \
	" WHERE mb.user_id = ?) ORDER BY d.id DESC LIMIT ?"
#define PG_UNITS " = ANY (CAST(string_to_array(CAST(? AS TEXT), ',') AS BIGINT[]))"
#define MINE_PG(STATE)                                                     \
	"SELECT " DEVIATION_COLUMNS DEVIATION_FROM " WHERE d.unit_id"       \
	PG_UNITS STATE("d") " UNION SELECT " DEVIATION_COLUMNS DEVIATION_FROM\
	" WHERE d.reporter_unit_id" PG_UNITS STATE("d")                     \
	" ORDER BY 1 DESC LIMIT ?"
#define ANY_STATE(t) ""
#define OPEN_STATE(t)                                                      \
	" AND " t ".state IN ('reported', 'received', 'investigating',"     \
	" 'answered')"

/* The caller's units as "4,7", for MINE_PG. */
static const char *units_param(struct ctx *ctx)
{
	const struct user *me = ctx_staff(ctx);
	const char *out = "";
	for (int i = 0; me && i < me->nunits; i++)
		out = arena_printf(ctx->arena, "%s%s%" PRId64, out, i ? "," : "",
		                   me->units[i].id);
	return out;
}

bool deviation_rows_mine(struct ctx *ctx, bool open_only,
                         struct deviation **out, int *n)
{
	*out = NULL;
	*n = 0;
	if (!staff_only(ctx))
		return false;
	bool pg = db_kind(ctx->db) == DB_POSTGRESQL;
	const char *sql = pg ? (open_only ? MINE_PG(OPEN_STATE)
	                                  : MINE_PG(ANY_STATE))
	                     : (open_only ? MINE_SQLITE(OPEN_STATE)
	                                  : MINE_SQLITE(ANY_STATE));
	struct stmt s;
	db_prepare_replan(ctx->db, &s, sql);
	bind_columns(ctx, &s, 1);
	if (pg) {
		const char *units = units_param(ctx);
		db_bind_text(&s, DEVIATION_NPARAMS + 1, units);
		bind_columns(ctx, &s, DEVIATION_NPARAMS + 2);
		db_bind_text(&s, 2 * DEVIATION_NPARAMS + 2, units);
		db_bind_int64(&s, 2 * DEVIATION_NPARAMS + 3, DEVIATION_LIST_LIMIT);
	} else {
		db_bind_int64(&s, DEVIATION_NPARAMS + 1, ctx_user_id(ctx));
		db_bind_int64(&s, DEVIATION_NPARAMS + 2, ctx_user_id(ctx));
		db_bind_int64(&s, DEVIATION_NPARAMS + 3, DEVIATION_LIST_LIMIT);
	}
	return read_rows(ctx, &s, out, n);
}

bool deviation_list_mine(struct ctx *ctx, struct deviation **out, int *n)
{
	return deviation_rows_mine(ctx, false, out, n) &&
	       audit_rows(ctx, *out, *n);
}

/* ---- the workflow ---- */

static bool refuse_step(struct ctx *ctx, const struct deviation *x,
                        enum deviation_step step)
{
	if (!x->party_mine)
		return refuse(ctx, PROBLEM_FORBIDDEN,
		              arena_printf(ctx->arena,
		                           T(ctx, "Avvikelsen hanteras av %s. Din "
		                                  "enhet följer hur den går "
		                                  "vidare."), x->unit_name));
	if (x->state != step_from(step)) {
		static const char *const next[] = {
			N_("Nästa steg är att enheten tar emot den."),
			N_("Nästa steg är att utreda den."),
			N_("Nästa steg är att besvara den."),
			N_("Nästa steg är att avsluta den med åtgärder."),
			N_("Den är avslutad och kan inte ändras."),
		};
		return refuse(ctx, PROBLEM_CONFLICT,
		              arena_printf(ctx->arena, "%s %s",
		                           arena_printf(ctx->arena,
		                                        T(ctx, "Avvikelsens läge: %s."),
		                                        deviation_state_label(x->state,
		                                                              ctx->lang)),
		                           T(ctx, next[x->state])));
	}
	return refuse(ctx, PROBLEM_FORBIDDEN,
	              arena_printf(ctx->arena,
	                           T(ctx, "Bara handläggaren (%s) eller en "
	                                  "enhetsadministratör på %s tar "
	                                  "avvikelsen vidare."),
	                           x->handler_name ? x->handler_name : "",
	                           x->unit_name));
}

/* The handler named at receive: an active user of the party's unit. */
static bool check_handler(struct ctx *ctx, const struct deviation *x,
                          int64_t user_id)
{
	if (!user_id)
		return problem_field(ctx->problem, ctx->arena, "handler_user_id",
		                     "%s", T(ctx, "Välj vem som handlägger "
		                                  "avvikelsen."));
	struct stmt s;
	db_prepare(ctx->db, &s,
		"SELECT 1 FROM user_unit uu JOIN user_account ua ON ua.id = uu.user_id"
		" WHERE uu.user_id = ? AND uu.unit_id = ? AND ua.active = 1");
	db_bind_int64(&s, 1, user_id);
	db_bind_int64(&s, 2, x->unit_id);
	int rc = db_step(&s);
	db_finalize(&s);
	if (rc == DB_ROW)
		return true;
	if (rc != DB_DONE)
		return ctx_db_failed(ctx, rc, "deviation handler");
	return problem_field(ctx->problem, ctx->arena, "handler_user_id", "%s",
	                     T(ctx, "Handläggaren ska vara en användare på "
	                            "enheten som avvikelsen gäller."));
}

static bool check_step_input(struct ctx *ctx, const struct deviation *x,
                             enum deviation_step step,
                             const struct deviation_step_input *in)
{
	switch (step) {
	case DEVIATION_RECEIVE:
		check_handler(ctx, x, in->handler_user_id);
		if (in->text)
			check_text(ctx, "text", in->text, "", DEVIATION_TEXT_MAX);
		break;
	case DEVIATION_INVESTIGATE:
		if (in->text)
			check_text(ctx, "text", in->text, "", DEVIATION_TEXT_MAX);
		break;
	case DEVIATION_ANSWER:
		check_text(ctx, "text", in->text,
		           T(ctx, "Skriv enhetens svar på avvikelsen."),
		           DEVIATION_TEXT_MAX);
		break;
	case DEVIATION_CLOSE:
		check_text(ctx, "text", in->text,
		           T(ctx, "Beskriv vilka åtgärder som har vidtagits."),
		           DEVIATION_TEXT_MAX);
		break;
	case DEVIATION_NSTEPS:
		break;
	}
	return !problem_any(ctx->problem);
}

/* The UPDATE of each step: its time column, and what it stores. */
static const char *const step_sql[DEVIATION_NSTEPS] = {
	"UPDATE deviation SET state = 'received', received_at = ?,"
	" handler_user_id = ?, updated_at = ? WHERE id = ? AND state = 'reported'",
	"UPDATE deviation SET state = 'investigating', investigating_at = ?,"
	" handler_user_id = COALESCE(?, handler_user_id), updated_at = ?"
	" WHERE id = ? AND state = 'received'",
	"UPDATE deviation SET state = 'answered', answered_at = ?, answer = ?,"
	" updated_at = ? WHERE id = ? AND state = 'investigating'",
	"UPDATE deviation SET state = 'closed', closed_at = ?, measures = ?,"
	" updated_at = ? WHERE id = ? AND state = 'answered'",
};

bool deviation_advance(struct ctx *ctx, int64_t id, enum deviation_step step,
                       const struct deviation_step_input *in)
{
	struct deviation x;
	if ((unsigned)step >= DEVIATION_NSTEPS)
		return ctx_not_found(ctx);
	if (!staff_only(ctx) || !ctx_begin(ctx))
		return false;
	if (!load(ctx, id, &x))
		return ctx_abort(ctx);
	if (!may_take(ctx, &x, step)) {
		refuse_step(ctx, &x, step);
		return ctx_abort(ctx);
	}
	if (!check_step_input(ctx, &x, step, in))
		return ctx_abort(ctx);
	struct stmt s;
	int64_t changed = 0;
	db_prepare(ctx->db, &s, step_sql[step]);
	db_bind_int64(&s, 1, ctx->now);
	if (step == DEVIATION_RECEIVE)
		db_bind_int64(&s, 2, in->handler_user_id);
	else if (step == DEVIATION_INVESTIGATE)
		db_bind_null(&s, 2);
	else
		db_bind_text(&s, 2, in->text);
	db_bind_int64(&s, 3, ctx->now);
	db_bind_int64(&s, 4, id);
	enum deviation_state to = (enum deviation_state)(step + 1);
	if (!ctx_run(ctx, &s, &changed))
		return ctx_abort(ctx);
	if (changed != 1) {
		refuse(ctx, PROBLEM_CONFLICT,
		       T(ctx, "Någon annan tog just avvikelsen vidare. Ladda om "
		              "sidan och se var den står."));
		return ctx_abort(ctx);
	}
	ctx->acting_unit = x.unit_id;
	if (!add_event(ctx, id, to, in->text) ||
	    !audit_write(ctx, arena_printf(ctx->arena, "deviation.%s",
	                                   deviation_step_name(step)),
	                 x.person_id, x.plan_id,
	                 arena_printf(ctx->arena, "deviation %" PRId64, id)))
		return ctx_abort(ctx);
	return ctx_commit(ctx);
}

/* ---- the report form and the suggestions ---- */

bool deviation_form_get(struct ctx *ctx, int64_t plan_id,
                        struct deviation_form *out)
{
	int64_t my_unit, person = 0;
	memset(out, 0, sizeof *out);
	out->plan_id = plan_id;
	if (!staff_only(ctx) || !access_plan(ctx, plan_id, &my_unit))
		return false;
	struct stmt s;
	/* The parties: units taking part or invited, none of the caller's. */
	db_prepare(ctx->db, &s,
		"SELECT pe.id, pe.given_name || ' ' || pe.family_name,"
		" pe.personnummer, pe.protected_identity, u.id, u.name, pr.name"
		" /*0-6*/ FROM plan p JOIN person pe ON pe.id = p.person_id"
		" LEFT JOIN unit u ON u.id IN (SELECT unit_id FROM plan_unit"
		"  WHERE plan_id = p.id AND left_at IS NULL"
		"  UNION SELECT unit_id FROM invitation WHERE plan_id = p.id"
		"  AND unit_id IS NOT NULL)"
		"  AND u.id NOT IN (SELECT unit_id FROM user_unit WHERE user_id = ?)"
		" LEFT JOIN principal pr ON pr.id = u.principal_id"
		" WHERE p.id = ? ORDER BY u.name, u.id");
	db_bind_int64(&s, 1, ctx_user_id(ctx));
	db_bind_int64(&s, 2, plan_id);
	size_t count = 0, cap = 0;
	int rc;
	for (rc = db_step(&s); rc == DB_ROW; rc = db_step(&s)) {
		if (!out->person_name) {
			person = db_column_int64(&s, 0);
			out->person_name = col(ctx, &s, 1);
			out->personnummer = col(ctx, &s, 2);
			out->protected_identity = db_column_int64(&s, 3) != 0;
		}
		if (db_column_is_null(&s, 4))
			continue;
		ARENA_PUSH(ctx->arena, out->parties, count, cap);
		out->parties[count++] = (struct deviation_party){
			.unit_id = db_column_int64(&s, 4),
			.name = col(ctx, &s, 5),
			.principal_name = col(ctx, &s, 6),
		};
	}
	db_finalize(&s);
	out->nparties = (int)count;
	if (rc != DB_DONE)
		return ctx_db_failed(ctx, rc, "deviation form");
	return audit_read(ctx, "deviation.form", person, plan_id);
}

/* What the caller's units already reported is not suggested again: an
 * invitation reported on, or a follow-up reported late and still open. */
static bool invitation_reported(const struct deviation *rows, int n,
                                int64_t invitation_id)
{
	for (int i = 0; i < n; i++)
		if (rows[i].invitation_id == invitation_id)
			return true;
	return false;
}

static bool follow_up_reported(const struct deviation *rows, int n)
{
	for (int i = 0; i < n; i++)
		if (rows[i].suggestion && rows[i].state != DEVIATION_CLOSED &&
		    strcmp(rows[i].suggestion, DEVIATION_SUGGEST_FOLLOW_UP) == 0)
			return true;
	return false;
}

static bool my_unit(const struct user *me, int64_t unit_id)
{
	for (int i = 0; me && i < me->nunits; i++)
		if (me->units[i].id == unit_id)
			return true;
	return false;
}

static void suggest(struct ctx *ctx, struct deviation_suggestion **out,
                    size_t *count, size_t *cap, struct deviation_suggestion x)
{
	ARENA_PUSH(ctx->arena, *out, *count, *cap);
	(*out)[(*count)++] = x;
}

void deviation_suggestions(struct ctx *ctx, const struct plan *p,
                           const struct deviation *rows, int nrows,
                           struct deviation_suggestion **out, int *n)
{
	const struct user *me = ctx_staff(ctx);
	size_t count = 0, cap = 0;
	*out = NULL;
	for (int m = 0; me && m < p->nmeetings; m++) {
		const struct meeting *mt = &p->meetings[m];
		if (!mt->held || mt->cancelled_at)
			continue;
		for (int i = 0; i < mt->ninvitations; i++) {
			const struct invitation *inv = &mt->invitations[i];
			if (inv->reply || !inv->unit_id || my_unit(me, inv->unit_id) ||
			    invitation_reported(rows, nrows, inv->id))
				continue;
			suggest(ctx, out, &count, &cap, (struct deviation_suggestion){
				.suggestion = DEVIATION_SUGGEST_INVITATION,
				.kind = "invitation_unanswered",
				.unit_id = inv->unit_id,
				.unit_name = inv->unit_name,
				.invitation_id = inv->id,
				.date = mt->date,
			});
		}
	}
	if (me && p->state == PLAN_ACTIVE && p->next_follow_up_date &&
	    strcmp(p->next_follow_up_date,
	           date_plus(ctx, -DEVIATION_FOLLOW_UP_LATE_DAYS)) < 0 &&
	    !my_unit(me, p->lead_unit_id) &&
	    !follow_up_reported(rows, nrows))
		suggest(ctx, out, &count, &cap, (struct deviation_suggestion){
			.suggestion = DEVIATION_SUGGEST_FOLLOW_UP,
			.kind = "plan_not_followed",
			.unit_id = p->lead_unit_id,
			.unit_name = p->lead_unit_name,
			.date = p->next_follow_up_date,
		});
	*n = (int)count;
}
