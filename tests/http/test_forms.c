/*
 * test_forms.c — the forms' rules over HTTP, on the demo data, on both
 * backends: a substitute is a professional of the invited unit (seed
 * 002), a unit whose principal no consent covers is neither offered on
 * the invitation form nor accepted by the domain, and the form names
 * the principals left out; a plan page form refused for what was typed
 * is shown again by the page's GET (Post/Redirect/Get), once.
 *
 * The demo's cast: Gunnel's discharge SIP (led by lars, primary care)
 * has invited hanna's home care unit, which has not answered; Ahmed's
 * need is assessed by bo's unit (social psychiatry), with Ludvika
 * kommun, Region Dalarna and Försäkringskassan as its principals.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "base/date.h"
#include "harness.h"

static struct ht_server srv;

static int group_setup(void **state)
{
	(void)state;
	setenv("TZ", "Europe/Stockholm", 1);
	tzset();
	return ht_server_start(&srv, &(struct ht_server_opts){.demo = true}) ? 0
	                                                                     : -1;
}

static int group_teardown(void **state)
{
	(void)state;
	return ht_server_stop(&srv) == 0 ? 0 : -1;
}

/* ---- helpers ---- */

/* The problem's error of `field`, which must be there. */
static const char *field_error(json_t *problem, const char *field)
{
	json_t *errors = json_object_get(problem, "errors");
	for (size_t i = 0; i < json_array_size(errors); i++) {
		json_t *e = json_array_get(errors, i);
		if (strcmp(json_string_value(json_object_get(e, "field")), field) == 0)
			return json_string_value(json_object_get(e, "message"));
	}
	fail_msg("no error on %s", field);
	return NULL;
}

static int64_t id_of(const char *sql, const char *arg)
{
	int64_t id = ht_sql_int(&srv, sql, arg);
	if (!id)
		fail_msg("nothing for %s (%s)", sql, arg);
	return id;
}

static const char *num(int64_t n) { return ht_fmt(&srv, "%lld", (long long)n); }

/* ---- a substitute from the invited unit ---- */

/* hanna's home care unit is invited to Gunnel's meeting. A substitute
 * from another unit, or only a name, is refused naming the field; one of
 * the unit's own professionals is accepted, stored by id and shown by
 * name; the reply page offers only the unit's professionals. */
