/*
 * test_concurrency.c — many clients at once on one `samplan serve`.
 *
 * Eight client threads, each with its own connection and API token,
 * against a server with four worker threads: half of the requests read
 * Anna's plan (each read suspends its connection until its audit record
 * is group-committed, then is resumed from the audit writer's thread),
 * half register a person (a write in a transaction). Every request must
 * be answered with success, every read must leave exactly one audit
 * record and every write its person, and the server must stop cleanly.
 *
 * scripts/run-tests runs this suite against the product, against the
 * ASan + UBSan build and against the ThreadSanitizer build
 * ($SAMPLAN_BIN=build/tsan/samplan): there a data race makes the server
 * exit (TSAN_OPTIONS=halt_on_error=1) or leaves a report in its log,
 * and either fails the suite (harness.h).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"

enum { CLIENTS = 8, ROUNDS = 12, SERVER_THREADS = 4 };

static struct ht_server srv;

static int up(void **state)
{
	(void)state;
	return ht_server_start(&srv, &(struct ht_server_opts){
		.demo = true, .threads = SERVER_THREADS}) ? 0 : -1;
}

static int down(void **state)
{
	(void)state;
	return ht_server_stop(&srv) == 0 ? 0 : -1;
}

struct client {
	int no;
	struct ht_client *c;
	int reads_ok, writes_ok;
	char failure[512]; /* the first unexpected answer, or "" */
};

static pthread_barrier_t go;

static void failed(struct client *k, const char *what,
                   const struct ht_response *r)
{
	if (k->failure[0])
		return;
	snprintf(k->failure, sizeof k->failure, "client %d: %s: %s %ld %.200s",
	         k->no, what, r->transport_error ? r->transport_error : "status",
	         r->status, r->body);
}

static void *client_main(void *arg)
{
	struct client *k = arg;
	pthread_barrier_wait(&go);
	for (int i = 0; i < ROUNDS; i++) {
		if ((i + k->no) % 2 == 0) {
			const struct ht_response *r = ht_request_try(k->c,
				&(struct ht_request){.path = "/api/v1/plans/1"});
			if (r->status == 200 && strstr(r->body, "\"id\""))
				k->reads_ok++;
			else
				failed(k, "GET /api/v1/plans/1", r);
		} else {
			/* Born 1980-MM-DD: month by client, day by round. */
			char birth[16], body[256];
			snprintf(birth, sizeof birth, "1980%02u%02u", (unsigned)k->no % 12 + 1,
			         (unsigned)i % 28 + 1);
			snprintf(body, sizeof body,
			         "{\"personnummer\": \"%s\", \"given_name\": \"Klient\","
			         " \"family_name\": \"Nummer%d\", \"city\": \"Ludvika\"}",
			         ht_pnr(birth, 234), k->no);
			const struct ht_response *r = ht_request_try(k->c,
				&(struct ht_request){.method = "POST",
				                     .path = "/api/v1/persons",
				                     .content_type = "application/json",
				                     .body = body});
			if (r->status == 201)
				k->writes_ok++;
			else
				failed(k, "POST /api/v1/persons", r);
		}
	}
	return NULL;
}

static const char *const plan_reads =
	"SELECT COUNT(*) FROM audit_log WHERE action = 'plan.read' AND plan_id = 1";

/* Parallel reads and writes: all answered, all recorded. */
static void test_parallel_reads_and_writes(void **state)
{
	(void)state;
	int64_t reads_before = ht_sql_int(&srv, plan_reads, NULL);
	int64_t persons_before = ht_sql_int(&srv, "SELECT COUNT(*) FROM person",
	                                    NULL);
	const char *token = ht_token_create(&srv, "eva");
	static struct client k[CLIENTS];
	pthread_t t[CLIENTS];
	assert_int_equal(pthread_barrier_init(&go, NULL, CLIENTS), 0);
	for (int i = 0; i < CLIENTS; i++) {
		k[i] = (struct client){.no = i, .c = ht_client_new(&srv)};
		ht_client_bearer(k[i].c, token);
	}
	for (int i = 0; i < CLIENTS; i++)
		assert_int_equal(pthread_create(&t[i], NULL, client_main, &k[i]), 0);
	int reads = 0, writes = 0;
	for (int i = 0; i < CLIENTS; i++) {
		pthread_join(t[i], NULL);
		reads += k[i].reads_ok;
		writes += k[i].writes_ok;
	}
	pthread_barrier_destroy(&go);
	for (int i = 0; i < CLIENTS; i++) {
		ht_client_free(k[i].c);
		if (k[i].failure[0])
			fail_msg("%s\n%s", k[i].failure, ht_server_log(&srv, 20));
	}
	assert_int_equal(reads + writes, CLIENTS * ROUNDS);
	assert_int_equal(reads, CLIENTS * ROUNDS / 2);
	/* Each answered read left exactly one record, each write a person. */
	assert_int_equal(ht_sql_int(&srv, plan_reads, NULL), reads_before + reads);
	assert_int_equal(ht_sql_int(&srv, "SELECT COUNT(*) FROM person", NULL),
	                 persons_before + writes);
	assert_true(ht_server_alive(&srv));
}

/* The same server still answers one client after the crowd. */
static void test_still_serving(void **state)
{
	(void)state;
	struct ht_client *c = ht_client_new(&srv);
	ht_client_bearer(c, ht_token_create(&srv, "eva"));
	const struct ht_response *r = ht_get(c, "/api/v1/plans/1");
	assert_int_equal(r->status, 200);
	ht_client_free(c);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parallel_reads_and_writes),
		cmocka_unit_test(test_still_serving),
	};
	return cmocka_run_group_tests_name("concurrency", tests, up, down);
}
