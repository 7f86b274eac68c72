/*
 * server.c — libmicrohttpd glue (see server.h).
 *
 * Threads: MHD's internal thread pool with epoll, one thread per core by
 * default. Each worker thread opens its own database connection on first
 * use and keeps it (with its cached prepared statements) for the life of
 * the server: STACK-NOTES measured a fresh SQLite connection per request
 * at an eighth of the throughput.
 *
 * The request cycle. on_uri sees the request-target as sent (its whole
 * length, for 414) and makes the struct request; then libmicrohttpd
 * calls on_request several times per request:
 *   1. first call: we set the request up and return without queueing
 *      a response — queueing on the first call makes MHD 0.9.75 close
 *      every connection (STACK-NOTES, keep-alive trap) — except for a
 *      Content-Length over the cap: 413 at once, before the body comes;
 *   2. calls with upload data: appended to r->body up to the route's
 *      cap; past it (a chunked body has no length to check first) the
 *      rest is read and dropped, because MHD 0.9.75 refuses a response
 *      queued mid-body, and 413 is answered at its end;
 *   3. the call with no more data: dispatch, then queue the response.
 * on_completed frees everything, writes the access-log line and counts
 * the request out (for graceful shutdown).
 */
#include "http/server.h"

#include <arpa/inet.h>
#include <errno.h>
#include <microhttpd.h>
#include <netdb.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "base/die.h"
#include "base/limits.h"
#include "base/log.h"
#include "http/input.h"
#include "store/db.h"

enum { SHUTDOWN_GRACE_S = 20, MAX_WORKER_DBS = 256 };

static const struct server_config *config;
static atomic_int in_flight;
/* Set on the stop signal: requests that arrive after it are refused
 * with a 503 while those already running finish. */
static atomic_bool stopping;

/* Every worker's connection, so shutdown can close them. */
static pthread_mutex_t dbs_lock = PTHREAD_MUTEX_INITIALIZER;
static struct db *worker_dbs[MAX_WORKER_DBS];
static int nworker_dbs;

static _Thread_local struct db *thread_db;
static _Thread_local time_t thread_db_failed_at;

const struct server_config *server_config(void) { return config; }

static struct db *worker_db(void)
{
	if (thread_db)
		return thread_db;
	time_t now = time(NULL);
	if (thread_db_failed_at == now)
		return NULL; /* at most one attempt per second per thread */
	char err[512];
	struct db *db = db_open(config->db_url, err, sizeof err);
	if (!db) {
		thread_db_failed_at = now;
		log_error("database: %s", err);
		return NULL;
	}
	pthread_mutex_lock(&dbs_lock);
	bool room = nworker_dbs < MAX_WORKER_DBS;
	if (room)
		worker_dbs[nworker_dbs++] = db;
	pthread_mutex_unlock(&dbs_lock);
	if (!room) {
		db_close(db);
		return NULL;
	}
	if (config->on_db_open)
		config->on_db_open(db);
	thread_db = db;
	return db;
}

