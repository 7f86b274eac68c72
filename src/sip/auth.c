/*
 * auth.c — login, sessions, API tokens, throttling (see auth.h).
 */
#include "sip/auth.h"

#include <string.h>

#include "base/limits.h"
#include "audit/audit.h"
#include "base/log.h"
#include "sip/secret.h"
#include "store/db.h"

static bool wrong_credentials(struct ctx *ctx)
{
	return problem_set(ctx->problem, ctx->arena, PROBLEM_UNAUTHORIZED, "%s",
	                   T(ctx, "Fel användarnamn eller lösenord."));
}

/* ---- throttling ----
 *
 * Three counters per failed login (sql/0007_login_backoff.sql): the
 * pair (username, address), the address over all usernames, and the
 * account over all addresses. Before a password is looked at, the caller
 * must wait for
 *   - its pair's delay (one address guessing one account),
 *   - its address's delay (one address guessing across accounts),
 *   - the account's delay, but only when this address has itself failed
 *     for this account: a distributed guess is slowed, while the owner at
 *     an address that has not failed is never refused.
 * Each delay doubles with every failure past its free ones, up to a cap.
 */

struct backoff_rule {
	const char *scope;
	int64_t free_failures;
	int64_t first_delay_s;
	int64_t max_delay_s;
};

static const struct backoff_rule rule_pair = {
	"pair", LOGIN_FREE_FAILURES, LOGIN_FIRST_DELAY_S, LOGIN_MAX_DELAY_S};
static const struct backoff_rule rule_address = {
	"address", LOGIN_ADDR_FREE_FAILURES, LOGIN_ADDR_FIRST_DELAY_S,
	LOGIN_MAX_DELAY_S};
static const struct backoff_rule rule_account = {
	"account", LOGIN_ACCOUNT_FREE_FAILURES, LOGIN_FIRST_DELAY_S,
	LOGIN_ACCOUNT_MAX_DELAY_S};

static int64_t delay_after(const struct backoff_rule *rule, int64_t failures)
{
	if (failures < rule->free_failures)
		return 0;
	int64_t delay = rule->first_delay_s;
	for (int64_t k = rule->free_failures; k < failures; k++) {
		delay *= 2;
		if (delay >= rule->max_delay_s)
			return rule->max_delay_s;
	}
	return delay;
}

static const char *addr_of(const struct ctx *ctx)
{
	return ctx->client_addr && *ctx->client_addr ? ctx->client_addr : "-";
}

/* One counter: its failures (0 when absent or forgotten) and the time
 * until which it delays. */
static bool backoff_read(struct ctx *ctx, const char *scope,
                         const char *username, const char *addr,
                         int64_t *failures, int64_t *until)
{
	*failures = 0;
	*until = 0;
	struct stmt s;
	int rc = db_prepare(ctx->db, &s,
		"SELECT failures, locked_until /*0-1*/ FROM login_backoff"
		" WHERE scope = ? AND username = ? AND client_addr = ?"
		" AND last_failure_at > ?");
	db_bind_text(&s, 1, scope);
	db_bind_text(&s, 2, username);
	db_bind_text(&s, 3, addr);
	db_bind_int64(&s, 4, ctx->now - LOGIN_FORGET_S);
	rc = rc ? rc : db_step(&s);
	if (rc == DB_ROW) {
		*failures = db_column_int64(&s, 0);
		*until = db_column_int64(&s, 1);
	}
	db_finalize(&s);
	if (rc != DB_ROW && rc != DB_DONE)
		return ctx_db_failed(ctx, rc, "throttle");
	return true;
}

