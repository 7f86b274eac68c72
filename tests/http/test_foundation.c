/*
 * test_foundation.c — the foundation over real HTTP: /healthz, security
 * headers, login and sessions, throttling, CSRF, capabilities, API
 * tokens, limits (413, 414), malformed requests, 404/405, language.
 *
 * One server with the demo data serves most tests; tests that need a
 * database of their own, a dying database or a second process start
 * their own. Logins that fail use users made for that test, so the
 * per-username throttle of one test never touches another. Where a bad
 * input is refused, the test also shows the database did not change.
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
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "harness.h"
#include "sip/secret.h"

static struct ht_server srv;

static int group_setup(void **state)
{
	(void)state;
	return ht_server_start(&srv, &(struct ht_server_opts){.demo = true}) ? 0
	                                                                     : -1;
}

static int group_teardown(void **state)
{
	(void)state;
	/* Graceful shutdown: SIGTERM ends the server with status 0. */
	return ht_server_stop(&srv) == 0 ? 0 : -1;
}

/* ---- helpers ---- */

/* An RFC 9457 problem with this status, a detail and a title; returns
 * the parsed object (caller json_decref's). */
static json_t *assert_problem(const struct ht_response *r, long status)
{
	json_t *j = ht_assert_problem(r, status);
	assert_non_null(json_string_value(json_object_get(j, "title")));
	return j;
}

/* The headers every response carries; dynamic ones are never cached. */
static void assert_security_headers(const struct ht_response *r, bool dynamic)
{
	const char *csp = ht_header(r, "Content-Security-Policy");
	ht_assert_contains(csp, "default-src 'none'");
	ht_assert_contains(csp, "frame-ancestors 'none'");
	ht_assert_not_contains(csp, "script-src");
	ht_assert_not_contains(csp, "unsafe-inline");
	ht_assert_not_contains(csp, "unsafe-eval");
	assert_non_null(ht_header(r, "X-Content-Type-Options"));
	assert_string_equal(ht_header(r, "X-Content-Type-Options"), "nosniff");
	assert_non_null(ht_header(r, "Referrer-Policy"));
	assert_string_equal(ht_header(r, "Referrer-Policy"), "same-origin");
	if (dynamic) {
		assert_non_null(ht_header(r, "Cache-Control"));
		assert_string_equal(ht_header(r, "Cache-Control"), "no-store");
	}
	ht_assert_not_contains(r->body, "<script");
}

static int count_headers(const struct ht_response *r, const char *name)
{
	int n = 0;
	for (int i = 0; i < r->nheaders; i++)
		n += strcasecmp(r->header_names[i], name) == 0;
	return n;
}

static int64_t sessions_of(const char *username)
{
	return ht_sql_int(&srv, "SELECT COUNT(*) FROM login_session s JOIN"
	                        " user_account u ON u.id = s.user_id"
	                        " WHERE u.username = ?", username);
}

static const char *hash_of(const char *token)
{
	static struct arena a;
	if (!a.limit)
		arena_init(&a, 1 << 20);
	return secret_token_hash(&a, token);
}

/* A JSON body of exactly len bytes: {"name":"x...x"} padded with spaces. */
static char *json_of_size(size_t len)
{
	char *s = malloc(len + 1);
	assert_non_null(s);
	memset(s, ' ', len);
	memcpy(s, "{\"name\":\"x\"", 11);
	s[len - 1] = '}';
	s[len] = '\0';
	return s;
}

/* ---- /healthz ---- */

static void test_healthz(void **state)
{
	(void)state;
	struct ht_client *c = ht_client_new(&srv);
	const struct ht_response *r = ht_get(c, "/healthz");
	ht_assert_status(r, 200);
	assert_string_equal(r->content_type, "application/json");
	json_t *j = json_loads(r->body, 0, NULL);
	assert_non_null(j);
	assert_string_equal(json_string_value(json_object_get(j, "status")), "ok");
	assert_string_equal(json_string_value(json_object_get(j, "db")),
	                    srv.kind == DB_SQLITE ? "sqlite" : "postgresql");
	json_decref(j);
	assert_security_headers(r, true);
	ht_client_free(c);
}

/* The database really goes away under a running server: SQLite — the
 * directory of the file is removed before any worker opened it, so it
 * can be neither opened nor created; PostgreSQL — the database is
 * dropped, which also ends the server's connections. */
