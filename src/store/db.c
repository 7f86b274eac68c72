/*
 * db.c — the backend-independent half of the database API (see db.h).
 *
 * Statement cache: open addressing over DB_CACHE_SLOTS, keyed by the SQL
 * text (hash + strcmp, so two copies of the same text share one prepared
 * statement, and dynamic SQL that reuses a buffer can never pick up a
 * stale statement). A statement already handed out (in_use) is never
 * handed out twice: a second live use of the same SQL — a nested loop —
 * gets an uncached statement that db_finalize destroys. When the cache is
 * full, new statements are uncached too.
 *
 * Nearly every SQL text is a string literal, at the same address each
 * time: a small table keyed by the address remembers the entry found
 * for it, and a strcmp confirms it, so the common look-up skips hashing
 * the text (a byte at a time; 4-5 % of `samplan gen`). A buffer reused
 * for other SQL fails the strcmp and takes the hashed path.
 */
#include "store/db_internal.h"

#include <pthread.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "base/die.h"
#include "base/json_scan.h"

int db_set_error(struct db *db, int code, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(db->errmsg, sizeof db->errmsg, fmt, ap);
	va_end(ap);
	return code;
}

/* The last trouble (db_trouble): its kind and when; cleared by a
 * commit. Process-wide, so /healthz sees what any worker met. */
static pthread_mutex_t trouble_lock = PTHREAD_MUTEX_INITIALIZER;
static const char *trouble_kind;
static time_t trouble_at;
static atomic_bool trouble_any; /* the commit's fast path */

void db_note_trouble(const char *kind)
{
	pthread_mutex_lock(&trouble_lock);
	trouble_kind = kind;
	trouble_at = time(NULL);
	atomic_store(&trouble_any, true);
	pthread_mutex_unlock(&trouble_lock);
}

static void trouble_clear(void)
{
	pthread_mutex_lock(&trouble_lock);
	trouble_kind = NULL;
	atomic_store(&trouble_any, false);
	pthread_mutex_unlock(&trouble_lock);
}

const char *db_trouble(void)
{
	pthread_mutex_lock(&trouble_lock);
	const char *kind = trouble_kind &&
	                   time(NULL) - trouble_at < DB_TROUBLE_WINDOW_S
	                           ? trouble_kind : NULL;
	pthread_mutex_unlock(&trouble_lock);
	return kind;
}

struct db *db_open(const char *url, char *err, size_t errlen)
{
	struct db *db = calloc(1, sizeof *db);
	if (!db)
		die_oom();
	bool ok;
	if (strncmp(url, "sqlite:", 7) == 0) {
		db->kind = DB_SQLITE;
		ok = db_sqlite_open(db, url + 7, err, errlen);
	} else if (strncmp(url, "postgresql://", 13) == 0 ||
	           strncmp(url, "postgres://", 11) == 0) {
		db->kind = DB_POSTGRESQL;
		ok = db_pg_open(db, url, err, errlen);
	} else {
		snprintf(err, errlen,
		         "unknown database URL (use sqlite:PATH or "
		         "postgresql://...)");
		ok = false;
	}
	if (!ok) {
		free(db);
		return NULL;
	}
	return db;
}

void db_close(struct db *db)
{
	if (!db)
		return;
	if (db->tx_depth > 0) {
		db->tx_depth = 1;
		db_rollback(db);
	}
	db_cache_clear(db);
	db->backend->close(db);
	free(db);
}

enum db_kind db_kind(const struct db *db) { return db->kind; }

const char *db_kind_name(const struct db *db) { return db->backend->name; }

const char *db_errmsg(const struct db *db) { return db->errmsg; }

static uint64_t sql_hash(const char *s)
{
	uint64_t h = 1469598103934665603ULL; /* FNV-1a */
	for (; *s; s++) {
		h ^= (unsigned char)*s;
		h *= 1099511628211ULL;
	}
	return h;
}

static void cached_destroy(struct db *db, struct db_cached *c)
{
	if (c->impl)
		db->backend->destroy(db, c);
	free(c->sql);
	free(c);
}

void db_cache_clear(struct db *db)
{
	memset(db->hint_sql, 0, sizeof db->hint_sql);
	memset(db->hint, 0, sizeof db->hint);
	for (int i = 0; i < DB_CACHE_SLOTS; i++) {
		struct db_cached *c = db->cache[i];
		if (!c)
			continue;
		db->cache[i] = NULL;
		if (c->in_use)
			c->uncached = true; /* the live stmt destroys it */
		else
			cached_destroy(db, c);
	}
}

