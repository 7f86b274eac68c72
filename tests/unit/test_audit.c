/*
 * test_audit.c — the audit log's hash chain (src/audit/chain.h) and its
 * append paths (audit.h, audit_group.h), on SQLite and, with
 * $SAMPLAN_TEST_PG, PostgreSQL: the documented encoding, a chain that
 * verifies after many appends through both paths and from concurrent
 * connections, every kind of tampering found at the first broken record,
 * records from before the chain chained, and refused reads logged as
 * attempts that a rollback does not take back.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <pthread.h>
#include <stdio.h>
#include <string.h>

#include "audit/audit.h"
#include "audit/audit_group.h"
#include "audit/chain.h"
#include "sip/access.h"
#include "sip/org.h"
#include "sip/user.h"
#include "support/testdb.h"

static struct testdb_fixture *fx(void **state) { return *state; }

static struct ctx *console(void **state)
{
	struct testdb_fixture *f = *state;
	f->t.ctx.user = NULL;
	f->t.ctx.actor = ACTOR_CONSOLE;
	f->t.ctx.audit_defer = NULL;
	test_ctx_clear(&f->t);
	return &f->t.ctx;
}

static int64_t sql_int(struct db *db, const char *sql)
{
	int64_t v = -1;
	assert_int_equal(db_query_int64(db, sql, &v), DB_OK);
	return v;
}

static int64_t query(struct db *db, const char *sql, int64_t arg)
{
	struct stmt s;
	assert_int_equal(db_prepare(db, &s, sql), DB_OK);
	db_bind_int64(&s, 1, arg);
	int rc = db_step(&s);
	int64_t v = rc == DB_ROW ? db_column_int64(&s, 0) : 0;
	db_finalize(&s);
	assert_true(rc == DB_ROW || rc == DB_DONE);
	return v;
}

static void exec(struct db *db, const char *sql)
{
	if (db_exec(db, sql) != DB_OK)
		fail_msg("%s: %s", sql, db_errmsg(db));
}

static int64_t id_at(struct db *db, int64_t seq)
{
	return query(db, "SELECT id FROM audit_log WHERE seq = ?", seq);
}

/* n records through audit_write, the in-transaction path. */
static void write_n(void **state, int n)
{
	struct ctx *ctx = console(state);
	for (int i = 0; i < n; i++) {
		assert_true(ctx_begin(ctx));
		assert_true(audit_write(ctx, "test.write", i + 1, 0,
		                        arena_printf(ctx->arena, "n=%d", i)));
		assert_true(ctx_commit(ctx));
	}
}

static struct audit_verdict verify(struct db *db, const struct audit_head *anchor)
{
	struct audit_verdict v;
	assert_int_equal(audit_verify(db, anchor, &v), DB_OK);
	return v;
}

static void assert_intact(struct db *db, int64_t records)
{
	struct audit_verdict v = verify(db, NULL);
	if (v.fault)
		fail_msg("chain broken: %s", v.why);
	assert_int_equal(v.checked, records);
	assert_int_equal(v.head.seq, records);
	struct audit_head head;
	assert_int_equal(audit_chain_head(db, &head), DB_OK);
	assert_int_equal(head.seq, records);
	assert_string_equal(head.hash, v.head.hash);
}

/* ---- the encoding ---- */

/* The hash is the one chain.h documents (computed independently with
 * Python's hashlib over the same bytes). */
static void test_encoding_known_answer(void **state)
{
	(void)state;
	char out[AUDIT_HASH_HEX + 1];
	struct audit_record a = {.at = 1700000000, .user_id = 7, .action = "plan.read",
	                         .person_id = 3, .client_addr = "127.0.0.1"};
	audit_record_hash(&a, 1, "0000000000000000000000000000000000000000000000000000000000000000", out);
	assert_string_equal(out, "19d116cace7b743faeacbc313598da760d698a1f43c5c4826fc822d010e4496d");
	struct audit_record b = {.at = -5, .unit_id = 9, .action = "x",
	                         .plan_id = 4, .detail = "\xc3\xa9"};
	char prev[AUDIT_HASH_HEX + 1];
	for (int i = 0; i < AUDIT_HASH_HEX; i += 2)
		memcpy(prev + i, "ab", 2);
	prev[AUDIT_HASH_HEX] = '\0';
	audit_record_hash(&b, 2, prev, out);
	assert_string_equal(out, "0963829eeafa46387eea3593cbd1f276fb3044aa324062fe8dc2854358be4241");
	/* Moving text between neighbouring fields changes the hash. */
	struct audit_record c = a, d = a;
	c.client_addr = "127.0.0.1x";
	c.detail = NULL;
	d.client_addr = "127.0.0.1";
	d.detail = "x";
	char hc[AUDIT_HASH_HEX + 1], hd[AUDIT_HASH_HEX + 1];
	audit_record_hash(&c, 1, prev, hc);
	audit_record_hash(&d, 1, prev, hd);
	assert_string_not_equal(hc, hd);
}

