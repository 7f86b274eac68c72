/*
 * testdb.h — fresh, migrated databases for tests, on both backends.
 *
 * SQLite: a new file in a temporary directory. PostgreSQL: a new schema
 * on the server named by $SAMPLAN_TEST_PG, reached through a URL whose
 * search_path selects it, so tests never see each other's rows and the
 * same URL works for a `samplan serve` started by an HTTP test.
 *
 * Tests that touch the database run once per backend:
 *     for each kind in testdb_kinds(): db = testdb_open(kind, url_out) ...
 * The PostgreSQL half is skipped (and says so on stderr) when
 * $SAMPLAN_TEST_PG is unset.
 */
#ifndef SAMPLAN_TESTDB_H
#define SAMPLAN_TESTDB_H

#include <stdbool.h>

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

#endif
