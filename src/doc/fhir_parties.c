/*
 * fhir_parties.c — who the plan is for and who takes part, as FHIR:
 * the individual (Patient), the people around them (RelatedPerson),
 * principals and units (Organization) and samplan's users
 * (Practitioner). Each fx_ref_* returns a reference and adds its target
 * to the Bundle the first time (fhir_internal.h).
 *
 * Protected identity (DOMAIN.md): the person's address and contact
 * details are never exported — plan_get already leaves them NULL
 * (mask_protected) and this file does not even look for them then —
 * and the Patient carries the security label in meta.security. The
 * relatives' addresses and contact details are left out too for a
 * protected person: they would lead to the person.
 */
#include <stdio.h>
#include <string.h>

#include "doc/fhir_internal.h"
#include "sip/person.h"

static const char *id_text(struct fhir_build *b, const char *prefix,
                           int64_t id)
{
	return arena_printf(b->ctx->arena, "%s%lld", prefix, (long long)id);
}

/* Personnummer or samordningsnummer (day of month + 60): the identifier
 * system says which. `canonical` is YYYYMMDDNNNN. */
static json_t *swedish_identifier(const char *canonical, bool coordination)
{
	json_t *id = json_object();
	json_object_set_new(id, "use", json_string("official"));
	fx_str(id, "system", coordination ? FHIR_SAMORDNINGSNUMMER
	                                  : FHIR_PERSONNUMMER);
	fx_str(id, "value", canonical);
	return id;
}

static bool looks_coordination(const char *pnr)
{
	/* YYYYMMDD...: a day of 61..91 marks a samordningsnummer. */
	return pnr && strlen(pnr) >= 8 && (pnr[6] >= '6' && pnr[6] <= '9');
}

static json_t *telecom(const char *phone, const char *email)
{
	json_t *t = json_array();
	if (phone && *phone)
		json_array_append_new(t, json_pack("{s:s, s:s}", "system", "phone",
		                                   "value", phone));
	if (email && *email)
		json_array_append_new(t, json_pack("{s:s, s:s}", "system", "email",
		                                   "value", email));
	return t;
}

static void set_nonempty(json_t *obj, const char *key, json_t *array)
{
	if (json_array_size(array))
		json_object_set_new(obj, key, array);
	else
		json_decref(array);
}

/* ---- Patient ---- */

static json_t *patient(struct fhir_build *b)
{
	const struct person *p = &b->plan->person;
	json_t *r = json_object();
	json_object_set_new(r, "resourceType", json_string("Patient"));
	json_object_set_new(r, "id", json_string(id_text(b, "", p->id)));
	if (p->protected_identity)
		json_object_set_new(r, "meta", fx_protected_meta());
	if (p->interpreter_language && *p->interpreter_language)
		json_object_set_new(
			r, "extension",
			json_pack("[{s:s, s:b}]", "url",
			          "http://hl7.org/fhir/StructureDefinition/"
			          "patient-interpreterRequired",
			          "valueBoolean", 1));
	if (p->personnummer)
		json_object_set_new(r, "identifier",
		                    json_pack("[o]", swedish_identifier(
		                                  p->personnummer,
		                                  p->coordination_number)));
	json_t *name = json_object();
	fx_str(name, "text", person_full_name(b->ctx, p));
	fx_str(name, "family", p->family_name);
	if (p->given_name && *p->given_name)
		json_object_set_new(name, "given", json_pack("[s]", p->given_name));
	json_object_set_new(r, "name", json_pack("[o]", name));
	if (!p->protected_identity && !p->contact_hidden) {
		set_nonempty(r, "telecom", telecom(p->phone, p->email));
		if ((p->address && *p->address) || (p->city && *p->city)) {
			json_t *a = json_object();
			json_object_set_new(a, "use", json_string("home"));
			if (p->address && *p->address)
				json_object_set_new(a, "line",
				                    json_pack("[s]", p->address));
			fx_str(a, "city", p->city);
			fx_str(a, "postalCode", p->postal_code);
			json_object_set_new(a, "country", json_string("SE"));
			json_object_set_new(r, "address", json_pack("[o]", a));
		}
	}
	if (date_valid(p->birth)) {
		char birth[11];
		date_format(p->birth, birth);
		json_object_set_new(r, "birthDate", json_string(birth));
	}
	if (p->interpreter_language && *p->interpreter_language)
		json_object_set_new(
			r, "communication",
			json_pack("[{s:o, s:b}]", "language",
			          fx_concept(NULL, p->interpreter_language),
			          "preferred", 1));
	return r;
}

json_t *fx_ref_patient(struct fhir_build *b)
{
	const struct person *p = &b->plan->person;
	const char *ref = fx_id_ref(b, "Patient", id_text(b, "", p->id));
	if (b->entries && !fx_has(b, ref))
		fx_add(b, patient(b));
	return fx_ref(ref, person_full_name(b->ctx, p));
}

/* ---- RelatedPerson ---- */

static json_t *relationship(enum related_role role, const char *relation)
{
	/* HL7 v3 RoleCode: guardian and family member; a representative
	 * (god man, förvaltare, företrädare) has no code of its own there,
	 * so only its words. */
	const char *v3 = "http://terminology.hl7.org/CodeSystem/v3-RoleCode";
	json_t *coding = NULL;
	if (role == RELATED_GUARDIAN)
		coding = fx_coding(v3, "GUARD", "guardian");
	else if (role == RELATED_RELATIVE)
		coding = fx_coding(v3, "FAMMEMB", "family member");
	return fx_concept(coding, relation);
}

