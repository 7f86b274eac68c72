/*
 * test_mail.c — the mail layer without a network: the RFC 5322 message
 * (headers, RFC 2047 subjects, quoted-printable bodies, refused
 * addresses, the multipart/mixed message with an .ics attached), the back-off schedule, and on both backends the outbox
 * (enqueue in the caller's transaction, a rollback leaves nothing, the
 * dedupe key) and the claim primitive (two claimers never get the same
 * message, an expired lease is taken over, a lost lease cannot record a
 * result).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "mail/mail.h"
#include "store/claim.h"
#include "store/db.h"
#include "support/testdb.h"

/* ---- the message ---- */

static char *build(const struct mail_message *m, bool *ok)
{
	static struct buf b;
	buf_free(&b);
	buf_init(&b, 1 << 20);
	*ok = mail_message_build(&b, m);
	return b.data;
}

static void test_headers(void **state)
{
	(void)state;
	bool ok;
	/* 2026-12-01 23:21:46 UTC, a Tuesday. */
	const char *msg = build(&(struct mail_message){
		.from = "samplan@kommun.example", .to = "bun@kommun.example",
		.subject = "Kallelse till SIP-mote", .body = "Hej\n",
		.message_id = "abc123@kommun.example", .date = 1796167306},
		&ok);
	assert_true(ok);
	assert_non_null(strstr(msg, "Date: Tue, 01 Dec 2026 23:21:46 +0000\r\n"));
	assert_non_null(strstr(msg, "\r\nFrom: samplan@kommun.example\r\n"));
	assert_non_null(strstr(msg, "\r\nTo: bun@kommun.example\r\n"));
	assert_non_null(strstr(msg, "\r\nSubject: Kallelse till SIP-mote\r\n"));
	assert_non_null(strstr(msg, "\r\nMessage-ID: <abc123@kommun.example>\r\n"));
	assert_non_null(strstr(msg, "\r\nMIME-Version: 1.0\r\n"));
	assert_non_null(strstr(msg, "\r\nContent-Type: text/plain; "
	                            "charset=utf-8\r\n"));
	assert_non_null(strstr(msg, "\r\nContent-Transfer-Encoding: "
	                            "quoted-printable\r\n"));
	/* Headers, a blank line, the body with CRLF. */
	const char *sep = strstr(msg, "\r\n\r\n");
	assert_non_null(sep);
	assert_string_equal(sep + 4, "Hej\r\n");
	/* No bare LF anywhere. */
	for (const char *p = msg; *p; p++)
		if (*p == '\n')
			assert_true(p > msg && p[-1] == '\r');
}

static void test_refuses_injection(void **state)
{
	(void)state;
	bool ok;
	struct mail_message m = {
		.from = "samplan@kommun.example", .to = "bun@kommun.example",
		.subject = "Hej", .body = "x", .message_id = "a@b.example",
		.date = 0};
	build(&m, &ok);
	assert_true(ok);
	m.to = "bun@kommun.example\r\nBcc: x@evil.example";
	build(&m, &ok);
	assert_false(ok);
	m.to = "Bun <bun@kommun.example>";
	build(&m, &ok);
	assert_false(ok);
	m.to = "bun@kommun.example";
	m.subject = "Hej\r\nBcc: x@evil.example";
	build(&m, &ok);
	assert_false(ok);
	assert_true(mail_address_ok("a.b-c@enhet.kommun.se"));
	assert_false(mail_address_ok("a@b"));
	assert_false(mail_address_ok("@b.se"));
	assert_false(mail_address_ok("a@@b.se"));
	assert_false(mail_address_ok("a b@c.se"));
	assert_false(mail_address_ok("å@c.se"));
	assert_false(mail_address_ok(NULL));
}

