/*
 * harness.h — HTTP tests against the real `samplan serve`.
 *
 * A suite starts the binary ($SAMPLAN_BIN, default build/samplan) on a
 * free loopback port with a fresh database of the suite's backend
 * ($SAMPLAN_TEST_BACKEND = sqlite | postgresql, set by scripts/run-tests;
 * default sqlite), drives it over HTTP with libcurl, checks the database
 * behind it directly, and stops it with SIGTERM, expecting a clean exit.
 *
 *     static struct ht_server srv;
 *
 *     static int up(void **state)
 *     {
 *             (void)state;
 *             return ht_server_start(&srv, &(struct ht_server_opts){
 *                     .demo = true}) ? 0 : -1;
 *     }
 *     static int down(void **state)
 *     {
 *             (void)state;
 *             return ht_server_stop(&srv) == 0 ? 0 : -1;
 *     }
 *     static void test_home(void **state)
 *     {
 *             (void)state;
 *             struct ht_client *c = ht_client_new(&srv);
 *             assert_true(ht_login(c, "eva", HT_DEMO_PASSWORD));
 *             const struct ht_response *r = ht_get(c, "/");
 *             assert_int_equal(r->status, 200);
 *             assert_non_null(strstr(r->body, "Eva Lind"));
 *             ht_client_free(c);
 *     }
 *     ... cmocka_run_group_tests(tests, up, down);
 *
 * Demo data (`samplan demo`): admin (system_admin), eva, bo, sara, olle,
 * karin, lars (professionals), ulla (unit_admin of bo's unit), all with
 * HT_DEMO_PASSWORD. Login throttling counts per username and is shared by
 * every test on one server: a test that makes logins fail should use a
 * user of its own (ht_user_create) or its own server.
 *
 * Memory: strings and responses returned by ht_* functions belong to the
 * server or client they came from and live until ht_server_stop or
 * ht_client_free. Failures of the harness itself (cannot start, cannot
 * reach the database) fail the running test with a message.
 */
#ifndef SAMPLAN_HARNESS_H
#define SAMPLAN_HARNESS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <sys/types.h>

#include <jansson.h>

#include "base/arena.h"
#include "store/db.h"

#define HT_DEMO_PASSWORD "samplan-demo-2026"

/* ---- the server ---- */

enum { HT_SERVER_ARGS_MAX = 24 };

struct ht_server_opts {
	bool demo;            /* load `samplan demo` before serving */
	const char *db_url;   /* serve this database (e.g. a second server
	                         on another's); NULL: a fresh one */
	unsigned threads;     /* --threads; 0: 2 */
	bool no_wait;         /* return as soon as the port accepts
	                         connections, without GET /healthz (which
	                         opens a worker's database connection) */
	const char *const *args; /* more `samplan serve` arguments,
	                            NULL-terminated (at most
	                            HT_SERVER_ARGS_MAX), or NULL. The
	                            server runs with --mail-schedule off
	                            unless they say "--mail-schedule on". */
};

struct ht_server {
	pid_t pid;
	int port;
	char base[64];        /* "http://127.0.0.1:PORT" */
	char db_url[1024];    /* the database it serves */
	enum db_kind kind;
	struct db *db;        /* the test's own connection to that database */
	char log_path[1024];  /* the server's stdout and stderr */
	struct arena arena;   /* strings returned for this server */
};

/* The backend chosen by $SAMPLAN_TEST_BACKEND. */
enum db_kind ht_backend(void);

/* Start a server; true when it answers /healthz with 200 (or, with
 * no_wait, accepts connections). On failure, says why on stderr. */
bool ht_server_start(struct ht_server *s, const struct ht_server_opts *o);

/* SIGTERM, then wait up to 20 s: the exit status (0 for a graceful
 * shutdown), or -1 when it had to be killed or died of a signal. The
 * server's log is printed when the status is not 0. Frees s's memory. */
int ht_server_stop(struct ht_server *s);

/* SIGKILL, as a crash or a power cut would end it, without waiting for
 * anything: 0 when it died of that signal and its log holds no
 * sanitizer report, else -1 (the log is printed). The database stays
 * (start another server on s->db_url, copied first). Frees s's memory. */
int ht_server_kill(struct ht_server *s);

/* True while the server process runs. */
bool ht_server_alive(struct ht_server *s);

/* ht_server_stop and ht_server_kill also fail (-1, log printed) when the
 * log holds a report of AddressSanitizer, LeakSanitizer, UBSan
 * ("runtime error:") or ThreadSanitizer — from the server or from any
 * `samplan` command run on it — so the suites run against a sanitizer
 * build ($SAMPLAN_BIN=build/asan/samplan, build/tsan/samplan) fail on
 * any report. */

/* The last `lines` lines of the server's log (for failure messages). */
const char *ht_server_log(struct ht_server *s, int lines);

/* ---- the database behind it ----
 * sql may hold one `?`, bound to arg as text when arg is not NULL.
 * A database error fails the test. */