static void test_healthz_database_gone(void **state)
{
	(void)state;
	struct ht_server s;
	char url[1024], dir[512], path[600], dbname[64];
	struct db *admin = NULL;
	char err[512];
	if (ht_backend() == DB_SQLITE) {
		const char *tmp = getenv("TMPDIR");
		snprintf(dir, sizeof dir, "%s/gone-%d", tmp && *tmp ? tmp : "/tmp",
		         (int)getpid());
		snprintf(path, sizeof path, "%s/samplan.db", dir);
		snprintf(url, sizeof url, "sqlite:%s", path);
		assert_int_equal(mkdir(dir, 0700), 0);
		assert_true(ht_server_start(&s, &(struct ht_server_opts){
			.db_url = url, .threads = 1, .no_wait = true}));
		/* The harness's own connection keeps the file open; the
		 * server's worker has not opened it yet. */
		char side[700];
		unlink(path);
		snprintf(side, sizeof side, "%s-wal", path);
		unlink(side);
		snprintf(side, sizeof side, "%s-shm", path);
		unlink(side);
		assert_int_equal(rmdir(dir), 0);
	} else {
		const char *base = getenv("SAMPLAN_TEST_PG");
		admin = db_open(base, err, sizeof err);
		assert_non_null(admin);
		snprintf(dbname, sizeof dbname, "samplan_gone_%d", (int)getpid());
		char sql[256];
		snprintf(sql, sizeof sql, "DROP DATABASE IF EXISTS %s", dbname);
		assert_int_equal(db_exec(admin, sql), DB_OK);
		snprintf(sql, sizeof sql, "CREATE DATABASE %s", dbname);
		assert_int_equal(db_exec(admin, sql), DB_OK);
		/* The same server, another database: replace the path. */
		const char *slash = strrchr(base, '/');
		const char *query = strchr(slash, '?');
		snprintf(url, sizeof url, "%.*s/%s%s", (int)(slash - base), base,
		         dbname, query ? query : "");
		assert_true(ht_server_start(&s, &(struct ht_server_opts){
			.db_url = url, .threads = 1}));
		snprintf(sql, sizeof sql, "DROP DATABASE %s WITH (FORCE)", dbname);
		assert_int_equal(db_exec(admin, sql), DB_OK);
	}
	struct ht_client *c = ht_client_new(&s);
	const struct ht_response *r = ht_get(c, "/healthz");
	ht_assert_status(r, 503);
	json_t *j = json_loads(r->body, 0, NULL);
	assert_non_null(j);
	assert_string_equal(json_string_value(json_object_get(j, "status")),
	                    "unavailable");
	assert_string_equal(json_string_value(json_object_get(j, "db")),
	                    ht_backend() == DB_SQLITE ? "sqlite" : "postgresql");
	json_decref(j);
	assert_security_headers(r, true);
	/* Requests that need the database say so in words, and the
	 * server keeps answering. */
	ht_cookie_put(c, "samplan_session", "some-session");
	r = ht_get(c, "/account");
	ht_assert_page(r, 503);
	ht_assert_contains(r->body, "Databasen kan inte nås");
	ht_cookies_clear(c);
	ht_client_bearer(c, "sp_some-token");
	json_decref(assert_problem(ht_get(c, "/api/v1/me"), 503));
	ht_client_free(c);
	assert_int_equal(ht_server_stop(&s), 0);
	db_close(admin);
}

/* ---- security headers ---- */

static void test_security_headers(void **state)
{
	(void)state;
	struct ht_client *c = ht_client_new(&srv);
	const struct ht_response *page = ht_get(c, "/login");
	ht_assert_page(page, 200);
	assert_security_headers(page, true);
	assert_security_headers(ht_get(c, "/no/such/page"), true);
	assert_security_headers(ht_get(c, "/api/v1/no-such-thing"), true);
	assert_security_headers(ht_get(c, "/api/v1/me"), true); /* 401 */
	assert_security_headers(ht_get(c, "/"), true);          /* 303 */
	ht_client_bearer(c, ht_token_create(&srv, "eva"));
	const struct ht_response *api = ht_get(c, "/api/v1/me");
	ht_assert_status(api, 200);
	assert_security_headers(api, true);
	ht_client_bearer(c, NULL);

	/* Static files: the page links them with a content hash; they are
	 * cached for a year and revalidate by ETag. */
	const char *css = strstr(page->body, "/static/style.css?v=");
	assert_non_null(css);
	char url[128];
	snprintf(url, sizeof url, "%.*s", (int)strcspn(css, "\""), css);
	const struct ht_response *st = ht_get(c, url);
	ht_assert_status(st, 200);
	ht_assert_contains(st->content_type, "text/css");
	assert_security_headers(st, false);
	assert_int_equal(count_headers(st, "Cache-Control"), 1);
	ht_assert_contains(ht_header(st, "Cache-Control"), "max-age=31536000");
	ht_assert_contains(ht_header(st, "Cache-Control"), "immutable");
	const char *etag = ht_header(st, "ETag");
	assert_non_null(etag);
	assert_true(st->body_len > 100);
	char inm[200];
	snprintf(inm, sizeof inm, "If-None-Match: %s", etag);
	const char *h[] = {inm, NULL};
	const struct ht_response *again = ht_request(c, &(struct ht_request){
		.path = url, .headers = h});
	ht_assert_status(again, 304);
	assert_int_equal(again->body_len, 0);
	assert_security_headers(again, false);
	const char *stale[] = {"If-None-Match: \"0000\"", NULL};
	ht_assert_status(ht_request(c, &(struct ht_request){.path = url,
	                                                 .headers = stale}), 200);
	const struct ht_response *missing = ht_get(c, "/static/nothing.css");
	ht_assert_status(missing, 404);
	assert_security_headers(missing, true);
	ht_client_free(c);
}

/* ---- login and sessions ---- */

