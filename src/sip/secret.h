/*
 * secret.h — random tokens, their stored hashes, and password hashes
 * (libsodium).
 *
 * Session cookies and API tokens are 32 random bytes, shown once and
 * stored only as a BLAKE2b hash, looked up by that hash: a stolen copy of
 * the database cannot be used to log in, and lookups need no slow hash
 * (argon2id costs ~85 ms, fine for a login, too slow per request).
 */
#ifndef SAMPLAN_SECRET_H
#define SAMPLAN_SECRET_H

#include <stdbool.h>
#include <stdint.h>

#include "base/arena.h"

/* Initialise libsodium; false if it cannot run (startup only). */
bool secret_init(void);

/* A new random token: prefix followed by 43 base64url characters. */
char *secret_token(struct arena *a, const char *prefix);

/* The hex BLAKE2b-256 hash under which a token is stored. */
char *secret_token_hash(struct arena *a, const char *token);

/* argon2id hash of a password (libsodium's string format), or NULL if
 * the system is out of memory for the hash. */
char *secret_password_hash(struct arena *a, const char *password);

/* Verify in constant time; false for a wrong password or a malformed
 * stored hash. */
bool secret_password_verify(const char *stored_hash, const char *password);

/* Burn the same time as a verification, for unknown usernames: one
 * argon2id verification against a hash made like every other (same
 * algorithm, opslimit and memlimit) of a random password. */
void secret_password_dummy_verify(const char *password);
/* That hash (libsodium's string format), or NULL when it could not be
 * made; for tests that compare its parameters with a real hash's. */
const char *secret_password_dummy_hash(void);

/* argon2id verifications run so far by secret_password_verify and
 * secret_password_dummy_verify, together (for tests). */
uint64_t secret_password_verifications(void);

/* The product: main() calls this before any subcommand. From then on
 * secret_password_cost_for_tests dies, and so does any hash or dummy
 * verification that would run at the tests' cost. */
void secret_production(void);

/* Tests only (tests/unit/support calls it when it opens a test
 * database): new hashes at argon2id's minimum cost (t=1, 8 KiB), the
 * unit tests' largest CPU cost otherwise. Hashes made at full cost
 * still verify, since a hash carries its own parameters. */
void secret_password_cost_for_tests(void);

#endif