json_t *fx_ref_related(struct fhir_build *b, const struct related_person *rp)
{
	const struct person *p = &b->plan->person;
	const char *id = id_text(b, "", rp->id);
	const char *ref = fx_id_ref(b, "RelatedPerson", id);
	if (b->entries && !fx_has(b, ref)) {
		json_t *r = json_object();
		json_object_set_new(r, "resourceType",
		                    json_string("RelatedPerson"));
		json_object_set_new(r, "id", json_string(id));
		if (rp->personnummer && *rp->personnummer)
			json_object_set_new(
				r, "identifier",
				json_pack("[o]", swedish_identifier(
				                      rp->personnummer,
				                      looks_coordination(rp->personnummer))));
		json_object_set_new(r, "patient", fx_ref_patient(b));
		json_object_set_new(r, "relationship",
		                    json_pack("[o]", relationship(rp->role,
		                                                  rp->relation)));
		if (rp->name && *rp->name)
			json_object_set_new(r, "name",
			                    json_pack("[{s:s}]", "text", rp->name));
		if (!p->protected_identity && !p->contact_hidden) {
			set_nonempty(r, "telecom", telecom(rp->phone, rp->email));
			if (rp->address && *rp->address)
				json_object_set_new(r, "address",
				                    json_pack("[{s:s}]", "text",
				                              rp->address));
		}
		fx_add(b, r);
	}
	return fx_ref(ref, rp->name);
}

json_t *fx_ref_related_named(struct fhir_build *b, const char *name)
{
	if (!name)
		return NULL;
	const struct person *p = &b->plan->person;
	for (int i = 0; i < p->nrelated; i++)
		if (p->related[i].name && strcmp(p->related[i].name, name) == 0)
			return fx_ref_related(b, &p->related[i]);
	return NULL;
}

/* ---- Organization ---- */

static json_t *organisation_type(enum principal_kind kind)
{
	/* HL7's organization-type: a municipality or region is a
	 * government body; another actor (Försäkringskassan, a school, a
	 * landlord) is "other" — its own name says what it is. */
	const char *system =
		"http://terminology.hl7.org/CodeSystem/organization-type";
	json_t *coding = kind == PRINCIPAL_OTHER_ACTOR
	                         ? fx_coding(system, "other", "Other")
	                         : fx_coding(system, "govt", "Government");
	return fx_concept(coding, principal_kind_name(kind));
}

json_t *fx_ref_principal(struct fhir_build *b, int64_t principal_id,
                         const char *name, enum principal_kind kind)
{
	const char *id = id_text(b, "principal-", principal_id);
	const char *ref = fx_id_ref(b, "Organization", id);
	if (b->entries && !fx_has(b, ref)) {
		json_t *r = json_object();
		json_object_set_new(r, "resourceType", json_string("Organization"));
		json_object_set_new(r, "id", json_string(id));
		json_object_set_new(r, "type",
		                    json_pack("[o]", organisation_type(kind)));
		fx_str(r, "name", name);
		fx_add(b, r);
	}
	return fx_ref(ref, name);
}

/* The directory row of a unit, read once per export (no personal data:
 * the directory is open to every user, so no audit record). */
static const struct unit *unit_row(struct fhir_build *b, int64_t unit_id)
{
	for (int i = 0; i < b->nunits; i++)
		if (b->units[i].id == unit_id)
			return &b->units[i];
	ARENA_PUSH(b->ctx->arena, b->units, (size_t)b->nunits, b->units_cap);
	struct unit *u = &b->units[b->nunits];
	if (!unit_get(b->ctx, unit_id, u)) {
		b->failed = true;
		return NULL;
	}
	b->nunits++;
	return u;
}

json_t *fx_ref_unit(struct fhir_build *b, int64_t unit_id, const char *display)
{
	const char *id = id_text(b, "unit-", unit_id);
	const char *ref = fx_id_ref(b, "Organization", id);
	const struct unit *u = unit_row(b, unit_id);
	if (!u)
		return fx_ref(ref, display);
	if (b->entries && !fx_has(b, ref)) {
		json_t *r = json_object();
		json_object_set_new(r, "resourceType", json_string("Organization"));
		json_object_set_new(r, "id", json_string(id));
		if (u->hsa_id && *u->hsa_id)
			json_object_set_new(r, "identifier",
			                    json_pack("[{s:s, s:s}]", "system",
			                              FHIR_HSA_ID, "value",
			                              u->hsa_id));
		json_object_set_new(r, "active", json_boolean(u->active));
		fx_str(r, "name", u->name);
		set_nonempty(r, "telecom", telecom(u->phone, u->email));
		if (u->postal_address && *u->postal_address)
			json_object_set_new(r, "address",
			                    json_pack("[{s:s}]", "text",
			                              u->postal_address));
		json_object_set_new(r, "partOf",
		                    fx_ref_principal(b, u->principal_id,
		                                     u->principal_name,
		                                     u->principal_kind));
		fx_add(b, r);
	}
	return fx_ref(ref, display && *display ? display : u->name);
}

/* ---- Practitioner ---- */

json_t *fx_ref_user(struct fhir_build *b, int64_t user_id, const char *name,
                    const char *title)
{
	const char *id = id_text(b, "user-", user_id);
	const char *ref = fx_id_ref(b, "Practitioner", id);
	if (b->entries && !fx_has(b, ref)) {
		json_t *r = json_object();
		json_object_set_new(r, "resourceType", json_string("Practitioner"));
		json_object_set_new(r, "id", json_string(id));
		if (name && *name)
			json_object_set_new(r, "name",
			                    json_pack("[{s:s}]", "text", name));
		if (title && *title)
			json_object_set_new(r, "qualification",
			                    json_pack("[{s:o}]", "code",
			                              fx_concept(NULL, title)));
		fx_add(b, r);
	}
	return fx_ref(ref, name);
}
