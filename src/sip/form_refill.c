/*
 * form_refill.c — see form_refill.h.
 */
#include "sip/form_refill.h"

#include "sip/secret.h"
#include "store/db.h"

static bool delete_refill(struct ctx *ctx, int64_t id)
{
	struct stmt s;
	db_prepare(ctx->db, &s, "DELETE FROM form_refill_error WHERE refill_id = ?");
	db_bind_int64(&s, 1, id);
	if (!ctx_run(ctx, &s, NULL))
		return false;
	db_prepare(ctx->db, &s, "DELETE FROM form_refill WHERE id = ?");
	db_bind_int64(&s, 1, id);
	return ctx_run(ctx, &s, NULL);
}

/* Every refill past its time, deleted: nobody will read it now. */
static bool delete_expired(struct ctx *ctx)
{
	struct stmt s;
	db_prepare(ctx->db, &s,
		"DELETE FROM form_refill_error WHERE refill_id IN"
		" (SELECT id FROM form_refill WHERE expires_at <= ?)");
	db_bind_int64(&s, 1, ctx->now);
	if (!ctx_run(ctx, &s, NULL))
		return false;
	db_prepare(ctx->db, &s, "DELETE FROM form_refill WHERE expires_at <= ?");
	db_bind_int64(&s, 1, ctx->now);
	return ctx_run(ctx, &s, NULL);
}

/* The session's refill at path that has not expired: *id (0: none),
 * and what the other arguments that are not NULL ask for. */
static bool find(struct ctx *ctx, const char *hash, const char *path,
                 int64_t *id, const char **body, enum problem_kind *kind,
                 const char **detail)
{
	struct stmt s;
	db_prepare(ctx->db, &s,
		"SELECT id, body, problem_kind, problem_detail /*0-3*/"
		" FROM form_refill WHERE session_hash = ? AND path = ?"
		" AND expires_at > ? ORDER BY id DESC LIMIT 1");
	db_bind_text(&s, 1, hash);
	db_bind_text(&s, 2, path);
	db_bind_int64(&s, 3, ctx->now);
	int rc = db_step(&s);
	*id = 0;
	if (rc == DB_ROW) {
		*id = db_column_int64(&s, 0);
		const char *b = db_column_text(&s, 1);
		if (body)
			*body = arena_strdup(ctx->arena, b ? b : "");
		if (kind)
			*kind = (enum problem_kind)db_column_int64(&s, 2);
		if (detail) {
			const char *d = db_column_text(&s, 3);
			*detail = d ? arena_strdup(ctx->arena, d) : NULL;
		}
	}
	db_finalize(&s);
	return rc == DB_ROW || rc == DB_DONE ? true
	                                     : ctx_db_failed(ctx, rc, "form refill");
}

bool form_refill_save(struct ctx *ctx, const char *session_csrf,
                      const char *path, const char *body,
                      const struct problem *p)
{
	const char *hash = secret_token_hash(ctx->arena, session_csrf);
	int64_t old, id;
	if (!ctx_begin(ctx))
		return false;
	if (!delete_expired(ctx) ||
	    !find(ctx, hash, path, &old, NULL, NULL, NULL) ||
	    (old && !delete_refill(ctx, old)))
		return ctx_abort(ctx);
	struct stmt s;
	db_prepare(ctx->db, &s,
		"INSERT INTO form_refill (session_hash, path, body, problem_kind,"
		" problem_detail, created_at, expires_at)"
		" VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id");
	db_bind_text(&s, 1, hash);
	db_bind_text(&s, 2, path);
	db_bind_text(&s, 3, body ? body : "");
	db_bind_int64(&s, 4, p->kind);
	db_bind_text(&s, 5, p->detail);
	db_bind_int64(&s, 6, ctx->now);
	db_bind_int64(&s, 7, ctx->now + FORM_REFILL_TTL);
	if (!ctx_insert(ctx, &s, &id))
		return ctx_abort(ctx);
	for (int i = 0; i < p->nfields; i++) {
		db_prepare(ctx->db, &s,
			"INSERT INTO form_refill_error (refill_id, position, field,"
			" message) VALUES (?, ?, ?, ?)");
		db_bind_int64(&s, 1, id);
		db_bind_int64(&s, 2, i);
		db_bind_text(&s, 3, p->fields[i].field);
		db_bind_text(&s, 4, p->fields[i].message);
		if (!ctx_run(ctx, &s, NULL))
			return ctx_abort(ctx);
	}
	return ctx_commit(ctx);
}

bool form_refill_take(struct ctx *ctx, const char *session_csrf,
                      const char *path, bool *found, const char **body,
                      struct problem *p)
{
	const char *hash = secret_token_hash(ctx->arena, session_csrf);
	int64_t id;
	enum problem_kind kind = PROBLEM_NONE;
	const char *detail = NULL;
	*found = false;
	/* Nearly every GET finds none: look first without a transaction,
	 * which would take SQLite's one writer lock for nothing. */
	if (!find(ctx, hash, path, &id, NULL, NULL, NULL))
		return false;
	if (!id)
		return true;
	if (!ctx_begin(ctx))
		return false;
	if (!find(ctx, hash, path, &id, body, &kind, &detail))
		return ctx_abort(ctx);
	if (!id)
		return ctx_commit(ctx);
	*p = (struct problem){.kind = kind, .detail = detail};
	struct stmt s;
	db_prepare(ctx->db, &s,
		"SELECT field, message /*0-1*/ FROM form_refill_error"
		" WHERE refill_id = ? ORDER BY position");
	db_bind_int64(&s, 1, id);
	int rc;
	for (rc = db_step(&s); rc == DB_ROW && p->nfields < PROBLEM_MAX_FIELDS;
	     rc = db_step(&s))
		p->fields[p->nfields++] = (struct problem_field){
			arena_strdup(ctx->arena, db_column_text(&s, 0)),
			arena_strdup(ctx->arena, db_column_text(&s, 1))};
	db_finalize(&s);
	if (rc != DB_ROW && rc != DB_DONE) {
		ctx_db_failed(ctx, rc, "form refill");
		return ctx_abort(ctx);
	}
	if (!delete_refill(ctx, id))
		return ctx_abort(ctx);
	*found = true;
	return ctx_commit(ctx);
}