/* A list record's subjects (0018): the digest chain.h documents, over
 * the canonical order; the record hashed as v2 with it (both computed
 * independently with Python's hashlib over the same bytes). */
static void test_subjects_digest_known_answer(void **state)
{
	(void)state;
	char out[AUDIT_HASH_HEX + 1];
	const struct audit_subject three[] = {{3, 0}, {3, 10}, {5, 11}};
	audit_subjects_digest(three, 3, out);
	assert_string_equal(out, "b25b5f871574ca231519da2ae6a0148d86e24108ea2ee85b9a79408896f84d9a");
	audit_subjects_digest(NULL, 0, out);
	assert_string_equal(out, "801a4e6833edb78db1ba1e1b6971f75c21bb771ff49a5d4644763beddd7a712d");
	struct audit_record r = {.at = 1700000000, .user_id = 7, .unit_id = 2,
	                         .action = "plan.list", .client_addr = "127.0.0.1",
	                         .subjects = three, .nsubjects = 3};
	const char *zero = "0000000000000000000000000000000000000000000000000000000000000000";
	audit_record_hash(&r, 1, zero, out);
	assert_string_equal(out, "f943047e2111c5b98dba94bc39850291ec89cba62ea566c90ccc299a9968ecf0");
	/* Every subject counts: one fewer, one other, another order. */
	char h[AUDIT_HASH_HEX + 1];
	r.nsubjects = 2;
	audit_record_hash(&r, 1, zero, h);
	assert_string_not_equal(h, out);
	const struct audit_subject other[] = {{3, 0}, {3, 10}, {5, 12}};
	r.subjects = other;
	r.nsubjects = 3;
	audit_record_hash(&r, 1, zero, h);
	assert_string_not_equal(h, out);
	const struct audit_subject swapped[] = {{3, 10}, {3, 0}, {5, 11}};
	audit_subjects_digest(swapped, 3, h);
	assert_string_not_equal(h, "b25b5f871574ca231519da2ae6a0148d86e24108ea2ee85b9a79408896f84d9a");
	/* No subjects: the v1 hash, unchanged since 0005. */
	r.subjects = NULL;
	r.nsubjects = 0;
	r.unit_id = 0;
	r.action = "plan.read";
	r.person_id = 3;
	audit_record_hash(&r, 1, zero, h);
	assert_string_equal(h, "19d116cace7b743faeacbc313598da760d698a1f43c5c4826fc822d010e4496d");
}

/* The canonical order: by person, then plan, none first; repeats
 * dropped (a plan in two sections of the work list is one subject). */
static void test_subjects_canonical(void **state)
{
	(void)state;
	struct audit_subject s[] = {{5, 11}, {3, 10}, {0, 4}, {3, 10}, {3, 0},
	                            {5, 11}, {3, 10}};
	int n = (int)(sizeof s / sizeof *s);
	audit_subjects_canonical(s, &n);
	assert_int_equal(n, 4);
	const struct audit_subject want[] = {{0, 4}, {3, 0}, {3, 10}, {5, 11}};
	for (int i = 0; i < n; i++) {
		assert_int_equal(s[i].person_id, want[i].person_id);
		assert_int_equal(s[i].plan_id, want[i].plan_id);
	}
	int one = 1;
	audit_subjects_canonical(s, &one);
	assert_int_equal(one, 1);
}

static void test_anchor_parse(void **state)
{
	(void)state;
	struct audit_head h;
	const char *hex = "19d116cace7b743faeacbc313598da760d698a1f43c5c4826fc822d010e4496d";
	char text[100];
	snprintf(text, sizeof text, "42:%s", hex);
	assert_true(audit_anchor_parse(text, &h));
	assert_int_equal(h.seq, 42);
	assert_string_equal(h.hash, hex);
	assert_false(audit_anchor_parse("42", &h));
	assert_false(audit_anchor_parse(":abc", &h));
	snprintf(text, sizeof text, "x2:%s", hex);
	assert_false(audit_anchor_parse(text, &h));
	snprintf(text, sizeof text, "42:%.63s", hex);
	assert_false(audit_anchor_parse(text, &h));
	snprintf(text, sizeof text, "42:%.63sG", hex);
	assert_false(audit_anchor_parse(text, &h));
	snprintf(text, sizeof text, "99999999999999999999:%s", hex);
	assert_false(audit_anchor_parse(text, &h));
}

/* ---- appending ---- */

struct waiter {
	pthread_mutex_t lock;
	pthread_cond_t cond;
	int done;
	int failed;
};

static void on_done(void *arg, bool ok)
{
	struct waiter *w = arg;
	pthread_mutex_lock(&w->lock);
	w->done++;
	w->failed += !ok;
	pthread_cond_signal(&w->cond);
	pthread_mutex_unlock(&w->lock);
}

