/*
 * closing.h — step 7, closing a plan (DOMAIN.md: "Avsluta"): the
 * coordinator closes it together with the individual, with a reason and
 * how the individual took part, and each principal that takes part
 * documents its own closing afterwards (seed 002: "Varje huvudman
 * ansvarar för att dokumentera avslutet").
 *
 * A principal's closing note can be recorded once the plan is closed,
 * not before: until then the plan may still go on (a follow-up can
 * decide to continue), and a note "we have closed our part" on an open
 * plan would say something the plan does not. The note is recorded once
 * per principal and never changed (plan_closing_note is append-only):
 * whoever of the principal's units writes it speaks for the principal.
 *
 * Which principals owe a note: every municipality and region (not other
 * actors, who are no huvudman) with a unit that takes part in the plan
 * (plan_unit, left_at NULL) — exactly the principals whose users can
 * still see the plan and so can write it.
 */
#ifndef SAMPLAN_CLOSING_H
#define SAMPLAN_CLOSING_H

#include <stdbool.h>
#include <stdint.h>

#include "sip/ctx.h"

/* The principals that owe a closing note on the plan plan_col (one
 * column principal_id): municipalities and regions with a unit taking
 * part. No parameters. A note of plan_closing_note discharges one. */
#define CLOSING_PRINCIPALS_OWING_SQL(plan_col)                             \
	"SELECT pr_o.id FROM plan_unit pu_o" CLOSING_OWING_JOIN_SQL("pu_o")  \
	" WHERE pu_o.plan_id = " plan_col " AND pu_o.left_at IS NULL"
/* The same rule as joins from a plan_unit row `pu` (its plan's units):
 * principal pr_o is one that owes; a list over many plans joins this
 * instead of testing every principal against the subquery above. The
 * caller adds pu.left_at IS NULL and removes duplicates (a principal
 * may take part with several units). */
#define CLOSING_OWING_JOIN_SQL(pu)                                         \
	" JOIN unit u_o ON u_o.id = " pu ".unit_id JOIN principal pr_o"    \
	" ON pr_o.id = u_o.principal_id"                                  \
	" AND pr_o.kind IN ('municipality', 'region')"

/* How the individual took part in the closing (stored names):
 * "present" (at the meeting or the talk), "phone" (informed by phone),
 * "letter" (informed by letter), "absent" (did not take part). */
extern const char *const closing_participations[];
const char *closing_participation_label(const char *name, const char *lang);

struct close_input {
	const char *reason;        /* one of closed_reasons (plan.h) */
	const char *note;          /* required when reason is "other" */
	const char *participation; /* one of closing_participations */
};

/* Close the plan (lead unit; from consent, preparing, invited, active
 * or follow_up) with the reason and how the individual took part — both
 * required. "consent_withdrawn" is not a reason to choose here: a
 * withdrawal goes through consent_withdraw, which also ends the sharing.
 * One transaction: the plan row, its history event, the audit record. */
bool plan_close_with(struct ctx *ctx, int64_t plan_id,
                     const struct close_input *in);

/* Record the closing note of the principal of unit_id (0: the caller's
 * first unit that takes part and whose principal owes a note). The
 * caller must see the plan (else not-found), the plan must be closed
 * (else CONFLICT), the unit must be the caller's, take part and belong
 * to a municipality or region (else FORBIDDEN), and its principal must
 * not have a note yet (else CONFLICT). note is required. */
bool closing_note_record(struct ctx *ctx, int64_t plan_id, int64_t unit_id,
                         const char *note, int64_t *note_id);

/* One principal's closing: documented (note_id != 0) or still owed. */
struct closing_principal {
	int64_t principal_id;
	const char *principal_name;
	int64_t note_id;        /* 0: not yet documented */
	int64_t unit_id;        /* the unit that wrote it */
	const char *unit_name;
	const char *user_name;  /* who wrote it (NULL: the console) */
	int64_t created_at;
	const char *note;       /* NULL when the caller may not see it */
	bool mine;              /* one of the caller's units' principals */
};

struct closing_status {
	int64_t plan_id;
	bool closed;                  /* the plan is closed: notes may be written */
	struct closing_principal *principals; /* by principal name */
	int nprincipals;
	int owed;                     /* how many have not documented yet */
	bool may_record;              /* the caller's principal still owes one */
};

/* Which principals have documented their closing of the plan and which
 * have not, for a caller who sees the plan (else not-found). A note's
 * text is consent-scoped like the plan's other rows: its category
 * follows the unit that wrote it (access_sees_row). Audited as
 * plan.closing.read. */
bool closing_status_get(struct ctx *ctx, int64_t plan_id,
                        struct closing_status *out);

#endif
