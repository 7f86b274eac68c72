/*
 * field.c — the field table (see field.h) and the categories of units.
 */
#include "sip/field.h"

#include <string.h>

#define FIELD_C_P FIELD_PARTICIPATION
#define FIELD_C_H FIELD_HEALTH
#define FIELD_C_S FIELD_SOCIAL
#define FIELD_C_U FIELD_BY_UNIT

const struct field_def field_table[FIELD_COUNT] = {
#define FIELD_ROW_(id, name, cat) [FIELD_##id] = {FIELD_##id, name, FIELD_C_##cat},
	FIELD_TABLE(FIELD_ROW_)
#undef FIELD_ROW_
};

/* In the order of enum field_category, FIELD_HEALTH to FIELD_HOUSING:
 * the same names as consent_scopes (consent.c) and sql/0002's CHECK. */
static const char *const scope_names[] = {
	[FIELD_HEALTH] = "health",       [FIELD_SOCIAL] = "social",
	[FIELD_SCHOOL] = "school",       [FIELD_FINANCIAL] = "financial",
	[FIELD_EMPLOYMENT] = "employment", [FIELD_HOUSING] = "housing",
};

const struct field_def *field_find(const char *name)
{
	if (!name)
		return NULL;
	for (int i = 0; i < FIELD_COUNT; i++)
		if (strcmp(field_table[i].name, name) == 0)
			return &field_table[i];
	return NULL;
}

enum field_category field_category(enum field_id f)
{
	return field_table[f].category;
}

enum field_category field_category_of_unit(enum principal_kind kind)
{
	return kind == PRINCIPAL_REGION ? FIELD_HEALTH : FIELD_SOCIAL;
}

/* One party's category. An intervention with several responsible
 * parties (plan_intervention_party) has the category of each: its
 * content is shown only to a caller who sees all of them
 * (filter_version in plan_read.c), since the text says what each of
 * them does and one party's part may be health care. */
enum field_category field_category_of_responsible(const char *kind)
{
	if (!kind)
		return FIELD_SOCIAL;
	if (strcmp(kind, "region_unit") == 0)
		return FIELD_HEALTH;
	if (strcmp(kind, "individual") == 0 || strcmp(kind, "relative") == 0)
		return FIELD_PARTICIPATION;
	return FIELD_SOCIAL; /* municipality_unit, other_actor */
}

const char *field_category_scope(enum field_category c)
{
	if (c < FIELD_HEALTH || c > FIELD_HOUSING)
		return NULL;
	return scope_names[c];
}

bool field_category_parse(const char *scope, enum field_category *out)
{
	for (int c = FIELD_HEALTH; c <= FIELD_HOUSING; c++)
		if (scope && strcmp(scope, scope_names[c]) == 0) {
			*out = (enum field_category)c;
			return true;
		}
	return false;
}