static void test_login_cookie_and_fixation(void **state)
{
	(void)state;
	struct ht_client *c = ht_client_new(&srv);
	/* A session id chosen by someone else before login... */
	ht_cookie_put(c, "samplan_session", "attacker-chosen-session-id");
	int64_t before = sessions_of("eva");
	const struct ht_response *r = ht_login_response(c, "eva", HT_DEMO_PASSWORD);
	ht_assert_status(r, 303);
	assert_string_equal(r->location, "/");
	const char *set = ht_set_cookie(r, "samplan_session");
	assert_non_null(set);
	ht_assert_contains(set, "; HttpOnly");
	ht_assert_contains(set, "; SameSite=Strict");
	ht_assert_contains(set, "; Path=/");
	/* ...is not the session after it. */
	const char *first = ht_cookie(c, "samplan_session");
	assert_non_null(first);
	assert_string_not_equal(first, "attacker-chosen-session-id");
	assert_int_equal(sessions_of("eva"), before + 1);
	assert_int_equal(ht_sql_int(&srv, "SELECT COUNT(*) FROM login_session"
	                                  " WHERE token_hash = ?", hash_of(first)), 1);
	assert_int_equal(ht_sql_int(&srv, "SELECT COUNT(*) FROM login_session"
	                                  " WHERE token_hash = ?",
	                            hash_of("attacker-chosen-session-id")), 0);
	/* The one-time login cookie is removed. */
	ht_assert_contains(ht_set_cookie(r, "samplan_login"), "Max-Age=0");
	const struct ht_response *home = ht_get(c, "/");
	ht_assert_page(home, 200);
	ht_assert_contains(home->body, "Eva Lind");
	/* Logging in again (from a browser that lost the cookie) gives
	 * yet another session id. */
	char *saved = strdup(first);
	ht_cookies_clear(c);
	assert_true(ht_login(c, "eva", HT_DEMO_PASSWORD));
	assert_string_not_equal(ht_cookie(c, "samplan_session"), saved);
	assert_int_equal(sessions_of("eva"), before + 2);
	free(saved);
	ht_client_free(c);
}

static void test_login_multipart(void **state)
{
	(void)state;
	struct ht_client *c = ht_client_new(&srv);
	const struct ht_response *page = ht_get(c, "/login");
	const char *token = ht_form_value(c, page, "login_csrf");
	assert_non_null(token);
	const struct ht_response *r = ht_post_multipart(c, "/login",
		"login_csrf", token, "username", "sara",
		"password", HT_DEMO_PASSWORD, "next", "/account", NULL);
	ht_assert_status(r, 303);
	assert_string_equal(r->location, "/account");
	ht_assert_page(ht_get(c, "/account"), 200);
	ht_client_free(c);
}

static void test_wrong_password(void **state)
{
	(void)state;
	ht_user_create(&srv, "wrongpw", NULL);
	struct ht_client *c = ht_client_new(&srv);
	const struct ht_response *r = ht_login_response(c, "wrongpw", "not the password");
	ht_assert_page(r, 401);
	ht_assert_contains(r->body, "Fel användarnamn eller lösenord");
	assert_null(ht_set_cookie(r, "samplan_session"));
	assert_null(ht_cookie(c, "samplan_session"));
	assert_int_equal(sessions_of("wrongpw"), 0);
	/* The form comes back with the name filled in, for another try. */
	ht_assert_contains(r->body, "value=\"wrongpw\"");
	/* An unknown user reads exactly the same. */
	const struct ht_response *u = ht_login_response(c, "nosuchuser", "whatever");
	ht_assert_page(u, 401);
	ht_assert_contains(u->body, "Fel användarnamn eller lösenord");
	ht_assert_status(ht_get(c, "/"), 303);
	ht_client_free(c);
}

static void test_login_csrf_refused(void **state)
{
	(void)state;
	ht_user_create(&srv, "csrfvictim", NULL);
	struct ht_snapshot snap;
	ht_snapshot_take(&srv, &snap);
	/* No cookie, no field: a cross-site form post. */
	struct ht_client *c = ht_client_new(&srv);
	const struct ht_response *r = ht_post_form(c, "/login", "username",
		"csrfvictim", "password", HT_DEMO_PASSWORD, NULL);
	ht_assert_page(r, 403);
	ht_assert_contains(r->body, "Inloggningsformuläret har gått ut");
	assert_null(ht_set_cookie(r, "samplan_session"));
	/* A field that does not match the cookie. */
	ht_get(c, "/login");
	assert_non_null(ht_cookie(c, "samplan_login"));
	r = ht_post_form(c, "/login", "login_csrf", "guessed-value", "username",
	                 "csrfvictim", "password", HT_DEMO_PASSWORD, NULL);
	ht_assert_page(r, 403);
	/* The field of one browser in another (no cookie). */
	struct ht_client *other = ht_client_new(&srv);
	const char *token = ht_form_value(other, ht_get(other, "/login"),
	                                  "login_csrf");
	r = ht_post_form(c, "/login", "login_csrf", token, "username",
	                 "csrfvictim", "password", HT_DEMO_PASSWORD, NULL);
	ht_assert_page(r, 403);
	ht_cookies_clear(c);
	r = ht_post_form(c, "/login", "login_csrf", token, "username",
	                 "csrfvictim", "password", HT_DEMO_PASSWORD, NULL);
	ht_assert_page(r, 403);
	assert_null(ht_cookie(c, "samplan_session"));
	ht_assert_unchanged(&srv, &snap);
	ht_client_free(other);
	ht_client_free(c);
}

