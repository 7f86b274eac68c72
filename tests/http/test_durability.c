/*
 * test_durability.c — what was acknowledged survives a crash.
 *
 * A server with four worker threads takes a load from eight client
 * threads: four register persons through the API (each a write in its
 * own transaction, acknowledged with 201), four read Anna's plan (each
 * answered with 200 only after its audit record is committed by the
 * group writer). After a while the server is killed with SIGKILL, in
 * the middle of that load, as a crash would end it. A new server is
 * started on the same database, and:
 *
 *   - every person whose registration was acknowledged is there, and at
 *     most one more per writer (a write committed but not answered);
 *   - the plan has at least as many read records as reads were answered,
 *     and at most one more per reader (one read in flight each).
 *
 * A stop (SIGTERM) lets a request that is running finish and commit,
 * and refuses the ones that arrive after it with a 503 that says when
 * to come back; the server then ends with status 0.
 *
 * Zero lost, on SQLite and PostgreSQL (scripts/run-tests runs every HTTP
 * suite on both). Bounded: the load lasts LOAD_MS, each request has
 * curl's timeout, the restart the harness's.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <sys/socket.h>
#include <unistd.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "harness.h"

enum {
	WRITERS = 4,
	READERS = 4,
	MAX_WRITES = 2000, /* per writer: more than LOAD_MS allows */
	LOAD_MS = 1500,
};

struct writer {
	int no;
	struct ht_client *c;
	int acked;
	char pnr[MAX_WRITES][16]; /* acknowledged, in order */
	int sent;
	char failure[512];
};

struct reader {
	struct ht_client *c;
	int answered;
	char failure[512];
};

static atomic_bool stop;

static void note(char *failure, size_t len, const char *what,
                 const struct ht_response *r)
{
	if (!failure[0])
		snprintf(failure, len, "%s: status %ld before the kill: %.200s", what,
		         r->status, r->body);
}

static void *writer_main(void *arg)
{
	struct writer *w = arg;
	for (int i = 0; i < MAX_WRITES && !atomic_load(&stop); i++) {
		/* Born 1970-01-01 + i days, writer's own serial: unique. */
		char birth[16], body[256];
		struct tm tm = {.tm_year = 70, .tm_mon = 0, .tm_mday = 1 + i,
		                .tm_hour = 12};
		timegm(&tm);
		strftime(birth, sizeof birth, "%Y%m%d", &tm);
		const char *pnr = ht_pnr(birth, 300 + w->no * 2);
		snprintf(body, sizeof body,
		         "{\"personnummer\": \"%s\", \"given_name\": \"Skrivare\","
		         " \"family_name\": \"Nummer%d\", \"city\": \"Ludvika\"}",
		         pnr, w->no);
		w->sent++;
		const struct ht_response *r = ht_request_try(w->c,
			&(struct ht_request){.method = "POST", .path = "/api/v1/persons",
			                     .content_type = "application/json",
			                     .body = body});
		if (r->status == 201)
			snprintf(w->pnr[w->acked++], sizeof w->pnr[0], "%s", pnr);
		else if (r->status != 0 && !atomic_load(&stop))
			note(w->failure, sizeof w->failure, "POST /api/v1/persons", r);
		if (r->status == 0)
			break; /* the server is gone */
	}
	return NULL;
}

static void *reader_main(void *arg)
{
	struct reader *k = arg;
	while (!atomic_load(&stop)) {
		const struct ht_response *r = ht_request_try(k->c,
			&(struct ht_request){.path = "/api/v1/plans/1"});
		if (r->status == 200)
			k->answered++;
		else if (r->status != 0 && !atomic_load(&stop))
			note(k->failure, sizeof k->failure, "GET /api/v1/plans/1", r);
		if (r->status == 0)
			break;
	}
	return NULL;
}

static void sleep_ms(int ms)
{
	struct timespec ts = {ms / 1000, (long)(ms % 1000) * 1000000L};
	nanosleep(&ts, NULL);
}

static const char *const plan_reads =
	"SELECT COUNT(*) FROM audit_log WHERE action = 'plan.read' AND plan_id = 1";

