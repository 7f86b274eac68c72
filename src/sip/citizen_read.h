/*
 * citizen_read.h — what the individual reads of their own plans at
 * /citizen: the version in force and the earlier ones as documents
 * (plan_doc.h), what changed from one version to the next, and the
 * plan's meetings.
 *
 * One access answer: every function here asks citizen_access_plan
 * (citizen.h) first and does what its answer allows, nothing else.
 *   - The individual (adult or a child of 15-17) and a guardian read
 *     everything of the plan: no consent filter — the plan is theirs.
 *     The document is the stored version document, unfiltered (a view
 *     that covers all).
 *   - A relative or representative the plan is shared with
 *     (in_force_only) reads the version in force and nothing else: an
 *     earlier version, a comparison and the meetings are refused as not
 *     found, like a plan they may not see, with the attempt audited
 *     (citizen.plan.read.refused).
 * "Earlier versions" are those that were once in force: numbers up to
 * the one in force. A proposal not yet approved is not among them (the
 * proposal page shows it, H3).
 *
 * Every read is audited once (audit_read) under the caller's action
 * ("citizen.plan.read", "citizen.plan.pdf", "citizen.plan.version",
 * "citizen.plan.changes", "citizen.meetings.read",
 * "citizen.meeting.calendar"). Nothing returned holds an address of the
 * person: the plan document has none, and the meetings carry only the
 * meeting's own place.
 */
#ifndef SAMPLAN_CITIZEN_READ_H
#define SAMPLAN_CITIZEN_READ_H

#include <stdbool.h>
#include <stdint.h>

#include "doc/ics.h"
#include "sip/citizen.h"
#include "sip/ctx.h"
#include "sip/plan.h"
#include "sip/plan_doc.h"

/* One version that has been in force, for the list of versions. */
struct citizen_version_ref {
	int version_no;
	int64_t established_at;
	bool in_force;
};

/* Where a plan stands, for the head of the plan page. */
struct citizen_plan_head {
	struct citizen_access access;
	const char *state;      /* plan.state */
	const char *state_text; /* citizen_state_text, in ctx->lang */
	int current_version_no; /* 0: no version in force */
	bool proposal_waiting;  /* a revision waits for the individual */
	const char *next_follow_up_date; /* NULL: none */
	int64_t closed_at;      /* 0: open */
	/* Why no SIP is offered (declined_causes), in ctx->lang; NULL unless
	 * declined, and for a reader of the version in force only. */
	const char *declined_cause_text;
	/* The versions that have been in force, newest first; for an
	 * in_force_only reader only the one in force. */
	struct citizen_version_ref *versions;
	int nversions;
	int nupcoming_meetings; /* meetings still to come, not cancelled */
};

/* The head of plan_id for the citizen (access answer included). No
 * audit record of its own: the page reads the document or says there
 * is none, and that read is audited (citizen_plan_doc), or, for a plan
 * without a version, this call records "citizen.plan.read" itself when
 * audit_no_version is set. */
bool citizen_plan_head(struct ctx *ctx, int64_t plan_id, bool audit_no_version,
                       struct citizen_plan_head *out);

/* The document of version_no (0: the one in force) for the citizen,
 * audited as audit_action. NOT_FOUND when the plan has no such version,
 * the version was never in force, or the reader may read only the
 * version in force and this is another. *in_force (may be NULL) says
 * whether it is the version in force. */
bool citizen_plan_doc(struct ctx *ctx, int64_t plan_id, int version_no,
                      const char *audit_action, struct plan_doc *out,
                      bool *in_force);

/* What changed from version no - 1 to version no (no >= 2), both read
 * as citizen_plan_doc reads them, compared by plan_version_diff;
 * audited as citizen.plan.changes. NOT_FOUND for version 1 (nothing
 * before it), a version never in force, and an in_force_only reader. */
bool citizen_version_changes(struct ctx *ctx, int64_t plan_id, int no,
                             struct version_diff *out);

/* Someone who comes to a meeting or is invited to it. */
struct citizen_meeting_party {
	const char *unit_name; /* NULL: not a unit in samplan */
	const char *name;      /* a person (the individual, a relative) or a
	                          party outside samplan; NULL for a unit */
	const char *role;      /* "Kurator", "Ordförande" ...; may be NULL */
	const char *reply;     /* invitations: NULL (not answered), attend,
	                          substitute, decline; participants: NULL */
};

struct citizen_meeting {
	int64_t id;
	const char *kind;       /* sip, follow_up */
	const char *date;       /* YYYY-MM-DD */
	const char *start_time; /* HH:MM */
	int duration_minutes;
	const char *place;      /* NULL: none given */
	const char *video_link; /* NULL: not a video meeting */
	const char *purpose;
	bool held;
	bool cancelled;
	const char *cancel_reason;
	bool upcoming; /* not held, not cancelled, today or later */
	/* Held: who took part (meeting_participant); otherwise the invited
	 * parties (invitation) with their replies. */
	struct citizen_meeting_party *parties;
	int nparties;
};

/* The plan's meetings, upcoming first (soonest first), then the others
 * (latest first); audited as citizen.meetings.read. NOT_FOUND for an
 * in_force_only reader. *access gets the access answer. */
bool citizen_meetings(struct ctx *ctx, int64_t plan_id,
                      struct citizen_access *access,
                      struct citizen_meeting **out, int *n);

/* The meeting's calendar object for the citizen (meeting_calendar.h),
 * its link to the citizen's meetings page; audited as
 * citizen.meeting.calendar. NOT_FOUND for a meeting of another plan and
 * an in_force_only reader. */
bool citizen_meeting_calendar(struct ctx *ctx, int64_t plan_id,
                              int64_t meeting_id, struct ics_event *out);

/* Plain words for an invitation's reply ("Kommer", "Har inte svarat
 * än" ...), in lang. */
const char *citizen_reply_text(const char *reply, const char *lang);

#endif
