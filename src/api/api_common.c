/*
 * api_common.c — what every API handler shares: the domain context and
 * rendering a problem.
 */
#include "api/api.h"
#include "http/json.h"

struct ctx api_ctx(struct request *r)
{
	return (struct ctx){
		.db = r->db,
		.arena = &r->arena,
		.problem = &r->problem,
		.user = r->user,
		.client_addr = r->client_addr,
		.lang = r->lang,
		.now = r->now,
		.audit_defer = r->defer_audit ? &r->audit_pending : NULL,
	};
}

void api_problem(struct request *r) { json_problem(r, &r->problem); }
