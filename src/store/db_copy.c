/*
 * db_copy.c — copy every table of a samplan SQLite database into another
 * samplan database (see db_copy.h).
 *
 * Both databases run the same migrations, so their tables and columns
 * match. Tables are copied parents first: in the order SQLite created
 * them, except that a table waits for the tables its foreign keys refer
 * to (a migration that rebuilds a table, as 0006 rebuilds user_account,
 * creates it after the tables that refer to it); rows in rowid order (a
 * unit's parent before the unit), or a WITHOUT ROWID table's in the
 * order of its key. Rows travel as
 * text in multi-row INSERTs with bound values; the target converts them
 * to its column types. On PostgreSQL the identity sequences are moved
 * past the copied ids afterwards.
 */
#include "store/db_copy.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "base/die.h"

enum { MAX_TABLES = 128, MAX_COLUMNS = 64, MAX_BIND = 30000, MAX_ROWS = 500 };

struct table {
	char name[128];
	char *columns[MAX_COLUMNS];
	int ncolumns;
	bool without_rowid; /* e.g. audit_subject (0018): rows in key order */
};

static int fail(char *err, size_t errlen, struct db *db, const char *what,
                int rc)
{
	snprintf(err, errlen, "%s: %s", what, db_errmsg(db));
	return rc ? rc : DB_ERROR;
}

static int table_index(const struct table *t, int n, const char *name)
{
	for (int i = 0; i < n; i++)
		if (strcmp(t[i].name, name) == 0)
			return i;
	return -1;
}

/* Reorder t[0..n) so that every table comes after the tables its foreign
 * keys refer to, keeping the creation order otherwise (a cycle, which
 * samplan's schema has not, keeps its creation order). */
static int parents_first(struct db *from, struct table *t, int n)
{
	bool parent[MAX_TABLES][MAX_TABLES] = {{false}};
	for (int i = 0; i < n; i++) {
		struct stmt s;
		int rc;
		db_prepare(from, &s, "SELECT \"table\" FROM pragma_foreign_key_list(?)");
		db_bind_text(&s, 1, t[i].name);
		for (rc = db_step(&s); rc == DB_ROW; rc = db_step(&s)) {
			int k = table_index(t, n, db_column_text(&s, 0));
			if (k >= 0 && k != i)
				parent[i][k] = true;
		}
		db_finalize(&s);
		if (rc != DB_DONE)
			return rc;
	}
	struct table *sorted = calloc((size_t)n + 1, sizeof *sorted);
	if (!sorted)
		die_oom();
	bool placed[MAX_TABLES] = {false};
	int m = 0;
	while (m < n) {
		bool progress = false;
		for (int i = 0; i < n; i++) {
			if (placed[i])
				continue;
			bool ready = true;
			for (int k = 0; k < n && ready; k++)
				ready = !parent[i][k] || placed[k];
			if (!ready)
				continue;
			sorted[m++] = t[i];
			placed[i] = progress = true;
		}
		if (!progress) /* a cycle: the rest as created */
			for (int i = 0; i < n; i++)
				if (!placed[i]) {
					sorted[m++] = t[i];
					placed[i] = true;
				}
	}
	memcpy(t, sorted, (size_t)n * sizeof *t);
	free(sorted);
	return DB_OK;
}

static int list_tables(struct db *from, struct table *t, int *n)
{
	struct stmt s;
	int rc;
	*n = 0;
	db_prepare(from, &s,
		"SELECT name FROM sqlite_schema WHERE type = 'table'"
		" AND name NOT LIKE 'sqlite_%' AND name <> 'schema_migration'"
		" ORDER BY rowid");
	for (rc = db_step(&s); rc == DB_ROW && *n < MAX_TABLES; rc = db_step(&s))
		snprintf(t[(*n)++].name, sizeof t->name, "%s", db_column_text(&s, 0));
	db_finalize(&s);
	if (rc != DB_DONE)
		return rc;
	rc = parents_first(from, t, *n);
	if (rc)
		return rc;
	for (int i = 0; i < *n; i++) {
		db_prepare(from, &s, "SELECT name FROM pragma_table_info(?) ORDER BY cid");
		db_bind_text(&s, 1, t[i].name);
		for (rc = db_step(&s); rc == DB_ROW && t[i].ncolumns < MAX_COLUMNS;
		     rc = db_step(&s)) {
			t[i].columns[t[i].ncolumns] = strdup(db_column_text(&s, 0));
			if (!t[i].columns[t[i].ncolumns++])
				die_oom();
		}
		db_finalize(&s);
		if (rc != DB_DONE)
			return rc;
		db_prepare(from, &s, "SELECT wr FROM pragma_table_list(?)");
		db_bind_text(&s, 1, t[i].name);
		rc = db_step(&s);
		t[i].without_rowid = rc == DB_ROW && db_column_int64(&s, 0) != 0;
		db_finalize(&s);
		if (rc != DB_ROW && rc != DB_DONE)
			return rc;
	}
	return DB_OK;
}

