/*
 * db_pg.c — the PostgreSQL backend of db.h (libpq).
 *
 * Statements are prepared on the server once per connection (PQprepare,
 * named s1, s2, ...) and run with PQexecPrepared; all parameters and
 * results travel as text, and the server infers parameter types from
 * their use, so the same SQL serves both backends. A result is fetched
 * whole: samplan's queries return bounded row counts (lists are paged).
 *
 * A lost connection (server restart, network) is reset on the next
 * failing call; that call reports DB_UNAVAILABLE so the request fails
 * cleanly, and the cache is emptied because the server forgot our
 * prepared statements.
 */
#include <libpq-fe.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/die.h"
#include "store/db_internal.h"

struct pg_stmt {
	char name[32];
	char *sql;           /* replan: the $n text, run with PQexecParams */
	int nparams;
	char **values;       /* nparams entries, malloc'd or NULL */
	PGresult *res;       /* result of the current execution */
	int nrows;
	int64_t changes;
};

static void ignore_notice(void *arg, const char *message)
{
	(void)arg;
	(void)message;
}

/* Map a failed result (or NULL) to a db.h code and set the message. */
static int map_result(struct db *db, PGresult *res)
{
	PGconn *conn = db->conn;
	const char *msg = res ? PQresultErrorMessage(res) : PQerrorMessage(conn);
	const char *state = res ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : NULL;
	int code = DB_ERROR;
	if (PQstatus(conn) != CONNECTION_OK ||
	    (state && (strncmp(state, "08", 2) == 0 ||
	               strcmp(state, "57P01") == 0 ||
	               strcmp(state, "57P02") == 0 ||
	               strcmp(state, "57P03") == 0))) {
		/* Connection exception, or the server shutting down or
		 * terminating us. */
		code = DB_UNAVAILABLE;
		db_note_trouble("unreachable");
	} else if (state && (strncmp(state, "53", 2) == 0 ||
	                     strcmp(state, "25006") == 0 ||
	                     strncmp(state, "58", 2) == 0)) {
		/* Insufficient resources (53100 disk full), a read-only
		 * transaction (a standby, default_transaction_read_only), or a
		 * system error (58030 I/O error). */
		code = DB_REFUSED;
		db_note_trouble(strcmp(state, "53100") == 0    ? "disk_full"
		                : strcmp(state, "25006") == 0  ? "read_only"
		                                               : "io_error");
	} else if (state && strncmp(state, "23", 2) == 0) {
		code = DB_CONSTRAINT; /* integrity constraint violation */
	} else if (state && (strcmp(state, "40001") == 0 ||
	                     strcmp(state, "40P01") == 0 ||
	                     strcmp(state, "55P03") == 0)) {
		code = DB_BUSY;
	}
	/* libpq's message ends in a newline; the SQLSTATE names the cause
	 * exactly in the log. */
	const char *text = msg && *msg ? msg : "PostgreSQL error";
	int len = (int)strcspn(text, "\n");
	if (state)
		db_set_error(db, code, "%.*s (SQLSTATE %s)", len, text, state);
	else
		db_set_error(db, code, "%.*s", len, text);
	if (code == DB_UNAVAILABLE) {
		PQreset(conn);
		if (PQstatus(conn) == CONNECTION_OK) {
			PQsetNoticeProcessor(conn, ignore_notice, NULL);
			db_cache_clear(db);
		}
	}
	return code;
}

static void pg_close(struct db *db)
{
	PQfinish(db->conn);
	db->conn = NULL;
}

static int pg_prepare(struct db *db, struct db_cached *c)
{
	struct pg_stmt *p = calloc(1, sizeof *p);
	if (!p)
		die_oom();
	snprintf(p->name, sizeof p->name, "s%" PRIu64, ++db->next_stmt_id);
	char *sql = db_sql_to_dollar(c->sql, &p->nparams);
	if (c->replan) {
		/* Parsed and planned with its values at every run. */
		p->sql = sql;
		if (p->nparams) {
			p->values = calloc((size_t)p->nparams, sizeof *p->values);
			if (!p->values)
				die_oom();
		}
		c->impl = p;
		return DB_OK;
	}
	PGresult *res = PQprepare(db->conn, p->name, sql, p->nparams, NULL);
	free(sql);
	if (!res || PQresultStatus(res) != PGRES_COMMAND_OK) {
		int code = map_result(db, res);
		PQclear(res);
		free(p);
		return code;
	}
	PQclear(res);
	if (p->nparams) {
		p->values = calloc((size_t)p->nparams, sizeof *p->values);
		if (!p->values)
			die_oom();
	}
	c->impl = p;
	return DB_OK;
}

static void clear_values(struct pg_stmt *p)
{
	for (int i = 0; i < p->nparams; i++) {
		free(p->values[i]);
		p->values[i] = NULL;
	}
}

static void pg_reset(struct db_cached *c)
{
	struct pg_stmt *p = c->impl;
	PQclear(p->res);
	p->res = NULL;
	p->nrows = 0;
	p->changes = 0;
	clear_values(p);
}

static void pg_destroy(struct db *db, struct db_cached *c)
{
	struct pg_stmt *p = c->impl;
	pg_reset(c);
	if (!p->sql && db->conn && PQstatus(db->conn) == CONNECTION_OK &&
	    PQtransactionStatus(db->conn) == PQTRANS_IDLE) {
		char sql[64];
		snprintf(sql, sizeof sql, "DEALLOCATE %s", p->name);
		PQclear(PQexec(db->conn, sql));
	}
	free(p->values);
	free(p->sql);
	free(p);
	c->impl = NULL;
}

