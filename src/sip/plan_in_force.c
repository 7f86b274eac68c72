/*
 * plan_in_force.c — is a plan's version the one in force (plan_in_force.h)?
 */
#include "sip/plan_in_force.h"

#include "store/db.h"

bool plan_version_is_in_force(struct ctx *ctx, int64_t plan_id,
                           int64_t version_id, bool *in_force)
{
	struct stmt s;
	db_prepare(ctx->db, &s, "SELECT current_version_id /*0*/ FROM plan "
	                        "WHERE id = ?");
	db_bind_int64(&s, 1, plan_id);
	int rc = db_step(&s);
	*in_force = rc == DB_ROW && db_column_int64(&s, 0) == version_id;
	db_finalize(&s);
	if (rc != DB_ROW && rc != DB_DONE)
		return ctx_db_failed(ctx, rc, "plan");
	return true;
}