static void test_substitute_from_the_same_unit(void **state)
{
	(void)state;
	int64_t home_care = id_of("SELECT id FROM unit WHERE name = ?",
	                          "Hemtjänsten Ludvika");
	int64_t gunnel = id_of("SELECT p.id FROM plan p JOIN person x ON"
	                       " x.id = p.person_id WHERE x.given_name = ?",
	                       "Gunnel");
	int64_t inv = ht_sql_int(&srv, ht_fmt(&srv, "SELECT id FROM invitation"
	                                      " WHERE unit_id = %lld AND plan_id = ?",
	                                      (long long)home_care),
	                         num(gunnel));
	assert_true(inv > 0);
	/* A colleague of hanna's, in the home care unit only. */
	int64_t colleague = ht_user_create(&srv, "hemtjanst2", "professional");
	ht_sql_exec(&srv, ht_fmt(&srv, "UPDATE user_unit SET unit_id = %lld"
	                         " WHERE user_id = ?", (long long)home_care),
	            num(colleague));
	int64_t bo = ht_user_id(&srv, "bo");
	const char *reply = ht_fmt(&srv, "/api/v1/invitations/%lld/reply",
	                           (long long)inv);
	struct ht_client *hanna = ht_api_as(&srv, "hanna");
	struct ht_snapshot snap;
	ht_snapshot_take(&srv, &snap);
	json_t *p = ht_api_post(hanna, reply,
	                     json_pack("{s:s, s:I, s:s}", "reply", "substitute",
	                               "substitute_user_id", (json_int_t)bo,
	                               "ongoing_interventions", "Hemtjänst morgon."),
	                     422);
	ht_assert_contains(field_error(p, "substitute_user_id"),
	                   "arbeta på den kallade enheten");
	json_decref(p);
	p = ht_api_post(hanna, reply,
	             json_pack("{s:s, s:s, s:s}", "reply", "substitute",
	                       "substitute_name", "Någon annan",
	                       "ongoing_interventions", "Hemtjänst morgon."),
	             422);
	ht_assert_contains(field_error(p, "substitute_user_id"), "välj ersättaren");
	json_decref(p);
	p = ht_api_post(hanna, reply,
	             json_pack("{s:s, s:I, s:s}", "reply", "substitute",
	                       "substitute_user_id", (json_int_t)999999,
	                       "ongoing_interventions", "Hemtjänst morgon."),
	             422);
	field_error(p, "substitute_user_id");
	json_decref(p);
	ht_assert_unchanged(&srv, &snap);

	/* The reply page offers the unit's own professionals, not bo and
	 * not hanna herself. */
	struct ht_client *page = ht_logged_in(&srv, "hanna");
	const struct ht_response *r = ht_get(page, ht_fmt(&srv, "/invitations/%lld",
	                                                  (long long)inv));
	ht_assert_page(r, 200);
	const char *select = strstr(r->body, "name=\"substitute_user_id\"");
	assert_non_null(select);
	const char *end = strstr(select, "</select>");
	assert_non_null(end);
	const char *want = strstr(select, ht_fmt(&srv, "<option value=\"%lld\">",
	                                         (long long)colleague));
	assert_true(want && want < end);
	const char *other = strstr(select, ht_fmt(&srv, "<option value=\"%lld\">",
	                                          (long long)bo));
	assert_true(!other || other > end);
	const char *self = strstr(select, ht_fmt(&srv, "<option value=\"%lld\">",
	                                         (long long)ht_user_id(&srv, "hanna")));
	assert_true(!self || self > end);
	ht_client_free(page);

	p = ht_api_post(hanna, reply,
	             json_pack("{s:s, s:I, s:s}", "reply", "substitute",
	                       "substitute_user_id", (json_int_t)colleague,
	                       "ongoing_interventions", "Hemtjänst morgon."),
	             200);
	json_decref(p);
	assert_int_equal(ht_sql_int(&srv, "SELECT substitute_user_id FROM"
	                                  " invitation WHERE id = ?", num(inv)),
	                 colleague);
	assert_string_equal(ht_sql_text(&srv, "SELECT substitute_name FROM"
	                                      " invitation WHERE id = ?", num(inv)),
	                    "Test hemtjanst2");
	ht_client_free(hanna);
}

/* ---- the units a consent covers ---- */

/* Ahmed's consent covers Ludvika kommun and Region Dalarna, not
 * Försäkringskassan, a principal of his plan: the invitation form leaves
 * its unit out and says why, and the domain refuses an invitation to
 * it naming the field. */
