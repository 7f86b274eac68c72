/*
 * access.h — who may see and do what (inre sekretess). Every access rule
 * of samplan is in access.c; a reader who wants to know "who may read a
 * plan?" or "who may change this user?" finds all of it there.
 *
 * Each check returns true when allowed. When refused it records the
 * problem in ctx and returns false — as not-found where DOMAIN.md says a
 * refused user must not learn that the thing exists.
 */
#ifndef SAMPLAN_ACCESS_H
#define SAMPLAN_ACCESS_H

#include <stdbool.h>
#include <stdint.h>

#include "sip/ctx.h"

struct user;

/* Principals, units and directory import: system administrators and the
 * console. */
bool access_may_admin_directory(struct ctx *ctx);

/* Create or change a user with these units and this role. A unit
 * administrator may only manage professionals of their own units. */
bool access_may_manage_user(struct ctx *ctx, const struct user *target,
                            const int64_t *new_unit_ids, int nnew_units,
                            const char *new_role);

/* See a user's record (list and detail pages). */
bool access_may_see_user(struct ctx *ctx, const struct user *target);

#endif
