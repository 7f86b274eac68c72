/*
 * test_migrate.c — schema migrations on both backends: the embedded
 * ones apply to an empty database and record their versions, a second
 * run applies none, a database newer than the binary is refused, a
 * failing migration leaves nothing behind, and ID_PK is rendered per
 * backend.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/embed.h"
#include "store/migrate.h"
#include "support/testdb.h"

static int setup_empty(void **state)
{
	struct db *db = testdb_open_empty(testdb_current_kind(), NULL);
	if (!db)
		return -1;
	*state = db;
	return 0;
}

static int teardown_empty(void **state)
{
	testdb_close(*state);
	return 0;
}

static int64_t query(struct db *db, const char *sql)
{
	int64_t v = -1;
	if (db_query_int64(db, sql, &v) != DB_OK)
		fail_msg("%s: %s", sql, db_errmsg(db));
	return v;
}

static void test_embedded_apply_once(void **state)
{
	struct db *db = *state;
	long newest = 0;
	int numbered = 0;
	for (const struct embedded_file *f = embedded_sql; f->name; f++) {
		if (!isdigit((unsigned char)f->name[0]))
			continue;
		numbered++;
		long v = strtol(f->name, NULL, 10);
		if (v > newest)
			newest = v;
	}
	assert_true(numbered >= 1);

	char err[512] = "";
	int applied = -1;
	assert_int_equal(migrate_apply(db, embedded_sql, &applied, err, sizeof err),
	                 DB_OK);
	assert_int_equal(applied, numbered);
	long version = 0;
	assert_int_equal(migrate_current_version(db, &version), DB_OK);
	assert_int_equal(version, newest);
	assert_int_equal(query(db, "SELECT COUNT(*) FROM schema_migration"), numbered);
	/* Each file is recorded under its own name and version. */
	for (const struct embedded_file *f = embedded_sql; f->name; f++) {
		if (!isdigit((unsigned char)f->name[0]))
			continue;
		struct stmt s;
		assert_int_equal(db_prepare(db, &s,
			"SELECT name FROM schema_migration WHERE version = ?"), DB_OK);
		db_bind_int64(&s, 1, strtol(f->name, NULL, 10));
		assert_int_equal(db_step(&s), DB_ROW);
		assert_string_equal(db_column_text(&s, 0), f->name);
		db_finalize(&s);
	}
	/* The foundation's tables are there. */
	assert_int_equal(query(db, "SELECT COUNT(*) FROM user_account"), 0);
	assert_int_equal(query(db, "SELECT COUNT(*) FROM audit_log"), 0);

	applied = -1;
	assert_int_equal(migrate_apply(db, embedded_sql, &applied, err, sizeof err),
	                 DB_OK);
	assert_int_equal(applied, 0);
	assert_int_equal(query(db, "SELECT COUNT(*) FROM schema_migration"), numbered);
}

static void test_refuses_newer_database(void **state)
{
	struct db *db = *state;
	char err[512] = "";
	int applied;
	assert_int_equal(migrate_apply(db, embedded_sql, &applied, err, sizeof err),
	                 DB_OK);
	assert_int_equal(db_exec(db, "INSERT INTO schema_migration (version, name,"
	                             " applied_at) VALUES (99999, '99999_future.sql', 0)"),
	                 DB_OK);
	applied = -1;
	assert_int_not_equal(migrate_apply(db, embedded_sql, &applied, err, sizeof err),
	                     DB_OK);
	assert_int_equal(applied, 0);
	assert_non_null(strstr(err, "newer"));
	assert_non_null(strstr(err, "99999"));
}

#define FILE_OF(name, text) {name, (const unsigned char *)(text), sizeof(text) - 1}

static const char m1[] =
	"-- the first\n"
	"CREATE TABLE thing (id ID_PK, name TEXT NOT NULL);\n"
	"CREATE TABLE note (id ID_PK, thing_id BIGINT REFERENCES thing (id));\n";
static const char m2[] = "INSERT INTO thing (name) VALUES ('seeded');";
static const char m3_bad[] =
	"CREATE TABLE half (x BIGINT);\n"
	"INSERT INTO no_such_table VALUES (1);\n";
static const char m3_good[] = "CREATE TABLE half (x BIGINT);";
static const char readme[] = "not SQL at all";

static const struct embedded_file two[] = {
	FILE_OF("0001_thing.sql", m1),
	FILE_OF("0002_seed.sql", m2),
	FILE_OF("README.md", readme),
	{NULL, NULL, 0},
};
static const struct embedded_file three_bad[] = {
	FILE_OF("0001_thing.sql", m1),
	FILE_OF("0002_seed.sql", m2),
	FILE_OF("0003_half.sql", m3_bad),
	{NULL, NULL, 0},
};
static const struct embedded_file three_good[] = {
	FILE_OF("0001_thing.sql", m1),
	FILE_OF("0002_seed.sql", m2),
	FILE_OF("0003_half.sql", m3_good),
	{NULL, NULL, 0},
};

