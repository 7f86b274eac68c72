/*
 * worklist.h — the coordinator's day (issue 9, "The coordinator's
 * day"): everything the caller should act on, in one call, for the
 * start page and GET /api/v1/worklist.
 *
 * Which plans: the ones the caller works with personally — started,
 * coordinates, replied to for their unit, or where their unit's reply is
 * awaited (as plan_list_mine) — and of those only the ones the caller
 * sees (the access rule, evaluated in the one statement that reads the
 * set; the sections take the set's ids and do not evaluate it again).
 * Every section is drawn from that set:
 *
 *   WORKLIST_FOLLOW_UPS     active plans whose follow-up date is within
 *                           the next WORKLIST_FOLLOW_UP_DAYS days, or has
 *                           passed (overdue: days < 0);
 *   WORKLIST_UNANSWERED     invitations of plans the caller's unit leads
 *                           that nobody has answered, and since when;
 *   WORKLIST_WAITING        plans the caller's unit leads that wait since
 *                           the need was assessed (not yet established);
 *   WORKLIST_ENDED          interventions of the version in force whose
 *                           end date has passed — on plans the caller's
 *                           unit leads, or the caller's unit's own
 *                           interventions: the end date and what belong to
 *                           the responsible unit (FIELD_BY_UNIT), and the
 *                           lead unit and the owner see them whatever the
 *                           consent, so the list never shows more than the
 *                           plan page would;
 *   WORKLIST_CONSENTS       consents in force that expire within
 *                           WORKLIST_CONSENT_DAYS days, on plans the
 *                           caller's unit leads;
 *   WORKLIST_CLOSINGS       closed plans whose principals have not all
 *                           documented their closing: one row per
 *                           principal that owes it (`mine`: the caller's
 *                           own principal);
 *   WORKLIST_AWAITING_REPLY invitations to the caller's units that wait
 *                           for their reply.
 * and `plans`, the plans themselves (plan_summary), open first; and
 * `deviations` (deviation.h, issue 12): the open deviations against
 * the caller's units and those their units reported, whatever the set
 * of plans — the party's unit may never have answered its invitation,
 * and so work with no plan personally.
 *
 * Every row names the person with name and personnummer; a protected
 * person is flagged (protected_identity), as in every list of plans.
 * Only participation-level fields (field.h) appear, apart from the
 * WORKLIST_ENDED rows explained above.
 *
 * Audit: one "plan.list" record whose subjects are the plans of the set
 * and of the deviations whose person is shown (the rows name no other
 * plan) and one "invitation.list" whose
 * subjects are the awaiting invitations' plans (audit_read_many; the
 * two records are one statement of the group writer).
 */
#ifndef SAMPLAN_WORKLIST_H
#define SAMPLAN_WORKLIST_H

#include <stdbool.h>
#include <stdint.h>

#include "sip/ctx.h"
#include "sip/deviation.h"
#include "sip/notice.h"
#include "sip/plan.h"

enum { WORKLIST_FOLLOW_UP_DAYS = 14, WORKLIST_CONSENT_DAYS = 30 };

enum worklist_section {
	WORKLIST_FOLLOW_UPS,
	WORKLIST_UNANSWERED,
	WORKLIST_WAITING,
	WORKLIST_ENDED,
	WORKLIST_CONSENTS,
	WORKLIST_CLOSINGS,
	WORKLIST_AWAITING_REPLY,
	WORKLIST_NSECTIONS
};

/* The section's stable name in the API ("follow_ups", ...). */
const char *worklist_section_name(enum worklist_section s);

struct worklist_item {
	int64_t plan_id;
	int64_t person_id;
	const char *person_name;
	const char *personnummer;
	bool protected_identity;
	enum plan_state state;
	/* The date the row is about, YYYY-MM-DD: the follow-up date, the
	 * meeting's date (invitations), the intervention's end date, the
	 * consent's last day; NULL for WAITING and CLOSINGS. */
	const char *date;
	/* Whole days: from today to `date` (negative: passed) for the
	 * dated sections; days waited for WAITING (since the need was
	 * assessed) and UNANSWERED (since the invitation was sent); days
	 * since the plan closed for CLOSINGS. */
	int days;
	/* What the row is about: the invited unit (or outside party), the
	 * intervention, the principal that owes its note; NULL otherwise. */
	const char *what;
	const char *start_time; /* invitations: the meeting's start */
	int64_t ref_id; /* invitation, intervention, consent or principal id */
	bool mine;      /* CLOSINGS: the caller's own principal owes it */
	/* UNANSWERED: invited as a unit in samplan, so it can be reminded
	 * by mail; a party outside samplan is reminded by hand. */
	bool unit_invited;
};

struct worklist {
	struct worklist_item *items[WORKLIST_NSECTIONS];
	int n[WORKLIST_NSECTIONS];
	struct plan_summary *plans;
	int nplans;
	/* Notices the caller's units have not marked seen (notice.h: from
	 * every plan the caller sees and a unit of theirs takes part in, not
	 * only the set above). */
	struct plan_notice *notices;
	int nnotices;
	/* Open deviations of the caller's units (deviation_rows_mine). */
	struct deviation *deviations;
	int ndeviations;
};

/* Every section for the caller (a professional; the console and other
 * actors get an empty list). False with the problem set when the
 * database fails. Memory in ctx's arena. */
bool worklist_get(struct ctx *ctx, struct worklist *out);

#endif
