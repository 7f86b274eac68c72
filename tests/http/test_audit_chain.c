/*
 * test_audit_chain.c — the audit log as the server and the operator see
 * it (src/audit/): a refused read of a plan or person answers exactly as
 * before and leaves an attempt record, also when it refused a write;
 * `samplan audit verify` accepts the log the server wrote and names the
 * record that was edited with plain SQL, also after the work list's
 * records went in as one multi-row insert; `samplan audit anchor` prints a
 * head that verify later holds the database to.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"

static struct ht_server srv;
static struct arena scratch;

enum { ANNA_PLAN = 1, NO_SUCH_ID = 999999 };
#define ANNA_PNR "199903152388"
#define HSA_OLLE "SE2120002122-IFO1" /* Smedjebacken (olle) */

static int group_setup(void **state)
{
	(void)state;
	arena_init(&scratch, 1 << 20);
	return ht_server_start(&srv, &(struct ht_server_opts){.demo = true}) ? 0
	                                                                     : -1;
}

static int group_teardown(void **state)
{
	(void)state;
	int rc = ht_server_stop(&srv);
	arena_free(&scratch);
	return rc == 0 ? 0 : -1;
}

/* Two problem answers that say the same, but for their instance. */
static void assert_same_404(const struct ht_response *a,
                            const struct ht_response *b)
{
	ht_assert_status(a, 404);
	ht_assert_status(b, 404);
	ht_assert_same_json(a, b, "instance");
}

static int64_t attempts(const char *action, const char *column, int64_t id)
{
	return ht_sql_int(&srv, ht_fmt(&srv, "SELECT COUNT(*) FROM audit_log WHERE"
	                               " action = ? AND %s = %lld", column,
	                               (long long)id), action);
}

/* The last attempt record: who, which unit, from where. */
static void assert_last_attempt(const char *action, int64_t user, int64_t unit)
{
	const char *last = ht_fmt(&srv, "(SELECT MAX(id) FROM audit_log WHERE action = '%s')",
	                          action);
	assert_int_equal(ht_sql_int(&srv, ht_fmt(&srv, "SELECT user_id FROM audit_log"
	                                         " WHERE id = %s", last), NULL), user);
	assert_int_equal(ht_sql_int(&srv, ht_fmt(&srv, "SELECT unit_id FROM audit_log"
	                                         " WHERE id = %s", last), NULL), unit);
	assert_string_equal(ht_sql_text(&srv, ht_fmt(&srv, "SELECT client_addr FROM"
	                                             " audit_log WHERE id = %s", last),
	                                NULL),
	                    "127.0.0.1");
}

static void verify_ok(void)
{
	char *out = NULL;
	int status = ht_samplan(&srv, &out, "audit", "verify", NULL);
	if (status != 0)
		fail_msg("samplan audit verify exited %d: %s", status, out);
	ht_assert_contains(out, "audit log intact: ");
}

/* olle, of an unrelated municipality, asks for Anna's plan and record:
 * the same 404 as for things that do not exist, and an attempt record
 * each time — also when the refusal stopped a write, whose transaction
 * rolled back. */