static void test_id_pk_numbers_rows(void **state)
{
	struct db *db = *state;
	char err[512] = "";
	int applied = 0;
	assert_int_equal(migrate_apply(db, two, &applied, err, sizeof err), DB_OK);
	assert_int_equal(applied, 2); /* README.md is not a migration */
	struct stmt s;
	assert_int_equal(db_prepare(db, &s,
		"INSERT INTO thing (name) VALUES (?) RETURNING id"), DB_OK);
	db_bind_text(&s, 1, "second");
	assert_int_equal(db_step(&s), DB_ROW);
	int64_t id = db_column_int64(&s, 0);
	db_finalize(&s);
	assert_int_equal(id, 2); /* the seeded row got 1 */
	assert_int_equal(query(db, "SELECT MIN(id) FROM thing"), 1);
}

static void test_failed_migration_leaves_nothing(void **state)
{
	struct db *db = *state;
	char err[512] = "";
	int applied = 0;
	assert_int_equal(migrate_apply(db, two, &applied, err, sizeof err), DB_OK);
	assert_int_not_equal(migrate_apply(db, three_bad, &applied, err, sizeof err),
	                     DB_OK);
	assert_int_equal(applied, 0);
	assert_non_null(strstr(err, "0003_half.sql"));
	long version = 0;
	assert_int_equal(migrate_current_version(db, &version), DB_OK);
	assert_int_equal(version, 2);
	/* The table the failed file created was rolled back with it. */
	struct stmt s;
	int rc = db_prepare(db, &s, "SELECT COUNT(*) FROM half");
	if (rc == DB_OK)
		rc = db_step(&s);
	db_finalize(&s);
	assert_int_not_equal(rc, DB_ROW);
	/* Fixed, it applies. */
	assert_int_equal(migrate_apply(db, three_good, &applied, err, sizeof err),
	                 DB_OK);
	assert_int_equal(applied, 1);
	assert_int_equal(query(db, "SELECT COUNT(*) FROM half"), 0);
	assert_int_equal(query(db, "SELECT COUNT(*) FROM thing"), 1);
}

static void test_render(void **state)
{
	struct db *db = *state;
	char *out = migrate_render(db,
		"CREATE TABLE x (id ID_PK, ID_PKX TEXT, MY_ID_PK TEXT);\n"
		"-- ID_PK\n");
	const char *pk = db_kind(db) == DB_SQLITE
		? "INTEGER PRIMARY KEY"
		: "BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY";
	char want[512];
	snprintf(want, sizeof want,
	         "CREATE TABLE x (id %s, ID_PKX TEXT, MY_ID_PK TEXT);\n-- %s\n",
	         pk, pk);
	assert_string_equal(out, want);
	free(out);
	out = migrate_render(db, "ID_PK");
	assert_string_equal(out, pk);
	free(out);
	out = migrate_render(db, "");
	assert_string_equal(out, "");
	free(out);
}

/* Backend sections: each backend runs the common lines and its own. */
static void test_render_sections(void **state)
{
	struct db *db = *state;
	char *out = migrate_render(db,
		"A;\n-- @postgresql\nPG;\n-- @end\n-- @sqlite\nSQ;\n-- @end\nB;\n");
	assert_string_equal(out, db_kind(db) == DB_SQLITE ? "A;\nSQ;\nB;\n"
	                                                  : "A;\nPG;\nB;\n");
	free(out);
}

/* The audit reviewer's role is allowed by 0006 (a rebuilt CHECK on
 * SQLite), other roles still refused, and the references to
 * user_account still hold. */
static void test_audit_reviewer_role(void **state)
{
	struct db *db = *state;
	char err[512] = "";
	int applied;
	assert_int_equal(migrate_apply(db, embedded_sql, &applied, err, sizeof err),
	                 DB_OK);
	assert_int_equal(db_exec(db,
		"INSERT INTO user_account (username, full_name, role, password_hash,"
		" created_at, updated_at) VALUES ('g', 'G', 'audit_reviewer', 'x', 0, 0)"),
		DB_OK);
	assert_int_not_equal(db_exec(db,
		"INSERT INTO user_account (username, full_name, role, password_hash,"
		" created_at, updated_at) VALUES ('h', 'H', 'emperor', 'x', 0, 0)"),
		DB_OK);
	assert_int_not_equal(db_exec(db,
		"INSERT INTO user_account (username, full_name, role, password_hash,"
		" created_at, updated_at) VALUES ('g', 'G2', 'professional', 'x', 0, 0)"),
		DB_OK); /* the unique username index was rebuilt */
	assert_int_not_equal(db_exec(db,
		"INSERT INTO login_session (token_hash, user_id, csrf_token,"
		" created_at, last_seen_at) VALUES ('t', 424242, 'c', 0, 0)"),
		DB_OK); /* foreign keys are on and point at the new table */
}

