/*
 * test_citizen_feedback.c — anonymous feedback after a meeting in Min
 * SIP (/citizen/plans/{id}/meetings/{mid}/feedback) and its summary for
 * staff (/feedback): one answer per person and meeting, only after the
 * meeting was held, only for a plan the citizen may see, refused input
 * changes nothing, the stored answer has no link to the person, and free
 * texts are hidden below five answers.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "harness.h"

#define ANNA "199903152388"
#define ELENA "199708222386"

static struct ht_server srv;

static int up(void **state)
{
	(void)state;
	return ht_server_start(&srv, &(struct ht_server_opts){.demo = true})
	               ? 0
	               : -1;
}

static int down(void **state)
{
	(void)state;
	return ht_server_stop(&srv) == 0 ? 0 : -1;
}

static int64_t plan_of(const char *pnr)
{
	return ht_sql_int(&srv, "SELECT MIN(p.id) FROM plan p JOIN person pe"
	                  " ON pe.id = p.person_id WHERE pe.personnummer = ?",
	                  pnr);
}

/* Anna's held SIP meeting. */
static int64_t held_meeting(int64_t plan)
{
	return ht_sql_int(&srv, "SELECT MIN(id) FROM meeting WHERE held = 1"
	                  " AND plan_id = ?", ht_fmt(&srv, "%lld", (long long)plan));
}

static const char *url(int64_t plan, int64_t mid)
{
	return ht_fmt(&srv, "/citizen/plans/%lld/meetings/%lld/feedback",
	              (long long)plan, (long long)mid);
}

static struct ht_client *citizen(const char *pnr)
{
	struct ht_client *c = ht_client_new(&srv);
	assert_true(ht_citizen_sign_in(c, pnr));
	return c;
}

static int64_t answers(void)
{
	return ht_sql_int(&srv, "SELECT COUNT(*) FROM feedback_answer", NULL);
}

static int64_t givens(void)
{
	return ht_sql_int(&srv, "SELECT COUNT(*) FROM feedback_given", NULL);
}

static const struct ht_response *give(struct ht_client *c, const char *path,
                                      const char *text)
{
	return ht_post_form(c, path, "csrf_token", ht_citizen_csrf(c),
	                    "listened", "4", "understood", "3",
	                    "said_what_mattered", "0", "prepared", "2",
	                    "free_text", text, NULL);
}

static void test_refused_input_changes_nothing(void **state)
{
	(void)state;
	int64_t plan = plan_of(ANNA);
	const char *path = url(plan, held_meeting(plan));
	struct ht_client *c = citizen(ANNA);
	const struct ht_response *r = ht_get(c, path);
	ht_assert_page(r, 200);
	ht_assert_contains(r->body, "Kände du att de lyssnade på dig?");
	ht_assert_contains(r->body, "Vill inte svara");
	/* A question not answered, and one out of range. */
	r = ht_post_form(c, path, "csrf_token", ht_citizen_csrf(c),
	                 "listened", "4", "understood", "7", "prepared", "2",
	                 NULL);
	ht_assert_page(r, 422);
	ht_assert_contains(r->body, "href=\"#f-understood\"");
	ht_assert_contains(r->body, "href=\"#f-said_what_mattered\"");
	/* A free text too long. */
	char *longer = test_malloc(2100);
	memset(longer, 'a', 2099);
	longer[2099] = '\0';
	r = give(c, path, longer);
	test_free(longer);
	ht_assert_page(r, 422);
	ht_assert_contains(r->body, "href=\"#f-free_text\"");
	assert_int_equal(answers(), 0);
	assert_int_equal(givens(), 0);
	ht_client_free(c);
}

