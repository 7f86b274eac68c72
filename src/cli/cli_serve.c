/*
 * cli_serve.c — `samplan serve`: the HTTP server.
 */
#include <getopt.h>
#include <malloc.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "http/server.h"
#include "http/static.h"
#include "routes.h"
#include "audit/audit_group.h"
#include "store/db.h"

static const char usage[] =
	"usage: samplan serve [--db URL] [--listen ADDR:PORT] [--threads N]\n"
	"                     [--trust-proxy] [--secure]\n"
	"Serve the web pages and the JSON API.\n"
	"  --db URL           sqlite:PATH or postgresql://... (default\n"
	"                     $SAMPLAN_DB, then sqlite:var/samplan.db)\n"
	"  --listen ADDR:PORT default $SAMPLAN_LISTEN, then 127.0.0.1:8080\n"
	"  --threads N        worker threads (default: number of cores)\n"
	"  --trust-proxy      take the client address from X-Forwarded-For\n"
	"                     (only behind your own reverse proxy)\n"
	"  --secure           served over HTTPS by a proxy: Secure cookies, HSTS\n"
	"Stops cleanly on SIGTERM or SIGINT.\n";

int cli_serve(int argc, char **argv)
{
	static const struct option opts[] = {
		{"db", required_argument, NULL, 'd'},
		{"listen", required_argument, NULL, 'l'},
		{"threads", required_argument, NULL, 't'},
		{"trust-proxy", no_argument, NULL, 'p'},
		{"secure", no_argument, NULL, 's'},
		{"help", no_argument, NULL, 'h'},
		{0, 0, 0, 0},
	};
	struct server_config cfg = {
		.routes = routes,
		.nroutes = nroutes,
		.dispatch = routes_dispatch,
		.must_wait = routes_must_wait,
		.start_wait = routes_start_wait,
	};
	const char *db_opt = NULL, *listen = getenv("SAMPLAN_LISTEN");
	int c;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'd': db_opt = optarg; break;
		case 'l': listen = optarg; break;
		case 't': {
			char *end;
			long n = strtol(optarg, &end, 10);
			if (*end || n < 1 || n > 256) {
				fprintf(stderr, "samplan: --threads takes 1..256\n");
				return 2;
			}
			cfg.threads = (unsigned)n;
			break;
		}
		case 'p': cfg.trust_proxy = true; break;
		case 's': cfg.secure = true; break;
		case 'h': fputs(usage, stdout); return 0;
		default: fputs(usage, stderr); return 2;
		}
	}
	if (optind != argc) {
		fputs(usage, stderr);
		return 2;
	}
	cfg.db_url = cli_db_url(db_opt);
	cfg.listen = listen && *listen ? listen : "127.0.0.1:8080";

	/* Migrate once before serving; workers open their own connections. */
	struct db *db = cli_open(cfg.db_url);
	if (!db)
		return 1;
	db_close(db);
	static_init();

	/* Request arenas grow past malloc's mmap threshold (128 KiB); keep
	 * them on the heap so each request does not map and unmap pages. */
	mallopt(M_MMAP_THRESHOLD, 64 * 1024 * 1024);
	/* Reads' audit records are written by one group-commit thread. */
	if (!audit_group_start(cfg.db_url))
		return 1;
	char err[512];
	int status = server_run(&cfg, err, sizeof err);
	audit_group_stop();
	if (status != 0) {
		fprintf(stderr, "samplan: %s\n", err);
		return 1;
	}
	return 0;
}
