/*
 * test_citizen.c — the door of the individual's own samplan: one-time
 * codes, citizen sessions, who sees which plans on the start page, and
 * that a citizen and a staff user can never be taken for each other.
 *
 * Demo people: Anna Andersson 19990315-2388 (an established plan; her
 * sister Elena 19970822-2386 a relative she shares it with), Liam
 * Karlsson 20110604-4520 (15; guardians Maria 19800101-2346 and Johan
 * 19790512-3381).
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
#define LIAM "201106044520"
#define MARIA "198001012346"
#define JOHAN "197905123381"
#define SVEN "195209073187"

static struct ht_server srv;

static int up(void **state)
{
	(void)state;
	static const char *const args[] = {
		"--trusted-proxy", "127.0.0.1", "--citizen-auth-header",
		"X-Citizen-Personnummer", NULL};
	return ht_server_start(&srv, &(struct ht_server_opts){
		.demo = true, .args = args}) ? 0 : -1;
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

/* The start page of a freshly signed-in citizen. */
static const char *home_of(struct ht_client *c, const char *pnr)
{
	assert_true(ht_citizen_sign_in(c, pnr));
	const struct ht_response *r = ht_get(c, "/citizen");
	ht_assert_page(r, 200);
	return r->body;
}

static void test_anna_signs_in_and_sees_her_plan(void **state)
{
	(void)state;
	struct ht_client *c = ht_client_new(&srv);
	const char *body = home_of(c, ANNA);
	ht_assert_contains(body, "Mina planer");
	ht_assert_contains(body, "Din plan");
	ht_assert_contains(body, "Planen gäller.");
	ht_assert_contains(body, ht_fmt(&srv, "/citizen/plans/%lld",
	                                (long long)plan_of(ANNA)));
	ht_assert_contains(body, "Logga ut");
	/* Her sign-in and her reading are in the audit log as hers: the
	 * citizen's session, no user. */
	int64_t session = ht_sql_int(&srv, "SELECT MAX(id) FROM citizen_session"
	                             " WHERE personnummer = ?", ANNA);
	const char *detail = ht_fmt(&srv, "citizen:%lld code",
	                            (long long)session);
	assert_int_equal(ht_sql_int(&srv, "SELECT COUNT(*) FROM audit_log WHERE"
	                            " action = 'citizen.login' AND user_id IS"
	                            " NULL AND detail = ?", detail), 1);
	assert_true(ht_sql_int(&srv, "SELECT COUNT(*) FROM audit_log WHERE"
	                       " action = 'citizen.plans.list' AND detail = ?",
	                       ht_fmt(&srv, "citizen:%lld",
	                              (long long)session)) >= 1);
	ht_client_free(c);
}

static void test_code_is_single_use_and_expires(void **state)
{
	(void)state;
	const char *code = ht_citizen_code(&srv, ANNA);
	struct ht_client *a = ht_client_new(&srv);
	const struct ht_response *r = ht_citizen_sign_in_response(a, code);
	ht_assert_status(r, 303);
	ht_client_free(a);

	/* The same code again: refused, with words that say what to do,
	 * and no session made. */
	struct ht_client *b = ht_client_new(&srv);
	int64_t sessions = ht_sql_int(&srv, "SELECT COUNT(*) FROM"
	                              " citizen_session", NULL);
	r = ht_citizen_sign_in_response(b, code);
	ht_assert_html(r, 422);
	ht_assert_contains(r->body, "Koden fungerar inte");
	assert_null(ht_set_cookie(r, "samplan_citizen"));
	assert_int_equal(ht_sql_int(&srv, "SELECT COUNT(*) FROM citizen_session",
	                            NULL), sessions);

	/* Written in lower case with spaces: the same code. An expired one
	 * does not work. */
	const char *fresh = ht_citizen_code(&srv, ANNA);
	char typed[32];
	size_t k = 0;
	for (const char *p = fresh; *p && k + 2 < sizeof typed; p++)
		typed[k++] = *p == '-' ? ' ' : (char)(*p | 0x20);
	typed[k] = '\0';
	ht_sql_exec(&srv, "UPDATE citizen_code SET expires_at = 1 WHERE"
	            " used_at IS NULL AND personnummer = ?", ANNA);
	r = ht_citizen_sign_in_response(b, typed);
	ht_assert_html(r, 422);
	const char *good = ht_citizen_code(&srv, ANNA);
	for (k = 0; good[k]; k++)
		typed[k] = good[k] == '-' ? ' ' : (char)(good[k] | 0x20);
	typed[k] = '\0';
	r = ht_citizen_sign_in_response(b, typed);
	ht_assert_status(r, 303);
	/* Only a hash is stored. */
	assert_int_equal(ht_sql_int(&srv, "SELECT COUNT(*) FROM citizen_code"
	                            " WHERE code_hash = ?", good), 0);
	ht_client_free(b);
}

