/*
 * test_evaluation.c — after a held meeting, over real HTTP (issue 12):
 * the participants' evaluation (sip/evaluation.h) — given, changed by
 * its author, a colleague's own, refused for a meeting not held or
 * cancelled, for a unit of the plan that was not at the meeting
 * (403), for an unrelated unit (404 that says nothing), every field's
 * validation; the list and its sum; and SIP-kollen typed in from paper
 * (feedback_enter_paper): stored with channel 'paper' like a digital
 * answer, no feedback_given row, an audit record that names the plan
 * and never the answer, only by the coordinator or the lead unit, and
 * counted by channel on /feedback.
 *
 * One server with the demo data: Anna's plan and its held SIP meeting
 * (eva, the coordinator; bo and sara took part; olle's unit takes no
 * part).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"

static struct ht_server srv;

#define ANNA "199903152388"

static int up(void **state)
{
	(void)state;
	setenv("TZ", "Europe/Stockholm", 1);
	return ht_server_start(&srv, &(struct ht_server_opts){.demo = true}) ? 0
	                                                                     : -1;
}

static int down(void **state)
{
	(void)state;
	return ht_server_stop(&srv) == 0 ? 0 : -1;
}

/* ---- helpers ---- */

static const char *num(int64_t v) { return ht_fmt(&srv, "%lld", (long long)v); }

static int64_t anna_plan(void)
{
	return ht_sql_int(&srv, "SELECT MIN(p.id) FROM plan p JOIN person pe"
	                  " ON pe.id = p.person_id WHERE pe.personnummer = ?",
	                  ANNA);
}

static int64_t held_meeting(int64_t plan)
{
	return ht_sql_int(&srv, "SELECT MIN(id) FROM meeting WHERE held = 1"
	                  " AND plan_id = ?", num(plan));
}

/* A meeting of the plan added directly: held or not, cancelled or not. */
static int64_t add_meeting(int64_t plan, int held, bool cancelled)
{
	ht_sql_exec(&srv, ht_fmt(&srv, "INSERT INTO meeting (plan_id, kind,"
	                         " meeting_date, start_time, duration_minutes,"
	                         " purpose, held, cancelled_at, created_at)"
	                         " VALUES (?, 'follow_up', '2026-11-30', '10:00',"
	                         " 60, 'Uppföljning', %d, %s, 0)",
	                         held, cancelled ? "1" : "NULL"),
	            num(plan));
	return ht_sql_int(&srv, "SELECT MAX(id) FROM meeting WHERE plan_id = ?",
	                  num(plan));
}

static const char *page(int64_t plan, int64_t mid, const char *rest)
{
	return ht_fmt(&srv, "/plans/%lld/meetings/%lld%s", (long long)plan,
	              (long long)mid, rest);
}

static const char *api(int64_t plan, int64_t mid, const char *rest)
{
	return ht_fmt(&srv, "/api/v1/plans/%lld/meetings/%lld%s", (long long)plan,
	              (long long)mid, rest);
}

static struct ht_client *login(const char *user)
{
	struct ht_client *c = ht_client_new(&srv);
	assert_true(ht_login(c, user, HT_DEMO_PASSWORD));
	return c;
}

/* An API client of user's own token (no CSRF token needed). */
static struct ht_client *api_client(const char *user)
{
	struct ht_client *c = ht_client_new(&srv);
	ht_client_bearer(c, ht_token_create(&srv, user));
	return c;
}

static const struct ht_response *evaluate(struct ht_client *c, int64_t plan,
                                          int64_t mid, const char *focus,
                                          const char *heard,
                                          const char *well)
{
	return ht_post_form(c, page(plan, mid, "/evaluation"), "csrf_token",
	                    ht_csrf(c), "individual_in_focus", focus,
	                    "everyone_heard", heard, "worked_well", well,
	                    "do_differently", "Kortare möte.", NULL);
}

