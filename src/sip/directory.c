/*
 * directory.c — the CSV import of the organisation directory (see
 * directory.h for the format and the contract).
 *
 * The import runs in three passes over one transaction:
 *
 *   1. read: check that every line is UTF-8, then read the header and
 *      every record with the CSV reader (base/csv.h: RFC 4180, line
 *      lengths), keeping only the known columns of each row;
 *   2. check: each row on its own (the same rules as unit_create, via
 *      unit_input_check), then across rows and against the database —
 *      duplicate unit ids, principals and their kinds, parents that
 *      exist, share the principal and form no ring — and finally order
 *      the rows so that a parent is always written before its children;
 *   3. write: only when no row had an error: create the new principals,
 *      then create or update the units in that order through
 *      unit_create/unit_update, so the rules and audit records of a
 *      single unit apply to each row, then one "directory.import" record.
 *
 * Memory: the file may have LIMIT_CSV_ROWS rows, so nothing per row is
 * allocated from the caller's arena except the row itself (its known
 * fields in one block) and the listed errors (at most
 * DIRECTORY_MAX_ERRORS). Per-row work that allocates — the domain checks,
 * folding a name, unit_create — uses a scratch arena emptied after each
 * row.
 */
#include "sip/directory.h"

#include <stdarg.h>
#include <stdint.h>
#include <string.h>

#include "base/buf.h"
#include "base/csv.h"
#include "base/limits.h"
#include "base/text.h"
#include "sip/access.h"
#include "audit/audit.h"
#include "sip/org.h"
#include "sip/validate.h"
#include "store/db.h"

/* ---- columns ---- */

enum col {
	C_UNIT_ID,
	C_UNIT_NAME,
	C_PRINCIPAL,
	C_KIND,
	C_PARENT,
	C_EMAIL,
	C_PHONE,
	C_ADDRESS,
	NCOLS,
};

static const char *const col_names[NCOLS] = {
	[C_UNIT_ID] = "unit_id",
	[C_UNIT_NAME] = "unit_name",
	[C_PRINCIPAL] = "principal",
	[C_KIND] = "principal_kind",
	[C_PARENT] = "parent_unit_id",
	[C_EMAIL] = "email",
	[C_PHONE] = "phone",
	[C_ADDRESS] = "postal_address",
};

static const bool col_required[NCOLS] = {
	[C_UNIT_ID] = true,
	[C_UNIT_NAME] = true,
	[C_PRINCIPAL] = true,
};

/* The CSV column for a field name used by the domain's checks. */
static const char *column_for_field(const char *field)
{
	static const struct { const char *field; enum col col; } map[] = {
		{"hsa_id", C_UNIT_ID},       {"name", C_UNIT_NAME},
		{"principal_id", C_PRINCIPAL}, {"parent_id", C_PARENT},
		{"email", C_EMAIL},          {"phone", C_PHONE},
		{"postal_address", C_ADDRESS},
	};
	for (size_t i = 0; i < sizeof map / sizeof *map; i++)
		if (strcmp(field, map[i].field) == 0)
			return col_names[map[i].col];
	for (int c = 0; c < NCOLS; c++)
		if (strcmp(field, col_names[c]) == 0)
			return col_names[c];
	return NULL;
}

/* ---- a small string map (open addressing), keys owned by the caller ---- */

struct smap {
	struct arena *arena;
	const char **keys;
	int *vals;
	size_t cap, n;
};

static uint64_t smap_hash(const char *s)
{
	uint64_t h = 1469598103934665603u; /* FNV-1a */
	for (; *s; s++) {
		h ^= (unsigned char)*s;
		h *= 1099511628211u;
	}
	return h;
}

static void smap_alloc(struct smap *m, size_t cap)
{
	m->cap = cap;
	m->keys = arena_array(m->arena, const char *, cap);
	m->vals = arena_array(m->arena, int, cap);
}

static void smap_init(struct smap *m, struct arena *a, size_t expect)
{
	size_t cap = 64;
	while (cap < expect * 2)
		cap *= 2;
	m->arena = a;
	m->n = 0;
	smap_alloc(m, cap);
}

static size_t smap_slot(const struct smap *m, const char *key)
{
	size_t i = (size_t)smap_hash(key) & (m->cap - 1);
	while (m->keys[i] && strcmp(m->keys[i], key) != 0)
		i = (i + 1) & (m->cap - 1);
	return i;
}

/* The value for key, or -1. */
static int smap_get(const struct smap *m, const char *key)
{
	size_t i = smap_slot(m, key);
	return m->keys[i] ? m->vals[i] : -1;
}

static void smap_put(struct smap *m, const char *key, int val)
{
	if ((m->n + 1) * 2 > m->cap) {
		const char **keys = m->keys;
		int *vals = m->vals;
		size_t cap = m->cap;
		smap_alloc(m, cap * 2);
		for (size_t i = 0; i < cap; i++)
			if (keys[i]) {
				size_t k = smap_slot(m, keys[i]);
				m->keys[k] = keys[i];
				m->vals[k] = vals[i];
			}
	}
	size_t i = smap_slot(m, key);
	if (!m->keys[i])
		m->n++;
	m->keys[i] = key;
	m->vals[i] = val;
}

