/*
 * statistics.h — the figures of the SIP agreement's follow-up (issue 12):
 * how many plans started, were declined, are active and were closed; how
 * long the steps took; follow-ups, goals, unanswered invitations,
 * deviations, evaluations and feedback. docs/statistics.md says what each
 * figure counts.
 *
 * Only counts, shares, medians and means leave this module: no person,
 * no plan id, no free text. Every figure is a table of cells, and each
 * cell knows how many plans it rests on (n); statistics_suppress hides
 * every cell resting on fewer than STAT_MIN_PLANS plans, and
 * statistics_compute applies it before it returns, so the page, the CSV
 * files and the JSON all show the same suppressed cells.
 *
 * Reading needs CAP_STATISTICS (the follow-up group, never a plan
 * reader); each read writes an audit record "statistics.read" naming the
 * scope and period, and no person.
 */
#ifndef SAMPLAN_STATISTICS_H
#define SAMPLAN_STATISTICS_H

#include <stdbool.h>
#include <stdint.h>

#include "sip/ctx.h"

/* A cell resting on fewer plans than this is shown as "<5". */
enum { STAT_MIN_PLANS = 5 };

enum stat_scope_kind {
	STAT_COUNTY,    /* every plan in the database */
	STAT_PRINCIPAL, /* plans in which a unit of the principal takes part */
	STAT_UNIT,      /* plans in which the unit takes part */
};

struct stat_scope {
	enum stat_scope_kind kind;
	int64_t id; /* the principal or unit; 0 for the county */
};

/* "county", "principal:ID" or "unit:ID" (NULL or "" is the county).
 * False for anything else. */
bool statistics_scope_parse(const char *text, struct stat_scope *out);
/* The same text back, in the arena. */
const char *statistics_scope_text(struct arena *a, const struct stat_scope *s);

enum stat_format {
	STAT_COUNT,   /* a number of plans, goals, invitations, ... */
	STAT_DAYS,    /* whole days */
	STAT_PERCENT, /* a share, 0-100, one decimal */
	STAT_SCORE,   /* a mean on the scale 1-4, one decimal */
};

/* "count", "days", "percent", "score": stable, for JSON and markup. */
const char *statistics_format_name(enum stat_format f);

struct stat_cell {
	double value;
	/* The plans (for feedback: the answers) behind it. The plans of the
	 * evaluations are counted up to STAT_MIN_PLANS only: that decides
	 * suppression, which is all n is for. */
	int64_t n;
	bool suppressed; /* n < STAT_MIN_PLANS: value is 0 and not shown */
};

struct stat_table {
	const char *name;     /* stable, for URLs and JSON: "started_by_kind" */
	const char *title;    /* in ctx's language */
	const char *counts;   /* what the figure counts, one sentence */
	enum stat_format format;
	int nrows, ncols;
	const char **row_keys, **row_labels; /* row_keys are stable */
	const char **col_keys, **col_labels;
	struct stat_cell *cells; /* nrows * ncols, row by row */
};

static inline struct stat_cell *stat_cell_at(const struct stat_table *t,
                                             int row, int col)
{
	return &t->cells[row * t->ncols + col];
}

struct statistics {
	struct stat_scope scope;
	const char *scope_name; /* "Ludvika kommun", "Hela länet", ... */
	char from[11], to[11];  /* the period, YYYY-MM-DD, both included */
	struct stat_table *tables;
	int ntables;
};

/* The figures for the scope written as statistics_scope_parse reads it
 * and the period [from_date, to_date] (either NULL or "" for this
 * calendar year's first or last day). False with a problem: bad request
 * with field errors "scope", "from", "to" for bad input, not-found
 * for a principal or unit that does not exist, forbidden without
 * CAP_STATISTICS, or the database's failure. what ("page", "csv",
 * "json") goes into the audit record. Everything lives in ctx's arena;
 * the cells are already suppressed. */
bool statistics_compute(struct ctx *ctx, const char *scope,
                        const char *from_date, const char *to_date,
                        const char *what, struct statistics *out);

/* Hide every cell resting on fewer than STAT_MIN_PLANS plans: the one
 * place of the rule. */
void statistics_suppress(struct statistics *st);

/* The table called name, or NULL. */
const struct stat_table *statistics_table(const struct statistics *st,
                                          const char *name);

/* A cell's value as people read it ("12", "4.5", "<5"), in the arena. */
const char *statistics_cell_text(struct arena *a, const struct stat_table *t,
                                 const struct stat_cell *c);

#endif
