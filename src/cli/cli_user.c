/*
 * cli_user.c — `samplan user add|deactivate|list`: staff users from the
 * console (the first system administrator is made this way).
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "sip/org.h"
#include "sip/user.h"
#include "store/db.h"

static const char usage[] =
	"usage: samplan user add --username NAME --name \"Full Name\"\n"
	"                        (--unit UNIT... | --admin) --password-stdin\n"
	"                        [--role professional|unit_admin|audit_reviewer|\n"
	"                                agreement_follow_up]\n"
	"                        [--title T] [--email E] [--phone P] [--db URL]\n"
	"       samplan user deactivate --username NAME [--db URL]\n"
	"       samplan user list [--db URL]\n"
	"--unit takes a unit's id or HSA-id and may be repeated; --admin makes\n"
	"a system administrator; --role audit_reviewer (who reviews the audit\n"
	"log and reads no plans) and --role agreement_follow_up (the SIP\n"
	"agreement's follow-up group, who read the statistics) need no --unit. The password (at least 12\n"
	"characters) is read from the first line of standard input.\n";

enum { MAX_UNITS = 32 };

/* A unit given as id or HSA-id. */
static bool resolve_unit(struct cli_session *s, const char *arg, int64_t *id)
{
	char *end;
	long long n = strtoll(arg, &end, 10);
	if (!*end && n > 0) {
		*id = n;
		return true;
	}
	struct unit u;
	if (!unit_find_by_hsa_id(&s->ctx, arg, &u)) {
		fprintf(stderr, "samplan: no unit with id or HSA-id %s\n", arg);
		return false;
	}
	*id = u.id;
	return true;
}

static int user_add(struct cli_session *s, const char *username,
                    const char *name, const char *role, const char *title,
                    const char *email, const char *phone, char **units,
                    int nunits)
{
	int64_t ids[MAX_UNITS];
	for (int i = 0; i < nunits; i++)
		if (!resolve_unit(s, units[i], &ids[i]))
			return 1;
	char *password = cli_read_line(&s->arena);
	if (!password) {
		fprintf(stderr, "samplan: no password on standard input\n");
		return 1;
	}
	struct user_input in = {
		.username = username,
		.full_name = name,
		.title = title,
		.email = email,
		.phone = phone,
		.role = role,
		.password = password,
		.unit_ids = ids,
		.nunits = nunits,
	};
	int64_t id;
	if (!user_create(&s->ctx, &in, &id))
		return cli_report(&s->problem);
	printf("user %lld %s created\n", (long long)id, username);
	return 0;
}

static int user_deactivate_cmd(struct cli_session *s, const char *username)
{
	struct user u;
	if (!user_load_by_username(&s->ctx, username, &u, NULL))
		return cli_report(&s->problem);
	if (!user_deactivate(&s->ctx, u.id))
		return cli_report(&s->problem);
	printf("user %s deactivated\n", username);
	return 0;
}

static int user_list_cmd(struct cli_session *s)
{
	struct user *users;
	int n;
	if (!user_list(&s->ctx, &users, &n))
		return cli_report(&s->problem);
	for (int i = 0; i < n; i++) {
		printf("%lld\t%s\t%s\t%s\t%s", (long long)users[i].id,
		       users[i].username, users[i].full_name,
		       role_name(users[i].role),
		       users[i].active ? "active" : "deactivated");
		for (int k = 0; k < users[i].nunits; k++)
			printf("%s%s", k ? ", " : "\t", users[i].units[k].name);
		printf("\n");
	}
	return 0;
}

int cli_user(int argc, char **argv)
{
	if (argc < 2 || strcmp(argv[1], "--help") == 0 ||
	    strcmp(argv[1], "-h") == 0) {
		fputs(usage, argc < 2 ? stderr : stdout);
		return argc < 2 ? 2 : 0;
	}
	const char *verb = argv[1];
	static const struct option opts[] = {
		{"db", required_argument, NULL, 'd'},
		{"username", required_argument, NULL, 'u'},
		{"name", required_argument, NULL, 'n'},
		{"unit", required_argument, NULL, 'U'},
		{"admin", no_argument, NULL, 'a'},
		{"role", required_argument, NULL, 'r'},
		{"title", required_argument, NULL, 't'},
		{"email", required_argument, NULL, 'e'},
		{"phone", required_argument, NULL, 'p'},
		{"password-stdin", no_argument, NULL, 'P'},
		{"help", no_argument, NULL, 'h'},
		{0, 0, 0, 0},
	};
	const char *db_opt = NULL, *username = NULL, *name = NULL;
	const char *role = "professional", *title = NULL, *email = NULL,
	           *phone = NULL;
	char *units[MAX_UNITS];
	int nunits = 0;
	bool admin = false, password_stdin = false, role_given = false;
	int c;
	optind = 2;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'd': db_opt = optarg; break;
		case 'u': username = optarg; break;
		case 'n': name = optarg; break;
		case 'U':
			if (nunits == MAX_UNITS) {
				fprintf(stderr, "samplan: at most %d units\n", MAX_UNITS);
				return 2;
			}
			units[nunits++] = optarg;
			break;
		case 'a': admin = true; break;
		case 'r': role = optarg; role_given = true; break;
		case 't': title = optarg; break;
		case 'e': email = optarg; break;
		case 'p': phone = optarg; break;
		case 'P': password_stdin = true; break;
		case 'h': fputs(usage, stdout); return 0;
		default: fputs(usage, stderr); return 2;
		}
	}
	if (optind != argc) {
		fputs(usage, stderr);
		return 2;
	}
	bool add = strcmp(verb, "add") == 0;
	bool deactivate = strcmp(verb, "deactivate") == 0;
	bool list = strcmp(verb, "list") == 0;
	/* An audit reviewer or the follow-up group may work for units or
	 * for none. */
	bool reviewer = role_given && (strcmp(role, "audit_reviewer") == 0 ||
	                               strcmp(role, "agreement_follow_up") == 0);
	if (add && (!username || !name || !password_stdin ||
	            (!reviewer && admin == (nunits > 0)) ||
	            (admin && role_given))) {
		fprintf(stderr, "samplan: user add needs --username, --name, "
		                "--password-stdin and either --unit or --admin "
		                "(or --role audit_reviewer|agreement_follow_up)\n");
		fputs(usage, stderr);
		return 2;
	}
	if ((deactivate && !username) || (!add && !deactivate && !list)) {
		fputs(usage, stderr);
		return 2;
	}
	if (admin)
		role = "system_admin";
	struct db *db = cli_open(cli_db_url(db_opt));
	if (!db)
		return 1;
	struct cli_session s;
	cli_session_begin(&s, db);
	int status;
	if (add)
		status = user_add(&s, username, name, role, title, email, phone,
		                  units, nunits);
	else if (deactivate)
		status = user_deactivate_cmd(&s, username);
	else
		status = user_list_cmd(&s);
	cli_session_end(&s);
	db_close(db);
	return status;
}