static int64_t evaluations(int64_t mid)
{
	return ht_sql_int(&srv, "SELECT COUNT(*) FROM meeting_evaluation"
	                  " WHERE meeting_id = ?", num(mid));
}

static int64_t audits(const char *action)
{
	return ht_sql_int(&srv, "SELECT COUNT(*) FROM audit_log WHERE action = ?",
	                  action);
}

static const struct ht_response *paper(struct ht_client *c, int64_t plan,
                                       int64_t mid, const char *text)
{
	return ht_post_form(c, page(plan, mid, "/feedback/paper"), "csrf_token",
	                    ht_csrf(c), "listened", "3", "understood", "4",
	                    "said_what_mattered", "1", "prepared", "0",
	                    "free_text", text, NULL);
}

/* ---- the participants' evaluation ---- */

static void test_give_change_and_a_colleagues_own(void **state)
{
	(void)state;
	int64_t plan = anna_plan(), mid = held_meeting(plan);
	struct ht_client *bo = login("bo");
	/* The plan page links to the evaluation under the held meeting. */
	const struct ht_response *r = ht_get(bo, ht_fmt(&srv, "/plans/%lld",
	                                                (long long)plan));
	ht_assert_page(r, 200);
	ht_assert_contains(r->body, page(plan, mid, "/evaluation"));
	ht_assert_contains(r->body, "Utvärdera mötet");
	/* bo is no lead: no paper form for him. */
	ht_assert_not_contains(r->body, page(plan, mid, "/feedback/paper"));
	r = ht_get(bo, page(plan, mid, "/evaluation"));
	ht_assert_page(r, 200);
	ht_assert_contains(r->body, "<legend");
	ht_assert_contains(r->body, "Var den enskilde i fokus under mötet?");
	int64_t given = audits("meeting.evaluation.give");
	r = evaluate(bo, plan, mid, "4", "3", "Anna ledde samtalet.");
	ht_assert_status(r, 303);
	ht_assert_contains(ht_header(r, "Location"),
	                   "/evaluations?done=evaluation_given");
	assert_int_equal(evaluations(mid), 1);
	assert_int_equal(audits("meeting.evaluation.give"), given + 1);
	int64_t bo_id = ht_user_id(&srv, "bo");
	assert_int_equal(ht_sql_int(&srv, "SELECT individual_in_focus * 10 +"
	                            " everyone_heard FROM meeting_evaluation"
	                            " WHERE user_id = ?", num(bo_id)), 43);
	/* The unit and principal are bo's (Ludvika kommun). */
	assert_int_equal(ht_sql_int(&srv, "SELECT e.principal_id - u.principal_id"
	                            " + 1 FROM meeting_evaluation e JOIN"
	                            " user_unit uu ON uu.user_id = e.user_id"
	                            " AND uu.unit_id = e.unit_id JOIN unit u"
	                            " ON u.id = e.unit_id WHERE e.user_id = ?",
	                            num(bo_id)), 1);
	/* Changing it: the same row, new answers, audited as a change. */
	int64_t id = ht_sql_int(&srv, "SELECT id FROM meeting_evaluation WHERE"
	                        " user_id = ?", num(bo_id));
	int64_t changes = audits("meeting.evaluation.change");
	r = ht_get(bo, page(plan, mid, "/evaluation"));
	ht_assert_contains(r->body, "Anna ledde samtalet.");
	ht_assert_contains(r->body, "Spara ändringen");
	r = evaluate(bo, plan, mid, "2", "0", "Bra förberett.");
	ht_assert_status(r, 303);
	ht_assert_contains(ht_header(r, "Location"), "evaluation_changed");
	assert_int_equal(evaluations(mid), 1);
	assert_int_equal(ht_sql_int(&srv, "SELECT id FROM meeting_evaluation"
	                            " WHERE user_id = ?", num(bo_id)), id);
	assert_int_equal(ht_sql_int(&srv, "SELECT individual_in_focus * 10 +"
	                            " everyone_heard FROM meeting_evaluation"
	                            " WHERE user_id = ?", num(bo_id)), 20);
	assert_int_equal(audits("meeting.evaluation.change"), changes + 1);
	/* A colleague of the lead unit gives their own; eva hers. */
	ht_user_create(&srv, "eva_kollega", "professional");
	struct ht_client *k = login("eva_kollega");
	ht_assert_status(evaluate(k, plan, mid, "3", "3", ""), 303);
	struct ht_client *eva = login("eva");
	ht_assert_status(evaluate(eva, plan, mid, "4", "4", "Bra."), 303);
	assert_int_equal(evaluations(mid), 3);
	/* The list: everyone's, with the sum; sara (took part) may read it. */
	struct ht_client *sara = login("sara");
	int64_t reads = audits("meeting.evaluation.read");
	r = ht_get(sara, page(plan, mid, "/evaluations"));
	ht_assert_page(r, 200);
	ht_assert_contains(r->body, "Antal utvärderingar: 3");
	ht_assert_contains(r->body, "Bra förberett.");
	ht_assert_contains(r->body, "Bo Berg");
	/* individual_in_focus 2, 3, 4: mean 3,0; everyone_heard 0, 3, 4:
	 * the "cannot say" is not counted, mean 3,5. */
	ht_assert_contains(r->body, "3,0");
	ht_assert_contains(r->body, "3,5");
	assert_int_equal(audits("meeting.evaluation.read"), reads + 1);
	/* The API says the same. */
	json_t *j = ht_api_get(sara, api(plan, mid, "/evaluations"), 200);
	assert_int_equal(ht_jint(j, "count"), 3);
	json_t *heard = json_object_get(json_object_get(j, "summary"),
	                                "everyone_heard");
	assert_int_equal(ht_jint(heard, "rated"), 2);
	assert_int_equal(ht_jint(heard, "sum"), 7);
	json_decref(j);
	ht_client_free(bo);
	ht_client_free(k);
	ht_client_free(eva);
	ht_client_free(sara);
}

