/*
 * audit.c — appending to the audit log (see audit.h).
 */
#include "audit/audit.h"

#include "audit/audit_group.h"
#include "sip/user.h"
#include "store/db.h"

int64_t audit_actor_unit(const struct ctx *ctx)
{
	if (ctx->acting_unit)
		return ctx->acting_unit;
	if (ctx->user && ctx->user->nunits > 0)
		return ctx->user->units[0].id;
	return 0;
}

bool audit_write(struct ctx *ctx, const char *action, int64_t person_id,
                 int64_t plan_id, const char *detail)
{
	struct stmt s;
	int rc = db_prepare(ctx->db, &s,
		"INSERT INTO audit_log (at, user_id, unit_id, action, person_id,"
		" plan_id, client_addr, detail) VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
	db_bind_int64(&s, 1, ctx->now);
	db_bind_id(&s, 2, ctx->user ? ctx->user->id : 0);
	db_bind_id(&s, 3, audit_actor_unit(ctx));
	db_bind_text(&s, 4, action);
	db_bind_id(&s, 5, person_id);
	db_bind_id(&s, 6, plan_id);
	db_bind_text(&s, 7, ctx->client_addr);
	db_bind_text(&s, 8, detail);
	if (rc == DB_OK)
		rc = db_step(&s);
	db_finalize(&s);
	if (rc != DB_DONE)
		return ctx_db_failed(ctx, rc, "audit");
	return true;
}

static void defer(struct ctx *ctx, const char *action, int64_t person_id,
                  int64_t plan_id)
{
	struct audit_record *r = arena_new(ctx->arena, struct audit_record);
	*r = (struct audit_record){
		.at = ctx->now,
		.user_id = ctx->user ? ctx->user->id : 0,
		.unit_id = audit_actor_unit(ctx),
		.action = action,
		.person_id = person_id,
		.plan_id = plan_id,
		.client_addr = ctx->client_addr,
		.next = *ctx->audit_defer,
	};
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
	if (!ctx_begin(ctx))
		return false;
	for (int i = 0; i < n; i++)
		if (!audit_write(ctx, action, person_ids ? person_ids[i] : 0,
		                 plan_ids ? plan_ids[i] : 0, NULL))
			return ctx_abort(ctx);
	return ctx_commit(ctx);
}

bool audit_read(struct ctx *ctx, const char *action, int64_t person_id,
                int64_t plan_id)
{
	return audit_read_many(ctx, action, &person_id, &plan_id, 1);
}