static void test_sigkill_under_load(void **state)
{
	(void)state;
	static struct ht_server first, second;
	static struct writer w[WRITERS];
	static struct reader k[READERS];
	pthread_t wt[WRITERS], rt[READERS];

	assert_true(ht_server_start(&first, &(struct ht_server_opts){
		.demo = true, .threads = 4}));
	const char *token = ht_token_create(&first, "eva");
	int64_t reads_before = ht_sql_int(&first, plan_reads, NULL);
	int64_t persons_before = ht_sql_int(&first, "SELECT COUNT(*) FROM person",
	                                    NULL);
	char db_url[sizeof first.db_url];
	snprintf(db_url, sizeof db_url, "%s", first.db_url);

	atomic_store(&stop, false);
	for (int i = 0; i < WRITERS; i++) {
		memset(&w[i], 0, sizeof w[i]);
		w[i].no = i;
		w[i].c = ht_client_new(&first);
		ht_client_bearer(w[i].c, token);
	}
	for (int i = 0; i < READERS; i++) {
		memset(&k[i], 0, sizeof k[i]);
		k[i].c = ht_client_new(&first);
		ht_client_bearer(k[i].c, token);
	}
	for (int i = 0; i < WRITERS; i++)
		assert_int_equal(pthread_create(&wt[i], NULL, writer_main, &w[i]), 0);
	for (int i = 0; i < READERS; i++)
		assert_int_equal(pthread_create(&rt[i], NULL, reader_main, &k[i]), 0);

	sleep_ms(LOAD_MS);
	/* In the middle of the load: requests are in flight now. */
	int killed = ht_server_kill(&first);
	atomic_store(&stop, true);
	int acked = 0, sent = 0, answered = 0;
	for (int i = 0; i < WRITERS; i++) {
		pthread_join(wt[i], NULL);
		acked += w[i].acked;
		sent += w[i].sent;
	}
	for (int i = 0; i < READERS; i++) {
		pthread_join(rt[i], NULL);
		answered += k[i].answered;
	}
	assert_int_equal(killed, 0);
	for (int i = 0; i < WRITERS; i++)
		if (w[i].failure[0])
			fail_msg("writer %d: %s", i, w[i].failure);
	for (int i = 0; i < READERS; i++)
		if (k[i].failure[0])
			fail_msg("reader %d: %s", i, k[i].failure);
	/* The load was a load: otherwise the test proves nothing. */
	if (acked < WRITERS * 3 || answered < READERS * 3)
		fail_msg("only %d writes and %d reads acknowledged in %d ms",
		         acked, answered, LOAD_MS);
	print_message("# %d of %d writes and %d reads acknowledged before "
	              "SIGKILL\n", acked, sent, answered);

	/* The same database, a new server: recovery runs as it would. */
	assert_true(ht_server_start(&second, &(struct ht_server_opts){
		.db_url = db_url}));
	int lost = 0;
	for (int i = 0; i < WRITERS; i++)
		for (int j = 0; j < w[i].acked; j++)
			if (ht_sql_int(&second, "SELECT COUNT(*) FROM person WHERE"
			                        " personnummer = ?", w[i].pnr[j]) != 1) {
				print_error("lost: person %s (writer %d, write %d)\n",
				            w[i].pnr[j], i, j);
				lost++;
			}
	assert_int_equal(lost, 0);
	int64_t persons = ht_sql_int(&second, "SELECT COUNT(*) FROM person", NULL) -
	                  persons_before;
	assert_true(persons >= acked);
	assert_true(persons <= acked + WRITERS);
	int64_t reads = ht_sql_int(&second, plan_reads, NULL) - reads_before;
	if (reads < answered || reads > answered + READERS)
		fail_msg("%lld read records for %d answered reads (%d readers)",
		         (long long)reads, answered, READERS);

	/* And the recovered database serves: the plan and a new person. */
	struct ht_client *c = ht_client_new(&second);
	ht_client_bearer(c, ht_token_create(&second, "eva"));
	const struct ht_response *r = ht_get(c, "/api/v1/plans/1");
	assert_int_equal(r->status, 200);
	char body[256];
	snprintf(body, sizeof body, "{\"personnummer\": \"%s\", \"given_name\":"
	         " \"Efter\", \"family_name\": \"Omstart\"}",
	         ht_pnr("19600101", 998));
	r = ht_post_json(c, "/api/v1/persons", body, NULL);
	if (r->status != 201)
		fail_msg("after the restart: %ld %s", r->status, r->body);
	ht_client_free(c);
	for (int i = 0; i < WRITERS; i++)
		ht_client_free(w[i].c);
	for (int i = 0; i < READERS; i++)
		ht_client_free(k[i].c);
	assert_int_equal(ht_server_stop(&second), 0);
}

