/*
 * test_fhir.c — the FHIR R4 export over real HTTP (src/api/api_fhir.c,
 * src/doc/fhir*.c, docs/fhir.md): Anna's demo plan as a CarePlan and as
 * a $everything Bundle (goals with their sub-goals, activities with
 * performer and timing, the coordinator, the personnummer, the
 * consent's scope and recipients, the meeting and its replies); a
 * person with protected identity (the security label, no address or
 * contact detail anywhere); a withdrawn consent (Consent inactive, the
 * CarePlan revoked); a consent that does not cover health (the health
 * parts absent, nothing saying so); who gets what (404 as an
 * OperationOutcome for a unit taking no part, the same as for no plan,
 * 401 without or with a bad token, 406 for another format, a signed-in
 * session as well); one audit record per export.
 *
 * Every Bundle fetched is written to a file and checked by
 * tests/fhir/validate.js (node, with ajv and HL7's R4 JSON schema from
 * tests/e2e/node_modules): the schema, the required code bindings and
 * that every reference resolves in the Bundle; a broken Bundle is shown
 * to fail it. Without node or the modules (after trying `npm ci` in
 * tests/e2e) that test fails under CI=1 and is skipped otherwise.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "harness.h"

static struct ht_server srv;
static char dir[512];       /* the Bundles written for the validator */
static int nfiles;
static char files[16][600]; /* every file written, validated at the end */

#define ANNA_PNR "199903152388"

static int group_setup(void **state)
{
	(void)state;
	setenv("TZ", "Europe/Stockholm", 1);
	tzset();
	const char *tmp = getenv("TMPDIR");
	snprintf(dir, sizeof dir, "%s/samplan-fhir.XXXXXX", tmp && *tmp ? tmp
	                                                              : "/tmp");
	if (!mkdtemp(dir))
		return -1;
	return ht_server_start(&srv, &(struct ht_server_opts){.demo = true}) ? 0
	                                                                     : -1;
}

static int group_teardown(void **state)
{
	(void)state;
	for (int i = 0; i < nfiles; i++)
		unlink(files[i]);
	rmdir(dir);
	return ht_server_stop(&srv) == 0 ? 0 : -1;
}

/* ---- helpers ---- */

static int64_t anna_plan(void)
{
	int64_t id = ht_sql_int(&srv, "SELECT p.id FROM plan p JOIN person x"
	                              " ON x.id = p.person_id"
	                              " WHERE x.personnummer = ?", ANNA_PNR);
	if (!id)
		fail_msg("no demo plan for Anna");
	return id;
}

static int64_t principal(const char *name)
{
	int64_t id = ht_sql_int(&srv, "SELECT id FROM principal WHERE name = ?",
	                        name);
	if (!id)
		fail_msg("no principal %s", name);
	return id;
}

static int64_t exports(int64_t plan)
{
	return ht_sql_int(&srv, "SELECT COUNT(*) FROM audit_log WHERE action ="
	                        " 'plan.export' AND plan_id = ?",
	                  ht_fmt(&srv, "%lld", (long long)plan));
}

/* GET with an Accept header (NULL: curl's own, * / *). */
static const struct ht_response *get(struct ht_client *c, const char *path,
                                     const char *accept)
{
	const char *h[] = {accept ? ht_fmt(&srv, "Accept: %s", accept) : NULL,
	                   NULL};
	return ht_request(c, &(struct ht_request){.path = path,
	                                          .headers = accept ? h : NULL});
}

/* A 200 FHIR answer: its resource, and the body kept in a file for the
 * validator. */
static json_t *fhir_ok(const struct ht_response *r, const char *type)
{
	ht_assert_status(r, 200);
	assert_non_null(r->content_type);
	assert_string_equal(r->content_type, "application/fhir+json");
	json_t *j = ht_json(r);
	assert_string_equal(ht_jstr(j, "resourceType"), type);
	if (nfiles < 16) {
		snprintf(files[nfiles], sizeof files[0], "%s/%02d-%s.json", dir,
		         nfiles, type);
		FILE *f = fopen(files[nfiles], "w");
		assert_non_null(f);
		fwrite(r->body, 1, r->body_len, f);
		fclose(f);
		nfiles++;
	}
	return j;
}