/* The first column of the first row as a number (0 when no row). */
int64_t ht_sql_int(struct ht_server *s, const char *sql, const char *arg);
/* The first column of the first row as text (NULL when no row or NULL). */
const char *ht_sql_text(struct ht_server *s, const char *sql, const char *arg);
/* Run a statement; returns the number of rows changed. */
int64_t ht_sql_exec(struct ht_server *s, const char *sql, const char *arg);
/* The id of a user by name (fails the test when absent). */
int64_t ht_user_id(struct ht_server *s, const char *username);
/* A new user made through the domain (user_create), with password
 * HT_DEMO_PASSWORD: role NULL or "professional", "unit_admin" or
 * "system_admin"; all but the last in the unit with the lowest id (one
 * is made when there is none). Returns the id. */
int64_t ht_user_create(struct ht_server *s, const char *username,
                       const char *role);

/* Row counts of every table, to show that a refused request changed
 * nothing: take one before, compare after. audit_log is counted without
 * the attempt records of refused reads ("*.refused"), which a refusal
 * writes on purpose (audit.h, audit_attempt). */
enum { HT_MAX_TABLES = 64 };
struct ht_snapshot {
	int n;
	char table[HT_MAX_TABLES][64];
	int64_t rows[HT_MAX_TABLES];
};
void ht_snapshot_take(struct ht_server *s, struct ht_snapshot *snap);
/* Fails the test naming the table whose count changed. */
void ht_assert_unchanged(struct ht_server *s, const struct ht_snapshot *snap);

/* ---- the samplan command line, on the same database ---- */

/* Run `samplan ARGS... --db URL` (NULL-terminated args, the server's
 * database added last); its exit status, with its stdout in *out
 * (server's arena; out may be NULL). stderr goes to the server's log. */
int ht_samplan(struct ht_server *s, char **out, ...)
	__attribute__((sentinel));
/* `samplan token create --username U`: the new API token. */
const char *ht_token_create(struct ht_server *s, const char *username);

/* `samplan citizen code PERSONNUMMER`: a new one-time sign-in code for
 * /citizen (its last line). */
const char *ht_citizen_code(struct ht_server *s, const char *personnummer);

/* The text of a PDF (body, len) through pdftotext, in s's arena (fails
 * the test when pdftotext cannot read it). */
const char *ht_pdf_text(struct ht_server *s, const char *body, size_t len);

/* ---- a client: a browser with its own cookie jar ---- */

struct ht_client;

struct ht_response {
	long status;
	const char *body;      /* NUL-terminated */
	size_t body_len;
	const char *headers;   /* the final response's header block */
	const char *content_type; /* or NULL */
	const char *location;  /* or NULL */
	/* Every header line of the final response, in order. */
	int nheaders;
	const char **header_names;
	const char **header_values;
	/* ht_request_try only: why no answer came (status 0), else NULL. */
	const char *transport_error;
};

struct ht_request {
	const char *method;    /* NULL: GET, or POST when there is a body */
	const char *path;      /* "/..." */
	const char *content_type;
	const char *body;
	size_t body_len;       /* 0: strlen(body) */
	bool chunked;          /* Transfer-Encoding: chunked, no length */
	const char *const *headers;   /* "Name: value", NULL-terminated */
	const char *const *multipart; /* name, value, ..., NULL: sent as
	                                 multipart/form-data */
};

struct ht_client *ht_client_new(struct ht_server *s);
void ht_client_free(struct ht_client *c);

/* Send "Authorization: Bearer TOKEN" with every request (NULL: stop). */
void ht_client_bearer(struct ht_client *c, const char *token);

/* Redirects are not followed: a 303 is a response like any other. */
const struct ht_response *ht_request(struct ht_client *c,
                                     const struct ht_request *rq);
/* The same, but a request that gets no answer (connection refused or
 * reset, timeout) returns status 0 with transport_error set instead of
 * failing the test: for load threads (cmocka's fail_msg must not run on
 * them) and for servers being killed. One client per thread. */
const struct ht_response *ht_request_try(struct ht_client *c,
                                         const struct ht_request *rq);
const struct ht_response *ht_get(struct ht_client *c, const char *path);
/* name, value pairs, NULL-terminated: application/x-www-form-urlencoded */
const struct ht_response *ht_post_form(struct ht_client *c, const char *path,
                                       ...) __attribute__((sentinel));
/* name, value pairs, NULL-terminated: multipart/form-data */
const struct ht_response *ht_post_multipart(struct ht_client *c,
                                            const char *path, ...)
	__attribute__((sentinel));
/* A JSON body; csrf (may be NULL) is sent as X-CSRF-Token. */
const struct ht_response *ht_post_json(struct ht_client *c, const char *path,
                                       const char *json, const char *csrf);

/* A response header's first value (name without case), or NULL. */
const char *ht_header(const struct ht_response *r, const char *name);
/* The whole Set-Cookie value that sets cookie `name`, or NULL. */
const char *ht_set_cookie(const struct ht_response *r, const char *name);

/* The cookie jar. */
const char *ht_cookie(struct ht_client *c, const char *name);
void ht_cookie_put(struct ht_client *c, const char *name, const char *value);
void ht_cookies_clear(struct ht_client *c);

