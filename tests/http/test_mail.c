/*
 * test_mail.c — e-mail with a real SMTP server on loopback
 * (tests/http/smtp_sink.py, started by the test): the outbox and its
 * sender in `samplan serve`, on each backend.
 *
 *   - Without --smtp nothing is lost: the demo's written invitations stay
 *     queued and are listed on /admin/outbox (for the system
 *     administrator only, without bodies); a server started on the same
 *     database with --smtp delivers each exactly once, to the invited
 *     unit's mailbox, with no name or personnummer in it and no address
 *     in the server's log.
 *   - A delivery the SMTP server refuses (451) is retried after the
 *     back-off and then delivered exactly once.
 *   - Two servers on one database deliver each of 30 messages once.
 * Every wait is bounded.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <dirent.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "harness.h"
#include "sink.h"

static const char *smtp_args[12];

static const char *const *with_smtp(struct sink *k, const char *retry)
{
	int i = 0;
	smtp_args[i++] = "--smtp";
	smtp_args[i++] = k->url;
	smtp_args[i++] = "--smtp-from";
	smtp_args[i++] = "samplan@kommun.example";
	/* Only the messages each test queues (no summaries of the day). */
	smtp_args[i++] = "--mail-schedule";
	smtp_args[i++] = "off";
	if (retry) {
		smtp_args[i++] = "--smtp-retry-base";
		smtp_args[i++] = retry;
	}
	smtp_args[i] = NULL;
	return smtp_args;
}

static void queue_plain(struct ht_server *s, int n)
{
	char sql[512];
	snprintf(sql, sizeof sql,
	         "INSERT INTO outbox (created_at, kind, to_address, subject, body,"
	         " message_token, next_attempt_at) VALUES (0, 'other',"
	         " 'mottagare@kommun.example', 'Prov', 'Meddelande %d.', 'tok%d',"
	         " 0)", n, n);
	assert_int_equal(ht_sql_exec(s, sql, NULL), 1);
}

/* ---- the tests ---- */

static void test_queued_without_smtp_then_sent_once(void **state)
{
	(void)state;
	struct ht_server a, b;
	static const char *const unscheduled[] = {"--mail-schedule", "off", NULL};
	assert_true(ht_server_start(&a, &(struct ht_server_opts){
		.demo = true, .args = unscheduled}));
	int64_t queued = ht_sql_int(&a, "SELECT COUNT(*) FROM outbox", NULL);
	/* The demo invites units with mailboxes. */
	assert_true(queued >= 2);
	sleep(2);
	assert_int_equal(ht_sql_int(&a, "SELECT COUNT(*) FROM outbox WHERE"
	                                " state = 'queued' AND attempts = 0",
	                            NULL), queued);
	/* The outbox page: the administrator sees the addresses, never a
	 * body; others are refused. */
	struct ht_client *admin = ht_client_new(&a);
	assert_true(ht_login(admin, "admin", HT_DEMO_PASSWORD));
	const struct ht_response *r = ht_get(admin, "/admin/outbox");
	assert_int_equal(r->status, 200);
	assert_non_null(strstr(r->body, "boendestod@ludvika.invalid"));
	assert_non_null(strstr(r->body, "I kö"));
	assert_non_null(strstr(r->body, "Kallelse till SIP-möte"));
	assert_null(strstr(r->body, "Plats:"));
	assert_null(strstr(r->body, "/invitations/"));
	r = ht_get(admin, "/admin/outbox?page=2");
	assert_int_equal(r->status, 200);
	assert_non_null(strstr(r->body, "Inga fler meddelanden."));
	ht_client_free(admin);
	struct ht_client *eva = ht_client_new(&a);
	assert_true(ht_login(eva, "eva", HT_DEMO_PASSWORD));
	assert_int_equal(ht_get(eva, "/admin/outbox")->status, 403);
	ht_client_free(eva);
	char url[1024];
	snprintf(url, sizeof url, "%s", a.db_url);
	assert_int_equal(ht_server_stop(&a), 0);

	/* Delivery starts when SMTP is configured. */
	struct sink k;
	sink_start(&k, &(struct sink_opts){0});
	assert_true(ht_server_start(&b, &(struct ht_server_opts){
		.db_url = url, .args = with_smtp(&k, NULL)}));
	assert_true(sink_wait_sql(&b, "SELECT COUNT(*) FROM outbox WHERE state ="
	                         " 'sent' AND sent_at IS NOT NULL", queued));
	sleep(2); /* nothing more comes */
	assert_int_equal(sink_count(&k), queued);
	char ids[64][200];
	for (int i = 1; i <= queued && i <= 64; i++) {
		char *m = sink_read(&k, i);
		char to[256];
		sink_header(m, "To", to, sizeof to);
		sink_header(m, "Message-ID", ids[i - 1], sizeof ids[i - 1]);
		/* Each recipient is a queued invitation's unit, once. */
		assert_int_equal(ht_sql_int(&b, "SELECT COUNT(*) FROM outbox WHERE"
		                                " to_address = ?", to), 1);
		for (int j = 1; j < i; j++)
			assert_string_not_equal(ids[j - 1], ids[i - 1]);
		assert_non_null(strstr(m, "\r\nFrom: samplan@kommun.example\r\n"));
		assert_non_null(strstr(m, "http://127.0.0.1:8080/invitations/"));
		assert_non_null(strstr(m, "Content-Type: text/plain; charset=utf-8"));
		/* Anna, Liam ...: no name or personnummer of anyone. */
		assert_null(strstr(m, "Anna"));
		assert_null(strstr(m, "Liam"));
		assert_null(strstr(m, "19990315"));
		assert_null(strstr(m, "990315"));
		free(m);
	}
	/* No address in the log. */
	assert_null(strstr(ht_server_log(&b, 400), ".invalid"));
	assert_int_equal(ht_server_stop(&b), 0);
	sink_stop(&k);
}