/* ---- the import's state ---- */

struct row {
	const char *v[NCOLS]; /* trimmed, NULL when empty or absent */
	int line;
	int principal;        /* index into import.principals, -1: none */
	int parent_row;       /* parent on another row, -1: none */
	int up;               /* nearest row above in the final tree, -1 */
	int64_t id;           /* the unit's id: existing, or once created */
	int64_t db_principal_id, db_parent_id; /* existing unit's links */
	int64_t parent_db;    /* parent in the database only, 0: none */
	int64_t parent_db_principal_id;
	bool db_active;       /* existing unit is active */
	bool same_text;       /* existing unit's texts equal the row's */
	unsigned char mark;   /* ordering: 0 new, 1 on path, 2 done */
};

struct iprincipal {
	const char *name;     /* stored name, or as first written (new) */
	int64_t id;           /* 0: to be created by this import */
	enum principal_kind kind;
	bool kind_known;
	bool kind_tried;      /* a row gave a kind that is not one */
	int line;             /* new: first line naming it */
	int kind_line;        /* new: line that gave the kind */
};

struct import {
	struct ctx *ctx;
	struct directory_report *rep;
	struct arena scratch;  /* per-row work; emptied after each row */
	/* the file */
	const char *s;
	size_t len;
	struct csv_reader rd;  /* pass 1 (base/csv.h) */
	/* the header */
	int *header_col;       /* header position -> enum col, or -1 */
	const char **header_names; /* as written, lower case */
	int nheader;
	bool has_col[NCOLS];   /* the column is in the header */
	/* the rows */
	struct row *rows;
	int nrows, caprows;
	int *order;            /* rows, parents first */
	struct smap units;     /* unit_id -> row index */
	/* the principals: from the database, then new ones */
	struct iprincipal *principals;
	size_t nprincipals, capprincipals;
	struct smap principal_names; /* folded name -> index */
	size_t caperrors;
};

/* ---- errors ---- */

static void add_verror(struct import *im, int line, const char *column,
                       const char *fmt, va_list ap)
	__attribute__((format(printf, 4, 0)));

static void add_verror(struct import *im, int line, const char *column,
                       const char *fmt, va_list ap)
{
	struct directory_report *rep = im->rep;
	rep->nerrors_total++;
	if (rep->nerrors >= DIRECTORY_MAX_ERRORS)
		return;
	ARENA_PUSH(im->ctx->arena, rep->errors, (size_t)rep->nerrors,
	           im->caperrors);
	struct directory_error *e = &rep->errors[rep->nerrors++];
	e->message = arena_vprintf(im->ctx->arena, fmt, ap);
	e->line = line;
	e->column = column;
}

static void add_error(struct import *im, int line, const char *column,
                      const char *fmt, ...) __attribute__((format(printf, 4, 5)));

static void add_error(struct import *im, int line, const char *column,
                      const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	add_verror(im, line, column, fmt, ap);
	va_end(ap);
}

static void row_error(struct import *im, struct row *row, enum col col,
                      const char *fmt, ...) __attribute__((format(printf, 4, 5)));

static void row_error(struct import *im, struct row *row, enum col col,
                      const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	add_verror(im, row->line, col_names[col], fmt, ap);
	va_end(ap);
}

/* Copy the field errors a domain check left in `p` to the row. */
static void row_errors_from(struct import *im, struct row *row,
                            const struct problem *p)
{
	for (int i = 0; i < p->nfields; i++)
		add_error(im, row->line, column_for_field(p->fields[i].field),
		          "%s", p->fields[i].message);
	if (!p->nfields && p->detail)
		add_error(im, row->line, NULL, "%s", p->detail);
}

/* Insertion sort by line: stable, and the list is short and nearly in
 * order already. */
static void sort_errors(struct directory_report *rep)
{
	for (int i = 1; i < rep->nerrors; i++) {
		struct directory_error e = rep->errors[i];
		int k = i;
		while (k > 0 && rep->errors[k - 1].line > e.line) {
			rep->errors[k] = rep->errors[k - 1];
			k--;
		}
		rep->errors[k] = e;
	}
}

/* A context for one row's work: same caller, scratch arena, own problem. */
static struct ctx scratch_ctx(struct import *im, struct problem *p)
{
	struct ctx c = *im->ctx;
	c.arena = &im->scratch;
	c.problem = p;
	memset(p, 0, sizeof *p);
	return c;
}

/* ---- pass 1: reading the file ---- */

