/*
 * fuzz_directory.c — the whole directory import (src/sip/directory.c) on
 * any bytes: the CSV reader's consumer (header, column names, rows,
 * trimming, field counts, control characters) and the checks across
 * rows, on a migrated SQLite database (tests/unit/support/testdb.c) that
 * lives as long as the fuzzer.
 *
 * Promises checked: an import either succeeds with no errors, or fails
 * with a problem that says why; listed errors are at most
 * DIRECTORY_MAX_ERRORS, in line order, each with a message and a line
 * that exists in the file; counts are never negative.
 */
#include "fuzz.h"

#include "sip/directory.h"
#include "support/testdb.h"

static struct test_ctx *fuzz_ctx(void)
{
	static struct test_ctx t;
	static struct db *db;
	if (db)
		return &t;
	db = testdb_open(DB_SQLITE, NULL);
	if (!db) {
		fprintf(stderr, "fuzz_directory: no SQLite test database\n");
		abort();
	}
	test_ctx_init(&t, db);
	return &t;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct test_ctx *t = fuzz_ctx();
	test_ctx_clear(t);
	int lines = 1;
	for (size_t i = 0; i < size; i++)
		lines += data[i] == '\n';
	struct directory_report rep;
	bool ok = directory_import(&t->ctx, (const char *)data, size, &rep);
	FUZZ_CHECK(rep.rows >= 0 && rep.units_created >= 0 &&
	           rep.units_updated >= 0 && rep.units_unchanged >= 0 &&
	           rep.principals_created >= 0);
	FUZZ_CHECK(rep.nerrors >= 0 && rep.nerrors <= DIRECTORY_MAX_ERRORS);
	FUZZ_CHECK(rep.nerrors <= rep.nerrors_total);
	if (ok) {
		FUZZ_CHECK(rep.nerrors_total == 0);
		FUZZ_CHECK(rep.rows > 0);
	} else {
		FUZZ_CHECK(problem_any(t->ctx.problem) || rep.nerrors_total > 0);
	}
	for (int i = 0; i < rep.nerrors; i++) {
		const struct directory_error *e = &rep.errors[i];
		FUZZ_CHECK(e->message && *e->message);
		FUZZ_CHECK(e->line >= 0 && e->line <= lines);
		if (i)
			FUZZ_CHECK(rep.errors[i - 1].line <= e->line);
	}
	test_ctx_clear(t);
	arena_free(&t->arena); /* the report lived there */
	return 0;
}
