/*
 * test_named_professionals.c — an invitation to a unit may name
 * professionals of that unit: the form offers them, the domain refuses
 * anyone else, each named one gets the written invitation (and its
 * reminders) at their own address besides the unit's mailbox, and the
 * plan shows them, on the page and in the API.
 *
 * On Gunnel's demo plan (lars of Vårdcentralen leads; its meeting is
 * booked and Hemtjänsten and the ward are invited): lars invites
 * Socialpsykiatri, boendestöd naming Bo Berg of that unit.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"

static const char *const unscheduled[] = {"--mail-schedule", "off", NULL};

static int64_t unit_id(struct ht_server *s, const char *hsa_id)
{
	return ht_sql_int(s, "SELECT id FROM unit WHERE hsa_id = ?", hsa_id);
}

static void test_named_professionals(void **state)
{
	(void)state;
	struct ht_server s;
	assert_true(ht_server_start(&s, &(struct ht_server_opts){
		.demo = true, .args = unscheduled}));
	int64_t plan = ht_sql_int(&s, "SELECT p.id FROM plan p JOIN person pe ON"
	                              " pe.id = p.person_id WHERE"
	                              " pe.personnummer = '194111222842'", NULL);
	int64_t meeting = ht_sql_int(&s, ht_fmt(&s, "SELECT id FROM meeting WHERE"
	                                            " plan_id = %lld",
	                                        (long long)plan), NULL);
	int64_t housing = unit_id(&s, "SE2120000837-SPB1");
	int64_t school = unit_id(&s, "SE2120000837-ELH1");
	int64_t bo = ht_user_id(&s, "bo"), karin = ht_user_id(&s, "karin");

	/* The form offers the professionals of the units not yet invited. */
	struct ht_client *page = ht_logged_in(&s, "lars");
	const struct ht_response *r = ht_get(page, ht_fmt(&s, "/plans/%lld",
	                                                  (long long)plan));
	ht_assert_page(r, 200);
	assert_non_null(strstr(r->body, "Namngivna yrkespersoner (frivilligt)"));
	assert_non_null(strstr(r->body, ht_fmt(&s, "value=\"%lld:%lld\"",
	                                       (long long)housing,
	                                       (long long)bo)));
	assert_non_null(strstr(r->body, "Bo Berg, Boendestödjare – Socialpsykiatri,"
	                                " boendestöd"));

	/* Someone of another unit: refused, naming the field. */
	struct ht_client *api = ht_api_as(&s, "lars");
	struct ht_snapshot before;
	ht_snapshot_take(&s, &before);
	json_t *j = ht_assert_problem(ht_post_json(api, ht_fmt(&s,
		"/api/v1/plans/%lld/invitations", (long long)plan),
		ht_fmt(&s, "{\"meeting_id\": %lld, \"invitations\": [{\"unit_id\":"
		           " %lld, \"professional_ids\": [%lld]}]}",
		       (long long)meeting, (long long)school, (long long)bo),
		NULL), 422);
	assert_non_null(strstr(json_dumps(j, 0),
	                       "invitations[0].professional_ids"));
	assert_non_null(strstr(json_dumps(j, 0), "arbetar på den kallade"));
	ht_assert_unchanged(&s, &before);
	int64_t invitations = ht_sql_int(&s, "SELECT COUNT(*) FROM invitation",
	                                 NULL);
	/* On the page: a professional whose unit is not chosen. */
	r = ht_post_form(page, ht_fmt(&s, "/plans/%lld/invitations",
	                              (long long)plan),
	                 "csrf_token", ht_csrf(page),
	                 "meeting_id", ht_fmt(&s, "%lld", (long long)meeting),
	                 "professionals", ht_fmt(&s, "%lld:%lld",
	                                         (long long)school,
	                                         (long long)karin), NULL);
	/* Post/Redirect/Get: back to the plan page, which shows why. */
	ht_assert_status(r, 303);
	r = ht_get(page, r->location);
	ht_assert_page(r, 200);
	assert_non_null(strstr(r->body, "Välj också enheten för de "
	                                "yrkespersoner du namnger."));
	/* (The form shown again reads the plan: an audit record, no
	 * invitation.) */
	assert_int_equal(ht_sql_int(&s, "SELECT COUNT(*) FROM invitation", NULL),
	                 invitations);

	/* The unit and Bo, named: both get the written invitation. */
	r = ht_post_form(page, ht_fmt(&s, "/plans/%lld/invitations",
	                              (long long)plan),
	                 "csrf_token", ht_csrf(page),
	                 "meeting_id", ht_fmt(&s, "%lld", (long long)meeting),
	                 "unit_ids", ht_fmt(&s, "%lld", (long long)housing),
	                 "professionals", ht_fmt(&s, "%lld:%lld",
	                                         (long long)housing,
	                                         (long long)bo), NULL);
	ht_assert_status(r, 303);
	int64_t inv = ht_sql_int(&s, ht_fmt(&s, "SELECT id FROM invitation WHERE"
	                                        " meeting_id = %lld AND unit_id ="
	                                        " %lld", (long long)meeting,
	                                    (long long)housing), NULL);
	assert_true(inv > 0);
	assert_int_equal(ht_sql_int(&s, ht_fmt(&s,
		"SELECT COUNT(*) FROM invitation_professional WHERE invitation_id ="
		" %lld AND user_id = %lld", (long long)inv, (long long)bo), NULL), 1);
	const char *to_bo = ht_sql_text(&s, ht_fmt(&s,
		"SELECT body FROM outbox WHERE kind = 'invitation' AND to_address ="
		" 'bo.berg@ludvika.invalid' AND dedupe_key = 'invitation:%lld:user:"
		"%lld'", (long long)inv, (long long)bo), NULL);
	assert_non_null(to_bo);
	assert_non_null(strstr(to_bo, ht_fmt(&s, "/invitations/%lld",
	                                     (long long)inv)));
	assert_null(strstr(to_bo, "Gunnel"));
	assert_null(strstr(to_bo, "194111222842"));
	assert_int_equal(ht_sql_int(&s, "SELECT COUNT(*) FROM outbox WHERE"
	                                " to_address = 'boendestod@ludvika.invalid'"
	                                " AND kind = 'invitation'", NULL), 2);

	/* Shown on the plan page and in the API. */
	r = ht_get(page, ht_fmt(&s, "/plans/%lld", (long long)plan));
	assert_non_null(strstr(r->body, "Namngivna: Bo Berg (Boendestödjare)"));
	r = ht_get(api, ht_fmt(&s, "/api/v1/plans/%lld", (long long)plan));
	ht_assert_status(r, 200);
	json_t *p = ht_json(r);
	json_t *invs = json_object_get(json_array_get(json_object_get(p,
	                                              "meetings"), 0),
	                               "invitations");
	bool found = false;
	for (size_t i = 0; i < json_array_size(invs); i++) {
		json_t *x = json_array_get(invs, i);
		if (json_integer_value(json_object_get(x, "id")) != inv) {
			assert_int_equal(json_array_size(json_object_get(
				x, "professionals")), 0);
			continue;
		}
		json_t *named = json_object_get(x, "professionals");
		assert_int_equal(json_array_size(named), 1);
		json_t *one = json_array_get(named, 0);
		assert_int_equal(json_integer_value(json_object_get(one,
		                                                    "user_id")), bo);
		assert_string_equal(json_string_value(json_object_get(one, "name")),
		                    "Bo Berg");
		found = true;
	}
	assert_true(found);

	/* A reminder goes to the unit and to Bo. */
	ht_assert_status(ht_post_json(api, ht_fmt(&s,
		"/api/v1/invitations/%lld/remind", (long long)inv), "{}", NULL), 201);
	assert_int_equal(ht_sql_int(&s, "SELECT COUNT(*) FROM outbox WHERE kind ="
	                                " 'reminder' AND to_address IN"
	                                " ('boendestod@ludvika.invalid',"
	                                " 'bo.berg@ludvika.invalid')", NULL), 2);

	/* A party outside samplan, on the form's second row (the rows are
	 * form/rows.h's invitations[i], read by name): a channel it does not
	 * take is refused at that row, the form comes back (Post/Redirect/
	 * Get) with what was typed in that row; then it is sent. */
	const char *form = ht_fmt(&s, "/plans/%lld/invitations", (long long)plan);
	const char *plan_page = ht_fmt(&s, "/plans/%lld", (long long)plan);
	r = ht_post_form(page, form, "csrf_token", ht_csrf(page),
	                 "meeting_id", ht_fmt(&s, "%lld", (long long)meeting),
	                 "invitations[1].external_name", "Gode man Ulf",
	                 "invitations[1].external_contact", "Storgatan 1",
	                 "invitations[1].channel", "fax", NULL);
	ht_assert_status(r, 303);
	r = ht_get(page, plan_page);
	ht_assert_page(r, 200);
	/* (The plan page's forms prefix their ids with the form's scope.) */
	assert_non_null(strstr(r->body, "href=\"#f-invitations-invitations[1]."
	                                "channel\""));
	assert_non_null(strstr(r->body, "id=\"f-invitations-invitations[1]."
	                                "channel\""));
	assert_non_null(strstr(r->body, "name=\"invitations[1].external_name\""
	                                " autocomplete=\"off\" value=\"Gode man"
	                                " Ulf\""));
	int64_t external = ht_sql_int(&s, "SELECT COUNT(*) FROM invitation WHERE"
	                                  " external_name = ?", "Gode man Ulf");
	assert_int_equal(external, 0);
	r = ht_post_form(page, form, "csrf_token", ht_csrf(page),
	                 "meeting_id", ht_fmt(&s, "%lld", (long long)meeting),
	                 "invitations[1].external_name", "Gode man Ulf",
	                 "invitations[1].external_contact", "Storgatan 1",
	                 "invitations[1].channel", "letter", NULL);
	ht_assert_status(r, 303);
	assert_int_equal(ht_sql_int(&s, "SELECT COUNT(*) FROM invitation WHERE"
	                                " external_name = ? AND unit_id IS NULL"
	                                " AND channel = 'letter'",
	                            "Gode man Ulf"), 1);
	ht_client_free(page);
	ht_client_free(api);
	assert_int_equal(ht_server_stop(&s), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_named_professionals),
	};
	return cmocka_run_group_tests_name("named_professionals", tests, NULL,
	                                   NULL);
}