static void column_list(struct buf *b, const struct table *t)
{
	for (int c = 0; c < t->ncolumns; c++) {
		if (c)
			buf_puts(b, ", ");
		buf_puts(b, t->columns[c]);
	}
}

/* "INSERT INTO t (a, b) VALUES (?, ?), (?, ?) ..." for `rows` rows. */
static char *insert_sql(const struct table *t, int rows)
{
	struct buf b;
	buf_init(&b, 16 * 1024 * 1024);
	buf_puts(&b, "INSERT INTO ");
	buf_puts(&b, t->name);
	buf_puts(&b, " (");
	column_list(&b, t);
	buf_puts(&b, ") VALUES ");
	for (int r = 0; r < rows; r++) {
		buf_puts(&b, r ? ", (" : "(");
		for (int c = 0; c < t->ncolumns; c++)
			buf_puts(&b, c ? ", ?" : "?");
		buf_putc(&b, ')');
	}
	ensure(!buf_failed(&b));
	return buf_detach(&b, NULL);
}

/* The values of one batch, kept until the batch is written. */
struct batch {
	char **values; /* rows × columns, NULL for NULL */
	int rows;
};

static int flush(struct db *to, const struct table *t, struct batch *b,
                 char *err, size_t errlen)
{
	if (!b->rows)
		return DB_OK;
	char *sql = insert_sql(t, b->rows);
	struct stmt s;
	db_prepare(to, &s, sql);
	int k = 1;
	for (int r = 0; r < b->rows; r++)
		for (int c = 0; c < t->ncolumns; c++, k++)
			db_bind_text(&s, k, b->values[r * t->ncolumns + c]);
	int rc = db_step(&s);
	db_finalize(&s);
	free(sql);
	for (int i = 0; i < b->rows * t->ncolumns; i++) {
		free(b->values[i]);
		b->values[i] = NULL;
	}
	b->rows = 0;
	if (rc != DB_DONE)
		return fail(err, errlen, to, t->name, rc);
	return DB_OK;
}

static int copy_table(struct db *from, struct db *to, const struct table *t,
                      int64_t *copied, char *err, size_t errlen)
{
	int per_batch = MAX_BIND / t->ncolumns;
	if (per_batch > MAX_ROWS)
		per_batch = MAX_ROWS;
	struct batch b = {.values = calloc((size_t)per_batch * (size_t)t->ncolumns,
	                                   sizeof(char *))};
	if (!b.values)
		die_oom();
	struct buf sql;
	buf_init(&sql, 64 * 1024);
	/* The target is empty but for rows its own migrations seeded (the
	 * audit chain's head, sql/0005): the source's rows replace them. */
	buf_puts(&sql, "DELETE FROM ");
	buf_puts(&sql, t->name);
	int rc = db_exec(to, sql.data);
	if (rc) {
		free(b.values);
		buf_free(&sql);
		return fail(err, errlen, to, t->name, rc);
	}
	buf_reset(&sql);
	buf_puts(&sql, "SELECT ");
	column_list(&sql, t);
	buf_puts(&sql, " FROM ");
	buf_puts(&sql, t->name);
	/* A table without rowid is read in the order of its key. */
	if (!t->without_rowid)
		buf_puts(&sql, " ORDER BY rowid");
	struct stmt s;
	db_prepare(from, &s, sql.data);
	int step;
	*copied = 0;
	for (step = db_step(&s); step == DB_ROW && rc == DB_OK; step = db_step(&s)) {
		for (int c = 0; c < t->ncolumns; c++) {
			const char *v = db_column_text(&s, c);
			char *copy = v ? strdup(v) : NULL;
			if (v && !copy)
				die_oom();
			b.values[b.rows * t->ncolumns + c] = copy;
		}
		(*copied)++;
		if (++b.rows == per_batch)
			rc = flush(to, t, &b, err, errlen);
	}
	db_finalize(&s);
	if (rc == DB_OK && step != DB_DONE)
		rc = fail(err, errlen, from, t->name, step);
	if (rc == DB_OK)
		rc = flush(to, t, &b, err, errlen);
	for (int i = 0; i < b.rows * t->ncolumns; i++)
		free(b.values[i]);
	free(b.values);
	buf_free(&sql);
	return rc;
}

