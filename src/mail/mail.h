/*
 * mail.h — the outbox and its SMTP sender: e-mail that is never lost.
 *
 * A change that should reach someone by e-mail (an invitation, later a
 * reminder or a daily summary) calls mail_enqueue inside its own
 * transaction: the message is a row of the outbox table exactly when
 * the change was committed, and disappears with it when it is rolled
 * back. The sender (mail_sender_start, a thread of `samplan serve`)
 * claims due rows with a lease (store/claim.h), builds an RFC 5322
 * message (mail_message_build), delivers it by SMTP with libcurl, and
 * marks it sent only when the SMTP server accepted it. A refused or
 * failed delivery is retried after mail_backoff(attempts) seconds and
 * given up as 'failed' after MAIL_MAX_ATTEMPTS, or at once on a
 * permanent refusal of the message (an SMTP 5xx reply). A refused login
 * or a failed switch to TLS is not the message's fault: it is retried
 * like a busy server until the configuration is put right. Without a configured SMTP
 * server no sender runs and messages stay queued: nothing is lost, the
 * admin page /admin/outbox shows them, and delivery starts when the
 * server is started with --smtp.
 *
 * Several `samplan serve` on one PostgreSQL each run a sender; the lease
 * gives each message to one of them. A sender that dies with a lease
 * leaves the message 'sending' until the lease expires; another then
 * takes it over. If the death came after the SMTP server accepted the
 * message but before it was marked sent, the message is delivered a
 * second time with the same Message-ID (at-least-once; the receiving
 * side can recognise the duplicate) — no other case sends twice.
 *
 * Logs name the outbox id and SMTP codes only, never an address, a
 * subject or a body.
 */
#ifndef SAMPLAN_MAIL_H
#define SAMPLAN_MAIL_H

#include <stdbool.h>
#include <stdint.h>

#include "base/buf.h"
#include "sip/ctx.h"

enum {
	MAIL_MAX_ATTEMPTS = 10,   /* then 'failed' */
	MAIL_BACKOFF_BASE_S = 60, /* first retry after a minute ... */
	MAIL_BACKOFF_CAP_S = 3600,/* ... doubling, at most an hour */
	MAIL_LEASE_S = 300,       /* a delivery's lease (curl times out at 60) */
	MAIL_SUBJECT_MAX = 200,
	MAIL_BODY_MAX = 64 * 1024,
	MAIL_ADDRESS_MAX = 254,
	MAIL_ATTACHMENT_MAX = 256 * 1024,
	MAIL_ATTACHMENT_NAME_MAX = 100,
};

/* ---- the outbox (outbox.c) ---- */

/* Kinds of message, the outbox.kind column. */
#define MAIL_KIND_INVITATION "invitation"
#define MAIL_KIND_REMINDER "reminder"
#define MAIL_KIND_SUMMARY "summary"

/* True for a plain addr-spec without display name, spaces, angle
 * brackets, quotes or control characters, local@domain.tld, at most
 * MAIL_ADDRESS_MAX bytes: what may go into an SMTP envelope and a To
 * header unquoted. */
bool mail_address_ok(const char *address);

/* Queue a message in the caller's transaction (ctx_begin must have been
 * called: asserted). subject is one line of UTF-8 (<= MAIL_SUBJECT_MAX
 * bytes), body UTF-8 text with '\n' line ends (<= MAIL_BODY_MAX). kind
 * is one of MAIL_KIND_*. dedupe_key, when not NULL, makes the message
 * unique: a second enqueue with the same key queues nothing and
 * succeeds (*id then 0). *id (may be NULL) gets the new row's id.
 * False with the problem recorded on a bad address or text (a
 * programmer's or the directory's error: the caller aborts) or a
 * database failure. */
bool mail_enqueue(struct ctx *ctx, const char *to_address, const char *subject,
                  const char *body_text, const char *kind,
                  const char *dedupe_key, int64_t *id);

/* A file that goes with a message: name is a plain file name
 * ([A-Za-z0-9._-], at most MAIL_ATTACHMENT_NAME_MAX), type its MIME type
 * with parameters as one line of printable ASCII (e.g. "text/calendar;
 * method=REQUEST; charset=utf-8"), data UTF-8 text of at most
 * MAIL_ATTACHMENT_MAX bytes. */
struct mail_attachment {
	const char *name;
	const char *type;
	const char *data;
};

/* True when a is as struct mail_attachment says. */
bool mail_attachment_ok(const struct mail_attachment *a);

/* mail_enqueue with an attachment (NULL: exactly mail_enqueue): the
 * message goes out as multipart/mixed, the text first. A bad name, type
 * or data is a programmer's error, refused like a bad body. */
bool mail_enqueue_attached(struct ctx *ctx, const char *to_address,
                           const char *subject, const char *body_text,
                           const struct mail_attachment *attachment,
                           const char *kind, const char *dedupe_key,
                           int64_t *id);