/* The value of the first <input ... name="NAME" value="..."> of a page
 * (HTML entities decoded), or NULL. */
const char *ht_form_value(struct ht_client *c, const struct ht_response *r,
                          const char *name);

/* Log in through the login form, as a browser does: GET /login for the
 * samplan_login cookie and the login_csrf field, then POST /login.
 * ht_login_response returns that POST's response; ht_login is true when
 * it was a 303 that set a session cookie. */
const struct ht_response *ht_login_response(struct ht_client *c,
                                            const char *username,
                                            const char *password);
bool ht_login(struct ht_client *c, const char *username, const char *password);

/* Sign in at /citizen as a browser does, with a new code for
 * personnummer (ht_citizen_code): GET /citizen for the sign-in cookie
 * and field, then POST /citizen/sign-in. The POST's response; signed in
 * when it is a 303 that set the samplan_citizen cookie. */
const struct ht_response *ht_citizen_sign_in_response(struct ht_client *c,
                                                      const char *code);
bool ht_citizen_sign_in(struct ht_client *c, const char *personnummer);
/* The citizen session's CSRF token (the sign-out form of GET /citizen);
 * NULL when not signed in. */
const char *ht_citizen_csrf(struct ht_client *c);

/* The session's CSRF token, read from a page's csrf_token field (GET
 * /account); NULL when not logged in. */
const char *ht_csrf(struct ht_client *c);

/* A made-up personnummer "YYYYMMDDNNNC": birth date (8 digits), a
 * three-digit serial and the Luhn check digit over YYMMDDNNN. Static
 * storage of the calling thread, overwritten by the next call. */
const char *ht_pnr(const char *birth, int serial);

/* ---- what the suites assert ----
 * Each fails the running test with a message that shows what came
 * instead (the body, shortened). */

/* The response has this status. */
void ht_assert_status(const struct ht_response *r, long status);

/* Status, and the content type "text/html; charset=utf-8". */
void ht_assert_html(const struct ht_response *r, long status);
/* ht_assert_html, and the body is a whole page ("<!doctype html>"). */
void ht_assert_page(const struct ht_response *r, long status);

/* The body parsed as JSON (caller json_decref's). */
json_t *ht_json(const struct ht_response *r);

/* An RFC 9457 problem: status, content type application/problem+json,
 * "status" the same in the body and a "detail" of more than five
 * characters. The parsed object (caller json_decref's). */
json_t *ht_assert_problem(const struct ht_response *r, long status);

/* Both bodies are JSON and the same but for the member `except` of
 * each (NULL: every member counts), e.g. two problems that differ
 * only in their "instance". */
void ht_assert_same_json(const struct ht_response *a,
                         const struct ht_response *b, const char *except);

/* needle is (or is not) in haystack (which may be NULL: never holds
 * anything). Macros, so that a failure names the test's line. */
#define ht_assert_contains(haystack, needle)                               \
	do {                                                               \
		const char *h_ = (haystack);                               \
		const char *n_ = (needle);                                 \
		if (!h_ || !strstr(h_, n_))                                \
			fail_msg("'%s' not found in: %.800s", n_,           \
			         h_ ? h_ : "(null)");                      \
	} while (0)

#define ht_assert_not_contains(haystack, needle)                           \
	do {                                                               \
		const char *h_ = (haystack);                               \
		const char *n_ = (needle);                                 \
		if (h_ && strstr(h_, n_))                                  \
			fail_msg("'%s' unexpectedly in: %.800s", n_, h_);   \
	} while (0)

/* ---- small helpers of the suites ---- */

/* printf into the server's arena (main thread only). */
/* The API answered `status`: its JSON body (application/json), or for a
 * status of 400 and up the problem (ht_assert_problem). Both the
 * request's body and the answer's are the caller's to free. */
json_t *ht_api_post(struct ht_client *c, const char *path, json_t *body,
                    long status);
json_t *ht_api_get(struct ht_client *c, const char *path, long status);
/* A member of a JSON object: its text (NULL when absent or not text),
 * or its integer (the test fails when it is not one). */
const char *ht_jstr(json_t *o, const char *key);
int64_t ht_jint(json_t *o, const char *key);
/* Today plus `days` (negative: before), YYYY-MM-DD, in s's arena. */
const char *ht_date_in(struct ht_server *s, int days);

const char *ht_fmt(struct ht_server *s, const char *f, ...)
	__attribute__((format(printf, 2, 3)));

/* A client logged in as username with HT_DEMO_PASSWORD (fails the test
 * when the login fails). */
struct ht_client *ht_logged_in(struct ht_server *s, const char *username);

/* A client that sends a new API token of username (ht_token_create). */
struct ht_client *ht_api_as(struct ht_server *s, const char *username);

/* POST a JSON value (taken over: json_decref'd) without a CSRF token. */
const struct ht_response *ht_post_jansson(struct ht_client *c,
                                          const char *path, json_t *body);

/* ---- raw bytes ---- */

/* Send bytes on a new TCP connection and read until the server closes
 * it or 3 s pass: what came back (NUL-terminated; server's arena). */
const char *ht_raw(struct ht_server *s, const void *bytes, size_t len);

#endif
