/*
 * api_common.c — what every API handler shares: the domain context and
 * rendering a problem.
 */
#include "api/api.h"
#include "http/json.h"
#include "routes.h"

struct ctx api_ctx(struct request *r) { return request_ctx(r); }

void api_problem(struct request *r) { json_problem(r, &r->problem); }
