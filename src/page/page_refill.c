/*
 * page_refill.c — see page_refill.h.
 */
#include "page/page_refill.h"

#include <string.h>

#include "base/buf.h"
#include "http/input.h"
#include "page/layout.h"
#include "sip/form_refill.h"

/* The urlencoded body as posted, without its csrf_token field: the
 * token is the session's, and the replayed GET needs none. */
static const char *body_without_token(struct request *r)
{
	const char *s = r->body.data;
	size_t len = r->body.len;
	struct buf out;
	buf_init(&out, len + 1);
	for (size_t i = 0; i < len;) {
		size_t end = i;
		while (end < len && s[end] != '&')
			end++;
		static const char token[] = "csrf_token=";
		bool is_token = end - i >= sizeof token - 1 &&
		                memcmp(s + i, token, sizeof token - 1) == 0;
		if (!is_token && end > i) {
			if (out.len)
				buf_putc(&out, '&');
			buf_append(&out, s + i, end - i);
		}
		i = end + 1;
	}
	const char *kept = buf_failed(&out) ? NULL
	                                    : arena_strdup(&r->arena, out.data);
	buf_free(&out);
	return kept;
}

static const char *without_query(struct request *r, const char *url)
{
	const char *q = strchr(url, '?');
	return q ? arena_printf(&r->arena, "%.*s", (int)(q - url), url) : url;
}

/* Set by a refused POST for as long as its refill is kept: a GET looks
 * for a refill only while the browser has it, so the plain views of a
 * page ask the database nothing for it. (A refill whose cookie was
 * lost is not shown: the form comes fresh, nothing else is lost.) */
#define REFILL_COOKIE "samplan_refill"

/* The field that carries the scope through the refill: not a name any
 * form uses. */
#define SCOPE_FIELD "refill_scope"

static bool scope_valid(const char *s)
{
	if (!s || !*s || strlen(s) > 64)
		return false;
	for (; *s; s++)
		if (!((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') ||
		      *s == '-' || *s == '_'))
			return false;
	return true;
}

static bool redirect(struct request *r, const char *get_url, const char *scope)
{
	const char *ct = req_header(r, "Content-Type");
	bool typed = r->problem.kind == PROBLEM_NONE ||
	             r->problem.kind == PROBLEM_INVALID;
	if (!typed || !r->session_csrf || r->via_bearer || input_is_json(r) ||
	    !ct ||
	    strncmp(ct, "application/x-www-form-urlencoded", 33) != 0)
		return false;
	const char *body = body_without_token(r);
	if (!body)
		return false;
	if (scope)
		body = arena_printf(&r->arena, "%s%s" SCOPE_FIELD "=%s", body,
		                    *body ? "&" : "", scope);
	struct ctx ctx = page_ctx(r);
	struct problem failed = {0};
	ctx.problem = &failed;
	if (!form_refill_save(&ctx, r->session_csrf, without_query(r, get_url),
	                      body, &r->problem))
		return false;
	page_set_cookie(r, REFILL_COOKIE, "1", "/", FORM_REFILL_TTL);
	resp_redirect(r, get_url);
	return true;
}

bool page_refill_redirect(struct request *r, const char *get_url)
{
	return redirect(r, get_url, NULL);
}

bool page_refill_redirect_scoped(struct request *r, const char *get_url,
                                 const char *scope)
{
	return scope_valid(scope) && redirect(r, get_url, scope);
}

const char *page_refill_scope(struct request *r)
{
	const char *s = input_raw(r, SCOPE_FIELD);
	return scope_valid(s) ? s : NULL;
}

bool page_refill_restore(struct request *r)
{
	if (!r->session_csrf || r->via_bearer || !req_cookie(r, REFILL_COOKIE))
		return false;
	struct ctx ctx = page_ctx(r);
	struct problem failed = {0}, kept = {0};
	const char *body = NULL;
	bool found = false;
	ctx.problem = &failed;
	if (!form_refill_take(&ctx, r->session_csrf, r->path, &found, &body,
	                      &kept) ||
	    !found)
		return false;
	if (!input_replay(r, body, &failed))
		return false;
	r->problem = kept;
	return true;
}
