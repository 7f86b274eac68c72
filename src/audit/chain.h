/*
 * chain.h — the audit log as a hash chain: the one way a record is
 * appended, and the check that nothing was altered, deleted or inserted.
 *
 * Every record has a place in the chain, seq = 1, 2, 3, ... without gaps,
 * the hash of the record before it (prev_hash; 64 zeros for seq 1) and
 * its own hash. Changing a field of a record changes its hash; deleting
 * a record leaves a gap in seq; a record written with plain SQL has no
 * seq, or a seq and hashes that do not fit the chain, or lies beyond the
 * head. What the chain cannot show by itself is a tail cut off together
 * with a rewritten head: an operator keeps the head (`samplan audit
 * anchor`) elsewhere and checks against it (`--anchor SEQ:HASH`).
 *
 * The hash, so that an auditor can recompute it without samplan:
 *
 *     hash = lower-case hex of SHA-256(E)
 *     E    = enc("samplan-audit-v1") enc(seq) enc(at) enc(user_id)
 *            enc(unit_id) enc(action) enc(person_id) enc(plan_id)
 *            enc(client_addr) enc(detail) enc(prev_hash)
 *
 * where enc(v) of a column value is
 *     NULL      the byte 'N' (0x4E)
 *     integer   the byte 'I' (0x49), then the value as 8 bytes,
 *               big-endian two's complement
 *     text      the byte 'T' (0x54), then its length in bytes as 4 bytes
 *               big-endian, then its bytes (UTF-8, as stored)
 * seq and at are integers, the ids integers or NULL, action, client_addr
 * and detail text or NULL, and prev_hash the text of 64 hex digits as
 * stored in the record. Every field has a type tag and text has a
 * length, so no two different records encode to the same bytes.
 *
 * A record of a list read (migration 0018) names no person or plan
 * itself: the pairs the caller was shown are its subjects, rows of
 * audit_subject (audit_id, k, person_id, plan_id), k = 0, 1, ... in
 * ascending order of (person_id, plan_id), none (NULL) first, without
 * duplicates. The record carries their digest, and its hash covers it:
 *
 *     subjects_digest = lower-case hex of SHA-256(S)
 *     S    = enc("samplan-audit-subjects-v1")
 *            enc(person_id_0) enc(plan_id_0) enc(person_id_1) ...
 *            (the subjects in the order of k; ids integers or NULL)
 *     E    = enc("samplan-audit-v2") enc(seq) ... enc(prev_hash)
 *            enc(subjects_digest)
 *
 * (the fields of v1, then the digest as text). A record without
 * subjects has subjects_digest NULL and is hashed as v1, so the records
 * written before 0018 keep their hashes. Changing, adding or removing a
 * subject row changes the digest verify recomputes; changing the digest
 * changes the record's hash.
 *
 * Ordering and concurrency. The chain is ordered by seq, never by id:
 * PostgreSQL hands out identity ids before commit, so ids can commit out
 * of order. The head (table audit_chain_head, one row: seq and hash of
 * the last record) is read with a row lock (SELECT ... FOR UPDATE) and
 * updated in the same transaction as the records appended after it. A
 * second transaction — on another connection or in another `samplan
 * serve` on the same PostgreSQL — blocks on that lock until the first
 * commits or rolls back, and then (READ COMMITTED, samplan's isolation)
 * reads the head the first one left. So appends are serialised, each
 * builds on the committed head, and a rolled-back append leaves neither
 * record nor head behind: one chain, without gaps or forks. On SQLite
 * every write transaction holds the database's write lock from its
 * BEGIN IMMEDIATE (db.h), which serialises the same way across threads
 * and processes. The lock is held until the writer's commit. Most write
 * transactions append their record last, so the wait is short; one that
 * takes other row locks after its record can meet a deadlock, which
 * PostgreSQL breaks by failing one side (DB_BUSY: a 503, nothing
 * changed) — never by breaking the chain.
 *
 * Records written before the chain existed (migration 0005) are chained
 * once, in id order, by the first audit_chain_lock after the migration
 * (samplan calls audit_chain_prepare right after migrating); the head's
 * legacy_chained flag then says that any record without seq was not
 * appended by samplan.
 */
#ifndef SAMPLAN_AUDIT_CHAIN_H
#define SAMPLAN_AUDIT_CHAIN_H

#include <stdbool.h>
#include <stdint.h>

struct db;

/* One pair a list read showed the caller; 0 means none (NULL). */
struct audit_subject {
	int64_t person_id;
	int64_t plan_id;
};

/* One record to append. Ids of 0 and NULL strings are stored as NULL.
 * A record with nsubjects > 0 is a list read: subjects (in the canonical
 * order, audit_subjects_canonical) are stored in audit_subject, and
 * person_id and plan_id should be 0. The strings and the subjects belong
 * to the caller (for deferred records they live in the request's arena
 * until the group writer has reported). */
