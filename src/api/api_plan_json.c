/*
 * api_plan_json.c — the JSON shapes of persons and plans (see
 * api_plan_json.h). Field names are DOMAIN.md's; dates are "YYYY-MM-DD"
 * strings, times Unix seconds ("_at" fields), absent values null.
 *
 * A plan arrives filtered to what the caller may see (plan_read.c,
 * access.h); a field the caller may not see is left out here — not
 * written as null — and "withheld" lists the consent scopes of the
 * categories that hid something (docs/openapi.yaml, PlanWithheld).
 */
#include "api/api_plan_json.h"

#include "base/date.h"
#include "sip/access.h"
#include "sip/field.h"
#include "sip/plan_actions.h"

static void related_json(struct json_writer *w, const struct related_person *r)
{
	jw_object(w);
	jw_kint(w, "id", r->id);
	jw_kstr(w, "role", related_role_name(r->role));
	jw_kstr(w, "name", r->name);
	jw_kstr(w, "relation", r->relation);
	jw_kstr(w, "personnummer", r->personnummer);
	jw_kstr(w, "phone", r->phone);
	jw_kstr(w, "email", r->email);
	jw_kstr(w, "address", r->address);
	jw_kbool(w, "may_read_plan", r->may_read_plan);
	jw_end(w);
}

void api_json_person(struct json_writer *w, const struct person *p)
{
	char birth[11];
	date_format(p->birth, birth);
	jw_object(w);
	jw_kint(w, "id", p->id);
	jw_kstr(w, "personnummer", p->personnummer);
	jw_kbool(w, "coordination_number", p->coordination_number);
	jw_kstr(w, "birth_date", birth);
	jw_kint(w, "age", p->age);
	jw_kbool(w, "is_child", p->is_child);
	jw_kbool(w, "child_view_required", p->child_view_required);
	jw_kstr(w, "given_name", p->given_name);
	jw_kstr(w, "family_name", p->family_name);
	jw_kstr(w, "address", p->address);
	jw_kstr(w, "postal_code", p->postal_code);
	jw_kstr(w, "city", p->city);
	jw_kstr(w, "phone", p->phone);
	jw_kstr(w, "email", p->email);
	jw_kstr(w, "interpreter_language", p->interpreter_language);
	jw_kbool(w, "protected_identity", p->protected_identity);
	jw_kbool(w, "contact_hidden", p->contact_hidden);
	jw_kstr(w, "own_reading_refused", p->own_reading_refused);
	jw_key(w, "related");
	jw_array(w);
	for (int i = 0; i < p->nrelated; i++)
		related_json(w, &p->related[i]);
	jw_end(w);
	jw_end(w);
}

static void principal_refs(struct json_writer *w, const char *key,
                           const struct plan_principal_ref *p, int n)
{
	jw_key(w, key);
	jw_array(w);
	for (int i = 0; i < n; i++) {
		jw_object(w);
		jw_kint(w, "id", p[i].id);
		jw_kstr(w, "name", p[i].name);
		jw_kstr(w, "kind", principal_kind_name(p[i].kind));
		jw_end(w);
	}
	jw_end(w);
}

/* The consent scopes of the withheld categories, as "withheld". */
static void withheld_json(struct json_writer *w, unsigned withheld)
{
	jw_key(w, "withheld");
	jw_array(w);
	for (int c = 0; c < FIELD_NCATEGORIES; c++)
		if ((withheld & (1u << c)) && field_category_scope(c))
			jw_str(w, field_category_scope(c));
	jw_end(w);
}