static void test_one_answer_per_person_and_meeting(void **state)
{
	(void)state;
	int64_t plan = plan_of(ANNA);
	int64_t mid = held_meeting(plan);
	const char *path = url(plan, mid);
	struct ht_client *c = citizen(ANNA);
	const struct ht_response *r = give(c, path, "Bra möte, jag fick tid.");
	ht_assert_status(r, 303);
	assert_int_equal(answers(), 1);
	assert_int_equal(givens(), 1);
	/* The answer: the lead unit's principal and the meeting's ISO
	 * week, the values as given. */
	ht_assert_contains(ht_sql_text(&srv, "SELECT iso_week FROM"
	                               " feedback_answer", NULL), "-W");
	assert_int_equal(ht_sql_int(&srv, "SELECT principal_id FROM"
	                            " feedback_answer", NULL),
	                 ht_sql_int(&srv, "SELECT u.principal_id FROM plan p"
	                            " JOIN unit u ON u.id = p.lead_unit_id"
	                            " WHERE p.id = ?",
	                            ht_fmt(&srv, "%lld", (long long)plan)));
	assert_int_equal(ht_sql_int(&srv, "SELECT listened * 1000 + understood"
	                            " * 100 + said_what_mattered * 10 + prepared"
	                            " FROM feedback_answer", NULL), 4302);
	/* Audited without the answer. */
	const char *detail = ht_sql_text(&srv, "SELECT detail FROM audit_log"
	                                 " WHERE action = ?",
	                                 "citizen.feedback.give");
	assert_non_null(detail);
	assert_int_equal(strncmp(detail, "citizen:", 8), 0);
	ht_assert_not_contains(detail, "Bra");
	/* The page now thanks her and asks nothing. */
	r = ht_get(c, path);
	ht_assert_page(r, 200);
	ht_assert_contains(r->body, "Tack! Du har lämnat synpunkter");
	ht_assert_not_contains(r->body, "name=\"listened\"");
	/* A second answer, also from a new sign-in: refused. */
	ht_client_free(c);
	c = citizen(ANNA);
	r = give(c, path, "Igen");
	ht_assert_html(r, 409);
	ht_assert_contains(r->body, "Du har redan lämnat synpunkter");
	assert_int_equal(answers(), 1);
	assert_int_equal(givens(), 1);
	ht_client_free(c);

	/* Elena, with whom Anna shares the plan, answers for herself. */
	c = citizen(ELENA);
	ht_assert_page(ht_get(c, path), 200);
	ht_assert_status(give(c, path, ""), 303);
	assert_int_equal(answers(), 2);
	assert_int_equal(givens(), 2);
	assert_int_equal(ht_sql_int(&srv, "SELECT COUNT(*) FROM feedback_answer"
	                            " WHERE free_text IS NULL", NULL), 1);
	ht_client_free(c);
}

static void test_only_after_a_held_meeting_of_a_plan_one_may_see(void **state)
{
	(void)state;
	int64_t plan = plan_of(ANNA);
	/* A meeting of Anna's plan booked, not held yet. */
	ht_sql_exec(&srv, "INSERT INTO meeting (plan_id, kind, meeting_date,"
	            " start_time, duration_minutes, purpose, held, created_at)"
	            " VALUES (?, 'follow_up', '2030-01-15', '10:00', 60,"
	            " 'Uppföljning', 0, 0)",
	            ht_fmt(&srv, "%lld", (long long)plan));
	int64_t upcoming = ht_sql_int(&srv, "SELECT MAX(id) FROM meeting WHERE"
	                              " plan_id = ?",
	                              ht_fmt(&srv, "%lld", (long long)plan));
	int64_t before = answers();
	struct ht_client *c = citizen(ANNA);
	const struct ht_response *r = ht_get(c, url(plan, upcoming));
	ht_assert_html(r, 409);
	ht_assert_contains(r->body, "när mötet har varit");
	r = give(c, url(plan, upcoming), "");
	ht_assert_html(r, 409);
	/* Another person's plan and its meeting are not Anna's: not found,
	 * also with her own plan in the path. */
	int64_t liam_meeting = ht_sql_int(&srv, "SELECT MIN(m.id) FROM meeting m"
	                                  " JOIN plan p ON p.id = m.plan_id JOIN"
	                                  " person pe ON pe.id = p.person_id"
	                                  " WHERE pe.personnummer <> ?", ANNA);
	int64_t liam_plan = ht_sql_int(&srv, "SELECT plan_id FROM meeting"
	                               " WHERE id = ?",
	                               ht_fmt(&srv, "%lld",
	                                      (long long)liam_meeting));
	assert_true(liam_meeting > 0);
	ht_sql_exec(&srv, "UPDATE meeting SET held = 1 WHERE id = ?",
	            ht_fmt(&srv, "%lld", (long long)liam_meeting));
	r = ht_get(c, url(liam_plan, liam_meeting));
	ht_assert_html(r, 404);
	ht_assert_html(give(c, url(liam_plan, liam_meeting), ""), 404);
	ht_assert_html(ht_get(c, url(plan, liam_meeting)), 404);
	ht_assert_html(give(c, url(plan, liam_meeting), ""), 404);
	ht_assert_html(ht_get(c, url(plan, 999999)), 404);
	ht_sql_exec(&srv, "UPDATE meeting SET held = 0 WHERE id = ?",
	            ht_fmt(&srv, "%lld", (long long)liam_meeting));
	assert_int_equal(answers(), before);
	ht_client_free(c);
}

/* The answer row's columns: nothing that leads to a plan, meeting,
 * person, session or time. */
