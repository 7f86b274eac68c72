/*
 * test_query_plans.c — every query on a hot path uses an index, on both
 * backends.
 *
 * On a generated database (samplan gen), the test runs the hot paths of
 * the server as the busy coordinator does — API token and session
 * lookup, loading the user, reading a whole plan, the work lists, finding
 * a person, the invitations waiting for a reply, and replying — with the
 * connection's query trace on, so it examines exactly the SQL those
 * paths run, not a list kept by hand. Each SELECT, UPDATE and DELETE is
 * then explained:
 *   SQLite      EXPLAIN QUERY PLAN: no "SCAN" of a table (a SEARCH
 *               through an index or the primary key is what we want);
 *   PostgreSQL  EXPLAIN EXECUTE of the statement's generic plan with
 *               sequential scans, merge and hash joins switched off: if a
 *               "Seq Scan", or an index scan without an index condition,
 *               remains, no index can serve that lookup.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/gen.h"
#include "sip/auth.h"
#include "sip/deviation.h"
#include "sip/closing.h"
#include "sip/person.h"
#include "sip/plan.h"
#include "sip/secret.h"
#include "sip/user.h"
#include "store/db.h"
#include "store/db_internal.h"
#include "support/testdb.h"

enum { MAX_SQL = 256 };

static char *seen[MAX_SQL];
static int nseen;

static void trace(void *arg, const char *sql)
{
	(void)arg;
	for (int i = 0; i < nseen; i++)
		if (strcmp(seen[i], sql) == 0)
			return;
	if (nseen < MAX_SQL)
		seen[nseen++] = strdup(sql);
}

static bool examined(const char *sql)
{
	while (*sql == ' ')
		sql++;
	return strncmp(sql, "SELECT", 6) == 0 || strncmp(sql, "UPDATE", 6) == 0 ||
	       strncmp(sql, "DELETE", 6) == 0;
}

/* SQLite: rows of EXPLAIN QUERY PLAN; a finding per full table scan. */
static int explain_sqlite(struct db *db, const char *sql)
{
	char *q = malloc(strlen(sql) + 32);
	sprintf(q, "EXPLAIN QUERY PLAN %s", sql);
	struct stmt s;
	assert_int_equal(db_prepare(db, &s, q), DB_OK);
	int bad = 0, rc;
	for (rc = db_step(&s); rc == DB_ROW; rc = db_step(&s)) {
		const char *detail = db_column_text(&s, 3);
		/* "SCAN t" reads the whole table; "SCAN t USING INDEX" the
		 * whole index. A CTE or subquery result is small by
		 * construction: "SCAN db_rows_" is DB_ROWS (store/db.h)
		 * reading back the rows its subquery found, and "SCAN cat"
		 * the categories access_plan_view aggregates. */
		if (strncmp(detail, "SCAN ", 5) == 0 &&
		    strncmp(detail, "SCAN CONSTANT", 13) != 0 &&
		    strcmp(detail, "SCAN db_rows_") != 0 &&
		    strcmp(detail, "SCAN cat") != 0) {
			fprintf(stderr, "full scan: %s\n  in: %s\n", detail, sql);
			bad++;
		}
	}
	assert_int_equal(rc, DB_DONE);
	db_finalize(&s);
	free(q);
	return bad;
}

/* Tables of the organisation directory grow with the organisation, not
 * with plans: a few thousand rows. On tiny test data the planner may
 * read one of them whole in a nested loop (a join filter) although its
 * primary key could serve; that is a cost choice, not a missing index. */
static bool directory_table(const char *line)
{
	static const char *const tables[] = {" on principal ", " on unit ",
	                                     " on user_account ", " on user_unit "};
	for (size_t i = 0; i < sizeof tables / sizeof *tables; i++)
		if (strstr(line, tables[i]))
			return true;
	return false;
}

/* PostgreSQL: prepare, find the parameter types, explain the generic plan
 * with arguments of the right types. */