static void test_refused_for_a_meeting_not_held_or_cancelled(void **state)
{
	(void)state;
	int64_t plan = anna_plan();
	int64_t booked = add_meeting(plan, 0, false);
	int64_t cancelled = add_meeting(plan, 0, true);
	int64_t held_cancelled = add_meeting(plan, 1, true);
	struct ht_client *eva = login("eva");
	struct ht_client *eva_api = api_client("eva");
	int64_t mids[] = {booked, cancelled, held_cancelled};
	for (int i = 0; i < 3; i++) {
		const struct ht_response *r = ht_get(eva, page(plan, mids[i],
		                                               "/evaluation"));
		ht_assert_html(r, 409);
		ht_assert_contains(r->body, "när det har hållits");
		ht_assert_html(evaluate(eva, plan, mids[i], "4", "4", ""), 409);
		ht_assert_html(paper(eva, plan, mids[i], ""), 409);
		json_decref(ht_api_post(eva_api, api(plan, mids[i], "/evaluations"),
		                        json_pack("{s:i, s:i}",
		                                  "individual_in_focus", 4,
		                                  "everyone_heard", 4),
		                        409));
		assert_int_equal(evaluations(mids[i]), 0);
	}
	/* No links under them on the plan page. */
	const struct ht_response *r = ht_get(eva, ht_fmt(&srv, "/plans/%lld",
	                                                 (long long)plan));
	ht_assert_not_contains(r->body, page(plan, booked, "/evaluation"));
	ht_assert_not_contains(r->body, page(plan, cancelled, "/evaluation"));
	/* A meeting of another plan, or none: not found. */
	int64_t other = ht_sql_int(&srv, "SELECT MIN(id) FROM meeting WHERE"
	                           " plan_id <> ?", num(plan));
	ht_assert_html(ht_get(eva, page(plan, other, "/evaluation")), 404);
	ht_assert_html(ht_get(eva, page(plan, 999999, "/evaluations")), 404);
	ht_client_free(eva);
	ht_client_free(eva_api);
}

