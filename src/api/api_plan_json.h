/*
 * api_plan_json.h — JSON shapes of persons and plans for the API (and
 * for anything else that exports them as JSON). One function per shape,
 * so every endpoint that returns a plan returns the same fields.
 */
#ifndef SAMPLAN_API_PLAN_JSON_H
#define SAMPLAN_API_PLAN_JSON_H

#include <jansson.h>

#include "sip/person.h"
#include "sip/plan.h"

json_t *api_json_person(const struct person *p);
json_t *api_json_plan(const struct plan *p);
json_t *api_json_plan_summary(const struct plan_summary *s);
json_t *api_json_version(const struct plan_version *v);
json_t *api_json_invitation(const struct invitation *i);

#endif
