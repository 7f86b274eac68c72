/*
 * test_directory.c — the CSV import of the organisation directory
 * (sip/directory.h), on SQLite and, with $SAMPLAN_TEST_PG, PostgreSQL.
 *
 * A good file creates principals, units and parents whatever the row
 * order; importing again updates only what changed. Every kind of bad
 * file is reported with the line (and column) of each error, and the
 * database is exactly as before: each bad case compares a fingerprint of
 * every principal, unit and audit row before and after.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "base/limits.h"
#include "sip/capability.h"
#include "sip/directory.h"
#include "sip/org.h"
#include "sip/user.h"
#include "support/testdb.h"

/* tests/data, found from this file's path (tests run from the root). */
#define DATA_DIR "tests/data/"

/* ---- helpers ---- */

static struct ctx *ctx_of(void **state)
{
	struct testdb_fixture *f = *state;
	return &f->t.ctx;
}

static bool import(void **state, const char *csv, struct directory_report *rep)
{
	struct testdb_fixture *f = *state;
	test_ctx_clear(&f->t);
	return directory_import(&f->t.ctx, csv, strlen(csv), rep);
}

/* Every row of the tables an import may touch, as one string. */
static char *fingerprint(struct db *db)
{
	static const char *const sql[] = {
		"SELECT id, name, kind, active, updated_at FROM principal"
		" ORDER BY id",
		"SELECT id, hsa_id, name, principal_id, parent_id, email, phone,"
		" postal_address, active, updated_at FROM unit ORDER BY id",
		"SELECT id, action, detail FROM audit_log ORDER BY id",
	};
	struct buf b;
	buf_init(&b, 1 << 20);
	for (size_t q = 0; q < sizeof sql / sizeof *sql; q++) {
		struct stmt s;
		int rc = db_prepare(db, &s, sql[q]);
		assert_int_equal(rc, DB_OK);
		int ncols = q == 0 ? 5 : q == 1 ? 10 : 3;
		for (rc = db_step(&s); rc == DB_ROW; rc = db_step(&s)) {
			for (int c = 0; c < ncols; c++) {
				const char *t = db_column_text(&s, c);
				buf_printf(&b, "%s|", t ? t : "NULL");
			}
			buf_putc(&b, '\n');
		}
		assert_int_equal(rc, DB_DONE);
		db_finalize(&s);
		buf_puts(&b, "--\n");
	}
	assert_false(buf_failed(&b));
	size_t len;
	return buf_detach(&b, &len);
}

static int64_t count(struct db *db, const char *sql)
{
	int64_t n = -1;
	assert_int_equal(db_query_int64(db, sql, &n), DB_OK);
	return n;
}

/* The report has an error on `line` (in `column`, unless NULL) whose
 * message contains `needle` (unless NULL). */
static bool has_error(const struct directory_report *rep, int line,
                      const char *column, const char *needle)
{
	for (int i = 0; i < rep->nerrors; i++) {
		const struct directory_error *e = &rep->errors[i];
		if (e->line != line)
			continue;
		if (column && (!e->column || strcmp(e->column, column) != 0))
			continue;
		if (needle && !strstr(e->message, needle))
			continue;
		return true;
	}
	return false;
}

static void print_errors(const struct directory_report *rep)
{
	for (int i = 0; i < rep->nerrors; i++)
		fprintf(stderr, "  line %d %s: %s\n", rep->errors[i].line,
		        rep->errors[i].column ? rep->errors[i].column : "-",
		        rep->errors[i].message);
}

#define assert_error(rep, line, column, needle)                            \
	do {                                                               \
		if (!has_error((rep), (line), (column), (needle))) {       \
			print_errors(rep);                                 \
			fail_msg("no error on line %d (%s) with \"%s\"",   \
			         (line), (column) ? (column) : "-",        \
			         (needle) ? (needle) : "");                \
		}                                                          \
	} while (0)

