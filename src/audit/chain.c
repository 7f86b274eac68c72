/*
 * chain.c — the audit log's hash chain (see chain.h for the encoding and
 * why the locking keeps one chain).
 *
 * audit_verify reads committed data only and holds no lock, so it can
 * run beside live servers. It walks the chain first and reads the head
 * after: a record and the head that points at it commit together, so
 * every record the walk saw is covered by the head read later. A head
 * behind the walk therefore means records nobody appended; a head ahead
 * of it means either appends that committed meanwhile (the walk goes on
 * up to the head) or records deleted from the tail.
 */
#include "audit/chain.h"

#include <inttypes.h>
#include <sodium.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "base/die.h"
#include "base/limits.h"
#include "base/log.h"
#include "store/db.h"

static const char zero_hash[AUDIT_HASH_HEX + 1] =
	"0000000000000000000000000000000000000000000000000000000000000000";

enum { PAGE = 1000 };

/* ---- the canonical encoding ---- */

enum val_kind { VAL_NULL, VAL_INT, VAL_TEXT };

struct val {
	enum val_kind kind;
	int64_t i;
	const char *t;
};

/* The fields in hashing order after the version tag: seq, at, user_id,
 * unit_id, action, person_id, plan_id, client_addr, detail, prev_hash,
 * and subjects_digest (a list record's; NULL: a v1 record, which does
 * not encode it). */
enum { NFIELDS = 11, DIGEST_FIELD = 10 };

static void put_val(crypto_hash_sha256_state *st, const struct val *v)
{
	unsigned char b[9];
	switch (v->kind) {
	case VAL_NULL:
		b[0] = 'N';
		crypto_hash_sha256_update(st, b, 1);
		return;
	case VAL_INT: {
		uint64_t u = (uint64_t)v->i;
		b[0] = 'I';
		for (int k = 0; k < 8; k++)
			b[1 + k] = (unsigned char)(u >> (56 - 8 * k));
		crypto_hash_sha256_update(st, b, 9);
		return;
	}
	case VAL_TEXT: {
		size_t n = strlen(v->t);
		ensure(n <= UINT32_MAX);
		b[0] = 'T';
		for (int k = 0; k < 4; k++)
			b[1 + k] = (unsigned char)((uint32_t)n >> (24 - 8 * k));
		crypto_hash_sha256_update(st, b, 5);
		crypto_hash_sha256_update(st, (const unsigned char *)v->t, n);
		return;
	}
	}
}

static void hash_vals(const struct val v[NFIELDS], char out[AUDIT_HASH_HEX + 1])
{
	static const struct val v1 = {VAL_TEXT, 0, "samplan-audit-v1"};
	static const struct val v2 = {VAL_TEXT, 0, "samplan-audit-v2"};
	bool listed = v[DIGEST_FIELD].kind != VAL_NULL;
	crypto_hash_sha256_state st;
	unsigned char h[crypto_hash_sha256_BYTES];
	crypto_hash_sha256_init(&st);
	put_val(&st, listed ? &v2 : &v1);
	for (int k = 0; k < (listed ? NFIELDS : DIGEST_FIELD); k++)
		put_val(&st, &v[k]);
	crypto_hash_sha256_final(&st, h);
	sodium_bin2hex(out, AUDIT_HASH_HEX + 1, h, sizeof h);
}

static struct val int_val(int64_t i) { return (struct val){VAL_INT, i, NULL}; }

static struct val id_val(int64_t id)
{
	return id ? int_val(id) : (struct val){VAL_NULL, 0, NULL};
}

static struct val text_val(const char *t)
{
	return t ? (struct val){VAL_TEXT, 0, t} : (struct val){VAL_NULL, 0, NULL};
}

/* ---- a list record's subjects ---- */

static int subject_cmp(const void *pa, const void *pb)
{
	const struct audit_subject *a = pa, *b = pb;
	if (a->person_id != b->person_id)
		return a->person_id < b->person_id ? -1 : 1;
	if (a->plan_id != b->plan_id)
		return a->plan_id < b->plan_id ? -1 : 1;
	return 0;
}

void audit_subjects_canonical(struct audit_subject *s, int *n)
{
	if (*n <= 1)
		return;
	qsort(s, (size_t)*n, sizeof *s, subject_cmp);
	int kept = 1;
	for (int i = 1; i < *n; i++)
		if (subject_cmp(&s[i], &s[kept - 1]) != 0)
			s[kept++] = s[i];
	*n = kept;
}

/* The digest over subjects fed one by one (verify reads them from rows). */
static void digest_init(crypto_hash_sha256_state *st)
{
	static const struct val tag = {VAL_TEXT, 0, "samplan-audit-subjects-v1"};
	crypto_hash_sha256_init(st);
	put_val(st, &tag);
}

static void digest_add(crypto_hash_sha256_state *st, struct val person,
                       struct val plan)
{
	put_val(st, &person);
	put_val(st, &plan);
}

static void digest_final(crypto_hash_sha256_state *st,
                         char out[AUDIT_HASH_HEX + 1])
{
	unsigned char h[crypto_hash_sha256_BYTES];
	crypto_hash_sha256_final(st, h);
	sodium_bin2hex(out, AUDIT_HASH_HEX + 1, h, sizeof h);
}

