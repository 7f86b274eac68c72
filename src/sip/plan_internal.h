/*
 * plan_internal.h — what the plan step files (plan.c, consent.c,
 * preparation.c, meeting.c, plan_version.c) share. Not for use outside
 * src/sip/.
 */
#ifndef SAMPLAN_PLAN_INTERNAL_H
#define SAMPLAN_PLAN_INTERNAL_H

#include "sip/plan.h"

/* The few columns a step needs before it acts, read inside the step's
 * transaction. */
struct plan_head {
	int64_t id;
	int64_t person_id;
	enum plan_state state;
	int64_t initiating_unit_id;
	int64_t lead_unit_id;
	const char *lead_unit_name;
	int64_t coordinator_user_id;
	int64_t current_version_id;
	int64_t my_unit; /* the caller's unit taking part (0: console) */
};

/* plan_create's step for a citizen asking for a SIP (citizen_ask.c,
 * which has checked that the citizen may ask for this person): the same
 * checks of the input and the same effects, with in->initiating_unit_id
 * the unit they chose and created_by NULL. */
bool plan_create_by_citizen(struct ctx *ctx, const struct plan_create_input *in,
                            int64_t *plan_id);

/* Check the caller takes part, then load the head. */
bool plan_head_load(struct ctx *ctx, int64_t plan_id, struct plan_head *h);
/* The head alone, without an access check (my_unit 0): for a step whose
 * caller has checked access another way — a citizen, through
 * citizen_access_plan (citizen.h). */
bool plan_head_read(struct ctx *ctx, int64_t plan_id, struct plan_head *h);

/* True if the plan is in one of `states` (a bit mask of 1u << state);
 * otherwise a CONFLICT naming the current state and what may follow. */
bool plan_require_state(struct ctx *ctx, const struct plan_head *h,
                        unsigned states);
#define STATE_BIT(s) (1u << (s))

/* Move the plan from h->state to `to` (checked against the state
 * machine and, against a concurrent change, in the UPDATE itself),
 * record the event and the audit record. */
bool plan_set_state(struct ctx *ctx, struct plan_head *h, enum plan_state to,
                    const char *action, const char *detail);

/* Bring the plan's milestones (plan.first_consent_at,
 * first_invitation_at, first_meeting_date: the statistics' times to
 * each step, sql/0026) up to date from its consents, invitations and
 * held SIP meetings; called by the steps that write those. */
bool plan_milestones_refresh(struct ctx *ctx, int64_t plan_id);

/* Record a history event without a change of state, and its audit. */
bool plan_note_event(struct ctx *ctx, const struct plan_head *h,
                     const char *action, const char *detail);

/* plan_read.c: a version by its id with goals, interventions and their
 * parties, unfiltered; and the filter of a version through its view
 * (x->view), which sets x->withheld. plan_doc.c shares both. */
bool plan_version_load(struct ctx *ctx, int64_t version_id,
                       struct plan_version *v);
void plan_version_filter(struct plan_version *x);

/* Add a unit's part in the plan (idempotent per via). */
bool plan_unit_join(struct ctx *ctx, int64_t plan_id, int64_t unit_id,
                    const char *via);

/* The plan's row changed: bump updated_at. */
bool plan_touch(struct ctx *ctx, int64_t plan_id);

/* invitation_mail.c: queue the written invitation of invitation_id to
 * its unit's functional mailbox (unit.email), in the caller's
 * transaction; nothing when the unit has no sendable address (the
 * invitation is in the unit's work list all the same). For a person
 * with protected identity the message says only "en SIP" and the link;
 * otherwise date, time, duration and place of the meeting and the link
 * — never the individual's name or personnummer, nor the purpose (free
 * text that names them). */
bool invitation_mail_queue(struct ctx *ctx, int64_t meeting_id,
                           int64_t invitation_id, int64_t unit_id,
                           bool protected_identity);
/* The same, to a professional named in the invitation (user_id), at
 * their own address; nothing when they have none. */