bool auth_throttle_wait(struct ctx *ctx, const char *username, int64_t *wait_s)
{
	*wait_s = 0;
	const char *addr = addr_of(ctx);
	int64_t pair_n, pair_until, addr_n, addr_until, acct_n, acct_until;
	if (!backoff_read(ctx, "pair", username, addr, &pair_n, &pair_until) ||
	    !backoff_read(ctx, "address", "", addr, &addr_n, &addr_until) ||
	    !backoff_read(ctx, "account", username, "", &acct_n, &acct_until))
		return false;
	int64_t until = pair_until > addr_until ? pair_until : addr_until;
	if (pair_n > 0 && acct_until > until)
		until = acct_until;
	*wait_s = until > ctx->now ? until - ctx->now : 0;
	return true;
}

/* Count one failure on a counter (atomically, so two processes counting
 * at once both count; a counter quiet for LOGIN_FORGET_S starts again). */
static int backoff_bump(struct ctx *ctx, const struct backoff_rule *rule,
                        const char *username, const char *addr,
                        int64_t *failures)
{
	struct stmt s;
	*failures = 0;
	int rc = db_prepare(ctx->db, &s,
		"INSERT INTO login_backoff (scope, username, client_addr, failures,"
		" last_failure_at, locked_until) VALUES (?, ?, ?, 1, ?, 0)"
		" ON CONFLICT (scope, username, client_addr) DO UPDATE"
		" SET failures = CASE WHEN login_backoff.last_failure_at > ?"
		" THEN login_backoff.failures + 1 ELSE 1 END,"
		" last_failure_at = excluded.last_failure_at RETURNING failures");
	db_bind_text(&s, 1, rule->scope);
	db_bind_text(&s, 2, username);
	db_bind_text(&s, 3, addr);
	db_bind_int64(&s, 4, ctx->now);
	db_bind_int64(&s, 5, ctx->now - LOGIN_FORGET_S);
	rc = rc ? rc : db_step(&s);
	if (rc == DB_ROW)
		*failures = db_column_int64(&s, 0);
	db_finalize(&s);
	if (rc != DB_ROW)
		return rc == DB_DONE ? DB_ERROR : rc;
	rc = db_prepare(ctx->db, &s,
		"UPDATE login_backoff SET locked_until = ?"
		" WHERE scope = ? AND username = ? AND client_addr = ?");
	db_bind_int64(&s, 1, ctx->now + delay_after(rule, *failures));
	db_bind_text(&s, 2, rule->scope);
	db_bind_text(&s, 3, username);
	db_bind_text(&s, 4, addr);
	rc = rc ? rc : db_step(&s);
	db_finalize(&s);
	return rc == DB_DONE ? DB_OK : rc;
}

/* Count a failure on all three counters (in its own transaction: it
 * must stick even though the login fails), forget counters quiet for a
 * day, and record the attempt: an audit record when the account exists
 * (the account's owner and the reviewer may ask who tried it), and a
 * log line either way with the address (the operator sees an attack as
 * it happens). The username of an unknown account is not logged: it is
 * often a password typed into the wrong field. */
static bool record_failure(struct ctx *ctx, const char *username,
                           int64_t user_id)
{
	const char *addr = addr_of(ctx);
	int rc = db_begin(ctx->db);
	if (rc)
		return ctx_db_failed(ctx, rc, "throttle");
	int64_t pair_n = 0, addr_n = 0, acct_n = 0;
	rc = backoff_bump(ctx, &rule_pair, username, addr, &pair_n);
	rc = rc ? rc : backoff_bump(ctx, &rule_address, "", addr, &addr_n);
	rc = rc ? rc : backoff_bump(ctx, &rule_account, username, "", &acct_n);
	if (!rc) {
		struct stmt s;
		rc = db_prepare(ctx->db, &s,
			"DELETE FROM login_backoff WHERE last_failure_at <= ?");
		db_bind_int64(&s, 1, ctx->now - LOGIN_FORGET_S);
		rc = rc ? rc : db_step(&s);
		db_finalize(&s);
		rc = rc == DB_DONE ? DB_OK : rc;
	}
	if (rc) {
		db_rollback(ctx->db);
		return ctx_db_failed(ctx, rc, "throttle");
	}
	if (user_id && !audit_write(ctx, "session.login_failed", 0, 0,
	                            arena_printf(ctx->arena, "user %lld",
	                                         (long long)user_id))) {
		db_rollback(ctx->db);
		return false;
	}
	rc = db_commit(ctx->db);
	if (rc)
		return ctx_db_failed(ctx, rc, "throttle");
	if (user_id)
		log_warn("login failed for user %lld from %s (%lld from this "
		         "address, %lld for the account)", (long long)user_id,
		         addr, (long long)addr_n, (long long)acct_n);
	else
		log_warn("login failed for an unknown username from %s (%lld "
		         "from this address)", addr, (long long)addr_n);
	return true;
}