void audit_subjects_digest(const struct audit_subject *s, int n,
                           char out[AUDIT_HASH_HEX + 1])
{
	crypto_hash_sha256_state st;
	digest_init(&st);
	for (int i = 0; i < n; i++)
		digest_add(&st, id_val(s[i].person_id), id_val(s[i].plan_id));
	digest_final(&st, out);
}

/* r's digest into buf, or NULL when r lists nothing. */
static const char *record_digest(const struct audit_record *r,
                                 char buf[AUDIT_HASH_HEX + 1])
{
	if (r->nsubjects <= 0)
		return NULL;
	audit_subjects_digest(r->subjects, r->nsubjects, buf);
	return buf;
}

static void record_hash(const struct audit_record *r, int64_t seq,
                        const char *prev_hash, const char *digest,
                        char out[AUDIT_HASH_HEX + 1])
{
	struct val v[NFIELDS] = {
		int_val(seq),          int_val(r->at),
		id_val(r->user_id),    id_val(r->unit_id),
		text_val(r->action),   id_val(r->person_id),
		id_val(r->plan_id),    text_val(r->client_addr),
		text_val(r->detail),   text_val(prev_hash),
		text_val(digest),
	};
	hash_vals(v, out);
}

void audit_record_hash(const struct audit_record *r, int64_t seq,
                       const char *prev_hash, char out[AUDIT_HASH_HEX + 1])
{
	char digest[AUDIT_HASH_HEX + 1];
	record_hash(r, seq, prev_hash, record_digest(r, digest), out);
}

/* Column i of s as a value: NULL stays NULL, whatever the column. */
static struct val col_int(struct stmt *s, int i)
{
	if (db_column_is_null(s, i))
		return (struct val){VAL_NULL, 0, NULL};
	return int_val(db_column_int64(s, i));
}

static struct val col_text(struct stmt *s, int i)
{
	return text_val(db_column_text(s, i));
}

/* ---- the head ---- */

static void copy_hash(char dst[AUDIT_HASH_HEX + 1], const char *src)
{
	snprintf(dst, AUDIT_HASH_HEX + 1, "%s", src ? src : "");
}

/* Read the head (locked when `lock`, on PostgreSQL). */
static int read_head(struct db *db, bool lock, struct audit_head *head,
                     bool *legacy_chained)
{
	struct stmt s;
	int rc = db_prepare(db, &s,
		lock && db_kind(db) == DB_POSTGRESQL
		? "SELECT seq, hash, legacy_chained /*0-2*/ FROM audit_chain_head"
		  " WHERE id = 1 FOR UPDATE"
		: "SELECT seq, hash, legacy_chained /*0-2*/ FROM audit_chain_head"
		  " WHERE id = 1");
	if (rc == DB_OK)
		rc = db_step(&s);
	if (rc == DB_ROW) {
		head->seq = db_column_int64(&s, 0);
		copy_hash(head->hash, db_column_text(&s, 1));
		*legacy_chained = db_column_int64(&s, 2) != 0;
	}
	db_finalize(&s);
	if (rc == DB_DONE) {
		log_error("audit: the chain head (audit_chain_head) is missing");
		return DB_ERROR;
	}
	return rc == DB_ROW ? DB_OK : rc;
}

static int head_rows(struct db *db, int64_t *n)
{
	return db_query_int64(db, "SELECT COUNT(*) FROM audit_chain_head", n);
}

int audit_chain_head(struct db *db, struct audit_head *head)
{
	bool legacy;
	return read_head(db, false, head, &legacy);
}

int audit_chain_store(struct db *db, const struct audit_head *head)
{
	struct stmt s;
	int rc = db_prepare(db, &s,
		"UPDATE audit_chain_head SET seq = ?, hash = ?, legacy_chained = 1"
		" WHERE id = 1");
	db_bind_int64(&s, 1, head->seq);
	db_bind_text(&s, 2, head->hash);
	if (rc == DB_OK)
		rc = db_step(&s);
	db_finalize(&s);
	return rc == DB_DONE ? DB_OK : rc;
}

/* ---- records from before the chain ---- */

struct legacy_row {
	int64_t id;
	struct val v[NFIELDS]; /* seq and prev_hash are filled when chained */
};

/* Column i as a value whose text the caller owns (free_rows). */
static struct val col_text_dup(struct stmt *s, int i)
{
	const char *t = db_column_text(s, i);
	if (!t)
		return text_val(NULL);
	char *d = strdup(t);
	if (!d)
		die_oom();
	return text_val(d);
}

static void free_rows(struct legacy_row *rows, int n)
{
	for (int k = 0; k < n; k++)
		for (int f = 0; f < NFIELDS; f++)
			if (rows[k].v[f].kind == VAL_TEXT)
				free((char *)rows[k].v[f].t);
}

/* Give every record without seq a place, in id order, after *head,
 * hashing the columns exactly as stored (as audit_verify reads them). */
