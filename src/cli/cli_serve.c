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
#include "cli/mail_schedule.h"
#include "doc/render_pdf.h"
#include "mail/mail.h"
#include "sip/daily_summary.h"
#include "sip/reminder.h"
#include "store/db.h"

#include <curl/curl.h>

static const char usage[] =
	"usage: samplan serve [--db URL] [--listen ADDR:PORT] [--threads N]\n"
	"                     [--trusted-proxy ADDR [--auth-header NAME]\n"
	"                      [--citizen-auth-header NAME]]\n"
	"                     [--secure] [--public-url URL]\n"
	"                     [--smtp URL --smtp-from ADDR [--smtp-user NAME\n"
	"                      --smtp-password-file FILE] [--smtp-require-tls]\n"
	"                      [--smtp-retry-base SECONDS] [--smtp-ca-file FILE]]\n"
	"                     [--remind-after-days N] [--summary-hour H]\n"
	"                     [--mail-schedule on|off] [--count-queries]\n"
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
	"  --citizen-auth-header NAME  on /citizen, requests from the trusted\n"
	"                     proxy are signed in as the citizen whose\n"
	"                     personnummer is in header NAME (BankID, Freja\n"
	"                     eID); refused with 403 from anywhere else\n"
	"  --secure           served over HTTPS by a proxy: Secure cookies, HSTS\n"
	"  --public-url URL   samplan's address in links of e-mail (default\n"
	"                     http://127.0.0.1:8080)\n"
	"  --smtp URL         deliver the outbox by SMTP: smtp://host:587 (STARTTLS\n"
	"                     when offered) or smtps://host:465; user:password\n"
	"                     may be in the URL. Without it mail stays queued\n"
	"  --smtp-from ADDR   the sender address (needed with --smtp)\n"
	"  --smtp-user NAME   SMTP authentication, with the password read from\n"
	"  --smtp-password-file FILE  (its first line)\n"
	"  --smtp-require-tls smtp:// must switch to TLS (STARTTLS) or not send\n"
	"  --smtp-retry-base SECONDS  first retry after a refused delivery\n"
	"                     (default 60; doubles, at most an hour)\n"
	"  --smtp-ca-file FILE  verify the SMTP server's certificate with the\n"
	"                     CA certificates in FILE (PEM) instead of the\n"
	"                     system's\n"
	"  --remind-after-days N  an invitation unanswered N days (default 3)\n"
	"                     gets an automatic reminder, again at most every\n"
	"                     N days, while its meeting is upcoming\n"
	"  --summary-hour H   daily summaries are queued from local hour H on\n"
	"                     (default 7)\n"
	"  --mail-schedule on|off  queue reminders and summaries (default on;\n"
	"                     safe on every instance of a cluster)\n"
	"  --count-queries    answer each request with a header Samplan-Queries:\n"
	"                     the number of database statements it ran (for\n"
	"                     tests and diagnosis)\n"
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
		{"citizen-auth-header", required_argument, NULL, 'c'},
		{"trust-proxy", no_argument, NULL, 'P'},
		{"secure", no_argument, NULL, 's'},
		{"public-url", required_argument, NULL, 'U'},
		{"smtp", required_argument, NULL, 'S'},
		{"smtp-from", required_argument, NULL, 'F'},
		{"smtp-user", required_argument, NULL, 'u'},
		{"smtp-password-file", required_argument, NULL, 'W'},
		{"smtp-require-tls", no_argument, NULL, 'T'},
		{"smtp-retry-base", required_argument, NULL, 'R'},
		{"smtp-ca-file", required_argument, NULL, 'C'},
		{"remind-after-days", required_argument, NULL, 'D'},
		{"summary-hour", required_argument, NULL, 'H'},
		{"mail-schedule", required_argument, NULL, 'M'},
		{"count-queries", no_argument, NULL, 'Q'},
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
	static char password[512];
	static char public_url[1024];
	struct mail_config mail = {0};
	static struct mail_schedule_config schedule = {
		.remind_after_days = REMINDER_DEFAULT_AFTER_DAYS,
		.summary_hour = SUMMARY_DEFAULT_HOUR,
	};
	bool scheduled = true;
	const char *password_file = NULL;
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
		case 'c':
			if (!header_name_ok(optarg)) {
				fprintf(stderr, "samplan: --citizen-auth-header takes "
				        "a header name (letters, digits, '-'), not "
				        "%s\n", optarg);
				return 2;
			}
			cfg.citizen_auth_header = optarg;
			break;
		case 'P':
			fprintf(stderr, "samplan: --trust-proxy trusted every client's "
			        "X-Forwarded-For; name the proxy with --trusted-proxy "
			        "ADDR instead\n");
			return 2;
		case 's': cfg.secure = true; break;
		case 'U': {
			size_t n = strlen(optarg);
			while (n > 0 && optarg[n - 1] == '/')
				n--;
			if ((strncmp(optarg, "http://", 7) &&
			     strncmp(optarg, "https://", 8)) ||
			    n >= sizeof public_url || strpbrk(optarg, " \r\n")) {
				fprintf(stderr, "samplan: --public-url takes an http:// "
				        "or https:// URL\n");
				return 2;
			}
			memcpy(public_url, optarg, n);
			public_url[n] = '\0';
			mail_set_public_url(public_url);
			break;
		}
		case 'S':
			if (strncmp(optarg, "smtp://", 7) &&
			    strncmp(optarg, "smtps://", 8)) {
				fprintf(stderr, "samplan: --smtp takes smtp://HOST:PORT "
				        "or smtps://HOST:PORT\n");
				return 2;
			}
			mail.smtp_url = optarg;
			break;
		case 'F':
			if (!mail_address_ok(optarg)) {
				fprintf(stderr, "samplan: --smtp-from takes an address "
				        "like samplan@kommun.se\n");
				return 2;
			}
			mail.from = optarg;
			break;
		case 'u': mail.user = optarg; break;
		case 'W': password_file = optarg; break;
		case 'T': mail.require_tls = true; break;
		case 'R': {
			char *end;
			long n = strtol(optarg, &end, 10);
			if (*end || n < 1 || n > 3600) {
				fprintf(stderr, "samplan: --smtp-retry-base takes "
				        "1..3600 seconds\n");
				return 2;
			}
			mail.backoff_base_s = n;
			break;
		}
		case 'C': mail.ca_file = optarg; break;
		case 'D': {
			char *end;
			long n = strtol(optarg, &end, 10);
			if (*end || n < 1 || n > 365) {
				fprintf(stderr, "samplan: --remind-after-days takes "
				        "1..365\n");
				return 2;
			}
			schedule.remind_after_days = (int)n;
			break;
		}
		case 'H': {
			char *end;
			long n = strtol(optarg, &end, 10);
			if (!*optarg || *end || n < 0 || n > 23) {
				fprintf(stderr, "samplan: --summary-hour takes 0..23\n");
				return 2;
			}
			schedule.summary_hour = (int)n;
			break;
		}
		case 'M':
			if (strcmp(optarg, "on") && strcmp(optarg, "off")) {
				fprintf(stderr, "samplan: --mail-schedule takes on or "
				        "off\n");
				return 2;
			}
			scheduled = !strcmp(optarg, "on");
			break;
		case 'Q': cfg.count_queries = true; break;
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
	if (cfg.citizen_auth_header && !cfg.trusted_proxy) {
		fprintf(stderr, "samplan: --citizen-auth-header needs "
		        "--trusted-proxy: the header is believed only from that "
		        "address\n");
		return 2;
	}
	if (mail.smtp_url && !mail.from) {
		fprintf(stderr, "samplan: --smtp needs --smtp-from ADDR\n");
		return 2;
	}
	if (!mail.smtp_url && (mail.from || mail.user || password_file ||
	                       mail.require_tls || mail.backoff_base_s ||
	                       mail.ca_file)) {
		fprintf(stderr, "samplan: the --smtp-* options need --smtp URL\n");
		return 2;
	}
	if (!mail.user != !password_file) {
		fprintf(stderr, "samplan: --smtp-user and --smtp-password-file "
		        "go together\n");
		return 2;
	}
	if (password_file) {
		FILE *f = fopen(password_file, "r");
		if (!f || !fgets(password, sizeof password, f)) {
			fprintf(stderr, "samplan: cannot read the SMTP password from "
			        "%s\n", password_file);
			if (f)
				fclose(f);
			return 2;
		}
		fclose(f);
		password[strcspn(password, "\r\n")] = '\0';
		mail.password = password;
	}
	cfg.db_url = cli_db_url(db_opt);
	cfg.listen = listen && *listen ? listen : "127.0.0.1:8080";

	/* Migrate once before serving; workers open their own connections. */
	struct db *db = cli_open(cfg.db_url);
	if (!db)
		return 1;
	db_close(db);
	static_init();
	/* libcurl is initialised before any thread starts. */
	if (mail.smtp_url && curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) {
		fprintf(stderr, "samplan: cannot initialise libcurl\n");
		return 1;
	}

	/* Request arenas grow past malloc's mmap threshold (128 KiB); keep
	 * them on the heap so each request does not map and unmap pages. */
	mallopt(M_MMAP_THRESHOLD, 64 * 1024 * 1024);
	/* Reads' audit records are written by one group-commit thread. */
	if (!audit_group_start(cfg.db_url))
		return 1;
	/* The outbox's sender, when there is an SMTP server to send to;
	 * without one, messages wait in the outbox. */
	if (mail.smtp_url) {
		mail.db_url = cfg.db_url;
		if (!mail_sender_start(&mail)) {
			audit_group_stop();
			return 1;
		}
	}
	/* Reminders and summaries are queued with or without SMTP: without
	 * it they wait in the outbox like everything else. */
	if (scheduled) {
		schedule.db_url = cfg.db_url;
		if (!mail_schedule_start(&schedule)) {
			mail_sender_stop();
			audit_group_stop();
			return 1;
		}
	}
	char err[512];
	int status = server_run(&cfg, err, sizeof err);
	mail_schedule_stop();
	mail_sender_stop();
	audit_group_stop();
	doc_render_pdf_shutdown(); /* the workers are gone: no render runs */
	if (mail.smtp_url)
		curl_global_cleanup();
	if (status != 0) {
		fprintf(stderr, "samplan: %s\n", err);
		return 1;
	}
	return 0;
}
