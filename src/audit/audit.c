/*
 * audit.c — appending to the audit log from the domain (see audit.h).
 * Every record ends in audit_chain_append (chain.c): here directly,
 * inside the caller's transaction, or through the group writer
 * (audit_group.c) for deferred reads.
 */
#include "audit/audit.h"

#include "audit/chain.h"
#include "store/db.h"

int64_t audit_actor_unit(const struct ctx *ctx)
{
	return ctx_actor_unit(ctx);
}

/* A citizen has no user id: the record names their session
 * (citizen_session.id), in front of the action's own detail. */
static const char *actor_detail(struct ctx *ctx, const char *detail)
{
	if (ctx->actor != ACTOR_CITIZEN)
		return detail;
	long long id = (long long)ctx->citizen_session_id;
	return detail ? arena_printf(ctx->arena, "citizen:%lld %s", id, detail)
	              : arena_printf(ctx->arena, "citizen:%lld", id);
}

static struct audit_record record_of(struct ctx *ctx, const char *action,
                                     int64_t person_id, int64_t plan_id,
                                     const char *detail)
{
	return (struct audit_record){
		.at = ctx->now,
		.user_id = ctx_user_id(ctx),
		.unit_id = ctx_actor_unit(ctx),
		.action = action,
		.person_id = person_id,
		.plan_id = plan_id,
		.client_addr = ctx->client_addr,
		.detail = actor_detail(ctx, detail),
	};
}

bool audit_write(struct ctx *ctx, const char *action, int64_t person_id,
                 int64_t plan_id, const char *detail)
{
	struct audit_record r = record_of(ctx, action, person_id, plan_id, detail);
	int rc = audit_chain_append_one(ctx->db, &r);
	if (rc)
		return ctx_db_failed(ctx, rc, "audit");
	return true;
}

/* The record of a read of n rows: for one row (or n rows that name one
 * pair) a plain record naming its person and plan; for more, ONE list
 * record whose subjects are the pairs, sorted and without repeats
 * (chain.h), so a work list of a hundred plans appends one record and
 * a hundred narrow subject rows instead of a hundred records. */
static struct audit_record *read_record(struct ctx *ctx, const char *action,
                                        const int64_t *person_ids,
                                        const int64_t *plan_ids, int n)
{
	struct audit_subject *s =
		arena_array(ctx->arena, struct audit_subject, (size_t)n);
	for (int i = 0; i < n; i++)
		s[i] = (struct audit_subject){
			.person_id = person_ids ? person_ids[i] : 0,
			.plan_id = plan_ids ? plan_ids[i] : 0,
		};
	audit_subjects_canonical(s, &n);
	struct audit_record *r = arena_new(ctx->arena, struct audit_record);
	if (n == 1) {
		*r = record_of(ctx, action, s[0].person_id, s[0].plan_id, NULL);
	} else {
		*r = record_of(ctx, action, 0, 0, NULL);
		r->subjects = s;
		r->nsubjects = n;
	}
	return r;
}

bool audit_read_many(struct ctx *ctx, const char *action,
                     const int64_t *person_ids, const int64_t *plan_ids,
                     int n)
{
	if (n <= 0)
		return true;
	struct audit_record *r = read_record(ctx, action, person_ids, plan_ids, n);
	if (ctx->audit_defer) {
		r->next = *ctx->audit_defer;
		*ctx->audit_defer = r;
		return true;
	}
	/* At once: inside the caller's transaction or in one of its own. */
	int rc = audit_chain_append_one(ctx->db, r);
	return rc ? ctx_db_failed(ctx, rc, "audit") : true;
}

bool audit_read(struct ctx *ctx, const char *action, int64_t person_id,
                int64_t plan_id)
{
	return audit_read_many(ctx, action, &person_id, &plan_id, 1);
}

bool audit_attempt(struct ctx *ctx, const char *action, int64_t person_id,
                   int64_t plan_id)
{
	/* The same paths as a read: deferred records are committed by the
	 * group writer on its own connection, so the caller's rollback
	 * cannot take them back, and the response waits for them. */
	return audit_read(ctx, action, person_id, plan_id);
}
