/*
 * test_db.c — the database API on both backends: prepare, bind, step,
 * columns, NULLs, constraint errors, nested transactions, the statement
 * cache (reuse, and nested use of the same SQL), and the `?` → `$n`
 * rewrite for PostgreSQL.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "store/db.h"
#include "store/db_internal.h"
#include "support/testdb.h"

static struct db *fresh(void **state)
{
	struct testdb_fixture *f = *state;
	assert_int_equal(db_exec(f->db,
		"CREATE TABLE t (id BIGINT PRIMARY KEY, name TEXT UNIQUE,"
		" n BIGINT NOT NULL DEFAULT 0)"), DB_OK);
	return f->db;
}

static void insert(struct db *db, int64_t id, const char *name, int64_t n)
{
	struct stmt s;
	assert_int_equal(db_prepare(db, &s,
		"INSERT INTO t (id, name, n) VALUES (?, ?, ?)"), DB_OK);
	db_bind_int64(&s, 1, id);
	db_bind_text(&s, 2, name);
	db_bind_int64(&s, 3, n);
	assert_int_equal(db_step(&s), DB_DONE);
	assert_int_equal(db_changes(&s), 1);
	db_finalize(&s);
}

static int64_t count(struct db *db)
{
	int64_t n = -1;
	assert_int_equal(db_query_int64(db, "SELECT COUNT(*) FROM t", &n), DB_OK);
	return n;
}

static void test_kind(void **state)
{
	struct testdb_fixture *f = *state;
	assert_int_equal(db_kind(f->db), f->kind);
	assert_string_equal(db_kind_name(f->db),
	                    f->kind == DB_SQLITE ? "sqlite" : "postgresql");
	assert_int_equal(db_ping(f->db), DB_OK);
}

static void test_bind_step_columns(void **state)
{
	struct db *db = fresh(state);
	insert(db, 1, "Åsa O'Brien; DROP TABLE t; --", INT64_MAX);
	insert(db, 2, NULL, INT64_MIN);
	insert(db, 3, "", -1);
	struct stmt s;
	assert_int_equal(db_prepare(db, &s,
		"SELECT id, name, n FROM t WHERE id >= ? ORDER BY id"), DB_OK);
	db_bind_int64(&s, 1, 1);
	assert_int_equal(db_step(&s), DB_ROW);
	assert_int_equal(db_column_int64(&s, 0), 1);
	assert_string_equal(db_column_text(&s, 1), "Åsa O'Brien; DROP TABLE t; --");
	assert_false(db_column_is_null(&s, 1));
	assert_int_equal(db_column_int64(&s, 2), INT64_MAX);
	assert_int_equal(db_step(&s), DB_ROW);
	assert_int_equal(db_column_int64(&s, 0), 2);
	assert_null(db_column_text(&s, 1));
	assert_true(db_column_is_null(&s, 1));
	assert_int_equal(db_column_int64(&s, 1), 0); /* NULL reads as 0 */
	assert_int_equal(db_column_int64(&s, 2), INT64_MIN);
	assert_int_equal(db_step(&s), DB_ROW);
	assert_string_equal(db_column_text(&s, 1), ""); /* empty is not NULL */
	assert_false(db_column_is_null(&s, 1));
	assert_int_equal(db_step(&s), DB_DONE);
	db_finalize(&s);
	assert_int_equal(count(db), 3);
}

static void test_bind_helpers(void **state)
{
	struct db *db = fresh(state);
	struct stmt s;
	assert_int_equal(db_prepare(db, &s,
		"INSERT INTO t (id, name, n) VALUES (?, ?, ?)"), DB_OK);
	db_bind_int64(&s, 1, 10);
	db_bind_null(&s, 2);
	db_bind_bool(&s, 3, true);
	assert_int_equal(db_step(&s), DB_DONE);
	db_finalize(&s);
	assert_int_equal(db_prepare(db, &s,
		"SELECT COUNT(*) FROM t WHERE name IS NULL AND n = 1"), DB_OK);
	assert_int_equal(db_step(&s), DB_ROW);
	assert_int_equal(db_column_int64(&s, 0), 1);
	db_finalize(&s);
	/* db_bind_id: 0 binds NULL. */
	assert_int_equal(db_prepare(db, &s, "SELECT CASE WHEN CAST(? AS BIGINT) IS NULL THEN 1 ELSE 0 END,"
	                           " CASE WHEN CAST(? AS BIGINT) IS NULL THEN 1 ELSE 0 END"), DB_OK);
	db_bind_id(&s, 1, 0);
	db_bind_id(&s, 2, 5);
	assert_int_equal(db_step(&s), DB_ROW);
	assert_int_equal(db_column_int64(&s, 0), 1);
	assert_int_equal(db_column_int64(&s, 1), 0);
	db_finalize(&s);
}

