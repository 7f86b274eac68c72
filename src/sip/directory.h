/*
 * directory.h — importing the organisation directory from a CSV file.
 *
 * A region or municipality keeps its units in a catalogue (HSA or its
 * own); an administrator exports it as CSV and imports it here instead
 * of typing hundreds of units. The file format is documented for users
 * in docs/directory-import.md; in short:
 *
 *   - RFC 4180: fields separated by commas (or semicolons, as Swedish
 *     Excel writes them — decided from the header row), optionally in
 *     double quotes, a quote inside a quoted field doubled, records
 *     ended by CRLF or LF, UTF-8 with or without a byte order mark;
 *   - a header row naming the columns, in any order: unit_id,
 *     unit_name, principal (required), principal_kind, parent_unit_id,
 *     email, phone, postal_address (optional); other columns are
 *     ignored;
 *   - one unit per row. A unit_id that exists is updated, a new one is
 *     created; a principal (matched by name, ignoring case) that does
 *     not exist is created with principal_kind; parent_unit_id names a
 *     unit in the database or on another row of the file, in any order.
 *
 * All or nothing: every row is checked before anything is written, and
 * a file with any error changes nothing. The report then lists each
 * error with the line it is on (a record's first physical line; the
 * header is line 1), so the administrator can fix them all in one go.
 * The import runs in one transaction with one "directory.import" audit
 * record (and the per-unit records of unit_create/unit_update).
 */
#ifndef SAMPLAN_DIRECTORY_H
#define SAMPLAN_DIRECTORY_H

#include <stdbool.h>
#include <stddef.h>

#include "sip/ctx.h"

/* At most this many errors are listed; the rest are only counted (a
 * badly exported file can have an error on each of 100 000 rows). */
enum { DIRECTORY_MAX_ERRORS = 1000 };

struct directory_error {
	int line;           /* line in the file; 0: the file as a whole */
	const char *column; /* the CSV column concerned, or NULL */
	const char *message; /* what to fix, in the caller's language */
};

struct directory_report {
	int rows;               /* data rows read (header not counted) */
	int units_created;
	int units_updated;      /* existing units whose data changed */
	int units_unchanged;    /* existing units already as in the file */
	int principals_created;
	struct directory_error *errors; /* in line order, in ctx->arena */
	int nerrors;            /* listed, at most DIRECTORY_MAX_ERRORS */
	int nerrors_total;      /* all errors found */
};

/* Import `len` bytes of CSV text (need not be NUL-terminated). Needs
 * access_may_admin_directory. On success returns true with the counts
 * in *report. Returns false when nothing was written: with errors in
 * the file, report->errors lists them and ctx->problem is INVALID with a
 * one-sentence detail; on refusal or a database failure ctx->problem
 * says why and report has no errors. Everything returned lives in
 * ctx->arena. */
bool directory_import(struct ctx *ctx, const char *csv, size_t len,
                      struct directory_report *report);

#endif