static void wait_for(struct waiter *w, int jobs)
{
	pthread_mutex_lock(&w->lock);
	while (w->done < jobs)
		pthread_cond_wait(&w->cond, &w->lock);
	pthread_mutex_unlock(&w->lock);
	assert_int_equal(w->failed, 0);
}

/* `jobs` jobs of `per` deferred records each to the group writer. */
static void submit_groups(struct arena *a, struct waiter *w, int jobs, int per)
{
	for (int j = 0; j < jobs; j++) {
		struct audit_record *list = NULL;
		for (int i = 0; i < per; i++) {
			struct audit_record *r = arena_new(a, struct audit_record);
			*r = (struct audit_record){
				.at = 1700000000 + j, .user_id = 0, .action = "test.read",
				.person_id = j + 1, .plan_id = i + 1,
				.client_addr = "10.0.0.1", .next = list};
			list = r;
		}
		audit_group_submit(list, on_done, w);
	}
}

/* Many records through both paths, interleaved: one chain that
 * verifies, with every record in it. */
static void test_chain_after_many_appends(void **state)
{
	struct testdb_fixture *f = fx(state);
	struct waiter w = {PTHREAD_MUTEX_INITIALIZER, PTHREAD_COND_INITIALIZER, 0, 0};
	assert_true(audit_group_start(f->url));
	for (int round = 0; round < 5; round++) {
		write_n(state, 7);
		submit_groups(&f->t.arena, &w, 4, 5);
		wait_for(&w, 4 * (round + 1));
		/* audit_read outside a transaction: one of its own. */
		assert_true(audit_read(console(state), "test.read", 1, 2));
	}
	audit_group_stop();
	int64_t n = 5 * (7 + 4 * 5 + 1);
	assert_int_equal(sql_int(f->db, "SELECT COUNT(*) FROM audit_log"), n);
	assert_intact(f->db, n);
	/* The chain is in seq order and seq has no gaps. */
	assert_int_equal(sql_int(f->db, "SELECT MAX(seq) - MIN(seq) + 1 FROM"
	                                " audit_log"), n);
}

/* One statement for many records (audit_chain_append_many): the same
 * rows, seqs and hashes as appending them one by one — also for text
 * that JSON must escape (quotes, backslashes, control characters,
 * non-ASCII) and for NULL ids and strings — and a chain that verifies. */
