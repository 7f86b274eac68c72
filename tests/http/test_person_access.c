/*
 * test_person_access.c — need-to-know access to a person, over real
 * HTTP, through the API and the pages (docs/sip-process.md, "Who sees a
 * person's record").
 *
 * Issue 8, finding 1: olle, of an unrelated municipality, registered
 * Anna's personnummer and got her stored name, address, phone and her
 * sister's name and phone; his unit was linked to her for good, and he
 * could change her record. Here he registers it again, by the API and
 * by the form: the answer holds nothing stored (the strings of her
 * record are looked for in every body), nothing is linked, reads and
 * changes of the record answer 404 and change nothing, and the
 * coordinator's view is the same. What he may do is start a need
 * assessment with her personnummer; he then sees that plan, with her
 * name and personnummer, and nothing else. A protected person's record
 * opens only with a reason, which is audited; a non-participant learns
 * nothing of them.
 *
 * One server with the demo data (`samplan demo`); Anna is the demo's
 * reference person, registered by eva's unit.
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

#include "base/arena.h"
#include "harness.h"

static struct ht_server srv;
static struct arena scratch;

#define ANNA_PNR "199903152388"
#define HSA_OLLE "SE2120002122-IFO1" /* Smedjebacken (olle) */

/* What Anna's record holds (demo_plans.c) and olle must never see. */
static const char *const anna_stored[] = {
	"Andersson", "Storgatan", "771 30", "070-123 45 67",
	"Elena", "070-765 43 21", "syster",
};

static int group_setup(void **state)
{
	(void)state;
	setenv("TZ", "Europe/Stockholm", 1);
	arena_init(&scratch, 64 << 20);
	return ht_server_start(&srv, &(struct ht_server_opts){.demo = true}) ? 0
	                                                                     : -1;
}

static int group_teardown(void **state)
{
	(void)state;
	arena_free(&scratch);
	return ht_server_stop(&srv) == 0 ? 0 : -1;
}

static void assert_nothing_of_anna(const char *body)
{
	for (size_t i = 0; i < sizeof anna_stored / sizeof *anna_stored; i++)
		ht_assert_not_contains(body, anna_stored[i]);
}

static int64_t anna_id(void)
{
	return ht_sql_int(&srv, "SELECT id FROM person WHERE personnummer = ?",
	                  ANNA_PNR);
}

static int64_t olle_links(int64_t person)
{
	return ht_sql_int(&srv, ht_fmt(&srv, "SELECT COUNT(*) FROM person_unit WHERE"
	                               " person_id = ? AND unit_id = (SELECT id FROM"
	                               " unit WHERE hsa_id = '%s')", HSA_OLLE),
	                  ht_fmt(&srv, "%lld", (long long)person));
}

/* eva's view of Anna's record, as JSON text. */
static const char *evas_view(int64_t anna)
{
	struct ht_client *eva = ht_api_as(&srv, "eva");
	const struct ht_response *r = ht_get(eva, ht_fmt(&srv, "/api/v1/persons/%lld",
	                                                 (long long)anna));
	ht_assert_status(r, 200);
	const char *body = arena_strdup(&scratch, r->body);
	ht_client_free(eva);
	return body;
}

/* ---- olle registers Anna's personnummer ---- */

