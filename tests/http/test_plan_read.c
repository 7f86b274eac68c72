/*
 * test_plan_read.c — a plan read is served from the stored version
 * document (sip/plan_doc.h) and a handful of queries (issue 10).
 *
 * One server with the demo data, started with --count-queries so each
 * answer says how many statements its request ran on the worker's
 * connection (store/db.h, db_query_count). The suite checks:
 *   - the stored document of every version says exactly what the rows
 *     say (rebuilt through the test's own connection and compared), and
 *     reads back without loss;
 *   - GET /api/v1/plans/{id} runs at most six statements — authentication
 *     included — and GET /plans/{id} at most seven (the plan's deviations,
 *     issue 12), for the lead unit and for
 *     a unit that sees part of the plan, and as many for Anna's plan
 *     (two meetings, two versions, a follow-up) as for a plan with much
 *     less in it: nothing is read per meeting, consent or follow-up;
 *   - the version's content on both comes from the stored document (a
 *     changed document shows), and a document of another format is
 *     rebuilt from the rows, so the answer stays right;
 *   - a version without a stored document gets it at the next start.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "sip/plan_doc.h"
#include "support/testdb.h"

static struct ht_server srv;

static int group_setup(void **state)
{
	(void)state;
	static const char *const args[] = {"--count-queries", NULL};
	return ht_server_start(&srv, &(struct ht_server_opts){
		.demo = true, .args = args}) ? 0 : -1;
}

static int group_teardown(void **state)
{
	(void)state;
	return ht_server_stop(&srv) == 0 ? 0 : -1;
}

static int64_t plan_of(const char *given_name)
{
	int64_t id = ht_sql_int(&srv,
		"SELECT MIN(p.id) FROM plan p JOIN person pe ON pe.id = p.person_id"
		" WHERE pe.given_name = ?", given_name);
	if (!id)
		fail_msg("no plan for %s", given_name);
	return id;
}

static int queries(const struct ht_response *r)
{
	const char *n = ht_header(r, "Samplan-Queries");
	if (!n)
		fail_msg("no Samplan-Queries header: is --count-queries on?");
	return atoi(n);
}

static int api_read(struct ht_client *c, int64_t plan_id)
{
	const struct ht_response *r =
		ht_get(c, ht_fmt(&srv, "/api/v1/plans/%lld", (long long)plan_id));
	ht_assert_status(r, 200);
	return queries(r);
}

static int page_read(struct ht_client *c, int64_t plan_id)
{
	const struct ht_response *r =
		ht_get(c, ht_fmt(&srv, "/plans/%lld", (long long)plan_id));
	ht_assert_page(r, 200);
	return queries(r);
}

/* ---- the document and the rows ---- */

static void test_every_stored_document_says_what_the_rows_say(void **state)
{
	(void)state;
	int64_t n = ht_sql_int(&srv, "SELECT COUNT(*) FROM plan_version", NULL);
	assert_true(n >= 2);
	assert_int_equal(ht_sql_int(&srv,
		"SELECT COUNT(*) FROM plan_version_document", NULL), n);
	struct test_ctx t;
	test_ctx_init(&t, srv.db);
	for (int64_t i = 0; i < n; i++) {
		const char *id = ht_sql_text(&srv,
			"SELECT CAST(id AS TEXT) FROM plan_version ORDER BY id"
			" LIMIT 1 OFFSET ?", ht_fmt(&srv, "%lld", (long long)i));
		const char *stored = ht_sql_text(&srv,
			"SELECT body FROM plan_version_document"
			" WHERE version_id = CAST(? AS BIGINT)", id);
		struct plan_doc built, parsed;
		assert_true(plan_doc_build(&t.ctx, atoll(id), &built));
		assert_string_equal(plan_doc_serialise(t.ctx.arena, &built), stored);
		/* And back: what was stored is what parsing gives. */
		assert_true(plan_doc_parse(t.ctx.arena, stored, strlen(stored),
		                           &parsed));
		assert_string_equal(plan_doc_serialise(t.ctx.arena, &parsed),
		                    stored);
	}
	test_ctx_free(&t);
}

/* The parts of Anna's document a reader checks: her name, every goal,
 * the interventions with their responsible parties, the coordinator. */
