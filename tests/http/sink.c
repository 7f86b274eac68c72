/*
 * sink.c — see sink.h.
 */
#include "sink.h"

#include <dirent.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
#include <cmocka.h>

enum { WAIT_S = 60 };

static void run(const char *cmd)
{
	if (system(cmd) != 0)
		fail_msg("failed: %s", cmd);
}

void sink_start(struct sink *k, const struct sink_opts *o)
{
	const char *tmp = getenv("TMPDIR");
	memset(k, 0, sizeof *k);
	/* mkdtemp's template: it replaces the six X with a unique name.
	 * TMPDIR is the test run's own folder (scripts/run-tests). */
	snprintf(k->dir, sizeof k->dir, "%s/smtp-sink.XXXXXX", tmp ? tmp : "/tmp");
	if (!mkdtemp(k->dir))
		fail_msg("mkdtemp");
	char cert[600], key[600], cmd[2048];
	snprintf(cert, sizeof cert, "%s/cert.pem", k->dir);
	snprintf(key, sizeof key, "%s/key.pem", k->dir);
	if (o->tls) {
		/* Valid for the address curl connects to, so that the
		 * verification samplan never turns off passes for the right
		 * reason: the test trusts this certificate as its CA. */
		snprintf(cmd, sizeof cmd,
		         "openssl req -x509 -newkey rsa:2048 -nodes -days 1"
		         " -subj /CN=127.0.0.1 -addext subjectAltName=IP:127.0.0.1"
		         " -keyout '%s' -out '%s' 2>/dev/null", key, cert);
		run(cmd);
		snprintf(k->ca, sizeof k->ca, "%s", cert);
	}
	char n[16];
	snprintf(n, sizeof n, "%d", o->refuse);
	const char *argv[12];
	int a = 0;
	argv[a++] = "python3";
	argv[a++] = "tests/http/smtp_sink.py";
	argv[a++] = k->dir;
	argv[a++] = n;
	if (o->tls) {
		argv[a++] = "--tls";
		argv[a++] = cert;
		argv[a++] = key;
	}
	if (o->user) {
		argv[a++] = "--auth";
		argv[a++] = o->user;
		argv[a++] = o->password;
	}
	argv[a] = NULL;
	k->pid = fork();
	if (k->pid == 0) {
		execvp("python3", (char *const *)argv);
		_exit(127);
	}
	char path[600];
	snprintf(path, sizeof path, "%s/port", k->dir);
	for (int i = 0; i < 200; i++) {
		FILE *f = fopen(path, "r");
		if (f) {
			int ok = fscanf(f, "%d", &k->port);
			fclose(f);
			if (ok == 1) {
				snprintf(k->url, sizeof k->url, "smtp://127.0.0.1:%d",
				         k->port);
				return;
			}
		}
		usleep(50 * 1000);
	}
	fail_msg("the SMTP sink did not start (python3 tests/http/smtp_sink.py)");
}

void sink_stop(struct sink *k)
{
	if (k->pid > 0) {
		kill(k->pid, SIGTERM);
		waitpid(k->pid, NULL, 0);
		k->pid = 0;
	}
	char cmd[600];
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", k->dir);
	if (system(cmd) != 0)
		fprintf(stderr, "sink: could not remove %s\n", k->dir);
}

int sink_count(struct sink *k)
{
	DIR *d = opendir(k->dir);
	int n = 0;
	struct dirent *e;
	while (d && (e = readdir(d))) {
		size_t len = strlen(e->d_name);
		n += len > 4 && !strcmp(e->d_name + len - 4, ".eml");
	}
	if (d)
		closedir(d);
	return n;
}

static char *slurp(struct sink *k, int n, const char *ext)
{
	char path[600];
	snprintf(path, sizeof path, "%s/msg-%d.%s", k->dir, n, ext);
	FILE *f = fopen(path, "rb");
	if (!f)
		fail_msg("no message %d", n);
	char *buf = calloc(1, 1 << 20);
	size_t len = fread(buf, 1, (1 << 20) - 1, f);
	buf[len] = '\0';
	fclose(f);
	return buf;
}

char *sink_read(struct sink *k, int n) { return slurp(k, n, "eml"); }

char *sink_envelope(struct sink *k, int n) { return slurp(k, n, "env"); }

void sink_header(const char *msg, const char *name, char *out, size_t len)
{
	char key[64];
	snprintf(key, sizeof key, "\r\n%s: ", name);
	const char *p = strstr(msg, key);
	if (!p)
		fail_msg("no %s header", name);
	p += strlen(key);
	size_t n = strcspn(p, "\r");
	snprintf(out, len, "%.*s", (int)(n < len ? n : len - 1), p);
}

bool sink_wait_sql(struct ht_server *s, const char *sql, int64_t want)
{
	for (int i = 0; i < WAIT_S * 10; i++) {
		if (ht_sql_int(s, sql, NULL) == want)
			return true;
		usleep(100 * 1000);
	}
	return false;
}