void api_json_consent(struct json_writer *w, const struct access_view *v,
                      const struct consent *c)
{
	jw_object(w);
	jw_kint(w, "id", c->id);
	jw_kstr(w, "given_by", c->given_by);
	jw_kstrs(w, "givers", c->givers, c->ngivers);
	jw_kstr(w, "form", c->form);
	jw_kstrs(w, "scopes", c->scopes, c->nscopes);
	principal_refs(w, "recipients", c->recipients, c->nrecipients);
	jw_kstr(w, "valid_until", c->valid_until);
	jw_kbool(w, "child_informed", c->child_informed);
	jw_kstr(w, "child_view", c->child_view);
	if (access_sees(v, FIELD_CONSENT_ATTITUDE))
		jw_kstr(w, "attitude_ascertained", c->attitude_ascertained);
	jw_kstr(w, "note", c->note);
	jw_kint(w, "recorded_at", c->recorded_at);
	jw_kstr(w, "recorded_by", c->recorded_by_name);
	jw_kid(w, "withdrawn_at", c->withdrawn_at);
	jw_kstr(w, "withdrawn_by", c->withdrawn_by_name);
	jw_kstr(w, "withdrawal_method", c->withdrawal_method);
	jw_kid(w, "withdrawal_stated_at", c->withdrawal_stated_at);
	jw_kstr(w, "withdrawal_received_by", c->withdrawal_received_by);
	jw_kstr(w, "withdrawal_note", c->withdrawal_note);
	jw_kbool(w, "in_force", c->in_force);
	jw_end(w);
}

static void preparation_json(struct json_writer *w, const struct access_view *v,
                             const struct preparation *x)
{
	if (!x) {
		jw_null(w);
		return;
	}
	jw_object(w);
	jw_kstr(w, "purpose", x->purpose);
	jw_kstr(w, "individual_goals", x->individual_goals);
	jw_kstr(w, "individual_questions", x->individual_questions);
	jw_kstr(w, "invite_wishes", x->invite_wishes);
	jw_kstr(w, "participation", x->participation);
	jw_kstr(w, "participation_note", x->participation_note);
	jw_kstr(w, "interpreter_language", x->interpreter_language);
	if (access_sees(v, FIELD_PREP_AIDS))
		jw_kstr(w, "aids", x->aids);
	jw_kbool(w, "breaks_needed", x->breaks_needed);
	jw_kstr(w, "safe_place", x->safe_place);
	jw_kstr(w, "relatives_present", x->relatives_present);
	jw_kstr(w, "child_voice", x->child_voice);
	jw_kint(w, "updated_at", x->updated_at);
	jw_kstr(w, "updated_by", x->updated_by_name);
	jw_end(w);
}

/* The members of an invitation, inside an object the caller opened. */
void api_json_invitation_members(struct json_writer *w,
                                 const struct invitation *i)
{
	jw_kint(w, "id", i->id);
	jw_kint(w, "meeting_id", i->meeting_id);
	jw_kid(w, "unit_id", i->unit_id);
	jw_kstr(w, "unit_name", i->unit_name);
	jw_kstr(w, "external_name", i->external_name);
	jw_kstr(w, "external_organisation", i->external_organisation);
	jw_kstr(w, "external_contact", i->external_contact);
	jw_kstr(w, "channel", i->channel);
	jw_kstr(w, "reply", i->reply);
	jw_kstr(w, "attendee_name", i->attendee_name);
	jw_kstr(w, "substitute_name", i->substitute_name);
	jw_kid(w, "substitute_user_id", i->substitute_user_id);
	jw_kstr(w, "decline_reason", i->decline_reason);
	if (!i->ongoing_withheld)
		jw_kstr(w, "ongoing_interventions", i->ongoing_interventions);
	jw_kid(w, "replied_at", i->replied_at);
	jw_kstr(w, "replied_by", i->replied_by_name);
	jw_kbool(w, "registered_by_hand", i->by_hand);
	jw_key(w, "professionals");
	jw_array(w);
	for (int k = 0; k < i->nprofessionals; k++) {
		jw_object(w);
		jw_kint(w, "user_id", i->professionals[k].user_id);
		jw_kstr(w, "name", i->professionals[k].name);
		jw_kstr(w, "title", i->professionals[k].title);
		jw_end(w);
	}
	jw_end(w);
}

