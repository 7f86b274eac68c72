/*
 * follow_up_forms.c — the field tables of step 6 and their mapping to
 * the domain's input structs (see follow_up_forms.h). The door checks
 * form only; the rules are follow_up.c's.
 */
#include "form/follow_up_forms.h"

#include "base/limits.h"

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

const struct field follow_up_start_fields[] = {
	{"reason", FIELD_TEXT, 40},
	{"note", FIELD_MULTILINE, LIMIT_TEXT},
};
const size_t follow_up_start_nfields = COUNT(follow_up_start_fields);

void follow_up_start_input_from(const struct form *f,
                                struct follow_up_start_input *in)
{
	*in = (struct follow_up_start_input){
		.reason = form_text(f, "reason"),
		.note = form_text(f, "note"),
	};
}

const struct field follow_up_shared_fields[] = {
	{"wellbeing", FIELD_MULTILINE, LIMIT_TEXT},
	{"new_information", FIELD_MULTILINE, LIMIT_TEXT},
	{"coordination_needed", FIELD_TEXT, 10},
};
const size_t follow_up_shared_nfields = COUNT(follow_up_shared_fields);

void follow_up_shared_input_from(const struct form *f,
                                 struct follow_up_record_input *in)
{
	in->wellbeing = form_text(f, "wellbeing");
	in->new_information = form_text(f, "new_information");
	in->coordination_needed = form_text(f, "coordination_needed");
}

const struct field follow_up_conclude_fields[] = {
	{"outcome", FIELD_TEXT, 20},
	{"next_date", FIELD_DATE, 0},
	{"next_place", FIELD_TEXT, LIMIT_SHORT},
	{"reason", FIELD_TEXT, 40},
	{"note", FIELD_MULTILINE, LIMIT_TEXT},
	{"new_plan_need", FIELD_MULTILINE, LIMIT_TEXT},
};
const size_t follow_up_conclude_nfields = COUNT(follow_up_conclude_fields);

void follow_up_conclude_input_from(const struct form *f,
                                   struct follow_up_conclude_input *in)
{
	*in = (struct follow_up_conclude_input){
		.outcome = form_text(f, "outcome"),
		.next_date = form_text(f, "next_date"),
		.next_place = form_text(f, "next_place"),
		.close_reason = form_text(f, "reason"),
		.close_note = form_text(f, "note"),
		.new_plan_need = form_text(f, "new_plan_need"),
	};
}

const struct field approval_fields[] = {
	{"given_by", FIELD_TEXT, 20},
	{"names", FIELD_TEXT, LIMIT_SHORT},
	{"method", FIELD_TEXT, 20},
	{"approved_on", FIELD_DATE, 0},
};
const size_t approval_nfields = COUNT(approval_fields);

void approval_input_from(const struct form *f, struct approval_input *in)
{
	*in = (struct approval_input){
		.given_by = form_text(f, "given_by"),
		.names = form_text(f, "names"),
		.method = form_text(f, "method"),
		.approved_on = form_text(f, "approved_on"),
	};
}

const struct field handover_fields[] = {
	{"version_no", FIELD_INT, 0},
	{"recipient", FIELD_TEXT, 20},
	{"recipient_name", FIELD_TEXT, LIMIT_NAME},
	{"organisation", FIELD_TEXT, LIMIT_NAME},
	{"method", FIELD_TEXT, 20},
	{"handed_on", FIELD_DATE, 0},
};
const size_t handover_nfields = COUNT(handover_fields);

void handover_input_from(const struct form *f, struct handover_input *in)
{
	int64_t no = form_num(f, "version_no");
	*in = (struct handover_input){
		.version_no = no < 0 || no > 1000000 ? -1 : (int)no,
		.recipient = form_text(f, "recipient"),
		.recipient_name = form_text(f, "recipient_name"),
		.organisation = form_text(f, "organisation"),
		.method = form_text(f, "method"),
		.handed_on = form_text(f, "handed_on"),
	};
}
