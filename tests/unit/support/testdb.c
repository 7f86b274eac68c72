/*
 * testdb.c — see testdb.h.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "testdb.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "base/embed.h"
#include "base/limits.h"
#include "sip/secret.h"
#include "store/migrate.h"

bool testdb_pg_available(void)
{
	const char *pg = getenv("SAMPLAN_TEST_PG");
	return pg && *pg;
}

static char url_buf[1024];
static char schema_buf[64];
static unsigned counter;

/* What this process made, removed at exit (SQLite files also vanish
 * with the test run's $TMPDIR; PostgreSQL schemas would not). */
enum { MAX_MADE = 512 };
static char *made[MAX_MADE];
static int nmade;

static void cleanup_at_exit(void)
{
	struct db *admin = NULL;
	char err[512];
	for (int i = 0; i < nmade; i++) {
		if (strncmp(made[i], "sqlite:", 7) == 0) {
			char path[1100];
			unlink(made[i] + 7);
			snprintf(path, sizeof path, "%s-wal", made[i] + 7);
			unlink(path);
			snprintf(path, sizeof path, "%s-shm", made[i] + 7);
			unlink(path);
		} else {
			if (!admin)
				admin = db_open(getenv("SAMPLAN_TEST_PG"), err,
				                sizeof err);
			if (admin) {
				char sql[128];
				snprintf(sql, sizeof sql,
				         "DROP SCHEMA IF EXISTS %s CASCADE", made[i]);
				db_exec(admin, sql);
			}
		}
		free(made[i]);
	}
	nmade = 0;
	db_close(admin);
}

static void remember(const char *what)
{
	if (nmade == 0)
		atexit(cleanup_at_exit);
	if (nmade < MAX_MADE)
		made[nmade++] = strdup(what);
}

/* A schema-scoped URL: the base URL plus options=-csearch_path=NAME. */
static void pg_schema_url(const char *base, const char *schema)
{
	snprintf(url_buf, sizeof url_buf, "%s%coptions=-csearch_path%%3D%s", base,
	         strchr(base, '?') ? '&' : '?', schema);
}

struct db *testdb_open_empty(enum db_kind kind, const char **url)
{
	char err[512];
	struct db *db;
	/* Test users' passwords at argon2id's lowest cost: the full cost
	 * was most of the unit tests' CPU time (test_secret checks both). */
	secret_password_cost_for_tests();
	counter++;
	if (kind == DB_SQLITE) {
		const char *tmp = getenv("TMPDIR");
		snprintf(url_buf, sizeof url_buf, "sqlite:%s/samplan-test-%d-%u.db",
		         tmp && *tmp ? tmp : "/tmp", (int)getpid(), counter);
		unlink(url_buf + 7);
		char wal[1100];
		snprintf(wal, sizeof wal, "%s-wal", url_buf + 7);
		unlink(wal);
		snprintf(wal, sizeof wal, "%s-shm", url_buf + 7);
		unlink(wal);
		remember(url_buf);
	} else {
		if (!testdb_pg_available())
			return NULL;
		const char *base = getenv("SAMPLAN_TEST_PG");
		struct db *admin = db_open(base, err, sizeof err);
		if (!admin) {
			fprintf(stderr, "testdb: %s\n", err);
			return NULL;
		}
		snprintf(schema_buf, sizeof schema_buf, "t_%d_%u_%ld", (int)getpid(),
		         counter, (long)time(NULL) % 100000);
		char sql[256];
		snprintf(sql, sizeof sql, "DROP SCHEMA IF EXISTS %s CASCADE; "
		         "CREATE SCHEMA %s", schema_buf, schema_buf);
		int rc = db_exec(admin, sql);
		db_close(admin);
		if (rc != DB_OK) {
			fprintf(stderr, "testdb: cannot create schema\n");
			return NULL;
		}
		remember(schema_buf);
		pg_schema_url(base, schema_buf);
	}
	db = db_open(url_buf, err, sizeof err);
	if (!db) {
		fprintf(stderr, "testdb: %s\n", err);
		return NULL;
	}
	if (url)
		*url = url_buf;
	return db;
}

struct db *testdb_open(enum db_kind kind, const char **url)
{
	char err[512];
	struct db *db = testdb_open_empty(kind, url);
	if (!db)
		return NULL;
	int applied;
	if (migrate_apply(db, embedded_sql, &applied, err, sizeof err) != DB_OK) {
		fprintf(stderr, "testdb: %s\n", err);
		db_close(db);
		return NULL;
	}
	return db;
}

void testdb_close(struct db *db) { db_close(db); }

void test_ctx_init(struct test_ctx *t, struct db *db)
{
	memset(t, 0, sizeof *t);
	arena_init(&t->arena, LIMIT_REQUEST_ARENA);
	t->ctx = (struct ctx){
		.actor = ACTOR_CONSOLE,
		.db = db,
		.arena = &t->arena,
		.problem = &t->problem,
		.user = NULL,
		.client_addr = "test",
		.lang = "sv",
		.now = (int64_t)time(NULL),
	};
}

void test_ctx_free(struct test_ctx *t) { arena_free(&t->arena); }

void test_ctx_clear(struct test_ctx *t) { memset(&t->problem, 0, sizeof t->problem); }

/* ---- cmocka fixtures ---- */

static enum db_kind current_kind = DB_SQLITE;

enum db_kind testdb_current_kind(void) { return current_kind; }

int testdb_setup(void **state)
{
	struct testdb_fixture *f = calloc(1, sizeof *f);
	if (!f)
		return -1;
	const char *url = NULL;
	f->kind = current_kind;
	f->db = testdb_open(current_kind, &url);
	if (!f->db) {
		free(f);
		return -1;
	}
	snprintf(f->url, sizeof f->url, "%s", url);
	test_ctx_init(&f->t, f->db);
	*state = f;
	return 0;
}

int testdb_teardown(void **state)
{
	struct testdb_fixture *f = *state;
	if (!f)
		return 0;
	test_ctx_free(&f->t);
	testdb_close(f->db);
	free(f);
	*state = NULL;
	return 0;
}

int testdb_run_groups(const struct CMUnitTest *tests, size_t n)
{
	current_kind = DB_SQLITE;
	int failed = _cmocka_run_group_tests("sqlite", tests, n, NULL, NULL);
	if (!testdb_pg_available()) {
		fprintf(stderr, "testdb: SAMPLAN_TEST_PG is not set: the "
		                "PostgreSQL half is skipped\n");
		return failed;
	}
	current_kind = DB_POSTGRESQL;
	failed += _cmocka_run_group_tests("postgresql", tests, n, NULL, NULL);
	return failed;
}
