/*
 * api_common.c — what every API handler shares: the domain context,
 * rendering a problem, the ids of the path and reading the body.
 */
#include "api/api.h"
#include "form/forms.h"
#include "http/input.h"
#include "http/json.h"
#include "routes.h"

struct ctx api_ctx(struct request *r) { return request_ctx(r); }

void api_problem(struct request *r) { json_problem(r, &r->problem); }

bool api_path_id(struct request *r, const char *name, int64_t *id)
{
	if (req_path_id(r, name, id))
		return true;
	struct ctx ctx = api_ctx(r);
	ctx_not_found(&ctx);
	api_problem(r);
	return false;
}

bool api_read_form(struct request *r, const struct field *fields, size_t n,
                   struct form *f)
{
	if (form_read(r, &r->problem, fields, n, f))
		return true;
	api_problem(r);
	return false;
}
