/*
 * fhir.h — a plan as HL7 FHIR R4 resources (docs/fhir.md has the
 * mapping field by field, the code systems and what is not mapped).
 *
 * Two answers: the CarePlan alone, and "everything" — a Bundle of type
 * collection holding the CarePlan and every resource it refers to:
 * Patient, RelatedPerson, Organization (principals and units),
 * Practitioner, CareTeam, Goal, Consent, Location, Appointment and
 * AppointmentResponse. References are relative ("Patient/12") and each
 * entry's fullUrl is `base` + "/" + that reference, so every reference
 * resolves inside the Bundle.
 *
 * The plan is read through plan_get_for(..., "plan.export"): the same
 * access check as every read (NOT_FOUND for a caller who may not see
 * it), the caller's consent-scoped view applied, and one audit record.
 * What the view withholds is absent: a field that reads NULL is left
 * out and an intervention whose content is withheld is not an activity
 * at all; no label or note says that something was left out.
 *
 * The tree is built with jansson (which escapes every string when it is
 * serialised); the caller owns the result and json_decref's it.
 */
#ifndef SAMPLAN_FHIR_H
#define SAMPLAN_FHIR_H

#include <stdbool.h>
#include <stdint.h>

#include <jansson.h>

#include "sip/ctx.h"
#include "sip/plan.h"

enum fhir_export {
	FHIR_CARE_PLAN,  /* the CarePlan resource */
	FHIR_EVERYTHING, /* a Bundle (type collection) */
};

/* The code systems and identifiers samplan writes (docs/fhir.md). */
#define FHIR_PERSONNUMMER "http://electronichealth.se/identifier/personnummer"
#define FHIR_SAMORDNINGSNUMMER \
	"http://electronichealth.se/identifier/samordningsnummer"
#define FHIR_HSA_ID "urn:oid:1.2.752.29.4.19"
#define FHIR_SECURITY_LABEL "http://electronichealth.se/CodeSystem/SecurityLabel"
#define FHIR_CARE_PLAN_TYPE "https://fhir.inera.se/CodeSystem/typeofcareplan-cs"
#define FHIR_SNOMED "http://snomed.info/sct"
#define FHIR_VIRTUAL_SERVICE \
	"http://hl7.org/fhir/5.0/StructureDefinition/extension-Appointment.virtualService"
#define FHIR_GOAL_RELATIONSHIP \
	"http://hl7.org/fhir/StructureDefinition/goal-relationship"
/* samplan's own: identifiers of its plans, its information categories,
 * its roles in a plan. A deployment that publishes canonical URLs of
 * its own replaces this prefix. */
#define FHIR_SAMPLAN "urn:samplan:fhir"

/* The plan `plan_id` as `what`, for the caller in ctx. `base` is the
 * absolute URL of the FHIR endpoint ("https://host/fhir"), used for the
 * Bundle's fullUrls. False with ctx's problem set when the plan cannot
 * be read (NOT_FOUND, database trouble); *out is then NULL. */
bool fhir_export(struct ctx *ctx, int64_t plan_id, enum fhir_export what,
                 const char *base, json_t **out);

/* The FHIR CarePlan.status of a plan's state (and closing reason,
 * NULL if none; `established`: a version was ever in force). */
const char *fhir_care_plan_status(enum plan_state state,
                                  const char *closed_reason, bool established);

#endif