/* Each line UTF-8 without NUL bytes; false (with errors) if any is not. */
static bool check_encoding(struct import *im)
{
	bool ok = true;
	int line = 1;
	size_t pos = 0;
	while (pos < im->len) {
		const char *nl = memchr(im->s + pos, '\n', im->len - pos);
		size_t end = nl ? (size_t)(nl - im->s) : im->len;
		if (!text_utf8_valid(im->s + pos, end - pos)) {
			add_error(im, line, NULL, "%s",
			          T(im->ctx, "Raden innehåller tecken som inte är "
			                     "text i UTF-8. Spara filen som ”CSV "
			                     "UTF-8” och försök igen."));
			ok = false;
		}
		pos = end + 1;
		line++;
	}
	return ok;
}

/* The reader's problems, worded for the user (base/csv.h). */
static void csv_problem(void *cls, enum csv_problem what, int line, int field)
{
	struct import *im = cls;
	const char *column = field >= 0 && im->header_names &&
	                     field < im->nheader ? im->header_names[field]
	                                         : NULL;
	switch (what) {
	case CSV_UNCLOSED_QUOTE:
		add_error(im, line, column, "%s",
		          T(im->ctx, "Ett citattecken (\") öppnar ett fält här "
		                     "men stängs aldrig. Ett fält som börjar med "
		                     "citattecken måste sluta med ett."));
		return;
	case CSV_JUNK_AFTER_QUOTE:
		add_error(im, line, column, "%s",
		          T(im->ctx, "Efter ett avslutande citattecken (\") "
		                     "måste det komma en avgränsare eller "
		                     "radslut. Skriv citattecken i texten dubbelt "
		                     "(\"\")."));
		return;
	case CSV_QUOTE_IN_FIELD:
		add_error(im, line, column, "%s",
		          T(im->ctx, "Ett citattecken (\") står mitt i ett fält. "
		                     "Sätt hela fältet inom citattecken och skriv "
		                     "citattecken i texten dubbelt (\"\")."));
		return;
	case CSV_LINE_TOO_LONG:
		add_error(im, line, NULL,
		          T(im->ctx, "Raden är för lång: högst %d byte."),
		          LIMIT_CSV_LINE);
		return;
	}
}

static bool is_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f' ||
	       c == '\v';
}

/* Trim in place; returns the start and sets *len. */
static char *trim(char *s, size_t *len)
{
	while (is_blank(*s))
		s++;
	size_t n = strlen(s);
	while (n > 0 && is_blank(s[n - 1]))
		n--;
	*len = n;
	return s;
}

static bool read_header(struct import *im, struct csv_record *rec)
{
	if (!csv_read(&im->rd, rec)) {
		add_error(im, 0, NULL, "%s",
		          T(im->ctx, "Filen är tom. Den första raden ska vara en "
		                     "rubrikrad med kolumnernas namn, t.ex. "
		                     "unit_id,unit_name,principal,principal_kind."));
		return false;
	}
	int before = im->rep->nerrors_total;
	int seen[NCOLS];
	for (int c = 0; c < NCOLS; c++)
		seen[c] = -1;
	im->nheader = rec->nfields;
	im->header_col = arena_array(im->ctx->arena, int, (size_t)rec->nfields);
	im->header_names = arena_array(im->ctx->arena, const char *,
	                               (size_t)rec->nfields);
	for (int i = 0; i < rec->nfields; i++) {
		im->header_col[i] = -1;
		char *f = csv_field(rec, i);
		if (!f)
			continue;
		size_t n;
		f = trim(f, &n);
		f[n] = '\0';
		for (char *p = f; *p; p++)
			if (*p >= 'A' && *p <= 'Z')
				*p = (char)(*p + 32);
		if (*f)
			im->header_names[i] = arena_strdup(im->ctx->arena, f);
		for (int c = 0; c < NCOLS; c++) {
			if (strcmp(f, col_names[c]) != 0)
				continue;
			if (seen[c] >= 0)
				add_error(im, rec->line, col_names[c],
				          T(im->ctx, "Kolumnen %s står två gånger i "
				                     "rubrikraden. Ta bort den ena."),
				          col_names[c]);
			else
				seen[c] = i;
			im->header_col[i] = c;
			im->has_col[c] = true;
		}
	}
	for (int c = 0; c < NCOLS; c++)
		if (col_required[c] && seen[c] < 0)
			add_error(im, rec->line, col_names[c],
			          T(im->ctx, "Kolumnen %s saknas i rubrikraden. Den "
			                     "första raden ska namnge kolumnerna; "
			                     "unit_id, unit_name och principal måste "
			                     "finnas med."),
			          col_names[c]);
	return im->rep->nerrors_total == before;
}

