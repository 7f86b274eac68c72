/*
 * claim.c — the "claim a job" primitive (see claim.h for the model).
 *
 * The statements of each job table are written out by the macros below
 * at compile time, so the table name is part of the SQL text and never
 * formatted in at run time; values are bound as everywhere.
 */
#include "store/claim.h"

#include <assert.h>
#include <stdbool.h>

#define DUE_WHERE                                                          \
	"(state = 'queued' AND next_attempt_at <= ?)"                      \
	" OR (state = 'sending' AND lease_until <= ?)"

#define CLAIM_SQL(t, lock)                                                 \
	"UPDATE " t " SET state = 'sending', lease_owner = ?,"             \
	" lease_until = ?, attempts = attempts + 1"                        \
	" WHERE id IN (SELECT id FROM " t " WHERE " DUE_WHERE              \
	" ORDER BY next_attempt_at, id LIMIT ?" lock ") RETURNING id"

#define DUE_SQL(t) "SELECT 1 FROM " t " WHERE " DUE_WHERE " LIMIT 1"

#define FINISH_SQL(t)                                                      \
	"UPDATE " t " SET state = ?, next_attempt_at = ?, sent_at = ?,"    \
	" last_error = ?, lease_owner = NULL, lease_until = NULL"          \
	" WHERE id = ? AND state = 'sending' AND lease_owner = ?"

static const struct {
	const char *claim_pg, *claim_sqlite, *due, *finish;
} jobs[] = {
	[DB_JOBS_OUTBOX] = {CLAIM_SQL("outbox", " FOR UPDATE SKIP LOCKED"),
	                    CLAIM_SQL("outbox", ""), DUE_SQL("outbox"),
	                    FINISH_SQL("outbox")},
};

int db_claim(struct db *db, enum db_job_table table, const char *owner,
             int64_t now, int64_t lease_s, int max, int64_t *ids, int *n)
{
	assert(max >= 1 && max <= DB_CLAIM_MAX);
	assert(!db_in_transaction(db));
	*n = 0;
	int rc = db_begin(db);
	if (rc)
		return rc;
	struct stmt s;
	db_prepare(db, &s, db_kind(db) == DB_POSTGRESQL ? jobs[table].claim_pg
	                                                : jobs[table].claim_sqlite);
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

int db_claim_due(struct db *db, enum db_job_table table, int64_t now, int *due)
{
	struct stmt s;
	db_prepare(db, &s, jobs[table].due);
	db_bind_int64(&s, 1, now);
	db_bind_int64(&s, 2, now);
	int rc = db_step(&s);
	*due = rc == DB_ROW;
	db_finalize(&s);
	return rc == DB_ROW || rc == DB_DONE ? DB_OK : rc;
}

int db_claim_finish(struct db *db, enum db_job_table table, int64_t id,
                    const char *owner, const char *state,
                    int64_t next_attempt_at, int64_t sent_at,
                    const char *last_error, int *held)
{
	assert(!db_in_transaction(db));
	*held = 0;
	int rc = db_begin(db);
	if (rc)
		return rc;
	struct stmt s;
	db_prepare(db, &s, jobs[table].finish);
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
