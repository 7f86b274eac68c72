/*
 * api_json.h — the JSON shapes of domain objects, one function each, so
 * every endpoint that returns a user (or a unit...) returns the same
 * fields. Field names are DOMAIN.md's, in snake_case.
 */
#ifndef SAMPLAN_API_JSON_H
#define SAMPLAN_API_JSON_H

#include <jansson.h>

#include "sip/org.h"
#include "sip/user.h"

json_t *api_json_user(const struct user *u);
json_t *api_json_unit(const struct unit *u);
json_t *api_json_principal(const struct principal *p);

#endif