static void test_changes(void **state)
{
	struct db *db = fresh(state);
	insert(db, 1, "a", 1);
	insert(db, 2, "b", 1);
	insert(db, 3, "c", 2);
	struct stmt s;
	assert_int_equal(db_prepare(db, &s, "UPDATE t SET n = n + 10 WHERE n = ?"),
	                 DB_OK);
	db_bind_int64(&s, 1, 1);
	assert_int_equal(db_step(&s), DB_DONE);
	assert_int_equal(db_changes(&s), 2);
	db_finalize(&s);
	assert_int_equal(db_prepare(db, &s, "DELETE FROM t WHERE n = ?"), DB_OK);
	db_bind_int64(&s, 1, 999);
	assert_int_equal(db_step(&s), DB_DONE);
	assert_int_equal(db_changes(&s), 0);
	db_finalize(&s);
}

static void test_constraint_errors(void **state)
{
	struct db *db = fresh(state);
	insert(db, 1, "a", 0);
	struct stmt s;
	/* Duplicate primary key, duplicate unique, NOT NULL. */
	static const char *const sql[] = {
		"INSERT INTO t (id, name) VALUES (1, 'x')",
		"INSERT INTO t (id, name) VALUES (2, 'a')",
		"INSERT INTO t (id, name, n) VALUES (3, 'y', NULL)",
	};
	for (size_t i = 0; i < sizeof sql / sizeof *sql; i++) {
		assert_int_equal(db_prepare(db, &s, sql[i]), DB_OK);
		assert_int_equal(db_step(&s), DB_CONSTRAINT);
		/* A failed statement keeps failing the same way. */
		assert_int_equal(db_step(&s), DB_CONSTRAINT);
		assert_true(strlen(db_errmsg(db)) > 0);
		db_finalize(&s);
	}
	assert_int_equal(count(db), 1);
	/* The connection is fine afterwards. */
	insert(db, 2, "b", 0);
	assert_int_equal(count(db), 2);
}

static void test_bad_sql(void **state)
{
	struct testdb_fixture *f = *state;
	struct stmt s;
	int rc = db_prepare(f->db, &s, "SELEKT nonsense FROM nowhere");
	assert_int_equal(rc, DB_ERROR);
	assert_true(strlen(db_errmsg(f->db)) > 0);
	assert_int_equal(db_step(&s), DB_ERROR);
	db_finalize(&s);
	db_finalize(&s); /* twice is harmless */
	struct stmt zero = {0};
	db_finalize(&zero);
	int64_t v = 0;
	assert_int_not_equal(db_query_int64(f->db, "SELECT 1 WHERE 1 = 0", &v), DB_OK);
	assert_int_equal(db_query_int64(f->db, "SELECT 41 + 1", &v), DB_OK);
	assert_int_equal(v, 42);
	assert_int_not_equal(db_exec(f->db, "CREATE TABLE broken ("), DB_OK);
	assert_int_equal(db_ping(f->db), DB_OK);
}

static void test_transactions_nest(void **state)
{
	struct db *db = fresh(state);
	assert_false(db_in_transaction(db));
	assert_int_equal(db_begin(db), DB_OK);
	insert(db, 1, "outer", 0);
	assert_int_equal(db_begin(db), DB_OK);
	insert(db, 2, "inner", 0);
	assert_int_equal(db_commit(db), DB_OK); /* inner: nothing yet */
	assert_true(db_in_transaction(db));
	assert_int_equal(db_commit(db), DB_OK);
	assert_false(db_in_transaction(db));
	assert_int_equal(count(db), 2);

	/* An outer rollback discards the inner's work too. */
	assert_int_equal(db_begin(db), DB_OK);
	assert_int_equal(db_begin(db), DB_OK);
	insert(db, 3, "gone", 0);
	assert_int_equal(db_commit(db), DB_OK);
	db_rollback(db);
	assert_false(db_in_transaction(db));
	assert_int_equal(count(db), 2);
}

static void test_inner_rollback_fails_outer_commit(void **state)
{
	struct db *db = fresh(state);
	assert_int_equal(db_begin(db), DB_OK);
	insert(db, 1, "outer", 0);
	assert_int_equal(db_begin(db), DB_OK);
	insert(db, 2, "inner", 0);
	db_rollback(db); /* inner */
	assert_true(db_in_transaction(db));
	assert_int_not_equal(db_commit(db), DB_OK);
	assert_false(db_in_transaction(db));
	assert_int_equal(count(db), 0);
	/* The next transaction starts clean. */
	assert_int_equal(db_begin(db), DB_OK);
	insert(db, 3, "next", 0);
	assert_int_equal(db_commit(db), DB_OK);
	assert_int_equal(count(db), 1);
}

