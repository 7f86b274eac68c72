/*
 * validate.c — see validate.h.
 */
#include "sip/validate.h"

#include <string.h>

#include "base/date.h"
#include "base/i18n.h"
#include "base/text.h"

/* What to write when a required field is empty, by the field's name
 * with its row numbers and prefix dropped ("goals[2].text" is "text" of
 * "goals"; a unit row "units[4].name" is "name"): a message that names
 * what is missing, the way a social worker would say it, instead of
 * "the field must be filled in". A list's column comes before the bare
 * column, so "goals.text" wins over "text". */
static const struct {
	const char *field, *message;
} required_messages[] = {
	{"goals.text", N_("Skriv målet med den enskildes ord.")},
	{"interventions.what", N_("Skriv vad insatsen är.")},
	{"interventions.timing", N_("Ange tidsplan för insatsen, t.ex. "
	                            "”Påbörjas omgående”.")},
	{"participants.name", N_("Skriv deltagarens namn.")},
	{"participants.external_name", N_("Skriv namnet på den som kallas.")},
	{"participants.external_contact", N_("Ange hur den kallade nås: "
	                                     "adress eller telefon.")},
	{"external_name", N_("Skriv namnet på den som kallas.")},
	{"external_contact", N_("Ange hur den kallade nås: adress eller "
	                        "telefon.")},
	{"chair", N_("Ange vem som var ordförande.")},
	{"secretary", N_("Ange vem som var sekreterare.")},
	{"situation", N_("Beskriv den enskildes aktuella situation.")},
	{"wishes", N_("Skriv hur den enskilde vill ha det.")},
	{"needs", N_("Ange de behov som har identifierats.")},
	{"crisis_plan", N_("Skriv handlingsplanen vid kris.")},
	{"follow_up_place", N_("Ange plats för uppföljningen.")},
	{"change_reason", N_("Skriv vad som ändras och varför.")},
	{"purpose", N_("Skriv syftet med mötet.")},
	{"need_professional", N_("Beskriv behovet av samordning som "
	                         "personalen ser.")},
	{"given_name", N_("Ange förnamn.")},
	{"family_name", N_("Ange efternamn.")},
	{"full_name", N_("Ange namnet.")},
	{"name", N_("Ange namnet.")},
	{"principal", N_("Ange huvudmannen.")},
};

/* "goals[2].text" → "goals.text"; other names unchanged, into out. */
static void without_rows(const char *field, char *out, size_t size)
{
	size_t n = 0;
	for (const char *c = field; *c && n + 1 < size; c++) {
		if (*c == '[') {
			while (*c && *c != ']')
				c++;
			if (!*c)
				break;
			continue;
		}
		out[n++] = *c;
	}
	out[n] = '\0';
}

static const char *required_message(const char *field)
{
	char key[128];
	without_rows(field, key, sizeof key);
	const char *dot = strrchr(key, '.');
	const char *bare = dot ? dot + 1 : key;
	for (size_t i = 0;
	     i < sizeof required_messages / sizeof *required_messages; i++)
		if (strcmp(key, required_messages[i].field) == 0)
			return required_messages[i].message;
	for (size_t i = 0;
	     i < sizeof required_messages / sizeof *required_messages; i++)
		if (strcmp(bare, required_messages[i].field) == 0)
			return required_messages[i].message;
	return N_("Fyll i fältet.");
}

bool check_required(struct ctx *ctx, const char *field, const char *v,
                    size_t max)
{
	if (!v || !*v)
		return problem_field(ctx->problem, ctx->arena, field, "%s",
		                     T(ctx, required_message(field)));
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
