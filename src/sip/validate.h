/*
 * validate.h — the domain's field rules, shared by every module so a
 * rule (what is an e-mail address, how long may a name be) has one
 * home. Each check adds a field error to ctx->problem in the caller's
 * language and returns false.
 */
#ifndef SAMPLAN_VALIDATE_H
#define SAMPLAN_VALIDATE_H

#include <stdbool.h>
#include <stddef.h>

#include "sip/ctx.h"

/* Required text, at most max characters. */
bool check_required(struct ctx *ctx, const char *field, const char *v,
                    size_t max);
/* Optional text (NULL is fine), at most max characters. */
bool check_optional(struct ctx *ctx, const char *field, const char *v,
                    size_t max);
/* Optional e-mail address: one @, a dot in the domain, no spaces. */
bool check_email(struct ctx *ctx, const char *field, const char *v);
/* Optional phone number: digits, spaces, + - ( ), 5–30 characters. */
bool check_phone(struct ctx *ctx, const char *field, const char *v);
/* Optional ISO date YYYY-MM-DD that exists. */
bool check_date(struct ctx *ctx, const char *field, const char *v);

/* The text the rules see for a field: NULL for empty. */
static inline const char *nonempty(const char *s)
{
	return s && *s ? s : NULL;
}

#endif
