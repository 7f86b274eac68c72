/*
 * cli_gen.c — `samplan gen`: a realistic, deterministic data set for
 * benchmarks and scale tests.
 *
 * Every plan is made through the same src/sip/ step functions a user's
 * clicks call, acting as a user of the unit that would take the step and
 * at the time it would be taken (ctx->now moves along each plan's own
 * timeline), so every invariant, history row and audit record is the
 * product's own. Speed comes from batching: many plans share one
 * transaction (the steps' own transactions nest inside it), and the
 * connection runs with synchronous=OFF — a generated database can always
 * be generated again. For PostgreSQL the data is made the same way in a
 * temporary SQLite file and copied over in bulk (store/db_copy.c).
 *
 * The organisation scales with the number of plans: regions,
 * municipalities and their units, a few other actors, four users per
 * unit (all with the password printed at the end, hashed once).
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "base/date.h"
#include "base/limits.h"
#include "cli/cli.h"
#include "cli/gen.h"
#include "sip/org.h"
#include "sip/person.h"
#include "sip/plan.h"
#include "sip/secret.h"
#include "sip/user.h"
#include "store/db.h"

static const char usage[] =
	"usage: samplan gen --plans M [--persons N] [--seed S] [--db URL]\n"
	"Generate an organisation and M plans for N persons (default N = M)\n"
	"in every state of the SIP process, through the domain functions.\n"
	"Deterministic for a seed. Prints the generated users' password and a\n"
	"busy coordinator's username. For benchmarks, never for real data.\n";

int cli_gen(int argc, char **argv)
{
	static const struct option opts[] = {
		{"db", required_argument, NULL, 'd'},
		{"plans", required_argument, NULL, 'p'},
		{"persons", required_argument, NULL, 'n'},
		{"seed", required_argument, NULL, 's'},
		{"help", no_argument, NULL, 'h'},
		{0, 0, 0, 0},
	};
	const char *db_opt = NULL;
	struct gen_options o = {.seed = 1};
	int c;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		char *end = NULL;
		switch (c) {
		case 'd': db_opt = optarg; break;
		case 'p': o.plans = strtol(optarg, &end, 10); break;
		case 'n': o.persons = strtol(optarg, &end, 10); break;
		case 's': o.seed = strtoull(optarg, &end, 10); break;
		case 'h': fputs(usage, stdout); return 0;
		default: fputs(usage, stderr); return 2;
		}
		if (end && *end) {
			fprintf(stderr, "samplan: --%s takes a number\n",
			        c == 'p' ? "plans" : c == 'n' ? "persons" : "seed");
			return 2;
		}
	}
	if (optind != argc || o.plans < 1 || o.plans > 100000000 ||
	    o.persons < 0) {
		fputs(usage, stderr);
		return 2;
	}
	if (!o.persons)
		o.persons = o.plans;
	struct db *db = cli_open(cli_db_url(db_opt));
	if (!db)
		return 1;
	int status = gen_run(db, &o, stdout) ? 0 : 1;
	db_close(db);
	return status;
}