/* ---- a graceful stop ---- */

static int connect_to(const struct ht_server *s)
{
	int fd = socket(AF_INET, SOCK_STREAM, 0);
	assert_true(fd >= 0);
	struct sockaddr_in a = {.sin_family = AF_INET,
	                        .sin_port = htons((uint16_t)s->port),
	                        .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
	assert_int_equal(connect(fd, (struct sockaddr *)&a, sizeof a), 0);
	return fd;
}

static void send_all(int fd, const char *text)
{
	size_t len = strlen(text), off = 0;
	while (off < len) {
		ssize_t n = send(fd, text + off, len - off, MSG_NOSIGNAL);
		assert_true(n > 0);
		off += (size_t)n;
	}
}

/* What comes back within 10 s, until the server closes or the answer's
 * headers and a body are in (enough to read its status). */
static void read_answer(int fd, char *out, size_t cap)
{
	size_t len = 0;
	for (int waited = 0; waited < 100 && len + 1 < cap; waited++) {
		struct pollfd p = {.fd = fd, .events = POLLIN};
		if (poll(&p, 1, 100) <= 0)
			continue;
		ssize_t n = recv(fd, out + len, cap - 1 - len, 0);
		if (n <= 0)
			break;
		len += (size_t)n;
		out[len] = '\0';
		const char *end = strstr(out, "\r\n\r\n");
		if (end && end[4])
			break;
	}
	out[len] = '\0';
}

static void test_stop_lets_running_requests_finish(void **state)
{
	(void)state;
	static struct ht_server s;
	assert_true(ht_server_start(&s, &(struct ht_server_opts){.demo = true}));
	const char *token = ht_token_create(&s, "eva");
	const char *pnr = ht_pnr("19500505", 410);
	char body[256], head[512];
	snprintf(body, sizeof body,
	         "{\"personnummer\": \"%s\", \"given_name\": \"Sista\","
	         " \"family_name\": \"Skrivningen\", \"city\": \"Ludvika\"}", pnr);
	snprintf(head, sizeof head,
	         "POST /api/v1/persons HTTP/1.1\r\nHost: samplan\r\n"
	         "Authorization: Bearer %s\r\nContent-Type: application/json\r\n"
	         "Content-Length: %zu\r\nConnection: close\r\n\r\n",
	         token, strlen(body));
	/* The registration is running: its headers are read, half of its
	 * body has come. */
	int running = connect_to(&s);
	send_all(running, head);
	char first_half[128];
	snprintf(first_half, sizeof first_half, "%.*s", 40, body);
	send_all(running, first_half);
	sleep_ms(300);

	assert_int_equal(kill(s.pid, SIGTERM), 0);
	sleep_ms(300);
	assert_true(ht_server_alive(&s)); /* waiting for the running one */
	static const char late_request[] = "GET /api/v1/plans/1 HTTP/1.1\r\n"
		"Host: samplan\r\nConnection: close\r\n\r\n";
	const char *late = ht_raw(&s, late_request, sizeof late_request - 1);
	ht_assert_contains(late, "HTTP/1.1 503");
	ht_assert_contains(late, "Retry-After: 5");
	ht_assert_contains(late, "application/problem+json");

	send_all(running, body + 40);
	char answer[8192];
	read_answer(running, answer, sizeof answer);
	close(running);
	ht_assert_contains(answer, "HTTP/1.1 201");

	/* It ends by itself, with status 0, once nothing runs. */
	for (int waited = 0; waited < 100 && ht_server_alive(&s); waited++)
		sleep_ms(100);
	assert_false(ht_server_alive(&s));

	/* The registration is there for the next server. */
	static struct ht_server next;
	assert_true(ht_server_start(&next, &(struct ht_server_opts){
		.db_url = s.db_url}));
	assert_int_equal(ht_sql_int(&next,
		"SELECT COUNT(*) FROM person WHERE personnummer = ?", pnr), 1);
	assert_int_equal(ht_server_stop(&next), 0);
	assert_int_equal(ht_server_stop(&s), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_sigkill_under_load),
		cmocka_unit_test(test_stop_lets_running_requests_finish),
	};
	return cmocka_run_group_tests_name("durability", tests, NULL, NULL);
}
