/*
 * statistics.c — the figures of the agreement's follow-up (statistics.h).
 *
 * Each figure is one aggregate statement (two for a table that needs a
 * denominator; one for both tables of the plans started) over the plans
 * of the scope, the same text on SQLite and PostgreSQL but for the day
 * arithmetic (SQLITE_DAY, PG_DAY). Each reads its facts by period from
 * an index that holds every column it needs (0027) and scopes on the
 * fact's own plan id, so the county page reads no plan row. The
 * statements return counts only — grouped by an enumeration, a
 * principal or a number of days — never a plan or a person, so memory
 * stays bounded by the number of distinct values, not of plans. Medians
 * and 90th percentiles come from such a histogram of whole days
 * (percentile_from_histogram: the nearest-rank method).
 *
 * The period: plans whose need was assessed in it for the figures of
 * starting and of time to each step; the event's own time (the closing,
 * the follow-up's conclusion, the invitation, the report, the
 * evaluation, the feedback's week) for the others; "now" for the ongoing
 * plans. docs/statistics.md says the same for the reader.
 */
#include "sip/statistics.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit/audit.h"
#include "audit/review.h"
#include "base/date.h"
#include "sip/capability.h"
#include "sip/org.h"
#include "sip/plan.h"
#include "sip/user.h"
#include "store/db.h"

enum { DAY_S = 86400, DISCHARGE_INVITE_DAYS = 3, MAX_TABLES = 16 };

/* ---- scope ---- */

bool statistics_scope_parse(const char *text, struct stat_scope *out)
{
	*out = (struct stat_scope){STAT_COUNTY, 0};
	if (!text || !*text || strcmp(text, "county") == 0)
		return true;
	const char *id_text;
	if (strncmp(text, "principal:", 10) == 0) {
		out->kind = STAT_PRINCIPAL;
		id_text = text + 10;
	} else if (strncmp(text, "unit:", 5) == 0) {
		out->kind = STAT_UNIT;
		id_text = text + 5;
	} else {
		return false;
	}
	char *end;
	if (*id_text < '1' || *id_text > '9')
		return false;
	long long id = strtoll(id_text, &end, 10);
	if (*end || id <= 0)
		return false;
	out->id = id;
	return true;
}

const char *statistics_scope_text(struct arena *a, const struct stat_scope *s)
{
	switch (s->kind) {
	case STAT_PRINCIPAL: return arena_printf(a, "principal:%lld", (long long)s->id);
	case STAT_UNIT: return arena_printf(a, "unit:%lld", (long long)s->id);
	case STAT_COUNTY: break;
	}
	return "county";
}

const char *statistics_format_name(enum stat_format f)
{
	switch (f) {
	case STAT_DAYS: return "days";
	case STAT_PERCENT: return "percent";
	case STAT_SCORE: return "score";
	case STAT_COUNT: break;
	}
	return "count";
}

/* ---- one run: the scope and period every statement binds ---- */

struct run {
	struct ctx *ctx;
	const struct stat_scope *scope;
	int64_t from, to; /* [from, to) in Unix seconds */
	char from_week[12], to_week[12]; /* "YYYY-Www" of the period's ends */
	struct statistics *st;
	int64_t discharge_early; /* discharge SIPs invited within 3 days */
	/* Of the active plans and those under follow-up today (ongoing):
	 * how many, and how many have a follow-up date. */
	int64_t active, active_dated;
};

/* The condition for the scope on a column holding a plan id, with three
 * parameters bound last (prepare): whether there is a scope at all, the
 * principal and the unit (-1 for the one not asked for). Bound, not
 * formatted: every statement is one literal. The units first, then
 * their plans through plan_unit_unit_idx (unit_id, plan_id): a scope
 * costs the plans of its units, never a scan of every plan_unit. The
 * fact tables carry the plan id, so the county reads no plan row. */
#define SCOPE_ON(col)                                                      \
	" AND (? = 0 OR " col " IN (SELECT pu.plan_id FROM plan_unit pu"   \
	" WHERE pu.unit_id IN (SELECT su.id FROM unit su"                  \
	" WHERE su.principal_id = ? OR su.id = ?)))"
#define SCOPE SCOPE_ON("p.id")

/* The UTC day "YYYY-MM-DD" of a column of Unix seconds, and whole days
 * from it to a date text: the day arithmetic of each backend. */
#define SQLITE_DAY(col) "date(" col ", 'unixepoch')"
#define PG_DAY(col) "to_char(to_timestamp(" col ") AT TIME ZONE 'UTC', 'YYYY-MM-DD')"
#define SQLITE_DAYS(day, since) \
	"CAST(julianday(" day ") - julianday(" SQLITE_DAY(since) ") AS INTEGER)"
#define PG_DAYS(day, since) "(CAST(" day " AS DATE) - CAST(" PG_DAY(since) " AS DATE))"

static const char *dialect(const struct run *run, const char *sqlite,
                           const char *postgresql)
{
	return db_kind(run->ctx->db) == DB_POSTGRESQL ? postgresql : sqlite;
}

/* Prepare sql and bind the period (when period) and then the scope's
 * three parameters (SCOPE). */
static void bind_scope(const struct run *run, struct stmt *s, int i)
{
	const struct stat_scope *sc = run->scope;
	db_bind_int64(s, i, sc->kind != STAT_COUNTY);
	db_bind_int64(s, i + 1, sc->kind == STAT_PRINCIPAL ? sc->id : -1);
	db_bind_int64(s, i + 2, sc->kind == STAT_UNIT ? sc->id : -1);
}

/* Planned with the values at every run (db_prepare_replan): the scope's
 * "? = 0 OR ..." folds away for the county only in a plan made with its
 * values. PostgreSQL's generic plan, chosen after five runs on one
 * connection, kept the scope's subquery: the county page at 10^6 plans
 * went from 0.55 s to 1.3 s once a connection had served it five times. */
static bool prepare(struct run *run, struct stmt *s, bool period,
                    const char *sql)
{
	int rc = db_prepare_replan(run->ctx->db, s, sql);
	if (rc)
		return ctx_db_failed(run->ctx, rc, "statistics");
	int i = 1;
	if (period) {
		db_bind_int64(s, i++, run->from);
		db_bind_int64(s, i++, run->to);
	}
	bind_scope(run, s, i);
	return true;
}