bool auth_throttle_fail(struct ctx *ctx, const char *username)
{
	return record_failure(ctx, username, 0);
}

static bool throttled(struct ctx *ctx, int64_t wait)
{
	ctx->problem->retry_after_s = (int)wait;
	return problem_set(ctx->problem, ctx->arena, PROBLEM_THROTTLED,
	                   trn(ctx->lang,
	                       "För många misslyckade inloggningar. Vänta %lld "
	                       "sekund innan du försöker igen.",
	                       "För många misslyckade inloggningar. Vänta %lld "
	                       "sekunder innan du försöker igen.", (long)wait),
	                   (long long)wait);
}

/* ---- login and sessions ---- */

/* The session row and its audit record, inside the caller's
 * transaction. */
static bool insert_session(struct ctx *ctx, const struct user *user,
                           const char *detail, const char *token,
                           const char *csrf)
{
	struct stmt s;
	int rc = db_prepare(ctx->db, &s,
		"INSERT INTO login_session (token_hash, user_id, csrf_token,"
		" created_at, last_seen_at, client_addr) VALUES (?, ?, ?, ?, ?, ?)");
	db_bind_text(&s, 1, secret_token_hash(ctx->arena, token));
	db_bind_int64(&s, 2, user->id);
	db_bind_text(&s, 3, csrf);
	db_bind_int64(&s, 4, ctx->now);
	db_bind_int64(&s, 5, ctx->now);
	db_bind_text(&s, 6, ctx->client_addr);
	rc = rc ? rc : db_step(&s);
	db_finalize(&s);
	if (rc != DB_DONE)
		return ctx_db_failed(ctx, rc, "login");
	struct ctx_as was = ctx_act_as(ctx, ACTOR_STAFF, user);
	bool audited = audit_write(ctx, "session.login", 0, 0, detail);
	ctx_act_restore(ctx, was);
	return audited;
}

bool auth_session_open(struct ctx *ctx, const struct user *user,
                       const char *how, char **token, char **csrf)
{
	if (!user->active)
		return problem_set(ctx->problem, ctx->arena, PROBLEM_FORBIDDEN, "%s",
		                   T(ctx, "Användaren är inaktiverad."));
	*token = secret_token(ctx->arena, "");
	*csrf = secret_token(ctx->arena, "");
	if (!ctx_begin(ctx))
		return false;
	if (!insert_session(ctx, user, how, *token, *csrf))
		return ctx_abort(ctx);
	if (!ctx_commit(ctx))
		return false;
	log_info("login of user %lld from %s (%s)", (long long)user->id,
	         addr_of(ctx), how);
	return true;
}

bool auth_login(struct ctx *ctx, const char *username, const char *password,
                struct user *user, char **token, char **csrf)
{
	if (!username || !*username || !password || !*password ||
	    strlen(username) > LIMIT_USERNAME || strlen(password) > LIMIT_PASSWORD)
		return wrong_credentials(ctx);
	int64_t wait;
	if (!auth_throttle_wait(ctx, username, &wait))
		return false;
	if (wait > 0) {
		/* Refused without looking at the password: log only, no
		 * audit write (a flood must not fill the audit log). */
		log_warn("login refused from %s: throttled for %lld s",
		         addr_of(ctx), (long long)wait);
		return throttled(ctx, wait);
	}