static void test_register_known_api(void **state)
{
	(void)state;
	int64_t anna = anna_id();
	assert_true(anna > 0);
	const char *before = evas_view(anna);
	ht_assert_contains(before, "Storgatan 12 B");
	ht_assert_contains(before, "Elena Andersson");
	int64_t related = ht_sql_int(&srv, "SELECT COUNT(*) FROM related_person"
	                                   " WHERE person_id = ?",
	                             ht_fmt(&srv, "%lld", (long long)anna));
	struct ht_client *olle = ht_api_as(&srv, "olle");
	const struct ht_response *r = ht_post_jansson(olle, "/api/v1/persons",
		json_pack("{s:s, s:s, s:s, s:s}", "personnummer", "19990315-2388",
		          "given_name", "Olof", "family_name", "Främling",
		          "address", "Olles väg 3"));
	ht_assert_status(r, 409);
	assert_string_equal(r->content_type, "application/problem+json");
	assert_nothing_of_anna(r->body);
	ht_assert_not_contains(r->body, "Anna");
	json_t *p = ht_json(r);
	assert_string_equal(json_string_value(json_object_get(p, "type")),
	                    "/problems/person-exists");
	assert_int_equal(json_integer_value(json_object_get(p, "person_id")), anna);
	json_t *start = json_object_get(p, "start_plan");
	assert_string_equal(json_string_value(json_object_get(start, "href")),
	                    "/api/v1/plans");
	json_decref(p);
	assert_null(ht_header(r, "Location"));
	/* Nothing linked, nothing changed; the attempt is in the log. */
	assert_int_equal(olle_links(anna), 0);
	assert_int_equal(ht_sql_int(&srv, "SELECT COUNT(*) FROM audit_log WHERE"
	                                  " action = 'person.register_existing'"
	                                  " AND person_id = ?",
	                            ht_fmt(&srv, "%lld", (long long)anna)) >= 1, 1);

	/* His unit still cannot read or change her record. */
	const char *path = ht_fmt(&srv, "/api/v1/persons/%lld", (long long)anna);
	struct ht_snapshot snap;
	ht_snapshot_take(&srv, &snap);
	r = ht_get(olle, path);
	ht_assert_status(r, 404);
	assert_nothing_of_anna(r->body);
	ht_assert_status(ht_get(olle, ht_fmt(&srv, "%s/plans", path)), 404);
	ht_assert_status(ht_get(olle, "/api/v1/persons?personnummer=" ANNA_PNR), 404);
	r = ht_get(olle, "/api/v1/persons?q=Andersson");
	ht_assert_status(r, 200);
	assert_nothing_of_anna(r->body);
	r = ht_post_jansson(olle, path, json_pack("{s:s, s:s, s:s}", "given_name", "Anna",
	                                          "family_name", "Andersson", "address",
	                                          "Olles väg 3"));
	ht_assert_status(r, 404);
	r = ht_post_jansson(olle, ht_fmt(&srv, "%s/related", path),
	                    json_pack("{s:s, s:s}", "role", "relative", "name", "Olof F"));
	ht_assert_status(r, 404);
	int64_t elena = ht_sql_int(&srv, "SELECT MIN(id) FROM related_person"
	                                 " WHERE person_id = ?",
	                           ht_fmt(&srv, "%lld", (long long)anna));
	r = ht_post_jansson(olle, ht_fmt(&srv, "%s/related/%lld", path, (long long)elena),
	                    json_pack("{s:s, s:s}", "role", "relative", "name", "Olof F"));
	ht_assert_status(r, 404);
	ht_assert_unchanged(&srv, &snap);
	/* The coordinator's view is the same as before. */
	assert_int_equal(ht_sql_int(&srv, "SELECT COUNT(*) FROM related_person"
	                                  " WHERE person_id = ?",
	                            ht_fmt(&srv, "%lld", (long long)anna)), related);
	const char *after = evas_view(anna);
	ht_assert_contains(after, "Storgatan 12 B");
	ht_assert_not_contains(after, "Olles väg");
	ht_assert_not_contains(after, "Olof");
	ht_client_free(olle);
}

