/*
 * cli_init.c — `samplan init`: create or migrate the schema.
 */
#include <getopt.h>
#include <stdio.h>

#include "cli/cli.h"
#include "store/db.h"
#include "store/migrate.h"

static const char usage[] =
	"usage: samplan init [--db URL]\n"
	"Create the database schema, or bring it up to date.\n"
	"  --db URL   sqlite:PATH or postgresql://... (default $SAMPLAN_DB,\n"
	"             then sqlite:var/samplan.db)\n";

int cli_init(int argc, char **argv)
{
	static const struct option opts[] = {
		{"db", required_argument, NULL, 'd'},
		{"help", no_argument, NULL, 'h'},
		{0, 0, 0, 0},
	};
	const char *db_opt = NULL;
	int c;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'd': db_opt = optarg; break;
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
	long version = 0;
	migrate_current_version(db, &version);
	printf("schema version %ld (%s)\n", version, db_kind_name(db));
	db_close(db);
	return 0;
}
