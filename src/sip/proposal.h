/*
 * proposal.h — the individual's answer to a proposed revision of their
 * plan (issue 11: "approve or reject a proposed plan revision, with a
 * comment; the approval is recorded as the individual's own, and a
 * revision is not in force without it").
 *
 * A revision (plan_revise, follow_up.h) waits as a proposal until its
 * approval is recorded. Staff record an approval given at a meeting, by
 * phone or letter (plan_version_approve); here the individual gives it
 * themselves at /citizen, through the same domain step
 * (plan_version_approve_in): version_approval given_by 'individual' (or
 * 'guardian' for a child), method 'digital', the names of who approved,
 * recorded_by NULL — nobody recorded it for them. The proposal is then
 * in force and the plan active again.
 *
 * Rejecting keeps everything as it is: the proposal stays a proposal,
 * the version in force stays in force, and the comment is stored
 * (proposal_rejection) and shown to staff on the plan page and the
 * approval page, so the lead unit can revise again or talk to them.
 *
 * Who: citizen_access_plan_act (the adult individual, a guardian of a
 * child); a child of 15-17 reads the proposal but does not decide
 * (FORBIDDEN, saying who may); a relative sees the plan in force only
 * (NOT_FOUND). Reads audited (plan.proposal.read), writes in one
 * transaction with a plan event and its audit record.
 */
#ifndef SAMPLAN_PROPOSAL_H
#define SAMPLAN_PROPOSAL_H

#include <stdbool.h>
#include <stdint.h>

#include "sip/citizen.h"
#include "sip/ctx.h"
#include "sip/plan.h"
#include "sip/plan_doc.h"

/* The individual's commented answer to a proposal: a rejection (always
 * with its comment) or an approval with a comment. */
struct proposal_rejection {
	int64_t id;
	int64_t version_id;
	int version_no;
	const char *comment;
	const char *given_by; /* individual, guardian */
	const char *names;
	int64_t rejected_at;  /* when it was answered */
	bool approved;        /* a commented yes (0023), not a no */
};

struct citizen_proposal {
	struct citizen_access access;
	bool waiting;          /* false: no proposal waits (nothing else set) */
	int64_t version_id;    /* the proposal */
	/* from: the version in force, to: the proposal, with what changed */
	struct version_diff diff;
	/* The whole proposal as a document (plan_doc.h), all of it: it is
	 * their own plan. */
	struct plan_doc *proposed_doc;
	/* The individual's earlier rejections of this proposal, newest first. */
	struct proposal_rejection *rejections;
	int nrejections;
};

/* The proposal of plan_id for a citizen who may see it (not a relative
 * or representative: NOT_FOUND). out->waiting false when there is none.
 * Audited as plan.proposal.read. */
bool citizen_proposal_get(struct ctx *ctx, int64_t plan_id,
                          struct citizen_proposal *out);

/* Approve the proposal version_id (the one the citizen read; CONFLICT
 * when another waits or none does), with an optional comment (at most
 * LIMIT_TEXT; field "approve_comment") the parties read beside the
 * rejections. citizen_access_plan_act. */
bool citizen_proposal_approve(struct ctx *ctx, int64_t plan_id,
                              int64_t version_id, const char *comment);

/* Reject it with a comment (required, at most LIMIT_TEXT; field
 * "comment"). */
bool citizen_proposal_reject(struct ctx *ctx, int64_t plan_id,
                             int64_t version_id, const char *comment);

/* Staff read the rejections with the plan (struct plan's rejections,
 * plan_get). */

#endif
