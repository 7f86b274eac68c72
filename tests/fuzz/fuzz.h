/*
 * fuzz.h — what the libFuzzer targets in tests/fuzz/ share.
 *
 * Each fuzz_<name>.c defines LLVMFuzzerTestOneInput for one parser and
 * checks, besides "no crash, no sanitizer report, no leak", the parser's
 * own promises (FUZZ_CHECK aborts, which libFuzzer reports as a crash
 * with the input that did it). Seeds: tests/fuzz/corpus/<name>/. How they
 * are built and run: docs/security-testing.md.
 */
#ifndef SAMPLAN_FUZZ_H
#define SAMPLAN_FUZZ_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/arena.h"
#include "base/buf.h"
#include "base/limits.h"
#include "http/input.h"
#include "http/request.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* A broken promise of the code under test: report and abort. */
#define FUZZ_CHECK(cond)                                                   \
	do {                                                               \
		if (!(cond)) {                                             \
			fprintf(stderr, "%s:%d: FUZZ_CHECK failed: %s\n",  \
			        __FILE__, __LINE__, #cond);                \
			abort();                                           \
		}                                                          \
	} while (0)

/* The input as a NUL-terminated string (cut at its first NUL, as a C
 * caller would see it); free() it. */
static inline char *fuzz_string(const uint8_t *data, size_t size)
{
	char *s = malloc(size + 1);
	if (!s)
		abort();
	memcpy(s, data, size);
	s[size] = '\0';
	return s;
}

/* A request as the server makes it, without a connection: an arena, the
 * body (capped like a form body) and a language. */
static inline void fuzz_request_init(struct request *r, const uint8_t *body,
                                     size_t len, const char *lang)
{
	memset(r, 0, sizeof *r);
	arena_init(&r->arena, LIMIT_REQUEST_ARENA);
	buf_init(&r->body, LIMIT_FORM_BODY);
	r->lang = lang;
	r->status = 200;
	if (!buf_append(&r->body, body, len))
		r->body_too_large = true;
}

static inline void fuzz_request_free(struct request *r)
{
	input_release(r);
	buf_free(&r->body);
	arena_free(&r->arena);
}

#endif
