/*
 * test_router.c — matching paths against route patterns: literal
 * segments, {name} captures, no trailing-slash leniency, 405 detection
 * (the path exists for another method), HEAD served by GET routes; and
 * two rules the real route table must keep.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "http/router.h"
#include "routes.h"

static void h_list(struct request *r) { (void)r; }
static void h_show(struct request *r) { (void)r; }
static void h_create(struct request *r) { (void)r; }
static void h_sub(struct request *r) { (void)r; }
static void h_root(struct request *r) { (void)r; }

static const struct route table[] = {
	{HTTP_GET, "/", h_root, 0, false, 0, false},
	{HTTP_GET, "/plans", h_list, 0, false, 0, false},
	{HTTP_POST, "/plans", h_create, 0, true, 0, false},
	{HTTP_GET, "/plans/{id}", h_show, 0, false, 0, false},
	{HTTP_POST, "/plans/{id}/consents/{cid}/withdraw", h_sub, 0, true, 0, false},
};
enum { NTABLE = sizeof table / sizeof table[0] };

struct fixture {
	struct request r;
};

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof *f);
	if (!f)
		return -1;
	arena_init(&f->r.arena, 1 << 20);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;
	arena_free(&f->r.arena);
	free(f);
	return 0;
}

/* Match method + path on a clean request; returns the route. */
static const struct route *match(void **state, enum http_method m,
                                 const char *path, bool *known)
{
	struct fixture *f = *state;
	struct arena keep = f->r.arena;
	memset(&f->r, 0, sizeof f->r);
	f->r.arena = keep;
	f->r.method = m;
	f->r.path = path;
	bool dummy;
	return router_match(table, NTABLE, &f->r, known ? known : &dummy);
}

static struct request *req(void **state)
{
	return &((struct fixture *)*state)->r;
}

static void test_literal_paths(void **state)
{
	bool known;
	const struct route *rt = match(state, HTTP_GET, "/plans", &known);
	assert_non_null(rt);
	assert_ptr_equal(rt->handler, h_list);
	assert_ptr_equal(req(state)->route, rt);
	assert_int_equal(req(state)->npath_args, 0);
	rt = match(state, HTTP_POST, "/plans", &known);
	assert_non_null(rt);
	assert_ptr_equal(rt->handler, h_create);
	rt = match(state, HTTP_GET, "/", &known);
	assert_non_null(rt);
	assert_ptr_equal(rt->handler, h_root);
}

static void test_captures(void **state)
{
	const struct route *rt = match(state, HTTP_GET, "/plans/42", NULL);
	assert_non_null(rt);
	assert_ptr_equal(rt->handler, h_show);
	struct request *r = req(state);
	assert_int_equal(r->npath_args, 1);
	assert_string_equal(req_path_arg(r, "id"), "42");
	assert_null(req_path_arg(r, "cid"));
	int64_t id = 0;
	assert_true(req_path_id(r, "id", &id));
	assert_int_equal(id, 42);

	rt = match(state, HTTP_POST, "/plans/7/consents/99/withdraw", NULL);
	assert_non_null(rt);
	assert_ptr_equal(rt->handler, h_sub);
	r = req(state);
	assert_int_equal(r->npath_args, 2);
	assert_string_equal(req_path_arg(r, "id"), "7");
	assert_string_equal(req_path_arg(r, "cid"), "99");

	/* A capture takes any one segment; the handler checks it. */
	rt = match(state, HTTP_GET, "/plans/abc", NULL);
	assert_non_null(rt);
	assert_false(req_path_id(req(state), "id", &id));
}

static void test_no_match(void **state)
{
	static const char *const paths[] = {
		"/plans/",          /* trailing slash is another path */
		"/plans//",
		"/plans/1/",
		"/plans/1/extra",
		"/plan",
		"/plansx",
		"/PLANS",
		"",
		"//",
		"/plans/7/consents//withdraw", /* empty capture */
		"/plans/7/consents/99",
	};
	for (size_t i = 0; i < sizeof paths / sizeof *paths; i++) {
		bool known = true;
		const struct route *rt = match(state, HTTP_GET, paths[i], &known);
		assert_null(rt);
		assert_false(known);
		assert_null(req(state)->route);
	}
}

