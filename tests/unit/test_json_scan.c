/*
 * test_json_scan.c — the token reader of the hot read paths
 * (base/json_scan.h): every kind of value, escapes and surrogate pairs,
 * skipping subtrees, member look-up, and the inputs it must refuse.
 * tests/fuzz/fuzz_json_scan.c compares it with jansson on any bytes.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "base/json_scan.h"

static bool scans(const char *text)
{
	struct json_scan j;
	bool ok = json_scan(&j, text, strlen(text));
	json_scan_free(&j);
	return ok;
}

static void test_values(void **state)
{
	(void)state;
	const char *text = " [null, true, false, -0, 9223372036854775807,"
	                   " -9223372036854775808, 1.9e1, \"\", [], {}] ";
	struct json_scan j;
	assert_true(json_scan(&j, text, strlen(text)));
	assert_int_equal(json_scan_type(&j, 0), JSCAN_ARRAY);
	assert_int_equal(j.tokens[0].count, 10);
	assert_int_equal(json_scan_type(&j, json_scan_element(&j, 0, 0)), JSCAN_NULL);
	assert_int_equal(json_scan_type(&j, json_scan_element(&j, 0, 1)), JSCAN_TRUE);
	assert_int_equal(json_scan_type(&j, json_scan_element(&j, 0, 2)), JSCAN_FALSE);
	assert_int_equal(j.tokens[json_scan_element(&j, 0, 4)].number, INT64_MAX);
	assert_int_equal(j.tokens[json_scan_element(&j, 0, 5)].number, INT64_MIN);
	assert_int_equal(j.tokens[json_scan_element(&j, 0, 6)].number, 19);
	assert_string_equal(json_scan_string(&j, json_scan_element(&j, 0, 7)), "");
	assert_int_equal(json_scan_type(&j, json_scan_element(&j, 0, 9)),
	                 JSCAN_OBJECT);
	assert_int_equal(json_scan_element(&j, 0, 10), JSCAN_NONE);
	assert_null(json_scan_string(&j, JSCAN_NONE));
	json_scan_free(&j);
}

static void test_strings(void **state)
{
	(void)state;
	const char *text = "[\"Åsa \\\"Q\\\" \\\\ \\/ \\b\\f\\n\\r\\t\","
	                   " \"\\u00e5\\u00C4\\u20ac\", \"\\ud83d\\ude00\"]";
	struct json_scan j;
	assert_true(json_scan(&j, text, strlen(text)));
	assert_string_equal(json_scan_string(&j, json_scan_element(&j, 0, 0)),
	                    "Åsa \"Q\" \\ / \b\f\n\r\t");
	assert_string_equal(json_scan_string(&j, json_scan_element(&j, 0, 1)),
	                    "åÄ€");
	assert_string_equal(json_scan_string(&j, json_scan_element(&j, 0, 2)),
	                    "\xF0\x9F\x98\x80");
	assert_int_equal(j.tokens[json_scan_element(&j, 0, 2)].len, 4);
	json_scan_free(&j);
}

/* Members are found past whole subtrees; the text of a container is
 * its span in the input. */
static void test_objects_and_subtrees(void **state)
{
	(void)state;
	const char *text = "{\"a\": [1, [2, {\"x\": \"]\"}], 3], \"b\": {\"c\": 4},"
	                   " \"d\": \"e\"}";
	struct json_scan j;
	assert_true(json_scan(&j, text, strlen(text)));
	size_t a = json_scan_member(&j, 0, "a");
	assert_int_equal(json_scan_type(&j, a), JSCAN_ARRAY);
	assert_int_equal(j.tokens[json_scan_element(&j, a, 2)].number, 3);
	size_t b = json_scan_member(&j, 0, "b");
	assert_int_equal(j.tokens[json_scan_member(&j, b, "c")].number, 4);
	assert_string_equal(json_scan_string(&j, json_scan_member(&j, 0, "d")), "e");
	assert_int_equal(json_scan_member(&j, 0, "z"), JSCAN_NONE);
	assert_int_equal(json_scan_member(&j, a, "a"), JSCAN_NONE); /* no object */
	size_t inner = json_scan_element(&j, a, 1);
	assert_int_equal(j.tokens[inner].len, strlen("[2, {\"x\": \"]\"}]"));
	assert_memory_equal(text + j.tokens[inner].at, "[2, {\"x\": \"]\"}]",
	                    j.tokens[inner].len);
	json_scan_free(&j);
}

static void test_refused(void **state)
{
	(void)state;
	static const char *const bad[] = {
		"", " ", "[", "]", "[1,]", "[,1]", "[1 2]", "{\"a\"}", "{\"a\":}",
		"{1: 2}", "{\"a\": 1,}", "nul", "tru", "01", "1.", ".5", "-",
		"1e", "+1", "\"open", "\"\\x\"", "\"\\u12\"", "\"\\u0000\"",
		"\"\\ud800\"", "\"\\udc00\"", "\"\\ud800\\u0041\"", "\"a\tb\"",
		"\"\xC3\"", "\"\xC0\xAF\"", "\"\xED\xA0\x80\"", "\"\xF5\x80\x80\x80\"",
		"\"\xE0\x80\x80\"", "[1] [2]", "[1] x", "1e999", "[-1.5e375807]",
	};
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++)
		if (scans(bad[i]))
			fail_msg("accepted: %s", bad[i]);
	char deep[2 * JSCAN_DEPTH + 8] = "";
	for (int i = 0; i <= JSCAN_DEPTH; i++)
		strcat(deep, "[");
	for (int i = 0; i <= JSCAN_DEPTH; i++)
		strcat(deep, "]");
	assert_false(scans(deep));
	deep[strlen(deep) / 2 + 1] = '\0'; /* too deep even unclosed */
	assert_false(scans(deep + 1));
	assert_true(scans("\"\xE2\x82\xAC\""));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_values),
		cmocka_unit_test(test_strings),
		cmocka_unit_test(test_objects_and_subtrees),
		cmocka_unit_test(test_refused),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
