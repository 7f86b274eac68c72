/*
 * test_openapi.c — docs/openapi.yaml and the route table (src/routes.c)
 * agree: every API route is documented with its method, and every
 * documented operation is a route (no stale documentation).
 *
 * The routes in scope are those whose pattern starts with "/api/" or
 * "/fhir/" (the FHIR R4 export), "/healthz", and the documents that end
 * in ".pdf" (pages an API token may fetch too). The document is read
 * from docs/openapi.yaml relative to the working directory (tests run
 * from the repository's root).
 *
 * The scan is line-based, not a YAML parser. It assumes the layout that
 * docs/openapi.yaml keeps (and states in its header):
 *   - the paths section starts with a line "paths:" at column 0 and ends
 *     at the next line that has a non-blank character other than '#' at
 *     column 0 (the next top-level key);
 *   - a path is a key indented by exactly two spaces, starting with '/':
 *     "  /api/v1/units/{id}:" (it may be quoted with ' or ");
 *   - an operation is a key indented by exactly four spaces whose name is
 *     a lower-case HTTP method: "    get:", "    post:" (other keys at
 *     that depth — parameters, summary, $ref — are not operations);
 *   - no flow style ({...}) for the paths object or a path item, no
 *     anchors or aliases for them, no tabs; blank lines and comment lines
 *     are skipped anywhere.
 * Path templates must be written as in the route table: "{id}", not
 * "{unit_id}" for a route with "{id}". HEAD is not listed (the router
 * answers HEAD wherever GET is).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "http/router.h"
#include "routes.h"

#define OPENAPI_PATH "docs/openapi.yaml"

enum { MAX_OPS = 512, MAX_TEXT = 256 };

struct op {
	char path[MAX_TEXT];
	char method[16]; /* upper case, as http_method_name() */
	int line;
};

struct doc {
	struct op ops[MAX_OPS];
	int nops;
	int npaths;
	bool has_openapi_31;
	bool has_paths;
};

static struct doc doc;

static int indent_of(const char *s)
{
	int n = 0;
	while (s[n] == ' ')
		n++;
	return n;
}

/* The key of "  key: ..." at the given indentation, unquoted, into out;
 * false if the line is not such a key. */
static bool key_at(const char *line, int indent, char *out, size_t outlen)
{
	if (indent_of(line) != indent)
		return false;
	const char *p = line + indent;
	char quote = 0;
	if (*p == '\'' || *p == '"')
		quote = *p++;
	size_t n = 0;
	while (p[n] && (quote ? p[n] != quote : p[n] != ':'))
		n++;
	if (!p[n] || n == 0 || n >= outlen)
		return false;
	memcpy(out, p, n);
	out[n] = '\0';
	p += n;
	if (quote)
		p++;
	if (*p != ':')
		return false;
	return p[1] == '\0' || p[1] == ' ' || p[1] == '\n' || p[1] == '\r';
}

static bool is_http_method(const char *k)
{
	static const char *const methods[] = {"get", "put", "post", "delete",
	                                      "options", "head", "patch", "trace"};
	for (size_t i = 0; i < sizeof methods / sizeof *methods; i++)
		if (strcmp(k, methods[i]) == 0)
			return true;
	return false;
}

static bool blank_or_comment(const char *line)
{
	const char *p = line;
	while (*p == ' ')
		p++;
	return *p == '\0' || *p == '\n' || *p == '\r' || *p == '#';
}

static int read_doc(void **state)
{
	(void)state;
	memset(&doc, 0, sizeof doc);
	FILE *f = fopen(OPENAPI_PATH, "r");
	if (!f) {
		fprintf(stderr, "cannot open %s (run the tests from the "
		                "repository's root)\n", OPENAPI_PATH);
		return -1;
	}
	char line[4096];
	char path[MAX_TEXT] = "";
	bool in_paths = false;
	int lineno = 0;
	while (fgets(line, sizeof line, f)) {
		lineno++;
		if (strchr(line, '\t'))
			fprintf(stderr, "%s:%d: a tab; the scan assumes spaces\n",
			        OPENAPI_PATH, lineno);
		if (blank_or_comment(line))
			continue;
		if (indent_of(line) == 0) {
			if (strncmp(line, "openapi: 3.1", 12) == 0)
				doc.has_openapi_31 = true;
			in_paths = strncmp(line, "paths:", 6) == 0;
			doc.has_paths |= in_paths;
			path[0] = '\0';
			continue;
		}
		if (!in_paths)
			continue;
		char key[MAX_TEXT];
		if (key_at(line, 2, key, sizeof key)) {
			snprintf(path, sizeof path, "%s", key);
			doc.npaths++;
			continue;
		}
		if (path[0] == '/' && key_at(line, 4, key, sizeof key) &&
		    is_http_method(key)) {
			if (doc.nops == MAX_OPS) {
				fprintf(stderr, "%s: more than %d operations\n",
				        OPENAPI_PATH, MAX_OPS);
				fclose(f);
				return -1;
			}
			struct op *o = &doc.ops[doc.nops++];
			snprintf(o->path, sizeof o->path, "%s", path);
			for (size_t i = 0; key[i] && i < sizeof o->method - 1; i++)
				o->method[i] = (char)toupper((unsigned char)key[i]);
			o->line = lineno;
		}
	}
	fclose(f);
	return 0;
}

