/*
 * secret.c — see secret.h.
 */
#include "sip/secret.h"

#include <pthread.h>
#include <sodium.h>
#include <stdatomic.h>
#include <string.h>

#include "base/die.h"

bool secret_init(void) { return sodium_init() >= 0; }

char *secret_token(struct arena *a, const char *prefix)
{
	unsigned char raw[32];
	randombytes_buf(raw, sizeof raw);
	size_t plen = strlen(prefix);
	size_t enc = sodium_base64_ENCODED_LEN(sizeof raw,
	                                       sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	char *out = arena_alloc(a, plen + enc);
	memcpy(out, prefix, plen);
	sodium_bin2base64(out + plen, enc, raw, sizeof raw,
	                  sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	sodium_memzero(raw, sizeof raw);
	return out;
}

char *secret_token_hash(struct arena *a, const char *token)
{
	unsigned char h[32];
	crypto_generichash(h, sizeof h, (const unsigned char *)token,
	                   strlen(token), NULL, 0);
	char *hex = arena_alloc(a, sizeof h * 2 + 1);
	sodium_bin2hex(hex, sizeof h * 2 + 1, h, sizeof h);
	return hex;
}

/* ---- password hashes ----
 *
 * The product hashes at libsodium's INTERACTIVE cost (argon2id, t=2,
 * 64 MiB, ~85 ms). Tests may lower it to the minimum (t=1, 8 KiB) with
 * secret_password_cost_for_tests, called only by tests/unit/support;
 * main() calls secret_production first, after which that call dies and
 * every hash asserts the full cost: no flag, environment variable or
 * file can make `samplan` hash cheaply. */

static atomic_bool cheap_for_tests, production;
static atomic_ullong verifications;

void secret_production(void)
{
	ensure(!atomic_load(&cheap_for_tests));
	atomic_store(&production, true);
}

void secret_password_cost_for_tests(void)
{
	ensure(!atomic_load(&production));
	atomic_store(&cheap_for_tests, true);
}

/* The cost in force: false for the product's, true for the tests'. */
static bool cheap(void)
{
	bool c = atomic_load(&cheap_for_tests);
	ensure(!(c && atomic_load(&production)));
	return c;
}

static bool hash_into(char out[crypto_pwhash_STRBYTES], const char *password)
{
	bool c = cheap();
	return crypto_pwhash_str(out, password, strlen(password),
	                         c ? crypto_pwhash_OPSLIMIT_MIN
	                           : crypto_pwhash_OPSLIMIT_INTERACTIVE,
	                         c ? crypto_pwhash_MEMLIMIT_MIN
	                           : crypto_pwhash_MEMLIMIT_INTERACTIVE) == 0;
}

static int verify(const char *stored_hash, const char *password)
{
	atomic_fetch_add(&verifications, 1);
	return crypto_pwhash_str_verify(stored_hash, password, strlen(password));
}

char *secret_password_hash(struct arena *a, const char *password)
{
	char *out = arena_alloc(a, crypto_pwhash_STRBYTES);
	return hash_into(out, password) ? out : NULL;
}

bool secret_password_verify(const char *stored_hash, const char *password)
{
	if (!stored_hash || !password)
		return false;
	return verify(stored_hash, password) == 0;
}

/* A hash of a random password, made once per cost, so unknown usernames
 * cost as much as known ones and cannot be told apart by timing. */
static char dummy_hash[2][crypto_pwhash_STRBYTES];
static pthread_mutex_t dummy_lock = PTHREAD_MUTEX_INITIALIZER;

const char *secret_password_dummy_hash(void)
{
	bool c = cheap();
	pthread_mutex_lock(&dummy_lock);
	if (!dummy_hash[c][0]) {
		char pw[33];
		unsigned char raw[16];
		randombytes_buf(raw, sizeof raw);
		sodium_bin2hex(pw, sizeof pw, raw, sizeof raw);
		if (!hash_into(dummy_hash[c], pw))
			dummy_hash[c][0] = '\0';
	}
	pthread_mutex_unlock(&dummy_lock);
	return dummy_hash[c][0] ? dummy_hash[c] : NULL;
}

void secret_password_dummy_verify(const char *password)
{
	const char *h = secret_password_dummy_hash();
	if (!h || !password)
		return;
	/* The outcome does not matter, only the time it takes. */
	int outcome = verify(h, password);
	(void)outcome;
}

uint64_t secret_password_verifications(void)
{
	return atomic_load(&verifications);
}