static void test_logout_ends_session(void **state)
{
	(void)state;
	struct ht_client *c = ht_logged_in(&srv, "bo");
	char *cookie = strdup(ht_cookie(c, "samplan_session"));
	const char *csrf = ht_csrf(c);
	assert_non_null(csrf);
	const struct ht_response *r = ht_post_form(c, "/logout", "csrf_token", csrf,
	                                           NULL);
	ht_assert_status(r, 303);
	assert_string_equal(r->location, "/login?done=logged_out");
	ht_assert_contains(ht_set_cookie(r, "samplan_session"), "Max-Age=0");
	assert_null(ht_cookie(c, "samplan_session"));
	assert_int_equal(ht_sql_int(&srv, "SELECT COUNT(*) FROM login_session"
	                                  " WHERE token_hash = ? AND ended_at IS NOT NULL",
	                            hash_of(cookie)), 1);
	ht_assert_contains(ht_get(c, "/login?done=logged_out")->body, "Du är utloggad");
	/* Server-side: the old cookie, sent again, is no session. */
	struct ht_client *thief = ht_client_new(&srv);
	ht_cookie_put(thief, "samplan_session", cookie);
	r = ht_get(thief, "/");
	ht_assert_status(r, 303);
	ht_assert_contains(r->location, "/login?next=");
	json_decref(assert_problem(ht_get(thief, "/api/v1/me"), 401));
	free(cookie);
	ht_client_free(thief);
	ht_client_free(c);
}

static void age_sessions(const char *username, const char *column, int seconds)
{
	char sql[256];
	snprintf(sql, sizeof sql,
	         "UPDATE login_session SET %s = %s - %d WHERE user_id ="
	         " (SELECT id FROM user_account WHERE username = ?)",
	         column, column, seconds);
	assert_true(ht_sql_exec(&srv, sql, username) >= 1);
}

static void test_session_idle_timeout(void **state)
{
	(void)state;
	struct ht_client *c = ht_logged_in(&srv, "karin");
	ht_assert_status(ht_get(c, "/account"), 200);
	age_sessions("karin", "last_seen_at", 29 * 60);
	ht_assert_status(ht_get(c, "/account"), 200); /* used within 30 min */
	age_sessions("karin", "last_seen_at", 31 * 60);
	const struct ht_response *r = ht_get(c, "/account");
	ht_assert_status(r, 303);
	assert_string_equal(r->location, "/login?next=/account");
	json_decref(assert_problem(ht_get(c, "/api/v1/me"), 401));
	ht_client_free(c);
}

static void test_session_absolute_timeout(void **state)
{
	(void)state;
	struct ht_client *c = ht_logged_in(&srv, "lars");
	age_sessions("lars", "created_at", 11 * 3600);
	ht_assert_status(ht_get(c, "/"), 200); /* 11 h old and in use: fine */
	age_sessions("lars", "created_at", 3600 + 120); /* 12 h 2 min */
	const struct ht_response *r = ht_get(c, "/");
	ht_assert_status(r, 303);
	assert_string_equal(r->location, "/login?next=/");
	ht_client_free(c);
}

/* ---- throttling ---- */

static const struct ht_response *fail_login(struct ht_client *c,
                                            const char *user)
{
	return ht_login_response(c, user, "definitely wrong");
}

static void test_throttling(void **state)
{
	(void)state;
	ht_user_create(&srv, "throttled", NULL);
	struct ht_client *c = ht_client_new(&srv);
	for (int i = 1; i < 5; i++)
		ht_assert_page(fail_login(c, "throttled"), 401);
	const struct ht_response *r = fail_login(c, "throttled");
	ht_assert_page(r, 429);
	assert_non_null(ht_header(r, "Retry-After"));
	assert_string_equal(ht_header(r, "Retry-After"), "30");
	ht_assert_contains(r->body, "Vänta 30 sekunder");
	/* During the wait even the right password is refused. */
	r = ht_login_response(c, "throttled", HT_DEMO_PASSWORD);
	ht_assert_page(r, 429);
	assert_null(ht_cookie(c, "samplan_session"));
	assert_int_equal(sessions_of("throttled"), 0);
	/* Another user is not held up. */
	struct ht_client *other = ht_logged_in(&srv, "ulla");
	ht_client_free(other);
	/* After the wait, the right password works. */
	assert_int_equal(ht_sql_exec(&srv, "UPDATE login_backoff SET locked_until = 1"
	                                   " WHERE scope = 'pair' AND username = ?", "throttled"), 1);
	assert_true(ht_login(c, "throttled", HT_DEMO_PASSWORD));
	assert_int_equal(ht_sql_int(&srv, "SELECT COUNT(*) FROM login_backoff"
	                                  " WHERE scope = 'pair' AND username = ?", "throttled"), 0);
	ht_client_free(c);
}

static void test_throttling_shared_between_processes(void **state)
{
	(void)state;
	ht_user_create(&srv, "twoservers", NULL);
	struct ht_server second;
	assert_true(ht_server_start(&second, &(struct ht_server_opts){
		.db_url = srv.db_url}));
	struct ht_client *a = ht_client_new(&srv);
	struct ht_client *b = ht_client_new(&second);
	for (int i = 0; i < 2; i++)
		ht_assert_page(fail_login(a, "twoservers"), 401);
	for (int i = 0; i < 2; i++)
		ht_assert_page(fail_login(b, "twoservers"), 401);
	ht_assert_page(fail_login(a, "twoservers"), 429);
	const struct ht_response *r = ht_login_response(b, "twoservers",
	                                                HT_DEMO_PASSWORD);
	ht_assert_page(r, 429);
	assert_non_null(ht_header(r, "Retry-After"));
	ht_client_free(a);
	ht_client_free(b);
	assert_int_equal(ht_server_stop(&second), 0);
}

