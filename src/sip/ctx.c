/*
 * ctx.c — shared failure paths for the domain layer (see ctx.h).
 */
#include "sip/ctx.h"

#include "base/log.h"
#include "store/db.h"

bool ctx_db_failed(struct ctx *ctx, int rc, const char *what)
{
	if (rc == DB_UNAVAILABLE) {
		log_error("database unavailable during %s: %s", what,
		          db_errmsg(ctx->db));
		return problem_set(ctx->problem, ctx->arena, PROBLEM_UNAVAILABLE,
		                   "%s", T(ctx, "Databasen kan inte nås just nu. "
		                                "Försök igen om en stund."));
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
