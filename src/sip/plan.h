/*
 * plan.h — one SIP process: its state machine and every step of it.
 *
 * States and the transitions allowed between them (DOMAIN.md):
 *
 *     need_assessed → consent | declined
 *     consent       → preparing | closed
 *     preparing     → invited | closed
 *     invited       → active | closed
 *     active        → follow_up | closed
 *     follow_up     → active (a revised version) | closed
 *     any open state → closed when a withdrawal leaves no consent in
 *                      force, or a guardian withdraws (consent_withdraw)
 *
 * Each step is one function here. It checks the caller's access and the
 * plan's state, validates its input, writes in one transaction, records
 * who/when/why in the plan's history (plan_event) and an audit record,
 * and refuses anything else with a clear message — a refused transition
 * is PROBLEM_CONFLICT with the current state and the allowed next states.
 *
 * Who does what (access.c): any professional of a unit taking part may
 * read the plan; the lead unit (initiating unit, after establishment the
 * coordinator's unit) moves it forward; an invited unit replies to its
 * invitation; anyone taking part may record that the individual
 * withdrew consent.
 *
 * The files: plan.c (states, create, decline, close, load, lists),
 * consent.c, preparation.c, meeting.c (meetings, invitations, replies),
 * plan_version.c (establishing and revising the plan).
 */
#ifndef SAMPLAN_PLAN_H
#define SAMPLAN_PLAN_H

#include <stdbool.h>
#include <stdint.h>

#include "sip/access.h"
#include "sip/ctx.h"
#include "sip/field.h"
#include "sip/org.h"
#include "sip/person.h"

enum plan_state {
	PLAN_NEED_ASSESSED,
	PLAN_DECLINED,
	PLAN_CONSENT,
	PLAN_PREPARING,
	PLAN_INVITED,
	PLAN_ACTIVE,
	PLAN_FOLLOW_UP,
	PLAN_CLOSED,
};
enum { PLAN_NSTATES = PLAN_CLOSED + 1 };

const char *plan_state_name(enum plan_state s);
bool plan_state_parse(const char *name, enum plan_state *out);
const char *plan_state_label(enum plan_state s, const char *lang);
/* What comes next, for people ("Inhämta samtycke..."). */
const char *plan_state_next_step(enum plan_state s, const char *lang);
bool plan_transition_allowed(enum plan_state from, enum plan_state to);
/* The states reachable from `from`; returns how many (at most 8). */
int plan_next_states(enum plan_state from, enum plan_state out[8]);
static inline bool plan_state_open(enum plan_state s)
{
	return s != PLAN_DECLINED && s != PLAN_CLOSED;
}

/* ---- what a plan holds ---- */

struct plan_principal_ref {
	int64_t id;
	const char *name;
	enum principal_kind kind;
};

struct plan_unit_ref {
	int64_t unit_id;
	const char *unit_name;
	const char *principal_name;
	enum principal_kind principal_kind;
	const char *via; /* initiating, invited, responsible, coordinator */
	int64_t joined_at;
	int64_t left_at;
};

struct plan_event {
	int64_t id;
	int64_t at;
	const char *user_name;
	const char *unit_name;
	const char *action;
	const char *from_state;
	const char *to_state;
	const char *detail;
};

struct consent {
	int64_t id;
	const char *given_by; /* individual, guardians, representative,
	                         cannot_consent */
	const char *form;     /* oral, written */
	const char *valid_until;
	bool child_informed;
	const char *child_view;
	const char *attitude_ascertained;
	const char *note;
	int64_t recorded_at;
	const char *recorded_by_name;
	int64_t withdrawn_at;          /* when it was recorded; 0: not */
	const char *withdrawn_by_name; /* the user who recorded it */
	const char *withdrawal_method; /* in_person, phone, letter, digital;
	                                  NULL for withdrawals before 0008 */
	int64_t withdrawal_stated_at;  /* when the individual said it */
	const char *withdrawal_received_by; /* the professional who heard it */
	const char *withdrawal_note;
	const char **givers; /* names of guardians / representative */
	int ngivers;
	const char **scopes; /* health, social, school, financial... */
	int nscopes;
	struct plan_principal_ref *recipients;
	int nrecipients;
	bool in_force; /* not withdrawn and valid_until not passed */
};