void api_json_invitation(struct json_writer *w, const struct invitation *i)
{
	jw_object(w);
	api_json_invitation_members(w, i);
	jw_end(w);
}

static void meeting_json(struct json_writer *w, const struct meeting *m)
{
	jw_object(w);
	jw_kint(w, "id", m->id);
	jw_kstr(w, "kind", m->kind);
	jw_kstr(w, "date", m->date);
	jw_kstr(w, "start_time", m->start_time);
	jw_kint(w, "duration_minutes", m->duration_minutes);
	jw_kstr(w, "place", m->place);
	jw_kstr(w, "video_link", m->video_link);
	jw_kstr(w, "purpose", m->purpose);
	jw_kbool(w, "held", m->held);
	jw_kstr(w, "chair", m->chair);
	jw_kstr(w, "secretary", m->secretary);
	jw_kbool(w, "identity_checked", m->identity_checked);
	jw_kid(w, "cancelled_at", m->cancelled_at);
	jw_kstr(w, "cancelled_by", m->cancelled_by_name);
	jw_kstr(w, "cancel_reason", m->cancel_reason);
	jw_key(w, "invitations");
	jw_array(w);
	for (int i = 0; i < m->ninvitations; i++)
		api_json_invitation(w, &m->invitations[i]);
	jw_end(w);
	jw_key(w, "participants");
	jw_array(w);
	for (int i = 0; i < m->nparticipants; i++) {
		const struct meeting_participant *p = &m->participants[i];
		jw_object(w);
		jw_kstr(w, "name", p->name);
		jw_kstr(w, "role", p->role);
		jw_kid(w, "unit_id", p->unit_id);
		jw_kid(w, "invitation_id", p->invitation_id);
		jw_end(w);
	}
	jw_end(w);
	jw_end(w);
}

static void intervention_json(struct json_writer *w, const struct intervention *x)
{
	jw_object(w);
	jw_kint(w, "id", x->id);
	jw_kint(w, "position", x->position);
	jw_kid(w, "goal_id", x->goal_id);
	jw_kstr(w, "goal", x->goal_text);
	if (!x->withheld)
		jw_kstr(w, "what", x->what);
	jw_kstr(w, "responsible_kind", x->responsible_kind);
	jw_kid(w, "responsible_unit_id", x->responsible_unit_id);
	jw_kstr(w, "responsible_unit_name", x->responsible_unit_name);
	jw_kstr(w, "responsible", x->responsible_name);
	jw_key(w, "also_responsible");
	jw_array(w);
	for (int k = 0; k < x->nalso; k++) {
		jw_object(w);
		jw_kstr(w, "kind", x->also[k].kind);
		jw_kid(w, "unit_id", x->also[k].unit_id);
		jw_kstr(w, "unit_name", x->also[k].unit_name);
		jw_end(w);
	}
	jw_end(w);
	if (x->withheld) {
		/* what is done, whom to contact, how often and when */
		jw_kstr(w, "withheld", field_category_scope(x->category));
	} else {
		jw_kstr(w, "contact_name", x->contact_name);
		jw_kstr(w, "frequency", x->frequency);
		jw_kstr(w, "timing", x->timing);
		jw_kstr(w, "start_date", x->start_date);
		jw_kstr(w, "end_date", x->end_date);
	}
	jw_end(w);
}

