/*
 * harness.c — see harness.h.
 *
 * The server is a child process: fork, stdout/stderr to a log file in
 * $TMPDIR, exec `samplan serve`. A free port is found by binding port 0
 * and closing; another process may take it before the server binds, so
 * a server that exits at once is started again on another port.
 *
 * The client is one libcurl easy handle with the in-memory cookie engine,
 * so cookies behave as in a browser (paths, Max-Age=0 deletes).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "harness.h"

#include "base/date.h"

#include <arpa/inet.h>
#include <curl/curl.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "audit/review.h"
#include "base/buf.h"
#include "sip/org.h"
#include "sip/secret.h"
#include "sip/user.h"
#include "support/testdb.h"

enum { HT_ARENA = 256 << 20, HT_BODY_CAP = 64 << 20 };

static const char *samplan_bin(void)
{
	const char *bin = getenv("SAMPLAN_BIN");
	return bin && *bin ? bin : "build/samplan";
}

static const char *tmp_dir(void)
{
	const char *t = getenv("TMPDIR");
	return t && *t ? t : "/tmp";
}

static void sleep_ms(int ms)
{
	struct timespec ts = {ms / 1000, (long)(ms % 1000) * 1000000L};
	nanosleep(&ts, NULL);
}

static int64_t now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

enum db_kind ht_backend(void)
{
	const char *b = getenv("SAMPLAN_TEST_BACKEND");
	return b && strcmp(b, "postgresql") == 0 ? DB_POSTGRESQL : DB_SQLITE;
}

/* ---- child processes ---- */

