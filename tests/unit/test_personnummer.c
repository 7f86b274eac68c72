/*
 * test_personnummer.c — personnummer and samordningsnummer: every
 * accepted form, the century rules of the 10-digit forms (as of a fixed
 * day), real dates, the Luhn digit, and each kind of refusal; and age and
 * child rules.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "sip/personnummer.h"

static const struct date TODAY = {2026, 11, 23};

struct good {
	const char *input;
	const char *canonical;
	bool coordination;
	struct date birth;
};

static const struct good goods[] = {
	{"19990315-2388", "199903152388", false, {1999, 3, 15}},
	{"199903152388", "199903152388", false, {1999, 3, 15}},
	{"990315-2388", "199903152388", false, {1999, 3, 15}},
	{"9903152388", "199903152388", false, {1999, 3, 15}},
	{"  990315-2388 ", "199903152388", false, {1999, 3, 15}},
	/* Samordningsnummer: day + 60. */
	{"990375-2385", "199903752385", true, {1999, 3, 15}},
	{"19990375-2385", "199903752385", true, {1999, 3, 15}},
	/* Tolvan Tolvansson: 10 digits mean the latest fitting century. */
	{"121212-1212", "201212121212", false, {2012, 12, 12}},
	{"19121212-1212", "191212121212", false, {1912, 12, 12}},
	/* "+" means 100 or older: a century further back. */
	{"121212+1212", "191212121212", false, {1912, 12, 12}},
	{"221122+1235", "192211221235", false, {1922, 11, 22}},
	/* Born today, and born tomorrow a hundred years ago. */
	{"261123-4564", "202611234564", false, {2026, 11, 23}},
	{"261124-4563", "192611244563", false, {1926, 11, 24}},
	{"300101-1232", "193001011232", false, {1930, 1, 1}},
	/* A leap day in a leap year. */
	{"20000229-1235", "200002291235", false, {2000, 2, 29}},
	{"000229-1235", "200002291235", false, {2000, 2, 29}},
	/* Birth numbers 001 and 999, the ends of the issued series. */
	{"990315-0010", "199903150010", false, {1999, 3, 15}},
	{"990315-9995", "199903159995", false, {1999, 3, 15}},
	/* Samordningsnummer days 61 and 91: the 1st and the 31st. */
	{"990361-0013", "199903610013", true, {1999, 3, 1}},
	{"19990391-9992", "199903919992", true, {1999, 3, 31}},
	/* Centuries 18 and 20 in the 12-digit form. */
	{"18990315-2388", "189903152388", false, {1899, 3, 15}},
};

struct bad {
	const char *input;
	enum pnr_error error;
};

static const struct bad bads[] = {
	{"", PNR_EMPTY},
	{"   ", PNR_EMPTY},
	{NULL, PNR_EMPTY},
	{"abc", PNR_BAD_CHARACTER},
	{"19990315 2388", PNR_BAD_CHARACTER},
	{"19990315/2388", PNR_BAD_CHARACTER},
	{"1999O315-2388", PNR_BAD_CHARACTER},
	{"19990315-238", PNR_BAD_LENGTH},
	{"199903152388-1", PNR_BAD_LENGTH},
	{"19990315-23888", PNR_BAD_LENGTH},
	{"9903152", PNR_BAD_LENGTH},
	{"199903152388-", PNR_BAD_SEPARATOR},
	{"1999-03152388", PNR_BAD_SEPARATOR},
	{"19990315+2388", PNR_BAD_SEPARATOR},
	{"19990315--2388", PNR_BAD_SEPARATOR},
	{"990315-+2388", PNR_BAD_SEPARATOR},
	{"19991315-2380", PNR_BAD_DATE},
	{"261301-0004", PNR_BAD_DATE},
	{"000230-1232", PNR_BAD_DATE},
	{"19000229-1235", PNR_BAD_DATE},
	{"19990300-2380", PNR_BAD_DATE},
	{"990395-2380", PNR_BAD_DATE}, /* coordination day 35 */
	{"20300101-1232", PNR_FUTURE},
	{"20261124-4563", PNR_FUTURE},
	{"19990315-2389", PNR_BAD_CHECKSUM},
	{"990315-2380", PNR_BAD_CHECKSUM},
	{"990375-2388", PNR_BAD_CHECKSUM},
	/* Never issued although date and check digit are right: birth
	 * number 000 (personnummer and samordningsnummer). */
	{"990315-0002", PNR_BAD_BIRTH_NUMBER},
	{"19990315-0002", PNR_BAD_BIRTH_NUMBER},
	{"9903150002", PNR_BAD_BIRTH_NUMBER},
	{"990375-0009", PNR_BAD_BIRTH_NUMBER},
	{"800101+0001", PNR_BAD_BIRTH_NUMBER},
	/* Samordningsnummer day 60 (day 0) and 92 (day 32) do not exist. */
	{"990360-0014", PNR_BAD_DATE},
	{"990392-0016", PNR_BAD_DATE},
	/* The century is 18, 19 or 20. */
	{"17990315-2388", PNR_BAD_CENTURY},
	{"00990315-2388", PNR_BAD_CENTURY},
	{"21990315-2388", PNR_BAD_CENTURY},
	{"99990315-2388", PNR_BAD_CENTURY},
};

