/*
 * own_part.c — the individual's own part of the plan (see own_part.h):
 * entries appended, never changed; what an item says is its latest
 * entry.
 */
#include "sip/own_part.h"

#include <string.h>

#include "audit/audit.h"
#include "base/limits.h"
#include "sip/access.h"
#include "sip/citizen.h"
#include "sip/plan_internal.h"
#include "sip/validate.h"
#include "store/db.h"

static const char *col(struct ctx *ctx, struct stmt *s, int i)
{
	const char *t = db_column_text(s, i);
	return t ? arena_strdup(ctx->arena, t) : NULL;
}

bool own_part_empty(const struct own_part *o)
{
	return !o->situation && !o->matters && o->ngoals == 0;
}

const char *own_part_written_as_label(const char *written_as,
                                      const char *lang)
{
	if (written_as && strcmp(written_as, "guardian") == 0)
		return tr(lang, "Skrivet av vårdnadshavare");
	return tr(lang, "Skrivet av den enskilde");
}

/* Who may read (write: and write) the own part of plan_id; *person_id
 * gets the plan's person, *written_as how a citizen writes. */
static bool own_access(struct ctx *ctx, int64_t plan_id, bool write,
                       int64_t *person_id, const char **written_as)
{
	*person_id = 0;
	*written_as = NULL;
	if (ctx->actor == ACTOR_CITIZEN) {
		struct citizen_access a;
		if (!citizen_access_plan(ctx, plan_id, &a))
			return false;
		/* A relative or representative sees the plan in force only:
		 * the own part is not theirs to see. */
		if (!a.may_write_own)
			return ctx_not_found(ctx);
		*person_id = a.person_id;
		*written_as = a.relation == CITIZEN_GUARDIAN ? "guardian"
		                                             : "individual";
		return true;
	}
	if (!access_may_work(ctx))
		return false;
	int64_t unit = 0;
	if (!access_plan(ctx, plan_id, &unit))
		return false;
	if (write)
		return problem_set(ctx->problem, ctx->arena, PROBLEM_FORBIDDEN,
		                   "%s",
		                   T(ctx, "Den enskildes egen del skrivs bara av "
		                          "den enskilde, eller av en "
		                          "vårdnadshavare för ett barn, i "
		                          "samplan för den enskilde."));
	struct stmt s;
	db_prepare(ctx->db, &s, "SELECT person_id FROM plan WHERE id = ?");
	db_bind_int64(&s, 1, plan_id);
	int rc = db_step(&s);
	if (rc == DB_ROW)
		*person_id = db_column_int64(&s, 0);
	db_finalize(&s);
	if (rc == DB_DONE)
		return ctx_not_found(ctx);
	return rc == DB_ROW ? true : ctx_db_failed(ctx, rc, "own part plan");
}

bool own_part_rows(struct ctx *ctx, struct stmt *s, struct own_part *out)
{
	memset(out, 0, sizeof *out);
	int cap = 0;
	int rc;
	while ((rc = db_step(s)) == DB_ROW) {
		const char *item = db_column_text(s, 0);
		int64_t at = db_column_int64(s, 3);
		if (at > out->updated_at)
			out->updated_at = at;
		if (strcmp(item, "situation") == 0) {
			out->situation = col(ctx, s, 2);
			out->situation_at = at;
			out->situation_as = col(ctx, s, 4);
			continue;
		}
		if (strcmp(item, "matters") == 0) {
			out->matters = col(ctx, s, 2);
			out->matters_at = at;
			out->matters_as = col(ctx, s, 4);
			continue;
		}
		if (db_column_is_null(s, 2))
			continue; /* removed */
		if (out->ngoals == cap) {
			int ncap = cap ? cap * 2 : 8;
			struct own_goal *g = arena_array(ctx->arena, struct own_goal,
			                                 (size_t)ncap);
			if (out->ngoals)
				memcpy(g, out->goals,
				       sizeof *g * (size_t)out->ngoals);
			out->goals = g;
			cap = ncap;
		}
		struct own_goal *g = &out->goals[out->ngoals++];
		g->id = db_column_int64(s, 1);
		g->text = col(ctx, s, 2);
		g->written_at = at;
		g->written_as = col(ctx, s, 4);
	}
	return rc == DB_DONE ? true : ctx_db_failed(ctx, rc, "own part");
}

