/*
 * test_arena.c — the request arena: alignment, zeroed memory, growth
 * past the first chunk, the copying helpers, ARENA_PUSH, and that
 * exhausting the limit is an abort (a bug), never a NULL.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <fcntl.h>
#include <signal.h>
#include <stdalign.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "base/arena.h"

static bool aligned(const void *p)
{
	return (uintptr_t)p % alignof(max_align_t) == 0;
}

static void test_alignment(void **state)
{
	(void)state;
	struct arena a;
	arena_init(&a, 1 << 20);
	static const size_t sizes[] = {1, 3, 7, 8, 13, 16, 17, 31, 100, 0, 5};
	for (size_t i = 0; i < sizeof sizes / sizeof *sizes; i++) {
		void *p = arena_alloc(&a, sizes[i]);
		assert_non_null(p);
		assert_true(aligned(p));
	}
	long double *ld = arena_new(&a, long double);
	*ld = 1.5L;
	assert_true(aligned(ld));
	arena_free(&a);
}

static void test_zeroed(void **state)
{
	(void)state;
	struct arena a;
	arena_init(&a, 1 << 20);
	for (int round = 0; round < 3; round++) {
		unsigned char *p = arena_alloc(&a, 4000);
		for (int i = 0; i < 4000; i++)
			assert_int_equal(p[i], 0);
		memset(p, 0xAB, 4000);
		arena_free(&a);
	}
	/* Also memory following used memory in the same chunk. */
	unsigned char *x = arena_alloc(&a, 64);
	memset(x, 0xFF, 64);
	unsigned char *y = arena_alloc(&a, 64);
	for (int i = 0; i < 64; i++)
		assert_int_equal(y[i], 0);
	struct pair { int a; char *b; } *s = arena_new(&a, struct pair);
	assert_int_equal(s->a, 0);
	assert_null(s->b);
	arena_free(&a);
}

static void test_growth_and_distinct_blocks(void **state)
{
	(void)state;
	struct arena a;
	arena_init(&a, 16 << 20);
	enum { N = 5000 };
	int **blocks = malloc(sizeof *blocks * N);
	assert_non_null(blocks);
	for (int i = 0; i < N; i++) {
		blocks[i] = arena_array(&a, int, 8);
		for (int k = 0; k < 8; k++)
			blocks[i][k] = i * 8 + k;
	}
	/* Nothing overwrote anything: well past the first 8 KiB chunk. */
	for (int i = 0; i < N; i++)
		for (int k = 0; k < 8; k++)
			assert_int_equal(blocks[i][k], i * 8 + k);
	assert_true(a.total >= (size_t)N * 8 * sizeof(int));
	assert_true(a.total <= a.limit);
	/* A block bigger than any chunk so far gets its own. */
	char *big = arena_alloc(&a, 3 << 20);
	memset(big, 'x', 3 << 20);
	assert_int_equal(blocks[N - 1][7], (N - 1) * 8 + 7);
	free(blocks);
	arena_free(&a);
	assert_int_equal(a.total, 0);
	assert_null(a.head);
}

static void test_limit_is_exact_when_needed(void **state)
{
	(void)state;
	/* Doubling would overshoot the limit; the exact size still fits. */
	struct arena a;
	arena_init(&a, 8192 + 5000);
	void *p = arena_alloc(&a, 8000);
	void *q = arena_alloc(&a, 4992);
	assert_non_null(p);
	assert_non_null(q);
	assert_true(a.total <= a.limit);
	arena_free(&a);
}

static void test_strings(void **state)
{
	(void)state;
	struct arena a;
	arena_init(&a, 1 << 20);
	const char *src = "Åsa Öberg";
	char *d = arena_strdup(&a, src);
	assert_string_equal(d, src);
	assert_ptr_not_equal(d, src);
	assert_null(arena_strdup(&a, NULL));
	char *n = arena_strndup(&a, "abcdef", 3);
	assert_string_equal(n, "abc");
	char *e = arena_strndup(&a, "", 0);
	assert_string_equal(e, "");
	char *f = arena_printf(&a, "%s=%d;%05.2f", "x", -12, 2.5);
	assert_string_equal(f, "x=-12;02.50");
	/* Longer than the first chunk. */
	char *long_text = arena_printf(&a, "%20000d|", 7);
	assert_int_equal(strlen(long_text), 20001);
	assert_int_equal(long_text[19999], '7');
	assert_int_equal(long_text[20000], '|');
	assert_string_equal(d, src);
	arena_free(&a);
}

static void test_arena_push(void **state)
{
	(void)state;
	struct arena a;
	arena_init(&a, 1 << 20);
	int *list = NULL;
	size_t n = 0, cap = 0;
	for (int i = 0; i < 1000; i++) {
		ARENA_PUSH(&a, list, n, cap);
		list[n++] = i * 3;
		assert_true(n <= cap);
	}
	assert_int_equal(n, 1000);
	assert_int_equal(cap, 1024); /* 16, doubling */
	for (int i = 0; i < 1000; i++)
		assert_int_equal(list[i], i * 3);
	/* Room left: the same array comes back. */
	int *before = list;
	size_t c = 2000;
	assert_ptr_equal(arena_grow(&a, list, 10, &c, sizeof *list), before);
	assert_int_equal(c, 2000);
	arena_free(&a);
}

/* Run f in a child with stderr silenced; true if it died of SIGABRT. */
static bool aborts(void (*f)(void))
{
	pid_t pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		/* cmocka's own handler would report and carry on here. */
		signal(SIGABRT, SIG_DFL);
		int null = open("/dev/null", O_WRONLY);
		if (null >= 0)
			dup2(null, 2);
		f();
		_exit(0);
	}
	int status = 0;
	assert_int_equal(waitpid(pid, &status, 0), pid);
	return WIFSIGNALED(status) && WTERMSIG(status) == SIGABRT;
}

static void over_limit(void)
{
	struct arena a;
	arena_init(&a, 4096);
	arena_alloc(&a, 4097);
}

static void over_limit_in_steps(void)
{
	struct arena a;
	arena_init(&a, 64 * 1024);
	for (int i = 0; i < 100; i++)
		arena_alloc(&a, 1024);
}

static void calloc_overflow(void)
{
	struct arena a;
	arena_init(&a, 1 << 20);
	arena_calloc(&a, SIZE_MAX / 2, 4);
}

static void test_exhaustion_aborts(void **state)
{
	(void)state;
	assert_true(aborts(over_limit));
	assert_true(aborts(over_limit_in_steps));
	assert_true(aborts(calloc_overflow));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_alignment),
		cmocka_unit_test(test_zeroed),
		cmocka_unit_test(test_growth_and_distinct_blocks),
		cmocka_unit_test(test_limit_is_exact_when_needed),
		cmocka_unit_test(test_strings),
		cmocka_unit_test(test_arena_push),
		cmocka_unit_test(test_exhaustion_aborts),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
