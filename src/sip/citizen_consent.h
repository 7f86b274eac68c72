/*
 * citizen_consent.h — the individual decides who sees what and for how
 * long (issue 11): their plan's consents in plain words, narrowing one,
 * withdrawing one, asking the coordinator to widen one, and asking for
 * an earlier follow-up. For ACTOR_CITIZEN only; the door is always
 * citizen_access_plan / citizen_access_plan_act (citizen.h).
 *
 * Who: reading the consents — everyone citizen_access_plan lets see more
 * than the plan in force (the individual, a child of 15-17, a guardian);
 * a relative or representative the plan is shared with is refused as not
 * found (they read the plan in force only). Acting — narrowing,
 * withdrawing, the two requests — the adult individual or a guardian of
 * a child (citizen_access_plan_act: FORBIDDEN with its message for a
 * child). A consent id of another plan is not found.
 *
 * Narrowing takes effect at once: access reads consent_recipient,
 * consent_scope and consent.valid_until live (ACCESS_PLAN_VISIBLE_SQL,
 * access_plan_view), so a principal removed loses the plan on its units'
 * very next request. The units keep their plan_unit rows (the plan's
 * history), so a later, widened consent gives the access back without
 * a new invitation. Each change is a consent_narrowing row (what was
 * removed, the date before), a plan_event, an audit record
 * ("citizen.consent.narrow") and a notice to the parties, in one
 * transaction. Removing every recipient or every category is a
 * withdrawal: refused with a message that says so (*is_withdrawal), so
 * the page sends the citizen to the withdrawal, which says what happens.
 *
 * Withdrawal is consent.c's (consent_withdraw_by_citizen, plan.h): the
 * same rules and effects as any withdrawal, recorded as the
 * individual's own.
 */
#ifndef SAMPLAN_CITIZEN_CONSENT_H
#define SAMPLAN_CITIZEN_CONSENT_H

#include <stdbool.h>
#include <stdint.h>

#include "sip/citizen.h"
#include "sip/ctx.h"
#include "sip/plan.h"

enum {
	CITIZEN_REQUEST_TEXT_MAX = 2000, /* the citizen's own words, bytes */
	CITIZEN_REQUEST_TEXT_MIN = 3,
};

/* The door of these pages: citizen_access_plan (act false) or
 * citizen_access_plan_act (act true), and not found for a citizen who
 * may read the plan in force only. */
bool citizen_consent_access(struct ctx *ctx, int64_t plan_id, bool act,
                            struct citizen_access *out);

/* One narrowing, as recorded. */
struct consent_narrowing {
	int64_t at;
	const char *removed_principal; /* name, or NULL */
	const char *removed_category;  /* health, ..., or NULL */
	const char *old_valid_until;
	const char *new_valid_until;   /* NULL unless the date was shortened */
};

/* A consent as the citizen sees it. */
struct citizen_consent {
	struct consent consent;        /* as stored (plan.h) */
	struct plan_unit_ref *units;   /* the units of its recipients taking
	                                  part in the plan (left_at NULL) */
	int nunits;
	struct consent_narrowing *narrowings; /* oldest first */
	int nnarrowings;
};

/* Every consent of the plan, newest first, for the citizen; *a the
 * access answer. Audited ("citizen.consents.read"). */
bool citizen_consents(struct ctx *ctx, int64_t plan_id,
                      struct citizen_access *a, struct citizen_consent **out,
                      int *n);

/* One consent of the plan (not found for another plan's id), for the
 * narrow, withdraw and widen pages: act true requires may_act. Audited
 * ("citizen.consent.read"). */
bool citizen_consent_get(struct ctx *ctx, int64_t plan_id, int64_t consent_id,
                         bool act, struct citizen_access *a,
                         struct citizen_consent *out);

struct consent_narrow_input {
	const int64_t *remove_principal_ids; /* recipients to remove */
	int nremove_principals;
	const char *const *remove_categories; /* scopes to remove */
	int nremove_categories;
	const char *valid_until; /* a new, earlier last day; NULL: unchanged */
};

/* Narrow consent_id. Field errors (nothing changed): "remove_principal_ids"
 * (not a recipient of this consent), "remove_categories" (not in it),
 * "valid_until" (not a date, later than now, before today), "change"
 * (nothing chosen). The consent must be in force on an open plan
 * (CONFLICT). Removing all recipients or all categories: INVALID with
 * *is_withdrawal true. */
bool citizen_consent_narrow(struct ctx *ctx, int64_t plan_id,
                            int64_t consent_id,
                            const struct consent_narrow_input *in,
                            bool *is_withdrawal);

struct consent_widen_input {
	const int64_t *principal_ids; /* principals to add (any in samplan) */
	int nprincipals;
	const char *const *categories; /* scopes to add */
	int ncategories;
	const char *valid_until; /* a later last day wished; NULL: none */
	const char *text;        /* required, the citizen's own words */
};

/* Ask the coordinator to widen consent_id: stored (citizen_request),
 * a notice to the parties (the text for the lead unit only), audited
 * ("citizen.consent.widen_request"). Field errors: "principal_ids",
 * "categories", "valid_until", "text"; at least one of the first three. */
bool citizen_consent_widen_request(struct ctx *ctx, int64_t plan_id,
                                   int64_t consent_id,
                                   const struct consent_widen_input *in,
                                   int64_t *request_id);

/* Ask for an earlier follow-up because the situation has changed:
 * "reason" required, CITIZEN_REQUEST_TEXT_MIN..MAX. The plan must be
 * open. Stored, a notice, audited ("citizen.follow_up_request"). */
bool citizen_follow_up_request(struct ctx *ctx, int64_t plan_id,
                               const char *reason, int64_t *request_id);

#endif