/* Import `csv`, expect it refused with an error on `line`/`column`, and
 * the database unchanged. */
static struct directory_report expect_refused(void **state, const char *csv,
                                              int line, const char *column,
                                              const char *needle)
{
	struct testdb_fixture *f = *state;
	char *before = fingerprint(f->db);
	struct directory_report rep;
	bool ok = import(state, csv, &rep);
	if (ok)
		fail_msg("the file was accepted:\n%s", csv);
	assert_int_equal(f->t.problem.kind, PROBLEM_INVALID);
	assert_non_null(f->t.problem.detail);
	assert_non_null(strstr(f->t.problem.detail, "Ingenting har"));
	assert_true(rep.nerrors > 0);
	assert_int_equal(rep.units_created + rep.units_updated +
	                 rep.principals_created, 0);
	assert_error(&rep, line, column, needle);
	char *after = fingerprint(f->db);
	assert_string_equal(before, after);
	free(before);
	free(after);
	return rep;
}

static char *read_data(const char *name)
{
	char path[256];
	snprintf(path, sizeof path, DATA_DIR "%s", name);
	FILE *fp = fopen(path, "rb");
	if (!fp)
		fail_msg("cannot open %s (run the tests from the repository root)",
		         path);
	struct buf b;
	buf_init(&b, 1 << 20);
	char chunk[4096];
	size_t n;
	while ((n = fread(chunk, 1, sizeof chunk, fp)) > 0)
		buf_append(&b, chunk, n);
	fclose(fp);
	size_t len;
	return buf_detach(&b, &len);
}

static const char *parent_hsa(void **state, const char *hsa)
{
	struct ctx *ctx = ctx_of(state);
	struct unit u, p;
	assert_true(unit_find_by_hsa_id(ctx, hsa, &u));
	if (!u.parent_id)
		return NULL;
	assert_true(unit_get(ctx, u.parent_id, &p));
	return p.hsa_id;
}

static const char *HEADER =
	"unit_id,unit_name,principal,principal_kind,parent_unit_id,email,"
	"phone,postal_address\n";

static char *with_header(const char *rows)
{
	size_t n = strlen(HEADER) + strlen(rows) + 1;
	char *s = malloc(n);
	snprintf(s, n, "%s%s", HEADER, rows);
	return s;
}

/* A small directory to start the bad cases from. */
static void seed(void **state)
{
	struct directory_report rep;
	char *csv = with_header(
		"SE2321000180-REG0,Regionens enhet,Region Dalarna,region,,,,\n"
		"SE2321000180-REG1,Regionens underenhet,Region Dalarna,region,"
		"SE2321000180-REG0,,,\n"
		"SE2120000837-KOM0,Kommunens enhet,Ludvika kommun,municipality,"
		",,,\n");
	bool ok = import(state, csv, &rep);
	if (!ok)
		print_errors(&rep);
	assert_true(ok);
	free(csv);
}

/* ---- good files ---- */

