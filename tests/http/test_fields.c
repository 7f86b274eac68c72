/*
 * test_fields.c — consent-scoped fields over real HTTP (issue 8,
 * finding 2): a consent without the category "health" hides the health
 * fields from that recipient, on the pages and in the API, and the
 * hidden values appear nowhere in the response body.
 *
 * The demo data: Anna's plan (eva's region unit leads; bo's municipality
 * unit and sara's student health receive) and Gunnel's discharge plan
 * (lars's region unit leads; hanna's home care receives). The test takes
 * "health" out of their consents in the database, as if the individual
 * had not agreed to share it, and reads as each party. Distinctive
 * strings of the demo stand for the hidden values: Anna's crisis plan,
 * her psychiatric treatment (an intervention of the region), her need in
 * her own words (written down by the region unit), Gunnel's hospital
 * episode and her aids.
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

#include "harness.h"

static struct ht_server srv;

#define ANNA_PNR "199903152388"
#define GUNNEL_PNR "194111222842"

/* Hidden from a recipient without "health" (demo_plans.c). */
static const char *const anna_health[] = {
	"Om ångesten blir för svår",            /* crisis plan */
	"KBT-behandling samtal X",              /* the region's intervention */
	"Jag orkar inte hålla ihop alla kontakter", /* need, region unit */
};
static const char *const gunnel_health[] = {
	"medicinavdelning, inskriven", /* hospital episode (not the unit) */
	"Hörselslinga",                         /* aids */
};
#define WITHHELD "Dold: samtycket omfattar inte Hälsa och vård"

static int64_t plan_of(const char *pnr)
{
	int64_t id = ht_sql_int(&srv, "SELECT MIN(p.id) FROM plan p JOIN person pe"
	                              " ON pe.id = p.person_id WHERE"
	                              " pe.personnummer = ?", pnr);
	if (!id)
		fail_msg("no demo plan for %s", pnr);
	return id;
}

static void health_in_consents(int64_t plan, bool on)
{
	const char *p = ht_fmt(&srv, "%lld", (long long)plan);
	if (on)
		ht_sql_exec(&srv, "INSERT INTO consent_scope (consent_id, category)"
		                  " SELECT id, 'health' FROM consent WHERE plan_id = ?"
		                  " AND NOT EXISTS (SELECT 1 FROM consent_scope s"
		                  " WHERE s.consent_id = consent.id"
		                  " AND s.category = 'health')", p);
	else
		ht_sql_exec(&srv, "DELETE FROM consent_scope WHERE category = 'health'"
		                  " AND consent_id IN (SELECT id FROM consent"
		                  " WHERE plan_id = ?)", p);
}

static const struct ht_response *get_ok(struct ht_client *c, const char *path)
{
	const struct ht_response *r = ht_get(c, path);
	if (r->status != 200)
		fail_msg("GET %s: %ld\n%s", path, r->status, ht_server_log(&srv, 20));
	return r;
}

static void assert_absent(const struct ht_response *r, const char *path,
                          const char *const *hidden, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (strstr(r->body, hidden[i]))
			fail_msg("GET %s shows the hidden \"%s\"", path, hidden[i]);
}

static void assert_present(const struct ht_response *r, const char *path,
                           const char *const *shown, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (!strstr(r->body, shown[i]))
			fail_msg("GET %s does not show \"%s\"", path, shown[i]);
}

/* "withheld" of a plan or version: the one category "health". */
static void assert_withheld_health(json_t *o)
{
	json_t *w = json_object_get(o, "withheld");
	assert_true(json_is_array(w));
	assert_int_equal(json_array_size(w), 1);
	assert_string_equal(json_string_value(json_array_get(w, 0)), "health");
}

#define N(a) (sizeof a / sizeof *a)

