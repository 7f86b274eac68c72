/*
 * person.h — the individual a plan is about, and the people around them:
 * guardians of a child, relatives, representatives.
 *
 * Who sees a person's record (access.c): professionals of a unit that
 * registered the person or takes part in one of their plans. Everyone
 * else gets "not found", whether or not the person exists. Registering
 * a personnummer that exists already but is not visible to the caller
 * links the caller's unit to the existing record (the professional has
 * the person in front of them) and changes none of its data. The answer
 * is worded as for a new person, but the record the unit then sees is
 * the stored one: a unit that registers a person someone else
 * registered can tell from the names and contact details. It never sees
 * the person's plans (access to plans is per plan), and protected
 * identity stays masked.
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
	/* Protected identity: address and contact details (and relatives'
	 * addresses) are not given out — they read as NULL. */
	bool contact_hidden;
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

/* Register a person. *id is the person's id; *existed tells whether the
 * caller could already see a person with this personnummer (then
 * nothing was changed). The caller must be a professional with a unit
 * (the unit is linked). */
bool person_register(struct ctx *ctx, const struct person_input *in,
                     int64_t *id, bool *existed);
/* Change name, contact details, interpreter and protection flag (not
 * the personnummer). For a person with protected identity the contact
 * details were never shown, so an absent (NULL) one keeps what is
 * stored — also when the flag is lifted in the same change. */
bool person_update(struct ctx *ctx, int64_t id, const struct person_input *in);
/* Load with related persons; audited as person.read. */
bool person_get(struct ctx *ctx, int64_t id, struct person *out);
/* Find by personnummer (any accepted form); not found unless visible. */
bool person_find(struct ctx *ctx, const char *personnummer, struct person *out);
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

#endif