static void test_good_file_any_order(void **state)
{
	struct testdb_fixture *f = *state;
	char *csv = read_data("directory-good.csv");
	struct directory_report rep;
	bool ok = import(state, csv, &rep);
	if (!ok)
		print_errors(&rep);
	assert_true(ok);
	assert_int_equal(rep.rows, 6);
	assert_int_equal(rep.units_created, 6);
	assert_int_equal(rep.units_updated, 0);
	assert_int_equal(rep.principals_created, 3);
	assert_int_equal(rep.nerrors, 0);
	assert_int_equal(count(f->db, "SELECT COUNT(*) FROM unit"), 6);
	assert_int_equal(count(f->db, "SELECT COUNT(*) FROM principal"), 3);
	/* Children came before their parents in the file. */
	assert_string_equal(parent_hsa(state, "SE2321000180-VPL2"),
	                    "SE2321000180-PSY0");
	assert_string_equal(parent_hsa(state, "SE2120000837-SPB2"),
	                    "SE2120000837-SOC0");
	assert_null(parent_hsa(state, "SE2321000180-PSY0"));
	/* Quoted fields: commas and doubled quotes. */
	struct unit u;
	assert_true(unit_find_by_hsa_id(ctx_of(state), "SE2120000837-ELH2", &u));
	assert_string_equal(u.name, "Elevhälsan \"Centrum\"");
	assert_null(u.email);
	assert_int_equal(u.principal_kind, PRINCIPAL_MUNICIPALITY);
	assert_true(unit_find_by_hsa_id(ctx_of(state), "SE2321000180-VPL2", &u));
	assert_string_equal(u.postal_address, "Box 1, 771 81 Ludvika");
	assert_string_equal(u.principal_name, "Region Dalarna");
	assert_int_equal(u.principal_kind, PRINCIPAL_REGION);
	assert_true(u.active);
	/* One audit record for the import, one per unit and principal. */
	assert_int_equal(count(f->db, "SELECT COUNT(*) FROM audit_log WHERE"
	                              " action = 'directory.import'"), 1);
	assert_int_equal(count(f->db, "SELECT COUNT(*) FROM audit_log WHERE"
	                              " action = 'unit.create'"), 6);
	assert_int_equal(count(f->db, "SELECT COUNT(*) FROM audit_log WHERE"
	                              " action = 'principal.create'"), 3);
	free(csv);
}

static void test_reimport_updates(void **state)
{
	struct testdb_fixture *f = *state;
	char *csv = read_data("directory-good.csv");
	struct directory_report rep;
	assert_true(import(state, csv, &rep));
	/* The same file again changes nothing. */
	char *before = fingerprint(f->db);
	assert_true(import(state, csv, &rep));
	assert_int_equal(rep.units_created, 0);
	assert_int_equal(rep.units_updated, 0);
	assert_int_equal(rep.units_unchanged, 6);
	assert_int_equal(rep.principals_created, 0);
	free(csv);
	free(before);

	/* A changed name, a new e-mail, a new parent, a new unit; BOM,
	 * CRLF, columns in another order and an extra column. */
	csv = "\xEF\xBB\xBF"
	      "principal,unit_id,comment,unit_name,parent_unit_id,email\r\n"
	      "Region Dalarna,SE2321000180-PSY0,x,Psykiatri Region Dalarna,,"
	      "psykiatri@example.se\r\n"
	      "Ludvika kommun,SE2120000837-ELH2,y,Elevhälsan Centrum,"
	      "SE2120000837-SPB2,elevhalsan@example.se\r\n"
	      "LUDVIKA KOMMUN,SE2120000837-NEW1,z,Ny enhet,"
	      "SE2120000837-ELH2,\r\n";
	bool ok = import(state, csv, &rep);
	if (!ok)
		print_errors(&rep);
	assert_true(ok);
	assert_int_equal(rep.rows, 3);
	assert_int_equal(rep.units_created, 1);
	assert_int_equal(rep.units_updated, 2);
	assert_int_equal(rep.units_unchanged, 0);
	assert_int_equal(rep.principals_created, 0); /* case is ignored */
	struct unit u;
	assert_true(unit_find_by_hsa_id(ctx_of(state), "SE2321000180-PSY0", &u));
	assert_string_equal(u.name, "Psykiatri Region Dalarna");
	/* phone and postal_address were not in the file: kept. */
	assert_string_equal(u.phone, "023-49 00 00");
	assert_string_equal(u.postal_address, "Box 2, 791 29 Falun");
	assert_true(unit_find_by_hsa_id(ctx_of(state), "SE2120000837-ELH2", &u));
	assert_string_equal(u.email, "elevhalsan@example.se");
	assert_string_equal(parent_hsa(state, "SE2120000837-ELH2"),
	                    "SE2120000837-SPB2");
	assert_string_equal(parent_hsa(state, "SE2120000837-NEW1"),
	                    "SE2120000837-ELH2");
	assert_true(unit_find_by_hsa_id(ctx_of(state), "SE2120000837-NEW1", &u));
	assert_string_equal(u.principal_name, "Ludvika kommun");
	assert_int_equal(count(f->db, "SELECT COUNT(*) FROM principal"), 3);
}

