/*
 * test_hardening.c — the server under attack (issue 8, findings 5-9):
 * login throttling per address, slow clients, a port in use, unknown
 * transfer codings and bad static paths, sign-in through the trusted
 * proxy's identity header, the client address behind it, and a database
 * that cannot take writes (read-only SQLite file, lost PostgreSQL).
 *
 * Several tests talk raw HTTP from other loopback addresses (127.0.0.2
 * ... 127.0.0.10 are all local on Linux) to be a second client, the
 * proxy, or an attacker.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <linux/capability.h>

#include "base/limits.h"
#include "harness.h"
#include "sip/auth.h"

static struct ht_server srv;

static int64_t now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* A TCP connection to the server from source address `src`. */
static int connect_from(struct ht_server *s, const char *src)
{
	int fd = socket(AF_INET, SOCK_STREAM, 0);
	if (fd < 0)
		fail_msg("socket: %s", strerror(errno));
	struct sockaddr_in from = {.sin_family = AF_INET};
	inet_pton(AF_INET, src, &from.sin_addr);
	if (bind(fd, (struct sockaddr *)&from, sizeof from) != 0)
		fail_msg("bind %s: %s", src, strerror(errno));
	struct sockaddr_in to = {.sin_family = AF_INET,
	                         .sin_port = htons((uint16_t)s->port),
	                         .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
	if (connect(fd, (struct sockaddr *)&to, sizeof to) != 0)
		fail_msg("connect from %s: %s", src, strerror(errno));
	return fd;
}

/* Send a whole request from `src` (it should say Connection: close) and
 * read the answer until the server closes or 5 s pass. */
static const char *raw_from(struct ht_server *s, const char *src,
                            const char *request)
{
	int fd = connect_from(s, src);
	size_t len = strlen(request), off = 0;
	while (off < len) {
		ssize_t n = send(fd, request + off, len - off, MSG_NOSIGNAL);
		if (n <= 0)
			break;
		off += (size_t)n;
	}
	static char buf[256 * 1024];
	size_t got = 0;
	int64_t until = now_ms() + 5000;
	while (got < sizeof buf - 1) {
		int left = (int)(until - now_ms());
		struct pollfd p = {.fd = fd, .events = POLLIN};
		if (left <= 0 || poll(&p, 1, left) <= 0)
			break;
		ssize_t n = recv(fd, buf + got, sizeof buf - 1 - got, 0);
		if (n <= 0)
			break;
		got += (size_t)n;
	}
	close(fd);
	return arena_strndup(&s->arena, buf, got);
}

static int status_of(const char *response)
{
	int status = 0;
	if (sscanf(response, "HTTP/1.%*d %d", &status) != 1)
		return 0;
	return status;
}

/* The value of cookie `name` set by a raw response, or NULL. */
static const char *set_cookie_of(struct ht_server *s, const char *response,
                                 const char *name)
{
	char key[80];
	snprintf(key, sizeof key, "Set-Cookie: %s=", name);
	const char *p = strstr(response, key);
	if (!p)
		return NULL;
	p += strlen(key);
	return arena_strndup(&s->arena, p, strcspn(p, ";\r\n"));
}

/* The value="..." of the first input named `name` in a raw page. */
static const char *field_of(struct ht_server *s, const char *response,
                            const char *name)
{
	char key[80];
	snprintf(key, sizeof key, "name=\"%s\" value=\"", name);
	const char *p = strstr(response, key);
	if (!p)
		return NULL;
	p += strlen(key);
	return arena_strndup(&s->arena, p, strcspn(p, "\""));
}

/* The login form as a browser at `src` fills it in: the POST's status. */
static int login_from(struct ht_server *s, const char *src,
                      const char *username, const char *password)
{
	const char *form = raw_from(s, src, "GET /login HTTP/1.1\r\nHost: t\r\n"
	                                    "Connection: close\r\n\r\n");
	const char *cookie = set_cookie_of(s, form, "samplan_login");
	const char *token = field_of(s, form, "login_csrf");
	if (!cookie || !token)
		fail_msg("no login form from %s: %.300s", src, form);
	char body[512], req[1024];
	snprintf(body, sizeof body, "login_csrf=%s&username=%s&password=%s",
	         token, username, password);
	snprintf(req, sizeof req,
	         "POST /login HTTP/1.1\r\nHost: t\r\nConnection: close\r\n"
	         "Cookie: samplan_login=%s\r\n"
	         "Content-Type: application/x-www-form-urlencoded\r\n"
	         "Content-Length: %zu\r\n\r\n%s",
	         cookie, strlen(body), body);
	return status_of(raw_from(s, src, req));
}

static int up(void **state)
{
	(void)state;
	return ht_server_start(&srv, &(struct ht_server_opts){.demo = true})
		       ? 0 : -1;
}

static int down(void **state)
{
	(void)state;
	return ht_server_stop(&srv) == 0 ? 0 : -1;
}

/* ---- a port in use ---- */

/* A second `samplan serve` on the port of a running one exits at once,
 * non-zero, saying why — instead of sharing the port (SO_REUSEPORT) and
 * splitting the clients between two databases. */
static void test_second_serve_refused(void **state)
{
	(void)state;
	char listen[64];
	snprintf(listen, sizeof listen, "127.0.0.1:%d", srv.port);
	int err[2];
	assert_int_equal(pipe(err), 0);
	pid_t pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		dup2(err[1], 2);
		dup2(err[1], 1);
		close(err[0]);
		const char *bin = getenv("SAMPLAN_BIN");
		execl(bin ? bin : "build/samplan", "samplan", "serve", "--db",
		      srv.db_url, "--listen", listen, (char *)NULL);
		_exit(127);
	}
	close(err[1]);
	int status = 0;
	bool exited = false;
	for (int64_t until = now_ms() + 10000; now_ms() < until;) {
		if (waitpid(pid, &status, WNOHANG) == pid) {
			exited = true;
			break;
		}
		struct timespec ts = {0, 20 * 1000 * 1000};
		nanosleep(&ts, NULL);
	}
	if (!exited) {
		kill(pid, SIGKILL);
		waitpid(pid, NULL, 0);
	}
	char out[2048] = "";
	fcntl(err[0], F_SETFL, O_NONBLOCK);
	ssize_t n = read(err[0], out, sizeof out - 1);
	out[n > 0 ? n : 0] = '\0';
	close(err[0]);
	if (!exited)
		fail_msg("a second serve on port %d kept running: %s", srv.port,
		         out);
	assert_true(WIFEXITED(status));
	assert_int_not_equal(WEXITSTATUS(status), 0);
	ht_assert_contains(out, "already in use");
	/* The first server still answers. */
	struct ht_client *c = ht_client_new(&srv);
	assert_int_equal(ht_get(c, "/healthz")->status, 200);
	ht_client_free(c);
}

