/*
 * claim.h — "claim a job": the one primitive background workers (the
 * mail sender, later the daily summary) use to take rows of a job table
 * so that no two workers — threads of one process or processes on one
 * PostgreSQL — work on the same row at once.
 *
 * A job table has at least the columns
 *     id, state ('queued', 'sending', ...), next_attempt_at BIGINT,
 *     attempts BIGINT, lease_owner TEXT, lease_until BIGINT
 * A row is due when it is 'queued' and next_attempt_at <= now, or when
 * it is 'sending' and its lease has expired (its worker crashed or hung:
 * another takes it over). Claiming sets state 'sending', the lease
 * (owner, now + lease_s) and counts an attempt, in one statement:
 *   - PostgreSQL: UPDATE ... WHERE id IN (SELECT ... FOR UPDATE SKIP
 *     LOCKED): concurrent claimers skip each other's rows instead of
 *     waiting, and a row claimed and committed meanwhile fails the
 *     re-check of the WHERE clause;
 *   - SQLite: the same UPDATE without the lock clause; the database has
 *     one writer at a time, so the second claimer sees the first's lease.
 * The worker then finishes a row only while it still holds the lease
 * (db_claim_finish), so a worker whose lease was taken over cannot
 * overwrite its successor's result.
 */
#ifndef SAMPLAN_CLAIM_H
#define SAMPLAN_CLAIM_H

#include <stdint.h>

#include "store/db.h"

enum { DB_CLAIM_MAX = 64 };

/* The job tables. Each has its statements written out at compile time
 * in claim.c (SQL is never formatted at run time). */
enum db_job_table {
	DB_JOBS_OUTBOX, /* outbox (sql/0010_outbox.sql) */
};

/* Claim up to max (1..DB_CLAIM_MAX) due rows of `table` for owner,
 * oldest due first,
 * in a transaction of its own (db must not be in one). ids gets the
 * claimed ids, *n their number. Returns DB_OK or an error code (then
 * *n is 0 and nothing is claimed). */
int db_claim(struct db *db, enum db_job_table table, const char *owner,
             int64_t now, int64_t lease_s, int max, int64_t *ids, int *n);

/* True when `table` has a row that db_claim would claim at `now`: a
 * cheap read without a write transaction, so an idle worker does not
 * take SQLite's write lock. */
int db_claim_due(struct db *db, enum db_job_table table, int64_t now, int *due);

/* Finish claimed row id while owner still holds it: set state to
 * `state` ("sent", "queued", "failed"), next_attempt_at (used when
 * state is "queued"), sent_at (0: NULL), last_error (NULL: cleared),
 * and release the lease. *held is false when the lease had been taken
 * over (nothing changed). In a transaction of its own. */
int db_claim_finish(struct db *db, enum db_job_table table, int64_t id,
                    const char *owner, const char *state,
                    int64_t next_attempt_at, int64_t sent_at,
                    const char *last_error, int *held);

#endif