/* Keep the known columns of a data record as a row. */
static void keep_row(struct import *im, struct csv_record *rec)
{
	struct row *row = &im->rows[im->nrows++];
	memset(row, 0, sizeof *row);
	row->line = rec->line;
	row->principal = row->parent_row = row->up = -1;
	if (rec->nfields != im->nheader) {
		add_error(im, rec->line, NULL,
		          T(im->ctx, "Raden har %d fält men rubrikraden har %d. "
		                     "Kontrollera avgränsarna, och att fält som "
		                     "innehåller avgränsaren står inom "
		                     "citattecken."),
		          rec->nfields, im->nheader);
	}
	char *start[NCOLS] = {0};
	size_t lens[NCOLS] = {0}, total = 0;
	for (int i = 0; i < im->nheader && i < rec->nfields; i++) {
		int c = im->header_col[i];
		char *f = c >= 0 ? csv_field(rec, i) : NULL;
		if (!f)
			continue;
		start[c] = trim(f, &lens[c]);
		if (lens[c])
			total += lens[c] + 1;
	}
	char *block = total ? arena_alloc(im->ctx->arena, total) : NULL;
	for (int c = 0; c < NCOLS; c++) {
		if (!start[c] || !lens[c])
			continue;
		memcpy(block, start[c], lens[c]);
		block[lens[c]] = '\0';
		row->v[c] = block;
		block += lens[c] + 1;
		if (text_has_controls(row->v[c], false))
			row_error(im, row, (enum col)c, "%s",
			          T(im->ctx, "Fältet får inte innehålla "
			                     "radbrytningar eller styrtecken."));
	}
}

/* Pass 1. False when the file cannot be read as rows at all. */
static bool read_file(struct import *im)
{
	if (!check_encoding(im))
		return false;
	csv_init(&im->rd, im->s, im->len, LIMIT_CSV_LINE, csv_problem, im);

	/* Rows cannot outnumber lines: allocate once. */
	size_t lines = 1;
	for (size_t i = im->rd.pos; i < im->len; i++)
		lines += im->s[i] == '\n';
	im->caprows = (int)(lines < LIMIT_CSV_ROWS + 1 ? lines : LIMIT_CSV_ROWS + 1);
	im->rows = arena_array(im->ctx->arena, struct row, (size_t)im->caprows);

	struct csv_record *rec = arena_new(&im->scratch, struct csv_record);
	csv_record_init(rec, LIMIT_CSV_LINE);
	bool ok = read_header(im, rec);
	while (ok && csv_read(&im->rd, rec)) {
		char *f0 = csv_field(rec, 0);
		size_t n0 = 0;
		if (rec->nfields == 1 && f0 && (trim(f0, &n0), n0 == 0))
			continue; /* an empty line */
		if (im->nrows >= LIMIT_CSV_ROWS || im->nrows >= im->caprows) {
			add_error(im, 0, NULL,
			          T(im->ctx, "Filen har fler än %d rader med "
			                     "enheter. Dela upp den i flera filer."),
			          LIMIT_CSV_ROWS);
			ok = false;
			break;
		}
		keep_row(im, rec);
	}
	/* The last line, when the file does not end with a line break. */
	if (ok)
		csv_finish(&im->rd);
	csv_record_free(rec);
	arena_free(&im->scratch);
	im->rep->rows = im->nrows;
	if (ok && im->nrows == 0 && im->rep->nerrors_total == 0) {
		add_error(im, 0, NULL, "%s",
		          T(im->ctx, "Filen har bara en rubrikrad och inga "
		                     "enheter."));
		ok = false;
	}
	return ok;
}

/* ---- pass 2: checking ---- */

/* An existing unit by HSA-id. Returns DB_ROW (found), DB_DONE (not) or
 * an error code. */
struct db_unit {
	int64_t id, principal_id, parent_id;
	bool active;
	bool same_text; /* name, email, phone and address as in row */
};

static bool streq(const char *a, const char *b)
{
	return (!a && !b) || (a && b && strcmp(a, b) == 0);
}

static int find_unit(struct import *im, const char *hsa_id,
                     const struct row *row, struct db_unit *out)
{
	struct stmt s;
	int rc = db_prepare(im->ctx->db, &s,
		"SELECT id, principal_id, parent_id, active, name, email, phone," /*0-6*/
		" postal_address FROM unit WHERE hsa_id = ?");                 /*7*/
	db_bind_text(&s, 1, hsa_id);
	rc = rc ? rc : db_step(&s);
	if (rc == DB_ROW) {
		out->id = db_column_int64(&s, 0);
		out->principal_id = db_column_int64(&s, 1);
		out->parent_id = db_column_int64(&s, 2);
		out->active = db_column_int64(&s, 3) != 0;
		/* A column the file does not have keeps its value. */
		const bool *has = im->has_col;
		out->same_text =
			row && streq(db_column_text(&s, 4), row->v[C_UNIT_NAME]) &&
			(!has[C_EMAIL] || streq(db_column_text(&s, 5), row->v[C_EMAIL])) &&
			(!has[C_PHONE] || streq(db_column_text(&s, 6), row->v[C_PHONE])) &&
			(!has[C_ADDRESS] || streq(db_column_text(&s, 7), row->v[C_ADDRESS]));
	}
	db_finalize(&s);
	return rc;
}

static bool load_principals(struct import *im)
{
	struct principal *all;
	int n;
	if (!principal_list(im->ctx, &all, &n))
		return false;
	smap_init(&im->principal_names, im->ctx->arena, (size_t)n + 16);
	for (int i = 0; i < n; i++) {
		ARENA_PUSH(im->ctx->arena, im->principals, im->nprincipals,
		           im->capprincipals);
		im->principals[im->nprincipals] = (struct iprincipal){
			.name = all[i].name,
			.id = all[i].id,
			.kind = all[i].kind,
			.kind_known = true,
		};
		smap_put(&im->principal_names,
		         text_fold(im->ctx->arena, all[i].name),
		         (int)im->nprincipals);
		im->nprincipals++;
	}
	return true;
}

