/*
 * fhir_consent.c — each consent of the plan as a FHIR Consent
 * (DOMAIN.md step 2): who consented (performer), the categories of
 * information that may be shared (provision.code), the principals that
 * may receive them (provision.actor, role "information recipient"), the
 * period (recorded → valid until, or → the withdrawal), and the status:
 * active while in force, inactive once withdrawn or expired.
 */
#include <string.h>

#include "doc/fhir_internal.h"

static const char *id_text(struct fhir_build *b, int64_t id)
{
	return arena_printf(b->ctx->arena, "%lld", (long long)id);
}

/* Who gave it: the individual, or the named guardians or
 * representative (as RelatedPerson when registered by that name). */
static json_t *performers(struct fhir_build *b, const struct consent *c)
{
	json_t *who = json_array();
	if (c->given_by && strcmp(c->given_by, "individual") == 0) {
		json_array_append_new(who, fx_ref_patient(b));
		return who;
	}
	for (int i = 0; i < c->ngivers; i++) {
		json_t *rp = fx_ref_related_named(b, c->givers[i]);
		json_array_append_new(who, rp ? rp : fx_ref(NULL, c->givers[i]));
	}
	return who;
}

static json_t *provision(struct fhir_build *b, const struct consent *c)
{
	json_t *p = json_object();
	json_object_set_new(p, "type", json_string("permit"));
	json_t *period = json_object();
	fx_str(period, "start", fx_time(b, c->recorded_at));
	if (c->withdrawn_at)
		fx_str(period, "end", fx_time(b, c->withdrawn_at));
	else
		fx_str(period, "end", c->valid_until);
	json_object_set_new(p, "period", period);
	json_t *actors = json_array();
	for (int i = 0; i < c->nrecipients; i++) {
		const struct plan_principal_ref *to = &c->recipients[i];
		json_t *role = fx_concept(
			fx_coding("http://terminology.hl7.org/CodeSystem/"
			          "v3-ParticipationType",
			          "IRCP", "information recipient"),
			NULL);
		json_array_append_new(
			actors, json_pack("{s:o, s:o}", "role", role, "reference",
			                  fx_ref_principal(b, to->id, to->name,
			                                   to->kind)));
	}
	if (json_array_size(actors))
		json_object_set_new(p, "actor", actors);
	else
		json_decref(actors);
	json_t *codes = json_array();
	for (int i = 0; i < c->nscopes; i++)
		json_array_append_new(
			codes,
			fx_concept(fx_coding(FHIR_SAMPLAN "/CodeSystem/"
			                                  "information-category",
			                     c->scopes[i],
			                     consent_scope_label(c->scopes[i],
			                                         b->ctx->lang)),
			           NULL));
	if (json_array_size(codes))
		json_object_set_new(p, "code", codes);
	else
		json_decref(codes);
	return p;
}

static void add_consent(struct fhir_build *b, const struct consent *c)
{
	json_t *r = json_object();
	json_object_set_new(r, "resourceType", json_string("Consent"));
	json_object_set_new(r, "id", json_string(id_text(b, c->id)));
	if (c->form && *c->form)
		json_object_set_new(
			r, "extension",
			json_pack("[{s:s, s:s}]", "url",
			          FHIR_SAMPLAN "/StructureDefinition/consent-form",
			          "valueCode", c->form));
	json_object_set_new(r, "status",
	                    json_string(c->in_force ? "active" : "inactive"));
	json_object_set_new(
		r, "scope",
		fx_concept(fx_coding("http://terminology.hl7.org/CodeSystem/"
		                     "consentscope",
		                     "patient-privacy", "Privacy Consent"),
		           NULL));
	json_object_set_new(
		r, "category",
		json_pack("[o]", fx_concept(fx_coding("http://loinc.org", "59284-0",
		                                      "Patient Consent"),
		                            NULL)));
	json_object_set_new(r, "patient", fx_ref_patient(b));
	fx_str(r, "dateTime", fx_time(b, c->recorded_at));
	json_t *who = performers(b, c);
	if (json_array_size(who))
		json_object_set_new(r, "performer", who);
	else
		json_decref(who);
	/* Consent is never general (DOMAIN.md): it is given for this plan,
	 * to share with the parties named, opting in. */
	json_object_set_new(
		r, "policyRule",
		fx_concept(fx_coding("http://terminology.hl7.org/CodeSystem/"
		                     "v3-ActCode",
		                     "OPTIN", "opt-in"),
		           T(b->ctx, "Samtycke till samordnad individuell plan")));
	json_object_set_new(r, "provision", provision(b, c));
	fx_add(b, r);
}

void fx_consents(struct fhir_build *b)
{
	for (int i = 0; i < b->plan->nconsents; i++)
		add_consent(b, &b->plan->consents[i]);
}
