/*
 * fuzz_http.c — whole HTTP requests through libmicrohttpd, in process:
 * the parsers samplan leaves to libmicrohttpd (request line, headers,
 * the Cookie header, the query string's %XX decoding, multipart bodies
 * through its post processor) and samplan's code that reads what they
 * produce.
 *
 * The input is written, as it stands, into one end of a socketpair whose
 * other end is handed to a daemon with MHD_add_connection; the daemon
 * runs in this thread (no listening socket, no threads of its own), so
 * one input is one request cycle and its memory is freed before the next
 * (libFuzzer's leak check sees every input's leaks).
 *
 * The handler does what server.c and routes.c do with a request, minus
 * the database: a struct request with its arena; the cookies samplan
 * reads (session, language, login CSRF) and every cookie MHD found; the
 * language from cookie or Accept-Language; the query arguments the pages
 * read (ids, personnummer, the login's next); the body, capped, parsed
 * by its Content-Type (input_parse: urlencoded, multipart, JSON) and read
 * through the field tables (forms_check.h) and an upload field.
 *
 * Promises checked: a supported language is "sv" or "en"; ids are
 * positive; resp_redirect never leaves the site, whatever path it is
 * given (no "//host", no "/\host", no control character a browser would
 * drop to make one); parsed bodies obey the door's rules.
 */
#include "forms_check.h"

#include <arpa/inet.h>
#include <microhttpd.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include "base/i18n.h"
#include "routes.h"
#include "sip/personnummer.h"

static const struct field upload_fields[] = {
	{"file", FIELD_FILE, LIMIT_IMPORT_BODY},
	{"dry_run", FIELD_BOOL, 0},
};

static enum MHD_Result count_value(void *cls, enum MHD_ValueKind kind,
                                   const char *key, const char *value)
{
	(void)kind;
	(void)value;
	FUZZ_CHECK(key);
	(*(int *)cls)++;
	return MHD_YES;
}

static void check_redirect(struct request *r, const char *path)
{
	resp_redirect(r, path);
	const char *loc = NULL;
	for (int i = 0; i < r->nheaders; i++)
		if (strcmp(r->headers[i].name, "Location") == 0)
			loc = r->headers[i].value;
	FUZZ_CHECK(loc && loc[0] == '/');
	/* What a browser makes of it: tabs and line breaks removed. */
	char seen[3] = {0};
	int n = 0;
	for (const char *p = loc; *p && n < 2; p++) {
		FUZZ_CHECK((unsigned char)*p >= 0x20 && *p != 0x7F);
		seen[n++] = *p;
	}
	FUZZ_CHECK(seen[1] != '/' && seen[1] != '\\');
	r->nheaders = 0;
}

