/*
 * test_scaleout.c — two `samplan serve` processes on one PostgreSQL
 * database, as behind a load balancer: everything that must hold
 * between requests lives in the database, so either instance can answer
 * any request.
 *
 *   - a plan written through one instance is read through the other;
 *   - a session made by logging in on one works on the other (its CSRF
 *     token too), and logging out on either ends it on both;
 *   - login throttling counts failures made on both instances;
 *   - both instances append to one audit hash chain that verifies.
 *
 * PostgreSQL only: SQLite serves one machine, so the suite reports its
 * tests as skipped (TAP "# SKIP") on SQLite. Each test uses users of its
 * own where it makes logins fail, so the per-username throttle of one
 * test never touches another.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <jansson.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"

static struct ht_server a, b; /* a starts on a fresh database, b joins it */

static int group_setup(void **state)
{
	(void)state;
	if (ht_backend() != DB_POSTGRESQL)
		return 0;
	if (!ht_server_start(&a, &(struct ht_server_opts){.demo = true}))
		return -1;
	return ht_server_start(&b, &(struct ht_server_opts){.db_url = a.db_url})
	               ? 0
	               : -1;
}

static int group_teardown(void **state)
{
	(void)state;
	if (ht_backend() != DB_POSTGRESQL)
		return 0;
	int sb = ht_server_stop(&b);
	int sa = ht_server_stop(&a);
	return sa == 0 && sb == 0 ? 0 : -1;
}

static void need_postgresql(void)
{
	if (ht_backend() != DB_POSTGRESQL)
		skip();
}

/* ---- helpers ---- */

static json_t *json_of(const struct ht_response *r, long status)
{
	ht_assert_status(r, status);
	return ht_json(r);
}

static json_t *post(struct ht_client *c, const char *path, json_t *body,
                    long status)
{
	return json_of(ht_post_jansson(c, path, body), status);
}

/* A client of server s logged in with another client's session: the
 * same browser, sent to the other instance by the load balancer. */
static struct ht_client *same_browser(struct ht_server *s,
                                      struct ht_client *from)
{
	struct ht_client *c = ht_client_new(s);
	const char *cookie = ht_cookie(from, "samplan_session");
	assert_non_null(cookie);
	ht_cookie_put(c, "samplan_session", cookie);
	return c;
}

/* ---- tests ---- */

/* The API token, the plan and every step are in the database: written
 * through one instance, read (and continued) through the other. */
static void test_plan_across_instances(void **state)
{
	(void)state;
	need_postgresql();
	const char *token = ht_token_create(&a, "eva");
	struct ht_client *on_a = ht_client_new(&a);
	struct ht_client *on_b = ht_client_new(&b);
	ht_client_bearer(on_a, token);
	ht_client_bearer(on_b, token);

	json_t *p = post(on_a, "/api/v1/persons",
	                 json_pack("{s:s, s:s, s:s}", "personnummer",
	                           "19991231-2387", "given_name", "Alva",
	                           "family_name", "Skala"), 201);
	int64_t person = json_integer_value(json_object_get(p, "id"));
	json_decref(p);
	/* Found on b. */
	p = json_of(ht_get(on_b, "/api/v1/persons?personnummer=199912312387"),
	            200);
	assert_int_equal(json_integer_value(json_object_get(p, "id")), person);
	json_decref(p);

	int64_t region = ht_sql_int(&a, "SELECT id FROM principal WHERE name = ?",
	                            "Region Dalarna");
	p = post(on_b, "/api/v1/plans",
	         json_pack("{s:I, s:s, s:s, s:[I]}", "person_id",
	                   (json_int_t)person, "initiated_by", "professional",
	                   "need_professional", "Samordning behövs.",
	                   "principal_ids", (json_int_t)region), 201);
	int64_t id = json_integer_value(json_object_get(p, "id"));
	json_decref(p);
	char path[64];
	snprintf(path, sizeof path, "/api/v1/plans/%lld", (long long)id);

	/* Read on a what b wrote; the next step on a; read again on b. */
	p = json_of(ht_get(on_a, path), 200);
	assert_string_equal(json_string_value(json_object_get(p, "state")),
	                    "need_assessed");
	json_decref(p);
	char step[96];
	snprintf(step, sizeof step, "%s/decline", path);
	json_decref(post(on_a, step, json_pack("{s:s, s:s}", "cause",
	                                       "one_principal", "reason",
	                                       "Behovet kan mötas av regionen."),
	                 200));
	p = json_of(ht_get(on_b, path), 200);
	assert_string_equal(json_string_value(json_object_get(p, "state")),
	                    "declined");
	assert_string_equal(json_string_value(json_object_get(p,
	                                                      "declined_reason")),
	                    "Behovet kan mötas av regionen.");
	assert_int_equal(json_array_size(json_object_get(p, "history")), 2);
	json_decref(p);
	/* b refuses what a moved on: the state is shared, not cached. */
	const struct ht_response *r = ht_post_json(on_b, step,
		"{\"cause\":\"other\",\"reason\":\"Igen\"}", NULL);
	ht_assert_status(r, 409);
	ht_assert_contains(r->body, "\"current_state\":\"declined\"");

	/* Both instances audit their reads in the same log, before they
	 * answer. */
	const char *reads = "SELECT COUNT(*) FROM audit_log WHERE"
	                    " action = 'plan.read' AND plan_id = ?";
	char plan_id[32];
	snprintf(plan_id, sizeof plan_id, "%lld", (long long)id);
	int64_t before = ht_sql_int(&a, reads, plan_id);
	ht_assert_status(ht_get(on_a, path), 200);
	assert_int_equal(ht_sql_int(&b, reads, plan_id), before + 1);
	ht_assert_status(ht_get(on_b, path), 200);
	assert_int_equal(ht_sql_int(&a, reads, plan_id), before + 2);

	/* The demo plan, as a page, on both. */
	struct ht_client *web = ht_client_new(&a);
	assert_true(ht_login(web, "eva", HT_DEMO_PASSWORD));
	struct ht_client *web_b = same_browser(&b, web);
	r = ht_get(web_b, "/plans/1");
	ht_assert_status(r, 200);
	ht_assert_contains(r->body, "KBT-behandling samtal X gånger/vecka");
	ht_client_free(web_b);
	ht_client_free(web);
	ht_client_free(on_a);
	ht_client_free(on_b);
}

