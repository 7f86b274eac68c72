/*
 * sender.c — the outbox's SMTP sender (see mail.h): one thread of
 * `samplan serve` with its own database connection that claims due
 * messages (store/claim.h), delivers each with libcurl, and records the
 * result while it still holds the lease.
 *
 * curl speaks SMTP: the envelope (MAIL FROM, RCPT TO), STARTTLS
 * (CURLOPT_USE_SSL: tried on smtp://, required with require_tls;
 * smtps:// is TLS from the start), authentication (user:password in the
 * URL, or CURLOPT_USERNAME/PASSWORD), and dot-stuffing of the DATA we
 * hand it. The message counts as sent only when curl returns CURLE_OK,
 * i.e. the server answered 250 to the end of DATA.
 */
#include <curl/curl.h>
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "base/log.h"
#include "mail/mail.h"
#include "store/claim.h"
#include "store/db.h"

enum { SEND_TIMEOUT_S = 60, CONNECT_TIMEOUT_S = 15, RUN_MAX = 200 };

struct upload {
	const char *data;
	size_t len, pos;
};

static size_t read_body(char *ptr, size_t size, size_t nmemb, void *arg)
{
	struct upload *u = arg;
	size_t room = size * nmemb, left = u->len - u->pos;
	size_t n = left < room ? left : room;
	memcpy(ptr, u->data + u->pos, n);
	u->pos += n;
	return n;
}

/* Deliver one message. 0 when the server accepted it; else the SMTP
 * reply code (or -1 without one), with a message in err. */
static long smtp_send(const struct mail_config *cfg, const char *to,
                      const struct buf *msg, char *err, size_t errlen)
{
	CURL *c = curl_easy_init();
	if (!c) {
		snprintf(err, errlen, "curl_easy_init failed");
		return -1;
	}
	char from[MAIL_ADDRESS_MAX + 3], rcpt[MAIL_ADDRESS_MAX + 3];
	snprintf(from, sizeof from, "<%s>", cfg->from);
	snprintf(rcpt, sizeof rcpt, "<%s>", to);
	struct curl_slist *rcpts = curl_slist_append(NULL, rcpt);
	struct upload u = {msg->data, msg->len, 0};
	curl_easy_setopt(c, CURLOPT_URL, cfg->smtp_url);
	curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "smtp,smtps");
	curl_easy_setopt(c, CURLOPT_MAIL_FROM, from);
	curl_easy_setopt(c, CURLOPT_MAIL_RCPT, rcpts);
	curl_easy_setopt(c, CURLOPT_READFUNCTION, read_body);
	curl_easy_setopt(c, CURLOPT_READDATA, &u);
	curl_easy_setopt(c, CURLOPT_UPLOAD, 1L);
	curl_easy_setopt(c, CURLOPT_INFILESIZE_LARGE, (curl_off_t)msg->len);
	curl_easy_setopt(c, CURLOPT_USE_SSL,
	                 cfg->require_tls ? (long)CURLUSESSL_ALL
	                                  : (long)CURLUSESSL_TRY);
	curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(c, CURLOPT_TIMEOUT, (long)SEND_TIMEOUT_S);
	curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT, (long)CONNECT_TIMEOUT_S);
	if (cfg->ca_file)
		curl_easy_setopt(c, CURLOPT_CAINFO, cfg->ca_file);
	if (cfg->user)
		curl_easy_setopt(c, CURLOPT_USERNAME, cfg->user);
	if (cfg->password)
		curl_easy_setopt(c, CURLOPT_PASSWORD, cfg->password);
	CURLcode res = curl_easy_perform(c);
	long code = 0;
	curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &code);
	curl_slist_free_all(rcpts);
	curl_easy_cleanup(c);
	if (res == CURLE_OK)
		return 0;
	/* curl's own text, never the server's (which may repeat the
	 * address). */
	if (code > 0)
		snprintf(err, errlen, "SMTP %ld: %s", code, curl_easy_strerror(res));
	else
		snprintf(err, errlen, "%s", curl_easy_strerror(res));
	/* A refused login or a failed TLS switch says nothing about the
	 * message: it is samplan's configuration or the server's, and the
	 * message waits (with back-off) until that is put right, instead of
	 * being given up like a message the server refuses (5xx). */
	if (res == CURLE_LOGIN_DENIED || res == CURLE_USE_SSL_FAILED ||
	    res == CURLE_SSL_CONNECT_ERROR ||
	    res == CURLE_PEER_FAILED_VERIFICATION ||
	    res == CURLE_SSL_CACERT_BADFILE)
		return -1;
	return code > 0 ? code : -1;
}

