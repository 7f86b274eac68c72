/*
 * db.h — the one small database API of samplan, with two backends:
 * SQLite (embedded, the default) and PostgreSQL (libpq, for regions that
 * run several samplan processes against one server).
 *
 *     struct stmt s;
 *     db_prepare(db, &s, "SELECT id, state " // columns 0-1
 *                        "FROM plan WHERE person_id = ?");
 *     db_bind_int64(&s, 1, person_id);
 *     while (db_step(&s) == DB_ROW) { ... db_column_int64(&s, 0) ... }
 *     db_finalize(&s);
 *
 * Rules the API keeps:
 *   - Values are always bound, never formatted into SQL. Placeholders are
 *     `?` numbered from 1; the PostgreSQL backend rewrites them to `$n`.
 *   - Prepared statements are cached per connection (keyed by the SQL
 *     text), so preparing the same SQL again is cheap; db_finalize returns
 *     the statement to the cache.
 *   - A `struct db` is one connection used by one thread at a time. The
 *     server keeps one per worker thread (see db_pool in server.c).
 *   - Transactions nest by counting: only the outermost db_begin/db_commit
 *     talk to the server; a db_rollback anywhere rolls the whole
 *     transaction back.
 *   - SQL must be portable between SQLite 3.40 and PostgreSQL 15: BIGINT
 *     for numbers and times (Unix seconds), TEXT for text, INTEGER 0/1 for
 *     flags, INSERT ... RETURNING, ON CONFLICT DO NOTHING. See sql/README.md.
 */
#ifndef SAMPLAN_DB_H
#define SAMPLAN_DB_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum db_kind { DB_SQLITE, DB_POSTGRESQL };

/* Result codes. DB_OK is 0; errors are positive and below DB_ROW. */
enum {
	DB_OK = 0,
	DB_ERROR = 1,      /* anything else: the message is in db_errmsg */
	DB_CONSTRAINT = 2, /* unique, foreign key or check constraint */
	DB_BUSY = 3,       /* lock timeout, deadlock or serialization failure:
	                      the caller may retry the whole transaction */
	DB_UNAVAILABLE = 4,/* the connection to the server is lost */
	DB_REFUSED = 5,    /* the database cannot store anything now: disk
	                      full, read-only file or file system, I/O error
	                      (SQLITE_FULL, SQLITE_READONLY, SQLITE_IOERR;
	                      PostgreSQL class 53, 25006, 58); nothing of the
	                      transaction was stored */
	DB_ROW = 100,      /* db_step: a row is ready */
	DB_DONE = 101,     /* db_step: no (more) rows */
};

struct db;

/* A statement handle; lives on the caller's stack. */
struct db_rows;

struct stmt {
	struct db *db;
	struct db_cached *cached; /* backend statement, owned by the cache */
	int row;                  /* PostgreSQL: current row index */
	bool failed;              /* prepare or step failed */
	int error;                /* the failure's code, returned by db_step */
	/* db_rows_open: the rows of a DB_ROWS column (db.c). */
	struct db_rows *rows;
};

/* Open a connection. url is "sqlite:PATH" or "postgresql://..." (also
 * "postgres://"). On failure returns NULL and writes a message to err. */
struct db *db_open(const char *url, char *err, size_t errlen);
void db_close(struct db *db);

enum db_kind db_kind(const struct db *db);
/* "sqlite" or "postgresql" */
const char *db_kind_name(const struct db *db);
/* The last error's message; valid until the next call on db. */
const char *db_errmsg(const struct db *db);

/* Prepare `sql` into *s. Returns DB_OK or an error code (a programmer's
 * error in the SQL, or a lost connection); the same code is then
 * returned by db_step, so the loop
 *     for (rc = db_step(&s); rc == DB_ROW; rc = db_step(&s)) { ... }
 * ends with DB_DONE or the first error. db_finalize is needed even after
 * a failed prepare. */
int db_prepare(struct db *db, struct stmt *s, const char *sql);

/* The same for a query whose best plan depends on its values (the work
 * lists: a user with ten plans and a unit with ten thousand). PostgreSQL
 * otherwise settles on a generic plan after five runs of a prepared
 * statement; this one it plans with the values every time. SQLite always
 * does. */
int db_prepare_replan(struct db *db, struct stmt *s, const char *sql);

