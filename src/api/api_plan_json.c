/*
 * api_plan_json.c — the JSON shapes of persons and plans (see
 * api_plan_json.h). Field names are DOMAIN.md's; dates are "YYYY-MM-DD"
 * strings, times Unix seconds ("_at" fields), absent values null.
 */
#include "api/api_plan_json.h"

#include "base/date.h"
#include "http/json.h"
#include "sip/personnummer.h"

static json_t *str_or_null(const char *s) { return json_str_or_null(s); }

json_t *api_json_person(const struct person *p)
{
	json_t *o = json_object();
	char birth[11];
	date_format(p->birth, birth);
	json_object_set_new(o, "id", json_integer(p->id));
	json_object_set_new(o, "personnummer", json_string(p->personnummer));
	json_object_set_new(o, "coordination_number",
	                    json_boolean(p->coordination_number));
	json_object_set_new(o, "birth_date", json_string(birth));
	json_object_set_new(o, "age", json_integer(p->age));
	json_object_set_new(o, "is_child", json_boolean(p->is_child));
	json_object_set_new(o, "child_view_required",
	                    json_boolean(p->child_view_required));
	json_object_set_new(o, "given_name", json_string(p->given_name));
	json_object_set_new(o, "family_name", json_string(p->family_name));
	json_object_set_new(o, "address", str_or_null(p->address));
	json_object_set_new(o, "postal_code", str_or_null(p->postal_code));
	json_object_set_new(o, "city", str_or_null(p->city));
	json_object_set_new(o, "phone", str_or_null(p->phone));
	json_object_set_new(o, "email", str_or_null(p->email));
	json_object_set_new(o, "interpreter_language",
	                    str_or_null(p->interpreter_language));
	json_object_set_new(o, "protected_identity",
	                    json_boolean(p->protected_identity));
	json_t *rel = json_array();
	for (int i = 0; i < p->nrelated; i++) {
		const struct related_person *r = &p->related[i];
		json_t *j = json_object();
		json_object_set_new(j, "id", json_integer(r->id));
		json_object_set_new(j, "role", json_string(related_role_name(r->role)));
		json_object_set_new(j, "name", json_string(r->name));
		json_object_set_new(j, "relation", str_or_null(r->relation));
		json_object_set_new(j, "personnummer", str_or_null(r->personnummer));
		json_object_set_new(j, "phone", str_or_null(r->phone));
		json_object_set_new(j, "email", str_or_null(r->email));
		json_object_set_new(j, "address", str_or_null(r->address));
		json_object_set_new(j, "may_read_plan", json_boolean(r->may_read_plan));
		json_array_append_new(rel, j);
	}
	json_object_set_new(o, "related", rel);
	return o;
}

static json_t *principal_refs(const struct plan_principal_ref *p, int n)
{
	json_t *a = json_array();
	for (int i = 0; i < n; i++) {
		json_t *j = json_object();
		json_object_set_new(j, "id", json_integer(p[i].id));
		json_object_set_new(j, "name", json_string(p[i].name));
		json_object_set_new(j, "kind",
		                    json_string(principal_kind_name(p[i].kind)));
		json_array_append_new(a, j);
	}
	return a;
}

static json_t *strings(const char *const *s, int n)
{
	json_t *a = json_array();
	for (int i = 0; i < n; i++)
		json_array_append_new(a, json_string(s[i]));
	return a;
}

