/*
 * follow_up.h — step 6, following a plan up (Följ upp), and what happens
 * to a version after it is written: the individual's approval of a
 * revised version and to whom a version was handed.
 *
 * The model (DOMAIN.md step 6; seeds 000, 002 and 003):
 *
 *   1. The lead unit starts a follow-up of an active plan (active →
 *      follow_up), at the planned date or earlier because the
 *      individual's situation changed substantially. It follows up the
 *      version in force. A follow-up meeting is booked and invited like
 *      the first meeting (meeting.c takes meetings in follow_up).
 *   2. At the meeting each goal gets a result and each intervention a
 *      result; each participating principal reports on its own part. A
 *      user of a unit of that principal writes its report and the
 *      results of the interventions its units are responsible for; the
 *      lead unit may record everything at the meeting. Goal results, the
 *      individual's wellbeing, new information and whether coordination
 *      is still needed are the lead unit's. Each result is one row, so
 *      statistics can count goals met.
 *   3. The lead unit concludes it: revise (the plan stays in follow_up
 *      and goes on to the revise form), new_plan (a new plan for the
 *      same person starts, this one closes with reason new_plan, and the
 *      two link to each other), or close (plan_close). The next
 *      follow-up's date and place are required unless closing.
 *   4. A revision (plan_revise) writes version N+1 as a proposal: the
 *      plan stays in follow_up and the version in force stays in force
 *      until the individual's approval is recorded here; then the
 *      proposal is in force and the plan is active again (follow_up →
 *      active happens at approval, DOMAIN.md's "active with a revised
 *      version"). One proposal at a time. Version 1, accepted by the
 *      individual at the meeting, counts as approved.
 *   5. The lead unit records to whom an approved version was handed,
 *      and how.
 *
 * What a caller sees of a follow-up is filtered in the domain like the
 * plan (plan_filter_view): goal results, reasons, outcomes and dates
 * are participation data; the individual's wellbeing and new
 * information are social (like the version's situation); a principal's
 * report follows the
 * principal's category and an intervention's result that of its
 * responsible party (field.h), hidden from units whose consent does not
 * cover it, except from the unit that owns the row.
 *
 * Every function checks access (not-found for a plan the caller does not
 * take part in; FORBIDDEN for a step that is another unit's), the state
 * (CONFLICT), then every field (INVALID, one error per field, named as
 * the input: "goal_results[2].result"), writes in one transaction with a
 * plan_event row and an audit record. Memory is the ctx arena's.
 */
#ifndef SAMPLAN_FOLLOW_UP_H
#define SAMPLAN_FOLLOW_UP_H

#include <stdbool.h>
#include <stdint.h>

#include "sip/ctx.h"
#include "sip/field.h"
#include "sip/org.h"

struct plan;

/* NULL-terminated lists of the stored names, and labels for people. */
extern const char *const follow_up_reasons[];   /* planned, changed_situation */
extern const char *const goal_results[];        /* met, partly_met, not_met,
                                                   no_longer_relevant */
extern const char *const intervention_results[]; /* done, partly, not_done */
extern const char *const follow_up_outcomes[];  /* revise, new_plan, close */
extern const char *const approval_givers[];     /* individual, guardian,
                                                   representative */
extern const char *const approval_methods[];    /* in_person, phone, letter,
                                                   digital */
extern const char *const handover_recipients[]; /* individual, relative,
                                                   participant */
extern const char *const handover_methods[];    /* paper, digital */
const char *follow_up_label(const char *name, const char *lang);

enum { FOLLOW_UP_MAX_ROWS = 100 };

/* ---- what a follow-up holds ---- */

struct goal_result {
	int64_t goal_id;
	const char *goal_text;
	const char *result;
	const char *comment;
	int64_t recorded_at;
	const char *recorded_by_name;
};

struct intervention_result {
	int64_t intervention_id;
	const char *what; /* the intervention's, NULL when withheld */
	const char *responsible_kind;
	int64_t responsible_unit_id;
	const char *result;
	const char *why;
	const char *effect;
	int64_t recorded_at;
	const char *recorded_by_name;
	/* That of the responsible party; withheld: result, why and effect
	 * read NULL. */
	enum field_category category;
	bool withheld;
};

struct principal_report {
	int64_t principal_id;
	const char *principal_name;
	enum principal_kind principal_kind;
	const char *text;
	int64_t recorded_at;
	const char *recorded_by_name;
	const char *unit_name;
	int64_t unit_id; /* the writer's unit: it always sees its own row */
	enum field_category category; /* the principal's */
	bool withheld;
};