static void test_document_holds_the_plan(void **state)
{
	(void)state;
	const char *body = ht_sql_text(&srv,
		"SELECT d.body FROM plan_version_document d"
		" JOIN plan p ON p.current_version_id = d.version_id"
		" WHERE p.id = CAST(? AS BIGINT)",
		ht_fmt(&srv, "%lld", (long long)plan_of("Anna")));
	json_t *doc = json_loads(body, 0, NULL);
	assert_non_null(doc);
	assert_string_equal(ht_jstr(doc, "person_name"), "Anna Andersson");
	json_t *v = json_object_get(doc, "version");
	assert_true(json_array_size(json_object_get(v, "goals")) >= 2);
	json_t *iv = json_object_get(v, "interventions");
	assert_true(json_array_size(iv) >= 7);
	assert_string_equal(ht_jstr(json_array_get(iv, 0), "category"), "health");
	assert_string_equal(ht_jstr(json_object_get(v, "categories"),
	                            "crisis_plan"), "health");
	assert_non_null(ht_jstr(v, "coordinator_name"));
	assert_null(json_object_get(doc, "address")); /* never stored */
	json_decref(doc);
}

/* ---- queries per read ---- */

static void test_plan_reads_run_at_most_six_queries(void **state)
{
	(void)state;
	int64_t anna = plan_of("Anna");
	struct ht_client *eva = ht_api_as(&srv, "eva");
	struct ht_client *bo = ht_api_as(&srv, "bo");
	struct ht_client *web = ht_logged_in(&srv, "eva");
	for (int round = 0; round < 2; round++) {
		assert_in_range(api_read(eva, anna), 1, 6);
		assert_in_range(api_read(bo, anna), 1, 6);
		/* The page one more: the plan's deviations the caller sees,
		 * one statement (issue 12, page_deviation.c; its suggestions
		 * come from the plan read itself). */
		assert_in_range(page_read(web, anna), 1, 7);
	}
	ht_client_free(eva);
	ht_client_free(bo);
	ht_client_free(web);
}

/* Anna's plan has a meeting with invitations and participants, two
 * versions, consents and a follow-up with results; Gunnel's has a
 * meeting and no version yet. The same number of statements reads
 * both. */
static void test_queries_do_not_grow_with_the_plan(void **state)
{
	(void)state;
	int64_t anna = plan_of("Anna");
	int64_t gunnel = plan_of("Gunnel");
	assert_true(ht_sql_int(&srv, "SELECT COUNT(*) FROM plan_version"
	                             " WHERE plan_id = CAST(? AS BIGINT)",
	                       ht_fmt(&srv, "%lld", (long long)anna)) >= 2);
	assert_int_equal(ht_sql_int(&srv, "SELECT COUNT(*) FROM plan_version"
	                                  " WHERE plan_id = CAST(? AS BIGINT)",
	                            ht_fmt(&srv, "%lld", (long long)gunnel)), 0);
	assert_true(ht_sql_int(&srv, "SELECT COUNT(*) FROM follow_up"
	                             " WHERE plan_id = CAST(? AS BIGINT)",
	                       ht_fmt(&srv, "%lld", (long long)anna)) >= 1);
	struct ht_client *lars = ht_api_as(&srv, "lars");
	struct ht_client *eva = ht_api_as(&srv, "eva");
	/* Warm: the first use of a token in a minute also notes it. */
	api_read(eva, anna);
	api_read(lars, gunnel);
	assert_int_equal(api_read(eva, anna), api_read(lars, gunnel));
	ht_client_free(lars);
	ht_client_free(eva);
}

/* ---- served from the document ---- */