static json_t *consent_json(const struct consent *c)
{
	json_t *o = json_object();
	json_object_set_new(o, "id", json_integer(c->id));
	json_object_set_new(o, "given_by", json_string(c->given_by));
	json_object_set_new(o, "givers", strings(c->givers, c->ngivers));
	json_object_set_new(o, "form", json_string(c->form));
	json_object_set_new(o, "scopes", strings(c->scopes, c->nscopes));
	json_object_set_new(o, "recipients",
	                    principal_refs(c->recipients, c->nrecipients));
	json_object_set_new(o, "valid_until", json_string(c->valid_until));
	json_object_set_new(o, "child_informed", json_boolean(c->child_informed));
	json_object_set_new(o, "child_view", str_or_null(c->child_view));
	json_object_set_new(o, "attitude_ascertained",
	                    str_or_null(c->attitude_ascertained));
	json_object_set_new(o, "note", str_or_null(c->note));
	json_object_set_new(o, "recorded_at", json_integer(c->recorded_at));
	json_object_set_new(o, "recorded_by", str_or_null(c->recorded_by_name));
	json_object_set_new(o, "withdrawn_at", json_id_or_null(c->withdrawn_at));
	json_object_set_new(o, "withdrawn_by", str_or_null(c->withdrawn_by_name));
	json_object_set_new(o, "withdrawal_note", str_or_null(c->withdrawal_note));
	json_object_set_new(o, "in_force", json_boolean(c->in_force));
	return o;
}

static json_t *preparation_json(const struct preparation *x)
{
	if (!x)
		return json_null();
	json_t *o = json_object();
	json_object_set_new(o, "purpose", json_string(x->purpose));
	json_object_set_new(o, "individual_goals", str_or_null(x->individual_goals));
	json_object_set_new(o, "individual_questions",
	                    str_or_null(x->individual_questions));
	json_object_set_new(o, "invite_wishes", str_or_null(x->invite_wishes));
	json_object_set_new(o, "participation", json_string(x->participation));
	json_object_set_new(o, "participation_note",
	                    str_or_null(x->participation_note));
	json_object_set_new(o, "interpreter_language",
	                    str_or_null(x->interpreter_language));
	json_object_set_new(o, "aids", str_or_null(x->aids));
	json_object_set_new(o, "breaks_needed", json_boolean(x->breaks_needed));
	json_object_set_new(o, "safe_place", str_or_null(x->safe_place));
	json_object_set_new(o, "relatives_present",
	                    str_or_null(x->relatives_present));
	json_object_set_new(o, "child_voice", str_or_null(x->child_voice));
	json_object_set_new(o, "updated_at", json_integer(x->updated_at));
	json_object_set_new(o, "updated_by", str_or_null(x->updated_by_name));
	return o;
}

json_t *api_json_invitation(const struct invitation *i)
{
	json_t *o = json_object();
	json_object_set_new(o, "id", json_integer(i->id));
	json_object_set_new(o, "meeting_id", json_integer(i->meeting_id));
	json_object_set_new(o, "unit_id", json_id_or_null(i->unit_id));
	json_object_set_new(o, "unit_name", str_or_null(i->unit_name));
	json_object_set_new(o, "external_name", str_or_null(i->external_name));
	json_object_set_new(o, "external_organisation",
	                    str_or_null(i->external_organisation));
	json_object_set_new(o, "external_contact", str_or_null(i->external_contact));
	json_object_set_new(o, "channel", json_string(i->channel));
	json_object_set_new(o, "reply", str_or_null(i->reply));
	json_object_set_new(o, "attendee_name", str_or_null(i->attendee_name));
	json_object_set_new(o, "substitute_name", str_or_null(i->substitute_name));
	json_object_set_new(o, "decline_reason", str_or_null(i->decline_reason));
	json_object_set_new(o, "ongoing_interventions",
	                    str_or_null(i->ongoing_interventions));
	json_object_set_new(o, "replied_at", json_id_or_null(i->replied_at));
	json_object_set_new(o, "replied_by", str_or_null(i->replied_by_name));
	json_object_set_new(o, "registered_by_hand", json_boolean(i->by_hand));
	return o;
}

