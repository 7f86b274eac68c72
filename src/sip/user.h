/*
 * user.h — staff users and their units.
 *
 * A user belongs to one or more units and has one role (capability.h).
 * Users are never deleted, only deactivated: the audit trail names them
 * for ever. A deactivated user cannot log in, and their sessions and API
 * tokens stop working at once.
 *
 * Who may change whom: a system administrator any user; a unit
 * administrator only professionals whose every unit is one of their own
 * (and may not make anyone an administrator); the console operator (CLI)
 * anyone.
 */
#ifndef SAMPLAN_USER_H
#define SAMPLAN_USER_H

#include <stdbool.h>
#include <stdint.h>

#include "sip/capability.h"
#include "sip/ctx.h"
#include "sip/org.h"

struct user_unit {
	int64_t id;
	const char *name;
	const char *hsa_id;
	int64_t principal_id;
	const char *principal_name;
	enum principal_kind principal_kind;
};

struct user {
	int64_t id;
	const char *username;
	const char *full_name;
	const char *title; /* "Kurator", "Sjuksköterska"... or NULL */
	const char *email;
	const char *phone;
	enum role role;
	const char *lang; /* preferred "sv"/"en", or NULL */
	bool active;
	int64_t created_at;
	int64_t deactivated_at;
	struct user_unit *units;
	int nunits;
};

struct user_input {
	const char *username;
	const char *full_name;
	const char *title;
	const char *email;
	const char *phone;
	const char *role;     /* "professional", "unit_admin", "system_admin",
	                         "audit_reviewer", "agreement_follow_up" */
	const char *password; /* create: required; update: NULL keeps it */
	const char *lang;     /* NULL: follow the browser */
	const int64_t *unit_ids;
	int nunits;
};

/* Usernames: 2–64 of a-z 0-9 . _ - (lower case), starting with a letter. */
bool user_username_valid(const char *username);

bool user_create(struct ctx *ctx, const struct user_input *in, int64_t *id);
/* The same with the password already hashed (secret_password_hash) —
 * for generating many users with one hash (samplan gen). in->password
 * must still be given, for the length rule. */
bool user_create_hashed(struct ctx *ctx, const struct user_input *in,
                        const char *hash, int64_t *id);
/* Update everything in `in` (password only when given). */
bool user_update(struct ctx *ctx, int64_t id, const struct user_input *in);
/* Deactivate: ends sessions, revokes tokens. Idempotent. A user cannot
 * deactivate themselves. */
bool user_deactivate(struct ctx *ctx, int64_t id);
bool user_reactivate(struct ctx *ctx, int64_t id);
/* The caller changes their own password: the current one must be
 * right; other sessions of the user end. */
bool user_change_password(struct ctx *ctx, const char *current,
                          const char *new_password);
/* Set the caller's own language preference ("sv", "en" or NULL). */
bool user_set_lang(struct ctx *ctx, const char *lang);

/* Load a user with units. Not-found is a problem only when the caller
 * may not see the user either (a unit admin sees their units' users). */
bool user_get(struct ctx *ctx, int64_t id, struct user *out);
/* Load without access checks, for authentication (sessions, tokens). */
bool user_load(struct ctx *ctx, int64_t id, struct user *out);
bool user_load_by_username(struct ctx *ctx, const char *username,
                           struct user *out, char **password_hash);
/* The users the caller may manage, by name. */
bool user_list(struct ctx *ctx, struct user **out, int *n);

/* The active users of any of the units (at most 50 units), by name,
 * each with their units: the people a plan's coordinator is chosen
 * among. Only for professionals (access_may_work) and the console; the
 * caller passes units it has seen take part in a plan it may read. */
bool user_list_in_units(struct ctx *ctx, const int64_t *unit_ids, int n,
                        struct user **out, int *nout);

/* True if u belongs to unit_id. */
bool user_in_unit(const struct user *u, int64_t unit_id);

#endif