static void test_append_many_same_as_one_by_one(void **state)
{
	struct testdb_fixture *f = fx(state);
	static const char *const details[] = {
		NULL, "plain", "quote \" and backslash \\ and slash /",
		"line\nbreak\ttab\x01ctl\x1f", "Åsa Öberg — ”citat” \xe2\x82\xac",
		"", "\\u0041 is not A",
	};
	enum { N = sizeof details / sizeof *details };
	struct audit_record many[N], one[N];
	/* Records 2 and 5 are list records (0018): the batch writes their
	 * subjects too, the same as one by one. */
	const struct audit_subject listed[] = {{1, 2}, {1, 3}, {4, 0}};
	/* Ids that exist (the log's foreign keys), or NULL. */
	int64_t user = sql_int(f->db, "SELECT COALESCE(MIN(id), 0) FROM user_account");
	int64_t unit = sql_int(f->db, "SELECT COALESCE(MIN(id), 0) FROM unit");
	int64_t person = sql_int(f->db, "SELECT COALESCE(MIN(id), 0) FROM person");
	int64_t plan = sql_int(f->db, "SELECT COALESCE(MIN(id), 0) FROM plan");
	for (int i = 0; i < N; i++) {
		many[i] = (struct audit_record){
			.at = 1700000000 + i, .user_id = i % 2 ? 0 : user,
			.unit_id = i % 3 ? unit : 0, .action = "test.many",
			.person_id = i % 2 ? person : 0, .plan_id = i % 2 ? 0 : plan,
			.client_addr = i % 2 ? NULL : "2001:db8::\"1\"",
			.detail = details[i],
			.subjects = i == 2 || i == 5 ? listed : NULL,
			.nsubjects = i == 2 ? 3 : i == 5 ? 2 : 0,
			.next = i + 1 < N ? &many[i + 1] : NULL,
		};
		one[i] = many[i];
		one[i].next = NULL;
	}
	struct audit_head head;
	assert_int_equal(db_begin(f->db), DB_OK);
	assert_int_equal(audit_chain_lock(f->db, &head), DB_OK);
	int64_t before = head.seq;
	if (audit_chain_append_many(f->db, &head, &many[0]) != DB_OK)
		fail_msg("append_many: %s", db_errmsg(f->db));
	assert_int_equal(head.seq, before + N);
	assert_int_equal(audit_chain_store(f->db, &head), DB_OK);
	assert_int_equal(db_commit(f->db), DB_OK);
	assert_intact(f->db, before + N);
	/* The same records again, one statement each: every column and
	 * hash but seq and prev_hash must come out the same as the batch. */
	struct audit_head expect = head;
	for (int i = 0; i < N; i++) {
		char hash[AUDIT_HASH_HEX + 1];
		audit_record_hash(&one[i], expect.seq + 1, expect.hash, hash);
		expect.seq++;
		snprintf(expect.hash, sizeof expect.hash, "%s", hash);
		assert_int_equal(audit_chain_append_one(f->db, &one[i]), DB_OK);
	}
	assert_intact(f->db, before + 2 * N);
	struct audit_head now;
	assert_int_equal(audit_chain_head(f->db, &now), DB_OK);
	assert_string_equal(now.hash, expect.hash);
	for (int i = 0; i < N; i++) {
		struct stmt s;
		assert_int_equal(db_prepare(f->db, &s,
			"SELECT a.detail, b.detail, a.client_addr, b.client_addr,"
			" a.user_id IS NULL, b.user_id IS NULL, a.plan_id IS NULL,"
			" b.plan_id IS NULL, a.at, b.at /*0-9*/ FROM audit_log a"
			" JOIN audit_log b ON b.seq = a.seq + ? WHERE a.seq = ?"),
			DB_OK);
		db_bind_int64(&s, 1, N);
		db_bind_int64(&s, 2, before + 1 + i);
		assert_int_equal(db_step(&s), DB_ROW);
		const char *da = db_column_text(&s, 0), *db_ = db_column_text(&s, 1);
		assert_true((da == NULL) == (details[i] == NULL));
		if (details[i]) {
			assert_string_equal(da, details[i]);
			assert_string_equal(db_, details[i]);
		}
		const char *ca = db_column_text(&s, 2), *cb = db_column_text(&s, 3);
		assert_true((ca == NULL) == (cb == NULL));
		if (ca)
			assert_string_equal(ca, cb);
		assert_int_equal(db_column_int64(&s, 4), db_column_int64(&s, 5));
		assert_int_equal(db_column_int64(&s, 6), db_column_int64(&s, 7));
		assert_int_equal(db_column_int64(&s, 8), db_column_int64(&s, 9));
		db_finalize(&s);
	}
	/* The subjects, batch against one by one. */
	for (int i = 2; i <= 5; i += 3) {
		char sql[512];
		snprintf(sql, sizeof sql,
			"SELECT COUNT(*) FROM audit_log a JOIN audit_log b"
			" ON b.seq = a.seq + %d JOIN audit_subject x ON x.audit_id = a.id"
			" JOIN audit_subject y ON y.audit_id = b.id AND y.k = x.k"
			" AND y.person_id = x.person_id AND COALESCE(y.plan_id, 0) ="
			" COALESCE(x.plan_id, 0) WHERE a.seq = ? AND a.subjects_digest"
			" = b.subjects_digest AND a.person_id IS NULL", (int)N);
		assert_int_equal(query(f->db, sql, before + 1 + i), many[i].nsubjects);
	}
	assert_int_equal(query(f->db, "SELECT COUNT(*) FROM audit_subject x JOIN"
	                              " audit_log a ON a.id = x.audit_id WHERE"
	                              " a.seq > ?", before), 2 * (3 + 2));
	/* Ids follow seq within the batch. */
	assert_int_equal(query(f->db, "SELECT COUNT(*) FROM audit_log a JOIN"
	                              " audit_log b ON b.seq = a.seq + 1 WHERE"
	                              " b.id < a.id AND a.seq >= ?", before + 1),
	                 0);
}

struct appender {
	const char *url;
	int n;
	int failed;
};

static void *append_thread(void *arg)
{
	struct appender *ap = arg;
	char err[256];
	struct db *db = db_open(ap->url, err, sizeof err);
	if (!db) {
		ap->failed = ap->n;
		return NULL;
	}
	for (int i = 0; i < ap->n; i++) {
		struct audit_record r = {.at = 1700000000 + i, .action = "test.concurrent",
		                         .person_id = i + 1, .client_addr = "t"};
		if (audit_chain_append_one(db, &r) != DB_OK)
			ap->failed++;
	}
	db_close(db);
	return NULL;
}

/* Writers on separate connections (as separate servers on one
 * PostgreSQL would be) and the group writer at once: one chain. */
static void test_concurrent_connections_one_chain(void **state)
{
	struct testdb_fixture *f = fx(state);
	enum { THREADS = 4, EACH = 40 };
	struct waiter w = {PTHREAD_MUTEX_INITIALIZER, PTHREAD_COND_INITIALIZER, 0, 0};
	pthread_t t[THREADS];
	struct appender ap[THREADS];
	assert_true(audit_group_start(f->url));
	for (int i = 0; i < THREADS; i++) {
		ap[i] = (struct appender){.url = f->url, .n = EACH};
		assert_int_equal(pthread_create(&t[i], NULL, append_thread, &ap[i]), 0);
	}
	submit_groups(&f->t.arena, &w, 20, 3);
	for (int i = 0; i < THREADS; i++) {
		pthread_join(t[i], NULL);
		assert_int_equal(ap[i].failed, 0);
	}
	wait_for(&w, 20);
	audit_group_stop();
	assert_intact(f->db, THREADS * EACH + 20 * 3);
}

