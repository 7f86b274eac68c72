/*
 * forms.c — see forms.h.
 */
#include "form/forms.h"

#include <string.h>

#include "base/limits.h"
#include "sip/closing.h"
#include "sip/evaluation.h"
#include "sip/feedback.h"
#include "sip/deviation.h"

#define COUNT(t) (sizeof(t) / sizeof((t)[0]))

const struct field principal_fields[] = {
	{"name", FIELD_TEXT, LIMIT_NAME},
	{"kind", FIELD_TEXT, 32},
	{"active", FIELD_BOOL, 0},
};
const size_t principal_nfields = COUNT(principal_fields);

const struct field unit_fields[] = {
	{"hsa_id", FIELD_TEXT, 64},
	{"name", FIELD_TEXT, LIMIT_NAME},
	{"principal_id", FIELD_ID, 0},
	{"parent_id", FIELD_ID, 0},
	{"email", FIELD_TEXT, 254},
	{"phone", FIELD_TEXT, 30},
	{"postal_address", FIELD_TEXT, LIMIT_SHORT},
	{"active", FIELD_BOOL, 0},
};
const size_t unit_nfields = COUNT(unit_fields);

void unit_input_from(const struct form *f, struct unit_input *in)
{
	*in = (struct unit_input){
		.hsa_id = form_text(f, "hsa_id"),
		.name = form_text(f, "name"),
		.principal_id = form_num(f, "principal_id"),
		.parent_id = form_num(f, "parent_id"),
		.email = form_text(f, "email"),
		.phone = form_text(f, "phone"),
		.postal_address = form_text(f, "postal_address"),
	};
}

const struct field user_fields[] = {
	{"username", FIELD_TEXT, LIMIT_USERNAME},
	{"full_name", FIELD_TEXT, LIMIT_NAME},
	{"title", FIELD_TEXT, LIMIT_SHORT},
	{"email", FIELD_TEXT, 254},
	{"phone", FIELD_TEXT, 30},
	{"role", FIELD_TEXT, 32},
	{"unit_ids", FIELD_ID_LIST, 200},
	{"password", FIELD_SECRET, LIMIT_PASSWORD},
};
const size_t user_nfields = COUNT(user_fields);

void user_input_from(const struct form *f, struct user_input *in)
{
	const struct form_value *units = form_value(f, "unit_ids");
	*in = (struct user_input){
		.username = form_text(f, "username"),
		.full_name = form_text(f, "full_name"),
		.title = form_text(f, "title"),
		.email = form_text(f, "email"),
		.phone = form_text(f, "phone"),
		.role = form_text(f, "role"),
		.password = form_text(f, "password"),
		.unit_ids = units->ids,
		.nunits = units->nlist,
	};
}

const struct field person_fields[] = {
	{"personnummer", FIELD_TEXT, 20},
	{"given_name", FIELD_TEXT, LIMIT_NAME},
	{"family_name", FIELD_TEXT, LIMIT_NAME},
	{"address", FIELD_TEXT, LIMIT_SHORT},
	{"postal_code", FIELD_TEXT, 10},
	{"city", FIELD_TEXT, LIMIT_NAME},
	{"phone", FIELD_TEXT, 30},
	{"email", FIELD_TEXT, 254},
	{"interpreter_language", FIELD_TEXT, 100},
	{"protected_identity", FIELD_BOOL, 0},
};
const size_t person_nfields = COUNT(person_fields);

void person_input_from(const struct form *f, struct person_input *in)
{
	*in = (struct person_input){
		.personnummer = form_text(f, "personnummer"),
		.given_name = form_text(f, "given_name"),
		.family_name = form_text(f, "family_name"),
		.address = form_text(f, "address"),
		.postal_code = form_text(f, "postal_code"),
		.city = form_text(f, "city"),
		.phone = form_text(f, "phone"),
		.email = form_text(f, "email"),
		.interpreter_language = form_text(f, "interpreter_language"),
		.protected_identity = form_bool(f, "protected_identity"),
	};
}

const struct field own_reading_fields[] = {
	{"decision", FIELD_TEXT, 16},
	{"own_reading_refused", FIELD_TEXT, LIMIT_SHORT},
};
const size_t own_reading_nfields = COUNT(own_reading_fields);

