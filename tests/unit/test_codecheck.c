/*
 * test_codecheck.c — rules of STYLE.md checked by machine over src/,
 * as Fossil's codecheck1 does:
 *
 *   1. Escape by default: outside src/http/, nothing writes to a
 *      response body (r->out) but the html_* writer and the JSON writer
 *      (jw_*, http/json.h).
 *   2. html_raw takes literals only: its argument is a string literal,
 *      or a conditional choosing between string literals.
 *   3. SQL is never formatted: no printf-style call builds text that
 *      looks like SQL (values are bound, see db.h).
 *   4. The audit log has one owner: only src/audit/chain.c inserts into
 *      audit_log, and src/audit/ includes nothing of sip/ but sip/ctx.h.
 *
 * The scan is textual and simple on purpose; it reads the sources from
 * the repository root (tests run there). Each finding names file and
 * line.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <dirent.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct source {
	char path[512];
	char *text;
};

static struct source sources[512];
static int nsources;

static void load_dir(const char *dir)
{
	DIR *d = opendir(dir);
	if (!d)
		fail_msg("cannot open %s (run from the repository root)", dir);
	struct dirent *e;
	while ((e = readdir(d))) {
		if (e->d_name[0] == '.')
			continue;
		char path[512];
		snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
		size_t len = strlen(e->d_name);
		if (e->d_type == DT_DIR) {
			load_dir(path);
			continue;
		}
		if (len < 3 || strcmp(e->d_name + len - 2, ".c") != 0)
			continue;
		FILE *f = fopen(path, "rb");
		assert_non_null(f);
		fseek(f, 0, SEEK_END);
		long size = ftell(f);
		fseek(f, 0, SEEK_SET);
		char *text = malloc((size_t)size + 1);
		assert_non_null(text);
		assert_int_equal(fread(text, 1, (size_t)size, f), (size_t)size);
		text[size] = '\0';
		fclose(f);
		assert_true(nsources < 512);
		snprintf(sources[nsources].path, sizeof sources[nsources].path,
		         "%s", path);
		sources[nsources++].text = text;
	}
	closedir(d);
}

static int setup(void **state)
{
	(void)state;
	if (nsources == 0)
		load_dir("src");
	/* Every check passes on no sources at all: make sure there are. */
	if (nsources < 50) {
		fprintf(stderr, "only %d sources under src/\n", nsources);
		return -1;
	}
	return 0;
}

static int line_of(const char *text, const char *at)
{
	int line = 1;
	for (const char *p = text; p < at; p++)
		line += *p == '\n';
	return line;
}

/* The text of a call's argument list from just after "name(" to the
 * matching ")", skipping string literals. Returns a malloc'd copy. */
static char *call_args(const char *open)
{
	int depth = 1;
	const char *p = open;
	while (*p && depth) {
		if (*p == '"') {
			for (p++; *p && *p != '"'; p++)
				if (*p == '\\' && p[1])
					p++;
		} else if (*p == '(') {
			depth++;
		} else if (*p == ')') {
			depth--;
		}
		if (*p)
			p++;
	}
	size_t n = (size_t)(p - open);
	char *s = malloc(n + 1);
	memcpy(s, open, n);
	s[n] = '\0';
	return s;
}

static const char *skip_space(const char *p)
{
	while (*p == ' ' || *p == '\t' || *p == '\n')
		p++;
	return p;
}

/* One string literal (or several, concatenated); *end after it. */
static bool literal_at(const char *p, const char **end)
{
	p = skip_space(p);
	if (*p != '"')
		return false;
	while (*p == '"') {
		for (p++; *p && *p != '"'; p++)
			if (*p == '\\' && p[1])
				p++;
		if (*p)
			p++;
		p = skip_space(p);
	}
	*end = p;
	return true;
}

/* The argument is a literal, or a chain of conditionals whose every
 * value is a literal: c1 ? "a" : c2 ? "b" : "c". Conditions may be
 * anything; values may not. */
static bool literals_only(const char *arg)
{
	const char *end;
	const char *q = NULL;
	if (literal_at(arg, &end))
		return *end == '\0' || *end == ')';
	for (;;) {
		q = strchr(arg, '?');
		if (!q || !literal_at(q + 1, &end) || *end != ':')
			return false;
		/* after ':' either the last literal or another condition */
		if (literal_at(end + 1, &arg))
			return *arg == '\0' || *arg == ')';
		arg = end + 1;
	}
}

