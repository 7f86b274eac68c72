/*
 * test_auth.c — logins, sessions, throttling and API tokens on both
 * backends, with time moved by changing ctx.now.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "sip/auth.h"
#include "sip/org.h"
#include "sip/secret.h"
#include "sip/user.h"
#include "support/testdb.h"

#define PW "rätt lösenord 2026"

struct fix {
	struct testdb_fixture *db;
	struct ctx *ctx;
	int64_t anna, bo;
};

static struct fix F;

/* A principal, a unit and two professionals, anna and bo. */
static int setup(void **state)
{
	if (testdb_setup(state) != 0)
		return -1;
	struct testdb_fixture *f = *state;
	memset(&F, 0, sizeof F);
	F.db = f;
	F.ctx = &f->t.ctx;
	if (!secret_init())
		return -1;
	struct principal_input p = {"Testkommunen", "municipality", true};
	int64_t pid, uid;
	if (!principal_create(F.ctx, &p, &pid))
		return -1;
	struct unit_input u = {.hsa_id = "SE2120000000-T001", .name = "Testenheten",
	                       .principal_id = pid, .active = true};
	if (!unit_create(F.ctx, &u, &uid))
		return -1;
	struct user_input in = {.username = "anna", .full_name = "Anna Test",
	                        .role = "professional", .password = PW,
	                        .unit_ids = &uid, .nunits = 1};
	if (!user_create(F.ctx, &in, &F.anna))
		return -1;
	in.username = "bo";
	in.full_name = "Bo Test";
	if (!user_create(F.ctx, &in, &F.bo))
		return -1;
	return 0;
}

static int teardown(void **state) { return testdb_teardown(state); }

static void clear(void) { test_ctx_clear(&F.db->t); }

static const struct problem *problem(void) { return F.ctx->problem; }

static int64_t q(const char *sql, const char *arg)
{
	struct stmt s;
	int64_t v = -1;
	int rc = db_prepare(F.ctx->db, &s, sql);
	if (arg)
		db_bind_text(&s, 1, arg);
	rc = rc ? rc : db_step(&s);
	if (rc == DB_ROW)
		v = db_column_int64(&s, 0);
	db_finalize(&s);
	if (rc != DB_ROW)
		fail_msg("%s: %s", sql, db_errmsg(F.ctx->db));
	return v;
}

static bool login(const char *user, const char *pw, char **token)
{
	struct user u;
	char *t = NULL, *csrf = NULL;
	clear();
	bool ok = auth_login(F.ctx, user, pw, &u, &t, &csrf);
	if (token)
		*token = t;
	return ok;
}

/* A login from a given client address. */
static bool login_from(const char *addr, const char *user, const char *pw)
{
	struct user u;
	char *t = NULL, *csrf = NULL;
	clear();
	const char *was = F.ctx->client_addr;
	F.ctx->client_addr = addr;
	bool ok = auth_login(F.ctx, user, pw, &u, &t, &csrf);
	F.ctx->client_addr = was;
	return ok;
}

static bool session_ok(const char *token)
{
	struct session s;
	clear();
	return auth_session(F.ctx, token, &s);
}

static void test_login_ok(void **state)
{
	(void)state;
	struct user u;
	char *token = NULL, *csrf = NULL;
	assert_true(auth_login(F.ctx, "anna", PW, &u, &token, &csrf));
	assert_int_equal(u.id, F.anna);
	assert_int_equal(strlen(token), 43);
	assert_int_equal(strlen(csrf), 43);
	assert_string_not_equal(token, csrf);
	/* Stored as its hash, never as itself. */
	assert_int_equal(q("SELECT COUNT(*) FROM login_session WHERE token_hash = ?",
	                   secret_token_hash(F.ctx->arena, token)), 1);
	assert_int_equal(q("SELECT COUNT(*) FROM login_session WHERE token_hash = ?",
	                   token), 0);
	struct session s;
	assert_true(auth_session(F.ctx, token, &s));
	assert_int_equal(s.user_id, F.anna);
	assert_string_equal(s.csrf_token, csrf);
	assert_int_equal(q("SELECT COUNT(*) FROM audit_log WHERE action = ?",
	                   "session.login"), 1);
	/* Every login is a new session. */
	char *second = NULL;
	assert_true(login("anna", PW, &second));
	assert_string_not_equal(token, second);
	assert_true(session_ok(token));
	assert_true(session_ok(second));
	/* Nonsense cookies are simply not sessions. */
	assert_false(session_ok("nonsense"));
	assert_false(session_ok(""));
	assert_false(problem_any(problem()));
}

