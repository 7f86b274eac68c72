/*
 * forms.h — the field tables of every SIP step, shared by the pages and
 * the API (STYLE §10: validate at the door, one table per input), and
 * the one mapping from a read form to the domain's input struct.
 *
 * A page posts these names from an HTML form; an API client sends them
 * as JSON members. The nested lists of the meeting and the plan (goals,
 * interventions, participants, invitations) are read by each side in its
 * own shape (numbered form rows, JSON arrays) into the same structs.
 */
#ifndef SAMPLAN_FORMS_H
#define SAMPLAN_FORMS_H

#include <stddef.h>

#include "http/input.h"
#include "sip/org.h"
#include "sip/person.h"
#include "sip/plan.h"
#include "sip/user.h"

/* The organisation directory (admin pages and /api/v1). */
extern const struct field principal_fields[]; /* name, kind, active */
extern const size_t principal_nfields;
extern const struct field unit_fields[];
extern const size_t unit_nfields;
/* Every field but `active`, whose absence means different things to
 * the page (a cleared checkbox) and the API (keep, on update). */
void unit_input_from(const struct form *f, struct unit_input *in);
extern const struct field user_fields[]; /* not lang: see api_directory */
extern const size_t user_nfields;
void user_input_from(const struct form *f, struct user_input *in);

extern const struct field person_fields[];
extern const size_t person_nfields;
void person_input_from(const struct form *f, struct person_input *in);

/* Whether a child of 15-17 may read their own plan in Min SIP
 * (person_set_own_reading): decision "allow" or "refuse", with
 * own_reading_refused, the reason. */
extern const struct field own_reading_fields[];
extern const size_t own_reading_nfields;
/* *refuse: anything but "allow" asks to refuse (which needs a reason). */
void own_reading_input_from(const struct form *f, bool *refuse,
                            const char **reason);

extern const struct field related_fields[];
extern const size_t related_nfields;
void related_input_from(const struct form *f, struct related_input *in);

extern const struct field plan_create_fields[];
extern const size_t plan_create_nfields;
void plan_create_input_from(const struct form *f, struct plan_create_input *in);

extern const struct field reason_fields[]; /* reason, note */
extern const size_t reason_nfields;

/* Declining (plan.h): cause, reason. */
extern const struct field decline_fields[];
extern const size_t decline_nfields;
void decline_input_from(const struct form *f, struct decline_input *in);

extern const struct field consent_fields[];
extern const size_t consent_nfields;
void consent_input_from(const struct form *f, struct consent_input *in);

/* Recording that a consent is withdrawn (plan.h, consent_withdraw):
 * method, stated_date, stated_time, received_by, note. */
extern const struct field withdrawal_fields[];
extern const size_t withdrawal_nfields;
void withdrawal_input_from(const struct form *f, struct withdrawal_input *in);

extern const struct field preparation_fields[];
extern const size_t preparation_nfields;
void preparation_input_from(const struct form *f, struct preparation_input *in);

extern const struct field meeting_fields[];
extern const size_t meeting_nfields;
void meeting_input_from(const struct form *f, struct meeting_input *in);
extern const struct field meeting_reschedule_fields[];
extern const size_t meeting_reschedule_nfields;
void meeting_reschedule_input_from(const struct form *f,
                                   struct meeting_input *in);

extern const struct field reply_fields[];
extern const size_t reply_nfields;
void reply_input_from(const struct form *f, struct reply_input *in);

/* A reminder of an invitation (reminder.h): back is "plan" when the
 * page should return to the plan rather than the work list. */
extern const struct field remind_fields[];
extern const size_t remind_nfields;

/* The flat part of establishing or revising a plan. */
extern const struct field establish_fields[];
extern const size_t establish_nfields;
void establish_input_from(const struct form *f, struct establish_input *in);

/* Closing (closing.h): reason, note, closed_participation; and a principal's
 * closing note: note, unit_id (optional: the caller's unit that writes). */
struct close_input;
extern const struct field close_fields[];
extern const size_t close_nfields;
void close_input_from(const struct form *f, struct close_input *in);
extern const struct field closing_note_fields[];
extern const size_t closing_note_nfields;

/* Anonymous feedback after a meeting: the citizen's form in Min SIP and
 * the paper form typed in by staff (sip/feedback.h), and a
 * participant's evaluation of a meeting (sip/evaluation.h). A scale
 * question not answered reads as -1. */
struct feedback_input;
struct evaluation_input;
extern const struct field feedback_fields[];
extern const size_t feedback_nfields;
void feedback_input_from(const struct form *f, struct feedback_input *in);
extern const struct field evaluation_fields[];
extern const size_t evaluation_nfields;
void evaluation_input_from(const struct form *f, struct evaluation_input *in);
/* Deviations (deviation.h): the report — kind, unit_id, description,
 * suggestion, invitation_id — and a step of the workflow —
 * handler_user_id, text (the note, answer or measures). */
struct deviation_input;
struct deviation_step_input;
extern const struct field deviation_fields[];
extern const size_t deviation_nfields;
void deviation_input_from(const struct form *f, struct deviation_input *in);
extern const struct field deviation_step_fields[];
extern const size_t deviation_step_nfields;
void deviation_step_input_from(const struct form *f,
                               struct deviation_step_input *in);

#endif
