/*
 * testdb.c — see testdb.h.
 */
#include "testdb.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "base/embed.h"
#include "base/limits.h"
#include "store/migrate.h"

bool testdb_pg_available(void)
{
	const char *pg = getenv("SAMPLAN_TEST_PG");
	return pg && *pg;
}

static char url_buf[1024];
static char schema_buf[64];
static unsigned counter;

/* A schema-scoped URL: the base URL plus options=-csearch_path=NAME. */
static void pg_schema_url(const char *base, const char *schema)
{
	snprintf(url_buf, sizeof url_buf, "%s%coptions=-csearch_path%%3D%s", base,
	         strchr(base, '?') ? '&' : '?', schema);
}

struct db *testdb_open(enum db_kind kind, const char **url)
{
	char err[512];
	struct db *db;
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
		pg_schema_url(base, schema_buf);
	}
	db = db_open(url_buf, err, sizeof err);
	if (!db) {
		fprintf(stderr, "testdb: %s\n", err);
		return NULL;
	}
	int applied;
	if (migrate_apply(db, embedded_sql, &applied, err, sizeof err) != DB_OK) {
		fprintf(stderr, "testdb: %s\n", err);
		db_close(db);
		return NULL;
	}
	if (url)
		*url = url_buf;
	return db;
}

void testdb_close(struct db *db) { db_close(db); }

void test_ctx_init(struct test_ctx *t, struct db *db)
{
	memset(t, 0, sizeof *t);
	arena_init(&t->arena, LIMIT_REQUEST_ARENA);
	t->ctx = (struct ctx){
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