static void test_anna_without_health(void **state)
{
	(void)state;
	int64_t plan = plan_of(ANNA_PNR);
	const char *page = ht_fmt(&srv, "/plans/%lld", (long long)plan);
	const char *doc = ht_fmt(&srv, "/plans/%lld/versions/1", (long long)plan);
	const char *api = ht_fmt(&srv, "/api/v1/plans/%lld", (long long)plan);
	const char *api_v = ht_fmt(&srv, "/api/v1/plans/%lld/versions/1", (long long)plan);
	health_in_consents(plan, false);

	/* The lead unit sees it all (so the strings are really there). */
	struct ht_client *eva = ht_logged_in(&srv, "eva");
	assert_present(get_ok(eva, doc), doc, anna_health, 2);
	assert_present(get_ok(eva, page), page, anna_health + 2, 1);
	struct ht_client *eva_api = ht_api_as(&srv, "eva");
	const struct ht_response *r = get_ok(eva_api, api);
	assert_present(r, api, anna_health, N(anna_health));
	json_t *j = ht_json(r);
	assert_int_equal(json_array_size(json_object_get(j, "withheld")), 0);
	json_decref(j);

	/* bo (municipality) and sara (another actor): not in the page, the
	 * printable plan, the plan JSON or the version JSON. */
	const char *const readers[] = {"bo", "sara"};
	for (size_t k = 0; k < N(readers); k++) {
		struct ht_client *web = ht_logged_in(&srv, readers[k]);
		r = get_ok(web, page);
		assert_absent(r, page, anna_health, N(anna_health));
		assert_non_null(strstr(r->body, WITHHELD));
		r = get_ok(web, doc);
		assert_absent(r, doc, anna_health, N(anna_health));
		assert_non_null(strstr(r->body, WITHHELD));
		/* What the consent covers is still there. */
		assert_non_null(strstr(r->body, "Hantera sin ångest"));
		struct ht_client *c = ht_api_as(&srv, readers[k]);
		r = get_ok(c, api);
		assert_absent(r, api, anna_health, N(anna_health));
		j = ht_json(r);
		assert_withheld_health(j);
		json_t *need = json_object_get(j, "need");
		assert_null(json_object_get(need, "need_individual"));
		json_t *v = json_object_get(j, "current_version");
		assert_null(json_object_get(v, "crisis_plan"));
		assert_non_null(json_object_get(v, "situation"));
		assert_withheld_health(v);
		/* The region's intervention: who, but not what. */
		json_t *list = json_object_get(v, "interventions");
		size_t i;
		json_t *x;
		int hidden = 0;
		json_array_foreach(list, i, x) {
			const char *kind = json_string_value(
				json_object_get(x, "responsible_kind"));
			if (strcmp(kind, "region_unit") != 0) {
				assert_non_null(json_object_get(x, "what"));
				continue;
			}
			hidden++;
			assert_null(json_object_get(x, "what"));
			assert_null(json_object_get(x, "contact_name"));
			assert_string_equal(json_string_value(
				json_object_get(x, "withheld")), "health");
		}
		assert_true(hidden >= 1);
		json_decref(j);
		r = get_ok(c, api_v);
		assert_absent(r, api_v, anna_health, N(anna_health));
		j = ht_json(r);
		assert_withheld_health(j);
		json_decref(j);
		ht_client_free(web);
		ht_client_free(c);
	}

	/* With "health" in the consent again, bo sees it. */
	health_in_consents(plan, true);
	struct ht_client *bo = ht_api_as(&srv, "bo");
	r = get_ok(bo, api);
	assert_present(r, api, anna_health, N(anna_health));
	ht_client_free(bo);
	ht_client_free(eva);
	ht_client_free(eva_api);
}

static void test_gunnel_discharge_without_health(void **state)
{
	(void)state;
	int64_t plan = plan_of(GUNNEL_PNR);
	const char *page = ht_fmt(&srv, "/plans/%lld", (long long)plan);
	const char *api = ht_fmt(&srv, "/api/v1/plans/%lld", (long long)plan);
	health_in_consents(plan, false);
	struct ht_client *lars = ht_logged_in(&srv, "lars");
	assert_present(get_ok(lars, page), page, gunnel_health, N(gunnel_health));
	ht_client_free(lars);

	struct ht_client *hanna = ht_logged_in(&srv, "hanna");
	const struct ht_response *r = get_ok(hanna, page);
	assert_absent(r, page, gunnel_health, N(gunnel_health));
	assert_non_null(strstr(r->body, WITHHELD));
	assert_non_null(strstr(r->body, "Gunnel")); /* taking part: her name */
	ht_client_free(hanna);
	struct ht_client *c = ht_api_as(&srv, "hanna");
	r = get_ok(c, api);
	assert_absent(r, api, gunnel_health, N(gunnel_health));
	json_t *j = ht_json(r);
	assert_withheld_health(j);
	json_t *need = json_object_get(j, "need");
	assert_null(json_object_get(need, "hospital_episode"));
	assert_null(json_object_get(need, "is_discharge"));
	json_t *prep = json_object_get(j, "preparation");
	assert_null(json_object_get(prep, "aids"));
	assert_non_null(json_object_get(prep, "purpose"));
	json_decref(j);
	ht_client_free(c);
	health_in_consents(plan, true);
}

static int group_setup(void **state)
{
	(void)state;
	setenv("TZ", "Europe/Stockholm", 1);
	return ht_server_start(&srv, &(struct ht_server_opts){.demo = true}) ? 0
	                                                                     : -1;
}

static int group_teardown(void **state)
{
	(void)state;
	return ht_server_stop(&srv) == 0 ? 0 : -1;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_anna_without_health),
		cmocka_unit_test(test_gunnel_discharge_without_health),
	};
	return cmocka_run_group_tests_name("fields", tests, group_setup,
	                                   group_teardown);
}
