/*
 * db_sqlite.c — the SQLite backend of db.h.
 *
 * Each connection: WAL journal (readers never block the writer),
 * synchronous=FULL (a committed transaction survives power loss: audit
 * records must be durable before a response leaves), foreign keys on, a
 * larger page cache, and a busy timeout so writers of other processes
 * wait for the lock instead of failing. Writers of the same process
 * queue on a mutex instead (db.c), which is fairer and faster than
 * SQLite's sleeping busy handler.
 */
#include <pthread.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "base/limits.h"
#include "base/log.h"
#include "store/db_internal.h"

enum { SQLITE_BUSY_TIMEOUT_MS = 10000 };

static const char *code_name(int rc)
{
	switch (rc & 0xff) {
	case SQLITE_FULL: return "SQLITE_FULL";
	case SQLITE_READONLY: return "SQLITE_READONLY";
	case SQLITE_IOERR: return "SQLITE_IOERR";
	case SQLITE_CANTOPEN: return "SQLITE_CANTOPEN";
	default: return "SQLITE_ERROR";
	}
}

/* The file cannot take writes: disk full, read-only, I/O error. The
 * message names SQLite's code (and the extended one), so the log says
 * the real cause. */
static int refused(struct db *db, int rc, const char *kind)
{
	db_note_trouble(kind);
	return db_set_error(db, DB_REFUSED, "%s (%s, extended code %d)",
	                    sqlite3_errmsg(db->conn), code_name(rc), rc);
}

static int map_rc(struct db *db, int rc)
{
	const char *msg = sqlite3_errmsg(db->conn);
	switch (rc & 0xff) {
	case SQLITE_OK:
		return DB_OK;
	case SQLITE_CONSTRAINT:
		return db_set_error(db, DB_CONSTRAINT, "%s", msg);
	case SQLITE_BUSY:
	case SQLITE_LOCKED:
		return db_set_error(db, DB_BUSY, "%s", msg);
	case SQLITE_FULL:
		return refused(db, rc, "disk_full");
	case SQLITE_READONLY:
		return refused(db, rc, "read_only");
	case SQLITE_IOERR:
		return refused(db, rc, "io_error");
	case SQLITE_CANTOPEN:
		db_note_trouble("unreachable");
		return db_set_error(db, DB_UNAVAILABLE, "%s (SQLITE_CANTOPEN)", msg);
	default:
		return db_set_error(db, DB_ERROR, "%s", msg);
	}
}

/* SQLite's automatic checkpoint runs inside the COMMIT's sqlite3_step
 * and, when it fails (the database file cannot grow: disk full), makes
 * that step return an error although the transaction is already
 * committed to the WAL — samplan then answered 503 for a write that had
 * been stored. This hook does the same passive checkpoint but never
 * fails the commit: a failed checkpoint is logged, counts as trouble for
 * /healthz, and is retried after the next commit. */
enum { WAL_CHECKPOINT_PAGES = 1000 };

static int wal_hook(void *arg, sqlite3 *conn, const char *dbname, int pages)
{
	(void)arg;
	if (pages < WAL_CHECKPOINT_PAGES)
		return SQLITE_OK;
	int rc = sqlite3_wal_checkpoint_v2(conn, dbname, SQLITE_CHECKPOINT_PASSIVE,
	                                   NULL, NULL);
	if (rc != SQLITE_OK && (rc & 0xff) != SQLITE_BUSY) {
		log_error("database: checkpoint of %d WAL pages failed: %s (%s); "
		          "the commit itself is stored", pages,
		          sqlite3_errmsg(conn), code_name(rc));
		db_note_trouble((rc & 0xff) == SQLITE_FULL ? "disk_full"
		                                            : "io_error");
	}
	return SQLITE_OK;
}

static void sq_close(struct db *db)
{
	sqlite3_close_v2(db->conn);
	db->conn = NULL;
}

static int sq_prepare(struct db *db, struct db_cached *c)
{
	sqlite3_stmt *st = NULL;
	int rc = sqlite3_prepare_v3(db->conn, c->sql, -1,
	                            SQLITE_PREPARE_PERSISTENT, &st, NULL);
	if (rc != SQLITE_OK)
		return map_rc(db, rc);
	c->impl = st;
	return DB_OK;
}

static void sq_destroy(struct db *db, struct db_cached *c)
{
	(void)db;
	sqlite3_finalize(c->impl);
	c->impl = NULL;
}

static void sq_bind_int64(struct db_cached *c, int i, int64_t v)
{
	sqlite3_bind_int64(c->impl, i, v);
}

static void sq_bind_text(struct db_cached *c, int i, const char *v)
{
	sqlite3_bind_text(c->impl, i, v, -1, SQLITE_TRANSIENT);
}