static void test_invitation_only_covered_units(void **state)
{
	(void)state;
	int64_t ahmed = id_of("SELECT p.id FROM plan p JOIN person x ON"
	                      " x.id = p.person_id WHERE x.given_name = ?",
	                      "Ahmed");
	int64_t kommun = id_of("SELECT id FROM principal WHERE name = ?",
	                       "Ludvika kommun");
	int64_t region = id_of("SELECT id FROM principal WHERE name = ?",
	                       "Region Dalarna");
	int64_t fk_unit = id_of("SELECT id FROM unit WHERE name = ?",
	                        "Försäkringskassan, lokalt försäkringscenter");
	int64_t home_care = id_of("SELECT id FROM unit WHERE name = ?",
	                          "Hemtjänsten Ludvika");
	const char *plan = ht_fmt(&srv, "/api/v1/plans/%lld", (long long)ahmed);
	struct ht_client *bo = ht_api_as(&srv, "bo");
	json_decref(ht_api_post(bo, ht_fmt(&srv, "%s/consents", plan),
	                     json_pack("{s:s, s:s, s:s, s:[s,s], s:[I,I]}",
	                               "given_by", "individual", "form", "written",
	                               "valid_until", ht_date_in(&srv, 365), "scopes",
	                               "health", "social", "recipient_ids",
	                               (json_int_t)kommun, (json_int_t)region),
	                     201));
	json_decref(ht_api_post(bo, ht_fmt(&srv, "%s/preparation", plan),
	                     json_pack("{s:s, s:s}", "purpose",
	                               "Samordna stödet efter sjukskrivningen.",
	                               "participation", "whole"),
	                     200));
	json_t *p = ht_api_post(bo, ht_fmt(&srv, "%s/meetings", plan),
	                     json_pack("{s:s, s:s, s:i, s:s, s:s}", "date",
	                               ht_date_in(&srv, 0), "start_time", "10:00",
	                               "duration_minutes", 60, "place",
	                               "Socialpsykiatrins mötesrum", "purpose",
	                               "Upprätta en SIP."),
	                     201);
	int64_t meeting = json_integer_value(json_object_get(
		json_array_get(json_object_get(p, "meetings"), 0), "id"));
	json_decref(p);

	/* The form offers home care, not Försäkringskassan, and names it. */
	struct ht_client *page = ht_logged_in(&srv, "bo");
	const struct ht_response *r = ht_get(page, ht_fmt(&srv, "/plans/%lld",
	                                                  (long long)ahmed));
	ht_assert_page(r, 200);
	const char *form = strstr(r->body, ht_fmt(&srv, "action=\"/plans/%lld/invitations\"",
	                                          (long long)ahmed));
	assert_non_null(form);
	const char *form_end = strstr(form, "</form>");
	if (!form_end)
		fail_msg("no end of the invitation form");
	const char *hc = strstr(form, "Hemtjänsten Ludvika (Ludvika kommun)</label>");
	assert_true(hc && hc < form_end);
	const char *fk = strstr(form, "Försäkringskassan, lokalt försäkringscenter (");
	assert_true(!fk || fk > form_end);
	const char *why = strstr(form, "Samtycket omfattar inte Försäkringskassan, "
	                               "så deras enheter kan inte kallas.");
	assert_true(why && why < form_end);
	ht_assert_contains(why, "<a href=\"#details-consent\">");
	ht_assert_contains(r->body, "id=\"details-consent\"");
	ht_client_free(page);

	/* The domain refuses the uncovered unit, naming it, and sends
	 * nothing. */
	struct ht_snapshot snap;
	ht_snapshot_take(&srv, &snap);
	p = ht_api_post(bo, ht_fmt(&srv, "%s/invitations", plan),
	             json_pack("{s:I, s:[{s:I}, {s:I}]}", "meeting_id",
	                       (json_int_t)meeting, "invitations", "unit_id",
	                       (json_int_t)home_care, "unit_id",
	                       (json_int_t)fk_unit),
	             422);
	ht_assert_contains(field_error(p, "invitations[1].unit_id"),
	                   "Försäkringskassan");
	json_decref(p);
	ht_assert_unchanged(&srv, &snap);
	json_decref(ht_api_post(bo, ht_fmt(&srv, "%s/invitations", plan),
	                     json_pack("{s:I, s:[{s:I}]}", "meeting_id",
	                               (json_int_t)meeting, "invitations",
	                               "unit_id", (json_int_t)home_care),
	                     201));
	ht_client_free(bo);
}

/* ---- Post/Redirect/Get on the plan page ---- */

/* A plan page form refused for what was typed answers 303 to the plan
 * page, whose GET shows the form with the values and the errors, once:
 * the next GET (a reload) is the plain page, and another session of the
 * same user never sees them. Nothing of the plan changes. */