static const char *principal_name_by_id(struct import *im, int64_t id)
{
	for (size_t i = 0; i < im->nprincipals; i++)
		if (im->principals[i].id == id)
			return im->principals[i].name;
	return "?";
}

/* The row's principal: found by folded name, or a new one. */
static void resolve_principal(struct import *im, struct row *row)
{
	const char *name = row->v[C_PRINCIPAL];
	if (!name || text_chars(name) > LIMIT_NAME)
		return;
	const char *folded = text_fold(&im->scratch, name);
	int i = smap_get(&im->principal_names, folded);
	if (i < 0) {
		ARENA_PUSH(im->ctx->arena, im->principals, im->nprincipals,
		           im->capprincipals);
		i = (int)im->nprincipals++;
		im->principals[i] = (struct iprincipal){
			.name = name,
			.line = row->line,
		};
		smap_put(&im->principal_names,
		         arena_strdup(im->ctx->arena, folded), i);
	}
	row->principal = i;
	struct iprincipal *p = &im->principals[i];
	const char *kind_text = row->v[C_KIND];
	if (!kind_text)
		return;
	char lower[32];
	size_t n = strlen(kind_text);
	enum principal_kind kind;
	bool parsed = n < sizeof lower;
	for (size_t k = 0; parsed && k <= n; k++)
		lower[k] = kind_text[k] >= 'A' && kind_text[k] <= 'Z'
		                   ? (char)(kind_text[k] + 32) : kind_text[k];
	if (!parsed || !principal_kind_parse(lower, &kind)) {
		row_error(im, row, C_KIND, "%s",
		          T(im->ctx, "Ange municipality (kommun), region eller "
		                     "other_actor (annan aktör)."));
		p->kind_tried = true;
		return;
	}
	if (!p->kind_known) {
		p->kind = kind;
		p->kind_known = true;
		p->kind_line = row->line;
	} else if (p->kind != kind && p->id) {
		row_error(im, row, C_KIND,
		          T(im->ctx, "”%s” finns redan med principal_kind %s, "
		                     "men raden anger %s. Rätta principal_kind "
		                     "eller lämna fältet tomt."),
		          p->name, principal_kind_name(p->kind), principal_kind_name(kind));
	} else if (p->kind != kind) {
		row_error(im, row, C_KIND,
		          T(im->ctx, "”%s” har principal_kind %s på rad %d men "
		                     "%s här. Ange samma typ på alla rader."),
		          p->name, principal_kind_name(p->kind), p->kind_line,
		          principal_kind_name(kind));
	}
}

/* Each row on its own, then its unit and principal. */
static bool check_row(struct import *im, struct row *row)
{
	struct problem p;
	struct ctx c = scratch_ctx(im, &p);
	struct unit_input in = {
		.hsa_id = row->v[C_UNIT_ID],
		.name = row->v[C_UNIT_NAME],
		.email = row->v[C_EMAIL],
		.phone = row->v[C_PHONE],
		.postal_address = row->v[C_ADDRESS],
	};
	unit_input_check(&c, &in, NULL);
	check_required(&c, "principal", row->v[C_PRINCIPAL], LIMIT_NAME);
	row_errors_from(im, row, &p);

	const char *id = row->v[C_UNIT_ID];
	if (id) {
		int first = smap_get(&im->units, id);
		if (first >= 0) {
			row_error(im, row, C_UNIT_ID,
			          T(im->ctx, "Enhets-id %s står redan på rad %d. "
			                     "Varje enhet får bara stå på en rad."),
			          id, im->rows[first].line);
		} else {
			smap_put(&im->units, id, (int)(row - im->rows));
			struct db_unit u;
			int rc = find_unit(im, id, row, &u);
			if (rc == DB_ROW) {
				row->id = u.id;
				row->db_principal_id = u.principal_id;
				row->db_parent_id = u.parent_id;
				row->db_active = u.active;
				row->same_text = u.same_text;
			} else if (rc != DB_DONE) {
				return ctx_db_failed(im->ctx, rc, "directory unit");
			}
		}
	}
	resolve_principal(im, row);
	arena_free(&im->scratch);
	return true;
}

/* The first row above database unit `id` (following the database's
 * parents until a unit that is also in the file), or -1. */