static bool finish(struct run *run, struct stmt *s, int rc)
{
	db_finalize(s);
	if (rc != DB_DONE)
		return ctx_db_failed(run->ctx, rc, "statistics");
	return true;
}

/* ---- tables ---- */

static const char *const col_plans[] = {"plans"};
static const char *const col_days[] = {"median", "p90"};

struct table_shape {
	const char *name, *title, *counts;
	enum stat_format format;
	const char *const *row_keys;
	const char *const *row_labels; /* msgids; NULL: the keys are names */
	int nrows;
	const char *const *col_keys;
	const char *const *col_labels; /* msgids */
	int ncols;
};

static struct stat_table *table_new(struct run *run,
                                    const struct table_shape *shape)
{
	struct ctx *ctx = run->ctx;
	struct statistics *st = run->st;
	struct stat_table *t = &st->tables[st->ntables++];
	*t = (struct stat_table){
		.name = shape->name,
		.title = T(ctx, shape->title),
		.counts = T(ctx, shape->counts),
		.format = shape->format,
		.nrows = shape->nrows,
		.ncols = shape->ncols,
	};
	t->row_keys = arena_array(ctx->arena, const char *, (size_t)t->nrows + 1);
	t->row_labels = arena_array(ctx->arena, const char *, (size_t)t->nrows + 1);
	for (int i = 0; i < t->nrows; i++) {
		t->row_keys[i] = shape->row_keys[i];
		t->row_labels[i] = shape->row_labels ? T(ctx, shape->row_labels[i])
		                                     : shape->row_keys[i];
	}
	t->col_keys = arena_array(ctx->arena, const char *, (size_t)t->ncols);
	t->col_labels = arena_array(ctx->arena, const char *, (size_t)t->ncols);
	for (int i = 0; i < t->ncols; i++) {
		t->col_keys[i] = shape->col_keys[i];
		t->col_labels[i] = T(ctx, shape->col_labels[i]);
	}
	t->cells = arena_array(ctx->arena, struct stat_cell,
	                       (size_t)(t->nrows ? t->nrows : 1) * (size_t)t->ncols);
	return t;
}

static int row_of(const struct stat_table *t, const char *key)
{
	for (int i = 0; key && i < t->nrows; i++)
		if (strcmp(t->row_keys[i], key) == 0)
			return i;
	return -1;
}

/* Rows of (key, count, plans[, column]) into t: the count is the cell's
 * value, plans its n. Keys the table does not list are ignored. */
static bool fill_counts(struct run *run, struct stat_table *t, bool period,
                        const char *sql, bool by_column)
{
	struct stmt s;
	if (!prepare(run, &s, period, sql))
		return false;
	int rc;
	while ((rc = db_step(&s)) == DB_ROW) {
		int row = row_of(t, db_column_text(&s, 0));
		int col = by_column ? (int)db_column_int64(&s, 3) : 0;
		if (row < 0 || col < 0 || col >= t->ncols)
			continue;
		struct stat_cell *c = stat_cell_at(t, row, col);
		c->value += (double)db_column_int64(&s, 1);
		c->n += db_column_int64(&s, 2);
	}
	return finish(run, &s, rc);
}

/* A table whose rows are the principals found: rows of (principal id,
 * name, count, plans). */
static bool fill_parties(struct run *run, struct stat_table *t,
                         const char *sql)
{
	struct arena *a = run->ctx->arena;
	struct stmt s;
	if (!prepare(run, &s, true, sql))
		return false;
	struct stat_cell *cells = NULL;
	const char **keys = NULL, **labels = NULL;
	size_t n = 0, cap = 0, kcap = 0, lcap = 0;
	int rc;
	while ((rc = db_step(&s)) == DB_ROW) {
		ARENA_PUSH(a, cells, n, cap);
		ARENA_PUSH(a, keys, n, kcap);
		ARENA_PUSH(a, labels, n, lcap);
		keys[n] = arena_printf(a, "%lld", (long long)db_column_int64(&s, 0));
		labels[n] = arena_strdup(a, db_column_text(&s, 1));
		cells[n] = (struct stat_cell){
			.value = (double)db_column_int64(&s, 2),
			.n = db_column_int64(&s, 3)};
		n++;
	}
	if (!finish(run, &s, rc))
		return false;
	t->nrows = (int)n;
	t->row_keys = keys;
	t->row_labels = labels;
	if (n)
		t->cells = cells;
	return true;
}

/* The median and the 90th percentile (nearest rank) of a histogram: n
 * distinct numbers of days in ascending order and the count of each,
 * into row `row` of t; the cells' n is the total. */
static void put_percentiles(struct stat_table *t, int row,
                            const int64_t *days, const int64_t *count,
                            size_t n)
{
	int64_t total = 0;
	for (size_t i = 0; i < n; i++)
		total += count[i];
	static const int pct[] = {50, 90};
	for (int k = 0; k < 2; k++) {
		struct stat_cell *c = stat_cell_at(t, row, k);
		c->n = total;
		int64_t rank = (total * pct[k] + 99) / 100; /* ceil, from 1 */
		int64_t seen = 0;
		for (size_t i = 0; i < n; i++) {
			seen += count[i];
			if (seen >= rank) {
				c->value = (double)days[i];
				break;
			}
		}
	}
}

/* The percentiles of a histogram of days from sql: rows (days, count)
 * in ascending days. With early, sql has a third column (the discharge
 * SIPs among count), summed into *early below DISCHARGE_INVITE_DAYS. */
static bool percentiles(struct run *run, struct stat_table *t, int row,
                        const char *sql, int64_t *early)
{
	struct stmt s;
	if (!prepare(run, &s, true, sql))
		return false;
	/* Bounded by the distinct numbers of days, not by the plans. */
	int64_t *days = NULL, *count = NULL;
	size_t n = 0, dcap = 0, ccap = 0;
	int rc;
	while ((rc = db_step(&s)) == DB_ROW) {
		ARENA_PUSH(run->ctx->arena, days, n, dcap);
		ARENA_PUSH(run->ctx->arena, count, n, ccap);
		days[n] = db_column_int64(&s, 0);
		count[n] = db_column_int64(&s, 1);
		if (early && days[n] < DISCHARGE_INVITE_DAYS)
			*early += db_column_int64(&s, 2);
		n++;
	}
	if (!finish(run, &s, rc))
		return false;
	put_percentiles(t, row, days, count, n);
	return true;
}