/* ---- CSRF ---- */

static void test_csrf_form_post(void **state)
{
	(void)state;
	struct ht_client *c = ht_logged_in(&srv, "olle");
	const char *csrf = ht_csrf(c);
	assert_non_null(csrf);
	assert_true(strlen(csrf) >= 32);
	const char *hash = ht_sql_text(&srv, "SELECT password_hash FROM user_account"
	                                     " WHERE username = ?", "olle");
	struct ht_client *other = ht_logged_in(&srv, "olle");
	const char *other_csrf = ht_csrf(other);
	struct ht_snapshot snap;
	ht_snapshot_take(&srv, &snap);
	/* Without the token, and with a wrong one. */
	const struct ht_response *r = ht_post_form(c, "/account/password",
		"current_password", HT_DEMO_PASSWORD,
		"new_password", "ett helt nytt lösenord", NULL);
	ht_assert_page(r, 403);
	ht_assert_contains(r->body, "Formuläret har gått ut");
	r = ht_post_form(c, "/account/password", "csrf_token", "forged",
	                 "current_password", HT_DEMO_PASSWORD,
	                 "new_password", "ett helt nytt lösenord", NULL);
	ht_assert_page(r, 403);
	/* Another session's token does not do either. */
	r = ht_post_form(c, "/account/password", "csrf_token", other_csrf,
	                 "current_password", HT_DEMO_PASSWORD,
	                 "new_password", "ett helt nytt lösenord", NULL);
	ht_assert_page(r, 403);
	assert_string_equal(ht_sql_text(&srv, "SELECT password_hash FROM"
	                                      " user_account WHERE username = ?",
	                                "olle"), hash);
	/* The logout form needs it too. */
	ht_assert_page(ht_post_form(c, "/logout", NULL), 403);
	ht_assert_status(ht_get(c, "/"), 200);
	ht_assert_unchanged(&srv, &snap);
	/* With the right token the request reaches the handler (which
	 * then refuses a wrong current password with 422). */
	r = ht_post_form(c, "/account/password", "csrf_token", csrf,
	                 "current_password", "not my password",
	                 "new_password", "ett helt nytt lösenord", NULL);
	ht_assert_page(r, 422);
	ht_assert_contains(r->body, "nuvarande lösenordet stämmer inte");
	ht_client_free(other);
	ht_client_free(c);
}

static void test_csrf_api_write(void **state)
{
	(void)state;
	struct ht_client *c = ht_logged_in(&srv, "admin");
	/* A cookie-authenticated caller learns the token from /api/v1/me. */
	const struct ht_response *me = ht_get(c, "/api/v1/me");
	ht_assert_status(me, 200);
	json_t *j = json_loads(me->body, 0, NULL);
	assert_non_null(j);
	char *csrf = strdup(json_string_value(json_object_get(j, "csrf_token")));
	json_decref(j);
	struct ht_snapshot snap;
	ht_snapshot_take(&srv, &snap);
	const char *body = "{\"name\":\"CSRF-prov kommun\",\"kind\":\"municipality\"}";
	json_decref(assert_problem(ht_post_json(c, "/api/v1/principals", body, NULL),
	                           403));
	json_decref(assert_problem(ht_post_json(c, "/api/v1/principals", body,
	                                        "wrong-token"), 403));
	ht_assert_unchanged(&srv, &snap);
	/* With X-CSRF-Token it is accepted. */
	const struct ht_response *ok = ht_post_json(c, "/api/v1/principals", body,
	                                            csrf);
	ht_assert_status(ok, 201);
	assert_int_equal(ht_sql_int(&srv, "SELECT COUNT(*) FROM principal"
	                                  " WHERE name = ?", "CSRF-prov kommun"), 1);
	/* A bearer token is no ambient credential: no CSRF token needed. */
	struct ht_client *api = ht_client_new(&srv);
	ht_client_bearer(api, ht_token_create(&srv, "admin"));
	ok = ht_post_json(api, "/api/v1/principals",
	                  "{\"name\":\"Bärarkommun\",\"kind\":\"municipality\"}", NULL);
	ht_assert_status(ok, 201);
	assert_int_equal(ht_sql_int(&srv, "SELECT COUNT(*) FROM principal"
	                                  " WHERE name = ?", "Bärarkommun"), 1);
	free(csrf);
	ht_client_free(api);
	ht_client_free(c);
}

/* ---- capabilities ---- */

