/*
 * test_catalogue.c — the English catalogue is complete.
 *
 * The text in the source is Swedish, marked for xgettext; `make po`
 * extracts it into po/samplan.pot and merges that into po/en.po (see
 * src/base/i18n.h). An entry with an empty msgstr shows Swedish on an
 * English page, a fuzzy one is left out by msgfmt (so it shows Swedish
 * too), and msgfmt builds either without a word. This test fails when:
 *
 *   1. po/en.po has an entry, other than the header, with an empty
 *      msgstr (or an empty msgstr[n] of a plural), or any entry flagged
 *      "#, fuzzy";
 *   2. a msgid of po/samplan.pot is not in po/en.po: a new UI string was
 *      extracted but not merged and translated.
 *
 * The parser reads PO files as xgettext and msgmerge write them:
 *
 *   #, fuzzy, c-format         comments start with '#'; "#," lists flags
 *   msgid ""                   a keyword and a quoted string ...
 *   "Första delen, "           ... continued on lines that hold only a
 *   "och resten."              quoted string
 *   msgid_plural "..."
 *   msgstr[0] "..."            (msgstr "..." when there is no plural)
 *
 * with a blank line between entries. Obsolete entries ("#~ msgid ...")
 * are comments to it, so they count as absent, as they do for msgfmt.
 * Strings are kept and compared as written, escapes and all: both files
 * come from the same tools, so the same text is written the same way.
 *
 * Tests run from the repository root.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "support/po_catalogue.h"

#define PO_PATH "po/en.po"
#define POT_PATH "po/samplan.pot"

static struct po_catalogue po, pot;

/* ---- the tests ---- */

static int setup(void **state)
{
	(void)state;
	po_load(&po, PO_PATH);
	po_load(&pot, POT_PATH);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	po_unload(&po);
	po_unload(&pot);
	return 0;
}

/* The parser on a sample of what msgmerge writes. */
static void test_parser(void **state)
{
	(void)state;
	static const char sample[] =
		"# a comment\n"
		"msgid \"\"\n"
		"msgstr \"\"\n"
		"\"Language: en\\n\"\n"
		"\n"
		"#, c-format\n"
		"msgid \"\"\n"
		"\"En lång mening som \"\n"
		"\"fortsätter, %d gånger.\"\n"
		"msgstr \"\"\n"
		"\"A long sentence that \"\n"
		"\"goes on, %d times.\"\n"
		"\n"
		"#, fuzzy, c-format\n"
		"msgid \"%d dag\"\n"
		"msgid_plural \"%d dagar\"\n"
		"msgstr[0] \"%d day\"\n"
		"msgstr[1] \"\"\n"
		"\n"
		"msgid \"Tom\"\n"
		"msgstr \"\"\n"
		"\n"
		"#~ msgid \"Gammal\"\n"
		"#~ msgstr \"Old\"\n";
	struct po_catalogue c = {0};
	po_parse(&c, "sample.po", sample);
	assert_int_equal(c.n, 4);
	assert_true(po_is_header(&c.entries[0]));
	assert_string_equal(c.entries[0].msgstr[0], "Language: en\\n");
	assert_string_equal(c.entries[1].msgid,
	                    "En lång mening som fortsätter, %d gånger.");
	assert_string_equal(c.entries[1].msgstr[0],
	                    "A long sentence that goes on, %d times.");
	assert_false(c.entries[1].fuzzy);
	assert_int_equal(c.entries[1].line, 7);
	assert_true(c.entries[2].fuzzy);
	assert_string_equal(c.entries[2].msgid_plural, "%d dagar");
	assert_int_equal(c.entries[2].nforms, 2);
	assert_string_equal(c.entries[2].msgstr[0], "%d day");
	assert_string_equal(c.entries[2].msgstr[1], "");
	assert_string_equal(c.entries[3].msgid, "Tom");
	assert_int_equal(c.entries[3].nforms, 1);
	assert_string_equal(c.entries[3].msgstr[0], "");
	struct po_entry old = {.msgid = "Gammal"};
	assert_null(po_lookup(&c, &old));
	po_unload(&c);
}

/* Every entry of po/en.po is translated and none is fuzzy. */
static void test_every_entry_translated(void **state)
{
	(void)state;
	int problems = 0;
	assert_true(po.n > 1);
	for (int i = 0; i < po.n; i++) {
		const struct po_entry *e = &po.entries[i];
		if (e->fuzzy) {
			fprintf(stderr, "%s:%d: \"%s\" is marked fuzzy: check the "
			                "translation and remove \"fuzzy\" from its "
			                "\"#,\" line\n",
			        po.path, e->line, e->msgid);
			problems++;
		}
		if (po_is_header(e))
			continue;
		bool empty = e->nforms == 0;
		for (int k = 0; k < e->nforms; k++)
			empty |= e->msgstr[k] == NULL || e->msgstr[k][0] == '\0';
		if (empty) {
			fprintf(stderr, "%s:%d: \"%s\" has no English translation "
			                "(empty msgstr)\n",
			        po.path, e->line, e->msgid);
			problems++;
		}
	}
	if (problems)
		fprintf(stderr, "Translate the entries above in %s; then "
		                "`msgfmt --check --statistics -o /dev/null %s` "
		                "must report only translated messages.\n",
		        PO_PATH, PO_PATH);
	assert_int_equal(problems, 0);
}

/* Every msgid of po/samplan.pot is in po/en.po. */
static void test_template_merged(void **state)
{
	(void)state;
	int missing = 0;
	assert_true(pot.n > 100); /* the template really was read */
	for (int i = 0; i < pot.n; i++) {
		const struct po_entry *want = &pot.entries[i];
		if (po_is_header(want))
			continue;
		const struct po_entry *have = po_lookup(&po, want);
		if (!have) {
			fprintf(stderr, "%s:%d: \"%s\" is not in %s\n", pot.path,
			        want->line, want->msgid, PO_PATH);
			missing++;
		} else if (!po_same(have->msgid_plural, want->msgid_plural)) {
			fprintf(stderr, "%s:%d: \"%s\" has another plural form in "
			                "%s\n",
			        pot.path, want->line, want->msgid, PO_PATH);
			missing++;
		}
	}
	if (missing)
		fprintf(stderr, "A UI string has no English translation: run "
		                "`make po` to merge %s into %s, then translate "
		                "the new entries there.\n",
		        POT_PATH, PO_PATH);
	assert_int_equal(missing, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parser),
		cmocka_unit_test(test_every_entry_translated),
		cmocka_unit_test(test_template_merged),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
