/*
 * test_redirect.c — resp_redirect (src/http/request.c) only ever sends
 * the browser to a path of this site: "/x" as given; anything else —
 * absent, relative, "//host", "/\host", or a path with a control
 * character that a browser drops to make one of those ("/\t/host",
 * found by tests/fuzz/fuzz_http.c) — goes to "/".
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "base/limits.h"
#include "http/request.h"

static const struct {
	const char *path;
	const char *location;
} cases[] = {
	{"/plans/7?done=saved#goals", "/plans/7?done=saved#goals"},
	{"/", "/"},
	{"/login?next=%2F%2Fevil", "/login?next=%2F%2Fevil"},
	{NULL, "/"},
	{"", "/"},
	{"plans/7", "/"},
	{"https://evil.example/", "/"},
	{"//evil.example/", "/"},
	{"/\\evil.example/", "/"},
	{"/\t/evil.example/", "/"},
	{"/\n/evil.example/", "/"},
	{"/\r\n/evil.example", "/"},
	{"/plans/7\r\nSet-Cookie: x=1", "/"},
	{"/a\x7f", "/"},
	{"/a\x01", "/"},
};

static void test_redirect_stays_on_site(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		struct request r;
		memset(&r, 0, sizeof r);
		arena_init(&r.arena, LIMIT_REQUEST_ARENA);
		buf_init(&r.out, LIMIT_RESPONSE);
		resp_redirect(&r, cases[i].path);
		assert_int_equal(r.status, 303);
		assert_int_equal(r.nheaders, 1);
		assert_string_equal(r.headers[0].name, "Location");
		if (strcmp(r.headers[0].value, cases[i].location) != 0)
			fail_msg("case %zu: Location \"%s\", want \"%s\"", i,
			         r.headers[0].value, cases[i].location);
		buf_free(&r.out);
		arena_free(&r.arena);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_redirect_stays_on_site),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
