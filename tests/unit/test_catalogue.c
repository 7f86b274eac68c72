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

#define PO_PATH "po/en.po"
#define POT_PATH "po/samplan.pot"

enum { MAX_FORMS = 8 };

/* One entry. Strings are the concatenated quoted pieces, still escaped;
 * msgctxt and msgid_plural are NULL when the entry has none. */
struct entry {
	char *msgctxt;
	char *msgid;
	char *msgid_plural;
	char *msgstr[MAX_FORMS]; /* msgstr is msgstr[0] */
	int nforms;              /* how many msgstr lines were read */
	bool fuzzy;
	int line;                /* the line of its msgctxt or msgid */
};

struct catalogue {
	const char *path;
	struct entry *entries;
	int n, cap;
};

static struct catalogue po, pot;

/* ---- the parser ---- */

static void append(char **dst, const char *s, size_t n)
{
	size_t have = *dst ? strlen(*dst) : 0;
	char *p = realloc(*dst, have + n + 1);
	assert_non_null(p);
	memcpy(p + have, s, n);
	p[have + n] = '\0';
	*dst = p;
}

/* Ends the entry being read; keeps it if it has a msgid. */
static void finish(struct catalogue *c, struct entry *e)
{
	if (e->msgid) {
		if (c->n == c->cap) {
			c->cap = c->cap ? c->cap * 2 : 256;
			c->entries = realloc(c->entries,
			                     (size_t)c->cap * sizeof *c->entries);
			assert_non_null(c->entries);
		}
		c->entries[c->n++] = *e;
	} else {
		free(e->msgctxt);
		free(e->msgid_plural);
		for (int i = 0; i < e->nforms; i++)
			free(e->msgstr[i]);
	}
	memset(e, 0, sizeof *e);
}

/* The quoted string on a line, from its first '"' to the last: start and
 * length of what is between them, or false when it is not one. */
static bool quoted(const char *s, size_t len, const char **start, size_t *n)
{
	const char *open = memchr(s, '"', len);
	if (!open || len < 2 || s[len - 1] != '"' || open == s + len - 1)
		return false;
	*start = open + 1;
	*n = (size_t)(s + len - 1 - *start);
	return true;
}

static bool keyword(const char *line, size_t len, const char *kw)
{
	size_t k = strlen(kw);
	return len > k && strncmp(line, kw, k) == 0 && line[k] == ' ';
}

/* The field a keyword line sets, or NULL for an unknown keyword. A
 * msgid or msgctxt after a msgstr starts the next entry (for files
 * written without the blank line). */
static char **field_of(struct catalogue *c, struct entry *e, const char *line,
                       size_t len)
{
	if (keyword(line, len, "msgctxt") || keyword(line, len, "msgid")) {
		if (e->nforms)
			finish(c, e);
		return keyword(line, len, "msgctxt") ? &e->msgctxt : &e->msgid;
	}
	if (keyword(line, len, "msgid_plural"))
		return &e->msgid_plural;
	int form = 0;
	if (!keyword(line, len, "msgstr") &&
	    !(sscanf(line, "msgstr[%d]", &form) == 1 && form >= 0 &&
	      form < MAX_FORMS))
		return NULL;
	if (form >= e->nforms)
		e->nforms = form + 1;
	append(&e->msgstr[form], "", 0); /* present, even if empty */
	return &e->msgstr[form];
}

/* Reads the PO text into c; fails the test, naming file and line, on a
 * line it does not understand. */