/* An OperationOutcome with this status and issue code. */
static void assert_outcome(const struct ht_response *r, long status,
                           const char *code)
{
	ht_assert_status(r, status);
	assert_non_null(r->content_type);
	assert_string_equal(r->content_type, "application/fhir+json");
	json_t *j = ht_json(r);
	assert_string_equal(ht_jstr(j, "resourceType"), "OperationOutcome");
	json_t *issue = json_array_get(json_object_get(j, "issue"), 0);
	assert_string_equal(ht_jstr(issue, "severity"), "error");
	assert_string_equal(ht_jstr(issue, "code"), code);
	assert_true(strlen(ht_jstr(issue, "diagnostics")) > 5);
	json_decref(j);
}

/* The resources of a Bundle of one type, in order (borrowed). */
static int resources(json_t *bundle, const char *type, json_t **out, int max)
{
	int n = 0;
	size_t i;
	json_t *e;
	json_array_foreach(json_object_get(bundle, "entry"), i, e) {
		json_t *res = json_object_get(e, "resource");
		if (strcmp(ht_jstr(res, "resourceType"), type) == 0 && n < max)
			out[n++] = res;
	}
	return n;
}

static json_t *one(json_t *bundle, const char *type)
{
	json_t *r[1];
	if (resources(bundle, type, r, 1) != 1)
		fail_msg("no %s in the Bundle", type);
	return r[0];
}

/* Whether a CodeableConcept array holds a coding system|code. */
static bool has_coding(json_t *concepts, const char *system, const char *code)
{
	size_t i, k;
	json_t *c, *coding;
	if (json_is_object(concepts))
		concepts = json_pack("[O]", concepts);
	else
		json_incref(concepts);
	bool found = false;
	json_array_foreach(concepts, i, c)
		json_array_foreach(json_object_get(c, "coding"), k, coding)
			if (strcmp(ht_jstr(coding, "system"), system) == 0 &&
			    strcmp(ht_jstr(coding, "code"), code) == 0)
				found = true;
	json_decref(concepts);
	return found;
}

static const char *everything(int64_t plan)
{
	return ht_fmt(&srv, "/fhir/CarePlan/%lld/$everything", (long long)plan);
}

/* A person (protected or not) with a plan and a consent covering region
 * and municipality as eva: the plan id, and the consent's in *consent. */
static int64_t plan_for(struct ht_client *eva, const char *pnr, bool protect,
                        int64_t *consent)
{
	json_t *p = ht_api_post(
		eva, "/api/v1/persons",
		json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:b}", "personnummer", pnr,
		          "given_name", protect ? "Sigrid" : "Vera", "family_name",
		          "Exportsson", "address", "Hemliga vägen 1", "city",
		          "Ludvika", "phone", "070-999 99 98", "protected_identity",
		          protect),
		201);
	int64_t person = ht_jint(p, "id");
	json_decref(p);
	json_decref(ht_api_post(
		eva, ht_fmt(&srv, "/api/v1/persons/%lld/related?reason=Registrering",
		            (long long)person),
		json_pack("{s:s, s:s, s:s, s:s}", "role", "relative", "name",
		          "Rut Exportsson", "relation", "syster", "phone",
		          "070-888 88 87"),
		201));
	json_t *parties = json_pack("[I,I]",
	                            (json_int_t)principal("Region Dalarna"),
	                            (json_int_t)principal("Ludvika kommun"));
	p = ht_api_post(eva, "/api/v1/plans",
	                json_pack("{s:I, s:s, s:s, s:O}", "person_id",
	                          (json_int_t)person, "initiated_by",
	                          "professional", "need_professional",
	                          "Behöver samordnat stöd.", "principal_ids",
	                          parties),
	                201);
	int64_t plan = ht_jint(p, "id");
	json_decref(p);
	p = ht_api_post(eva, ht_fmt(&srv, "/api/v1/plans/%lld/consents",
	                            (long long)plan),
	                json_pack("{s:s, s:s, s:s, s:[s,s], s:o}", "given_by",
	                          "individual", "form", "oral", "valid_until",
	                          ht_date_in(&srv, 200), "scopes", "health",
	                          "social", "recipient_ids", parties),
	                201);
	*consent = ht_jint(json_array_get(json_object_get(p, "consents"), 0),
	                   "id");
	json_decref(p);
	return plan;
}