/* An existing database gains a role: the migration `version` that adds
 * it keeps every user, their units and sessions (on SQLite through the
 * table rebuild), and the references to user_account still hold
 * afterwards. */
static void upgrade_gains_role(struct db *db, long version, const char *role)
{
	struct embedded_file before[64];
	int n = 0;
	for (const struct embedded_file *f = embedded_sql; f->name && n < 63; f++)
		if (!isdigit((unsigned char)f->name[0]) ||
		    strtol(f->name, NULL, 10) < version)
			before[n++] = *f;
	before[n] = (struct embedded_file){NULL, NULL, 0};
	char err[512] = "";
	int applied;
	assert_int_equal(migrate_apply(db, before, &applied, err, sizeof err), DB_OK);
	assert_int_equal(db_exec(db,
		"INSERT INTO principal (id, name, kind, created_at, updated_at)"
		" VALUES (1, 'K', 'municipality', 0, 0);"
		"INSERT INTO unit (id, hsa_id, name, principal_id, created_at,"
		" updated_at) VALUES (1, 'h', 'U', 1, 0, 0);"
		"INSERT INTO user_account (id, username, full_name, title, role,"
		" password_hash, lang, created_at, updated_at) VALUES"
		" (7, 'eva', 'Eva', 'Kurator', 'professional', 'x', 'sv', 1, 2);"
		"INSERT INTO user_unit VALUES (7, 1);"
		"INSERT INTO login_session (token_hash, user_id, csrf_token,"
		" created_at, last_seen_at) VALUES ('t', 7, 'c', 0, 0)"), DB_OK);
	char insert[256];
	snprintf(insert, sizeof insert,
	         "INSERT INTO user_account (username, full_name, role,"
	         " password_hash, created_at, updated_at) VALUES ('g', 'G', '%s',"
	         " 'x', 0, 0)", role);
	assert_int_not_equal(db_exec(db, insert), DB_OK); /* not before */
	assert_int_equal(migrate_apply(db, embedded_sql, &applied, err, sizeof err),
	                 DB_OK);
	assert_true(applied >= 1);
	assert_int_equal(query(db, "SELECT COUNT(*) FROM user_account WHERE id = 7"
	                           " AND username = 'eva' AND title = 'Kurator'"
	                           " AND lang = 'sv' AND updated_at = 2"), 1);
	assert_int_equal(query(db, "SELECT COUNT(*) FROM user_unit WHERE user_id = 7"), 1);
	assert_int_equal(query(db, "SELECT COUNT(*) FROM login_session WHERE user_id = 7"), 1);
	assert_int_equal(db_exec(db, insert), DB_OK);
	assert_int_not_equal(db_exec(db, "INSERT INTO user_unit VALUES (424242, 1)"),
	                     DB_OK);
	assert_int_not_equal(db_exec(db,
		"INSERT INTO user_account (username, full_name, role, password_hash,"
		" created_at, updated_at) VALUES ('eva', 'E2', 'professional', 'x', 0, 0)"),
		DB_OK);
}

static void test_audit_reviewer_upgrade_keeps_users(void **state)
{
	upgrade_gains_role(*state, 6, "audit_reviewer");
}

/* 0026 the same for the agreement's follow-up group. */
static void test_follow_up_group_upgrade_keeps_users(void **state)
{
	upgrade_gains_role(*state, 26, "agreement_follow_up");
}

int main(void)
{
#define EMPTY(f) cmocka_unit_test_setup_teardown(f, setup_empty, teardown_empty)
	const struct CMUnitTest tests[] = {
		EMPTY(test_embedded_apply_once),
		EMPTY(test_refuses_newer_database),
		EMPTY(test_id_pk_numbers_rows),
		EMPTY(test_failed_migration_leaves_nothing),
		EMPTY(test_render),
		EMPTY(test_render_sections),
		EMPTY(test_audit_reviewer_role),
		EMPTY(test_audit_reviewer_upgrade_keeps_users),
		EMPTY(test_follow_up_group_upgrade_keeps_users),
	};
#undef EMPTY
	return testdb_run_groups(tests, sizeof tests / sizeof *tests);
}
