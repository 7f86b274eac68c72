/*
 * test_i18n.c — choosing the language from Accept-Language, and looking
 * messages up in a .mo catalogue.
 *
 * The test brings its own English catalogue: it defines embedded_mo, so
 * the linker does not take the real one from libsamplan.a. That way the
 * look-up code (binary search, plural forms, fallback to the msgid) is
 * tested whatever po/en.po holds today.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "base/embed.h"
#include "base/i18n.h"

/* originals (sorted by strcmp) and translations; "\0" separates plural
 * forms. Lengths are given because of the inner NULs. */
static const struct {
	const char *msgid;
	size_t idlen;
	const char *msgstr;
	size_t strlen;
} entries[] = {
	{"", 0, "Content-Type: text/plain; charset=UTF-8\n", 40},
	{"%d fil\0%d filer", 15, "%d file\0%d files", 16},
	{"Hej", 3, "Hello", 5},
	{"Logga in", 8, "Log in", 6},
	{"Tom", 3, "", 0},
};
enum { N = sizeof entries / sizeof entries[0] };

static unsigned char mo[1024];

const struct embedded_file embedded_mo[] = {
	{"en.mo", mo, sizeof mo},
	{NULL, NULL, 0},
};

static void put32(size_t off, uint32_t v) { memcpy(mo + off, &v, 4); }

/* GNU .mo: magic, revision, N, originals table, translations table,
 * hash size, hash offset; then the (length, offset) pairs; then text. */
static void build_catalogue(void)
{
	size_t orig = 28, trans = 28 + N * 8, text = 28 + 2 * N * 8;
	put32(0, 0x950412deU);
	put32(4, 0);
	put32(8, N);
	put32(12, (uint32_t)orig);
	put32(16, (uint32_t)trans);
	put32(20, 0);
	put32(24, 0);
	for (size_t i = 0; i < N; i++) {
		put32(orig + i * 8, (uint32_t)entries[i].idlen);
		put32(orig + i * 8 + 4, (uint32_t)text);
		memcpy(mo + text, entries[i].msgid, entries[i].idlen);
		text += entries[i].idlen + 1;
	}
	for (size_t i = 0; i < N; i++) {
		put32(trans + i * 8, (uint32_t)entries[i].strlen);
		put32(trans + i * 8 + 4, (uint32_t)text);
		memcpy(mo + text, entries[i].msgstr, entries[i].strlen);
		text += entries[i].strlen + 1;
	}
}

static void test_negotiate(void **state)
{
	(void)state;
	static const struct {
		const char *header, *want;
	} cases[] = {
		{NULL, "sv"},
		{"", "sv"},
		{"en", "en"},
		{"EN", "en"},
		{"en-GB", "en"},
		{"sv", "sv"},
		{"sv-SE,sv;q=0.9,en;q=0.8", "sv"},
		{"en-GB,en;q=0.9,sv;q=0.8", "en"},
		{"de-DE,de;q=0.9,en;q=0.5", "en"},
		{"de", "sv"},
		{"fr,de", "sv"},
		{"en;q=0", "sv"},
		{"sv;q=0.5, en;q=0.6", "en"},
		{"en;q=0.5, sv;q=0.6", "sv"},
		{"en,sv", "sv"},          /* a tie goes to Swedish */
		{"english", "sv"},        /* not a language tag we know */
		{"sven", "sv"},
		{"*", "sv"},
		{"en;q=abc", "sv"},       /* an unreadable q counts as 0 */
	};
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		const char *got = i18n_negotiate(cases[i].header);
		if (strcmp(got, cases[i].want) != 0)
			fail_msg("Accept-Language '%s': %s, not %s",
			         cases[i].header ? cases[i].header : "(null)", got,
			         cases[i].want);
	}
}

static void test_supported(void **state)
{
	(void)state;
	assert_true(i18n_supported("sv"));
	assert_true(i18n_supported("en"));
	assert_false(i18n_supported("de"));
	assert_false(i18n_supported("EN"));
	assert_false(i18n_supported(""));
	assert_false(i18n_supported(NULL));
}

static void test_tr(void **state)
{
	(void)state;
	const char *hej = "Hej";
	/* Swedish is the source language: the msgid itself. */
	assert_ptr_equal(tr("sv", hej), hej);
	assert_ptr_equal(tr(NULL, hej), hej);
	assert_string_equal(tr("en", "Hej"), "Hello");
	assert_string_equal(tr("en", "Logga in"), "Log in");
	/* Missing, or an empty translation: falls back to the msgid. */
	const char *missing = "Finns inte i katalogen";
	assert_ptr_equal(tr("en", missing), missing);
	const char *tom = "Tom";
	assert_ptr_equal(tr("en", tom), tom);
	const char *first = "!";     /* sorts before every entry */
	const char *last = "~~~";    /* and after */
	assert_ptr_equal(tr("en", first), first);
	assert_ptr_equal(tr("en", last), last);
	assert_ptr_equal(tr("de", hej), hej);
	assert_int_equal(i18n_catalogue_size("en"), N);
	assert_int_equal(i18n_catalogue_size("sv"), 0);
}

static void test_trn(void **state)
{
	(void)state;
	assert_string_equal(trn("en", "%d fil", "%d filer", 1), "%d file");
	assert_string_equal(trn("en", "%d fil", "%d filer", 2), "%d files");
	assert_string_equal(trn("en", "%d fil", "%d filer", 0), "%d files");
	assert_string_equal(trn("sv", "%d fil", "%d filer", 1), "%d fil");
	assert_string_equal(trn("sv", "%d fil", "%d filer", 5), "%d filer");
	assert_string_equal(trn("en", "%d sak", "%d saker", 1), "%d sak");
	assert_string_equal(trn("en", "%d sak", "%d saker", 3), "%d saker");
}

int main(void)
{
	build_catalogue();
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_negotiate),
		cmocka_unit_test(test_supported),
		cmocka_unit_test(test_tr),
		cmocka_unit_test(test_trn),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
