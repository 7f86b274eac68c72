/*
 * request.c — accessors for the request and the response under
 * construction (see request.h).
 */
#include "http/request.h"

#include <errno.h>
#include <microhttpd.h>
#include <stdlib.h>
#include <string.h>

#include "base/die.h"

const char *req_header(struct request *r, const char *name)
{
	return MHD_lookup_connection_value(r->conn, MHD_HEADER_KIND, name);
}

const char *req_cookie(struct request *r, const char *name)
{
	return MHD_lookup_connection_value(r->conn, MHD_COOKIE_KIND, name);
}

const char *req_query(struct request *r, const char *name)
{
	return MHD_lookup_connection_value(r->conn, MHD_GET_ARGUMENT_KIND,
	                                   name);
}

const char *req_path_arg(struct request *r, const char *name)
{
	for (int i = 0; i < r->npath_args; i++)
		if (strcmp(r->path_arg_names[i], name) == 0)
			return r->path_args[i];
	return NULL;
}

bool parse_id(const char *s, int64_t *out)
{
	if (!s || *s < '1' || *s > '9' || strlen(s) > 19)
		return false;
	for (const char *p = s; *p; p++)
		if (*p < '0' || *p > '9')
			return false;
	errno = 0;
	long long v = strtoll(s, NULL, 10);
	if (errno)
		return false;
	*out = v;
	return true;
}

bool req_path_id(struct request *r, const char *name, int64_t *out)
{
	return parse_id(req_path_arg(r, name), out);
}

void resp_status(struct request *r, int status) { r->status = status; }

void resp_type(struct request *r, const char *content_type)
{
	r->content_type = content_type;
}

void resp_header(struct request *r, const char *name, const char *value)
{
	ensure(r->nheaders < REQUEST_MAX_HEADERS);
	r->headers[r->nheaders].name = arena_strdup(&r->arena, name);
	r->headers[r->nheaders].value = arena_strdup(&r->arena, value);
	r->nheaders++;
}

/* True if s holds a control character. Browsers drop tabs and line
 * breaks from a URL before resolving it, so "/\t/host" would become
 * "//host" — another site. */
static bool has_control(const char *s)
{
	for (; *s; s++)
		if ((unsigned char)*s < 0x20 || *s == 0x7F)
			return true;
	return false;
}

void resp_redirect(struct request *r, const char *local_path)
{
	/* Only same-site paths: "/x" but not "//host", "/\host", or one
	 * with a control character (found by tests/fuzz/fuzz_http.c). */
	if (!local_path || local_path[0] != '/' || local_path[1] == '/' ||
	    local_path[1] == '\\' || has_control(local_path))
		local_path = "/";
	r->status = 303;
	resp_header(r, "Location", local_path);
	r->content_type = "text/plain; charset=utf-8";
	buf_reset(&r->out);
	buf_puts(&r->out, "See Other\n");
}

void resp_download(struct request *r, const char *content_type,
                   const char *filename, const char *data, size_t len)
{
	resp_type(r, content_type);
	resp_header(r, "Content-Disposition",
	            arena_printf(&r->arena, "attachment; filename=\"%s\"",
	                         filename));
	buf_reset(&r->out);
	buf_append(&r->out, data, len);
}