static int explain_pg(struct db *db, const char *sql)
{
	int nparams;
	char *dollar = db_sql_to_dollar(sql, &nparams);
	char *q = malloc(strlen(dollar) + 64);
	sprintf(q, "PREPARE qp AS %s", dollar);
	assert_int_equal(db_exec(db, q), DB_OK);
	struct stmt s;
	char types[1024] = "";
	assert_int_equal(db_prepare(db, &s,
		"SELECT parameter_types::text FROM pg_prepared_statements"
		" WHERE name = 'qp'"), DB_OK);
	assert_int_equal(db_step(&s), DB_ROW);
	snprintf(types, sizeof types, "%s", db_column_text(&s, 0));
	db_finalize(&s);
	/* "{bigint,text}" → "(1,'x')" */
	char args[2048] = "";
	size_t len = 0;
	char *t = types + 1;
	for (int i = 0; i < nparams; i++) {
		char *end = strpbrk(t, ",}");
		size_t n = end ? (size_t)(end - t) : strlen(t);
		bool numeric = strncmp(t, "bigint", n) == 0 ||
		               strncmp(t, "integer", n) == 0 ||
		               strncmp(t, "smallint", n) == 0;
		len += (size_t)snprintf(args + len, sizeof args - len, "%s%s",
		                        i ? "," : "(", numeric ? "1" : "'x'");
		t = end ? end + 1 : t + n;
	}
	if (nparams)
		snprintf(args + len, sizeof args - len, ")");
	char *ex = malloc(strlen(args) + 64);
	sprintf(ex, "EXPLAIN EXECUTE qp%s", args);
	assert_int_equal(db_prepare(db, &s, ex), DB_OK);
	/* A Seq Scan reads the table; an Index Scan without an "Index
	 * Cond" reads a whole index (e.g. the primary key, in order, with a
	 * filter) — no better. */
	int bad = 0, rc;
	char scan[512] = "";
	bool open_scan = false;
	for (rc = db_step(&s); rc == DB_ROW; rc = db_step(&s)) {
		const char *line = db_column_text(&s, 0);
		bool node = strstr(line, "->") || strstr(line, "Scan") ||
		            line[0] != ' ';
		if (strstr(line, "Index Cond"))
			open_scan = false;
		else if (node && open_scan) {
			fprintf(stderr, "full index scan: %s\n  in: %s\n", scan, sql);
			bad++;
			open_scan = false;
		}
		if (strstr(line, "Seq Scan on")) {
			fprintf(stderr, "full scan: %s\n  in: %s\n", line, sql);
			bad++;
		} else if ((strstr(line, "Index Scan") || strstr(line, "Index Only Scan")) &&
		           !strstr(line, "Bitmap") && !directory_table(line)) {
			snprintf(scan, sizeof scan, "%s", line);
			open_scan = true;
		}
	}
	if (open_scan) {
		fprintf(stderr, "full index scan: %s\n  in: %s\n", scan, sql);
		bad++;
	}
	if (rc != DB_DONE)
		fail_msg("%s: %s", ex, db_errmsg(db));
	db_finalize(&s);
	assert_int_equal(db_exec(db, "DEALLOCATE qp"), DB_OK);
	free(ex);
	free(q);
	free(dollar);
	return bad;
}

static void run_hot_paths(struct ctx *ctx)
{
	struct user bench;
	char *token;
	int64_t token_id, uid;
	assert_true(auth_token_create(ctx, "bench", "qp", &token, &token_id));
	assert_true(user_load_by_username(ctx, "bench", &bench, NULL));

	db_set_trace(ctx->db, trace, NULL);
	/* The dispatcher: token → user with units. */
	assert_true(auth_token_user(ctx, token, &uid));
	struct user u;
	assert_true(user_load(ctx, uid, &u));
	ctx_act_as(ctx, ACTOR_STAFF, &u);
	/* The work lists and a plan from them. */
	struct plan_summary *list;
	int n;
	assert_true(plan_list_mine(ctx, 50, &list, &n));
	assert_true(n > 0);
	assert_true(plan_list_units(ctx, 0, 50, &list, &n));
	/* The work list's deviations (issue 12): through the indexes on
	 * (unit_id, state) and (reporter_unit_id, state). */
	struct deviation *devs;
	assert_true(deviation_rows_mine(ctx, true, &devs, &n));
	struct plan p;
	assert_true(plan_get(ctx, list[0].id, &p));
	struct plan_version v;
	if (p.current)
		assert_true(plan_version_get(ctx, p.id, 1, &v));
	struct person person;
	assert_true(person_find(ctx, p.person.personnummer, "Test", &person));
	/* Replying to an invitation waiting for bench's unit. */
	struct pending_invitation *pend;
	assert_true(invitations_awaiting_me(ctx, &pend, &n));
	if (n > 0) {
		struct reply_input in = {.reply = "decline",
		                         .decline_reason = "Ingen insats"};
		int64_t plan_id;
		if (!invitation_reply(ctx, pend[0].invitation_id, &in, &plan_id))
			fail_msg("reply: %s", ctx->problem->detail
			         ? ctx->problem->detail
			         : ctx->problem->nfields ? ctx->problem->fields[0].message
			                                 : "?");
	}
	db_set_trace(ctx->db, NULL, NULL);
	ctx_act_as(ctx, ACTOR_CONSOLE, NULL);
}