static void handle(struct request *r)
{
	/* Cookies. */
	int ncookies = 0;
	MHD_get_connection_values(r->conn, MHD_COOKIE_KIND, count_value,
	                          &ncookies);
	const char *lang = req_cookie(r, LANG_COOKIE);
	if (i18n_supported(lang)) {
		FUZZ_CHECK(strcmp(lang, "sv") == 0 || strcmp(lang, "en") == 0);
		r->lang = lang;
	} else {
		r->lang = i18n_negotiate(req_header(r, "Accept-Language"));
		FUZZ_CHECK(i18n_supported(r->lang));
	}
	const char *session = req_cookie(r, SESSION_COOKIE);
	const char *csrf = req_cookie(r, LOGIN_CSRF_COOKIE);
	if (session)
		FUZZ_CHECK(text_secret_equal(session, session));

	/* Query arguments, as the pages read them. */
	int nargs = 0;
	MHD_get_connection_values(r->conn, MHD_GET_ARGUMENT_KIND, count_value,
	                          &nargs);
	int64_t id;
	if (parse_id(req_query(r, "principal_id"), &id))
		FUZZ_CHECK(id > 0);
	if (parse_id(req_query(r, "person_id"), &id))
		FUZZ_CHECK(id > 0);
	(void)req_query(r, "q");
	(void)req_query(r, "page");
	(void)req_query(r, "done");
	struct personnummer pnr;
	(void)personnummer_parse(req_query(r, "personnummer"),
	                         (struct date){2026, 11, 23}, &pnr);
	check_redirect(r, req_query(r, "next"));
	check_redirect(r, r->path);

	/* The body. */
	struct problem p;
	memset(&p, 0, sizeof p);
	if (input_parse(r, &p)) {
		read_all_tables(r);
		struct form f;
		read_table(r, FIELDS(upload_fields), &f);
		const char *sent = input_raw(r, "csrf_token");
		if (csrf && sent)
			(void)text_secret_equal(csrf, sent);
	} else {
		FUZZ_CHECK(problem_any(&p) && p.detail && *p.detail);
	}
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *conn,
                                  const char *url, const char *method,
                                  const char *version,
                                  const char *upload_data,
                                  size_t *upload_size, void **con_cls)
{
	(void)cls;
	(void)version;
	struct request *r = *con_cls;
	if (!r) {
		r = calloc(1, sizeof *r);
		if (!r)
			abort();
		arena_init(&r->arena, LIMIT_REQUEST_ARENA);
		buf_init(&r->body, LIMIT_FORM_BODY);
		buf_init(&r->out, LIMIT_RESPONSE);
		r->conn = conn;
		r->method = http_method_parse(method);
		r->path = arena_strdup(&r->arena, url);
		r->lang = "sv";
		*con_cls = r;
		return MHD_YES;
	}
	if (*upload_size) {
		if (!buf_append(&r->body, upload_data, *upload_size))
			r->body_too_large = true;
		*upload_size = 0;
		return MHD_YES;
	}
	handle(r);
	struct MHD_Response *resp =
		MHD_create_response_from_buffer(0, (void *)"",
		                                MHD_RESPMEM_PERSISTENT);
	enum MHD_Result ok = MHD_queue_response(conn, 200, resp);
	MHD_destroy_response(resp);
	return ok;
}

static void on_completed(void *cls, struct MHD_Connection *conn,
                         void **con_cls, enum MHD_RequestTerminationCode toe)
{
	(void)cls;
	(void)conn;
	(void)toe;
	struct request *r = *con_cls;
	if (!r)
		return;
	input_release(r);
	buf_free(&r->body);
	buf_free(&r->out);
	arena_free(&r->arena);
	free(r);
	*con_cls = NULL;
}

static struct MHD_Daemon *daemon_once(void)
{
	static struct MHD_Daemon *d;
	if (d)
		return d;
	d = MHD_start_daemon(MHD_USE_NO_LISTEN_SOCKET, 0,
	                     NULL, NULL, on_request, NULL,
	                     MHD_OPTION_NOTIFY_COMPLETED, on_completed, NULL,
	                     MHD_OPTION_CONNECTION_MEMORY_LIMIT,
	                     (size_t)LIMIT_HEADER_MEMORY,
	                     MHD_OPTION_CONNECTION_TIMEOUT, 2u, MHD_OPTION_END);
	if (!d) {
		fprintf(stderr, "fuzz_http: MHD_start_daemon failed\n");
		abort();
	}
	return d;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size > 64 * 1024)
		return 0; /* more than one socket buffer; not a parser case */
	struct MHD_Daemon *d = daemon_once();
	int sv[2];
	if (socketpair(AF_UNIX, SOCK_STREAM, 0, sv) != 0)
		abort();
	struct sockaddr_in peer = {.sin_family = AF_INET,
	                           .sin_port = htons(40000)};
	peer.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (MHD_add_connection(d, sv[0], (const struct sockaddr *)&peer,
	                       sizeof peer) != MHD_YES) {
		close(sv[0]);
		close(sv[1]);
		return 0;
	}
	size_t off = 0;
	while (off < size) {
		ssize_t w = write(sv[1], data + off, size - off);
		if (w <= 0)
			break;
		off += (size_t)w;
	}
	shutdown(sv[1], SHUT_WR);
	/* Run the daemon until it has answered and closed its end. */
	char sink[4096];
	for (int round = 0; round < 2000; round++) {
		MHD_run(d);
		struct pollfd pfd = {.fd = sv[1], .events = POLLIN};
		if (poll(&pfd, 1, 1) <= 0)
			continue;
		ssize_t n = read(sv[1], sink, sizeof sink);
		if (n <= 0)
			break;
	}
	close(sv[1]);
	/* Let it notice the close and free the connection. */
	for (int round = 0; round < 3; round++)
		MHD_run(d);
	return 0;
}
