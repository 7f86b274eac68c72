/*
 * test_statistics.c — the statistics over HTTP (src/page/page_statistics.c,
 * src/api/api_statistics.c) on the demo data: who may open them, the
 * suppression of cells under five plans in page, CSV and JSON alike, no
 * personal data in any of them, and clear refusals of bad parameters.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "harness.h"

static struct ht_server srv;

#define FOLLOW_UP_USER "ulla.berg"

static int group_setup(void **state)
{
	(void)state;
	setenv("TZ", "Europe/Stockholm", 1);
	tzset();
	if (!ht_server_start(&srv, &(struct ht_server_opts){.demo = true}))
		return -1;
	/* Six more plans this year started by a relative, so one cell of
	 * the demo's figures is 5 or more and shown. */
	int64_t person = ht_sql_int(&srv, "SELECT MIN(id) FROM person", NULL);
	int64_t unit = ht_sql_int(&srv, "SELECT id FROM unit WHERE hsa_id = ?",
	                          "SE2120000837-SPB1");
	for (int i = 0; i < 6; i++)
		ht_sql_exec(&srv, ht_fmt(&srv,
			"INSERT INTO plan (person_id, state, initiating_unit_id,"
			" lead_unit_id, initiated_by, need_professional,"
			" need_assessed_at, created_at, updated_at) VALUES (%lld,"
			" 'need_assessed', %lld, %lld, 'relative', 'Behov', %lld,"
			" %lld, %lld)", (long long)person, (long long)unit,
			(long long)unit, (long long)time(NULL), (long long)time(NULL),
			(long long)time(NULL)), NULL);
	return 0;
}

static int group_teardown(void **state)
{
	(void)state;
	return ht_server_stop(&srv) == 0 ? 0 : -1;
}

static struct ht_client *logged_in(const char *username)
{
	struct ht_client *c = ht_client_new(&srv);
	assert_true(ht_login(c, username, HT_DEMO_PASSWORD));
	return c;
}

static struct ht_client *api_as(const char *username)
{
	struct ht_client *c = ht_client_new(&srv);
	ht_client_bearer(c, ht_token_create(&srv, username));
	return c;
}

static void test_who_may_open_them(void **state)
{
	(void)state;
	static const char *const paths[] = {
		"/statistics", "/statistics.csv?table=started_by_kind",
		"/api/v1/statistics"};
	/* Plan readers, administrators and the audit reviewer: refused. */
	static const char *const refused[] = {"eva", "ulla", "admin", "granskare"};
	for (size_t i = 0; i < sizeof refused / sizeof *refused; i++) {
		struct ht_client *c = logged_in(refused[i]);
		for (size_t k = 0; k < 2; k++)
			ht_assert_status(ht_get(c, paths[k]), 403);
		ht_client_free(c);
		c = api_as(refused[i]);
		ht_assert_problem(ht_get(c, paths[2]), 403);
		ht_client_free(c);
	}
	/* Nobody signed in: to the login page, or 401 for the API. */
	struct ht_client *anon = ht_client_new(&srv);
	const struct ht_response *r = ht_get(anon, "/statistics");
	assert_true(r->status == 302 || r->status == 303);
	ht_assert_contains(ht_header(r, "Location"), "/login");
	ht_assert_status(ht_get(anon, "/api/v1/statistics"), 401);
	ht_client_free(anon);
	/* A citizen signed in to Min SIP is no staff user. */
	struct ht_client *anna = ht_client_new(&srv);
	assert_true(ht_citizen_sign_in(anna, "19990315-2388"));
	assert_int_not_equal(ht_get(anna, "/statistics")->status, 200);
	ht_client_free(anna);

	/* The follow-up group: the statistics, and no plan or person. */
	struct ht_client *u = logged_in(FOLLOW_UP_USER);
	ht_assert_page(ht_get(u, "/statistics"), 200);
	r = ht_get(u, "/");
	ht_assert_contains(r->body, "href=\"/statistics\"");
	int64_t plan = ht_sql_int(&srv, "SELECT MIN(id) FROM plan", NULL);
	ht_assert_status(ht_get(u, ht_fmt(&srv, "/plans/%lld", (long long)plan)),
	                 403);
	ht_assert_status(ht_get(u, "/persons"), 403);
	ht_client_free(u);
	u = api_as(FOLLOW_UP_USER);
	ht_assert_status(ht_get(u, "/api/v1/plans"), 403);
	json_t *j = ht_api_get(u, "/api/v1/statistics", 200);
	assert_string_equal(ht_jstr(j, "scope"), "county");
	json_decref(j);
	ht_client_free(u);
}