static void test_hot_queries_use_indexes(void **state)
{
	struct testdb_fixture *f = *state;
	struct db *db = f->db;
	FILE *quiet = fopen("/dev/null", "w");
	struct gen_options o = {.plans = db_kind(db) == DB_SQLITE ? 3000 : 800,
	                        .seed = 7};
	o.persons = o.plans;
	assert_true(gen_run(db, &o, quiet));
	fclose(quiet);
	/* Deviations (issue 12; samplan gen writes none): one per plan,
	 * against its lead unit, so their indexes have something to serve. */
	assert_int_equal(db_exec(db,
		"INSERT INTO deviation (plan_id, unit_id, principal_id, kind,"
		" description, state, reported_at, reported_by, reporter_unit_id,"
		" answer_due, updated_at) SELECT p.id, p.lead_unit_id,"
		" u.principal_id, 'other', 'Avvikelse', CASE WHEN p.id % 3 = 0"
		" THEN 'closed' ELSE 'reported' END, 0,"
		" (SELECT MIN(id) FROM user_account), (SELECT MIN(id) FROM unit),"
		" '2099-01-01', 0 FROM plan p JOIN unit u ON u.id = p.lead_unit_id"),
		DB_OK);
	if (db_kind(db) == DB_SQLITE)
		assert_int_equal(db_exec(db, "ANALYZE"), DB_OK);
	else
		/* A small test database makes scans cheap; what matters is
		 * whether an index could serve each lookup at scale, so the
		 * planner is told to prefer index lookups in nested loops. */
		assert_int_equal(db_exec(db, "ANALYZE; SET plan_cache_mode ="
		                             " force_generic_plan;"
		                             " SET enable_seqscan = off;"
		                             " SET enable_mergejoin = off;"
		                             " SET enable_hashjoin = off"), DB_OK);
	nseen = 0;
	run_hot_paths(&f->t.ctx);
	assert_true(nseen > 20); /* the trace really saw the paths */
	int bad = 0, checked = 0;
	for (int i = 0; i < nseen; i++) {
		if (!examined(seen[i]))
			continue;
		checked++;
		bad += db_kind(db) == DB_SQLITE ? explain_sqlite(db, seen[i])
		                                : explain_pg(db, seen[i]);
	}
	fprintf(stderr, "%d queries examined on %s\n", checked, db_kind_name(db));
	for (int i = 0; i < nseen; i++)
		free(seen[i]);
	assert_int_equal(bad, 0);
}

/* Several plans share a person, as in `make bench`'s data set (100 000
 * plans, fewer persons): a unit that may not read a person's record
 * starts its plan with the personnummer, as the pages do. */
static void test_gen_with_shared_persons(void **state)
{
	struct testdb_fixture *f = *state;
	FILE *quiet = fopen("/dev/null", "w");
	struct gen_options o = {.plans = 300, .persons = 60, .seed = 11};
	assert_true(gen_run(f->db, &o, quiet));
	fclose(quiet);
	int64_t plans = 0, persons = 0;
	assert_int_equal(db_query_int64(f->db, "SELECT COUNT(*) FROM plan",
	                                &plans), DB_OK);
	assert_int_equal(db_query_int64(f->db, "SELECT COUNT(*) FROM person",
	                                &persons), DB_OK);
	assert_int_equal(plans, 300);
	assert_true(persons <= 60 && persons < plans);
}

/* The one integer sql returns; a failing query fails the test. */
static int64_t count_of(struct db *db, const char *sql)
{
	int64_t n = -1;
	if (db_query_int64(db, sql, &n) != DB_OK)
		fail_msg("query failed: %s: %s", sql, db_errmsg(db));
	return n;
}

