/*
 * test_closing.c — step 7 over real HTTP (sip/closing.h): every reason a
 * coordinator may choose, "other" without text, how the individual took
 * part, the states a plan cannot be closed from and the users who may
 * not close it; then each principal's closing note: only after the plan
 * closed, only by a user of a unit of a municipality or region taking
 * part, once per principal, a 404 that says nothing to a user of a unit
 * that takes no part — also of the same municipality; and the plan page
 * and the API saying which principals still owe their note.
 *
 * One server with the demo data. Each test registers its own people
 * (made-up personnummer that pass the Luhn check); a plan is taken as
 * far as it needs through the API as eva (region, Anna's coordinator's
 * unit), with bo's unit (Ludvika kommun) invited where a second
 * principal must take part.
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
#include <time.h>

#include "base/date.h"
#include "harness.h"

static struct ht_server srv;
static struct arena scratch;

#define HSA_SPB "SE2120000837-SPB1" /* Socialpsykiatri, boendestöd (bo) */

static int group_setup(void **state)
{
	(void)state;
	setenv("TZ", "Europe/Stockholm", 1);
	tzset();
	arena_init(&scratch, 16 << 20);
	return ht_server_start(&srv, &(struct ht_server_opts){.demo = true}) ? 0
	                                                                     : -1;
}

static int group_teardown(void **state)
{
	(void)state;
	int rc = ht_server_stop(&srv);
	arena_free(&scratch);
	return rc == 0 ? 0 : -1;
}

/* ---- helpers ---- */

static const char *id_text(int64_t id)
{
	return arena_printf(&scratch, "%lld", (long long)id);
}

static int64_t principal(const char *name)
{
	int64_t id = ht_sql_int(&srv, "SELECT id FROM principal WHERE name = ?",
	                        name);
	if (!id)
		fail_msg("no principal %s", name);
	return id;
}

static json_t *parties(void)
{
	return json_pack("[I,I]", (json_int_t)principal("Region Dalarna"),
	                 (json_int_t)principal("Ludvika kommun"));
}

/* The 422's error for `field`, whose message contains `says`. */
static void assert_field_error(json_t *problem, const char *field,
                               const char *says)
{
	size_t i;
	json_t *e;
	json_array_foreach(json_object_get(problem, "errors"), i, e)
		if (strcmp(ht_jstr(e, "field"), field) == 0) {
			ht_assert_contains(ht_jstr(e, "message"), says);
			return;
		}
	fail_msg("no error for %s", field);
}

/* A person and a plan with a consent covering region and municipality:
 * the plan id (state consent). */
static int64_t plan_with_consent(struct ht_client *eva, int serial)
{
	json_t *p = ht_api_post(eva, "/api/v1/persons",
	                     json_pack("{s:s, s:s, s:s}", "personnummer",
	                               ht_pnr("19750505", serial), "given_name",
	                               "Stängd", "family_name",
	                               arena_printf(&scratch, "Avslutsson%d",
	                                            serial)),
	                     201);
	int64_t person = ht_jint(p, "id");
	json_decref(p);
	p = ht_api_post(eva, "/api/v1/plans",
	             json_pack("{s:I, s:s, s:s, s:o}", "person_id",
	                       (json_int_t)person, "initiated_by", "professional",
	                       "need_professional", "Behöver samordnat stöd.",
	                       "principal_ids", parties()),
	             201);
	int64_t plan = ht_jint(p, "id");
	json_decref(p);
	json_decref(ht_api_post(eva, ht_fmt(&srv, "/api/v1/plans/%lld/consents",
	                                 (long long)plan),
	                     json_pack("{s:s, s:s, s:s, s:[s,s], s:o}", "given_by",
	                               "individual", "form", "written",
	                               "valid_until", ht_date_in(&srv, 365), "scopes",
	                               "health", "social", "recipient_ids",
	                               parties()),
	                     201));
	return plan;
}

/* The same, taken to `invited` with bo's unit (Ludvika kommun) invited,
 * so that two principals take part. */