/* A histogram of days counted in C, for a pass that reads each fact
 * once (days_to_steps on SQLite): 0 to HIST_DAYS - 1 days in an array,
 * any other number (a step recorded before the need, or years later) in
 * a list sorted at the end. */
enum { HIST_DAYS = 2048 };
struct day_hist {
	int64_t in_range[HIST_DAYS];
	int64_t *other; /* numbers of days outside the array, one per fact */
	size_t nother, cap;
};

static void hist_add(struct arena *a, struct day_hist *h, int64_t days)
{
	if (days >= 0 && days < HIST_DAYS) {
		h->in_range[days]++;
		return;
	}
	ARENA_PUSH(a, h->other, h->nother, h->cap);
	h->other[h->nother++] = days;
}

static int cmp_int64(const void *x, const void *y)
{
	int64_t a = *(const int64_t *)x, b = *(const int64_t *)y;
	return (a > b) - (a < b);
}

static void hist_percentiles(struct arena *a, struct stat_table *t, int row,
                             struct day_hist *h)
{
	if (h->nother)
		qsort(h->other, h->nother, sizeof *h->other, cmp_int64);
	size_t cap = HIST_DAYS + h->nother, n = 0, i = 0;
	int64_t *days = arena_alloc(a, cap * sizeof *days);
	int64_t *count = arena_alloc(a, cap * sizeof *count);
	/* The negative ones first, then the array, then the rest. */
	for (; i < h->nother && h->other[i] < 0; n++) {
		days[n] = h->other[i];
		count[n] = 0;
		for (; i < h->nother && h->other[i] == days[n]; i++)
			count[n]++;
	}
	for (int d = 0; d < HIST_DAYS; d++)
		if (h->in_range[d]) {
			days[n] = d;
			count[n++] = h->in_range[d];
		}
	for (; i < h->nother; n++) {
		days[n] = h->other[i];
		count[n] = 0;
		for (; i < h->nother && h->other[i] == days[n]; i++)
			count[n]++;
	}
	put_percentiles(t, row, days, count, n);
}

/* How many distinct plans sql (one column, a plan id, LIMIT
 * STAT_MIN_PLANS) finds: enough to decide suppression, which is all a
 * cell's n is for, without counting every plan of the period. Counting
 * them all (COUNT(DISTINCT)) was 0.15 s of the county page at 10^6
 * plans. With key, sql has one parameter more after the scope's, the
 * cell's key. */
static bool plans_enough(struct run *run, const char *sql, const char *key,
                         int64_t *out)
{
	struct stmt s;
	if (!prepare(run, &s, true, sql))
		return false;
	if (key)
		db_bind_text(&s, 6, key);
	int rc;
	*out = 0;
	while ((rc = db_step(&s)) == DB_ROW)
		++*out;
	return finish(run, &s, rc);
}

/* The n of each cell of column col of t whose count (value) is at least
 * STAT_MIN_PLANS, from plans_enough with the row's key; fewer goals or
 * follow-ups than that rest on fewer plans, so their count is n. */
static bool cells_enough(struct run *run, struct stat_table *t, int col,
                         const char *sql)
{
	for (int row = 0; row < t->nrows; row++) {
		struct stat_cell *c = stat_cell_at(t, row, col);
		c->n = (int64_t)c->value;
		if (c->n >= STAT_MIN_PLANS &&
		    !plans_enough(run, sql, t->row_keys[row], &c->n))
			return false;
	}
	return true;
}

/* ---- the figures ---- */

/* No total row: with one part suppressed, a total would give it away
 * (total minus the other part). */
static const char *const kind_keys[] = {"sip", "discharge_sip"};
static const char *const kind_labels[] = {
	N_("SIP"), N_("SIP vid utskrivning (lag 2017:612)")};
static const char *const initiator_keys[] = {"professional", "individual",
                                             "relative"};
static const char *const initiator_labels[] = {
	N_("En yrkesverksam"), N_("Den enskilde"), N_("En närstående")};
static const char *const col_plan_labels[] = {N_("Planer")};
static const char *const col_day_labels[] = {N_("Median, dagar"),
                                             N_("90:e percentilen, dagar")};

/* Both tables of the plans started from one pass over the period in
 * plan_need_assessed_idx: one row of the plans, the discharge SIPs
 * among them and the plans of each initiator. */
#define INITIATED(who) \
	"COALESCE(SUM(CASE WHEN p.initiated_by = '" who "' THEN 1 ELSE 0 END), 0)"

static bool started(struct run *run)
{
	struct stat_table *kind = table_new(run, &(struct table_shape){
		"started_by_kind", N_("Påbörjade planer efter slag"),
		N_("Planer vars behov bedömdes under perioden."), STAT_COUNT,
		kind_keys, kind_labels, 2, col_plans, col_plan_labels, 1});
	struct stat_table *initiator = table_new(run, &(struct table_shape){
		"started_by_initiator", N_("Påbörjade planer efter vem som tog initiativet"),
		N_("Planer vars behov bedömdes under perioden, efter vem som tog "
		   "initiativet till SIP:en."), STAT_COUNT,
		initiator_keys, initiator_labels, 3, col_plans, col_plan_labels, 1});
	/* One row of sums, no GROUP BY: grouping sorted every plan of the
	 * period (a fifth of the county page at 10^6 plans). */
	_Static_assert(sizeof initiator_keys / sizeof *initiator_keys == 3,
	               "a column below for each initiator");
	struct stmt s;
	if (!prepare(run, &s, true,
	             "SELECT COUNT(*), COALESCE(SUM(p.is_discharge), 0),"
	             " " INITIATED("professional") ", " INITIATED("individual")
	             ", " INITIATED("relative") " FROM plan p"
	             " WHERE p.need_assessed_at >= ? AND p.need_assessed_at < ?"
	             SCOPE))
		return false;
	int rc = db_step(&s);
	if (rc == DB_ROW) {
		int64_t all = db_column_int64(&s, 0),
		        discharge = db_column_int64(&s, 1);
		*stat_cell_at(kind, 0, 0) = (struct stat_cell){
			.value = (double)(all - discharge), .n = all - discharge};
		*stat_cell_at(kind, 1, 0) = (struct stat_cell){
			.value = (double)discharge, .n = discharge};
		for (int row = 0; row < 3; row++) {
			int64_t plans = db_column_int64(&s, 2 + row);
			*stat_cell_at(initiator, row, 0) = (struct stat_cell){
				.value = (double)plans, .n = plans};
		}
		rc = db_step(&s);
	}
	return finish(run, &s, rc);
}

