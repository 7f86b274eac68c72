/*
 * router.c — segment-by-segment matching of paths against the route
 * table's patterns. A linear scan: the table has a few hundred rows at
 * most and each comparison stops at the first differing segment.
 */
#include "http/router.h"

#include <string.h>

/* Match; when names/values are given, store captures (up to max). */
static bool match(const char *pattern, const char *path, struct request *r)
{
	const char *p = pattern, *u = path;
	int nargs = 0;
	while (*p && *u) {
		if (*p == '{') {
			const char *close = strchr(p, '}');
			const char *seg_end = strchr(u, '/');
			size_t seglen = seg_end ? (size_t)(seg_end - u) : strlen(u);
			if (!close || seglen == 0 || nargs == REQUEST_MAX_PATH_ARGS)
				return false;
			if (r) {
				r->path_arg_names[nargs] =
					arena_strndup(&r->arena, p + 1,
					              (size_t)(close - p - 1));
				r->path_args[nargs] =
					arena_strndup(&r->arena, u, seglen);
			}
			nargs++;
			p = close + 1;
			u += seglen;
			continue;
		}
		if (*p != *u)
			return false;
		p++;
		u++;
	}
	if (*p || *u)
		return false;
	if (r)
		r->npath_args = nargs;
	return true;
}

bool router_pattern_matches(const char *pattern, const char *path)
{
	return match(pattern, path, NULL);
}

const struct route *router_match(const struct route *table, size_t n,
                                 struct request *r, bool *path_known)
{
	enum http_method m = r->method == HTTP_HEAD ? HTTP_GET : r->method;
	*path_known = false;
	for (size_t i = 0; i < n; i++) {
		if (!match(table[i].pattern, r->path, NULL))
			continue;
		if (table[i].method != m) {
			*path_known = true;
			continue;
		}
		match(table[i].pattern, r->path, r);
		r->route = &table[i];
		return &table[i];
	}
	return NULL;
}

static const char *const method_names[] = {
	[HTTP_GET] = "GET",         [HTTP_HEAD] = "HEAD",
	[HTTP_POST] = "POST",       [HTTP_PUT] = "PUT",
	[HTTP_PATCH] = "PATCH",     [HTTP_DELETE] = "DELETE",
	[HTTP_OPTIONS] = "OPTIONS", [HTTP_OTHER] = "OTHER",
};

enum http_method http_method_parse(const char *name)
{
	for (int m = HTTP_GET; m < HTTP_OTHER; m++)
		if (strcmp(name, method_names[m]) == 0)
			return (enum http_method)m;
	return HTTP_OTHER;
}

const char *http_method_name(enum http_method m)
{
	return method_names[m];
}
