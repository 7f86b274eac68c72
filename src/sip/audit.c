/*
 * audit.c — appending to the audit log (see audit.h).
 */
#include "sip/audit.h"

#include "store/db.h"
#include "sip/user.h"

int64_t audit_actor_unit(const struct ctx *ctx)
{
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

bool audit_read(struct ctx *ctx, const char *action, int64_t person_id,
                int64_t plan_id)
{
	if (db_in_transaction(ctx->db))
		return audit_write(ctx, action, person_id, plan_id, NULL);
	int rc = db_begin(ctx->db);
	if (rc)
		return ctx_db_failed(ctx, rc, "audit");
	if (!audit_write(ctx, action, person_id, plan_id, NULL)) {
		db_rollback(ctx->db);
		return false;
	}
	rc = db_commit(ctx->db);
	if (rc)
		return ctx_db_failed(ctx, rc, "audit");
	return true;
}