static void test_capabilities(void **state)
{
	(void)state;
	/* A professional may not manage users. */
	struct ht_client *pro = ht_logged_in(&srv, "sara");
	const struct ht_response *r = ht_get(pro, "/admin/users");
	ht_assert_page(r, 403);
	ht_assert_contains(r->body, "Du har inte behörighet");
	ht_client_free(pro);

	/* Anonymous: pages send to the login page and back... */
	struct ht_client *anon = ht_client_new(&srv);
	r = ht_get(anon, "/admin/users");
	ht_assert_status(r, 303);
	assert_string_equal(r->location, "/login?next=/admin/users");
	const struct ht_response *login = ht_get(anon, r->location);
	assert_string_equal(ht_form_value(anon, login, "next"), "/admin/users");
	/* ...the API answers 401 problem+json. */
	r = ht_get(anon, "/api/v1/me");
	json_decref(assert_problem(r, 401));
	ht_assert_contains(ht_header(r, "WWW-Authenticate"), "Bearer");
	ht_client_free(anon);

	/* The system administrator manages users but has no CAP_WORK: no
	 * persons, no plans. */
	struct ht_client *admin = ht_client_new(&srv);
	ht_client_bearer(admin, ht_token_create(&srv, "admin"));
	json_decref(assert_problem(ht_get(admin, "/api/v1/plans"), 403));
	json_decref(assert_problem(ht_get(admin, "/api/v1/persons"), 403));
	ht_client_bearer(admin, NULL);
	assert_true(ht_login(admin, "admin", HT_DEMO_PASSWORD));
	ht_assert_page(ht_get(admin, "/admin/users"), 200);
	ht_client_free(admin);
	/* A unit administrator works with plans. */
	struct ht_client *ulla = ht_client_new(&srv);
	ht_client_bearer(ulla, ht_token_create(&srv, "ulla"));
	assert_int_not_equal(ht_get(ulla, "/api/v1/plans")->status, 403);
	ht_client_free(ulla);
}

/* ---- API tokens ---- */

static void test_api_me_with_tokens(void **state)
{
	(void)state;
	struct ht_client *c = ht_client_new(&srv);
	ht_client_bearer(c, ht_token_create(&srv, "eva"));
	const struct ht_response *r = ht_get(c, "/api/v1/me");
	ht_assert_status(r, 200);
	assert_string_equal(r->content_type, "application/json");
	json_t *j = json_loads(r->body, 0, NULL);
	assert_non_null(j);
	assert_string_equal(json_string_value(json_object_get(j, "username")), "eva");
	assert_string_equal(json_string_value(json_object_get(j, "role")),
	                    "professional");
	json_t *units = json_object_get(j, "units");
	assert_true(json_array_size(units) >= 1);
	assert_non_null(json_string_value(json_object_get(json_array_get(units, 0),
	                                                  "name")));
	/* Bearer callers need no CSRF token and get none. */
	assert_null(json_object_get(j, "csrf_token"));
	json_decref(j);
	assert_null(ht_cookie(c, "samplan_session"));

	/* A forged token. */
	ht_client_bearer(c, "sp_forged");
	json_decref(assert_problem(ht_get(c, "/api/v1/me"), 401));

	/* A revoked token. */
	const char *token = ht_token_create(&srv, "eva");
	char id[32];
	snprintf(id, sizeof id, "%lld", (long long)ht_sql_int(&srv,
	         "SELECT MAX(id) FROM api_token", NULL));
	ht_client_bearer(c, token);
	ht_assert_status(ht_get(c, "/api/v1/me"), 200);
	assert_int_equal(ht_samplan(&srv, NULL, "token", "revoke", "--id", id, NULL), 0);
	r = ht_get(c, "/api/v1/me");
	json_decref(assert_problem(r, 401));
	ht_assert_contains(ht_header(r, "WWW-Authenticate"), "Bearer");

	/* A deactivated user's token. */
	ht_user_create(&srv, "leaving", NULL);
	ht_client_bearer(c, ht_token_create(&srv, "leaving"));
	ht_assert_status(ht_get(c, "/api/v1/me"), 200);
	assert_int_equal(ht_samplan(&srv, NULL, "user", "deactivate", "--username",
	                            "leaving", NULL), 0);
	json_decref(assert_problem(ht_get(c, "/api/v1/me"), 401));
	ht_client_free(c);
}

/* ---- limits ---- */

static void test_body_too_large(void **state)
{
	(void)state;
	struct ht_client *c = ht_client_new(&srv);
	ht_client_bearer(c, ht_token_create(&srv, "admin"));
	struct ht_snapshot snap;
	ht_snapshot_take(&srv, &snap);
	enum { MIB = 1024 * 1024 };
	/* Exactly 1 MiB is read (and then refused for what it says). */
	char *body = json_of_size(MIB);
	const struct ht_response *r = ht_post_json(c, "/api/v1/principals", body, NULL);
	/* Read whole, then refused for lacking "kind": a 422 naming it,
	 * which only a body read to its end can give. */
	json_t *whole = assert_problem(r, 422);
	assert_non_null(strstr(r->body, "\"kind\""));
	json_decref(whole);
	free(body);
	/* One byte more is refused by its Content-Length. */
	body = json_of_size(MIB + 1);
	r = ht_post_json(c, "/api/v1/principals", body, NULL);
	json_t *j = assert_problem(r, 413);
	json_decref(j);
	/* And without a length, as a chunked upload. */
	r = ht_request(c, &(struct ht_request){
		.method = "POST", .path = "/api/v1/principals",
		.content_type = "application/json", .body = body, .chunked = true});
	json_decref(assert_problem(r, 413));
	free(body);
	/* Far more than the cap, chunked, to a page. */
	size_t big = 3 * MIB;
	char *form = malloc(big + 1);
	assert_non_null(form);
	memset(form, 'a', big);
	memcpy(form, "username=", 9);
	form[big] = '\0';
	ht_client_bearer(c, NULL);
	r = ht_request(c, &(struct ht_request){
		.method = "POST", .path = "/login", .body = form, .chunked = true,
		.content_type = "application/x-www-form-urlencoded"});
	ht_assert_page(r, 413);
	ht_assert_contains(r->body, "för stort");
	r = ht_request(c, &(struct ht_request){
		.method = "POST", .path = "/login", .body = form,
		.content_type = "application/x-www-form-urlencoded"});
	ht_assert_page(r, 413);
	free(form);
	ht_assert_unchanged(&srv, &snap);
	ht_assert_status(ht_get(c, "/healthz"), 200);
	ht_client_free(c);
}