struct preparation {
	const char *purpose;
	const char *individual_goals;
	const char *individual_questions;
	const char *invite_wishes;
	const char *participation; /* whole, part, phone, video, letter,
	                              film, spokesperson, not_taking_part */
	const char *participation_note;
	const char *interpreter_language;
	const char *aids;
	bool breaks_needed;
	const char *safe_place;
	const char *relatives_present;
	const char *child_voice;
	int64_t updated_at;
	const char *updated_by_name;
};

/* A professional named in an invitation to their unit. */
struct invitation_professional {
	int64_t user_id;
	const char *name;
	const char *title; /* or NULL */
};

struct invitation {
	int64_t id;
	int64_t meeting_id;
	int64_t unit_id; /* 0: a party outside samplan */
	const char *unit_name;
	const char *external_name;
	const char *external_organisation;
	const char *external_contact;
	const char *channel; /* system, letter, phone */
	const char *reply;   /* NULL: not answered; attend, substitute, decline */
	const char *attendee_name;
	const char *substitute_name;
	int64_t substitute_user_id; /* 0: none, or a party outside samplan's */
	const char *decline_reason;
	const char *ongoing_interventions;
	int64_t replied_at;
	const char *replied_by_name;
	bool by_hand;
	/* ongoing_interventions is the invited unit's own information: its
	 * category follows the unit (field.h); withheld: it reads NULL
	 * because the caller's consent does not cover that category. */
	enum field_category ongoing_category;
	bool ongoing_withheld;
	struct invitation_professional *professionals;
	int nprofessionals;
};

struct meeting_participant {
	int64_t id;
	const char *name;
	const char *role;
	int64_t unit_id;
	int64_t invitation_id;
};

struct meeting {
	int64_t id;
	const char *kind; /* sip, follow_up */
	const char *date; /* YYYY-MM-DD */
	const char *start_time; /* HH:MM */
	int duration_minutes;
	const char *place;
	const char *video_link;
	const char *purpose;
	bool held;
	const char *chair;
	const char *secretary;
	bool identity_checked;
	int64_t cancelled_at; /* 0: not cancelled */
	const char *cancelled_by_name;
	const char *cancel_reason;
	struct invitation *invitations;
	int ninvitations;
	struct meeting_participant *participants;
	int nparticipants;
};

struct goal {
	int64_t id;
	int position;
	const char *kind; /* overall, sub */
	const char *text;
};

/* One more party responsible for an intervention (plan_intervention_party). */
struct intervention_party {
	const char *kind;
	int64_t unit_id;
	const char *unit_name;
	enum field_category category; /* field_category_of_responsible */
};

struct intervention {
	int64_t id;
	int position;
	int64_t goal_id;
	const char *goal_text; /* the goal's text, for tables */
	const char *what;
	const char *responsible_kind; /* municipality_unit, region_unit,
	                                 other_actor, individual, relative */
	int64_t responsible_unit_id;
	const char *responsible_unit_name;
	const char *responsible_name;
	const char *contact_name;
	const char *frequency;
	const char *timing;
	const char *start_date;
	const char *end_date;
	/* Who else is responsible, in order. */
	struct intervention_party *also;
	int nalso;
	/* The category of what, contact, frequency, timing and dates: that
	 * of the responsible party (field_category_of_responsible); with
	 * several, they are shown only to a caller who sees the categories
	 * of every one of them (plan_read.c, filter_version), and category
	 * is the first one the caller does not see. When withheld they read
	 * NULL: the caller's consent does not cover it. */
	enum field_category category;
	bool withheld;
};