static void test_refused_reads_leave_attempts(void **state)
{
	(void)state;
	int64_t olle = ht_user_id(&srv, "olle");
	int64_t unit = ht_sql_int(&srv, "SELECT id FROM unit WHERE hsa_id = ?",
	                          HSA_OLLE);
	int64_t anna = ht_sql_int(&srv, "SELECT id FROM person WHERE personnummer"
	                                " = ?", ANNA_PNR);
	struct ht_client *api = ht_client_new(&srv);
	ht_client_bearer(api, ht_token_create(&srv, "olle"));

	int64_t before = attempts("plan.read.refused", "plan_id", ANNA_PLAN);
	assert_same_404(ht_get(api, "/api/v1/plans/1"),
	                ht_get(api, ht_fmt(&srv, "/api/v1/plans/%d", NO_SUCH_ID)));
	assert_int_equal(attempts("plan.read.refused", "plan_id", ANNA_PLAN),
	                 before + 1);
	assert_int_equal(attempts("plan.read.refused", "plan_id", NO_SUCH_ID), 1);
	assert_last_attempt("plan.read.refused", olle, unit);
	assert_int_equal(ht_sql_int(&srv, "SELECT COUNT(*) FROM audit_log WHERE"
	                                  " action = 'plan.read' AND user_id = ?",
	                            ht_fmt(&srv, "%lld", (long long)olle)), 0);

	/* The page. */
	struct ht_client *web = ht_client_new(&srv);
	assert_true(ht_login(web, "olle", HT_DEMO_PASSWORD));
	ht_assert_status(ht_get(web, "/plans/1"), 404);
	assert_int_equal(attempts("plan.read.refused", "plan_id", ANNA_PLAN),
	                 before + 2);

	/* Anna's record. */
	assert_same_404(ht_get(api, ht_fmt(&srv, "/api/v1/persons/%lld", (long long)anna)),
	                ht_get(api, ht_fmt(&srv, "/api/v1/persons/%d", NO_SUCH_ID)));
	assert_int_equal(attempts("person.read.refused", "person_id", anna), 1);
	assert_last_attempt("person.read.refused", olle, unit);

	/* A step refused inside its write transaction: nothing changed,
	 * the attempt stays. */
	const char *state_before = ht_sql_text(&srv, "SELECT state FROM plan"
	                                             " WHERE id = 1", NULL);
	ht_assert_status(ht_post_json(api, "/api/v1/plans/1/close",
	                              "{\"reason\":\"other\",\"note\":\"x\"}", NULL),
	                 404);
	assert_int_equal(attempts("plan.read.refused", "plan_id", ANNA_PLAN),
	                 before + 3);
	assert_string_equal(ht_sql_text(&srv, "SELECT state FROM plan WHERE id = 1",
	                                NULL), state_before);
	verify_ok();
	ht_client_free(web);
	ht_client_free(api);
}

/* The log the server wrote verifies; a record edited with plain SQL is
 * named by seq and id, and verify exits non-zero. */
static void test_verify_names_edited_record(void **state)
{
	(void)state;
	struct ht_client *eva = ht_client_new(&srv);
	ht_client_bearer(eva, ht_token_create(&srv, "eva"));
	for (int i = 0; i < 3; i++)
		ht_assert_status(ht_get(eva, "/api/v1/plans/1"), 200);
	ht_client_free(eva);
	verify_ok();

	int64_t id = ht_sql_int(&srv, "SELECT id FROM audit_log WHERE seq = 5", NULL);
	const char *action = ht_sql_text(&srv, "SELECT action FROM audit_log"
	                                       " WHERE seq = 5", NULL);
	assert_true(id > 0 && action);
	action = arena_strdup(&scratch, action);
	assert_int_equal(ht_sql_exec(&srv, "UPDATE audit_log SET action ="
	                                   " 'session.logout' WHERE seq = 5", NULL),
	                 1);
	char *out = NULL;
	assert_int_equal(ht_samplan(&srv, &out, "audit", "verify", NULL), 1);
	ht_assert_contains(out, ht_fmt(&srv, "first broken record: seq 5, id %lld: content "
	                               "changed", (long long)id));
	ht_assert_contains(out, "4 records checked before the first broken one");
	/* Put back, it verifies again: the hash covers exactly the content. */
	assert_int_equal(ht_sql_exec(&srv, "UPDATE audit_log SET action = ?"
	                                   " WHERE seq = 5", action), 1);
	verify_ok();

	/* A malformed anchor is a usage error, not a verdict. */
	assert_int_equal(ht_samplan(&srv, NULL, "audit", "verify", "--anchor",
	                            "12:zz", NULL), 2);
}

/* audit_subject refuses UPDATE and DELETE (0018); a tamper test lifts
 * that first, as someone with the database's owner rights could. */
static void allow_subject_tampering(void)
{
	if (ht_backend() == DB_POSTGRESQL) {
		ht_sql_exec(&srv, "DROP TRIGGER IF EXISTS audit_subject_no_change"
		                  " ON audit_subject", NULL);
	} else {
		ht_sql_exec(&srv, "DROP TRIGGER IF EXISTS audit_subject_no_update",
		            NULL);
		ht_sql_exec(&srv, "DROP TRIGGER IF EXISTS audit_subject_no_delete",
		            NULL);
	}
}

/* The work list's records of one request are ONE multi-row insert
 * (audit_chain_append_many): one plan.list record per request, with its
 * plans as subjects; consecutive seq numbers, ids in the same order, and
 * the chain still verifies — on the page and through the API, several
 * times over. */