static int free_port(void)
{
	int fd = socket(AF_INET, SOCK_STREAM, 0);
	if (fd < 0)
		return -1;
	struct sockaddr_in a = {.sin_family = AF_INET,
	                        .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
	socklen_t len = sizeof a;
	int port = -1;
	if (bind(fd, (struct sockaddr *)&a, sizeof a) == 0 &&
	    getsockname(fd, (struct sockaddr *)&a, &len) == 0)
		port = ntohs(a.sin_port);
	close(fd);
	return port;
}

/* fork + exec argv with stdout to out_fd (or the log) and stderr to the
 * log file. */
static pid_t spawn(char *const argv[], const char *log_path, int out_fd)
{
	fflush(NULL);
	pid_t parent = getpid();
	pid_t pid = fork();
	if (pid != 0)
		return pid;
	/* A test that fails (or crashes) before it stops its server
	 * leaves no server behind: it ends with the test process. */
	prctl(PR_SET_PDEATHSIG, SIGTERM);
	if (getppid() != parent)
		_exit(1);
	int log = open(log_path, O_WRONLY | O_CREAT | O_APPEND, 0600);
	if (log >= 0) {
		dup2(out_fd >= 0 ? out_fd : log, 1);
		dup2(log, 2);
	}
	int null = open("/dev/null", O_RDONLY);
	if (null >= 0)
		dup2(null, 0);
	/* The server stops on SIGTERM; make sure it is not ignored. */
	signal(SIGTERM, SIG_DFL);
	signal(SIGINT, SIG_DFL);
	setenv("TZ", "Europe/Stockholm", 0);
	execv(argv[0], argv);
	fprintf(stderr, "harness: cannot run %s: %s\n", argv[0], strerror(errno));
	_exit(127);
}

/* Wait for pid up to timeout_ms; its status, or false if still running. */
static bool wait_for(pid_t pid, int timeout_ms, int *status)
{
	int64_t until = now_ms() + timeout_ms;
	for (;;) {
		pid_t got = waitpid(pid, status, WNOHANG);
		if (got == pid)
			return true;
		if (got < 0 && errno != EINTR)
			return true; /* not our child any more */
		if (now_ms() >= until)
			return false;
		sleep_ms(10);
	}
}

static void dump_log(const char *path, const char *why)
{
	fprintf(stderr, "harness: %s; server log %s:\n", why, path);
	FILE *f = fopen(path, "r");
	if (!f)
		return;
	char line[1024];
	while (fgets(line, sizeof line, f))
		fprintf(stderr, "  | %s", line);
	fclose(f);
}

int ht_samplan(struct ht_server *s, char **out, ...)
{
	char *argv[32];
	int n = 0;
	argv[n++] = (char *)samplan_bin();
	va_list ap;
	va_start(ap, out);
	const char *a;
	while ((a = va_arg(ap, const char *)) != NULL && n < 28)
		argv[n++] = (char *)a;
	va_end(ap);
	argv[n++] = "--db";
	argv[n++] = s->db_url;
	argv[n] = NULL;
	int pipefd[2];
	if (pipe(pipefd) != 0)
		fail_msg("harness: pipe: %s", strerror(errno));
	pid_t pid = spawn(argv, s->log_path, pipefd[1]);
	close(pipefd[1]);
	struct buf b;
	buf_init(&b, 1 << 20);
	char chunk[4096];
	ssize_t got;
	while ((got = read(pipefd[0], chunk, sizeof chunk)) > 0)
		buf_append(&b, chunk, (size_t)got);
	close(pipefd[0]);
	int status = 0;
	if (!wait_for(pid, 60000, &status)) {
		kill(pid, SIGKILL);
		waitpid(pid, &status, 0);
	}
	if (out)
		*out = arena_strdup(&s->arena, b.data);
	buf_free(&b);
	return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

const char *ht_token_create(struct ht_server *s, const char *username)
{
	char *out = NULL;
	int rc = ht_samplan(s, &out, "token", "create", "--username", username,
	                    "--label", "http test", NULL);
	if (rc != 0)
		fail_msg("harness: samplan token create --username %s: status %d\n%s",
		         username, rc, ht_server_log(s, 5));
	out[strcspn(out, "\r\n")] = '\0';
	return out;
}

const char *ht_citizen_code(struct ht_server *s, const char *personnummer)
{
	char *out = NULL;
	int rc = ht_samplan(s, &out, "citizen", "code", personnummer, NULL);
	if (rc != 0)
		fail_msg("harness: samplan citizen code %s: status %d\n%s",
		         personnummer, rc, ht_server_log(s, 5));
	size_t len = strlen(out);
	while (len > 0 && (out[len - 1] == '\n' || out[len - 1] == '\r'))
		out[--len] = '\0';
	const char *last = strrchr(out, '\n');
	return last ? last + 1 : out;
}

const char *ht_pdf_text(struct ht_server *s, const char *body, size_t len)
{
	const char *dir = getenv("TMPDIR");
	char *path = arena_printf(&s->arena, "%s/samplan-pdf-XXXXXX",
	                          dir && *dir ? dir : "/tmp");
	int fd = mkstemp(path);
	if (fd < 0)
		fail_msg("harness: cannot make a file for the PDF");
	bool written = write(fd, body, len) == (ssize_t)len;
	close(fd);
	if (!written)
		fail_msg("harness: cannot write the PDF to %s", path);
	FILE *p = popen(arena_printf(&s->arena, "pdftotext -enc UTF-8 '%s' -",
	                             path), "r");
	if (!p)
		fail_msg("harness: cannot run pdftotext");
	struct buf b;
	buf_init(&b, 8 << 20);
	char chunk[4096];
	size_t got;
	while ((got = fread(chunk, 1, sizeof chunk, p)) > 0)
		buf_append(&b, chunk, got);
	int status = pclose(p);
	unlink(path);
	if (status != 0)
		fail_msg("harness: pdftotext could not read the PDF");
	const char *text = arena_strdup(&s->arena, b.data);
	buf_free(&b);
	return text;
}

/* ---- the server ---- */

static bool port_open(int port)
{
	int fd = socket(AF_INET, SOCK_STREAM, 0);
	if (fd < 0)
		return false;
	struct sockaddr_in a = {.sin_family = AF_INET,
	                        .sin_port = htons((uint16_t)port),
	                        .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
	bool ok = connect(fd, (struct sockaddr *)&a, sizeof a) == 0;
	close(fd);
	return ok;
}

static size_t discard(char *p, size_t size, size_t n, void *cls)
{
	(void)p;
	(void)cls;
	return size * n;
}

static long healthz_status(const char *base)
{
	CURL *curl = curl_easy_init();
	if (!curl)
		return 0;
	char url[128];
	snprintf(url, sizeof url, "%s/healthz", base);
	curl_easy_setopt(curl, CURLOPT_URL, url);
	curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, discard);
	curl_easy_setopt(curl, CURLOPT_TIMEOUT_MS, 2000L);
	curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
	long status = 0;
	if (curl_easy_perform(curl) == CURLE_OK)
		curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &status);
	curl_easy_cleanup(curl);
	return status;
}

/* One attempt on one port: 1 up, 0 exited (try another port), -1 hung. */
static int try_start(struct ht_server *s, const struct ht_server_opts *o)
{
	s->port = free_port();
	if (s->port <= 0)
		return 0;
	snprintf(s->base, sizeof s->base, "http://127.0.0.1:%d", s->port);
	char listen[64], threads[16];
	snprintf(listen, sizeof listen, "127.0.0.1:%d", s->port);
	snprintf(threads, sizeof threads, "%u", o->threads ? o->threads : 2);
	/* No reminders or summaries queued behind a test's back (they
	 * depend on the hour): a test that wants them passes
	 * "--mail-schedule on", which, coming later, wins. */
	char *argv[10 + HT_SERVER_ARGS_MAX + 1] = {
		(char *)samplan_bin(), "serve", "--db", s->db_url, "--listen",
		listen, "--threads", threads, "--mail-schedule", "off", NULL};
	int n = 10;
	for (int i = 0; o->args && o->args[i]; i++) {
		if (i == HT_SERVER_ARGS_MAX)
			fail_msg("harness: more than %d server arguments",
			         HT_SERVER_ARGS_MAX);
		argv[n++] = (char *)o->args[i];
	}
	s->pid = spawn(argv, s->log_path, -1);
	if (s->pid < 0)
		return 0;
	int64_t until = now_ms() + 15000;
	while (now_ms() < until) {
		int status;
		if (waitpid(s->pid, &status, WNOHANG) == s->pid) {
			s->pid = 0;
			return 0;
		}
		if (port_open(s->port) &&
		    (o->no_wait || healthz_status(s->base) == 200))
			return 1;
		sleep_ms(20);
	}
	return -1;
}

bool ht_server_start(struct ht_server *s, const struct ht_server_opts *opts)
{
	static const struct ht_server_opts none = {0};
	const struct ht_server_opts *o = opts ? opts : &none;
	static unsigned seq;
	memset(s, 0, sizeof *s);
	arena_init(&s->arena, HT_ARENA);
	s->kind = ht_backend();
	snprintf(s->log_path, sizeof s->log_path, "%s/samplan-server-%d-%u.log",
	         tmp_dir(), (int)getpid(), ++seq);
	unlink(s->log_path);
	if (!secret_init())
		return false;
	char err[512];
	if (o->db_url) {
		snprintf(s->db_url, sizeof s->db_url, "%s", o->db_url);
		s->kind = strncmp(o->db_url, "sqlite:", 7) == 0 ? DB_SQLITE
		                                                : DB_POSTGRESQL;
		s->db = db_open(s->db_url, err, sizeof err);
	} else {
		if (s->kind == DB_POSTGRESQL && !testdb_pg_available()) {
			fprintf(stderr, "harness: SAMPLAN_TEST_BACKEND=postgresql "
			                "but SAMPLAN_TEST_PG is not set\n");
			return false;
		}
		const char *url = NULL;
		s->db = testdb_open(s->kind, &url);
		if (s->db)
			snprintf(s->db_url, sizeof s->db_url, "%s", url);
		else
			snprintf(err, sizeof err, "no fresh test database");
	}
	if (!s->db) {
		fprintf(stderr, "harness: %s\n", err);
		return false;
	}
	if (o->demo && ht_samplan(s, NULL, "demo", NULL) != 0) {
		dump_log(s->log_path, "samplan demo failed");
		return false;
	}
	for (int attempt = 0; attempt < 5; attempt++) {
		int up = try_start(s, o);
		if (up == 1)
			return true;
		if (up < 0) {
			kill(s->pid, SIGKILL);
			waitpid(s->pid, NULL, 0);
			s->pid = 0;
			dump_log(s->log_path, "the server did not come up in 15 s");
			return false;
		}
	}
	dump_log(s->log_path, "the server exited at start five times");
	return false;
}

/* A report of ASan, LSan, UBSan or TSan in the server's log (the
 * server's and every `samplan` command's stderr): its first line, or
 * NULL. A sanitizer build that reports anything fails the suite, even
 * when the process went on (UBSan without halt_on_error) or the report
 * came at exit (LeakSanitizer). */
static const char *sanitizer_report(struct ht_server *s)
{
	static const char *const marks[] = {
		"ERROR: AddressSanitizer", "ERROR: LeakSanitizer",
		"WARNING: ThreadSanitizer", "ERROR: ThreadSanitizer",
		"runtime error: ", "ERROR: UndefinedBehaviorSanitizer",
	};
	FILE *f = fopen(s->log_path, "r");
	if (!f)
		return NULL;
	char line[1024];
	const char *found = NULL;
	while (!found && fgets(line, sizeof line, f))
		for (size_t i = 0; i < sizeof marks / sizeof *marks && !found; i++)
			if (strstr(line, marks[i]))
				found = arena_strdup(&s->arena, line);
	fclose(f);
	return found;
}

int ht_server_kill(struct ht_server *s)
{
	int result = 0;
	if (s->pid > 0) {
		int status = 0;
		kill(s->pid, SIGKILL);
		waitpid(s->pid, &status, 0);
		s->pid = 0;
		if (!WIFSIGNALED(status) || WTERMSIG(status) != SIGKILL) {
			dump_log(s->log_path, "the server had ended before SIGKILL");
			result = -1;
		}
	}
	const char *report = sanitizer_report(s);
	if (report) {
		dump_log(s->log_path, "a sanitizer reported an error");
		result = -1;
	}
	if (s->db)
		db_close(s->db);
	s->db = NULL;
	unlink(s->log_path);
	arena_free(&s->arena);
	return result;
}

/* Every action the suite's server wrote to the audit log has words in
 * the review (review_action_label): the audit review, the person's
 * extract and the citizen's "who has read my data" would otherwise show
 * the bare action name. Run over every suite, this covers the actions
 * written by computed names ("plan.%s", "deviation.%s") too. Returns the
 * actions without words, one string, or NULL. */
static const char *unlabelled_action(struct ht_server *s)
{
	struct stmt st;
	if (db_prepare(s->db, &st, "SELECT DISTINCT action FROM audit_log"))
		return NULL;
	struct ctx ctx = {.arena = &s->arena};
	const char *missing = NULL;
	while (db_step(&st) == DB_ROW) {
		const char *action = db_column_text(&st, 0);
		if (!review_action_label(&ctx, action))
			missing = missing ? arena_printf(&s->arena, "%s, %s", missing,
			                                 action)
			                  : arena_strdup(&s->arena, action);
	}
	db_finalize(&st);
	return missing;
}

int ht_server_stop(struct ht_server *s)
{
	int result = 0;
	if (s->pid > 0) {
		int status = 0;
		kill(s->pid, SIGTERM);
		if (!wait_for(s->pid, 20000, &status)) {
			kill(s->pid, SIGKILL);
			waitpid(s->pid, &status, 0);
			dump_log(s->log_path, "the server ignored SIGTERM for 20 s");
			result = -1;
		} else if (WIFEXITED(status)) {
			result = WEXITSTATUS(status);
			if (result != 0)
				dump_log(s->log_path, "the server exited with an error");
		} else {
			result = -1;
			char why[64];
			snprintf(why, sizeof why, "the server died of signal %d",
			         WIFSIGNALED(status) ? WTERMSIG(status) : -1);
			dump_log(s->log_path, why);
		}
		s->pid = 0;
	}
	if (result == 0 && sanitizer_report(s)) {
		dump_log(s->log_path, "a sanitizer reported an error");
		result = -1;
	}
	const char *missing = result == 0 && s->db ? unlabelled_action(s) : NULL;
	if (missing) {
		print_error("harness: audit actions without words in "
		            "src/audit/review.c (action_labels): %s\n", missing);
		result = -1;
	}
	if (s->db)
		db_close(s->db);
	s->db = NULL;
	unlink(s->log_path);
	arena_free(&s->arena);
	return result;
}

bool ht_server_alive(struct ht_server *s)
{
	/* WNOWAIT: leave an ended server to ht_server_stop, which then
	 * reports how it ended. */
	siginfo_t info = {0};
	return s->pid > 0 &&
	       waitid(P_PID, (id_t)s->pid, &info, WEXITED | WNOHANG | WNOWAIT) == 0 &&
	       info.si_pid == 0;
}

const char *ht_server_log(struct ht_server *s, int lines)
{
	FILE *f = fopen(s->log_path, "r");
	if (!f)
		return "";
	struct buf b;
	buf_init(&b, 8 << 20);
	char chunk[4096];
	size_t got;
	while ((got = fread(chunk, 1, sizeof chunk, f)) > 0)
		buf_append(&b, chunk, got);
	fclose(f);
	const char *p = b.data + b.len;
	int seen = 0;
	while (p > b.data) {
		p--;
		if (*p == '\n' && p + 1 < b.data + b.len && ++seen > lines) {
			p++;
			break;
		}
	}
	char *out = arena_strdup(&s->arena, p);
	buf_free(&b);
	return out;
}

/* ---- the database ---- */

static int64_t run_sql(struct ht_server *s, const char *sql, const char *arg,
                       bool changes)
{
	struct stmt st;
	int rc = db_prepare(s->db, &st, sql);
	if (arg)
		db_bind_text(&st, 1, arg);
	rc = rc ? rc : db_step(&st);
	int64_t v = 0;
	if (rc == DB_ROW && !changes)
		v = db_column_int64(&st, 0);
	else if (rc == DB_DONE && changes)
		v = db_changes(&st);
	db_finalize(&st);
	if (rc != DB_ROW && rc != DB_DONE)
		fail_msg("harness: %s: %s", sql, db_errmsg(s->db));
	return v;
}

int64_t ht_sql_int(struct ht_server *s, const char *sql, const char *arg)
{
	return run_sql(s, sql, arg, false);
}

const char *ht_sql_text(struct ht_server *s, const char *sql, const char *arg)
{
	struct stmt st;
	int rc = db_prepare(s->db, &st, sql);
	if (arg)
		db_bind_text(&st, 1, arg);
	rc = rc ? rc : db_step(&st);
	const char *v = rc == DB_ROW ? arena_strdup(&s->arena, db_column_text(&st, 0))
	                             : NULL;
	db_finalize(&st);
	if (rc != DB_ROW && rc != DB_DONE)
		fail_msg("harness: %s: %s", sql, db_errmsg(s->db));
	return v;
}

int64_t ht_sql_exec(struct ht_server *s, const char *sql, const char *arg)
{
	return run_sql(s, sql, arg, true);
}

int64_t ht_user_id(struct ht_server *s, const char *username)
{
	int64_t id = ht_sql_int(s, "SELECT id FROM user_account WHERE username = ?",
	                        username);
	if (!id)
		fail_msg("harness: no user %s", username);
	return id;
}

int64_t ht_user_create(struct ht_server *s, const char *username,
                       const char *role)
{
	struct arena a;
	struct problem p = {0};
	arena_init(&a, 16 << 20);
	struct ctx ctx = {.actor = ACTOR_CONSOLE, .db = s->db, .arena = &a,
	                  .problem = &p,
	                  .client_addr = "test", .lang = "sv",
	                  .now = (int64_t)time(NULL)};
	int64_t unit = ht_sql_int(s, "SELECT COALESCE(MIN(id), 0) FROM unit", NULL);
	if (!unit) {
		struct principal_input pi = {"Testkommunen", "municipality", true};
		struct unit_input ui = {.hsa_id = "SE2120000000-HT01",
		                        .name = "Testenheten", .active = true};
		if (!principal_create(&ctx, &pi, &ui.principal_id) ||
		    !unit_create(&ctx, &ui, &unit))
			fail_msg("harness: cannot create a unit: %s", p.detail);
	}
	bool admin = role && strcmp(role, "system_admin") == 0;
	struct user_input in = {
		.username = username,
		.full_name = arena_printf(&a, "Test %s", username),
		.role = role ? role : "professional",
		.password = HT_DEMO_PASSWORD,
		.unit_ids = admin ? NULL : &unit,
		.nunits = admin ? 0 : 1,
	};
	int64_t id = 0;
	if (!user_create(&ctx, &in, &id))
		fail_msg("harness: cannot create user %s: %s%s%s", username,
		         p.detail ? p.detail : "",
		         p.nfields ? " " : "", p.nfields ? p.fields[0].message : "");
	arena_free(&a);
	return id;
}

void ht_snapshot_take(struct ht_server *s, struct ht_snapshot *snap)
{
	memset(snap, 0, sizeof *snap);
	const char *list = s->kind == DB_SQLITE
		? "SELECT name FROM sqlite_schema WHERE type = 'table'"
		  " AND name NOT LIKE 'sqlite_%' ORDER BY name"
		: "SELECT table_name FROM information_schema.tables"
		  " WHERE table_schema = current_schema() ORDER BY table_name";
	struct stmt st;
	int rc = db_prepare(s->db, &st, list);
	while ((rc = db_step(&st)) == DB_ROW && snap->n < HT_MAX_TABLES)
		snprintf(snap->table[snap->n++], sizeof snap->table[0], "%s",
		         db_column_text(&st, 0));
	db_finalize(&st);
	if (rc != DB_DONE && rc != DB_ROW)
		fail_msg("harness: cannot list tables: %s", db_errmsg(s->db));
	if (snap->n == 0)
		fail_msg("harness: the database has no tables");
	for (int i = 0; i < snap->n; i++) {
		/* Names come from the catalogue, not from input. */
		char sql[128];
		snprintf(sql, sizeof sql, "SELECT COUNT(*) FROM %s%s", snap->table[i],
		         /* A refused request's attempt record is no change. */
		         strcmp(snap->table[i], "audit_log") == 0
		         ? " WHERE action NOT LIKE '%.refused'" : "");
		snap->rows[i] = ht_sql_int(s, sql, NULL);
	}
}

void ht_assert_unchanged(struct ht_server *s, const struct ht_snapshot *snap)
{
	struct ht_snapshot now;
	ht_snapshot_take(s, &now);
	if (now.n != snap->n)
		fail_msg("the database now has %d tables, not %d", now.n, snap->n);
	for (int i = 0; i < snap->n; i++)
		if (now.rows[i] != snap->rows[i])
			fail_msg("table %s has %lld rows, not %lld: the request "
			         "changed the database", snap->table[i],
			         (long long)now.rows[i], (long long)snap->rows[i]);
}

/* ---- the client ---- */

struct ht_client {
	struct ht_server *srv;
	CURL *curl;
	struct arena arena;
	char *bearer;
	char csrf_header[256];
};

struct ht_client *ht_client_new(struct ht_server *s)
{
	struct ht_client *c = calloc(1, sizeof *c);
	if (!c)
		fail_msg("harness: out of memory");
	c->srv = s;
	arena_init(&c->arena, HT_ARENA);
	c->curl = curl_easy_init();
	if (!c->curl)
		fail_msg("harness: curl_easy_init failed");
	curl_easy_setopt(c->curl, CURLOPT_COOKIEFILE, ""); /* cookie engine */
	return c;
}

void ht_client_free(struct ht_client *c)
{
	if (!c)
		return;
	curl_easy_cleanup(c->curl);
	arena_free(&c->arena);
	free(c);
}

void ht_client_bearer(struct ht_client *c, const char *token)
{
	c->bearer = token ? arena_printf(&c->arena, "Authorization: Bearer %s",
	                                 token)
	                  : NULL;
}

struct collect {
	struct buf body;
	struct buf headers;
};

static size_t on_body(char *p, size_t size, size_t n, void *cls)
{
	struct collect *k = cls;
	return buf_append(&k->body, p, size * n) ? size * n : 0;
}

static size_t on_header(char *p, size_t size, size_t n, void *cls)
{
	struct collect *k = cls;
	/* A new status line (after 100 Continue): keep only the last. */
	if (size * n >= 5 && strncmp(p, "HTTP/", 5) == 0)
		buf_reset(&k->headers);
	return buf_append(&k->headers, p, size * n) ? size * n : 0;
}

struct chunked_body {
	const char *data;
	size_t len, off;
};

static size_t on_read(char *dest, size_t size, size_t n, void *cls)
{
	struct chunked_body *b = cls;
	size_t room = size * n, left = b->len - b->off;
	size_t take = left < room ? left : room;
	if (take > 64 * 1024)
		take = 64 * 1024;
	memcpy(dest, b->data + b->off, take);
	b->off += take;
	return take;
}

/* Split a header block into names and values (without the status line
 * and the line ends). */
static void split_headers(struct arena *a, struct ht_response *r)
{
	int cap = 0;
	for (const char *p = r->headers; *p; p++)
		cap += *p == '\n';
	r->header_names = arena_array(a, const char *, (size_t)cap + 1);
	r->header_values = arena_array(a, const char *, (size_t)cap + 1);
	for (const char *p = r->headers; p && *p;) {
		const char *eol = strchr(p, '\n');
		size_t len = eol ? (size_t)(eol - p) : strlen(p);
		const char *colon = memchr(p, ':', len);
		if (colon && strncmp(p, "HTTP/", 5) != 0 && r->nheaders < cap) {
			const char *v = colon + 1;
			while (*v == ' ' || *v == '\t')
				v++;
			size_t vlen = (size_t)(p + len - v);
			while (vlen && (v[vlen - 1] == '\r' || v[vlen - 1] == ' '))
				vlen--;
			r->header_names[r->nheaders] =
				arena_strndup(a, p, (size_t)(colon - p));
			r->header_values[r->nheaders] = arena_strndup(a, v, vlen);
			r->nheaders++;
		}
		p = eol ? eol + 1 : p + len;
	}
}

static const struct ht_response *perform(struct ht_client *c,
                                         const struct ht_request *rq,
                                         bool must);

const struct ht_response *ht_request(struct ht_client *c,
                                     const struct ht_request *rq)
{
	return perform(c, rq, true);
}

const struct ht_response *ht_request_try(struct ht_client *c,
                                         const struct ht_request *rq)
{
	return perform(c, rq, false);
}

static const struct ht_response *perform(struct ht_client *c,
                                         const struct ht_request *rq,
                                         bool must)
{
	CURL *h = c->curl;
	/* Keep the cookie engine, forget the last request's options. */
	curl_easy_reset(h);
	curl_easy_setopt(h, CURLOPT_COOKIEFILE, "");
	char *url = arena_printf(&c->arena, "%s%s", c->srv->base, rq->path);
	curl_easy_setopt(h, CURLOPT_URL, url);
	curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(h, CURLOPT_TIMEOUT, 60L);
	curl_easy_setopt(h, CURLOPT_PATH_AS_IS, 1L);

	struct collect k;
	buf_init(&k.body, HT_BODY_CAP);
	buf_init(&k.headers, 1 << 20);
	curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, on_body);
	curl_easy_setopt(h, CURLOPT_WRITEDATA, &k);
	curl_easy_setopt(h, CURLOPT_HEADERFUNCTION, on_header);
	curl_easy_setopt(h, CURLOPT_HEADERDATA, &k);

	struct curl_slist *hdrs = NULL;
	for (const char *const *x = rq->headers; x && *x; x++)
		hdrs = curl_slist_append(hdrs, *x);
	if (c->bearer)
		hdrs = curl_slist_append(hdrs, c->bearer);
	if (rq->content_type)
		hdrs = curl_slist_append(hdrs, arena_printf(&c->arena,
		                         "Content-Type: %s", rq->content_type));

	const char *method = rq->method;
	size_t len = rq->body ? (rq->body_len ? rq->body_len : strlen(rq->body)) : 0;
	struct chunked_body chunked = {rq->body, len, 0};
	curl_mime *mime = NULL;
	if (rq->multipart) {
		mime = curl_mime_init(h);
		for (const char *const *x = rq->multipart; x[0] && x[1]; x += 2) {
			curl_mimepart *part = curl_mime_addpart(mime);
			curl_mime_name(part, x[0]);
			curl_mime_data(part, x[1], CURL_ZERO_TERMINATED);
		}
		curl_easy_setopt(h, CURLOPT_MIMEPOST, mime);
		if (!method)
			method = "POST";
	} else if (rq->body && rq->chunked) {
		curl_easy_setopt(h, CURLOPT_POST, 1L);
		curl_easy_setopt(h, CURLOPT_READFUNCTION, on_read);
		curl_easy_setopt(h, CURLOPT_READDATA, &chunked);
		hdrs = curl_slist_append(hdrs, "Transfer-Encoding: chunked");
		if (!method)
			method = "POST";
	} else if (rq->body) {
		curl_easy_setopt(h, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)len);
		curl_easy_setopt(h, CURLOPT_POSTFIELDS, rq->body);
		if (!method)
			method = "POST";
	} else if (method && strcmp(method, "POST") == 0) {
		curl_easy_setopt(h, CURLOPT_POSTFIELDSIZE, 0L);
		curl_easy_setopt(h, CURLOPT_POSTFIELDS, "");
	}
	if (method && strcmp(method, "HEAD") == 0)
		curl_easy_setopt(h, CURLOPT_NOBODY, 1L);
	else if (method && strcmp(method, "GET") != 0 &&
	         strcmp(method, "POST") != 0)
		curl_easy_setopt(h, CURLOPT_CUSTOMREQUEST, method);
	curl_easy_setopt(h, CURLOPT_HTTPHEADER, hdrs);

	CURLcode rc = curl_easy_perform(h);
	struct ht_response *r = arena_new(&c->arena, struct ht_response);
	if (rc == CURLE_OK || rc == CURLE_SEND_ERROR)
		curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &r->status);
	if (r->status == 0 && !must) {
		r->body = "";
		r->headers = "";
		r->transport_error = curl_easy_strerror(rc);
		buf_free(&k.body);
		buf_free(&k.headers);
		curl_slist_free_all(hdrs);
		curl_mime_free(mime);
		return r;
	}
	if (r->status == 0) {
		curl_slist_free_all(hdrs);
		curl_mime_free(mime);
		fail_msg("harness: %s %s: %s%s\n%s", method ? method : "GET",
		         rq->path, curl_easy_strerror(rc),
		         c->srv->pid > 0 && !ht_server_alive(c->srv)
		                 ? " (the server has died)" : "",
		         ht_server_log(c->srv, 40));
	}
	r->body_len = k.body.len;
	r->body = arena_strndup(&c->arena, k.body.data, k.body.len);
	r->headers = arena_strdup(&c->arena, k.headers.data);
	split_headers(&c->arena, r);
	r->content_type = ht_header(r, "Content-Type");
	r->location = ht_header(r, "Location");
	buf_free(&k.body);
	buf_free(&k.headers);
	curl_slist_free_all(hdrs);
	curl_mime_free(mime);
	return r;
}

