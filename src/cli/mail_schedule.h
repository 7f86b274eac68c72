/*
 * mail_schedule.h — what the server queues by itself: automatic
 * reminders of unanswered invitations (sip/reminder.h) and the daily
 * summaries (sip/daily_summary.h). One tick runs both as the console;
 * `samplan serve` runs a tick at start and then every interval in a
 * thread of its own, and `samplan mail tick` runs one from the command
 * line (operators, tests with a chosen clock).
 *
 * Several servers on one PostgreSQL each run the ticks; the database's
 * unique keys make each reminder and summary happen once.
 */
#ifndef SAMPLAN_MAIL_SCHEDULE_H
#define SAMPLAN_MAIL_SCHEDULE_H

#include <stdbool.h>
#include <stdint.h>

struct db;

struct mail_schedule_config {
	const char *db_url;
	int remind_after_days; /* 0: REMINDER_DEFAULT_AFTER_DAYS */
	int summary_hour;      /* local hour 0..23 */
	int64_t interval_s;    /* 0: 60 */
};

/* One tick at `now` (Unix seconds) on db. False, with a message on
 * stderr, on a database error. *reminders and *summaries (may be NULL)
 * get what was queued. */
bool mail_schedule_tick(struct db *db, const struct mail_schedule_config *cfg,
                        int64_t now, int *reminders, int *summaries);

/* Start the thread with its own connection; false (message on stderr)
 * when the database cannot be opened. cfg must outlive the stop. */
bool mail_schedule_start(const struct mail_schedule_config *cfg);
/* Finish the tick under way and stop; safe when not started. */
void mail_schedule_stop(void);

#endif