static void test_without_parent_column_keeps_parents(void **state)
{
	seed(state);
	struct directory_report rep;
	bool ok = import(state,
	                 "unit_id,unit_name,principal\n"
	                 "SE2321000180-REG1,Nytt namn,Region Dalarna\n",
	                 &rep);
	if (!ok)
		print_errors(&rep);
	assert_true(ok);
	assert_int_equal(rep.units_updated, 1);
	assert_string_equal(parent_hsa(state, "SE2321000180-REG1"),
	                    "SE2321000180-REG0");
	/* An empty parent_unit_id in a file that has the column removes it. */
	ok = import(state,
	            "unit_id,unit_name,principal,parent_unit_id\n"
	            "SE2321000180-REG1,Nytt namn,Region Dalarna,\n",
	            &rep);
	assert_true(ok);
	assert_null(parent_hsa(state, "SE2321000180-REG1"));
}

static void test_semicolons_and_blank_lines(void **state)
{
	struct directory_report rep;
	bool ok = import(state,
	                 "unit_id;unit_name;principal;principal_kind\n"
	                 "\n"
	                 "SE2120000837-SEM1;\"Enhet; med semikolon\";Ludvika "
	                 "kommun;Municipality\n"
	                 "\n",
	                 &rep);
	if (!ok)
		print_errors(&rep);
	assert_true(ok);
	assert_int_equal(rep.rows, 1);
	struct unit u;
	assert_true(unit_find_by_hsa_id(ctx_of(state), "SE2120000837-SEM1", &u));
	assert_string_equal(u.name, "Enhet; med semikolon");
}

static void test_multiline_quoted_field_line_numbers(void **state)
{
	/* A record whose quoted field spans lines: the next record's line
	 * number still counts physical lines. */
	seed(state);
	char *csv = with_header(
		"SE2321000180-ML01,\"Två\nrader\",Region Dalarna,region,,,,\n"
		"SE2321000180-ML02,Bra namn,Region Dalarna,region,,fel,,\n");
	struct directory_report rep =
		expect_refused(state, csv, 2, "unit_name", "radbrytningar");
	assert_error(&rep, 4, "email", "e-postadress");
	free(csv);
}

/* ---- bad files: line numbers, and nothing changed ---- */

static void test_missing_column(void **state)
{
	seed(state);
	char *csv = read_data("directory-bad-header.csv");
	struct directory_report rep =
		expect_refused(state, csv, 1, "unit_name", "saknas");
	assert_int_equal(rep.nerrors, 1);
	free(csv);
	expect_refused(state, "unit_id,unit_name,unit_id,principal\n"
	                      "SE2321000180-X001,A,SE2321000180-X001,B\n",
	               1, "unit_id", "två gånger");
}

static void test_bad_hsa_id(void **state)
{
	seed(state);
	char *csv = with_header(
		"SE2321000180-OK01,Bra,Region Dalarna,region,,,,\n"
		"se2321000180,Fel,Region Dalarna,region,,,,\n");
	expect_refused(state, csv, 3, "unit_id", "två versaler");
	free(csv);
}

static void test_bad_email(void **state)
{
	seed(state);
	char *csv = with_header(
		"SE2321000180-OK01,Bra,Region Dalarna,region,,a@b.se,,\n"
		"SE2321000180-OK02,Bra,Region Dalarna,region,,inte-en-adress,,\n"
		"SE2321000180-OK03,Bra,Region Dalarna,region,,,12,\n");
	struct directory_report rep =
		expect_refused(state, csv, 3, "email", "e-postadress");
	assert_error(&rep, 4, "phone", "telefonnummer");
	free(csv);
}

