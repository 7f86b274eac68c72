/*
 * cli_audit.c — `samplan audit verify|anchor`: check the audit log's hash
 * chain (src/audit/chain.h) and print its head for safekeeping.
 *
 * verify exits 0 with one summary line when the chain is intact, and 1
 * naming the first broken record otherwise (also when the database
 * cannot be read), so a cron job or monitoring check can act on it.
 */
#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "audit/chain.h"
#include "cli/cli.h"
#include "store/db.h"

static const char usage[] =
	"usage: samplan audit verify [--db URL] [--anchor SEQ:HASH]\n"
	"       samplan audit anchor [--db URL]\n"
	"verify walks the audit log's hash chain, checks every record's hash\n"
	"and link, and names the first broken record: content changed, record\n"
	"missing, record inserted, link broken, head or anchor no longer\n"
	"matches; then it recomputes each list record's digest from its\n"
	"subjects (audit_subject): subjects changed, subjects without a\n"
	"record. Exit status 0: intact; 1: broken or unreadable.\n"
	"anchor prints the chain's head as SEQ:HASH. Keep it outside the\n"
	"database (daily, e.g. from cron) and pass it to verify --anchor: it\n"
	"proves that no record up to SEQ was removed or rewritten since.\n";

static int verify(struct db *db, const char *anchor_text)
{
	struct audit_head anchor;
	if (anchor_text && !audit_anchor_parse(anchor_text, &anchor)) {
		fprintf(stderr, "samplan: --anchor must be SEQ:HASH as printed by "
		                "'samplan audit anchor' (64 lower-case hex "
		                "digits)\n");
		return 2;
	}
	struct audit_verdict v;
	int rc = audit_verify(db, anchor_text ? &anchor : NULL, &v);
	if (rc != DB_OK) {
		fprintf(stderr, "samplan: cannot read the audit log: %s\n",
		        db_errmsg(db));
		return 1;
	}
	if (v.fault != AUDIT_INTACT) {
		printf("audit log BROKEN: %" PRId64 " records checked before the "
		       "first broken one\n", v.checked);
		if (v.fault == AUDIT_SUBJECTS_ORPHANED)
			printf("first broken record: subject rows of id %" PRId64
			       ": %s\n", v.id, audit_fault_name(v.fault));
		else if (v.fault == AUDIT_HEAD_MISMATCH && !v.id)
			printf("first broken record: the chain's head: %s\n",
			       audit_fault_name(v.fault));
		else if (!v.seq)
			printf("first broken record: id %" PRId64 " (no sequence "
			       "number): %s\n", v.id, audit_fault_name(v.fault));
		else if (!v.id)
			printf("first broken record: seq %" PRId64 " (missing): %s\n",
			       v.seq, audit_fault_name(v.fault));
		else
			printf("first broken record: seq %" PRId64 ", id %" PRId64
			       ": %s\n", v.seq, v.id, audit_fault_name(v.fault));
		printf("%s\n", v.why);
		return 1;
	}
	printf("audit log intact: %" PRId64 " records checked, head %" PRId64
	       ":%s%s; %" PRId64 " subjects of list records checked\n",
	       v.checked, v.head.seq, v.head.hash,
	       anchor_text ? ", anchor matches" : "", v.subjects);
	return 0;
}

static int anchor(struct db *db)
{
	struct audit_head head;
	if (audit_chain_head(db, &head) != DB_OK) {
		fprintf(stderr, "samplan: cannot read the audit log's head: %s\n",
		        db_errmsg(db));
		return 1;
	}
	printf("%" PRId64 ":%s\n", head.seq, head.hash);
	return 0;
}

int cli_audit(int argc, char **argv)
{
	static const struct option opts[] = {
		{"db", required_argument, NULL, 'd'},
		{"anchor", required_argument, NULL, 'a'},
		{"help", no_argument, NULL, 'h'},
		{0, 0, 0, 0},
	};
	if (argc < 2) {
		fputs(usage, stderr);
		return 2;
	}
	const char *cmd = argv[1];
	if (strcmp(cmd, "--help") == 0 || strcmp(cmd, "-h") == 0) {
		fputs(usage, stdout);
		return 0;
	}
	const char *db_opt = NULL, *anchor_text = NULL;
	optind = 2;
	int c;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'd': db_opt = optarg; break;
		case 'a': anchor_text = optarg; break;
		case 'h': fputs(usage, stdout); return 0;
		default: fputs(usage, stderr); return 2;
		}
	}
	bool is_verify = strcmp(cmd, "verify") == 0;
	if ((!is_verify && strcmp(cmd, "anchor") != 0) || optind != argc ||
	    (!is_verify && anchor_text)) {
		fputs(usage, stderr);
		return 2;
	}
	struct db *db = cli_open_schema(cli_db_url(db_opt));
	if (!db)
		return 1;
	/* Chain the records from before the chain, as cli_open does; if the
	 * head is damaged this fails, and verify says how. */
	audit_chain_prepare(db);
	int status = is_verify ? verify(db, anchor_text) : anchor(db);
	db_close(db);
	return status;
}