/* The declined by their cause (plan_decline): the professional's own
 * words are free text that may name a person, so they are never read
 * here. A plan declined before causes were recorded counts as "other"
 * (sql/0029). The rows are the domain's list, in its order. */
static const char *const declined_labels[] = {
	N_("Behovet av samordnade insatser finns inte"),
	N_("Insatserna ges av en huvudman"),
	N_("Det finns redan en SIP för samma behov"),
	N_("Insatserna samordnas redan på annat sätt"), N_("Annat skäl")};
_Static_assert(sizeof declined_labels / sizeof *declined_labels ==
               DECLINED_CAUSES, "a label for each cause of plan.c");

static bool declined(struct run *run)
{
	struct stat_table *t = table_new(run, &(struct table_shape){
		"declined_by_reason", N_("Nekade SIP efter skäl"),
		N_("Planer där SIP inte erbjöds under perioden, efter skälet."),
		STAT_COUNT, declined_causes, declined_labels,
		DECLINED_CAUSES, col_plans, col_plan_labels, 1});
	const char *sql = "SELECT p.declined_cause, COUNT(*), COUNT(*) FROM plan p"
		" WHERE p.closed_at >= ? AND p.closed_at < ? AND p.state = 'declined'" SCOPE ""
		" GROUP BY p.declined_cause";
	return fill_counts(run, t, true, sql, false);
}

static const char *const state_keys[] = {"need_assessed", "consent",
                                         "preparing", "invited", "active",
                                         "follow_up"};
static const char *const state_labels[] = {
	N_("Behov bedömt"), N_("Samtycke"), N_("Förbereds"), N_("Kallad"),
	N_("Aktiv plan"), N_("Under uppföljning")};

static bool ongoing(struct run *run)
{
	struct stat_table *t = table_new(run, &(struct table_shape){
		"ongoing_by_state", N_("Pågående planer efter steg, just nu"),
		N_("Planer som inte är avslutade eller nekade, i dag (oavsett "
		   "period), efter det steg de står i."), STAT_COUNT,
		state_keys, state_labels, 6, col_plans, col_plan_labels, 1});
	/* The six states named, not "NOT IN (declined, closed)": the index
	 * is read for them alone, not through every closed plan. The same
	 * pass counts the active plans with a follow-up date (shares), from
	 * the same index (state, next_follow_up_date). */
	struct stmt s;
	if (!prepare(run, &s, false,
	             "SELECT p.state, COUNT(*), COUNT(p.next_follow_up_date)"
	             " FROM plan p WHERE p.state IN ('need_assessed', 'consent',"
	             " 'preparing', 'invited', 'active', 'follow_up')" SCOPE
	             " GROUP BY p.state"))
		return false;
	int rc;
	while ((rc = db_step(&s)) == DB_ROW) {
		const char *state = db_column_text(&s, 0);
		int64_t plans = db_column_int64(&s, 1);
		int row = row_of(t, state);
		if (row >= 0)
			*stat_cell_at(t, row, 0) = (struct stat_cell){
				.value = (double)plans, .n = plans};
		if (strcmp(state, "active") == 0 ||
		    strcmp(state, "follow_up") == 0) {
			run->active += plans;
			run->active_dated += db_column_int64(&s, 2);
		}
	}
	return finish(run, &s, rc);
}

static const char *const closed_keys[] = {
	"goals_met", "no_longer_needed", "individual_wish", "consent_withdrawn",
	"new_plan", "moved", "deceased", "other"};
static const char *const closed_labels[] = {
	N_("Målen är uppnådda"), N_("Behovet finns inte längre"),
	N_("Den enskildes önskan"), N_("Samtycket återkallades"),
	N_("Ersatt av en ny plan"), N_("Flyttat"), N_("Avliden"), N_("Annat")};

static bool closed(struct run *run)
{
	struct stat_table *t = table_new(run, &(struct table_shape){
		"closed_by_reason", N_("Avslutade planer efter skäl"),
		N_("Planer som avslutades under perioden, efter skälet."),
		STAT_COUNT, closed_keys, closed_labels, 8, col_plans,
		col_plan_labels, 1});
	const char *sql = "SELECT p.closed_reason, COUNT(*), COUNT(*) FROM plan p"
		" WHERE p.closed_at >= ? AND p.closed_at < ? AND p.state = 'closed'" SCOPE ""
		" GROUP BY p.closed_reason";
	return fill_counts(run, t, true, sql, false);
}

static const char *const step_keys[] = {"consent", "invitation",
                                        "first_meeting"};
static const char *const step_labels[] = {
	N_("Till samtycke"), N_("Till kallelse"), N_("Till första SIP-mötet")};

/* The plans whose need was assessed in the period (days_to_steps). */
#define COHORT " WHERE p.need_assessed_at >= ? AND p.need_assessed_at < ?" SCOPE

/* SQLite: the three histograms of days_to_steps from one pass over the
 * period's plans, counted in C. Three statements grouping by the number
 * of days each sorted the plans of the period (their sorter was 0.06 to
 * 0.08 s each at 10^6 plans); PostgreSQL's hash aggregation does the
 * grouping well and keeps the statements. */
static bool days_to_steps_one_pass(struct run *run, struct stat_table *t)
{
	struct stmt s;
	if (!prepare(run, &s, true,
	             "SELECT (p.first_consent_at - p.need_assessed_at) / 86400,"
	             " (p.first_invitation_at - p.need_assessed_at) / 86400,"
	             " p.is_discharge, CASE WHEN p.first_meeting_date IS NOT NULL"
	             " THEN " SQLITE_DAYS("p.first_meeting_date", "p.need_assessed_at")
	             " END FROM plan p" COHORT))
		return false;
	struct arena *a = run->ctx->arena;
	struct day_hist *h = arena_alloc(a, 3 * sizeof *h);
	memset(h, 0, 3 * sizeof *h);
	int rc;
	while ((rc = db_step(&s)) == DB_ROW) {
		if (!db_column_is_null(&s, 0))
			hist_add(a, &h[0], db_column_int64(&s, 0));
		if (!db_column_is_null(&s, 1)) {
			int64_t days = db_column_int64(&s, 1);
			hist_add(a, &h[1], days);
			if (days < DISCHARGE_INVITE_DAYS && db_column_int64(&s, 2))
				run->discharge_early++;
		}
		if (!db_column_is_null(&s, 3))
			hist_add(a, &h[2], db_column_int64(&s, 3));
	}
	if (!finish(run, &s, rc))
		return false;
	for (int step = 0; step < 3; step++)
		hist_percentiles(a, t, step, &h[step]);
	return true;
}