/* A session is a row, not a process's memory: made on one instance, it
 * works on the other — with the same CSRF token — and logging out on
 * either ends it everywhere. */
static void test_session_across_instances(void **state)
{
	(void)state;
	need_postgresql();
	for (int round = 0; round < 2; round++) {
		/* Round 0: in on a, out on b. Round 1: in on b, out on a. */
		struct ht_server *in = round ? &b : &a, *out = round ? &a : &b;
		struct ht_client *first = ht_client_new(in);
		assert_true(ht_login(first, "bo", HT_DEMO_PASSWORD));
		struct ht_client *second = same_browser(out, first);
		const struct ht_response *r = ht_get(second, "/");
		ht_assert_status(r, 200);
		ht_assert_contains(r->body, "Bo Berg");
		const char *csrf = ht_csrf(first);
		assert_non_null(csrf);
		assert_string_equal(ht_csrf(second), csrf);
		/* A form post on the other instance with the token made on
		 * the first. */
		r = ht_post_form(second, "/language", "lang", "en", "csrf_token",
		                 csrf, "next", "/account", NULL);
		ht_assert_status(r, 303);
		assert_string_equal(ht_sql_text(&a, "SELECT lang FROM user_account"
		                                    " WHERE username = ?", "bo"),
		                    "en");
		r = ht_post_form(second, "/language", "lang", "sv", "csrf_token",
		                 csrf, NULL);
		ht_assert_status(r, 303);
		/* Log out on the other instance. */
		r = ht_post_form(second, "/logout", "csrf_token", csrf, NULL);
		ht_assert_status(r, 303);
		assert_string_equal(r->location, "/login?done=logged_out");
		/* Ended on both: the first instance's browser is sent to
		 * the login page, its API calls are 401. */
		r = ht_get(first, "/");
		ht_assert_status(r, 303);
		assert_string_equal(r->location, "/login?next=/");
		ht_assert_status(ht_get(first, "/api/v1/me"), 401);
		struct ht_client *third = same_browser(in, first);
		ht_assert_status(ht_get(third, "/account"), 303);
		ht_client_free(third);
		ht_client_free(second);
		ht_client_free(first);
	}
}

/* Failed logins count on both instances together: 3 on a and 2 on b
 * are the five that lock the name, and the next try on either waits. */