struct plan_version {
	int64_t id;
	int version_no;
	int64_t meeting_id;
	const char *purpose;
	const char *situation;
	const char *wishes;
	const char *future_needs;
	const char *needs;
	const char *actions_by_others;
	const char *crisis_plan;
	int64_t coordinator_user_id;
	const char *coordinator_name;
	const char *coordinator_title;
	int64_t coordinator_unit_id;
	const char *coordinator_unit_name;
	bool coordinator_fast_care_contact; /* also the fast vårdkontakt */
	const char *contact_persons;
	const char *follow_up_date;
	const char *follow_up_place;
	bool individual_approved;
	const char *change_reason;
	int64_t established_at;
	const char *established_by_name;
	/* Approved: accepted at the meeting (individual_approved) or its
	 * approval recorded (follow_up.h); otherwise a proposal, not in
	 * force. The approval's facts are NULL/0 without such a record. */
	bool approved;
	const char *approval_given_by; /* individual, guardian, representative */
	const char *approval_names;
	const char *approval_method;   /* in_person, phone, letter, digital */
	const char *approved_on;       /* YYYY-MM-DD */
	int64_t approval_recorded_at;
	const char *approval_recorded_by_name;
	struct goal *goals;
	int ngoals;
	struct intervention *interventions;
	int ninterventions;
	/* What the caller may see (access.h) and the categories of the
	 * fields that read NULL because of it (bit 1u << category). */
	struct access_view view;
	unsigned withheld;
};

struct plan_version_ref {
	int64_t id;
	int version_no;
	int64_t established_at;
	bool approved; /* false: the proposal waiting for approval */
};

struct follow_up;
struct handover;
struct own_part;
struct plan_doc;
struct proposal_rejection;

struct plan {
	int64_t id;
	struct person person;
	enum plan_state state;
	int64_t initiating_unit_id;
	const char *initiating_unit_name;
	int64_t lead_unit_id;
	const char *lead_unit_name;
	const char *initiated_by; /* professional, individual, relative */
	const char *initiator_name;
	const char *need_individual;
	const char *need_professional;
	const char *other_actors;
	bool is_discharge;
	const char *hospital_episode;
	int64_t need_assessed_at;
	int days_waiting; /* since the need was assessed, while not active */
	const char *declined_cause; /* declined_causes; NULL unless declined */
	const char *declined_reason;
	const char *closed_reason;
	const char *closed_note;
	int64_t closed_at;
	const char *closed_participation; /* closing.h; NULL: not recorded */
	int64_t coordinator_user_id;
	const char *next_follow_up_date;
	int64_t created_at;
	const char *created_by_name;
	struct plan_principal_ref *principals;
	int nprincipals;
	struct plan_unit_ref *units;
	int nunits;
	struct plan_event *events; /* oldest first: all, or the latest */
	int nevents;
	int nevents_total;         /* the plan's events, shown or not */
	struct consent *consents;
	int nconsents;
	struct preparation *preparation; /* NULL until prepared */
	struct meeting *meetings;
	int nmeetings;
	struct plan_version *current; /* in force; NULL until established */
	/* The documents (plan_doc.h) of the version in force and of the
	 * proposal: current is &current_doc->version, proposed
	 * &proposed_doc->version; NULL when those are. */
	struct plan_doc *current_doc;
	struct plan_doc *proposed_doc;
	struct plan_version_ref *versions;
	int nversions;
	/* Step 6 (follow_up.h): the revised version waiting for the
	 * individual's approval (NULL: none), the follow-ups oldest first,
	 * to whom versions were handed, and the plan this one replaced or
	 * was replaced by (0: none). */
	struct plan_version *proposed;
	struct follow_up *follow_ups;
	int nfollow_ups;
	struct handover *handovers;
	int nhandovers;
	int64_t replaces_plan_id;
	int64_t replaced_by_plan_id;
	/* What the individual wrote themselves at /citizen (h/cown): their
	 * own part (own_part.h; never NULL after plan_get, empty when they
	 * wrote nothing) and their rejections of proposed revisions with
	 * their comments, newest first (proposal.h). Shown to whoever may
	 * see the plan. */
	struct own_part *own;
	struct proposal_rejection *rejections;
	int nrejections;
	/* For the caller: */
	int64_t my_unit_id;   /* the caller's unit taking part */
	bool may_lead;        /* the caller's units include the lead unit */
	/* What the caller may see of it (access_plan_view). Every field the
	 * view does not cover reads NULL (false, 0) — filtered here, in the
	 * domain, so no page or API can show it — and withheld has the bit
	 * 1u << category of each category that hid something. The need's
	 * texts follow the initiating unit's category (need_category). */
	struct access_view view;
	unsigned withheld;
	enum field_category need_category;
	bool need_withheld;
};

