/*
 * api_json.h — the JSON shapes of the directory's objects, one function
 * each, so every endpoint that returns a user (or a unit...) returns the
 * same fields. Field names are DOMAIN.md's, in snake_case. Each writes
 * one JSON object with the writer of http/json.h.
 */
#ifndef SAMPLAN_API_JSON_H
#define SAMPLAN_API_JSON_H

#include "http/json.h"
#include "sip/org.h"
#include "sip/user.h"

/* The user; csrf_token (may be NULL) is added for /me over a session. */
void api_json_user(struct json_writer *w, const struct user *u,
                   const char *csrf_token);
void api_json_unit(struct json_writer *w, const struct unit *u);
void api_json_principal(struct json_writer *w, const struct principal *p);

#endif