static void test_reads_come_from_the_stored_document(void **state)
{
	(void)state;
	const char *anna = ht_fmt(&srv, "%lld", (long long)plan_of("Anna"));
	const char *version = ht_sql_text(&srv,
		"SELECT CAST(current_version_id AS TEXT) FROM plan"
		" WHERE id = CAST(? AS BIGINT)", anna);
	const char *stored = ht_sql_text(&srv,
		"SELECT body FROM plan_version_document"
		" WHERE version_id = CAST(? AS BIGINT)", version);
	const char *needle = "\"coordinator_name\":\"";
	const char *at = strstr(stored, needle);
	assert_non_null(at);
	/* The coordinator's name with a marker in front, as the document. */
	size_t head = (size_t)(at - stored) + strlen(needle);
	const char *marked = ht_fmt(&srv, "%.*sMARKER-FROM-DOCUMENT %s",
	                            (int)head, stored, stored + head);
	json_t *check = json_loads(marked, 0, NULL);
	assert_non_null(check); /* still a valid document */
	json_decref(check);
	struct test_ctx t;
	test_ctx_init(&t, srv.db);
	struct stmt s;
	db_prepare(srv.db, &s, "UPDATE plan_version_document SET body = ?"
	                       " WHERE version_id = ?");
	db_bind_text(&s, 1, marked);
	db_bind_int64(&s, 2, atoll(version));
	assert_int_equal(db_step(&s), DB_DONE);
	db_finalize(&s);

	struct ht_client *eva = ht_api_as(&srv, "eva");
	struct ht_client *web = ht_logged_in(&srv, "eva");
	const struct ht_response *r =
		ht_get(eva, ht_fmt(&srv, "/api/v1/plans/%s", anna));
	ht_assert_status(r, 200);
	ht_assert_contains(r->body, "MARKER-FROM-DOCUMENT");
	r = ht_get(web, ht_fmt(&srv, "/plans/%s", anna));
	ht_assert_page(r, 200);
	ht_assert_contains(r->body, "MARKER-FROM-DOCUMENT");

	/* A document of another format is not parsed: the rows answer. */
	ht_sql_exec(&srv, "UPDATE plan_version_document SET format = 0"
	                  " WHERE version_id = CAST(? AS BIGINT)", version);
	r = ht_get(eva, ht_fmt(&srv, "/api/v1/plans/%s", anna));
	ht_assert_status(r, 200);
	ht_assert_not_contains(r->body, "MARKER-FROM-DOCUMENT");
	json_t *plan = ht_json(r);
	json_t *current = json_object_get(plan, "current_version");
	assert_non_null(current);
	assert_true(json_array_size(json_object_get(current, "goals")) >= 2);
	json_decref(plan);

	/* Put it back as it was. */
	db_prepare(srv.db, &s, "UPDATE plan_version_document SET body = ?,"
	                       " format = ? WHERE version_id = ?");
	db_bind_text(&s, 1, stored);
	db_bind_int64(&s, 2, PLAN_DOC_FORMAT);
	db_bind_int64(&s, 3, atoll(version));
	assert_int_equal(db_step(&s), DB_DONE);
	db_finalize(&s);
	test_ctx_free(&t);
	ht_client_free(eva);
	ht_client_free(web);
}

/* A version without its stored document (one written before 0016) gets
 * it when samplan next starts — the same document the rows give — and
 * the format is then recorded (0028), so later starts do not read every
 * version again. */
static void test_missing_documents_are_stored_at_start(void **state)
{
	(void)state;
	const char *format = ht_fmt(&srv, "%d", PLAN_DOC_FORMAT);
	const char *marked = "SELECT COUNT(*) FROM plan_doc_backfill"
	                     " WHERE format = CAST(? AS BIGINT)";
	/* The server's start found none missing and said so. */
	assert_int_equal(ht_sql_int(&srv, marked, format), 1);
	const char *version = ht_sql_text(&srv,
		"SELECT CAST(MIN(version_id) AS TEXT) FROM plan_version_document",
		NULL);
	const char *doc = "SELECT body FROM plan_version_document"
	                  " WHERE version_id = CAST(? AS BIGINT)";
	const char *stored = ht_sql_text(&srv, doc, version);
	assert_int_equal(ht_sql_exec(&srv, "DELETE FROM plan_version_document"
	                                   " WHERE version_id = CAST(? AS BIGINT)",
	                             version), 1);
	/* With the format recorded, a start does not look again. */
	assert_int_equal(ht_samplan(&srv, NULL, "token", "create", "--username",
	                            "eva", NULL), 0);
	assert_null(ht_sql_text(&srv, doc, version));
	/* A database from before 0016 has no record: the start stores the
	 * missing document and records the format. */
	ht_sql_exec(&srv, "DELETE FROM plan_doc_backfill", NULL);
	assert_int_equal(ht_samplan(&srv, NULL, "token", "create", "--username",
	                            "eva", NULL), 0);
	assert_string_equal(ht_sql_text(&srv, doc, version), stored);
	assert_int_equal(ht_sql_int(&srv, marked, format), 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_every_stored_document_says_what_the_rows_say),
		cmocka_unit_test(test_document_holds_the_plan),
		cmocka_unit_test(test_plan_reads_run_at_most_six_queries),
		cmocka_unit_test(test_queries_do_not_grow_with_the_plan),
		cmocka_unit_test(test_reads_come_from_the_stored_document),
		cmocka_unit_test(test_missing_documents_are_stored_at_start),
	};
	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