/* One row of a work list. */
struct plan_summary {
	int64_t id;
	int64_t person_id;
	const char *person_name;
	const char *personnummer;
	bool protected_identity;
	enum plan_state state;
	int64_t need_assessed_at;
	int days_waiting;
	int64_t lead_unit_id;
	const char *lead_unit_name;
	const char *next_follow_up_date;
	int awaiting_my_reply;  /* invitations to my units not answered */
	int unanswered;         /* invitations of the plan not answered */
	int64_t updated_at;
};

/* ---- the steps ---- */

/* Step 1: a need for coordination is assessed. The caller's unit must be
 * the initiating unit. */
struct plan_create_input {
	int64_t person_id;
	/* The person's personnummer: needed when the caller may not read
	 * the person's record (access_person_start_plan). */
	const char *personnummer;
	int64_t initiating_unit_id; /* 0: the caller's only unit */
	const char *initiated_by;   /* professional, individual, relative */
	const char *initiator_name; /* who asked, when not a professional */
	const char *need_individual;
	const char *need_professional;
	const int64_t *principal_ids;
	int nprincipals;
	const char *other_actors;
	bool is_discharge;
	const char *hospital_episode;
};
bool plan_create(struct ctx *ctx, const struct plan_create_input *in,
                 int64_t *plan_id);

/* need_assessed → declined. Refusing someone a SIP is an exception and
 * both parts of its reason are mandatory: the cause, one of
 * declined_causes, which the follow-up of the agreement counts, and the
 * professional's own words. */
struct decline_input {
	const char *cause;  /* one of declined_causes */
	const char *reason; /* free text */
};
bool plan_decline(struct ctx *ctx, int64_t plan_id,
                  const struct decline_input *in);

/* Step 2: record a consent. The first consent moves need_assessed →
 * consent; later ones (renewed or widened) are added in any open state
 * after that. */
struct consent_input {
	const char *given_by;
	const char *form;
	const char *valid_until;
	const char *const *scopes;
	int nscopes;
	const int64_t *recipient_ids;
	int nrecipients;
	/* guardians / representative: registered related persons of the
	 * individual (person_add_related); every registered guardian of a
	 * child must be among them */
	const int64_t *giver_ids;
	int ngivers;
	bool child_informed;
	const char *child_view;
	const char *attitude_ascertained;
	const char *note;
};
bool consent_record(struct ctx *ctx, int64_t plan_id,
                    const struct consent_input *in, int64_t *consent_id);

/* Withdrawal of a consent (docs/sip-process.md, "Withdrawal"). Anyone
 * taking part in the plan may record it: the individual may tell any of
 * them, and it takes effect at once. It is final.
 *
 * What happens (consent_withdrawal_preview answers it before, the
 * withdrawal itself does it):
 *   - sharing under the withdrawn consent stops at once;
 *   - the plan closes (consent_withdrawn) when no other consent stays in
 *     force, or when the consent was the guardians' (for a child every
 *     consent needs all guardians, so one guardian withdrawing ends
 *     them all: the plan's other consents are withdrawn with it); then
 *     every unit but the lead unit leaves the plan;
 *   - otherwise the plan continues under the consents still in force,
 *     and each unit taking part that none of them covers (by its
 *     principal) leaves the plan at once; the lead unit never leaves.
 * A unit that leaves also loses the person's record unless it registered
 * the person or takes part in another of their plans. */
