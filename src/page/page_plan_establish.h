/*
 * page_plan_establish.h — step 5 (and revising after a follow-up) in one
 * form, shared by the handlers (page_plan_establish.c) and the
 * rendering (page_plan_establish_form.c).
 *
 * The lists of the plan — participants, goals, interventions — are
 * numbered form rows named as the domain names its errors
 * ("goals[0].text", "interventions[2].responsible_unit_id"), 0-based;
 * people see 1-based numbers. Empty rows are skipped when the plan is
 * built, and the domain's errors are renamed back to the rows they came
 * from. "Fler rader" re-renders the form with what was typed and more
 * rows, without saving anything.
 */
#ifndef SAMPLAN_PAGE_PLAN_ESTABLISH_H
#define SAMPLAN_PAGE_PLAN_ESTABLISH_H

#include <stdbool.h>
#include <stdint.h>

#include "http/input.h"
#include "http/request.h"
#include "sip/org.h"
#include "sip/plan.h"
#include "sip/user.h"

enum {
	ESTABLISH_GOAL_ROWS = 5,          /* rows of a fresh form */
	ESTABLISH_INTERVENTION_ROWS = 8,
	ESTABLISH_FREE_PARTICIPANTS = 4,  /* beyond the invited units */
	ESTABLISH_MORE_ROWS = 5,          /* "Fler rader" adds this many */
	ESTABLISH_MAX_GOALS = 50,         /* the domain's caps */
	ESTABLISH_MAX_INTERVENTIONS = 100,
	ESTABLISH_MAX_PARTICIPANTS = 60,
};

/* Row values as text, the way the form shows them. */
struct goal_row {
	const char *kind, *text;
};
struct intervention_row {
	const char *goal, *what, *responsible_kind, *responsible_unit_id,
		*responsible_name, *contact_name, *frequency, *timing,
		*start_date, *end_date;
};
struct participant_row {
	bool present;           /* invited rows: ticked as present */
	const char *invitation_id, *unit_id; /* NULL for a free row */
	const char *label;      /* invited rows: the unit and its reply */
	const char *name, *role;
};

struct establish_form {
	bool revise;
	const struct plan *p;
	const struct meeting *meeting;  /* held now; NULL: none (a revision) */
	const struct form *flat;        /* posted flat fields, or NULL */
	const struct plan_version *from; /* prefill of a revision, or NULL */
	struct goal_row *goals;
	int ngoals;
	struct intervention_row *interventions;
	int ninterventions;
	struct participant_row *participants;
	int nparticipants;
	struct user *coordinators;      /* whom the coordinator is chosen among */
	int ncoordinators;
	struct unit *units;             /* responsible units to choose among */
	int nunits;
};

/* The whole page. */
void establish_page(struct request *r, const struct establish_form *e);

#endif
