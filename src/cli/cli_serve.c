/*
 * cli_serve.c — `samplan serve`: the HTTP server.
 */
#include <arpa/inet.h>
#include <ctype.h>
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
	"                     [--trusted-proxy ADDR [--auth-header NAME]]\n"
	"                     [--secure]\n"
	"Serve the web pages and the JSON API.\n"
	"  --db URL           sqlite:PATH or postgresql://... (default\n"
	"                     $SAMPLAN_DB, then sqlite:var/samplan.db)\n"
	"  --listen ADDR:PORT default $SAMPLAN_LISTEN, then 127.0.0.1:8080\n"
	"  --threads N        worker threads (default: number of cores)\n"
	"  --trusted-proxy ADDR  the reverse proxy in front (e.g. 127.0.0.1):\n"
	"                     requests from ADDR have their client address\n"
	"                     taken from X-Forwarded-For; from anyone else it\n"
	"                     is ignored\n"
	"  --auth-header NAME requests from the trusted proxy are signed in as\n"
	"                     the username in header NAME (SITHS, BankID via\n"
	"                     the proxy); the header from anywhere else is\n"
	"                     refused with 403\n"
	"  --secure           served over HTTPS by a proxy: Secure cookies, HSTS\n"
	"Stops cleanly on SIGTERM or SIGINT.\n";

/* The address in the form the server prints peers in (inet_ntop), so
 * that "::1" and "0:0::1" compare equal. */
static bool normal_address(const char *in, char *out, size_t len)
{
	unsigned char bin[sizeof(struct in6_addr)];
	if (inet_pton(AF_INET, in, bin) == 1)
		return inet_ntop(AF_INET, bin, out, (socklen_t)len) != NULL;
	if (inet_pton(AF_INET6, in, bin) == 1)
		return inet_ntop(AF_INET6, bin, out, (socklen_t)len) != NULL;
	return false;
}

static bool header_name_ok(const char *name)
{
	if (!*name || strlen(name) > 64)
		return false;
	for (const char *p = name; *p; p++)
		if (!isalnum((unsigned char)*p) && *p != '-' && *p != '_')
			return false;
	return true;
}

int cli_serve(int argc, char **argv)
{
	static const struct option opts[] = {
		{"db", required_argument, NULL, 'd'},
		{"listen", required_argument, NULL, 'l'},
		{"threads", required_argument, NULL, 't'},
		{"trusted-proxy", required_argument, NULL, 'p'},
		{"auth-header", required_argument, NULL, 'a'},
		{"trust-proxy", no_argument, NULL, 'P'},
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
	static char proxy[INET6_ADDRSTRLEN + 1];
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
		case 'p':
			if (!normal_address(optarg, proxy, sizeof proxy)) {
				fprintf(stderr, "samplan: --trusted-proxy takes an "
				        "IPv4 or IPv6 address, not %s\n", optarg);
				return 2;
			}
			cfg.trusted_proxy = proxy;
			break;
		case 'a':
			if (!header_name_ok(optarg)) {
				fprintf(stderr, "samplan: --auth-header takes a header "
				        "name (letters, digits, '-'), not %s\n", optarg);
				return 2;
			}
			cfg.auth_header = optarg;
			break;
		case 'P':
			fprintf(stderr, "samplan: --trust-proxy trusted every client's "
			        "X-Forwarded-For; name the proxy with --trusted-proxy "
			        "ADDR instead\n");
			return 2;
		case 's': cfg.secure = true; break;
		case 'h': fputs(usage, stdout); return 0;
		default: fputs(usage, stderr); return 2;
		}
	}
	if (optind != argc) {
		fputs(usage, stderr);
		return 2;
	}
	if (cfg.auth_header && !cfg.trusted_proxy) {
		fprintf(stderr, "samplan: --auth-header needs --trusted-proxy: the "
		        "header is believed only from that address\n");
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