void api_json_version(struct json_writer *w, const struct plan_version *v)
{
	if (!v) {
		jw_null(w);
		return;
	}
	jw_object(w);
	jw_kint(w, "id", v->id);
	jw_kint(w, "version_no", v->version_no);
	jw_kid(w, "meeting_id", v->meeting_id);
	const struct access_view *view = &v->view;
	jw_kstr(w, "purpose", v->purpose);
	if (access_sees(view, FIELD_VERSION_SITUATION))
		jw_kstr(w, "situation", v->situation);
	jw_kstr(w, "wishes", v->wishes);
	if (access_sees(view, FIELD_VERSION_FUTURE_NEEDS))
		jw_kstr(w, "future_needs", v->future_needs);
	if (access_sees(view, FIELD_VERSION_NEEDS))
		jw_kstr(w, "needs", v->needs);
	jw_key(w, "goals");
	jw_array(w);
	for (int i = 0; i < v->ngoals; i++) {
		jw_object(w);
		jw_kint(w, "id", v->goals[i].id);
		jw_kint(w, "position", v->goals[i].position);
		jw_kstr(w, "kind", v->goals[i].kind);
		jw_kstr(w, "text", v->goals[i].text);
		jw_end(w);
	}
	jw_end(w);
	jw_key(w, "interventions");
	jw_array(w);
	for (int i = 0; i < v->ninterventions; i++)
		intervention_json(w, &v->interventions[i]);
	jw_end(w);
	if (access_sees(view, FIELD_VERSION_ACTIONS_BY_OTHERS))
		jw_kstr(w, "actions_by_others", v->actions_by_others);
	if (access_sees(view, FIELD_VERSION_CRISIS_PLAN))
		jw_kstr(w, "crisis_plan", v->crisis_plan);
	jw_key(w, "coordinator");
	jw_object(w);
	jw_kint(w, "user_id", v->coordinator_user_id);
	jw_kstr(w, "name", v->coordinator_name);
	jw_kstr(w, "title", v->coordinator_title);
	jw_kint(w, "unit_id", v->coordinator_unit_id);
	jw_kstr(w, "unit_name", v->coordinator_unit_name);
	jw_kbool(w, "fast_care_contact", v->coordinator_fast_care_contact);
	jw_end(w);
	jw_kstr(w, "contact_persons", v->contact_persons);
	jw_key(w, "follow_up");
	jw_object(w);
	jw_kstr(w, "date", v->follow_up_date);
	jw_kstr(w, "place", v->follow_up_place);
	jw_end(w);
	jw_kbool(w, "individual_approved", v->individual_approved);
	jw_kstr(w, "change_reason", v->change_reason);
	jw_kint(w, "established_at", v->established_at);
	jw_kstr(w, "established_by", v->established_by_name);
	api_json_approval_members(w, v);
	withheld_json(w, v->withheld);
	jw_end(w);
}

static void need_json(struct json_writer *w, const struct plan *p)
{
	jw_object(w);
	jw_kint(w, "initiating_unit_id", p->initiating_unit_id);
	jw_kstr(w, "initiating_unit_name", p->initiating_unit_name);
	jw_kstr(w, "initiated_by", p->initiated_by);
	jw_kstr(w, "initiator_name", p->initiator_name);
	if (!p->need_withheld) {
		jw_kstr(w, "need_individual", p->need_individual);
		jw_kstr(w, "need_professional", p->need_professional);
	}
	principal_refs(w, "principals", p->principals, p->nprincipals);
	jw_kstr(w, "other_actors", p->other_actors);
	if (access_sees(&p->view, FIELD_NEED_IS_DISCHARGE))
		jw_kbool(w, "is_discharge", p->is_discharge);
	if (access_sees(&p->view, FIELD_NEED_HOSPITAL_EPISODE))
		jw_kstr(w, "hospital_episode", p->hospital_episode);
	jw_kint(w, "assessed_at", p->need_assessed_at);
	jw_end(w);
}

static void units_json(struct json_writer *w, const struct plan *p)
{
	jw_array(w);
	for (int i = 0; i < p->nunits; i++) {
		const struct plan_unit_ref *u = &p->units[i];
		jw_object(w);
		jw_kint(w, "unit_id", u->unit_id);
		jw_kstr(w, "unit_name", u->unit_name);
		jw_kstr(w, "principal_name", u->principal_name);
		jw_kstr(w, "principal_kind", principal_kind_name(u->principal_kind));
		jw_kstr(w, "via", u->via);
		jw_kint(w, "joined_at", u->joined_at);
		jw_kid(w, "left_at", u->left_at);
		jw_end(w);
	}
	jw_end(w);
}

