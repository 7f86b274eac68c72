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
#include "sip/audit_group.h"

#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>

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

static int insert(struct db *db, const struct audit_record *r)
{
	struct stmt s;
	db_prepare(db, &s,
		"INSERT INTO audit_log (at, user_id, unit_id, action, person_id,"
		" plan_id, client_addr, detail) VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
	db_bind_int64(&s, 1, r->at);
	db_bind_id(&s, 2, r->user_id);
	db_bind_id(&s, 3, r->unit_id);
	db_bind_text(&s, 4, r->action);
	db_bind_id(&s, 5, r->person_id);
	db_bind_id(&s, 6, r->plan_id);
	db_bind_text(&s, 7, r->client_addr);
	db_bind_text(&s, 8, r->detail);
	int rc = db_step(&s);
	db_finalize(&s);
	return rc == DB_DONE ? DB_OK : rc;
}

static bool write_batch(struct job *jobs, uint64_t *nrecords)
{
	/* Two tries: the first may only discover a lost connection. */
	for (int attempt = 0; attempt < 2; attempt++) {
		*nrecords = 0;
		int rc = db_begin(writer_db);
		for (struct job *j = jobs; !rc && j; j = j->next)
			for (struct audit_record *r = j->records; !rc && r; r = r->next) {
				rc = insert(writer_db, r);
				(*nrecords)++;
			}
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
