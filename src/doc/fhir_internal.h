/*
 * fhir_internal.h — what the files of the FHIR export share (fhir.c):
 * the state of one export and the small builders of FHIR data types.
 *
 * One export builds one tree. Resources other than the CarePlan are
 * added to the Bundle the first time something refers to them
 * (fx_ref_* below), so the Bundle holds exactly what is referred to,
 * each resource once; in FHIR_CARE_PLAN mode the references are made
 * the same way and nothing is added.
 *
 * Every string comes from the caller's (filtered) plan in the ctx
 * arena; jansson copies what it keeps. A NULL or empty text is never
 * written: FHIR has no empty strings, and a withheld field reads NULL.
 */
#ifndef SAMPLAN_FHIR_INTERNAL_H
#define SAMPLAN_FHIR_INTERNAL_H

#include <stdbool.h>
#include <stdint.h>

#include <jansson.h>

#include "doc/fhir.h"
#include "sip/org.h"
#include "sip/plan.h"
#include "sip/plan_doc.h"

struct fhir_build {
	struct ctx *ctx;
	const struct plan *plan;
	const struct plan_doc *doc; /* the version in force, or NULL */
	const char *base;           /* for fullUrls */
	json_t *entries;            /* Bundle.entry; NULL: CarePlan only */
	/* "Type/id" of every resource in entries */
	const char **ids;
	int nids;
	size_t ids_cap;
	/* directory rows of the units referred to (unit_get), by id */
	struct unit *units;
	int nunits;
	size_t units_cap;
	const char *today;          /* YYYY-MM-DD */
	bool failed;                /* a directory read failed */
};

/* ---- data types (fhir.c) ---- */

/* obj[key] = s, only when s is a non-empty string. */
void fx_str(json_t *obj, const char *key, const char *s);
/* {"system", "code", "display"} (display may be NULL). */
json_t *fx_coding(const char *system, const char *code, const char *display);
/* {"coding": [coding], "text"} (coding or text may be NULL). */
json_t *fx_concept(json_t *coding, const char *text);
/* {"reference": ref, "display"} or, with ref NULL, only the display. */
json_t *fx_ref(const char *ref, const char *display);
/* "Type/id" in the ctx arena. */
const char *fx_id_ref(struct fhir_build *b, const char *type, const char *id);
/* A time as a FHIR dateTime/instant in Swedish local time with its
 * offset ("2026-12-02T13:00:00+01:00"); NULL for 0. */
const char *fx_time(struct fhir_build *b, int64_t unix_seconds);
/* A meeting's date and "HH:MM", plus minutes, the same way; NULL when
 * either is missing or malformed. */
const char *fx_local(struct fhir_build *b, const char *date, const char *hhmm,
                     int plus_minutes);
/* The security label of a protected person, as a meta object. */
json_t *fx_protected_meta(void);

/* Add a resource (taken over) to the Bundle unless one with its
 * resourceType and id is there; in CarePlan mode drop it. */
void fx_add(struct fhir_build *b, json_t *resource);
/* Whether "Type/id" is in the Bundle already. */
bool fx_has(struct fhir_build *b, const char *ref);

/* ---- references that add their target (fhir_parties.c) ---- */

json_t *fx_ref_patient(struct fhir_build *b);
/* A unit of the directory as an Organization (partOf its principal);
 * display overrides the unit's name when not NULL. */
json_t *fx_ref_unit(struct fhir_build *b, int64_t unit_id, const char *display);
json_t *fx_ref_principal(struct fhir_build *b, int64_t principal_id,
                         const char *name, enum principal_kind kind);
/* A samplan user (coordinator, named professional) as a Practitioner. */
json_t *fx_ref_user(struct fhir_build *b, int64_t user_id, const char *name,
                    const char *title);
/* A related person of the individual by name ("Elena Andersson"): a
 * RelatedPerson reference, or NULL when none has that name. */
json_t *fx_ref_related_named(struct fhir_build *b, const char *name);
json_t *fx_ref_related(struct fhir_build *b, const struct related_person *rp);

/* ---- the resources ---- */

/* fhir_plan.c */
json_t *fx_care_plan(struct fhir_build *b);
void fx_care_team(struct fhir_build *b);
/* fhir_consent.c */
void fx_consents(struct fhir_build *b);
/* fhir_meeting.c */
void fx_meetings(struct fhir_build *b);

#endif
