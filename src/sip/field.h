/*
 * field.h — every field of a person and of a plan that a professional
 * can see, tagged with its information category: the one table that
 * says which consent scope a field needs (issue 8, "consent-scoped
 * fields"; the reasoning is in docs/sip-process.md, "What each
 * recipient sees").
 *
 * A consent names the categories of information that may be shared
 * (consent_scopes in consent.c: health, social, school, financial,
 * employment, housing). Every field here is in one of them, or in
 * FIELD_PARTICIPATION — identity and process data that every unit
 * taking part needs in order to take part at all (name, personnummer,
 * state, meeting time and place, who takes part, goals, coordinator,
 * follow-up) — or it is FIELD_BY_UNIT: its category follows the unit
 * that owns the row (an intervention's responsible unit, the need's
 * initiating unit, an invited unit's own account of its ongoing
 * interventions): a region unit's information is health, a
 * municipality's and another actor's social (field_category_of_unit).
 *
 * Who sees what is decided in one place, access.c (access_plan_view,
 * access_sees); plan_read.c applies it to every plan it returns, so the
 * pages and the API get data that is already filtered.
 *
 * The person's fields ("person.") are all FIELD_PARTICIPATION: whoever
 * may see the person at all (access_person, person.c) sees them, and
 * within a plan access_sees(&plan->view, FIELD_PERSON_...) says the
 * same. A person field given another category must be filtered where
 * the person is loaded (person.c) with such a view.
 *
 * Names are the paths of the fields in the API's JSON (api_plan_json.c)
 * with "person.", "invitation." and "version." as the prefixes of the
 * shapes used in several places; tests/unit/test_field.c fails when the
 * plan JSON writes a field that is not in this table.
 */
#ifndef SAMPLAN_FIELD_H
#define SAMPLAN_FIELD_H

#include <stdbool.h>

#include "sip/org.h"

enum field_category {
	FIELD_PARTICIPATION, /* every unit that takes part (deltagande) */
	FIELD_HEALTH,        /* consent scope "health" */
	FIELD_SOCIAL,        /* "social" */
	FIELD_SCHOOL,        /* "school" */
	FIELD_FINANCIAL,     /* "financial" */
	FIELD_EMPLOYMENT,    /* "employment" */
	FIELD_HOUSING,       /* "housing" */
	FIELD_BY_UNIT,       /* follows the unit that owns the row */
};
enum { FIELD_NCATEGORIES = FIELD_BY_UNIT };

/* Categories in the table: P participation, H health, S social, U by
 * unit (field.c maps them). */