static void test_work_list_records_in_one_insert(void **state)
{
	(void)state;
	struct ht_client *web = ht_logged_in(&srv, "eva");
	struct ht_client *api = ht_client_new(&srv);
	ht_client_bearer(api, ht_token_create(&srv, "eva"));
	for (int i = 0; i < 3; i++) {
		int64_t before = ht_sql_int(&srv, "SELECT COALESCE(MAX(seq), 0) FROM"
		                                  " audit_log", NULL);
		ht_assert_page(ht_get(web, "/"), 200);
		ht_assert_status(ht_get(api, "/api/v1/worklist"), 200);
		const char *after = ht_fmt(&srv, "%lld", (long long)before);
		int64_t lists = ht_sql_int(&srv, "SELECT COUNT(*) FROM audit_log WHERE"
		                                 " seq > ? AND action = 'plan.list'",
		                           after);
		/* One list record per read; eva works with several demo
		 * plans, all of them its subjects. */
		assert_int_equal(lists, 2);
		assert_true(ht_sql_int(&srv, "SELECT COUNT(*) FROM audit_subject x"
		                             " JOIN audit_log a ON a.id = x.audit_id"
		                             " WHERE a.seq > ? AND a.action ="
		                             " 'plan.list'", after) >= 4);
		/* No gaps, and ids follow seq. */
		assert_int_equal(ht_sql_int(&srv, "SELECT MAX(seq) - MIN(seq) + 1 -"
		                                  " COUNT(*) FROM audit_log WHERE seq > ?",
		                            after), 0);
		assert_int_equal(ht_sql_int(&srv, "SELECT COUNT(*) FROM audit_log a"
		                                  " JOIN audit_log b ON b.seq = a.seq + 1"
		                                  " WHERE a.seq > ? AND b.id < a.id",
		                            after), 0);
		verify_ok();
	}
	ht_client_free(web);
	ht_client_free(api);
}

/* The subjects of a work list's record are covered by the chain: a
 * subject row the server wrote, changed, removed or added with plain SQL
 * (past the triggers that refuse it), and `samplan audit verify` names
 * the record and exits 1; put back, it verifies again. */
static void test_tampered_subject_found(void **state)
{
	(void)state;
	struct ht_client *api = ht_api_as(&srv, "eva");
	ht_assert_status(ht_get(api, "/api/v1/worklist"), 200);
	ht_client_free(api);
	verify_ok();
	const char *rec = ht_sql_text(&srv, "SELECT CAST(MAX(id) AS TEXT) FROM"
	                                    " audit_log WHERE action = 'plan.list'",
	                              NULL);
	rec = arena_strdup(&scratch, rec);
	long long seq = ht_sql_int(&srv, "SELECT seq FROM audit_log WHERE id = ?", rec);
	const char *want = ht_fmt(&srv, "first broken record: seq %lld, id %s:"
	                          " subjects changed", seq, rec);
	want = arena_strdup(&scratch, want);
	/* (That the database refuses UPDATE and DELETE first is shown by
	 * tests/unit/test_audit.c.) */
	allow_subject_tampering();
	char *out = NULL;
	/* Another plan for the first subject. */
	assert_int_equal(ht_sql_exec(&srv, "UPDATE audit_subject SET plan_id ="
	                                   " plan_id + 1000 WHERE audit_id = ?"
	                                   " AND k = 0", rec), 1);
	assert_int_equal(ht_samplan(&srv, &out, "audit", "verify", NULL), 1);
	ht_assert_contains(out, want);
	ht_sql_exec(&srv, "UPDATE audit_subject SET plan_id = plan_id - 1000"
	                  " WHERE audit_id = ? AND k = 0", rec);
	verify_ok();
	/* One subject more. */
	ht_sql_exec(&srv, "INSERT INTO audit_subject (audit_id, k, person_id,"
	                  " plan_id) VALUES (CAST(? AS BIGINT), 9999, 1, 1)", rec);
	assert_int_equal(ht_samplan(&srv, &out, "audit", "verify", NULL), 1);
	ht_assert_contains(out, want);
	assert_int_equal(ht_sql_exec(&srv, "DELETE FROM audit_subject WHERE"
	                                   " audit_id = ? AND k = 9999", rec), 1);
	verify_ok();
	/* One subject fewer (the last, so the rest keep their places). */
	const char *last = ht_sql_text(&srv, "SELECT CAST(MAX(k) AS TEXT) FROM"
	                                     " audit_subject WHERE audit_id = ?", rec);
	last = arena_strdup(&scratch, last);
	int64_t person = ht_sql_int(&srv, ht_fmt(&srv, "SELECT person_id FROM"
	                                         " audit_subject WHERE audit_id = ?"
	                                         " AND k = %s", last), rec);
	int64_t plan = ht_sql_int(&srv, ht_fmt(&srv, "SELECT plan_id FROM"
	                                       " audit_subject WHERE audit_id = ?"
	                                       " AND k = %s", last), rec);
	assert_int_equal(ht_sql_exec(&srv, ht_fmt(&srv, "DELETE FROM audit_subject"
	                                          " WHERE audit_id = ? AND k = %s",
	                                          last), rec), 1);
	assert_int_equal(ht_samplan(&srv, &out, "audit", "verify", NULL), 1);
	ht_assert_contains(out, want);
	ht_sql_exec(&srv, ht_fmt(&srv, "INSERT INTO audit_subject (audit_id, k,"
	                         " person_id, plan_id) VALUES (CAST(? AS BIGINT),"
	                         " %s, %lld, %lld)", last, (long long)person,
	                         (long long)plan), rec);
	verify_ok();
	/* Subjects for a record that lists nothing. */
	const char *plain = ht_sql_text(&srv, "SELECT CAST(MAX(id) AS TEXT) FROM"
	                                      " audit_log WHERE subjects_digest IS"
	                                      " NULL", NULL);
	plain = arena_strdup(&scratch, plain);
	ht_sql_exec(&srv, "INSERT INTO audit_subject (audit_id, k, person_id,"
	                  " plan_id) VALUES (CAST(? AS BIGINT), 0, 1, 1)", plain);
	assert_int_equal(ht_samplan(&srv, &out, "audit", "verify", NULL), 1);
	ht_assert_contains(out, ht_fmt(&srv, "first broken record: subject rows of"
	                               " id %s: subjects without a record", plain));
	ht_sql_exec(&srv, "DELETE FROM audit_subject WHERE audit_id = ?", plain);
	verify_ok();
}