/* ---- requests the server cannot or must not understand ---- */

static void test_unknown_transfer_encoding(void **state)
{
	(void)state;
	static const char gzip[] =
		"POST /login HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: gzip\r\n"
		"Content-Type: application/x-www-form-urlencoded\r\n\r\nabc";
	int64_t t0 = now_ms();
	const char *r = ht_raw(&srv, gzip, sizeof gzip - 1);
	assert_int_equal(status_of(r), 501);
	assert_true(now_ms() - t0 < 2500); /* answered, not left hanging */
	static const char chain[] =
		"POST /api/v1/persons HTTP/1.1\r\nHost: t\r\n"
		"Transfer-Encoding: gzip, chunked\r\n\r\n0\r\n\r\n";
	assert_int_equal(status_of(ht_raw(&srv, chain, sizeof chain - 1)), 501);
	/* chunked itself still works. */
	struct ht_client *c = ht_client_new(&srv);
	const struct ht_response *ok = ht_request(c, &(struct ht_request){
		.method = "POST", .path = "/language",
		.content_type = "application/x-www-form-urlencoded",
		.body = "lang=en&next=/login", .chunked = true});
	assert_int_equal(ok->status, 303);
	ht_client_free(c);
}

static void test_static_path_refused(void **state)
{
	(void)state;
	static const char *const bad[] = {
		"/static/style.css%00.png", "/static/%00", "/static/..",
		"/static/%2e%2e", "/static/.%2E", "/static/../samplan.db",
		"/%2e%2e/etc/passwd", "/persons/%00", "/static/a..css",
		"/static/..%2f..%2fetc%2fpasswd", "/static/x%2f..",
	};
	char req[256];
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
		snprintf(req, sizeof req, "GET %s HTTP/1.1\r\nHost: t\r\n"
		         "Connection: close\r\n\r\n", bad[i]);
		const char *r = ht_raw(&srv, req, strlen(req));
		if (status_of(r) != 400)
			fail_msg("GET %s: %.200s", bad[i], r);
	}
	/* The asset itself, and a query string with %00, are fine. */
	snprintf(req, sizeof req, "GET /static/style.css HTTP/1.1\r\nHost: t\r\n"
	         "Connection: close\r\n\r\n");
	assert_int_equal(status_of(ht_raw(&srv, req, strlen(req))), 200);
	snprintf(req, sizeof req, "GET /healthz?x=%%00 HTTP/1.1\r\nHost: t\r\n"
	         "Connection: close\r\n\r\n");
	assert_int_equal(status_of(ht_raw(&srv, req, strlen(req))), 200);
}

