/*
 * csv.h — a reader of CSV text (RFC 4180) as spreadsheets export it.
 *
 * Pure: no database, no domain, no language. It reads records from one
 * buffer (need not be NUL-terminated) and reports what is wrong with the
 * text through a callback, so the caller words the message (the
 * directory import, src/sip/directory.c, says it in the user's language)
 * and can go on to list every problem of the file at once.
 *
 * The format:
 *   - an optional UTF-8 byte order mark at the start is skipped;
 *   - the delimiter is a comma unless the first line has semicolons and
 *     no commas outside quotes (Excel with Swedish settings writes
 *     semicolons);
 *   - records end with LF or CRLF; a quoted field may hold delimiters,
 *     line breaks and doubled quotes ("");
 *   - a quote that opens a field and is never closed takes the rest of
 *     the input (CSV_UNCLOSED_QUOTE); text after a closing quote is
 *     dropped (CSV_JUNK_AFTER_QUOTE); a quote inside an unquoted field
 *     is kept as it is (CSV_QUOTE_IN_FIELD);
 *   - a physical line longer than max_line bytes (not counting CR LF) is
 *     reported once (CSV_LINE_TOO_LONG); a record whose text exceeds
 *     twice that is cut (reported as too long for its first line): the
 *     field at the cut keeps its beginning, the fields after it read
 *     as absent.
 *
 * Lines are counted from 1. Nothing is allocated but the record's text
 * buffer (malloc, capped; csv_record_free releases it).
 */
#ifndef SAMPLAN_CSV_H
#define SAMPLAN_CSV_H

#include <stdbool.h>
#include <stddef.h>

#include "base/buf.h"

enum csv_problem {
	CSV_UNCLOSED_QUOTE,   /* line: where the quote opened */
	CSV_JUNK_AFTER_QUOTE, /* text between a closing quote and the
	                         delimiter */
	CSV_QUOTE_IN_FIELD,   /* a quote in the middle of an unquoted field */
	CSV_LINE_TOO_LONG,    /* field is -1 */
};

enum { CSV_MAX_FIELDS = 1024 };

struct csv_reader {
	const char *s;
	size_t len, pos;
	int line;          /* physical line at pos, from 1 */
	size_t line_start; /* offset of that line */
	char delim;
	size_t max_line;
	int long_line;     /* the last line reported too long */
	/* Called for each problem: the line concerned and the field's
	 * index in its record (from 0; -1 when no field is concerned). */
	void (*problem)(void *cls, enum csv_problem what, int line, int field);
	void *cls;
};

struct csv_record {
	int line;                    /* the record's first line */
	int nfields;                 /* all fields, also those past
	                                CSV_MAX_FIELDS */
	size_t offs[CSV_MAX_FIELDS]; /* start of field i in text */
	struct buf text;             /* the fields, each NUL-terminated */
	bool too_long;               /* the text was cut */
};

/* Start reading `len` bytes at s: skips a byte order mark and picks the
 * delimiter. `problem` may be NULL. */
void csv_init(struct csv_reader *rd, const char *s, size_t len,
              size_t max_line,
              void (*problem)(void *cls, enum csv_problem what, int line,
                              int field),
              void *cls);

/* An empty record whose text may grow to 2 * max_line bytes. */
void csv_record_init(struct csv_record *rec, size_t max_line);
void csv_record_free(struct csv_record *rec);

/* Read the next record into rec. False at the end of the input (rec is
 * then unchanged). */
bool csv_read(struct csv_reader *rd, struct csv_record *rec);

/* Field i of rec (NUL-terminated, writable in place, untrimmed), or NULL
 * when the record is shorter or the field was lost to a cut. */
char *csv_field(struct csv_record *rec, int i);

/* At the end of the input: report the last line when it is too long and
 * does not end with a line break. */
void csv_finish(struct csv_reader *rd);

#endif