static void test_register_known_page(void **state)
{
	(void)state;
	int64_t anna = anna_id();
	struct ht_client *web = ht_logged_in(&srv, "olle");
	const char *csrf = ht_csrf(web);
	assert_non_null(csrf);
	const struct ht_response *r = ht_post_form(web, "/persons",
		"csrf_token", csrf, "personnummer", "19990315-2388",
		"given_name", "Olof", "family_name", "Främling", NULL);
	ht_assert_status(r, 200);
	ht_assert_contains(r->body, "Personen finns redan i samplan. Du kan starta "
	                         "en behovsbedömning.");
	assert_nothing_of_anna(r->body);
	ht_assert_not_contains(r->body, ">Anna");
	/* The need-assessment form, carrying the id and what he typed. */
	ht_assert_contains(r->body, "action=\"/plans\"");
	assert_string_equal(ht_form_value(web, r, "person_id"),
	                    ht_fmt(&srv, "%lld", (long long)anna));
	assert_string_equal(ht_form_value(web, r, "personnummer"),
	                    "19990315-2388");
	assert_int_equal(olle_links(anna), 0);
	/* The person page is not his. */
	r = ht_get(web, ht_fmt(&srv, "/persons/%lld", (long long)anna));
	ht_assert_status(r, 404);
	assert_nothing_of_anna(r->body);
	r = ht_get(web, "/persons?q=" ANNA_PNR);
	ht_assert_status(r, 200);
	assert_nothing_of_anna(r->body);
	ht_assert_contains(r->body, "Ingen person hittades");
	r = ht_post_form(web, ht_fmt(&srv, "/persons/%lld", (long long)anna),
	                 "csrf_token", csrf, "given_name", "Anna",
	                 "family_name", "Andersson", "address", "Olles väg 3",
	                 NULL);
	ht_assert_status(r, 404);
	r = ht_post_form(web, ht_fmt(&srv, "/persons/%lld/related", (long long)anna),
	                 "csrf_token", csrf, "role", "relative", "name", "Olof F",
	                 NULL);
	ht_assert_status(r, 404);
	ht_assert_not_contains(evas_view(anna), "Olles väg");
	ht_client_free(web);
}

/* ---- olle starts a need assessment for Anna ---- */

static void test_start_plan_known(void **state)
{
	(void)state;
	int64_t anna = anna_id();
	const char *principal = ht_fmt(&srv, "%lld", (long long)ht_sql_int(
		&srv, "SELECT principal_id FROM unit WHERE hsa_id = ?", HSA_OLLE));
	struct ht_client *web = ht_logged_in(&srv, "olle");
	const char *csrf = ht_csrf(web);
	/* Without the personnummer the id alone does not do. */
	const struct ht_response *r = ht_post_form(web, "/plans",
		"csrf_token", csrf, "person_id", ht_fmt(&srv, "%lld", (long long)anna),
		"initiated_by", "professional",
		"need_professional", "Behöver samordning med skolan.",
		"principal_ids", principal, NULL);
	ht_assert_status(r, 404);
	assert_nothing_of_anna(r->body);
	/* A refused form with the personnummer comes back with it only. */
	r = ht_post_form(web, "/plans", "csrf_token", csrf,
	                 "person_id", ht_fmt(&srv, "%lld", (long long)anna),
	                 "personnummer", "19990315-2388",
	                 "initiated_by", "professional",
	                 "principal_ids", principal, NULL);
	ht_assert_status(r, 422);
	assert_nothing_of_anna(r->body);
	ht_assert_contains(r->body, "19990315-2388");
	r = ht_post_form(web, "/plans", "csrf_token", csrf,
	                 "person_id", ht_fmt(&srv, "%lld", (long long)anna),
	                 "personnummer", "19990315-2388",
	                 "initiated_by", "professional",
	                 "need_professional", "Behöver samordning med skolan.",
	                 "principal_ids", principal, NULL);
	ht_assert_status(r, 303);
	assert_non_null(r->location);
	long long plan = 0;
	assert_int_equal(sscanf(r->location, "/plans/%lld", &plan), 1);
	/* His plan: her name and personnummer, nothing else stored. */
	r = ht_get(web, ht_fmt(&srv, "/plans/%lld", plan));
	ht_assert_status(r, 200);
	ht_assert_contains(r->body, "Anna");
	ht_assert_not_contains(r->body, "Storgatan");
	ht_assert_not_contains(r->body, "070-123 45 67");
	ht_assert_not_contains(r->body, "Elena");
	ht_assert_not_contains(r->body, "070-765 43 21");
	struct ht_client *olle = ht_api_as(&srv, "olle");
	r = ht_get(olle, ht_fmt(&srv, "/api/v1/plans/%lld", plan));
	ht_assert_status(r, 200);
	json_t *p = ht_json(r);
	json_t *person = json_object_get(p, "person");
	assert_string_equal(json_string_value(json_object_get(person,
	                                                      "given_name")),
	                    "Anna");
	assert_string_equal(json_string_value(json_object_get(person,
	                                                      "personnummer")),
	                    ANNA_PNR);
	assert_true(json_is_null(json_object_get(person, "address")));
	assert_true(json_is_null(json_object_get(person, "phone")));
	assert_int_equal(json_array_size(json_object_get(person, "related")), 0);
	json_decref(p);
	ht_assert_not_contains(r->body, "Elena");
	/* That plan only: not Anna's reference plan, not her record. */
	ht_assert_status(ht_get(olle, "/api/v1/plans/1"), 404);
	ht_assert_status(ht_get(olle, ht_fmt(&srv, "/api/v1/persons/%lld", (long long)anna)),
	                 404);
	r = ht_get(web, ht_fmt(&srv, "/persons/%lld", (long long)anna));
	ht_assert_status(r, 404);
	/* And by the API: the id and the personnummer start a plan. */
	r = ht_post_jansson(olle, "/api/v1/plans",
	                    json_pack("{s:I, s:s, s:s, s:s, s:[I]}", "person_id",
	                              (json_int_t)anna, "initiated_by", "professional",
	                              "need_professional", "Samordning behövs.",
	                              "personnummer", ANNA_PNR, "principal_ids",
	                              (json_int_t)atoll(principal)));
	ht_assert_status(r, 201);
	ht_assert_not_contains(r->body, "Storgatan");
	ht_assert_not_contains(r->body, "Elena");
	r = ht_post_jansson(olle, "/api/v1/plans",
	                    json_pack("{s:I, s:s, s:s, s:[I]}", "person_id",
	                              (json_int_t)anna, "initiated_by", "professional",
	                              "need_professional", "Samordning behövs.",
	                              "principal_ids", (json_int_t)atoll(principal)));
	ht_assert_status(r, 422);
	ht_assert_contains(r->body, "person_id");
	assert_int_equal(olle_links(anna) <= 1, 1); /* the plan's row only */
	ht_assert_status(ht_get(olle, ht_fmt(&srv, "/api/v1/persons/%lld", (long long)anna)),
	                 404);
	ht_client_free(olle);
	ht_client_free(web);
}