static void test_statement_cache(void **state)
{
	struct db *db = fresh(state);
	for (int i = 1; i <= 3; i++)
		insert(db, i, NULL, i);
	const char *sql = "SELECT id FROM t ORDER BY id";
	struct stmt s;
	assert_int_equal(db_prepare(db, &s, sql), DB_OK);
	struct db_cached *first = s.cached;
	assert_int_equal(db_step(&s), DB_ROW);
	db_finalize(&s);
	/* Prepared again: the same cached statement, reset to the start. */
	char copy[64];
	snprintf(copy, sizeof copy, "%s", sql); /* keyed by text, not pointer */
	assert_int_equal(db_prepare(db, &s, copy), DB_OK);
	assert_ptr_equal(s.cached, first);
	assert_int_equal(db_step(&s), DB_ROW);
	assert_int_equal(db_column_int64(&s, 0), 1);
	db_finalize(&s);

	/* Nested use of the same SQL: an inner loop gets its own. */
	struct stmt outer, inner;
	int pairs = 0;
	int64_t sum = 0;
	assert_int_equal(db_prepare(db, &outer, sql), DB_OK);
	while (db_step(&outer) == DB_ROW) {
		int64_t a = db_column_int64(&outer, 0);
		assert_int_equal(db_prepare(db, &inner, sql), DB_OK);
		assert_ptr_not_equal(inner.cached, outer.cached);
		while (db_step(&inner) == DB_ROW) {
			pairs++;
			sum += a * 10 + db_column_int64(&inner, 0);
		}
		db_finalize(&inner);
		/* The outer row is still readable. */
		assert_int_equal(db_column_int64(&outer, 0), a);
	}
	db_finalize(&outer);
	assert_int_equal(pairs, 9);
	assert_int_equal(sum, (10 + 20 + 30) * 3 + (1 + 2 + 3) * 3);
	/* And the cached one is handed out again afterwards. */
	assert_int_equal(db_prepare(db, &s, sql), DB_OK);
	assert_ptr_equal(s.cached, first);
	db_finalize(&s);
}

static void test_bindings_do_not_leak_between_uses(void **state)
{
	struct db *db = fresh(state);
	insert(db, 1, "x", 5);
	const char *sql = "SELECT COUNT(*) FROM t WHERE name = ?";
	struct stmt s;
	assert_int_equal(db_prepare(db, &s, sql), DB_OK);
	db_bind_text(&s, 1, "x");
	assert_int_equal(db_step(&s), DB_ROW);
	assert_int_equal(db_column_int64(&s, 0), 1);
	db_finalize(&s);
	/* Reused without binding: the old value must not linger. */
	assert_int_equal(db_prepare(db, &s, sql), DB_OK);
	assert_int_equal(db_step(&s), DB_ROW);
	assert_int_equal(db_column_int64(&s, 0), 0);
	db_finalize(&s);
}

static void test_question_marks_in_quotes(void **state)
{
	struct db *db = fresh(state);
	insert(db, 1, "what?", 0);
	struct stmt s;
	assert_int_equal(db_prepare(db, &s,
		"SELECT 'is it?' || CAST(? AS TEXT), COUNT(*) FROM t"
		" WHERE name = 'what?' AND id = ?"),
		DB_OK);
	db_bind_text(&s, 1, " yes");
	db_bind_int64(&s, 2, 1);
	assert_int_equal(db_step(&s), DB_ROW);
	assert_string_equal(db_column_text(&s, 0), "is it? yes");
	assert_int_equal(db_column_int64(&s, 1), 1);
	db_finalize(&s);
}

static void test_sql_to_dollar(void **state)
{
	(void)state;
	static const struct {
		const char *in, *out;
		int n;
	} cases[] = {
		{"SELECT 1", "SELECT 1", 0},
		{"a = ? AND b = ?", "a = $1 AND b = $2", 2},
		{"x = '?' AND y = ?", "x = '?' AND y = $1", 1},
		{"\"we?ird\" = ?", "\"we?ird\" = $1", 1},
		{"'it''s ?' || ?", "'it''s ?' || $1", 1},
		{"'a\"?' = ? AND \"b'?\" = ?", "'a\"?' = $1 AND \"b'?\" = $2", 2},
		{"?????????????", "$1$2$3$4$5$6$7$8$9$10$11$12$13", 13},
	};
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		int n = -1;
		char *out = db_sql_to_dollar(cases[i].in, &n);
		assert_string_equal(out, cases[i].out);
		assert_int_equal(n, cases[i].n);
		free(out);
	}
}