static void history_json(struct json_writer *w, const struct plan *p)
{
	jw_array(w);
	for (int i = 0; i < p->nevents; i++) {
		const struct plan_event *e = &p->events[i];
		jw_object(w);
		jw_kint(w, "at", e->at);
		jw_kstr(w, "action", e->action);
		jw_kstr(w, "from_state", e->from_state);
		jw_kstr(w, "to_state", e->to_state);
		jw_kstr(w, "user", e->user_name);
		jw_kstr(w, "unit", e->unit_name);
		jw_kstr(w, "detail", e->detail);
		jw_end(w);
	}
	jw_end(w);
}

/* What may happen next, and whether the caller may: the domain's answer
 * (plan_actions), the same the plan page's buttons follow. */
static void actions_json(struct json_writer *w, const struct ctx *ctx,
                         const struct plan *p)
{
	struct plan_action a[PLAN_ACTIONS_MAX];
	int n = plan_actions(ctx, p, a);
	jw_array(w);
	for (int i = 0; i < n; i++) {
		jw_object(w);
		jw_kstr(w, "name", a[i].name);
		jw_kbool(w, "permitted", a[i].permitted);
		jw_kbool(w, "advances", a[i].advances);
		jw_end(w);
	}
	jw_end(w);
}

void api_json_plan(struct json_writer *w, const struct ctx *ctx,
                   const struct plan *p)
{
	jw_object(w);
	jw_kint(w, "id", p->id);
	jw_kstr(w, "state", plan_state_name(p->state));
	enum plan_state next[8];
	int n = plan_next_states(p->state, next);
	jw_key(w, "allowed_next");
	jw_array(w);
	for (int i = 0; i < n; i++)
		jw_str(w, plan_state_name(next[i]));
	jw_end(w);
	jw_key(w, "actions");
	actions_json(w, ctx, p);
	jw_key(w, "person");
	api_json_person(w, &p->person);
	jw_kint(w, "person_id", p->person.id);
	jw_key(w, "need");
	need_json(w, p);
	jw_kint(w, "days_waiting", p->days_waiting);
	jw_kint(w, "lead_unit_id", p->lead_unit_id);
	jw_kstr(w, "lead_unit_name", p->lead_unit_name);
	jw_kstr(w, "declined_cause", p->declined_cause);
	jw_kstr(w, "declined_reason", p->declined_reason);
	jw_kstr(w, "closed_reason", p->closed_reason);
	jw_kstr(w, "closed_note", p->closed_note);
	jw_kid(w, "closed_at", p->closed_at);
	jw_kstr(w, "closed_participation", p->closed_participation);
	jw_kstr(w, "next_follow_up_date", p->next_follow_up_date);
	jw_kint(w, "created_at", p->created_at);
	jw_key(w, "units");
	units_json(w, p);
	jw_key(w, "history");
	history_json(w, p);
	jw_key(w, "consents");
	jw_array(w);
	for (int i = 0; i < p->nconsents; i++)
		api_json_consent(w, &p->view, &p->consents[i]);
	jw_end(w);
	jw_key(w, "preparation");
	preparation_json(w, &p->view, p->preparation);
	jw_key(w, "meetings");
	jw_array(w);
	for (int i = 0; i < p->nmeetings; i++)
		meeting_json(w, &p->meetings[i]);
	jw_end(w);
	jw_key(w, "invitations");
	jw_array(w);
	for (int i = 0; i < p->nmeetings; i++)
		for (int k = 0; k < p->meetings[i].ninvitations; k++)
			api_json_invitation(w, &p->meetings[i].invitations[k]);
	jw_end(w);
	jw_key(w, "current_version");
	api_json_version(w, p->current);
	jw_key(w, "versions");
	jw_array(w);
	for (int i = 0; i < p->nversions; i++) {
		jw_object(w);
		jw_kint(w, "version_no", p->versions[i].version_no);
		jw_kint(w, "established_at", p->versions[i].established_at);
		jw_kbool(w, "approved", p->versions[i].approved);
		jw_end(w);
	}
	jw_end(w);
	api_json_follow_up_members(w, p);
	withheld_json(w, p->withheld);
	jw_end(w);
}

