/*
 * json.h — JSON responses (jansson), including RFC 9457 problem details.
 *
 * jansson escapes every string it writes, so JSON output cannot be
 * injected into (STYLE §4's rule for JSON).
 */
#ifndef SAMPLAN_JSON_H
#define SAMPLAN_JSON_H

#include <jansson.h>
#include <stdint.h>

#include "base/problem.h"
#include "http/request.h"

/* Write `value` as the response with `status` (application/json). Takes
 * the reference. */
void json_respond(struct request *r, int status, json_t *value);

/* Write a problem as application/problem+json: type, title, status,
 * detail, instance, and `errors` [{field, message}] for field errors;
 * a refused transition adds current_state and allowed_next. */
void json_problem(struct request *r, const struct problem *p);

/* Builders that accept NULL (→ JSON null) and 0 ids (→ null). */
json_t *json_str_or_null(const char *s);
json_t *json_id_or_null(int64_t id);

#endif