const struct ht_response *ht_get(struct ht_client *c, const char *path)
{
	return ht_request(c, &(struct ht_request){.path = path});
}

static const char *urlencode_pairs(struct ht_client *c, va_list ap)
{
	struct buf b;
	buf_init(&b, HT_BODY_CAP);
	const char *name;
	while ((name = va_arg(ap, const char *)) != NULL) {
		const char *value = va_arg(ap, const char *);
		char *n = curl_easy_escape(c->curl, name, 0);
		char *v = curl_easy_escape(c->curl, value ? value : "", 0);
		buf_printf(&b, "%s%s=%s", b.len ? "&" : "", n, v);
		curl_free(n);
		curl_free(v);
	}
	const char *out = arena_strndup(&c->arena, b.data, b.len);
	buf_free(&b);
	return out;
}

const struct ht_response *ht_post_form(struct ht_client *c, const char *path,
                                       ...)
{
	va_list ap;
	va_start(ap, path);
	const char *body = urlencode_pairs(c, ap);
	va_end(ap);
	return ht_request(c, &(struct ht_request){
		.method = "POST", .path = path,
		.content_type = "application/x-www-form-urlencoded",
		.body = body, .body_len = strlen(body)});
}

const struct ht_response *ht_post_multipart(struct ht_client *c,
                                            const char *path, ...)
{
	const char *pairs[256];
	int n = 0;
	va_list ap;
	va_start(ap, path);
	const char *x;
	while ((x = va_arg(ap, const char *)) != NULL && n < 254)
		pairs[n++] = x;
	va_end(ap);
	pairs[n] = NULL;
	return ht_request(c, &(struct ht_request){.path = path,
	                                          .multipart = pairs});
}

