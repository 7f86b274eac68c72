/*
 * fhir_plan.c — the plan itself as FHIR: the CarePlan (status from the
 * plan's state, the version in force's purpose, goals, interventions as
 * activities, the follow-up, the texts as notes), its Goals, and the
 * CareTeam (coordinator, the meeting's participants, the units taking
 * part). docs/fhir.md has the mapping.
 *
 * Goals: the version's order is kept in CarePlan.goal. A sub-goal
 * belongs to the overall goal before it (the plan's form lists each
 * overall goal followed by its sub-goals); the overall Goal carries a
 * goal-relationship extension of type "milestone" to each of them.
 */
#include <string.h>

#include "doc/fhir_internal.h"

static const char *id_text(struct fhir_build *b, int64_t id)
{
	return arena_printf(b->ctx->arena, "%lld", (long long)id);
}

static const char *status_of(struct fhir_build *b)
{
	const struct plan *p = b->plan;
	return fhir_care_plan_status(p->state, p->closed_reason,
	                             p->nversions > 0);
}

/* ---- Goal ---- */

static const char *goal_lifecycle(struct fhir_build *b)
{
	const char *s = status_of(b);
	if (strcmp(s, "completed") == 0)
		return "completed";
	if (strcmp(s, "revoked") == 0)
		return "cancelled";
	return "active";
}

static json_t *goal_relationship(struct fhir_build *b, int64_t target_id)
{
	json_t *type = fx_concept(
		fx_coding("http://hl7.org/fhir/goal-relationship-type",
		          "milestone", "Milestone"),
		NULL);
	return json_pack("{s:s, s:[{s:s, s:o}, {s:s, s:o}]}", "url",
	                 FHIR_GOAL_RELATIONSHIP, "extension", "url", "type",
	                 "valueCodeableConcept", type, "url", "target",
	                 "valueReference",
	                 fx_ref(fx_id_ref(b, "Goal", id_text(b, target_id)),
	                        NULL));
}

static void add_goal(struct fhir_build *b, const struct plan_version *v, int i)
{
	const struct goal *g = &v->goals[i];
	bool overall = g->kind && strcmp(g->kind, "overall") == 0;
	json_t *r = json_object();
	json_object_set_new(r, "resourceType", json_string("Goal"));
	json_object_set_new(r, "id", json_string(id_text(b, g->id)));
	if (overall) {
		json_t *ext = json_array();
		for (int k = i + 1; k < v->ngoals; k++) {
			if (v->goals[k].kind &&
			    strcmp(v->goals[k].kind, "overall") == 0)
				break;
			json_array_append_new(ext, goal_relationship(b,
			                                             v->goals[k].id));
		}
		if (json_array_size(ext))
			json_object_set_new(r, "extension", ext);
		else
			json_decref(ext);
	}
	json_object_set_new(r, "lifecycleStatus",
	                    json_string(goal_lifecycle(b)));
	json_object_set_new(
		r, "category",
		json_pack("[o]", fx_concept(
		                     fx_coding(FHIR_SAMPLAN "/CodeSystem/goal-kind",
		                               overall ? "overall" : "sub", NULL),
		                     overall ? T(b->ctx, "Övergripande mål")
		                             : T(b->ctx, "Delmål"))));
	json_object_set_new(r, "description", fx_concept(NULL, g->text));
	json_object_set_new(r, "subject", fx_ref_patient(b));
	fx_add(b, r);
}

/* ---- activities ---- */

static json_t *performer(struct fhir_build *b, const char *kind,
                         int64_t unit_id, const char *words)
{
	if (kind && strcmp(kind, "individual") == 0)
		return fx_ref_patient(b);
	if (kind && strcmp(kind, "relative") == 0) {
		json_t *rp = fx_ref_related_named(b, words);
		return rp ? rp : fx_ref(NULL, words && *words ? words : kind);
	}
	if (unit_id)
		return fx_ref_unit(b, unit_id, words);
	/* Another actor outside samplan's directory: its name, or what
	 * kind of party it is. */
	return fx_ref(NULL, words && *words ? words : kind);
}

static const char *activity_status(struct fhir_build *b,
                                   const struct intervention *x)
{
	const char *s = status_of(b);
	if (strcmp(s, "completed") == 0)
		return "completed";
	if (strcmp(s, "revoked") == 0)
		return "stopped";
	if (strcmp(s, "active") != 0)
		return "not-started";
	if (x->start_date && strcmp(x->start_date, b->today) > 0)
		return "not-started";
	if (x->end_date && strcmp(x->end_date, b->today) < 0)
		return "completed";
	return "in-progress";
}

/* Frequency and timing as one text ("Varannan vecka. Påbörjas
 * omgående"), or NULL when neither is given. */
