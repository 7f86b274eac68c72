/*
 * forms_check.h — the field-table half of the form and JSON targets:
 * read a parsed body through a table with one field of every type and
 * through every table of src/form/forms.c (with its mapping to the
 * domain's input struct), and check what the door promises (input.h):
 * values that pass are well-formed UTF-8 without control characters,
 * trimmed and within their caps, numbers are numbers, ids positive,
 * dates real, times HH:MM; a failure names the field.
 */
#ifndef SAMPLAN_FORMS_CHECK_H
#define SAMPLAN_FORMS_CHECK_H

#include "fuzz.h"

#include "base/date.h"
#include "base/text.h"
#include "form/forms.h"

static const struct field every_type[] = {
	{"t", FIELD_TEXT, 20},
	{"m", FIELD_MULTILINE, 0},
	{"s", FIELD_SECRET, LIMIT_PASSWORD},
	{"i", FIELD_INT, 0},
	{"id", FIELD_ID, 0},
	{"b", FIELD_BOOL, 0},
	{"d", FIELD_DATE, 0},
	{"tm", FIELD_TIME, 0},
	{"tl", FIELD_TEXT_LIST, 5},
	{"il", FIELD_ID_LIST, 0},
	{"f", FIELD_FILE, 64},
};

static inline bool is_blank_byte(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

static inline void check_value(const struct field *f, const struct form_value *v)
{
	if (!v->text)
		return;
	size_t len = strlen(v->text);
	if (f->type != FIELD_FILE) {
		FUZZ_CHECK(text_utf8_valid(v->text, len));
		FUZZ_CHECK(!text_has_controls(v->text, f->type == FIELD_MULTILINE));
		FUZZ_CHECK(len > 0);
	}
	switch (f->type) {
	case FIELD_TEXT:
	case FIELD_MULTILINE:
		FUZZ_CHECK(!is_blank_byte(v->text[0]));
		FUZZ_CHECK(!is_blank_byte(v->text[len - 1]));
		FUZZ_CHECK(text_chars(v->text) <=
		           (f->max ? f->max
		                   : f->type == FIELD_MULTILINE ? LIMIT_TEXT
		                                                : LIMIT_SHORT));
		break;
	case FIELD_ID:
		FUZZ_CHECK(v->num > 0);
		break;
	case FIELD_DATE: {
		struct date d;
		FUZZ_CHECK(date_parse(v->text, &d) && date_valid(d));
		break;
	}
	case FIELD_TIME:
		FUZZ_CHECK(v->num >= 0 && v->num < 24 * 60);
		break;
	case FIELD_FILE:
		FUZZ_CHECK(text_utf8_valid(v->text, len));
		break;
	default:
		break;
	}
	if (f->type == FIELD_TEXT_LIST || f->type == FIELD_ID_LIST) {
		FUZZ_CHECK(v->nlist <= (int)(f->max ? f->max : 100));
		for (int i = 0; i < v->nlist; i++) {
			FUZZ_CHECK(v->list[i] && *v->list[i]);
			FUZZ_CHECK(text_utf8_valid(v->list[i], strlen(v->list[i])));
			if (f->type == FIELD_ID_LIST)
				FUZZ_CHECK(v->ids[i] > 0);
		}
	}
}

/* Read one table; check each value and that a failure named a field. */
static inline void read_table(struct request *r, const struct field *fields,
                              size_t n, struct form *form)
{
	struct problem p;
	memset(&p, 0, sizeof p);
	bool ok = form_read(r, &p, fields, n, form);
	FUZZ_CHECK(ok == (p.nfields == 0));
	for (int i = 0; i < p.nfields; i++)
		FUZZ_CHECK(p.fields[i].field && p.fields[i].message &&
		           *p.fields[i].message);
	for (size_t i = 0; i < n; i++)
		check_value(&fields[i], &form->values[i]);
}

/* Every table of forms.c through its mapping. */
static inline void read_all_tables(struct request *r)
{
	struct form f;
	read_table(r, FIELDS(every_type), &f);
	FUZZ_CHECK(form_present(&f, "t") || !form_text(&f, "t"));

	read_table(r, principal_fields, principal_nfields, &f);
	read_table(r, unit_fields, unit_nfields, &f);
	struct unit_input unit;
	unit_input_from(&f, &unit);
	read_table(r, user_fields, user_nfields, &f);
	struct user_input user;
	user_input_from(&f, &user);
	FUZZ_CHECK(user.nunits >= 0);
	read_table(r, person_fields, person_nfields, &f);
	struct person_input person;
	person_input_from(&f, &person);
	read_table(r, related_fields, related_nfields, &f);
	struct related_input related;
	related_input_from(&f, &related);
	read_table(r, plan_create_fields, plan_create_nfields, &f);
	struct plan_create_input plan;
	plan_create_input_from(&f, &plan);
	read_table(r, reason_fields, reason_nfields, &f);
	read_table(r, consent_fields, consent_nfields, &f);
	struct consent_input consent;
	consent_input_from(&f, &consent);
	read_table(r, preparation_fields, preparation_nfields, &f);
	struct preparation_input prep;
	preparation_input_from(&f, &prep);
	read_table(r, meeting_fields, meeting_nfields, &f);
	struct meeting_input meeting;
	meeting_input_from(&f, &meeting);
	read_table(r, reply_fields, reply_nfields, &f);
	struct reply_input reply;
	reply_input_from(&f, &reply);
	read_table(r, establish_fields, establish_nfields, &f);
	struct establish_input est;
	establish_input_from(&f, &est);
	(void)input_raw(r, "csrf_token");
}

#endif