static void test_units_not_at_the_meeting(void **state)
{
	(void)state;
	int64_t plan = anna_plan(), mid = held_meeting(plan);
	/* olle's unit takes no part: every path is a 404 that names
	 * nothing, and nothing is stored. */
	struct ht_client *olle = login("olle");
	struct ht_client *lars = login("lars");
	struct ht_snapshot snap;
	ht_snapshot_take(&srv, &snap);
	const char *held_on = ht_sql_text(&srv, "SELECT meeting_date FROM"
	                                  " meeting WHERE id = ?", num(mid));
	const char *paths[] = {"/evaluation", "/evaluations", "/feedback/paper"};
	for (int i = 0; i < 3; i++) {
		const struct ht_response *r = ht_get(olle, page(plan, mid, paths[i]));
		ht_assert_html(r, 404);
		ht_assert_not_contains(r->body, "Anna");
		ht_assert_not_contains(r->body, held_on);
	}
	ht_assert_html(evaluate(olle, plan, mid, "4", "4", "x"), 404);
	ht_assert_html(paper(olle, plan, mid, "x"), 404);
	const struct ht_response *a = ht_get(olle, api(plan, mid, "/evaluations"));
	const struct ht_response *b = ht_get(olle, api(999999, mid, "/evaluations"));
	json_decref(ht_assert_problem(a, 404));
	ht_assert_same_json(a, b, "instance");
	ht_assert_unchanged(&srv, &snap);
	/* lars's unit is in the plan (invited later) but was not at the
	 * meeting: he reads the evaluations, may not give one. */
	int64_t lars_unit = ht_sql_int(&srv, "SELECT uu.unit_id FROM user_unit uu"
	                               " JOIN user_account ua ON ua.id = uu.user_id"
	                               " WHERE ua.username = ?", "lars");
	ht_sql_exec(&srv, ht_fmt(&srv, "INSERT INTO plan_unit (plan_id, unit_id,"
	                         " via, joined_at) VALUES (%lld, ?, 'invited', 0)",
	                         (long long)plan),
	            num(lars_unit));
	ht_snapshot_take(&srv, &snap);
	const struct ht_response *r = ht_get(lars, page(plan, mid, "/evaluation"));
	ht_assert_html(r, 403);
	ht_assert_contains(r->body, "deltog i mötet");
	ht_assert_html(evaluate(lars, plan, mid, "4", "4", ""), 403);
	ht_assert_unchanged(&srv, &snap);
	ht_assert_page(ht_get(lars, page(plan, mid, "/evaluations")), 200);
	ht_sql_exec(&srv, ht_fmt(&srv, "DELETE FROM plan_unit WHERE plan_id ="
	                         " %lld AND unit_id = ?", (long long)plan),
	            num(lars_unit));
	ht_client_free(olle);
	ht_client_free(lars);
}

