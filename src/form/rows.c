/*
 * rows.c — see rows.h.
 */
#include "form/rows.h"

#include <assert.h>
#include <string.h>

#include "base/i18n.h"
#include "base/limits.h"

#define COUNT(t) (sizeof(t) / sizeof((t)[0]))

static const struct field goal_cols[] = {
	{"kind", FIELD_TEXT, 20},
	{"text", FIELD_MULTILINE, LIMIT_TEXT},
};
const struct row_shape goal_shape = {"goals", goal_cols, COUNT(goal_cols),
                                     PLAN_MAX_GOALS};

/* Dates are text here: the domain says what a date must look like, in
 * the same words for the page and the API. */
static const struct field intervention_cols[] = {
	{"goal", FIELD_INT, 0},
	{"what", FIELD_MULTILINE, LIMIT_TEXT},
	{"who", FIELD_TEXT, 40},
	{"responsible_kind", FIELD_TEXT, 30},
	{"responsible_unit_id", FIELD_ID, 0},
	{"also_responsible", FIELD_TEXT_LIST, PLAN_MAX_ALSO_RESPONSIBLE + 1},
	{"responsible_name", FIELD_TEXT, LIMIT_NAME},
	{"contact_name", FIELD_TEXT, LIMIT_NAME},
	{"frequency", FIELD_TEXT, LIMIT_SHORT},
	{"timing", FIELD_TEXT, LIMIT_SHORT},
	{"start_date", FIELD_TEXT, 10},
	{"end_date", FIELD_TEXT, 10},
};
const struct row_shape intervention_shape = {
	"interventions", intervention_cols, COUNT(intervention_cols),
	PLAN_MAX_INTERVENTIONS};

static const struct field participant_cols[] = {
	{"present", FIELD_BOOL, 0},
	{"invitation_id", FIELD_ID, 0},
	{"unit_id", FIELD_ID, 0},
	{"name", FIELD_TEXT, LIMIT_NAME},
	{"role", FIELD_TEXT, LIMIT_SHORT},
};
const struct row_shape participant_shape = {
	"participants", participant_cols, COUNT(participant_cols),
	PLAN_MAX_PARTICIPANTS};

static const struct field invitation_cols[] = {
	{"unit_id", FIELD_ID, 0},
	{"external_name", FIELD_TEXT, LIMIT_NAME},
	{"external_organisation", FIELD_TEXT, LIMIT_NAME},
	{"external_contact", FIELD_TEXT, LIMIT_SHORT},
	{"channel", FIELD_TEXT, 20},
	{"professional_ids", FIELD_ID_LIST, PLAN_MAX_NAMED_PROFESSIONALS},
};
const struct row_shape invitation_shape = {
	"invitations", invitation_cols, COUNT(invitation_cols),
	PLAN_MAX_INVITATIONS};

bool form_rows_read(struct request *r, struct problem *p,
                    const struct row_shape *s, struct form_rows *out)
{
	int n = input_rows(r, s->list);
	bool ok = true;
	if (n < 0) {
		ok = problem_field(p, &r->arena, s->list, "%s",
		                   tr(r->lang, "Fältet har fel typ."));
		n = 0;
	} else if (n > s->max) {
		ok = problem_field(p, &r->arena, s->list,
		                   tr(r->lang, "För många rader: högst %d."), s->max);
		n = s->max;
	}
	size_t nf = (size_t)n * s->ncols;
	struct field *fields = arena_array(&r->arena, struct field, nf + 1);
	for (int i = 0; i < n; i++)
		for (size_t c = 0; c < s->ncols; c++)
			fields[(size_t)i * s->ncols + c] = (struct field){
				arena_printf(&r->arena, "%s[%d].%s", s->list, i,
				             s->cols[c].name),
				s->cols[c].type, s->cols[c].max};
	out->shape = s;
	out->n = n;
	ok &= form_read(r, p, fields, nf, &out->f);
	return ok;
}

size_t form_rows_index(const struct form_rows *x, int i, const char *col)
{
	const struct row_shape *s = x->shape;
	size_t c = 0;
	while (c < s->ncols && strcmp(s->cols[c].name, col) != 0)
		c++;
	assert(c < s->ncols && i >= 0 && i < x->n);
	return (size_t)i * s->ncols + c;
}

const struct form_value *form_rows_value(const struct form_rows *x, int i,
                                         const char *col)
{
	return &x->f.values[form_rows_index(x, i, col)];
}

static const char *text(const struct form_rows *x, int i, const char *col)
{
	return form_rows_value(x, i, col)->text;
}

static int64_t num(const struct form_rows *x, int i, const char *col)
{
	return form_rows_value(x, i, col)->num;
}

int goal_inputs_from(struct arena *a, const struct form_rows *x,
                     bool skip_empty, struct goal_input **out, int **row_of)
{
	*out = arena_array(a, struct goal_input, (size_t)x->n + 1);
	*row_of = arena_array(a, int, (size_t)x->n + 1);
	int k = 0;
	for (int i = 0; i < x->n; i++) {
		if (skip_empty && !text(x, i, "text"))
			continue;
		(*out)[k] = (struct goal_input){text(x, i, "kind"), text(x, i, "text")};
		(*row_of)[k++] = i;
	}
	return k;
}

