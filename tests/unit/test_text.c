/*
 * test_text.c — UTF-8 validation, character counting, control
 * characters, cleaning, folding for search, constant-time comparison.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "base/text.h"

static bool valid(const char *s) { return text_utf8_valid(s, strlen(s)); }

static void test_utf8_valid(void **state)
{
	(void)state;
	static const char *const good[] = {
		"", "plain ASCII", "Åsa Öberg", "\xC2\x80", "\xDF\xBF",
		"\xE0\xA0\x80", "\xEF\xBF\xBF", "\xED\x9F\xBF", "\xEE\x80\x80",
		"\xF0\x90\x80\x80", "\xF4\x8F\xBF\xBF", "€ 😀",
	};
	for (size_t i = 0; i < sizeof good / sizeof *good; i++)
		if (!valid(good[i]))
			fail_msg("good[%zu] refused", i);
	static const char *const bad[] = {
		"\x80",             /* continuation without lead */
		"\xBF",
		"\xC0\x80",         /* overlong NUL */
		"\xC1\xBF",         /* overlong */
		"\xC3",             /* truncated */
		"\xC3(",            /* bad continuation */
		"\xE0\x80\x80",     /* overlong 3-byte */
		"\xE0\x9F\xBF",
		"\xED\xA0\x80",     /* UTF-16 surrogate */
		"\xED\xBF\xBF",
		"\xE2\x82",         /* truncated 3-byte */
		"\xF0\x80\x80\x80", /* overlong 4-byte */
		"\xF4\x90\x80\x80", /* above U+10FFFF */
		"\xF5\x80\x80\x80",
		"\xF8\x88\x80\x80\x80",
		"\xFE", "\xFF",
		"ok\xFF",
	};
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++)
		if (valid(bad[i]))
			fail_msg("bad[%zu] accepted", i);
	/* Length is respected: a NUL byte inside is invalid, and a valid
	 * prefix of a longer invalid string is valid. */
	assert_false(text_utf8_valid("a\0b", 3));
	assert_true(text_utf8_valid("ab\xFF", 2));
	assert_false(text_utf8_valid("\xC3\xA5", 1));
}

static void test_chars(void **state)
{
	(void)state;
	assert_int_equal(text_chars(""), 0);
	assert_int_equal(text_chars("abc"), 3);
	assert_int_equal(text_chars("åäö"), 3);
	assert_int_equal(strlen("åäö"), 6);
	assert_int_equal(text_chars("€😀x"), 3);
}

static void test_controls(void **state)
{
	(void)state;
	assert_false(text_has_controls("plain text åäö", false));
	assert_true(text_has_controls("a\nb", false));
	assert_false(text_has_controls("a\nb\tc\r\n", true));
	assert_true(text_has_controls("a\x01", true));
	assert_true(text_has_controls("\x1B[31m", true));
	assert_true(text_has_controls("del\x7F", true));
	assert_true(text_has_controls("tab\t", false));
	assert_false(text_has_controls("", false));
}

static void test_clean(void **state)
{
	(void)state;
	struct arena a;
	arena_init(&a, 1 << 16);
	assert_string_equal(text_clean(&a, "  hej  "), "hej");
	assert_string_equal(text_clean(&a, "\t\r\n x \n"), "x");
	assert_string_equal(text_clean(&a, "a\r\nb\rc\nd"), "a\nb\nc\nd");
	assert_string_equal(text_clean(&a, "   "), "");
	assert_string_equal(text_clean(&a, ""), "");
	assert_string_equal(text_clean(&a, "inner  space"), "inner  space");
	arena_free(&a);
}

static void test_fold(void **state)
{
	(void)state;
	struct arena a;
	arena_init(&a, 1 << 16);
	assert_string_equal(text_fold(&a, "ÅSA ÖBERG"), "åsa öberg");
	assert_string_equal(text_fold(&a, "ÄÆØÜÉ"), "äæøüé");
	assert_string_equal(text_fold(&a, "already lower åäö"), "already lower åäö");
	assert_string_equal(text_fold(&a, "2×3"), "2×3"); /* × is no letter */
	assert_string_equal(text_fold(&a, "ABC-xyz_123"), "abc-xyz_123");
	arena_free(&a);
}

static void test_secret_equal(void **state)
{
	(void)state;
	assert_true(text_secret_equal("", ""));
	assert_true(text_secret_equal("abcdef", "abcdef"));
	assert_false(text_secret_equal("abcdef", "abcdeF"));
	assert_false(text_secret_equal("abc", "abcd"));
	assert_false(text_secret_equal("abcd", "abc"));
	assert_false(text_secret_equal("", "x"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_utf8_valid),
		cmocka_unit_test(test_chars),
		cmocka_unit_test(test_controls),
		cmocka_unit_test(test_clean),
		cmocka_unit_test(test_fold),
		cmocka_unit_test(test_secret_equal),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