const struct ht_response *ht_post_json(struct ht_client *c, const char *path,
                                       const char *json, const char *csrf)
{
	const char *headers[2] = {NULL, NULL};
	if (csrf)
		headers[0] = arena_printf(&c->arena, "X-CSRF-Token: %s", csrf);
	return ht_request(c, &(struct ht_request){
		.method = "POST", .path = path, .content_type = "application/json",
		.body = json, .headers = headers});
}

const char *ht_header(const struct ht_response *r, const char *name)
{
	for (int i = 0; i < r->nheaders; i++)
		if (strcasecmp(r->header_names[i], name) == 0)
			return r->header_values[i];
	return NULL;
}

const char *ht_set_cookie(const struct ht_response *r, const char *name)
{
	size_t n = strlen(name);
	for (int i = 0; i < r->nheaders; i++)
		if (strcasecmp(r->header_names[i], "Set-Cookie") == 0 &&
		    strncmp(r->header_values[i], name, n) == 0 &&
		    r->header_values[i][n] == '=')
			return r->header_values[i];
	return NULL;
}

const char *ht_cookie(struct ht_client *c, const char *name)
{
	struct curl_slist *list = NULL;
	curl_easy_getinfo(c->curl, CURLINFO_COOKIELIST, &list);
	const char *found = NULL;
	for (struct curl_slist *x = list; x; x = x->next) {
		/* domain, tailmatch, path, secure, expires, name, value */
		const char *f = x->data;
		for (int i = 0; i < 5 && f; i++) {
			f = strchr(f, '\t');
			if (f)
				f++;
		}
		if (!f)
			continue;
		size_t n = strlen(name);
		if (strncmp(f, name, n) == 0 && f[n] == '\t')
			found = arena_strdup(&c->arena, f + n + 1);
	}
	curl_slist_free_all(list);
	return found && *found ? found : NULL;
}

