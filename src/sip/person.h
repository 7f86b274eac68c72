/*
 * person.h — the individual a plan is about, and the people around them:
 * guardians of a child, relatives, representatives.
 *
 * Who sees a person's record (access.h, docs/sip-process.md "Who sees
 * a person's record"): a unit that takes part in one of the person's
 * plans under a consent in force that covers it, or the unit that
 * registered the person while no other unit has taken part in a plan of
 * theirs. Everyone else gets "not found", whether or not the person
 * exists. Registering a personnummer that samplan already holds changes
 * nothing, links no unit and answers only that it exists and its id:
 * the caller may start a need assessment (plan_create with the
 * personnummer), which makes its unit a participant of that plan only.
 * On its own plan the lead unit always sees who the plan is about and
 * who may consent for them (person_load_for_plan), but nothing else
 * stored around them until a consent covers it.
 *
 * Protected identity (skyddade personuppgifter): address and contact
 * details are never given out; every opening of the record by a
 * professional needs a reason, audited as person.read.protected.
 *
 * Every read and write is audited with the person's id.
 */
#ifndef SAMPLAN_PERSON_H
#define SAMPLAN_PERSON_H

#include <stdbool.h>
#include <stdint.h>

#include "base/date.h"
#include "sip/ctx.h"

enum related_role {
	RELATED_GUARDIAN,       /* vårdnadshavare */
	RELATED_RELATIVE,       /* närstående */
	RELATED_REPRESENTATIVE, /* företrädare, god man, förvaltare */
};

struct related_person {
	int64_t id;
	enum related_role role;
	const char *name;
	const char *relation; /* "mamma", "syster", "god man"... */
	const char *personnummer;
	const char *phone;
	const char *email;
	const char *address;
	bool may_read_plan;
};

struct person {
	int64_t id;
	const char *personnummer; /* canonical YYYYMMDDNNNN */
	bool coordination_number;
	struct date birth;
	const char *given_name;
	const char *family_name;
	const char *address;
	const char *postal_code;
	const char *city;
	const char *phone;
	const char *email;
	const char *interpreter_language; /* NULL: no interpreter */
	bool protected_identity;
	/* A child of 15-17 reads their own plans in Min SIP (citizen.h)
	 * unless a professional recorded why not: that reason, or NULL. */
	const char *own_reading_refused;
	/* Protected identity: address and contact details (and relatives'
	 * addresses) are not given out — they read as NULL. */
	bool contact_hidden;
	/* The caller may not read the record: only the identity (id,
	 * personnummer, name, age, flags) and the guardians' and
	 * representatives' names and roles are filled; no contact details,
	 * interpreter or relatives (person_load_for_plan). */
	bool record_hidden;
	/* Protected identity and no reason given: only id and the flag are
	 * filled (person_get). */
	bool reason_required;
	int64_t created_at;
	/* As of today (ctx->now): */
	int age;
	bool is_child;            /* under 18 */
	bool child_view_required; /* 15, 16 or 17 */
	struct related_person *related;
	int nrelated;
};

struct person_input {
	const char *personnummer; /* any accepted form */
	const char *given_name;
	const char *family_name;
	const char *address;
	const char *postal_code;
	const char *city;
	const char *phone;
	const char *email;
	const char *interpreter_language;
	bool protected_identity;
};

struct related_input {
	const char *role; /* "guardian", "relative", "representative" */
	const char *name;
	const char *relation;
	const char *personnummer; /* optional */
	const char *phone;
	const char *email;
	const char *address;
	bool may_read_plan;
};

const char *related_role_name(enum related_role r);
bool related_role_parse(const char *s, enum related_role *out);
const char *related_role_label(enum related_role r, const char *lang);

/* Register a person. *id is the person's id. *existed: the
 * personnummer was in samplan already; then nothing was changed, no
 * unit was linked, and the caller learns only the id (person_visible
 * tells whether it may read the record). The caller must be a
 * professional with a unit (the unit is linked to a new person, as the
 * registering unit). */
bool person_register(struct ctx *ctx, const struct person_input *in,
                     int64_t *id, bool *existed);
/* Change name, contact details, interpreter and protection flag (not
 * the personnummer): the same right as reading the record, not-found
 * otherwise. For a person with protected identity the contact
 * details were never shown, so an absent (NULL) one keeps what is
 * stored — also when the flag is lifted in the same change. */
bool person_update(struct ctx *ctx, int64_t id, const struct person_input *in);

/* A child of 15-17 reads their own plans in Min SIP unless a
 * professional records why not (citizen.h): refuse with a reason
 * (required, at most LIMIT_SHORT), or allow again. Only for a child of
 * that age (CONFLICT otherwise); the same right as changing the record;
 * audited (person.own_reading). */
bool person_set_own_reading(struct ctx *ctx, int64_t id, bool refuse,
                            const char *reason);
/* Open the record with related persons; audited as person.read. For a
 * person with protected identity a professional must give `reason` (why
 * the record is opened, at most LIMIT_SHORT): without one the answer is
 * false with PROBLEM_FORBIDDEN and a field error on "reason", and *out
 * holds only the id and the flag (reason_required); with one the
 * opening is audited as person.read.protected with the reason as
 * detail. `reason` is ignored for other persons and the console. */
bool person_get(struct ctx *ctx, int64_t id, const char *reason,
                struct person *out);
/* Who the person is (id, personnummer, name, age, flags), for a caller
 * who may read the record; audited as person.read_identity. No reason
 * is asked for a protected person: nothing around them is given. */
bool person_get_identity(struct ctx *ctx, int64_t id, struct person *out);
/* May the caller read the record (access_person)? Records no problem;
 * a "no" is audited as a refused attempt (person.read.refused): a
 * registration of a personnummer the caller may not see is one. */
bool person_visible(struct ctx *ctx, int64_t id);
/* Find by personnummer (any accepted form) and open it as person_get;
 * not found unless visible. */
bool person_find(struct ctx *ctx, const char *personnummer,
                 const char *reason, struct person *out);
/* Visible persons whose name contains `query` (case-insensitive), at
 * most `limit`, by family name. Audited per person shown. */
bool person_search(struct ctx *ctx, const char *query, int limit,
                   struct person **out, int *n);

/* Guardians, relatives and representatives: added and changed by the
 * units that see the person, audited (person.related_add,
 * person.related_update). A change replaces every field; for a person
 * with protected identity an empty address keeps the stored one (it is
 * never shown, so a form cannot send it back). */
bool person_add_related(struct ctx *ctx, int64_t person_id,
                        const struct related_input *in, int64_t *id);
bool person_update_related(struct ctx *ctx, int64_t person_id,
                           int64_t related_id, const struct related_input *in);

/* Fill age and child flags for today. */
void person_compute_age(struct person *p, struct date today);

/* "Given Family". */
const char *person_full_name(struct ctx *ctx, const struct person *p);

/* Load without access check or audit (the caller has checked both).
 * Protected identity is masked (see contact_hidden). */
bool person_load(struct ctx *ctx, int64_t id, struct person *out);
/* person_load for a plan the caller may see (plan_get): the whole
 * (masked) record when the caller may read it, else the identity only
 * (record_hidden). No audit: the plan read is audited. */
bool person_load_for_plan(struct ctx *ctx, int64_t id, struct person *out);

#endif