static int chain_legacy(struct db *db, struct audit_head *head)
{
	struct legacy_row *rows = calloc(PAGE, sizeof *rows);
	if (!rows)
		die_oom();
	int rc = DB_OK;
	int64_t nchained = 0;
	for (;;) {
		struct stmt s;
		int n = 0;
		rc = db_prepare(db, &s,
			"SELECT id, at, user_id, unit_id, action, person_id, plan_id,"
			" client_addr, detail /*0-8*/ FROM audit_log"
			" WHERE seq IS NULL ORDER BY id LIMIT ?");
		db_bind_int64(&s, 1, PAGE);
		for (rc = rc ? rc : db_step(&s); rc == DB_ROW; rc = db_step(&s)) {
			struct legacy_row *l = &rows[n++];
			l->id = db_column_int64(&s, 0);
			l->v[0] = int_val(0);
			l->v[1] = col_int(&s, 1);
			l->v[2] = col_int(&s, 2);
			l->v[3] = col_int(&s, 3);
			l->v[4] = col_text_dup(&s, 4);
			l->v[5] = col_int(&s, 5);
			l->v[6] = col_int(&s, 6);
			l->v[7] = col_text_dup(&s, 7);
			l->v[8] = col_text_dup(&s, 8);
			l->v[9] = text_val(NULL);
			l->v[DIGEST_FIELD] = text_val(NULL); /* before 0018 */
		}
		db_finalize(&s);
		rc = rc == DB_DONE ? DB_OK : rc;
		for (int k = 0; !rc && k < n; k++) {
			char hash[AUDIT_HASH_HEX + 1];
			int64_t seq = head->seq + 1;
			rows[k].v[0] = int_val(seq);
			rows[k].v[9] = (struct val){VAL_TEXT, 0, head->hash};
			hash_vals(rows[k].v, hash);
			rows[k].v[9] = text_val(NULL); /* not ours to free */
			rc = db_prepare(db, &s,
				"UPDATE audit_log SET seq = ?, prev_hash = ?, hash = ?"
				" WHERE id = ?");
			db_bind_int64(&s, 1, seq);
			db_bind_text(&s, 2, head->hash);
			db_bind_text(&s, 3, hash);
			db_bind_int64(&s, 4, rows[k].id);
			if (rc == DB_OK)
				rc = db_step(&s);
			db_finalize(&s);
			rc = rc == DB_DONE ? DB_OK : rc;
			if (!rc) {
				head->seq = seq;
				copy_hash(head->hash, hash);
				nchained++;
			}
		}
		free_rows(rows, n);
		if (rc || n < PAGE)
			break;
	}
	free(rows);
	if (!rc)
		rc = audit_chain_store(db, head);
	if (!rc && nchained)
		log_info("audit: chained %" PRId64 " records from before the chain",
		         nchained);
	return rc;
}

/* ---- appending ---- */

int audit_chain_lock(struct db *db, struct audit_head *head)
{
	ensure(db_in_transaction(db));
	bool legacy_chained = false;
	int rc = read_head(db, true, head, &legacy_chained);
	if (!rc && !legacy_chained)
		rc = chain_legacy(db, head);
	return rc;
}

/* ---- the JSON parameters of the multi-row INSERTs (below) ---- */

/* A JSON string of t (null for NULL): ", \ and control characters
 * escaped, every other byte as it is, so the stored text is t's bytes. */
static void json_text(struct buf *b, const char *t)
{
	if (!t) {
		buf_puts(b, "null");
		return;
	}
	buf_putc(b, '"');
	for (const unsigned char *p = (const unsigned char *)t; *p; p++) {
		if (*p == '"' || *p == '\\') {
			buf_putc(b, '\\');
			buf_putc(b, (char)*p);
		} else if (*p < 0x20) {
			buf_printf(b, "\\u%04x", *p);
		} else {
			buf_putc(b, (char)*p);
		}
	}
	buf_putc(b, '"');
}

static void json_id(struct buf *b, int64_t id)
{
	if (id)
		buf_printf(b, "%" PRId64, id);
	else
		buf_puts(b, "null");
}

/* ---- a list record's subject rows ----
 *
 * The subjects of the records just inserted, ONE statement for all of
 * them: a flat JSON array of four values per row (audit_id, k,
 * person_id, plan_id), read as the records' array is (below). ids[i] is
 * the id of the i-th record of the list. */

static const char *const insert_subjects_sqlite =
	"INSERT INTO audit_subject (audit_id, k, person_id, plan_id)"
	" SELECT MAX(CASE key % 4 WHEN 0 THEN value END),"
	" MAX(CASE key % 4 WHEN 1 THEN value END),"
	" MAX(CASE key % 4 WHEN 2 THEN value END),"
	" MAX(CASE key % 4 WHEN 3 THEN value END)"
	" FROM json_each(?) GROUP BY key / 4 ORDER BY key / 4";

static const char *const insert_subjects_pg =
	"INSERT INTO audit_subject (audit_id, k, person_id, plan_id)"
	" SELECT (a->>(k))::bigint, (a->>(k + 1))::integer,"
	" (a->>(k + 2))::bigint, (a->>(k + 3))::bigint"
	" FROM (SELECT CAST(? AS jsonb) AS a) p,"
	" generate_series(0, jsonb_array_length(p.a) - 1, 4) AS k ORDER BY k";

