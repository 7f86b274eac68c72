/*
 * cli_unit.c — `samplan unit add|list`: the organisation directory.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "sip/org.h"
#include "store/db.h"

static const char usage[] =
	"usage: samplan unit add --hsa-id ID --name NAME --principal NAME\n"
	"                        [--principal-kind municipality|region|other_actor]\n"
	"                        [--parent HSA_ID] [--email E] [--phone P]\n"
	"                        [--address TEXT] [--db URL]\n"
	"       samplan unit list [--db URL]\n"
	"A principal that does not exist yet is created with --principal-kind.\n";

/* The principal named `name`, created with `kind` when missing. */
static bool principal_for(struct cli_session *s, const char *name,
                          const char *kind, int64_t *id)
{
	struct principal *all;
	int n;
	if (!principal_list(&s->ctx, &all, &n))
		return false;
	for (int i = 0; i < n; i++)
		if (strcmp(all[i].name, name) == 0) {
			*id = all[i].id;
			return true;
		}
	if (!kind)
		return problem_field(s->ctx.problem, s->ctx.arena, "principal-kind",
		                     "%s", "the principal does not exist: give "
		                           "--principal-kind to create it");
	struct principal_input in = {.name = name, .kind = kind, .active = true};
	return principal_create(&s->ctx, &in, id);
}

static int unit_add(struct cli_session *s, struct unit_input *in,
                    const char *principal, const char *kind,
                    const char *parent)
{
	if (!principal_for(s, principal, kind, &in->principal_id))
		return cli_report(&s->problem);
	if (parent) {
		struct unit p;
		if (!unit_find_by_hsa_id(&s->ctx, parent, &p))
			return cli_report(&s->problem);
		in->parent_id = p.id;
	}
	int64_t id;
	if (!unit_create(&s->ctx, in, &id))
		return cli_report(&s->problem);
	printf("unit %lld %s created\n", (long long)id, in->hsa_id);
	return 0;
}

static int unit_list_cmd(struct cli_session *s)
{
	struct unit *units;
	int n;
	if (!unit_list(&s->ctx, 0, false, &units, &n))
		return cli_report(&s->problem);
	for (int i = 0; i < n; i++)
		printf("%lld\t%s\t%s\t%s\t%s\n", (long long)units[i].id,
		       units[i].hsa_id, units[i].name, units[i].principal_name,
		       units[i].active ? "active" : "inactive");
	return 0;
}

int cli_unit(int argc, char **argv)
{
	if (argc < 2 || strcmp(argv[1], "--help") == 0 ||
	    strcmp(argv[1], "-h") == 0) {
		fputs(usage, argc < 2 ? stderr : stdout);
		return argc < 2 ? 2 : 0;
	}
	const char *verb = argv[1];
	static const struct option opts[] = {
		{"db", required_argument, NULL, 'd'},
		{"hsa-id", required_argument, NULL, 'i'},
		{"name", required_argument, NULL, 'n'},
		{"principal", required_argument, NULL, 'p'},
		{"principal-kind", required_argument, NULL, 'k'},
		{"parent", required_argument, NULL, 'P'},
		{"email", required_argument, NULL, 'e'},
		{"phone", required_argument, NULL, 't'},
		{"address", required_argument, NULL, 'a'},
		{"help", no_argument, NULL, 'h'},
		{0, 0, 0, 0},
	};
	const char *db_opt = NULL, *principal = NULL, *kind = NULL,
	           *parent = NULL;
	struct unit_input in = {.active = true};
	int c;
	optind = 2;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'd': db_opt = optarg; break;
		case 'i': in.hsa_id = optarg; break;
		case 'n': in.name = optarg; break;
		case 'p': principal = optarg; break;
		case 'k': kind = optarg; break;
		case 'P': parent = optarg; break;
		case 'e': in.email = optarg; break;
		case 't': in.phone = optarg; break;
		case 'a': in.postal_address = optarg; break;
		case 'h': fputs(usage, stdout); return 0;
		default: fputs(usage, stderr); return 2;
		}
	}
	bool add = strcmp(verb, "add") == 0, list = strcmp(verb, "list") == 0;
	if ((!add && !list) || optind != argc ||
	    (add && (!in.hsa_id || !in.name || !principal))) {
		fputs(usage, stderr);
		return 2;
	}
	struct db *db = cli_open(cli_db_url(db_opt));
	if (!db)
		return 1;
	struct cli_session s;
	cli_session_begin(&s, db);
	int status = add ? unit_add(&s, &in, principal, kind, parent)
	                 : unit_list_cmd(&s);
	cli_session_end(&s);
	db_close(db);
	return status;
}