void ht_cookie_put(struct ht_client *c, const char *name, const char *value)
{
	char *line = arena_printf(&c->arena, "127.0.0.1\tFALSE\t/\tFALSE\t0\t%s\t%s",
	                          name, value);
	curl_easy_setopt(c->curl, CURLOPT_COOKIELIST, line);
}

void ht_cookies_clear(struct ht_client *c)
{
	curl_easy_setopt(c->curl, CURLOPT_COOKIELIST, "ALL");
}

static char *html_unescape(struct arena *a, const char *s, size_t len)
{
	static const struct {
		const char *ent;
		char c;
	} ents[] = {{"&amp;", '&'}, {"&lt;", '<'}, {"&gt;", '>'},
	            {"&quot;", '"'}, {"&#39;", '\''}};
	char *out = arena_alloc(a, len + 1);
	size_t o = 0;
	for (size_t i = 0; i < len;) {
		bool done = false;
		for (size_t k = 0; k < sizeof ents / sizeof *ents && !done; k++) {
			size_t el = strlen(ents[k].ent);
			if (len - i >= el && strncmp(s + i, ents[k].ent, el) == 0) {
				out[o++] = ents[k].c;
				i += el;
				done = true;
			}
		}
		if (!done)
			out[o++] = s[i++];
	}
	out[o] = '\0';
	return out;
}

