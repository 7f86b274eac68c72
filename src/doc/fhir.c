/*
 * fhir.c — the FHIR R4 export of a plan (fhir.h): reading the plan,
 * the Bundle, and the builders of FHIR data types every resource uses
 * (fhir_internal.h). The resources themselves are in fhir_plan.c
 * (CarePlan, Goal, CareTeam), fhir_parties.c (Patient, RelatedPerson,
 * Organization, Practitioner), fhir_consent.c and fhir_meeting.c
 * (Location, Appointment, AppointmentResponse).
 */
#include "doc/fhir.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "base/date.h"
#include "doc/fhir_internal.h"

/* ---- data types ---- */

void fx_str(json_t *obj, const char *key, const char *s)
{
	if (s && *s)
		json_object_set_new(obj, key, json_string(s));
}

json_t *fx_coding(const char *system, const char *code, const char *display)
{
	json_t *c = json_object();
	fx_str(c, "system", system);
	fx_str(c, "code", code);
	fx_str(c, "display", display);
	return c;
}

json_t *fx_concept(json_t *coding, const char *text)
{
	json_t *c = json_object();
	if (coding)
		json_object_set_new(c, "coding", json_pack("[o]", coding));
	fx_str(c, "text", text);
	return c;
}

json_t *fx_ref(const char *ref, const char *display)
{
	json_t *r = json_object();
	fx_str(r, "reference", ref);
	fx_str(r, "display", display);
	return r;
}

const char *fx_id_ref(struct fhir_build *b, const char *type, const char *id)
{
	return arena_printf(b->ctx->arena, "%s/%s", type, id);
}

static const char *format_local(struct fhir_build *b, time_t t)
{
	struct tm tm;
	char day[32];
	if (!localtime_r(&t, &tm) ||
	    !strftime(day, sizeof day, "%Y-%m-%dT%H:%M:%S", &tm))
		return NULL;
	long off = tm.tm_gmtoff;
	char sign = off < 0 ? '-' : '+';
	if (off < 0)
		off = -off;
	return arena_printf(b->ctx->arena, "%s%c%02ld:%02ld", day, sign,
	                    off / 3600, off % 3600 / 60);
}

const char *fx_time(struct fhir_build *b, int64_t unix_seconds)
{
	return unix_seconds ? format_local(b, (time_t)unix_seconds) : NULL;
}

const char *fx_local(struct fhir_build *b, const char *date, const char *hhmm,
                     int plus_minutes)
{
	struct date d;
	int minutes;
	if (!date || !hhmm || !date_parse(date, &d) ||
	    !time_parse_hhmm(hhmm, &minutes))
		return NULL;
	/* mktime normalises minutes past the hour and finds the offset
	 * (summer time) of that day in the process's zone, Sweden's. */
	struct tm tm = {
		.tm_year = d.year - 1900,
		.tm_mon = d.month - 1,
		.tm_mday = d.day,
		.tm_hour = minutes / 60,
		.tm_min = minutes % 60 + plus_minutes,
		.tm_isdst = -1,
	};
	time_t t = mktime(&tm);
	return t == (time_t)-1 ? NULL : format_local(b, t);
}

json_t *fx_protected_meta(void)
{
	/* HL7 Sweden's base profiles: "sekretessmarkering", protected
	 * demographic information (OSL 22 kap. 1 §). samplan's flag does
	 * not tell sekretessmarkering from skyddad folkbokföring; both
	 * hide the same, so one label says it. */
	return json_pack("{s:[o]}", "security",
	                 fx_coding(FHIR_SECURITY_LABEL, "sekretessmarkering",
	                           "Sekretessmarkering"));
}

/* ---- the Bundle ---- */

bool fx_has(struct fhir_build *b, const char *ref)
{
	for (int i = 0; i < b->nids; i++)
		if (strcmp(b->ids[i], ref) == 0)
			return true;
	return false;
}