bool own_part_load(struct ctx *ctx, int64_t plan_id, struct own_part *out)
{
	struct stmt s;
	/* The latest entry of each item (a goal is its own item). */
	db_prepare(ctx->db, &s,
		"SELECT " OWN_PART_COLUMNS " /*0-4*/ " OWN_PART_FROM("?"));
	db_bind_int64(&s, 1, plan_id);
	bool ok = own_part_rows(ctx, &s, out);
	db_finalize(&s);
	return ok;
}

bool own_part_get(struct ctx *ctx, int64_t plan_id, struct own_part *out)
{
	int64_t person_id;
	const char *as;
	memset(out, 0, sizeof *out);
	if (!own_access(ctx, plan_id, false, &person_id, &as) ||
	    !own_part_load(ctx, plan_id, out))
		return false;
	return audit_read(ctx, "plan.own_part.read", person_id, plan_id);
}

/* ---- writing ---- */

struct own_write {
	struct plan_head h;
	const char *written_as;
};

/* Access for a write and the plan's head, inside the transaction. A
 * closed or declined plan takes no more own words. */
static bool begin_write(struct ctx *ctx, int64_t plan_id, struct own_write *w)
{
	int64_t person_id;
	memset(w, 0, sizeof *w);
	if (!own_access(ctx, plan_id, true, &person_id, &w->written_as))
		return false;
	if (!ctx_begin(ctx))
		return false;
	if (!plan_head_read(ctx, plan_id, &w->h))
		return ctx_abort(ctx);
	if (w->h.state == PLAN_CLOSED || w->h.state == PLAN_DECLINED) {
		problem_set(ctx->problem, ctx->arena, PROBLEM_CONFLICT, "%s",
		            T(ctx, "Planen är avslutad. Du kan inte ändra din "
		                   "egen del längre."));
		return ctx_abort(ctx);
	}
	return true;
}

static bool add_entry(struct ctx *ctx, const struct own_write *w,
                      const char *item, int64_t goal_id, const char *text)
{
	struct stmt s;
	db_prepare(ctx->db, &s,
		"INSERT INTO own_part_entry (plan_id, item, own_goal_id, text,"
		" written_at, citizen_session_id, written_as)"
		" VALUES (?, ?, ?, ?, ?, ?, ?)");
	db_bind_int64(&s, 1, w->h.id);
	db_bind_text(&s, 2, item);
	db_bind_id(&s, 3, goal_id);
	db_bind_text(&s, 4, text);
	db_bind_int64(&s, 5, ctx->now);
	db_bind_int64(&s, 6, ctx->citizen_session_id);
	db_bind_text(&s, 7, w->written_as);
	return ctx_run(ctx, &s, NULL) &&
	       plan_note_event(ctx, &w->h, "own_part_write", item);
}

static bool same_text(const char *a, const char *b)
{
	return a && b && strcmp(a, b) == 0;
}

