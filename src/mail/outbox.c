/*
 * outbox.c — queueing messages in the caller's transaction, the back-off
 * schedule, and the outbox as the admin page reads it (see mail.h).
 */
#include <assert.h>
#include <sodium.h>
#include <string.h>

#include "mail/mail.h"
#include "sip/capability.h"
#include "store/db.h"

static const char *public_url = "http://127.0.0.1:8080";

void mail_set_public_url(const char *url)
{
	public_url = url;
}

const char *mail_public_url(void)
{
	return public_url;
}

bool mail_address_ok(const char *a)
{
	if (!a)
		return false;
	size_t len = strlen(a);
	if (len < 3 || len > MAIL_ADDRESS_MAX)
		return false;
	const char *at = strchr(a, '@');
	if (!at || at == a || strchr(at + 1, '@') || !strchr(at + 1, '.') ||
	    at[1] == '.' || a[len - 1] == '.' || at - a > 64)
		return false;
	for (const char *p = a; *p; p++) {
		unsigned char c = (unsigned char)*p;
		if (c <= ' ' || c >= 0x7f || strchr("<>()[]\\,;:\"", c))
			return false;
	}
	return true;
}

static bool text_ok(const char *s, size_t max, bool one_line)
{
	if (!s || !*s || strlen(s) > max)
		return false;
	for (const unsigned char *p = (const unsigned char *)s; *p; p++)
		if ((*p < ' ' && *p != '\t' && (one_line || *p != '\n')) ||
		    *p == 0x7f)
			return false;
	return true;
}

static bool kind_ok(const char *k)
{
	return k && (!strcmp(k, MAIL_KIND_INVITATION) ||
	             !strcmp(k, MAIL_KIND_REMINDER) ||
	             !strcmp(k, MAIL_KIND_SUMMARY) || !strcmp(k, "other"));
}

bool mail_enqueue(struct ctx *ctx, const char *to_address, const char *subject,
                  const char *body_text, const char *kind,
                  const char *dedupe_key, int64_t *id)
{
	return mail_enqueue_attached(ctx, to_address, subject, body_text, NULL,
	                             kind, dedupe_key, id);
}

bool mail_enqueue_attached(struct ctx *ctx, const char *to_address,
                           const char *subject, const char *body_text,
                           const struct mail_attachment *a,
                           const char *kind, const char *dedupe_key,
                           int64_t *id)
{
	/* The message must share the transaction of its cause. */
	assert(db_in_transaction(ctx->db));
	if (id)
		*id = 0;
	if (!mail_address_ok(to_address))
		return problem_field(ctx->problem, ctx->arena, "email", "%s",
		                     T(ctx, "E-postadressen går inte att skicka "
		                            "till. Rätta enhetens e-postadress."));
	if (!kind_ok(kind) || !text_ok(subject, MAIL_SUBJECT_MAX, true) ||
	    !text_ok(body_text, MAIL_BODY_MAX, false) ||
	    (a && !mail_attachment_ok(a))) {
		problem_set(ctx->problem, ctx->arena, PROBLEM_INTERNAL, "%s",
		            T(ctx, "Meddelandet kunde inte läggas i utkorgen."));
		return false;
	}
	unsigned char raw[16];
	char token[2 * sizeof raw + 1];
	randombytes_buf(raw, sizeof raw);
	sodium_bin2hex(token, sizeof token, raw, sizeof raw);
	struct stmt s;
	db_prepare(ctx->db, &s,
		"INSERT INTO outbox (created_at, kind, to_address, subject, body,"
		" dedupe_key, message_token, state, attempts, next_attempt_at,"
		" attachment_name, attachment_type, attachment)"
		" VALUES (?, ?, ?, ?, ?, ?, ?, 'queued', 0, ?, ?, ?, ?)"
		" ON CONFLICT DO NOTHING RETURNING id");
	db_bind_int64(&s, 1, ctx->now);
	db_bind_text(&s, 2, kind);
	db_bind_text(&s, 3, to_address);
	db_bind_text(&s, 4, subject);
	db_bind_text(&s, 5, body_text);
	db_bind_text(&s, 6, dedupe_key);
	db_bind_text(&s, 7, token);
	db_bind_int64(&s, 8, ctx->now);
	db_bind_text(&s, 9, a ? a->name : NULL);
	db_bind_text(&s, 10, a ? a->type : NULL);
	db_bind_text(&s, 11, a ? a->data : NULL);
	int rc = db_step(&s);
	if (rc == DB_ROW && id)
		*id = db_column_int64(&s, 0);
	db_finalize(&s);
	if (rc != DB_ROW && rc != DB_DONE)
		return ctx_db_failed(ctx, rc, "outbox");
	return true;
}