static void parse(struct catalogue *c, const char *path, const char *text)
{
	struct entry e = {0};
	char **field = NULL;
	int lineno = 0;
	c->path = path;
	for (const char *line = text; *line;) {
		const char *nl = strchr(line, '\n');
		size_t len = nl ? (size_t)(nl - line) : strlen(line);
		const char *next = nl ? nl + 1 : line + len;
		lineno++;
		if (len && line[len - 1] == '\r')
			len--;
		const char *s = NULL;
		size_t n = 0;
		if (strspn(line, " \t") >= len) { /* blank: the entry ends */
			finish(c, &e);
			field = NULL;
		} else if (line[0] == '#') {
			if (e.msgid)
				finish(c, &e);
			field = NULL;
			if (len > 1 && line[1] == ',') {
				char flags[512];
				snprintf(flags, sizeof flags, "%.*s", (int)len, line);
				e.fuzzy |= strstr(flags, "fuzzy") != NULL;
			}
		} else if (line[0] == '"') {
			if (!field || !quoted(line, len, &s, &n))
				fail_msg("%s:%d: a string with no keyword before it",
				         path, lineno);
			append(field, s, n);
		} else {
			field = field_of(c, &e, line, len);
			if (field == &e.msgctxt || (field == &e.msgid && !e.msgctxt))
				e.line = lineno;
			if (!field || !quoted(line, len, &s, &n))
				fail_msg("%s:%d: cannot read \"%.*s\"", path, lineno,
				         (int)len, line);
			append(field, s, n);
		}
		line = next;
	}
	finish(c, &e);
}

static char *read_file(const char *path)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		fail_msg("cannot open %s (run from the repository root)", path);
	assert_int_equal(fseek(f, 0, SEEK_END), 0);
	long size = ftell(f);
	assert_true(size >= 0);
	assert_int_equal(fseek(f, 0, SEEK_SET), 0);
	char *text = malloc((size_t)size + 1);
	assert_non_null(text);
	assert_int_equal(fread(text, 1, (size_t)size, f), (size_t)size);
	text[size] = '\0';
	fclose(f);
	return text;
}

static void load(struct catalogue *c, const char *path)
{
	char *text = read_file(path);
	parse(c, path, text);
	free(text);
}

static void unload(struct catalogue *c)
{
	for (int i = 0; i < c->n; i++) {
		struct entry *e = &c->entries[i];
		free(e->msgctxt);
		free(e->msgid);
		free(e->msgid_plural);
		for (int k = 0; k < e->nforms; k++)
			free(e->msgstr[k]);
	}
	free(c->entries);
	memset(c, 0, sizeof *c);
}

static bool is_header(const struct entry *e)
{
	return !e->msgctxt && e->msgid[0] == '\0';
}

static bool same(const char *a, const char *b)
{
	return a == b || (a && b && strcmp(a, b) == 0);
}

static const struct entry *lookup(const struct catalogue *c,
                                  const struct entry *want)
{
	for (int i = 0; i < c->n; i++)
		if (same(c->entries[i].msgctxt, want->msgctxt) &&
		    strcmp(c->entries[i].msgid, want->msgid) == 0)
			return &c->entries[i];
	return NULL;
}

/* ---- the tests ---- */

static int setup(void **state)
{
	(void)state;
	load(&po, PO_PATH);
	load(&pot, POT_PATH);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	unload(&po);
	unload(&pot);
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
	struct catalogue c = {0};
	parse(&c, "sample.po", sample);
	assert_int_equal(c.n, 4);
	assert_true(is_header(&c.entries[0]));
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
	struct entry old = {.msgid = "Gammal"};
	assert_null(lookup(&c, &old));
	unload(&c);
}

/* Every entry of po/en.po is translated and none is fuzzy. */
static void test_every_entry_translated(void **state)
{
	(void)state;
	int problems = 0;
	assert_true(po.n > 1);
	for (int i = 0; i < po.n; i++) {
		const struct entry *e = &po.entries[i];
		if (e->fuzzy) {
			fprintf(stderr, "%s:%d: \"%s\" is marked fuzzy: check the "
			                "translation and remove \"fuzzy\" from its "
			                "\"#,\" line\n",
			        po.path, e->line, e->msgid);
			problems++;
		}
		if (is_header(e))
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
		const struct entry *want = &pot.entries[i];
		if (is_header(want))
			continue;
		const struct entry *have = lookup(&po, want);
		if (!have) {
			fprintf(stderr, "%s:%d: \"%s\" is not in %s\n", pot.path,
			        want->line, want->msgid, PO_PATH);
			missing++;
		} else if (!same(have->msgid_plural, want->msgid_plural)) {
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
