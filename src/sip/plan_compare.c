/*
 * plan_compare.c — what changed between two established versions of a
 * plan: goals and interventions added, changed and ended (see plan.h,
 * plan_version_compare).
 *
 * Matching. The schema has no identity that lives across versions: a
 * version is written whole (plan_version.c), and each version's goals
 * and interventions are new rows with new ids; the forms do not carry a
 * goal or an intervention from one version to the next either. So items
 * are matched by their text, the thing the people at the meeting name
 * them by:
 *   - a goal by its text; the same text with another kind (overall or
 *     sub-goal) is a changed goal;
 *   - an intervention by what is done ("KBT", "Boendestöd"); any other
 *     field that differs — who is responsible, the goal it serves, the
 *     contact, how often, when, the dates — makes it changed. When the
 *     caller may not see an intervention's content (its responsible
 *     party's category is outside the consent, access.h) "what" reads
 *     NULL in both versions; such an intervention is matched by its
 *     responsible party instead, and only what the caller sees is
 *     compared, so a hidden field never shows up as a change.
 * A text that occurs twice is matched in order (the first with the
 * first). A goal whose wording was edited therefore shows as one goal
 * ended and one added: for the individual reading it that is what
 * happened to the words, and nothing is guessed.
 */
#include <string.h>

#include "audit/audit.h"
#include "sip/access.h"
#include "sip/plan.h"
#include "sip/plan_internal.h"

static bool same(const char *a, const char *b)
{
	if (!a || !b)
		return a == b;
	return strcmp(a, b) == 0;
}

static bool same_responsible(const struct intervention *a,
                             const struct intervention *b)
{
	if (!same(a->responsible_kind, b->responsible_kind) ||
	    a->responsible_unit_id != b->responsible_unit_id ||
	    !same(a->responsible_name, b->responsible_name) ||
	    a->nalso != b->nalso)
		return false;
	/* Who else is responsible, in order (plan_intervention_party). */
	for (int k = 0; k < a->nalso; k++)
		if (!same(a->also[k].kind, b->also[k].kind) ||
		    a->also[k].unit_id != b->also[k].unit_id)
			return false;
	return true;
}

static bool same_intervention(const struct intervention *a,
                              const struct intervention *b)
{
	if (a->withheld != b->withheld)
		return false;
	return a->withheld ? same_responsible(a, b) : same(a->what, b->what);
}

static void intervention_fields(struct intervention_diff *d)
{
	const struct intervention *a = d->from, *b = d->to;
	struct {
		const char *name;
		bool differs;
	} checks[] = {
		{"responsible", !same_responsible(a, b)},
		{"goal", !same(a->goal_text, b->goal_text)},
		{"contact_name", !same(a->contact_name, b->contact_name)},
		{"frequency", !same(a->frequency, b->frequency)},
		{"timing", !same(a->timing, b->timing)},
		{"start_date", !same(a->start_date, b->start_date)},
		{"end_date", !same(a->end_date, b->end_date)},
	};
	d->nfields = 0;
	for (size_t i = 0; i < sizeof checks / sizeof *checks; i++)
		if (checks[i].differs && d->nfields < VERSION_DIFF_MAX_FIELDS)
			d->fields[d->nfields++] = checks[i].name;
	d->change = d->nfields ? VERSION_CHANGED : VERSION_SAME;
}

static void count(struct version_diff *out, enum version_change c)
{
	out->added += c == VERSION_ADDED;
	out->changed += c == VERSION_CHANGED;
	out->removed += c == VERSION_REMOVED;
}

static void diff_goals(struct ctx *ctx, struct version_diff *out)
{
	const struct plan_version *f = &out->from, *t = &out->to;
	bool *used = arena_array(ctx->arena, bool, (size_t)f->ngoals + 1);
	out->goals = arena_array(ctx->arena, struct goal_diff,
	                         (size_t)(f->ngoals + t->ngoals) + 1);
	int n = 0;
	for (int i = 0; i < t->ngoals; i++) {
		struct goal_diff *d = &out->goals[n++];
		*d = (struct goal_diff){.change = VERSION_ADDED, .to = &t->goals[i]};
		for (int k = 0; k < f->ngoals; k++) {
			if (used[k] || !same(f->goals[k].text, t->goals[i].text))
				continue;
			used[k] = true;
			d->from = &f->goals[k];
			d->change = same(d->from->kind, d->to->kind) ? VERSION_SAME
			                                             : VERSION_CHANGED;
			break;
		}
		count(out, d->change);
	}
	for (int k = 0; k < f->ngoals; k++)
		if (!used[k]) {
			out->goals[n++] = (struct goal_diff){
				.change = VERSION_REMOVED, .from = &f->goals[k]};
			count(out, VERSION_REMOVED);
		}
	out->ngoals = n;
}