/* "token@domain of the From address". */
static void message_id(char *out, size_t len, const char *token,
                       const char *from)
{
	const char *at = strchr(from, '@');
	snprintf(out, len, "%s@%s", token, at ? at + 1 : "samplan.invalid");
}

struct claimed {
	char to[MAIL_ADDRESS_MAX + 1];
	char token[80];
	char *subject, *body;
	int64_t attempts;
	/* All NULL, or the message's attachment. */
	char *attachment_name, *attachment_type, *attachment;
};

static void claimed_free(struct claimed *m)
{
	free(m->subject);
	free(m->body);
	free(m->attachment_name);
	free(m->attachment_type);
	free(m->attachment);
}

static int load(struct db *db, int64_t id, struct claimed *m)
{
	struct stmt s;
	db_prepare(db, &s,
		"SELECT to_address, subject, body, message_token, attempts," /* 0-4 */
		" attachment_name, attachment_type, attachment"              /* 5-7 */
		" FROM outbox WHERE id = ?");
	db_bind_int64(&s, 1, id);
	int rc = db_step(&s);
	if (rc == DB_ROW) {
		snprintf(m->to, sizeof m->to, "%s", db_column_text(&s, 0));
		m->subject = strdup(db_column_text(&s, 1));
		m->body = strdup(db_column_text(&s, 2));
		snprintf(m->token, sizeof m->token, "%s", db_column_text(&s, 3));
		m->attempts = db_column_int64(&s, 4);
		bool attached = !db_column_is_null(&s, 5) &&
		                !db_column_is_null(&s, 6) &&
		                !db_column_is_null(&s, 7);
		if (attached) {
			m->attachment_name = strdup(db_column_text(&s, 5));
			m->attachment_type = strdup(db_column_text(&s, 6));
			m->attachment = strdup(db_column_text(&s, 7));
		}
		rc = m->subject && m->body &&
		     (!attached || (m->attachment_name && m->attachment_type &&
		                    m->attachment))
		     ? DB_OK : DB_ERROR;
	} else if (rc == DB_DONE) {
		rc = DB_ERROR;
	}
	db_finalize(&s);
	return rc;
}

/* Deliver claimed message id and record what happened. */
static int deliver(struct db *db, const struct mail_config *cfg,
                   const char *owner, int64_t now, int64_t id)
{
	struct claimed m = {0};
	int rc = load(db, id, &m);
	if (rc) {
		claimed_free(&m);
		return rc;
	}
	char mid[160], err[256] = "";
	message_id(mid, sizeof mid, m.token, cfg->from);
	struct buf msg;
	buf_init(&msg, (MAIL_BODY_MAX + MAIL_ATTACHMENT_MAX) * 4);
	struct mail_attachment file = {m.attachment_name, m.attachment_type,
	                               m.attachment};
	bool built = mail_message_build(&msg, &(struct mail_message){
		.from = cfg->from, .to = m.to, .subject = m.subject,
		.body = m.body, .message_id = mid, .date = now,
		.attachment = m.attachment ? &file : NULL});
	long code = built ? smtp_send(cfg, m.to, &msg, err, sizeof err) : 1;
	buf_free(&msg);
	claimed_free(&m);
	const char *state;
	int64_t next = now, sent_at = 0;
	if (code == 0) {
		state = "sent";
		sent_at = now;
		log_info("mail: outbox %lld sent", (long long)id);
	} else if (!built) {
		state = "failed";
		snprintf(err, sizeof err, "the message could not be built "
		         "(address or subject not sendable)");
		log_warn("mail: outbox %lld failed: not buildable", (long long)id);
	} else if ((code >= 500 && code < 600) ||
	           m.attempts >= MAIL_MAX_ATTEMPTS) {
		state = "failed";
		log_warn("mail: outbox %lld failed after %lld attempts: %s",
		         (long long)id, (long long)m.attempts, err);
	} else {
		state = "queued";
		next = now + mail_backoff(m.attempts, cfg->backoff_base_s);
		log_warn("mail: outbox %lld attempt %lld not delivered (%s), "
		         "next in %lld s", (long long)id, (long long)m.attempts,
		         err, (long long)(next - now));
	}
	int held;
	rc = db_claim_finish(db, DB_JOBS_OUTBOX, id, owner, state, next, sent_at,
	                     code == 0 ? NULL : err, &held);
	if (!rc && !held)
		log_warn("mail: outbox %lld: lease lost before the result was "
		         "recorded", (long long)id);
	return rc;
}