/* ---- tampering ---- */

static void assert_broken(struct audit_verdict v, enum audit_fault fault,
                          int64_t seq, int64_t id, int64_t checked)
{
	if (v.fault != fault)
		fail_msg("expected '%s', got '%s': %s", audit_fault_name(fault),
		         audit_fault_name(v.fault), v.why);
	assert_int_equal(v.seq, seq);
	assert_int_equal(v.id, id);
	assert_int_equal(v.checked, checked);
}

static void test_changed_detail_found(void **state)
{
	struct testdb_fixture *f = fx(state);
	write_n(state, 10);
	assert_intact(f->db, 10);
	int64_t id = id_at(f->db, 4);
	exec(f->db, "UPDATE audit_log SET detail = 'n=99' WHERE seq = 4");
	assert_broken(verify(f->db, NULL), AUDIT_CHANGED, 4, id, 3);
	/* A NULL made 0 is a change too. */
	exec(f->db, "UPDATE audit_log SET detail = 'n=3' WHERE seq = 4");
	assert_intact(f->db, 10);
	exec(f->db, "UPDATE audit_log SET plan_id = 0 WHERE seq = 7");
	assert_broken(verify(f->db, NULL), AUDIT_CHANGED, 7, id_at(f->db, 7), 6);
}

/* An editor who also recomputes the record's own hash breaks the link
 * to the next record. */
/* A list read is one record with its subjects; the database refuses to
 * change them, and once that is lifted verify finds every change of a
 * subject row — changed, added, removed, or added to a record that
 * lists nothing — and a digest changed with them. */
static void test_subjects_tampering_found(void **state)
{
	struct testdb_fixture *f = fx(state);
	write_n(state, 3);
	const int64_t persons[] = {7, 5, 7, 9}, plans[] = {70, 50, 70, 0};
	assert_true(audit_read_many(console(state), "plan.list", persons, plans, 4));
	write_n(state, 2);
	struct audit_verdict v = verify(f->db, NULL);
	if (v.fault)
		fail_msg("chain broken: %s", v.why);
	assert_int_equal(v.checked, 6);
	assert_int_equal(v.subjects, 3); /* (7, 70) once */
	int64_t id = id_at(f->db, 4);
	assert_int_equal(query(f->db, "SELECT COUNT(*) FROM audit_log WHERE id = ?"
	                              " AND person_id IS NULL AND plan_id IS NULL"
	                              " AND subjects_digest IS NOT NULL", id), 1);
	/* Append-only in the database itself. */
	assert_int_equal(db_exec(f->db, "UPDATE audit_subject SET plan_id = 1"),
	                 DB_CONSTRAINT);
	assert_int_equal(db_exec(f->db, "DELETE FROM audit_subject"), DB_CONSTRAINT);
	if (db_kind(f->db) == DB_POSTGRESQL) {
		exec(f->db, "DROP TRIGGER audit_subject_no_change ON audit_subject");
	} else {
		exec(f->db, "DROP TRIGGER audit_subject_no_update");
		exec(f->db, "DROP TRIGGER audit_subject_no_delete");
	}
	/* Changed. */
	exec(f->db, "UPDATE audit_subject SET plan_id = 71 WHERE plan_id = 70");
	assert_broken(verify(f->db, NULL), AUDIT_SUBJECTS_CHANGED, 4, id, 6);
	exec(f->db, "UPDATE audit_subject SET plan_id = 70 WHERE plan_id = 71");
	assert_intact(f->db, 6);
	/* Removed. */
	exec(f->db, "DELETE FROM audit_subject WHERE person_id = 9");
	assert_broken(verify(f->db, NULL), AUDIT_SUBJECTS_CHANGED, 4, id, 6);
	char sql[200];
	snprintf(sql, sizeof sql, "INSERT INTO audit_subject (audit_id, k, person_id,"
	         " plan_id) VALUES (%lld, 2, 9, NULL)", (long long)id);
	exec(f->db, sql);
	assert_intact(f->db, 6);
	/* Added. */
	snprintf(sql, sizeof sql, "INSERT INTO audit_subject (audit_id, k, person_id,"
	         " plan_id) VALUES (%lld, 3, 11, 110)", (long long)id);
	exec(f->db, sql);
	assert_broken(verify(f->db, NULL), AUDIT_SUBJECTS_CHANGED, 4, id, 6);
	exec(f->db, "DELETE FROM audit_subject WHERE person_id = 11");
	assert_intact(f->db, 6);
	/* Added to a record that lists nothing. */
	snprintf(sql, sizeof sql, "INSERT INTO audit_subject (audit_id, k, person_id,"
	         " plan_id) VALUES (%lld, 0, 11, 110)", (long long)id_at(f->db, 2));
	exec(f->db, sql);
	assert_broken(verify(f->db, NULL), AUDIT_SUBJECTS_ORPHANED, 0,
	              id_at(f->db, 2), 6);
	exec(f->db, "DELETE FROM audit_subject WHERE person_id = 11");
	assert_intact(f->db, 6);
	/* The subjects and their digest replaced together: the record's
	 * hash no longer fits. */
	exec(f->db, "DELETE FROM audit_subject WHERE person_id = 9");
	struct audit_subject two[] = {{5, 50}, {7, 70}};
	char digest[AUDIT_HASH_HEX + 1];
	audit_subjects_digest(two, 2, digest);
	snprintf(sql, sizeof sql, "UPDATE audit_log SET subjects_digest = '%s'"
	         " WHERE id = %lld", digest, (long long)id);
	exec(f->db, sql);
	assert_broken(verify(f->db, NULL), AUDIT_CHANGED, 4, id, 3);
}