/* PostgreSQL: identity columns continue after the copied ids. */
static int move_sequence(struct db *to, const struct table *t, char *err,
                         size_t errlen)
{
	if (db_kind(to) != DB_POSTGRESQL || strcmp(t->columns[0], "id") != 0)
		return DB_OK;
	/* Only an identity column has a sequence: an "id" may be a random
	 * text key (feedback_answer), whose MAX is no number. */
	struct stmt q;
	db_prepare(to, &q, "SELECT CASE WHEN pg_get_serial_sequence(?, 'id')"
	           " IS NULL THEN 0 ELSE 1 END");
	db_bind_text(&q, 1, t->name);
	int qrc = db_step(&q);
	bool identity = qrc == DB_ROW && db_column_int64(&q, 0) != 0;
	db_finalize(&q);
	if (qrc != DB_ROW)
		return fail(err, errlen, to, t->name, qrc);
	if (!identity)
		return DB_OK;
	struct buf sql;
	buf_init(&sql, 1024);
	buf_puts(&sql, "SELECT COALESCE(MAX(id), 0) FROM ");
	buf_puts(&sql, t->name);
	int64_t max = 0;
	int rc = db_query_int64(to, sql.data, &max);
	buf_free(&sql);
	if (rc || max == 0)
		return rc ? fail(err, errlen, to, t->name, rc) : DB_OK;
	struct stmt s;
	db_prepare(to, &s,
		"SELECT setval(pg_get_serial_sequence(?, 'id'), CAST(? AS BIGINT))"
		" WHERE pg_get_serial_sequence(?, 'id') IS NOT NULL");
	db_bind_text(&s, 1, t->name);
	db_bind_int64(&s, 2, max);
	db_bind_text(&s, 3, t->name);
	rc = db_step(&s);
	db_finalize(&s);
	return rc == DB_ROW || rc == DB_DONE ? DB_OK
	                                     : fail(err, errlen, to, t->name, rc);
}

int db_copy_all(struct db *from, struct db *to, FILE *progress, char *err,
                size_t errlen)
{
	ensure(db_kind(from) == DB_SQLITE);
	struct table *tables = calloc(MAX_TABLES, sizeof *tables);
	if (!tables)
		die_oom();
	int n = 0;
	int rc = list_tables(from, tables, &n);
	if (rc)
		fail(err, errlen, from, "list tables", rc);
	if (!rc && (rc = db_begin(to)) != DB_OK)
		fail(err, errlen, to, "begin", rc);
	for (int i = 0; !rc && i < n; i++) {
		int64_t copied = 0;
		rc = copy_table(from, to, &tables[i], &copied, err, errlen);
		if (!rc)
			rc = move_sequence(to, &tables[i], err, errlen);
		if (!rc && progress && copied)
			fprintf(progress, "copied %s: %lld rows\n", tables[i].name,
			        (long long)copied);
	}
	if (!rc && (rc = db_commit(to)) != DB_OK)
		fail(err, errlen, to, "commit", rc);
	else if (rc && db_in_transaction(to))
		db_rollback(to);
	for (int i = 0; i < n; i++)
		for (int c = 0; c < tables[i].ncolumns; c++)
			free(tables[i].columns[c]);
	free(tables);
	return rc;
}