const char *ht_form_value(struct ht_client *c, const struct ht_response *r,
                          const char *name)
{
	char *needle = arena_printf(&c->arena, "name=\"%s\"", name);
	for (const char *p = strstr(r->body, needle); p; p = strstr(p + 1, needle)) {
		const char *tag = p;
		while (tag > r->body && *tag != '<')
			tag--;
		const char *end = strchr(p, '>');
		if (!end || strncmp(tag, "<input", 6) != 0)
			continue;
		const char *v = strstr(tag, " value=\"");
		if (!v || v > end)
			continue;
		v += 8;
		const char *q = strchr(v, '"');
		if (!q)
			continue;
		return html_unescape(&c->arena, v, (size_t)(q - v));
	}
	return NULL;
}

const struct ht_response *ht_login_response(struct ht_client *c,
                                            const char *username,
                                            const char *password)
{
	const struct ht_response *page = ht_get(c, "/login");
	if (page->status != 200)
		fail_msg("harness: GET /login answered %ld", page->status);
	const char *token = ht_form_value(c, page, "login_csrf");
	if (!token)
		fail_msg("harness: the login page has no login_csrf field");
	return ht_post_form(c, "/login", "login_csrf", token, "username", username,
	                    "password", password, NULL);
}

bool ht_login(struct ht_client *c, const char *username, const char *password)
{
	const struct ht_response *r = ht_login_response(c, username, password);
	return r->status == 303 && ht_set_cookie(r, "samplan_session") &&
	       ht_cookie(c, "samplan_session");
}