static int insert_subject(struct db *db, int64_t audit_id, int k,
                          const struct audit_subject *x)
{
	struct stmt s;
	int rc = db_prepare(db, &s,
		"INSERT INTO audit_subject (audit_id, k, person_id, plan_id)"
		" VALUES (?, ?, ?, ?)");
	db_bind_int64(&s, 1, audit_id);
	db_bind_int64(&s, 2, k);
	db_bind_id(&s, 3, x->person_id);
	db_bind_id(&s, 4, x->plan_id);
	if (rc == DB_OK)
		rc = db_step(&s);
	db_finalize(&s);
	return rc == DB_DONE ? DB_OK : rc;
}

static int insert_subjects(struct db *db, const struct audit_record *first,
                           const int64_t *ids)
{
	bool any = false;
	for (const struct audit_record *r = first; r && !any; r = r->next)
		any = r->nsubjects > 0;
	if (!any)
		return DB_OK;
	struct buf b;
	buf_init(&b, LIMIT_AUDIT_BATCH);
	buf_putc(&b, '[');
	const char *sep = "";
	int i = 0;
	for (const struct audit_record *r = first; r; r = r->next, i++)
		for (int k = 0; k < r->nsubjects; k++) {
			buf_printf(&b, "%s%" PRId64 ",%d,", sep, ids[i], k);
			json_id(&b, r->subjects[k].person_id);
			buf_putc(&b, ',');
			json_id(&b, r->subjects[k].plan_id);
			sep = ",";
		}
	buf_putc(&b, ']');
	int rc = DB_OK;
	if (buf_failed(&b)) {
		/* Too big for one parameter: the same rows, one by one. */
		i = 0;
		for (const struct audit_record *r = first; !rc && r; r = r->next, i++)
			for (int k = 0; !rc && k < r->nsubjects; k++)
				rc = insert_subject(db, ids[i], k, &r->subjects[k]);
		buf_free(&b);
		return rc;
	}
	struct stmt s;
	rc = db_prepare(db, &s, db_kind(db) == DB_POSTGRESQL
	                        ? insert_subjects_pg : insert_subjects_sqlite);
	db_bind_text(&s, 1, b.data);
	if (rc == DB_OK)
		rc = db_step(&s);
	db_finalize(&s);
	buf_free(&b);
	return rc == DB_DONE ? DB_OK : rc;
}

/* Step an INSERT ... RETURNING id, seq of records head_seq + 1, ...:
 * ids[seq - head_seq - 1] = id. RETURNING gives its rows in no promised
 * order, hence the seq. */
static int collect_ids(struct stmt *s, int64_t head_seq, int64_t *ids, int n)
{
	int rc;
	int got = 0;
	for (rc = db_step(s); rc == DB_ROW; rc = db_step(s)) {
		int64_t at = db_column_int64(s, 1) - head_seq - 1;
		ensure(at >= 0 && at < n);
		ids[at] = db_column_int64(s, 0);
		got++;
	}
	if (rc != DB_DONE)
		return rc;
	ensure(got == n); /* one row per record inserted */
	return DB_OK;
}

static int count_records(const struct audit_record *first)
{
	int n = 0;
	for (const struct audit_record *r = first; r; r = r->next)
		n++;
	return n;
}

/* The one-row INSERT of r as record seq: its id into *id, its hash
 * into hash. */
static int insert_record(struct db *db, const struct audit_record *r,
                         int64_t seq, const char *prev_hash, int64_t *id,
                         char hash[AUDIT_HASH_HEX + 1])
{
	char digest_buf[AUDIT_HASH_HEX + 1];
	const char *digest = record_digest(r, digest_buf);
	record_hash(r, seq, prev_hash, digest, hash);
	struct stmt s;
	int rc = db_prepare(db, &s,
		"INSERT INTO audit_log (at, user_id, unit_id, action, person_id,"
		" plan_id, client_addr, detail, seq, prev_hash, hash,"
		" subjects_digest) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
		" RETURNING id, seq");
	db_bind_int64(&s, 1, r->at);
	db_bind_id(&s, 2, r->user_id);
	db_bind_id(&s, 3, r->unit_id);
	db_bind_text(&s, 4, r->action);
	db_bind_id(&s, 5, r->person_id);
	db_bind_id(&s, 6, r->plan_id);
	db_bind_text(&s, 7, r->client_addr);
	db_bind_text(&s, 8, r->detail);
	db_bind_int64(&s, 9, seq);
	db_bind_text(&s, 10, prev_hash);
	db_bind_text(&s, 11, hash);
	db_bind_text(&s, 12, digest);
	if (rc == DB_OK)
		rc = collect_ids(&s, seq - 1, id, 1);
	db_finalize(&s);
	return rc;
}

int audit_chain_append(struct db *db, struct audit_head *head,
                       const struct audit_record *r)
{
	struct audit_record one = *r;
	one.next = NULL;
	int64_t seq = head->seq + 1;
	int64_t id = 0;
	char hash[AUDIT_HASH_HEX + 1];
	int rc = insert_record(db, &one, seq, head->hash, &id, hash);
	if (!rc)
		rc = insert_subjects(db, &one, &id);
	if (rc)
		return rc;
	head->seq = seq;
	copy_hash(head->hash, hash);
	return DB_OK;
}