static void sq_bind_null(struct db_cached *c, int i)
{
	sqlite3_bind_null(c->impl, i);
}

static int sq_step(struct db *db, struct stmt *s)
{
	int rc = sqlite3_step(s->cached->impl);
	if (rc == SQLITE_ROW)
		return DB_ROW;
	if (rc == SQLITE_DONE)
		return DB_DONE;
	return map_rc(db, rc);
}

static int64_t sq_column_int64(struct stmt *s, int i)
{
	return sqlite3_column_int64(s->cached->impl, i);
}

static const char *sq_column_text(struct stmt *s, int i)
{
	return (const char *)sqlite3_column_text(s->cached->impl, i);
}

static bool sq_column_is_null(struct stmt *s, int i)
{
	return sqlite3_column_type(s->cached->impl, i) == SQLITE_NULL;
}

static int64_t sq_changes(struct stmt *s)
{
	return sqlite3_changes64(s->db->conn);
}

static void sq_reset(struct db_cached *c)
{
	sqlite3_reset(c->impl);
	sqlite3_clear_bindings(c->impl);
}

static int sq_exec(struct db *db, const char *sql)
{
	char *msg = NULL;
	int rc = sqlite3_exec(db->conn, sql, NULL, NULL, &msg);
	if (rc != SQLITE_OK) {
		int code = map_rc(db, rc);
		if (msg)
			db_set_error(db, code, "%s", msg);
		sqlite3_free(msg);
		return code;
	}
	return DB_OK;
}

/* "SELECT 1" would not touch the file at all; reading the schema does.
 * A file SQLite could open for reading only (its permissions, a
 * read-only mount) takes no writes: that is no health either. */
static int sq_ping(struct db *db)
{
	int64_t n = 0;
	int rc = db_query_int64(db, "SELECT COUNT(*) FROM sqlite_schema", &n);
	if (rc != DB_OK)
		return rc == DB_REFUSED ? DB_REFUSED : DB_UNAVAILABLE;
	if (sqlite3_db_readonly(db->conn, "main") == 1) {
		db_note_trouble("read_only");
		return db_set_error(db, DB_REFUSED, "the database file is "
		                    "read-only (SQLITE_READONLY)");
	}
	return DB_OK;
}

static const struct db_backend sqlite_backend = {
	.name = "sqlite",
	.close = sq_close,
	.prepare = sq_prepare,
	.destroy = sq_destroy,
	.bind_int64 = sq_bind_int64,
	.bind_text = sq_bind_text,
	.bind_null = sq_bind_null,
	.step = sq_step,
	.column_int64 = sq_column_int64,
	.column_text = sq_column_text,
	.column_is_null = sq_column_is_null,
	.changes = sq_changes,
	.reset = sq_reset,
	.exec = sq_exec,
	.ping = sq_ping,
};

/* ---- json_build_array and json_agg, as PostgreSQL has them ----
 *
 * db_rows_open (db.h) reads a subquery's rows from one column written
 * json_agg(json_build_array(...)); these two make that SQL text run on
 * SQLite too. json_build_array(v...) is the JSON array of its arguments
 * (integers, reals, text as JSON strings, NULL as null; a blob, which
 * samplan never stores, as null). json_agg(x) joins the arrays its
 * rows give, in the order the rows come — which for
 * "FROM (SELECT ... ORDER BY ...)" is the subquery's order — and is NULL
 * over no rows, as in PostgreSQL. Its argument must be json_build_array's
 * text (SQLite's own JSON subtype does not cross the subquery). */

static void json_string_to(struct buf *b, const unsigned char *t)
{
	buf_putc(b, '"');
	for (;;) {
		/* The run that needs no escape, in one append. */
		const unsigned char *run = t;
		while (*t >= 0x20 && *t != '"' && *t != '\\')
			t++;
		buf_append(b, run, (size_t)(t - run));
		if (!*t)
			break;
		if (*t == '"' || *t == '\\') {
			buf_putc(b, '\\');
			buf_putc(b, (char)*t);
		} else {
			buf_printf(b, "\\u%04x", *t);
		}
		t++;
	}
	buf_putc(b, '"');
}