static int64_t plan_invited(struct ht_client *eva, int serial)
{
	int64_t plan = plan_with_consent(eva, serial);
	const char *base = ht_fmt(&srv, "/api/v1/plans/%lld", (long long)plan);
	json_decref(ht_api_post(eva, ht_fmt(&srv, "%s/preparation", base),
	                     json_pack("{s:s, s:s}", "purpose", "Samordna stödet.",
	                               "participation", "whole"),
	                     200));
	json_t *p = ht_api_post(eva, ht_fmt(&srv, "%s/meetings", base),
	                     json_pack("{s:s, s:s, s:i, s:s, s:s}", "date",
	                               ht_date_in(&srv, 3), "start_time", "10:00",
	                               "duration_minutes", 60, "place",
	                               "Mottagningen", "purpose",
	                               "Samordna stödet."),
	                     201);
	int64_t meeting = ht_jint(json_array_get(json_object_get(p, "meetings"), 0),
	                       "id");
	json_decref(p);
	int64_t spb = ht_sql_int(&srv, "SELECT id FROM unit WHERE hsa_id = ?",
	                         HSA_SPB);
	json_decref(ht_api_post(eva, ht_fmt(&srv, "%s/invitations", base),
	                     json_pack("{s:I, s:[{s:I}]}", "meeting_id",
	                               (json_int_t)meeting, "invitations",
	                               "unit_id", (json_int_t)spb),
	                     201));
	return plan;
}

static json_t *close_body(const char *reason, const char *note,
                          const char *participation)
{
	json_t *b = json_object();
	if (reason)
		json_object_set_new(b, "reason", json_string(reason));
	if (note)
		json_object_set_new(b, "note", json_string(note));
	if (participation)
		json_object_set_new(b, "closed_participation",
		                    json_string(participation));
	return b;
}

static const char *plan_url(int64_t plan, const char *rest)
{
	return ht_fmt(&srv, "/api/v1/plans/%lld%s", (long long)plan, rest);
}

/* The closing status's entry for principal `name` (fails if absent). */
static json_t *owed_entry(json_t *status, const char *name)
{
	size_t i;
	json_t *e;
	json_array_foreach(json_object_get(status, "principals"), i, e)
		if (strcmp(ht_jstr(e, "principal_name"), name) == 0)
			return e;
	fail_msg("no principal %s in the closing status", name);
	return NULL;
}

/* ---- the coordinator closes ---- */

static void test_every_reason(void **state)
{
	(void)state;
	struct ht_client *eva = ht_api_as(&srv, "eva");
	static const struct {
		const char *reason, *note, *participation;
	} cases[] = {
		{"goals_met", NULL, "present"},
		{"no_longer_needed", NULL, "phone"},
		{"individual_wish", "Vill klara sig själv.", "present"},
		{"new_plan", NULL, "letter"},
		{"moved", NULL, "letter"},
		{"deceased", NULL, "absent"},
		{"other", "Samordnas nu inom LSS.", "phone"},
	};
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		int64_t plan = plan_with_consent(eva, 100 + (int)i);
		json_t *p = ht_api_post(eva, plan_url(plan, "/close"),
		                     close_body(cases[i].reason, cases[i].note,
		                                cases[i].participation),
		                     200);
		json_decref(p);
		p = ht_api_get(eva, plan_url(plan, ""), 200);
		assert_string_equal(ht_jstr(p, "state"), "closed");
		assert_string_equal(ht_jstr(p, "closed_reason"), cases[i].reason);
		assert_string_equal(ht_jstr(p, "closed_participation"),
		                    cases[i].participation);
		if (cases[i].note)
			assert_string_equal(ht_jstr(p, "closed_note"), cases[i].note);
		json_decref(p);
	}
	ht_client_free(eva);
}