static int64_t monotonic_us(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

/* The text form of an address, or "-". */
static void address_text(const struct sockaddr *sa, char *text, size_t len)
{
	snprintf(text, len, "-");
	if (!sa)
		return;
	if (sa->sa_family == AF_INET)
		inet_ntop(AF_INET, &((const struct sockaddr_in *)sa)->sin_addr,
		          text, (socklen_t)len);
	else if (sa->sa_family == AF_INET6)
		inet_ntop(AF_INET6, &((const struct sockaddr_in6 *)sa)->sin6_addr,
		          text, (socklen_t)len);
}

/* A well-formed IPv4 or IPv6 address in text, nothing else. */
static bool is_ip_address(const char *s)
{
	unsigned char bin[sizeof(struct in6_addr)];
	return inet_pton(AF_INET, s, bin) == 1 || inet_pton(AF_INET6, s, bin) == 1;
}

/* Who is asking: the TCP peer, and — only when that peer is the
 * trusted proxy — the client the proxy vouches for. nginx appends the
 * peer it saw to X-Forwarded-For ($proxy_add_x_forwarded_for), so the
 * last entry is the one the proxy itself wrote; entries before it came
 * from the client and may be forged. From any other peer the header is
 * ignored: it is whatever the client chose to send. */
static void identify_peer(struct request *r)
{
	const union MHD_ConnectionInfo *ci =
		MHD_get_connection_info(r->conn, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
	char text[INET6_ADDRSTRLEN + 1];
	address_text(ci ? ci->client_addr : NULL, text, sizeof text);
	r->peer_addr = arena_strdup(&r->arena, text);
	r->client_addr = r->peer_addr;
	r->from_trusted_proxy = config->trusted_proxy &&
	                        strcmp(text, config->trusted_proxy) == 0;
	if (!r->from_trusted_proxy)
		return;
	const char *xff = req_header(r, "X-Forwarded-For");
	if (!xff || !*xff)
		return;
	const char *last = strrchr(xff, ',');
	last = last ? last + 1 : xff;
	while (*last == ' ')
		last++;
	char entry[INET6_ADDRSTRLEN + 1];
	size_t n = strcspn(last, " ");
	if (n == 0 || n >= sizeof entry)
		return;
	memcpy(entry, last, n);
	entry[n] = '\0';
	if (is_ip_address(entry))
		r->client_addr = arena_strdup(&r->arena, entry);
}

/* A request-target whose path (before '?') decodes to a NUL byte or
 * holds a ".." segment: refused with 400. MHD decodes %00 into a NUL
 * that would silently cut the path, so the raw target is checked here. */
static bool bad_target(const char *uri)
{
	const char *seg = uri;
	for (const char *p = uri;; p++) {
		if (*p == '%' && p[1] == '0' && p[2] == '0')
			return true;
		if (*p == '/' || *p == '?' || *p == '\0') {
			/* The segment [seg, p), with %2e counted as '.'. */
			int dots = 0;
			bool only_dots = p > seg;
			for (const char *q = seg; q < p; q++) {
				if (*q == '.') {
					dots++;
				} else if (q[0] == '%' && q + 2 < p && q[1] == '2' &&
				           (q[2] == 'e' || q[2] == 'E')) {
					dots++;
					q += 2;
				} else {
					only_dots = false;
					break;
				}
			}
			if (only_dots && dots == 2)
				return true;
			if (*p != '/')
				return false;
			seg = p + 1;
		}
	}
}

/* MHD's first sight of a request: the request-target as sent, before
 * it splits off the query string — the only place its whole length is
 * known. The struct made here reaches on_request as *con_cls. */
static void *on_uri(void *cls, const char *uri, struct MHD_Connection *conn)
{
	(void)cls;
	(void)conn;
	struct request *r = calloc(1, sizeof *r);
	if (!r)
		die_oom();
	r->uri_len = strlen(uri);
	r->bad_target = bad_target(uri);
	return r;
}

static struct request *request_new(struct request *r,
                                   struct MHD_Connection *conn,
                                   const char *url, const char *method)
{
	if (!r) {
		r = calloc(1, sizeof *r);
		if (!r)
			die_oom();
	}
	r->started = true;
	arena_init(&r->arena, LIMIT_REQUEST_ARENA);
	r->conn = conn;
	r->started_us = monotonic_us();
	r->now = (int64_t)time(NULL);
	r->method = http_method_parse(method);
	r->method_name = arena_strdup(&r->arena, method);
	r->lang = "sv";
	r->status = 200;
	buf_init(&r->out, LIMIT_RESPONSE);

	size_t url_len = strlen(url);
	if (url_len > LIMIT_URL_LENGTH || r->uri_len > LIMIT_URL_LENGTH) {
		r->early_status = 414;
		r->path = arena_strndup(&r->arena, url, 64);
	} else {
		r->path = arena_strdup(&r->arena, url);
	}
	r->is_api = strncmp(r->path, "/api/", 5) == 0 ||
	            strncmp(r->path, "/fhir/", 6) == 0;
	identify_peer(r);
	/* The decoded path too: "%2f" becomes a '/' only here. */
	size_t plen = strlen(r->path);
	if (strstr(r->path, "/../") ||
	    (plen >= 3 && strcmp(r->path + plen - 3, "/..") == 0))
		r->bad_target = true;
	if (r->bad_target && !r->early_status)
		r->early_status = 400;
	/* Only chunked is understood (MHD 0.9.75 would wait for a body it
	 * cannot delimit): anything else is 501 at once. */
	const char *te = req_header(r, MHD_HTTP_HEADER_TRANSFER_ENCODING);
	if (te && strcasecmp(te, "chunked") != 0)
		r->early_status = 501;
	r->db = worker_db();
	r->queries_before = r->db ? db_query_count(r->db) : 0;
	if (!r->early_status)
		router_match(config->routes, config->nroutes, r, &r->path_known);
	size_t max_body = r->route && r->route->max_body ? r->route->max_body
	                                                 : LIMIT_FORM_BODY;
	buf_init(&r->body, max_body);
	const char *cl = req_header(r, MHD_HTTP_HEADER_CONTENT_LENGTH);
	if (cl && strtoull(cl, NULL, 10) > max_body) {
		r->body_too_large = true;
		r->early_status = 413;
	}
	if (atomic_load(&stopping)) {
		r->server_stopping = true;
		r->early_status = 503;
	}
	return r;
}

/* Refusals answered on the first call, before any body is read. */
static bool answered_at_once(const struct request *r)
{
	return r->server_stopping ||
	       ((r->early_status == 413 || r->early_status == 501) &&
	        !r->answer_at_end);
}

static void add_security_headers(struct MHD_Response *resp, bool cacheable)
{
	MHD_add_response_header(resp, "Content-Security-Policy",
		"default-src 'none'; style-src 'self'; img-src 'self'; "
		"form-action 'self'; frame-ancestors 'none'; base-uri 'none'");
	MHD_add_response_header(resp, "X-Content-Type-Options", "nosniff");
	MHD_add_response_header(resp, "Referrer-Policy", "same-origin");
	MHD_add_response_header(resp, "X-Frame-Options", "DENY");
	MHD_add_response_header(resp, "Cross-Origin-Opener-Policy", "same-origin");
	MHD_add_response_header(resp, "Permissions-Policy",
		"camera=(), microphone=(), geolocation=()");
	if (config->secure)
		MHD_add_response_header(resp, "Strict-Transport-Security",
		                        "max-age=31536000");
	if (!cacheable)
		MHD_add_response_header(resp, "Cache-Control", "no-store");
}

/* A waiting request's work is done (any thread): wake its connection.
 * on_request then finishes it. */
static void resume_request(struct request *r, bool ok)
{
	r->resume_ok = ok;
	atomic_store(&r->resumed, true);
	MHD_resume_connection(r->conn);
}

static enum MHD_Result queue_response(struct request *r);

static enum MHD_Result respond(struct request *r)
{
	config->dispatch(r);
	if (r->db)
		r->queries = db_query_count(r->db) - r->queries_before;
	if (config->must_wait && config->must_wait(r)) {
		/* Suspend before handing the work over, so the resume cannot
		 * come first. The worker thread is free meanwhile. */
		r->waiting = true;
		MHD_suspend_connection(r->conn);
		config->start_wait(r, resume_request);
		return MHD_YES;
	}
	return queue_response(r);
}

/* After the wait: the prepared answer, or — when the work it waited for
 * failed (an audit record that could not be written) — the dispatcher's
 * answer for that (early_status 503: a 503, or for a committed write an
 * answer that says it is saved), so no data leaves without its record. */
static enum MHD_Result finish_waiting(struct request *r)
{
	if (!atomic_load(&r->resumed))
		return MHD_YES;
	r->waiting = false;
	/* A redirect carries no data: it goes out as prepared (after a
	 * write that is committed, its answer must not claim failure). */
	if (!r->resume_ok && (r->status < 300 || r->status >= 400)) {
		r->nheaders = 0;
		buf_reset(&r->out);
		r->early_status = 503;
		config->dispatch(r);
	}
	return queue_response(r);
}

static enum MHD_Result queue_response(struct request *r)
{
	if (buf_failed(&r->out)) {
		log_error("response for %s %s exceeded its cap", r->method_name,
		          r->path);
		r->status = 500;
		r->content_type = "text/plain; charset=utf-8";
		r->nheaders = 0;
		buf_reset(&r->out);
		buf_puts(&r->out, "500 Internal Server Error\n");
	}
	size_t len;
	char *body = buf_detach(&r->out, &len);
	struct MHD_Response *resp =
		MHD_create_response_from_buffer(len, body, MHD_RESPMEM_MUST_FREE);
	if (!resp) {
		free(body);
		return MHD_NO;
	}
	if (r->content_type)
		MHD_add_response_header(resp, MHD_HTTP_HEADER_CONTENT_TYPE,
		                        r->content_type);
	add_security_headers(resp, r->cacheable);
	for (int i = 0; i < r->nheaders; i++)
		MHD_add_response_header(resp, r->headers[i].name,
		                        r->headers[i].value);
	if (config->count_queries) {
		char n[24];
		snprintf(n, sizeof n, "%llu", (unsigned long long)r->queries);
		MHD_add_response_header(resp, "Samplan-Queries", n);
	}
	/* An early answer leaves the body unread: the connection cannot be
	 * reused. */
	if (r->early_status)
		MHD_add_response_header(resp, MHD_HTTP_HEADER_CONNECTION, "close");
	enum MHD_Result ok = MHD_queue_response(r->conn, (unsigned)r->status, resp);
	MHD_destroy_response(resp);
	return ok;
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *conn,
                                  const char *url, const char *method,
                                  const char *version, const char *upload_data,
                                  size_t *upload_data_size, void **con_cls)
{
	(void)cls;
	(void)version;
	struct request *r = *con_cls;
	if (r && r->waiting)
		return finish_waiting(r);
	if (!r || !r->started) {
		r = request_new(r, conn, url, method);
		*con_cls = r;
		atomic_fetch_add(&in_flight, 1);
		if (answered_at_once(r))
			return respond(r); /* no need to read what we refuse */
		return MHD_YES;
	}
	if (*upload_data_size) {
		size_t n = *upload_data_size;
		*upload_data_size = 0;
		if (answered_at_once(r))
			return MHD_YES; /* answered on the first call */
		if (r->answer_at_end) {
			/* MHD 0.9.75 cannot queue a response while the body
			 * is still arriving: read and drop the rest, answer
			 * 413 at its end; a client that keeps sending far
			 * past the cap is cut off. */
			r->discarded += n;
			return r->discarded > LIMIT_DISCARD_BODY ? MHD_NO : MHD_YES;
		}
		if (r->early_status)
			return MHD_YES; /* 400, 414: answered at the end */
		if (!buf_append(&r->body, upload_data, n)) {
			r->body_too_large = true;
			r->early_status = 413;
			r->answer_at_end = true;
			buf_free(&r->body);
		}
		return MHD_YES;
	}
	if (answered_at_once(r))
		return MHD_YES; /* answered on the first call */
	return respond(r);
}

static void on_completed(void *cls, struct MHD_Connection *conn,
                         void **con_cls, enum MHD_RequestTerminationCode toe)
{
	(void)cls;
	(void)conn;
	struct request *r = *con_cls;
	if (!r)
		return;
	*con_cls = NULL;
	if (!r->started) {
		free(r); /* refused by MHD before it reached us */
		return;
	}
	int64_t us = monotonic_us() - r->started_us;
	log_info("access %s %s %d %.1fms user=%lld%s", r->method_name, r->path,
	         r->status, (double)us / 1000.0, (long long)r->user_id,
	         toe == MHD_REQUEST_TERMINATED_COMPLETED_OK ? "" : " aborted");
	input_release(r);
	buf_free(&r->body);
	buf_free(&r->out);
	arena_free(&r->arena);
	free(r);
	atomic_fetch_sub(&in_flight, 1);
}

/* MHD's messages are printf formats of its own. */
static void on_mhd_log(void *cls, const char *fmt, va_list ap)
	__attribute__((format(printf, 2, 0)));

static void on_mhd_log(void *cls, const char *fmt, va_list ap)
{
	(void)cls;
	char msg[512];
	vsnprintf(msg, sizeof msg, fmt, ap);
	size_t n = strlen(msg);
	while (n && (msg[n - 1] == '\n' || msg[n - 1] == '\r'))
		msg[--n] = '\0';
	log_warn("http: %s", msg);
}

static bool parse_listen(const char *listen, struct sockaddr_storage *ss,
                         char *err, size_t errlen)
{
	char host[256];
	const char *colon = strrchr(listen, ':');
	if (!colon || colon == listen || strlen(listen) >= sizeof host) {
		snprintf(err, errlen, "listen address must be ADDR:PORT, not %s",
		         listen);
		return false;
	}
	size_t hlen = (size_t)(colon - listen);
	memcpy(host, listen, hlen);
	host[hlen] = '\0';
	if (host[0] == '[' && hlen > 2 && host[hlen - 1] == ']') {
		memmove(host, host + 1, hlen - 2);
		host[hlen - 2] = '\0';
	}
	struct addrinfo hints = {.ai_family = AF_UNSPEC,
	                         .ai_socktype = SOCK_STREAM,
	                         .ai_flags = AI_NUMERICSERV};
	struct addrinfo *res = NULL;
	int rc = getaddrinfo(host, colon + 1, &hints, &res);
	if (rc || !res) {
		snprintf(err, errlen, "cannot use listen address %s: %s", listen,
		         gai_strerror(rc));
		return false;
	}
	memcpy(ss, res->ai_addr, res->ai_addrlen);
	freeaddrinfo(res);
	return true;
}

/* Bind and listen ourselves, exclusively: SO_REUSEADDR (a restart may
 * bind over connections in TIME_WAIT, never over a live listener) but
 * not SO_REUSEPORT, which would let a second server share the port and
 * the kernel split the clients between them. */
static int listen_socket(const struct sockaddr_storage *addr, const char *where,
                         char *err, size_t errlen)
{
	int fd = socket(addr->ss_family, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0) {
		snprintf(err, errlen, "cannot listen on %s: %s", where,
		         strerror(errno));
		return -1;
	}
	int one = 1;
	setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
	socklen_t len = addr->ss_family == AF_INET6 ? sizeof(struct sockaddr_in6)
	                                            : sizeof(struct sockaddr_in);
	if (bind(fd, (const struct sockaddr *)addr, len) != 0) {
		int e = errno;
		if (e == EADDRINUSE)
			snprintf(err, errlen, "cannot listen on %s: the address is "
			         "already in use (is another samplan or other "
			         "program serving on this port?)", where);
		else
			snprintf(err, errlen, "cannot listen on %s: %s", where,
			         strerror(e));
		close(fd);
		return -1;
	}
	if (listen(fd, 1024) != 0) {
		snprintf(err, errlen, "cannot listen on %s: %s", where,
		         strerror(errno));
		close(fd);
		return -1;
	}
	return fd;
}

/* Raise the open-files limit as far as allowed, and return how many
 * connections fit under it (the rest of the descriptors are for the
 * database, the log and the listening socket). */
static unsigned connection_limit(void)
{
	enum { RESERVED_FDS = 256 };
	unsigned limit = LIMIT_CONNECTIONS;
	struct rlimit rl;
	if (getrlimit(RLIMIT_NOFILE, &rl) != 0)
		return limit;
	rlim_t want = (rlim_t)LIMIT_CONNECTIONS + RESERVED_FDS;
	if (rl.rlim_cur < want) {
		rl.rlim_cur = rl.rlim_max == RLIM_INFINITY || rl.rlim_max > want
		                      ? want : rl.rlim_max;
		setrlimit(RLIMIT_NOFILE, &rl);
		getrlimit(RLIMIT_NOFILE, &rl);
	}
	if (rl.rlim_cur < want) {
		limit = rl.rlim_cur > 2 * RESERVED_FDS
		                ? (unsigned)(rl.rlim_cur - RESERVED_FDS) : 64;
		log_warn("open-files limit %llu: at most %u connections (raise "
		         "LimitNOFILE to %llu for %u)",
		         (unsigned long long)rl.rlim_cur, limit,
		         (unsigned long long)want, (unsigned)LIMIT_CONNECTIONS);
	}
	return limit;
}

int server_run(const struct server_config *cfg, char *err, size_t errlen)
{
	config = cfg;
	struct sockaddr_storage addr;
	if (!parse_listen(cfg->listen, &addr, err, errlen))
		return 1;
	unsigned threads = cfg->threads;
	if (!threads) {
		long cores = sysconf(_SC_NPROCESSORS_ONLN);
		threads = cores > 0 ? (unsigned)cores : 2;
	}
	unsigned max_conns = connection_limit();
	int fd = listen_socket(&addr, cfg->listen, err, errlen);
	if (fd < 0)
		return 1;

	/* Workers inherit this mask, so the signals reach sigwait below. */
	sigset_t stop;
	sigemptyset(&stop);
	sigaddset(&stop, SIGTERM);
	sigaddset(&stop, SIGINT);
	pthread_sigmask(SIG_BLOCK, &stop, NULL);
	signal(SIGPIPE, SIG_IGN);

	unsigned flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL |
	                 MHD_USE_ITC | MHD_USE_ERROR_LOG |
	                 MHD_ALLOW_SUSPEND_RESUME;
	if (addr.ss_family == AF_INET6)
		flags |= MHD_USE_IPv6;
	/* Behind the trusted proxy every client arrives from its address:
	 * a per-address limit would cap the whole service, so there the
	 * proxy limits per client (limit_conn, docs/operations.md). */
	unsigned per_ip = cfg->trusted_proxy ? 0 : (unsigned)LIMIT_CONNECTIONS_PER_IP;
	struct MHD_Daemon *d = MHD_start_daemon(
		flags, 0, NULL, NULL, on_request, NULL,
		/* First, or MHD logs the options before it on its own. */
		MHD_OPTION_EXTERNAL_LOGGER, on_mhd_log, NULL,
		MHD_OPTION_LISTEN_SOCKET, (MHD_socket)fd,
		MHD_OPTION_THREAD_POOL_SIZE, threads,
		MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)LIMIT_HEADER_MEMORY,
		MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)LIMIT_CONNECTION_TIMEOUT_S,
		MHD_OPTION_CONNECTION_LIMIT, max_conns,
		MHD_OPTION_PER_IP_CONNECTION_LIMIT, per_ip,
		MHD_OPTION_NOTIFY_COMPLETED, on_completed, NULL,
		MHD_OPTION_URI_LOG_CALLBACK, on_uri, NULL,
		MHD_OPTION_END);
	if (!d) {
		snprintf(err, errlen, "cannot listen on %s: %s", cfg->listen,
		         errno ? strerror(errno) : "libmicrohttpd refused");
		close(fd);
		pthread_sigmask(SIG_UNBLOCK, &stop, NULL);
		return 1;
	}
	log_info("samplan serving on http://%s with %u threads", cfg->listen,
	         threads);

	int sig = 0;
	sigwait(&stop, &sig);
	log_info("signal %d: stopping; new requests are refused", sig);

	/* Requests that arrive from now on are refused with a 503 (behind
	 * nginx the next instance takes them), and those running may finish.
	 * MHD_quiesce_daemon is not used: in 0.9.75 it removes the listening
	 * socket from the workers' epoll sets from this thread while the
	 * workers may be changing those sets themselves, and a lost race
	 * ends the process in MHD_PANIC before the data is closed cleanly. */
	atomic_store(&stopping, true);
	for (int waited = 0; atomic_load(&in_flight) > 0 &&
	                     waited < SHUTDOWN_GRACE_S * 20; waited++) {
		struct timespec ts = {0, 50 * 1000 * 1000};
		nanosleep(&ts, NULL);
	}
	if (atomic_load(&in_flight) > 0)
		log_warn("stopping with %d requests still in flight",
		         atomic_load(&in_flight));
	/* This closes the listening socket too. */
	MHD_stop_daemon(d);

	pthread_mutex_lock(&dbs_lock);
	for (int i = 0; i < nworker_dbs; i++)
		db_close(worker_dbs[i]);
	nworker_dbs = 0;
	pthread_mutex_unlock(&dbs_lock);
	log_info("stopped");
	return 0;
}