	char *hash = NULL;
	struct problem saved = *ctx->problem;
	bool found = user_load_by_username(ctx, username, user, &hash);
	if (!found) {
		if (ctx->problem->kind != PROBLEM_NOT_FOUND)
			return false; /* database trouble */
		*ctx->problem = saved;
		secret_password_dummy_verify(password);
	}
	bool ok = found && secret_password_verify(hash, password) && user->active;
	if (!ok) {
		if (!record_failure(ctx, username, found ? user->id : 0))
			return false;
		if (!auth_throttle_wait(ctx, username, &wait))
			return false;
		if (wait > 0)
			return throttled(ctx, wait);
		return wrong_credentials(ctx);
	}

	*token = secret_token(ctx->arena, "");
	*csrf = secret_token(ctx->arena, "");
	int rc = db_begin(ctx->db);
	if (rc)
		return ctx_db_failed(ctx, rc, "login");
	/* The pair's failures are forgiven; the address's and the
	 * account's are not (an attacker with an account of their own could
	 * otherwise reset them between guesses): they fade with time. */
	struct stmt s;
	rc = db_prepare(ctx->db, &s,
		"DELETE FROM login_backoff WHERE scope = 'pair' AND username = ?"
		" AND client_addr = ?");
	db_bind_text(&s, 1, username);
	db_bind_text(&s, 2, addr_of(ctx));
	rc = rc ? rc : db_step(&s);
	db_finalize(&s);
	if (rc != DB_DONE)
		goto fail;
	if (!insert_session(ctx, user, NULL, *token, *csrf)) {
		db_rollback(ctx->db);
		return false;
	}
	rc = db_commit(ctx->db);
	if (rc)
		return ctx_db_failed(ctx, rc, "login");
	return true;
fail:
	db_rollback(ctx->db);
	return ctx_db_failed(ctx, rc, "login");
}

bool auth_session(struct ctx *ctx, const char *token, struct session *out)
{
	if (!token || strlen(token) > 128)
		return false;
	const char *hash = secret_token_hash(ctx->arena, token);
	struct stmt s;
	int rc = db_prepare(ctx->db, &s,
		"SELECT s.user_id, s.csrf_token, s.created_at, s.last_seen_at"
		" FROM login_session s JOIN user_account u ON u.id = s.user_id"
		" WHERE s.token_hash = ? AND s.ended_at IS NULL AND u.active = 1"
		" AND s.last_seen_at > ? AND s.created_at > ?");
	db_bind_text(&s, 1, hash);
	db_bind_int64(&s, 2, ctx->now - SESSION_IDLE_S);
	db_bind_int64(&s, 3, ctx->now - SESSION_ABSOLUTE_S);
	rc = rc ? rc : db_step(&s);
	if (rc == DB_ROW) {
		out->user_id = db_column_int64(&s, 0);
		out->csrf_token = arena_strdup(ctx->arena, db_column_text(&s, 1));
		out->created_at = db_column_int64(&s, 2);
		out->last_seen_at = db_column_int64(&s, 3);
	}
	db_finalize(&s);
	if (rc != DB_ROW) {
		if (rc != DB_DONE)
			ctx_db_failed(ctx, rc, "session");
		return false;
	}
	if (ctx->now - out->last_seen_at >= SESSION_TOUCH_S) {
		rc = db_prepare(ctx->db, &s,
			"UPDATE login_session SET last_seen_at = ? WHERE token_hash = ?");
		db_bind_int64(&s, 1, ctx->now);
		db_bind_text(&s, 2, hash);
		rc = rc ? rc : db_step(&s);
		db_finalize(&s);
		if (rc != DB_DONE) {
			ctx_db_failed(ctx, rc, "session touch");
			return false;
		}
		out->last_seen_at = ctx->now;
	}
	return true;
}