struct follow_up {
	int64_t id;
	int64_t version_id;
	int version_no; /* the version followed up */
	const char *reason;
	const char *note;
	int64_t started_at;
	const char *started_by_name;
	const char *wellbeing;       /* "Hur mår <förnamn>?" */
	const char *new_information;
	const char *coordination_needed; /* yes, no, NULL: not said yet */
	const char *outcome;         /* NULL while open */
	const char *next_date;
	const char *next_place;
	int64_t concluded_at;
	const char *concluded_by_name;
	struct goal_result *goal_results;
	int ngoal_results;
	struct intervention_result *intervention_results;
	int nintervention_results;
	struct principal_report *reports;
	int nreports;
};

/* To whom a version was handed. */
struct handover {
	int64_t id;
	int version_no;
	const char *recipient; /* individual, relative, participant */
	const char *recipient_name;
	const char *organisation;
	const char *method; /* paper, digital */
	const char *handed_on;
	int64_t recorded_at;
	const char *recorded_by_name;
};

/* ---- the steps ---- */

struct follow_up_start_input {
	const char *reason; /* required: planned, changed_situation */
	const char *note;
};
/* active → follow_up (lead unit). *follow_up_id may be NULL. */
bool follow_up_start(struct ctx *ctx, int64_t plan_id,
                     const struct follow_up_start_input *in,
                     int64_t *follow_up_id);

struct goal_result_input {
	int64_t goal_id; /* a goal of the version followed up */
	const char *result;
	const char *comment;
};
struct intervention_result_input {
	int64_t intervention_id; /* of the version followed up */
	const char *result;
	const char *why; /* required for not_done */
	const char *effect;
};
struct report_input {
	int64_t principal_id; /* a principal of the plan */
	const char *text;
};
struct follow_up_record_input {
	const struct goal_result_input *goals;
	int ngoals;
	const struct intervention_result_input *interventions;
	int ninterventions;
	const struct report_input *reports;
	int nreports;
	/* The lead unit's; NULL leaves what is recorded. */
	const char *wellbeing;
	const char *new_information;
	const char *coordination_needed; /* yes, no */
};
/* Record results of the open follow-up (state follow_up): each row given
 * replaces that goal's, intervention's or principal's earlier one; rows
 * not given stay. Who may write what: see the top of this file; a row
 * that is another principal's part is FORBIDDEN, naming it. */
bool follow_up_record(struct ctx *ctx, int64_t plan_id,
                      const struct follow_up_record_input *in);

struct follow_up_conclude_input {
	const char *outcome;    /* revise, new_plan, close */
	const char *next_date;  /* YYYY-MM-DD after today; not when closing */
	const char *next_place;
	const char *close_reason; /* close: one of closed_reasons */
	const char *close_note;
	const char *new_plan_need; /* new_plan: the new plan's need */
};
/* Conclude the open follow-up (lead unit, state follow_up). new_plan:
 * *new_plan_id gets the new plan (NULL allowed otherwise). */
bool follow_up_conclude(struct ctx *ctx, int64_t plan_id,
                        const struct follow_up_conclude_input *in,
                        int64_t *new_plan_id);

struct approval_input {
	const char *given_by; /* individual, guardian, representative */
	const char *names;    /* required for guardian and representative */
	const char *method;   /* in_person, phone, letter, digital */
	const char *approved_on; /* YYYY-MM-DD, not after today */
};
/* Record the individual's approval of the proposed version (lead unit,
 * state follow_up with a proposal): it comes into force and the plan is
 * active again with its follow-up date. */
bool plan_version_approve(struct ctx *ctx, int64_t plan_id,
                          const struct approval_input *in);

struct handover_input {
	int version_no;        /* 0: the version in force */
	const char *recipient; /* individual, relative, participant */
	const char *recipient_name; /* required but for the individual */
	const char *organisation;   /* participant: required */
	const char *method;    /* paper, digital */
	const char *handed_on; /* YYYY-MM-DD, not after today */
};
/* Record that an approved version was handed to someone (lead unit;
 * active, follow_up or closed). */
bool plan_handover_record(struct ctx *ctx, int64_t plan_id,
                          const struct handover_input *in,
                          int64_t *handover_id);

/* ---- reading (plan_read.c calls these for plan_get) ---- */

/* Hide in p's follow-ups what p->view does not cover (part of
 * plan_filter_view). */
void follow_up_filter(struct plan *p);

#endif
