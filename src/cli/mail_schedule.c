/*
 * mail_schedule.c — the server's own mail: one tick of automatic
 * reminders and daily summaries, and the thread of `samplan serve` that
 * runs it (see mail_schedule.h). The thread is built like the outbox's
 * sender (mail/sender.c): its own database connection, no signals, a
 * condition variable so that the stop does not wait out the interval.
 */
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <time.h>

#include "base/log.h"
#include "cli/cli.h"
#include "cli/mail_schedule.h"
#include "sip/daily_summary.h"
#include "sip/reminder.h"
#include "store/db.h"

bool mail_schedule_tick(struct db *db, const struct mail_schedule_config *cfg,
                        int64_t now, int *reminders, int *summaries)
{
	struct cli_session s;
	cli_session_begin(&s, db);
	s.ctx.now = now;
	int r = 0, m = 0;
	/* Both run whatever the other met: a reminder that fails must not
	 * cost everyone their summary. */
	bool ok = reminders_queue_due(&s.ctx, cfg->remind_after_days, &r);
	if (!ok) {
		cli_report(&s.problem);
		s.problem = (struct problem){0};
	}
	if (!daily_summaries_queue(&s.ctx, cfg->summary_hour, &m)) {
		cli_report(&s.problem);
		ok = false;
	}
	cli_session_end(&s);
	if (reminders)
		*reminders = r;
	if (summaries)
		*summaries = m;
	return ok;
}

static struct {
	pthread_t thread;
	pthread_mutex_t lock;
	pthread_cond_t wake;
	bool running, stop;
	const struct mail_schedule_config *cfg;
	struct db *db;
} sched = {.lock = PTHREAD_MUTEX_INITIALIZER,
           .wake = PTHREAD_COND_INITIALIZER};

static void *schedule_main(void *arg)
{
	(void)arg;
	int64_t interval = sched.cfg->interval_s > 0 ? sched.cfg->interval_s : 60;
	for (;;) {
		pthread_mutex_lock(&sched.lock);
		bool stop = sched.stop;
		pthread_mutex_unlock(&sched.lock);
		if (stop)
			break;
		int r, m;
		if (mail_schedule_tick(sched.db, sched.cfg, (int64_t)time(NULL), &r,
		                       &m) && (r || m))
			log_info("mail: queued %d reminders, %d summaries", r, m);
		struct timespec until;
		clock_gettime(CLOCK_REALTIME, &until);
		until.tv_sec += interval;
		pthread_mutex_lock(&sched.lock);
		while (!sched.stop)
			if (pthread_cond_timedwait(&sched.wake, &sched.lock, &until) ==
			    ETIMEDOUT)
				break;
		pthread_mutex_unlock(&sched.lock);
	}
	return NULL;
}

bool mail_schedule_start(const struct mail_schedule_config *cfg)
{
	char err[512];
	sched.db = db_open(cfg->db_url, err, sizeof err);
	if (!sched.db) {
		fprintf(stderr, "samplan: mail schedule: %s\n", err);
		return false;
	}
	sched.cfg = cfg;
	sched.stop = false;
	/* No signals here, as in the sender: SIGTERM belongs to the
	 * server's sigwait. */
	sigset_t all, old;
	sigfillset(&all);
	pthread_sigmask(SIG_BLOCK, &all, &old);
	int created = pthread_create(&sched.thread, NULL, schedule_main, NULL);
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	if (created) {
		fprintf(stderr, "samplan: mail schedule: cannot start a thread\n");
		db_close(sched.db);
		sched.db = NULL;
		return false;
	}
	sched.running = true;
	return true;
}

void mail_schedule_stop(void)
{
	if (!sched.running)
		return;
	pthread_mutex_lock(&sched.lock);
	sched.stop = true;
	pthread_cond_signal(&sched.wake);
	pthread_mutex_unlock(&sched.lock);
	pthread_join(sched.thread, NULL);
	db_close(sched.db);
	sched.db = NULL;
	sched.running = false;
}
