/*
 * follow_up_read.c — reading a plan's follow-ups, handovers and links to
 * the plan it replaced or was replaced by, for plan_get (from its one
 * query's FOLLOW_UP_PARTS columns, plan_internal.h); and hiding what
 * the caller's view does not cover (follow_up.h, field.h).
 */
#include <string.h>

#include "sip/access.h"
#include "sip/follow_up.h"
#include "sip/plan.h"
#include "sip/plan_internal.h"
#include "store/db.h"

static const char *col(struct ctx *ctx, struct stmt *s, int i)
{
	return db_column_is_null(s, i) ? NULL
	                               : arena_strdup(ctx->arena,
	                                              db_column_text(s, i));
}

/* A follow-up's row: 0-14, then its results and reports. */
enum { FOLLOW_UP_GOAL_RESULTS = 15, FOLLOW_UP_INTERVENTION_RESULTS,
       FOLLOW_UP_REPORTS };

static bool read_goal_results(struct ctx *ctx, struct stmt *row,
                              struct follow_up *f)
{
	struct stmt s;
	db_rows_open(&s, row, FOLLOW_UP_GOAL_RESULTS);
	size_t n = 0, cap = 0;
	int rc;
	for (rc = db_step(&s); rc == DB_ROW; rc = db_step(&s)) {
		ARENA_PUSH(ctx->arena, f->goal_results, n, cap);
		struct goal_result *g = &f->goal_results[n++];
		g->goal_id = db_column_int64(&s, 0);
		g->goal_text = col(ctx, &s, 1);
		g->result = col(ctx, &s, 2);
		g->comment = col(ctx, &s, 3);
		g->recorded_at = db_column_int64(&s, 4);
		g->recorded_by_name = col(ctx, &s, 5);
	}
	db_finalize(&s);
	f->ngoal_results = (int)n;
	return rc == DB_DONE ? true : ctx_db_failed(ctx, rc, "goal results");
}

static bool read_intervention_results(struct ctx *ctx, struct stmt *row,
                                      struct follow_up *f)
{
	struct stmt s;
	db_rows_open(&s, row, FOLLOW_UP_INTERVENTION_RESULTS);
	size_t n = 0, cap = 0;
	int rc;
	for (rc = db_step(&s); rc == DB_ROW; rc = db_step(&s)) {
		ARENA_PUSH(ctx->arena, f->intervention_results, n, cap);
		struct intervention_result *x = &f->intervention_results[n++];
		memset(x, 0, sizeof *x);
		x->intervention_id = db_column_int64(&s, 0);
		x->what = col(ctx, &s, 1);
		x->responsible_kind = col(ctx, &s, 2);
		x->responsible_unit_id = db_column_int64(&s, 3);
		x->result = col(ctx, &s, 4);
		x->why = col(ctx, &s, 5);
		x->effect = col(ctx, &s, 6);
		x->recorded_at = db_column_int64(&s, 7);
		x->recorded_by_name = col(ctx, &s, 8);
	}
	db_finalize(&s);
	f->nintervention_results = (int)n;
	return rc == DB_DONE ? true
	                     : ctx_db_failed(ctx, rc, "intervention results");
}

static bool read_reports(struct ctx *ctx, struct stmt *row, struct follow_up *f)
{
	struct stmt s;
	db_rows_open(&s, row, FOLLOW_UP_REPORTS);
	size_t n = 0, cap = 0;
	int rc;
	for (rc = db_step(&s); rc == DB_ROW; rc = db_step(&s)) {
		ARENA_PUSH(ctx->arena, f->reports, n, cap);
		struct principal_report *x = &f->reports[n++];
		memset(x, 0, sizeof *x);
		x->principal_id = db_column_int64(&s, 0);
		x->principal_name = col(ctx, &s, 1);
		principal_kind_parse(db_column_text(&s, 2), &x->principal_kind);
		x->text = col(ctx, &s, 3);
		x->recorded_at = db_column_int64(&s, 4);
		x->recorded_by_name = col(ctx, &s, 5);
		x->unit_name = col(ctx, &s, 6);
		x->unit_id = db_column_int64(&s, 7);
	}
	db_finalize(&s);
	f->nreports = (int)n;
	return rc == DB_DONE ? true : ctx_db_failed(ctx, rc, "reports");
}

