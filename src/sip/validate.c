/*
 * validate.c — see validate.h.
 */
#include "sip/validate.h"

#include <string.h>

#include "base/date.h"
#include "base/text.h"

bool check_required(struct ctx *ctx, const char *field, const char *v,
                    size_t max)
{
	if (!v || !*v)
		return problem_field(ctx->problem, ctx->arena, field, "%s",
		                     T(ctx, "Fältet måste fyllas i."));
	return check_optional(ctx, field, v, max);
}

bool check_optional(struct ctx *ctx, const char *field, const char *v,
                    size_t max)
{
	if (!v)
		return true;
	if (!text_utf8_valid(v, strlen(v)) || text_has_controls(v, true))
		return problem_field(ctx->problem, ctx->arena, field, "%s",
		                     T(ctx, "Texten innehåller ogiltiga tecken."));
	if (text_chars(v) > max)
		return problem_field(ctx->problem, ctx->arena, field,
		                     T(ctx, "Texten är för lång: högst %zu tecken."),
		                     max);
	return true;
}

bool check_email(struct ctx *ctx, const char *field, const char *v)
{
	if (!v)
		return true;
	const char *at = strchr(v, '@');
	bool ok = at && at != v && !strchr(at + 1, '@') &&
	          strchr(at + 1, '.') && at[1] != '.' &&
	          v[strlen(v) - 1] != '.' && !strpbrk(v, " \t\n<>\",;") &&
	          strlen(v) <= 254;
	if (!ok)
		return problem_field(ctx->problem, ctx->arena, field, "%s",
		                     T(ctx, "Ange en giltig e-postadress, t.ex. "
		                            "namn@kommun.se."));
	return true;
}

bool check_phone(struct ctx *ctx, const char *field, const char *v)
{
	if (!v)
		return true;
	size_t len = strlen(v), digits = 0;
	bool ok = len >= 5 && len <= 30;
	for (size_t i = 0; ok && i < len; i++) {
		if (v[i] >= '0' && v[i] <= '9')
			digits++;
		else if (!strchr(" +-()", v[i]))
			ok = false;
	}
	if (!ok || digits < 5)
		return problem_field(ctx->problem, ctx->arena, field, "%s",
		                     T(ctx, "Ange ett telefonnummer med siffror, "
		                            "t.ex. 0240-868 33."));
	return true;
}

bool check_date(struct ctx *ctx, const char *field, const char *v)
{
	struct date d;
	if (v && !date_parse(v, &d))
		return problem_field(ctx->problem, ctx->arena, field, "%s",
		                     T(ctx, "Ange ett giltigt datum som ÅÅÅÅ-MM-DD."));
	return true;
}
