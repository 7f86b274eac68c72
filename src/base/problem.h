/*
 * problem.h — what went wrong, in words a user understands.
 *
 * A user's or data's error (STYLE §7) is recorded here by whoever finds it
 * — the input reader at the door or a domain function — and rendered once
 * by the caller: as a page that says what to fix, or as RFC 9457
 * application/problem+json with an `errors` array of {field, message}.
 * Messages are already translated (the domain knows the caller's
 * language) and allocated in the request's arena.
 */
#ifndef SAMPLAN_PROBLEM_H
#define SAMPLAN_PROBLEM_H

#include <stdbool.h>

#include "base/arena.h"

enum problem_kind {
	PROBLEM_NONE = 0,
	PROBLEM_BAD_REQUEST,  /* 400: malformed body or parameters */
	PROBLEM_UNAUTHORIZED, /* 401: not logged in */
	PROBLEM_FORBIDDEN,    /* 403: logged in, lacks the capability / CSRF */
	PROBLEM_NOT_FOUND,    /* 404: absent, or not visible to the caller */
	PROBLEM_METHOD,       /* 405: the path exists, not for this method */
	PROBLEM_CONFLICT,     /* 409: not allowed in the current state */
	PROBLEM_TOO_LARGE,    /* 413 */
	PROBLEM_INVALID,      /* 422: well-formed but breaks a rule */
	PROBLEM_THROTTLED,    /* 429 */
	PROBLEM_INTERNAL,     /* 500 */
	PROBLEM_UNAVAILABLE,  /* 503: the database cannot be reached */
};

enum { PROBLEM_MAX_FIELDS = 48, PROBLEM_MAX_ALLOWED = 8 };

struct problem_field {
	const char *field;   /* the input's name, e.g. "personnummer" */
	const char *message; /* what to fix, translated */
};

struct problem {
	enum problem_kind kind;
	const char *detail; /* one sentence for the whole problem */
	struct problem_field fields[PROBLEM_MAX_FIELDS];
	int nfields;
	/* A refused state transition names where the plan is and where it
	 * may go (DOMAIN.md's state machine). */
	const char *current_state;
	const char *allowed[PROBLEM_MAX_ALLOWED];
	int nallowed;
	int retry_after_s; /* THROTTLED: seconds to wait */
};

/* Set the kind and detail (printf-style; the format is a translated
 * string). Returns false so domain code can `return problem_set(...)`. */
bool problem_set(struct problem *p, struct arena *a, enum problem_kind kind,
                 const char *fmt, ...) __attribute__((format(printf, 4, 5)));

/* Add a field error and make the kind INVALID if none is set. A second
 * error for the same field is dropped (the first says what to fix).
 * Returns false. */
bool problem_field(struct problem *p, struct arena *a, const char *field,
                   const char *fmt, ...) __attribute__((format(printf, 4, 5)));

/* The message for `field`, or NULL. */
const char *problem_field_message(const struct problem *p, const char *field);

static inline bool problem_any(const struct problem *p)
{
	return p->kind != PROBLEM_NONE;
}

/* HTTP status code for a kind. */
int problem_http_status(enum problem_kind kind);

#endif