static void test_rehashed_record_breaks_link(void **state)
{
	struct testdb_fixture *f = fx(state);
	write_n(state, 10);
	struct stmt s;
	assert_int_equal(db_prepare(f->db, &s, "SELECT prev_hash FROM audit_log"
	                                       " WHERE seq = 5"), DB_OK);
	assert_int_equal(db_step(&s), DB_ROW);
	char prev[AUDIT_HASH_HEX + 1];
	snprintf(prev, sizeof prev, "%s", db_column_text(&s, 0));
	db_finalize(&s);
	struct audit_record forged = {.at = f->t.ctx.now, .action = "test.write",
	                              .person_id = 5, .client_addr = "test",
	                              .detail = "n=forged"};
	char hash[AUDIT_HASH_HEX + 1];
	audit_record_hash(&forged, 5, prev, hash);
	assert_int_equal(db_prepare(f->db, &s, "UPDATE audit_log SET at = ?,"
	                                       " user_id = NULL, unit_id = NULL,"
	                                       " detail = ?, hash = ? WHERE seq = 5"),
	                 DB_OK);
	db_bind_int64(&s, 1, forged.at);
	db_bind_text(&s, 2, forged.detail);
	db_bind_text(&s, 3, hash);
	assert_int_equal(db_step(&s), DB_DONE);
	db_finalize(&s);
	assert_broken(verify(f->db, NULL), AUDIT_LINK_BROKEN, 6, id_at(f->db, 6), 5);
}

static void test_deleted_middle_found(void **state)
{
	struct testdb_fixture *f = fx(state);
	write_n(state, 10);
	exec(f->db, "DELETE FROM audit_log WHERE seq = 6");
	struct audit_verdict v = verify(f->db, NULL);
	assert_broken(v, AUDIT_MISSING, 6, 0, 5);
	assert_non_null(strstr(v.why, "record 6 is missing"));
}

static void test_inserted_row_found(void **state)
{
	struct testdb_fixture *f = fx(state);
	write_n(state, 10);
	/* Plain SQL, as the old INSERT wrote it: no place in the chain. */
	exec(f->db, "INSERT INTO audit_log (at, action, person_id, client_addr)"
	            " VALUES (1700000000, 'person.read', 1, '10.1.1.1')");
	int64_t forged = sql_int(f->db, "SELECT MAX(id) FROM audit_log");
	assert_broken(verify(f->db, NULL), AUDIT_INSERTED, 0, forged, 10);
	exec(f->db, "DELETE FROM audit_log WHERE seq IS NULL");
	assert_intact(f->db, 10);
	/* A forged record after the last one, linked and hashed as samplan
	 * would, but not through the head: beyond the head. */
	struct audit_head head;
	assert_int_equal(audit_chain_head(f->db, &head), DB_OK);
	assert_int_equal(db_begin(f->db), DB_OK);
	struct audit_record r = {.at = 1700000000, .action = "person.read",
	                         .person_id = 1};
	assert_int_equal(audit_chain_append(f->db, &head, &r), DB_OK);
	assert_int_equal(db_commit(f->db), DB_OK);
	assert_broken(verify(f->db, NULL), AUDIT_INSERTED, 11, id_at(f->db, 11), 11);
	/* A forged record squeezed in before seq 1. */
	exec(f->db, "DELETE FROM audit_log WHERE seq = 11");
	exec(f->db, "INSERT INTO audit_log (at, action, seq, prev_hash, hash)"
	            " VALUES (1, 'x', 0, 'a', 'b')");
	assert_broken(verify(f->db, NULL), AUDIT_INSERTED, 0,
	              sql_int(f->db, "SELECT id FROM audit_log WHERE seq = 0"), 10);
}

