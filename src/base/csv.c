/*
 * csv.c — the CSV reader (see csv.h).
 *
 * One pass over the buffer, byte by byte; the reader never reads past
 * s + len, so the input need not be NUL-terminated. Field texts are
 * copied into the record's capped buffer, each followed by a NUL, and
 * found again by their offsets.
 */
#include "base/csv.h"

#include <string.h>

static void report(struct csv_reader *rd, enum csv_problem what, int line,
                   int field)
{
	if (rd->problem)
		rd->problem(rd->cls, what, line, field);
}

static void long_line(struct csv_reader *rd, int line)
{
	if (rd->long_line == line)
		return;
	rd->long_line = line;
	report(rd, CSV_LINE_TOO_LONG, line, -1);
}

/* Comma unless the first line has semicolons and no commas outside
 * quotes. */
static char pick_delimiter(const struct csv_reader *rd)
{
	int commas = 0, semicolons = 0;
	bool quoted = false;
	for (size_t i = rd->pos; i < rd->len && (quoted || rd->s[i] != '\n');
	     i++) {
		char c = rd->s[i];
		if (c == '"')
			quoted = !quoted;
		else if (!quoted && c == ',')
			commas++;
		else if (!quoted && c == ';')
			semicolons++;
	}
	return commas == 0 && semicolons > 0 ? ';' : ',';
}

void csv_init(struct csv_reader *rd, const char *s, size_t len,
              size_t max_line,
              void (*problem)(void *cls, enum csv_problem what, int line,
                              int field),
              void *cls)
{
	memset(rd, 0, sizeof *rd);
	rd->s = s ? s : "";
	rd->len = s ? len : 0;
	rd->line = 1;
	rd->max_line = max_line;
	rd->problem = problem;
	rd->cls = cls;
	if (rd->len >= 3 && memcmp(rd->s, "\xEF\xBB\xBF", 3) == 0)
		rd->pos = rd->line_start = 3;
	rd->delim = pick_delimiter(rd);
}

void csv_record_init(struct csv_record *rec, size_t max_line)
{
	memset(rec, 0, sizeof *rec);
	buf_init(&rec->text, max_line * 2);
}

void csv_record_free(struct csv_record *rec) { buf_free(&rec->text); }

/* The '\n' at rd->pos ends a physical line: check its length. */
static void end_line(struct csv_reader *rd)
{
	size_t end = rd->pos;
	if (end > rd->line_start && rd->s[end - 1] == '\r')
		end--;
	if (end - rd->line_start > rd->max_line)
		long_line(rd, rd->line);
	rd->pos++;
	rd->line++;
	rd->line_start = rd->pos;
}

static bool at_line_end(const struct csv_reader *rd)
{
	char c = rd->s[rd->pos];
	return c == '\n' ||
	       (c == '\r' && rd->pos + 1 < rd->len && rd->s[rd->pos + 1] == '\n');
}

static void put(struct csv_reader *rd, struct csv_record *rec, char c)
{
	if (!buf_putc(&rec->text, c) && !rec->too_long) {
		rec->too_long = true;
		long_line(rd, rec->line);
	}
}

/* A quoted field from the opening quote at rd->pos. False when the
 * input ended inside it. */
static bool read_quoted(struct csv_reader *rd, struct csv_record *rec)
{
	int open_line = rd->line;
	rd->pos++;
	for (;;) {
		if (rd->pos >= rd->len) {
			report(rd, CSV_UNCLOSED_QUOTE, open_line, rec->nfields);
			return false;
		}
		char c = rd->s[rd->pos];
		if (c == '"') {
			if (rd->pos + 1 < rd->len && rd->s[rd->pos + 1] == '"') {
				put(rd, rec, '"');
				rd->pos += 2;
				continue;
			}
			rd->pos++;
			break;
		}
		put(rd, rec, c);
		if (c == '\n')
			end_line(rd);
		else
			rd->pos++;
	}
	bool junk = false;
	while (rd->pos < rd->len && rd->s[rd->pos] != rd->delim &&
	       !at_line_end(rd)) {
		junk = true;
		rd->pos++;
	}
	if (junk)
		report(rd, CSV_JUNK_AFTER_QUOTE, rd->line, rec->nfields);
	return true;
}

static void read_plain(struct csv_reader *rd, struct csv_record *rec)
{
	bool reported = false;
	while (rd->pos < rd->len && rd->s[rd->pos] != rd->delim &&
	       !at_line_end(rd)) {
		char c = rd->s[rd->pos++];
		if (c == '"' && !reported) {
			report(rd, CSV_QUOTE_IN_FIELD, rd->line, rec->nfields);
			reported = true;
		}
		put(rd, rec, c);
	}
}

bool csv_read(struct csv_reader *rd, struct csv_record *rec)
{
	if (rd->pos >= rd->len)
		return false;
	buf_reset(&rec->text);
	rec->nfields = 0;
	rec->line = rd->line;
	rec->too_long = false;
	for (;;) {
		size_t start = rec->text.len;
		bool end_of_input = false;
		/* After a delimiter at the very end ("a,b,") pos == len:
		 * one more, empty field. */
		if (rd->pos < rd->len && rd->s[rd->pos] == '"')
			end_of_input = !read_quoted(rd, rec);
		else
			read_plain(rd, rec);
		put(rd, rec, '\0');
		if (rec->nfields < CSV_MAX_FIELDS)
			rec->offs[rec->nfields] = start;
		rec->nfields++;
		if (end_of_input || rd->pos >= rd->len)
			return true;
		if (rd->s[rd->pos] == rd->delim) {
			rd->pos++;
			continue;
		}
		if (rd->s[rd->pos] == '\r')
			rd->pos++;
		end_line(rd);
		return true;
	}
}

char *csv_field(struct csv_record *rec, int i)
{
	if (i < 0 || i >= rec->nfields || i >= CSV_MAX_FIELDS ||
	    rec->offs[i] >= rec->text.len)
		return NULL;
	return rec->text.data + rec->offs[i];
}

void csv_finish(struct csv_reader *rd)
{
	if (rd->pos >= rd->len && rd->len - rd->line_start > rd->max_line)
		long_line(rd, rd->line);
}