static void test_wrong_password(void **state)
{
	(void)state;
	assert_false(login("anna", "fel lösenord", NULL));
	assert_int_equal(problem()->kind, PROBLEM_UNAUTHORIZED);
	char *wrong = arena_strdup(F.ctx->arena, problem()->detail);
	/* An unknown username gets the very same answer. */
	assert_false(login("nobody", "fel lösenord", NULL));
	assert_int_equal(problem()->kind, PROBLEM_UNAUTHORIZED);
	assert_string_equal(problem()->detail, wrong);
	assert_false(login("anna", "", NULL));
	assert_false(login("", PW, NULL));
	assert_false(login(NULL, NULL, NULL));
	assert_int_equal(problem()->kind, PROBLEM_UNAUTHORIZED);
	assert_int_equal(q("SELECT COUNT(*) FROM login_session", NULL), 0);
	assert_int_equal(q("SELECT failures FROM login_backoff WHERE scope = 'pair'"
	                   " AND username = ?",
	                   "anna"), 1);
}

static void test_throttle_grows(void **state)
{
	(void)state;
	for (int i = 1; i < LOGIN_FREE_FAILURES; i++) {
		assert_false(login("anna", "wrong", NULL));
		assert_int_equal(problem()->kind, PROBLEM_UNAUTHORIZED);
	}
	/* The fifth failure locks the name for 30 s. */
	assert_false(login("anna", "wrong", NULL));
	assert_int_equal(problem()->kind, PROBLEM_THROTTLED);
	assert_int_equal(problem()->retry_after_s, LOGIN_FIRST_DELAY_S);
	assert_non_null(strstr(problem()->detail, "30 sekunder"));
	/* During the wait even the right password is refused, and no
	 * session is made. */
	assert_false(login("anna", PW, NULL));
	assert_int_equal(problem()->kind, PROBLEM_THROTTLED);
	assert_int_equal(q("SELECT COUNT(*) FROM login_session", NULL), 0);
	int64_t wait = -1;
	assert_true(auth_throttle_wait(F.ctx, "anna", &wait));
	assert_int_equal(wait, 30);
	/* Another username is not affected. */
	assert_true(login("bo", PW, NULL));

	/* Each further failure doubles the wait. */
	int64_t expect = 60;
	for (int i = 0; i < 3; i++) {
		F.ctx->now += expect / 2 + 1; /* the previous wait is over */
		assert_false(login("anna", "wrong", NULL));
		assert_int_equal(problem()->kind, PROBLEM_THROTTLED);
		assert_int_equal(problem()->retry_after_s, expect);
		expect *= 2;
	}
	/* After the wait the right password works and clears the count. */
	F.ctx->now += expect / 2 + 1;
	assert_true(login("anna", PW, NULL));
	assert_true(auth_throttle_wait(F.ctx, "anna", &wait));
	assert_int_equal(wait, 0);
	assert_int_equal(q("SELECT COUNT(*) FROM login_backoff WHERE scope = 'pair'"
	                   " AND username = ?",
	                   "anna"), 0);
	assert_false(login("anna", "wrong", NULL));
	assert_int_equal(problem()->kind, PROBLEM_UNAUTHORIZED);
}

static void test_throttle_capped_at_an_hour(void **state)
{
	(void)state;
	assert_false(login("anna", "wrong", NULL));
	assert_int_equal(db_exec(F.ctx->db, "UPDATE login_backoff SET failures = 40"
	                                     " WHERE scope = 'pair'"),
	                 DB_OK);
	assert_false(login("anna", "wrong", NULL));
	assert_int_equal(problem()->kind, PROBLEM_THROTTLED);
	assert_int_equal(problem()->retry_after_s, LOGIN_MAX_DELAY_S);
}

static void test_unknown_names_throttled(void **state)
{
	(void)state;
	for (int i = 1; i < LOGIN_FREE_FAILURES; i++)
		assert_false(login("ghost", "x", NULL));
	assert_int_equal(problem()->kind, PROBLEM_UNAUTHORIZED);
	assert_false(login("ghost", "x", NULL));
	assert_int_equal(problem()->kind, PROBLEM_THROTTLED);
	/* Failures for unknown names leave no trace of a person. */
	assert_int_equal(q("SELECT COUNT(*) FROM audit_log WHERE action = ?",
	                   "session.login_failed"), 0);
}