static void forget_failures(void)
{
	ht_sql_exec(&srv, "DELETE FROM login_backoff WHERE username = ?",
	            "#citizen-code");
	ht_sql_exec(&srv, "DELETE FROM login_backoff WHERE username = ?", "");
}

static void test_wrong_codes_are_throttled(void **state)
{
	(void)state;
	forget_failures();
	struct ht_client *c = ht_client_new(&srv);
	const struct ht_response *r = NULL;
	int refused = 0;
	for (int i = 0; i < 8; i++) {
		r = ht_citizen_sign_in_response(c, "AAAA-BBBB-CCCC");
		if (r->status == 429) {
			refused = i;
			break;
		}
		ht_assert_html(r, 422);
	}
	assert_int_equal(r->status, 429);
	assert_true(refused >= 4);
	assert_non_null(ht_header(r, "Retry-After"));
	ht_assert_contains(r->body, "Vänta");
	/* While throttled even a right code is not looked at. */
	r = ht_citizen_sign_in_response(c, ht_citizen_code(&srv, ANNA));
	ht_assert_status(r, 429);
	forget_failures();
	ht_client_free(c);
}

static void test_sign_in_form_needs_its_own_token(void **state)
{
	(void)state;
	struct ht_client *c = ht_client_new(&srv);
	const struct ht_response *r = ht_post_form(
		c, "/citizen/sign-in", "code", ht_citizen_code(&srv, ANNA), NULL);
	ht_assert_html(r, 403);
	assert_null(ht_set_cookie(r, "samplan_citizen"));
	ht_client_free(c);
}

/* Sven asked for a SIP and was refused one: his page says why, in the
 * words of the list, not in the professional's own. */
static void test_a_declined_sip_says_why(void **state)
{
	(void)state;
	struct ht_client *c = ht_client_new(&srv);
	home_of(c, SVEN);
	const struct ht_response *r = ht_get(c, ht_fmt(&srv, "/citizen/plans/%lld",
	                                               (long long)plan_of(SVEN)));
	ht_assert_page(r, 200);
	ht_assert_contains(r->body, "Ingen plan skrevs.");
	ht_assert_contains(r->body, "Varför du inte får en SIP: Insatserna ges "
	                            "av en huvudman.");
	ht_assert_not_contains(r->body, "inget behov av samordning med kommunen");
	ht_client_free(c);
}

static void test_who_sees_which_plan(void **state)
{
	(void)state;
	struct ht_client *c = ht_client_new(&srv);
	/* Elena: Anna shares the plan with her. */
	const char *body = home_of(c, ELENA);
	ht_assert_contains(body, "Planen för Anna Andersson");
	ht_assert_contains(body, "Delad med dig som närstående");
	ht_client_free(c);

	/* Each guardian of Liam, on their own sign-in. */
	c = ht_client_new(&srv);
	body = home_of(c, MARIA);
	ht_assert_contains(body, "Planen för Liam Karlsson");
	ht_assert_contains(body, "Du är vårdnadshavare");
	ht_client_free(c);
	c = ht_client_new(&srv);
	body = home_of(c, JOHAN);
	ht_assert_contains(body, "Planen för Liam Karlsson");
	ht_client_free(c);

	/* Liam himself, 15: his own plan. */
	c = ht_client_new(&srv);
	body = home_of(c, LIAM);
	ht_assert_contains(body, "Din plan");
	ht_assert_not_contains(body, "Anna");
	ht_client_free(c);

	/* A professional recorded why Liam should not read it: he sees
	 * none, his guardians still do. */
	ht_sql_exec(&srv, "UPDATE person SET own_reading_refused = 'Skäl'"
	            " WHERE personnummer = ?", LIAM);
	c = ht_client_new(&srv);
	body = home_of(c, LIAM);
	ht_assert_contains(body, "Du har ingen plan i samplan just nu.");
	ht_assert_not_contains(body, "/citizen/plans/");
	ht_client_free(c);
	c = ht_client_new(&srv);
	ht_assert_contains(home_of(c, MARIA), "Planen för Liam Karlsson");
	ht_client_free(c);
	ht_sql_exec(&srv, "UPDATE person SET own_reading_refused = NULL"
	            " WHERE personnummer = ?", LIAM);

	/* Anna stops sharing with Elena: Elena sees nothing, not even that
	 * there is a plan. */
	ht_sql_exec(&srv, "UPDATE related_person SET may_read_plan = 0"
	            " WHERE personnummer = ?", ELENA);
	c = ht_client_new(&srv);
	body = home_of(c, ELENA);
	ht_assert_contains(body, "Du har ingen plan i samplan just nu.");
	ht_assert_not_contains(body, "Anna");
	ht_client_free(c);
	ht_sql_exec(&srv, "UPDATE related_person SET may_read_plan = 1"
	            " WHERE personnummer = ?", ELENA);
}