static void test_open_failures(void **state)
{
	(void)state;
	char err[512] = "";
	assert_null(db_open("mysql://nope", err, sizeof err));
	assert_true(strlen(err) > 0);
	err[0] = '\0';
	assert_null(db_open("sqlite:/nonexistent-dir/x/y.db", err, sizeof err));
	assert_non_null(strstr(err, "SQLite"));
	err[0] = '\0';
	assert_null(db_open("postgresql://postgres@127.0.0.1:1/postgres"
	                    "?connect_timeout=2", err, sizeof err));
	assert_non_null(strstr(err, "PostgreSQL"));
}

/* PostgreSQL: a connection the server drops is re-established on the
 * next call, and statements cached before are prepared anew. SQLite has
 * no server connection to lose: that half is reported as skipped
 * (TAP "# SKIP"), not as passed. */
static void test_reconnect(void **state)
{
	struct testdb_fixture *f = *state;
	if (f->kind != DB_POSTGRESQL) {
		fprintf(stderr, "# test_reconnect: SQLite has no server "
		                "connection to lose; PostgreSQL only\n");
		skip();
	}
	struct db *db = fresh(state);
	insert(db, 1, "kept", 0);
	assert_int_equal(count(db), 1); /* cached */
	int rc = db_exec(db, "SELECT pg_terminate_backend(pg_backend_pid())");
	assert_int_not_equal(rc, DB_OK);
	assert_int_equal(db_ping(db), DB_OK);
	assert_int_equal(count(db), 1); /* same schema: search_path kept */
	/* The cached INSERT works on the new connection too. */
	insert(db, 2, "after", 0);
	assert_int_equal(count(db), 2);
}

/* SQLite "disk full", made deterministic with max_page_count: the write
 * fails as DB_REFUSED naming SQLITE_FULL, nothing of the transaction is
 * stored, db_trouble() says "disk_full" until a commit succeeds. */
static void test_disk_full(void **state)
{
	(void)state;
	char path[] = "/tmp/samplan-test-full-XXXXXX";
	int fd = mkstemp(path);
	assert_true(fd >= 0);
	close(fd);
	char url[64], err[512];
	snprintf(url, sizeof url, "sqlite:%s", path);
	struct db *db = db_open(url, err, sizeof err);
	assert_non_null(db);
	assert_int_equal(db_exec(db, "CREATE TABLE t (v TEXT);"
	                             "INSERT INTO t VALUES ('before')"), DB_OK);
	int64_t pages = 0;
	assert_int_equal(db_query_int64(db, "PRAGMA page_count", &pages), DB_OK);
	char pragma[64];
	snprintf(pragma, sizeof pragma, "PRAGMA max_page_count = %lld",
	         (long long)pages + 1);
	assert_int_equal(db_exec(db, pragma), DB_OK);
	assert_int_equal(db_begin(db), DB_OK);
	struct stmt s;
	int rc = DB_OK;
	for (int i = 0; i < 200 && rc == DB_OK; i++) {
		db_prepare(db, &s, "INSERT INTO t VALUES (?)");
		db_bind_text(&s, 1, "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
		                    "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
		                    "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx");
		rc = db_step(&s);
		db_finalize(&s);
		if (rc == DB_DONE)
			rc = DB_OK;
	}
	assert_int_equal(rc, DB_REFUSED);
	assert_non_null(strstr(db_errmsg(db), "SQLITE_FULL"));
	db_rollback(db);
	assert_non_null(db_trouble());
	assert_string_equal(db_trouble(), "disk_full");
	int64_t n = 0;
	assert_int_equal(db_query_int64(db, "SELECT COUNT(*) FROM t", &n), DB_OK);
	assert_int_equal(n, 1);
	/* Room again: the next commit clears the trouble. */
	assert_int_equal(db_exec(db, "PRAGMA max_page_count = 1000000"), DB_OK);
	assert_int_equal(db_begin(db), DB_OK);
	assert_int_equal(db_exec(db, "INSERT INTO t VALUES ('after')"), DB_OK);
	assert_int_equal(db_commit(db), DB_OK);
	assert_null(db_trouble());
	db_close(db);
	unlink(path);
	char side[80];
	snprintf(side, sizeof side, "%s-wal", path);
	unlink(side);
	snprintf(side, sizeof side, "%s-shm", path);
	unlink(side);
}