static struct db_cached *cached_new(const char *sql, uint64_t hash)
{
	struct db_cached *c = calloc(1, sizeof *c);
	if (!c)
		die_oom();
	c->sql = strdup(sql);
	if (!c->sql)
		die_oom();
	c->hash = hash;
	return c;
}

void db_set_trace(struct db *db, void (*fn)(void *arg, const char *sql),
                  void *arg)
{
	db->trace = fn;
	db->trace_arg = arg;
}

static int prepare(struct db *db, struct stmt *s, const char *sql, bool replan);

static size_t hint_slot(const char *sql)
{
	return (size_t)(((uintptr_t)sql >> 3) % DB_CACHE_SLOTS);
}

/* The cached entry last found for this address, if it holds this SQL. */
static struct db_cached *hinted(struct db *db, const char *sql, bool replan)
{
	size_t i = hint_slot(sql);
	struct db_cached *e = db->hint[i];
	if (db->hint_sql[i] != sql || !e || e->replan != replan ||
	    strcmp(e->sql, sql) != 0)
		return NULL;
	return e;
}

static void remember(struct db *db, const char *sql, struct db_cached *e)
{
	size_t i = hint_slot(sql);
	db->hint_sql[i] = sql;
	db->hint[i] = e;
}

int db_prepare(struct db *db, struct stmt *s, const char *sql)
{
	return prepare(db, s, sql, false);
}

int db_prepare_replan(struct db *db, struct stmt *s, const char *sql)
{
	return prepare(db, s, sql, true);
}

static int prepare(struct db *db, struct stmt *s, const char *sql, bool replan)
{
	memset(s, 0, sizeof *s);
	s->db = db;
	db->queries++;
	if (db->trace)
		db->trace(db->trace_arg, sql);
	struct db_cached *c = hinted(db, sql, replan);
	size_t free_slot = DB_CACHE_SLOTS;
	uint64_t h = c ? c->hash : sql_hash(sql);
	size_t slot = (size_t)(h % DB_CACHE_SLOTS);
	for (size_t n = 0; !c && n < DB_CACHE_SLOTS; n++) {
		size_t i = (slot + n) % DB_CACHE_SLOTS;
		struct db_cached *e = db->cache[i];
		if (!e) {
			free_slot = i;
			break;
		}
		if (e->hash == h && e->replan == replan && strcmp(e->sql, sql) == 0) {
			c = e;
			remember(db, sql, c);
		}
	}
	if (c && !c->in_use) {
		c->in_use = true;
		s->cached = c;
		return DB_OK;
	}
	/* Not cached, or busy in an outer loop: prepare a new one. */
	struct db_cached *fresh = cached_new(sql, h);
	fresh->replan = replan;
	int rc = db->backend->prepare(db, fresh);
	if (rc != DB_OK) {
		cached_destroy(db, fresh);
		s->failed = true;
		s->error = rc;
		return rc;
	}
	fresh->in_use = true;
	if (!c && free_slot < DB_CACHE_SLOTS) {
		db->cache[free_slot] = fresh;
		remember(db, sql, fresh);
	} else
		fresh->uncached = true;
	s->cached = fresh;
	return DB_OK;
}

void db_bind_int64(struct stmt *s, int i, int64_t v)
{
	if (s->cached)
		s->db->backend->bind_int64(s->cached, i, v);
}

void db_bind_text(struct stmt *s, int i, const char *v)
{
	if (!s->cached)
		return;
	if (v)
		s->db->backend->bind_text(s->cached, i, v);
	else
		s->db->backend->bind_null(s->cached, i);
}

void db_bind_null(struct stmt *s, int i)
{
	if (s->cached)
		s->db->backend->bind_null(s->cached, i);
}

void db_bind_bool(struct stmt *s, int i, bool v) { db_bind_int64(s, i, v); }

void db_bind_id(struct stmt *s, int i, int64_t v)
{
	if (v)
		db_bind_int64(s, i, v);
	else
		db_bind_null(s, i);
}

/* A DB_ROWS column being read: the text (a copy), its tokens
 * (base/json_scan.h: jansson measured too slow for this hot path), the
 * next row and the current row's value tokens by column. */
struct db_rows {
	char *text;
	struct json_scan scan;
	size_t next;     /* the next row's token */
	size_t left;     /* rows not yet stepped to */
	size_t *columns; /* the current row's values' tokens */
	size_t ncolumns, cap;
};

/* The token of column i of the current row, or JSCAN_NONE. */
static size_t rows_value(const struct stmt *s, int i)
{
	return i >= 0 && (size_t)i < s->rows->ncolumns ? s->rows->columns[i]
	                                               : JSCAN_NONE;
}

