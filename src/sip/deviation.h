/*
 * deviation.h — deviations in the collaboration (avvikelser i
 * samverkan, seed 003; sql/0024_deviation.sql): someone taking part in a
 * plan reports that a party of it did not do its part, and the party's
 * unit answers and closes it with measures.
 *
 * Who reports: a professional whose unit takes part in the plan and who
 * sees it (the access answer, access.h). Against whom: a unit taking
 * part in or invited to the plan, never one of the reporter's own units.
 * The description is required, at most DEVIATION_DESCRIPTION_MAX bytes,
 * and refused when it holds something like a personnummer: the
 * deviation is read by two units, and the plan already names the
 * person.
 *
 * Workflow (each step one transaction: the row, a deviation_event and
 * the audit record):
 *   reported --receive--> received --investigate--> investigating
 *            --answer--> answered --close--> closed
 * receive: any user of the party's unit, naming the handler (a user of
 * that unit); from then on the handler or a unit administrator of the
 * unit takes the steps. answer needs the answer, close the measures.
 * Every other step is refused (CONFLICT for the state, FORBIDDEN for the
 * actor) with a message that says what may happen instead. The answer
 * is due DEVIATION_ANSWER_DAYS days after the report (answer_due); a
 * deviation not answered by then is overdue.
 *
 * Who sees a deviation: the users of the reporter's unit and of the
 * party's unit, nobody else — everyone else gets not-found, in every
 * list and look-up. The person's name and personnummer come with it only
 * for a caller who sees the plan (ACCESS_PLAN_VISIBLE_SQL); others see
 * the deviation without them (person_shown false).
 *
 * Suggestions: where samplan's data shows a deviation — an invitation to
 * a unit still unanswered after its meeting was held, a follow-up more
 * than DEVIATION_FOLLOW_UP_LATE_DAYS days late — a plan's page suggests
 * reporting it. A person decides: nothing is ever reported by samplan.
 */
#ifndef SAMPLAN_DEVIATION_H
#define SAMPLAN_DEVIATION_H

#include <stdbool.h>
#include <stdint.h>

#include "sip/ctx.h"

enum {
	DEVIATION_ANSWER_DAYS = 60,
	DEVIATION_FOLLOW_UP_LATE_DAYS = 30,
	DEVIATION_DESCRIPTION_MAX = 4000,
	DEVIATION_TEXT_MAX = 4000, /* an answer, the measures */
};

/* The stored names of the kinds, in the seed's order, NULL-terminated:
 * not_started, invitation_unanswered, treatment_at_meeting,
 * plan_not_followed, other. */
extern const char *const deviation_kinds[];
/* The seed's wording of a kind, in lang. */
const char *deviation_kind_label(const char *kind, const char *lang);

enum deviation_state {
	DEVIATION_REPORTED,
	DEVIATION_RECEIVED,
	DEVIATION_INVESTIGATING,
	DEVIATION_ANSWERED,
	DEVIATION_CLOSED,
};
const char *deviation_state_name(enum deviation_state s);
bool deviation_state_parse(const char *name, enum deviation_state *out);
const char *deviation_state_label(enum deviation_state s, const char *lang);

/* The steps after the report; the name is the URL's last segment
 * ("receive", "investigate", "answer", "close"). */
enum deviation_step {
	DEVIATION_RECEIVE,
	DEVIATION_INVESTIGATE,
	DEVIATION_ANSWER,
	DEVIATION_CLOSE,
	DEVIATION_NSTEPS
};
const char *deviation_step_name(enum deviation_step s);
bool deviation_step_parse(const char *name, enum deviation_step *out);

/* What samplan's data showed (stored names of deviation.suggestion). */
#define DEVIATION_SUGGEST_INVITATION "invitation_unanswered"
#define DEVIATION_SUGGEST_FOLLOW_UP "follow_up_overdue"

struct deviation_input {
	const char *kind;        /* one of deviation_kinds */
	int64_t unit_id;         /* the party */
	const char *description;
	const char *suggestion;  /* NULL or a DEVIATION_SUGGEST_* */
	int64_t invitation_id;   /* 0, or the invitation suggested about */
};

/* Report a deviation on plan_id (see above for who and against whom).
 * Not-found when the caller does not see the plan; field errors on
 * kind, unit_id, description. *id gets the new deviation. */
bool deviation_report(struct ctx *ctx, int64_t plan_id,
                      const struct deviation_input *in, int64_t *id);

struct deviation_step_input {
	int64_t handler_user_id; /* receive: who handles it */
	const char *text;        /* answer: the answer; close: the measures;
	                            receive, investigate: an optional note */
};

