/*
 * api_fhir.c — GET /fhir/CarePlan/{id} and /fhir/CarePlan/{id}/$everything:
 * a plan as HL7 FHIR R4 JSON (src/doc/fhir.h; the mapping in
 * docs/fhir.md).
 *
 * The caller is found as for /api/v1 (routes.c): an API token
 * (Authorization: Bearer) or a signed-in session; the route needs
 * CAP_WORK, and the plan's own access rule and audit record are
 * fhir_export's (plan_get_for, one "plan.export" record per request).
 *
 * Content negotiation: Accept application/fhir+json, application/json,
 * "application/" with any subtype, any type at all, or no Accept get
 * application/fhir+json; anything else is 406. FHIR's _format parameter, when given, decides
 * instead (json, application/fhir+json, application/json).
 *
 * Errors are OperationOutcome resources with the status the JSON API
 * would give (404 for a plan that is absent or not visible, 401 without
 * credentials): FHIR clients read those, not problem+json. Errors the
 * dispatcher finds before the handler runs come here too (routes.c,
 * render_problem, for every path under /fhir/).
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "api/api.h"
#include "base/die.h"
#include "base/i18n.h"
#include "doc/fhir.h"
#include "http/json.h"
#include "http/server.h"

#define FHIR_JSON "application/fhir+json"

/* FHIR's issue type (http://hl7.org/fhir/issue-type) of a problem. */
static const char *issue_code(enum problem_kind k)
{
	switch (k) {
	case PROBLEM_NONE: return "informational";
	case PROBLEM_BAD_REQUEST: return "invalid";
	case PROBLEM_UNAUTHORIZED: return "login";
	case PROBLEM_FORBIDDEN: return "forbidden";
	case PROBLEM_NOT_FOUND: return "not-found";
	case PROBLEM_METHOD: return "not-supported";
	case PROBLEM_CONFLICT: return "conflict";
	case PROBLEM_TOO_LARGE: return "too-long";
	case PROBLEM_INVALID: return "invalid";
	case PROBLEM_THROTTLED: return "throttled";
	case PROBLEM_INTERNAL: return "exception";
	case PROBLEM_UNAVAILABLE: return "transient";
	}
	return "exception";
}

static void outcome(struct request *r, int status, const char *code,
                    const struct problem *p, const char *detail)
{
	struct json_writer w;
	json_start(r, status, &w);
	r->content_type = FHIR_JSON;
	jw_object(&w);
	jw_kstr(&w, "resourceType", "OperationOutcome");
	jw_key(&w, "issue");
	jw_array(&w);
	jw_object(&w);
	jw_kstr(&w, "severity", "error");
	jw_kstr(&w, "code", code);
	jw_kstr(&w, "diagnostics", detail);
	jw_end(&w);
	for (int i = 0; p && i < p->nfields; i++) {
		jw_object(&w);
		jw_kstr(&w, "severity", "error");
		jw_kstr(&w, "code", "invalid");
		jw_kstr(&w, "diagnostics", p->fields[i].message);
		jw_kstrs(&w, "expression", &p->fields[i].field, 1);
		jw_end(&w);
	}
	jw_end(&w);
	jw_end(&w);
}

void api_fhir_problem(struct request *r)
{
	const struct problem *p = &r->problem;
	const char *detail = p->detail ? p->detail
	                               : tr(r->lang, "Rätta de markerade fälten.");
	outcome(r, problem_http_status(p->kind), issue_code(p->kind), p, detail);
	if (p->kind == PROBLEM_THROTTLED && p->retry_after_s > 0)
		resp_header(r, "Retry-After",
		            arena_printf(&r->arena, "%d", p->retry_after_s));
	if (p->kind == PROBLEM_UNAUTHORIZED)
		resp_header(r, "WWW-Authenticate", "Bearer realm=\"samplan\"");
}

/* One media range of an Accept header ("application/fhir+json;q=0.9")
 * that we can answer: one of ours, without q=0 ("not this one"). */
static bool media_ok(const char *s, size_t n)
{
	static const char *const ours[] = {FHIR_JSON, "application/json",
	                                   "application/*", "*/*"};
	char range[128];
	while (n && (*s == ' ' || *s == '\t'))
		s++, n--;
	if (n >= sizeof range)
		return false;
	memcpy(range, s, n);
	range[n] = '\0';
	char *params = strchr(range, ';');
	if (params) {
		*params++ = '\0';
		const char *q = strstr(params, "q=");
		if (q && strtod(q + 2, NULL) <= 0.0)
			return false;
	}
	size_t len = strcspn(range, " \t");
	range[len] = '\0';
	for (size_t i = 0; i < sizeof ours / sizeof *ours; i++)
		if (strcasecmp(range, ours[i]) == 0)
			return true;
	return false;
}

static bool acceptable(struct request *r)
{
	const char *format = req_query(r, "_format");
	if (format)
		return strcmp(format, "json") == 0 || strcmp(format, FHIR_JSON) == 0 ||
		       strcmp(format, "application/json") == 0;
	const char *accept = req_header(r, "Accept");
	if (!accept || !*accept)
		return true;
	for (const char *s = accept; *s;) {
		const char *comma = strchr(s, ',');
		size_t n = comma ? (size_t)(comma - s) : strlen(s);
		if (media_ok(s, n))
			return true;
		s += n + (comma ? 1 : 0);
	}
	return false;
}

/* The endpoint's absolute URL for the Bundle's fullUrls: the Host the
 * client asked (only host-name characters; else "localhost"), https
 * behind TLS (--secure). */
static const char *base_url(struct request *r)
{
	const struct server_config *cfg = server_config();
	const char *host = req_header(r, "Host");
	if (!host || !*host || strlen(host) > 255 ||
	    host[strspn(host, "abcdefghijklmnopqrstuvwxyz"
	                      "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.-:[]")])
		host = "localhost";
	return arena_printf(&r->arena, "%s://%s/fhir",
	                    cfg && cfg->secure ? "https" : "http", host);
}

static void answer(struct request *r, enum fhir_export what)
{
	if (!acceptable(r)) {
		outcome(r, 406, "not-supported", NULL,
		        tr(r->lang, "Planen kan bara hämtas som FHIR JSON "
		                    "(Accept: application/fhir+json)."));
		return;
	}
	struct ctx ctx = api_ctx(r);
	int64_t id;
	json_t *out = NULL;
	if (!req_path_id(r, "id", &id)) {
		ctx_not_found(&ctx);
		api_fhir_problem(r);
		return;
	}
	if (!fhir_export(&ctx, id, what, base_url(r), &out)) {
		if (!problem_any(&r->problem)) /* a refusal always says why */
			problem_set(&r->problem, &r->arena, PROBLEM_INTERNAL, "%s",
			            tr(r->lang, "Internt fel"));
		api_fhir_problem(r);
		return;
	}
	char *text = json_dumps(out, JSON_COMPACT);
	json_decref(out);
	if (!text)
		die_oom();
	bool sent = json_send_text(r, 200, FHIR_JSON, text, strlen(text));
	free(text);
	if (!sent) {
		problem_set(&r->problem, &r->arena, PROBLEM_INTERNAL, "%s",
		            tr(r->lang, "Planen är för stor för att lämnas ut "
		                        "som FHIR."));
		api_fhir_problem(r);
	}
}

void api_fhir_care_plan(struct request *r) { answer(r, FHIR_CARE_PLAN); }

void api_fhir_everything(struct request *r) { answer(r, FHIR_EVERYTHING); }