static void test_deleted_tail_found(void **state)
{
	struct testdb_fixture *f = fx(state);
	write_n(state, 10);
	struct audit_head anchor;
	assert_int_equal(audit_chain_head(f->db, &anchor), DB_OK);
	assert_int_equal(anchor.seq, 10);
	exec(f->db, "DELETE FROM audit_log WHERE seq > 7");
	/* The head still says 10. */
	assert_broken(verify(f->db, NULL), AUDIT_MISSING, 8, 0, 7);
	/* The head rewritten too: only the anchor kept elsewhere shows it. */
	exec(f->db, "UPDATE audit_chain_head SET seq = 7, hash = (SELECT hash"
	            " FROM audit_log WHERE seq = 7)");
	assert_intact(f->db, 7);
	assert_broken(verify(f->db, &anchor), AUDIT_ANCHOR_MISMATCH, 8, 0, 7);
	/* An anchor inside the chain that does not match names its record. */
	struct audit_head wrong = anchor;
	wrong.seq = 3;
	assert_broken(verify(f->db, &wrong), AUDIT_ANCHOR_MISMATCH, 3,
	              id_at(f->db, 3), 2);
	/* The head's hash changed alone. */
	exec(f->db, "UPDATE audit_chain_head SET hash = (SELECT hash"
	            " FROM audit_log WHERE seq = 6)");
	assert_broken(verify(f->db, NULL), AUDIT_HEAD_MISMATCH, 7, id_at(f->db, 7), 7);
	/* The head deleted: named, not an error of the database. */
	exec(f->db, "DELETE FROM audit_chain_head");
	assert_broken(verify(f->db, NULL), AUDIT_HEAD_MISMATCH, 7, 0, 7);
	/* And no record can be appended without it. */
	struct audit_record r = {.at = 1, .action = "x"};
	assert_int_not_equal(audit_chain_append_one(f->db, &r), DB_OK);
}

/* An anchor taken earlier still matches while appends go on. */
static void test_anchor_matches_later(void **state)
{
	struct testdb_fixture *f = fx(state);
	write_n(state, 5);
	struct audit_head anchor;
	assert_int_equal(audit_chain_head(f->db, &anchor), DB_OK);
	write_n(state, 5);
	struct audit_verdict v = verify(f->db, &anchor);
	assert_int_equal(v.fault, AUDIT_INTACT);
	assert_int_equal(v.checked, 10);
	struct audit_head empty = {0, "0000000000000000000000000000000000000000000000000000000000000000"};
	assert_int_equal(verify(f->db, &empty).fault, AUDIT_INTACT);
}

/* Records from before migration 0005 (seq NULL, head not yet chained)
 * get their places in id order, once. */
static void test_legacy_records_chained(void **state)
{
	struct testdb_fixture *f = fx(state);
	exec(f->db, "INSERT INTO audit_log (at, action, person_id, client_addr)"
	            " VALUES (100, 'person.read', 1, '10.0.0.1')");
	exec(f->db, "INSERT INTO audit_log (at, action, plan_id, detail)"
	            " VALUES (101, 'plan.create', 2, 'old')");
	exec(f->db, "INSERT INTO audit_log (at, action) VALUES (102, 'session.login')");
	exec(f->db, "UPDATE audit_chain_head SET legacy_chained = 0");
	struct audit_verdict v = verify(f->db, NULL);
	assert_int_equal(v.fault, AUDIT_INSERTED);
	assert_non_null(strstr(v.why, "before the chain"));
	assert_int_equal(audit_chain_prepare(f->db), DB_OK);
	assert_intact(f->db, 3);
	int64_t first = sql_int(f->db, "SELECT MIN(id) FROM audit_log");
	assert_int_equal(id_at(f->db, 1), first);
	assert_int_equal(query(f->db, "SELECT at FROM audit_log WHERE seq = ?", 3), 102);
	/* New records follow them; a second prepare changes nothing. */
	write_n(state, 2);
	assert_int_equal(audit_chain_prepare(f->db), DB_OK);
	assert_intact(f->db, 5);
	/* Once chained, a record without seq is an insertion, and no later
	 * prepare adopts it. */
	exec(f->db, "INSERT INTO audit_log (at, action) VALUES (103, 'forged')");
	assert_int_equal(audit_chain_prepare(f->db), DB_OK);
	assert_int_equal(verify(f->db, NULL).fault, AUDIT_INSERTED);
}

/* ---- refused reads ---- */

struct staff {
	int64_t unit, user;
};

static struct staff make_staff(void **state)
{
	struct ctx *ctx = console(state);
	struct principal_input p = {"Kommunen", "municipality", true};
	struct staff s;
	int64_t principal;
	assert_true(principal_create(ctx, &p, &principal));
	struct unit_input u = {.hsa_id = "SE2120002122-IFO9", .name = "IFO",
	                       .principal_id = principal, .active = true};
	assert_true(unit_create(ctx, &u, &s.unit));
	struct user_input in = {.username = "olle", .full_name = "Olle",
	                        .role = "professional",
	                        .password = "korrekt hästbatteri",
	                        .unit_ids = &s.unit, .nunits = 1};
	assert_true(user_create(ctx, &in, &s.user));
	return s;
}

static struct ctx *as(void **state, int64_t user_id)
{
	struct ctx *ctx = console(state);
	struct user *u = arena_new(ctx->arena, struct user);
	assert_true(user_load(ctx, user_id, u));
	ctx->user = u;
	ctx->actor = ACTOR_STAFF;
	ctx->client_addr = "192.0.2.7";
	return ctx;
}