static void test_every_field_is_validated(void **state)
{
	(void)state;
	int64_t plan = anna_plan(), mid = held_meeting(plan);
	struct ht_client *sara = login("sara");
	struct ht_client *sara_api = api_client("sara");
	struct ht_client *eva = login("eva");
	struct ht_snapshot snap;
	ht_snapshot_take(&srv, &snap);
	/* Nothing chosen: both questions, with links in the summary. */
	const struct ht_response *r =
		ht_post_form(sara, page(plan, mid, "/evaluation"), "csrf_token",
		             ht_csrf(sara), NULL);
	ht_assert_page(r, 422);
	ht_assert_contains(r->body, "href=\"#f-individual_in_focus\"");
	ht_assert_contains(r->body, "href=\"#f-everyone_heard\"");
	ht_assert_contains(r->body, "autofocus");
	/* Out of range, and a text too long — what was typed is kept. */
	char *long_text = malloc(2002);
	memset(long_text, 'a', 2001);
	long_text[2001] = 0;
	r = ht_post_form(sara, page(plan, mid, "/evaluation"), "csrf_token",
	                 ht_csrf(sara), "individual_in_focus", "5",
	                 "everyone_heard", "-1", "worked_well", long_text,
	                 "do_differently", long_text, NULL);
	ht_assert_page(r, 422);
	ht_assert_contains(r->body, "href=\"#f-individual_in_focus\"");
	ht_assert_contains(r->body, "href=\"#f-everyone_heard\"");
	ht_assert_contains(r->body, "href=\"#f-worked_well\"");
	ht_assert_contains(r->body, "href=\"#f-do_differently\"");
	/* A unit that is not sara's: */
	json_t *p = ht_api_post(sara_api, api(plan, mid, "/evaluations"),
	                        json_pack("{s:i, s:i, s:i}", "unit_id", 1,
	                                  "individual_in_focus", 4,
	                                  "everyone_heard", 4),
	                        422);
	ht_assert_contains(json_dumps(p, 0), "unit_id");
	json_decref(p);
	/* 2000 characters (of two bytes each) are fine. */
	char *two_thousand = malloc(4001);
	for (int i = 0; i < 2000; i++)
		memcpy(two_thousand + 2 * i, "ä", 2);
	two_thousand[4000] = 0;
	ht_assert_unchanged(&srv, &snap);
	ht_assert_status(evaluate(sara, plan, mid, "1", "2", two_thousand), 303);
	assert_int_equal(ht_sql_int(&srv, "SELECT COUNT(*) FROM meeting_evaluation"
	                            " WHERE user_id = ? AND worked_well IS NOT"
	                            " NULL", num(ht_user_id(&srv, "sara"))), 1);
	/* The paper form's validation is feedback_give's. */
	ht_snapshot_take(&srv, &snap);
	r = ht_post_form(eva, page(plan, mid, "/feedback/paper"), "csrf_token",
	                 ht_csrf(eva), "listened", "7", "free_text", long_text,
	                 NULL);
	ht_assert_page(r, 422);
	const char *keys[] = {"listened", "understood", "said_what_mattered",
	                      "prepared", "free_text"};
	for (int i = 0; i < 5; i++)
		ht_assert_contains(r->body, ht_fmt(&srv, "href=\"#f-%s\"", keys[i]));
	ht_assert_unchanged(&srv, &snap);
	free(long_text);
	free(two_thousand);
	ht_client_free(sara);
	ht_client_free(sara_api);
	ht_client_free(eva);
}

/* A user of two units at the meeting chooses which one evaluates; the
 * row keeps that unit and its principal. */