/* ---- appending many records in one statement ----
 *
 * A request that lists a hundred plans has a hundred records to append.
 * One INSERT per record costs a statement each (and on PostgreSQL a
 * round trip each); here a batch is ONE fixed INSERT ... SELECT over a
 * JSON array parameter: twelve values per record, flat, in the table's
 * column order (at, user_id, unit_id, action, person_id, plan_id,
 * client_addr, detail, seq, prev_hash, hash, subjects_digest). The seq
 * and both hashes are computed here, exactly as audit_chain_append
 * computes them, so the rows are the same as if appended one by one and
 * audit_verify cannot tell. The statement text never changes (one per
 * backend); only the parameter does. Rows are inserted in array order,
 * so ids follow seq. (Since 0018 a list read is one record with its
 * subjects, so a request has few records; the writer's batch still
 * appends each request's as one statement.) */

/* SQLite: the array is flat, twelve values per record, read by ONE
 * json_each (one parse of the parameter) and put back into rows by
 * their position: element k is column k % 12 of record k / 12. */
static const char *const insert_many_sqlite =
	"INSERT INTO audit_log (at, user_id, unit_id, action, person_id,"
	" plan_id, client_addr, detail, seq, prev_hash, hash, subjects_digest)"
	" SELECT MAX(CASE key % 12 WHEN 0 THEN value END),"
	" MAX(CASE key % 12 WHEN 1 THEN value END),"
	" MAX(CASE key % 12 WHEN 2 THEN value END),"
	" MAX(CASE key % 12 WHEN 3 THEN value END),"
	" MAX(CASE key % 12 WHEN 4 THEN value END),"
	" MAX(CASE key % 12 WHEN 5 THEN value END),"
	" MAX(CASE key % 12 WHEN 6 THEN value END),"
	" MAX(CASE key % 12 WHEN 7 THEN value END),"
	" MAX(CASE key % 12 WHEN 8 THEN value END),"
	" MAX(CASE key % 12 WHEN 9 THEN value END),"
	" MAX(CASE key % 12 WHEN 10 THEN value END),"
	" MAX(CASE key % 12 WHEN 11 THEN value END)"
	" FROM json_each(?) GROUP BY key / 12 ORDER BY key / 12"
	" RETURNING id, seq";

/* PostgreSQL: the same flat array as jsonb (parsed once, then read by
 * position). */
static const char *const insert_many_pg =
	"INSERT INTO audit_log (at, user_id, unit_id, action, person_id,"
	" plan_id, client_addr, detail, seq, prev_hash, hash, subjects_digest)"
	" SELECT (a->>(k))::bigint, (a->>(k + 1))::bigint,"
	" (a->>(k + 2))::bigint, a->>(k + 3), (a->>(k + 4))::bigint,"
	" (a->>(k + 5))::bigint, a->>(k + 6), a->>(k + 7),"
	" (a->>(k + 8))::bigint, a->>(k + 9), a->>(k + 10), a->>(k + 11)"
	" FROM (SELECT CAST(? AS jsonb) AS a) p,"
	" generate_series(0, jsonb_array_length(p.a) - 1, 12) AS k ORDER BY k"
	" RETURNING id, seq";

int audit_chain_append_many(struct db *db, struct audit_head *head,
                            const struct audit_record *first)
{
	if (!first)
		return DB_OK;
	struct audit_head next = *head;
	int n = count_records(first);
	int64_t *ids = calloc((size_t)n, sizeof *ids);
	if (!ids)
		die_oom();
	struct buf b;
	buf_init(&b, LIMIT_AUDIT_BATCH);
	buf_putc(&b, '[');
	for (const struct audit_record *r = first; r; r = r->next) {
		int64_t seq = next.seq + 1;
		char digest_buf[AUDIT_HASH_HEX + 1], hash[AUDIT_HASH_HEX + 1];
		const char *digest = record_digest(r, digest_buf);
		record_hash(r, seq, next.hash, digest, hash);
		buf_printf(&b, "%s%" PRId64 ",", r == first ? "" : ",", r->at);
		json_id(&b, r->user_id);
		buf_putc(&b, ',');
		json_id(&b, r->unit_id);
		buf_putc(&b, ',');
		json_text(&b, r->action);
		buf_putc(&b, ',');
		json_id(&b, r->person_id);
		buf_putc(&b, ',');
		json_id(&b, r->plan_id);
		buf_putc(&b, ',');
		json_text(&b, r->client_addr);
		buf_putc(&b, ',');
		json_text(&b, r->detail);
		buf_printf(&b, ",%" PRId64 ",\"%s\",\"%s\",", seq, next.hash, hash);
		json_text(&b, digest);
		next.seq = seq;
		copy_hash(next.hash, hash);
	}
	buf_putc(&b, ']');
	int rc = DB_OK;
	if (buf_failed(&b)) {
		/* Too big for one parameter: the same rows, one by one. */
		buf_free(&b);
		free(ids);
		for (const struct audit_record *r = first; !rc && r; r = r->next)
			rc = audit_chain_append(db, head, r);
		return rc;
	}
	struct stmt s;
	rc = db_prepare(db, &s, db_kind(db) == DB_POSTGRESQL
	                        ? insert_many_pg : insert_many_sqlite);
	db_bind_text(&s, 1, b.data);
	if (rc == DB_OK)
		rc = collect_ids(&s, head->seq, ids, n);
	db_finalize(&s);
	buf_free(&b);
	if (!rc)
		rc = insert_subjects(db, first, ids);
	free(ids);
	if (rc)
		return rc;
	*head = next;
	return DB_OK;
}