static void test_guardianship_ends_at_eighteen(void **state)
{
	(void)state;
	/* Make Liam 18 today: his guardians lose the plan, he keeps it. */
	const char *old = ht_sql_text(&srv, "SELECT birth_date FROM person"
	                              " WHERE personnummer = ?", LIAM);
	ht_sql_exec(&srv, ht_fmt(&srv, "UPDATE person SET birth_date = '%s'"
	                         " WHERE personnummer = ?",
	                         ht_date_in(&srv, -(18 * 366))), LIAM);
	struct ht_client *c = ht_client_new(&srv);
	ht_assert_contains(home_of(c, MARIA),
	                   "Du har ingen plan i samplan just nu.");
	ht_client_free(c);
	c = ht_client_new(&srv);
	ht_assert_contains(home_of(c, LIAM), "Din plan");
	ht_client_free(c);
	ht_sql_exec(&srv, ht_fmt(&srv, "UPDATE person SET birth_date = '%s'"
	                         " WHERE personnummer = ?", old), LIAM);
}

static void test_codes_only_for_people_samplan_knows(void **state)
{
	(void)state;
	char *out = NULL;
	/* Nobody in samplan has this personnummer. */
	int rc = ht_samplan(&srv, &out, "citizen", "code",
	                    ht_pnr("19620101", 123), NULL);
	assert_int_not_equal(rc, 0);
	assert_int_equal(ht_sql_int(&srv, "SELECT COUNT(*) FROM citizen_code"
	                            " WHERE personnummer = ?",
	                            ht_pnr("19620101", 123)), 0);
	rc = ht_samplan(&srv, &out, "citizen", "code", "19990315-2389", NULL);
	assert_int_not_equal(rc, 0);
}

static void test_citizen_and_staff_never_mix(void **state)
{
	(void)state;
	int64_t plan = plan_of(ANNA);
	/* A citizen's cookie is not a staff session: staff pages send it to
	 * the staff login, the API says 401. */
	struct ht_client *c = ht_client_new(&srv);
	assert_true(ht_citizen_sign_in(c, ANNA));
	const char *token = ht_cookie(c, "samplan_citizen");
	struct ht_client *x = ht_client_new(&srv);
	ht_cookie_put(x, "samplan_session", token);
	const struct ht_response *r =
		ht_get(x, ht_fmt(&srv, "/plans/%lld", (long long)plan));
	ht_assert_status(r, 303);
	ht_assert_contains(r->location, "/login");
	r = ht_get(x, "/api/v1/me");
	ht_assert_status(r, 401);
	ht_client_free(x);

	/* A staff session is not a citizen: /citizen shows the sign-in
	 * page, and a citizen-only page sends it there. */
	struct ht_client *eva = ht_logged_in(&srv, "eva");
	r = ht_get(eva, "/citizen");
	ht_assert_page(r, 200);
	ht_assert_contains(r->body, "signin_csrf");
	ht_assert_not_contains(r->body, "Mina planer</h1>");
	struct ht_client *y = ht_client_new(&srv);
	ht_cookie_put(y, "samplan_citizen", ht_cookie(eva, "samplan_session"));
	r = ht_get(y, "/citizen");
	ht_assert_contains(r->body, "signin_csrf");
	ht_client_free(y);
	ht_client_free(eva);

	/* Signing out needs the session's own CSRF token, and ends it on the
	 * server. */
	r = ht_post_form(c, "/citizen/sign-out", NULL);
	ht_assert_status(r, 403);
	const char *csrf = ht_citizen_csrf(c);
	assert_non_null(csrf);
	r = ht_post_form(c, "/citizen/sign-out", "csrf_token", csrf, NULL);
	ht_assert_status(r, 303);
	struct ht_client *z = ht_client_new(&srv);
	ht_cookie_put(z, "samplan_citizen", token);
	r = ht_get(z, "/citizen");
	ht_assert_contains(r->body, "signin_csrf");
	ht_client_free(z);
	ht_client_free(c);
}