/* ---- Anna's plan ---- */

static void test_care_plan(void **state)
{
	(void)state;
	struct ht_client *eva = ht_api_as(&srv, "eva");
	int64_t plan = anna_plan();
	json_t *cp = fhir_ok(get(eva, ht_fmt(&srv, "/fhir/CarePlan/%lld",
	                                     (long long)plan),
	                         "application/fhir+json"),
	                     "CarePlan");
	assert_string_equal(ht_jstr(cp, "id"), ht_fmt(&srv, "%lld",
	                                              (long long)plan));
	assert_string_equal(ht_jstr(cp, "status"), "active");
	assert_string_equal(ht_jstr(cp, "intent"), "plan");
	json_t *cat = json_object_get(cp, "category");
	assert_true(has_coding(cat, "https://fhir.inera.se/CodeSystem/"
	                            "typeofcareplan-cs", "SIP"));
	assert_true(has_coding(cat, "http://snomed.info/sct", "734163000"));
	assert_int_equal(json_array_size(json_object_get(cp, "goal")), 5);
	assert_string_equal(ht_jstr(json_object_get(cp, "author"), "display"),
	                    "Eva Lind");
	ht_assert_contains(ht_jstr(json_object_get(cp, "period"), "start"), "T");
	/* seven interventions and the follow-up */
	json_t *acts = json_object_get(cp, "activity");
	assert_int_equal(json_array_size(acts), 8);
	json_t *kbt = json_object_get(json_array_get(acts, 0), "detail");
	assert_string_equal(ht_jstr(kbt, "description"),
	                    "KBT-behandling samtal X gånger/vecka");
	assert_string_equal(ht_jstr(kbt, "status"), "in-progress");
	ht_assert_contains(ht_jstr(json_object_get(json_object_get(kbt,
	                                                           "scheduledTiming"),
	                                           "code"),
	                           "text"),
	                   "Påbörjas omgående");
	json_t *who = json_array_get(json_object_get(kbt, "performer"), 0);
	ht_assert_contains(ht_jstr(who, "reference"), "Organization/unit-");
	assert_string_equal(ht_jstr(who, "display"), "Kurator Vuxenpsykiatri");
	/* the individual's own action points at the Patient */
	json_t *diary = json_object_get(json_array_get(acts, 2), "detail");
	ht_assert_contains(ht_jstr(json_array_get(json_object_get(diary,
	                                                          "performer"),
	                                          0),
	                           "reference"),
	                   "Patient/");
	json_t *follow = json_object_get(json_array_get(acts, 7), "detail");
	assert_string_equal(ht_jstr(follow, "kind"), "Appointment");
	/* the texts as notes */
	json_t *notes = json_object_get(cp, "note");
	bool crisis = false;
	size_t i;
	json_t *n;
	json_array_foreach(notes, i, n)
		crisis = crisis || strstr(ht_jstr(n, "text"), "1177");
	assert_true(crisis);
	json_decref(cp);
	/* application/json and no preference are answered the same way */
	json_decref(fhir_ok(get(eva, ht_fmt(&srv, "/fhir/CarePlan/%lld",
	                                    (long long)plan),
	                        "application/json"),
	                    "CarePlan"));
	json_decref(fhir_ok(get(eva, ht_fmt(&srv, "/fhir/CarePlan/%lld",
	                                    (long long)plan),
	                        NULL),
	                    "CarePlan"));
	ht_client_free(eva);
}

