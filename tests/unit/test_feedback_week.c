/*
 * test_feedback_week.c — the ISO 8601 weeks that anonymous feedback is
 * kept by (sip/feedback.h): the week of a date, also around New Year
 * where the week belongs to the year of its Thursday, and which week
 * texts are real.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "base/i18n.h"
#include "sip/feedback.h"

static void test_week_of_a_date(void **state)
{
	(void)state;
	static const struct {
		const char *date, *week;
	} cases[] = {
		{"2026-12-02", "2026-W49"},
		{"2026-01-01", "2026-W01"}, /* a Thursday */
		{"2027-01-01", "2026-W53"}, /* a Friday: 2026 has 53 weeks */
		{"2027-01-04", "2027-W01"},
		{"2024-12-30", "2025-W01"}, /* a Monday of next year's week 1 */
		{"2021-01-03", "2020-W53"},
		{"2023-01-01", "2022-W52"},
		{"2024-02-29", "2024-W09"},
		{"1970-01-01", "1970-W01"},
	};
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		char w[9];
		assert_true(feedback_iso_week(cases[i].date, w));
		assert_string_equal(w, cases[i].week);
	}
	char w[9];
	assert_false(feedback_iso_week("2026-02-30", w));
	assert_false(feedback_iso_week("", w));
	assert_false(feedback_iso_week(NULL, w));
}

static void test_week_texts(void **state)
{
	(void)state;
	assert_true(feedback_week_valid("2026-W01"));
	assert_true(feedback_week_valid("2026-W53"));
	assert_false(feedback_week_valid("2025-W53")); /* 52 weeks */
	assert_true(feedback_week_valid("2020-W53"));
	assert_false(feedback_week_valid("2026-W00"));
	assert_false(feedback_week_valid("2026-W54"));
	assert_false(feedback_week_valid("2026-w10"));
	assert_false(feedback_week_valid("2026W10"));
	assert_false(feedback_week_valid("2026-W1"));
	assert_false(feedback_week_valid("abcd-W10"));
	assert_false(feedback_week_valid(NULL));
}

static void test_values_have_words(void **state)
{
	(void)state;
	for (int v = 0; v < FEEDBACK_NVALUES; v++)
		assert_true(feedback_value_text(v, "sv")[0] != '\0');
	assert_string_equal(feedback_value_text(FEEDBACK_NVALUES, "sv"), "");
	assert_string_equal(feedback_value_text(-1, "sv"), "");
}

/* The questions and answers are in every language of the citizen
 * pages whose catalogue tr() reads (English always; the others once
 * i18n.c looks them up — until then they are only checked by msgfmt). */
static void test_questions_are_translated(void **state)
{
	(void)state;
	static const char *const langs[] = {"en", "fi", "ar", "fa", "so"};
	for (size_t l = 0; l < sizeof langs / sizeof *langs; l++) {
		if (i18n_catalogue_size(langs[l]) == 0 && l > 0)
			continue;
		for (int q = 0; q < FEEDBACK_NQUESTIONS; q++) {
			const char *t = tr(langs[l], feedback_questions[q].text);
			if (strcmp(t, feedback_questions[q].text) == 0)
				fail_msg("%s: untranslated %s", langs[l],
				         feedback_questions[q].text);
		}
		for (int v = 0; v < FEEDBACK_NVALUES; v++)
			assert_string_not_equal(feedback_value_text(v, langs[l]),
			                        feedback_value_text(v, "sv"));
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_week_of_a_date),
		cmocka_unit_test(test_week_texts),
		cmocka_unit_test(test_values_have_words),
		cmocka_unit_test(test_questions_are_translated),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