/* ---- slow clients ---- */

enum { FLOOD_ADDRESSES = 9, FLOOD_PER_ADDRESS = LIMIT_CONNECTIONS_PER_IP + 16 };

/* Slow-header connections from nine addresses, more than the
 * per-address limit each: the excess is refused at once, normal
 * requests are still answered quickly, and every slow connection is
 * closed after the short timeout. */
static void test_slow_clients_do_not_block(void **state)
{
	(void)state;
	static int fds[FLOOD_ADDRESSES * FLOOD_PER_ADDRESS];
	int n = 0;
	static const char partial[] = "GET / HTTP/1.1\r\nHost: t\r\nX-Slow: ";
	for (int a = 0; a < FLOOD_ADDRESSES; a++) {
		char src[32];
		snprintf(src, sizeof src, "127.0.0.%d", a + 2);
		for (int i = 0; i < FLOOD_PER_ADDRESS; i++) {
			int fd = connect_from(&srv, src);
			send(fd, partial, sizeof partial - 1, MSG_NOSIGNAL);
			fds[n++] = fd;
		}
	}
	/* Normal requests from another address get their answer. */
	struct ht_client *c = ht_client_new(&srv);
	for (int i = 0; i < 7; i++) {
		int64_t t0 = now_ms();
		assert_int_equal(ht_get(c, "/login")->status, 200);
		assert_true(now_ms() - t0 < 3000);
	}
	ht_client_free(c);
	/* The connections past each address's limit were closed by the
	 * server: count the ones that read as closed within a second. */
	int closed_early = 0;
	int64_t until = now_ms() + 1000;
	bool *gone = calloc((size_t)n, sizeof *gone);
	while (now_ms() < until) {
		for (int i = 0; i < n; i++) {
			if (gone[i])
				continue;
			struct pollfd p = {.fd = fds[i], .events = POLLIN};
			char ch;
			if (poll(&p, 1, 0) == 1 && recv(fds[i], &ch, 1, 0) <= 0) {
				gone[i] = true;
				closed_early++;
			}
		}
	}
	assert_true(closed_early >= FLOOD_ADDRESSES * 16);
	assert_true(closed_early < n);
	/* The rest are cut off once they have been silent for the
	 * timeout. */
	int open = n - closed_early;
	until = now_ms() + (LIMIT_CONNECTION_TIMEOUT_S + 6) * 1000;
	while (open > 0 && now_ms() < until) {
		for (int i = 0; i < n; i++) {
			if (gone[i])
				continue;
			struct pollfd p = {.fd = fds[i], .events = POLLIN};
			char buf[512];
			if (poll(&p, 1, 0) == 1 && recv(fds[i], buf, sizeof buf, 0) <= 0) {
				gone[i] = true;
				open--;
			}
		}
		struct timespec ts = {0, 50 * 1000 * 1000};
		nanosleep(&ts, NULL);
	}
	for (int i = 0; i < n; i++)
		close(fds[i]);
	free(gone);
	if (open > 0)
		fail_msg("%d slow connections still open after %d s", open,
		         LIMIT_CONNECTION_TIMEOUT_S + 6);
	c = ht_client_new(&srv);
	assert_int_equal(ht_get(c, "/healthz")->status, 200);
	ht_client_free(c);
}