static bool days_to_steps(struct run *run)
{
	struct stat_table *t = table_new(run, &(struct table_shape){
		"days_to_step", N_("Dagar från bedömt behov till varje steg"),
		N_("Planer vars behov bedömdes under perioden och som har nått "
		   "steget: median och 90:e percentilen av antalet dagar."),
		STAT_DAYS, step_keys, step_labels, 3, col_days, col_day_labels, 2});
	/* From the plans' milestones (sql/0026), in the index of the need. */
	if (db_kind(run->ctx->db) != DB_POSTGRESQL)
		return days_to_steps_one_pass(run, t);
	const char *consent =
		"SELECT (p.first_consent_at - p.need_assessed_at) / 86400 AS d,"
		" COUNT(*) FROM plan p" COHORT " AND p.first_consent_at IS NOT NULL"
		" GROUP BY (p.first_consent_at - p.need_assessed_at) / 86400"
		" ORDER BY d";
	/* With the discharge SIPs at each number of days: their share
	 * invited within three days comes from the same pass. */
	const char *invitation =
		"SELECT (p.first_invitation_at - p.need_assessed_at) / 86400 AS d,"
		" COUNT(*), SUM(p.is_discharge) FROM plan p" COHORT
		" AND p.first_invitation_at IS NOT NULL"
		" GROUP BY (p.first_invitation_at - p.need_assessed_at) / 86400"
		" ORDER BY d";
	const char *meeting =
		"SELECT " PG_DAYS("p.first_meeting_date", "p.need_assessed_at")
		" AS d, COUNT(*) FROM plan p" COHORT
		" AND p.first_meeting_date IS NOT NULL GROUP BY "
		PG_DAYS("p.first_meeting_date", "p.need_assessed_at") " ORDER BY d";
	return percentiles(run, t, 0, consent, NULL) &&
	       percentiles(run, t, 1, invitation, &run->discharge_early) &&
	       percentiles(run, t, 2, meeting, NULL);
}

static const char *const share_keys[] = {
	"discharge_invited_within_3_days", "active_with_follow_up_date",
	"follow_ups_on_time"};
static const char *const share_labels[] = {
	N_("SIP vid utskrivning där kallelsen gick ut inom 3 dagar"),
	N_("Aktiva planer med ett datum för uppföljning"),
	N_("Uppföljningar som hölls i tid")};
static const char *const col_share[] = {"percent"};
static const char *const col_share_labels[] = {N_("Andel, procent")};

static const char *const on_time_keys[] = {"on_time", "late"};
static const char *const on_time_labels[] = {N_("I tid"), N_("Försenad")};
static const char *const col_follow_ups[] = {"follow_ups"};
static const char *const col_follow_up_labels[] = {N_("Uppföljningar")};

static bool shares_and_follow_ups(struct run *run)
{
	struct stat_table *shares = table_new(run, &(struct table_shape){
		"shares", N_("Andelar"),
		N_("SIP vid utskrivning vars behov bedömdes under perioden (behovet "
		   "bedöms när patienten är utskrivningsklar); aktiva planer i "
		   "dag; uppföljningar som avslutades under perioden, i tid när "
		   "de hölls senast den dag planen angav."), STAT_PERCENT,
		share_keys, share_labels, 3, col_share, col_share_labels, 1});
	/* The active plans with a follow-up date, counted by ongoing (run
	 * before this). A share of fewer than five plans is suppressed. */
	struct stat_cell *c = stat_cell_at(shares, 1, 0);
	c->n = run->active_dated;
	c->value = run->active ? 100.0 * (double)run->active_dated /
	                             (double)run->active
	                       : 0;
	/* Of the discharge SIPs started (the first table), those invited
	 * within three days (days_to_steps). */
	const struct stat_cell *discharge =
		stat_cell_at(statistics_table(run->st, "started_by_kind"), 1, 0);
	c = stat_cell_at(shares, 0, 0);
	c->n = run->discharge_early;
	c->value = discharge->n ? 100.0 * (double)run->discharge_early /
	                                  (double)discharge->n
	                        : 0;

	struct stat_table *t = table_new(run, &(struct table_shape){
		"follow_ups", N_("Uppföljningar i tid"),
		N_("Uppföljningar som avslutades under perioden: i tid när de "
		   "hölls senast den dag som planen angav."), STAT_COUNT,
		on_time_keys, on_time_labels, 2, col_follow_ups,
		col_follow_up_labels, 1});
	/* One row of two sums, and the plans behind each from
	 * plans_enough: grouping sorted every follow-up of the period. */
#define ON_TIME(day) "CASE WHEN " day " <= f.due_date THEN 'on_time' ELSE 'late' END"
#define ON_TIME_FROM                                                       \
	" FROM follow_up f WHERE f.concluded_at >= ? AND f.concluded_at < ?" \
	SCOPE_ON("f.plan_id")
#define ON_TIME_SQL(day)                                                   \
	"SELECT COALESCE(SUM(CASE WHEN " ON_TIME(day) " = 'on_time' THEN 1"  \
	" ELSE 0 END), 0), COUNT(*)" ON_TIME_FROM
#define ON_TIME_PLANS(day)                                                 \
	"SELECT DISTINCT f.plan_id" ON_TIME_FROM " AND " ON_TIME(day)        \
	" = ? LIMIT 5"
	const char *sql = dialect(run, ON_TIME_SQL(SQLITE_DAY("f.concluded_at")),
	                          ON_TIME_SQL(PG_DAY("f.concluded_at")));
	struct stmt s;
	if (!prepare(run, &s, true, sql))
		return false;
	int rc = db_step(&s);
	if (rc == DB_ROW) {
		int64_t on_time = db_column_int64(&s, 0);
		stat_cell_at(t, 0, 0)->value = (double)on_time;
		stat_cell_at(t, 1, 0)->value =
			(double)(db_column_int64(&s, 1) - on_time);
		rc = db_step(&s);
	}
	_Static_assert(STAT_MIN_PLANS == 5, "the LIMIT above is STAT_MIN_PLANS");
	if (!finish(run, &s, rc) ||
	    !cells_enough(run, t, 0,
	                  dialect(run, ON_TIME_PLANS(SQLITE_DAY("f.concluded_at")),
	                          ON_TIME_PLANS(PG_DAY("f.concluded_at")))))
		return false;
	/* The share of those held on time: the plans behind the on-time
	 * follow-ups decide whether it may be shown. */
	const struct stat_cell *on = stat_cell_at(t, 0, 0),
	                       *late = stat_cell_at(t, 1, 0);
	c = stat_cell_at(shares, 2, 0);
	c->n = on->n;
	double all = on->value + late->value;
	c->value = all > 0 ? 100.0 * on->value / all : 0;
	return true;
}

