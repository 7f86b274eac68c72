/*
 * follow_up_forms.h — the field tables of step 6 (follow_up.h), shared
 * by the pages and the API like forms.h: starting a follow-up, its
 * shared questions, concluding it, approving a proposed version, and
 * handing a version over. The per-goal, per-intervention and
 * per-principal rows are lists each side reads in its own shape
 * (page_plan_follow_up.c: one row per goal id; api_follow_up.c: JSON
 * arrays) into the same structs.
 */
#ifndef SAMPLAN_FOLLOW_UP_FORMS_H
#define SAMPLAN_FOLLOW_UP_FORMS_H

#include <stddef.h>

#include "http/input.h"
#include "sip/follow_up.h"

extern const struct field follow_up_start_fields[]; /* reason, note */
extern const size_t follow_up_start_nfields;
void follow_up_start_input_from(const struct form *f,
                                struct follow_up_start_input *in);

/* wellbeing, new_information, coordination_needed */
extern const struct field follow_up_shared_fields[];
extern const size_t follow_up_shared_nfields;
void follow_up_shared_input_from(const struct form *f,
                                 struct follow_up_record_input *in);

/* outcome, next_date, next_place, reason, note (closing), new_plan_need */
extern const struct field follow_up_conclude_fields[];
extern const size_t follow_up_conclude_nfields;
void follow_up_conclude_input_from(const struct form *f,
                                   struct follow_up_conclude_input *in);

/* given_by, names, method, approved_on */
extern const struct field approval_fields[];
extern const size_t approval_nfields;
void approval_input_from(const struct form *f, struct approval_input *in);

/* version_no, recipient, recipient_name, organisation, method, handed_on */
extern const struct field handover_fields[];
extern const size_t handover_nfields;
void handover_input_from(const struct form *f, struct handover_input *in);

#endif