static void test_the_unit_is_chosen_when_there_are_several(void **state)
{
	(void)state;
	int64_t plan = anna_plan(), mid = held_meeting(plan);
	int64_t user = ht_user_create(&srv, "tva_enheter", "professional");
	int64_t bo_unit = ht_sql_int(&srv, "SELECT unit_id FROM user_unit WHERE"
	                             " user_id = ?", num(ht_user_id(&srv, "bo")));
	ht_sql_exec(&srv, ht_fmt(&srv, "INSERT INTO user_unit (user_id, unit_id)"
	                         " VALUES (%lld, ?)", (long long)user),
	            num(bo_unit));
	struct ht_client *c = login("tva_enheter");
	const struct ht_response *r = ht_get(c, page(plan, mid, "/evaluation"));
	ht_assert_page(r, 200);
	ht_assert_contains(r->body, "För vilken enhet utvärderar du?");
	ht_assert_contains(r->body, "Socialpsykiatri, boendestöd");
	r = evaluate(c, plan, mid, "3", "3", "");
	ht_assert_page(r, 422);
	ht_assert_contains(r->body, "href=\"#f-unit_id\"");
	assert_int_equal(ht_sql_int(&srv, "SELECT COUNT(*) FROM meeting_evaluation"
	                            " WHERE user_id = ?", num(user)), 0);
	r = ht_post_form(c, page(plan, mid, "/evaluation"), "csrf_token",
	                 ht_csrf(c), "unit_id", num(bo_unit),
	                 "individual_in_focus", "3", "everyone_heard", "3", NULL);
	ht_assert_status(r, 303);
	assert_int_equal(ht_sql_int(&srv, "SELECT unit_id FROM meeting_evaluation"
	                            " WHERE user_id = ?", num(user)), bo_unit);
	assert_int_equal(ht_sql_int(&srv, "SELECT principal_id FROM"
	                            " meeting_evaluation WHERE user_id = ?",
	                            num(user)),
	                 ht_sql_int(&srv, "SELECT principal_id FROM unit WHERE"
	                            " id = ?", num(bo_unit)));
	/* Texts left empty are stored as none. */
	assert_int_equal(ht_sql_int(&srv, "SELECT COUNT(*) FROM meeting_evaluation"
	                            " WHERE user_id = ? AND worked_well IS NULL"
	                            " AND do_differently IS NULL", num(user)), 1);
	ht_client_free(c);
}

/* ---- SIP-kollen from paper ---- */

static void test_paper_feedback_has_no_link_to_the_plan(void **state)
{
	(void)state;
	int64_t plan = anna_plan(), mid = held_meeting(plan);
	struct ht_client *eva = login("eva");
	const struct ht_response *r = ht_get(eva, ht_fmt(&srv, "/plans/%lld",
	                                                 (long long)plan));
	ht_assert_contains(r->body, "Skriv in SIP-kollen från papper");
	r = ht_get(eva, page(plan, mid, "/feedback/paper"));
	ht_assert_page(r, 200);
	ht_assert_contains(r->body, "Kände du att de lyssnade på dig?");
	int64_t answers = ht_sql_int(&srv, "SELECT COUNT(*) FROM feedback_answer",
	                             NULL);
	int64_t givens = ht_sql_int(&srv, "SELECT COUNT(*) FROM feedback_given",
	                            NULL);
	int64_t entered = audits("feedback.paper.enter");
	r = paper(eva, plan, mid, "Bra att min syster fick vara med.");
	ht_assert_status(r, 303);
	/* The redirect names the form again, nothing of the answer. */
	const char *loc = ht_header(r, "Location");
	ht_assert_contains(loc, "/feedback/paper?done=paper_entered");
	r = ht_get(eva, loc);
	ht_assert_contains(r->body, "Svaren från blanketten är sparade");
	ht_assert_not_contains(r->body, "min syster");
	/* Two forms for one meeting: both stored. */
	ht_assert_status(paper(eva, plan, mid, ""), 303);
	assert_int_equal(ht_sql_int(&srv, "SELECT COUNT(*) FROM feedback_answer",
	                            NULL), answers + 2);
	assert_int_equal(ht_sql_int(&srv, "SELECT COUNT(*) FROM feedback_given",
	                            NULL), givens);
	/* As a digital answer: the lead unit's principal, the meeting's
	 * week, a random key; channel paper. */
	const char *where = " FROM feedback_answer WHERE free_text ="
	                    " 'Bra att min syster fick vara med.'";
	assert_int_equal(ht_sql_int(&srv, ht_fmt(&srv, "SELECT COUNT(*)%s AND"
	                                         " channel = 'paper' AND"
	                                         " iso_week = '2026-W36'", where),
	                            NULL), 1);
	assert_int_equal(ht_sql_int(&srv, ht_fmt(&srv, "SELECT principal_id%s",
	                                         where), NULL),
	                 ht_sql_int(&srv, "SELECT u.principal_id FROM plan p JOIN"
	                            " unit u ON u.id = p.lead_unit_id WHERE"
	                            " p.id = ?", num(plan)));
	assert_int_equal(ht_sql_int(&srv, ht_fmt(&srv, "SELECT LENGTH(id)%s",
	                                         where), NULL), 32);
	assert_int_equal(ht_sql_int(&srv, ht_fmt(&srv, "SELECT listened * 1000 +"
	                                         " understood * 100 +"
	                                         " said_what_mattered * 10 +"
	                                         " prepared%s", where), NULL),
	                 3410);
	/* The audit records name the plan and nothing of the answer. */
	assert_int_equal(audits("feedback.paper.enter"), entered + 2);
	assert_int_equal(ht_sql_int(&srv, "SELECT COUNT(*) FROM audit_log WHERE"
	                            " action = 'feedback.paper.enter' AND"
	                            " plan_id = ? AND detail IS NULL", num(plan)),
	                 entered + 2);
	assert_int_equal(ht_sql_int(&srv, "SELECT COUNT(*) FROM audit_log WHERE"
	                            " detail LIKE '%syster%'", NULL), 0);
	/* The API: 201, no id. */
	struct ht_client *eva_api = api_client("eva");
	json_t *j = ht_api_post(eva_api, api(plan, mid, "/paper-feedback"),
	                        json_pack("{s:i, s:i, s:i, s:i}", "listened", 4,
	                                  "understood", 4, "said_what_mattered", 4,
	                                  "prepared", 4),
	                        201);
	assert_null(json_object_get(j, "id"));
	ht_assert_contains(ht_jstr(j, "channel"), "paper");
	json_decref(j);
	/* /feedback counts them by channel. */
	r = ht_get(eva, "/feedback");
	ht_assert_page(r, 200);
	ht_assert_contains(r->body, "Inskrivna från pappersblankett: 3");
	ht_client_free(eva);
	ht_client_free(eva_api);
}