void own_reading_input_from(const struct form *f, bool *refuse,
                            const char **reason)
{
	const char *decision = form_text(f, "decision");
	*refuse = !decision || strcmp(decision, "allow") != 0;
	*reason = form_text(f, "own_reading_refused");
}

const struct field related_fields[] = {
	{"role", FIELD_TEXT, 20},
	{"name", FIELD_TEXT, LIMIT_NAME},
	{"relation", FIELD_TEXT, LIMIT_SHORT},
	{"personnummer", FIELD_TEXT, 20},
	{"phone", FIELD_TEXT, 30},
	{"email", FIELD_TEXT, 254},
	{"address", FIELD_TEXT, LIMIT_SHORT},
	{"may_read_plan", FIELD_BOOL, 0},
};
const size_t related_nfields = COUNT(related_fields);

void related_input_from(const struct form *f, struct related_input *in)
{
	*in = (struct related_input){
		.role = form_text(f, "role"),
		.name = form_text(f, "name"),
		.relation = form_text(f, "relation"),
		.personnummer = form_text(f, "personnummer"),
		.phone = form_text(f, "phone"),
		.email = form_text(f, "email"),
		.address = form_text(f, "address"),
		.may_read_plan = form_bool(f, "may_read_plan"),
	};
}

const struct field plan_create_fields[] = {
	{"person_id", FIELD_ID, 0},
	{"personnummer", FIELD_TEXT, 20},
	{"initiating_unit_id", FIELD_ID, 0},
	{"initiated_by", FIELD_TEXT, 20},
	{"initiator_name", FIELD_TEXT, LIMIT_NAME},
	{"need_individual", FIELD_MULTILINE, LIMIT_TEXT},
	{"need_professional", FIELD_MULTILINE, LIMIT_TEXT},
	{"principal_ids", FIELD_ID_LIST, 50},
	{"other_actors", FIELD_MULTILINE, LIMIT_TEXT},
	{"is_discharge", FIELD_BOOL, 0},
	{"hospital_episode", FIELD_TEXT, LIMIT_SHORT},
};
const size_t plan_create_nfields = COUNT(plan_create_fields);

void plan_create_input_from(const struct form *f, struct plan_create_input *in)
{
	const struct form_value *p = form_value(f, "principal_ids");
	*in = (struct plan_create_input){
		.person_id = form_num(f, "person_id"),
		.personnummer = form_text(f, "personnummer"),
		.initiating_unit_id = form_num(f, "initiating_unit_id"),
		.initiated_by = form_text(f, "initiated_by"),
		.initiator_name = form_text(f, "initiator_name"),
		.need_individual = form_text(f, "need_individual"),
		.need_professional = form_text(f, "need_professional"),
		.principal_ids = p->ids,
		.nprincipals = p->nlist,
		.other_actors = form_text(f, "other_actors"),
		.is_discharge = form_bool(f, "is_discharge"),
		.hospital_episode = form_text(f, "hospital_episode"),
	};
}

const struct field reason_fields[] = {
	{"reason", FIELD_MULTILINE, LIMIT_TEXT},
	{"note", FIELD_MULTILINE, LIMIT_TEXT},
};
const size_t reason_nfields = COUNT(reason_fields);

const struct field decline_fields[] = {
	{"cause", FIELD_TEXT, 40},
	{"reason", FIELD_MULTILINE, LIMIT_TEXT},
};
const size_t decline_nfields = COUNT(decline_fields);

void decline_input_from(const struct form *f, struct decline_input *in)
{
	in->cause = form_text(f, "cause");
	in->reason = form_text(f, "reason");
}

const struct field consent_fields[] = {
	{"given_by", FIELD_TEXT, 20},
	{"form", FIELD_TEXT, 20},
	{"valid_until", FIELD_DATE, 0},
	{"scopes", FIELD_TEXT_LIST, 10},
	{"recipient_ids", FIELD_ID_LIST, 50},
	{"giver_ids", FIELD_ID_LIST, 10},
	{"child_informed", FIELD_BOOL, 0},
	{"child_view", FIELD_MULTILINE, LIMIT_TEXT},
	{"attitude_ascertained", FIELD_MULTILINE, LIMIT_TEXT},
	{"note", FIELD_MULTILINE, LIMIT_TEXT},
};
const size_t consent_nfields = COUNT(consent_fields);

