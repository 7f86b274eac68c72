/*
 * citizen.h — the individual's own samplan: who signs in at /citizen,
 * and which plans each of them may read and act on.
 *
 * A citizen is a person signed in by their personnummer: through the
 * region's identity provider (BankID, Freja eID) behind the trusted
 * proxy, or with a one-time sign-in code. The personnummer decides
 * everything; a citizen session never carries a staff user and a staff
 * session never carries a citizen (routes.c keeps them on different
 * cookies and paths), so the two actors cannot be mixed.
 *
 * Sign-in codes: CITIZEN_CODE_CHARS characters from an alphabet without
 * look-alikes, shown once, stored as a hash, single use, valid
 * CITIZEN_CODE_VALID_S, tied to a personnummer (the individual's or a
 * guardian's / relative's). Failed codes are throttled like staff
 * logins (auth.c) under the pseudo-account CITIZEN_CODE_ACCOUNT, so one
 * address cannot walk the code space and a distributed guess is slowed.
 *
 * Who may read a person's plans (citizen_relation):
 *   - the person themselves, from the age of 18;
 *   - a child of 15, 16 or 17 their own plans, unless a professional
 *     has recorded a reason not to (person.own_reading_refused);
 *   - each guardian of a child (related_person role 'guardian' with the
 *     guardian's personnummer), until the child turns 18;
 *   - a relative or representative only if the individual chose to
 *     share the plan with them (related_person.may_read_plan) — and then
 *     only the plan version in force, nothing else.
 * Who may act (approve a revision, narrow or withdraw a consent, write
 * their own part, ask for a follow-up): the adult individual, or a
 * guardian of a child. A child of 15-17 reads and may write their own
 * part and give feedback but does not decide for the plan. Everyone
 * else, including for a person without any plan, sees nothing and
 * learns nothing: refused as not found. Nothing in the citizen pages
 * shows an address to anyone but the person themselves.
 */
#ifndef SAMPLAN_CITIZEN_H
#define SAMPLAN_CITIZEN_H

#include <stdbool.h>
#include <stdint.h>

#include "sip/ctx.h"

enum {
	CITIZEN_CODE_CHARS = 12,
	CITIZEN_CODE_VALID_S = 30 * 24 * 60 * 60,
	CITIZEN_SESSION_IDLE_S = 20 * 60,
	CITIZEN_SESSION_ABSOLUTE_S = 4 * 60 * 60,
};
#define CITIZEN_CODE_ACCOUNT "#citizen-code"

/* The signed-in citizen (ctx->citizen while ctx->actor is
 * ACTOR_CITIZEN). */
struct citizen {
	int64_t session_id;       /* citizen_session.id, named in the audit log */
	const char *personnummer; /* canonical YYYYMMDDNNNN */
	const char *csrf_token;
	const char *how;          /* "code" or "proxy" */
};

/* How the citizen relates to the person a plan is about. */
enum citizen_relation {
	CITIZEN_NONE = 0,
	CITIZEN_SELF,           /* the individual, 18 or older */
	CITIZEN_CHILD,          /* the individual, 15-17 */
	CITIZEN_GUARDIAN,       /* a guardian of the child */
	CITIZEN_RELATIVE,       /* a relative the plan is shared with */
	CITIZEN_REPRESENTATIVE, /* a representative it is shared with */
};

/* The access answer for a citizen and one plan: the one place that
 * says what the citizen may see and do of it. */
struct citizen_access {
	bool granted;
	enum citizen_relation relation;
	int64_t plan_id;
	int64_t person_id;
	int64_t related_person_id; /* guardian / relative / representative */
	bool may_act;         /* approve, consent, own part: adult self or guardian */
	bool may_write_own;   /* own part and feedback: also a child 15-17 */
	bool in_force_only;   /* a relative or representative: only the
	                         plan version in force */
	const char *person_name; /* "Given Family" of the individual */
};

/* ---- sign-in ---- */