static void diff_interventions(struct ctx *ctx, struct version_diff *out)
{
	const struct plan_version *f = &out->from, *t = &out->to;
	bool *used = arena_array(ctx->arena, bool, (size_t)f->ninterventions + 1);
	out->interventions = arena_array(
		ctx->arena, struct intervention_diff,
		(size_t)(f->ninterventions + t->ninterventions) + 1);
	int n = 0;
	for (int i = 0; i < t->ninterventions; i++) {
		struct intervention_diff *d = &out->interventions[n++];
		memset(d, 0, sizeof *d);
		d->change = VERSION_ADDED;
		d->to = &t->interventions[i];
		for (int k = 0; k < f->ninterventions; k++) {
			if (used[k] || !same_intervention(&f->interventions[k], d->to))
				continue;
			used[k] = true;
			d->from = &f->interventions[k];
			intervention_fields(d);
			break;
		}
		count(out, d->change);
	}
	for (int k = 0; k < f->ninterventions; k++)
		if (!used[k]) {
			struct intervention_diff *d = &out->interventions[n++];
			memset(d, 0, sizeof *d);
			d->change = VERSION_REMOVED;
			d->from = &f->interventions[k];
			count(out, VERSION_REMOVED);
		}
	out->ninterventions = n;
}

/* Read version `no` into *v; a version the plan lacks is the caller's
 * error in `field`. */
static bool read_one(struct ctx *ctx, int64_t plan_id,
                     const struct access_view *view, int no,
                     const char *field, struct plan_version *v,
                     int64_t *person_id)
{
	struct problem saved = *ctx->problem;
	if (plan_version_read(ctx, plan_id, view, no, v, person_id))
		return true;
	if (ctx->problem->kind != PROBLEM_NOT_FOUND)
		return false;
	*ctx->problem = saved;
	return problem_field(ctx->problem, ctx->arena, field,
	                     T(ctx, "Planen har ingen version %d."), no);
}

bool plan_version_compare(struct ctx *ctx, int64_t plan_id, int from_no,
                          int to_no, struct version_diff *out)
{
	memset(out, 0, sizeof *out);
	struct access_view view;
	int64_t person_id = 0;
	if (!access_may_work(ctx) || !access_plan_view(ctx, plan_id, &view) ||
	    !plan_version_compare_view(ctx, plan_id, &view, from_no, to_no, out,
	                               &person_id))
		return false;
	return audit_read(ctx, "plan.version_compare", person_id, plan_id);
}

bool plan_version_compare_view(struct ctx *ctx, int64_t plan_id,
                               const struct access_view *view, int from_no,
                               int to_no, struct version_diff *out,
                               int64_t *person_id)
{
	memset(out, 0, sizeof *out);
	if (from_no < 1)
		problem_field(ctx->problem, ctx->arena, "from", "%s",
		              T(ctx, "Välj vilken version du vill jämföra från."));
	if (to_no < 1)
		problem_field(ctx->problem, ctx->arena, "to", "%s",
		              T(ctx, "Välj vilken version du vill jämföra med."));
	if (from_no >= 1 && from_no == to_no)
		problem_field(ctx->problem, ctx->arena, "to", "%s",
		              T(ctx, "Välj två olika versioner att jämföra."));
	if (problem_any(ctx->problem))
		return false;
	bool ok = read_one(ctx, plan_id, view, from_no, "from", &out->from,
	                   person_id);
	if (!ok && ctx->problem->kind != PROBLEM_INVALID)
		return false;
	ok &= read_one(ctx, plan_id, view, to_no, "to", &out->to, person_id);
	if (!ok)
		return false;
	plan_version_diff(ctx, out);
	return true;
}

void plan_version_diff(struct ctx *ctx, struct version_diff *out)
{
	diff_goals(ctx, out);
	diff_interventions(ctx, out);
}

const char *version_change_name(enum version_change c)
{
	switch (c) {
	case VERSION_SAME:
		return "same";
	case VERSION_ADDED:
		return "added";
	case VERSION_CHANGED:
		return "changed";
	case VERSION_REMOVED:
		return "removed";
	}
	return "same";
}