/* X(id, name, category) */
#define FIELD_TABLE(X)                                                   \
	/* the person (shown in the plan and on the person's record) */    \
	X(PERSON_ID, "person.id", P)                                      \
	X(PERSON_PERSONNUMMER, "person.personnummer", P)                  \
	X(PERSON_COORDINATION_NUMBER, "person.coordination_number", P)    \
	X(PERSON_BIRTH_DATE, "person.birth_date", P)                      \
	X(PERSON_AGE, "person.age", P)                                    \
	X(PERSON_IS_CHILD, "person.is_child", P)                          \
	X(PERSON_CHILD_VIEW_REQUIRED, "person.child_view_required", P)    \
	X(PERSON_GIVEN_NAME, "person.given_name", P)                      \
	X(PERSON_FAMILY_NAME, "person.family_name", P)                    \
	X(PERSON_ADDRESS, "person.address", P)                            \
	X(PERSON_POSTAL_CODE, "person.postal_code", P)                    \
	X(PERSON_CITY, "person.city", P)                                  \
	X(PERSON_PHONE, "person.phone", P)                                \
	X(PERSON_EMAIL, "person.email", P)                                \
	X(PERSON_INTERPRETER_LANGUAGE, "person.interpreter_language", P)  \
	X(PERSON_PROTECTED_IDENTITY, "person.protected_identity", P)      \
	X(PERSON_OWN_READING_REFUSED, "person.own_reading_refused", P)    \
	X(PERSON_CONTACT_HIDDEN, "person.contact_hidden", P)              \
	X(RELATED_ID, "person.related[].id", P)                           \
	X(RELATED_ROLE, "person.related[].role", P)                       \
	X(RELATED_NAME, "person.related[].name", P)                       \
	X(RELATED_RELATION, "person.related[].relation", P)               \
	X(RELATED_PERSONNUMMER, "person.related[].personnummer", P)       \
	X(RELATED_PHONE, "person.related[].phone", P)                     \
	X(RELATED_EMAIL, "person.related[].email", P)                     \
	X(RELATED_ADDRESS, "person.related[].address", P)                 \
	X(RELATED_MAY_READ_PLAN, "person.related[].may_read_plan", P)     \
	/* the plan and its process */                                    \
	X(PLAN_ID, "id", P)                                               \
	X(PLAN_STATE, "state", P)                                         \
	X(PLAN_ALLOWED_NEXT, "allowed_next", P)                           \
	X(PLAN_ACTION_NAME, "actions[].name", P)                          \
	X(PLAN_ACTION_PERMITTED, "actions[].permitted", P)                \
	X(PLAN_ACTION_ADVANCES, "actions[].advances", P)                  \
	X(PLAN_PERSON_ID, "person_id", P)                                 \
	X(PLAN_DAYS_WAITING, "days_waiting", P)                           \
	X(PLAN_LEAD_UNIT_ID, "lead_unit_id", P)                           \
	X(PLAN_LEAD_UNIT_NAME, "lead_unit_name", P)                       \
	X(PLAN_DECLINED_CAUSE, "declined_cause", P)                       \
	X(PLAN_DECLINED_REASON, "declined_reason", P)                     \
	X(PLAN_CLOSED_REASON, "closed_reason", P)                         \
	X(PLAN_CLOSED_NOTE, "closed_note", P)                             \
	X(PLAN_CLOSED_AT, "closed_at", P)                                 \
	X(PLAN_CLOSED_PARTICIPATION, "closed_participation", P)           \
	X(PLAN_NEXT_FOLLOW_UP_DATE, "next_follow_up_date", P)             \
	X(PLAN_CREATED_AT, "created_at", P)                               \
	X(PLAN_WITHHELD, "withheld", P)                                   \
	/* step 1: the need */                                            \
	X(NEED_INITIATING_UNIT_ID, "need.initiating_unit_id", P)          \
	X(NEED_INITIATING_UNIT_NAME, "need.initiating_unit_name", P)      \
	X(NEED_INITIATED_BY, "need.initiated_by", P)                      \
	X(NEED_INITIATOR_NAME, "need.initiator_name", P)                  \
	X(NEED_INDIVIDUAL, "need.need_individual", U)                     \
	X(NEED_PROFESSIONAL, "need.need_professional", U)                 \
	X(NEED_PRINCIPAL_ID, "need.principals[].id", P)                   \
	X(NEED_PRINCIPAL_NAME, "need.principals[].name", P)               \
	X(NEED_PRINCIPAL_KIND, "need.principals[].kind", P)               \
	X(NEED_OTHER_ACTORS, "need.other_actors", P)                      \
	X(NEED_IS_DISCHARGE, "need.is_discharge", H)                      \
	X(NEED_HOSPITAL_EPISODE, "need.hospital_episode", H)              \
	X(NEED_ASSESSED_AT, "need.assessed_at", P)                        \
	/* who takes part, and the history */                             \
	X(UNIT_ID, "units[].unit_id", P)                                  \
	X(UNIT_NAME, "units[].unit_name", P)                              \
	X(UNIT_PRINCIPAL_NAME, "units[].principal_name", P)               \
	X(UNIT_PRINCIPAL_KIND, "units[].principal_kind", P)               \
	X(UNIT_VIA, "units[].via", P)                                     \
	X(UNIT_JOINED_AT, "units[].joined_at", P)                         \
	X(UNIT_LEFT_AT, "units[].left_at", P)                             \
	X(EVENT_AT, "history[].at", P)                                    \
	X(EVENT_ACTION, "history[].action", P)                            \
	X(EVENT_FROM_STATE, "history[].from_state", P)                    \
	X(EVENT_TO_STATE, "history[].to_state", P)                        \
	X(EVENT_USER, "history[].user", P)                                \
	X(EVENT_UNIT, "history[].unit", P)                                \
	X(EVENT_DETAIL, "history[].detail", P)                            \
	/* step 2: consents (what was agreed is for everyone to know) */   \
	X(CONSENT_ID, "consents[].id", P)                                 \
	X(CONSENT_GIVEN_BY, "consents[].given_by", P)                     \
	X(CONSENT_GIVERS, "consents[].givers", P)                         \
	X(CONSENT_FORM, "consents[].form", P)                             \
	X(CONSENT_SCOPES, "consents[].scopes", P)                         \
	X(CONSENT_RECIPIENT_ID, "consents[].recipients[].id", P)          \
	X(CONSENT_RECIPIENT_NAME, "consents[].recipients[].name", P)      \
	X(CONSENT_RECIPIENT_KIND, "consents[].recipients[].kind", P)      \
	X(CONSENT_VALID_UNTIL, "consents[].valid_until", P)               \
	X(CONSENT_CHILD_INFORMED, "consents[].child_informed", P)         \
	X(CONSENT_CHILD_VIEW, "consents[].child_view", P)                 \
	X(CONSENT_ATTITUDE, "consents[].attitude_ascertained", H)         \
	X(CONSENT_NOTE, "consents[].note", P)                             \
	X(CONSENT_RECORDED_AT, "consents[].recorded_at", P)               \
	X(CONSENT_RECORDED_BY, "consents[].recorded_by", P)               \
	X(CONSENT_WITHDRAWN_AT, "consents[].withdrawn_at", P)             \
	X(CONSENT_WITHDRAWN_BY, "consents[].withdrawn_by", P)             \
	X(CONSENT_WITHDRAWAL_METHOD, "consents[].withdrawal_method", P)   \
	X(CONSENT_WITHDRAWAL_STATED_AT, "consents[].withdrawal_stated_at", P) \
	X(CONSENT_WITHDRAWAL_RECEIVED_BY, "consents[].withdrawal_received_by", P) \
	X(CONSENT_WITHDRAWAL_NOTE, "consents[].withdrawal_note", P)       \
	X(CONSENT_IN_FORCE, "consents[].in_force", P)                     \
	/* step 3: preparation with the individual */                     \
	X(PREP_PURPOSE, "preparation.purpose", P)                         \
	X(PREP_INDIVIDUAL_GOALS, "preparation.individual_goals", P)       \
	X(PREP_INDIVIDUAL_QUESTIONS, "preparation.individual_questions", P)\
	X(PREP_INVITE_WISHES, "preparation.invite_wishes", P)             \
	X(PREP_PARTICIPATION, "preparation.participation", P)             \
	X(PREP_PARTICIPATION_NOTE, "preparation.participation_note", P)   \
	X(PREP_INTERPRETER, "preparation.interpreter_language", P)        \
	X(PREP_AIDS, "preparation.aids", H)                               \
	X(PREP_BREAKS_NEEDED, "preparation.breaks_needed", P)             \
	X(PREP_SAFE_PLACE, "preparation.safe_place", P)                   \
	X(PREP_RELATIVES_PRESENT, "preparation.relatives_present", P)     \
	X(PREP_CHILD_VOICE, "preparation.child_voice", P)                 \
	X(PREP_UPDATED_AT, "preparation.updated_at", P)                   \
	X(PREP_UPDATED_BY, "preparation.updated_by", P)                   \
	/* step 4: meetings, invitations and replies */                   \
	X(MEETING_ID, "meetings[].id", P)                                 \
	X(MEETING_KIND, "meetings[].kind", P)                             \
	X(MEETING_DATE, "meetings[].date", P)                             \
	X(MEETING_START_TIME, "meetings[].start_time", P)                 \
	X(MEETING_DURATION, "meetings[].duration_minutes", P)             \
	X(MEETING_PLACE, "meetings[].place", P)                           \
	X(MEETING_VIDEO_LINK, "meetings[].video_link", P)                 \
	X(MEETING_PURPOSE, "meetings[].purpose", P)                       \
	X(MEETING_HELD, "meetings[].held", P)                             \
	X(MEETING_CHAIR, "meetings[].chair", P)                           \
	X(MEETING_SECRETARY, "meetings[].secretary", P)                   \
	X(MEETING_IDENTITY_CHECKED, "meetings[].identity_checked", P)     \
	X(MEETING_CANCELLED_AT, "meetings[].cancelled_at", P)             \
	X(MEETING_CANCELLED_BY, "meetings[].cancelled_by", P)             \
	X(MEETING_CANCEL_REASON, "meetings[].cancel_reason", P)           \
	X(PARTICIPANT_NAME, "meetings[].participants[].name", P)          \
	X(PARTICIPANT_ROLE, "meetings[].participants[].role", P)          \
	X(PARTICIPANT_UNIT_ID, "meetings[].participants[].unit_id", P)    \
	X(PARTICIPANT_INVITATION_ID,                                      \
	  "meetings[].participants[].invitation_id", P)                   \
	X(INV_ID, "invitation.id", P)                                     \
	X(INV_MEETING_ID, "invitation.meeting_id", P)                     \
	X(INV_UNIT_ID, "invitation.unit_id", P)                           \
	X(INV_UNIT_NAME, "invitation.unit_name", P)                       \
	X(INV_EXTERNAL_NAME, "invitation.external_name", P)               \
	X(INV_EXTERNAL_ORGANISATION, "invitation.external_organisation", P)\
	X(INV_EXTERNAL_CONTACT, "invitation.external_contact", P)         \
	X(INV_CHANNEL, "invitation.channel", P)                           \
	X(INV_REPLY, "invitation.reply", P)                               \
	X(INV_ATTENDEE_NAME, "invitation.attendee_name", P)               \
	X(INV_SUBSTITUTE_NAME, "invitation.substitute_name", P)           \
	X(INV_SUBSTITUTE_USER_ID, "invitation.substitute_user_id", P)     \
	X(INV_DECLINE_REASON, "invitation.decline_reason", P)             \
	X(INV_ONGOING_INTERVENTIONS, "invitation.ongoing_interventions", U)\
	X(INV_REPLIED_AT, "invitation.replied_at", P)                     \
	X(INV_REPLIED_BY, "invitation.replied_by", P)                     \
	X(INV_BY_HAND, "invitation.registered_by_hand", P)                \
	X(INV_PROFESSIONAL_USER_ID,                                       \
	  "invitation.professionals[].user_id", P)                        \
	X(INV_PROFESSIONAL_NAME, "invitation.professionals[].name", P)    \
	X(INV_PROFESSIONAL_TITLE, "invitation.professionals[].title", P)  \
	/* step 5: the established plan version */                        \
	X(VERSION_ID, "version.id", P)                                    \
	X(VERSION_NO, "version.version_no", P)                            \
	X(VERSION_MEETING_ID, "version.meeting_id", P)                    \
	X(VERSION_PURPOSE, "version.purpose", P)                          \
	X(VERSION_SITUATION, "version.situation", S)                      \
	X(VERSION_WISHES, "version.wishes", P)                            \
	X(VERSION_FUTURE_NEEDS, "version.future_needs", S)                \
	X(VERSION_NEEDS, "version.needs", S)                              \
	X(GOAL_ID, "version.goals[].id", P)                               \
	X(GOAL_POSITION, "version.goals[].position", P)                   \
	X(GOAL_KIND, "version.goals[].kind", P)                           \
	X(GOAL_TEXT, "version.goals[].text", P)                           \
	X(INTERVENTION_ID, "version.interventions[].id", P)               \
	X(INTERVENTION_POSITION, "version.interventions[].position", P)   \
	X(INTERVENTION_GOAL_ID, "version.interventions[].goal_id", P)     \
	X(INTERVENTION_GOAL, "version.interventions[].goal", P)           \
	X(INTERVENTION_WHAT, "version.interventions[].what", U)           \
	X(INTERVENTION_RESPONSIBLE_KIND,                                  \
	  "version.interventions[].responsible_kind", P)                  \
	X(INTERVENTION_RESPONSIBLE_UNIT_ID,                               \
	  "version.interventions[].responsible_unit_id", P)               \
	X(INTERVENTION_RESPONSIBLE_UNIT_NAME,                             \
	  "version.interventions[].responsible_unit_name", P)             \
	X(INTERVENTION_RESPONSIBLE, "version.interventions[].responsible", P)\
	X(INTERVENTION_ALSO,                                              \
	  "version.interventions[].also_responsible", P)                 \
	X(INTERVENTION_ALSO_KIND,                                         \
	  "version.interventions[].also_responsible[].kind", P)          \
	X(INTERVENTION_ALSO_UNIT_ID,                                      \
	  "version.interventions[].also_responsible[].unit_id", P)       \
	X(INTERVENTION_ALSO_UNIT_NAME,                                    \
	  "version.interventions[].also_responsible[].unit_name", P)     \
	X(INTERVENTION_CONTACT, "version.interventions[].contact_name", U)\
	X(INTERVENTION_FREQUENCY, "version.interventions[].frequency", U) \
	X(INTERVENTION_TIMING, "version.interventions[].timing", U)       \
	X(INTERVENTION_START, "version.interventions[].start_date", U)    \
	X(INTERVENTION_END, "version.interventions[].end_date", U)        \
	X(INTERVENTION_WITHHELD, "version.interventions[].withheld", P)   \
	X(VERSION_ACTIONS_BY_OTHERS, "version.actions_by_others", S)      \
	X(VERSION_CRISIS_PLAN, "version.crisis_plan", H)                  \
	X(COORDINATOR_USER_ID, "version.coordinator.user_id", P)          \
	X(COORDINATOR_NAME, "version.coordinator.name", P)                \
	X(COORDINATOR_TITLE, "version.coordinator.title", P)              \
	X(COORDINATOR_UNIT_ID, "version.coordinator.unit_id", P)          \
	X(COORDINATOR_UNIT_NAME, "version.coordinator.unit_name", P)      \
	X(COORDINATOR_FAST_CARE_CONTACT,                                  \
	  "version.coordinator.fast_care_contact", P)                     \
	X(VERSION_CONTACT_PERSONS, "version.contact_persons", P)          \
	X(FOLLOW_UP_DATE, "version.follow_up.date", P)                    \
	X(FOLLOW_UP_PLACE, "version.follow_up.place", P)                  \
	X(VERSION_APPROVED, "version.individual_approved", P)             \
	X(VERSION_CHANGE_REASON, "version.change_reason", P)              \
	X(VERSION_ESTABLISHED_AT, "version.established_at", P)            \
	X(VERSION_ESTABLISHED_BY, "version.established_by", P)            \
	X(VERSION_WITHHELD, "version.withheld", P)                        \
	X(VERSIONS_NO, "versions[].version_no", P)                        \
	X(VERSIONS_ESTABLISHED_AT, "versions[].established_at", P)        \
	/* step 6: approval, follow-ups, handing over (follow_up.h) */    \
	X(VERSION_IS_APPROVED, "version.approved", P)                     \
	X(APPROVAL_GIVEN_BY, "version.approval.given_by", P)              \
	X(APPROVAL_NAMES, "version.approval.names", P)                    \
	X(APPROVAL_METHOD, "version.approval.method", P)                  \
	X(APPROVAL_APPROVED_ON, "version.approval.approved_on", P)        \
	X(APPROVAL_RECORDED_AT, "version.approval.recorded_at", P)        \
	X(APPROVAL_RECORDED_BY, "version.approval.recorded_by", P)        \
	X(VERSIONS_APPROVED, "versions[].approved", P)                    \
	X(PLAN_REPLACES, "replaces_plan_id", P)                           \
	X(PLAN_REPLACED_BY, "replaced_by_plan_id", P)                     \
	X(FOLLOW_UP_ID, "follow_ups[].id", P)                             \
	X(FOLLOW_UP_VERSION_NO, "follow_ups[].version_no", P)             \
	X(FOLLOW_UP_REASON, "follow_ups[].reason", P)                     \
	X(FOLLOW_UP_NOTE, "follow_ups[].note", P)                         \
	X(FOLLOW_UP_STARTED_AT, "follow_ups[].started_at", P)             \
	X(FOLLOW_UP_STARTED_BY, "follow_ups[].started_by", P)             \
	X(FOLLOW_UP_WELLBEING, "follow_ups[].wellbeing", S)               \
	X(FOLLOW_UP_NEW_INFORMATION, "follow_ups[].new_information", S)   \
	X(FOLLOW_UP_COORDINATION_NEEDED,                                  \
	  "follow_ups[].coordination_needed", P)                          \
	X(FOLLOW_UP_OUTCOME, "follow_ups[].outcome", P)                   \
	X(FOLLOW_UP_NEXT_DATE, "follow_ups[].next_date", P)               \
	X(FOLLOW_UP_NEXT_PLACE, "follow_ups[].next_place", P)             \
	X(FOLLOW_UP_CONCLUDED_AT, "follow_ups[].concluded_at", P)         \
	X(FOLLOW_UP_CONCLUDED_BY, "follow_ups[].concluded_by", P)         \
	X(GOAL_RESULT_GOAL_ID, "follow_ups[].goal_results[].goal_id", P)  \
	X(GOAL_RESULT_GOAL, "follow_ups[].goal_results[].goal", P)        \
	X(GOAL_RESULT_RESULT, "follow_ups[].goal_results[].result", P)    \
	X(GOAL_RESULT_COMMENT, "follow_ups[].goal_results[].comment", P)  \
	X(GOAL_RESULT_RECORDED_AT,                                        \
	  "follow_ups[].goal_results[].recorded_at", P)                   \
	X(GOAL_RESULT_RECORDED_BY,                                        \
	  "follow_ups[].goal_results[].recorded_by", P)                   \
	X(IRESULT_INTERVENTION_ID,                                        \
	  "follow_ups[].intervention_results[].intervention_id", P)       \
	X(IRESULT_RESPONSIBLE_UNIT_ID,                                    \
	  "follow_ups[].intervention_results[].responsible_unit_id", P)   \
	X(IRESULT_WHAT, "follow_ups[].intervention_results[].what", U)    \
	X(IRESULT_RESULT, "follow_ups[].intervention_results[].result", U)\
	X(IRESULT_WHY, "follow_ups[].intervention_results[].why", U)      \
	X(IRESULT_EFFECT, "follow_ups[].intervention_results[].effect", U)\
	X(IRESULT_RECORDED_AT,                                            \
	  "follow_ups[].intervention_results[].recorded_at", P)           \
	X(IRESULT_RECORDED_BY,                                            \
	  "follow_ups[].intervention_results[].recorded_by", P)           \
	X(IRESULT_WITHHELD,                                               \
	  "follow_ups[].intervention_results[].withheld", P)              \
	X(REPORT_PRINCIPAL_ID, "follow_ups[].reports[].principal_id", P)  \
	X(REPORT_PRINCIPAL_NAME, "follow_ups[].reports[].principal_name", P)\
	X(REPORT_TEXT, "follow_ups[].reports[].text", U)                  \
	X(REPORT_UNIT_NAME, "follow_ups[].reports[].unit_name", P)        \
	X(REPORT_RECORDED_AT, "follow_ups[].reports[].recorded_at", P)    \
	X(REPORT_RECORDED_BY, "follow_ups[].reports[].recorded_by", P)    \
	X(REPORT_WITHHELD, "follow_ups[].reports[].withheld", P)          \
	X(HANDOVER_ID, "handovers[].id", P)                               \
	X(HANDOVER_VERSION_NO, "handovers[].version_no", P)               \
	X(HANDOVER_RECIPIENT, "handovers[].recipient", P)                 \
	X(HANDOVER_RECIPIENT_NAME, "handovers[].recipient_name", P)       \
	X(HANDOVER_ORGANISATION, "handovers[].organisation", P)           \
	X(HANDOVER_METHOD, "handovers[].method", P)                       \
	X(HANDOVER_HANDED_ON, "handovers[].handed_on", P)                 \
	X(HANDOVER_RECORDED_AT, "handovers[].recorded_at", P)             \
	X(HANDOVER_RECORDED_BY, "handovers[].recorded_by", P)             \
	/* a row of the work list and of the lists of plans */            \
	X(SUMMARY_ID, "summary.id", P)                                    \
	X(SUMMARY_STATE, "summary.state", P)                              \
	X(SUMMARY_PERSON_ID, "summary.person_id", P)                      \
	X(SUMMARY_PERSON_NAME, "summary.person_name", P)                  \
	X(SUMMARY_PERSONNUMMER, "summary.personnummer", P)                \
	X(SUMMARY_PROTECTED, "summary.protected_identity", P)             \
	X(SUMMARY_LEAD_UNIT_NAME, "summary.lead_unit_name", P)            \
	X(SUMMARY_NEED_ASSESSED_AT, "summary.need_assessed_at", P)        \
	X(SUMMARY_DAYS_WAITING, "summary.days_waiting", P)                \
	X(SUMMARY_NEXT_FOLLOW_UP, "summary.next_follow_up_date", P)       \
	X(SUMMARY_UNANSWERED, "summary.unanswered_invitations", P)        \
	X(SUMMARY_AWAITING_MY_REPLY, "summary.awaiting_my_reply", P)