struct audit_record {
	int64_t at;
	int64_t user_id;
	int64_t unit_id;
	const char *action;
	int64_t person_id;
	int64_t plan_id;
	const char *client_addr;
	const char *detail;
	const struct audit_subject *subjects;
	int nsubjects;
	struct audit_record *next;
};

enum { AUDIT_HASH_HEX = 64 };

/* Sort s[0..*n) into the canonical order (person_id, then plan_id,
 * ascending; 0 first) and drop repeated pairs; *n becomes the number
 * left. */
void audit_subjects_canonical(struct audit_subject *s, int *n);

/* The digest of n subjects in the order given (see the encoding above):
 * 64 hex digits and a NUL into out. */
void audit_subjects_digest(const struct audit_subject *s, int n,
                           char out[AUDIT_HASH_HEX + 1]);

/* The chain's head: the last record's seq (0: empty) and hash (64 zeros
 * when empty). */
struct audit_head {
	int64_t seq;
	char hash[AUDIT_HASH_HEX + 1];
};

/* Lock and read the head inside db's open transaction (ensured). Chains
 * the records from before the chain first, if that has not happened.
 * Returns DB_OK or an error code (DB_BUSY: retry the transaction). */
int audit_chain_lock(struct db *db, struct audit_head *head);

/* THE append: write r (with its subjects) as the record after *head
 * and advance *head to it. Only after audit_chain_lock in the same
 * transaction; the head row is updated by audit_chain_store before
 * commit. */
int audit_chain_append(struct db *db, struct audit_head *head,
                       const struct audit_record *r);

/* The same for the list first, first->next, ... in that order, as ONE
 * statement (a fixed INSERT over a JSON array of the rows; chain.c),
 * and the subjects of all of them as one more: the rows, seqs and hashes
 * are exactly those of appending each in turn. *head advances only when
 * both statements succeeded. */
int audit_chain_append_many(struct db *db, struct audit_head *head,
                            const struct audit_record *first);

/* Write *head back to the head row (same transaction). */
int audit_chain_store(struct db *db, const struct audit_head *head);

/* Append one record inside the caller's open transaction: lock, append,
 * store (outside a transaction: in one of its own). */
int audit_chain_append_one(struct db *db, const struct audit_record *r);

/* Append the list first, ... inside the caller's open transaction (or
 * one of its own): lock, append_many, store. */
int audit_chain_append_all(struct db *db, const struct audit_record *first);

/* Chain the records from before the chain, in their own transaction (a
 * no-op once done). Called right after migrating (cli_open). */
int audit_chain_prepare(struct db *db);

/* The committed head, without locking. */
int audit_chain_head(struct db *db, struct audit_head *head);

/* Parse "SEQ:HASH" (as audit anchor prints it); false if malformed. */
bool audit_anchor_parse(const char *text, struct audit_head *out);

/* What audit_verify found. */
enum audit_fault {
	AUDIT_INTACT = 0,
	AUDIT_CHANGED,        /* the record's content no longer has its hash */
	AUDIT_MISSING,        /* a seq is missing (deleted record or tail) */
	AUDIT_INSERTED,       /* a record that samplan did not append */
	AUDIT_LINK_BROKEN,    /* prev_hash is not the previous record's hash */
	AUDIT_HEAD_MISMATCH,  /* the head row disagrees with the last record */
	AUDIT_ANCHOR_MISMATCH,/* the anchor's record is gone or differs */
	AUDIT_SUBJECTS_CHANGED, /* a list record's subject rows no longer
	                           have its digest (changed, added, removed) */
	AUDIT_SUBJECTS_ORPHANED,/* subject rows of no list record */
};

struct audit_verdict {
	enum audit_fault fault;
	int64_t checked;         /* records whose hash and link were checked */
	int64_t subjects;        /* subject rows checked against digests */
	int64_t seq;             /* the first broken record's seq (0: none) */
	int64_t id;              /* its id (0: the record is missing) */
	struct audit_head head;  /* the last record of the intact chain */
	char why[256];           /* one line in plain English */
};

/* Walk the whole chain and stop at the first broken record; then
 * recompute the digest of every list record from its subject rows and
 * look for subject rows that belong to no list record. anchor may be
 * NULL. Safe while servers append (reads committed data only; see
 * chain.c). Returns DB_OK (then *v says intact or what broke) or an
 * error code. */
int audit_verify(struct db *db, const struct audit_head *anchor,
                 struct audit_verdict *v);

/* A short name of a fault: "content changed", "record missing", ... */
const char *audit_fault_name(enum audit_fault f);

/* The hash of one record's fields (see the encoding above; v2 with the
 * digest of r's subjects when it has any); exported for tests. Ids of 0
 * and NULL strings hash as NULL. */
void audit_record_hash(const struct audit_record *r, int64_t seq,
                       const char *prev_hash, char out[AUDIT_HASH_HEX + 1]);

#endif
