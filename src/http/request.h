/*
 * request.h — one HTTP request and the response being built for it.
 *
 * A struct request is created when libmicrohttpd first calls us for a
 * request and freed in the request-completed callback (server.c). It owns
 * an arena (STYLE §6): everything a handler allocates for the request
 * comes from r->arena. The response body is a capped buffer (r->out).
 *
 * The http/ layer knows nothing of the domain: the caller's identity is
 * an opaque `struct user` filled in by the dispatcher (src/routes.c).
 */
#ifndef SAMPLAN_REQUEST_H
#define SAMPLAN_REQUEST_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>

#include "base/arena.h"
#include "base/buf.h"
#include "base/problem.h"

struct MHD_Connection;
struct audit_record;
struct db;
struct user;
struct route;
struct input;

enum http_method {
	HTTP_GET,
	HTTP_HEAD,
	HTTP_POST,
	HTTP_PUT,
	HTTP_PATCH,
	HTTP_DELETE,
	HTTP_OPTIONS,
	HTTP_OTHER,
};

enum { REQUEST_MAX_PATH_ARGS = 6, REQUEST_MAX_HEADERS = 12 };

struct header {
	const char *name;
	const char *value;
};

struct citizen;

struct request {
	struct arena arena;
	struct MHD_Connection *conn;
	struct db *db; /* this worker thread's connection; NULL if down */

	/* What was asked */
	enum http_method method;
	const char *method_name;
	const char *path;         /* without the query string */
	const char *client_addr;  /* the client: the peer, or behind the
	                             trusted proxy the last entry of its
	                             X-Forwarded-For (server.c) */
	const char *peer_addr;    /* the TCP peer itself */
	bool from_trusted_proxy;  /* peer_addr is the --trusted-proxy */
	bool bad_target;          /* the path holds a NUL (%00) or a ".."
	                             segment: 400 (found in on_uri) */
	int64_t started_us;       /* monotonic, for the access log */
	uint64_t queries_before;  /* db_query_count when it began */
	uint64_t queries;         /* the statements dispatch ran */
	int64_t now;              /* Unix seconds at arrival */
	struct buf body;          /* raw body, capped (route's max_body) */
	bool body_too_large;
	size_t uri_len;           /* the request-target as sent, with its
	                             query string (414) */
	bool started;             /* set up by the first handler call */
	int early_status;         /* 400, 413, 414, 501 found before
	                             dispatch; 503 while stopping */
	bool server_stopping;     /* arrived after the stop signal */
	bool answer_at_end;       /* 413 found mid-body: answered once the
	                             rest has been read and dropped */
	size_t discarded;         /* bytes dropped after that */
	bool path_known;          /* no route, but the path exists (405) */

	/* Filled by the router */
	const struct route *route;
	const char *path_arg_names[REQUEST_MAX_PATH_ARGS];
	const char *path_args[REQUEST_MAX_PATH_ARGS];
	int npath_args;

	/* Filled by the dispatcher */
	const struct user *user;  /* NULL when anonymous */
	/* The citizen signed in at /citizen (sip/citizen.h), or NULL; only
	 * ever set on /citizen paths, where user is always NULL. */
	const struct citizen *citizen;
	const char *new_citizen_token; /* a citizen session made for the
	                             proxy's header: its cookie goes out */
	int64_t user_id;          /* for the access log; 0 when anonymous */
	const char *session_csrf; /* the session's CSRF token, or NULL */
	bool via_bearer;          /* authenticated with an API token */
	const char *new_session_token; /* a session made for the trusted
	                             proxy's identity header: its cookie
	                             goes out with the response */
	bool is_api;              /* path under /api/ or /fhir/: a client
	                             program, answered 401 rather than sent
	                             to the login page */
	const char *lang;         /* "sv" or "en" */
	struct input *input;      /* parsed body, see input.h */
	struct problem problem;   /* what went wrong, for the response */
	/* Audit records of reads waiting for the group commit; the
	 * response leaves only after they are durable (server.c). */
	struct audit_record *audit_pending;
	bool defer_audit;         /* the dispatcher collects instead of
	                             writing them */
	bool waiting;             /* suspended until resumed */
	/* How to wake it (server.c), set before the wait is handed over. */
	void (*resume)(struct request *r, bool ok);
	atomic_bool resumed;
	bool resume_ok;

	/* The response */
	int status;
	const char *content_type;
	struct buf out;
	struct header headers[REQUEST_MAX_HEADERS];
	int nheaders;
	bool cacheable;           /* static assets: no "no-store" */
};

/* Header / cookie / query look-ups; NULL when absent. Strings belong to
 * libmicrohttpd and live as long as the request. */
const char *req_header(struct request *r, const char *name);
const char *req_cookie(struct request *r, const char *name);
const char *req_query(struct request *r, const char *name);

/* A path argument captured by the route pattern ("{id}"), by name. */
const char *req_path_arg(struct request *r, const char *name);
/* The same, parsed as a positive 64-bit id; false if absent or bad. */
bool req_path_id(struct request *r, const char *name, int64_t *out);

/* The response */
void resp_status(struct request *r, int status);
void resp_type(struct request *r, const char *content_type);
/* Add a header; name and value are copied into the arena. */
void resp_header(struct request *r, const char *name, const char *value);
/* 303 See Other to a local path (never to another site). */
void resp_redirect(struct request *r, const char *local_path);
/* A download: the body is `len` bytes of `data` (already in its final
 * form, e.g. a CSV file), with this content type, offered for saving as
 * `filename` (letters, digits, '.', '-' and '_' only). Replaces what the
 * body held. */
void resp_download(struct request *r, const char *content_type,
                   const char *filename, const char *data, size_t len);

/* Parse a positive decimal id ("1".."9223372036854775807"). */
bool parse_id(const char *s, int64_t *out);

#endif