void api_json_plan_summary(struct json_writer *w, const struct plan_summary *s)
{
	jw_object(w);
	jw_kint(w, "id", s->id);
	jw_kstr(w, "state", plan_state_name(s->state));
	jw_kint(w, "person_id", s->person_id);
	jw_kstr(w, "person_name", s->person_name);
	jw_kstr(w, "personnummer", s->personnummer);
	jw_kbool(w, "protected_identity", s->protected_identity);
	jw_kstr(w, "lead_unit_name", s->lead_unit_name);
	jw_kint(w, "need_assessed_at", s->need_assessed_at);
	jw_kint(w, "days_waiting", s->days_waiting);
	jw_kstr(w, "next_follow_up_date", s->next_follow_up_date);
	jw_kint(w, "unanswered_invitations", s->unanswered);
	jw_kint(w, "awaiting_my_reply", s->awaiting_my_reply);
	jw_end(w);
}

static void goal_json(struct json_writer *w, const struct goal *g)
{
	if (!g) {
		jw_null(w);
		return;
	}
	jw_object(w);
	jw_kint(w, "id", g->id);
	jw_kint(w, "position", g->position);
	jw_kstr(w, "kind", g->kind);
	jw_kstr(w, "text", g->text);
	jw_end(w);
}

static void version_ref_json(struct json_writer *w, const char *key,
                             const struct plan_version *v)
{
	jw_key(w, key);
	jw_object(w);
	jw_kint(w, "id", v->id);
	jw_kint(w, "version_no", v->version_no);
	jw_kint(w, "established_at", v->established_at);
	jw_kstr(w, "established_by", v->established_by_name);
	jw_kstr(w, "change_reason", v->change_reason);
	/* A proposal (follow_up.h) compares like any version, and says so. */
	jw_kbool(w, "approved", v->approved);
	jw_end(w);
}

void api_json_version_diff(struct json_writer *w, int64_t plan_id,
                           const struct version_diff *d)
{
	jw_object(w);
	jw_kint(w, "plan_id", plan_id);
	version_ref_json(w, "from", &d->from);
	version_ref_json(w, "to", &d->to);
	jw_key(w, "summary");
	jw_object(w);
	jw_kint(w, "added", d->added);
	jw_kint(w, "changed", d->changed);
	jw_kint(w, "removed", d->removed);
	jw_end(w);
	jw_key(w, "goals");
	jw_array(w);
	for (int i = 0; i < d->ngoals; i++) {
		jw_object(w);
		jw_kstr(w, "change", version_change_name(d->goals[i].change));
		jw_key(w, "from");
		goal_json(w, d->goals[i].from);
		jw_key(w, "to");
		goal_json(w, d->goals[i].to);
		jw_end(w);
	}
	jw_end(w);
	jw_key(w, "interventions");
	jw_array(w);
	for (int i = 0; i < d->ninterventions; i++) {
		const struct intervention_diff *x = &d->interventions[i];
		jw_object(w);
		jw_kstr(w, "change", version_change_name(x->change));
		jw_kstrs(w, "fields", x->fields, x->nfields);
		jw_key(w, "from");
		if (x->from)
			intervention_json(w, x->from);
		else
			jw_null(w);
		jw_key(w, "to");
		if (x->to)
			intervention_json(w, x->to);
		else
			jw_null(w);
		jw_end(w);
	}
	jw_end(w);
	withheld_json(w, d->from.withheld | d->to.withheld);
	jw_end(w);
}