static bool walk_db(struct import *im, int64_t id, int *out)
{
	*out = -1;
	for (int depth = 0; id && depth < 1000; depth++) {
		struct stmt s;
		int rc = db_prepare(im->ctx->db, &s,
			"SELECT hsa_id, parent_id FROM unit WHERE id = ?");
		db_bind_int64(&s, 1, id);
		rc = rc ? rc : db_step(&s);
		int in_file = -1;
		int64_t parent = 0;
		if (rc == DB_ROW) {
			in_file = smap_get(&im->units, db_column_text(&s, 0));
			parent = db_column_int64(&s, 1);
		}
		db_finalize(&s);
		if (rc == DB_DONE)
			return true;
		if (rc != DB_ROW)
			return ctx_db_failed(im->ctx, rc, "directory parent");
		if (in_file >= 0) {
			*out = in_file;
			return true;
		}
		id = parent;
	}
	return true;
}

/* Without a parent_unit_id column an existing unit keeps its parent,
 * which may itself be on a row of the file. */
static bool keep_db_parent(struct import *im, struct row *row)
{
	if (!row->id || !row->db_parent_id)
		return true;
	struct stmt s;
	int rc = db_prepare(im->ctx->db, &s,
		"SELECT hsa_id, principal_id FROM unit WHERE id = ?");
	db_bind_int64(&s, 1, row->db_parent_id);
	rc = rc ? rc : db_step(&s);
	int in_file = -1;
	int64_t principal = 0;
	if (rc == DB_ROW) {
		in_file = smap_get(&im->units, db_column_text(&s, 0));
		principal = db_column_int64(&s, 1);
	}
	db_finalize(&s);
	if (rc != DB_ROW)
		return ctx_db_failed(im->ctx, rc, "directory parent");
	if (in_file >= 0) {
		row->parent_row = row->up = in_file;
		return true;
	}
	row->parent_db = row->db_parent_id;
	row->parent_db_principal_id = principal;
	return walk_db(im, row->parent_db, &row->up);
}

static bool resolve_parent(struct import *im, struct row *row)
{
	const char *parent = row->v[C_PARENT];
	const char *self = row->v[C_UNIT_ID];
	if (!im->has_col[C_PARENT])
		return keep_db_parent(im, row);
	if (!parent)
		return true;
	if (self && strcmp(parent, self) == 0) {
		row_error(im, row, C_PARENT, "%s",
		          T(im->ctx, "En enhet kan inte vara sin egen "
		                     "överordnade enhet."));
		return true;
	}
	int j = smap_get(&im->units, parent);
	if (j >= 0) {
		row->parent_row = j;
		row->up = j;
		return true;
	}
	struct db_unit u;
	int rc = find_unit(im, parent, NULL, &u);
	if (rc == DB_DONE) {
		row_error(im, row, C_PARENT,
		          T(im->ctx, "Den överordnade enheten %s finns varken i "
		                     "filen eller i samplan. Kontrollera "
		                     "enhets-id:t."),
		          parent);
		return true;
	}
	if (rc != DB_ROW)
		return ctx_db_failed(im->ctx, rc, "directory parent");
	row->parent_db = u.id;
	row->parent_db_principal_id = u.principal_id;
	return walk_db(im, u.id, &row->up);
}

/* A unit and its parent have the same principal. */
static void check_parent_principal(struct import *im, struct row *row)
{
	if (row->principal < 0)
		return;
	const struct iprincipal *mine = &im->principals[row->principal];
	if (row->parent_row >= 0) {
		const struct row *pr = &im->rows[row->parent_row];
		if (pr->principal >= 0 && pr->principal != row->principal)
			row_error(im, row, C_PARENT,
			          T(im->ctx, "Den överordnade enheten %s (rad %d) "
			                     "hör till ”%s”, men den här enheten till "
			                     "”%s”. En enhet och dess överordnade "
			                     "enhet måste ha samma huvudman."),
			          row->v[C_PARENT], pr->line,
			          im->principals[pr->principal].name, mine->name);
	} else if (row->parent_db &&
	           row->parent_db_principal_id != mine->id) {
		row_error(im, row, C_PARENT,
		          T(im->ctx, "Den överordnade enheten %s hör till ”%s”, "
		                     "men den här enheten till ”%s”. En enhet och "
		                     "dess överordnade enhet måste ha samma "
		                     "huvudman."),
		          row->v[C_PARENT],
		          principal_name_by_id(im, row->parent_db_principal_id),
		          mine->name);
	}
}

/* A unit that moves to another principal may not leave sub-units that
 * are not in the file under the old one. */
static bool check_children(struct import *im, struct row *row)
{
	if (!row->id || row->principal < 0 ||
	    im->principals[row->principal].id == row->db_principal_id)
		return true;
	int64_t now = im->principals[row->principal].id;
	struct stmt s;
	int rc = db_prepare(im->ctx->db, &s,
		"SELECT hsa_id, principal_id FROM unit WHERE parent_id = ?"
		" ORDER BY hsa_id");
	db_bind_int64(&s, 1, row->id);
	for (rc = db_step(&s); rc == DB_ROW; rc = db_step(&s)) {
		const char *hsa = db_column_text(&s, 0);
		int64_t principal = db_column_int64(&s, 1);
		if (smap_get(&im->units, hsa) >= 0 || principal == now)
			continue;
		row_error(im, row, C_PRINCIPAL,
		          T(im->ctx, "Enheten byter huvudman, men dess "
		                     "underenhet %s hör kvar till ”%s”. Ta med "
		                     "underenheten i filen med samma huvudman, "
		                     "eller ge den en annan överordnad enhet."),
		          hsa, principal_name_by_id(im, principal));
		rc = DB_DONE;
		break;
	}
	db_finalize(&s);
	if (rc != DB_DONE)
		return ctx_db_failed(im->ctx, rc, "directory children");
	return true;
}

