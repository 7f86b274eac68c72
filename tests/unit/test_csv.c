/*
 * test_csv.c — the CSV reader (base/csv.h) on its own: fields and
 * records as RFC 4180 has them, the delimiter choice, the byte order
 * mark, CRLF, and each problem it reports (with line and field), and
 * that it never reads past the end of a buffer that is not
 * NUL-terminated (run under ASan).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/csv.h"

struct seen {
	char text[512]; /* records as "a|b|c" separated by "/" */
	char problems[256]; /* "kind@line:field " */
};

static void on_problem(void *cls, enum csv_problem what, int line, int field)
{
	struct seen *s = cls;
	size_t n = strlen(s->problems);
	snprintf(s->problems + n, sizeof s->problems - n, "%d@%d:%d ", (int)what,
	         line, field);
}

/* Read all of `len` bytes (copied to a buffer of exactly that size, so
 * ASan catches a read past the end) into s. */
static void read_all(const char *in, size_t len, size_t max_line,
                     struct seen *s)
{
	memset(s, 0, sizeof *s);
	char *copy = malloc(len ? len : 1);
	assert_non_null(copy);
	memcpy(copy, in, len);
	struct csv_reader rd;
	struct csv_record *rec = malloc(sizeof *rec);
	assert_non_null(rec);
	csv_init(&rd, copy, len, max_line, on_problem, s);
	csv_record_init(rec, max_line);
	bool first = true;
	while (csv_read(&rd, rec)) {
		size_t n = strlen(s->text);
		snprintf(s->text + n, sizeof s->text - n, "%s%d:", first ? "" : "/",
		         rec->line);
		first = false;
		for (int i = 0; i < rec->nfields; i++) {
			const char *f = csv_field(rec, i);
			n = strlen(s->text);
			snprintf(s->text + n, sizeof s->text - n, "%s%s",
			         i ? "|" : "", f ? f : "<cut>");
		}
	}
	csv_finish(&rd);
	csv_record_free(rec);
	free(rec);
	free(copy);
}

struct csv_case {
	const char *in;
	const char *records;
	const char *problems;
};

static const struct csv_case cases[] = {
	{"a,b,c\n1,2,3\n", "1:a|b|c/2:1|2|3", ""},
	{"a,b,c\n1,2,3", "1:a|b|c/2:1|2|3", ""},             /* no final LF */
	{"a,b\r\n1,2\r\n", "1:a|b/2:1|2", ""},                /* CRLF */
	{"\xEF\xBB\xBF" "a,b\n", "1:a|b", ""},                /* BOM */
	{"a;b;c\n1;2,5;3\n", "1:a|b|c/2:1|2,5|3", ""},         /* Excel, sv */
	{"a;b,c\n", "1:a;b|c", ""},           /* a comma wins over ; */
	{"\"x;y\",z\n", "1:x;y|z", ""},       /* quoted ; does not count */
	{"a,\"b,c\",d\n", "1:a|b,c|d", ""},
	{"a,\"\"\"hi\"\"\"\n", "1:a|\"hi\"", ""},
	{"a,\"two\nlines\",b\nc,d,e\n", "1:a|two\nlines|b/3:c|d|e", ""},
	{"a,b,\n", "1:a|b|", ""},             /* empty last field */
	{"a,b,", "1:a|b|", ""},               /* ... also at the very end */
	{",\n", "1:|", ""},
	{"\n\nx\n", "1:/2:/3:x", ""},         /* empty lines are records */
	{"", "", ""},
	/* Problems: kind@line:field. */
	{"a,\"open\nstill", "1:a|open\nstill", "0@1:1 "},
	{"\"", "1:", "0@1:0 "},
	{"\"a\"junk,b\n", "1:a|b", "1@1:0 "},
	{"a,b\"c\"d\n", "1:a|b\"c\"d", "2@1:1 "},
	{"x\nabcdefghijk\ny\n", "1:x/2:abcdefghijk/3:y", "3@2:-1 "},
	{"x\nabcdefghijk", "1:x/2:abcdefghijk", "3@2:-1 "},
	{"abcdefghij\r\n", "1:abcdefghij", ""}, /* CR not counted */
	/* A record longer than its buffer (2 * max_line): cut (reported
	 * once, for the record's line), the field after the cut absent; the
	 * third physical line (11 bytes with its quote) is too long too. */
	{"\"abcdefghij\nabcdefghij\nabcdefghij\",z", "1:abcdefghij\nabcdefghi|<cut>",
	 "3@1:-1 3@3:-1 "},
};

static void test_cases(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		struct seen s;
		read_all(cases[i].in, strlen(cases[i].in), 10, &s);
		if (strcmp(s.text, cases[i].records) != 0 ||
		    strcmp(s.problems, cases[i].problems) != 0)
			fail_msg("case %zu: records \"%s\" problems \"%s\", want "
			         "\"%s\" \"%s\"", i, s.text, s.problems,
			         cases[i].records, cases[i].problems);
	}
}

static void test_null_input_and_no_callback(void **state)
{
	(void)state;
	struct csv_reader rd;
	struct csv_record rec;
	csv_init(&rd, NULL, 99, 10, NULL, NULL);
	csv_record_init(&rec, 10);
	assert_false(csv_read(&rd, &rec));
	/* Without a callback problems are simply not reported. */
	csv_init(&rd, "\"a", 2, 10, NULL, NULL);
	assert_true(csv_read(&rd, &rec));
	assert_string_equal(csv_field(&rec, 0), "a");
	assert_null(csv_field(&rec, 1));
	assert_null(csv_field(&rec, -1));
	assert_false(csv_read(&rd, &rec));
	csv_record_free(&rec);
}

static void test_many_fields(void **state)
{
	(void)state;
	/* More fields than CSV_MAX_FIELDS: counted, the extra read as
	 * absent. */
	size_t n = (CSV_MAX_FIELDS + 10) * 2;
	char *in = malloc(n);
	assert_non_null(in);
	for (size_t i = 0; i < n; i += 2) {
		in[i] = 'x';
		in[i + 1] = ',';
	}
	in[n - 1] = '\n';
	struct csv_reader rd;
	struct csv_record *rec = malloc(sizeof *rec);
	assert_non_null(rec);
	csv_init(&rd, in, n, 8192, NULL, NULL);
	csv_record_init(rec, 8192);
	assert_true(csv_read(&rd, rec));
	assert_int_equal(rec->nfields, CSV_MAX_FIELDS + 10);
	assert_string_equal(csv_field(rec, CSV_MAX_FIELDS - 1), "x");
	assert_null(csv_field(rec, CSV_MAX_FIELDS));
	csv_record_free(rec);
	free(rec);
	free(in);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_cases),
		cmocka_unit_test(test_null_input_and_no_callback),
		cmocka_unit_test(test_many_fields),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