bool invitation_mail_queue_user(struct ctx *ctx, int64_t meeting_id,
                                int64_t invitation_id, int64_t user_id,
                                bool protected_identity);

/* invitation_mail.c: a meeting was moved (rescheduled) or cancelled,
 * and sequence is its new SEQUENCE: queue the news, with the meeting's
 * .ics (METHOD:REQUEST, or CANCEL), to every invited unit's mailbox and
 * every professional named in an invitation to it, in the caller's
 * transaction; the same privacy rule as the invitation. Parties
 * outside samplan are not mailed: the lead unit tells them by letter
 * or phone. */
bool meeting_change_mail_queue(struct ctx *ctx, int64_t meeting_id,
                               int64_t sequence, bool cancelled,
                               bool protected_identity);

/* invitation_professional.c: professionals named in in (row i of the
 * request): each an active member of the invited unit, no one twice,
 * only for a unit (field errors "invitations[i].professional_ids"). */
bool invitation_professionals_check(struct ctx *ctx,
                                    const struct invitation_input *in, int i);
/* Store them for invitation_id, in the caller's transaction. */
bool invitation_professionals_add(struct ctx *ctx, int64_t meeting_id,
                                  int64_t invitation_id,
                                  const struct invitation_input *in);
/* Then queue each their written invitation (after every invitation of
 * the sending is stored: the .ics names them all). */
bool invitation_professionals_mail(struct ctx *ctx, int64_t meeting_id,
                                   int64_t invitation_id,
                                   const struct invitation_input *in,
                                   bool protected_identity);

/* The same facts as a reminder ("Påminnelse: ..."), for reminder
 * reminder_id of invitation_id, to the invited unit's mailbox and to
 * each professional named in it; *queued false (and true returned) when
 * none of them has a sendable address or the party is outside
 * samplan. */
bool invitation_reminder_mail_queue(struct ctx *ctx, int64_t invitation_id,
                                    int64_t reminder_id, bool *queued);

/* Validation helper: text must be one of the NULL-terminated names. */
bool one_of(const char *s, const char *const *names);

/* Version version_no of a plan the caller may see through `view`
 * (access_plan_view, checked by the caller), filtered by that view;
 * *person_id gets the plan's person. NOT_FOUND when the plan has no such
 * version. Not audited: the caller writes the audit record. */
bool plan_version_read(struct ctx *ctx, int64_t plan_id,
                       const struct access_view *view, int version_no,
                       struct plan_version *out, int64_t *person_id);

/* plan_compare.c: plan_version_compare through a view the caller has
 * already obtained (a citizen's: everything of their own plan), not
 * audited: the caller writes the audit record. */
bool plan_version_compare_view(struct ctx *ctx, int64_t plan_id,
                               const struct access_view *view, int from_no,
                               int to_no, struct version_diff *out,
                               int64_t *person_id);

/* Put version_id in force (plan_version.c): it becomes the plan's
 * current version, its coordinator's unit the lead unit (an earlier
 * coordinator's unit leaves that part), its follow-up date the plan's
 * next. For version 1 when established, for a revision when approved. */
bool plan_version_in_force(struct ctx *ctx, struct plan_head *h,
                           int64_t version_id);

/* follow_up.c: does a revised version wait for approval? */
bool plan_proposal_pending(struct ctx *ctx, int64_t plan_id, bool *pending);
/* follow_up.c: the proposal waiting for approval (*version_id 0: none)
 * and its number. */
bool plan_proposal_find(struct ctx *ctx, int64_t plan_id,
                        int64_t *version_id, int *version_no);
/* follow_up.c: record the approval of the proposal as
 * plan_version_approve does — the same checks of state and input, the
 * same effects — for a caller that has checked who acts by another rule
 * (a citizen: citizen_access_plan_act), inside the caller's open
 * transaction. With *version_id non-zero the proposal must still be
 * that version (CONFLICT otherwise: it changed since it was read); it
 * gets the version approved. */
struct approval_input;
bool plan_version_approve_in(struct ctx *ctx, int64_t plan_id,
                             const struct approval_input *in,
                             int64_t *version_id);