static void test_accepted_forms(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof goods / sizeof *goods; i++) {
		struct personnummer p;
		enum pnr_error e = personnummer_parse(goods[i].input, TODAY, &p);
		if (e != PNR_OK)
			fail_msg("%s: error %d", goods[i].input, e);
		assert_string_equal(p.canonical, goods[i].canonical);
		assert_int_equal(p.coordination, goods[i].coordination);
		assert_int_equal(p.birth.year, goods[i].birth.year);
		assert_int_equal(p.birth.month, goods[i].birth.month);
		assert_int_equal(p.birth.day, goods[i].birth.day);
	}
}

static void test_refused_forms(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof bads / sizeof *bads; i++) {
		struct personnummer p;
		enum pnr_error e = personnummer_parse(bads[i].input, TODAY, &p);
		if (e != bads[i].error)
			fail_msg("%s: got error %d, want %d",
			         bads[i].input ? bads[i].input : "(null)", e,
			         bads[i].error);
	}
}

static void test_messages_say_what_is_wrong(void **state)
{
	(void)state;
	for (int e = PNR_EMPTY; e <= PNR_LAST_ERROR; e++) {
		const char *sv = personnummer_error_message(e, "sv");
		assert_true(strlen(sv) > 20);
	}
	assert_non_null(strstr(personnummer_error_message(PNR_BAD_CHECKSUM, "sv"),
	                       "Kontrollsiffran"));
	assert_non_null(strstr(personnummer_error_message(PNR_BAD_LENGTH, "sv"),
	                       "10 eller 12 siffror"));
	assert_non_null(strstr(personnummer_error_message(PNR_BAD_BIRTH_NUMBER,
	                                                  "sv"), "000"));
	assert_non_null(strstr(personnummer_error_message(PNR_BAD_CENTURY, "sv"),
	                       "18, 19 eller 20"));
	/* Each refusal has its own message. */
	for (int a = PNR_EMPTY; a <= PNR_LAST_ERROR; a++)
		for (int b = a + 1; b <= PNR_LAST_ERROR; b++)
			assert_string_not_equal(personnummer_error_message(a, "sv"),
			                        personnummer_error_message(b, "sv"));
}

static void test_display(void **state)
{
	(void)state;
	char out[14];
	personnummer_display("199903152388", out);
	assert_string_equal(out, "19990315-2388");
	personnummer_display("bad", out);
	assert_string_equal(out, "");
}

static void test_age_and_child_rules(void **state)
{
	(void)state;
	struct {
		const char *pnr;
		int age;
	} ages[] = {
		{"19990315-2388", 27},
		{"20110604-4520", 15}, /* Liam: a child whose view is recorded */
		{"261123-4564", 0},
		{"221122+1235", 104},
		{"261124-4563", 99},
	};
	for (size_t i = 0; i < sizeof ages / sizeof *ages; i++) {
		struct personnummer p;
		assert_int_equal(personnummer_parse(ages[i].pnr, TODAY, &p), PNR_OK);
		assert_int_equal(personnummer_age(&p, TODAY), ages[i].age);
	}
	/* 18 on the birthday, not the day before. */
	struct personnummer p;
	assert_int_equal(personnummer_parse("150101-1231", TODAY, &p), PNR_OK);
	assert_int_equal(personnummer_age(&p, TODAY), 11);
	assert_true(personnummer_age(&p, TODAY) < AGE_CHILD_VIEW);
	struct date birthday = {2033, 1, 1};
	struct date eve = date_from_days(date_to_days(birthday) - 1);
	assert_int_equal(personnummer_age(&p, eve), AGE_ADULT - 1);
	assert_int_equal(personnummer_age(&p, birthday), AGE_ADULT);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_accepted_forms),
		cmocka_unit_test(test_refused_forms),
		cmocka_unit_test(test_messages_say_what_is_wrong),
		cmocka_unit_test(test_display),
		cmocka_unit_test(test_age_and_child_rules),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