static void test_unknown_principal_kind(void **state)
{
	seed(state);
	char *csv = with_header(
		"SE2321000180-OK01,Bra,Nytt landsting,landsting,,,,\n");
	struct directory_report rep =
		expect_refused(state, csv, 2, "principal_kind", "municipality");
	free(csv);
	/* A new principal needs a kind. */
	csv = with_header("SE2321000180-OK01,Bra,Nytt landsting,,,,,\n");
	rep = expect_refused(state, csv, 2, "principal_kind",
	                     "finns inte i samplan");
	free(csv);
	/* ... which one row naming it is enough to give. */
	csv = with_header("SE2321000180-OK01,Bra,Ny aktör,,,,,\n"
	                  "SE2321000180-OK02,Bra,Ny aktör,other_actor,,,,\n");
	assert_true(import(state, csv, &rep));
	assert_int_equal(rep.principals_created, 1);
	free(csv);
}

static void test_principal_kind_mismatch(void **state)
{
	seed(state);
	/* With the database. */
	char *csv = with_header(
		"SE2321000180-OK01,Bra,Region Dalarna,municipality,,,,\n");
	expect_refused(state, csv, 2, "principal_kind", "region");
	free(csv);
	/* Within the file. */
	csv = with_header("SE2321000180-OK01,Bra,Ny kommun,municipality,,,,\n"
	                  "SE2321000180-OK02,Bra,Ny kommun,region,,,,\n");
	expect_refused(state, csv, 3, "principal_kind", "rad 2");
	free(csv);
}

static void test_duplicate_id(void **state)
{
	seed(state);
	char *csv = with_header(
		"SE2321000180-DUP1,Ett,Region Dalarna,region,,,,\n"
		"SE2321000180-OK02,Två,Region Dalarna,region,,,,\n"
		"SE2321000180-DUP1,Tre,Region Dalarna,region,,,,\n");
	expect_refused(state, csv, 4, "unit_id", "rad 2");
	free(csv);
}

static void test_unknown_parent(void **state)
{
	seed(state);
	char *csv = with_header(
		"SE2321000180-OK01,Bra,Region Dalarna,region,"
		"SE2321000180-NONE,,,\n");
	expect_refused(state, csv, 2, "parent_unit_id", "SE2321000180-NONE");
	free(csv);
	csv = with_header("SE2321000180-OK01,Bra,Region Dalarna,region,"
	                  "SE2321000180-OK01,,,\n");
	expect_refused(state, csv, 2, "parent_unit_id", "sin egen");
	free(csv);
}

static void test_parent_cycle(void **state)
{
	seed(state);
	/* In the file. */
	char *csv = with_header(
		"SE2321000180-CYA,A,Region Dalarna,region,SE2321000180-CYC,,,\n"
		"SE2321000180-OK01,Bra,Region Dalarna,region,,,,\n"
		"SE2321000180-CYB,B,Region Dalarna,region,SE2321000180-CYA,,,\n"
		"SE2321000180-CYC,C,Region Dalarna,region,SE2321000180-CYB,,,\n");
	struct directory_report rep =
		expect_refused(state, csv, 2, "parent_unit_id", "ring");
	assert_error(&rep, 4, "parent_unit_id", "ring");
	assert_error(&rep, 5, "parent_unit_id", "ring");
	assert_false(has_error(&rep, 3, NULL, NULL));
	free(csv);
	/* Through the database: REG1 is under REG0 there; making REG0 a
	 * child of REG1 closes a ring. */
	csv = with_header("SE2321000180-REG0,Regionens enhet,Region Dalarna,"
	                  "region,SE2321000180-REG1,,,\n");
	expect_refused(state, csv, 2, "parent_unit_id", "ring");
	free(csv);
	/* ... unless the file moves REG1 too. */
	csv = with_header("SE2321000180-REG0,Regionens enhet,Region Dalarna,"
	                  "region,SE2321000180-REG1,,,\n"
	                  "SE2321000180-REG1,Regionens underenhet,Region "
	                  "Dalarna,region,,,,\n");
	assert_true(import(state, csv, &rep));
	assert_string_equal(parent_hsa(state, "SE2321000180-REG0"),
	                    "SE2321000180-REG1");
	assert_null(parent_hsa(state, "SE2321000180-REG1"));
	free(csv);
}