/* Report a ring of parents at each of its rows. */
static void report_ring(struct import *im, const int *path, int from, int to)
{
	struct buf b;
	buf_init(&b, 2048);
	for (int k = from; k <= to && !buf_failed(&b); k++) {
		const struct row *r = &im->rows[path[k]];
		if (k > from)
			buf_puts(&b, im->rows[path[k - 1]].parent_row == path[k]
			                     ? " → " : " → … → ");
		buf_puts(&b, r->v[C_UNIT_ID] ? r->v[C_UNIT_ID] : "?");
	}
	const struct row *last = &im->rows[path[to]];
	buf_puts(&b, last->parent_row == path[from] ? " → " : " → … → ");
	const struct row *first = &im->rows[path[from]];
	buf_puts(&b, first->v[C_UNIT_ID] ? first->v[C_UNIT_ID] : "?");
	for (int k = from; k <= to; k++)
		row_error(im, &im->rows[path[k]], C_PARENT,
		          T(im->ctx, "De överordnade enheterna bildar en ring: "
		                     "%s. Ändra parent_unit_id så att kedjan "
		                     "tar slut."),
		          buf_failed(&b) ? "…" : b.data);
	buf_free(&b);
}

/* Order the rows parents first, finding rings on the way. Iterative:
 * a chain of parents may be as long as the file. */
static void order_rows(struct import *im)
{
	int *path = arena_array(im->ctx->arena, int, (size_t)im->nrows + 1);
	im->order = arena_array(im->ctx->arena, int, (size_t)im->nrows + 1);
	int norder = 0;
	for (int i = 0; i < im->nrows; i++) {
		if (im->rows[i].mark)
			continue;
		int len = 0, j = i;
		while (j >= 0 && im->rows[j].mark == 0) {
			im->rows[j].mark = 1;
			path[len++] = j;
			j = im->rows[j].up;
		}
		if (j >= 0 && im->rows[j].mark == 1) {
			int from = 0;
			while (path[from] != j)
				from++;
			report_ring(im, path, from, len - 1);
		}
		for (int k = len - 1; k >= 0; k--) {
			im->rows[path[k]].mark = 2;
			im->order[norder++] = path[k];
		}
	}
}

/* Pass 2. False only when the database failed (ctx->problem says so);
 * errors in the file are in the report. */
static bool check_all(struct import *im)
{
	smap_init(&im->units, im->ctx->arena, (size_t)im->nrows);
	if (!load_principals(im))
		return false;
	for (int i = 0; i < im->nrows; i++)
		if (!check_row(im, &im->rows[i]))
			return false;
	for (size_t i = 0; i < im->nprincipals; i++) {
		const struct iprincipal *p = &im->principals[i];
		if (!p->id && !p->kind_known && !p->kind_tried)
			add_error(im, p->line, col_names[C_KIND],
			          T(im->ctx, "Huvudmannen ”%s” finns inte i samplan "
			                     "än. Ange principal_kind "
			                     "(municipality, region eller "
			                     "other_actor) så skapas den."),
			          p->name);
	}
	for (int i = 0; i < im->nrows; i++)
		if (!resolve_parent(im, &im->rows[i]))
			return false;
	for (int i = 0; i < im->nrows; i++) {
		check_parent_principal(im, &im->rows[i]);
		if (!check_children(im, &im->rows[i]))
			return false;
	}
	order_rows(im);
	return true;
}

/* ---- pass 3: writing ---- */

/* A write that the checks should have prevented failed (a rule changed
 * under us, or the database): name the row and stop. */
static bool write_failed(struct import *im, int line, const char *column,
                         struct problem *p)
{
	if (p->kind == PROBLEM_INVALID || p->kind == PROBLEM_CONFLICT) {
		for (int i = 0; i < p->nfields; i++)
			add_error(im, line,
			          column ? column
			                 : column_for_field(p->fields[i].field),
			          "%s", p->fields[i].message);
		if (!p->nfields)
			add_error(im, line, column, "%s",
			          p->detail ? p->detail : "?");
		memset(im->ctx->problem, 0, sizeof *im->ctx->problem);
		return false;
	}
	/* Copy out of the scratch arena before it is emptied. */
	*im->ctx->problem = *p;
	im->ctx->problem->nfields = 0;
	im->ctx->problem->detail = p->detail
		? arena_strdup(im->ctx->arena, p->detail) : NULL;
	return false;
}