static void test_everything(void **state)
{
	(void)state;
	struct ht_client *eva = ht_api_as(&srv, "eva");
	int64_t plan = anna_plan();
	int64_t before = exports(plan);
	json_t *b = fhir_ok(get(eva, everything(plan), "application/fhir+json"),
	                    "Bundle");
	/* one audit record for the whole export */
	assert_int_equal(exports(plan), before + 1);
	assert_string_equal(ht_jstr(b, "type"), "collection");
	json_t *first = json_object_get(json_array_get(json_object_get(b, "entry"),
	                                               0),
	                                "resource");
	assert_string_equal(ht_jstr(first, "resourceType"), "CarePlan");

	json_t *pat = one(b, "Patient");
	json_t *id = json_array_get(json_object_get(pat, "identifier"), 0);
	assert_string_equal(ht_jstr(id, "system"),
	                    "http://electronichealth.se/identifier/personnummer");
	assert_string_equal(ht_jstr(id, "value"), ANNA_PNR);
	assert_null(json_object_get(pat, "meta"));
	assert_non_null(json_object_get(pat, "address"));

	/* goals: the overall goal names its four sub-goals */
	json_t *goals[8];
	assert_int_equal(resources(b, "Goal", goals, 8), 5);
	assert_string_equal(ht_jstr(goals[0], "lifecycleStatus"), "active");
	ht_assert_contains(ht_jstr(json_object_get(goals[0], "description"),
	                           "text"),
	                   "examen");
	json_t *links = json_object_get(goals[0], "extension");
	assert_int_equal(json_array_size(links), 4);
	json_t *target = json_array_get(json_object_get(json_array_get(links, 3),
	                                                "extension"),
	                                1);
	assert_string_equal(ht_jstr(json_object_get(target, "valueReference"),
	                            "reference"),
	                    ht_fmt(&srv, "Goal/%s", ht_jstr(goals[4], "id")));
	assert_null(json_object_get(goals[1], "extension"));

	/* the coordinator in the care team, for the unit */
	json_t *team = one(b, "CareTeam");
	json_t *coord = json_array_get(json_object_get(team, "participant"), 0);
	assert_true(has_coding(json_object_get(coord, "role"),
	                       "urn:samplan:fhir/CodeSystem/plan-role",
	                       "coordinator"));
	assert_string_equal(ht_jstr(json_object_get(coord, "member"), "display"),
	                    "Eva Lind");
	ht_assert_contains(ht_jstr(json_object_get(coord, "member"), "reference"),
	                   "Practitioner/");
	ht_assert_contains(ht_jstr(json_object_get(coord, "onBehalfOf"),
	                           "reference"),
	                   "Organization/unit-");
	/* Elena, Anna's sister, as a RelatedPerson */
	json_t *rp = one(b, "RelatedPerson");
	assert_string_equal(ht_jstr(json_array_get(json_object_get(rp, "name"), 0),
	                            "text"),
	                    "Elena Andersson");

	/* the consent: scope, recipients, active */
	json_t *c = one(b, "Consent");
	assert_string_equal(ht_jstr(c, "status"), "active");
	json_t *prov = json_object_get(c, "provision");
	const char *info = "urn:samplan:fhir/CodeSystem/information-category";
	assert_true(has_coding(json_object_get(prov, "code"), info, "health"));
	assert_true(has_coding(json_object_get(prov, "code"), info, "social"));
	assert_true(has_coding(json_object_get(prov, "code"), info, "school"));
	assert_int_equal(json_array_size(json_object_get(prov, "actor")), 3);
	ht_assert_contains(ht_jstr(json_array_get(json_object_get(c, "performer"),
	                                          0),
	                           "reference"),
	                   "Patient/");

	/* the meeting and each invited unit's reply */
	json_t *appt = one(b, "Appointment");
	assert_string_equal(ht_jstr(appt, "status"), "fulfilled");
	ht_assert_contains(ht_jstr(appt, "start"), "T13:00:00+0");
	json_t *replies[4];
	assert_int_equal(resources(b, "AppointmentResponse", replies, 4), 2);
	assert_string_equal(ht_jstr(replies[0], "participantStatus"), "accepted");
	json_decref(b);
	ht_client_free(eva);
}

/* A video meeting, invitations not answered yet (Gunnel's demo plan, as
 * lars of the lead unit): the link through R5's virtualService. */