static json_t *meeting_json(const struct meeting *m)
{
	json_t *o = json_object();
	json_object_set_new(o, "id", json_integer(m->id));
	json_object_set_new(o, "kind", json_string(m->kind));
	json_object_set_new(o, "date", json_string(m->date));
	json_object_set_new(o, "start_time", json_string(m->start_time));
	json_object_set_new(o, "duration_minutes", json_integer(m->duration_minutes));
	json_object_set_new(o, "place", str_or_null(m->place));
	json_object_set_new(o, "video_link", str_or_null(m->video_link));
	json_object_set_new(o, "purpose", json_string(m->purpose));
	json_object_set_new(o, "held", json_boolean(m->held));
	json_object_set_new(o, "chair", str_or_null(m->chair));
	json_object_set_new(o, "secretary", str_or_null(m->secretary));
	json_object_set_new(o, "identity_checked", json_boolean(m->identity_checked));
	json_t *inv = json_array();
	for (int i = 0; i < m->ninvitations; i++)
		json_array_append_new(inv, api_json_invitation(&m->invitations[i]));
	json_object_set_new(o, "invitations", inv);
	json_t *par = json_array();
	for (int i = 0; i < m->nparticipants; i++) {
		const struct meeting_participant *p = &m->participants[i];
		json_t *j = json_object();
		json_object_set_new(j, "name", json_string(p->name));
		json_object_set_new(j, "role", str_or_null(p->role));
		json_object_set_new(j, "unit_id", json_id_or_null(p->unit_id));
		json_object_set_new(j, "invitation_id", json_id_or_null(p->invitation_id));
		json_array_append_new(par, j);
	}
	json_object_set_new(o, "participants", par);
	return o;
}

json_t *api_json_version(const struct plan_version *v)
{
	if (!v)
		return json_null();
	json_t *o = json_object();
	json_object_set_new(o, "id", json_integer(v->id));
	json_object_set_new(o, "version_no", json_integer(v->version_no));
	json_object_set_new(o, "meeting_id", json_id_or_null(v->meeting_id));
	json_object_set_new(o, "purpose", str_or_null(v->purpose));
	json_object_set_new(o, "situation", json_string(v->situation));
	json_object_set_new(o, "wishes", json_string(v->wishes));
	json_object_set_new(o, "future_needs", str_or_null(v->future_needs));
	json_object_set_new(o, "needs", json_string(v->needs));
	json_t *goals = json_array();
	for (int i = 0; i < v->ngoals; i++) {
		json_t *g = json_object();
		json_object_set_new(g, "id", json_integer(v->goals[i].id));
		json_object_set_new(g, "position", json_integer(v->goals[i].position));
		json_object_set_new(g, "kind", json_string(v->goals[i].kind));
		json_object_set_new(g, "text", json_string(v->goals[i].text));
		json_array_append_new(goals, g);
	}
	json_object_set_new(o, "goals", goals);
	json_t *ints = json_array();
	for (int i = 0; i < v->ninterventions; i++) {
		const struct intervention *x = &v->interventions[i];
		json_t *j = json_object();
		json_object_set_new(j, "id", json_integer(x->id));
		json_object_set_new(j, "position", json_integer(x->position));
		json_object_set_new(j, "goal_id", json_id_or_null(x->goal_id));
		json_object_set_new(j, "goal", str_or_null(x->goal_text));
		json_object_set_new(j, "what", json_string(x->what));
		json_object_set_new(j, "responsible_kind",
		                    json_string(x->responsible_kind));
		json_object_set_new(j, "responsible_unit_id",
		                    json_id_or_null(x->responsible_unit_id));
		json_object_set_new(j, "responsible_unit_name",
		                    str_or_null(x->responsible_unit_name));
		json_object_set_new(j, "responsible", json_string(x->responsible_name));
		json_object_set_new(j, "contact_name", str_or_null(x->contact_name));
		json_object_set_new(j, "frequency", str_or_null(x->frequency));
		json_object_set_new(j, "timing", json_string(x->timing));
		json_object_set_new(j, "start_date", str_or_null(x->start_date));
		json_object_set_new(j, "end_date", str_or_null(x->end_date));
		json_array_append_new(ints, j);
	}
	json_object_set_new(o, "interventions", ints);
	json_object_set_new(o, "actions_by_others", str_or_null(v->actions_by_others));
	json_object_set_new(o, "crisis_plan", str_or_null(v->crisis_plan));
	json_t *coord = json_object();
	json_object_set_new(coord, "user_id", json_integer(v->coordinator_user_id));
	json_object_set_new(coord, "name", json_string(v->coordinator_name));
	json_object_set_new(coord, "title", str_or_null(v->coordinator_title));
	json_object_set_new(coord, "unit_id", json_integer(v->coordinator_unit_id));
	json_object_set_new(coord, "unit_name", str_or_null(v->coordinator_unit_name));
	json_object_set_new(o, "coordinator", coord);
	json_object_set_new(o, "contact_persons", str_or_null(v->contact_persons));
	json_t *fu = json_object();
	json_object_set_new(fu, "date", json_string(v->follow_up_date));
	json_object_set_new(fu, "place", json_string(v->follow_up_place));
	json_object_set_new(o, "follow_up", fu);
	json_object_set_new(o, "individual_approved",
	                    json_boolean(v->individual_approved));
	json_object_set_new(o, "change_reason", str_or_null(v->change_reason));
	json_object_set_new(o, "established_at", json_integer(v->established_at));
	json_object_set_new(o, "established_by", str_or_null(v->established_by_name));
	return o;
}

