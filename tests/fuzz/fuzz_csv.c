/*
 * fuzz_csv.c — the CSV reader of the directory import (src/base/csv.c)
 * on any bytes, in a buffer of exactly the input's size (not
 * NUL-terminated, so ASan sees any read past its end), with a small line
 * cap so the too-long paths are reached.
 *
 * Promises checked: records come in order of their first line and lines
 * only grow; the reader always advances and stops at the end; every
 * field it returns is NUL-terminated inside the record's text; problems
 * name a line that exists and a field of the record being read; a
 * too-long line is reported once.
 */
#include "fuzz.h"

#include "base/csv.h"

struct seen {
	int last_problem_line;
	int last_long_line;
	int lines; /* physical lines in the input */
};

static void on_problem(void *cls, enum csv_problem what, int line, int field)
{
	struct seen *s = cls;
	FUZZ_CHECK(what >= CSV_UNCLOSED_QUOTE && what <= CSV_LINE_TOO_LONG);
	FUZZ_CHECK(line >= 1 && line <= s->lines);
	FUZZ_CHECK(what == CSV_LINE_TOO_LONG ? field == -1 : field >= 0);
	if (what == CSV_LINE_TOO_LONG) {
		FUZZ_CHECK(line != s->last_long_line);
		s->last_long_line = line;
	}
	s->last_problem_line = line;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	/* The first byte picks the line cap: 1..64 bytes, or the real one. */
	size_t max_line = size && data[0] < 64 ? (size_t)data[0] + 1
	                                       : LIMIT_CSV_LINE;
	char *copy = malloc(size ? size : 1);
	if (!copy)
		abort();
	memcpy(copy, data, size);
	struct seen s = {0, 0, 1};
	for (size_t i = 0; i < size; i++)
		s.lines += copy[i] == '\n';

	struct csv_reader rd;
	struct csv_record *rec = malloc(sizeof *rec);
	if (!rec)
		abort();
	csv_init(&rd, copy, size, max_line, on_problem, &s);
	FUZZ_CHECK(rd.delim == ',' || rd.delim == ';');
	csv_record_init(rec, max_line);
	int last_line = 0;
	size_t last_pos = rd.pos;
	while (csv_read(&rd, rec)) {
		FUZZ_CHECK(rd.pos > last_pos && rd.pos <= size);
		last_pos = rd.pos;
		FUZZ_CHECK(rec->line > last_line && rec->line <= s.lines);
		FUZZ_CHECK(rd.line >= rec->line);
		last_line = rec->line;
		FUZZ_CHECK(rec->nfields >= 1);
		FUZZ_CHECK(rec->text.len <= 2 * max_line);
		for (int i = 0; i < rec->nfields && i < CSV_MAX_FIELDS + 2; i++) {
			const char *f = csv_field(rec, i);
			if (!f) {
				FUZZ_CHECK(rec->too_long || i >= CSV_MAX_FIELDS);
				continue;
			}
			FUZZ_CHECK(f >= rec->text.data &&
			           f + strlen(f) <= rec->text.data + rec->text.len);
		}
	}
	FUZZ_CHECK(rd.pos >= size);
	csv_finish(&rd);
	csv_record_free(rec);
	free(rec);
	free(copy);
	return 0;
}