/* Take step `step` on deviation id (rules above). */
bool deviation_advance(struct ctx *ctx, int64_t id, enum deviation_step step,
                       const struct deviation_step_input *in);

struct deviation_event {
	enum deviation_state state;
	int64_t at;
	const char *by_name;
	const char *note;
};

struct deviation_user {
	int64_t id;
	const char *full_name;
};

struct deviation {
	int64_t id;
	int64_t plan_id;
	int64_t unit_id;
	const char *unit_name;
	const char *principal_name;
	const char *kind;
	const char *description;
	enum deviation_state state;
	const char *suggestion;
	int64_t invitation_id;
	int64_t reported_at;
	const char *reported_by_name;
	int64_t reporter_unit_id;
	const char *reporter_unit_name;
	const char *answer_due;   /* YYYY-MM-DD */
	bool overdue;             /* not answered and answer_due has passed */
	int64_t handler_user_id;
	const char *handler_name;
	const char *answer;
	const char *measures;
	int64_t closed_at;
	/* The person, only when the caller sees the plan. */
	bool person_shown;
	int64_t person_id;        /* always set: for the audit record */
	const char *person_name;
	const char *personnummer;
	bool protected_identity;
	/* The caller's part: a user of the party's unit, of the reporter's. */
	bool party_mine;
	bool reporter_mine;
	/* deviation_get only: the steps the caller may take now (bit 1u <<
	 * enum deviation_step), the progress, and for receive the users of
	 * the party's unit who may be named handler. */
	unsigned may;
	struct deviation_event *events;
	int nevents;
	struct deviation_user *handlers;
	int nhandlers;
};

/* One deviation the caller may see (else not-found), with its
 * progress. Audited as deviation.read. */
bool deviation_get(struct ctx *ctx, int64_t id, struct deviation *out);

/* The deviations of a plan that the caller may see, newest first, for
 * the plan page: its read (plan_get) has checked the caller sees the
 * plan, and the rows are the caller's units' only, so no statement is
 * spent on the plan's access again (test_plan_read counts them).
 * Audited as deviation.list. */
bool deviation_list_plan(struct ctx *ctx, int64_t plan_id,
                         struct deviation **out, int *n);

/* The deviations against the caller's units and those their units
 * reported (both flags set when both), newest first; open_only leaves
 * out the closed ones. Not audited: deviation_list_mine audits; the
 * work list audits them with its own list (worklist.c). At most
 * DEVIATION_LIST_LIMIT rows. */
enum { DEVIATION_LIST_LIMIT = 300 };
bool deviation_rows_mine(struct ctx *ctx, bool open_only,
                         struct deviation **out, int *n);
/* The same, every state, audited as deviation.list. */
bool deviation_list_mine(struct ctx *ctx, struct deviation **out, int *n);

/* A party that may be named in a report on the plan. */
struct deviation_party {
	int64_t unit_id;
	const char *name;
	const char *principal_name;
};

/* What the report form needs: the person (the caller sees the plan,
 * else not-found) and the parties. Audited as deviation.form. */
struct deviation_form {
	int64_t plan_id;
	const char *person_name;
	const char *personnummer;
	bool protected_identity;
	struct deviation_party *parties;
	int nparties;
};
bool deviation_form_get(struct ctx *ctx, int64_t plan_id,
                        struct deviation_form *out);

/* A suggested deviation on a plan ("Föreslagen avvikelse"). */
struct deviation_suggestion {
	const char *suggestion;   /* DEVIATION_SUGGEST_* */
	const char *kind;         /* the kind the form is prefilled with */
	int64_t unit_id;          /* the party */
	const char *unit_name;
	int64_t invitation_id;    /* 0 for a follow-up */
	const char *date;         /* the meeting's or the follow-up's date */
};

/* The suggestions on plan p as the caller has read it (plan_get):
 * invitations to units still unanswered after their meeting was held,
 * and the plan's follow-up more than DEVIATION_FOLLOW_UP_LATE_DAYS days
 * late (against the lead unit) — leaving out parties that are the
 * caller's own units and what rows (the plan's deviations the caller
 * sees, deviation_list_plan) show reported already. No statement: the
 * plan's read holds the meetings, invitations and the follow-up date.
 * Memory in ctx's arena. */
struct plan;
void deviation_suggestions(struct ctx *ctx, const struct plan *p,
                           const struct deviation *rows, int nrows,
                           struct deviation_suggestion **out, int *n);

#endif