void consent_input_from(const struct form *f, struct consent_input *in)
{
	const struct form_value *scopes = form_value(f, "scopes");
	const struct form_value *rec = form_value(f, "recipient_ids");
	const struct form_value *giv = form_value(f, "giver_ids");
	*in = (struct consent_input){
		.given_by = form_text(f, "given_by"),
		.form = form_text(f, "form"),
		.valid_until = form_text(f, "valid_until"),
		.scopes = scopes->list,
		.nscopes = scopes->nlist,
		.recipient_ids = rec->ids,
		.nrecipients = rec->nlist,
		.giver_ids = giv->ids,
		.ngivers = giv->nlist,
		.child_informed = form_bool(f, "child_informed"),
		.child_view = form_text(f, "child_view"),
		.attitude_ascertained = form_text(f, "attitude_ascertained"),
		.note = form_text(f, "note"),
	};
}

const struct field withdrawal_fields[] = {
	{"method", FIELD_TEXT, 20},
	{"stated_date", FIELD_DATE, 0},
	{"stated_time", FIELD_TIME, 0},
	{"received_by", FIELD_TEXT, LIMIT_NAME},
	{"note", FIELD_MULTILINE, WITHDRAWAL_NOTE_MAX},
};
const size_t withdrawal_nfields = COUNT(withdrawal_fields);

void withdrawal_input_from(const struct form *f, struct withdrawal_input *in)
{
	*in = (struct withdrawal_input){
		.method = form_text(f, "method"),
		.stated_date = form_text(f, "stated_date"),
		.stated_time = form_text(f, "stated_time"),
		.received_by = form_text(f, "received_by"),
		.note = form_text(f, "note"),
	};
}

const struct field preparation_fields[] = {
	{"purpose", FIELD_MULTILINE, LIMIT_TEXT},
	{"individual_goals", FIELD_MULTILINE, LIMIT_TEXT},
	{"individual_questions", FIELD_MULTILINE, LIMIT_TEXT},
	{"invite_wishes", FIELD_MULTILINE, LIMIT_TEXT},
	{"participation", FIELD_TEXT, 30},
	{"participation_note", FIELD_MULTILINE, LIMIT_TEXT},
	{"interpreter_language", FIELD_TEXT, 100},
	{"aids", FIELD_MULTILINE, LIMIT_TEXT},
	{"breaks_needed", FIELD_BOOL, 0},
	{"safe_place", FIELD_MULTILINE, LIMIT_TEXT},
	{"relatives_present", FIELD_MULTILINE, LIMIT_TEXT},
	{"child_voice", FIELD_MULTILINE, LIMIT_TEXT},
};
const size_t preparation_nfields = COUNT(preparation_fields);

void preparation_input_from(const struct form *f, struct preparation_input *in)
{
	*in = (struct preparation_input){
		.purpose = form_text(f, "purpose"),
		.individual_goals = form_text(f, "individual_goals"),
		.individual_questions = form_text(f, "individual_questions"),
		.invite_wishes = form_text(f, "invite_wishes"),
		.participation = form_text(f, "participation"),
		.participation_note = form_text(f, "participation_note"),
		.interpreter_language = form_text(f, "interpreter_language"),
		.aids = form_text(f, "aids"),
		.breaks_needed = form_bool(f, "breaks_needed"),
		.safe_place = form_text(f, "safe_place"),
		.relatives_present = form_text(f, "relatives_present"),
		.child_voice = form_text(f, "child_voice"),
	};
}

const struct field meeting_fields[] = {
	{"date", FIELD_DATE, 0},
	{"start_time", FIELD_TIME, 0},
	{"duration_minutes", FIELD_INT, 0},
	{"place", FIELD_TEXT, LIMIT_SHORT},
	{"video_link", FIELD_TEXT, 500},
	{"purpose", FIELD_MULTILINE, LIMIT_TEXT},
};
const size_t meeting_nfields = COUNT(meeting_fields);

/* Moving a meeting: its time and place, as booked; not its purpose,
 * which the invitations gave. */
const struct field meeting_reschedule_fields[] = {
	{"date", FIELD_DATE, 0},
	{"start_time", FIELD_TIME, 0},
	{"duration_minutes", FIELD_INT, 0},
	{"place", FIELD_TEXT, LIMIT_SHORT},
	{"video_link", FIELD_TEXT, 500},
};
const size_t meeting_reschedule_nfields = COUNT(meeting_reschedule_fields);

