/*
 * own_part.h — the individual's own part of the plan (issue 11, "write
 * their own part"): their own words about the situation, what matters
 * to them, and own goals beside the agreed ones.
 *
 * The model (sql/0021_citizen_own.sql):
 *   - The own part belongs to the plan, not to a version: the agreed
 *     versions are immutable, the own part is the individual's and they
 *     may change it any time. It is brought to the next meeting (the
 *     preparation form and the planning document show it).
 *   - Nothing written is lost. Every save is a new entry; what an item
 *     says now is its latest entry, the earlier ones are its history.
 *     A removed goal is an entry without text.
 *   - Who writes: a citizen whose access answer (citizen.h) has
 *     may_write_own — the adult individual, a child of 15-17, a guardian
 *     of a child — recorded as the individual or as a guardian, with the
 *     citizen session. A relative or representative, and every staff
 *     user, reads at most; staff write nothing here.
 *   - Who reads: the same citizens (a relative or representative the
 *     plan is shared with sees the plan in force only, and is refused
 *     as not found here), and staff under the plan's normal access
 *     (access_plan) — the own part is the individual's words, like the
 *     version's situation, so it is not consent-scoped beyond that.
 *   - Every read is audited (plan.own_part.read), every write in one
 *     transaction with a plan event and its audit record
 *     (plan.own_part_write).
 *
 * Limits: each text at most LIMIT_TEXT characters, a goal LIMIT_SHORT,
 * at most OWN_GOALS_MAX goals at a time. Errors are field errors named
 * as the form's fields ("situation", "matters", "goal"); memory is the
 * ctx arena's.
 */
#ifndef SAMPLAN_OWN_PART_H
#define SAMPLAN_OWN_PART_H

#include <stdbool.h>
#include <stdint.h>

#include "sip/ctx.h"

enum { OWN_GOALS_MAX = 20 };

struct own_goal {
	int64_t id;            /* own_goal.id */
	const char *text;
	int64_t written_at;    /* its latest text */
	const char *written_as; /* "individual" or "guardian" */
};

struct own_part {
	const char *situation; /* NULL: nothing written */
	int64_t situation_at;
	const char *situation_as;
	const char *matters;
	int64_t matters_at;
	const char *matters_as;
	struct own_goal *goals; /* oldest first, removed ones left out */
	int ngoals;
	int64_t updated_at;    /* the latest entry; 0: nothing written yet */
};

/* True when the individual has written nothing (or removed all). */
bool own_part_empty(const struct own_part *o);

/* The own part of plan_id for the caller: a citizen with may_write_own
 * on the plan, or a staff user (or the console) who may see the plan.
 * Anyone else is refused as not found. Audited as plan.own_part.read. */
bool own_part_get(struct ctx *ctx, int64_t plan_id, struct own_part *out);

/* The same without access check or audit, for the domain's own use
 * once it has checked (plan_get reads the own part with the plan, in
 * its one statement: struct plan's own). */
bool own_part_load(struct ctx *ctx, int64_t plan_id, struct own_part *out);

/* Save the situation and what matters (a citizen with may_write_own).
 * NULL or empty keeps nothing: an item can be emptied only by writing
 * something else, so a text is never lost by mistake; an unchanged text
 * writes no entry. *changed (may be NULL) says whether anything was
 * written. */
bool own_part_save(struct ctx *ctx, int64_t plan_id, const char *situation,
                   const char *matters, bool *changed);

/* Own goals: add one (at most OWN_GOALS_MAX), change its text, remove
 * it. A goal of another plan, or removed, is NOT_FOUND. */
bool own_goal_add(struct ctx *ctx, int64_t plan_id, const char *text,
                  int64_t *goal_id);
bool own_goal_edit(struct ctx *ctx, int64_t plan_id, int64_t goal_id,
                   const char *text);
bool own_goal_remove(struct ctx *ctx, int64_t plan_id, int64_t goal_id);

/* "Skrivet av den enskilde" / "Skrivet av vårdnadshavare", in lang. */
const char *own_part_written_as_label(const char *written_as,
                                      const char *lang);

#endif
