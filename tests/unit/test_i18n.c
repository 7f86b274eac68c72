/*
 * test_i18n.c — choosing the language from Accept-Language, and looking
 * messages up in a .mo catalogue.
 *
 * The test brings its own English catalogue: it defines embedded_mo, so
 * the linker does not take the real one from libsamplan.a. That way the
 * look-up code (binary search, plural forms, fallback to the msgid) is
 * tested whatever po/en.po holds today. Likewise an Arabic and a Farsi
 * catalogue of its own, for the citizen pages' languages and their
 * plural rules; there is no Somali one, so Somali falls back to Swedish.
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
struct mo_entry {
	const char *msgid;
	size_t idlen;
	const char *msgstr;
	size_t strlen;
};
#define E(id, str) {id, sizeof id - 1, str, sizeof str - 1}

static const struct mo_entry entries[] = {
	E("", "Content-Type: text/plain; charset=UTF-8\n"),
	E("%d fil\0%d filer", "%d file\0%d files"),
	E("Hej", "Hello"),
	E("Logga in", "Log in"),
	E("Tom", ""),
};
enum { N = sizeof entries / sizeof entries[0] };

/* Arabic: six plural forms (po/ar.po's Plural-Forms). */
static const struct mo_entry ar_entries[] = {
	E("", "Content-Type: text/plain; charset=UTF-8\n"),
	E("%d fil\0%d filer",
	  "zero %d\0one %d\0two %d\0few %d\0many %d\0other %d"),
	E("Hej", "\u0645\u0631\u062d\u0628\u0627"), /* marhaban */
};
/* Farsi: two forms, the singular for 0 and 1. */
static const struct mo_entry fa_entries[] = {
	E("", "Content-Type: text/plain; charset=UTF-8\n"),
	E("%d fil\0%d filer", "one %d\0many %d"),
	E("Hej", "\u0633\u0644\u0627\u0645"), /* salam */
};

static unsigned char mo[1024], ar_mo[1024], fa_mo[1024];

const struct embedded_file embedded_mo[] = {
	{"en.mo", mo, sizeof mo},
	{"ar.mo", ar_mo, sizeof ar_mo},
	{"fa.mo", fa_mo, sizeof fa_mo},
	{NULL, NULL, 0},
};

static void put32(unsigned char *m, size_t off, uint32_t v)
{
	memcpy(m + off, &v, 4);
}

/* GNU .mo: magic, revision, N, originals table, translations table,
 * hash size, hash offset; then the (length, offset) pairs; then text. */
static void build_mo(unsigned char *m, size_t cap, const struct mo_entry *e,
                     size_t n)
{
	size_t orig = 28, trans = 28 + n * 8, text = 28 + 2 * n * 8;
	put32(m, 0, 0x950412deU);
	put32(m, 4, 0);
	put32(m, 8, (uint32_t)n);
	put32(m, 12, (uint32_t)orig);
	put32(m, 16, (uint32_t)trans);
	put32(m, 20, 0);
	put32(m, 24, 0);
	for (size_t i = 0; i < n; i++) {
		assert_true(text + e[i].idlen + 1 <= cap);
		put32(m, orig + i * 8, (uint32_t)e[i].idlen);
		put32(m, orig + i * 8 + 4, (uint32_t)text);
		memcpy(m + text, e[i].msgid, e[i].idlen);
		text += e[i].idlen + 1;
	}
	for (size_t i = 0; i < n; i++) {
		assert_true(text + e[i].strlen + 1 <= cap);
		put32(m, trans + i * 8, (uint32_t)e[i].strlen);
		put32(m, trans + i * 8 + 4, (uint32_t)text);
		memcpy(m + text, e[i].msgstr, e[i].strlen);
		text += e[i].strlen + 1;
	}
}

static void build_catalogue(void)
{
	build_mo(mo, sizeof mo, entries, N);
	build_mo(ar_mo, sizeof ar_mo, ar_entries,
	         sizeof ar_entries / sizeof *ar_entries);
	build_mo(fa_mo, sizeof fa_mo, fa_entries,
	         sizeof fa_entries / sizeof *fa_entries);
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

/* The citizen pages' languages: six, Swedish first, each named in
 * itself; Arabic and Farsi right to left; staff pages sv and en only. */
static void test_languages(void **state)
{
	(void)state;
	size_t n;
	const struct i18n_language *l = i18n_languages(&n);
	static const struct {
		const char *code, *native;
		bool rtl, staff;
	} want[] = {
		{"sv", "Svenska", false, true},
		{"en", "English", false, true},
		{"fi", "Suomi", false, false},
		{"ar", "\u0627\u0644\u0639\u0631\u0628\u064a\u0629", true, false},
		{"fa", "\u0641\u0627\u0631\u0633\u06cc", true, false},
		{"so", "Soomaali", false, false},
	};
	assert_int_equal(n, sizeof want / sizeof *want);
	for (size_t i = 0; i < n; i++) {
		assert_string_equal(l[i].code, want[i].code);
		assert_string_equal(l[i].native, want[i].native);
		assert_int_equal(l[i].rtl, want[i].rtl);
		assert_int_equal(l[i].staff, want[i].staff);
		assert_true(i18n_citizen_supported(l[i].code));
		assert_int_equal(i18n_supported(l[i].code), want[i].staff);
		assert_string_equal(i18n_dir(l[i].code), want[i].rtl ? "rtl" : "ltr");
	}
	assert_false(i18n_citizen_supported("de"));
	assert_false(i18n_citizen_supported("AR"));
	assert_false(i18n_citizen_supported(""));
	assert_false(i18n_citizen_supported(NULL));
	assert_string_equal(i18n_dir(NULL), "ltr");
	assert_string_equal(i18n_dir("he"), "ltr"); /* not ours */
}

static void test_citizen_negotiate(void **state)
{
	(void)state;
	static const struct {
		const char *header, *want;
	} cases[] = {
		{NULL, "sv"},
		{"", "sv"},
		{"ar", "ar"},
		{"ar-SA,ar;q=0.9", "ar"},
		{"fa-IR", "fa"},
		{"so", "so"},
		{"fi-FI,fi;q=0.9,sv;q=0.8", "fi"},
		{"FI", "fi"},
		{"en-GB,en;q=0.9", "en"},
		{"de,ar;q=0.5", "ar"},
		{"ar;q=0.5,so;q=0.7", "so"},
		{"so,ar", "so"},            /* same q: the one named first */
		{"ar,so", "ar"},
		{"ar,sv", "sv"},            /* a tie with Swedish: Swedish */
		{"sv;q=0.4,ar;q=0.5", "ar"},
		{"ar;q=0", "sv"},
		{"de,fr", "sv"},
		{"arabic", "sv"},
		{"*", "sv"},
	};
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		const char *got = i18n_citizen_negotiate(cases[i].header);
		if (strcmp(got, cases[i].want) != 0)
			fail_msg("Accept-Language '%s': %s, not %s",
			         cases[i].header ? cases[i].header : "(null)", got,
			         cases[i].want);
	}
	/* The staff pages' negotiation still knows sv and en only. */
	assert_string_equal(i18n_negotiate("ar"), "sv");
	assert_string_equal(i18n_negotiate("fi,en;q=0.5"), "en");
}