/* The cell `row` of table `name` in the JSON. */
static json_t *json_cell(json_t *doc, const char *name, const char *row,
                         const char *col)
{
	size_t i, k;
	json_t *t, *rw;
	json_array_foreach(json_object_get(doc, "tables"), i, t)
		if (strcmp(ht_jstr(t, "name"), name) == 0)
			json_array_foreach(json_object_get(t, "rows"), k, rw)
				if (strcmp(ht_jstr(rw, "key"), row) == 0)
					return json_object_get(
						json_object_get(rw, "values"), col);
	fail_msg("no cell %s/%s", name, row);
	return NULL;
}

/* Every count in the JSON is a suppression or at least 5. */
static int assert_no_count_under_five(json_t *doc)
{
	int suppressed = 0;
	size_t i, k;
	json_t *t, *rw;
	json_array_foreach(json_object_get(doc, "tables"), i, t) {
		if (strcmp(ht_jstr(t, "format"), "count") != 0)
			continue;
		json_array_foreach(json_object_get(t, "rows"), k, rw) {
			const char *key;
			json_t *v;
			json_object_foreach(json_object_get(rw, "values"), key, v) {
				if (json_is_object(v)) {
					assert_true(json_is_true(
						json_object_get(v, "suppressed")));
					suppressed++;
				} else {
					assert_true(json_integer_value(v) >= 5);
				}
			}
		}
	}
	return suppressed;
}

static void test_suppression_alike_in_page_csv_json(void **state)
{
	(void)state;
	int64_t ludvika = ht_sql_int(&srv, "SELECT id FROM principal WHERE"
	                                   " name = ?", "Ludvika kommun");
	const char *query[] = {
		"scope=county",
		ht_fmt(&srv, "scope=principal:%lld", (long long)ludvika)};
	int64_t relatives = ht_sql_int(&srv, "SELECT COUNT(*) FROM plan WHERE"
	                                     " initiated_by = 'relative'", NULL);
	assert_true(relatives >= 5);
	struct ht_client *api = api_as(FOLLOW_UP_USER);
	struct ht_client *web = logged_in(FOLLOW_UP_USER);
	for (size_t q = 0; q < 2; q++) {
		json_t *doc = ht_api_get(api, ht_fmt(&srv, "/api/v1/statistics?%s",
		                                     query[q]), 200);
		assert_true(assert_no_count_under_five(doc) > 0);
		json_t *discharge = json_cell(doc, "started_by_kind",
		                              "discharge_sip", "plans");
		assert_true(json_is_true(json_object_get(discharge, "suppressed")));
		json_decref(doc);

		const struct ht_response *r = ht_get(web, ht_fmt(
			&srv, "/statistics.csv?%s&table=started_by_kind", query[q]));
		ht_assert_status(r, 200);
		ht_assert_contains(ht_header(r, "Content-Type"), "text/csv");
		ht_assert_contains(r->body, "discharge_sip,SIP vid utskrivning "
		                            "(lag 2017:612),<5\r\n");
		r = ht_get(web, ht_fmt(&srv, "/statistics?%s", query[q]));
		ht_assert_page(r, 200);
		ht_assert_contains(r->body, "<th scope=\"row\">SIP vid utskrivning "
		                            "(lag 2017:612)</th><td class=\"num\">"
		                            "&lt;5</td>");
		ht_assert_contains(r->body, "role=\"img\"");
	}
	/* The county's cell of 5 or more, the same in all three. */
	json_t *doc = ht_api_get(api, "/api/v1/statistics", 200);
	json_t *v = json_cell(doc, "started_by_initiator", "relative", "plans");
	assert_true(json_is_integer(v));
	char shown[32];
	snprintf(shown, sizeof shown, "%lld", (long long)json_integer_value(v));
	assert_int_equal(json_integer_value(v), relatives);
	json_decref(doc);
	const struct ht_response *r = ht_get(web, "/statistics.csv?table="
	                                          "started_by_initiator");
	ht_assert_contains(r->body, ht_fmt(&srv, "relative,En närstående,%s\r\n",
	                                   shown));
	r = ht_get(web, "/statistics");
	ht_assert_contains(r->body, ht_fmt(&srv, "<th scope=\"row\">En närstående"
	                                   "</th><td class=\"num\">%s</td>", shown));
	ht_client_free(web);
	ht_client_free(api);
}

