/*
 * plan_actions.c — see plan_actions.h.
 *
 * One table: a row per action, in the order of the SIP process, with
 * when it applies, when it is the step the process waits for, who may
 * take it, and when its step is under way. The rules read the plan as
 * plan_get loaded it for the caller (state, meetings and their
 * invitations, consents, may_lead); nothing is read from the database.
 */
#include "sip/plan_actions.h"

#include <string.h>

#include "base/date.h"
#include "sip/user.h"

/* Who may take an action. */
enum taker {
	TAKER_LEAD,    /* the lead unit (access_plan_lead in the domain) */
	TAKER_INVITED, /* a unit of the caller's with an unanswered invitation */
	TAKER_PARTICIPANT, /* any unit of the caller's taking part */
};

/* The meeting booked and neither held nor cancelled, the latest first;
 * NULL when there is none. */
static const struct meeting *open_meeting(const struct plan *p)
{
	for (int i = p->nmeetings - 1; i >= 0; i--)
		if (meeting_upcoming(&p->meetings[i]))
			return &p->meetings[i];
	return NULL;
}

static bool between(const struct plan *p, enum plan_state from,
                    enum plan_state to)
{
	return p->state >= from && p->state <= to && plan_state_open(p->state);
}

/* ---- when an action applies ---- */

static bool any_open(const struct plan *p) { return plan_state_open(p->state); }
static bool need_assessed(const struct plan *p)
{
	return p->state == PLAN_NEED_ASSESSED;
}
static bool preparable(const struct plan *p)
{
	return between(p, PLAN_CONSENT, PLAN_INVITED);
}
static bool no_meeting(const struct plan *p)
{
	return between(p, PLAN_PREPARING, PLAN_FOLLOW_UP) && !open_meeting(p);
}
static bool has_meeting(const struct plan *p)
{
	return between(p, PLAN_PREPARING, PLAN_FOLLOW_UP) && open_meeting(p);
}
static bool unanswered(const struct plan *p)
{
	const struct meeting *m = has_meeting(p) ? open_meeting(p) : NULL;
	for (int i = 0; m && i < m->ninvitations; i++)
		if (m->invitations[i].unit_id && !m->invitations[i].reply)
			return true;
	return false;
}
static bool establishable(const struct plan *p)
{
	const struct meeting *m = open_meeting(p);
	return p->state == PLAN_INVITED && m && strcmp(m->kind, "sip") == 0;
}
static bool active(const struct plan *p) { return p->state == PLAN_ACTIVE; }
static bool following_up(const struct plan *p)
{
	return p->state == PLAN_FOLLOW_UP;
}
/* A revision may be written while no proposal waits for approval: one
 * proposal at a time (plan_revise refuses a second). */
static bool revisable(const struct plan *p)
{
	return p->state == PLAN_FOLLOW_UP && !p->proposed;
}
static bool proposal_waits(const struct plan *p)
{
	return p->state == PLAN_FOLLOW_UP && p->proposed;
}
/* A version in force can be handed to the individual and others. */
static bool handable(const struct plan *p)
{
	return p->current && (p->state == PLAN_ACTIVE ||
	                      p->state == PLAN_FOLLOW_UP);
}
static bool consent_in_force(const struct plan *p)
{
	for (int i = 0; plan_state_open(p->state) && i < p->nconsents; i++)
		if (p->consents[i].in_force)
			return true;
	return false;
}
static bool closable(const struct plan *p)
{
	return between(p, PLAN_CONSENT, PLAN_FOLLOW_UP);
}

/* ---- when it is what the process waits for ---- */

static bool waits_for_meeting(const struct plan *p)
{
	return p->state == PLAN_PREPARING || p->state == PLAN_INVITED;
}
static bool waits_for_invitations(const struct plan *p)
{
	return p->state == PLAN_PREPARING;
}
static bool consent_first(const struct plan *p)
{
	return p->state == PLAN_NEED_ASSESSED;
}
static bool preparation_first(const struct plan *p)
{
	return p->state == PLAN_CONSENT;
}
static bool always(const struct plan *p)
{
	(void)p;
	return true;
}

/* ---- when its step is under way ---- */

