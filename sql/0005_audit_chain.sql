-- The audit log becomes a hash chain (src/audit/audit.h has the exact
-- encoding): every record carries its place in the chain (seq, 1, 2, 3,
-- ... with no gaps), the hash of the record before it (prev_hash) and its
-- own hash over all its fields and prev_hash. Hashes are SHA-256 as 64
-- lower-case hex digits; the first record's prev_hash is 64 zeros.
-- The chain is ordered by seq, not by id: PostgreSQL identity ids are
-- handed out before commit, so they can commit out of order.
ALTER TABLE audit_log ADD COLUMN seq BIGINT;
ALTER TABLE audit_log ADD COLUMN prev_hash TEXT;
ALTER TABLE audit_log ADD COLUMN hash TEXT;
CREATE UNIQUE INDEX audit_log_seq_idx ON audit_log (seq);

-- The head of the chain: one row, the last record's seq and hash. Every
-- append reads it locked and updates it in the same transaction, so
-- appends from any number of connections and processes are serialised
-- and the chain stays one line. legacy_chained is 0 until the records
-- written before this migration have been chained (in id order, by C,
-- right after migrating: audit_chain_prepare); after that a record
-- without seq is one nobody appended through samplan.
CREATE TABLE audit_chain_head (
    id BIGINT PRIMARY KEY CHECK (id = 1),
    seq BIGINT NOT NULL,
    hash TEXT NOT NULL,
    legacy_chained INTEGER NOT NULL DEFAULT 0 CHECK (legacy_chained IN (0, 1))
);
INSERT INTO audit_chain_head (id, seq, hash, legacy_chained)
VALUES (1, 0, '0000000000000000000000000000000000000000000000000000000000000000', 0);
