/*
 * page_meeting_evaluation.h — what the evaluation and paper feedback
 * pages (page_meeting_evaluation.c) lend to other pages.
 */
#ifndef SAMPLAN_PAGE_MEETING_EVALUATION_H
#define SAMPLAN_PAGE_MEETING_EVALUATION_H

#include "http/request.h"
#include "page/page_sip.h"
#include "sip/plan.h"

struct form;

/* Under a held meeting on the plan page: links to evaluate it, to its
 * evaluations and, for the lead unit, to type in a paper SIP-kollen.
 * Nothing for a meeting not held or cancelled. */
void plan_meeting_evaluation_links(struct request *r, const struct plan_view *v,
                                   const struct meeting *m);

/* The anonymous feedback's questions as radio groups and its free text
 * with text_hint: the citizen's form and the paper form. typed: the
 * refused form, or NULL. */
void page_feedback_questions(struct request *r, const struct form *typed,
                             const char *text_label, const char *text_hint);

#endif