/* ---- what the individual wrote (own_part.c, proposal.c; h/cown) ----
 *
 * The latest entry of each item of a plan's own part (the plan given
 * by the SQL expression plan_col), and the plan's rejections of
 * proposals, as columns of a query or of a DB_ROWS part of the plan
 * read (plan_read.c); the row readers step a statement of them. */
#define OWN_PART_COLUMNS                                                   \
	"e.item, e.own_goal_id, e.text, e.written_at, e.written_as"
#define OWN_PART_FROM(plan_col)                                            \
	"FROM own_part_entry e WHERE e.plan_id = " plan_col " AND e.id ="  \
	" (SELECT MAX(l.id) FROM own_part_entry l"                         \
	" WHERE l.plan_id = e.plan_id AND l.item = e.item"                 \
	" AND COALESCE(l.own_goal_id, 0) = COALESCE(e.own_goal_id, 0))"    \
	" ORDER BY e.item, e.own_goal_id"
#define PROPOSAL_REJECTION_COLUMNS                                         \
	"r.id, v.version_no, r.comment, r.given_by, r.names, r.rejected_at,"\
	" r.version_id, r.answer"
#define PROPOSAL_REJECTION_FROM(plan_col)                                  \
	"FROM proposal_rejection r JOIN plan_version v ON v.id = r.version_id"\
	" WHERE r.plan_id = " plan_col " ORDER BY r.id DESC"
struct own_part;
struct proposal_rejection;
struct stmt;
/* Read every row of s (OWN_PART_COLUMNS) into *out; false with the
 * problem recorded when the statement fails. Does not finalize s. */
bool own_part_rows(struct ctx *ctx, struct stmt *s, struct own_part *out);
bool proposal_rejection_rows(struct ctx *ctx, struct stmt *s,
                             struct proposal_rejection **out, int *n);

/* ---- lists of plans (plan_read.c, worklist.c) ---- */

/* The plans a citizen asked for (citizen_ask.h) that still wait at one
 * of the user's units: nobody started them personally, so everyone of
 * the unit has them in their work list until the need is assessed. One
 * parameter, the user's id. */
#define CITIZEN_REQUESTS_WAITING_SQL                                       \
	"SELECT cr_.id FROM plan cr_ JOIN user_unit cu_"                   \
	" ON cu_.unit_id = cr_.lead_unit_id WHERE cu_.user_id = ?"         \
	" AND cr_.created_by IS NULL AND cr_.state = 'need_assessed'"      \
	" AND cr_.initiated_by IN ('individual', 'relative')"

/* An invitation (i, its meeting m) that still waits for a reply. */
#define INVITATION_AWAITED_SQL                                             \
	"i.reply IS NULL AND m.held = 0 AND m.cancelled_at IS NULL"

#define SUMMARY_COLUMNS                                                    \
	"p.id, p.person_id, pe.given_name || ' ' || pe.family_name,"       \
	" pe.personnummer, pe.protected_identity, p.state,"                \
	" p.need_assessed_at, lu.name, p.next_follow_up_date, p.updated_at,"\
	" (SELECT COUNT(*) FROM invitation i JOIN meeting m"               \
	"  ON m.id = i.meeting_id WHERE i.plan_id = p.id"                  \
	"  AND " INVITATION_AWAITED_SQL "),"                               \
	" (SELECT COUNT(*) FROM invitation i JOIN user_unit uu"            \
	"  ON uu.unit_id = i.unit_id JOIN meeting m ON m.id = i.meeting_id"\
	"  WHERE i.plan_id = p.id AND " INVITATION_AWAITED_SQL             \
	"  AND uu.user_id = ?), p.lead_unit_id"                            \
	" FROM plan p JOIN person pe ON pe.id = p.person_id"               \
	" JOIN unit lu ON lu.id = p.lead_unit_id"

/* One row of SUMMARY_COLUMNS into *x (strings in ctx's arena). Its one
 * parameter, first in the statement, is the caller's user id. */
