/*
 * api_input.h — reading nested JSON (arrays of objects: goals,
 * interventions, invitations, participants) with the same door checks
 * as the field tables of http/input.h: well-formed UTF-8, no control
 * characters, within the cap, the declared type. A failure is a field
 * error under the element's full name ("goals[2].text") in r->problem,
 * and the value reads as absent.
 */
#ifndef SAMPLAN_API_INPUT_H
#define SAMPLAN_API_INPUT_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "http/request.h"

/* The request's JSON object, or NULL (then a 400 problem is set). */
json_t *api_body(struct request *r);

/* Text (NULL when absent, null or empty after trimming). */
const char *api_text(struct request *r, json_t *obj, const char *key,
                     const char *field, size_t max, bool multiline);
/* Integer id > 0 (0 when absent or null). */
int64_t api_id(struct request *r, json_t *obj, const char *key,
               const char *field);
/* Integer (def when absent). */
int64_t api_int(struct request *r, json_t *obj, const char *key,
                const char *field, int64_t def);
/* Boolean (false when absent). */
bool api_bool(struct request *r, json_t *obj, const char *key,
              const char *field);
/* An array of at most max items (NULL when absent or wrong). */
json_t *api_array(struct request *r, json_t *obj, const char *key,
                  const char *field, size_t max);
/* The field name for element i of a list: "list[i].key". */
const char *api_field(struct request *r, const char *list, size_t i,
                      const char *key);

#endif