bool own_part_save(struct ctx *ctx, int64_t plan_id, const char *situation,
                   const char *matters, bool *changed)
{
	situation = nonempty(situation);
	matters = nonempty(matters);
	if (changed)
		*changed = false;
	if (!situation && !matters)
		return problem_field(ctx->problem, ctx->arena, "situation", "%s",
		                     T(ctx, "Skriv något i minst en av rutorna."));
	check_optional(ctx, "situation", situation, LIMIT_TEXT);
	check_optional(ctx, "matters", matters, LIMIT_TEXT);
	if (problem_any(ctx->problem))
		return false;
	struct own_write w;
	if (!begin_write(ctx, plan_id, &w))
		return false;
	struct own_part now;
	if (!own_part_load(ctx, plan_id, &now))
		return ctx_abort(ctx);
	bool wrote = false;
	if (situation && !same_text(situation, now.situation)) {
		if (!add_entry(ctx, &w, "situation", 0, situation))
			return ctx_abort(ctx);
		wrote = true;
	}
	if (matters && !same_text(matters, now.matters)) {
		if (!add_entry(ctx, &w, "matters", 0, matters))
			return ctx_abort(ctx);
		wrote = true;
	}
	if (changed)
		*changed = wrote;
	return ctx_commit(ctx);
}

static bool check_goal(struct ctx *ctx, const char *text)
{
	if (!nonempty(text))
		return problem_field(ctx->problem, ctx->arena, "goal", "%s",
		                     T(ctx, "Skriv ditt mål."));
	return check_required(ctx, "goal", text, LIMIT_SHORT);
}

bool own_goal_add(struct ctx *ctx, int64_t plan_id, const char *text,
                  int64_t *goal_id)
{
	if (!check_goal(ctx, text))
		return false;
	struct own_write w;
	struct own_part now;
	if (!begin_write(ctx, plan_id, &w))
		return false;
	if (!own_part_load(ctx, plan_id, &now))
		return ctx_abort(ctx);
	if (now.ngoals >= OWN_GOALS_MAX) {
		problem_field(ctx->problem, ctx->arena, "goal",
		              T(ctx, "Du kan ha högst %d egna mål. Ta bort ett "
		                     "mål först."),
		              OWN_GOALS_MAX);
		return ctx_abort(ctx);
	}
	struct stmt s;
	db_prepare(ctx->db, &s,
		"INSERT INTO own_goal (plan_id, created_at) VALUES (?, ?)"
		" RETURNING id");
	db_bind_int64(&s, 1, plan_id);
	db_bind_int64(&s, 2, ctx->now);
	int64_t id = 0;
	if (!ctx_insert(ctx, &s, &id) || !add_entry(ctx, &w, "goal", id, text))
		return ctx_abort(ctx);
	if (goal_id)
		*goal_id = id;
	return ctx_commit(ctx);
}

/* The goal as it stands: one of the plan's, not removed. */
static bool goal_current(struct ctx *ctx, int64_t plan_id, int64_t goal_id,
                         const char **text)
{
	struct own_part now;
	*text = NULL;
	if (!own_part_load(ctx, plan_id, &now))
		return false;
	for (int i = 0; i < now.ngoals; i++)
		if (now.goals[i].id == goal_id) {
			*text = now.goals[i].text;
			return true;
		}
	return problem_set(ctx->problem, ctx->arena, PROBLEM_NOT_FOUND, "%s",
	                   T(ctx, "Målet finns inte. Det kan redan vara "
	                          "borttaget."));
}

bool own_goal_edit(struct ctx *ctx, int64_t plan_id, int64_t goal_id,
                   const char *text)
{
	if (!check_goal(ctx, text))
		return false;
	struct own_write w;
	const char *was;
	if (!begin_write(ctx, plan_id, &w))
		return false;
	if (!goal_current(ctx, plan_id, goal_id, &was))
		return ctx_abort(ctx);
	if (!same_text(was, text) && !add_entry(ctx, &w, "goal", goal_id, text))
		return ctx_abort(ctx);
	return ctx_commit(ctx);
}

bool own_goal_remove(struct ctx *ctx, int64_t plan_id, int64_t goal_id)
{
	struct own_write w;
	const char *was;
	if (!begin_write(ctx, plan_id, &w))
		return false;
	if (!goal_current(ctx, plan_id, goal_id, &was) ||
	    !add_entry(ctx, &w, "goal", goal_id, NULL))
		return ctx_abort(ctx);
	return ctx_commit(ctx);
}