/* An anchor printed earlier holds the database to its head: cutting the
 * tail and rewriting the head passes a plain verify but not one with the
 * anchor. (Last: it leaves the log cut.) */
static void test_anchor_catches_cut_tail(void **state)
{
	(void)state;
	char *anchor = NULL;
	assert_int_equal(ht_samplan(&srv, &anchor, "audit", "anchor", NULL), 0);
	anchor[strcspn(anchor, "\n")] = '\0';
	long long seq = strtoll(anchor, NULL, 10);
	assert_true(seq > 3);
	char *out = NULL;
	assert_int_equal(ht_samplan(&srv, &out, "audit", "verify", "--anchor",
	                            anchor, NULL), 0);
	ht_assert_contains(out, "anchor matches");

	/* Cut the last two records (and their subjects, if they are list
	 * records) and move the head back to cover it up. */
	allow_subject_tampering();
	ht_sql_exec(&srv, ht_fmt(&srv, "DELETE FROM audit_subject WHERE audit_id IN"
	                         " (SELECT id FROM audit_log WHERE seq > %lld)",
	                         seq - 2), NULL);
	assert_int_equal(ht_sql_exec(&srv, ht_fmt(&srv, "DELETE FROM audit_log WHERE seq"
	                                          " > %lld", seq - 2), NULL), 2);
	const char *hash = ht_sql_text(&srv, ht_fmt(&srv, "SELECT hash FROM audit_log"
	                                            " WHERE seq = %lld", seq - 2), NULL);
	hash = arena_strdup(&scratch, hash);
	assert_int_equal(ht_sql_exec(&srv, ht_fmt(&srv, "UPDATE audit_chain_head SET seq ="
	                                          " %lld, hash = ?", seq - 2), hash), 1);
	verify_ok();
	assert_int_equal(ht_samplan(&srv, &out, "audit", "verify", "--anchor",
	                            anchor, NULL), 1);
	ht_assert_contains(out, ht_fmt(&srv, "first broken record: seq %lld (missing): anchor "
	                               "no longer matches", seq - 1));
	/* A record deleted from the middle. */
	assert_int_equal(ht_sql_exec(&srv, "DELETE FROM audit_log WHERE seq = 3",
	                             NULL), 1);
	assert_int_equal(ht_samplan(&srv, &out, "audit", "verify", NULL), 1);
	ht_assert_contains(out, "first broken record: seq 3 (missing): record missing");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_refused_reads_leave_attempts),
		cmocka_unit_test(test_verify_names_edited_record),
		cmocka_unit_test(test_work_list_records_in_one_insert),
		cmocka_unit_test(test_tampered_subject_found),
		cmocka_unit_test(test_anchor_catches_cut_tail),
	};
	return cmocka_run_group_tests_name("audit_chain", tests, group_setup,
	                                   group_teardown);
}