static void test_only_the_lead_may_enter_paper(void **state)
{
	(void)state;
	int64_t plan = anna_plan(), mid = held_meeting(plan);
	/* bo and sara see the plan, but do not lead it. */
	const char *users[] = {"bo", "sara"};
	struct ht_client *c[2], *capi[2];
	for (int i = 0; i < 2; i++) {
		c[i] = login(users[i]);
		capi[i] = api_client(users[i]);
	}
	struct ht_snapshot snap;
	ht_snapshot_take(&srv, &snap);
	for (int i = 0; i < 2; i++) {
		const struct ht_response *r = ht_get(c[i], page(plan, mid,
		                                                "/feedback/paper"));
		ht_assert_html(r, 403);
		ht_assert_contains(r->body, "leder planen");
		ht_assert_html(paper(c[i], plan, mid, "x"), 403);
		json_decref(ht_api_post(capi[i], api(plan, mid, "/paper-feedback"),
		                        json_pack("{s:i, s:i, s:i, s:i}", "listened",
		                                  4, "understood", 4,
		                                  "said_what_mattered", 4,
		                                  "prepared", 4),
		                        403));
	}
	ht_assert_unchanged(&srv, &snap);
	for (int i = 0; i < 2; i++) {
		ht_client_free(c[i]);
		ht_client_free(capi[i]);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_give_change_and_a_colleagues_own),
		cmocka_unit_test(test_refused_for_a_meeting_not_held_or_cancelled),
		cmocka_unit_test(test_units_not_at_the_meeting),
		cmocka_unit_test(test_every_field_is_validated),
		cmocka_unit_test(test_the_unit_is_chosen_when_there_are_several),
		cmocka_unit_test(test_paper_feedback_has_no_link_to_the_plan),
		cmocka_unit_test(test_only_the_lead_may_enter_paper),
	};
	return cmocka_run_group_tests(tests, up, down);
}
