/*
 * fuzz_router.c — route matching (src/http/router.c) against the real
 * route table (src/routes.c): "METHOD /path" in, as the server hands the
 * router a method name and a decoded path (which may hold anything but
 * NUL).
 *
 * Promises checked: a match is a row of the table whose method is the
 * request's (HEAD served by GET) and whose pattern matches the path; its
 * captures are the pattern's {names}, each a non-empty segment without
 * '/', read back by req_path_arg and, when numeric, by req_path_id; no
 * match with path_known means some row's pattern matches for another
 * method, and without it no row's pattern matches at all.
 */
#include "fuzz.h"

#include "http/router.h"
#include "routes.h"

/* The number of {name} captures in a pattern. */
static int captures(const char *pattern)
{
	int n = 0;
	for (const char *p = pattern; *p; p++)
		n += *p == '{';
	return n;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = fuzz_string(data, size);
	char *space = strchr(s, ' ');
	const char *method = "GET", *path = s;
	if (space) {
		*space = '\0';
		method = s;
		path = space + 1;
	}
	struct request r;
	fuzz_request_init(&r, NULL, 0, "sv");
	r.method = http_method_parse(method);
	FUZZ_CHECK(r.method >= HTTP_GET && r.method <= HTTP_OTHER);
	FUZZ_CHECK(r.method == HTTP_OTHER ||
	           strcmp(http_method_name(r.method), method) == 0);
	r.path = path;
	bool known = true;
	const struct route *rt = router_match(routes, nroutes, &r, &known);
	enum http_method want = r.method == HTTP_HEAD ? HTTP_GET : r.method;
	if (rt) {
		FUZZ_CHECK(rt >= routes && rt < routes + nroutes);
		FUZZ_CHECK(r.route == rt);
		FUZZ_CHECK(rt->method == want);
		FUZZ_CHECK(router_pattern_matches(rt->pattern, path));
		FUZZ_CHECK(r.npath_args == captures(rt->pattern));
		for (int i = 0; i < r.npath_args; i++) {
			const char *arg = r.path_args[i];
			FUZZ_CHECK(*arg && !strchr(arg, '/'));
			FUZZ_CHECK(strstr(rt->pattern, r.path_arg_names[i]));
			FUZZ_CHECK(req_path_arg(&r, r.path_arg_names[i]));
			int64_t id;
			if (req_path_id(&r, r.path_arg_names[i], &id))
				FUZZ_CHECK(id > 0);
		}
	} else {
		bool any = false;
		for (size_t i = 0; i < nroutes; i++) {
			if (!router_pattern_matches(routes[i].pattern, path))
				continue;
			any = true;
			FUZZ_CHECK(routes[i].method != want);
		}
		FUZZ_CHECK(known == any);
		FUZZ_CHECK(!r.route && r.npath_args == 0);
	}
	fuzz_request_free(&r);
	free(s);
	return 0;
}
