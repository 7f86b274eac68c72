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
 * The PO parser is test_catalogue.c's. Tests run from the repository
 * root; xgettext (GNU gettext, which also gives the build its msgfmt)
 * must be on PATH.
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

#include <glob.h>

static const char *const languages[] = {"en", "fi", "ar", "fa", "so"};
enum { NLANG = sizeof languages / sizeof *languages };
static struct catalogue catalogues[NLANG];

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
		load(&catalogues[i], strdup(path));
	}
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	for (size_t i = 0; i < NLANG; i++) {
		free((char *)catalogues[i].path);
		unload(&catalogues[i]);
	}
	return 0;
}

/* The messages xgettext finds in one source file, with samplan's
 * keywords (the Makefile's `po` target). */
static void extract(struct catalogue *c, const char *source)
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
	parse(c, source, text);
	free(text);
}

static bool translated(const struct entry *e)
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
	struct catalogue c = {0};
	extract(&c, "src/page/page_citizen_about.c");
	assert_true(c.n > 20);
	struct entry want = {.msgid = "Om SIP och dina rättigheter"};
	assert_non_null(lookup(&c, &want));
	unload(&c);
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
			struct catalogue src = {0};
			extract(&src, g.gl_pathv[f]);
			files++;
			for (int i = 0; i < src.n; i++) {
				const struct entry *want = &src.entries[i];
				if (is_header(want))
					continue;
				messages++;
				for (size_t l = 0; l < NLANG; l++) {
					if (translated(lookup(&catalogues[l], want)))
						continue;
					fprintf(stderr, "%s: \"%s\" has no translation in "
					                "%s\n",
					        g.gl_pathv[f], want->msgid,
					        catalogues[l].path);
					missing[l]++;
				}
			}
			unload(&src);
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
