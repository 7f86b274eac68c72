/*
 * test_harness.c — the harness notices what the suites rely on it to
 * notice, so a sanitizer build of the server cannot fail silently:
 *
 *   - a report of ASan, LSan, UBSan or TSan in the server's log makes
 *     ht_server_stop fail, though the server itself stopped cleanly;
 *   - a server that died (here of SIGSEGV) makes it fail too;
 *   - a clean server stops with 0 (the checks are not always failing);
 *   - ht_server_kill ends a server with SIGKILL and leaves its database
 *     to a new server.
 *
 * The reports are written into the log by the test: the real ones come
 * from the sanitizer runtimes (scripts/run-tests runs every HTTP suite
 * against build/asan/samplan and test_concurrency against
 * build/tsan/samplan).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "harness.h"

static void start(struct ht_server *s)
{
	if (!ht_server_start(s, NULL))
		fail_msg("the server did not start");
}

static void append_log(struct ht_server *s, const char *text)
{
	FILE *f = fopen(s->log_path, "a");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
}

static void test_clean_stop_is_zero(void **state)
{
	(void)state;
	struct ht_server s;
	start(&s);
	assert_true(ht_server_alive(&s));
	assert_int_equal(ht_server_stop(&s), 0);
}

static void test_sanitizer_reports_fail_the_stop(void **state)
{
	(void)state;
	static const char *const reports[] = {
		"==4242==ERROR: AddressSanitizer: heap-use-after-free on address"
		" 0x602000000010\n",
		"src/sip/plan.c:10:5: runtime error: signed integer overflow:"
		" 2147483647 + 1 cannot be represented in type 'int'\n",
		"WARNING: ThreadSanitizer: data race (pid=4242)\n",
		"==4242==ERROR: LeakSanitizer: detected memory leaks\n",
	};
	for (size_t i = 0; i < sizeof reports / sizeof *reports; i++) {
		struct ht_server s;
		start(&s);
		append_log(&s, reports[i]);
		assert_true(ht_server_alive(&s)); /* it ran on */
		if (ht_server_stop(&s) != -1)
			fail_msg("a clean exit hid the report: %s", reports[i]);
	}
}

static void test_dead_server_fails_the_stop(void **state)
{
	(void)state;
	struct ht_server s;
	start(&s);
	assert_int_equal(kill(s.pid, SIGSEGV), 0);
	for (int i = 0; i < 200 && ht_server_alive(&s); i++)
		nanosleep(&(struct timespec){0, 10 * 1000 * 1000}, NULL);
	assert_false(ht_server_alive(&s));
	/* -1 (died of the signal), or ASan's exit status 1 after it caught
	 * the SEGV and reported it: never 0. */
	assert_int_not_equal(ht_server_stop(&s), 0);
}

static void test_kill_keeps_the_database(void **state)
{
	(void)state;
	struct ht_server a, b;
	start(&a);
	char url[sizeof a.db_url];
	snprintf(url, sizeof url, "%s", a.db_url);
	ht_sql_exec(&a, "INSERT INTO principal (name, kind, active, created_at,"
	                " updated_at) VALUES ('Kvar efter SIGKILL', 'municipality',"
	                " 1, 0, 0)", NULL);
	assert_int_equal(ht_server_kill(&a), 0);
	assert_true(ht_server_start(&b, &(struct ht_server_opts){.db_url = url}));
	assert_int_equal(ht_sql_int(&b, "SELECT COUNT(*) FROM principal WHERE"
	                                " name = ?", "Kvar efter SIGKILL"), 1);
	assert_int_equal(ht_server_stop(&b), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_clean_stop_is_zero),
		cmocka_unit_test(test_sanitizer_reports_fail_the_stop),
		cmocka_unit_test(test_dead_server_fails_the_stop),
		cmocka_unit_test(test_kill_keeps_the_database),
	};
	return cmocka_run_group_tests_name("harness", tests, NULL, NULL);
}