int audit_chain_append_all(struct db *db, const struct audit_record *first)
{
	bool own = !db_in_transaction(db);
	int rc = own ? db_begin(db) : DB_OK;
	if (rc)
		return rc;
	struct audit_head head;
	rc = audit_chain_lock(db, &head);
	if (!rc)
		rc = audit_chain_append_many(db, &head, first);
	if (!rc)
		rc = audit_chain_store(db, &head);
	if (own && !rc)
		return db_commit(db);
	if (own)
		db_rollback(db);
	return rc;
}

int audit_chain_append_one(struct db *db, const struct audit_record *r)
{
	/* A caller outside a transaction gets one of its own: the lock,
	 * the record and the head must commit together. */
	bool own = !db_in_transaction(db);
	int rc = own ? db_begin(db) : DB_OK;
	if (rc)
		return rc;
	struct audit_head head;
	rc = audit_chain_lock(db, &head);
	if (!rc)
		rc = audit_chain_append(db, &head, r);
	if (!rc)
		rc = audit_chain_store(db, &head);
	if (own && !rc)
		return db_commit(db);
	if (own)
		db_rollback(db);
	return rc;
}

int audit_chain_prepare(struct db *db)
{
	struct audit_head head;
	int rc = db_begin(db);
	if (rc)
		return rc;
	rc = audit_chain_lock(db, &head);
	if (rc) {
		db_rollback(db);
		return rc;
	}
	return db_commit(db);
}

bool audit_anchor_parse(const char *text, struct audit_head *out)
{
	const char *colon = text ? strchr(text, ':') : NULL;
	if (!colon || colon == text || strlen(colon + 1) != AUDIT_HASH_HEX)
		return false;
	int64_t seq = 0;
	for (const char *p = text; p < colon; p++) {
		if (*p < '0' || *p > '9' || seq > (INT64_MAX - 9) / 10)
			return false;
		seq = seq * 10 + (*p - '0');
	}
	for (const char *p = colon + 1; *p; p++)
		if (!((*p >= '0' && *p <= '9') || (*p >= 'a' && *p <= 'f')))
			return false;
	out->seq = seq;
	copy_hash(out->hash, colon + 1);
	return true;
}

/* ---- verifying ---- */

const char *audit_fault_name(enum audit_fault f)
{
	switch (f) {
	case AUDIT_INTACT: return "intact";
	case AUDIT_CHANGED: return "content changed";
	case AUDIT_MISSING: return "record missing";
	case AUDIT_INSERTED: return "record inserted";
	case AUDIT_LINK_BROKEN: return "link broken";
	case AUDIT_HEAD_MISMATCH: return "head no longer matches";
	case AUDIT_ANCHOR_MISMATCH: return "anchor no longer matches";
	case AUDIT_SUBJECTS_CHANGED: return "subjects changed";
	case AUDIT_SUBJECTS_ORPHANED: return "subjects without a record";
	}
	return "?";
}

static bool broken(struct audit_verdict *v, enum audit_fault f, int64_t seq,
                   int64_t id, const char *fmt, ...)
	__attribute__((format(printf, 5, 6)));

static bool broken(struct audit_verdict *v, enum audit_fault f, int64_t seq,
                   int64_t id, const char *fmt, ...)
{
	va_list ap;
	v->fault = f;
	v->seq = seq;
	v->id = id;
	va_start(ap, fmt);
	vsnprintf(v->why, sizeof v->why, fmt, ap);
	va_end(ap);
	return false;
}

/* Check one record against the intact chain v->head; false when it
 * breaks it (*v then says how). */
static bool check_row(struct stmt *s, const struct audit_head *anchor,
                      struct audit_verdict *v)
{
	int64_t id = db_column_int64(s, 0);
	int64_t seq = db_column_int64(s, 1);
	int64_t expect = v->head.seq + 1;
	if (seq > expect)
		return broken(v, AUDIT_MISSING, expect, 0,
		              "record %" PRId64 " is missing: after record %" PRId64
		              " comes record %" PRId64 " (id %" PRId64 ")",
		              expect, v->head.seq, seq, id);
	if (seq < expect)
		return broken(v, AUDIT_INSERTED, seq, id,
		              "record id %" PRId64 " repeats sequence number %" PRId64,
		              id, seq);
	struct val vals[NFIELDS] = {
		col_int(s, 1), col_int(s, 2), col_int(s, 3), col_int(s, 4),
		col_text(s, 5), col_int(s, 6), col_int(s, 7), col_text(s, 8),
		col_text(s, 9), col_text(s, 10), col_text(s, 12),
	};
	const char *prev = db_column_text(s, 10);
	const char *stored = db_column_text(s, 11);
	char hash[AUDIT_HASH_HEX + 1];
	hash_vals(vals, hash);
	if (!stored || strcmp(hash, stored) != 0)
		return broken(v, AUDIT_CHANGED, seq, id,
		              "record %" PRId64 " (id %" PRId64 ") no longer has its "
		              "hash: its content was changed", seq, id);
	if (!prev || strcmp(prev, v->head.hash) != 0)
		return broken(v, AUDIT_LINK_BROKEN, seq, id,
		              "record %" PRId64 " (id %" PRId64 ") does not follow "
		              "record %" PRId64 ": one of them was replaced or "
		              "inserted", seq, id, v->head.seq);
	if (anchor && seq == anchor->seq && strcmp(stored, anchor->hash) != 0)
		return broken(v, AUDIT_ANCHOR_MISMATCH, seq, id,
		              "record %" PRId64 " (id %" PRId64 ") is not the "
		              "anchored one: the chain was rewritten up to it",
		              seq, id);
	v->head.seq = seq;
	copy_hash(v->head.hash, stored);
	v->checked++;
	return true;
}