struct withdrawal_input {
	const char *method;      /* in_person, phone, letter, digital */
	const char *stated_date; /* YYYY-MM-DD, local: when the individual */
	const char *stated_time; /* HH:MM        said it */
	const char *received_by; /* the professional who received it */
	const char *note;        /* optional, at most WITHDRAWAL_NOTE_MAX */
};
enum { WITHDRAWAL_NOTE_MAX = 2000 };
extern const char *const withdrawal_methods[]; /* NULL-terminated */
const char *withdrawal_method_label(const char *method, const char *lang);

enum withdrawal_outcome {
	WITHDRAWAL_CLOSES_LAST,      /* no other consent in force: closes */
	WITHDRAWAL_CLOSES_GUARDIANS, /* a guardians' consent: closes */
	WITHDRAWAL_CONTINUES,        /* other consents stay in force */
};
struct withdrawal_effect {
	enum withdrawal_outcome outcome;
	bool closes_plan;
	struct plan_unit_ref *units_leaving; /* unit_id, unit_name,
	                                        principal_name */
	int nunits_leaving;
	int64_t *also_withdrawn; /* other consents ended with it (guardians) */
	int nalso_withdrawn;
};

/* What withdrawing consent_id would do now, for the confirmation page.
 * The caller must take part in the plan (else not-found); the consent
 * must be in force and the plan open (else CONFLICT). *c gets the
 * consent as stored. Reads only; in ctx's arena. */
bool consent_withdrawal_preview(struct ctx *ctx, int64_t plan_id,
                                int64_t consent_id, struct consent *c,
                                struct withdrawal_effect *effect);

/* What a withdrawal did, read inside its transaction. */
struct withdrawal_result {
	enum plan_state state;      /* the plan's state after it */
	const char *closed_reason;  /* "consent_withdrawn" when it closed */
	struct consent consent;     /* as stored */
	struct withdrawal_effect effect;
	bool caller_sees_plan;      /* the caller's unit still takes part */
};

/* Record the withdrawal. Checks access (not-found), state and that the
 * consent is in force (CONFLICT), then every field (INVALID, one field
 * error per field: method, stated_date, stated_time, received_by,
 * note), all before anything is written; then does what the comment
 * above says, with a history event (consent_withdrawn; a state change
 * when the plan closes) and audit, in one transaction. *out may be NULL. */
bool consent_withdraw(struct ctx *ctx, int64_t plan_id, int64_t consent_id,
                      const struct withdrawal_input *in,
                      struct withdrawal_result *out);

/* The individual's (or a guardian's) own withdrawal from /citizen: the
 * door is citizen_consent_access with acting (citizen_consent.h), then
 * the same rules and effects as consent_withdraw, recorded as theirs —
 * method digital, stated now, received by "samplan" — with a notice to
 * the parties (notice.h) and an audit record
 * ("citizen.consent.withdraw"), in one transaction. The preview is the
 * same answer as consent_withdrawal_preview's. */
bool consent_withdrawal_preview_by_citizen(struct ctx *ctx, int64_t plan_id,
                                           int64_t consent_id,
                                           struct consent *c,
                                           struct withdrawal_effect *effect);
bool consent_withdraw_by_citizen(struct ctx *ctx, int64_t plan_id,
                                 int64_t consent_id,
                                 struct withdrawal_result *out);

/* One consent of a plan as stored (no access check: callers check). */
bool consent_load(struct ctx *ctx, int64_t plan_id, int64_t consent_id,
                  struct consent *out);

const char *consent_scope_label(const char *scope, const char *lang);
extern const char *const consent_scopes[]; /* NULL-terminated */

/* Step 3: preparation with the individual. consent → preparing the first
 * time; may be revised while preparing or invited. */
struct preparation_input {
	const char *purpose;
	const char *individual_goals;
	const char *individual_questions;
	const char *invite_wishes;
	const char *participation;
	const char *participation_note;
	const char *interpreter_language;
	const char *aids;
	bool breaks_needed;
	const char *safe_place;
	const char *relatives_present;
	const char *child_voice;
};
bool preparation_save(struct ctx *ctx, int64_t plan_id,
                      const struct preparation_input *in);
