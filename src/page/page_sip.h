/*
 * page_sip.h — what the screens of the SIP process share (persons,
 * plans, invitations): the person's line with the protected-identity
 * badge, state badges, the values a refused form keeps, the plan page
 * that every step's form re-renders after a refusal, and the pieces of
 * the plan page that live in their own files.
 *
 * Not a public API: only src/page/page_*.c of the SIP screens include it.
 */
#ifndef SAMPLAN_PAGE_SIP_H
#define SAMPLAN_PAGE_SIP_H

#include <stdbool.h>
#include <stdint.h>

#include "http/input.h"
#include "http/request.h"
#include "page/ui.h"
#include "sip/person.h"
#include "sip/plan.h"
#include "sip/plan_doc.h"

/* ---- small pieces (page_sip.c) ---- */

/* "YYYYMMDD-NNNN" for people, in the arena. */
const char *sip_pnr(struct request *r, const char *canonical);
/* An id as text ("42"), in the arena. */
const char *sip_id(struct request *r, int64_t id);
/* "/plans/ID" followed by rest ("" or "/consents" or "?done=saved"). */
const char *sip_plan_url(struct request *r, int64_t plan_id, const char *rest);
const char *sip_person_url(struct request *r, int64_t person_id,
                           const char *rest);

/* "Given Family". */
const char *sip_person_name(struct request *r, const struct person *p);

bool sip_has_id(const int64_t *ids, int n, int64_t id);
bool sip_has_text(const char *const *list, int n, const char *s);

/* The badge "Skyddade personuppgifter" when the flag is set. */
void sip_protected_badge(struct request *r, bool protected_identity);
/* The plan's state as a badge with its label. */
void sip_state_badge(struct request *r, enum plan_state s);
/* The person in one line under a heading: personnummer, age, child,
 * protected identity, interpreter. */
void sip_person_line(struct request *r, const struct person *p);

/* <hN>text</hN> (level 2..4), with an id when id is not NULL. */
void sip_heading(struct request *r, int level, const char *text,
                 const char *id);
/* <dt>term</dt><dd>text</dd>; "–" for NULL text. Free text keeps its
 * line breaks (CSS white-space: pre-line on .text). */
void sip_fact(struct request *r, const char *term, const char *text);
/* What stands in place of information of category c that the caller's
 * consent does not cover (access.h): "Dold: samtycket omfattar inte
 * <kategori>" — never the value. */
const char *sip_withheld(struct request *r, enum field_category c);
/* value, or sip_withheld for field f when the view does not cover it. */
const char *sip_field(struct request *r, const struct access_view *v,
                      enum field_id f, const char *value);
/* A paragraph of free text with its line breaks kept. */
void sip_text(struct request *r, const char *text);

/* A table that may scroll sideways on a narrow screen: a region the
 * keyboard can reach (WCAG 2.1.1), named like the table by the element
 * with id `labelledby` (a heading or the caption). Close with
 * </table></div>. */
void sip_table_begin(struct request *r, const char *labelledby,
                     const char *cls);

/* The value of `name` in the posted form f as typed — also when the
 * door refused it, so a failed form keeps what was written; def when f
 * is NULL (nothing posted: the form shows its defaults). */
const char *sip_value(struct request *r, const struct form *f,
                      const char *name, const char *def);
/* The same for the i-th field of f. */
const char *sip_value_at(struct request *r, const struct form *f, size_t i);

/* "list[7].rest" → index 7 and "rest"; false for anything else. */
bool sip_row_field(const char *field, const char *list, int *index,
                   const char **rest);

/* A refused request the page cannot show a form for — not found,
 * forbidden, the database down, a bug — answered as an error page.
 * True when answered. */
bool sip_refused(struct request *r);

/* ---- the plan page (page_plan.c) ---- */

/* The plan page, and which of its forms was posted when a step was
 * refused: scope names the form ("consent", "close", "reply-12"...),
 * form holds what was sent. */
struct plan_view {
	struct plan *p;
	const char *scope;
	const struct form *form;
};

void plan_page(struct request *r, const struct plan_view *v);
/* After a refused step: the plan page again, the posted form keeping
 * its values, errors next to its fields and summarised at the top, and
 * the status of the problem (422, 409). Not-found, forbidden and server
 * failures become an error page. */
void plan_refail(struct request *r, int64_t plan_id, const char *scope,
                 const struct form *f);

/* The record of what has been done: need, parties, consents,
 * preparation, meetings and replies (page_plan_record.c). */
void plan_record(struct request *r, const struct plan_view *v);
/* A reply to an invitation in words ("Kommer", "Inget svar"). */
const char *plan_reply_label(struct request *r, const char *reply);

/* ---- what the individual wrote themselves (page_plan_own.c; h/cown) ---- */

