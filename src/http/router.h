/*
 * router.h — the route table's row and the matcher (STYLE §2).
 *
 * The table itself is src/routes.c: every route on one line, with the
 * capability it needs and whether it changes data (and so needs a CSRF
 * token). This file only knows how to match a path against patterns like
 * "/api/v1/plans/{id}/consents/{cid}/withdraw": `{name}` captures one
 * non-empty path segment, read back with req_path_arg().
 */
#ifndef SAMPLAN_ROUTER_H
#define SAMPLAN_ROUTER_H

#include <stdbool.h>
#include <stddef.h>

#include "http/request.h"

struct route {
	enum http_method method;
	const char *pattern;
	void (*handler)(struct request *r);
	unsigned capability; /* meaning defined by the dispatcher */
	bool changes;        /* a write: CSRF token required for cookies */
	size_t max_body;     /* 0: LIMIT_FORM_BODY */
	bool without_db;     /* answers even when the database is down */
};

/* The route for r->method and r->path, filling r's path arguments.
 * NULL if none; then *path_known says whether the path exists for some
 * other method (405 rather than 404). HEAD matches GET routes. */
const struct route *router_match(const struct route *table, size_t n,
                                 struct request *r, bool *path_known);

/* True if `path` matches `pattern` (used by tests and the OpenAPI check). */
bool router_pattern_matches(const char *pattern, const char *path);

enum http_method http_method_parse(const char *name);
const char *http_method_name(enum http_method m);

#endif
