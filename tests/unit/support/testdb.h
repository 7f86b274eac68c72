/*
 * testdb.h — fresh, migrated databases for tests, on both backends.
 *
 * SQLite: a new file in a temporary directory. PostgreSQL: a new schema
 * on the server named by $SAMPLAN_TEST_PG, reached through a URL whose
 * search_path selects it, so tests never see each other's rows and the
 * same URL works for a `samplan serve` started by an HTTP test.
 *
 * Tests that touch the database run once per backend, through the cmocka
 * fixtures at the end of this file. The PostgreSQL half is skipped (and
 * says so on stderr) when $SAMPLAN_TEST_PG is unset.
 */
#ifndef SAMPLAN_TESTDB_H
#define SAMPLAN_TESTDB_H

#include <stdbool.h>
#include <stddef.h>

#include "base/arena.h"
#include "base/problem.h"
#include "sip/ctx.h"
#include "store/db.h"

/* True when $SAMPLAN_TEST_PG names a server. */
bool testdb_pg_available(void);

/* A fresh migrated database; *url (static storage, may be NULL) gets
 * its URL for other processes. NULL if the backend is unavailable. */
struct db *testdb_open(enum db_kind kind, const char **url);
void testdb_close(struct db *db);
/* The same, without migrations (for testing them). */
struct db *testdb_open_empty(enum db_kind kind, const char **url);

/* What this process created (SQLite files, PostgreSQL schemas) is
 * removed at exit. */

/* A console-operator context over db, with its own arena and problem. */
struct test_ctx {
	struct arena arena;
	struct problem problem;
	struct ctx ctx;
};
void test_ctx_init(struct test_ctx *t, struct db *db);
void test_ctx_free(struct test_ctx *t);
/* Forget the last problem (between steps of a test). */
void test_ctx_clear(struct test_ctx *t);

/* ---- cmocka fixtures: one fresh database per test, on each backend ----
 *
 *     static void test_x(void **state) {
 *             struct testdb_fixture *f = *state;  // f->db, f->url, f->t.ctx
 *             ...
 *     }
 *     const struct CMUnitTest tests[] = { testdb_test(test_x), ... };
 *     return testdb_run_groups(tests, n);
 *
 * testdb_run_groups runs the tests as group "sqlite", then as group
 * "postgresql" when $SAMPLAN_TEST_PG is set (else it says on stderr that
 * the half was skipped); it returns the number of failures. */
struct testdb_fixture {
	enum db_kind kind;
	struct db *db;
	char url[1024];
	struct test_ctx t; /* console context over db */
};

/* The backend of the group being run. */
enum db_kind testdb_current_kind(void);

int testdb_setup(void **state);
int testdb_teardown(void **state);
#define testdb_test(f) cmocka_unit_test_setup_teardown(f, testdb_setup, testdb_teardown)

struct CMUnitTest;
int testdb_run_groups(const struct CMUnitTest *tests, size_t n);

#endif
