/*
 * json.c — the streaming JSON writer and problem details (see json.h).
 *
 * Escaping follows RFC 8259: the quote, the backslash and control
 * characters are escaped; "</" is written "<\\/" so a JSON document can
 * never close a <script> element if it is ever embedded in a page.
 * Strings are UTF-8 already (checked at the door), so other bytes pass.
 */
#include "http/json.h"

#include <inttypes.h>
#include <math.h>
#include <stdio.h>

#include "base/die.h"
#include "base/i18n.h"

void jw_init(struct json_writer *w, struct buf *out)
{
	w->out = out;
	w->depth = 0;
	w->has_item[0] = false;
	w->after_key = false;
}

void json_start(struct request *r, int status, struct json_writer *w)
{
	r->status = status;
	r->content_type = "application/json";
	buf_reset(&r->out);
	jw_init(w, &r->out);
}

/* Before any value: the comma between items, unless a key precedes. */
static void before_value(struct json_writer *w)
{
	if (w->after_key) {
		w->after_key = false;
		return;
	}
	if (w->has_item[w->depth])
		buf_putc(w->out, ',');
	w->has_item[w->depth] = true;
}

static void open_container(struct json_writer *w, char opener, char closer)
{
	before_value(w);
	ensure(w->depth + 1 < JSON_MAX_DEPTH);
	buf_putc(w->out, opener);
	w->depth++;
	w->has_item[w->depth] = false;
	w->closer[w->depth] = closer;
}

void jw_object(struct json_writer *w) { open_container(w, '{', '}'); }
void jw_array(struct json_writer *w) { open_container(w, '[', ']'); }

void jw_end(struct json_writer *w)
{
	ensure(w->depth > 0 && !w->after_key);
	buf_putc(w->out, w->closer[w->depth]);
	w->depth--;
	if (w->depth == 0)
		buf_putc(w->out, '\n');
}

static void escaped(struct buf *b, const char *s)
{
	static const char hex[] = "0123456789abcdef";
	buf_putc(b, '"');
	const char *run = s;
	for (const char *p = s; *p; p++) {
		unsigned char c = (unsigned char)*p;
		const char *rep = NULL;
		char u[7];
		if (c == '"')
			rep = "\\\"";
		else if (c == '\\')
			rep = "\\\\";
		else if (c == '\n')
			rep = "\\n";
		else if (c == '\r')
			rep = "\\r";
		else if (c == '\t')
			rep = "\\t";
		else if (c < 0x20 || c == 0x7f) {
			u[0] = '\\'; u[1] = 'u'; u[2] = '0'; u[3] = '0';
			u[4] = hex[c >> 4]; u[5] = hex[c & 15]; u[6] = '\0';
			rep = u;
		} else if (c == '/' && p > s && p[-1] == '<')
			rep = "\\/";
		else
			continue;
		buf_append(b, run, (size_t)(p - run));
		buf_puts(b, rep);
		run = p + 1;
	}
	buf_puts(b, run);
	buf_putc(b, '"');
}

void jw_key(struct json_writer *w, const char *key)
{
	ensure(!w->after_key && w->closer[w->depth] == '}');
	if (w->has_item[w->depth])
		buf_putc(w->out, ',');
	w->has_item[w->depth] = true;
	escaped(w->out, key);
	buf_putc(w->out, ':');
	w->after_key = true;
}

void jw_str(struct json_writer *w, const char *s)
{
	before_value(w);
	if (s)
		escaped(w->out, s);
	else
		buf_puts(w->out, "null");
}

void jw_int(struct json_writer *w, int64_t v)
{
	char num[24];
	before_value(w);
	snprintf(num, sizeof num, "%" PRId64, v);
	buf_puts(w->out, num);
}

void jw_decimal(struct json_writer *w, double v, int decimals)
{
	char num[48];
	before_value(w);
	/* A finite number in plain notation: JSON has no NaN or infinity. */
	if (!isfinite(v))
		v = 0;
	snprintf(num, sizeof num, "%.*f", decimals, v);
	buf_puts(w->out, num);
}

void jw_id(struct json_writer *w, int64_t v)
{
	if (v)
		jw_int(w, v);
	else
		jw_null(w);
}

void jw_bool(struct json_writer *w, bool v)
{
	before_value(w);
	buf_puts(w->out, v ? "true" : "false");
}

void jw_null(struct json_writer *w)
{
	before_value(w);
	buf_puts(w->out, "null");
}

void jw_kstr(struct json_writer *w, const char *key, const char *s)
{
	jw_key(w, key);
	jw_str(w, s);
}

void jw_kint(struct json_writer *w, const char *key, int64_t v)
{
	jw_key(w, key);
	jw_int(w, v);
}

void jw_kid(struct json_writer *w, const char *key, int64_t v)
{
	jw_key(w, key);
	jw_id(w, v);
}

void jw_kbool(struct json_writer *w, const char *key, bool v)
{
	jw_key(w, key);
	jw_bool(w, v);
}

void jw_kstrs(struct json_writer *w, const char *key, const char *const *s,
              int n)
{
	jw_key(w, key);
	jw_array(w);
	for (int i = 0; i < n; i++)
		jw_str(w, s[i]);
	jw_end(w);
}

/* ---- problem details ---- */

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
	struct json_writer w;
	json_start(r, status, &w);
	r->content_type = "application/problem+json";
	jw_object(&w);
	jw_kstr(&w, "type", problem_type(p->kind));
	jw_kstr(&w, "title", problem_title(p->kind, r->lang));
	jw_kint(&w, "status", status);
	if (p->detail)
		jw_kstr(&w, "detail", p->detail);
	else if (p->nfields)
		jw_kstr(&w, "detail", tr(r->lang, "Rätta de markerade fälten."));
	jw_kstr(&w, "instance", r->path);
	if (p->nfields) {
		jw_key(&w, "errors");
		jw_array(&w);
		for (int i = 0; i < p->nfields; i++) {
			jw_object(&w);
			jw_kstr(&w, "field", p->fields[i].field);
			jw_kstr(&w, "message", p->fields[i].message);
			jw_end(&w);
		}
		jw_end(&w);
	}
	if (p->current_state) {
		jw_kstr(&w, "current_state", p->current_state);
		jw_kstrs(&w, "allowed_next", p->allowed, p->nallowed);
	}
	jw_end(&w);
	if (p->kind == PROBLEM_THROTTLED && p->retry_after_s > 0)
		resp_header(r, "Retry-After",
		            arena_printf(&r->arena, "%d", p->retry_after_s));
	if (p->kind == PROBLEM_UNAUTHORIZED)
		resp_header(r, "WWW-Authenticate", "Bearer realm=\"samplan\"");
}

bool json_send_text(struct request *r, int status, const char *content_type,
                    const char *text, size_t len)
{
	buf_reset(&r->out);
	if (!buf_append(&r->out, text, len)) {
		buf_reset(&r->out);
		return false;
	}
	r->status = status;
	r->content_type = content_type;
	return true;
}