static void test_plan_form_refused_then_shown_by_get(void **state)
{
	(void)state;
	int64_t ahmed = id_of("SELECT p.id FROM plan p JOIN person x ON"
	                      " x.id = p.person_id WHERE x.given_name = ?",
	                      "Ahmed");
	const char *page = ht_fmt(&srv, "/plans/%lld", (long long)ahmed);
	struct ht_client *bo = ht_logged_in(&srv, "bo");
	struct ht_client *other = ht_logged_in(&srv, "bo");
	const char *state_before = ht_sql_text(&srv, "SELECT state FROM plan"
	                                             " WHERE id = ?", num(ahmed));
	const struct ht_response *r = ht_post_form(
		bo, ht_fmt(&srv, "%s/close", page), "csrf_token", ht_csrf(bo),
		"reason", "other", "note", "", NULL);
	ht_assert_status(r, 303);
	assert_string_equal(r->location, page);
	assert_string_equal(ht_sql_text(&srv, "SELECT state FROM plan WHERE id = ?",
	                                num(ahmed)),
	                    state_before);
	/* Another session of bo's gets the plain page. */
	r = ht_get(other, page);
	ht_assert_page(r, 200);
	ht_assert_not_contains(r->body, "error-summary");
	/* The session that posted gets the form back, open, with its value
	 * and the error next to the note. */
	r = ht_get(bo, page);
	ht_assert_page(r, 200);
	ht_assert_contains(r->body, "class=\"error-summary\"");
	ht_assert_contains(r->body, "id=\"details-close\" open>");
	ht_assert_contains(r->body, "value=\"other\" checked>");
	ht_assert_contains(r->body, "href=\"#f-close-note\"");
	/* Once: a reload is the plain page. */
	r = ht_get(bo, page);
	ht_assert_page(r, 200);
	ht_assert_not_contains(r->body, "error-summary");
	assert_int_equal(ht_sql_int(&srv, "SELECT COUNT(*) FROM form_refill", NULL),
	                 0);
	ht_client_free(other);
	ht_client_free(bo);
}

/* ---- several responsible for one intervention ---- */

static json_t *intervention_of(json_t *plan, const char *what)
{
	json_t *list = json_object_get(json_object_get(plan, "current_version"),
	                               "interventions");
	for (size_t i = 0; i < json_array_size(list); i++) {
		json_t *x = json_array_get(list, i);
		json_t *w = json_object_get(x, "what");
		const char *id = json_string_value(json_object_get(x, "responsible"));
		if ((json_is_string(w) && strcmp(json_string_value(w), what) == 0) ||
		    (id && strstr(id, what)))
			return x;
	}
	fail_msg("no intervention \"%s\"", what);
	return NULL;
}

/* Ahmed's plan is established with an intervention that bo's unit and
 * the psychiatric clinic share, and the individual: the API and the
 * page show all three. A recipient whose consent does not cover health
 * (hanna's home care, without "health") does not see what the shared
 * intervention is, since the clinic's part is health care; an
 * intervention of bo's unit alone stays visible to her. */