static bool read_follow_ups(struct ctx *ctx, struct stmt *parts, int column,
                            struct plan *p)
{
	struct stmt s;
	db_rows_open(&s, parts, column);
	size_t n = 0, cap = 0;
	int rc;
	bool ok = true;
	for (rc = db_step(&s); rc == DB_ROW && ok; rc = db_step(&s)) {
		ARENA_PUSH(ctx->arena, p->follow_ups, n, cap);
		struct follow_up *f = &p->follow_ups[n++];
		memset(f, 0, sizeof *f);
		f->id = db_column_int64(&s, 0);
		f->version_id = db_column_int64(&s, 1);
		f->version_no = (int)db_column_int64(&s, 2);
		f->reason = col(ctx, &s, 3);
		f->note = col(ctx, &s, 4);
		f->started_at = db_column_int64(&s, 5);
		f->started_by_name = col(ctx, &s, 6);
		f->wellbeing = col(ctx, &s, 7);
		f->new_information = col(ctx, &s, 8);
		f->coordination_needed = col(ctx, &s, 9);
		f->outcome = col(ctx, &s, 10);
		f->next_date = col(ctx, &s, 11);
		f->next_place = col(ctx, &s, 12);
		f->concluded_at = db_column_int64(&s, 13);
		f->concluded_by_name = col(ctx, &s, 14);
		ok = read_goal_results(ctx, &s, f) &&
		     read_intervention_results(ctx, &s, f) &&
		     read_reports(ctx, &s, f);
	}
	db_finalize(&s);
	p->nfollow_ups = (int)n;
	if (!ok)
		return false;
	return rc == DB_DONE ? true : ctx_db_failed(ctx, rc, "follow-ups");
}

static bool read_handovers(struct ctx *ctx, struct stmt *parts, int column,
                           struct plan *p)
{
	struct stmt s;
	db_rows_open(&s, parts, column);
	size_t n = 0, cap = 0;
	int rc;
	for (rc = db_step(&s); rc == DB_ROW; rc = db_step(&s)) {
		ARENA_PUSH(ctx->arena, p->handovers, n, cap);
		struct handover *h = &p->handovers[n++];
		h->id = db_column_int64(&s, 0);
		h->version_no = (int)db_column_int64(&s, 1);
		h->recipient = col(ctx, &s, 2);
		h->recipient_name = col(ctx, &s, 3);
		h->organisation = col(ctx, &s, 4);
		h->method = col(ctx, &s, 5);
		h->handed_on = col(ctx, &s, 6);
		h->recorded_at = db_column_int64(&s, 7);
		h->recorded_by_name = col(ctx, &s, 8);
	}
	db_finalize(&s);
	p->nhandovers = (int)n;
	return rc == DB_DONE ? true : ctx_db_failed(ctx, rc, "handovers");
}

static bool read_links(struct ctx *ctx, struct stmt *parts, int column,
                       struct plan *p)
{
	struct stmt s;
	db_rows_open(&s, parts, column);
	int rc;
	for (rc = db_step(&s); rc == DB_ROW; rc = db_step(&s)) {
		int64_t old_id = db_column_int64(&s, 0);
		int64_t new_id = db_column_int64(&s, 1);
		if (old_id == p->id)
			p->replaced_by_plan_id = new_id;
		else
			p->replaces_plan_id = old_id;
	}
	db_finalize(&s);
	return rc == DB_DONE ? true : ctx_db_failed(ctx, rc, "plan links");
}

bool follow_up_read(struct ctx *ctx, struct stmt *parts, int first,
                    struct plan *p)
{
	return read_follow_ups(ctx, parts, first, p) &&
	       read_handovers(ctx, parts, first + 1, p) &&
	       read_links(ctx, parts, first + 2, p);
}

/* Clear *value unless the view covers category c of a row owned by
 * owner_unit; false (and the category in *withheld) when it was hidden. */
static bool keep(const struct access_view *v, unsigned *withheld,
                 enum field_category c, int64_t owner_unit, const char **value)
{
	if (access_sees_row(v, c, owner_unit))
		return true;
	if (*value)
		*withheld |= 1u << c;
	*value = NULL;
	return false;
}

void follow_up_filter(struct plan *p)
{
	const struct access_view *v = &p->view;
	unsigned *w = &p->withheld;
	for (int k = 0; k < p->nfollow_ups; k++) {
		struct follow_up *f = &p->follow_ups[k];
		keep(v, w, field_category(FIELD_FOLLOW_UP_WELLBEING), 0,
		     &f->wellbeing);
		keep(v, w, field_category(FIELD_FOLLOW_UP_NEW_INFORMATION), 0,
		     &f->new_information);
		for (int i = 0; i < f->nintervention_results; i++) {
			struct intervention_result *x = &f->intervention_results[i];
			x->category = field_category_of_responsible(x->responsible_kind);
			if (access_sees_row(v, x->category, x->responsible_unit_id))
				continue;
			x->withheld = true;
			*w |= 1u << x->category;
			x->what = x->result = x->why = x->effect = NULL;
		}
		for (int i = 0; i < f->nreports; i++) {
			struct principal_report *x = &f->reports[i];
			x->category = field_category_of_unit(x->principal_kind);
			x->withheld = !keep(v, w, x->category, x->unit_id, &x->text);
		}
	}
}