/* The section "Den enskildes egen del" of the plan page: their own
 * words and goals, marked as theirs with the date; nothing when they
 * have written nothing. */
void plan_own_part(struct request *r, const struct plan *p);
/* The same, briefly, beside the preparation's goals. */
void plan_own_part_brief(struct request *r, const struct plan *p);
/* The individual's rejections of proposed revisions, with their
 * comments, under a heading of heading_level; nothing when none. */
void plan_proposal_rejections(struct request *r, const struct plan *p,
                              int heading_level);

/* ---- the forms of the plan page (page_plan_forms.c) ---- */

/* Field names → labels of every form of the plan page, for the error
 * summary. */
extern const struct ui_option plan_field_labels[];

/* The form that was posted, when it is the one named scope. */
const struct form *plan_posted(const struct plan_view *v, const char *scope);

/* Around one form of the plan page: its ids get the scope, and the
 * errors of another form that was posted are not shown next to its
 * fields. */
struct plan_scope {
	const char *was;
	struct problem saved;
	bool hidden;
};
void plan_scope_begin(struct request *r, const struct plan_view *v,
                      const char *scope, struct plan_scope *s);
void plan_scope_end(struct request *r, struct plan_scope *s);

/* A <details> holding a secondary form, open when that form was posted
 * (so its errors are seen). */
void plan_details_begin(struct request *r, const struct plan_view *v,
                        const char *scope, const char *summary);
void plan_details_end(struct request *r);

/* Each principal's closing of a closed plan: who has documented it and
 * who still owes it, and the form for the caller's principal
 * (page_plan_closing.c). */
void plan_closing_section(struct request *r, const struct plan_view *v);

/* The plan's deviations the caller sees, samplan's suggestions and the
 * link to report one (page_deviation.c); and one deviation as a list
 * item (kind, party, state, due, the person when shown), for the work
 * list too. */
struct deviation;
void plan_deviation_section(struct request *r, const struct plan_view *v);
void sip_deviation_item(struct request *r, const struct deviation *x);

/* What the lead unit can do next, by state (page_plan_forms.c). */
void plan_next_step(struct request *r, const struct plan_view *v);
/* The meeting the next invitations and the plan are for: the latest
 * meeting neither held nor cancelled, or NULL. */
const struct meeting *plan_open_meeting(const struct plan *p);

/* The forms (page_plan_forms.c, page_plan_consent_form.c,
 * page_plan_meeting_form.c). */
void plan_form_withdraw(struct request *r, const struct plan_view *v,
                        const struct consent *c);
void plan_form_reply_by_hand(struct request *r, const struct plan_view *v,
                             const struct invitation *inv);
void plan_form_meeting_cancel(struct request *r, const struct plan_view *v,
                              const struct meeting *m);
/* Moving it: its time and place (page_plan_meeting_form.c). */
void plan_form_meeting_reschedule(struct request *r, const struct plan_view *v,
                                  const struct meeting *m);
void plan_form_consent(struct request *r, const struct plan_view *v);
void plan_form_preparation(struct request *r, const struct plan_view *v);
void plan_form_meeting(struct request *r, const struct plan_view *v);
void plan_form_invitations(struct request *r, const struct plan_view *v,
                           const struct meeting *m);
/* The invitation form's fields: meeting_id, unit_ids, professionals;
 * its PLAN_EXTERNAL_ROWS blank rows for parties outside samplan are
 * form/rows.h's invitation_shape. */
enum { PLAN_EXTERNAL_ROWS = 3 };
extern const struct field plan_invitation_fields[];
extern const size_t plan_invitation_nfields;

/* ---- the established plan as a document (page_plan_document.c) ---- */

/* The plan as Ludvika's documentation template lays it out, headings
 * from `level`. */
/* The form that picks two versions to compare (GET
 * /plans/{id}/versions/compare), preselecting from and to (below 1: the
 * two latest); nothing when the plan has fewer than two versions
 * (page_plan_compare.c). */
void plan_compare_form(struct request *r, const struct plan *p, int from,
                       int to);
/* Version d of plan p as Ludvika's template lays it out (the tree of
 * doc/plan_layout.h), headings from `level`, with links to its print
 * view, PDF and plain-language summary; former: it is no longer in
 * force (a notice says so). */
void plan_document(struct request *r, const struct plan *p,
                   const struct plan_doc *d, int level, bool former);

/* ---- step 6 on the plan page (h/followup) ---- */

/* The proposal waiting for approval or the approval of the version in
 * force, and the follow-ups with their results (page_plan_follow_ups.c). */
void plan_follow_ups(struct request *r, const struct plan_view *v);
/* To whom the plan was handed, and the lead unit's form to record it
 * (page_plan_handover.c). */
void plan_handovers(struct request *r, const struct plan_view *v);

#endif
