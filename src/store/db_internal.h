/*
 * db_internal.h — what db.c shares with the two backends. Nothing outside
 * src/store/ includes this.
 *
 * db.c owns the parts both backends need: the connection struct, the
 * statement cache, transaction nesting and the error text. A backend
 * fills in `struct db_backend` with its functions.
 */
#ifndef SAMPLAN_DB_INTERNAL_H
#define SAMPLAN_DB_INTERNAL_H

#include <pthread.h>

#include "store/db.h"

enum { DB_CACHE_SLOTS = 512, DB_ERRMSG = 512 };

/* One prepared statement in a connection's cache. */
struct db_cached {
	char *sql;      /* the caller's SQL text (copy) */
	uint64_t hash;  /* of sql */
	void *impl;     /* backend handle */
	bool in_use;    /* handed out to a live struct stmt */
	bool replan;    /* planned with its values at every run */
	bool uncached;  /* not in the cache: destroyed by db_finalize */
};

struct db_backend {
	const char *name;
	void (*close)(struct db *db);
	int (*prepare)(struct db *db, struct db_cached *c);
	void (*destroy)(struct db *db, struct db_cached *c);
	void (*bind_int64)(struct db_cached *c, int i, int64_t v);
	void (*bind_text)(struct db_cached *c, int i, const char *v);
	void (*bind_null)(struct db_cached *c, int i);
	int (*step)(struct db *db, struct stmt *s);
	int64_t (*column_int64)(struct stmt *s, int i);
	const char *(*column_text)(struct stmt *s, int i);
	bool (*column_is_null)(struct stmt *s, int i);
	int64_t (*changes)(struct stmt *s);
	void (*reset)(struct db_cached *c);
	int (*exec)(struct db *db, const char *sql);
	int (*ping)(struct db *db);
};

struct db {
	enum db_kind kind;
	const struct db_backend *backend;
	void *conn; /* sqlite3* or PGconn* */
	struct db_cached *cache[DB_CACHE_SLOTS];
	/* The entry of cache last found for the SQL text at an address
	 * (db.c: a hint, confirmed by strcmp, that spares the hash). */
	const char *hint_sql[DB_CACHE_SLOTS];
	struct db_cached *hint[DB_CACHE_SLOTS];
	int tx_depth;
	bool tx_failed; /* a nested rollback happened */
	bool holds_write_lock; /* SQLite: holding *writer */
	pthread_mutex_t *writer; /* SQLite: this file's writer mutex */
	char errmsg[DB_ERRMSG];
	uint64_t next_stmt_id; /* PostgreSQL statement names */
	void (*trace)(void *arg, const char *sql);
	void *trace_arg;
	uint64_t queries; /* statements run on this connection (db_query_count) */
};

/* Set the error text (printf-style); returns `code` for tail calls. */
int db_set_error(struct db *db, int code, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* The mutex the writers of one SQLite file share in this process. */
pthread_mutex_t *db_sqlite_writer_mutex(const char *path);

/* Drop every cached statement (after a reconnect). */
void db_cache_clear(struct db *db);

/* Backend constructors: fill db->conn or write err and return false. */
bool db_sqlite_open(struct db *db, const char *path, char *err, size_t errlen);
bool db_pg_open(struct db *db, const char *conninfo, char *err, size_t errlen);

/* Rewrite `?` placeholders (outside quotes) as $1, $2, ...; returns a
 * malloc'd string and the number of parameters. */
char *db_sql_to_dollar(const char *sql, int *nparams);

#endif
