/*
 * pages.h — the handlers of the HTML screens, one file per screen in
 * src/page/. The route table (src/routes.c) lists them with their paths
 * and capabilities.
 */
#ifndef SAMPLAN_PAGES_H
#define SAMPLAN_PAGES_H

#include "http/request.h"

/* page_login.c */
/* The individual's own samplan (page_citizen*.c) */
void page_citizen_home(struct request *r);
void page_citizen_sign_in(struct request *r);
void page_citizen_sign_out(struct request *r);
/* h/cextract: who read my data, feedback after a meeting */
void page_citizen_access_log(struct request *r);
void page_citizen_access_log_pdf(struct request *r);
void page_citizen_feedback(struct request *r);
void page_citizen_feedback_post(struct request *r);
/* page_feedback.c: the feedback summed for staff (h/cextract) */
void page_feedback(struct request *r);
/* h/cread: reading the plan and the meetings (page_citizen_plan.c,
 * page_citizen_meetings.c) */
void page_citizen_plan(struct request *r);
void page_citizen_plan_pdf(struct request *r);
void page_citizen_plan_version(struct request *r);
void page_citizen_plan_changes(struct request *r);
void page_citizen_meetings(struct request *r);
void page_citizen_meeting_ics(struct request *r);
/* h/cown: page_citizen_own.c, page_citizen_proposal.c, page_citizen_ask.c */
void page_citizen_own(struct request *r);
void page_citizen_own_post(struct request *r);
void page_citizen_proposal(struct request *r);
void page_citizen_proposal_approve(struct request *r);
void page_citizen_proposal_reject(struct request *r);
void page_citizen_ask(struct request *r);
void page_citizen_ask_post(struct request *r);

/* page_citizen_consent.c (h/cconsent): who sees what, and requests */
void page_citizen_consents(struct request *r);
void page_citizen_consent_narrow_form(struct request *r);
void page_citizen_consent_narrow(struct request *r);
void page_citizen_consent_withdraw_form(struct request *r);
void page_citizen_consent_withdraw(struct request *r);
void page_citizen_consent_widen_form(struct request *r);
void page_citizen_consent_widen(struct request *r);
void page_citizen_follow_up_request_form(struct request *r);
void page_citizen_follow_up_request(struct request *r);
/* page_home.c: a unit has seen a notice (POST /notices/{nid}/seen) */
void page_notice_seen(struct request *r);

void page_login_form(struct request *r);
void page_login_submit(struct request *r);
void page_logout(struct request *r);
void page_language(struct request *r);

/* page_citizen_about.c (h/clang): what a SIP is, the individual's rights */
void page_citizen_about(struct request *r);

/* page_home.c */
void page_home(struct request *r);

/* page_persons.c */
void page_persons(struct request *r);
void page_person_new(struct request *r);
void page_person_create(struct request *r);
void page_person(struct request *r);
void page_person_update(struct request *r);
void page_person_add_related(struct request *r);
void page_person_own_reading(struct request *r);
void page_person_update_related(struct request *r);

/* page_plan_new.c (step 1) */
void page_plan_new(struct request *r);
void page_plan_create(struct request *r);
/* The step 1 form for a person known to samplan whose record the caller
 * may not read: shows only the personnummer the caller typed. */
struct form;
void page_plan_new_known(struct request *r, int64_t person_id,
                         const char *personnummer, const struct form *f);

/* page_plan.c (the plan page) */
void page_plan(struct request *r);

/* page_plan_steps.c (the plan page's forms) */
void page_plan_decline(struct request *r);
void page_plan_consent(struct request *r);
void page_plan_consent_withdraw(struct request *r);
void page_plan_consent_withdraw_form(struct request *r);
void page_plan_preparation(struct request *r);
void page_plan_meeting(struct request *r);
void page_plan_meeting_cancel(struct request *r);
void page_plan_meeting_reschedule(struct request *r);
void page_plan_meeting_ics(struct request *r);
void page_plan_invitations(struct request *r);
void page_plan_follow_up(struct request *r);
/* Step 6 (h/followup): page_plan_follow_up.c, page_plan_approval.c,
 * page_plan_handover.c */
