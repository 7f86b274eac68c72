/*
 * html.c — the escaping writer (see html.h). After cgit's html.c.
 */
#include "http/html.h"

#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

void html_escape_into(struct buf *b, const char *s)
{
	if (!s)
		return;
	const char *run = s;
	for (const char *p = s; *p; p++) {
		const char *rep;
		switch (*p) {
		case '&': rep = "&amp;"; break;
		case '<': rep = "&lt;"; break;
		case '>': rep = "&gt;"; break;
		case '"': rep = "&quot;"; break;
		case '\'': rep = "&#39;"; break;
		default: continue;
		}
		buf_append(b, run, (size_t)(p - run));
		buf_puts(b, rep);
		run = p + 1;
	}
	buf_puts(b, run);
}

void html_raw(struct request *r, const char *literal)
{
	buf_puts(&r->out, literal);
}

void html_text(struct request *r, const char *s)
{
	html_escape_into(&r->out, s);
}

void html_attr(struct request *r, const char *s)
{
	html_escape_into(&r->out, s);
}

void html_textf(struct request *r, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	char *s = arena_vprintf(&r->arena, fmt, ap);
	va_end(ap);
	html_escape_into(&r->out, s);
}

void html_int(struct request *r, int64_t v)
{
	char num[24];
	snprintf(num, sizeof num, "%" PRId64, v);
	buf_puts(&r->out, num);
}

void html_url_arg(struct request *r, const char *s)
{
	static const char hex[] = "0123456789ABCDEF";
	if (!s)
		return;
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		    (*p >= '0' && *p <= '9') || strchr("-._~", *p)) {
			buf_putc(&r->out, (char)*p);
		} else {
			char enc[3] = {'%', hex[*p >> 4], hex[*p & 15]};
			buf_append(&r->out, enc, 3);
		}
	}
}