/* What the agreement's statistics read is there, and consistent: each
 * fact follows what it follows and none lies after the data set's
 * "today" (2026-11-01 12:00 UTC, GEN_EPOCH). */
static void test_gen_statistics_data(void **state)
{
	struct testdb_fixture *f = *state;
	struct db *db = f->db;
	FILE *quiet = fopen("/dev/null", "w");
	struct gen_options o = {.plans = 300, .persons = 300, .seed = 5};
	assert_true(gen_run(db, &o, quiet));
	fclose(quiet);
	if (db_kind(db) == DB_SQLITE) {
		/* gen writes without foreign-key look-ups: none may dangle. */
		struct stmt s;
		db_prepare(db, &s, "PRAGMA foreign_key_check");
		assert_int_equal(db_step(&s), DB_DONE);
		db_finalize(&s);
	}
	/* Deviations in every state of the workflow, each with one event
	 * per step taken, in order, answered after reported. */
	static const char *const in_state[] = {
		"SELECT COUNT(*) FROM deviation WHERE state = 'reported'",
		"SELECT COUNT(*) FROM deviation WHERE state = 'received'",
		"SELECT COUNT(*) FROM deviation WHERE state = 'investigating'",
		"SELECT COUNT(*) FROM deviation WHERE state = 'answered'",
		"SELECT COUNT(*) FROM deviation WHERE state = 'closed'",
	};
	for (size_t k = 0; k < sizeof in_state / sizeof *in_state; k++)
		assert_true(count_of(db, in_state[k]) > 0);
	assert_true(count_of(db, "SELECT COUNT(DISTINCT kind) FROM deviation") >= 4);
	assert_int_equal(count_of(db,
		"SELECT COUNT(*) FROM deviation WHERE answered_at <= reported_at"
		" OR received_at < reported_at OR investigating_at < received_at"
		" OR closed_at < answered_at OR updated_at > 1793534400"
		" OR (state = 'closed') <> (closed_at IS NOT NULL)"
		" OR (state IN ('answered', 'closed')) <> (answer IS NOT NULL)"
		" OR (state = 'reported') <> (handler_user_id IS NULL)"), 0);
	assert_int_equal(count_of(db,
		"SELECT COUNT(*) FROM deviation d WHERE (SELECT COUNT(*)"
		" FROM deviation_event e WHERE e.deviation_id = d.id) <>"
		" CASE d.state WHEN 'reported' THEN 1 WHEN 'received' THEN 2"
		" WHEN 'investigating' THEN 3 WHEN 'answered' THEN 4 ELSE 5 END"),
		0);
	assert_int_equal(count_of(db,
		"SELECT COUNT(*) FROM deviation_event e JOIN deviation d"
		" ON d.id = e.deviation_id WHERE e.at < d.reported_at"
		" OR e.at > d.updated_at"), 0);
	/* Some answered after their 60 days, some overdue and unanswered. */
	assert_true(count_of(db,
		"SELECT COUNT(*) FROM deviation WHERE answered_at >"
		" reported_at + 61 * 86400") > 0);
	assert_true(count_of(db,
		"SELECT COUNT(*) FROM deviation WHERE answered_at IS NULL"
		" AND answer_due < '2026-11-01'") > 0);
	/* An unanswered-invitation deviation names an unanswered one. */
	assert_int_equal(count_of(db,
		"SELECT COUNT(*) FROM deviation d LEFT JOIN invitation i"
		" ON i.id = d.invitation_id WHERE d.kind = 'invitation_unanswered'"
		" AND (i.id IS NULL OR i.reply IS NOT NULL OR i.unit_id <> d.unit_id)"),
		0);
	/* Every follow-up after its plan was written at the meeting, some
	 * late (a follow-up date is 90 days after the meeting); goal
	 * results of every kind. */
	assert_int_equal(count_of(db,
		"SELECT COUNT(*) FROM follow_up f JOIN plan_version v"
		" ON v.plan_id = f.plan_id AND v.version_no = 1"
		" WHERE f.started_at <= v.established_at"
		" OR f.started_at > 1793534400"), 0);
	assert_true(count_of(db,
		"SELECT COUNT(*) FROM follow_up f JOIN plan_version v"
		" ON v.plan_id = f.plan_id AND v.version_no = 1"
		" WHERE f.started_at > v.established_at + 97 * 86400") > 0);
	assert_int_equal(count_of(db,
		"SELECT COUNT(DISTINCT result) FROM follow_up_goal_result"), 4);
	assert_true(count_of(db,
		"SELECT COUNT(*) FROM follow_up_intervention_result") > 0);
	/* Closings: several reasons; closing notes after the closing, some
	 * principals still owing theirs. */
	assert_true(count_of(db,
		"SELECT COUNT(DISTINCT closed_reason) FROM plan") >= 4);
	assert_true(count_of(db, "SELECT COUNT(*) FROM plan_closing_note") > 0);
	assert_int_equal(count_of(db,
		"SELECT COUNT(*) FROM plan_closing_note n JOIN plan p"
		" ON p.id = n.plan_id WHERE n.created_at < p.closed_at"
		" OR n.created_at > 1793534400"), 0);
	assert_true(count_of(db,
		"SELECT COUNT(*) FROM plan p WHERE p.state = 'closed' AND"
		" (SELECT COUNT(*) FROM plan_closing_note n WHERE n.plan_id = p.id)"
		" < (SELECT COUNT(*) FROM (" CLOSING_PRINCIPALS_OWING_SQL("p.id")
		" GROUP BY pr_o.id) owing)") > 0);
	assert_true(count_of(db,
		"SELECT COUNT(DISTINCT declined_reason) FROM plan") >= 2);
	/* Discharges invited within three days and beyond; parties that
	 * never answered in plans that went on without them. */
	static const char *const discharge =
		"SELECT COUNT(*) FROM plan p WHERE p.is_discharge = 1 AND"
		" (SELECT MIN(i.created_at) FROM invitation i WHERE i.plan_id = p.id)";
	char sql[512];
	snprintf(sql, sizeof sql, "%s <= p.need_assessed_at + 3 * 86400", discharge);
	assert_true(count_of(db, sql) > 0);
	snprintf(sql, sizeof sql, "%s > p.need_assessed_at + 3 * 86400", discharge);
	assert_true(count_of(db, sql) > 0);
	assert_true(count_of(db,
		"SELECT COUNT(*) FROM invitation i JOIN plan p ON p.id = i.plan_id"
		" WHERE i.reply IS NULL AND p.state IN ('active', 'follow_up',"
		" 'closed')") > 0);
	/* Evaluations of held meetings only, after the meeting. */
	assert_true(count_of(db, "SELECT COUNT(*) FROM meeting_evaluation") > 0);
	assert_int_equal(count_of(db,
		"SELECT COUNT(*) FROM meeting_evaluation e JOIN meeting m"
		" ON m.id = e.meeting_id JOIN plan_version v ON v.meeting_id = m.id"
		" WHERE m.held = 0 OR e.created_at < v.established_at"
		" OR e.created_at > 1793534400 OR e.plan_id <> m.plan_id"), 0);
	/* Anonymous feedback on both channels; a feedback_given row for each
	 * digital answer and none for paper; the keys are random, not a
	 * counter that would tell the order of the answers. */
	int64_t digital = count_of(db,
		"SELECT COUNT(*) FROM feedback_answer WHERE channel = 'digital'");
	assert_true(digital > 0);
	assert_true(count_of(db,
		"SELECT COUNT(*) FROM feedback_answer WHERE channel = 'paper'") > 0);
	assert_int_equal(count_of(db, "SELECT COUNT(*) FROM feedback_given"),
	                 digital);
	assert_int_equal(count_of(db,
		"SELECT COUNT(*) FROM feedback_answer WHERE LENGTH(id) <> 32"), 0);
	/* "This year" has data: the last year before today. */
	assert_true(count_of(db, "SELECT COUNT(*) FROM plan"
	                         " WHERE need_assessed_at > 1767225600") > 0);
}

int main(void)
{
	if (!secret_init())
		return 1;
	const struct CMUnitTest tests[] = {
		testdb_test(test_hot_queries_use_indexes),
		testdb_test(test_gen_with_shared_persons),
		testdb_test(test_gen_statistics_data),
	};
	return testdb_run_groups(tests, sizeof tests / sizeof *tests);
}
