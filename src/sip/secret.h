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

/* Burn the same time as a verification, for unknown usernames. */
void secret_password_dummy_verify(const char *password);

#endif