void meeting_reschedule_input_from(const struct form *f,
                                   struct meeting_input *in)
{
	*in = (struct meeting_input){
		.date = form_text(f, "date"),
		.start_time = form_text(f, "start_time"),
		.duration_minutes = (int)form_num(f, "duration_minutes"),
		.place = form_text(f, "place"),
		.video_link = form_text(f, "video_link"),
	};
}

void meeting_input_from(const struct form *f, struct meeting_input *in)
{
	*in = (struct meeting_input){
		.date = form_text(f, "date"),
		.start_time = form_text(f, "start_time"),
		.duration_minutes = (int)form_num(f, "duration_minutes"),
		.place = form_text(f, "place"),
		.video_link = form_text(f, "video_link"),
		.purpose = form_text(f, "purpose"),
	};
}

const struct field reply_fields[] = {
	{"reply", FIELD_TEXT, 20},
	{"attendee_name", FIELD_TEXT, LIMIT_NAME},
	{"substitute_name", FIELD_TEXT, LIMIT_NAME},
	{"substitute_user_id", FIELD_ID, 0},
	{"decline_reason", FIELD_MULTILINE, LIMIT_TEXT},
	{"ongoing_interventions", FIELD_MULTILINE, LIMIT_TEXT},
};
const size_t reply_nfields = COUNT(reply_fields);

const struct field remind_fields[] = {
	{"back", FIELD_TEXT, 10},
};
const size_t remind_nfields = COUNT(remind_fields);

void reply_input_from(const struct form *f, struct reply_input *in)
{
	*in = (struct reply_input){
		.reply = form_text(f, "reply"),
		.attendee_name = form_text(f, "attendee_name"),
		.substitute_name = form_text(f, "substitute_name"),
		.substitute_user_id = form_num(f, "substitute_user_id"),
		.decline_reason = form_text(f, "decline_reason"),
		.ongoing_interventions = form_text(f, "ongoing_interventions"),
	};
}

const struct field establish_fields[] = {
	{"meeting_id", FIELD_ID, 0},
	{"chair", FIELD_TEXT, LIMIT_NAME},
	{"secretary", FIELD_TEXT, LIMIT_NAME},
	{"identity_checked", FIELD_BOOL, 0},
	{"purpose", FIELD_MULTILINE, LIMIT_TEXT},
	{"situation", FIELD_MULTILINE, LIMIT_TEXT},
	{"wishes", FIELD_MULTILINE, LIMIT_TEXT},
	{"future_needs", FIELD_MULTILINE, LIMIT_TEXT},
	{"needs", FIELD_MULTILINE, LIMIT_TEXT},
	{"actions_by_others", FIELD_MULTILINE, LIMIT_TEXT},
	{"crisis_plan", FIELD_MULTILINE, LIMIT_TEXT},
	{"coordinator_user_id", FIELD_ID, 0},
	{"coordinator_fast_care_contact", FIELD_BOOL, 0},
	{"contact_persons", FIELD_MULTILINE, LIMIT_TEXT},
	{"follow_up_date", FIELD_DATE, 0},
	{"follow_up_place", FIELD_TEXT, LIMIT_SHORT},
	{"individual_approved", FIELD_BOOL, 0},
	{"change_reason", FIELD_MULTILINE, LIMIT_TEXT},
};
const size_t establish_nfields = COUNT(establish_fields);

void establish_input_from(const struct form *f, struct establish_input *in)
{
	in->meeting_id = form_num(f, "meeting_id");
	in->chair = form_text(f, "chair");
	in->secretary = form_text(f, "secretary");
	in->identity_checked = form_bool(f, "identity_checked");
	in->purpose = form_text(f, "purpose");
	in->situation = form_text(f, "situation");
	in->wishes = form_text(f, "wishes");
	in->future_needs = form_text(f, "future_needs");
	in->needs = form_text(f, "needs");
	in->actions_by_others = form_text(f, "actions_by_others");
	in->crisis_plan = form_text(f, "crisis_plan");
	in->coordinator_user_id = form_num(f, "coordinator_user_id");
	in->coordinator_fast_care_contact =
		form_bool(f, "coordinator_fast_care_contact");
	in->contact_persons = form_text(f, "contact_persons");
	in->follow_up_date = form_text(f, "follow_up_date");
	in->follow_up_place = form_text(f, "follow_up_place");
	in->individual_approved = form_bool(f, "individual_approved");
	in->change_reason = form_text(f, "change_reason");
}