/* Walk the records after v->head up to seq `upto`, page by page. */
static int walk(struct db *db, int64_t upto, const struct audit_head *anchor,
                struct audit_verdict *v)
{
	for (;;) {
		struct stmt s;
		int n = 0;
		bool ok = true;
		int rc = db_prepare(db, &s,
			"SELECT id, seq, at, user_id, unit_id, action, person_id,"
			" plan_id, client_addr, detail, prev_hash, hash,"
			" subjects_digest /*0-12*/"
			" FROM audit_log WHERE seq > ? AND seq <= ? ORDER BY seq LIMIT ?");
		db_bind_int64(&s, 1, v->head.seq);
		db_bind_int64(&s, 2, upto);
		db_bind_int64(&s, 3, PAGE);
		for (rc = rc ? rc : db_step(&s); ok && rc == DB_ROW; rc = db_step(&s)) {
			n++;
			ok = check_row(&s, anchor, v);
		}
		db_finalize(&s);
		if (!ok)
			return DB_OK;
		if (rc != DB_DONE)
			return rc;
		if (n < PAGE)
			return DB_OK;
	}
}

static int id_at_seq(struct db *db, int64_t seq, int64_t *id)
{
	struct stmt s;
	int rc = db_prepare(db, &s, "SELECT id FROM audit_log WHERE seq = ?");
	db_bind_int64(&s, 1, seq);
	if (rc == DB_OK)
		rc = db_step(&s);
	*id = rc == DB_ROW ? db_column_int64(&s, 0) : 0;
	db_finalize(&s);
	return rc == DB_ROW || rc == DB_DONE ? DB_OK : rc;
}

/* ---- verifying the subjects of list records ----
 *
 * The chain walk has checked every record's digest against its hash;
 * here each digest is recomputed from the record's subject rows, page
 * by page of list records in id order (a record and its subjects commit
 * together, and each page is one statement, so a page never sees one
 * without the other). Only records of the verified chain (seq up to
 * `upto`) are checked. */

/* Compare the digest accumulated for record `id` with the stored one. */
static bool subjects_match(struct audit_verdict *v, int64_t id, int64_t seq,
                           const char *stored, crypto_hash_sha256_state *st)
{
	char digest[AUDIT_HASH_HEX + 1];
	digest_final(st, digest);
	if (stored && strcmp(digest, stored) == 0)
		return true;
	return broken(v, AUDIT_SUBJECTS_CHANGED, seq, id,
	              "record %" PRId64 " (id %" PRId64 ") lists other subjects"
	              " than it was written with: a row of audit_subject was"
	              " changed, added or removed", seq, id);
}

static int verify_subject_pages(struct db *db, int64_t upto,
                                struct audit_verdict *v)
{
	int64_t after = 0;
	for (;;) {
		struct stmt s;
		int records = 0;
		bool ok = true;
		int64_t id = 0, seq = 0;
		char stored[AUDIT_HASH_HEX + 1] = "";
		crypto_hash_sha256_state st;
		int rc = db_prepare(db, &s,
			"SELECT a.id, a.seq, a.subjects_digest, x.audit_id,"
			" x.person_id, x.plan_id /*0-5*/ FROM (SELECT id, seq,"
			" subjects_digest FROM audit_log WHERE subjects_digest IS NOT"
			" NULL AND id > ? AND seq <= ? ORDER BY id LIMIT ?) a"
			" LEFT JOIN audit_subject x ON x.audit_id = a.id"
			" ORDER BY a.id, x.k");
		db_bind_int64(&s, 1, after);
		db_bind_int64(&s, 2, upto);
		db_bind_int64(&s, 3, PAGE);
		for (rc = rc ? rc : db_step(&s); ok && rc == DB_ROW;
		     rc = db_step(&s)) {
			int64_t row_id = db_column_int64(&s, 0);
			if (row_id != id) {
				if (records > 0)
					ok = subjects_match(v, id, seq, stored, &st);
				id = row_id;
				seq = db_column_int64(&s, 1);
				copy_hash(stored, db_column_text(&s, 2));
				digest_init(&st);
				records++;
			}
			if (ok && !db_column_is_null(&s, 3)) {
				digest_add(&st, col_int(&s, 4), col_int(&s, 5));
				v->subjects++;
			}
		}
		db_finalize(&s);
		if (!ok)
			return DB_OK;
		if (rc != DB_DONE)
			return rc;
		if (records > 0 && !subjects_match(v, id, seq, stored, &st))
			return DB_OK;
		if (records < PAGE)
			return DB_OK;
		after = id;
	}
}

