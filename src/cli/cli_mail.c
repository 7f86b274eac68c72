/*
 * cli_mail.c — `samplan mail tick`: queue once what the server queues
 * by itself (automatic reminders, daily summaries; mail_schedule.h), at
 * the present or at a given time — for an operator who runs no server
 * with the schedule, and for tests that need "three days later".
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli/cli.h"
#include "cli/mail_schedule.h"
#include "mail/mail.h"
#include "sip/daily_summary.h"
#include "sip/reminder.h"
#include "store/db.h"

static const char usage[] =
	"usage: samplan mail tick [--db URL] [--now UNIX-SECONDS]\n"
	"                         [--remind-after-days N] [--summary-hour H]\n"
	"                         [--public-url URL]\n"
	"Queue the automatic reminders and daily summaries that are due, once.\n"
	"  --now UNIX-SECONDS     act as at that time (default: now)\n"
	"  --remind-after-days N  remind an invitation unanswered N days\n"
	"                         (default 3)\n"
	"  --summary-hour H       summaries from local hour H on (default 7)\n"
	"  --public-url URL       samplan's address in the messages' links\n"
	"Prints what was queued. Delivery is `samplan serve --smtp ...`'s.\n";

static bool number(const char *arg, long min, long max, long *out)
{
	char *end;
	long n = strtol(arg, &end, 10);
	if (!*arg || *end || n < min || n > max)
		return false;
	*out = n;
	return true;
}

int cli_mail(int argc, char **argv)
{
	static const struct option opts[] = {
		{"db", required_argument, NULL, 'd'},
		{"now", required_argument, NULL, 'n'},
		{"remind-after-days", required_argument, NULL, 'r'},
		{"summary-hour", required_argument, NULL, 'H'},
		{"public-url", required_argument, NULL, 'U'},
		{"help", no_argument, NULL, 'h'},
		{0, 0, 0, 0},
	};
	const char *db_opt = NULL;
	struct mail_schedule_config cfg = {
		.remind_after_days = REMINDER_DEFAULT_AFTER_DAYS,
		.summary_hour = SUMMARY_DEFAULT_HOUR,
	};
	static char public_url[1024];
	long now = (long)time(NULL), n;
	int c;
	if (argc < 2 || strcmp(argv[1], "tick") != 0) {
		if (argc >= 2 && !strcmp(argv[1], "--help")) {
			fputs(usage, stdout);
			return 0;
		}
		fputs(usage, stderr);
		return 2;
	}
	argc--;
	argv++;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'd': db_opt = optarg; break;
		case 'n':
			if (!number(optarg, 0, 4102444800L, &now)) {
				fprintf(stderr, "samplan: --now takes Unix seconds\n");
				return 2;
			}
			break;
		case 'r':
			if (!number(optarg, 1, 365, &n)) {
				fprintf(stderr, "samplan: --remind-after-days takes "
				        "1..365\n");
				return 2;
			}
			cfg.remind_after_days = (int)n;
			break;
		case 'H':
			if (!number(optarg, 0, 23, &n)) {
				fprintf(stderr, "samplan: --summary-hour takes 0..23\n");
				return 2;
			}
			cfg.summary_hour = (int)n;
			break;
		case 'U':
			if ((strncmp(optarg, "http://", 7) &&
			     strncmp(optarg, "https://", 8)) ||
			    strlen(optarg) >= sizeof public_url ||
			    strpbrk(optarg, " \r\n")) {
				fprintf(stderr, "samplan: --public-url takes an http:// "
				        "or https:// URL\n");
				return 2;
			}
			snprintf(public_url, sizeof public_url, "%s", optarg);
			for (size_t k = strlen(public_url);
			     k > 0 && public_url[k - 1] == '/'; k--)
				public_url[k - 1] = '\0';
			mail_set_public_url(public_url);
			break;
		case 'h': fputs(usage, stdout); return 0;
		default: fputs(usage, stderr); return 2;
		}
	}
	if (optind != argc) {
		fputs(usage, stderr);
		return 2;
	}
	struct db *db = cli_open(cli_db_url(db_opt));
	if (!db)
		return 1;
	int reminders, summaries;
	bool ok = mail_schedule_tick(db, &cfg, now, &reminders, &summaries);
	db_close(db);
	if (!ok)
		return 1;
	printf("queued %d reminders, %d summaries\n", reminders, summaries);
	return 0;
}