static bool rows_read(struct db_rows *r, const char *text, size_t len)
{
	r->text = malloc(len + 1);
	if (!r->text)
		die_oom();
	memcpy(r->text, text, len);
	r->text[len] = '\0';
	if (!json_scan(&r->scan, r->text, len) ||
	    r->scan.tokens[0].type != JSCAN_ARRAY)
		return false;
	r->left = r->scan.tokens[0].count;
	r->next = 1;
	return true;
}

void db_rows_open(struct stmt *sub, struct stmt *s, int column)
{
	memset(sub, 0, sizeof *sub);
	sub->db = s->db;
	struct db_rows *r = sub->rows = calloc(1, sizeof *sub->rows);
	if (!r)
		die_oom();
	if (db_column_is_null(s, column))
		return; /* json_agg over no rows: none */
	/* Nested rows (a DB_ROWS column inside a DB_ROWS subquery) come
	 * from PostgreSQL as an array within the array, from SQLite as a
	 * string. */
	const char *text = db_column_text(s, column);
	size_t len = text ? strlen(text) : 0;
	if (s->rows) {
		size_t t = rows_value(s, column);
		if (json_scan_type(&s->rows->scan, t) == JSCAN_ARRAY) {
			text = s->rows->text + s->rows->scan.tokens[t].at;
			len = s->rows->scan.tokens[t].len;
		}
	}
	if (!text || !rows_read(r, text, len)) {
		sub->failed = true;
		sub->error = db_set_error(s->db, DB_ERROR,
		                          "column %d holds no rows", column);
	}
}

static int rows_step(struct stmt *s)
{
	struct db_rows *r = s->rows;
	r->ncolumns = 0;
	if (!r->left)
		return DB_DONE;
	const struct json_token *row = &r->scan.tokens[r->next];
	if (row->type != JSCAN_ARRAY) {
		s->failed = true;
		return s->error = db_set_error(s->db, DB_ERROR,
		                               "a row of JSON rows is no array");
	}
	if (row->count > r->cap) {
		size_t *bigger = realloc(r->columns, row->count * sizeof *bigger);
		if (!bigger)
			die_oom();
		r->columns = bigger;
		r->cap = row->count;
	}
	size_t at = r->next + 1;
	for (size_t k = 0; k < row->count; k++) {
		r->columns[k] = at;
		at = r->scan.tokens[at].end;
	}
	r->ncolumns = row->count;
	r->next = row->end;
	r->left--;
	return DB_ROW;
}

int db_step(struct stmt *s)
{
	if (s->failed)
		return s->error ? s->error : DB_ERROR;
	if (s->rows)
		return rows_step(s);
	if (!s->cached)
		return DB_ERROR;
	int rc = s->db->backend->step(s->db, s);
	if (rc != DB_ROW && rc != DB_DONE) {
		s->failed = true;
		s->error = rc;
	}
	return rc;
}

int64_t db_column_int64(struct stmt *s, int i)
{
	if (!s->rows)
		return s->db->backend->column_int64(s, i);
	const struct json_scan *j = &s->rows->scan;
	size_t t = rows_value(s, i);
	switch (json_scan_type(j, t)) {
	case JSCAN_NUMBER: return j->tokens[t].number;
	case JSCAN_TRUE: return 1;
	case JSCAN_STRING: return strtoll(json_scan_string(j, t), NULL, 10);
	default: return 0;
	}
}

const char *db_column_text(struct stmt *s, int i)
{
	if (!s->rows)
		return s->db->backend->column_text(s, i);
	/* NULL unless a string: text columns are strings in the rows. */
	return json_scan_string(&s->rows->scan, rows_value(s, i));
}

bool db_column_is_null(struct stmt *s, int i)
{
	if (!s->rows)
		return s->db->backend->column_is_null(s, i);
	size_t t = rows_value(s, i);
	return t == JSCAN_NONE || json_scan_type(&s->rows->scan, t) == JSCAN_NULL;
}

int64_t db_changes(struct stmt *s) { return s->db->backend->changes(s); }

void db_finalize(struct stmt *s)
{
	if (s->rows) {
		json_scan_free(&s->rows->scan);
		free(s->rows->text);
		free(s->rows->columns);
		free(s->rows);
		s->rows = NULL;
		return;
	}
	struct db_cached *c = s->cached;
	if (!c)
		return;
	struct db *db = s->db;
	db->backend->reset(c);
	c->in_use = false;
	if (c->uncached)
		cached_destroy(db, c);
	s->cached = NULL;
}

int db_exec(struct db *db, const char *sql)
{
	db->queries++;
	return db->backend->exec(db, sql);
}

uint64_t db_query_count(const struct db *db) { return db->queries; }