struct stmt;
void plan_summary_row(struct ctx *ctx, struct stmt *s, struct plan_summary *x);

/* ---- reading a plan in one query (plan_read.c) ----
 *
 * FOLLOW_UP_PARTS are the three DB_ROWS columns (store/db.h) of the
 * follow-ups (each row with its goal results, intervention results and
 * principals' reports nested), the handovers and the links to plans
 * replaced and replacing; `p` names the plan in the outer query.
 * follow_up_read (follow_up_read.c), which knows their order, reads
 * them. */
/* A follow-up's row: 0-14, then its goal results, intervention results
 * and principals' reports (follow_up_read.c). */
#define FOLLOW_UP_COLUMNS                                                  \
	"f.id, f.version_id, fv.version_no, f.reason, f.note,"     \
	" f.started_at, su.full_name, f.wellbeing, f.new_information,"\
	" f.coordination_needed, f.outcome, f.next_date, f.next_place,"\
	" f.concluded_at, cu.full_name /*0-14*/, "                  \
	DB_ROWS("gr.goal_id, g.text, gr.result, gr.comment,"        \
	        " gr.recorded_at, gu.full_name",                    \
	        "FROM follow_up_goal_result gr"                     \
	        " JOIN plan_goal g ON g.id = gr.goal_id"            \
	        " LEFT JOIN user_account gu ON gu.id = gr.recorded_by" \
	        " WHERE gr.follow_up_id = f.id ORDER BY g.position") ", " \
	DB_ROWS("ir.intervention_id, i.what, i.responsible_kind,"   \
	        " i.responsible_unit_id, ir.result, ir.why, ir.effect," \
	        " ir.recorded_at, iu.full_name",                    \
	        "FROM follow_up_intervention_result ir"             \
	        " JOIN plan_intervention i ON i.id = ir.intervention_id" \
	        " LEFT JOIN user_account iu ON iu.id = ir.recorded_by" \
	        " WHERE ir.follow_up_id = f.id ORDER BY i.position") ", " \
	DB_ROWS("rr.principal_id, rp.name, rp.kind, rr.text,"       \
	        " rr.recorded_at, ru.full_name, rn.name, rr.unit_id", \
	        "FROM follow_up_report rr"                          \
	        " JOIN principal rp ON rp.id = rr.principal_id"     \
	        " LEFT JOIN user_account ru ON ru.id = rr.recorded_by" \
	        " LEFT JOIN unit rn ON rn.id = rr.unit_id"          \
	        " WHERE rr.follow_up_id = f.id ORDER BY rr.principal_id")

#define FOLLOW_UP_PARTS                                                    \
	DB_ROWS(FOLLOW_UP_COLUMNS,                                         \
	        "FROM follow_up f JOIN plan_version fv ON fv.id = f.version_id" \
	        " LEFT JOIN user_account su ON su.id = f.started_by"        \
	        " LEFT JOIN user_account cu ON cu.id = f.concluded_by"      \
	        " WHERE f.plan_id = p.id ORDER BY f.id") ", "               \
	DB_ROWS("h.id, hv.version_no, h.recipient, h.recipient_name,"      \
	        " h.organisation, h.method, h.handed_on, h.recorded_at,"   \
	        " hu.full_name",                                           \
	        "FROM plan_handover h JOIN plan_version hv ON hv.id = h.version_id" \
	        " LEFT JOIN user_account hu ON hu.id = h.recorded_by"       \
	        " WHERE h.plan_id = p.id ORDER BY h.id") ", "               \
	DB_ROWS("ps.old_plan_id, ps.new_plan_id",                          \
	        "FROM plan_succession ps"                                   \
	        " WHERE ps.old_plan_id = p.id OR ps.new_plan_id = p.id")

/* Fill p's follow-ups, handovers and links from the FOLLOW_UP_PARTS
 * columns of parts, the first at column `first`. */
bool follow_up_read(struct ctx *ctx, struct stmt *parts, int first,
                    struct plan *p);

#endif