static void test_e_legitimation_through_the_proxy(void **state)
{
	(void)state;
	/* The region's proxy names Anna by personnummer: she is signed in,
	 * and the session it made carries the forms' CSRF token. */
	struct ht_client *c = ht_client_new(&srv);
	static const char *const anna[] = {
		"X-Citizen-Personnummer: 19990315-2388", NULL};
	const struct ht_response *r = ht_request(
		c, &(struct ht_request){.path = "/citizen", .headers = anna});
	ht_assert_page(r, 200);
	ht_assert_contains(r->body, "Din plan");
	assert_non_null(ht_set_cookie(r, "samplan_citizen"));
	assert_int_equal(ht_sql_int(&srv, "SELECT COUNT(*) FROM citizen_session"
	                            " WHERE personnummer = ? AND how = 'proxy'",
	                            ANNA), 1);
	/* The next request for the same person keeps that session. */
	r = ht_request(c, &(struct ht_request){.path = "/citizen",
	                                       .headers = anna});
	assert_null(ht_set_cookie(r, "samplan_citizen"));
	/* A change with the header but without the session's token is
	 * refused. */
	struct ht_client *d = ht_client_new(&srv);
	r = ht_request(d, &(struct ht_request){
		.method = "POST", .path = "/citizen/sign-out",
		.content_type = "application/x-www-form-urlencoded",
		.body = "x=1", .headers = anna});
	ht_assert_status(r, 403);
	/* The citizen header means nothing on a staff page. */
	r = ht_request(d, &(struct ht_request){.path = "/", .headers = anna});
	ht_assert_status(r, 303);
	ht_assert_contains(r->location, "/login");
	/* A header that is no personnummer: refused. */
	static const char *const bad[] = {"X-Citizen-Personnummer: 12345",
	                                  NULL};
	r = ht_request(d, &(struct ht_request){.path = "/citizen",
	                                       .headers = bad});
	ht_assert_html(r, 403);
	ht_client_free(d);
	ht_client_free(c);
}

static const char *plan_csrf(struct ht_client *c, int64_t plan)
{
	const struct ht_response *r =
		ht_get(c, ht_fmt(&srv, "/plans/%lld", (long long)plan));
	ht_assert_page(r, 200);
	return ht_form_value(c, r, "csrf_token");
}

static void test_coordinator_prints_the_letter_with_a_code(void **state)
{
	(void)state;
	int64_t plan = plan_of(ANNA);
	const char *path = ht_fmt(&srv, "/plans/%lld/citizen-letter",
	                          (long long)plan);
	int64_t before = ht_sql_int(&srv, "SELECT COUNT(*) FROM citizen_code"
	                            " WHERE personnummer = ?", ANNA);
	struct ht_client *eva = ht_logged_in(&srv, "eva");
	const char *csrf = plan_csrf(eva, plan);
	const struct ht_response *page =
		ht_get(eva, ht_fmt(&srv, "/plans/%lld", (long long)plan));
	ht_assert_contains(page->body, "Min SIP för den enskilde");
	ht_assert_contains(page->body, "Elena Andersson</option>");
	const struct ht_response *r = ht_post_form(
		eva, path, "csrf_token", csrf, "recipient", "individual",
		"lang", "en", NULL);
	ht_assert_status(r, 200);
	ht_assert_contains(r->content_type, "application/pdf");
	assert_memory_equal(r->body, "%PDF-", 5);
	ht_assert_contains(ht_header(r, "Cache-Control"), "no-store");
	assert_int_equal(ht_sql_int(&srv, "SELECT COUNT(*) FROM citizen_code"
	                            " WHERE personnummer = ?", ANNA), before + 1);
	assert_int_equal(ht_sql_int(&srv, "SELECT created_by FROM citizen_code"
	                            " WHERE id = (SELECT MAX(id) FROM"
	                            " citizen_code)", NULL),
	                 ht_user_id(&srv, "eva"));
	/* Nobody the plan is not shared with, nothing made. */
	r = ht_post_form(eva, path, "csrf_token", csrf, "recipient",
	                 "related-999999", NULL);
	ht_assert_html(r, 422);
	ht_assert_contains(r->body, "Välj vem brevet är till");
	ht_client_free(eva);

	/* A unit that takes part but does not lead: no letter, no code. */
	struct ht_client *bo = ht_logged_in(&srv, "bo");
	r = ht_post_form(bo, path, "csrf_token", plan_csrf(bo, plan),
	                 "recipient", "individual", NULL);
	ht_assert_html(r, 403);
	assert_int_equal(ht_sql_int(&srv, "SELECT COUNT(*) FROM citizen_code"
	                            " WHERE personnummer = ?", ANNA), before + 1);
	ht_client_free(bo);
}

