/*
 * fhir_meeting.c — the plan's meetings as FHIR Appointments (DOMAIN.md
 * step 4), each with an AppointmentResponse per invited party and its
 * place as a Location.
 *
 * A video link travels in the R5 element Appointment.virtualService,
 * which R4 lacks: through its cross-version extension, whose value (the
 * R5 data type VirtualServiceDetail) is written as sub-extensions — here
 * only `address` as a url.
 *
 * Statuses: a cancelled meeting is cancelled, one held is fulfilled,
 * every other booked. A party's status is its reply: attend and
 * substitute accepted, decline declined, no reply needs-action. The
 * individual is a participant who takes part (accepted): the meeting is
 * prepared with them (step 3), and samplan records no reply of theirs.
 */
#include <string.h>

#include "doc/fhir_internal.h"

static const char *id_text(struct fhir_build *b, int64_t id)
{
	return arena_printf(b->ctx->arena, "%lld", (long long)id);
}

static const char *reply_status(const char *reply)
{
	if (!reply)
		return "needs-action";
	if (strcmp(reply, "decline") == 0)
		return "declined";
	return "accepted"; /* attend, substitute */
}

static json_t *invited_actor(struct fhir_build *b, const struct invitation *i)
{
	if (i->unit_id)
		return fx_ref_unit(b, i->unit_id, i->unit_name);
	const char *who = i->external_name;
	if (i->external_organisation && *i->external_organisation)
		who = who && *who ? arena_printf(b->ctx->arena, "%s, %s", who,
		                                 i->external_organisation)
		                  : i->external_organisation;
	return fx_ref(NULL, who && *who ? who : T(b->ctx, "Andra aktörer utanför samplan"));
}

static json_t *participant(json_t *actor, const char *status)
{
	return json_pack("{s:o, s:s}", "actor", actor, "status", status);
}

static void add_response(struct fhir_build *b, const struct meeting *m,
                         const struct invitation *i)
{
	json_t *r = json_object();
	json_object_set_new(r, "resourceType",
	                    json_string("AppointmentResponse"));
	json_object_set_new(r, "id", json_string(id_text(b, i->id)));
	json_object_set_new(r, "appointment",
	                    fx_ref(fx_id_ref(b, "Appointment", id_text(b, m->id)),
	                           NULL));
	json_object_set_new(r, "actor", invited_actor(b, i));
	json_object_set_new(r, "participantStatus",
	                    json_string(reply_status(i->reply)));
	const char *comment = NULL;
	if (i->reply && strcmp(i->reply, "decline") == 0)
		comment = i->decline_reason;
	else if (i->reply && strcmp(i->reply, "substitute") == 0 &&
	         i->substitute_name)
		comment = arena_printf(b->ctx->arena, "%s: %s",
		                       T(b->ctx, "Ersättare"), i->substitute_name);
	else if (i->attendee_name && *i->attendee_name)
		comment = arena_printf(b->ctx->arena, "%s: %s",
		                       T(b->ctx, "Kommer"), i->attendee_name);
	fx_str(r, "comment", comment);
	fx_add(b, r);
}

static json_t *location(struct fhir_build *b, const struct meeting *m)
{
	const char *id = arena_printf(b->ctx->arena, "meeting-%lld",
	                              (long long)m->id);
	json_t *r = json_object();
	json_object_set_new(r, "resourceType", json_string("Location"));
	json_object_set_new(r, "id", json_string(id));
	json_object_set_new(r, "status", json_string("active"));
	fx_str(r, "name", m->place);
	json_object_set_new(r, "mode", json_string("instance"));
	fx_add(b, r);
	return fx_ref(fx_id_ref(b, "Location", id), m->place);
}

static void add_meeting(struct fhir_build *b, const struct meeting *m)
{
	json_t *r = json_object();
	json_object_set_new(r, "resourceType", json_string("Appointment"));
	json_object_set_new(r, "id", json_string(id_text(b, m->id)));
	if (m->video_link && *m->video_link)
		json_object_set_new(
			r, "extension",
			json_pack("[{s:s, s:[{s:s, s:s}]}]", "url",
			          FHIR_VIRTUAL_SERVICE, "extension", "url", "address",
			          "valueUrl", m->video_link));
	const char *status = m->cancelled_at ? "cancelled"
	                     : m->held       ? "fulfilled"
	                                     : "booked";
	json_object_set_new(r, "status", json_string(status));
	if (m->cancelled_at && m->cancel_reason && *m->cancel_reason)
		json_object_set_new(r, "cancelationReason",
		                    fx_concept(NULL, m->cancel_reason));
	bool follow_up = m->kind && strcmp(m->kind, "follow_up") == 0;
	json_object_set_new(
		r, "serviceType",
		json_pack("[o]", fx_concept(
		                     fx_coding(FHIR_SAMPLAN "/CodeSystem/meeting-kind",
		                               follow_up ? "follow_up" : "sip", NULL),
		                     follow_up ? T(b->ctx, "Uppföljningsmöte")
		                               : T(b->ctx, "SIP-möte"))));
	fx_str(r, "description", m->purpose);
	const char *start = fx_local(b, m->date, m->start_time, 0);
	const char *end = fx_local(b, m->date, m->start_time,
	                           m->duration_minutes);
	if (start && end) {
		json_object_set_new(r, "start", json_string(start));
		json_object_set_new(r, "end", json_string(end));
		if (m->duration_minutes > 0)
			json_object_set_new(r, "minutesDuration",
			                    json_integer(m->duration_minutes));
	}
	json_t *who = json_array();
	json_array_append_new(who, participant(fx_ref_patient(b), "accepted"));
	if (b->plan->lead_unit_id)
		json_array_append_new(who, participant(fx_ref_unit(b,
		                                                   b->plan->lead_unit_id,
		                                                   NULL),
		                                       "accepted"));
	for (int k = 0; k < m->ninvitations; k++) {
		const struct invitation *i = &m->invitations[k];
		const char *st = reply_status(i->reply);
		json_array_append_new(who, participant(invited_actor(b, i), st));
		for (int n = 0; n < i->nprofessionals; n++)
			json_array_append_new(
				who, participant(fx_ref_user(b, i->professionals[n].user_id,
				                             i->professionals[n].name,
				                             i->professionals[n].title),
				                 st));
	}
	if (m->place && *m->place)
		json_array_append_new(who, participant(location(b, m), "accepted"));
	json_object_set_new(r, "participant", who);
	fx_add(b, r);
	for (int k = 0; k < m->ninvitations; k++)
		add_response(b, m, &m->invitations[k]);
}

void fx_meetings(struct fhir_build *b)
{
	for (int i = 0; i < b->plan->nmeetings; i++)
		add_meeting(b, &b->plan->meetings[i]);
}