/* DB_ROWS (db.h): a subquery's rows in one column, nested rows in them,
 * text that needs escaping, the extremes of BIGINT, NULL, and no rows —
 * the same on both backends. */
static void test_rows_in_a_column(void **state)
{
	struct db *db = fresh(state);
	insert(db, 1, "Åsa \"Q\" O'Brien\\\n\ttab\x01", INT64_MAX);
	insert(db, 2, NULL, INT64_MIN);
	insert(db, 3, "[1, 2]", 7);
	struct stmt s, rows, nested;
	assert_int_equal(db_prepare(db, &s,
		"SELECT 42, "
		DB_ROWS("t.id, t.name, t.n, "
		        DB_ROWS("u.id", "FROM t u WHERE u.id <= t.id ORDER BY u.id"),
		        "FROM t WHERE t.id >= ? ORDER BY t.id DESC") ", "
		DB_ROWS("t.id", "FROM t WHERE t.id > 99")), DB_OK);
	db_bind_int64(&s, 1, 1);
	assert_int_equal(db_step(&s), DB_ROW);
	assert_int_equal(db_column_int64(&s, 0), 42);
	db_rows_open(&rows, &s, 1);
	assert_int_equal(db_step(&rows), DB_ROW); /* in the subquery's order */
	assert_int_equal(db_column_int64(&rows, 0), 3);
	assert_string_equal(db_column_text(&rows, 1), "[1, 2]"); /* text, not JSON */
	db_rows_open(&nested, &rows, 3);
	for (int id = 1; id <= 3; id++) {
		assert_int_equal(db_step(&nested), DB_ROW);
		assert_int_equal(db_column_int64(&nested, 0), id);
	}
	assert_int_equal(db_step(&nested), DB_DONE);
	db_finalize(&nested);
	assert_int_equal(db_step(&rows), DB_ROW);
	assert_int_equal(db_column_int64(&rows, 0), 2);
	assert_true(db_column_is_null(&rows, 1));
	assert_null(db_column_text(&rows, 1));
	assert_int_equal(db_column_int64(&rows, 2), INT64_MIN);
	assert_int_equal(db_step(&rows), DB_ROW);
	assert_string_equal(db_column_text(&rows, 1),
	                    "Åsa \"Q\" O'Brien\\\n\ttab\x01");
	assert_int_equal(db_column_int64(&rows, 2), INT64_MAX);
	assert_false(db_column_is_null(&rows, 1));
	assert_true(db_column_is_null(&rows, 9)); /* past the row's end */
	assert_int_equal(db_step(&rows), DB_DONE);
	db_finalize(&rows);
	db_rows_open(&rows, &s, 2); /* no rows: NULL, an empty result */
	assert_int_equal(db_step(&rows), DB_DONE);
	db_finalize(&rows);
	db_rows_open(&rows, &s, 0); /* 42 is no JSON array of rows */
	assert_int_equal(db_step(&rows), DB_ERROR);
	db_finalize(&rows);
	assert_int_equal(db_step(&s), DB_DONE);
	db_finalize(&s);
}

/* Each prepared statement and each db_exec counts as one query. */
static void test_query_count(void **state)
{
	struct db *db = fresh(state);
	uint64_t before = db_query_count(db);
	insert(db, 1, "a", 1);
	assert_int_equal(db_exec(db, "UPDATE t SET n = 2"), DB_OK);
	assert_int_equal(count(db), 1);
	assert_int_equal(db_query_count(db) - before, 3);
}

int main(void)
{
	const struct CMUnitTest common[] = {
		cmocka_unit_test(test_disk_full),
		cmocka_unit_test(test_sql_to_dollar),
		cmocka_unit_test(test_open_failures),
	};
	const struct CMUnitTest tests[] = {
		testdb_test(test_kind),
		testdb_test(test_bind_step_columns),
		testdb_test(test_bind_helpers),
		testdb_test(test_changes),
		testdb_test(test_constraint_errors),
		testdb_test(test_bad_sql),
		testdb_test(test_transactions_nest),
		testdb_test(test_inner_rollback_fails_outer_commit),
		testdb_test(test_statement_cache),
		testdb_test(test_bindings_do_not_leak_between_uses),
		testdb_test(test_question_marks_in_quotes),
		testdb_test(test_reconnect),
		testdb_test(test_rows_in_a_column),
		testdb_test(test_query_count),
	};
	int failed = cmocka_run_group_tests_name("common", common, NULL, NULL);
	return failed + testdb_run_groups(tests, sizeof tests / sizeof *tests);
}
