/*
 * ctx.c — shared failure paths for the domain layer (see ctx.h).
 */
#include "sip/ctx.h"

#include "base/log.h"
#include "sip/user.h"
#include "store/db.h"

int64_t ctx_user_id(const struct ctx *ctx)
{
	const struct user *u = ctx_staff(ctx);
	return u ? u->id : 0;
}

int64_t ctx_actor_unit(const struct ctx *ctx)
{
	if (ctx->acting_unit)
		return ctx->acting_unit;
	const struct user *me = ctx_staff(ctx);
	if (me && me->nunits > 0)
		return me->units[0].id;
	return 0;
}

bool ctx_db_failed(struct ctx *ctx, int rc, const char *what)
{
	if (rc == DB_UNAVAILABLE) {
		log_error("database unavailable during %s: %s", what,
		          db_errmsg(ctx->db));
		return problem_set(ctx->problem, ctx->arena, PROBLEM_UNAVAILABLE,
		                   "%s", T(ctx, "Databasen kan inte nås just nu. "
		                                "Försök igen om en stund."));
	}
	if (rc == DB_REFUSED) {
		log_error("database refuses writes during %s: %s", what,
		          db_errmsg(ctx->db));
		return problem_set(ctx->problem, ctx->arena, PROBLEM_UNAVAILABLE,
		                   "%s", T(ctx, "Databasen kan inte spara något "
		                                "just nu (disken är full eller "
		                                "skrivskyddad). Ingenting har "
		                                "ändrats. Försök igen om en "
		                                "stund."));
	}
	if (rc == DB_BUSY) {
		log_warn("database busy during %s: %s", what, db_errmsg(ctx->db));
		return problem_set(ctx->problem, ctx->arena, PROBLEM_UNAVAILABLE,
		                   "%s", T(ctx, "Systemet är hårt belastat. "
		                                "Försök igen om en stund."));
	}
	log_error("database error during %s (%d): %s", what, rc, db_errmsg(ctx->db));
	return problem_set(ctx->problem, ctx->arena, PROBLEM_INTERNAL, "%s",
	                   T(ctx, "Ett internt fel uppstod. Ingenting har "
	                          "ändrats."));
}

bool ctx_not_found(struct ctx *ctx)
{
	return problem_set(ctx->problem, ctx->arena, PROBLEM_NOT_FOUND, "%s",
	                   T(ctx, "Det du söker finns inte, eller så har du "
	                          "inte behörighet till det."));
}

bool ctx_begin(struct ctx *ctx)
{
	int rc = db_begin(ctx->db);
	return rc ? ctx_db_failed(ctx, rc, "begin") : true;
}

bool ctx_commit(struct ctx *ctx)
{
	int rc = db_commit(ctx->db);
	return rc ? ctx_db_failed(ctx, rc, "commit") : true;
}

bool ctx_abort(struct ctx *ctx)
{
	db_rollback(ctx->db);
	return false;
}

bool ctx_run(struct ctx *ctx, struct stmt *s, int64_t *changes)
{
	int rc = db_step(s);
	if (changes)
		*changes = rc == DB_DONE ? db_changes(s) : 0;
	db_finalize(s);
	return rc == DB_DONE ? true : ctx_db_failed(ctx, rc, "write");
}

bool ctx_insert(struct ctx *ctx, struct stmt *s, int64_t *id)
{
	int rc = db_step(s);
	if (rc == DB_ROW)
		*id = db_column_int64(s, 0);
	db_finalize(s);
	return rc == DB_ROW ? true : ctx_db_failed(ctx, rc, "insert");
}