int64_t mail_backoff(int64_t attempts, int64_t base_s)
{
	if (base_s <= 0)
		base_s = MAIL_BACKOFF_BASE_S;
	int64_t wait = base_s;
	for (int64_t i = 1; i < attempts && wait < MAIL_BACKOFF_CAP_S; i++)
		wait *= 2;
	return wait < MAIL_BACKOFF_CAP_S ? wait : MAIL_BACKOFF_CAP_S;
}

static bool may_read(struct ctx *ctx)
{
	if (ctx_is_console(ctx) ||
	    (ctx_staff(ctx) && capability_granted(ctx_staff(ctx), CAP_ADMIN)))
		return true;
	return ctx_not_found(ctx);
}

bool mail_outbox_list(struct ctx *ctx, int64_t offset, int limit,
                      struct mail_row **rows, int *n, bool *more)
{
	*rows = NULL;
	*n = 0;
	*more = false;
	if (!may_read(ctx))
		return false;
	if (limit < 1)
		limit = 1;
	if (offset < 0)
		offset = 0;
	struct mail_row *out = arena_array(ctx->arena, struct mail_row,
	                                   (size_t)limit);
	struct stmt s;
	db_prepare(ctx->db, &s,
		"SELECT id, created_at, kind, state, to_address, subject," /* 0-5 */
		" attempts, next_attempt_at, sent_at, last_error"          /* 6-9 */
		" FROM outbox ORDER BY created_at DESC, id DESC LIMIT ? OFFSET ?");
	db_bind_int64(&s, 1, limit + 1);
	db_bind_int64(&s, 2, offset);
	int rc;
	for (rc = db_step(&s); rc == DB_ROW; rc = db_step(&s)) {
		if (*n == limit) {
			*more = true;
			continue;
		}
		struct mail_row *m = &out[(*n)++];
		m->id = db_column_int64(&s, 0);
		m->created_at = db_column_int64(&s, 1);
		m->kind = arena_strdup(ctx->arena, db_column_text(&s, 2));
		m->state = arena_strdup(ctx->arena, db_column_text(&s, 3));
		m->to_address = arena_strdup(ctx->arena, db_column_text(&s, 4));
		m->subject = arena_strdup(ctx->arena, db_column_text(&s, 5));
		m->attempts = db_column_int64(&s, 6);
		m->next_attempt_at = db_column_int64(&s, 7);
		m->sent_at = db_column_int64(&s, 8);
		m->last_error = db_column_is_null(&s, 9)
		                ? NULL
		                : arena_strdup(ctx->arena, db_column_text(&s, 9));
	}
	db_finalize(&s);
	if (rc != DB_DONE)
		return ctx_db_failed(ctx, rc, "outbox");
	*rows = out;
	return true;
}

bool mail_outbox_counts(struct ctx *ctx, int64_t *queued, int64_t *sent,
                        int64_t *failed)
{
	*queued = *sent = *failed = 0;
	if (!may_read(ctx))
		return false;
	struct stmt s;
	db_prepare(ctx->db, &s,
		"SELECT state, COUNT(*) FROM outbox GROUP BY state");
	int rc;
	for (rc = db_step(&s); rc == DB_ROW; rc = db_step(&s)) {
		const char *st = db_column_text(&s, 0);
		int64_t c = db_column_int64(&s, 1);
		if (!strcmp(st, "sent"))
			*sent += c;
		else if (!strcmp(st, "failed"))
			*failed += c;
		else
			*queued += c;
	}
	db_finalize(&s);
	if (rc != DB_DONE)
		return ctx_db_failed(ctx, rc, "outbox");
	return true;
}