static void test_several_responsible(void **state)
{
	(void)state;
	int64_t ahmed = id_of("SELECT p.id FROM plan p JOIN person x ON"
	                      " x.id = p.person_id WHERE x.given_name = ?",
	                      "Ahmed");
	int64_t spb = id_of("SELECT id FROM unit WHERE name = ?",
	                    "Socialpsykiatri, boendestöd");
	int64_t vpl = id_of("SELECT id FROM unit WHERE name = ?",
	                    "Vuxenpsykiatrisk öppenvårdsmottagning Ludvika");
	int64_t meeting = id_of("SELECT MAX(id) FROM meeting WHERE plan_id = ?",
	                        num(ahmed));
	const char *plan = ht_fmt(&srv, "/api/v1/plans/%lld", (long long)ahmed);
	struct ht_client *bo = ht_api_as(&srv, "bo");
	json_t *body = json_pack(
		"{s:I, s:[{s:s, s:s}], s:s, s:s, s:s, s:s, s:s, s:[{s:s, s:s}],"
		" s:[{s:i, s:s, s:s, s:I, s:[s, s], s:s, s:s},"
		"    {s:i, s:s, s:s, s:I, s:s}],"
		" s:s, s:I, s:s, s:s, s:b}",
		"meeting_id", (json_int_t)meeting,
		"participants", "name", "Ahmed", "role", "Den enskilde",
		"chair", "Bo Berg", "secretary", "Bo Berg",
		"situation", "Ahmed är sjukskriven.", "wishes", "Arbeta igen.",
		"needs", "Stöd och behandling.",
		"goals", "kind", "overall", "text", "Arbeta igen",
		"interventions",
		"goal", 1, "what", "Gemensam plan för återgång",
		"responsible_kind", "municipality_unit",
		"responsible_unit_id", (json_int_t)spb, "also_responsible",
		ht_fmt(&srv, "region_unit:%lld", (long long)vpl), "individual",
		"responsible_name", "Boendestöd, kuratorn och Ahmed",
		"timing", "Från nästa vecka",
		"goal", 1, "what", "Boendestöd hemma",
		"responsible_kind", "municipality_unit",
		"responsible_unit_id", (json_int_t)spb, "timing", "Nu",
		"crisis_plan", "Ring boendestödet.",
		"coordinator_user_id", (json_int_t)ht_user_id(&srv, "bo"),
		"follow_up_date", ht_date_in(&srv, 60), "follow_up_place", "Mottagningen",
		"individual_approved", 1);
	json_decref(ht_api_post(bo, ht_fmt(&srv, "%s/establish", plan), body, 201));
	const struct ht_response *r = ht_get(bo, plan);
	ht_assert_status(r, 200);
	json_t *p = ht_json(r);
	json_t *shared = intervention_of(p, "Gemensam plan för återgång");
	json_t *also = json_object_get(shared, "also_responsible");
	assert_int_equal(json_array_size(also), 2);
	assert_string_equal(json_string_value(json_object_get(
		                    json_array_get(also, 0), "kind")), "region_unit");
	assert_int_equal(json_integer_value(json_object_get(
		                 json_array_get(also, 0), "unit_id")), vpl);
	assert_string_equal(json_string_value(json_object_get(
		                    json_array_get(also, 1), "kind")), "individual");
	json_decref(p);
	assert_int_equal(ht_sql_int(&srv, "SELECT COUNT(*) FROM"
	                                  " plan_intervention_party", NULL), 2);
	/* The clinic takes part now, as a responsible unit. */
	assert_int_equal(ht_sql_int(&srv, ht_fmt(&srv, "SELECT COUNT(*) FROM"
	                                       " plan_unit WHERE unit_id = %lld"
	                                       " AND via = 'responsible' AND"
	                                       " plan_id = ?", (long long)vpl),
	                            num(ahmed)), 1);
	struct ht_client *page = ht_logged_in(&srv, "bo");
	r = ht_get(page, ht_fmt(&srv, "/plans/%lld", (long long)ahmed));
	ht_assert_page(r, 200);
	ht_assert_contains(r->body, "Även: Vuxenpsykiatrisk öppenvårdsmottagning "
	                            "Ludvika, den enskilde");
	ht_client_free(page);

	/* Without health in the consent: hanna sees the intervention of bo's
	 * unit, not the shared one. */
	ht_sql_exec(&srv, "DELETE FROM consent_scope WHERE category = 'health'"
	                  " AND consent_id IN (SELECT id FROM consent"
	                  " WHERE plan_id = ?)", num(ahmed));
	struct ht_client *hanna = ht_api_as(&srv, "hanna");
	r = ht_get(hanna, plan);
	ht_assert_status(r, 200);
	ht_assert_not_contains(r->body, "Gemensam plan för återgång");
	ht_assert_contains(r->body, "Boendestöd hemma");
	p = ht_json(r);
	shared = intervention_of(p, "Boendestöd, kuratorn och Ahmed");
	/* withheld names the category left out: the clinic's. */
	assert_string_equal(json_string_value(json_object_get(shared, "withheld")),
	                    "health");
	json_decref(p);
	/* The lead unit sees all of it still. */
	r = ht_get(bo, plan);
	ht_assert_contains(r->body, "Gemensam plan för återgång");
	ht_client_free(hanna);
	ht_client_free(bo);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_substitute_from_the_same_unit),
		cmocka_unit_test(test_invitation_only_covered_units),
		cmocka_unit_test(test_plan_form_refused_then_shown_by_get),
		cmocka_unit_test(test_several_responsible),
	};
	return cmocka_run_group_tests_name("forms", tests, group_setup,
	                                   group_teardown);
}