static void test_refused_then_sent_once(void **state)
{
	(void)state;
	struct sink k;
	sink_start(&k, &(struct sink_opts){.refuse = 1});
	struct ht_server s;
	assert_true(ht_server_start(&s, &(struct ht_server_opts){
		.args = with_smtp(&k, "1")}));
	queue_plain(&s, 1);
	/* Refused once (451), retried after the back-off, then sent. */
	assert_true(sink_wait_sql(&s, "SELECT COUNT(*) FROM outbox WHERE state ="
	                         " 'sent'", 1));
	assert_int_equal(ht_sql_int(&s, "SELECT attempts FROM outbox", NULL), 2);
	assert_null(ht_sql_text(&s, "SELECT last_error FROM outbox", NULL));
	sleep(2);
	assert_int_equal(sink_count(&k), 1);
	char *m = sink_read(&k, 1);
	assert_non_null(strstr(m, "\r\n\r\nMeddelande 1.\r\n"));
	free(m);
	assert_non_null(strstr(ht_server_log(&s, 400), "SMTP 451"));
	assert_int_equal(ht_server_stop(&s), 0);
	sink_stop(&k);
}

static void test_two_instances_send_once(void **state)
{
	(void)state;
	enum { N = 30 };
	struct sink k;
	sink_start(&k, &(struct sink_opts){0});
	struct ht_server a, b;
	/* The messages are queued before either sender runs. */
	assert_true(ht_server_start(&a, &(struct ht_server_opts){0}));
	for (int i = 1; i <= N; i++)
		queue_plain(&a, i);
	char url[1024];
	snprintf(url, sizeof url, "%s", a.db_url);
	assert_int_equal(ht_server_stop(&a), 0);
	assert_true(ht_server_start(&a, &(struct ht_server_opts){
		.db_url = url, .no_wait = true, .args = with_smtp(&k, NULL)}));
	assert_true(ht_server_start(&b, &(struct ht_server_opts){
		.db_url = url, .no_wait = true, .args = with_smtp(&k, NULL)}));
	assert_true(sink_wait_sql(&a, "SELECT COUNT(*) FROM outbox WHERE state ="
	                         " 'sent' AND attempts = 1", N));
	sleep(2);
	assert_int_equal(sink_count(&k), N);
	/* Each message once. */
	int seen[N + 1] = {0};
	for (int i = 1; i <= N; i++) {
		char *m = sink_read(&k, i);
		char *p = strstr(m, "\r\n\r\nMeddelande ");
		assert_non_null(p);
		int n = atoi(p + 15);
		assert_true(n >= 1 && n <= N);
		seen[n]++;
		free(m);
	}
	for (int i = 1; i <= N; i++)
		assert_int_equal(seen[i], 1);
	assert_int_equal(ht_server_stop(&a), 0);
	assert_int_equal(ht_server_stop(&b), 0);
	sink_stop(&k);
}

/* A file holding password, in the sink's directory (removed with it). */
static const char *password_file(struct sink *k, const char *password)
{
	static char path[600];
	snprintf(path, sizeof path, "%s/smtp-password", k->dir);
	FILE *f = fopen(path, "w");
	assert_non_null(f);
	fprintf(f, "%s\n", password);
	fclose(f);
	return path;
}

/* A server sending through k with TLS required, authenticating as
 * "samplan" with password, trusting k's certificate. */
