/*
 * ctx.h — who is acting, where the work is written, and where problems
 * go: the first argument of every domain function.
 *
 * A page or API handler builds one per request (routes.c); the CLI
 * builds one for the operator at the server's console, which only
 * main.c's subcommands ever create. Who acts is explicit (actor): a
 * zeroed ctx is ACTOR_NONE and may do nothing.
 */
#ifndef SAMPLAN_CTX_H
#define SAMPLAN_CTX_H

#include <stdint.h>

#include "base/arena.h"
#include "base/i18n.h"
#include "base/problem.h"

struct audit_record;
struct citizen;
struct db;
struct user;

/* Who acts. ACTOR_NONE is 0 so that a ctx nobody filled in is refused
 * everything rather than mistaken for the console. */
enum actor_kind {
	ACTOR_NONE = 0,
	ACTOR_CONSOLE,    /* the operator at the server's console (CLI) */
	ACTOR_STAFF,      /* a signed-in staff user: ctx->user */
	ACTOR_CITIZEN,    /* a person signed in at /citizen: the individual,
	                     a guardian or a relative (ctx->citizen,
	                     sip/citizen.h) */
};

struct ctx {
	enum actor_kind actor;
	struct db *db;
	struct arena *arena;       /* everything returned lives here */
	struct problem *problem;   /* what went wrong, for the caller */
	const struct user *user;   /* the staff user; NULL for other actors */
	const struct citizen *citizen; /* ACTOR_CITIZEN only, else NULL */
	/* The citizen's session (citizen_session.id): how the audit log
	 * names a citizen actor, who has no user id (audit.c). */
	int64_t citizen_session_id;
	const char *client_addr;   /* for the audit log ("cli" for CLI) */
	const char *lang;          /* language of messages (i18n.h) */
	int64_t now;               /* Unix seconds when the action began */
	/* The caller's unit in the plan or person at hand, for the audit
	 * log: set by access_plan, access_person and the plan's history;
	 * 0 until then (the user's first unit is logged). */
	int64_t acting_unit;
	/* When set, audit records of reads are appended here instead of
	 * written, and the server commits them (group commit) before the
	 * response leaves — see audit_group.h. */
	struct audit_record **audit_defer;
};

static inline bool ctx_is_console(const struct ctx *ctx)
{
	return ctx->actor == ACTOR_CONSOLE;
}

/* The staff user who acts, or NULL for every other actor (console,
 * individual, none): the only way domain code asks "which user?", so a
 * user left in a ctx of another actor is never taken for the actor. */
static inline const struct user *ctx_staff(const struct ctx *ctx)
{
	return ctx->actor == ACTOR_STAFF ? ctx->user : NULL;
}

/* The acting staff user's id for "recorded by" columns and the audit
 * log; 0 for every other actor. */
int64_t ctx_user_id(const struct ctx *ctx);
/* The unit the actor acts for, for the audit log (which must not depend
 * on the rest of sip/): ctx->acting_unit, else the first of the staff
 * user's units (0 for every other actor or a user without units). */
int64_t ctx_actor_unit(const struct ctx *ctx);

/* Who acts, saved around a step taken as someone else (the CLI acting
 * as a demo user, the login's audit record as the user signing in):
 *     struct ctx_as was = ctx_act_as(ctx, ACTOR_STAFF, u);
 *     ...
 *     ctx_act_restore(ctx, was);
 * user must be NULL unless actor is ACTOR_STAFF. */
struct ctx_as {
	enum actor_kind actor;
	const struct user *user;
};

static inline struct ctx_as ctx_act_as(struct ctx *ctx, enum actor_kind actor,
                                       const struct user *user)
{
	struct ctx_as was = {ctx->actor, ctx->user};
	ctx->actor = actor;
	ctx->user = actor == ACTOR_STAFF ? user : NULL;
	return was;
}

static inline void ctx_act_restore(struct ctx *ctx, struct ctx_as was)
{
	ctx->actor = was.actor;
	ctx->user = was.user;
}

/* Translate in the caller's language (see i18n.h). */
#define T(ctx, msgid) tr((ctx)->lang, msgid)

/* Record a database failure as a problem: PROBLEM_UNAVAILABLE when the
 * server cannot be reached, PROBLEM_INTERNAL otherwise (logged with the
 * database's message). Returns false. */
bool ctx_db_failed(struct ctx *ctx, int rc, const char *what);

/* Transactions for domain functions: each returns false with the problem
 * recorded, so a function reads
 *     if (!ctx_begin(ctx)) return false;
 *     if (!step1(...) || !step2(...)) return ctx_abort(ctx);
 *     return ctx_commit(ctx);                                       */
bool ctx_begin(struct ctx *ctx);
bool ctx_commit(struct ctx *ctx);
bool ctx_abort(struct ctx *ctx); /* rolls back; always false */

struct stmt;
/* Step a statement that returns no rows, finalize it, and record a
 * failure. *changes (may be NULL) gets the number of rows changed. */
bool ctx_run(struct ctx *ctx, struct stmt *s, int64_t *changes);
/* Step a statement expected to return exactly one row whose column 0 is
 * an id (INSERT ... RETURNING id), finalize it. */
bool ctx_insert(struct ctx *ctx, struct stmt *s, int64_t *id);

/* A user-facing refusal as if the thing did not exist (access rules:
 * "everyone else sees nothing, not even that it exists"). Returns false. */
bool ctx_not_found(struct ctx *ctx);

#endif