/* Columns the file does not have keep the unit's values. */
static bool keep_absent(struct import *im, struct ctx *c, const struct row *row,
                        struct unit_input *in)
{
	if (im->has_col[C_EMAIL] && im->has_col[C_PHONE] &&
	    im->has_col[C_ADDRESS])
		return true;
	struct unit u;
	if (!unit_get(c, row->id, &u))
		return false;
	if (!im->has_col[C_EMAIL])
		in->email = u.email;
	if (!im->has_col[C_PHONE])
		in->phone = u.phone;
	if (!im->has_col[C_ADDRESS])
		in->postal_address = u.postal_address;
	return true;
}

static bool write_all(struct import *im)
{
	struct directory_report *rep = im->rep;
	struct problem p;
	for (size_t i = 0; i < im->nprincipals; i++) {
		struct iprincipal *pr = &im->principals[i];
		if (pr->id)
			continue;
		struct ctx c = scratch_ctx(im, &p);
		struct principal_input in = {
			.name = pr->name,
			.kind = principal_kind_name(pr->kind),
			.active = true,
		};
		if (!principal_create(&c, &in, &pr->id)) {
			write_failed(im, pr->line, col_names[C_PRINCIPAL], &p);
			arena_free(&im->scratch);
			return false;
		}
		rep->principals_created++;
		arena_free(&im->scratch);
	}
	for (int k = 0; k < im->nrows; k++) {
		struct row *row = &im->rows[im->order[k]];
		int64_t parent = row->parent_row >= 0
			? im->rows[row->parent_row].id : row->parent_db;
		struct unit_input in = {
			.hsa_id = row->v[C_UNIT_ID],
			.name = row->v[C_UNIT_NAME],
			.principal_id = im->principals[row->principal].id,
			.parent_id = parent,
			.email = row->v[C_EMAIL],
			.phone = row->v[C_PHONE],
			.postal_address = row->v[C_ADDRESS],
			.active = row->id ? row->db_active : true,
		};
		if (row->id && row->same_text &&
		    row->db_principal_id == in.principal_id &&
		    row->db_parent_id == in.parent_id) {
			rep->units_unchanged++;
			continue;
		}
		bool existing = row->id != 0;
		struct ctx c = scratch_ctx(im, &p);
		bool ok = existing ? keep_absent(im, &c, row, &in) &&
		                     unit_update(&c, row->id, &in)
		                   : unit_create(&c, &in, &row->id);
		if (!ok) {
			write_failed(im, row->line, NULL, &p);
			arena_free(&im->scratch);
			return false;
		}
		arena_free(&im->scratch);
		if (existing)
			rep->units_updated++;
		else
			rep->units_created++;
	}
	return true;
}

/* ---- the whole import ---- */

static void report_invalid(struct import *im)
{
	sort_errors(im->rep);
	int n = im->rep->nerrors_total;
	problem_set(im->ctx->problem, im->ctx->arena, PROBLEM_INVALID,
	            trn(im->ctx->lang,
	                "Filen har %d fel. Ingenting har importerats eller "
	                "ändrats.",
	                "Filen har %d fel. Ingenting har importerats eller "
	                "ändrats.", n),
	            n);
}

bool directory_import(struct ctx *ctx, const char *csv, size_t len,
                      struct directory_report *report)
{
	memset(report, 0, sizeof *report);
	if (!access_may_admin_directory(ctx))
		return false;
	struct import im = {
		.ctx = ctx,
		.rep = report,
		.s = csv ? csv : "",
		.len = csv ? len : 0,
	};
	arena_init(&im.scratch, LIMIT_REQUEST_ARENA);
	bool ok = false;
	/* Errors in single rows (quoting, field counts) do not stop the
	 * checks: the report should list everything to fix at once. */
	if (!read_file(&im)) {
		report_invalid(&im);
		goto out;
	}
	int rc = db_begin(ctx->db);
	if (rc) {
		ctx_db_failed(ctx, rc, "directory import");
		goto out;
	}
	if (!check_all(&im)) {
		db_rollback(ctx->db);
		goto out;
	}
	if (report->nerrors_total) {
		db_rollback(ctx->db);
		report_invalid(&im);
		goto out;
	}
	if (!write_all(&im)) {
		db_rollback(ctx->db);
		report->units_created = report->units_updated = 0;
		report->units_unchanged = report->principals_created = 0;
		if (report->nerrors_total)
			report_invalid(&im);
		goto out;
	}
	if (!audit_write(ctx, "directory.import", 0, 0,
	                 arena_printf(ctx->arena,
	                              "rows %d; units created %d, updated %d, "
	                              "unchanged %d; principals created %d",
	                              report->rows, report->units_created,
	                              report->units_updated,
	                              report->units_unchanged,
	                              report->principals_created))) {
		db_rollback(ctx->db);
		goto out;
	}
	rc = db_commit(ctx->db);
	if (rc) {
		ctx_db_failed(ctx, rc, "directory import");
		goto out;
	}
	ok = true;
out:
	arena_free(&im.scratch);
	if (!ok && !report->nerrors_total) {
		report->units_created = report->units_updated = 0;
		report->units_unchanged = report->principals_created = 0;
	}
	return ok;
}