bool auth_logout(struct ctx *ctx, const char *token)
{
	if (!token)
		return true;
	int rc = db_begin(ctx->db);
	if (rc)
		return ctx_db_failed(ctx, rc, "logout");
	struct stmt s;
	rc = db_prepare(ctx->db, &s,
		"UPDATE login_session SET ended_at = ? WHERE token_hash = ?"
		" AND ended_at IS NULL");
	db_bind_int64(&s, 1, ctx->now);
	db_bind_text(&s, 2, secret_token_hash(ctx->arena, token));
	rc = rc ? rc : db_step(&s);
	int64_t ended = rc == DB_DONE ? db_changes(&s) : 0;
	db_finalize(&s);
	if (rc != DB_DONE) {
		db_rollback(ctx->db);
		return ctx_db_failed(ctx, rc, "logout");
	}
	if (ended && ctx_staff(ctx) && !audit_write(ctx, "session.logout", 0, 0, NULL)) {
		db_rollback(ctx->db);
		return false;
	}
	rc = db_commit(ctx->db);
	if (rc)
		return ctx_db_failed(ctx, rc, "logout");
	return true;
}

/* ---- API tokens ---- */

bool auth_token_create(struct ctx *ctx, const char *username,
                       const char *label, char **token, int64_t *token_id)
{
	struct user u;
	if (!ctx_is_console(ctx))
		return problem_set(ctx->problem, ctx->arena, PROBLEM_FORBIDDEN, "%s",
		                   T(ctx, "Du har inte behörighet att göra detta."));
	if (!user_load_by_username(ctx, username, &u, NULL))
		return false;
	if (!u.active)
		return problem_set(ctx->problem, ctx->arena, PROBLEM_CONFLICT, "%s",
		                   T(ctx, "Användaren är inaktiverad."));
	*token = secret_token(ctx->arena, "sp_");
	int rc = db_begin(ctx->db);
	if (rc)
		return ctx_db_failed(ctx, rc, "token create");
	struct stmt s;
	rc = db_prepare(ctx->db, &s,
		"INSERT INTO api_token (token_hash, user_id, label, created_at)"
		" VALUES (?, ?, ?, ?) RETURNING id");
	db_bind_text(&s, 1, secret_token_hash(ctx->arena, *token));
	db_bind_int64(&s, 2, u.id);
	db_bind_text(&s, 3, label);
	db_bind_int64(&s, 4, ctx->now);
	rc = rc ? rc : db_step(&s);
	if (rc == DB_ROW)
		*token_id = db_column_int64(&s, 0);
	db_finalize(&s);
	if (rc != DB_ROW) {
		db_rollback(ctx->db);
		return ctx_db_failed(ctx, rc, "token create");
	}
	if (!audit_write(ctx, "token.create", 0, 0,
	                 arena_printf(ctx->arena, "user %lld token %lld",
	                              (long long)u.id, (long long)*token_id))) {
		db_rollback(ctx->db);
		return false;
	}
	rc = db_commit(ctx->db);
	if (rc)
		return ctx_db_failed(ctx, rc, "token create");
	return true;
}

