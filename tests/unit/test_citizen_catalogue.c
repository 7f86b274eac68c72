/*
 * test_citizen_catalogue.c — every text of the citizen pages is
 * translated into each of their languages other than Swedish.
 *
 * The citizen pages (/citizen) are in plain Swedish (the msgids) and in
 * English, Finnish, Arabic, Farsi and Somali (po/en.po, po/fi.po,
 * po/ar.po, po/fa.po, po/so.po; src/base/i18n.h). A msgid without a
 * translation shows Swedish on, say, the Somali page, and msgfmt says
 * nothing. This test runs xgettext, as `make po` does, over the citizen
 * pages' files:
 *
 *   src/page/page_citizen*.c  src/page/citizen_layout.c  src/sip/citizen*.c
 *   src/page/ui.c (the form helpers the citizen pages' forms use: the
 *                  error summary, "(obligatoriskt)")
 *
 * and fails when one of their msgids is absent from a catalogue, has an
 * empty msgstr (or msgstr[n]) or is marked fuzzy — naming each msgid,
 * the file it comes from and the catalogue that lacks it. Staff pages
 * are checked for English by test_catalogue.c.
 *
 * The PO parser is tests/unit/support/po_catalogue.c. Tests run from
 * the repository root; xgettext (GNU gettext, which also gives the
 * build its msgfmt) must be on PATH.
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

/* ---- the tests ---- */

#include <glob.h>

static const char *const languages[] = {"en", "fi", "ar", "fa", "so"};
enum { NLANG = sizeof languages / sizeof *languages };
static struct po_catalogue catalogues[NLANG];

static const char *const patterns[] = {
	"src/page/page_citizen*.c",
	"src/page/citizen_layout.c",
	"src/sip/citizen*.c",
	"src/page/ui.c",
};

static int setup(void **state)
{
	(void)state;
	for (size_t i = 0; i < NLANG; i++) {
		char path[32];
		snprintf(path, sizeof path, "po/%s.po", languages[i]);
		po_load(&catalogues[i], strdup(path));
	}
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	for (size_t i = 0; i < NLANG; i++) {
		free((char *)catalogues[i].path);
		po_unload(&catalogues[i]);
	}
	return 0;
}

/* The messages xgettext finds in one source file, with samplan's
 * keywords (the Makefile's `po` target). */
static void extract(struct po_catalogue *c, const char *source)
{
	char cmd[512];
	snprintf(cmd, sizeof cmd,
	         "LC_ALL=C.UTF-8 xgettext --from-code=UTF-8 --language=C "
	         "--keyword=tr:2 "
	         "--keyword=trn:2,3 --keyword=N_ --keyword=R_:2 --keyword=T:2 "
	         "--no-location -o - '%s' 2>/dev/null", source);
	FILE *p = popen(cmd, "r");
	assert_non_null(p);
	char *text = NULL;
	size_t len = 0, cap = 0;
	char chunk[4096];
	size_t got;
	while ((got = fread(chunk, 1, sizeof chunk, p)) > 0) {
		if (len + got + 1 > cap) {
			cap = (len + got + 1) * 2;
			text = realloc(text, cap);
			assert_non_null(text);
		}
		memcpy(text + len, chunk, got);
		len += got;
	}
	int status = pclose(p);
	if (status != 0)
		fail_msg("xgettext failed on %s (status %d): is GNU gettext "
		         "installed?", source, status);
	if (!text)
		text = calloc(1, 1);
	assert_non_null(text);
	text[len] = '\0';
	po_parse(c, source, text);
	free(text);
}

static bool translated(const struct po_entry *e)
{
	if (!e || e->fuzzy || e->nforms == 0)
		return false;
	for (int k = 0; k < e->nforms; k++)
		if (!e->msgstr[k] || !e->msgstr[k][0])
			return false;
	return true;
}

/* The parser reads what xgettext writes for a file of ours. */
static void test_extract(void **state)
{
	(void)state;
	struct po_catalogue c = {0};
	extract(&c, "src/page/page_citizen_about.c");
	assert_true(c.n > 20);
	struct po_entry want = {.msgid = "Om SIP och dina rättigheter"};
	assert_non_null(po_lookup(&c, &want));
	po_unload(&c);
}

/* Every msgid of the citizen pages' files has a translation in each
 * catalogue. */
static void test_citizen_messages_translated(void **state)
{
	(void)state;
	int missing[NLANG] = {0};
	int files = 0, messages = 0;
	for (size_t p = 0; p < sizeof patterns / sizeof *patterns; p++) {
		glob_t g;
		if (glob(patterns[p], 0, NULL, &g) != 0)
			continue;
		for (size_t f = 0; f < g.gl_pathc; f++) {
			struct po_catalogue src = {0};
			extract(&src, g.gl_pathv[f]);
			files++;
			for (int i = 0; i < src.n; i++) {
				const struct po_entry *want = &src.entries[i];
				if (po_is_header(want))
					continue;
				messages++;
				for (size_t l = 0; l < NLANG; l++) {
					if (translated(po_lookup(&catalogues[l], want)))
						continue;
					fprintf(stderr, "%s: \"%s\" has no translation in "
					                "%s\n",
					        g.gl_pathv[f], want->msgid,
					        catalogues[l].path);
					missing[l]++;
				}
			}
			po_unload(&src);
		}
		globfree(&g);
	}
	assert_true(files >= 3); /* the patterns really matched */
	assert_true(messages > 50);
	int total = 0;
	for (size_t l = 0; l < NLANG; l++) {
		if (missing[l])
			fprintf(stderr, "%s: %d citizen page messages missing\n",
			        catalogues[l].path, missing[l]);
		total += missing[l];
	}
	if (total)
		fprintf(stderr, "Add the messages above, translated, to the "
		                "catalogues named (at their end, in your branch's "
		                "block); an empty or fuzzy entry counts as "
		                "missing.\n");
	assert_int_equal(total, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_extract),
		cmocka_unit_test(test_citizen_messages_translated),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