static void start_tls_server(struct ht_server *s, struct sink *k,
                             const char *password)
{
	static const char *args[24];
	int i = 0;
	args[i++] = "--smtp";
	args[i++] = k->url;
	args[i++] = "--smtp-from";
	args[i++] = "samplan@kommun.example";
	args[i++] = "--smtp-user";
	args[i++] = "samplan";
	args[i++] = "--smtp-password-file";
	args[i++] = password_file(k, password);
	args[i++] = "--smtp-require-tls";
	args[i++] = "--smtp-retry-base";
	args[i++] = "1";
	if (k->ca[0]) {
		args[i++] = "--smtp-ca-file";
		args[i++] = k->ca;
	}
	args[i] = NULL;
	assert_true(ht_server_start(s, &(struct ht_server_opts){.args = args}));
}

static void test_starttls_and_auth_deliver(void **state)
{
	(void)state;
	struct sink k;
	sink_start(&k, &(struct sink_opts){.tls = true, .user = "samplan",
	                                   .password = "rätt-lösen"});
	struct ht_server s;
	start_tls_server(&s, &k, "rätt-lösen");
	queue_plain(&s, 1);
	assert_true(sink_wait_sql(&s, "SELECT COUNT(*) FROM outbox WHERE state ="
	                              " 'sent'", 1));
	assert_int_equal(sink_count(&k), 1);
	/* Over TLS (STARTTLS) and authenticated, as the sink saw it. */
	char *env = sink_envelope(&k, 1);
	assert_non_null(strstr(env, "\nTLS yes\n"));
	assert_non_null(strstr(env, "\nAUTH samplan\n"));
	free(env);
	char *m = sink_read(&k, 1);
	assert_non_null(strstr(m, "\r\n\r\nMeddelande 1.\r\n"));
	free(m);
	assert_int_equal(ht_server_stop(&s), 0);
	sink_stop(&k);
}

static void test_wrong_password_is_retried_not_sent(void **state)
{
	(void)state;
	struct sink k;
	sink_start(&k, &(struct sink_opts){.tls = true, .user = "samplan",
	                                   .password = "rätt-lösen"});
	struct ht_server s;
	start_tls_server(&s, &k, "fel-lösen");
	queue_plain(&s, 1);
	/* Refused (535) and tried again after the back-off: the message
	 * waits for a corrected password instead of being given up. */
	assert_true(sink_wait_sql(&s, "SELECT COUNT(*) FROM outbox WHERE"
	                              " attempts >= 2", 1));
	/* Waiting for the next attempt, or in it: never sent or given up. */
	assert_int_equal(ht_sql_int(&s, "SELECT COUNT(*) FROM outbox WHERE"
	                                " state IN ('queued', 'sending') AND"
	                                " sent_at IS NULL", NULL), 1);
	assert_non_null(strstr(ht_sql_text(&s, "SELECT last_error FROM outbox",
	                                   NULL), "Login denied"));
	assert_int_equal(sink_count(&k), 0);
	/* The password is in no log line. */
	assert_null(strstr(ht_server_log(&s, 400), "lösen"));
	assert_int_equal(ht_server_stop(&s), 0);
	sink_stop(&k);
}

static void test_require_tls_refuses_a_plain_server(void **state)
{
	(void)state;
	/* A sink that offers no STARTTLS (and so no AUTH either). */
	struct sink k;
	sink_start(&k, &(struct sink_opts){.user = "samplan",
	                                   .password = "rätt-lösen"});
	struct ht_server s;
	start_tls_server(&s, &k, "rätt-lösen");
	queue_plain(&s, 1);
	assert_true(sink_wait_sql(&s, "SELECT COUNT(*) FROM outbox WHERE"
	                              " attempts >= 2", 1));
	/* Nothing went out in the clear: no password, no message. */
	assert_int_equal(sink_count(&k), 0);
	assert_int_equal(ht_sql_int(&s, "SELECT COUNT(*) FROM outbox WHERE"
	                                " state IN ('queued', 'sending') AND"
	                                " sent_at IS NULL", NULL), 1);
	assert_non_null(ht_sql_text(&s, "SELECT last_error FROM outbox", NULL));
	assert_int_equal(ht_server_stop(&s), 0);
	sink_stop(&k);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_queued_without_smtp_then_sent_once),
		cmocka_unit_test(test_refused_then_sent_once),
		cmocka_unit_test(test_two_instances_send_once),
		cmocka_unit_test(test_starttls_and_auth_deliver),
		cmocka_unit_test(test_wrong_password_is_retried_not_sent),
		cmocka_unit_test(test_require_tls_refuses_a_plain_server),
	};
	return cmocka_run_group_tests_name("mail", tests, NULL, NULL);
}