/* Decode standard base64 lines (CRLF between them) into out. */
static size_t unbase64(const char *in, const char *end, char *out)
{
	static const char a[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnop"
	                        "qrstuvwxyz0123456789+/";
	unsigned v = 0;
	int bits = 0;
	size_t n = 0;
	for (const char *p = in; p < end && *p != '='; p++) {
		const char *k = strchr(a, *p);
		if (*p == '\r' || *p == '\n')
			continue;
		assert_non_null(k);
		v = (v << 6) | (unsigned)(k - a);
		bits += 6;
		if (bits >= 8) {
			bits -= 8;
			out[n++] = (char)((v >> bits) & 0xff);
		}
	}
	out[n] = '\0';
	return n;
}

/* The iMIP shape: multipart/mixed, the text in quoted-printable, then
 * the calendar in base64 with its method, a file name, and a closing
 * boundary that occurs nowhere inside a part. */
static void test_multipart(void **state)
{
	(void)state;
	bool ok;
	/* Longer than one base64 line, with åäö. */
	const char *ics = "BEGIN:VCALENDAR\r\nMETHOD:REQUEST\r\n"
	                  "SUMMARY:SIP-möte på Vårdcentralen i Ludvika, "
	                  "med ett namn som är längre än en rad\r\n"
	                  "END:VCALENDAR\r\n";
	struct mail_attachment a = {
		"sip-mote-12.ics", "text/calendar; method=REQUEST; charset=utf-8",
		ics};
	struct mail_message m = {
		.from = "samplan@kommun.example", .to = "bun@kommun.example",
		.subject = "Kallelse till SIP-möte", .body = "Hej på er\n",
		.message_id = "0123abcd@kommun.example", .date = 1796167306,
		.attachment = &a};
	const char *msg = build(&m, &ok);
	assert_true(ok);
	assert_non_null(strstr(msg, "\r\nMIME-Version: 1.0\r\nContent-Type: "
	                            "multipart/mixed; boundary=\"=_samplan_"
	                            "0123abcd\"\r\n"));
	/* No text/plain header at the top: only inside the first part. */
	const char *top_end = strstr(msg, "\r\n\r\n");
	const char *first = strstr(msg, "\r\n--=_samplan_0123abcd\r\n");
	assert_non_null(first);
	assert_true(top_end < first);
	const char *plain = strstr(msg, "Content-Type: text/plain");
	assert_true(plain > first);
	assert_non_null(strstr(plain, "Content-Transfer-Encoding: "
	                              "quoted-printable\r\n\r\nHej p=C3=A5 "
	                              "er\r\n--=_samplan_0123abcd\r\n"));
	const char *cal = strstr(msg, "--=_samplan_0123abcd\r\nContent-Type: "
	                              "text/calendar; method=REQUEST; "
	                              "charset=utf-8; name=\"sip-mote-12.ics\""
	                              "\r\nContent-Disposition: attachment; "
	                              "filename=\"sip-mote-12.ics\"\r\n"
	                              "Content-Transfer-Encoding: base64\r\n"
	                              "\r\n");
	assert_non_null(cal);
	const char *data = strstr(cal, "\r\n\r\n") + 4;
	const char *close = strstr(data, "--=_samplan_0123abcd--\r\n");
	assert_non_null(close);
	assert_string_equal(close, "--=_samplan_0123abcd--\r\n");
	/* The base64 lines are at most 76 characters, and decode to the
	 * file as it was. */
	for (const char *p = data; p < close;) {
		const char *eol = strstr(p, "\r\n");
		assert_true(eol - p <= 76);
		p = eol + 2;
	}
	char decoded[1024];
	assert_int_equal(unbase64(data, close, decoded), strlen(ics));
	assert_string_equal(decoded, ics);
	/* The boundary is in no part: only where the structure puts it. */
	size_t count = 0;
	for (const char *p = strstr(msg, "=_samplan_0123abcd"); p;
	     p = strstr(p + 1, "=_samplan_0123abcd"))
		count++;
	assert_int_equal(count, 4); /* declared, two parts, the close */
	for (const char *p = msg; *p; p++)
		if (*p == '\n')
			assert_true(p > msg && p[-1] == '\r');

	/* An attachment's name or type that would break the headers. */
	a.name = "x\"; filename=evil.exe";
	build(&m, &ok);
	assert_false(ok);
	a.name = "sip-mote-12.ics";
	a.type = "text/calendar\r\nBcc: x@evil.example";
	build(&m, &ok);
	assert_false(ok);
	a.type = "text/calendar";
	a.data = NULL;
	build(&m, &ok);
	assert_false(ok);
	/* Without an attachment: the one text/plain part, as before. */
	m.attachment = NULL;
	msg = build(&m, &ok);
	assert_true(ok);
	assert_null(strstr(msg, "multipart"));
}

static const char *header_of(const char *text)
{
	static struct buf b;
	buf_free(&b);
	buf_init(&b, 4096);
	assert_true(mail_encode_header(&b, text));
	return b.data;
}

/* Decode what mail_encode_header wrote (B words joined by CRLF SP). */
static char *decode_words(const char *enc)
{
	static char out[4096];
	size_t o = 0;
	const char *p = enc;
	while ((p = strstr(p, "=?UTF-8?B?"))) {
		p += 10;
		const char *end = strstr(p, "?=");
		assert_non_null(end);
		/* each word at most 75 characters */
		assert_true(end + 2 - (p - 10) <= 75);
		unsigned v = 0;
		int bits = 0;
		for (; p < end; p++) {
			if (*p == '=')
				continue;
			const char *tab = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnop"
			                  "qrstuvwxyz0123456789+/";
			v = (v << 6) | (unsigned)(strchr(tab, *p) - tab);
			bits += 6;
			if (bits >= 8) {
				bits -= 8;
				out[o++] = (char)((v >> bits) & 0xff);
			}
		}
		/* A word holds whole UTF-8 sequences: its last byte is not
		 * a lead byte. */
		assert_false(o > 0 && ((unsigned char)out[o - 1] & 0xc0) == 0xc0);
		p = end + 2;
	}
	out[o] = '\0';
	return out;
}

static void test_subject_rfc2047(void **state)
{
	(void)state;
	assert_string_equal(header_of("Plain ASCII"), "Plain ASCII");
	const char *e = header_of("Kallelse till möte");
	assert_string_equal(e, "=?UTF-8?B?S2FsbGVsc2UgdGlsbCBtw7Z0ZQ==?=");
	/* A long subject becomes several words, folded, that decode back. */
	const char *longs = "Kallelse till samordnad individuell plan – möte "
	                    "på Åsgatan i Västerås för en SIP, öppen för alla";
	e = header_of(longs);
	assert_non_null(strstr(e, "?=\r\n =?UTF-8?B?"));
	assert_string_equal(decode_words(e), longs);
}

static const char *qp_of(const char *text)
{
	static struct buf b;
	buf_free(&b);
	buf_init(&b, 1 << 16);
	assert_true(mail_encode_qp(&b, text));
	return b.data;
}

static void test_quoted_printable(void **state)
{
	(void)state;
	assert_string_equal(qp_of("Hej på dig\n"), "Hej p=C3=A5 dig\r\n");
	assert_string_equal(qp_of("a=b"), "a=3Db");
	/* Trailing white space is encoded, inner space is not. */
	assert_string_equal(qp_of("x \ny\t\n"), "x=20\r\ny=09\r\n");
	/* CRLF input stays CRLF, not doubled. */
	assert_string_equal(qp_of("a\r\nb"), "a\r\nb");
	/* Long lines get soft breaks; no line over 76 characters. */
	char longline[400];
	memset(longline, 'a', sizeof longline - 1);
	longline[sizeof longline - 1] = '\0';
	longline[100] = '\xc3';
	longline[101] = '\xa5';
	const char *q = qp_of(longline);
	assert_non_null(strstr(q, "=\r\n"));
	size_t col = 0, as = 0;
	for (const char *p = q; *p; p++) {
		if (*p == '\r') {
			assert_true(col <= 76);
			col = 0;
			p++;
			continue;
		}
		col++;
		as += *p == 'a';
	}
	assert_true(col <= 76);
	assert_int_equal(as, sizeof longline - 3);
	assert_non_null(strstr(q, "=C3=A5"));
}

static void test_backoff(void **state)
{
	(void)state;
	assert_int_equal(mail_backoff(1, 0), 60);
	assert_int_equal(mail_backoff(2, 0), 120);
	assert_int_equal(mail_backoff(3, 0), 240);
	assert_int_equal(mail_backoff(6, 0), 1920);
	assert_int_equal(mail_backoff(7, 0), 3600);
	assert_int_equal(mail_backoff(50, 0), 3600);
	assert_int_equal(mail_backoff(1, 2), 2);
	assert_int_equal(mail_backoff(3, 2), 8);
}

/* ---- the outbox, on both backends ---- */

static int64_t rows(struct db *db, const char *where)
{
	char sql[256];
	snprintf(sql, sizeof sql, "SELECT COUNT(*) FROM outbox%s", where);
	int64_t n = -1;
	assert_int_equal(db_query_int64(db, sql, &n), DB_OK);
	return n;
}

static int64_t queue(struct testdb_fixture *f, const char *to,
                     const char *key)
{
	struct ctx *ctx = &f->t.ctx;
	int64_t id = -1;
	assert_true(ctx_begin(ctx));
	assert_true(mail_enqueue(ctx, to, "Kallelse", "Text\n",
	                         MAIL_KIND_INVITATION, key, &id));
	assert_true(ctx_commit(ctx));
	return id;
}

static void test_enqueue_rollback(void **state)
{
	struct testdb_fixture *f = *state;
	struct ctx *ctx = &f->t.ctx;
	assert_true(ctx_begin(ctx));
	int64_t id = 0;
	assert_true(mail_enqueue(ctx, "bun@kommun.example", "Kallelse",
	                         "Text\n", MAIL_KIND_INVITATION, NULL, &id));
	assert_true(id > 0);
	assert_int_equal(rows(f->db, ""), 1);
	ctx_abort(ctx);
	/* The cause was rolled back: so is its message. */
	assert_int_equal(rows(f->db, ""), 0);

	id = queue(f, "bun@kommun.example", NULL);
	assert_true(id > 0);
	assert_int_equal(rows(f->db, " WHERE state = 'queued' AND attempts = 0"),
	                 1);
}

static void test_enqueue_refuses(void **state)
{
	struct testdb_fixture *f = *state;
	struct ctx *ctx = &f->t.ctx;
	assert_true(ctx_begin(ctx));
	assert_false(mail_enqueue(ctx, "not an address", "Kallelse", "Text",
	                          MAIL_KIND_INVITATION, NULL, NULL));
	assert_non_null(problem_field_message(ctx->problem, "email"));
	test_ctx_clear(&f->t);
	assert_false(mail_enqueue(ctx, "bun@kommun.example", "Two\nlines",
	                          "Text", MAIL_KIND_INVITATION, NULL, NULL));
	test_ctx_clear(&f->t);
	assert_false(mail_enqueue(ctx, "bun@kommun.example", "S", "Text",
	                          "spam", NULL, NULL));
	ctx_abort(ctx);
	assert_int_equal(rows(f->db, ""), 0);
}

/* The attachment is stored with the message; a bad one is refused and
 * nothing is queued. */
static void test_enqueue_attached(void **state)
{
	struct testdb_fixture *f = *state;
	struct ctx *ctx = &f->t.ctx;
	struct mail_attachment a = {"sip-mote-3.ics",
	                            "text/calendar; method=CANCEL; charset=utf-8",
	                            "BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n"};
	int64_t id;
	assert_true(ctx_begin(ctx));
	assert_true(mail_enqueue_attached(ctx, "bun@kommun.example", "Inställt",
	                                  "Text\n", &a, MAIL_KIND_INVITATION,
	                                  NULL, &id));
	assert_true(id > 0);
	a.name = "../../etc/passwd";
	assert_false(mail_enqueue_attached(ctx, "bun@kommun.example", "S",
	                                   "Text", &a, MAIL_KIND_INVITATION,
	                                   NULL, NULL));
	test_ctx_clear(&f->t);
	assert_true(ctx_commit(ctx));
	assert_int_equal(rows(f->db, " WHERE attachment_name = 'sip-mote-3.ics'"
	                             " AND attachment_type LIKE '%method=CANCEL%'"
	                             " AND attachment LIKE 'BEGIN:VCALENDAR%'"),
	                 1);
	assert_int_equal(rows(f->db, ""), 1);
}

static void test_dedupe_key(void **state)
{
	struct testdb_fixture *f = *state;
	assert_true(queue(f, "eva@kommun.example", "summary:7:2026-12-01") > 0);
	/* The same key again: nothing queued, no error. */
	assert_int_equal(queue(f, "eva@kommun.example", "summary:7:2026-12-01"),
	                 0);
	assert_true(queue(f, "eva@kommun.example", "summary:7:2026-12-02") > 0);
	/* NULL keys never collide. */
	assert_true(queue(f, "eva@kommun.example", NULL) > 0);
	assert_true(queue(f, "eva@kommun.example", NULL) > 0);
	assert_int_equal(rows(f->db, ""), 4);
}

static void test_claim_exclusive(void **state)
{
	struct testdb_fixture *f = *state;
	for (int i = 0; i < 5; i++)
		queue(f, "bun@kommun.example", NULL);
	const int64_t now = f->t.ctx.now;
	/* A second connection: another sender (another process on
	 * PostgreSQL). */
	char err[256];
	struct db *other = db_open(f->url, err, sizeof err);
	assert_non_null(other);
	int64_t a[DB_CLAIM_MAX], b[DB_CLAIM_MAX];
	int na, nb;
	assert_int_equal(db_claim(f->db, DB_JOBS_OUTBOX, "A", now, 300, 3, a,
	                          &na), DB_OK);
	assert_int_equal(na, 3);
	assert_int_equal(db_claim(other, DB_JOBS_OUTBOX, "B", now, 300, 10, b,
	                          &nb), DB_OK);
	assert_int_equal(nb, 2);
	for (int i = 0; i < na; i++)
		for (int k = 0; k < nb; k++)
			assert_true(a[i] != b[k]);
	/* Nothing left while both leases hold. */
	int due = 1;
	assert_int_equal(db_claim_due(other, DB_JOBS_OUTBOX, now + 299, &due),
	                 DB_OK);
	assert_false(due);
	assert_int_equal(db_claim(other, DB_JOBS_OUTBOX, "C", now + 299, 300,
	                          10, b, &nb), DB_OK);
	assert_int_equal(nb, 0);
	assert_int_equal(rows(f->db, " WHERE state = 'sending' AND attempts = 1"),
	                 5);
	db_close(other);
}

static void test_claim_not_yet_due(void **state)
{
	struct testdb_fixture *f = *state;
	int64_t id = queue(f, "bun@kommun.example", NULL);
	const int64_t now = f->t.ctx.now;
	int64_t got[1];
	int n, held;
	assert_int_equal(db_claim(f->db, DB_JOBS_OUTBOX, "A", now, 300, 1, got,
	                          &n), DB_OK);
	assert_int_equal(n, 1);
	/* Refused: back to queued, due in two minutes. */
	assert_int_equal(db_claim_finish(f->db, DB_JOBS_OUTBOX, id, "A",
	                                 "queued", now + 120, 0, "SMTP 451",
	                                 &held), DB_OK);
	assert_true(held);
	assert_int_equal(db_claim(f->db, DB_JOBS_OUTBOX, "A", now + 119, 300, 1,
	                          got, &n), DB_OK);
	assert_int_equal(n, 0);
	assert_int_equal(db_claim(f->db, DB_JOBS_OUTBOX, "A", now + 120, 300, 1,
	                          got, &n), DB_OK);
	assert_int_equal(n, 1);
	assert_int_equal(rows(f->db, " WHERE attempts = 2 AND last_error = "
	                             "'SMTP 451'"), 1);
	assert_int_equal(db_claim_finish(f->db, DB_JOBS_OUTBOX, id, "A", "sent",
	                                 now + 120, now + 120, NULL, &held),
	                 DB_OK);
	assert_true(held);
	assert_int_equal(rows(f->db, " WHERE state = 'sent' AND sent_at IS NOT"
	                             " NULL AND last_error IS NULL AND"
	                             " lease_owner IS NULL"), 1);
	/* A sent message is never claimed again. */
	assert_int_equal(db_claim(f->db, DB_JOBS_OUTBOX, "A", now + 100000, 300,
	                          1, got, &n), DB_OK);
	assert_int_equal(n, 0);
}

static void test_expired_lease_taken_over(void **state)
{
	struct testdb_fixture *f = *state;
	int64_t id = queue(f, "bun@kommun.example", NULL);
	const int64_t now = f->t.ctx.now;
	int64_t got[1];
	int n, held;
	assert_int_equal(db_claim(f->db, DB_JOBS_OUTBOX, "crashed", now, 300, 1,
	                          got, &n), DB_OK);
	assert_int_equal(n, 1);
	/* The claimer dies; when its lease ends, another takes over. */
	assert_int_equal(db_claim(f->db, DB_JOBS_OUTBOX, "B", now + 299, 300, 1,
	                          got, &n), DB_OK);
	assert_int_equal(n, 0);
	assert_int_equal(db_claim(f->db, DB_JOBS_OUTBOX, "B", now + 300, 300, 1,
	                          got, &n), DB_OK);
	assert_int_equal(n, 1);
	assert_int_equal(got[0], id);
	/* The old owner, back from the dead, cannot record a result. */
	assert_int_equal(db_claim_finish(f->db, DB_JOBS_OUTBOX, id, "crashed",
	                                 "sent", now, now, NULL, &held), DB_OK);
	assert_false(held);
	assert_int_equal(rows(f->db, " WHERE state = 'sending' AND"
	                             " lease_owner = 'B' AND attempts = 2"), 1);
	assert_int_equal(db_claim_finish(f->db, DB_JOBS_OUTBOX, id, "B", "sent",
	                                 now + 300, now + 300, NULL, &held),
	                 DB_OK);
	assert_true(held);
}

/* Without an SMTP server reachable, run_once keeps the message and
 * schedules it by the back-off. */
static void test_run_once_unreachable(void **state)
{
	struct testdb_fixture *f = *state;
	queue(f, "bun@kommun.example", NULL);
	const int64_t now = f->t.ctx.now;
	/* Port 1 on loopback: connection refused at once. */
	struct mail_config cfg = {.smtp_url = "smtp://127.0.0.1:1",
	                          .from = "samplan@kommun.example",
	                          .backoff_base_s = 60};
	assert_int_equal(mail_sender_run_once(f->db, &cfg, "T", now), 1);
	assert_int_equal(rows(f->db, " WHERE state = 'queued' AND attempts = 1"
	                             " AND last_error IS NOT NULL"), 1);
	int64_t next = 0;
	assert_int_equal(db_query_int64(f->db, "SELECT next_attempt_at FROM"
	                                       " outbox", &next), DB_OK);
	assert_int_equal(next, now + 60);
	/* Not due again before then. */
	assert_int_equal(mail_sender_run_once(f->db, &cfg, "T", now + 59), 0);
	assert_int_equal(mail_sender_run_once(f->db, &cfg, "T", now + 60), 1);
	assert_int_equal(db_query_int64(f->db, "SELECT next_attempt_at FROM"
	                                       " outbox", &next), DB_OK);
	assert_int_equal(next, now + 60 + 120);
	/* After MAIL_MAX_ATTEMPTS it is given up. */
	assert_int_equal(db_exec(f->db, "UPDATE outbox SET attempts = 9"), DB_OK);
	assert_int_equal(mail_sender_run_once(f->db, &cfg, "T", now + 100000), 1);
	assert_int_equal(rows(f->db, " WHERE state = 'failed' AND attempts = 10"),
	                 1);
}

int main(void)
{
	const struct CMUnitTest common[] = {
		cmocka_unit_test(test_headers),
		cmocka_unit_test(test_refuses_injection),
		cmocka_unit_test(test_subject_rfc2047),
		cmocka_unit_test(test_quoted_printable),
		cmocka_unit_test(test_multipart),
		cmocka_unit_test(test_backoff),
	};
	const struct CMUnitTest tests[] = {
		testdb_test(test_enqueue_rollback),
		testdb_test(test_enqueue_refuses),
		testdb_test(test_enqueue_attached),
		testdb_test(test_dedupe_key),
		testdb_test(test_claim_exclusive),
		testdb_test(test_claim_not_yet_due),
		testdb_test(test_expired_lease_taken_over),
		testdb_test(test_run_once_unreachable),
	};
	int failed = cmocka_run_group_tests_name("common", common, NULL, NULL);
	return failed + testdb_run_groups(tests, sizeof tests / sizeof *tests);
}