const struct field close_fields[] = {
	{"reason", FIELD_TEXT, 40},
	{"note", FIELD_MULTILINE, LIMIT_TEXT},
	{"closed_participation", FIELD_TEXT, 20},
};
const size_t close_nfields = COUNT(close_fields);

void close_input_from(const struct form *f, struct close_input *in)
{
	in->reason = form_text(f, "reason");
	in->note = form_text(f, "note");
	in->participation = form_text(f, "closed_participation");
}

const struct field closing_note_fields[] = {
	{"note", FIELD_MULTILINE, LIMIT_TEXT},
	{"unit_id", FIELD_ID, 0},
};
const size_t closing_note_nfields = COUNT(closing_note_fields);

/* A scale answer as the domain reads it: -1 when none was chosen; a
 * number far out of range stays out of range (the domain refuses it). */
static int scale_answer(const struct form *f, const char *key)
{
	const struct form_value *v = form_value(f, key);
	if (!v || !v->text)
		return -1;
	return v->num >= 0 && v->num < 100 ? (int)v->num : 99;
}

/* The byte caps are the door's; the domain counts characters. */
const struct field feedback_fields[] = {
	{"listened", FIELD_INT, 0},
	{"understood", FIELD_INT, 0},
	{"said_what_mattered", FIELD_INT, 0},
	{"prepared", FIELD_INT, 0},
	{"free_text", FIELD_MULTILINE, 4 * FEEDBACK_TEXT_MAX},
};
const size_t feedback_nfields = COUNT(feedback_fields);

void feedback_input_from(const struct form *f, struct feedback_input *in)
{
	*in = (struct feedback_input){.free_text = form_text(f, "free_text")};
	for (int q = 0; q < FEEDBACK_NQUESTIONS; q++)
		in->answers[q] = scale_answer(f, feedback_questions[q].key);
}

const struct field evaluation_fields[] = {
	{"unit_id", FIELD_ID, 0},
	{"individual_in_focus", FIELD_INT, 0},
	{"everyone_heard", FIELD_INT, 0},
	{"worked_well", FIELD_MULTILINE, 4 * EVALUATION_TEXT_MAX},
	{"do_differently", FIELD_MULTILINE, 4 * EVALUATION_TEXT_MAX},
};
const size_t evaluation_nfields = COUNT(evaluation_fields);

void evaluation_input_from(const struct form *f, struct evaluation_input *in)
{
	*in = (struct evaluation_input){
		.unit_id = form_num(f, "unit_id"),
		.worked_well = form_text(f, "worked_well"),
		.do_differently = form_text(f, "do_differently"),
	};
	for (int q = 0; q < EVALUATION_NQUESTIONS; q++)
		in->answers[q] = scale_answer(f, evaluation_questions[q].key);
}

const struct field deviation_fields[] = {
	{"kind", FIELD_TEXT, 32},
	{"unit_id", FIELD_ID, 0},
	{"description", FIELD_MULTILINE, DEVIATION_DESCRIPTION_MAX},
	{"suggestion", FIELD_TEXT, 32},
	{"invitation_id", FIELD_ID, 0},
};
const size_t deviation_nfields = COUNT(deviation_fields);

void deviation_input_from(const struct form *f, struct deviation_input *in)
{
	*in = (struct deviation_input){
		.kind = form_text(f, "kind"),
		.unit_id = form_num(f, "unit_id"),
		.description = form_text(f, "description"),
		.suggestion = form_text(f, "suggestion"),
		.invitation_id = form_num(f, "invitation_id"),
	};
}

const struct field deviation_step_fields[] = {
	{"handler_user_id", FIELD_ID, 0},
	{"text", FIELD_MULTILINE, DEVIATION_TEXT_MAX},
};
const size_t deviation_step_nfields = COUNT(deviation_step_fields);

void deviation_step_input_from(const struct form *f,
                               struct deviation_step_input *in)
{
	*in = (struct deviation_step_input){
		.handler_user_id = form_num(f, "handler_user_id"),
		.text = form_text(f, "text"),
	};
}
