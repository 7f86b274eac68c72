/*
 * secret.c — see secret.h.
 */
#include "sip/secret.h"

#include <pthread.h>
#include <sodium.h>
#include <string.h>

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

char *secret_password_hash(struct arena *a, const char *password)
{
	char *out = arena_alloc(a, crypto_pwhash_STRBYTES);
	if (crypto_pwhash_str(out, password, strlen(password),
	                      crypto_pwhash_OPSLIMIT_INTERACTIVE,
	                      crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0)
		return NULL;
	return out;
}

bool secret_password_verify(const char *stored_hash, const char *password)
{
	if (!stored_hash || !password)
		return false;
	return crypto_pwhash_str_verify(stored_hash, password,
	                                strlen(password)) == 0;
}

/* A hash of a random password, made once, so unknown usernames cost as
 * much as known ones and cannot be told apart by timing. */
static char dummy_hash[crypto_pwhash_STRBYTES];
static pthread_once_t dummy_once = PTHREAD_ONCE_INIT;

static void make_dummy(void)
{
	char pw[33];
	unsigned char raw[16];
	randombytes_buf(raw, sizeof raw);
	sodium_bin2hex(pw, sizeof pw, raw, sizeof raw);
	if (crypto_pwhash_str(dummy_hash, pw, strlen(pw),
	                      crypto_pwhash_OPSLIMIT_INTERACTIVE,
	                      crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0)
		dummy_hash[0] = '\0';
}

void secret_password_dummy_verify(const char *password)
{
	pthread_once(&dummy_once, make_dummy);
	if (!dummy_hash[0])
		return;
	/* The outcome does not matter, only the time it takes. */
	int outcome = crypto_pwhash_str_verify(dummy_hash, password,
	                                       strlen(password));
	(void)outcome;
}