int db_query_int64(struct db *db, const char *sql, int64_t *out)
{
	struct stmt s;
	int rc = db_prepare(db, &s, sql);
	if (rc == DB_OK) {
		rc = db_step(&s);
		if (rc == DB_ROW) {
			*out = db_column_int64(&s, 0);
			rc = DB_OK;
		} else if (rc == DB_DONE) {
			rc = db_set_error(db, DB_ERROR, "query returned no row");
		}
	}
	db_finalize(&s);
	return rc;
}

/* SQLite admits one writer at a time per database. Threads of this
 * process take turns on a mutex per database file before BEGIN
 * IMMEDIATE, instead of meeting in SQLite's busy handler, which sleeps
 * in milliseconds. */
enum { MAX_SQLITE_FILES = 32 };
static struct {
	char path[512];
	pthread_mutex_t mutex;
} writers[MAX_SQLITE_FILES];
static int nwriters;
static pthread_mutex_t writers_lock = PTHREAD_MUTEX_INITIALIZER;

pthread_mutex_t *db_sqlite_writer_mutex(const char *path)
{
	pthread_mutex_lock(&writers_lock);
	pthread_mutex_t *m = NULL;
	for (int i = 0; i < nwriters && !m; i++)
		if (strcmp(writers[i].path, path) == 0)
			m = &writers[i].mutex;
	if (!m && nwriters < MAX_SQLITE_FILES && strlen(path) < 512) {
		snprintf(writers[nwriters].path, sizeof writers[nwriters].path,
		         "%s", path);
		pthread_mutex_init(&writers[nwriters].mutex, NULL);
		m = &writers[nwriters++].mutex;
	}
	pthread_mutex_unlock(&writers_lock);
	return m; /* NULL: too many files; SQLite's busy handler decides */
}

static void release_writer(struct db *db)
{
	if (db->holds_write_lock) {
		db->holds_write_lock = false;
		pthread_mutex_unlock(db->writer);
	}
}

int db_begin(struct db *db)
{
	if (db->tx_depth++ > 0)
		return DB_OK;
	db->tx_failed = false;
	if (db->writer) {
		pthread_mutex_lock(db->writer);
		db->holds_write_lock = true;
	}
	int rc = db_exec(db, db->kind == DB_SQLITE ? "BEGIN IMMEDIATE" : "BEGIN");
	if (rc != DB_OK) {
		db->tx_depth = 0;
		release_writer(db);
	}
	return rc;
}

int db_commit(struct db *db)
{
	ensure(db->tx_depth > 0);
	if (--db->tx_depth > 0)
		return db->tx_failed ? DB_ERROR : DB_OK;
	if (db->tx_failed) {
		db_exec(db, "ROLLBACK");
		release_writer(db);
		return db_set_error(db, DB_ERROR,
		                    "transaction rolled back by an inner step");
	}
	/* On SQLite a COMMIT that fails has stored nothing: the automatic
	 * checkpoint that follows a commit cannot turn it into a failure
	 * (db_sqlite.c, wal_hook). */
	int rc = db_exec(db, "COMMIT");
	if (rc != DB_OK)
		db_exec(db, "ROLLBACK");
	else if (atomic_load(&trouble_any))
		trouble_clear();
	release_writer(db);
	return rc;
}

void db_rollback(struct db *db)
{
	ensure(db->tx_depth > 0);
	if (--db->tx_depth > 0) {
		db->tx_failed = true;
		return;
	}
	/* Keep the error that caused the rollback readable. */
	char saved[DB_ERRMSG];
	memcpy(saved, db->errmsg, sizeof saved);
	db_exec(db, "ROLLBACK");
	memcpy(db->errmsg, saved, sizeof saved);
	release_writer(db);
}

bool db_in_transaction(const struct db *db) { return db->tx_depth > 0; }

int db_ping(struct db *db) { return db->backend->ping(db); }

char *db_sql_to_dollar(const char *sql, int *nparams)
{
	size_t len = strlen(sql);
	/* Each '?' becomes at most "$" + 5 digits. */
	char *out = malloc(len * 6 + 1);
	if (!out)
		die_oom();
	char *o = out;
	int n = 0;
	char quote = 0;
	for (const char *p = sql; *p; p++) {
		if (quote) {
			if (*p == quote)
				quote = 0;
			*o++ = *p;
		} else if (*p == '\'' || *p == '"') {
			quote = *p;
			*o++ = *p;
		} else if (*p == '?') {
			o += sprintf(o, "$%d", ++n);
		} else {
			*o++ = *p;
		}
	}
	*o = '\0';
	*nparams = n;
	return out;
}