static const char *when_text(struct fhir_build *b, const struct intervention *x)
{
	bool freq = x->frequency && *x->frequency;
	bool timing = x->timing && *x->timing;
	if (freq && timing)
		return arena_printf(b->ctx->arena, "%s. %s", x->frequency,
		                    x->timing);
	return freq ? x->frequency : timing ? x->timing : NULL;
}

static json_t *activity(struct fhir_build *b, const struct intervention *x)
{
	json_t *d = json_object();
	json_t *ext = json_array();
	if (x->responsible_name && *x->responsible_name)
		json_array_append_new(ext, json_pack(
			"{s:s, s:s}", "url",
			FHIR_SAMPLAN "/StructureDefinition/responsible",
			"valueString", x->responsible_name));
	if (x->contact_name && *x->contact_name)
		json_array_append_new(ext, json_pack(
			"{s:s, s:s}", "url",
			FHIR_SAMPLAN "/StructureDefinition/contact-person",
			"valueString", x->contact_name));
	if (json_array_size(ext))
		json_object_set_new(d, "extension", ext);
	else
		json_decref(ext);
	if (x->goal_id)
		json_object_set_new(
			d, "goal",
			json_pack("[o]", fx_ref(fx_id_ref(b, "Goal",
			                                  id_text(b, x->goal_id)),
			                        x->goal_text)));
	json_object_set_new(d, "status", json_string(activity_status(b, x)));
	/* the when: dates as the bounds, frequency and timing in words */
	const char *when = when_text(b, x);
	bool dated = (x->start_date && *x->start_date) ||
	             (x->end_date && *x->end_date);
	if (dated || (when && *when)) {
		json_t *timing = json_object();
		if (dated) {
			json_t *period = json_object();
			fx_str(period, "start", x->start_date);
			fx_str(period, "end", x->end_date);
			json_object_set_new(timing, "repeat",
			                    json_pack("{s:o}", "boundsPeriod", period));
		}
		if (when && *when)
			json_object_set_new(timing, "code", fx_concept(NULL, when));
		json_object_set_new(d, "scheduledTiming", timing);
	}
	json_t *who = json_array();
	json_array_append_new(who, performer(b, x->responsible_kind,
	                                     x->responsible_unit_id,
	                                     x->responsible_name));
	for (int k = 0; k < x->nalso; k++)
		json_array_append_new(who, performer(b, x->also[k].kind,
		                                     x->also[k].unit_id,
		                                     x->also[k].unit_name));
	json_object_set_new(d, "performer", who);
	fx_str(d, "description", x->what);
	return json_pack("{s:o}", "detail", d);
}

/* The next follow-up, as an activity of kind Appointment. */
static json_t *follow_up_activity(struct fhir_build *b,
                                  const struct plan_version *v)
{
	json_t *d = json_object();
	json_object_set_new(d, "kind", json_string("Appointment"));
	json_object_set_new(d, "code",
	                    fx_concept(NULL, T(b->ctx, "Planerad uppföljning")));
	/* Planned while the plan is in force; a date passed without a
	 * recorded follow-up says nothing certain; after the plan, done. */
	const char *status = "completed";
	if (strcmp(status_of(b), "active") == 0)
		status = strcmp(v->follow_up_date, b->today) >= 0 ? "scheduled"
		                                                  : "unknown";
	json_object_set_new(d, "status", json_string(status));
	json_object_set_new(d, "scheduledPeriod",
	                    json_pack("{s:s}", "start", v->follow_up_date));
	if (v->follow_up_place && *v->follow_up_place)
		json_object_set_new(d, "location",
		                    fx_ref(NULL, v->follow_up_place));
	return json_pack("{s:o}", "detail", d);
}

static void note(json_t *notes, struct fhir_build *b, const char *label,
                 const char *text)
{
	if (text && *text)
		json_array_append_new(
			notes, json_pack("{s:s}", "text",
			                 arena_printf(b->ctx->arena, "%s: %s", label,
			                              text)));
}

/* ---- CarePlan ---- */