/* ---- login throttling by address ---- */

/* One address guessing over many usernames is stopped after
 * LOGIN_ADDR_FREE_FAILURES guesses (the finding: 158 over 158 usernames
 * in 10 s, all checked), while the owner of an account logs in from
 * another address. Its own server: the address counter is shared. */
static void test_login_throttled_per_address(void **state)
{
	(void)state;
	struct ht_server own;
	assert_true(ht_server_start(&own, &(struct ht_server_opts){.demo = true}));
	int refused = 0, checked = 0;
	for (int i = 0; i < 40; i++) {
		char name[32];
		snprintf(name, sizeof name, "gissning%d", i);
		int status = login_from(&own, "127.0.0.5", name, "Sommar2026");
		if (status == 429)
			refused++;
		else if (status == 401)
			checked++;
		else
			fail_msg("guess %d: status %d", i, status);
	}
	assert_int_equal(checked, LOGIN_ADDR_FREE_FAILURES - 1);
	assert_int_equal(refused, 40 - checked);
	/* The right password from the guessing address waits too ... */
	assert_int_equal(login_from(&own, "127.0.0.5", "eva", HT_DEMO_PASSWORD),
	                 429);
	/* ... but eva at her own address is not held up. */
	assert_int_equal(login_from(&own, "127.0.0.6", "eva", HT_DEMO_PASSWORD),
	                 303);
	/* The attempts are in the log with their address. */
	ht_assert_contains(ht_server_log(&own, 400),
	                   "login refused from 127.0.0.5: throttled");
	ht_assert_contains(ht_server_log(&own, 400),
	                   "login failed for an unknown username from 127.0.0.5");
	assert_int_equal(ht_server_stop(&own), 0);
}

/* ---- the client address ---- */

/* Without a trusted proxy, X-Forwarded-For is whatever the client
 * wrote: the session and the audit record keep the real peer. */
static void test_forwarded_for_ignored_without_proxy(void **state)
{
	(void)state;
	const char *form = raw_from(&srv, "127.0.0.7",
	                            "GET /login HTTP/1.1\r\nHost: t\r\n"
	                            "Connection: close\r\n\r\n");
	const char *cookie = set_cookie_of(&srv, form, "samplan_login");
	const char *token = field_of(&srv, form, "login_csrf");
	assert_non_null(cookie);
	assert_non_null(token);
	char body[256], req[1024];
	snprintf(body, sizeof body, "login_csrf=%s&username=karin&password=%s",
	         token, HT_DEMO_PASSWORD);
	snprintf(req, sizeof req,
	         "POST /login HTTP/1.1\r\nHost: t\r\nConnection: close\r\n"
	         "X-Forwarded-For: 203.0.113.66\r\n"
	         "Cookie: samplan_login=%s\r\n"
	         "Content-Type: application/x-www-form-urlencoded\r\n"
	         "Content-Length: %zu\r\n\r\n%s", cookie, strlen(body), body);
	assert_int_equal(status_of(raw_from(&srv, "127.0.0.7", req)), 303);
	assert_string_equal(ht_sql_text(&srv, "SELECT s.client_addr FROM"
	                                      " login_session s JOIN user_account u"
	                                      " ON u.id = s.user_id WHERE"
	                                      " u.username = ? ORDER BY s.created_at"
	                                      " DESC LIMIT 1", "karin"),
	                    "127.0.0.7");
}