static void test_parent_of_other_principal(void **state)
{
	seed(state);
	/* A parent in the database. */
	char *csv = with_header("SE2120000837-OK01,Bra,Ludvika kommun,"
	                        "municipality,SE2321000180-REG0,,,\n");
	expect_refused(state, csv, 2, "parent_unit_id", "Region Dalarna");
	free(csv);
	/* A parent in the file. */
	csv = with_header("SE2120000837-OK01,Bra,Ludvika kommun,municipality,"
	                  "SE2321000180-OK02,,,\n"
	                  "SE2321000180-OK02,Bra,Region Dalarna,region,,,,\n");
	expect_refused(state, csv, 2, "parent_unit_id", "rad 3");
	free(csv);
	/* A unit moving to another principal leaves a child behind. */
	csv = with_header("SE2321000180-REG0,Regionens enhet,Ludvika kommun,"
	                  "municipality,,,,\n");
	expect_refused(state, csv, 2, "principal", "SE2321000180-REG1");
	free(csv);
}

static void test_quoting_errors(void **state)
{
	seed(state);
	char *csv = with_header(
		"SE2321000180-OK01,Bra,Region Dalarna,region,,,,\n"
		"SE2321000180-OK02,Ett \"citat\",Region Dalarna,region,,,,\n");
	expect_refused(state, csv, 3, "unit_name", "mitt i ett fält");
	free(csv);
	csv = with_header("SE2321000180-OK01,\"Bra\"x,Region Dalarna,region,"
	                  ",,,\n");
	expect_refused(state, csv, 2, "unit_name", "avslutande");
	free(csv);
	csv = read_data("directory-bad-quote.csv");
	expect_refused(state, csv, 3, NULL, "stängs aldrig");
	free(csv);
	/* A missing or extra field. */
	csv = with_header("SE2321000180-OK01,Bra,Region Dalarna,region\n");
	expect_refused(state, csv, 2, NULL, "rubrikraden har 8");
	free(csv);
}

static void test_every_bad_row_reported(void **state)
{
	char *csv = read_data("directory-bad-rows.csv");
	struct directory_report rep =
		expect_refused(state, csv, 3, "unit_id", "två versaler");
	assert_error(&rep, 4, "email", NULL);
	assert_error(&rep, 5, "principal_kind", NULL);
	assert_error(&rep, 6, "unit_id", "rad 2");
	assert_error(&rep, 7, "parent_unit_id", "SE9999999999-NONE");
	assert_error(&rep, 8, "parent_unit_id", "ring");
	assert_error(&rep, 9, "parent_unit_id", "ring");
	assert_error(&rep, 10, "parent_unit_id", "samma huvudman");
	assert_error(&rep, 11, NULL, "citattecken");
	assert_error(&rep, 12, "principal_kind", "rad 2");
	assert_false(has_error(&rep, 2, NULL, NULL));
	/* Sorted by line. */
	for (int i = 1; i < rep.nerrors; i++)
		assert_true(rep.errors[i - 1].line <= rep.errors[i].line);
	assert_int_equal(rep.nerrors, rep.nerrors_total);
	free(csv);
}