static void test_video_meeting(void **state)
{
	(void)state;
	struct ht_client *lars = ht_api_as(&srv, "lars");
	int64_t plan = ht_sql_int(&srv, "SELECT plan_id FROM meeting WHERE"
	                                " video_link IS NOT NULL", NULL);
	json_t *b = fhir_ok(get(lars, everything(plan), NULL), "Bundle");
	assert_string_equal(ht_jstr(one(b, "CarePlan"), "status"), "draft");
	json_t *appt = one(b, "Appointment");
	json_t *ext = json_array_get(json_object_get(appt, "extension"), 0);
	assert_string_equal(ht_jstr(ext, "url"),
	                    "http://hl7.org/fhir/5.0/StructureDefinition/"
	                    "extension-Appointment.virtualService");
	json_t *addr = json_array_get(json_object_get(ext, "extension"), 0);
	assert_string_equal(ht_jstr(addr, "url"), "address");
	ht_assert_contains(ht_jstr(addr, "valueUrl"), "https://");
	json_t *replies[4];
	int n = resources(b, "AppointmentResponse", replies, 4);
	assert_true(n >= 2);
	assert_string_equal(ht_jstr(replies[0], "participantStatus"),
	                    "needs-action");
	json_decref(b);
	ht_client_free(lars);
}

/* ---- protected identity, withdrawal, withheld parts ---- */

static void test_protected_person(void **state)
{
	(void)state;
	struct ht_client *eva = ht_api_as(&srv, "eva");
	int64_t consent;
	int64_t plan = plan_for(eva, ht_pnr("19800303", 451), true, &consent);
	const struct ht_response *r = get(eva, everything(plan), NULL);
	json_t *b = fhir_ok(r, "Bundle");
	/* no address or contact detail, of the person or of her sister */
	ht_assert_not_contains(r->body, "Hemliga");
	ht_assert_not_contains(r->body, "070-999");
	ht_assert_not_contains(r->body, "070-888");
	json_t *pat = one(b, "Patient");
	assert_null(json_object_get(pat, "address"));
	assert_null(json_object_get(pat, "telecom"));
	json_t *label = json_array_get(json_object_get(json_object_get(pat, "meta"),
	                                               "security"),
	                               0);
	assert_string_equal(ht_jstr(label, "system"),
	                    "http://electronichealth.se/CodeSystem/SecurityLabel");
	assert_string_equal(ht_jstr(label, "code"), "sekretessmarkering");
	assert_null(json_object_get(one(b, "RelatedPerson"), "telecom"));
	json_decref(b);
	ht_client_free(eva);
}

static void test_withdrawn_consent(void **state)
{
	(void)state;
	struct ht_client *eva = ht_api_as(&srv, "eva");
	int64_t consent;
	int64_t plan = plan_for(eva, ht_pnr("19810404", 562), false, &consent);
	json_t *b = fhir_ok(get(eva, everything(plan), NULL), "Bundle");
	assert_string_equal(ht_jstr(one(b, "Consent"), "status"), "active");
	assert_non_null(json_object_get(one(b, "Patient"), "address"));
	json_decref(b);
	time_t now = time(NULL);
	struct tm tm;
	localtime_r(&now, &tm);
	char d[11], t[6];
	strftime(d, sizeof d, "%Y-%m-%d", &tm);
	strftime(t, sizeof t, "%H:%M", &tm);
	json_decref(ht_api_post(
		eva, ht_fmt(&srv, "/api/v1/plans/%lld/consents/%lld/withdraw",
		            (long long)plan, (long long)consent),
		json_pack("{s:s, s:s, s:s, s:s}", "method", "phone", "stated_date",
		          d, "stated_time", t, "received_by", "Eva Lind"),
		200));
	b = fhir_ok(get(eva, everything(plan), NULL), "Bundle");
	json_t *c = one(b, "Consent");
	assert_string_equal(ht_jstr(c, "status"), "inactive");
	assert_non_null(ht_jstr(json_object_get(json_object_get(c, "provision"),
	                                        "period"),
	                        "end"));
	assert_string_equal(ht_jstr(one(b, "CarePlan"), "status"), "revoked");
	assert_string_equal(ht_jstr(one(b, "CareTeam"), "status"), "inactive");
	json_decref(b);
	ht_client_free(eva);
}