static void test_throttling_across_instances(void **state)
{
	(void)state;
	need_postgresql();
	ht_user_create(&a, "scaleout-throttled", NULL);
	struct ht_client *on_a = ht_client_new(&a);
	struct ht_client *on_b = ht_client_new(&b);
	for (int i = 0; i < 3; i++)
		ht_assert_status(ht_login_response(on_a, "scaleout-throttled",
		                                 "fel lösenord"), 401);
	ht_assert_status(ht_login_response(on_b, "scaleout-throttled",
	                                   "fel lösenord"), 401);
	/* The fifth failure, on b, locks the name. */
	const struct ht_response *r = ht_login_response(on_b, "scaleout-throttled",
	                                                "fel lösenord");
	ht_assert_status(r, 429);
	assert_int_equal(ht_sql_int(&a, "SELECT failures FROM login_backoff"
	                                " WHERE scope = 'pair' AND username = ?",
	                            "scaleout-throttled"), 5);
	/* The next try on either waits, even with the right password. */
	for (int i = 0; i < 2; i++) {
		struct ht_client *c = i ? on_b : on_a;
		r = ht_login_response(c, "scaleout-throttled", HT_DEMO_PASSWORD);
		ht_assert_status(r, 429);
		assert_non_null(ht_header(r, "Retry-After"));
		assert_true(atoi(ht_header(r, "Retry-After")) > 0);
		ht_assert_contains(r->body, "För många misslyckade inloggningar");
		assert_null(ht_cookie(c, "samplan_session"));
	}
	assert_int_equal(ht_sql_int(&b, "SELECT COUNT(*) FROM login_session s"
	                                " JOIN user_account u ON u.id = s.user_id"
	                                " WHERE u.username = ?",
	                            "scaleout-throttled"), 0);
	/* Another user is not held up on either. */
	struct ht_client *other = ht_client_new(&b);
	assert_true(ht_login(other, "sara", HT_DEMO_PASSWORD));
	ht_client_free(other);
	/* Once the wait is over (shortened here), the right password works
	 * on either, and the count starts again. */
	assert_int_equal(ht_sql_exec(&a, "UPDATE login_backoff SET locked_until = 1"
	                                 " WHERE scope = 'pair' AND username = ?",
	                             "scaleout-throttled"), 1);
	assert_true(ht_login(on_b, "scaleout-throttled", HT_DEMO_PASSWORD));
	assert_int_equal(ht_sql_int(&a, "SELECT COUNT(*) FROM login_backoff"
	                                " WHERE scope = 'pair' AND username = ?",
	                            "scaleout-throttled"), 0);
	ht_client_free(on_a);
	ht_client_free(on_b);
}

/* Reads (each instance's group writer) and logins (a write transaction
 * with its record) on both instances at once: one chain, every record
 * in it, `samplan audit verify` content. */
struct load {
	struct ht_client *api;  /* eva's token, on one instance */
	struct ht_client *web;  /* for logins, on the same instance */
	int failures;
};

static void *load_main(void *arg)
{
	struct load *l = arg;
	for (int i = 0; i < 30; i++) {
		if (ht_get(l->api, "/api/v1/plans/1")->status != 200)
			l->failures++;
		if (i % 10 == 0) {
			ht_cookies_clear(l->web);
			if (!ht_login(l->web, "eva", HT_DEMO_PASSWORD))
				l->failures++;
		}
	}
	return NULL;
}

static void test_audit_chain_across_instances(void **state)
{
	(void)state;
	need_postgresql();
	enum { THREADS = 4 };
	struct load loads[THREADS];
	pthread_t t[THREADS];
	const char *token = ht_token_create(&a, "eva");
	for (int i = 0; i < THREADS; i++) {
		struct ht_server *s = i % 2 ? &b : &a;
		loads[i] = (struct load){ht_client_new(s), ht_client_new(s), 0};
		ht_client_bearer(loads[i].api, token);
	}
	int64_t before = ht_sql_int(&a, "SELECT COUNT(*) FROM audit_log", NULL);
	for (int i = 0; i < THREADS; i++)
		assert_int_equal(pthread_create(&t[i], NULL, load_main, &loads[i]), 0);
	for (int i = 0; i < THREADS; i++)
		pthread_join(t[i], NULL);
	for (int i = 0; i < THREADS; i++) {
		assert_int_equal(loads[i].failures, 0);
		ht_client_free(loads[i].api);
		ht_client_free(loads[i].web);
	}
	int64_t after = ht_sql_int(&a, "SELECT COUNT(*) FROM audit_log", NULL);
	assert_true(after >= before + THREADS * (30 + 3));
	/* One line: seq 1..after without gaps, the head at the end. */
	assert_int_equal(ht_sql_int(&a, "SELECT COUNT(DISTINCT seq) FROM audit_log",
	                            NULL), after);
	assert_int_equal(ht_sql_int(&a, "SELECT MAX(seq) FROM audit_log", NULL),
	                 after);
	assert_int_equal(ht_sql_int(&a, "SELECT seq FROM audit_chain_head", NULL),
	                 after);
	/* Serialised, not merely kept apart by the unique seq: no append
	 * failed and had to be retried. */
	for (int i = 0; i < 2; i++) {
		const char *log = ht_server_log(i ? &b : &a, 400);
		if (log && strstr(log, "audit:"))
			fail_msg("an audit append failed: %s", log);
	}
	char *out = NULL;
	assert_int_equal(ht_samplan(&a, &out, "audit", "verify", NULL), 0);
	char want[96];
	snprintf(want, sizeof want, "audit log intact: %lld records checked",
	         (long long)after);
	ht_assert_contains(out, want);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_plan_across_instances),
		cmocka_unit_test(test_session_across_instances),
		cmocka_unit_test(test_throttling_across_instances),
		cmocka_unit_test(test_audit_chain_across_instances),
	};
	if (ht_backend() != DB_POSTGRESQL)
		fprintf(stderr, "test_scaleout: PostgreSQL only; skipped on "
		                "SQLite\n");
	return cmocka_run_group_tests_name("scaleout", tests, group_setup,
	                                   group_teardown);
}
