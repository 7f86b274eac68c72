/*
 * gen_internal.h — what gen.c (the plans through their steps) shares
 * with gen_after.c (what the agreement's statistics read of a plan's
 * later life: follow-up results, closings, deviations, meeting
 * evaluations and anonymous feedback).
 *
 * Every draw comes from gen.c's one seeded stream, so the data set stays
 * deterministic for a seed whatever file draws.
 */
#ifndef SAMPLAN_GEN_INTERNAL_H
#define SAMPLAN_GEN_INTERNAL_H

#include <stdbool.h>
#include <stdint.h>

#include "sip/ctx.h"

/* "Today" of every generated data set: 2026-11-01 12:00 UTC. */
#define GEN_EPOCH 1793534400LL
#define GEN_DAY (24 * 60 * 60)

struct gen_org;
struct user;

uint64_t gen_random(void);
/* 0 .. n-1 (0 when n < 1). */
long gen_pick(long n);
bool gen_chance(int percent);
/* The day of time t, "YYYY-MM-DD", in ctx's arena. */
const char *gen_day_of(struct ctx *ctx, int64_t t);
/* A user of the unit, to act as them. */
struct user *gen_user_of(struct gen_org *g, int64_t unit_id);

/* A plan's party at its first meeting: an invited unit, its invitation,
 * whether it answered and came. */
struct gen_party {
	int64_t unit_id;
	int64_t invitation_id;
	bool answered;
	bool attended;
};

/* The first meeting of a plan, held when the plan was established. */
struct gen_meeting {
	int64_t plan_id;
	int64_t meeting_id;
	int64_t held_at;       /* when the plan was written at it */
	int64_t lead_unit_id;  /* the unit that chaired it */
	const struct user *lead;
	const struct gen_party *parties;
	int nparties;
};

/* The participating professionals' evaluations (meeting_evaluation) and
 * the anonymous feedback of the individual and relatives
 * (feedback_answer, with feedback_given for digital answers). */
bool gen_meeting_evaluated(struct ctx *ctx, struct gen_org *g,
                           const struct gen_meeting *m);

/* Perhaps a deviation against one of the parties, reported by the lead
 * after `after` and taken through its workflow as far as the time up to
 * GEN_EPOCH allows; follow_up_late: the plan's follow-up came late. */
bool gen_deviation_maybe(struct ctx *ctx, struct gen_org *g,
                         const struct gen_meeting *m, int64_t after,
                         bool follow_up_late);

/* The results of the plan's open follow-up (goals, interventions, the
 * individual's wellbeing), recorded by the acting lead user. */
bool gen_follow_up_results(struct ctx *ctx, int64_t plan_id);

/* Close the plan with a reason drawn from a realistic spread:
 * concluding its open follow-up when it has one, else directly with how
 * the individual took part. Then each principal's closing note, some
 * still owed. */
bool gen_plan_closed(struct ctx *ctx, struct gen_org *g, int64_t plan_id,
                     bool in_follow_up);

#endif