/* Each citizen language looks up its own catalogue; a missing msgid, or
 * a language without a catalogue, is Swedish. */
static void test_tr_citizen(void **state)
{
	(void)state;
	assert_string_equal(tr("ar", "Hej"), "\u0645\u0631\u062d\u0628\u0627");
	assert_string_equal(tr("fa", "Hej"), "\u0633\u0644\u0627\u0645");
	assert_string_equal(tr("en", "Hej"), "Hello");
	const char *login = "Logga in"; /* in the English catalogue only */
	assert_ptr_equal(tr("ar", login), login);
	assert_ptr_equal(tr("fa", login), login);
	const char *hej = "Hej";
	assert_ptr_equal(tr("so", hej), hej); /* no Somali catalogue here */
	assert_ptr_equal(tr("fi", hej), hej);
	assert_int_equal(i18n_catalogue_size("ar"), 3);
	assert_int_equal(i18n_catalogue_size("fa"), 3);
	assert_int_equal(i18n_catalogue_size("so"), 0);
}

/* The Plural-Forms rules, and trn() choosing by them. */
static void test_plurals(void **state)
{
	(void)state;
	static const struct {
		long n;
		int form;
		const char *text;
	} ar[] = {
		{0, 0, "zero %d"},   {1, 1, "one %d"},     {2, 2, "two %d"},
		{3, 3, "few %d"},    {10, 3, "few %d"},    {11, 4, "many %d"},
		{99, 4, "many %d"},  {100, 5, "other %d"}, {101, 5, "other %d"},
		{102, 5, "other %d"}, {103, 3, "few %d"},  {110, 3, "few %d"},
		{111, 4, "many %d"}, {1000, 5, "other %d"}, {1003, 3, "few %d"},
		{-3, 3, "few %d"},
	};
	for (size_t i = 0; i < sizeof ar / sizeof *ar; i++) {
		if (i18n_plural_form("ar", ar[i].n) != ar[i].form)
			fail_msg("ar, n = %ld: form %d, not %d", ar[i].n,
			         i18n_plural_form("ar", ar[i].n), ar[i].form);
		assert_string_equal(trn("ar", "%d fil", "%d filer", ar[i].n),
		                    ar[i].text);
	}
	/* Farsi: 0 and 1 take the singular. */
	assert_int_equal(i18n_plural_form("fa", 0), 0);
	assert_int_equal(i18n_plural_form("fa", 1), 0);
	assert_int_equal(i18n_plural_form("fa", 2), 1);
	assert_string_equal(trn("fa", "%d fil", "%d filer", 0), "one %d");
	assert_string_equal(trn("fa", "%d fil", "%d filer", 5), "many %d");
	/* sv, en, fi, so: the singular for 1 only. */
	static const char *const two[] = {"sv", "en", "fi", "so"};
	for (size_t i = 0; i < sizeof two / sizeof *two; i++) {
		assert_int_equal(i18n_plural_form(two[i], 0), 1);
		assert_int_equal(i18n_plural_form(two[i], 1), 0);
		assert_int_equal(i18n_plural_form(two[i], 2), 1);
	}
	/* No translation: Swedish, by Swedish rules, whatever the language. */
	assert_string_equal(trn("ar", "%d sak", "%d saker", 1), "%d sak");
	assert_string_equal(trn("ar", "%d sak", "%d saker", 0), "%d saker");
	assert_string_equal(trn("so", "%d fil", "%d filer", 1), "%d fil");
	assert_string_equal(trn("so", "%d fil", "%d filer", 2), "%d filer");
}

int main(void)
{
	build_catalogue();
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_negotiate),
		cmocka_unit_test(test_supported),
		cmocka_unit_test(test_tr),
		cmocka_unit_test(test_trn),
		cmocka_unit_test(test_languages),
		cmocka_unit_test(test_citizen_negotiate),
		cmocka_unit_test(test_tr_citizen),
		cmocka_unit_test(test_plurals),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