static void test_close_input_refused(void **state)
{
	(void)state;
	struct ht_client *eva = ht_api_as(&srv, "eva");
	int64_t plan = plan_with_consent(eva, 120);
	struct ht_snapshot snap;
	ht_snapshot_take(&srv, &snap);
	json_t *p = ht_api_post(eva, plan_url(plan, "/close"),
	                     close_body("other", NULL, "present"), 422);
	assert_field_error(p, "note", "Beskriv skälet");
	json_decref(p);
	p = ht_api_post(eva, plan_url(plan, "/close"),
	             close_body("goals_met", NULL, NULL), 422);
	assert_field_error(p, "closed_participation", "hur den enskilde deltog");
	json_decref(p);
	p = ht_api_post(eva, plan_url(plan, "/close"),
	             close_body("goals_met", NULL, "by_pigeon"), 422);
	assert_field_error(p, "closed_participation", "hur den enskilde deltog");
	json_decref(p);
	/* A withdrawal is recorded as one (it ends the sharing), never
	 * picked as a reason. */
	p = ht_api_post(eva, plan_url(plan, "/close"),
	             close_body("consent_withdrawn", NULL, "present"), 422);
	assert_field_error(p, "reason", "Välj varför");
	json_decref(p);
	p = ht_api_post(eva, plan_url(plan, "/close"), close_body(NULL, NULL, NULL),
	             422);
	assert_field_error(p, "reason", "Välj varför");
	assert_field_error(p, "closed_participation", "hur den enskilde deltog");
	json_decref(p);
	ht_assert_unchanged(&srv, &snap);
	ht_client_free(eva);
}

static void test_close_refused_states_and_users(void **state)
{
	(void)state;
	struct ht_client *eva = ht_api_as(&srv, "eva");
	struct ht_client *bo = ht_api_as(&srv, "bo");
	struct ht_client *olle = ht_api_as(&srv, "olle");
	/* need_assessed: close is no next step. */
	json_t *p = ht_api_post(eva, "/api/v1/persons",
	                     json_pack("{s:s, s:s, s:s}", "personnummer",
	                               ht_pnr("19750505", 130), "given_name",
	                               "Ny", "family_name", "Behovsson"),
	                     201);
	int64_t person = ht_jint(p, "id");
	json_decref(p);
	p = ht_api_post(eva, "/api/v1/plans",
	             json_pack("{s:I, s:s, s:s, s:o}", "person_id",
	                       (json_int_t)person, "initiated_by", "professional",
	                       "need_professional", "Behov.", "principal_ids",
	                       parties()),
	             201);
	int64_t fresh = ht_jint(p, "id");
	json_decref(p);
	p = ht_api_post(eva, plan_url(fresh, "/close"),
	             close_body("goals_met", NULL, "present"), 409);
	assert_string_equal(ht_jstr(p, "current_state"), "need_assessed");
	json_decref(p);

	int64_t plan = plan_invited(eva, 131);
	/* bo's unit takes part but does not lead: 403 naming the lead. */
	p = ht_api_post(bo, plan_url(plan, "/close"),
	             close_body("goals_met", NULL, "present"), 403);
	json_decref(p);
	/* olle's unit takes no part: the plan does not exist for him. */
	const struct ht_response *a = ht_post_jansson(
		olle, plan_url(plan, "/close"), close_body("goals_met", NULL,
		                                            "present"));
	ht_assert_status(a, 404);
	json_decref(ht_api_post(eva, plan_url(plan, "/close"),
	                     close_body("goals_met", NULL, "present"), 200));
	/* Closed is the end: no second closing. */
	p = ht_api_post(eva, plan_url(plan, "/close"),
	             close_body("moved", NULL, "present"), 409);
	assert_string_equal(ht_jstr(p, "current_state"), "closed");
	json_decref(p);
	ht_client_free(eva);
	ht_client_free(bo);
	ht_client_free(olle);
}

/* ---- each principal's closing note ---- */

