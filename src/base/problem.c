/*
 * problem.c — collecting what went wrong (see problem.h).
 */
#include "base/problem.h"

#include <stdarg.h>
#include <string.h>

bool problem_set(struct problem *p, struct arena *a, enum problem_kind kind,
                 const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	p->detail = arena_vprintf(a, fmt, ap);
	va_end(ap);
	p->kind = kind;
	return false;
}

bool problem_field(struct problem *p, struct arena *a, const char *field,
                   const char *fmt, ...)
{
	if (p->kind == PROBLEM_NONE)
		p->kind = PROBLEM_INVALID;
	if (problem_field_message(p, field) || p->nfields >= PROBLEM_MAX_FIELDS)
		return false;
	va_list ap;
	va_start(ap, fmt);
	p->fields[p->nfields].message = arena_vprintf(a, fmt, ap);
	va_end(ap);
	p->fields[p->nfields].field = arena_strdup(a, field);
	p->nfields++;
	return false;
}

const char *problem_field_message(const struct problem *p, const char *field)
{
	for (int i = 0; i < p->nfields; i++)
		if (strcmp(p->fields[i].field, field) == 0)
			return p->fields[i].message;
	return NULL;
}

int problem_http_status(enum problem_kind kind)
{
	switch (kind) {
	case PROBLEM_NONE: return 200;
	case PROBLEM_BAD_REQUEST: return 400;
	case PROBLEM_UNAUTHORIZED: return 401;
	case PROBLEM_FORBIDDEN: return 403;
	case PROBLEM_NOT_FOUND: return 404;
	case PROBLEM_METHOD: return 405;
	case PROBLEM_CONFLICT: return 409;
	case PROBLEM_TOO_LARGE: return 413;
	case PROBLEM_INVALID: return 422;
	case PROBLEM_THROTTLED: return 429;
	case PROBLEM_INTERNAL: return 500;
	case PROBLEM_UNAVAILABLE: return 503;
	}
	return 500;
}