static bool in_scope(const char *pattern)
{
	size_t n = strlen(pattern);
	/* The PDFs are pages that API tokens fetch too (h/print): documented.
	 * Min SIP's (/citizen/...) are not: only a citizen's session reaches
	 * them, never a token (h/cextract). */
	bool pdf = n > 4 && strcmp(pattern + n - 4, ".pdf") == 0 &&
	           strncmp(pattern, "/citizen/", 9) != 0;
	return strncmp(pattern, "/api/", 5) == 0 ||
	       strncmp(pattern, "/fhir/", 6) == 0 ||
	       strcmp(pattern, "/healthz") == 0 || pdf;
}

static bool documented(const char *pattern, const char *method)
{
	for (int i = 0; i < doc.nops; i++)
		if (strcmp(doc.ops[i].path, pattern) == 0 &&
		    strcmp(doc.ops[i].method, method) == 0)
			return true;
	return false;
}

static bool routed(const char *path, const char *method)
{
	for (size_t i = 0; i < nroutes; i++)
		if (strcmp(routes[i].pattern, path) == 0 &&
		    strcmp(http_method_name(routes[i].method), method) == 0)
			return true;
	return false;
}

/* The scan found a document to compare: an OpenAPI 3.1 file with a paths
 * section and operations (a layout change that hides every path from the
 * scan must not pass as "nothing to check"). */
static void test_document_scanned(void **state)
{
	(void)state;
	assert_true(doc.has_openapi_31);
	assert_true(doc.has_paths);
	assert_true(doc.npaths > 0);
	assert_true(doc.nops >= doc.npaths);
}

static void test_every_api_route_is_documented(void **state)
{
	(void)state;
	int missing = 0, checked = 0;
	for (size_t i = 0; i < nroutes; i++) {
		if (!in_scope(routes[i].pattern))
			continue;
		checked++;
		const char *m = http_method_name(routes[i].method);
		if (!documented(routes[i].pattern, m)) {
			fprintf(stderr, "route %s %s (src/routes.c) is not in %s\n", m,
			        routes[i].pattern, OPENAPI_PATH);
			missing++;
		}
	}
	assert_true(checked > 0);
	assert_int_equal(missing, 0);
}

static void test_every_documented_operation_is_a_route(void **state)
{
	(void)state;
	int stale = 0;
	for (int i = 0; i < doc.nops; i++) {
		const struct op *o = &doc.ops[i];
		if (!in_scope(o->path)) {
			fprintf(stderr, "%s:%d: %s %s is outside /api/, /fhir/ and /healthz\n",
			        OPENAPI_PATH, o->line, o->method, o->path);
			stale++;
		} else if (!routed(o->path, o->method)) {
			fprintf(stderr, "%s:%d: %s %s is not a route in src/routes.c\n",
			        OPENAPI_PATH, o->line, o->method, o->path);
			stale++;
		}
	}
	assert_int_equal(stale, 0);
}

/* Each documented path is listed once (a second entry for the same path
 * would be merged or dropped by YAML readers). */
static void test_paths_listed_once(void **state)
{
	(void)state;
	int dup = 0;
	for (int i = 0; i < doc.nops; i++)
		for (int k = 0; k < i; k++)
			if (strcmp(doc.ops[i].path, doc.ops[k].path) == 0 &&
			    strcmp(doc.ops[i].method, doc.ops[k].method) == 0) {
				fprintf(stderr, "%s:%d: %s %s again (first at line %d)\n",
				        OPENAPI_PATH, doc.ops[i].line, doc.ops[i].method,
				        doc.ops[i].path, doc.ops[k].line);
				dup++;
			}
	assert_int_equal(dup, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_document_scanned),
		cmocka_unit_test(test_every_api_route_is_documented),
		cmocka_unit_test(test_every_documented_operation_is_a_route),
		cmocka_unit_test(test_paths_listed_once),
	};
	return cmocka_run_group_tests_name("openapi", tests, read_doc, NULL);
}