static void test_no_personal_data(void **state)
{
	(void)state;
	struct ht_client *web = logged_in(FOLLOW_UP_USER);
	const char *page = ht_get(web, "/statistics")->body;
	const char *json = ht_get(web, "/api/v1/statistics")->body;
	static const char *const tables[] = {
		"started_by_kind", "started_by_initiator", "declined_by_reason",
		"ongoing_by_state", "closed_by_reason", "days_to_step", "shares",
		"follow_ups", "goal_results", "unanswered_invitations_by_party",
		"deviations_by_kind", "deviations_by_party",
		"deviation_answer_days", "evaluation_scores", "feedback_scores"};
	const char *declined = ht_sql_text(&srv, "SELECT declined_reason FROM"
	                                         " plan WHERE declined_reason IS"
	                                         " NOT NULL", NULL);
	assert_non_null(declined);
	const char *names[] = {"Anna Andersson", "Andersson", "19990315", "199903152388",
	                       "Sven Olsson", "Gunnel", "Ahmed", "Liam",
	                       "Eva Lind", declined};
	for (size_t i = 0; i < sizeof tables / sizeof *tables; i++) {
		const struct ht_response *r = ht_get(web, ht_fmt(
			&srv, "/statistics.csv?table=%s", tables[i]));
		ht_assert_status(r, 200);
		for (size_t k = 0; k < sizeof names / sizeof *names; k++)
			ht_assert_not_contains(r->body, names[k]);
	}
	for (size_t k = 0; k < sizeof names / sizeof *names; k++) {
		ht_assert_not_contains(json, names[k]);
		ht_assert_not_contains(page, names[k]);
	}
	/* The demo's plans were made through the steps: their milestones
	 * agree with their consents, invitations and held meetings. */
	assert_int_equal(ht_sql_int(&srv, "SELECT COUNT(*) FROM plan WHERE"
	                                  " first_consent_at IS DISTINCT FROM (SELECT"
	                                  " MIN(recorded_at) FROM consent c WHERE"
	                                  " c.plan_id = plan.id) OR"
	                                  " first_invitation_at IS DISTINCT FROM (SELECT"
	                                  " MIN(created_at) FROM invitation i"
	                                  " WHERE i.plan_id = plan.id)", NULL), 0);
	assert_true(ht_sql_int(&srv, "SELECT COUNT(*) FROM plan WHERE"
	                             " first_meeting_date IS NOT NULL", NULL) > 0);
	/* Who looked is logged, with no person. */
	assert_true(ht_sql_int(&srv, "SELECT COUNT(*) FROM audit_log WHERE"
	                             " action = 'statistics.read' AND"
	                             " person_id IS NULL AND plan_id IS NULL"
	                             " AND user_id = (SELECT id FROM user_account"
	                             " WHERE username = ?)", FOLLOW_UP_USER) >= 3);
	ht_client_free(web);
}

static void test_bad_parameters(void **state)
{
	(void)state;
	struct ht_client *api = api_as(FOLLOW_UP_USER);
	json_t *p = ht_api_get(api, "/api/v1/statistics?scope=kommun", 400);
	ht_assert_contains(json_dumps(p, 0), "\"field\": \"scope\"");
	json_decref(p);
	p = ht_api_get(api, "/api/v1/statistics?from=2026-13-01", 400);
	ht_assert_contains(json_dumps(p, 0), "\"field\": \"from\"");
	json_decref(p);
	p = ht_api_get(api, "/api/v1/statistics?from=2026-05-01&to=2026-04-01",
	               400);
	ht_assert_contains(json_dumps(p, 0), "\"field\": \"to\"");
	json_decref(p);
	json_decref(ht_api_get(api, "/api/v1/statistics?scope=unit:999999", 404));
	ht_client_free(api);

	struct ht_client *web = logged_in(FOLLOW_UP_USER);
	const struct ht_response *r = ht_get(web, "/statistics?from=31-01-2026");
	ht_assert_html(r, 400);
	ht_assert_contains(r->body, "Skriv datumet som ÅÅÅÅ-MM-DD");
	ht_assert_contains(r->body, "href=\"#f-from\"");
	r = ht_get(web, "/statistics.csv?table=persons");
	ht_assert_html(r, 400);
	ht_assert_contains(r->body, "Det finns ingen sådan tabell.");
	r = ht_get(web, "/statistics.csv?table=shares&scope=unit:x");
	ht_assert_html(r, 400);
	ht_client_free(web);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_who_may_open_them),
		cmocka_unit_test(test_suppression_alike_in_page_csv_json),
		cmocka_unit_test(test_no_personal_data),
		cmocka_unit_test(test_bad_parameters),
	};
	return cmocka_run_group_tests_name("statistics", tests, group_setup,
	                                   group_teardown);
}