static int findings;

static void finding(const struct source *s, const char *at, const char *what)
{
	fprintf(stderr, "%s:%d: %s\n", s->path, line_of(s->text, at), what);
	findings++;
}

static void test_body_only_through_writers(void **state)
{
	(void)state;
	static const char *const writes[] = {
		"buf_puts(&r->out", "buf_printf(&r->out", "buf_append(&r->out",
		"buf_putc(&r->out", "buf_vprintf(&r->out",
	};
	findings = 0;
	for (int i = 0; i < nsources; i++) {
		const struct source *s = &sources[i];
		if (strncmp(s->path, "src/http/", 9) == 0)
			continue;
		for (size_t k = 0; k < sizeof writes / sizeof *writes; k++)
			for (const char *p = strstr(s->text, writes[k]); p;
			     p = strstr(p + 1, writes[k]))
				finding(s, p, "writes the response body directly; "
				              "use html_* or the json_writer");
	}
	assert_int_equal(findings, 0);
}

static void test_html_raw_takes_literals(void **state)
{
	(void)state;
	findings = 0;
	int calls = 0;
	for (int i = 0; i < nsources; i++) {
		const struct source *s = &sources[i];
		for (const char *p = strstr(s->text, "html_raw("); p;
		     p = strstr(p + 1, "html_raw(")) {
			if (p > s->text && (p[-1] == '_' || (p[-1] >= 'a' && p[-1] <= 'z')))
				continue;
			char *args = call_args(p + 9);
			const char *comma = strchr(args, ',');
			if (strncmp(p - 5, "void ", 5) == 0 || !comma) {
				free(args); /* the definition itself */
				continue;
			}
			calls++;
			bool ok = literals_only(comma + 1);
			if (!ok)
				finding(s, p, "html_raw with something other than "
				              "string literals");
			free(args);
		}
	}
	assert_true(calls > 100); /* the scan really found the pages */
	assert_int_equal(findings, 0);
}

static void test_no_formatted_sql(void **state)
{
	(void)state;
	static const char *const printers[] = {"arena_printf(", "snprintf(",
	                                       "buf_printf(", "sprintf("};
	static const char *const sql[] = {"SELECT ", "INSERT INTO", "UPDATE ",
	                                  "DELETE FROM", " WHERE "};
	findings = 0;
	for (int i = 0; i < nsources; i++) {
		const struct source *s = &sources[i];
		for (size_t k = 0; k < sizeof printers / sizeof *printers; k++)
			for (const char *p = strstr(s->text, printers[k]); p;
			     p = strstr(p + 1, printers[k])) {
				char *args = call_args(p + strlen(printers[k]));
				for (size_t m = 0; m < sizeof sql / sizeof *sql; m++)
					if (strstr(args, sql[m])) {
						/* DEALLOCATE of our own statement names is
						 * the one formatted statement, and it
						 * carries no data. */
						if (!strstr(args, "DEALLOCATE"))
							finding(s, p, "SQL built with printf; "
							              "bind values instead");
						break;
					}
				free(args);
			}
	}
	assert_int_equal(findings, 0);
}

static void test_audit_one_owner(void **state)
{
	(void)state;
	findings = 0;
	int audit_files = 0;
	for (int i = 0; i < nsources; i++) {
		const struct source *s = &sources[i];
		const char *p = strstr(s->text, "INSERT INTO audit_log");
		if (p && strcmp(s->path, "src/audit/chain.c") != 0)
			finding(s, p, "appends to audit_log itself; use "
			              "audit_write/audit_read (audit/audit.h)");
		if (strncmp(s->path, "src/audit/", 10) != 0)
			continue;
		audit_files++;
		for (p = strstr(s->text, "#include \"sip/"); p;
		     p = strstr(p + 1, "#include \"sip/"))
			if (strncmp(p, "#include \"sip/ctx.h\"", 20) != 0)
				finding(s, p, "the audit layer includes sip/ beyond "
				              "sip/ctx.h");
	}
	assert_true(audit_files >= 3); /* the scan really found src/audit/ */
	assert_int_equal(findings, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_body_only_through_writers),
		cmocka_unit_test(test_html_raw_takes_literals),
		cmocka_unit_test(test_no_formatted_sql),
		cmocka_unit_test(test_audit_one_owner),
	};
	return cmocka_run_group_tests(tests, setup, NULL);
}