/* The SIP meeting's day has come: the plan is being written. */
static bool meeting_day(const struct ctx *ctx, const struct plan *p)
{
	const struct meeting *m = open_meeting(p);
	struct date d;
	return m && date_parse(m->date, &d) &&
	       date_cmp(d, date_of_time(ctx->now)) <= 0;
}
static bool started(const struct ctx *ctx, const struct plan *p)
{
	(void)ctx;
	(void)p;
	return true;
}

static const struct rule {
	const char *name;
	int step;
	bool (*applies)(const struct plan *p);
	bool (*advances)(const struct plan *p);  /* NULL: never */
	bool (*begun)(const struct ctx *ctx, const struct plan *p); /* NULL: no */
	enum taker taker;
} rules[] = {
	{"record_consent", 1, any_open, consent_first, NULL, TAKER_LEAD},
	{"decline", 1, need_assessed, NULL, NULL, TAKER_LEAD},
	{"prepare", 2, preparable, preparation_first, NULL, TAKER_LEAD},
	{"book_meeting", 3, no_meeting, waits_for_meeting, NULL, TAKER_LEAD},
	{"send_invitations", 3, has_meeting, waits_for_invitations, NULL,
	 TAKER_LEAD},
	{"reply", 3, unanswered, NULL, NULL, TAKER_INVITED},
	{"cancel_meeting", -1, has_meeting, NULL, NULL, TAKER_LEAD},
	{"reschedule_meeting", -1, has_meeting, NULL, NULL, TAKER_LEAD},
	{"establish", 4, establishable, always, meeting_day, TAKER_LEAD},
	{"start_follow_up", 5, active, always, NULL, TAKER_LEAD},
	{"record_follow_up", 5, following_up, NULL, started, TAKER_PARTICIPANT},
	{"revise", 5, revisable, always, started, TAKER_LEAD},
	{"approve", 5, proposal_waits, always, started, TAKER_LEAD},
	{"hand_over", -1, handable, NULL, NULL, TAKER_LEAD},
	{"withdraw_consent", -1, consent_in_force, NULL, NULL, TAKER_LEAD},
	{"close", 6, closable, NULL, NULL, TAKER_LEAD},
};

/* A unit of the caller's has an unanswered invitation to the open
 * meeting. */
static bool caller_invited(const struct ctx *ctx, const struct plan *p)
{
	const struct user *me = ctx_staff(ctx);
	const struct meeting *m = open_meeting(p);
	for (int i = 0; me && m && i < m->ninvitations; i++)
		if (m->invitations[i].unit_id && !m->invitations[i].reply &&
		    user_in_unit(me, m->invitations[i].unit_id))
			return true;
	return false;
}

static bool may_take(const struct ctx *ctx, const struct plan *p,
                     enum taker t)
{
	switch (t) {
	case TAKER_LEAD:
		return p->may_lead;
	case TAKER_INVITED:
		return caller_invited(ctx, p);
	case TAKER_PARTICIPANT:
		return p->my_unit_id != 0;
	}
	return false;
}

int plan_actions(const struct ctx *ctx, const struct plan *p,
                 struct plan_action out[PLAN_ACTIONS_MAX])
{
	_Static_assert(sizeof rules / sizeof *rules <= PLAN_ACTIONS_MAX,
	               "PLAN_ACTIONS_MAX holds every action");
	int n = 0;
	for (size_t i = 0; i < sizeof rules / sizeof *rules; i++) {
		const struct rule *x = &rules[i];
		if (!x->applies(p))
			continue;
		out[n++] = (struct plan_action){
			.name = x->name,
			.step = x->step,
			.advances = x->advances && x->advances(p),
			.begun = x->begun && x->begun(ctx, p),
			.permitted = may_take(ctx, p, x->taker),
		};
	}
	return n;
}

const struct plan_action *plan_action_find(const struct plan_action *list,
                                           int n, const char *name)
{
	for (int i = 0; i < n; i++)
		if (strcmp(list[i].name, name) == 0)
			return &list[i];
	return NULL;
}

bool plan_action_permitted(const struct ctx *ctx, const struct plan *p,
                           const char *name)
{
	struct plan_action list[PLAN_ACTIONS_MAX];
	int n = plan_actions(ctx, p, list);
	const struct plan_action *a = plan_action_find(list, n, name);
	return a && a->permitted;
}

const struct plan_action *plan_action_next(const struct plan_action *list,
                                           int n)
{
	for (int i = 0; i < n; i++)
		if (list[i].advances)
			return &list[i];
	return NULL;
}