static int64_t attempts(struct db *db, const char *action)
{
	struct stmt s;
	assert_int_equal(db_prepare(db, &s, "SELECT COUNT(*) FROM audit_log"
	                                    " WHERE action = ?"), DB_OK);
	db_bind_text(&s, 1, action);
	assert_int_equal(db_step(&s), DB_ROW);
	int64_t n = db_column_int64(&s, 0);
	db_finalize(&s);
	return n;
}

/* A plan and a person the user may not see: refused as not-found, and
 * each refusal is an attempt record naming what was asked for, by whom,
 * from which unit and address. */
static void test_refused_reads_audited(void **state)
{
	struct testdb_fixture *f = fx(state);
	struct staff st = make_staff(state);
	struct ctx *ctx = as(state, st.user);
	int64_t unit = 0;
	assert_false(access_plan(ctx, 4242, &unit));
	assert_int_equal(ctx->problem->kind, PROBLEM_NOT_FOUND);
	assert_false(access_person(ctx, 77));
	assert_int_equal(ctx->problem->kind, PROBLEM_NOT_FOUND);
	assert_int_equal(attempts(f->db, "plan.read.refused"), 1);
	assert_int_equal(attempts(f->db, "person.read.refused"), 1);
	struct stmt s;
	assert_int_equal(db_prepare(f->db, &s,
		"SELECT user_id, unit_id, plan_id, person_id, client_addr FROM audit_log"
		" WHERE action = 'plan.read.refused'"), DB_OK);
	assert_int_equal(db_step(&s), DB_ROW);
	assert_int_equal(db_column_int64(&s, 0), st.user);
	assert_int_equal(db_column_int64(&s, 1), st.unit);
	assert_int_equal(db_column_int64(&s, 2), 4242);
	assert_true(db_column_is_null(&s, 3));
	assert_string_equal(db_column_text(&s, 4), "192.0.2.7");
	db_finalize(&s);
	assert_int_equal(query(f->db, "SELECT person_id FROM audit_log WHERE"
	                              " action = 'person.read.refused' AND ? > 0", 1),
	                 77);
	assert_intact(f->db, sql_int(f->db, "SELECT COUNT(*) FROM audit_log"));
}

/* As in a server request: records deferred, a write transaction that
 * meets the refusal rolls back, and the group writer still commits the
 * attempt. */
static void test_refused_attempt_survives_rollback(void **state)
{
	struct testdb_fixture *f = fx(state);
	struct staff st = make_staff(state);
	struct ctx *ctx = as(state, st.user);
	struct audit_record *pending = NULL;
	ctx->audit_defer = &pending;
	assert_true(ctx_begin(ctx));
	int64_t unit = 0;
	assert_false(access_plan(ctx, 4242, &unit));
	assert_int_equal(ctx->problem->kind, PROBLEM_NOT_FOUND);
	assert_false(ctx_abort(ctx));
	assert_false(db_in_transaction(f->db));
	assert_int_equal(attempts(f->db, "plan.read.refused"), 0);
	assert_non_null(pending);
	assert_string_equal(pending->action, "plan.read.refused");
	struct waiter w = {PTHREAD_MUTEX_INITIALIZER, PTHREAD_COND_INITIALIZER, 0, 0};
	assert_true(audit_group_start(f->url));
	audit_group_submit(pending, on_done, &w);
	wait_for(&w, 1);
	audit_group_stop();
	assert_int_equal(attempts(f->db, "plan.read.refused"), 1);
	assert_int_equal(query(f->db, "SELECT user_id FROM audit_log WHERE"
	                              " action = 'plan.read.refused' AND ? > 0", 1),
	                 st.user);
}

int main(void)
{
	const struct CMUnitTest pure[] = {
		cmocka_unit_test(test_encoding_known_answer),
		cmocka_unit_test(test_anchor_parse),
		cmocka_unit_test(test_subjects_digest_known_answer),
		cmocka_unit_test(test_subjects_canonical),
	};
	const struct CMUnitTest tests[] = {
		testdb_test(test_chain_after_many_appends),
		testdb_test(test_append_many_same_as_one_by_one),
		testdb_test(test_concurrent_connections_one_chain),
		testdb_test(test_changed_detail_found),
		testdb_test(test_subjects_tampering_found),
		testdb_test(test_rehashed_record_breaks_link),
		testdb_test(test_deleted_middle_found),
		testdb_test(test_inserted_row_found),
		testdb_test(test_deleted_tail_found),
		testdb_test(test_anchor_matches_later),
		testdb_test(test_legacy_records_chained),
		testdb_test(test_refused_reads_audited),
		testdb_test(test_refused_attempt_survives_rollback),
	};
	int failed = cmocka_run_group_tests_name("audit", pure, NULL, NULL);
	return failed + testdb_run_groups(tests, sizeof tests / sizeof *tests);
}
