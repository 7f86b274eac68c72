/*
 * cli_unit.c — `samplan unit add|list|import`: the organisation
 * directory.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "base/limits.h"
#include "cli/cli.h"
#include "sip/directory.h"
#include "sip/org.h"
#include "store/db.h"

static const char usage[] =
	"usage: samplan unit add --hsa-id ID --name NAME --principal NAME\n"
	"                        [--principal-kind municipality|region|other_actor]\n"
	"                        [--parent HSA_ID] [--email E] [--phone P]\n"
	"                        [--address TEXT] [--db URL]\n"
	"       samplan unit list [--db URL]\n"
	"       samplan unit import FILE.csv [--db URL]\n"
	"A principal that does not exist yet is created with --principal-kind.\n"
	"import reads a CSV file with the header row\n"
	"  unit_id,unit_name,principal[,principal_kind,parent_unit_id,email,\n"
	"  phone,postal_address]\n"
	"(any order; see docs/directory-import.md); FILE - reads standard input.\n"
	"Existing units are updated, new ones created. If any row is wrong,\n"
	"every error is printed with its line and nothing is changed.\n";

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

/* The whole file, at most LIMIT_IMPORT_BODY bytes, in b. */
static bool read_file(const char *path, struct buf *b)
{
	FILE *f = strcmp(path, "-") == 0 ? stdin : fopen(path, "rb");
	if (!f) {
		fprintf(stderr, "samplan: %s: %s\n", path, strerror(errno));
		return false;
	}
	char chunk[65536];
	size_t n;
	bool ok = true;
	while (ok && (n = fread(chunk, 1, sizeof chunk, f)) > 0)
		ok = buf_append(b, chunk, n);
	if (!ok)
		fprintf(stderr, "samplan: %s: larger than %d MB; split the file\n",
		        path, LIMIT_IMPORT_BODY / (1024 * 1024));
	else if (ferror(f)) {
		fprintf(stderr, "samplan: %s: %s\n", path, strerror(errno));
		ok = false;
	}
	if (f != stdin)
		fclose(f);
	return ok;
}

static int unit_import(struct cli_session *s, const char *path)
{
	struct buf b;
	buf_init(&b, LIMIT_IMPORT_BODY);
	if (!read_file(path, &b)) {
		buf_free(&b);
		return 1;
	}
	struct directory_report rep;
	bool ok = directory_import(&s->ctx, b.data, b.len, &rep);
	buf_free(&b);
	if (!ok && !rep.nerrors_total)
		return cli_report(&s->problem);
	if (!ok) {
		/* file:line: column: message, as compilers write it. */
		for (int i = 0; i < rep.nerrors; i++) {
			const struct directory_error *e = &rep.errors[i];
			if (e->line)
				fprintf(stderr, "%s:%d: ", path, e->line);
			else
				fprintf(stderr, "%s: ", path);
			fprintf(stderr, "%s%s%s\n", e->column ? e->column : "",
			        e->column ? ": " : "", e->message);
		}
		if (rep.nerrors < rep.nerrors_total)
			fprintf(stderr, "samplan: %d more errors not shown\n",
			        rep.nerrors_total - rep.nerrors);
		fprintf(stderr, "samplan: %s\n", s->problem.detail);
		return 1;
	}
	printf("%s: %d rows; units created %d, updated %d, unchanged %d; "
	       "principals created %d\n",
	       path, rep.rows, rep.units_created, rep.units_updated,
	       rep.units_unchanged, rep.principals_created);
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
	bool add = strcmp(verb, "add") == 0, list = strcmp(verb, "list") == 0,
	     import = strcmp(verb, "import") == 0;
	if ((!add && !list && !import) || optind != argc - (import ? 1 : 0) ||
	    (add && (!in.hsa_id || !in.name || !principal))) {
		fputs(usage, stderr);
		return 2;
	}
	struct db *db = cli_open(cli_db_url(db_opt));
	if (!db)
		return 1;
	struct cli_session s;
	cli_session_begin(&s, db);
	int status = add      ? unit_add(&s, &in, principal, kind, parent)
	             : import ? unit_import(&s, argv[argc - 1])
	                      : unit_list_cmd(&s);
	cli_session_end(&s);
	db_close(db);
	return status;
}