/* Anna's consent without health: bo (municipality) gets no health part
 * — not the region's interventions, not the crisis plan — and nothing
 * that says something was left out; the municipality's own parts stay. */
static void test_withheld_parts(void **state)
{
	(void)state;
	struct ht_client *bo = ht_api_as(&srv, "bo");
	int64_t plan = anna_plan();
	const char *cid = ht_sql_text(&srv, "SELECT id FROM consent WHERE"
	                                    " plan_id = ?",
	                              ht_fmt(&srv, "%lld", (long long)plan));
	/* with health: both there */
	const struct ht_response *r = get(bo, everything(plan), NULL);
	ht_assert_contains(r->body, "KBT-behandling samtal");
	ht_assert_contains(r->body, "1177");
	assert_int_equal(ht_sql_exec(&srv, "DELETE FROM consent_scope WHERE"
	                                   " consent_id = ? AND category = 'health'",
	                             cid),
	                 1);
	r = get(bo, everything(plan), NULL);
	json_t *b = fhir_ok(r, "Bundle");
	ht_assert_not_contains(r->body, "KBT-behandling samtal");
	ht_assert_not_contains(r->body, "1177");
	ht_assert_not_contains(r->body, "withheld");
	ht_assert_contains(r->body, "Tränas att resa kollektivt");
	json_t *cp = one(b, "CarePlan");
	assert_null(json_object_get(cp, "meta"));
	json_decref(b);
	assert_int_equal(ht_sql_exec(&srv, "INSERT INTO consent_scope"
	                                   " (consent_id, category) VALUES (?, 'health')",
	                             cid),
	                 1);
	ht_client_free(bo);
}

/* ---- who gets what ---- */

static void test_refusals(void **state)
{
	(void)state;
	int64_t plan = anna_plan();
	const char *path = ht_fmt(&srv, "/fhir/CarePlan/%lld", (long long)plan);
	int64_t before = exports(plan);
	/* a unit taking no part learns nothing: as for no plan at all */
	struct ht_client *olle = ht_api_as(&srv, "olle");
	const struct ht_response *r = get(olle, everything(plan), NULL);
	assert_outcome(r, 404, "not-found");
	ht_assert_not_contains(r->body, "Anna");
	const struct ht_response *none = get(olle, "/fhir/CarePlan/999999", NULL);
	assert_outcome(none, 404, "not-found");
	ht_assert_same_json(r, none, NULL);
	assert_outcome(get(olle, path, NULL), 404, "not-found");
	assert_outcome(get(olle, "/fhir/CarePlan/x", NULL), 404, "not-found");
	assert_outcome(get(olle, "/fhir/Patient/1", NULL), 404, "not-found");
	ht_client_free(olle);
	/* no credentials, a bad token */
	struct ht_client *anon = ht_client_new(&srv);
	r = get(anon, path, NULL);
	assert_outcome(r, 401, "login");
	ht_assert_contains(ht_header(r, "WWW-Authenticate"), "Bearer");
	ht_client_bearer(anon, "sp_not-a-token");
	assert_outcome(get(anon, everything(plan), NULL), 401, "login");
	ht_client_free(anon);
	/* another format */
	struct ht_client *eva = ht_api_as(&srv, "eva");
	assert_outcome(get(eva, path, "text/html"), 406, "not-supported");
	assert_outcome(get(eva, everything(plan), "application/fhir+xml"), 406,
	               "not-supported");
	assert_outcome(get(eva, path, "application/fhir+json;q=0, text/html"), 406,
	               "not-supported");
	assert_outcome(get(eva, ht_fmt(&srv, "%s?_format=xml", path),
	                   "application/fhir+json"),
	               406, "not-supported");
	assert_outcome(ht_post_json(eva, path, "{}", NULL), 405, "not-supported");
	assert_int_equal(exports(plan), before);
	json_decref(fhir_ok(get(eva, ht_fmt(&srv, "%s?_format=json", path),
	                        "text/html"),
	                    "CarePlan"));
	json_decref(fhir_ok(get(eva, path, "text/html;q=0.9, application/*"),
	                    "CarePlan"));
	ht_client_free(eva);
	/* a signed-in page session is a caller as well */
	struct ht_client *web = ht_logged_in(&srv, "eva");
	json_decref(fhir_ok(get(web, everything(plan), "application/fhir+json"),
	                    "Bundle"));
	ht_client_free(web);
	assert_int_equal(exports(plan), before + 3);
}