int mail_sender_run_once(struct db *db, const struct mail_config *cfg,
                         const char *owner, int64_t now)
{
	int handled = 0;
	while (handled < RUN_MAX) {
		int64_t id;
		int n;
		int rc = db_claim(db, DB_JOBS_OUTBOX, owner, now, MAIL_LEASE_S, 1, &id,
		                  &n);
		if (rc)
			return -1;
		if (n == 0)
			break;
		if (deliver(db, cfg, owner, now, id))
			return -1;
		handled++;
	}
	return handled;
}

/* ---- the thread ---- */

static struct {
	pthread_t thread;
	pthread_mutex_t lock;
	pthread_cond_t wake;
	bool running, stop;
	struct mail_config cfg;
	struct db *db;
	char owner[160];
} sender = {.lock = PTHREAD_MUTEX_INITIALIZER,
            .wake = PTHREAD_COND_INITIALIZER};

static void *sender_main(void *arg)
{
	(void)arg;
	int64_t poll_ms = sender.cfg.poll_ms > 0 ? sender.cfg.poll_ms : 1000;
	for (;;) {
		pthread_mutex_lock(&sender.lock);
		bool stop = sender.stop;
		pthread_mutex_unlock(&sender.lock);
		if (stop)
			break;
		int64_t now = (int64_t)time(NULL);
		int due = 0;
		if (db_claim_due(sender.db, DB_JOBS_OUTBOX, now, &due) == DB_OK && due &&
		    mail_sender_run_once(sender.db, &sender.cfg, sender.owner,
		                         now) < 0)
			log_warn("mail: outbox database error: %s",
			         db_errmsg(sender.db));
		struct timespec until;
		clock_gettime(CLOCK_REALTIME, &until);
		until.tv_sec += poll_ms / 1000;
		until.tv_nsec += (poll_ms % 1000) * 1000000L;
		if (until.tv_nsec >= 1000000000L) {
			until.tv_sec++;
			until.tv_nsec -= 1000000000L;
		}
		pthread_mutex_lock(&sender.lock);
		while (!sender.stop) {
			int rc = pthread_cond_timedwait(&sender.wake, &sender.lock,
			                                &until);
			if (rc == ETIMEDOUT)
				break;
		}
		pthread_mutex_unlock(&sender.lock);
	}
	return NULL;
}

bool mail_sender_start(const struct mail_config *cfg)
{
	char err[512];
	sender.db = db_open(cfg->db_url, err, sizeof err);
	if (!sender.db) {
		fprintf(stderr, "samplan: mail sender: %s\n", err);
		return false;
	}
	sender.cfg = *cfg;
	char host[64] = "";
	gethostname(host, sizeof host - 1);
	unsigned char raw[8];
	char hex[2 * sizeof raw + 1];
	randombytes_buf(raw, sizeof raw);
	sodium_bin2hex(hex, sizeof hex, raw, sizeof raw);
	snprintf(sender.owner, sizeof sender.owner, "%s/%ld/%s", host,
	         (long)getpid(), hex);
	sender.stop = false;
	/* The sender takes no signals (as the audit writer): it starts
	 * before server_run blocks SIGTERM for its sigwait, and a SIGTERM
	 * delivered to it would end the process instead of the graceful
	 * stop; a SIGPIPE from a dropped SMTP connection must not end it
	 * either (curl also sets CURLOPT_NOSIGNAL). */
	sigset_t all, old;
	sigfillset(&all);
	pthread_sigmask(SIG_BLOCK, &all, &old);
	int created = pthread_create(&sender.thread, NULL, sender_main, NULL);
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	if (created) {
		fprintf(stderr, "samplan: mail sender: cannot start a thread\n");
		db_close(sender.db);
		sender.db = NULL;
		return false;
	}
	sender.running = true;
	return true;
}

void mail_sender_stop(void)
{
	if (!sender.running)
		return;
	pthread_mutex_lock(&sender.lock);
	sender.stop = true;
	pthread_cond_signal(&sender.wake);
	pthread_mutex_unlock(&sender.lock);
	pthread_join(sender.thread, NULL);
	db_close(sender.db);
	sender.db = NULL;
	sender.running = false;
}
