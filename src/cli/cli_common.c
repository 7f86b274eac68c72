/*
 * cli_common.c — shared helpers of the subcommands (see cli.h).
 */
#include "cli/cli.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "audit/chain.h"
#include "base/embed.h"
#include "base/limits.h"
#include "base/log.h"
#include "sip/plan_doc.h"
#include "store/db.h"
#include "store/migrate.h"

const char *cli_db_url(const char *option)
{
	if (option && *option)
		return option;
	const char *env = getenv("SAMPLAN_DB");
	if (env && *env)
		return env;
	return "sqlite:var/samplan.db";
}

/* mkdir -p for the directory part of a path. */
static void make_parent_dirs(const char *path)
{
	char dir[4096];
	const char *slash = strrchr(path, '/');
	if (!slash || (size_t)(slash - path) >= sizeof dir)
		return;
	memcpy(dir, path, (size_t)(slash - path));
	dir[slash - path] = '\0';
	for (char *p = dir + 1; *p; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		mkdir(dir, 0750);
		*p = '/';
	}
	mkdir(dir, 0750);
}

struct db *cli_open_schema(const char *url)
{
	if (strncmp(url, "sqlite:", 7) == 0)
		make_parent_dirs(url + 7);
	char err[512];
	struct db *db = db_open(url, err, sizeof err);
	if (!db) {
		fprintf(stderr, "samplan: %s\n", err);
		return NULL;
	}
	int applied = 0;
	if (migrate_apply(db, embedded_sql, &applied, err, sizeof err) != DB_OK) {
		fprintf(stderr, "samplan: %s\n", err);
		db_close(db);
		return NULL;
	}
	return db;
}

struct db *cli_open(const char *url)
{
	struct db *db = cli_open_schema(url);
	if (!db)
		return NULL;
	/* Records from before the audit chain get their place in it now,
	 * once (chain.h). */
	if (audit_chain_prepare(db) != DB_OK) {
		fprintf(stderr, "samplan: cannot chain the audit log (see "
		                "'samplan audit verify'): %s\n", db_errmsg(db));
		db_close(db);
		return NULL;
	}
	/* Versions written before their documents were stored (0016) get
	 * them now, once. */
	struct cli_session s;
	cli_session_begin(&s, db);
	int written = 0;
	bool ok = plan_doc_backfill(&s.ctx, &written);
	if (!ok)
		cli_report(&s.problem);
	else if (written)
		log_info("stored the documents of %d plan versions", written);
	cli_session_end(&s);
	if (!ok) {
		db_close(db);
		return NULL;
	}
	return db;
}

void cli_session_begin(struct cli_session *s, struct db *db)
{
	memset(s, 0, sizeof *s);
	arena_init(&s->arena, LIMIT_REQUEST_ARENA);
	const char *lang = getenv("SAMPLAN_LANG");
	s->ctx = (struct ctx){
		.actor = ACTOR_CONSOLE,
		.db = db,
		.arena = &s->arena,
		.problem = &s->problem,
		.user = NULL,
		.client_addr = "cli",
		.lang = lang && strcmp(lang, "en") == 0 ? "en" : "sv",
		.now = (int64_t)time(NULL),
	};
}

void cli_session_end(struct cli_session *s) { arena_free(&s->arena); }

int cli_report(const struct problem *p)
{
	if (p->detail)
		fprintf(stderr, "samplan: %s\n", p->detail);
	for (int i = 0; i < p->nfields; i++)
		fprintf(stderr, "samplan: %s: %s\n", p->fields[i].field,
		        p->fields[i].message);
	if (!p->detail && !p->nfields)
		fprintf(stderr, "samplan: failed\n");
	return 1;
}

char *cli_read_line(struct arena *a)
{
	char line[LIMIT_PASSWORD + 2];
	if (!fgets(line, sizeof line, stdin))
		return NULL;
	size_t n = strcspn(line, "\r\n");
	line[n] = '\0';
	return arena_strdup(a, line);
}