/* A new sign-in code for the personnummer (any accepted form) of an
 * individual, guardian, relative or representative known to samplan.
 * The console, or a staff user of a lead unit of one of the person's
 * plans (the plan letter). *code is shown once. Audited
 * (citizen.code_create). */
bool citizen_code_create(struct ctx *ctx, const char *personnummer,
                         char **code, int64_t *expires_at);

/* Redeem a code (spaces and dashes ignored, any case): on success a new
 * citizen session, *token its cookie value and *out the citizen. The
 * code is spent. Throttled by address; a wrong, spent or expired code
 * gets one message that says none of which. Audited (citizen.login,
 * citizen.login_failed). */
bool citizen_sign_in_code(struct ctx *ctx, const char *code,
                          char **token, struct citizen *out);

/* A session for a personnummer the trusted proxy vouched for
 * (BankID / Freja eID). */
bool citizen_sign_in_proxy(struct ctx *ctx, const char *personnummer,
                           char **token, struct citizen *out);

/* The live session for a cookie token, or false (absent, expired,
 * ended). Refreshes last_seen at most once a minute. */
bool citizen_session(struct ctx *ctx, const char *token, struct citizen *out);

/* End the session (sign out). Idempotent. */
bool citizen_sign_out(struct ctx *ctx, const char *token);

/* ---- what the citizen may reach ---- */

/* The access answer for plan_id (refused as not found, with a refused
 * attempt audited, when !granted). Only for ACTOR_CITIZEN. */
bool citizen_access_plan(struct ctx *ctx, int64_t plan_id,
                         struct citizen_access *out);

/* The same answer with may_act required (FORBIDDEN with a message that
 * says who may, when the plan is visible but the citizen may not act). */
bool citizen_access_plan_act(struct ctx *ctx, int64_t plan_id,
                             struct citizen_access *out);

/* One plan the citizen may see, for the start page. */
struct citizen_plan {
	struct citizen_access access;
	const char *state;        /* plan.state */
	int64_t current_version_id; /* 0: no version in force */
	int current_version_no;
	bool proposal_waiting;    /* a revision waits for the individual's
	                             approval */
	const char *next_follow_up_date; /* NULL: none set */
	int64_t need_assessed_at;
	int64_t closed_at;        /* 0: open */
};

/* Every plan the citizen may see, newest first; each read audited
 * (citizen.plans.list) as one record. */
bool citizen_plans(struct ctx *ctx, struct citizen_plan **out, int *n);

/* The person the citizen is (their own person row), if samplan has one:
 * for asking for a SIP and the extract of who read their data. *person_id
 * 0 when none. */
bool citizen_own_person(struct ctx *ctx, int64_t *person_id);

/* Words for the relation, in the caller's language ("du själv",
 * "vårdnadshavare" ...). */
const char *citizen_relation_label(enum citizen_relation r, const char *lang);

/* Where a plan stands (plan.state), in plain words for the individual
 * ("Planen gäller", "Ett möte ska bokas" ...), in lang. */
const char *citizen_state_text(const char *state, const char *lang);

/* ---- h/cextract: the extract of who read my data ---- */

/* A person whose extract the citizen may read (citizen_extract_persons). */
struct citizen_person {
	int64_t person_id;
	enum citizen_relation relation; /* CITIZEN_SELF, _CHILD or _GUARDIAN */
	const char *name;               /* "Given Family" */
	const char *personnummer;       /* canonical */
};

/* The persons whose extract of who read their data the citizen may
 * read, by the same rule as citizen_access_plan (citizen_decide) but
 * for the person rather than one plan — so also for a person without a
 * plan: their own person from 18, or from 15 unless a professional
 * recorded a reason not to; each child under 18 they are a guardian of.
 * A relative or representative gets nobody. The citizen's own person
 * first, then by name. Only for ACTOR_CITIZEN. */
bool citizen_extract_persons(struct ctx *ctx, struct citizen_person **out,
                             int *n);

#endif