/* "KIND" or "KIND:UNIT_ID" (rows.h, who). A unit id that does not parse
 * is kept as -1, so the domain answers "Välj en enhet som finns" instead
 * of quietly dropping the unit. */
static void split_who(struct arena *a, const char *who, const char **kind,
                      int64_t *unit_id)
{
	const char *colon = who ? strchr(who, ':') : NULL;
	*unit_id = 0;
	*kind = who;
	if (!colon)
		return;
	*kind = arena_printf(a, "%.*s", (int)(colon - who), who);
	if (!parse_id(colon + 1, unit_id))
		*unit_id = -1;
}

static bool intervention_written(const struct form_rows *x, int i)
{
	static const char *const cols[] = {"what", "responsible_name",
	                                   "contact_name", "frequency",
	                                   "timing", "start_date", "end_date"};
	for (size_t c = 0; c < COUNT(cols); c++)
		if (text(x, i, cols[c]))
			return true;
	return false;
}

int intervention_inputs_from(struct arena *a, const struct form_rows *x,
                             const int *goal_of_row, int ngoal_rows,
                             bool skip_empty, struct intervention_input **out,
                             int **row_of)
{
	*out = arena_array(a, struct intervention_input, (size_t)x->n + 1);
	*row_of = arena_array(a, int, (size_t)x->n + 1);
	int k = 0;
	for (int i = 0; i < x->n; i++) {
		if (skip_empty && !intervention_written(x, i))
			continue;
		const char *kind = text(x, i, "responsible_kind");
		int64_t unit = num(x, i, "responsible_unit_id");
		if (!kind && !unit)
			split_who(a, text(x, i, "who"), &kind, &unit);
		const struct form_value *also = form_rows_value(x, i,
		                                                "also_responsible");
		struct party_input *parties = arena_array(
			a, struct party_input, (size_t)also->nlist + 1);
		for (int j = 0; j < also->nlist; j++)
			split_who(a, also->list[j], &parties[j].kind,
			          &parties[j].unit_id);
		int64_t goal = num(x, i, "goal");
		if (goal_of_row)
			goal = goal >= 1 && goal <= ngoal_rows ? goal_of_row[goal - 1]
			                                       : 0;
		(*out)[k] = (struct intervention_input){
			.goal = goal < 0 || goal > INT32_MAX ? 0 : (int)goal,
			.what = text(x, i, "what"),
			.responsible_kind = kind,
			.responsible_unit_id = unit,
			.also = parties,
			.nalso = also->nlist,
			.responsible_name = text(x, i, "responsible_name"),
			.contact_name = text(x, i, "contact_name"),
			.frequency = text(x, i, "frequency"),
			.timing = text(x, i, "timing"),
			.start_date = text(x, i, "start_date"),
			.end_date = text(x, i, "end_date"),
		};
		(*row_of)[k++] = i;
	}
	return k;
}

int participant_inputs_from(struct arena *a, const struct form_rows *x,
                            bool skip_empty, struct participant_input **out,
                            int **row_of)
{
	*out = arena_array(a, struct participant_input, (size_t)x->n + 1);
	*row_of = arena_array(a, int, (size_t)x->n + 1);
	int k = 0;
	for (int i = 0; i < x->n; i++) {
		bool invited = num(x, i, "invitation_id") != 0;
		bool written = invited ? num(x, i, "present") != 0
		                       : text(x, i, "name") || text(x, i, "role");
		if (skip_empty && !written)
			continue;
		(*out)[k] = (struct participant_input){
			.name = text(x, i, "name"),
			.role = text(x, i, "role"),
			.unit_id = num(x, i, "unit_id"),
			.invitation_id = num(x, i, "invitation_id"),
		};
		(*row_of)[k++] = i;
	}
	return k;
}

int invitation_inputs_from(struct arena *a, const struct form_rows *x,
                           bool skip_empty, struct invitation_input **out,
                           int **row_of)
{
	*out = arena_array(a, struct invitation_input, (size_t)x->n + 1);
	*row_of = arena_array(a, int, (size_t)x->n + 1);
	int k = 0;
	for (int i = 0; i < x->n; i++) {
		const struct form_value *named = form_rows_value(x, i,
		                                                 "professional_ids");
		struct invitation_input in = {
			.unit_id = num(x, i, "unit_id"),
			.external_name = text(x, i, "external_name"),
			.external_organisation = text(x, i, "external_organisation"),
			.external_contact = text(x, i, "external_contact"),
			.channel = text(x, i, "channel"),
			.professional_ids = named->ids,
			.nprofessionals = named->nlist,
		};
		/* The channel alone is the form's preset menu, not a row. */
		if (skip_empty && !in.unit_id && !in.external_name &&
		    !in.external_organisation && !in.external_contact)
			continue;
		(*out)[k] = in;
		(*row_of)[k++] = i;
	}
	return k;
}