static void fn_json_build_array(sqlite3_context *c, int argc,
                                sqlite3_value **argv)
{
	struct buf b;
	buf_init(&b, LIMIT_JSON_ROWS);
	buf_putc(&b, '[');
	for (int i = 0; i < argc; i++) {
		if (i)
			buf_putc(&b, ',');
		switch (sqlite3_value_type(argv[i])) {
		case SQLITE_INTEGER:
			buf_printf(&b, "%lld",
			           (long long)sqlite3_value_int64(argv[i]));
			break;
		case SQLITE_FLOAT:
			buf_printf(&b, "%.17g", sqlite3_value_double(argv[i]));
			break;
		case SQLITE_TEXT:
			json_string_to(&b, sqlite3_value_text(argv[i]));
			break;
		default:
			buf_puts(&b, "null");
		}
	}
	buf_putc(&b, ']');
	if (buf_failed(&b)) {
		buf_free(&b);
		sqlite3_result_error_toobig(c);
		return;
	}
	size_t len;
	char *text = buf_detach(&b, &len);
	sqlite3_result_text(c, text, (int)len, free);
}

static void fn_json_agg_step(sqlite3_context *c, int argc,
                             sqlite3_value **argv)
{
	(void)argc;
	struct buf *b = sqlite3_aggregate_context(c, sizeof *b);
	if (!b) {
		sqlite3_result_error_nomem(c);
		return;
	}
	if (b->cap == 0) {
		buf_init(b, LIMIT_JSON_ROWS);
		buf_putc(b, '[');
	} else {
		buf_putc(b, ',');
	}
	const unsigned char *t = sqlite3_value_text(argv[0]);
	buf_puts(b, t ? (const char *)t : "null");
}

static void fn_json_agg_final(sqlite3_context *c)
{
	struct buf *b = sqlite3_aggregate_context(c, 0);
	if (!b || b->cap == 0) {
		sqlite3_result_null(c);
		return;
	}
	buf_putc(b, ']');
	if (buf_failed(b)) {
		buf_free(b);
		sqlite3_result_error_toobig(c);
		return;
	}
	size_t len;
	char *text = buf_detach(b, &len);
	sqlite3_result_text(c, text, (int)len, free);
}

static bool define_json_functions(sqlite3 *conn)
{
	return sqlite3_create_function_v2(conn, "json_build_array", -1,
	                                  SQLITE_UTF8 | SQLITE_DETERMINISTIC,
	                                  NULL, fn_json_build_array, NULL, NULL,
	                                  NULL) == SQLITE_OK &&
	       sqlite3_create_function_v2(conn, "json_agg", 1, SQLITE_UTF8,
	                                  NULL, NULL, fn_json_agg_step,
	                                  fn_json_agg_final, NULL) == SQLITE_OK;
}

/* Once per process, before the first connection: no memory statistics.
 * samplan never asks for them (sqlite3_memory_used and the like), and
 * keeping them takes a global mutex on every allocation, which the
 * request threads and the audit writer then share: about 4 % of the
 * county statistics at 10^6 plans (docs/performance.md). */
static void sqlite_configure(void)
{
	sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
	sqlite3_initialize();
}

bool db_sqlite_open(struct db *db, const char *path, char *err, size_t errlen)
{
	static pthread_once_t configured = PTHREAD_ONCE_INIT;
	pthread_once(&configured, sqlite_configure);
	sqlite3 *conn = NULL;
	int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE |
	            SQLITE_OPEN_NOMUTEX;
	int rc = sqlite3_open_v2(path, &conn, flags, NULL);
	if (rc != SQLITE_OK) {
		snprintf(err, errlen, "cannot open SQLite database %s: %s",
		         path, conn ? sqlite3_errmsg(conn) : sqlite3_errstr(rc));
		sqlite3_close_v2(conn);
		return false;
	}
	db->conn = conn;
	db->backend = &sqlite_backend;
	db->writer = db_sqlite_writer_mutex(path);
	sqlite3_busy_timeout(conn, SQLITE_BUSY_TIMEOUT_MS);
	sqlite3_wal_hook(conn, wal_hook, NULL);
	sqlite3_extended_result_codes(conn, 1);
	if (!define_json_functions(conn)) {
		snprintf(err, errlen, "cannot define JSON functions on %s: %s",
		         path, sqlite3_errmsg(conn));
		sqlite3_close_v2(conn);
		db->conn = NULL;
		return false;
	}
	static const char *const pragmas =
		"PRAGMA journal_mode=WAL;"
		"PRAGMA synchronous=FULL;"
		"PRAGMA foreign_keys=ON;"
		"PRAGMA temp_store=MEMORY;"
		/* 32 MB of pages per connection (SQLite's default is 2 MB):
		 * plan reads touch many small rows. Memory-mapped I/O was
		 * measured and is slower here: the audit writer's checkpoints
		 * grow the file and every connection remaps it. */
		"PRAGMA cache_size=-32000;";
	if (sq_exec(db, pragmas) != DB_OK) {
		snprintf(err, errlen, "cannot configure SQLite database %s: %s",
		         path, db->errmsg);
		sqlite3_close_v2(conn);
		db->conn = NULL;
		return false;
	}
	return true;
}