/* Add unless present; at the front when `first` (the CarePlan, built
 * after the resources it refers to were added). */
static void add_entry(struct fhir_build *b, json_t *resource, bool first)
{
	const char *type = json_string_value(json_object_get(resource,
	                                                     "resourceType"));
	const char *id = json_string_value(json_object_get(resource, "id"));
	if (!b->entries || !type || !id) {
		json_decref(resource);
		return;
	}
	const char *ref = fx_id_ref(b, type, id);
	if (fx_has(b, ref)) {
		json_decref(resource);
		return;
	}
	ARENA_PUSH(b->ctx->arena, b->ids, (size_t)b->nids, b->ids_cap);
	b->ids[b->nids++] = ref;
	json_t *entry = json_object();
	json_object_set_new(entry, "fullUrl",
	                    json_string(arena_printf(b->ctx->arena, "%s/%s",
	                                             b->base, ref)));
	json_object_set_new(entry, "resource", resource);
	if (first)
		json_array_insert_new(b->entries, 0, entry);
	else
		json_array_append_new(b->entries, entry);
}

void fx_add(struct fhir_build *b, json_t *resource)
{
	add_entry(b, resource, false);
}

const char *fhir_care_plan_status(enum plan_state state,
                                  const char *closed_reason, bool established)
{
	switch (state) {
	case PLAN_NEED_ASSESSED:
	case PLAN_CONSENT:
	case PLAN_PREPARING:
	case PLAN_INVITED:
		return "draft"; /* being made: no version in force yet */
	case PLAN_ACTIVE:
	case PLAN_FOLLOW_UP:
		return "active"; /* a follow-up reviews a plan in force */
	case PLAN_DECLINED:
		return "revoked"; /* refused before it was made */
	case PLAN_CLOSED:
		/* Ended as agreed, or cut short: consent withdrawn, or
		 * closed before any version was in force. */
		if (!established ||
		    (closed_reason && strcmp(closed_reason, "consent_withdrawn") == 0))
			return "revoked";
		return "completed";
	}
	return "unknown";
}

bool fhir_export(struct ctx *ctx, int64_t plan_id, enum fhir_export what,
                 const char *base, json_t **out)
{
	*out = NULL;
	struct plan *plan = arena_new(ctx->arena, struct plan);
	if (!plan_get_for(ctx, plan_id, 0, "plan.export", plan))
		return false;
	char today[11];
	date_format(date_of_time(ctx->now), today);
	struct fhir_build b = {
		.ctx = ctx,
		.plan = plan,
		.doc = plan->current_doc,
		.base = base,
		.today = today,
	};
	if (what == FHIR_CARE_PLAN) {
		json_t *care_plan = fx_care_plan(&b);
		if (b.failed) {
			json_decref(care_plan);
			return false;
		}
		*out = care_plan;
		return true;
	}
	json_t *bundle = json_object();
	b.entries = json_array();
	json_object_set_new(bundle, "resourceType", json_string("Bundle"));
	json_object_set_new(bundle, "id",
	                    json_string(arena_printf(ctx->arena,
	                                             "careplan-%lld-everything",
	                                             (long long)plan_id)));
	/* collection: a set of resources that belong together, not the
	 * result of a search (docs/fhir.md). */
	json_object_set_new(bundle, "type", json_string("collection"));
	fx_str(bundle, "timestamp", fx_time(&b, ctx->now));
	add_entry(&b, fx_care_plan(&b), true);
	fx_care_team(&b);
	/* Everyone registered around the individual whom the caller may
	 * see (plan_get gives them only to a caller who may read the
	 * person's record). */
	for (int i = 0; i < plan->person.nrelated; i++)
		json_decref(fx_ref_related(&b, &plan->person.related[i]));
	fx_consents(&b);
	fx_meetings(&b);
	json_object_set_new(bundle, "entry", b.entries);
	if (b.failed) {
		json_decref(bundle);
		return false;
	}
	*out = bundle;
	return true;
}