json_t *fx_care_plan(struct fhir_build *b)
{
	const struct plan *p = b->plan;
	const struct plan_version *v = b->doc ? &b->doc->version : NULL;
	json_t *r = json_object();
	json_object_set_new(r, "resourceType", json_string("CarePlan"));
	json_object_set_new(r, "id", json_string(id_text(b, p->id)));
	if (p->person.protected_identity)
		json_object_set_new(r, "meta", fx_protected_meta());
	json_object_set_new(r, "identifier",
	                    json_pack("[{s:s, s:s}]", "system",
	                              FHIR_SAMPLAN "/plan", "value",
	                              id_text(b, p->id)));
	if (p->replaces_plan_id)
		json_object_set_new(
			r, "replaces",
			json_pack("[o]", fx_ref(fx_id_ref(b, "CarePlan",
			                                  id_text(b, p->replaces_plan_id)),
			                        NULL)));
	json_object_set_new(r, "status", json_string(status_of(b)));
	json_object_set_new(r, "intent", json_string("plan"));
	json_object_set_new(
		r, "category",
		json_pack("[o, o]",
		          fx_concept(fx_coding(FHIR_CARE_PLAN_TYPE, "SIP", "SIP"),
		                     T(b->ctx, "Samordnad individuell plan")),
		          fx_concept(fx_coding(FHIR_SNOMED, "734163000",
		                               "Care plan (record artifact)"),
		                     NULL)));
	json_object_set_new(r, "title",
	                    json_string(T(b->ctx, "Samordnad individuell plan")));
	if (v)
		fx_str(r, "description", v->purpose);
	json_object_set_new(r, "subject", fx_ref_patient(b));
	/* In force from the first version's establishment; ended when
	 * closed. */
	int64_t start = 0;
	for (int i = 0; i < p->nversions; i++)
		if (p->versions[i].approved &&
		    (!start || p->versions[i].established_at < start))
			start = p->versions[i].established_at;
	json_t *period = json_object();
	fx_str(period, "start", fx_time(b, start));
	if (p->state == PLAN_CLOSED || p->state == PLAN_DECLINED)
		fx_str(period, "end", fx_time(b, p->closed_at));
	if (json_object_size(period))
		json_object_set_new(r, "period", period);
	else
		json_decref(period);
	fx_str(r, "created", fx_time(b, p->created_at));
	if (v && v->coordinator_user_id)
		json_object_set_new(r, "author",
		                    fx_ref_user(b, v->coordinator_user_id,
		                                v->coordinator_name,
		                                v->coordinator_title));
	json_object_set_new(r, "careTeam",
	                    json_pack("[o]", fx_ref(fx_id_ref(b, "CareTeam",
	                                                      id_text(b, p->id)),
	                                            NULL)));
	if (!v)
		return r;
	if (v->ngoals) {
		json_t *goals = json_array();
		for (int i = 0; i < v->ngoals; i++) {
			json_array_append_new(
				goals, fx_ref(fx_id_ref(b, "Goal",
				                        id_text(b, v->goals[i].id)),
				              v->goals[i].text));
			add_goal(b, v, i);
		}
		json_object_set_new(r, "goal", goals);
	}
	json_t *acts = json_array();
	for (int i = 0; i < v->ninterventions; i++)
		if (!v->interventions[i].withheld)
			json_array_append_new(acts, activity(b, &v->interventions[i]));
	if (v->follow_up_date && *v->follow_up_date)
		json_array_append_new(acts, follow_up_activity(b, v));
	if (json_array_size(acts))
		json_object_set_new(r, "activity", acts);
	else
		json_decref(acts);
	json_t *notes = json_array();
	note(notes, b, T(b->ctx, "Aktuell situation"), v->situation);
	note(notes, b, T(b->ctx, "Så vill jag ha det"), v->wishes);
	note(notes, b, T(b->ctx, "Behov"), v->needs);
	note(notes, b, T(b->ctx, "Hur behoven kan förändras framöver"), v->future_needs);
	note(notes, b, T(b->ctx, "Vad ska annan göra? (andra än kommun "
	                       "och region)"),
	     v->actions_by_others);
	note(notes, b, T(b->ctx, "Handlingsplan vid kris"), v->crisis_plan);
	note(notes, b, T(b->ctx, "Kontaktpersoner för samordningen"), v->contact_persons);
	if (json_array_size(notes))
		json_object_set_new(r, "note", notes);
	else
		json_decref(notes);
	return r;
}

/* ---- CareTeam ---- */

static json_t *role_concept(const char *code, const char *text)
{
	return fx_concept(fx_coding(FHIR_SAMPLAN "/CodeSystem/plan-role", code,
	                            NULL),
	                  text);
}

static json_t *role_coded(const char *code, const char *text)
{
	return json_pack("[o]", role_concept(code, text));
}

static json_t *role_text(const char *text)
{
	return json_pack("[o]", fx_concept(NULL, text));
}

/* A participant of the meeting as a member: the individual, a relative
 * by name, or — with a unit — a professional named in the minutes (a
 * Practitioner of that unit, not necessarily a samplan user). */
static json_t *participant_member(struct fhir_build *b,
                                  const struct meeting_participant *mp)
{
	const char *name = mp->name;
	if (!mp->unit_id) {
		if (name && strcmp(name, person_full_name(b->ctx,
		                                          &b->plan->person)) == 0)
			return fx_ref_patient(b);
		json_t *rp = fx_ref_related_named(b, name);
		return rp ? rp : fx_ref(NULL, name);
	}
	const char *id = arena_printf(b->ctx->arena, "participant-%lld",
	                              (long long)mp->id);
	json_t *r = json_object();
	json_object_set_new(r, "resourceType", json_string("Practitioner"));
	json_object_set_new(r, "id", json_string(id));
	if (name && *name)
		json_object_set_new(r, "name", json_pack("[{s:s}]", "text", name));
	fx_add(b, r);
	return fx_ref(fx_id_ref(b, "Practitioner", id), name);
}

