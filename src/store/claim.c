/*
 * claim.c — the "claim a job" primitive (see claim.h for the model).
 *
 * The table name is formatted into the SQL text; it is an identifier
 * from the calling code (asserted to be one), never a value — values are
 * bound as everywhere. Each table therefore has its own cached
 * statements.
 */
#include "store/claim.h"

#include <assert.h>
#include <ctype.h>
#include <stdbool.h>
#include <stdio.h>

static bool identifier(const char *s)
{
	if (!*s)
		return false;
	for (; *s; s++)
		if (!islower((unsigned char)*s) && *s != '_')
			return false;
	return true;
}

#define DUE_WHERE                                                          \
	"(state = 'queued' AND next_attempt_at <= ?)"                      \
	" OR (state = 'sending' AND lease_until <= ?)"

int db_claim(struct db *db, const char *table, const char *owner,
             int64_t now, int64_t lease_s, int max, int64_t *ids, int *n)
{
	assert(identifier(table) && max >= 1 && max <= DB_CLAIM_MAX);
	assert(!db_in_transaction(db));
	*n = 0;
	char sql[512];
	snprintf(sql, sizeof sql,
	         "UPDATE %s SET state = 'sending', lease_owner = ?,"
	         " lease_until = ?, attempts = attempts + 1"
	         " WHERE id IN (SELECT id FROM %s WHERE " DUE_WHERE
	         " ORDER BY next_attempt_at, id LIMIT ?%s)"
	         " RETURNING id",
	         table, table,
	         db_kind(db) == DB_POSTGRESQL ? " FOR UPDATE SKIP LOCKED" : "");
	int rc = db_begin(db);
	if (rc)
		return rc;
	struct stmt s;
	db_prepare(db, &s, sql);
	db_bind_text(&s, 1, owner);
	db_bind_int64(&s, 2, now + lease_s);
	db_bind_int64(&s, 3, now);
	db_bind_int64(&s, 4, now);
	db_bind_int64(&s, 5, max);
	int got = 0;
	for (rc = db_step(&s); rc == DB_ROW; rc = db_step(&s))
		if (got < max)
			ids[got++] = db_column_int64(&s, 0);
	db_finalize(&s);
	if (rc != DB_DONE) {
		db_rollback(db);
		return rc;
	}
	rc = db_commit(db);
	if (rc)
		return rc;
	*n = got;
	return DB_OK;
}

int db_claim_due(struct db *db, const char *table, int64_t now, int *due)
{
	assert(identifier(table));
	char sql[256];
	snprintf(sql, sizeof sql,
	         "SELECT 1 FROM %s WHERE " DUE_WHERE " LIMIT 1", table);
	struct stmt s;
	db_prepare(db, &s, sql);
	db_bind_int64(&s, 1, now);
	db_bind_int64(&s, 2, now);
	int rc = db_step(&s);
	*due = rc == DB_ROW;
	db_finalize(&s);
	return rc == DB_ROW || rc == DB_DONE ? DB_OK : rc;
}

int db_claim_finish(struct db *db, const char *table, int64_t id,
                    const char *owner, const char *state,
                    int64_t next_attempt_at, int64_t sent_at,
                    const char *last_error, int *held)
{
	assert(identifier(table));
	assert(!db_in_transaction(db));
	*held = 0;
	char sql[512];
	snprintf(sql, sizeof sql,
	         "UPDATE %s SET state = ?, next_attempt_at = ?, sent_at = ?,"
	         " last_error = ?, lease_owner = NULL, lease_until = NULL"
	         " WHERE id = ? AND state = 'sending' AND lease_owner = ?",
	         table);
	int rc = db_begin(db);
	if (rc)
		return rc;
	struct stmt s;
	db_prepare(db, &s, sql);
	db_bind_text(&s, 1, state);
	db_bind_int64(&s, 2, next_attempt_at);
	db_bind_id(&s, 3, sent_at);
	db_bind_text(&s, 4, last_error);
	db_bind_int64(&s, 5, id);
	db_bind_text(&s, 6, owner);
	rc = db_step(&s);
	int64_t changed = rc == DB_DONE ? db_changes(&s) : 0;
	db_finalize(&s);
	if (rc != DB_DONE) {
		db_rollback(db);
		return rc;
	}
	rc = db_commit(db);
	if (rc)
		return rc;
	*held = changed == 1;
	return DB_OK;
}
