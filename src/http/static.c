/*
 * static.c — see static.h.
 */
#include "http/static.h"

#include <sodium.h>
#include <stdio.h>
#include <string.h>

#include "base/embed.h"

enum { MAX_ASSETS = 32 };

struct asset {
	const struct embedded_file *file;
	char url[128];
	char etag[24];
	const char *type;
};

static struct asset assets[MAX_ASSETS];
static int nassets;

static const char *type_of(const char *name)
{
	const char *dot = strrchr(name, '.');
	if (!dot)
		return "application/octet-stream";
	if (strcmp(dot, ".css") == 0)
		return "text/css; charset=utf-8";
	if (strcmp(dot, ".svg") == 0)
		return "image/svg+xml";
	if (strcmp(dot, ".png") == 0)
		return "image/png";
	if (strcmp(dot, ".ico") == 0)
		return "image/x-icon";
	if (strcmp(dot, ".txt") == 0)
		return "text/plain; charset=utf-8";
	return "application/octet-stream";
}

void static_init(void)
{
	nassets = 0;
	for (const struct embedded_file *f = embedded_web;
	     f->name && nassets < MAX_ASSETS; f++) {
		struct asset *a = &assets[nassets++];
		unsigned char h[8];
		crypto_generichash(h, sizeof h, f->data, f->len, NULL, 0);
		char hex[17];
		sodium_bin2hex(hex, sizeof hex, h, sizeof h);
		a->file = f;
		snprintf(a->url, sizeof a->url, "/static/%s?v=%s", f->name, hex);
		snprintf(a->etag, sizeof a->etag, "\"%s\"", hex);
		a->type = type_of(f->name);
	}
}

static const struct asset *find(const char *name)
{
	for (int i = 0; i < nassets; i++)
		if (name && strcmp(assets[i].file->name, name) == 0)
			return &assets[i];
	return NULL;
}

const char *static_url(const char *name)
{
	const struct asset *a = find(name);
	return a ? a->url : "/static/missing";
}

void static_serve(struct request *r)
{
	/* Only embedded names are ever served, so a path could not escape
	 * anyway; still, a name that tries is refused as such (the server
	 * refuses NUL and ".." segments before routing). */
	const char *name = req_path_arg(r, "name");
	if (name && (strstr(name, "..") || strpbrk(name, "/\\"))) {
		r->status = 400;
		r->content_type = "text/plain; charset=utf-8";
		buf_puts(&r->out, "Bad Request\n");
		return;
	}
	const struct asset *a = find(name);
	if (!a) {
		r->status = 404;
		r->content_type = "text/plain; charset=utf-8";
		buf_puts(&r->out, "Not Found\n");
		return;
	}
	r->cacheable = true;
	resp_header(r, "ETag", a->etag);
	resp_header(r, "Cache-Control", "public, max-age=31536000, immutable");
	const char *inm = req_header(r, "If-None-Match");
	if (inm && strcmp(inm, a->etag) == 0) {
		r->status = 304;
		return;
	}
	r->status = 200;
	r->content_type = a->type;
	buf_append(&r->out, a->file->data, a->file->len);
}

void static_openapi(struct request *r)
{
	const struct embedded_file *f = embedded_find(embedded_doc,
	                                              "openapi.yaml");
	/* The build embeds it (Makefile): its absence is a build's bug. */
	if (!f) {
		r->status = 500;
		r->content_type = "text/plain; charset=utf-8";
		buf_puts(&r->out, "Internal Server Error\n");
		return;
	}
	r->status = 200;
	r->content_type = "application/yaml";
	buf_append(&r->out, f->data, f->len);
}
