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

static struct audit_record record_of(const struct ctx *ctx, const char *action,
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
		.detail = detail,
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

static void defer(struct ctx *ctx, const char *action, int64_t person_id,
                  int64_t plan_id)
{
	struct audit_record *r = arena_new(ctx->arena, struct audit_record);
	*r = record_of(ctx, action, person_id, plan_id, NULL);
	r->next = *ctx->audit_defer;
	*ctx->audit_defer = r;
}

bool audit_read_many(struct ctx *ctx, const char *action,
                     const int64_t *person_ids, const int64_t *plan_ids,
                     int n)
{
	if (n <= 0)
		return true;
	if (ctx->audit_defer) {
		for (int i = 0; i < n; i++)
			defer(ctx, action, person_ids ? person_ids[i] : 0,
			      plan_ids ? plan_ids[i] : 0);
		return true;
	}
	/* At once: the n records as one statement, inside the caller's
	 * transaction or in one of their own (chain.h). */
	struct audit_record *first = NULL;
	for (int i = n - 1; i >= 0; i--) {
		struct audit_record *r = arena_new(ctx->arena, struct audit_record);
		*r = record_of(ctx, action, person_ids ? person_ids[i] : 0,
		               plan_ids ? plan_ids[i] : 0, NULL);
		r->next = first;
		first = r;
	}
	int rc = audit_chain_append_all(ctx->db, first);
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
