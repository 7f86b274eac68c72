/*
 * auth.h — staff login, browser sessions, API tokens and login
 * throttling. All state is in the database, so any number of samplan
 * processes behind one PostgreSQL agree on it.
 *
 * Sessions: a random token in an HttpOnly cookie, stored as its hash;
 * a new one at every login (no fixation); ends after 30 minutes idle or
 * 12 hours in all, or at logout, server-side. Each has its own CSRF
 * token.
 *
 * Throttling (auth.c, sql/0007_login_backoff.sql), by the caller's
 * address (ctx->client_addr) as well as by account:
 *   - one address and one username: after LOGIN_FREE_FAILURES failures,
 *     30 s, 1 min, 2 min ... at most an hour;
 *   - one address over all usernames: after LOGIN_ADDR_FREE_FAILURES,
 *     10 s, 20 s ... at most an hour;
 *   - one username over all addresses: after LOGIN_ACCOUNT_FREE_FAILURES,
 *     30 s doubling up to 15 minutes, applied only to addresses that have
 *     themselves failed for that username.
 * So nobody can lock an account's owner out: a right password from an
 * address that has not failed is always checked. Attempts during a wait
 * are refused without looking at the password (and logged); failures of
 * existing accounts are audited (session.login_failed), every failure is
 * logged with its address. Counters are forgotten LOGIN_FORGET_S after
 * their last failure; a successful login forgives its pair only.
 */
#ifndef SAMPLAN_AUTH_H
#define SAMPLAN_AUTH_H

#include <stdbool.h>
#include <stdint.h>

#include "sip/ctx.h"
#include "sip/user.h"

enum {
	SESSION_IDLE_S = 30 * 60,
	SESSION_ABSOLUTE_S = 12 * 60 * 60,
	SESSION_TOUCH_S = 60, /* last_seen is written at most this often */
	LOGIN_FREE_FAILURES = 5,
	LOGIN_FIRST_DELAY_S = 30,
	LOGIN_MAX_DELAY_S = 60 * 60,
	LOGIN_ADDR_FREE_FAILURES = 20,
	LOGIN_ADDR_FIRST_DELAY_S = 10,
	LOGIN_ACCOUNT_FREE_FAILURES = 20,
	LOGIN_ACCOUNT_MAX_DELAY_S = 15 * 60,
	LOGIN_FORGET_S = 24 * 60 * 60,
};

struct session {
	int64_t user_id;
	const char *csrf_token;
	int64_t created_at;
	int64_t last_seen_at;
};

/* Check username and password. On success a new session: *token is the
 * cookie value (show once), *csrf its CSRF token, *user the user. On
 * failure the problem says why in words that do not reveal whether the
 * username exists (THROTTLED says how long to wait). */
bool auth_login(struct ctx *ctx, const char *username, const char *password,
                struct user *user, char **token, char **csrf);

/* A new session for a user signed in elsewhere — the trusted proxy's
 * identity header (routes.c) — without a password: *token and *csrf as
 * for auth_login. `how` goes into the audit record of the login
 * (session.login) and the log. Refused (FORBIDDEN) for an inactive
 * user. */
bool auth_session_open(struct ctx *ctx, const struct user *user,
                       const char *how, char **token, char **csrf);

/* The live session for a cookie token, or false (absent, expired, user
 * deactivated). Refreshes last_seen at most every SESSION_TOUCH_S. */
bool auth_session(struct ctx *ctx, const char *token, struct session *out);

/* End the session (logout). Idempotent. */
bool auth_logout(struct ctx *ctx, const char *token);

/* A new API token for username (console only: ACTOR_CONSOLE).
 * *token is shown once. */
bool auth_token_create(struct ctx *ctx, const char *username,
                       const char *label, char **token, int64_t *token_id);
/* The user id an API token belongs to, or false (unknown, revoked,
 * user deactivated). */
bool auth_token_user(struct ctx *ctx, const char *token, int64_t *user_id);
/* Revoke a token by id (console, or the token's own user). */
bool auth_token_revoke(struct ctx *ctx, int64_t token_id);

struct api_token {
	int64_t id;
	const char *label;
	int64_t created_at;
	int64_t last_used_at; /* 0: never; updated at most every minute */
	int64_t revoked_at;
};
/* A user's tokens, newest first (console only). */
bool auth_token_list(struct ctx *ctx, const char *username,
                     struct api_token **out, int *n);

/* Seconds the caller (ctx->client_addr) must still wait before trying
 * username (0: may try now). */
bool auth_throttle_wait(struct ctx *ctx, const char *username, int64_t *wait_s);

/* Count a failed attempt for username (a real one, or a pseudo-account
 * such as citizen.h's CITIZEN_CODE_ACCOUNT) from the caller's address on
 * the three counters above, in its own transaction, without an audit
 * record. */
bool auth_throttle_fail(struct ctx *ctx, const char *username);

#endif