static void test_a_professional_can_refuse_a_childs_own_reading(void **state)
{
	(void)state;
	int64_t liam = ht_sql_int(&srv, "SELECT id FROM person WHERE"
	                          " personnummer = ?", LIAM);
	int64_t anna = ht_sql_int(&srv, "SELECT id FROM person WHERE"
	                          " personnummer = ?", ANNA);
	struct ht_client *karin = ht_logged_in(&srv, "karin");
	const char *path = ht_fmt(&srv, "/persons/%lld/own-reading",
	                          (long long)liam);
	const struct ht_response *page =
		ht_get(karin, ht_fmt(&srv, "/persons/%lld", (long long)liam));
	ht_assert_page(page, 200);
	ht_assert_contains(page->body, "kan läsa sin egen plan i Min SIP");
	const char *csrf = ht_form_value(karin, page, "csrf_token");
	/* A reason is required. */
	const struct ht_response *r = ht_post_form(
		karin, path, "csrf_token", csrf, "decision", "refuse", NULL);
	ht_assert_html(r, 422);
	assert_int_equal(ht_sql_int(&srv, "SELECT COUNT(*) FROM person WHERE"
	                            " own_reading_refused IS NOT NULL", NULL), 0);
	r = ht_post_form(karin, path, "csrf_token", csrf, "decision", "refuse",
	                 "own_reading_refused", "Planen tas upp med Liam "
	                 "tillsammans med kuratorn först.", NULL);
	ht_assert_status(r, 303);
	struct ht_client *c = ht_client_new(&srv);
	ht_assert_contains(home_of(c, LIAM),
	                   "Du har ingen plan i samplan just nu.");
	ht_client_free(c);
	r = ht_post_form(karin, path, "csrf_token", csrf, "decision", "allow",
	                 NULL);
	ht_assert_status(r, 303);
	c = ht_client_new(&srv);
	ht_assert_contains(home_of(c, LIAM), "Din plan");
	ht_client_free(c);
	assert_int_equal(ht_sql_int(&srv, "SELECT COUNT(*) FROM audit_log WHERE"
	                            " action = 'person.own_reading'", NULL), 2);
	/* Only for a child of 15-17: Anna is an adult. Eva may change her
	 * record, but there is nothing to refuse. */
	struct ht_client *eva = ht_logged_in(&srv, "eva");
	page = ht_get(eva, ht_fmt(&srv, "/persons/%lld", (long long)anna));
	ht_assert_not_contains(page->body, "own-reading");
	r = ht_post_form(eva, ht_fmt(&srv, "/persons/%lld/own-reading",
	                             (long long)anna),
	                 "csrf_token", ht_form_value(eva, page, "csrf_token"),
	                 "decision", "refuse", "own_reading_refused", "x", NULL);
	ht_assert_html(r, 409);
	ht_client_free(eva);
	ht_client_free(karin);
}

static void test_unknown_citizen_page_is_not_found(void **state)
{
	(void)state;
	struct ht_client *c = ht_client_new(&srv);
	const struct ht_response *r = ht_get(c, "/citizen/nothing-here");
	ht_assert_page(r, 404);
	ht_assert_contains(r->body, "Min SIP");
	ht_client_free(c);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_anna_signs_in_and_sees_her_plan),
		cmocka_unit_test(test_code_is_single_use_and_expires),
		cmocka_unit_test(test_wrong_codes_are_throttled),
		cmocka_unit_test(test_sign_in_form_needs_its_own_token),
		cmocka_unit_test(test_who_sees_which_plan),
		cmocka_unit_test(test_a_declined_sip_says_why),
		cmocka_unit_test(test_guardianship_ends_at_eighteen),
		cmocka_unit_test(test_codes_only_for_people_samplan_knows),
		cmocka_unit_test(test_citizen_and_staff_never_mix),
		cmocka_unit_test(test_e_legitimation_through_the_proxy),
		cmocka_unit_test(test_coordinator_prints_the_letter_with_a_code),
		cmocka_unit_test(test_a_professional_can_refuse_a_childs_own_reading),
		cmocka_unit_test(test_unknown_citizen_page_is_not_found),
	};
	return cmocka_run_group_tests(tests, up, down);
}