static void test_url_too_long(void **state)
{
	(void)state;
	struct ht_client *c = ht_client_new(&srv);
	enum { N = 4096 };
	char *path = malloc(N + 2);
	assert_non_null(path);
	/* A path of 4096 bytes is served (404 here); one more is 414. */
	path[0] = '/';
	memset(path + 1, 'a', N - 1);
	path[N] = '\0';
	ht_assert_status(ht_get(c, path), 404);
	path[N] = 'a';
	path[N + 1] = '\0';
	const struct ht_response *r = ht_get(c, path);
	ht_assert_status(r, 414);
	assert_security_headers(r, true);
	/* The query string counts too. */
	memcpy(path, "/login?next=", 12);
	path[N] = '\0';
	ht_assert_status(ht_get(c, path), 200);
	path[N] = 'a';
	ht_assert_status(ht_get(c, path), 414);
	free(path);
	ht_assert_status(ht_get(c, "/healthz"), 200);
	ht_client_free(c);
}

/* ---- malformed requests ---- */

static void test_malformed_bodies(void **state)
{
	(void)state;
	struct ht_client *c = ht_client_new(&srv);
	ht_client_bearer(c, ht_token_create(&srv, "admin"));
	struct ht_snapshot snap;
	ht_snapshot_take(&srv, &snap);
	json_t *j = assert_problem(ht_post_json(c, "/api/v1/principals",
	                                        "{\"name\": \"x\",", NULL), 400);
	ht_assert_contains(json_string_value(json_object_get(j, "detail")), "JSON");
	json_decref(j);
	j = assert_problem(ht_post_json(c, "/api/v1/principals",
	                                "[{\"name\":\"x\"}]", NULL), 400);
	ht_assert_contains(json_string_value(json_object_get(j, "detail")), "objekt");
	json_decref(j);
	json_decref(assert_problem(ht_post_json(c, "/api/v1/principals",
		"{\"name\":\"a\",\"name\":\"b\",\"kind\":\"region\"}", NULL), 400));
	j = assert_problem(ht_request(c, &(struct ht_request){
		.method = "POST", .path = "/api/v1/principals",
		.content_type = "text/plain", .body = "name=x"}), 400);
	ht_assert_contains(json_string_value(json_object_get(j, "detail")),
	                   "Innehållstypen");
	json_decref(j);
	/* Bad percent-encoding in a form. */
	json_decref(assert_problem(ht_request(c, &(struct ht_request){
		.method = "POST", .path = "/api/v1/principals",
		.content_type = "application/x-www-form-urlencoded",
		.body = "name=%zz&kind=region"}), 400));
	ht_client_bearer(c, NULL);
	const struct ht_response *r = ht_request(c, &(struct ht_request){
		.method = "POST", .path = "/login",
		.content_type = "application/x-www-form-urlencoded",
		.body = "username=%E0%A&password=x"});
	ht_assert_page(r, 400);
	ht_assert_contains(r->body, "Formuläret kunde inte läsas");
	ht_assert_unchanged(&srv, &snap);
	ht_client_free(c);
}

static void test_garbage_on_the_wire(void **state)
{
	(void)state;
	static const char *const garbage[] = {
		"GARBAGE LINE HERE\r\n\r\n",
		"GET /healthz HTTP/1.1\r\nHost: x\r\nno colon in this header\r\n\r\n",
		"GET /healthz HTTP/1.1\r\nHost: x\r\nContent-Length: lots\r\n\r\n",
	};
	for (size_t i = 0; i < sizeof garbage / sizeof *garbage; i++) {
		const char *back = ht_raw(&srv, garbage[i], strlen(garbage[i]));
		if (strncmp(back, "HTTP/1.1 400", 12) != 0)
			fail_msg("%zu: answered '%.60s'", i, back);
	}
	/* And it keeps serving. */
	const char *ok = "GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n";
	ht_assert_contains(ht_raw(&srv, ok, strlen(ok)), "HTTP/1.1 200");
	struct ht_client *c = ht_client_new(&srv);
	ht_assert_status(ht_get(c, "/healthz"), 200);
	ht_client_free(c);
}

