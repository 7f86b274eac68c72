/*
 * cli.h — the subcommands of `samplan`, one file each in src/cli/.
 *
 * Each returns the process exit status (0 success, 1 failure, 2 usage);
 * main.c is the only place that exits. Errors go to stderr in plain
 * words; what a command creates goes to stdout.
 */
#ifndef SAMPLAN_CLI_H
#define SAMPLAN_CLI_H

#include <stdbool.h>

#include "base/arena.h"
#include "base/problem.h"
#include "sip/ctx.h"

struct db;

int cli_serve(int argc, char **argv);
int cli_init(int argc, char **argv);
int cli_user(int argc, char **argv);
int cli_unit(int argc, char **argv);
int cli_token(int argc, char **argv);
int cli_citizen(int argc, char **argv);
int cli_demo(int argc, char **argv);
int cli_gen(int argc, char **argv);
int cli_audit(int argc, char **argv);
int cli_mail(int argc, char **argv);

/* ---- shared by the subcommands (cli_common.c) ---- */

/* The database URL: --db, else $SAMPLAN_DB, else sqlite:var/samplan.db. */
const char *cli_db_url(const char *option);

/* Open the database and bring its schema up to date; NULL (with a
 * message on stderr) on failure. For SQLite the directory is created.
 * Then the audit records from before the hash chain are chained (once);
 * a database whose chain head is gone is refused. */
struct db *cli_open(const char *url);
/* The same without the chain step (samplan audit, which must be able to
 * open a database whose chain is damaged in order to say how). */
struct db *cli_open_schema(const char *url);

/* A console context: user NULL (the operator), language Swedish unless
 * $SAMPLAN_LANG says "en", client address "cli". */
struct cli_session {
	struct arena arena;
	struct problem problem;
	struct ctx ctx;
};
void cli_session_begin(struct cli_session *s, struct db *db);
void cli_session_end(struct cli_session *s);
/* Print a problem (detail and field errors) to stderr; returns 1. */
int cli_report(const struct problem *p);

/* Read one line (a password) from stdin without its newline; NULL on
 * EOF. Returned string is in the arena. */
char *cli_read_line(struct arena *a);

#endif