static const char *const goal_keys[] = {"met", "partly_met", "not_met",
                                        "no_longer_relevant"};
static const char *const goal_labels[] = {
	N_("Uppnått"), N_("Delvis uppnått"), N_("Inte uppnått"),
	N_("Inte längre aktuellt")};
static const char *const col_goal[] = {"at_follow_up", "at_closing"};
static const char *const col_goal_labels[] = {N_("Vid uppföljning"),
                                              N_("Vid avslut")};

/* The goal results of the follow-ups concluded in the period, in one
 * pass without GROUP BY: SQLite sorted every result of the period to
 * group them and to count the plans of each group (0.19 s of the county
 * page at 10^6 plans). The eight cells are sums; the plans behind each
 * come from plans_enough. */
#define GOALS_FROM                                                         \
	" FROM follow_up_goal_result r"                                     \
	" JOIN follow_up f ON f.id = r.follow_up_id"                        \
	" WHERE f.concluded_at >= ? AND f.concluded_at < ?"                 \
	SCOPE_ON("f.plan_id")
#define AT_CLOSING "CASE WHEN f.outcome = 'close' THEN 1 ELSE 0 END"
#define GOAL_CELL(result, closing)                                         \
	"COALESCE(SUM(CASE WHEN r.result = '" result "' AND " AT_CLOSING    \
	" = " closing " THEN 1 ELSE 0 END), 0)"
#define GOAL_ROW(result) GOAL_CELL(result, "0") ", " GOAL_CELL(result, "1")

static bool goals(struct run *run)
{
	struct stat_table *t = table_new(run, &(struct table_shape){
		"goal_results", N_("Mål vid uppföljning och avslut"),
		N_("Målen i uppföljningar som avslutades under perioden; vid "
		   "avslut när uppföljningen ledde till att planen avslutades."),
		STAT_COUNT, goal_keys, goal_labels, 4, col_goal, col_goal_labels,
		2});
	_Static_assert(sizeof goal_keys / sizeof *goal_keys == 4,
	               "a GOAL_ROW below for each key");
	const char *sql = "SELECT " GOAL_ROW("met") ", " GOAL_ROW("partly_met")
		", " GOAL_ROW("not_met") ", " GOAL_ROW("no_longer_relevant")
		GOALS_FROM;
	struct stmt s;
	if (!prepare(run, &s, true, sql))
		return false;
	int rc = db_step(&s);
	if (rc == DB_ROW) {
		for (int row = 0; row < 4; row++)
			for (int col = 0; col < 2; col++)
				stat_cell_at(t, row, col)->value =
					(double)db_column_int64(&s, 2 * row + col);
		rc = db_step(&s);
	}
	if (!finish(run, &s, rc))
		return false;
	_Static_assert(STAT_MIN_PLANS == 5, "the LIMIT below is STAT_MIN_PLANS");
	return cells_enough(run, t, 0,
	                    "SELECT DISTINCT f.plan_id" GOALS_FROM
	                    " AND r.result = ? AND " AT_CLOSING " = 0 LIMIT 5") &&
	       cells_enough(run, t, 1,
	                    "SELECT DISTINCT f.plan_id" GOALS_FROM
	                    " AND r.result = ? AND " AT_CLOSING " = 1 LIMIT 5");
}

static const char *const col_invitations[] = {"invitations"};
static const char *const col_invitation_labels[] = {N_("Obesvarade kallelser")};

static bool unanswered(struct run *run)
{
	struct stat_table *t = table_new(run, &(struct table_shape){
		"unanswered_invitations_by_party",
		N_("Obesvarade kallelser efter part"),
		N_("Kallelser till en enhet som skickades under perioden och inte "
		   "har besvarats, efter enhetens huvudman (inställda möten "
		   "räknas inte)."), STAT_COUNT, NULL, NULL, 0, col_invitations,
		col_invitation_labels, 1});
	/* The cancelled meetings as one small set from their own index,
	 * read once: a join to meeting made PostgreSQL read every meeting,
	 * and a correlated look-up per invitation cost SQLite a meeting row
	 * each. */
	const char *sql = "SELECT pr.id, pr.name, COUNT(*), COUNT(DISTINCT i.plan_id)"
		" FROM invitation i JOIN unit u ON u.id = i.unit_id"
		" JOIN principal pr ON pr.id = u.principal_id"
		" WHERE i.created_at >= ? AND i.created_at < ?"
		" AND i.reply IS NULL AND i.meeting_id NOT IN (SELECT m.id FROM"
		" meeting m WHERE m.cancelled_at IS NOT NULL)"
		SCOPE_ON("i.plan_id")
		" GROUP BY pr.id, pr.name ORDER BY pr.name";
	return fill_parties(run, t, sql);
}

static const char *const deviation_keys[] = {
	"not_started", "invitation_unanswered", "treatment_at_meeting",
	"plan_not_followed", "other"};
static const char *const deviation_labels[] = {
	N_("SIP har inte startats trots behov"), N_("Kallelse har inte besvarats"),
	N_("Bemötandet vid mötet"), N_("Planen följs inte"), N_("Annat")};
static const char *const col_deviations[] = {"deviations"};
static const char *const col_deviation_labels[] = {N_("Avvikelser")};
static const char *const answer_keys[] = {"answered"};
static const char *const answer_labels[] = {N_("Besvarade avvikelser")};