static void test_the_answer_has_no_link(void **state)
{
	(void)state;
	const char *cols =
		ht_backend() == DB_SQLITE
			? ht_sql_text(&srv, "SELECT group_concat(name, ',') FROM"
			              " (SELECT name FROM pragma_table_info(?)"
			              " ORDER BY name)", "feedback_answer")
			: ht_sql_text(&srv, "SELECT string_agg(column_name::text, ','"
			              " ORDER BY column_name) FROM"
			              " information_schema.columns WHERE"
			              " table_name = ?", "feedback_answer");
	/* channel (0025): digital or paper, the same for every answer of
	 * Min SIP. */
	assert_string_equal(cols, "channel,free_text,id,iso_week,listened,"
	                          "prepared,principal_id,said_what_mattered,"
	                          "understood");
	assert_int_equal(ht_sql_int(&srv, "SELECT COUNT(*) FROM feedback_answer"
	                            " WHERE channel <> 'digital'", NULL), 0);
	/* The "has answered" row names the meeting, but not the person in
	 * clear, and shares no column with the answer. */
	const char *given =
		ht_backend() == DB_SQLITE
			? ht_sql_text(&srv, "SELECT group_concat(name, ',') FROM"
			              " (SELECT name FROM pragma_table_info(?)"
			              " ORDER BY name)", "feedback_given")
			: ht_sql_text(&srv, "SELECT string_agg(column_name::text, ','"
			              " ORDER BY column_name) FROM"
			              " information_schema.columns WHERE"
			              " table_name = ?", "feedback_given");
	assert_string_equal(given, "giver_hash,meeting_id");
	assert_int_equal(ht_sql_int(&srv, "SELECT COUNT(*) FROM feedback_given"
	                            " WHERE giver_hash LIKE ?", "%2388%"), 0);
	/* The keys are random: 32 hex digits, not a counter. */
	assert_int_equal(ht_sql_int(&srv, "SELECT COUNT(*) FROM feedback_answer"
	                            " WHERE LENGTH(id) <> 32", NULL), 0);
	assert_true(ht_sql_int(&srv, "SELECT COUNT(DISTINCT id) FROM"
	                       " feedback_answer", NULL) >= 2);
	/* On SQLite the table has no rowid to keep the order of arrival. */
	if (ht_backend() == DB_SQLITE)
		ht_assert_contains(ht_sql_text(&srv, "SELECT sql FROM sqlite_master"
		                               " WHERE name = ?", "feedback_answer"),
		                   "WITHOUT ROWID");
}

static void add_answer(const char *principal, const char *text)
{
	static int seq;
	ht_sql_exec(&srv, ht_fmt(&srv, "INSERT INTO feedback_answer (id,"
	                         " principal_id, iso_week, listened, understood,"
	                         " said_what_mattered, prepared, free_text)"
	                         " VALUES ('t%031d', ?, '2030-W10', 4, 4, 1, 0,"
	                         " '%s')", ++seq, text),
	            principal);
}

static void test_summary_hides_free_text_below_five(void **state)
{
	(void)state;
	const char *principal = ht_sql_text(&srv, "SELECT CAST(un.principal_id"
	                                    " AS TEXT) FROM unit un JOIN user_unit"
	                                    " uu ON uu.unit_id = un.id JOIN"
	                                    " user_account u ON u.id = uu.user_id"
	                                    " WHERE u.username = ?", "eva");
	for (int i = 1; i <= 4; i++)
		add_answer(principal, ht_fmt(&srv, "Fritext nummer %d", i));
	const char *path = ht_fmt(&srv, "/feedback?principal_id=%s&from=2030-W10"
	                          "&to=2030-W10", principal);
	struct ht_client *eva = ht_logged_in(&srv, "eva");
	const struct ht_response *r = ht_get(eva, path);
	ht_assert_page(r, 200);
	ht_assert_contains(r->body, "Antal svar: 4");
	ht_assert_contains(r->body, "Fritexterna visas inte");
	ht_assert_not_contains(r->body, "Fritext nummer");
	add_answer(principal, "Fritext nummer 5");
	r = ht_get(eva, path);
	ht_assert_page(r, 200);
	ht_assert_contains(r->body, "Antal svar: 5");
	ht_assert_contains(r->body, "Fritext nummer 1");
	ht_assert_contains(r->body, "Fritext nummer 5");
	/* A week that is not one: the form says so. */
	r = ht_get(eva, ht_fmt(&srv, "/feedback?principal_id=%s&from=2030-W60",
	                       principal));
	ht_assert_page(r, 422);
	ht_assert_contains(r->body, "href=\"#f-from\"");
	ht_client_free(eva);

	/* Olle works for another principal: not found. */
	struct ht_client *olle = ht_logged_in(&srv, "olle");
	r = ht_get(olle, path);
	ht_assert_html(r, 404);
	ht_assert_not_contains(r->body, "Fritext");
	ht_client_free(olle);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_refused_input_changes_nothing),
		cmocka_unit_test(test_one_answer_per_person_and_meeting),
		cmocka_unit_test(test_only_after_a_held_meeting_of_a_plan_one_may_see),
		cmocka_unit_test(test_the_answer_has_no_link),
		cmocka_unit_test(test_summary_hides_free_text_below_five),
	};
	return cmocka_run_group_tests(tests, up, down);
}
