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
 * from. A fresh form has one goal and one intervention row; the buttons
 * "Lägg till ett mål" (name "add", value "goal") and the like re-render
 * the form with what was typed and one more row, focused, without saving
 * anything. Enter in a text field saves (the form's first submit button
 * is a hidden copy of the save button), it never adds rows.
 *
 * Who is responsible for an intervention is one choice, "who": a unit
 * taking part ("unit:ID"), "individual", "relative" or "other_actor";
 * the page turns it into the domain's responsible_kind and
 * responsible_unit_id, and names the domain's errors on either "who".
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
	ESTABLISH_GOAL_ROWS = 1,          /* rows of a fresh form */
	ESTABLISH_INTERVENTION_ROWS = 1,
	ESTABLISH_FREE_PARTICIPANTS = 3,  /* beyond the invited units: the
	                                   * individual, the caller, one blank */
	ESTABLISH_MAX_GOALS = PLAN_MAX_GOALS, /* the domain's caps */
	ESTABLISH_MAX_INTERVENTIONS = PLAN_MAX_INTERVENTIONS,
	ESTABLISH_MAX_PARTICIPANTS = PLAN_MAX_PARTICIPANTS,
};

/* Row values as text, the way the form shows them. */
struct goal_row {
	const char *kind, *text;
};
struct intervention_row {
	const char *goal, *what, *who, *responsible_name, *contact_name,
		*frequency, *timing, *start_date, *end_date;
	const char *const *also; /* who else is responsible, as "who" values */
	int nalso;
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
	const char *added;              /* the list a row was just added to
	                                 * ("goals" ...), whose last row gets
	                                 * the focus; NULL: none */
};

/* The whole page. */
void establish_page(struct request *r, const struct establish_form *e);

#endif
