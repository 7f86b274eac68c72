/*
 * test_buf.c — struct buf: the cap, the sticky failed flag, printf,
 * detach, and the invariants buf.h promises after every call.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "base/buf.h"

/* buf.h: data is never NULL, always NUL-terminated, len <= limit. */
static void check_invariants(const struct buf *b)
{
	assert_non_null(b->data);
	assert_int_equal(b->data[b->len], '\0');
	assert_true(b->len <= b->limit);
	if (b->cap)
		assert_true(b->len < b->cap);
}

static void test_init_is_empty(void **state)
{
	(void)state;
	struct buf b;
	buf_init(&b, 100);
	check_invariants(&b);
	assert_string_equal(b.data, "");
	assert_int_equal(b.len, 0);
	assert_false(buf_failed(&b));
	buf_free(&b);
	check_invariants(&b);
}

static void test_append_up_to_cap(void **state)
{
	(void)state;
	struct buf b;
	buf_init(&b, 10);
	assert_true(buf_puts(&b, "hello"));
	check_invariants(&b);
	assert_true(buf_append(&b, "world", 5));
	check_invariants(&b);
	assert_int_equal(b.len, 10);
	assert_string_equal(b.data, "helloworld");
	assert_false(buf_failed(&b));
	/* One byte more is refused and nothing is appended. */
	assert_false(buf_putc(&b, '!'));
	check_invariants(&b);
	assert_true(buf_failed(&b));
	assert_string_equal(b.data, "helloworld");
	buf_free(&b);
}

static void test_failed_is_sticky_until_reset(void **state)
{
	(void)state;
	struct buf b;
	buf_init(&b, 8);
	assert_true(buf_puts(&b, "abc"));
	assert_false(buf_puts(&b, "too long!"));
	assert_true(buf_failed(&b));
	assert_string_equal(b.data, "abc");
	/* Even a piece that would fit is refused once failed, so a page
	 * is never silently missing a middle part. */
	assert_false(buf_putc(&b, 'd'));
	assert_string_equal(b.data, "abc");
	buf_reset(&b);
	check_invariants(&b);
	assert_false(buf_failed(&b));
	assert_string_equal(b.data, "");
	assert_true(buf_puts(&b, "12345678"));
	assert_string_equal(b.data, "12345678");
	buf_free(&b);
}

static void test_printf(void **state)
{
	(void)state;
	struct buf b;
	buf_init(&b, 64);
	assert_true(buf_printf(&b, "%d-%s-%c", 42, "x", 'y'));
	assert_string_equal(b.data, "42-x-y");
	assert_true(buf_printf(&b, "|%05.1f", 3.14159));
	assert_string_equal(b.data, "42-x-y|003.1");
	check_invariants(&b);
	buf_free(&b);

	/* A printf that would pass the cap writes nothing at all. */
	buf_init(&b, 10);
	assert_true(buf_puts(&b, "abcd"));
	assert_false(buf_printf(&b, "%s", "1234567"));
	assert_string_equal(b.data, "abcd");
	assert_true(buf_failed(&b));
	check_invariants(&b);
	buf_free(&b);

	/* Exactly to the cap is fine. */
	buf_init(&b, 6);
	assert_true(buf_printf(&b, "%06d", 7));
	assert_string_equal(b.data, "000007");
	buf_free(&b);
}

static void test_growth_keeps_content(void **state)
{
	(void)state;
	struct buf b;
	buf_init(&b, 1 << 20);
	for (int i = 0; i < 10000; i++) {
		assert_true(buf_printf(&b, "%04d,", i % 10000));
		if (i % 997 == 0)
			check_invariants(&b);
	}
	assert_int_equal(b.len, 50000);
	assert_memory_equal(b.data, "0000,0001,", 10);
	assert_memory_equal(b.data + 49995, "9999,", 5);
	check_invariants(&b);
	buf_free(&b);
}

static void test_binary_data(void **state)
{
	(void)state;
	struct buf b;
	buf_init(&b, 16);
	const char bytes[] = {'a', '\0', 'b'};
	assert_true(buf_append(&b, bytes, 3));
	assert_int_equal(b.len, 3);
	assert_memory_equal(b.data, bytes, 3);
	check_invariants(&b);
	assert_true(buf_append(&b, "", 0));
	assert_int_equal(b.len, 3);
	buf_free(&b);
}

static void test_zero_limit(void **state)
{
	(void)state;
	struct buf b;
	buf_init(&b, 0);
	assert_true(buf_append(&b, "", 0));
	check_invariants(&b);
	assert_false(buf_putc(&b, 'x'));
	assert_true(buf_failed(&b));
	check_invariants(&b);
	buf_free(&b);
}

static void test_detach(void **state)
{
	(void)state;
	struct buf b;
	buf_init(&b, 100);
	buf_puts(&b, "owned");
	size_t len = 0;
	char *s = buf_detach(&b, &len);
	assert_string_equal(s, "owned");
	assert_int_equal(len, 5);
	/* The buffer starts over, empty, with the same limit. */
	check_invariants(&b);
	assert_int_equal(b.len, 0);
	assert_int_equal(b.limit, 100);
	assert_true(s != b.data);
	assert_true(buf_puts(&b, "again"));
	assert_string_equal(s, "owned");
	free(s);
	buf_free(&b);

	/* An empty buffer detaches a malloc'd "" the caller may free. */
	buf_init(&b, 5);
	char *e = buf_detach(&b, NULL);
	assert_string_equal(e, "");
	free(e);
	buf_free(&b);
}

static void test_free_then_reuse(void **state)
{
	(void)state;
	struct buf b;
	buf_init(&b, 32);
	buf_puts(&b, "first");
	buf_free(&b);
	check_invariants(&b);
	assert_string_equal(b.data, "");
	assert_int_equal(b.limit, 32);
	assert_true(buf_puts(&b, "second"));
	assert_string_equal(b.data, "second");
	buf_free(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_init_is_empty),
		cmocka_unit_test(test_append_up_to_cap),
		cmocka_unit_test(test_failed_is_sticky_until_reset),
		cmocka_unit_test(test_printf),
		cmocka_unit_test(test_growth_keeps_content),
		cmocka_unit_test(test_binary_data),
		cmocka_unit_test(test_zero_limit),
		cmocka_unit_test(test_detach),
		cmocka_unit_test(test_free_then_reuse),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
