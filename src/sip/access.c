/*
 * access.c — every access rule of samplan (see access.h).
 *
 * Staff administration:
 *   - the console operator (ctx->user == NULL) may do everything;
 *   - a system administrator manages the directory and every user, but
 *     reads no plans and no personal data of individuals;
 *   - a unit administrator manages professionals whose units are all
 *     among their own, and cannot create administrators;
 *   - a professional manages nobody.
 */
#include "sip/access.h"

#include <string.h>

#include "sip/capability.h"
#include "sip/user.h"

static bool forbidden(struct ctx *ctx)
{
	return problem_set(ctx->problem, ctx->arena, PROBLEM_FORBIDDEN, "%s",
	                   T(ctx, "Du har inte behörighet att göra detta."));
}

bool access_may_admin_directory(struct ctx *ctx)
{
	if (!ctx->user || capability_granted(ctx->user, CAP_ADMIN))
		return true;
	return forbidden(ctx);
}

static bool all_units_mine(const struct user *me, const int64_t *ids, int n)
{
	for (int i = 0; i < n; i++)
		if (!user_in_unit(me, ids[i]))
			return false;
	return true;
}

static bool target_units_mine(const struct user *me, const struct user *t)
{
	if (t->nunits == 0)
		return false;
	for (int i = 0; i < t->nunits; i++)
		if (!user_in_unit(me, t->units[i].id))
			return false;
	return true;
}

bool access_may_see_user(struct ctx *ctx, const struct user *target)
{
	const struct user *me = ctx->user;
	if (!me || capability_granted(me, CAP_ADMIN) || me->id == target->id)
		return true;
	if (capability_granted(me, CAP_MANAGE_USERS) &&
	    target_units_mine(me, target))
		return true;
	return ctx_not_found(ctx);
}

bool access_may_manage_user(struct ctx *ctx, const struct user *target,
                            const int64_t *new_unit_ids, int nnew_units,
                            const char *new_role)
{
	const struct user *me = ctx->user;
	if (!me || capability_granted(me, CAP_ADMIN))
		return true;
	if (!capability_granted(me, CAP_MANAGE_USERS))
		return forbidden(ctx);
	if (target && (target->role != ROLE_PROFESSIONAL ||
	               !target_units_mine(me, target)))
		return forbidden(ctx);
	if (new_role && strcmp(new_role, "professional") != 0)
		return problem_field(ctx->problem, ctx->arena, "role", "%s",
		                     T(ctx, "Som enhetsadministratör kan du bara "
		                            "lägga upp yrkesverksamma."));
	if (!all_units_mine(me, new_unit_ids, nnew_units))
		return problem_field(ctx->problem, ctx->arena, "unit_ids", "%s",
		                     T(ctx, "Du kan bara välja dina egna enheter."));
	return true;
}