static void test_file_level_errors(void **state)
{
	seed(state);
	expect_refused(state, "", 0, NULL, "tom");
	expect_refused(state, "\xEF\xBB\xBF", 0, NULL, "tom");
	expect_refused(state, HEADER, 0, NULL, "inga enheter");
	/* Latin-1 instead of UTF-8 ("ö" as one byte). */
	char *csv = with_header("SE2321000180-OK01,Bra,Region Dalarna,region,,,,\n"
	                        "SE2321000180-OK02,Sj\xF6,Region Dalarna,region,,,,\n");
	expect_refused(state, csv, 3, NULL, "UTF-8");
	free(csv);
	/* A line longer than LIMIT_CSV_LINE. */
	size_t n = LIMIT_CSV_LINE + 200;
	char *long_line = malloc(n + 256);
	int k = snprintf(long_line, n + 256, "%sSE2321000180-OK01,", HEADER);
	memset(long_line + k, 'a', n);
	strcpy(long_line + k + n, ",Region Dalarna,region,,,,\n");
	expect_refused(state, long_line, 2, NULL, "för lång");
	free(long_line);
}

static void test_too_many_rows(void **state)
{
	seed(state);
	struct buf b;
	buf_init(&b, LIMIT_IMPORT_BODY);
	buf_puts(&b, "unit_id,unit_name,principal\n");
	for (int i = 0; i <= LIMIT_CSV_ROWS; i++)
		buf_printf(&b, "SE%d,E,P\n", 1000000 + i);
	assert_false(buf_failed(&b));
	expect_refused(state, b.data, 0, NULL, "fler än");
	buf_free(&b);
}

static void test_many_errors_capped(void **state)
{
	struct buf b;
	buf_init(&b, LIMIT_IMPORT_BODY);
	buf_puts(&b, "unit_id,unit_name,principal\n");
	for (int i = 0; i < DIRECTORY_MAX_ERRORS + 500; i++)
		buf_printf(&b, "bad%d,E,P\n", i);
	struct directory_report rep;
	assert_false(import(state, b.data, &rep));
	assert_int_equal(rep.nerrors, DIRECTORY_MAX_ERRORS);
	assert_true(rep.nerrors_total > DIRECTORY_MAX_ERRORS);
	buf_free(&b);
}

static void test_only_admins_import(void **state)
{
	struct testdb_fixture *f = *state;
	struct user pro = {.id = 1, .username = "eva", .full_name = "Eva",
	                   .role = ROLE_PROFESSIONAL, .active = true};
	ctx_act_as(&f->t.ctx, ACTOR_STAFF, &pro);
	char *csv = read_data("directory-good.csv");
	struct directory_report rep;
	assert_false(import(state, csv, &rep));
	assert_int_equal(f->t.problem.kind, PROBLEM_FORBIDDEN);
	assert_int_equal(rep.nerrors, 0);
	assert_int_equal(count(f->db, "SELECT COUNT(*) FROM unit"), 0);
	ctx_act_as(&f->t.ctx, ACTOR_CONSOLE, NULL);
	free(csv);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		testdb_test(test_good_file_any_order),
		testdb_test(test_reimport_updates),
		testdb_test(test_without_parent_column_keeps_parents),
		testdb_test(test_semicolons_and_blank_lines),
		testdb_test(test_multiline_quoted_field_line_numbers),
		testdb_test(test_missing_column),
		testdb_test(test_bad_hsa_id),
		testdb_test(test_bad_email),
		testdb_test(test_unknown_principal_kind),
		testdb_test(test_principal_kind_mismatch),
		testdb_test(test_duplicate_id),
		testdb_test(test_unknown_parent),
		testdb_test(test_parent_cycle),
		testdb_test(test_parent_of_other_principal),
		testdb_test(test_quoting_errors),
		testdb_test(test_every_bad_row_reported),
		testdb_test(test_file_level_errors),
		testdb_test(test_too_many_rows),
		testdb_test(test_many_errors_capped),
		testdb_test(test_only_admins_import),
	};
	return testdb_run_groups(tests, sizeof tests / sizeof tests[0]);
}