json_t *api_json_plan(const struct plan *p)
{
	json_t *o = json_object();
	json_object_set_new(o, "id", json_integer(p->id));
	json_object_set_new(o, "state", json_string(plan_state_name(p->state)));
	enum plan_state next[8];
	int n = plan_next_states(p->state, next);
	json_t *allowed = json_array();
	for (int i = 0; i < n; i++)
		json_array_append_new(allowed, json_string(plan_state_name(next[i])));
	json_object_set_new(o, "allowed_next", allowed);
	json_object_set_new(o, "person", api_json_person(&p->person));
	json_object_set_new(o, "person_id", json_integer(p->person.id));

	json_t *need = json_object();
	json_object_set_new(need, "initiating_unit_id",
	                    json_integer(p->initiating_unit_id));
	json_object_set_new(need, "initiating_unit_name",
	                    json_string(p->initiating_unit_name));
	json_object_set_new(need, "initiated_by", json_string(p->initiated_by));
	json_object_set_new(need, "initiator_name", str_or_null(p->initiator_name));
	json_object_set_new(need, "need_individual", str_or_null(p->need_individual));
	json_object_set_new(need, "need_professional",
	                    json_string(p->need_professional));
	json_object_set_new(need, "principals",
	                    principal_refs(p->principals, p->nprincipals));
	json_object_set_new(need, "other_actors", str_or_null(p->other_actors));
	json_object_set_new(need, "is_discharge", json_boolean(p->is_discharge));
	json_object_set_new(need, "hospital_episode", str_or_null(p->hospital_episode));
	json_object_set_new(need, "assessed_at", json_integer(p->need_assessed_at));
	json_object_set_new(o, "need", need);
	json_object_set_new(o, "days_waiting", json_integer(p->days_waiting));
	json_object_set_new(o, "lead_unit_id", json_integer(p->lead_unit_id));
	json_object_set_new(o, "lead_unit_name", json_string(p->lead_unit_name));
	json_object_set_new(o, "declined_reason", str_or_null(p->declined_reason));
	json_object_set_new(o, "closed_reason", str_or_null(p->closed_reason));
	json_object_set_new(o, "closed_note", str_or_null(p->closed_note));
	json_object_set_new(o, "closed_at", json_id_or_null(p->closed_at));
	json_object_set_new(o, "next_follow_up_date",
	                    str_or_null(p->next_follow_up_date));
	json_object_set_new(o, "created_at", json_integer(p->created_at));

	json_t *units = json_array();
	for (int i = 0; i < p->nunits; i++) {
		const struct plan_unit_ref *u = &p->units[i];
		json_t *j = json_object();
		json_object_set_new(j, "unit_id", json_integer(u->unit_id));
		json_object_set_new(j, "unit_name", json_string(u->unit_name));
		json_object_set_new(j, "principal_name", json_string(u->principal_name));
		json_object_set_new(j, "principal_kind",
		                    json_string(principal_kind_name(u->principal_kind)));
		json_object_set_new(j, "via", json_string(u->via));
		json_object_set_new(j, "joined_at", json_integer(u->joined_at));
		json_object_set_new(j, "left_at", json_id_or_null(u->left_at));
		json_array_append_new(units, j);
	}
	json_object_set_new(o, "units", units);

	json_t *history = json_array();
	for (int i = 0; i < p->nevents; i++) {
		const struct plan_event *e = &p->events[i];
		json_t *j = json_object();
		json_object_set_new(j, "at", json_integer(e->at));
		json_object_set_new(j, "action", json_string(e->action));
		json_object_set_new(j, "from_state", str_or_null(e->from_state));
		json_object_set_new(j, "to_state", str_or_null(e->to_state));
		json_object_set_new(j, "user", str_or_null(e->user_name));
		json_object_set_new(j, "unit", str_or_null(e->unit_name));
		json_object_set_new(j, "detail", str_or_null(e->detail));
		json_array_append_new(history, j);
	}
	json_object_set_new(o, "history", history);

	json_t *consents = json_array();
	for (int i = 0; i < p->nconsents; i++)
		json_array_append_new(consents, consent_json(&p->consents[i]));
	json_object_set_new(o, "consents", consents);
	json_object_set_new(o, "preparation", preparation_json(p->preparation));
	json_t *meetings = json_array();
	json_t *invitations = json_array();
	for (int i = 0; i < p->nmeetings; i++) {
		json_array_append_new(meetings, meeting_json(&p->meetings[i]));
		for (int k = 0; k < p->meetings[i].ninvitations; k++)
			json_array_append_new(invitations,
			                      api_json_invitation(&p->meetings[i].invitations[k]));
	}
	json_object_set_new(o, "meetings", meetings);
	json_object_set_new(o, "invitations", invitations);
	json_object_set_new(o, "current_version", api_json_version(p->current));
	json_t *versions = json_array();
	for (int i = 0; i < p->nversions; i++) {
		json_t *j = json_object();
		json_object_set_new(j, "version_no", json_integer(p->versions[i].version_no));
		json_object_set_new(j, "established_at",
		                    json_integer(p->versions[i].established_at));
		json_array_append_new(versions, j);
	}
	json_object_set_new(o, "versions", versions);
	return o;
}

json_t *api_json_plan_summary(const struct plan_summary *s)
{
	json_t *o = json_object();
	json_object_set_new(o, "id", json_integer(s->id));
	json_object_set_new(o, "state", json_string(plan_state_name(s->state)));
	json_object_set_new(o, "person_id", json_integer(s->person_id));
	json_object_set_new(o, "person_name", json_string(s->person_name));
	json_object_set_new(o, "personnummer", json_string(s->personnummer));
	json_object_set_new(o, "protected_identity",
	                    json_boolean(s->protected_identity));
	json_object_set_new(o, "lead_unit_name", json_string(s->lead_unit_name));
	json_object_set_new(o, "need_assessed_at", json_integer(s->need_assessed_at));
	json_object_set_new(o, "days_waiting", json_integer(s->days_waiting));
	json_object_set_new(o, "next_follow_up_date",
	                    str_or_null(s->next_follow_up_date));
	json_object_set_new(o, "unanswered_invitations", json_integer(s->unanswered));
	json_object_set_new(o, "awaiting_my_reply", json_integer(s->awaiting_my_reply));
	return o;
}