static void test_not_found_and_wrong_method(void **state)
{
	(void)state;
	struct ht_client *c = ht_client_new(&srv);
	const struct ht_response *r = ht_get(c, "/no/such/page");
	ht_assert_page(r, 404);
	ht_assert_contains(r->body, "Sidan finns inte");
	json_decref(assert_problem(ht_get(c, "/api/v1/no-such-thing"), 404));

	r = ht_request(c, &(struct ht_request){.method = "DELETE", .path = "/login"});
	ht_assert_page(r, 405);
	assert_non_null(ht_header(r, "Allow"));
	assert_string_equal(ht_header(r, "Allow"), "GET, HEAD, POST");
	r = ht_request(c, &(struct ht_request){.method = "PUT", .path = "/api/v1/me",
	                                       .content_type = "application/json",
	                                       .body = "{}"});
	json_decref(assert_problem(r, 405));
	assert_string_equal(ht_header(r, "Allow"), "GET, HEAD");
	r = ht_request(c, &(struct ht_request){.method = "GET", .path = "/logout"});
	ht_assert_status(r, 405);
	assert_string_equal(ht_header(r, "Allow"), "POST");
	/* HEAD is served by the GET route, without a body. */
	r = ht_request(c, &(struct ht_request){.method = "HEAD", .path = "/login"});
	ht_assert_status(r, 200);
	assert_int_equal(r->body_len, 0);
	ht_client_free(c);
}

/* ---- language ---- */

static void assert_lang(const struct ht_response *r, const char *lang)
{
	char want[32];
	snprintf(want, sizeof want, "<html lang=\"%s\">", lang);
	ht_assert_contains(r->body, want);
}

static void test_language(void **state)
{
	(void)state;
	struct ht_client *c = ht_client_new(&srv);
	assert_lang(ht_get(c, "/login"), "sv");
	const char *en[] = {"Accept-Language: en-GB,en;q=0.9", NULL};
	assert_lang(ht_request(c, &(struct ht_request){.path = "/login",
	                                               .headers = en}), "en");
	const char *sv[] = {"Accept-Language: sv-SE,en;q=0.5", NULL};
	assert_lang(ht_request(c, &(struct ht_request){.path = "/login",
	                                               .headers = sv}), "sv");
	/* Choosing a language sets a cookie that wins over the header. */
	const struct ht_response *r = ht_post_form(c, "/language", "lang", "en",
	                                           "next", "/login", NULL);
	ht_assert_status(r, 303);
	assert_string_equal(r->location, "/login");
	ht_assert_contains(ht_set_cookie(r, "samplan_lang"), "samplan_lang=en");
	assert_string_equal(ht_cookie(c, "samplan_lang"), "en");
	assert_lang(ht_request(c, &(struct ht_request){.path = "/login",
	                                               .headers = sv}), "en");
	/* Only languages samplan has. */
	struct ht_snapshot snap;
	ht_snapshot_take(&srv, &snap);
	r = ht_post_form(c, "/language", "lang", "de", NULL);
	ht_assert_page(r, 422);
	assert_string_equal(ht_cookie(c, "samplan_lang"), "en");
	ht_assert_unchanged(&srv, &snap);
	ht_client_free(c);

	/* A logged-in user's choice is kept with the user, and needs the
	 * session's CSRF token. */
	ht_user_create(&srv, "polyglot", NULL);
	c = ht_logged_in(&srv, "polyglot");
	ht_assert_page(ht_post_form(c, "/language", "lang", "en", NULL), 403);
	assert_null(ht_sql_text(&srv, "SELECT lang FROM user_account WHERE"
	                              " username = ?", "polyglot"));
	r = ht_post_form(c, "/language", "lang", "en", "csrf_token", ht_csrf(c),
	                 "next", "/account", NULL);
	ht_assert_status(r, 303);
	assert_string_equal(r->location, "/account");
	assert_string_equal(ht_sql_text(&srv, "SELECT lang FROM user_account WHERE"
	                                      " username = ?", "polyglot"), "en");
	struct ht_client *fresh = ht_logged_in(&srv, "polyglot");
	assert_lang(ht_request(fresh, &(struct ht_request){.path = "/account",
	                                                   .headers = sv}), "en");
	ht_client_free(fresh);
	ht_client_free(c);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_healthz),
		cmocka_unit_test(test_healthz_database_gone),
		cmocka_unit_test(test_security_headers),
		cmocka_unit_test(test_login_cookie_and_fixation),
		cmocka_unit_test(test_login_multipart),
		cmocka_unit_test(test_wrong_password),
		cmocka_unit_test(test_login_csrf_refused),
		cmocka_unit_test(test_logout_ends_session),
		cmocka_unit_test(test_session_idle_timeout),
		cmocka_unit_test(test_session_absolute_timeout),
		cmocka_unit_test(test_throttling),
		cmocka_unit_test(test_throttling_shared_between_processes),
		cmocka_unit_test(test_csrf_form_post),
		cmocka_unit_test(test_csrf_api_write),
		cmocka_unit_test(test_capabilities),
		cmocka_unit_test(test_api_me_with_tokens),
		cmocka_unit_test(test_body_too_large),
		cmocka_unit_test(test_url_too_long),
		cmocka_unit_test(test_malformed_bodies),
		cmocka_unit_test(test_garbage_on_the_wire),
		cmocka_unit_test(test_not_found_and_wrong_method),
		cmocka_unit_test(test_language),
	};
	return cmocka_run_group_tests_name("foundation", tests, group_setup,
	                                   group_teardown);
}