const struct ht_response *ht_citizen_sign_in_response(struct ht_client *c,
                                                      const char *code)
{
	const struct ht_response *page = ht_get(c, "/citizen");
	if (page->status != 200)
		fail_msg("harness: GET /citizen answered %ld", page->status);
	const char *token = ht_form_value(c, page, "signin_csrf");
	if (!token)
		fail_msg("harness: the citizen sign-in page has no signin_csrf "
		         "field (already signed in?)");
	return ht_post_form(c, "/citizen/sign-in", "signin_csrf", token,
	                    "code", code, NULL);
}

bool ht_citizen_sign_in(struct ht_client *c, const char *personnummer)
{
	const char *code = ht_citizen_code(c->srv, personnummer);
	const struct ht_response *r = ht_citizen_sign_in_response(c, code);
	return r->status == 303 && ht_set_cookie(r, "samplan_citizen") &&
	       ht_cookie(c, "samplan_citizen");
}

const char *ht_citizen_csrf(struct ht_client *c)
{
	const struct ht_response *r = ht_get(c, "/citizen");
	if (r->status != 200)
		return NULL;
	return ht_form_value(c, r, "csrf_token");
}

const char *ht_csrf(struct ht_client *c)
{
	const struct ht_response *r = ht_get(c, "/account");
	if (r->status != 200)
		return NULL;
	return ht_form_value(c, r, "csrf_token");
}

const char *ht_pnr(const char *birth, int serial)
{
	static _Thread_local char out[16];
	char nine[16];
	unsigned ser = (unsigned)serial % 1000u;
	snprintf(nine, sizeof nine, "%.6s%03u", birth + 2, ser);
	int sum = 0;
	for (int i = 0; i < 9; i++) {
		int d = (nine[i] - '0') * (i % 2 == 0 ? 2 : 1);
		sum += d > 9 ? d - 9 : d;
	}
	snprintf(out, sizeof out, "%.8s%03u%d", birth, ser, (10 - sum % 10) % 10);
	return out;
}

