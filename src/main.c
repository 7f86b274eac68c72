/*
 * main.c — samplan's subcommands; the only code that may exit().
 *
 *   samplan serve    the HTTP server (pages and JSON API)
 *   samplan init     create or migrate the database schema
 *   samplan user     staff users
 *   samplan unit     the organisation directory
 *   samplan token    API tokens
 *   samplan citizen  sign-in codes for /citizen
 *   samplan demo     load demo organisations, users and plans
 *   samplan gen      generate a large data set for benchmarks
 *   samplan audit    verify the audit log's hash chain, print its head
 *   samplan mail     queue the due reminders and daily summaries once
 *
 * Each subcommand lives in src/cli/ and returns an exit status.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli/cli.h"
#include "sip/secret.h"

static const char usage[] =
	"usage: samplan COMMAND [OPTIONS]\n"
	"\n"
	"Commands:\n"
	"  serve   serve the web pages and the JSON API\n"
	"  init    create or migrate the database schema\n"
	"  user    add, deactivate or list staff users\n"
	"  unit    add, import or list units of the organisation directory\n"
	"  token   create, list or revoke API tokens\n"
	"  citizen a one-time sign-in code for the individual's own pages\n"
	"  demo    load demo organisations, users and plans (idempotent)\n"
	"  gen     generate a large realistic data set (benchmarks)\n"
	"  audit   verify the audit log's hash chain; print its head (anchor)\n"
	"  mail    queue the due reminders and daily summaries once (tick)\n"
	"\n"
	"Run 'samplan COMMAND --help' for a command's options.\n"
	"Database: --db sqlite:PATH | postgresql://... (default $SAMPLAN_DB,\n"
	"then sqlite:var/samplan.db).\n";

struct command {
	const char *name;
	int (*run)(int argc, char **argv);
};

static const struct command commands[] = {
	{"serve", cli_serve}, {"init", cli_init},   {"user", cli_user},
	{"unit", cli_unit},   {"token", cli_token}, {"demo", cli_demo},
	{"gen", cli_gen},     {"citizen", cli_citizen},
	{"audit", cli_audit},
	{"mail", cli_mail},
};

int main(int argc, char **argv)
{
	if (argc < 2) {
		fputs(usage, stderr);
		exit(2);
	}
	if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0 ||
	    strcmp(argv[1], "help") == 0) {
		fputs(usage, stdout);
		exit(0);
	}
	/* Dates ("today", ages, meeting days) are Swedish dates. */
	if (!getenv("TZ"))
		setenv("TZ", "Europe/Stockholm", 1);
	tzset();
	if (!secret_init()) {
		fprintf(stderr, "samplan: libsodium could not start\n");
		exit(1);
	}
	/* Passwords are hashed at full cost, whatever a test might do. */
	secret_production();
	for (size_t i = 0; i < sizeof commands / sizeof *commands; i++)
		if (strcmp(argv[1], commands[i].name) == 0)
			exit(commands[i].run(argc - 1, argv + 1));
	fprintf(stderr, "samplan: unknown command '%s'\n\n%s", argv[1], usage);
	exit(2);
}
