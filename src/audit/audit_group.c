/*
 * audit_group.c — the audit log's group-commit writer (see
 * audit_group.h).
 *
 * One thread, one database connection, one queue. The thread sleeps
 * until work arrives, takes everything queued, writes it in a single
 * transaction and reports to every submitter. While it writes, new work
 * queues up and forms the next batch, so under load batches grow by
 * themselves and the commit rate stays at what the disk can fsync.
 */
#include "audit/audit_group.h"

#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>

#include "audit/chain.h"
#include "base/die.h"
#include "base/log.h"
#include "store/db.h"

struct job {
	struct audit_record *records;
	audit_done_fn *done;
	void *arg;
	struct job *next;
};

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t wake = PTHREAD_COND_INITIALIZER;
static struct job *head, *tail;
static bool running, stopping;
static pthread_t writer;
static struct db *writer_db;
static uint64_t stat_batches, stat_records;

static bool write_batch(struct job *jobs, uint64_t *nrecords)
{
	/* Two tries: the first may only discover a lost connection. */
	for (int attempt = 0; attempt < 2; attempt++) {
		*nrecords = 0;
		/* One lock of the chain's head for the whole batch (chain.h):
		 * the records follow each other, and the head is stored once. */
		struct audit_head chain;
		int rc = db_begin(writer_db);
		if (!rc)
			rc = audit_chain_lock(writer_db, &chain);
		/* Each request's records are one statement, and the subjects
		 * of its list records one more (chain.h), in the batch's one
		 * transaction. */
		for (struct job *j = jobs; !rc && j; j = j->next) {
			rc = audit_chain_append_many(writer_db, &chain, j->records);
			for (struct audit_record *r = j->records; r; r = r->next)
				(*nrecords)++;
		}
		if (!rc)
			rc = audit_chain_store(writer_db, &chain);
		if (!rc)
			rc = db_commit(writer_db);
		else if (db_in_transaction(writer_db))
			db_rollback(writer_db);
		if (!rc)
			return true;
		log_error("audit: batch of %llu records not written: %s",
		          (unsigned long long)*nrecords, db_errmsg(writer_db));
	}
	return false;
}

static void *writer_main(void *unused)
{
	(void)unused;
	for (;;) {
		pthread_mutex_lock(&lock);
		while (!head && !stopping)
			pthread_cond_wait(&wake, &lock);
		struct job *jobs = head;
		head = tail = NULL;
		bool stop = stopping && !jobs;
		pthread_mutex_unlock(&lock);
		if (stop)
			break;
		uint64_t n = 0;
		bool ok = write_batch(jobs, &n);
		pthread_mutex_lock(&lock);
		stat_batches++;
		stat_records += ok ? n : 0;
		pthread_mutex_unlock(&lock);
		while (jobs) {
			struct job *next = jobs->next;
			jobs->done(jobs->arg, ok);
			free(jobs);
			jobs = next;
		}
	}
	return NULL;
}

bool audit_group_start(const char *db_url)
{
	char err[512];
	ensure(!running);
	writer_db = db_open(db_url, err, sizeof err);
	if (!writer_db) {
		fprintf(stderr, "samplan: audit writer: %s\n", err);
		return false;
	}
	stopping = false;
	/* The writer takes no signals: it starts before server_run blocks
	 * SIGTERM for its sigwait, and would otherwise be the one thread a
	 * SIGTERM at start-up is delivered to — ending the process at once
	 * instead of the graceful stop (found by test_harness). */
	sigset_t all, old;
	sigfillset(&all);
	pthread_sigmask(SIG_BLOCK, &all, &old);
	int created = pthread_create(&writer, NULL, writer_main, NULL);
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	if (created != 0) {
		db_close(writer_db);
		writer_db = NULL;
		fprintf(stderr, "samplan: audit writer: cannot start a thread\n");
		return false;
	}
	running = true;
	return true;
}

void audit_group_submit(struct audit_record *list, audit_done_fn *done,
                        void *arg)
{
	struct job *j = malloc(sizeof *j);
	if (!j)
		die_oom();
	*j = (struct job){.records = list, .done = done, .arg = arg};
	pthread_mutex_lock(&lock);
	if (!running || stopping) {
		pthread_mutex_unlock(&lock);
		free(j);
		done(arg, false);
		return;
	}
	if (tail)
		tail->next = j;
	else
		head = j;
	tail = j;
	pthread_cond_signal(&wake);
	pthread_mutex_unlock(&lock);
}

bool audit_group_running(void)
{
	pthread_mutex_lock(&lock);
	bool yes = running && !stopping;
	pthread_mutex_unlock(&lock);
	return yes;
}

void audit_group_stop(void)
{
	if (!running)
		return;
	pthread_mutex_lock(&lock);
	stopping = true;
	pthread_cond_signal(&wake);
	pthread_mutex_unlock(&lock);
	pthread_join(writer, NULL);
	running = false;
	db_close(writer_db);
	writer_db = NULL;
}

void audit_group_stats(uint64_t *batches, uint64_t *records)
{
	pthread_mutex_lock(&lock);
	*batches = stat_batches;
	*records = stat_records;
	pthread_mutex_unlock(&lock);
}
