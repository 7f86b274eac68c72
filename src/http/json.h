/*
 * json.h — the one JSON writer (STYLE §4: escape by default), and RFC
 * 9457 problem details.
 *
 * The writer streams straight into the response buffer: no tree of
 * objects is built, so a plan of a hundred rows costs no allocations
 * beyond the buffer's. It keeps the commas and nesting itself; strings
 * are always escaped. (jansson still parses request bodies.)
 *
 *     struct json_writer w;
 *     json_start(r, 200, &w);
 *     jw_object(&w);
 *     jw_kint(&w, "id", plan->id);
 *     jw_kstr(&w, "state", "active");   // NULL writes null
 *     jw_key(&w, "goals");
 *     jw_array(&w); ... jw_end(&w);
 *     jw_end(&w);
 */
#ifndef SAMPLAN_JSON_H
#define SAMPLAN_JSON_H

#include <stdbool.h>
#include <stdint.h>

#include "base/buf.h"
#include "base/problem.h"
#include "http/request.h"

enum { JSON_MAX_DEPTH = 32 };

struct json_writer {
	struct buf *out;
	int depth;
	bool has_item[JSON_MAX_DEPTH]; /* the container at depth has items */
	char closer[JSON_MAX_DEPTH];    /* '}' or ']' */
	bool after_key;
};

/* Write into any buffer (tests, exports). */
void jw_init(struct json_writer *w, struct buf *out);

/* Start a JSON response: status, Content-Type application/json, and a
 * writer over the (emptied) response body. */
void json_start(struct request *r, int status, struct json_writer *w);

void jw_object(struct json_writer *w);
void jw_array(struct json_writer *w);
/* Close the innermost object or array. */
void jw_end(struct json_writer *w);
void jw_key(struct json_writer *w, const char *key);

/* Values. A NULL string is written as null; jw_id writes 0 as null. */
void jw_str(struct json_writer *w, const char *s);
void jw_int(struct json_writer *w, int64_t v);
void jw_id(struct json_writer *w, int64_t v);
/* A number with that many decimals (a share, a mean). */
void jw_decimal(struct json_writer *w, double v, int decimals);
void jw_bool(struct json_writer *w, bool v);
void jw_null(struct json_writer *w);

/* Members: key and value in one call. */
void jw_kstr(struct json_writer *w, const char *key, const char *s);
void jw_kint(struct json_writer *w, const char *key, int64_t v);
void jw_kid(struct json_writer *w, const char *key, int64_t v);
void jw_kbool(struct json_writer *w, const char *key, bool v);
/* An array of strings as a member. */
void jw_kstrs(struct json_writer *w, const char *key, const char *const *s,
              int n);

/* A JSON document serialised elsewhere (jansson's json_dumps, which
 * escapes every string, as the FHIR export does): the status, the
 * content type and the body. False, with the body emptied, when it is
 * larger than the response cap; the caller then answers an error. */
bool json_send_text(struct request *r, int status, const char *content_type,
                    const char *text, size_t len);

/* Write a problem as application/problem+json: type, title, status,
 * detail, instance, and `errors` [{field, message}] for field errors;
 * a refused transition adds current_state and allowed_next. */
void json_problem(struct request *r, const struct problem *p);

#endif