static bool deviations(struct run *run)
{
	struct stat_table *t = table_new(run, &(struct table_shape){
		"deviations_by_kind", N_("Avvikelser efter slag"),
		N_("Avvikelser som rapporterades under perioden, efter slag."),
		STAT_COUNT, deviation_keys, deviation_labels, 5, col_deviations,
		col_deviation_labels, 1});
	const char *sql = "SELECT d.kind, COUNT(*), COUNT(DISTINCT d.plan_id) FROM deviation d"
		" WHERE d.reported_at >= ? AND d.reported_at < ?"
		SCOPE_ON("d.plan_id")
		" GROUP BY d.kind";
	if (!fill_counts(run, t, true, sql, false))
		return false;
	t = table_new(run, &(struct table_shape){
		"deviations_by_party", N_("Avvikelser efter part"),
		N_("Avvikelser som rapporterades under perioden, efter den "
		   "huvudman avvikelsen gäller."), STAT_COUNT, NULL, NULL, 0,
		col_deviations, col_deviation_labels, 1});
	sql = "SELECT pr.id, pr.name, COUNT(*), COUNT(DISTINCT d.plan_id)"
		" FROM deviation d JOIN principal pr ON pr.id = d.principal_id"
		" WHERE d.reported_at >= ? AND d.reported_at < ?"
		SCOPE_ON("d.plan_id")
		" GROUP BY pr.id, pr.name ORDER BY pr.name";
	if (!fill_parties(run, t, sql))
		return false;
	t = table_new(run, &(struct table_shape){
		"deviation_answer_days", N_("Dagar till svar på en avvikelse"),
		N_("Avvikelser som rapporterades under perioden och har besvarats: "
		   "median och 90:e percentilen av dagarna från rapport till svar."),
		STAT_DAYS, answer_keys, answer_labels, 1, col_days, col_day_labels,
		2});
	sql = "SELECT (d.answered_at - d.reported_at) / 86400 AS days, COUNT(*)"
		" FROM deviation d"
		" WHERE d.reported_at >= ? AND d.reported_at < ?"
		" AND d.answered_at IS NOT NULL" SCOPE_ON("d.plan_id")
		" GROUP BY (d.answered_at - d.reported_at) / 86400"
		" ORDER BY days";
	return percentiles(run, t, 0, sql, NULL);
}

static const char *const evaluation_keys[] = {"individual_in_focus",
                                              "everyone_heard"};
static const char *const evaluation_labels[] = {
	N_("Den enskilde var i fokus"), N_("Alla blev hörda")};
static const char *const feedback_keys[] = {"listened", "understood",
                                            "said_what_mattered", "prepared"};
static const char *const feedback_labels[] = {
	N_("Jag blev lyssnad på"), N_("Jag förstod vad som sades"),
	N_("Jag fick säga det som var viktigt för mig"),
	N_("Jag var förberedd")};
static const char *const col_mean[] = {"mean"};
static const char *const col_mean_labels[] = {N_("Medelvärde, 1–4")};

/* Means of scores 1-4 (0, "cannot say", left out) from the one row of
 * s: for each row of t in order, the sum and the count of its answers.
 * Each cell's n is plans (for a question with answers) when plans >= 0,
 * else the number of answers. s is finalized. */
static bool fill_means(struct run *run, struct stat_table *t, struct stmt *s,
                       int64_t plans)
{
	int rc = db_step(s);
	if (rc == DB_ROW) {
		for (int i = 0; i < t->nrows; i++) {
			struct stat_cell *c = stat_cell_at(t, i, 0);
			int64_t sum = db_column_int64(s, 2 * i),
			        n = db_column_int64(s, 2 * i + 1);
			c->value = n ? (double)sum / (double)n : 0;
			c->n = plans >= 0 ? (n ? plans : 0) : n;
		}
		rc = db_step(s);
	}
	return finish(run, s, rc);
}

/* sum and count of the answers 1-4 in column c: */
/* (the schema holds each answer to 0-4, NOT NULL: 0, "cannot say",
 * adds nothing to the sum, and NULLIF leaves it out of the count) */
#define SCORE(c) "COALESCE(SUM(" c "), 0), COUNT(NULLIF(" c ", 0))"

static bool scores(struct run *run)
{
	struct stat_table *t = table_new(run, &(struct table_shape){
		"evaluation_scores", N_("De yrkesverksammas utvärdering av mötet"),
		N_("Utvärderingar av SIP-möten som gjordes under perioden: "
		   "medelvärdet på skalan 1–4 (svaret \"kan inte säga\" räknas "
		   "inte)."), STAT_SCORE, evaluation_keys, evaluation_labels, 2,
		col_mean, col_mean_labels, 1});
	_Static_assert(STAT_MIN_PLANS == 5, "the LIMIT below is STAT_MIN_PLANS");
	int64_t plans;
	if (!plans_enough(run, "SELECT DISTINCT e.plan_id FROM meeting_evaluation e"
	                       " WHERE e.created_at >= ? AND e.created_at < ?"
	                       SCOPE_ON("e.plan_id") " LIMIT 5", NULL, &plans))
		return false;
	const char *sql =
		"SELECT " SCORE("e.individual_in_focus") ", " SCORE("e.everyone_heard")
		" FROM meeting_evaluation e"
		" WHERE e.created_at >= ? AND e.created_at < ?"
		SCOPE_ON("e.plan_id");
	struct stmt s;
	if (!prepare(run, &s, true, sql) || !fill_means(run, t, &s, plans))
		return false;
	t = table_new(run, &(struct table_shape){
		"feedback_scores", N_("Den enskildes återkoppling"),
		N_("Anonyma svar (digitala och på papper) från veckorna i "
		   "perioden: medelvärdet på skalan 1–4. Svaren bär bara "
		   "huvudmannen, så för en enhet visas svaren om dess huvudman; "
		   "gränsen fem gäller svaren."), STAT_SCORE, feedback_keys,
		feedback_labels, 4, col_mean, col_mean_labels, 1});
	/* The answers carry the principal only: a unit's are its
	 * principal's. */
	sql = "SELECT " SCORE("f.listened") ", " SCORE("f.understood") ", "
	      SCORE("f.said_what_mattered") ", " SCORE("f.prepared")
	      " FROM feedback_answer f WHERE f.iso_week >= ? AND f.iso_week <= ?"
	      " AND (? = 0 OR f.principal_id = ? OR f.principal_id ="
	      " (SELECT su.principal_id FROM unit su WHERE su.id = ?))";
	int rc = db_prepare_replan(run->ctx->db, &s, sql);
	if (rc)
		return ctx_db_failed(run->ctx, rc, "statistics");
	db_bind_text(&s, 1, run->from_week);
	db_bind_text(&s, 2, run->to_week);
	bind_scope(run, &s, 3);
	return fill_means(run, t, &s, -1);
}

