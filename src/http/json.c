/*
 * json.c — see json.h.
 */
#include "http/json.h"

#include <stdlib.h>

#include "base/i18n.h"

void json_respond(struct request *r, int status, json_t *value)
{
	r->status = status;
	r->content_type = "application/json";
	buf_reset(&r->out);
	char *text = json_dumps(value, JSON_COMPACT);
	json_decref(value);
	if (!text) {
		r->status = 500;
		buf_puts(&r->out, "{}");
		return;
	}
	buf_puts(&r->out, text);
	buf_putc(&r->out, '\n');
	free(text);
}

static const char *problem_title(enum problem_kind k, const char *lang)
{
	switch (k) {
	case PROBLEM_NONE: return "OK";
	case PROBLEM_BAD_REQUEST: return tr(lang, "Felaktig begäran");
	case PROBLEM_UNAUTHORIZED: return tr(lang, "Inloggning krävs");
	case PROBLEM_FORBIDDEN: return tr(lang, "Behörighet saknas");
	case PROBLEM_NOT_FOUND: return tr(lang, "Hittades inte");
	case PROBLEM_METHOD: return tr(lang, "Felaktig begäran");
	case PROBLEM_CONFLICT: return tr(lang, "Inte tillåtet i nuvarande läge");
	case PROBLEM_TOO_LARGE: return tr(lang, "För stor begäran");
	case PROBLEM_INVALID: return tr(lang, "Uppgifterna behöver rättas");
	case PROBLEM_THROTTLED: return tr(lang, "För många försök");
	case PROBLEM_INTERNAL: return tr(lang, "Internt fel");
	case PROBLEM_UNAVAILABLE: return tr(lang, "Tjänsten är inte tillgänglig");
	}
	return "";
}

static const char *problem_type(enum problem_kind k)
{
	switch (k) {
	case PROBLEM_BAD_REQUEST: return "/problems/bad-request";
	case PROBLEM_UNAUTHORIZED: return "/problems/unauthorized";
	case PROBLEM_FORBIDDEN: return "/problems/forbidden";
	case PROBLEM_NOT_FOUND: return "/problems/not-found";
	case PROBLEM_METHOD: return "/problems/method-not-allowed";
	case PROBLEM_CONFLICT: return "/problems/conflict";
	case PROBLEM_TOO_LARGE: return "/problems/too-large";
	case PROBLEM_INVALID: return "/problems/validation";
	case PROBLEM_THROTTLED: return "/problems/throttled";
	case PROBLEM_UNAVAILABLE: return "/problems/unavailable";
	default: return "about:blank";
	}
}

void json_problem(struct request *r, const struct problem *p)
{
	int status = problem_http_status(p->kind);
	json_t *o = json_object();
	json_object_set_new(o, "type", json_string(problem_type(p->kind)));
	json_object_set_new(o, "title",
	                    json_string(problem_title(p->kind, r->lang)));
	json_object_set_new(o, "status", json_integer(status));
	if (p->detail)
		json_object_set_new(o, "detail", json_string(p->detail));
	else if (p->nfields)
		json_object_set_new(o, "detail",
		                    json_string(tr(r->lang, "Rätta de markerade "
		                                            "fälten.")));
	json_object_set_new(o, "instance", json_string(r->path));
	if (p->nfields) {
		json_t *errors = json_array();
		for (int i = 0; i < p->nfields; i++) {
			json_t *e = json_object();
			json_object_set_new(e, "field", json_string(p->fields[i].field));
			json_object_set_new(e, "message",
			                    json_string(p->fields[i].message));
			json_array_append_new(errors, e);
		}
		json_object_set_new(o, "errors", errors);
	}
	if (p->current_state) {
		json_object_set_new(o, "current_state",
		                    json_string(p->current_state));
		json_t *allowed = json_array();
		for (int i = 0; i < p->nallowed; i++)
			json_array_append_new(allowed, json_string(p->allowed[i]));
		json_object_set_new(o, "allowed_next", allowed);
	}
	json_respond(r, status, o);
	r->content_type = "application/problem+json";
	if (p->kind == PROBLEM_THROTTLED && p->retry_after_s > 0)
		resp_header(r, "Retry-After",
		            arena_printf(&r->arena, "%d", p->retry_after_s));
	if (p->kind == PROBLEM_UNAUTHORIZED)
		resp_header(r, "WWW-Authenticate", "Bearer realm=\"samplan\"");
}

json_t *json_str_or_null(const char *s)
{
	return s ? json_string(s) : json_null();
}

json_t *json_id_or_null(int64_t id)
{
	return id ? json_integer(id) : json_null();
}