static void test_closing_notes(void **state)
{
	(void)state;
	struct ht_client *eva = ht_api_as(&srv, "eva");
	struct ht_client *bo = ht_api_as(&srv, "bo");
	struct ht_client *olle = ht_api_as(&srv, "olle");
	struct ht_client *karin = ht_api_as(&srv, "karin");
	int64_t plan = plan_invited(eva, 140);

	/* Before the plan is closed a note is refused (409), and the status
	 * says that no note may be written yet. */
	json_t *p = ht_api_post(bo, plan_url(plan, "/closing-notes"),
	                     json_pack("{s:s}", "note", "För tidigt."), 409);
	json_decref(p);
	p = ht_api_get(eva, plan_url(plan, "/closing"), 200);
	assert_false(json_is_true(json_object_get(p, "closed")));
	assert_false(json_is_true(json_object_get(p, "may_record")));
	assert_int_equal(ht_jint(p, "owed"), 2);
	json_decref(p);

	json_decref(ht_api_post(eva, plan_url(plan, "/close"),
	                     close_body("goals_met", NULL, "present"), 200));

	/* Both principals owe their note: the region (eva's unit) and the
	 * municipality (bo's). */
	p = ht_api_get(bo, plan_url(plan, "/closing"), 200);
	assert_true(json_is_true(json_object_get(p, "closed")));
	assert_true(json_is_true(json_object_get(p, "may_record")));
	assert_int_equal(ht_jint(p, "owed"), 2);
	assert_int_equal(json_array_size(json_object_get(p, "principals")), 2);
	assert_false(json_is_true(json_object_get(owed_entry(p, "Region Dalarna"),
	                                          "documented")));
	assert_true(json_is_true(json_object_get(owed_entry(p, "Ludvika kommun"),
	                                         "mine")));
	json_decref(p);

	/* A unit that takes no part learns nothing, whether the plan exists
	 * or not: olle (another municipality) and karin (Ludvika kommun, but
	 * a unit not in the plan). */
	struct ht_snapshot snap;
	ht_snapshot_take(&srv, &snap);
	struct ht_client *who[] = {olle, karin};
	for (size_t i = 0; i < 2; i++) {
		const struct ht_response *a = ht_post_jansson(
			who[i], plan_url(plan, "/closing-notes"),
			json_pack("{s:s}", "note", "Obehörig."));
		ht_assert_status(a, 404);
		const struct ht_response *b = ht_post_jansson(
			who[i], plan_url(999999, "/closing-notes"),
			json_pack("{s:s}", "note", "Obehörig."));
		ht_assert_same_json(a, b, "instance");
		ht_assert_status(ht_get(who[i], plan_url(plan, "/closing")), 404);
	}
	/* An empty note names its field. */
	p = ht_api_post(bo, plan_url(plan, "/closing-notes"), json_object(), 422);
	assert_field_error(p, "note", "Beskriv huvudmannens avslut");
	json_decref(p);
	/* (the refusals wrote only attempt records) */
	assert_int_equal(ht_sql_int(&srv, "SELECT COUNT(*) FROM plan_closing_note"
	                                  " WHERE plan_id = ?", id_text(plan)), 0);

	/* bo documents the municipality's closing: 201 with the status. */
	p = ht_api_post(bo, plan_url(plan, "/closing-notes"),
	             json_pack("{s:s}", "note",
	                       "Boendestödet avslutat; fortsätter inom LSS."),
	             201);
	assert_int_equal(ht_jint(p, "owed"), 1);
	json_t *mine = owed_entry(p, "Ludvika kommun");
	assert_true(json_is_true(json_object_get(mine, "documented")));
	assert_string_equal(ht_jstr(mine, "user_name"), "Bo Berg");
	assert_string_equal(ht_jstr(mine, "note"),
	                    "Boendestödet avslutat; fortsätter inom LSS.");
	assert_false(json_is_true(json_object_get(p, "may_record")));
	json_decref(p);
	/* Once per principal. */
	p = ht_api_post(bo, plan_url(plan, "/closing-notes"),
	             json_pack("{s:s}", "note", "Igen."), 409);
	json_decref(p);
	/* The history and the audit log have it. */
	assert_int_equal(ht_sql_int(&srv, "SELECT COUNT(*) FROM plan_event WHERE"
	                                  " plan_id = ? AND action = 'closing_note'",
	                            id_text(plan)), 1);
	assert_int_equal(ht_sql_int(&srv, "SELECT COUNT(*) FROM audit_log WHERE"
	                                  " plan_id = ? AND action ="
	                                  " 'plan.closing_note'", id_text(plan)), 1);

	/* The region still owes; eva's page says so and offers the form. */
	struct ht_client *web = ht_logged_in(&srv, "eva");
	const struct ht_response *r = ht_get(web, ht_fmt(&srv, "/plans/%lld",
	                                                 (long long)plan));
	ht_assert_page(r, 200);
	ht_assert_contains(r->body, "Huvudmännens avslut");
	ht_assert_contains(r->body, "1 huvudman har inte dokumenterat sitt avslut.");
	ht_assert_contains(r->body, "Boendestödet avslutat; fortsätter inom LSS.");
	ht_assert_contains(r->body, "Dokumentera din huvudmans avslut");
	ht_assert_contains(r->body, "Den enskilde var med när planen avslutades");
	/* The form, as a browser posts it: empty first, then written. */
	const char *csrf = ht_csrf(web);
	r = ht_post_form(web, ht_fmt(&srv, "/plans/%lld/closing-notes",
	                             (long long)plan),
	                 "csrf_token", csrf, "note", "", NULL);
	/* Post/Redirect/Get: the plan page shows why, once. */
	ht_assert_status(r, 303);
	r = ht_get(web, r->location);
	ht_assert_page(r, 200);
	ht_assert_contains(r->body, "Beskriv huvudmannens avslut");
	r = ht_post_form(web, ht_fmt(&srv, "/plans/%lld/closing-notes",
	                             (long long)plan),
	                 "csrf_token", csrf, "note",
	                 "KBT avslutad, målen nådda.", NULL);
	ht_assert_status(r, 303);
	r = ht_get(web, ht_fmt(&srv, "/plans/%lld", (long long)plan));
	ht_assert_contains(r->body, "Alla huvudmän har dokumenterat sitt avslut.");
	ht_assert_not_contains(r->body, "Dokumentera din huvudmans avslut");
	p = ht_api_get(eva, plan_url(plan, "/closing"), 200);
	assert_int_equal(ht_jint(p, "owed"), 0);
	json_decref(p);
	ht_client_free(web);
	ht_client_free(eva);
	ht_client_free(bo);
	ht_client_free(olle);
	ht_client_free(karin);
}