/* ---- the whole ---- */

void statistics_suppress(struct statistics *st)
{
	for (int i = 0; i < st->ntables; i++) {
		struct stat_table *t = &st->tables[i];
		for (int k = 0; k < t->nrows * t->ncols; k++)
			if (t->cells[k].n < STAT_MIN_PLANS) {
				t->cells[k].suppressed = true;
				t->cells[k].value = 0;
			}
	}
}

const struct stat_table *statistics_table(const struct statistics *st,
                                          const char *name)
{
	for (int i = 0; name && i < st->ntables; i++)
		if (strcmp(st->tables[i].name, name) == 0)
			return &st->tables[i];
	return NULL;
}

const char *statistics_cell_text(struct arena *a, const struct stat_table *t,
                                 const struct stat_cell *c)
{
	if (c->suppressed)
		return "<5";
	if (t->format == STAT_PERCENT || t->format == STAT_SCORE)
		return arena_printf(a, "%.1f", c->value);
	return arena_printf(a, "%.0f", c->value);
}

/* The ISO week "YYYY-Www" of a date (the feedback's unit of time). */
static void iso_week(struct date d, char out[12])
{
	int64_t days = date_to_days(d);
	/* 1970-01-01 was a Thursday; ISO weekday 1 = Monday. */
	int weekday = (int)(((days + 3) % 7 + 7) % 7) + 1;
	struct date thursday = date_from_days(days + 4 - weekday);
	int64_t jan1 = date_to_days((struct date){thursday.year, 1, 1});
	int week = (int)((date_to_days(thursday) - jan1) / 7) + 1;
	snprintf(out, 12, "%04u-W%02u", (unsigned)thursday.year % 10000u,
	         (unsigned)week % 100u);
}

static bool scope_name(struct run *run)
{
	struct ctx *ctx = run->ctx;
	struct statistics *st = run->st;
	if (run->scope->kind == STAT_COUNTY) {
		st->scope_name = T(ctx, "Hela länet");
		return true;
	}
	struct problem scratch = {0};
	struct ctx look = *ctx;
	look.problem = &scratch;
	bool found;
	if (run->scope->kind == STAT_PRINCIPAL) {
		struct principal p;
		found = principal_get(&look, run->scope->id, &p);
		st->scope_name = found ? p.name : NULL;
	} else {
		struct unit u;
		found = unit_get(&look, run->scope->id, &u);
		st->scope_name = found ? u.name : NULL;
	}
	if (found)
		return true;
	if (scratch.kind != PROBLEM_NOT_FOUND) {
		*ctx->problem = scratch;
		return false;
	}
	return problem_set(ctx->problem, ctx->arena, PROBLEM_NOT_FOUND, "%s",
	                   T(ctx, "Det finns ingen sådan huvudman eller enhet. "
	                          "Välj en i listan."));
}

/* The period: this calendar year unless given; a field error otherwise
 * as 400 (it is the query string, not a form being saved). */
static bool period(struct run *run, const char *from_date, const char *to_date)
{
	struct ctx *ctx = run->ctx;
	struct date today = date_of_time(ctx->now), a, b;
	char from_text[11], to_text[11];
	if (!from_date || !*from_date) {
		date_format((struct date){today.year, 1, 1}, from_text);
		from_date = from_text;
	}
	if (!to_date || !*to_date) {
		date_format((struct date){today.year, 12, 31}, to_text);
		to_date = to_text;
	}
	if (!review_period(ctx, from_date, to_date, &run->from, &run->to))
		return false;
	date_parse(from_date, &a);
	date_parse(to_date, &b);
	date_format(a, run->st->from);
	date_format(b, run->st->to);
	iso_week(a, run->from_week);
	iso_week(b, run->to_week);
	return true;
}

bool statistics_compute(struct ctx *ctx, const char *scope_text,
                        const char *from_date, const char *to_date,
                        const char *what, struct statistics *out)
{
	*out = (struct statistics){0};
	if (!capability_granted(ctx_staff(ctx), CAP_STATISTICS))
		return problem_set(ctx->problem, ctx->arena, PROBLEM_FORBIDDEN, "%s",
		                   T(ctx, "Statistiken är till för "
		                          "uppföljningsgruppen."));
	struct stat_scope scope;
	if (!statistics_scope_parse(scope_text, &scope))
		problem_field(ctx->problem, ctx->arena, "scope", "%s",
		              T(ctx, "Välj ett område i listan: county, "
		                     "principal:ID eller unit:ID."));
	out->scope = scope;
	struct run run = {.ctx = ctx, .scope = &out->scope, .st = out};
	if (!period(&run, from_date, to_date) || problem_any(ctx->problem)) {
		if (ctx->problem->kind == PROBLEM_INVALID) {
			ctx->problem->kind = PROBLEM_BAD_REQUEST;
			ctx->problem->detail = T(ctx, "Området eller perioden går "
			                              "inte att läsa.");
		}
		return false;
	}
	if (!scope_name(&run))
		return false;
	out->tables = arena_array(ctx->arena, struct stat_table, MAX_TABLES);
	/* One read transaction: the figures agree with each other. */
	if (!ctx_begin(ctx))
		return false;
	bool ok = started(&run) && declined(&run) && ongoing(&run) &&
	          closed(&run) && days_to_steps(&run) &&
	          shares_and_follow_ups(&run) && goals(&run) &&
	          unanswered(&run) && deviations(&run) && scores(&run) &&
	          audit_write(ctx, "statistics.read", 0, 0,
	                      arena_printf(ctx->arena, "%s scope=%s from=%s to=%s",
	                                   what ? what : "page",
	                                   statistics_scope_text(ctx->arena,
	                                                         &out->scope),
	                                   out->from, out->to));
	if (!ok)
		return ctx_abort(ctx);
	if (!ctx_commit(ctx))
		return false;
	statistics_suppress(out);
	return true;
}