const char *participation_label(const char *p, const char *lang);
extern const char *const participation_kinds[];

/* Step 4: the meeting, and the invitations. A meeting can be planned
 * while preparing or invited, and rescheduled until it is held;
 * sending invitations moves preparing → invited the first time. */
struct meeting_input {
	const char *date;
	const char *start_time;
	int duration_minutes;
	const char *place;
	const char *video_link;
	const char *purpose;
};
bool meeting_create(struct ctx *ctx, int64_t plan_id,
                    const struct meeting_input *in, int64_t *meeting_id);
/* Cancel a booked meeting that has not been held (lead unit), with a
 * reason. Its unanswered invitations stop awaiting a reply; the plan's
 * state does not change (book a new meeting and invite again). */
bool meeting_cancel(struct ctx *ctx, int64_t plan_id, int64_t meeting_id,
                    const char *reason);
/* Move a booked meeting that has not been held nor cancelled (lead
 * unit): its date, start time, duration, place and video link become
 * in's (all of them, checked as meeting_create checks them; in->purpose
 * is ignored: the purpose the invitations gave stays). Refused (field
 * "date") when nothing changes. The meeting's SEQUENCE grows by one,
 * the plan's history says "meeting_rescheduled" from → to, and every
 * invited unit and named professional is mailed the change with the
 * meeting's .ics. Replies already given stay; parties outside samplan
 * are told by the lead unit by letter or phone. meeting_cancel also
 * raises SEQUENCE and mails the cancellation the same way. */
bool meeting_reschedule(struct ctx *ctx, int64_t plan_id, int64_t meeting_id,
                        const struct meeting_input *in);
/* Booked, neither held nor cancelled: invitations to it can be sent and
 * answered, and it can be cancelled. */
static inline bool meeting_upcoming(const struct meeting *m)
{
	return !m->held && !m->cancelled_at;
}

struct invitation_input {
	int64_t unit_id; /* a unit in samplan, or 0 for an external party */
	const char *external_name;
	const char *external_organisation;
	const char *external_contact;
	const char *channel; /* external: letter or phone */
	/* Users named in an invitation to a unit: active members of that
	 * unit; each with an address gets the written invitation too. */
	const int64_t *professional_ids;
	int nprofessionals;
};
/* The most invitations one sending takes, and the most professionals
 * named in one (form/rows.h reads no more). */
enum { PLAN_MAX_INVITATIONS = 100, PLAN_MAX_NAMED_PROFESSIONALS = 50 };
bool invitations_send(struct ctx *ctx, int64_t plan_id, int64_t meeting_id,
                      const struct invitation_input *in, int n,
                      int64_t *first_id);

struct reply_input {
	const char *reply; /* attend, substitute, decline */
	const char *attendee_name;
	/* substitute: for a unit in samplan, a user of that unit (their name
	 * is stored as substitute_name); for a party outside samplan, whose
	 * reply is registered by hand, the name as told. */
	int64_t substitute_user_id;
	const char *substitute_name;
	const char *decline_reason;
	const char *ongoing_interventions;
};
/* Reply (invited unit) or register an external party's reply by hand
 * (lead unit). May be changed until the plan is established. A unit's
 * substitute must be an active user of the invited unit (field error on
 * substitute_user_id). */
bool invitation_reply(struct ctx *ctx, int64_t invitation_id,
                      const struct reply_input *in, int64_t *plan_id);

/* Step 5: the meeting is held and the plan written: version 1, invited →
 * active. Revising (follow_up → active) makes the next version. */
struct goal_input {
	const char *kind; /* overall, sub */
	const char *text;
};
/* One more party responsible for an intervention: a kind as
 * responsible_kind, and the unit for a municipality's or region's (or
 * another actor's) unit. */
struct party_input {
	const char *kind;
	int64_t unit_id;
};
enum { PLAN_MAX_ALSO_RESPONSIBLE = 10 };

