/*
 * notice.h — notices to the parties of a plan (issue 11): what the
 * individual did or asked for from /citizen (narrowed or withdrew a
 * consent, asked to widen one, asked for an earlier follow-up, rejected
 * a proposed revision), shown in the work list of the coordinator and
 * of every unit taking part until that unit marks it seen.
 *
 * Who sees a notice: a staff user, for each of their units that takes
 * part in the plan (plan_unit, left_at NULL), while they may see the
 * plan (ACCESS_PLAN_VISIBLE_SQL, evaluated live) — so a unit that was
 * just removed from a consent learns nothing new. A notice's detail is
 * written by samplan in plain words and holds no free text; what the
 * individual wrote with a request (citizen_request.text) is shown to
 * the plan's lead unit only.
 *
 * Seen is per unit: one unit marking a notice seen does not hide it
 * from the others.
 */
#ifndef SAMPLAN_NOTICE_H
#define SAMPLAN_NOTICE_H

#include <stdbool.h>
#include <stdint.h>

#include "sip/ctx.h"

enum plan_notice_kind {
	NOTICE_CONSENT_NARROWED,
	NOTICE_CONSENT_WITHDRAWN,
	NOTICE_CONSENT_WIDEN_REQUESTED,
	NOTICE_FOLLOW_UP_REQUESTED,
	NOTICE_REVISION_REJECTED,
	NOTICE_NKINDS
};

/* The kind's stable name ("consent_narrowed", ...: plan_notice.kind and
 * the API), and words for it in the caller's language (staff pages). */
const char *plan_notice_kind_name(enum plan_notice_kind k);
const char *plan_notice_kind_label(enum plan_notice_kind k, const char *lang);

/* Add a notice to plan_id's parties, inside the caller's open
 * transaction (ctx_begin), with its audit record ("plan.notice.add").
 * detail: samplan's own words (no free text of the individual), may be
 * NULL, at most NOTICE_DETAIL_MAX bytes. Who acts is taken from ctx
 * (the citizen session or the staff user). */
enum { NOTICE_DETAIL_MAX = 2000 };
bool plan_notice_add(struct ctx *ctx, int64_t plan_id,
                     enum plan_notice_kind kind, const char *detail);
/* The same for a request the individual wrote (citizen_request.id),
 * whose text the lead unit is shown with the notice. *notice_id may be
 * NULL. */
bool plan_notice_add_request(struct ctx *ctx, int64_t plan_id,
                             enum plan_notice_kind kind, const char *detail,
                             int64_t request_id, int64_t *notice_id);

/* One notice for one of the caller's units. */
struct plan_notice {
	int64_t id;
	int64_t plan_id;
	enum plan_notice_kind kind;
	int64_t created_at;
	const char *detail;       /* may be NULL */
	const char *request_text; /* what the individual wrote: lead unit only,
	                             else NULL */
	int64_t unit_id;          /* the caller's unit it waits for */
	const char *unit_name;
	int64_t person_id;
	const char *person_name;
	const char *personnummer;
	bool protected_identity;
};

/* The notices the caller's units have not marked seen, newest first, at
 * most NOTICE_LIST_LIMIT; for a professional (others get none). The
 * read is audited ("plan.notice.list", one record over the plans). In
 * ctx's arena. */
enum { NOTICE_LIST_LIMIT = 100 };
bool plan_notices_unseen(struct ctx *ctx, struct plan_notice **out, int *n);

/* Unit unit_id (the caller's own, taking part in the notice's plan,
 * which the caller may see) has seen notice_id. Idempotent. Refused as
 * not found otherwise; audited ("plan.notice.seen"). */
bool plan_notice_mark_seen(struct ctx *ctx, int64_t notice_id,
                           int64_t unit_id);

#endif
