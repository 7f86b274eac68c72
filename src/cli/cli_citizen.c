/*
 * cli_citizen.c — `samplan citizen code PERSONNUMMER`: a one-time
 * sign-in code for the individual's own pages (/citizen), for local use,
 * demos and tests; in production citizens sign in with BankID or Freja
 * eID through the region's proxy (--citizen-auth-header).
 */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "base/date.h"
#include "cli/cli.h"
#include "sip/citizen.h"
#include "store/db.h"

static const char usage[] =
	"usage: samplan citizen code PERSONNUMMER [--db URL]\n"
	"Make a one-time sign-in code for /citizen for the individual, guardian\n"
	"or relative with this personnummer. It is valid for 30 days and for\n"
	"one sign-in; the code is printed on the last line of standard output.\n";

int cli_citizen(int argc, char **argv)
{
	if (argc < 2 || strcmp(argv[1], "--help") == 0 ||
	    strcmp(argv[1], "-h") == 0) {
		fputs(usage, argc < 2 ? stderr : stdout);
		return argc < 2 ? 2 : 0;
	}
	static const struct option opts[] = {
		{"db", required_argument, NULL, 'd'},
		{"help", no_argument, NULL, 'h'},
		{0, 0, 0, 0},
	};
	const char *db_opt = NULL;
	int c;
	optind = 2;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'd': db_opt = optarg; break;
		case 'h': fputs(usage, stdout); return 0;
		default: fputs(usage, stderr); return 2;
		}
	}
	if (strcmp(argv[1], "code") != 0 || optind != argc - 1) {
		fputs(usage, stderr);
		return 2;
	}
	const char *personnummer = argv[optind];
	struct db *db = cli_open(cli_db_url(db_opt));
	if (!db)
		return 1;
	struct cli_session s;
	cli_session_begin(&s, db);
	int status = 0;
	char *code;
	int64_t expires_at;
	if (citizen_code_create(&s.ctx, personnummer, &code, &expires_at)) {
		struct date d = date_of_time(expires_at);
		printf("Sign-in code for %s at /citizen, valid until "
		       "%04d-%02d-%02d, for one sign-in:\n%s\n", personnummer,
		       d.year, d.month, d.day, code);
	} else {
		status = cli_report(&s.problem);
	}
	cli_session_end(&s);
	db_close(db);
	return status;
}