struct intervention_input {
	int goal; /* 1-based index into the goals of the same input; 0: none */
	const char *what;
	const char *responsible_kind;
	int64_t responsible_unit_id;
	/* Who else is responsible, besides the first (at most
	 * PLAN_MAX_ALSO_RESPONSIBLE); responsible_name says it in words for
	 * all of them ("Anna och Elena"). */
	const struct party_input *also;
	int nalso;
	const char *responsible_name;
	const char *contact_name;
	const char *frequency;
	const char *timing;
	const char *start_date;
	const char *end_date;
};
struct participant_input {
	const char *name;
	const char *role;
	int64_t unit_id;
	int64_t invitation_id;
};
/* The most rows a plan version takes: the domain refuses more, and the
 * input shapes (form/rows.h) read no more. */
enum {
	PLAN_MAX_GOALS = 50,
	PLAN_MAX_INTERVENTIONS = 100,
	PLAN_MAX_PARTICIPANTS = 60,
};

struct establish_input {
	int64_t meeting_id; /* 0: the latest SIP meeting */
	const struct participant_input *participants;
	int nparticipants;
	const char *chair;
	const char *secretary;
	bool identity_checked; /* required for a video meeting */
	const char *purpose;
	const char *situation;
	const char *wishes;
	const char *future_needs;
	const char *needs;
	const struct goal_input *goals;
	int ngoals;
	const struct intervention_input *interventions;
	int ninterventions;
	const char *actions_by_others;
	const char *crisis_plan;
	int64_t coordinator_user_id;
	/* The coordinator is also the person's fast vårdkontakt (the
	 * permanent care contact, HSL 6 kap. 2 §). */
	bool coordinator_fast_care_contact;
	const char *contact_persons;
	const char *follow_up_date;
	const char *follow_up_place;
	bool individual_approved; /* the individual accepted goals and plan */
	const char *change_reason; /* revisions */
};
bool plan_establish(struct ctx *ctx, int64_t plan_id,
                    const struct establish_input *in, int64_t *version_id);

/* Step 6 (starting, recording, concluding a follow-up, approving a
 * revision) is in follow_up.h. plan_revise writes the next version as a
 * proposal (follow_up stays follow_up; plan_version_approve puts it in
 * force): lead unit, state follow_up, no other proposal waiting (else
 * CONFLICT); change_reason required, individual_approved not (the
 * approval is recorded after). Step 7: closing with a reason. */
bool plan_revise(struct ctx *ctx, int64_t plan_id,
                 const struct establish_input *in, int64_t *version_id);
/* Close with a reason (and a note, required for "other"), without
 * recording how the individual took part — for callers that record it
 * elsewhere (a follow-up meeting, `samplan gen`); the close form and the
 * API use plan_close_with (closing.h), which requires it. */
bool plan_close(struct ctx *ctx, int64_t plan_id, const char *reason,
                const char *note);
const char *closed_reason_label(const char *reason, const char *lang);
extern const char *const closed_reasons[];
/* Why a SIP is not offered (plan_decline), and the words for each:
 * DECLINED_CAUSES names, then NULL. */
enum { DECLINED_CAUSES = 5 };
extern const char *const declined_causes[DECLINED_CAUSES + 1];
const char *declined_cause_label(const char *cause, const char *lang);

/* ---- reading ---- */

/* The whole plan for a caller who takes part, filtered to what the
 * caller may see (struct plan's view); audited as plan.read. */
bool plan_get(struct ctx *ctx, int64_t plan_id, struct plan *out);
/* The same with only the latest history_limit events of its history
 * (0: all) — a page shows the recent ones of a long-lived plan. */
bool plan_get_recent(struct ctx *ctx, int64_t plan_id, int history_limit,
                     struct plan *out);
/* The same, recorded in the audit log as audit_action instead of
 * "plan.read" — for an export or a print that reads the whole plan
 * ("plan.export"...): one record per request, naming what was done. */