/* Seconds to wait after the attempts-th failed attempt (1, 2, ...):
 * base, 2*base, 4*base, ... capped at MAIL_BACKOFF_CAP_S. base is
 * MAIL_BACKOFF_BASE_S unless the sender was configured otherwise. */
int64_t mail_backoff(int64_t attempts, int64_t base_s);

/* The public address of samplan for links in messages, without a
 * trailing '/': set once at startup (`serve --public-url`), default
 * "http://127.0.0.1:8080". The string must outlive the process. */
void mail_set_public_url(const char *url);
const char *mail_public_url(void);

/* One row for the admin page: no body. */
struct mail_row {
	int64_t id, created_at, attempts, next_attempt_at, sent_at;
	const char *kind, *state, *to_address, *subject, *last_error;
};

/* The outbox newest first, `limit` rows from `offset`; *more is true
 * when older rows follow. Rows in ctx->arena. Console or a staff user
 * with CAP_ADMIN (checked). */
bool mail_outbox_list(struct ctx *ctx, int64_t offset, int limit,
                      struct mail_row **rows, int *n, bool *more);

/* Counts by state for the page's summary: queued (incl. sending),
 * sent, failed. */
bool mail_outbox_counts(struct ctx *ctx, int64_t *queued, int64_t *sent,
                        int64_t *failed);

/* ---- the message (message.c) ---- */

struct mail_message {
	const char *from;       /* addr-spec */
	const char *to;         /* addr-spec */
	const char *subject;    /* UTF-8, one line */
	const char *body;       /* UTF-8 text, '\n' line ends */
	const char *message_id; /* without angle brackets: token@domain */
	int64_t date;           /* Unix seconds; written in UTC */
	/* Or NULL: then the message is one text/plain part. */
	const struct mail_attachment *attachment;
};

/* Append the RFC 5322 message to out: Date, From, To, Subject (RFC 2047
 * B-encoded UTF-8 words when not plain ASCII), Message-ID, MIME-Version,
 * Content-Type text/plain; charset=utf-8, Content-Transfer-Encoding:
 * quoted-printable, Auto-Submitted: auto-generated; a blank line; the
 * body in quoted-printable, lines ending CRLF. Dot-stuffing is the SMTP
 * client's (curl). With an attachment the message is multipart/mixed
 * (RFC 2046 §5.1.3; for a calendar, iMIP, RFC 6047): the text as that
 * text/plain part, then the attachment with its type, Content-Disposition
 * attachment and its file name, in base64 (RFC 2045 §6.8, lines of 76).
 * The boundary begins "=_", which neither quoted-printable nor base64
 * can produce, so it never occurs in a part. False when an address is
 * not mail_address_ok, the subject holds a control character, the
 * attachment's name or type is not as mail_attachment says, or out is
 * full. */
bool mail_message_build(struct buf *out, const struct mail_message *m);

/* RFC 2047 encoding of one header value (appended to out): the text
 * itself when it is printable ASCII, else "=?UTF-8?B?...?=" words of at
 * most 75 characters that never split a UTF-8 sequence, joined by
 * CRLF SP. */
bool mail_encode_header(struct buf *out, const char *text);

/* Quoted-printable (RFC 2045) of text with '\n' or "\r\n" line ends:
 * lines of at most 76 characters, CRLF line ends. */
bool mail_encode_qp(struct buf *out, const char *text);

/* ---- the sender (sender.c) ---- */

struct mail_config {
	const char *db_url;
	const char *smtp_url;      /* smtp://host:port or smtps://...; user
	                              and password may be in the URL */
	const char *from;          /* envelope and From address */
	const char *user;          /* or NULL */
	const char *password;      /* or NULL */
	bool require_tls;          /* smtp://: STARTTLS must succeed */
	const char *ca_file;       /* PEM bundle to verify the server's
	                              certificate with instead of the
	                              system's (a private CA); or NULL.
	                              Verification is never turned off. */
	int64_t backoff_base_s;    /* 0: MAIL_BACKOFF_BASE_S */
	int64_t poll_ms;           /* 0: 1000 */
};

/* Start the sender thread with its own database connection. The config
 * strings must outlive mail_sender_stop. False, with a message on
 * stderr, when the database cannot be opened. */
bool mail_sender_start(const struct mail_config *cfg);

/* Finish the delivery under way, then stop the thread. Safe when not
 * started. */
void mail_sender_stop(void);

/* Deliver what is due once, on db, as owner (for tests and the thread):
 * claim a message, send it, record the result, until none is due.
 * Returns the number of messages handled, or -1 on a database error. */
int mail_sender_run_once(struct db *db, const struct mail_config *cfg,
                         const char *owner, int64_t now);

#endif