static void test_session_idle_timeout(void **state)
{
	(void)state;
	char *token;
	int64_t t0 = F.ctx->now;
	assert_true(login("anna", PW, &token));
	/* last_seen is written at most once a minute. */
	F.ctx->now = t0 + SESSION_TOUCH_S - 1;
	assert_true(session_ok(token));
	assert_int_equal(q("SELECT last_seen_at - created_at FROM login_session", NULL), 0);
	/* Used within 30 minutes, it lives on. */
	F.ctx->now = t0 + SESSION_IDLE_S - 60;
	assert_true(session_ok(token));
	assert_int_equal(q("SELECT last_seen_at - created_at FROM login_session", NULL),
	                 SESSION_IDLE_S - 60);
	F.ctx->now += SESSION_IDLE_S - 1;
	assert_true(session_ok(token));
	/* Left 30 minutes alone, it is over. */
	F.ctx->now += SESSION_IDLE_S;
	assert_false(session_ok(token));
	assert_false(problem_any(problem()));
	/* It stays over. */
	F.ctx->now += 1;
	assert_false(session_ok(token));
}

static void test_session_absolute_timeout(void **state)
{
	(void)state;
	char *token;
	int64_t t0 = F.ctx->now;
	assert_true(login("anna", PW, &token));
	for (int64_t t = 20 * 60; t < SESSION_ABSOLUTE_S; t += 20 * 60) {
		F.ctx->now = t0 + t;
		if (!session_ok(token))
			fail_msg("session ended after %lld s", (long long)t);
	}
	F.ctx->now = t0 + SESSION_ABSOLUTE_S - 1;
	assert_true(session_ok(token));
	F.ctx->now = t0 + SESSION_ABSOLUTE_S;
	assert_false(session_ok(token));
}

static void test_logout(void **state)
{
	(void)state;
	char *one, *two;
	assert_true(login("anna", PW, &one));
	assert_true(login("anna", PW, &two));
	clear();
	assert_true(auth_logout(F.ctx, one));
	assert_false(session_ok(one));
	assert_true(session_ok(two)); /* only that session */
	assert_int_equal(q("SELECT COUNT(*) FROM login_session WHERE ended_at IS NOT NULL",
	                   NULL), 1);
	clear();
	assert_true(auth_logout(F.ctx, one)); /* idempotent */
	assert_true(auth_logout(F.ctx, NULL));
	assert_true(auth_logout(F.ctx, "never issued"));
	assert_int_equal(q("SELECT COUNT(*) FROM login_session WHERE ended_at IS NOT NULL",
	                   NULL), 1);
}

static void test_tokens(void **state)
{
	(void)state;
	char *token = NULL;
	int64_t id = 0, who = 0;
	clear();
	assert_true(auth_token_create(F.ctx, "anna", "integration", &token, &id));
	assert_true(id > 0);
	assert_int_equal(strncmp(token, "sp_", 3), 0);
	assert_int_equal(strlen(token), 46);
	assert_int_equal(q("SELECT COUNT(*) FROM api_token WHERE token_hash = ?",
	                   secret_token_hash(F.ctx->arena, token)), 1);
	assert_int_equal(q("SELECT COUNT(*) FROM api_token WHERE token_hash = ?", token),
	                 0);
	assert_true(auth_token_user(F.ctx, token, &who));
	assert_int_equal(who, F.anna);
	assert_false(auth_token_user(F.ctx, "sp_forged", &who));
	assert_false(auth_token_user(F.ctx, NULL, &who));

	/* Only the console makes tokens. */
	struct user anna;
	assert_true(user_load(F.ctx, F.anna, &anna));
	ctx_act_as(F.ctx, ACTOR_STAFF, &anna);
	char *t2 = NULL;
	int64_t id2 = 0;
	clear();
	assert_false(auth_token_create(F.ctx, "anna", NULL, &t2, &id2));
	assert_int_equal(problem()->kind, PROBLEM_FORBIDDEN);
	/* Another user cannot revoke it... */
	struct user bo;
	assert_true(user_load(F.ctx, F.bo, &bo));
	ctx_act_as(F.ctx, ACTOR_STAFF, &bo);
	clear();
	assert_false(auth_token_revoke(F.ctx, id));
	assert_int_equal(problem()->kind, PROBLEM_NOT_FOUND);
	assert_true(auth_token_user(F.ctx, token, &who));
	/* ...its own user can. */
	ctx_act_as(F.ctx, ACTOR_STAFF, &anna);
	clear();
	assert_true(auth_token_revoke(F.ctx, id));
	assert_false(auth_token_user(F.ctx, token, &who));
	clear();
	assert_false(auth_token_revoke(F.ctx, id));
	assert_int_equal(problem()->kind, PROBLEM_NOT_FOUND);
	ctx_act_as(F.ctx, ACTOR_CONSOLE, NULL);
	clear();
	assert_false(auth_token_create(F.ctx, "nobody", NULL, &t2, &id2));
	assert_true(problem_any(problem()));
}