static void set_value(struct db_cached *c, int i, char *v)
{
	struct pg_stmt *p = c->impl;
	if (i < 1 || i > p->nparams) {
		free(v);
		die_bug(__FILE__, __LINE__, "bind index out of range");
	}
	free(p->values[i - 1]);
	p->values[i - 1] = v;
}

static void pg_bind_int64(struct db_cached *c, int i, int64_t v)
{
	char *s = malloc(24);
	if (!s)
		die_oom();
	snprintf(s, 24, "%" PRId64, v);
	set_value(c, i, s);
}

static void pg_bind_text(struct db_cached *c, int i, const char *v)
{
	char *s = strdup(v);
	if (!s)
		die_oom();
	set_value(c, i, s);
}

static void pg_bind_null(struct db_cached *c, int i) { set_value(c, i, NULL); }

static int pg_step(struct db *db, struct stmt *s)
{
	struct pg_stmt *p = s->cached->impl;
	if (!p->res) {
		PGresult *res = p->sql
			? PQexecParams(db->conn, p->sql, p->nparams, NULL,
			               (const char *const *)p->values, NULL, NULL, 0)
			: PQexecPrepared(db->conn, p->name, p->nparams,
			                 (const char *const *)p->values, NULL, NULL, 0);
		ExecStatusType st = res ? PQresultStatus(res) : PGRES_FATAL_ERROR;
		if (st != PGRES_TUPLES_OK && st != PGRES_COMMAND_OK) {
			int code = map_result(db, res);
			PQclear(res);
			return code;
		}
		p->res = res;
		p->nrows = st == PGRES_TUPLES_OK ? PQntuples(res) : 0;
		const char *n = PQcmdTuples(res);
		p->changes = n && *n ? strtoll(n, NULL, 10) : 0;
		s->row = -1;
	}
	if (s->row + 1 < p->nrows) {
		s->row++;
		return DB_ROW;
	}
	return DB_DONE;
}

static int64_t pg_column_int64(struct stmt *s, int i)
{
	struct pg_stmt *p = s->cached->impl;
	if (PQgetisnull(p->res, s->row, i))
		return 0;
	return strtoll(PQgetvalue(p->res, s->row, i), NULL, 10);
}

static const char *pg_column_text(struct stmt *s, int i)
{
	struct pg_stmt *p = s->cached->impl;
	if (PQgetisnull(p->res, s->row, i))
		return NULL;
	return PQgetvalue(p->res, s->row, i);
}

static bool pg_column_is_null(struct stmt *s, int i)
{
	struct pg_stmt *p = s->cached->impl;
	return PQgetisnull(p->res, s->row, i);
}

static int64_t pg_changes(struct stmt *s)
{
	struct pg_stmt *p = s->cached->impl;
	return p->changes;
}

static int pg_exec(struct db *db, const char *sql)
{
	PGresult *res = PQexec(db->conn, sql);
	ExecStatusType st = res ? PQresultStatus(res) : PGRES_FATAL_ERROR;
	if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK) {
		int code = map_result(db, res);
		PQclear(res);
		return code;
	}
	PQclear(res);
	return DB_OK;
}

static int pg_ping(struct db *db)
{
	/* Two tries: the first may only discover and reset a dead link. */
	for (int attempt = 0; attempt < 2; attempt++) {
		if (PQstatus(db->conn) != CONNECTION_OK) {
			PQreset(db->conn);
			if (PQstatus(db->conn) == CONNECTION_OK) {
				PQsetNoticeProcessor(db->conn, ignore_notice, NULL);
				db_cache_clear(db);
			}
		}
		PGresult *res = PQexec(db->conn, "SELECT 1");
		bool ok = res && PQresultStatus(res) == PGRES_TUPLES_OK;
		if (!ok)
			map_result(db, res);
		PQclear(res);
		if (ok)
			return DB_OK;
	}
	return DB_UNAVAILABLE;
}

static const struct db_backend pg_backend = {
	.name = "postgresql",
	.close = pg_close,
	.prepare = pg_prepare,
	.destroy = pg_destroy,
	.bind_int64 = pg_bind_int64,
	.bind_text = pg_bind_text,
	.bind_null = pg_bind_null,
	.step = pg_step,
	.column_int64 = pg_column_int64,
	.column_text = pg_column_text,
	.column_is_null = pg_column_is_null,
	.changes = pg_changes,
	.reset = pg_reset,
	.exec = pg_exec,
	.ping = pg_ping,
};

bool db_pg_open(struct db *db, const char *conninfo, char *err, size_t errlen)
{
	PGconn *conn = PQconnectdb(conninfo);
	if (PQstatus(conn) != CONNECTION_OK) {
		snprintf(err, errlen, "cannot connect to PostgreSQL: %s",
		         PQerrorMessage(conn));
		size_t n = strlen(err);
		if (n && err[n - 1] == '\n')
			err[n - 1] = '\0';
		PQfinish(conn);
		return false;
	}
	PQsetNoticeProcessor(conn, ignore_notice, NULL);
	db->conn = conn;
	db->backend = &pg_backend;
	/* Times are stored as Unix seconds; keep the session neutral. No
	 * JIT: samplan's statements are short, and a plan whose estimated
	 * cost crosses jit_above_cost (a list over a JSON array of ids, whose
	 * rows PostgreSQL guesses at 100 per array) spent 45 ms compiling to
	 * run in 15 (the work list, docs/performance.md). */
	if (pg_exec(db, "SET TIME ZONE 'UTC'") != DB_OK ||
	    pg_exec(db, "SET jit = off") != DB_OK) {
		snprintf(err, errlen, "cannot configure PostgreSQL session: %s",
		         db->errmsg);
		PQfinish(conn);
		db->conn = NULL;
		return false;
	}
	return true;
}