/* ---- sign-in through the trusted proxy ---- */

#define PROXY "127.0.0.2"

static const char *proxy_get(struct ht_server *s, const char *src,
                             const char *path, const char *extra)
{
	char req[1024];
	snprintf(req, sizeof req, "GET %s HTTP/1.1\r\nHost: t\r\n"
	         "Connection: close\r\n%s\r\n", path, extra ? extra : "");
	return raw_from(s, src, req);
}

static void test_proxy_identity_header(void **state)
{
	(void)state;
	static const char *const args[] = {"--trusted-proxy", PROXY,
	                                   "--auth-header", "X-Remote-User", NULL};
	struct ht_server p;
	assert_true(ht_server_start(&p, &(struct ht_server_opts){
		.demo = true, .args = args}));

	/* From the proxy, the header signs in: no password, no form. */
	const char *r = proxy_get(&p, PROXY, "/account",
	                          "X-Remote-User: eva\r\n"
	                          "X-Forwarded-For: 203.0.113.5, 198.51.100.20\r\n");
	assert_int_equal(status_of(r), 200);
	ht_assert_contains(r, "Eva Lind");
	const char *cookie = set_cookie_of(&p, r, "samplan_session");
	const char *csrf = field_of(&p, r, "csrf_token");
	assert_non_null(cookie);
	assert_non_null(csrf);
	/* The sign-in is audited, from the client the proxy vouches for
	 * (the last X-Forwarded-For entry, the one the proxy wrote). */
	assert_int_equal(ht_sql_int(&p, "SELECT COUNT(*) FROM audit_log a JOIN"
	                                " user_account u ON u.id = a.user_id"
	                                " WHERE a.action = 'session.login' AND"
	                                " a.client_addr = '198.51.100.20' AND"
	                                " u.username = ?", "eva"), 1);

	/* The same header from anywhere else is refused, and signs no one
	 * in; so is it from the proxy for an unknown user. */
	int64_t sessions = ht_sql_int(&p, "SELECT COUNT(*) FROM login_session",
	                              NULL);
	r = proxy_get(&p, "127.0.0.3", "/account", "X-Remote-User: eva\r\n");
	assert_int_equal(status_of(r), 403);
	assert_null(strstr(r, "Eva Lind"));
	r = proxy_get(&p, "127.0.0.3", "/api/v1/me", "X-Remote-User: admin\r\n");
	assert_int_equal(status_of(r), 403);
	ht_assert_contains(r, "application/problem+json");
	r = proxy_get(&p, PROXY, "/account", "X-Remote-User: nobody\r\n");
	assert_int_equal(status_of(r), 403);
	assert_int_equal(ht_sql_int(&p, "SELECT COUNT(*) FROM login_session", NULL),
	                 sessions);
	ht_assert_contains(ht_server_log(&p, 200), "refused from 127.0.0.3");

	/* A change needs the CSRF token of eva's session: without it 403,
	 * with it done. */
	char req[1024], extra[512];
	const char *body = "lang=en&next=/";
	snprintf(req, sizeof req,
	         "POST /language HTTP/1.1\r\nHost: t\r\nConnection: close\r\n"
	         "X-Remote-User: eva\r\n"
	         "Content-Type: application/x-www-form-urlencoded\r\n"
	         "Content-Length: %zu\r\n\r\n%s", strlen(body), body);
	assert_int_equal(status_of(raw_from(&p, PROXY, req)), 403);
	snprintf(extra, sizeof extra, "X-Remote-User: eva\r\n"
	         "Cookie: samplan_session=%s\r\n"
	         "X-CSRF-Token: %s\r\n", cookie, csrf);
	snprintf(req, sizeof req,
	         "POST /language HTTP/1.1\r\nHost: t\r\nConnection: close\r\n%s"
	         "Content-Type: application/x-www-form-urlencoded\r\n"
	         "Content-Length: %zu\r\n\r\n%s", extra, strlen(body), body);
	assert_int_equal(status_of(raw_from(&p, PROXY, req)), 303);
	/* The session cookie alone does not sign in as eva for another
	 * identity: bo's header with eva's cookie is bo. */
	snprintf(extra, sizeof extra, "X-Remote-User: bo\r\n"
	         "Cookie: samplan_session=%s\r\n", cookie);
	r = proxy_get(&p, PROXY, "/account", extra);
	assert_int_equal(status_of(r), 200);
	assert_null(strstr(r, "Eva Lind"));

	/* Without the header, the proxy's clients log in as usual. */
	assert_int_equal(login_from(&p, PROXY, "sara", HT_DEMO_PASSWORD), 303);
	struct ht_client *c = ht_client_new(&p);
	assert_true(ht_login(c, "lars", HT_DEMO_PASSWORD));
	ht_client_free(c);
	assert_int_equal(ht_server_stop(&p), 0);
}