/* Who took part in the meeting the version was written at; a version
 * revised at a follow-up may name none, then those of the latest SIP
 * meeting held. */
static int participants(struct fhir_build *b,
                        const struct meeting_participant **out)
{
	if (b->doc && b->doc->nparticipants) {
		*out = b->doc->participants;
		return b->doc->nparticipants;
	}
	const struct plan *p = b->plan;
	for (int i = p->nmeetings - 1; i >= 0; i--)
		if (p->meetings[i].held && p->meetings[i].nparticipants) {
			*out = p->meetings[i].participants;
			return p->meetings[i].nparticipants;
		}
	return 0;
}

void fx_care_team(struct fhir_build *b)
{
	const struct plan *p = b->plan;
	const struct plan_doc *doc = b->doc;
	const struct plan_version *v = doc ? &doc->version : NULL;
	json_t *r = json_object();
	json_object_set_new(r, "resourceType", json_string("CareTeam"));
	json_object_set_new(r, "id", json_string(id_text(b, p->id)));
	const char *s = status_of(b);
	json_object_set_new(r, "status",
	                    json_string(strcmp(s, "draft") == 0    ? "proposed"
	                                : strcmp(s, "active") == 0 ? "active"
	                                                           : "inactive"));
	json_object_set_new(r, "name",
	                    json_string(T(b->ctx, "Medverkande")));
	json_object_set_new(r, "subject", fx_ref_patient(b));
	json_t *members = json_array();
	if (v && v->coordinator_user_id) {
		json_t *m = json_object();
		json_object_set_new(m, "role",
		                    role_coded("coordinator",
		                               T(b->ctx, "Huvudansvarig för planen")));
		json_object_set_new(m, "member",
		                    fx_ref_user(b, v->coordinator_user_id,
		                                v->coordinator_name,
		                                v->coordinator_title));
		if (v->coordinator_unit_id)
			json_object_set_new(m, "onBehalfOf",
			                    fx_ref_unit(b, v->coordinator_unit_id,
			                                NULL));
		json_array_append_new(members, m);
	}
	const struct meeting_participant *who = NULL;
	int nwho = participants(b, &who);
	for (int i = 0; i < nwho; i++) {
		const struct meeting_participant *mp = &who[i];
		/* The coordinator is there already, with that role. */
		if (v && mp->name && v->coordinator_name &&
		    strcmp(mp->name, v->coordinator_name) == 0 &&
		    mp->unit_id == v->coordinator_unit_id)
			continue;
		json_t *m = json_object();
		if (mp->role && *mp->role)
			json_object_set_new(m, "role", role_text(mp->role));
		json_object_set_new(m, "member", participant_member(b, mp));
		if (mp->unit_id)
			json_object_set_new(m, "onBehalfOf",
			                    fx_ref_unit(b, mp->unit_id, NULL));
		json_array_append_new(members, m);
	}
	/* Each unit taking part once, with every way it came in
	 * (plan_unit has a row per way: initiating, invited, responsible,
	 * coordinator). */
	for (int i = 0; i < p->nunits; i++) {
		const struct plan_unit_ref *u = &p->units[i];
		bool seen = false;
		for (int k = 0; k < i && !seen; k++)
			seen = !p->units[k].left_at && p->units[k].unit_id == u->unit_id;
		if (u->left_at || seen)
			continue;
		json_t *roles = json_array();
		for (int k = i; k < p->nunits; k++)
			if (!p->units[k].left_at && p->units[k].unit_id == u->unit_id)
				json_array_append_new(roles, role_concept(
					arena_printf(b->ctx->arena, "%s-unit",
					             p->units[k].via ? p->units[k].via
					                             : "participating"),
					json_array_size(roles)
						? NULL
						: T(b->ctx, "Enheter som deltar")));
		json_t *m = json_object();
		json_object_set_new(m, "role", roles);
		json_object_set_new(m, "member",
		                    fx_ref_unit(b, u->unit_id, u->unit_name));
		json_array_append_new(members, m);
	}
	if (json_array_size(members))
		json_object_set_new(r, "participant", members);
	else
		json_decref(members);
	if (p->lead_unit_id)
		json_object_set_new(r, "managingOrganization",
		                    json_pack("[o]", fx_ref_unit(b, p->lead_unit_id,
		                                                 p->lead_unit_name)));
	fx_add(b, r);
}