static void test_deactivated_user(void **state)
{
	(void)state;
	char *session, *token;
	int64_t token_id, who;
	assert_true(login("anna", PW, &session));
	clear();
	assert_true(auth_token_create(F.ctx, "anna", NULL, &token, &token_id));
	clear();
	assert_true(user_deactivate(F.ctx, F.anna));
	assert_false(session_ok(session));
	assert_false(auth_token_user(F.ctx, token, &who));
	assert_false(login("anna", PW, NULL));
	assert_int_equal(problem()->kind, PROBLEM_UNAUTHORIZED);
	char *t2;
	int64_t id2;
	clear();
	assert_false(auth_token_create(F.ctx, "anna", NULL, &t2, &id2));
	assert_int_equal(problem()->kind, PROBLEM_CONFLICT);
	/* Reactivated, the password works again; old sessions stay over. */
	clear();
	assert_true(user_reactivate(F.ctx, F.anna));
	assert_true(login("anna", PW, NULL));
	assert_false(session_ok(session));
}

/* The stored hash of a user, for its argon2id parameters. */
static const char *stored_hash(const char *username)
{
	struct stmt s;
	int rc = db_prepare(F.ctx->db, &s,
		"SELECT password_hash FROM user_account WHERE username = ?");
	db_bind_text(&s, 1, username);
	rc = rc ? rc : db_step(&s);
	assert_int_equal(rc, DB_ROW);
	const char *h = arena_strdup(F.ctx->arena, db_column_text(&s, 0));
	db_finalize(&s);
	return h;
}

/* "$argon2id$v=19$m=...,t=...,p=...$" of a hash. */
static const char *params_of(const char *hash)
{
	const char *p = hash;
	for (int i = 0; i < 4 && p; i++)
		if ((p = strchr(p, '$')) != NULL)
			p++;
	assert_non_null(p);
	return arena_strndup(F.ctx->arena, hash, (size_t)(p - hash));
}

/* Known and unknown usernames cost the same: each wrong login runs
 * exactly one argon2id verification — the user's own hash or the
 * dummy — and the dummy has the parameters of the stored hashes
 * (whatever the cost in force: here the tests' own, see test_secret). */
static void test_unknown_user_costs_one_verification(void **state)
{
	(void)state;
	static const struct {
		const char *user, *pw;
		bool ok;
	} tries[] = {
		{"anna", "wrong", false},   /* known, wrong password */
		{"ghost", "wrong", false},  /* unknown */
		{"bo", PW, true},           /* known, right password */
		{"nobody-at-all", PW, false},
	};
	for (size_t i = 0; i < sizeof tries / sizeof *tries; i++) {
		uint64_t before = secret_password_verifications();
		assert_int_equal(login(tries[i].user, tries[i].pw, NULL), tries[i].ok);
		assert_int_equal(secret_password_verifications(), before + 1);
	}
	const char *dummy = secret_password_dummy_hash();
	assert_non_null(dummy);
	assert_string_equal(params_of(dummy), params_of(stored_hash("anna")));
	assert_string_equal(params_of(dummy), params_of(stored_hash("bo")));
	assert_int_equal(strncmp(dummy, "$argon2id$", 10), 0);
}

/* One address guessing across many usernames (the finding: 158 guesses
 * over 158 usernames in 10 s, all checked) is slowed after
 * LOGIN_ADDR_FREE_FAILURES, whatever the usernames; other addresses are
 * not. */
