/*
 * api.h — the handlers of the JSON API under /api/v1, one file per
 * resource in src/api/. They call the same src/sip/ functions as the
 * pages. Documented in docs/openapi.yaml (a test keeps the two in step).
 */
#ifndef SAMPLAN_API_H
#define SAMPLAN_API_H

#include "http/request.h"
#include "sip/ctx.h"

/* Render r->problem as problem+json. */
void api_problem(struct request *r);
/* The domain context for this request. */
struct ctx api_ctx(struct request *r);

/* api_health.c */
void api_health(struct request *r);

/* api_me.c */
void api_me(struct request *r);

/* api_directory.c */
void api_principals_list(struct request *r);
void api_principals_create(struct request *r);
void api_units_list(struct request *r);
void api_units_get(struct request *r);
void api_units_create(struct request *r);
void api_units_update(struct request *r);
void api_users_list(struct request *r);
void api_users_get(struct request *r);
void api_users_create(struct request *r);
void api_users_deactivate(struct request *r);

#endif
