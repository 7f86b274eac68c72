/*
 * cli_token.c — `samplan token create|list|revoke`: API tokens.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "sip/auth.h"
#include "store/db.h"

static const char usage[] =
	"usage: samplan token create --username NAME [--label TEXT] [--db URL]\n"
	"       samplan token list --username NAME [--db URL]\n"
	"       samplan token revoke --id TOKEN_ID [--db URL]\n"
	"Create an API token for a user (printed once on standard output:\n"
	"store it safely; its id goes to standard error), list a user's\n"
	"tokens, or revoke one. Use it as 'Authorization: Bearer TOKEN'.\n";

int cli_token(int argc, char **argv)
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
		{"label", required_argument, NULL, 'l'},
		{"id", required_argument, NULL, 'i'},
		{"help", no_argument, NULL, 'h'},
		{0, 0, 0, 0},
	};
	const char *db_opt = NULL, *username = NULL, *label = NULL, *id = NULL;
	int c;
	optind = 2;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'd': db_opt = optarg; break;
		case 'u': username = optarg; break;
		case 'l': label = optarg; break;
		case 'i': id = optarg; break;
		case 'h': fputs(usage, stdout); return 0;
		default: fputs(usage, stderr); return 2;
		}
	}
	bool create = strcmp(verb, "create") == 0;
	bool revoke = strcmp(verb, "revoke") == 0;
	bool list = strcmp(verb, "list") == 0;
	if (optind != argc || (!create && !revoke && !list) ||
	    ((create || list) && !username) || (revoke && !id)) {
		fputs(usage, stderr);
		return 2;
	}
	struct db *db = cli_open(cli_db_url(db_opt));
	if (!db)
		return 1;
	struct cli_session s;
	cli_session_begin(&s, db);
	int status = 0;
	if (create) {
		char *token;
		int64_t token_id;
		if (auth_token_create(&s.ctx, username, label, &token, &token_id)) {
			printf("%s\n", token);
			fprintf(stderr, "token id %lld for %s\n", (long long)token_id,
			        username);
		} else {
			status = cli_report(&s.problem);
		}
	} else if (list) {
		struct api_token *tokens;
		int n;
		if (!auth_token_list(&s.ctx, username, &tokens, &n))
			status = cli_report(&s.problem);
		for (int i = 0; status == 0 && i < n; i++)
			printf("%lld\t%s\tcreated %lld\tlast used %lld\t%s\n",
			       (long long)tokens[i].id,
			       tokens[i].label ? tokens[i].label : "-",
			       (long long)tokens[i].created_at,
			       (long long)tokens[i].last_used_at,
			       tokens[i].revoked_at ? "revoked" : "active");
	} else {
		char *end;
		long long n = strtoll(id, &end, 10);
		if (*end || n <= 0) {
			fprintf(stderr, "samplan: --id takes a token id\n");
			status = 2;
		} else if (!auth_token_revoke(&s.ctx, n)) {
			status = cli_report(&s.problem);
		} else {
			printf("token %lld revoked\n", n);
		}
	}
	cli_session_end(&s);
	db_close(db);
	return status;
}