/* ---- a database that takes no writes ---- */

/* Drop the right to ignore file permissions from the servers started
 * from now on (root otherwise writes a 0444 file anyway); this process
 * keeps its own. Not undone: the test that needs it runs last. */
static void drop_dac_override_for_children(void)
{
	prctl(PR_CAPBSET_DROP, CAP_DAC_OVERRIDE, 0, 0, 0);
	prctl(PR_CAPBSET_DROP, CAP_DAC_READ_SEARCH, 0, 0, 0);
	prctl(PR_CAPBSET_DROP, CAP_FOWNER, 0, 0, 0);
}

static void test_read_only_database(void **state)
{
	(void)state;
	if (ht_backend() != DB_SQLITE)
		skip();
	struct ht_server first;
	assert_true(ht_server_start(&first, &(struct ht_server_opts){.demo = true}));
	char url[1024];
	snprintf(url, sizeof url, "%s", first.db_url);
	assert_int_equal(ht_server_stop(&first), 0);
	const char *path = url + strlen("sqlite:");
	assert_int_equal(chmod(path, 0444), 0);
	drop_dac_override_for_children();

	struct ht_server ro;
	assert_true(ht_server_start(&ro, &(struct ht_server_opts){
		.db_url = url, .no_wait = true}));
	struct ht_client *c = ht_client_new(&ro);
	const struct ht_response *r = ht_get(c, "/healthz");
	assert_int_equal(r->status, 503);
	ht_assert_contains(r->body, "\"read_only\"");
	/* A write (a login makes a session) is refused with 503 and a
	 * message that says why; nothing is stored. */
	r = ht_login_response(c, "eva", HT_DEMO_PASSWORD);
	assert_int_equal(r->status, 503);
	ht_assert_contains(r->body, "skrivskyddad");
	r = ht_post_json(c, "/api/v1/persons", "{}", NULL);
	assert_true(r->status == 503 || r->status == 401);
	/* The log names the cause (the line is written before the
	 * answer; give the access lines a moment). */
	ht_assert_contains(ht_server_log(&ro, 100), "refuses writes during login");
	ht_assert_contains(ht_server_log(&ro, 100), "SQLITE_READONLY");
	ht_client_free(c);
	assert_int_equal(ht_server_stop(&ro), 0);
	chmod(path, 0644);
}