static void test_wrong_method_is_405(void **state)
{
	bool known = false;
	assert_null(match(state, HTTP_DELETE, "/plans", &known));
	assert_true(known);
	known = false;
	assert_null(match(state, HTTP_POST, "/plans/3", &known));
	assert_true(known);
	known = false;
	assert_null(match(state, HTTP_GET, "/plans/1/consents/2/withdraw", &known));
	assert_true(known);
	known = true;
	assert_null(match(state, HTTP_DELETE, "/nowhere", &known));
	assert_false(known);
}

static void test_head_uses_get(void **state)
{
	const struct route *rt = match(state, HTTP_HEAD, "/plans/5", NULL);
	assert_non_null(rt);
	assert_ptr_equal(rt->handler, h_show);
	assert_string_equal(req_path_arg(req(state), "id"), "5");
	bool known = false;
	assert_null(match(state, HTTP_HEAD, "/plans/1/consents/2/withdraw", &known));
	assert_true(known);
}

static void test_pattern_matches(void **state)
{
	(void)state;
	assert_true(router_pattern_matches("/a/{x}/b", "/a/1/b"));
	assert_false(router_pattern_matches("/a/{x}/b", "/a//b"));
	assert_false(router_pattern_matches("/a/{x}/b", "/a/1/b/"));
	assert_true(router_pattern_matches("/static/{name}", "/static/style.css"));
	assert_false(router_pattern_matches("/static/{name}", "/static/a/b.css"));
}

static void test_path_ids(void **state)
{
	(void)state;
	int64_t v = 0;
	assert_true(parse_id("1", &v));
	assert_int_equal(v, 1);
	assert_true(parse_id("9223372036854775807", &v));
	assert_int_equal(v, INT64_MAX);
	static const char *const bad[] = {
		NULL, "", "0", "-1", "01", "1a", " 1", "1 ", "+1",
		"9223372036854775808", "99999999999999999999",
	};
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
		v = 77;
		assert_false(parse_id(bad[i], &v));
		assert_int_equal(v, 77);
	}
}

static void test_method_names(void **state)
{
	(void)state;
	static const char *const names[] = {"GET", "HEAD", "POST", "PUT",
	                                    "PATCH", "DELETE", "OPTIONS"};
	for (size_t i = 0; i < sizeof names / sizeof *names; i++) {
		enum http_method m = http_method_parse(names[i]);
		assert_int_not_equal(m, HTTP_OTHER);
		assert_string_equal(http_method_name(m), names[i]);
	}
	assert_int_equal(http_method_parse("get"), HTTP_OTHER);
	assert_int_equal(http_method_parse("BREW"), HTTP_OTHER);
	assert_int_equal(http_method_parse(""), HTTP_OTHER);
}

/* The real table: every write is marked as changing data (so the
 * dispatcher demands a CSRF token), no read is, and no two rows share
 * a method and pattern. */
static void test_route_table_rules(void **state)
{
	(void)state;
	assert_true(nroutes > 0);
	for (size_t i = 0; i < nroutes; i++) {
		const struct route *rt = &routes[i];
		assert_non_null(rt->handler);
		assert_int_equal(rt->pattern[0], '/');
		bool write = rt->method != HTTP_GET && rt->method != HTTP_HEAD;
		if (write != rt->changes)
			fail_msg("route %s %s: changes must be %s",
			         http_method_name(rt->method), rt->pattern,
			         write ? "true" : "false");
		for (size_t k = i + 1; k < nroutes; k++)
			if (routes[k].method == rt->method &&
			    strcmp(routes[k].pattern, rt->pattern) == 0)
				fail_msg("route %s %s appears twice",
				         http_method_name(rt->method), rt->pattern);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_literal_paths, setup, teardown),
		cmocka_unit_test_setup_teardown(test_captures, setup, teardown),
		cmocka_unit_test_setup_teardown(test_no_match, setup, teardown),
		cmocka_unit_test_setup_teardown(test_wrong_method_is_405, setup, teardown),
		cmocka_unit_test_setup_teardown(test_head_uses_get, setup, teardown),
		cmocka_unit_test(test_pattern_matches),
		cmocka_unit_test(test_path_ids),
		cmocka_unit_test(test_method_names),
		cmocka_unit_test(test_route_table_rules),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