enum field_id {
#define FIELD_ENUM_(id, name, category) FIELD_##id,
	FIELD_TABLE(FIELD_ENUM_)
#undef FIELD_ENUM_
	FIELD_COUNT
};

struct field_def {
	enum field_id id;
	const char *name;             /* the JSON path, see above */
	enum field_category category;
};

/* The table, indexed by enum field_id (field_table[f].id == f). */
extern const struct field_def field_table[FIELD_COUNT];

/* The field named `name`, or NULL. */
const struct field_def *field_find(const char *name);

/* The field's category as tagged (FIELD_BY_UNIT for those that follow
 * their row's unit). */
enum field_category field_category(enum field_id f);

/* The category of the information a unit of this kind of organisation
 * holds: a region's is health care (health), a municipality's social
 * services (social); another actor's (Försäkringskassan, a school, a
 * landlord) is social too until the directory records each actor's
 * sector (see docs/sip-process.md). */
enum field_category field_category_of_unit(enum principal_kind kind);

/* An intervention's category from its responsible_kind
 * (municipality_unit, region_unit, other_actor, individual, relative):
 * the individual's and relatives' own actions are participation. */
enum field_category field_category_of_responsible(const char *responsible_kind);

/* The consent scope name of a category ("health"...), NULL for
 * FIELD_PARTICIPATION and FIELD_BY_UNIT. */
const char *field_category_scope(enum field_category c);
/* The category of a consent scope name; false for an unknown name. */
bool field_category_parse(const char *scope, enum field_category *out);

#endif