/* ---- protected identity ---- */

static void test_protected_person(void **state)
{
	(void)state;
	struct ht_client *eva = ht_api_as(&srv, "eva");
	const struct ht_response *r = ht_post_jansson(eva, "/api/v1/persons",
		json_pack("{s:s, s:s, s:s, s:s, s:s, s:b}",
		          "personnummer", "19800101-2387", "given_name", "Sigrid",
		          "family_name", "Skyddadsson", "address", "Hemliga vägen 1",
		          "phone", "070-999 99 99", "protected_identity", 1));
	ht_assert_status(r, 201);
	/* The answer after the write holds only the id and the flag. */
	ht_assert_not_contains(r->body, "Sigrid");
	json_t *p = ht_json(r);
	int64_t id = json_integer_value(json_object_get(p, "id"));
	assert_true(json_is_true(json_object_get(p, "reason_required")));
	json_decref(p);
	const char *path = ht_fmt(&srv, "/api/v1/persons/%lld", (long long)id);
	r = ht_post_jansson(eva, ht_fmt(&srv, "%s/related?reason=Registrering", path),
	                    json_pack("{s:s, s:s, s:s}", "role", "relative",
	                              "name", "Rut Skyddadsson", "phone", "070-888 88 88"));
	ht_assert_status(r, 201);

	/* Without a reason: 403 naming the field, nothing of the person. */
	r = ht_get(eva, path);
	ht_assert_status(r, 403);
	assert_string_equal(r->content_type, "application/problem+json");
	ht_assert_contains(r->body, "\"reason\"");
	ht_assert_not_contains(r->body, "Sigrid");
	ht_assert_not_contains(r->body, "Rut");
	const char *ids = ht_fmt(&srv, "%lld", (long long)id);
	int64_t before = ht_sql_int(&srv, "SELECT COUNT(*) FROM audit_log WHERE"
	                                  " action = 'person.read.protected'"
	                                  " AND person_id = ?", ids);
	/* With one: the record (contact details still hidden), audited
	 * with the reason. */
	r = ht_get(eva, ht_fmt(&srv, "%s?reason=F%%C3%%B6rberedelse%%20av%%20SIP-m%%C3%%B6te",
	                       path));
	ht_assert_status(r, 200);
	ht_assert_contains(r->body, "Sigrid");
	ht_assert_contains(r->body, "Rut Skyddadsson");
	ht_assert_not_contains(r->body, "Hemliga");
	ht_assert_not_contains(r->body, "070-999 99 99");
	assert_int_equal(ht_sql_int(&srv, "SELECT COUNT(*) FROM audit_log WHERE"
	                                  " action = 'person.read.protected'"
	                                  " AND person_id = ? AND detail ="
	                                  " 'Förberedelse av SIP-möte'", ids), 1);
	/* The header does too. */
	const char *hdr[] = {"Samplan-Reason: Uppfoljning", NULL};
	r = ht_request(eva, &(struct ht_request){.path = path, .headers = hdr});
	ht_assert_status(r, 200);
	assert_int_equal(ht_sql_int(&srv, "SELECT COUNT(*) FROM audit_log WHERE"
	                                  " action = 'person.read.protected'"
	                                  " AND person_id = ?", ids), before + 2);

	/* The page: the flag and the reason form, then the record. */
	struct ht_client *web = ht_logged_in(&srv, "eva");
	r = ht_get(web, ht_fmt(&srv, "/persons/%lld", (long long)id));
	ht_assert_status(r, 200);
	ht_assert_contains(r->body, "Skyddade personuppgifter");
	ht_assert_contains(r->body, "name=\"reason\"");
	ht_assert_not_contains(r->body, "Sigrid");
	ht_assert_not_contains(r->body, "Rut");
	r = ht_get(web, ht_fmt(&srv, "/persons/%lld?reason=", (long long)id));
	ht_assert_status(r, 422);
	ht_assert_not_contains(r->body, "Sigrid");
	r = ht_get(web, ht_fmt(&srv, "/persons/%lld?reason=Uppf%%C3%%B6ljning",
	                       (long long)id));
	ht_assert_status(r, 200);
	ht_assert_contains(r->body, "Sigrid");
	ht_assert_not_contains(r->body, "Hemliga");
	assert_int_equal(ht_sql_int(&srv, "SELECT COUNT(*) FROM audit_log WHERE"
	                                  " action = 'person.read.protected'"
	                                  " AND person_id = ? AND detail ="
	                                  " 'Uppföljning'", ids), 1);

	/* A non-participant learns nothing: no name, no relative. */
	struct ht_client *olle = ht_api_as(&srv, "olle");
	r = ht_post_jansson(olle, "/api/v1/persons",
	                    json_pack("{s:s, s:s, s:s}", "personnummer", "198001012387",
	                              "given_name", "X", "family_name", "Y"));
	ht_assert_status(r, 409);
	ht_assert_not_contains(r->body, "Sigrid");
	ht_assert_not_contains(r->body, "Skyddadsson");
	ht_assert_not_contains(r->body, "Rut");
	ht_assert_not_contains(r->body, "070-888 88 88");
	r = ht_get(olle, ht_fmt(&srv, "%s?reason=Nyfiken", path));
	ht_assert_status(r, 404);
	r = ht_get(olle, "/api/v1/persons?q=Skyddadsson");
	ht_assert_status(r, 200);
	ht_assert_not_contains(r->body, "Sigrid");
	assert_int_equal(ht_sql_int(&srv, "SELECT COUNT(*) FROM audit_log WHERE"
	                                  " action = 'person.read.protected'"
	                                  " AND detail = 'Nyfiken'", NULL), 0);
	ht_client_free(olle);
	ht_client_free(web);
	ht_client_free(eva);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_register_known_api),
		cmocka_unit_test(test_register_known_page),
		cmocka_unit_test(test_start_plan_known),
		cmocka_unit_test(test_protected_person),
	};
	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
