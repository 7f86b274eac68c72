/*
 * test_secret.c — password hashes (argon2id), random tokens and the
 * hashes under which tokens are stored.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

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

/* "$argon2id$v=19$m=65536,t=2,p=1$": algorithm, version, memlimit,
 * opslimit and parallelism of a hash, without its salt and digest. */
static const char *params_of(const char *hash)
{
	assert_non_null(hash);
	const char *p = hash;
	for (int i = 0; i < 4; i++) {
		p = strchr(p, '$');
		assert_non_null(p);
		p++;
	}
	return arena_strndup(&a, hash, (size_t)(p - hash));
}

static double ms_since(const struct timespec *t0)
{
	struct timespec t1;
	clock_gettime(CLOCK_MONOTONIC, &t1);
	return (double)(t1.tv_sec - t0->tv_sec) * 1e3 +
	       (double)(t1.tv_nsec - t0->tv_nsec) / 1e6;
}

/* An unknown username costs what a known one costs: the dummy is one
 * argon2id verification, against a hash with the same algorithm,
 * opslimit and memlimit as a real password's (at the product's cost:
 * this suite never lowers it before its last test). */
static void test_dummy_verify_costs_what_a_verify_costs(void **state)
{
	(void)state;
	char *real = secret_password_hash(&a, "ett riktigt lösenord");
	assert_string_equal(params_of(real), "$argon2id$v=19$m=65536,t=2,p=1$");
	assert_string_equal(params_of(secret_password_dummy_hash()),
	                    params_of(real));
	uint64_t n0 = secret_password_verifications();
	secret_password_dummy_verify("whatever");
	assert_int_equal(secret_password_verifications(), n0 + 1);
	assert_false(secret_password_verify(real, "whatever"));
	assert_int_equal(secret_password_verifications(), n0 + 2);
	/* The clock agrees, within wide bounds (the machine is shared):
	 * the fastest of three of each. */
	double dummy = 1e9, known = 1e9;
	for (int i = 0; i < 3; i++) {
		struct timespec t0;
		clock_gettime(CLOCK_MONOTONIC, &t0);
		secret_password_dummy_verify("whatever");
		double d = ms_since(&t0);
		clock_gettime(CLOCK_MONOTONIC, &t0);
		assert_false(secret_password_verify(real, "whatever"));
		double k = ms_since(&t0);
		dummy = d < dummy ? d : dummy;
		known = k < known ? k : known;
	}
	double ratio = dummy / known;
	if (ratio < 1.0 / 3 || ratio > 3.0)
		fail_msg("dummy verification %.1f ms, real one %.1f ms", dummy,
		         known);
}

/* Run `what` in a child process: true when the child died of SIGABRT
 * (an ensure), false when it returned. */
static bool aborts(void (*what)(void))
{
	fflush(NULL);
	pid_t pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		what();
		_exit(0);
	}
	int status = 0;
	assert_int_equal(waitpid(pid, &status, 0), pid);
	return WIFSIGNALED(status) && WTERMSIG(status) == SIGABRT;
}

static void production_then_cheap(void)
{
	secret_production();
	secret_password_cost_for_tests();
}

static void cheap_then_production(void)
{
	secret_password_cost_for_tests();
	secret_production();
}

static void production_hashes(void)
{
	struct arena x;
	arena_init(&x, 1 << 20);
	secret_production();
	if (!secret_password_hash(&x, "pw"))
		_exit(1);
	secret_password_dummy_verify("pw");
	arena_free(&x);
}

/* The product (main() calls secret_production) can never hash at the
 * tests' cost: lowering it afterwards dies, and so does starting the
 * product after it was lowered. Full-cost hashing goes on. */
static void test_production_refuses_the_cheap_cost(void **state)
{
	(void)state;
	assert_true(aborts(production_then_cheap));
	assert_true(aborts(cheap_then_production));
	assert_false(aborts(production_hashes));
}

/* The tests' cost: minimal argon2id parameters, while hashes made at
 * full cost still verify and the dummy follows the cost in force.
 * Last in this suite: the setting cannot be undone. */
static void test_cost_for_tests(void **state)
{
	(void)state;
	const char *pw = "korrekt häst";
	char *full = secret_password_hash(&a, pw);
	secret_password_cost_for_tests();
	char *cheap = secret_password_hash(&a, pw);
	assert_string_equal(params_of(cheap), "$argon2id$v=19$m=8,t=1,p=1$");
	assert_string_equal(params_of(full), "$argon2id$v=19$m=65536,t=2,p=1$");
	assert_true(secret_password_verify(full, pw));
	assert_true(secret_password_verify(cheap, pw));
	assert_false(secret_password_verify(cheap, "korrekt hast"));
	assert_string_equal(params_of(secret_password_dummy_hash()),
	                    params_of(cheap));
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
		cmocka_unit_test(test_dummy_verify_costs_what_a_verify_costs),
		cmocka_unit_test(test_production_refuses_the_cheap_cost),
		cmocka_unit_test(test_token_format),
		cmocka_unit_test(test_token_hash),
		cmocka_unit_test(test_cost_for_tests), /* last: cannot be undone */
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
