/*
 * plan_actions.h — what may happen next on a plan, and whether the
 * caller may do it: the one answer the plan page's buttons, its step
 * indicator and the API's "actions" array ask for, instead of each
 * re-deriving it from the state.
 *
 * An action is named as the API names it ("record_consent",
 * "establish", ...). plan_actions() lists the actions that apply to the
 * plan as it is now, in the order of the SIP process; each says whether
 * the caller may take it (`permitted`), whether taking it moves the plan
 * to its next state (`advances`: the step the process waits for), which
 * step of the process it belongs to (`step`, as on the step indicator:
 * 0 need, 1 consent, 2 prepare, 3 invite, 4 establish, 5 follow up,
 * 6 close; -1 for actions outside the steps) and whether that step is
 * already under way (`begun`: the follow-up started, the meeting's day
 * has come).
 *
 * The domain functions still check everything when an action is taken;
 * this is the same rule read ahead, so a page offers only what would be
 * accepted. Adding an action is one row of the table in plan_actions.c.
 */
#ifndef SAMPLAN_PLAN_ACTIONS_H
#define SAMPLAN_PLAN_ACTIONS_H

#include <stdbool.h>

#include "sip/ctx.h"
#include "sip/plan.h"

enum { PLAN_ACTIONS_MAX = 24 };

struct plan_action {
	const char *name;  /* "establish"; static storage */
	int step;          /* the step indicator's step, or -1 */
	bool advances;     /* taking it moves the plan to its next state */
	bool begun;        /* its step is under way */
	bool permitted;    /* the caller may take it */
};

/* The actions that apply to p (loaded by plan_get for the caller in
 * ctx), at most PLAN_ACTIONS_MAX, into out; returns how many. A closed
 * or declined plan has none. */
int plan_actions(const struct ctx *ctx, const struct plan *p,
                 struct plan_action out[PLAN_ACTIONS_MAX]);

/* The action named `name` among the n in list, or NULL. */
const struct plan_action *plan_action_find(const struct plan_action *list,
                                           int n, const char *name);

/* True when the action named `name` applies to p and the caller may take
 * it: the question a page asks before it offers a button. */
bool plan_action_permitted(const struct ctx *ctx, const struct plan *p,
                           const char *name);

/* The first action in list that advances the plan, or NULL: what the
 * process waits for. */
const struct plan_action *plan_action_next(const struct plan_action *list,
                                           int n);

#endif