static void test_throttle_per_address(void **state)
{
	(void)state;
	char name[32];
	for (int i = 1; i < LOGIN_ADDR_FREE_FAILURES; i++) {
		snprintf(name, sizeof name, "guess%d", i);
		assert_false(login_from("192.0.2.1", name, "Sommar2026!"));
		assert_int_equal(problem()->kind, PROBLEM_UNAUTHORIZED);
	}
	assert_false(login_from("192.0.2.1", "guess-last", "Sommar2026!"));
	assert_int_equal(problem()->kind, PROBLEM_THROTTLED);
	assert_int_equal(problem()->retry_after_s, LOGIN_ADDR_FIRST_DELAY_S);
	/* From that address even a real account's right password waits:
	 * its password is not even looked at. */
	assert_false(login_from("192.0.2.1", "bo", PW));
	assert_int_equal(problem()->kind, PROBLEM_THROTTLED);
	/* Each further failure doubles the address's wait. */
	F.ctx->now += LOGIN_ADDR_FIRST_DELAY_S + 1;
	assert_false(login_from("192.0.2.1", "guess-more", "x"));
	assert_int_equal(problem()->kind, PROBLEM_THROTTLED);
	assert_int_equal(problem()->retry_after_s, 2 * LOGIN_ADDR_FIRST_DELAY_S);
	/* Another address is not held up. */
	assert_true(login_from("192.0.2.2", "bo", PW));
	/* A day later the address is forgotten. */
	F.ctx->now += LOGIN_FORGET_S + 1;
	assert_true(login_from("192.0.2.1", "bo", PW));
}

/* Nobody can lock an account's owner out: an attacker who fails for
 * anna from one address, and then from many, slows only the addresses
 * that failed; anna's right password from her own address works. */
static void test_owner_not_locked_out(void **state)
{
	(void)state;
	for (int i = 0; i < LOGIN_FREE_FAILURES; i++)
		assert_false(login_from("198.51.100.1", "anna", "wrong"));
	assert_int_equal(problem()->kind, PROBLEM_THROTTLED);
	/* The attacker's address waits, even with the right password. */
	assert_false(login_from("198.51.100.1", "anna", PW));
	assert_int_equal(problem()->kind, PROBLEM_THROTTLED);
	/* anna at her own address is not refused. */
	assert_true(login_from("203.0.113.7", "anna", PW));

	/* A distributed guess: one failure each from many addresses makes
	 * the account's own delay, ... */
	char addr[32];
	for (int i = 0; i < LOGIN_ACCOUNT_FREE_FAILURES; i++) {
		snprintf(addr, sizeof addr, "10.9.0.%d", i + 1);
		login_from(addr, "anna", "wrong");
	}
	/* ... which holds up every address that has failed for anna, ... */
	assert_false(login_from("10.9.0.3", "anna", PW));
	assert_int_equal(problem()->kind, PROBLEM_THROTTLED);
	int64_t wait = 0;
	F.ctx->client_addr = "10.9.0.3";
	assert_true(auth_throttle_wait(F.ctx, "anna", &wait));
	assert_true(wait > 0);
	/* ... but not anna's own address, nor others' logins from those
	 * addresses. */
	assert_true(login_from("203.0.113.7", "anna", PW));
	assert_true(login_from("10.9.0.3", "bo", PW));
	/* The failures were audited for the account, with their address. */
	assert_true(q("SELECT COUNT(*) FROM audit_log WHERE action = ?",
	              "session.login_failed") >= LOGIN_ACCOUNT_FREE_FAILURES);
}

int main(void)
{
#define AUTH(f) cmocka_unit_test_setup_teardown(f, setup, teardown)
	const struct CMUnitTest tests[] = {
		AUTH(test_login_ok),
		AUTH(test_wrong_password),
		AUTH(test_throttle_grows),
		AUTH(test_throttle_capped_at_an_hour),
		AUTH(test_unknown_names_throttled),
		AUTH(test_throttle_per_address),
		AUTH(test_owner_not_locked_out),
		AUTH(test_session_idle_timeout),
		AUTH(test_session_absolute_timeout),
		AUTH(test_logout),
		AUTH(test_tokens),
		AUTH(test_deactivated_user),
		AUTH(test_unknown_user_costs_one_verification),
	};
#undef AUTH
	return testdb_run_groups(tests, sizeof tests / sizeof *tests);
}