bool plan_get_for(struct ctx *ctx, int64_t plan_id, int history_limit,
                  const char *audit_action, struct plan *out);
/* Apply p->view to p: every field the view does not cover becomes NULL
 * (false) and `withheld` records its category — what plan_get does
 * before it returns (exposed for tests/unit/test_field.c). */
void plan_filter_view(struct plan *p);
/* One established version (current or earlier), filtered the same
 * way. */
bool plan_version_get(struct ctx *ctx, int64_t plan_id, int version_no,
                      struct plan_version *out);
/* ---- comparing two versions (plan_compare.c) ----
 *
 * What changed between version `from_no` and version `to_no` of a plan:
 * goals and interventions added, changed and ended. Both versions are
 * read as plan_version_get reads them — the same access check, the same
 * field filtering, so a field hidden from the caller is hidden in the
 * comparison too and never counts as a change — and the read is audited
 * once, as plan.version_compare. Either order is allowed (from may be
 * the later version). Refusals: NOT_FOUND when the caller may not see
 * the plan (as for a missing plan); INVALID with the field "from" or
 * "to" for a number below 1, the same number twice, or a version the
 * plan does not have. All memory is the ctx arena's. */
enum version_change {
	VERSION_SAME,    /* in both, nothing the caller may see differs */
	VERSION_ADDED,   /* only in `to` */
	VERSION_CHANGED, /* in both, something differs */
	VERSION_REMOVED, /* only in `from`: ended */
};
enum { VERSION_DIFF_MAX_FIELDS = 12 };
struct goal_diff {
	enum version_change change;
	const struct goal *from, *to; /* NULL where absent */
};
struct intervention_diff {
	enum version_change change;
	const struct intervention *from, *to; /* NULL where absent */
	/* VERSION_CHANGED: the API names of the fields that differ
	 * ("what", "responsible", "timing", ...). */
	const char *fields[VERSION_DIFF_MAX_FIELDS];
	int nfields;
};
struct version_diff {
	struct plan_version from, to;
	/* Goals and interventions of `to` in its order (same, changed or
	 * added), then those of `from` that `to` no longer has. */
	struct goal_diff *goals;
	int ngoals;
	struct intervention_diff *interventions;
	int ninterventions;
	int added, changed, removed; /* totals over goals and interventions */
};
bool plan_version_compare(struct ctx *ctx, int64_t plan_id, int from_no,
                          int to_no, struct version_diff *out);
const char *version_change_name(enum version_change c);
/* The comparison itself, of out->from and out->to as the caller read
 * them (already checked and filtered): fills the goals, interventions
 * and totals. For a caller with an access answer of its own, the
 * individual's (citizen_read.h); plan_version_compare uses it too. */
void plan_version_diff(struct ctx *ctx, struct version_diff *out);

/* The plans the caller works with personally — started, coordinates,
 * replied to, or awaiting their unit's reply — open first, the longest
 * waiting first; at most `limit`. A citizen's request for a SIP
 * (citizen_ask.h) waiting at one of their units is theirs too. */
bool plan_list_mine(struct ctx *ctx, int limit, struct plan_summary **out,
                    int *n);
/* Every plan the caller's units take part in, the same order, paged. */
bool plan_list_units(struct ctx *ctx, int offset, int limit,
                     struct plan_summary **out, int *n);
/* Plans of one person visible to the caller. */
bool plan_list_for_person(struct ctx *ctx, int64_t person_id,
                          struct plan_summary **out, int *n);

/* Invitations to the caller's units that wait for a reply. */
struct pending_invitation {
	int64_t invitation_id;
	int64_t plan_id;
	const char *person_name;
	bool protected_identity;
	const char *unit_name;
	const char *meeting_date;
	const char *start_time;
};
bool invitations_awaiting_me(struct ctx *ctx, struct pending_invitation **out,
                             int *n);

/* Load an invitation by id (no access check; callers check). */
bool invitation_load(struct ctx *ctx, int64_t invitation_id,
                     struct invitation *out, int64_t *plan_id);

#endif
