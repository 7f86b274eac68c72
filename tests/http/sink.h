/*
 * sink.h — the SMTP sink of the mail tests (tests/http/smtp_sink.py, a
 * real SMTP server on loopback), started and read by the test itself.
 */
#ifndef SAMPLAN_TEST_SINK_H
#define SAMPLAN_TEST_SINK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "harness.h"

struct sink_opts {
	int refuse;           /* refuse the first N deliveries with 451 */
	bool tls;             /* offer STARTTLS with a fresh self-signed
	                         certificate for 127.0.0.1 (openssl CLI) */
	const char *user;     /* offer AUTH PLAIN/LOGIN for this user ... */
	const char *password; /* ... and password, and require it */
};

struct sink {
	pid_t pid;
	char dir[512];
	int port;
	char url[64]; /* smtp://127.0.0.1:PORT */
	char ca[600]; /* with tls: the certificate, to trust as a CA */
};

/* Start the sink (fails the test when it does not come up). */
void sink_start(struct sink *k, const struct sink_opts *o);
void sink_stop(struct sink *k);
/* Messages stored so far. */
int sink_count(struct sink *k);
/* Message n (1-based) as stored, or its envelope (.env: MAIL FROM,
 * RCPT TO, TLS yes|no, AUTH user|none), NUL-terminated; free it. */
char *sink_read(struct sink *k, int n);
char *sink_envelope(struct sink *k, int n);
/* A header's value (to the line end) in a message, into out. */
void sink_header(const char *msg, const char *name, char *out, size_t len);

/* Wait until sql (no argument) answers want; false after the bound. */
bool sink_wait_sql(struct ht_server *s, const char *sql, int64_t want);

#endif