/* ---- what the suites assert ---- */

void ht_assert_status(const struct ht_response *r, long status)
{
	if (r->status != status)
		fail_msg("status %ld, not %ld; body: %.1500s", r->status, status,
		         r->body);
}

void ht_assert_html(const struct ht_response *r, long status)
{
	ht_assert_status(r, status);
	assert_non_null(r->content_type);
	assert_string_equal(r->content_type, "text/html; charset=utf-8");
}

void ht_assert_page(const struct ht_response *r, long status)
{
	ht_assert_html(r, status);
	ht_assert_contains(r->body, "<!doctype html>");
}

json_t *ht_json(const struct ht_response *r)
{
	json_error_t err;
	json_t *j = json_loads(r->body, 0, &err);
	if (!j)
		fail_msg("not JSON (%s): %.400s", err.text, r->body);
	return j;
}

json_t *ht_assert_problem(const struct ht_response *r, long status)
{
	ht_assert_status(r, status);
	assert_non_null(r->content_type);
	assert_string_equal(r->content_type, "application/problem+json");
	json_t *j = ht_json(r);
	assert_int_equal(json_integer_value(json_object_get(j, "status")), status);
	const char *detail = json_string_value(json_object_get(j, "detail"));
	assert_non_null(detail);
	assert_true(strlen(detail) > 5);
	return j;
}

void ht_assert_same_json(const struct ht_response *a,
                         const struct ht_response *b, const char *except)
{
	json_t *x = ht_json(a), *y = ht_json(b);
	if (except) {
		json_object_del(x, except);
		json_object_del(y, except);
	}
	if (!json_equal(x, y))
		fail_msg("the answers differ: %s vs %s", a->body, b->body);
	json_decref(x);
	json_decref(y);
}

/* ---- small helpers of the suites ---- */

json_t *ht_api_post(struct ht_client *c, const char *path, json_t *body,
                    long status)
{
	const struct ht_response *r = ht_post_jansson(c, path, body);
	if (status >= 400)
		return ht_assert_problem(r, status);
	ht_assert_status(r, status);
	assert_string_equal(r->content_type, "application/json");
	return ht_json(r);
}

json_t *ht_api_get(struct ht_client *c, const char *path, long status)
{
	const struct ht_response *r = ht_get(c, path);
	if (status >= 400)
		return ht_assert_problem(r, status);
	ht_assert_status(r, status);
	assert_string_equal(r->content_type, "application/json");
	return ht_json(r);
}

const char *ht_jstr(json_t *o, const char *key)
{
	return json_string_value(json_object_get(o, key));
}

int64_t ht_jint(json_t *o, const char *key)
{
	json_t *v = json_object_get(o, key);
	if (!json_is_integer(v))
		fail_msg("%s is not a number", key);
	return json_integer_value(v);
}

const char *ht_date_in(struct ht_server *s, int days)
{
	char *out = arena_alloc(&s->arena, 11);
	date_format(date_from_days(date_to_days(date_today()) + days), out);
	return out;
}

const char *ht_fmt(struct ht_server *s, const char *f, ...)
{
	va_list ap;
	va_start(ap, f);
	const char *out = arena_vprintf(&s->arena, f, ap);
	va_end(ap);
	return out;
}

struct ht_client *ht_logged_in(struct ht_server *s, const char *username)
{
	struct ht_client *c = ht_client_new(s);
	if (!ht_login(c, username, HT_DEMO_PASSWORD))
		fail_msg("login as %s failed", username);
	return c;
}

struct ht_client *ht_api_as(struct ht_server *s, const char *username)
{
	struct ht_client *c = ht_client_new(s);
	ht_client_bearer(c, ht_token_create(s, username));
	return c;
}

const struct ht_response *ht_post_jansson(struct ht_client *c,
                                          const char *path, json_t *body)
{
	char *text = json_dumps(body, JSON_COMPACT);
	json_decref(body);
	const struct ht_response *r = ht_post_json(c, path, text, NULL);
	free(text);
	return r;
}

/* ---- raw bytes ---- */

const char *ht_raw(struct ht_server *s, const void *bytes, size_t len)
{
	int fd = socket(AF_INET, SOCK_STREAM, 0);
	if (fd < 0)
		fail_msg("harness: socket: %s", strerror(errno));
	struct sockaddr_in a = {.sin_family = AF_INET,
	                        .sin_port = htons((uint16_t)s->port),
	                        .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
	if (connect(fd, (struct sockaddr *)&a, sizeof a) != 0) {
		close(fd);
		fail_msg("harness: connect: %s", strerror(errno));
	}
	size_t off = 0;
	while (off < len) {
		ssize_t n = send(fd, (const char *)bytes + off, len - off,
		                 MSG_NOSIGNAL);
		if (n <= 0)
			break;
		off += (size_t)n;
	}
	struct buf b;
	buf_init(&b, 1 << 20);
	int64_t until = now_ms() + 3000;
	for (;;) {
		int left = (int)(until - now_ms());
		if (left <= 0)
			break;
		struct pollfd p = {.fd = fd, .events = POLLIN};
		if (poll(&p, 1, left) <= 0)
			break;
		char chunk[4096];
		ssize_t n = recv(fd, chunk, sizeof chunk, 0);
		if (n <= 0)
			break;
		buf_append(&b, chunk, (size_t)n);
	}
	close(fd);
	const char *out = arena_strndup(&s->arena, b.data, b.len);
	buf_free(&b);
	return out;
}