bool auth_token_user(struct ctx *ctx, const char *token, int64_t *user_id)
{
	if (!token || strlen(token) > 128)
		return false;
	const char *hash = secret_token_hash(ctx->arena, token);
	struct stmt s;
	int rc = db_prepare(ctx->db, &s,
		"SELECT t.user_id, t.last_used_at FROM api_token t"
		" JOIN user_account u ON u.id = t.user_id"
		" WHERE t.token_hash = ? AND t.revoked_at IS NULL AND u.active = 1");
	db_bind_text(&s, 1, hash);
	rc = rc ? rc : db_step(&s);
	int64_t last_used = 0;
	if (rc == DB_ROW) {
		*user_id = db_column_int64(&s, 0);
		last_used = db_column_int64(&s, 1);
	}
	db_finalize(&s);
	if (rc != DB_ROW && rc != DB_DONE)
		ctx_db_failed(ctx, rc, "token");
	if (rc != DB_ROW)
		return false;
	/* Like a session's last_seen: written at most once a minute. */
	if (ctx->now - last_used >= SESSION_TOUCH_S) {
		db_prepare(ctx->db, &s,
			"UPDATE api_token SET last_used_at = ? WHERE token_hash = ?");
		db_bind_int64(&s, 1, ctx->now);
		db_bind_text(&s, 2, hash);
		if (!ctx_run(ctx, &s, NULL))
			return false;
	}
	return true;
}

bool auth_token_list(struct ctx *ctx, const char *username,
                     struct api_token **out, int *n)
{
	struct user u;
	*out = NULL;
	*n = 0;
	if (!ctx_is_console(ctx))
		return problem_set(ctx->problem, ctx->arena, PROBLEM_FORBIDDEN, "%s",
		                   T(ctx, "Du har inte behörighet att göra detta."));
	if (!user_load_by_username(ctx, username, &u, NULL))
		return false;
	struct stmt s;
	db_prepare(ctx->db, &s,
		"SELECT id, label, created_at, last_used_at, revoked_at"
		" FROM api_token WHERE user_id = ? ORDER BY id DESC");
	db_bind_int64(&s, 1, u.id);
	size_t count = 0, cap = 0;
	int rc;
	for (rc = db_step(&s); rc == DB_ROW; rc = db_step(&s)) {
		ARENA_PUSH(ctx->arena, *out, count, cap);
		struct api_token *t = &(*out)[count++];
		t->id = db_column_int64(&s, 0);
		t->label = arena_strdup(ctx->arena, db_column_text(&s, 1));
		t->created_at = db_column_int64(&s, 2);
		t->last_used_at = db_column_int64(&s, 3);
		t->revoked_at = db_column_int64(&s, 4);
	}
	db_finalize(&s);
	*n = (int)count;
	return rc == DB_DONE ? true : ctx_db_failed(ctx, rc, "token list");
}

bool auth_token_revoke(struct ctx *ctx, int64_t token_id)
{
	/* The console revokes any token (owner 0), a staff user only their
	 * own; nobody else any. */
	if (!ctx_is_console(ctx) && !ctx_staff(ctx))
		return ctx_not_found(ctx);
	int rc = db_begin(ctx->db);
	if (rc)
		return ctx_db_failed(ctx, rc, "token revoke");
	struct stmt s;
	rc = db_prepare(ctx->db, &s,
		"UPDATE api_token SET revoked_at = ? WHERE id = ?"
		" AND revoked_at IS NULL AND (CAST(? AS BIGINT) = 0 OR user_id = ?)");
	int64_t owner = ctx_user_id(ctx);
	db_bind_int64(&s, 1, ctx->now);
	db_bind_int64(&s, 2, token_id);
	db_bind_int64(&s, 3, owner);
	db_bind_int64(&s, 4, owner);
	rc = rc ? rc : db_step(&s);
	int64_t changed = rc == DB_DONE ? db_changes(&s) : 0;
	db_finalize(&s);
	if (rc != DB_DONE) {
		db_rollback(ctx->db);
		return ctx_db_failed(ctx, rc, "token revoke");
	}
	if (!changed) {
		db_rollback(ctx->db);
		return ctx_not_found(ctx);
	}
	if (!audit_write(ctx, "token.revoke", 0, 0,
	                 arena_printf(ctx->arena, "token %lld",
	                              (long long)token_id))) {
		db_rollback(ctx->db);
		return false;
	}
	rc = db_commit(ctx->db);
	if (rc)
		return ctx_db_failed(ctx, rc, "token revoke");
	return true;
}