/* Bind the 1-based parameter `i`. Text is copied; NULL text binds NULL. */
void db_bind_int64(struct stmt *s, int i, int64_t v);
void db_bind_text(struct stmt *s, int i, const char *v);
void db_bind_null(struct stmt *s, int i);
void db_bind_bool(struct stmt *s, int i, bool v);
/* Bind v, or NULL when v == 0 (optional foreign keys). */
void db_bind_id(struct stmt *s, int i, int64_t v);

/* Run or advance: DB_ROW, DB_DONE, or an error code. */
int db_step(struct stmt *s);

/* Read column `i` (0-based) of the current row. Text stays valid until
 * the next db_step or db_finalize; NULL columns give NULL text and 0. */
int64_t db_column_int64(struct stmt *s, int i);
const char *db_column_text(struct stmt *s, int i);
bool db_column_is_null(struct stmt *s, int i);
/* Number of rows the last INSERT/UPDATE/DELETE of s changed. */
int64_t db_changes(struct stmt *s);

/* Reset and return the statement to the cache. Safe on a zeroed stmt. */
void db_finalize(struct stmt *s);

/* Run SQL without parameters (may hold several statements). */
int db_exec(struct db *db, const char *sql);

/* Convenience: run a statement that binds nothing and returns one int. */
int db_query_int64(struct db *db, const char *sql, int64_t *out);

/* Transactions (nesting, see above). db_begin takes the write lock at
 * once on SQLite (BEGIN IMMEDIATE) so concurrent writers wait on the busy
 * timeout instead of failing at commit. */
int db_begin(struct db *db);
int db_commit(struct db *db);
void db_rollback(struct db *db);
bool db_in_transaction(const struct db *db);

/* Call fn(arg, sql) on every db_prepare of this connection (NULL turns
 * it off). For tests that examine the queries a code path runs. */
void db_set_trace(struct db *db, void (*fn)(void *arg, const char *sql),
                  void *arg);

/* Nested results in one query. A column written
 *
 *     (SELECT json_agg(r) FROM (SELECT json_build_array(c0, c1, ...) AS r
 *      FROM ... WHERE ... ORDER BY ...) x)
 *
 * carries the rows of a subquery, in order, as one JSON array of arrays;
 * db_rows_open makes `sub` a statement over them, read with db_step,
 * db_column_* and db_finalize like any query (text is valid until the
 * next step). SQL NULL — json_agg over no rows — is an empty result; a
 * column that is not such an array makes db_step fail. PostgreSQL has
 * json_agg and json_build_array built in; on SQLite db_sqlite.c defines
 * them for each connection, so one SQL text serves both. One query can
 * thus bring a parent row and its children of several tables instead of
 * one query per table (plan_read.c). A DB_ROWS column may itself hold
 * DB_ROWS columns — the children's children, each found through its
 * parent's key — opened from the sub-statement the same way. */
void db_rows_open(struct stmt *sub, struct stmt *s, int column);
/* Such a column: the rows of "SELECT cols rest". */
#define DB_ROWS(cols, rest)                                                \
	"(SELECT json_agg(r) FROM (SELECT json_build_array(" cols ") AS r " \
	rest ") db_rows_)"

/* How many statements this connection has run since it opened: each
 * db_prepare (a query, whether or not its plan was cached) and each
 * db_exec, BEGIN and COMMIT included. The server reads it before and
 * after a request to count a request's queries (`serve
 * --count-queries`, tests/http/test_query_count.c). */
uint64_t db_query_count(const struct db *db);

/* A real round trip to the server; DB_OK when the database answers and
 * (SQLite) the file is writable. Otherwise DB_UNAVAILABLE or
 * DB_REFUSED, with the cause in db_errmsg. */
int db_ping(struct db *db);

/* What went wrong with the database lately, for /healthz: "unreachable",
 * "read_only", "disk_full" or "io_error" when a connection of this
 * process met that within the last DB_TROUBLE_WINDOW_S seconds and no
 * transaction has been committed since; NULL when all is well. Any
 * thread. */
enum { DB_TROUBLE_WINDOW_S = 60 };
const char *db_trouble(void);
/* Record trouble (backends, when they classify an error). */
void db_note_trouble(const char *kind);

#endif