/* The close form on the page: the reasons as radio buttons, how the
 * individual took part, and for a withdrawn consent a link to the
 * withdrawal page instead of a reason. */
static void test_close_form_page(void **state)
{
	(void)state;
	struct ht_client *eva = ht_api_as(&srv, "eva");
	int64_t plan = plan_with_consent(eva, 150);
	struct ht_client *web = ht_logged_in(&srv, "eva");
	const char *url = ht_fmt(&srv, "/plans/%lld", (long long)plan);
	const struct ht_response *r = ht_get(web, url);
	ht_assert_page(r, 200);
	ht_assert_contains(r->body, "Den enskilde vill avsluta planen");
	ht_assert_contains(r->body, "Hur deltog den enskilde i avslutet?");
	ht_assert_contains(r->body, "Dokumentera återkallelsen");
	ht_assert_contains(r->body, "/withdraw\"");
	ht_assert_not_contains(r->body, "value=\"consent_withdrawn\"");
	const char *csrf = ht_csrf(web);
	r = ht_post_form(web, ht_fmt(&srv, "%s/close", url), "csrf_token", csrf,
	                 "reason", "individual_wish", NULL);
	ht_assert_status(r, 303); /* Post/Redirect/Get */
	r = ht_get(web, r->location);
	ht_assert_page(r, 200);
	ht_assert_contains(r->body, "Ange hur den enskilde deltog i avslutet.");
	r = ht_post_form(web, ht_fmt(&srv, "%s/close", url), "csrf_token", csrf,
	                 "reason", "individual_wish", "closed_participation",
	                 "phone", NULL);
	ht_assert_status(r, 303);
	assert_string_equal(ht_sql_text(&srv, "SELECT closed_participation FROM"
	                                      " plan WHERE id = ?", id_text(plan)),
	                    "phone");
	ht_client_free(web);
	ht_client_free(eva);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_every_reason),
		cmocka_unit_test(test_close_input_refused),
		cmocka_unit_test(test_close_refused_states_and_users),
		cmocka_unit_test(test_closing_notes),
		cmocka_unit_test(test_close_form_page),
	};
	return cmocka_run_group_tests_name("closing", tests, group_setup,
	                                   group_teardown);
}
