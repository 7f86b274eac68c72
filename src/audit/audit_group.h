/*
 * audit_group.h — group commit for the audit records of reads.
 *
 * A read of personal data must be in the audit log, durably, before the
 * data leaves the server. Writing each record in its own transaction
 * costs one fsync per read. Instead the server hands a request's
 * records to one writer thread, which collects everything that arrived
 * meanwhile, writes it in one transaction (one fsync for many reads),
 * and then tells each request that it may answer. The requests do not
 * hold a worker thread while they wait: the server suspends their
 * connections (see server.c) and resumes them from the callback.
 *
 * Durability is unchanged — every record is committed with
 * synchronous=FULL before its response is sent; only the number of
 * commits shrinks.
 */
#ifndef SAMPLAN_AUDIT_GROUP_H
#define SAMPLAN_AUDIT_GROUP_H

#include <stdbool.h>
#include <stdint.h>

#include "audit/chain.h"

/* struct audit_record (chain.h) is one record waiting to be written; its
 * strings must stay valid until the completion callback has run (they
 * live in the request's arena). */

/* Called on the writer thread once the records are committed (ok) or
 * could not be (then the request must not send the data). */
typedef void audit_done_fn(void *arg, bool ok);

/* Start the writer with its own connection to db_url. False (with a
 * message on stderr) if it cannot open the database. */
bool audit_group_start(const char *db_url);

/* Write all records of `list` (linked by next), then call done(arg, ok)
 * — always exactly once, also when the writer is stopping. */
void audit_group_submit(struct audit_record *list, audit_done_fn *done,
                        void *arg);

/* True between a successful start and stop. */
bool audit_group_running(void);

/* Write what is queued, then stop the writer and close its connection. */
void audit_group_stop(void);

/* Batches and records written so far (for tests and benchmarks). */
void audit_group_stats(uint64_t *batches, uint64_t *records);

#endif