/* PostgreSQL goes away under a running server: 503 with a message,
 * /healthz says so, the log names the lost connection; once it is back,
 * so is the service. The server gets a database of its own, so that
 * connections to it can be cut and refused without touching anyone
 * else's (the suite's server keeps its own database for the SQL). */
static void test_lost_postgresql(void **state)
{
	(void)state;
	if (ht_backend() != DB_POSTGRESQL)
		skip();
	const char *base = getenv("SAMPLAN_TEST_PG");
	assert_non_null(base);
	char name[64], sql[256], url[1024];
	snprintf(name, sizeof name, "samplan_lost_%d", (int)getpid());
	snprintf(sql, sizeof sql, "DROP DATABASE IF EXISTS %s", name);
	ht_sql_exec(&srv, sql, NULL);
	snprintf(sql, sizeof sql, "CREATE DATABASE %s", name);
	ht_sql_exec(&srv, sql, NULL);
	const char *slash = strrchr(base, '/');
	assert_non_null(slash);
	snprintf(url, sizeof url, "%.*s/%s", (int)(slash - base), base, name);

	struct ht_server pg;
	assert_true(ht_server_start(&pg, &(struct ht_server_opts){
		.demo = true, .db_url = url}));
	struct ht_client *c = ht_client_new(&pg);
	assert_true(ht_login(c, "eva", HT_DEMO_PASSWORD));
	const char *csrf = ht_csrf(c);
	assert_int_equal(ht_get(c, "/persons")->status, 200);

	snprintf(sql, sizeof sql, "ALTER DATABASE %s ALLOW_CONNECTIONS false",
	         name);
	ht_sql_exec(&srv, sql, NULL);
	snprintf(sql, sizeof sql, "SELECT COUNT(pg_terminate_backend(pid)) FROM"
	         " pg_stat_activity WHERE datname = '%s'", name);
	assert_true(ht_sql_int(&srv, sql, NULL) > 0);

	const struct ht_response *r = ht_get(c, "/persons");
	assert_int_equal(r->status, 503);
	ht_assert_contains(r->body, "Databasen kan inte nås");
	r = ht_get(c, "/healthz");
	assert_int_equal(r->status, 503);
	ht_assert_contains(r->body, "\"unreachable\"");
	r = ht_post_json(c, "/api/v1/persons", "{}", csrf);
	assert_int_equal(r->status, 503);
	ht_assert_contains(r->content_type, "application/problem+json");
	ht_assert_contains(ht_server_log(&pg, 200),
	                   "database unavailable during session: server closed "
	                   "the connection");

	snprintf(sql, sizeof sql, "ALTER DATABASE %s ALLOW_CONNECTIONS true",
	         name);
	ht_sql_exec(&srv, sql, NULL);
	long status = 0;
	for (int i = 0; i < 50 && status != 200; i++) {
		status = ht_get(c, "/persons")->status;
		if (status != 200) {
			struct timespec ts = {0, 100 * 1000 * 1000};
			nanosleep(&ts, NULL);
		}
	}
	assert_int_equal(status, 200);
	ht_client_free(c);
	assert_int_equal(ht_server_stop(&pg), 0);
	snprintf(sql, sizeof sql, "DROP DATABASE %s WITH (FORCE)", name);
	ht_sql_exec(&srv, sql, NULL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_second_serve_refused),
		cmocka_unit_test(test_unknown_transfer_encoding),
		cmocka_unit_test(test_static_path_refused),
		cmocka_unit_test(test_forwarded_for_ignored_without_proxy),
		cmocka_unit_test(test_slow_clients_do_not_block),
		cmocka_unit_test(test_login_throttled_per_address),
		cmocka_unit_test(test_proxy_identity_header),
		cmocka_unit_test(test_lost_postgresql),
		/* Last: it drops a capability for every later child. */
		cmocka_unit_test(test_read_only_database),
	};
	return cmocka_run_group_tests(tests, up, down);
}
