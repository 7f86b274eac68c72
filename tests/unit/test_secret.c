/*
 * test_secret.c — password hashes (argon2id), random tokens and the
 * hashes under which tokens are stored.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>
#include <time.h>

#include "sip/secret.h"

static struct arena a;

static int setup(void **state)
{
	(void)state;
	if (!secret_init())
		return -1;
	arena_init(&a, 16 << 20);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	arena_free(&a);
	return 0;
}

static void test_password_hash_and_verify(void **state)
{
	(void)state;
	const char *pw = "korrekt häst batteri häftklammer";
	char *h1 = secret_password_hash(&a, pw);
	assert_non_null(h1);
	assert_int_equal(strncmp(h1, "$argon2id$", 10), 0);
	assert_null(strstr(h1, "häst")); /* no plain text in the hash */
	assert_true(secret_password_verify(h1, pw));
	assert_false(secret_password_verify(h1, "korrekt häst batteri häftklammeR"));
	assert_false(secret_password_verify(h1, ""));
	assert_false(secret_password_verify(h1, NULL));
	assert_false(secret_password_verify(NULL, pw));
	/* Salted: the same password hashes differently each time. */
	char *h2 = secret_password_hash(&a, pw);
	assert_string_not_equal(h1, h2);
	assert_true(secret_password_verify(h2, pw));
}

static void test_malformed_stored_hash(void **state)
{
	(void)state;
	assert_false(secret_password_verify("", "x"));
	assert_false(secret_password_verify("not a hash", "not a hash"));
	assert_false(secret_password_verify("$argon2id$v=19$m=65536,t=2,p=1$", "x"));
}

static void test_dummy_verify_costs_time(void **state)
{
	(void)state;
	struct timespec t0, t1;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	secret_password_dummy_verify("whatever");
	secret_password_dummy_verify("whatever");
	clock_gettime(CLOCK_MONOTONIC, &t1);
	double ms = (double)(t1.tv_sec - t0.tv_sec) * 1e3 +
	            (double)(t1.tv_nsec - t0.tv_nsec) / 1e6;
	/* argon2id with 64 MiB cannot run in a few microseconds: if it
	 * does, unknown usernames answer faster than known ones. */
	assert_true(ms > 5.0);
}

static bool base64url(const char *s)
{
	for (; *s; s++)
		if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') ||
		      (*s >= '0' && *s <= '9') || *s == '-' || *s == '_'))
			return false;
	return true;
}

static void test_token_format(void **state)
{
	(void)state;
	char *t = secret_token(&a, "");
	assert_int_equal(strlen(t), 43); /* 32 bytes, base64url, no padding */
	assert_true(base64url(t));
	char *p = secret_token(&a, "sp_");
	assert_int_equal(strlen(p), 46);
	assert_int_equal(strncmp(p, "sp_", 3), 0);
	assert_true(base64url(p + 3));
	/* Random: a thousand never repeat. */
	enum { K = 1000 };
	static char *seen[K];
	for (int i = 0; i < K; i++) {
		seen[i] = secret_token(&a, "");
		for (int j = 0; j < i; j++)
			assert_string_not_equal(seen[i], seen[j]);
	}
}

static void test_token_hash(void **state)
{
	(void)state;
	/* BLAKE2b-256: the stored form is stable across versions. */
	assert_string_equal(secret_token_hash(&a, "abc"),
		"bddd813c634239723171ef3fee98579b94964e3bb1cb3e427262c8c068d52319");
	assert_string_equal(secret_token_hash(&a, ""),
		"0e5751c026e543b2e8ab2eb06099daa1d1e5df47778f7787faab45cdf12fe3a8");
	char *t = secret_token(&a, "sp_");
	char *h1 = secret_token_hash(&a, t);
	char *h2 = secret_token_hash(&a, t);
	assert_string_equal(h1, h2);
	assert_int_equal(strlen(h1), 64);
	assert_null(strstr(h1, t));
	char *u = secret_token(&a, "sp_");
	assert_string_not_equal(secret_token_hash(&a, u), h1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_password_hash_and_verify),
		cmocka_unit_test(test_malformed_stored_hash),
		cmocka_unit_test(test_dummy_verify_costs_time),
		cmocka_unit_test(test_token_format),
		cmocka_unit_test(test_token_hash),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