/* ---- the independent validator ---- */

/* Whether node and the validator's modules are there, after trying to
 * install them (npm ci in tests/e2e) once. */
static bool validator_ready(void)
{
	const char *mods = "tests/e2e/node_modules/@asymmetrik/"
	                   "fhir-json-schema-validator/fhir.schema.json";
	if (system("node --version >/dev/null 2>&1") != 0)
		return false;
	struct stat st;
	if (stat(mods, &st) == 0 &&
	    stat("tests/e2e/node_modules/ajv/package.json", &st) == 0)
		return true;
	if (system("cd tests/e2e && npm ci --no-audit --no-fund >/dev/null 2>&1") != 0)
		return false;
	return stat(mods, &st) == 0;
}

/* Run the validator on files: its exit status, its output in out. */
static int validate(const char *const *paths, int n, char *out, size_t cap)
{
	char cmd[8192];
	size_t len = (size_t)snprintf(cmd, sizeof cmd, "node tests/fhir/validate.js");
	for (int i = 0; i < n && len < sizeof cmd; i++)
		len += (size_t)snprintf(cmd + len, sizeof cmd - len, " '%s'", paths[i]);
	snprintf(cmd + len, sizeof cmd - len, " 2>&1");
	FILE *p = popen(cmd, "r");
	assert_non_null(p);
	size_t got = fread(out, 1, cap - 1, p);
	out[got] = '\0';
	int rc = pclose(p);
	return WIFEXITED(rc) ? WEXITSTATUS(rc) : -1;
}

static void test_validator(void **state)
{
	(void)state;
	if (!validator_ready()) {
		if (getenv("CI") && *getenv("CI"))
			fail_msg("node or the FHIR validator's modules are missing "
			         "(cd tests/e2e && npm ci)");
		skip();
	}
	assert_true(nfiles >= 8);
	const char *paths[16];
	for (int i = 0; i < nfiles; i++)
		paths[i] = files[i];
	static char out[65536];
	int rc = validate(paths, nfiles, out, sizeof out);
	if (rc != 0)
		fail_msg("the export is not valid FHIR R4:\n%s", out);
	ht_assert_contains(out, "valid FHIR R4 (Bundle 1, CarePlan 1");
	ht_assert_not_contains(out, "INVALID");

	/* The validator can fail: a wrong status and a reference to
	 * nothing in a Bundle. */
	char bad[600];
	snprintf(bad, sizeof bad, "%s/broken.json", dir);
	FILE *f = fopen(bad, "w");
	assert_non_null(f);
	fputs("{\"resourceType\":\"Bundle\",\"type\":\"collection\",\"entry\":"
	      "[{\"fullUrl\":\"http://x/fhir/CarePlan/1\",\"resource\":"
	      "{\"resourceType\":\"CarePlan\",\"id\":\"1\",\"status\":\"ongoing\","
	      "\"intent\":\"plan\",\"subject\":{\"reference\":\"Patient/9\"},"
	      "\"colour\":\"blue\"}}]}",
	      f);
	fclose(f);
	const char *one_bad[] = {bad};
	rc = validate(one_bad, 1, out, sizeof out);
	unlink(bad);
	assert_int_equal(rc, 1);
	ht_assert_contains(out, "CarePlan.status is \"ongoing\"");
	ht_assert_contains(out, "\"Patient/9\" does not resolve");
	ht_assert_contains(out, "colour");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_care_plan),
		cmocka_unit_test(test_everything),
		cmocka_unit_test(test_video_meeting),
		cmocka_unit_test(test_protected_person),
		cmocka_unit_test(test_withdrawn_consent),
		cmocka_unit_test(test_withheld_parts),
		cmocka_unit_test(test_refusals),
		cmocka_unit_test(test_validator),
	};
	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