/* Subject rows whose audit_id names no list record. */
static int verify_subject_orphans(struct db *db, struct audit_verdict *v)
{
	struct stmt s;
	int rc = db_prepare(db, &s,
		"SELECT x.audit_id, COUNT(*) /*0-1*/ FROM audit_subject x"
		" LEFT JOIN audit_log a ON a.id = x.audit_id"
		" WHERE a.id IS NULL OR a.subjects_digest IS NULL"
		" GROUP BY x.audit_id ORDER BY x.audit_id LIMIT 1");
	if (rc == DB_OK)
		rc = db_step(&s);
	if (rc == DB_ROW)
		broken(v, AUDIT_SUBJECTS_ORPHANED, 0, db_column_int64(&s, 0),
		       "audit_subject has %" PRId64 " row(s) for record id %"
		       PRId64 ", which is no list record: nobody appended them",
		       db_column_int64(&s, 1), db_column_int64(&s, 0));
	db_finalize(&s);
	return rc == DB_ROW || rc == DB_DONE ? DB_OK : rc;
}

int audit_verify(struct db *db, const struct audit_head *anchor,
                 struct audit_verdict *v)
{
	memset(v, 0, sizeof *v);
	copy_hash(v->head.hash, zero_hash);
	int rc = walk(db, INT64_MAX, anchor, v);
	if (rc || v->fault)
		return rc;
	struct audit_head head;
	bool legacy_chained = false;
	int64_t nheads = 0;
	rc = head_rows(db, &nheads);
	if (!rc && nheads != 1) {
		broken(v, AUDIT_HEAD_MISMATCH, v->head.seq, 0,
		       "the chain's head (table audit_chain_head) has %" PRId64
		       " rows instead of one", nheads);
		return DB_OK;
	}
	if (!rc)
		rc = read_head(db, false, &head, &legacy_chained);
	if (rc)
		return rc;
	if (head.seq < v->head.seq) {
		int64_t id = 0;
		rc = id_at_seq(db, head.seq + 1, &id);
		if (!rc)
			broken(v, AUDIT_INSERTED, head.seq + 1, id,
			       "record %" PRId64 " (id %" PRId64 ") lies beyond the "
			       "chain's head (%" PRId64 "): nobody appended it",
			       head.seq + 1, id, head.seq);
		return rc;
	}
	/* Appends that committed after the walk: go on up to the head. */
	rc = walk(db, head.seq, anchor, v);
	if (rc || v->fault)
		return rc;
	if (v->head.seq < head.seq) {
		broken(v, AUDIT_MISSING, v->head.seq + 1, 0,
		       "record %" PRId64 " is missing: the chain ends at %" PRId64
		       " but its head says %" PRId64 " (records were deleted)",
		       v->head.seq + 1, v->head.seq, head.seq);
		return DB_OK;
	}
	if (strcmp(head.hash, v->head.hash) != 0) {
		int64_t id = 0;
		rc = id_at_seq(db, head.seq, &id);
		if (!rc)
			broken(v, AUDIT_HEAD_MISMATCH, head.seq, id,
			       "the chain's head names another hash than record %"
			       PRId64 " (id %" PRId64 ") has", head.seq, id);
		return rc;
	}
	struct stmt s;
	rc = db_prepare(db, &s,
		"SELECT MIN(id), COUNT(*) /*0-1*/ FROM audit_log"
		" WHERE seq IS NULL OR seq < 1");
	if (rc == DB_OK)
		rc = db_step(&s);
	int64_t first = rc == DB_ROW ? db_column_int64(&s, 0) : 0;
	int64_t count = rc == DB_ROW ? db_column_int64(&s, 1) : 0;
	db_finalize(&s);
	if (rc != DB_ROW)
		return rc;
	if (count > 0) {
		broken(v, AUDIT_INSERTED, 0, first,
		       "record id %" PRId64 " has no place in the chain%s "
		       "(%" PRId64 " such record%s)", first,
		       legacy_chained ? ": nobody appended it"
		                      : " (written before the chain; run samplan init)",
		       count, count == 1 ? "" : "s");
		return DB_OK;
	}
	if (anchor && anchor->seq > v->head.seq) {
		broken(v, AUDIT_ANCHOR_MISMATCH, v->head.seq + 1, 0,
		       "records %" PRId64 " to %" PRId64 " (the anchor's) are gone:"
		       " the chain ends at %" PRId64 " (the tail was cut off)",
		       v->head.seq + 1, anchor->seq, v->head.seq);
		return DB_OK;
	}
	if (anchor && anchor->seq == 0 && strcmp(anchor->hash, zero_hash) != 0) {
		broken(v, AUDIT_ANCHOR_MISMATCH, 0, 0,
		       "the anchor 0:... must have 64 zeros as its hash");
		return DB_OK;
	}
	rc = verify_subject_pages(db, v->head.seq, v);
	if (!rc && !v->fault)
		rc = verify_subject_orphans(db, v);
	return rc;
}