void page_plan_follow_up_form(struct request *r);
void page_plan_follow_up_results(struct request *r);
void page_plan_follow_up_conclude(struct request *r);
void page_plan_approval_form(struct request *r);
void page_plan_approval(struct request *r);
void page_plan_handover(struct request *r);
void page_plan_close(struct request *r);
void page_plan_closing_note(struct request *r);
/* page_meeting_evaluation.c: evaluating a held meeting, its
 * evaluations, SIP-kollen typed in from paper */
void page_meeting_evaluation(struct request *r);
void page_meeting_evaluation_post(struct request *r);
void page_meeting_evaluations(struct request *r);
void page_meeting_paper_feedback(struct request *r);
void page_meeting_paper_feedback_post(struct request *r);
/* Deviations in the collaboration (page_deviation.c) */
void page_deviation_new(struct request *r);
void page_deviation_create(struct request *r);
void page_deviation(struct request *r);
void page_deviation_step(struct request *r);
void page_deviations(struct request *r);

/* page_plan_establish.c (step 5, and revising) */
void page_plan_establish_form(struct request *r);
void page_plan_establish(struct request *r);
void page_plan_revise_form(struct request *r);
void page_plan_revise(struct request *r);

/* page_plan_document.c (an established version) */
void page_plan_version(struct request *r);
/* page_plan_print.c (the plan on paper, letters; h/print) */
void page_plan_print(struct request *r);
void page_plan_plain(struct request *r);
void page_plan_pdf(struct request *r);
void page_plan_letter_pdf(struct request *r);
void page_plan_citizen_letter(struct request *r);
struct plan;
/* The plan page's section for printing a Min SIP letter (lead unit). */
void page_plan_citizen_letter_section(struct request *r, const struct plan *p);
void page_plan_planning_pdf(struct request *r);
/* page_plan_compare.c (two versions side by side) */
void page_plan_versions_compare(struct request *r);

/* page_invitation.c */
void page_invitation(struct request *r);
void page_invitation_reply(struct request *r);
void page_invitation_remind(struct request *r);

/* page_account.c */
void page_account(struct request *r);
void page_account_password(struct request *r);

/* page_admin_principals.c */
void page_principals(struct request *r);
void page_principal_new(struct request *r);
void page_principal_create(struct request *r);
void page_principal_edit(struct request *r);
void page_principal_update(struct request *r);

/* page_admin_units.c */
void page_units(struct request *r);
void page_unit_new(struct request *r);
void page_unit_create(struct request *r);
void page_unit_edit(struct request *r);
void page_unit_update(struct request *r);

/* page_admin_users.c */
void page_users(struct request *r);
void page_user_new(struct request *r);
void page_user_create(struct request *r);
void page_user_edit(struct request *r);
void page_user_update(struct request *r);
void page_user_deactivate(struct request *r);
void page_user_reactivate(struct request *r);

/* page_audit.c */
void page_audit(struct request *r);
void page_audit_report(struct request *r);
void page_audit_csv(struct request *r);
void page_audit_report_csv(struct request *r);
void page_person_access_log(struct request *r);
/* On the person page: the link to the extract, for those who may open
 * it (access_person_extract); nothing for anyone else. */
void page_audit_extract_link(struct request *r, int64_t person_id);

/* page_admin_import.c */
void page_import_form(struct request *r);
void page_import_submit(struct request *r);

/* page_statistics.c (the follow-up group's figures) */
void page_statistics(struct request *r);
void page_statistics_csv(struct request *r);

/* page_admin_outbox.c (the e-mail outbox) */
void page_outbox(struct request *r);

#endif
