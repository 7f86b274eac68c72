/*
 * test_date.c — calendar arithmetic: leap years, strict parsing, day
 * numbers that round-trip over the whole supported range, ages, local
 * dates in Swedish time, and HH:MM.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "base/date.h"

static struct date D(int y, int m, int d) { return (struct date){y, m, d}; }

static void test_leap_years(void **state)
{
	(void)state;
	assert_true(date_is_leap(2000));
	assert_true(date_is_leap(2024));
	assert_true(date_is_leap(1996));
	assert_false(date_is_leap(1900));
	assert_false(date_is_leap(2100));
	assert_false(date_is_leap(2023));
	assert_int_equal(date_days_in_month(2024, 2), 29);
	assert_int_equal(date_days_in_month(2023, 2), 28);
	assert_int_equal(date_days_in_month(1900, 2), 28);
	assert_int_equal(date_days_in_month(2023, 4), 30);
	assert_int_equal(date_days_in_month(2023, 12), 31);
	assert_int_equal(date_days_in_month(2023, 0), 0);
	assert_int_equal(date_days_in_month(2023, 13), 0);
}

static void test_valid_range(void **state)
{
	(void)state;
	assert_true(date_valid(D(1800, 1, 1)));
	assert_true(date_valid(D(2199, 12, 31)));
	assert_false(date_valid(D(1799, 12, 31)));
	assert_false(date_valid(D(2200, 1, 1)));
	assert_false(date_valid(D(2024, 4, 31)));
	assert_false(date_valid(D(2024, 1, 0)));
}

static void test_parse_and_format(void **state)
{
	(void)state;
	struct date d = {0, 0, 0};
	assert_true(date_parse("2024-02-29", &d));
	assert_int_equal(d.year, 2024);
	assert_int_equal(d.month, 2);
	assert_int_equal(d.day, 29);
	char out[11];
	date_format(d, out);
	assert_string_equal(out, "2024-02-29");
	date_format(D(1801, 3, 7), out);
	assert_string_equal(out, "1801-03-07");
	static const char *const bad[] = {
		NULL, "", "2023-02-29", "2024-02-30", "2024-2-29", "2024-02-29 ",
		" 2024-02-29", "2024/02/29", "20240229", "2024-02-2x", "1799-12-31",
		"2200-01-01", "+024-02-29", "2024-00-10",
	};
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
		d = D(1, 1, 1);
		assert_false(date_parse(bad[i], &d));
		assert_int_equal(d.year, 1); /* untouched on failure */
	}
}

static void test_days_known_values(void **state)
{
	(void)state;
	assert_int_equal(date_to_days(D(1970, 1, 1)), 0);
	assert_int_equal(date_to_days(D(1969, 12, 31)), -1);
	assert_int_equal(date_to_days(D(2000, 3, 1)), 11017);
	assert_int_equal(date_to_days(D(1800, 1, 1)), -62091);
	assert_int_equal(date_to_days(D(2199, 12, 31)), 84005);
	struct date d = date_from_days(11017);
	assert_int_equal(date_cmp(d, D(2000, 3, 1)), 0);
}

static void test_days_round_trip(void **state)
{
	(void)state;
	int64_t first = date_to_days(D(1800, 1, 1));
	int64_t last = date_to_days(D(2199, 12, 31));
	struct date prev = date_from_days(first);
	assert_int_equal(date_cmp(prev, D(1800, 1, 1)), 0);
	for (int64_t n = first + 1; n <= last; n++) {
		struct date d = date_from_days(n);
		if (!date_valid(d) || date_to_days(d) != n ||
		    date_cmp(prev, d) >= 0)
			fail_msg("day %lld: %04d-%02d-%02d", (long long)n, d.year,
			         d.month, d.day);
		prev = d;
	}
}

static void test_age(void **state)
{
	(void)state;
	struct date birth = D(2008, 6, 15);
	assert_int_equal(date_age(birth, D(2026, 6, 14)), 17);
	assert_int_equal(date_age(birth, D(2026, 6, 15)), 18);
	assert_int_equal(date_age(birth, D(2026, 12, 31)), 18);
	assert_int_equal(date_age(birth, D(2008, 6, 15)), 0);
	/* Born on a leap day: 18 only on 1 March in a common year. */
	struct date leap = D(2008, 2, 29);
	assert_int_equal(date_age(leap, D(2026, 2, 28)), 17);
	assert_int_equal(date_age(leap, D(2026, 3, 1)), 18);
	assert_int_equal(date_age(leap, D(2028, 2, 29)), 20);
}

static void test_cmp(void **state)
{
	(void)state;
	assert_true(date_cmp(D(2024, 1, 1), D(2023, 12, 31)) > 0);
	assert_true(date_cmp(D(2024, 1, 31), D(2024, 2, 1)) < 0);
	assert_true(date_cmp(D(2024, 2, 1), D(2024, 2, 2)) < 0);
	assert_int_equal(date_cmp(D(2024, 2, 2), D(2024, 2, 2)), 0);
}

static void test_local_date_is_swedish(void **state)
{
	(void)state;
	setenv("TZ", "Europe/Stockholm", 1);
	tzset();
	/* 2024-06-30 22:30 UTC is already 1 July in Sweden (CEST). */
	struct date d = date_of_time(1719786600);
	assert_int_equal(date_cmp(d, D(2024, 7, 1)), 0);
	/* 2024-01-31 22:59:59 UTC is 23:59:59 the same day (CET). */
	d = date_of_time(1706741999);
	assert_int_equal(date_cmp(d, D(2024, 1, 31)), 0);
	struct date today = date_today();
	assert_true(date_valid(today));
	assert_int_equal(date_cmp(today, date_of_time((int64_t)time(NULL))), 0);
}

static void test_time_hhmm(void **state)
{
	(void)state;
	int m = -1;
	assert_true(time_parse_hhmm("00:00", &m));
	assert_int_equal(m, 0);
	assert_true(time_parse_hhmm("23:59", &m));
	assert_int_equal(m, 23 * 60 + 59);
	assert_true(time_parse_hhmm("09:05", &m));
	assert_int_equal(m, 545);
	static const char *const bad[] = {
		NULL, "", "24:00", "12:60", "9:30", "09:3", "0930", "09-30",
		"09:30:00", "ab:cd", " 9:30",
	};
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++)
		assert_false(time_parse_hhmm(bad[i], &m));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_leap_years),
		cmocka_unit_test(test_valid_range),
		cmocka_unit_test(test_parse_and_format),
		cmocka_unit_test(test_days_known_values),
		cmocka_unit_test(test_days_round_trip),
		cmocka_unit_test(test_age),
		cmocka_unit_test(test_cmp),
		cmocka_unit_test(test_local_date_is_swedish),
		cmocka_unit_test(test_time_hhmm),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
